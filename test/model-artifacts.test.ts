// model-artifacts on the fixtures and on trees built here: the approved model delivered or not, hashes that
// match or not, and hostile model files (pickles, PyTorch checkpoints, joblib files, Keras archives) built
// from raw opcodes by test/pickle-bytes.ts. Nothing here pickles a live object or runs Python.
import { existsSync, symlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import check from '../checks/model-artifacts.js';
import type { CheckOutcome } from '../src/check.js';
import { openTarget } from '../src/targets.js';
import { FIXTURES, findingIds, makeTree, runCheck, runRaw, tempDir } from './helpers.js';
import { EXEC_P4, OS_SYSTEM_P0, op, pickle, safetensorsFile, torchStateDict, zipArchive } from './pickle-bytes.js';

const judged = (outcome: CheckOutcome) => {
  if (outcome.status !== 'judged') throw new Error(`expected judged, got skip: ${outcome.reason}`);
  return outcome;
};
const RUN = '0123456789abcdef0123456789abcdef';

/** An MLflow file store whose registry marks version 1 of `churn` as champion, produced by run RUN. */
function registry(version: Record<string, string> = {}, tags: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = {
    'mlruns/1/meta.yaml': 'artifact_location: mlruns/1\nexperiment_id: "1"\nlifecycle_stage: active\nname: churn\n',
    [`mlruns/1/${RUN}/meta.yaml`]: `artifact_uri: mlruns/1/${RUN}/artifacts\nexperiment_id: "1"\nlifecycle_stage: active\nrun_id: ${RUN}\nrun_name: final\nstatus: 3\nstart_time: 1741105200000\n`,
    [`mlruns/1/${RUN}/metrics/auc`]: '1741105200000 0.81 0\n',
    [`mlruns/1/${RUN}/params/lr`]: '0.1',
    'mlruns/models/churn/meta.yaml': 'name: churn\ncreation_timestamp: 1741105200000\n',
    'mlruns/models/churn/version-1/meta.yaml': `name: churn\nversion: 1\nrun_id: ${RUN}\ncurrent_stage: None\nstatus: READY\nsource: ${version.source ?? `runs:/${RUN}/model`}\n`,
    'mlruns/models/churn/aliases/champion': '1',
  };
  for (const [key, value] of Object.entries(tags)) files[`mlruns/models/churn/version-1/tags/${key}`] = value;
  return files;
}

const SIGNED_MLMODEL = (data: string, flavor = 'sklearn') =>
  `artifact_path: model\nflavors:\n  ${flavor}:\n    pickled_model: ${data}\n    serialization_format: cloudpickle\n  python_function:\n    loader_module: mlflow.${flavor}\n    model_path: ${data}\nrun_id: ${RUN}\nsignature:\n  inputs: '[{"type": "double", "name": "tenure"}]'\n  outputs: '[{"type": "long"}]'\n`;

describe('model-artifacts on the fixtures', () => {
  it('complete-handover: the approved kestrel-churn v2 is the DVC-tracked model its registry tags name, md5 agreeing, in a remote the access list names', async () => {
    const outcome = judged(await runRaw(check, path.join(FIXTURES, 'complete-handover')));
    expect(outcome.criteria).toEqual({ delivered: 1, hashed: 1, 'safe-format': 1, provenance: 1, signature: 1 });
    expect(outcome.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(outcome.evidence).toContainEqual(expect.objectContaining({ kind: 'approved-model', note: expect.stringMatching(/kestrel-churn v2 @champion .*retrievable: models\/kestrel-churn\.lgb \(DVC\), named by registry tag model_file · access: docs\/access\.md/) }));
    expect(outcome.evidence).toContainEqual(expect.objectContaining({ path: 'models/kestrel-churn.lgb', kind: 'model-store', note: 'kept in s3://kestrel-ml-data/dvc-store, named in docs/access.md' }));
  });

  it('partial-delivery: the approved fraud-score has no artifact (its MLmodel lacks model.xgb and its run is unknown)', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).toBe('fail');
    expect(findingIds(result)).toEqual(expect.arrayContaining(['approved-not-delivered', 'no-signature']));
    expect(result.findings.find((f) => f.id === 'approved-not-delivered')).toMatchObject({ path: 'evaluation/criteria.yml', line: 3 });
    expect(result.criteria.find((c) => c.id === 'delivered')?.value).toBe(0);
  });

  it('notebook-dump: a notebook fits and pickles a model but none is delivered: a fail, not a skip', async () => {
    const outcome = judged(await runRaw(check, path.join(FIXTURES, 'notebook-dump')));
    expect(findingIds(outcome)).toEqual(['no-model-delivered']);
    expect(outcome.findings[0].message).toMatch(/notebooks\/02_model_v3_final\.ipynb/);
  });

  it('an LLM application that only calls hosted APIs is skipped, saying so', async () => {
    const outcome = await runRaw(check, path.join(FIXTURES, 'llm-app-complete'));
    expect(outcome).toMatchObject({ status: 'skip', reason: expect.stringMatching(/trains and ships no model of its own.*hosted model APIs \(anthropic\)/) });
  });
});

