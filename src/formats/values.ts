// Readers of one parsed JSON/YAML value, shared by the format modules that walk exports of other tools: each
// returns the value when it has the expected shape and null otherwise, so a malformed export degrades to
// "not recorded" instead of throwing.

/** Longest text kept from one field of a tool's export. */
export const MAX_FIELD_TEXT = 500;

/** A non-blank string (trimmed, capped) or a finite number as text; else null. */
export function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value.trim().slice(0, MAX_FIELD_TEXT);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A whole number of at least 0 (a count). */
export function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
