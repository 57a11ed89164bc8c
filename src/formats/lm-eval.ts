// EleutherAI lm-evaluation-harness task YAML (docs/task_guide.md): `task`, `dataset_path`, splits and a
// `metric_list` of {metric, aggregation, higher_is_better}. The harness computes metrics; it sets no pass
// bar, so each metric comes back as a `declared-metric` with the data it runs on.
import type { CriterionDraft } from './eval-criterion.js';
import type { Parsed } from './result.js';
import { parseYamlLocated } from './yaml-located.js';

export interface LmEvalTask {
  task: string;
  dataset: string | null;
  split?: string;
  revision?: string;
  metrics: CriterionDraft[];
}

const TASK_KEYS = ['dataset_path', 'metric_list', 'output_type', 'doc_to_text', 'doc_to_target', 'include', 'aggregate_metric_list'];

/** True when a parsed YAML mapping looks like an lm-eval task or group config. */
export function isLmEvalTask(value: unknown): boolean {
  if (!isRecord(value)) return false;
  return ('task' in value || 'group' in value) && TASK_KEYS.some((key) => key in value);
}

/** Reads one task file; `null` value when the YAML is not an lm-eval task. */
export function readLmEvalTask(text: string): Parsed<LmEvalTask | null> {
  // Task files use `!function utils.process_docs`; the limited parser keeps unknown tags as plain values.
  const parsed = parseYamlLocated(text);
  if (!parsed.ok) return parsed;
  const { value, locate } = parsed.value;
  if (!isLmEvalTask(value)) return { ok: true, value: null };
  const config = value as Record<string, unknown>;
  const task = str(config.task) ?? str(config.group) ?? (Array.isArray(config.task) ? 'group' : 'task');
  const datasetPath = str(config.dataset_path);
  const datasetName = str(config.dataset_name);
  const dataset = datasetPath ? (datasetName ? `${datasetPath}/${datasetName}` : datasetPath) : null;
  const split = str(config.test_split) ?? str(config.validation_split);
  const kwargs = isRecord(config.dataset_kwargs) ? config.dataset_kwargs : {};
  const revision = str(kwargs.revision);
  const metrics: CriterionDraft[] = [];
  for (const key of ['metric_list', 'aggregate_metric_list'] as const) {
    const list = Array.isArray(config[key]) ? (config[key] as unknown[]) : [];
    list.slice(0, 100).forEach((entry, i) => {
      const metric = isRecord(entry) ? str(entry.metric) : str(entry);
      if (!metric) return;
      metrics.push({
        intent: 'declared-metric',
        metric,
        comparator: null,
        threshold: null,
        dataset,
        ...(split ? { split } : {}),
        ...(revision ? { version: `revision ${revision}` } : {}),
        dimension: 'generation',
        line: locate([key, i])?.line ?? 1,
      });
    });
  }
  return { ok: true, value: { task, dataset, ...(split ? { split } : {}), ...(revision ? { revision } : {}), metrics } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined;
}
