// Recognisers behind the evaluation-criteria check: comparator text, Markdown tables and prose, the criteria
// file and its schema, HF model-index / eval results, promptfoo, lm-eval, OpenAI evals, Great Expectations.
import { describe, expect, it } from 'vitest';
import { readMarkdownCriteria } from '../src/formats/criteria-table.js';
import { findVaguePhrase, parseApproval, parseCriterionSentence, parseDataReference, parseThreshold } from '../src/formats/criteria-text.js';
import { readCriteriaFile } from '../src/formats/eval-criteria-file.js';
import { readExpectationSuite } from '../src/formats/great-expectations.js';
import { readLmEvalTask } from '../src/formats/lm-eval.js';
import { canonicalMetric, metricDirection } from '../src/formats/metric-names.js';
import { readEvalResults, readModelIndex } from '../src/formats/model-index.js';
import { readOpenAiEvalsRegistry } from '../src/formats/openai-evals.js';
import { readPromptfooConfig } from '../src/formats/promptfoo.js';

const ALIAS_BOMB = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
criteria: [*e]
`;
const DEEP = `criteria: ${'['.repeat(500)}${']'.repeat(500)}\n`;

describe('comparators, numbers and units', () => {
  it.each([
    ['≥ 0.70', '>=', 0.7, undefined],
    ['>= 0.70', '>=', 0.7, undefined],
    ['at least 75%', '>=', 75, '%'],
    ['no less than 0.8', '>=', 0.8, undefined],
    ['≤ 0.05', '<=', 0.05, undefined],
    ['no more than 2 percentage points', '<=', 2, 'pp'],
    ['< 150 ms', '<', 150, 'ms'],
    ['below 1.5 s', '<', 1.5, 's'],
    ['0.05 or lower', '<=', 0.05, undefined],
    ['12,000 rps or more', '>=', 12000, 'rps'],
    ['> 0.9', '>', 0.9, undefined],
  ])('reads %s', (text, comparator, threshold, unit) => {
    expect(parseThreshold(text)).toMatchObject({ comparator, threshold, unit });
  });

  it('reads a range and a bare number', () => {
    expect(parseThreshold('between 0.2 and 0.4')).toMatchObject({ comparator: 'between', threshold: 0.2, upper: 0.4 });
    expect(parseThreshold('0.70')).toMatchObject({ comparator: null, threshold: 0.7 });
    expect(parseThreshold('high')).toBeNull();
  });

  it('canonicalises metric spellings and knows which way is better', () => {
    expect(canonicalMetric('PR-AUC')).toBe('pr_auc');
    expect(canonicalMetric('AUPRC')).toBe('pr_auc');
    expect(canonicalMetric('Recall @ 0.35')).toBe('recall');
    expect(canonicalMetric('Recall at threshold 0.35')).toBe('recall');
    expect(canonicalMetric('recall@top-decile')).toBe('recall_at_top_decile');
    expect(canonicalMetric('Calibration (ECE, 10 bins)')).toBe('ece');
    expect(canonicalMetric('p95 latency')).toBe('latency_p95');
    expect(metricDirection('p95 latency')).toBe('lower');
    expect(metricDirection('Recall gap across tenure segments')).toBe('lower');
    expect(metricDirection('F1')).toBe('higher');
    expect(metricDirection('number of customers')).toBeNull();
  });

  it('stays linear on hostile text', () => {
    const hostile = ['≥'.repeat(200_000), '1,'.repeat(200_000), 'at least '.repeat(50_000), 'a'.repeat(400_000)];
    const started = Date.now();
    for (const text of hostile) {
      parseThreshold(text);
      parseCriterionSentence(text);
      parseDataReference(text);
      findVaguePhrase(text);
      parseApproval(`approved ${text}`);
    }
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('criteria sentences, data references, approvals and vague claims', () => {
  it('reads a criterion sentence with its data', () => {
    expect(parseCriterionSentence('PR-AUC of at least 0.70 on holdout-2025Q2 / test (DVC md5 9a7510d5c4d6)')).toMatchObject({
      metric: 'PR-AUC',
      comparator: '>=',
      threshold: 0.7,
      data: { dataset: 'holdout-2025Q2', split: 'test', version: 'dvc md5 9a7510d5c4d6' },
    });
    expect(parseCriterionSentence('The p95 latency must stay below 150 ms on loadtest-2025-06.')).toMatchObject({ metric: 'p95 latency', comparator: '<', threshold: 150, unit: 'ms', data: { dataset: 'loadtest-2025-06' } });
    expect(parseCriterionSentence('Recall gap across tenure segments ≤ 0.05')).toMatchObject({ metric: 'Recall gap across tenure segments', slice: 'tenure segments' });
  });

  it('ignores numbers that are not criteria', () => {
    expect(parseCriterionSentence('The holdout has n = 48,000 customers.')).toBeNull();
    expect(parseCriterionSentence('We met on 2025-06-02 with more than 12 people.')).toBeNull();
  });

  it('reads data references', () => {
    expect(parseDataReference('holdout-2025Q2 / test, n=412,000 (release kestrel-crm-2025q2)')).toEqual({ dataset: 'holdout-2025Q2', split: 'test', version: 'release kestrel-crm-2025q2', sampleSize: 412000 });
    expect(parseDataReference('imdb@3f8a91c')).toMatchObject({ dataset: 'imdb@3f8a91c', version: '3f8a91c' });
    expect(parseDataReference('—')).toBeNull();
    expect(parseDataReference('TBD')).toBeNull();
  });

  it('finds vague claims only when they carry no number', () => {
    expect(findVaguePhrase('The model performs well on the test set.')).toMatch(/performs well/i);
    expect(findVaguePhrase('Predictions should be accurate.')).toMatch(/be accurate/i);
    expect(findVaguePhrase('Latency must be low.')).toMatch(/latency must be low/i);
    expect(findVaguePhrase('The model performs well: PR-AUC 0.74.')).toBeNull();
    expect(findVaguePhrase('Scores are written nightly.')).toBeNull();
  });

  it('reads approvals', () => {
    expect(parseApproval('Approved model: kestrel-churn version 2, approved by Priya Raman on 2025-06-12.')).toEqual({ model: 'kestrel-churn', version: '2', approvedBy: 'Priya Raman', date: '2025-06-12' });
    expect(parseApproval('Signed off: fraud-score v3')).toMatchObject({ model: 'fraud-score', version: '3' });
    expect(parseApproval('kestrel-churn version 2 is in production')).toBeNull();
  });
});

describe('Markdown criteria', () => {
  const document = `# Acceptance criteria

