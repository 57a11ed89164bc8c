import path from 'node:path';
import { describe, expect, it } from 'vitest';
import monitoring from '../checks/monitoring.js';
import type { CheckOutcome } from '../src/check.js';
import { FIXTURES, findingIds, runCheck, runRaw } from './helpers.js';

type Judged = Extract<CheckOutcome, { status: 'judged' }>;

async function judged(files: Parameters<typeof runRaw>[1], locations: string[] = []): Promise<Judged> {
  const outcome = await runRaw(monitoring, files, locations);
  if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
  return outcome;
}

const DRIFT_RULES = `groups:
  - name: churn-model
    rules:
      - record: churn:psi:max
        expr: max(churn_feature_psi)
      - alert: ChurnFeatureDrift
        expr: max by (feature) (churn_feature_psi) > 0.2
        for: 6h
        labels:
          severity: warning
          team: ml-platform
        annotations:
          summary: Input drift on {{ $labels.feature }}
      - alert: ChurnRecallLow
        expr: churn_realised_recall < 0.7
        labels:
          severity: warning
        annotations:
          description: 'Realised recall below the gate; notify #ml-oncall'
      - alert: ChurnApiLatency
        expr: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.15
`;

const RETRAIN_WORKFLOW = `name: retrain
on:
  schedule:
    - cron: '0 3 1 * *'
  workflow_dispatch: {}
jobs:
  train:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make train
`;

