// promptfoo result files (`promptfoo eval --output results.json|.yaml|.csv`): one evaluation run with its
// evalId, timestamp, the prompt × provider columns it compared (CompletedPrompt: raw, label, provider,
// metrics) and the per-case results with their graded assertions. Reference: promptfoo.dev/docs/configuration/outputs
// and the EvaluateSummaryV2/V3 types (results.{version, timestamp, prompts, results[], stats}).
import { finite, integer, isRecord, text } from './values.js';
import type { CsvTable } from './csv.js';

/** One assertion type of one prompt column, over every case that ran it. */
export interface PromptfooAssertionStats {
  type: string;
  metric?: string;
  threshold?: number;
  cases: number;
  passed: number;
  /** Scores graded for it (0..1 for model-graded and similarity assertions). */
  minScore: number | null;
  meanScore: number | null;
}

/** One column of the eval table: a prompt run through one provider. */
export interface PromptfooVariant {
  label: string;
  /** The provider as the column shows it (its label, else its id). */
  provider: string | null;
  /** The provider id the cases ran on (`bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0`), from the results. */
  providerId: string | null;
  /** promptfoo's hash of the prompt, the same across evals for the same text. */
  promptId: string | null;
  /** The prompt text as evaluated (capped), to compare with the prompt delivered. */
  raw: string | null;
  passed: number | null;
  failed: number | null;
  errors: number | null;
  /** Named metrics (`metric:` on assertions), averaged over the cases that report them. */
  namedScores: Record<string, number>;
  assertions: PromptfooAssertionStats[];
  maxLatencyMs: number | null;
  maxCost: number | null;
}

export interface PromptfooRun {
  evalId: string | null;
  /** ISO timestamp of the run (results.timestamp, else metadata.evaluationCreatedAt / createdAt). */
  timestamp: string | null;
  /** config.description: what the run was for. */
  description: string | null;
  author: string | null;
  /** A git commit the run records (config.metadata or config.tags `commit`, `git_commit`, `revision`). */
  commit: string | null;
  /** Provider ids named in config, the run's parameters. */
  providers: string[];
  /** Where the prompts came from, as config names them (`file://../prompts/answer.j2`). */
  promptSources: string[];
  variants: PromptfooVariant[];
  stats: { successes: number; failures: number; errors: number } | null;
  /** Per-case results read (prompt × test). */
  cases: number;
}

const MAX_VARIANTS = 64;
const MAX_RESULTS = 20_000;
const MAX_COMPONENTS = 64;
const MAX_RAW = 64 * 1024;
const MAX_TEXT = 500;
/** Names that would reach an object's prototype if used as keys. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const COMMIT_KEYS = ['commit', 'git_commit', 'gitCommit', 'git-commit', 'revision', 'revision_id', 'sha', 'git_sha'];

/** A parsed JSON or YAML value shaped like a promptfoo output file. */
export function isPromptfooResults(value: unknown): boolean {
  if (!isRecord(value) || !isRecord(value.results)) return false;
  const summary = value.results;
  return (Array.isArray(summary.results) || isRecord(summary.stats)) && ('evalId' in value || 'config' in value || typeof summary.version === 'number');
}

