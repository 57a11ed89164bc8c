// Bundles the CLI and the Action into committed single files under dist/ (configuration: scripts/bundle.mjs).
// `--check` rebuilds into a temporary folder and fails when the committed dist/ differs (stale bundle).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const outdir = check ? mkdtempSync(path.join(os.tmpdir(), 'ml-handover-dist-')) : path.join(root, 'dist');

if (!check) rmSync(outdir, { recursive: true, force: true });
await bundle({ root, outdir });

if (check) {
  const committed = path.join(root, 'dist');
  const stale = [];
  const fresh = readdirSync(outdir).sort();
  const existing = existsSync(committed) ? readdirSync(committed).sort() : [];
  for (const name of new Set([...fresh, ...existing])) {
    const a = path.join(outdir, name);
    const b = path.join(committed, name);
    if (!existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b))) stale.push(name);
  }
  rmSync(outdir, { recursive: true, force: true });
  if (stale.length) {
    console.error(`dist/ is stale (${stale.join(', ')}): run \`npm run build\` and commit dist/.`);
    process.exit(1);
  }
  console.log('dist/ is up to date.');
}
