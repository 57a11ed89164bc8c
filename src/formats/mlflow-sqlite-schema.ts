// The MLflow schema a tracking database must have before any of its rows are read. A vendor's `mlflow.db` is
// hostile input: SQLite runs whatever the schema says on read (a generated column of `zeroblob(1e9)`, a view
// named `runs` over a recursive query, a default value computed per row), and sql.js gives no progress handler
// to stop it. So nothing is queried until every table and column this reader touches is a plain stored column
// of the type MLflow declares; then the queries are linear in the file's size by construction.
import type { Database, SqlValue } from 'sql.js';

/** What a column must hold: text, a number, or either (ids are integers in MLflow, text in a few forks). */
type ColumnKind = 'text' | 'number' | 'id';

interface TableSpec {
  /** Columns every MLflow version has; a missing one means this is not MLflow's table. */
  required: Record<string, ColumnKind>;
  /** Columns some versions lack (read as NULL when absent). */
  optional?: Record<string, ColumnKind>;
  /** A table whose columns changed across MLflow versions: one that does not fit is left unread, not refused. */
  skipWhenDifferent?: boolean;
}

/** The columns this reader takes, per mlflow/store/tracking/dbmodels/models.py and model_registry/dbmodels/models.py. */
export const MLFLOW_TABLES: Readonly<Record<string, TableSpec>> = {
  experiments: { required: { experiment_id: 'id', name: 'text', lifecycle_stage: 'text' } },
  experiment_tags: { required: { experiment_id: 'id', key: 'text', value: 'text' } },
  runs: {
    required: { run_uuid: 'text', experiment_id: 'id', status: 'text', lifecycle_stage: 'text' },
    optional: { name: 'text', start_time: 'number' },
  },
  tags: { required: { run_uuid: 'text', key: 'text', value: 'text' } },
  params: { required: { run_uuid: 'text', key: 'text', value: 'text' } },
  latest_metrics: { required: { run_uuid: 'text', key: 'text', value: 'number', step: 'number', timestamp: 'number', is_nan: 'number' } },
  metrics: { required: { run_uuid: 'text', key: 'text', value: 'number', step: 'number', timestamp: 'number', is_nan: 'number' } },
  registered_models: { required: { name: 'text', description: 'text' } },
  registered_model_aliases: { required: { name: 'text', alias: 'text', version: 'id' } },
  model_versions: { required: { name: 'text', version: 'id', current_stage: 'text', run_id: 'text', source: 'text', status: 'text' } },
  logged_models: { required: { model_id: 'text', source_run_id: 'text' }, skipWhenDifferent: true },
};

export type SchemaVerdict =
  | { ok: true; /** MLflow tables present and fit to read. */ tables: ReadonlySet<string>; /** Optional columns present, as `table.column`. */ columns: ReadonlySet<string>; allTables: string[] }
  | { ok: false; notMlflow: true }
  | { ok: false; notMlflow?: false; reason: string };

/**
 * Inspects `sqlite_master` and each MLflow table's columns (reading the schema runs nothing the schema
 * defines). Not MLflow when `experiments` or `runs` is absent; refused when a name MLflow uses is a view,
 * trigger target or virtual table, or a column read is generated, hidden, of another type, or has a default
 * that is an expression rather than a literal.
 */
export function inspectMlflowSchema(db: Database): SchemaVerdict {
  const entries = rows(db, "SELECT type, name, substr(sql, 1, 200) FROM sqlite_master WHERE type IN ('table', 'view') LIMIT 10000");
  const allTables: string[] = [];
  const kindOf = new Map<string, string>();
  for (const [type, name, sql] of entries) {
    const key = String(name).toLowerCase();
    const virtual = type === 'table' && /^\s*CREATE\s+VIRTUAL\b/i.test(String(sql ?? ''));
    kindOf.set(key, virtual ? 'virtual table' : String(type));
    if (type === 'table') allTables.push(String(name));
  }
  if (!kindOf.has('experiments') || !kindOf.has('runs')) return { ok: false, notMlflow: true };

  const tables = new Set<string>();
  const columns = new Set<string>();
  for (const [table, spec] of Object.entries(MLFLOW_TABLES)) {
    const kind = kindOf.get(table);
    if (kind === undefined) continue;
    if (kind !== 'table') return { ok: false, reason: `"${table}" is a ${kind}, not a table as MLflow creates it` };
    const problem = columnProblem(db, table, spec, columns);
    if (problem === null) tables.add(table);
    else if (!spec.skipWhenDifferent) return { ok: false, reason: problem };
  }
  return { ok: true, tables, columns, allTables };
}

