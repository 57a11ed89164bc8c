// Python pickle streams, walked statically: opcode by opcode, never unpickled. What matters is which
// callables a stream imports (GLOBAL, INST, STACK_GLOBAL): loading it calls them, and some run code. A tiny
// symbolic stack and memo follow the strings STACK_GLOBAL takes its module and name from. Bounded by an
// opcode budget and the bytes handed in; a truncated or malformed stream is reported, never thrown.

/** One imported callable and where the stream names it. */
export interface PickleGlobal {
  module: string;
  name: string;
  /** Byte offset of the opcode that imports it. */
  offset: number;
}

export interface PickleWalk {
  /** From the PROTO opcode; null for protocol 0/1 streams, which have none. */
  protocol: number | null;
  /** Distinct imports, in stream order. */
  globals: PickleGlobal[];
  /** STACK_GLOBAL whose module or name was not a string this walker could follow (built at load time). */
  unresolved: number[];
  /** Calls made while loading (REDUCE, NEWOBJ, NEWOBJ_EX, INST, OBJ, BUILD with a __setstate__). */
  calls: number;
  opcodes: number;
  /** Offset just past STOP, or null when no STOP was reached. A joblib file keeps array bytes after it. */
  end: number | null;
  /** Why the walk stopped before STOP (truncated, unknown opcode, budget), or null. */
  problem: string | null;
  /** Persistent ids (PyTorch checkpoints reference their storages this way). */
  persistentIds: number;
}

export interface PickleLimits {
  /** Opcodes walked at most (default 2,000,000). */
  maxOpcodes?: number;
  /** Where the stream starts in `bytes` (default 0). */
  offset?: number;
}

export const DEFAULT_MAX_OPCODES = 2_000_000;
const MAX_LINE = 4096;
const MAX_KEPT_STRING = 512;
const MAX_MEMO = 1_000_000;
const MAX_GLOBALS = 1000;

type Item = string | typeof OTHER;
const OTHER = Symbol('other');

/** Argument shapes of opcodes: fixed byte counts, a newline-terminated line, or a length prefix of n bytes. */
type Arg = { fixed: number } | { lines: number } | { prefixed: 1 | 4 | 8 };
const NONE: Arg = { fixed: 0 };

