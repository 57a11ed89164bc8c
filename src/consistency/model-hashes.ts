// The approved model against the hashes written down for it: the hash of the delivered file (or the one its
// DVC/LFS pointer records) compared with every independent record about it (registry version tags, the model
// card, checksum files). Each record of the same algorithm either agrees or names other weights.
import { hexOf } from '../formats/content-hash.js';
import { collectModels } from '../models/collect.js';
import { locateApproved } from '../models/match.js';
import type { Snapshot } from '../snapshot/snapshot.js';

export interface ModelHashComparison {
  status: 'agrees' | 'differs';
  /** One sentence naming the artifact, both hashes and where each is recorded. */
  detail: string;
  path: string;
  line: number;
}

export async function compareApprovedModelHashes(snapshot: Snapshot, locations: readonly string[] = []): Promise<ModelHashComparison[]> {
  const inventory = await collectModels(snapshot, { locations });
  if (!inventory.approved) return [];
  const located = locateApproved(inventory, inventory.approved, inventory.accessDocuments);
  const artifact = located.artifact;
  if (!artifact) return [];
  const own: Array<{ algorithm: string; hex: string; source: string }> = [];
  if (artifact.computed) own.push({ algorithm: 'md5', hex: artifact.computed.md5, source: 'its bytes' }, { algorithm: 'sha256', hex: artifact.computed.sha256, source: 'its bytes' });
  for (const hash of artifact.recorded) if (hash.valid) own.push({ algorithm: hash.algorithm, hex: hexOf(hash), source: artifact.delivery === 'lfs' ? 'its LFS pointer' : 'DVC' });
  if (own.length === 0) return [];
  const name = artifact.path.slice(artifact.path.lastIndexOf('/') + 1);
  const registryFolder = inventory.approved.registry?.path.replace(/meta\.yaml$/, '') ?? null;
  const about = inventory.hashRecords.filter((record) => (name.length > 3 && record.context.includes(name)) || (registryFolder !== null && record.path.startsWith(registryFolder)));
  const comparisons: ModelHashComparison[] = [];
  for (const record of about) {
    const sameAlgorithm = own.filter((hash) => hash.algorithm === record.hash.algorithm);
    if (sameAlgorithm.length === 0) continue;
    const match = sameAlgorithm.find((hash) => hash.hex === record.hash.value);
    const shown = (hex: string) => `${hex.slice(0, 12)}…`;
    comparisons.push({
      status: match ? 'agrees' : 'differs',
      detail: match
        ? `${inventory.approved.label}: ${record.hash.algorithm} ${shown(record.hash.value)} recorded in ${record.path}:${record.line} = ${artifact.path} (${match.source})`
        : `${inventory.approved.label}: ${record.path}:${record.line} records ${record.hash.algorithm} ${shown(record.hash.value)}, but ${artifact.path} has ${shown(sameAlgorithm[0].hex)} (${sameAlgorithm[0].source})`,
      path: record.path,
      line: record.line,
    });
  }
  return comparisons;
}
