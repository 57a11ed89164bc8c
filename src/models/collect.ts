// Collects the model inventory of a snapshot once: files recognised by their bytes, model folders, models
// delivered through Git LFS or DVC, references to models in stores, the approved version, independent hash
// records, and the signs that a model is trained here at all.
import { collectDatasets } from '../datasets/index.js';
import { collectExperiments } from '../experiments/index.js';
import { contentHash, type ContentHash } from '../formats/content-hash.js';
import { parseDvcLock } from '../formats/dvc.js';
import { parseMlmodelFile } from '../formats/mlmodel.js';
import { isModelCardFileName, parseModelCard } from '../formats/model-card.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { findApprovedModel, type ApprovedModel } from './approved.js';
import { findModelFolders } from './folders.js';
import { formatFromName, hashesOf, inspectModelFile, newArtifact } from './inspect-file.js';
import type { ModelArtifact, ModelProblem, ModelReference } from './model.js';
import { isModelPath, isSniffCandidate, isTestAsset, join, THIRD_PARTY } from './paths.js';
import { DEFAULT_MODEL_READ_LIMITS, type ModelReadLimits } from './read.js';
import { findModelReferences } from './references.js';
import { accessGrantedIn, readAccessDocuments, storeKeyOfUrl, type AccessDocument } from './stores.js';

/** Files whose first bytes are looked at, at most, and bytes read whole for sniffing at most, per scan. */
const MAX_SNIFFED = 20_000;
const SNIFF_BYTE_BUDGET = 512 * 1024 * 1024;
const MIN_MODEL_BYTES = 16;

/** A content hash written down somewhere other than the pointer that delivers the file. */
export interface HashRecord {
  hash: ContentHash;
  path: string;
  line: number;
  /** Text around it, to tell what it is the hash of. */
  context: string;
}

export interface DeliveredElsewhere {
  artifact: ModelArtifact;
  /** The DVC remote or LFS store, and the access document that names it. */
  store: string;
  grantedIn: string | null;
  /** The store is a local path only the author's machine reaches. */
  local: boolean;
}

export interface ModelInventory {
  /** Every model found: files present, folders, and pointers to models kept elsewhere (test assets excluded). */
  artifacts: ModelArtifact[];
  /** Models under test or fixture folders: what the tests load, never judged as the delivered model. */
  testAssets: ModelArtifact[];
  elsewhere: DeliveredElsewhere[];
  references: ModelReference[];
  approved: ApprovedModel | null;
  hashRecords: HashRecord[];
  accessDocuments: AccessDocument[];
  /** Paths that show a model is trained here (runs, registry, model card, training code). */
  trainingSigns: Array<{ path: string; what: string }>;
  /** Hosted model APIs the code depends on (openai, anthropic, …), for the "no model of its own" case. */
  hostedApis: string[];
  /** Model card front matter: base models and licence. */
  card: { path: string; baseModels: string[]; license: string | null; text: string } | null;
  problems: ModelProblem[];
  sniffed: { files: number; skipped: number };
}

const cache = new WeakMap<Snapshot, Map<string, Promise<ModelInventory>>>();

export function collectModels(snapshot: Snapshot, options: { locations?: readonly string[]; limits?: Partial<ModelReadLimits> } = {}): Promise<ModelInventory> {
  const limits = { ...DEFAULT_MODEL_READ_LIMITS, ...options.limits };
  const key = `${JSON.stringify(limits)}\0${(options.locations ?? []).join('\0')}`;
  let perSnapshot = cache.get(snapshot);
  if (!perSnapshot) cache.set(snapshot, (perSnapshot = new Map()));
  let pending = perSnapshot.get(key);
  if (!pending) perSnapshot.set(key, (pending = collect(snapshot, options.locations ?? [], limits)));
  return pending;
}

