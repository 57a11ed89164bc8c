// One file, recognised by its bytes: safetensors, GGUF, ONNX, Keras (.keras zip or HDF5), PyTorch and
// TorchScript zips, pickle and joblib streams, LightGBM text models. Only headers and directories are read,
// and the pickle streams walked within their budget; nothing is ever loaded.
import { createHash } from 'node:crypto';
import { gunzipSync, inflateSync } from 'node:zlib';
import { looksLikeGguf, parseGgufHeader } from '../formats/gguf.js';
import { readHdf5Summary } from '../formats/hdf5.js';
import { looksLikeOnnx, parseOnnxModel } from '../formats/onnx.js';
import { classifyGlobal, findImportPatterns, looksLikePickle, walkPickle, type PickleGlobal } from '../formats/pickle.js';
import { parseSafetensorsHeader, safetensorsHeaderLength } from '../formats/safetensors.js';
import { extractZipEntry, localHeaderLength, looksLikeZip, readZipDirectory, readZipEnd, ZIP_TAIL_BYTES, type ZipEntry } from '../formats/zip-directory.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { ModelArtifact, ModelFormat, SafetyReport } from './model.js';
import { MODEL_EXTENSION } from './paths.js';
import { openModelFile, type ByteSource, type ModelReadLimits } from './read.js';

const HEAD_BYTES = 64 * 1024;
const MAX_PICKLE_ENTRIES = 16;
const KERAS_CONFIG_BYTES = 4 * 1024 * 1024;

export const SAFE: SafetyReport = { level: 'safe', dangerous: [], unknown: [], reason: null };

export function newArtifact(path: string, format: ModelFormat, fields: Partial<ModelArtifact> = {}): ModelArtifact {
  return {
    path,
    container: 'file',
    format,
    delivery: 'present',
    size: null,
    recorded: [],
    computed: null,
    safety: SAFE,
    signature: null,
    inputExample: false,
    baseModel: null,
    missing: [],
    note: '',
    runId: null,
    ...fields,
  };
}

/** The model in this file, or null when its bytes are no model format (and its name does not say it is one). */
export async function inspectModelFile(snapshot: Snapshot, path: string, size: number, limits: ModelReadLimits): Promise<ModelArtifact | null> {
  // The first bytes decide; a file that opens like no model format (and is not named like one) is read no further.
  const probe = await snapshot.readRange(path, 0, Math.min(size, SNIFF_BYTES));
  if (probe.ok && !opensLikeModel(probe.bytes) && !MODEL_EXTENSION.test(path)) return null;
  const source = await openModelFile(snapshot, path, size, limits);
  if (!source) {
    if (!MODEL_EXTENSION.test(path)) return null;
    return newArtifact(path, formatFromName(path), {
      size,
      safety: { level: 'not-inspected', dangerous: [], unknown: [], reason: `not inspected: ${size} bytes, over the ${limits.wholeBytes}-byte read cap and the source cannot read a header alone` },
      note: 'format judged from the file name only',
    });
  }
  const head = source.whole ? source.whole.subarray(0, HEAD_BYTES) : await source.range(0, Math.min(size, HEAD_BYTES));
  if (!head) return null;
  const artifact = await recognise(source, head, limits);
  if (artifact && source.whole) artifact.computed = hashesOf(source.whole);
  if (artifact) artifact.size = size;
  return artifact;
}

const SNIFF_BYTES = 64;

/** The cheap test on a file's first bytes: any of the formats recognise() reads. */
function opensLikeModel(head: Uint8Array): boolean {
  return (
    looksLikeZip(head) ||
    safetensorsHeaderLength(head) !== null ||
    looksLikeGguf(head) ||
    readHdf5Summary(head) !== null ||
    looksLikeOnnx(head) ||
    looksLikePickle(head) ||
    compression(head) !== null ||
    /^tree\r?\nversion=v\d/.test(new TextDecoder('latin1').decode(head.subarray(0, 32)))
  );
}

