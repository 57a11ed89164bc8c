import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSqliteHeader, isStoppedRead, loadSqlJs, readMlflowSqlite } from '../src/formats/mlflow-sqlite.js';
import { collectMlflowSqlite } from '../src/experiments/mlflow-sqlite.js';
import { openTarget } from '../src/targets.js';
import { hex32, mlflowDb } from './experiment-tracking.helpers.js';
import { makeTree } from './helpers.js';
import { altered as alteredDb, ENDLESS, withRunsStatus as withStatus, ZEROBLOB_STATUS } from './sqlite-bombs.js';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await initSqlJs();
});

const RUN_A = hex32(1);
const RUN_B = hex32(2);
const altered = (bytes: Uint8Array, sql: string) => alteredDb(SQL, bytes, sql);
const withRunsStatus = (bytes: Uint8Array, declaration: string) => withStatus(SQL, bytes, declaration);

describe('MLflow SQLite store', () => {
  it('loads the wasm reader from node_modules in development', async () => {
    const loaded = await loadSqlJs();
    expect(typeof loaded.Database).toBe('function');
    expect(await loadSqlJs()).toBe(loaded);
  });

  it('reads experiments, runs, counts, tags, registry aliases and the detail of asked runs', () => {
    const bytes = mlflowDb(SQL, {
      experiments: [
        { id: 0, name: 'Default' },
        { id: 1, name: 'churn', note: 'Churn experiments on the 2025-01 snapshot.' },
      ],
      runs: [
        {
          id: RUN_A,
          name: 'lgbm-tuned',
          exp: 1,
          params: { lr: '0.03', num_leaves: '63' },
          metrics: { pr_auc: [[0.70, 0, 1000], [0.74, 3, 1300], [0.73, 2, 1400]], recall: [[0.78, 3, 1300]] },
          tags: { 'mlflow.note.content': 'Tuned with Optuna.', 'mlflow.source.git.commit': 'a'.repeat(40), purpose: 'final' },
        },
        { id: RUN_B, name: null, status: 'FAILED', lifecycle: 'deleted', exp: 1, tags: { 'mlflow.runName': 'from-tag' } },
      ],
      models: [{ name: 'churn', versions: [{ version: 1, runId: RUN_B }, { version: 2, runId: RUN_A, stage: 'Production' }], aliases: { champion: 2 } }],
    });
    const read = readMlflowSqlite(SQL, bytes, { detailRuns: (store) => store.registeredModels.flatMap((m) => m.versions.filter((v) => v.aliases.length).map((v) => v.runId!)) });
    expect(read.ok).toBe(true);
    if (!read.ok || !read.value) return;
    const store = read.value;
    expect(store.tables).toEqual(expect.arrayContaining(['alembic_version', 'experiments', 'runs', 'tags', 'latest_metrics', 'registered_model_aliases']));
    expect(store.experiments).toEqual([
      { id: '0', name: 'Default', lifecycleStage: 'active', note: null },
      { id: '1', name: 'churn', lifecycleStage: 'active', note: 'Churn experiments on the 2025-01 snapshot.' },
    ]);
    const a = store.runs.find((r) => r.id === RUN_A)!;
    expect(a).toMatchObject({ name: 'lgbm-tuned', status: 'finished', experimentId: '1', paramCount: 2, metricCount: 2 });
    expect(a.tags).toMatchObject({ purpose: 'final', 'mlflow.note.content': 'Tuned with Optuna.' });
    // The name column is empty: the mlflow.runName tag stands in, as MLflow's UI does.
    expect(store.runs.find((r) => r.id === RUN_B)).toMatchObject({ name: 'from-tag', status: 'failed', lifecycleStage: 'deleted', paramCount: 0 });
    expect(store.registeredModels).toEqual([
      {
        name: 'churn',
        description: 'churn model',
        versions: [
          { name: 'churn', version: '1', currentStage: 'None', runId: RUN_B, source: 'models:/churn/1', status: 'READY', aliases: [] },
          { name: 'churn', version: '2', currentStage: 'Production', runId: RUN_A, source: 'models:/churn/2', status: 'READY', aliases: ['champion'] },
        ],
      },
    ]);
    expect(Object.keys(store.details)).toEqual([RUN_A]);
    expect(store.details[RUN_A].params).toEqual({ lr: '0.03', num_leaves: '63' });
    expect(store.details[RUN_A].finalMetrics).toEqual({ pr_auc: { value: 0.74, step: 3, timestamp: 1300 }, recall: { value: 0.78, step: 3, timestamp: 1300 } });
  });

  it('computes final metrics from the full history when latest_metrics is missing (old databases)', () => {
    const bytes = mlflowDb(SQL, { noLatest: true, runs: [{ id: RUN_A, metrics: { auc: [[0.8, 1, 10], [0.9, 2, 5], [0.85, 2, 20]] } }] });
    const read = readMlflowSqlite(SQL, bytes, { detailRuns: () => [RUN_A] });
    expect(read.ok && read.value?.runs[0].metricCount).toBe(1);
    expect(read.ok && read.value?.details[RUN_A].finalMetrics).toEqual({ auc: { value: 0.85, step: 2, timestamp: 20 } });
  });

  it('returns null for a SQLite database of another application', () => {
    const db = new SQL.Database();
    db.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    const bytes = db.export();
    db.close();
    expect(readMlflowSqlite(SQL, bytes)).toEqual({ ok: true, value: null });
  });

  it('reports bytes that are not a database, or a damaged one, as errors', () => {
    expect(isSqliteHeader(new TextEncoder().encode('SQLite format 3\0rest'))).toBe(true);
    expect(readMlflowSqlite(SQL, new TextEncoder().encode('version https://git-lfs.github.com/spec/v1\n'))).toEqual({
      ok: false,
      error: { message: 'not a SQLite database (the "SQLite format 3" header is missing)' },
    });
    const good = mlflowDb(SQL, { runs: Array.from({ length: 200 }, (_, n) => ({ id: hex32(n), params: { depth: String(n) } })) });
    const damaged = good.slice(0, Math.floor(good.length / 2));
    damaged.fill(0, 4096 * 2, 4096 * 3);
    const read = readMlflowSqlite(SQL, damaged);
    expect(read).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^unreadable SQLite database: /) } });
  });

  it('reads ten thousand runs with per-table aggregates', () => {
    const runs = Array.from({ length: 10_000 }, (_, n) => ({
      id: hex32(n, 'c'),
      name: `trial-${n}`,
      status: n % 10 === 0 ? 'FAILED' : 'FINISHED',
      params: { depth: String(n % 8), lr: '0.1' },
      metrics: { auc: [[0.5 + (n % 40) / 100, 0, 1000] as [number, number, number]] },
      tags: { 'mlflow.source.git.commit': 'b'.repeat(40), ...(n % 2 ? { 'mlflow.note.content': `Trial ${n} of the depth sweep, kept for the comparison table.` } : {}) },
    }));
    const read = readMlflowSqlite(SQL, mlflowDb(SQL, { runs }));
    expect(read.ok).toBe(true);
    if (!read.ok || !read.value) return;
    expect(read.value.runs).toHaveLength(10_000);
    expect(read.value.runs.filter((r) => r.status === 'failed')).toHaveLength(1000);
    expect(read.value.runs.filter((r) => r.tags['mlflow.note.content'])).toHaveLength(5000);
    expect(read.value.runs.every((r) => r.paramCount === 2 && r.metricCount === 1)).toBe(true);
  });
});

