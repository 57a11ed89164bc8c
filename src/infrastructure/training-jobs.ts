// Training infrastructure: how a model is trained on shared compute, written down as code. Slurm batch
// scripts (`#SBATCH` directives), cluster submission from Python (submitit executors), multi-process launch
// configs (accelerate with a distributed type, DeepSpeed ZeRO configs), and publishing the trained model to
// the Hugging Face Hub (`push_to_hub: true` in a training config, `upload_folder`/`.push_to_hub(` in code).
// A single-process script run by hand (`python train.py`) is none of these: it runs on whoever's machine.
import { parseJsonObject } from '../formats/json.js';
import { parseYamlMapping } from '../formats/yaml.js';
import { readPythonSources } from '../reproducibility/python-sources.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { emptyFacts, lineAt, type InfraFacts } from './model.js';

const VENDORED = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third_party|\.git)\//;
const MAX_FILES = 40;
/** Two directives at least: one stray `#SBATCH` in a comment does not make a job script. */
const SBATCH = /^#SBATCH[ \t]+--?[\w-]{1,40}/gm;
const SUBMITIT = /^[ \t]*(?:import submitit\b|from submitit\b)/m;
const EXECUTOR = /\b(?:AutoExecutor|SlurmExecutor)\s*\(/;
/** Publishing a trained model from code; `from_pretrained` and downloads are not publishing. */
const HUB_UPLOAD = /\.push_to_hub\s*\(|\bupload_folder\s*\(|\bupload_large_folder\s*\(|\bcreate_commit\s*\(/;
const HUB_IMPORT = /^[ \t]*(?:from huggingface_hub\b|import huggingface_hub\b|from transformers\b|from trl\b|from peft\b)/m;

export interface TrainingFacts extends InfraFacts {
  /** Where the trained model is published to the Hub (a config key or an upload call). */
  publishing: Array<{ path: string; line: number; what: string }>;
}

export async function recogniseTrainingJobs(snapshot: Snapshot): Promise<TrainingFacts> {
  const facts: TrainingFacts = { ...emptyFacts(), publishing: [] };
  const usable = (path: string) => !VENDORED.test(path) && !snapshot.isSymlink(path);

  for (const path of snapshot.glob(['**/*.slurm', '**/*.sbatch', '**/*.sh', '**/*.bash']).filter(usable).slice(0, MAX_FILES * 4)) {
    if (facts.artifacts.filter((artifact) => artifact.tool === 'slurm').length >= MAX_FILES) break;
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok || !read.text.includes('#SBATCH')) continue;
    const directives = read.text.match(SBATCH) ?? [];
    if (directives.length < 2) continue;
    const partition = /^#SBATCH[ \t]+(?:--partition[= ]|-p[ \t]+)([\w.-]{1,60})/m.exec(read.text)?.[1];
    facts.artifacts.push({ kind: 'training-job', tool: 'slurm', path, line: lineAt(read.text, read.text.indexOf('#SBATCH')), note: `Slurm batch job, ${directives.length} #SBATCH directive(s)${partition ? `, partition ${partition}` : ''}` });
    facts.needs.push({ category: 'cluster', what: `a Slurm cluster${partition ? ` (partition ${partition})` : ''}`, path });
  }

  for (const path of snapshot.glob(['**/*.yaml', '**/*.yml']).filter((candidate) => usable(candidate) && /accelerate|deepspeed|fsdp|ddp|zero|launch/i.test(candidate)).slice(0, MAX_FILES)) {
    const read = await snapshot.readText(path, { maxBytes: 128 * 1024 });
    if (!read.ok || !read.text.includes('distributed_type')) continue;
    const config = parseYamlMapping(read.text);
    if (!config.ok) continue;
    const type = config.value.distributed_type;
    // `distributed_type: NO` is one process on one device: nothing to launch.
    if (typeof type !== 'string' || /^no$/i.test(type) || config.value.compute_environment === undefined) continue;
    facts.artifacts.push({ kind: 'training-job', tool: 'accelerate', path, line: 1, note: `accelerate launch config, ${type}, ${String(config.value.num_processes ?? '?')} process(es) on ${String(config.value.num_machines ?? '?')} machine(s)` });
  }

  for (const path of snapshot.glob('**/*.json').filter((candidate) => usable(candidate) && /deepspeed|ds_?config|zero/i.test(candidate)).slice(0, MAX_FILES)) {
    const read = await snapshot.readText(path, { maxBytes: 128 * 1024 });
    if (!read.ok || !read.text.includes('zero_optimization')) continue;
    const config = parseJsonObject(read.text);
    if (!config.ok || typeof config.value.zero_optimization !== 'object' || config.value.zero_optimization === null) continue;
    const stage = (config.value.zero_optimization as Record<string, unknown>).stage;
    facts.artifacts.push({ kind: 'training-job', tool: 'deepspeed', path, line: 1, note: `DeepSpeed config${typeof stage === 'number' ? `, ZeRO stage ${stage}` : ''}` });
  }

  // Training configs that publish the result: `push_to_hub: true` (transformers/TRL arguments).
  for (const path of snapshot.glob(['**/*.yaml', '**/*.yml']).filter((candidate) => usable(candidate) && /config|recipe|train|args/i.test(candidate)).slice(0, MAX_FILES * 5)) {
    if (facts.publishing.length >= 5) break;
    const read = await snapshot.readText(path, { maxBytes: 64 * 1024 });
    if (!read.ok) continue;
    const match = /^push_to_hub:[ \t]*true\b/m.exec(read.text);
    if (match) facts.publishing.push({ path, line: lineAt(read.text, match.index), what: 'push_to_hub: true' });
  }

  const sources = await readPythonSources(snapshot);
  for (const file of sources.files) {
    if (/(^|\/)(tests?|testing)\//.test(file.path)) continue;
    if (SUBMITIT.test(file.text)) {
      const executor = EXECUTOR.exec(file.text);
      if (executor) {
        facts.artifacts.push({ kind: 'training-job', tool: 'submitit', path: file.path, line: lineAt(file.text, executor.index), note: 'cluster jobs submitted with submitit (Slurm)' });
        facts.needs.push({ category: 'cluster', what: 'a Slurm cluster (submitit)', path: file.path });
      }
    }
    if (facts.publishing.length < 5 && HUB_IMPORT.test(file.text)) {
      const upload = HUB_UPLOAD.exec(file.text);
      if (upload) facts.publishing.push({ path: file.path, line: lineAt(file.text, upload.index), what: `${upload[0].split('(')[0].trim()}(` });
    }
  }
  return facts;
}