async function recognise(source: ByteSource, head: Uint8Array, limits: ModelReadLimits): Promise<ModelArtifact | null> {
  const { path } = source;
  if (new TextDecoder('latin1').decode(head.subarray(0, 24)).startsWith('version https://')) return null; // a Git LFS pointer: read as one elsewhere
  if (looksLikeZip(head)) return inspectZip(source, limits);
  const headerLength = safetensorsHeaderLength(head);
  if (headerLength !== null) {
    const bytes = headerLength + 8 <= head.length ? head : await source.range(0, Math.min(source.size, headerLength + 8));
    const header = bytes ? parseSafetensorsHeader(bytes, source.size) : null;
    if (header?.ok) {
      const dtypes = Object.entries(header.value.dtypes).map(([dtype, n]) => `${n} ${dtype}`).join(', ');
      const problems = header.value.problems.length ? ` · ${header.value.problems.length} header problem(s): ${header.value.problems[0]}` : '';
      return newArtifact(path, 'safetensors', { note: `safetensors: ${header.value.tensors} tensor(s) (${dtypes || 'none'}), ${header.value.parameters.toLocaleString('en-US')} parameters${problems}` });
    }
    if (MODEL_EXTENSION.test(path)) return newArtifact(path, 'safetensors', { safety: notInspected(`header not read: ${header ? header.error.message : 'header past the read cap'}`), note: 'safetensors header not read' });
  }
  if (looksLikeGguf(head)) {
    const header = parseGgufHeader(head);
    if (!header.ok) return newArtifact(path, 'gguf', { note: `GGUF header not parsed: ${header.error.message}` });
    const values = header.value.values;
    const named = ['general.architecture', 'general.name', 'general.license'].filter((key) => values[key] !== undefined).map((key) => `${key.slice(8)} ${String(values[key]).slice(0, 60)}`);
    const base = values['general.base_model.0.repo_url'] ?? values['general.base_model.0.name'] ?? null;
    return newArtifact(path, 'gguf', { baseModel: base === null ? null : String(base), note: `GGUF v${header.value.version}: ${header.value.tensors} tensor(s), ${header.value.keyValues} key/value(s)${named.length ? `, ${named.join(', ')}` : ''}` });
  }
  const hdf5 = readHdf5Summary(head);
  if (hdf5) {
    if (!hdf5.keras && !MODEL_EXTENSION.test(path)) return null; // an HDF5 data file
    const safety: SafetyReport = hdf5.lambdaLayer ? { level: 'dangerous', dangerous: ['keras.layers.Lambda'], unknown: [], reason: 'the model config holds a Lambda layer (marshalled Python code run when the model loads)' } : SAFE;
    return newArtifact(path, 'keras-h5', { safety, note: `HDF5${hdf5.keras ? ' Keras model (keras_version / model_config attributes)' : ''}, superblock v${hdf5.superblockVersion ?? '?'}` });
  }
  if (looksLikeOnnx(head)) {
    const model = parseOnnxModel(source.whole ?? head);
    if (model.ok) {
      const io = model.value.inputs ? { inputs: model.value.inputs, outputs: model.value.outputs ?? [] } : null;
      return newArtifact(path, 'onnx', { signature: io, note: `ONNX IR v${model.value.irVersion}${model.value.producerName ? `, producer ${model.value.producerName} ${model.value.producerVersion ?? ''}`.trimEnd() : ''}${io ? `, inputs ${io.inputs.join(', ') || 'none'}` : ', graph not read (past the header)'}` });
    }
  }
  if (looksLikePickle(head)) return inspectPickleFile(source, 'pickle', limits);
  const compressed = compression(head);
  if (compressed && /\.(joblib|pkl|pickle|z|gz|jbl)$/i.test(path)) {
    if (!source.whole || compressed === 'other') return newArtifact(path, 'joblib', { safety: notInspected(`${compressed === 'other' ? 'compressed with bz2/lzma/lz4' : 'compressed and over the read cap'}: the pickle inside was not walked`), note: 'compressed joblib/pickle' });
    try {
      const inflated = compressed === 'gzip' ? gunzipSync(source.whole, { maxOutputLength: limits.pickleBytes }) : inflateSync(source.whole, { maxOutputLength: limits.pickleBytes });
      const inner = new Uint8Array(inflated);
      if (looksLikePickle(inner)) {
        const artifact = await inspectPickleFile({ path, size: inner.length, whole: inner, range: async (o, l) => inner.subarray(o, o + l) }, 'joblib', limits);
        artifact.note = `${compressed}-compressed ${artifact.note}`;
        return artifact;
      }
    } catch (error) {
      return newArtifact(path, 'joblib', { safety: notInspected(`does not decompress within ${limits.pickleBytes} bytes: ${(error as Error).message.slice(0, 80)}`), note: 'compressed joblib/pickle' });
    }
    return null;
  }
  if (/^tree\r?\nversion=v\d/.test(new TextDecoder('latin1').decode(head.subarray(0, 32)))) return newArtifact(path, 'lightgbm-text', { note: 'LightGBM text model (plain text trees, no code)' });
  if (MODEL_EXTENSION.test(path) && !/\.(bin|model|pb|npz)$/i.test(path)) {
    return newArtifact(path, formatFromName(path), { safety: notInspected('the bytes match no known model format'), note: 'unrecognised content under a model file name' });
  }
  return null;
}

