// Pure statistics for `npm run calibrate` (#18): how far the score's order of real repositories agrees with
// the order a reviewer's artifact counts give them.

/**
 * 1-based ranks of `values` in ascending order; tied values share the mean of the ranks they span
 * (so [10, 20, 20, 30] ranks [1, 2.5, 2.5, 4]), as Spearman's coefficient with ties requires.
 */
export function ranks(values) {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    const shared = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) result[order[k].index] = shared;
    start = end + 1;
  }
  return result;
}

/** Pearson's correlation of two equally long lists; NaN when either list does not vary (nothing to order). */
export function pearson(xs, ys) {
  if (xs.length !== ys.length) throw new Error(`pearson: lists differ in length (${xs.length} and ${ys.length})`);
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const meanX = xs.reduce((sum, x) => sum + x, 0) / n;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - meanX;
    const dy = ys[i] - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  if (varianceX === 0 || varianceY === 0) return Number.NaN;
  return covariance / Math.sqrt(varianceX * varianceY);
}

/** Spearman's rank correlation: Pearson's correlation of the average ranks (exact with ties). */
export function spearman(xs, ys) {
  return pearson(ranks(xs), ranks(ys));
}

/**
 * How far each item's rank by score sits from its rank by reviewer count (positive: the score places it
 * higher than the reviewer does), to point at the repositories the score misjudges most.
 */
export function rankGaps(scores, counts) {
  const byScore = ranks(scores);
  const byCount = ranks(counts);
  return byScore.map((rank, i) => rank - byCount[i]);
}

/**
 * For each reviewer category, whether the check that judges it agrees on each repository: `recognised` where
 * the reviewer found the artifact and the check scored it at least `minScore`, `missed` where the reviewer
 * found it and the check did not, `unclaimed` where the check scored at least `minScore` without the
 * reviewer finding the artifact. A check that left the weight (null) counts as 0. `checkOf` maps category → check id.
 */
export function categoryAgreement(items, checkOf, minScore) {
  return Object.entries(checkOf).map(([category, check]) => {
    const recognised = [];
    const missed = [];
    const unclaimed = [];
    for (const item of items) {
      const score = item.checkScores[check] ?? 0;
      const found = item.categories.includes(category);
      if (found && score >= minScore) recognised.push({ name: item.name, score });
      else if (found) missed.push({ name: item.name, score });
      else if (score >= minScore) unclaimed.push({ name: item.name, score });
    }
    return { category, check, recognised, missed, unclaimed };
  });
}
