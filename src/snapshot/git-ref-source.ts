// A commit of a git repository as a FileSource, read from git objects: nothing is checked out, so no
// filter, hook or attribute from the repository ever runs. One `ls-tree` lists it, one `cat-file --batch` reads it.
import { spawn } from 'node:child_process';
import type { SimpleGit } from 'simple-git';
import { CLONE_PROTOCOL_CONFIG, CLONE_PROTOCOLS, safeGitEnvironment } from '../git/safe-git.js';
import { confinedGitDir } from '../git/git-directory.js';
import { isPartialClone } from '../git/promised-blobs.js';
import { GitBlobReader } from './git-blob-reader.js';
import { GitObjectSizes } from './git-object-sizes.js';
import { NON_INTERACTIVE_SSH, safeConfigArgs, safeGitProcess } from './safe-git-process.js';
import { isSafeRelativePath } from './local-source.js';
import { EXCLUDED_DIRECTORIES, type BytesResult, type FileEntry, type FileSource, type ScanError, type TargetInfo } from './source.js';

/** Paths never listed, as for a folder on disk: DVC's cache and scratch space are machine state. */
const EXCLUDED_PATHS = ['.dvc/cache/', '.dvc/tmp/'];

/** Whether a path from a git tree or the GitHub API belongs in the listing (no VCS internals, no vendored folders). */
export function isListedPath(path: string): boolean {
  if (!isSafeRelativePath(path)) return false;
  if (EXCLUDED_PATHS.some((prefix) => path.startsWith(prefix))) return false;
  // One regex pass instead of splitting every path: any folder segment that is an excluded name.
  excludedFolder ??= new RegExp(`(?:^|/)(?:${[...EXCLUDED_DIRECTORIES].filter((name) => !name.includes('/')).map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})/`);
  return !excludedFolder.test(path);
}

let excludedFolder: RegExp | undefined;

/** Refuses refs that git could read as an option or that carry control characters. */
export function checkRefName(ref: string): string | null {
  if (ref === '') return 'the ref is empty';
  if (ref.length > 256) return 'the ref is longer than 256 characters';
  if (ref.startsWith('-')) return `the ref "${ref}" starts with "-"`;
  if (/[\s\u0000-\u001f\u007f]/.test(ref)) return 'the ref contains whitespace or control characters';
  return null;
}

