// Recognisable on-disk markers of other experiment trackers (TensorBoard, Lightning, DVCLive, Aim, Sacred,
// Comet, Neptune, ClearML). Found from the listing; only Sacred's small run.json is worth parsing.
import { parseJsonObject } from './json.js';
import { parsed, type Parsed } from './result.js';
import { lastSlash } from '../path-memo.js';

export type MarkerTool = 'tensorboard' | 'lightning' | 'dvclive' | 'aim' | 'sacred' | 'comet' | 'neptune';

/** One run-like unit a marker shows: a folder of event files, a Sacred run folder, an offline archive. */
export interface MarkerRun {
  /** Folder or file that is the run. */
  path: string;
  /** Files that show parameters (hparams.yaml, params.yaml, config.json). */
  paramsPath: string | null;
  /** Files that show metrics (event files, metrics.json, plots). */
  metricsPath: string | null;
  /** Sacred: run.json to read for status, comment and commit. */
  runJsonPath: string | null;
}

export interface TrackerMarker {
  tool: MarkerTool;
  /** The tool's folder (`.aim`, `dvclive`, a Sacred base dir, …) or the common parent of the runs. */
  root: string;
  runs: MarkerRun[];
  /** True when the runs themselves are opaque here (a database or archive): counts only. */
  opaque: boolean;
}

/** TensorBoard event files: `events.out.tfevents.<epoch>.<host>…` (tensorboard event_file_writer.py). */
export const TFEVENTS = /^events\.out\.tfevents\.\d+\./;
const LIGHTNING_VERSION = /(^|\/)lightning_logs\/version_\d+$/;
/** A path inside one of the tools' own folders (the segments `segmentIndex` looks for). */
const TOOL_FOLDER = /(?:^|\/)(?:dvclive|\.aim|\.cometml-runs|\.neptune)\//;
const SACRED_FILES = new Set(['run.json', 'config.json', 'metrics.json', 'cout.txt']);

export function findTrackerMarkers(paths: readonly string[]): TrackerMarker[] {
  const tensorboard = new Map<string, MarkerRun>();
  const lightning = new Map<string, MarkerRun>();
  const dvclive = new Map<string, MarkerRun>();
  const sacredDirs = new Map<string, { runJson: string | null; config: string | null; metrics: string | null; cout: boolean }>();
  const aim = new Map<string, number>();
  const comet = new Map<string, string[]>();
  const neptune = new Map<string, Set<string>>();

  for (const path of paths) {
    const slash = lastSlash(path);
    // One cheap test first, on the name in place (no slice): a 200k-file listing has almost nothing to look at.
    if (!isMarkerName(path, slash) && !TOOL_FOLDER.test(path)) continue;
    const base = path.slice(slash + 1);
    const dir = slash < 0 ? '' : path.slice(0, slash);
    if (base.startsWith('events.out.tfevents.') && TFEVENTS.test(base)) {
      const target = LIGHTNING_VERSION.test(dir) ? lightning : tensorboard;
      const run = upsert(target, dir);
      run.metricsPath ??= path;
      continue;
    }
    if (base === 'hparams.yaml' && LIGHTNING_VERSION.test(dir)) {
      upsert(lightning, dir).paramsPath = path;
      continue;
    }
    const dvcliveAt = segmentIndex(path, 'dvclive');
    if (dvcliveAt !== null) {
      const root = path.slice(0, dvcliveAt);
      const rest = path.slice(dvcliveAt + 1);
      const run = upsert(dvclive, root);
      if (rest === 'metrics.json' || rest.startsWith('plots/metrics/')) run.metricsPath ??= path;
      else if (rest === 'params.yaml') run.paramsPath = path;
      continue;
    }
    const aimAt = segmentIndex(path, '.aim');
    if (aimAt !== null) {
      const root = path.slice(0, aimAt);
      aim.set(root, (aim.get(root) ?? 0) + 1);
      continue;
    }
    const cometAt = segmentIndex(path, '.cometml-runs');
    if (cometAt !== null) {
      const root = path.slice(0, cometAt);
      if (base.endsWith('.zip')) comet.set(root, [...(comet.get(root) ?? []), path]);
      continue;
    }
    const neptuneAt = segmentIndex(path, '.neptune');
    if (neptuneAt !== null) {
      const root = path.slice(0, neptuneAt);
      const rest = path.slice(neptuneAt + 1).split('/');
      // Offline runs: `.neptune/offline/<run>/...` (neptune-client) or `.neptune/<…>.sqlite3` (neptune-scale).
      const unit = rest[0] === 'offline' || rest[0] === 'async' ? rest.slice(0, 2).join('/') : rest[0];
      let set = neptune.get(root);
      if (!set) neptune.set(root, (set = new Set()));
      set.add(`${root}/${unit}`);
      continue;
    }
    // Sacred FileStorageObserver: `<basedir>/<N>/run.json` next to config.json / cout.txt / metrics.json.
    if (SACRED_FILES.has(base) && /^\d+$/.test(dir.slice(dir.lastIndexOf('/') + 1))) {
      let entry = sacredDirs.get(dir);
      if (!entry) sacredDirs.set(dir, (entry = { runJson: null, config: null, metrics: null, cout: false }));
      if (base === 'run.json') entry.runJson = path;
      else if (base === 'config.json') entry.config = path;
      else if (base === 'metrics.json') entry.metrics = path;
      else entry.cout = true;
    }
  }

  const markers: TrackerMarker[] = [];
  if (tensorboard.size) markers.push(...groupByParent('tensorboard', tensorboard));
  if (lightning.size) markers.push(...groupByParent('lightning', lightning));
  for (const [root, run] of dvclive) {
    if (run.metricsPath || run.paramsPath) markers.push({ tool: 'dvclive', root: join(root, 'dvclive'), runs: [{ ...run, path: join(root, 'dvclive') }], opaque: false });
  }
  for (const [root, files] of aim) if (files > 0) markers.push({ tool: 'aim', root: join(root, '.aim'), runs: [{ path: join(root, '.aim'), paramsPath: null, metricsPath: null, runJsonPath: null }], opaque: true });
  for (const [root, zips] of comet) markers.push({ tool: 'comet', root: join(root, '.cometml-runs'), runs: zips.map((zip) => ({ path: zip, paramsPath: null, metricsPath: null, runJsonPath: null })), opaque: true });
  for (const [root, units] of neptune) markers.push({ tool: 'neptune', root: join(root, '.neptune'), runs: [...units].map((unit) => ({ path: unit, paramsPath: null, metricsPath: null, runJsonPath: null })), opaque: true });
  // Sacred needs run.json plus one sibling, so a stray numbered folder with a run.json is not enough.
  const sacred = new Map<string, MarkerRun[]>();
  for (const [dir, entry] of sacredDirs) {
    if (!entry.runJson || !(entry.config || entry.cout || entry.metrics)) continue;
    const base = dir.slice(0, Math.max(0, dir.lastIndexOf('/')));
    sacred.set(base, [...(sacred.get(base) ?? []), { path: dir, paramsPath: entry.config, metricsPath: entry.metrics, runJsonPath: entry.runJson }]);
  }
  for (const [root, runs] of sacred) markers.push({ tool: 'sacred', root, runs: runs.sort((a, b) => a.path.localeCompare(b.path)), opaque: false });
  return markers;
}

