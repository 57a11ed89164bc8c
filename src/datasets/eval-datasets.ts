// The evaluation sets of an LLM application as versioned data: each set (promptfoo test files, OpenAI eval
// samples, golden JSONL/CSV, Ragas/DeepEval/LangSmith-style exports, releases in version folders) with what pins
// it (a DVC/LFS/manifest hash or version, a list manifest, a version in its path, a dataset card) and whether the
// receiving team can fetch it. Finding the sets is src/llm/eval-sets.ts's job; this adds their versioning.
import { parseJson } from '../formats/json.js';
import { countEvalCases, findEvalSets } from '../llm/eval-sets.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { ListManifest } from './read-list-manifests.js';
import { covers, type DatasetModel } from './model.js';
import { folderOf, isUrl } from './paths.js';
import { versionInPath } from './versioned-paths.js';

export interface EvalDataset {
  /** The file (or config) holding the cases. */
  path: string;
  /** What found it: `promptfoo`, `golden-set`, `openai-evals`, `versioned-release`, a tool's export (`LangSmith dataset export`), `eval-export`. */
  via: string;
  cases: number | null;
  /** What pins it to a version, or null. */
  pinnedBy: string | null;
  /** Committed to git without any version a result could name: the commit alone pins it. */
  commitOnly: boolean;
  /** In the repository, or in a declared storage location. */
  fetchable: boolean;
  /** Where the set is pinned or declared (for findings), when somewhere else than itself. */
  declaredIn?: string;
}

const EVAL_FOLDER = /(^|\/)(evals?|evaluations?|llm[-_]evals?|golden(?:[-_]sets?)?|benchmarks?|test[-_]?sets?|auto[-_]?evaluation)\//i;
const EVAL_NAME = /golden|eval|test[-_]?set|benchmark|qa[-_]?pairs/i;
const CASE_FILE = /\.(?:jsonl|json|csv|tsv|ya?ml|parquet)$/i;
const IGNORED = /(^|\/)(node_modules|site-packages|\.venv|venv|vendor|mlruns|wandb|dist|build|static|results?|outputs?|reports?|runs|responses|experiments)\//i;
const CONFIG_NAME = /(?:^|\/)(?:promptfooconfig[^/]*|package|tsconfig|manifest|[^/]*manifest|config|settings)\.(?:ya?ml|json)$/i;
const MAX_EXTRA_SETS = 60;
const MAX_EXPORT_BYTES = 8 * 1024 * 1024;

export async function findEvalDatasets(snapshot: Snapshot, model: DatasetModel, manifests: readonly ListManifest[]): Promise<EvalDataset[]> {
  const found: EvalDataset[] = [];
  const seen = new Set<string>();
  for (const set of await findEvalSets(snapshot)) {
    const files = set.files ?? [set.path];
    if (files.length === 0) {
      // A remote test set (promptfoo `tests: huggingface://…`): stored and named by its source, not in git.
      found.push({ path: set.path, via: set.kind, cases: set.cases, pinnedBy: null, commitOnly: false, fetchable: true });
      continue;
    }
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      found.push(judge(snapshot, model, manifests, file, set.kind, set.cases));
    }
  }
  // Releases kept in version folders and dataset exports the generic finder does not read (JSON under evaluation/).
  const extra = snapshot.files.filter((path) => !seen.has(path) && CASE_FILE.test(path) && !IGNORED.test(path) && !CONFIG_NAME.test(path) && !snapshot.isSymlink(path));
  let added = 0;
  for (const path of extra) {
    if (added >= MAX_EXTRA_SETS) break;
    const versioned = versionInPath(path);
    const evalPlace = EVAL_FOLDER.test(path) || EVAL_NAME.test(path.slice(path.lastIndexOf('/') + 1));
    if (!evalPlace || (!versioned && !/\.json$/i.test(path))) continue;
    const shape = /\.json$/i.test(path) ? await exportShape(snapshot, path) : null;
    const counted = shape ? { cases: shape.cases, checked: true } : /\.parquet$/i.test(path) ? { cases: null, checked: true } : await countEvalCases(snapshot, path);
    // A release folder's files are cases when they are records; a JSON outside one must be a tool's export or carry expected answers.
    if (counted.cases === 0 || (!versioned && !counted.checked)) continue;
    seen.add(path);
    added++;
    found.push(judge(snapshot, model, manifests, path, versioned ? 'versioned-release' : shape?.tool ?? 'eval-export', counted.cases));
  }
  // Sets kept outside git (DVC-tracked, in a bucket) are known by what declares them.
  for (const declaration of model.declarations) {
    const target = declaration.target;
    if (found.length >= MAX_EXTRA_SETS * 2 || declaration.kind === 'dvc-lock' || !EVAL_FOLDER.test(declaration.isUrl ? target : `${target}/`)) continue;
    if (present(snapshot, target) || found.some((set) => covers(target, set.path) || covers(set.path, target))) continue;
    found.push(judge(snapshot, model, manifests, target, declaration.kind, null));
  }
  for (const manifest of manifests.filter((item) => EVAL_FOLDER.test(item.path))) {
    for (const entry of manifest.entries) {
      if (!entry.target || present(snapshot, entry.target) || found.length >= MAX_EXTRA_SETS * 2 || found.some((set) => covers(entry.target!, set.path) || set.path === entry.target)) continue;
      const listed = judge(snapshot, model, manifests, entry.target, 'manifest entry', null);
      // A URL or bucket path named in the manifest is where the set is kept.
      if (isUrl(entry.target)) listed.fetchable = true;
      found.push(listed);
    }
  }
  return found;
}

