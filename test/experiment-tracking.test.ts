import path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import check from '../checks/experiment-tracking.js';
import { collectExperiments } from '../src/experiments/index.js';
import { openTarget } from '../src/targets.js';
import { experimentMeta, fileRun, goodFileStore, hex32, mlflowDb, NOTE, COMMIT, wandbRun, type Tree } from './experiment-tracking.helpers.js';
import { FIXTURES, findingIds, makeTree, runCheck } from './helpers.js';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await initSqlJs();
});

const criterion = (result: { criteria: Array<{ id: string; value: number }> }, id: string) => result.criteria.find((c) => c.id === id)?.value;

async function withSnapshot<T>(dir: string, fn: (snapshot: Awaited<ReturnType<typeof openTarget>>['snapshot']) => Promise<T>): Promise<T> {
  const opened = await openTarget(dir);
  try {
    return await fn(opened.snapshot);
  } finally {
    await opened.close();
  }
}

const registry = (name: string, versions: Array<{ version: number; runId: string; stage?: string }>, aliases: Record<string, string> = {}): Tree => {
  const tree: Tree = { [`mlruns/models/${name}/meta.yaml`]: `creation_timestamp: 1738663500000\ndescription: ''\nlast_updated_timestamp: 1738663500000\nname: ${name}\n` };
  for (const v of versions) {
    tree[`mlruns/models/${name}/version-${v.version}/meta.yaml`] = `current_stage: ${v.stage ?? 'None'}\nname: ${name}\nrun_id: ${v.runId}\nsource: file:///work/mlruns/1/${v.runId}/artifacts/model\nstatus: READY\nversion: ${v.version}\n`;
  }
  for (const [alias, version] of Object.entries(aliases)) tree[`mlruns/models/${name}/aliases/${alias}`] = version;
  return tree;
};

/** The MLflow model a run logged, with its weights (a tiny pickle of an int), as `mlflow.sklearn.log_model` writes it. */
const loggedModel = (runId: string, exp = '1'): Tree => ({
  [`mlruns/${exp}/${runId}/artifacts/model/MLmodel`]: `artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n    model_path: model.pkl\n    python_version: 3.11.9\n  sklearn:\n    pickled_model: model.pkl\n    serialization_format: cloudpickle\n    sklearn_version: 1.5.2\nrun_id: ${runId}\nsignature:\n  inputs: '[{"type": "double", "name": "tenure"}]'\n  outputs: '[{"type": "long"}]'\n`,
  [`mlruns/${exp}/${runId}/artifacts/model/model.pkl`]: new Uint8Array([0x80, 0x02, 0x4b, 0x01, 0x2e]),
});

describe('experiment-tracking on the fixtures', () => {
  it('passes complete-handover: five explained runs tied to commits and a champion alias', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(9);
    expect(result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(result.evidence).toContainEqual({
      path: 'mlruns/models/kestrel-churn/version-2/meta.yaml',
      kind: 'selected-model',
      note: expect.stringMatching(/^kestrel-churn v2 @champion · run lgbm-monotone-tuned \(9b6e1d4a\) · ece=0\.021, pr_auc=0\.74, precision=0\.52, recall=0\.78/),
    });
    expect(result.evidence.find((e) => e.kind === 'mlflow-file-store')?.note).toMatch(/2 experiment\(s\), 5 run\(s\), 5 with notes, 5 linked to commits/);
  });

  it('exports the selected model with its run\'s final metrics for other checks', async () => {
    const tracking = await withSnapshot(path.join(FIXTURES, 'complete-handover'), (snapshot) => collectExperiments(snapshot));
    const selected = tracking.selected!;
    expect(selected).toMatchObject({ modelName: 'kestrel-churn', version: '2', via: 'alias', aliases: ['champion'], hasSignature: true });
    expect(selected.run?.name).toBe('lgbm-monotone-tuned');
    expect(selected.run?.gitCommit).toBe('71d3b8e5c2a94f06d8b1e7c3a5f2094b6e8d1c37');
    expect(Object.fromEntries(Object.entries(selected.finalMetrics).map(([k, p]) => [k, p.value]))).toEqual({ ece: 0.021, pr_auc: 0.74, precision: 0.52, recall: 0.78, recall_gap_tenure: 0.04, roc_auc: 0.88, train_time_s: 845 });
    expect(selected.params).toMatchObject({ decision_threshold: '0.35', train_data: 'data/customers.parquet' });
    // Its dvc.yaml declares metrics too: the DVC experiments store adds the workspace run of dvc.lock.
    const mlflow = tracking.runs.filter((run) => run.store.kind === 'mlflow-file-store');
    expect(mlflow).toHaveLength(5);
    expect(mlflow.every((run) => run.hasGitCommit && run.paramCount > 0 && run.metricCount > 0)).toBe(true);
    expect(tracking.stores.find((store) => store.label === 'DVC experiments')?.runs.map((run) => run.id)).toEqual(['workspace']);
  });

  it('fails notebook-dump with a remediation; its printed results are a weak log (#18)', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('fail');
    // 4 result outputs (score, report, cv accuracy, a table of 3 configurations): runs-exist 0.25, params-metrics 0.2.
    expect(result.score).toBe(0.8);
    expect(findingIds(result)).toEqual(['no-tracking', 'results-only-in-notebooks']);
    expect(result.findings[0].remediation).toMatch(/mlruns\/ folder or mlflow\.db/);
  });

  it('names each defect of partial-delivery: corrupt database, orphaned artifacts, a W&B run without metrics or commit', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).toBe('fail');
    expect(result.score).toBeGreaterThan(0);
    const byId = (id: string) => result.findings.find((f) => f.id === id);
    expect(byId('store-unreadable')).toMatchObject({ path: 'mlflow.db', message: expect.stringMatching(/malformed/) });
    expect(byId('artifacts-without-metadata')?.path).toBe('mlruns/1/002ab3e1c9d84f2a6e07c5d1b9a37777');
    expect(byId('personal-data')?.path).toBe('wandb/offline-run-20250310_101500-3k9x2m1q/files/wandb-metadata.json');
    expect(findingIds(result)).toEqual(expect.arrayContaining(['runs-missing-metrics', 'runs-not-linked-to-code', 'decisions-not-visible', 'no-selected-model']));
  });
});

