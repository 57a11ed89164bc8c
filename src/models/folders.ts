// Models that are folders: an MLflow model (`MLmodel` and the files its flavours load), a Hugging Face model
// (`config.json` with weights, sharded through `*.index.json`, or a PEFT adapter), a TensorFlow SavedModel
// (`saved_model.pb` with `variables/`). A folder is judged with the files inside it that were inspected.
import { parseJsonObject } from '../formats/json.js';
import { parseMlmodelFile } from '../formats/mlmodel.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { newArtifact, SAFE } from './inspect-file.js';
import type { ModelArtifact, SafetyReport } from './model.js';
import { folderOf, join, THIRD_PARTY } from './paths.js';

const CONFIG_BYTES = 512 * 1024;
const INDEX_BYTES = 8 * 1024 * 1024;
const MAX_FOLDERS = 500;
const HF_WEIGHTS = /(^|\/)(model|pytorch_model|tf_model|flax_model|adapter_model|diffusion_pytorch_model)(-\d{5}-of-\d{5})?\.(safetensors|bin|h5|msgpack|onnx)$/;
/** MLflow flavours whose model file is loaded with pickle (or cloudpickle) unless it says otherwise. */
const PICKLE_DATA = /\.(pkl|pickle|joblib|pt|pth|cloudpickle)$/i;

/** Ranks load safety, worst last, to report a folder by its worst file. */
const RANK: Record<SafetyReport['level'], number> = { safe: 0, 'not-inspected': 1, 'pickle-allowed': 2, 'pickle-unknown': 3, dangerous: 4 };

export function worstSafety(reports: readonly SafetyReport[]): SafetyReport {
  let worst: SafetyReport = SAFE;
  for (const report of reports) if (RANK[report.level] > RANK[worst.level]) worst = report;
  const dangerous = [...new Set(reports.flatMap((report) => report.dangerous))];
  const unknown = [...new Set(reports.flatMap((report) => report.unknown))];
  return { ...worst, dangerous, unknown };
}

export async function findModelFolders(snapshot: Snapshot, files: ReadonlyMap<string, ModelArtifact>): Promise<ModelArtifact[]> {
  const folders: ModelArtifact[] = [];
  const inside = (folder: string) => [...files.values()].filter((artifact) => artifact.path.startsWith(`${folder}/`));
  for (const path of snapshot.named('MLmodel').filter((p) => !THIRD_PARTY.test(p) && !snapshot.isSymlink(p)).slice(0, MAX_FOLDERS)) {
    folders.push(await mlflowModel(snapshot, path, inside(folderOf(path))));
  }
  for (const path of snapshot.named('config.json').filter((p) => !THIRD_PARTY.test(p)).slice(0, MAX_FOLDERS)) {
    const folder = folderOf(path);
    if (snapshot.has(join(folder, 'MLmodel'))) continue;
    const hf = await huggingFaceModel(snapshot, folder, inside(folder));
    if (hf) folders.push(hf);
  }
  for (const path of snapshot.named('adapter_config.json').filter((p) => !THIRD_PARTY.test(p)).slice(0, MAX_FOLDERS)) {
    const folder = folderOf(path);
    if (folders.some((artifact) => artifact.path === folder)) continue;
    const hf = await huggingFaceModel(snapshot, folder, inside(folder));
    if (hf) folders.push(hf);
  }
  for (const path of snapshot.named('saved_model.pb').filter((p) => !THIRD_PARTY.test(p)).slice(0, MAX_FOLDERS)) {
    const folder = folderOf(path);
    const variables = snapshot.under(join(folder, 'variables'));
    folders.push(
      newArtifact(folder || '.', 'tf-savedmodel', {
        container: 'folder',
        missing: variables.some((p) => p.endsWith('variables.index')) ? [] : [join(folder, 'variables/variables.index')],
        note: `TensorFlow SavedModel: saved_model.pb and ${variables.length} variables file(s)`,
      }),
    );
  }
  return folders;
}