// Opcode table of pickletools (protocols 0 to 5): byte -> [name, argument].
const OPCODES: ReadonlyMap<number, readonly [string, Arg]> = new Map<number, readonly [string, Arg]>([
  [0x28, ['MARK', NONE]], [0x2e, ['STOP', NONE]], [0x30, ['POP', NONE]], [0x31, ['POP_MARK', NONE]], [0x32, ['DUP', NONE]],
  [0x46, ['FLOAT', { lines: 1 }]], [0x49, ['INT', { lines: 1 }]], [0x4a, ['BININT', { fixed: 4 }]], [0x4b, ['BININT1', { fixed: 1 }]],
  [0x4c, ['LONG', { lines: 1 }]], [0x4d, ['BININT2', { fixed: 2 }]], [0x4e, ['NONE', NONE]], [0x50, ['PERSID', { lines: 1 }]],
  [0x51, ['BINPERSID', NONE]], [0x52, ['REDUCE', NONE]], [0x53, ['STRING', { lines: 1 }]], [0x54, ['BINSTRING', { prefixed: 4 }]],
  [0x55, ['SHORT_BINSTRING', { prefixed: 1 }]], [0x56, ['UNICODE', { lines: 1 }]], [0x58, ['BINUNICODE', { prefixed: 4 }]],
  [0x61, ['APPEND', NONE]], [0x62, ['BUILD', NONE]], [0x63, ['GLOBAL', { lines: 2 }]], [0x64, ['DICT', NONE]], [0x7d, ['EMPTY_DICT', NONE]],
  [0x65, ['APPENDS', NONE]], [0x67, ['GET', { lines: 1 }]], [0x68, ['BINGET', { fixed: 1 }]], [0x69, ['INST', { lines: 2 }]],
  [0x6a, ['LONG_BINGET', { fixed: 4 }]], [0x6c, ['LIST', NONE]], [0x5d, ['EMPTY_LIST', NONE]], [0x6f, ['OBJ', NONE]],
  [0x70, ['PUT', { lines: 1 }]], [0x71, ['BINPUT', { fixed: 1 }]], [0x72, ['LONG_BINPUT', { fixed: 4 }]], [0x73, ['SETITEM', NONE]],
  [0x74, ['TUPLE', NONE]], [0x29, ['EMPTY_TUPLE', NONE]], [0x75, ['SETITEMS', NONE]], [0x47, ['BINFLOAT', { fixed: 8 }]],
  [0x80, ['PROTO', { fixed: 1 }]], [0x81, ['NEWOBJ', NONE]], [0x82, ['EXT1', { fixed: 1 }]], [0x83, ['EXT2', { fixed: 2 }]],
  [0x84, ['EXT4', { fixed: 4 }]], [0x85, ['TUPLE1', NONE]], [0x86, ['TUPLE2', NONE]], [0x87, ['TUPLE3', NONE]], [0x88, ['NEWTRUE', NONE]],
  [0x89, ['NEWFALSE', NONE]], [0x8a, ['LONG1', { prefixed: 1 }]], [0x8b, ['LONG4', { prefixed: 4 }]], [0x42, ['BINBYTES', { prefixed: 4 }]],
  [0x43, ['SHORT_BINBYTES', { prefixed: 1 }]], [0x8c, ['SHORT_BINUNICODE', { prefixed: 1 }]], [0x8d, ['BINUNICODE8', { prefixed: 8 }]],
  [0x8e, ['BINBYTES8', { prefixed: 8 }]], [0x8f, ['EMPTY_SET', NONE]], [0x90, ['ADDITEMS', NONE]], [0x91, ['FROZENSET', NONE]],
  [0x92, ['NEWOBJ_EX', NONE]], [0x93, ['STACK_GLOBAL', NONE]], [0x94, ['MEMOIZE', NONE]], [0x95, ['FRAME', { fixed: 8 }]],
  [0x96, ['BYTEARRAY8', { prefixed: 8 }]], [0x97, ['NEXT_BUFFER', NONE]], [0x98, ['READONLY_BUFFER', NONE]],
]);

/** Opcodes whose argument is text a STACK_GLOBAL may consume as a module or a name. */
const STRING_PUSHES = new Set(['STRING', 'BINSTRING', 'SHORT_BINSTRING', 'UNICODE', 'BINUNICODE', 'SHORT_BINUNICODE', 'BINUNICODE8']);
/** Opcodes that push one value that is not a string this walker tracks. */
const OTHER_PUSHES = new Set([
  'FLOAT', 'INT', 'BININT', 'BININT1', 'LONG', 'BININT2', 'NONE', 'PERSID', 'EMPTY_DICT', 'EMPTY_LIST', 'EMPTY_TUPLE', 'BINFLOAT',
  'EXT1', 'EXT2', 'EXT4', 'NEWTRUE', 'NEWFALSE', 'LONG1', 'LONG4', 'BINBYTES', 'SHORT_BINBYTES', 'BINBYTES8', 'EMPTY_SET', 'BYTEARRAY8', 'NEXT_BUFFER',
]);
/** Opcodes that pop everything down to the last MARK and push one result. */
const MARK_TO_ONE = new Set(['DICT', 'LIST', 'TUPLE', 'FROZENSET', 'INST', 'OBJ']);
/** Opcodes that pop everything down to the last MARK into the object below it. */
const MARK_TO_NONE = new Set(['APPENDS', 'SETITEMS', 'ADDITEMS', 'POP_MARK']);

