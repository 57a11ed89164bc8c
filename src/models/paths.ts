// Which listed files are worth sniffing for a model format, and which paths look like model outputs when
// only a name is known (DVC outputs, LFS pointers, files too large to open).

/** Extensions model files usually carry; used only where the bytes cannot be seen. */
export const MODEL_EXTENSION = /\.(safetensors|onnx|gguf|ggml|pt|pth|bin|ckpt|h5|hdf5|keras|pkl|pickle|joblib|pb|tflite|lgb|xgb|ubj|cbm|mar|model|npz|skops)$/i;
/** Extensions whose content is never a model, so their bytes are not sniffed. */
const NOT_A_MODEL = /\.(py|pyi|ipynb|md|markdown|rst|txt|json|jsonl|ya?ml|toml|cfg|ini|conf|env|csv|tsv|parquet|arrow|feather|avro|orc|sql|db|sqlite|html?|css|js|mjs|cjs|ts|tsx|jsx|sh|bash|ps1|bat|r|rmd|tex|xml|svg|png|jpe?g|gif|bmp|webp|ico|tiff?|pdf|docx?|xlsx?|pptx?|lock|log|gitignore|gitattributes|dockerignore|dvcignore|dvc|tf|tfvars|hcl|go|rs|java|kt|scala|c|h|cpp|hpp|cs|rb|php|swift|m|mm|proto|mod|sum|mp3|mp4|wav|flac|ogg|webm|mov|avi|woff2?|ttf|otf|eot|map|wandb|tfevents\..*)$/i;
/** Folders that hold other people's code or tool state. */
export const THIRD_PARTY = /(^|\/)(node_modules|\.venv|venv|site-packages|\.tox|__pypackages__|vendor|third[-_]party|\.git|\.dvc\/cache)\//i;
/** Folders of test assets: a model in them is a fixture the tests load, not the model handed over. */
const TEST_FOLDERS = new Set(['tests', 'test', 'fixtures', 'testdata', '__tests__']);

/** A path under a test or fixture folder (`test/resources/full_model.pkl`), judged on its folder segments. */
export function isTestAsset(path: string): boolean {
  return path.split('/').slice(0, -1).some((folder) => TEST_FOLDERS.has(folder.toLowerCase()));
}

/** A folder segment that says "model outputs live here". */
const MODEL_FOLDER = /(^|\/)(models?|checkpoints?|ckpts?|weights|artifacts\/model|saved_models?|exported?_models?)\//i;

/**
 * Files of experiment stores (one small text file per metric, param or tag) and DVC's own folder: never models.
 * Judged on the folder segments, not with a regex: `mlruns/…/metrics/`, `wandb/<run>/…/files/`, `.dvc/`.
 */
function isTrackerFile(path: string): boolean {
  const folders = path.split('/').slice(0, -1);
  if (folders.includes('.dvc')) return true;
  const mlruns = folders.indexOf('mlruns');
  if (mlruns !== -1 && folders.slice(mlruns + 1).some((name) => name === 'metrics' || name === 'params' || name === 'tags')) return true;
  const wandb = folders.findIndex((name) => name === 'wandb' || name === '.wandb');
  return wandb !== -1 && folders.slice(wandb + 2).includes('files');
}

export function isSniffCandidate(path: string): boolean {
  if (THIRD_PARTY.test(path) || isTrackerFile(path)) return false;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'MLmodel' || name.startsWith('.')) return false;
  return !NOT_A_MODEL.test(name) || /\.(bin|model)$/i.test(name);
}

/** A path that names a model output (by extension, or a file under a models/checkpoints folder). */
export function isModelPath(path: string): boolean {
  if (THIRD_PARTY.test(path)) return false;
  if (MODEL_EXTENSION.test(path)) return !/\.npz$/i.test(path) || MODEL_FOLDER.test(path);
  return MODEL_FOLDER.test(`${path}/`) && !NOT_A_MODEL.test(path);
}

export function folderOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

export function join(folder: string, name: string): string {
  const clean = name.replace(/^\.\//, '');
  return folder === '' ? clean : `${folder}/${clean}`;
}