/** The run in a parsed promptfoo output file, or null when the value is not one. */
export function readPromptfooResults(value: unknown): PromptfooRun | null {
  if (!isPromptfooResults(value)) return null;
  const file = value as Record<string, unknown>;
  const summary = file.results as Record<string, unknown>;
  const config = isRecord(file.config) ? file.config : {};
  const metadata = isRecord(file.metadata) ? file.metadata : {};
  const table = isRecord(summary.table) && isRecord(summary.table.head) ? summary.table.head : {};
  const promptList = Array.isArray(summary.prompts) ? summary.prompts : Array.isArray(table.prompts) ? table.prompts : Array.isArray(file.prompts) ? file.prompts : [];
  const variants = promptList.slice(0, MAX_VARIANTS).map((prompt, index) => variantOf(prompt, index));
  const results = Array.isArray(summary.results) ? summary.results.slice(0, MAX_RESULTS) : [];
  const tally = variants.map(() => ({ passed: 0, failed: 0, errors: 0, seen: false, assertions: new Map<string, { stats: PromptfooAssertionStats; sum: number; scored: number }>(), named: new Map<string, { sum: number; n: number }>() }));
  for (const result of results) {
    if (!isRecord(result)) continue;
    const index = integer(result.promptIdx);
    if (index === null || index < 0) continue;
    if (index >= variants.length) {
      // A results list without its prompts (hand-trimmed file): make the columns from the results.
      if (variants.length >= MAX_VARIANTS || index !== variants.length) continue;
      variants.push(variantOf(result.prompt ?? {}, index, result.provider));
      tally.push({ passed: 0, failed: 0, errors: 0, seen: false, assertions: new Map(), named: new Map() });
    }
    const variant = variants[index];
    const count = tally[index];
    count.seen = true;
    if (variant.providerId === null) variant.providerId = isRecord(result.provider) ? text(result.provider.id) : text(result.provider);
    const errored = result.failureReason === 2 || (typeof result.error === 'string' && result.error.length > 0 && result.success !== true);
    if (result.success === true) count.passed++;
    else if (errored) count.errors++;
    else if (result.success === false) count.failed++;
    const latency = finite(result.latencyMs);
    if (latency !== null) variant.maxLatencyMs = Math.max(variant.maxLatencyMs ?? 0, latency);
    const cost = finite(result.cost);
    if (cost !== null) variant.maxCost = Math.max(variant.maxCost ?? 0, cost);
    if (isRecord(result.namedScores)) {
      for (const [name, score] of Object.entries(result.namedScores).slice(0, MAX_COMPONENTS)) {
        const value = finite(score);
        if (value === null || UNSAFE_KEYS.has(name)) continue;
        const entry = count.named.get(name) ?? { sum: 0, n: 0 };
        entry.sum += value;
        entry.n++;
        count.named.set(name, entry);
      }
    }
    const grading = isRecord(result.gradingResult) ? result.gradingResult : null;
    const components = grading && Array.isArray(grading.componentResults) ? grading.componentResults.slice(0, MAX_COMPONENTS) : [];
    for (const component of components) {
      if (!isRecord(component) || !isRecord(component.assertion) || typeof component.assertion.type !== 'string') continue;
      const assertion = component.assertion;
      const type = (assertion.type as string).slice(0, 80);
      const metric = typeof assertion.metric === 'string' ? assertion.metric.slice(0, 80) : undefined;
      const threshold = finite(assertion.threshold);
      const key = `${type}\0${metric ?? ''}\0${threshold ?? ''}`;
      let entry = count.assertions.get(key);
      if (!entry) {
        entry = { stats: { type, ...(metric ? { metric } : {}), ...(threshold !== null ? { threshold } : {}), cases: 0, passed: 0, minScore: null, meanScore: null }, sum: 0, scored: 0 };
        count.assertions.set(key, entry);
      }
      entry.stats.cases++;
      if (component.pass === true) entry.stats.passed++;
      const score = finite(component.score);
      if (score !== null) {
        entry.sum += score;
        entry.scored++;
        entry.stats.minScore = entry.stats.minScore === null ? score : Math.min(entry.stats.minScore, score);
      }
    }
  }
  variants.forEach((variant, index) => {
    const count = tally[index];
    if (count.seen) {
      variant.passed = count.passed;
      variant.failed = count.failed;
      variant.errors = count.errors;
    }
    for (const entry of count.assertions.values()) variant.assertions.push({ ...entry.stats, meanScore: entry.scored ? entry.sum / entry.scored : null });
    for (const [name, entry] of count.named) if (!(name in variant.namedScores)) variant.namedScores[name] = entry.sum / entry.n;
  });
  const stats = isRecord(summary.stats) ? summary.stats : null;
  const successes = stats ? integer(stats.successes) : null;
  const failures = stats ? integer(stats.failures) : null;
  return {
    evalId: text(file.evalId) ?? text(file.id),
    timestamp: text(summary.timestamp) ?? text(metadata.evaluationCreatedAt) ?? text(file.createdAt) ?? text(metadata.exportedAt),
    description: text(config.description),
    author: text(file.author) ?? text(metadata.author),
    commit: commitOf(config.metadata) ?? commitOf(config.tags) ?? commitOf(metadata),
    providers: providerIds(config.providers ?? config.targets),
    promptSources: promptSources(config.prompts),
    variants,
    stats: successes !== null && failures !== null ? { successes, failures, errors: (stats && integer(stats.errors)) ?? 0 } : null,
    cases: results.length,
  };
}

