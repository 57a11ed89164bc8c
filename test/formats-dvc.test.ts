import { describe, expect, it } from 'vitest';
import { hasParam, isLocalRemote, lockStagesFor, parseDvcConfig, parseDvcFile, parseDvcLock, parseDvcPipeline, seedKeys } from '../src/formats/dvc.js';

const MD5 = '22a1a2931c8370d3aeedd7183606fd7f';

describe('parseDvcConfig', () => {
  it('reads remotes, the default remote and their lines', () => {
    const result = parseDvcConfig(`[core]\n    remote = storage\n    autostage = true\n['remote "storage"']\n    url = s3://bucket/dvc\n    region = eu-west-1\n['remote "scratch"']\n    url = /tmp/dvcstore\n`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.defaultRemote).toEqual({ name: 'storage', line: 2 });
    expect(result.value.remotes).toEqual([
      { name: 'storage', url: 's3://bucket/dvc', line: 4 },
      { name: 'scratch', url: '/tmp/dvcstore', line: 7 },
    ]);
    expect(result.value.secrets).toEqual([]);
  });

  it('names committed credentials without their values', () => {
    const result = parseDvcConfig(`['remote "s3"']\n  url = s3://b/p\n  access_key_id = AKIAEXAMPLE\n  secret_access_key = hunter2\n`);
    expect(result.ok && result.value.secrets).toEqual([
      { section: 'remote "s3"', key: 'access_key_id', line: 3 },
      { section: 'remote "s3"', key: 'secret_access_key', line: 4 },
    ]);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('accepts the unquoted section form and comments', () => {
    const result = parseDvcConfig(`# comment\n[remote "gs"]\nurl = gs://bucket/x\n; another\n`);
    expect(result.ok && result.value.remotes[0]).toEqual({ name: 'gs', url: 'gs://bucket/x', line: 2 });
  });

  it('reports a malformed line with its position', () => {
    const result = parseDvcConfig(`[core]\nremote storage\n`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.line).toBe(2);
    const header = parseDvcConfig(`[core\n`);
    expect(!header.ok && header.error.message).toMatch(/closing/);
  });

  it('tells local remotes from reachable ones', () => {
    expect(isLocalRemote('/tmp/dvcstore')).toBe(true);
    expect(isLocalRemote('../store')).toBe(true);
    expect(isLocalRemote('file:///srv/store')).toBe(true);
    expect(isLocalRemote('s3://bucket/x')).toBe(false);
    expect(isLocalRemote('ssh://user@host/path')).toBe(false);
  });
});

describe('parseDvcFile', () => {
  it('reads a DVC 3 output with md5, size and hash marker', () => {
    const result = parseDvcFile(`outs:\n- md5: ${MD5}\n  size: 14445097\n  hash: md5\n  path: data.xml\n  desc: Cats and dogs\n`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [out] = result.value.outs;
    expect(out).toMatchObject({ path: 'data.xml', size: 14445097, legacyMd5: false, desc: 'Cats and dogs', problems: [] });
    expect(out.hash).toEqual({ algorithm: 'md5', value: MD5, valid: true });
  });

  it('reads a directory output (.dir suffix, nfiles) and a legacy md5 without `hash`', () => {
    const result = parseDvcFile(`outs:\n- md5: ${MD5}.dir\n  size: 100\n  nfiles: 3\n  path: images\n`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.outs[0].hash).toMatchObject({ valid: true, directory: true, value: `${MD5}.dir` });
    expect(result.value.outs[0]).toMatchObject({ nfiles: 3, legacyMd5: true });
  });

  it('accepts cloud etags and checksums', () => {
    const result = parseDvcFile(`outs:\n- etag: '"0x8D9C3B4A5F6E7D8"'\n  path: s3://bucket/x.csv\n- checksum: 3f2a\n  path: hdfs://n/x\n`);
    expect(result.ok && result.value.outs.map((out) => [out.hash?.algorithm, out.hash?.valid])).toEqual([
      ['etag', true],
      ['checksum', true],
    ]);
  });

  it('flags malformed md5, bad sizes and missing paths as entry problems', () => {
    const result = parseDvcFile(`outs:\n- md5: 9f2c1e7d4b8a03e5\n  size: big\n  path: a.csv\n- md5: ZZ${MD5.slice(2)}\n`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.outs[0].hash?.valid).toBe(false);
    expect(result.value.outs[0].problems).toEqual(['size "big" is not a byte count']);
    expect(result.value.outs[1].hash?.valid).toBe(false);
    expect(result.value.outs[1].problems).toEqual(['entry has no path']);
  });

  it('recognises `dvc import` with the pinned revision', () => {
    const result = parseDvcFile(`md5: ${MD5}\nfrozen: true\ndeps:\n- path: data/raw.csv\n  repo:\n    url: https://github.com/acme/data-registry\n    rev_lock: 0123456789abcdef0123456789abcdef01234567\nouts:\n- md5: ${MD5}\n  size: 5\n  path: raw.csv\n`);
    expect(result.ok && result.value.imported).toEqual({ url: 'https://github.com/acme/data-registry', rev: null, revLock: '0123456789abcdef0123456789abcdef01234567' });
    expect(result.ok && result.value.frozen).toBe(true);
  });

  it('refuses a file with no outs list and malformed YAML, never throwing', () => {
    expect(parseDvcFile('meta: {a: 1}\n').ok).toBe(false);
    const broken = parseDvcFile('outs:\n- md5: [unclosed\n');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error.line).toBeGreaterThan(0);
  });
});

describe('parseDvcPipeline', () => {
  const yaml = `stages:
  prepare:
    cmd: python prepare.py
    deps: [data/raw.csv, prepare.py]
    params: [prepare.seed, {custom.yaml: [split]}]
    outs:
    - data/prepared
    - data/cache.db:
        cache: false
  evaluate:
    cmd:
    - python eval.py
    - python report.py
    deps: [data/prepared]
    metrics:
    - eval/metrics.json:
        cache: false
    plots: [eval/roc.json]
  shards:
    foreach: [a, b]
    do:
      cmd: python shard.py \${item}
      deps:
      - data/\${item}.csv
artifacts:
  churn-data:
    path: data/prepared
    type: dataset
datasets:
- name: crm
  url: s3://bucket/crm
  type: url
`;

  it('reads stages, outputs with options, params forms, foreach stages, artifacts and datasets', () => {
    const result = parseDvcPipeline(yaml);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [prepare, evaluate, shards] = result.value.stages;
    expect(prepare).toMatchObject({ name: 'prepare', cmd: 'python prepare.py', deps: ['data/raw.csv', 'prepare.py'], generated: false });
    expect(prepare.params).toEqual([
      { file: null, key: 'prepare.seed' },
      { file: 'custom.yaml', key: 'split' },
    ]);
    expect(prepare.outs).toEqual([
      { path: 'data/prepared', cache: true, kind: 'out' },
      { path: 'data/cache.db', cache: false, kind: 'out' },
    ]);
    expect(evaluate.cmd).toBe('python eval.py && python report.py');
    expect(evaluate.outs.map((out) => out.kind)).toEqual(['metric', 'plot']);
    expect(shards).toMatchObject({ generated: true, deps: ['data/${item}.csv'] });
    expect(result.value.artifacts).toEqual([{ name: 'churn-data', path: 'data/prepared', type: 'dataset', desc: null }]);
    expect(result.value.datasets).toEqual([{ name: 'crm', url: 's3://bucket/crm', type: 'url' }]);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    bomb.push('stages: {s: {cmd: *l}}');
    const started = Date.now();
    const result = parseDvcPipeline(bomb.join('\n'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/alias/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses stages that are not a mapping', () => {
    expect(parseDvcPipeline('stages: [a, b]\n').ok).toBe(false);
  });
});

describe('parseDvcLock', () => {
  const lock = `schema: '2.0'
stages:
  prepare:
    cmd: python prepare.py
    deps:
    - path: data/raw.csv
      hash: md5
      md5: ${MD5}
      size: 10
    params:
      params.yaml:
        prepare.seed: 20170428
    outs:
    - path: data/prepared
      hash: md5
      md5: ${MD5}.dir
      size: 20
      nfiles: 2
  shards@a:
    cmd: python shard.py a
  shards@b:
    cmd: python shard.py b
`;

  it('reads schema 2.0 stages with dep/out hashes and resolved params', () => {
    const result = parseDvcLock(lock);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.schema).toBe('2.0');
    expect(result.value.problems).toEqual([]);
    const [prepare] = result.value.stages;
    expect(prepare.deps[0]).toMatchObject({ path: 'data/raw.csv', size: 10, legacyMd5: false });
    expect(prepare.outs[0]).toMatchObject({ nfiles: 2 });
    expect(prepare.outs[0].hash?.directory).toBe(true);
    expect(prepare.params).toEqual({ 'params.yaml': { 'prepare.seed': 20170428 } });
  });

  it('matches foreach stages to their generated lock entries', () => {
    const result = parseDvcLock(lock);
    const pipeline = parseDvcPipeline('stages:\n  shards:\n    foreach: [a, b]\n    do: {cmd: x}\n  train: {cmd: y}\n');
    if (!result.ok || !pipeline.ok) throw new Error('fixture did not parse');
    expect(lockStagesFor(result.value, pipeline.value.stages[0]).map((stage) => stage.name)).toEqual(['shards@a', 'shards@b']);
    expect(lockStagesFor(result.value, pipeline.value.stages[1])).toEqual([]);
  });

  it('flags an unquoted or unknown schema and reads DVC 1.x flat locks', () => {
    const numeric = parseDvcLock('schema: 2\nstages: {}\n');
    expect(numeric.ok && numeric.value.problems[0]).toMatch(/not the '2.0'/);
    const legacy = parseDvcLock(`train:\n  cmd: python train.py\n  deps:\n  - path: data.csv\n    md5: ${MD5}\n`);
    expect(legacy.ok && legacy.value.schema).toBe(null);
    expect(legacy.ok && legacy.value.stages[0].deps[0].legacyMd5).toBe(true);
    expect(parseDvcLock("schema: '2.0'\n").ok).toBe(false);
  });
});

describe('params', () => {
  it('looks dotted keys up and finds seeds', () => {
    const params = { prepare: { seed: 1, split: 0.2 }, train: { lgbm: { random_state: 7 } }, 'flat.key': 3 };
    expect(hasParam(params, 'prepare.seed')).toBe(true);
    expect(hasParam(params, 'prepare')).toBe(true);
    expect(hasParam(params, 'flat.key')).toBe(true);
    expect(hasParam(params, 'train.lr')).toBe(false);
    expect(seedKeys(params)).toEqual(['prepare.seed', 'train.lgbm.random_state']);
  });
});
