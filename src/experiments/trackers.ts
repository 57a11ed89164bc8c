// Collects the other trackers' markers as stores of runs. They show that runs exist and sometimes what they
// logged; only Sacred keeps a note and a commit on disk, so only its run.json is read.
import { parseDvcPipeline } from '../formats/dvc.js';
import { CLEARML_IMPORT, CLEARML_TASK_INIT, dvcExperimentDeclaration, dvcExperimentRef, findTrackerMarkers, parseSacredRun, type MarkerTool, type TrackerMarker } from '../formats/trackers.js';
import { parseYamlMapping } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { evenSample, mapLimit } from './map-limit.js';
import { runFromListing, type StoreProblem, type StoreRef, type StoreRichness, type TrackedRun, type TrackerHint, type TrackingStore } from './model.js';
import { isGitCommit } from './run-facts.js';

const LABELS: Record<MarkerTool, string> = {
  tensorboard: 'TensorBoard event files',
  lightning: 'PyTorch Lightning logs',
  dvclive: 'DVCLive',
  sacred: 'Sacred file observer',
  aim: 'Aim repository',
  comet: 'Comet offline archives',
  neptune: 'Neptune offline data',
};

export async function collectTrackerMarkers(snapshot: Snapshot, inspectRuns: number): Promise<TrackingStore[]> {
  const markers = findTrackerMarkers(snapshot.files);
  const [stores, dvc] = await Promise.all([Promise.all(markers.map((marker) => toStore(snapshot, marker, inspectRuns))), collectDvcExperiments(snapshot)]);
  return [...stores, ...dvc];
}

const MAX_DVC_PIPELINES = 20;
const MAX_EXPERIMENT_REFS = 1000;
const NOT_DELIVERED_HERE = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third[-_]party|\.git|\.dvc\/cache)\//i;

/**
 * DVC experiments: a dvc.yaml that declares metrics or plots (DVCLive writes its own) is an experiment
 * setup. The repository keeps the workspace run (dvc.lock, params) and experiments kept as git refs
 * (`refs/exps/…`); the metric and plot files are often stage outputs, which live in the DVC remote.
 */
export async function collectDvcExperiments(snapshot: Snapshot): Promise<TrackingStore[]> {
  const pipelines = snapshot.glob('**/dvc.yaml').filter((path) => !NOT_DELIVERED_HERE.test(path) && !snapshot.isSymlink(path)).slice(0, MAX_DVC_PIPELINES);
  const stores: TrackingStore[] = [];
  let refs: Array<{ name: string; sha: string }> | null = null;
  for (const path of pipelines) {
    const read = await snapshot.readText(path, { maxBytes: 1024 * 1024 });
    if (!read.ok) continue;
    const mapping = parseYamlMapping(read.text);
    if (!mapping.ok) continue; // the DVC pipeline readers report a malformed dvc.yaml
    const declared = dvcExperimentDeclaration(mapping.value);
    if (declared.metrics.length === 0 && declared.plots.length === 0) continue; // a data pipeline, not experiments
    const folder = path.slice(0, path.lastIndexOf('/') + 1);
    const ref: StoreRef = { kind: 'dvclive', path };
    const outs = cachedOutputs(read.text);
    const inRemote = [...declared.metrics, ...declared.plots].filter((file) => !snapshot.has(folder + file) && outs.some((out) => file === out || file.startsWith(`${out}/`)));
    const paramFiles = [`${folder}params.yaml`, ...declared.params.filter((key) => /\.(ya?ml|json|toml|py)$/i.test(key)).map((file) => folder + file)];
    const paramCount = paramFiles.some((file) => snapshot.has(file)) || declared.params.length ? Math.max(1, declared.params.length) : 0;
    const metricCount = declared.metrics.length;
    const runs: TrackedRun[] = [];
    const lock = `${folder}dvc.lock`;
    if (snapshot.has(lock)) {
      const workspace = runFromListing({ store: ref, id: 'workspace', path: lock, paramCount, metricCount, startTime: null });
      workspace.name = 'workspace (dvc.lock)';
      workspace.status = 'finished';
      // dvc.lock is committed with the code it ran: git ties them, without a commit recorded to verify.
      workspace.hasGitCommit = snapshot.git !== null;
      runs.push(workspace);
    }
    refs ??= (await snapshot.git?.refsUnder?.('refs/exps/', MAX_EXPERIMENT_REFS)) ?? [];
    // Experiment refs belong to the repository, not to one dvc.yaml: listed with the first pipeline only.
    const experiments = stores.length === 0 ? refs.map((entry) => ({ entry, parsed: dvcExperimentRef(entry.name) })).filter((e) => e.parsed !== null) : [];
    for (const { entry, parsed } of experiments) {
      const run = runFromListing({ store: ref, id: entry.sha.slice(0, 12), path, paramCount, metricCount, startTime: null });
      run.name = parsed!.name;
      run.status = 'finished';
      run.gitCommit = entry.sha;
      run.hasGitCommit = isGitCommit(entry.sha);
      runs.push(run);
    }
    const notes = [
      `declares ${declared.metrics.length} metric and ${declared.plots.length} plot file(s)`,
      ...(experiments.length ? [`${experiments.length} experiment(s) kept as git refs (refs/exps)`] : []),
      ...(inRemote.length ? [`${inRemote.slice(0, 3).join(', ')}${inRemote.length > 3 ? '…' : ''} are stage outputs kept in the DVC remote`] : []),
    ];
    stores.push({
      ref,
      label: 'DVC experiments',
      richness: 'partial',
      experiments: [],
      runs,
      registeredModels: [],
      loggedModels: 0,
      problems: [],
      inspectedRuns: 0,
      personalData: [],
      notes,
      ...(inRemote.length ? { outputsElsewhere: `the DVC remote (${inRemote.slice(0, 3).join(', ')}${inRemote.length > 3 ? '…' : ''}: outputs of the pipeline, not committed)` } : {}),
    });
  }
  return stores;
}

