// The installed git, checked once per process: too old a git does not honour the settings the scan's safety
// rests on, and is then not run against a vendor's repository at all.
import { execFile } from 'node:child_process';
import os from 'node:os';
import { safeGitEnvironment } from './safe-git.js';

export type GitVersionCheck = { ok: true; version: string } | { ok: false; reason: string };

/**
 * The oldest safe release of each maintained line. 2.39.4 (and 2.40.2 … 2.45.1, the same fixes on later
 * lines) closed CVE-2024-32002/32004/32465: a crafted repository cloned locally (a file:// target) could
 * run code; the same releases make upload-pack refuse lazy fetches and honour GIT_NO_LAZY_FETCH. Everything
 * else relied on is older: `safe.directory=*` (2.35.3), `protocol.allow` and GIT_ALLOW_PROTOCOL,
 * `rev-list --missing=print`, `--end-of-options`, `fetch --no-write-fetch-head`. Reads are allowed no
 * transport at all, so GIT_NO_LAZY_FETCH is a second guard, not the only one.
 */
const FIXED_IN: ReadonlyMap<number, number> = new Map([
  [39, 4],
  [40, 2],
  [41, 1],
  [42, 2],
  [43, 4],
  [44, 1],
  [45, 1],
]);
export const MINIMUM_GIT = '2.39.4';

/** Judges `git --version` output. */
export function judgeGitVersion(output: string): GitVersionCheck {
  const match = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return { ok: false, reason: `cannot tell the git version from "${output.trim().slice(0, 60)}"` };
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  const version = `${major}.${minor}.${patch}`;
  const fixed = major === 2 ? FIXED_IN.get(minor) : undefined;
  const safe = major > 2 || (major === 2 && (minor > 45 || (fixed !== undefined && patch >= fixed)));
  if (safe) return { ok: true, version };
  const needed = fixed !== undefined ? `${major}.${minor}.${fixed}` : MINIMUM_GIT;
  return { ok: false, reason: `git ${version} is too old to read an untrusted repository safely (needs ${needed} or later)` };
}

let checked: Promise<GitVersionCheck> | undefined;

/** The installed git, judged; asked once. */
export function checkGitVersion(): Promise<GitVersionCheck> {
  checked ??= new Promise((resolve) => {
    // Run away from any repository (the scan may be started inside the vendor's): nothing to discover.
    execFile('git', ['version'], { cwd: os.tmpdir(), env: safeGitEnvironment(), timeout: 30_000 }, (error, stdout) => {
      resolve(error ? { ok: false, reason: `git cannot be run (${(error as NodeJS.ErrnoException).code ?? error.message})` } : judgeGitVersion(stdout));
    });
  });
  return checked;
}
