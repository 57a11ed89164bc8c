// Evaluation runs of LLM applications as their tools export them, each read into one shape (an EvalExport):
// - DeepEval test runs (`test_run_<YYYYMMDD_HHMMSS>.json` in the results folder, `.deepeval/.latest_run_full.json`,
//   `.deepeval/.latest_test_run.json` under `testRunData`): testCases[].metricsData[{name, threshold, success,
//   score}], metricsScores, hyperparameters, identifier, testPassed/testFailed (deepeval/test_run/test_run.py).
// - Langfuse dataset runs (public API GET /datasets/{name}/runs/{run}): name, description, metadata,
//   datasetName, createdAt, datasetRunItems, with scores [{name, value}] when the export joined them.
// - LangSmith experiments: the experiment (TracerSession: name, start_time, reference_dataset_id,
//   extra.metadata with revision_id, feedback_stats {key: {n, avg}}) or its runs as JSONL (feedback_stats, error).
// - Tables (CSV or Markdown): Ragas `to_pandas()` per-sample results (user_input/question with faithfulness,
//   answer_relevancy, context_precision … columns), LangSmith `feedback.<key>` columns, and a team's own
//   run-history table (one row per run: date, prompt/model version, metrics).
// Pure and bounded: parsed values in, typed runs out, null when the value is not the format.

import { finite, integer, isRecord, text } from './values.js';

export type EvalExportTool = 'deepeval' | 'langfuse' | 'langsmith' | 'ragas' | 'results-table' | 'eval-summary';

export interface EvalExport {
  tool: EvalExportTool;
  /** Run name or identifier as recorded. */
  name: string | null;
  /** ISO date or timestamp of the run. */
  timestamp: string | null;
  /** What the run was for, in the tool's own words (description, notes). */
  description: string | null;
  commit: string | null;
  /** Parameters the run records (model, prompt version, temperature, …). */
  parameters: Record<string, string>;
  /** Samples or test cases evaluated (rows of a per-sample table; 1 for a row of a run-history table). */
  cases: number;
  passed: number | null;
  failed: number | null;
  errors: number | null;
  /** Metric means over the cases (fractions for percentages). */
  metrics: Record<string, number>;
  /** Per-metric thresholds the tool applied (DeepEval metricsData threshold). */
  thresholds: Record<string, number>;
  /** Line of the row, for rows of a table. */
  line?: number;
}

/** What a table holds: several runs (one per row), one run of per-sample scores, or nothing recognised. */
export type EvalTableReading = { kind: 'runs'; runs: EvalExport[] } | { kind: 'samples'; run: EvalExport } | { kind: 'none' };

const MAX_CASES = 20_000;
const MAX_METRICS = 64;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const COMMIT_KEYS = ['revision_id', 'commit', 'git_commit', 'gitCommit', 'git_sha', 'sha', 'revision'];

/** LLM evaluation metrics by name (Ragas, DeepEval, judges, task metrics), as canonical keys. */
const LLM_METRICS = new Set([
  'faithfulness', 'answer_relevancy', 'answer_relevance', 'response_relevancy', 'context_precision', 'context_recall', 'context_relevancy',
  'context_relevance', 'context_entity_recall', 'context_utilization', 'answer_correctness', 'answer_similarity', 'semantic_similarity',
  'factual_correctness', 'noise_sensitivity', 'llm_context_precision_with_reference', 'llm_context_precision_without_reference',
  'non_llm_context_precision_with_reference', 'llm_context_recall', 'harmfulness', 'maliciousness', 'coherence', 'conciseness',
  'correctness', 'groundedness', 'relevance', 'relevancy', 'hallucination', 'toxicity', 'bias', 'contextual_precision',
  'contextual_recall', 'contextual_relevancy', 'citation_accuracy', 'citation_precision', 'citation_recall', 'answer_accuracy',
  'refusal_rate', 'handoff_rate', 'pass_rate', 'accuracy', 'exact_match', 'f1', 'bleu', 'rouge', 'rouge_l', 'helpfulness',
  'score', 'llm_rubric', 'g_eval', 'geval', 'task_completion', 'tool_correctness', 'summarization', 'json_correctness', 'latency',
  'latency_ms', 'cost', 'tokens',
]);
const SAMPLE_COLUMNS = /^(?:user_input|question|query|input|inputs?\..+|prompt|retrieved_contexts|contexts|response|answer|actual_output|outputs?\..+|reference|ground_truths?|expected_output|reference\..+|example_id)$/i;
const DATE_COLUMN = /^(?:date|day|timestamp|time|run date|run_date|created|created_at|start_time|evaluated|evaluated on|when)$/i;
const RUN_COLUMN = /\b(?:run|eval(?:uation)?|experiment|version|prompt|model|variant|candidate|config|template|release)\b/i;
const NOTE_COLUMN = /^(?:notes?|comments?|decision|why|reason|rationale|outcome|conclusion|description|change|remarks?)$/i;
const PASS_COUNT = /^(\d{1,7})\s*\/\s*(\d{1,7})(?:\s*(?:passed|pass|tests?|cases?))?$/i;

