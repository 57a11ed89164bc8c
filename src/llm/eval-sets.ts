// Evaluation sets for prompts: promptfoo configurations (inline tests or tests from CSV/YAML/JSONL files),
// OpenAI evals registries with their samples, and a team's own golden sets (JSONL/CSV under evals/, files named
// for an evaluation set, JSON case lists with expected answers under an evaluation folder). For each: how many cases, and whether cases carry checks (assertions, expected
// answers). Thresholds are the evaluation-criteria check's business; this only asks whether prompts are tested.
import { folderOf, resolveIn } from '../datasets/paths.js';
import { findEvaluationFiles } from '../evaluation/locate.js';
import { parseJson, parseJsonObject } from '../formats/json.js';
import { readOpenAiEvalsRegistry } from '../formats/openai-evals.js';
import { readPromptfooConfig } from '../formats/promptfoo.js';
import { parseYaml } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';

export interface EvalSet {
  path: string;
  kind: 'promptfoo' | 'openai-evals' | 'golden-set';
  /** Test cases found (null when they could not be counted, e.g. a remote dataset). */
  cases: number | null;
  /** Cases carry assertions or expected answers. */
  checked: boolean;
  detail: string;
  /** A parse problem, when the file could not be read as its format. */
  problem?: string;
  /** The files holding the cases (a promptfoo suite's test files, OpenAI eval samples); the set's own path when it holds them. */
  files?: string[];
}

const EVAL_FOLDER = /(?:^|\/)(?:evals?|evaluations?|llm[-_]evals?|golden|benchmarks?)\//i;
/** Named for an evaluation set: golden, eval set, eval dataset, evaluation set, test set, eval cases (not eval_settings). */
const SET_NAME = /(?:^|\/)(?=[^/]*(?:golden|eval(?:uation)?[-_]?(?:data[-_]?)?set(?!t)|test[-_]?set(?!t)|testset|eval[-_]?cases))[^/]*\.(?:jsonl|csv|json)$/i;
/** The same without eval datasets, as the dataset module reads them. */
const NARROW_SET_NAME = /(?:^|\/)(?=[^/]*(?:golden|eval[-_]?set(?!t)|evalset|test[-_]?set(?!t)|testset|eval[-_]?cases))[^/]*\.(?:jsonl|csv|json)$/i;
/** What a run wrote, not what it was given: outputs kept under an evaluation folder. */
const RUN_OUTPUT = /(?:^|\/)(?:results?|outputs?|reports?|runs|responses|experiments)\//i;
const EXPECTED_FIELD = /^(?:__)?(expected|ideal|answer|reference|ground[-_]?truth|target|label|gold|expected[-_]output|reference[-_]answer)$/i;
const IGNORED = /(^|\/)(node_modules|site-packages|\.venv|venv|mlruns|wandb)\//;
const MAX_GOLDEN = 40;
const MAX_CASE_FILE_BYTES = 8 * 1024 * 1024;

/**
 * The evaluation sets in the delivery. `wider` adds files named as an eval dataset and JSON case lists with expected
 * answers under an evaluation folder: llm-system asks for them; src/datasets/eval-datasets.ts does not, as it finds
 * and labels such files by its own rules (version-folder releases, tool exports).
 */
export async function findEvalSets(snapshot: Snapshot, { wider = false }: { wider?: boolean } = {}): Promise<EvalSet[]> {
  const sets: EvalSet[] = [];
  for (const candidate of findEvaluationFiles(snapshot)) {
    if (candidate.role === 'promptfoo') sets.push(await promptfooSet(snapshot, candidate.path));
    else if (candidate.role === 'openai-evals') sets.push(...(await openAiEvalSets(snapshot, candidate.path)));
  }
  const candidates = snapshot.files.filter((path) => !IGNORED.test(path) && !snapshot.isSymlink(path));
  const setName = wider ? SET_NAME : NARROW_SET_NAME;
  const named = candidates.filter((path) => setName.test(path) || (EVAL_FOLDER.test(path) && /\.(?:jsonl|csv)$/i.test(path)));
  // A JSON list under an evaluation folder may as well be what a run wrote: it is a golden set only when its records
  // carry expected answers (the rule src/datasets/eval-datasets.ts applies to JSON exports). Read after the others, so
  // a folder of run files cannot crowd them out of the cap.
  const jsonLists = new Set(wider ? candidates.filter((path) => /\.json$/i.test(path) && EVAL_FOLDER.test(path) && !setName.test(path) && !RUN_OUTPUT.test(path)) : []);
  for (const path of [...named, ...jsonLists].slice(0, MAX_GOLDEN)) {
    if (sets.some((set) => set.detail.includes(path))) continue; // already counted as a promptfoo or OpenAI evals data file
    const counted = await countCases(snapshot, path);
    if (counted.cases > 0 && (counted.checked || !jsonLists.has(path))) sets.push({ path, kind: 'golden-set', cases: counted.cases, checked: counted.checked, detail: `${counted.cases} case(s)${counted.checked ? ' with expected answers' : ', no expected-answer field'}`, files: [path] });
  }
  return sets;
}

