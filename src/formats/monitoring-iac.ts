// Monitoring declared as infrastructure code: CloudWatch metric alarms, Azure Monitor metric and log alerts,
// GCP alert policies, Datadog/New Relic monitors, Application Insights, dashboards, SageMaker monitoring
// schedules and the routes alerts take (SNS topics, action groups, notification channels, Slack integrations),
// in Terraform, Bicep, ARM templates, CloudFormation and Azure ML deployment configs. Read as text with a
// bounded line scan, never run: a header line opens a resource, the lines up to the next header belong to it.
// Pure; every pattern is per line and linear.
import { categoriesOf, type WatchCategory } from './monitoring-signals.js';

/**
 * `telemetry`: the service is instrumented (Application Insights switched on for it); `telemetry-store`: a
 * telemetry resource is only provisioned, which watches nothing until the service sends to it.
 */
export type IacMonitorKind = 'alert' | 'dashboard' | 'telemetry' | 'telemetry-store' | 'model-monitor' | 'route';

export interface IacMonitor {
  kind: IacMonitorKind;
  /** The resource type as written (`aws_cloudwatch_metric_alarm`, `Microsoft.Insights/metricAlerts`, `module`). */
  type: string;
  name: string;
  line: number;
  /** `ephemeral_storage_high 90`, `threshold 0.8`: the numbers an alert fires on. */
  thresholds: string[];
  /** Named destinations (addresses, channels). */
  recipients: string[];
  /** Where alerts go without a name (`SNS topic`, `action group`, `Slack webhook`). */
  routes: string[];
  categories: Set<WatchCategory>;
}

const MAX_LINES = 50_000;
const MAX_MONITORS = 200;

/** Resource types by what they do: Terraform, Bicep/ARM and CloudFormation spellings. */
const TYPE_KINDS: Array<[RegExp, IacMonitorKind]> = [
  [/^(?:aws_cloudwatch_(?:metric|composite)_alarm|azurerm_monitor_(?:metric_alert|scheduled_query_rules_alert(?:_v2)?|activity_log_alert|smart_detector_alert_rule)|google_monitoring_alert_policy|datadog_monitor|newrelic_(?:nrql_)?alert_condition|grafana_rule_group|microsoft\.insights\/(?:metricalerts|scheduledqueryrules|activitylogalerts)|microsoft\.alertsmanagement\/smartdetectoralertrules|aws::cloudwatch::(?:alarm|compositealarm))$/i, 'alert'],
  [/^(?:aws_cloudwatch_dashboard|azurerm_(?:portal_)?dashboard|azurerm_dashboard_grafana|google_monitoring_dashboard|datadog_dashboard(?:_json)?|grafana_dashboard|microsoft\.portal\/dashboards|microsoft\.dashboard\/grafana|aws::cloudwatch::dashboard)$/i, 'dashboard'],
  [/^(?:google_monitoring_uptime_check_config)$/i, 'telemetry'],
  [/^(?:azurerm_application_insights|azurerm_log_analytics_workspace|microsoft\.insights\/components|microsoft\.operationalinsights\/workspaces)$/i, 'telemetry-store'],
  [/^(?:aws_sagemaker_monitoring_schedule|aws::sagemaker::(?:monitoringschedule|dataqualityjobdefinition|modelqualityjobdefinition|modelbiasjobdefinition|modelexplainabilityjobdefinition))$/i, 'model-monitor'],
  [/^(?:azurerm_monitor_action_group|google_monitoring_notification_channel|microsoft\.insights\/actiongroups|aws_sns_topic_subscription|aws::sns::subscription)$/i, 'route'],
];
/** A module named or sourced for alarms (`module "backend-ecs-alarm"`, `…//modules/observability/ecs-alarms`). */
const MODULE_ALERT = /alarm|alert|monitor/i;
const MODULE_ROUTE = /slack|pagerduty|opsgenie|notification|teams-integration/i;

