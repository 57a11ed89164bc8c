// The experiment history of an LLM application: its prompt and model evaluations as the tools record them
// (promptfoo result files, DeepEval test runs, Ragas tables, Langfuse and LangSmith exports, committed
// run-history tables), the decisions written next to them (which prompt or model version was kept, and why),
// and the pass counts documents claim. Built once per snapshot; experiment-tracking judges it, consistency
// compares it with the thresholds.
import { parseCsv } from '../formats/csv.js';
import { readDeepevalTestRun, readEvalClaims, readEvalResultsTable, readEvalSummary, readLangfuseDatasetRun, readProseClaims, readLangsmithExperiment, type EvalClaim, type EvalExport, type EvalExportTool } from '../formats/llm-eval-exports.js';
import { parseJson } from '../formats/json.js';
import type { MarkdownDocument } from '../formats/markdown.js';
import { isPromptfooResults, readPromptfooCsv, readPromptfooResults, type PromptfooRun, type PromptfooVariant } from '../formats/promptfoo-results.js';
import { describeFormatError } from '../formats/result.js';
import { readJsonFile, readMarkdown, readYamlFile } from '../snapshot/parsed-reads.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { mapLimit } from './map-limit.js';

export type EvalTool = 'promptfoo' | EvalExportTool;

/** One prompt × model configuration an evaluation ran (a promptfoo column; the whole run for other tools). */
export interface EvalVariant {
  label: string;
  /** Provider id (or label) the variant ran on. */
  provider: string | null;
  /** Other names of the provider (its label in the eval table). */
  providerAliases: string[];
  /** The prompt text as evaluated, when the tool records it (promptfoo). */
  raw: string | null;
  /** How the run names the prompt it evaluated (label, file, version, template parameter), or null. */
  prompt: string | null;
  passed: number | null;
  failed: number | null;
  errors: number | null;
  /** Values to compare with thresholds: metric means, the worst case of a per-case promptfoo assertion, pass rates (fractions). */
  metrics: Record<string, number>;
}

export interface EvalRun {
  tool: EvalTool;
  path: string;
  line?: number;
  /** evalId, run name, or path#line for a table row. */
  id: string;
  name: string | null;
  /** YYYY-MM-DD when the run's time is known. */
  date: string | null;
  description: string | null;
  commit: string | null;
  /** What the run records about its configuration: providers, prompt labels, hyperparameters. */
  parameters: string[];
  variants: EvalVariant[];
  cases: number;
  /** Some case ran to a verdict (not every one errored). */
  completed: boolean;
}

/** An entry of a decision log that says which prompt or model version was kept. */
export interface EvalDecision {
  path: string;
  line: number;
  date: string | null;
  /** Identifiers the entry names: code spans, versions, model ids, prompt files. */
  names: string[];
  /** Those named in a sentence that makes the choice (what was kept, switched to, rejected). */
  kept: string[];
  /** It names a choice (kept, chose, switched …). */
  choice: boolean;
  /** It says why (because, since, better …). */
  reason: boolean;
  excerpt: string;
}

export interface EvalProblem {
  path: string;
  line?: number;
  message: string;
}

export interface LlmEvaluations {
  runs: EvalRun[];
  decisions: EvalDecision[];
  claims: Array<EvalClaim & { path: string }>;
  problems: EvalProblem[];
  /** Files looked at (candidates read), for the "not found" message. */
  examined: number;
}

/** What the collector looks for, named in findings when nothing is found. */
export const LOOKED_FOR =
  'promptfoo result files (promptfoo eval --output *.json|*.yaml|*.csv), DeepEval test runs (test_run_*.json, .deepeval/), Ragas result tables, Langfuse or LangSmith dataset-run exports (JSON, JSONL, CSV), committed eval-result tables (CSV or Markdown: date, prompt/model version, metrics)';