async function inspectPickleFile(source: ByteSource, format: 'pickle' | 'joblib', limits: ModelReadLimits): Promise<ModelArtifact> {
  const bytes = source.whole ?? (await source.range(0, Math.min(source.size, limits.pickleBytes)));
  if (!bytes) return newArtifact(source.path, format, { safety: notInspected('the stream could not be read within the cap'), note: 'pickle stream' });
  const stream = judgePickle(bytes.subarray(0, limits.pickleBytes), limits);
  const joblib = format === 'joblib' || stream.imports.some((name) => name.startsWith('joblib.numpy_pickle'));
  const note = `${joblib ? 'joblib' : 'pickle'} stream${stream.protocol !== null ? ` (protocol ${stream.protocol})` : ''}: ${stream.imports.length} import(s)${stream.imports.length ? ` (${stream.imports.slice(0, 4).join(', ')}${stream.imports.length > 4 ? ', …' : ''})` : ''}`;
  return newArtifact(source.path, joblib ? 'joblib' : 'pickle', { safety: stream.safety, note });
}

interface PickleJudgement {
  safety: SafetyReport;
  imports: string[];
  protocol: number | null;
}

/** Walks one stream; where the walk cannot see everything (arrays inline, a break, the budget) the rest is searched by pattern. */
export function judgePickle(bytes: Uint8Array, limits: Pick<ModelReadLimits, 'pickleOpcodes'>, truncatedAt: number | null = null): PickleJudgement {
  const walk = walkPickle(bytes, { maxOpcodes: limits.pickleOpcodes });
  const globals: PickleGlobal[] = [...walk.globals];
  const joblibArrays = walk.globals.some((g) => g.module.startsWith('joblib.numpy_pickle'));
  if (walk.problem || joblibArrays || (walk.end !== null && walk.end < bytes.length)) {
    const known = new Set(globals.map((g) => `${g.module}.${g.name}`));
    for (const found of findImportPatterns(bytes)) if (!known.has(`${found.module}.${found.name}`)) globals.push(found);
  }
  const names = globals.map((g) => `${g.module}.${g.name}`);
  const dangerous = globals.filter((g) => classifyGlobal(g.module, g.name) === 'dangerous').map((g) => `${g.module}.${g.name}`);
  const unknown = globals.filter((g) => classifyGlobal(g.module, g.name) === 'unknown').map((g) => `${g.module}.${g.name}`);
  if (walk.unresolved.length) unknown.push(`an import built at load time (byte ${walk.unresolved[0]})`);
  const incomplete = walk.problem && !joblibArrays ? walk.problem : truncatedAt !== null ? `only the first ${truncatedAt} bytes were walked` : null;
  const level = dangerous.length ? 'dangerous' : unknown.length || incomplete ? 'pickle-unknown' : 'pickle-allowed';
  return { safety: { level, dangerous, unknown, reason: incomplete ? `walk incomplete: ${incomplete}` : null }, imports: names, protocol: walk.protocol };
}

