// Large data committed to the repository without LFS or DVC: found from the listing (data-like extension)
// and sizes of those files only, never by reading them.
import type { Snapshot } from '../snapshot/snapshot.js';
import { covers, type DatasetModel } from './model.js';
import { isDataLikePath } from './paths.js';
import { byName } from '../path-memo.js';
import { isTestAsset } from '../models/paths.js';

/** A pickle or joblib under tests/ or fixtures/ is a model the tests load (test/resources/full_model.pkl), not data. */
const SERIALISED_OBJECT = /\.(pkl|pickle|joblib)$/i;

export const DEFAULT_LARGE_DATA_BYTES = 1024 * 1024;
/** Sizes looked up at most (a repository can hold a very large number of small CSVs). */
const MAX_SIZED = 20_000;
const MAX_NAMED_SMALL = 20;

export interface CommittedDataFile {
  path: string;
  size: number;
  /** How it is versioned, or null when it sits raw in git. */
  versionedBy: 'lfs' | 'dvc' | null;
}

export interface CommittedDataSummary {
  /** Data-like files at or above the threshold. */
  large: CommittedDataFile[];
  /** Data-like files below it (versioned by git itself). */
  smallCount: number;
  smallBytes: number;
  /** The first few small ones, to name them. */
  small: Array<{ path: string; size: number }>;
  /** Data-like files whose size was not looked up (over the limit). */
  unsized: number;
}

const RESOURCE_FOLDERS = new Set(['assets', 'resources', 'package_data']);

/**
 * A file shipped inside a Python package's assets folder (`whisper/assets/mel_filters.npz` next to
 * `whisper/__init__.py`): a constant the code loads, installed with the package, not a dataset.
 */
function isPackageResource(snapshot: Snapshot, path: string): boolean {
  const folders = path.split('/').slice(0, -1);
  const at = folders.findIndex((folder) => RESOURCE_FOLDERS.has(folder.toLowerCase()));
  if (at <= 0) return false;
  return snapshot.has(`${folders.slice(0, at).join('/')}/__init__.py`);
}

export async function findCommittedData(snapshot: Snapshot, model: DatasetModel, thresholdBytes = DEFAULT_LARGE_DATA_BYTES): Promise<CommittedDataSummary> {
  const summary: CommittedDataSummary = { large: [], smallCount: 0, smallBytes: 0, small: [], unsized: 0 };
  // Judged by the file name alone: once per distinct name, not once per path.
  const dataLike = byName(isDataLikePath);
  const candidates = snapshot.files.filter((path) => dataLike(path) && !snapshot.isSymlink(path) && !(SERIALISED_OBJECT.test(path) && isTestAsset(path)) && !isPackageResource(snapshot, path));
  for (const [n, path] of candidates.entries()) {
    if (n >= MAX_SIZED) {
      summary.unsized = candidates.length - n;
      break;
    }
    const size = await snapshot.sizeOf(path);
    if (size === undefined) continue;
    if (size < thresholdBytes) {
      summary.smallCount++;
      summary.smallBytes += size;
      if (summary.small.length < MAX_NAMED_SMALL) summary.small.push({ path, size });
      continue;
    }
    const versionedBy = model.isLfsTracked(path) ? 'lfs' : model.dvcManaged.some((managed) => covers(managed, path)) ? 'dvc' : null;
    summary.large.push({ path, size, versionedBy });
  }
  summary.large.sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
  return summary;
}
