// What a piece of monitoring text (an alert rule, a config, a runbook or model-card section) says:
// what it watches, which numeric thresholds it sets, who gets told, and what triggers retraining.
// Pure; every regex is linear (fixed alternations, bounded classes) and input is capped.

export type WatchCategory = 'drift' | 'predictions' | 'performance' | 'data-quality' | 'service';

/** The categories that say the model (not just the service) is watched. */
export const MODEL_CATEGORIES: readonly WatchCategory[] = ['drift', 'predictions', 'performance', 'data-quality'];

export interface MonitoringSignals {
  watched: Set<WatchCategory>;
  /** Phrases that set a number against something ("PSI > 0.2", "drops below 0.55", "p95 above 150 ms"). */
  thresholds: string[];
  /** Named recipients: Slack channels, e-mail addresses, @handles, named rotations or receivers. */
  recipients: string[];
  /** Someone is alerted, but not named ("the on-call engineer is paged"). */
  genericRecipient: boolean;
  /** The sentence that says what triggers retraining, when there is one. */
  retrainingTrigger: string | null;
}

const MAX_TEXT = 200_000;

const CATEGORY_PATTERNS: Array<[WatchCategory, RegExp]> = [
  ['drift', /\bdrift|\bpsi\b|population stability|kolmogorov|\bks[_ -]?(test|stat)|wasserstein|jensen|kl[_ -]divergence|chi[- ]?squared?|feature distribution|input distribution|covariate shift|distribution shift|stattest/i],
  ['predictions', /prediction|predicted|score distribution|positive rate|output distribution|\by_pred|scores? (mean|share|rate)|mean score/i],
  ['performance', /pr[-_ ]?auc|roc[-_ ]?auc|\bauc\b|precision|recall|accuracy|\bf1\b|\brmse\b|\bmae\b|\bmape\b|log[-_ ]?loss|calibration|model performance|performance (drop|degrad|estimat)|\bcbpe\b|lift\b/i],
  ['data-quality', /null|missing values?|missing rate|schema|freshness|stale|row count|row volume|data volume|record count|data quality|expectation|validation failure|out[- ]of[- ]range|great[_ ]expectations/i],
  ['service', /latency|p9[59]\b|error rate|5xx|http_requests|throughput|availability|uptime|\bcpu\b|memory|oom|restarts?\b|request duration|\bslo\b|\btrac(?:es|ing)\b|exceptions?\b|server errors?|application insights|azure monitor|container insights|cloudwatch|error tracking|\bsentry\b|\bapm\b/i],
];

const THRESHOLD = /(?:>=|<=|==|!=|≥|≤|>|<|\babove\b|\bbelow\b|\bexceeds?\b|\bexceeding\b|\bover\b|\bunder\b|\bmore than\b|\bless than\b|\bat least\b|\bat most\b|\bdrops? (?:below|under|by)\b|\bfalls? (?:below|under)\b|\brises? above\b|\bgreater than\b|\blower than\b|\bhigher than\b)\s{0,3}-?\d+(?:\.\d+)?\s{0,2}(?:%|ms\b|s\b|h\b|pp\b|points\b)?/gi;
const THRESHOLD_KEY = /threshold|drift_share|psi|p_?value|alpha\b|min_value|max_value|mostly|tolerance|upper|lower|limit|bound|max_|min_/i;
const CHANNEL = /(?:^|[\s(,;:'"`])#([a-z][a-z0-9._-]{1,79})/gi;
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,5}/g;
const HANDLE = /(?:^|[\s(,;])@([a-z][a-z0-9_-]{1,38})\b/gi;
const GENERIC_RECIPIENT = /on-?call|rotation|pagerduty|opsgenie|\bpager\b|\bpaged?\b|slack|teams channel|notif(y|ies|ication)/i;
const RETRAIN = /re-?train|model refresh|refit/i;
const RETRAIN_TRIGGER = /monthly|weekly|quarterly|nightly|daily|every\s{1,3}\d{1,3}\s{1,3}(?:days?|weeks?|months?)|\bcron\b|schedul|trigger|\bwhen\b|\bif\b|\bonce\b|\bafter\b|exceed|drops?\b|falls?\b/i;

export function readMonitoringSignals(input: string): MonitoringSignals {
  const text = input.length > MAX_TEXT ? input.slice(0, MAX_TEXT) : input;
  const watched = new Set<WatchCategory>();
  for (const [category, pattern] of CATEGORY_PATTERNS) if (pattern.test(text)) watched.add(category);
  const thresholds = unique([...text.matchAll(THRESHOLD)].map((match) => contextOf(text, match.index ?? 0, match[0])));
  const recipients = unique([
    ...[...text.matchAll(CHANNEL)].filter((match) => !/^[0-9a-f]{3,8}$/i.test(match[1])).map((match) => `#${match[1].replace(/(?<![._-])[._-]+$/, '')}`),
    ...[...text.matchAll(EMAIL)].map((match) => match[0]),
    ...[...text.matchAll(HANDLE)].map((match) => `@${match[1]}`),
  ]);
  return { watched, thresholds, recipients, genericRecipient: GENERIC_RECIPIENT.test(text), retrainingTrigger: retrainingTrigger(text) };
}

/** Categories one alert or metric name/expression falls in (`churn_feature_psi` -> drift). */
export function categoriesOf(text: string): Set<WatchCategory> {
  return readMonitoringSignals(text).watched;
}

/** True when a key names a threshold-like setting (`drift_share`, `stattest_threshold`, `mostly`). */
export function isThresholdKey(key: string): boolean {
  return THRESHOLD_KEY.test(key);
}

/** The first sentence (or line) that names retraining together with what starts it. */
function retrainingTrigger(text: string): string | null {
  let start = 0;
  let checked = 0;
  while (start < text.length && checked < 5000) {
    checked++;
    let end = start;
    while (end < text.length && text[end] !== '\n' && !(text[end] === '.' && /\s/.test(text[end + 1] ?? ' '))) end++;
    const sentence = text.slice(start, end).trim();
    if (RETRAIN.test(sentence) && RETRAIN_TRIGGER.test(sentence)) return sentence.length > 200 ? sentence.slice(0, 197) + '…' : sentence;
    start = end + 1;
  }
  return null;
}

/** A short phrase around a threshold so evidence reads "PSI > 0.2", not just "> 0.2". */
function contextOf(text: string, index: number, match: string): string {
  let from = index;
  let words = 0;
  while (from > 0 && words < 3 && !/[\n|.;:(]/.test(text[from - 1]) && index - from < 40) {
    from--;
    if (text[from] === ' ' && text[from + 1] !== ' ') words++;
  }
  return text.slice(from, index + match.length).replace(/\s+/g, ' ').trim();
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