/** A DeepEval test run (full TestRun JSON, or the `.latest_test_run.json` wrapper), or null. */
export function readDeepevalTestRun(value: unknown): EvalExport | null {
  const run = isRecord(value) && isRecord(value.testRunData) ? value.testRunData : value;
  if (!isRecord(run) || !(Array.isArray(run.testCases) || Array.isArray(run.conversationalTestCases)) || !('metricsScores' in run || 'testPassed' in run || 'hyperparameters' in run || 'testFile' in run)) return null;
  const cases = [...(Array.isArray(run.testCases) ? run.testCases : []), ...(Array.isArray(run.conversationalTestCases) ? run.conversationalTestCases : [])].slice(0, MAX_CASES);
  const sums = new Map<string, { sum: number; n: number }>();
  const thresholds: Record<string, number> = {};
  let passed = 0;
  let failed = 0;
  let errors = 0;
  for (const testCase of cases) {
    if (!isRecord(testCase)) continue;
    const metrics = Array.isArray(testCase.metricsData) ? testCase.metricsData.slice(0, MAX_METRICS) : [];
    let errored = false;
    for (const metric of metrics) {
      if (!isRecord(metric)) continue;
      const name = key(metric.name);
      if (!name) continue;
      if (typeof metric.error === 'string' && metric.error) errored = true;
      const score = finite(metric.score);
      if (score !== null) add(sums, name, score);
      const threshold = finite(metric.threshold);
      if (threshold !== null && !(name in thresholds) && Object.keys(thresholds).length < MAX_METRICS) thresholds[name] = threshold;
    }
    if (errored) errors++;
    else if (testCase.success === true) passed++;
    else if (testCase.success === false) failed++;
  }
  // metricsScores holds every score of a metric; it stands in when the cases were not exported.
  if (sums.size === 0 && Array.isArray(run.metricsScores)) {
    for (const entry of run.metricsScores.slice(0, MAX_METRICS)) {
      if (!isRecord(entry) || !Array.isArray(entry.scores)) continue;
      const name = key(entry.metric);
      if (!name) continue;
      for (const score of entry.scores.slice(0, MAX_CASES)) if (finite(score) !== null) add(sums, name, score as number);
    }
  }
  const testPassed = integer(run.testPassed);
  const testFailed = integer(run.testFailed);
  return {
    tool: 'deepeval',
    name: text(run.identifier) ?? text(run.testFile),
    timestamp: null,
    description: null,
    commit: commitOf(run.hyperparameters),
    parameters: stringsOf(run.hyperparameters),
    cases: cases.length,
    passed: testPassed ?? (cases.length ? passed : null),
    failed: testFailed ?? (cases.length ? failed : null),
    errors: cases.length ? errors : null,
    metrics: means(sums),
    thresholds,
  };
}

const CONFIG_KEYS = ['config', 'configuration', 'params', 'parameters', 'hyperparameters', 'settings', 'metadata'];
const SAMPLE_KEYS = ['results', 'samples', 'rows', 'records', 'examples', 'items'];

/**
 * A team's own evaluation summary: one JSON object with top-level scores (`quality_score`, `faithfulness`,
 * `accuracy`), the configuration it ran (`config`, `params` …) and usually its per-sample results. Null
 * unless it has both a score and a configuration or a sample list (a bare `{"score": 1}` says nothing).
 */
