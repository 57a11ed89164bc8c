// MLflow file store (`mlruns/`): where it is and what it holds, judged from the file listing, plus parsers
// for the few files worth reading (meta.yaml, metric histories, registry metadata, MLmodel).
// Layout per mlflow/store/tracking/file_store.py and mlflow/store/model_registry/file_store.py.
import { parseYamlMapping } from './yaml.js';
import { failed, parsed, type Parsed } from './result.js';

/** Run folders are named by the run id: 32 lowercase hex digits (a uuid4 without dashes). */
export const MLFLOW_RUN_ID = /^[0-9a-f]{32}$/;
/** MLflow 3 logged models: `m-` and 32 hex digits. */
export const MLFLOW_LOGGED_MODEL_ID = /^m-[0-9a-f]{32}$/;
/** Experiment folders hold these besides runs (mlflow fs2db RESERVED_FOLDERS). */
const EXPERIMENT_RESERVED = new Set(['tags', 'datasets', 'traces', 'models']);
const TRASH = '.trash';
const REGISTRY = 'models';

export interface FileStoreExperiment {
  id: string;
  /** Folder of the experiment, e.g. `mlruns/1`. */
  dir: string;
  metaPath: string | null;
  /** Moved to `.trash/` (a deleted experiment). */
  inTrash: boolean;
  tagKeys: string[];
}

export interface FileStoreRun {
  id: string;
  experimentId: string;
  dir: string;
  metaPath: string | null;
  inTrash: boolean;
  /** Param, metric and tag keys as MLflow sees them (nested folders joined back with `/`). */
  paramKeys: string[];
  metricKeys: string[];
  tagKeys: string[];
  artifactFiles: number;
  /** `MLmodel` files under `artifacts/`. */
  mlmodelPaths: string[];
  /** MLflow 3 logged-model outputs (`outputs/m-<id>/`). */
  outputModelIds: string[];
}

export interface FileStoreLoggedModel {
  id: string;
  experimentId: string;
  dir: string;
  metaPath: string | null;
  mlmodelPath: string | null;
  metricKeys: string[];
}

export interface FileStoreModelVersion {
  version: string;
  dir: string;
  metaPath: string | null;
  tagKeys: string[];
}

export interface FileStoreRegisteredModel {
  name: string;
  dir: string;
  metaPath: string | null;
  /** `aliases/<alias>` files; each holds a version number. */
  aliasPaths: Array<{ alias: string; path: string }>;
  versions: FileStoreModelVersion[];
}

/** What the listing says about one file store, before any file is read. */
export interface FileStoreLayout {
  root: string;
  experiments: FileStoreExperiment[];
  runs: FileStoreRun[];
  loggedModels: FileStoreLoggedModel[];
  registeredModels: FileStoreRegisteredModel[];
}

/**
 * Roots of file stores, found from the `meta.yaml` files in the listing: a root holds experiment
 * folders (`<root>/<exp>/meta.yaml`) with run folders (`<root>/<exp>/<32 hex>/meta.yaml`), or a registry
 * (`<root>/models/<name>/version-<N>/meta.yaml`) next to experiments, or deleted experiments in `.trash/`.
 */
export function findFileStoreRoots(metaYamlPaths: readonly string[]): string[] {
  const roots = new Set<string>();
  const experimentMeta = new Set(metaYamlPaths);
  for (const path of metaYamlPaths) {
    const parts = path.split('/');
    // <root...>/<exp>/<run>/meta.yaml
    if (parts.length >= 4 && MLFLOW_RUN_ID.test(parts[parts.length - 2])) {
      const expDir = parts.slice(0, -2).join('/');
      const rootParts = parts.slice(0, -3);
      const inTrash = rootParts[rootParts.length - 1] === TRASH;
      if (experimentMeta.has(`${expDir}/meta.yaml`) || inTrash) roots.add((inTrash ? rootParts.slice(0, -1) : rootParts).join('/'));
      continue;
    }
    // <root>/<exp>/meta.yaml where the root is literally `mlruns` (an experiment without runs yet).
    if (parts.length >= 3 && parts[parts.length - 3] === 'mlruns' && /^\d+$/.test(parts[parts.length - 2])) {
      roots.add(parts.slice(0, -2).join('/'));
      continue;
    }
    // <root>/models/<name>/version-<N>/meta.yaml under an `mlruns` root.
    if (parts.length >= 5 && /^version-\d+$/.test(parts[parts.length - 2]) && parts[parts.length - 4] === REGISTRY) {
      const root = parts.slice(0, -4);
      if (root[root.length - 1] === 'mlruns') roots.add(root.join('/'));
    }
  }
  // A store nested inside another store's artifacts is that run's business, not a second store.
  const sorted = [...roots].sort();
  return sorted.filter((root) => !sorted.some((other) => other !== root && (other === '' || root.startsWith(`${other}/`))));
}