All metrics are measured on holdout-2025Q2 / test (DVC md5 9a7510d5c4d683b8).

| Metric | Threshold | Measured |
|---|---|---|
| PR-AUC | ≥ 0.70 | 0.74 |
| ECE | 0.05 | 0.02 |
| Precision | TBD | 0.52 |
| ROC-AUC | reported only | 0.88 |

- p95 latency ≤ 150 ms on loadtest-2025-06 (tag loadtest-2025-06)
- The model should be accurate and
  perform well for every customer.

Approved model: kestrel-churn version 2, approved by Priya Raman on 2025-06-12.
`;

  it('reads a table, its default data, prose criteria, vague lines and the approval', () => {
    const read = readMarkdownCriteria(document, { scope: 'document' });
    expect(read.tables).toBe(1);
    const [prAuc, ece, precision, rocAuc, latency] = read.criteria;
    expect(prAuc).toMatchObject({ intent: 'criterion', metric: 'PR-AUC', comparator: '>=', threshold: 0.7, measured: 0.74, dataset: 'holdout-2025Q2', split: 'test', version: 'dvc md5 9a7510d5c4d683b8', line: 7 });
    expect(ece).toMatchObject({ comparator: '<=', comparatorInferred: true, threshold: 0.05, line: 8 });
    expect(precision).toMatchObject({ comparator: null, threshold: null, line: 9 });
    expect(rocAuc).toMatchObject({ intent: 'result', measured: 0.88 });
    expect(latency).toMatchObject({ metric: 'p95 latency', comparator: '<=', threshold: 150, unit: 'ms', dataset: 'loadtest-2025-06', version: 'tag loadtest-2025-06', line: 12 });
    expect(read.vague).toEqual([{ text: expect.stringMatching(/should be accurate/), line: 13 }]);
    expect(read.approval).toEqual({ model: 'kestrel-churn', version: '2', approvedBy: 'Priya Raman', date: '2025-06-12', line: 16 });
  });

  it('reads general documents only under criteria headings, and tables that say they hold acceptance bars', () => {
    const readme = `# Churn model

The model performs well.

## Monitoring

| Signal | Threshold |
|---|---|
| PSI drift | > 0.2 |

## Results

| Metric | Value | Acceptance criterion |
|---|---|---|
| F1 | 0.81 | ≥ 0.80 |

## Success criteria

- Recall ≥ 0.75 on the March holdout.
- It should be accurate.
`;
    const read = readMarkdownCriteria(readme, { scope: 'sections' });
    expect(read.criteria.map((criterion) => [criterion.metric, criterion.line])).toEqual([
      ['F1', 15],
      ['Recall', 19],
    ]);
    expect(read.vague.map((statement) => statement.line)).toEqual([20]);
    expect(read.sections).toEqual([{ text: 'Success criteria', line: 17 }]);
  });

  it('does not mistake an ordinary table for criteria', () => {
    const read = readMarkdownCriteria('# Evaluation plan\n\n| Feature | Type |\n|---|---|\n| tenure | int |\n', { scope: 'document' });
    expect(read.criteria).toEqual([]);
    expect(read.tables).toBe(0);
  });
});

describe('criteria file', () => {
  const valid = `approvedModel: {name: kestrel-churn, version: 2}
