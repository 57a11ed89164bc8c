// Read-only questions about a repository's history, answered by git plumbing under the safe config.
import type { SimpleGit } from 'simple-git';
import { NO_DIFF_DRIVERS, safeGit } from './safe-git.js';
import { confinedGitDir, historyHidingAttributes, locateGitDirectory } from './git-directory.js';
import { promisedPathspec } from './promised-blobs.js';
import { GitBatchCheck } from './batch-check.js';
import { runGitToFile } from './git-output-file.js';
import { PatchLineReader, type AddedLine } from './patch-lines.js';

export type { AddedLine } from './patch-lines.js';

export interface AddedLinesOptions {
  /** Stop after this many bytes of patch output (default 64 MiB). */
  maxBytes?: number;
  /** Called when the reader leaves one file's diff (lets a caller flush multi-line state). */
  onFileEnd?: () => void;
}

export interface AddedLinesSummary {
  commits: number;
  /** Bytes of patch output read. */
  bytes: number;
  /** True when `maxBytes` stopped the read before the oldest commit. */
  capped: boolean;
  /**
   * Set when the history could not be read to the end for another reason (git failed, an object is missing,
   * fewer commits came out than the revision has): what was read is valid, what was not is unknown.
   */
  error?: string;
  /** Paths left out because some version of them is a blob a partial clone did not fetch. */
  excludedPaths?: number;
}

export const DEFAULT_ADDED_LINES_CAP = 64 * 1024 * 1024;
/**
 * The file-name log read at most (1 GiB: some ten million path lines). Past it the oldest commits are not
 * read, as with a shallow clone.
 */
const NAME_LOG_CAP = 1024 * 1024 * 1024;
/** A `git log -p` whose output has not grown for this long is stopped. */
const ADDED_LINES_IDLE_MS = 120_000;

export interface CommitInfo {
  sha: string;
  /** ISO-8601 committer date. */
  date: string;
}

export interface PathDates {
  /** Date of the oldest commit that touched the path. */
  first: string;
  /** Date of the newest commit that touched the path. */
  last: string;
  commits: number;
}

export interface GitHistory {
  /** The revision whose history is read (`HEAD` or a ref). */
  readonly revision: string;
  /** True when the repository is a shallow clone: history before the graft is unknown. */
  shallow(): Promise<boolean>;
  /** All commits reachable from the revision, oldest first. */
  commits(): Promise<readonly CommitInfo[]>;
  /** First and last dates each path was touched (paths as of any point in history). */
  pathDates(): Promise<ReadonlyMap<string, PathDates>>;
  /** Whether a commit (full or abbreviated sha) exists in the object store. */
  hasCommit(sha: string): Promise<boolean>;
  /**
   * Streams every line each commit added (newest commit first), bounded by a byte cap. Optional: sources
   * without a local object store (API scans) leave it out.
   */
  addedLines?(visit: (line: AddedLine) => void, options?: AddedLinesOptions): Promise<AddedLinesSummary>;
  /** Kills the history's long git processes when the signal aborts (the scan's deadline, scan.ts). */
  cancelOn?(signal: AbortSignal): void;
  /** Refs under a prefix (`refs/exps/`: DVC experiments) and the object each names, at most `limit`. Optional. */
  refsUnder?(prefix: string, limit?: number): Promise<Array<{ name: string; sha: string }>>;
}

/** Where a problem reading the history goes besides the caller (the report's `errors`). */
export type HistoryProblemSink = (problem: { path: string; message: string }) => void;

export class GitRepositoryHistory implements GitHistory {
  readonly revision: string;
  /** The git directory, checked to lie inside the target (src/git/git-directory.ts); git never discovers one. */
  private readonly gitDir: string;
  private readonly ownPartialClone: boolean;
  private readonly git: SimpleGit;
  private log: Promise<{ commits: CommitInfo[]; paths: Map<string, PathDates> }> | undefined;
  /** One `cat-file --batch-check` for every commit lookup. */
  private objects: GitBatchCheck | undefined;
  private abort: AbortSignal | undefined;
  private counted: Promise<number | string> | undefined;
  /** Where problems go (the report's errors), and those found before anyone listened. */
  private sink: HistoryProblemSink | undefined;
  private readonly unheard: Array<{ path: string; message: string }> = [];

  /**
   * `location`: the checked git directory, or a repository folder whose git directory is located (and
   * checked) here. `ownPartialClone`: our own blob-filtered clone of a git URL, whose missing blobs are
   * large by our choice; in a delivered repository a missing blob is a history that cannot be read.
   */
  constructor(location: string | { gitDir: string; ownPartialClone?: boolean }, revision = 'HEAD') {
    this.gitDir = typeof location === 'string' ? confinedGitDir(location) : location.gitDir;
    this.ownPartialClone = typeof location !== 'string' && location.ownPartialClone === true;
    this.git = safeGit(this.gitDir, { gitDir: this.gitDir });
    this.revision = revision;
  }

