// Alerting configuration as the tools write it:
// - Prometheus rule files (`groups[].rules[]` with `alert`, `expr`, `for`, `labels`, `annotations`; recording
//   rules have `record`), also wrapped in a Prometheus Operator `PrometheusRule` (`spec.groups`);
// - Grafana alerting file provisioning (`apiVersion: 1`, `groups[].rules[]` with `title`, `condition`, `data`);
// - Alertmanager configuration (`route`, `receivers[]` with slack/email/pagerduty/opsgenie/webhook configs).
// Pure: a parsed YAML value (and its text, for line numbers) in, typed rules out; null when it is not one.
import { categoriesOf, readMonitoringSignals, type WatchCategory } from './monitoring-signals.js';

export type AlertRuleSource = 'prometheus' | 'prometheus-operator' | 'grafana';

export interface AlertRule {
  name: string;
  group: string;
  /** The PromQL (or Grafana query) expression; Grafana rules join their queries with ` ; `. */
  expr: string;
  for: string | null;
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  line: number;
  /** What the rule watches, from its name, expression and annotations. */
  categories: Set<WatchCategory>;
  /** The comparison that fires it, e.g. `> 0.2`, or null when the expression compares nothing. */
  threshold: string | null;
  /** Who the rule names: team/owner/channel labels, channels in annotations. */
  recipients: string[];
}

export interface AlertRuleFile {
  source: AlertRuleSource;
  rules: AlertRule[];
  recordingRules: number;
  /** Structural problems (a group without rules, a rule without expr) with their lines. */
  problems: Array<{ message: string; line?: number }>;
}

export interface AlertmanagerReceiver {
  name: string;
  /** `slack`, `email`, `pagerduty`, `opsgenie`, `webhook`, `msteams`, … */
  kinds: string[];
  /** Channels, addresses and similar named destinations. */
  destinations: string[];
}

export interface AlertmanagerConfig {
  defaultReceiver: string | null;
  receivers: AlertmanagerReceiver[];
}

const RECIPIENT_LABELS = /^(team|owner|owners|squad|receiver|channel|slack_channel|oncall|on_call|escalation|contact|notify)$/i;
const COMPARISON = /(>=|<=|==|!=|>|<)\s{0,3}-?\d+(?:\.\d+)?(?:e-?\d+)?/;

/** Recognises a Prometheus or Grafana alert rule document; null when the value is something else. */
export function readAlertRules(value: unknown, text: string, lineOffset = 0): AlertRuleFile | null {
  if (!isRecord(value)) return null;
  const lines = new LineFinder(text, lineOffset);
  if (value.kind === 'PrometheusRule' && isRecord(value.spec) && Array.isArray(value.spec.groups)) {
    return readPrometheusGroups(value.spec.groups, 'prometheus-operator', lines);
  }
  if (!Array.isArray(value.groups)) return null;
  const groups = value.groups.filter(isRecord);
  const rules = groups.flatMap((group) => (Array.isArray(group.rules) ? group.rules.filter(isRecord) : []));
  if (rules.some((rule) => typeof rule.title === 'string' && ('condition' in rule || 'data' in rule))) {
    return readGrafanaGroups(groups, lines);
  }
  if (rules.some((rule) => 'alert' in rule || 'record' in rule || 'expr' in rule)) return readPrometheusGroups(value.groups, 'prometheus', lines);
  return null;
}

function readPrometheusGroups(groups: unknown[], source: AlertRuleSource, lines: LineFinder): AlertRuleFile {
  const file: AlertRuleFile = { source, rules: [], recordingRules: 0, problems: [] };
  for (const group of groups) {
    if (!isRecord(group)) continue;
    const groupName = str(group.name) ?? '(unnamed group)';
    if (!Array.isArray(group.rules) || group.rules.length === 0) {
      file.problems.push({ message: `group "${groupName}" has no rules`, line: lines.find(/^\s*(?:-\s*)?name:\s*/, groupName) });
      continue;
    }
    for (const rule of group.rules) {
      if (!isRecord(rule)) continue;
      if (typeof rule.record === 'string') {
        file.recordingRules++;
        continue;
      }
      const name = str(rule.alert);
      if (!name) continue;
      const line = lines.find(/^\s*(?:-\s*)?alert:\s*/, name);
      const expr = str(rule.expr) ?? '';
      if (!expr) file.problems.push({ message: `alert "${name}" has no expr`, line });
      file.rules.push(describeRule(name, groupName, expr, str(rule.for), stringMap(rule.labels), stringMap(rule.annotations), line, thresholdIn(expr)));
    }
  }
  return file;
}

