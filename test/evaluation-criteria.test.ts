// The evaluation-criteria check on the fixtures and on small trees per format, plus the shared evaluation module.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/evaluation-criteria.js';
import { canonicalMetric, collectEvaluationCriteria, evaluationThresholds, meetsCriterion } from '../src/evaluation/index.js';
import { selectedModel } from '../src/experiments/index.js';
import { openTarget } from '../src/targets.js';
import { FIXTURES, findingIds, makeTree, runCheck, runRaw } from './helpers.js';

const COMPLETE = path.join(FIXTURES, 'complete-handover');
const PARTIAL = path.join(FIXTURES, 'partial-delivery');

const ACCEPTANCE = `# Acceptance criteria

| Metric | Dataset / split (version) | Threshold | Measured |
|---|---|---|---|
| PR-AUC | holdout-2025Q2 / test (DVC md5 9a7510d5c4d683b8) | ≥ 0.70 | 0.74 |
| ECE | holdout-2025Q2 / test (DVC md5 9a7510d5c4d683b8) | ≤ 0.05 | 0.02 |
| p95 latency | loadtest-2025-06 (tag loadtest-2025-06) | ≤ 150 ms | 92 ms |

Approved model: kestrel-churn version 2, approved by Priya Raman on 2025-06-12.
`;

const CRITERIA_YML = (threshold = 0.7) => `approvedModel: {name: kestrel-churn, version: 2}
approvedBy: Priya Raman
date: 2025-06-12
criteria:
  - metric: PR-AUC
    loggedAs: pr_auc
    comparison: ">="
    threshold: ${threshold}
    dataset: holdout-2025Q2
    split: test
    version: dvc md5 9a7510d5c4d683b8
`;

function finding(result: { findings: Array<{ id: string; path?: string; line?: number; message: string }> }, id: string) {
  return result.findings.filter((entry) => entry.id === id);
}

describe('evaluation-criteria on the fixtures', () => {
  it('passes the complete handover: concrete, versioned, several dimensions, approved version 2', async () => {
    const result = await runCheck(check, COMPLETE);
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(9);
    expect(Object.fromEntries(result.criteria.map((criterion) => [criterion.id, criterion.value]))).toMatchObject({ present: 1, concrete: 1, dimensions: 1, approved: 1 });
    expect(result.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'docs/evaluation/acceptance-criteria.md', kind: 'evaluation-markdown', note: expect.stringMatching(/^6 criteria, 6 concrete · 1 reported without a bar · names an approval/) }),
        expect.objectContaining({ path: 'evaluation/criteria.yml', kind: 'evaluation-criteria-file', note: expect.stringMatching(/^6 criteria, 6 concrete · names an approval/) }),
        expect.objectContaining({ path: 'MODEL_CARD.md', kind: 'evaluation-model-index' }),
      ]),
    );
    expect(result.summary).toMatch(/approves kestrel-churn version 2/);
    expect(result.findings.filter((entry) => entry.severity !== 'info')).toEqual([]);
  });

  it('fails the notebook dump with a remediation', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('fail');
    expect(result.score).toBe(0);
    expect(findingIds(result)).toEqual(['no-criteria']);
    expect(result.findings[0].remediation).toMatch(/evaluation\/criteria\.yml/);
  });

  it('names each defect of the partial delivery with file and line', async () => {
    const result = await runCheck(check, PARTIAL);
    expect(result.status).not.toBe('pass');
    const at = (id: string) => finding(result, id).map((entry) => `${entry.path}:${entry.line}`);
    expect(at('vague-criterion')).toEqual(expect.arrayContaining(['docs/evaluation/acceptance-criteria.md:3', 'docs/evaluation/acceptance-criteria.md:14', 'model_card.md:52']));
    expect(at('incomplete-criterion')).toContain('docs/evaluation/acceptance-criteria.md:12');
    expect(finding(result, 'incomplete-criterion')[0].message).toMatch(/"Precision" has no comparator, no threshold, no dataset/);
    const schema = finding(result, 'invalid-criteria-file').map((entry) => entry.message);
    expect(schema).toEqual(expect.arrayContaining([expect.stringMatching(/^line 6:17: criteria\.0\.comparison: expected one of/), expect.stringMatching(/^line 3:3: approvedModel: missing required property "version"/)]));
    expect(findingIds(result)).toContain('approval-incomplete');
  });
});

