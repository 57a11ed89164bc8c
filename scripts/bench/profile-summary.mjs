// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function, with the source module each bundled
// function came from (esbuild marks module starts with `// path` comments). Usage: profile-summary.mjs FILE [BUNDLE] [TOP]
import { readFileSync } from 'node:fs';

const [file, bundle, top = '40'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const moduleStarts = [];
if (bundle) {
  readFileSync(bundle, 'utf8').split('\n').forEach((line, index) => {
    const match = /^\/\/ ((?:src|checks|node_modules|scripts)\/\S+)$/.exec(line);
    if (match) moduleStarts.push([index, match[1]]);
  });
}
const moduleAt = (line) => {
  let lo = 0, hi = moduleStarts.length - 1, found = '';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (moduleStarts[mid][0] <= line) { found = moduleStarts[mid][1]; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
};
const selfTime = new Map();
const byModule = new Map();
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
for (const [id, micros] of dt) {
  const { callFrame } = nodes.get(id);
  const where = callFrame.url.endsWith(bundle ?? '\0') ? moduleAt(callFrame.lineNumber) : callFrame.url.replace(/^.*\//, '');
  const key = `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
  selfTime.set(key, (selfTime.get(key) ?? 0) + micros);
  byModule.set(where || callFrame.functionName, (byModule.get(where || callFrame.functionName) ?? 0) + micros);
}
const total = [...dt.values()].reduce((a, b) => a + b, 0);
console.log(`total ${(total / 1000).toFixed(0)} ms`);
for (const [key, micros] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${(micros / 1000).toFixed(1).padStart(8)} ms  ${key}`);
console.log('--- by module');
for (const [key, micros] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(micros / 1000).toFixed(1).padStart(8)} ms  ${key}`);
