// MLflow SQLite tracking store (`mlflow.db`, the default backend since MLflow 3.7), read with sql.js (wasm, no
// native build). Tables per mlflow/store/tracking/dbmodels/models.py and model_registry/dbmodels/models.py.
// Queries aggregate per table in one pass each, so ten thousand runs cost a handful of scans, not one per run.
// Reads are bounded by construction: the schema is checked first (mlflow-sqlite-schema.ts), then every query
// runs under SQLite's heap limit with row and text counters (sql.js exposes no progress handler).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
// The environment-neutral build: its Node branch would read `__dirname`, which the ESM bundle lacks. We hand
// it the wasm bytes ourselves, so it needs neither fetch nor fs.
import initSqlJs from 'sql.js/dist/sql-wasm-browser.js';
import { runStatusFrom, type MetricPoint, type MlflowRunStatus } from './mlflow-file-store.js';
import { inspectMlflowSchema } from './mlflow-sqlite-schema.js';
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

/** Bounds on one database read; a read that would pass one stops with an error naming it. */
export interface SqliteLimits {
  /**
   * SQLite's own allocations (page cache, sorter, values): `PRAGMA hard_heap_limit`. It belongs to the wasm
   * instance, not the database, and SQLite only ever lowers it: an instance keeps the smallest limit it was given.
   */
  heapBytes: number;
  /** Rows one query may return. */
  rowsPerQuery: number;
  /** Characters of text all queries together may return. */
  textChars: number;
}

export const DEFAULT_SQLITE_LIMITS: SqliteLimits = {
  heapBytes: 64 * 1024 * 1024,
  rowsPerQuery: 500_000,
  textChars: 64 * 1024 * 1024,
};

export interface ReadSqliteOptions {
  /** Runs that deserve params and final metrics, chosen once the store's runs and registry are known. */
  detailRuns?: (store: Omit<MlflowSqliteStore, 'details'>) => readonly string[];
  limits?: Partial<SqliteLimits>;
}

/** A read stopped by a limit or refused by the schema check: the message says which and why. */
class ReadRefused extends Error {}

/** Whether a read error is a refusal or a stop (a hostile or oversized store) rather than damaged bytes. */
export function isStoppedRead(message: string): boolean {
  return message.startsWith('refused: ') || message.startsWith('read stopped: ');
}

/**
 * Reads an MLflow tracking database. Returns null when the bytes are a SQLite database without MLflow's
 * tables (some other application's file), and an error for bytes that are not a readable database, a schema
 * that is not MLflow's (generated columns, views in place of tables, computed defaults), or a read that
 * passes a limit.
 */
export function readMlflowSqlite(SQL: SqlJsStatic, bytes: Uint8Array, options: ReadSqliteOptions = {}): Parsed<MlflowSqliteStore | null> {
  if (!isSqliteHeader(bytes)) return failed('not a SQLite database (the "SQLite format 3" header is missing)');
  const limits = { ...DEFAULT_SQLITE_LIMITS, ...options.limits };
  let db: Database | null = null;
  try {
    db = new SQL.Database(bytes);
    // query_only and trusted_schema off are belts: nothing here writes, and the schema check runs first.
    db.exec(`PRAGMA hard_heap_limit = ${Math.floor(limits.heapBytes)}; PRAGMA query_only = ON; PRAGMA trusted_schema = OFF`);
    const schema = inspectMlflowSchema(db);
    if (!schema.ok) {
      if (schema.notMlflow) return parsed(null);
      return failed(`refused: ${schema.reason}`);
    }
    const reader = new BoundedReader(db, limits);
    const store = { ...readStore(reader, schema.tables, schema.columns), tables: schema.allTables };
    const wanted = options.detailRuns?.(store) ?? [];
    const details: Record<string, SqliteRunDetail> = {};
    for (const runId of wanted.slice(0, 50)) details[runId] = readRunDetail(reader, schema.tables, runId);
    return parsed({ ...store, details });
  } catch (error) {
    if (error instanceof ReadRefused) return failed(error.message);
    const message = String((error as Error)?.message ?? error);
    if (/out of memory/i.test(message)) return failed(`read stopped: SQLite needed more than the ${formatMiB(limits.heapBytes)} it may use`);
    return failed(`unreadable SQLite database: ${message}`);
  } finally {
    db?.close();
  }
}

