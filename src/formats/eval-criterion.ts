// The shape every evaluation-criteria recogniser returns: one metric with (maybe) a comparator, a threshold
// and the data it is measured on. Recognisers fill what their format says and leave the rest empty;
// judging what is missing is the caller's business.

export type Comparator = '>=' | '<=' | '>' | '<' | '==' | 'between';

/**
 * What a source intends: a gate (`criterion`), a reported number without a bar (`result`, e.g. HF
 * model-index), or a metric an eval harness computes with neither value nor bar (`declared-metric`).
 */
export type CriterionIntent = 'criterion' | 'result' | 'declared-metric';

export interface CriterionDraft {
  intent: CriterionIntent;
  /** Metric as written (`PR-AUC`, `p95 latency`, `expect_column_values_to_be_between(age)`). */
  metric: string;
  /** The tracker's key for this metric when the source names it (criteria file `loggedAs`). */
  loggedAs?: string;
  comparator: Comparator | null;
  /** Threshold in the unit as written (75 for "75 %"); the lower bound for `between`. */
  threshold: number | null;
  /** Upper bound for `between`. */
  upper?: number;
  unit?: string;
  /** True when the comparator was not written but taken from a column name or the metric's direction. */
  comparatorInferred?: boolean;
  dataset: string | null;
  split?: string;
  version?: string;
  slice?: string;
  baseline?: string;
  sampleSize?: number;
  /** A measured value the source reports next to the bar (table "Measured" column, model-index value). */
  measured?: number;
  measuredUnit?: string;
  /** Quality dimension when the source states it (criteria file `dimension`, GX = data quality). */
  dimension?: string;
  line: number;
  column?: number;
}

/** A model version the criteria say they approved (or an approval statement missing parts). */
export interface ApprovalDraft {
  model: string | null;
  version: string | null;
  approvedBy: string | null;
  date: string | null;
  line: number;
}

/** A criteria statement without a number ("the model performs well"). */
export interface VagueStatement {
  text: string;
  line: number;
}