describe('unsafe serialisation is found statically and never executed', () => {
  it('a pickle at the top level that runs a command is an error naming os.system; the command never runs', async () => {
    const dir = tempDir();
    const marker = path.join(dir, 'PWNED');
    const payload = pickle(op.global('os', 'system'), op.mark, op.string(`touch ${marker}`), op.tuple, op.reduce, op.stop);
    makeTree({ 'weights.dat': payload, 'train.py': 'model.fit(X, y)\n' }, dir);
    const outcome = judged(await runRaw(check, dir));
    const error = outcome.findings.find((f) => f.id === 'executes-code-on-load');
    expect(error).toMatchObject({ severity: 'error', path: 'weights.dat', message: expect.stringContaining('os.system') });
    expect(outcome.criteria['safe-format']).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it.each([
    ['stored', false],
    ['deflated', true],
  ])('a PyTorch ZIP checkpoint whose data.pkl calls builtins.exec (%s entries) is an error naming the entry', async (_label, deflate) => {
    const checkpoint = zipArchive({ 'archive/data.pkl': EXEC_P4, 'archive/version': '3\n', 'archive/data/0': new Uint8Array(16) }, { deflate });
    const outcome = judged(await runRaw(check, { 'checkpoints/best.pt': checkpoint, 'train.py': 'torch.save(model.state_dict(), path)\n' }));
    expect(outcome.findings.find((f) => f.id === 'executes-code-on-load')?.message).toMatch(/checkpoints\/best\.pt \(pytorch\) imports builtins\.exec \(in archive\/data\.pkl\)/);
    expect(outcome.evidence).toContainEqual(expect.objectContaining({ path: 'checkpoints/best.pt', kind: 'model-pytorch', note: expect.stringMatching(/PyTorch ZIP checkpoint: 3 entries, 1 pickle stream\(s\)/) }));
  });

  it('a joblib file whose array bytes sit inside the stream still shows the posix.system after them (plain and zlib-compressed)', async () => {
    const array = new Uint8Array(64).map((_, i) => (i * 37) % 256);
    const stream = Buffer.concat([
      op.proto(4),
      op.global('joblib.numpy_pickle', 'NumpyArrayWrapper'), op.emptyTuple, op.newObj, op.emptyDict, op.build,
      Buffer.from(array),
      op.global('posix', 'system'), op.mark, op.string('id'), op.tuple, op.reduce, op.stop,
    ]);
    const outcome = judged(await runRaw(check, { 'model.joblib': new Uint8Array(stream), 'model.z': deflateSync(stream), 'train.py': 'joblib.dump(clf, "model.joblib")\n' }));
    const errors = outcome.findings.filter((f) => f.id === 'executes-code-on-load');
    expect(errors.map((f) => f.path).sort()).toEqual(['model.joblib', 'model.z']);
    for (const error of errors) expect(error.message).toContain('posix.system');
  });

  it('a Keras archive whose config holds a Lambda layer is an error; one without is safe', async () => {
    const config = (layer: string) => JSON.stringify({ class_name: 'Sequential', config: { layers: [{ class_name: layer, config: { function: '4wEAAAAAAAAA' } }] } });
    const outcome = judged(await runRaw(check, {
      'export/lambda.keras': zipArchive({ 'metadata.json': '{"keras_version": "3.4.1"}', 'config.json': config('Lambda'), 'model.weights.h5': new Uint8Array(8) }),
      'export/dense.keras': zipArchive({ 'metadata.json': '{"keras_version": "3.4.1"}', 'config.json': config('Dense'), 'model.weights.h5': new Uint8Array(8) }),
    }));
    expect(outcome.findings.filter((f) => f.id === 'executes-code-on-load').map((f) => f.path)).toEqual(['export/lambda.keras']);
    expect(outcome.evidence.find((e) => e.path === 'export/dense.keras')?.note).toMatch(/load: safe/);
  });

  it('a PyTorch state dict of allow-listed rebuilders is a warning recommending safetensors, not an error', async () => {
    const outcome = judged(await runRaw(check, { 'model.pt': zipArchive({ 'model/data.pkl': torchStateDict(), 'model/data/0': new Uint8Array(16) }) }));
    expect(findingIds(outcome)).toContain('pickle-weights');
    expect(findingIds(outcome)).not.toContain('executes-code-on-load');
    expect(outcome.criteria['safe-format']).toBe(0.6);
    expect(outcome.findings.find((f) => f.id === 'pickle-weights')?.remediation).toMatch(/safetensors/);
  });

  it('a pickle importing a class of the vendor is a warning that lists it', async () => {
    const outcome = judged(await runRaw(check, { 'artifacts/estimator.pkl': pickle(op.proto(2), op.global('__main__', 'ChurnModel'), op.emptyTuple, op.newObj, op.stop) }));
    expect(outcome.findings.find((f) => f.id === 'unknown-pickle-imports')?.message).toMatch(/__main__\.ChurnModel/);
    expect(outcome.criteria['safe-format']).toBe(0.4);
  });

  it('a model pickle under a test folder is a test asset: listed, never judged as the delivery (#17)', async () => {
    // CD4ML-style layout: training code, and a joblib of the vendor's model class the tests load from test/resources/.
    const fixtureModel = pickle(op.proto(4), op.global('cd4ml.ml_model', 'MLModel'), op.emptyTuple, op.newObj, op.global('logging', 'getLogger'), op.stop);
    const files = {
      'cd4ml/train.py': 'def train(clf, data, target):\n    trained_model = clf.fit(data, target)\n    return trained_model\n',
      'test/test_model_cache.py': 'import joblib\n\ndef test_loads():\n    assert joblib.load("test/resources/full_model.pkl")\n',
    };
    for (const at of ['test/resources/full_model.pkl', 'tests/fixtures/model.pkl', 'src/__tests__/testdata/model.joblib']) {
      const outcome = judged(await runRaw(check, { ...files, [at]: fixtureModel }));
      expect(findingIds(outcome)).toEqual(['no-model-delivered']);
      expect(outcome.findings[0].message).toMatch(/are test assets, not the delivered model/);
      expect(outcome.findings.some((f) => f.path === at)).toBe(false);
      expect(outcome.evidence).toContainEqual(expect.objectContaining({ path: at, kind: 'model-test-asset', note: expect.stringMatching(/test asset, not judged$/) }));
    }
    // The same file outside a test folder is the delivered model and is judged.
    const delivered = judged(await runRaw(check, { ...files, 'models/full_model.pkl': fixtureModel }));
    expect(findingIds(delivered)).toContain('unknown-pickle-imports');
  });
});

describe('delivery, hashes and signatures of the approved model', () => {
  const approval = 'approvedModel:\n  name: churn\n  version: 1\ncriteria:\n  - metric: auc\n    comparison: ">="\n    threshold: 0.8\n    dataset: holdout\n';
  const weights = safetensorsFile({ 'dense.weight': { dtype: 'F32', shape: [4, 6] }, 'dense.bias': { dtype: 'F32', shape: [4] } });
  const sha256 = createHash('sha256').update(weights).digest('hex');

  it('the approved MLflow model delivered with safetensors weights, a signature and a matching SHA256SUMS earns full marks', async () => {
    const outcome = judged(await runRaw(check, {
      ...registry(),
      'evaluation/criteria.yml': approval,
      [`mlruns/1/${RUN}/artifacts/model/MLmodel`]: SIGNED_MLMODEL('model.safetensors', 'pytorch').replace('serialization_format: cloudpickle', 'serialization_format: safetensors'),
      [`mlruns/1/${RUN}/artifacts/model/model.safetensors`]: weights,
      'SHA256SUMS': `${sha256}  mlruns/1/${RUN}/artifacts/model/model.safetensors\n`,
    }));
    expect(outcome.criteria).toEqual({ delivered: 1, hashed: 1, 'safe-format': 1, provenance: 1, signature: 1 });
    expect(outcome.evidence.find((e) => e.kind === 'model-mlflow-model')?.note).toMatch(/MLflow model \(pytorch, python_function\), signature with 1 input/);
  });

  it('a recorded hash that differs from the delivered weights is an error', async () => {
    const outcome = judged(await runRaw(check, {
      ...registry(),
      'evaluation/criteria.yml': approval,
      [`mlruns/1/${RUN}/artifacts/model/MLmodel`]: SIGNED_MLMODEL('model.safetensors', 'pytorch'),
      [`mlruns/1/${RUN}/artifacts/model/model.safetensors`]: weights,
      'SHA256SUMS': `${'0'.repeat(64)}  model.safetensors\n`,
    }));
    expect(outcome.findings.find((f) => f.id === 'hash-mismatch')).toMatchObject({ severity: 'error' });
    expect(outcome.criteria.hashed).toBe(0);
  });

  it('an MLmodel without its model file is weights-missing; a registry source in a bucket no access list names is store-not-granted, and retrievable once named', async () => {
    const base = { ...registry({ source: 's3://acme-models/churn/1' }), 'evaluation/criteria.yml': approval };
    const missing = judged(await runRaw(check, { ...registry(), 'evaluation/criteria.yml': approval, [`mlruns/1/${RUN}/artifacts/model/MLmodel`]: SIGNED_MLMODEL('model.pkl') }));
    expect(findingIds(missing)).toContain('weights-missing');
    expect(missing.criteria.delivered).toBe(0.1);
    const ungranted = judged(await runRaw(check, base));
    expect(ungranted.findings.find((f) => f.id === 'store-not-granted')?.message).toMatch(/s3:\/\/acme-models\/churn\/1, which no access list \(none found\) names/);
    expect(ungranted.criteria.delivered).toBe(0.3);
    const access = '# Access\n\n| Access | What | Granted by |\n|---|---|---|\n| Model artifacts | S3 bucket `s3://acme-models` (model registry artifacts, read/write) | Acme cloud team, AWS IAM role churn-maintainer |\n';
    const granted = judged(await runRaw(check, { ...base, 'docs/access.md': access }));
    expect(granted.criteria.delivered).toBe(1);
    expect(granted.evidence.find((e) => e.kind === 'approved-model')?.note).toMatch(/retrievable: the registry version's source s3:\/\/acme-models\/churn\/1 · access: docs\/access\.md/);
  });

  it('an approval naming a Hugging Face Hub repository is retrievable only when an access list names the Hub organisation', async () => {
    const files = { 'evaluation/criteria.yml': 'approvedModel:\n  name: acme-ml/ticket-router\n  version: "3"\n', 'train.py': 'trainer = Trainer(model=model)\n' };
    const ungranted = judged(await runRaw(check, files));
    expect(ungranted.findings.find((f) => f.id === 'store-not-granted')?.message).toMatch(/https:\/\/huggingface\.co\/acme-ml\/ticket-router/);
    const access = '# Access\n\nThe receiving team gets write access to the Hugging Face organisation `acme-ml` (model repositories, granted by the ML platform team).\n';
    const granted = judged(await runRaw(check, { ...files, 'docs/access.md': access }));
    expect(granted.criteria.delivered).toBe(1);
  });

  it('models delivered without any approval or selection are judged, but the approved one is unknown', async () => {
    const outcome = judged(await runRaw(check, { 'out/model.safetensors': weights }));
    expect(findingIds(outcome)).toEqual(expect.arrayContaining(['approved-model-unknown', 'no-hash-recorded', 'no-signature']));
    expect(outcome.criteria).toMatchObject({ delivered: 0.5, 'safe-format': 1 });
  });

  it('a fine-tuned adapter names its base model; the licence comes from the model card', async () => {
    const adapter = {
      'adapter/adapter_config.json': JSON.stringify({ base_model_name_or_path: 'mistralai/Mistral-7B-v0.3', peft_type: 'LORA' }),
      'adapter/adapter_model.safetensors': weights,
    };
    const withoutLicence = judged(await runRaw(check, adapter));
    expect(findingIds(withoutLicence)).toContain('base-licence-missing');
    expect(withoutLicence.criteria.provenance).toBe(0.5);
    const card = '---\nlicense: apache-2.0\nbase_model: mistralai/Mistral-7B-v0.3\n---\n# Model Card\n\nFine-tuned from Mistral-7B-v0.3 (Apache-2.0 licence).\n';
    const withCard = judged(await runRaw(check, { ...adapter, 'MODEL_CARD.md': card }));
    expect(withCard.criteria.provenance).toBe(1);
    expect(withCard.evidence.find((e) => e.path === 'adapter')?.note).toMatch(/Hugging Face adapter folder: 1 weight file\(s\), base model mistralai\/Mistral-7B-v0\.3/);
  });

  it('a file under a model name that is no model format is reported, and files are found by their bytes whatever their name', async () => {
    const outcome = judged(await runRaw(check, { 'models/model.safetensors': 'not really weights\n', 'blob.data': weights }));
    expect(outcome.evidence.find((e) => e.path === 'blob.data')?.kind).toBe('model-safetensors');
    expect(outcome.findings.find((f) => f.id === 'not-inspected' && f.path === 'models/model.safetensors')?.message).toMatch(/no known model format/);
  });
});

describe('files over the hashing cap are read by header and directory only', () => {
  /** Runs the check with `maxHashBytes`, counting the bytes the snapshot hands out. */
  async function runCapped(files: Record<string, string | Uint8Array>, maxHashBytes: number) {
    const opened = await openTarget(makeTree(files));
    let served = 0;
    const snapshot = opened.snapshot;
    const range = snapshot.readRange.bind(snapshot);
    snapshot.readRange = async (path, offset, length) => {
      const read = await range(path, offset, length);
      if (read.ok) served += read.bytes.length;
      return read;
    };
    try {
      const outcome = judged(await check.run(snapshot, { locations: [], options: { maxHashBytes }, milestone: null, deadline: snapshot.deadline }));
      return { outcome, served };
    } finally {
      await opened.close();
    }
  }

  it('a 400 KB safetensors file over a 4 KiB cap: its header is parsed from a few KiB, nothing is hashed', async () => {
    const big = safetensorsFile({ 'embed.weight': { dtype: 'F32', shape: [1000, 100] } });
    const { outcome, served } = await runCapped({ 'weights/embed.safetensors': big }, 4096);
    expect(big.length).toBeGreaterThan(400_000);
    expect(outcome.evidence.find((e) => e.path === 'weights/embed.safetensors')?.note).toMatch(/^safetensors: 1 tensor\(s\) \(1 F32\), 100,000 parameters · load: safe$/);
    expect(served).toBeLessThan(70 * 1024);
  });

  it('a 1 MiB PyTorch checkpoint over the cap: the ZIP end, directory and data.pkl are read, and its os.system found', async () => {
    const checkpoint = zipArchive({ 'archive/data/0': new Uint8Array(1024 * 1024), 'archive/data.pkl': OS_SYSTEM_P0 });
    const { outcome, served } = await runCapped({ 'model.pt': checkpoint }, 4096);
    expect(outcome.findings.find((f) => f.id === 'executes-code-on-load')?.message).toMatch(/os\.system \(in archive\/data\.pkl\)/);
    expect(served).toBeLessThan(checkpoint.length / 4);
  });
});

describe('Snapshot.readRange', () => {
  it('reads a range of a local file, refuses symlinks and ranges past the end', async () => {
    const dir = makeTree({ 'a.bin': new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]), 'secret.txt': 'outside' });
    symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'link.bin'));
    const opened = await openTarget(dir);
    try {
      const { snapshot } = opened;
      const read = await snapshot.readRange('a.bin', 2, 3);
      expect(read.ok && [...read.bytes]).toEqual([2, 3, 4]);
      expect(await snapshot.readRange('a.bin', 6, 3)).toMatchObject({ ok: false, reason: 'io' });
      expect(await snapshot.readRange('link.bin', 0, 1)).toMatchObject({ ok: false, reason: 'symlink' });
      expect(await snapshot.readRange('nope.bin', 0, 1)).toMatchObject({ ok: false, reason: 'missing' });
    } finally {
      await opened.close();
    }
  });
});