const TERRAFORM_HEADER = /^[ \t]{0,8}(resource|data|module)[ \t]+"([\w.-]{1,120})"(?:[ \t]+"([\w.-]{1,120})")?/;
const BICEP_HEADER = /^[ \t]{0,8}(resource|module)[ \t]+(\w{1,120})[ \t]+'([\w.]{1,80}\/[\w./]{1,120})@/;
const ARM_TYPE = /^[ \t]{0,40}"type"[ \t]{0,4}:[ \t]{0,4}"([\w.]{1,80}\/[\w./]{1,120})"/i;
const CFN_TYPE = /^[ \t]{0,40}["']?Type["']?[ \t]{0,4}:[ \t]{0,4}["']?(AWS::[\w:]{1,80})/;
const CFN_LOGICAL_ID = /^[ \t]{2,4}([A-Za-z][\w]{0,120}):[ \t]*$/;
const MODULE_SOURCE = /^[ \t]{0,40}source[ \t]{0,40}=[ \t]{0,4}"([^"\n]{1,300})"/;
/** `threshold = 90`, `threshold: 90`, `"Threshold": 90`, `Threshold: 90`, `critical = 0.9` (Datadog). */
const THRESHOLD = /^[ \t]{0,40}["']?(threshold|critical|warning|critical_threshold|warning_threshold)["']?[ \t]{0,40}[:=][ \t]{0,4}["']?(-?\d{1,12}(?:\.\d{1,12})?)(?![\w.])/i;
/** The block key a nested threshold sits under (`cpu_high = {`, `ephemeral_storage_high {`). */
const BLOCK_LABEL = /^[ \t]{0,40}([a-z][\w-]{1,60})[ \t]{0,4}=?[ \t]{0,4}\{[ \t]*$/i;
const ROUTE = /^[ \t{[]{0,40}["']?(alarm_actions|ok_actions|AlarmActions|sns_topic_arns?|action_group_id|actionGroupId|actionGroups|notification_channels|slack_webhook|webhook_url|email_receiver|emailReceivers)["']?[ \t]{0,40}[:=]/;
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,5}/;
const CHANNEL = /["']#([a-z][a-z0-9._-]{1,79})["']/i;
/** Azure ML deployment configs that switch Application Insights on for the scoring service. */
const APP_INSIGHTS_ENABLED = /^[ \t]{0,40}["']?(?:appInsightsEnabled|enable_app_insights|app_insights_enabled)["']?[ \t]{0,40}[:=][ \t]{0,4}["']?true\b/i;
const COMMENT = /^[ \t]{0,80}(?:#|\/\/|\*|\/\*)/;
const ROUTE_NAMES: Record<string, string> = {
  alarm_actions: 'alarm actions',
  ok_actions: 'alarm actions',
  alarmactions: 'alarm actions',
  sns_topic_arn: 'SNS topic',
  sns_topic_arns: 'SNS topic',
  action_group_id: 'action group',
  actiongroupid: 'action group',
  actiongroups: 'action group',
  notification_channels: 'notification channel',
  slack_webhook: 'Slack webhook',
  webhook_url: 'webhook',
  email_receiver: 'e-mail',
  emailreceivers: 'e-mail',
};

function kindOfType(type: string): IacMonitorKind | null {
  for (const [pattern, kind] of TYPE_KINDS) if (pattern.test(type)) return kind;
  return null;
}

/** The monitoring resources one Terraform, Bicep, ARM, CloudFormation or deployment-config file declares. */
export function readMonitoringIac(text: string): IacMonitor[] {
  const lines = text.split('\n', MAX_LINES);
  const monitors: IacMonitor[] = [];
  /** The resource the current line belongs to; null inside anything that is not monitoring. */
  let current: IacMonitor | null = null;
  /** A module whose name did not say what it is: its `source` may. */
  let pendingModule: { name: string; line: number } | null = null;
  let label: string | null = null;
  let logicalId: string | null = null;
  const open = (kind: IacMonitorKind, type: string, name: string, line: number): IacMonitor | null => {
    if (monitors.length >= MAX_MONITORS) return null;
    const monitor: IacMonitor = { kind, type, name, line, thresholds: [], recipients: [], routes: [], categories: new Set() };
    monitors.push(monitor);
    return monitor;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.length > 600 || COMMENT.test(line)) continue;
    const terraform = TERRAFORM_HEADER.exec(line);
    const bicep = terraform ? null : BICEP_HEADER.exec(line);
    const arm = terraform || bicep ? null : ARM_TYPE.exec(line);
    const cfn = terraform || bicep || arm ? null : CFN_TYPE.exec(line);
    const logical = CFN_LOGICAL_ID.exec(line);
    if (logical) logicalId = logical[1];
    if (terraform || bicep || arm || cfn) {
      current = null;
      pendingModule = null;
      label = null;
      if (terraform && terraform[1] === 'module') {
        const name = terraform[2];
        if (MODULE_ALERT.test(name)) current = open('alert', 'module', name, index + 1);
        else pendingModule = { name, line: index + 1 };
      } else if (terraform && terraform[1] === 'resource' && terraform[3]) {
        const kind = kindOfType(terraform[2]);
        if (kind) current = open(kind, terraform[2], terraform[3], index + 1);
      } else if (bicep && bicep[1] === 'resource') {
        const kind = kindOfType(bicep[3]);
        if (kind) current = open(kind, bicep[3], bicep[2], index + 1);
      } else if (arm || cfn) {
        const type = (arm ?? cfn)![1];
        const kind = kindOfType(type);
        if (kind) current = open(kind, type, cfn && logicalId ? logicalId : type.slice(type.lastIndexOf('/') + 1), index + 1);
      }
      continue;
    }
    if (APP_INSIGHTS_ENABLED.test(line)) {
      open('telemetry', 'deployment config', 'Application Insights enabled', index + 1);
      continue;
    }
    if (pendingModule) {
      const source = MODULE_SOURCE.exec(line);
      if (source) {
        const kind = MODULE_ALERT.test(source[1]) ? 'alert' : MODULE_ROUTE.test(source[1]) ? 'route' : null;
        if (kind) current = open(kind, 'module', pendingModule.name, pendingModule.line);
        pendingModule = null;
      }
    }
    if (!current) continue;
    const block = BLOCK_LABEL.exec(line);
    if (block) label = block[1];
    const threshold = THRESHOLD.exec(line);
    if (threshold && current.kind === 'alert' && current.thresholds.length < 20) {
      current.thresholds.push(`${label && !/^(?:alarms_config|criteria|condition|properties|config)$/i.test(label) ? label : current.name} ${threshold[1].toLowerCase()} ${threshold[2]}`);
    }
    const route = ROUTE.exec(line);
    if (route) {
      const name = ROUTE_NAMES[route[1].toLowerCase()] ?? route[1];
      if (!current.routes.includes(name)) current.routes.push(name);
    }
    const email = EMAIL.exec(line);
    if (email && !current.recipients.includes(email[0]) && current.recipients.length < 10) current.recipients.push(email[0]);
    const channel = CHANNEL.exec(line);
    // `'#EC008C'` in a dashboard is a colour, not a channel.
    if (channel && !/^[0-9a-f]{3,8}$/i.test(channel[1]) && current.recipients.length < 10) current.recipients.push(`#${channel[1]}`);
  }
  for (const monitor of monitors) {
    if (monitor.kind === 'model-monitor') {
      monitor.categories.add('drift');
      monitor.categories.add('data-quality');
      continue;
    }
    if (monitor.kind === 'route' || monitor.kind === 'telemetry-store') continue;
    for (const category of categoriesOf([monitor.name, ...monitor.thresholds].join('\n'))) monitor.categories.add(category);
    monitor.categories.add('service');
  }
  return monitors;
}
