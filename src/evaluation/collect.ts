// Every evaluation criterion of a snapshot in one typed list, built once per snapshot (and locations) and
// shared: the evaluation-criteria check judges it; a cross-check compares thresholds with logged metrics.
import { readMarkdownCriteria } from '../formats/criteria-table.js';
import { readCriteriaFile } from '../formats/eval-criteria-file.js';
import type { ApprovalDraft, CriterionDraft, VagueStatement } from '../formats/eval-criterion.js';
import { readGateFile } from '../formats/gate-file.js';
import { isModelQualityMetric, notebookCode, readThresholdConstants } from '../formats/threshold-constants.js';
import { readExpectationSuite } from '../formats/great-expectations.js';
import { isLmEvalTask, readLmEvalTask } from '../formats/lm-eval.js';
import { canonicalMetric } from '../formats/metric-names.js';
import { readEvalResults, readModelIndex } from '../formats/model-index.js';
import { isOpenAiEvalsRegistry, readOpenAiEvalsRegistry } from '../formats/openai-evals.js';
import { isPromptfooConfig, readPromptfooConfig } from '../formats/promptfoo.js';
import { RATING_PASS_BAR, readRagEvaluatorConfig } from '../formats/rag-evaluator-config.js';
import type { FormatError } from '../formats/result.js';
import { parseYaml } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { comparableValue } from './compare.js';
import { isQualityDimension, qualityDimension } from './dimensions.js';
import { findEvaluationFiles, type Candidate } from './locate.js';
import type { CriteriaFormat, CriteriaSource, CriterionPart, EvaluationCriteria, EvaluationCriterion, EvaluationProblem, ModelApproval } from './model.js';

const MARKDOWN_MAX_BYTES = 1024 * 1024;
const CONFIG_MAX_BYTES = 256 * 1024;
const GX_MAX_BYTES = 2 * 1024 * 1024;
const MAX_CRITERIA = 5000;

const cache = new WeakMap<Snapshot, Map<string, Promise<EvaluationCriteria>>>();

/** All criteria, approvals, vague statements and unreadable criteria files of a snapshot. Cached per snapshot. */
export function collectEvaluationCriteria(snapshot: Snapshot, locations: readonly string[] = []): Promise<EvaluationCriteria> {
  const key = locations.join('\0');
  let bySnapshot = cache.get(snapshot);
  if (!bySnapshot) cache.set(snapshot, (bySnapshot = new Map()));
  let pending = bySnapshot.get(key);
  if (!pending) {
    pending = collect(snapshot, locations);
    bySnapshot.set(key, pending);
  }
  return pending;
}

/** Gates with a threshold, for comparing with a model's logged metrics (model-quality gates only). */
export async function evaluationThresholds(snapshot: Snapshot, locations: readonly string[] = []): Promise<EvaluationCriterion[]> {
  const { criteria } = await collectEvaluationCriteria(snapshot, locations);
  return criteria.filter((criterion) => criterion.intent === 'criterion' && criterion.threshold !== null && criterion.comparator !== null && criterion.dimension !== 'data-quality');
}

/** What one file contributed. */
interface FileRead {
  format: CriteriaFormat;
  drafts: CriterionDraft[];
  vague?: VagueStatement[];
  approval?: ApprovalDraft | null;
  problems?: Array<Omit<EvaluationProblem, 'path'>>;
  detail?: string;
  /** Also counts as a source when it held nothing (a dedicated criteria file that is empty says something). */
  always?: boolean;
}

async function collect(snapshot: Snapshot, locations: readonly string[]): Promise<EvaluationCriteria> {
  const result: EvaluationCriteria = { criteria: [], approvals: [], vague: [], sources: [], problems: [] };
  for (const candidate of findEvaluationFiles(snapshot, locations)) {
    const reads = await readCandidate(snapshot, candidate);
    for (const read of reads) record(result, candidate.path, read);
    if (result.criteria.length >= MAX_CRITERIA) break;
  }
  resolveDatasetVersions(result.criteria);
  return result;
}

