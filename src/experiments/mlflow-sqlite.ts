// Collects MLflow SQLite stores from a snapshot: `mlflow.db` anywhere, and any `*.db` that turns out to be a
// SQLite database with MLflow's tables. Bytes come through the snapshot with a cap; a broken database is a
// store problem naming the file, never a crash.
import { isSqliteHeader, isStoppedRead, loadSqlJs, readMlflowSqlite, type MlflowSqliteStore, type SqliteRunDetail } from '../formats/mlflow-sqlite.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { formatBytes } from '../snapshot/snapshot.js';
import type { RegisteredModelInfo, StoreProblem, StoreRef, TrackedRun, TrackingStore } from './model.js';
import { isGitCommit } from './run-facts.js';
import { selectionCandidates } from './selection.js';

const MAX_OTHER_DATABASES = 20;
const DETAIL_RUNS = 5;

export interface SqliteCollection {
  stores: TrackingStore[];
  /** Params and final metrics of marked runs, by database path then run id. */
  details: Map<string, Record<string, SqliteRunDetail>>;
}

export async function collectMlflowSqlite(snapshot: Snapshot, maxBytes: number): Promise<SqliteCollection> {
  const named = snapshot.named('mlflow.db').filter((path) => !snapshot.isSymlink(path));
  const others = snapshot.files
    .filter((path) => /\.db$/i.test(path) && !path.endsWith('/mlflow.db') && path !== 'mlflow.db' && !snapshot.isSymlink(path))
    .slice(0, MAX_OTHER_DATABASES);
  const stores: TrackingStore[] = [];
  const details = new Map<string, Record<string, SqliteRunDetail>>();

  for (const path of [...named, ...others]) {
    const isNamed = named.includes(path);
    const ref: StoreRef = { kind: 'mlflow-sqlite', path };
    const unreadable = (message: string) => stores.push(emptyStore(ref, [{ path, message, kind: 'unreadable' }]));
    // Other .db files are only candidates: one too large to read is left alone rather than reported.
    const size = await snapshot.sizeOf(path);
    if (!isNamed && size !== undefined && size > maxBytes) continue;
    if (isNamed && size !== undefined && size > maxBytes) {
      unreadable(`larger than the ${formatBytes(maxBytes)} cap for tracking databases (${formatBytes(size)}); raise the experiment-tracking option sqliteMaxBytes to read it`);
      continue;
    }
    const bytes = await snapshot.readBytes(path, maxBytes);
    if (!bytes.ok) {
      if (isNamed) unreadable(`not read (${bytes.reason}${bytes.detail ? `: ${bytes.detail}` : ''})`);
      continue;
    }
    if (!isSqliteHeader(bytes.bytes)) {
      if (isNamed) unreadable(bytes.bytes.length === 0 ? 'empty file: MLflow never wrote to this database' : 'not a SQLite database (the "SQLite format 3" header is missing)');
      continue;
    }
    let SQL;
    try {
      SQL = await loadSqlJs();
    } catch (error) {
      unreadable(`the SQLite reader could not start: ${(error as Error).message}`);
      continue;
    }
    const read = readMlflowSqlite(SQL, bytes.bytes, { detailRuns: (store) => markedRuns(ref, store) });
    if (!read.ok) {
      // A schema refused or a read stopped by a limit is a store with MLflow's table names: reported as one,
      // wherever it lies, and listed in the report's errors with the reason.
      const stopped = isStoppedRead(read.error.message);
      if (isNamed || stopped) unreadable(read.error.message);
      if (!isNamed || stopped) snapshot.addError({ path, message: `MLflow SQLite store ${read.error.message}` });
      continue;
    }
    if (read.value === null) {
      if (isNamed) unreadable('a SQLite database without MLflow tables (experiments, runs)');
      continue;
    }
    details.set(path, read.value.details);
    stores.push(toStore(ref, read.value));
  }
  return { stores, details };
}

function markedRuns(ref: StoreRef, store: Omit<MlflowSqliteStore, 'details'>): string[] {
  const models = registryOf(ref, store);
  const runs = store.runs.map((run) => toRun(ref, run, new Map()));
  return [...new Set(selectionCandidates(ref, models, runs).map((c) => c.runId).filter((id): id is string => !!id))].slice(0, DETAIL_RUNS);
}

function toStore(ref: StoreRef, store: MlflowSqliteStore): TrackingStore {
  const experimentState = new Map(store.experiments.map((e) => [e.id, { name: e.name, deleted: e.lifecycleStage === 'deleted' }]));
  const runs = store.runs.map((run) => toRun(ref, run, experimentState));
  return {
    ref,
    label: 'MLflow SQLite store',
    richness: 'full',
    experiments: store.experiments.map((e) => ({ store: ref, id: e.id, name: e.name, deleted: e.lifecycleStage === 'deleted', hasNote: !!e.note?.trim(), path: ref.path })),
    runs,
    registeredModels: registryOf(ref, store),
    loggedModels: 0,
    problems: [],
    inspectedRuns: runs.length,
    personalData: [],
    notes: [],
  };
}

function toRun(ref: StoreRef, run: MlflowSqliteStore['runs'][number], experiments: Map<string, { name: string | null; deleted: boolean }>): TrackedRun {
  const experiment = experiments.get(run.experimentId);
  const note = run.tags['mlflow.note.content'] ?? null;
  const commit = run.tags['mlflow.source.git.commit']?.trim() ?? null;
  return {
    store: ref,
    id: run.id,
    experimentId: run.experimentId,
    experimentName: experiment?.name ?? null,
    path: ref.path,
    name: run.name,
    status: run.status,
    deleted: run.lifecycleStage === 'deleted' || (experiment?.deleted ?? false),
    paramCount: run.paramCount,
    metricCount: run.metricCount,
    paramKeys: [],
    metricKeys: [],
    tagKeys: Object.keys(run.tags),
    tags: run.tags,
    hasNote: note !== null,
    note,
    hasGitCommit: isGitCommit(commit),
    gitCommit: commit,
    inspected: true,
    startTime: run.startTime,
  };
}

function registryOf(ref: StoreRef, store: Omit<MlflowSqliteStore, 'details'>): RegisteredModelInfo[] {
  const sourceRun = new Map(store.loggedModels.map((model) => [model.id, model.sourceRunId]));
  return store.registeredModels.map((model) => ({
    store: ref,
    name: model.name,
    path: ref.path,
    description: model.description,
    versions: model.versions
      .filter((v) => v.currentStage !== 'Deleted_Internal')
      .sort((a, b) => Number(b.version) - Number(a.version))
      .map((v) => {
        const modelId = (v.source && /^models:\/(m-[0-9a-f]{32})/.exec(v.source)?.[1]) || null;
        return {
          version: v.version,
          stage: v.currentStage,
          aliases: v.aliases,
          runId: v.runId ?? (modelId ? (sourceRun.get(modelId) ?? null) : null),
          modelId,
          status: v.status,
          path: ref.path,
        };
      }),
  }));
}

function emptyStore(ref: StoreRef, problems: StoreProblem[]): TrackingStore {
  return { ref, label: 'MLflow SQLite store', richness: 'full', experiments: [], runs: [], registeredModels: [], loggedModels: 0, problems, inspectedRuns: 0, personalData: [], notes: [] };
}