describe('evaluation-criteria on single formats', () => {
  it('turns vague prose into findings with lines, and no concrete criteria into a fail', async () => {
    const result = await runCheck(check, { 'ACCEPTANCE.md': '# Acceptance\n\nThe model should be accurate.\n\nIt must perform well in production\nand be fast.\n' });
    expect(result.status).toBe('fail');
    expect(finding(result, 'vague-criterion').map((entry) => entry.line)).toEqual([3, 5]);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['no-concrete-criteria', 'no-approved-model']));
  });

  it('judges a complete Markdown table on its own', async () => {
    const result = await runCheck(check, { 'docs/evaluation/acceptance.md': ACCEPTANCE });
    expect(result.status).toBe('pass');
    expect(result.summary).toMatch(/^3 concrete criteria .* 3 quality dimension\(s\) \(ranking, calibration, serving\); approves kestrel-churn version 2\./);
  });

  it('judges a valid criteria file with a single dimension as a warning about dimensions', async () => {
    const outcome = await runRaw(check, { 'evaluation/criteria.yml': CRITERIA_YML() });
    if (outcome.status !== 'judged') throw new Error('skipped');
    expect(outcome.criteria).toMatchObject({ versioned: 1, dimensions: 0.3, approved: 1 });
    expect(outcome.findings.map((entry) => entry.id)).toContain('single-dimension');
  });

  it('reports malformed criteria files, alias bombs and deep nesting as findings, never crashes', async () => {
    const bomb = 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ncriteria: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';
    const result = await runCheck(check, {
      'evaluation/criteria.yml': bomb,
      'eval/criteria.yaml': `criteria: ${'['.repeat(400)}${']'.repeat(400)}\n`,
      'acceptance-criteria.json': '{"criteria": [',
      'promptfooconfig.yaml': new Uint8Array([0x74, 0x65, 0x73, 0x74, 0x73, 0x3a, 0x00, 0xff, 0xfe]),
    });
    expect(result.status).toBe('fail');
    const unparsed = finding(result, 'unparsed-file').map((entry) => `${entry.path}: ${entry.message}`);
    expect(unparsed).toEqual(
      expect.arrayContaining([expect.stringMatching(/^evaluation\/criteria\.yml: .*alias/), expect.stringMatching(/^eval\/criteria\.yaml: .*nesting/), expect.stringMatching(/^acceptance-criteria\.json: line \d+/)]),
    );
  });

  it('counts model-index values as results without a bar', async () => {
    const card = '---\nmodel-index:\n- name: m\n  results:\n  - task: {type: text-classification}\n    dataset: {type: imdb, name: IMDB, split: test}\n    metrics: [{type: f1, value: 0.91}]\n---\n# m\n';
    const result = await runCheck(check, { 'README.md': card });
    expect(result.status).toBe('fail');
    expect(finding(result, 'results-without-thresholds')[0]).toMatchObject({ severity: 'warning', path: 'README.md', line: 7 });
    expect(findingIds(result)).toContain('no-concrete-criteria');
  });

  it('reads promptfoo thresholds as criteria on the test set', async () => {
    const outcome = await runRaw(check, {
      'evals/promptfooconfig.yaml': 'prompts: [p.txt]\nproviders: [openai:gpt-4o-mini]\ntests: file://tests.csv\ndefaultTest:\n  assert:\n    - {type: latency, threshold: 3000}\n    - {type: similar, value: ok, threshold: 0.8}\n',
    });
    if (outcome.status !== 'judged') throw new Error('skipped');
    expect(outcome.evidence).toEqual([expect.objectContaining({ path: 'evals/promptfooconfig.yaml', kind: 'evaluation-promptfoo', note: expect.stringMatching(/^2 criteria, 2 concrete/) })]);
    expect(outcome.criteria.dimensions).toBe(0.7);
  });

  it('treats lm-eval metric lists as declared metrics without a bar', async () => {
    const result = await runCheck(check, { 'lm_eval/tasks/refunds.yaml': 'task: refunds\ndataset_path: acme/refunds\ntest_split: test\nmetric_list:\n  - metric: exact_match\n' });
    expect(finding(result, 'results-without-thresholds')[0]).toMatchObject({ path: 'lm_eval/tasks/refunds.yaml', line: 5 });
    expect(result.status).toBe('fail');
  });

  it('says so when only data-quality expectations exist', async () => {
    const suite = JSON.stringify({ expectation_suite_name: 'customers', expectations: [{ expectation_type: 'expect_column_values_to_be_between', kwargs: { column: 'tenure_months', min_value: 0, max_value: 600 } }] }, null, 2);
    const result = await runCheck(check, { 'great_expectations/expectations/customers.json': suite });
    expect(findingIds(result)).toContain('data-quality-only');
    expect(result.status).toBe('fail');
  });

  it('flags the same metric gated differently in two files', async () => {
    const result = await runCheck(check, { 'docs/evaluation/acceptance.md': ACCEPTANCE, 'evaluation/criteria.yml': CRITERIA_YML(0.65) });
    const [inconsistent] = finding(result, 'inconsistent-thresholds');
    expect(inconsistent.message).toMatch(/≥ 0\.7 in docs\/evaluation\/acceptance\.md:5; ≥ 0\.65 in evaluation\/criteria\.yml:5/);
  });

  it('flags a measured value that misses its own bar, and a model-index value below a gate', async () => {
    const table = ACCEPTANCE.replace('| ≥ 0.70 | 0.74 |', '| ≥ 0.70 | 0.66 |');
    const card = '---\nmodel-index:\n- name: kestrel-churn\n  results:\n  - task: {type: tabular-classification}\n    dataset: {type: crm, name: holdout-2025Q2}\n    metrics: [{type: pr_auc, value: 0.61}]\n---\n# card\n';
    const result = await runCheck(check, { 'docs/evaluation/acceptance.md': table, 'MODEL_CARD.md': card });
    expect(finding(result, 'criterion-not-met').map((entry) => `${entry.path}:${entry.line}`)).toEqual(['docs/evaluation/acceptance.md:5', 'MODEL_CARD.md:7']);
  });

  it('flags files that approve different model versions', async () => {
    const result = await runCheck(check, { 'docs/evaluation/acceptance.md': ACCEPTANCE.replace('version 2', 'version 3'), 'evaluation/criteria.yml': CRITERIA_YML() });
    expect(findingIds(result)).toContain('conflicting-approvals');
    expect(result.criteria.find((criterion) => criterion.id === 'approved')?.value).toBe(0.5);
  });

  it('looks in policy locations', async () => {
    const dir = makeTree({ 'handover/model-signoff.md': ACCEPTANCE });
    const without = await runRaw(check, dir);
    const withLocation = await runRaw(check, dir, ['handover']);
    expect(without.status === 'judged' && without.findings.map((entry) => entry.id)).toEqual(['no-criteria']);
    expect(withLocation.status === 'judged' && withLocation.evidence.map((entry) => entry.path)).toEqual(['handover/model-signoff.md']);
  });

  it('reads a large criteria document quickly', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => `| metric_${i} recall | holdout-${i} / test | ≥ 0.${i % 10}5 | 0.9 |`).join('\n');
    const prose = Array.from({ length: 3000 }, (_, i) => `- The model performs well on segment ${'x'.repeat(i % 50)} and at least`).join('\n');
    const text = `# Acceptance criteria\n\n| Metric | Dataset | Threshold | Measured |\n|---|---|---|---|\n${rows}\n\n${prose}\n`;
    const started = Date.now();
    const result = await runCheck(check, { 'ACCEPTANCE.md': text });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.findings.length).toBeLessThanOrEqual(200);
  });
});

