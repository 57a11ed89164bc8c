// Models kept in stores rather than in the repository, as code, configuration and documents name them:
// MLflow registry URIs (`models:/name@alias`), Hugging Face Hub ids (`from_pretrained("org/name")`), and
// object-store URIs of model files (s3://, gs://, Azure). Each is retrievable only if an access list names
// its store (judged in stores.ts).
import type { Snapshot } from '../snapshot/snapshot.js';
import { isHubId } from './folders.js';
import type { ModelReference, StoreKind } from './model.js';
import { MODEL_EXTENSION, THIRD_PARTY } from './paths.js';

const SOURCE_FILES = ['**/*.{py,ipynb,yaml,yml,toml,cfg,json,md,sh}', '**/Makefile', '**/Dockerfile'];
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 512 * 1024;
const MAX_REFERENCES = 200;

const REGISTRY_URI = /\bmodels:\/([A-Za-z0-9][\w.-]{0,200})(?:[/@]([\w.-]{1,100}))?/g;
const OBJECT_URI = /\b(s3a?|gs|gcs|abfss?|wasbs?|azureml):\/\/([A-Za-z0-9][\w.@-]{0,200})(\/[^\s'"`)<>\]},]*)?/g;
const HUB_CALL =
  /\b(?:from_pretrained|hf_hub_download|snapshot_download|pipeline|SentenceTransformer|AutoPeftModel\w*\.from_pretrained)\s*\([^)]{0,200}?(?:(?:repo_id|model|model_name_or_path|pretrained_model_name_or_path)\s*=\s*)?["']([A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95})["']/g;
const HUB_KEY = /^[ \t]*(?:-[ \t]*)?["']?(base_model|base_model_name_or_path|model_name_or_path|model_id|hub_model_id|pretrained_model_name_or_path)["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95})["']?[ \t]*(?:,[ \t]*)?$/gm;

/** `skip`: files not to read (the access lists themselves, which name stores rather than use them). */
export async function findModelReferences(snapshot: Snapshot, skip: ReadonlySet<string> = new Set()): Promise<ModelReference[]> {
  const found: ModelReference[] = [];
  const seen = new Set<string>();
  const add = (store: StoreKind, uri: string, storeKey: string, path: string, text: string, index: number) => {
    const key = `${store}\0${uri}`;
    if (seen.has(key) || found.length >= MAX_REFERENCES) return;
    seen.add(key);
    found.push({ store, uri, storeKey, path, line: lineAt(text, index), grantedIn: null });
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
    for (const pattern of [HUB_CALL, HUB_KEY]) {
      for (const match of text.matchAll(pattern)) {
        const id = match[match.length - 1];
        if (isHubId(id)) add('hf-hub', id, `hf:${id.split('/')[0]}`, path, text, match.index + match[0].indexOf(id));
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
