import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/dataset-versioning.js';
import { collectDatasets } from '../src/datasets/index.js';
import { openTarget } from '../src/targets.js';
import { FIXTURES, findingIds, makeTree, runCheck, runRaw } from './helpers.js';

const md5 = (text: string | Uint8Array) => createHash('md5').update(text).digest('hex');
const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');
const judged = (outcome: Awaited<ReturnType<typeof runRaw>>) => {
  if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
  return outcome;
};

const DVC_CONFIG = `[core]\n    remote = storage\n['remote "storage"']\n    url = s3://acme-ml/dvc\n`;
const DATASHEET = `# Datasheet
## Collection Process
Exported monthly from the CRM and the billing system by the buyer's data engineering team, January 2023 to March 2025, joined on a pseudonymous customer key.
## Preprocessing
Involuntary churn removed, duplicate customer-months dropped after the CRM migration, labels built from port-out events, time-based split into train, validation and holdout.
## Licence
Owned by the buyer; internal use only under the delivery contract.
## Personal and Sensitive Information
Pseudonymised customer keys only; names and contact details are removed by the export job.
`;

describe('dataset-versioning on the fixtures', () => {
  it('passes complete-handover: DVC remote, pinned pipeline data, a matching committed file, a full datasheet', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(9);
    expect(result.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    const notes = result.evidence.map((item) => `${item.kind} ${item.path} ${item.note}`);
    expect(notes).toContain('dvc-config .dvc/config 1 remote(s): kestrel-s3 (default) -> s3://kestrel-ml-data/dvc-store');
    expect(notes.some((note) => note.startsWith('dvc-file data/customers.parquet.dvc customers.parquet: md5 ok, 1268431872 bytes'))).toBe(true);
    expect(notes).toContain('dvc-pipeline dvc.yaml 4 stage(s) (prepare, featurize, train, evaluate); 4 in dvc.lock');
    expect(notes.some((note) => /^dvc-params params\.yaml .*seeds: prepare\.seed, train\.seed/.test(note))).toBe(true);
    expect(notes.some((note) => /^datasheet data\/README\.md datasheet sections 7\/7/.test(note))).toBe(true);
    expect(notes.some((note) => /^data-file data\/reference\/plan_catalog\.csv match: md5 match/.test(note))).toBe(true);
  });

  it('fails notebook-dump with no-data-versioning naming the committed CSV', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('fail');
    expect(result.score).toBe(0);
    expect(result.criteria.every((criterion) => criterion.value === 0)).toBe(true);
    const finding = result.findings.find((item) => item.id === 'no-data-versioning');
    expect(finding).toMatchObject({ severity: 'error', path: 'churn_export.csv' });
    expect(finding?.message).toContain('churn_export.csv');
    expect(finding?.remediation).toMatch(/dvc add/);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['missing-provenance', 'missing-licence', 'missing-preprocessing']));
  });

  it('names each defect of partial-delivery with its file and line', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).not.toBe('pass');
    const at = (id: string) => result.findings.filter((finding) => finding.id === id).map((finding) => `${finding.path}:${finding.line ?? ''}`);
    expect(at('malformed-hash')).toEqual(['data/transactions.csv.dvc:2']);
    expect(at('stage-not-reproduced')).toEqual(['dvc.yaml:9']);
    expect(at('params-missing')).toEqual(['dvc.yaml:9']);
    expect(at('remote-local-path')).toEqual(['.dvc/config:3']);
    expect(result.findings.find((finding) => finding.id === 'params-missing')?.message).toContain('train.scale_pos_weight');
    const unpinned = result.findings.filter((finding) => finding.id === 'unpinned-dataset').map((finding) => finding.message);
    expect(unpinned).toEqual(expect.arrayContaining([expect.stringContaining('data/merchant_risk.parquet'), expect.stringContaining('data/transactions.csv: its hash in data/transactions.csv.dvc is malformed')]));
    expect(result.findings.find((finding) => finding.id === 'unfetchable-dataset')?.message).toContain('data/merchant_risk.parquet');
    expect(findingIds(result)).toContain('missing-provenance');
  });
});

