// Model-monitoring tool configurations, recognised as markers and read for what they configure:
// - NannyML CLI: `nannyml.yaml` / `nann.yml` (`input.reference_data`, `column_mapping`, `problem_type`, `scheduling`);
// - Evidently: the legacy monitoring service config (`service.monitors`, `calculation_period_sec`), and the
//   drift configs vendors keep next to their Evidently jobs (any YAML/JSON under an `evidently` folder);
// - whylogs: `.whylogs.yaml` (v0 session config) and configs under a `whylogs` folder;
// - Great Expectations: checkpoints (`action_list`, `validations`), expectation suites (`expectations[]`),
//   and the project file `great_expectations.yml`;
// - Grafana dashboards (`panels[]` with `targets`, or `dashboard.panels`): what the panels plot;
// - monitoring plans (`alert_thresholds`, `drift_thresholds`, `monitoring_frequency`…): the limits they set.
// Pure: path and parsed value in, a description out; null when it is none of these.
import { isThresholdKey, readMonitoringSignals, type WatchCategory } from './monitoring-signals.js';

export type MonitoringTool = 'nannyml' | 'evidently' | 'whylogs' | 'great-expectations' | 'grafana' | 'monitoring-plan';

export interface MonitoringConfig {
  tool: MonitoringTool;
  /** `checkpoint`, `expectation-suite`, `project`, `service`, `drift-config`, `cli-config`, `session`. */
  role: string;
  categories: Set<WatchCategory>;
  /** `key: value` pairs that set a limit (`drift_share: 0.3`, `mostly: 0.99`, `stattest_threshold: 0.2`). */
  thresholds: string[];
  /** Feature or column names the config names. */
  columns: string[];
  /** Channels, addresses, webhooks-by-name and notification actions. */
  recipients: string[];
  /** Schedule or calculation period, when the config sets one. */
  schedule: string | null;
}

const MAX_WALK = 20_000;
const NOTIFY_ACTION = /^(SlackNotificationAction|EmailAction|MicrosoftTeamsNotificationAction|PagerdutyAlertAction|OpsgenieAlertAction|SNSNotificationAction|APINotificationAction)$/;
const COLUMN_KEYS = /^(features|columns|column|numerical_features|categorical_features|column_mapping|feature_columns|monitored_features|target|prediction|y_pred|y_pred_proba|y_true)$/i;
const RECIPIENT_KEYS = /^(slack_channel|channel|channels|email|emails|to|recipient|recipients|notify_channel|receiver|receivers|team|owner|owners|receiver_emails|pagerduty_service|opsgenie_team)$/i;
const SCHEDULE_KEYS = /^(cron|crontab|schedule|schedule_interval|interval|calculation_period_sec|frequency|chunk_period)$/i;
/** Keys that make a mapping a monitoring plan: the limits and cadence of watching a model. */
const PLAN_KEYS = /^(alert[-_]?thresholds?|drift[-_]?thresholds?|skew[-_]?thresholds?|monitoring[-_](frequency|schedule|plan|thresholds?|metrics|config)|performance[-_]thresholds?)$/i;
const MAX_PANELS = 500;

export function readMonitoringConfig(path: string, value: unknown): MonitoringConfig | null {
  const tool = toolOf(path, value);
  if (!tool) return null;
  const walked = walk(value);
  const signals = readMonitoringSignals(walked.text);
  const categories = new Set(signals.watched);
  categories.delete('service');
  let role = 'config';
  if (tool === 'great-expectations') {
    categories.add('data-quality');
    role = isRecord(value) && (Array.isArray(value.validations) || Array.isArray(value.action_list)) ? 'checkpoint' : isRecord(value) && Array.isArray(value.expectations) ? 'expectation-suite' : 'project';
  } else if (tool === 'nannyml') {
    role = 'cli-config';
    categories.add('drift');
    // NannyML estimates performance (CBPE/DLE) whenever predictions are mapped.
    if (isRecord(value) && isRecord(value.column_mapping) && ('y_pred' in value.column_mapping || 'y_pred_proba' in value.column_mapping)) {
      categories.add('predictions');
      categories.add('performance');
    }
  } else if (tool === 'evidently') {
    role = isRecord(value) && isRecord(value.service) ? 'service' : 'drift-config';
    if (/drift|stattest|psi/i.test(walked.text)) categories.add('drift');
  } else if (tool === 'whylogs') {
    role = 'session';
    categories.add('data-quality');
  } else if (tool === 'grafana') {
    return readGrafanaDashboard(value);
  } else if (tool === 'monitoring-plan') {
    role = 'plan';
    walked.thresholds.push(...planThresholds(value));
  }
  return {
    tool,
    role,
    categories,
    thresholds: walked.thresholds,
    columns: walked.columns,
    recipients: [...new Set([...walked.recipients, ...signals.recipients])],
    schedule: walked.schedule,
  };
}

