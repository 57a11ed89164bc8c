// Where evaluation criteria live, decided from the file listing alone (one pass, no reads): criteria files,
// acceptance/evaluation documents, model cards and READMEs, HF eval results, promptfoo, lm-eval, OpenAI
// evals and Great Expectations suites, plus the buyer's policy locations.
import { GATE_FILE } from '../formats/gate-file.js';
import type { Snapshot } from '../snapshot/snapshot.js';

export type CandidateRole =
  | 'criteria-file'
  | 'criteria-doc'
  | 'general-doc'
  | 'eval-results'
  | 'promptfoo'
  | 'lm-eval'
  | 'openai-evals'
  | 'great-expectations'
  /** An ai-rag-chat-evaluator run config (`evals/eval_config.json`): its content decides. */
  | 'rag-evaluator'
  /** A YAML/JSON config named for gates or thresholds (`configs/gates.yaml`). */
  | 'gate-file'
  /** Evaluation code that may hold named threshold constants (`MIN_RECALL = 0.8`). */
  | 'eval-code'
  /** A pipeline configuration module (`config.py`, `constants.py`): only bars on model-quality metrics. */
  | 'config-code'
  /** Pipeline definitions (`pipeline.py`, `sagemaker-pipelines.ipynb`): condition steps that gate registration. */
  | 'pipeline-code'
  /** A pipeline configuration in YAML/JSON that may hold acceptance keys (`acceptance_threshold_min`). */
  | 'config-file'
  /** A policy location in YAML/JSON: its content decides the format. */
  | 'sniff';

export interface Candidate {
  path: string;
  role: CandidateRole;
}

/** At most this many files per role are read; a monorepo with thousands of task YAMLs is sampled in path order. */
export const MAX_FILES_PER_ROLE: Readonly<Record<CandidateRole, number>> = {
  'criteria-file': 20,
  'criteria-doc': 100,
  'general-doc': 150,
  'eval-results': 50,
  promptfoo: 50,
  'lm-eval': 300,
  'openai-evals': 200,
  'great-expectations': 200,
  'rag-evaluator': 20,
  'gate-file': 20,
  'eval-code': 60,
  'config-code': 30,
  'pipeline-code': 40,
  'config-file': 60,
  sniff: 100,
};

const IGNORED = /(?:^|\/)(?:node_modules|\.git|\.venv|venv|site-packages|__pycache__|\.tox|\.mypy_cache|\.pytest_cache)\//;
const MARKDOWN = /\.(?:md|markdown)$/;
const CRITERIA_FILE = /(?:^|\/)(?:evaluation|eval|evals|acceptance)\/criteria\.(?:ya?ml|json)$|(?:^|\/)(?:evaluation|eval|acceptance)[-_]criteria\.(?:ya?ml|json)$/;
const CRITERIA_DOC_NAME =
  /^(?:acceptance(?:[-_ ]criteria)?|acceptance[-_]tests?|evaluation(?:[-_](?:plan|criteria|protocol|report))?|eval(?:[-_](?:plan|criteria))?|success[-_]criteria|quality[-_](?:bar|gates?)|release[-_]criteria|go[-_]no[-_]go)\.(?:md|markdown)$/;
const CRITERIA_DOC_FOLDER = /^(?=((?:[^]*\/)?(?:evaluation|eval|evals|acceptance|acceptance-criteria)\/))\1(?:[^/]+\/)*[^/]+\.(?:md|markdown)$/;
const MODEL_CARD = /(?:^|\/)model[-_ ]?card\.(?:md|markdown)$/;
const README = /(?:^|\/)readme\.(?:md|markdown)$/;
const EVAL_RESULTS = /(?:^|\/)\.eval_results\/[^/]+\.ya?ml$/;
const RAG_EVALUATOR = /^(?:eval|evals|evaluate|evaluation)[-_]config\.json$/;
const PROMPTFOO = /(?:^|\/)promptfooconfig[^/]*\.(?:ya?ml|json)$/;
const LM_EVAL = /^(?=((?:[^]*\/)?(?:lm[-_]eval[^/]*|tasks)\/))\1(?:[^/]+\/)*[^/]+\.ya?ml$/;
const OPENAI_EVALS = /^(?=((?:[^]*\/)?registry\/evals\/))\1(?:[^/]+\/)*[^/]+\.ya?ml$/;
/** Folders whose code holds evaluation gates, and the words in a file name that say so. */
const EVAL_FOLDERS = new Set(['evaluation', 'evaluations', 'eval', 'evals', 'auto_evaluation', 'auto-evaluation', 'autoevaluation', 'evaluator', 'evaluators', 'acceptance', 'quality_gates', 'quality-gates', 'quality_gate', 'quality-gate', 'gates']);
/** Words of a file name (split at - _ .), so `retrieval.py` is not taken for `eval`. */
const EVAL_NAME_WORDS = new Set(['eval', 'evals', 'evaluate', 'evaluation', 'evaluations', 'evaluator', 'evaluators', 'gate', 'gates', 'threshold', 'thresholds', 'acceptance']);
const QUALITY_TEST_WORDS = new Set(['model', 'quality', 'metric', 'metrics', 'performance', 'accuracy']);
const CODE_EXTENSION = /\.(?:py|rb|ts|js|go|kt|java|scala|ipynb)$/;
const CONFIG_CODE_NAMES = new Set(['config.py', 'configs.py', 'constants.py', 'params.py', 'parameters.py']);
const CONFIG_FOLDERS = new Set(['config', 'configs', 'conf', 'params', 'pipeline', 'pipelines', 'ml_pipelines', 'training', 'train', 'evaluation', 'eval']);
const CONFIG_NAMES = new Set(['params', 'config', 'pipeline', 'train_config', 'training_config', 'train-config', 'training-config']);
const NOT_MODEL_CONFIG_FOLDERS = new Set(['.github', '.gitlab', '.circleci', '.devcontainer', 'k8s', 'kubernetes', 'helm', 'charts', 'deploy', 'infra', 'terraform']);

