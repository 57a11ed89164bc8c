// One typed model of every experiment store in a snapshot, built once per snapshot (and options) and shared
// by every check that asks: experiment-tracking judges it, cross-checks compare against the selected model.
import type { Snapshot } from '../snapshot/snapshot.js';
import { findArtifactOnlyRuns } from '../formats/mlflow-file-store.js';
import { collectMlflowFileStores } from './mlflow-file.js';
import { collectMlflowSqlite } from './mlflow-sqlite.js';
import type { CollectOptions, ExperimentTracking, SelectedModel } from './model.js';
import { candidateSummary, resolveSelected } from './selected-model.js';
import { candidatesOf } from './selection.js';
import { collectTrackerMarkers, findClearmlHints } from './trackers.js';
import { collectWandb } from './wandb.js';

export const DEFAULT_SQLITE_MAX_BYTES = 256 * 1024 * 1024;
export const DEFAULT_INSPECT_RUNS = 500;

const cache = new WeakMap<Snapshot, Map<string, Promise<ExperimentTracking>>>();

/** Every tracking store of the snapshot, its runs and registry, and the selected model. Cached per snapshot. */
export function collectExperiments(snapshot: Snapshot, options: CollectOptions = {}): Promise<ExperimentTracking> {
  const resolved = {
    sqliteMaxBytes: positive(options.sqliteMaxBytes) ?? DEFAULT_SQLITE_MAX_BYTES,
    inspectRuns: positive(options.inspectRuns) ?? DEFAULT_INSPECT_RUNS,
  };
  const key = `${resolved.sqliteMaxBytes}:${resolved.inspectRuns}`;
  let bySnapshot = cache.get(snapshot);
  if (!bySnapshot) cache.set(snapshot, (bySnapshot = new Map()));
  let pending = bySnapshot.get(key);
  if (!pending) {
    pending = collect(snapshot, resolved);
    bySnapshot.set(key, pending);
  }
  return pending;
}

/** The model version the vendor selected, with its run's final metrics, or null. */
export async function selectedModel(snapshot: Snapshot, options: CollectOptions = {}): Promise<SelectedModel | null> {
  return (await collectExperiments(snapshot, options)).selected;
}

async function collect(snapshot: Snapshot, options: { sqliteMaxBytes: number; inspectRuns: number }): Promise<ExperimentTracking> {
  const [files, sqlite, wandb, markers, hints] = await Promise.all([
    collectMlflowFileStores(snapshot, options.inspectRuns),
    collectMlflowSqlite(snapshot, options.sqliteMaxBytes),
    collectWandb(snapshot, options.inspectRuns),
    collectTrackerMarkers(snapshot, options.inspectRuns),
    findClearmlHints(snapshot),
  ]);
  const stores = [...files.stores, ...sqlite.stores, ...wandb, ...markers];
  const runDirsWithMeta = new Set([...files.layouts.values()].flatMap((layout) => layout.runs.map((run) => run.dir)));
  const artifactOnly = findArtifactOnlyRuns(snapshot.files, runDirsWithMeta);

  const sources = { stores, layouts: files.layouts, sqliteDetails: sqlite.details };
  const ranked = candidatesOf(stores);
  const candidates = ranked.map((candidate) => candidateSummary(candidate, sources));
  if (ranked.length > 0) candidates[0] = await resolveSelected(snapshot, ranked[0], sources);
  return { stores, runs: stores.flatMap((store) => store.runs), artifactOnly, hints, selected: candidates[0] ?? null, candidates };
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
