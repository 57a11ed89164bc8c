// What changed between two reports: the score, the gate, the checks that moved, and the findings that
// appeared or were resolved. Pure functions of two reports; the audit uses the same comparison.
import type { Finding, Severity } from '../check.js';
import type { CheckResult, CheckStatus, Report } from '../report/report.js';

export interface CheckState {
  score: number | null;
  status: CheckStatus;
}

export interface CheckChange {
  id: string;
  title: string;
  before: CheckState | null;
  after: CheckState | null;
  /** after - before, when both were scored. */
  scoreDelta: number | null;
  /** Got worse: lower score or a worse status. */
  worse: boolean;
  better: boolean;
  required: boolean;
  weight: number;
  /** Higher is riskier; orders regressions (required checks first, then how far and how heavily they fell). */
  risk: number;
}

export interface FindingRef {
  check: string;
  id: string;
  severity: Severity;
  message: string;
  path?: string;
  line?: number;
}

export interface ReportDiff {
  scoreBefore: number;
  scoreAfter: number;
  scoreDelta: number;
  passedBefore: boolean;
  passedAfter: boolean;
  /** Checks whose score or status changed, riskiest regressions first, then improvements. */
  checks: CheckChange[];
  newFindings: FindingRef[];
  resolvedFindings: FindingRef[];
  /** The score fell, the gate went from passed to failed, or some check got worse. */
  regressed: boolean;
}

const STATUS_RANK: Record<Exclude<CheckStatus, 'skip'>, number> = { pass: 0, warn: 1, fail: 2 };
/** Score changes smaller than this are rounding, not movement. */
const EPSILON = 0.05;

export function compareChecks(before: CheckResult | undefined, after: CheckResult | undefined): CheckChange | null {
  const reference = after ?? before;
  if (!reference) return null;
  const a = before ? { score: before.score, status: before.status } : null;
  const b = after ? { score: after.score, status: after.status } : null;
  const scoreDelta = a?.score != null && b?.score != null ? round1(b.score - a.score) : null;
  const rankA = a && a.status !== 'skip' ? STATUS_RANK[a.status] : null;
  const rankB = b && b.status !== 'skip' ? STATUS_RANK[b.status] : null;
  const statusWorse = rankA !== null && rankB !== null && rankB > rankA;
  const statusBetter = rankA !== null && rankB !== null && rankB < rankA;
  const worse = statusWorse || (scoreDelta !== null && scoreDelta <= -EPSILON);
  const better = !worse && (statusBetter || (scoreDelta !== null && scoreDelta >= EPSILON));
  const moved = worse || better || a?.status !== b?.status || (a === null) !== (b === null);
  if (!moved) return null;
  const required = Boolean(after?.required ?? before?.required);
  const weight = after?.weight ?? before?.weight ?? 0;
  const fall = worse ? Math.max(scoreDelta !== null ? -scoreDelta : 0, statusWorse ? 1 : 0) : 0;
  const risk = worse ? (required ? 1000 : 0) + (b?.status === 'fail' ? 100 : b?.status === 'warn' ? 50 : 0) + fall * Math.max(weight, 0.1) : 0;
  return { id: reference.id, title: reference.title, before: a, after: b, scoreDelta, worse, better, required, weight, risk: round1(risk) };
}

export function compareReports(before: Report, after: Report): ReportDiff {
  const ids = [...new Set([...before.checks.map((c) => c.id), ...after.checks.map((c) => c.id)])];
  const oldById = new Map(before.checks.map((check) => [check.id, check]));
  const newById = new Map(after.checks.map((check) => [check.id, check]));
  const checks = ids
    .map((id) => compareChecks(oldById.get(id), newById.get(id)))
    .filter((change): change is CheckChange => change !== null)
    .sort(byRisk);
  const { added, removed } = diffFindings(findingsOf(before), findingsOf(after));
  const scoreDelta = after.score - before.score;
  return {
    scoreBefore: before.score,
    scoreAfter: after.score,
    scoreDelta,
    passedBefore: before.passed,
    passedAfter: after.passed,
    checks,
    newFindings: added,
    resolvedFindings: removed,
    regressed: scoreDelta < 0 || (before.passed && !after.passed) || checks.some((change) => change.worse),
  };
}

/** Regressions first (riskiest first), then improvements, then other moves; ties by id. */
export function byRisk(a: CheckChange, b: CheckChange): number {
  return Number(b.worse) - Number(a.worse) || b.risk - a.risk || Number(b.better) - Number(a.better) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function findingsOf(report: Report): FindingRef[] {
  return report.checks.flatMap((check) =>
    check.findings.map((finding: Finding) => ({
      check: check.id,
      id: finding.id,
      severity: finding.severity,
      message: finding.message,
      ...(finding.path !== undefined ? { path: finding.path } : {}),
      ...(finding.line !== undefined ? { line: finding.line } : {}),
    })),
  );
}

// A finding is "the same" across reports by check, id and path: lines move as files are edited, and
// messages carry counts that change without the problem changing. Multiplicity is kept.
function diffFindings(before: FindingRef[], after: FindingRef[]): { added: FindingRef[]; removed: FindingRef[] } {
  const key = (finding: FindingRef) => `${finding.check}\0${finding.id}\0${finding.path ?? ''}`;
  const remaining = new Map<string, number>();
  for (const finding of before) remaining.set(key(finding), (remaining.get(key(finding)) ?? 0) + 1);
  const added: FindingRef[] = [];
  for (const finding of after) {
    const count = remaining.get(key(finding)) ?? 0;
    if (count > 0) remaining.set(key(finding), count - 1);
    else added.push(finding);
  }
  const stillThere = new Map<string, number>();
  for (const finding of after) stillThere.set(key(finding), (stillThere.get(key(finding)) ?? 0) + 1);
  const removed: FindingRef[] = [];
  for (const finding of before) {
    const count = stillThere.get(key(finding)) ?? 0;
    if (count > 0) stillThere.set(key(finding), count - 1);
    else removed.push(finding);
  }
  return { added, removed };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