/** Segments, not a regex: `(?:[^/]+\/)*` over a deep path backtracks without end. */
/** A file name (lower-cased) in a language whose code may hold evaluation gates. */
function isEvalCodeName(base: string): boolean {
  return CODE_EXTENSION.test(base);
}

/** A folder path (lower-cased, no trailing slash) with an evaluation folder among its segments. */
function isEvalFolder(folder: string): boolean {
  return folder !== '' && folder.split('/').some((segment) => EVAL_FOLDERS.has(segment));
}

/** `evaluate.py`, `quality_gates.ts`, `test_model_quality.py`: words of the name (split at - _ .) say evaluation. */
function isEvalName(base: string): boolean {
  const stem = base.slice(0, base.lastIndexOf('.'));
  const words = stem.split(/[-_.]/);
  if (words.some((word) => EVAL_NAME_WORDS.has(word))) return true;
  return base.endsWith('.py') && (stem.startsWith('test_') || stem.startsWith('test-')) && words.some((word) => QUALITY_TEST_WORDS.has(word));
}

/** `pipeline.py`, `training_pipeline.py`, `4-sagemaker-pipeline.ipynb`: a pipeline by its name (or, see codeRoleOf, under `pipelines/`). */
function isPipelineName(base: string): boolean {
  if (!/\.(?:py|ipynb)$/.test(base)) return false;
  return base.slice(0, base.lastIndexOf('.')).split(/[-_.]/).some((word) => word === 'pipeline' || word === 'pipelines');
}

/** A folder path (lower-cased) with a `pipeline(s)` segment. */
function isPipelineFolder(folder: string): boolean {
  return folder !== '' && folder.split('/').some((segment) => segment === 'pipeline' || segment === 'pipelines');
}

/** YAML/JSON in a pipeline's configuration places (configs/, ml_pipelines/, params.yaml), not CI or deployment. */
function isModelConfigFile(lower: string): boolean {
  const segments = lower.split('/');
  const base = segments.pop()!;
  const dot = base.lastIndexOf('.');
  if (dot < 0 || !['.yaml', '.yml', '.json'].includes(base.slice(dot))) return false;
  if (segments.some((segment) => NOT_MODEL_CONFIG_FOLDERS.has(segment))) return false;
  return CONFIG_NAMES.has(base.slice(0, dot)) || segments.some((segment) => CONFIG_FOLDERS.has(segment));
}

const CODE_IGNORED = /(?:^|\/)(?:node_modules|vendor|dist|build|\.next|static|third[-_]party)\//;
const GREAT_EXPECTATIONS = /^(?=((?:[^]*\/)?(?:great_expectations|gx)\/expectations\/))\1(?:[^/]+\/)*[^/]+\.json$/;

