// What changed between two audits: per engagement (matched by name) the report diff, plus engagements
// added, removed, or that could be scanned in one audit and not the other.
import type { AuditRecord } from '../audit/record.js';
import { compareReports, type ReportDiff } from './compare.js';

export type EngagementDiffStatus = 'compared' | 'added' | 'removed' | 'now-unscannable' | 'now-scannable' | 'unscannable';

export interface EngagementDiff {
  name: string;
  status: EngagementDiffStatus;
  diff?: ReportDiff;
  error?: string;
}

export interface AuditDiff {
  before: string;
  after: string;
  engagements: EngagementDiff[];
  /** Some engagement regressed, or could be scanned before and cannot now. */
  regressed: boolean;
}

export function compareAudits(before: AuditRecord, after: AuditRecord): AuditDiff {
  const old = new Map(before.engagements.map((entry) => [entry.name, entry]));
  const now = new Map(after.engagements.map((entry) => [entry.name, entry]));
  const engagements: EngagementDiff[] = [];
  // Keep the newer audit's order (riskiest first), then engagements that are gone.
  for (const entry of after.engagements) {
    const previous = old.get(entry.name);
    if (!previous) engagements.push({ name: entry.name, status: 'added', ...(entry.error ? { error: entry.error } : {}) });
    else if (previous.report && entry.report) engagements.push({ name: entry.name, status: 'compared', diff: compareReports(previous.report, entry.report) });
    else if (previous.report && !entry.report) engagements.push({ name: entry.name, status: 'now-unscannable', ...(entry.error ? { error: entry.error } : {}) });
    else if (!previous.report && entry.report) engagements.push({ name: entry.name, status: 'now-scannable' });
    else engagements.push({ name: entry.name, status: 'unscannable', ...(entry.error ? { error: entry.error } : {}) });
  }
  for (const entry of before.engagements) if (!now.has(entry.name)) engagements.push({ name: entry.name, status: 'removed' });
  return {
    before: before.generatedAt,
    after: after.generatedAt,
    engagements,
    regressed: engagements.some((entry) => entry.status === 'now-unscannable' || entry.diff?.regressed === true),
  };
}