  /**
   * Opens the history of a folder if it holds its own git directory (confined to the folder) with at least
   * one commit. A folder inside some other repository has no history of its own.
   */
  static async open(directory: string, revision = 'HEAD'): Promise<GitRepositoryHistory | null> {
    const located = locateGitDirectory(directory);
    if (located.kind !== 'repository' || located.bare) return null;
    const history = new GitRepositoryHistory(located, revision);
    return (await history.headCommit()) ? history : null;
  }

  /** The full sha the revision points at, or null when it cannot be resolved. */
  async headCommit(): Promise<string | null> {
    try {
      const sha = (await this.git.raw(['rev-parse', '--verify', '--quiet', `${this.revision}^{commit}`])).trim();
      return /^[0-9a-f]{40,64}$/.test(sha) ? sha : null;
    } catch {
      return null;
    }
  }

  /** A history that fails under a check is also a scan error: the target hands problems to the snapshot. */
  reportProblemsTo(sink: HistoryProblemSink): void {
    this.sink = sink;
    for (const problem of this.unheard.splice(0)) sink(problem);
  }

  private report(problem: { path: string; message: string }): void {
    if (this.sink) this.sink(problem);
    else this.unheard.push(problem);
  }

  /** True when any ref exists: a HEAD that does not resolve is then a broken repository, not an empty one. */
  async hasRefs(): Promise<boolean> {
    try {
      return (await this.git.raw(['for-each-ref', '--count=1', '--format=%(refname)'])).trim() !== '';
    } catch {
      return true; // git could not even list refs: not an empty repository it can vouch for
    }
  }

  cancelOn(signal: AbortSignal): void {
    this.abort = signal;
  }

  async refsUnder(prefix: string, limit = 1000): Promise<Array<{ name: string; sha: string }>> {
    if (!/^refs\/[\w./-]{0,200}$/.test(prefix) || prefix.includes('..')) return [];
    try {
      const out = await this.git.raw(['for-each-ref', `--count=${Math.max(1, Math.min(limit, 10_000))}`, '--format=%(objectname) %(refname)', prefix]);
      const refs: Array<{ name: string; sha: string }> = [];
      for (const line of out.split('\n')) {
        const space = line.indexOf(' ');
        if (space > 0) refs.push({ sha: line.slice(0, space), name: line.slice(space + 1) });
      }
      return refs;
    } catch {
      return [];
    }
  }

