// Extra artifact locations from the buyer's policy, the handover manifest or the repository config, as the
// listed files they name: a glob, a file, or a folder (everything under it). Bounded; symlinks left out.
import type { Snapshot } from '../snapshot/snapshot.js';

const MAX_FILES = 2000;

export function filesAtLocations(snapshot: Snapshot, locations: readonly string[]): string[] {
  const found = new Set<string>();
  for (const raw of locations) {
    const location = raw.replace(/^\.\//, '').replace(/(?<!\/)\/+$/, '');
    if (!location) continue;
    const paths = /[*?{}[\]]/.test(location) ? snapshot.glob(location) : snapshot.has(location) ? [location] : snapshot.under(location);
    for (const path of paths) {
      if (found.size >= MAX_FILES) break;
      if (!snapshot.isSymlink(path)) found.add(path);
    }
  }
  return [...found].sort();
}
