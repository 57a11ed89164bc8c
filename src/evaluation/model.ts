// The typed list of a snapshot's evaluation criteria, whatever file they came from. The
// evaluation-criteria check judges it; a cross-check compares its thresholds with the selected model's
// logged metrics (match on `metricKey`, compare with `meetsCriterion`).
import type { Comparator, CriterionIntent } from '../formats/eval-criterion.js';

export type { Comparator, CriterionIntent } from '../formats/eval-criterion.js';

export type CriteriaFormat =
  | 'criteria-file'
  | 'markdown'
  | 'model-index'
  | 'eval-results'
  | 'promptfoo'
  | 'rag-evaluator'
  | 'lm-eval'
  | 'openai-evals'
  | 'great-expectations'
  | 'gate-file'
  | 'code-constants';

export const QUALITY_DIMENSIONS = [
  'ranking',
  'classification',
  'calibration',
  'serving',
  'fairness',
  'segment',
  'regression',
  'generation',
  'safety',
  'data-quality',
  'robustness',
  'other',
] as const;
export type QualityDimension = (typeof QUALITY_DIMENSIONS)[number];

/** The parts a gate names; one missing metric, comparator or threshold is not concrete, a missing dataset is judged apart. */
export type CriterionPart = 'metric' | 'comparator' | 'threshold' | 'dataset';

export interface EvaluationCriterion {
  intent: CriterionIntent;
  /** Metric as written. */
  metric: string;
  /** Canonical key (`pr_auc`, `recall`, `latency_p95`), from `loggedAs` when the source gives one. */
  metricKey: string;
  comparator: Comparator | null;
  /** Threshold as written (75 for "75 %"). */
  threshold: number | null;
  /** Upper bound of a `between` criterion. */
  upper?: number;
  unit?: string;
  /** Threshold in comparable units: percentages as fractions, seconds as milliseconds. */
  thresholdValue: number | null;
  /** The comparator was not written; it was taken from a column name or the metric's direction. */
  comparatorInferred: boolean;
  dataset: string | null;
  split?: string;
  /** Data version (DVC md5, revision, tag, release). */
  version?: string;
  /** Where the version came from when another file pinned the same dataset. */
  versionFrom?: string;
  slice?: string;
  baseline?: string;
  sampleSize?: number;
  /** Value the source reports next to the bar (table "Measured" column, model-index value). */
  measured?: number;
  measuredUnit?: string;
  dimension: QualityDimension;
  format: CriteriaFormat;
  path: string;
  line: number;
  /** A gate with metric, comparator and threshold (the dataset is judged apart: see `missing`). */
  concrete: boolean;
  /** What a gate lacks, the dataset included (empty for results and declared metrics). */
  missing: CriterionPart[];
}

export interface ModelApproval {
  model: string | null;
  version: string | null;
  approvedBy: string | null;
  date: string | null;
  format: CriteriaFormat;
  path: string;
  line: number;
}

/** A criteria statement with no number. */
export interface VagueCriterion {
  text: string;
  path: string;
  line: number;
}

/** A file that was read for criteria, and what it held. */
export interface CriteriaSource {
  path: string;
  format: CriteriaFormat;
  /** Gates (intent `criterion`). */
  criteria: number;
  concrete: number;
  /** Reported values and declared metrics without a bar. */
  results: number;
  vague: number;
  approval: boolean;
  /** Format-specific detail for evidence (e.g. `promptfoo: 2 providers`). */
  detail?: string;
  line?: number;
}

export interface EvaluationProblem {
  path: string;
  kind: 'unparsed' | 'schema' | 'invalid-metadata';
  message: string;
  line?: number;
  column?: number;
}

export interface EvaluationCriteria {
  criteria: EvaluationCriterion[];
  approvals: ModelApproval[];
  vague: VagueCriterion[];
  sources: CriteriaSource[];
  problems: EvaluationProblem[];
}
