// Git, run against an untrusted repository with every execution vector in its config switched off.
// Command-line `-c` settings outrank the repository's own `.git/config`, so these always win.
import { simpleGit, type SimpleGit } from 'simple-git';

/**
 * Settings that neutralise what a hostile `.git/config` or `.gitattributes` could make git run:
 * hooks, fsmonitor, pager, external diff, textconv, clean/smudge filters, ssh and proxy commands,
 * credential helpers, signature verification (gpg.program), and non-network protocols that spawn programs (`ext::`).
 */
export const SAFE_GIT_CONFIG: readonly string[] = [
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'core.untrackedCache=false',
  'core.pager=cat',
  'core.sshCommand=ssh',
  'core.gitProxy=',
  'core.askPass=',
  'credential.helper=',
  'diff.external=',
  // `git log` verifies commit signatures with the repository's own gpg.program when this is on.
  'log.showSignature=false',
  'gc.auto=0',
  'maintenance.auto=false',
  // No transport at all: a read that needs a missing object (a vendor's partial-clone settings, a promisor
  // remote whose `uploadpack` is a program) fails instead of fetching. A per-protocol setting outranks
  // `protocol.allow`, so the vendor's own `protocol.file.allow=always` is overridden here too, and
  // GIT_ALLOW_PROTOCOL (safeGitEnvironment) overrides every config. Only the clone step allows transports.
  'protocol.allow=never',
  ...['file', 'git', 'http', 'https', 'ssh', 'ext', 'fd'].map((name) => `protocol.${name}.allow=never`),
  // Files outside the repository git would otherwise read for a log: attributes, mail map.
  'core.attributesFile=/dev/null',
  'log.mailmap=false',
  'mailmap.file=/dev/null',
  'submodule.recurse=false',
  // Commits are read from the objects, not from a cache the repository ships: a commit-graph file whose
  // parent entries are edited cuts the history short (log and rev-list agree, so nothing looks wrong).
  'core.commitGraph=false',
  'core.multiPackIndex=false',
  'advice.detachedHead=false',
  'advice.graftFileDeprecated=false',
  'safe.directory=*',
];

/** Transports the clone step (and only it) may use; its URL was checked by `checkCloneUrl` first. */
export const CLONE_PROTOCOLS: readonly string[] = ['file', 'git', 'http', 'https', 'ssh'];

/** `-c` settings that re-allow the clone transports; they come after SAFE_GIT_CONFIG, so they win. */
export const CLONE_PROTOCOL_CONFIG: readonly string[] = CLONE_PROTOCOLS.flatMap((name) => ['-c', `protocol.${name}.allow=always`]);

export interface SafeGitEnvironmentOptions {
  /**
   * The repository's git directory, checked to lie inside the target (src/git/git-directory.ts): git
   * then never discovers a repository from the working folder (a parent's, or one a `.git` file names).
   */
  gitDir?: string;
  /** Transports allowed: none unless given (the clone step passes CLONE_PROTOCOLS). */
  protocols?: readonly string[];
}

/**
 * Environment for every git child process: no system/global config, no prompts, no pager, no transport
 * (a lazy fetch fails whether or not this git honours GIT_NO_LAZY_FETCH). Ambient GIT_* variables
 * (GIT_DIR, GIT_ALTERNATE_OBJECT_DIRECTORIES, GIT_CONFIG_PARAMETERS, …) are never passed on.
 */
export function safeGitEnvironment(base: NodeJS.ProcessEnv = process.env, options: SafeGitEnvironmentOptions = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'SYSTEMROOT']) {
    const value = base[key];
    if (value !== undefined) env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    // Blobless clones must not fetch missing objects behind our back while we read (honoured from 2.39.4).
    GIT_NO_LAZY_FETCH: '1',
    // The history as committed: replace refs and a grafts file would let a repository show other commits
    // (or cut the history short) in place of the ones it holds, and both would count consistently.
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_GRAFT_FILE: '/dev/null',
    // Outranks every protocol.* setting of any config: a list naming no real transport allows none.
    GIT_ALLOW_PROTOCOL: (options.protocols ?? []).join(':'),
    ...(options.gitDir ? { GIT_DIR: options.gitDir } : {}),
  };
}

export interface SafeGitOptions {
  /** Kills the running git process (clone on SIGINT/SIGTERM, abandoned scans). */
  abort?: AbortSignal;
  /** Kill a git process that prints nothing for this long (default 120 s). */
  timeoutMs?: number;
  /** The checked git directory (see SafeGitEnvironmentOptions.gitDir). */
  gitDir?: string;
  /** Transports allowed (the clone step only). */
  protocols?: readonly string[];
}

/** A simple-git instance for an untrusted repository. */
export function safeGit(baseDir: string, options: SafeGitOptions = {}): SimpleGit {
  const env = safeGitEnvironment(process.env, { gitDir: options.gitDir, protocols: options.protocols });
  return simpleGit({
    baseDir,
    config: [...SAFE_GIT_CONFIG],
    maxConcurrentProcesses: 4,
    timeout: { block: options.timeoutMs ?? 120_000 },
    ...(options.abort ? { abort: options.abort } : {}),
    // simple-git 4 refuses GIT_* variables unless named: allow only the ones we set ourselves (ambient
    // GIT_* variables are still stripped).
    allowEnvironment: Object.keys(env).filter((key) => /^(GIT_|PAGER$|SSH_ASKPASS$)/.test(key)),
    // These flags let us pass the *safe* values of the settings they guard (see SAFE_GIT_CONFIG).
    unsafe: {
      allowUnsafeHooksPath: true,
      allowUnsafeFsMonitor: true,
      allowUnsafePager: true,
      allowUnsafeSshCommand: true,
      allowUnsafeGitProxy: true,
      allowUnsafeAskPass: true,
      allowUnsafeCredentialHelper: true,
      allowUnsafeDiffExternal: true,
      allowUnsafeProtocolOverride: true,
      // GIT_CONFIG_GLOBAL=/dev/null is how the user's global config is shut out.
      allowUnsafeConfigPaths: true,
    },
  }).env(env);
}

/** Flags for any git command that could show file content through a diff driver. */
export const NO_DIFF_DRIVERS = ['--no-textconv', '--no-ext-diff'] as const;
