// Whether the model the tracker marks as selected can be loaded from the delivery, as the model-artifacts
// check finds it: the same inventory (read once per snapshot) and the same tie from version to artifact.
// experiment-tracking caps its credit with it; consistency says the gates were met by a model not delivered.
import type { SelectedModel } from '../experiments/index.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { collectModels } from './collect.js';
import { locateApproved, type ApprovedArtifact } from './match.js';

/** Where the selected model's weights are, or null when model-artifacts judges another version as approved. */
export async function deliveryOfSelected(snapshot: Snapshot, selected: SelectedModel): Promise<ApprovedArtifact | null> {
  const inventory = await collectModels(snapshot);
  const approved = inventory.approved;
  if (!approved) return null;
  const version = (value: string | null) => value?.replace(/^v/i, '') ?? null;
  const same = (approved.name !== null && approved.name === selected.modelName && version(approved.version) === version(selected.version)) || (approved.runId !== null && approved.runId === selected.runId);
  return same ? locateApproved(inventory, approved, inventory.accessDocuments) : null;
}

/** No artifact, or an MLmodel without its weights: nothing in the delivery loads. */
export function notLoadable(delivery: ApprovedArtifact | null): boolean {
  return delivery !== null && (delivery.availability === 'none' || delivery.availability === 'weights-missing');
}