/** True when the bytes start like a pickle: a PROTO opcode with protocol 2–5, or a protocol 0/1 opening. */
export function looksLikePickle(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  if (bytes[0] === 0x80) return bytes[1] >= 2 && bytes[1] <= 5;
  // Protocol 0/1 streams open with a MARK, an empty container or a GLOBAL followed by a dotted module line.
  if (bytes[0] === 0x63) return /^c[A-Za-z_][\w.]*\n[A-Za-z_]\w*\n/.test(latin1(bytes.subarray(0, 200)));
  if (bytes[0] === 0x7d || bytes[0] === 0x5d || bytes[0] === 0x29) return bytes.length > 2 && OPCODES.has(bytes[1]) && bytes[bytes.length - 1] === 0x2e;
  if (bytes[0] === 0x28) return OPCODES.has(bytes[1]) && bytes[1] !== 0x28 && /^\((dp|lp|tp|c[A-Za-z_]|i[A-Za-z_]|[IFSVNL])/.test(latin1(bytes.subarray(0, 8)));
  return false;
}

/** Walks one pickle stream from `offset` to its STOP (or the budget, or the end of the bytes). */
export function walkPickle(bytes: Uint8Array, limits: PickleLimits = {}): PickleWalk {
  const maxOpcodes = limits.maxOpcodes ?? DEFAULT_MAX_OPCODES;
  const walk: PickleWalk = { protocol: null, globals: [], unresolved: [], calls: 0, opcodes: 0, end: null, problem: null, persistentIds: 0 };
  const seen = new Set<string>();
  const stack: Item[] = [];
  const marks: number[] = [];
  const memo = new Map<number, Item>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = Math.max(0, limits.offset ?? 0);

  const pop = (): Item => stack.pop() ?? OTHER;
  const popToMark = () => {
    const mark = marks.pop();
    stack.length = mark === undefined ? 0 : Math.min(stack.length, mark);
  };
  const push = (item: Item) => stack.push(item);
  const addGlobal = (module: string, name: string, offset: number) => {
    const key = `${module}\0${name}`;
    if (seen.has(key) || walk.globals.length >= MAX_GLOBALS) return;
    seen.add(key);
    walk.globals.push({ module, name, offset });
  };

  while (at < bytes.length) {
    if (walk.opcodes >= maxOpcodes) {
      walk.problem = `opcode budget of ${maxOpcodes} reached at byte ${at}`;
      return walk;
    }
    const start = at;
    const code = bytes[at++];
    const entry = OPCODES.get(code);
    walk.opcodes++;
    if (!entry) {
      walk.problem = `unknown opcode 0x${code.toString(16).padStart(2, '0')} at byte ${start}`;
      return walk;
    }
    const [name, arg] = entry;
    // Read the argument: `text` for line and string arguments, `fixed` for the fixed-size ones.
    let lines: string[] = [];
    let payload: Uint8Array | null = null;
    let fixedAt = at;
    if ('fixed' in arg) {
      if (at + arg.fixed > bytes.length) return truncated(walk, name, start);
      at += arg.fixed;
    } else if ('lines' in arg) {
      for (let i = 0; i < arg.lines; i++) {
        const newline = indexOfNewline(bytes, at, MAX_LINE);
        if (newline < 0) return truncated(walk, name, start);
        lines.push(latin1(bytes.subarray(at, newline)));
        at = newline + 1;
      }
    } else {
      const width = arg.prefixed;
      if (at + width > bytes.length) return truncated(walk, name, start);
      const length = width === 1 ? bytes[at] : width === 4 ? view.getUint32(at, true) : Number(view.getBigUint64(at, true));
      at += width;
      if (!Number.isSafeInteger(length) || length > bytes.length - at) return truncated(walk, name, start);
      payload = bytes.subarray(at, at + length);
      at += length;
    }

    switch (name) {
      case 'STOP':
        walk.end = at;
        return walk;
      case 'PROTO':
        walk.protocol = bytes[fixedAt];
        break;
      case 'MARK':
        marks.push(stack.length);
        break;
      case 'POP':
        if (marks.length && marks[marks.length - 1] === stack.length) marks.pop();
        else pop();
        break;
      case 'DUP':
        push(stack.length ? stack[stack.length - 1] : OTHER);
        break;
      case 'GLOBAL':
      case 'INST': {
        const [module, attribute] = lines.map((line) => line.trim());
        addGlobal(module, attribute, start);
        if (name === 'INST') {
          popToMark();
          walk.calls++;
        }
        push(OTHER);
        break;
      }
      case 'STACK_GLOBAL': {
        const attribute = pop();
        const module = pop();
        if (typeof module === 'string' && typeof attribute === 'string') addGlobal(module, attribute, start);
        else walk.unresolved.push(start);
        push(OTHER);
        break;
      }
      case 'BINPERSID':
        pop();
        push(OTHER);
        walk.persistentIds++;
        break;
      case 'REDUCE':
      case 'NEWOBJ':
        pop();
        pop();
        push(OTHER);
        walk.calls++;
        break;
      case 'NEWOBJ_EX':
        pop();
        pop();
        pop();
        push(OTHER);
        walk.calls++;
        break;
      case 'BUILD':
        pop();
        walk.calls++;
        break;
      case 'APPEND':
        pop();
        break;
      case 'SETITEM':
        pop();
        pop();
        break;
      case 'TUPLE1':
      case 'TUPLE2':
      case 'TUPLE3':
        for (let i = name === 'TUPLE1' ? 1 : name === 'TUPLE2' ? 2 : 3; i > 0; i--) pop();
        push(OTHER);
        break;
      case 'PUT':
      case 'BINPUT':
      case 'LONG_BINPUT':
      case 'MEMOIZE': {
        const index = name === 'PUT' ? Number.parseInt(lines[0], 10) : name === 'BINPUT' ? bytes[fixedAt] : name === 'LONG_BINPUT' ? view.getUint32(fixedAt, true) : memo.size;
        if (Number.isFinite(index) && (memo.size < MAX_MEMO || memo.has(index))) memo.set(index, stack.length ? stack[stack.length - 1] : OTHER);
        break;
      }
      case 'GET':
      case 'BINGET':
      case 'LONG_BINGET': {
        const index = name === 'GET' ? Number.parseInt(lines[0], 10) : name === 'BINGET' ? bytes[fixedAt] : view.getUint32(fixedAt, true);
        push(memo.get(index) ?? OTHER);
        break;
      }
      case 'FRAME':
      case 'READONLY_BUFFER':
        break;
      default:
        if (name === 'PERSID') walk.persistentIds++;
        if (STRING_PUSHES.has(name)) push(stringArgument(name, lines, payload));
        else if (OTHER_PUSHES.has(name)) push(OTHER);
        else if (MARK_TO_ONE.has(name)) {
          popToMark();
          if (name === 'OBJ') walk.calls++;
          push(OTHER);
        } else if (MARK_TO_NONE.has(name)) popToMark();
    }
    lines = [];
    fixedAt = at;
  }
  walk.problem = walk.opcodes === 0 ? 'empty stream' : `stream ends without STOP after ${walk.opcodes} opcodes`;
  return walk;
}

function nextShortString(bytes: Uint8Array, from: number): number {
  for (let i = from; i < bytes.length; i++) if (bytes[i] === 0x8c || bytes[i] === 0x55) return i;
  return -1;
}

function truncated(walk: PickleWalk, opcode: string, at: number): PickleWalk {
  walk.problem = `truncated ${opcode} argument at byte ${at}`;
  return walk;
}

/** The text a string opcode pushes, when short enough to be a module or attribute name. */
function stringArgument(opcode: string, lines: string[], payload: Uint8Array | null): Item {
  if (payload) {
    if (payload.length > MAX_KEPT_STRING) return OTHER;
    return opcode.includes('UNICODE') ? new TextDecoder('utf-8', { fatal: false }).decode(payload) : latin1(payload);
  }
  const line = lines[0] ?? '';
  if (line.length > MAX_KEPT_STRING) return OTHER;
  // STRING holds a Python repr ('os' or "os"); UNICODE holds raw-unicode-escape text.
  if (opcode === 'STRING') {
    const quoted = /^(['"])(.*)\1$/s.exec(line);
    return quoted ? quoted[2] : line;
  }
  return line;
}

function indexOfNewline(bytes: Uint8Array, from: number, limit: number): number {
  const end = Math.min(bytes.length, from + limit);
  for (let i = from; i < end; i++) if (bytes[i] === 0x0a) return i;
  return -1;
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) out += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 4096)));
  return out;
}

