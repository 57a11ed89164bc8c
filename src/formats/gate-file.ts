// Acceptance gates kept in a YAML or JSON config under a name of its own (`configs/gates.yaml`,
// `thresholds.yml`, `quality_gates.json`), in the shapes vendors write:
//   ranking: { ndcg@10: ">= 0.80" }          metric: comparator-and-number as text
//   min_recall: 0.8 / recall: { min: 0.8 }    metric with a bound in its key or a min/max mapping
//   - { metric: recall, op: ">=", threshold: 0.8, dataset: test }   a list of gate entries
//   gates: { recall: 0.8 }                    a bare number under a gate heading: direction from the metric
// Pure: text in, criteria out (with the line of each gate).
import { comparatorFromText, parseThreshold } from './criteria-text.js';
import type { Comparator, CriterionDraft } from './eval-criterion.js';
import { looksLikeMetric, metricDirection } from './metric-names.js';
import type { Parsed } from './result.js';
import { startsWithTodo } from './placeholders.js';
import { ACCEPTANCE, speaks } from './vocabulary.js';
import { parseYamlLocated } from './yaml-located.js';

/** Config files named for gates and thresholds (any folder). */
export const GATE_FILE = /(?:^|\/)(?:(?:quality|eval|evaluation|model|release|promotion|acceptance|metric|metrics)[-_])?(?:gates?|thresholds?|acceptance(?:[-_](?:criteria|thresholds|gates))?|promotion[-_]criteria|release[-_]criteria)\.(?:ya?ml|json)$/i;

const MAX_NODES = 5000;
const MAX_DEPTH = 8;
const MAX_CRITERIA = 200;
const DATASET_KEYS = ['dataset', 'eval_set', 'evaluation_set', 'data', 'split', 'test_set'];
const THRESHOLD_KEYS = ['threshold', 'value', 'target', 'min', 'minimum', 'max', 'maximum', 'gte', 'lte', 'gt', 'lt'];
const BOUND_KEY: Record<string, Comparator> = { min: '>=', minimum: '>=', gte: '>=', gt: '>', max: '<=', maximum: '<=', lte: '<=', lt: '<' };

type Path = Array<string | number>;

/**
 * `named`: the file is named for gates, so a bare number on a metric key is a bar; in any other config
 * only bounds in the key (`min_recall`), `{min: …}`, comparators in text and gate entries count.
 */
export function readGateFile(text: string, options: { named?: boolean } = {}): Parsed<CriterionDraft[]> {
  const parsed = parseYamlLocated(text);
  if (!parsed.ok) return parsed;
  const { value, locate } = parsed.value;
  const drafts: CriterionDraft[] = [];
  let nodes = 0;
  const lineOf = (path: Path) => locate(path, true)?.line ?? locate(path)?.line ?? 1;

  const visit = (node: unknown, path: Path, underGate: boolean, dataset: string | null): void => {
    if (++nodes > MAX_NODES || path.length > MAX_DEPTH || drafts.length >= MAX_CRITERIA) return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index], underGate, dataset));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const here = datasetOf(record) ?? dataset;
    const entry = gateEntry(record, here);
    if (entry) {
      drafts.push({ ...entry, line: lineOf(path) });
      return;
    }
    for (const [key, child] of Object.entries(record)) {
      const at = [...path, key];
      const draft = gateFromKey(key, child, underGate, here);
      if (draft) drafts.push({ ...draft, line: lineOf(at) });
      else visit(child, at, underGate || speaks(ACCEPTANCE, key), here);
    }
  };
  visit(value, [], options.named ?? true, null);
  return { ok: true, value: drafts };
}

