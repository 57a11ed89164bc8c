// The model format readers on bytes built here: safetensors headers, GGUF headers, ONNX ModelProto fields,
// HDF5 signatures, ZIP central directories (and the inflation cap), MLmodel files.
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseGgufHeader } from '../src/formats/gguf.js';
import { readHdf5Summary } from '../src/formats/hdf5.js';
import { parseMlmodelFile } from '../src/formats/mlmodel.js';
import { looksLikeOnnx, parseOnnxModel } from '../src/formats/onnx.js';
import { parseSafetensorsHeader, safetensorsHeaderLength } from '../src/formats/safetensors.js';
import { extractZipEntry, readZipDirectory, readZipEnd, zipEntryFromArchive } from '../src/formats/zip-directory.js';
import { safetensorsFile, zipArchive } from './pickle-bytes.js';

const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
const u64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };
const ggufString = (text: string) => Buffer.concat([u64(Buffer.byteLength(text)), Buffer.from(text)]);

describe('safetensors', () => {
  it('reads tensors, dtypes, parameters and metadata from the header', () => {
    const file = safetensorsFile({ a: { dtype: 'F16', shape: [2, 3] }, b: { dtype: 'I64', shape: [4] } }, { format: 'pt', note: 'x' });
    const header = parseSafetensorsHeader(file, file.length);
    expect(header).toMatchObject({ ok: true, value: { tensors: 2, dtypes: { F16: 1, I64: 1 }, parameters: 10, dataBytes: 44, metadata: { format: 'pt', note: 'x' }, problems: [] } });
  });

  it('bounds the header length, and reports offsets that disagree with dtype and shape or run past the file', () => {
    const huge = new Uint8Array([...u64(64 * 1024 * 1024), 0x7b]);
    expect(safetensorsHeaderLength(huge)).toBeNull();
    const json = Buffer.from(JSON.stringify({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }));
    const bytes = new Uint8Array(Buffer.concat([u64(json.length), json]));
    const header = parseSafetensorsHeader(bytes, bytes.length);
    expect(header.ok && header.value.problems).toEqual(['w: 4 bytes for 2 F32 elements', 'header promises 4 bytes of tensors, the file holds 0']);
    expect(parseSafetensorsHeader(new Uint8Array([...u64(10), 0x7b, 0x7d]))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/runs past the 10 bytes read/) } });
  });
});

describe('GGUF', () => {
  const header = (kv: Buffer[]) =>
    new Uint8Array(Buffer.concat([Buffer.from('GGUF'), u32(3), u64(2), u64(3), ...kv]));
  const kvs = [
    Buffer.concat([ggufString('general.architecture'), u32(8), ggufString('llama')]),
    Buffer.concat([ggufString('tokenizer.ggml.tokens'), u32(9), u32(8), u64(2), ggufString('a'), ggufString('b')]),
    Buffer.concat([ggufString('llama.context_length'), u32(4), u32(4096)]),
  ];

  it('reads version, counts and key/values, arrays counted but not kept', () => {
    expect(parseGgufHeader(header(kvs))).toEqual({ ok: true, value: { version: 3, tensors: 2, keyValues: 3, read: 3, values: { 'general.architecture': 'llama', 'llama.context_length': 4096 } } });
  });

  it('stops at the end of the bytes read, keeping what came before', () => {
    const cut = header(kvs).subarray(0, 24 + kvs[0].length + 10);
    expect(parseGgufHeader(cut)).toMatchObject({ ok: true, value: { read: 1, keyValues: 3 } });
    expect(parseGgufHeader(new Uint8Array([...Buffer.from('GGUF'), ...u32(9), ...u64(0), ...u64(0)]))).toMatchObject({ ok: false, error: { message: 'unknown GGUF version 9' } });
  });
});

describe('ONNX', () => {
  const field = (tag: number, payload: Buffer) => Buffer.concat([Buffer.from([tag, payload.length]), payload]);
  const graph = Buffer.concat([field(0x12, Buffer.from('g')), field(0x5a, field(0x0a, Buffer.from('input_ids'))), field(0x62, field(0x0a, Buffer.from('logits')))]);
  const model = new Uint8Array(Buffer.concat([Buffer.from([0x08, 0x08]), field(0x12, Buffer.from('pytorch')), field(0x1a, Buffer.from('2.3')), field(0x3a, graph), field(0x42, Buffer.from([0x10, 0x11]))]));

  it('reads the opening fields and, for a graph within the bytes, its input and output names', () => {
    expect(looksLikeOnnx(model)).toBe(true);
    expect(parseOnnxModel(model)).toEqual({ ok: true, value: { irVersion: 8, producerName: 'pytorch', producerVersion: '2.3', domain: null, modelVersion: null, inputs: ['input_ids'], outputs: ['logits'], graphBytes: graph.length } });
  });

  it('a graph past the bytes read is skipped by its length, names unknown', () => {
    const head = model.subarray(0, 20);
    expect(parseOnnxModel(head)).toMatchObject({ ok: true, value: { producerName: 'pytorch', inputs: null, graphBytes: graph.length } });
    expect(looksLikeOnnx(Buffer.from('\x08hello world'))).toBe(false);
  });
});

