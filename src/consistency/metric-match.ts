// Matching a criterion's metric with the keys a tracker logged: `PR-AUC` with `pr_auc`, `val/pr_auc`,
// `test_pr_auc`; `Recall @ 0.35` with `recall`. Split words (val, test, holdout) and qualifiers (final,
// best) are peeled off the logged key and used only to choose between several candidates. Pure.
import { canonicalMetric } from '../formats/metric-names.js';

export type Split = 'test' | 'validation' | 'train';

/** A logged metric of the selected model. */
export interface LoggedMetric {
  /** The key as the tracker wrote it. */
  key: string;
  value: number;
  /** Where the value was read (metric history file, summary file, database). */
  path: string;
}

/** How a logged key was matched: the same name, the same name with a split or qualifier, or a similar name. */
export type MatchKind = 'exact' | 'split' | 'similar';

export interface MetricMatch {
  logged: LoggedMetric;
  how: MatchKind;
}

interface NormalisedName {
  /** Canonical metric key without split words and qualifiers. */
  metric: string;
  split: Split | null;
}

const SPLIT_WORDS: Readonly<Record<string, Split>> = {
  test: 'test',
  testing: 'test',
  holdout: 'test',
  oot: 'test',
  eval: 'test',
  evaluation: 'test',
  val: 'validation',
  valid: 'validation',
  validation: 'validation',
  dev: 'validation',
  train: 'train',
  training: 'train',
};
const QUALIFIERS = new Set(['final', 'best', 'last', 'overall', 'metrics', 'metric']);
const MAX_KEY = 200;
/** Logged keys considered per run; a summary with more is judged on the first ones. */
const MAX_LOGGED = 5000;

/** Canonical metric and split of a name (`val/PR-AUC` -> pr_auc, validation). */
export function normaliseMetricName(name: string): NormalisedName {
  const segments = name.slice(0, MAX_KEY).toLowerCase().split('/').filter(Boolean);
  let split: Split | null = null;
  const last = segments.pop() ?? '';
  for (const segment of segments) split ??= SPLIT_WORDS[segment] ?? null;
  // The last segment may still carry an operating point ("recall @ 0.35"): canonicalMetric drops it.
  const words = canonicalMetric(last).split('_').filter(Boolean);
  let start = 0;
  let end = words.length;
  while (end - start > 1 && (SPLIT_WORDS[words[start]] || QUALIFIERS.has(words[start]))) split ??= SPLIT_WORDS[words[start++]] ?? null;
  while (end - start > 1 && (SPLIT_WORDS[words[end - 1]] || QUALIFIERS.has(words[end - 1]))) split ??= SPLIT_WORDS[words[--end]] ?? null;
  return { metric: canonicalMetric(words.slice(start, end).join('_')), split };
}

/** The split a criterion names (`test`, `holdout`, `validation`), null for anything else (`replay`). */
export function splitOf(text: string | undefined): Split | null {
  if (!text) return null;
  const lower = text.toLowerCase();
  if (/\b(?:test|holdout|hold-out|oot|out-of-time)\b/.test(lower)) return 'test';
  if (/\b(?:val|valid|validation|dev)\b/.test(lower)) return 'validation';
  if (/\btrain(?:ing)?\b/.test(lower)) return 'train';
  return null;
}

/**
 * The logged metric a gate is measured by. `names` are the gate's spellings (the tracker key it names,
 * the metric as written); `split` the split it is measured on; `trackerKey` the key a criteria file names. Training-split keys never answer an
 * evaluation gate. A similar name (all words of the shorter, at least two, inside the longer) is used only
 * when it is the one candidate.
 */
export function matchLoggedMetric(names: readonly string[], split: Split | null, logged: readonly LoggedMetric[], trackerKey?: string): MetricMatch | null {
  const prepared = prepare(logged);
  // The key the criteria file names (`loggedAs`) is the vendor's own answer: it wins when it was logged.
  if (trackerKey !== undefined) {
    const wantedKey = canonicalMetric(trackerKey);
    const named = prepared.find((entry) => entry.exact === wantedKey);
    if (named) return { logged: named.entry, how: 'exact' };
  }
  const wanted = names.map(normaliseMetricName);
  const exactKeys = new Set(names.map((name) => canonicalMetric(name)));
  const candidates: Array<{ logged: LoggedMetric; rank: number; how: MatchKind }> = [];
  for (const { entry, name, exact } of prepared) {
    if (exactKeys.has(exact)) {
      // A key spelled exactly like the gate; a split it carries was chosen on purpose.
      candidates.push({ logged: entry, rank: name.split === null ? splitRank(null, split) : 0, how: 'exact' });
      continue;
    }
    const same = wanted.find((want) => want.metric === name.metric && (want.split === null || want.split === name.split));
    if (!same) continue;
    const target = same.split ?? split;
    if (name.split === 'train' && target !== 'train') continue;
    candidates.push({ logged: entry, rank: splitRank(name.split, target), how: name.split === null ? 'exact' : 'split' });
  }
  if (candidates.length > 0) {
    candidates.sort((a, b) => a.rank - b.rank || a.logged.key.localeCompare(b.logged.key));
    return { logged: candidates[0].logged, how: candidates[0].how };
  }
  return similarMatch(wanted.map((want) => want.metric), split, prepared);
}

interface PreparedMetric {
  entry: LoggedMetric;
  name: NormalisedName;
  /** canonicalMetric of the key as written. */
  exact: string;
  words: string[];
}

/** Logged keys are normalised once per list, however many gates ask (a W&B summary can hold thousands). */
const preparedLists = new WeakMap<readonly LoggedMetric[], PreparedMetric[]>();

function prepare(logged: readonly LoggedMetric[]): PreparedMetric[] {
  let prepared = preparedLists.get(logged);
  if (!prepared) {
    prepared = logged.slice(0, MAX_LOGGED).map((entry) => {
      const name = normaliseMetricName(entry.key);
      return { entry, name, exact: canonicalMetric(entry.key), words: wordsOf(name.metric) };
    });
    preparedLists.set(logged, prepared);
  }
  return prepared;
}

/** Lower is better: the gate's own split, then an unqualified key, then test-like, then validation. */
function splitRank(found: Split | null, target: Split | null): number {
  if (target !== null && found === target) return 1;
  if (found === null) return 2;
  if (found === 'test') return 3;
  if (found === 'validation') return 4;
  return 5;
}

const FILLER = new Set(['at', 'of', 'across', 'by', 'on', 'in', 'the', 'per', 'and']);

function wordsOf(metric: string): string[] {
  return [...new Set(metric.split('_').filter((word) => word && !FILLER.has(word)))];
}

function similarMatch(metrics: readonly string[], split: Split | null, logged: readonly PreparedMetric[]): MetricMatch | null {
  const found = new Map<string, LoggedMetric>();
  for (const { entry, name, words } of logged) {
    if (name.split === 'train' && split !== 'train') continue;
    for (const metric of metrics) {
      const other = wordsOf(metric);
      // Same head word: `false_positive_rate` is inside `recall_at_1_false_positive_rate` but is not it.
      if (words[0] !== other[0]) continue;
      const [small, large] = words.length <= other.length ? [words, new Set(other)] : [other, new Set(words)];
      if (small.length >= 2 && small.every((word) => large.has(word))) found.set(entry.key, entry);
    }
  }
  if (found.size !== 1) return null;
  return { logged: [...found.values()][0], how: 'similar' };
}