approvedBy: Priya Raman
date: 2025-06-12
criteria:
  - metric: PR-AUC
    loggedAs: pr_auc
    comparison: ">="
    threshold: 0.7
    dataset: holdout-2025Q2
    split: test
    version: dvc md5 9a7510d5c4d683b8
`;

  it('reads a valid file', () => {
    const read = readCriteriaFile(valid);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.issues).toEqual([]);
    expect(read.value.criteria).toEqual([
      { intent: 'criterion', metric: 'PR-AUC', loggedAs: 'pr_auc', comparator: '>=', threshold: 0.7, dataset: 'holdout-2025Q2', split: 'test', version: 'dvc md5 9a7510d5c4d683b8', line: 5, column: 5 },
    ]);
    expect(read.value.approval).toEqual({ model: 'kestrel-churn', version: '2', approvedBy: 'Priya Raman', date: '2025-06-12', line: 1 });
  });

  it('places schema errors at line:column and still reads what it can', () => {
    const read = readCriteriaFile(`approvedModel:
  name: fraud-score
criteria:
  - metric: recall
    comparison: greater than
    threshold: 0.6
    dataset: transactions
  - metric: precision
    comparison: ">="
    threshold: "0.4"
    dataset: transactions
    split: test
    colour: blue
`);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const issues = read.value.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^1:1 .*missing required property "approvedBy"/),
        expect.stringMatching(/^2:3 approvedModel: missing required property "version"/),
        expect.stringMatching(/^4:5 criteria\.0: missing required property "split"/),
        expect.stringMatching(/^5:17 criteria\.0\.comparison: expected one of/),
        expect.stringMatching(/^10:16 criteria\.1\.threshold: must be number/),
        expect.stringMatching(/^13:5 criteria\.1: unknown property "colour"/),
      ]),
    );
    expect(read.value.criteria.map((criterion) => [criterion.metric, criterion.comparator, criterion.threshold])).toEqual([
      ['recall', '>', 0.6],
      ['precision', '>=', null],
    ]);
  });

  it('refuses malformed YAML, alias bombs and deep nesting as errors, not crashes', () => {
    const broken = readCriteriaFile('criteria:\n  - metric: [unclosed\n');
    expect(broken).toMatchObject({ ok: false, error: { line: expect.any(Number) } });
    expect(readCriteriaFile(ALIAS_BOMB)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/alias/) } });
    expect(readCriteriaFile(DEEP)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/nesting/) } });
    expect(readCriteriaFile('- just\n- a list\n')).toMatchObject({ ok: false });
  });
});

describe('Hugging Face model-index and eval results', () => {
  const card = `---
license: mit
model-index:
- name: kestrel-churn
  results:
  - task: {type: tabular-classification}
    dataset: {type: kestrel-crm, name: holdout-2025Q2, split: test, revision: v2}
    metrics:
    - {type: pr_auc, value: 0.74, name: PR-AUC}
    - {type: f1}
---
# Card
`;

  it('reads results with lines, and flags entries missing required fields', () => {
    const read = readModelIndex(card);
    expect(read?.ok).toBe(true);
    if (!read?.ok) return;
    expect(read.value.models).toEqual(['kestrel-churn']);
    expect(read.value.results).toEqual([
      { intent: 'result', metric: 'PR-AUC', loggedAs: 'pr_auc', comparator: null, threshold: null, measured: 0.74, dataset: 'holdout-2025Q2', split: 'test', version: 'revision v2', line: 9 },
    ]);
    expect(read.value.problems).toEqual([{ message: 'metric without type and numeric value', line: 10 }]);
  });

  it('returns null without model-index and an error for broken front matter', () => {
    expect(readModelIndex('---\nlicense: mit\n---\n# Card\n')).toBeNull();
    expect(readModelIndex('# Card\n')).toBeNull();
    expect(readModelIndex('---\nmodel-index: [unclosed\n---\n')).toMatchObject({ ok: false });
  });

  it('reads .eval_results entries', () => {
    const read = readEvalResults('- dataset: {id: cais/hle, task_id: default, revision: abc123}\n  value: 20.9\n- dataset: {id: x}\n');
    expect(read).toEqual({ ok: true, value: [{ intent: 'result', metric: 'cais/hle default score', comparator: null, threshold: null, measured: 20.9, dataset: 'cais/hle', split: 'default', version: 'revision abc123', line: 1 }] });
    expect(readEvalResults('dataset: x\n')).toMatchObject({ ok: false });
  });
});

describe('promptfoo', () => {
  it('turns threshold assertions into criteria with the right direction, and plain ones into a pass bar', () => {
    const read = readPromptfooConfig(`description: refund answers
