// experiment-tracking's criteria read from a weak experiment log, when no tracker store holds runs: results
// committed as files (one per run or release) and results kept as notebook outputs. They show that models were
// tried and how they scored; they cannot show run ids, notes or a history a team can query. Pure: the collected
// results in, criterion values and what they lack out (the check turns those into findings).
import type { NotebookResults } from './notebook-results.js';
import type { ResultFiles, ResultRecord } from './result-files.js';

/** Tries it takes for full marks on runs-exist, as for a tracker's runs: a baseline, a contender and the chosen one. */
export const ENOUGH_TRIES = 3;
/**
 * Result files of runs or releases, or a tracker's runs table printed in a notebook (run ids with params and
 * metrics), earn at most half of what a tracker's runs earn, on what it can show: the tries, their
 * parameters and metrics, a recorded commit, that they reached a result, and for release records which model
 * was released. It never shows why a run was made (decisions stay 0).
 */
export const COMPARISON_CREDIT = 0.5;
/** Other results printed in notebook outputs (scores, reports, tables of configurations) earn less. */
export const NOTEBOOK_RUNS_CREDIT = 0.25;
export const NOTEBOOK_PARAMS_METRICS_CREDIT = 0.2;

export type WeakCriterion = 'runs-exist' | 'params-metrics' | 'code-version' | 'selected-model' | 'run-health';

export interface WeakShortfall {
  id: 'results-only-in-files' | 'results-only-in-notebooks';
  message: string;
  path: string;
}

export interface WeakEvidence {
  path: string;
  kind: string;
  note: string;
}

export interface WeakHistory {
  values: Record<WeakCriterion, number>;
  shortfalls: WeakShortfall[];
  evidence: WeakEvidence[];
  summary: string;
}

const EVIDENCE_LIMIT = 50;
const EXAMPLES = 3;

/** The weak log's criteria, the best of what the result files and the notebook outputs show. Null when neither holds results. */
export function judgeWeakHistory(files: ResultFiles, notebooks: NotebookResults): WeakHistory | null {
  const fromFiles = judgeResultFiles(files.records);
  const fromNotebooks = judgeNotebooks(notebooks);
  if (!fromFiles && !fromNotebooks) return null;
  const parts = [fromFiles, fromNotebooks].filter((part): part is WeakHistory => part !== null);
  const values = { 'runs-exist': 0, 'params-metrics': 0, 'code-version': 0, 'selected-model': 0, 'run-health': 0 };
  for (const part of parts) for (const key of Object.keys(values) as WeakCriterion[]) values[key] = Math.max(values[key], part.values[key]);
  return { values, shortfalls: parts.flatMap((part) => part.shortfalls), evidence: parts.flatMap((part) => part.evidence), summary: parts.map((part) => part.summary).join(' ') };
}

function judgeResultFiles(records: readonly ResultRecord[]): WeakHistory | null {
  if (records.length === 0) return null;
  const runs = [...new Set(records.map((record) => record.run))];
  const tries = runs.reduce((sum, run) => sum + Math.max(...records.filter((record) => record.run === run).map((record) => record.tries)), 0);
  const withParameters = runs.filter((run) => records.some((record) => record.run === run && record.withParameters));
  const withCommit = runs.filter((run) => records.some((record) => record.run === run && record.commit));
  const releases = records.filter((record) => record.release);
  const values = {
    'runs-exist': COMPARISON_CREDIT * Math.min(1, tries / ENOUGH_TRIES),
    'params-metrics': COMPARISON_CREDIT * (0.5 + 0.5 * (withParameters.length / runs.length)),
    'code-version': COMPARISON_CREDIT * (withCommit.length / runs.length),
    // The newest release record is the evaluation of the model that was released.
    'selected-model': releases.length ? COMPARISON_CREDIT : 0,
    'run-health': COMPARISON_CREDIT,
  };
  const evidence = records.slice(0, EVIDENCE_LIMIT).map((record) => ({
    path: record.path,
    kind: 'result-file',
    note: `${record.release ? 'release' : 'run'} ${record.identity}: ${record.tries > 1 ? `${record.tries} rows of ` : ''}${record.metrics.slice(0, 5).join(', ')}${record.metrics.length > 5 ? ', …' : ''}${record.withParameters ? ' · parameters recorded' : ''}${record.commit ? ` · commit ${record.commit.sha.slice(0, 7)} (${record.commit.path})` : ''}`,
  }));
  const missing = [
    'not in a tracker a team can query (no notes, no history of runs to compare)',
    ...(withParameters.length === 0 ? ['no parameters recorded next to the results'] : []),
    ...(withCommit.length === 0 ? ['no git commit recorded'] : []),
    ...(tries < ENOUGH_TRIES ? [`only ${tries} tr${tries === 1 ? 'y' : 'ies'}, so nothing to compare the result with`] : []),
  ];
  const kind = releases.length === records.length ? 'release record' : 'result file';
  const message = `Results are recorded only as committed ${kind}s: ${runs.length} ${releases.length === records.length ? 'release' : 'run'}(s), ${tries} tr${tries === 1 ? 'y' : 'ies'} (${examples(records.map((record) => record.path))}); ${missing.join('; ')}.`;
  return {
    values,
    shortfalls: [{ id: 'results-only-in-files', message, path: records[0].path }],
    evidence,
    summary: `Results only as committed ${kind}s (${runs.length} run(s), ${tries} tr${tries === 1 ? 'y' : 'ies'}${withCommit.length ? `, ${withCommit.length} with a commit` : ''}${releases.length ? ', release recorded' : ''}): a weak experiment log.`,
  };
}

