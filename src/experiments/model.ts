// The typed model of a snapshot's experiment history: every tracking store found, its runs, its registry,
// and the model the vendor selected. Checks judge it; they never re-read the stores themselves.
import type { MetricPoint } from '../formats/mlflow-file-store.js';

export type { MetricPoint };

export type StoreKind =
  | 'mlflow-file-store'
  | 'mlflow-sqlite'
  | 'wandb'
  | 'tensorboard'
  | 'lightning'
  | 'dvclive'
  | 'sacred'
  | 'aim'
  | 'comet'
  | 'neptune';

export type RunStatus = 'finished' | 'failed' | 'killed' | 'running' | 'scheduled' | 'unknown';

/**
 * How much a store can show. `full`: runs with params, metrics, notes, names, commits (MLflow).
 * `local`: runs with params, metrics and commit, but notes and names stay in a binary log or on a server (W&B).
 * `partial`: runs and some of their content (Sacred, DVCLive, Lightning, TensorBoard).
 * `opaque`: a database or archive we only count (Aim, Comet, Neptune).
 */
export type StoreRichness = 'full' | 'local' | 'partial' | 'opaque';

export interface StoreRef {
  kind: StoreKind;
  /** Store root: the `mlruns` folder, the `.db` file, the `wandb` folder, the tool's folder. */
  path: string;
}

export interface TrackedRun {
  store: StoreRef;
  id: string;
  experimentId: string | null;
  experimentName: string | null;
  /** Run folder, or the database path for SQLite runs. */
  path: string;
  /** Display name (`run_name` / `mlflow.runName`), null when unknown or not read. */
  name: string | null;
  status: RunStatus;
  deleted: boolean;
  paramCount: number;
  metricCount: number;
  /** Param and metric keys when the store lists them (file stores); empty when it only counts them (SQLite). */
  paramKeys: readonly string[];
  metricKeys: readonly string[];
  tagKeys: readonly string[];
  /** Tag values that were read (the reserved MLflow tags and selection tags; all tags for SQLite). */
  tags: Readonly<Record<string, string>>;
  /** A note/description exists (from the listing for file stores). */
  hasNote: boolean;
  /** The note's text when read. */
  note: string | null;
  /** A code-version link exists (tag path or metadata field). */
  hasGitCommit: boolean;
  gitCommit: string | null;
  /** False when only the listing was used for this run (large stores are sampled for reads). */
  inspected: boolean;
  startTime: number | null;
}

/**
 * A run known only from the file listing (trackers whose names, notes and tags are not in plain files, or
 * runs outside the read sample): counts say whether the files that would hold params and metrics exist.
 */
export function runFromListing(fields: Pick<TrackedRun, 'store' | 'id' | 'path' | 'paramCount' | 'metricCount' | 'startTime'>): TrackedRun {
  return {
    experimentId: null,
    experimentName: null,
    name: null,
    status: 'unknown',
    deleted: false,
    paramKeys: [],
    metricKeys: [],
    tagKeys: [],
    tags: {},
    hasNote: false,
    note: null,
    hasGitCommit: false,
    gitCommit: null,
    inspected: false,
    ...fields,
  };
}

export interface ExperimentInfo {
  store: StoreRef;
  id: string;
  name: string | null;
  deleted: boolean;
  hasNote: boolean;
  path: string;
}

export interface ModelVersionInfo {
  version: string;
  stage: string | null;
  aliases: string[];
  runId: string | null;
  /** MLflow 3 logged model id (`m-…`), when the version points at one. */
  modelId: string | null;
  status: string | null;
  path: string;
}

export interface RegisteredModelInfo {
  store: StoreRef;
  name: string;
  path: string;
  description: string | null;
  versions: ModelVersionInfo[];
}

export interface StoreProblem {
  path: string;
  line?: number;
  message: string;
  /** `unreadable`: the store cannot be read at all; `malformed`: one file of it did not parse. */
  kind: 'unreadable' | 'malformed';
}

export interface TrackingStore {
  ref: StoreRef;
  label: string;
  richness: StoreRichness;
  experiments: ExperimentInfo[];
  runs: TrackedRun[];
  registeredModels: RegisteredModelInfo[];
  /** MLflow 3 logged models (`<exp>/models/m-*`). */
  loggedModels: number;
  problems: StoreProblem[];
  /** Runs whose files were read, out of all runs (equal unless the store was sampled). */
  inspectedRuns: number;
  /** Files that hold personal data to redact before handover (W&B metadata email/username). */
  personalData: string[];
  /** Extra facts for evidence notes (e.g. `offline runs: 3`). */
  notes: string[];
  /** Where the runs' outputs live when the repository holds only their declaration (DVC experiments: the DVC remote). */
  outputsElsewhere?: string;
}

export interface SelectedModel {
  store: StoreRef;
  /** Registry name, null when the run was marked by a tag only. */
  modelName: string | null;
  version: string | null;
  via: 'alias' | 'stage' | 'run-tag';
  /** e.g. `kestrel-churn v2 @champion`. */
  label: string;
  aliases: string[];
  stage: string | null;
  runId: string | null;
  /** The run that produced it, when the delivered store holds that run. */
  run: TrackedRun | null;
  /** Final value of each metric of that run (greatest step, then latest timestamp). */
  finalMetrics: Readonly<Record<string, MetricPoint>>;
  params: Readonly<Record<string, string>>;
  /** The MLmodel of that run or logged model; null when none was found. */
  mlmodelPath: string | null;
  hasSignature: boolean | null;
  /** Where the selection is recorded (alias file, version meta.yaml, tag file, database). */
  path: string;
}

/** Other locations that say a tracker was used but hold no runs (ClearML code, server-side W&B). */
export interface TrackerHint {
  tool: 'clearml';
  path: string;
  line?: number;
}

export interface ExperimentTracking {
  stores: TrackingStore[];
  /** Every run of every store, in store order. */
  runs: TrackedRun[];
  /** MLflow run folders with artifacts but no metadata, and no database to hold it. */
  artifactOnly: Array<{ root: string; runDirs: string[] }>;
  hints: TrackerHint[];
  /** The model the vendor selected (the first candidate), or null. */
  selected: SelectedModel | null;
  /** Every marked model version or run, best first. */
  candidates: SelectedModel[];
}

export interface CollectOptions {
  /** Largest SQLite store read, in bytes (default 256 MiB). */
  sqliteMaxBytes?: number;
  /** Runs per store whose small files are read (meta.yaml, notes, commit); the rest are judged from the listing. */
  inspectRuns?: number;
}
