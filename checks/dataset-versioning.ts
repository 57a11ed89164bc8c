// dataset-versioning: is every dataset the pipeline uses pinned to a content hash or version, stored where
// the buyer can fetch it, consistent with the files present, and documented (provenance, licence,
// preprocessing)? Large raw data committed to git without LFS or DVC is named with its size.
import { defineCheck, findingFrom, shareOf, type CheckOutcome, type Evidence, type Finding } from '../src/check.js';
import { isAgentInstructionFile } from '../src/formats/agent-instructions.js';
import { describeHash } from '../src/formats/content-hash.js';
import type { DataTopic } from '../src/formats/dataset-card.js';
import { DEFAULT_PROFILES, promptedOnly, trainsModel } from '../src/profiles/system-profile.js';
import { formatBytes } from '../src/snapshot/snapshot.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import {
  collectDatasets,
  corpusPinning,
  corpusSourcesNamed,
  covers,
  findEvalDatasets,
  folderOf,
  ingestionValue,
  isUrl,
  proseStrength,
  readDbtProjects,
  listManifestCandidates,
  readListManifests,
  readRetrievalCorpus,
  type DbtDataset,
  type DbtProject,
  type EvalDataset,
  type ListManifest,
  type RetrievalCorpus,
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
        'Share of datasets that are in the repository, in Git LFS, reproducible by a pipeline stage, or in a declared remote (DVC remote, manifest storage, URL). A remote on a local path (/tmp/dvcstore) counts for little. Earns nothing when nothing is declared or pinned (an LLM application with no evaluation set or corpus pinned even by the commit): there is no version to fetch.',
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
    { id: 'no-raw-data', title: 'No large raw data committed without versioning', weight: 2, description: 'Share of large data-like files (csv, parquet, jsonl, npy, h5, zip, …; 1 MiB and over, policy option `largeFileBytes`) that are under Git LFS or DVC rather than raw in git, by size. Earns nothing when no dataset is declared or pinned: there is then no versioned data to keep out of git.' },
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
    'no-eval-sets': { severity: 'error', title: 'No evaluation set found', criterion: 'pinned', remediation: 'Commit the evaluation sets the prompts and models were approved on (promptfoo tests, golden JSONL/CSV under evals/), one release per folder (evals/datasets/v1/) or listed in a manifest with sha256 and version, and say how each was built.' },
    'unversioned-eval-set': { severity: 'warning', title: 'Evaluation set not versioned', criterion: 'pinned', remediation: 'Give the set a version a result can cite: keep each release in its own folder (evals/datasets/v2/), list it in a manifest with its sha256, version and date, track it with DVC, or describe it in a dataset card.' },
    'corpus-not-pinned': { severity: 'error', title: 'Retrieval corpus not pinned', criterion: 'pinned', remediation: 'Record which documents the index holds and as of when: a corpus manifest (data/corpus/MANIFEST.yaml) listing each source with its export date, version or hash, written by the ingestion run, or the corpus folder under DVC.' },
    'corpus-sources-undocumented': { severity: 'warning', title: 'Corpus sources not named', criterion: 'stored', remediation: 'Name each source the index is built from (system, space or bucket, filters, language) in a corpus manifest or a Sources section of the retrieval documentation.' },
    'no-ingestion-code': { severity: 'error', title: 'No ingestion pipeline code', criterion: 'stored', remediation: 'Deliver the code that builds the index: loading documents from their sources, splitting them, embedding the chunks and writing them to the vector store, runnable by the receiving team.' },
    'rebuild-undocumented': { severity: 'warning', title: 'Index rebuild not documented', criterion: 'stored', remediation: 'Document how the index is refreshed and rebuilt from scratch: the command, schedule, incremental versus full runs, and how staleness is noticed.' },
    'no-hash-declared': { severity: 'warning', title: 'No content hash declared for the data', criterion: 'consistent', remediation: 'List each evaluation set and corpus export with its sha256 (a manifest next to the data, `sha256sum` output, or `dvc add`), so the files present can be checked against the versions the results were measured on.' },
    'source-freshness-missing': { severity: 'warning', title: 'Source without freshness check', criterion: 'pinned', remediation: 'Add `loaded_at_field` and a `freshness:` block (warn_after/error_after) to the source in sources.yml and run `dbt source freshness`, so each run states as of when its inputs are current.' },
    'untested-dataset': { severity: 'warning', title: 'Dataset without data tests', criterion: 'consistent', remediation: 'Declare the model or source in a properties file (schema.yml) with data tests on its keys and columns (unique, not_null, relationships, accepted_values) and run `dbt test` (or `dbt build`).' },
    'raw-data-committed': { severity: 'error', title: 'Large raw data committed without versioning', criterion: 'no-raw-data', remediation: 'Move it out of git history into DVC (`git rm --cached <file>`, `dvc add <file>`, `dvc push`) or Git LFS (`git lfs track`, `git lfs migrate import`).' },
  },
  scale: {
    high: 'Every dataset the pipeline uses is pinned (dvc.lock/.dvc md5, LFS oid, manifest sha256) and pushed to a declared remote, the files present match their hashes, provenance, licence and preprocessing are documented, and no large raw data sits in git.',
    low: 'No data versioning of any kind: data files (if any) committed raw or missing, nothing pinned, nothing documented.',
  },
  profiles: {
    'llm-application':
      'With no training of its own, the versioned data are the evaluation sets (promptfoo tests, golden JSONL/CSV, Ragas/DeepEval/LangSmith-style exports, release folders) and the retrieval corpus: each set and the corpus pinned to a hash, version or as-of date, sets fetchable and the corpus rebuildable (named sources, ingestion code, rebuild documented), declared hashes matching, and how sets were built, where the corpus comes from, its terms and chunking documented; a delivery that also trains is judged on its training data, with these shown as evidence.',
    'data-pipeline':
      'Without DVC, LFS or manifests and no training, a dbt project\'s datasets are judged: seeds pinned by the commit and source tables by a freshness check (loaded_at_field), stored in their declared database.schema, and data tests standing for consistency; sources.yml/schema.yml descriptions document provenance and transformations, whatever the profile. Other pipelines (Airflow, Prefect, Spark) are judged on DVC, LFS and manifests as for a trained model.',
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
    'LLM evaluation sets: promptfoo test files, OpenAI evals samples, golden JSONL/CSV under evals/, JSON exports with inputs and expected answers (Ragas, DeepEval, LangSmith), and releases kept in version folders or named by version (evals/datasets/v2/, evaluation/data/0.2.3/, eval-dataset-v1.jsonl)',
    'list manifests next to evaluation sets or a corpus (MANIFEST.yaml, *-manifest.json, sources.yaml, corpus*.yaml): entries with path or URL, sha256/md5, version, as-of date, source and licence',
    'retrieval corpus: ingestion code by stage (document loaders, text splitters, embedding calls, vector-store and search-index writes; Python, notebooks, TypeScript, Ruby, C#, Go, Java) and retrieval documentation of sources, chunking and refresh',
    'dbt projects: sources.yml (database, schema, tables, freshness, loaded_at_field), schema.yml model/seed/snapshot descriptions and column data tests, seeds, singular tests',
  ],
  async run(snapshot, context) {
    const profiles = context.profiles ?? DEFAULT_PROFILES;
    const largeBytes = positiveNumber(context.options.largeFileBytes) ?? DEFAULT_LARGE_DATA_BYTES;
    const maxHashBytes = positiveNumber(context.options.maxHashBytes);
    const dbt = await readDbtProjects(snapshot);
    // dbt properties files document datasets whatever the profile; the shared model other checks read is not changed.
    const model = withDbtDocumentation(await collectDatasets(snapshot, context.locations), dbt);
    const committed = await findCommittedData(snapshot, model, largeBytes);
    const verifications = await verifyDataFiles(snapshot, model, { maxHashBytes });
    const evidence: Evidence[] = model.artifacts.map(({ path, line, kind, note }) => (line === undefined ? { path, kind, note } : { path, line, kind, note }));
    const findings: Finding[] = problemFindings(model);
    evidence.push(...dbtEvidence(dbt));

    if (promptedOnly(profiles)) return judgeLlmApplication(snapshot, model, { committed, verifications, evidence, findings, largeBytes, maxHashBytes, locations: context.locations });
    // A delivery that trains and is an LLM application: training data stays required; its eval sets and corpus are shown too.
    if (profiles.judged.includes('llm-application')) evidence.push(...(await llmDataEvidence(snapshot, model, context.locations)));

    const documentation = judgeDocumentation(model, findings);
    const noRawData = judgeCommittedData(committed, largeBytes, evidence, findings);
    const versioned = model.artifacts.some((artifact) => VERSIONING_KINDS.has(artifact.kind));
    if (!versioned && dbt.length > 0 && profiles.judged.includes('data-pipeline') && !trainsModel(profiles)) {
      return judgeDbtPipeline(snapshot, dbt, documentation, noRawData, evidence, findings);
    }

    if (!versioned) {
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
      // With nothing declared, "no raw data in git" or hashes of no dataset are no achievement: empty versioning files earn nothing.
      criteria: { pinned, stored, consistent: datasets.length ? consistent : 0, ...documentation, 'no-raw-data': datasets.length ? noRawData : 0 },
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
  // A remote with no dataset declared in it holds nothing the buyer could fetch: no credit for an empty store.
  if (datasets.length === 0) return 0;
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
  const docs = model.artifacts.filter((artifact) => artifact.kind === 'datasheet' || artifact.kind === 'dataset-card' || artifact.kind === 'data-readme').map((artifact) => artifact.path);
  const looked = docs.length ? `in ${docs.slice(0, 3).join(', ')}` : 'no datasheet, dataset card or data README found';
  const gaps = (topic: DataTopic) =>
    model.documentation
      .filter((hit) => hit.topic === topic && hit.strength < 1)
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

// ------------------------------------------------------------------------------------------ data pipeline

/** The dataset model with what a dbt project's properties files document (a copy: the shared model stays as read). */
function withDbtDocumentation(model: DatasetModel, dbt: readonly DbtProject[]): DatasetModel {
  const hits = dbt.flatMap((project) => project.documentation.map((hit) => ({ ...hit, source: 'datasheet' as const })));
  return hits.length ? { ...model, documentation: [...model.documentation, ...hits] } : model;
}

function dbtEvidence(dbt: readonly DbtProject[]): Evidence[] {
  return dbt.map((project) => {
    const count = (kind: DbtDataset['kind']) => project.datasets.filter((dataset) => dataset.kind === kind).length;
    const tested = project.datasets.filter((dataset) => dataset.tests > 0).length;
    return {
      path: project.path,
      kind: 'dbt-project',
      note: `${count('source')} source table(s), ${count('model')} documented model(s), ${count('seed')} seed(s), ${count('snapshot')} snapshot(s); ${tested} with data tests, ${project.singularTests.length} singular test(s); properties in ${project.propertyFiles.slice(0, 3).join(', ') || 'no properties file'}`,
    };
  });
}

/**
 * A dbt project without DVC, LFS or manifests: its inputs are seeds (committed, so pinned by the commit) and
 * source tables (live tables: a freshness check with loaded_at_field says as of when they are judged current),
 * stored in the declared database.schema; its data tests are what checks the data matches its declaration.
 */
function judgeDbtPipeline(
  snapshot: Snapshot,
  dbt: readonly DbtProject[],
  documentation: { provenance: number; licence: number; preprocessing: number },
  noRawData: number,
  evidence: Evidence[],
  findings: Finding[],
): CheckOutcome {
  const datasets = dbt.flatMap((project) => project.datasets);
  const inputs = datasets.filter((dataset) => dataset.kind === 'source' || (dataset.kind === 'seed' && dataset.location));
  const pinnedInput = (dataset: DbtDataset) => (dataset.kind === 'seed' ? Boolean(dataset.location && snapshot.has(dataset.location)) : dataset.freshness);
  for (const source of inputs.filter((dataset) => !pinnedInput(dataset)).slice(0, 20)) {
    findings.push(findingFrom(check, 'source-freshness-missing', `dbt source ${source.name} has no freshness check with a loaded_at_field: nothing states as of when its data is current.`, { path: source.declaredIn, line: source.line }));
  }
  if (inputs.length === 0) findings.unshift(findingFrom(check, 'no-datasets-declared', `The dbt project ${dbt[0].path} declares no sources (sources.yml) and commits no seeds: the data it reads is not named.`, { path: dbt[0].path }));
  const checkable = datasets.filter((dataset) => dataset.kind !== 'seed' || dataset.tests > 0 || dataset.description);
  const untested = checkable.filter((dataset) => dataset.tests === 0);
  for (const dataset of untested.slice(0, 20)) {
    findings.push(findingFrom(check, 'untested-dataset', `dbt ${dataset.kind} ${dataset.name} has no data tests (unique, not_null, relationships, accepted_values) in ${dataset.declaredIn}.`, { path: dataset.declaredIn, line: dataset.line }));
  }
  // Seeds are in the repository; a source names the database.schema it is read from.
  const stored = shareOf(inputs, (dataset) => Boolean(dataset.location));
  const pinned = shareOf(inputs, pinnedInput);
  const consistent = shareOf(checkable, (dataset) => dataset.tests > 0);
  if (checkable.length === 0) findings.push(findingFrom(check, 'untested-dataset', `No dbt model or source is declared in a properties file (schema.yml, sources.yml), so no data test checks any of them.`, { path: dbt[0].path }));
  return {
    status: 'judged',
    // A project that names no input has no data whose absence from git could be an achievement.
    criteria: { pinned, stored, consistent, ...documentation, 'no-raw-data': inputs.length ? noRawData : 0 },
    evidence,
    findings,
    summary: `dbt project: ${inputs.length} input(s) (sources and seeds), ${inputs.filter(pinnedInput).length} pinned by the commit or a freshness check; ${checkable.length - untested.length} of ${checkable.length} declared dataset(s) with data tests; provenance ${level(documentation.provenance)}, preprocessing ${level(documentation.preprocessing)}.`,
  };
}

// ----------------------------------------------------------------------------------- LLM application

interface LlmInputs {
  committed: CommittedDataSummary;
  verifications: Verification[];
  evidence: Evidence[];
  findings: Finding[];
  largeBytes: number;
  maxHashBytes: number | undefined;
  locations: readonly string[];
}

/** What an LLM application versions instead of training data: its evaluation sets and its retrieval corpus. */
async function readLlmData(snapshot: Snapshot, model: DatasetModel, locations: readonly string[]): Promise<{ manifests: ListManifest[]; evalSets: EvalDataset[]; corpus: RetrievalCorpus }> {
  const manifests = await readListManifests(snapshot, listManifestCandidates(snapshot, locations));
  const evalSets = await findEvalDatasets(snapshot, model, manifests);
  const corpus = await readRetrievalCorpus(snapshot, model, manifests);
  return { manifests, evalSets, corpus };
}

function evalSetEvidence(set: EvalDataset): Evidence {
  const how = set.pinnedBy ? `pinned by ${set.pinnedBy}` : set.commitOnly ? 'committed, no version named' : 'not pinned';
  return { path: set.path, kind: 'eval-set', note: `${set.via}${set.cases !== null ? `, ${set.cases} case(s)` : ''}; ${how}` };
}

function corpusEvidence(corpus: RetrievalCorpus): Evidence[] {
  const out: Evidence[] = corpus.manifests.map((manifest) => ({ path: manifest.path, kind: 'corpus-manifest', note: `${manifest.entries.length} source(s)${manifest.version ? `, version ${manifest.version}` : ''}${manifest.asOf ? `, as of ${manifest.asOf}` : ''}${manifest.problem ? `; not parsed: ${manifest.problem}` : ''}` }));
  for (const file of corpus.ingestion.slice(0, 10)) {
    const note = file.stages.map((stage) => `${stage.stage} (${stage.call}, line ${stage.line})`).join(', ');
    out.push(file.stages[0] ? { path: file.path, line: file.stages[0].line, kind: 'ingestion-code', note } : { path: file.path, kind: 'ingestion-code', note });
  }
  if (corpus.committedDocuments) out.push({ path: corpus.committedDocuments.folder, kind: 'corpus-documents', note: `${corpus.committedDocuments.count} document(s) committed` });
  for (const [aspect, at] of Object.entries(corpus.documented)) if (at) out.push({ path: at.path, line: at.line, kind: 'corpus-documentation', note: `says ${aspect === 'refresh' ? 'how the index is refreshed or rebuilt' : aspect === 'licence' ? 'the licence or ownership of the content' : `the corpus ${aspect}`}` });
  return out;
}

async function llmDataEvidence(snapshot: Snapshot, model: DatasetModel, locations: readonly string[]): Promise<Evidence[]> {
  const { evalSets, corpus } = await readLlmData(snapshot, model, locations);
  return [...evalSets.slice(0, 30).map(evalSetEvidence), ...corpusEvidence(corpus)];
}

const EVAL_LOOKED_FOR = 'promptfoo test files, OpenAI evals samples, golden JSONL/CSV under evals/, Ragas/DeepEval/LangSmith-style JSON exports, release folders such as evals/datasets/v2/';
const CORPUS_LOOKED_FOR = 'a corpus manifest or source list with hashes, versions or as-of dates (data/corpus/MANIFEST.yaml, corpus/sources.yaml), or a DVC/LFS/data-manifest declaration of the corpus folder';

/**
 * Prompted only: the evaluation sets and (when the application retrieves) the retrieval corpus are the data.
 * Each criterion keeps its meaning: pinned (a hash, version or date), stored (fetchable, or rebuildable from named
 * sources with the ingestion code and its documentation), consistent (declared hashes match), documented.
 */
async function judgeLlmApplication(snapshot: Snapshot, model: DatasetModel, inputs: LlmInputs): Promise<CheckOutcome> {
  const { committed, evidence, findings, largeBytes } = inputs;
  const { manifests, evalSets, corpus } = await readLlmData(snapshot, model, inputs.locations);
  const hasCorpus = corpus.signals.length > 0;
  evidence.push(...evalSets.slice(0, 50).map(evalSetEvidence), ...corpusEvidence(corpus));
  for (const manifest of manifests.filter((item) => item.problem)) findings.push(findingFrom(check, 'unparsed-file', `${manifest.path} could not be read as a dataset list: ${manifest.problem}.`, { path: manifest.path }));

  // pinned: each evaluation set, and the corpus as a whole
  if (evalSets.length === 0) findings.push(findingFrom(check, 'no-eval-sets', `No evaluation set found (looked for ${EVAL_LOOKED_FOR}).`));
  for (const set of evalSets.filter((item) => !item.pinnedBy).slice(0, 20)) {
    const message = set.commitOnly
      ? `${set.path}: committed, so the commit pins it, but no version, manifest hash or dataset card names the version a result ran on.`
      : `${set.path}: no hash, version or as-of date pins it and it is not in the repository.`;
    findings.push(findingFrom(check, 'unversioned-eval-set', message, { path: set.path, severity: set.commitOnly ? 'warning' : 'error' }));
  }
  const evalPinned = evalSets.length ? evalSets.reduce((sum, set) => sum + (set.pinnedBy ? 1 : set.commitOnly ? COMMIT_ONLY_VALUE : 0), 0) / evalSets.length : 0;
  const corpusPin = corpusPinning(corpus);
  // An index of what users upload at run time holds their documents, not a corpus the delivery could pin.
  const pinsCorpus = hasCorpus && corpus.userUploads === null;
  if (hasCorpus && corpus.userUploads) evidence.push({ path: corpus.userUploads, kind: 'corpus-user-uploads', note: 'the index holds the documents users upload at run time (handled here); no corpus of the vendor\'s own is seen, so there is none to pin' });
  if (pinsCorpus && corpusPin.value < 1) {
    const message = corpusPin.unpinned.length
      ? `${corpusPin.by} leaves ${corpusPin.unpinned.length} source(s) without a hash, version or as-of date: ${corpusPin.unpinned.slice(0, 5).join(', ')}${corpusPin.unpinned.length > 5 ? ', …' : ''}.`
      : corpusPin.by
        ? `${corpusPin.by}: the commit pins them, but nothing says which version of their sources they are or as of when (looked for ${CORPUS_LOOKED_FOR}).`
        : `The application retrieves (${corpus.signals.join('; ')}) but nothing records which documents are indexed as of when (looked for ${CORPUS_LOOKED_FOR}).`;
    findings.push(findingFrom(check, 'corpus-not-pinned', message, corpus.manifests[0] ? { path: corpus.manifests[0].path } : {}));
  }
  const pinned = pinsCorpus ? (evalPinned + corpusPin.value) / 2 : evalPinned;

  // stored: sets fetchable; the corpus rebuildable (sources named, ingestion code, how to rebuild documented)
  for (const set of evalSets.filter((item) => !item.fetchable).slice(0, 20)) findings.push(findingFrom(check, 'unfetchable-dataset', `${set.path}: the evaluation set is neither in the repository nor in a declared storage location.`, { path: set.declaredIn ?? set.path }));
  const evalStored = shareOf(evalSets, (set) => set.fetchable);
  const sources = corpusSourcesNamed(corpus);
  const ingestion = ingestionValue(corpus);
  const rebuild = corpus.documented.refresh;
  if (hasCorpus) {
    if (!sources) findings.push(findingFrom(check, 'corpus-sources-undocumented', 'Nothing says which sources the retrieval index is built from (no corpus manifest, and no retrieval document has a sources section naming them).'));
    if (ingestion < 1) {
      const seen = corpus.stages.length ? `only ${corpus.stages.join(', ')} in ${corpus.ingestion.slice(0, 3).map((file) => file.path).join(', ')}` : 'none found';
      findings.push(findingFrom(check, 'no-ingestion-code', `No ingestion code that writes split or embedded documents to the index (looked for loaders, text splitters, embedding calls and vector-store writes: ${seen}).`, corpus.ingestion[0] ? { path: corpus.ingestion[0].path } : {}));
    }
    if (!rebuild) {
      const scripts = corpus.rebuildEntries;
      findings.push(findingFrom(check, 'rebuild-undocumented', `No retrieval document says how or when the index is refreshed or rebuilt (looked for a refresh, re-index or rebuild section in docs/ and READMEs)${scripts.length ? `; only ${scripts.slice(0, 3).join(', ')} runs it, undescribed` : ''}.`, scripts.length ? { path: scripts[0], severity: 'info' } : {}));
    }
  }
  const rebuildValue = rebuild ? 1 : corpus.rebuildEntries.length ? REBUILD_SCRIPT_VALUE : 0;
  const corpusStored = ((sources ? 1 : 0) + ingestion + rebuildValue) / 3;
  const stored = hasCorpus ? (evalStored + corpusStored) / 2 : evalStored;

  // consistent: every hash declared for the data (manifests, DVC, LFS) is well formed and matches the file present
  const listed = manifests.flatMap((manifest) => manifest.entries.filter((entry) => entry.target && entry.hashes.length && !isUrl(entry.target)).map((entry) => listDeclaration(manifest, entry)));
  const listedModel: DatasetModel = { ...model, declarations: listed };
  const listedVerifications = await verifyDataFiles(snapshot, listedModel, { maxHashBytes: inputs.maxHashBytes });
  const merged: DatasetModel = { ...model, declarations: [...model.declarations, ...listed] };
  const hashCount = merged.declarations.reduce((sum, declaration) => sum + declaration.hashes.length, 0);
  const consistent = judgeConsistency(merged, [...inputs.verifications, ...listedVerifications], evidence, findings);
  // Only data that is there can lack a hash: no set and a corpus of no files (a live index) leave nothing to hash.
  const corpusFiles = hasCorpus && (corpus.manifests.length > 0 || corpus.declarations.length > 0 || corpus.committedDocuments !== null);
  const hashable = [evalSets.length ? 'evaluation set' : '', corpusFiles ? 'corpus file' : ''].filter(Boolean);
  if (hashCount === 0 && hashable.length) findings.push(findingFrom(check, 'no-hash-declared', `No content hash is declared for any ${hashable.join(' or ')}, so nothing shows the files present are the versions the results were measured on (looked for sha256/md5 in list manifests, .dvc files, dvc.lock, LFS pointers, data manifests).`));

  // documentation: how the sets were built and where the corpus comes from, its terms, and how it is chunked
  const best = (topic: DataTopic) => Math.max(0, ...model.documentation.filter((hit) => hit.topic === topic).map((hit) => hit.strength));
  const evalDoc = await evalSetDocumentation(snapshot, evalSets, manifests);
  const corpusProvenance = corpus.documented.sources ? 1 : corpus.manifests.some((manifest) => manifest.source || manifest.entries.some((entry) => entry.source)) ? 0.6 : 0;
  const provenance = Math.max(best('provenance'), hasCorpus ? (evalDoc.value + corpusProvenance) / 2 : evalDoc.value);
  const manifestLicence = manifests.find((manifest) => manifest.licence || manifest.entries.some((entry) => entry.licence));
  const licence = Math.max(best('licence'), manifestLicence || corpus.documented.licence ? 1 : 0);
  const chunking = corpus.documented.chunking ? 1 : corpus.stages.includes('split') ? 0.5 : 0;
  const preprocessing = Math.max(best('preprocessing'), hasCorpus ? chunking : evalDoc.value > 0 ? 0.5 : 0);
  // Each gap is said of data that exists: with no evaluation set, no-eval-sets already says what is missing.
  if (provenance < 1) {
    const gaps = [evalSets.length && evalDoc.value < 1 ? `how the evaluation sets were built (no README, card or manifest source next to ${evalSets[0].path})` : '', hasCorpus && corpusProvenance < 1 ? 'which sources the corpus is drawn from' : ''].filter(Boolean);
    if (gaps.length) findings.push(findingFrom(check, 'missing-provenance', `Not documented: ${gaps.join('; ')}.`, { severity: provenance === 0 ? undefined : 'warning' }));
  }
  const licensable = [hasCorpus ? 'indexed content' : '', evalSets.length ? 'evaluation data' : ''].filter(Boolean);
  if (licence === 0 && licensable.length) findings.push(findingFrom(check, 'missing-licence', `The licence or ownership of the ${licensable.join(' and the ')} is not stated (looked in list manifests, dataset cards and retrieval documents).`));
  if (preprocessing < 1 && (hasCorpus || evalSets.length > 0)) findings.push(findingFrom(check, 'missing-preprocessing', hasCorpus ? `How documents are cleaned and chunked before indexing is ${chunking ? 'shown only by the splitter in the code' : 'not documented'} (looked for a chunking section in the retrieval documentation).` : 'How the evaluation sets were prepared is not documented.', { severity: preprocessing > 0 ? 'info' : undefined }));

  const noRawData = judgeCommittedData(committed, largeBytes, evidence, findings);
  // Nothing earns credit for nothing. Being fetchable or rebuildable, hashes that match and no raw data in git say
  // something only of data that is versioned: with no evaluation set and no corpus pinned by anything (not even the
  // commit), a reviewer finds no dataset versioning, and a corpus rebuilt from live sources is not the one the
  // results were measured on. Documentation (provenance, licence, preprocessing) describes data and stands on its own.
  const versioned = pinned > 0;
  const pinnedSets = evalSets.filter((set) => set.pinnedBy).length;
  const unversionedNote = versioned ? '' : ' Nothing is versioned, so storage, consistency and committed-data criteria earn nothing.';
  return {
    status: 'judged',
    criteria: { pinned, stored: versioned ? stored : 0, consistent: versioned ? consistent : 0, provenance, licence, preprocessing, 'no-raw-data': versioned ? noRawData : 0 },
    evidence,
    findings,
    summary: `LLM application: ${evalSets.length} evaluation set(s), ${pinnedSets} pinned by a version, hash or card; ${hasCorpus ? `retrieval corpus ${corpus.userUploads ? `of the users' uploads (${corpus.userUploads}), nothing to pin` : `${corpusPin.value >= 1 ? 'pinned' : corpusPin.value > 0 ? 'partly pinned' : 'not pinned'}${corpusPin.by ? ` (${corpusPin.by})` : ''}`}, sources ${sources ? 'named' : 'not named'}, ingestion code ${ingestion >= 1 ? 'found' : ingestion > 0 ? 'partial' : 'missing'}, rebuild ${rebuild ? 'documented' : 'not documented'}` : 'no retrieval corpus of its own (no vector store, ingestion code, corpus manifest or committed corpus, and no document describing an index it builds)'}.${unversionedNote}`,
  };
}

/** Credit of a rebuild script or job nobody describes: it can be run, not judged or scheduled by a newcomer. */
const REBUILD_SCRIPT_VALUE = 0.5;

/** Credit of an evaluation set committed to git with no version a result could cite: the commit pins it, namelessly. */
const COMMIT_ONLY_VALUE = 0.5;

const EVAL_DOC_FOLDER = /^(?:evals?|evaluations?|llm[-_]evals?|golden(?:[-_]sets?)?|benchmarks?|test[-_]?sets?|datasets?|data)$/i;
/** Words saying how a set was made: generated, written by hand, labelled, sampled from tickets, … */
const BUILT_HOW = /synthetic|generated|written by|hand[- ](?:written|labell?ed|curated)|labell?ed|annotat|collected|sampled|curated|drawn from|taken from|created (?:with|by|from)|built (?:with|by|from)/i;

/** A README, card or manifest `source` next to the evaluation sets that says how they were built. */
async function evalSetDocumentation(snapshot: Snapshot, evalSets: readonly EvalDataset[], manifests: readonly ListManifest[]): Promise<{ value: number; path: string | null }> {
  let best = { value: 0, path: null as string | null };
  for (const manifest of manifests) {
    if (!evalSets.some((set) => manifest.entries.some((entry) => entry.target && covers(entry.target, set.path)))) continue;
    const said = [manifest.source, ...manifest.entries.map((entry) => entry.source)].filter((text): text is string => Boolean(text)).join(' ');
    if (said) best = { value: Math.max(best.value, proseStrength(said, 8)), path: manifest.path };
  }
  // The set's own folder and its evaluation or data folders above it: a README there speaks for the set.
  const folders = new Set<string>();
  // Below the outermost evaluation or data folder, every folder on the way is the set's own (`evals/data/gambling_XS/`
  // holding `inputs/q1/responses.jsonl`): a README there describes that release.
  for (const set of evalSets) {
    const above: string[] = [];
    for (let folder = folderOf(set.path); folder; folder = folderOf(folder)) above.push(folder);
    const root = above.reduce((outer, folder, index) => (EVAL_DOC_FOLDER.test(folder.slice(folder.lastIndexOf('/') + 1)) ? index : outer), -1);
    above.forEach((folder, index) => {
      if (index === 0 || index <= root) folders.add(folder);
    });
  }
  folders.delete('');
  for (const folder of [...folders].slice(0, 40)) {
    for (const doc of snapshot.under(folder).filter((path) => folderOf(path) === folder && /\.(md|markdown)$/i.test(path) && !isAgentInstructionFile(path)).slice(0, 3)) {
      const read = await snapshot.readText(doc, { maxBytes: 256 * 1024 });
      if (!read.ok || !BUILT_HOW.test(read.text)) continue;
      const value = proseStrength(read.text, 40);
      if (value > best.value) best = { value, path: doc };
    }
  }
  return best;
}


function listDeclaration(manifest: ListManifest, entry: ListManifest['entries'][number]): DatasetDeclaration {
  return {
    target: entry.target!,
    isUrl: false,
    isPattern: false,
    isDirectory: false,
    kind: 'data-manifest',
    name: entry.name,
    declaredIn: manifest.path,
    ...(entry.line !== undefined ? { line: entry.line } : {}),
    hashes: entry.hashes,
    legacyDvcMd5: false,
    size: null,
    nfiles: null,
    version: entry.version ?? manifest.version,
    storage: null,
  };
}
