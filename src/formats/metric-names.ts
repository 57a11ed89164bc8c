// Metric names as people and trackers write them ("PR-AUC", "auprc", "Recall @ 0.35", "p95 latency"),
// reduced to one key so criteria from different files, and a tracker's logged metrics, can be compared.

const MAX_NAME = 200;

/** Spellings of the same metric, keyed by the canonical key. */
const ALIASES: Record<string, readonly string[]> = {
  pr_auc: ['pr_auc', 'auprc', 'auc_pr', 'aupr', 'aucpr', 'pr_auc_score', 'average_precision', 'average_precision_score', 'ap', 'area_under_precision_recall_curve', 'area_under_the_precision_recall_curve', 'precision_recall_auc'],
  roc_auc: ['roc_auc', 'auroc', 'auc_roc', 'auc', 'roc_auc_score', 'area_under_roc_curve', 'area_under_the_roc_curve', 'rocauc'],
  f1: ['f1', 'f1_score', 'f_1', 'f1score', 'f_score', 'f_measure'],
  accuracy: ['accuracy', 'acc', 'accuracy_score'],
  ece: ['ece', 'expected_calibration_error', 'calibration_ece', 'calibration_error', 'calibration'],
  brier: ['brier', 'brier_score', 'brier_score_loss'],
  log_loss: ['log_loss', 'logloss', 'cross_entropy', 'nll', 'binary_logloss'],
  latency_p50: ['p50_latency', 'latency_p50', 'median_latency', 'p50'],
  latency_p90: ['p90_latency', 'latency_p90', 'p90'],
  latency_p95: ['p95_latency', 'latency_p95', 'p95', '95th_percentile_latency', 'latency_95th_percentile', 'p95_response_time', 'response_time_p95'],
  latency_p99: ['p99_latency', 'latency_p99', 'p99', '99th_percentile_latency', 'p99_response_time'],
  rmse: ['rmse', 'root_mean_squared_error'],
  mae: ['mae', 'mean_absolute_error'],
  mape: ['mape', 'mean_absolute_percentage_error'],
  r2: ['r2', 'r_squared', 'r2_score'],
  exact_match: ['exact_match', 'em'],
};
const ALIAS_TO_KEY = new Map<string, string>();
for (const [key, spellings] of Object.entries(ALIASES)) for (const spelling of spellings) ALIAS_TO_KEY.set(spelling, key);

/** Word pieces that mark text as naming a metric. */
const METRIC_TOKENS = new Set([
  'auc', 'roc', 'auroc', 'auprc', 'pr', 'ap', 'precision', 'recall', 'f1', 'accuracy', 'acc', 'latency', 'throughput', 'qps', 'rps',
  'ece', 'calibration', 'brier', 'loss', 'logloss', 'rmse', 'mae', 'mape', 'mse', 'smape', 'r2', 'ndcg', 'map', 'mrr', 'lift', 'gini',
  'ks', 'bleu', 'rouge', 'meteor', 'wer', 'cer', 'perplexity', 'faithfulness', 'relevance', 'relevancy', 'toxicity', 'hallucination',
  'error', 'fpr', 'tpr', 'fnr', 'tnr', 'specificity', 'sensitivity', 'coverage', 'gap', 'disparity', 'parity', 'p50', 'p90', 'p95',
  'p99', 'psi', 'drift', 'cost', 'memory', 'uptime', 'availability', 'iou', 'dice', 'mcc', 'kappa', 'hit', 'exact', 'em', 'rate',
  'score', 'fairness', 'response', 'time', 'accurate', 'correctness', 'rubric', 'similarity', 'levenshtein',
]);

/** Metrics where lower is better (checked before the others: a "recall gap" is lower-is-better). */
const LOWER_IS_BETTER = new Set([
  'latency', 'p50', 'p90', 'p95', 'p99', 'loss', 'logloss', 'error', 'ece', 'brier', 'rmse', 'mae', 'mse', 'mape', 'smape', 'gap',
  'disparity', 'fpr', 'fnr', 'cost', 'time', 'drift', 'psi', 'wer', 'cer', 'perplexity', 'hallucination', 'toxicity', 'memory',
  'levenshtein', 'calibration', 'nll', 'difference', 'degradation', 'drop',
]);

/** Canonical key for a metric name: lowercase, underscores, known spellings merged, operating-point suffix dropped. */
export function canonicalMetric(name: string): string {
  let text = name.normalize('NFKC').toLowerCase().slice(0, MAX_NAME).replace(/\u2212/g, '-').trim();
  // "Recall @ 0.35", "recall at threshold 0.35": the operating point is not part of the metric's identity.
  text = text.replace(/(?<!\s)\s*(?:@|\bat\b)\s*(?:the\s+)?(?:operating\s+)?(?:decision\s+)?(?:(?:threshold|cut-?off)\s*)?(?:of\s+)?0?\.\d+\s*$/, '');
  const inner = /\(([^()]{1,80})\)/.exec(text)?.[1];
  const base = text.replace(/\([^()]*\)/g, ' ').trim();
  if (inner) {
    const innerKey = ALIAS_TO_KEY.get(toKey(inner));
    if (innerKey) return innerKey;
  }
  const key = toKey(base || text);
  return ALIAS_TO_KEY.get(key) ?? key;
}

function toKey(text: string): string {
  return text
    .replace(/@/g, ' at ')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|(?<!_)_+$/g, '');
}

function tokens(text: string): string[] {
  return toKey(text.normalize('NFKC').toLowerCase().slice(0, MAX_NAME)).split('_').filter(Boolean);
}

/** True when the text names something measurable (used to tell "PR-AUC >= 0.7" from "n = 48,000"). */
export function looksLikeMetric(text: string): boolean {
  const key = canonicalMetric(text);
  if (ALIASES[key]) return true;
  return tokens(text).some((token) => METRIC_TOKENS.has(token));
}

/** Which way is better for a metric, or null when the name does not say. */
export function metricDirection(name: string): 'higher' | 'lower' | null {
  const key = canonicalMetric(name);
  const parts = key.split('_');
  if (key.startsWith('latency_') || parts.some((part) => LOWER_IS_BETTER.has(part))) return 'lower';
  return looksLikeMetric(name) ? 'higher' : null;
}
