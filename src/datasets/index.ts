// The dataset model of a snapshot: collect once, then judge (dataset-versioning) or cross-check.
export { collectDatasets } from './collect.js';
export { findCommittedData, DEFAULT_LARGE_DATA_BYTES, type CommittedDataFile, type CommittedDataSummary } from './raw-data.js';
export { verifyDataFiles, type Verification, type VerificationStatus } from './verify.js';
export { covers, describeOrigin, hasVersioning } from './model.js';
export type * from './model.js';
export { folderOf, isUrl } from './paths.js';
export { readDbtProjects, type DbtDataset, type DbtProject } from './read-dbt.js';
export { listManifestCandidates, readListManifests, type ListEntry, type ListManifest } from './read-list-manifests.js';
export { findEvalDatasets, type EvalDataset } from './eval-datasets.js';
export { corpusPinning, corpusSourcesNamed, ingestionValue, readRetrievalCorpus, type RetrievalCorpus } from './retrieval-corpus.js';
export { proseStrength } from './documentation.js';
