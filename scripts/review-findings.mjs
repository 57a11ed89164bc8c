// `npm run review-findings [-- [--checks id,id] [--info] FOLDER...]`: bundles the current sources (as the
// benchmark does, never into dist/) and prints every error and warning finding on the bundled fixtures and on
// any folder given, with one line of evidence each, for a person to judge which are true (#17).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flags = [];
const folders = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--checks') flags.push(argv[i], argv[++i] ?? '');
  else if (argv[i].startsWith('--')) flags.push(argv[i]);
  else folders.push(path.resolve(argv[i]));
}
const fixtures = readdirSync(path.join(root, 'fixtures'))
  .map((name) => path.join(root, 'fixtures', name))
  .filter((folder) => statSync(folder).isDirectory());

const outdir = mkdtempSync(path.join(os.tmpdir(), 'ml-handover-review-'));
try {
  const [review] = await bundle({ root, outdir, names: ['review'], entries: { review: 'scripts/review-findings.ts' } });
  const run = spawnSync(process.execPath, [review, ...flags, ...fixtures, ...folders], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