/** In the snapshot, as a file or a folder with files: then the finders above judged it by its content. */
function present(snapshot: Snapshot, target: string): boolean {
  return !isUrl(target) && (snapshot.has(target) || snapshot.under(target).length > 0);
}

/** The evaluation tool whose export a JSON list of records looks like, from the first record's keys. */
const EXPORT_SHAPES: ReadonlyArray<[string, (keys: Set<string>) => boolean]> = [
  ['LangSmith dataset export', (keys) => keys.has('inputs') && keys.has('outputs')],
  ['DeepEval goldens', (keys) => keys.has('input') && (keys.has('expected_output') || keys.has('context'))],
  ['Ragas test set', (keys) => (keys.has('question') || keys.has('user_input')) && (keys.has('ground_truth') || keys.has('reference') || keys.has('contexts') || keys.has('reference_contexts'))],
];

async function exportShape(snapshot: Snapshot, path: string): Promise<{ tool: string; cases: number } | null> {
  const size = await snapshot.sizeOf(path);
  if (size !== undefined && size > MAX_EXPORT_BYTES) return null;
  const read = await snapshot.readText(path, { maxBytes: MAX_EXPORT_BYTES });
  if (!read.ok) return null;
  const parsed = parseJson(read.text);
  if (!parsed.ok) return null;
  const list = Array.isArray(parsed.value) ? parsed.value : isRecord(parsed.value) && Array.isArray(parsed.value.examples) ? parsed.value.examples : isRecord(parsed.value) && Array.isArray(parsed.value.goldens) ? parsed.value.goldens : null;
  const first = list?.find(isRecord);
  if (!first) return null;
  const keys = new Set(Object.keys(first));
  const tool = EXPORT_SHAPES.find(([, fits]) => fits(keys))?.[0];
  return tool && list ? { tool, cases: list.length } : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function judge(snapshot: Snapshot, model: DatasetModel, manifests: readonly ListManifest[], path: string, via: string, cases: number | null): EvalDataset {
  const committed = snapshot.has(path);
  const result: EvalDataset = { path, via, cases, pinnedBy: null, commitOnly: false, fetchable: committed };
  const declaration = model.declarations.find((d) => (d.isUrl ? d.target === path : covers(d.target, path)) && (d.hashes.some((hash) => hash.valid) || d.version));
  if (declaration) {
    result.pinnedBy = declaration.hashes.some((hash) => hash.valid) ? `${declaration.hashes.find((hash) => hash.valid)!.algorithm} in ${declaration.declaredIn}` : `version ${declaration.version} in ${declaration.declaredIn}`;
    result.declaredIn = declaration.declaredIn;
    result.fetchable = result.fetchable || Boolean(declaration.storage) || model.storage.some((location) => !location.local);
    return result;
  }
  if (model.isLfsTracked(path)) {
    result.pinnedBy = 'Git LFS object id';
    return result;
  }
  for (const manifest of manifests) {
    const entry = manifest.entries.find((item) => item.target !== null && covers(item.target, path));
    if (!entry) continue;
    const pin = entry.hashes.find((hash) => hash.valid);
    const how = pin ? pin.algorithm : entry.version ? `version ${entry.version}` : entry.asOf ? `as of ${entry.asOf}` : manifest.version ? `version ${manifest.version}` : manifest.asOf ? `as of ${manifest.asOf}` : null;
    if (how) {
      result.pinnedBy = `${how} in ${manifest.path}`;
      result.declaredIn = manifest.path;
      return result;
    }
  }
  const versioned = versionInPath(path);
  if (versioned) {
    result.pinnedBy = `version ${versioned.version} in its ${versioned.where === 'folder' ? 'folder' : 'file name'}`;
    return result;
  }
  const card = model.artifacts.find((artifact) => (artifact.kind === 'dataset-card' || artifact.kind === 'datasheet') && covers(folderOf(artifact.path), path) && folderOf(artifact.path) !== '');
  if (card) {
    result.pinnedBy = `dataset card ${card.path}`;
    return result;
  }
  result.commitOnly = committed;
  return result;
}
