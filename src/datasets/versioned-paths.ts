// Datasets versioned by their place: a release folder (`evals/datasets/v2/`, `evaluation/data/0.2.3/`,
// `corpus/2025-05-01/`) or a version in the file name (`eval-dataset-v1.jsonl`, `golden_v2.csv`). Teams that
// keep each release of an evaluation set or corpus side by side pin it this way: a result can name the version
// it ran on. Judged from paths alone. Pure.

/** A folder segment that is a release: v2, v1.3, 0.2.3, 2025-05-01, 2025_05, 20250501. */
const VERSION_SEGMENT = /^(?:v\d+(?:[._-]\d+){0,3}(?:[._-]?(?:alpha|beta|rc|final)\d*)?|\d+\.\d+(?:\.\d+){0,2}|(?:19|20)\d{2}[-_](?:0[1-9]|1[0-2])(?:[-_](?:0[1-9]|[12]\d|3[01]))?|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))$/i;
/** A version at the end of a file's stem: `-v1`, `_v2.1`, `-v2-alpha`, `_2025-05-01`. */
const VERSION_IN_NAME = /[-_.](v\d+(?:[._]\d+){0,2}(?:[-_]?(?:alpha|beta|rc|final)\d*)?|(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))$/i;
/** Folders that hold datasets: a version folder under one of these is a dataset release, not a code version. */
const DATA_HOLDER = /^(?:data|datasets?|eval|evals|evaluations?|llm[-_]evals?|golden(?:[-_]sets?)?|benchmarks?|test[-_]?sets?|corpus|corpora|knowledge[-_]?base|kb|documents|snapshots?)$/i;
/** Where releases of code or packages live: a version folder there says nothing about data. */
const NOT_DATA = /(^|\/)(node_modules|site-packages|vendor|third_party|\.venv|venv|dist|build|static|migrations|api|schemas?|mlruns|wandb|\.git)\//i;

export interface PathVersion {
  version: string;
  /** `folder`: a release folder; `name`: the file name carries it. */
  where: 'folder' | 'name';
}

/** The version a data file's path states, when it sits in a release folder under a data folder or names one. */
export function versionInPath(path: string): PathVersion | null {
  if (NOT_DATA.test(path)) return null;
  const segments = path.split('/');
  const base = segments.pop() ?? '';
  for (let i = segments.length - 1; i > 0; i--) {
    if (VERSION_SEGMENT.test(segments[i]) && segments.slice(0, i).some((segment) => DATA_HOLDER.test(segment))) return { version: segments[i], where: 'folder' };
  }
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const named = VERSION_IN_NAME.exec(stem);
  if (named && (segments.some((segment) => DATA_HOLDER.test(segment)) || /dataset|eval|golden|test[-_]?set|corpus/i.test(stem))) return { version: named[1], where: 'name' };
  return null;
}

/** The release folder of a file versioned by folder (`notebooks/evaluation/data/0.2.3`), else null. */
export function releaseFolderOf(path: string): string | null {
  const found = versionInPath(path);
  if (!found || found.where !== 'folder') return null;
  const segments = path.split('/');
  const index = segments.lastIndexOf(found.version, segments.length - 2);
  return index > 0 ? segments.slice(0, index + 1).join('/') : null;
}
