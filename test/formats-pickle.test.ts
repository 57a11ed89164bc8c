// The pickle opcode walker, on streams built from raw opcodes (test/pickle-bytes.ts): which callables a
// stream imports, however it spells the import, and how it fails on broken or endless input.
import { describe, expect, it } from 'vitest';
import { classifyGlobal, findImportPatterns, looksLikePickle, walkPickle } from '../src/formats/pickle.js';
import { EXEC_P4, OS_SYSTEM_P0, op, pickle, torchStateDict } from './pickle-bytes.js';

const imports = (bytes: Uint8Array) => walkPickle(bytes).globals.map((g) => `${g.module}.${g.name}`);

describe('walkPickle: imports however they are spelled', () => {
  it('protocol 0 GLOBAL: os.system, at the offset of its opcode, and the walk reaches STOP', () => {
    const walk = walkPickle(OS_SYSTEM_P0);
    expect(walk).toMatchObject({ protocol: null, globals: [{ module: 'os', name: 'system', offset: 0 }], calls: 1, end: OS_SYSTEM_P0.length, problem: null });
  });

  it('protocol 4 STACK_GLOBAL follows the two strings pushed before it', () => {
    const walk = walkPickle(EXEC_P4);
    expect(walk.protocol).toBe(4);
    expect(imports(EXEC_P4)).toEqual(['builtins.exec']);
    expect(walk.unresolved).toEqual([]);
  });

  it('STACK_GLOBAL with the module fetched back from the memo (BINPUT, POP, BINGET) and a text PUT/GET', () => {
    const viaBinGet = pickle(op.proto(3), op.shortBinUnicode('posix'), op.binPut(7), op.pop, op.none, op.pop, op.binGet(7), op.binUnicode('system'), op.stackGlobal, op.stop);
    expect(imports(viaBinGet)).toEqual(['posix.system']);
    const viaGet = pickle(op.proto(2), op.shortBinString('subprocess'), op.put(3), op.pop, op.get(3), op.shortBinString('Popen'), op.stackGlobal, op.stop);
    expect(imports(viaGet)).toEqual(['subprocess.Popen']);
  });

  it('INST names module and callable on lines, after the MARK of its arguments', () => {
    const inst = pickle(op.mark, op.string('id'), op.inst('subprocess', 'check_output'), op.stop);
    expect(imports(inst)).toEqual(['subprocess.check_output']);
    expect(walkPickle(inst).calls).toBe(1);
  });

  it('a module that is built at load time (a REDUCE result) is unresolved, not silently passed', () => {
    const dynamic = pickle(op.proto(4), op.global('builtins', 'str'), op.mark, op.shortBinUnicode('os'), op.tuple, op.reduce, op.shortBinUnicode('system'), op.stackGlobal, op.stop);
    const walk = walkPickle(dynamic);
    expect(imports(dynamic)).toEqual(['builtins.str']);
    expect(walk.unresolved).toHaveLength(1);
  });

  it('a PyTorch state dict imports only allow-listed rebuild helpers and references storage by persistent id', () => {
    const walk = walkPickle(torchStateDict());
    expect(walk.problem).toBeNull();
    expect(walk.persistentIds).toBe(1);
    expect(walk.globals.map((g) => [`${g.module}.${g.name}`, classifyGlobal(g.module, g.name)])).toEqual([
      ['collections.OrderedDict', 'allowed'],
      ['torch._utils._rebuild_tensor_v2', 'allowed'],
      ['torch.FloatStorage', 'allowed'],
    ]);
  });

  it('a stream followed by other bytes (joblib arrays) ends at STOP', () => {
    const bytes = pickle(Buffer.from(OS_SYSTEM_P0), Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]));
    expect(walkPickle(bytes).end).toBe(OS_SYSTEM_P0.length);
    expect(walkPickle(bytes, { offset: 0 }).globals).toHaveLength(1);
  });
});

describe('walkPickle: broken and endless input is reported, never thrown', () => {
  it.each([
    ['truncated GLOBAL line', pickle(Buffer.from('cos\nsys', 'latin1')), /truncated GLOBAL/],
    ['a length prefix past the end', pickle(op.proto(4), Buffer.from([0x58, 0xff, 0xff, 0xff, 0x7f, 0x41])), /truncated BINUNICODE/],
    ['an unknown opcode', pickle(op.proto(2), Buffer.from([0xff])), /unknown opcode 0xff at byte 2/],
    ['no STOP', pickle(op.proto(2), op.none), /without STOP/],
    ['nothing at all', new Uint8Array(), /empty stream/],
  ])('%s', (_label, bytes, problem) => {
    const walk = walkPickle(bytes);
    expect(walk.problem).toMatch(problem);
    expect(walk.end).toBeNull();
  });

  it('an imported callable before the break is still reported', () => {
    const walk = walkPickle(pickle(op.global('os', 'system'), Buffer.from([0xfe])));
    expect(walk.globals).toEqual([{ module: 'os', name: 'system', offset: 0 }]);
    expect(walk.problem).toMatch(/unknown opcode/);
  });

  it('the opcode budget stops a long stream (here 1,000 opcodes of 200,000)', () => {
    const long = pickle(op.proto(2), ...Array.from({ length: 100_000 }, () => Buffer.concat([op.none, op.pop])), op.stop);
    const walk = walkPickle(long, { maxOpcodes: 1000 });
    expect(walk.opcodes).toBe(1000);
    expect(walk.problem).toMatch(/opcode budget of 1000/);
    expect(walkPickle(long).end).toBe(long.length);
  });

  it('stack underflow and unbalanced marks do not throw', () => {
    const walk = walkPickle(pickle(op.reduce, op.setItems, op.stackGlobal, op.build, op.tuple2, op.stop));
    expect(walk.end).toBe(6);
    expect(walk.unresolved).toEqual([2]);
  });
});

