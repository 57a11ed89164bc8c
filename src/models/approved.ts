// Which model version was approved: the evaluation-criteria file's `approvedModel` first (the buyer signed
// it), else the version the registry marks (alias champion, Production stage) or a run tagged as selected.
// For a file-store registry the version's own record is read too: where it says the model is (`source`) and
// its tags (a promotion script often records the model file and its hash there).
import { collectEvaluationCriteria } from '../evaluation/index.js';
import { collectExperiments } from '../experiments/index.js';
import type { ModelVersionInfo, RegisteredModelInfo } from '../experiments/index.js';
import { parseModelVersionMeta } from '../formats/mlflow-file-store.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { folderOf } from './paths.js';

export interface ApprovedModel {
  /** e.g. `kestrel-churn v2 @champion`. */
  label: string;
  name: string | null;
  version: string | null;
  runId: string | null;
  via: 'evaluation-criteria' | 'registry-alias' | 'registry-stage' | 'run-tag';
  /** Where the approval or selection is recorded. */
  path: string;
  line?: number;
  /** The registry version record, when the delivered registry holds it. */
  registry: { path: string; source: string | null; description: string | null; tags: Record<string, string> } | null;
  /** The selected run's params (a run often logs the model file it wrote). */
  runParams: Readonly<Record<string, string>>;
  /** The MLmodel the selection points at, found by the experiment reader. */
  mlmodelPath: string | null;
}

const MAX_TAGS = 50;

export async function findApprovedModel(snapshot: Snapshot, locations: readonly string[] = []): Promise<ApprovedModel | null> {
  const [criteria, tracking] = await Promise.all([collectEvaluationCriteria(snapshot, locations), collectExperiments(snapshot)]);
  const registered = tracking.stores.flatMap((store) => store.registeredModels);
  const selected = tracking.selected;
  const approval = criteria.approvals.find((entry) => entry.model !== null || entry.version !== null);
  if (approval) {
    const match = findVersion(registered, approval.model, approval.version);
    const sameAsSelected = selected && match && selected.modelName === match.model.name && selected.version === match.version.version;
    const label = `${approval.model ?? match?.model.name ?? 'model'}${approval.version ? ` v${approval.version.replace(/^v/i, '')}` : ''}`;
    return {
      label: match && match.version.aliases.length ? `${label} ${match.version.aliases.map((a) => `@${a}`).join(' ')}` : label,
      name: approval.model ?? match?.model.name ?? null,
      version: approval.version ?? match?.version.version ?? null,
      runId: match?.version.runId ?? (sameAsSelected ? selected.runId : null),
      via: 'evaluation-criteria',
      path: approval.path,
      line: approval.line,
      registry: match ? await versionRecord(snapshot, match.version) : null,
      runParams: sameAsSelected ? selected.params : {},
      mlmodelPath: sameAsSelected ? selected.mlmodelPath : null,
    };
  }
  if (!selected) return null;
  const match = selected.modelName ? findVersion(registered, selected.modelName, selected.version) : null;
  return {
    label: selected.label,
    name: selected.modelName,
    version: selected.version,
    runId: selected.runId,
    via: selected.via === 'alias' ? 'registry-alias' : selected.via === 'stage' ? 'registry-stage' : 'run-tag',
    path: selected.path,
    registry: match ? await versionRecord(snapshot, match.version) : null,
    runParams: selected.params,
    mlmodelPath: selected.mlmodelPath,
  };
}

function findVersion(models: readonly RegisteredModelInfo[], name: string | null, version: string | null): { model: RegisteredModelInfo; version: ModelVersionInfo } | null {
  const wanted = version?.replace(/^v/i, '') ?? null;
  for (const model of models) {
    if (name !== null && model.name !== name) continue;
    const hit = wanted === null ? model.versions.find((v) => v.aliases.length > 0) : model.versions.find((v) => v.version === wanted);
    if (hit) return { model, version: hit };
  }
  return null;
}

/** The version's meta.yaml (`source`, `description`) and tag files, in an MLflow file-store registry. */
async function versionRecord(snapshot: Snapshot, version: ModelVersionInfo): Promise<ApprovedModel['registry']> {
  const folder = version.path.endsWith('meta.yaml') ? folderOf(version.path) : version.path;
  const record: NonNullable<ApprovedModel['registry']> = { path: version.path, source: null, description: null, tags: {} };
  if (!snapshot.has(`${folder}/meta.yaml`)) return record;
  const read = await snapshot.readText(`${folder}/meta.yaml`, { maxBytes: 64 * 1024 });
  const meta = read.ok ? parseModelVersionMeta(read.text) : null;
  if (meta?.ok) {
    record.source = meta.value.source;
    record.description = meta.value.description;
  }
  for (const path of snapshot.under(`${folder}/tags`).slice(0, MAX_TAGS)) {
    const tag = await snapshot.readText(path, { maxBytes: 4096 });
    if (tag.ok) record.tags[path.slice(folder.length + 6)] = tag.text.trim();
  }
  return record;
}