/** `{metric: recall, op: ">=", threshold: 0.8, dataset: test}`. */
function gateEntry(record: Record<string, unknown>, dataset: string | null): Omit<CriterionDraft, 'line'> | null {
  const metricKey = Object.keys(record).find((key) => /^(?:[a-z]+[-_])?metric(?:[-_]name)?$/i.test(key));
  const metric = text(record.metric) ?? text(record.name) ?? (metricKey ? text(record[metricKey]) : null);
  if (!metric || !looksLikeMetric(metric)) return null;
  // `acceptance_metric: r2_score` with `acceptance_threshold_min: 0.42` beside it.
  for (const [key, raw] of Object.entries(record)) {
    const bound = /(?:^|[-_])(?:threshold[-_])?(min|max|minimum|maximum)$|^(min|max|minimum|maximum)[-_]threshold$/i.exec(key);
    if (!bound || !/threshold|accept/i.test(key) || typeof raw !== 'number' || !Number.isFinite(raw)) continue;
    const comparator = BOUND_KEY[(bound[1] ?? bound[2]).toLowerCase()];
    if (comparator === '<=' && raw === 1 && record[key.replace(/max(imum)?$/i, 'min')] !== undefined) continue; // an upper bound of 1.0 only closes a range
    return { intent: 'criterion', metric, comparator, threshold: raw, dataset };
  }
  const operator = text(record.op) ?? text(record.operator) ?? text(record.comparison) ?? text(record.comparator);
  for (const key of THRESHOLD_KEYS) {
    const raw = record[key];
    const bound = typeof raw === 'number' ? { comparator: null, threshold: raw } : typeof raw === 'string' ? parseThreshold(raw) : null;
    if (!bound || !Number.isFinite(bound.threshold)) continue;
    const comparator = (operator ? comparatorFromText(operator) : null) ?? bound.comparator ?? BOUND_KEY[key] ?? directionOf(metric);
    if (!comparator) return null;
    return { intent: 'criterion', metric, comparator, threshold: bound.threshold, dataset, ...(!operator && !bound.comparator && !BOUND_KEY[key] ? { comparatorInferred: true } : {}) };
  }
  return null;
}

/** `ndcg@10: ">= 0.80"`, `min_recall: 0.8`, `recall: {min: 0.8}`, or `recall: 0.8` under a gate heading. */
function gateFromKey(key: string, value: unknown, underGate: boolean, dataset: string | null): Omit<CriterionDraft, 'line'> | null {
  const bound = /^(min|max|minimum|maximum)[-_](.{1,80})$|^(.{1,80})[-_](min|max|minimum|maximum|threshold)$/i.exec(key);
  const metric = bound ? (bound[2] ?? bound[3]) : key;
  if (!looksLikeMetric(metric)) return null;
  const keyed = bound ? BOUND_KEY[(bound[1] ?? bound[4]).toLowerCase()] ?? null : null;
  if (typeof value === 'string') {
    if (startsWithTodo(value)) return null;
    const parsed = parseThreshold(value);
    if (!parsed || !parsed.comparator || parsed.comparator === 'between') return null;
    return { intent: 'criterion', metric, comparator: parsed.comparator, threshold: parsed.threshold, dataset };
  }
  if (typeof value === 'number' && Number.isFinite(value) && (keyed || underGate || bound)) {
    const comparator = keyed ?? directionOf(metric);
    if (!comparator) return null;
    return { intent: 'criterion', metric, comparator, threshold: value, dataset, ...(keyed ? {} : { comparatorInferred: true }) };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const [boundKey, comparator] of Object.entries(BOUND_KEY)) {
      const raw = record[boundKey];
      if (typeof raw === 'number' && Number.isFinite(raw)) return { intent: 'criterion', metric, comparator, threshold: raw, dataset: datasetOf(record) ?? dataset };
    }
  }
  return null;
}

function directionOf(metric: string): Comparator | null {
  const direction = metricDirection(metric);
  return direction === 'higher' ? '>=' : direction === 'lower' ? '<=' : null;
}

function datasetOf(record: Record<string, unknown>): string | null {
  for (const key of DATASET_KEYS) {
    const value = text(record[key]);
    if (value) return value;
  }
  return null;
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' || startsWithTodo(trimmed) ? null : trimmed.slice(0, 200);
}