function judgeNotebooks(found: NotebookResults): WeakHistory | null {
  const { results } = found;
  if (results.length === 0) return null;
  const evidence = results.slice(0, EVIDENCE_LIMIT).map((result) => ({ path: result.path, kind: 'notebook-result', note: `cell ${result.cell}: ${result.note}` }));
  const tries = results.reduce((sum, result) => sum + result.tries, 0);
  const notebooks = [...new Set(results.map((result) => result.path))];
  const withParameters = results.some((result) => result.withParameters);
  // A tracker's runs table printed (run ids with their params and metrics) is the tracker's own record of runs,
  // though its store is not delivered: credited as a committed comparison. Other outputs are the weaker tier.
  const printedRuns = results.filter((result) => result.runTable).sort((a, b) => b.tries - a.tries)[0];
  const table = printedRuns?.runTable;
  const values = table
    ? {
        'runs-exist': COMPARISON_CREDIT * Math.min(1, table.runs / ENOUGH_TRIES),
        'params-metrics': COMPARISON_CREDIT,
        'code-version': 0,
        'selected-model': 0,
        'run-health': table.finished > 0 ? COMPARISON_CREDIT : 0,
      }
    : { 'runs-exist': NOTEBOOK_RUNS_CREDIT * Math.min(1, tries / ENOUGH_TRIES), 'params-metrics': NOTEBOOK_PARAMS_METRICS_CREDIT * (withParameters ? 1 : 0.5), 'code-version': 0, 'selected-model': 0, 'run-health': 0 };
  const message = printedRuns
    ? `Results are recorded only as notebook outputs (${results.length} result output(s), ${tries} tr${tries === 1 ? 'y' : 'ies'}, in ${examples(notebooks)}): ${printedRuns.path} cell ${printedRuns.cell} prints ${printedRuns.tries} tracked run(s) with their params and metrics, but their store is not delivered, so the runs cannot be queried and show no notes, commits or selected model.`
    : `Results are recorded only as notebook outputs: no run ids, parameters or history a team can query (${results.length} result output(s), ${tries} tr${tries === 1 ? 'y' : 'ies'}, in ${examples(notebooks)}).`;
  return {
    values,
    shortfalls: [{ id: 'results-only-in-notebooks', message, path: printedRuns?.path ?? results[0].path }],
    evidence,
    summary: `Results only as outputs of ${notebooks.length} notebook(s) (${tries} tr${tries === 1 ? 'y' : 'ies'}${withParameters ? ', configurations named' : ''}${printedRuns ? `, a printed runs table of ${printedRuns.tries} run(s)` : ''}): a weak experiment log.`,
  };
}

function examples(paths: readonly string[]): string {
  const unique = [...new Set(paths)];
  return unique.slice(0, EXAMPLES).join(', ') + (unique.length > EXAMPLES ? `, and ${unique.length - EXAMPLES} more` : '');
}
