// Random seeds: calls that fix a generator in the code (random, NumPy, PyTorch, TensorFlow, JAX, Lightning,
// transformers, scikit-learn `random_state=`, LightGBM/XGBoost `seed`), and seed values in configuration
// files (params.yaml, Hydra configs, MLproject parameters). Facts only, with file and line.
import type { SourceFile } from './python-sources.js';

export interface SeedSighting {
  path: string;
  /** Absent for a notebook, whose place is named in `kind` (its cell). */
  line?: number;
  /** What fixes the seed, e.g. `np.random.seed`, `random_state=`, `params.yaml train.seed`. */
  kind: string;
}

/** Each pattern needs a literal or a named value after it; `random_state=None` does not fix anything. */
const SEED_CALLS: ReadonlyArray<[string, RegExp]> = [
  ['random.seed', /(?<![\w.])random\.seed\(\s*[^)\s]/],
  ['np.random.seed', /\b(?:np|numpy)\.random\.seed\(\s*[^)\s]/],
  ['np.random.default_rng', /\b(?:np|numpy)\.random\.default_rng\(\s*[^)\s]/],
  ['torch.manual_seed', /\btorch\.(?:cuda\.)?manual_seed(?:_all)?\(\s*[^)\s]/],
  ['torch.use_deterministic_algorithms', /\btorch\.use_deterministic_algorithms\(\s*True/],
  ['cudnn.deterministic', /\bcudnn\.deterministic\s*=\s*True/],
  ['tf.random.set_seed', /\b(?:tf|tensorflow)\.random\.set_seed\(\s*[^)\s]/],
  ['keras.utils.set_random_seed', /\bset_random_seed\(\s*[^)\s]/],
  ['jax.random.PRNGKey', /\bjax\.random\.(?:PRNGKey|key)\(\s*[^)\s]/],
  ['set_seed', /(?<![\w.])(?:transformers\.)?set_seed\(\s*[^)\s]/],
  ['seed_everything', /\bseed_everything\(\s*[^)\s]/],
  ['random_state=', /\brandom_state\s*=\s*(?!None\b)[\w"'.[]/],
  ['seed= / "seed":', /(?:[(,]\s*(?:seed|random_seed|bagging_seed|feature_fraction_seed|data_random_seed)\s*=\s*(?!None\b)[\w.[]|["'](?:seed|random_seed|random_state)["']\s*:\s*(?!None\b)[\w.[])/],
  ['PYTHONHASHSEED', /PYTHONHASHSEED/],
];

const MAX_SIGHTINGS = 200;

export function findSeedCalls(files: readonly SourceFile[]): SeedSighting[] {
  const found: SeedSighting[] = [];
  for (const file of files) {
    if (!/seed|random_state|deterministic|PRNGKey/i.test(file.text)) continue;
    const lines = file.text.split('\n');
    for (let i = 0; i < lines.length && found.length < MAX_SIGHTINGS; i++) {
      const line = lines[i];
      if (/^\s*#/.test(line)) continue;
      for (const [kind, pattern] of SEED_CALLS) {
        if (pattern.test(line)) {
          found.push({ path: file.path, line: i + 1, kind });
          break;
        }
      }
    }
  }
  return found;
}

/** Seed keys with an integer value anywhere in a parsed config (`train.seed: 42`, `random_state: 7`). */
export function seedValuesInConfig(config: unknown, text: string, path: string): SeedSighting[] {
  const found: SeedSighting[] = [];
  const stack: Array<[unknown, string]> = [[config, '']];
  while (stack.length > 0 && found.length < 50) {
    const [node, prefix] = stack.pop()!;
    if (node === null || typeof node !== 'object' || Array.isArray(node)) continue;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const dotted = prefix ? `${prefix}.${key}` : key;
      if (child !== null && typeof child === 'object') stack.push([child, dotted]);
      else if (/(^|_)(seed|random_state|random_seed)$/i.test(key) && (Number.isInteger(child) || (typeof child === 'string' && /^\d+$/.test(child)))) {
        const line = lineOfPath(text, dotted.split('.'));
        found.push({ path, line, kind: `${dotted} = ${String(child).slice(0, 20)}` });
      }
    }
  }
  return found;
}

/** Line of a dotted key: each segment is looked for after the line of its parent. */
function lineOfPath(text: string, segments: string[]): number {
  const lines = text.split('\n');
  let from = 0;
  let found = -1;
  for (const segment of segments) {
    const pattern = new RegExp(`^\\s*["']?${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*[:=]`);
    const index = lines.findIndex((line, at) => at >= from && pattern.test(line));
    if (index === -1) break;
    found = index;
    from = index + 1;
  }
  return found === -1 ? 1 : found + 1;
}