/** Whether the file name (after `slash`) is one of SACRED_FILES, `hparams.yaml` or a TensorBoard event file. */
function isMarkerName(path: string, slash: number): boolean {
  switch (path.length - slash - 1) {
    case 8:
      return path.endsWith('run.json') || path.endsWith('cout.txt');
    case 11:
      return path.endsWith('config.json');
    case 12:
      return path.endsWith('metrics.json') || path.endsWith('hparams.yaml');
    default:
      return path.startsWith('events.out.tfevents.', slash + 1);
  }
}

/** Runs of one tool grouped under their nearest common parent folder (e.g. `runs/`, `lightning_logs/`). */
function groupByParent(tool: MarkerTool, runs: Map<string, MarkerRun>): TrackerMarker[] {
  const byParent = new Map<string, MarkerRun[]>();
  for (const run of runs.values()) {
    const parent = run.path.includes('/') ? run.path.slice(0, run.path.lastIndexOf('/')) : run.path;
    byParent.set(parent, [...(byParent.get(parent) ?? []), run]);
  }
  return [...byParent.entries()].map(([root, list]) => ({ tool, root, runs: list.sort((a, b) => a.path.localeCompare(b.path)), opaque: false }));
}

function upsert(map: Map<string, MarkerRun>, dir: string): MarkerRun {
  let run = map.get(dir);
  if (!run) map.set(dir, (run = { path: dir, paramsPath: null, metricsPath: null, runJsonPath: null }));
  return run;
}

/** Index of the `/` after `<…>/<name>` when `name` is a whole path segment (not the last one), else null. */
function segmentIndex(path: string, name: string): number | null {
  if (path.startsWith(`${name}/`)) return name.length;
  const at = path.indexOf(`/${name}/`);
  return at < 0 ? null : at + 1 + name.length;
}

function join(root: string, name: string): string {
  if (root === '') return name;
  return root.endsWith(`/${name}`) || root === name ? root : `${root}/${name}`;
}

export type SacredStatus = 'finished' | 'failed' | 'killed' | 'running' | 'scheduled' | 'unknown';

