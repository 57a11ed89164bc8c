// The consistency check on the fixtures, on small trees per cross-check (thresholds against logged
// metrics, documented numbers, dataset hashes, run commits in real git repositories), and its helpers.
import { createHash } from 'node:crypto';
import path from 'node:path';
import initSqlJs from 'sql.js';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import check from '../checks/consistency.js';
import type { CheckOutcome } from '../src/check.js';
import { groupGates } from '../src/consistency/gates.js';
import { matchLoggedMetric, normaliseMetricName, type LoggedMetric } from '../src/consistency/metric-match.js';
import { agreesWhenRounded } from '../src/consistency/thresholds.js';
import { evaluationThresholds } from '../src/evaluation/index.js';
import { openTarget } from '../src/targets.js';
import { COMMIT, experimentMeta, fileRun, hex32, mlflowDb, NOTE, wandbRun, type Tree } from './experiment-tracking.helpers.js';
import { FIXTURES, findingIds, makeTree, runCheck, runRaw, tempDir } from './helpers.js';
import { commitAll, fixtureRepo, makeGitRepo, testGit, writeFiles } from './remote-fixtures.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function judged(outcome: CheckOutcome) {
  if (outcome.status !== 'judged') throw new Error(`expected a judged outcome, got ${outcome.status}`);
  return outcome;
}

const byId = <T extends { id: string }>(outcome: { findings: T[] }, id: string): T[] => outcome.findings.filter((finding) => finding.id === id);
const notes = (outcome: { evidence: Array<{ kind: string; note?: string }> }, kind: string) => outcome.evidence.filter((item) => item.kind === kind).map((item) => item.note ?? '');

/** A criteria file with one gate per line of `gates` ([metric, comparison, threshold, extra YAML]). */
function criteriaFile(gates: Array<[string, string, number, string?]>, approved?: { version: number }): string {
  const lines = approved ? [`approvedModel: {name: churn, version: ${approved.version}}`, 'approvedBy: Priya Raman', 'date: 2025-06-12'] : [];
  lines.push('criteria:');
  for (const [metric, comparison, threshold, extra] of gates) {
    lines.push(`  - metric: ${metric}`, `    comparison: "${comparison}"`, `    threshold: ${threshold}`, '    dataset: holdout-2025Q2', '    split: test');
    if (extra) lines.push(`    ${extra}`);
  }
  return lines.join('\n') + '\n';
}

/** An MLflow file store with a registered model `churn` whose alias `champion` points at a run logging `metrics`. */
function championStore(metrics: Record<string, number>, options: { commit?: string; version?: number } = {}): Tree {
  const champion = hex32(7);
  const version = options.version ?? 2;
  const metricFiles = Object.fromEntries(Object.entries(metrics).map(([key, value]) => [key, `1741105369000 ${value} 10\n`]));
  return {
    'mlruns/1/meta.yaml': experimentMeta('1', 'churn'),
    ...fileRun({ id: hex32(1), name: 'logreg-baseline', params: { C: '1.0' }, metrics: { pr_auc: '1741105369000 0.61 0\n' }, note: NOTE, commit: options.commit ?? COMMIT }),
    ...fileRun({ id: champion, name: 'lgbm-tuned', params: { lr: '0.03' }, metrics: metricFiles, note: NOTE, commit: options.commit ?? COMMIT }),
    'mlruns/models/churn/meta.yaml': `name: churn\ndescription: churn model\ncreation_timestamp: 1741166120000\nlast_updated_timestamp: 1741166120000\n`,
    [`mlruns/models/churn/version-${version}/meta.yaml`]: `name: churn\nversion: ${version}\ncurrent_stage: None\nrun_id: ${champion}\nsource: mlruns/1/${champion}/artifacts/model\nstatus: READY\n`,
    'mlruns/models/churn/aliases/champion': String(version),
  };
}

