// A source lists a target's files once and reads bytes on demand. Sources are the only code that touches
// the disk, git or the network for the repository's content.

export type EntryKind = 'file' | 'symlink';

export interface FileEntry {
  /** POSIX path relative to the root, no leading `./`. */
  path: string;
  /** Known when the source gets it for free (git trees, the GitHub API); otherwise ask `sizeOf`. */
  size?: number;
  kind: EntryKind;
}

/** A problem reading the target that did not stop the scan; lands in the report's `errors`. */
export interface ScanError {
  path?: string;
  message: string;
}

export type ReadFailure = 'missing' | 'too-large' | 'symlink' | 'not-a-file' | 'io';

export type BytesResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: ReadFailure; detail?: string };

export interface TargetInfo {
  kind: 'directory' | 'git-ref' | 'git-url' | 'github';
  /** What the user passed (a path, URL or owner/repo); shown in reports. */
  path: string;
  ref?: string;
  commit?: string;
}

export interface FileSource {
  readonly target: TargetInfo;
  /**
   * Every regular file and symlink under the root, excluding `.git/` and vendored folders, sorted by path
   * (JavaScript string order): the snapshot's lookups are binary searches over this order.
   */
  list(): Promise<{ entries: FileEntry[]; errors: ScanError[] }>;
  /** Reads at most `maxBytes` bytes of a listed regular file; refuses symlinks and anything larger. */
  readBytes(path: string, maxBytes: number): Promise<BytesResult>;
  /**
   * Reads `length` bytes at `offset` of a listed regular file (a model's header, a ZIP directory) without
   * reading the rest. Sources that cannot seek leave it out; callers then read small files whole.
   */
  readRange?(path: string, offset: number, length: number): Promise<BytesResult>;
  /** Size of a listed file without reading it. */
  sizeOf?(path: string): Promise<number | undefined>;
  /** Counters for reports and benchmarks (e.g. API requests). */
  stats?(): Record<string, number>;
  /** Removes temporary state (clones). Safe to call twice. */
  dispose?(): Promise<void>;
  /** Stops the source's long-running processes when the signal aborts (the scan's deadline); reads then fail. */
  cancelOn?(signal: AbortSignal): void;
}

/** Folders never listed: version-control internals and vendored dependencies nobody hands over. */
export const EXCLUDED_DIRECTORIES: ReadonlySet<string> = new Set([
  '.git',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.ipynb_checkpoints',
  'site-packages',
  '.dvc/cache',
]);

export function isExcludedDirectory(name: string): boolean {
  return EXCLUDED_DIRECTORIES.has(name);
}
