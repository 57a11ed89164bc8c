// Models kept in stores rather than in the repository, as code, configuration and documents name them:
// MLflow registry URIs (`models:/name@alias`), Hugging Face Hub ids (`from_pretrained("org/name")`, with the role
// the place gives them: base, adapter, output), object-store URIs of model files (s3://, gs://, Azure) and model
// files published at an HTTP address (content-addressed when the address carries the file's sha256). Each is retrievable only if an access list names
// its store (judged in stores.ts).
import type { Snapshot } from '../snapshot/snapshot.js';
import { isHubId } from './folders.js';
import type { ModelReference, ReferenceRole, StoreKind } from './model.js';
import { MODEL_EXTENSION, THIRD_PARTY } from './paths.js';

const SOURCE_FILES = ['**/*.{py,ipynb,yaml,yml,toml,cfg,json,md,sh}', '**/Makefile', '**/Dockerfile'];
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 512 * 1024;
const MAX_REFERENCES = 200;

const REGISTRY_URI = /\bmodels:\/([A-Za-z0-9][\w.-]{0,200})(?:[/@]([\w.-]{1,100}))?/g;
const OBJECT_URI = /\b(s3a?|gs|gcs|abfss?|wasbs?|azureml):\/\/([A-Za-z0-9][\w.@-]{0,200})(\/[^\s'"`)<>\]},]*)?/g;
/** The class before the call is captured: `PeftModel.from_pretrained(base, "org/adapter")` loads an adapter. */
const HUB_CALL =
  /\b(?:(\w{1,60})\.)?(?:from_pretrained|hf_hub_download|snapshot_download|pipeline|SentenceTransformer)\s*\([^)]{0,200}?(?:(?:repo_id|model|model_name_or_path|pretrained_model_name_or_path)\s*=\s*)?["']([A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95})["']/g;
/** `key: org/name` in YAML, `key = "org/name"` (or `key: str = "org/name",`) in Python. */
const HUB_KEY =
  /^[ \t]*(?:-[ \t]*)?["']?(base_model|base_model_name_or_path|model_name_or_path|model_id|hub_model_id|pretrained_model_name_or_path|lora_weights|adapter_name_or_path|peft_model_id)["']?(?:[ \t]*:[ \t]*\w{1,20})?[ \t]*[:=][ \t]*["']?([A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95})["']?[ \t]*(?:,[ \t]*)?$/gm;
/** The same keys as command-line flags in documented commands (`--base_model 'org/name'`). */
const HUB_FLAG = /--(base_model|base_model_name_or_path|model_name_or_path|hub_model_id|lora_weights|adapter_name_or_path)(?:=|[ \t]{1,8})["']?([A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95})/g;
/** A model file published at a plain HTTP(S) address (`https://host/…/<sha256>/large-v3.pt`). */
const HTTP_URI = /\bhttps?:\/\/([A-Za-z0-9][\w.-]{0,200})(\/[^\s'"`)<>\]},]{1,500})/g;
const WEIGHTS_FILE = /\.(?:safetensors|onnx|gguf|pt|pth|ckpt|bin|h5|keras|tflite)(?:[?#]|$)/i;
const SHA256_SEGMENT = /(?:^|[/=])[0-9a-f]{64}(?:[/.?&]|$)/i;

const KEY_ROLES: Record<string, ReferenceRole> = {
  base_model: 'base',
  base_model_name_or_path: 'base',
  model_name_or_path: 'base',
  pretrained_model_name_or_path: 'base',
  hub_model_id: 'output',
  lora_weights: 'adapter',
  adapter_name_or_path: 'adapter',
  peft_model_id: 'adapter',
};

/** `skip`: files not to read (the access lists themselves, which name stores rather than use them). */
export async function findModelReferences(snapshot: Snapshot, skip: ReadonlySet<string> = new Set()): Promise<ModelReference[]> {
  const found: ModelReference[] = [];
  const seen = new Set<string>();
  const add = (store: StoreKind, uri: string, storeKey: string, path: string, text: string, index: number, role: ReferenceRole = 'model') => {
    const key = `${store}\0${uri}`;
    const earlier = found.find((reference) => `${reference.store}\0${reference.uri}` === key);
    // The same id written as a base somewhere and as an adapter or output elsewhere is the vendor's own model.
    if (earlier && earlier.role !== role && role !== 'base' && role !== 'model') earlier.role = role;
    if (seen.has(key) || found.length >= MAX_REFERENCES) return;
    seen.add(key);
    found.push({ store, uri, storeKey, path, line: lineAt(text, index), grantedIn: null, role, contentAddressed: store === 'http' && SHA256_SEGMENT.test(uri) });
  };
  const files = snapshot.glob(SOURCE_FILES).filter((path) => !THIRD_PARTY.test(path) && !snapshot.isSymlink(path) && !/(^|\/)mlruns\//.test(path) && !skip.has(path)).slice(0, MAX_FILES);
  for (const path of files) {
    const read = await snapshot.readText(path, { maxBytes: MAX_FILE_BYTES });
    if (!read.ok) continue;
    const text = read.text;
    if (text.includes('models:/')) for (const match of text.matchAll(REGISTRY_URI)) add('mlflow-registry', match[0], `mlflow:${match[1]}`, path, text, match.index);
    if (text.includes('://')) {
      for (const match of text.matchAll(OBJECT_URI)) {
        const rest = match[3] ?? '';
        if (!/model|weights|checkpoint|mlflow|artifact/i.test(`${match[2]}${rest}`) && !MODEL_EXTENSION.test(rest)) continue;
        const scheme = match[1].toLowerCase();
        const store: StoreKind = scheme.startsWith('s3') ? 's3' : scheme.startsWith('g') ? 'gcs' : 'azure';
        add(store, match[0], `${scheme}://${match[2]}`, path, text, match.index);
      }
    }
    if (text.includes('://')) {
      for (const match of text.matchAll(HTTP_URI)) {
        if (/(^|\.)(huggingface\.co|hf\.co)$/i.test(match[1]) || !WEIGHTS_FILE.test(match[2])) continue;
        add('http', match[0], `http://${match[1].toLowerCase()}`, path, text, match.index);
      }
    }
    for (const match of text.matchAll(HUB_CALL)) {
      const id = match[2];
      if (isHubId(id)) add('hf-hub', id, `hf:${id.split('/')[0]}`, path, text, match.index + match[0].indexOf(id), /peft/i.test(match[1] ?? '') ? 'adapter' : 'model');
    }
    for (const pattern of [HUB_KEY, HUB_FLAG]) {
      for (const match of text.matchAll(pattern)) {
        const id = match[2];
        if (isHubId(id)) add('hf-hub', id, `hf:${id.split('/')[0]}`, path, text, match.index + match[0].lastIndexOf(id), KEY_ROLES[match[1]] ?? 'model');
      }
    }
  }
  return found;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