/** Indexes one file store from the paths under its root (full paths, as listed). */
export function indexFileStore(root: string, paths: readonly string[]): FileStoreLayout {
  const prefix = root === '' ? '' : `${root}/`;
  const experiments = new Map<string, FileStoreExperiment>();
  const runs = new Map<string, FileStoreRun>();
  const loggedModels = new Map<string, FileStoreLoggedModel>();
  const registered = new Map<string, FileStoreRegisteredModel>();

  const experiment = (id: string, inTrash: boolean): FileStoreExperiment => {
    const key = `${inTrash ? 't' : 'a'}:${id}`;
    let found = experiments.get(key);
    if (!found) {
      found = { id, dir: `${prefix}${inTrash ? `${TRASH}/` : ''}${id}`, metaPath: null, inTrash, tagKeys: [] };
      experiments.set(key, found);
    }
    return found;
  };
  // The listing is sorted, so a run's files come together: the last run found answers most lookups.
  let last: FileStoreRun | undefined;
  const run = (expId: string, runId: string, inTrash: boolean): FileStoreRun => {
    if (last && last.id === runId && last.experimentId === expId && last.inTrash === inTrash) return last;
    const dir = `${prefix}${inTrash ? `${TRASH}/` : ''}${expId}/${runId}`;
    let found = runs.get(dir);
    if (!found) {
      found = { id: runId, experimentId: expId, dir, metaPath: null, inTrash, paramKeys: [], metricKeys: [], tagKeys: [], artifactFiles: 0, mlmodelPaths: [], outputModelIds: [] };
      runs.set(dir, found);
    }
    return (last = found);
  };

  for (const path of paths) {
    if (!path.startsWith(prefix)) continue;
    // Offsets into one split instead of slices of it: a store of 3,000 runs lists some 80,000 files.
    const parts = path.slice(prefix.length).split('/');
    if (parts[0] === REGISTRY) {
      indexRegistryPath(registered, `${prefix}${REGISTRY}`, parts.slice(1), path);
      continue;
    }
    const inTrash = parts[0] === TRASH;
    const at = inTrash ? 1 : 0;
    const depth = parts.length - at;
    if (depth < 2 || parts[at].startsWith('.')) continue;
    const expId = parts[at];
    const second = parts[at + 1];
    if (depth === 2) {
      if (second === 'meta.yaml') experiment(expId, inTrash).metaPath = path;
      continue;
    }
    if (second === 'tags') {
      experiment(expId, inTrash).tagKeys.push(joinFrom(parts, at + 2));
      continue;
    }
    if (second === 'models' && depth >= 4 && MLFLOW_LOGGED_MODEL_ID.test(parts[at + 2])) {
      indexLoggedModelPath(loggedModels, expId, `${prefix}${inTrash ? `${TRASH}/` : ''}${expId}/models/${parts[at + 2]}`, parts.slice(at + 3), path);
      continue;
    }
    // The run of the previous path was already found to be a run folder.
    const same = last !== undefined && last.id === second && last.experimentId === expId && last.inTrash === inTrash;
    if (!same && (EXPERIMENT_RESERVED.has(second) || !MLFLOW_RUN_ID.test(second))) continue;
    const entry = run(expId, second, inTrash);
    const kind = parts[at + 2];
    if (depth === 3) {
      if (kind === 'meta.yaml') entry.metaPath = path;
    } else if (kind === 'params') entry.paramKeys.push(joinFrom(parts, at + 3));
    else if (kind === 'metrics') entry.metricKeys.push(joinFrom(parts, at + 3));
    else if (kind === 'tags') entry.tagKeys.push(joinFrom(parts, at + 3));
    else if (kind === 'artifacts') {
      entry.artifactFiles++;
      if (parts[parts.length - 1] === 'MLmodel') entry.mlmodelPaths.push(path);
    } else if (kind === 'outputs' && depth >= 5 && parts[at + 4] === 'meta.yaml') entry.outputModelIds.push(parts[at + 3]);
  }

  // Only folders MLflow would read as runs: a run folder has meta.yaml (fs2db skips the others).
  const runList = [...runs.values()].filter((entry) => entry.metaPath !== null);
  for (const entry of runList) if (entry.experimentId) experiment(entry.experimentId, entry.inTrash);
  return {
    root,
    experiments: [...experiments.values()].filter((e) => e.metaPath !== null || runList.some((r) => r.experimentId === e.id && r.inTrash === e.inTrash)),
    runs: runList,
    loggedModels: [...loggedModels.values()],
    registeredModels: [...registered.values()].filter((model) => model.metaPath !== null || model.versions.length > 0),
  };
}

