// The Snapshot: one listing of a target, asked many questions in memory, read with bounded cached reads.
// Checks see only this; they never touch the disk, git or the network.
import picomatch from 'picomatch';
import type { FileEntry, FileSource, ReadFailure, ScanError, TargetInfo } from './source.js';
import type { GitHistory } from '../git/history.js';

export const DEFAULT_READ_CAP = 1024 * 1024;

export type TextResult =
  | { ok: true; text: string; /** invalid UTF-8 was replaced with U+FFFD */ lossy: boolean }
  | { ok: false; reason: ReadFailure | 'binary'; detail?: string };

export type BinaryResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: ReadFailure; detail?: string };

export interface SnapshotOptions {
  readCap?: number;
  git?: GitHistory | null;
}

export class Snapshot {
  readonly target: TargetInfo;
  readonly readCap: number;
  /** Git history of the target, or null when there is none (plain folder, shallow API scan). */
  readonly git: GitHistory | null;
  private readonly source: FileSource;
  private readonly entries: readonly FileEntry[];
  private readonly paths: readonly string[];
  private readonly byPath: Map<string, FileEntry>;
  private readonly textCache = new Map<string, Promise<TextResult>>();
  private readonly globCache = new Map<string, readonly string[]>();
  private readonly problems: ScanError[] = [];
  private readonly problemKeys = new Set<string>();
  private byBasename: Map<string, string[]> | undefined;
  private lookup:
    | { byName: Map<string, string[]>; byExtension: Map<string, string[]>; underLower: (prefix: string, exact: boolean) => string[] }
    | undefined;

  private constructor(source: FileSource, entries: FileEntry[], errors: ScanError[], options: SnapshotOptions) {
    this.source = source;
    this.target = source.target;
    this.readCap = options.readCap ?? DEFAULT_READ_CAP;
    this.git = options.git ?? null;
    this.entries = entries;
    this.paths = entries.map((entry) => entry.path);
    this.byPath = new Map(entries.map((entry) => [entry.path, entry]));
    for (const error of errors) this.addError(error);
  }

  static async fromSource(source: FileSource, options: SnapshotOptions = {}): Promise<Snapshot> {
    const { entries, errors } = await source.list();
    return new Snapshot(source, entries, errors, options);
  }

  /** Every listed path, sorted. */
  get files(): readonly string[] {
    return this.paths;
  }

  get fileCount(): number {
    return this.paths.length;
  }

