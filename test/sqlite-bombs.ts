// MLflow databases whose schema would make SQLite run without end or allocate gigabytes on a plain read,
// built with sql.js from a well-formed store (test/experiment-tracking.helpers.ts).
import type { SqlJsStatic } from 'sql.js';

/** A copy of a database after `sql` ran over it. */
export function altered(SQL: SqlJsStatic, bytes: Uint8Array, sql: string): Uint8Array {
  const db = new SQL.Database(bytes);
  db.exec(sql);
  const out = db.export();
  db.close();
  return out;
}

/**
 * `runs` with `status` declared as `statusDeclaration`, last. The rows are written without it and the
 * declaration is put into the schema afterwards (as a crafted file would have it): SQLite itself refuses to
 * insert under a generated column of zeroblobs, and a row without a column reads its default.
 */
export function withRunsStatus(SQL: SqlJsStatic, bytes: Uint8Array, statusDeclaration: string): Uint8Array {
  const others = 'run_uuid, name, source_type, source_name, entry_point_name, user_id, start_time, end_time, deleted_time, source_version, lifecycle_stage, artifact_uri, experiment_id';
  return altered(
    SQL,
    bytes,
    `ALTER TABLE runs RENAME TO runs_old;
     CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), start_time BIGINT, end_time BIGINT, deleted_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER);
     INSERT INTO runs (${others}) SELECT ${others} FROM runs_old;
     DROP TABLE runs_old;
     PRAGMA writable_schema = ON;
     UPDATE sqlite_master SET sql = substr(sql, 1, length(sql) - 1) || ', ${statusDeclaration.replaceAll("'", "''")})' WHERE name = 'runs';`,
  );
}

/** The bomb: `runs.status` a virtual generated column that is 800 MB of hex per row. */
export const ZEROBLOB_STATUS = 'status VARCHAR(9) GENERATED ALWAYS AS (hex(zeroblob(400000000))) VIRTUAL';

/** A query that never ends if SQLite ever runs it. */
export const ENDLESS = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT hex(zeroblob(1000000)) AS key, 'v' AS value, 'r' AS run_uuid FROM c";
