// Code that draws at random outside training: sampling rows or cases, shuffling, splitting. Where it exists a seed
// makes the draw repeatable; where nothing is trained and nothing is drawn, a seed has nothing to fix.
import type { SourceFile } from './python-sources.js';

export interface SamplingSighting {
  path: string;
  line: number;
  what: string;
}

const SAMPLING: ReadonlyArray<[string, RegExp]> = [
  // Data draws only: random.random() for retry jitter or a log sample rate fixes nothing a receiver reproduces.
  ['random sampling (random.sample/shuffle)', /\brandom\.(?:sample|shuffle)\(/],
  ['NumPy random draws', /\b(?:np|numpy)\.random\.(?:\w+)\(/],
  ['DataFrame sampling (.sample(n=|frac=))', /\.sample\(\s*(?:n|frac)\s*=/],
  ['a random split (train_test_split, random_split)', /\b(?:train_test_split|random_split)\(/],
  ['shuffled loading (shuffle=True)', /\bshuffle\s*=\s*True\b/],
];

/** Tests draw to exercise code; they are not part of what the delivery runs. */
const TEST_CODE = /(^|\/)(tests?|testing|spec)\/|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/;

export function findSamplingCode(files: readonly SourceFile[]): SamplingSighting[] {
  const found: SamplingSighting[] = [];
  for (const file of files) {
    if (TEST_CODE.test(file.path)) continue;
    for (const [what, pattern] of SAMPLING) {
      const match = pattern.exec(file.text);
      if (!match) continue;
      found.push({ path: file.path, line: lineAt(file.text, match.index), what });
      break;
    }
    if (found.length >= 20) break;
  }
  return found;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
