// experiment-tracking's criteria read for an LLM application: the runs are its prompt and model evaluations,
// their parameters the prompt and model they ran, the decisions the log entries that say which version was
// kept and why, the code version the prompt (or commit) a run names, the selected model the configuration a
// decision kept. Pure: the collected evaluations in, criterion values and what fell short out (the check
// turns those into findings with its own ids).
import { LOOKED_FOR, variantNamedBy, type EvalDecision, type EvalRun, type LlmEvaluations } from './llm-evaluations.js';

export interface HistoryShortfall {
  /** A finding id of experiment-tracking. */
  id: 'no-eval-history' | 'runs-missing-params' | 'runs-missing-metrics' | 'runs-without-notes' | 'no-eval-decisions' | 'runs-not-linked-to-code' | 'no-selected-model' | 'only-failed-runs' | 'malformed-file';
  message: string;
  path?: string;
  line?: number;
}

export interface HistoryEvidence {
  path: string;
  line?: number;
  kind: string;
  note: string;
}

export interface HistoryJudgement {
  values: Record<'runs-exist' | 'params-metrics' | 'decisions' | 'code-version' | 'selected-model' | 'run-health', number>;
  shortfalls: HistoryShortfall[];
  evidence: HistoryEvidence[];
  summary: string;
}

/** Evaluations it takes for full marks: a baseline, a contender and the one kept. */
export const ENOUGH_EVAL_RUNS = 3;
const DESCRIBED_TARGET = 0.5;
const LINKED_TARGET = 0.8;
const COMPLETED_TARGET = 0.3;
/** Only one configuration was ever evaluated: identifiable by construction, though no choice is written down. */
const ONLY_CONFIGURATION_VALUE = 0.8;
/** The kept configuration is named for an earlier run, not the newest. */
const EARLIER_RUN_VALUE = 0.8;
const EVIDENCE_LIMIT = 50;
const EXAMPLES = 3;

