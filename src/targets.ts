// Turns what the user typed (a folder, a folder and a ref, a git URL, or github:owner/repo[@ref]) into a
// Snapshot. Every kind of target ends the same way: a FileSource, an optional git history, a close().
import { existsSync, statSync } from 'node:fs';
import { locateGitDirectory } from './git/git-directory.js';
import { checkGitVersion } from './git/git-version.js';
import { GitRepositoryHistory } from './git/history.js';
import { cloneRepository, CloneError, checkCloneUrl, looksLikeGitUrl, redactUrl } from './snapshot/clone.js';
import { GitRefSource, checkRefName, resolveCommit } from './snapshot/git-ref-source.js';
import { createGitHubClient, GitHubApiError, type Headers as GitHubHeaders } from './snapshot/github-api.js';
import { GitHubSource, parseGitHubSpec, type GitHubRepoSpec } from './snapshot/github-source.js';
import { LocalDirectorySource } from './snapshot/local-source.js';
import { safeGitProcess } from './snapshot/safe-git-process.js';
import { DEFAULT_READ_CAP, Snapshot } from './snapshot/snapshot.js';
import type { FileSource } from './snapshot/source.js';

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

export interface OpenTargetOptions {
  ref?: string;
  readCap?: number;
  /** GitHub token for github: targets (default: GITHUB_TOKEN). */
  token?: string;
  /** GitHub REST base URL for github: targets (default: GITHUB_API_URL, else api.github.com). */
  apiUrl?: string;
  /** Folder for temporary clones of git URLs (default: the OS temp folder). */
  tempDir?: string;
  /** Environment to read GITHUB_TOKEN / GITHUB_API_URL from (tests). */
  env?: NodeJS.ProcessEnv;
  /** Told of every GitHub API response's headers (an audit watches its rate-limit headroom). */
  onGitHubResponse?: (headers: GitHubHeaders) => void;
}

export interface OpenedTarget {
  snapshot: Snapshot;
  source: FileSource;
  /** Removes temporary clones; always call it, also on failure. */
  close(): Promise<void>;
}

export type TargetSpec =
  | { kind: 'directory'; path: string }
  | { kind: 'git-url'; url: string }
  | { kind: 'github'; repo: GitHubRepoSpec };

/** What kind of target a string names. Throws TargetError for something that is none of them. */
export function parseTargetSpec(spec: string): TargetSpec {
  if (spec.startsWith('github:')) {
    const repo = parseGitHubSpec(spec);
    if (!repo) throw new TargetError(`not a GitHub target: ${spec} (expected github:owner/repo or github:owner/repo@ref)`);
    return { kind: 'github', repo };
  }
  const explicitUrl = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(spec) || /^[A-Za-z0-9+.-]+::/.test(spec);
  if (!explicitUrl && existsSync(spec)) return { kind: 'directory', path: spec };
  if (explicitUrl || looksLikeGitUrl(spec)) {
    const refused = checkCloneUrl(spec);
    if (refused) throw new TargetError(`refusing to clone ${redactUrl(spec)}: ${refused}`);
    return { kind: 'git-url', url: spec };
  }
  throw new TargetError(`target not found: ${spec} (expected a folder, a git URL or github:owner/repo)`);
}

export async function openTarget(spec: string, options: OpenTargetOptions = {}): Promise<OpenedTarget> {
  const parsed = parseTargetSpec(spec);
  if (options.ref !== undefined) {
    const badRef = checkRefName(options.ref);
    if (badRef) throw new TargetError(`invalid --ref: ${badRef}`);
  }
  switch (parsed.kind) {
    case 'directory':
      return options.ref ? openLocalRef(parsed.path, options.ref, options) : openDirectory(parsed.path, options);
    case 'git-url':
      return openGitUrl(parsed.url, options);
    case 'github':
      return openGitHub(parsed.repo, options);
  }
}

async function openDirectory(dir: string, options: OpenTargetOptions): Promise<OpenedTarget> {
  if (!statSync(dir).isDirectory()) throw new TargetError(`target is not a folder: ${dir}`);
  const { history, refused } = await directoryHistory(dir);
  // A work tree reports the commit it sits on, so a report can be traced; the files scanned are the ones
  // on disk (uncommitted changes included), which `--ref` avoids.
  const head = history ? await history.headCommit() : null;
  // A HEAD that does not resolve while refs exist is a broken repository (its newest commit deleted, say):
  // kept, so that every reader of the history reports the break rather than see a folder with none.
  const git = head || (history && (await history.hasRefs())) ? history : null;
  const source = new LocalDirectorySource(dir, head ? { kind: 'directory', path: dir, commit: head } : undefined);
  const snapshot = await Snapshot.fromSource(source, { git, readCap: options.readCap });
  if (refused) snapshot.addError({ path: '.git', message: `git history not read, the folder is scanned without it: ${refused}` });
  git?.reportProblemsTo((problem) => snapshot.addError(problem));
  return { snapshot, source, close: async () => {} };
}

/**
 * The history of a folder scanned as it is on disk: only from its own git directory, confined to it, and
 * only with a git that honours the safety settings. `refused` says why a history that is there is not read.
 */
