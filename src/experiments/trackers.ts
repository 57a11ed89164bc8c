// Collects the other trackers' markers as stores of runs. They show that runs exist and sometimes what they
// logged; only Sacred keeps a note and a commit on disk, so only its run.json is read.
import { CLEARML_IMPORT, CLEARML_TASK_INIT, findTrackerMarkers, parseSacredRun, type MarkerTool, type TrackerMarker } from '../formats/trackers.js';
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
  return Promise.all(markers.map((marker) => toStore(snapshot, marker, inspectRuns)));
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
