// Evaluation criteria of a snapshot, for any check: `collectEvaluationCriteria(snapshot)` returns every
// criterion, approval and vague statement found; `evaluationThresholds(snapshot)` the model-quality gates
// to compare with logged metrics (match `metricKey` against `canonicalMetric(loggedKey)`, then `meetsCriterion`).
export { collectEvaluationCriteria, evaluationThresholds } from './collect.js';
export { comparableValue, meetsCriterion } from './compare.js';
export { qualityDimension, isQualityDimension } from './dimensions.js';
export { findEvaluationFiles, type Candidate, type CandidateRole } from './locate.js';
export { canonicalMetric } from '../formats/metric-names.js';
export type * from './model.js';
export { QUALITY_DIMENSIONS } from './model.js';