/** The commit a ref names, or null. `--end-of-options` keeps the ref from ever being read as a flag. */
export async function resolveCommit(git: SimpleGit, ref: string): Promise<string | null> {
  if (checkRefName(ref)) return null;
  try {
    const sha = (await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}

interface TreeEntry extends FileEntry {
  oid: string;
}

export interface GitRefSourceOptions {
  /** Folder of the repository (work tree or bare). */
  repositoryDir: string;
  /** Its git directory, checked to lie inside it (src/git/git-directory.ts); located here when absent. */
  gitDir?: string;
  /** Full commit id to list. */
  commit: string;
  target: TargetInfo;
  /**
   * The repository is a partial clone whose missing blobs may be fetched from this remote when a read
   * needs one. Without it a missing blob is reported as unreadable.
   */
  promisorRemote?: string;
  /** Blobs missing from a partial clone are at least this large (the clone's `blob:limit` filter). */
  missingBlobMinSize?: number;
}

export class GitRefSource implements FileSource {
  readonly target: TargetInfo;
  private readonly options: GitRefSourceOptions;
  private readonly git: SimpleGit;
  private readonly reader: GitBlobReader;
  private readonly sizes: GitObjectSizes;
  /** Listed entries in path order, found by binary search (a map of 200k paths cost more than the listing). */
  private entries: TreeEntry[] = [];
  /** Blobs a partial clone does not have locally. */
  private readonly missing = new Set<string>();
  private readonly fetching = new Map<string, Promise<boolean>>();
  private partial = false;
  private fetches = 0;

  private readonly gitDir: string;

  constructor(options: GitRefSourceOptions) {
    this.options = options;
    this.target = options.target;
    this.gitDir = options.gitDir ?? confinedGitDir(options.repositoryDir);
    this.git = safeGitProcess(this.gitDir, { gitDir: this.gitDir });
    this.reader = new GitBlobReader(this.gitDir);
    this.sizes = new GitObjectSizes(this.gitDir);
  }

  async list(): Promise<{ entries: FileEntry[]; errors: ScanError[] }> {
    // The tree is listed while git is asked whether this is a partial clone (nearly always not); a partial
    // clone is then listed its own way.
    const [partial, complete] = await Promise.all([isPartialClone(this.git), this.listComplete().catch((error: unknown) => error as Error)]);
    this.partial = partial;
    if (!partial && complete instanceof Error) throw complete;
    const entries = partial ? await this.listPartial() : (complete as TreeEntry[]);
    const errors: ScanError[] = [];
    const listed = entries.filter((entry) => isListedPath(entry.path));
    // git lists in byte order of the UTF-8 paths, which is string order unless astral characters meet
    // characters above U+E000: checked in one pass rather than sorted every time.
    if (!sortedByPath(listed)) listed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // The snapshot shares these entries (it records sizes it learns on them).
    this.entries = listed;
    if (this.partial && this.missing.size > 0 && !this.options.promisorRemote) {
      errors.push({ message: `${this.missing.size} file(s) of this partial clone are not available locally and were not read` });
    }
    return { entries: listed, errors };
  }

  async readBytes(path: string, maxBytes: number): Promise<BytesResult> {
    const entry = this.find(path);
    if (!entry) return { ok: false, reason: 'missing' };
    if (entry.kind === 'symlink') return { ok: false, reason: 'symlink' };
    // The blob reader takes whole blobs: the size is known before one is asked for.
    if (entry.size === undefined && !this.partial) entry.size = await this.sizes.size(entry.oid);
    if (entry.size !== undefined && entry.size > maxBytes) return { ok: false, reason: 'too-large', detail: `${entry.size} bytes` };
    if (this.missing.has(entry.oid)) {
      const floor = this.options.missingBlobMinSize;
      // A blob left out by the clone filter is at least the filter size: refused without fetching.
      if (floor !== undefined && floor > maxBytes) return { ok: false, reason: 'too-large', detail: `at least ${floor} bytes` };
      if (!(await this.fetchMissing(entry))) return { ok: false, reason: 'io', detail: 'not available in this partial clone' };
    }
    try {
      const bytes = await this.reader.read(entry.oid);
      if (entry.size === undefined) entry.size = bytes.length;
      if (bytes.length > maxBytes) return { ok: false, reason: 'too-large', detail: `${bytes.length} bytes` };
      return { ok: true, bytes };
    } catch (error) {
      return { ok: false, reason: 'io', detail: (error as Error).message };
    }
  }

  async sizeOf(path: string): Promise<number | undefined> {
    const entry = this.find(path);
    if (!entry) return undefined;
    // A partial clone's missing blobs are never asked about: git would fetch them.
    if (entry.size === undefined && !this.partial) entry.size = await this.sizes.size(entry.oid);
    return entry.size;
  }

  stats(): Record<string, number> {
    return { blobReads: this.reader.reads, ...(this.partial ? { blobFetches: this.fetches } : {}) };
  }

  async dispose(): Promise<void> {
    await Promise.all([this.reader.close(), this.sizes.close()]);
  }

  cancelOn(signal: AbortSignal): void {
    // A cat-file stuck on an object (a FIFO in .git/objects) answers nobody: the deadline ends it.
    if (signal.aborted) void this.dispose();
    else signal.addEventListener('abort', () => void this.dispose(), { once: true });
  }

  private find(path: string): TreeEntry | undefined {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid].path < path) lo = mid + 1;
      else hi = mid;
    }
    return this.entries[lo]?.path === path ? this.entries[lo] : undefined;
  }

  // Names and object ids only: sizes are asked of git for the files a check sizes or reads (sizeOf), as
  // `ls-tree --long` would open every blob.
  private async listComplete(): Promise<TreeEntry[]> {
    const raw = await gitOutput(this.gitDir, ['ls-tree', '-r', '-z', '--full-tree', this.options.commit]);
    const entries: TreeEntry[] = [];
    for (const record of raw.split('\0')) {
      // `<mode> <type> <oid>\t<path>`, cut by position: a regex per record cost more than git's listing.
      const tab = record.indexOf('\t');
      if (tab < 10 || tab === record.length - 1 || record.charCodeAt(6) !== 32) continue;
      const oid = record.slice(record.lastIndexOf(' ', tab) + 1, tab);
      if (!OBJECT_ID.test(oid)) continue;
      const entry = toEntry(record.slice(0, 6), oid, record.slice(tab + 1), undefined);
      if (entry) entries.push(entry);
    }
    return entries;
  }

  // In a partial clone `ls-tree --long` would stop at the first missing blob: list names, learn which blobs
  // are missing from `rev-list --missing=print`, and ask sizes only of the blobs that are present.
  private async listPartial(): Promise<TreeEntry[]> {
    const raw = await this.git.raw(['ls-tree', '-r', '-z', '--full-tree', this.options.commit]);
    const entries: TreeEntry[] = [];
    for (const record of raw.split('\0')) {
      const match = /^(\d{6}) (\w+) ([0-9a-f]+)\t([\s\S]+)$/.exec(record);
      if (!match) continue;
      const entry = toEntry(match[1], match[3], match[4], undefined);
      if (entry) entries.push(entry);
    }
    const objects = await this.git.raw(['rev-list', '--objects', '--missing=print', '--no-walk', this.options.commit]);
    for (const line of objects.split('\n')) if (line.startsWith('?')) this.missing.add(line.slice(1).trim());
    const present = [...new Set(entries.filter((entry) => !this.missing.has(entry.oid)).map((entry) => entry.oid))];
    const sizes = await batchSizes(this.git, present);
    for (const entry of entries) entry.size = sizes.get(entry.oid);
    return entries;
  }

  // Fetches one missing blob by id from the promisor remote, as git's own lazy fetch would, but only when
  // a check asks for it and under the safe configuration. Only our own clone of a git URL names a promisor
  // remote here: its config was written by our clone, so the transport is the one the clone step used.
  private fetchMissing(entry: TreeEntry): Promise<boolean> {
    const remote = this.options.promisorRemote;
    if (!remote) return Promise.resolve(false);
    let pending = this.fetching.get(entry.oid);
    if (!pending) {
      this.fetches++;
      pending = safeGitProcess(this.gitDir, { gitDir: this.gitDir, protocols: CLONE_PROTOCOLS })
        .raw([...NON_INTERACTIVE_SSH, ...CLONE_PROTOCOL_CONFIG, '-c', 'fetch.negotiationAlgorithm=noop', 'fetch', '--no-tags', '--no-write-fetch-head', '--recurse-submodules=no', '--filter=blob:none', remote, entry.oid])
        .then(async () => {
          const sizes = await batchSizes(this.git, [entry.oid]);
          entry.size = sizes.get(entry.oid);
          if (entry.size === undefined) return false;
          this.missing.delete(entry.oid);
          return true;
        })
        .catch(() => false);
      this.fetching.set(entry.oid, pending);
    }
    return pending;
  }
}