async function collect(snapshot: Snapshot, locations: readonly string[], limits: ModelReadLimits): Promise<ModelInventory> {
  const problems: ModelProblem[] = [];
  const files = new Map<string, ModelArtifact>();
  let budget = SNIFF_BYTE_BUDGET;
  let sniffedCount = 0;
  let skipped = 0;
  // Files named like models first: a tree of many other files must not use the sniffing budget up before them.
  const candidates = snapshot.files.filter((path) => isSniffCandidate(path) && !snapshot.isSymlink(path));
  const ordered = [...candidates.filter((path) => isModelPath(path)), ...candidates.filter((path) => !isModelPath(path))];
  for (const path of ordered) {
    if (snapshot.deadline.expired()) break;
    const size = await snapshot.sizeOf(path);
    if (size === undefined || size < MIN_MODEL_BYTES) continue;
    if (sniffedCount >= MAX_SNIFFED || (size <= limits.wholeBytes && size > budget)) {
      skipped++;
      if (isModelPath(path)) files.set(path, newArtifact(path, formatFromName(path), { size, safety: { level: 'not-inspected', dangerous: [], unknown: [], reason: 'not inspected: the scan reached its sniffing budget' }, note: 'format judged from the file name only' }));
      continue;
    }
    sniffedCount++;
    if (size <= limits.wholeBytes) budget -= size;
    const artifact = await inspectModelFile(snapshot, path, size, limits);
    if (artifact) files.set(path, artifact);
  }

  const folders = await findModelFolders(snapshot, files);
  await hashFolderData(snapshot, folders, limits);
  const inFolder = (path: string) => folders.some((folder) => folder.path !== '.' && path.startsWith(`${folder.path}/`));
  const datasets = await collectDatasets(snapshot, locations);
  const accessDocuments = await readAccessDocuments(snapshot, locations);

  // Models delivered through Git LFS or DVC: pointers and lock entries for model-like paths.
  const elsewhere: DeliveredElsewhere[] = [];
  const defaultRemote = datasets.storage.find((s) => s.kind === 'dvc-remote' && s.isDefault) ?? datasets.storage.find((s) => s.kind === 'dvc-remote');
  const lfsStore = datasets.storage.find((s) => s.kind === 'lfs');
  const declarations = [...datasets.declarations.filter((d) => !d.isUrl && ['dvc-file', 'dvc-lock', 'lfs-pointer'].includes(d.kind)), ...(await lockedModelOutputs(snapshot))];
  for (const declaration of declarations) {
    if (!isModelPath(declaration.target)) continue;
    const present = files.get(declaration.target);
    if (present) {
      // Pulled into the delivery: the file itself is judged; the pointer's hash is what it must match.
      present.recorded.push(...declaration.hashes.filter((hash) => !present.recorded.some((known) => known.value === hash.value)));
      continue;
    }
    if (snapshot.has(declaration.target) && declaration.kind !== 'lfs-pointer') continue; // present but no model format
    const existing = elsewhere.find((entry) => entry.artifact.path === declaration.target);
    if (existing) {
      for (const hash of declaration.hashes) if (!existing.artifact.recorded.some((known) => known.value === hash.value)) existing.artifact.recorded.push(hash);
      continue;
    }
    const lfs = declaration.kind === 'lfs-pointer';
    const store = lfs ? (lfsStore?.url ?? 'the Git LFS store of the repository') : (defaultRemote?.url ?? '');
    const custom = lfs && lfsStore !== undefined && /:\/\//.test(lfsStore.url);
    const grantedIn = lfs && !custom ? '(travels with the repository)' : store ? accessGrantedIn(storeKeyOfUrl(store), accessDocuments) : null;
    const artifact = newArtifact(declaration.target, formatFromName(declaration.target), {
      delivery: lfs ? 'lfs' : 'dvc',
      size: declaration.size,
      recorded: [...declaration.hashes],
      safety: safetyByName(declaration.target, lfs ? 'Git LFS' : 'a DVC remote'),
      note: `${lfs ? 'Git LFS pointer' : `DVC-tracked (${declaration.declaredIn})`}${declaration.hashes[0] ? `, ${declaration.hashes[0].algorithm} ${declaration.hashes[0].value.slice(0, 12)}…` : ''}${declaration.size !== null ? `, ${declaration.size} bytes` : ''}`,
    });
    elsewhere.push({ artifact, store: store || '(no DVC remote declared)', grantedIn, local: defaultRemote?.local ?? false });
  }

  const references = await findModelReferences(snapshot, new Set(accessDocuments.map((document) => document.path)));
  for (const reference of references) reference.grantedIn = accessGrantedIn(reference.storeKey, accessDocuments);
  const card = await readModelCard(snapshot);
  const approved = await findApprovedModel(snapshot, locations);
  const tracking = await collectExperiments(snapshot);

  const trainingSigns: ModelInventory['trainingSigns'] = [];
  for (const store of tracking.stores) if (store.runs.length) trainingSigns.push({ path: store.ref.path, what: `${store.runs.length} tracked run(s)` });
  for (const model of tracking.stores.flatMap((store) => store.registeredModels)) trainingSigns.push({ path: model.path, what: `registered model ${model.name}` });
  if (card) trainingSigns.push({ path: card.path, what: 'a model card' });
  trainingSigns.push(...(await trainingCode(snapshot)));

  const found = [...[...files.values()].filter((artifact) => !inFolder(artifact.path)), ...folders, ...elsewhere.map((entry) => entry.artifact)];
  return {
    artifacts: found.filter((artifact) => !isTestAsset(artifact.path)),
    testAssets: found.filter((artifact) => isTestAsset(artifact.path)),
    elsewhere: elsewhere.filter((entry) => !isTestAsset(entry.artifact.path)),
    references,
    approved,
    hashRecords: await findHashRecords(snapshot, approved, card),
    accessDocuments,
    trainingSigns,
    hostedApis: await hostedApis(snapshot),
    card,
    problems,
    sniffed: { files: sniffedCount, skipped },
  };
}

