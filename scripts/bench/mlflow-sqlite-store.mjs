// Builds an MLflow SQLite tracking store (`mlflow.db`) with thousands of runs, deterministically, using the
// tables and indexes MLflow's own migrations create (mlflow/store/tracking/dbmodels/models.py; the schema in
// MLflow's tests/resources/db/latest_schema.sql). Written with sql.js, so no native SQLite is needed.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const MLFLOW_SCHEMA = `
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
CREATE TABLE experiments (experiment_id INTEGER NOT NULL, name VARCHAR(256) NOT NULL, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT,
  CONSTRAINT experiment_pk PRIMARY KEY (experiment_id), UNIQUE (name), CONSTRAINT experiments_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')));
CREATE TABLE experiment_tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000), experiment_id INTEGER NOT NULL, CONSTRAINT experiment_tag_pk PRIMARY KEY (key, experiment_id), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id));
CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT,
  source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER, deleted_time BIGINT, CONSTRAINT run_pk PRIMARY KEY (run_uuid), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id),
  CONSTRAINT runs_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')), CONSTRAINT source_type CHECK (source_type IN ('NOTEBOOK', 'JOB', 'LOCAL', 'UNKNOWN', 'PROJECT')),
  CHECK (status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING', 'KILLED')));
CREATE TABLE tags (key VARCHAR(250) NOT NULL, value VARCHAR(8000), run_uuid VARCHAR(32) NOT NULL, CONSTRAINT tag_pk PRIMARY KEY (key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid));
CREATE TABLE params (key VARCHAR(250) NOT NULL, value VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32) NOT NULL, CONSTRAINT param_pk PRIMARY KEY (key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid));
CREATE TABLE metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL, step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL,
  CONSTRAINT metric_pk PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid), CHECK (is_nan IN (0, 1)));
CREATE TABLE latest_metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL,
  CONSTRAINT latest_metric_pk PRIMARY KEY (key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid), CHECK (is_nan IN (0, 1)));
CREATE TABLE registered_models (name VARCHAR(256) NOT NULL, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000), CONSTRAINT registered_model_pk PRIMARY KEY (name), UNIQUE (name));
CREATE TABLE model_versions (name VARCHAR(256) NOT NULL, version INTEGER NOT NULL, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000), user_id VARCHAR(256), current_stage VARCHAR(20), source VARCHAR(500),
  run_id VARCHAR(32), status VARCHAR(20), status_message VARCHAR(500), run_link VARCHAR(500), storage_location VARCHAR(500), CONSTRAINT model_version_pk PRIMARY KEY (name, version), FOREIGN KEY(name) REFERENCES registered_models (name) ON UPDATE CASCADE);
CREATE TABLE registered_model_aliases (alias VARCHAR(256) NOT NULL, version INTEGER NOT NULL, name VARCHAR(256) NOT NULL, CONSTRAINT registered_model_alias_pk PRIMARY KEY (name, alias),
  CONSTRAINT registered_model_alias_name_fkey FOREIGN KEY(name) REFERENCES registered_models (name) ON DELETE CASCADE ON UPDATE CASCADE);
CREATE TABLE registered_model_tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000), name VARCHAR(256) NOT NULL, CONSTRAINT registered_model_tag_pk PRIMARY KEY (key, name), FOREIGN KEY(name) REFERENCES registered_models (name) ON UPDATE CASCADE);
CREATE TABLE model_version_tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000), name VARCHAR(256) NOT NULL, version INTEGER NOT NULL, CONSTRAINT model_version_tag_pk PRIMARY KEY (key, name, version),
  FOREIGN KEY(name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE);
