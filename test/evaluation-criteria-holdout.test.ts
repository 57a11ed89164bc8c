// Acceptance gates the holdout repositories keep in code (#16, #17): an MLflow-style validation threshold keyed by
// its metric in an evaluation job, and a champion/challenger gate that registers a model only when it beats the
// production model's metric (a bar relative to that baseline). Negatives: a test's parameters that exercise the
// gate, comparisons of names that are no metric or no pair of models.
import { describe, expect, it } from 'vitest';
import check from '../checks/evaluation-criteria.js';
import { readThresholdConstants } from '../src/formats/threshold-constants.js';
import { findingIds, runRaw } from './helpers.js';

const EVALUATIONS_JOB = `"""Define a job for evaluating registered models with data."""

import typing as T

import pydantic as pdt

from bikes.core import metrics as metrics_
from bikes.jobs import base


class EvaluationsJob(base.Job):
    """Generate evaluations from a registered model and a dataset."""

    KIND: T.Literal["EvaluationsJob"] = "EvaluationsJob"

    model_type: str = "regressor"
    alias_or_version: str | int = "Champion"
    metrics: metrics_.MetricsKind = [metrics_.SklearnMetric()]
    evaluators: list[str] = ["default"]
    # Thresholds
    thresholds: dict[str, metrics_.Threshold] = {"r2_score": metrics_.Threshold(threshold=0.5, greater_is_better=True)}

    def run(self) -> base.Locals:
        results = mlflow.evaluate(model=model_uri, data=dataset, validation_thresholds=thresholds)
        return locals()
`;

const EVALUATIONS_TEST = `import pytest

from bikes.core import metrics
from bikes.jobs import EvaluationsJob


@pytest.mark.parametrize(
    "alias_or_version, thresholds",
    [
        (1, {"mean_squared_error": metrics.Threshold(threshold=float("inf"), greater_is_better=False)}),
        ("Promotion", {"r2_score": metrics.Threshold(threshold=-1, greater_is_better=True)}),
        pytest.param("Promotion", {"r2_score": metrics.Threshold(threshold=100, greater_is_better=True)}, marks=pytest.mark.xfail),
    ],
)
def test_evaluations_job(alias_or_version, thresholds):
    job = EvaluationsJob(alias_or_version=alias_or_version, thresholds=thresholds)
    assert job.run()
`;

const EVALUATE_MODEL = `from azureml.core import Run
from ml_service.util.model_helper import get_model

run = Run.get_context()
metric_eval = "mse"

try:
    firstRegistration = False
    tag_name = "experiment_name"
    model = get_model(model_name=model_name, tag_name=tag_name, tag_value=exp.name, aml_workspace=ws)
    if model is not None:
        production_model_mse = 10000
        if metric_eval in model.tags:
            production_model_mse = float(model.tags[metric_eval])
        try:
            new_model_mse = float(run.parent.get_metrics().get(metric_eval))
        except TypeError:
            new_model_mse = None
        if (production_model_mse is None or new_model_mse is None):
            print("Unable to find", metric_eval, "metrics, exiting evaluation")
            run.parent.cancel()
        else:
            print("Current Production model mse: {}, New trained model mse: {}".format(production_model_mse, new_model_mse))

        if (new_model_mse < production_model_mse):
            print("New trained model performs better, thus it should be registered")
        else:
            print("New trained model metric is worse than or equal to production model so skipping model registration.")
            run.parent.cancel()
    else:
        print("This is the first model, thus it should be registered")
except Exception:
    run.parent.cancel()
`;

