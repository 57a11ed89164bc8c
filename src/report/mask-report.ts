// The one choke point for credentials: every string of a report (and of anything built from reports,
// like an audit record) passes maskCredentialsIn before a reporter sees it. Checks mask what they know is
// a secret; this catches what they did not think of: a token in a file name, a branch name, a heading,
// a run name, a URL in a note. It walks every string (object keys included) rather than a list of fields,
// so a field added later is covered without anyone remembering to.
// Pure and copy-on-write: an untouched subtree is returned as is, so a clean report costs one walk.
import type { AuditRecord } from '../audit/record.js';
import { maskCredentialsIn } from '../secrets/mask-text.js';
import type { Report } from './report.js';

export function maskReport(report: Report): Report {
  return maskStrings(report, memoized(maskCredentialsIn));
}

export function maskAuditRecord(record: AuditRecord): AuditRecord {
  return maskStrings(record, memoized(maskCredentialsIn));
}

/** Any plain JSON-like value with each string (and key) masked; the same object when nothing changed. */
export function maskStrings<T>(value: T, mask: (text: string) => string = memoized(maskCredentialsIn)): T {
  return walk(value, mask) as T;
}

/** Reports repeat strings (paths, kinds, notes): each distinct one is judged once per walk. */
function memoized(mask: (text: string) => string): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    let masked = seen.get(text);
    if (masked === undefined) {
      masked = mask(text);
      seen.set(text, masked);
    }
    return masked;
  };
}

function walk(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const masked = walk(value[i], mask);
      if (masked !== value[i]) (copy ??= value.slice())[i] = masked;
    }
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object' || !isPlainObject(value)) return value;
  const entries = Object.entries(value);
  let changed = false;
  const masked = entries.map(([key, item]): [string, unknown] => {
    const entry: [string, unknown] = [mask(key), walk(item, mask)];
    if (entry[0] !== key || entry[1] !== item) changed = true;
    return entry;
  });
  return changed ? Object.fromEntries(masked) : value;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
