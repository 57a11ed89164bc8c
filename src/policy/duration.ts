// Durations as people write them in a policy or on the command line: `500ms`, `90s`, `10m`, `1.5h`.
// One form everywhere, with a unit always: a bare `600` could mean seconds or milliseconds.

export type ParsedDuration = { ok: true; ms: number } | { ok: false; error: string };

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
/** The longest budget accepted: a day is already far past any CI job a scan runs in. */
export const MAX_DURATION_MS = 24 * 3_600_000;
const FORM = /^(\d{1,9}(?:\.\d{1,3})?)(ms|s|m|h)$/;

export function parseDuration(text: string): ParsedDuration {
  const match = FORM.exec(text);
  if (!match) return { ok: false, error: `expected a duration with a unit, such as 500ms, 90s, 10m or 1h (got "${clip(text)}")` };
  const ms = Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
  if (ms < 1) return { ok: false, error: `a duration must be at least 1ms (got "${clip(text)}")` };
  if (ms > MAX_DURATION_MS) return { ok: false, error: `a duration must be at most 24h (got "${clip(text)}")` };
  return { ok: true, ms };
}

/** The shortest exact way to write `ms` with one unit (600000 -> `10m`, 90000 -> `90s`, 1500 -> `1500ms`). */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function clip(value: string): string {
  return value.length > 40 ? value.slice(0, 39) + '…' : value;
}