describe('a refused MLflow SQLite store in a snapshot', () => {
  it('is an unreadable store and a report error naming the file and the reason, named mlflow.db or not', async () => {
    const bomb = withRunsStatus(mlflowDb(SQL, { runs: [{ id: RUN_A }] }), ZEROBLOB_STATUS);
    const other = new SQL.Database();
    other.run('CREATE TABLE cache (k TEXT, v TEXT)');
    const dir = makeTree({ 'tracking/mlflow.db': bomb, 'backup/runs.db': bomb, 'app/cache.db': other.export() });
    other.close();
    const opened = await openTarget(dir);
    try {
      const { stores } = await collectMlflowSqlite(opened.snapshot, 1024 * 1024);
      const reason = 'refused: runs.status is a generated column; MLflow declares only stored columns';
      expect(stores.map((store) => [store.ref.path, store.problems])).toEqual([
        ['tracking/mlflow.db', [{ path: 'tracking/mlflow.db', kind: 'unreadable', message: reason }]],
        ['backup/runs.db', [{ path: 'backup/runs.db', kind: 'unreadable', message: reason }]],
      ]);
      expect(opened.snapshot.errors).toEqual(
        expect.arrayContaining([
          { path: 'tracking/mlflow.db', message: `MLflow SQLite store ${reason}` },
          { path: 'backup/runs.db', message: `MLflow SQLite store ${reason}` },
        ]),
      );
      expect(opened.snapshot.errors.some((error) => error.path === 'app/cache.db')).toBe(false);
    } finally {
      await opened.close();
    }
  });
});

