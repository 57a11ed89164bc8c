// Which model did the vendor select? A registry version holding an alias (champion first), then a version
// in the Production stage, then a run marked by a tag. Ranked, so the report can name the one it judged.
import type { ModelVersionInfo, RegisteredModelInfo, StoreRef, TrackedRun, TrackingStore } from './model.js';
import { aliasRank, isSelectionTagKey, tagMarksSelection } from './run-facts.js';

export interface SelectionCandidate {
  store: StoreRef;
  modelName: string | null;
  version: ModelVersionInfo | null;
  via: 'alias' | 'stage' | 'run-tag';
  aliases: string[];
  stage: string | null;
  runId: string | null;
  /** The run carrying the selection tag (run-tag candidates). */
  taggedRun: TrackedRun | null;
  path: string;
  rank: number;
}

const STAGE_RANK = 100;
const TAG_RANK = 200;

/** Candidates of one registry and run list, best first. */
export function selectionCandidates(store: StoreRef, models: readonly RegisteredModelInfo[], runs: readonly TrackedRun[], storePath = store.path): SelectionCandidate[] {
  const candidates: SelectionCandidate[] = [];
  for (const model of models) {
    for (const version of model.versions) {
      const stage = version.stage && version.stage.toLowerCase() !== 'none' ? version.stage : null;
      if (version.aliases.length > 0) {
        const best = Math.min(...version.aliases.map(aliasRank));
        candidates.push({ store, modelName: model.name, version, via: 'alias', aliases: version.aliases, stage, runId: version.runId, taggedRun: null, path: version.path, rank: best });
      } else if (stage?.toLowerCase() === 'production') {
        candidates.push({ store, modelName: model.name, version, via: 'stage', aliases: [], stage, runId: version.runId, taggedRun: null, path: version.path, rank: STAGE_RANK });
      }
    }
  }
  for (const run of runs) {
    if (run.deleted) continue;
    const key = Object.keys(run.tags).find((tag) => isSelectionTagKey(tag) && tagMarksSelection(tag, run.tags[tag]));
    if (!key) continue;
    const path = store.kind === 'mlflow-file-store' ? `${run.path}/tags/${key}` : storePath;
    candidates.push({ store, modelName: null, version: null, via: 'run-tag', aliases: [], stage: null, runId: run.id, taggedRun: run, path, rank: TAG_RANK });
  }
  return sortCandidates(candidates);
}

export function sortCandidates(candidates: SelectionCandidate[]): SelectionCandidate[] {
  return candidates.sort((a, b) => a.rank - b.rank || Number(b.version?.version ?? 0) - Number(a.version?.version ?? 0) || (b.taggedRun?.startTime ?? 0) - (a.taggedRun?.startTime ?? 0));
}

export function candidatesOf(stores: readonly TrackingStore[]): SelectionCandidate[] {
  return sortCandidates(stores.flatMap((store) => selectionCandidates(store.ref, store.registeredModels, store.runs)));
}

export function describeCandidate(candidate: SelectionCandidate): string {
  if (candidate.via === 'run-tag') return `run ${candidate.taggedRun?.name ?? candidate.runId} (tagged)`;
  const alias = candidate.aliases.length ? ` ${candidate.aliases.map((a) => `@${a}`).join(' ')}` : '';
  const stage = candidate.stage ? ` [${candidate.stage}]` : '';
  return `${candidate.modelName} v${candidate.version?.version}${alias}${stage}`;
}
