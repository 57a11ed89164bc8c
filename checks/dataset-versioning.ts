// dataset-versioning: is every dataset the pipeline uses pinned to a content hash or version, stored where
// the buyer can fetch it, consistent with the files present, and documented (provenance, licence,
// preprocessing)? Large raw data committed to git without LFS or DVC is named with its size.
import { defineCheck, findingFrom, type Evidence, type Finding } from '../src/check.js';
import { describeHash } from '../src/formats/content-hash.js';
import type { DataTopic } from '../src/formats/dataset-card.js';
import { formatBytes } from '../src/snapshot/snapshot.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import {
  collectDatasets,
  covers,
  DEFAULT_LARGE_DATA_BYTES,
  describeOrigin,
  findCommittedData,
  verifyDataFiles,
  type CommittedDataSummary,
  type DataArtifactKind,
  type DataProblemCode,
  type DatasetDeclaration,
  type DatasetModel,
  type PipelineDep,
  type Verification,
} from '../src/datasets/index.js';

const check = defineCheck({
  id: 'dataset-versioning',
  title: 'Dataset versioning and documentation',
  rationale:
    'A model can only be retrained, audited or debugged with the exact data it was built from. The receiving team needs every dataset pinned to a content hash or version, stored where they can fetch it, and documented: where it came from, under what licence, and what was done to it.',
  defaultWeight: 3,
  criteria: [
    {
      id: 'pinned',
      title: 'Every dataset the pipeline uses is pinned to a content hash or version',
      weight: 4,
      description:
        'Share of datasets (dvc.yaml data dependencies, .dvc files, LFS pointers, manifest, Croissant, Frictionless and dataset-card entries) with a well-formed hash or version, scaled by the share of dvc.yaml stages recorded in dvc.lock.',
    },
    {
      id: 'stored',
      title: 'A storage location is declared and every dataset can be fetched',
      weight: 2,
      description:
        'Share of datasets that are in the repository, in Git LFS, reproducible by a pipeline stage, or in a declared remote (DVC remote, manifest storage, URL). A remote on a local path (/tmp/dvcstore) counts for little.',
    },
    {
      id: 'consistent',
      title: 'Declared hashes are well formed and match the files present',
      weight: 2,
      description:
        'Share of declared hashes that are well formed (md5 32 hex, sha256 64 hex) and, where the file is in the snapshot, equal to the md5/sha256 of its bytes (size only above the hashing cap: the read cap, policy option `maxHashBytes`).',
    },
    { id: 'provenance', title: 'Provenance is documented', weight: 2, description: 'A datasheet, dataset card, manifest `source` or Croissant rai:dataCollection says where the data came from and when, in real prose; a `dvc import` record (source repository, path, pinned commit) or code that loads it from a hub by name (load_dataset) alone earns half.' },
    { id: 'licence', title: 'Licence or ownership is documented', weight: 1, description: 'A licence or ownership statement for the data (card front matter, manifest `license`, Croissant/Frictionless licenses, a licence section).' },
    { id: 'preprocessing', title: 'Preprocessing is documented', weight: 1, description: 'What was done to the raw data: a preprocessing/cleaning/labelling section, manifest `preprocessing`, Croissant rai:dataPreprocessingProtocol; a preparation stage in dvc.yaml earns half.' },
    { id: 'no-raw-data', title: 'No large raw data committed without versioning', weight: 2, description: 'Share of large data-like files (csv, parquet, jsonl, npy, h5, zip, …; 1 MiB and over, policy option `largeFileBytes`) that are under Git LFS or DVC rather than raw in git, by size.' },
  ],
  findings: {
    'no-data-versioning': {
      severity: 'error',
      title: 'No data versioning found',
      criterion: 'pinned',
      remediation:
        'Version the data the model was trained on: `dvc init`, `dvc add data/<file>`, `dvc remote add -d storage s3://<bucket>/<path>`, `dvc push`, and commit the .dvc files (or Git LFS, or a data-manifest.yml listing each file with its sha256: schemas/dataset-manifest.schema.json). Describe each dataset in data/README.md: source, licence, preprocessing, personal data.',
    },
    'no-datasets-declared': { severity: 'error', title: 'Versioning is set up but no dataset is declared', criterion: 'pinned', remediation: 'Track the datasets themselves: `dvc add` each one (or list them in data-manifest.yml with hashes) and commit the result.' },
    'unpinned-dataset': { severity: 'error', title: 'Dataset not pinned to a hash or version', criterion: 'pinned', remediation: 'Pin it: `dvc add <path>` (or `dvc repro` so dvc.lock records its md5), or give it a sha256 / version in the data manifest.' },
    'stage-not-reproduced': { severity: 'error', title: 'Pipeline stage missing from dvc.lock', criterion: 'pinned', remediation: 'Run `dvc repro` (or `dvc commit <stage>`) and commit dvc.lock, so the lock records the exact inputs and outputs of every stage.' },
    'no-lock': { severity: 'error', title: 'dvc.yaml without dvc.lock', criterion: 'pinned', remediation: 'Run `dvc repro` and commit dvc.lock next to dvc.yaml: without it no stage records which data it ran on.' },
    'lock-stale': { severity: 'warning', title: 'dvc.lock does not match dvc.yaml', criterion: 'pinned', remediation: 'Re-run `dvc repro` (or `dvc commit`) after changing a stage and commit the updated dvc.lock.' },
    'lock-schema': { severity: 'warning', title: 'dvc.lock schema is not 2.0', criterion: 'pinned', remediation: "Regenerate the lock with a current DVC (`dvc repro`); it writes `schema: '2.0'`." },
    'params-missing': { severity: 'warning', title: 'Stage parameter not found', criterion: 'pinned', remediation: 'Add the parameter to params.yaml (or the file the stage names), or remove it from the stage, so the recorded parameters are the ones used.' },
    'unparsed-file': { severity: 'error', title: 'Data versioning file could not be parsed', criterion: 'pinned', remediation: 'Fix the file at the line given; DVC and the other tools refuse it too.' },
    'manifest-invalid': { severity: 'error', title: 'Data manifest does not follow its schema', criterion: 'pinned', remediation: 'Fix the entry at the line given; the schema is published with ml-handover as schemas/dataset-manifest.schema.json.' },
    'no-remote': { severity: 'error', title: 'No storage location declared', criterion: 'stored', remediation: 'Declare where the data lives: `dvc remote add -d storage s3://<bucket>/<path>` and `dvc push` (or a `storage:` in the data manifest), so the buyer can fetch the exact versions.' },
    'remote-local-path': { severity: 'warning', title: 'Remote is a local path', criterion: 'stored', remediation: 'Point the remote at storage the buyer can reach (S3, GCS, Azure, SSH, HTTP) and `dvc push` to it; a folder on the vendor\'s machine is lost at handover.' },
    'unfetchable-dataset': { severity: 'error', title: 'Dataset cannot be fetched', criterion: 'stored', remediation: 'Track it with DVC and push it to the remote, commit it via Git LFS, or give its storage location in the data manifest.' },
    'credentials-in-config': { severity: 'error', title: 'Credentials committed in DVC config', criterion: 'stored', remediation: 'Remove the secret from .dvc/config, rotate it, and set it with `dvc remote modify --local` (written to the git-ignored .dvc/config.local).' },
    'malformed-hash': { severity: 'error', title: 'Hash is malformed', criterion: 'consistent', remediation: 'Regenerate the hash with the tool (`dvc add`/`dvc commit`, `git lfs`), or compute it (`sha256sum`, `md5sum`); do not edit hashes by hand.' },
    'malformed-entry': { severity: 'warning', title: 'Entry is incomplete', criterion: 'consistent', remediation: 'Regenerate the entry with the tool so it carries its path, hash and size.' },
    'hash-mismatch': { severity: 'error', title: 'File does not match its declared hash', criterion: 'consistent', remediation: 'Either the file changed after it was declared or the declaration is wrong: re-run `dvc add`/`dvc commit` (or update the manifest hash) for the version the model was trained on, and say which one that is.' },
    'size-mismatch': { severity: 'error', title: 'File size differs from the declared size', criterion: 'consistent', remediation: 'The file is not the declared version: re-declare it (`dvc add`, manifest size and hash) or restore the declared version.' },
    'hash-not-verified': { severity: 'info', title: 'File too large to hash: size checked only', remediation: 'Nothing to fix; raise the check option `maxHashBytes` in the buyer policy to hash larger files.' },
    'missing-provenance': { severity: 'error', title: 'Data provenance not documented', criterion: 'provenance', remediation: 'Document where each dataset came from: system or supplier, extraction date, query or export, and who owns it (datasheet "Collection Process", dataset card "Source Data", or manifest `source`).' },
    'missing-licence': { severity: 'warning', title: 'Data licence not documented', criterion: 'licence', remediation: 'State the licence or ownership and terms of use of each dataset (card `license:`, manifest `license`, or a Licence section).' },
    'missing-preprocessing': { severity: 'warning', title: 'Preprocessing not documented', criterion: 'preprocessing', remediation: 'Describe what was done to the raw data (filters, joins, deduplication, labelling, splits) in a Preprocessing section or manifest `preprocessing`, and point to the pipeline stage that does it.' },
    'template-card': { severity: 'warning', title: 'Dataset card left as a template', criterion: 'provenance', remediation: 'Replace every "[More Information Needed]" with the real answer, or delete the section with a reason.' },
    'personal-data-undocumented': { severity: 'info', title: 'Personal data handling not described', remediation: 'Say whether the data holds personal or sensitive information and how it is protected (pseudonymisation, retention, legal basis).' },
    'raw-data-committed': { severity: 'error', title: 'Large raw data committed without versioning', criterion: 'no-raw-data', remediation: 'Move it out of git history into DVC (`git rm --cached <file>`, `dvc add <file>`, `dvc push`) or Git LFS (`git lfs track`, `git lfs migrate import`).' },
  },
  scale: {
    high: 'Every dataset the pipeline uses is pinned (dvc.lock/.dvc md5, LFS oid, manifest sha256) and pushed to a declared remote, the files present match their hashes, provenance, licence and preprocessing are documented, and no large raw data sits in git.',
    low: 'No data versioning of any kind: data files (if any) committed raw or missing, nothing pinned, nothing documented.',
  },
  recognises: [
    'DVC: `.dvc/config` remotes (INI), `*.dvc` files (md5 / etag / checksum, size, nfiles, `dvc import` rev_lock), `dvc.yaml` stages (cmd, deps, outs, params, foreach/matrix, artifacts, datasets), `dvc.lock` (schema 2.0), `params.yaml`',
    'Git LFS: `.gitattributes` `filter=lfs` patterns (nested files, last match wins), pointer files (spec v1, legacy hawser URL), `.lfsconfig`',
    'MLCommons Croissant (`*croissant*.json`, `*.jsonld`): FileObject/FileSet sha256/md5, license, rai:* properties',
    'Frictionless Data Package (`datapackage.json|yaml`): resource path and hash (md5 default, `sha256:` prefix), licenses, sources',
    'Hugging Face dataset cards (README.md front matter: license, configs/data_files, dataset_info, source_datasets) and template sections, wherever they live: datasets/<name>/README.md, data/**, and any README or *card*.md whose front matter holds dataset-card keys (task_categories, dataset_info, configs, size_categories, …); a model card\'s front matter is not one',
    'Datasheets for Datasets (Motivation, Composition, Collection Process, Preprocessing/Cleaning/Labeling, Uses, Distribution, Maintenance) in datasheet*.md, data/README.md, docs/data/',
    'ml-handover data manifest (`data-manifest.yml|yaml|json`, schema: schemas/dataset-manifest.schema.json)',
    'large data-like files (csv, parquet, jsonl, npy, h5, zip, …) committed raw, judged from the listing and file sizes',
  ],
  async run(snapshot, context) {
    const largeBytes = positiveNumber(context.options.largeFileBytes) ?? DEFAULT_LARGE_DATA_BYTES;
    const model = await collectDatasets(snapshot, context.locations);
    const committed = await findCommittedData(snapshot, model, largeBytes);
    const verifications = await verifyDataFiles(snapshot, model, { maxHashBytes: positiveNumber(context.options.maxHashBytes) });
    const evidence: Evidence[] = model.artifacts.map(({ path, line, kind, note }) => (line === undefined ? { path, kind, note } : { path, line, kind, note }));
    const findings: Finding[] = problemFindings(model);

    const documentation = judgeDocumentation(model, findings);
    const noRawData = judgeCommittedData(committed, largeBytes, evidence, findings);

    if (!model.artifacts.some((artifact) => VERSIONING_KINDS.has(artifact.kind))) {
      const dataFiles = committed.large.length + committed.smallCount;
      const named = [...committed.large.map((file) => file.path), ...committed.small.map((file) => file.path)].slice(0, 5);
      findings.unshift(
        findingFrom(
          check,
          'no-data-versioning',
          `No DVC, Git LFS, Croissant, Frictionless or data manifest found${dataFiles ? `, yet ${dataFiles} data file(s) are committed (${formatBytes(committed.smallBytes + committed.large.reduce((sum, file) => sum + file.size, 0))}: ${named.join(', ')}${dataFiles > named.length ? ', …' : ''}) with no hash, version, provenance or storage location` : ''}.`,
          named.length ? { path: named[0] } : {},
        ),
      );
      return {
        status: 'judged',
        criteria: { pinned: 0, stored: 0, consistent: 0, provenance: documentation.provenance, licence: documentation.licence, preprocessing: documentation.preprocessing, 'no-raw-data': 0 },
        evidence,
        findings,
        summary: `No data versioning found${dataFiles ? `; ${dataFiles} data file(s) committed unversioned` : ''}.`,
      };
    }

    const datasets = datasetsInUse(snapshot, model, largeBytes);
    const pinned = judgePinned(model, datasets, findings);
    const stored = judgeStorage(model, datasets, findings);
    const consistent = judgeConsistency(model, verifications, evidence, findings);
    if (datasets.length === 0) findings.unshift(findingFrom(check, 'no-datasets-declared', 'Data versioning files exist but declare no dataset (no tracked output, pipeline data dependency or manifest entry).'));

    const pinnedCount = datasets.filter((dataset) => dataset.pinnedBy !== null).length;
    const mismatched = verifications.filter((v) => v.status === 'mismatch' || v.status === 'size-mismatch' || v.status === 'directory-mismatch').length;
    const checked = verifications.filter((v) => v.status !== 'absent' && v.status !== 'unverifiable').length;
    return {
      status: 'judged',
      // With nothing declared, "no raw data in git" is not an achievement: empty versioning files earn nothing.
      criteria: { pinned, stored, consistent, ...documentation, 'no-raw-data': datasets.length ? noRawData : 0 },
      evidence,
      findings,
      summary: `${datasets.length} dataset(s), ${pinnedCount} pinned; ${checked} checked against files present, ${mismatched} mismatched; provenance ${level(documentation.provenance)}, licence ${level(documentation.licence)}, preprocessing ${level(documentation.preprocessing)}; ${committed.large.filter((file) => !file.versionedBy).length} large raw data file(s) in git.`,
    };
  },
});