describe('a hostile MLflow SQLite store is refused or stopped, never run', () => {
  const base = () => mlflowDb(SQL, { runs: Array.from({ length: 20 }, (_, n) => ({ id: hex32(n), params: { depth: String(n) }, tags: { purpose: 'sweep' } })) });

  it.each([
    ['a virtual generated status of zeroblobs', ZEROBLOB_STATUS, /^refused: runs\.status is a generated column/],
    ['a stored generated status', "status VARCHAR(9) GENERATED ALWAYS AS ('FINISHED') STORED", /^refused: runs\.status is a generated column/],
    ['a status declared without a type', 'status', /^refused: runs\.status is declared without a type/],
    ['a status declared as a blob', 'status BLOB', /^refused: runs\.status is declared "BLOB"/],
  ])('refuses runs with %s', (_label, declaration, message) => {
    const read = readMlflowSqlite(SQL, withRunsStatus(base(), declaration));
    expect(read).toMatchObject({ ok: false, error: { message: expect.stringMatching(message) } });
    if (!read.ok) expect(isStoppedRead(read.error.message)).toBe(true);
  });

  it('refuses a generated column anywhere in a table it reads, even one it does not select', () => {
    const bytes = altered(base(), 'ALTER TABLE tags ADD COLUMN blown TEXT GENERATED ALWAYS AS (hex(zeroblob(400000000))) VIRTUAL');
    expect(readMlflowSqlite(SQL, bytes)).toMatchObject({ ok: false, error: { message: 'refused: tags.blown is a generated column; MLflow declares only stored columns' } });
  });

  it('refuses a default computed per row (rows written before the column read it on every select)', () => {
    const bomb = withRunsStatus(base(), 'status VARCHAR(9) DEFAULT (zeroblob(400000000))');
    // This sql.js build reads such a default as NULL (SQLite evaluates functions there only with STAT4); the
    // refusal does not depend on the build.
    expect(readMlflowSqlite(SQL, bomb)).toMatchObject({ ok: false, error: { message: "refused: runs.status has a computed default value; MLflow's defaults are literals" } });
    // A literal default is MLflow's kind, and reads.
    const literal = readMlflowSqlite(SQL, withRunsStatus(base(), "status VARCHAR(9) DEFAULT 'FAILED'"));
    expect(literal.ok && literal.value?.runs.every((run) => run.status === 'failed')).toBe(true);
  });

  it('refuses views standing in for MLflow tables, whatever they compute', () => {
    const tagsView = altered(base(), `DROP TABLE tags; CREATE VIEW tags AS ${ENDLESS}`);
    expect(readMlflowSqlite(SQL, tagsView)).toMatchObject({ ok: false, error: { message: 'refused: "tags" is a view, not a table as MLflow creates it' } });
    const runsView = altered(base(), `DROP TABLE runs; CREATE VIEW runs AS ${ENDLESS}`);
    expect(readMlflowSqlite(SQL, runsView)).toMatchObject({ ok: false, error: { message: 'refused: "runs" is a view, not a table as MLflow creates it' } });
  });

  it('never runs a view or trigger it does not read: an endless recursive view beside MLflow tables is inert', () => {
    const bytes = altered(base(), `CREATE VIEW run_report AS ${ENDLESS}; CREATE TRIGGER t AFTER INSERT ON runs BEGIN INSERT INTO tags SELECT * FROM run_report; END;`);
    const read = readMlflowSqlite(SQL, bytes);
    expect(read.ok && read.value?.runs).toHaveLength(20);
  });

  it('computes final metrics from an unindexed history of one key in one pass', () => {
    // Without MLflow's primary key the old correlated query was quadratic in a run's history.
    const history = Array.from({ length: 20_000 }, (_, n): [number, number, number] => [n / 20_000, n, 1000 + n]);
    const bytes = altered(mlflowDb(SQL, { noLatest: true, runs: [{ id: RUN_A, metrics: { loss: history } }] }), 'CREATE TABLE m2 AS SELECT * FROM metrics; DROP TABLE metrics; ALTER TABLE m2 RENAME TO metrics;');
    const read = readMlflowSqlite(SQL, bytes, { detailRuns: () => [RUN_A] });
    expect(read.ok && read.value?.details[RUN_A].finalMetrics).toEqual({ loss: { value: 19_999 / 20_000, step: 19_999, timestamp: 20_999 } });
  });
  it('stops a read that passes the row cap or the text cap, with the reason', () => {
    const bytes = base();
    expect(readMlflowSqlite(SQL, bytes, { limits: { rowsPerQuery: 10 } })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^read stopped: more than 10 rows from "SELECT/) } });
    expect(readMlflowSqlite(SQL, bytes, { limits: { textChars: 2048 } })).toMatchObject({ ok: false, error: { message: 'read stopped: the tables hold more than 2 KiB of text to read' } });
    expect(readMlflowSqlite(SQL, bytes).ok).toBe(true);
  });

  // Last in the file: SQLite only ever lowers a wasm instance's heap limit, and this one is tiny.
  it('stops a read that needs more memory than the heap limit', () => {
    const wide = mlflowDb(SQL, { runs: Array.from({ length: 3000 }, (_, n) => ({ id: hex32(n), params: Object.fromEntries(Array.from({ length: 5 }, (_, k) => [`p${k}`, 'x'.repeat(300)])) })) });
    expect(readMlflowSqlite(SQL, wide).ok).toBe(true);
    expect(readMlflowSqlite(SQL, wide, { limits: { heapBytes: 256 * 1024 } })).toMatchObject({ ok: false, error: { message: 'read stopped: SQLite needed more than the 256 KiB it may use' } });
  });
});
