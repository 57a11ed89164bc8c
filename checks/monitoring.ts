// monitoring: models degrade silently. Is drift (inputs, predictions, performance, data quality) watched,
// with numeric thresholds, alerting named people, and is retraining triggered by a schedule or a rule?
// Judged from alert rules, monitoring-tool configs, scheduled pipelines and monitoring sections in docs.
import { defineCheck, findingFrom, type Evidence, type Finding } from '../src/check.js';
import { readAlertmanagerConfig, readAlertRules, type AlertmanagerConfig, type AlertRuleFile } from '../src/formats/alert-rules.js';
import { isAgentInstructionFile } from '../src/formats/agent-instructions.js';
import { parseJson } from '../src/formats/json.js';
import { normaliseHeading, parseMarkdown } from '../src/formats/markdown.js';
import { readMonitoringCode, readMonitoringStack, type MonitoringCode } from '../src/formats/monitoring-code.js';
import { readMonitoringConfig, type MonitoringConfig } from '../src/formats/monitoring-configs.js';
import { readMonitoringIac, type IacMonitor } from '../src/formats/monitoring-iac.js';
import { readPipelineMonitoring, type PipelineMonitor } from '../src/formats/pipeline-monitoring.js';
import { MODEL_CATEGORIES, readMonitoringSignals, type MonitoringSignals, type WatchCategory } from '../src/formats/monitoring-signals.js';
import { describeFormatError } from '../src/formats/result.js';
import { NOT_A_RUNBOOK, RUNBOOK_LOCATIONS } from '../src/formats/runbook.js';
import { readAirflowSchedule, readCrontab, readKubernetesSchedule, readWorkflowSchedules, type PipelineSchedule } from '../src/formats/schedules.js';
import { parseYaml } from '../src/formats/yaml.js';
import { notebookCode } from '../src/formats/threshold-constants.js';
import { neutraliseHelmTemplate, splitYamlDocuments } from '../src/formats/yaml-documents.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

const READ_CAP = 512 * 1024;
const MAX_CONFIG_FILES = 300;
const MAX_DAG_FILES = 100;
const MAX_DOCS = 100;
const MAX_RULE_EVIDENCE = 60;
const MAX_NAMED_DOCS = 60;
/** Vendored documentation and change logs speak of monitoring without doing any. */
const THIRD_PARTY_DOC = /(^|\/)(node_modules|vendor|third[-_]party|site-packages)\/|(^|\/)(changelog|changes|history)[^/]*$/i;

/** Alert rules, Alertmanager and monitoring-tool configs: YAML/JSON in monitoring-named places. */
const CONFIG_LOCATIONS = [
  '**/{monitoring,monitor,alerts,alerting,rules,prometheus,alertmanager,grafana,observability,evidently,whylogs,nannyml,drift}/**/*.{yml,yaml,json}',
  '**/*{alert,rules,drift,monitor,prometheus,alertmanager,evidently,whylogs}*.{yml,yaml}',
  '**/{nann.yml,nannyml.yaml,nannyml.yml,.whylogs.yaml,.whylogs.yml}',
  '**/great_expectations/great_expectations.yml',
  '**/{great_expectations,gx}/checkpoints/**/*.{yml,yaml,json}',
  '**/{great_expectations,gx}/expectations/**/*.json',
  // Grafana dashboard exports and monitoring plans kept as JSON (`dashboards/data_drift.json`, `monitoring_plan.json`).
  '**/{dashboards,dashboard}/**/*.json',
  '**/*{dashboard,monitor,drift,alert}*.json',
];
/** Code that may define metrics, send telemetry or run a drift or quality monitor: named for it, or an app's entry point. */
const CODE_LOCATIONS = [
  '**/*{metric,monitor,telemetry,prometheus,observab,instrument,drift,evidently,whylogs,nannyml}*.{py,rb,js,ts,go,java,kt,cs,ipynb}',
  '**/{monitoring,monitor,observability,telemetry,metrics,instrumentation}/**/*.{py,rb,js,ts,go,java,kt,cs,ipynb}',
  '**/{Program,Startup}.cs',
  '**/config/initializers/*.rb',
  '**/{main,app,server,wsgi,asgi}.py',
  '**/{index,server,app,main,instrumentation,tracing}.{js,ts}',
  '**/main.go',
  // App factories and settings modules, where error tracking is set up (`fastapi_app/__init__.py`, Django settings).
  '**/{app,*_app,api,backend,server}/__init__.py',
  '**/{settings,settings/*,config/settings,config/settings/*}.py',
  '**/*{sentry,rollbar,bugsnag,newrelic,datadog,ddtrace,apm}*.{py,rb,js,mjs,ts,go,java,kt,cs}',
];
const MAX_CODE_FILES = 150;
const CODE_IGNORED = /(^|\/)(spec|specs|tests?|__tests__|vendor|third[-_]party|dist|build|\.next|static)\/|\.(min\.js|d\.ts)$|(^|\/)test_[^/]*$|[-_.](spec|test)\.[a-z]+$/i;
const COMPOSE_LOCATIONS = ['**/{docker-compose,compose}*.{yml,yaml}'];
const WORKFLOW_LOCATIONS = ['.github/workflows/*.{yml,yaml}'];
/** Kubernetes/Argo/Kubeflow manifests that may hold a schedule (confirmed by content before parsing). */
const MANIFEST_LOCATIONS = ['**/*{cron,schedul,retrain,train,pipeline,kubeflow,kfp,argo}*.{yml,yaml}', '**/{k8s,kubernetes,manifests,deploy,deployment,argo,kubeflow,pipelines,cron}/**/*.{yml,yaml}'];
/** Infrastructure code that may declare alarms, dashboards or telemetry (confirmed by the scan, not the name). */
const IAC_LOCATIONS = [
  '**/*.{tf,tofu,bicep}',
  '**/{arm-templates,arm,infra,infrastructure,environment_setup,iac,cloudformation,cfn}/**/*.json',
  '**/azuredeploy*.json',
  '**/*{cloudformation,cfn,template,stack,monitor,alarm}*.{yml,yaml,json}',
  '**/{cloudformation,cfn,infra,infrastructure,iac}/**/*.{yml,yaml}',
  '**/*{deployment_config,deployment-config,deploymentconfig,inference_config}*.{yml,yaml,json}',
];
const MAX_IAC_FILES = 200;
const DAG_LOCATIONS = ['**/dags/**/*.py', '**/airflow/**/*.py', '**/*_dag.py', '**/dag_*.py'];
const CRON_LOCATIONS = ['**/crontab', '**/*.crontab', '**/*.cron', '**/cron.d/*'];
const DOC_LOCATIONS = [
  ...RUNBOOK_LOCATIONS,
  '**/{MODEL_CARD,model_card,modelcard,MODEL-CARD,model-card}.md',
  '{docs,doc}/**/*{model*card,monitor,drift,alert,observab,retrain}*.md',
  '**/MONITORING.md',
  'README.md',
];
/** Documents named for watching the service anywhere in the tree (`instructions/5-KibanaLogVisualization.md`). */
const NAMED_DOC_LOCATIONS = ['**/*{monitor,observab,telemetry,drift,kibana,grafana}*.{md,markdown}', '**/*{monitoring,observability}*/**/*.{md,markdown}'];
/** The rest of the documentation folder: a guide's "Observability and Monitoring" section counts like a runbook's. */
const DOCS_FOLDER_LOCATIONS = ['{docs,doc}/**/*.{md,markdown}'];
const MAX_FOLDER_DOCS = 80;
const IGNORED = /(^|\/)(mlruns|wandb|\.dvc|node_modules|site-packages|lightning_logs)\//;
const MONITORING_HEADING = /\b(monitor\w*|drift|alert\w*|observability|telemetry|kibana|grafana|prometheus|application insights|re ?train\w*|model (decay|degradation|health)|signals|slos?)\b/;