describe('validation thresholds keyed by metric', () => {
  it('reads the r2_score gate of an evaluation job as a concrete criterion at its line', async () => {
    const drafts = readThresholdConstants('src/bikes/jobs/evaluations.py', EVALUATIONS_JOB);
    expect(drafts).toEqual([expect.objectContaining({ intent: 'criterion', metric: 'r2_score', comparator: '>=', threshold: 0.5, line: 21 })]);
    const outcome = await runRaw(check, { 'src/bikes/jobs/evaluations.py': EVALUATIONS_JOB, 'tests/jobs/test_evaluations.py': EVALUATIONS_TEST });
    if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
    expect(outcome.summary).toMatch(/^1 concrete criteria/);
    expect(outcome.criteria.concrete).toBeGreaterThan(0);
    expect(findingIds(outcome)).not.toContain('no-criteria');
    // The test's -1 and 100 exercise the gate; they are no second bar that disagrees with 0.5.
    expect(findingIds(outcome)).not.toContain('inconsistent-thresholds');
  });

  it('takes the direction from greater_is_better, or from the metric when it is not written', () => {
    const lower = readThresholdConstants('evaluation/validate.py', 'thresholds = {"rmse": MetricThreshold(threshold=12.5, greater_is_better=False)}\n');
    expect(lower).toEqual([expect.objectContaining({ metric: 'rmse', comparator: '<=', threshold: 12.5 })]);
    const inferred = readThresholdConstants('evaluation/validate.py', 'thresholds = {"accuracy": MetricThreshold(threshold=0.8)}\n');
    expect(inferred).toEqual([expect.objectContaining({ metric: 'accuracy', comparator: '>=', threshold: 0.8, comparatorInferred: true })]);
  });

  it('leaves a test file’s parameters and thresholds on names that are no metric', async () => {
    expect(readThresholdConstants('tests/jobs/test_evaluations.py', EVALUATIONS_TEST)).toEqual([]);
    expect(readThresholdConstants('evaluation/retry.py', 'limits = {"max_retries": RetryThreshold(threshold=3)}\n')).toEqual([]);
    const outcome = await runRaw(check, { 'tests/jobs/test_evaluations.py': EVALUATIONS_TEST });
    if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
    expect(outcome.criteria.concrete).toBe(0);
  });
});

describe('champion/challenger gates', () => {
  it('reads "register only if the new model beats production" as a criterion relative to the production model', async () => {
    const drafts = readThresholdConstants('diabetes_regression/evaluate/evaluate_model.py', EVALUATE_MODEL);
    expect(drafts).toEqual([expect.objectContaining({ intent: 'criterion', metric: 'mse', comparator: '<', threshold: 0, baseline: 'production_model_mse', line: 25 })]);
    const outcome = await runRaw(check, { 'diabetes_regression/evaluate/evaluate_model.py': EVALUATE_MODEL });
    if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
    expect(outcome.summary).toMatch(/^1 concrete criteria \(1 distinct metric/);
    expect(outcome.evidence).toEqual([expect.objectContaining({ path: 'diabetes_regression/evaluate/evaluate_model.py', kind: 'evaluation-code-constants' })]);
    expect(findingIds(outcome)).toEqual(expect.arrayContaining(['no-dataset']));
  });

  it('reads the champion written first with the comparison turned round', () => {
    const drafts = readThresholdConstants('pipelines/evaluate.py', 'if champion_auc <= candidate_auc:\n    register(candidate)\n');
    expect(drafts).toEqual([expect.objectContaining({ metric: 'auc', comparator: '>=', threshold: 0, baseline: 'champion_auc' })]);
  });

  it('does not compare a relative bar with an absolute one on the same metric', async () => {
    const outcome = await runRaw(check, {
      'diabetes_regression/evaluate/evaluate_model.py': EVALUATE_MODEL,
      'evaluation/gate.py': 'MAX_MSE = 3500\n\ndef passes(mse):\n    return mse <= MAX_MSE\n',
    });
    if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
    expect(outcome.summary).toMatch(/^2 concrete criteria/);
    expect(findingIds(outcome)).not.toContain('inconsistent-thresholds');
  });

  it('ignores comparisons of two models on no metric, and of one model with a number', () => {
    const code = [
      'if len(new_model_rows) > len(production_model_rows):',
      '    print("more rows")',
      'if new_model_version > production_model_version:',
      '    print("newer")',
      'if new_model_mse < 3000:',
      '    print("under")',
      'if train_mse < test_mse:',
      '    print("overfit?")',
    ].join('\n');
    expect(readThresholdConstants('evaluate/evaluate_model.py', code)).toEqual([]);
  });
});
