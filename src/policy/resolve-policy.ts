// Merges milestone preset, buyer policy and CLI overrides into the one gate the engine applies.
// Precedence, lowest first: defaults < milestone preset < buyer policy file < command-line flags.
import { createHash } from 'node:crypto';
import type { CheckDefinition } from '../check.js';
import { buildCustomCheck } from './custom-checks.js';
import { MILESTONES, type MilestoneId } from './milestones.js';
import { parseDuration } from './duration.js';
import type { SystemProfile } from '../profiles/system-profile.js';
import { DEFAULT_CHECK_PASS_SCORE, DEFAULT_DEADLINE_MS, DEFAULT_MIN_SCORE, type BuyerPolicy, type EffectivePolicy } from './policy.js';

export interface PolicyInputs {
  policy?: BuyerPolicy;
  policySource?: string;
  policyDigest?: string;
  milestone?: MilestoneId;
  minScore?: number;
  /** `--deadline`, in ms: outranks the policy's `deadline`. */
  deadlineMs?: number;
  /** `--profile`: what kind of system the buyer says this is; outranks the policy's `profiles`. */
  profiles?: readonly SystemProfile[];
}

export function resolvePolicy(inputs: PolicyInputs, checkIds: readonly string[]): EffectivePolicy {
  const policy = inputs.policy ?? {};
  const milestoneId = inputs.milestone ?? policy.milestone ?? null;
  const preset = milestoneId ? MILESTONES[milestoneId] : null;

  const required = new Set<string>(preset?.required ?? []);
  for (const id of policy.required ?? []) required.add(id);
  for (const custom of policy.customChecks ?? []) if (custom.required) required.add(custom.id);
  for (const [id, settings] of Object.entries(policy.checks ?? {})) {
    if (settings.required === true) required.add(id);
    if (settings.required === false) required.delete(id);
  }

  const checks: EffectivePolicy['checks'] = {};
  for (const id of checkIds) {
    const custom = policy.customChecks?.find((candidate) => candidate.id === id);
    const settings = { ...(custom?.weight !== undefined ? { weight: custom.weight } : {}), ...(policy.checks?.[id] ?? {}) };
    checks[id] = {
      ...(settings.weight !== undefined ? { weight: settings.weight } : {}),
      minScore: settings.minScore ?? DEFAULT_CHECK_PASS_SCORE,
      locations: [...(settings.locations ?? [])],
      options: { ...(settings.options ?? {}) },
    };
  }

  const minScore = inputs.minScore ?? policy.minScore ?? preset?.minScore ?? DEFAULT_MIN_SCORE;
  const profiles = inputs.profiles?.length ? inputs.profiles : policy.profiles;
  // Profiles only when given, so digests of scans without --profile stay what they were.
  const overrides = JSON.stringify({ milestone: inputs.milestone ?? null, minScore: inputs.minScore ?? null, ...(inputs.profiles?.length ? { profiles: inputs.profiles } : {}) });
  const digest =
    'sha256:' +
    createHash('sha256')
      .update(inputs.policyDigest ?? 'defaults')
      .update('\0')
      .update(overrides)
      .digest('hex');
  return {
    milestone: milestoneId,
    ...(profiles?.length ? { profiles: [...new Set(profiles)] } : {}),
    minScore,
    required: checkIds.filter((id) => required.has(id)),
    ...(policy.readCap !== undefined ? { readCap: policy.readCap } : {}),
    deadlineMs: inputs.deadlineMs ?? policyDeadline(policy) ?? DEFAULT_DEADLINE_MS,
    checks,
    waivers: [...(policy.waivers ?? [])],
    source: inputs.policySource ?? 'defaults',
    digest,
    notes: [],
  };
}

/** The policy's budget in ms. A policy file was checked when loaded; one built in code that is wrong throws. */
function policyDeadline(policy: BuyerPolicy): number | undefined {
  if (policy.deadline === undefined) return undefined;
  const parsed = parseDuration(policy.deadline);
  if (!parsed.ok) throw new RangeError(`policy deadline: ${parsed.error}`);
  return parsed.ms;
}

/** The built-in checks followed by the buyer's custom checks, in report order. */
export function checksForPolicy(builtIns: readonly CheckDefinition[], policy: BuyerPolicy | undefined): CheckDefinition[] {
  return [...builtIns, ...(policy?.customChecks ?? []).map(buildCustomCheck)];
}