interface DocSection {
  path: string;
  line: number;
  heading: string;
  signals: MonitoringSignals;
}

interface Collected {
  alertFiles: Array<{ path: string; file: AlertRuleFile }>;
  alertmanagers: Array<{ path: string; config: AlertmanagerConfig }>;
  configs: Array<{ path: string; config: MonitoringConfig }>;
  schedules: Array<{ path: string; schedule: PipelineSchedule }>;
  docs: DocSection[];
  /** Metrics, telemetry and monitors implemented in code. */
  code: Array<{ path: string; code: MonitoringCode }>;
  /** Compose files that run monitoring services (Grafana, Prometheus, Kibana, Fluentd …). */
  stacks: Array<{ path: string; components: string[] }>;
  /** Alarms, dashboards, telemetry and alert routes declared in Terraform, Bicep, ARM or CloudFormation. */
  iac: Array<{ path: string; monitor: IacMonitor }>;
  /** Airflow DAGs that check the data they move or tell someone when a run fails. */
  pipelines: Array<{ path: string; monitor: PipelineMonitor }>;
}

const check = defineCheck({
  id: 'monitoring',
  title: 'Monitoring and retraining triggers',
  rationale:
    'A model trained on last year’s data degrades without an error message. The receiving team needs drift and performance watched with numeric thresholds, alerts that reach named people, and a retraining trigger that does not depend on someone remembering.',
  defaultWeight: 2,
  criteria: [
    { id: 'watched', title: 'The model is watched, not just the service', weight: 3, description: 'Input drift, predictions, realised performance and data quality: three of the four earn full marks; service health alone earns little (0.5 when implemented: metrics in code, dashboards, a monitoring stack or rules; 0.2 when only described).' },
    { id: 'thresholds', title: 'Alert thresholds are numbers', weight: 2, description: 'At least two numeric thresholds on model signals (PSI > 0.2, recall < 0.70) in alert rules, configs or docs.' },
    { id: 'alerting', title: 'Alerts reach named people', weight: 2, description: 'A channel, rotation, team or address receives alerts (Alertmanager receivers, rule labels, GX actions, or docs).' },
    { id: 'retraining', title: 'Retraining has a trigger', weight: 2, description: 'A scheduled pipeline that trains (GitHub Actions cron, Airflow DAG, CronJob, Kubeflow recurring run, crontab) earns full marks; a documented trigger alone earns 0.6.' },
    { id: 'configured', title: 'Monitoring is configured, not only described', weight: 1, description: 'Alert rules, a monitoring-tool config (Evidently, NannyML, whylogs, Great Expectations, a monitoring plan), dashboards, metrics or monitors defined in code, or a monitoring stack exist in the repository.' },
  ],
  findings: {
    'no-monitoring': {
      severity: 'error',
      title: 'No monitoring or retraining trigger',
      remediation:
        'Add drift and performance monitoring: alert rules (e.g. monitoring/prometheus/alerts.yml on PSI and realised recall) or a drift-tool config (Evidently, NannyML, whylogs), a Monitoring section in the model card or runbook that names thresholds and the channel alerted, and a scheduled retraining pipeline (e.g. a GitHub Actions `schedule:` workflow running training).',
    },
    'no-model-monitoring': { severity: 'warning', title: 'Only service health is monitored', criterion: 'watched', remediation: 'Watch the model itself: input drift (PSI per feature), the prediction distribution, realised performance once labels arrive, and data quality (nulls, schema).' },
    'no-thresholds': { severity: 'warning', title: 'No numeric thresholds', criterion: 'thresholds', remediation: 'State the numbers that fire an alert (e.g. PSI > 0.2 on any top-10 feature, realised recall < 0.70) in the alert rules or the monitoring section.' },
    'no-recipient': { severity: 'warning', title: 'Nobody named receives alerts', criterion: 'alerting', remediation: 'Route alerts to a named channel, rotation or team: Alertmanager receivers, a `team` label on rules, or the channel written in the monitoring section.' },
    'no-retraining-trigger': { severity: 'warning', title: 'No retraining trigger', criterion: 'retraining', remediation: 'Schedule retraining (GitHub Actions `on.schedule` cron running training, an Airflow DAG, a Kubernetes CronJob or Kubeflow recurring run) and document what else triggers it (drift, performance below the gate).' },
    'retraining-not-automated': { severity: 'info', title: 'Retraining trigger is documented but not scheduled', criterion: 'retraining', remediation: 'Automate the documented trigger with a scheduled pipeline that runs training, so it does not depend on someone remembering.' },
    'schedule-without-training': { severity: 'warning', title: 'Retraining schedule runs no training', criterion: 'retraining', remediation: 'The scheduled pipeline named for retraining has no step that trains (`make train`, `dvc repro`, `python -m … train`): add it, or rename the pipeline.' },
    'not-configured': { severity: 'warning', title: 'Monitoring is only described', criterion: 'configured', remediation: 'Commit the alert rules or drift-tool configuration that implements the documented monitoring, so the receiving team can deploy and change it.' },
    'unparsed-config': { severity: 'warning', title: 'Monitoring or schedule file could not be parsed', remediation: 'Fix the file so the tool that loads it (Prometheus, Alertmanager, the drift job, the scheduler) can read it; until then nothing it configures is in effect.' },
    'alert-rule-problem': { severity: 'warning', title: 'Alert rule file has a structural problem', remediation: 'Give every rule group rules and every alert an `expr`; `promtool check rules` reports the same problems.' },
    'alert-incomplete': { severity: 'info', title: 'Alert lacks severity or explanation', remediation: 'Give each alert a `severity` label and `summary`/`description` annotations (and a `runbook_url`) so whoever is paged knows what it means.' },
  },
  scale: {
    high: 'Drift, predictions, performance and data quality are watched with numeric thresholds, alerts route to a named channel or rotation, monitoring is configured in the repository, and a scheduled pipeline retrains the model.',
    low: 'Nothing in the repository watches the model, and nothing retrains it.',
  },
  recognises: [
    'Prometheus rule files (`groups[].rules[]`: alert, expr, for, labels.severity, annotations) and Prometheus Operator `PrometheusRule`',
    'Grafana alerting file provisioning (`apiVersion: 1`, `groups[].rules[]` with title, condition, data)',
    'Alertmanager configuration (route, receivers with slack/email/pagerduty/opsgenie/webhook configs)',
    'Evidently (legacy service config and drift configs under `evidently/`), NannyML (`nannyml.yaml`, `nann.yml`), whylogs (`.whylogs.yaml`), Great Expectations checkpoints and suites',
    'scheduled retraining: GitHub Actions `on.schedule` cron, Airflow DAG `schedule`/`schedule_interval`, Kubernetes CronJob, Argo CronWorkflow, Kubeflow ScheduledWorkflow, crontab files',
    'Grafana dashboard exports (`panels[]` with `targets`, under dashboards/ or named *dashboard*.json): what the panels plot; monitoring plans in JSON/YAML (`alert_thresholds`, `drift_thresholds`, `monitoring_frequency`)',
    'monitoring in application code, by the calls it makes (not by a mention): Prometheus metrics (Python prometheus_client, Node prom-client, Ruby prometheus-client and prometheus_exporter, Go client_golang, .NET prometheus-net, JVM Micrometer), OpenTelemetry meters, Application Insights telemetry (AddApplicationInsightsTelemetry, TelemetryClient, configure_azure_monitor); in files named for metrics, monitoring or telemetry, in monitoring/ folders, and in app entry points (Program.cs, config/initializers, main.py, app.py, index.ts, main.go)',
    'drift and quality monitors in code and notebooks: Evidently reports and test suites (presets say drift, data quality or performance; `lt=`/`gt=` bounds are thresholds), NannyML, alibi-detect, whylogs, SageMaker Model Monitor (DefaultModelMonitor, ModelQualityMonitor, bias and explainability monitors), Vertex AI model monitoring (skew and drift detection, per-feature thresholds)',
    'a monitoring stack run by Compose (Grafana, Prometheus, Alertmanager, Kibana, Fluentd/Fluent Bit, Loki, Jaeger, OpenTelemetry Collector); Elasticsearch alone is a store, not monitoring',
    'monitoring, drift, alert, telemetry, observability, Kibana/Grafana/Prometheus and retraining sections in runbooks, model cards, MONITORING.md, the README, guides under docs/, and documents named for monitoring, observability, telemetry, drift, Kibana or Grafana anywhere in the tree; never the files that instruct an AI assistant (.gemini/, .claude/, .cursor/, .github/copilot-instructions.md, AGENTS.md)',
    'error tracking and APM set up in code: Sentry (`sentry_sdk.init`, `Sentry.init`), Rollbar, Bugsnag, Datadog APM (ddtrace, dd-trace), New Relic; also in app factories (`*_app/__init__.py`) and settings modules',
    'alarms, dashboards and alert routes declared as infrastructure code: Terraform (`aws_cloudwatch_metric_alarm`, `azurerm_monitor_metric_alert`, `google_monitoring_alert_policy`, Datadog/New Relic monitors, dashboards, alarm modules with `threshold =` routed to SNS topics), Bicep and ARM (`Microsoft.Insights/metricAlerts`, `scheduledQueryRules`, `actionGroups`, `Microsoft.Portal/dashboards`), CloudFormation (`AWS::CloudWatch::Alarm`, SageMaker monitoring schedules), Azure ML deployment configs that switch Application Insights on; a provisioned Application Insights or Log Analytics resource alone is evidence, not monitoring',
    'data-pipeline monitoring in Airflow DAGs: check operators (SQL check, Great Expectations, Soda) and tasks named for checking syncs, freshness or quality, failure and SLA-miss callbacks, email on failure and Slack/Mattermost/Teams/PagerDuty operators, `sla` timedeltas as thresholds',
  ],
  async run(snapshot, context) {
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const collected: Collected = { alertFiles: [], alertmanagers: [], configs: [], schedules: [], docs: [], code: [], stacks: [], iac: [], pipelines: [] };
    await collectConfigs(snapshot, context.locations, collected, findings);
    await collectCode(snapshot, collected);
    await collectStacks(snapshot, collected);
    await collectIac(snapshot, collected);
    await collectDags(snapshot, collected);
    await collectCrontabs(snapshot, collected);
    await collectDocs(snapshot, context.locations, collected);

    const trainingSchedules = collected.schedules.filter(({ schedule }) => schedule.runsTraining);
    const docsWithSignals = collected.docs.filter(({ signals }) => hasAnySignal(signals));
    // Routes and provisioned telemetry stores are evidence; only alarms, dashboards and instrumentation watch something.
    const iacMonitors = collected.iac.filter(({ monitor }) => monitor.kind !== 'route' && monitor.kind !== 'telemetry-store');
    const nothing =
      iacMonitors.length === 0 &&
      collected.pipelines.length === 0 &&
      collected.alertFiles.every(({ file }) => file.rules.length === 0) &&
      collected.configs.length === 0 &&
      docsWithSignals.length === 0 &&
      trainingSchedules.length === 0 &&
      collected.code.length === 0 &&
      collected.stacks.length === 0;
    describeEvidence(collected, evidence);
    if (nothing) {
      // A section headed for monitoring that names nothing watched is said as such, so the finding never denies the evidence.
      const empty = collected.docs.map(({ path }) => path).filter((path, index, all) => all.indexOf(path) === index);
      const stores = [...new Set(collected.iac.map(({ path }) => path))];
      const found = [
        empty.length ? `monitoring sections in ${empty.slice(0, 3).join(', ')} name nothing watched, no threshold, no recipient and no retraining trigger` : '',
        stores.length ? `${stores.slice(0, 3).join(', ')} only provision telemetry or alert routes that nothing in the repository sends to` : '',
      ].filter(Boolean);
      const emptyDocs = found.length ? `${found.join('; ').replace(/^m/, 'M')}; no` : 'No';
      findings.push(
        findingFrom(check, 'no-monitoring', `${emptyDocs} alert rules, monitoring-tool configs, dashboards, metrics or monitors in code${empty.length ? '' : ', monitoring sections'} or scheduled retraining found (looked in monitoring/, prometheus/, alerting files, Evidently/NannyML/whylogs/Great Expectations configs, Grafana dashboards, metrics and telemetry code and app entry points, monitoring notebooks, Compose files, IaC alarms and dashboards (Terraform, Bicep, ARM, CloudFormation), .github/workflows, Airflow dags/, crontabs, runbooks, the model card and documents named for monitoring).`),
      );
      return { status: 'judged', criteria: { watched: 0, thresholds: 0, alerting: 0, retraining: 0, configured: 0 }, evidence, findings, summary: 'Nothing monitors the model or triggers retraining.' };
    }

    const rules = collected.alertFiles.flatMap(({ path, file }) => file.rules.map((rule) => ({ path, rule })));
    for (const { path, file } of collected.alertFiles) {
      for (const problem of file.problems.slice(0, 20)) findings.push(findingFrom(check, 'alert-rule-problem', problem.message, { path, line: problem.line }));
    }
    let incomplete = 0;
    for (const { path, rule } of rules) {
      const explained = rule.annotations.summary || rule.annotations.description || rule.annotations.message;
      if ((rule.severity && explained) || incomplete >= 20) continue;
      incomplete++;
      const lacks = [!rule.severity && 'no severity label', !explained && 'no summary or description'].filter(Boolean).join(' and ');
      findings.push(findingFrom(check, 'alert-incomplete', `Alert ${rule.name} has ${lacks}.`, { path, line: rule.line }));
    }

    // What is watched.
    const modelCategories = new Set<WatchCategory>();
    let serviceWatched = false;
    const addCategories = (categories: Iterable<WatchCategory>) => {
      for (const category of categories) {
        if (category === 'service') serviceWatched = true;
        else modelCategories.add(category);
      }
    };
    for (const { rule } of rules) addCategories(rule.categories);
    for (const { config } of collected.configs) addCategories(config.categories);
    for (const { signals } of collected.docs) addCategories(signals.watched);
    for (const { code } of collected.code) addCategories(code.categories);
    for (const { monitor } of iacMonitors) addCategories(monitor.categories);
    for (const { monitor } of collected.pipelines) addCategories(monitor.categories);
    if (collected.stacks.length > 0) serviceWatched = true;
    // Watching the service is implemented when something in the repository collects or plots it, not only says so.
    const implemented = collected.code.length > 0 || collected.stacks.length > 0 || collected.configs.length > 0 || rules.length > 0 || iacMonitors.length > 0 || collected.pipelines.length > 0;
    const watched = modelCategories.size > 0 ? Math.min(1, modelCategories.size / 3) : serviceWatched ? (implemented ? 0.5 : 0.2) : 0;
    if (modelCategories.size === 0) {
      findings.push(findingFrom(check, 'no-model-monitoring', serviceWatched ? 'Only service health (latency, errors, resources) is monitored; nothing watches drift, predictions, performance or data quality.' : 'Nothing says which model signals are watched.'));
    }

    // Thresholds.
    const isModel = (categories: Set<WatchCategory>) => MODEL_CATEGORIES.some((category) => categories.has(category));
    let modelThresholds = 0;
    let serviceThresholds = 0;
    for (const { rule } of rules) {
      if (!rule.threshold) continue;
      if (isModel(rule.categories)) modelThresholds++;
      else serviceThresholds++;
    }
    for (const { config } of collected.configs) modelThresholds += config.thresholds.length;
    for (const { code } of collected.code) modelThresholds += code.thresholds.length;
    for (const { monitor } of [...iacMonitors, ...collected.pipelines]) {
      if (isModel(monitor.categories)) modelThresholds += monitor.thresholds.length;
      else serviceThresholds += monitor.thresholds.length;
    }
    for (const { signals } of collected.docs) {
      if (isModel(signals.watched)) modelThresholds += signals.thresholds.length;
      else serviceThresholds += signals.thresholds.length;
    }
    const thresholds = modelThresholds >= 2 ? 1 : modelThresholds === 1 ? 0.7 : serviceThresholds > 0 ? 0.3 : 0;
    if (modelThresholds === 0) {
      findings.push(findingFrom(check, 'no-thresholds', serviceThresholds > 0 ? 'Numeric thresholds exist only for service metrics, none for model signals.' : 'No numeric alert threshold found in rules, configs or docs.'));
    }

    // Who is alerted.
    const named = new Set<string>();
    let generic = false;
    for (const { rule } of rules) for (const recipient of rule.recipients) named.add(recipient);
    for (const { config } of collected.alertmanagers) {
      for (const receiver of config.receivers) {
        for (const destination of receiver.destinations) named.add(destination);
        if (receiver.kinds.length) generic = true;
      }
    }
    for (const { config } of collected.configs) for (const recipient of config.recipients) named.add(recipient);
    // Alarms routed to an SNS topic, action group or failure callback reach someone; an address or channel names who.
    for (const { monitor } of [...collected.iac, ...collected.pipelines]) {
      for (const recipient of monitor.recipients) named.add(recipient);
      if ('routes' in monitor ? monitor.routes.length > 0 : monitor.alerts.length > 0) generic = true;
    }
    for (const { signals } of collected.docs) {
      for (const recipient of signals.recipients) named.add(recipient);
      generic ||= signals.genericRecipient;
    }
    const alerting = named.size > 0 ? 1 : generic ? 0.5 : 0;
    if (named.size === 0) {
      findings.push(findingFrom(check, 'no-recipient', generic ? 'Alerts are said to notify someone, but no channel, rotation, team or address is named.' : 'No alert recipient (channel, rotation, team or address) is named anywhere.'));
    }

    // Retraining trigger.
    const docTrigger = collected.docs.find(({ signals }) => signals.retrainingTrigger);
    const namedOnly = collected.schedules.filter(({ schedule }) => !schedule.runsTraining && schedule.namedForTraining);
    for (const { path, schedule } of namedOnly) {
      findings.push(findingFrom(check, 'schedule-without-training', `"${schedule.name}" is scheduled (${schedule.schedule.expression}) and named for training, but no step trains a model.`, { path, line: schedule.line }));
    }
    const retraining = trainingSchedules.length > 0 ? 1 : docTrigger ? 0.6 : namedOnly.length > 0 ? 0.3 : 0;
    if (trainingSchedules.length === 0 && docTrigger) {
      findings.push(findingFrom(check, 'retraining-not-automated', `Retraining is described ("${docTrigger.signals.retrainingTrigger!.slice(0, 100)}") but no scheduled pipeline runs training.`, { path: docTrigger.path, line: docTrigger.line }));
    } else if (trainingSchedules.length === 0) {
      findings.push(findingFrom(check, 'no-retraining-trigger', 'Nothing schedules retraining and no document says what triggers it.'));
    }

    // Configured, not only described.
    const modelRules = rules.filter(({ rule }) => isModel(rule.categories)).length;
    const configured = modelRules > 0 || collected.configs.length > 0 || collected.code.length > 0 || collected.stacks.length > 0 || iacMonitors.length > 0 || collected.pipelines.length > 0 ? 1 : rules.length > 0 ? 0.5 : 0;
    if (configured === 0) findings.push(findingFrom(check, 'not-configured', 'Monitoring is described in documents, but no alert rules, monitoring-tool configuration, dashboards or metrics code are committed.'));

    const watchedList = [...modelCategories].join(', ') || (serviceWatched ? 'service only' : 'nothing');
    return {
      status: 'judged',
      criteria: { watched, thresholds, alerting, retraining, configured },
      evidence,
      findings,
      summary: `Watches ${watchedList}; ${modelThresholds} model threshold(s); ${named.size ? `alerts ${[...named].slice(0, 3).join(', ')}` : 'no named recipient'}; ${trainingSchedules.length ? `retraining scheduled (${trainingSchedules.map(({ schedule }) => schedule.schedule.cadence).join(', ')})` : docTrigger ? 'retraining documented, not scheduled' : 'no retraining trigger'}.`,
    };
  },
});

