// The audit record: one dated, schema-versioned JSON file per audit (schemas/audit.schema.json), holding
// every engagement's full report and how it changed since the previous audit.
import type { CheckChange } from '../diff/compare.js';
import type { SystemProfile } from '../profiles/system-profile.js';
import type { Report } from '../report/report.js';
import type { ApiUsage } from './api-budget.js';

/** Bump the major part on any breaking change to the shape; trend charts read old records. */
export const AUDIT_SCHEMA_VERSION = '1.0';
export const AUDIT_KIND = 'ml-handover-audit';

export interface Engagement {
  name: string;
  /** Anything `scan` accepts: a folder, a git URL, github:owner/repo[@ref]. */
  target: string;
  ref?: string;
  /** The buyer's policy file (resolved path), if any. */
  policy?: string;
  milestone?: string;
  /** What kind of system it delivers, per the buyer: outranks the policy's profiles and what the scan detects. */
  profiles?: SystemProfile[];
  /** Who on the buyer's side answers for this engagement. */
  owner?: string;
}

/** How an engagement moved since the previous audit that scanned it. */
export interface EngagementChange {
  previousAudit: string;
  previousScore: number | null;
  /** Score now minus score then; null when either audit could not scan it. */
  scoreDelta: number | null;
  previousPassed: boolean | null;
  /** Checks that got worse, riskiest first. */
  regressions: CheckChange[];
  /** Checks that got better. */
  improvements: string[];
}

export interface AuditEntry {
  name: string;
  target: string;
  ref?: string;
  owner?: string;
  policy?: string;
  milestone: string | null;
  status: 'scanned' | 'error';
  /** Why the engagement could not be scanned (status 'error'). */
  error?: string;
  /** The full scan report (status 'scanned'). */
  report?: Report;
  change?: EngagementChange;
  durationMs: number;
}

export interface AuditRecord {
  schemaVersion: string;
  kind: typeof AUDIT_KIND;
  tool: { name: string; version: string };
  generatedAt: string;
  /** The engagement list file, or `github-org:ORG[#topic]`. */
  source: string;
  previous: { generatedAt: string; file: string } | null;
  summary: AuditSummary;
  /** Riskiest first (see risk.ts). */
  engagements: AuditEntry[];
}

export interface AuditSummary {
  engagements: number;
  scanned: number;
  errors: number;
  passed: number;
  failed: number;
  regressed: number;
  /** GitHub REST requests the audit sent (listing and scans), when it sent any. */
  apiRequests?: number;
  /** Lowest rate-limit headroom seen, and when the limit resets (seconds since the epoch). */
  apiRateLimitRemaining?: number;
  apiRateLimitReset?: number;
  /** Pauses for the rate limit to reset, and their total length. */
  apiPauses?: number;
  apiPausedMs?: number;
}

export function summarize(entries: readonly AuditEntry[], api?: ApiUsage): AuditSummary {
  const scanned = entries.filter((entry) => entry.status === 'scanned');
  return {
    engagements: entries.length,
    scanned: scanned.length,
    errors: entries.length - scanned.length,
    passed: scanned.filter((entry) => entry.report?.passed).length,
    failed: scanned.filter((entry) => !entry.report?.passed).length,
    regressed: entries.filter((entry) => (entry.change?.regressions.length ?? 0) > 0 || (entry.change?.scoreDelta ?? 0) < 0).length,
    ...(api && api.apiRequests > 0 ? api : {}),
  };
}