async function directoryHistory(dir: string): Promise<{ history: GitRepositoryHistory | null; refused?: string }> {
  const located = locateGitDirectory(dir);
  if (located.kind === 'none' || (located.kind === 'repository' && located.bare)) return { history: null };
  if (located.kind === 'refused') return { history: null, refused: located.reason };
  const version = await checkGitVersion();
  if (!version.ok) return { history: null, refused: version.reason };
  return { history: new GitRepositoryHistory(located) };
}

/** The checked git directory of a repository scanned through git (`--ref`), or a TargetError. */
async function requireGitDirectory(dir: string): Promise<string> {
  const version = await checkGitVersion();
  if (!version.ok) throw new TargetError(`cannot read ${dir} with git: ${version.reason}`);
  const located = locateGitDirectory(dir);
  if (located.kind === 'refused') throw new TargetError(`refusing to read the git repository in ${dir}: ${located.reason}`);
  if (located.kind === 'none') throw new TargetError(`--ref needs the top folder of a git repository (or a bare repository): ${dir}`);
  return located.gitDir;
}

// `scan <dir> --ref v1.0`: the tag's tree read from git objects; the working tree is never touched.
async function openLocalRef(dir: string, ref: string, options: OpenTargetOptions): Promise<OpenedTarget> {
  if (!statSync(dir).isDirectory()) throw new TargetError(`target is not a folder: ${dir}`);
  const gitDir = await requireGitDirectory(dir);
  const commit = await resolveCommit(safeGitProcess(gitDir, { gitDir }), ref);
  if (!commit) throw new TargetError(`ref "${ref}" not found in ${dir}`);
  const source = new GitRefSource({ repositoryDir: dir, gitDir, commit, target: { kind: 'git-ref', path: dir, ref, commit } });
  return openGitSource(source, { gitDir }, commit, options, async () => {});
}

async function openGitUrl(url: string, options: OpenTargetOptions): Promise<OpenedTarget> {
  const version = await checkGitVersion();
  if (!version.ok) throw new TargetError(`cannot clone ${redactUrl(url)}: ${version.reason}`);
  let clone;
  try {
    clone = await cloneRepository(url, { ref: options.ref, tempParent: options.tempDir, blobLimit: (options.readCap ?? DEFAULT_READ_CAP) + 1 });
  } catch (error) {
    if (error instanceof CloneError) throw new TargetError(error.message);
    throw error;
  }
  const source = new GitRefSource({
    repositoryDir: clone.dir,
    gitDir: clone.gitDir,
    commit: clone.commit,
    target: { kind: 'git-url', path: redactUrl(url), ref: clone.ref, commit: clone.commit },
    ...(clone.partial ? { promisorRemote: 'origin', missingBlobMinSize: clone.blobLimit } : {}),
  });
  return openGitSource(source, { gitDir: clone.gitDir, ownPartialClone: clone.partial }, clone.commit, options, clone.remove);
}

async function openGitSource(
  source: GitRefSource,
  location: { gitDir: string; ownPartialClone?: boolean },
  commit: string,
  options: OpenTargetOptions,
  cleanup: () => Promise<void>,
): Promise<OpenedTarget> {
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= source.dispose().finally(cleanup));
  try {
    // History is read up to the scanned commit, not HEAD. If git cannot answer (a broken environment),
    // checks get "no history" as for a plain folder rather than a history that fails under them.
    const history = new GitRepositoryHistory(location, commit);
    // Asked while the tree is listed: two git processes, one wait.
    const [listing, reachable] = await Promise.all([source.list(), history.hasCommit(commit)]);
    const snapshot = Snapshot.fromListing(source, listing.entries, { git: reachable ? history : null, readCap: options.readCap }, listing.errors);
    history.reportProblemsTo((problem) => snapshot.addError(problem));
    return { snapshot, source, close };
  } catch (error) {
    await close();
    throw new TargetError(`cannot list ${source.target.path}: ${(error as Error)?.message ?? error}`);
  }
}

async function openGitHub(spec: GitHubRepoSpec, options: OpenTargetOptions): Promise<OpenedTarget> {
  const env = options.env ?? process.env;
  if (options.ref && spec.ref && options.ref !== spec.ref) throw new TargetError(`two refs given: @${spec.ref} and --ref ${options.ref}`);
  const ref = spec.ref ?? options.ref;
  try {
    const client = createGitHubClient({ token: options.token ?? (env.GITHUB_TOKEN || undefined), apiUrl: options.apiUrl ?? (env.GITHUB_API_URL || undefined), onResponse: options.onGitHubResponse });
    const source = await GitHubSource.open(client, { ...spec, ...(ref ? { ref } : {}) }, { tempDir: options.tempDir });
    // No clone, no history: checks that need git history say so rather than guess.
    const snapshot = await Snapshot.fromSource(source, { git: null, readCap: options.readCap }).catch(async (error) => {
      await source.dispose();
      throw error;
    });
    return { snapshot, source, close: () => source.dispose() };
  } catch (error) {
    if (error instanceof GitHubApiError) throw new TargetError(`github:${spec.owner}/${spec.repo}: ${error.message}`);
    throw error;
  }
}
