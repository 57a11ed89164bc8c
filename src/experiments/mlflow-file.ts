// Collects MLflow file stores from a snapshot: structure from the listing, then a bounded set of small reads
// (experiment and run meta.yaml, the note, run-name and commit tags, the registry). Metric histories are
// read only for the selected model's run, elsewhere (selected-model.ts).
import {
  findFileStoreRoots,
  indexFileStore,
  parseExperimentMeta,
  parseModelVersionMeta,
  parseRegisteredModelMeta,
  parseRunMeta,
  type FileStoreLayout,
  type FileStoreRun,
} from '../formats/mlflow-file-store.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { evenSample, mapLimit } from './map-limit.js';
import type { ExperimentInfo, ModelVersionInfo, RegisteredModelInfo, StoreProblem, StoreRef, TrackedRun, TrackingStore } from './model.js';
import { isGitCommit, isSelectionTagKey } from './run-facts.js';

const NOTE_TAG = 'mlflow.note.content';
const RUN_NAME_TAG = 'mlflow.runName';
const COMMIT_TAG = 'mlflow.source.git.commit';
const SMALL = 4 * 1024;
const NOTE_CAP = 256 * 1024;
const READ_CONCURRENCY = 32;
const MAX_EXPERIMENT_READS = 2000;
const MAX_VERSION_READS = 500;

export interface FileStoreCollection {
  stores: TrackingStore[];
  layouts: Map<string, FileStoreLayout>;
}

export async function collectMlflowFileStores(snapshot: Snapshot, inspectRuns: number): Promise<FileStoreCollection> {
  const roots = findFileStoreRoots(snapshot.named('meta.yaml'));
  const stores: TrackingStore[] = [];
  const layouts = new Map<string, FileStoreLayout>();
  for (const root of roots) {
    const layout = indexFileStore(root, snapshot.under(root));
    layouts.set(root, layout);
    stores.push(await readFileStore(snapshot, layout, inspectRuns));
  }
  return { stores, layouts };
}

async function readFileStore(snapshot: Snapshot, layout: FileStoreLayout, inspectRuns: number): Promise<TrackingStore> {
  const ref: StoreRef = { kind: 'mlflow-file-store', path: layout.root || '.' };
  const problems: StoreProblem[] = [];
  const malformed = (path: string, message: string, line?: number) => problems.push({ path, message, kind: 'malformed', ...(line !== undefined ? { line } : {}) });

  // Experiments: names and lifecycle from meta.yaml (few files).
  const experimentNames = new Map<string, { name: string | null; deleted: boolean }>();
  const experiments: ExperimentInfo[] = await mapLimit(layout.experiments, READ_CONCURRENCY, async (experiment, index) => {
    let name: string | null = null;
    let deleted = experiment.inTrash;
    if (experiment.metaPath && index < MAX_EXPERIMENT_READS) {
      const read = await snapshot.readText(experiment.metaPath, { maxBytes: 64 * 1024 });
      if (read.ok) {
        const meta = parseExperimentMeta(read.text);
        if (meta.ok) {
          name = meta.value.name;
          deleted ||= meta.value.lifecycleStage === 'deleted';
        } else malformed(experiment.metaPath, meta.error.message, meta.error.line);
      }
    }
    experimentNames.set(experiment.id, { name, deleted });
    return { store: ref, id: experiment.id, name, deleted, hasNote: experiment.tagKeys.includes(NOTE_TAG), path: experiment.metaPath ?? experiment.dir };
  });

  const registeredModels = await readRegistry(snapshot, ref, layout, malformed);

  // Which runs get their small files read: every run of a small store; a spread sample of a large one,
  // always including runs the registry points at and runs carrying a selection tag.
  const mustInspect = new Set<string>();
  for (const model of registeredModels) for (const version of model.versions) if (version.runId) mustInspect.add(version.runId);
  for (const run of layout.runs) if (run.tagKeys.some(isSelectionTagKey)) mustInspect.add(run.id);
  const sample = evenSample(layout.runs.length, Math.max(0, inspectRuns));
  const runs = await mapLimit(layout.runs, READ_CONCURRENCY, (run, index) =>
    sample.has(index) || mustInspect.has(run.id) ? inspectRun(snapshot, ref, run, experimentNames, malformed) : Promise.resolve(listingRun(ref, run, experimentNames)),
  );

  return {
    ref,
    label: 'MLflow file store',
    richness: 'full',
    experiments,
    runs,
    registeredModels,
    loggedModels: layout.loggedModels.length,
    problems,
    inspectedRuns: runs.filter((run) => run.inspected).length,
    personalData: [],
    notes: layout.loggedModels.length ? [`${layout.loggedModels.length} logged model(s)`] : [],
  };
}

/** What the listing alone says about a run. */
function listingRun(ref: StoreRef, run: FileStoreRun, experiments: Map<string, { name: string | null; deleted: boolean }>): TrackedRun {
  const experiment = experiments.get(run.experimentId);
  return {
    store: ref,
    id: run.id,
    experimentId: run.experimentId,
    experimentName: experiment?.name ?? null,
    path: run.dir,
    name: null,
    status: 'unknown',
    deleted: run.inTrash || (experiment?.deleted ?? false),
    paramCount: run.paramKeys.length,
    metricCount: run.metricKeys.length,
    paramKeys: run.paramKeys,
    metricKeys: run.metricKeys,
    tagKeys: run.tagKeys,
    tags: {},
    hasNote: run.tagKeys.includes(NOTE_TAG),
    note: null,
    hasGitCommit: run.tagKeys.includes(COMMIT_TAG),
    gitCommit: null,
    inspected: false,
    startTime: null,
  };
}

