// Results a notebook dump records only as cell outputs: a printed score, a classification report, a table of
// scores across configurations. Not an experiment log (no run ids, no parameters a tracker keeps, no history a
// team can query), but what a careful reviewer counts as a weak one. Nothing is executed: the committed
// outputs are read as text, bounded per notebook and per scan.
import { notebookOutputs } from '../data-protection/notebook-outputs.js';
import { parseJson } from '../formats/json.js';
import type { Snapshot } from '../snapshot/snapshot.js';

/** Notebooks read at most, bytes read per notebook (outputs can hold images) and per scan. */
const MAX_NOTEBOOKS = 100;
const MAX_NOTEBOOK_BYTES = 8 * 1024 * 1024;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
/** Output text examined per notebook, lines per output and characters per line. */
const MAX_OUTPUT_CHARS = 256 * 1024;
const MAX_LINES = 2000;
const MAX_LINE = 300;
/** Results listed per notebook. */
const MAX_RESULTS = 20;

export type NotebookResultKind = 'metric' | 'report' | 'table' | 'comparison' | 'runs';

export interface NotebookResult {
  path: string;
  /** 1-based cell number, as Jupyter shows it. */
  cell: number;
  kind: NotebookResultKind;
  /** Tries the output records: the rows of a table of configurations, 1 for a printed metric or a report. */
  tries: number;
  /** A table that names each row's configuration (model, parameters) next to its metrics. */
  withParameters: boolean;
  /** What was recognised, e.g. `accuracy 0.913`, `classification report`, `table of 4 rows (model, max_depth, f1)`. */
  note: string;
  /** A tracker's runs table printed (`mlflow.search_runs()`): runs by id, how many FINISHED, and whether params and metrics columns are shown. */
  runTable?: { runs: number; finished: number; params: boolean; metrics: boolean };
}

export interface NotebookResults {
  /** Notebooks listed in the snapshot, and those read. */
  notebooks: number;
  read: number;
  results: NotebookResult[];
}

/** A classification report's header (scikit-learn): `precision    recall  f1-score   support`. */
const REPORT_HEADER = /\bprecision[ \t]{1,40}recall[ \t]{1,40}f1-score[ \t]{1,40}support\b/;
/**
 * A metric named next to its value: `accuracy: 0.913`, `F1 = 0.84`, `val_loss 0.31`, `ROC AUC: 91.2%`, and as a
 * printed dict or `json.dumps` writes it (`"f1": 0.78`, `'f1': 0.78`).
 */
