// Policy types: what the buyer writes, and the effective gate the engine applies.
import type { MilestoneId } from './milestones.js';

export interface CheckSettings {
  weight?: number;
  required?: boolean;
  minScore?: number;
  locations?: string[];
  options?: Record<string, unknown>;
}

/** The buyer's policy file, as validated against schemas/policy.schema.json. */
export interface BuyerPolicy {
  version?: 1;
  milestone?: MilestoneId;
  minScore?: number;
  required?: string[];
  readCap?: number;
  checks?: Record<string, CheckSettings>;
}

export const DEFAULT_MIN_SCORE = 60;
export const DEFAULT_CHECK_PASS_SCORE = 7;

/** The gate as applied: every number and list resolved, with where each came from. */
export interface EffectivePolicy {
  milestone: MilestoneId | null;
  minScore: number;
  required: string[];
  readCap?: number;
  checks: Record<string, { weight?: number; minScore: number; locations: string[]; options: Record<string, unknown> }>;
  /** Where the policy came from: `defaults`, a file path, `inline`. */
  source: string;
  /** sha256 of the buyer's policy text (and CLI overrides), so a sign-off can name the exact gate. */
  digest: string;
  /** Things the engine noticed about the policy (e.g. repo-local settings it ignored). */
  notes: string[];
}
