// Ties the approved version to an artifact: the MLflow model its run logged, a DVC or LFS model file the
// registry version or run names (by path or hash), the store its registry record points at, or the registry
// itself through a `models:/` reference. Then says whether that artifact is delivered or retrievable.
import type { ApprovedModel } from './approved.js';
import type { DeliveredElsewhere, ModelInventory } from './collect.js';
import type { ModelArtifact } from './model.js';
import { hexOf } from '../formats/content-hash.js';
import { isHubId } from './folders.js';
import { accessGrantedIn, storeKeyOfUrl } from './stores.js';

export type Availability = 'present' | 'retrievable' | 'store-not-granted' | 'weights-missing' | 'none';

export interface ApprovedArtifact {
  approved: ApprovedModel;
  /** The artifact that holds the weights, when one is known. */
  artifact: ModelArtifact | null;
  /** The MLflow model folder of the approved run (signature, flavours), when delivered. */
  mlflowFolder: ModelArtifact | null;
  availability: Availability;
  /** The store it is kept in, and the access document that names it. */
  store: string | null;
  grantedIn: string | null;
  /** One sentence: how the approved version was tied to the artifact. */
  link: string;
}

export function locateApproved(inventory: ModelInventory, approved: ApprovedModel, documents: ReadonlyArray<{ path: string; text: string }>): ApprovedArtifact {
  const runId = approved.runId;
  const folder =
    inventory.artifacts.find((a) => a.format === 'mlflow-model' && runId !== null && (a.runId === runId || a.path.includes(`/${runId}/`))) ??
    (approved.mlmodelPath ? (inventory.artifacts.find((a) => a.format === 'mlflow-model' && approved.mlmodelPath === `${a.path}/MLmodel`) ?? null) : null);
  const base = { approved, mlflowFolder: folder, store: null, grantedIn: null };

  if (folder && folder.missing.length === 0) {
    return { ...base, artifact: folder, availability: 'present', link: `the MLflow model logged by run ${short(runId)} at ${folder.path}` };
  }
  const named = namedBy(approved);
  const linked = inventory.elsewhere.find((entry) => mentions(named, entry)) ?? (folder ? inventory.elsewhere.find((entry) => folder.missing.includes(entry.artifact.path)) : undefined);
  if (linked) {
    const granted = linked.local ? null : linked.grantedIn;
    return {
      ...base,
      artifact: linked.artifact,
      availability: granted ? 'retrievable' : 'store-not-granted',
      store: linked.store,
      grantedIn: granted,
      link: `${linked.artifact.path} (${linked.artifact.delivery === 'lfs' ? 'Git LFS' : 'DVC'}), named by ${named.find((n) => n.text.includes(linked.artifact.path) || linked.artifact.recorded.some((h) => n.text.toLowerCase().includes(hexOf(h))))?.where ?? 'the approved run'}`,
    };
  }
  const source = approved.registry?.source ?? null;
  if (source && /^(s3a?|gs|gcs|abfss?|wasbs?|azureml):\/\//i.test(source)) {
    const grantedIn = accessGrantedIn(storeKeyOfUrl(source), documents);
    return { ...base, artifact: folder, availability: grantedIn ? 'retrievable' : 'store-not-granted', store: source, grantedIn, link: `the registry version's source ${source}` };
  }
  // An approval that names a Hugging Face Hub repository (`acme/churn-bert`) is kept on the Hub.
  if (approved.name && isHubId(approved.name)) {
    const grantedIn = accessGrantedIn(`hf:${approved.name.split('/')[0]}`, documents);
    return { ...base, artifact: folder, availability: grantedIn ? 'retrievable' : 'store-not-granted', store: `https://huggingface.co/${approved.name}`, grantedIn, link: `the Hugging Face Hub repository ${approved.name}` };
  }
  const registryReference = approved.name ? inventory.references.find((reference) => reference.store === 'mlflow-registry' && reference.storeKey === `mlflow:${approved.name}`) : undefined;
  if (registryReference) {
    return {
      ...base,
      artifact: folder,
      availability: registryReference.grantedIn ? 'retrievable' : 'store-not-granted',
      store: registryReference.uri,
      grantedIn: registryReference.grantedIn,
      link: `${registryReference.uri} in ${registryReference.path}:${registryReference.line}, loaded from the MLflow registry`,
    };
  }
  if (folder) return { ...base, artifact: folder, availability: 'weights-missing', link: `the MLflow model of run ${short(runId)}, whose model file(s) ${folder.missing.join(', ')} are not delivered` };
  return { ...base, artifact: null, availability: 'none', link: 'no artifact, pointer or store reference names this version' };
}

/** Texts that can name the approved model's file or hash: the registry version's tags, description, source, and the run's params. */
function namedBy(approved: ApprovedModel): Array<{ text: string; where: string }> {
  const texts: Array<{ text: string; where: string }> = [];
  const registry = approved.registry;
  if (registry) {
    for (const [key, value] of Object.entries(registry.tags)) texts.push({ text: value, where: `registry tag ${key}` });
    if (registry.description) texts.push({ text: registry.description, where: 'the registry version description' });
    if (registry.source) texts.push({ text: registry.source, where: 'the registry version source' });
  }
  for (const [key, value] of Object.entries(approved.runParams)) texts.push({ text: value, where: `run param ${key}` });
  return texts;
}

function mentions(texts: ReadonlyArray<{ text: string }>, entry: DeliveredElsewhere): boolean {
  return texts.some(({ text }) => {
    const lower = text.toLowerCase();
    return (lower.includes(entry.artifact.path.toLowerCase()) && entry.artifact.path.length > 3) || entry.artifact.recorded.some((hash) => hash.valid && lower.includes(hexOf(hash)));
  });
}

function short(runId: string | null): string {
  return runId ? runId.slice(0, 8) : '(unknown)';
}
