// Evaluation results committed as files, one per run or per release (`releases/<id>/evaluation_results.yaml`,
// `runs/2024-05-02-lgbm/metrics.json`, a `scores.csv` with a row per run): a weak experiment log when no tracker
// store is delivered. They show that a model was evaluated, when and with what result; no tracker keeps their
// parameters, run ids or history to query. Files a DVC pipeline declares as metrics are left to the DVC reader,
// and files the LLM evaluation readers take are theirs. Nothing is executed; reads and parses are bounded.
import { parseCsv } from '../formats/csv.js';
import { parseJson } from '../formats/json.js';
import { dvcExperimentDeclaration } from '../formats/trackers.js';
import { parseYaml, parseYamlMapping } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';

const MAX_CANDIDATES = 200;
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_TOTAL_BYTES = 16 * 1024 * 1024;
const MAX_DEPTH = 6;
const MAX_KEYS = 5000;
const MAX_SIBLINGS = 20;
const MAX_SIBLING_BYTES = 64 * 1024;

export interface ResultRecord {
  /** The result file. */
  path: string;
  /** The run or release the file belongs to: its dated, versioned or id-named folder, or the file itself. */
  run: string;
  /** What names the run: a date, a version, a run id (from the path or the file). */
  identity: string;
  /** Kept under a `release(s)` folder: the record of a model that was released. */
  release: boolean;
  /** Metric names with a numeric value (thresholds and targets are not results). */
  metrics: string[];
  /** Tries the file records: the rows of a results table, 1 for a file of one run. */
  tries: number;
  /** Parameters are recorded next to the results (a params/config file of the run, or columns of the table). */
  withParameters: boolean;
  /** A git commit recorded for the run (in the file or a file next to it), and where. */
  commit: { sha: string; path: string } | null;
}

export interface ResultFiles {
  /** Candidate files read. */
  examined: number;
  records: ResultRecord[];
}

/** Words that name a results file by its name's parts (`evaluation_results`, `metrics`, `test-scores`, `leaderboard`). */
const RESULT_WORDS = new Set(['metric', 'metrics', 'score', 'scores', 'result', 'results', 'evaluation', 'evaluations', 'eval', 'evals', 'benchmark', 'benchmarks', 'performance', 'leaderboard']);
const RESULT_EXTENSIONS = /\.(json|ya?ml|csv|tsv)$/i;
/** Folders whose files are not a delivery's results: dependencies, tracker stores read elsewhere, tests, settings. */
const NOT_RESULTS_FOLDER = new Set([
  'node_modules', '.venv', 'venv', 'site-packages', 'vendor', 'third_party', 'third-party', '.git', 'mlruns', 'mlartifacts', 'wandb', '.wandb', 'dvclive', 'lightning_logs',
  'test', 'tests', 'testing', 'fixtures', '__snapshots__', 'config', 'configs', 'conf', 'settings', '.github', 'templates', 'template', 'schemas', 'schema',
]);
/** Words of a metric name, split on `_`, `-`, `.` and spaces (`auc_roc`, `val-loss`, `rougeL`). */
const METRIC_WORDS = new Set([
  'accuracy', 'acc', 'precision', 'recall', 'f1', 'f1score', 'auc', 'roc', 'auroc', 'auprc', 'rmse', 'mae', 'mse', 'mape', 'r2', 'loss', 'logloss',
  'bleu', 'rouge', 'rouge1', 'rouge2', 'rougel', 'meteor', 'wer', 'cer', 'perplexity', 'ndcg', 'map', 'mrr', 'iou', 'miou', 'dice', 'mcc', 'kappa', 'brier', 'ece', 'gini',
]);
/** A key with one of these words states a target, a limit, a setting or a risk proxy, not a result (`min_accuracy`, `optimal_threshold`, `risk_auc`). */
const NOT_A_RESULT_WORDS = new Set(['risk', 'min', 'max', 'minimum', 'maximum', 'threshold', 'thresholds', 'target', 'targets', 'gate', 'limit', 'required', 'expected', 'tolerance', 'weight', 'weights', 'cost']);
/** Keys naming the run or its time inside a result file. */
const IDENTITY_KEYS = new Set(['run_id', 'runid', 'run', 'run_name', 'timestamp', 'date', 'created', 'created_at', 'evaluated_at', 'version', 'model_version', 'release', 'experiment', 'experiment_id']);
const COMMIT_KEYS = new Set(['commit', 'git_commit', 'commit_sha', 'git_sha', 'sha', 'revision', 'git_revision']);
/** Table columns that name a run rather than a parameter. */
const IDENTITY_COLUMNS = new Set([...IDENTITY_KEYS, 'id', 'name', 'commit', 'git_commit']);