/**
 * MLflow writes run meta.yaml with `yaml.safe_dump` of a flat dict: one `key: value` per line. Such a file
 * is read here without the YAML parser (it cost about 1 ms a file, a third of the experiment check on a
 * store of 3,000 runs), giving the values the YAML 1.2 core schema gives: a quoted string, a decimal
 * integer, a plain word, or `[]`. Anything else (comments, nesting, booleans, nulls, duplicate keys, CR)
 * returns null and goes to the YAML parser.
 */
export function flatMetaMapping(text: string): Parsed<Record<string, unknown>> | null {
  if (text.length > 16 * 1024) return null;
  const out: Record<string, unknown> = {};
  const lines = text.split('\n');
  // One final newline, nothing after it.
  const last = lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
  for (let i = 0; i < last; i++) {
    const match = FLAT_LINE.exec(lines[i]);
    if (!match) return null;
    const [, key, quoted, integer, plain, empty] = match;
    if (Object.prototype.hasOwnProperty.call(out, key)) return null;
    if (quoted !== undefined) out[key] = quoted;
    else if (integer !== undefined) out[key] = Number(integer);
    else if (plain !== undefined) {
      if (YAML_WORDS.test(plain) || YAML_NUMBER.test(plain)) return null;
      out[key] = plain;
    } else if (empty !== undefined) out[key] = [];
    else return null;
  }
  return parsed(out);
}