describe('the shared evaluation module', () => {
  it('collects once per snapshot and exposes the gates a cross-check compares with logged metrics', async () => {
    const opened = await openTarget(COMPLETE);
    try {
      const first = collectEvaluationCriteria(opened.snapshot);
      expect(collectEvaluationCriteria(opened.snapshot)).toBe(first);
      const gates = await evaluationThresholds(opened.snapshot);
      const fromFile = gates.filter((gate) => gate.path === 'evaluation/criteria.yml');
      expect(fromFile.map((gate) => [gate.metricKey, gate.comparator, gate.thresholdValue, gate.dataset, gate.split, gate.line])).toEqual([
        ['pr_auc', '>=', 0.7, 'holdout-2025Q2', 'test', 19],
        ['recall', '>=', 0.75, 'holdout-2025Q2', 'test', 31],
        ['precision', '>=', 0.45, 'holdout-2025Q2', 'test', 43],
        ['ece', '<=', 0.05, 'holdout-2025Q2', 'test', 55],
        ['latency_p95', '<=', 150, 'loadtest-2025-06', 'replay', 67],
        ['recall_gap_tenure', '<=', 0.05, 'holdout-2025Q2', 'test', 79],
      ]);
      // The champion's logged metrics meet every gate they can be compared with.
      const champion = await selectedModel(opened.snapshot);
      const logged = new Map(Object.entries(champion?.finalMetrics ?? {}).map(([key, point]) => [canonicalMetric(key), point.value]));
      const compared = gates.filter((gate) => logged.has(gate.metricKey));
      expect(compared.map((gate) => gate.metricKey).sort()).toEqual(expect.arrayContaining(['pr_auc', 'precision', 'recall']));
      for (const gate of compared) expect(meetsCriterion(gate, logged.get(gate.metricKey)!), `${gate.path}:${gate.line}`).toBe(true);
    } finally {
      await opened.close();
    }
  });

  it('compares values across units', () => {
    expect(meetsCriterion({ comparator: '>=', threshold: 75, unit: '%' }, 0.78)).toBe(true);
    expect(meetsCriterion({ comparator: '>=', threshold: 75, unit: '%' }, 70)).toBe(false);
    expect(meetsCriterion({ comparator: '<=', threshold: 150, unit: 'ms' }, 0.12, 's')).toBe(true);
    expect(meetsCriterion({ comparator: '<', threshold: 150, unit: 'ms' }, 150)).toBe(false);
    expect(meetsCriterion({ comparator: 'between', threshold: 0.2, upper: 0.4 }, 0.3)).toBe(true);
    expect(meetsCriterion({ comparator: '<=', threshold: 150, unit: 'ms' }, 5, '%')).toBeNull();
    expect(meetsCriterion({ comparator: null, threshold: null }, 1)).toBeNull();
  });
});