describe('hash verification against files present', () => {
  const plans = 'plan_code,fee\nPP-10,10.00\nPP-20,20.00\n';
  const manifest = (hash: string) => `datasets:\n  - name: plans\n    path: data/plans.csv\n    sha256: ${hash}\n    source: Billing warehouse export of the tariff table, April 2025\n    license: Buyer-owned, internal\n    preprocessing: Consumer plans only, retired plans kept with an end date\n    storage: s3://acme-ml/datasets\n`;

  it('matches a manifest sha256 with the bytes of the file', async () => {
    const outcome = judged(await runRaw(check, { 'data-manifest.yml': manifest(sha256(plans)), 'data/plans.csv': plans }));
    expect(findingIds(outcome)).not.toContain('hash-mismatch');
    expect(outcome.criteria.consistent).toBe(1);
    expect(outcome.evidence.find((item) => item.kind === 'data-file' && item.path === 'data/plans.csv')?.note).toMatch(/^match: sha256 match/);
  });

  it('names the file that does not match, with the declaring line', async () => {
    const wrong = sha256('something else');
    const outcome = judged(await runRaw(check, { 'data-manifest.yml': manifest(wrong), 'data/plans.csv': plans }));
    const finding = outcome.findings.find((item) => item.id === 'hash-mismatch');
    expect(finding).toMatchObject({ path: 'data-manifest.yml', line: 2, severity: 'error' });
    expect(finding?.message).toContain(`data/plans.csv: sha256 of the file is ${sha256(plans)}, data-manifest.yml declares ${wrong}`);
    expect(outcome.criteria.consistent).toBeLessThan(1);
  });

  it('accepts a DVC 2.x md5 of a CRLF text file (hashed after dos2unix), but not with DVC 3 hashing', async () => {
    const crlf = 'a,b\r\n1,2\r\n';
    const lf = 'a,b\n1,2\n';
    const legacy = judged(await runRaw(check, { '.dvc/config': DVC_CONFIG, 'data/x.csv.dvc': `outs:\n- md5: ${md5(lf)}\n  size: ${crlf.length}\n  path: x.csv\n`, 'data/x.csv': crlf }));
    expect(findingIds(legacy)).not.toContain('hash-mismatch');
    const modern = judged(await runRaw(check, { '.dvc/config': DVC_CONFIG, 'data/x.csv.dvc': `outs:\n- md5: ${md5(lf)}\n  size: ${crlf.length}\n  hash: md5\n  path: x.csv\n`, 'data/x.csv': crlf }));
    expect(modern.findings.find((item) => item.id === 'hash-mismatch')).toMatchObject({ path: 'data/x.csv.dvc', line: 2 });
  });

  it('checks only the size of files above the hashing cap, and says so', async () => {
    const big = 'x,y\n' + '1,2\n'.repeat(200);
    const tree = (size: number) => ({ 'data-manifest.yml': `datasets:\n  - name: big\n    path: big.csv\n    md5: ${md5('not the content')}\n    size: ${size}\n`, 'big.csv': big });
    const policy = { checks: { 'dataset-versioning': { options: { maxHashBytes: 100 } } } };
    const sameSize = await runCheck(check, tree(big.length), policy);
    expect(findingIds(sameSize)).toContain('hash-not-verified');
    expect(findingIds(sameSize)).not.toContain('hash-mismatch');
    expect(sameSize.findings.find((item) => item.id === 'hash-not-verified')?.message).toMatch(/size checked only/);
    const otherSize = await runCheck(check, tree(10), policy);
    expect(otherSize.findings.find((item) => item.id === 'size-mismatch')?.message).toContain(`the file has ${big.length} bytes, data-manifest.yml declares 10`);
  });
});

