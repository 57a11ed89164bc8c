// Acceptance thresholds written as named constants in evaluation code: `MIN_RECALL = 0.8`,
// `THRESHOLD = 0.75` used as `score >= THRESHOLD` in coherence.rb, `assert ndcg >= THRESHOLD`, and literal
// asserts `assert recall >= 0.8`. Any language with `NAME = number` constants (Python, Ruby, JS/TS, Go,
// Kotlin/Java finals). Also the gates a pipeline step branches on: SageMaker Pipelines condition steps
// (`ConditionGreaterThanOrEqualTo(left=JsonGet(json_path="….accuracy.value"), right=0.8)`) and TFMA value
// thresholds (`GenericValueThreshold(lower_bound={'value': 0.8})`), MLflow-style validation thresholds keyed by
// metric (`{"r2_score": Threshold(threshold=0.5, greater_is_better=True)}`), and champion/challenger gates that
// register a model only when it beats the one in production (`if new_model_mse < production_model_mse:`), a
// threshold relative to that baseline. Pure: text in, criteria out. Every pattern is per line and linear; a
// gate's call is read over a few lines.
import { comparatorFromText } from './criteria-text.js';
import type { Comparator, CriterionDraft } from './eval-criterion.js';
import { looksLikeMetric, metricDirection } from './metric-names.js';
import { notebookCells } from './notebook.js';

const MAX_LINES = 20_000;
const MAX_CRITERIA = 50;

