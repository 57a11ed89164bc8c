// The system profiles handover.yml declares are the vendor's word: passed to the report next to what the scan
// detected, never used to choose what is judged (a vendor could otherwise declare away the artifacts its system
// needs). When the word and the scan disagree, a note names both, as the declared milestone does.
import { describeProfiles, type DeliveryProfiles, type SystemProfile } from '../profiles/system-profile.js';
import type { ManifestHints } from './manifest-locations.js';

/** What the manifest declares, in the shape the report carries; null without a declaration. */
export function declaredProfiles(hints: Pick<ManifestHints, 'file' | 'profiles'>): DeliveryProfiles['declared'] {
  return hints.file && hints.profiles ? { profiles: [...hints.profiles.ids], path: hints.file } : null;
}

/** A report note when the declared profiles are not what the scan detected; nothing when they agree. */
export function declaredProfilesNotes(profiles: DeliveryProfiles, hints: Pick<ManifestHints, 'profiles'>): string[] {
  const { declared } = profiles;
  if (!declared || sameSet(declared.profiles, profiles.detected)) return [];
  const where = `${declared.path}${hints.profiles ? `:${hints.profiles.line}` : ''}`;
  const detected = profiles.detected.length ? `the scan detected ${describeProfiles(profiles.detected)}` : 'the scan detected nothing that shows what kind of system this is';
  const judged =
    profiles.source === 'policy'
      ? `judged as ${describeProfiles(profiles.judged)}, the buyer's word`
      : profiles.source === 'default'
        ? `judged as ${describeProfiles(profiles.judged)}, the default`
        : `judged as ${describeProfiles(profiles.judged)}, what the scan detected`;
  return [`${where} declares the system profile ${describeProfiles(declared.profiles)}; ${detected} (${judged}). The vendor's declaration is reported, not used.`];
}

function sameSet(a: readonly SystemProfile[], b: readonly SystemProfile[]): boolean {
  return a.length === b.length && a.every((profile) => b.includes(profile));
}