describe('large raw data', () => {
  const csv = () => 'customer_id,tenure,churned\n' + 'C100000,42,0\n'.repeat(Math.ceil((2 * 1024 * 1024) / 13));

  it('reports a committed 2 MB CSV that neither LFS nor DVC covers, with its size', async () => {
    const outcome = judged(await runRaw(check, { '.dvc/config': DVC_CONFIG, 'data/train.csv.dvc': `outs:\n- md5: ${md5('x')}\n  size: 1\n  hash: md5\n  path: train.csv\n`, 'exports/customers_2025.csv': csv() }));
    const finding = outcome.findings.find((item) => item.id === 'raw-data-committed');
    expect(finding).toMatchObject({ path: 'exports/customers_2025.csv', severity: 'error' });
    expect(finding?.message).toMatch(/\(2(\.0)? MiB\) is committed to git with neither Git LFS nor DVC/);
    expect(outcome.criteria['no-raw-data']).toBe(0);
  });

  it('does not report the same file under a Git LFS pattern, and counts LFS pointers as pinned', async () => {
    const oid = sha256('real content');
    const outcome = judged(
      await runRaw(check, {
        '.gitattributes': '*.csv filter=lfs diff=lfs merge=lfs -text\n*.parquet filter=lfs diff=lfs merge=lfs -text\n',
        'exports/customers_2025.csv': csv(),
        'data/customers.parquet': `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 73400320\n`,
        'data/README.md': DATASHEET,
      }),
    );
    expect(findingIds(outcome)).not.toContain('raw-data-committed');
    expect(outcome.criteria['no-raw-data']).toBe(1);
    expect(outcome.criteria.pinned).toBe(1);
    expect(outcome.criteria.stored).toBe(1);
    expect(outcome.evidence.find((item) => item.kind === 'lfs-pointer')).toMatchObject({ path: 'data/customers.parquet' });
    expect(outcome.evidence.find((item) => item.path === 'exports/customers_2025.csv')?.note).toMatch(/versioned by Git LFS/);
  });
});