describe('consistency uses the approved model hashes', () => {
  const lock = (md5: string) => `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: models/churn.pkl\n      hash: md5\n      md5: ${md5}\n      size: 2048\n`;
  const tree = (tagged: string) => ({
    ...registry({}, { model_file: 'models/churn.pkl', model_md5: tagged }),
    'dvc.lock': lock('0123456789abcdef0123456789abcdef'),
    '.dvc/config': "[core]\n    remote = store\n['remote \"store\"']\n    url = s3://acme-dvc/store\n",
  });

  it('a registry tag that agrees with dvc.lock is a model-hash-check ✓; one that differs is model-hash-differs, and model-artifacts calls it a mismatch', async () => {
    const { default: consistency } = await import('../checks/consistency.js');
    const agreeing = judged(await runRaw(consistency, tree('0123456789abcdef0123456789abcdef')));
    expect(agreeing.evidence).toContainEqual(expect.objectContaining({ kind: 'model-hash-check', path: 'mlruns/models/churn/version-1/tags/model_md5', note: expect.stringMatching(/= models\/churn\.pkl \(DVC\) ✓$/) }));
    expect(findingIds(agreeing)).not.toContain('model-hash-differs');
    const differing = judged(await runRaw(consistency, tree('fedcba9876543210fedcba9876543210')));
    expect(differing.findings.find((f) => f.id === 'model-hash-differs')).toMatchObject({ severity: 'error', path: 'mlruns/models/churn/version-1/tags/model_md5', message: expect.stringContaining('but models/churn.pkl has 0123456789ab… (DVC)') });
    const artifacts = judged(await runRaw(check, tree('fedcba9876543210fedcba9876543210')));
    expect(findingIds(artifacts)).toContain('hash-mismatch');
    expect(artifacts.criteria.hashed).toBe(0);
  });
});

describe('registration', () => {
  it('is registered after model-card, required from production on, and `explain model-artifacts` documents criteria and findings', async () => {
    const { CHECKS } = await import('../checks/index.js');
    const { MILESTONES } = await import('../src/policy/milestones.js');
    const { explainCheck } = await import('../src/cli/explain.js');
    const ids = CHECKS.map((c) => c.id);
    expect(ids.indexOf('model-artifacts')).toBe(ids.indexOf('model-card') + 1);
    expect(MILESTONES.pilot.required).not.toContain('model-artifacts');
    expect(MILESTONES.production.required).toContain('model-artifacts');
    expect(MILESTONES.handover.required).toContain('model-artifacts');
    const text = explainCheck(CHECKS, 'model-artifacts') ?? '';
    for (const id of ['delivered', 'hashed', 'safe-format', 'provenance', 'signature', 'executes-code-on-load', 'approved-not-delivered']) expect(text).toContain(id);
  });
});