/**
 * A promptfoo CSV export: one column per prompt × provider whose cells start with [PASS], [FAIL] or [ERROR]
 * (the other columns are the test's variables). Null when no column reads that way.
 */
export function readPromptfooCsv(table: CsvTable): PromptfooRun | null {
  const variants: PromptfooVariant[] = [];
  table.header.slice(0, 256).forEach((name, column) => {
    let passed = 0;
    let failed = 0;
    let errors = 0;
    for (const row of table.rows) {
      const cell = (row[column] ?? '').trimStart();
      if (cell.startsWith('[PASS]')) passed++;
      else if (cell.startsWith('[FAIL]')) failed++;
      else if (cell.startsWith('[ERROR]')) errors++;
    }
    const graded = passed + failed + errors;
    if (graded === 0 || graded < table.rows.length / 2 || variants.length >= MAX_VARIANTS) return;
    const provider = /^\[([^\]]{1,200})\]/.exec(name)?.[1] ?? null;
    variants.push({ ...emptyVariant(name.slice(0, MAX_TEXT) || `column ${column + 1}`), provider, providerId: provider, passed, failed, errors });
  });
  if (variants.length === 0) return null;
  const sum = (pick: (variant: PromptfooVariant) => number | null) => variants.reduce((n, variant) => n + (pick(variant) ?? 0), 0);
  return {
    evalId: null,
    timestamp: null,
    description: null,
    author: null,
    commit: null,
    providers: [...new Set(variants.map((variant) => variant.provider).filter((id): id is string => id !== null))],
    promptSources: [],
    variants,
    stats: { successes: sum((v) => v.passed), failures: sum((v) => v.failed), errors: sum((v) => v.errors) },
    cases: table.rows.length * variants.length,
  };
}

function emptyVariant(label: string): PromptfooVariant {
  return { label, provider: null, providerId: null, promptId: null, raw: null, passed: null, failed: null, errors: null, namedScores: {}, assertions: [], maxLatencyMs: null, maxCost: null };
}

function variantOf(prompt: unknown, index: number, provider?: unknown): PromptfooVariant {
  const record = isRecord(prompt) ? prompt : {};
  const raw = typeof record.raw === 'string' ? record.raw.slice(0, MAX_RAW) : null;
  const label = text(record.label) ?? text(record.display) ?? (raw ? raw.slice(0, 80) : `prompt ${index + 1}`);
  const variant = emptyVariant(label);
  variant.raw = raw;
  variant.promptId = text(record.id);
  variant.provider = text(record.provider) ?? (isRecord(provider) ? text(provider.id) : text(provider));
  const metrics = isRecord(record.metrics) ? record.metrics : null;
  if (metrics) {
    variant.passed = integer(metrics.testPassCount);
    variant.failed = integer(metrics.testFailCount);
    variant.errors = integer(metrics.testErrorCount);
    const named = isRecord(metrics.namedScores) ? metrics.namedScores : {};
    const counts = isRecord(metrics.namedScoresCount) ? metrics.namedScoresCount : {};
    for (const [name, sum] of Object.entries(named).slice(0, MAX_COMPONENTS)) {
      const total = finite(sum);
      const n = finite(counts[name]);
      if (UNSAFE_KEYS.has(name)) continue;
      // namedScores are sums over cases; namedScoresCount says over how many.
      if (total !== null) variant.namedScores[name.slice(0, 80)] = n !== null && n > 0 ? total / n : total;
    }
  }
  return variant;
}

function commitOf(value: unknown): string | null {
  if (!isRecord(value)) return null;
  for (const key of COMMIT_KEYS) {
    const found = text(value[key]);
    if (found) return found;
  }
  return null;
}

function promptSources(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list
    .slice(0, 50)
    .map((prompt) => (typeof prompt === 'string' ? prompt : isRecord(prompt) ? text(prompt.id) : null))
    .filter((source): source is string => source !== null && source.length <= 300 && /^file:\/\//.test(source))
    .map((source) => source.slice(0, 300));
}

function providerIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list
    .slice(0, 50)
    .map((provider) => (typeof provider === 'string' ? provider : isRecord(provider) ? (text(provider.label) ?? text(provider.id)) : null))
    .filter((id): id is string => id !== null)
    .map((id) => id.slice(0, 200));
}

