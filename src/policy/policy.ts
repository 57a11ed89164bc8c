// Policy types: what the buyer writes, and the effective gate the engine applies.
import type { MilestoneId } from './milestones.js';
import type { SystemProfile } from '../profiles/system-profile.js';

export interface CheckSettings {
  weight?: number;
  required?: boolean;
  minScore?: number;
  locations?: string[];
  options?: Record<string, unknown>;
}

/** A known gap the buyer accepts until a date. */
export interface Waiver {
  check: string;
  criterion?: string;
  reason: string;
  approvedBy: string;
  /** YYYY-MM-DD, inclusive. */
  expires: string;
}

export type CustomRule =
  | { kind: 'files'; title?: string; glob: string; min?: number }
  | { kind: 'headings'; title?: string; file: string; headings: string[]; minWords?: number }
  | { kind: 'schema'; title?: string; file: string; schema: Record<string, unknown> }
  | { kind: 'contains' | 'not-contains'; title?: string; file: string; pattern: string; regex?: boolean; ignoreCase?: boolean };

/** A contract-specific check declared in the policy, built from rules without code. */
export interface CustomCheckSpec {
  id: string;
  title: string;
  rationale?: string;
  weight?: number;
  required?: boolean;
  remediation?: string;
  rules: CustomRule[];
}

/** The buyer's policy file, as validated against schemas/policy.schema.json. */
export interface BuyerPolicy {
  version?: 1;
  milestone?: MilestoneId;
  /** What kind of system the buyer bought (src/profiles): overrides what the scan sees. */
  profiles?: SystemProfile[];
  minScore?: number;
  required?: string[];
  readCap?: number;
  /** Wall-clock budget for the scan, a duration such as `10m` (src/policy/duration.ts). */
  deadline?: string;
  checks?: Record<string, CheckSettings>;
  waivers?: Waiver[];
  customChecks?: CustomCheckSpec[];
}

export const DEFAULT_MIN_SCORE = 60;
export const DEFAULT_CHECK_PASS_SCORE = 7;
/**
 * The scan's default time budget: 10 minutes. The largest benchmark tree (177,712 files, a history capped at
 * 64 MiB of patches) scans in 3-6 s, so this is some hundred times the slowest honest scan measured, yet a
 * hostile tree cannot hold a CI job for longer than a coffee break.
 */
export const DEFAULT_DEADLINE_MS = 10 * 60_000;

/** The gate as applied: every number and list resolved, with where each came from. */
export interface EffectivePolicy {
  milestone: MilestoneId | null;
  /** The buyer's statement of what was delivered; absent when the scan decides. */
  profiles?: SystemProfile[];
  minScore: number;
  required: string[];
  readCap?: number;
  /** The scan's wall-clock budget in ms: the command line's, else the buyer's policy's, else the default. */
  deadlineMs: number;
  checks: Record<string, { weight?: number; minScore: number; locations: string[]; options: Record<string, unknown> }>;
  waivers: Waiver[];
  /** Where the policy came from: `defaults`, a file path, `inline`. */
  source: string;
  /** sha256 of the buyer's policy text (and CLI overrides), so a sign-off can name the exact gate. */
  digest: string;
  /** Things the engine noticed about the policy (e.g. repo-local settings it ignored). */
  notes: string[];
}
