// The scanner's CLI as a child process, built from the sources, with a probe that records every file it
// opens, every process it starts, every socket and its peak memory. Shared by the suites that scan hostile
// trees end to end (hostile-repo, hostile-pathological).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { tempDir } from './helpers.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
// Inside node_modules so the bundle's bare imports (simple-git, sql.js, …) resolve to the project's packages.
export const BUILD_DIR = path.join(ROOT, 'node_modules', '.cache', 'ml-handover-tests');

export interface Probe {
  opened: string[];
  spawned: string[][];
  network: string[];
  maxRssKb: number;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  probe: Probe;
  tmp: string;
}

// The probe is loaded with --import before the CLI: it wraps fs reads, child processes and sockets in the
// child and writes what it saw (and the peak RSS) when the process exits.
export const PROBE_SOURCE = String.raw`
import fs from 'node:fs';
import net from 'node:net';
import dns from 'node:dns';
import cp from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
const log = { opened: [], spawned: [], network: [], maxRssKb: 0 };
const pathOf = (p) => (typeof p === 'number' ? null : Buffer.isBuffer(p) ? p.toString('latin1') : p instanceof URL ? p.pathname : String(p));
const note = (kind, value) => { if (value !== null && log[kind].length < 20000) log[kind].push(value); };
for (const name of ['openSync', 'readFileSync', 'readdirSync', 'opendirSync', 'createReadStream', 'open', 'readFile', 'readdir', 'opendir']) {
  const real = fs[name];
  fs[name] = function (p, ...rest) { note('opened', pathOf(p)); return real.call(this, p, ...rest); };
}
for (const name of ['open', 'readFile', 'readdir', 'opendir']) {
  const real = fs.promises[name];
  fs.promises[name] = function (p, ...rest) { note('opened', pathOf(p)); return real.call(this, p, ...rest); };
}
for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync', 'fork']) {
  const real = cp[name];
  cp[name] = function (file, args, ...rest) { note('spawned', [String(file), ...(Array.isArray(args) ? args.map(String) : [])]); return real.call(this, file, args, ...rest); };
}
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) { note('network', JSON.stringify(args[0] ?? null).slice(0, 200)); return connect.apply(this, args); };
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) { note('network', 'dns ' + host); return lookup.call(this, host, ...rest); };
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = function (host, ...rest) { note('network', 'dns ' + host); return promisesLookup.call(this, host, ...rest); };
if (globalThis.fetch) { const realFetch = globalThis.fetch; globalThis.fetch = (input, init) => { note('network', 'fetch ' + String(input)); return realFetch(input, init); }; }
syncBuiltinESMExports();
process.on('exit', () => {
  log.maxRssKb = process.resourceUsage().maxRSS;
  fs.writeFileSync(process.env.MLH_PROBE_OUT, JSON.stringify(log));
});
`;

export interface ProbedCli {
  cli: string;
  probe: string;
  /** Removes the bundle and the probe. */
  dispose(): void;
}

/** Bundles src/bin.ts and writes the probe, both named after `name` and this process. */
export async function buildProbedCli(name: string): Promise<ProbedCli> {
  mkdirSync(BUILD_DIR, { recursive: true });
  const cli = path.join(BUILD_DIR, `${name}-cli-${process.pid}.mjs`);
  const probe = path.join(BUILD_DIR, `${name}-probe-${process.pid}.mjs`);
  writeFileSync(probe, PROBE_SOURCE);
  await build({ entryPoints: [path.join(ROOT, 'src', 'bin.ts')], outfile: cli, bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node20', logLevel: 'silent' });
  return { cli, probe, dispose: () => [cli, probe].forEach((file) => rmSync(file, { force: true })) };
}

/** Runs `node --import probe cli.mjs …args` with a fresh TMPDIR; SIGKILL after `timeoutMs` (a hang fails, never blocks). */
export async function runProbedCli(built: ProbedCli, args: string[], timeoutMs = 90_000): Promise<CliRun> {
  const tmp = tempDir('mlh-hostile-tmp-');
  const probeOut = path.join(tempDir('mlh-probe-'), 'probe.json');
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', built.probe, built.cli, ...args], {
    env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1', MLH_PROBE_OUT: probeOut, GITHUB_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (c, s) => resolve({ code: c, signal: s })));
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  let probe: Probe = { opened: [], spawned: [], network: [], maxRssKb: Number.NaN };
  try {
    probe = JSON.parse(readFileSync(probeOut, 'utf8')) as Probe;
  } catch {
    // Killed before it could write: the assertions on code and signal say why.
  }
  return { code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr, wallMs, probe, tmp };
}