async function readCandidate(snapshot: Snapshot, candidate: Candidate): Promise<FileRead[]> {
  const notebook = (candidate.role === 'eval-code' || candidate.role === 'pipeline-code') && candidate.path.toLowerCase().endsWith('.ipynb');
  const maxBytes = candidate.role === 'criteria-doc' || candidate.role === 'general-doc' || notebook ? MARKDOWN_MAX_BYTES : candidate.role === 'great-expectations' ? GX_MAX_BYTES : CONFIG_MAX_BYTES;
  const text = await snapshot.readText(candidate.path, { maxBytes });
  if (!text.ok) {
    // The snapshot has recorded why (too large, binary, symlink); a dedicated criteria file that cannot be
    // read is still worth a finding.
    if (candidate.role === 'criteria-file' || candidate.role === 'criteria-doc') {
      return [{ format: candidate.role === 'criteria-file' ? 'criteria-file' : 'markdown', drafts: [], problems: [{ kind: 'unparsed', message: `not read (${text.reason})` }], always: true }];
    }
    return [];
  }
  switch (candidate.role) {
    case 'criteria-file':
      return [fromCriteriaFile(text.text)];
    case 'criteria-doc':
    case 'general-doc':
      return fromMarkdown(text.text, candidate.role === 'criteria-doc');
    case 'eval-results': {
      const read = readEvalResults(text.text);
      return [read.ok ? { format: 'eval-results', drafts: read.value } : unparsed('eval-results', read.error)];
    }
    case 'promptfoo':
      return [fromPromptfoo(text.text)];
    case 'rag-evaluator':
      return fromRagEvaluator(text.text);
    case 'lm-eval':
      return fromLmEval(text.text, false);
    case 'openai-evals':
      return fromOpenAiEvals(text.text, false);
    case 'great-expectations':
      return fromExpectations(text.text);
    case 'gate-file': {
      const read = readGateFile(text.text);
      return [read.ok ? { format: 'gate-file', drafts: read.value } : unparsed('gate-file', read.error)];
    }
    case 'eval-code': {
      // A notebook's code cells are read; its line numbers are not the JSON's, so gates point at the notebook.
      const code = candidate.path.toLowerCase().endsWith('.ipynb') ? notebookCode(text.text) : text.text;
      const drafts = code === null ? [] : readThresholdConstants(candidate.path, code);
      return [{ format: 'code-constants', drafts: code === text.text ? drafts : drafts.map((draft) => ({ ...draft, line: 1 })) }];
    }
    case 'config-code':
      return [{ format: 'code-constants', drafts: readThresholdConstants(candidate.path, text.text, { configuration: true }) }];
    case 'pipeline-code': {
      // Only condition steps and bars on model-quality metrics: a pipeline module holds every other constant too.
      const code = notebook ? notebookCode(text.text) : text.text;
      const drafts = code === null ? [] : readThresholdConstants(candidate.path, code, { configuration: true });
      return [{ format: 'code-constants', drafts: notebook ? drafts.map((draft) => ({ ...draft, line: 1 })) : drafts }];
    }
    case 'config-file':
      return fromConfigFile(text.text);
    case 'sniff':
      return sniff(candidate.path, text.text);
  }
}

function fromCriteriaFile(text: string): FileRead {
  const read = readCriteriaFile(text);
  if (!read.ok) return { ...unparsed('criteria-file', read.error), always: true };
  return {
    format: 'criteria-file',
    drafts: read.value.criteria,
    approval: read.value.approval,
    problems: read.value.issues.map((issue) => ({ kind: 'schema' as const, ...issue })),
    always: true,
  };
}

function fromMarkdown(text: string, dedicated: boolean): FileRead[] {
  const reads: FileRead[] = [];
  const found = readMarkdownCriteria(text, { scope: dedicated ? 'document' : 'sections' });
  reads.push({
    format: 'markdown',
    drafts: found.criteria,
    vague: found.vague,
    approval: found.approval,
    ...(found.tables ? { detail: `${found.tables} criteria table(s)` } : {}),
    always: dedicated,
  });
  const index = readModelIndex(text);
  if (index) {
    if (!index.ok) reads.push(unparsed('model-index', index.error));
    else {
      reads.push({
        format: 'model-index',
        drafts: index.value.results,
        problems: index.value.problems.map((problem) => ({ kind: 'invalid-metadata' as const, message: problem.message, line: problem.line })),
        ...(index.value.models.length ? { detail: `model-index for ${index.value.models.slice(0, 3).join(', ')}` } : {}),
        always: true,
      });
    }
  }
  return reads;
}

