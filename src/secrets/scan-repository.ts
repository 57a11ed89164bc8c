// Runs the secret rules over a snapshot: the working tree (text files under a per-file cap, binary skipped,
// a total byte budget) and, when the target has git history, every line every commit added (own budget).
// Results carry masked values and fingerprints only.
import type { Snapshot } from '../snapshot/snapshot.js';
import { looksBinary } from '../snapshot/snapshot.js';
import { SecretLineScanner, type SecretMatch } from './scanner.js';
import { lastSlash } from '../path-memo.js';

export const DEFAULT_TREE_BUDGET = 64 * 1024 * 1024;
export const DEFAULT_HISTORY_BUDGET = 64 * 1024 * 1024;
export const DEFAULT_FILE_CAP = 1024 * 1024;

export interface TreeSecret extends SecretMatch {
  path: string;
}

export interface TreeScan {
  filesScanned: number;
  bytesScanned: number;
  skippedBinary: number;
  skippedLarge: number;
  /** Files skipped by type (images, archives, model weights, columnar data): never text. */
  skippedByType: number;
  /** Files left unread because a budget ran out. */
  notScanned: number;
  capped: boolean;
  /** Which budget stopped the scan: the bytes read or the number of files. */
  cappedBy?: 'bytes' | 'files';
  /** The file budget the scan ran with. */
  maxFiles: number;
  secrets: TreeSecret[];
}

export interface HistorySecret extends SecretMatch {
  path: string;
  commit: string;
  date: string;
  /** Commits in which the same value was added (it may have been re-added after a removal). */
  commits: number;
}

export type HistoryScan =
  | { available: false; reason: string }
  | {
      available: true;
      commits: number;
      bytes: number;
      capped: boolean;
      shallow: boolean;
      /** Why the history was not read to the end (git failed, an object is missing, commits went unseen). */
      error?: string;
      /** Paths left out of a partial clone's history (their large blobs were never fetched). */
      excludedPaths?: number;
      secrets: HistorySecret[];
      /** Byte budget the scan ran with. */
      budget: number;
    };

/** Never text, or too large to hold credentials worth finding: skipped without reading (by extension). */
const BINARY_TYPES = new Set(
  ('png jpg jpeg gif bmp ico webp tif tiff svgz pdf zip gz tgz bz2 xz zst 7z rar tar whl egg jar war parquet feather arrow orc avro pkl pickle ' +
    'joblib pt pth ckpt safetensors onnx h5 hdf5 keras npy npz bin so dylib dll exe o a pyc pyo mp3 mp4 wav flac ogg mov avi mkv tfrecord ' +
    'tfrecords db sqlite sqlite3 duckdb lance woff woff2 ttf otf eot xlsx xls docx pptx odt ods gguf ggml msgpack pb tflite mlmodel lgb xgb cbm model').split(' '),
);
/**
 * Scan order, so a budget cut drops the least likely files: where credentials sit (env files, netrc,
 * configuration, infrastructure, scripts, notebooks, keys), then source code, then documents, then the
 * rest; within a tier, files nearer the root first. Judged from the file name, lower-cased.
 */
const LIKELY_TYPES = new Set('env yaml yml json toml ini cfg conf properties tf tfvars sh bash zsh ipynb pem key'.split(' '));
const LIKELY_NAMES = /^(?:\.env[\w.-]*|dockerfile.*|docker-compose.*|[._]netrc|.*settings.*|.*credentials.*|config)$/;
const CODE_TYPES = new Set('py r scala js ts go java sql'.split(' '));
const DOCUMENT_TYPES = new Set(['md', 'txt']);

/** The scan tier of a file name (0 first), or -1 for a type that is never text. */
function scanTier(fileName: string): number {
  const name = fileName.toLowerCase();
  const dot = name.lastIndexOf('.');
  const type = dot === -1 ? '' : name.slice(dot + 1);
  if (BINARY_TYPES.has(type)) return -1;
  if (LIKELY_TYPES.has(type) || LIKELY_NAMES.test(name)) return 0;
  if (CODE_TYPES.has(type)) return 1;
  return DOCUMENT_TYPES.has(type) ? 2 : 3;
}

/** Files read by default: a large monorepo is sampled in the order above, and the report says so. */
export const DEFAULT_TREE_MAX_FILES = 5_000;

