// The locations handover.yml adds to each check's context, for scan(). Like the repository config, the
// manifest may only add places to look: it never changes weights, thresholds, required checks or the gate.
import type { MilestoneId } from '../policy/milestones.js';
import type { SystemProfile } from '../profiles/system-profile.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { globsFor, locationProblem } from './locations.js';
import { HANDOVER_MANIFEST_CHECK_ID, type Position } from './parse-manifest.js';
import { readHandoverManifest } from './read-manifest.js';

export interface ManifestHints {
  file: string | null;
  /** Extra globs per check id. */
  locations: Record<string, string[]>;
  /** Artifact keys that name no check of this scan: their locations are not used. */
  unknownChecks: Array<{ id: string; line: number }>;
  /** The milestone the vendor declares, to be reported next to what the scan shows. */
  milestone: (Position & { id: MilestoneId }) | null;
  /** The profiles the vendor declares: reported next to what the scan detects, never judged against. */
  profiles: (Position & { ids: SystemProfile[] }) | null;
}

export async function readManifestHints(snapshot: Snapshot, knownChecks: ReadonlySet<string>): Promise<ManifestHints> {
  const read = await readHandoverManifest(snapshot);
  const hints: ManifestHints = { file: read.status === 'absent' ? null : read.file, locations: {}, unknownChecks: [], milestone: null, profiles: null };
  if (read.status !== 'parsed') return hints; // the handover-manifest check reports why
  const { manifest } = read;
  hints.milestone = manifest.milestone;
  hints.profiles = manifest.profiles;
  for (const declaration of manifest.locations) {
    if (!knownChecks.has(declaration.checkId) || declaration.checkId === HANDOVER_MANIFEST_CHECK_ID) {
      if (!hints.unknownChecks.some((known) => known.id === declaration.checkId)) hints.unknownChecks.push({ id: declaration.checkId, line: declaration.line });
      continue;
    }
    if (locationProblem(declaration.pattern)) continue; // reported by the check, never used
    const list = (hints.locations[declaration.checkId] ??= []);
    for (const glob of globsFor(snapshot, declaration.pattern)) if (!list.includes(glob)) list.push(glob);
  }
  return hints;
}
