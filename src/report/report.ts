// The report: plain data, versioned, validated against schemas/report.schema.json. Reporters render it;
// nothing downstream re-runs a check.
import type { Evidence, Finding } from '../check.js';
import type { ScanError, TargetInfo } from '../snapshot/source.js';

/** Bump the major part on any breaking change to the shape; pipelines depend on it. */
export const REPORT_SCHEMA_VERSION = '1.0';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CriterionResult {
  id: string;
  title: string;
  weight: number;
  /** 0..1 */
  value: number;
}

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** 0-10, null when skipped. */
  score: number | null;
  /** Weight in the overall score (0 = not counted). */
  weight: number;
  required: boolean;
  /** Score at or above which this check passes. */
  passScore: number;
  /** Why the check scored what it did, or why it was skipped. */
  summary: string;
  criteria: CriterionResult[];
  evidence: Evidence[];
  findings: Finding[];
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
  /** 0-100 */
  score: number;
  grade: string;
  passed: boolean;
  gate: Gate;
  checks: CheckResult[];
  errors: ScanError[];
  policy: { source: string; digest: string; notes: string[] };
  stats: { files: number; durationMs: number; [key: string]: number };
}