export async function scanWorkingTree(
  snapshot: Snapshot,
  options: { budget?: number; fileCap?: number; maxFiles?: number } = {},
): Promise<TreeScan> {
  const budget = options.budget ?? DEFAULT_TREE_BUDGET;
  const fileCap = options.fileCap ?? DEFAULT_FILE_CAP;
  const maxFiles = options.maxFiles ?? DEFAULT_TREE_MAX_FILES;
  const result: TreeScan = { filesScanned: 0, bytesScanned: 0, skippedBinary: 0, skippedLarge: 0, skippedByType: 0, notScanned: 0, capped: false, maxFiles, secrets: [] };
  // Buckets by tier, then by depth; each bucket keeps the listing's sorted order (no sort of the whole list).
  const buckets: Array<Map<number, string[]>> = [new Map(), new Map(), new Map(), new Map()];
  // The tier depends on the file name only: judged once per distinct name (a listing repeats names a lot).
  const tierOfName = new Map<string, number>();
  for (const path of snapshot.files) {
    if (snapshot.isSymlink(path)) continue;
    const name = path.slice(lastSlash(path) + 1);
    let tier = tierOfName.get(name);
    if (tier === undefined) tierOfName.set(name, (tier = scanTier(name)));
    if (tier === -1) {
      result.skippedByType++;
      continue;
    }
    let depth = 0;
    for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) depth++;
    const bucket = buckets[tier].get(depth);
    if (bucket) bucket.push(path);
    else buckets[tier].set(depth, [path]);
  }
  // Plain pushes: flatMap over buckets of 100k paths cost more than the bucketing.
  const ordered: string[] = [];
  for (const byDepth of buckets) {
    for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) for (const path of byDepth.get(depth)!) ordered.push(path);
  }
  for (let i = 0, step = 32; i < ordered.length; i += step) {
    if (!result.capped && i >= maxFiles) {
      result.capped = true;
      result.cappedBy = 'files';
    }
    if (result.capped) {
      result.notScanned += ordered.length - i;
      break;
    }
    step = Math.min(32, maxFiles - i);
    const sizes = await Promise.all(ordered.slice(i, i + step).map((path) => snapshot.sizeOf(path)));
    // Bounded by bytes too: 32 files at the read cap are 32 MiB held at once, most of a scan's peak memory.
    step = batchLength(sizes, fileCap);
    sizes.length = step;
    const batch = ordered.slice(i, i + step);
    const reads = await Promise.all(
      batch.map(async (path, index) => {
        const size = sizes[index];
        if (size !== undefined && size > fileCap) return { path, status: 'large' as const };
        const bytes = await snapshot.readBytes(path, fileCap);
        if (!bytes.ok) return { path, status: bytes.reason === 'too-large' ? ('large' as const) : ('failed' as const) };
        return { path, status: 'read' as const, bytes: bytes.bytes };
      }),
    );
    for (const read of reads) {
      if (read.status === 'large') {
        result.skippedLarge++;
        continue;
      }
      if (read.status !== 'read') continue;
      if (result.bytesScanned + read.bytes.length > budget) {
        result.capped = true;
        result.cappedBy ??= 'bytes';
        result.notScanned++;
        continue;
      }
      if (looksBinary(read.bytes)) {
        result.skippedBinary++;
        continue;
      }
      result.bytesScanned += read.bytes.length;
      result.filesScanned++;
      const text = new TextDecoder('utf-8', { fatal: false }).decode(read.bytes);
      const scanner = new SecretLineScanner(read.path);
      const lines = text.split('\n');
      for (let n = 0; n < lines.length; n++) {
        for (const found of scanner.push(lines[n].replace(/\r$/, ''), n + 1)) result.secrets.push({ ...found, path: read.path });
      }
      for (const found of scanner.end()) result.secrets.push({ ...found, path: read.path });
    }
  }
  return result;
}

/** Bytes of file content one batch may hold in memory at once. */
const BATCH_BYTES = 4 * 1024 * 1024;

/** How many of the next files (by their sizes) make one batch: at least one, at most BATCH_BYTES of readable content. */
function batchLength(sizes: ReadonlyArray<number | undefined>, fileCap: number): number {
  let bytes = 0;
  for (let n = 0; n < sizes.length; n++) {
    const size = sizes[n] ?? fileCap;
    bytes += size > fileCap ? 0 : size;
    if (bytes > BATCH_BYTES && n > 0) return n;
  }
  return sizes.length;
}

export async function scanHistory(snapshot: Snapshot, options: { budget?: number } = {}): Promise<HistoryScan> {
  const git = snapshot.git;
  if (!git) {
    // A git directory that was there but refused (it led out of the target, git too old) says so.
    const refused = snapshot.errors.find((error) => error.path === '.git');
    const reason =
      snapshot.target.kind === 'github'
        ? 'a GitHub API scan reads the files of one commit, not the git history'
        : refused
          ? refused.message
          : 'the target has no git history (a plain folder or an export)';
    return { available: false, reason };
  }
  if (!git.addedLines) return { available: false, reason: 'this kind of target does not expose commit contents' };
  // Asked alongside the log, not before it: git starts on the history at once.
  const shallowAnswer = git.shallow();
  const byValue = new Map<string, HistorySecret>();
  let scanner: SecretLineScanner | null = null;
  let current = { commit: '', date: '', path: '' };
  const record = (found: SecretMatch) => {
    const key = `${found.ruleId}\0${found.fingerprint}`;
    const known = byValue.get(key);
    // Log order is newest first: each later sighting is older and becomes the one reported.
    if (known) Object.assign(known, { ...found, ...current, commits: known.commits + 1 });
    else byValue.set(key, { ...found, ...current, commits: 1 });
  };
  const flush = () => {
    if (scanner) for (const found of scanner.end()) record(found);
    scanner = null;
  };
  const summary = await git.addedLines(
    (line) => {
      if (!scanner || line.commit !== current.commit || line.path !== current.path) {
        flush();
        current = { commit: line.commit, date: line.date, path: line.path };
        scanner = new SecretLineScanner(line.path);
      }
      for (const found of scanner.push(line.text, line.line)) record(found);
    },
    { maxBytes: options.budget ?? DEFAULT_HISTORY_BUDGET, onFileEnd: flush },
  );
  flush();
  const shallow = await shallowAnswer;
  const scan: HistoryScan = { available: true, commits: summary.commits, bytes: summary.bytes, capped: summary.capped, shallow, secrets: [...byValue.values()], budget: options.budget ?? DEFAULT_HISTORY_BUDGET };
  if (summary.error) scan.error = summary.error;
  if (summary.excludedPaths) scan.excludedPaths = summary.excludedPaths;
  return scan;
}
