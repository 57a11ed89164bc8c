// Data-pipeline monitoring in an Airflow DAG file: the checks a DAG runs on the data or on its syncs (SQL check
// operators, Great Expectations and Soda operators, tasks named for checking freshness, loads or quality), the
// ways failures are told (failure and SLA-miss callbacks, email on failure, Slack/Mattermost/Teams/PagerDuty
// operators), the people told, and the SLAs set. Read as text, never run. Pure; every pattern is per line and linear.
import type { WatchCategory } from './monitoring-signals.js';

export interface PipelineMonitor {
  dag: string;
  line: number;
  /** The DAG or its file is named for monitoring (`monitoring`, `event_table_monitoring`, `freshness_checks`). */
  named: boolean;
  /** Checks the DAG runs: check operators and tasks named for checking. */
  checks: string[];
  /** How failures or failed checks are told (`failure callback`, `MattermostOperator`). */
  alerts: string[];
  recipients: string[];
  /** `sla 8 hours`: how late a run may finish before someone is told. */
  thresholds: string[];
  categories: Set<WatchCategory>;
}

const MAX_LINES = 20_000;
const MAX_ITEMS = 20;
const DAG_ID = /\bDAG\([ \t]*["']([\w.-]{1,120})["']|\bdag_id[ \t]*=[ \t]*["']([\w.-]{1,120})["']|@dag\([ \t]*dag_id[ \t]*=[ \t]*["']([\w.-]{1,120})["']/;
const DAG_OPEN = /\bDAG\([ \t]*$/;
const FIRST_ARGUMENT = /^[ \t]{0,40}["']([\w.-]{1,120})["'][ \t]*,/;
const MONITORING_NAME = /monitor|freshness|data[-_]?quality|health[-_]?check|sla[-_]?check|observab|anomal/i;
const CHECK_OPERATOR = /\b(SQL(?:Check|ValueCheck|IntervalCheck|ThresholdCheck|ColumnCheck|TableCheck)Operator|(?:BigQuery|Snowflake|Redshift)(?:Check|ValueCheck|IntervalCheck)Operator|GreatExpectationsOperator|SodaCheckOperator|DbtTestOperator)\(/;
const CHECK_TASK = /\btask_id[ \t]*=[ \t]*["']([\w.-]{0,60}(?:check|validat|freshness|quality|monitor|assert|anomal)[\w.-]{0,60})["']/i;
const ALERT_KEY = /["']?\b(on_failure_callback|sla_miss_callback|on_retry_callback)\b["']?[ \t]*[:=]/;
const EMAIL_ON_FAILURE = /["']?\bemail_on_failure\b["']?[ \t]*[:=][ \t]*True\b/;
const ALERT_OPERATOR = /\b(SlackWebhookOperator|SlackAPIPostOperator|MattermostOperator|EmailOperator|MsTeamsWebhookOperator|PagerdutyEventsOperator|OpsgenieCreateAlertOperator|DiscordWebhookOperator)\(|\b(send_email)\(/;
const SLA = /["']?\bsla\b["']?[ \t]*[:=][ \t]*timedelta\([ \t]*(days|hours|minutes|seconds)[ \t]*=[ \t]*(\d{1,6})/;
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,5}/;
const CHANNEL = /\bchannel[ \t]*=[ \t]*["'](#?[a-z][\w.-]{1,79})["']/i;
const COMMENT = /^[ \t]{0,80}#/;
const ALERT_NAMES: Record<string, string> = { on_failure_callback: 'failure callback', sla_miss_callback: 'SLA-miss callback', on_retry_callback: 'retry callback' };

/** What one DAG file does to watch its data and tell someone; null when it runs no check and tells nobody. */
export function readPipelineMonitoring(path: string, text: string): PipelineMonitor | null {
  if (!/\bDAG\b|@dag\b/.test(text.slice(0, 200_000))) return null;
  const lines = text.split('\n', MAX_LINES);
  let dag: string | null = null;
  let line = 0;
  const checks: string[] = [];
  const alerts: string[] = [];
  const recipients: string[] = [];
  const thresholds: string[] = [];
  const add = (list: string[], value: string) => {
    if (!list.includes(value) && list.length < MAX_ITEMS) list.push(value);
  };
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index];
    if (text.length > 400 || COMMENT.test(text)) continue;
    const id = DAG_ID.exec(text);
    if (id && dag === null) {
      dag = id[1] ?? id[2] ?? id[3];
      line = index + 1;
    } else if (dag === null && DAG_OPEN.test(text)) {
      // `with DAG(` with the id on the next line.
      const next = FIRST_ARGUMENT.exec(lines[index + 1]?.slice(0, 400) ?? '');
      if (next) {
        dag = next[1];
        line = index + 1;
      }
    }
    const operator = CHECK_OPERATOR.exec(text);
    if (operator) add(checks, operator[1]);
    const task = CHECK_TASK.exec(text);
    if (task) add(checks, task[1]);
    const key = ALERT_KEY.exec(text);
    if (key) add(alerts, ALERT_NAMES[key[1]]);
    if (EMAIL_ON_FAILURE.test(text)) add(alerts, 'email on failure');
    const sender = ALERT_OPERATOR.exec(text);
    if (sender) add(alerts, sender[1] ?? sender[2]);
    const sla = SLA.exec(text);
    if (sla) add(thresholds, `sla ${sla[2]} ${sla[1]}`);
    const email = EMAIL.exec(text);
    if (email && /email|mail_to|\bto\b/i.test(text)) add(recipients, email[0]);
    const channel = CHANNEL.exec(text);
    if (channel) add(recipients, channel[1].startsWith('#') ? channel[1] : `#${channel[1]}`);
  }
  if (checks.length === 0 && alerts.length === 0) return null;
  const stem = path.slice(path.lastIndexOf('/') + 1).replace(/\.py$/i, '');
  const name = dag ?? stem;
  const folder = path.slice(0, Math.max(0, path.lastIndexOf('/'))).slice(-300);
  const named = MONITORING_NAME.test(name) || MONITORING_NAME.test(stem) || MONITORING_NAME.test(folder.slice(folder.lastIndexOf('/') + 1));
  // A DAG named for monitoring checks the data it moves; a DAG that only alerts on failure watches its own runs.
  const categories = new Set<WatchCategory>(checks.length > 0 || named ? ['data-quality'] : ['service']);
  return { dag: name, line: line || 1, named, checks, alerts, recipients, thresholds: checks.length > 0 || named ? thresholds : [], categories };
}
