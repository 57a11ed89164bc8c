// Bundles the CLI from src/ into a folder of the benchmark's own, exactly as dist/ is bundled, so the
// benchmark measures the current sources and never touches the committed dist/.
import { bundle } from '../bundle.mjs';

/** Builds `<outdir>/cli.js` (and the sql.js wasm next to it); returns the bundle's path. */
export async function buildCli(root, outdir) {
  const [cli] = await bundle({ root, outdir, names: ['cli'] });
  return cli;
}
