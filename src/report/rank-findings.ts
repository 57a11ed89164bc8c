// Which findings matter most, for every reporter that lists "top findings": exposure first (personal data and
// live credentials in the repository), then the overall points fixing the finding would win. Pure: report in,
// ordered list out; errors and warnings are ranked together, notes (info) after them.
import type { Finding } from '../check.js';
import { checkShares } from '../scoring/score.js';
import type { CheckResult, Report } from './report.js';

/** Finding ids that mean personal data or a credential is sitting in the repository, per check. */
const EXPOSURE: Readonly<Record<string, ReadonlySet<string>>> = {
  secrets: new Set(['secret-in-tree', 'secret-in-history', 'env-file-with-values']),
  'data-protection': new Set(['personal-data', 'personal-fields']),
};

export interface RankedFinding {
  check: CheckResult;
  finding: Finding;
  /** Personal data or a live credential in the repository: listed before anything else. */
  exposure: boolean;
  /**
   * Overall points (0-100 scale) fixing this finding would win: the check's share of the score (checkShares) ×
   * the criterion's share of the check × the criterion's shortfall, divided among the findings that explain
   * that shortfall. An estimate: several findings of one criterion share it evenly.
   */
  points: number;
}

/**
 * Every finding of the report, most important first:
 * 1. exposure (personal data, credentials: error or warning);
 * 2. against a baseline, what is new (the question a comparison answers);
 * 3. errors and warnings before notes;
 * 4. points to win, highest first; then errors before warnings, required checks first, report order.
 *
 * Points come from the finding's criterion. A finding without one (a crashed or unfinished check, a scan
 * cap) shares the shortfall of the check's criteria that no finding names; when every criterion is named,
 * it wins 0 points and is ranked by severity alone.
 */
export function rankFindings(report: Pick<Report, 'checks' | 'coverage'>): RankedFinding[] {
  const shares = checkShares(report.checks);
  const entries: Array<RankedFinding & { index: number; order: number }> = [];
  let index = 0;
  report.checks.forEach((check, order) => {
    const points = pointsPerFinding(check, shares.get(check.id) ?? 0);
    check.findings.forEach((finding, position) => {
      entries.push({ check, finding, exposure: isExposure(check.id, finding), points: points[position], index: index++, order });
    });
  });
  return entries
    .sort(
      (a, b) =>
        Number(b.exposure) - Number(a.exposure) ||
        Number(b.finding.baseline === 'new') - Number(a.finding.baseline === 'new') ||
        Number(a.finding.severity === 'info') - Number(b.finding.severity === 'info') ||
        b.points - a.points ||
        Number(a.finding.severity !== 'error') - Number(b.finding.severity !== 'error') ||
        Number(b.check.required) - Number(a.check.required) ||
        a.order - b.order ||
        a.index - b.index,
    )
    .map(({ check, finding, exposure, points }) => ({ check, finding, exposure, points }));
}

/** The first `max` ranked findings and how many are left out (never capped silently). */
export function topFindings(report: Pick<Report, 'checks' | 'coverage'>, max: number): { shown: RankedFinding[]; more: number; total: number } {
  const ranked = rankFindings(report);
  const shown = ranked.slice(0, Math.max(0, max));
  return { shown, more: ranked.length - shown.length, total: ranked.length };
}

/** "≈ +3.2 points" for a reporter, or '' when fixing it changes no point the score shows. */
export function pointsLabel(points: number): string {
  const rounded = Math.round(points * 10) / 10;
  return rounded >= 0.1 ? `≈ +${rounded} point${rounded === 1 ? '' : 's'}` : '';
}

function isExposure(checkId: string, finding: Finding): boolean {
  return finding.severity !== 'info' && (EXPOSURE[checkId]?.has(finding.id) ?? false);
}

/** Points per finding of one check, in the order of its findings. */
function pointsPerFinding(check: CheckResult, checkShare: number): number[] {
  const zero = check.findings.map(() => 0);
  if (check.status === 'skip' || checkShare <= 0) return zero;
  const counted = check.criteria.filter((criterion) => !criterion.excluded);
  const weights = counted.reduce((sum, criterion) => sum + criterion.weight, 0);
  if (weights === 0) return zero;
  // What each criterion's shortfall is worth overall.
  const worth = new Map(counted.map((criterion) => [criterion.id, 100 * checkShare * (criterion.weight / weights) * (1 - clamp(criterion.value))]));
  const named = new Set(check.findings.map((finding) => finding.criterion).filter((id): id is string => id !== undefined && worth.has(id)));
  const unexplained = [...worth].filter(([id]) => !named.has(id)).reduce((sum, [, value]) => sum + value, 0);

  // The shortfall of a criterion is shared by its errors and warnings; by its notes only when it has nothing else.
  const key = (finding: Finding) => (finding.criterion !== undefined && worth.has(finding.criterion) ? finding.criterion : finding.criterion === undefined ? '' : null);
  const sharers = new Map<string, { serious: number; notes: number }>();
  for (const finding of check.findings) {
    const group = key(finding);
    if (group === null) continue;
    const count = sharers.get(group) ?? { serious: 0, notes: 0 };
    if (finding.severity === 'info') count.notes++;
    else count.serious++;
    sharers.set(group, count);
  }
  return check.findings.map((finding) => {
    const group = key(finding);
    if (group === null) return 0; // names a criterion that left the weight (or does not exist): nothing to win
    const count = sharers.get(group)!;
    const info = finding.severity === 'info';
    const share = count.serious > 0 ? (info ? 0 : count.serious) : count.notes;
    if (share === 0) return 0;
    return (group === '' ? unexplained : worth.get(group)!) / share;
  });
}

function clamp(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
