// Scoring arithmetic, pure: criteria -> check score (0-10) -> overall score (0-100) -> gate.
import type { CriterionDefinition } from '../check.js';
import type { CheckResult, CheckStatus, Gate } from '../report/report.js';

/**
 * Weighted mean of criterion values on a 0-10 scale, one decimal. Pass only the criteria that count: those
 * that left the weight (not applicable, unsupported by the target) are filtered out by the caller, so the
 * remaining weights are renormalised; no criterion means 0 (nothing examined earns nothing).
 */
export function checkScore(criteria: readonly CriterionDefinition[], values: Readonly<Record<string, number>>): number {
  let total = 0;
  let weights = 0;
  for (const criterion of criteria) {
    const value = values[criterion.id];
    total += criterion.weight * (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
    weights += criterion.weight;
  }
  return weights === 0 ? 0 : round1((10 * total) / weights);
}

/** pass at or above the pass score; warn within 3 points below it; fail under that. */
export function statusFor(score: number, passScore: number): Exclude<CheckStatus, 'skip'> {
  if (score >= passScore) return 'pass';
  if (score >= Math.max(0, passScore - 3)) return 'warn';
  return 'fail';
}

/** Weighted mean of applicable checks' scores on 0-100, rounded to a whole number. Skipped checks do not count. */
export function overallScore(checks: ReadonlyArray<Pick<CheckResult, 'score' | 'weight' | 'status'>>): number {
  let total = 0;
  let weights = 0;
  for (const check of checks) {
    if (check.status === 'skip' || check.score === null || check.weight <= 0) continue;
    total += check.weight * check.score;
    weights += check.weight;
  }
  return weights === 0 ? 0 : Math.round((10 * total) / weights);
}

export function gradeFor(score: number): string {
  if (score >= 90) return 'A';
  if (score >= 80) return 'B';
  if (score >= 65) return 'C';
  if (score >= 50) return 'D';
  return 'F';
}

type GateInput = Pick<CheckResult, 'id' | 'status' | 'required' | 'score' | 'passScore'> & Partial<Pick<CheckResult, 'criteria' | 'waivers'>>;

/**
 * Whether a required check holds the gate. An active waiver on the whole check exempts it; active waivers on
 * criteria take those criteria out of the weighting (the real score stays in the report, untouched).
 */
export function gateStanding(check: GateInput): 'pass' | 'waived' | 'fail' {
  if (check.status === 'pass' || check.status === 'skip') return 'pass';
  const active = (check.waivers ?? []).filter((waiver) => !waiver.expired);
  if (active.some((waiver) => !waiver.criterion)) return 'waived';
  const waived = new Set(active.map((waiver) => waiver.criterion));
  if (waived.size === 0 || !check.criteria) return 'fail';
  const remaining = check.criteria.filter((criterion) => !waived.has(criterion.id) && !criterion.excluded);
  if (remaining.length === 0) return 'waived';
  return checkScore(remaining, Object.fromEntries(remaining.map((c) => [c.id, c.value]))) >= check.passScore ? 'waived' : 'fail';
}

export function evaluateGate(score: number, checks: ReadonlyArray<GateInput>, minScore: number): Gate {
  const required = checks.filter((check) => check.required).map((check) => check.id);
  const failed = checks.filter((check) => check.required && gateStanding(check) === 'fail');
  const reasons: string[] = [];
  if (score < minScore) reasons.push(`score ${score} is below the minimum ${minScore}`);
  for (const check of failed) {
    reasons.push(`required check ${check.id} is ${check.status} (${check.score ?? 0}/10, needs ${check.passScore})`);
  }
  for (const check of checks) {
    for (const waiver of check.waivers ?? []) {
      if (waiver.expired) reasons.push(`waiver for ${check.id}${waiver.criterion ? `/${waiver.criterion}` : ''} expired on ${waiver.expires}`);
    }
  }
  if (!checks.some((check) => check.status !== 'skip')) reasons.push('no check applied to this target');
  return { minScore, required, failedRequired: failed.map((check) => check.id), reasons };
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
