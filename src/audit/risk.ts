// Which engagement needs attention first. An engagement we could not scan is the least known, so the
// riskiest; then failed gates; then regressions by how much they matter; then the lowest score.
import { compareReports } from '../diff/compare.js';
import type { AuditEntry, EngagementChange } from './record.js';

export function riskTier(entry: AuditEntry): number {
  if (entry.status === 'error') return 0;
  const failed = !entry.report?.passed;
  const regressed = (entry.change?.regressions.length ?? 0) > 0 || (entry.change?.scoreDelta ?? 0) < 0;
  if (failed && regressed) return 1;
  if (failed) return 2;
  if (regressed) return 3;
  return 4;
}

function regressionRisk(entry: AuditEntry): number {
  return (entry.change?.regressions ?? []).reduce((sum, change) => sum + change.risk, 0) - Math.min(0, entry.change?.scoreDelta ?? 0);
}

/** Riskiest first; ties by name so the order is stable across runs. */
export function byEngagementRisk(a: AuditEntry, b: AuditEntry): number {
  return (
    riskTier(a) - riskTier(b) ||
    regressionRisk(b) - regressionRisk(a) ||
    (a.report?.score ?? -1) - (b.report?.score ?? -1) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

/** How `entry` moved since `previous` (the same engagement in the previous audit). */
export function changeSince(entry: AuditEntry, previous: AuditEntry | undefined, previousAudit: string): EngagementChange | undefined {
  if (!previous) return undefined;
  if (!entry.report || !previous.report) {
    return {
      previousAudit,
      previousScore: previous.report?.score ?? null,
      scoreDelta: null,
      previousPassed: previous.report?.passed ?? null,
      regressions: [],
      improvements: [],
    };
  }
  const diff = compareReports(previous.report, entry.report);
  return {
    previousAudit,
    previousScore: previous.report.score,
    scoreDelta: diff.scoreDelta,
    previousPassed: previous.report.passed,
    regressions: diff.checks.filter((change) => change.worse),
    improvements: diff.checks.filter((change) => change.better).map((change) => change.id),
  };
}