/** A path part naming a run: a date, a version, a uuid or long hex id, `run-12`. Short, anchored, linear. */
const DATE_PART = /(?:^|[^0-9])(20\d\d-?[01]\d-?[0-3]\d)(?![0-9])/;
const VERSION_PART = /^v\d{1,4}(?:[._]\d{1,4}){0,3}$/i;
const ID_PART = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{8,40})$/i;
const RUN_PART = /^(?:run|trial|exp|experiment|release)[-_]?\d{1,6}$/i;
const GIT_SHA = /\b[0-9a-f]{40}\b/;
const SIBLING_PARAMS = /(?:^|[-_.])(?:params|parameters|hyperparameters|hparams|config|args|settings)(?:[-_.]|$)/i;
const SIBLING_TEXT = /\.(json|ya?ml|md|txt|toml)$/i;

/** Result files of the snapshot, grouped by run. `exclude` holds paths another reader already judges. */
export async function collectResultFiles(snapshot: Snapshot, exclude: ReadonlySet<string> = new Set()): Promise<ResultFiles> {
  const declared = await dvcDeclaredMetrics(snapshot);
  const candidates = snapshot.files
    .filter((path) => isResultFileName(path) && !exclude.has(path) && !declared.has(path) && !snapshot.isSymlink(path))
    .slice(0, MAX_CANDIDATES);
  const records: ResultRecord[] = [];
  let budget = MAX_TOTAL_BYTES;
  let examined = 0;
  for (const path of candidates) {
    if (budget <= 0 || snapshot.deadline.expired()) break;
    const read = await snapshot.readText(path, { maxBytes: Math.min(MAX_FILE_BYTES, budget) });
    if (!read.ok) continue;
    budget -= read.text.length;
    examined++;
    const record = /\.(csv|tsv)$/i.test(path) ? resultTable(path, read.text) : resultDocument(path, read.text);
    if (!record) continue;
    if (record.tries === 1 && !record.withParameters) record.withParameters = hasParamsSibling(snapshot, record);
    if (!record.commit && record.run !== record.path) record.commit = await commitNextTo(snapshot, record);
    records.push(record);
  }
  return { examined, records };
}

/** A file named for results (`metrics.json`, `evaluation_results.yaml`, `test-scores.csv`) outside dependency, test and settings folders. Pure. */
export function isResultFileName(path: string): boolean {
  if (!RESULT_EXTENSIONS.test(path)) return false;
  const parts = path.split('/');
  if (parts.slice(0, -1).some((part) => NOT_RESULTS_FOLDER.has(part.toLowerCase()))) return false;
  const stem = parts[parts.length - 1].replace(RESULT_EXTENSIONS, '').toLowerCase();
  return stem.split(/[-_. ]/).some((word) => RESULT_WORDS.has(word));
}

/** A JSON or YAML result file of one run: metric values, and what names the run (path or content). Pure. */
export function resultDocument(path: string, text: string): ResultRecord | null {
  const parsed = /\.json$/i.test(path) ? parseJson(text, MAX_DEPTH + 4) : parseYaml(text);
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) return null;
  const found = { metrics: new Set<string>(), identity: null as string | null, commit: null as string | null };
  let budget = MAX_KEYS;
  const walk = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || budget <= 0) return;
    const entries = Array.isArray(value) ? value.slice(0, budget).map((item, index) => [String(index), item] as const) : Object.entries(value as Record<string, unknown>).slice(0, budget);
    budget -= entries.length;
    for (const [key, item] of entries) {
      const name = key.toLowerCase();
      if (typeof item === 'number' && Number.isFinite(item) && isResultMetric(name)) found.metrics.add(key.slice(0, 60));
      else if (typeof item === 'string' && COMMIT_KEYS.has(name) && GIT_SHA.test(item)) found.commit = item.slice(0, 40);
      else if ((typeof item === 'string' || typeof item === 'number') && IDENTITY_KEYS.has(name) && found.identity === null) found.identity = `${key} ${String(item).slice(0, 40)}`;
      walk(item, depth + 1);
    }
  };
  walk(parsed.value, 0);
  if (found.metrics.size === 0) return null;
  const run = runFolderOf(path);
  const identity = run?.identity ?? found.identity;
  if (identity === null) return null; // an undated, unnamed file of numbers is no record of a run
  return {
    path,
    run: run?.folder ?? path,
    identity,
    release: isRelease(path),
    metrics: [...found.metrics].slice(0, 12),
    tries: 1,
    withParameters: false,
    commit: found.commit ? { sha: found.commit, path } : null,
  };
}

