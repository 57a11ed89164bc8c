// Pretrained models and external datasets a codebase pulls in: Hugging Face `from_pretrained`,
// `hf_hub_download`, `snapshot_download`, `pipeline(model=…)`, sentence-transformers, timm, torch.hub,
// torchvision weights; `load_dataset`, `fetch_openml`, `tfds.load`, Kaggle downloads. Pure and linear:
// source text in, references with lines out. Local paths and variables are not references.
import { lineAtIndex, lineStarts } from './lines.js';

export interface ThirdPartyReference {
  kind: 'model' | 'dataset';
  /** Hub id or name as written, e.g. `bert-base-uncased`, `openml:credit-g`, `torchvision:resnet50`. */
  id: string;
  line: number;
  /** What pulled it in, e.g. `from_pretrained`, `load_dataset`. */
  via: string;
}

// A quoted literal; notebooks store code as JSON strings, so the quotes may be escaped (`\"`).
const STRING = `\\\\?['"]([^'"\\s\\\\]{2,200})\\\\?['"]`;
const MODEL_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['from_pretrained', new RegExp(`\\.from_pretrained\\(\\s*(?:pretrained_model_name_or_path\\s*=\\s*)?${STRING}`, 'g')],
  ['hf_hub_download', new RegExp(`\\bhf_hub_download\\(\\s*(?:repo_id\\s*=\\s*)?${STRING}`, 'g')],
  ['snapshot_download', new RegExp(`\\bsnapshot_download\\(\\s*(?:repo_id\\s*=\\s*)?${STRING}`, 'g')],
  ['pipeline', new RegExp(`\\bpipeline\\([^)]{0,200}?\\bmodel\\s*=\\s*${STRING}`, 'g')],
  ['SentenceTransformer', new RegExp(`\\bSentenceTransformer\\(\\s*(?:model_name_or_path\\s*=\\s*)?${STRING}`, 'g')],
  ['timm.create_model', new RegExp(`\\btimm\\.create_model\\(\\s*${STRING}[^)]{0,200}?pretrained\\s*=\\s*True`, 'g')],
  ['torch.hub.load', new RegExp(`\\btorch\\.hub\\.load\\(\\s*${STRING}`, 'g')],
  ['open_clip', new RegExp(`\\bcreate_model_and_transforms\\(\\s*${STRING}[^)]{0,200}?pretrained\\s*=`, 'g')],
];
const TORCHVISION = /\b(?:torchvision\.)?models\.([a-z][a-z0-9_]{2,40})\([^)]{0,120}?(?:pretrained\s*=\s*True|weights\s*=\s*(?!None\b)[\w."']+)/g;

const DATASET_PATTERNS: ReadonlyArray<[string, RegExp, string]> = [
  ['load_dataset', new RegExp(`\\bload_dataset\\(\\s*(?:path\\s*=\\s*)?${STRING}`, 'g'), ''],
  ['fetch_openml', new RegExp(`\\bfetch_openml\\(\\s*(?:name\\s*=\\s*)?${STRING}`, 'g'), 'openml:'],
  ['tfds.load', new RegExp(`\\btfds\\.load\\(\\s*(?:name\\s*=\\s*)?${STRING}`, 'g'), 'tfds:'],
  ['kaggle', /\bkaggle\s+(?:datasets|competitions)\s+download\s+(?:-d\s+|-c\s+)?([\w.-]+\/[\w.-]+|[\w.-]+)/g, 'kaggle:'],
  ['kaggle', new RegExp(`\\b(?:dataset_download_files|competition_download_files)\\(\\s*${STRING}`, 'g'), 'kaggle:'],
];
/** `load_dataset("csv", data_files=…)` reads local files through a builder; not an external dataset. */
const LOCAL_BUILDERS = new Set(['csv', 'json', 'parquet', 'text', 'imagefolder', 'audiofolder', 'arrow', 'pandas', 'webdataset', 'sql', 'generator', 'videofolder', 'xml']);

export function findThirdPartyReferences(text: string): ThirdPartyReference[] {
  if (!/pretrained|hf_hub|snapshot_download|pipeline|SentenceTransformer|timm|torch\.hub|models\.|load_dataset|fetch_openml|tfds|kaggle|open_clip|create_model/.test(text)) return [];
  const found: ThirdPartyReference[] = [];
  const starts = lineStarts(text);
  const add = (kind: ThirdPartyReference['kind'], id: string, index: number, via: string) => {
    if (!isHubLikeId(id)) return;
    if (found.some((entry) => entry.kind === kind && entry.id === id)) return;
    found.push({ kind, id, line: lineAtIndex(starts, index), via });
  };
  for (const [via, pattern] of MODEL_PATTERNS) for (const match of text.matchAll(pattern)) add('model', match[1], match.index ?? 0, via);
  for (const match of text.matchAll(TORCHVISION)) add('model', `torchvision:${match[1]}`, match.index ?? 0, 'torchvision weights');
  for (const [via, pattern, prefix] of DATASET_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      if (via === 'load_dataset' && LOCAL_BUILDERS.has(match[1].toLowerCase())) continue;
      add('dataset', `${prefix}${match[1]}`, match.index ?? 0, via);
    }
  }
  return found.slice(0, 200);
}

/** Hub ids and names, not local paths, URLs to the repo's own files, or template strings. */
function isHubLikeId(id: string): boolean {
  const bare = id.replace(/^(openml|tfds|kaggle|torchvision):/, '');
  if (/^(\.{1,2}\/|\/|~|[A-Za-z]:\\)/.test(bare)) return false;
  if (/[{}$%<>]/.test(bare)) return false;
  if (/\.(pt|pth|bin|ckpt|safetensors|onnx|pkl|joblib|json|ya?ml|csv|parquet)$/i.test(bare)) return false;
  if (/^(models?|artifacts?|checkpoints?|outputs?|weights|data|output_dir|tmp)(\/|$)/i.test(bare)) return false;
  return /^[\w.-]+(\/[\w.-]+)?$/.test(bare);
}