  /** Problems reading the target that did not stop the scan (for the report's `errors`). */
  get errors(): readonly ScanError[] {
    return this.problems;
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  entry(path: string): FileEntry | undefined {
    return this.byPath.get(path);
  }

  isSymlink(path: string): boolean {
    return this.byPath.get(path)?.kind === 'symlink';
  }

  /** Paths under a folder (recursive), found by binary search on the sorted listing. */
  under(folder: string): readonly string[] {
    const prefix = folder === '' || folder === '.' ? '' : folder.replace(/\/+$/, '') + '/';
    if (prefix === '') return this.paths;
    const start = lowerBound(this.paths, prefix);
    let end = start;
    while (end < this.paths.length && this.paths[end].startsWith(prefix)) end++;
    return this.paths.slice(start, end);
  }

  /** Paths whose last segment equals `name` (case-sensitive). */
  named(name: string): readonly string[] {
    if (!this.byBasename) {
      this.byBasename = new Map();
      for (const path of this.paths) {
        const base = path.slice(path.lastIndexOf('/') + 1);
        const list = this.byBasename.get(base);
        if (list) list.push(path);
        else this.byBasename.set(base, [path]);
      }
    }
    return this.byBasename.get(name) ?? [];
  }

  /**
   * Paths matching any of the globs (picomatch syntax, matched in memory, dotfiles included,
   * case-insensitive unless `caseSensitive`). Candidates are narrowed before matching: by the static
   * folder prefix, else by a literal file name, else by the file extension, so most globs touch a small
   * slice of a 200k-file listing.
   */
  glob(patterns: string | readonly string[], options: { caseSensitive?: boolean } = {}): readonly string[] {
    const list = typeof patterns === 'string' ? [patterns] : patterns;
    const key = `${options.caseSensitive ? 's' : 'i'}\0${list.join('\0')}`;
    const cached = this.globCache.get(key);
    if (cached) return cached;
    const found = new Set<string>();
    for (const pattern of list) {
      const clean = pattern.replace(/^\.\//, '');
      const matcher = picomatch(clean, { dot: true, nocase: !options.caseSensitive });
      for (const path of this.candidates(clean, Boolean(options.caseSensitive))) if (matcher(path)) found.add(path);
    }
    const result = [...found].sort();
    this.globCache.set(key, result);
    return result;
  }

  private candidates(pattern: string, caseSensitive: boolean): readonly string[] {
    const { base, isGlob } = picomatch.scan(pattern);
    if (!isGlob) return caseSensitive ? (this.has(pattern) ? [pattern] : []) : this.index().underLower(pattern.toLowerCase(), true);
    if (base) return caseSensitive ? this.under(base) : this.index().underLower(base.toLowerCase(), false);
    const last = pattern.slice(pattern.lastIndexOf('/') + 1);
    if (!/[*?[\]{}()!+@]/.test(last)) return this.index().byName.get(last.toLowerCase()) ?? [];
    const extensions = /^\*\.(?:([\w-]+)|\{([\w-]+(?:,[\w-]+)*)\})$/.exec(last);
    if (extensions) {
      const names = (extensions[1] ?? extensions[2]).toLowerCase().split(',');
      return names.flatMap((ext) => this.index().byExtension.get(ext) ?? []);
    }
    return this.paths;
  }

  /** Case-insensitive lookups, built once on first use. */
  private index() {
    if (!this.lookup) {
      const byName = new Map<string, string[]>();
      const byExtension = new Map<string, string[]>();
      const lower = this.paths.map((path) => ({ lower: path.toLowerCase(), path })).sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
      const lowerKeys = lower.map((entry) => entry.lower);
      for (const path of this.paths) {
        const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
        push(byName, name, path);
        const dot = name.lastIndexOf('.');
        if (dot > 0) push(byExtension, name.slice(dot + 1), path);
      }
      const underLower = (prefix: string, exact: boolean): string[] => {
        if (exact) {
          const at = lowerBound(lowerKeys, prefix);
          const out: string[] = [];
          for (let i = at; i < lowerKeys.length && lowerKeys[i] === prefix; i++) out.push(lower[i].path);
          return out;
        }
        const folder = prefix.replace(/\/+$/, '') + '/';
        const out: string[] = [];
        for (let i = lowerBound(lowerKeys, folder); i < lowerKeys.length && lowerKeys[i].startsWith(folder); i++) out.push(lower[i].path);
        return out;
      };
      this.lookup = { byName, byExtension, underLower };
    }
    return this.lookup;
  }

  /** Size in bytes of a listed file, from the listing when known, else from the source. */
  async sizeOf(path: string): Promise<number | undefined> {
    const entry = this.byPath.get(path);
    if (!entry) return undefined;
    if (entry.size !== undefined) return entry.size;
    const size = await this.source.sizeOf?.(path);
    if (size !== undefined) entry.size = size;
    return size;
  }

  /**
   * Reads a listed file as text: bounded by the read cap, binary refused, invalid UTF-8 replaced
   * (never thrown), symlinks refused. Each failure is recorded once in `errors` with the file's path.
   */
  readText(path: string, options: { maxBytes?: number } = {}): Promise<TextResult> {
    const maxBytes = options.maxBytes ?? this.readCap;
    const key = `${maxBytes}\0${path}`;
    let pending = this.textCache.get(key);
    if (!pending) {
      pending = this.loadText(path, maxBytes);
      this.textCache.set(key, pending);
    }
    return pending;
  }

  /** Reads a listed file's raw bytes (e.g. a SQLite store), bounded by `maxBytes`. */
  async readBytes(path: string, maxBytes: number = this.readCap): Promise<BinaryResult> {
    const entry = this.byPath.get(path);
    if (!entry) return { ok: false, reason: 'missing' };
    if (entry.kind === 'symlink') {
      this.recordReadFailure(path, 'symlink');
      return { ok: false, reason: 'symlink' };
    }
    const result = await this.source.readBytes(path, maxBytes);
    if (!result.ok) this.recordReadFailure(path, result.reason, result.detail, maxBytes);
    return result;
  }

  /** Records a problem with a file that a check found (e.g. a parse error) so it reaches the report. */
  addError(error: ScanError): void {
    const key = `${error.path ?? ''}\0${error.message}`;
    if (this.problemKeys.has(key)) return;
    this.problemKeys.add(key);
    this.problems.push(error);
  }

  stats(): Record<string, number> {
    return { files: this.paths.length, ...(this.source.stats?.() ?? {}) };
  }

  private async loadText(path: string, maxBytes: number): Promise<TextResult> {
    const raw = await this.readBytes(path, maxBytes);
    if (!raw.ok) return raw;
    if (looksBinary(raw.bytes)) {
      this.addError({ path, message: 'not read: binary content where text was expected' });
      return { ok: false, reason: 'binary' };
    }
    const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(raw.bytes);
    const lossy = text.includes('\uFFFD');
    if (lossy) this.addError({ path, message: 'invalid UTF-8: undecodable bytes were replaced' });
    return { ok: true, text, lossy };
  }

  private recordReadFailure(path: string, reason: ReadFailure, detail?: string, maxBytes?: number): void {
    if (reason === 'missing') return; // asking about a file that is not there is a check's business, not an error
    const message =
      reason === 'too-large'
        ? `not read: larger than the ${formatBytes(maxBytes ?? this.readCap)} read cap${detail ? ` (${detail})` : ''}`
        : reason === 'symlink'
          ? 'not read: symbolic links are never followed'
          : reason === 'not-a-file'
            ? 'not read: not a regular file'
            : `not read: ${detail ?? 'input/output error'}`;
    this.addError({ path, message });
  }
}

/** A NUL byte in the first 8 KiB is how git and most tools tell binary from text. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${bytes} B`;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