export default check;

function hasAnySignal(signals: MonitoringSignals): boolean {
  return signals.watched.size > 0 || signals.thresholds.length > 0 || signals.recipients.length > 0 || signals.retrainingTrigger !== null;
}

/** A policy location without glob characters or an extension names a folder. */
function isFolder(location: string): boolean {
  return !/[*?{}[\]]/.test(location) && !/\.\w+$/.test(location);
}

function usable(snapshot: Snapshot, path: string): boolean {
  return !IGNORED.test(path) && !snapshot.isSymlink(path);
}

async function collectConfigs(snapshot: Snapshot, locations: readonly string[], collected: Collected, findings: Finding[]): Promise<void> {
  const extra = locations
    .filter((location) => !/\.(md|markdown|py)$/i.test(location))
    .map((location) => (isFolder(location) ? `${location.replace(/^\.\//, '').replace(/(?<!\/)\/+$/, '')}/**/*.{yml,yaml,json}` : location));
  const configPaths = snapshot.glob([...CONFIG_LOCATIONS, ...extra]).filter((path) => /\.(ya?ml|json)$/i.test(path) && usable(snapshot, path));
  const workflowPaths = new Set(snapshot.glob(WORKFLOW_LOCATIONS));
  const manifestPaths = snapshot.glob(MANIFEST_LOCATIONS).filter((path) => usable(snapshot, path));
  const paths = [...new Set([...configPaths, ...workflowPaths, ...manifestPaths])].slice(0, MAX_CONFIG_FILES);
  const monitoringNamed = new Set(configPaths);
  for (const path of paths) {
    const read = await snapshot.readText(path, { maxBytes: READ_CAP });
    if (!read.ok) continue; // the snapshot recorded why
    const isWorkflow = workflowPaths.has(path);
    // Manifests are only interesting when they declare a schedule kind; skip the rest unparsed.
    if (!isWorkflow && !monitoringNamed.has(path) && !/^[ \t]*kind:[ \t]*['"]?(CronJob|CronWorkflow|ScheduledWorkflow)\b/m.test(read.text)) continue;
    if (/\.json$/i.test(path)) {
      const parsed = parseJson(read.text);
      if (!parsed.ok) {
        findings.push(findingFrom(check, 'unparsed-config', `Not parsed: ${describeFormatError(parsed.error)}.`, { path, line: parsed.error.line }));
        continue;
      }
      recognise(path, parsed.value, read.text, 0, isWorkflow, collected);
      continue;
    }
    // A Helm template only becomes YAML when rendered: read what parses, report nothing that does not.
    const helm = /(^|\/)templates\//.test(path) && read.text.includes('{{');
    for (const document of splitYamlDocuments(helm ? neutraliseHelmTemplate(read.text) : read.text)) {
      const parsed = parseYaml(document.text);
      if (!parsed.ok && helm) continue;
      if (!parsed.ok) {
        const line = parsed.error.line !== undefined ? parsed.error.line + document.lineOffset : undefined;
        findings.push(findingFrom(check, 'unparsed-config', `Not parsed: ${parsed.error.message}${line ? ` (line ${line})` : ''}.`, { path, line }));
        break;
      }
      recognise(path, parsed.value, document.text, document.lineOffset, isWorkflow, collected);
    }
  }
}

function recognise(path: string, value: unknown, text: string, lineOffset: number, isWorkflow: boolean, collected: Collected): void {
  if (isWorkflow) {
    for (const schedule of readWorkflowSchedules(path, value, text)) collected.schedules.push({ path, schedule: { ...schedule, line: schedule.line + lineOffset } });
    return;
  }
  const rules = readAlertRules(value, text, lineOffset);
  if (rules) {
    collected.alertFiles.push({ path, file: rules });
    return;
  }
  const alertmanager = readAlertmanagerConfig(value);
  if (alertmanager) {
    collected.alertmanagers.push({ path, config: alertmanager });
    return;
  }
  const schedule = readKubernetesSchedule(value, text, lineOffset);
  if (schedule) {
    collected.schedules.push({ path, schedule });
    return;
  }
  const config = readMonitoringConfig(path, value);
  if (config) collected.configs.push({ path, config });
}

async function collectCode(snapshot: Snapshot, collected: Collected): Promise<void> {
  const paths = snapshot.glob(CODE_LOCATIONS).filter((path) => usable(snapshot, path) && !CODE_IGNORED.test(path)).slice(0, MAX_CODE_FILES);
  for (const path of paths) {
    const notebook = /\.ipynb$/i.test(path);
    const read = await snapshot.readText(path, { maxBytes: notebook ? 2 * READ_CAP : READ_CAP });
    if (!read.ok) continue;
    const text = notebook ? notebookCode(read.text) : read.text;
    const code = text === null ? null : readMonitoringCode(text);
    if (code) collected.code.push({ path, code: notebook ? { ...code, line: 1 } : code });
  }
}

async function collectStacks(snapshot: Snapshot, collected: Collected): Promise<void> {
  const paths = snapshot.glob(COMPOSE_LOCATIONS).filter((path) => usable(snapshot, path)).slice(0, 30);
  for (const path of paths) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok) continue;
    const parsed = parseYaml(read.text);
    const components = parsed.ok ? readMonitoringStack(parsed.value) : [];
    if (components.length > 0) collected.stacks.push({ path, components });
  }
}

