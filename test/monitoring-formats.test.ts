import { describe, expect, it } from 'vitest';
import { readAlertRules } from '../src/formats/alert-rules.js';
import { describeCron } from '../src/formats/cron.js';
import { readMonitoringSignals } from '../src/formats/monitoring-signals.js';
import { readAirflowSchedule, readCrontab, readWorkflowSchedules } from '../src/formats/schedules.js';
import { parseYaml } from '../src/formats/yaml.js';
import { splitYamlDocuments } from '../src/formats/yaml-documents.js';

describe('cron cadence', () => {
  it.each([
    ['0 4 1 * *', 'monthly'],
    ['0 4 1-7 * *', 'monthly'],
    ['0 9 * * MON#1', 'monthly'],
    ['@monthly', 'monthly'],
    ['0 5 * * 1', 'weekly'],
    ['30 2 * * *', 'daily'],
    ['15 * * * *', 'hourly'],
    ['*/5 * * * *', 'minutes'],
    ['0 0 1 1 *', 'yearly'],
    ['0 0 4 1 * *', 'monthly'], // Quartz, seconds first
  ])('%s is %s', (expression, cadence) => {
    expect(describeCron(expression)).toMatchObject({ cadence, valid: true });
  });

  it('marks text that is not cron as invalid', () => {
    expect(describeCron('every full moon').valid).toBe(false);
  });
});

describe('monitoring signals in prose', () => {
  it('reads what is watched, thresholds, recipients and the retraining trigger', () => {
    const signals = readMonitoringSignals(
      'PSI > 0.2 on any top-10 feature alerts #kestrel-ml-oncall. Realised recall below 0.70 for two months opens a ticket. ' +
        'Null rates above 1 % page the on-call. The model is retrained monthly. Contact priya@kestrel.example.',
    );
    expect([...signals.watched].sort()).toEqual(['data-quality', 'drift', 'performance']);
    expect(signals.thresholds).toEqual(['PSI > 0.2', 'Realised recall below 0.70', 'Null rates above 1 %']);
    expect(signals.recipients).toEqual(['#kestrel-ml-oncall', 'priya@kestrel.example']);
    expect(signals.retrainingTrigger).toBe('The model is retrained monthly');
  });

  it('finds nothing in unrelated prose', () => {
    const signals = readMonitoringSignals('See section #1 for the colour #ff0000 of the logo.');
    expect(signals.recipients).toEqual([]);
    expect(signals.retrainingTrigger).toBeNull();
  });
});

describe('alert rule recognition', () => {
  it('ignores YAML that is not a rule file', () => {
    for (const text of ['groups: [admins, users]\n', 'name: x\n', 'groups:\n  - name: a\n    members: [b]\n']) {
      const value = parseYaml(text);
      expect(value.ok && readAlertRules(value.value, text)).toBeNull();
    }
  });
});

describe('schedules', () => {
  it('reads a workflow whose `on` key a YAML 1.1 reader turned into true', () => {
    const text = 'name: monthly retrain\ntrue:\n  schedule:\n    - cron: "0 3 1 * *"\njobs:\n  t:\n    steps:\n      - run: dvc repro train\n';
    const schedules = readWorkflowSchedules('.github/workflows/x.yml', { name: 'monthly retrain', true: { schedule: [{ cron: '0 3 1 * *' }] }, jobs: { t: { steps: [{ run: 'dvc repro train' }] } } }, text);
    expect(schedules).toEqual([expect.objectContaining({ line: 4, runsTraining: true, trainingEvidence: 'dvc repro train', schedule: expect.objectContaining({ cadence: 'monthly' }) })]);
  });

  it('reads Airflow schedules given as presets, cron strings and timedeltas, and skips manual DAGs', () => {
    expect(readAirflowSchedule('dags/a.py', 'dag = DAG("score", schedule_interval="0 1 * * *")\n')).toMatchObject({ name: 'score', runsTraining: false, schedule: { cadence: 'daily' } });
    expect(readAirflowSchedule('dags/b.py', '@dag(schedule=timedelta(days=30))\ndef retrain():\n    train_model()\n')).toMatchObject({ runsTraining: true, schedule: { cadence: 'monthly' } });
    expect(readAirflowSchedule('dags/c.py', 'with DAG("x", schedule=None):\n    pass\n')).toBeNull();
    expect(readAirflowSchedule('dags/helpers.py', 'schedule = "@daily"\n')).toBeNull();
  });

  it('reads crontab lines, skipping comments and variables', () => {
    expect(readCrontab('crontab', 'SHELL=/bin/bash\n# weekly\n0 5 * * 1 make train\n@daily /usr/bin/backup\n').map((s) => [s.line, s.schedule.cadence, s.runsTraining])).toEqual([
      [3, 'weekly', true],
      [4, 'daily', false],
    ]);
  });

  it('splits multi-document YAML and keeps line offsets', () => {
    expect(splitYamlDocuments('a: 1\n---\nb: 2\n--- # c\nc: 3\n')).toEqual([
      { text: 'a: 1', lineOffset: 0 },
      { text: 'b: 2', lineOffset: 2 },
      { text: 'c: 3\n', lineOffset: 4 },
    ]);
  });
});

describe('Helm templates', () => {
  it('blanks action-only lines and replaces inline actions, keeping line numbers', async () => {
    const { neutraliseHelmTemplate } = await import('../src/formats/yaml-documents.js');
    const template = '{{- if .Values.alerts.enabled }}\nkind: PrometheusRule\nmetadata:\n  name: {{ include "churn.fullname" . }}\n{{- end }}\n';
    expect(neutraliseHelmTemplate(template)).toBe('\nkind: PrometheusRule\nmetadata:\n  name: HELM_VALUE\n\n');
  });
});
