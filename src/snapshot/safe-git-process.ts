// Git processes for remote and ref targets: the shared safe instance (src/git/safe-git.ts) plus the
// extra settings that only matter when git talks to a remote or is spawned directly.
import { SAFE_GIT_CONFIG, safeGit } from '../git/safe-git.js';

export type { SafeGitOptions } from '../git/safe-git.js';
export const safeGitProcess = safeGit;

/**
 * For commands that talk to a remote: ssh must fail rather than wait for a host-key or password prompt
 * that nobody will answer (GIT_TERMINAL_PROMPT does not reach ssh).
 */
export const NON_INTERACTIVE_SSH: readonly string[] = ['-c', 'core.sshCommand=ssh -o BatchMode=yes'];

/** `-c key=value` pairs for git child processes spawned directly (long-running `cat-file --batch`). */
export function safeConfigArgs(): string[] {
  return SAFE_GIT_CONFIG.flatMap((setting) => ['-c', setting]);
}
