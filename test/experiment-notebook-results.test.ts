// Results committed only as notebook outputs are a weak experiment log (#18): a printed score, a classification
// report, a table of scores across configurations earn a little of runs-exist and params-metrics, with a warning;
// notebooks without outputs, or whose outputs hold no result, earn nothing. Nothing in a notebook is executed.
import { describe, expect, it } from 'vitest';
import check from '../checks/experiment-tracking.js';
import { notebookResults } from '../src/experiments/notebook-results.js';
import { findingIds, makeTree, runCheck } from './helpers.js';

type Output = { stream: string } | { plain: string };
type Cell = { source: string; outputs?: readonly Output[] } | { markdown: string };

/** An nbformat 4 notebook as Jupyter writes it (multi-line strings as lists of lines). */
function notebook(cells: Cell[]): string {
  const lines = (text: string) => text.split(/(?<=\n)/);
  return JSON.stringify({
    cells: cells.map((cell, index) =>
      'markdown' in cell
        ? { cell_type: 'markdown', metadata: {}, source: lines(cell.markdown) }
        : {
            cell_type: 'code',
            execution_count: index + 1,
            metadata: {},
            source: lines(cell.source),
            outputs: (cell.outputs ?? []).map((output) =>
              'stream' in output
                ? { name: 'stdout', output_type: 'stream', text: lines(output.stream) }
                : { output_type: 'execute_result', execution_count: index + 1, metadata: {}, data: { 'text/plain': lines(output.plain) } },
            ),
          },
    ),
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

const REPORT = `              precision    recall  f1-score   support

           0       0.88      1.00      0.93         7
           1       1.00      0.67      0.80         3

    accuracy                           0.90        10
   macro avg       0.94      0.83      0.87        10
weighted avg       0.91      0.90      0.89        10
`;
const GRID = `   param_max_depth  param_n_estimators  mean_test_score  std_test_score  rank_test_score
0                4                 100            0.812           0.031                3
1                6                 300            0.871           0.024                1
2                8                 300            0.855           0.029                2
3             None                 500            0.843           0.040                4
`;
const DESCRIBE = `       tenure_months  monthly_spend    score
count      40.000000      40.000000  40.0000
mean       42.675000      45.299000   0.6100
std        19.657826      22.738287   0.1200
min         5.000000      10.330000   0.2000
max        72.000000      86.440000   0.9900
`;

const value = (result: { criteria: Array<{ id: string; value: number }> }, id: string) => result.criteria.find((c) => c.id === id)?.value;
const parse = (text: string): unknown => JSON.parse(text);

describe('results recognised in notebook outputs', () => {
  it.each([
    ['a classification report', { source: 'print(classification_report(y_test, pred))\n', outputs: [{ stream: REPORT }] }, { kind: 'report', tries: 1, withParameters: false, note: 'classification report' }],
    ['a metric printed with its name', { source: 'print(f"ROC AUC: {auc:.3f}")\n', outputs: [{ stream: 'ROC AUC: 0.912\n' }] }, { kind: 'metric', tries: 1, note: 'ROC AUC 0.912' }],
    ['metrics printed at full precision', { source: 'print("accuracy", acc, "f1", f1)\n', outputs: [{ stream: 'accuracy 0.9133333333333333 f1 0.8\nval_loss=0.31\n' }] }, { kind: 'metric', note: 'accuracy 0.9133333333333333, val_loss 0.31' }],
    ['a bare score printed by a cell that computes one', { source: 'print(clf.score(X_test, y_test))\n', outputs: [{ stream: '0.9133333333333333\n' }] }, { kind: 'metric', note: 'printed score 0.9133333333' }],
    ['a grid search table: one try per configuration, parameters named', { source: 'pd.DataFrame(search.cv_results_)[cols]\n', outputs: [{ plain: GRID }] }, { kind: 'table', tries: 4, withParameters: true }],
  ] as const)('%s', (_, cell, expected) => {
    expect(notebookResults('nb.ipynb', parse(notebook([cell])))).toEqual([expect.objectContaining({ path: 'nb.ipynb', cell: 1, ...expected })]);
  });

  it.each([
    ['a cell without outputs', { source: 'print(clf.score(X_test, y_test))\n' }],
    ['a bare number from a cell that computes no metric', { source: 'len(df) / 100\n', outputs: [{ plain: '0.4\n' }] }],
    ['df.describe() of a data column named score', { source: 'df.describe()\n', outputs: [{ plain: DESCRIBE }] }],
    ['a data preview', { source: 'df.head()\n', outputs: [{ plain: '  customer_id  tenure_months  churned\n0      C10000             42        0\n1      C10001             69        0\n' }] }],
    ['a log line naming no metric', { source: 'train()\n', outputs: [{ stream: 'Epoch 3 done in 12.5 s\nsaved model.pkl\n' }] }],
  ] as const)('nothing in %s', (_, cell) => {
    expect(notebookResults('nb.ipynb', parse(notebook([cell])))).toEqual([]);
  });

  it('reads hostile outputs within its bounds: long lines, thousands of summary rows, a metric word with no value', () => {
    const summary = `       tenure  val_accuracy\n${'count  40  40\nmean  4  4\nstd  1  1\nmin  0  0\nmax  9  9\n'.repeat(500)}`;
    const long = `${'accuracy '.repeat(100_000)}\n${'9'.repeat(100_000)}.5\n`;
    const nb = parse(notebook([{ source: 'df.describe()\n', outputs: [{ plain: summary }] }, { source: 'print(clf.score(X, y))\n', outputs: [{ stream: long }] }]));
    expect(notebookResults('nb.ipynb', nb)).toEqual([]);
  });

  it('reads nothing from what is not a notebook', () => {
    expect(notebookResults('x.ipynb', { cells: 'no' })).toEqual([]);
    expect(notebookResults('x.ipynb', null)).toEqual([]);
    expect(notebookResults('x.ipynb', { cells: [null, 3, { outputs: [null, { text: 7 }] }] })).toEqual([]);
  });
});

describe('experiment-tracking: notebook outputs as a weak experiment log', () => {
  it('gives results across tries a small partial credit, with the warning and its remediation', async () => {
    const result = await runCheck(check, {
      'notebooks/benchmarks.ipynb': notebook([
        { markdown: '# Benchmarks\n' },
        { source: 'search.fit(X, y)\npd.DataFrame(search.cv_results_)[cols]\n', outputs: [{ plain: GRID }] },
        { source: 'print(classification_report(y_test, best.predict(X_test)))\n', outputs: [{ stream: REPORT }] },
      ]),
    });
    expect(value(result, 'runs-exist')).toBe(0.25);
    expect(value(result, 'params-metrics')).toBe(0.2);
    expect(['decisions', 'code-version', 'selected-model', 'run-health'].map((id) => value(result, id))).toEqual([0, 0, 0, 0]);
    expect(findingIds(result)).toEqual(['no-tracking', 'results-only-in-notebooks']);
    const warning = result.findings.find((finding) => finding.id === 'results-only-in-notebooks')!;
    expect(warning).toMatchObject({
      severity: 'warning',
      path: 'notebooks/benchmarks.ipynb',
      message: 'Results are recorded only as notebook outputs: no run ids, parameters or history a team can query (2 result output(s), 5 tries, in notebooks/benchmarks.ipynb).',
      remediation: expect.stringContaining('mlflow.start_run'),
    });
    expect(result.evidence).toEqual([
      { path: 'notebooks/benchmarks.ipynb', kind: 'notebook-result', note: 'cell 2: table of 4 rows (param_max_depth, param_n_estimators, mean_test_score, std_test_score, rank_test_score)' },
      { path: 'notebooks/benchmarks.ipynb', kind: 'notebook-result', note: 'cell 3: classification report' },
    ]);
  });

  it('scales the credit by the tries shown: one printed score is less than a history', async () => {
    const result = await runCheck(check, { 'model.ipynb': notebook([{ source: 'print(clf.score(X_test, y_test))\n', outputs: [{ stream: '0.9\n' }] }]) });
    expect(value(result, 'runs-exist')).toBeCloseTo(0.25 / 3, 2);
    // Metrics without the configuration that produced them: half of the params-metrics credit.
    expect(value(result, 'params-metrics')).toBe(0.1);
    expect(result.score).toBeGreaterThan(0);
  });

  it('gives nothing for notebooks without outputs or without a result among them', async () => {
    const result = await runCheck(check, {
      'a.ipynb': notebook([{ source: 'print(clf.score(X_test, y_test))\n' }]),
      'b.ipynb': notebook([{ source: 'df.describe()\n', outputs: [{ plain: DESCRIBE }] }]),
      'c.ipynb': '{"cells": [',
    });
    expect(result.score).toBe(0);
    expect(findingIds(result)).toEqual(['no-tracking']);
  });

  it('adds nothing when a tracker holds runs: the store speaks for the history', async () => {
    const { goodFileStore } = await import('./experiment-tracking.helpers.js');
    const store = goodFileStore();
    const withNotebook = await runCheck(check, { ...store, 'nb.ipynb': notebook([{ source: 'print(classification_report(y, p))\n', outputs: [{ stream: REPORT }] }]) });
    const without = await runCheck(check, store);
    expect(withNotebook.score).toBe(without.score);
    expect(findingIds(withNotebook)).not.toContain('results-only-in-notebooks');
  });
});
