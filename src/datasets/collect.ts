// Collects every dataset declaration of a snapshot into one DatasetModel, once per snapshot (and set of
// extra locations): the dataset-versioning check and later cross-checks share the same reading.
import type { Snapshot } from '../snapshot/snapshot.js';
import type { DatasetModel } from './model.js';
import { readDescriptors } from './read-descriptors.js';
import { readDocs } from './read-docs.js';
import { readCodeOrigins } from './read-code-origins.js';
import { readDvc } from './read-dvc.js';
import { readLfs } from './read-lfs.js';

const cache = new WeakMap<Snapshot, Map<string, Promise<DatasetModel>>>();

/**
 * The dataset model of a snapshot. `locations` are extra globs from the buyer's policy or the repo's
 * config; files they match are read by the recogniser their name fits.
 */
export function collectDatasets(snapshot: Snapshot, locations: readonly string[] = []): Promise<DatasetModel> {
  let perSnapshot = cache.get(snapshot);
  if (!perSnapshot) {
    perSnapshot = new Map();
    cache.set(snapshot, perSnapshot);
  }
  const key = [...locations].sort().join('\0');
  let pending = perSnapshot.get(key);
  if (!pending) {
    pending = buildModel(snapshot, locations);
    perSnapshot.set(key, pending);
  }
  return pending;
}

export function emptyModel(): DatasetModel {
  return {
    artifacts: [],
    declarations: [],
    pipelines: [],
    storage: [],
    origins: [],
    documentation: [],
    problems: [],
    dvcManaged: [],
    lfsRules: [],
    isLfsTracked: () => false,
  };
}

async function buildModel(snapshot: Snapshot, locations: readonly string[]): Promise<DatasetModel> {
  const model = emptyModel();
  const extra = locations.length ? snapshot.glob(locations).filter((path) => !snapshot.isSymlink(path)) : [];
  await readLfs(snapshot, model);
  await readDvc(snapshot, model, extra.filter((path) => path.endsWith('.dvc')));
  await readDescriptors(snapshot, model, extra);
  await readDocs(snapshot, model, extra);
  await readCodeOrigins(snapshot, model);
  model.dvcManaged = [...new Set(model.dvcManaged)].sort();
  return model;
}
