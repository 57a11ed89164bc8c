// What a declared location means against the snapshot: which files it matches, and which globs the checks
// get for it. Declarations come from an untrusted repository, so unsafe or costly patterns are refused.
import type { Snapshot } from '../snapshot/snapshot.js';

const GLOB_CHARS = /[*?{}[\]]/;
/** picomatch extglobs (`+(a|b)`) compile to nested quantifiers: refused rather than risk slow matching. */
const EXTGLOB = /[!@+*?]\(/;
const MAX_STARS = 8;

/** Why a declared location cannot be used, or null when it can. */
export function locationProblem(pattern: string): string | null {
  if (pattern.length > 300) return 'longer than 300 characters';
  if (clean(pattern) === '' || clean(pattern) === '.') return 'names the whole repository: name the folder, files or glob';
  if (pattern.startsWith('/') || /^[A-Za-z]:[\\/]/.test(pattern) || pattern.startsWith('~')) return 'an absolute path: locations are relative to the repository root';
  if (pattern.split(/[\\/]/).includes('..')) return 'leaves the repository (`..`)';
  if (pattern.includes('\\')) return 'uses backslashes: write paths with `/`';
  if (EXTGLOB.test(pattern)) return 'uses an extended glob `…(…)`, which is not supported';
  if ((pattern.match(/\*/g) ?? []).length > MAX_STARS) return `uses more than ${MAX_STARS} wildcards`;
  return null;
}

function clean(pattern: string): string {
  return pattern.replace(/^(\.\/)+/, '').replace(/(?<!\/)\/+$/, '');
}

export function isGlobPattern(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/** Files a declaration matches: the file itself, everything under a folder, or the glob's matches. */
export function matchesOf(snapshot: Snapshot, pattern: string): readonly string[] {
  const path = clean(pattern);
  if (isGlobPattern(path)) return snapshot.glob(path);
  const exact = snapshot.glob(path);
  return exact.length > 0 ? exact : snapshot.glob(`${path}/**`);
}

/** The globs a check receives for a declaration (a folder also as `folder/**`, for checks that take globs only). */
export function globsFor(snapshot: Snapshot, pattern: string): string[] {
  const path = clean(pattern);
  if (isGlobPattern(path) || snapshot.glob(path).length > 0) return [path];
  return [path, `${path}/**`];
}
