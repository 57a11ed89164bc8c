// Committed result files of runs or releases are a weak experiment log when no tracker store is delivered
// (#16): release records with evaluation results, dated run folders with metrics.json, a results table with a row
// per run. Half credit at most, a warning naming what is missing; thresholds, configs, test fixtures, undated
// numbers and DVC-declared metrics are not counted. A tracker's runs table printed in a notebook counts the same.
import { describe, expect, it } from 'vitest';
import check from '../checks/experiment-tracking.js';
import { isResultFileName, isResultMetric, resultDocument, resultTable } from '../src/experiments/result-files.js';
import { findingIds, runCheck } from './helpers.js';

const value = (result: { criteria: Array<{ id: string; value: number }> }, id: string) => result.criteria.find((c) => c.id === id)?.value;

const RELEASE = 'credit/docs/releases/3f6c1a52-9d0e-4b7a-8c21-5e4f0a9b7d13';
/** A release record as a pipeline writes it: evaluation results, the commit it was built from, an approval. */
const releaseTree = {
  [`${RELEASE}/evaluation_results.yaml`]: [
    'fairness:',
    '  fairness_metrics:',
    '    GENDER:',
    '      disparate_impact_ratio: 0.48',
    'metrics:',
    '  accuracy: 0.8398',
    '  auc_roc: 0.7499',
    '  f1_score: 0.2927',
    '  optimal_threshold: 0.63',
    '  threshold_metrics:',
    "    '0.5':",
    '      precision: 0.22',
    '      recall: 0.42',
    '',
  ].join('\n'),
  [`${RELEASE}/git_info.md`]: '# Git Information\n\n**Commit SHA:** d0912589685ee746ffe5cf2ecda59ad13eb5425f\n\n**Commit Date:** 2025-05-22T16:58:33\n',
  [`${RELEASE}/approval_record.json`]: JSON.stringify({ approved: true, rationale: 'meets the accuracy gate', model_id: '3f6c1a52-9d0e-4b7a-8c21-5e4f0a9b7d13' }, null, 2),
  'credit/src/configs/deployment.yaml': 'approval_thresholds:\n  accuracy: 0.7\n  min_f1: 0.25\n',
  'credit/src/train.py': 'from sklearn.ensemble import GradientBoostingClassifier\n\nmodel = GradientBoostingClassifier().fit(X, y)\n',
};

