// MLflow SQLite tracking store (`mlflow.db`, the default backend since MLflow 3.7), read with sql.js (wasm, no
// native build). Tables per mlflow/store/tracking/dbmodels/models.py and model_registry/dbmodels/models.py.
// Queries aggregate per table in one pass each, so ten thousand runs cost a handful of scans, not one per run.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
// The environment-neutral build: its Node branch would read `__dirname`, which the ESM bundle lacks. We hand
// it the wasm bytes ourselves, so it needs neither fetch nor fs.
import initSqlJs from 'sql.js/dist/sql-wasm-browser.js';
import { runStatusFrom, type MetricPoint, type MlflowRunStatus } from './mlflow-file-store.js';
import { failed, parsed, type Parsed } from './result.js';

/** Every SQLite file starts with these 16 bytes. */
const SQLITE_HEADER = 'SQLite format 3\0';

export function isSqliteHeader(bytes: Uint8Array): boolean {
  if (bytes.length < SQLITE_HEADER.length) return false;
  for (let i = 0; i < SQLITE_HEADER.length; i++) if (bytes[i] !== SQLITE_HEADER.charCodeAt(i)) return false;
  return true;
}

let sqlJs: Promise<SqlJsStatic> | null = null;

/**
 * Loads sql.js once. The wasm sits next to the bundle (dist/sql-wasm.wasm, copied by scripts/build.mjs) or
 * in node_modules during development; the bundle location is tried first.
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= (async () => {
    const wasmPath = wasmCandidates().find((candidate) => existsSync(candidate));
    if (!wasmPath) throw new Error('sql-wasm.wasm not found next to the program or in node_modules/sql.js');
    const wasm = readFileSync(wasmPath);
    const binary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer;
    return initSqlJs({ wasmBinary: binary });
  })();
  // A failed load is not cached: the next caller gets a fresh attempt and its own error.
  sqlJs.catch(() => {
    sqlJs = null;
  });
  return sqlJs;
}

function wasmCandidates(): string[] {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL('./sql-wasm.wasm', import.meta.url)));
  } catch {
    /* not a file: URL */
  }
  try {
    candidates.push(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'));
  } catch {
    /* sql.js not installed next to us */
  }
  return candidates;
}

export interface SqliteExperiment {
  id: string;
  name: string | null;
  lifecycleStage: string | null;
  note: string | null;
}

export interface SqliteRun {
  id: string;
  experimentId: string;
  name: string | null;
  status: MlflowRunStatus;
  lifecycleStage: string | null;
  startTime: number | null;
  paramCount: number;
  metricCount: number;
  /** Every tag key and its value (values cut at 200 characters; the note at 4,000). */
  tags: Record<string, string>;
}

export interface SqliteModelVersion {
  name: string;
  version: string;
  currentStage: string | null;
  runId: string | null;
  source: string | null;
  status: string | null;
  aliases: string[];
}

export interface SqliteRegisteredModel {
  name: string;
  description: string | null;
  versions: SqliteModelVersion[];
}

export interface SqliteRunDetail {
  params: Record<string, string>;
  finalMetrics: Record<string, MetricPoint>;
}

export interface MlflowSqliteStore {
  tables: string[];
  experiments: SqliteExperiment[];
  runs: SqliteRun[];
  registeredModels: SqliteRegisteredModel[];
  /** MLflow 3 logged models (`m-…`) and the run that produced each. */
  loggedModels: Array<{ id: string; sourceRunId: string | null }>;
  /** Params and final metrics for the runs the caller asked about (e.g. the selected model's run). */
  details: Record<string, SqliteRunDetail>;
}

export interface ReadSqliteOptions {
  /** Runs that deserve params and final metrics, chosen once the store's runs and registry are known. */
  detailRuns?: (store: Omit<MlflowSqliteStore, 'details'>) => readonly string[];
}

/**
 * Reads an MLflow tracking database. Returns null when the bytes are a SQLite database without MLflow's
 * tables (some other application's file), and an error for bytes that are not a readable database.
 */
