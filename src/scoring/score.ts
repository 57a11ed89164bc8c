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

/**
 * How much a fully failing set of safeguards takes off: a fifth. With the default weights this costs a complete
 * handover what the same failures cost when safeguards were averaged in (a leaked key and personal data: about
 * 10 points), while a bare repository no longer earns 30% of its score from having nothing to leak.
 */
export const SAFEGUARD_SHARE = 0.2;

type Scored = Pick<CheckResult, 'score' | 'weight' | 'status'> & Partial<Pick<CheckResult, 'role'>>;

/**
 * The overall score on 0-100, a whole number: the weighted mean of the artifact checks' scores, scaled by the
 * safeguards: `artifacts × (1 − SAFEGUARD_SHARE × (1 − safeguards / 10))`. Skipped checks do not count; no
 * artifact check judged means 0 (nothing handed over), and with no safeguard judged the factor is 1.
 */
export function overallScore(checks: readonly Scored[]): number {
  const artifacts = weightedMean(checks.filter((check) => check.role !== 'safeguard'));
  const safeguards = weightedMean(checks.filter((check) => check.role === 'safeguard'));
  if (artifacts === null) return 0;
  const factor = safeguards === null ? 1 : 1 - SAFEGUARD_SHARE * (1 - safeguards / 10);
  return Math.round(10 * artifacts * factor);
}

/**
 * For each counted check, the overall points (as a fraction of 100) its full shortfall is worth: the derivative
 * of overallScore in the check's score, times 10. Ranks findings by what fixing them would win.
 */
export function checkShares(checks: ReadonlyArray<Scored & Pick<CheckResult, 'id'>>): Map<string, number> {
  const counts = (check: Scored) => check.status !== 'skip' && check.score !== null && check.weight > 0;
  const artifactChecks = checks.filter((check) => check.role !== 'safeguard' && counts(check));
  const safeguardChecks = checks.filter((check) => check.role === 'safeguard' && counts(check));
  const artifacts = weightedMean(artifactChecks);
  const safeguards = weightedMean(safeguardChecks);
  const factor = safeguards === null ? 1 : 1 - SAFEGUARD_SHARE * (1 - safeguards / 10);
  const artifactWeight = artifactChecks.reduce((sum, check) => sum + check.weight, 0);
  const safeguardWeight = safeguardChecks.reduce((sum, check) => sum + check.weight, 0);
  const shares = new Map<string, number>();
  for (const check of artifactChecks) shares.set(check.id, (check.weight / artifactWeight) * factor);
  for (const check of safeguardChecks) shares.set(check.id, ((artifacts ?? 0) / 10) * SAFEGUARD_SHARE * (check.weight / safeguardWeight));
  return shares;
}

/** Weighted mean of the counted checks' scores (0-10), or null when none counts. */
function weightedMean(checks: readonly Scored[]): number | null {
  let total = 0;
  let weights = 0;
  for (const check of checks) {
    if (check.status === 'skip' || check.score === null || check.weight <= 0) continue;
    total += check.weight * check.score;
    weights += check.weight;
  }
  return weights === 0 ? null : total / weights;
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