async function mlflowModel(snapshot: Snapshot, path: string, contents: ModelArtifact[]): Promise<ModelArtifact> {
  const folder = folderOf(path);
  const read = await snapshot.readText(path, { maxBytes: CONFIG_BYTES });
  const parsed = read.ok ? parseMlmodelFile(read.text) : null;
  if (!parsed?.ok) {
    return newArtifact(folder, 'mlflow-model', { container: 'folder', safety: { level: 'not-inspected', dangerous: [], unknown: [], reason: 'MLmodel not parsed' }, note: `MLmodel not parsed${parsed ? `: ${parsed.error.message}` : ''}` });
  }
  const model = parsed.value;
  const missing: string[] = [];
  const reports: SafetyReport[] = contents.map((artifact) => artifact.safety);
  const data = [...new Set(model.flavors.map((flavor) => flavor.data).filter((d): d is string => d !== null && !/^(\/|[a-z]+:)/i.test(d) && !d.includes('..')))];
  for (const file of data) {
    const target = join(folder, file);
    const present = snapshot.has(target) || snapshot.under(target).length > 0;
    if (!present) missing.push(target);
    const inspected = contents.find((artifact) => artifact.path === target);
    const pickled = model.flavors.some((flavor) => flavor.data === file && (flavor.name === 'pytorch' || (flavor.serialization !== null && /pickle/i.test(flavor.serialization)) || PICKLE_DATA.test(file)));
    if (!inspected && pickled) {
      reports.push({ level: present ? 'pickle-unknown' : 'not-inspected', dangerous: [], unknown: [], reason: `${file} is loaded with pickle (${model.flavors.map((f) => f.name).join(', ')})${present ? '' : ' and is not delivered'}` });
    }
  }
  const flavors = model.flavors.map((flavor) => flavor.name).join(', ');
  return newArtifact(folder, 'mlflow-model', {
    container: 'folder',
    missing,
    safety: worstSafety(reports),
    signature: model.signature,
    inputExample: model.inputExample !== null,
    runId: model.runId,
    size: model.modelSizeBytes,
    note: `MLflow model (${flavors})${model.signature ? `, signature with ${model.signature.inputs.length} input(s)` : ', no signature'}${model.inputExample ? ', input example' : ''}${missing.length ? `; ${missing.length} model file(s) not delivered` : ''}`,
  });
}

async function huggingFaceModel(snapshot: Snapshot, folder: string, contents: ModelArtifact[]): Promise<ModelArtifact | null> {
  const listing = snapshot.under(folder || '.').filter((p) => folderOf(p) === folder);
  const weights = listing.filter((p) => HF_WEIGHTS.test(p));
  const indexes = listing.filter((p) => /\.index\.json$/.test(p));
  const adapter = listing.find((p) => p.endsWith('/adapter_config.json') || p === 'adapter_config.json');
  if (weights.length === 0 && indexes.length === 0 && !adapter) return null;
  const config = await readJson(snapshot, join(folder, 'config.json'));
  if (!adapter && (!config || (typeof config.model_type !== 'string' && !Array.isArray(config.architectures)))) return null;
  const missing: string[] = [];
  for (const index of indexes) {
    const map = (await readJson(snapshot, index, INDEX_BYTES))?.weight_map;
    if (!map || typeof map !== 'object') continue;
    for (const file of new Set(Object.values(map as Record<string, unknown>).filter((f): f is string => typeof f === 'string' && !f.includes('..')))) {
      if (!snapshot.has(join(folder, file))) missing.push(join(folder, file));
    }
  }
  // An adapter is its weights: adapter_config.json alone (no adapter_model file, no DVC pointer to one) is not delivered.
  if (adapter && weights.length === 0 && indexes.length === 0 && !listing.some((p) => /(^|\/)adapter_model\.(safetensors|bin)\.dvc$/.test(p))) missing.push(join(folder, 'adapter_model.safetensors'));
  const adapterConfig = adapter ? await readJson(snapshot, adapter) : null;
  const nameOrPath = typeof config?._name_or_path === 'string' ? config._name_or_path : null;
  const base = typeof adapterConfig?.base_model_name_or_path === 'string' ? adapterConfig.base_model_name_or_path : nameOrPath && isHubId(nameOrPath) ? nameOrPath : null;
  const architectures = Array.isArray(config?.architectures) ? (config.architectures as unknown[]).filter((a): a is string => typeof a === 'string').slice(0, 5) : [];
  const weightsSafety = contents.map((artifact) => artifact.safety);
  return newArtifact(folder || '.', 'hf-model', {
    container: 'folder',
    missing: missing.slice(0, 50),
    baseModel: base,
    safety: worstSafety(weightsSafety),
    signature: architectures.length ? { inputs: [typeof config?.model_type === 'string' ? config.model_type : 'model'], outputs: architectures } : null,
    note: `Hugging Face ${adapter ? 'adapter' : 'model'} folder${architectures.length ? ` (${architectures.join(', ')})` : ''}: ${weights.length} weight file(s)${indexes.length ? `, sharded (${indexes.length} index)` : ''}${base ? `, base model ${base}` : ''}${missing.length ? `; ${missing.length} ${adapter && weights.length === 0 ? 'weight file(s)' : 'shard(s)'} not delivered` : ''}`,
  });
}

/** `org/name` as the Hub spells ids, not a local or absolute path. */
export function isHubId(value: string): boolean {
  return /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/.test(value) && !/^(\.|models?|data|checkpoints?|outputs?|src|tmp|home|mnt)\//i.test(value);
}

async function readJson(snapshot: Snapshot, path: string, maxBytes = CONFIG_BYTES): Promise<Record<string, unknown> | null> {
  if (!snapshot.has(path) || snapshot.isSymlink(path)) return null;
  const read = await snapshot.readText(path, { maxBytes });
  if (!read.ok) return null;
  const parsed = parseJsonObject(read.text);
  return parsed.ok ? parsed.value : null;
}