function readGrafanaGroups(groups: Array<Record<string, unknown>>, lines: LineFinder): AlertRuleFile {
  const file: AlertRuleFile = { source: 'grafana', rules: [], recordingRules: 0, problems: [] };
  for (const group of groups) {
    const groupName = str(group.name) ?? '(unnamed group)';
    for (const rule of Array.isArray(group.rules) ? group.rules : []) {
      if (!isRecord(rule)) continue;
      const name = str(rule.title);
      if (!name) continue;
      const queries: string[] = [];
      let threshold: string | null = null;
      for (const query of Array.isArray(rule.data) ? rule.data : []) {
        if (!isRecord(query) || !isRecord(query.model)) continue;
        const model = query.model;
        for (const key of ['expr', 'expression', 'rawSql', 'query']) {
          const text = str(model[key]);
          if (text) queries.push(text);
        }
        threshold ??= grafanaThreshold(model);
      }
      const expr = queries.join(' ; ');
      threshold ??= thresholdIn(expr);
      file.rules.push(describeRule(name, groupName, expr, str(rule.for), stringMap(rule.labels), stringMap(rule.annotations), lines.find(/^\s*(?:-\s*)?title:\s*/, name), threshold));
    }
  }
  return file;
}

function describeRule(
  name: string,
  group: string,
  expr: string,
  duration: string | null,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  line: number | undefined,
  threshold: string | null,
): AlertRule {
  const annotationText = Object.values(annotations).join('\n');
  const recipients = new Set<string>();
  for (const [key, value] of Object.entries(labels)) if (RECIPIENT_LABELS.test(key) && value.trim()) recipients.add(`${key}=${value.trim()}`);
  for (const recipient of readMonitoringSignals(annotationText).recipients) recipients.add(recipient);
  return {
    name,
    group,
    expr,
    for: duration,
    severity: labels.severity ?? labels.priority ?? null,
    labels,
    annotations,
    line: line ?? 1,
    categories: categoriesOf(`${splitIdentifier(name)}\n${expr.replace(/_/g, ' ')}\n${expr}\n${annotations.summary ?? ''}`),
    threshold,
    recipients: [...recipients],
  };
}

/** Grafana threshold / classic-condition models: `{type: threshold, conditions: [{evaluator: {type: gt, params: [0.2]}}]}`. */
function grafanaThreshold(model: Record<string, unknown>): string | null {
  for (const condition of Array.isArray(model.conditions) ? model.conditions : []) {
    if (!isRecord(condition) || !isRecord(condition.evaluator)) continue;
    const params = Array.isArray(condition.evaluator.params) ? condition.evaluator.params.filter((p) => typeof p === 'number') : [];
    const type = str(condition.evaluator.type);
    if (type && params.length) return `${type} ${params.join(', ')}`;
  }
  return null;
}

function thresholdIn(expr: string): string | null {
  const match = COMPARISON.exec(expr.length > 10_000 ? expr.slice(0, 10_000) : expr);
  return match ? match[0].replace(/\s+/g, ' ') : null;
}

/** Recognises an Alertmanager configuration; null when the value is something else. */
export function readAlertmanagerConfig(value: unknown): AlertmanagerConfig | null {
  if (!isRecord(value) || !Array.isArray(value.receivers) || !('route' in value)) return null;
  const receivers: AlertmanagerReceiver[] = [];
  for (const receiver of value.receivers) {
    if (!isRecord(receiver)) continue;
    const kinds: string[] = [];
    const destinations: string[] = [];
    for (const [key, configs] of Object.entries(receiver)) {
      const kind = /^(\w+)_configs$/.exec(key)?.[1];
      if (!kind || !Array.isArray(configs) || configs.length === 0) continue;
      kinds.push(kind);
      for (const config of configs) {
        if (!isRecord(config)) continue;
        for (const field of ['channel', 'to', 'responders', 'room_id', 'chat_id', 'recipient']) {
          const destination = config[field];
          if (typeof destination === 'string' && destination.trim()) destinations.push(destination.trim());
        }
      }
    }
    receivers.push({ name: str(receiver.name) ?? '(unnamed)', kinds, destinations });
  }
  const route = isRecord(value.route) ? value.route : {};
  return { defaultReceiver: str(route.receiver), receivers };
}

/** `ChurnFeatureDriftHigh` -> `Churn Feature Drift High`, so category patterns see the words. */
function splitIdentifier(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_:]/g, ' ');
}

/** Finds the line of `key: value` for a known value (the YAML parser keeps no positions in plain values). */
class LineFinder {
  private lines: string[] | null = null;
  constructor(
    private readonly text: string,
    private readonly offset: number,
  ) {}

  find(prefix: RegExp, value: string): number | undefined {
    this.lines ??= this.text.split('\n');
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i];
      const match = prefix.exec(line);
      if (!match) continue;
      const rest = line.slice(match.index + match[0].length).trim().replace(/^['"]|['"]$/g, '');
      if (rest === value) return i + 1 + this.offset;
    }
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

function stringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!isRecord(value)) return result;
  for (const [key, item] of Object.entries(value)) {
    const text = str(item);
    if (text !== null) result[key] = text;
  }
  return result;
}
