// The check API: what a check declares about itself and what it returns.
// A check reads a Snapshot (never the disk) and returns an outcome; the engine scores it.
import type { DeliveryProfiles, SystemProfile } from './profiles/system-profile.js';
import type { ScanDeadline } from './scan-deadline.js';
import type { Snapshot } from './snapshot/snapshot.js';

export type Severity = 'error' | 'warning' | 'info';

/** An artifact a check found and looked at. An empty evidence list means it found nothing. */
export interface Evidence {
  path: string;
  line?: number;
  /** What the artifact is, e.g. `adr`, `mlflow-run`, `runbook`. */
  kind: string;
  note?: string;
}

/** Something that falls short. `id` is a stable key (tests assert on it, SARIF uses it). */
export interface Finding {
  id: string;
  severity: Severity;
  message: string;
  path?: string;
  line?: number;
  remediation?: string;
  /** The criterion this finding lowers, when there is one. */
  criterion?: string;
  /** Set when the scan was compared with a baseline report (`--baseline`). */
  baseline?: 'new' | 'unchanged';
}

export interface CriterionDefinition {
  id: string;
  title: string;
  /** Relative weight inside the check. */
  weight: number;
  /** What earns full marks on this criterion; shown by `explain`. */
  description?: string;
}

/** A finding kind the check can emit: documented up front so `explain` and SARIF can list them. */
export interface FindingDefinition {
  severity: Severity;
  title: string;
  remediation: string;
  criterion?: string;
}

export type CheckOutcome =
  | {
      status: 'judged';
      /** Criterion id -> value in [0, 1]. Every declared criterion must be present. */
      criteria: Record<string, number>;
      evidence: Evidence[];
      findings: Finding[];
      /** One sentence that explains the score. */
      summary?: string;
      /**
       * Criteria this target cannot judge (e.g. no git history through an API scan). They leave the weight
       * (what cannot be examined earns nothing and costs nothing); the report's coverage names them, so two
       * scores can be compared.
       */
      unsupported?: Array<{ criterion: string; reason: string }>;
      /**
       * Criteria that cannot apply to this repository (e.g. "links resolve" when no document links anywhere,
       * "no personal data in data files" when none is committed). They leave the weight with the reason,
       * listed in the report's coverage. A criterion that could apply but found nothing scores 0 instead.
       */
      notApplicable?: Array<{ criterion: string; reason: string }>;
    }
  | {
      status: 'skip';
      /** Why the check does not apply to this repository. Required: a skip is never silent. */
      reason: string;
      /** `target` when this kind of target cannot support the check (e.g. no git history); default `repository`. */
      scope?: 'repository' | 'target';
      evidence?: Evidence[];
      findings?: Finding[];
    };

/** What the engine hands a check besides the snapshot. */
export interface CheckContext {
  /** Extra artifact locations (globs) from the buyer's policy, the handover manifest or the repo config. */
  locations: readonly string[];
  /** Per-check options from the buyer's policy (already merged with the check's defaults). */
  options: Readonly<Record<string, unknown>>;
  /** The milestone being gated, if any. */
  milestone: string | null;
  /**
   * The scan's time budget (also `snapshot.deadline`). Once it runs out, reads fail with reason `deadline`
   * and the check is reported as not finished whatever it returns: a long loop should ask `expired()` and stop.
   */
  deadline: ScanDeadline;
  /**
   * What kind of system the delivery is (src/profiles): a check judges the artifact that is the equivalent for
   * the profile (a system card for an LLM application) instead of going blind. Optional for callers that run
   * a check directly; absent means the full checklist of a trained model.
   */
  profiles?: DeliveryProfiles;
}

export interface CheckDefinition {
  /** Stable kebab-case id, part of the report contract. */
  id: string;
  title: string;
  /** Why a receiving team needs this, in one or two sentences. */
  rationale: string;
  /** Weight of this check in the overall score unless the policy says otherwise. */
  defaultWeight: number;
  /**
   * `safeguard` for checks that judge the delivery's hygiene rather than an artifact handed over (no committed
   * credentials or personal data, documents kept current, artifacts that agree). A clean result cannot add points
   * (a clean secret scan of an empty folder is not a handover); a failing one takes up to a fifth off the score
   * (src/scoring/score.ts). Default `artifact`.
   */
  role?: 'artifact' | 'safeguard';
  criteria: readonly CriterionDefinition[];
  findings: Readonly<Record<string, FindingDefinition>>;
  /** What earns 10 and what earns 0, for the README and `explain`. */
  scale: { high: string; low: string };
  /** What the check recognises, for `explain` and the README. */
  recognises: readonly string[];
  /**
   * Set when the check finds its artifacts by their format or name anywhere in the tree, so extra
   * locations cannot add to what it sees: says why. Locations given to it become a note in the report
   * rather than a setting that silently does nothing.
   */
  locationsUnused?: string;
  /**
   * What the check judges instead, for a profile whose delivery has a different artifact than a trained
   * model's (src/profiles): e.g. `llm-application`: "the history of prompt and model evaluations". Shown by
   * `explain`, the README and the report next to the profile; a profile not listed is judged as a trained model.
   */
  profiles?: Partial<Readonly<Record<SystemProfile, string>>>;
  run(snapshot: Snapshot, context: CheckContext): Promise<CheckOutcome>;
}

export function defineCheck(definition: CheckDefinition): CheckDefinition {
  const ids = new Set<string>();
  for (const criterion of definition.criteria) {
    if (ids.has(criterion.id)) throw new Error(`${definition.id}: duplicate criterion ${criterion.id}`);
    if (!(criterion.weight > 0)) throw new Error(`${definition.id}: criterion ${criterion.id} needs a positive weight`);
    ids.add(criterion.id);
  }
  for (const [id, finding] of Object.entries(definition.findings)) {
    if (finding.criterion && !ids.has(finding.criterion)) {
      throw new Error(`${definition.id}: finding ${id} names unknown criterion ${finding.criterion}`);
    }
  }
  return definition;
}

/**
 * Builds a Finding from a declared finding id, so severity and remediation live in one place.
 * `message` says what is wrong here; the remediation comes from the declaration unless overridden.
 */
export function findingFrom(
  check: Pick<CheckDefinition, 'id' | 'findings'>,
  id: string,
  message: string,
  where: { path?: string; line?: number; remediation?: string; severity?: Severity } = {},
): Finding {
  const declared = check.findings[id];
  if (!declared) throw new Error(`${check.id}: undeclared finding id ${id}`);
  const finding: Finding = { id, severity: where.severity ?? declared.severity, message };
  if (where.path !== undefined) finding.path = where.path;
  if (where.line !== undefined) finding.line = where.line;
  finding.remediation = where.remediation ?? declared.remediation;
  if (declared.criterion) finding.criterion = declared.criterion;
  return finding;
}

/** Clamps a criterion value into [0, 1]; NaN counts as 0. */
export function unit(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** Share of items that satisfy a predicate, 0 when there are none (nothing to look at earns nothing). */
export function shareOf<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  if (items.length === 0) return 0;
  let n = 0;
  for (const item of items) if (predicate(item)) n++;
  return n / items.length;
}
