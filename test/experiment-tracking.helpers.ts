// Builders for experiment-tracking tests: MLflow file-store trees, MLflow-shaped SQLite databases (made with
// sql.js using MLflow's own table and column names), and W&B run folders.
import type { SqlJsStatic } from 'sql.js';

export type Tree = Record<string, string | Uint8Array>;

export interface FileRun {
  id: string;
  exp?: string;
  name?: string;
  status?: number;
  lifecycle?: 'active' | 'deleted';
  params?: Record<string, string>;
  /** key -> metric file text (lines `<ts> <value> <step>`). */
  metrics?: Record<string, string>;
  tags?: Record<string, string>;
  note?: string;
  commit?: string;
  /** Write run_name into meta.yaml (old stores only have the tag). */
  metaName?: boolean;
}

export const hex32 = (n: number, prefix = 'a'): string => `${prefix}${n.toString(16).padStart(8, '0')}`.padEnd(32, 'e');

export function experimentMeta(id: string, name: string, lifecycle = 'active'): string {
  return `artifact_location: file:///work/mlruns/${id}\ncreation_time: 1738663500000\nexperiment_id: '${id}'\nlast_update_time: 1738663500000\nlifecycle_stage: ${lifecycle}\nname: ${name}\n`;
}

export function fileRun(run: FileRun, root = 'mlruns'): Tree {
  const exp = run.exp ?? '1';
  const dir = `${root}/${exp}/${run.id}`;
  const tree: Tree = {
    [`${dir}/meta.yaml`]: [
      `artifact_uri: file:///work/${dir}/artifacts`,
      'end_time: 1738663700000',
      "entry_point_name: ''",
      `experiment_id: '${exp}'`,
      `lifecycle_stage: ${run.lifecycle ?? 'active'}`,
      `run_id: ${run.id}`,
      ...(run.metaName !== false && run.name ? [`run_name: ${run.name}`] : []),
      `run_uuid: ${run.id}`,
      "source_name: ''",
      'source_type: 4',
      "source_version: ''",
      'start_time: 1738663600000',
      `status: ${run.status ?? 3}`,
      'tags: []',
      'user_id: dev',
      ...(run.lifecycle === 'deleted' ? ['deleted_time: 1738663800000'] : []),
      '',
    ].join('\n'),
  };
  for (const [key, value] of Object.entries(run.params ?? {})) tree[`${dir}/params/${key}`] = value;
  for (const [key, value] of Object.entries(run.metrics ?? {})) tree[`${dir}/metrics/${key}`] = value;
  const tags: Record<string, string> = { ...(run.tags ?? {}) };
  if (run.name) tags['mlflow.runName'] = run.name;
  if (run.note !== undefined) tags['mlflow.note.content'] = run.note;
  if (run.commit) tags['mlflow.source.git.commit'] = run.commit;
  for (const [key, value] of Object.entries(tags)) tree[`${dir}/tags/${key}`] = value;
  return tree;
}

export const NOTE = 'Tried class weights instead of undersampling because the minority class is only six percent of customers.';
export const COMMIT = '3f9c2a17e4b05d8c61a9e2f0b7d4c3a58e1f6b29';

/** A small, good file store: three finished runs with params, metrics, notes, names, commits and tags. */
export function goodFileStore(root = 'mlruns'): Tree {
  return {
    [`${root}/1/meta.yaml`]: experimentMeta('1', 'churn'),
    ...[0, 1, 2].reduce<Tree>(
      (tree, n) => ({
        ...tree,
        ...fileRun({ id: hex32(n), name: ['logreg-baseline', 'lgbm-default', 'lgbm-tuned'][n], params: { lr: '0.1' }, metrics: { pr_auc: `1738663650000 0.${60 + n} 0\n` }, note: NOTE, commit: COMMIT, tags: { purpose: 'tuning' } }, root),
      }),
      {},
    ),
  };
}

/** MLflow's tracking and registry tables (dbmodels/models.py of the tracking and registry stores), the columns this reader uses and their neighbours. */
const MLFLOW_DDL = `
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
CREATE TABLE experiments (experiment_id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(256) NOT NULL UNIQUE, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT);
CREATE TABLE experiment_tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000), experiment_id INTEGER NOT NULL, PRIMARY KEY (key, experiment_id));
CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT, deleted_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER);
CREATE TABLE tags (key VARCHAR(250) NOT NULL, value VARCHAR(8000), run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY (key, run_uuid));
CREATE TABLE params (key VARCHAR(250) NOT NULL, value VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY (key, run_uuid));
CREATE TABLE metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL, step BIGINT NOT NULL DEFAULT 0, is_nan BOOLEAN NOT NULL DEFAULT 0, PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan));
CREATE TABLE latest_metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY (key, run_uuid));
CREATE TABLE registered_models (name VARCHAR(256) NOT NULL PRIMARY KEY, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000));
CREATE TABLE model_versions (name VARCHAR(256) NOT NULL, version INTEGER NOT NULL, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000), user_id VARCHAR(256), current_stage VARCHAR(20), source VARCHAR(500), run_id VARCHAR(32), status VARCHAR(20), status_message VARCHAR(500), run_link VARCHAR(500), storage_location VARCHAR(500), PRIMARY KEY (name, version));
CREATE TABLE registered_model_aliases (alias VARCHAR(256) NOT NULL, version INTEGER NOT NULL, name VARCHAR(256) NOT NULL, PRIMARY KEY (name, alias));
`;

