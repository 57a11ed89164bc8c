// The report: plain data, versioned, validated against schemas/report.schema.json. Reporters render it;
// nothing downstream re-runs a check.
import type { Evidence, Finding } from '../check.js';
import type { SystemProfile } from '../profiles/system-profile.js';
import type { ScanError, TargetInfo } from '../snapshot/source.js';
import type { BaselineSummary } from './baseline.js';
import type { UnreadEntry } from '../unread/unread.js';

/** Bump the major part on any breaking change to the shape; pipelines depend on it. */
export const REPORT_SCHEMA_VERSION = '1.0';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CriterionResult {
  id: string;
  title: string;
  weight: number;
  /** 0..1 */
  value: number;
  /**
   * Set when the criterion left the weight: it cannot apply to this repository, or this target cannot judge
   * it. Its value is then 0 and does not count in the check's score.
   */
  excluded?: 'not-applicable' | 'unsupported';
}

/** A buyer's waiver as applied to a check in this report. */
export interface AppliedWaiver {
  criterion?: string;
  reason: string;
  approvedBy: string;
  expires: string;
  expired: boolean;
}

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** 0-10, null when skipped. */
  score: number | null;
  /** Weight in the overall score (0 = not counted). */
  weight: number;
  /** Present for safeguard checks: they scale the score down when they fail and never add to it. */
  role?: 'safeguard';
  required: boolean;
  /** Score at or above which this check passes. */
  passScore: number;
  /** Why the check scored what it did, or why it was skipped. */
  summary: string;
  criteria: CriterionResult[];
  evidence: Evidence[];
  findings: Finding[];
  /** Waivers from the buyer's policy that match this check. */
  waivers?: AppliedWaiver[];
  /** Why a skipped check did not run: the repository has nothing of the kind, or the target cannot support it. */
  skipScope?: 'repository' | 'target';
  /** Criteria this target could not judge; they leave the weight. */
  unsupported?: Array<{ criterion: string; reason: string }>;
  /** Criteria that cannot apply to this repository; they leave the weight. */
  notApplicable?: Array<{ criterion: string; reason: string }>;
}

/** What the score is made of, so two scores can be compared. */
export interface Coverage {
  /** Checks that were judged and counted. */
  judged: string[];
  /**
   * Checks that do not apply to this repository, with the reason; `criterion` is set when only that
   * criterion of a judged check does not apply (it left the weight).
   */
  notApplicable: Array<{ id: string; criterion?: string; reason: string }>;
  /**
   * Checks this kind of target cannot support (e.g. no git history through an API scan), with the reason;
   * `criterion` is set when only that criterion of a judged check could not be judged.
   */
  unsupported: Array<{ id: string; criterion?: string; reason: string }>;
  /** The weight each judged check carried in the overall score. */
  weights: Record<string, number>;
  /**
   * Checks still running when the scan's time budget ran out, with the reason. They count as judged with
   * score 0 (never a pass). Always set by scan(); absent from reports made before it existed.
   */
  unfinished?: Array<{ id: string; reason: string }>;
  /**
   * Files a check could not read: documents in a format it does not open, code in a language it does not
   * search, with counts, examples and the reason (src/unread/). Always set by scan(); absent from older reports.
   */
  unread?: UnreadEntry[];
}

export interface Gate {
  minScore: number;
  required: string[];
  failedRequired: string[];
  /** Plain-language reasons the gate failed; empty when it passed. */
  reasons: string[];
}

export interface Report {
  schemaVersion: string;
  tool: { name: string; version: string };
  target: TargetInfo;
  generatedAt: string;
  milestone: string | null;
  /**
   * What kind of system was judged (src/profiles/system-profile.ts): `judged` is what the checks held the
   * delivery to, `source` whose word that is (`policy`, `detected`, `default` when nothing showed), `detected`
   * and `evidence` what the scan saw, `declared` the vendor's handover manifest (reported, never used).
   */
  profiles?: {
    judged: SystemProfile[];
    source: 'policy' | 'detected' | 'default';
    detected: SystemProfile[];
    evidence: Array<{ profile: SystemProfile; path: string; line?: number; why: string }>;
    declared: { profiles: SystemProfile[]; path: string } | null;
  };
  /** 0-100 */
  score: number;
  grade: string;
  passed: boolean;
  gate: Gate;
  checks: CheckResult[];
  errors: ScanError[];
  coverage: Coverage;
  policy: { source: string; digest: string; notes: string[] };
  /** Also `deadlineMs`, the scan's time budget, and `deadlineHit`: 1 when it ran out before the checks finished, else 0. */
  stats: { files: number; durationMs: number; [key: string]: number };
  /** Present when the scan was compared with an earlier report (`--baseline`). */
  baseline?: BaselineSummary;
}