/** Runs queries step by step, counting rows and text, so a limit stops a read as soon as it is passed. */
class BoundedReader {
  private textLeft: number;
  constructor(
    private readonly db: Database,
    private readonly limits: SqliteLimits,
  ) {
    this.textLeft = limits.textChars;
  }

  /** Every row of a query, or its first `upTo` rows when the caller wants no more. */
  rows(sql: string, params: SqlValue[] = [], upTo?: number): SqlValue[][] {
    // One row past the cap tells "exactly at the cap" from "over it"; SQLite stops producing there.
    const limit = upTo === undefined ? this.limits.rowsPerQuery + 1 : Math.min(upTo, this.limits.rowsPerQuery + 1);
    const statement = this.db.prepare(`${sql} LIMIT ${limit}`);
    try {
      statement.bind(params);
      const out: SqlValue[][] = [];
      while (statement.step()) {
        if (out.length === this.limits.rowsPerQuery) throw new ReadRefused(`read stopped: more than ${this.limits.rowsPerQuery.toLocaleString('en')} rows from "${sql.slice(0, 80)}"`);
        const row = statement.get();
        for (const value of row) this.textLeft -= typeof value === 'string' ? value.length : value instanceof Uint8Array ? value.length : 8;
        if (this.textLeft < 0) throw new ReadRefused(`read stopped: the tables hold more than ${formatMiB(this.limits.textChars)} of text to read`);
        out.push(row);
      }
      return out;
    } finally {
      statement.free();
    }
  }

  countBy(sql: string): Map<string, number> {
    return new Map(this.rows(sql).map(([id, count]) => [String(id), Number(count)]));
  }
}

function readStore(db: BoundedReader, has: ReadonlySet<string>, columns: ReadonlySet<string>): Omit<MlflowSqliteStore, 'details' | 'tables'> {
  const experimentNotes = new Map<string, string>();
  if (has.has('experiment_tags')) {
    for (const [id, value] of db.rows("SELECT substr(experiment_id, 1, 64), substr(value, 1, 4000) FROM experiment_tags WHERE key = 'mlflow.note.content'")) {
      experimentNotes.set(String(id), text(value) ?? '');
    }
  }
  const experiments = db.rows('SELECT substr(experiment_id, 1, 64), substr(name, 1, 500), substr(lifecycle_stage, 1, 32) FROM experiments').map(([id, name, stage]) => ({
    id: String(id),
    name: text(name),
    lifecycleStage: text(stage),
    note: experimentNotes.get(String(id)) ?? null,
  }));

  const paramCounts = has.has('params') ? db.countBy('SELECT substr(run_uuid, 1, 64), COUNT(*) FROM params GROUP BY run_uuid') : new Map<string, number>();
  // latest_metrics holds one row per (run, key); older databases only have the full history.
  const metricCounts = has.has('latest_metrics')
    ? db.countBy('SELECT substr(run_uuid, 1, 64), COUNT(*) FROM latest_metrics GROUP BY run_uuid')
    : has.has('metrics')
      ? db.countBy('SELECT substr(run_uuid, 1, 64), COUNT(DISTINCT key) FROM metrics GROUP BY run_uuid')
      : new Map<string, number>();
  const tags = new Map<string, Record<string, string>>();
  if (has.has('tags')) {
    const sql = "SELECT substr(run_uuid, 1, 64), substr(key, 1, 250), CASE WHEN key = 'mlflow.note.content' THEN substr(value, 1, 4000) ELSE substr(value, 1, 200) END FROM tags";
    for (const [runId, key, value] of db.rows(sql)) {
      const id = String(runId);
      let map = tags.get(id);
      if (!map) tags.set(id, (map = {}));
      map[String(key)] = text(value) ?? '';
    }
  }
  const nameColumn = columns.has('runs.name') ? 'substr(name, 1, 250)' : 'NULL';
  const startColumn = columns.has('runs.start_time') ? 'start_time' : 'NULL';
  const runSql = `SELECT substr(run_uuid, 1, 64), substr(experiment_id, 1, 64), ${nameColumn}, substr(status, 1, 20), substr(lifecycle_stage, 1, 32), ${startColumn} FROM runs`;
  const runs: SqliteRun[] = db.rows(runSql).map(([id, experimentId, name, status, stage, start]) => {
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
  });
  const loggedModels = has.has('logged_models')
    ? db.rows('SELECT substr(model_id, 1, 64), substr(source_run_id, 1, 64) FROM logged_models').map(([id, runId]) => ({ id: String(id), sourceRunId: text(runId) }))
    : [];
  return { experiments, runs, registeredModels: readRegistry(db, has), loggedModels };
}