describe('findImportPatterns: imports spelled in bytes a walk cannot follow', () => {
  it('finds GLOBAL and INST lines and memoised short-string STACK_GLOBALs among arbitrary bytes, at their offsets', () => {
    const noise = Buffer.from([0x00, 0xff, 0x93, 0x8c, 0x01, 0x0a, 0x55]);
    const bytes = pickle(noise, op.global('os', 'system'), noise, op.shortBinUnicode('subprocess'), op.binPut(1), op.shortBinString('Popen'), op.memoize, op.stackGlobal, noise, op.inst('runpy', '_run_code'));
    expect(findImportPatterns(bytes).map((g) => [`${g.module}.${g.name}`, g.offset]).sort()).toEqual([
      ['os.system', 7],
      ['runpy._run_code', 55],
      ['subprocess.Popen', 25],
    ]);
    expect(findImportPatterns(bytes, 20).map((g) => `${g.module}.${g.name}`).sort()).toEqual(['runpy._run_code', 'subprocess.Popen']);
  });

  it('two strings not followed by STACK_GLOBAL, or with a wrong length byte, are not imports', () => {
    expect(findImportPatterns(pickle(op.shortBinUnicode('os'), op.shortBinUnicode('system'), op.tuple2))).toEqual([]);
    expect(findImportPatterns(pickle(Buffer.from([0x8c, 0x05]), Buffer.from('os'), op.shortBinUnicode('system'), op.stackGlobal))).toEqual([]);
  });
});

describe('classifyGlobal', () => {
  it.each([
    ['os', 'system', 'dangerous'], ['posix', 'system', 'dangerous'], ['nt', 'system', 'dangerous'], ['subprocess', 'Popen', 'dangerous'],
    ['builtins', 'eval', 'dangerous'], ['__builtin__', 'exec', 'dangerous'], ['builtins', 'getattr', 'dangerous'], ['builtins', '__import__', 'dangerous'],
    ['runpy', '_run_code', 'dangerous'], ['webbrowser', 'open', 'dangerous'], ['socket', 'create_connection', 'dangerous'], ['pty', 'spawn', 'dangerous'],
    ['shutil', 'rmtree', 'dangerous'], ['sys', 'exit', 'dangerous'], ['importlib', 'import_module', 'dangerous'], ['pickle', 'loads', 'dangerous'],
    ['marshal', 'loads', 'dangerous'], ['types', 'FunctionType', 'dangerous'], ['code', 'InteractiveInterpreter', 'dangerous'],
    ['operator', 'attrgetter', 'dangerous'], ['os.path', 'join', 'dangerous'], ['numpy.testing._private.utils', 'runstring', 'dangerous'],
    ['torch._utils', '_rebuild_tensor_v2', 'allowed'], ['collections', 'OrderedDict', 'allowed'], ['_codecs', 'encode', 'allowed'],
    ['numpy.core.multiarray', '_reconstruct', 'allowed'], ['sklearn.ensemble._forest', 'RandomForestClassifier', 'allowed'],
    ['xgboost.sklearn', 'XGBClassifier', 'allowed'], ['lightgbm.sklearn', 'LGBMClassifier', 'allowed'], ['builtins', 'set', 'allowed'],
    ['__main__', 'MyModel', 'unknown'], ['torch.storage', '_load_from_bytes', 'unknown'], ['operator', 'itemgetter', 'unknown'], ['ossystem', 'x', 'unknown'],
  ])('%s.%s is %s', (module, name, verdict) => {
    expect(classifyGlobal(module, name)).toBe(verdict);
  });
});

describe('looksLikePickle', () => {
  it('knows protocol 2–5 headers and protocol 0 openings; text and other binaries are not pickles', () => {
    expect(looksLikePickle(EXEC_P4)).toBe(true);
    expect(looksLikePickle(OS_SYSTEM_P0)).toBe(true);
    expect(looksLikePickle(torchStateDict())).toBe(true);
    expect(looksLikePickle(pickle(op.mark, Buffer.from('dp0\n', 'latin1'), op.stop))).toBe(true);
    expect(looksLikePickle(Buffer.from('# README\n'))).toBe(false);
    expect(looksLikePickle(Buffer.from('cat: not found\n'))).toBe(false);
    expect(looksLikePickle(Buffer.from([0x80, 0x09, 0x00]))).toBe(false);
    expect(looksLikePickle(Buffer.from('PK\x03\x04'))).toBe(false);
  });
});