/** Candidate files by role, in a stable order, capped per role. */
export function findEvaluationFiles(snapshot: Snapshot, locations: readonly string[] = []): Candidate[] {
  const byRole = new Map<CandidateRole, string[]>();
  const seen = new Set<string>();
  const add = (path: string, role: CandidateRole) => {
    if (seen.has(path) || snapshot.isSymlink(path)) return;
    seen.add(path);
    const list = byRole.get(role) ?? [];
    byRole.set(role, list);
    list.push(path);
  };

  // Policy locations first: the buyer said where to look.
  for (const path of policyMatches(snapshot, locations)) {
    if (IGNORED.test(path)) continue;
    if (MARKDOWN.test(path.toLowerCase())) add(path, 'criteria-doc');
    else if (/\.(?:ya?ml|json)$/i.test(path)) add(path, 'sniff');
  }

  // Every role is a Markdown, YAML or JSON file: the extension index narrows a 200k-file listing first.
  for (const path of snapshot.glob('**/*.{md,markdown,yml,yaml,json}')) {
    const lower = path.toLowerCase();
    if (IGNORED.test(lower)) continue;
    const base = lower.slice(lower.lastIndexOf('/') + 1);
    const depth = lower.split('/').length - 1;
    if (CRITERIA_FILE.test(lower)) add(path, 'criteria-file');
    else if (GATE_FILE.test(lower)) add(path, 'gate-file');
    else if (MARKDOWN.test(base)) {
      if (CRITERIA_DOC_NAME.test(base) || CRITERIA_DOC_FOLDER.test(lower)) add(path, 'criteria-doc');
      else if (MODEL_CARD.test(lower) || (README.test(lower) && depth <= 2) || (lower.startsWith('docs/') && depth <= 3)) add(path, 'general-doc');
    } else if (EVAL_RESULTS.test(lower)) add(path, 'eval-results');
    else if (PROMPTFOO.test(base)) add(path, 'promptfoo');
    else if (RAG_EVALUATOR.test(base)) add(path, 'rag-evaluator');
    else if (OPENAI_EVALS.test(lower)) add(path, 'openai-evals');
    else if (GREAT_EXPECTATIONS.test(lower)) add(path, 'great-expectations');
    else if (LM_EVAL.test(lower)) add(path, 'lm-eval');
    else if (isModelConfigFile(lower)) add(path, 'config-file');
  }

  const roleOf = codeRoleOf();
  for (const path of snapshot.glob('**/*.{py,rb,ts,js,go,kt,java,scala,ipynb}')) {
    const role = roleOf(path);
    if (role) add(path, role);
  }

  const candidates: Candidate[] = [];
  for (const [role, paths] of byRole) {
    const ordered = role === 'general-doc' ? [...paths].sort(generalDocOrder) : paths;
    for (const path of ordered.slice(0, MAX_FILES_PER_ROLE[role])) candidates.push({ path, role });
  }
  return candidates;
}

/**
 * The role of a code file, or null: evaluation code by its folder or name, a configuration module by its name, a
 * pipeline by its name or folder. Folder questions are asked once per distinct folder (the ignored folders are
 * folder questions too: both patterns end in `/`), and a name only when a cheap test says it may matter.
 * Lower-casing and splitting each of 100k paths cost more than the rest of the pass.
 */
function codeRoleOf(): (path: string) => CandidateRole | null {
  const folders = new Map<string, FolderRole>();
  let lastKey = '';
  let last: FolderRole | undefined;
  return (path) => {
    const slash = path.lastIndexOf('/');
    let folder: FolderRole;
    // Paths come in listing order, a folder's files together: the folder before answers most without a slice.
    if (last !== undefined && slash === lastKey.length && path.startsWith(lastKey)) folder = last;
    else {
      const key = slash === -1 ? '' : path.slice(0, slash);
      folder = folders.get(key) ?? folderRole(key);
      folders.set(key, folder);
      lastKey = key;
      last = folder;
    }
    if (folder.ignored) return null;
    const name = path.slice(slash + 1);
    if (!NAME_HINT.test(name)) return folder.evaluation ? 'eval-code' : folder.pipeline && /\.(?:py|ipynb)$/i.test(name) ? 'pipeline-code' : null;
    const base = name.toLowerCase();
    if (base.endsWith('.min.js') || base.endsWith('.d.ts')) return null;
    if (isEvalCodeName(base) && (folder.evaluation || isEvalName(base))) return 'eval-code';
    if (CONFIG_CODE_NAMES.has(base)) return 'config-code';
    if (isPipelineName(base) || (folder.pipeline && /\.(?:py|ipynb)$/.test(base))) return 'pipeline-code';
    return null;
  };
}

interface FolderRole {
  ignored: boolean;
  evaluation: boolean;
  pipeline: boolean;
}

function folderRole(key: string): FolderRole {
  const lower = key.toLowerCase();
  const withSlash = lower === '' ? '' : `${lower}/`;
  return { ignored: IGNORED.test(withSlash) || CODE_IGNORED.test(withSlash), evaluation: isEvalFolder(lower), pipeline: isPipelineFolder(lower) };
}

/** Every name isEvalName, CONFIG_CODE_NAMES, isPipelineName or the skipped suffixes can answer holds one of these. */
const NAME_HINT = /eval|gate|threshold|acceptance|test|config|constant|param|pipeline|\.min\.js$|\.d\.ts$/i;

function policyMatches(snapshot: Snapshot, locations: readonly string[]): readonly string[] {
  if (locations.length === 0) return [];
  const patterns: string[] = [];
  for (const location of locations) {
    const clean = location.replace(/^\.\//, '').replace(/(?<!\/)\/+$/, '');
    patterns.push(clean);
    if (!/[*?{}[\]]/.test(clean) && !/\.[A-Za-z0-9]+$/.test(clean)) patterns.push(`${clean}/**/*.{md,markdown,yml,yaml,json}`);
  }
  return snapshot.glob(patterns);
}

/** Root README and model cards before the rest of docs/, so the cap never drops them. */
function generalDocOrder(a: string, b: string): number {
  const rank = (path: string) => {
    const lower = path.toLowerCase();
    if (!lower.includes('/')) return 0;
    if (MODEL_CARD.test(lower)) return 1;
    if (README.test(lower)) return 2;
    return 3;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
