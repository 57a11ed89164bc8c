// The repository's own Python code, read within bounds: at most `maxFiles` files of at most `maxBytes` each,
// non-test code first. Seeds and pretrained-model references are searched here; a 200k-file monorepo costs
// at most a few hundred small reads. Cached per snapshot, shared by the checks that ask.
import type { Snapshot } from '../snapshot/snapshot.js';

export interface SourceFile {
  path: string;
  text: string;
}

export interface PythonSources {
  files: SourceFile[];
  /** `.py` files in the listing (after excluding generated and vendored folders). */
  listed: number;
  /** Files over the size cap, not read. */
  tooLarge: number;
  /** Files beyond the count cap, not read. */
  beyondCap: number;
}

export const DEFAULT_MAX_PYTHON_FILES = 400;
export const DEFAULT_MAX_PYTHON_BYTES = 256 * 1024;

/** Folders whose Python is generated, vendored or a run record, not the delivery's code. */
const NOT_OWN_CODE = /(^|\/)(build|dist|\.eggs|[^/]*\.egg-info|mlruns|mlartifacts|wandb|\.dvc|third_party|vendor|_vendor|migrations)\//;
const TEST_CODE = /(^|\/)(tests?|testing)\/|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/;

const cache = new WeakMap<Snapshot, Map<string, Promise<PythonSources>>>();

export function readPythonSources(
  snapshot: Snapshot,
  options: { maxFiles?: number; maxBytes?: number; notebooks?: boolean } = {},
): Promise<PythonSources> {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_PYTHON_FILES;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_PYTHON_BYTES;
  const key = `${maxFiles}:${maxBytes}:${options.notebooks ? 1 : 0}`;
  let perSnapshot = cache.get(snapshot);
  if (!perSnapshot) cache.set(snapshot, (perSnapshot = new Map()));
  let pending = perSnapshot.get(key);
  if (!pending) {
    pending = load(snapshot, maxFiles, maxBytes, options.notebooks ?? false);
    perSnapshot.set(key, pending);
  }
  return pending;
}

async function load(snapshot: Snapshot, maxFiles: number, maxBytes: number, notebooks: boolean): Promise<PythonSources> {
  const ordered = rankedCandidates(snapshot);
  const listed = notebooks ? ordered.length : ordered.reduce((count, path) => (path.endsWith('.ipynb') ? count : count + 1), 0);
  const chosen: string[] = [];
  for (const path of ordered) {
    if (chosen.length >= maxFiles) break;
    if (notebooks || !path.endsWith('.ipynb')) chosen.push(path);
  }
  const files: SourceFile[] = [];
  let tooLarge = 0;
  for (let i = 0; i < chosen.length; i += 32) {
    const batch = await Promise.all(
      chosen.slice(i, i + 32).map(async (path) => {
        const size = await snapshot.sizeOf(path);
        if (size !== undefined && size > maxBytes) return { path, large: true as const };
        const read = await snapshot.readText(path, { maxBytes });
        return read.ok ? { path, text: read.text } : { path, large: false as const };
      }),
    );
    for (const item of batch) {
      if ('text' in item && item.text !== undefined) files.push({ path: item.path, text: item.text });
      else if ('large' in item && item.large) tooLarge++;
    }
  }
  return { files, listed, tooLarge, beyondCap: Math.max(0, listed - chosen.length) };
}

const ranked = new WeakMap<Snapshot, string[]>();

/**
 * Every own `.py` and `.ipynb` file of the listing in reading order: by rank, then depth, then path. Shared by the
 * readers with and without notebooks (a path's place depends on the path alone, so this order without the notebooks
 * is the order of the `.py` files): one pass over 100k paths, not one per reader.
 */
function rankedCandidates(snapshot: Snapshot): string[] {
  const known = ranked.get(snapshot);
  if (known) return known;
  const candidates = snapshot.glob(['**/*.py', '**/*.ipynb']).filter((path) => !NOT_OWN_CODE.test(path) && !snapshot.isSymlink(path));
  // Buckets over the path-sorted candidates (a sort of 100k paths calling rank() per comparison cost more than the reads).
  const buckets = new Map<number, string[]>();
  for (const path of candidates) {
    const key = rank(path) * 100_000 + depth(path);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(path);
    else buckets.set(key, [path]);
  }
  const ordered: string[] = [];
  for (const key of [...buckets.keys()].sort((a, b) => a - b)) for (const path of buckets.get(key)!) ordered.push(path);
  ranked.set(snapshot, ordered);
  return ordered;
}

/** Training code first, then other code, then notebooks, tests last. */
function rank(path: string): number {
  // Every alternative of TEST_CODE contains "test": most paths skip the regex.
  if (path.includes('test') && TEST_CODE.test(path)) return 3;
  if (/train|fit|pipeline|seed/i.test(path.slice(path.lastIndexOf('/') + 1))) return 0;
  return path.endsWith('.ipynb') ? 2 : 1;
}

function depth(path: string): number {
  let n = 0;
  for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) n++;
  return n;
}