export function readEvalSummary(value: unknown): EvalExport | null {
  if (!isRecord(value)) return null;
  const metrics: Record<string, number> = {};
  for (const [name, entry] of Object.entries(value).slice(0, 200)) {
    const metric = metricKeyOf(name);
    const number = finite(entry);
    if (metric && number !== null && Object.keys(metrics).length < MAX_METRICS && !UNSAFE_KEYS.has(metric)) metrics[metric] = number;
  }
  if (Object.keys(metrics).length === 0) return null;
  const configKey = CONFIG_KEYS.find((name) => isRecord(value[name]));
  const samplesKey = SAMPLE_KEYS.find((name) => Array.isArray(value[name]));
  if (!configKey && !samplesKey) return null;
  const config = configKey ? (value[configKey] as Record<string, unknown>) : {};
  const parameters = stringsOf(config);
  return {
    tool: 'eval-summary',
    name: text(config.experiment_name) ?? text(config.name) ?? text(value.experiment_name) ?? text(value.name) ?? text(value.run_name),
    timestamp: text(value.timestamp) ?? text(value.date) ?? text(config.timestamp) ?? text(config.date) ?? text(value.created_at),
    description: text(value.description) ?? text(config.description),
    commit: commitOf(config) ?? commitOf(value),
    parameters,
    cases: samplesKey ? Math.min((value[samplesKey] as unknown[]).length, MAX_CASES) : 0,
    passed: null,
    failed: null,
    errors: null,
    metrics,
    thresholds: {},
  };
}

/** A Langfuse dataset run as the public API returns it (with its items, and scores when joined), or null. */
export function readLangfuseDatasetRun(value: unknown): EvalExport | null {
  if (!isRecord(value) || !Array.isArray(value.datasetRunItems) || !(typeof value.datasetName === 'string' || typeof value.datasetId === 'string')) return null;
  const items = value.datasetRunItems.slice(0, MAX_CASES);
  const sums = new Map<string, { sum: number; n: number }>();
  const scoreLists = [value.scores, ...items.map((item) => (isRecord(item) ? item.scores : undefined))];
  for (const list of scoreLists) {
    if (!Array.isArray(list)) continue;
    for (const score of list.slice(0, MAX_METRICS)) {
      if (!isRecord(score)) continue;
      const name = key(score.name);
      const number = finite(score.value);
      if (name && number !== null) add(sums, name, number);
    }
  }
  return {
    tool: 'langfuse',
    name: text(value.name),
    timestamp: text(value.createdAt),
    description: text(value.description),
    commit: commitOf(value.metadata),
    parameters: stringsOf(value.metadata),
    cases: items.length,
    passed: null,
    failed: null,
    errors: null,
    metrics: means(sums),
    thresholds: {},
  };
}

/** A LangSmith experiment (the session with its feedback_stats), or its runs (array or JSONL lines), or null. */
export function readLangsmithExperiment(value: unknown): EvalExport | null {
  if (isRecord(value) && isRecord(value.feedback_stats) && ('reference_dataset_id' in value || 'run_count' in value || 'start_time' in value)) {
    const extra = isRecord(value.extra) ? value.extra : {};
    return {
      tool: 'langsmith',
      name: text(value.name),
      timestamp: text(value.start_time),
      description: text(value.description),
      commit: commitOf(extra.metadata),
      parameters: stringsOf(extra.metadata),
      cases: integer(value.run_count) ?? 0,
      passed: null,
      failed: null,
      errors: null,
      metrics: feedbackMeans([value.feedback_stats]),
      thresholds: {},
    };
  }
  const runs = Array.isArray(value) ? value.slice(0, MAX_CASES).filter(isRecord) : [];
  const evaluated = runs.filter((run) => isRecord(run.feedback_stats) && ('reference_example_id' in run || 'session_id' in run));
  if (evaluated.length === 0 || evaluated.length < runs.length / 2) return null;
  const first = evaluated[0];
  const extra = isRecord(first.extra) ? first.extra : {};
  const errors = evaluated.filter((run) => typeof run.error === 'string' && run.error).length;
  return {
    tool: 'langsmith',
    name: text(first.session_name) ?? text(first.session_id),
    timestamp: evaluated.map((run) => text(run.start_time)).filter((time): time is string => time !== null).sort()[0] ?? null,
    description: null,
    commit: commitOf(extra.metadata),
    parameters: stringsOf(extra.metadata),
    cases: evaluated.length,
    passed: null,
    failed: null,
    errors,
    metrics: feedbackMeans(evaluated.map((run) => run.feedback_stats)),
    thresholds: {},
  };
}

/**
 * A table of evaluation results: a run-history table (a date or a run/version column, and metric columns:
 * every row one run) or per-sample scores (sample columns such as question/user_input and metric columns:
 * the table is one run, Ragas or a LangSmith/Langfuse export). `rowLines` give each row's line.
 */