  async shallow(): Promise<boolean> {
    try {
      return (await this.git.raw(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
    } catch {
      return false;
    }
  }

  async commits(): Promise<readonly CommitInfo[]> {
    return (await this.readLog()).commits;
  }

  async pathDates(): Promise<ReadonlyMap<string, PathDates>> {
    return (await this.readLog()).paths;
  }

  async hasCommit(sha: string): Promise<boolean> {
    if (!/^[0-9a-f]{7,64}$/i.test(sha)) return false;
    if (!this.objects) {
      this.objects = new GitBatchCheck(async () => this.gitDir);
      // A lookup in a broken history says "missing" for a commit that may well be there: the break is reported.
      void this.commitCount().then((count) => {
        if (typeof count === 'string') this.report({ path: '.git', message: `git history cannot be walked, commit lookups are unreliable: ${count}` });
      });
    }
    const found = (await this.objects.info(`${sha}^{commit}`))?.type === 'commit';
    if (!found && this.objects.failure) this.report({ path: '.git', message: `commits could not be looked up: ${this.objects.failure}` });
    return found;
  }

  async addedLines(visit: (line: AddedLine) => void, options: AddedLinesOptions = {}): Promise<AddedLinesSummary> {
    const maxBytes = options.maxBytes ?? DEFAULT_ADDED_LINES_CAP;
    // Our partial clone lacks the large blobs; diffing one would make git fetch it (and no transport is
    // allowed): paths with such a blob are left out, and counted.
    const partial = this.ownPartialClone ? await promisedPathspec(this.git, this.revision) : { pathspec: [], excluded: 0 };
    if (typeof partial === 'string') return { commits: 0, bytes: 0, capped: false, error: partial };
    // How many commits the log must show to be complete, counted on the side (a walk of commits only).
    const expected = this.commitCount(partial.pathspec);
    const reader = new PatchLineReader(visit, options.onFileEnd);
    const hiding = historyHidingAttributes(this.gitDir);
    // Written to a file rather than read from a pipe: tens of MiB of patches, which git produces at full
    // speed on its own core while the other checks run (src/git/git-output-file.ts).
    const run = await runGitToFile(
      [
        // Files over 1 MiB count as binary, so one huge blob cannot fill the budget.
        '-c',
        'core.bigFileThreshold=1m',
        // The patch's shape is ours, whatever the vendor's config says (below: the root commit shown, whole
        // paths, no reordering file): `a/` and `b/` prefixes as the reader expects.
        '-c',
        'diff.noprefix=false',
        '-c',
        'diff.mnemonicPrefix=false',
        '--git-dir',
        this.gitDir,
        'log',
        '-p',
        '--root',
        '--no-relative',
        '-O/dev/null',
        ...NO_DIFF_DRIVERS,
        '--no-color',
        '--no-abbrev',
        '-U0',
        '--format=%x01%H %cI',
        this.revision,
        '--',
        ...partial.pathspec,
      ],
      { maxBytes, idleMs: ADDED_LINES_IDLE_MS, abort: this.abort },
    );
    try {
      for await (const text of run.texts()) reader.feed(text);
    } finally {
      run.dispose();
    }
    reader.end();
    const summary: AddedLinesSummary = { commits: reader.commits, bytes: run.bytes, capped: run.capped };
    if (partial.excluded > 0) summary.excludedPaths = partial.excluded;
    const incomplete =
      run.error ?? (hiding ? `${hiding}, which marks files binary and hides their lines` : undefined) ?? (run.capped ? undefined : shortfall(reader.commits, await expected));
    if (incomplete) {
      summary.error = incomplete;
      this.report({ path: '.git', message: `git history not read to the end: ${incomplete}` });
    }
    return summary;
  }

  /** Commits reachable from the revision (within a pathspec), or why git could not count them. */
  private commitCount(pathspec: readonly string[] = []): Promise<number | string> {
    const count = this.git
      .raw(['rev-list', '--count', this.revision, '--', ...pathspec])
      .then((out) => (/^\d+$/.test(out.trim()) ? Number(out.trim()) : `git rev-list --count answered "${out.trim().slice(0, 40)}"`))
      .catch((error: unknown) => `the commits cannot be walked: ${firstLine(error)}`);
    if (pathspec.length > 0) return count;
    this.counted ??= count;
    return this.counted;
  }

  private readLog() {
    this.log ??= this.loadLog().catch((error: unknown) => {
      this.report({ path: '.git', message: `git history could not be read: ${firstLine(error)}` });
      throw error;
    });
    return this.log;
  }

  // One pass over `git log --name-only`; NUL-separated so any file name survives intact. Written to a file
  // like the patches (git is not held up by a busy scan) and parsed piece by piece as it is read.
  private async loadLog() {
    const expected = this.commitCount();
    const run = await runGitToFile(
      ['--git-dir', this.gitDir, 'log', '--root', '--no-relative', ...NO_DIFF_DRIVERS, '--no-renames', '--name-only', '-z', '--format=%x01%H %cI', this.revision, '--'],
      { maxBytes: NAME_LOG_CAP, idleMs: ADDED_LINES_IDLE_MS, abort: this.abort },
    );
    const reader = new NameLogReader();
    try {
      if (run.error) throw new Error(run.error);
      for await (const text of run.texts()) reader.feed(text);
    } finally {
      run.dispose();
    }
    reader.end();
    // A log that ends early without an error is as unreadable as one that fails: nothing says what is missing.
    const short = run.capped ? undefined : shortfall(reader.commits.length, await expected);
    if (short) throw new Error(short);
    const { commits, paths } = reader;
    commits.reverse();
    return { commits, paths };
  }
}

/** Why a log of `seen` commits is incomplete, or undefined when it holds every commit counted. */
function shortfall(seen: number, expected: number | string): string | undefined {
  if (typeof expected === 'string') return expected;
  return seen < expected ? `git log stopped after ${seen} of ${expected} commit(s)` : undefined;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).trim().split('\n')[0].slice(0, 300);
}

/**
 * Reads `git log --name-only -z --format=%x01%H %cI` as it comes, in pieces cut anywhere: NUL ends each
 * file name, `\x01` starts each commit's `<sha> <date>` line (a commit that touches no file ends that line
 * with the NUL). Newest commit first, as git prints them.
 */
export class NameLogReader {
  readonly commits: CommitInfo[] = [];
  readonly paths = new Map<string, PathDates>();
  private pending = '';
  private date: string | null = null;

  feed(text: string): void {
    const all = this.pending + text;
    let start = 0;
    for (let nul = all.indexOf('\0'); nul !== -1; nul = all.indexOf('\0', start)) {
      this.token(all.slice(start, nul));
      start = nul + 1;
    }
    this.pending = all.slice(start);
  }

  end(): void {
    if (this.pending) this.token(this.pending);
    this.pending = '';
  }

  private token(token: string): void {
    const mark = token.indexOf('\x01');
    if (mark === -1) {
      this.name(token);
      return;
    }
    const record = token.slice(mark + 1);
    const newline = record.indexOf('\n');
    const [sha, date] = (newline === -1 ? record : record.slice(0, newline)).split(' ');
    this.date = sha && date ? date : null;
    if (!sha || !date) return;
    this.commits.push({ sha, date });
    if (newline !== -1) this.name(record.slice(newline + 1));
  }

  private name(raw: string): void {
    if (this.date === null) return;
    const path = raw.charCodeAt(0) === 10 ? raw.slice(1) : raw;
    if (!path) return;
    const known = this.paths.get(path);
    // Log order is newest first: the first sighting is `last`, later ones push `first` back.
    if (known) {
      known.first = this.date;
      known.commits++;
    } else this.paths.set(path, { first: this.date, last: this.date, commits: 1 });
  }
}