export interface SacredRun {
  experiment: string | null;
  status: SacredStatus;
  /** `--comment` / `meta.comment`: the one place Sacred keeps a human note. */
  comment: string | null;
  /** `experiment.repositories[].commit`, recorded when the source lives in a git repository. */
  commit: string | null;
}

/** Sacred's run.json (sacred/observers/file_storage.py). */
export function parseSacredRun(text: string): Parsed<SacredRun> {
  const doc = parseJsonObject(text);
  if (!doc.ok) return doc;
  const run = doc.value;
  const experiment = run.experiment && typeof run.experiment === 'object' ? (run.experiment as Record<string, unknown>) : {};
  const repositories = Array.isArray(experiment.repositories) ? experiment.repositories : [];
  const commit = repositories
    .map((repo) => (repo && typeof repo === 'object' ? (repo as Record<string, unknown>).commit : null))
    .find((value): value is string => typeof value === 'string' && value !== '');
  const meta = run.meta && typeof run.meta === 'object' ? (run.meta as Record<string, unknown>) : {};
  const statusMap: Record<string, SacredStatus> = { COMPLETED: 'finished', FAILED: 'failed', INTERRUPTED: 'killed', TIMEOUT: 'killed', RUNNING: 'running', QUEUED: 'scheduled' };
  return parsed({
    experiment: typeof experiment.name === 'string' ? experiment.name : null,
    status: typeof run.status === 'string' ? (statusMap[run.status] ?? 'unknown') : 'unknown',
    comment: typeof meta.comment === 'string' && meta.comment.trim() ? meta.comment : null,
    commit: commit ?? null,
  });
}

/** ClearML keeps runs on its server; in a repository it shows only as `Task.init(` in code. */
export const CLEARML_TASK_INIT = /\bTask\.init\s*\(/;
// `[ \t]*`, not `\s*`: with the m flag `^\s*` rescans every following blank line from each line start (quadratic).
export const CLEARML_IMPORT = /^[ \t]*(?:from\s+clearml\s+import|import\s+clearml)\b/m;

/** What a dvc.yaml declares for experiments: metric and plot files (top level and per stage) and parameters. */
export interface DvcExperimentDeclaration {
  metrics: string[];
  plots: string[];
  /** Parameter keys or files the stages read (`train.n_est`, `params.yaml`). */
  params: string[];
}

/**
 * DVC experiments (and DVCLive's own dvc.yaml) declare `metrics:` and `plots:` at the top level or in a
 * stage; `dvc exp show` and `dvc metrics diff` read exactly these. Plots are a path, `{path: options}` or
 * `{id: {y: {path: field}}}` (dvc.org, "dvc.yaml: plots").
 */
export function dvcExperimentDeclaration(value: Record<string, unknown>): DvcExperimentDeclaration {
  const metrics = new Set<string>(filesOf(value.metrics));
  const plots = new Set<string>(plotFilesOf(value.plots));
  const params = new Set<string>(filesOf(value.params));
  const stages = value.stages && typeof value.stages === 'object' && !Array.isArray(value.stages) ? (value.stages as Record<string, unknown>) : {};
  for (const stage of Object.values(stages).slice(0, 500)) {
    if (!stage || typeof stage !== 'object' || Array.isArray(stage)) continue;
    const body = stage as Record<string, unknown>;
    for (const file of filesOf(body.metrics)) metrics.add(file);
    for (const file of plotFilesOf(body.plots)) plots.add(file);
    for (const key of filesOf(body.params)) params.add(key);
  }
  return { metrics: [...metrics], plots: [...plots], params: [...params] };
}

function filesOf(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const files: string[] = [];
  for (const item of raw.slice(0, 500)) {
    if (typeof item === 'string') files.push(item);
    else if (item && typeof item === 'object') files.push(...Object.keys(item));
  }
  return files;
}

function plotFilesOf(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const files: string[] = [];
  for (const item of raw.slice(0, 500)) {
    if (typeof item === 'string') files.push(item);
    else if (item && typeof item === 'object') {
      for (const [key, options] of Object.entries(item)) {
        const y = options && typeof options === 'object' ? (options as Record<string, unknown>).y : undefined;
        if (y && typeof y === 'object' && !Array.isArray(y)) files.push(...Object.keys(y));
        else if (Array.isArray(y)) files.push(key); // y lists fields of the file named by the key
        else files.push(key);
      }
    }
  }
  return files;
}

/** `refs/exps/<2 hex>/<baseline sha rest>/<name>`: one DVC experiment kept in git (`dvc exp push` ships them). */
export function dvcExperimentRef(ref: string): { name: string; baseline: string } | null {
  const match = /^refs\/exps\/([0-9a-f]{2})\/([0-9a-f]{38,62})\/([^/]{1,200})$/.exec(ref);
  return match ? { name: match[3], baseline: match[1] + match[2] } : null;
}