async function inspectRun(
  snapshot: Snapshot,
  ref: StoreRef,
  run: FileStoreRun,
  experiments: Map<string, { name: string | null; deleted: boolean }>,
  malformed: (path: string, message: string, line?: number) => void,
): Promise<TrackedRun> {
  const tracked = listingRun(ref, run, experiments);
  const tags: Record<string, string> = {};
  const readTag = async (key: string, maxBytes = SMALL): Promise<string | null> => {
    if (!run.tagKeys.includes(key)) return null;
    const read = await snapshot.readText(`${run.dir}/tags/${key}`, { maxBytes });
    if (!read.ok) return null;
    tags[key] = read.text;
    return read.text;
  };
  if (run.metaPath) {
    const read = await snapshot.readText(run.metaPath, { maxBytes: 64 * 1024 });
    if (read.ok) {
      const meta = parseRunMeta(read.text);
      if (meta.ok) {
        tracked.name = meta.value.runName;
        tracked.status = meta.value.status;
        tracked.deleted ||= meta.value.lifecycleStage === 'deleted';
        tracked.startTime = meta.value.startTime;
      } else malformed(run.metaPath, meta.error.message, meta.error.line);
    }
  }
  const runNameTag = await readTag(RUN_NAME_TAG, 1024);
  if (runNameTag?.trim()) tracked.name = runNameTag.trim();
  tracked.note = await readTag(NOTE_TAG, NOTE_CAP);
  const commit = (await readTag(COMMIT_TAG, 1024))?.trim() ?? null;
  tracked.gitCommit = commit;
  if (commit !== null) tracked.hasGitCommit = isGitCommit(commit);
  for (const key of run.tagKeys) if (isSelectionTagKey(key)) await readTag(key, 1024);
  tracked.tags = tags;
  tracked.inspected = true;
  return tracked;
}

async function readRegistry(
  snapshot: Snapshot,
  ref: StoreRef,
  layout: FileStoreLayout,
  malformed: (path: string, message: string, line?: number) => void,
): Promise<RegisteredModelInfo[]> {
  let budget = MAX_VERSION_READS;
  const models: RegisteredModelInfo[] = [];
  for (const model of layout.registeredModels) {
    let description: string | null = null;
    const aliasesByVersion = new Map<string, string[]>();
    const addAlias = (version: string, alias: string) => {
      const list = aliasesByVersion.get(version) ?? [];
      if (!list.includes(alias)) list.push(alias);
      aliasesByVersion.set(version, list);
    };
    if (model.metaPath) {
      const read = await snapshot.readText(model.metaPath, { maxBytes: 256 * 1024 });
      if (read.ok) {
        const meta = parseRegisteredModelMeta(read.text);
        if (meta.ok) {
          description = meta.value.description;
          for (const [alias, version] of Object.entries(meta.value.aliases)) addAlias(version, alias);
        } else malformed(model.metaPath, meta.error.message, meta.error.line);
      }
    }
    // The `aliases/` folder is what the registry's file store reads; each file holds a version number.
    for (const { alias, path } of model.aliasPaths) {
      const read = await snapshot.readText(path, { maxBytes: 256 });
      if (!read.ok) continue;
      const version = read.text.trim();
      if (/^\d+$/.test(version)) addAlias(version, alias);
      else malformed(path, `alias "${alias}" does not hold a version number`);
    }
    const versions: ModelVersionInfo[] = [];
    const ordered = [...model.versions].sort((a, b) => Number(b.version) - Number(a.version));
    for (const version of ordered) {
      const info: ModelVersionInfo = { version: version.version, stage: null, aliases: aliasesByVersion.get(version.version) ?? [], runId: null, modelId: null, status: null, path: version.metaPath ?? version.dir };
      if (version.metaPath && budget-- > 0) {
        const read = await snapshot.readText(version.metaPath, { maxBytes: 256 * 1024 });
        if (read.ok) {
          const meta = parseModelVersionMeta(read.text);
          if (meta.ok) {
            info.stage = meta.value.currentStage;
            info.runId = meta.value.runId;
            info.modelId = meta.value.modelId;
            info.status = meta.value.status;
          } else malformed(version.metaPath, meta.error.message, meta.error.line);
        }
      }
      // Deleted versions stay on disk with this internal stage.
      if (info.stage === 'Deleted_Internal') continue;
      versions.push(info);
    }
    for (const [version, aliases] of aliasesByVersion) {
      if (!model.versions.some((v) => v.version === version)) {
        const path = model.aliasPaths.find((entry) => aliases.includes(entry.alias))?.path ?? model.metaPath ?? model.dir;
        malformed(path, `alias ${aliases.map((a) => `@${a}`).join(', ')} points at version ${version}, which is not in the registry`);
      }
    }
    models.push({ store: ref, name: model.name, path: model.dir, description, versions });
  }
  return models;
}
