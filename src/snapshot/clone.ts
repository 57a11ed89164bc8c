// Clones a git URL into a temporary folder that is always removed: on success, on error, and when the
// process is interrupted. Nothing is checked out: the commit is read from git objects (GitRefSource), so
// no smudge filter, hook or checkout-time attribute of the vendor's repository ever runs.
import path from 'node:path';
import { createTempDir, liveTempDirs } from '../temp-dirs.js';
import { checkRefName, resolveCommit } from './git-ref-source.js';
import { CLONE_PROTOCOL_CONFIG, CLONE_PROTOCOLS } from '../git/safe-git.js';
import { locateGitDirectory } from '../git/git-directory.js';
import { NON_INTERACTIVE_SSH, safeGitProcess } from './safe-git-process.js';

/** Transports a clone may use; everything else (ext::, fd::, remote helpers, unknown schemes) is refused. */
const SAFE_SCHEMES = new Set(['https', 'http', 'ssh', 'git', 'file', 'git+ssh', 'ssh+git']);

/** Why a URL must not be cloned, or null when it is safe to hand to git. */
export function checkCloneUrl(url: string): string | null {
  if (url.length === 0) return 'the URL is empty';
  if (url.length > 2048) return 'the URL is longer than 2048 characters';
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return 'the URL contains whitespace or control characters';
  if (url.startsWith('-')) return 'the URL starts with "-" (git would read it as an option)';
  // `<transport>::<address>` runs a remote helper (ext:: runs any command, fd:: uses file descriptors).
  if (/^[A-Za-z0-9+.-]+::/.test(url)) return `remote helper transports ("${url.slice(0, url.indexOf('::') + 2)}") are not allowed`;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (!SAFE_SCHEMES.has(name)) return `the "${name}" protocol is not allowed (use https, http, ssh, git or file)`;
    const rest = url.slice(scheme[0].length);
    const authority = rest.split('/')[0];
    const host = authority.slice(authority.lastIndexOf('@') + 1);
    if (name !== 'file' && host === '') return 'the URL has no host';
    if (host.startsWith('-') || authority.startsWith('-')) return 'the host starts with "-"';
    return null;
  }
  // scp-like `user@host:path` is ssh.
  const scp = /^(?:([^@/:]+)@)?([^@/:]+):(.+)$/.exec(url);
  if (scp) {
    if (scp[1]?.startsWith('-') || scp[2].startsWith('-')) return 'the user or host starts with "-"';
    if (scp[3].startsWith('-')) return 'the path starts with "-"';
    return null;
  }
  return 'not a git URL (expected https://, http://, ssh://, git://, file:// or user@host:path)';
}

/** Whether a target string is meant as a git URL (rather than a folder). */
export function looksLikeGitUrl(spec: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(spec) || /^[A-Za-z0-9+.-]+::/.test(spec) || /^(?:[^@/:\s]+@)?[^@/:\s]{2,}:[^\\]/.test(spec);
}

/** The URL as shown in reports and messages: a password or token in it is replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/@]*)@/, (_, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return `${scheme}${colon === -1 ? (scheme.startsWith('http') ? '***' : userinfo) : `${userinfo.slice(0, colon)}:***`}@`;
  });
}

export class CloneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloneError';
  }
}

export interface CloneOptions {
  /** Branch, tag or commit to scan; the remote's default branch when absent. */
  ref?: string;
  /** Folder in which the temporary clone folder is created (default: the OS temp folder). */
  tempParent?: string;
  /**
   * Blobs at least this large are left on the server (partial clone `blob:limit`) and fetched only if a
   * check reads them with a larger cap. Default: the read cap + 1, so every readable file arrives with
   * the clone and only large binaries (weights, data) stay behind.
   */
  blobLimit?: number;
  /** Kill git when it prints nothing for this long (default 120 s). */
  timeoutMs?: number;
}