export function judgeLlmHistory(evaluations: LlmEvaluations): HistoryJudgement {
  const { runs, decisions } = evaluations;
  const shortfalls: HistoryShortfall[] = evaluations.problems.map((problem) => ({ id: 'malformed-file', message: `Evaluation result ${problem.path}: ${problem.message}`, path: problem.path, ...(problem.line ? { line: problem.line } : {}) }));
  const evidence: HistoryEvidence[] = runs.slice(0, EVIDENCE_LIMIT).map(describeRun);
  if (runs.length > EVIDENCE_LIMIT) evidence.push({ path: runs[EVIDENCE_LIMIT].path, kind: 'llm-eval-run', note: `…and ${runs.length - EVIDENCE_LIMIT} more evaluation run(s)` });
  const reasoned = decisions.filter((decision) => decision.choice && decision.reason && decision.kept.length > 0);
  for (const decision of reasoned.slice(0, EVIDENCE_LIMIT)) evidence.push({ path: decision.path, line: decision.line, kind: 'eval-decision', note: `${decision.date ?? 'undated'}: keeps ${decision.kept.slice(0, 3).join(', ')} — ${decision.excerpt}` });

  if (runs.length === 0) {
    shortfalls.push({ id: 'no-eval-history', message: `No record of prompt or model evaluations found (${evaluations.examined} candidate file(s) read). Looked for ${LOOKED_FOR}.` });
    const zero = { 'runs-exist': 0, 'params-metrics': 0, decisions: 0, 'code-version': 0, 'selected-model': 0, 'run-health': 0 };
    return { values: zero, shortfalls, evidence, summary: 'No record of prompt or model evaluations.' };
  }

  const completed = runs.filter((run) => run.completed);
  const runsExist = Math.min(1, completed.length / ENOUGH_EVAL_RUNS);

  const withParams = runs.filter(hasParameters);
  const withMetrics = runs.filter(hasMetrics);
  const paramsMetrics = (withParams.length + withMetrics.length) / (2 * runs.length);
  const noParams = runs.filter((run) => !hasParameters(run));
  const noMetrics = runs.filter((run) => !hasMetrics(run));
  if (noParams.length) shortfalls.push({ id: 'runs-missing-params', message: `${noParams.length} of ${runs.length} evaluation run(s) record neither the prompt version nor the model they ran: ${examples(noParams)}.`, ...at(noParams[0]) });
  if (noMetrics.length) shortfalls.push({ id: 'runs-missing-metrics', message: `${noMetrics.length} of ${runs.length} evaluation run(s) record no pass count or metric: ${examples(noMetrics)}.`, ...at(noMetrics[0]) });

  // Decisions: log entries that say what was kept and why (one per comparison made), and runs that say what they were for.
  const comparisons = Math.max(1, runs.filter((run) => run.variants.length > 1).length);
  const logShare = Math.min(1, reasoned.length / comparisons);
  const decidedDays = new Set(reasoned.map((decision) => decision.date).filter((date): date is string => date !== null));
  const described = runs.filter((run) => (run.description !== null && run.description.split(/\s+/).length >= 4) || (run.date !== null && decidedDays.has(run.date)));
  const decisionsValue = 0.6 * logShare + 0.4 * Math.min(1, described.length / runs.length / DESCRIBED_TARGET);
  if (reasoned.length === 0) {
    const loose = decisions.filter((decision) => decision.choice);
    shortfalls.push({
      id: 'no-eval-decisions',
      message: `${runs.length} evaluation run(s), but no decision log says which prompt or model version was kept and why${loose.length ? ` (${loose.length} entr${loose.length === 1 ? 'y names' : 'ies name'} a choice without a version and a reason, e.g. ${loose[0].path}:${loose[0].line})` : ' (looked for a decision log next to the results, prompt or eval change logs, and ADRs about prompts or models)'}.`,
      ...(loose[0] ? { path: loose[0].path, line: loose[0].line } : {}),
    });
  }
  const silent = runs.filter((run) => !described.includes(run));
  if (described.length / runs.length < DESCRIBED_TARGET && silent.length) {
    shortfalls.push({ id: 'runs-without-notes', message: `${silent.length} of ${runs.length} evaluation run(s) say nothing about what they tested (no description, no decision entry of that day): ${examples(silent)}.`, ...at(silent[0]) });
  }

  // Code version: a run names the prompt and the model it ran, or the commit.
  const linked = runs.filter(linksCode);
  const codeVersion = Math.min(1, linked.length / runs.length / LINKED_TARGET);
  if (linked.length / runs.length < LINKED_TARGET) {
    const unlinked = runs.filter((run) => !linksCode(run));
    shortfalls.push({ id: 'runs-not-linked-to-code', message: `${unlinked.length} of ${runs.length} evaluation run(s) name neither the prompt and model they ran nor a commit: ${examples(unlinked)}.`, ...at(unlinked[0]) });
  }

  const selection = judgeSelected(runs, decisions, evidence, shortfalls);

  const health = completed.length === 0 ? 0 : Math.min(1, completed.length / runs.length / COMPLETED_TARGET);
  if (completed.length === 0) shortfalls.push({ id: 'only-failed-runs', message: `None of the ${runs.length} evaluation run(s) reached a verdict: every case errored or no result was recorded.`, ...at(runs[0]) });

  const newest = runs[runs.length - 1];
  const tools = [...new Set(runs.map((run) => run.tool))].join(', ');
  const summary = `${runs.length} evaluation run(s) (${tools})${newest.date ? `, newest ${newest.date}` : ''}; ${reasoned.length} decision(s) logged with a reason; ${selection.summary}.`;
  return { values: { 'runs-exist': runsExist, 'params-metrics': paramsMetrics, decisions: decisionsValue, 'code-version': codeVersion, 'selected-model': selection.value, 'run-health': health }, shortfalls, evidence, summary };
}

