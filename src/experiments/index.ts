// Experiment history of a snapshot, for any check: `collectExperiments(snapshot)` returns every store, run and
// registry entry; `selectedModel(snapshot)` the chosen model version with its run's final metrics.
export { collectExperiments, selectedModel, DEFAULT_INSPECT_RUNS, DEFAULT_SQLITE_MAX_BYTES } from './collect.js';
export type * from './model.js';
export { isGeneratedRunName, isSubstantiveNote, isUserTag, isGitCommit } from './run-facts.js';
