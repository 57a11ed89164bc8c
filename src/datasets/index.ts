// The dataset model of a snapshot: collect once, then judge (dataset-versioning) or cross-check.
export { collectDatasets } from './collect.js';
export { findCommittedData, DEFAULT_LARGE_DATA_BYTES, type CommittedDataFile, type CommittedDataSummary } from './raw-data.js';
export { verifyDataFiles, type Verification, type VerificationStatus } from './verify.js';
export { covers, describeOrigin, hasVersioning } from './model.js';
export type * from './model.js';