describe('MLflow file store', () => {
  it('scores a good store without a registry high but names the missing selection', async () => {
    const result = await runCheck(check, goodFileStore());
    expect(criterion(result, 'runs-exist')).toBe(1);
    expect(criterion(result, 'decisions')).toBe(1);
    expect(criterion(result, 'code-version')).toBe(1);
    expect(criterion(result, 'selected-model')).toBe(0);
    expect(findingIds(result)).toEqual(['no-selected-model']);
  });

  it('reads final metrics from legacy two-field lines for the champion, through the aliases folder', async () => {
    const champion = hex32(2);
    const tree = {
      ...goodFileStore(),
      ...fileRun({ id: champion, name: 'lgbm-tuned', params: { lr: '0.03' }, metrics: { pr_auc: '1500000000000 0.70\n1500000001000 0.74\n', recall: '1500000000000 0.78 0\n' }, note: NOTE, commit: COMMIT }),
      ...registry('churn', [{ version: 1, runId: hex32(1) }, { version: 2, runId: champion }], { champion: '2' }),
      ...loggedModel(champion),
    };
    const result = await runCheck(check, tree);
    expect(criterion(result, 'selected-model')).toBe(1);
    const tracking = await withSnapshot(makeTree(tree), (snapshot) => collectExperiments(snapshot));
    expect(tracking.selected).toMatchObject({ label: 'churn v2 @champion', finalMetrics: { pr_auc: { value: 0.74, step: 0 }, recall: { value: 0.78 } } });
  });

  it('counts nested tag keys as the vendor\'s tags and keeps mlflow.* tags apart', async () => {
    const runs = [0, 1, 2].map((n) => fileRun({ id: hex32(n), name: `lgbm-${n}`, params: { a: '1' }, metrics: { m: '1 0.5 0\n' }, note: NOTE, commit: COMMIT, tags: { 'team/owner': 'ml' } }));
    const nested = await runCheck(check, Object.assign({ 'mlruns/1/meta.yaml': experimentMeta('1', 'x') }, ...runs));
    expect(findingIds(nested)).not.toContain('no-user-tags');
    const plain = [0, 1, 2].map((n) => fileRun({ id: hex32(n), name: `lgbm-${n}`, params: { a: '1' }, metrics: { m: '1 0.5 0\n' }, note: NOTE, commit: COMMIT, tags: { 'mlflow.user': 'dev' } }));
    const untagged = await runCheck(check, Object.assign({ 'mlruns/1/meta.yaml': experimentMeta('1', 'x') }, ...plain));
    expect(findingIds(untagged)).toContain('no-user-tags');
    expect(criterion(untagged, 'decisions')).toBe(0.75);
  });

  it('does not count deleted runs, in place or in .trash, and fails run health when nothing finished', async () => {
    const tree = {
      'mlruns/1/meta.yaml': experimentMeta('1', 'churn'),
      ...fileRun({ id: hex32(1), name: 'lgbm-a', status: 4, params: { a: '1' }, metrics: { m: '1 0.5 0\n' } }),
      ...fileRun({ id: hex32(2), name: 'lgbm-b', status: 3, lifecycle: 'deleted', params: { a: '1' }, metrics: { m: '1 0.5 0\n' } }),
      'mlruns/.trash/2/meta.yaml': experimentMeta('2', 'old', 'deleted'),
      ...fileRun({ id: hex32(3), exp: '2', name: 'lgbm-c', params: { a: '1' } }, 'mlruns/.trash'),
    };
    const result = await runCheck(check, tree);
    expect(criterion(result, 'run-health')).toBe(0);
    expect(criterion(result, 'runs-exist')).toBe(0.33);
    const health = result.findings.find((f) => f.id === 'only-failed-runs');
    expect(health).toMatchObject({ path: 'mlruns', message: expect.stringMatching(/1 failed or killed, 2 deleted/) });
    expect(result.evidence.find((e) => e.kind === 'mlflow-file-store')?.note).toMatch(/3 run\(s\) \(2 deleted\)/);
  });

  it('takes the Production stage, or a run tag, when no alias is set', async () => {
    const staged = await runCheck(check, { ...goodFileStore(), ...registry('churn', [{ version: 1, runId: hex32(1), stage: 'Archived' }, { version: 2, runId: hex32(2), stage: 'Production' }]), ...loggedModel(hex32(2)) });
    expect(criterion(staged, 'selected-model')).toBe(1);
    expect(staged.evidence.find((e) => e.kind === 'selected-model')).toMatchObject({ path: 'mlruns/models/churn/version-2/meta.yaml', note: expect.stringMatching(/^churn v2 \[Production\]/) });

    const tagged = { ...goodFileStore(), ...loggedModel(hex32(2)) };
    tagged[`mlruns/1/${hex32(2)}/tags/selected`] = 'true';
    tagged[`mlruns/1/${hex32(1)}/tags/champion`] = 'false';
    const byTag = await runCheck(check, tagged);
    expect(criterion(byTag, 'selected-model')).toBe(0.8);
    expect(byTag.evidence.find((e) => e.kind === 'selected-model')?.path).toBe(`mlruns/1/${hex32(2)}/tags/selected`);
  });

  it('names registry defects: no version marked, a run that was not delivered, an alias to nowhere', async () => {
    const unmarked = await runCheck(check, { ...goodFileStore(), ...registry('churn', [{ version: 1, runId: hex32(1) }]) });
    expect(criterion(unmarked, 'selected-model')).toBe(0.3);
    expect(unmarked.findings.find((f) => f.id === 'no-selected-model')?.path).toBe('mlruns/models/churn');

    const missingRun = await runCheck(check, { ...goodFileStore(), ...registry('churn', [{ version: 1, runId: hex32(99) }], { champion: '1' }) });
    // Neither the run nor its model is delivered: the model-artifacts finding caps the criterion below the missing run's 0.6.
    expect(criterion(missingRun, 'selected-model')).toBe(0.5);
    expect(missingRun.findings.find((f) => f.id === 'selected-run-missing')).toMatchObject({ path: 'mlruns/models/churn/version-1/meta.yaml' });
    expect(findingIds(missingRun)).toContain('selected-model-not-delivered');

    const dangling = await runCheck(check, { ...goodFileStore(), ...registry('churn', [{ version: 1, runId: hex32(1) }], { champion: '7' }) });
    expect(dangling.findings.find((f) => f.id === 'malformed-file')).toMatchObject({ path: 'mlruns/models/churn/aliases/champion', message: expect.stringMatching(/@champion points at version 7/) });
  });

  it('finds generated names and silent runs, with the first offending run', async () => {
    const tree = {
      'mlruns/1/meta.yaml': experimentMeta('1', 'churn'),
      ...fileRun({ id: hex32(1), name: 'unruly-crab-868', params: { a: '1' }, metrics: { m: '1 0.5 0\n' }, note: 'test' }),
      ...fileRun({ id: hex32(2), name: 'bouncy-owl-12', params: { a: '1' }, metrics: { m: '1 0.5 0\n' } }),
      ...fileRun({ id: hex32(3), name: 'lgbm-tuned-3', params: { a: '1' }, metrics: { m: '1 0.5 0\n' } }),
    };
    const result = await runCheck(check, tree);
    expect(criterion(result, 'decisions')).toBeLessThan(0.2);
    const notes = result.findings.find((f) => f.id === 'runs-without-notes');
    expect(notes).toMatchObject({ path: `mlruns/1/${hex32(1)}`, message: expect.stringMatching(/3 of 3 run\(s\).*\(1 with a note too short/) });
    expect(result.findings.find((f) => f.id === 'generated-run-names')?.message).toMatch(/2 of 3 run\(s\).*unruly-crab-868/);
    expect(findingIds(result)).toContain('runs-not-linked-to-code');
  });

  it('reports a malformed meta.yaml with its line and keeps judging', async () => {
    const tree = goodFileStore();
    tree[`mlruns/1/${hex32(1)}/meta.yaml`] = 'run_id: x\nstatus: [3\n';
    const result = await runCheck(check, tree);
    const malformed = result.findings.find((f) => f.id === 'malformed-file');
    expect(malformed).toMatchObject({ path: `mlruns/1/${hex32(1)}/meta.yaml`, line: expect.any(Number) });
    expect(criterion(result, 'runs-exist')).toBe(1);
  });

  it('judges a large store from the listing, reading a bounded sample', async () => {
    const tree: Tree = { 'mlruns/1/meta.yaml': experimentMeta('1', 'sweep') };
    for (let n = 0; n < 1200; n++) {
      const dir = `mlruns/1/${hex32(n)}`;
      tree[`${dir}/meta.yaml`] = `run_id: ${hex32(n)}\nrun_name: depth-sweep-${n}\nstatus: 3\nlifecycle_stage: active\nexperiment_id: '1'\n`;
      tree[`${dir}/params/depth`] = String(n % 9);
      tree[`${dir}/metrics/auc`] = `1 0.${50 + (n % 40)} 0\n`;
      if (n % 2) tree[`${dir}/tags/mlflow.source.git.commit`] = COMMIT;
    }
    const result = await runCheck(check, tree, { checks: { 'experiment-tracking': { options: { inspectRuns: 100 } } } });
    const store = result.evidence.find((e) => e.kind === 'mlflow-file-store');
    expect(store?.note).toMatch(/1200 run\(s\), 0 with notes, 600 linked to commits, 1200 with params, 1200 with metrics/);
    expect(store?.note).toMatch(/files of 100 of 1200 runs read/);
    expect(result.evidence.filter((e) => e.kind === 'mlflow-file-store-run')).toHaveLength(0);
    expect(criterion(result, 'code-version')).toBe(0.63);
    expect(criterion(result, 'run-health')).toBe(1);
  });
});

describe('MLflow SQLite store', () => {
  const champion = hex32(3);
  const spec = () => ({
    experiments: [{ id: 0, name: 'Default' }, { id: 1, name: 'churn' }],
    runs: [1, 2, 3].map((n) => ({
      id: hex32(n),
      name: ['logreg-baseline', 'lgbm-default', 'lgbm-tuned'][n - 1],
      exp: 1,
      params: { lr: '0.1' },
      metrics: { pr_auc: [[0.6 + n / 100, 0, 1000], [0.7 + n / 100, 5, 2000]] as Array<[number, number, number]> },
      tags: { 'mlflow.note.content': NOTE, 'mlflow.source.git.commit': COMMIT, purpose: 'compare' },
    })),
    models: [{ name: 'churn', versions: [{ version: 1, runId: champion }], aliases: { champion: 1 } }],
  });

  it('judges mlflow.db (generated with MLflow\'s table names) and resolves the champion\'s final metrics', async () => {
    const dir = makeTree({ 'mlflow.db': mlflowDb(SQL, spec()), [`mlruns/1/${champion}/artifacts/model/MLmodel`]: 'artifact_path: model\nflavors: {sklearn: {}}\n' });
    const result = await runCheck(check, dir);
    expect(result.status).toBe('pass');
    expect(findingIds(result)).toEqual(['model-without-signature']);
    expect(result.evidence.find((e) => e.kind === 'mlflow-sqlite')?.note).toMatch(/2 experiment\(s\), 3 run\(s\), 3 with notes, 3 linked to commits/);
    const tracking = await withSnapshot(dir, (snapshot) => collectExperiments(snapshot));
    expect(tracking.selected).toMatchObject({ label: 'churn v1 @champion', runId: champion, mlmodelPath: `mlruns/1/${champion}/artifacts/model/MLmodel`, hasSignature: false });
    expect(tracking.selected?.finalMetrics.pr_auc.value).toBeCloseTo(0.73);
    expect(tracking.artifactOnly).toHaveLength(1); // explained by the database: no finding
  });

  it('recognises any *.db with MLflow tables and ignores other SQLite files', async () => {
    const result = await runCheck(check, { 'tracking/experiments.db': mlflowDb(SQL, spec()) });
    expect(result.evidence[0]).toMatchObject({ path: 'tracking/experiments.db', kind: 'mlflow-sqlite' });
    const other = new SQL.Database();
    other.run('CREATE TABLE cache (k TEXT, v TEXT)');
    const ignored = await runCheck(check, { 'app/cache.db': other.export() });
    other.close();
    expect(findingIds(ignored)).toEqual(['no-tracking']);
  });

  it('reports a corrupt mlflow.db, and one that is a Git LFS pointer, by name without crashing', async () => {
    const good = mlflowDb(SQL, { runs: Array.from({ length: 150 }, (_, n) => ({ id: hex32(n), params: { depth: String(n) } })) });
    const corrupt = good.slice(0, Math.floor(good.length / 2));
    corrupt.fill(0, 8192, 12288);
    const result = await runCheck(check, { 'mlflow.db': corrupt, 'store/mlflow.db': 'version https://git-lfs.github.com/spec/v1\noid sha256:' + 'a'.repeat(64) + '\nsize 9000000\n' });
    expect(result.status).toBe('fail');
    const unreadable = result.findings.filter((f) => f.id === 'store-unreadable');
    expect(unreadable.map((f) => f.path).sort()).toEqual(['mlflow.db', 'store/mlflow.db']);
    expect(unreadable.find((f) => f.path === 'store/mlflow.db')?.message).toMatch(/header is missing/);
    expect(findingIds(result)).not.toContain('no-tracking');
  });

  it('refuses a database over the size cap with a finding that says how to raise it', async () => {
    const result = await runCheck(check, { 'mlflow.db': mlflowDb(SQL, spec()) }, { checks: { 'experiment-tracking': { options: { sqliteMaxBytes: 1024 } } } });
    expect(result.findings.find((f) => f.id === 'store-unreadable')?.message).toMatch(/cap .*sqliteMaxBytes/);
  });
});

describe('W&B local runs', () => {
  const runs = (options: { commit?: string | null; email?: boolean } = {}): Tree => ({
    ...wandbRun({ dir: 'wandb/run-20251001_113846-iim876m0', id: 'iim876m0', style: 'core', params: { lr: 0.001, epochs: 10 }, summary: { val_auc: 0.9 }, ...options }),
    ...wandbRun({ dir: 'wandb/run-20251002_090000-zz11yy22', id: 'zz11yy22', style: 'legacy', params: { lr: 0.01 }, summary: { val_auc: 0.88 }, ...options }),
    ...wandbRun({ dir: 'wandb/offline-run-20251003_090000-ab12cd34', id: 'ab12cd34', style: 'legacy', params: { lr: 0.1 }, summary: { val_auc: 0.85 }, ...options }),
    'wandb/latest-run': '',
  });

  it('reads params from both config.yaml styles, metrics from the summary, commits from the metadata', async () => {
    const result = await runCheck(check, runs());
    expect(criterion(result, 'runs-exist')).toBe(1);
    expect(criterion(result, 'params-metrics')).toBe(1);
    expect(criterion(result, 'code-version')).toBe(1);
    expect(criterion(result, 'decisions')).toBe(0);
    expect(criterion(result, 'run-health')).toBe(1);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['decisions-not-visible', 'no-selected-model']));
    expect(result.evidence).toContainEqual({ path: 'wandb/run-20251002_090000-zz11yy22', kind: 'wandb-run', note: 'zz11yy22 · unknown · 1 param(s), 1 metric(s) · no note · commit 3f9c2a1' });
    expect(result.evidence.find((e) => e.kind === 'wandb')?.note).toMatch(/1 offline run\(s\) without a \.wandb\.synced marker.*latest-run link/);
    expect(result.status).not.toBe('pass');
  });

  it("reads the selected W&B run's final metrics and params, at the summary's step and time", async () => {
    const tree = runs();
    const dir = 'wandb/run-20251002_090000-zz11yy22';
    const metadata = JSON.parse(tree[`${dir}/files/wandb-metadata.json`] as string);
    tree[`${dir}/files/wandb-metadata.json`] = JSON.stringify({ ...metadata, tags: ['lightgbm', 'champion'] });
    const tracking = await withSnapshot(makeTree(tree), (snapshot) => collectExperiments(snapshot));
    expect(tracking.selected).toMatchObject({ via: 'run-tag', runId: 'zz11yy22', finalMetrics: { val_auc: { value: 0.88, step: 9, timestamp: 1759318786200 } }, params: { lr: '0.01' } });
    const result = await runCheck(check, tree);
    expect(result.evidence.find((e) => e.kind === 'selected-model')?.note).toMatch(/· val_auc=0\.88$/);
  });

  it('flags runs without a commit and metadata holding personal data', async () => {
    const result = await runCheck(check, runs({ commit: null, email: true }));
    expect(criterion(result, 'code-version')).toBe(0);
    expect(result.findings.find((f) => f.id === 'personal-data')?.message).toMatch(/^3 W&B metadata file/);
  });
});

