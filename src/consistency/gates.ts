// The same acceptance gate is often written in several places (criteria file, acceptance document, model
// card, retraining runbook). Gates with the same comparator and threshold whose metric names agree are one
// gate, compared once, with every place that states it kept for the evidence. Pure.
import { canonicalMetric, type EvaluationCriterion } from '../evaluation/index.js';

export interface Gate {
  /** The statement compared and cited first: a machine-readable criteria file wins over prose. */
  primary: EvaluationCriterion;
  /** Every statement of this gate, primary first. */
  statements: EvaluationCriterion[];
  /** Spellings of the metric across statements (tracker keys and names as written). */
  names: string[];
}

const FORMAT_ORDER: Readonly<Record<string, number>> = { 'criteria-file': 0, promptfoo: 1, 'lm-eval': 1, 'openai-evals': 1, 'eval-results': 2, markdown: 3, 'model-index': 4, 'great-expectations': 5 };

/** Groups gate statements: same comparator, threshold (and upper bound), and a shared metric spelling. */
export function groupGates(criteria: readonly EvaluationCriterion[]): Gate[] {
  const parent = criteria.map((_, index) => index);
  const find = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]];
    return index;
  };
  const firstByKey = new Map<string, number>();
  criteria.forEach((criterion, index) => {
    // A gate on one segment is not the same gate as the overall one with the same bar.
    const segment = criterion.dimension === 'segment' ? (criterion.slice?.toLowerCase() ?? '') : '';
    const bar = `${criterion.comparator}\0${criterion.thresholdValue}\0${criterion.upper ?? ''}\0${segment}`;
    for (const name of spellings(criterion)) {
      const key = `${bar}\0${name}`;
      const seen = firstByKey.get(key);
      if (seen === undefined) firstByKey.set(key, index);
      else parent[find(index)] = find(seen);
    }
  });
  const groups = new Map<number, EvaluationCriterion[]>();
  criteria.forEach((criterion, index) => {
    const root = find(index);
    const list = groups.get(root) ?? [];
    list.push(criterion);
    groups.set(root, list);
  });
  const gates = [...groups.values()].map((statements) => {
    const ordered = [...statements].sort(byAuthority);
    // The tracker key a criteria file names (`loggedAs`) is the most precise spelling: it goes first.
    const names = [...new Set(ordered.flatMap(spellings))];
    return { primary: ordered[0], statements: ordered, names };
  });
  return gates.sort((a, b) => byAuthority(a.primary, b.primary));
}

function byAuthority(a: EvaluationCriterion, b: EvaluationCriterion): number {
  return (FORMAT_ORDER[a.format] ?? 9) - (FORMAT_ORDER[b.format] ?? 9) || a.path.localeCompare(b.path) || a.line - b.line;
}

/** The gate names the tracker key it is logged under (criteria file `loggedAs`), not only a metric. */
export function namesTrackerKey(criterion: EvaluationCriterion): boolean {
  return criterion.metricKey !== canonicalMetric(criterion.metric);
}

function spellings(criterion: EvaluationCriterion): string[] {
  const written = canonicalMetric(criterion.metric);
  return criterion.metricKey === written ? [written] : [criterion.metricKey, written];
}