/** `NAME = 0.8`, `const NAME = 0.8`, `NAME: float = 0.8`, `static final double NAME = 0.8;`, `NAME := 0.8`. */
const CONSTANT = /^[ \t]{0,40}(?:(?:export|const|final|static|val|var|let|public|private|double|float|int)[ \t]+){0,5}([A-Z][A-Z0-9_]{1,60})(?:[ \t]*:[ \t]*[A-Za-z][\w.[\]]{0,30})?[ \t]*:?=[ \t]*(-?\d{1,9}(?:\.\d{1,12})?|-?\.\d{1,12})(?![\w.])/;
/** A bar read from the environment with a default: `ACCURACY_THRESHOLD = os.getenv("ACCURACY_THRESHOLD", "0.8")`. */
const ENV_DEFAULT = /^[ \t]{0,40}([A-Z][A-Z0-9_]{1,60})[ \t]*=[ \t]*(?:float\([ \t]*)?os\.(?:getenv|environ\.get)\([ \t]*["'][\w.-]{1,80}["'][ \t]*,[ \t]*["']?(-?\d{0,9}\.?\d{1,12})["']?[ \t]*\)/;
/** DeepEval / RAGAS metric objects: `FaithfulnessMetric(threshold=0.7)`, `RAGASAnswerRelevancyMetric(threshold=0.5)`. */
const METRIC_OBJECT = /\b([A-Z][A-Za-z0-9]{1,60}Metric)\((?:[^()\n]{0,200}?[,( ])?threshold[ \t]{0,4}=[ \t]{0,4}(\d{0,9}\.?\d{1,12})/;
/** A SageMaker Pipelines condition step: `ConditionGreaterThanOrEqualTo(left=JsonGet(… json_path="….accuracy.value"), right=0.8)`. */
const CONDITION_STEP = /\bCondition(GreaterThanOrEqualTo|GreaterThan|LessThanOrEqualTo|LessThan)\(/;
const JSON_PATH = /\bjson_path[ \t]{0,4}=[ \t]{0,4}["']([\w.@[\]-]{1,160})["']/;
const RIGHT_NUMBER = /\bright[ \t]{0,4}=[ \t]{0,4}(-?\d{1,15}(?:\.\d{1,12})?)(?![\w.])/;
/** TFMA `GenericValueThreshold(lower_bound={'value': 0.8})` under `MetricConfig(class_name='BinaryAccuracy')`. */
const TFMA_BOUND = /\b(lower|upper)_bound[ \t]{0,4}=[ \t]{0,4}\{[ \t]{0,4}["']value["'][ \t]{0,4}:[ \t]{0,4}(-?\d{0,9}\.?\d{1,12})[ \t]{0,4}\}/;
const TFMA_CLASS = /\bclass_name[ \t]{0,4}=[ \t]{0,4}["']([A-Za-z][A-Za-z0-9]{1,60})["']/;
/** `"r2_score": metrics.Threshold(threshold=0.5, greater_is_better=True)`, MLflow `MetricThreshold(threshold=0.8)`. */
const KEYED_THRESHOLD = /["']([\w@.-]{1,60})["'][ \t]{0,4}:[ \t]{0,4}(?:\w{1,40}\.){0,3}(?:Metric|Validation)?Threshold\((?:[^()\n]{0,200}?[,( ])?threshold[ \t]{0,4}=[ \t]{0,4}(-?\d{0,9}\.?\d{1,12})/;
const GREATER_IS_BETTER = /\bgreater_is_better[ \t]{0,4}=[ \t]{0,4}(True|False|true|false)\b/;
/** Two names compared (`new_model_mse < production_model_mse`, `metrics["auc"] > champion_auc`). */
const NAME_COMPARISON = /\b([A-Za-z_][\w.]{0,60}(?:\[["'][\w@.-]{1,40}["']\])?)[ \t]{0,4}(<=|>=|<|>)[ \t]{0,4}([A-Za-z_][\w.]{0,60}(?:\[["'][\w@.-]{1,40}["']\])?)/;
const TEST_FILE = /(?:^|\/)(?:tests?|spec|__tests__)\/|(?:^|\/)test_[^/]*$|[-_.](?:test|spec)\.[a-z]+$/i;
/** Words that name the model being judged, and the model it must beat. */
const CHALLENGER_WORDS = new Set(['new', 'candidate', 'challenger', 'trained', 'latest', 'retrained', 'fresh']);
const CHAMPION_WORDS = new Set(['production', 'prod', 'champion', 'deployed', 'registered', 'baseline', 'incumbent', 'previous', 'old', 'current', 'best', 'served', 'serving']);
/** How far a gate's parts may be spread over the lines of one call. */
const GATE_WINDOW = 14;
const SAGEMAKER_COMPARATOR: Record<string, Comparator> = { GreaterThanOrEqualTo: '>=', GreaterThan: '>', LessThanOrEqualTo: '<=', LessThan: '<' };
/** Model-quality metrics: in a configuration module only these make a named bar an acceptance criterion. */
const QUALITY_METRIC = /(?:^|_)(?:accuracy|recall|precision|f1|auc|auroc|auprc|ndcg|map|mrr|rms|rmse|mae|mad|mape|r2|logloss)(?:_|$)/;

/** A model-quality metric (`r2_score`, `ndcg@10`, `binary_accuracy`), not a retrieval cutoff or a size. */
export function isModelQualityMetric(name: string): boolean {
  return QUALITY_METRIC.test(name.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 100));
}
/** `assert recall >= 0.8`, `expect(ndcg).toBeGreaterThanOrEqual(0.8)` is left to the test check. */
const LITERAL_ASSERT = /^[ \t]{0,40}assert[ \t]+(?:\([ \t]*)?([A-Za-z_][\w.]{0,60}(?:\[["'][\w@.-]{1,40}["']\])?)[ \t]*(>=|<=|>|<)[ \t]*(-?\d{0,9}\.?\d{1,12})(?![\w.])/;
/** Words that make a constant a bar; RETRIES, TOKENS, LENGTH and the like are not. */
const BAR_WORDS = new Set(['MIN', 'MINIMUM', 'MAX', 'MAXIMUM', 'THRESHOLD', 'THRESHOLDS', 'TARGET', 'FLOOR', 'CEILING', 'GATE', 'BAR', 'ACCEPTANCE', 'ACCEPTABLE', 'PASS', 'PASSING', 'REQUIRED']);
const LOWER_BOUND = new Set(['MIN', 'MINIMUM', 'FLOOR']);
const UPPER_BOUND = new Set(['MAX', 'MAXIMUM', 'CEILING']);
/** Names that are only the bar: the metric then comes from the comparison or the file ("coherence.rb"). */
const GENERIC = new Set(['SCORE', 'DEFAULT', 'EVAL', 'EVALUATION', 'METRIC', 'QUALITY', 'VALUE', 'LEVEL', 'RESULT', 'RATE']);
/** LLM-judge metrics metric-names.ts does not list as tokens. */
const JUDGE_METRIC = /coheren|grounded|fluen|helpful|harmful|relevan|faithful|correctness|toxic|hallucinat|context_precision|context_recall/i;

function isMetricName(text: string): boolean {
  return looksLikeMetric(text) || JUDGE_METRIC.test(text);
}

/**
 * Criteria from named threshold constants and literal asserts of one evaluation source file. A
 * `configuration` module (config.py) holds every kind of constant: only bars on model-quality metrics count.
 */
export function readThresholdConstants(path: string, text: string, options: { configuration?: boolean } = {}): CriterionDraft[] {
  const lines = text.split('\n', MAX_LINES);
  const fileMetric = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  const drafts: CriterionDraft[] = [];
  const inTests = TEST_FILE.test(path);
  for (let index = 0; index < lines.length && drafts.length < MAX_CRITERIA; index++) {
    const line = lines[index];
    if (line.length > 400) continue;
    // Gates a pipeline step branches on are criteria in any file that holds them.
    const gate = pipelineGate(lines, index);
    if (gate) {
      if (!drafts.some((known) => known.metric === gate.metric && known.threshold === gate.threshold)) drafts.push(gate);
      continue;
    }
    // A test's parameters exercise the gate (thresholds of -1 and 100 to see it pass and fail); they set no bar.
    const keyed = inTests ? null : KEYED_THRESHOLD.exec(line);
    if (keyed) {
      const draft = fromKeyedThreshold(keyed[1], Number(keyed[2]), line, index + 1);
      if (draft && (!options.configuration || isModelQualityMetric(draft.metric))) drafts.push(draft);
      continue;
    }
    const challenge = inTests ? null : NAME_COMPARISON.exec(line);
    const relative = challenge ? championChallenger(challenge[1], challenge[2], challenge[3], index + 1) : null;
    if (relative) {
      if (!drafts.some((known) => known.metric === relative.metric && known.baseline === relative.baseline) && (!options.configuration || isModelQualityMetric(relative.metric))) drafts.push(relative);
      continue;
    }
    const constant = CONSTANT.exec(line) ?? ENV_DEFAULT.exec(line);
    if (constant) {
      const draft = fromConstant(constant[1], Number(constant[2]), lines, fileMetric, index + 1);
      if (draft && (!options.configuration || isModelQualityMetric(draft.metric))) drafts.push(draft);
      continue;
    }
    if (options.configuration) continue;
    const object = METRIC_OBJECT.exec(line);
    if (object) {
      const draft = fromMetricObject(object[1], Number(object[2]), index + 1);
      if (draft && !drafts.some((known) => known.metric === draft.metric && known.threshold === draft.threshold)) drafts.push(draft);
      continue;
    }
    const literal = LITERAL_ASSERT.exec(line);
    if (literal && isMetricName(lastName(literal[1]))) {
      const comparator = comparatorFromText(literal[2]);
      const threshold = Number(literal[3]);
      if (comparator && Number.isFinite(threshold)) drafts.push({ intent: 'criterion', metric: lastName(literal[1]), comparator, threshold, dataset: null, line: index + 1 });
    }
  }
  return drafts;
}

function fromConstant(name: string, value: number, lines: readonly string[], fileMetric: string, line: number): CriterionDraft | null {
  if (!Number.isFinite(value)) return null;
  const words = name.split('_').filter(Boolean);
  const bars = words.filter((word) => BAR_WORDS.has(word));
  if (bars.length === 0) return null;
  const rest = words.filter((word) => !BAR_WORDS.has(word) && !GENERIC.has(word));
  const usage = comparisonUsing(name, lines);
  let metric: string | null = null;
  if (rest.length > 0) {
    const named = rest.join('_').toLowerCase();
    if (!isMetricName(named)) return null; // MAX_RETRIES, MIN_CHUNK_SIZE: a bar, but not on a metric
    metric = named;
  } else {
    // `score >= THRESHOLD` in coherence.rb: a generic variable leaves the metric to the file's name.
    const variable = usage?.variable && isMetricName(usage.variable) ? usage.variable : null;
    const generic = variable !== null && GENERIC.has(variable.toUpperCase());
    if (variable && !generic) metric = variable;
    else if (isMetricName(fileMetric)) metric = fileMetric;
    else metric = variable;
  }
  if (!metric) return null;
  let comparator: Comparator | null = usage?.comparator ?? null;
  let inferred = false;
  if (!comparator && bars.some((word) => LOWER_BOUND.has(word))) comparator = '>=';
  if (!comparator && bars.some((word) => UPPER_BOUND.has(word))) comparator = '<=';
  if (!comparator) {
    const direction = metricDirection(metric) ?? (JUDGE_METRIC.test(metric) ? (/toxic|hallucinat|harmful/i.test(metric) ? 'lower' : 'higher') : null);
    if (!direction) return null;
    comparator = direction === 'higher' ? '>=' : '<=';
    inferred = true;
  }
  return { intent: 'criterion', metric, comparator, threshold: value, dataset: null, line, ...(inferred ? { comparatorInferred: true } : {}) };
}

/** `score >= THRESHOLD`, `THRESHOLD <= ndcg`, `self.class::THRESHOLD`: the comparison and the compared name. */
function comparisonUsing(name: string, lines: readonly string[]): { comparator: Comparator; variable: string | null } | null {
  const before = new RegExp(`([A-Za-z_][\\w.]{0,60})[ \\t]{0,8}(>=|<=|>|<)[ \\t]{0,8}(?:[\\w.]{0,40}(?:::|\\.))?${name}(?![\\w])`);
  const after = new RegExp(`(?<![\\w])${name}[ \\t]{0,8}(>=|<=|>|<)[ \\t]{0,8}([A-Za-z_][\\w.]{0,60})`);
  for (const line of lines) {
    if (line.length > 400 || !line.includes(name)) continue;
    const left = before.exec(line);
    if (left) {
      const comparator = comparatorFromText(left[2]);
      if (comparator) return { comparator, variable: lastName(left[1]) };
    }
    const right = after.exec(line);
    if (right) {
      const flipped = comparatorFromText(flip(right[1]));
      if (flipped) return { comparator: flipped, variable: lastName(right[2]) };
    }
  }
  return null;
}

/** A SageMaker condition step or a TFMA value threshold starting on this line, with its metric and number. */
function pipelineGate(lines: readonly string[], index: number): CriterionDraft | null {
  const line = lines[index];
  const step = CONDITION_STEP.exec(line);
  if (step) {
    const call = lines.slice(index, index + GATE_WINDOW).filter((part) => part.length <= 400).join('\n');
    const path = JSON_PATH.exec(call);
    const right = RIGHT_NUMBER.exec(call);
    const metric = path ? metricOfJsonPath(path[1]) : null;
    if (!metric || !right || !Number.isFinite(Number(right[1]))) return null;
    return { intent: 'criterion', metric, comparator: SAGEMAKER_COMPARATOR[step[1]], threshold: Number(right[1]), dataset: null, line: index + 1 };
  }
  const bound = TFMA_BOUND.exec(line);
  if (bound) {
    let metric: string | null = null;
    for (let back = index; back >= 0 && back > index - GATE_WINDOW && metric === null; back--) {
      const named = lines[back].length <= 400 ? TFMA_CLASS.exec(lines[back]) : null;
      if (named) metric = named[1].replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    }
    if (!metric || !isMetricName(metric) || !Number.isFinite(Number(bound[2]))) return null;
    return { intent: 'criterion', metric, comparator: bound[1] === 'lower' ? '>=' : '<=', threshold: Number(bound[2]), dataset: null, line: index + 1 };
  }
  return null;
}

/** `binary_classification_metrics.accuracy.value` -> `accuracy`: the last segment that names a metric. */
function metricOfJsonPath(path: string): string | null {
  const segments = path.split(/[.[\]]+/).filter(Boolean).reverse();
  return segments.find((segment) => segment !== 'value' && isMetricName(segment)) ?? null;
}

/** A validation threshold keyed by its metric; `greater_is_better` gives the direction, else the metric's name does. */
function fromKeyedThreshold(metric: string, threshold: number, line: string, lineNumber: number): CriterionDraft | null {
  if (!Number.isFinite(threshold) || !isMetricName(metric)) return null;
  const better = GREATER_IS_BETTER.exec(line);
  if (better) return { intent: 'criterion', metric, comparator: /^t/i.test(better[1]) ? '>=' : '<=', threshold, dataset: null, line: lineNumber };
  const direction = metricDirection(metric);
  if (!direction) return null;
  return { intent: 'criterion', metric, comparator: direction === 'higher' ? '>=' : '<=', threshold, dataset: null, line: lineNumber, comparatorInferred: true };
}

/**
 * `new_model_mse < production_model_mse`: the same metric of the model being judged and of the model it must beat.
 * The bar is relative: a margin of 0 against the baseline, which `baseline` names.
 */
function championChallenger(left: string, operator: string, right: string, line: number): CriterionDraft | null {
  const words = (expression: string) => expression.toLowerCase().split(/[^a-z0-9@]+/).filter(Boolean);
  const leftWords = words(left);
  const rightWords = words(right);
  const role = (list: string[]) => (list.some((word) => CHALLENGER_WORDS.has(word)) ? 'challenger' : list.some((word) => CHAMPION_WORDS.has(word)) ? 'champion' : null);
  const leftRole = role(leftWords);
  const rightRole = role(rightWords);
  if (!leftRole || !rightRole || leftRole === rightRole) return null;
  const metric = leftWords.find((word) => rightWords.includes(word) && !CHALLENGER_WORDS.has(word) && !CHAMPION_WORDS.has(word) && word !== 'model' && looksLikeMetric(word));
  if (!metric) return null;
  const written = comparatorFromText(leftRole === 'challenger' ? operator : flip(operator));
  if (!written) return null;
  return { intent: 'criterion', metric, comparator: written, threshold: 0, baseline: leftRole === 'challenger' ? right : left, dataset: null, line };
}

function flip(operator: string): string {
  return operator.includes('>') ? operator.replace('>', '<') : operator.replace('<', '>');
}

function lastName(expression: string): string {
  const bracket = /\[["']([\w@.-]{1,40})["']\]$/.exec(expression);
  if (bracket) return bracket[1];
  return expression.slice(expression.lastIndexOf('.') + 1);
}

/** `RAGASContextualRecallMetric` -> `contextual_recall`; DeepEval passes a score at or above the threshold, except for harms. */
function fromMetricObject(className: string, threshold: number, line: number): CriterionDraft | null {
  if (!Number.isFinite(threshold)) return null;
  const bare = className.replace(/Metric$/, '').replace(/^(?:RAGAS|Ragas|DeepEval|GEval)(?=[A-Z])/, '');
  const metric = bare.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (!metric || !isMetricName(metric) && !/bias|toxic/.test(metric)) return null;
  const comparator: Comparator = /bias|toxic|hallucinat|harm|leakage/.test(metric) ? '<=' : '>=';
  return { intent: 'criterion', metric, comparator, threshold, dataset: null, line };
}

/** The code cells of a Jupyter notebook, joined (outputs and markdown left out); null when it is not one. */
export function notebookCode(text: string): string | null {
  const cells = notebookCells(text);
  if (!cells) return null;
  return cells
    .slice(0, 2000)
    .filter((cell) => cell.type === 'code')
    .map((cell) => cell.source)
    .join('\n');
}