describe('hostile and malformed input', () => {
  it('turns a YAML alias bomb in dvc.yaml into a finding, quickly', async () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    bomb.push('stages: {train: {cmd: *l}}');
    const started = Date.now();
    const outcome = judged(await runRaw(check, { '.dvc/config': DVC_CONFIG, 'dvc.yaml': bomb.join('\n') }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outcome.findings.find((item) => item.id === 'unparsed-file')).toMatchObject({ path: 'dvc.yaml', message: expect.stringMatching(/alias/) });
  });

  it('turns deeply nested JSON in datapackage.json into a finding with its position', async () => {
    const deep = '{"resources": [' + '['.repeat(20000) + ']'.repeat(20000) + ']}';
    const outcome = judged(await runRaw(check, { 'datapackage.json': deep }));
    const finding = outcome.findings.find((item) => item.id === 'unparsed-file');
    expect(finding).toMatchObject({ path: 'datapackage.json', line: 1 });
    expect(finding?.message).toMatch(/nesting/);
  });

  it('reports an invalid data manifest with line and column', async () => {
    const outcome = judged(await runRaw(check, { 'data-manifest.yml': 'datasets:\n  - name: plans\n    path: data/plans.csv\n    md5: 12345\n' }));
    const finding = outcome.findings.find((item) => item.id === 'manifest-invalid');
    expect(finding).toMatchObject({ path: 'data-manifest.yml', line: 4 });
    expect(finding?.message).toMatch(/line 4, column 10: .*datasets\.0\.md5/);
  });

  it('reports committed credentials without echoing them', async () => {
    const outcome = judged(await runRaw(check, { '.dvc/config': `${DVC_CONFIG}    secret_access_key = wJalrXUtnFEMI/K7MDENG\n`, 'data/a.csv.dvc': `outs:\n- md5: ${md5('a')}\n  size: 1\n  path: a.csv\n` }));
    const finding = outcome.findings.find((item) => item.id === 'credentials-in-config');
    expect(finding).toMatchObject({ path: '.dvc/config', line: 5 });
    expect(JSON.stringify(outcome)).not.toContain('wJalrXUtnFEMI');
  });

  it('reports dvc.yaml without dvc.lock, a stale lock and a tracked dataset with no remote', async () => {
    const stage = 'stages:\n  prepare:\n    cmd: python prepare.py --v2\n    deps:\n    - data/raw.csv\n    - data/extra.csv\n    outs:\n    - data/prepared\n';
    const tracked = { 'data/raw.csv.dvc': `outs:\n- md5: ${md5('raw')}\n  size: 3\n  hash: md5\n  path: raw.csv\n`, 'data/extra.csv.dvc': `outs:\n- md5: ${md5('extra')}\n  size: 5\n  hash: md5\n  path: extra.csv\n` };
    const noLock = judged(await runRaw(check, { '.dvc/config': '[core]\n', 'dvc.yaml': stage, ...tracked }));
    expect(findingIds(noLock)).toEqual(expect.arrayContaining(['no-lock', 'no-remote']));
    expect(noLock.criteria.pinned).toBe(0);
    const lock = `schema: '2.0'\nstages:\n  prepare:\n    cmd: python prepare.py\n    deps:\n    - path: data/raw.csv\n      hash: md5\n      md5: ${md5('raw')}\n      size: 3\n    outs:\n    - path: data/prepared\n      hash: md5\n      md5: ${md5('p')}.dir\n      size: 9\n      nfiles: 1\n`;
    const stale = judged(await runRaw(check, { '.dvc/config': DVC_CONFIG, 'dvc.yaml': stage, 'dvc.lock': lock, ...tracked }));
    const drift = stale.findings.filter((item) => item.id === 'lock-stale').map((item) => item.message);
    expect(drift).toEqual(['Stage "prepare": dependency data/extra.csv is not in dvc.lock.', 'Stage "prepare": its command differs from the one dvc.lock recorded.']);
  });
});