async function promptfooSet(snapshot: Snapshot, path: string): Promise<EvalSet> {
  const read = await snapshot.readText(path, { maxBytes: 2 * 1024 * 1024 });
  if (!read.ok) return { path, kind: 'promptfoo', cases: 0, checked: false, detail: 'not readable', problem: 'not readable', files: [] };
  const parsed = readPromptfooConfig(read.text);
  if (!parsed.ok) return { path, kind: 'promptfoo', cases: 0, checked: false, detail: 'not parsed', problem: `${parsed.error.message}${parsed.error.line ? ` (line ${parsed.error.line})` : ''}`, files: [] };
  const { config } = parsed.value;
  let cases = config.inlineTests ?? 0;
  let checked = config.assertions.length > 0;
  const files: string[] = [];
  for (const source of testFiles(read.text)) {
    const resolved = resolveIn(folderOf(path), source);
    if (!resolved) continue;
    for (const file of /[*?{]/.test(resolved) ? snapshot.glob(resolved) : snapshot.has(resolved) ? [resolved] : []) {
      const counted = await countCases(snapshot, file);
      cases += counted.cases;
      checked = checked || counted.checked;
      files.push(file);
    }
  }
  const remote = cases === 0 && /tests:\s*["']?(huggingface|https?):/.test(read.text);
  const providers = config.providers.length ? ` on ${config.providers.slice(0, 3).join(', ')}` : '';
  return {
    path,
    kind: 'promptfoo',
    cases: remote ? null : cases,
    checked,
    detail: `promptfoo: ${remote ? 'remote test set' : `${cases} test case(s)`}, ${config.assertions.length} assertion(s)${providers}${files.length ? `; tests from ${files.slice(0, 3).join(', ')}` : ''}`,
    files: files.length ? files : remote ? [] : [path],
  };
}

async function openAiEvalSets(snapshot: Snapshot, path: string): Promise<EvalSet[]> {
  const read = await snapshot.readText(path, { maxBytes: 1024 * 1024 });
  if (!read.ok) return [];
  const parsed = readOpenAiEvalsRegistry(read.text);
  if (!parsed.ok || parsed.value.evals.length === 0) return [];
  // Samples live under registry/data/, named relative to it.
  const registry = path.replace(/\/evals\/(?:[^/]+\/)*[^/]+$/, '');
  const sets: EvalSet[] = [];
  for (const entry of parsed.value.evals.slice(0, 20)) {
    const samples = entry.samples ? `${registry}/data/${entry.samples}` : null;
    const counted = samples && snapshot.has(samples) ? await countCases(snapshot, samples) : null;
    sets.push({
      path,
      kind: 'openai-evals',
      cases: counted ? counted.cases : null,
      checked: counted ? counted.checked : true,
      detail: `OpenAI eval ${entry.name}${counted ? `: ${counted.cases} sample(s) in ${samples}` : samples ? `: samples ${samples} not in the repository` : ''}`,
      files: counted && samples ? [samples] : [],
    });
  }
  return sets;
}

/** Rows of a JSONL/CSV/YAML/JSON case file, and whether they carry an expected answer or assertions. */
export async function countEvalCases(snapshot: Snapshot, path: string): Promise<{ cases: number; checked: boolean }> {
  return countCases(snapshot, path);
}

async function countCases(snapshot: Snapshot, path: string): Promise<{ cases: number; checked: boolean }> {
  const size = await snapshot.sizeOf(path);
  if (size !== undefined && size > MAX_CASE_FILE_BYTES) return { cases: 0, checked: false };
  const read = await snapshot.readText(path, { maxBytes: MAX_CASE_FILE_BYTES });
  if (!read.ok || read.text.startsWith('version https://git-lfs')) return { cases: 0, checked: false };
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl')) {
    const lines = read.text.split('\n').filter((line) => line.trim().startsWith('{'));
    const keys = Object.keys(safeJson(lines[0] ?? '') ?? {});
    return { cases: lines.length, checked: keys.some((key) => EXPECTED_FIELD.test(key) || key === 'assert') };
  }
  if (lower.endsWith('.csv')) {
    const lines = read.text.split('\n').filter((line) => line.trim());
    const header = (lines[0] ?? '').split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
    return { cases: Math.max(0, lines.length - 1), checked: header.some((cell) => EXPECTED_FIELD.test(cell) || /^__expected\d*$/.test(cell)) };
  }
  // YAML and JSON lists of test cases; JSON read as JSON (a YAML parser on megabytes of JSON is slow for nothing).
  const parsed = lower.endsWith('.json') ? parseJson(read.text) : parseYaml(read.text);
  if (!parsed.ok) return { cases: 0, checked: false };
  const list = Array.isArray(parsed.value) ? parsed.value : [];
  const first = list.find((item) => item && typeof item === 'object') as Record<string, unknown> | undefined;
  return { cases: list.length, checked: Boolean(first && ('assert' in first || Object.keys(first).some((key) => EXPECTED_FIELD.test(key)))) };
}

/** Test file references of a promptfoo config: `tests: file://cases.csv`, or `file://` strings in a tests list. */
function testFiles(text: string): string[] {
  const parsed = parseYaml(text);
  if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object') return [];
  const tests = (parsed.value as Record<string, unknown>).tests;
  const list = typeof tests === 'string' ? [tests] : Array.isArray(tests) ? tests.filter((item): item is string => typeof item === 'string') : [];
  return list.filter((item) => item.startsWith('file://')).map((item) => item.slice('file://'.length));
}

function safeJson(line: string): Record<string, unknown> | null {
  const parsed = parseJsonObject(line);
  return parsed.ok ? parsed.value : null;
}