// A plain word starts with a letter or digit (never an indicator), has no space, `#` or quote, and does not
// end with `:` (that would start a mapping). Run ids are plain hex words that often start with a digit.
const FLAT_LINE = /^([a-z][a-z0-9_]*): (?:'([^'\r\n]*)'|(0|[1-9][0-9]{0,14})|([A-Za-z0-9][A-Za-z0-9_.:/@+-]*[A-Za-z0-9_./@+-]|[A-Za-z0-9])|(\[\]))$/;
/** Plain words the core schema reads as booleans or null. */
const YAML_WORDS = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;
/** Plain words the core schema reads as numbers (yaml's core int, hex, octal, float and exponent forms). */
const YAML_NUMBER = /^(?:0x[0-9a-fA-F]+|0o[0-7]+|[-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

/** `parts[from..]` joined with `/` (most keys are one segment: no join). */
function joinFrom(parts: readonly string[], from: number): string {
  return from === parts.length - 1 ? parts[from] : parts.slice(from).join('/');
}

function indexRegistryPath(registered: Map<string, FileStoreRegisteredModel>, registryDir: string, parts: string[], path: string): void {
  if (parts.length < 2) return;
  const [name, second] = parts;
  let model = registered.get(name);
  if (!model) {
    model = { name, dir: `${registryDir}/${name}`, metaPath: null, aliasPaths: [], versions: [] };
    registered.set(name, model);
  }
  if (parts.length === 2 && second === 'meta.yaml') model.metaPath = path;
  else if (second === 'aliases' && parts.length === 3) model.aliasPaths.push({ alias: parts[2], path });
  else if (/^version-\d+$/.test(second) && parts.length >= 3) {
    const version = second.slice('version-'.length);
    let entry = model.versions.find((v) => v.version === version);
    if (!entry) {
      entry = { version, dir: `${model.dir}/${second}`, metaPath: null, tagKeys: [] };
      model.versions.push(entry);
    }
    if (parts.length === 3 && parts[2] === 'meta.yaml') entry.metaPath = path;
    else if (parts[2] === 'tags' && parts.length > 3) entry.tagKeys.push(parts.slice(3).join('/'));
  }
}

function indexLoggedModelPath(models: Map<string, FileStoreLoggedModel>, expId: string, dir: string, rest: string[], path: string): void {
  const id = dir.slice(dir.lastIndexOf('/') + 1);
  let model = models.get(dir);
  if (!model) {
    model = { id, experimentId: expId, dir, metaPath: null, mlmodelPath: null, metricKeys: [] };
    models.set(dir, model);
  }
  if (rest.length === 1 && rest[0] === 'meta.yaml') model.metaPath = path;
  else if (rest[0] === 'artifacts' && rest[rest.length - 1] === 'MLmodel' && rest.length === 2) model.mlmodelPath = path;
  else if (rest[0] === 'metrics' && rest.length > 1) model.metricKeys.push(rest.slice(1).join('/'));
}

/**
 * Run folders with artifacts but no metadata: MLflow 3.7+ keeps run metadata in `mlflow.db` and only the
 * artifacts under `./mlruns` (or `mlartifacts/` behind a tracking server). Returns the artifact roots.
 */
export function findArtifactOnlyRuns(paths: readonly string[], runsWithMeta: ReadonlySet<string>): Array<{ root: string; runDirs: string[] }> {
  const byRoot = new Map<string, Set<string>>();
  const pattern = /^(.*?(?:^|\/)(?:mlruns|mlartifacts))\/([^/]+)\/([0-9a-f]{32})\/artifacts\//;
  for (const path of paths) {
    // Substrings every match holds: most store files (params, metrics, tags) are not artifacts.
    if (!path.includes('/artifacts/') || (!path.includes('mlruns/') && !path.includes('mlartifacts/'))) continue;
    const match = pattern.exec(path);
    if (!match) continue;
    const runDir = `${match[1]}/${match[2]}/${match[3]}`;
    if (runsWithMeta.has(runDir)) continue;
    let set = byRoot.get(match[1]);
    if (!set) byRoot.set(match[1], (set = new Set()));
    set.add(runDir);
  }
  return [...byRoot.entries()].map(([root, dirs]) => ({ root, runDirs: [...dirs].sort() }));
}

// ---- parsers for the files worth reading -------------------------------------------------------------

export type MlflowRunStatus = 'running' | 'scheduled' | 'finished' | 'failed' | 'killed' | 'unknown';

/** RunStatus enum of mlflow/entities/run_status.py (ints in the file store, names in the SQL store). */
export function runStatusFrom(value: unknown): MlflowRunStatus {
  const byNumber: Record<number, MlflowRunStatus> = { 1: 'running', 2: 'scheduled', 3: 'finished', 4: 'failed', 5: 'killed' };
  if (typeof value === 'number') return byNumber[value] ?? 'unknown';
  if (typeof value === 'string') {
    const name = value.trim().toLowerCase();
    if (/^\d+$/.test(name)) return byNumber[Number(name)] ?? 'unknown';
    if (['running', 'scheduled', 'finished', 'failed', 'killed'].includes(name)) return name as MlflowRunStatus;
  }
  return 'unknown';
}

export interface ExperimentMeta {
  id: string | null;
  name: string | null;
  lifecycleStage: string | null;
}

export function parseExperimentMeta(text: string): Parsed<ExperimentMeta> {
  const doc = parseYamlMapping(text);
  if (!doc.ok) return doc;
  const meta = doc.value;
  return parsed({ id: scalar(meta.experiment_id), name: scalar(meta.name), lifecycleStage: scalar(meta.lifecycle_stage) });
}

export interface RunMeta {
  runId: string | null;
  runName: string | null;
  experimentId: string | null;
  status: MlflowRunStatus;
  lifecycleStage: string | null;
  startTime: number | null;
  endTime: number | null;
  userId: string | null;
}

export function parseRunMeta(text: string): Parsed<RunMeta> {
  const doc = flatMetaMapping(text) ?? parseYamlMapping(text);
  if (!doc.ok) return doc;
  const meta = doc.value;
  if (!('run_id' in meta) && !('run_uuid' in meta) && !('status' in meta)) return failed('not an MLflow run meta.yaml (no run_id, run_uuid or status)');
  return parsed({
    runId: scalar(meta.run_id) ?? scalar(meta.run_uuid),
    runName: scalar(meta.run_name) ?? scalar(meta.name),
    experimentId: scalar(meta.experiment_id),
    status: runStatusFrom(meta.status),
    lifecycleStage: scalar(meta.lifecycle_stage),
    startTime: numeric(meta.start_time),
    endTime: numeric(meta.end_time),
    userId: scalar(meta.user_id),
  });
}

export interface RegisteredModelMeta {
  name: string | null;
  description: string | null;
  /** `aliases: {champion: '2'}` when the meta.yaml carries them (the `aliases/` folder is authoritative). */
  aliases: Record<string, string>;
}

export function parseRegisteredModelMeta(text: string): Parsed<RegisteredModelMeta> {
  const doc = parseYamlMapping(text);
  if (!doc.ok) return doc;
  const aliases: Record<string, string> = {};
  const raw = doc.value.aliases;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [alias, version] of Object.entries(raw)) {
      const value = scalar(version);
      if (value !== null) aliases[alias] = value;
    }
  } else if (Array.isArray(raw)) {
    // Entity dicts store aliases as a list of {alias, version}.
    for (const item of raw) {
      if (item && typeof item === 'object' && 'alias' in item) {
        const alias = scalar((item as Record<string, unknown>).alias);
        const version = scalar((item as Record<string, unknown>).version);
        if (alias && version) aliases[alias] = version;
      }
    }
  }
  return parsed({ name: scalar(doc.value.name), description: scalar(doc.value.description), aliases });
}

