// Acceptance gates kept in code and pipeline configs, as real deliveries keep them (#16): a named metric with a
// comparison threshold that gates a model or pipeline step is a concrete criterion even when no dataset is named;
// the missing data is its own finding. Negatives: timeouts, retry limits and unfilled templates are not gates.
import { describe, expect, it } from 'vitest';
import check from '../checks/evaluation-criteria.js';
import { findingIds, runCheck, runRaw } from './helpers.js';

const notebook = (...cells: string[]) =>
  JSON.stringify({ cells: cells.map((source) => ({ cell_type: 'code', source, outputs: [], metadata: {} })), metadata: {}, nbformat: 4, nbformat_minor: 5 });

const SAGEMAKER_CONDITION = `from sagemaker.workflow.conditions import ConditionGreaterThanOrEqualTo
from sagemaker.workflow.condition_step import ConditionStep
from sagemaker.workflow.functions import JsonGet

cond_gte = ConditionGreaterThanOrEqualTo(
    left=JsonGet(
        step_name=step_eval.name,
        property_file=evaluation_report,
        json_path="binary_classification_metrics.accuracy.value",
    ),
    right=0.8,
)
step_cond = ConditionStep(name="CheckAccuracy", conditions=[cond_gte], if_steps=[step_register], else_steps=[])
`;

const TFMA_EVALUATOR = `eval_config = tfma.EvalConfig(
    model_specs=[tfma.ModelSpec(signature_name="serving_tf_example", label_key="tip")],
    metrics_specs=[
        tfma.MetricsSpec(
            metrics=[
                tfma.MetricConfig(class_name="ExampleCount"),
                tfma.MetricConfig(
                    class_name="BinaryAccuracy",
                    threshold=tfma.MetricThreshold(
                        value_threshold=tfma.GenericValueThreshold(
                            lower_bound={"value": 0.8}
                        ),
                    ),
                ),
            ]
        )
    ],
)
`;

const GOVUK_JUDGE = `module AutoEvaluation
  class Faithfulness
    THRESHOLD = 0.8

    def self.call(answer)
      score = judge(answer)
      { status: score >= THRESHOLD ? "success" : "failure", score: }
    end
  end
end
`;

describe('gates without a dataset are concrete criteria', () => {
  it('judges pipeline acceptance keys as concrete and reports the missing data on its own', async () => {
    const outcome = await runRaw(check, {
      'cd4ml/problems/iris/ml_pipelines/default.json': '{\n  "training_random_seed": 42,\n  "acceptance_metric": "f1_score",\n  "acceptance_threshold_min": 0.62,\n  "acceptance_threshold_max": 1.0\n}\n',
      'cd4ml/problems/houses/ml_pipelines/default.json': '{\n  "acceptance_metric": "r2_score",\n  "acceptance_threshold_min": 0.42,\n  "acceptance_threshold_max": 1.0\n}\n',
      'cd4ml/problems/houses/ml_pipelines/high_acceptance.json': '{\n  "acceptance_metric": "rms_score",\n  "acceptance_threshold_max": 150000\n}\n',
    });
    if (outcome.status !== 'judged') throw new Error('skipped');
    expect(outcome.criteria).toMatchObject({ present: 1, concrete: 1, versioned: 0, dimensions: 0.7 });
    const ids = outcome.findings.map((finding) => finding.id);
    expect(ids).toContain('no-dataset');
    expect(ids).not.toContain('no-concrete-criteria');
    expect(ids).not.toContain('incomplete-criterion');
    expect(outcome.findings.find((finding) => finding.id === 'no-dataset')).toMatchObject({ path: 'cd4ml/problems/houses/ml_pipelines/default.json', message: expect.stringMatching(/r2_score.*do not name the data/) });
  });

  it('recognises a judge threshold in Ruby evaluation code as a passing-grade criterion', async () => {
    const result = await runCheck(check, { 'lib/auto_evaluation/faithfulness.rb': GOVUK_JUDGE });
    expect(result.score).toBeGreaterThanOrEqual(2);
    expect(result.summary).toMatch(/^1 concrete criteria/);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['no-dataset', 'single-dimension']));
  });

  it('counts a named dataset as half of the data criterion, a versioned one as all of it', async () => {
    const outcome = await runRaw(check, {
      'configs/gates.yaml': 'ranking:\n  dataset: golden-queries\n  ndcg@10: ">= 0.80"\n  mrr: ">= 0.65"\n',
      'evaluation/gate.py': 'MIN_RECALL = 0.8\n\ndef passes(recall):\n    return recall >= MIN_RECALL\n',
    });
    if (outcome.status !== 'judged') throw new Error('skipped');
    expect(outcome.criteria.versioned).toBeCloseTo((0.5 + 0.5 + 0) / 3, 5);
    expect(outcome.findings.map((finding) => finding.id)).toEqual(expect.arrayContaining(['no-dataset', 'unversioned-data']));
  });
});

