// Fills in the selected model: the run that produced it, that run's final metrics and params, and its
// MLmodel. This is the only place metric histories are read, and only for this one run.
import {
  parseLoggedModelMeta,
  parseMetricHistory,
  parseMlmodel,
  type FileStoreLayout,
  type MetricPoint,
} from '../formats/mlflow-file-store.js';
import type { SqliteRunDetail } from '../formats/mlflow-sqlite.js';
import { parseWandbConfig, parseWandbSummary } from '../formats/wandb.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { mapLimit } from './map-limit.js';
import type { SelectedModel, TrackedRun, TrackingStore } from './model.js';
import { describeCandidate, type SelectionCandidate } from './selection.js';

const MAX_METRIC_FILES = 100;
/**
 * A metric history holds one line per logged step and its final value is the last line: histories of long runs
 * exceed the default read cap, so the selected run's are read up to 8 MiB whatever the read cap (other reads
 * here honour it).
 */
const METRIC_FILE_CAP = 8 * 1024 * 1024;
const MAX_PARAM_FILES = 200;
const WANDB_FILE_CAP = 1024 * 1024;

export interface StoreSources {
  stores: readonly TrackingStore[];
  layouts: ReadonlyMap<string, FileStoreLayout>;
  sqliteDetails: ReadonlyMap<string, Record<string, SqliteRunDetail>>;
}

/** A candidate as a SelectedModel without reading anything (for the ranked list). */
export function candidateSummary(candidate: SelectionCandidate, sources: StoreSources): SelectedModel {
  return {
    store: candidate.store,
    modelName: candidate.modelName,
    version: candidate.version?.version ?? null,
    via: candidate.via,
    label: describeCandidate(candidate),
    aliases: candidate.aliases,
    stage: candidate.stage,
    runId: candidate.runId,
    run: candidate.taggedRun ?? findRun(sources.stores, candidate.store.path, candidate.runId),
    finalMetrics: {},
    params: {},
    mlmodelPath: null,
    hasSignature: null,
    path: candidate.path,
  };
}

/** Resolves the candidate's run (through an MLflow 3 logged model when needed) and reads its details. */
export async function resolveSelected(snapshot: Snapshot, candidate: SelectionCandidate, sources: StoreSources): Promise<SelectedModel> {
  const selected = candidateSummary(candidate, sources);
  const modelId = candidate.version?.modelId ?? null;
  if (!selected.runId && modelId) {
    selected.runId = await sourceRunOfLoggedModel(snapshot, sources.layouts, modelId);
    selected.run = findRun(sources.stores, candidate.store.path, selected.runId);
  }
  const run = selected.run;
  if (run) {
    if (run.store.kind === 'mlflow-sqlite') {
      const detail = sources.sqliteDetails.get(run.store.path)?.[run.id];
      if (detail) {
        selected.finalMetrics = detail.finalMetrics;
        selected.params = detail.params;
      }
    } else if (run.store.kind === 'mlflow-file-store') {
      const layoutRun = [...sources.layouts.values()].flatMap((layout) => layout.runs).find((entry) => entry.dir === run.path);
      if (layoutRun) {
        selected.finalMetrics = await readFinalMetrics(snapshot, run.path, layoutRun.metricKeys);
        selected.params = await readParams(snapshot, run.path, layoutRun.paramKeys);
      }
    } else if (run.store.kind === 'wandb') {
      selected.finalMetrics = await readWandbSummaryMetrics(snapshot, run.path);
      selected.params = await readWandbParams(snapshot, run.path);
    }
  }
  const mlmodel = findMlmodel(snapshot, selected.runId, modelId);
  if (mlmodel) {
    selected.mlmodelPath = mlmodel;
    const read = await snapshot.readText(mlmodel, { maxBytes: Math.min(1024 * 1024, snapshot.readCap) });
    if (read.ok) {
      const parsedModel = parseMlmodel(read.text);
      selected.hasSignature = parsedModel.ok ? parsedModel.value.hasSignature : null;
    }
  }
  return selected;
}

function findRun(stores: readonly TrackingStore[], preferredStore: string, runId: string | null): TrackedRun | null {
  if (!runId) return null;
  let fallback: TrackedRun | null = null;
  for (const store of stores) {
    for (const run of store.runs) {
      if (run.id !== runId) continue;
      if (store.ref.path === preferredStore) return run;
      fallback ??= run;
    }
  }
  return fallback;
}

