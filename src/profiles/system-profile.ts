// What kind of system a delivery is. A checklist written for a training pipeline goes blind on an application
// built on a hosted LLM (no training runs, no weights), and the reverse: each check asks the profile which
// artifact is the equivalent one (experiment history of prompt evaluations, a system card, evaluation sets and the
// retrieval corpus as the versioned data) instead of scoring 0 for what cannot exist.

export type SystemProfile = 'trained-model' | 'llm-application' | 'fine-tuned-model' | 'data-pipeline';

export const SYSTEM_PROFILES: readonly SystemProfile[] = ['trained-model', 'fine-tuned-model', 'llm-application', 'data-pipeline'];

export const PROFILE_TITLES: Readonly<Record<SystemProfile, string>> = {
  'trained-model': 'a model trained by the vendor',
  'fine-tuned-model': 'a foundation model fine-tuned by the vendor',
  'llm-application': 'an application built on a hosted or open LLM (prompts, retrieval, guardrails)',
  'data-pipeline': 'a data pipeline (ingestion, transformation, feature or dataset builds)',
};

/** One thing the scan saw that shows a profile. */
export interface ProfileSighting {
  profile: SystemProfile;
  path: string;
  line?: number;
  /** What was seen, e.g. `openai declared`, `training loop (.backward())`, `dbt project`. */
  why: string;
}

/** The `why` of a recorded run's sighting: reports show the runs of one store as one place (`mlruns/`). */
export const RUN_RECORD_WHY = 'recorded training run';

/** Who said what the delivery is. The buyer's policy wins; a vendor's handover manifest is reported, never trusted. */
export type ProfileSource = 'policy' | 'detected' | 'default';

export interface DeliveryProfiles {
  /** What the checks judge against: never empty. */
  judged: readonly SystemProfile[];
  source: ProfileSource;
  /** What the scan saw, with evidence (reported whatever the source). */
  detected: readonly SystemProfile[];
  sightings: readonly ProfileSighting[];
  /** The vendor's word from the handover manifest, shown next to what the scan saw. */
  declared: { profiles: SystemProfile[]; path: string } | null;
}

/** Nothing shows what the delivery is: judged against the full checklist of a trained model, the strictest. */
export const DEFAULT_PROFILES: DeliveryProfiles = {
  judged: ['trained-model'],
  source: 'default',
  detected: [],
  sightings: [],
  declared: null,
};

/** The vendor trained (or fine-tuned) weights: training runs, training data and the weights are artifacts. */
export function trainsModel(profiles: Pick<DeliveryProfiles, 'judged'>): boolean {
  return profiles.judged.includes('trained-model') || profiles.judged.includes('fine-tuned-model');
}

/** An LLM application with no training of its own: prompts, evaluations, retrieval and a system card instead. */
export function promptedOnly(profiles: Pick<DeliveryProfiles, 'judged'>): boolean {
  return profiles.judged.includes('llm-application') && !trainsModel(profiles);
}

/** `llm-application + data-pipeline` for reports. */
export function describeProfiles(profiles: readonly SystemProfile[]): string {
  return profiles.length ? profiles.join(' + ') : 'none shown';
}

export function isSystemProfile(value: unknown): value is SystemProfile {
  return typeof value === 'string' && (SYSTEM_PROFILES as readonly string[]).includes(value);
}

/** Short names for report lines: `LLM application`. */
export const PROFILE_NAMES: Readonly<Record<SystemProfile, string>> = {
  'trained-model': 'trained model',
  'fine-tuned-model': 'fine-tuned model',
  'llm-application': 'LLM application',
  'data-pipeline': 'data pipeline',
};

/**
 * `llm-application,data-pipeline` as the buyer types it (`--profile`, the Action's `profiles` input): every
 * name must be a profile, so a typo fails loudly instead of silently judging the default.
 */
export function parseProfileList(text: string): { ok: true; profiles: SystemProfile[] } | { ok: false; error: string } {
  const names = text.split(/[,\s]+/).filter((name) => name !== '');
  if (names.length === 0) return { ok: false, error: `name at least one profile: ${SYSTEM_PROFILES.join(', ')}` };
  const unknown = names.filter((name) => !isSystemProfile(name));
  if (unknown.length) {
    const shown = unknown.slice(0, 3).map((name) => `"${name.length > 40 ? `${name.slice(0, 39)}…` : name}"`).join(', ');
    return { ok: false, error: `unknown profile${unknown.length > 1 ? 's' : ''} ${shown}; valid profiles: ${SYSTEM_PROFILES.join(', ')}` };
  }
  return { ok: true, profiles: [...new Set(names as SystemProfile[])] };
}