export interface DbRun {
  id: string;
  name?: string | null;
  status?: string;
  lifecycle?: string;
  exp?: number;
  params?: Record<string, string>;
  /** key -> [value, step, timestamp][] (full history; latest_metrics filled from it unless `noLatest`). */
  metrics?: Record<string, Array<[number, number, number]>>;
  tags?: Record<string, string>;
}

export interface DbSpec {
  experiments?: Array<{ id: number; name: string; lifecycle?: string; note?: string }>;
  runs: DbRun[];
  models?: Array<{ name: string; versions: Array<{ version: number; runId: string | null; stage?: string; source?: string }>; aliases?: Record<string, number> }>;
  /** Leave out latest_metrics (databases from before it existed). */
  noLatest?: boolean;
}

export function mlflowDb(SQL: SqlJsStatic, spec: DbSpec): Uint8Array {
  const db = new SQL.Database();
  db.run(MLFLOW_DDL);
  if (spec.noLatest) db.run('DROP TABLE latest_metrics');
  db.run("INSERT INTO alembic_version VALUES ('1b5f0d9ad7c1')");
  db.run('BEGIN');
  for (const e of spec.experiments ?? [{ id: 0, name: 'Default' }]) {
    db.run('INSERT INTO experiments VALUES (?, ?, ?, ?, ?, ?)', [e.id, e.name, `mlflow-artifacts:/${e.id}`, e.lifecycle ?? 'active', 1738663500000, 1738663500000]);
    if (e.note) db.run('INSERT INTO experiment_tags VALUES (?, ?, ?)', ['mlflow.note.content', e.note, e.id]);
  }
  const insertRun = db.prepare('INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertTag = db.prepare('INSERT INTO tags VALUES (?, ?, ?)');
  const insertParam = db.prepare('INSERT INTO params VALUES (?, ?, ?)');
  const insertMetric = db.prepare('INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?)');
  const insertLatest = spec.noLatest ? null : db.prepare('INSERT INTO latest_metrics VALUES (?, ?, ?, ?, ?, ?)');
  for (const run of spec.runs) {
    insertRun.run([run.id, run.name ?? null, 'LOCAL', 'train.py', '', 'dev', run.status ?? 'FINISHED', 1738663600000, 1738663700000, null, '', run.lifecycle ?? 'active', `mlflow-artifacts:/${run.exp ?? 0}/${run.id}/artifacts`, run.exp ?? 0]);
    for (const [key, value] of Object.entries(run.tags ?? {})) insertTag.run([key, value, run.id]);
    for (const [key, value] of Object.entries(run.params ?? {})) insertParam.run([key, value, run.id]);
    for (const [key, history] of Object.entries(run.metrics ?? {})) {
      for (const [value, step, timestamp] of history) insertMetric.run([key, value, timestamp, run.id, step, 0]);
      const last = [...history].sort((a, b) => a[1] - b[1] || a[2] - b[2]).at(-1)!;
      insertLatest?.run([key, last[0], last[2], last[1], 0, run.id]);
    }
  }
  for (const statement of [insertRun, insertTag, insertParam, insertMetric, insertLatest]) statement?.free();
  for (const model of spec.models ?? []) {
    db.run('INSERT INTO registered_models VALUES (?, ?, ?, ?)', [model.name, 1738663500000, 1738663500000, 'churn model']);
    for (const v of model.versions) {
      db.run('INSERT INTO model_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [model.name, v.version, 1738663500000, 1738663500000, '', 'dev', v.stage ?? 'None', v.source ?? `models:/${model.name}/${v.version}`, v.runId, 'READY', null, '', null]);
    }
    for (const [alias, version] of Object.entries(model.aliases ?? {})) db.run('INSERT INTO registered_model_aliases VALUES (?, ?, ?)', [alias, version, model.name]);
  }
  db.run('COMMIT');
  const bytes = db.export();
  db.close();
  return bytes;
}

/** A W&B run folder; `style` picks the legacy Python writer or the Go core's config.yaml. */
export function wandbRun(options: { dir: string; id: string; style: 'legacy' | 'core'; params: Record<string, unknown>; summary?: Record<string, unknown>; commit?: string | null; email?: boolean }): Tree {
  const lines: string[] = [];
  if (options.style === 'legacy') lines.push('wandb_version: 1', '');
  lines.push('_wandb:', ...(options.style === 'legacy' ? ['  desc: null'] : []), '  value:', '    cli_version: 0.22.1', '    python_version: 3.12.4', "    m: []");
  for (const [key, value] of Object.entries(options.params)) {
    lines.push(`${key}:`, ...(options.style === 'legacy' ? ['  desc: null'] : []), `  value: ${JSON.stringify(value)}`);
  }
  const tree: Tree = {
    [`${options.dir}/files/config.yaml`]: lines.join('\n') + '\n',
    [`${options.dir}/files/wandb-metadata.json`]: JSON.stringify({
      os: 'Linux',
      python: '3.12.4',
      startedAt: '2025-10-01T11:38:46.000Z',
      program: 'train.py',
      codePath: 'train.py',
      ...(options.commit === null ? {} : { git: { remote: 'https://example.invalid/ferrous/churn.git', commit: options.commit ?? COMMIT } }),
      ...(options.email ? { email: 'dev@example.invalid', username: 'dev' } : {}),
      host: 'trainer-01',
    }),
    [`${options.dir}/run-${options.id}.wandb`]: new Uint8Array([0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00, 0x01, 0x02]),
    [`${options.dir}/logs/debug.log`]: 'started\n',
  };
  if (options.summary) tree[`${options.dir}/files/wandb-summary.json`] = JSON.stringify({ ...options.summary, _step: 9, _runtime: 61.2, _timestamp: 1759318786.2 });
  return tree;
}