// ---- judging imports -------------------------------------------------------------------------------------

export type GlobalVerdict = 'dangerous' | 'allowed' | 'unknown';

/** Modules any of whose callables can run commands, code, or reach the network or file system. */
const DANGEROUS_MODULES = [
  'os', 'posix', 'nt', 'subprocess', 'runpy', 'webbrowser', 'socket', 'pty', 'shutil', 'sys', 'importlib', 'code', 'codeop',
  'pickle', '_pickle', 'cPickle', 'marshal', 'types', 'ctypes', 'multiprocessing', 'asyncio', 'pdb', 'bdb', 'commands', 'popen2',
  'platform', 'pip', 'http', 'httplib', 'urllib', 'urllib2', 'requests', 'ftplib', 'telnetlib', 'smtplib', 'signal', 'threading',
  '_thread', 'timeit', 'trace', 'cProfile', 'profile', 'pydoc', 'dill', 'shelve', 'tempfile', 'io', '_io', 'zipimport', 'imp',
  'builtins.__import__', 'torch.hub', 'numpy.testing', 'site', 'sysconfig', 'venv', 'ensurepip', 'distutils', 'setuptools',
];
/** Callables of the built-in namespace that evaluate code or reach objects by name. */
const DANGEROUS_BUILTINS = new Set(['eval', 'exec', 'execfile', 'compile', '__import__', 'getattr', 'setattr', 'delattr', 'open', 'input', 'breakpoint', 'globals', 'locals', 'vars', 'apply', 'reload', 'memoryview', 'help', 'exit', 'quit']);
const BUILTIN_MODULES = new Set(['builtins', '__builtin__', '__builtins__']);
/** Single callables elsewhere that fetch attributes or call methods by name. */
const DANGEROUS_NAMES = new Set(['operator.attrgetter', 'operator.methodcaller', 'functools.partial', 'functools.reduce', 'torch.load', 'torch.serialization.load', 'numpy.load', 'joblib.load', 'pandas.read_pickle', 'pandas.eval', 'numpy.fromfile']);

