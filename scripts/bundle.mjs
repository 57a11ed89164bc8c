// The one esbuild configuration for ml-handover's bundles: dist/ (scripts/build.mjs), the benchmark's own
// CLI bundle and the Action end-to-end tests all build through this, so they cannot drift apart.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** Some bundled CommonJS dependencies call require(); the ESM bundle gets one. */
export const BUNDLE_BANNER =
  "#!/usr/bin/env node\nimport { createRequire as __mlhCreateRequire } from 'node:module';\nconst require = __mlhCreateRequire(import.meta.url);";

/** Entry points by output name. */
export const ENTRIES = { cli: 'src/bin.ts', action: 'src/action/main.ts' };

/**
 * Bundles the named entries of `root` into `outdir` (one self-contained ESM file each) and copies the
 * run-time assets next to them (the sql.js wasm the MLflow SQLite reader loads). `entries` replaces the
 * entry map (the benchmark bundles its own measuring entries this way, never into dist/).
 */
export async function bundle({ root, outdir, names = Object.keys(ENTRIES), logLevel = 'warning', entries = ENTRIES }) {
  const entryPoints = names.filter((name) => existsSync(path.join(root, entries[name]))).map((name) => ({ in: entries[name], out: name }));
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    logLevel,
    charset: 'utf8',
    banner: { js: BUNDLE_BANNER },
  });
  const wasm = path.join(root, 'node_modules/sql.js/dist/sql-wasm.wasm');
  if (existsSync(wasm) && existsSync(path.join(root, 'src/formats/mlflow-sqlite.ts'))) copyFileSync(wasm, path.join(outdir, 'sql-wasm.wasm'));
  return entryPoints.map((entry) => path.join(outdir, `${entry.out}.js`));
}