async function collectIac(snapshot: Snapshot, collected: Collected): Promise<void> {
  const paths = snapshot.glob(IAC_LOCATIONS).filter((path) => usable(snapshot, path) && !THIRD_PARTY_DOC.test(path)).slice(0, MAX_IAC_FILES);
  for (const path of paths) {
    const read = await snapshot.readText(path, { maxBytes: READ_CAP });
    if (!read.ok) continue;
    for (const monitor of readMonitoringIac(read.text)) collected.iac.push({ path, monitor });
  }
}

async function collectDags(snapshot: Snapshot, collected: Collected): Promise<void> {
  const paths = snapshot.glob(DAG_LOCATIONS).filter((path) => usable(snapshot, path)).slice(0, MAX_DAG_FILES);
  for (const path of paths) {
    const read = await snapshot.readText(path, { maxBytes: READ_CAP });
    if (!read.ok) continue;
    const schedule = readAirflowSchedule(path, read.text);
    if (schedule) collected.schedules.push({ path, schedule });
    const monitor = readPipelineMonitoring(path, read.text);
    if (monitor) collected.pipelines.push({ path, monitor });
  }
}

async function collectCrontabs(snapshot: Snapshot, collected: Collected): Promise<void> {
  const paths = snapshot.glob(CRON_LOCATIONS).filter((path) => usable(snapshot, path)).slice(0, 50);
  for (const path of paths) {
    const read = await snapshot.readText(path, { maxBytes: 64 * 1024 });
    if (!read.ok) continue;
    for (const schedule of readCrontab(path, read.text)) collected.schedules.push({ path, schedule });
  }
}

