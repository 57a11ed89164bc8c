// Runs the secret rules over a snapshot: the working tree (text files under a per-file cap, binary skipped,
// a total byte budget) and, when the target has git history, every line every commit added (own budget).
// Results carry masked values and fingerprints only.
import type { Snapshot } from '../snapshot/snapshot.js';
import { looksBinary } from '../snapshot/snapshot.js';
import { SecretLineScanner, type SecretMatch } from './scanner.js';

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
  /** Files left unread because the byte budget ran out. */
  notScanned: number;
  capped: boolean;
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
  | { available: true; commits: number; bytes: number; capped: boolean; shallow: boolean; error?: string; secrets: HistorySecret[] };

/** Never text, or too large to hold credentials worth finding: skipped without reading. */
const BINARY_TYPES =
  /\.(png|jpe?g|gif|bmp|ico|webp|tiff?|svgz|pdf|zip|gz|tgz|bz2|xz|zst|7z|rar|tar|whl|egg|jar|war|parquet|feather|arrow|orc|avro|pkl|pickle|joblib|pt|pth|ckpt|safetensors|onnx|h5|hdf5|keras|npy|npz|bin|so|dylib|dll|exe|o|a|pyc|pyo|mp3|mp4|wav|flac|ogg|mov|avi|mkv|tfrecords?|db|sqlite3?|duckdb|lance|woff2?|ttf|otf|eot|xlsx|xls|docx|pptx|odt|ods|gguf|ggml|msgpack|pb|tflite|mlmodel|lgb|xgb|cbm|model)$/i;
/** Where credentials usually sit: scanned first so a budget cut drops the least likely files. */
const LIKELY = /(^|\/)(\.env[\w.-]*|[^/]*\.(env|py|ipynb|sh|bash|zsh|ya?ml|json|toml|ini|cfg|conf|properties|tf|tfvars|r|scala|js|ts|go|java|sql|md|txt)|Dockerfile[^/]*|[._]netrc|settings|credentials|config)$/i;

export async function scanWorkingTree(
  snapshot: Snapshot,
  options: { budget?: number; fileCap?: number } = {},
): Promise<TreeScan> {
  const budget = options.budget ?? DEFAULT_TREE_BUDGET;
  const fileCap = options.fileCap ?? DEFAULT_FILE_CAP;
  const result: TreeScan = { filesScanned: 0, bytesScanned: 0, skippedBinary: 0, skippedLarge: 0, skippedByType: 0, notScanned: 0, capped: false, secrets: [] };
  const candidates: string[] = [];
  for (const path of snapshot.files) {
    if (snapshot.isSymlink(path)) continue;
    if (BINARY_TYPES.test(path)) result.skippedByType++;
    else candidates.push(path);
  }
  const ordered = [...candidates.filter((path) => LIKELY.test(path)), ...candidates.filter((path) => !LIKELY.test(path))];
  for (let i = 0; i < ordered.length; i += 32) {
    if (result.capped) {
      result.notScanned += ordered.length - i;
      break;
    }
    const batch = ordered.slice(i, i + 32);
    const sizes = await Promise.all(batch.map((path) => snapshot.sizeOf(path)));
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

export async function scanHistory(snapshot: Snapshot, options: { budget?: number } = {}): Promise<HistoryScan> {
  const git = snapshot.git;
  if (!git) return { available: false, reason: 'the target has no git history (a plain folder or an export)' };
  if (!git.addedLines) return { available: false, reason: 'this kind of target does not expose commit contents' };
  const shallow = await git.shallow();
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
  const scan: HistoryScan = { available: true, commits: summary.commits, bytes: summary.bytes, capped: summary.capped, shallow, secrets: [...byValue.values()] };
  if (summary.error) scan.error = summary.error;
  return scan;
}