function fromPromptfoo(text: string): FileRead {
  const read = readPromptfooConfig(text);
  if (!read.ok) return unparsed('promptfoo', read.error);
  const { config, criteria } = read.value;
  return {
    format: 'promptfoo',
    drafts: criteria,
    detail: `${config.assertions.length} assertion(s)${config.providers.length ? ` on ${config.providers.slice(0, 3).join(', ')}` : ''}`,
    always: true,
  };
}

/** Any pipeline config: only explicit acceptance keys and comparators count, never a bare number. */
function fromConfigFile(text: string): FileRead[] {
  if (!/threshold|accept|gate|min_|_min|"min"|min:/i.test(text)) return [];
  const read = readGateFile(text, { named: false });
  const drafts = read.ok ? read.value.filter((draft) => isModelQualityMetric(draft.metric)) : [];
  return drafts.length ? [{ format: 'gate-file', drafts }] : [];
}

/** Only a file that is such a config counts (else it is read as any pipeline config); any other `eval_config.json` says nothing here. */
function fromRagEvaluator(text: string): FileRead[] {
  const read = readRagEvaluatorConfig(text);
  if (!read.ok) return [unparsed('rag-evaluator', read.error)];
  if (!read.value) return fromConfigFile(text);
  const rated = read.value.criteria.filter((draft) => draft.intent === 'criterion').length;
  return [{ format: 'rag-evaluator', drafts: read.value.criteria, detail: `ai-rag-chat-evaluator: ${rated} GPT rating(s) pass at ≥ ${RATING_PASS_BAR} of 5 (the harness's bar)`, always: true }];
}

function fromLmEval(text: string, sniffed: boolean): FileRead[] {
  const read = readLmEvalTask(text);
  if (!read.ok) return sniffed ? [unparsed('lm-eval', read.error)] : [];
  if (!read.value) return [];
  return [{ format: 'lm-eval', drafts: read.value.metrics, detail: `lm-eval task ${read.value.task}`, always: true }];
}

function fromOpenAiEvals(text: string, sniffed: boolean): FileRead[] {
  const read = readOpenAiEvalsRegistry(text);
  if (!read.ok) return [unparsed('openai-evals', read.error)];
  if (read.value.evals.length === 0 && !sniffed) return [];
  return [{ format: 'openai-evals', drafts: read.value.criteria, detail: `${read.value.evals.length} eval(s)`, always: true }];
}

function fromExpectations(text: string): FileRead[] {
  const read = readExpectationSuite(text);
  if (!read.ok) return [unparsed('great-expectations', read.error)];
  if (!read.value) return [];
  return [{ format: 'great-expectations', drafts: read.value.criteria, detail: `suite ${read.value.name}: ${read.value.expectations} expectation(s)`, always: true }];
}

/** A policy location in YAML/JSON: read it as whichever format its content is. */
function sniff(path: string, text: string): FileRead[] {
  const parsed = parseYaml(text);
  if (!parsed.ok) return [unparsed('criteria-file', parsed.error)];
  const value = parsed.value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.criteria)) return [fromCriteriaFile(text)];
    if (isPromptfooConfig(record)) return [fromPromptfoo(text)];
    if (isLmEvalTask(record)) return fromLmEval(text, true);
    if (Array.isArray(record.expectations) && /\.json$/i.test(path)) return fromExpectations(text);
    if (isOpenAiEvalsRegistry(record)) return fromOpenAiEvals(text, true);
  }
  if (Array.isArray(value) && value.some((entry) => entry && typeof entry === 'object' && 'dataset' in entry && 'value' in entry)) {
    const read = readEvalResults(text);
    return [read.ok ? { format: 'eval-results', drafts: read.value, always: true } : unparsed('eval-results', read.error)];
  }
  return [];
}

