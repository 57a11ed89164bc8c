// Bundles the CLI from src/ into a folder of the benchmark's own, the way scripts/build.mjs bundles dist/,
// so the benchmark measures the current sources and never touches the committed dist/.
import { build } from 'esbuild';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';

/** Builds `<outdir>/cli.js` (and the sql.js wasm next to it); returns the bundle's path. */
export async function buildCli(root, outdir) {
  await build({
    absWorkingDir: root,
    entryPoints: [{ in: 'src/bin.ts', out: 'cli' }],
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
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __mlhCreateRequire } from 'node:module';\nconst require = __mlhCreateRequire(import.meta.url);",
    },
  });
  const wasm = path.join(root, 'node_modules/sql.js/dist/sql-wasm.wasm');
  if (existsSync(wasm)) copyFileSync(wasm, path.join(outdir, 'sql-wasm.wasm'));
  return path.join(outdir, 'cli.js');
}
