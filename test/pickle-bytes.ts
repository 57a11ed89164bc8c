// Builds pickle streams from raw opcodes for tests: nothing here pickles a live object or runs Python.
// Each helper returns the bytes of one opcode with its argument, as pickletools documents them.
import { deflateRawSync } from 'node:zlib';

const ascii = (text: string) => Buffer.from(text, 'latin1');
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

export const op = {
  proto: (n: number) => Buffer.from([0x80, n]),
  frame: (n: number) => Buffer.concat([Buffer.from([0x95]), Buffer.from(new BigUint64Array([BigInt(n)]).buffer)]),
  global: (module: string, name: string) => ascii(`c${module}\n${name}\n`),
  inst: (module: string, name: string) => ascii(`i${module}\n${name}\n`),
  shortBinUnicode: (text: string) => Buffer.concat([Buffer.from([0x8c, Buffer.byteLength(text)]), Buffer.from(text, 'utf8')]),
  binUnicode: (text: string) => Buffer.concat([Buffer.from([0x58]), u32(Buffer.byteLength(text)), Buffer.from(text, 'utf8')]),
  string: (text: string) => ascii(`S'${text}'\n`),
  shortBinString: (text: string) => Buffer.concat([Buffer.from([0x55, text.length]), ascii(text)]),
  binPut: (n: number) => Buffer.from([0x71, n]),
  binGet: (n: number) => Buffer.from([0x68, n]),
  put: (n: number) => ascii(`p${n}\n`),
  get: (n: number) => ascii(`g${n}\n`),
  binInt1: (n: number) => Buffer.from([0x4b, n]),
  mark: Buffer.from([0x28]),
  stop: Buffer.from([0x2e]),
  pop: Buffer.from([0x30]),
  memoize: Buffer.from([0x94]),
  stackGlobal: Buffer.from([0x93]),
  reduce: Buffer.from([0x52]),
  build: Buffer.from([0x62]),
  tuple: Buffer.from([0x74]),
  tuple1: Buffer.from([0x85]),
  tuple2: Buffer.from([0x86]),
  emptyTuple: Buffer.from([0x29]),
  emptyDict: Buffer.from([0x7d]),
  setItem: Buffer.from([0x73]),
  setItems: Buffer.from([0x75]),
  none: Buffer.from([0x4e]),
  newObj: Buffer.from([0x81]),
  binPersId: Buffer.from([0x51]),
};

export const pickle = (...parts: Buffer[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** `os.system('echo pwned')` as protocol 0: GLOBAL, a MARK'd string argument, TUPLE, REDUCE. */
export const OS_SYSTEM_P0 = pickle(op.global('os', 'system'), op.mark, op.string('echo pwned'), op.tuple, op.reduce, op.stop);

/** `builtins.exec(...)` as protocol 4: module and name pushed as strings, memoised, then STACK_GLOBAL. */
export const EXEC_P4 = pickle(
  op.proto(4),
  op.shortBinUnicode('builtins'), op.memoize,
  op.shortBinUnicode('exec'), op.memoize,
  op.stackGlobal, op.memoize,
  op.shortBinUnicode('import os; os.system("id")'), op.tuple1,
  op.reduce, op.stop,
);

/** What torch.save writes as data.pkl for a state dict with one tensor (protocol 2, persistent storage id). */
export function torchStateDict(extra: Buffer[] = []): Uint8Array {
  return pickle(
    op.proto(2),
    op.global('collections', 'OrderedDict'), op.emptyTuple, op.reduce, op.binPut(0),
    op.shortBinUnicode('fc.weight'),
    op.global('torch._utils', '_rebuild_tensor_v2'),
    op.mark,
    op.mark, op.shortBinUnicode('storage'), op.global('torch', 'FloatStorage'), op.shortBinUnicode('0'), op.shortBinUnicode('cpu'), op.binInt1(4), op.tuple, op.binPersId,
    op.binInt1(0), op.binInt1(2), op.binInt1(2), op.tuple2, op.binInt1(2), op.binInt1(1), op.tuple2, Buffer.from([0x89]),
    op.global('collections', 'OrderedDict'), op.emptyTuple, op.reduce,
    op.tuple, op.reduce,
    op.setItem,
    ...extra,
    op.stop,
  );
}

/** A ZIP archive (stored or deflated entries) with a central directory, as torch.save and Keras write them. */
export function zipArchive(files: Record<string, Uint8Array | string>, options: { deflate?: boolean } = {}): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const raw = Buffer.from(content);
    const data = options.deflate ? deflateRawSync(raw) : raw;
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(options.deflate ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(options.deflate ? 8 : 0, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** A safetensors file: 8-byte header length, the JSON header, then zeroed tensor bytes. */
export function safetensorsFile(tensors: Record<string, { dtype: string; shape: number[] }>, metadata: Record<string, string> = { format: 'pt' }): Uint8Array {
  const widths: Record<string, number> = { F32: 4, F16: 2, BF16: 2, I64: 8, U8: 1 };
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, { dtype, shape }] of Object.entries(tensors)) {
    const bytes = shape.reduce((a, b) => a * b, 1) * widths[dtype];
    header[name] = { dtype, shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return new Uint8Array(Buffer.concat([length, json, Buffer.alloc(offset)]));
}