async function collectDocs(snapshot: Snapshot, locations: readonly string[], collected: Collected): Promise<void> {
  const extra = locations.filter((location) => /\.(md|markdown)$/i.test(location) || isFolder(location));
  const patterns = [...DOC_LOCATIONS, ...extra.map((location) => (isFolder(location) ? `${location.replace(/^\.\//, '').replace(/(?<!\/)\/+$/, '')}/**/*.{md,markdown}` : location))];
  // Instructions for an AI assistant (.gemini/skills, .claude/, AGENTS.md) describe how to work, not what this delivery watches.
  const keep = (path: string) => /\.(md|markdown)$/i.test(path) && !NOT_A_RUNBOOK.test(path) && !isAgentInstructionFile(path) && usable(snapshot, path);
  const placed = snapshot.glob(patterns).filter(keep).slice(0, MAX_DOCS);
  const known = new Set(placed);
  const named = snapshot.glob(NAMED_DOC_LOCATIONS).filter((path) => keep(path) && !known.has(path) && !THIRD_PARTY_DOC.test(path)).slice(0, MAX_NAMED_DOCS);
  for (const path of named) known.add(path);
  const inDocs = snapshot.glob(DOCS_FOLDER_LOCATIONS).filter((path) => keep(path) && !known.has(path) && !THIRD_PARTY_DOC.test(path)).slice(0, MAX_FOLDER_DOCS);
  const paths = [...placed, ...named, ...inDocs];
  for (const path of paths) {
    const read = await snapshot.readText(path, { maxBytes: READ_CAP });
    if (!read.ok) continue;
    const document = parseMarkdown(read.text);
    let coveredUntil = 0;
    for (const section of document.sections) {
      if (section.heading.line <= coveredUntil) continue; // inside a monitoring section already taken whole
      if (!MONITORING_HEADING.test(normaliseHeading(section.heading.text))) continue;
      coveredUntil = section.endLine;
      collected.docs.push({ path, line: section.heading.line, heading: section.heading.text, signals: readMonitoringSignals(`${section.heading.text}\n${section.content}`) });
    }
  }
}

