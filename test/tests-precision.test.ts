// Precision of the `tests` check on layouts seen in real repositories a reviewer did not count as "tests that
// CI runs": a recipe template with one test file and no CI test step, a collection of projects whose CI only
// lints. What the tests exercise (the model, the data) is a quality of a suite that runs; without a CI step
// running it, it counts for half. A suite CI runs is judged as before.
import { describe, expect, it } from 'vitest';
import check from '../checks/tests.js';
import { findingIds, runCheck } from './helpers.js';

const criteria = (result: { criteria?: Array<{ id: string; value: number }> }) => Object.fromEntries((result.criteria ?? []).map((c) => [c.id, c.value]));

/** A regression recipe: five step modules and one test file that trains and transforms on fixed data. */
const RECIPE: Record<string, string> = {
  'steps/ingest.py': 'import pandas as pd\n\ndef load_file_as_dataframe(path):\n    return pd.read_parquet(path)\n',
  'steps/split.py': 'def create_dataset_filter(dataset):\n    return dataset["fare_amount"] > 0\n',
  'steps/transform.py': 'from sklearn.preprocessing import StandardScaler\n\ndef transformer_fn():\n    return StandardScaler()\n',
  'steps/train.py': 'from sklearn.linear_model import SGDRegressor\n\ndef estimator_fn():\n    return SGDRegressor()\n',
  'steps/custom_metrics.py': 'def weighted_mean_squared_error(eval_df, builtin_metrics):\n    return 0.0\n',
  'tests/train_test.py': [
    'import pandas as pd',
    'from steps.train import estimator_fn',
    'from steps.transform import transformer_fn',
    '',
    'def test_train_fn_returns_object_with_correct_spec():',
    '    regressor = estimator_fn()',
    '    assert callable(getattr(regressor, "fit", None))',
    '',
    'def test_transform_features_keeps_rows():',
    '    frame = pd.DataFrame({"trip_distance": [1.0, 2.0]})',
    '    assert len(transformer_fn().fit_transform(frame)) == 2',
    '',
  ].join('\n'),
  // CI that lints only: the tests are never run by it.
  '.github/workflows/lint.yml': 'name: lint\non: [push, pull_request]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pip install ruff\n      - run: ruff check .\n',
};
const RUNS_PYTEST = 'name: test\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pip install -r requirements.txt pytest\n      - run: pytest tests\n';

describe('model and data tests count in full only when CI runs them', () => {
  it('a test file nobody runs automatically: half for what it exercises, named in a finding, and no pass on its own', async () => {
    const result = await runCheck(check, RECIPE);
    expect(criteria(result).ci).toBe(0);
    expect(criteria(result)['ml-tested']).toBe(0.25);
    const finding = result.findings.find((f) => f.id === 'ml-tests-not-run');
    expect(finding).toMatchObject({ severity: 'warning', message: 'Tests of the model exist, but no CI step runs them: nothing shows they still pass. Counted for half.' });
    expect(findingIds(result)).toContain('tests-not-in-ci');
    expect(result.score).toBeLessThan(2);
  });

  it('the same tests run by CI on every change count in full, without the finding', async () => {
    const result = await runCheck(check, { ...RECIPE, '.github/workflows/test.yml': RUNS_PYTEST });
    expect(criteria(result).ci).toBe(1);
    expect(criteria(result)['ml-tested']).toBe(0.5);
    expect(findingIds(result)).not.toContain('ml-tests-not-run');
    expect(result.score).toBeGreaterThanOrEqual(2);
  });

  it('a data suite without CI is halved too; with CI running the tests it counts in full', async () => {
    const suite = {
      'great_expectations/expectations/trips.json': JSON.stringify({ expectation_suite_name: 'trips', expectations: [{ expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'fare_amount' } }] }),
    };
    const alone = await runCheck(check, { ...RECIPE, ...suite });
    expect(criteria(alone)['ml-tested']).toBe(0.5);
    expect(alone.findings.find((f) => f.id === 'ml-tests-not-run')?.message).toMatch(/^Tests of the model and the data exist/);
    const run = await runCheck(check, { ...RECIPE, ...suite, '.github/workflows/test.yml': RUNS_PYTEST });
    expect(criteria(run)['ml-tested']).toBe(1);
  });

  it('no tests at all: nothing to halve and no finding about running them', async () => {
    const { 'tests/train_test.py': _dropped, ...untested } = RECIPE;
    const result = await runCheck(check, untested);
    expect(criteria(result)['ml-tested']).toBe(0);
    expect(findingIds(result)).not.toContain('ml-tests-not-run');
  });
});