describe('other trackers', () => {
  it('gives TensorBoard and Lightning logs partial credit and says what they cannot show', async () => {
    const result = await runCheck(check, {
      'runs/exp1/events.out.tfevents.1712345678.host.1234.0': new Uint8Array([1, 2, 3]),
      'runs/exp2/events.out.tfevents.1712345999.host.1234.0.v2': new Uint8Array([1, 2, 3]),
      'lightning_logs/version_0/events.out.tfevents.1712346000.host.99.0': new Uint8Array([1]),
      'lightning_logs/version_0/hparams.yaml': 'lr: 0.001\n',
      'runs/notes.txt': 'not an event file: events.out.tfevents',
    });
    const kinds = result.evidence.filter((e) => e.kind === 'tensorboard' || e.kind === 'lightning').map((e) => `${e.kind}:${e.path}`);
    expect(kinds.sort()).toEqual(['lightning:lightning_logs', 'tensorboard:runs']);
    // Lightning's run shows params and metrics, so it speaks for the history; one run of a partial store.
    expect(result.summary).toMatch(/^PyTorch Lightning logs lightning_logs: 1 active run/);
    expect(criterion(result, 'runs-exist')).toBe(0.23);
    expect(criterion(result, 'params-metrics')).toBe(1);
    expect(criterion(result, 'decisions')).toBe(0);
    expect(findingIds(result)).toContain('decisions-not-visible');
    expect(result.status).toBe('fail');
  });

  it('reads a Sacred run\'s comment and commit, and recognises DVCLive', async () => {
    const sacredRun = (n: number, status: string) => ({
      [`sacred_runs/${n}/run.json`]: JSON.stringify({ experiment: { name: 'churn', repositories: [{ url: 'git@example.invalid:churn.git', commit: COMMIT, dirty: false }] }, status, meta: { comment: 'Second try with class weights, because undersampling lost the rare plans.' } }),
      [`sacred_runs/${n}/config.json`]: '{"lr": 0.1}',
      [`sacred_runs/${n}/metrics.json`]: '{"auc": {"values": [0.8], "steps": [0], "timestamps": ["2025-01-01T00:00:00"]}}',
    });
    const result = await runCheck(check, { ...sacredRun(1, 'COMPLETED'), ...sacredRun(2, 'FAILED'), ...sacredRun(3, 'COMPLETED'), 'dvclive/metrics.json': '{"auc": 0.8, "step": 3}', 'dvclive/params.yaml': 'lr: 0.1\n' });
    expect(result.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['sacred', 'dvclive']));
    expect(result.summary).toMatch(/^Sacred file observer sacred_runs: 3 active run\(s\), 3 with notes, 3 linked to commits/);
    expect(criterion(result, 'code-version')).toBe(1);
    expect(criterion(result, 'decisions')).toBe(0.5);
  });

  it('counts Comet and Neptune offline data as opaque, and ClearML code as a pointer elsewhere', async () => {
    const result = await runCheck(check, {
      '.cometml-runs/4f2a9c.zip': new Uint8Array([0x50, 0x4b, 3, 4]),
      '.cometml-runs/77be01.zip': new Uint8Array([0x50, 0x4b, 3, 4]),
      'src/train.py': 'from clearml import Task\n\n\ntask = Task.init(project_name="churn", task_name="lgbm")\n',
    });
    expect(criterion(result, 'runs-exist')).toBeCloseTo(0.33, 2);
    const elsewhere = result.findings.filter((f) => f.id === 'tracked-elsewhere');
    expect(elsewhere.map((f) => [f.path, f.line])).toEqual([
      ['src/train.py', 4],
      ['.cometml-runs', undefined],
    ]);
    expect(result.status).toBe('fail');
  });

  it('reports ClearML-only code as no tracking, with the pointer as evidence', async () => {
    const result = await runCheck(check, { 'train.py': 'import clearml\nfrom clearml import Task\nTask.init(project_name="x")\n' });
    expect(findingIds(result).sort()).toEqual(['no-tracking', 'tracked-elsewhere']);
    expect(result.evidence).toEqual([{ path: 'train.py', line: 3, kind: 'clearml-task', note: 'ClearML Task.init: runs are logged to a ClearML server' }]);
  });
});

