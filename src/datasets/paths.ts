// Path questions the dataset readers share: resolving a declared path against its file, telling URLs,
// data files and code apart. Pure.

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

export function isUrl(path: string): boolean {
  return URL_LIKE.test(path);
}

export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/**
 * Resolves `relative` against `folder` into a snapshot path. Returns null for a path that leaves the
 * root (`../../etc`), which can never name a file in the snapshot. URLs are returned unchanged.
 */
export function resolveIn(folder: string, relative: string): string | null {
  if (isUrl(relative)) return relative;
  const parts = relative.startsWith('/') ? [] : folder.split('/').filter(Boolean);
  for (const part of relative.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** Extensions of data a repository should not carry raw when large: tables, arrays, archives, stores. */
const DATA_EXTENSIONS = new Set([
  'csv', 'tsv', 'psv', 'parquet', 'pq', 'jsonl', 'ndjson', 'npy', 'npz', 'h5', 'hdf5', 'hdf', 'he5', 'nc',
  'zip', 'tar', 'tgz', 'gz', 'bz2', 'xz', 'zst', '7z', 'rar', 'feather', 'arrow', 'ipc', 'avro', 'orc',
  'xlsx', 'xls', 'tfrecord', 'tfrecords', 'rec', 'lmdb', 'mat', 'sav', 'dta', 'sas7bdat', 'dat', 'mdb',
  'sqlite', 'sqlite3', 'duckdb', 'pkl', 'pickle', 'joblib',
]);

/** The extension that decides, lowercased (`x.csv.gz` -> `gz`). */
export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export function isDataLikePath(path: string): boolean {
  return DATA_EXTENSIONS.has(extensionOf(path));
}

const CODE_EXTENSIONS = new Set([
  'py', 'pyx', 'ipynb', 'r', 'rmd', 'jl', 'sh', 'bash', 'sql', 'scala', 'java', 'js', 'ts', 'go', 'rs', 'c', 'cc', 'cpp', 'h',
  'toml', 'cfg', 'ini', 'yaml', 'yml', 'md', 'lock',
]);
const MODEL_EXTENSIONS = new Set(['lgb', 'onnx', 'pt', 'pth', 'ckpt', 'safetensors', 'bin', 'mlmodel', 'pb', 'tflite', 'keras', 'cbm', 'ubj']);
const CODE_FOLDERS = /^(src|lib|scripts|code|notebooks|configs?|conf|tests?|bin|app|pipelines?)(\/|$)/;
const MODEL_FOLDERS = /(^|\/)(models?|checkpoints?|artifacts|model_registry)(\/|$)/;
const DATA_FOLDERS = /(^|\/)(data|datasets?|raw|interim|processed|features|external|inputs?|corpus|corpora)(\/|$)/i;

/**
 * Whether a pipeline dependency is data (a dataset, prepared split, feature table) rather than code,
 * configuration or a trained model. `tracked` says DVC tracks or produces it.
 */
export function isDataDependency(path: string, tracked: boolean): boolean {
  const ext = extensionOf(path);
  if (CODE_EXTENSIONS.has(ext) || MODEL_EXTENSIONS.has(ext)) return false;
  if (MODEL_FOLDERS.test(path)) return false;
  if (DATA_EXTENSIONS.has(ext) || DATA_FOLDERS.test(path)) return true;
  if (CODE_FOLDERS.test(path)) return false;
  return tracked;
}