const METRIC_VALUE =
  /\b(accuracy|acc|precision|recall|f1(?:[-_ ]score)?|(?:roc|pr)[-_ ]?auc|auc|auprc|rmse|mae|mse|r2|log[-_ ]?loss|(?:mean[-_ ])?(?:test|val|valid|cv)[-_ ]?(?:score|accuracy|acc|loss|f1|auc))\b["']?[ \t]{0,3}[:=]?[ \t]{0,3}(-?\d{1,6}(?:\.\d{1,17})?%?)(?![\w.])/i;
/** A key of a printed mapping that names a result metric: the names of METRIC_VALUE, whole. */
const METRIC_KEY = /^(?:accuracy|acc|precision|recall|f1(?:[-_ ]score)?|(?:roc|pr)[-_ ]?auc|auc|auprc|rmse|mae|mse|r2|log[-_ ]?loss|(?:mean[-_ ])?(?:test|val|valid|cv)[-_ ]?(?:score|accuracy|acc|loss|f1|auc))$/i;
/**
 * A column of scores in a printed table (pandas): `accuracy`, `f1`, `mean_test_score`, `val_auc`. A bare `score`
 * is a data column as often as a result (a credit score), so only a split-prefixed one counts.
 */
const METRIC_COLUMN = /^(?:mean_|avg_)?(?:(?:test_|val_|valid_|cv_|train_)?(?:accuracy|acc|precision|recall|f1|f1_score|auc|roc_auc|pr_auc|auprc|rmse|mae|mse|r2|logloss|log_loss)|(?:test_|val_|valid_|cv_)score)$/i;
/** Row labels of `df.describe()`: statistics of the data, not results. */
const DESCRIBE_ROWS = new Set(['count', 'mean', 'std', 'min', 'max']);
/** Columns that describe a fold or the run's timing, not its configuration. */
const NOT_A_PARAMETER = /^(?:std_|rank_|split\d+_|mean_(?:fit|score)_time|\.\.\.|\d+$)/i;
/** A bare number printed by a cell that computes a metric: `print(clf.score(X_test, y_test))` → `0.913`. */
const BARE_NUMBER = /^-?\d{0,6}\.\d{1,17}$/;
const METRIC_CALL = /\b(?:score|accuracy_score|f1_score|roc_auc_score|precision_score|recall_score|average_precision_score|mean_squared_error|mean_absolute_error|r2_score|log_loss|cross_val_score|evaluate)[ \t]{0,3}\(/;

export async function collectNotebookResults(snapshot: Snapshot): Promise<NotebookResults> {
  const paths = snapshot.glob('**/*.ipynb').filter((path) => !snapshot.isSymlink(path));
  const results: NotebookResult[] = [];
  let read = 0;
  let budget = MAX_TOTAL_BYTES;
  for (const path of paths.slice(0, MAX_NOTEBOOKS)) {
    if (budget <= 0 || snapshot.deadline.expired()) break;
    const text = await snapshot.readText(path, { maxBytes: Math.min(MAX_NOTEBOOK_BYTES, budget) });
    if (!text.ok) continue;
    budget -= text.text.length;
    read++;
    const parsed = parseJson(text.text);
    if (parsed.ok) results.push(...notebookResults(path, parsed.value).slice(0, MAX_RESULTS));
  }
  return { notebooks: paths.length, read, results };
}

/** The results one parsed notebook's outputs record. Pure. */
export function notebookResults(path: string, notebook: unknown): NotebookResult[] {
  const outputs = notebookOutputs(notebook);
  if (!outputs) return [];
  const cells = (notebook as { cells: unknown[] }).cells;
  const found: NotebookResult[] = [];
  let budget = MAX_OUTPUT_CHARS;
  for (const output of outputs) {
    if (budget <= 0) break;
    const text = output.text.slice(0, budget);
    budget -= text.length;
    const result = resultOf(text, sourceOf(cells[output.cell - 1]));
    if (result) found.push({ path, cell: output.cell, ...result });
  }
  return found;
}

function resultOf(text: string, source: string): Omit<NotebookResult, 'path' | 'cell'> | null {
  const lines = text.split('\n', MAX_LINES).map((line) => line.slice(0, MAX_LINE));
  if (lines.some((line) => REPORT_HEADER.test(line))) return { kind: 'report', tries: 1, withParameters: false, note: 'classification report' };
  const runs = runTableOf(lines);
  if (runs) return runs;
  const table = tableOf(lines);
  if (table) return table;
  const comparison = comparisonOf(text);
  if (comparison) return comparison;
  const metrics = lines.map((line) => METRIC_VALUE.exec(line)).filter((match): match is RegExpExecArray => match !== null);
  if (metrics.length) {
    const shown = metrics.slice(0, 3).map((match) => `${match[1]} ${match[2]}`);
    return { kind: 'metric', tries: 1, withParameters: false, note: shown.join(', ') + (metrics.length > 3 ? ', …' : '') };
  }
  const trimmed = text.trim();
  if (BARE_NUMBER.test(trimmed) && METRIC_CALL.test(source)) return { kind: 'metric', tries: 1, withParameters: false, note: `printed score ${trimmed.slice(0, 12)}` };
  return null;
}

/**
 * A printed table (pandas text) with a column of scores: a header line naming at least one metric column,
 * then the rows below it that hold numbers. Each row is one configuration tried.
 */
function tableOf(lines: readonly string[]): Omit<NotebookResult, 'path' | 'cell'> | null {
  for (let i = 0; i < lines.length - 1; i++) {
    const columns = lines[i].trim().split(/\s+/);
    if (columns.length < 2 || /\d\.\d/.test(lines[i]) || !columns.some((column) => METRIC_COLUMN.test(column))) continue;
    let rows = 0;
    const labels = new Set<string>();
    for (let j = i + 1; j < lines.length && /\d/.test(lines[j]) && !lines[j].trimStart().startsWith('['); j++) {
      rows++;
      labels.add(lines[j].trim().split(/\s/, 1)[0].toLowerCase());
    }
    if (rows < 2) continue;
    if ([...DESCRIBE_ROWS].every((label) => labels.has(label))) {
      i += rows; // the rows of a data summary are no table's header: each line is looked at once
      continue;
    }
    const parameters = columns.filter((column) => !METRIC_COLUMN.test(column) && !NOT_A_PARAMETER.test(column));
    const shown = columns.slice(0, 5).join(', ') + (columns.length > 5 ? ', …' : '');
    return { kind: 'table', tries: rows, withParameters: parameters.length > 0, note: `table of ${rows} rows (${shown})` };
  }
  return null;
}

/** A pandas row of `mlflow.search_runs()`: the row index, then the 32-hex run id. */
const RUN_ROW = /^[ \t]{0,8}\d{1,6}[ \t]{1,40}([0-9a-f]{32})(?![0-9a-f])/;
const RUN_ID_HEADER = /^[ \t]{0,80}run_id(?:[ \t]|$)/;

/**
 * A tracker's runs table printed in a notebook (`mlflow.search_runs()` as pandas prints it: a `run_id` column,
 * then `status`, `params.*` and `metrics.*` columns in blocks): the runs exist, by id, though their store is not
 * delivered. Counted only with both params and metrics columns, as the tracker's own export shows them.
 */
function runTableOf(lines: readonly string[]): Omit<NotebookResult, 'path' | 'cell'> | null {
  if (!lines.some((line) => RUN_ID_HEADER.test(line))) return null;
  const ids = new Set<string>();
  let finished = 0;
  let params = false;
  let metrics = false;
  for (const line of lines) {
    const row = RUN_ROW.exec(line);
    if (row && !ids.has(row[1])) {
      ids.add(row[1]);
      if (/\bFINISHED\b/.test(line)) finished++;
    }
    if (!params && /(?:^|[ \t])params\.\S/.test(line)) params = true;
    if (!metrics && /(?:^|[ \t])metrics\.\S/.test(line)) metrics = true;
  }
  if (ids.size === 0 || !params || !metrics) return null;
  return {
    kind: 'runs',
    tries: ids.size,
    withParameters: true,
    note: `printed runs table: ${ids.size} run(s) by id (${[...ids].slice(0, 2).map((id) => id.slice(0, 8)).join(', ')}${ids.size > 2 ? ', …' : ''}), ${finished} FINISHED, with params.* and metrics.* columns`,
    runTable: { runs: ids.size, finished, params, metrics },
  };
}

/** Printed mappings compared at most this deep, this many keys looked at, this much text parsed. */
const MAX_COMPARISON_DEPTH = 6;
const MAX_COMPARISON_KEYS = 2000;
const MAX_COMPARISON_TEXT = 64 * 1024;

/**
 * A printed mapping of configurations to their scores (`json.dumps(performance)`: method → model → {precision,
 * recall, f1}): each group of metric keys under its own path is one configuration tried, named by that path.
 */
function comparisonOf(text: string): Omit<NotebookResult, 'path' | 'cell'> | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || trimmed.length > MAX_COMPARISON_TEXT) return null;
  const parsed = parseJson(trimmed, MAX_COMPARISON_DEPTH + 2);
  if (!parsed.ok) return null;
  const groups: Array<{ path: string; metrics: string[] }> = [];
  let budget = MAX_COMPARISON_KEYS;
  const walk = (value: unknown, path: readonly string[]): void => {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || path.length > MAX_COMPARISON_DEPTH || budget <= 0) return;
    const entries = Object.entries(value as Record<string, unknown>).slice(0, budget);
    budget -= entries.length;
    const metrics = entries.filter(([key, item]) => typeof item === 'number' && METRIC_KEY.test(key)).map(([key]) => key);
    if (metrics.length > 0 && path.length > 0) groups.push({ path: path.join(' / '), metrics });
    for (const [key, item] of entries) walk(item, [...path, key.slice(0, 60)]);
  };
  walk(parsed.value, []);
  if (groups.length < 2) return null;
  const names = groups.slice(0, 3).map((group) => group.path).join(', ') + (groups.length > 3 ? ', …' : '');
  const metrics = [...new Set(groups.flatMap((group) => group.metrics))].slice(0, 4).join(', ');
  return { kind: 'comparison', tries: groups.length, withParameters: true, note: `comparison of ${groups.length} configurations (${names}) by ${metrics}` };
}

function sourceOf(cell: unknown): string {
  if (cell === null || typeof cell !== 'object') return '';
  const source = (cell as { source?: unknown }).source;
  if (typeof source === 'string') return source.slice(0, 64 * 1024);
  if (Array.isArray(source)) return source.filter((part): part is string => typeof part === 'string').join('').slice(0, 64 * 1024);
  return '';
}
