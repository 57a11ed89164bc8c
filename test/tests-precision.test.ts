// Precision of the `tests` check on layouts seen in real repositories a reviewer did not count as "tests that
// CI runs": a recipe template with one test file and no CI test step, a collection of projects whose CI only
// lints. What the tests exercise (the model, the data) and a coverage threshold are qualities of a suite that
// runs: with nothing running it automatically they count nothing, with only a git hook for half. A suite CI
// runs is judged as before, also when CI reaches it through a mise task or a job it submits.
import { describe, expect, it } from 'vitest';
import check from '../checks/tests.js';
import { findingIds, runCheck } from './helpers.js';

const criteria = (result: { criteria?: Array<{ id: string; value: number }> }) => Object.fromEntries((result.criteria ?? []).map((c) => [c.id, c.value]));
const kinds = (result: { evidence: Array<{ kind: string }> }) => result.evidence.map((e) => e.kind);

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
  it('a test file nobody runs automatically: nothing for what it exercises, named in a finding, and no pass on its own', async () => {
    const result = await runCheck(check, RECIPE);
    expect(criteria(result).ci).toBe(0);
    expect(criteria(result)['ml-tested']).toBe(0);
    const finding = result.findings.find((f) => f.id === 'ml-tests-not-run');
    expect(finding).toMatchObject({ severity: 'warning', message: 'Tests of the model exist, but no CI step runs them: nothing shows they still pass. Nothing runs them automatically: not counted.' });
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

  it('a data suite nothing runs counts nothing either; with CI running the tests it counts in full', async () => {
    const suite = {
      'great_expectations/expectations/trips.json': JSON.stringify({ expectation_suite_name: 'trips', expectations: [{ expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'fare_amount' } }] }),
    };
    const alone = await runCheck(check, { ...RECIPE, ...suite });
    expect(criteria(alone)['ml-tested']).toBe(0);
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

  it('a complete suite nothing runs, with a coverage threshold in its configuration, passes on nothing but its size', async () => {
    const complete = { ...RECIPE, 'tests/ingest_test.py': 'from steps.ingest import load_file_as_dataframe\n\ndef test_load_is_callable():\n    assert callable(load_file_as_dataframe)\n', 'pyproject.toml': '[tool.coverage.report]\nfail_under = 80\n' };
    const result = await runCheck(check, complete);
    expect(criteria(result).present).toBeGreaterThan(0.9);
    expect(criteria(result).threshold).toBe(0);
    expect(result.findings.find((f) => f.id === 'threshold-not-enforced')?.message).toMatch(/and nothing runs the tests automatically/);
    expect(result.score).toBeLessThan(2);
  });
});

describe('what runs the tests automatically', () => {
  it('a lefthook pre-push hook running a mise task that runs pytest: 0.3 for CI, half for what the tests exercise', async () => {
    const result = await runCheck(check, {
      ...RECIPE,
      'lefthook.yml': 'pre-commit:\n  commands:\n    check:\n      run: mise run check\npre-push:\n  commands:\n    test:\n      run: mise run test\n',
      'mise.toml': '[tasks.check]\ndepends = ["check:lint"]\n\n[tasks."check:lint"]\nrun = "uv run ruff check ."\n\n[tasks.test]\nrun = "uv run pytest"\n',
    });
    expect(criteria(result).ci).toBe(0.3);
    expect(criteria(result)['ml-tested']).toBe(0.25);
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'lefthook.yml', kind: 'hook-test-run', note: 'pre-push hook runs pytest (mise run test → mise task "test" (mise.toml))' }));
    expect(result.findings.find((f) => f.id === 'tests-run-by-hook-only')?.message).toMatch(/^Only the pre-push hook in lefthook\.yml runs the tests \(pytest\)/);
  });

  it('a hook that only lints runs no tests', async () => {
    const result = await runCheck(check, { ...RECIPE, '.pre-commit-config.yaml': 'repos:\n  - repo: local\n    hooks:\n      - id: ruff\n        name: ruff\n        entry: ruff check\n        language: system\n' });
    expect(criteria(result).ci).toBe(0);
    expect(kinds(result)).not.toContain('hook-test-run');
  });

  it('CI reaching pytest through a mise task counts as CI running the tests', async () => {
    const result = await runCheck(check, {
      ...RECIPE,
      '.github/workflows/ci.yml': 'name: CI\non: [push, pull_request]\njobs:\n  checks:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: jdx/mise-action@v2\n      - run: mise run ci\n',
      'mise.toml': '[tasks.ci]\ndepends = ["lint", "test"]\n\n[tasks.lint]\nrun = "ruff check ."\n\n[tasks.test]\nrun = ["uv run pytest tests"]\n',
    });
    expect(criteria(result).ci).toBe(1);
    expect(criteria(result)['ml-tested']).toBe(0.5);
  });

  it('mise tasks that depend on each other in a circle are followed once', async () => {
    const result = await runCheck(check, {
      ...RECIPE,
      '.github/workflows/ci.yml': 'on: [push]\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    steps:\n      - run: mise run a\n',
      'mise.toml': '[tasks.a]\ndepends = ["b"]\nrun = "mise run b"\n\n[tasks.b]\ndepends = ["a"]\nrun = "pytest"\n\n[tasks.constructor]\nrun = "echo not a prototype key"\n',
    });
    expect(criteria(result).ci).toBe(1);
  });

  it('CI submitting a cluster job whose entrypoint runs pytest counts, and only waits for it with --wait', async () => {
    const job = 'name: workloads\ncompute_config: gpu-cluster\nentrypoint: bash deploy/jobs/workloads.sh\nmax_retries: 0\n';
    const script = '#!/bin/bash\nset -e\npython -m pytest tests --verbose\npython steps/train.py\n';
    const workflow = (flags: string) => `name: workloads\non:\n  pull_request:\n    branches: [main]\njobs:\n  workloads:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: python3 -m pip install anyscale\n      - name: Workloads\n        run: anyscale jobs submit deploy/jobs/workloads.yaml${flags}\n`;
    const waits = await runCheck(check, { ...RECIPE, 'deploy/jobs/workloads.yaml': job, 'deploy/jobs/workloads.sh': script, '.github/workflows/workloads.yaml': workflow(' --wait') });
    expect(criteria(waits).ci).toBe(1);
    expect(waits.evidence).toContainEqual(expect.objectContaining({ kind: 'ci-test-run:github-actions', note: expect.stringMatching(/via job entrypoint \(deploy\/jobs\/workloads\.yaml\) → deploy\/jobs\/workloads\.sh/) }));
    const queued = await runCheck(check, { ...RECIPE, 'deploy/jobs/workloads.yaml': job, 'deploy/jobs/workloads.sh': script, '.github/workflows/workloads.yaml': workflow('') });
    expect(findingIds(queued)).toContain('ci-failure-ignored');
  });
});