/** Imports a weights or estimator pickle legitimately makes. */
const ALLOWED_NAMES = new Set([
  'collections.OrderedDict', 'collections.defaultdict', 'collections.Counter', 'collections.deque', '_codecs.encode', 'codecs.encode',
  'copyreg._reconstructor', 'copy_reg._reconstructor', 'copyreg.__newobj__', 'builtins.set', 'builtins.frozenset', 'builtins.slice',
  'builtins.range', 'builtins.complex', 'builtins.bytearray', 'builtins.object', 'builtins.dict', 'builtins.list', 'builtins.tuple',
  'builtins.int', 'builtins.float', 'builtins.str', 'builtins.bytes', 'builtins.bool', '__builtin__.set', '__builtin__.frozenset',
  '__builtin__.slice', '__builtin__.object', '__builtin__.complex', 'datetime.datetime', 'datetime.date', 'datetime.time', 'datetime.timedelta',
  'datetime.timezone', 'decimal.Decimal', 'fractions.Fraction', 'uuid.UUID', 'numpy.ndarray', 'numpy.dtype', 'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct', 'numpy.core.multiarray.scalar', 'numpy._core.multiarray.scalar', 'numpy.core.numeric._frombuffer',
  'numpy._core.numeric._frombuffer', 'numpy.random._pickle.__randomstate_ctor', 'numpy.random._pickle.__bit_generator_ctor',
  'numpy.random._pickle.__generator_ctor', 'numpy.random._mt19937.MT19937', 'numpy.random.mtrand.RandomState', 'torch.Size', 'torch.device',
  'torch.dtype', 'torch.float32', 'torch.float16', 'torch.bfloat16', 'torch.float64', 'torch.int64', 'torch.int32', 'torch.int8', 'torch.uint8',
  'torch.bool', 'joblib.numpy_pickle.NumpyArrayWrapper', 'joblib.numpy_pickle.NDArrayWrapper', 'joblib.numpy_pickle_compat.NDArrayWrapper',
]);
/** Module prefixes of libraries whose pickled classes rebuild state only (estimators, tensors, frames). */
const ALLOWED_PREFIXES = [
  'torch._utils.', 'torch._tensor.', 'torch.nn.modules.', 'torch.nn.parameter.', 'torch.storage.TypedStorage', 'torch.ByteStorage', 'torch.FloatStorage',
  'torch.HalfStorage', 'torch.BFloat16Storage', 'torch.DoubleStorage', 'torch.LongStorage', 'torch.IntStorage', 'torch.ShortStorage', 'torch.CharStorage',
  'torch.BoolStorage', 'sklearn.', 'xgboost.', 'lightgbm.', 'catboost.', 'scipy.sparse.', 'pandas.core.', 'pandas._libs.', 'numpy.core.multiarray.',
  'numpy._core.multiarray.',
];

