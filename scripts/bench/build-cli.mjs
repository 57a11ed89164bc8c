// Bundles the CLI from src/ into a folder of the benchmark's own, exactly as dist/ is bundled, so the
// benchmark measures the current sources and never touches the committed dist/.
import { bundle } from '../bundle.mjs';

/** Builds `<outdir>/cli.js` (and the sql.js wasm next to it); returns the bundle's path. */
export async function buildCli(root, outdir) {
  const [cli] = await bundle({ root, outdir, names: ['cli'] });
  return cli;
}

/**
 * Builds `<outdir>/list-only.js`: the scan's own target opening and listing with no check, bundled the same
 * way, to measure the floor under the scan (start-up plus listing) next to the full scan.
 */
export async function buildListOnly(root, outdir) {
  const [listOnly] = await bundle({ root, outdir, names: ['list-only'], entries: { 'list-only': 'scripts/bench/list-only.ts' } });
  return listOnly;
}
