// The final metric values of the selected model, wherever its tracker keeps them: the MLflow run's metric
// histories or the W&B run's wandb-summary.json (both already read by the experiments collector). A W&B
// summary that gave nothing is read again here, to say why (missing, unreadable, not parsed, no number).
import type { SelectedModel } from '../experiments/index.js';
import { parseWandbSummary } from '../formats/wandb.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { LoggedMetric } from './metric-match.js';

const SUMMARY_CAP = 1024 * 1024;

export interface LoggedMetrics {
  metrics: LoggedMetric[];
  /** Why there are none, when there are none. */
  problem?: string;
}

export async function loggedMetricsOf(snapshot: Snapshot, selected: SelectedModel): Promise<LoggedMetrics> {
  const run = selected.run;
  if (!run) return { metrics: [], problem: `the run that produced it${selected.runId ? ` (${selected.runId})` : ''} is not in the delivered tracking store` };
  const fromTracker = Object.entries(selected.finalMetrics)
    .filter(([, point]) => Number.isFinite(point.value))
    .map(([key, point]) => ({ key, value: point.value, path: trackerPath(run, key) }));
  if (fromTracker.length > 0) return { metrics: fromTracker };
  if (run.store.kind === 'wandb') return readWandbSummary(snapshot, `${run.path}/files/wandb-summary.json`);
  return { metrics: [], problem: `its run ${run.name ?? run.id} logged no metrics` };
}

/** Where a logged metric of the run is written: its own file in an MLflow file store, the W&B summary, the database. */
function trackerPath(run: NonNullable<SelectedModel['run']>, key: string): string {
  if (run.store.kind === 'mlflow-file-store') return `${run.path}/metrics/${key}`;
  if (run.store.kind === 'wandb') return `${run.path}/files/wandb-summary.json`;
  return run.store.path;
}

async function readWandbSummary(snapshot: Snapshot, path: string): Promise<LoggedMetrics> {
  if (!snapshot.has(path)) return { metrics: [], problem: `its W&B run has no ${path}` };
  const read = await snapshot.readText(path, { maxBytes: Math.min(SUMMARY_CAP, snapshot.readCap) });
  if (!read.ok) return { metrics: [], problem: `${path} could not be read (${read.reason})` };
  const summary = parseWandbSummary(read.text);
  if (!summary.ok) return { metrics: [], problem: `${path} could not be parsed: ${summary.error.message}` };
  const metrics = Object.entries(summary.value.metrics)
    .filter(([, value]) => Number.isFinite(value))
    .map(([key, value]) => ({ key, value, path }));
  return metrics.length ? { metrics } : { metrics: [], problem: `${path} holds no numeric metric` };
}