describe('consistency on the fixtures', () => {
  it('passes complete-handover: the champion meets every gate it logs, documents agree, DVC hashes agree', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(8);
    const criteria = Object.fromEntries(result.criteria.map((criterion) => [criterion.id, criterion.value]));
    expect(criteria).toMatchObject({ reported: 1, datasets: 1 });
    // A fixture folder has no git history: the commits criterion leaves the weight (#18) instead of half credit.
    expect(result.criteria.find((criterion) => criterion.id === 'commits')).toMatchObject({ excluded: 'unsupported' });
    expect(criteria.thresholds).toBe(1);
    expect(result.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'selected-model', path: 'mlruns/models/kestrel-churn/version-2/meta.yaml', note: expect.stringContaining('kestrel-churn v2 @champion') }),
        expect.objectContaining({ kind: 'threshold-check', path: 'evaluation/criteria.yml', line: 19, note: expect.stringMatching(/^pr_auc 0\.74 ≥ 0\.70 ✓; logged in mlruns\/417305729481203566\/9b6e1d4a8c3f4a27b0d5e9c2a6f8b153\/metrics\/pr_auc$/) }),
        expect.objectContaining({ kind: 'threshold-check', path: 'docs/evaluation/acceptance-criteria.md', line: 25, note: expect.stringContaining('recall 0.78 ≥ 0.75 ✓') }),
        expect.objectContaining({ kind: 'reported-value', path: 'MODEL_CARD.md', line: 36, note: expect.stringContaining('documented = recall 0.78 logged ✓') }),
        expect.objectContaining({ kind: 'approval-check', path: 'evaluation/criteria.yml', note: expect.stringContaining('kestrel-churn version 2 approved; the tracker selects kestrel-churn v2 @champion ✓') }),
        expect.objectContaining({ kind: 'dataset-hash-pair', path: 'data/customers.parquet.dvc', line: 2, note: expect.stringContaining('md5 9a7510d5c4d6… = md5 9a7510d5c4d6… (data/customers.parquet.dvc:2 vs dvc.lock:6) ✓') }),
        expect.objectContaining({ kind: 'dataset-file-check', path: 'dvc.lock', line: 42, note: expect.stringContaining('data/reference/plan_catalog.csv against the file present: match') }),
        expect.objectContaining({ kind: 'git-commit', note: expect.stringContaining("71d3b8e5c2a9 (the selected model's run lgbm-monotone-tuned): unverifiable (no git history)") }),
      ]),
    );
    // Every gate statement is a pair in the evidence, the duplicates across files included.
    expect(notes(result, 'threshold-check')).toHaveLength(19);
    expect(findingIds(result).filter((id) => result.findings.find((f) => f.id === id)?.severity === 'error')).toEqual([]);
    // Calibration and the fairness gap are logged under the keys the criteria file names (`loggedAs`).
    expect(byId(result, 'metric-not-logged')).toEqual([]);
    expect(result.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'threshold-check', path: 'evaluation/criteria.yml', line: 55, note: expect.stringContaining('ece 0.021 ≤ 0.050 ✓') }),
        expect.objectContaining({ kind: 'threshold-check', path: 'evaluation/criteria.yml', line: 79, note: expect.stringContaining('0.04 ≤ 0.05 ✓') }),
      ]),
    );
    expect(byId(result, 'metric-logged-elsewhere')).toMatchObject([{ severity: 'info', path: 'evaluation/criteria.yml', line: 67 }]);
    expect(findingIds(result)).toContain('commits-unverifiable');
  });

  it('skips notebook-dump: nothing to cross-check takes nothing off (a safeguard, #18)', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('skip');
    expect(result.score).toBeNull();
    expect(result.findings).toEqual([]);
    expect(result.summary).toMatch(/^Nothing to cross-check: no acceptance threshold, no tracked run or registered model, no documented value and no dataset declared with a hash/);
  });

  it('names the real mismatch in partial-delivery: .dvc file and dvc.lock pin different versions', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).toBe('fail');
    const conflict = byId(result, 'hash-conflict');
    expect(conflict).toMatchObject([{ severity: 'error', path: 'data/transactions.csv.dvc', line: 2 }]);
    expect(conflict[0].message).toContain('md5 9f2c1e7d4b8a… ≠ md5 fc15a1006b73…');
    expect(conflict[0].message).toContain('dvc.lock:6');
    expect(findingIds(result)).toEqual(expect.arrayContaining(['no-selected-model', 'no-commits-recorded']));
    expect(result.criteria.find((criterion) => criterion.id === 'datasets')?.value).toBe(0);
  });
});

