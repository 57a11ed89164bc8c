// Monitoring as the holdout repositories deliver it (#16, #17): alarms declared in Terraform, Bicep and
// CloudFormation with thresholds and routes, error tracking set up in the app, an Airflow DAG that checks the
// data syncs and alerts, an "Observability and Monitoring" section in a getting-started guide. Negatives: an AI
// assistant's skill file about drift is not the delivery's monitoring, a provisioned telemetry store watches
// nothing, a mention of Sentry sets nothing up, and "nothing found" never denies the evidence it lists.
import { describe, expect, it } from 'vitest';
import monitoring from '../checks/monitoring.js';
import type { CheckOutcome } from '../src/check.js';
import { isAgentInstructionFile } from '../src/formats/agent-instructions.js';
import { readMonitoringIac } from '../src/formats/monitoring-iac.js';
import { readPipelineMonitoring } from '../src/formats/pipeline-monitoring.js';
import { findingIds, runRaw } from './helpers.js';

type Judged = Extract<CheckOutcome, { status: 'judged' }>;

async function judged(files: Record<string, string>): Promise<Judged> {
  const outcome = await runRaw(monitoring, files);
  if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
  return outcome;
}

const ECS_TF = `module "sns_topic" {
  source        = "git::https://github.com/example-org/core-terraform-modules.git//modules/observability/cloudwatch-slack-integration?ref=v2.2.0"
  name          = local.name
  slack_webhook = data.aws_secretsmanager_secret_version.platform_slack_webhook.secret_string
}

module "backend-ecs-alarm" {
  # checkov:skip=CKV_TF_1: semantic versions
  source         = "git::https://github.com/example-org/core-terraform-modules.git//modules/observability/ecs-alarms?ref=v2.0.0"
  name           = "\${local.name}-backend"
  sns_topic_arns = [module.sns_topic.sns_topic_arn]

  alarms_config = {
    ephemeral_storage_high = {
      threshold = 90
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  alarm_name          = "api-5xx-rate"
  comparison_operator = "GreaterThanThreshold"
  metric_name         = "HTTPCode_Target_5XX_Count"
  threshold           = 25
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
`;

const METRIC_ALERT_BICEP = `param location string = resourceGroup().location

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ml-oncall'
  location: 'global'
  properties: {
    emailReceivers: [
      {
        name: 'ml-team'
        emailAddress: 'ml-oncall@example.com'
      }
    ]
  }
}

resource latencyAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'scoring-latency'
  location: 'global'
  properties: {
    criteria: {
      allOf: [
        {
          metricName: 'requests/duration'
          operator: 'GreaterThan'
          threshold: 1500
        }
      ]
    }
    actions: [
      { actionGroupId: actionGroup.id }
    ]
  }
}
`;

const CLOUDFORMATION = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  EndpointInvocationErrors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      MetricName: Invocation5XXErrors
      Threshold: 5
      AlarmActions:
        - !Ref AlertTopic
`;

const MONITORING_DAG = `from datetime import datetime

from dags.airflow_utils import send_alert
from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.http.operators.http import SimpleHttpOperator

default_args = {'on_failure_callback': send_alert}

with DAG(
    'monitoring',
    default_args=default_args,
    start_date=datetime(2017, 3, 20),
    schedule="0 10 * * *",
    catchup=False,
) as dag:
    check_extractions = SimpleHttpOperator(
        task_id="check_stitch_extractions",
        http_conn_id="stitch",
        method="GET",
    )
    resolve = PythonOperator(task_id='resolve_stitch_status', python_callable=resolve_stitch)
`;

const EXTRACT_DAG = `from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("releases", schedule="0 3 * * *", catchup=False) as dag:
    extract = BashOperator(task_id="extract_releases", bash_command="python -m extract.releases")
`;

const GETTING_STARTED = `# Getting Started

## Set up the pipeline

Create the variable group and run the IaC pipeline.

### Observability and Monitoring

- **Logging**: open the Application Insights instance linked to the workspace and query the traces logged by score.py.
- **Distributed tracing**: the smoke test sets a traceparent header.
- **Monitoring**: use Azure Monitor for containers to monitor the scoring containers.

### Clean up

Delete the resource group.
`;

const GEMINI_SKILL = `---
name: MLOps Observability
description: Guide to watching ML systems.
---

# MLOps Observability

## Monitoring

