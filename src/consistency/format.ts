// How the consistency cross-checks print numbers, comparators and hashes in evidence and findings:
// short, unambiguous, and never a full digest (two abbreviated values are enough to see they differ).
import type { Comparator } from '../evaluation/index.js';

export const COMPARATOR_SYMBOL: Record<Comparator, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '==': '=', between: 'between' };

/** The relation that actually holds when a gate is missed: `recall 0.71 < 0.80` for a missed `≥ 0.80`. */
export const BROKEN_RELATION: Record<Comparator, string> = { '>=': '<', '>': '≤', '<=': '>', '<': '≥', '==': '≠', between: 'outside' };

/** A number as a person would write it: at most four significant digits below 1000, whole above. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return String(Math.round(value));
  return String(Number(value.toPrecision(4)));
}

/**
 * A threshold with its unit (`0.80`, `150 ms`, `75 %`, `0.2–0.4`), written with as many decimals as the
 * value it is compared with, so `0.74 ≥ 0.70` reads as a person would write it.
 */
export function formatThreshold(threshold: number, unit?: string, upper?: number, alongside?: number): string {
  const digits = alongside === undefined ? 0 : decimals(formatNumber(alongside));
  const show = (n: number) => {
    const plain = formatNumber(n);
    return Math.abs(n) < 1000 && decimals(plain) < digits ? n.toFixed(Math.min(digits, 6)) : plain;
  };
  const bound = upper === undefined ? show(threshold) : `${show(threshold)}–${show(upper)}`;
  return unit ? `${bound} ${unit}` : bound;
}

function decimals(text: string): number {
  const dot = text.indexOf('.');
  return dot === -1 || /e/i.test(text) ? 0 : text.length - dot - 1;
}

/** `md5 9a7510d5c4d6…`: enough of a digest to tell two apart without printing either in full. */
export function abbreviateHash(algorithm: string, value: string): string {
  const shown = value.length > 12 ? `${value.slice(0, 12)}…` : value || '(empty)';
  return `${algorithm} ${shown}`;
}

/** `71d3b8e5c2a9` for a commit sha. */
export function abbreviateCommit(sha: string): string {
  return sha.trim().slice(0, 12);
}

/** `path:line` or `path`. */
export function location(path: string, line?: number): string {
  return line === undefined ? path : `${path}:${line}`;
}