export function readEvalResultsTable(header: readonly string[], rows: readonly (readonly string[])[], rowLines: readonly number[] = []): EvalTableReading {
  const names = header.slice(0, 256).map(plainHeader);
  const metricColumns = names.map((name, index) => ({ name, index, metric: metricKeyOf(name) })).filter((column) => column.metric !== null && numericShare(rows, column.index) >= 0.5);
  if (metricColumns.length === 0) return { kind: 'none' };
  const sampleColumns = names.filter((name) => SAMPLE_COLUMNS.test(name)).length;
  const dateColumn = names.findIndex((name) => DATE_COLUMN.test(name));
  const runColumn = names.findIndex((name, index) => index !== dateColumn && RUN_COLUMN.test(name) && !metricColumns.some((column) => column.index === index));
  const noteColumn = names.findIndex((name) => NOTE_COLUMN.test(name));
  const ragas = metricColumns.some((column) => RAGAS.has(column.metric!));
  const langsmith = names.some((name) => /^feedback\./i.test(name));
  if (sampleColumns > 0 && dateColumn === -1) {
    const sums = new Map<string, { sum: number; n: number }>();
    let passed = 0;
    let failed = 0;
    for (const row of rows.slice(0, MAX_CASES)) {
      for (const column of metricColumns) {
        const cell = readCell(row[column.index] ?? '');
        if (cell?.kind === 'number') add(sums, column.metric!, cell.value);
        if (cell?.kind === 'pass') cell.pass ? passed++ : failed++;
      }
    }
    return {
      kind: 'samples',
      run: { tool: langsmith ? 'langsmith' : ragas ? 'ragas' : 'results-table', name: null, timestamp: null, description: null, commit: null, parameters: {}, cases: rows.length, passed: passed + failed ? passed : null, failed: passed + failed ? failed : null, errors: null, metrics: means(sums), thresholds: {} },
    };
  }
  if (dateColumn === -1 && runColumn === -1) return { kind: 'none' };
  const runs: EvalExport[] = [];
  rows.slice(0, MAX_CASES).forEach((row, index) => {
    const metrics: Record<string, number> = {};
    let passed: number | null = null;
    let failed: number | null = null;
    for (const column of metricColumns) {
      const cell = readCell(row[column.index] ?? '');
      if (cell?.kind === 'number') metrics[column.metric!] = cell.value;
      if (cell?.kind === 'count') [passed, failed] = [cell.passed, cell.total - cell.passed];
    }
    for (const cell of row.slice(0, 256)) {
      const count = PASS_COUNT.exec(cell.trim().slice(0, 60));
      if (count && passed === null && Number(count[1]) <= Number(count[2])) [passed, failed] = [Number(count[1]), Number(count[2]) - Number(count[1])];
    }
    if (Object.keys(metrics).length === 0 && passed === null) return;
    const parameters: Record<string, string> = {};
    names.forEach((name, column) => {
      if (column === dateColumn || column === noteColumn || metricColumns.some((metric) => metric.index === column) || UNSAFE_KEYS.has(name)) return;
      const cell = (row[column] ?? '').trim();
      if (cell && RUN_COLUMN.test(name) && Object.keys(parameters).length < 16) parameters[name.slice(0, 80)] = cell.slice(0, 200);
    });
    runs.push({
      tool: 'results-table',
      name: runColumn >= 0 ? text(row[runColumn]) : null,
      timestamp: dateColumn >= 0 ? text(row[dateColumn]) : null,
      description: noteColumn >= 0 ? text(row[noteColumn]) : null,
      commit: null,
      parameters,
      cases: 1,
      passed,
      failed,
      errors: null,
      metrics,
      thresholds: {},
      ...(rowLines[index] !== undefined ? { line: rowLines[index] } : {}),
    });
  });
  return runs.length ? { kind: 'runs', runs } : { kind: 'none' };
}

/** A documented pass count: a table row that says on which date which suite passed how many cases. */
export interface EvalClaim {
  date: string | null;
  passed: number;
  total: number;
  /** The cell as written. */
  text: string;
  /** The row's other cells, joined (what the claim is about). */
  subject: string;
  line?: number;
}

const CLAIM_COLUMN = /\b(?:eval(?:uation)?s?|results?|suite|tests?|pass(?:ed|es)?|runs?)\b/i;
const CLAIM_CELL = /(?<![\d.\/])(\d{1,6})\s*\/\s*(\d{1,6})(?![\d.\/])/;