CREATE INDEX index_metrics_run_uuid ON metrics (run_uuid);
CREATE INDEX index_latest_metrics_run_uuid ON latest_metrics (run_uuid);
CREATE INDEX index_params_run_uuid ON params (run_uuid);
CREATE INDEX index_tags_run_uuid ON tags (run_uuid);
`;

/** Deterministic run ids: 32 hex characters from a counter, as MLflow's uuid4().hex looks. */
function runId(n) {
  let out = '';
  let x = (n + 1) * 2654435761;
  while (out.length < 32) {
    x = (Math.imul(x ^ (x >>> 13), 1274126177) + 0x6d2b79f5) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, 32);
}

/**
 * The bytes of an `mlflow.db` with `runs` runs over three experiments: each run has `params` params,
 * `metrics` metrics logged for `steps` steps (history and latest value), the usual system tags, a note on
 * every third run; a registered model `kestrel-churn` with three versions and the alias `champion`.
 */
export async function buildMlflowSqliteStore({ runs = 10_000, params = 10, metrics = 4, steps = 10 } = {}) {
  const initSqlJs = require('sql.js');
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(MLFLOW_SCHEMA);
  db.run("INSERT INTO alembic_version VALUES ('1b5f0d9ad7c1')");
  db.run('BEGIN');
  const t0 = 1735689600000;
  const experiments = ['Default', 'churn-baseline', 'churn-lgbm'];
  experiments.forEach((name, id) => db.run('INSERT INTO experiments VALUES (?, ?, ?, ?, ?, ?)', [id, name, `mlflow-artifacts:/${id}`, 'active', t0, t0]));
  db.run('INSERT INTO experiment_tags VALUES (?, ?, ?)', ['mlflow.note.content', 'LightGBM sweeps on the 2025-01 customer snapshot; PR-AUC is the selection metric.', 2]);
  const insertRun = db.prepare('INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertTag = db.prepare('INSERT INTO tags VALUES (?, ?, ?)');
  const insertParam = db.prepare('INSERT INTO params VALUES (?, ?, ?)');
  const insertMetric = db.prepare('INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?)');
  const insertLatest = db.prepare('INSERT INTO latest_metrics VALUES (?, ?, ?, ?, ?, ?)');
  const metricNames = ['pr_auc', 'recall', 'precision', 'log_loss', 'roc_auc', 'f1'].slice(0, metrics);
  const ids = [];
  for (let r = 0; r < runs; r++) {
    const id = runId(r);
    ids.push(id);
    const experiment = 1 + (r % 2);
    const start = t0 + r * 60_000;
    const status = r % 25 === 0 ? 'FAILED' : 'FINISHED';
    insertRun.run([id, `lgbm-${r}`, 'LOCAL', 'train.py', '', 'ferrous-ci', status, start, start + 45_000, '3f9c2a1e', 'active', `mlflow-artifacts:/${experiment}/${id}/artifacts`, experiment, null]);
    insertTag.run(['mlflow.runName', `lgbm-${r}`, id]);
    insertTag.run(['mlflow.user', 'ferrous-ci', id]);
    insertTag.run(['mlflow.source.name', 'train.py', id]);
    insertTag.run(['mlflow.source.type', 'LOCAL', id]);
    insertTag.run(['mlflow.source.git.commit', runId(r >> 4) + runId(r >> 4).slice(0, 8), id]);
    if (r % 3 === 0) insertTag.run(['mlflow.note.content', `Run ${r}: lowered the learning rate after run ${r - 1} overfit past 300 rounds.`, id]);
    for (let p = 0; p < params; p++) insertParam.run([`param_${p}`, String(((r * 31 + p * 7) % 1000) / 1000), id]);
    metricNames.forEach((name, m) => {
      let value = 0;
      for (let step = 0; step < steps; step++) {
        value = ((r * 13 + m * 17 + step * 29) % 1000) / 1000;
        insertMetric.run([name, value, start + step * 1000, id, step, 0]);
      }
      insertLatest.run([name, value, start + (steps - 1) * 1000, steps - 1, 0, id]);
    });
  }
  for (const statement of [insertRun, insertTag, insertParam, insertMetric, insertLatest]) statement.free();
  db.run('INSERT INTO registered_models VALUES (?, ?, ?, ?)', ['kestrel-churn', t0, t0, 'Churn propensity model for Kestrel Mobile (LightGBM).']);
  for (let v = 1; v <= 3; v++) {
    const run = ids[ids.length - 1 - (3 - v) * 7];
    db.run('INSERT INTO model_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', ['kestrel-churn', v, t0, t0, '', 'ferrous-ci', v === 3 ? 'Production' : 'Archived', `models:/m-${run.slice(0, 8)}`, run, 'READY', null, '', null]);
  }
  db.run('INSERT INTO registered_model_aliases VALUES (?, ?, ?)', ['champion', 3, 'kestrel-churn']);
  db.run('COMMIT');
  const bytes = db.export();
  db.close();
  return bytes;
}