/** A CSV or TSV table of results: a metric column and a row per run; columns other than metrics and identity are parameters. Pure. */
export function resultTable(path: string, text: string): ResultRecord | null {
  const table = parseCsv(text, { maxRows: 2000 });
  if (!table.ok) return null;
  const header = table.value.header.map((column) => column.trim());
  const metricColumns = header.filter((column) => isResultMetric(column.toLowerCase()));
  const numericRows = table.value.rows.filter((row) => header.some((column, index) => metricColumns.includes(column) && row[index] !== undefined && Number.isFinite(Number.parseFloat(row[index]))));
  if (metricColumns.length === 0 || numericRows.length === 0) return null;
  const identityColumns = header.filter((column) => IDENTITY_COLUMNS.has(column.toLowerCase()));
  const run = runFolderOf(path);
  if (numericRows.length < 2 && identityColumns.length === 0 && !run) return null;
  const parameters = header.filter((column) => column && !metricColumns.includes(column) && !identityColumns.includes(column));
  return {
    path,
    run: run?.folder ?? path,
    identity: run?.identity ?? (identityColumns.length ? `column ${identityColumns[0]}` : `${numericRows.length} rows`),
    release: isRelease(path),
    metrics: metricColumns.slice(0, 12),
    tries: numericRows.length,
    withParameters: parameters.length > 0,
    commit: null,
  };
}

/** A metric name that states a result: `auc_roc`, `val_loss`, `f1-score`, not `min_accuracy` or `optimal_threshold`. Pure. */
export function isResultMetric(name: string): boolean {
  const words = name
    .slice(0, 80)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[-_. @/]/)
    .filter(Boolean);
  return words.some((word) => METRIC_WORDS.has(word)) && !words.some((word) => NOT_A_RESULT_WORDS.has(word));
}

/** The nearest folder (or the file's own name) that names a run: `releases/<uuid>/`, `runs/2024-05-02-lgbm/`, `v1.2/`, `metrics-20240502.json`. */
function runFolderOf(path: string): { folder: string; identity: string } | null {
  const parts = path.split('/');
  const stem = parts[parts.length - 1].replace(RESULT_EXTENSIONS, '');
  const ownDate = DATE_PART.exec(stem);
  if (ownDate) return { folder: path, identity: ownDate[1] };
  const ownVersion = stem.split(/[-_]/).find((part) => VERSION_PART.test(part));
  if (ownVersion) return { folder: path, identity: ownVersion };
  for (let i = parts.length - 2; i >= Math.max(0, parts.length - 4); i--) {
    const part = parts[i];
    const date = DATE_PART.exec(part);
    const named = date?.[1] ?? (VERSION_PART.test(part) || ID_PART.test(part) || RUN_PART.test(part) ? part : null);
    if (named) return { folder: parts.slice(0, i + 1).join('/'), identity: named.slice(0, 40) };
  }
  return null;
}

function isRelease(path: string): boolean {
  return path.split('/').some((part) => /^releases?$/i.test(part));
}

function hasParamsSibling(snapshot: Snapshot, record: ResultRecord): boolean {
  if (record.run === record.path) return false;
  return childrenOf(snapshot.files, record.run).some((path) => path !== record.path && SIBLING_PARAMS.test(path.slice(path.lastIndexOf('/') + 1)));
}

/** A commit recorded next to the results in the run's folder (`git_info.md`, `metadata.json`). */
async function commitNextTo(snapshot: Snapshot, record: ResultRecord): Promise<{ sha: string; path: string } | null> {
  const siblings = childrenOf(snapshot.files, record.run).filter((path) => path !== record.path && SIBLING_TEXT.test(path) && !snapshot.isSymlink(path));
  for (const path of siblings.slice(0, MAX_SIBLINGS)) {
    const size = await snapshot.sizeOf(path);
    if (size === undefined || size > MAX_SIBLING_BYTES) continue;
    const read = await snapshot.readText(path, { maxBytes: MAX_SIBLING_BYTES });
    if (!read.ok || !/commit|sha|revision/i.test(read.text)) continue;
    const sha = GIT_SHA.exec(read.text);
    if (sha) return { sha: sha[0], path };
  }
  return null;
}

/** Metric files DVC pipelines declare (`metrics:` of dvc.yaml, top level or per stage): the DVC reader counts them. */
async function dvcDeclaredMetrics(snapshot: Snapshot): Promise<Set<string>> {
  const declared = new Set<string>();
  for (const path of snapshot.glob('**/dvc.yaml').slice(0, 20)) {
    const read = await snapshot.readText(path, { maxBytes: MAX_FILE_BYTES });
    if (!read.ok) continue;
    const mapping = parseYamlMapping(read.text);
    if (!mapping.ok) continue;
    const folder = path.slice(0, path.lastIndexOf('/') + 1);
    for (const file of dvcExperimentDeclaration(mapping.value).metrics) declared.add(normalise(folder + file));
  }
  return declared;
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** Files directly in a folder, found by binary search in the sorted listing (no scan of the whole tree per run). */
function childrenOf(files: readonly string[], folder: string): string[] {
  const prefix = `${folder}/`;
  let low = 0;
  let high = files.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (files[mid] < prefix) low = mid + 1;
    else high = mid;
  }
  const children: string[] = [];
  for (let i = low; i < files.length && files[i].startsWith(prefix) && children.length < MAX_SIBLINGS * 5; i++) {
    if (!files[i].includes('/', prefix.length)) children.push(files[i]);
  }
  return children;
}
