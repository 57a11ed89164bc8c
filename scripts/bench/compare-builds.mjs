// Compares two builds of the CLI on the same target, interleaved (a, b, a, b, …) so that load from elsewhere on
// the machine hits both alike: the wall time of each `scan --format json`, with medians, minimums and the change. Used for issue #16's "no more than 10 % slower" (docs/benchmarks.md).
//   node scripts/bench/compare-builds.mjs BASE_CLI NEW_CLI TARGET [--runs N] [--ref REF]
// A build is a bundled cli.js, e.g. the committed one of an older commit: `git show REV:dist/cli.js > a/cli.js`
// (copy dist/sql-wasm.wasm next to it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const [, value] = args.splice(at, 2);
  return value;
};
const runs = Number(option('--runs', '6'));
const ref = option('--ref', null);
const [baseCli, newCli, target] = args;
if (!baseCli || !newCli || !target || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: compare-builds.mjs BASE_CLI NEW_CLI TARGET [--runs N] [--ref REF]');
  process.exit(2);
}
for (const file of [baseCli, newCli]) if (!existsSync(file)) throw new Error(`no build at ${file}`);

const scanArgs = ['scan', target, '--format', 'json', ...(ref ? ['--ref', ref] : [])];

/** One scan's wall time in ms; a scan that fails (exit other than 0 or 1) stops the comparison. */
function measure(cli) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cli, ...scanArgs], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${cli} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`);
  return wallMs;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const times = { base: [], new: [] };
for (let run = 0; run < runs; run++) {
  times.base.push(measure(baseCli));
  times.new.push(measure(newCli));
  process.stderr.write(`run ${run + 1}/${runs}: base ${(times.base.at(-1) / 1000).toFixed(2)} s, new ${(times.new.at(-1) / 1000).toFixed(2)} s\n`);
}
const row = (label, values) => `${label.padEnd(5)} median ${(median(values) / 1000).toFixed(2)} s, min ${(Math.min(...values) / 1000).toFixed(2)} s`;
console.log(row('base', times.base));
console.log(row('new', times.new));
const change = (a, b) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)} %`;
console.log(`change median ${change(median(times.base), median(times.new))}, min ${change(Math.min(...times.base), Math.min(...times.new))} (wall, ${runs} interleaved runs each)`);