describe('committed result files as a weak experiment log', () => {
  it('credits a release record with results and a commit: half of runs (by tries), metrics, commit, health and the released model', async () => {
    const result = await runCheck(check, releaseTree);
    expect(findingIds(result)).toEqual(['no-tracking', 'results-only-in-files']);
    expect(value(result, 'runs-exist')).toBeCloseTo(0.5 / 3, 2);
    // Metrics without parameters: half of the half.
    expect(value(result, 'params-metrics')).toBe(0.25);
    expect(value(result, 'code-version')).toBe(0.5);
    expect(value(result, 'selected-model')).toBe(0.5);
    expect(value(result, 'run-health')).toBe(0.5);
    expect(value(result, 'decisions')).toBe(0);
    expect(result.score).toBeGreaterThanOrEqual(2);
    const warning = result.findings.find((finding) => finding.id === 'results-only-in-files')!;
    expect(warning).toMatchObject({ severity: 'warning', path: `${RELEASE}/evaluation_results.yaml` });
    expect(warning.message).toMatch(/committed release records: 1 release\(s\), 1 try/);
    expect(warning.message).toMatch(/no parameters recorded next to the results/);
    expect(warning.message).toMatch(/only 1 try, so nothing to compare the result with/);
    expect(warning.message).not.toMatch(/no git commit/);
    const evidence = result.evidence.find((item) => item.kind === 'result-file')!;
    expect(evidence.note).toMatch(/^release 3f6c1a52-9d0e-4b7a-8c21-5e4f0a9b7d13: accuracy, auc_roc, f1_score, precision, recall · commit d091258 \(.*git_info\.md\)$/);
    // Thresholds in configs, the disparate-impact ratio and the optimal threshold are not results.
    expect(evidence.note).not.toMatch(/threshold|disparate/);
  });

  it('counts dated run folders with metrics and params: tries, parameters, and says the commit is missing', async () => {
    const run = (name: string, f1: number) => ({
      [`experiments/${name}/metrics.json`]: JSON.stringify({ val_f1: f1, val_loss: 0.3, epoch: 12 }),
      [`experiments/${name}/params.yaml`]: 'lr: 0.001\nmax_depth: 6\n',
    });
    const result = await runCheck(check, { ...run('2024-03-02-lgbm', 0.71), ...run('2024-03-09-lgbm-monotone', 0.74), ...run('2024-03-15-xgb', 0.73) });
    expect(value(result, 'runs-exist')).toBe(0.5);
    expect(value(result, 'params-metrics')).toBe(0.5);
    expect(value(result, 'code-version')).toBe(0);
    expect(value(result, 'selected-model')).toBe(0);
    const warning = result.findings.find((finding) => finding.id === 'results-only-in-files')!;
    expect(warning.message).toMatch(/committed result files: 3 run\(s\), 3 tries/);
    expect(warning.message).toMatch(/no git commit recorded/);
    expect(warning.message).not.toMatch(/no parameters/);
  });

  it('reads a results table with a row per run and parameter columns', async () => {
    const csv = 'date,model,max_depth,val_auc,val_logloss\n2024-02-01,lgbm,4,0.861,0.41\n2024-02-08,lgbm,6,0.874,0.39\n2024-02-15,xgb,6,0.869,0.40\n';
    const result = await runCheck(check, { 'reports/scores.csv': csv });
    expect(findingIds(result)).toEqual(['no-tracking', 'results-only-in-files']);
    expect(value(result, 'runs-exist')).toBe(0.5);
    expect(value(result, 'params-metrics')).toBe(0.5);
    expect(result.evidence.find((item) => item.kind === 'result-file')?.note).toBe('run column date: 3 rows of val_auc, val_logloss · parameters recorded');
  });

  it('does not credit DVC-declared metrics twice, nor thresholds, fixtures, configs or undated numbers', async () => {
    const result = await runCheck(check, {
      // DVC reads this one as its own experiment store.
      'dvc.yaml': 'stages:\n  evaluate:\n    cmd: python evaluate.py\n    metrics:\n    - eval/2024-05-01/metrics.json:\n        cache: false\n',
      'eval/2024-05-01/metrics.json': '{"accuracy": 0.91}',
      // A gate file states targets, not results.
      'gates/2024-05-01/evaluation.yaml': 'min_accuracy: 0.8\nmax_rmse: 3.2\naccuracy_threshold: 0.85\n',
      'tests/fixtures/v2/metrics.json': '{"accuracy": 0.5}',
      'configs/v3/eval_results.json': '{"accuracy": 0.5}',
      // An undated file of numbers says nothing about which run it was.
      'results.json': '{"accuracy": 0.93, "f1": 0.9}',
    });
    expect(findingIds(result)).not.toContain('results-only-in-files');
    expect(result.evidence.filter((item) => item.kind === 'result-file')).toEqual([]);
    expect(findingIds(result)).not.toContain('no-tracking'); // the DVC store speaks
  });

  it('credits a tracker runs table printed in a notebook, and says its store is not delivered', async () => {
    const table = [
      '                             run_id       experiment_id    status  \\',
      '0  ebc5576cd02e4430bbe949612a25bd45  703905858072772764  FINISHED   ',
      '1  a67f6ec4e10b49a7845b91db61efc7e0  703905858072772764  FINISHED   ',
      '2  0d8a50554ecf498cb6f1471b58aedb9d  703905858072772764  FAILED   ',
      '',
      '   metrics.val_loss  params.lr  \\',
      '0          0.0964    0.0001   ',
      '1          0.1136    0.0001   ',
      '2          0.3263    0.00005   ',
      '',
      '[3 rows x 35 columns]',
    ].join('\n');
    const notebook = JSON.stringify({
      cells: [{ cell_type: 'code', execution_count: 1, metadata: {}, source: ['sorted_runs = mlflow.search_runs(experiment_names=["llm"])\n', 'sorted_runs'], outputs: [{ output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'text/plain': table.split(/(?<=\n)/) } }] }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    });
    const result = await runCheck(check, { 'notebooks/train.ipynb': notebook });
    expect(value(result, 'runs-exist')).toBe(0.5);
    expect(value(result, 'params-metrics')).toBe(0.5);
    expect(value(result, 'run-health')).toBe(0.5);
    const warning = result.findings.find((finding) => finding.id === 'results-only-in-notebooks')!;
    expect(warning.message).toMatch(/cell 1 prints 3 tracked run\(s\) with their params and metrics, but their store is not delivered/);
    expect(result.evidence.find((item) => item.kind === 'notebook-result')?.note).toBe('cell 1: printed runs table: 3 run(s) by id (ebc5576c, a67f6ec4, …), 2 FINISHED, with params.* and metrics.* columns');
  });

  it('reads metric names printed as JSON (`"f1": 0.78`) and a printed mapping of configurations', async () => {
    const output = JSON.stringify({ zero_shot: { 'gpt-4': { precision: 0.93, recall: 0.92, f1: 0.92 } }, few_shot: { 'gpt-4': { precision: 0.94, recall: 0.93, f1: 0.93 } } }, null, 2);
    const notebook = JSON.stringify({
      cells: [
        { cell_type: 'code', execution_count: 1, metadata: {}, source: ['print(json.dumps(performance[method][model], indent=2))'], outputs: [{ output_type: 'stream', name: 'stdout', text: ['{\n', '  "precision": 0.79,\n', '  "f1": 0.78\n', '}\n'] }] },
        { cell_type: 'code', execution_count: 2, metadata: {}, source: ['print(json.dumps(performance, indent=2))'], outputs: [{ output_type: 'stream', name: 'stdout', text: [output] }] },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    });
    const result = await runCheck(check, { 'notebooks/benchmarks.ipynb': notebook });
    expect(result.evidence.filter((item) => item.kind === 'notebook-result').map((item) => item.note)).toEqual([
      'cell 1: precision 0.79, f1 0.78',
      'cell 2: comparison of 2 configurations (zero_shot / gpt-4, few_shot / gpt-4) by precision, recall, f1',
    ]);
  });
});

describe('result file recognisers (pure)', () => {
  it('names results files by their words, outside tests, configs and dependencies', () => {
    expect(['docs/releases/v1/evaluation_results.yaml', 'runs/2024-01-01/metrics.json', 'reports/test-scores.csv', 'leaderboard.tsv'].map(isResultFileName)).toEqual([true, true, true, true]);
    expect(['src/metrics.py', 'tests/v1/metrics.json', 'configs/eval.yaml', 'node_modules/x/results.json', 'data/customers.csv', 'resultset.json'].map(isResultFileName)).toEqual([false, false, false, false, false, false]);
  });

  it('tells result metrics from thresholds, targets and risk proxies', () => {
    expect(['accuracy', 'auc_roc', 'val-loss', 'rougeL', 'f1_score', 'test_rmse'].map(isResultMetric)).toEqual([true, true, true, true, true, true]);
    expect(['min_accuracy', 'optimal_threshold', 'target_f1', 'risk_auc', 'epoch', 'normalized_cost'].map(isResultMetric)).toEqual([false, false, false, false, false, false]);
  });

  it('needs a run identity: a folder, a date or version in the name, or a run id inside', () => {
    expect(resultDocument('results.json', '{"accuracy": 0.9}')).toBeNull();
    expect(resultDocument('results.json', '{"run_id": "a1b2", "accuracy": 0.9}')?.identity).toBe('run_id a1b2');
    expect(resultDocument('eval/metrics-20240501.json', '{"accuracy": 0.9}')?.identity).toBe('20240501');
    expect(resultDocument('eval/metrics_v3.json', '{"accuracy": 0.9}')?.identity).toBe('v3');
    expect(resultDocument('runs/run-12/metrics.json', '{"accuracy": 0.9}')?.run).toBe('runs/run-12');
    expect(resultDocument('runs/run-12/metrics.json', '{"thresholds": {"min_accuracy": 0.9}}')).toBeNull();
    expect(resultDocument('runs/run-12/metrics.json', '[1, 2')).toBeNull();
  });

  it('reads a table only with a metric column and rows that hold numbers', () => {
    expect(resultTable('scores.csv', 'name,city\nann,paris\nbob,rome\n')).toBeNull();
    expect(resultTable('scores.csv', 'model,accuracy\nlgbm,n/a\n')).toBeNull();
    expect(resultTable('scores.csv', 'model,accuracy\nlgbm,0.9\nxgb,0.91\n')).toMatchObject({ tries: 2, withParameters: true, metrics: ['accuracy'] });
  });
});

describe('an evaluation summary that grades another run (#17)', () => {
  it('reads the model and prompt of the graded responses from the delivered file its config names', async () => {
    const responses = (name: string, llm: string) => JSON.stringify({ config: { experiment_name: name, chunk_size: 300, llm, system_content: 'Answer the query using the context provided. Be succinct.' }, results: [{ question: 'q', answer: 'a' }] });
    const evaluation = (name: string) =>
      JSON.stringify({
        config: { experiment_name: name, evaluator: 'gpt-4', system_content: 'Rate the quality of our generated answer from 1 to 5.', responses_fp: `/home/ray/app/notebooks/../experiments/responses/${name}.json` },
        retrieval_score: 0.42,
        quality_score: 3.6,
        results: [{ question: 'q', score: 4 }],
      });
    const tree = {
      'experiments/responses/chunk-size-300.json': responses('chunk-size-300', 'meta-llama/Llama-2-70b-chat-hf'),
      'experiments/responses/chunk-size-500.json': responses('chunk-size-500', 'meta-llama/Llama-2-70b-chat-hf'),
      'experiments/evaluations/chunk-size-300_gpt-4.json': evaluation('chunk-size-300'),
      'experiments/evaluations/chunk-size-500_gpt-4.json': evaluation('chunk-size-500'),
      'experiments/evaluations/orphan_gpt-4.json': JSON.stringify({ config: { experiment_name: 'orphan', evaluator: 'gpt-4', responses_fp: '/tmp/elsewhere/orphan.json' }, quality_score: 3.1, results: [] }),
    };
    const result = await runCheck(check, tree, { profiles: ['llm-application'] });
    const unlinked = result.findings.find((finding) => finding.id === 'runs-not-linked-to-code');
    // Only the evaluation whose responses are not delivered still names no model.
    expect(unlinked?.message).toMatch(/^1 of 3 evaluation run\(s\) name neither/);
    expect(unlinked?.message).toMatch(/orphan_gpt-4\.json/);
    const notes = result.evidence.filter((item) => item.kind === 'llm-eval-run').map((item) => item.note);
    expect(notes.filter((note) => (note ?? '').includes('on meta-llama/Llama-2-70b-chat-hf'))).toHaveLength(2);
  });
});