describe('the experiments model', () => {
  it('is built once per snapshot', async () => {
    await withSnapshot(makeTree(goodFileStore()), async (snapshot) => {
      const first = collectExperiments(snapshot);
      expect(collectExperiments(snapshot)).toBe(first);
      expect((await first).stores[0].runs.map((r) => r.name).sort()).toEqual(['lgbm-default', 'lgbm-tuned', 'logreg-baseline']);
    });
  });
});

describe('DVC experiments as experiment tracking', () => {
  const PIPELINE = [
    'stages:',
    '  train:',
    '    cmd: python src/train.py',
    '    params: [train.n_est, train.seed]',
    '    outs: [model.pkl]',
    '  evaluate:',
    '    cmd: python src/evaluate.py model.pkl',
    '    deps: [model.pkl]',
    '    outs: [eval]',
    'metrics:',
    '- eval/metrics.json',
    'plots:',
    '- ROC:',
    '    x: fpr',
    '    y:',
    '      eval/plots/sklearn/roc/test.json: tpr',
    '',
  ].join('\n');
  const LOCK = 'schema: "2.0"\nstages:\n  evaluate:\n    cmd: python src/evaluate.py model.pkl\n    outs:\n    - path: eval\n      md5: 80a081570c800c60b9b98ca4b3c91dd7.dir\n';

  it('reads a dvc.yaml declaring metrics and plots, the dvc.lock run and refs/exps experiments, and says the outputs are in the DVC remote', async () => {
    const { simpleGit } = await import('simple-git');
    const dir = makeTree({ 'dvc.yaml': PIPELINE, 'dvc.lock': LOCK, 'params.yaml': 'train:\n  n_est: 50\n  seed: 20170428\n', '.gitignore': '/eval\n/model.pkl\n' });
    const git = simpleGit(dir);
    await git.init().addConfig('user.email', 't@example.com').addConfig('user.name', 'T');
    await git.add('.').commit('pipeline');
    const head = (await git.revparse(['HEAD'])).trim();
    await git.raw(['update-ref', `refs/exps/${head.slice(0, 2)}/${head.slice(2)}/bigrams-tuned`, head]);
    await git.raw(['update-ref', `refs/exps/${head.slice(0, 2)}/${head.slice(2)}/more-trees`, head]);
    const result = await runCheck(check, dir);
    expect(criterion(result, 'runs-exist')).toBeGreaterThan(0.5);
    expect(criterion(result, 'code-version')).toBe(1);
    const store = result.evidence.find((e) => e.kind === 'dvclive' && e.path === 'dvc.yaml');
    expect(store?.note).toMatch(/DVC experiments: 3 run\(s\)/);
    expect(store?.note).toMatch(/2 experiment\(s\) kept as git refs/);
    const elsewhere = result.findings.filter((f) => f.id === 'tracked-elsewhere');
    expect(elsewhere.map((f) => f.message).join('\n')).toMatch(/DVC remote \(eval\/metrics\.json/);
    expect(findingIds(result)).not.toContain('no-tracking');
  });

  it('does not take a data pipeline without metrics or plots for experiments', async () => {
    const result = await runCheck(check, { 'dvc.yaml': 'stages:\n  prepare:\n    cmd: python prepare.py\n    outs: [data/prepared]\n', 'dvc.lock': 'schema: "2.0"\nstages: {}\n', 'params.yaml': 'seed: 1\n' });
    expect(findingIds(result)).toContain('no-tracking');
    expect(criterion(result, 'runs-exist')).toBe(0);
  });

  it('counts DVCLive output declared and committed without claiming it lives elsewhere', async () => {
    const result = await runCheck(check, {
      'dvclive/dvc.yaml': 'metrics:\n- metrics.json\nplots:\n- plots/metrics:\n    x: step\n',
      'dvclive/metrics.json': '{"acc": 0.91}',
      'dvclive/params.yaml': 'lr: 0.01\n',
    });
    expect(findingIds(result)).not.toContain('no-tracking');
    expect(result.findings.filter((f) => f.id === 'tracked-elsewhere' && /DVC remote/.test(f.message))).toEqual([]);
  });
});

// #17: a model that is marked but not delivered is not fully credited, and runs stuck in RUNNING are not results.
describe('precision (#17)', () => {
  const commitTags = { 'mlflow.source.git.commit': COMMIT, 'mlflow.note.content': NOTE };
  /** The layout of an `mlflow server` working folder: mlflow.db committed, mlartifacts/ git-ignored, so not delivered. */
  const serverFolder = (): Tree => {
    const runs = Array.from({ length: 9 }, (_, n) => ({
      id: hex32(40 + n),
      name: n === 8 ? 'xgb-final' : `xgb-trial-${n}`,
      exp: 1,
      status: n === 8 ? 'FINISHED' : 'RUNNING',
      params: { max_depth: String(3 + n) },
      metrics: { val_auc: [[0.8 + n / 100, 0, 1738663650000]] as Array<[number, number, number]> },
      tags: { ...commitTags, purpose: 'tuning' },
    }));
    return {
      '.gitignore': 'mlartifacts/\n__pycache__/\n',
      'mlflow.db': mlflowDb(SQL, { experiments: [{ id: 0, name: 'Default' }, { id: 1, name: 'fraud-xgb' }], runs, models: [{ name: 'fraud-xgb', versions: Array.from({ length: 10 }, (_, n) => ({ version: n + 1, runId: hex32(40 + Math.min(n, 8)), source: `mlflow-artifacts:/1/${hex32(40 + Math.min(n, 8))}/artifacts/model` })), aliases: { best_model: 10 } }] }),
      'train.py': 'import mlflow\nwith mlflow.start_run():\n    mlflow.xgboost.log_model(model, "model")\n',
    };
  };

  it('caps the selected model whose artifacts are not delivered and points at model-artifacts', async () => {
    const result = await runCheck(check, serverFolder());
    expect(result.evidence.find((e) => e.kind === 'selected-model')?.note).toMatch(/^fraud-xgb v10 @best_model/);
    expect(result.findings.find((f) => f.id === 'selected-model-not-delivered')).toMatchObject({
      severity: 'warning',
      path: 'mlflow.db',
      message: 'fraud-xgb v10 @best_model is the selected model, but it cannot be loaded from the delivery: no artifact, pointer or store reference names this version (see the model-artifacts check).',
    });
    expect(criterion(result, 'selected-model')).toBe(0.5);
  });

  it('a DVC pipeline whose only run is its workspace (dvc.lock) is not "no selected model"', async () => {
    const pipeline = 'stages:\n  train:\n    cmd: python src/train.py data/features model.pkl\n    deps: [data/features, src/train.py]\n    params: [train.seed, train.n_est]\n    outs: [model.pkl]\n  evaluate:\n    cmd: python src/evaluate.py model.pkl data/features\n    deps: [model.pkl, src/evaluate.py]\n    outs: [eval]\nmetrics:\n- eval/metrics.json\n';
    const lock = "schema: '2.0'\nstages:\n  train:\n    cmd: python src/train.py data/features model.pkl\n    outs:\n    - path: model.pkl\n      hash: md5\n      md5: 46865edbf3d62fc5c039dd9d2b0567a4\n      size: 1763725\n";
    const result = await runCheck(check, { 'dvc.yaml': pipeline, 'dvc.lock': lock, 'params.yaml': 'train:\n  seed: 20170428\n  n_est: 50\n' });
    expect(findingIds(result)).not.toContain('no-selected-model');
    expect(criterion(result, 'selected-model')).toBe(0.8);
    expect(result.evidence).toContainEqual(expect.objectContaining({ kind: 'selected-model', path: 'dvc.lock', note: expect.stringMatching(/^workspace \(dvc\.lock\): the only run/) }));
  });

  it('counts runs stuck in RUNNING as unfinished, not as delivered runs', async () => {
    const result = await runCheck(check, serverFolder());
    expect(result.findings.find((f) => f.id === 'runs-unfinished')).toMatchObject({
      severity: 'warning',
      message: expect.stringMatching(/^8 of 9 run\(s\) in mlflow\.db are still RUNNING, with no end recorded: xgb-trial-0 \([0-9a-f]{8}\), xgb-trial-1 \([0-9a-f]{8}\), xgb-trial-2 \([0-9a-f]{8}\), and 5 more\. .*; 1 finished and kept\.$/),
    });
    expect(criterion(result, 'runs-exist')).toBe(0.33);
    expect(criterion(result, 'run-health')).toBeLessThan(0.5);
    expect(result.summary).toContain('9 active run(s) (8 never finished)');
  });
});
