// Which profiles the checks judge against: the buyer's policy when it names them, else what the scan saw, else
// the full checklist of a trained model. The vendor's handover manifest may say what it delivered; it is shown
// next to what the scan saw and never chosen, so a vendor cannot opt out of the artifacts its system needs.
import type { Snapshot } from '../snapshot/snapshot.js';
import { detectProfiles } from './detect-profiles.js';
import { DEFAULT_PROFILES, type DeliveryProfiles, type SystemProfile } from './system-profile.js';

export async function resolveProfiles(
  snapshot: Snapshot,
  buyer: readonly SystemProfile[] | undefined,
  declared: DeliveryProfiles['declared'] = null,
): Promise<DeliveryProfiles> {
  const seen = await detectProfiles(snapshot);
  const base = { detected: seen.profiles, sightings: seen.sightings, declared };
  if (buyer && buyer.length > 0) return { ...base, judged: [...buyer], source: 'policy' };
  if (seen.profiles.length > 0) return { ...base, judged: seen.profiles, source: 'detected' };
  return { ...DEFAULT_PROFILES, ...base, judged: DEFAULT_PROFILES.judged };
}
