// OpenAI evals registry YAML (evals/registry/evals/*.yaml): an alias entry `name: {id, description,
// metrics: [accuracy]}` points at an id entry `name.dev.v0: {class, args: {samples_jsonl}}`. The registry
// names metrics and data but no pass bar, so each metric is a `declared-metric`.
import type { CriterionDraft } from './eval-criterion.js';
import type { Parsed } from './result.js';
import { parseYamlLocated } from './yaml-located.js';

export interface OpenAiEval {
  name: string;
  id: string;
  metrics: string[];
  samples: string | null;
  line: number;
}

const MAX_EVALS = 500;

/** True when a parsed YAML mapping has at least one alias entry with an `id` that names an entry with a `class`. */
export function isOpenAiEvalsRegistry(value: unknown): boolean {
  if (!isRecord(value)) return false;
  return Object.values(value).some((entry) => isRecord(entry) && typeof entry.id === 'string' && isRecord(value[entry.id]) && 'class' in (value[entry.id] as object));
}

export function readOpenAiEvalsRegistry(text: string): Parsed<{ evals: OpenAiEval[]; criteria: CriterionDraft[] }> {
  const parsed = parseYamlLocated(text);
  if (!parsed.ok) return parsed;
  const { value, locate } = parsed.value;
  if (!isRecord(value)) return { ok: false, error: { message: 'expected a mapping of eval names at the top level', line: 1, column: 1 } };
  const evals: OpenAiEval[] = [];
  const criteria: CriterionDraft[] = [];
  for (const [name, entry] of Object.entries(value).slice(0, MAX_EVALS)) {
    if (!isRecord(entry) || typeof entry.id !== 'string') continue;
    const target = value[entry.id];
    const args = isRecord(target) && isRecord(target.args) ? target.args : {};
    const samples = typeof args.samples_jsonl === 'string' ? args.samples_jsonl : null;
    const metrics = Array.isArray(entry.metrics) ? entry.metrics.filter((metric): metric is string => typeof metric === 'string').slice(0, 20) : [];
    const line = locate([name], true)?.line ?? 1;
    evals.push({ name, id: entry.id, metrics, samples, line });
    for (const metric of metrics) {
      criteria.push({ intent: 'declared-metric', metric, comparator: null, threshold: null, dataset: samples, dimension: 'generation', line });
    }
  }
  return { ok: true, value: { evals, criteria } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