describe('gates a pipeline step branches on', () => {
  it('reads a SageMaker condition step in a pipeline notebook and in a pipeline module', async () => {
    const outcome = await runRaw(check, {
      'amazon-sagemaker-end-to-end-mlops/sagemaker-pipelines.ipynb': notebook('import sagemaker\n', SAGEMAKER_CONDITION),
      'mlops-roadshow/pipelines/train/pipeline.py': SAGEMAKER_CONDITION.replace('ConditionGreaterThanOrEqualTo', 'ConditionLessThanOrEqualTo').replace('binary_classification_metrics.accuracy.value', 'regression_metrics.mse.value').replace('right=0.8', 'right=320000000.0'),
    });
    if (outcome.status !== 'judged') throw new Error('skipped');
    expect(outcome.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'amazon-sagemaker-end-to-end-mlops/sagemaker-pipelines.ipynb', kind: 'evaluation-code-constants', note: expect.stringMatching(/^1 criteria, 1 concrete/) }),
        expect.objectContaining({ path: 'mlops-roadshow/pipelines/train/pipeline.py', line: 5, note: expect.stringMatching(/^1 criteria, 1 concrete/) }),
      ]),
    );
    expect(outcome.criteria).toMatchObject({ concrete: expect.any(Number), dimensions: 0.7 });
    expect(outcome.criteria.concrete).toBeGreaterThan(0.6);
  });

  it('reads a TFMA value threshold under its metric config', async () => {
    const outcome = await runRaw(check, { 'src/tfx_pipelines/training_pipeline.py': TFMA_EVALUATOR });
    if (outcome.status !== 'judged') throw new Error('skipped');
    expect(outcome.evidence).toEqual([expect.objectContaining({ path: 'src/tfx_pipelines/training_pipeline.py', line: 11, note: expect.stringMatching(/^1 criteria, 1 concrete/) })]);
    expect(outcome.summary).toMatch(/classification/);
  });

  it('does not take timeouts, retry limits, conditions on non-metrics or unfilled templates for gates', async () => {
    const result = await runCheck(check, {
      'pipelines/pipeline.py': [
        'TIMEOUT_THRESHOLD = 30',
        'MAX_RETRIES = 3',
        'MIN_INSTANCE_COUNT = 1',
        'cond = ConditionGreaterThan(',
        '    left=JsonGet(step_name=step.name, property_file=report, json_path="dataset.row_count"),',
        '    right=1000,',
        ')',
        'wait = ConditionEquals(left=step.properties.TrainingJobStatus, right="Completed")',
        '',
      ].join('\n'),
      'training_pipeline.ipynb': notebook('# The accuracy must reach right=0.8 in the evaluation\n', 'bound = dict(lower_bound={"value": 0.5})\n'),
      'configs/thresholds.yaml': 'recall: TODO\nprecision: ">= TBD"\n',
      'src/pipeline/settings.py': 'REQUEST_TIMEOUT = 30\nMIN_CHUNK_SIZE = 200\n',
    });
    expect(result.score).toBeLessThan(2);
    expect(result.evidence.filter((entry) => /concrete/.test(entry.note ?? '') && !/0 concrete/.test(entry.note ?? ''))).toEqual([]);
  });
});