function toEntry(mode: string, oid: string, path: string, size: number | undefined): TreeEntry | null {
  if (mode === '120000') return { path, kind: 'symlink', oid, ...(size !== undefined ? { size } : {}) };
  if (mode === '100644' || mode === '100755') return { path, kind: 'file', oid, ...(size !== undefined ? { size } : {}) };
  return null; // 160000 submodules (another repository) and anything unexpected are not listed
}

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** A git command's whole standard output, spawned directly: simple-git's buffering cost more than git. */
function gitOutput(gitDir: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...safeConfigArgs(), ...args], { cwd: gitDir, env: safeGitEnvironment(process.env, { gitDir }), stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`git ${args[0]} exited ${code}: ${stderr.trim().split('\n')[0] ?? ''}`))));
  });
}

function sortedByPath(entries: readonly FileEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) if (entries[i - 1].path >= entries[i].path) return false;
  return true;
}

/** Sizes of objects known to be present, from one `cat-file --batch-check`. */
async function batchSizes(git: SimpleGit, oids: readonly string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (oids.length === 0) return sizes;
  const gitDir = (await git.revparse(['--absolute-git-dir'])).trim();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('git', [...safeConfigArgs(), 'cat-file', '--batch-check'], { cwd: gitDir, env: safeGitEnvironment(process.env, { gitDir }), stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`git cat-file --batch-check exited ${code}`))));
    child.stdin.on('error', () => {});
    child.stdin.end(oids.join('\n') + '\n');
  });
  for (const line of output.split('\n')) {
    const match = /^([0-9a-f]+) \w+ (\d+)$/.exec(line);
    if (match) sizes.set(match[1], Number(match[2]));
  }
  return sizes;
}