/** Pass counts a table documents (`suite 24/24` in an "Evaluation run" column), to compare with the recorded runs. */
export function readEvalClaims(header: readonly string[], rows: readonly (readonly string[])[], rowLines: readonly number[] = []): EvalClaim[] {
  const names = header.slice(0, 256).map(plainHeader);
  const claimColumns = names.map((name, index) => (CLAIM_COLUMN.test(name) && !DATE_COLUMN.test(name) ? index : -1)).filter((index) => index >= 0);
  if (claimColumns.length === 0) return [];
  const dateColumn = names.findIndex((name) => DATE_COLUMN.test(name));
  const claims: EvalClaim[] = [];
  rows.slice(0, MAX_CASES).forEach((row, index) => {
    for (const column of claimColumns) {
      const cell = (row[column] ?? '').trim().slice(0, 200);
      const count = CLAIM_CELL.exec(cell);
      if (!count || Number(count[1]) > Number(count[2]) || Number(count[2]) === 0) continue;
      const subject = row.filter((_, other) => other !== column && other !== dateColumn).map((part) => part.trim()).filter(Boolean).join(' · ').slice(0, 200);
      claims.push({ date: dateColumn >= 0 ? text(row[dateColumn]) : null, passed: Number(count[1]), total: Number(count[2]), text: cell, subject, ...(rowLines[index] !== undefined ? { line: rowLines[index] } : {}) });
      break;
    }
  });
  return claims;
}

const PROSE_CLAIM = /\b(\d{1,5}) (?:of|out of) (\d{1,5}) (?:test )?(?:cases|tests|checks)? ?(?:passed|pass)\b|\bpassed (?:all )?(\d{1,5}) (?:of|out of) (\d{1,5})\b|\b(?:suite|run|eval(?:uation)?|tests|cases):? (\d{1,5}) ?\/ ?(\d{1,5})(?![\d.\/])/gi;
const DATE = /\b\d{4}-\d{2}-\d{2}\b/g;
const SUITE_WORDS = /\b(?:suite|eval(?:uation)?s?|run|promptfoo|test set|golden set|regression)\b/i;

/**
 * Pass counts a sentence documents with the date of the run (`24 of 24 cases passed in the suite run of
 * 2025-05-20`): the first date after the count (within a short distance), else the last one before it. A
 * count without a date in its sentence, or a sentence that names no evaluation, is not a claim.
 */
export function readProseClaims(text: string, line?: number): EvalClaim[] {
  const claims: EvalClaim[] = [];
  for (const sentence of text.slice(0, 20_000).split(/(?<=[.!?])\s+(?=[A-Z])/).slice(0, 200)) {
    if (!SUITE_WORDS.test(sentence)) continue;
    const dates = [...sentence.matchAll(DATE)].map((match) => ({ date: match[0], at: match.index ?? 0 }));
    if (dates.length === 0) continue;
    for (const match of sentence.matchAll(PROSE_CLAIM)) {
      const passed = Number(match[1] ?? match[3] ?? match[5]);
      const total = Number(match[2] ?? match[4] ?? match[6]);
      if (total === 0 || passed > total || claims.length >= 50) continue;
      const at = match.index ?? 0;
      const after = dates.find((date) => date.at > at && date.at - at - match[0].length <= 60);
      const before = [...dates].reverse().find((date) => date.at < at);
      const date = after ?? before;
      if (!date) continue;
      claims.push({ date: date.date, passed, total, text: match[0], subject: excerpt(sentence), ...(line !== undefined ? { line } : {}) });
    }
  }
  return claims;
}

/** A sentence cut at a word boundary, so evidence reads as text. */
function excerpt(sentence: string): string {
  const flat = sentence.replace(/\s+/g, ' ').trim();
  if (flat.length <= 160) return flat;
  const cut = flat.slice(0, 160);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 80))}…`;
}

function plainHeader(name: string): string {
  return name.slice(0, 200).replace(/[*`]/g, '').trim();
}

const RAGAS = new Set(['faithfulness', 'answer_relevancy', 'response_relevancy', 'context_precision', 'context_recall', 'context_entity_recall', 'answer_correctness', 'answer_similarity', 'semantic_similarity', 'factual_correctness', 'noise_sensitivity', 'llm_context_precision_with_reference', 'llm_context_precision_without_reference', 'llm_context_recall']);