export interface ClonedRepository {
  /** The temporary folder holding the clone (a work tree with nothing checked out). */
  dir: string;
  /** Its git directory (checked to lie inside `dir`: a local clone can copy the source's alternates). */
  gitDir: string;
  commit: string;
  /** The ref that was resolved (what the user asked for, or the default branch). */
  ref: string;
  /** True when the server honoured the partial clone filter. */
  partial: boolean;
  /** Blobs missing from a partial clone are at least this large. */
  blobLimit: number;
  /** Removes the temporary folder. Safe to call twice. */
  remove(): Promise<void>;
}

export async function cloneRepository(url: string, options: CloneOptions = {}): Promise<ClonedRepository> {
  const refused = checkCloneUrl(url);
  if (refused) throw new CloneError(`refusing to clone ${redactUrl(url)}: ${refused}`);
  if (options.ref !== undefined) {
    const badRef = checkRefName(options.ref);
    if (badRef) throw new CloneError(`invalid ref: ${badRef}`);
  }
  const blobLimit = options.blobLimit ?? 1024 * 1024 + 1;
  const temp = createTempDir(CLONE_PREFIX, options.tempParent);
  try {
    // The clone step is the only git process allowed a transport. (For a file:// URL git runs upload-pack in
    // the vendor's repository; from 2.39.4, the minimum, upload-pack never lazily fetches what it lacks.)
    const cloner = safeGitProcess(temp.dir, { abort: temp.abort.signal, timeoutMs: options.timeoutMs, protocols: CLONE_PROTOCOLS });
    try {
      // `--` ends the options: the URL can never be read as one. No checkout, no submodules. --progress
      // keeps output flowing, so the silence timeout only fires on a clone that is really stuck.
      await cloner.raw([...NON_INTERACTIVE_SSH, ...CLONE_PROTOCOL_CONFIG, 'clone', '--progress', '--no-checkout', '--no-recurse-submodules', `--filter=blob:limit=${blobLimit}`, '--', url, '.']);
    } catch (error) {
      throw new CloneError(`cannot clone ${redactUrl(url)}: ${describeGitError(error, url)}`);
    }
    const located = locateGitDirectory(temp.dir);
    if (located.kind !== 'repository') throw new CloneError(`cannot read the clone of ${redactUrl(url)}: ${located.kind === 'refused' ? located.reason : 'no git directory'}`);
    // Everything after the clone reads objects already here: no transport.
    const git = safeGitProcess(temp.dir, { abort: temp.abort.signal, timeoutMs: options.timeoutMs, gitDir: located.gitDir });
    const partial = (await git.raw(['config', '--get', 'remote.origin.promisor']).catch(() => '')).trim() === 'true';
    const ref = options.ref ?? (await defaultBranch(git));
    const commit =
      (options.ref === undefined ? await resolveCommit(git, 'HEAD') : null) ??
      (await resolveCommit(git, ref)) ??
      (await resolveCommit(git, `refs/remotes/origin/${ref}`));
    if (!commit) {
      throw new CloneError(options.ref === undefined ? `${redactUrl(url)} has no commits` : `ref "${ref}" not found in ${redactUrl(url)}`);
    }
    return { dir: temp.dir, gitDir: located.gitDir, commit, ref, partial, blobLimit, remove: temp.remove };
  } catch (error) {
    await temp.remove();
    throw error;
  }
}

async function defaultBranch(git: ReturnType<typeof safeGitProcess>): Promise<string> {
  const head = (await git.raw(['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '')).trim();
  return head || 'HEAD';
}

function describeGitError(error: unknown, url: string): string {
  const message = String((error as Error)?.message ?? error);
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^Cloning into/.test(line));
  const fatal = lines.find((line) => /^fatal:/.test(line)) ?? lines[0] ?? 'git failed';
  // git may echo the URL (with its credentials) back in the message.
  return fatal.split(url).join(redactUrl(url)).slice(0, 500);
}

const CLONE_PREFIX = 'ml-handover-clone-';

/** Temporary clone folders that exist right now (for tests and diagnostics). */
export function liveCloneDirs(): string[] {
  return liveTempDirs().filter((dir) => path.basename(dir).startsWith(CLONE_PREFIX));
}