function judgeSelected(runs: readonly EvalRun[], decisions: readonly EvalDecision[], evidence: HistoryEvidence[], shortfalls: HistoryShortfall[]): { value: number; summary: string } {
  const newestFirst = [...runs].reverse();
  for (const [index, run] of newestFirst.entries()) {
    const named = variantNamedBy(run, decisions);
    if (!named) continue;
    const what = `${named.variant.label}${named.variant.provider ? ` on ${named.variant.provider}` : ''}`;
    evidence.push({ path: named.decision.path, line: named.decision.line, kind: 'selected-model', note: `${what}: kept by the decision of ${named.decision.date ?? 'undated'}, evaluated in ${run.path}${run.date ? ` (${run.date})` : ''}` });
    if (index === 0) return { value: 1, summary: `kept configuration ${what}` };
    return { value: EARLIER_RUN_VALUE, summary: `kept configuration ${what} (named for an earlier run than the newest)` };
  }
  const configurations = new Set(runs.flatMap((run) => run.variants.map((variant) => `${variant.label}\0${variant.provider ?? ''}`)));
  if (configurations.size === 1) {
    const run = runs[runs.length - 1];
    evidence.push({ path: run.path, kind: 'selected-model', note: `${run.variants[0].label}: the only configuration ever evaluated (no decision names it)` });
    return { value: ONLY_CONFIGURATION_VALUE, summary: 'one configuration evaluated' };
  }
  shortfalls.push({
    id: 'no-selected-model',
    message: `${configurations.size} prompt × model configurations were evaluated, but no decision names the one that ships${decisions.length ? ` (${decisions.length} decision entr${decisions.length === 1 ? 'y' : 'ies'} read, none naming a configuration of the runs)` : ''}.`,
    ...at(runs[runs.length - 1]),
  });
  return { value: 0, summary: 'no kept configuration named' };
}

function hasParameters(run: EvalRun): boolean {
  return run.parameters.length > 0 || run.variants.some((variant) => variant.provider !== null);
}

function hasMetrics(run: EvalRun): boolean {
  return run.variants.some((variant) => variant.passed !== null || Object.keys(variant.metrics).length > 0);
}

function linksCode(run: EvalRun): boolean {
  if (run.commit !== null) return true;
  return run.variants.some((variant) => variant.provider !== null && (variant.raw !== null || variant.prompt !== null));
}

function describeRun(run: EvalRun): HistoryEvidence {
  const variants = run.variants
    .slice(0, 4)
    .map((variant) => {
      const total = variant.passed !== null ? variant.passed + (variant.failed ?? 0) + (variant.errors ?? 0) : null;
      const metrics = Object.entries(variant.metrics)
        .filter(([key]) => key !== 'pass rate')
        .slice(0, 3)
        .map(([key, value]) => `${key} ${Math.round(value * 1000) / 1000}`)
        .join(', ');
      return `${variant.label}${variant.provider ? ` on ${variant.provider}` : ''}${total !== null ? ` ${variant.passed}/${total} passed` : ''}${metrics ? ` (${metrics})` : ''}`;
    })
    .join('; ');
  return { path: run.path, ...(run.line !== undefined ? { line: run.line } : {}), kind: 'llm-eval-run', note: `${run.tool} ${run.name ?? 'run'}${run.date ? ` ${run.date}` : ''} · ${run.cases} case(s) · ${variants}${run.variants.length > 4 ? `; and ${run.variants.length - 4} more` : ''}` };
}

function examples(runs: readonly EvalRun[]): string {
  return runs.slice(0, EXAMPLES).map((run) => (run.line !== undefined ? `${run.path}:${run.line}` : run.path)).join(', ') + (runs.length > EXAMPLES ? `, and ${runs.length - EXAMPLES} more` : '');
}

function at(run: EvalRun | undefined): { path?: string; line?: number } {
  if (!run) return {};
  return { path: run.path, ...(run.line !== undefined ? { line: run.line } : {}) };
}

