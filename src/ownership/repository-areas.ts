// Which part of an ML repository a path belongs to: code, pipeline definitions, models or data. Ownership
// coverage asks who owns these; documentation freshness compares docs against code and pipeline changes.
// Judged from the path alone (names before bytes).

export type RepositoryArea = 'code' | 'pipeline' | 'model' | 'data';

/** Tool outputs, environments and vendored trees: nobody is expected to own or document them. */
const IGNORED = /(^|\/)(node_modules|\.venv|venv|site-packages|__pycache__|\.git|mlruns|wandb|lightning_logs|\.ipynb_checkpoints|\.tox|\.mypy_cache|\.pytest_cache|\.ruff_cache|dist|build|\.dvc\/cache|\.cache)(\/|$)/;
const CODE = /\.(py|pyi|ipynb|r|sql|scala|java|kt|go|rs|ts|tsx|js|mjs|cjs|sh|bash|jl|cpp|cc|c|h|hpp|cu|swift|rb|ps1|lua)$/i;
const PIPELINE_NAMES = /(^|\/)(dvc\.yaml|dvc\.lock|params\.ya?ml|MLproject|Dockerfile(\.[\w.-]+)?|Makefile|pyproject\.toml|setup\.py|setup\.cfg|requirements[\w.-]*\.txt|environment\.ya?ml|conda\.ya?ml|Jenkinsfile|\.gitlab-ci\.yml|docker-compose\.ya?ml|compose\.ya?ml)$/;
const PIPELINE_PATHS = /^(\.github\/workflows\/[^/]+\.ya?ml|(configs?|conf|pipelines?|dags|helm|charts|k8s|kubernetes|deploy|deployment|infra|terraform)\/.+\.(ya?ml|json|toml|tf|cfg|ini))$/i;
const MODEL = /\.(pkl|pickle|joblib|onnx|pt|pth|ckpt|safetensors|h5|keras|pb|tflite|gguf|mlmodel|lgb|xgb|cbm)$|(^|\/)MLmodel$|^models?\//i;
/** Docs and placeholder files inside data/ or models/ folders are not the data or the model. */
const NOT_AN_ARTIFACT = /(^|\/)(\.gitignore|\.gitkeep|\.keep|\.dvcignore)$|\.(md|markdown|rst|txt|adoc)$/i;
const DATA = /\.(parquet|csv|tsv|jsonl|feather|arrow|avro|orc|xlsx|xls|dvc)$|^data\//i;

export function isIgnoredPath(path: string): boolean {
  return IGNORED.test(path);
}

/** The area a listed path belongs to, or null for docs, metadata and tool output. */
export function areaOf(path: string): RepositoryArea | null {
  if (IGNORED.test(path)) return null;
  if (PIPELINE_NAMES.test(path) || PIPELINE_PATHS.test(path)) return 'pipeline';
  if (NOT_AN_ARTIFACT.test(path)) return null;
  if (MODEL.test(path)) return 'model';
  if (DATA.test(path)) return 'data';
  if (CODE.test(path)) return 'code';
  return null;
}

/** Evenly spaced sample of at most `limit` items (keeps judging a 200k-file listing bounded). */
export function sample<T>(items: readonly T[], limit: number): T[] {
  if (items.length <= limit) return [...items];
  const step = items.length / limit;
  const out: T[] = [];
  for (let i = 0; i < limit; i++) out.push(items[Math.floor(i * step)]);
  return out;
}