export function readMlflowSqlite(SQL: SqlJsStatic, bytes: Uint8Array, options: ReadSqliteOptions = {}): Parsed<MlflowSqliteStore | null> {
  if (!isSqliteHeader(bytes)) return failed('not a SQLite database (the "SQLite format 3" header is missing)');
  let db: Database | null = null;
  try {
    db = new SQL.Database(bytes);
    const tables = column(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map(String);
    const has = new Set(tables);
    if (!has.has('experiments') || !has.has('runs')) return parsed(null);
    const store = { ...readStore(db, has), tables };
    const wanted = options.detailRuns?.(store) ?? [];
    const details: Record<string, SqliteRunDetail> = {};
    for (const runId of wanted.slice(0, 50)) details[runId] = readRunDetail(db, has, runId);
    return parsed({ ...store, details });
  } catch (error) {
    return failed(`unreadable SQLite database: ${String((error as Error)?.message ?? error)}`);
  } finally {
    db?.close();
  }
}

function readStore(db: Database, has: ReadonlySet<string>): Omit<MlflowSqliteStore, 'details' | 'tables'> {
  const runColumns = new Set(rows(db, 'PRAGMA table_info(runs)').map((row) => String(row[1])));
  const experimentNotes = new Map<string, string>();
  if (has.has('experiment_tags')) {
    for (const [id, value] of rows(db, "SELECT experiment_id, substr(value, 1, 4000) FROM experiment_tags WHERE key = 'mlflow.note.content'")) {
      experimentNotes.set(String(id), text(value) ?? '');
    }
  }
  const experiments = rows(db, 'SELECT experiment_id, name, lifecycle_stage FROM experiments').map(([id, name, stage]) => ({
    id: String(id),
    name: text(name),
    lifecycleStage: text(stage),
    note: experimentNotes.get(String(id)) ?? null,
  }));

  const paramCounts = has.has('params') ? countBy(db, 'SELECT run_uuid, COUNT(*) FROM params GROUP BY run_uuid') : new Map<string, number>();
  // latest_metrics holds one row per (run, key); older databases only have the full history.
  const metricCounts = has.has('latest_metrics')
    ? countBy(db, 'SELECT run_uuid, COUNT(*) FROM latest_metrics GROUP BY run_uuid')
    : has.has('metrics')
      ? countBy(db, 'SELECT run_uuid, COUNT(DISTINCT key) FROM metrics GROUP BY run_uuid')
      : new Map<string, number>();
  const tags = new Map<string, Record<string, string>>();
  if (has.has('tags')) {
    const sql = "SELECT run_uuid, key, CASE WHEN key = 'mlflow.note.content' THEN substr(value, 1, 4000) ELSE substr(value, 1, 200) END FROM tags";
    for (const [runId, key, value] of rows(db, sql)) {
      const id = String(runId);
      let map = tags.get(id);
      if (!map) tags.set(id, (map = {}));
      map[String(key)] = text(value) ?? '';
    }
  }
  const nameColumn = runColumns.has('name') ? 'name' : 'NULL';
  const startColumn = runColumns.has('start_time') ? 'start_time' : 'NULL';
  const runs: SqliteRun[] = rows(db, `SELECT run_uuid, experiment_id, ${nameColumn}, status, lifecycle_stage, ${startColumn} FROM runs`).map(
    ([id, experimentId, name, status, stage, start]) => {
      const runId = String(id);
      const runTags = tags.get(runId) ?? {};
      return {
        id: runId,
        experimentId: String(experimentId),
        name: text(name) || runTags['mlflow.runName'] || null,
        status: runStatusFrom(status),
        lifecycleStage: text(stage),
        startTime: typeof start === 'number' ? start : null,
        paramCount: paramCounts.get(runId) ?? 0,
        metricCount: metricCounts.get(runId) ?? 0,
        tags: runTags,
      };
    },
  );
  const loggedModels = has.has('logged_models')
    ? optionalRows(db, 'SELECT model_id, source_run_id FROM logged_models').map(([id, runId]) => ({ id: String(id), sourceRunId: text(runId) }))
    : [];
  return { experiments, runs, registeredModels: readRegistry(db, has), loggedModels };
}

function readRegistry(db: Database, has: ReadonlySet<string>): SqliteRegisteredModel[] {
  if (!has.has('registered_models')) return [];
  const models = new Map<string, SqliteRegisteredModel>();
  for (const [name, description] of rows(db, 'SELECT name, description FROM registered_models')) {
    models.set(String(name), { name: String(name), description: text(description), versions: [] });
  }
  const aliases = new Map<string, string[]>();
  if (has.has('registered_model_aliases')) {
    for (const [name, alias, version] of rows(db, 'SELECT name, alias, version FROM registered_model_aliases')) {
      const key = `${name}\0${version}`;
      aliases.set(key, [...(aliases.get(key) ?? []), String(alias)]);
    }
  }
  if (has.has('model_versions')) {
    for (const [name, version, stage, runId, source, status] of rows(db, 'SELECT name, version, current_stage, run_id, source, status FROM model_versions ORDER BY name, version')) {
      const model = models.get(String(name));
      if (!model) continue;
      model.versions.push({
        name: String(name),
        version: String(version),
        currentStage: text(stage),
        runId: text(runId) || null,
        source: text(source),
        status: text(status),
        aliases: aliases.get(`${name}\0${version}`) ?? [],
      });
    }
  }
  return [...models.values()];
}

function readRunDetail(db: Database, has: ReadonlySet<string>, runId: string): SqliteRunDetail {
  const params: Record<string, string> = {};
  if (has.has('params')) for (const [key, value] of rows(db, 'SELECT key, substr(value, 1, 1000) FROM params WHERE run_uuid = ? LIMIT 500', [runId])) params[String(key)] = text(value) ?? '';
  const finalMetrics: Record<string, MetricPoint> = {};
  const sql = has.has('latest_metrics')
    ? 'SELECT key, value, step, timestamp, is_nan FROM latest_metrics WHERE run_uuid = ? LIMIT 500'
    : has.has('metrics')
      ? // The row with the greatest (step, timestamp) per key, as MLflow computes latest_metrics.
        'SELECT m.key, m.value, m.step, m.timestamp, m.is_nan FROM metrics m WHERE m.run_uuid = ? AND NOT EXISTS (SELECT 1 FROM metrics n WHERE n.run_uuid = m.run_uuid AND n.key = m.key AND (n.step > m.step OR (n.step = m.step AND n.timestamp > m.timestamp))) LIMIT 500'
      : null;
  if (sql) {
    for (const [key, value, step, timestamp, isNan] of rows(db, sql, [runId])) {
      finalMetrics[String(key)] = { value: isNan ? Number.NaN : Number(value), step: Number(step ?? 0), timestamp: Number(timestamp ?? 0) };
    }
  }
  return { params, finalMetrics };
}

function rows(db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] {
  const result = db.exec(sql, params);
  return result[0]?.values ?? [];
}

/** For tables whose columns changed across MLflow versions: a missing column means no rows, not an unreadable store. */
function optionalRows(db: Database, sql: string): SqlValue[][] {
  try {
    return rows(db, sql);
  } catch {
    return [];
  }
}

function column(db: Database, sql: string): SqlValue[] {
  return rows(db, sql).map((row) => row[0]);
}

function countBy(db: Database, sql: string): Map<string, number> {
  return new Map(rows(db, sql).map(([id, count]) => [String(id), Number(count)]));
}

function text(value: SqlValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return null;
  return String(value);
}
