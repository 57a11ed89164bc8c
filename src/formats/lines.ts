// Line numbers for offsets in a text: what every parser needs to point a finding at `path:line`.

/** Offsets at which each line starts (line 1 at index 0). Build once per text, then use `lineAtIndex`. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of an offset, by binary search over `lineStarts`. */
export function lineAtIndex(starts: readonly number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** 1-based line of one offset (a single lookup: no index kept). */
export function lineOfIndex(text: string, index: number): number {
  let line = 1;
  const end = Math.min(index, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** 1-based line of the first occurrence of `needle`, or undefined when it does not occur. */
export function lineOfText(text: string, needle: string): number | undefined {
  const index = text.indexOf(needle);
  return index === -1 ? undefined : lineOfIndex(text, index);
}