describe('HDF5', () => {
  it('finds the signature at 0 or after a user block, and Keras attributes and Lambda layers in the bytes read', () => {
    const sig = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]);
    expect(readHdf5Summary(new Uint8Array(Buffer.concat([sig, Buffer.from('keras_version model_config {"class_name": "Lambda"}')])))).toEqual({ offset: 0, superblockVersion: 0, keras: true, lambdaLayer: true });
    expect(readHdf5Summary(new Uint8Array(Buffer.concat([Buffer.alloc(512), sig])))).toMatchObject({ offset: 512, keras: false });
    expect(readHdf5Summary(new Uint8Array(600))).toBeNull();
  });
});

describe('ZIP central directory', () => {
  it('lists entries from the end record and directory, and extracts stored and deflated entries', () => {
    for (const deflate of [false, true]) {
      const archive = zipArchive({ 'archive/data.pkl': 'pickle bytes', 'archive/version': '3\n' }, { deflate });
      const end = readZipEnd(archive, archive.length);
      expect(end).toMatchObject({ ok: true, value: { entries: 2 } });
      if (!end.ok) return;
      const directory = readZipDirectory(archive.subarray(end.value.directoryOffset, end.value.directoryOffset + end.value.directorySize), end.value);
      expect(directory.ok && directory.value.entries.map((e) => [e.name, e.size, e.method])).toEqual([['archive/data.pkl', 12, deflate ? 8 : 0], ['archive/version', 2, deflate ? 8 : 0]]);
      const entry = directory.ok ? directory.value.entries[0] : null;
      const data = entry ? zipEntryFromArchive(archive, entry, 1024) : null;
      expect(data?.ok && Buffer.from(data.value).toString()).toBe('pickle bytes');
    }
  });

  it('never inflates past the cap (a 64 MiB bomb of 64 KiB), refuses encrypted entries and other methods', () => {
    const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const entry = { name: 'data.pkl', method: 8, compressedSize: bomb.length, size: 12, localOffset: 0, encrypted: false };
    expect(extractZipEntry(entry, bomb, 1024 * 1024)).toEqual({ ok: false, error: { message: 'data.pkl inflates to more than 1048576 bytes' } });
    expect(extractZipEntry({ ...entry, encrypted: true }, bomb, 10)).toMatchObject({ ok: false, error: { message: 'data.pkl is encrypted' } });
    expect(extractZipEntry({ ...entry, method: 12 }, bomb, 10)).toMatchObject({ ok: false, error: { message: 'data.pkl uses compression method 12' } });
  });

  it('an end record with a comment, and none at all', () => {
    const archive = Buffer.from(zipArchive({ a: 'x' }));
    archive.writeUInt16LE(5, archive.length - 2);
    expect(readZipEnd(new Uint8Array(Buffer.concat([archive, Buffer.from('hello')])), archive.length + 5)).toMatchObject({ ok: true, value: { entries: 1 } });
    expect(readZipEnd(new Uint8Array(100), 100)).toMatchObject({ ok: false, error: { message: 'no end-of-central-directory record' } });
  });
});

describe('MLmodel', () => {
  it('reads flavours with their data and serialisation, the signature names and the input example', () => {
    const text = `artifact_path: model\nflavors:\n  sklearn:\n    pickled_model: model.pkl\n    serialization_format: cloudpickle\n  python_function:\n    loader_module: mlflow.sklearn\n    model_path: model.pkl\nrun_id: abc\nmodel_size_bytes: 1234\nsaved_input_example_info:\n  artifact_path: input_example.json\n  type: dataframe\nsignature:\n  inputs: '[{"type": "double", "name": "tenure"}, {"type": "string", "name": "plan"}]'\n  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1]}}]'\n`;
    expect(parseMlmodelFile(text)).toEqual({
      ok: true,
      value: {
        flavors: [
          { name: 'sklearn', data: 'model.pkl', serialization: 'cloudpickle', loaderModule: null },
          { name: 'python_function', data: 'model.pkl', serialization: null, loaderModule: 'mlflow.sklearn' },
        ],
        runId: 'abc',
        modelUuid: null,
        modelId: null,
        artifactPath: 'model',
        mlflowVersion: null,
        modelSizeBytes: 1234,
        signature: { inputs: ['tenure', 'plan'], outputs: [''] },
        inputExample: 'input_example.json',
      },
    });
    expect(parseMlmodelFile('flavors: 3\n')).toMatchObject({ ok: false, error: { message: 'MLmodel has no `flavors` mapping' } });
  });
});