Watch data drift with PSI > 0.2 on every feature and alert #ml-alerts when prediction distributions shift.
`;

describe('alarms declared as infrastructure code', () => {
  it('reads alarm modules, CloudWatch and Azure Monitor alerts with their thresholds and routes', () => {
    const terraform = readMonitoringIac(ECS_TF);
    expect(terraform.map((monitor) => [monitor.kind, monitor.name])).toEqual([
      ['route', 'sns_topic'],
      ['alert', 'backend-ecs-alarm'],
      ['alert', 'api_5xx'],
    ]);
    expect(terraform[1]).toMatchObject({ line: 7, thresholds: ['ephemeral_storage_high threshold 90'], routes: ['SNS topic'] });
    expect(terraform[2]).toMatchObject({ thresholds: ['api_5xx threshold 25'], routes: ['alarm actions'] });
    const bicep = readMonitoringIac(METRIC_ALERT_BICEP);
    expect(bicep.map((monitor) => monitor.kind)).toEqual(['route', 'alert']);
    expect(bicep[0].recipients).toEqual(['ml-oncall@example.com']);
    expect(bicep[1]).toMatchObject({ name: 'latencyAlert', thresholds: ['latencyAlert threshold 1500'], routes: ['action group'] });
    expect(readMonitoringIac(CLOUDFORMATION)).toEqual([expect.objectContaining({ kind: 'alert', name: 'EndpointInvocationErrors', thresholds: ['EndpointInvocationErrors threshold 5'] })]);
  });

  it('judges Terraform and Bicep alarms as configured service monitoring with thresholds and a recipient', async () => {
    const outcome = await judged({ 'terraform/ecs.tf': ECS_TF, 'infra/monitor/alerts.bicep': METRIC_ALERT_BICEP, 'README.md': '# Scoring API\n' });
    expect(outcome.criteria).toMatchObject({ watched: 0.5, thresholds: 0.3, alerting: 1, configured: 1 });
    expect(outcome.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'terraform/ecs.tf', line: 7, kind: 'monitoring-iac', note: expect.stringMatching(/alert module "backend-ecs-alarm" · thresholds ephemeral_storage_high threshold 90 · routed to SNS topic/) }),
        expect.objectContaining({ path: 'infra/monitor/alerts.bicep', kind: 'monitoring-iac', note: expect.stringMatching(/Microsoft\.Insights\/metricAlerts/) }),
      ]),
    );
    expect(findingIds(outcome)).not.toContain('no-monitoring');
    expect(findingIds(outcome)).not.toContain('not-configured');
    expect(outcome.findings.find((finding) => finding.id === 'no-thresholds')?.message).toMatch(/only for service metrics/);
  });

  it('counts a provisioned telemetry store as evidence only, and says so when nothing else is found', async () => {
    const bicep = "resource appInsights 'Microsoft.Insights/components@2020-02-02' = {\n  name: 'appi-chat'\n  kind: 'web'\n}\n";
    const outcome = await judged({ 'infra/core/monitor/applicationinsights.bicep': bicep, 'infra/storage.tf': 'resource "aws_s3_bucket" "data" {\n  bucket = "x"\n}\n' });
    expect(findingIds(outcome)).toEqual(['no-monitoring']);
    expect(outcome.evidence).toEqual([expect.objectContaining({ path: 'infra/core/monitor/applicationinsights.bicep', kind: 'monitoring-iac', note: expect.stringMatching(/^telemetry-store/) })]);
    expect(outcome.findings[0].message).toMatch(/^infra\/core\/monitor\/applicationinsights\.bicep only provision telemetry/);
  });
});

describe('error tracking set up in the application', () => {
  const MAIN = `import logging
import sentry_sdk
from fastapi import FastAPI

from app.core.config import settings

def __setup_sentry():
    if settings.SENTRY_DSN:
        sentry_sdk.init(
            dsn=settings.SENTRY_DSN,
            environment=settings.ENVIRONMENT.value,
            traces_sample_rate=settings.SENTRY_SAMPLE_RATE,
        )

