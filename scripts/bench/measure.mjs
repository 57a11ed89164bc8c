// Runs a command and measures it: wall time from our own clock, peak RSS from GNU time (`/usr/bin/time -f %M`)
// when it is installed, else from a preload that reports the Node child's own `resourceUsage().maxRSS`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPORT_RSS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'report-rss.mjs');

let gnuTime;
/** Whether /usr/bin/time is GNU time (BusyBox and BSD time take other flags). */
function hasGnuTime() {
  if (gnuTime === undefined) {
    gnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
  }
  return gnuTime;
}

/**
 * One run: `{ ms, rssKb, code, stdout }`. stdout is kept only when `keepStdout` (reports are parsed from it);
 * otherwise it is drained, so a baseline like `find` pays for producing its output but not for a terminal.
 */
export function runOnce(command, args, options = {}) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mlh-bench-rss-'));
  const rssFile = path.join(scratch, 'rss');
  let file = command;
  let argv = args;
  const env = { ...process.env, ...options.env };
  if (hasGnuTime()) {
    file = '/usr/bin/time';
    argv = ['-q', '-f', '%M', '-o', rssFile, command, ...args];
  } else if (command === process.execPath) {
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import=${REPORT_RSS}`.trim();
    env.MLH_BENCH_RSS_FILE = rssFile;
  }
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (chunk) => {
      if (options.keepStdout) out.push(chunk);
    });
    child.stderr.on('data', (chunk) => {
      if (err.length < 4000) err += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      let rssKb = null;
      try {
        const text = readFileSync(rssFile, 'utf8').trim().split('\n').pop();
        if (/^\d+$/.test(text)) rssKb = Number(text);
      } catch {
        /* no RSS for this command (a non-Node baseline without GNU time) */
      }
      rmSync(scratch, { recursive: true, force: true });
      resolve({ ms, rssKb, code, stdout: Buffer.concat(out).toString('utf8'), stderr: err });
    });
  });
}

/**
 * Alternates the commands run after run (A B A B …) so a burst of load from elsewhere on the machine hits
 * both alike, then reports the median time and the largest RSS of each.
 */
export async function measureInterleaved(commands, runs) {
  const samples = commands.map(() => []);
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < commands.length; i++) {
      const { command, args, ...options } = commands[i];
      const result = await runOnce(command, args, options);
      if (options.check) options.check(result);
      samples[i].push(result);
    }
  }
  return samples.map((list) => ({
    ms: median(list.map((sample) => sample.ms)),
    rssKb: list.some((sample) => sample.rssKb !== null) ? Math.max(...list.map((sample) => sample.rssKb ?? 0)) : null,
    runs: list,
  }));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
