// Bundles the CLI (and the Action, once it exists) into committed single files under dist/.
// `--check` rebuilds into a temporary folder and fails when the committed dist/ differs (stale bundle).
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const outdir = check ? mkdtempSync(path.join(os.tmpdir(), 'ml-handover-dist-')) : path.join(root, 'dist');

const entries = [
  { in: 'src/bin.ts', out: 'cli' },
  { in: 'src/action/main.ts', out: 'action' },
].filter((entry) => existsSync(path.join(root, entry.in)));

if (!check) rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  charset: 'utf8',
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __mlhCreateRequire } from 'node:module';\nconst require = __mlhCreateRequire(import.meta.url);",
  },
});

// Assets loaded at run time, next to the bundle.
const assets = [['node_modules/sql.js/dist/sql-wasm.wasm', 'sql-wasm.wasm']];
for (const [from, to] of assets) {
  if (existsSync(path.join(root, from)) && process.env.MLH_BUNDLE_SQLJS !== '0' && existsSync(path.join(root, 'src/formats/mlflow-sqlite.ts'))) {
    copyFileSync(path.join(root, from), path.join(outdir, to));
  }
}

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
