// ai-rag-chat-evaluator (`evaltools`) run configs, `evals/eval_config.json` or `evaluate_config.json`:
// `requested_metrics` on the questions in `testdata_path`. The harness's GPT rating metrics score each answer
// 1-5 and count it as passed at a rating of 4 or more (the `pass_rate` of every run's summary.json), so
// requesting one is a per-answer bar on the named data; its code metrics (latency, answer_length, citation
// counts) are measured without a bar.
import type { CriterionDraft } from './eval-criterion.js';
import { parseJsonObject } from './json.js';
import { failed, parsed, type Parsed } from './result.js';

/** The harness's pass bar for its 1-5 GPT ratings. */
export const RATING_PASS_BAR = 4;
const MAX_METRICS = 50;
const RATING_METRIC = /^gpt_[a-z_]{1,40}$/;

export interface RagEvaluatorConfig {
  dataset: string | null;
  metrics: string[];
  criteria: CriterionDraft[];
}

/** A parsed object is such a config: a list of metric names and the test data (or target) they run on. */
export function isRagEvaluatorConfig(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const metrics = record.requested_metrics;
  return Array.isArray(metrics) && metrics.length > 0 && metrics.every((metric) => typeof metric === 'string') && (typeof record.testdata_path === 'string' || typeof record.target_url === 'string');
}

export function readRagEvaluatorConfig(text: string): Parsed<RagEvaluatorConfig | null> {
  const read = parseJsonObject(text);
  if (!read.ok) return failed(read.error.message, read.error.line, read.error.column);
  if (!isRagEvaluatorConfig(read.value)) return parsed(null);
  const record = read.value;
  const dataset = typeof record.testdata_path === 'string' && record.testdata_path.trim() !== '' ? record.testdata_path.trim().slice(0, 200) : null;
  const metrics = [...new Set((record.requested_metrics as string[]).map((metric) => metric.trim()).filter(Boolean))].slice(0, MAX_METRICS);
  const line = lineOf(text, '"requested_metrics"');
  const criteria = metrics.map(
    (metric): CriterionDraft =>
      RATING_METRIC.test(metric)
        ? { intent: 'criterion', metric, comparator: '>=', threshold: RATING_PASS_BAR, unit: 'rating (1-5)', dataset, dimension: 'generation', line }
        : { intent: 'declared-metric', metric, comparator: null, threshold: null, dataset, line },
  );
  return parsed({ dataset, metrics, criteria });
}

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) return 1;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
