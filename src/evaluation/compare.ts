// Comparing a measured value with a criterion, in comparable units (percentages as fractions, seconds as
// milliseconds). Null when the units cannot be reconciled: an unknown answer is not a pass.
import type { EvaluationCriterion } from './model.js';

/** A value in comparable units: `%` and `pp` become fractions, `s`/`min`/`h` become milliseconds. */
export function comparableValue(value: number, unit?: string): number {
  switch (unit) {
    case '%':
    case 'pp':
      return value / 100;
    case 's':
      return value * 1000;
    case 'min':
      return value * 60_000;
    case 'h':
      return value * 3_600_000;
    default:
      return value;
  }
}

const TIME_UNITS = new Set(['ms', 's', 'min', 'h']);
const SHARE_UNITS = new Set(['%', 'pp']);

/**
 * Does `measured` (in `measuredUnit`; the criterion's own unit when omitted) meet the criterion?
 * Null when the criterion has no bar or the units do not match.
 */
export function meetsCriterion(criterion: Pick<EvaluationCriterion, 'comparator' | 'threshold' | 'upper' | 'unit'>, measured: number, measuredUnit?: string): boolean | null {
  if (criterion.comparator === null || criterion.threshold === null || !Number.isFinite(measured)) return null;
  const unit = criterion.unit;
  let value: number;
  if (measuredUnit === undefined || measuredUnit === unit) {
    // No unit on the measured side means "as the criterion"; a tracker's 0.78 against "75 %" is a fraction.
    if (measuredUnit === undefined && unit !== undefined && SHARE_UNITS.has(unit)) value = measured > 1 ? measured / 100 : measured;
    else value = comparableValue(measured, unit);
  } else if (unit !== undefined && TIME_UNITS.has(measuredUnit) && TIME_UNITS.has(unit)) {
    value = comparableValue(measured, measuredUnit);
  } else if (SHARE_UNITS.has(measuredUnit) && unit === undefined) {
    value = comparableValue(measured, measuredUnit);
  } else {
    return null;
  }
  const bar = comparableValue(criterion.threshold, unit);
  const upper = criterion.upper === undefined ? undefined : comparableValue(criterion.upper, unit);
  const epsilon = 1e-12 * Math.max(1, Math.abs(bar));
  switch (criterion.comparator) {
    case '>=':
      return value >= bar - epsilon;
    case '>':
      return value > bar;
    case '<=':
      return value <= bar + epsilon;
    case '<':
      return value < bar;
    case '==':
      return Math.abs(value - bar) <= epsilon;
    case 'between':
      return upper !== undefined && value >= bar - epsilon && value <= upper + epsilon;
  }
}