describe('other formats', () => {
  it('judges Croissant, Frictionless and a Hugging Face dataset card together', async () => {
    const plans = 'plan,fee\nA,1\n';
    const croissant = JSON.stringify({
      '@context': { '@vocab': 'https://schema.org/', cr: 'http://mlcommons.org/croissant/', rai: 'http://mlcommons.org/croissant/RAI/' },
      '@type': 'sc:Dataset',
      name: 'plans',
      conformsTo: 'http://mlcommons.org/croissant/1.0',
      license: 'https://creativecommons.org/licenses/by/4.0/',
      'rai:dataCollection': 'Exported from the billing warehouse tariff table on 2025-04-08 by the data engineering team.',
      'rai:dataPreprocessingProtocol': 'Consumer plans only; retired plans are kept with their end date; fees converted to EUR.',
      distribution: [{ '@type': 'cr:FileObject', '@id': 'plans.csv', name: 'plans.csv', contentUrl: 'plans.csv', encodingFormat: 'text/csv', sha256: sha256(plans) }],
    });
    const pkg = JSON.stringify({ name: 'usage', version: '1.0.0', licenses: [{ name: 'ODC-BY-1.0' }], sources: [{ title: 'Network usage summary', path: 's3://acme/usage' }], resources: [{ name: 'usage', path: 'usage.csv', hash: md5('u,v\n1,2\n') }] });
    const card = `---\nlicense: cc-by-4.0\nsource_datasets: [original]\nconfigs:\n- config_name: default\n  data_files: '*.csv'\n---\n# Dataset Card\n`;
    const outcome = judged(await runRaw(check, { 'data/croissant.json': croissant, 'data/plans.csv': plans, 'usage/datapackage.json': pkg, 'usage/usage.csv': 'u,v\n1,2\n', 'data/README.md': card }));
    expect(outcome.findings.filter((item) => item.severity === 'error')).toEqual([]);
    expect(outcome.criteria.pinned).toBe(1);
    expect(outcome.criteria.consistent).toBe(1);
    expect(outcome.criteria.provenance).toBe(1);
    expect(outcome.criteria.licence).toBe(1);
    const kinds = outcome.evidence.map((item) => item.kind);
    expect(kinds).toEqual(expect.arrayContaining(['croissant', 'datapackage', 'dataset-card']));
    expect(outcome.evidence.filter((item) => item.kind === 'data-file' && /^match/.test(item.note ?? '')).map((item) => item.path).sort()).toEqual(['data/plans.csv', 'usage/usage.csv']);
  });

  it('flags a dataset card left as the Hugging Face template', async () => {
    const card = `---\nlicense: mit\ntask_categories: [tabular-classification]\n---\n# Dataset Card\n## Dataset Details\n[More Information Needed]\n## Source Data\n[More Information Needed]\n## Preprocessing\n[More Information Needed]\n`;
    const outcome = judged(await runRaw(check, { 'README.md': card, 'data.csv.dvc': `outs:\n- md5: ${md5('a')}\n  size: 1\n  path: data.csv\n`, '.dvc/config': DVC_CONFIG }));
    expect(outcome.findings.find((item) => item.id === 'template-card')).toMatchObject({ path: 'README.md' });
    expect(outcome.criteria.provenance).toBe(0);
  });

  it('gives a pile of empty or template files nothing', async () => {
    const result = await runCheck(check, { '.dvc/config': '', 'dvc.yaml': '', 'data-manifest.yml': '', 'data/README.md': '# Datasheet\n## Motivation\n## Collection Process\n## Preprocessing\nTBD\n## Licence\n' });
    expect(result.status).toBe('fail');
    expect(result.score).toBeLessThan(1);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['no-datasets-declared', 'manifest-invalid', 'missing-provenance']));
  });

  it('credits documentation without versioning, but still reports no-data-versioning', async () => {
    const outcome = judged(await runRaw(check, { 'data/README.md': DATASHEET, 'data/sample.csv': 'a\n1\n' }));
    expect(findingIds(outcome)).toContain('no-data-versioning');
    expect(outcome.criteria.pinned).toBe(0);
    expect(outcome.criteria.provenance).toBe(1);
    expect(outcome.criteria.licence).toBe(1);
  });

  it('a model pickle the tests load (test/resources/full_model.pkl) is not committed data; a pickle in data/ still is (#17)', async () => {
    const fixture = new Uint8Array([0x80, 0x04, 0x95, ...Buffer.from('cd4ml.ml_model MLModel'), 0x2e]);
    const code = { 'cd4ml/train.py': 'def train(clf, x, y):\n    return clf.fit(x, y)\n', 'test/test_model_cache.py': 'def test_cache():\n    assert True\n' };
    const outcome = judged(await runRaw(check, { ...code, 'test/resources/full_model.pkl': fixture, 'tests/fixtures/encoder.joblib': fixture }));
    expect(outcome.findings.find((f) => f.id === 'no-data-versioning')?.message ?? '').not.toMatch(/full_model\.pkl|encoder\.joblib|data file\(s\) are committed/);
    const data = judged(await runRaw(check, { ...code, 'data/frame.pkl': fixture }));
    expect(data.findings.find((f) => f.id === 'no-data-versioning')?.message).toMatch(/1 data file\(s\) are committed \(.*data\/frame\.pkl\)/);
  });

  it('reads a dataset model once per snapshot', async () => {
    const dir = makeTree({ '.dvc/config': DVC_CONFIG });
    const opened = await openTarget(dir);
    try {
      const first = collectDatasets(opened.snapshot);
      expect(collectDatasets(opened.snapshot)).toBe(first);
      expect((await first).storage[0]).toMatchObject({ kind: 'dvc-remote', url: 's3://acme-ml/dvc', isDefault: true });
    } finally {
      await opened.close();
    }
  });
});

