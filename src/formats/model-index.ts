// Hugging Face evaluation metadata: `model-index` in a model card's YAML front matter (huggingface_hub
// repocard_data.py) and the newer `.eval_results/*.yaml` files. Both report values, never thresholds,
// so every entry comes back as a `result`.
import type { CriterionDraft } from './eval-criterion.js';
import type { Parsed } from './result.js';
import { parseYamlLocated } from './yaml-located.js';

export interface ModelIndexRead {
  /** Model names under `model-index[].name`. */
  models: string[];
  results: CriterionDraft[];
  /** Entries missing fields the Hub requires (task.type, dataset.type/name, metrics[].type/value). */
  problems: Array<{ message: string; line: number }>;
}

const MAX_RESULTS = 500;

/** Reads `model-index` from a Markdown file's front matter; null when there is no front matter or no model-index. */
export function readModelIndex(markdown: string): Parsed<ModelIndexRead> | null {
  const front = frontMatterOf(markdown);
  if (!front || !/^model-index\s*:/m.test(front.text)) return null;
  const parsed = parseYamlLocated(front.text);
  if (!parsed.ok) {
    const error = { ...parsed.error };
    if (error.line !== undefined) error.line += front.lineOffset;
    return { ok: false, error };
  }
  const { value, locate } = parsed.value;
  const lineOf = (path: Array<string | number>) => (locate(path)?.line ?? 1) + front.lineOffset;
  const root = isRecord(value) ? value : {};
  const index = root['model-index'];
  const read: ModelIndexRead = { models: [], results: [], problems: [] };
  if (!Array.isArray(index)) {
    read.problems.push({ message: '`model-index` is not a list of models', line: lineOf(['model-index']) });
    return { ok: true, value: read };
  }
  index.forEach((model, m) => {
    if (!isRecord(model)) return;
    if (typeof model.name === 'string') read.models.push(model.name);
    const results = Array.isArray(model.results) ? model.results : [];
    results.forEach((result, r) => {
      if (!isRecord(result)) return;
      const task = isRecord(result.task) ? result.task : {};
      const dataset = isRecord(result.dataset) ? result.dataset : {};
      if (typeof task.type !== 'string') read.problems.push({ message: 'result without task.type', line: lineOf(['model-index', m, 'results', r]) });
      if (typeof dataset.type !== 'string' || typeof dataset.name !== 'string') {
        read.problems.push({ message: 'result without dataset.type and dataset.name', line: lineOf(['model-index', m, 'results', r]) });
      }
      const metrics = Array.isArray(result.metrics) ? result.metrics : [];
      metrics.forEach((metric, k) => {
        if (!isRecord(metric) || read.results.length >= MAX_RESULTS) return;
        const line = lineOf(['model-index', m, 'results', r, 'metrics', k]);
        const value = toNumber(metric.value);
        const name = str(metric.name) ?? str(metric.type);
        if (!name || value === null) {
          read.problems.push({ message: 'metric without type and numeric value', line });
          return;
        }
        read.results.push({
          intent: 'result',
          metric: name,
          ...(str(metric.type) ? { loggedAs: str(metric.type)! } : {}),
          comparator: null,
          threshold: null,
          measured: value,
          dataset: str(dataset.name) ?? str(dataset.type) ?? null,
          ...(str(dataset.split) ? { split: str(dataset.split)! } : {}),
          ...(str(dataset.revision) ? { version: `revision ${str(dataset.revision)}` } : {}),
          line,
        });
      });
    });
  });
  return { ok: true, value: read };
}

/** Reads one `.eval_results/*.yaml` file: a list of `{dataset: {id, task_id, revision?}, value, …}`. */
export function readEvalResults(text: string): Parsed<CriterionDraft[]> {
  const parsed = parseYamlLocated(text);
  if (!parsed.ok) return parsed;
  const { value, locate } = parsed.value;
  if (!Array.isArray(value)) return { ok: false, error: { message: 'expected a list of evaluation results', line: 1, column: 1 } };
  const results: CriterionDraft[] = [];
  value.slice(0, MAX_RESULTS).forEach((entry, i) => {
    if (!isRecord(entry)) return;
    const dataset = isRecord(entry.dataset) ? entry.dataset : {};
    const score = toNumber(entry.value);
    const id = str(dataset.id);
    if (!id || score === null) return;
    const task = str(dataset.task_id);
    results.push({
      intent: 'result',
      metric: task ? `${id} ${task} score` : `${id} score`,
      comparator: null,
      threshold: null,
      measured: score,
      dataset: id,
      ...(task ? { split: task } : {}),
      ...(str(dataset.revision) ? { version: `revision ${str(dataset.revision)}` } : {}),
      line: locate([i])?.line ?? 1,
    });
  });
  return { ok: true, value: results };
}

/** The YAML between leading `---` lines, with how many lines precede it. */
export function frontMatterOf(markdown: string): { text: string; lineOffset: number } | null {
  const source = markdown.charCodeAt(0) === 0xfeff ? markdown.slice(1) : markdown;
  const open = /^---[ \t]*\r?\n/.exec(source);
  if (!open) return null;
  const close = /^---[ \t]*$/m;
  const rest = source.slice(open[0].length);
  const end = close.exec(rest);
  if (!end) return null;
  return { text: rest.slice(0, end.index), lineOffset: 1 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined;
}

/** Hub values may be numbers or strings such as "20.9 ± 1.2". */
function toNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return null;
  const match = /-?\d+(?:\.\d+)?/.exec(value);
  return match ? Number(match[0]) : null;
}
