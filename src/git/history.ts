// Read-only questions about a repository's history, answered by git plumbing under the safe config.
import type { SimpleGit } from 'simple-git';
import { NO_DIFF_DRIVERS, safeGit } from './safe-git.js';

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
}

export class GitRepositoryHistory implements GitHistory {
  readonly revision: string;
  private readonly git: SimpleGit;
  private log: Promise<{ commits: CommitInfo[]; paths: Map<string, PathDates> }> | undefined;

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
    try {
      await this.git.raw(['cat-file', '-e', `${sha}^{commit}`]);
      return true;
    } catch {
      return false;
    }
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
      const [sha, date] = header.split(' ');
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
