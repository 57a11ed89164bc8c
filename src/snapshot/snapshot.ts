// The Snapshot: one listing of a target, asked many questions in memory, read with bounded cached reads.
// Checks see only this; they never touch the disk, git or the network.
import picomatch from 'picomatch';
import type { FileEntry, FileSource, ReadFailure, ScanError, TargetInfo } from './source.js';
import type { GitHistory } from '../git/history.js';
import { ScanDeadline } from '../scan-deadline.js';
import { BoundedCache } from './bounded-cache.js';

export const DEFAULT_READ_CAP = 1024 * 1024;
/** Bound on the texts a snapshot keeps (UTF-16, two bytes a character); an evicted text is read again. */
export const TEXT_CACHE_BYTES = 16 * 1024 * 1024;

export type TextResult =
  | { ok: true; text: string; /** invalid UTF-8 was replaced with U+FFFD */ lossy: boolean }
  | { ok: false; reason: ReadFailure | 'binary' | 'deadline'; detail?: string };

/** `deadline`: the scan's time budget ran out, nothing more is read (never recorded as a file's error). */
export type BinaryResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: ReadFailure | 'deadline'; detail?: string };

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
  /** Symbolic links are few: a set of them spares a map of every path (lookups are binary searches). */
  private readonly symlinks: ReadonlySet<string>;
  /** Texts read, kept within a byte bound (a scan may read thousands of files of up to the read cap each). */
  private readonly textCache = new BoundedCache<TextResult>(TEXT_CACHE_BYTES, (result) => (result.ok ? 2 * result.text.length : 0));
  /** Files read whole as text: their size in bytes and the cap they were first read under (see readText). */
  private readonly wholeTexts = new Map<string, { bytes: number; cap: number }>();
  private readonly globCache = new Map<string, readonly string[]>();
  private readonly problems: ScanError[] = [];
  private readonly problemKeys = new Set<string>();
  private loweredPaths: Array<string | null> | undefined;
  private scanDeadline = ScanDeadline.none();
  private lookup:
    | {
        byName: Map<string, string[]>;
        byExtension: Map<string, string[]>;
        /** Positions in `paths` of each extension's files, to unite several extensions by number, not by string. */
        extensionAt: Map<string, number[]>;
        underLower: (prefix: string, exact: boolean) => string[];
        /** Lower-cased folders (at any depth) whose own name is `name` (lower-case). */
        foldersNamed: (name: string) => readonly string[];
      }
    | undefined;

  private constructor(source: FileSource, entries: FileEntry[], errors: ScanError[], options: SnapshotOptions) {
    this.source = source;
    this.target = source.target;
    this.readCap = options.readCap ?? DEFAULT_READ_CAP;
    this.git = options.git ?? null;
    this.entries = entries; // sorted by path: every source lists in that order (FileSource.list)
    this.paths = entries.map((entry) => entry.path);
    this.symlinks = new Set(entries.filter((entry) => entry.kind === 'symlink').map((entry) => entry.path));
    for (const error of errors) this.addError(error);
  }

  static async fromSource(source: FileSource, options: SnapshotOptions = {}): Promise<Snapshot> {
    const { entries, errors } = await source.list();
    return new Snapshot(source, entries, errors, options);
  }

  /** A snapshot over a listing the caller already asked the source for (`source.list()`, path order). */
  static fromListing(source: FileSource, entries: FileEntry[], options: SnapshotOptions = {}, errors: ScanError[] = []): Snapshot {
    return new Snapshot(source, entries, errors, options);
  }

  /** The running scan's time budget (one that never runs out until a scan sets it). Loops may poll `expired()`. */
  get deadline(): ScanDeadline {
    return this.scanDeadline;
  }

  /** Set by scan(): reads fail fast once the budget runs out, and history's git processes are killed. */
  useDeadline(deadline: ScanDeadline): void {
    this.scanDeadline = deadline;
    this.git?.cancelOn?.(deadline.signal);
    this.source.cancelOn?.(deadline.signal);
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
    return this.paths[lowerBound(this.paths, path)] === path;
  }

  entry(path: string): FileEntry | undefined {
    const at = lowerBound(this.paths, path);
    return this.paths[at] === path ? this.entries[at] : undefined;
  }

  isSymlink(path: string): boolean {
    return this.symlinks.size > 0 && this.symlinks.has(path);
  }

  /** Paths under a folder (recursive), found by binary search on the sorted listing. */
  under(folder: string): readonly string[] {
    const prefix = folder === '' || folder === '.' ? '' : folder.replace(/(?<!\/)\/+$/, '') + '/';
    if (prefix === '') return this.paths;
    const start = lowerBound(this.paths, prefix);
    let end = start;
    while (end < this.paths.length && this.paths[end].startsWith(prefix)) end++;
    return this.paths.slice(start, end);
  }

  /** Paths whose last segment equals `name` (case-sensitive). */
  named(name: string): readonly string[] {
    const candidates = this.index().byName.get(name.toLowerCase()) ?? [];
    return candidates.filter((path) => path.endsWith(name) && (path.length === name.length || path[path.length - name.length - 1] === '/'));
  }

  /**
   * Paths matching any of the globs (picomatch syntax, matched in memory, dotfiles included,
   * case-insensitive unless `caseSensitive`). Candidates are narrowed before matching: by the static
   * folder prefix, else by a literal file name, else by the file extension, else (a name pattern at any depth) by
   * the distinct file names, so most globs touch a small slice of a 200k-file listing.
   */
  glob(patterns: string | readonly string[], options: { caseSensitive?: boolean } = {}): readonly string[] {
    const list = typeof patterns === 'string' ? [patterns] : patterns;
    const key = `${options.caseSensitive ? 's' : 'i'}\0${list.join('\0')}`;
    const cached = this.globCache.get(key);
    if (cached) return cached;
    // `**/*.py` or `**/README.md` alone is answered by the name indexes as they stand (path order).
    const only = list.length === 1 && !options.caseSensitive ? list[0].replace(/^\.\//, '') : null;
    const direct = only === null ? null : this.indexAnswer(only);
    if (direct) {
      this.globCache.set(key, direct);
      return direct;
    }
    // Each pattern's matches, in path order where they come so; merged at the end (sorting a union of
    // 100k index entries cost more than finding them).
    const parts: Array<readonly string[]> = [];
    for (const pattern of list) {
      const clean = pattern.replace(/^\.\//, '');
      const indexed = options.caseSensitive ? null : this.indexAnswer(clean);
      if (indexed) {
        parts.push(indexed);
        continue;
      }
      const found: string[] = [];
      const matcher = picomatch(clean, { dot: true, nocase: !options.caseSensitive });
      const literals = literalFolders(clean, Boolean(options.caseSensitive));
      const contains = literals === null ? null : literalTest(literals, Boolean(options.caseSensitive));
      for (const candidates of this.candidateLists(clean, Boolean(options.caseSensitive))) {
        if (literals !== null && candidates === this.paths && !options.caseSensitive) {
          // The whole listing: lower-cased once per snapshot, not once per glob.
          const lowered = this.asciiLowerPaths();
          for (let i = 0; i < candidates.length; i++) {
            const hay = lowered[i];
            if ((hay === null || literals.every((literal) => hay.includes(literal))) && matcher(candidates[i])) found.push(candidates[i]);
          }
          continue;
        }
        for (const path of candidates) if ((contains === null || contains(path)) && matcher(path)) found.push(path);
      }
      parts.push(found);
    }
    const result = mergeSorted(parts);
    this.globCache.set(key, result);
    return result;
  }

  /**
   * Case-insensitive `**` + `/*.ext` and `**` + `/name`: exactly an index entry, already in path order; `**` +
   * `/*.{a,b}`: the entries of each extension, united by their places in the listing.
   */
  private indexAnswer(pattern: string): readonly string[] | null {
    const several = /^\*\*\/\*\.\{([\w-]+(?:,[\w-]+)*)\}$/.exec(pattern);
    if (several) return this.withExtensions(several[1].toLowerCase().split(','));
    const match = /^\*\*\/(?:\*\.([\w-]+)|([\w-][\w.-]*))$/.exec(pattern);
    if (!match) return null;
    if (match[1] !== undefined) return this.index().byExtension.get(match[1].toLowerCase()) ?? [];
    return this.index().byName.get(match[2].toLowerCase()) ?? [];
  }

  /** Files with any of the (lower-case) extensions, in path order: positions sorted as numbers (comparing 100k paths as strings showed). */
  private withExtensions(extensions: readonly string[]): readonly string[] {
    const lists = [...new Set(extensions)].map((extension) => this.index().extensionAt.get(extension)).filter((list) => list !== undefined);
    if (lists.length === 0) return [];
    const positions = new Int32Array(lists.reduce((sum, list) => sum + list.length, 0));
    let filled = 0;
    for (const list of lists) for (const at of list) positions[filled++] = at;
    if (lists.length > 1) positions.sort();
    const out = new Array<string>(positions.length);
    for (let i = 0; i < positions.length; i++) out[i] = this.paths[positions[i]];
    return out;
  }

  /**
   * Lists that hold every match of the pattern. A pattern the indexes cannot narrow as a whole
   * (`{,docs/}HANDOVER.md`) may narrow as its brace alternatives; the matcher still decides.
   */
  private candidateLists(pattern: string, caseSensitive: boolean): Array<readonly string[]> {
    const whole = this.candidates(pattern, caseSensitive);
    if (whole !== this.paths) return [whole];
    const alternatives = expandBraces(pattern);
    if (!alternatives) return [whole];
    const lists = new Set(alternatives.map((alternative) => this.candidates(alternative, caseSensitive)));
    return lists.has(this.paths) ? [whole] : [...lists];
  }

  private candidates(pattern: string, caseSensitive: boolean): readonly string[] {
    const { base, isGlob } = picomatch.scan(pattern);
    if (!isGlob) return caseSensitive ? (this.has(pattern) ? [pattern] : []) : this.index().underLower(pattern.toLowerCase(), true);
    if (base) return caseSensitive ? this.under(base) : this.index().underLower(base.toLowerCase(), false);
    const last = pattern.slice(pattern.lastIndexOf('/') + 1);
    if (!/[*?[\]{}()!+@]/.test(last)) return this.index().byName.get(last.toLowerCase()) ?? [];
    // Under a folder of a given name at any depth (`**/dags/**/*.py`, `**/{monitoring,metrics}/**`): the paths
    // under each folder of that name, usually far fewer than the paths of one extension.
    const folder = /^\*\*\/(?:([^/*?[\]{}()!+@,]+)|\{([^/*?[\]{}()!+@]+)\})\//.exec(pattern);
    if (folder) {
      const names = folder[1] !== undefined ? [folder[1]] : folder[2].split(',');
      if (names.every((name) => name !== '' && name !== '.' && name !== '..')) {
        const index = this.index();
        return [...new Set(names.map((name) => name.toLowerCase()))].flatMap((name) => index.foldersNamed(name).flatMap((path) => index.underLower(path, false)));
      }
    }
    const extensions = /^\*\.(?:([\w-]+)|\{([\w-]+(?:,[\w-]+)*)\})$/.exec(last);
    if (extensions) return this.withExtensions((extensions[1] ?? extensions[2]).toLowerCase().split(','));
    // Any depth with a pattern for the name only (`**/*datacard*.md`): match the distinct file names, far
    // fewer than the paths, then take the paths of those that match.
    if (pattern.startsWith('**/') && !pattern.slice(3).includes('/')) {
      // Braces of literal names (`**/{main,app}.py`): looked up, not matched against every distinct name.
      const literalNames = expandBraces(last);
      if (literalNames && literalNames.every((name) => !/[*?[\]{}()!+@]/.test(name))) {
        return [...new Set(literalNames.map((name) => name.toLowerCase()))].flatMap((name) => this.index().byName.get(name) ?? []);
      }
      const nameMatches = picomatch(last, { dot: true, nocase: true });
      const out: string[] = [];
      for (const [name, paths] of this.index().byName) if (nameMatches(name)) for (const path of paths) out.push(path);
      return out;
    }
    return this.paths;
  }

  /** Every path lower-cased, or null where it is not ASCII (left to the matcher): built on first use. */
  private asciiLowerPaths(): ReadonlyArray<string | null> {
    this.loweredPaths ??= this.paths.map((path) => (NON_ASCII.test(path) ? null : path.toLowerCase()));
    return this.loweredPaths;
  }

  /** Case-insensitive lookups, built once on first use. */
  private index() {
    if (!this.lookup) {
      const byName = new Map<string, string[]>();
      const byExtension = new Map<string, string[]>();
      // Most paths are lower case already: they keep their order from the sorted listing, and only the
      // others are lower-cased and sorted apart (sorting every path cost more than the rest of the index).
      const same: string[] = [];
      const mixed: Array<{ lower: string; path: string }> = [];
      const extensionAt = new Map<string, number[]>();
      for (let at = 0; at < this.paths.length; at++) {
        const path = this.paths[at];
        const lower = path.toLowerCase();
        if (lower === path) same.push(path);
        else mixed.push({ lower, path });
        const name = lower.slice(lower.lastIndexOf('/') + 1);
        push(byName, name, path);
        const dot = name.lastIndexOf('.');
        if (dot === -1) continue;
        // `.py` too: `*.py` matches it with dot: true
        const extension = name.slice(dot + 1);
        push(byExtension, extension, path);
        const positions = extensionAt.get(extension);
        if (positions) positions.push(at);
        else extensionAt.set(extension, [at]);
      }
      mixed.sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
      const mixedKeys = mixed.map((entry) => entry.lower);
      const underLower = (prefix: string, exact: boolean): string[] => {
        const out: string[] = [];
        if (exact) {
          if (same[lowerBound(same, prefix)] === prefix) out.push(prefix);
          for (let i = lowerBound(mixedKeys, prefix); i < mixedKeys.length && mixedKeys[i] === prefix; i++) out.push(mixed[i].path);
          return out;
        }
        const folder = prefix.replace(/(?<!\/)\/+$/, '') + '/';
        for (let i = lowerBound(same, folder); i < same.length && same[i].startsWith(folder); i++) out.push(same[i]);
        for (let i = lowerBound(mixedKeys, folder); i < mixedKeys.length && mixedKeys[i].startsWith(folder); i++) out.push(mixed[i].path);
        return out;
      };
      // Built on first use: every distinct folder, ancestors included, by its own name.
      let byFolderName: Map<string, string[]> | undefined;
      const foldersNamed = (name: string): readonly string[] => {
        if (!byFolderName) {
          const named = new Map<string, string[]>();
          const seen = new Set<string>();
          const addFolders = (lower: string) => {
            // Deepest first; a folder seen before had its ancestors added with it.
            for (let slash = lower.lastIndexOf('/'); slash > 0; slash = lower.lastIndexOf('/', slash - 1)) {
              const folder = lower.slice(0, slash);
              if (seen.has(folder)) break;
              seen.add(folder);
              push(named, folder.slice(folder.lastIndexOf('/') + 1), folder);
            }
          };
          for (const path of same) addFolders(path);
          for (const key of mixedKeys) addFolders(key);
          byFolderName = named;
        }
        return byFolderName.get(name) ?? [];
      };
      this.lookup = { byName, byExtension, extensionAt, underLower, foldersNamed };
    }
    return this.lookup;
  }

  /** Size in bytes of a listed file, from the listing when known, else from the source. */
  async sizeOf(path: string): Promise<number | undefined> {
    const entry = this.entry(path);
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
    if (this.scanDeadline.expired()) return Promise.resolve(DEADLINE_FAILURE);
    const asked = options.maxBytes ?? this.readCap;
    // A file read whole under one cap is the same text under any cap it fits: one read and one cache entry, not
    // one per cap (checks ask for the same code with 256 KiB, 1 MiB and 4 MiB caps).
    const whole = this.wholeTexts.get(path);
    const maxBytes = whole !== undefined && whole.bytes <= asked ? whole.cap : asked;
    const key = `${maxBytes}\0${path}`;
    return this.textCache.get(key, async () => {
      const result = await this.loadText(path, maxBytes);
      // A read cut short by the budget is not the file's answer: not kept for a later scan of this snapshot.
      if (!result.ok && result.reason === 'deadline') this.textCache.delete(key);
      return result;
    });
  }

  /** Reads a listed file's raw bytes (e.g. a SQLite store), bounded by `maxBytes`. */
  async readBytes(path: string, maxBytes: number = this.readCap): Promise<BinaryResult> {
    const entry = this.entry(path);
    if (!entry) return { ok: false, reason: 'missing' };
    if (entry.kind === 'symlink') {
      this.recordReadFailure(path, 'symlink');
      return { ok: false, reason: 'symlink' };
    }
    if (this.scanDeadline.expired()) return DEADLINE_FAILURE;
    // A read stuck in git or on the network must not hold a check past the budget.
    const result = await this.scanDeadline.race<BinaryResult>(this.source.readBytes(path, maxBytes), () => DEADLINE_FAILURE);
    if (!result.ok && result.reason !== 'deadline') this.recordReadFailure(path, result.reason, result.detail, maxBytes);
    return result;
  }

  /**
   * Reads `length` bytes at `offset` of a listed file when the source can seek (a local folder), so a
   * model's header is read without the gigabytes after it. `unsupported` when the source reads whole files only.
   */
  async readRange(path: string, offset: number, length: number): Promise<BinaryResult | { ok: false; reason: 'unsupported' }> {
    const entry = this.entry(path);
    if (!entry) return { ok: false, reason: 'missing' };
    if (entry.kind === 'symlink') {
      this.recordReadFailure(path, 'symlink');
      return { ok: false, reason: 'symlink' };
    }
    if (!this.source.readRange) return { ok: false, reason: 'unsupported' };
    if (this.scanDeadline.expired()) return DEADLINE_FAILURE;
    const result = await this.scanDeadline.race<BinaryResult>(this.source.readRange(path, offset, length), () => DEADLINE_FAILURE);
    if (!result.ok && result.reason !== 'deadline') this.recordReadFailure(path, result.reason, result.detail);
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
    if (!this.wholeTexts.has(path)) this.wholeTexts.set(path, { bytes: raw.bytes.length, cap: maxBytes });
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

const DEADLINE_FAILURE = { ok: false, reason: 'deadline', detail: "the scan's time budget ran out" } as const;

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

/**
 * Folder names a match must contain, as `name/` (from the glob's segments without glob characters), so a
 * cheap substring test can turn candidates away before the picomatch regex runs. Null when there are none.
 */
function literalFolders(pattern: string, caseSensitive: boolean): string[] | null {
  // A brace group can span folders (`{docs/a.md,B.md}`): no folder is certain to be required.
  if (pattern.startsWith('!') || pattern.includes('{')) return null;
  const segments = pattern.split('/').slice(0, -1);
  const literals = segments.filter((segment) => segment !== '' && segment !== '.' && segment !== '..' && !/[*?[\]{}()!+@\\]/.test(segment)).map((segment) => `${caseSensitive ? segment : segment.toLowerCase()}/`);
  return literals.length > 0 ? literals : null;
}

/**
 * Whether the path contains every literal folder. Case-insensitively only for ASCII paths: the regex's
 * case folding and toLowerCase differ on a few other characters, which are left to the matcher.
 */
function literalTest(literals: readonly string[], caseSensitive: boolean): (path: string) => boolean {
  if (caseSensitive) return (path) => literals.every((literal) => path.includes(literal));
  // A case-insensitive regex per literal instead of lower-casing every path; without the `u` flag no
  // non-ASCII character folds to an ASCII one, and non-ASCII paths are left to the matcher anyway.
  const tests = literals.map((literal) => new RegExp(literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i'));
  return (path) => tests.every((test) => test.test(path)) || NON_ASCII.test(path);
}

/** Sorted, de-duplicated union of lists; each list is sorted here first unless it already is. */
function mergeSorted(lists: ReadonlyArray<readonly string[]>): string[] {
  const sorted = lists.filter((list) => list.length > 0).map((list) => (isSorted(list) ? list : [...list].sort()));
  if (sorted.length === 0) return [];
  let merged: readonly string[] = sorted[0];
  for (let k = 1; k < sorted.length; k++) {
    const other = sorted[k];
    const out: string[] = [];
    let i = 0;
    let j = 0;
    while (i < merged.length && j < other.length) {
      if (merged[i] < other[j]) out.push(merged[i++]);
      else if (merged[i] > other[j]) out.push(other[j++]);
      else {
        out.push(merged[i++]);
        j++;
      }
    }
    while (i < merged.length) out.push(merged[i++]);
    while (j < other.length) out.push(other[j++]);
    merged = out;
  }
  // One list may repeat a path (a candidate in two index lists): drop neighbours that repeat.
  const out: string[] = [];
  for (const path of merged) if (out.length === 0 || out[out.length - 1] !== path) out.push(path);
  return out;
}

function isSorted(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1] > list[i]) return false;
  return true;
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The alternatives of a glob's brace groups (`{a,b}x{c,d}` gives four patterns), or null when there is
 * nothing to expand, the braces nest or hold a range, the glob has classes or extglobs, or the expansion
 * would pass 256 patterns. Used only to narrow candidates, never to decide a match.
 */
export function expandBraces(pattern: string): string[] | null {
  // Escapes, classes, extglobs and ranges have their own brace rules: left to the full scan.
  if (!pattern.includes('{') || /[\\[\]()!+@]/.test(pattern) || /\{(?=[^{}]*\.\.)[^{}]*\}/.test(pattern)) return null;
  let results = [''];
  let at = 0;
  while (at < pattern.length) {
    const open = pattern.indexOf('{', at);
    if (open === -1) break;
    const close = pattern.indexOf('}', open);
    if (close === -1 || pattern.slice(open + 1, close).includes('{')) return null;
    const options = pattern.slice(open + 1, close).split(',');
    if (options.length < 2) return null; // `{abc}` is literal to picomatch
    const literal = pattern.slice(at, open);
    if (results.length * options.length > 256) return null;
    results = results.flatMap((prefix) => options.map((option) => prefix + literal + option));
    at = close + 1;
  }
  if (pattern.slice(at).includes('}')) return null;
  return results.map((prefix) => prefix + pattern.slice(at));
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