describe('acceptance thresholds against the selected model', () => {
  const gates = criteriaFile([
    ['PR-AUC', '>=', 0.9],
    ['Recall @ 0.35', '>=', 0.8],
    ['ECE', '<=', 0.05],
  ]);

  it('flags a missed gate with both numbers and the criterion line, and lists the gates that hold', async () => {
    const outcome = judged(await runRaw(check, { ...championStore({ pr_auc: 0.91, recall: 0.71, ece: 0.03 }), 'evaluation/criteria.yml': gates }));
    const missed = byId(outcome, 'threshold-missed');
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ severity: 'error', path: 'evaluation/criteria.yml', line: 7, criterion: 'thresholds' });
    expect(missed[0].message).toMatch(/^recall 0\.71 < 0\.80 ✗: churn v2 @champion misses the gate "Recall @ 0\.35 ≥ 0\.80" on holdout-2025Q2/);
    expect(notes(outcome, 'threshold-check')).toEqual([expect.stringMatching(/^pr_auc 0\.91 ≥ 0\.90 ✓/), expect.stringMatching(/^recall 0\.71 < 0\.80 ✗/), expect.stringMatching(/^ece 0\.03 ≤ 0\.05 ✓/)]);
    expect(outcome.criteria.thresholds).toBe(0);
  });

  it('gives full marks when every gate is logged and met', async () => {
    const outcome = judged(await runRaw(check, { ...championStore({ pr_auc: 0.91, recall: 0.82, ece: 0.03 }), 'evaluation/criteria.yml': gates }));
    expect(byId(outcome, 'threshold-missed')).toEqual([]);
    expect(outcome.criteria.thresholds).toBe(1);
  });

  it('says when the gates were met by a model the delivery does not hold (#17)', async () => {
    const tree = { ...championStore({ pr_auc: 0.91, recall: 0.82, ece: 0.03 }), 'evaluation/criteria.yml': gates };
    const absent = judged(await runRaw(check, tree));
    expect(absent.summary).toMatch(/^churn v2 @champion: 3 of 3 acceptance gate\(s\) met, 0 missed \(by its run's logged metrics; churn v2 @champion itself cannot be loaded from the delivery, see model-artifacts\);/);
    const model = `mlruns/1/${hex32(7)}/artifacts/model`;
    const delivered = judged(
      await runRaw(check, {
        ...tree,
        [`${model}/MLmodel`]: `artifact_path: model\nflavors:\n  sklearn:\n    pickled_model: model.pkl\n    serialization_format: cloudpickle\nrun_id: ${hex32(7)}\n`,
        [`${model}/model.pkl`]: new Uint8Array([0x80, 0x02, 0x4b, 0x01, 0x2e]),
      }),
    );
    expect(delivered.summary).toMatch(/^churn v2 @champion: 3 of 3 acceptance gate\(s\) met, 0 missed;/);
  });

  it('matches spellings and splits: val_/test_ prefixes, val/ folders, never a training metric', async () => {
    const outcome = judged(
      await runRaw(check, {
        ...championStore({ train_pr_auc: 0.99, val_pr_auc: 0.95, test_pr_auc: 0.85, 'val/recall': 0.81, accuracy_score: 0.9 }),
        'evaluation/criteria.yml': criteriaFile([
          ['pr-auc', '>=', 0.9],
          ['Recall', '>=', 0.8],
          ['Accuracy', '>', 0.8],
        ]),
      }),
    );
    // The gate is on the test split: test_pr_auc answers it, not the validation or training value.
    expect(notes(outcome, 'threshold-check')).toEqual([expect.stringMatching(/^test_pr_auc 0\.85 < 0\.90 ✗/), expect.stringMatching(/^val\/recall 0\.81 ≥ 0\.80 ✓/), expect.stringMatching(/^accuracy_score 0\.9 > 0\.8 ✓/)]);
  });

  it('warns on a gate with no logged metric and notes serving gates as measured elsewhere', async () => {
    const outcome = judged(
      await runRaw(check, {
        ...championStore({ pr_auc: 0.91 }),
        'evaluation/criteria.yml': criteriaFile([
          ['PR-AUC', '>=', 0.9],
          ['Brier score', '<=', 0.1],
          ['p95 latency', '<=', 150, 'unit: ms'],
        ]),
      }),
    );
    expect(byId(outcome, 'metric-not-logged')).toMatchObject([{ severity: 'warning', path: 'evaluation/criteria.yml', line: 7 }]);
    expect(byId(outcome, 'metric-logged-elsewhere')).toMatchObject([{ severity: 'info', line: 12 }]);
    // One of two comparable gates has a logged value: 0.7 + 0.3 × 1/2.
    expect(outcome.criteria.thresholds).toBeCloseTo(0.85);
  });

  it('compares the same gate once when several documents state it, citing each', async () => {
    const table = '# Acceptance criteria\n\n| Metric | Dataset / split | Threshold | Measured |\n|---|---|---|---|\n| PR-AUC | holdout-2025Q2 / test | ≥ 0.90 | 0.91 |\n';
    const outcome = judged(await runRaw(check, { ...championStore({ pr_auc: 0.85 }), 'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9]]), 'docs/evaluation/acceptance-criteria.md': table }));
    const missed = byId(outcome, 'threshold-missed');
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ path: 'evaluation/criteria.yml', line: 2 });
    expect(missed[0].message).toContain('also stated in docs/evaluation/acceptance-criteria.md:5');
    expect(outcome.evidence.filter((item) => item.kind === 'threshold-check').map((item) => `${item.path}:${item.line}`)).toEqual(['evaluation/criteria.yml:2', 'docs/evaluation/acceptance-criteria.md:5']);
    // The table's "Measured 0.91" is not what the champion logged.
    expect(byId(outcome, 'reported-differs')).toMatchObject([{ path: 'docs/evaluation/acceptance-criteria.md', line: 5, message: expect.stringContaining('reports PR-AUC 0.91, but churn v2 @champion logged pr_auc 0.85') }]);
  });

  it('reads the champion from an MLflow SQLite store', async () => {
    const SQL = await initSqlJs();
    const run = hex32(3);
    const db = mlflowDb(SQL, {
      runs: [{ id: run, name: 'lgbm-tuned', metrics: { pr_auc: [[0.8, 1, 10], [0.88, 2, 20]], recall: [[0.79, 2, 20]] }, tags: { 'mlflow.source.git.commit': COMMIT } }],
      models: [{ name: 'churn', versions: [{ version: 1, runId: run }], aliases: { champion: 1 } }],
    });
    const outcome = judged(await runRaw(check, { 'mlflow.db': db, 'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9], ['Recall', '>=', 0.75]]) }));
    expect(notes(outcome, 'threshold-check')).toEqual([expect.stringMatching(/^pr_auc 0\.88 < 0\.90 ✗; logged in mlflow\.db$/), expect.stringMatching(/^recall 0\.79 ≥ 0\.75 ✓/)]);
  });

  it('takes a W&B run tagged champion and compares its summary', async () => {
    const dir = 'wandb/run-20251001_113846-iim876m0';
    const tree = wandbRun({ dir, id: 'iim876m0', style: 'core', params: { lr: 0.03 }, summary: { pr_auc: 0.93, recall: 0.62, _runtime: 61 } });
    const metadata = JSON.parse(tree[`${dir}/files/wandb-metadata.json`] as string);
    tree[`${dir}/files/wandb-metadata.json`] = JSON.stringify({ ...metadata, tags: ['lightgbm', 'champion'] });
    const outcome = judged(await runRaw(check, { ...tree, 'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9], ['Recall', '>=', 0.8]]) }));
    expect(outcome.evidence.find((item) => item.kind === 'selected-model')?.note).toMatch(/selection tag; run iim876m0; 2 logged metric\(s\)/);
    expect(byId(outcome, 'threshold-missed').map((finding) => finding.message)).toEqual([expect.stringMatching(/^recall 0\.62 < 0\.80 ✗/)]);
    expect(notes(outcome, 'threshold-check')[0]).toBe(`pr_auc 0.93 ≥ 0.90 ✓; logged in ${dir}/files/wandb-summary.json`);
  });

  it('turns a corrupt W&B summary of the selected run into a finding naming the file', async () => {
    const dir = 'wandb/run-20251001_113846-iim876m0';
    const tree = wandbRun({ dir, id: 'iim876m0', style: 'core', params: { lr: 0.03 } });
    const metadata = JSON.parse(tree[`${dir}/files/wandb-metadata.json`] as string);
    tree[`${dir}/files/wandb-metadata.json`] = JSON.stringify({ ...metadata, tags: ['champion'] });
    tree[`${dir}/files/wandb-summary.json`] = '{"pr_auc": 0.93, "recall": [1, 2,';
    const outcome = judged(await runRaw(check, { ...tree, 'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9]]) }));
    expect(byId(outcome, 'selected-without-metrics')[0].message).toContain(`${dir}/files/wandb-summary.json could not be parsed`);
    expect(outcome.criteria.thresholds).toBe(0);
  });

  it('names the missing selection when runs exist but none is marked', async () => {
    const tree: Tree = { 'mlruns/1/meta.yaml': experimentMeta('1', 'churn'), ...fileRun({ id: hex32(1), name: 'lgbm', params: { lr: '0.1' }, metrics: { pr_auc: '1 0.9 0\n' }, note: NOTE, commit: COMMIT }) };
    const outcome = judged(await runRaw(check, { ...tree, 'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9]]) }));
    expect(byId(outcome, 'no-selected-model')).toMatchObject([{ severity: 'error', path: 'mlruns', message: expect.stringContaining('1 tracked run(s) in mlruns, but none is marked') }]);
    expect(outcome.criteria.thresholds).toBe(0);
  });

  it('a DVC workspace run is tied to the delivered commit by dvc.lock, not "records no commit" (#17)', async () => {
    const dir = await makeGitRepo({
      'dvc.yaml': 'stages:\n  train:\n    cmd: python src/train.py\n    deps: [src/train.py]\n    params: [train.seed]\n    outs: [model.pkl]\nmetrics:\n- eval/metrics.json\n',
      'dvc.lock': "schema: '2.0'\nstages:\n  train:\n    cmd: python src/train.py\n    outs:\n    - path: model.pkl\n      hash: md5\n      md5: 46865edbf3d62fc5c039dd9d2b0567a4\n      size: 1763725\n",
      'params.yaml': 'train:\n  seed: 20170428\n',
      'src/train.py': 'print("train")\n',
    });
    const outcome = judged(await runRaw(check, dir));
    expect(findingIds({ findings: outcome.findings } as never)).not.toContain('no-commits-recorded');
    expect(notes(outcome, 'git-commit')).toEqual(['workspace (dvc.lock): recorded in dvc.lock, a file of the delivered commit ✓']);
    // The workspace run is the delivered one: without gates, only no-thresholds is said.
    expect(findingIds({ findings: outcome.findings } as never)).toEqual(expect.arrayContaining(['no-thresholds']));
    expect(findingIds({ findings: outcome.findings } as never)).not.toContain('no-selected-model');
    expect(outcome.criteria.commits).toBe(1);
  });

  it('without gates, does not speak of "0 acceptance gate(s)" (#17)', async () => {
    const tree: Tree = { 'mlruns/1/meta.yaml': experimentMeta('1', 'churn'), ...fileRun({ id: hex32(1), name: 'lgbm', params: { lr: '0.1' }, metrics: { pr_auc: '1 0.9 0\n' }, note: NOTE, commit: COMMIT }) };
    const outcome = judged(await runRaw(check, tree));
    expect(byId(outcome, 'no-selected-model')[0].message).toBe('1 tracked run(s) in mlruns, but none is marked as the selected model (no registry alias or Production stage, no selection tag), so no documented value can be compared with the metrics of the model that ships.');
  });

  it('says when the selected version points at a run that was not delivered', async () => {
    const store = championStore({ pr_auc: 0.9 });
    const tree = Object.fromEntries(Object.entries(store).filter(([file]) => !file.includes(hex32(7))));
    const outcome = judged(await runRaw(check, { ...tree, 'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9]]) }));
    expect(byId(outcome, 'selected-without-metrics')[0].message).toContain(`the run that produced it (${hex32(7)}) is not in the delivered tracking store`);
  });
});

describe('documented numbers and approvals against the tracker', () => {
  const card = (recall: number) =>
    `---\nmodel-index:\n- name: churn\n  results:\n  - task: {type: tabular-classification}\n    dataset: {name: holdout-2025Q2, type: crm, split: test}\n    metrics:\n    - {type: recall, value: ${recall}}\n    - {type: pr_auc, value: 0.91}\n---\n\n# Model card\n`;

  it('accepts a documented value rounded from the logged one and flags one that differs', async () => {
    const agree = judged(await runRaw(check, { ...championStore({ pr_auc: 0.9132, recall: 0.7849 }), 'MODEL_CARD.md': card(0.78), 'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9]]) }));
    expect(byId(agree, 'reported-differs')).toEqual([]);
    expect(agree.criteria.reported).toBe(1);
    const differ = judged(await runRaw(check, { ...championStore({ pr_auc: 0.9132, recall: 0.71 }), 'MODEL_CARD.md': card(0.78), 'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9]]) }));
    expect(byId(differ, 'reported-differs')).toMatchObject([{ severity: 'error', path: 'MODEL_CARD.md', line: 8, message: expect.stringContaining('reports recall 0.78, but churn v2 @champion logged recall 0.71') }]);
    expect(differ.criteria.reported).toBe(0.5);
  });

  it('flags criteria that approve another version than the one the alias selects', async () => {
    const outcome = judged(await runRaw(check, { ...championStore({ pr_auc: 0.91 }), 'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9]], { version: 3 }) }));
    expect(byId(outcome, 'approved-version-differs')).toMatchObject([{ severity: 'error', path: 'evaluation/criteria.yml', line: 1, message: expect.stringContaining('churn version 3 approved; the tracker selects churn v2 @champion') }]);
  });
});

describe('a delivery with no model of its own (#17)', () => {
  const llmApp: Tree = {
    'requirements.txt': 'anthropic==0.40.0\nfastapi==0.115.6\n',
    'app/answer.py': 'import anthropic\n\nclient = anthropic.Anthropic()\n\ndef answer(question):\n    return client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": question}])\n',
    'docs/evaluation.md': '# Evaluation\n\n| Metric | Threshold |\n|---|---|\n| faithfulness | >= 0.80 |\n| answer_relevancy | >= 0.70 |\n',
  };

  it('asks for recorded evaluation results, not for runs and a selected model (#18: judged as an LLM application)', async () => {
    const outcome = judged(await runRaw(check, llmApp));
    expect(findingIds({ findings: outcome.findings } as never)).not.toContain('no-selected-model');
    expect(byId(outcome, 'no-eval-results')).toMatchObject([{ path: 'docs/evaluation.md', line: 5, message: expect.stringContaining('2 threshold(s) (docs/evaluation.md:5, docs/evaluation.md:6) but no recorded evaluation result') }]);
    expect(outcome.criteria.thresholds).toBe(0);
    // No recorded evaluation and no documented result: those comparisons have no side at all and leave the weight.
    expect(outcome.notApplicable?.map((entry) => entry.criterion)).toEqual(['reported', 'datasets', 'commits']);
  });

  it('without a hosted model either, a repository whose training goes unseen is not skipped', async () => {
    const { 'requirements.txt': _, 'app/answer.py': __, ...rest } = llmApp;
    const outcome = judged(await runRaw(check, { ...rest, 'recipe.yaml': 'recipe: regression/v1\ntarget_col: fare_amount\n', 'steps/train.py': 'def estimator_fn():\n    from sklearn.linear_model import SGDRegressor\n    return SGDRegressor()\n' }));
    expect(findingIds({ findings: outcome.findings } as never)).toContain('no-selected-model');
  });

  it('still compares its datasets declared with a hash', async () => {
    const outcome = judged(await runRaw(check, { ...llmApp, 'data-manifest.yml': `datasets:\n  - name: golden\n    path: evals/golden.jsonl\n    md5: ${md5('{"q": "a"}\n')}\n`, 'evals/golden.jsonl': '{"q": "a"}\n' }));
    expect(outcome.criteria.datasets).toBe(1);
    expect(outcome.notApplicable?.map((entry) => entry.criterion)).toEqual(['reported', 'commits']);
    expect(findingIds({ findings: outcome.findings } as never)).not.toContain('no-selected-model');
  });
});

describe('dataset hashes', () => {
  const plans = 'plan_code,fee\nPP-10,10.00\nPP-20,20.00\n';
  const lock = (hash: string, size = 1268431872) =>
    `schema: '2.0'\nstages:\n  prepare:\n    cmd: python prepare.py\n    deps:\n    - path: data/customers.parquet\n      hash: md5\n      md5: ${hash}\n      size: ${size}\n    - path: data/plans.csv\n      hash: md5\n      md5: ${md5(plans)}\n      size: ${plans.length}\n    outs:\n    - path: data/prepared\n      hash: md5\n      md5: d6768fa17fdcf1ab6f55e712fd89e198.dir\n      size: 10\n      nfiles: 3\n`;
  const pipeline = 'stages:\n  prepare:\n    cmd: python prepare.py\n    deps:\n    - data/customers.parquet\n    - data/plans.csv\n    outs:\n    - data/prepared\n';
  const manifest = (hash: string) => `datasets:\n  - name: customers\n    path: data/customers.parquet\n    md5: ${hash}\n    size: 1268431872\n    source: CRM export 2025-03\n    license: Buyer-owned\n`;
  const A = '9a7510d5c4d683b8b7e998fe18d7345e';
  const B = '0b2f6c1e5d4a39870a1c2e3f4b5d6e7f';

  it('agrees when the manifest and dvc.lock name the same md5, and the committed file matches', async () => {
    const outcome = judged(await runRaw(check, { 'dvc.yaml': pipeline, 'dvc.lock': lock(A), 'data-manifest.yml': manifest(A), 'data/plans.csv': plans }));
    expect(notes(outcome, 'dataset-hash-pair')).toEqual([expect.stringContaining(`data/customers.parquet: md5 ${A.slice(0, 12)}… = md5 ${A.slice(0, 12)}…`)]);
    expect(notes(outcome, 'dataset-file-check')).toEqual(expect.arrayContaining([expect.stringMatching(/^data\/plans\.csv against the file present: match: md5 match ✓$/)]));
    expect(outcome.criteria.datasets).toBe(1);
  });

  it('flags a manifest md5 that dvc.lock contradicts, with both values abbreviated', async () => {
    const outcome = judged(await runRaw(check, { 'dvc.yaml': pipeline, 'dvc.lock': lock(A), 'data-manifest.yml': manifest(B) }));
    const conflict = byId(outcome, 'hash-conflict');
    expect(conflict).toHaveLength(1);
    expect(conflict[0].severity).toBe('error');
    expect(conflict[0].message).toContain(`md5 ${A.slice(0, 12)}… ≠ md5 ${B.slice(0, 12)}…`);
    expect(conflict[0].message).not.toContain(A);
    expect(outcome.criteria.datasets).toBe(0);
  });

  it('flags equal digests with different sizes, and a committed file that is not the declared one', async () => {
    const outcome = judged(await runRaw(check, { 'dvc.yaml': pipeline, 'dvc.lock': lock(A, 100), 'data-manifest.yml': manifest(A), 'data/plans.csv': plans.replace('20.00', '25.00') }));
    expect(byId(outcome, 'hash-conflict')[0].message).toContain('same md5, but 100 bytes ≠ 1268431872 bytes');
    const differs = byId(outcome, 'file-differs');
    expect(differs).toMatchObject([{ severity: 'error', path: 'dvc.lock', line: 10 }]);
    expect(differs[0].message).toMatch(/^data\/plans\.csv: md5 of the file is [0-9a-f]{12}…, dvc\.lock declares [0-9a-f]{12}…\.$/);
  });

  it('compares a Croissant sha256 with a manifest sha256 and says when two declarations share no algorithm', async () => {
    const croissant = (hash: string) =>
      JSON.stringify({ '@context': { '@vocab': 'https://schema.org/', cr: 'http://mlcommons.org/croissant/' }, '@type': 'Dataset', name: 'plans', distribution: [{ '@type': 'cr:FileObject', '@id': 'plans-csv', name: 'plans.csv', contentUrl: 'data/plans.csv', encodingFormat: 'text/csv', sha256: hash }] });
    const manifestSha = `datasets:\n  - name: plans\n    path: data/plans.csv\n    sha256: ${sha256(plans)}\n`;
    const agree = judged(await runRaw(check, { 'croissant.json': croissant(sha256(plans)), 'data-manifest.yml': manifestSha }));
    expect(notes(agree, 'dataset-hash-pair')).toEqual([expect.stringMatching(/^data\/plans\.csv: sha256 [0-9a-f]{12}… = sha256 [0-9a-f]{12}… \(croissant\.json:\d+ vs data-manifest\.yml:2\) ✓$/)]);
    const manifestMd5 = `datasets:\n  - name: plans\n    path: data/plans.csv\n    md5: ${md5(plans)}\n`;
    const apart = judged(await runRaw(check, { 'croissant.json': croissant(sha256(plans)), 'data-manifest.yml': manifestMd5 }));
    expect(byId(apart, 'hashes-incomparable')[0].message).toContain('sha256 vs md5: nothing in common to compare');
  });

  it('cannot cross-check a dataset declared once and absent', async () => {
    const outcome = judged(await runRaw(check, { 'data/customers.parquet.dvc': `outs:\n- md5: ${A}\n  size: 12\n  hash: md5\n  path: customers.parquet\n` }));
    expect(byId(outcome, 'datasets-not-cross-checkable')[0].message).toContain('1 dataset declaration(s), but no path is declared by two independent records');
    expect(outcome.criteria.datasets).toBe(0);
  });

  // #17: dvc.lock records one stage's output and the next stage's input from the same bytes; their agreement
  // is not a verification. Only independent records (or the bytes) count, and the summary says what was compared.
  describe('dvc.lock is not compared with itself', () => {
    const entry = (path: string, hash: string, size: number, dir = false) => `    - path: ${path}\n      hash: md5\n      md5: ${hash}${dir ? '.dir' : ''}\n      size: ${size}${dir ? '\n      nfiles: 2' : ''}\n`;
    const XML = 'a304afb96060aad90176268345e10355';
    const PREPARED = '153aad06d376ec00ce8f18de7f3e2e5d';
    const FEATURES = 'f35d4cc2c552ac959ae602162b8543f3';
    const getStartedLock = (preparedAsInput = PREPARED) =>
      "schema: '2.0'\nstages:\n" +
      `  prepare:\n    cmd: python src/prepare.py data/data.xml\n    deps:\n${entry('data/data.xml', XML, 37891850)}${entry('src/prepare.py', '8b7b6ed5f3bc4ba2b7e2dbb2a1d1e8f5', 1576)}    outs:\n${entry('data/prepared', PREPARED, 8437363, true)}` +
      `  featurize:\n    cmd: python src/featurization.py data/prepared data/features\n    deps:\n${entry('data/prepared', preparedAsInput, 8437363, true)}    outs:\n${entry('data/features', FEATURES, 2232588, true)}` +
      `  train:\n    cmd: python src/train.py data/features model.pkl\n    deps:\n${entry('data/features', FEATURES, 2232588, true)}    outs:\n${entry('model.pkl', '46865edbf3d62fc5c039dd9d2b0567a4', 1763725)}`;
    const dvcYaml =
      'stages:\n  prepare:\n    cmd: python src/prepare.py data/data.xml\n    deps: [data/data.xml, src/prepare.py]\n    outs: [data/prepared]\n' +
      '  featurize:\n    cmd: python src/featurization.py data/prepared data/features\n    deps: [data/prepared]\n    outs: [data/features]\n' +
      '  train:\n    cmd: python src/train.py data/features model.pkl\n    deps: [data/features]\n    outs: [model.pkl]\n';
    const xmlDvc = `outs:\n- md5: ${XML}\n  size: 37891850\n  hash: md5\n  path: data.xml\n`;

    it('a pipeline whose lock only agrees with itself verifies nothing', async () => {
      const outcome = judged(await runRaw(check, { 'dvc.yaml': dvcYaml, 'dvc.lock': getStartedLock(), 'src/prepare.py': 'print(1)\n' }));
      expect(outcome.criteria.datasets).toBe(0);
      expect(byId(outcome, 'datasets-not-cross-checkable')[0].message).toMatch(/no path is declared by two independent records .*; 2 pair\(s\) of entries within one dvc\.lock or between dvc\.lock files, which DVC writes from the same bytes, not counted\.$/);
      expect(notes(outcome, 'dataset-hash-pair')).toEqual([
        expect.stringMatching(/^data\/features: .* \(dvc\.lock:\d+ vs dvc\.lock:\d+\) ✓ \(written by DVC from the same bytes: not counted as verification\)$/),
        expect.stringMatching(/^data\/prepared: .* ✓ \(written by DVC from the same bytes: not counted as verification\)$/),
      ]);
      expect(outcome.summary).toContain('no dataset hash cross-checked');
    });

    it('counts the .dvc file against dvc.lock and says what was compared', async () => {
      const outcome = judged(await runRaw(check, { 'dvc.yaml': dvcYaml, 'dvc.lock': getStartedLock(), 'data/data.xml.dvc': xmlDvc, 'src/prepare.py': 'print(1)\n' }));
      expect(outcome.criteria.datasets).toBe(1);
      expect(outcome.summary).toContain('1 dataset hash comparison(s) (1 .dvc file vs dvc.lock), 0 disagree; 2 pair(s) of entries within one dvc.lock');
    });

    it('a stage that ran on an older output is still a disagreement, said as such', async () => {
      const outcome = judged(await runRaw(check, { 'dvc.yaml': dvcYaml, 'dvc.lock': getStartedLock('0f1e2d3c4b5a69788796a5b4c3d2e1f0'), 'data/data.xml.dvc': xmlDvc }));
      const conflict = byId(outcome, 'hash-conflict');
      expect(conflict.map((f) => f.message)).toEqual([expect.stringMatching(/^data\/prepared: dvc\.lock:\d+ and dvc\.lock:\d+ name different versions: .*: the later stage ran on another version of this file than the earlier stage last wrote \(re-run `dvc repro`\)\.$/)]);
      expect(outcome.criteria.datasets).toBe(1);
    });
  });
});

describe('run commits in the repository history', () => {
  const MISSING = '0123456789abcdef0123456789abcdef01234567';

  async function repoWithRuns(): Promise<{ dir: string; first: string }> {
    const dir = await makeGitRepo({ 'src/train.py': 'print("train")\n' });
    const first = (await testGit(dir).revparse(['HEAD'])).trim();
    writeFiles(dir, {
      ...championStore({ pr_auc: 0.91 }, { commit: first }),
      ...fileRun({ id: hex32(9), name: 'lgbm-laptop', params: { lr: '0.1' }, metrics: { pr_auc: '1 0.8 0\n' }, note: NOTE, commit: MISSING }),
      ...fileRun({ id: hex32(10), name: 'lgbm-short-sha', params: { lr: '0.1' }, metrics: { pr_auc: '1 0.8 0\n' }, note: NOTE, commit: first.slice(0, 8) }),
      'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9]]),
    });
    await commitAll(dir, 'Add the tracking store');
    return { dir, first };
  }

  it('finds commits in the history (full and abbreviated) and flags a run whose commit is absent', async () => {
    const { dir, first } = await repoWithRuns();
    const outcome = judged(await runRaw(check, dir));
    const missing = byId(outcome, 'commit-not-in-history');
    expect(missing).toMatchObject([{ severity: 'error', path: `mlruns/1/${hex32(9)}/tags/mlflow.source.git.commit` }]);
    expect(missing[0].message).toContain('Run lgbm-laptop was trained from commit 0123456789ab, which is not in the history');
    expect(notes(outcome, 'git-commit')).toEqual(
      expect.arrayContaining([
        `${first.slice(0, 12)} (the selected model's run lgbm-tuned and 1 more run(s)): in the history of the scanned revision ✓`,
        `${first.slice(0, 8)} (run lgbm-short-sha): in the history of the scanned revision ✓`,
        '0123456789ab (run lgbm-laptop): not in the history ✗',
      ]),
    );
    expect(outcome.criteria.commits).toBeCloseTo(2 / 3);
    expect(findingIds(outcome)).not.toContain('commits-unverifiable');
  });

  it('flags the fictional commits of complete-handover once it is a real repository', async () => {
    const dir = await fixtureRepo(path.join(FIXTURES, 'complete-handover'));
    const result = await runCheck(check, dir);
    const missing = byId(result, 'commit-not-in-history');
    expect(missing).toHaveLength(5);
    expect(missing.map((finding) => finding.message)).toEqual(expect.arrayContaining([expect.stringContaining("The selected model's run lgbm-monotone-tuned was trained from commit 71d3b8e5c2a9")]));
    expect(result.criteria.find((criterion) => criterion.id === 'commits')?.value).toBe(0);
    expect(findingIds(result)).not.toContain('commits-unverifiable');
  });

  it('gives full marks when every commit is in the history', async () => {
    const dir = await makeGitRepo({ 'src/train.py': 'print("train")\n' });
    const head = (await testGit(dir).revparse(['HEAD'])).trim();
    writeFiles(dir, { ...championStore({ pr_auc: 0.91 }, { commit: head }), 'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9]]) });
    await commitAll(dir, 'Add runs');
    const result = await runCheck(check, dir);
    expect(result.criteria.find((criterion) => criterion.id === 'commits')?.value).toBe(1);
  });

  it('treats commits beyond a shallow clone as unverifiable, not missing', async () => {
    const { dir } = await repoWithRuns();
    const shallow = path.join(tempDir('mlh-shallow-'), 'clone');
    await simpleGit().clone(`file://${dir}`, shallow, ['--depth', '1', '--quiet']);
    const opened = await openTarget(shallow);
    try {
      expect(await opened.snapshot.git?.shallow()).toBe(true);
      const outcome = judged(await check.run(opened.snapshot, { locations: [], options: {}, milestone: null, deadline: opened.snapshot.deadline }));
      expect(byId(outcome, 'commit-not-in-history')).toEqual([]);
      expect(byId(outcome, 'commits-unverifiable')[0].message).toContain('shallow history');
      expect(outcome.criteria.commits).toBe(0.5);
    } finally {
      await opened.close();
    }
  });

  it('is unverifiable without git history and never earns full marks there', async () => {
    const outcome = judged(await runRaw(check, { ...championStore({ pr_auc: 0.91 }), 'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9]]) }));
    expect(byId(outcome, 'commits-unverifiable')).toMatchObject([{ severity: 'info' }]);
    expect(outcome.criteria.commits).toBe(0.5);
  });

  it('flags a commit tag that is not a commit id, without running anything', async () => {
    const tree = championStore({ pr_auc: 0.91 }, { commit: '$(touch /tmp/pwned); main' });
    const outcome = judged(await runRaw(check, { ...tree, 'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.9]]) }));
    expect(byId(outcome, 'commit-malformed')[0].message).toContain('"$(touch /tmp/pwned); main"');
    expect(outcome.criteria.commits).toBe(0);
  });
});

describe('helpers', () => {
  const logged = (...keys: string[]): LoggedMetric[] => keys.map((key, n) => ({ key, value: n, path: `m/${key}` }));

  it('normalises logged metric names and their split', () => {
    expect(normaliseMetricName('val/PR-AUC')).toEqual({ metric: 'pr_auc', split: 'validation' });
    expect(normaliseMetricName('test_average_precision')).toEqual({ metric: 'pr_auc', split: 'test' });
    expect(normaliseMetricName('best_val_f1_score')).toEqual({ metric: 'f1', split: 'validation' });
    expect(normaliseMetricName('recall_holdout')).toEqual({ metric: 'recall', split: 'test' });
    expect(normaliseMetricName('Recall @ 0.35')).toEqual({ metric: 'recall', split: null });
    expect(normaliseMetricName('test')).toEqual({ metric: 'test', split: null });
  });

  it('matches the most specific logged key and refuses ambiguous similar names', () => {
    expect(matchLoggedMetric(['pr_auc'], 'test', logged('val_pr_auc', 'test_pr_auc', 'train_pr_auc'))?.logged.key).toBe('test_pr_auc');
    expect(matchLoggedMetric(['pr_auc'], null, logged('val_pr_auc', 'pr_auc'))?.logged.key).toBe('pr_auc');
    expect(matchLoggedMetric(['pr_auc'], 'test', logged('pr_auc', 'holdout_pr_auc'))?.logged.key).toBe('holdout_pr_auc');
    expect(matchLoggedMetric(['pr_auc', 'pr_auc'], 'test', logged('pr_auc', 'holdout_pr_auc', 'val_auprc'), 'val_auprc')?.logged.key).toBe('val_auprc');
    expect(matchLoggedMetric(['pr_auc'], null, logged('train_pr_auc'))).toBeNull();
    expect(matchLoggedMetric(['recall_gap_across_tenure_segments'], null, logged('recall_gap_tenure', 'recall'))).toMatchObject({ logged: { key: 'recall_gap_tenure' }, how: 'similar' });
    expect(matchLoggedMetric(['recall_gap_across_tenure_segments'], null, logged('recall_gap_tenure', 'recall_gap_segments'))).toBeNull();
    expect(matchLoggedMetric(['recall_at_1_false_positive_rate'], null, logged('false_positive_rate'))).toBeNull();
    expect(matchLoggedMetric(['recall'], null, logged('recall_gap_tenure'))).toBeNull();
  });

  it('rounds as the document wrote the number', () => {
    expect(agreesWhenRounded(0.74, undefined, 0.7412)).toBe(true);
    expect(agreesWhenRounded(0.74, undefined, 0.746)).toBe(false);
    expect(agreesWhenRounded(78, '%', 0.7849)).toBe(true);
    expect(agreesWhenRounded(78, '%', 0.79)).toBe(false);
    expect(agreesWhenRounded(92, 'ms', 92.4)).toBe(true);
  });

  it('groups one gate stated in several files, keeping different bars apart', async () => {
    const dir = makeTree({
      'evaluation/criteria.yml': criteriaFile([['PR-AUC', '>=', 0.7, 'loggedAs: pr_auc'], ['Recall', '>=', 0.75]]),
      'docs/evaluation/acceptance-criteria.md': '# Acceptance\n\n| Metric | Dataset / split | Threshold |\n|---|---|---|\n| auprc | holdout-2025Q2 / test | ≥ 0.70 |\n| Recall | holdout-2025Q2 / test | ≥ 0.80 |\n',
    });
    const opened = await openTarget(dir);
    try {
      const gates = groupGates(await evaluationThresholds(opened.snapshot));
      expect(gates.map((gate) => gate.statements.map((s) => `${s.path}:${s.line}`))).toEqual([
        ['evaluation/criteria.yml:2', 'docs/evaluation/acceptance-criteria.md:5'],
        ['evaluation/criteria.yml:8'],
        ['docs/evaluation/acceptance-criteria.md:6'],
      ]);
    } finally {
      await opened.close();
    }
  });
});