function toolOf(path: string, value: unknown): MonitoringTool | null {
  const lower = path.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (/(^|\/)(great_expectations|gx)\//.test(lower) || base === 'great_expectations.yml') return 'great-expectations';
  if (base === 'nann.yml' || base === 'nannyml.yaml' || base === 'nannyml.yml') return 'nannyml';
  if (base === '.whylogs.yaml' || base === '.whylogs.yml' || /(^|\/)whylogs\//.test(lower)) return 'whylogs';
  if (/(^|\/)evidently[^/]*\//.test(lower) || base.startsWith('evidently')) return 'evidently';
  if (!isRecord(value)) return null;
  if (isRecord(value.service) && (Array.isArray(value.service.monitors) || 'calculation_period_sec' in value.service)) return 'evidently';
  if (isRecord(value.input) && 'reference_data' in value.input && 'column_mapping' in value) return 'nannyml';
  if (Array.isArray(value.expectations) && ('expectation_suite_name' in value || 'name' in value)) return 'great-expectations';
  if (Array.isArray(value.action_list) && Array.isArray(value.validations)) return 'great-expectations';
  if (grafanaPanels(value)) return 'grafana';
  if (Object.keys(value).some((key) => PLAN_KEYS.test(key))) return 'monitoring-plan';
  return null;
}

/** The panels of a Grafana dashboard export (`panels`, rows' nested `panels`, or under `dashboard`), or null. */
function grafanaPanels(value: Record<string, unknown>): Array<Record<string, unknown>> | null {
  const root = isRecord(value.dashboard) ? value.dashboard : value;
  if (!Array.isArray(root.panels)) return null;
  const panels: Array<Record<string, unknown>> = [];
  for (const panel of root.panels.slice(0, MAX_PANELS)) {
    if (!isRecord(panel)) continue;
    panels.push(panel);
    if (Array.isArray(panel.panels)) for (const inner of panel.panels.slice(0, MAX_PANELS)) if (isRecord(inner)) panels.push(inner);
  }
  const plotted = panels.filter((panel) => typeof panel.type === 'string' && (Array.isArray(panel.targets) || typeof panel.title === 'string'));
  return plotted.length > 0 && plotted.some((panel) => Array.isArray(panel.targets)) ? plotted : null;
}

/** A dashboard watches what its panel titles and queries name; a service dashboard still watches the service. */
function readGrafanaDashboard(value: unknown): MonitoringConfig {
  const panels = isRecord(value) ? grafanaPanels(value) ?? [] : [];
  const text: string[] = [];
  for (const panel of panels) {
    if (typeof panel.title === 'string') text.push(panel.title.slice(0, 200));
    for (const target of Array.isArray(panel.targets) ? panel.targets.slice(0, 20) : []) {
      if (!isRecord(target)) continue;
      for (const key of ['expr', 'rawSql', 'query', 'metric', 'measurement']) if (typeof target[key] === 'string') text.push((target[key] as string).slice(0, 500));
    }
  }
  const categories = readMonitoringSignals(text.join('\n')).watched;
  if (categories.size === 0) categories.add('service');
  return { tool: 'grafana', role: `dashboard (${panels.length} panel(s))`, categories, thresholds: [], columns: [], recipients: [], schedule: null };
}

/** Every number under a thresholds key of a plan (`alert_thresholds: {accuracy_drop: 0.74}`). */
function planThresholds(value: unknown): string[] {
  const found: string[] = [];
  const stack: Array<{ key: string; value: unknown; under: boolean }> = [{ key: '', value, under: false }];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_WALK && found.length < 50) {
    const item = stack.pop()!;
    visited++;
    if (typeof item.value === 'number' && item.under && Number.isFinite(item.value)) found.push(`${item.key}: ${item.value}`);
    if (!item.value || typeof item.value !== 'object') continue;
    const entries = Array.isArray(item.value) ? item.value.map((child, index) => [String(index), child] as const) : Object.entries(item.value);
    for (const [key, child] of entries.slice(0, 1000)) stack.push({ key, value: child, under: item.under || /threshold/i.test(key) });
  }
  return found;
}

interface Walked {
  text: string;
  thresholds: string[];
  columns: string[];
  recipients: string[];
  schedule: string | null;
}

/** Flattens a parsed config into `key: value` lines and collects thresholds, columns and recipients (iterative, bounded). */
function walk(root: unknown): Walked {
  const lines: string[] = [];
  const thresholds: string[] = [];
  const columns = new Set<string>();
  const recipients = new Set<string>();
  let schedule: string | null = null;
  const stack: Array<{ key: string; value: unknown; underColumns: boolean }> = [{ key: '', value: root, underColumns: false }];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_WALK) {
    const { key, value, underColumns } = stack.pop()!;
    visited++;
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ key, value: value[i], underColumns });
      continue;
    }
    if (typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.class_name === 'string' && NOTIFY_ACTION.test(record.class_name)) recipients.add(record.class_name);
      if (typeof record.expectation_type === 'string' || typeof record.type === 'string') lines.push(String(record.expectation_type ?? record.type));
      const entries = Object.entries(record);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [childKey, child] = entries[i];
        stack.push({ key: childKey, value: child, underColumns: underColumns || COLUMN_KEYS.test(childKey) });
      }
      continue;
    }
    const text = String(value);
    lines.push(`${key}: ${text.length > 300 ? text.slice(0, 300) : text}`);
    if (typeof value === 'number' && isThresholdKey(key)) thresholds.push(`${key}: ${value}`);
    if (typeof value === 'string' && key === 'column') columns.add(value);
    else if (typeof value === 'string' && underColumns && /^[A-Za-z_][\w.-]{0,80}$/.test(value)) columns.add(value);
    if (typeof value === 'string' && RECIPIENT_KEYS.test(key) && value.trim() && !/^https?:/i.test(value) && !/\$\{|\{\{/.test(value)) recipients.add(value.trim());
    if (schedule === null && SCHEDULE_KEYS.test(key)) schedule = `${key}: ${text}`;
  }
  return { text: lines.join('\n'), thresholds: [...new Set(thresholds)], columns: [...columns], recipients: [...recipients], schedule };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
