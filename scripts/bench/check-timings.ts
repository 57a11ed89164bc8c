// Development aid for the benchmark (bundle it like the CLI, see docs/benchmarks.md): opens a target and
// times the checks. Each check alone on a fresh snapshot (what it costs by itself, shared indexes
// included), or with --together all selected checks in one scan as the CLI runs them.
//   check-timings.js TARGET [REF] [--only id,id] [--skip id,id] [--together]
import { CHECKS } from '../../checks/index.js';
import { resolvePolicy } from '../../src/policy/resolve-policy.js';
import { scan } from '../../src/scan.js';
import { openTarget } from '../../src/targets.js';

const args = process.argv.slice(2);
const take = (flag: string): string[] => (args.includes(flag) ? args.splice(args.indexOf(flag), 2)[1].split(',') : []);
const only = take('--only');
const skip = take('--skip');
const together = args.includes('--together') ? (args.splice(args.indexOf('--together'), 1), true) : false;
const [target, ref] = args;
const selected = CHECKS.filter((check) => (only.length === 0 || only.includes(check.id)) && !skip.includes(check.id));
const policy = resolvePolicy({}, CHECKS.map((check) => check.id));
const open = () => openTarget(target, ref ? { ref } : {});

const t0 = performance.now();
const first = await open();
console.log(`open+list: ${(performance.now() - t0).toFixed(0)} ms, ${first.snapshot.fileCount} files`);
if (together) {
  const start = performance.now();
  const report = await scan(first.snapshot, { checks: selected, policy, onCheckDone: (result) => console.log(`  ${result.id.padEnd(22)} done at ${(performance.now() - start).toFixed(0).padStart(6)} ms`) });
  console.log(`all ${selected.length} checks: ${(performance.now() - start).toFixed(0)} ms, score ${report.score}, ${JSON.stringify(first.snapshot.stats())}`);
  await first.close();
} else {
  await first.close();
  for (const check of selected) {
    const again = await open();
    const start = performance.now();
    const cpu = process.cpuUsage();
    const report = await scan(again.snapshot, { checks: [check], policy });
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    console.log(`${check.id.padEnd(22)} ${ms.toFixed(0).padStart(7)} ms wall ${((used.user + used.system) / 1000).toFixed(0).padStart(6)} ms cpu  score ${report.checks[0].score}  ${JSON.stringify(again.snapshot.stats())}`);
    await again.close();
  }
}