app = FastAPI()
`;

  it('judges sentry_sdk.init and Sentry.init as implemented service monitoring', async () => {
    const outcome = await judged({
      'backend/app/main.py': MAIN,
      'frontend/sentry.client.config.ts': 'import * as Sentry from "@sentry/nextjs";\n\nSentry.init({\n  dsn: SENTRY_DSN,\n  tracesSampleRate: 1,\n});\n',
    });
    expect(outcome.criteria).toMatchObject({ watched: 0.5, configured: 1 });
    expect(outcome.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'backend/app/main.py', line: 9, kind: 'monitoring-code', note: expect.stringMatching(/^sentry · service/) }),
        expect.objectContaining({ path: 'frontend/sentry.client.config.ts', line: 3, kind: 'monitoring-code' }),
      ]),
    );
  });

  it('does not take a mention of Sentry in a comment or a settings string for error tracking', async () => {
    const outcome = await judged({
      'backend/app/main.py': '# TODO: sentry_sdk.init( once we have a DSN\nfrom fastapi import FastAPI\napp = FastAPI()\n',
      'backend/settings.py': 'SENTRY_DSN = os.getenv("SENTRY_DSN", "")\nERROR_TRACKER = "sentry"\n',
    });
    expect(findingIds(outcome)).toEqual(['no-monitoring']);
    expect(outcome.evidence).toEqual([]);
  });
});

describe('data-pipeline monitoring in Airflow', () => {
  it('reads a monitoring DAG that checks syncs and alerts on failure, and tells it from an extract DAG', () => {
    expect(readPipelineMonitoring('airflow/dags/general/monitoring.py', MONITORING_DAG)).toMatchObject({
      dag: 'monitoring',
      line: 10,
      named: true,
      checks: ['check_stitch_extractions'],
      alerts: ['failure callback'],
    });
    expect(readPipelineMonitoring('airflow/dags/extract/releases.py', EXTRACT_DAG)).toBeNull();
  });

  it('judges the monitoring DAG as configured data-quality monitoring that alerts someone', async () => {
    const outcome = await judged({ 'airflow/dags/general/monitoring.py': MONITORING_DAG, 'airflow/dags/extract/releases.py': EXTRACT_DAG });
    expect(outcome.criteria).toMatchObject({ configured: 1, alerting: 0.5 });
    expect(outcome.criteria.watched).toBeCloseTo(1 / 3, 5);
    expect(outcome.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'airflow/dags/general/monitoring.py', line: 10, kind: 'pipeline-monitor', note: expect.stringMatching(/checks check_stitch_extractions · alerts by failure callback/) })]));
    expect(findingIds(outcome)).not.toContain('no-monitoring');
  });

  it('finds nothing in DAGs that only extract', async () => {
    const outcome = await judged({ 'airflow/dags/extract/releases.py': EXTRACT_DAG });
    expect(findingIds(outcome)).toEqual(['no-monitoring']);
  });
});

describe('documents', () => {
  it('reads an "Observability and Monitoring" section of a getting-started guide in docs/', async () => {
    const outcome = await judged({ 'docs/getting_started.md': GETTING_STARTED });
    expect(outcome.evidence).toEqual([expect.objectContaining({ path: 'docs/getting_started.md', line: 7, kind: 'monitoring-doc', note: expect.stringMatching(/"Observability and Monitoring" · service/) })]);
    expect(findingIds(outcome)).not.toContain('no-monitoring');
  });

  it('leaves a guide in docs/ without a monitoring heading alone', async () => {
    const outcome = await judged({ 'docs/getting_started.md': GETTING_STARTED.replace('### Observability and Monitoring', '### Logging and tracing') });
    expect(findingIds(outcome)).toEqual(['no-monitoring']);
  });

  it('does not read an AI assistant’s skill or instruction files as the delivery’s monitoring', async () => {
    const outcome = await judged({
      '.gemini/skills/MLOps Observability/SKILL.md': GEMINI_SKILL,
      '.claude/commands/monitoring.md': GEMINI_SKILL,
      'AGENTS.md': GEMINI_SKILL,
      '.github/copilot-instructions.md': GEMINI_SKILL,
      'README.md': '# Bikes\n\nA forecasting package.\n',
    });
    expect(findingIds(outcome)).toEqual(['no-monitoring']);
    expect(outcome.evidence).toEqual([]);
    for (const path of ['.gemini/skills/x/SKILL.md', '.cursor/rules/drift.mdc', 'AGENTS.md', 'sub/CLAUDE.md', '.github/copilot-instructions.md', '.github/prompts/review.prompt.md', '.cursorrules']) {
      expect(isAgentInstructionFile(path), path).toBe(true);
    }
    for (const path of ['docs/monitoring.md', 'docs/agents.markdown.txt', 'src/agents/monitor.md', '.github/workflows/ci.yml', 'RUNBOOK.md']) {
      expect(isAgentInstructionFile(path), path).toBe(false);
    }
  });

  it('reads the same text as the delivery’s when it is in its own monitoring document', async () => {
    const outcome = await judged({ 'docs/monitoring.md': GEMINI_SKILL });
    expect(outcome.criteria.watched).toBeGreaterThan(0.5);
    expect(outcome.criteria.alerting).toBe(1);
  });

  it('never says nothing was found about a monitoring section it lists as evidence', async () => {
    const outcome = await judged({ 'docs/monitoring.md': '# Monitoring\n\nSee the portal.\n' });
    expect(outcome.evidence).toEqual([expect.objectContaining({ path: 'docs/monitoring.md', kind: 'monitoring-doc' })]);
    const message = outcome.findings.find((finding) => finding.id === 'no-monitoring')!.message;
    expect(message).toMatch(/^Monitoring sections in docs\/monitoring\.md name nothing watched/);
    expect(message).not.toMatch(/monitoring sections or scheduled retraining found/);
  });

  it('reads Application Insights tracing and exceptions in a monitoring document as service monitoring', async () => {
    const doc = '# Monitoring with Azure Monitor\n\nDeployed apps use Application Insights for the tracing of each request, along with the logging of errors.\n\nTo see exceptions and server errors, open the Failures blade.\n';
    const outcome = await judged({ 'docs/monitoring.md': doc });
    expect(outcome.criteria.watched).toBe(0.2);
    expect(findingIds(outcome)).toContain('no-model-monitoring');
  });
});