const MAX_CANDIDATES = 400;
const RESULT_DIR = /(?:^|\/)(?:evals?|evaluations?|eval[-_]?results?|results?|outputs?|promptfoo|ragas|deepeval|\.deepeval|langsmith|langfuse|experiments?|benchmarks?|reports?|llm[-_]evals?)\//i;
const RESULT_NAME = /(?:^|\/)[^/]*(?:result|output|eval|experiment|score|ragas|deepeval|promptfoo|langsmith|langfuse|benchmark|test_run)[^/]*$/i;
const DATA_EXTENSION = /\.(?:json|jsonl|ya?ml|csv)$/i;
const NOT_RESULTS = /(?:^|\/)(?:promptfooconfig[^/]*|package(?:-lock)?\.json|tsconfig[^/]*\.json|\.github\/.*|[^/]*lock\.(?:json|ya?ml)|pnpm-lock\.yaml|docker-compose[^/]*|mkdocs\.ya?ml|\.pre-commit[^/]*|codecov\.ya?ml|renovate\.json|\.eslintrc[^/]*)$/i;
const DECISION_DOC = /(?:^|\/)(?=[^/]*(?:decision|eval[-_ ]?log|prompt[-_ ]?(?:changes|history|log)|experiment[-_ ]?log|model[-_ ]?selection|bake[-_ ]?off))[^/]*\.(?:md|markdown)$|(?:^|\/)(?:adr|adrs|decisions)\/[^/]+\.(?:md|markdown)$/i;
const CLAIM_DOC = /(?:^|\/)(?:prompts?|evals?|evaluations?)\/[^/]*\.(?:md|markdown)$|(?:^|\/)(?=[^/]*(?:changelog|history))[^/]*\.(?:md|markdown)$/i;
/** A choice was made. */
const CHOICE = /\b(?:kept|keep(?:ing)?|chose|chosen|choose|select(?:ed)?|switch(?:ed)?|adopt(?:ed)?|promot(?:ed|e)|reject(?:ed)?|retain(?:ed)?|decided|decision|rolled back|revert(?:ed)?|replac(?:ed|es)|ship(?:ped)?|winner|won)\b/i;
/** And said why. */
const REASON = /\b(?:because|since|as it|due to|so that|reason|why|better|higher|lower|fewer|more|outperform(?:ed|s)?|beat|missed|failed|passed|cheaper|faster|slower)\b/i;
/** Where a choice sentence turns to its reason or to the alternative it was compared with. */
const ALTERNATIVE = /\b(?:because|since|as it|due to|so that|over|than|instead of|against|versus|vs\.?)\b/i;
/** About prompts or models, not any decision. */
const LLM_SUBJECT = /\b(?:prompts?|models?|llm|eval(?:uation)?s?|promptfoo|rubric|claude|gpt|sonnet|haiku|opus|llama|mistral|gemini|template)\b/i;
const IDENTIFIER = /`([^`\n]{1,120})`|\b(v\d{1,4}(?:\.\d{1,4}){0,2})\b|\b((?:anthropic\.|openai[:/]|bedrock:|azure[:/])?(?:claude|gpt|llama|mistral|mixtral|gemini|command|titan|sonnet|haiku|opus)[\w.:/-]{0,80})|\b([\w-]{1,80}\.(?:j2|jinja2?|txt|prompt|prompty|md))\b/gi;

const cache = new WeakMap<Snapshot, Promise<LlmEvaluations>>();

/** The snapshot's recorded LLM evaluations, decisions and claims. Cached per snapshot. */
export function collectLlmEvaluations(snapshot: Snapshot): Promise<LlmEvaluations> {
  let pending = cache.get(snapshot);
  if (!pending) {
    pending = collect(snapshot);
    cache.set(snapshot, pending);
  }
  return pending;
}

async function collect(snapshot: Snapshot): Promise<LlmEvaluations> {
  const data = snapshot.files.filter((path) => DATA_EXTENSION.test(path) && (RESULT_DIR.test(path) || RESULT_NAME.test(path)) && !NOT_RESULTS.test(path)).slice(0, MAX_CANDIDATES);
  const markdown = snapshot.files.filter((path) => /\.(?:md|markdown)$/i.test(path) && (DECISION_DOC.test(path) || CLAIM_DOC.test(path) || (RESULT_DIR.test(path) && RESULT_NAME.test(path)))).slice(0, MAX_CANDIDATES);
  const runs: EvalRun[] = [];
  const problems: EvalProblem[] = [];
  const decisions: EvalDecision[] = [];
  const claims: LlmEvaluations['claims'] = [];
  // Two files at a time, each reduced to what it says before the next is read: a tree of 1 MiB tables must
  // not hold hundreds of parsed documents at once (the scan's memory bound, test/hostile-pathological.test.ts).
  const read = await mapLimit(data, 2, (path) => readDataFile(snapshot, path));
  for (const outcome of read) {
    runs.push(...outcome.runs);
    if (outcome.problem) problems.push(outcome.problem);
  }
  const extracted = await mapLimit(markdown, 2, async (path) => {
    const found = { runs: [] as EvalRun[], claims: [] as LlmEvaluations['claims'], decisions: [] as EvalDecision[] };
    const document = await readMarkdown(snapshot, path);
    if (!document) return found;
    for (const table of document.tables) {
      const reading = readEvalResultsTable(table.header, table.rows, table.rowLines);
      if (reading.kind === 'runs') found.runs.push(...reading.runs.map((run) => fromExport(run, path)));
      else if (reading.kind === 'samples') found.runs.push(fromExport({ ...reading.run, line: table.line }, path));
      for (const claim of readEvalClaims(table.header, table.rows, table.rowLines)) found.claims.push({ ...claim, path });
    }
    for (const paragraph of document.paragraphs.slice(0, 500)) for (const claim of readProseClaims(paragraph.text, paragraph.line)) found.claims.push({ ...claim, path });
    if (DECISION_DOC.test(path) || RESULT_DIR.test(path)) found.decisions.push(...decisionsIn(path, document));
    return found;
  });
  // Merged in path order, so the report does not depend on which read finished first.
  for (const found of extracted) {
    runs.push(...found.runs);
    claims.push(...found.claims);
    decisions.push(...found.decisions);
  }
  runs.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0));
  return { runs, decisions, claims, problems, examined: data.length + markdown.length };
}

async function readDataFile(snapshot: Snapshot, path: string): Promise<{ runs: EvalRun[]; problem?: EvalProblem }> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) {
    const text = await snapshot.readText(path);
    if (!text.ok) return { runs: [] };
    const table = parseCsv(text.text);
    if (!table.ok) return { runs: [] };
    const promptfoo = readPromptfooCsv(table.value);
    if (promptfoo) return { runs: [fromPromptfoo(promptfoo, path)] };
    const reading = readEvalResultsTable(table.value.header, table.value.rows, table.value.rowLines);
    if (reading.kind === 'runs') return { runs: reading.runs.map((run) => fromExport(run, path)) };
    if (reading.kind === 'samples') return { runs: [fromExport(reading.run, path)] };
    return { runs: [] };
  }
  if (lower.endsWith('.jsonl')) {
    const text = await snapshot.readText(path);
    if (!text.ok) return { runs: [] };
    const values = text.text
      .split('\n')
      .slice(0, 20_000)
      .filter((line) => line.trim())
      .map((line) => parseJson(line))
      .filter((entry) => entry.ok)
      .map((entry) => (entry as { value: unknown }).value);
    const langsmith = readLangsmithExperiment(values);
    return { runs: langsmith ? [fromExport(langsmith, path)] : [] };
  }
  const parsedFile = lower.endsWith('.json') ? await readJsonFile(snapshot, path) : await readYamlFile(snapshot, path);
  if (!parsedFile) return { runs: [] };
  if (!parsedFile.ok) {
    // Only a file named as a result file is reported: other JSON and YAML under evals/ is someone else's concern.
    const named = /(?:^|\/)(?:[^/]*results?[^/]*|test_run_[^/]*|\.latest_[^/]*)$/i.test(path);
    return { runs: [], ...(named ? { problem: { path, ...(parsedFile.error.line ? { line: parsedFile.error.line } : {}), message: `not parsed: ${describeFormatError(parsedFile.error)}` } } : {}) };
  }
  const value = parsedFile.value;
  if (isPromptfooResults(value)) {
    const run = readPromptfooResults(value);
    return { runs: run ? [fromPromptfoo(run, path)] : [] };
  }
  const exported = readDeepevalTestRun(value) ?? readLangfuseDatasetRun(value) ?? readLangsmithExperiment(value) ?? readEvalSummary(value);
  if (exported) return { runs: [fromExport(await withLinkedConfig(snapshot, exported), path)] };
  // A JSON list of rows with metric keys (Ragas `to_pandas().to_json(orient="records")`).
  if (Array.isArray(value) && value.length > 0 && value.every((row) => row !== null && typeof row === 'object' && !Array.isArray(row))) {
    const rows = value.slice(0, 20_000) as Array<Record<string, unknown>>;
    const header = [...new Set(rows.slice(0, 50).flatMap((row) => Object.keys(row).slice(0, 64)))].slice(0, 128);
    const cells = rows.map((row) => header.map((key) => (typeof row[key] === 'number' || typeof row[key] === 'boolean' ? String(row[key]) : typeof row[key] === 'string' ? (row[key] as string).slice(0, 200) : '')));
    const reading = readEvalResultsTable(header, cells);
    if (reading.kind === 'samples') return { runs: [fromExport(reading.run, path)] };
    if (reading.kind === 'runs') return { runs: reading.runs.map((run, index) => fromExport({ ...run, line: undefined }, `${path}`, index)) };
  }
  return { runs: [] };
}

/** A parameter naming the file of the responses an evaluation graded (`responses_fp`, `predictions_path`). */
const LINKED_FILE_PARAMETER = /^(?:responses?|generations?|predictions?|outputs?|answers?)[-_](?:fp|file|path)$/i;
const MAX_LINKED_BYTES = 4 * 1024 * 1024;

/**
 * An evaluation summary that grades another run's responses names the model and prompt only through that file
 * (`config.responses_fp`): the generating run's model and prompt are read from the delivered file it names
 * (matched by its path's tail, as the summary records the path on the machine that ran it) and added to the
 * parameters it does not state itself.
 */
async function withLinkedConfig(snapshot: Snapshot, run: EvalExport): Promise<EvalExport> {
  if (parameterNamed(run.parameters, MODEL_PARAMETER)) return run;
  const named = Object.entries(run.parameters).find(([key]) => LINKED_FILE_PARAMETER.test(key))?.[1];
  if (!named) return run;
  const parts = named.replace(/\\/g, '/').split('/').filter((part) => part && part !== '.' && part !== '..');
  const name = parts[parts.length - 1] ?? '';
  if (!/^[\w.-]{1,200}$/.test(name)) return run;
  // The delivered file whose path shares the longest tail with the recorded one (found by name, not by a walk).
  const score = (file: string) => {
    const own = file.split('/');
    let n = 0;
    while (n < own.length && n < parts.length && own[own.length - 1 - n] === parts[parts.length - 1 - n]) n++;
    return n;
  };
  const delivered = [...snapshot.glob(`**/${name}`)].sort((a, b) => score(b) - score(a))[0];
  if (!delivered || snapshot.isSymlink(delivered) || ((await snapshot.sizeOf(delivered)) ?? Infinity) > MAX_LINKED_BYTES) return run;
  const linked = await readJsonFile(snapshot, delivered);
  if (!linked?.ok || linked.value === null || typeof linked.value !== 'object') return run;
  const config = (linked.value as Record<string, unknown>).config;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return run;
  // The generator's prompt is named as such, ahead of the grader's own (`system_content` of the judge).
  const added: Record<string, string> = {};
  for (const [key, value] of Object.entries(config as Record<string, unknown>).slice(0, 32)) {
    if (typeof value !== 'string' || !value.trim()) continue;
    if (MODEL_PARAMETER.test(key) && !(key in run.parameters)) added[key.slice(0, 80)] = value.slice(0, 200);
    else if (PROMPT_PARAMETER.test(key)) added[`generator ${key.slice(0, 60)}`] = value.slice(0, 200);
  }
  return Object.keys(added).length ? { ...run, parameters: { ...added, ...run.parameters } } : run;
}

/** Assertion types whose bar is a ceiling, judged on the worst (largest) case. */
const CEILINGS = new Set(['latency', 'cost']);

function fromPromptfoo(run: PromptfooRun, path: string): EvalRun {
  const variants = run.variants.map((variant) => variantMetrics(variant));
  const passed = sum(variants.map((v) => v.passed)) ?? run.stats?.successes ?? null;
  const failed = sum(variants.map((v) => v.failed)) ?? run.stats?.failures ?? null;
  const errors = sum(variants.map((v) => v.errors)) ?? run.stats?.errors ?? null;
  const verdicts = (passed ?? 0) + (failed ?? 0);
  return {
    tool: 'promptfoo',
    path,
    id: run.evalId ?? path,
    name: run.evalId,
    date: dateOf(run.timestamp) ?? dateOf(fileName(path)),
    description: run.description,
    commit: run.commit,
    parameters: [...run.providers.map((id) => `provider ${id}`), ...run.promptSources.map((source) => `prompt ${source}`), ...run.variants.map((variant) => `prompt ${variant.label}${variant.provider ? ` on ${variant.provider}` : ''}`)].slice(0, 20),
    variants,
    cases: run.cases,
    completed: verdicts > 0 || (errors === null && run.cases > 0),
  };
}

function variantMetrics(variant: PromptfooVariant): EvalVariant {
  const metrics: Record<string, number> = { ...variant.namedScores };
  const verdicts = (variant.passed ?? 0) + (variant.failed ?? 0) + (variant.errors ?? 0);
  if (verdicts > 0) metrics['pass rate'] = (variant.passed ?? 0) / verdicts;
  let plainCases = 0;
  let plainPassed = 0;
  for (const assertion of variant.assertions) {
    const name = assertion.metric ?? assertion.type;
    const base = assertion.type.replace(/^not-/, '');
    if (assertion.threshold === undefined) {
      plainCases += assertion.cases;
      plainPassed += assertion.passed;
      continue;
    }
    // promptfoo applies a threshold to every case: the run meets it when its worst case does.
    if (base === 'latency' && variant.maxLatencyMs !== null) metrics[name] = variant.maxLatencyMs;
    else if (base === 'cost' && variant.maxCost !== null) metrics[name] = variant.maxCost;
    else if (!CEILINGS.has(base) && assertion.minScore !== null) metrics[name] = assertion.minScore;
  }
  if (plainCases > 0) metrics['assertion pass rate'] = plainPassed / plainCases;
  const aliases = variant.provider && variant.provider !== variant.providerId ? [variant.provider] : [];
  return { label: variant.label, provider: variant.providerId ?? variant.provider, providerAliases: aliases, raw: variant.raw, prompt: variant.label, passed: variant.passed, failed: variant.failed, errors: variant.errors, metrics };
}

function fromExport(run: EvalExport, path: string, index?: number): EvalRun {
  const metrics: Record<string, number> = { ...run.metrics };
  const verdicts = (run.passed ?? 0) + (run.failed ?? 0) + (run.errors ?? 0);
  if (verdicts > 0 && !('pass rate' in metrics)) metrics['pass rate'] = (run.passed ?? 0) / verdicts;
  const label = run.name ?? Object.values(run.parameters)[0] ?? `${run.tool} run`;
  const where = run.line !== undefined ? `${path}:${run.line}` : index !== undefined ? `${path}#${index + 1}` : path;
  return {
    tool: run.tool,
    path,
    ...(run.line !== undefined ? { line: run.line } : {}),
    id: run.tool === 'results-table' ? where : (run.name ?? where),
    name: run.name,
    date: dateOf(run.timestamp) ?? dateOf(fileName(path)),
    description: run.description,
    commit: run.commit,
    parameters: Object.entries(run.parameters).map(([key, value]) => `${key} ${value}`).slice(0, 20),
    variants: [{ label, provider: parameterNamed(run.parameters, MODEL_PARAMETER), providerAliases: [], raw: null, prompt: parameterNamed(run.parameters, PROMPT_PARAMETER), passed: run.passed, failed: run.failed, errors: run.errors, metrics }],
    cases: run.cases,
    completed: Object.keys(run.metrics).length > 0 || (run.passed ?? 0) + (run.failed ?? 0) > 0,
  };
}