describe('report contract', () => {
  it('produces a report that validates against the report schema on every fixture', async () => {
    const { compileSchema } = await import('../src/schemas.js');
    const reportSchema = (await import('../schemas/report.schema.json', { with: { type: 'json' } })).default;
    const { scanDir } = await import('./helpers.js');
    const validate = compileSchema(reportSchema);
    for (const fixture of ['complete-handover', 'partial-delivery', 'notebook-dump']) {
      const report = await scanDir(path.join(FIXTURES, fixture), { checks: [check] });
      const result = validate(JSON.parse(JSON.stringify(report)));
      expect(result.ok ? 'valid' : result.all).toBe('valid');
      expect(validate(report).ok).toBe(true);
    }
  });
});

// #17: the dataset's origin is one fact of the dataset model. dataset-versioning must not say the origin is
// undocumented while licensing names the source from the same `dvc import` record.
describe('dataset origin, one fact for every check (#17)', () => {
  const imported = {
    '.dvc/config': "[core]\n    remote = storage\n['remote \"storage\"']\n    url = https://remote.dvc.org/get-started\n",
    'data/data.xml.dvc': [
      'md5: f5ea021eddd7b1df6de80b904cba1da6',
      'frozen: true',
      'deps:',
      '- path: get-started/data.xml',
      '  repo:',
      '    url: https://github.com/iterative/dataset-registry',
      '    rev_lock: f59388cd04276e75d70b2136597aaa27e7937cc3',
      'outs:',
      '- md5: 22a1a2931c8370d3aeedd7183606fd7f',
      '  size: 14445097',
      '  hash: md5',
      '  path: data.xml',
      '',
    ].join('\n'),
    'dvc.yaml': 'stages:\n  prepare:\n    cmd: python src/prepare.py data/data.xml\n    deps:\n    - data/data.xml\n    - src/prepare.py\n    outs:\n    - data/prepared\n',
    'src/prepare.py': 'import sys\nprint(sys.argv[1])\n',
  };

  it('the dataset model records where an imported dataset came from', async () => {
    const opened = await openTarget(makeTree(imported));
    try {
      const model = await collectDatasets(opened.snapshot);
      expect(model.origins).toEqual([
        { target: 'data/data.xml', source: 'https://github.com/iterative/dataset-registry', sourcePath: 'get-started/data.xml', revision: 'f59388cd04276e75d70b2136597aaa27e7937cc3', via: 'dvc import', declaredIn: 'data/data.xml.dvc', line: 4 },
      ]);
    } finally {
      await opened.close();
    }
  });

  it('dataset-versioning credits the import record and names the source licensing names', async () => {
    const { default: licensing } = await import('../checks/licensing.js');
    const dir = makeTree(imported);
    const versioning = await runCheck(check, dir);
    const provenance = versioning.findings.find((f) => f.id === 'missing-provenance');
    expect(provenance).toMatchObject({
      severity: 'info',
      path: 'data/data.xml.dvc',
      message: 'Where the data came from is recorded only as 1 machine-readable origin(s) (data/data.xml from https://github.com/iterative/dataset-registry get-started/data.xml @ f59388cd (dvc import)); no datasheet, dataset card or data README says how the source collected the data, when, or who owns it.',
    });
    expect(versioning.criteria?.find((c) => c.id === 'provenance')?.value).toBe(0.5);
    const licence = await runCheck(licensing, dir);
    expect(licence.findings.find((f) => f.id === 'dataset-provenance-missing')).toMatchObject({ path: 'data/data.xml.dvc', message: expect.stringContaining('https://github.com/iterative/dataset-registry (dvc import)') });
  });

  it('code that loads a dataset by name is an origin both checks read', async () => {
    const { default: licensing } = await import('../checks/licensing.js');
    const dir = makeTree({
      'data/openwebtext/prepare.py': 'import numpy as np\nfrom datasets import load_dataset\n\nif __name__ == "__main__":\n    dataset = load_dataset("openwebtext", num_proc=8)\n',
      'data/openwebtext/readme.md': '## openwebtext dataset\n\nafter running `prepare.py` (preprocess) we get train.bin and val.bin.\n',
    });
    const versioning = await runCheck(check, dir);
    expect(versioning.findings.find((f) => f.id === 'missing-provenance')).toMatchObject({ severity: 'info', path: 'data/openwebtext/prepare.py', line: 5, message: expect.stringContaining('(openwebtext (load_dataset) in data/openwebtext/prepare.py:5)') });
    const licence = await runCheck(licensing, dir);
    expect(licence.findings.filter((f) => f.id === 'dataset-provenance-missing').map((f) => [f.path, f.line])).toEqual([['data/openwebtext/prepare.py', 5]]);
  });

  it('without an import record or a document, the origin is still missing', async () => {
    const { 'data/data.xml.dvc': _, ...rest } = imported;
    const result = await runCheck(check, { ...rest, 'data/data.xml.dvc': 'outs:\n- md5: 22a1a2931c8370d3aeedd7183606fd7f\n  size: 14445097\n  hash: md5\n  path: data.xml\n' });
    expect(result.findings.find((f) => f.id === 'missing-provenance')).toMatchObject({ severity: 'error', message: 'Where the data came from is not documented (no datasheet, dataset card or data README found).' });
  });
});