/** Null when the table's columns fit the spec (optional columns found are added to `found`), else why not. */
function columnProblem(db: Database, table: string, spec: TableSpec, found: Set<string>): string | null {
  // table_xinfo lists hidden columns too: `hidden` is 1 for a virtual table's hidden column, 2 and 3 for
  // generated columns (virtual, stored). MLflow declares none of them.
  const declared = new Map<string, { type: string; dflt: SqlValue; hidden: number }>();
  for (const [, name, type, , dflt, , hidden] of rows(db, `PRAGMA table_xinfo("${table}")`)) {
    declared.set(String(name).toLowerCase(), { type: String(type ?? ''), dflt, hidden: Number(hidden) });
  }
  for (const [name, column] of declared) {
    if (column.hidden !== 0) return `${table}.${name} is a ${column.hidden === 1 ? 'hidden' : 'generated'} column; MLflow declares only stored columns`;
  }
  const wanted: Array<[string, ColumnKind, boolean]> = [
    ...Object.entries(spec.required).map(([name, kind]): [string, ColumnKind, boolean] => [name, kind, true]),
    ...Object.entries(spec.optional ?? {}).map(([name, kind]): [string, ColumnKind, boolean] => [name, kind, false]),
  ];
  for (const [name, kind, required] of wanted) {
    const column = declared.get(name);
    if (!column) {
      if (required) return `${table}.${name} is missing: not MLflow's schema`;
      continue;
    }
    if (!fits(kind, affinity(column.type))) return `${table}.${name} is declared ${column.type ? `"${column.type.slice(0, 40)}"` : 'without a type'}; MLflow declares ${kind === 'text' ? 'text' : kind === 'number' ? 'a number' : 'an integer or text'}`;
    if (column.dflt !== null && !isLiteral(String(column.dflt))) return `${table}.${name} has a computed default value; MLflow's defaults are literals`;
    if (!required) found.add(`${table}.${name}`);
  }
  return null;
}

type Affinity = 'TEXT' | 'INTEGER' | 'REAL' | 'NUMERIC' | 'BLOB';

/** SQLite's rules for a declared type's affinity (datatype3.html, section 3.1), in their order. */
function affinity(declared: string): Affinity {
  const type = declared.toUpperCase();
  if (type.includes('INT')) return 'INTEGER';
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'TEXT';
  if (type.includes('BLOB') || type.trim() === '') return 'BLOB';
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

function fits(kind: ColumnKind, found: Affinity): boolean {
  if (kind === 'text') return found === 'TEXT';
  if (kind === 'number') return found === 'INTEGER' || found === 'REAL' || found === 'NUMERIC';
  return found !== 'BLOB';
}

const LITERAL = /^(?:NULL|TRUE|FALSE|CURRENT_(?:TIMESTAMP|TIME|DATE)|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|'(?:[^']|'')*'|[xX]'[0-9A-Fa-f]*')$/i;

/** A default SQLite stores as written: a literal (possibly in parentheses), never a function call. */
function isLiteral(text: string): boolean {
  if (text.length > 1000) return false;
  // Parentheses peeled with string methods: a lazy group between two \s* is quadratic in a run of spaces.
  const trimmed = text.trim();
  const bare = trimmed.length > 1 && trimmed.startsWith('(') && trimmed.endsWith(')') ? trimmed.slice(1, -1).trim() : trimmed;
  return LITERAL.test(bare);
}

function rows(db: Database, sql: string): SqlValue[][] {
  return db.exec(sql)[0]?.values ?? [];
}