async function sourceRunOfLoggedModel(snapshot: Snapshot, layouts: ReadonlyMap<string, FileStoreLayout>, modelId: string): Promise<string | null> {
  for (const layout of layouts.values()) {
    const model = layout.loggedModels.find((entry) => entry.id === modelId);
    if (!model?.metaPath) continue;
    const read = await snapshot.readText(model.metaPath, { maxBytes: Math.min(64 * 1024, snapshot.readCap) });
    if (!read.ok) continue;
    const meta = parseLoggedModelMeta(read.text);
    if (meta.ok && meta.value.sourceRunId) return meta.value.sourceRunId;
  }
  return null;
}

async function readFinalMetrics(snapshot: Snapshot, runDir: string, keys: readonly string[]): Promise<Record<string, MetricPoint>> {
  const metrics: Record<string, MetricPoint> = {};
  await mapLimit(keys.slice(0, MAX_METRIC_FILES), 16, async (key) => {
    const path = `${runDir}/metrics/${key}`;
    const size = await snapshot.sizeOf(path);
    if (size === undefined || size > METRIC_FILE_CAP) return;
    const read = await snapshot.readText(path, { maxBytes: METRIC_FILE_CAP });
    if (!read.ok) return;
    const history = parseMetricHistory(read.text);
    if (history.ok) metrics[key] = history.value.last;
    else snapshot.addError({ path, message: `metric history not parsed: ${history.error.line ? `line ${history.error.line}: ` : ''}${history.error.message}` });
  });
  return sortKeys(metrics);
}

async function readParams(snapshot: Snapshot, runDir: string, keys: readonly string[]): Promise<Record<string, string>> {
  const params: Record<string, string> = {};
  await mapLimit(keys.slice(0, MAX_PARAM_FILES), 16, async (key) => {
    const read = await snapshot.readText(`${runDir}/params/${key}`, { maxBytes: Math.min(64 * 1024, snapshot.readCap) });
    if (read.ok) params[key] = read.text;
  });
  return sortKeys(params);
}

/** The MLmodel saved by that run or logged model, wherever its artifacts landed (mlruns, mlartifacts). */
function findMlmodel(snapshot: Snapshot, runId: string | null, modelId: string | null): string | null {
  const all = snapshot.named('MLmodel');
  const byModel = modelId ? all.find((path) => path.includes(`/${modelId}/artifacts/`)) : undefined;
  if (byModel) return byModel;
  return runId ? (all.find((path) => path.includes(`/${runId}/artifacts/`)) ?? null) : null;
}

/**
 * A W&B run's final metrics: its `files/wandb-summary.json` (the last value of each key), at the summary's
 * `_step` and `_timestamp`. A file that cannot be read or parsed gives none; consistency reports why.
 */
async function readWandbSummaryMetrics(snapshot: Snapshot, runDir: string): Promise<Record<string, MetricPoint>> {
  const read = await snapshot.readText(`${runDir}/files/wandb-summary.json`, { maxBytes: Math.min(WANDB_FILE_CAP, snapshot.readCap) });
  if (!read.ok) return {};
  const summary = parseWandbSummary(read.text);
  if (!summary.ok) return {};
  const step = summary.value.step ?? 0;
  const timestamp = summary.value.timestamp === null ? 0 : Math.round(summary.value.timestamp * 1000);
  return sortKeys(Object.fromEntries(Object.entries(summary.value.metrics).map(([key, value]) => [key, { value, step, timestamp }])));
}

/** A W&B run's hyperparameters from `files/config.yaml`, as text (MLflow params are strings too). */
async function readWandbParams(snapshot: Snapshot, runDir: string): Promise<Record<string, string>> {
  const read = await snapshot.readText(`${runDir}/files/config.yaml`, { maxBytes: Math.min(WANDB_FILE_CAP, snapshot.readCap) });
  if (!read.ok) return {};
  const config = parseWandbConfig(read.text);
  if (!config.ok) return {};
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.value.params).slice(0, MAX_PARAM_FILES)) {
    params[key] = (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))).slice(0, 1000);
  }
  return sortKeys(params);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