/** Dangerous (executes code or reaches outside), allowed (a known library's state), or unknown. */
export function classifyGlobal(module: string, name: string): GlobalVerdict {
  const full = `${module}.${name}`;
  if (BUILTIN_MODULES.has(module) && DANGEROUS_BUILTINS.has(name.split('.')[0])) return 'dangerous';
  if (DANGEROUS_NAMES.has(full)) return 'dangerous';
  if (DANGEROUS_MODULES.some((danger) => module === danger || module.startsWith(`${danger}.`) || full === danger)) return 'dangerous';
  if (ALLOWED_NAMES.has(full) || (BUILTIN_MODULES.has(module) && ALLOWED_NAMES.has(`builtins.${name}`))) return 'allowed';
  if (ALLOWED_PREFIXES.some((prefix) => full.startsWith(prefix))) return 'allowed';
  return 'unknown';
}

/**
 * Imports spelled in the bytes from `offset` on, found by pattern rather than by walking: GLOBAL/INST lines
 * and a STACK_GLOBAL right after two short strings. For streams a walk cannot follow to the end, such as
 * joblib files, whose array bytes sit inside the pickle stream after each array's BUILD.
 */
export function findImportPatterns(bytes: Uint8Array, offset = 0): PickleGlobal[] {
  const found: PickleGlobal[] = [];
  const seen = new Set<string>();
  const add = (module: string, name: string, at: number) => {
    const key = `${module}\0${name}`;
    if (seen.has(key) || found.length >= MAX_GLOBALS) return;
    seen.add(key);
    found.push({ module, name, offset: at });
  };
  const text = latin1(bytes.subarray(Math.max(0, offset)));
  const base = Math.max(0, offset);
  for (const match of text.matchAll(/[ci]([A-Za-z_][\w.]{0,127})\n([A-Za-z_][\w.]{0,127})\n/g)) add(match[1], match[2], base + match.index);
  // Two short strings (SHORT_BINUNICODE or SHORT_BINSTRING, each maybe memoised) right before a STACK_GLOBAL.
  const bytesFrom = bytes.subarray(base);
  const shortString = (at: number): { text: string; next: number } | null => {
    if (at + 2 > bytesFrom.length || (bytesFrom[at] !== 0x8c && bytesFrom[at] !== 0x55)) return null;
    const length = bytesFrom[at + 1];
    const end = at + 2 + length;
    if (length === 0 || end > bytesFrom.length) return null;
    const text = latin1(bytesFrom.subarray(at + 2, end));
    if (!/^[A-Za-z_][\w.]*$/.test(text)) return null;
    // Skip a MEMOIZE, BINPUT or LONG_BINPUT after it.
    const next = bytesFrom[end] === 0x94 ? end + 1 : bytesFrom[end] === 0x71 ? end + 2 : bytesFrom[end] === 0x72 ? end + 5 : end;
    return { text, next };
  };
  for (let at = nextShortString(bytesFrom, 0); at >= 0 && at < bytesFrom.length; at = nextShortString(bytesFrom, at + 1)) {
    const module = shortString(at);
    const name = module ? shortString(module.next) : null;
    if (module && name && bytesFrom[name.next] === 0x93) add(module.text, name.text, base + at);
  }
  return found;
}
