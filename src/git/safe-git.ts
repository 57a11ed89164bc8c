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
  'protocol.allow=never',
  'protocol.file.allow=always',
  'protocol.https.allow=always',
  'protocol.http.allow=always',
  'protocol.git.allow=always',
  'protocol.ssh.allow=always',
  'submodule.recurse=false',
  'advice.detachedHead=false',
  'safe.directory=*',
];

/** Environment for every git child process: no system/global config, no prompts, no pager, no lazy fetch. */
export function safeGitEnvironment(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
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
    // Blobless clones must not fetch missing objects behind our back while we read.
    GIT_NO_LAZY_FETCH: '1',
  };
}

export interface SafeGitOptions {
  /** Kills the running git process (clone on SIGINT/SIGTERM, abandoned scans). */
  abort?: AbortSignal;
  /** Kill a git process that prints nothing for this long (default 120 s). */
  timeoutMs?: number;
}

/** A simple-git instance for an untrusted repository. */
export function safeGit(baseDir: string, options: SafeGitOptions = {}): SimpleGit {
  const env = safeGitEnvironment();
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
