import { describe, expect, it } from 'vitest';
import { categoryAgreement, pearson, rankGaps, ranks, spearman } from '../scripts/calibrate-stats.mjs';

describe('ranks', () => {
  it.each([
    [[], []],
    [[5], [1]],
    [[30, 10, 20], [3, 1, 2]],
    // Ties share the mean of the ranks they span.
    [[10, 20, 20, 30], [1, 2.5, 2.5, 4]],
    [[7, 7, 7], [2, 2, 2]],
    [[2, 1, 2, 1, 3], [3.5, 1.5, 3.5, 1.5, 5]],
    [[-1, 0.5, -1], [1.5, 3, 1.5]],
  ])('%j ranks %j', (values, expected) => {
    expect(ranks(values)).toEqual(expected);
  });

  it('leaves its input in place', () => {
    const values = [3, 1, 2];
    ranks(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('spearman', () => {
  it('is 1 for the same order and -1 for the reverse order, whatever the spacing', () => {
    expect(spearman([1, 2, 3, 4, 5], [2, 20, 21, 80, 1000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4, 5], [9, 7, 4, 2, 0])).toBeCloseTo(-1, 12);
  });

  it('matches 1 - 6·Σd²/(n(n²-1)) without ties', () => {
    // Ranks differ by d = 0, -1, 1, 1, -1: Σd² = 4, n = 5, so rho = 1 - 24/120 = 0.8.
    expect(spearman([1, 2, 3, 4, 5], [1, 3, 2, 5, 4])).toBeCloseTo(0.8, 12);
  });

  it('uses average ranks for ties (Pearson on the ranks, not the Σd² shortcut)', () => {
    // x ranks [1, 2.5, 2.5, 4]; y ranks [1, 2, 3, 4]: Pearson of those is 4.5/sqrt(4.5·5) = 0.9486833.
    expect(spearman([1, 2, 2, 3], [10, 20, 30, 40])).toBeCloseTo(0.9486832981, 9);
    // Ties on both sides: x ranks [1.5, 1.5, 3, 4], y ranks [1, 2.5, 2.5, 4] → 3.75/sqrt(4.5·4.5) = 0.8333333.
    expect(spearman([0, 0, 1, 5], [3, 8, 8, 9])).toBeCloseTo(0.8333333333, 9);
  });

  it('is symmetric', () => {
    const xs = [14, 31, 9, 22, 22, 40];
    const ys = [1, 7, 0, 3, 4, 9];
    expect(spearman(xs, ys)).toBeCloseTo(spearman(ys, xs), 12);
  });

  it('is NaN when a list does not vary or is too short, since there is no order to compare', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearman([4], [2])).toBeNaN();
  });

  it('refuses lists of different lengths', () => {
    expect(() => pearson([1, 2], [1, 2, 3])).toThrow(/differ in length/);
  });
});

describe('rankGaps', () => {
  it('says how many places the score moves each item against the reviewer', () => {
    // By count: a < b < c; by score: c < a < b. a and b rise one place, c falls two.
    expect(rankGaps([50, 60, 10], [1, 2, 3])).toEqual([1, 1, -2]);
  });

  it('uses average ranks on both sides', () => {
    expect(rankGaps([10, 10, 30], [1, 2, 3])).toEqual([0.5, -0.5, 0]);
  });
});

describe('categoryAgreement', () => {
  const items = [
    { name: 'a', categories: ['runbooks', 'licence'], checkScores: { runbooks: 6, licensing: 10 } },
    { name: 'b', categories: ['runbooks'], checkScores: { runbooks: 1.5, licensing: 5 } },
    { name: 'c', categories: [], checkScores: { runbooks: null, licensing: 2 } },
  ];

  it('splits repositories into recognised, missed and credited without the reviewer, per category', () => {
    expect(categoryAgreement(items, { runbooks: 'runbooks', licence: 'licensing' }, 2)).toEqual([
      { category: 'runbooks', check: 'runbooks', recognised: [{ name: 'a', score: 6 }], missed: [{ name: 'b', score: 1.5 }], unclaimed: [] },
      { category: 'licence', check: 'licensing', recognised: [{ name: 'a', score: 10 }], missed: [], unclaimed: [{ name: 'b', score: 5 }, { name: 'c', score: 2 }] },
    ]);
  });

  it('counts a check that left the weight as 0', () => {
    const [runbooks] = categoryAgreement([{ name: 'd', categories: ['runbooks'], checkScores: { runbooks: null } }], { runbooks: 'runbooks' }, 2);
    expect(runbooks.missed).toEqual([{ name: 'd', score: 0 }]);
  });
});