describe('dataset cards under other names and places', () => {
  const CARD = [
    '---',
    'license: cc-by-4.0',
    'task_categories:',
    '- text-classification',
    'size_categories:',
    '- 10K<n<100K',
    'dataset_info:',
    '  features:',
    '  - name: text',
    '    dtype: string',
    '  splits:',
    '  - name: train',
    '    num_bytes: 5242880',
    '    num_examples: 40000',
    'configs:',
    '- config_name: default',
    '  data_files:',
    '  - split: train',
    '    path: data/train-*',
    '---',
    '',
    '# Dataset Card for Support tickets',
    '',
    '## Source Data',
    '',
    'Customer support tickets exported from the Acme help desk between January 2023 and June 2024 by the nightly export job, labelled by the support team with the queue that resolved each ticket.',
    '',
  ].join('\n');

  it('reads a full Hugging Face dataset card in datasets/<name>/README.md and in any other folder', async () => {
    for (const where of ['datasets/support-tickets/README.md', 'corpus/support-tickets/README.md']) {
      const outcome = await runRaw(check, { [where]: CARD });
      if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
      const card = outcome.evidence.find((e) => e.kind === 'dataset-card');
      expect(card?.path, where).toBe(where);
      expect(card?.note).toMatch(/license cc-by-4.0, 1 data_files/);
      expect(outcome.criteria.licence).toBe(1);
      expect(outcome.criteria.provenance).toBe(1);
    }
  });

  it("does not take a model card's front matter or a README without front matter for a dataset card", async () => {
    const outcome = await runRaw(check, {
      'models/ticket-router/README.md': '---\nlicense: apache-2.0\nlibrary_name: transformers\npipeline_tag: text-classification\ndatasets:\n- acme/support-tickets\n---\n\n# Ticket router\n\n## Source data\n\nTrained on the support tickets dataset exported from the help desk in 2024 by the nightly job.\n',
      'corpus/notes/README.md': '# Notes\n\nlicense: cc-by-4.0\ntask_categories: none\n',
    });
    if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
    expect(outcome.evidence.filter((e) => e.kind === 'dataset-card')).toEqual([]);
    expect(outcome.criteria.licence).toBe(0);
  });
});
