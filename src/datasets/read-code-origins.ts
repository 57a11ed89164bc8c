// Datasets the code pulls from a hub by name (`load_dataset("openwebtext")`, `fetch_openml`, `tfds.load`,
// Kaggle downloads): where that data came from, as the code states it. Read from the shared Python reader
// (notebooks included) with the same recogniser licensing used, so both checks now read one fact.
import { findThirdPartyReferences } from '../formats/third-party-references.js';
import { readPythonSources } from '../reproducibility/python-sources.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { DatasetModel } from './model.js';

const MAX_CODE_ORIGINS = 200;

/**
 * Training configurations that name Hub datasets (`dataset_name: org/name`, a `datasets:` list of `- id: org/name`,
 * a `dataset_mixer:` of `org/name: 1.0`), as fine-tuning recipes do: where the data comes from, by name.
 */
const CONFIG_FILES = ['**/*.yaml', '**/*.yml'];
const NOT_CONFIG = /(^|\/)(node_modules|vendor|third[-_]party|\.github|\.gitlab|site-packages|\.venv|venv)\//i;
const HUB_DATASET_ID = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;
const DATASET_KEY = /^[ \t]{0,40}(?:-[ \t]{1,4})?(dataset_name|dataset_id|dataset_path|train_dataset|eval_dataset|id|path)[ \t]{0,4}:[ \t]{0,4}["']?([^\s"'#]{1,200})["']?[ \t]{0,40}$/;
const MIXER_ENTRY = /^[ \t]{1,40}["']?([^\s"':#]{1,200})["']?[ \t]{0,4}:[ \t]{0,4}\d{1,3}(?:\.\d{1,6})?[ \t]{0,40}$/;
const MAX_CONFIG_FILES = 300;
const LOCAL_FILE = /\.(?:jsonl?|csv|tsv|parquet|txt|arrow|ya?ml|zip|gz)$|^\.{1,2}\//i;

async function readConfigOrigins(snapshot: Snapshot, model: DatasetModel): Promise<void> {
  const paths = snapshot.glob(CONFIG_FILES).filter((path) => !NOT_CONFIG.test(path) && !snapshot.isSymlink(path)).slice(0, MAX_CONFIG_FILES);
  for (const path of paths) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok || !/dataset/i.test(read.text)) continue;
    // `id:`/`path:` name a dataset only inside a datasets list; a mixer's entries only under `dataset_mixer:`.
    let inDatasets = false;
    let inMixer = false;
    for (const [index, line] of read.text.split('\n').entries()) {
      if (model.origins.length >= MAX_CODE_ORIGINS) return;
      const top = !/^[ \t-]/.test(line);
      if (/^[ \t]{0,40}[\w-]{1,60}:[ \t]{0,4}$/.test(line)) {
        if (/dataset/i.test(line)) {
          inDatasets = true;
          inMixer = /dataset_mix/i.test(line);
        } else if (top) inDatasets = inMixer = false;
        continue;
      }
      if (top && line.trim() !== '') inDatasets = inMixer = false;
      const keyed = DATASET_KEY.exec(line);
      const mixed = inMixer ? MIXER_ENTRY.exec(line) : null;
      const id = keyed && (keyed[1].startsWith('dataset') || keyed[1].endsWith('_dataset') || inDatasets) ? keyed[2] : mixed?.[1];
      // A file or folder of the repository (`data/train.jsonl`) is a local path, not a Hub id.
      if (!id || !HUB_DATASET_ID.test(id) || LOCAL_FILE.test(id) || snapshot.has(id) || snapshot.under(id).length > 0 || model.origins.some((origin) => origin.source === id)) continue;
      model.origins.push({ target: null, source: id, sourcePath: null, revision: null, via: 'a training configuration (Hub dataset id)', declaredIn: path, line: index + 1 });
    }
  }
}

export async function readCodeOrigins(snapshot: Snapshot, model: DatasetModel): Promise<void> {
  await readConfigOrigins(snapshot, model);
  const sources = await readPythonSources(snapshot, { notebooks: true });
  for (const file of sources.files) {
    for (const reference of findThirdPartyReferences(file.text)) {
      if (reference.kind !== 'dataset' || model.origins.length >= MAX_CODE_ORIGINS) continue;
      model.origins.push({ target: null, source: reference.id, sourcePath: null, revision: null, via: reference.via, declaredIn: file.path, line: reference.line });
    }
  }
}