/** Paths of the stages' cached outputs (`outs:`), which `dvc push` sends to the remote instead of git. */
function cachedOutputs(text: string): string[] {
  const pipeline = parseDvcPipeline(text);
  if (!pipeline.ok) return [];
  return pipeline.value.stages.flatMap((stage) => stage.outs.filter((out) => out.cache).map((out) => trimTrailingSlashes(out.path)));
}

async function toStore(snapshot: Snapshot, marker: TrackerMarker, inspectRuns: number): Promise<TrackingStore> {
  const ref: StoreRef = { kind: marker.tool, path: marker.root || '.' };
  const problems: StoreProblem[] = [];
  const sample = evenSample(marker.runs.length, Math.max(0, inspectRuns));
  const runs = await mapLimit(marker.runs, 16, async (run, index): Promise<TrackedRun> => {
    const tracked = runFromListing({
      store: ref,
      id: run.path.slice(run.path.lastIndexOf('/') + 1),
      path: run.path,
      // From the listing: the file that holds params or metrics exists.
      paramCount: run.paramsPath ? 1 : 0,
      metricCount: run.metricsPath ? 1 : 0,
      startTime: null,
    });
    if (run.runJsonPath && sample.has(index)) {
      const read = await snapshot.readText(run.runJsonPath, { maxBytes: 4 * 1024 * 1024 });
      if (read.ok) {
        const sacred = parseSacredRun(read.text);
        if (sacred.ok) {
          tracked.status = sacred.value.status;
          tracked.experimentName = sacred.value.experiment;
          tracked.note = sacred.value.comment;
          tracked.hasNote = sacred.value.comment !== null;
          tracked.gitCommit = sacred.value.commit;
          tracked.hasGitCommit = isGitCommit(sacred.value.commit);
          tracked.inspected = true;
        } else problems.push({ path: run.runJsonPath, message: sacred.error.message, kind: 'malformed', ...(sacred.error.line ? { line: sacred.error.line } : {}) });
      }
    }
    return tracked;
  });
  const richness: StoreRichness = marker.opaque ? 'opaque' : 'partial';
  return {
    ref,
    label: LABELS[marker.tool],
    richness,
    experiments: [],
    runs,
    registeredModels: [],
    loggedModels: 0,
    problems,
    inspectedRuns: runs.filter((run) => run.inspected).length,
    personalData: [],
    notes: marker.opaque ? ['contents not readable here (database or archive)'] : [],
  };
}

const CODE_CANDIDATE = /(^|\/)(train|training|main|run|experiment|fit|pipeline)[^/]*\.py$/i;
const MAX_CODE_FILES = 30;

/** ClearML leaves no run files in a repository; `Task.init(` in a training script is the only trace. */
export async function findClearmlHints(snapshot: Snapshot): Promise<TrackerHint[]> {
  const files = snapshot.glob('**/*.py').filter((path) => CODE_CANDIDATE.test(path) && !snapshot.isSymlink(path)).slice(0, MAX_CODE_FILES);
  const hints: TrackerHint[] = [];
  for (const path of files) {
    const size = await snapshot.sizeOf(path);
    if (size === undefined || size > 256 * 1024) continue;
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok || !CLEARML_IMPORT.test(read.text)) continue;
    const lines = read.text.split('\n');
    const at = lines.findIndex((line) => CLEARML_TASK_INIT.test(line));
    if (at >= 0) hints.push({ tool: 'clearml', path, line: at + 1 });
  }
  return hints;
}

/** `eval/` -> `eval`, by a loop: `/\/+$/` rescans a run of slashes from each one (quadratic). */
function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(0, end);
}
