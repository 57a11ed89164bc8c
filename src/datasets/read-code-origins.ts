// Datasets the code pulls from a hub by name (`load_dataset("openwebtext")`, `fetch_openml`, `tfds.load`,
// Kaggle downloads): where that data came from, as the code states it. Read from the shared Python reader
// (notebooks included) with the same recogniser licensing used, so both checks now read one fact.
import { findThirdPartyReferences } from '../formats/third-party-references.js';
import { readPythonSources } from '../reproducibility/python-sources.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { DatasetModel } from './model.js';

const MAX_CODE_ORIGINS = 200;

export async function readCodeOrigins(snapshot: Snapshot, model: DatasetModel): Promise<void> {
  const sources = await readPythonSources(snapshot, { notebooks: true });
  for (const file of sources.files) {
    for (const reference of findThirdPartyReferences(file.text)) {
      if (reference.kind !== 'dataset' || model.origins.length >= MAX_CODE_ORIGINS) continue;
      model.origins.push({ target: null, source: reference.id, sourcePath: null, revision: null, via: reference.via, declaredIn: file.path, line: reference.line });
    }
  }
}