function describeEvidence(collected: Collected, evidence: Evidence[]): void {
  for (const { path, file } of collected.alertFiles) {
    const counts = new Map<string, number>();
    for (const rule of file.rules) for (const category of rule.categories) counts.set(category, (counts.get(category) ?? 0) + 1);
    const withThreshold = file.rules.filter((rule) => rule.threshold).length;
    evidence.push({
      path,
      line: 1,
      kind: 'alert-rules',
      note: `${file.source}: ${file.rules.length} alert(s)${file.recordingRules ? `, ${file.recordingRules} recording rule(s)` : ''}; ${[...counts].map(([category, n]) => `${category} ${n}`).join(', ') || 'no model or service signal recognised'}; ${withThreshold} with a numeric threshold`,
    });
    for (const rule of file.rules.slice(0, MAX_RULE_EVIDENCE)) {
      const parts = [rule.name, [...rule.categories].join('/') || 'unclassified', rule.threshold ? `${rule.threshold}${rule.for ? ` for ${rule.for}` : ''}` : 'no threshold'];
      if (rule.severity) parts.push(`severity ${rule.severity}`);
      if (rule.recipients.length) parts.push(rule.recipients.join(' '));
      evidence.push({ path, line: rule.line, kind: 'alert-rule', note: parts.join(' · ') });
    }
  }
  for (const { path, config } of collected.alertmanagers) {
    const receivers = config.receivers.map((receiver) => `${receiver.name} (${receiver.kinds.join('+') || 'no integration'}${receiver.destinations.length ? ` ${receiver.destinations.join(', ')}` : ''})`);
    evidence.push({ path, line: 1, kind: 'alert-routing', note: `default ${config.defaultReceiver ?? 'none'}; receivers: ${receivers.join('; ') || 'none'}` });
  }
  for (const { path, config } of collected.configs) {
    const parts = [`${config.tool} ${config.role}`, [...config.categories].join(', ') || 'no signal recognised'];
    if (config.thresholds.length) parts.push(`thresholds ${config.thresholds.slice(0, 4).join(', ')}`);
    if (config.columns.length) parts.push(`${config.columns.length} column(s)`);
    if (config.recipients.length) parts.push(`notifies ${config.recipients.slice(0, 3).join(', ')}`);
    if (config.schedule) parts.push(config.schedule);
    evidence.push({ path, line: 1, kind: 'monitoring-config', note: parts.join(' · ') });
  }
  for (const { path, schedule } of collected.schedules) {
    evidence.push({
      path,
      line: schedule.line,
      kind: schedule.runsTraining ? 'retraining-schedule' : 'schedule',
      note: `${schedule.source} "${schedule.name}": ${schedule.schedule.expression} (${schedule.schedule.cadence}); ${schedule.runsTraining ? `trains: ${schedule.trainingEvidence}` : 'no training step'}`,
    });
  }
  for (const { path, code } of collected.code) {
    const parts = [code.libraries.join(', '), [...code.categories].join(', ') || 'no signal recognised'];
    if (code.metrics.length) parts.push(`${code.metrics.length} metric(s): ${code.metrics.slice(0, 4).join(', ')}`);
    if (code.thresholds.length) parts.push(`thresholds ${code.thresholds.slice(0, 4).join(', ')}`);
    evidence.push({ path, line: code.line, kind: 'monitoring-code', note: parts.join(' · ') });
  }
  for (const { path, monitor } of collected.iac) {
    const parts = [`${monitor.kind} ${monitor.type} "${monitor.name}"`];
    if (monitor.thresholds.length) parts.push(`thresholds ${monitor.thresholds.slice(0, 4).join(', ')}`);
    if (monitor.routes.length) parts.push(`routed to ${monitor.routes.join(', ')}`);
    if (monitor.recipients.length) parts.push(`notifies ${monitor.recipients.slice(0, 3).join(', ')}`);
    evidence.push({ path, line: monitor.line, kind: 'monitoring-iac', note: parts.join(' · ') });
  }
  // A DAG that only alerts on its own failure is one line in sum; DAGs that check data are listed.
  const alertingOnly = collected.pipelines.filter(({ monitor }) => monitor.checks.length === 0 && !monitor.named);
  for (const { path, monitor } of collected.pipelines) {
    if (alertingOnly.some((entry) => entry.monitor === monitor)) continue;
    const parts = [`Airflow DAG "${monitor.dag}"`, [...monitor.categories].join(', ')];
    if (monitor.checks.length) parts.push(`checks ${monitor.checks.slice(0, 4).join(', ')}`);
    if (monitor.alerts.length) parts.push(`alerts by ${monitor.alerts.join(', ')}`);
    if (monitor.thresholds.length) parts.push(monitor.thresholds.join(', '));
    evidence.push({ path, line: monitor.line, kind: 'pipeline-monitor', note: parts.join(' · ') });
  }
  if (alertingOnly.length > 0) {
    const first = alertingOnly[0];
    evidence.push({ path: first.path, line: first.monitor.line, kind: 'pipeline-alerts', note: `${alertingOnly.length} Airflow DAG(s) alert on failure (${[...new Set(alertingOnly.flatMap(({ monitor }) => monitor.alerts))].join(', ')})` });
  }
  for (const { path, components } of collected.stacks) {
    evidence.push({ path, line: 1, kind: 'monitoring-stack', note: `runs ${components.join(', ')}` });
  }
  for (const { path, line, heading, signals } of collected.docs) {
    const parts = [`"${heading.slice(0, 60)}"`, [...signals.watched].join(', ') || 'no signal named'];
    if (signals.thresholds.length) parts.push(`${signals.thresholds.length} threshold(s): ${signals.thresholds.slice(0, 3).join('; ')}`);
    if (signals.recipients.length) parts.push(`alerts ${signals.recipients.slice(0, 3).join(', ')}`);
    if (signals.retrainingTrigger) parts.push(`retraining: ${signals.retrainingTrigger.slice(0, 80)}`);
    evidence.push({ path, line, kind: 'monitoring-doc', note: parts.join(' · ') });
  }
}
