// The dataset model of a snapshot: every dataset declaration, pipeline use, storage location and piece
// of data documentation, whatever format it came from. Checks judge it; cross-checks compare inside it.
import type { ContentHash } from '../formats/content-hash.js';
import type { DataTopic } from '../formats/dataset-card.js';

/** Which format declared a dataset. */
export type DeclarationKind = 'dvc-file' | 'dvc-import' | 'dvc-lock' | 'lfs-pointer' | 'croissant' | 'frictionless' | 'hf-card' | 'data-manifest';

export interface DatasetDeclaration {
  /** Snapshot path (resolved against the declaring file's folder), or a URL. */
  target: string;
  isUrl: boolean;
  /** The declared path is a glob (Croissant FileSet `includes`, Hugging Face `data_files` patterns). */
  isPattern: boolean;
  /** A folder: DVC `<md5>.dir` outputs, manifest entries with `files`. */
  isDirectory: boolean;
  kind: DeclarationKind;
  name: string | null;
  declaredIn: string;
  line?: number;
  hashes: ContentHash[];
  /** DVC 2.x md5 (no `hash: md5` field): text files were hashed after CRLF -> LF. */
  legacyDvcMd5: boolean;
  size: number | null;
  nfiles: number | null;
  /** A version that pins the content when there is no hash (manifest `version`, import `rev_lock`). */
  version: string | null;
  /** Storage named by the declaration itself (manifest `storage`, import repo URL, Croissant contentUrl). */
  storage: string | null;
}

export interface PipelineDep {
  /** As written in dvc.yaml. */
  written: string;
  /** Resolved snapshot path (or the URL as written). */
  path: string;
  isUrl: boolean;
  /** Data (datasets, features) as opposed to code and configuration. */
  isData: boolean;
  /** Hash dvc.lock recorded for this dependency, when the stage is in the lock. */
  lockHash: ContentHash | null;
  /** Stage (in any dvc.yaml) that writes this path, when one does. */
  producedBy: string | null;
}

export interface PipelineStage {
  name: string;
  line: number;
  cmd: string | null;
  desc: string | null;
  /** Present in dvc.lock (for foreach/matrix stages: at least one generated entry). */
  reproduced: boolean;
  /** Differences between dvc.yaml and dvc.lock for a reproduced stage (deps added, cmd changed). */
  lockDrift: string[];
  deps: PipelineDep[];
  outs: string[];
  /** Parameters the stage names that its params file does not have. */
  missingParams: string[];
}

export interface Pipeline {
  /** The dvc.yaml file. */
  path: string;
  lockPath: string | null;
  stages: PipelineStage[];
  /** dvc.lock schema as written; null without a lock. */
  lockSchema: string | null;
}

export type StorageKind = 'dvc-remote' | 'lfs' | 'dvc-import' | 'dvc-dataset' | 'data-manifest' | 'croissant' | 'frictionless';

export interface StorageLocation {
  kind: StorageKind;
  url: string;
  name: string | null;
  declaredIn: string;
  line?: number;
  /** A path only the author's machine can reach (`/tmp/dvcstore`). */
  local: boolean;
  isDefault: boolean;
}

/**
 * Where a dataset came from, as a machine-readable record states it: `dvc import` (a repository, the path in
 * it and the commit it was pinned to), `dvc import-url` (a URL), or code that loads it from a hub by name
 * (`load_dataset("openwebtext")`). One fact that every check reads: the dataset-versioning check credits it
 * as provenance, licensing asks for the licence of that source.
 */
export interface DatasetOrigin {
  /** The dataset in this repository (the .dvc output); null when code loads it at run time. */
  target: string | null;
  /** The source repository or URL. */
  source: string;
  /** Path inside the source repository (`dvc import`), null for a URL. */
  sourcePath: string | null;
  /** The commit the import is pinned to (`rev_lock`), else the requested revision (`rev`). */
  revision: string | null;
  /** `dvc import`, `dvc import-url`, or the loader the code calls (`load_dataset`, `fetch_openml`, …). */
  via: string;
  declaredIn: string;
  line?: number;
}

/** One line naming an origin: `https://github.com/org/registry get-started/data.xml @ f59388cd (dvc import)`. */
export function describeOrigin(origin: DatasetOrigin): string {
  const path = origin.sourcePath ? ` ${origin.sourcePath}` : '';
  const revision = origin.revision ? ` @ ${/^[0-9a-f]{40}$/i.test(origin.revision) ? origin.revision.slice(0, 8) : origin.revision}` : '';
  return `${origin.source}${path}${revision} (${origin.via})`;
}

export type DocumentationSource = 'datasheet' | 'dataset-card' | 'readme' | 'data-manifest' | 'croissant' | 'frictionless' | 'dvc-pipeline' | 'model-card';

export interface DocumentationHit {
  topic: DataTopic;
  source: DocumentationSource;
  path: string;
  line?: number;
  /** How well this answers the topic, 0..1 (a heading alone is weak; a described section is strong). */
  strength: number;
  detail: string;
}

export type DataArtifactKind =
  | 'dvc-config'
  | 'dvc-file'
  | 'dvc-pipeline'
  | 'dvc-lock'
  | 'dvc-params'
  | 'gitattributes'
  | 'lfs-pointer'
  | 'croissant'
  | 'datapackage'
  | 'dataset-card'
  | 'datasheet'
  /** A README beside data found by where it sits: documents the data, pins no release. */
  | 'data-readme'
  | 'data-manifest';

export interface DataArtifact {
  path: string;
  kind: DataArtifactKind;
  line?: number;
  note: string;
}

export type DataProblemCode =
  | 'unparsed'
  | 'manifest-invalid'
  | 'malformed-hash'
  | 'malformed-entry'
  | 'lock-schema'
  | 'secret-in-config'
  | 'template-card'
  | 'missing-lock';

export interface DataProblem {
  code: DataProblemCode;
  path: string;
  line?: number;
  column?: number;
  message: string;
}

export interface DatasetModel {
  artifacts: DataArtifact[];
  declarations: DatasetDeclaration[];
  pipelines: Pipeline[];
  storage: StorageLocation[];
  /** Where imported datasets came from (`dvc import`, `dvc import-url` records). */
  origins: DatasetOrigin[];
  documentation: DocumentationHit[];
  problems: DataProblem[];
  /** Paths DVC manages (outputs of .dvc files and pipeline stages): never committed data. */
  dvcManaged: string[];
  /** `.gitattributes` files with `filter=lfs` rules, and the patterns. */
  lfsRules: Array<{ path: string; line: number; pattern: string }>;
  /** True when a path falls under a `filter=lfs` rule (the last matching rule of the nearest files wins). */
  isLfsTracked: (path: string) => boolean;
}

/** True when the model holds any versioning mechanism at all (documentation alone is not versioning). */
export function hasVersioning(model: DatasetModel): boolean {
  return model.declarations.length > 0 || model.pipelines.length > 0 || model.lfsRules.length > 0 || model.storage.length > 0;
}

/** `a/b` covers `a/b` and `a/b/c`. */
export function covers(parent: string, path: string): boolean {
  return path === parent || path.startsWith(parent.endsWith('/') ? parent : `${parent}/`);
}
