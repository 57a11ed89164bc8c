// Collects W&B local run folders: config (params), summary (final metrics) and metadata (git commit, program)
// for a bounded sample of runs; the rest are judged from which files exist.
import { findWandbRoots, parseWandbConfig, parseWandbMetadata, parseWandbSummary, type WandbRoot, type WandbRunFolder } from '../formats/wandb.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { evenSample, mapLimit } from './map-limit.js';
import { runFromListing, type StoreProblem, type StoreRef, type TrackedRun, type TrackingStore } from './model.js';
import { isGitCommit } from './run-facts.js';

const FILE_CAP = 1024 * 1024;

export async function collectWandb(snapshot: Snapshot, inspectRuns: number): Promise<TrackingStore[]> {
  const candidates = snapshot.files.filter((path) => path.includes('wandb/'));
  const roots = findWandbRoots(candidates);
  return Promise.all(roots.map((root) => readRoot(snapshot, root, inspectRuns)));
}

async function readRoot(snapshot: Snapshot, root: WandbRoot, inspectRuns: number): Promise<TrackingStore> {
  const ref: StoreRef = { kind: 'wandb', path: root.root };
  const problems: StoreProblem[] = [];
  const personalData: string[] = [];
  const runs = [...root.runs].sort((a, b) => a.dir.localeCompare(b.dir));
  const sample = evenSample(runs.length, Math.max(0, inspectRuns));
  const tracked = await mapLimit(runs, 16, (run, index) => (sample.has(index) ? inspectRun(snapshot, ref, run, problems, personalData) : Promise.resolve(listingRun(ref, run))));
  const offline = runs.filter((run) => run.offline && !run.synced).length;
  const logs = runs.filter((run) => run.logPath).length;
  const notes = [
    ...(offline ? [`${offline} offline run(s) without a .wandb.synced marker (never synced to a server)`] : []),
    ...(logs ? [`${logs} binary .wandb log(s) (not parsed)`] : []),
    ...(root.latestRun ? ['latest-run link'] : []),
  ];
  return {
    ref,
    label: 'W&B local runs',
    richness: 'local',
    experiments: [],
    runs: tracked,
    registeredModels: [],
    loggedModels: 0,
    problems,
    inspectedRuns: tracked.filter((run) => run.inspected).length,
    personalData,
    notes,
  };
}

function listingRun(ref: StoreRef, run: WandbRunFolder): TrackedRun {
  const started = Date.parse(`${run.startedAt}Z`);
  // The display name, notes and tags live in the binary log and on the server, not in plain files;
  // params and metrics are judged from the listing: the file that would hold them exists.
  return runFromListing({
    store: ref,
    id: run.id,
    path: run.dir,
    paramCount: run.configPath ? 1 : 0,
    metricCount: run.summaryPath ? 1 : 0,
    startTime: Number.isFinite(started) ? started : null,
  });
}

async function inspectRun(snapshot: Snapshot, ref: StoreRef, run: WandbRunFolder, problems: StoreProblem[], personalData: string[]): Promise<TrackedRun> {
  const tracked = listingRun(ref, run);
  const malformed = (path: string, message: string, line?: number) => problems.push({ path, message, kind: 'malformed', ...(line !== undefined ? { line } : {}) });
  if (run.configPath) {
    const read = await snapshot.readText(run.configPath, { maxBytes: FILE_CAP });
    if (read.ok) {
      const config = parseWandbConfig(read.text);
      if (config.ok) {
        tracked.paramKeys = Object.keys(config.value.params);
        tracked.paramCount = tracked.paramKeys.length;
      } else malformed(run.configPath, config.error.message, config.error.line);
    }
  }
  if (run.summaryPath) {
    const read = await snapshot.readText(run.summaryPath, { maxBytes: FILE_CAP });
    if (read.ok) {
      const summary = parseWandbSummary(read.text);
      if (summary.ok) {
        tracked.metricKeys = Object.keys(summary.value.metrics);
        tracked.metricCount = tracked.metricKeys.length;
      } else malformed(run.summaryPath, summary.error.message, summary.error.line);
    }
  }
  if (run.metadataPath) {
    const read = await snapshot.readText(run.metadataPath, { maxBytes: FILE_CAP });
    if (read.ok) {
      const meta = parseWandbMetadata(read.text);
      if (meta.ok) {
        tracked.gitCommit = meta.value.gitCommit;
        tracked.hasGitCommit = isGitCommit(meta.value.gitCommit);
        tracked.note = meta.value.notes;
        tracked.hasNote = meta.value.notes !== null;
        tracked.tagKeys = meta.value.tags;
        // W&B tags are labels without values: present means set, so a `champion` tag marks the selected run.
        tracked.tags = Object.fromEntries(meta.value.tags.map((tag) => [tag, 'true']));
        if (meta.value.personalFields.length) personalData.push(run.metadataPath);
      } else malformed(run.metadataPath, meta.error.message, meta.error.line);
    }
  }
  tracked.inspected = true;
  return tracked;
}