const MODEL_PARAMETER = /^(?:model|model[-_ ]?(?:name|id|version)|llm|llm[-_]model|provider|generator|deployment|engine)$/i;
const PROMPT_PARAMETER = /prompt|template|system[-_ ]?(?:content|message)|instructions/i;

function parameterNamed(parameters: Readonly<Record<string, string>>, pattern: RegExp): string | null {
  const found = Object.entries(parameters).find(([key, value]) => pattern.test(key) && value.trim());
  return found ? found[1].slice(0, 200) : null;
}

/** Decision entries: each section (or table row) of a decision document that talks about prompts or models. */
const MAX_DECISIONS = 200;
const DECISION_TEXT = 20_000;

function decisionsIn(path: string, document: MarkdownDocument): EvalDecision[] {
  const entries: EvalDecision[] = [];
  const wholeLog = DECISION_DOC.test(path);
  // A decision is stated near its heading: the first 20,000 characters of a section are what is judged, so a
  // section holding a 1 MiB table costs no more than a page (and no more than 200 entries are made).
  for (const section of document.sections) {
    if (entries.length >= MAX_DECISIONS) break;
    const text = `${section.heading.text}\n${section.body.slice(0, DECISION_TEXT)}`;
    if (!LLM_SUBJECT.test(text) && !wholeLog) continue;
    const choice = CHOICE.test(text);
    if (!choice && !wholeLog) continue;
    entries.push(entryOf(path, section.heading.line, section.heading.text, text));
  }
  for (const table of document.tables) {
    table.rows.forEach((row, index) => {
      if (entries.length >= MAX_DECISIONS) return;
      const text = row.join(' · ').slice(0, DECISION_TEXT);
      if (!CHOICE.test(text) || !LLM_SUBJECT.test(`${table.header.join(' ')} ${text}`)) return;
      entries.push(entryOf(path, table.rowLines[index] ?? table.line, row[0] ?? '', text));
    });
  }
  return entries;
}