function unparsed(format: CriteriaFormat, error: FormatError): FileRead {
  return { format, drafts: [], problems: [{ kind: 'unparsed', message: error.message, ...(error.line !== undefined ? { line: error.line } : {}), ...(error.column !== undefined ? { column: error.column } : {}) }], always: true };
}

function record(into: EvaluationCriteria, path: string, read: FileRead): void {
  const criteria = read.drafts.slice(0, Math.max(0, MAX_CRITERIA - into.criteria.length)).map((draft) => normalise(draft, read.format, path));
  const vague = (read.vague ?? []).map((statement) => ({ ...statement, path }));
  const problems = (read.problems ?? []).map((problem) => ({ path, ...problem }));
  const approval = read.approval ? { ...read.approval, format: read.format, path } : null;
  const anything = criteria.length > 0 || vague.length > 0 || problems.length > 0 || approval !== null;
  if (!anything && !read.always) return;
  into.criteria.push(...criteria);
  into.vague.push(...vague);
  into.problems.push(...problems);
  if (approval) into.approvals.push(approval satisfies ModelApproval);
  const gates = criteria.filter((criterion) => criterion.intent === 'criterion');
  const source: CriteriaSource = {
    path,
    format: read.format,
    criteria: gates.length,
    concrete: gates.filter((criterion) => criterion.concrete).length,
    results: criteria.length - gates.length,
    vague: vague.length,
    approval: approval !== null,
    ...(read.detail ? { detail: read.detail } : {}),
  };
  const first = Math.min(...criteria.map((criterion) => criterion.line), ...vague.map((statement) => statement.line));
  if (Number.isFinite(first)) source.line = first;
  into.sources.push(source);
}

function normalise(draft: CriterionDraft, format: CriteriaFormat, path: string): EvaluationCriterion {
  const metric = draft.metric.trim();
  const metricKey = canonicalMetric(draft.loggedAs ?? metric);
  const missing: CriterionPart[] = [];
  if (draft.intent === 'criterion') {
    if (metric === '') missing.push('metric');
    if (draft.comparator === null) missing.push('comparator');
    if (draft.threshold === null) missing.push('threshold');
    if (draft.dataset === null || draft.dataset.trim() === '') missing.push('dataset');
  }
  const criterion: EvaluationCriterion = {
    intent: draft.intent,
    metric,
    metricKey,
    comparator: draft.comparator,
    threshold: draft.threshold,
    thresholdValue: draft.threshold === null ? null : comparableValue(draft.threshold, draft.unit),
    comparatorInferred: draft.comparatorInferred === true,
    dataset: draft.dataset?.trim() || null,
    dimension: isQualityDimension(draft.dimension) ? draft.dimension : qualityDimension(metricKey, draft.slice),
    format,
    path,
    line: draft.line,
    // A named metric gated by a comparator and a number is a criterion a team can re-check; the data it is
    // measured on is judged on its own (versioned), so a gate in code that names no dataset is not zeroed.
    concrete: draft.intent === 'criterion' && missing.every((part) => part === 'dataset'),
    missing,
  };
  const optional = ['upper', 'unit', 'split', 'version', 'slice', 'baseline', 'sampleSize', 'measured', 'measuredUnit'] as const;
  for (const key of optional) {
    const value = draft[key];
    if (value !== undefined) (criterion as unknown as Record<string, unknown>)[key] = value;
  }
  return criterion;
}

/** A dataset pinned in one file (a version next to its name) pins it wherever else the same name is used. */
function resolveDatasetVersions(criteria: EvaluationCriterion[]): void {
  const pinned = new Map<string, { version: string; path: string }>();
  for (const criterion of criteria) {
    if (criterion.dataset && criterion.version) {
      const key = datasetKey(criterion.dataset);
      if (!pinned.has(key)) pinned.set(key, { version: criterion.version, path: criterion.path });
    }
  }
  for (const criterion of criteria) {
    if (!criterion.dataset || criterion.version) continue;
    const found = pinned.get(datasetKey(criterion.dataset));
    if (found) {
      criterion.version = found.version;
      criterion.versionFrom = found.path;
    }
  }
}

function datasetKey(dataset: string): string {
  return dataset.toLowerCase().replace(/[`*_\s]+/g, ' ').trim();
}
