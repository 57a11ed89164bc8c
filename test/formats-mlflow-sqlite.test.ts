import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSqliteHeader, loadSqlJs, readMlflowSqlite } from '../src/formats/mlflow-sqlite.js';
import { hex32, mlflowDb } from './experiment-tracking.helpers.js';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await initSqlJs();
});

const RUN_A = hex32(1);
const RUN_B = hex32(2);

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