export default check;

/** Artifacts that are a versioning mechanism (documentation alone is not). */
const VERSIONING_KINDS: ReadonlySet<DataArtifactKind> = new Set(['dvc-config', 'dvc-file', 'dvc-pipeline', 'dvc-lock', 'gitattributes', 'lfs-pointer', 'croissant', 'datapackage', 'data-manifest']);

const PROBLEM_FINDINGS: Record<DataProblemCode, string> = {
  unparsed: 'unparsed-file',
  'manifest-invalid': 'manifest-invalid',
  'malformed-hash': 'malformed-hash',
  'malformed-entry': 'malformed-entry',
  'lock-schema': 'lock-schema',
  'secret-in-config': 'credentials-in-config',
  'template-card': 'template-card',
  'missing-lock': 'no-lock',
};

function problemFindings(model: DatasetModel): Finding[] {
  return model.problems.map((problem) => findingFrom(check, PROBLEM_FINDINGS[problem.code], problem.message, { path: problem.path, line: problem.line }));
}

// ------------------------------------------------------------------------------------ datasets in use

interface DatasetInUse {
  /** Snapshot path or URL. */
  key: string;
  declarations: DatasetDeclaration[];
  /** Pipeline dependencies on it: which dvc.yaml stage reads it. */
  uses: Array<{ pipeline: string; stage: string; line: number; dep: PipelineDep }>;
  /** What pins it (`dvc.lock md5`, `sha256 in data-manifest.yml`), or null. */
  pinnedBy: string | null;
  /** Why it is not pinned, when it is not. */
  unpinnedReason: string;
  /** In the repository itself (committed below the large-file threshold, or as a folder). */
  committed: boolean;
}

