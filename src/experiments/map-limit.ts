// Runs an async function over items with a bounded number in flight (many small reads, few file handles).
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Indexes spread evenly over `total`, `count` of them (all when count >= total). Deterministic. */
export function evenSample(total: number, count: number): Set<number> {
  const chosen = new Set<number>();
  if (count >= total) {
    for (let i = 0; i < total; i++) chosen.add(i);
    return chosen;
  }
  for (let i = 0; i < count; i++) chosen.add(Math.floor((i * total) / count));
  return chosen;
}
