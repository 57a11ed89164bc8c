// Which quality dimension a criterion covers: a receiver wants more than one (ranking quality, calibration,
// latency, fairness across a slice), because a model can win on one and fail the business on another.
import { QUALITY_DIMENSIONS, type QualityDimension } from './model.js';

const RULES: ReadonlyArray<[QualityDimension, RegExp]> = [
  ['fairness', /\b(?:gap|disparity|parity|fairness|equal(?:ized|ised)?_?(?:opportunity|odds)|demographic|disparate|bias)\b/],
  ['calibration', /\b(?:ece|brier|calibration|log_loss|logloss|nll|reliability)\b/],
  ['serving', /\b(?:latency(?:_p\d+)?|p50|p90|p95|p99|throughput|qps|rps|response|memory|cost|uptime|availability|inference|time)\b/],
  ['safety', /\b(?:toxicity|hallucination|jailbreak|harmful|pii|refusal)\b/],
  ['robustness', /\b(?:robust(?:ness)?|adversarial|perturbation|noise|drift|psi|stability)\b/],
  ['ranking', /\b(?:pr_auc|roc_auc|auc|ndcg|map|mrr|lift|gini|ks|hit_rate|average_precision|top|decile|at_k|precision_at_\w+|recall_at_\w+)\b/],
  ['regression', /\b(?:rmse|mae|mape|mse|smape|r2|wape)\b/],
  ['generation', /\b(?:bleu|rouge\w*|meteor|exact_match|faithfulness|relevance|relevancy|rubric|similar(?:ity)?|wer|cer|perplexity|assertion|pass_rate|correctness|bertscore)\b/],
  ['classification', /\b(?:precision|recall|f1|accuracy|specificity|sensitivity|tpr|fpr|fnr|tnr|mcc|kappa|error_rate|balanced_accuracy)\b/],
];

const KNOWN = new Set<string>(QUALITY_DIMENSIONS);

export function isQualityDimension(value: string | undefined): value is QualityDimension {
  return value !== undefined && KNOWN.has(value);
}

/**
 * Classifies by the metric key's words (underscores read as word breaks); a criterion on a named segment that
 * is not a gap between segments counts as segment performance.
 */
export function qualityDimension(metricKey: string, slice?: string): QualityDimension {
  const words = metricKey.replace(/_/g, ' ');
  // Keys like pr_auc / latency_p95 are matched whole as well as word by word.
  const subject = `${metricKey} ${words}`;
  for (const [dimension, pattern] of RULES) {
    if (!pattern.test(subject)) continue;
    if (slice && dimension !== 'fairness' && dimension !== 'serving') return 'segment';
    return dimension;
  }
  return slice ? 'segment' : 'other';
}