/** PyTorch (`<folder>/data.pkl`), TorchScript (also `code/`, `constants.pkl`) and Keras 3 (`config.json` + `metadata.json`) archives. */
async function inspectZip(source: ByteSource, limits: ModelReadLimits): Promise<ModelArtifact | null> {
  const { path, size } = source;
  const tailLength = Math.min(size, ZIP_TAIL_BYTES);
  const tail = await source.range(size - tailLength, tailLength);
  const end = tail ? readZipEnd(tail, size) : null;
  if (!end?.ok) return MODEL_EXTENSION.test(path) ? newArtifact(path, formatFromName(path), { safety: notInspected(`ZIP directory not read: ${end ? end.error.message : 'end record unreadable'}`), note: 'ZIP archive' }) : null;
  if (end.value.directorySize > limits.headerBytes) return newArtifact(path, formatFromName(path), { safety: notInspected(`ZIP directory of ${end.value.directorySize} bytes is over the cap`), note: 'ZIP archive' });
  const directoryBytes = await source.range(end.value.directoryOffset, end.value.directorySize);
  const directory = directoryBytes ? readZipDirectory(directoryBytes, end.value) : null;
  if (!directory?.ok) return null;
  const entries = directory.value.entries;
  const names = entries.map((entry) => entry.name);
  const pickles = entries.filter((entry) => /(^|\/)(data|constants)\.pkl$/.test(entry.name));
  const torch = names.some((name) => /(^|\/)data\.pkl$/.test(name));
  const keras = names.includes('config.json') && (names.includes('metadata.json') || names.includes('model.weights.h5'));
  if (!torch && !keras) return null;
  const read = async (entry: ZipEntry, cap: number) => {
    if (entry.compressedSize > cap) return { ok: false as const, error: { message: `${entry.name}: ${entry.compressedSize} bytes, over the cap` } };
    const header = await source.range(entry.localOffset, 30);
    const skip = header ? localHeaderLength(header) : null;
    if (!skip?.ok) return { ok: false as const, error: { message: `${entry.name}: local header unreadable` } };
    const data = await source.range(entry.localOffset + skip.value, entry.compressedSize);
    if (!data) return { ok: false as const, error: { message: `${entry.name}: data unreadable` } };
    return extractZipEntry(entry, data, cap);
  };
  if (keras) {
    const config = entries.find((entry) => entry.name === 'config.json')!;
    const text = await read(config, KERAS_CONFIG_BYTES);
    const lambda = text.ok && /"class_name":\s*"Lambda"/.test(new TextDecoder('utf-8', { fatal: false }).decode(text.value));
    const safety: SafetyReport = !text.ok
      ? notInspected(`config.json not read: ${text.error.message}`)
      : lambda
        ? { level: 'dangerous', dangerous: ['keras.layers.Lambda'], unknown: [], reason: 'config.json holds a Lambda layer (Python code Keras runs when loading outside safe mode)' }
        : SAFE;
    return newArtifact(path, 'keras', { safety, note: `Keras archive: ${names.slice(0, 5).join(', ')}` });
  }
  const dangerous = new Set<string>();
  const unknown = new Set<string>();
  const reasons: string[] = [];
  let imports = 0;
  for (const entry of pickles.slice(0, MAX_PICKLE_ENTRIES)) {
    const bytes = await read(entry, limits.pickleBytes);
    if (!bytes.ok) {
      reasons.push(bytes.error.message);
      continue;
    }
    const judged = judgePickle(bytes.value, limits);
    imports += judged.imports.length;
    for (const name of judged.safety.dangerous) dangerous.add(`${name} (in ${entry.name})`);
    for (const name of judged.safety.unknown) unknown.add(`${name} (in ${entry.name})`);
    if (judged.safety.reason) reasons.push(`${entry.name}: ${judged.safety.reason}`);
  }
  if (pickles.length > MAX_PICKLE_ENTRIES) reasons.push(`${pickles.length - MAX_PICKLE_ENTRIES} more pickle entries not walked`);
  const level = dangerous.size ? 'dangerous' : unknown.size || reasons.length ? 'pickle-unknown' : 'pickle-allowed';
  const torchscript = names.some((name) => /(^|\/)code\//.test(name) || /(^|\/)constants\.pkl$/.test(name));
  return newArtifact(path, torchscript ? 'torchscript' : 'pytorch', {
    safety: { level, dangerous: [...dangerous], unknown: [...unknown], reason: reasons.length ? reasons.slice(0, 3).join('; ') : null },
    note: `${torchscript ? 'TorchScript' : 'PyTorch'} ZIP checkpoint: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, ${pickles.length} pickle stream(s), ${imports} import(s)`,
  });
}

function compression(head: Uint8Array): 'zlib' | 'gzip' | 'other' | null {
  if (head.length < 4) return null;
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x78 && ((head[0] << 8) | head[1]) % 31 === 0) return 'zlib';
  const text = new TextDecoder('latin1').decode(head.subarray(0, 6));
  if (text.startsWith('BZh') || text.startsWith('\xfd7zXZ') || (head[0] === 0x04 && head[1] === 0x22 && head[2] === 0x4d && head[3] === 0x18) || text.startsWith('ZF')) return 'other';
  return null;
}

function notInspected(reason: string): SafetyReport {
  return { level: 'not-inspected', dangerous: [], unknown: [], reason };
}

export function hashesOf(bytes: Uint8Array): { md5: string; sha256: string } {
  return { md5: createHash('md5').update(bytes).digest('hex'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function formatFromName(path: string): ModelFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  const byExtension: Record<string, ModelFormat> = {
    safetensors: 'safetensors', onnx: 'onnx', gguf: 'gguf', ggml: 'gguf', keras: 'keras', h5: 'keras-h5', hdf5: 'keras-h5', pt: 'pytorch', pth: 'pytorch', ckpt: 'pytorch',
    bin: 'pytorch', pkl: 'pickle', pickle: 'pickle', joblib: 'joblib', lgb: 'lightgbm-text',
  };
  return byExtension[ext] ?? 'unknown';
}
