// The score ladder: the scale means something only if more of a handover scores more. Fixtures from an empty
// folder to the complete handover must rise strictly, and taking any one artifact out of the complete handover
// must cost at least the points documented here (and in the README's "What a score means").
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { FIXTURES, scanDir, tempDir } from './helpers.js';

/** From nothing to everything; each rung adds what a reviewer would count as handover artifacts. */
const LADDER = ['(empty folder)', 'notebook-dump', 'research-code', 'partial-delivery', 'llm-app-complete', 'complete-handover'] as const;

/**
 * One artifact kind taken out of the complete handover (paths removed), and the fewest overall points its
 * absence must cost. Core artifacts a buyer cannot rebuild (decision records, experiment history, versioned
 * data, model card, runbooks) cost at least 4; every other kind at least 1, because its check still finds part
 * of the story elsewhere (thresholds in the model card, monitoring described in the runbooks, ...).
 */
const REMOVALS: ReadonlyArray<{ artifact: string; paths: string[]; atLeast: number }> = [
  { artifact: 'experiment history and model registry', paths: ['mlruns'], atLeast: 8 },
  { artifact: 'data versioning (DVC)', paths: ['dvc.yaml', 'dvc.lock', '.dvc', '.dvcignore', 'data/customers.parquet.dvc'], atLeast: 5 },
  { artifact: 'decision records', paths: ['docs/adr', '.adr-dir'], atLeast: 4 },
  { artifact: 'runbooks', paths: ['docs/runbooks'], atLeast: 4 },
  { artifact: 'model card', paths: ['MODEL_CARD.md'], atLeast: 4 },
  { artifact: 'tests and their results', paths: ['tests', 'test-results'], atLeast: 2 },
  { artifact: 'CI workflows', paths: ['.github/workflows'], atLeast: 2 },
  { artifact: 'pinned environment', paths: ['requirements.txt', 'uv.lock', '.python-version'], atLeast: 1 },
  { artifact: 'owners and handover guide', paths: ['.github/CODEOWNERS', 'HANDOVER.md'], atLeast: 1 },
  { artifact: 'README', paths: ['README.md'], atLeast: 1 },
  { artifact: 'infrastructure (container, Helm values)', paths: ['Dockerfile', 'deploy'], atLeast: 1 },
  { artifact: 'failure modes', paths: ['docs/failure-modes.md'], atLeast: 1 },
  { artifact: 'dataset documentation', paths: ['data/README.md'], atLeast: 1 },
  { artifact: 'evaluation criteria files', paths: ['evaluation', 'docs/evaluation'], atLeast: 1 },
  { artifact: 'monitoring configuration', paths: ['monitoring'], atLeast: 1 },
  { artifact: 'licence and third-party notice', paths: ['LICENSE', 'THIRD_PARTY_LICENSES.md'], atLeast: 1 },
  { artifact: 'changelog', paths: ['CHANGELOG.md'], atLeast: 1 },
  { artifact: 'data-handling statement', paths: ['DATA_HANDLING.md'], atLeast: 1 },
];

/** What the buyer's scale promises for each rung (README: "What a score means"). */
const BANDS: Record<(typeof LADDER)[number], [number, number]> = {
  '(empty folder)': [0, 0],
  'notebook-dump': [0, 10],
  'research-code': [0, 15],
  'partial-delivery': [15, 40],
  'llm-app-complete': [60, 99],
  'complete-handover': [90, 100],
};

async function scanFixture(name: (typeof LADDER)[number]): Promise<Report> {
  return scanDir(name === '(empty folder)' ? tempDir('mlh-ladder-empty-') : path.join(FIXTURES, name));
}

async function scanWithout(paths: readonly string[]): Promise<Report> {
  const dir = tempDir('mlh-ladder-without-');
  cpSync(path.join(FIXTURES, 'complete-handover'), dir, { recursive: true });
  for (const relative of paths) rmSync(path.join(dir, relative), { recursive: true, force: false });
  return scanDir(dir);
}

describe('the score ladder', () => {
  const scores = new Map<string, number>();
  beforeAll(async () => {
    for (const rung of LADDER) scores.set(rung, (await scanFixture(rung)).score);
  }, 120_000);

  it('rises strictly from an empty folder to the complete handover', () => {
    const ladder = LADDER.map((rung) => scores.get(rung)!);
    for (let i = 1; i < ladder.length; i++) expect(ladder[i], `${LADDER[i]} (${ladder[i]}) above ${LADDER[i - 1]} (${ladder[i - 1]})`).toBeGreaterThan(ladder[i - 1]);
  });

  it('puts each rung in the band the README documents', () => {
    for (const rung of LADDER) {
      const [low, high] = BANDS[rung];
      const score = scores.get(rung)!;
      expect(score, rung).toBeGreaterThanOrEqual(low);
      expect(score, rung).toBeLessThanOrEqual(high);
    }
  });
});

describe('removing one artifact from the complete handover', () => {
  let complete: number;
  beforeAll(async () => {
    complete = (await scanFixture('complete-handover')).score;
  });

  it.each(REMOVALS)('without the $artifact the score drops by at least $atLeast', async ({ paths, atLeast }) => {
    const without = await scanWithout(paths);
    expect(complete - without.score).toBeGreaterThanOrEqual(atLeast);
  });

  it('without the optional handover manifest the score does not rise: the check is skipped, with its reason', async () => {
    // handover.yml is the vendor's own declaration, judged when present and skipped when absent (README).
    const without = await scanWithout(['handover.yml']);
    expect(without.score).toBeLessThanOrEqual(complete);
    expect(without.coverage.notApplicable).toContainEqual({ id: 'handover-manifest', reason: 'no handover.yml' });
  });
});
