// A partial clone (ours, of a git URL) leaves large blobs on the server. Diffing a commit that touches one
// would make git fetch it, and reads run with no transport allowed, so `git log -p` would fail there: the
// paths that ever held such a blob are named here, to be left out of the patch log (and counted).
import { spawn } from 'node:child_process';
import type { SimpleGit } from 'simple-git';
import { SAFE_GIT_CONFIG, safeGitEnvironment } from './safe-git.js';

export interface PromisedPathspec {
  /** `:(exclude,literal)<path>` for each path with a missing blob; empty for a complete repository. */
  pathspec: string[];
  excluded: number;
}

/** Past this many paths the exclusion list is too long to pass to git: the history is reported unread. */
const MAX_EXCLUDED_PATHS = 5_000;

/** The pathspec that keeps `git log -p` away from blobs this repository does not have, or why it cannot. */
export async function promisedPathspec(git: SimpleGit, revision: string): Promise<PromisedPathspec | string> {
  const none = { pathspec: [], excluded: 0 };
  if (!(await isPartialClone(git))) return none;
  const gitDir = (await git.raw(['rev-parse', '--absolute-git-dir'])).trim();
  const missing = new Set<string>();
  // `--missing=print` never fetches: it names what is absent.
  const walked = await gitTokens(gitDir, ['rev-list', '--objects', '--missing=print', revision, '--'], '\n', (line) => {
    if (line.startsWith('?')) missing.add(line.slice(1).trim());
  });
  if (walked) return `the objects of this partial clone cannot be listed: ${walked}`;
  if (missing.size === 0) return none;
  const paths = new Set<string>();
  let header: string[] | null = null;
  // `:<mode> <mode> <old> <new> <status>` NUL `<path>` NUL, for every commit's changes (trees only, no blob read).
  const logged = await gitTokens(gitDir, ['log', '--raw', '--no-abbrev', '--no-renames', '-z', '--format=', revision, '--'], '\0', (token) => {
    const colon = token.indexOf(':');
    if (colon !== -1 && /^\n*:/.test(token)) header = token.slice(colon + 1).split(' ');
    else if (header) {
      if (missing.has(header[2]) || missing.has(header[3])) paths.add(token);
      header = null;
    }
  });
  if (logged) return `the changes of this partial clone cannot be listed: ${logged}`;
  if (paths.size > MAX_EXCLUDED_PATHS) return `${paths.size} paths hold blobs this partial clone did not fetch (more than ${MAX_EXCLUDED_PATHS} can be left out)`;
  return { pathspec: [...paths].map((path) => `:(exclude,literal)${path}`), excluded: paths.size };
}

export async function isPartialClone(git: SimpleGit): Promise<boolean> {
  let raw = '';
  try {
    raw = await git.raw(['config', '--get-regexp', '^(remote\\..*\\.promisor|extensions\\.partialclone)$']);
  } catch {
    return false; // `git config` exits 1 when nothing matches
  }
  // "remote.origin.promisor true" or "extensions.partialclone origin"
  return raw.split('\n').some((line) => {
    const value = line.trim().split(/\s+/)[1];
    return value !== undefined && value !== 'false';
  });
}

/** Streams a git command's output cut at `separator`; resolves with git's error line, or null on success. */
function gitTokens(gitDir: string, args: readonly string[], separator: string, visit: (token: string) => void): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn('git', [...SAFE_GIT_CONFIG.flatMap((setting) => ['-c', setting]), ...args], { cwd: gitDir, env: safeGitEnvironment(process.env, { gitDir }), stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (pending + chunk).split(separator);
      pending = parts.pop() ?? '';
      for (const part of parts) visit(part);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => resolve(error.message));
    child.on('close', (code) => {
      if (pending) visit(pending);
      resolve(code === 0 ? null : stderr.trim().split('\n')[0] || `git ${args[0]} exited ${code}`);
    });
  });
}