function datasetsInUse(snapshot: Snapshot, model: DatasetModel, largeBytes: number): DatasetInUse[] {
  const byKey = new Map<string, DatasetInUse>();
  const entry = (key: string) => {
    let found = byKey.get(key);
    if (!found) {
      found = { key, declarations: [], uses: [], pinnedBy: null, unpinnedReason: '', committed: false };
      byKey.set(key, found);
    }
    return found;
  };
  for (const pipeline of model.pipelines) {
    for (const stage of pipeline.stages) {
      for (const dep of stage.deps) if (dep.isData) entry(dep.path).uses.push({ pipeline: pipeline.path, stage: stage.name, line: stage.line, dep });
    }
  }
  // Lock entries only describe pipeline data; other declarations are datasets in their own right.
  for (const declaration of model.declarations) if (declaration.kind !== 'dvc-lock') entry(declaration.target);
  const byTarget = new Map<string, DatasetDeclaration[]>();
  for (const declaration of model.declarations) {
    const list = byTarget.get(declaration.target);
    if (list) list.push(declaration);
    else byTarget.set(declaration.target, [declaration]);
  }
  for (const dataset of byKey.values()) {
    // Declarations of the path itself or of a folder holding it (a .dvc-tracked directory covers its files).
    dataset.declarations = [...(byTarget.get(dataset.key) ?? [])];
    if (!dataset.key.includes('://')) {
      for (let cut = dataset.key.lastIndexOf('/'); cut > 0; cut = dataset.key.lastIndexOf('/', cut - 1)) {
        dataset.declarations.push(...(byTarget.get(dataset.key.slice(0, cut)) ?? []));
      }
    }
    const pattern = dataset.declarations.some((declaration) => declaration.isPattern && declaration.target === dataset.key);
    dataset.committed = !dataset.key.includes('://') && (pattern ? snapshot.glob(dataset.key).length > 0 : snapshot.has(dataset.key) || snapshot.under(dataset.key).length > 0);
    decidePinning(snapshot, dataset, largeBytes);
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

function decidePinning(snapshot: Snapshot, dataset: DatasetInUse, largeBytes: number): void {
  const malformed = dataset.declarations.find((declaration) => declaration.hashes.some((hash) => !hash.valid));
  if (malformed) {
    dataset.unpinnedReason = `its hash in ${malformed.declaredIn} is malformed`;
    return;
  }
  const hashed = dataset.declarations.find((declaration) => declaration.hashes.some((hash) => hash.valid));
  if (hashed) {
    dataset.pinnedBy = `${hashed.hashes[0].algorithm} in ${hashed.declaredIn}`;
    return;
  }
  const locked = dataset.uses.find((use) => use.dep.lockHash?.valid);
  if (locked) {
    dataset.pinnedBy = `${locked.dep.lockHash!.algorithm} in dvc.lock (stage ${locked.stage})`;
    return;
  }
  const versioned = dataset.declarations.find((declaration) => declaration.version);
  if (versioned) {
    dataset.pinnedBy = `version ${versioned.version} in ${versioned.declaredIn}`;
    return;
  }
  // Files committed to git (below the large-file threshold) are pinned by the commit itself.
  const pattern = dataset.declarations.find((declaration) => declaration.isPattern);
  const files = pattern ? snapshot.glob(dataset.key) : dataset.committed ? [dataset.key] : [];
  if (files.length > 0 && files.every((file) => (snapshot.entry(file)?.size ?? 0) < largeBytes)) {
    dataset.pinnedBy = 'committed to the repository';
    return;
  }
  const unreproduced = dataset.uses.find((use) => !use.dep.lockHash);
  dataset.unpinnedReason = unreproduced
    ? `stage ${unreproduced.stage} reads it but dvc.lock records no hash for it, and no .dvc file or manifest pins it`
    : 'no hash or version is declared for it';
}

function judgePinned(model: DatasetModel, datasets: DatasetInUse[], findings: Finding[]): number {
  for (const dataset of datasets) {
    if (dataset.pinnedBy) continue;
    const declaration = dataset.declarations[0];
    const use = dataset.uses[0];
    findings.push(
      findingFrom(check, 'unpinned-dataset', `${dataset.key}: ${dataset.unpinnedReason}.`, declaration ? { path: declaration.declaredIn, line: declaration.line } : use ? { path: use.pipeline, line: use.line } : {}),
    );
  }
  let stages = 0;
  let reproduced = 0;
  for (const pipeline of model.pipelines) {
    for (const stage of pipeline.stages) {
      stages++;
      if (stage.reproduced) reproduced++;
      else if (pipeline.lockPath) {
        findings.push(findingFrom(check, 'stage-not-reproduced', `Stage "${stage.name}" is in ${pipeline.path} but not in ${pipeline.lockPath}: it was never reproduced, so nothing records the data it ran on.`, { path: pipeline.path, line: stage.line }));
      }
      for (const drift of stage.lockDrift) findings.push(findingFrom(check, 'lock-stale', `Stage "${stage.name}": ${drift}.`, { path: pipeline.path, line: stage.line }));
      for (const missing of stage.missingParams) findings.push(findingFrom(check, 'params-missing', `Stage "${stage.name}" names parameter ${missing}.`, { path: pipeline.path, line: stage.line }));
    }
  }
  const share = datasets.length ? datasets.filter((dataset) => dataset.pinnedBy !== null).length / datasets.length : 0;
  return stages ? share * (reproduced / stages) : share;
}

// ------------------------------------------------------------------------------------------ storage

function judgeStorage(model: DatasetModel, datasets: DatasetInUse[], findings: Finding[]): number {
  const remotes = model.storage.filter((location) => location.kind === 'dvc-remote');
  const reachableRemote = remotes.some((remote) => !remote.local);
  for (const remote of remotes) {
    if (remote.local) findings.push(findingFrom(check, 'remote-local-path', `DVC remote "${remote.name}" points at ${remote.url}, a path only the author's machine has.`, { path: remote.declaredIn, line: remote.line }));
  }
  const dvcTracked = datasets.some((dataset) => dataset.declarations.some((d) => d.kind === 'dvc-file'));
  if (dvcTracked && remotes.length === 0) {
    const configs = model.artifacts.filter((artifact) => artifact.kind === 'dvc-config');
    findings.push(findingFrom(check, 'no-remote', `Data is tracked with DVC but ${configs.length ? `${configs[0].path} declares no remote` : 'there is no .dvc/config with a remote'}: the tracked versions exist only in someone's local cache.`, configs.length ? { path: configs[0].path } : {}));
  }
  if (datasets.length === 0) return model.storage.some((location) => !location.local) ? 0.5 : 0;
  let total = 0;
  for (const dataset of datasets) {
    const value = fetchability(model, dataset, reachableRemote, remotes.length > 0);
    total += value;
    if (value === 0) {
      const declaration = dataset.declarations[0];
      const use = dataset.uses[0];
      const how = use ? `stage ${use.stage} reads it, but it is not in the repository, not produced by any stage, not tracked by DVC or LFS, and no storage location is given` : 'it is not in the repository and no remote or storage location holds it';
      if (!dvcTracked || !dataset.declarations.some((d) => d.kind === 'dvc-file')) {
        findings.push(findingFrom(check, 'unfetchable-dataset', `${dataset.key}: ${how}.`, declaration ? { path: declaration.declaredIn, line: declaration.line } : use ? { path: use.pipeline, line: use.line } : {}));
      }
    }
  }
  return total / datasets.length;
}

function fetchability(model: DatasetModel, dataset: DatasetInUse, reachableRemote: boolean, anyRemote: boolean): number {
  if (dataset.key.includes('://') || dataset.committed) return 1;
  if (dataset.uses.some((use) => use.dep.producedBy) || model.isLfsTracked(dataset.key)) return 1;
  if (dataset.declarations.some((d) => d.kind === 'lfs-pointer' || d.kind === 'dvc-import')) return 1;
  const own = dataset.declarations.find((d) => d.storage);
  if (own) return model.storage.some((location) => location.url === own.storage && location.local) ? 0.4 : 1;
  if (dataset.uses.some((use) => use.dep.written.startsWith('ds://')) && model.storage.some((location) => location.kind === 'dvc-dataset')) return 1;
  // `dvc push` uploads tracked outputs; a dependency nothing tracks or produces stays on the author's disk.
  if (dataset.declarations.some((d) => d.kind === 'dvc-file')) return reachableRemote ? 1 : anyRemote ? 0.4 : 0;
  return 0;
}

// --------------------------------------------------------------------------------------- consistency

function judgeConsistency(model: DatasetModel, verifications: Verification[], evidence: Evidence[], findings: Finding[]): number {
  let good = 0;
  let total = 0;
  for (const declaration of model.declarations) {
    for (const hash of declaration.hashes) {
      total++;
      if (hash.valid) good++;
    }
  }
  for (const verification of verifications) {
    const { declaration, status, detail } = verification;
    if (status === 'absent' || status === 'unverifiable') continue;
    total++;
    const at = { path: declaration.declaredIn, line: declaration.line };
    if (status === 'match' || status === 'size-match' || status === 'directory-match') good++;
    if (status === 'mismatch') findings.push(findingFrom(check, 'hash-mismatch', `${declaration.target}: ${detail}.`, at));
    if (status === 'size-mismatch' || status === 'directory-mismatch') findings.push(findingFrom(check, 'size-mismatch', `${declaration.target}: ${detail}.`, at));
    if (status === 'size-match') findings.push(findingFrom(check, 'hash-not-verified', `${declaration.target}: ${detail}.`, at));
    evidence.push({ path: declaration.target, kind: 'data-file', note: `${status}: ${detail}${declaration.hashes[0] ? ` (${describeHash(declaration.hashes[0])} from ${declaration.declaredIn})` : ''}` });
  }
  const absent = verifications.filter((v) => v.status === 'absent').length;
  if (absent > 0) evidence.push({ path: '', kind: 'data-file', note: `${absent} declared data file(s) not in the snapshot (kept in remote storage), not hashed` });
  return total ? good / total : 0;
}

// ------------------------------------------------------------------------------------- documentation

/** Provenance credit of a machine-readable origin record without a document that describes the source. */
const ORIGIN_RECORD_VALUE = 0.5;

function judgeDocumentation(model: DatasetModel, findings: Finding[]): { provenance: number; licence: number; preprocessing: number } {
  const best = (topic: DataTopic) => Math.max(0, ...model.documentation.filter((hit) => hit.topic === topic).map((hit) => hit.strength));
  // An import record (dvc import: repository, path, pinned commit) says where the data came from, though not how
  // the source collected it, when, or who owns it: half the criterion, unless documents say more.
  const origins = model.origins;
  const provenance = origins.length ? Math.max(ORIGIN_RECORD_VALUE, best('provenance')) : best('provenance');
  const licence = best('licence');
  const preprocessing = best('preprocessing');
  const docs = model.artifacts.filter((artifact) => artifact.kind === 'datasheet' || artifact.kind === 'dataset-card').map((artifact) => artifact.path);
  const looked = docs.length ? `in ${docs.slice(0, 3).join(', ')}` : 'no datasheet, dataset card or data README found';
  const gaps = (topic: DataTopic) =>
    model.documentation
      .filter((hit) => hit.topic === topic && hit.strength < 0.6)
      .slice(0, 5)
      .map((hit) => `${hit.path}: ${hit.detail}`);
  const report = (id: string, topic: DataTopic, value: number, what: string) => {
    if (value >= 1) return;
    const thin = gaps(topic);
    const message = value === 0 ? `${what} is not documented (${looked}).` : `${what} is documented only thinly${thin.length ? `: ${thin.join('; ')}` : ''}.`;
    findings.push(findingFrom(check, id, message, { severity: value === 0 ? undefined : value >= 0.5 ? 'info' : 'warning', path: docs[0] }));
  };
  if (origins.length && provenance < 1) {
    const named = origins.slice(0, 3).map((origin) => (origin.target ? `${origin.target} from ${describeOrigin(origin)}` : `${describeOrigin(origin)} in ${origin.declaredIn}${origin.line ? `:${origin.line}` : ''}`)).join('; ');
    const message = `Where the data came from is recorded only as ${origins.length} machine-readable origin(s) (${named}${origins.length > 3 ? '; …' : ''}); ${docs.length ? `${docs.slice(0, 3).join(', ')} do not say` : 'no datasheet, dataset card or data README says'} how the source collected the data, when, or who owns it.`;
    findings.push(findingFrom(check, 'missing-provenance', message, { severity: 'info', path: origins[0].declaredIn, ...(origins[0].line ? { line: origins[0].line } : {}) }));
  } else report('missing-provenance', 'provenance', provenance, 'Where the data came from');
  report('missing-licence', 'licence', licence, 'The data licence or ownership');
  report('missing-preprocessing', 'preprocessing', preprocessing, 'What was done to the raw data');
  if (docs.length > 0 && best('personal-data') === 0) {
    findings.push(findingFrom(check, 'personal-data-undocumented', `None of ${docs.slice(0, 3).join(', ')} says whether the data holds personal information or how it is protected.`, { path: docs[0] }));
  }
  return { provenance, licence, preprocessing };
}

// ------------------------------------------------------------------------------------ committed data

function judgeCommittedData(committed: CommittedDataSummary, largeBytes: number, evidence: Evidence[], findings: Finding[]): number {
  const raw = committed.large.filter((file) => !file.versionedBy);
  for (const file of raw.slice(0, 50)) {
    findings.push(findingFrom(check, 'raw-data-committed', `${file.path} (${formatBytes(file.size)}) is committed to git with neither Git LFS nor DVC.`, { path: file.path }));
  }
  if (raw.length > 50) findings.push(findingFrom(check, 'raw-data-committed', `${raw.length - 50} more large data files committed raw.`));
  for (const file of committed.large.filter((f) => f.versionedBy).slice(0, 50)) {
    evidence.push({ path: file.path, kind: 'data-file', note: `${formatBytes(file.size)}, versioned by ${file.versionedBy === 'lfs' ? 'Git LFS' : 'DVC'}` });
  }
  for (const file of committed.small) evidence.push({ path: file.path, kind: 'committed-data', note: `${formatBytes(file.size)}, below the ${formatBytes(largeBytes)} large-file threshold` });
  if (committed.smallCount > committed.small.length) evidence.push({ path: '', kind: 'committed-data', note: `${committed.smallCount - committed.small.length} more small data file(s) in git (${formatBytes(committed.smallBytes)} in all)` });
  if (committed.unsized > 0) evidence.push({ path: '', kind: 'committed-data', note: `${committed.unsized} more data-like file(s) not sized (limit reached)` });
  const totalLarge = committed.large.reduce((sum, file) => sum + file.size, 0);
  const rawBytes = raw.reduce((sum, file) => sum + file.size, 0);
  return totalLarge === 0 ? 1 : 1 - rawBytes / totalLarge;
}

function level(value: number): string {
  return value >= 1 ? 'documented' : value > 0 ? 'partly documented' : 'missing';
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