function readRegistry(db: BoundedReader, has: ReadonlySet<string>): SqliteRegisteredModel[] {
  if (!has.has('registered_models')) return [];
  const models = new Map<string, SqliteRegisteredModel>();
  for (const [name, description] of db.rows('SELECT substr(name, 1, 256), substr(description, 1, 5000) FROM registered_models')) {
    models.set(String(name), { name: String(name), description: text(description), versions: [] });
  }
  const aliases = new Map<string, string[]>();
  if (has.has('registered_model_aliases')) {
    for (const [name, alias, version] of db.rows('SELECT substr(name, 1, 256), substr(alias, 1, 256), substr(version, 1, 20) FROM registered_model_aliases')) {
      const key = `${name}\0${version}`;
      const list = aliases.get(key);
      if (list) list.push(String(alias));
      else aliases.set(key, [String(alias)]);
    }
  }
  if (has.has('model_versions')) {
    const sql = 'SELECT substr(name, 1, 256), substr(version, 1, 20), substr(current_stage, 1, 20), substr(run_id, 1, 64), substr(source, 1, 500), substr(status, 1, 20) FROM model_versions ORDER BY name, version';
    for (const [name, version, stage, runId, source, status] of db.rows(sql)) {
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

function readRunDetail(db: BoundedReader, has: ReadonlySet<string>, runId: string): SqliteRunDetail {
  const params: Record<string, string> = {};
  if (has.has('params')) for (const [key, value] of db.rows('SELECT substr(key, 1, 250), substr(value, 1, 1000) FROM params WHERE run_uuid = ?', [runId], 500)) params[String(key)] = text(value) ?? '';
  const finalMetrics: Record<string, MetricPoint> = {};
  if (has.has('latest_metrics')) {
    for (const [key, value, step, timestamp, isNan] of db.rows('SELECT substr(key, 1, 250), value, step, timestamp, is_nan FROM latest_metrics WHERE run_uuid = ?', [runId], 500)) {
      finalMetrics[String(key)] = metricPoint(value, step, timestamp, isNan);
    }
  } else if (has.has('metrics')) {
    // The row with the greatest (step, timestamp) per key, as MLflow computes latest_metrics: one pass here
    // (a correlated NOT EXISTS is quadratic in a run's history when the vendor's table has no index).
    const latest = new Map<string, { step: number; timestamp: number; point: MetricPoint }>();
    for (const [key, value, step, timestamp, isNan] of db.rows('SELECT substr(key, 1, 250), value, step, timestamp, is_nan FROM metrics WHERE run_uuid = ?', [runId])) {
      const point = metricPoint(value, step, timestamp, isNan);
      const seen = latest.get(String(key));
      if (!seen || point.step > seen.step || (point.step === seen.step && point.timestamp > seen.timestamp)) latest.set(String(key), { step: point.step, timestamp: point.timestamp, point });
    }
    for (const [key, { point }] of [...latest].slice(0, 500)) finalMetrics[key] = point;
  }
  return { params, finalMetrics };
}

function metricPoint(value: SqlValue, step: SqlValue, timestamp: SqlValue, isNan: SqlValue): MetricPoint {
  return { value: isNan ? Number.NaN : Number(value), step: Number(step ?? 0), timestamp: Number(timestamp ?? 0) };
}

function formatMiB(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KiB` : `${Math.round(bytes / 1024 / 1024)} MiB`;
}

function text(value: SqlValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return null;
  return String(value);
}
