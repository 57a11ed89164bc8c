// Read-only questions about a repository's history, answered by git plumbing under the safe config.
import type { SimpleGit } from 'simple-git';
import { NO_DIFF_DRIVERS, SAFE_GIT_CONFIG, safeGit, safeGitEnvironment } from './safe-git.js';
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
  /** Set when git failed for another reason; what was read before is still valid. */
  error?: string;
}

export const DEFAULT_ADDED_LINES_CAP = 64 * 1024 * 1024;
/**
 * Patch text is parsed in pieces this size, the size a pipe delivers. Measured on the benchmark's ref scan:
 * 1 MiB pieces raised peak RSS from 266 to 336 MB (lines are slices that keep their piece alive) and were
 * no faster.
 */
const CHUNK_BYTES = 64 * 1024;
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
}

export class GitRepositoryHistory implements GitHistory {
  readonly revision: string;
  private readonly git: SimpleGit;
  private log: Promise<{ commits: CommitInfo[]; paths: Map<string, PathDates> }> | undefined;
  /** One `cat-file --batch-check` for every commit lookup. */
  private objects: GitBatchCheck | undefined;

  constructor(repositoryDir: string, revision = 'HEAD') {
    this.git = safeGit(repositoryDir);
    this.revision = revision;
  }

  /** Opens the history of a folder if it is the top of a git work tree with at least one commit. */
  static async open(directory: string, revision = 'HEAD'): Promise<GitRepositoryHistory | null> {
    const git = safeGit(directory);
    try {
      const top = (await git.raw(['rev-parse', '--show-toplevel'])).trim();
      const { realpathSync } = await import('node:fs');
      if (realpathSync(top) !== realpathSync(directory)) return null; // a subfolder of some other repo
      await git.raw(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
      return new GitRepositoryHistory(directory, revision);
    } catch {
      return null;
    }
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
    this.objects ??= new GitBatchCheck(async () => (await this.git.raw(['rev-parse', '--absolute-git-dir'])).trim());
    return (await this.objects.info(`${sha}^{commit}`))?.type === 'commit';
  }

  async addedLines(visit: (line: AddedLine) => void, options: AddedLinesOptions = {}): Promise<AddedLinesSummary> {
    const maxBytes = options.maxBytes ?? DEFAULT_ADDED_LINES_CAP;
    // The git directory works for work trees and bare clones alike.
    const gitDir = (await this.git.raw(['rev-parse', '--absolute-git-dir'])).trim();
    const reader = new PatchLineReader(visit, options.onFileEnd);
    const decoder = new TextDecoder('utf-8', { fatal: false });
    // Written to a file rather than read from a pipe: tens of MiB of patches, which git produces at full
    // speed on its own core while the other checks run (src/git/git-output-file.ts).
    const run = await runGitToFile(
      [
        ...SAFE_GIT_CONFIG.flatMap((setting) => ['-c', setting]),
        // Files over 1 MiB count as binary, so one huge blob cannot fill the budget.
        '-c',
        'core.bigFileThreshold=1m',
        '--git-dir',
        gitDir,
        'log',
        '-p',
        ...NO_DIFF_DRIVERS,
        '--no-color',
        '--no-abbrev',
        '-U0',
        '--format=%x01%H %cI',
        this.revision,
        '--',
      ],
      { maxBytes, idleMs: ADDED_LINES_IDLE_MS },
    );
    try {
      for await (const chunk of run.chunks(CHUNK_BYTES)) reader.feed(decoder.decode(chunk, { stream: true }));
    } finally {
      run.dispose();
    }
    reader.feed(decoder.decode());
    reader.end();
    const summary: AddedLinesSummary = { commits: reader.commits, bytes: run.bytes, capped: run.capped };
    if (run.error) summary.error = run.error;
    return summary;
  }

  private readLog() {
    this.log ??= this.loadLog();
    return this.log;
  }

  // One pass over `git log --name-only`; NUL-separated so any file name survives intact.
  private async loadLog() {
    const raw = await this.git.raw([
      'log',
      ...NO_DIFF_DRIVERS,
      '--no-renames',
      '--name-only',
      '-z',
      '--format=%x01%H %cI',
      this.revision,
      '--',
    ]);
    const commits: CommitInfo[] = [];
    const paths = new Map<string, PathDates>();
    for (const block of raw.split('\x01')) {
      if (!block) continue;
      const newline = block.indexOf('\n');
      const header = newline === -1 ? block : block.slice(0, newline);
      // With -z, a commit that touches no files ends its header with the record's NUL.
      const [sha, date] = header.replace(/\0+$/, '').split(' ');
      if (!sha || !date) continue;
      commits.push({ sha, date });
      const names = newline === -1 ? [] : block.slice(newline + 1).split('\0');
      for (const name of names) {
        const path = name.replace(/^\n/, '');
        if (!path) continue;
        const known = paths.get(path);
        // Log order is newest first: the first sighting is `last`, later ones push `first` back.
        if (known) {
          known.first = date;
          known.commits++;
        } else paths.set(path, { first: date, last: date, commits: 1 });
      }
    }
    commits.reverse();
    return { commits, paths };
  }
}
