// What the delivery is, from what it contains: LLM SDKs and prompt files make an LLM application; code that
// trains (a loop, a fit call, a training pipeline), recorded training runs or delivered weights make a trained
// model; LoRA/PEFT adapters or fine-tuning jobs make a fine-tuned model; a dbt project, DAGs, flows or Spark/Beam
// jobs that build data make a data pipeline. Every profile comes with the paths that show it.
import { readDeclaredDependencies, type DeclaredDependencies } from '../llm/dependencies.js';
import { readPythonSources } from '../reproducibility/python-sources.js';
import { findTrainingCode } from '../reproducibility/training-code.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { ProfileSighting, SystemProfile } from './system-profile.js';
import { RUN_RECORD_WHY, SYSTEM_PROFILES } from './system-profile.js';

const MAX_SIGHTINGS_PER_PROFILE = 5;

/** Vendored, recorded and generated folders say nothing about what the vendor built. */
const NOT_DELIVERED = /(^|\/)(node_modules|vendor|third_party|site-packages|\.venv|venv|\.tox|dist|build|target|bin|obj|testdata|fixtures|__fixtures__)\//;
/** Tests exercise code; they do not show what the delivery is. */
const TEST_DIR = /(^|\/)(tests?|testing|spec)\//;
/**
 * Evaluation code grades a system; it does not show one. A label binarizer fitted in a metrics module is not a
 * trained model, and an LLM SDK declared only by an evaluation folder (GPT-4 as a judge) is not an LLM application.
 */
