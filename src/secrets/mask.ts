// Masking: a found secret never reaches a report, a log or an excerpt in full. What survives is at most
// the vendor's fixed prefix (≤ 4 characters, and never more than a fifth of the value) and the length,
// e.g. `AKIA…(20 chars)`. Every reporter and check that shows a credential goes through here.

/** The most characters a mask ever keeps. */
export const MAX_REVEALED = 4;

/**
 * `AKIAIOSFODNN7EXAMPLE` -> `AKIA…(20 chars)`. `reveal` is how many leading characters are a public
 * vendor prefix (`AKIA`, `ghp_`, `hf_`); pass 0 for passwords and other free-form secrets.
 */
export function maskSecret(value: string, reveal: number = MAX_REVEALED): string {
  const chars = [...value];
  const keep = Math.max(0, Math.min(reveal, MAX_REVEALED, Math.floor(chars.length / 5)));
  return `${chars.slice(0, keep).join('')}…(${chars.length} chars)`;
}

/** Replaces each `[start, end)` range of `text` with the mask of what it covers. Ranges may overlap. */
export function maskRanges(text: string, ranges: ReadonlyArray<{ start: number; end: number; reveal: number }>): string {
  const sorted = [...ranges].filter((range) => range.end > range.start).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const range of sorted) {
    if (range.end <= at) continue;
    const start = Math.max(range.start, at);
    out += text.slice(at, start) + maskSecret(text.slice(start, range.end), start === range.start ? range.reveal : 0);
    at = range.end;
  }
  return out + text.slice(at);
}
