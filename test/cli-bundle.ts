// The CLI as a user runs it: src/bin.ts bundled exactly as dist/cli.js is (scripts/bundle.mjs), into a private
// folder, so tests of the real process see the current sources and never race a rebuild of the committed dist/.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import { bundle } from '../scripts/bundle.mjs';
import { tempDir } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..');

export async function buildCliBundle(): Promise<string> {
  const [cli] = await bundle({ root: ROOT, outdir: tempDir('mlh-cli-bundle-'), names: ['cli'], logLevel: 'error' });
  return cli;
}

/** Environment for a child CLI with every colour, CI and terminal setting removed; `extra` adds some back. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS', 'TERM', 'COLORTERM', 'CI', 'GITHUB_ACTIONS', 'TMUX']) delete env[name];
  return { ...env, ...extra };
}

/** Runs `node <cli> ...args` on a pseudo-terminal (util-linux `script`), returning what the terminal showed. */
export function runOnTerminal(cli: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): SpawnSyncReturns<string> {
  const command = [process.execPath, cli, ...args].map(shellQuote).join(' ');
  return spawnSync('script', ['-qec', command, '/dev/null'], { env, cwd, encoding: 'utf8', timeout: 60_000 });
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