/** Model outputs of pipeline stages in dvc.lock (the dataset reader keeps only data outputs). */
async function lockedModelOutputs(snapshot: Snapshot): Promise<Array<{ target: string; kind: 'dvc-lock'; hashes: ContentHash[]; size: number | null; declaredIn: string }>> {
  const found: Array<{ target: string; kind: 'dvc-lock'; hashes: ContentHash[]; size: number | null; declaredIn: string }> = [];
  for (const path of snapshot.named('dvc.lock').filter((p) => !THIRD_PARTY.test(p)).slice(0, 20)) {
    const read = await snapshot.readText(path, { maxBytes: 4 * 1024 * 1024 });
    const lock = read.ok ? parseDvcLock(read.text) : null;
    if (!lock?.ok) continue;
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    for (const stage of lock.value.stages) {
      for (const out of stage.outs) {
        if (!out.path || !out.hash || out.path.includes('..') || /^[a-z0-9]+:\/\//i.test(out.path)) continue;
        found.push({ target: join(folder, out.path.replace(/(?<!\/)\/+$/, '')), kind: 'dvc-lock', hashes: [out.hash], size: out.size ?? null, declaredIn: path });
      }
    }
  }
  return found;
}

/** Formats that hold no code are safe to load whatever their content; the others cannot be judged unseen. */
function safetyByName(path: string, store: string): ModelArtifact['safety'] {
  const format = formatFromName(path);
  if (['safetensors', 'onnx', 'gguf', 'lightgbm-text'].includes(format)) return { level: 'safe', dangerous: [], unknown: [], reason: `a ${format} file holds no code (judged from its name: the content is in ${store})` };
  return { level: 'not-inspected', dangerous: [], unknown: [], reason: `content kept in ${store}, not in the delivery` };
}

/** An MLflow folder is hashed through the file its flavours load (the first one delivered and within the cap). */
async function hashFolderData(snapshot: Snapshot, folders: ModelArtifact[], limits: ModelReadLimits): Promise<void> {
  for (const folder of folders) {
    if (folder.format !== 'mlflow-model') continue;
    const read = await snapshot.readText(join(folder.path, 'MLmodel'), { maxBytes: 512 * 1024 });
    if (!read.ok) continue;
    const parsed = parseMlmodelFile(read.text);
    const data = parsed.ok ? parsed.value.flavors.map((flavor) => flavor.data).find((d): d is string => d !== null && !d.includes('..')) : undefined;
    const target = data ? join(folder.path, data) : null;
    if (!target || !snapshot.has(target)) continue;
    const size = await snapshot.sizeOf(target);
    if (size === undefined || size > limits.wholeBytes) continue;
    const bytes = await snapshot.readBytes(target, limits.wholeBytes);
    if (bytes.ok) folder.computed = hashesOf(bytes.bytes);
  }
}

/** Hex digests written in the model card, registry version tags and checksum files, with their context. */
async function findHashRecords(snapshot: Snapshot, approved: ApprovedModel | null, card: ModelInventory['card']): Promise<HashRecord[]> {
  const records: HashRecord[] = [];
  const scan = (path: string, text: string, lineOffset = 0) => {
    const lines = text.split('\n');
    for (const [index, line] of lines.slice(0, 20_000).entries()) {
      for (const match of line.matchAll(/(?<![0-9a-fA-F])(?:(md5|sha256)[:= ]+)?([0-9a-fA-F]{64}|[0-9a-fA-F]{32})(?![0-9a-fA-F])/g)) {
        const algorithm = match[2].length === 64 ? 'sha256' : 'md5';
        if (records.length < 500) records.push({ hash: contentHash(algorithm, match[2]), path, line: index + 1 + lineOffset, context: line.trim().slice(0, 200) });
      }
    }
  };
  if (approved?.registry) {
    for (const [key, value] of Object.entries(approved.registry.tags)) scan(`${approved.registry.path.replace(/meta\.yaml$/, '')}tags/${key}`.replace(/\/\//g, '/'), `${key} ${value}`);
    if (approved.registry.description) scan(approved.registry.path, approved.registry.description);
  }
  if (card) scan(card.path, card.text);
  for (const path of snapshot.glob(['**/*.sha256', '**/*.md5', '**/SHA256SUMS*', '**/MD5SUMS*', '**/checksums*.txt', '**/*.sha256sum']).filter((p) => !THIRD_PARTY.test(p)).slice(0, 50)) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (read.ok) scan(path, read.text);
  }
  return records;
}

async function readModelCard(snapshot: Snapshot): Promise<ModelInventory['card']> {
  const candidates = snapshot.files.filter((path) => !THIRD_PARTY.test(path) && /\.(md|markdown)$/i.test(path) && isModelCardFileName(path) && !snapshot.isSymlink(path));
  const readmes = ['README.md'].filter((path) => snapshot.has(path));
  for (const path of [...candidates, ...readmes].slice(0, 20)) {
    const read = await snapshot.readText(path, { maxBytes: 1024 * 1024 });
    if (!read.ok) continue;
    const card = parseModelCard(read.text);
    if (!candidates.includes(path) && !(card.metadata && (card.metadata.baseModel.length || card.metadata.libraryName || card.metadata.pipelineTag))) continue;
    return { path, baseModels: card.metadata?.baseModel ?? [], license: card.metadata?.license ?? null, text: read.text };
  }
  return null;
}

/** Calls that fit or save a model, in code and notebooks (tests excluded: they fit toy models). */
const TRAINING_CALL = /\.fit\(|\bTrainer\(|\.train\(\s*\)|\btorch\.save\(|\bjoblib\.dump\(|\bpickle\.dump\(|\.save_model\(|\.save_pretrained\(|\bmlflow\.\w+\.log_model\(|\blgb\.train\(|\bxgb\.train\(/;
const MAX_CODE_FILES = 400;

async function trainingCode(snapshot: Snapshot): Promise<Array<{ path: string; what: string }>> {
  const found: Array<{ path: string; what: string }> = [];
  const files = snapshot.glob(['**/*.py', '**/*.ipynb']).filter((p) => !THIRD_PARTY.test(p) && !/(^|\/)(tests?|testing)\/|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(p) && !snapshot.isSymlink(p));
  for (const path of files.slice(0, MAX_CODE_FILES)) {
    const read = await snapshot.readText(path, { maxBytes: 1024 * 1024 });
    const call = read.ok ? TRAINING_CALL.exec(read.text) : null;
    if (call) found.push({ path, what: `training code calling ${call[0].replace(/(?<![\\(\s])[\\(\s]+$/, '')}` });
    if (found.length >= 5) break;
  }
  return found;
}

const HOSTED = /^(openai|anthropic|cohere|mistralai|google-generativeai|google-genai|groq|together|replicate|litellm|langchain-openai|langchain-anthropic|boto3|azure-ai-inference|vertexai)\b/im;

async function hostedApis(snapshot: Snapshot): Promise<string[]> {
  const found = new Set<string>();
  for (const path of snapshot.glob(['requirements*.txt', 'pyproject.toml', 'package.json', '**/requirements*.txt']).filter((p) => !THIRD_PARTY.test(p)).slice(0, 20)) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok) continue;
    for (const line of read.text.split('\n')) {
      const match = HOSTED.exec(line.trim().replace(/^["']/, ''));
      if (match && match[1] !== 'boto3') found.add(match[1].toLowerCase());
    }
  }
  return [...found].sort();
}