/** The metric a column header names (`faithfulness`, `feedback.correctness`, `Pass rate`), or null. */
export function metricKeyOf(name: string): string | null {
  // Headers are short; a longer one is not a metric name (and the regexes below stay linear on it).
  const header = name.trim().slice(0, 120);
  const stripped = header.replace(/^feedback\./i, '').replace(/\((?:%|ms|s|0-1|mean|avg)\)\s*$/i, '').trimEnd();
  const words = trimUnderscores(stripped.toLowerCase().normalize('NFKC').replace(/[^a-z0-9]+/g, '_'));
  if (!words || words.length > 80) return null;
  if (/^feedback\./i.test(header)) return words;
  if (LLM_METRICS.has(words)) return words;
  if (/(?:^|_)(?:score|rate|accuracy|faithfulness|relevancy|relevance|precision|recall|correctness|groundedness|passed|pass)$/.test(words)) return words;
  return null;
}

type Cell = { kind: 'number'; value: number } | { kind: 'count'; passed: number; total: number } | { kind: 'pass'; pass: boolean };

function readCell(raw: string): Cell | null {
  const cell = raw.trim().replace(/\*\*/g, '');
  if (!cell || cell.length > 40) return null;
  const count = PASS_COUNT.exec(cell);
  if (count && Number(count[1]) <= Number(count[2])) return { kind: 'count', passed: Number(count[1]), total: Number(count[2]) };
  if (/^(?:true|pass(?:ed)?|✓|✅)$/i.test(cell)) return { kind: 'pass', pass: true };
  if (/^(?:false|fail(?:ed)?|✗|❌)$/i.test(cell)) return { kind: 'pass', pass: false };
  const number = /^(-?\d{1,9}(?:\.\d{1,9})?)\s*(%)?$/.exec(cell);
  if (!number) return null;
  const value = Number(number[1]);
  return { kind: 'number', value: number[2] ? value / 100 : value };
}

function numericShare(rows: readonly (readonly string[])[], column: number): number {
  let filled = 0;
  let readable = 0;
  for (const row of rows.slice(0, 200)) {
    const cell = (row[column] ?? '').trim();
    if (!cell || cell === '-' || cell === 'n/a') continue;
    filled++;
    if (readCell(cell)) readable++;
  }
  return filled ? readable / filled : 0;
}

function feedbackMeans(stats: readonly unknown[]): Record<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const entry of stats) {
    if (!isRecord(entry)) continue;
    for (const [name, stat] of Object.entries(entry).slice(0, MAX_METRICS)) {
      const metric = key(name);
      if (!metric || !isRecord(stat)) continue;
      const avg = finite(stat.avg);
      const n = integer(stat.n) ?? 1;
      if (avg !== null && n > 0) {
        const current = sums.get(metric) ?? { sum: 0, n: 0 };
        current.sum += avg * n;
        current.n += n;
        sums.set(metric, current);
      }
    }
  }
  return means(sums);
}

function add(sums: Map<string, { sum: number; n: number }>, name: string, value: number): void {
  if (!sums.has(name) && sums.size >= MAX_METRICS) return;
  const entry = sums.get(name) ?? { sum: 0, n: 0 };
  entry.sum += value;
  entry.n++;
  sums.set(name, entry);
}

function means(sums: Map<string, { sum: number; n: number }>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, { sum, n }] of sums) if (n > 0 && Number.isFinite(sum / n)) result[name] = sum / n;
  return result;
}

function key(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.trim().slice(0, 80);
  return name && !UNSAFE_KEYS.has(name) ? name : null;
}

function stringsOf(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!isRecord(value)) return result;
  for (const [name, entry] of Object.entries(value).slice(0, 32)) {
    if (UNSAFE_KEYS.has(name)) continue;
    const shown = typeof entry === 'string' ? entry : typeof entry === 'number' || typeof entry === 'boolean' ? String(entry) : isRecord(entry) && typeof entry.alias === 'string' ? entry.alias : null;
    if (shown !== null) result[name.slice(0, 80)] = shown.slice(0, 200);
  }
  return result;
}

function commitOf(value: unknown): string | null {
  if (!isRecord(value)) return null;
  for (const name of COMMIT_KEYS) {
    const found = text(value[name]);
    if (found) return found;
  }
  return null;
}


/** `_a_b_` → `a_b`, without a `_+$` pattern (quadratic on a long run of underscores followed by a letter). */
function trimUnderscores(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 95) start++;
  while (end > start && text.charCodeAt(end - 1) === 95) end--;
  return text.slice(start, end);
}
