// Compares a report with an earlier one (`scan --baseline old.json`): each finding is marked new or
// unchanged, and findings that disappeared are listed as fixed. Pure: two reports in, one report out.
import type { Finding } from '../check.js';
import type { Report } from './report.js';

export type BaselineState = 'new' | 'unchanged';

export interface BaselineSummary {
  generatedAt: string;
  score: number;
  scoreDelta: number;
  passed: boolean;
  /** Counts over all checks. */
  new: number;
  unchanged: number;
  fixed: Array<{ check: string; id?: string; severity: Finding['severity']; message: string; path?: string; line?: number }>;
  /** Check id -> score change (null when skipped on either side). */
  checkDeltas: Record<string, number | null>;
}

/** Stable identity of a finding across scans: line numbers and counts shift, the file and the kind do not. */
export function findingFingerprint(checkId: string, finding: Pick<Finding, 'id' | 'path' | 'message'>): string {
  const message = finding.message.replace(/\d+(\.\d+)?/g, '#').toLowerCase();
  return [checkId, finding.id ?? '', finding.path ?? '', message].join('\u0000');
}

export function applyBaseline(report: Report, baseline: Report): Report & { baseline: BaselineSummary } {
  const before = new Map<string, { check: string; finding: Finding }>();
  for (const check of baseline.checks) {
    for (const finding of check.findings) before.set(findingFingerprint(check.id, finding), { check: check.id, finding });
  }
  const seen = new Set<string>();
  let fresh = 0;
  let unchanged = 0;
  const checks = report.checks.map((check) => ({
    ...check,
    findings: check.findings.map((finding) => {
      const key = findingFingerprint(check.id, finding);
      const state: BaselineState = before.has(key) ? 'unchanged' : 'new';
      if (state === 'new') fresh++;
      else {
        unchanged++;
        seen.add(key);
      }
      return { ...finding, baseline: state };
    }),
  }));
  const fixed = [...before.entries()]
    .filter(([key]) => !seen.has(key))
    .map(([, { check, finding }]) => ({
      check,
      ...(finding.id ? { id: finding.id } : {}),
      severity: finding.severity,
      message: finding.message,
      ...(finding.path ? { path: finding.path } : {}),
      ...(finding.line ? { line: finding.line } : {}),
    }));
  const checkDeltas: Record<string, number | null> = {};
  for (const check of report.checks) {
    const old = baseline.checks.find((candidate) => candidate.id === check.id);
    checkDeltas[check.id] = old && old.score !== null && check.score !== null ? Math.round((check.score - old.score) * 10) / 10 : null;
  }
  return {
    ...report,
    checks,
    baseline: {
      generatedAt: baseline.generatedAt,
      score: baseline.score,
      scoreDelta: report.score - baseline.score,
      passed: baseline.passed,
      new: fresh,
      unchanged,
      fixed,
      checkDeltas,
    },
  };
}
