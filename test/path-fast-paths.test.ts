// The listing passes turn most paths away by a character test before any slice, lower-casing or regex
// (src/path-memo.ts, lockKindOf, isDockerfileName, isModelCardFileName, the tracker marker names, the data
// file formats). Each fast path must answer exactly as the plain code it sits in front of: checked here
// against that plain code on generated paths built from the characters that matter (case, the Kelvin sign
// that lower-cases to `k`, the long s and dotted I that fold oddly, separators).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDockerfileName } from '../src/formats/dockerfile.js';
import { lockKindOf } from '../src/formats/lockfiles.js';
import { isModelCardFileName } from '../src/formats/model-card.js';
import { findTrackerMarkers } from '../src/formats/trackers.js';
import { byName, lastSlash } from '../src/path-memo.js';

const NAMES = [
  'uv.lock', 'poetry.lock', 'Pipfile.lock', 'pdm.lock', 'conda-lock.yml', 'conda-lock.yaml', 'env.conda-lock.yml', 'conda-linux-64.lock', 'x.conda.lock',
  'explicit.txt', 'explicit-linux.txt', 'Dockerfile', 'dockerfile.dev', 'Containerfile-gpu', 'api.dockerfile', 'x.Containerfile', 'MODEL_CARD.md', 'model_card.md',
  'MODELCARD.markdown', 'model-card-v2.md', 'model_card_template.md', 'run.json', 'cout.txt', 'config.json', 'metrics.json', 'hparams.yaml',
  'events.out.tfevents.1700000000.host.1.0', 'README.md', 'train.py', 'data.csv', '',
];
const PIECES = ['/', '.', '-', '_', ' ', 'k', 'K', '\u212a', '\u017f', '\u0130', 'l', 'L', 't', 'T', 'd', 'D', 'e', 'E', 'n', 'm', 'M', 'c', 'C', 'lock', 'LOCK', 'yml', 'txt', 'md', 'é'];
const folder = fc.array(fc.constantFrom('src', 'docs', 'mlruns', 'runs', 'lightning_logs', 'a b', 'ü'), { maxLength: 3 }).map((parts) => parts.map((part) => `${part}/`).join(''));
const name = fc.oneof(fc.constantFrom(...NAMES), fc.array(fc.constantFrom(...PIECES, ...NAMES), { maxLength: 6 }).map((parts) => parts.join('')));
const paths = fc.tuple(folder, name).map(([dir, base]) => dir + base);

// The plain code each fast path is in front of, as it was before the fast path.
const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
function plainLockKind(path: string) {
  const name = base(path).toLowerCase();
  if (name === 'uv.lock') return 'uv';
  if (name === 'poetry.lock') return 'poetry';
  if (name === 'pipfile.lock') return 'pipenv';
  if (name === 'pdm.lock') return 'pdm';
  if (name === 'conda-lock.yml' || name === 'conda-lock.yaml' || /\.conda-lock\.ya?ml$/.test(name)) return 'conda-lock';
  if (/^conda-[\w-]+\.lock$/.test(name) || /\.conda\.lock$/.test(name) || /^explicit[\w.-]*\.txt$/.test(name)) return 'conda-explicit';
  return null;
}
const plainDockerfile = (path: string) => /^(Dockerfile|Containerfile)([.-][\w.-]+)?$/i.test(base(path)) || /\.(dockerfile|containerfile)$/i.test(base(path));
const plainModelCard = (path: string) => /^model[-_ ]?card([-_.][\w.-]*)?\.(md|markdown)$/i.test(base(path)) && !/template/i.test(base(path));

describe('listing fast paths answer as the plain code', () => {
  it('lastSlash is lastIndexOf("/")', () => {
    fc.assert(fc.property(paths, (path) => lastSlash(path) === path.lastIndexOf('/')), { numRuns: 2000 });
  });

  it('byName judges a path by its file name, once per name', () => {
    let calls = 0;
    const judged = byName((name: string) => (calls++, name.length));
    expect([judged('a/b/xy'), judged('c/xy'), judged('xy'), judged('a/xyz')]).toEqual([2, 2, 2, 3]);
    expect(calls).toBe(2);
  });

  it('lockKindOf, isDockerfileName and isModelCardFileName', () => {
    fc.assert(
      fc.property(paths, (path) => {
        expect(lockKindOf(path)).toBe(plainLockKind(path));
        expect(isDockerfileName(path)).toBe(plainDockerfile(path));
        expect(isModelCardFileName(path)).toBe(plainModelCard(path));
      }),
      { numRuns: 5000 },
    );
    expect(lockKindOf('env.conda-lock.yml'.replace('k', '\u212a'))).toBe(plainLockKind('env.conda-lock.yml'.replace('k', '\u212a')));
    expect(lockKindOf('uv.loc\u212a')).toBe('uv');
  });

  it('tracker markers: the name test keeps every file the old test kept', () => {
    const sacred = new Set(['run.json', 'config.json', 'metrics.json', 'cout.txt']);
    fc.assert(
      fc.property(fc.array(paths, { maxLength: 20 }), (list) => {
        const kept = list.filter((path) => {
          const name = base(path);
          return sacred.has(name) || name === 'hparams.yaml' || name.startsWith('events.out.tfevents.');
        });
        // Whatever the fast test turns away could not have been a marker: the markers found from the kept
        // paths alone are the markers found from the whole list.
        expect(findTrackerMarkers([...new Set(list)].sort())).toEqual(findTrackerMarkers([...new Set(kept)].sort()));
      }),
      { numRuns: 1000 },
    );
  });
});