export interface ModelVersionMeta {
  version: string | null;
  currentStage: string | null;
  runId: string | null;
  source: string | null;
  status: string | null;
  description: string | null;
  modelId: string | null;
}

export function parseModelVersionMeta(text: string): Parsed<ModelVersionMeta> {
  const doc = parseYamlMapping(text);
  if (!doc.ok) return doc;
  const meta = doc.value;
  const source = scalar(meta.source);
  const modelId = scalar(meta.model_id) ?? (source && /^models:\/(m-[0-9a-f]{32})/.exec(source)?.[1]) ?? null;
  return parsed({
    version: scalar(meta.version),
    currentStage: scalar(meta.current_stage),
    runId: scalar(meta.run_id) || null,
    source,
    status: scalar(meta.status),
    description: scalar(meta.description),
    modelId,
  });
}

export interface LoggedModelMeta {
  modelId: string | null;
  name: string | null;
  sourceRunId: string | null;
}

export function parseLoggedModelMeta(text: string): Parsed<LoggedModelMeta> {
  const doc = parseYamlMapping(text);
  if (!doc.ok) return doc;
  return parsed({ modelId: scalar(doc.value.model_id), name: scalar(doc.value.name), sourceRunId: scalar(doc.value.source_run_id) });
}

export interface MetricPoint {
  value: number;
  step: number;
  timestamp: number;
}

/**
 * A metric history file: `<timestamp_ms> <value> <step>` per line (legacy lines have no step: step 0).
 * The final value is the one MLflow shows as latest: greatest (step, timestamp), as fs2db computes it.
 */
export function parseMetricHistory(text: string): Parsed<{ points: number; last: MetricPoint }> {
  let last: MetricPoint | null = null;
  let points = 0;
  let lineNo = 0;
  for (const raw of text.split('\n')) {
    lineNo++;
    const line = raw.trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    if (fields.length < 2 || fields.length > 3) return failed(`expected "<timestamp> <value> <step>", got ${fields.length} field(s)`, lineNo);
    const timestamp = Number(fields[0]);
    const value = parseMetricValue(fields[1]);
    const step = fields.length === 3 ? Number(fields[2]) : 0;
    if (!Number.isFinite(timestamp) || value === null || !Number.isFinite(step)) return failed(`not a metric line: "${line.slice(0, 60)}"`, lineNo);
    points++;
    if (!last || step > last.step || (step === last.step && timestamp >= last.timestamp)) last = { value, step, timestamp };
  }
  if (!last) return failed('empty metric history');
  return parsed({ points, last });
}

function parseMetricValue(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === 'inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  return Number.isNaN(value) ? null : value;
}

export interface MlmodelInfo {
  flavors: string[];
  runId: string | null;
  modelId: string | null;
  hasSignature: boolean;
  mlflowVersion: string | null;
}

/** The `MLmodel` file saved with every MLflow model; a missing signature is a gap MLflow itself warns about. */
export function parseMlmodel(text: string): Parsed<MlmodelInfo> {
  const doc = parseYamlMapping(text);
  if (!doc.ok) return doc;
  const flavors = doc.value.flavors;
  if (!flavors || typeof flavors !== 'object' || Array.isArray(flavors)) return failed('MLmodel has no `flavors` mapping');
  const signature = doc.value.signature;
  const hasSignature = !!signature && typeof signature === 'object' && ('inputs' in signature) && !!(signature as Record<string, unknown>).inputs;
  return parsed({
    flavors: Object.keys(flavors),
    runId: scalar(doc.value.run_id),
    modelId: scalar(doc.value.model_id),
    hasSignature,
    mlflowVersion: scalar(doc.value.mlflow_version),
  });
}

function scalar(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return null;
}

function numeric(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
}
