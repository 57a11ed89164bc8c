// Acceptance gates against the selected model's logged metrics, and the numbers the documents report
// (measured columns, model-index results, the approved version) against the same run. Pure: gates and
// logged values in, one outcome per gate or statement out.
import { canonicalMetric, comparableValue, meetsCriterion, type EvaluationCriterion, type ModelApproval } from '../evaluation/index.js';
import type { SelectedModel } from '../experiments/index.js';
import { namesTrackerKey, type Gate } from './gates.js';
import { matchLoggedMetric, splitOf, type LoggedMetric, type MetricMatch } from './metric-match.js';

export type GateOutcome =
  | { gate: Gate; status: 'met' | 'missed'; match: MetricMatch }
  /** A metric was found but its unit cannot be reconciled with the threshold's. */
  | { gate: Gate; status: 'incomparable'; match: MetricMatch }
  /**
   * No logged metric answers the gate. `elsewhere`: a serving gate (latency, throughput), usually measured
   * by a load test rather than the training run; `segment`: a gate on one slice, which an overall metric
   * of the same name cannot answer.
   */
  | { gate: Gate; status: 'not-logged'; reason: 'missing' | 'elsewhere' | 'segment' };

export function compareGates(gates: readonly Gate[], logged: readonly LoggedMetric[]): GateOutcome[] {
  return gates.map((gate): GateOutcome => {
    const criterion = gate.primary;
    const onSegment = criterion.dimension === 'segment' && !gate.statements.some(namesTrackerKey);
    const trackerKey = gate.statements.find(namesTrackerKey)?.metricKey;
    const match = onSegment ? null : matchLoggedMetric(gate.names, splitOf(criterion.split), logged, trackerKey);
    if (!match) return { gate, status: 'not-logged', reason: onSegment ? 'segment' : criterion.dimension === 'serving' ? 'elsewhere' : 'missing' };
    const met = meetsCriterion(criterion, match.logged.value);
    if (met === null) return { gate, status: 'incomparable', match };
    return { gate, status: met ? 'met' : 'missed', match };
  });
}

export type ReportedOutcome =
  | { statement: EvaluationCriterion; measured: number; status: 'agrees' | 'differs'; match: MetricMatch }
  | { statement: EvaluationCriterion; measured: number; status: 'not-logged' };

/** Every documented value (a gate's measured column, a model-index result) against the logged value. */
export function compareReportedValues(criteria: readonly EvaluationCriterion[], logged: readonly LoggedMetric[]): ReportedOutcome[] {
  const outcomes: ReportedOutcome[] = [];
  for (const statement of criteria) {
    const measured = statement.measured;
    if (measured === undefined || !Number.isFinite(measured) || statement.dimension === 'data-quality') continue;
    if (statement.dimension === 'segment' && !namesTrackerKey(statement)) continue;
    const names = [...new Set([statement.metricKey, canonicalMetric(statement.metric)])];
    const match = matchLoggedMetric(names, splitOf(statement.split), logged, namesTrackerKey(statement) ? statement.metricKey : undefined);
    if (!match) {
      outcomes.push({ statement, measured, status: 'not-logged' });
      continue;
    }
    outcomes.push({ statement, measured, status: agreesWhenRounded(measured, statement.measuredUnit ?? statement.unit, match.logged.value) ? 'agrees' : 'differs', match });
  }
  return outcomes;
}

/**
 * A documented 0.74 agrees with a logged 0.7412: documents round. The tolerance is half a unit of the last
 * digit written (0.005 for 0.74, 0.5 for 92 ms), in the documented unit; percentages compare as fractions.
 */
export function agreesWhenRounded(documented: number, unit: string | undefined, logged: number): boolean {
  const tolerance = comparableValue(0.5 * 10 ** -decimalsOf(documented), unit);
  const share = unit === '%' || unit === 'pp';
  const doc = comparableValue(documented, unit);
  const value = share ? (Math.abs(logged) > 1 ? logged / 100 : logged) : comparableValue(logged, unit);
  return Math.abs(doc - value) <= tolerance * (1 + 1e-9) + 1e-12;
}

function decimalsOf(value: number): number {
  const text = String(value);
  if (/e/i.test(text)) return 6;
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : Math.min(8, text.length - dot - 1);
}

export type ApprovalOutcome = { approval: ModelApproval; status: 'agrees' | 'differs'; detail: string };

/** The model version the criteria approved against the one the registry selected. */
export function compareApprovals(approvals: readonly ModelApproval[], selected: SelectedModel): ApprovalOutcome[] {
  const outcomes: ApprovalOutcome[] = [];
  for (const approval of approvals) {
    if (approval.version === null) continue;
    const sameName = approval.model === null || selected.modelName === null || approval.model.toLowerCase() === selected.modelName.toLowerCase();
    const sameVersion = selected.version === null || normaliseVersion(approval.version) === normaliseVersion(selected.version);
    const approved = `${approval.model ?? 'the model'} version ${approval.version}`;
    if (selected.version === null && selected.via === 'run-tag') continue; // a tagged run has no registry version to compare
    outcomes.push({
      approval,
      status: sameName && sameVersion ? 'agrees' : 'differs',
      detail: `${approved} approved; the tracker selects ${selected.label}`,
    });
  }
  return outcomes;
}

function normaliseVersion(version: string): string {
  return version.trim().toLowerCase().replace(/^v(?:ersion)?\s*/, '');
}