prompts: [file://prompts/answer.txt]
providers: [openai:gpt-4o-mini]
defaultTest:
  assert:
    - type: latency
      threshold: 3000
tests:
  - vars: {question: "Refund window?"}
    assert:
      - type: contains
        value: "30 days"
      - type: llm-rubric
        value: cites the policy
        threshold: 0.8
`);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.config.providers).toEqual(['openai:gpt-4o-mini']);
    expect(read.value.criteria).toEqual([
      { intent: 'criterion', metric: 'llm-rubric', comparator: '>=', threshold: 0.8, dataset: '1 inline test(s)', line: 13 },
      { intent: 'criterion', metric: 'latency', comparator: '<=', threshold: 3000, unit: 'ms', dataset: '1 inline test(s)', dimension: 'serving', line: 6 },
      { intent: 'criterion', metric: 'assertion pass rate (contains)', comparator: '==', threshold: 100, unit: '%', dataset: '1 inline test(s)', dimension: 'generation', line: 11 },
    ]);
  });

  it('reports malformed configs', () => {
    expect(readPromptfooConfig('tests: [\n')).toMatchObject({ ok: false, error: { line: expect.any(Number) } });
    expect(readPromptfooConfig(ALIAS_BOMB)).toMatchObject({ ok: false });
  });
});

describe('lm-evaluation-harness, OpenAI evals, Great Expectations', () => {
  it('reads an lm-eval task with custom tags', () => {
    const read = readLmEvalTask(`task: arc_easy
dataset_path: allenai/ai2_arc
dataset_name: ARC-Easy
test_split: test
process_docs: !function utils.process_docs
metric_list:
  - metric: acc
    aggregation: mean
    higher_is_better: true
  - metric: acc_norm
metadata:
  version: 1.0
`);
    expect(read.ok).toBe(true);
    if (!read.ok || !read.value) throw new Error('not read');
    expect(read.value.task).toBe('arc_easy');
    expect(read.value.metrics.map((metric) => [metric.intent, metric.metric, metric.dataset, metric.split, metric.line])).toEqual([
      ['declared-metric', 'acc', 'allenai/ai2_arc/ARC-Easy', 'test', 7],
      ['declared-metric', 'acc_norm', 'allenai/ai2_arc/ARC-Easy', 'test', 10],
    ]);
    expect(readLmEvalTask('name: not a task\n')).toEqual({ ok: true, value: null });
  });

  it('reads an OpenAI evals registry entry', () => {
    const read = readOpenAiEvalsRegistry(`refunds:
  id: refunds.dev.v0
  description: refund policy answers
  metrics: [accuracy]
refunds.dev.v0:
  class: evals.elsuite.basic.match:Match
  args:
    samples_jsonl: refunds/samples.jsonl
`);
    expect(read).toMatchObject({ ok: true, value: { evals: [{ name: 'refunds', metrics: ['accuracy'], samples: 'refunds/samples.jsonl', line: 1 }] } });
    if (read.ok) expect(read.value.criteria).toEqual([{ intent: 'declared-metric', metric: 'accuracy', comparator: null, threshold: null, dataset: 'refunds/samples.jsonl', dimension: 'generation', line: 1 }]);
  });

  it('reads Great Expectations 0.x and 1.x suites as data-quality criteria', () => {
    const legacy = readExpectationSuite(`{
  "expectation_suite_name": "customers",
  "expectations": [
    {"expectation_type": "expect_column_values_to_not_be_null", "kwargs": {"column": "customer_id"}},
    {"expectation_type": "expect_column_values_to_be_between", "kwargs": {"column": "tenure_months", "min_value": 0, "max_value": 600}},
    {"expectation_type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 100000}}
  ]
}`);
    expect(legacy.ok && legacy.value?.criteria.map((criterion) => [criterion.metric, criterion.comparator, criterion.threshold, criterion.upper, criterion.line])).toEqual([
      ['expect_column_values_to_be_between (tenure_months)', 'between', 0, 600, 5],
      ['expect_table_row_count_to_be_between', '>=', 100000, undefined, 6],
    ]);
    const modern = readExpectationSuite('{"name": "orders", "expectations": [{"type": "expect_column_max_to_be_between", "kwargs": {"column": "amount", "max_value": 10000, "strict_max": true}}]}');
    expect(modern.ok && modern.value?.criteria[0]).toMatchObject({ comparator: '<', threshold: 10000, dataset: 'orders', dimension: 'data-quality' });
    expect(readExpectationSuite('{"expectations": [').ok).toBe(false);
    expect(readExpectationSuite('{"results": []}')).toEqual({ ok: true, value: null });
  });
});