describe('acceptance thresholds in gate configs and evaluation code', () => {
  async function criteriaOf(files: Record<string, string>) {
    const opened = await openTarget(makeTree(files));
    try {
      return await collectEvaluationCriteria(opened.snapshot);
    } finally {
      await opened.close();
    }
  }
  const gates = (collected: Awaited<ReturnType<typeof criteriaOf>>) =>
    collected.criteria.filter((c) => c.intent === 'criterion').map((c) => `${c.path}:${c.line} ${c.metric} ${c.comparator} ${c.threshold}${c.dataset ? ` on ${c.dataset}` : ''}`);

  it('reads configs/gates.yaml in the shapes vendors write', async () => {
    const collected = await criteriaOf({
      'configs/gates.yaml': [
        'ranking:',
        '  dataset: golden-queries-v3',
        '  ndcg@10: ">= 0.80"',
        '  mrr: ">= 0.65"',
        'classification:',
        '  min_recall: 0.8',
        '  latency_p95_ms: {max: 250}',
        'checks:',
        '  - {metric: precision, op: ">=", threshold: 0.7, dataset: holdout-2025-06}',
        'owner: search-team',
        'retries: 3',
        '',
      ].join('\n'),
    });
    expect(gates(collected)).toEqual([
      'configs/gates.yaml:3 ndcg@10 >= 0.8 on golden-queries-v3',
      'configs/gates.yaml:4 mrr >= 0.65 on golden-queries-v3',
      'configs/gates.yaml:6 recall >= 0.8',
      'configs/gates.yaml:7 latency_p95_ms <= 250',
      'configs/gates.yaml:9 precision >= 0.7 on holdout-2025-06',
    ]);
    expect(collected.sources.map((s) => s.format)).toContain('gate-file');
  });

  it('reads named threshold constants and literal asserts in evaluation code', async () => {
    const collected = await criteriaOf({
      'lib/auto_evaluation/coherence.rb': 'class Coherence\n  THRESHOLD = 0.75\n  MAX_TOKENS = 100\n  def call\n    { status: score >= self.class::THRESHOLD ? "success" : "failure" }\n  end\nend\n',
      'evaluation/gate.py': 'MIN_RECALL = 0.8\nTHRESHOLD = 0.7\nMAX_RETRIES = 5\n\ndef check(ndcg, recall):\n    assert ndcg >= THRESHOLD\n    assert recall >= MIN_RECALL\n',
      'tests/test_model_quality.py': 'def test_quality(metrics):\n    assert metrics["f1"] >= 0.72\n    assert len(metrics) > 3\n',
    });
    expect(gates(collected)).toEqual([
      'evaluation/gate.py:1 recall >= 0.8',
      'evaluation/gate.py:2 ndcg >= 0.7',
      'lib/auto_evaluation/coherence.rb:2 coherence >= 0.75',
      'tests/test_model_quality.py:2 f1 >= 0.72',
    ]);
  });

  it('reads DeepEval/RAGAS metric thresholds in evaluation notebooks and code, once per metric and threshold', async () => {
    const notebook = JSON.stringify({
      cells: [
        { cell_type: 'markdown', source: ['# Faithfulness threshold 0.9 is only prose here\n'] },
        { cell_type: 'code', source: ['faithfulness = RAGASFaithfulnessMetric(threshold=0.5)\n', 'bias = BiasMetric(threshold=0.5)\n'], outputs: [{ text: ['AnswerRelevancyMetric(threshold=0.1)'] }] },
        { cell_type: 'code', source: 'recall = RAGASContextualRecallMetric(model=judge, threshold=0.7)\nfaithfulness = RAGASFaithfulnessMetric(threshold=0.5)\n' },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    });
    const collected = await criteriaOf({ 'notebooks/evaluation/rag_evaluation.ipynb': notebook, 'notebooks/exploration.ipynb': notebook });
    expect(gates(collected)).toEqual([
      'notebooks/evaluation/rag_evaluation.ipynb:1 faithfulness >= 0.5',
      'notebooks/evaluation/rag_evaluation.ipynb:1 bias <= 0.5',
      'notebooks/evaluation/rag_evaluation.ipynb:1 contextual_recall >= 0.7',
    ]);
  });

  it('reads acceptance keys in pipeline configs and bars read from the environment in a config module', async () => {
    const collected = await criteriaOf({
      'cd4ml/problems/houses/ml_pipelines/default.json': '{\n  "default_algorithm": "random_forest",\n  "acceptance_metric": "r2_score",\n  "acceptance_threshold_min": 0.42,\n  "acceptance_threshold_max": 1.0,\n  "max_rows_to_read": null\n}\n',
      'src/pipelines/config.py': 'import os\nNUM_EVAL_SPLITS = os.getenv("NUM_EVAL_SPLITS", "1")\nACCURACY_THRESHOLD = os.getenv("ACCURACY_THRESHOLD", "0.8")\nMIN_SIMILARITY = 0.7\n',
    });
    expect(gates(collected)).toEqual(['cd4ml/problems/houses/ml_pipelines/default.json:1 r2_score >= 0.42', 'src/pipelines/config.py:3 accuracy >= 0.8']);
  });

  it('does not take deployment gates, retry limits, unfilled templates or app constants for criteria', async () => {
    const collected = await criteriaOf({
      'deploy/gates.yaml': 'gates:\n  - name: approve-production\n    approvers: [release-managers]\n  - name: smoke-test\n    timeout_minutes: 10\n',
      'configs/thresholds.yaml': 'recall: TODO\nprecision: ">= TBD"\n',
      'evaluation/client.py': 'MAX_RETRIES = 5\nMIN_CHUNK_SIZE = 200\nTIMEOUT_THRESHOLD = 30\n',
      'app/settings.py': 'MIN_RECALL = 0.8\n',
      'src/assistant/retrieval.py': 'MIN_SIMILARITY = 0.35\nMIN_RECALL = 0.8\n',
      'params.yaml': 'prepare:\n  split: 0.2\n  seed: 20170428\ntrain:\n  min_split: 0.01\n  max_features: 100\n  threshold: 0.5\n',
      'configs/train.yaml': 'early_stopping:\n  min_delta: 0.001\n  patience: 3\nretrieval:\n  min_similarity: 0.7\n',
    });
    expect(gates(collected)).toEqual([]);
  });
});