function entryOf(path: string, line: number, heading: string, text: string): EvalDecision {
  const bounded = text.slice(0, 20_000);
  const names = identifiersIn(bounded);
  // What was kept is named before the reason and before what it was compared with ("kept A because B failed").
  const kept = new Set(bounded.split(/(?<=[.!?;])\s+|\n/).filter((sentence) => CHOICE.test(sentence)).flatMap((sentence) => identifiersIn(sentence.split(ALTERNATIVE)[0])));
  return {
    path,
    line,
    date: dateOf(heading) ?? dateOf(text.slice(0, 200)),
    names,
    kept: [...kept].slice(0, 20),
    choice: CHOICE.test(bounded),
    reason: REASON.test(bounded),
    excerpt: bounded.slice(0, 2_000).replace(/\s+/g, ' ').trim().slice(0, 160),
  };
}

function identifiersIn(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(IDENTIFIER)) {
    const name = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').trim();
    if (name && names.size < 20) names.add(name);
  }
  return [...names];
}

/** Result files are often named by their date (`2025-03-01-results.csv`): the date of a run that records none. */
function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** YYYY-MM-DD from an ISO timestamp, a date, or an epoch in milliseconds. */
export function dateOf(value: string | null): string | null {
  if (!value) return null;
  const iso = /\b(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  // DeepEval names its saved runs test_run_<YYYYMMDD_HHMMSS>.json.
  const compact = /(?<!\d)(20\d{2})([01]\d)([0-3]\d)_\d{6}(?!\d)/.exec(value);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  if (/^\d{12,13}$/.test(value.trim())) {
    const date = new Date(Number(value.trim()));
    return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
  }
  return null;
}

function sum(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

/** The text a decision or a run uses to name a variant, lower-cased, for matching one with the other. */
export function variantNames(run: EvalRun, variant: EvalVariant): string[] {
  // Run-level parameters name every variant of a bake-off: they only describe a run of one variant.
  const shared = run.variants.length === 1 ? [run.name, ...run.parameters] : [];
  const names = [variant.label, variant.provider, ...variant.providerAliases, ...shared].filter((name): name is string => !!name);
  return names.map((name) => name.toLowerCase());
}

/**
 * The variant of a run a decision keeps, or null. Decisions dated on the run's day speak first, then the
 * others newest first; within one, the most specific name that singles out one variant wins.
 */
export function variantNamedBy(run: EvalRun, decisions: readonly EvalDecision[]): { variant: EvalVariant; decision: EvalDecision; name: string } | null {
  const sameDay = decisions.filter((decision) => run.date !== null && decision.date === run.date);
  const others = decisions.filter((decision) => !sameDay.includes(decision)).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  for (const group of [sameDay, others]) {
    for (const decision of group) {
      const found = keptVariant(run, decision);
      if (found) return found;
    }
  }
  return null;
}

function keptVariant(run: EvalRun, decision: EvalDecision): { variant: EvalVariant; decision: EvalDecision; name: string } | null {
  let best: { variant: EvalVariant; decision: EvalDecision; name: string } | null = null;
  {
    for (const name of decision.kept) {
      const wanted = name.toLowerCase();
      if (wanted.length < 2) continue;
      const matching = run.variants.filter((variant) => variantNames(run, variant).some((known) => known.includes(wanted) || (wanted.length >= 6 && wanted.includes(known))));
      // A name every variant shares (the prompt file of a model bake-off) does not tell them apart.
      if (matching.length === 1 && (!best || wanted.length > best.name.length)) best = { variant: matching[0], decision, name };
    }
  }
  return best;
}