const EVALUATION_CODE = /(^|\/)(evals?|evaluations?|benchmarks?|metrics?)\/|(^|\/)(?=[^/]*(?:(?<![a-z])eval|metric))[^/]*\.py$/i;
/** `mlb.fit(`, `label_encoder.fit(`: fitting a preprocessor is not training a model. */
const PREPROCESSOR_FIT = /\b(?:mlb|le|enc\w*|\w*encoder|\w*scaler|\w*vectori[sz]er|\w*binari[sz]er|\w*imputer|\w*tokeni[sz]er|\w*normali[sz]er|pca|tfidf\w*)\.fit(?:_transform)?\(/i;
const TEST_CODE = /(^|\/)(tests?|testing|spec)\/|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/;
const PROMPT_FILE = /(^|\/)prompts?\/[^/]+\.(txt|md|jinja2?|j2|ya?ml|json|mustache|prompty)$|\.prompty$|\.prompt(\.ya?ml)?$/i;
const PROMPTFOO = /(^|\/)promptfooconfig[^/]*\.(ya?ml|json)$/;
const RUN_RECORD = /(^|\/)mlflow\.db$|(^|\/)mlruns\/[^/]+\/[^/]+\/meta\.yaml$|(^|\/)wandb\/run-[^/]+\/files\/wandb-summary\.json$|(^|\/)dvclive\/metrics\.json$/;
const WEIGHTS = /\.(pkl|pickle|joblib|safetensors|onnx|h5|keras|pt|pth|ckpt|gguf|mlmodel|cbm|xgb)$|(^|\/)saved_model\.pb$/i;
const ADAPTER = /(^|\/)adapter_config\.json$|(^|\/)adapter_model\.(safetensors|bin)$/;
const DBT_PROJECT = /(^|\/)dbt_project\.ya?ml$/;
/** Globs that hold every path ADAPTER, DBT_PROJECT, RUN_RECORD and WEIGHTS can match (the regexes still decide). */
const ADAPTER_NAMES = ['**/adapter_config.json', '**/adapter_model.{safetensors,bin}'];
const DBT_NAMES = ['**/dbt_project.{yml,yaml}'];
const RUN_RECORD_AND_WEIGHT_NAMES = [
  '**/{mlflow.db,meta.yaml,wandb-summary.json,metrics.json,saved_model.pb}',
  '**/*.{pkl,pickle,joblib,safetensors,onnx,h5,keras,pt,pth,ckpt,gguf,mlmodel,cbm,xgb}',
];
/** An LLM SDK or framework imported by delivered code: notebooks and scripts often declare no dependencies (a notebook's source lines sit in JSON strings). */
const LLM_IMPORT = /^[ \t]*"?(?:from|import)[ \t]+(openai|anthropic|langchain(?:_[a-z]+)?|llama_index|litellm|mistralai|cohere|ollama|groq|google\.generativeai|google\.genai|vertexai\.generative_models)\b/m;
const FINE_TUNING: ReadonlyArray<[string, RegExp]> = [
  // Configuring an adapter for training; loading a published one (PeftModel.from_pretrained) is using a model, not tuning it.
  ['LoRA/PEFT adapter (LoraConfig)', /\bLoraConfig\(|\bget_peft_model\(|\bprepare_model_for_kbit_training\(/],
  ['supervised fine-tuning (SFTTrainer)', /\b(?:SFT|DPO|ORPO|Reward)Trainer\(/],
  ['hosted fine-tuning job', /\bfine_tuning\.jobs\.create\(|\bFineTuningJob\.create\(|\bcreate_fine_tuning_job\(|\bsft\.train\(|\bcreate_model_customization_job\(/],
];
/** Fine-tuning run as a tool's YAML config, with no training code of the vendor's own (axolotl, LLaMA-Factory, TRL recipes). */
const YAML_FILE = /\.ya?ml$/i;
const FINE_TUNING_WORD = /lora|sft|dpo|orpo|finetun|fine[-_]tun|axolotl|llama[-_]?factory/i;
const CONFIG_FOLDER = /(^|\/)(configs?|recipes?)\/[^/]+$/i;
const FINE_TUNING_CONFIG: ReadonlyArray<[string, RegExp]> = [
  ['fine-tuning config (axolotl adapter)', /^adapter:[ \t]*['"]?q?lora\b/m],
  ['fine-tuning config (LLaMA-Factory)', /^finetuning_type:[ \t]*['"]?(?:lora|freeze|full)\b/m],
  ['fine-tuning config (use_peft)', /^use_peft:[ \t]*true\b/m],
];
const MAX_CONFIGS = 40;
const MAX_CONFIG_BYTES = 64 * 1024;
const DATA_PIPELINE: ReadonlyArray<[string, RegExp]> = [
  ['Airflow DAG', /^[ \t]*from[ \t]+airflow\b|^[ \t]*import[ \t]+airflow\b/m],
  ['Dagster assets', /^[ \t]*from[ \t]+dagster[ \t]+import\b[^\n]*\basset\b|^[ \t]*@(?:dagster\.)?asset\b/m],
  ['Prefect flow', /^[ \t]*from[ \t]+prefect[ \t]+import\b[^\n]*\bflow\b/m],
  ['Spark job', /\bSparkSession\.builder\b/],
  ['Apache Beam pipeline', /\bbeam\.Pipeline\(/],
];

/** What the scan looks for, per profile, in words: `explain profiles` and the README print it. Keep in step with the patterns above. */
export const PROFILE_DETECTION: Readonly<Record<SystemProfile, string>> = {
  'trained-model':
    'code that trains (a training loop with `.backward()` or optimizer steps, `.fit()`, `Trainer(…)`, `trainer.train()`, a training pipeline definition), recorded training runs (`mlruns/`, `mlflow.db`, `wandb/run-…`, `dvclive/`) or delivered weights (`.pt`, `.safetensors`, `.onnx`, `.joblib`, `saved_model.pb`, …); test code and test resources do not count',
  'fine-tuned-model':
    'LoRA/PEFT adapters configured (`LoraConfig`, `get_peft_model`) or delivered (`adapter_config.json`, `adapter_model.safetensors`), supervised or preference fine-tuning (`SFTTrainer`, `DPOTrainer`, `ORPOTrainer`, `RewardTrainer`), hosted fine-tuning jobs (OpenAI `fine_tuning.jobs.create`, Vertex `sft.train`, Bedrock `create_model_customization_job`), or the config of a fine-tuning tool (axolotl `adapter: lora`, LLaMA-Factory `finetuning_type`, `use_peft: true`)',
  'llm-application':
    'an LLM provider SDK, framework, gateway or local inference package declared in a dependency manifest (`pyproject.toml`, `requirements.txt`, `Pipfile`, `package.json`, `Gemfile`, `.csproj`, `go.mod`, `Cargo.toml`, `pom.xml`, Gradle, `composer.json`) or, when nothing else shows a profile, imported by Python code and notebooks (`openai`, `anthropic`, `langchain`, `llama_index`, `litellm`, …), prompt template files (under `prompts/`, `.prompty`, `.prompt.yaml`) or a promptfoo config',
  'data-pipeline': 'a dbt project (`dbt_project.yml`), Airflow DAGs, Dagster assets, Prefect flows, Spark jobs (`SparkSession.builder`) or Apache Beam pipelines',
};

export interface DetectedProfiles {
  profiles: SystemProfile[];
  sightings: ProfileSighting[];
}

export async function detectProfiles(snapshot: Snapshot): Promise<DetectedProfiles> {
  const sightings: ProfileSighting[] = [];
  const see = (sighting: ProfileSighting): void => {
    if (sightings.filter((seen) => seen.profile === sighting.profile).length < MAX_SIGHTINGS_PER_PROFILE) sightings.push(sighting);
  };
  const delivered = snapshot.files.filter((path) => !NOT_DELIVERED.test(path));

  seeLlmApplication(await readDeclaredDependencies(snapshot), delivered, see);

  const sources = await readPythonSources(snapshot, { notebooks: true });
  const fineTuningFiles = new Set<string>();
  const imports: ProfileSighting[] = [];
  for (const file of sources.files) {
    if (TEST_CODE.test(file.path) || NOT_DELIVERED.test(file.path)) continue;
    for (const [why, pattern] of FINE_TUNING) {
      const match = pattern.exec(file.text);
      if (!match) continue;
      see({ profile: 'fine-tuned-model', path: file.path, line: lineAt(file.text, match.index), why });
      fineTuningFiles.add(file.path);
      break;
    }
    for (const [why, pattern] of DATA_PIPELINE) {
      const match = pattern.exec(file.text);
      if (match) {
        see({ profile: 'data-pipeline', path: file.path, line: lineAt(file.text, match.index), why });
        break;
      }
    }
    const llm = LLM_IMPORT.exec(file.text);
    if (llm && imports.length < MAX_SIGHTINGS_PER_PROFILE) imports.push({ profile: 'llm-application', path: file.path, line: lineAt(file.text, llm.index), why: `${llm[1]} imported` });
  }
  // Rare names are looked up in the listing's name and extension indexes rather than tested on every path.
  const deliveredNamed = (patterns: string[]) => snapshot.glob(patterns).filter((path) => !NOT_DELIVERED.test(path));
  for (const path of deliveredNamed(ADAPTER_NAMES)) if (ADAPTER.test(path)) see({ profile: 'fine-tuned-model', path, why: 'LoRA/PEFT adapter delivered' });
  await seeFineTuningConfigs(snapshot, deliveredNamed(['**/*.{yml,yaml}']), see);
  for (const path of deliveredNamed(DBT_NAMES)) if (DBT_PROJECT.test(path)) see({ profile: 'data-pipeline', path, why: 'dbt project' });

  // Training code that fine-tunes is already counted as fine-tuning; the rest trains a model of its own.
  const textOf = new Map(sources.files.map((file) => [file.path, file.text]));
  for (const code of findTrainingCode(sources.files)) {
    if (fineTuningFiles.has(code.path) || TEST_CODE.test(code.path) || EVALUATION_CODE.test(code.path)) continue;
    const signal = code.signals.find((found) => !/Airflow DAG/.test(found.kind) && !PREPROCESSOR_FIT.test(lineOf(textOf.get(code.path) ?? '', found.line)));
    if (signal) see({ profile: 'trained-model', path: code.path, line: signal.line, why: signal.kind });
  }
  // A model or run kept as a test resource exercises code; it is not what was delivered.
  for (const path of deliveredNamed(RUN_RECORD_AND_WEIGHT_NAMES)) {
    if (TEST_DIR.test(path)) continue;
    if (RUN_RECORD.test(path)) see({ profile: 'trained-model', path, why: RUN_RECORD_WHY });
    else if (WEIGHTS.test(path) && !ADAPTER.test(path)) see({ profile: 'trained-model', path, why: 'model weights delivered' });
  }

  // An import alone is weak evidence (a training repo benchmarking an LLM in one notebook): it decides only when
  // nothing else shows what the delivery is, as in a notebook dump calling a hosted model.
  if (sightings.length === 0) for (const sighting of imports) see(sighting);
  const profiles = SYSTEM_PROFILES.filter((profile) => sightings.some((sighting) => sighting.profile === profile));
  return { profiles, sightings };
}

function seeLlmApplication(dependencies: DeclaredDependencies, delivered: readonly string[], see: (sighting: ProfileSighting) => void): void {
  for (const dep of dependencies.llm) {
    if (EVALUATION_CODE.test(dep.manifest)) continue;
    if (dep.role === 'provider-sdk' || dep.role === 'framework' || dep.role === 'gateway' || dep.role === 'local-inference') {
      see({ profile: 'llm-application', path: dep.manifest, line: dep.line, why: `${dep.name} declared (${dep.role})` });
    }
  }
  for (const path of delivered) {
    if (PROMPTFOO.test(path)) see({ profile: 'llm-application', path, why: 'promptfoo evaluation config' });
    else if (PROMPT_FILE.test(path)) see({ profile: 'llm-application', path, why: 'prompt template file' });
  }
}

async function seeFineTuningConfigs(snapshot: Snapshot, delivered: readonly string[], see: (sighting: ProfileSighting) => void): Promise<void> {
  const named = (path: string) => YAML_FILE.test(path) && (FINE_TUNING_WORD.test(path.slice(path.lastIndexOf('/') + 1)) || CONFIG_FOLDER.test(path));
  const configs = delivered.filter((path) => named(path) && !TEST_DIR.test(path) && !snapshot.isSymlink(path)).slice(0, MAX_CONFIGS);
  for (const path of configs) {
    const read = await snapshot.readText(path, { maxBytes: MAX_CONFIG_BYTES });
    if (!read.ok) continue;
    for (const [why, pattern] of FINE_TUNING_CONFIG) {
      const match = pattern.exec(read.text);
      if (match) {
        see({ profile: 'fine-tuned-model', path, line: lineAt(read.text, match.index), why });
        break;
      }
    }
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/** The 1-based line `line` of `text` ('' past the end). */
function lineOf(text: string, line: number): string {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? undefined : end);
}
