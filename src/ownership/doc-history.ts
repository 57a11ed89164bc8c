// Documentation against the git timeline: is each document older than the code it describes (stale), and
// were documents written along the engagement or dumped at its end? Pure: dates in, verdicts out.
import type { CommitInfo, PathDates } from '../git/history.js';

const DAY = 86_400_000;

/** A document last changed this many days before the code it describes is stale. */
export const STALE_DAYS = 45;
/** Histories shorter than this (or with fewer than three commits) cannot show how docs grew. */
export const MIN_SPAN_DAYS = 14;
/** Documents first committed in the last tenth of the history count as written at the end. */
export const LATE_FRACTION = 0.9;

export interface DocDates {
  path: string;
  dates: PathDates;
  /** Code paths the document points at (resolved references); empty means "the code as a whole". */
  describes: readonly string[];
}

export interface StaleDoc {
  path: string;
  docLast: string;
  /**
   * `references`: the newest of the code files the document names. `newest-code`: the document names no code
   * file, so it was compared with the newest code change in the repository (which it may not describe).
   */
  basis: 'references' | 'newest-code';
  codePath: string;
  codeLast: string;
  lagDays: number;
}

export interface Freshness {
  judged: number;
  stale: StaleDoc[];
}

/** Each document against the newest change of the code it describes (or of all code). */
export function judgeFreshness(docs: readonly DocDates[], code: ReadonlyMap<string, PathDates>, staleDays = STALE_DAYS): Freshness {
  let newest: { path: string; last: string } | null = null;
  for (const [path, dates] of code) if (!newest || time(dates.last) > time(newest.last)) newest = { path, last: dates.last };
  const stale: StaleDoc[] = [];
  let judged = 0;
  for (const doc of docs) {
    let described: { path: string; last: string } | null = null;
    for (const path of doc.describes) {
      const dates = code.get(path);
      if (dates && (!described || time(dates.last) > time(described.last))) described = { path, last: dates.last };
    }
    const basis = described ? 'references' : 'newest-code';
    described ??= newest;
    if (!described) continue;
    judged++;
    const lagDays = (time(described.last) - time(doc.dates.last)) / DAY;
    if (lagDays > staleDays) stale.push({ path: doc.path, docLast: doc.dates.last, basis, codePath: described.path, codeLast: described.last, lagDays: Math.round(lagDays) });
  }
  return { judged, stale };
}

export interface Spread {
  start: string;
  end: string;
  spanDays: number;
  commits: number;
  /** Too short a history to tell (one squashed commit, a few days). */
  tooShort: boolean;
  /** The date after which a first commit counts as written at the end. */
  cutoff: string;
  /** Documents first committed after the cutoff. */
  late: Array<{ path: string; first: string }>;
  /** Share of documents first committed before the cutoff. */
  earlyShare: number;
  /** How many tenths of the history saw a document added or changed (from each document's first and last change). */
  deciles: number;
  firstDoc: string;
  lastDoc: string;
}

export function judgeSpread(docs: readonly DocDates[], commits: readonly CommitInfo[]): Spread | null {
  if (commits.length === 0 || docs.length === 0) return null;
  let start = Infinity;
  let end = -Infinity;
  for (const commit of commits) {
    const t = time(commit.date);
    if (t < start) start = t;
    if (t > end) end = t;
  }
  const span = end - start;
  const cutoff = start + LATE_FRACTION * span;
  const late: Array<{ path: string; first: string }> = [];
  const deciles = new Set<number>();
  let firstDoc = Infinity;
  let lastDoc = -Infinity;
  for (const doc of docs) {
    const first = time(doc.dates.first);
    const last = time(doc.dates.last);
    firstDoc = Math.min(firstDoc, first);
    lastDoc = Math.max(lastDoc, last);
    if (span > 0 && first >= cutoff) late.push({ path: doc.path, first: doc.dates.first });
    for (const t of [first, last]) deciles.add(span > 0 ? Math.min(9, Math.max(0, Math.floor(((t - start) / span) * 10))) : 9);
  }
  return {
    start: iso(start),
    end: iso(end),
    spanDays: Math.round(span / DAY),
    commits: commits.length,
    tooShort: commits.length < 3 || span < MIN_SPAN_DAYS * DAY,
    cutoff: iso(cutoff),
    late,
    earlyShare: (docs.length - late.length) / docs.length,
    deciles: deciles.size,
    firstDoc: iso(firstDoc),
    lastDoc: iso(lastDoc),
  };
}

/** 0..1: most documents predate the final tenth (0.6) and changes reach four or more tenths of the history (0.4). */
export function spreadValue(spread: Spread): number {
  return 0.6 * spread.earlyShare + 0.4 * Math.min(1, spread.deciles / 4);
}

function time(date: string): number {
  // Tolerates stray separators around the ISO date (git log -z output has ended in a NUL).
  const t = Date.parse(date.replace(/[^0-9T:+\-.Z]/g, ''));
  return Number.isFinite(t) ? t : 0;
}

function iso(t: number): string {
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : 'unknown';
}