describe('monitoring on the fixtures', () => {
  it('passes the complete handover: drift watched, thresholds, recipients, scheduled retraining', async () => {
    const result = await runCheck(monitoring, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(7);
    for (const criterion of result.criteria) expect(criterion.value, criterion.id).toBe(1);
    const kinds = new Set(result.evidence.map((item) => item.kind));
    for (const kind of ['alert-rules', 'alert-rule', 'alert-routing', 'monitoring-config', 'retraining-schedule', 'monitoring-doc']) expect(kinds, kind).toContain(kind);
    const schedule = result.evidence.find((item) => item.kind === 'retraining-schedule')!;
    expect(schedule).toMatchObject({ path: '.github/workflows/retrain.yml', line: 7 });
    expect(schedule.note).toMatch(/monthly/);
    expect(result.evidence).toContainEqual(expect.objectContaining({ kind: 'alert-rule', path: 'monitoring/prometheus/alerts.yml', line: 9, note: expect.stringMatching(/^KestrelChurnFeatureDrift · drift · > 0.2 for 6h/) }));
    expect(findingIds(result).filter((id) => id !== 'alert-incomplete')).toEqual([]);
  });

  it('fails the notebook dump with a remediation', async () => {
    const result = await runCheck(monitoring, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('fail');
    expect(result.score).toBe(0);
    expect(findingIds(result)).toEqual(['no-monitoring']);
    expect(result.findings[0].remediation).toMatch(/schedule/);
  });

  it('scores the partial delivery low and names the broken drift config by line', async () => {
    const result = await runCheck(monitoring, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).toBe('fail');
    expect(result.findings).toContainEqual(expect.objectContaining({ id: 'unparsed-config', path: 'monitoring/drift.yaml', line: 6 }));
    expect(findingIds(result)).toEqual(expect.arrayContaining(['no-model-monitoring', 'no-recipient', 'no-retraining-trigger', 'alert-incomplete']));
  });
});

describe('alert rules', () => {
  it('parses Prometheus rules: what each alert watches, its threshold, severity and recipients', async () => {
    const outcome = await judged({ 'monitoring/alerts.yml': DRIFT_RULES });
    const rules = outcome.evidence.filter((item) => item.kind === 'alert-rule');
    expect(rules.map((item) => [item.line, item.note])).toEqual([
      [6, 'ChurnFeatureDrift · drift · > 0.2 for 6h · severity warning · team=ml-platform'],
      [14, 'ChurnRecallLow · performance · < 0.7 · severity warning · #ml-oncall'],
      [20, 'ChurnApiLatency · service · > 0.15'],
    ]);
    expect(outcome.evidence[0]).toMatchObject({ kind: 'alert-rules', note: expect.stringMatching(/3 alert\(s\), 1 recording rule/) });
    expect(outcome.criteria).toMatchObject({ thresholds: 1, alerting: 1, configured: 1 });
    expect(outcome.criteria.watched).toBeCloseTo(2 / 3);
    expect(outcome.findings).toContainEqual(expect.objectContaining({ id: 'alert-incomplete', line: 20 }));
    expect(findingIds(outcome)).toContain('no-retraining-trigger');
  });

  it('parses Prometheus Operator PrometheusRule and Grafana provisioning files', async () => {
    const outcome = await judged({
      'deploy/monitoring/churn-rules.yaml': `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: churn}
spec:
  groups:
    - name: churn
      rules:
        - alert: ChurnPredictionShift
          expr: abs(churn_positive_rate - churn_positive_rate offset 7d) > 0.05
          labels: {severity: warning, owner: crm-analytics}
`,
      'grafana/provisioning/alerting/churn.yaml': `apiVersion: 1
groups:
  - orgId: 1
    name: churn-quality
    folder: ML
    interval: 5m
    rules:
      - uid: churn-nulls
        title: Churn feature null rate
        condition: C
        data:
          - refId: A
            datasourceUid: prom
            model: {expr: 'max(churn_feature_null_rate)'}
          - refId: C
            datasourceUid: __expr__
            model:
              type: threshold
              conditions: [{evaluator: {type: gt, params: [0.01]}}]
        for: 10m
        labels: {severity: warning}
        annotations: {summary: Null rate above 1%}
`,
    });
    const rules = outcome.evidence.filter((item) => item.kind === 'alert-rule').map((item) => [item.path, item.line, item.note]);
    expect(rules).toEqual([
      ['deploy/monitoring/churn-rules.yaml', 8, 'ChurnPredictionShift · predictions · > 0.05 · severity warning · owner=crm-analytics'],
      ['grafana/provisioning/alerting/churn.yaml', 9, 'Churn feature null rate · data-quality · gt 0.01 for 10m · severity warning'],
    ]);
    expect(outcome.evidence.filter((item) => item.kind === 'alert-rules').map((item) => item.note!.split(':')[0])).toEqual(['prometheus-operator', 'grafana']);
  });

  it('reads PrometheusRule templates of a Helm chart without reporting template syntax as broken YAML', async () => {
    const outcome = await judged({
      'charts/churn/templates/prometheusrule.yaml': `{{- if .Values.alerts.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ include "churn.fullname" . }}
spec:
  groups:
    - name: churn
      rules:
        - alert: ChurnFeatureDrift
          expr: max(churn_feature_psi) > {{ .Values.alerts.psiThreshold }}
          labels:
            severity: warning
{{- end }}
`,
      'charts/churn/templates/broken.yaml': '{{ range .Values.x }}\n- a: [\n{{ end }}\n',
    });
    expect(findingIds(outcome)).not.toContain('unparsed-config');
    expect(outcome.evidence).toContainEqual(expect.objectContaining({ kind: 'alert-rule', line: 10, note: expect.stringMatching(/^ChurnFeatureDrift · drift/) }));
  });

  it('reads rule files and docs from policy locations', async () => {
    const tree = { 'observe/churn.yml': DRIFT_RULES, 'handbook/ops.md': '# Ops\n\n## Drift\n\nPSI above 0.25 pages #churn-oncall.\n' };
    const without = await judged(tree);
    expect(findingIds(without)).toEqual(['no-monitoring']);
    const withPolicy = await judged(tree, ['observe', 'handbook']);
    expect(withPolicy.evidence.map((item) => [item.kind, item.path])).toEqual(
      expect.arrayContaining([
        ['alert-rules', 'observe/churn.yml'],
        ['monitoring-doc', 'handbook/ops.md'],
      ]),
    );
  });

  it('reads who Alertmanager routes to', async () => {
    const outcome = await judged({
      'monitoring/alerts.yml': DRIFT_RULES.replace(/team: ml-platform/, 'tier: ml').replace(/; notify #ml-oncall'/, "'"),
      'monitoring/alertmanager.yml': 'route: {receiver: ml}\nreceivers:\n  - name: ml\n    slack_configs: [{channel: "#churn-alerts"}]\n',
    });
    expect(outcome.criteria.alerting).toBe(1);
    expect(outcome.evidence).toContainEqual(expect.objectContaining({ kind: 'alert-routing', note: 'default ml; receivers: ml (slack #churn-alerts)' }));
  });

  it('reports structural problems in a rule file', async () => {
    const outcome = await judged({ 'prometheus/rules.yml': 'groups:\n  - name: empty\n    rules: []\n  - name: broken\n    rules:\n      - alert: NoExpr\n        labels: {severity: page}\n' });
    expect(outcome.findings.filter((finding) => finding.id === 'alert-rule-problem').map((finding) => [finding.line, finding.message])).toEqual([
      [2, 'group "empty" has no rules'],
      [6, 'alert "NoExpr" has no expr'],
    ]);
  });

  it('turns malformed YAML and alias bombs into findings, not crashes', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    bomb.push('groups: [{name: x, rules: [{alert: Y, expr: "*i > 1"}]}]');
    const outcome = await judged({
      'monitoring/alerts.yml': 'groups:\n  - name: churn\n    rules:\n      - alert: Broken\n        expr: [unclosed\n',
      'monitoring/prometheus/bomb.yml': bomb.join('\n') + '\n',
      'monitoring/evidently/deep.json': '['.repeat(10_000) + ']'.repeat(10_000),
      'monitoring/prometheus/ok.yml': DRIFT_RULES,
    });
    const unparsed = outcome.findings.filter((finding) => finding.id === 'unparsed-config');
    expect(unparsed.map((finding) => finding.path).sort()).toEqual(['monitoring/alerts.yml', 'monitoring/evidently/deep.json', 'monitoring/prometheus/bomb.yml']);
    expect(unparsed.find((finding) => finding.path === 'monitoring/alerts.yml')!.line).toBeGreaterThanOrEqual(5);
    expect(unparsed.find((finding) => finding.path === 'monitoring/prometheus/bomb.yml')!.message).toMatch(/alias/);
    // the good file is still judged
    expect(outcome.evidence).toContainEqual(expect.objectContaining({ kind: 'alert-rules', path: 'monitoring/prometheus/ok.yml' }));
  });
});

describe('hostile input', () => {
  it('stays fast on pathological text (no regex runs away)', async () => {
    const started = Date.now();
    const result = await runCheck(monitoring, {
      'k8s/cron.yaml': '\n'.repeat(300_000),
      'monitoring/alerts.yml': 'groups:\n  - name: x\n    rules:\n      - alert: A\n        expr: ' + 'a'.repeat(300_000) + ' > 1\n',
      'dags/big.py': 'DAG(\n' + 'python '.repeat(50_000) + 'x'.repeat(200_000) + '\nschedule="@daily"\n',
      'MODEL_CARD.md': '## Monitoring\n\n' + 'a@'.repeat(100_000) + ' ' + '#'.repeat(100_000) + '\n',
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(findingIds(result)).not.toContain('check-crashed');
  });
});

describe('retraining triggers', () => {
  it('finds a GitHub Actions cron schedule that trains', async () => {
    const outcome = await judged({ '.github/workflows/retrain.yml': RETRAIN_WORKFLOW, 'monitoring/alerts.yml': DRIFT_RULES });
    expect(outcome.criteria.retraining).toBe(1);
    expect(outcome.evidence).toContainEqual({ path: '.github/workflows/retrain.yml', line: 4, kind: 'retraining-schedule', note: 'github-actions "retrain": 0 3 1 * * (monthly); trains: make train' });
  });

  it('flags a retraining schedule with no training step, and ignores unrelated cron jobs', async () => {
    const outcome = await judged({
      '.github/workflows/retrain.yml': RETRAIN_WORKFLOW.replace('make train', 'echo "not wired up yet"'),
      '.github/workflows/nightly-lint.yml': 'on:\n  schedule: [{cron: "0 2 * * *"}]\njobs:\n  lint: {runs-on: ubuntu-latest, steps: [{run: ruff check .}]}\n',
      'monitoring/alerts.yml': DRIFT_RULES,
    });
    expect(outcome.findings).toContainEqual(expect.objectContaining({ id: 'schedule-without-training', path: '.github/workflows/retrain.yml', line: 4 }));
    expect(outcome.criteria.retraining).toBe(0.3);
    expect(outcome.evidence.filter((item) => item.kind === 'schedule').map((item) => item.path).sort()).toEqual(['.github/workflows/nightly-lint.yml', '.github/workflows/retrain.yml']);
  });

  it('finds Airflow DAG, Kubernetes CronJob, Kubeflow recurring run and crontab schedules', async () => {
    const outcome = await judged({
      'dags/churn_retrain.py': `from airflow import DAG
from airflow.operators.bash import BashOperator
import pendulum

with DAG(
    dag_id="churn_retrain",
    schedule="@monthly",
    start_date=pendulum.datetime(2025, 1, 1),
) as dag:
    BashOperator(task_id="train_model", bash_command="make train")
`,
      'k8s/jobs.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: x}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: churn-retrain}
spec:
  schedule: "0 5 * * 1"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: t, image: churn:1, command: ["python", "-m", "churn.train"]}]
`,
      'pipelines/recurring-run.yaml': `apiVersion: kubeflow.org/v1beta1
kind: ScheduledWorkflow
metadata: {name: churn-training}
spec:
  trigger:
    cronSchedule: {cron: "0 0 4 1 * *"}
  workflow: {spec: {pipelineRef: training-pipeline}}
`,
      'ops/crontab': '# m h dom mon dow command\nMAILTO=ml@example.com\n30 2 * * 0 cd /srv/churn && make train >> /var/log/train.log\n',
    });
    const schedules = outcome.evidence.filter((item) => item.kind === 'retraining-schedule').map((item) => [item.path, item.line, item.note!.split(':')[0]]);
    expect(schedules).toEqual(
      expect.arrayContaining([
        ['dags/churn_retrain.py', 7, 'airflow "churn_retrain"'],
        ['k8s/jobs.yaml', 9, 'kubernetes-cronjob "churn-retrain"'],
        ['pipelines/recurring-run.yaml', 6, 'kubeflow-recurring-run "churn-training"'],
        ['ops/crontab', 3, 'crontab "ops/crontab'],
      ]),
    );
    expect(outcome.criteria.retraining).toBe(1);
  });
});

describe('documented monitoring and monitoring-tool configs', () => {
  it('credits a model-card monitoring section but asks for configuration and automation', async () => {
    const outcome = await judged({
      'MODEL_CARD.md': `# Model card

## Monitoring

Feature drift is measured daily with PSI; PSI > 0.2 on any feature alerts #churn-oncall. Realised
recall below 0.70 for two months triggers retraining. The model is retrained monthly.
`,
    });
    expect(outcome.criteria).toMatchObject({ thresholds: 1, alerting: 1, retraining: 0.6, configured: 0 });
    expect(findingIds(outcome)).toEqual(expect.arrayContaining(['not-configured', 'retraining-not-automated']));
    expect(outcome.evidence).toContainEqual(expect.objectContaining({ path: 'MODEL_CARD.md', line: 3, kind: 'monitoring-doc' }));
  });

  it('does not credit an empty monitoring heading', async () => {
    const result = await runCheck(monitoring, { 'docs/runbooks/RUNBOOK.md': '# Runbook\n\n## Monitoring\n\n## Alerts\n' });
    expect(result.score).toBe(0);
    expect(findingIds(result)).toEqual(['no-monitoring']);
  });

  it('recognises NannyML, Great Expectations, whylogs and Evidently configs', async () => {
    const outcome = await judged({
      'monitoring/nann.yml': 'input:\n  reference_data: {path: data/reference.parquet}\n  analysis_data: {path: data/analysis.parquet}\ncolumn_mapping:\n  features: [tenure, plan]\n  y_pred: y_pred\n  y_pred_proba: y_pred_proba\n  timestamp: ts\nproblem_type: classification_binary\nscheduling:\n  cron: {crontab: "0 6 * * *"}\n',
      'great_expectations/checkpoints/customers.yml': 'name: customers\nconfig_version: 1.0\nclass_name: Checkpoint\nvalidations:\n  - expectation_suite_name: customers\naction_list:\n  - name: notify\n    action: {class_name: SlackNotificationAction, slack_webhook: "${SLACK_WEBHOOK}"}\n',
      'great_expectations/expectations/customers.json': JSON.stringify({ expectation_suite_name: 'customers', expectations: [{ expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'tenure', mostly: 0.99 } }] }),
      '.whylogs.yaml': 'project: churn\npipeline: scoring\nwriters: [{type: local, formats: [protobuf]}]\n',
      'evidently/config.yaml': 'data_format: {separator: ",", header: true}\ncolumn_mapping: {numerical_features: [tenure]}\nservice:\n  reference_path: ./reference.csv\n  window_size: 300\n  calculation_period_sec: 60\n  monitors: [data_drift, cat_target_drift]\n',
    });
    const configs = outcome.evidence.filter((item) => item.kind === 'monitoring-config').map((item) => [item.path, item.note!.split(' · ')[0]]);
    expect(configs).toEqual([
      ['.whylogs.yaml', 'whylogs session'],
      ['evidently/config.yaml', 'evidently service'],
      ['great_expectations/checkpoints/customers.yml', 'great-expectations checkpoint'],
      ['great_expectations/expectations/customers.json', 'great-expectations expectation-suite'],
      ['monitoring/nann.yml', 'nannyml cli-config'],
    ]);
    expect(outcome.criteria.configured).toBe(1);
    expect(outcome.criteria.watched).toBe(1);
    expect(outcome.evidence.find((item) => item.path === 'great_expectations/checkpoints/customers.yml')!.note).toMatch(/notifies SlackNotificationAction/);
  });
});
