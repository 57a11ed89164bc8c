// model-artifacts: is the model itself handed over? The approved version's weights are in the delivery or in
// a store the buyer is given access to, a content hash recorded elsewhere matches them, loading them runs no
// code (pickles are walked, never loaded), a fine-tuned model names its base model and licence, and the
// model's inputs and outputs are written down. An application that only prompts hosted models has no weights to
// deliver (skipped, naming them); one that runs open weights itself must pin them; a fine-tuned model is its
// adapter or its hosted fine-tuned id, with the base model named; a data pipeline has no model.
import { defineCheck, findingFrom, type CheckOutcome, type Evidence, type Finding } from '../src/check.js';
import { hexOf } from '../src/formats/content-hash.js';
import { collectModels, type ModelInventory } from '../src/models/collect.js';
import { locateApproved, type ApprovedArtifact } from '../src/models/match.js';
import type { LoadSafety, ModelArtifact, ModelReference } from '../src/models/model.js';
import { collectLlmModelUse, type LlmModelUse, type Pin } from '../src/models/llm-models.js';
import { MODEL_EXTENSION } from '../src/models/paths.js';
import { DEFAULT_MODEL_READ_LIMITS } from '../src/models/read.js';
import { DEFAULT_PROFILES, promptedOnly, type DeliveryProfiles } from '../src/profiles/system-profile.js';

/** What each load-safety level is worth on the safe-format criterion (the worst artifact counts). */
const SAFETY_VALUE: Record<LoadSafety, number> = { safe: 1, 'not-inspected': 0.8, 'pickle-allowed': 0.6, 'pickle-unknown': 0.4, dangerous: 0 };
const DELIVERY_VALUE = { present: 1, retrievable: 1, 'store-not-granted': 0.3, 'weights-missing': 0.1, none: 0 } as const;
const PIN_VALUE: Record<Pin, number> = { digest: 1, tag: 0.6, name: 0.3 };
const MAX_FINDINGS_PER_ID = 20;
const EVIDENCE_LIMIT = 60;

const check = defineCheck({
  id: 'model-artifacts',
  title: 'Model artifacts: delivered, hashed, safe to load',
  rationale:
    'The buyer owns the weights it paid for, and after the vendor leaves its team must load, retrain and debug that exact model. An approved version that exists only on the vendor\'s machine, weights that differ from what was approved, or a pickle that runs a command when loaded, each leave the buyer without the model.',
  defaultWeight: 3,
  criteria: [
    {
      id: 'delivered',
      title: 'The approved model is delivered or retrievable',
      weight: 4,
      description:
        'The approved version (evaluation-criteria approvedModel, else the registry alias/stage or selection tag) maps to its weights: present in the delivery, or in Git LFS, a DVC remote, an object store or the MLflow registry that an access list names. A store no access list names earns 0.3, an MLmodel whose model file is missing 0.1; models found but none identifiable as approved earn 0.5. An LLM application running open weights itself: the weights delivered, or the model reference pinned (a commit revision or digest 1, a tag 0.6, a bare name 0.3). A fine-tuned model kept by a hosted fine-tuning service: its fine-tuned model id recorded, 1 when an access list names the service, else 0.3.',
    },
    {
      id: 'hashed',
      title: 'A recorded content hash matches the artifact',
      weight: 2,
      description:
        'The approved artifact (or every model present, when none is approved) has a hash recorded elsewhere (DVC, Git LFS, registry version tags, the model card, checksum files) that equals the md5/sha256 of its bytes when they are within the hashing cap (option `maxHashBytes`, default 16 MiB; larger files are read by header and directory only), or the pointer\'s hash otherwise; a hash that cannot be verified earns 0.5, a registry store with a recorded hash 0.7. An open model fetched at run time: pinned to a commit revision or digest (which is its content address) 1, else 0.',
    },
    {
      id: 'safe-format',
      title: 'Loading the models runs no code',
      weight: 3,
      description:
        'The worst model artifact counts: formats without code (safetensors, ONNX, GGUF, LightGBM text, Keras without Lambda layers) earn 1, not inspected 0.8, a pickle of allow-listed classes 0.6, a pickle importing unknown callables 0.4, a pickle importing callables that run code (os.system, subprocess, builtins.eval, …) or a Lambda layer 0; no model delivered to inspect earns 0. Not applicable to an open model fetched at run time or a hosted fine-tuned model: no weights are delivered to inspect.',
    },
    {
      id: 'provenance',
      title: 'Fine-tuned models name their base model and its licence',
      weight: 1,
      description:
        'When a model is fine-tuned (HF `_name_or_path`, adapter `base_model_name_or_path`, GGUF or card `base_model`), the base model is named (half) and a licence is stated next to it in the model card or licence files (half); a model trained from scratch earns full marks here (with no model and no model card, 0). For a delivery judged as fine-tuned, a base model must be named (adapter_config.json, the model card, or the hosted fine-tuned id): none named earns 0.',
    },
    {
      id: 'signature',
      title: 'Inputs and outputs are recorded',
      weight: 2,
      description:
        'The approved model records its input/output signature or an input example (MLmodel signature or saved_input_example_info, ONNX graph inputs and outputs, HF config architectures). Not applicable to an LLM used through prompts (open or hosted fine-tuned): text in, text out.',
    },
  ],
  findings: {
    'no-model-delivered': {
      severity: 'error',
      title: 'A model is trained here but none is delivered',
      criterion: 'delivered',
      remediation:
        'Deliver the approved model: log it with MLflow (mlflow.<flavour>.log_model with a signature) and commit the run\'s artifacts, or track the weights with DVC or Git LFS and push them to a remote the buyer is given access to (list it in docs/access.md).',
    },
    'approved-not-delivered': {
      severity: 'error',
      title: 'The approved version has no artifact',
      criterion: 'delivered',
      remediation:
        'Deliver the weights of exactly the approved version: commit its MLflow model folder, or record the model file it was built from (e.g. a registry version tag `model_file` with its DVC path and `model_md5`) and push that file to a DVC remote or registry named in the access list.',
    },
    'weights-missing': {
      severity: 'error',
      title: 'The approved MLmodel is delivered without its model file',
      criterion: 'delivered',
      remediation: 'Commit the file(s) the MLmodel flavours load (e.g. model.pkl, model.lgb, data/) next to it, or track them with DVC/Git LFS and say so in the registry version\'s tags.',
    },
    'store-not-granted': {
      severity: 'warning',
      title: 'The model is kept in a store no access list names',
      criterion: 'delivered',
      remediation: 'Name the store (bucket, DVC remote, MLflow server and model, Hugging Face organisation) in the access list (docs/access.md) with who grants access, or deliver the weights in the repository.',
    },
    'approved-model-unknown': {
      severity: 'warning',
      title: 'Models are delivered but none is marked as approved',
      criterion: 'delivered',
      remediation: 'Say which model was approved: `approvedModel` in the evaluation criteria file, or a registry alias (`champion`) on the delivered version.',
    },
    'model-files-missing': {
      severity: 'warning',
      title: 'A model folder lacks files it needs',
      remediation: 'Deliver every file the folder names: the MLmodel flavours\' data files, every shard the *.index.json weight map lists, variables/ of a SavedModel.',
    },
    'hash-mismatch': {
      severity: 'error',
      title: 'The recorded hash does not match the model',
      criterion: 'hashed',
      remediation: 'The delivered weights are not the ones recorded: deliver the approved file, or update the record (dvc commit, the registry tag, the card) after confirming which file was approved.',
    },
    'no-hash-recorded': {
      severity: 'warning',
      title: 'No content hash is recorded for the model',
      criterion: 'hashed',
      remediation: 'Record the sha256 (or md5) of the approved weights somewhere independent of the file: DVC (dvc add / dvc.lock), Git LFS, a registry version tag (`model_sha256`), the model card, or a SHA256SUMS file.',
    },
    'hash-not-verified': {
      severity: 'info',
      title: 'The recorded hash could not be verified',
      criterion: 'hashed',
      remediation: 'The file is larger than the hashing cap (policy option `maxHashBytes`) or kept in a store: verify it with `sha256sum` after fetching, or raise the cap.',
    },
    'executes-code-on-load': {
      severity: 'error',
      title: 'Loading a model runs code',
      criterion: 'safe-format',
      remediation:
        'Do not load this file. It imports callables that run commands or code when unpickled (or a Keras Lambda layer). Re-export the weights from a trusted environment as safetensors (or ONNX), and find out how this file got into the delivery.',
    },
    'unknown-pickle-imports': {
      severity: 'warning',
      title: 'A pickle imports callables on no allow-list',
      criterion: 'safe-format',
      remediation: 'Loading a pickle calls what it imports. Check each import listed; prefer safetensors for weights and skops or ONNX for estimators, or load with torch.load(weights_only=True).',
    },
    'pickle-weights': {
      severity: 'warning',
      title: 'Weights are delivered as a pickle',
      criterion: 'safe-format',
      remediation: 'Save weights as safetensors (`safetensors.torch.save_file(model.state_dict(), …)`, `save_pretrained(safe_serialization=True)`), estimators as skops or ONNX: a pickle can run code when loaded, and the receiver must trust every future copy.',
    },
    'not-inspected': {
      severity: 'info',
      title: 'A model file was not inspected',
      criterion: 'safe-format',
      remediation: 'The file is over the read cap, compressed with a codec the scan does not open, or kept in a store: scan it where it is kept (e.g. with a model scanner) before loading it.',
    },
    'base-model-unnamed': {
      severity: 'warning',
      title: 'A fine-tuned model does not name its base model',
      criterion: 'provenance',
      remediation: 'Name the base model (Hub id and revision) in the model card front matter (`base_model:`) and in adapter_config.json.',
    },
    'base-licence-missing': {
      severity: 'warning',
      title: 'The base model\'s licence is not stated',
      criterion: 'provenance',
      remediation: 'State the base model\'s licence (e.g. Apache-2.0, Llama 3 Community License) in the model card (`license:` and a sentence next to the base model) and THIRD_PARTY_LICENSES, with its use restrictions.',
    },
    'open-model-unpinned': {
      severity: 'warning',
      title: 'An open model is used by a name that can change',
      criterion: 'delivered',
      remediation: 'Pin each open model the application runs: a Hugging Face id with `revision="<commit sha>"`, an Ollama model by digest (or a Modelfile FROM a delivered GGUF file), or deliver the weights (Git LFS, DVC) with their hash.',
    },
    'open-model-unnamed': {
      severity: 'warning',
      title: 'A local inference package is used but no model it runs is named',
      criterion: 'delivered',
      remediation: 'Name the model the application runs (Hugging Face id and revision, Ollama model and digest, or the GGUF file) in configuration the receiver can read, or deliver the weights.',
    },
    'no-signature': {
      severity: 'warning',
      title: 'The model\'s inputs and outputs are not recorded',
      criterion: 'signature',
      remediation: 'Log the model with a signature and an input example (`mlflow.<flavour>.log_model(…, signature=infer_signature(X, y), input_example=X[:5])`), or export ONNX with named inputs.',
    },
  },
  scale: {
    high: 'The approved version maps to weights in the delivery or in a store the access list names, a recorded hash matches them, every model file loads without running code, a fine-tuned model names its base model and licence, and the signature is recorded.',
    low: 'A model is trained (runs, a registry, a model card, training code) but no weights are delivered or retrievable, or a delivered file runs code when loaded.',
  },
  profiles: {
    'llm-application':
      'nothing when the application only calls hosted models (skipped, naming the providers and models seen: their weights are the providers\'); when it runs open weights itself (Ollama, vLLM, llama.cpp), that each model is delivered or pinned by revision or digest.',
    'fine-tuned-model': 'the adapter or fine-tuned weights (adapter_config.json with adapter_model.safetensors) or the fine-tuned model id of a hosted fine-tuning job recorded in the repository, and the base model they apply to.',
    'data-pipeline': 'nothing when the delivery is only a data pipeline and ships no model file: there is no model.',
  },
  recognises: [
    'model files by their bytes, not their names: safetensors (header only), ONNX (ModelProto fields; graph inputs/outputs when small), GGUF (header, general.* keys), Keras .keras archives and HDF5 models, PyTorch and TorchScript ZIP checkpoints (central directory, data.pkl walked), pickle and joblib streams (plain or zlib/gzip), LightGBM text models',
    'model folders: MLflow `MLmodel` (flavours, the files they load, signature, input example), Hugging Face (config.json with weights, *.index.json shards, adapter_config.json), TensorFlow SavedModel (saved_model.pb with variables/)',
    'models delivered elsewhere: Git LFS pointers and DVC-tracked outputs (.dvc, dvc.lock) of model paths, with their hash and remote',
    'store references: MLflow registry versions (file store and mlflow.db; `source`, tags), `models:/` URIs, Hugging Face Hub ids (from_pretrained, hf_hub_download, base_model keys), s3://, gs://, abfss:// and azureml:// model URIs; retrievable only when an access list names the store',
    'pickle opcodes of protocols 0–5 (GLOBAL, INST, STACK_GLOBAL through a symbolic stack and memo, REDUCE, BUILD, NEWOBJ), with an opcode budget and byte caps; never unpickled',
    'the approved version: evaluation-criteria `approvedModel`, else the MLflow alias (champion first) or Production stage, else a run tagged as selected',
    'LLM applications: provider SDKs and gateways declared (the providers), hosted model ids in code and configuration (claude-…, gpt-…, gemini-…, Bedrock ids); open models run locally: `ollama pull/run`, Ollama client calls (also `Ollama(model=…)` from LangChain in the application code with no `ollama` package declared; commented-out lines and tests aside) and Modelfile FROM, `vllm serve`, `LLM(model=…)`, `--model`, llama.cpp `Llama(model_path=…)`, Hub ids with `revision=`',
    'hosted fine-tuned model ids: OpenAI `ft:<base>:…`, Azure OpenAI `<base>.ft-<id>`, Amazon Bedrock custom-model ARNs, Vertex AI / Gemini tuned models',
  ],
  async run(snapshot, context) {
    const limits = { ...DEFAULT_MODEL_READ_LIMITS, ...(typeof context.options.maxHashBytes === 'number' && context.options.maxHashBytes > 0 ? { wholeBytes: context.options.maxHashBytes } : {}) };
    const inventory = await collectModels(snapshot, { locations: context.locations, limits });
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const add = (id: string, message: string, where: Where = {}) => {
      if (findings.filter((finding) => finding.id === id).length < MAX_FINDINGS_PER_ID) findings.push(findingFrom(check, id, message, where));
    };
    describeInventory(inventory, evidence);

    const models = inventory.artifacts;
    const profiles = context.profiles ?? DEFAULT_PROFILES;
    const fineTuned = profiles.judged.includes('fine-tuned-model');
    if (models.length === 0 && !inventory.approved && profiles.judged.every((profile) => profile === 'data-pipeline')) {
      return { status: 'skip', reason: `No model: the delivery is judged as a data pipeline only (${judgedAs(profiles)}) and ships no model file, folder or pointer; its datasets are judged by dataset-versioning.`, evidence };
    }
    // An application that prompts models: hosted ones are the providers' to keep; open ones it runs must be pinned.
    if (promptedOnly(profiles)) {
      const use = await collectLlmModelUse(snapshot);
      describeLlmUse(use, evidence);
      if (use.localInference.length === 0 && use.openModels.length === 0 && models.length === 0) return { status: 'skip', reason: hostedReason(inventory, use, profiles), evidence };
      return judgeOpenWeights(inventory, use, add, evidence, findings);
    }
    if (models.length === 0 && !inventory.approved) {
      // A fine-tune kept by a hosted service is delivered as its id; the weights never leave the provider.
      const use = fineTuned ? await collectLlmModelUse(snapshot) : null;
      if (use && use.fineTunes.length > 0) return judgeHostedFineTunes(inventory, use, add, evidence, findings);
      if (inventory.trainingSigns.length === 0) return { status: 'skip', reason: noModelReason(inventory), evidence };
      // Not in the repository, but the code or documents name where the model is kept (a Hub adapter, a release URL).
      const stored = storedModelReferences(inventory);
      if (stored.length > 0) return judgeStoredModel(inventory, stored, fineTuned, add, evidence, findings);
      const signs = inventory.trainingSigns.slice(0, 4).map((sign) => `${sign.what} (${sign.path})`).join(', ');
      const tests = inventory.testAssets.length ? ` (${inventory.testAssets.length} model file(s) under test folders, e.g. ${inventory.testAssets[0].path}, are test assets, not the delivered model)` : '';
      const what = fineTuned
        ? 'no adapter or fine-tuned weights (adapter_config.json with adapter_model.safetensors, a model folder, an LFS/DVC pointer or a store reference) and no fine-tuned model id of a hosted fine-tuning job'
        : 'no model file, model folder, LFS/DVC pointer or store reference to one';
      add('no-model-delivered', `A model is ${fineTuned ? 'fine-tuned' : 'trained'} here (${signs}) but ${what} is delivered${tests}.`, { path: inventory.trainingSigns[0].path });
      return { status: 'judged', criteria: { delivered: 0, hashed: 0, 'safe-format': 0, provenance: 0, signature: 0 }, evidence, findings, summary: `A model is ${fineTuned ? 'fine-tuned' : 'trained'} here, but no model artifact is delivered.` };
    }

    const located = inventory.approved ? locateApproved(inventory, inventory.approved, inventory.accessDocuments) : null;
    let delivered = judgeDelivery(inventory, located, add, evidence);
    // A fine-tune whose adapters all lack their weights delivers a configuration, not a model.
    const adapters = models.filter((artifact) => artifact.format === 'hf-model' && /adapter/.test(artifact.note));
    if (fineTuned && adapters.length > 0 && adapters.length === models.length && adapters.every((artifact) => artifact.missing.length > 0)) {
      add('weights-missing', `${adapters[0].path}: the adapter configuration is delivered without its weights (${adapters[0].missing.slice(0, 2).join(', ')}).`, { path: adapters[0].path });
      delivered = Math.min(delivered, 0.1);
    }
    const hashed = judgeHashes(inventory, located, add);
    const safe = judgeSafety(models, add);
    const provenance = judgeProvenance(inventory, add, fineTuned);
    const signature = judgeSignature(inventory, located, add);
    // Old runs' MLflow models usually keep their files on the tracking server; only the approved one must be whole.
    for (const artifact of models) if (artifact.missing.length && artifact.format !== 'mlflow-model') add('model-files-missing', `${artifact.path}: ${artifact.missing.length} file(s) it needs are not delivered (${artifact.missing.slice(0, 3).join(', ')}).`, { path: artifact.path });

    return { status: 'judged', criteria: { delivered, hashed, 'safe-format': safe, provenance, signature }, evidence, findings, summary: summaryOf(inventory, located) };
  },
});

export default check;

type Where = { path?: string; line?: number; severity?: Finding['severity'] };
type Add = (id: string, message: string, where?: Where) => void;

function noModelReason(inventory: ModelInventory): string {
  const hosted = inventory.hostedApis.length ? ` It calls hosted model APIs (${inventory.hostedApis.join(', ')}).` : '';
  const pretrained = inventory.references.filter((r) => r.store === 'hf-hub').map((r) => r.uri);
  const used = pretrained.length ? ` It uses pretrained models as they are (${pretrained.slice(0, 3).join(', ')}).` : '';
  const tests = inventory.testAssets.length ? ` Model files under test folders (${inventory.testAssets.slice(0, 3).map((artifact) => artifact.path).join(', ')}) are test assets.` : '';
  return `The delivery trains and ships no model of its own: no model file or folder, no LFS/DVC model pointer, no experiment runs or registry, no model card and no training code.${hosted}${used}${tests}`;
}

function judgedAs(profiles: Pick<DeliveryProfiles, 'judged' | 'source'>): string {
  return `${profiles.judged.join(' + ')}, ${profiles.source === 'policy' ? "from the buyer's policy" : profiles.source === 'detected' ? 'as the scan found it' : 'by default'}`;
}

/** Why a prompted-only application has nothing here: the models it calls, and who holds them. */
function hostedReason(inventory: ModelInventory, use: LlmModelUse, profiles: Pick<DeliveryProfiles, 'judged' | 'source'>): string {
  const apis = inventory.hostedApis.length ? ` It calls hosted model APIs (${inventory.hostedApis.join(', ')}).` : '';
  const providers = use.providers.length ? ` Providers: ${use.providers.join(', ')}.` : '';
  const models = use.hostedModels.length ? ` Models seen: ${use.hostedModels.map((model) => `${model.name} (${model.path}:${model.line})`).join(', ')}.` : ' No model id is named in code or configuration.';
  // An approval of an application names a release of the system, not weights.
  const approved = inventory.approved ? ` The approved version (${inventory.approved.label}, ${inventory.approved.path}) is a release of the application, not weights.` : '';
  return `An LLM application that only prompts hosted models (${judgedAs(profiles)}): it trains and ships no model of its own, and no local inference package or Ollama client runs open weights.${apis}${providers}${models}${approved} Their weights are the providers', not the vendor's to deliver.`;
}

function describeLlmUse(use: LlmModelUse, evidence: Evidence[]): void {
  for (const model of use.hostedModels) evidence.push({ path: model.path, line: model.line, kind: 'hosted-model', note: model.name });
  for (const dep of use.localInference) evidence.push({ path: dep.manifest, line: dep.line, kind: 'local-inference', note: `${dep.name} declared: runs open weights itself` });
  for (const model of use.openModels.slice(0, 20)) evidence.push({ path: model.path, line: model.line, kind: 'open-model', note: `${model.model} · ${model.pin === 'name' ? 'not pinned' : `pinned by ${model.pin === 'digest' ? 'commit or digest' : 'tag'}${model.revision ? ` ${model.revision}` : ''}`}` });
}

/**
 * An LLM application that runs open weights itself: each model is delivered (judged like any weights) or pinned
 * where it is fetched from; the weakest model counts. Signature and provenance do not apply to a model used as
 * published through prompts.
 */
function judgeOpenWeights(inventory: ModelInventory, use: LlmModelUse, add: Add, evidence: Evidence[], findings: Finding[]): CheckOutcome {
  const notApplicable = [
    { criterion: 'provenance', reason: 'open weights are used as published, not fine-tuned by the vendor: the model reference names them' },
    { criterion: 'signature', reason: 'a generative model used through prompts takes text and returns text: there is no input/output schema to record' },
  ];
  const delivered = inventory.artifacts;
  const references = use.openModels;
  if (delivered.length === 0 && references.length === 0) {
    const packages = use.localInference.map((dep) => `${dep.name} (${dep.manifest})`).join(', ');
    add('open-model-unnamed', `${packages} declared, but no model it runs is named (looked for ollama pull/run and client calls, Modelfile FROM, vllm serve, LLM(model=…), --model, Llama(model_path=…), Hub ids) and no weights are delivered.`, { path: use.localInference[0]?.manifest });
    return { status: 'judged', criteria: { delivered: 0, hashed: 0, 'safe-format': 0, provenance: 0, signature: 0 }, evidence, findings, notApplicable, summary: 'Open weights are run locally, but no model is named or delivered.' };
  }
  for (const reference of references) {
    if (reference.pin === 'digest') continue;
    add('open-model-unpinned', `${reference.model} is fetched by ${reference.pin === 'tag' ? `a tag or version (${reference.revision ?? reference.model.split(':')[1]}) that can be re-pushed` : 'name only, so a new upload replaces it'}.`, { path: reference.path, line: reference.line });
  }
  const weakestPin = references.reduce((low, reference) => Math.min(low, PIN_VALUE[reference.pin]), 1);
  const deliveredValue = references.length ? weakestPin : 1;
  const hashed = Math.min(references.length ? (references.every((reference) => reference.pin === 'digest') ? 1 : 0) : 1, delivered.length ? judgeHashes(inventory, null, add) : 1);
  const safe = delivered.length ? judgeSafety(delivered, add) : 0;
  if (delivered.length === 0) notApplicable.push({ criterion: 'safe-format', reason: `no weights are delivered: the open model(s) ${references.slice(0, 3).map((r) => r.model).join(', ')} are fetched where they are published, at run time` });
  const pinned = references.filter((reference) => reference.pin === 'digest').length;
  return {
    status: 'judged',
    criteria: { delivered: deliveredValue, hashed, 'safe-format': safe, provenance: 0, signature: 0 },
    evidence,
    findings,
    notApplicable,
    summary: `Open weights run locally: ${delivered.length} model artifact(s) delivered, ${references.length} model reference(s), ${pinned} pinned by commit or digest.`,
  };
}

/**
 * A fine-tune kept by a hosted service: its id is what is delivered, retrievable when an access list names the
 * service; the id (or the code) names the base model. Hashes, formats and signatures stay with the provider.
 */
function judgeHostedFineTunes(inventory: ModelInventory, use: LlmModelUse, add: Add, evidence: Evidence[], findings: Finding[]): CheckOutcome {
  const services = [...new Set(use.fineTunes.map((tune) => tune.service))];
  const serviceWords: Record<string, RegExp> = {
    'OpenAI fine-tuning': /\bopenai\b/i,
    'Azure OpenAI fine-tuning': /\bazure\b/i,
    'Amazon Bedrock custom model': /\bbedrock\b/i,
    'Vertex AI / Gemini tuned model': /\bvertex\b|\bgemini\b|\bgoogle cloud\b/i,
  };
  const granted = (service: string) => inventory.accessDocuments.find((document) => serviceWords[service]?.test(document.text))?.path ?? null;
  for (const tune of use.fineTunes.slice(0, 10)) evidence.push({ path: tune.path, line: tune.line, kind: 'hosted-fine-tune', note: `${tune.id} (${tune.service})${tune.base ? `, base model ${tune.base}` : ''}${granted(tune.service) ? ` · access: ${granted(tune.service)}` : ' (no access list names the service)'}` });
  let delivered = 1;
  for (const service of services) {
    if (granted(service)) continue;
    delivered = 0.3;
    const tune = use.fineTunes.find((entry) => entry.service === service);
    add('store-not-granted', `${tune?.id ?? service} is kept by ${service}, in an account no access list${inventory.accessDocuments.length ? ` (${inventory.accessDocuments.map((d) => d.path).join(', ')})` : ' (none found)'} names.`, { path: tune?.path, line: tune?.line });
  }
  const bases = [...new Set([...use.fineTunes.map((tune) => tune.base).filter((base): base is string => base !== null), ...(inventory.card?.baseModels ?? [])])];
  if (bases.length === 0) add('base-model-unnamed', `The hosted fine-tuned model(s) ${use.fineTunes.slice(0, 3).map((tune) => tune.id).join(', ')} name no base model, and no model card names one.`, { path: use.fineTunes[0].path, line: use.fineTunes[0].line });
  const reason = `the fine-tuned weights stay with ${services.join(', ')}; the repository records the fine-tuned model id only`;
  return {
    status: 'judged',
    criteria: { delivered, hashed: 0, 'safe-format': 0, provenance: bases.length ? 1 : 0, signature: 0 },
    evidence,
    findings,
    notApplicable: [
      { criterion: 'hashed', reason },
      { criterion: 'safe-format', reason },
      { criterion: 'signature', reason: 'a fine-tuned LLM used through prompts takes text and returns text: there is no input/output schema to record' },
    ],
    summary: `${use.fineTunes.length} hosted fine-tuned model id(s) (${services.join(', ')})${bases.length ? `, base ${bases.slice(0, 2).join(', ')}` : ', no base model named'}.`,
  };
}

const STORE_NAMES: Record<ModelReference['store'], string> = {
  'hf-hub': 'the Hugging Face Hub',
  s3: 'Amazon S3',
  gcs: 'Google Cloud Storage',
  azure: 'Azure storage',
  'mlflow-registry': 'an MLflow model registry',
  'dvc-remote': 'a DVC remote',
  lfs: 'Git LFS',
  http: 'a download address',
};

/**
 * References that name where the delivered model itself is kept: an adapter loaded onto a base, the id training
 * pushes to, a model file in an object store or registry; and, when nothing here trains (a model release whose
 * card is the only sign), the models its code and documents fetch. A base model a fine-tune starts from is not one.
 */
function storedModelReferences(inventory: ModelInventory): ModelReference[] {
  const release = inventory.trainingSigns.every((sign) => !sign.what.startsWith('training code'));
  const bucketModel = (reference: ModelReference) => (reference.store === 's3' || reference.store === 'gcs' || reference.store === 'azure') && objectKeyIsModel(reference.uri);
  return inventory.references.filter(
    (reference) => reference.role === 'adapter' || reference.role === 'output' || (reference.role === 'model' && (bucketModel(reference) || reference.store === 'mlflow-registry' || (release && reference.store !== 's3' && reference.store !== 'gcs' && reference.store !== 'azure'))),
  );
}

const MODEL_KEY_FOLDER = new Set(['model', 'models', 'weights', 'checkpoint', 'checkpoints', 'mlflow', 'mlartifacts', 'saved_model', 'saved_models']);
const DATA_FILE = /\.(?:csv|tsv|jsonl?|parquet|txt|xlsx?|avro|orc)$/i;

/**
 * An object-store URI names a model when the key below the bucket is one (a model file, or a models/, weights/,
 * checkpoints/ or mlflow/ folder); a bucket whose name says "model" may hold the training data
 * (`s3://model-training-data/train/train.csv`), and a bare bucket says nothing.
 */
function objectKeyIsModel(uri: string): boolean {
  const key = uri.replace(/^[a-z0-9]+:\/\/[^/]*\/?/i, '');
  if (key === '' || DATA_FILE.test(key)) return false;
  return MODEL_EXTENSION.test(key) || key.split('/').some((segment) => MODEL_KEY_FOLDER.has(segment.toLowerCase()));
}

/**
 * The model is not in the repository but kept in a store the delivery names: retrievable when an access list names
 * the store, else 0.3; hashed when the address carries the file's sha256 (unverifiable here, so half). No bytes are
 * delivered to inspect for code run on load or for a signature.
 */
function judgeStoredModel(inventory: ModelInventory, stored: readonly ModelReference[], fineTuned: boolean, add: Add, evidence: Evidence[], findings: Finding[]): CheckOutcome {
  const named = (reference: ModelReference) => `${reference.uri.length > 90 ? `${reference.uri.slice(0, 87)}…` : reference.uri} (${reference.path}:${reference.line})`;
  const stores = [...new Set(stored.map((reference) => STORE_NAMES[reference.store]))];
  for (const reference of stored.slice(0, 10)) evidence.push({ path: reference.path, line: reference.line, kind: 'stored-model', note: `${reference.role === 'adapter' ? 'adapter' : reference.role === 'output' ? 'training output' : 'model'} kept in ${STORE_NAMES[reference.store]}: ${reference.uri}${reference.contentAddressed ? ' (address carries its sha256)' : ''}${reference.grantedIn ? ` · access: ${reference.grantedIn}` : ''}` });
  const granted = stored.find((reference) => reference.grantedIn);
  const where = { path: stored[0].path, line: stored[0].line };
  if (!granted) {
    const documents = inventory.accessDocuments.length ? ` (${inventory.accessDocuments.map((document) => document.path).join(', ')})` : ' (none found)';
    const listed = `${stored.slice(0, 2).map(named).join('; ')}${stored.length > 2 ? `; ${stored.length - 2} more` : ''}`;
    add('store-not-granted', `The model is not in the repository; ${stored.length === 1 ? 'a reference names' : `${stored.length} references name`} where it is kept, on ${stores.join(' and ')} (${listed}), and no access list${documents} names ${stores.length === 1 ? 'that store' : 'those stores'}.`, where);
  }
  const delivered = granted ? DELIVERY_VALUE.retrievable : DELIVERY_VALUE['store-not-granted'];
  const addressed = stored.filter((reference) => reference.contentAddressed);
  let hashed = 0;
  if (addressed.length === stored.length) {
    hashed = 0.5;
    add('hash-not-verified', `${addressed[0].uri} carries the file's sha256 in its address, but the file is not in the delivery to compare.`, { path: addressed[0].path, line: addressed[0].line });
  } else {
    const loose = stored.filter((reference) => !reference.contentAddressed);
    add('no-hash-recorded', `No content hash is recorded for ${loose.slice(0, 3).map((reference) => reference.uri).join(', ')}: the reference names no revision or digest, so the weights behind it can change.`, { path: loose[0].path, line: loose[0].line });
  }
  const safe = judgeSafety([], add);
  const notApplicable: Array<{ criterion: string; reason: string }> = [];
  let provenance: number;
  if (fineTuned) {
    const bases = [...new Set([...inventory.references.filter((reference) => reference.role === 'base').map((reference) => reference.uri), ...(inventory.card?.baseModels ?? [])])];
    if (bases.length === 0) {
      add('base-model-unnamed', `The fine-tuned model (${stored[0].uri}) names no base model: no base_model, model_name_or_path or --base_model naming a Hub id, and no model card base_model.`, where);
      provenance = 0;
    } else provenance = judgeBaseLicence(inventory, bases, add);
    notApplicable.push({ criterion: 'signature', reason: 'a fine-tuned LLM used through prompts takes text and returns text: there is no input/output schema to record' });
  } else provenance = judgeProvenance(inventory, add, false);
  const signature = 0;
  if (!fineTuned) add('no-signature', `The model is kept in a store, not in the delivery (${stored[0].uri}), so no input/output signature or input example could be read.`, { ...where, severity: 'info' });
  return {
    status: 'judged',
    criteria: { delivered, hashed, 'safe-format': safe, provenance, signature },
    evidence,
    findings,
    notApplicable,
    summary: `The model is not in the repository: ${stored.length} reference(s) to it on ${stores.join(', ')}${granted ? `, named in ${granted.grantedIn}` : ', a store no access list names'}.`,
  };
}

/** A named base model's licence, stated in the model card: half for the name, half for the licence. */
function judgeBaseLicence(inventory: ModelInventory, bases: readonly string[], add: Add): number {
  const texts = inventory.card ? [inventory.card.text] : [];
  const stated = inventory.card?.license || bases.every((base) => texts.some((text) => text.split('\n').some((line) => line.includes(base.split('/').pop() ?? base) && /licen[cs]e/i.test(line))));
  if (stated) return 1;
  add('base-licence-missing', `${bases.length === 1 ? `Base model ${bases[0]} is` : `Base models ${bases.slice(0, 3).join(', ')}${bases.length > 3 ? ', …' : ''} are`} named, but no licence for ${bases.length === 1 ? 'it' : 'them'} is stated${inventory.card ? ` in ${inventory.card.path}` : ' (no model card)'}.`, { path: inventory.card?.path ?? inventory.references.find((reference) => reference.role === 'base')?.path });
  return 0.5;
}

function judgeDelivery(inventory: ModelInventory, located: ApprovedArtifact | null, add: Add, evidence: Evidence[]): number {
  if (!located) {
    add('approved-model-unknown', `${inventory.artifacts.length} model artifact(s) found, but no approval (evaluation criteria approvedModel), registry alias, Production stage or selection tag says which one was approved.`, { path: inventory.artifacts[0]?.path });
    return 0.5;
  }
  const { approved } = located;
  evidence.push({ path: approved.path, line: approved.line, kind: 'approved-model', note: `${approved.label} (${approved.via}) → ${located.availability}: ${located.link}${located.grantedIn ? ` · access: ${located.grantedIn}` : ''}` });
  const where = { path: approved.path, line: approved.line };
  if (located.availability === 'none') add('approved-not-delivered', `${approved.label} (${approved.via.replace('-', ' ')}): ${located.link}.`, where);
  if (located.availability === 'weights-missing') add('weights-missing', `${approved.label}: ${located.link}.`, { path: located.mlflowFolder?.path ?? approved.path });
  if (located.availability === 'store-not-granted') add('store-not-granted', `${approved.label} is kept in ${located.store}, which no access list${inventory.accessDocuments.length ? ` (${inventory.accessDocuments.map((d) => d.path).join(', ')})` : ' (none found)'} names.`, where);
  return DELIVERY_VALUE[located.availability];
}

function judgeHashes(inventory: ModelInventory, located: ApprovedArtifact | null, add: Add): number {
  const targets = located ? (located.artifact ? [located.artifact] : []) : inventory.artifacts.filter((a) => a.container === 'file');
  if (targets.length === 0) {
    if (located) add('no-hash-recorded', `${located.approved.label}: no artifact, so no hash to check.`, { path: located.approved.path });
    return 0;
  }
  let total = 0;
  for (const artifact of targets) total += hashValue(inventory, artifact, located, add);
  return total / targets.length;
}

function hashValue(inventory: ModelInventory, artifact: ModelArtifact, located: ApprovedArtifact | null, add: Add): number {
  const name = artifact.path.slice(artifact.path.lastIndexOf('/') + 1);
  // Records about this artifact: those next to its name, and the approved version's own registry tags.
  const registryFolder = located?.approved.registry?.path.replace(/meta\.yaml$/, '') ?? null;
  const about = inventory.hashRecords.filter((record) => (name.length > 3 && record.context.includes(name)) || (registryFolder !== null && record.path.startsWith(registryFolder) && located?.artifact === artifact));
  const computed = artifact.computed;
  if (computed) {
    const all = [...artifact.recorded.map((hash) => hexOf(hash)), ...about.map((record) => record.hash.value)];
    const matching = [...inventory.hashRecords.map((r) => r.hash.value), ...all].some((hex) => hex === computed.sha256 || hex === computed.md5);
    if (matching) return 1;
    if (all.length) {
      add('hash-mismatch', `${artifact.path}: sha256 ${computed.sha256.slice(0, 16)}…, md5 ${computed.md5.slice(0, 12)}… match none of the recorded hashes (${all.slice(0, 3).map((h) => `${h.slice(0, 12)}…`).join(', ')}).`, { path: artifact.path });
      return 0;
    }
    add('no-hash-recorded', `${artifact.path} (sha256 ${computed.sha256.slice(0, 16)}…) has no hash recorded anywhere else.`, { path: artifact.path });
    return 0;
  }
  const pointer = artifact.recorded.filter((hash) => hash.valid);
  if (pointer.length) {
    const differing = about.filter((record) => !pointer.some((hash) => hexOf(hash) === record.hash.value) && record.hash.algorithm === pointer[0].algorithm);
    if (differing.length && !about.some((record) => pointer.some((hash) => hexOf(hash) === record.hash.value))) {
      add('hash-mismatch', `${artifact.path}: ${artifact.delivery === 'present' ? 'the pointer' : artifact.delivery.toUpperCase()} records ${pointer[0].algorithm} ${hexOf(pointer[0]).slice(0, 12)}…, ${differing[0].path}:${differing[0].line} records ${differing[0].hash.value.slice(0, 12)}….`, { path: differing[0].path, line: differing[0].line });
      return 0;
    }
    if (artifact.delivery === 'present') {
      add('hash-not-verified', `${artifact.path}: recorded ${pointer[0].algorithm} ${hexOf(pointer[0]).slice(0, 12)}… not compared (the file is over the hashing cap).`, { path: artifact.path });
      return 0.5;
    }
    return 1;
  }
  if (about.length) {
    add('hash-not-verified', `${artifact.path}: ${about[0].path}:${about[0].line} records ${about[0].hash.algorithm} ${about[0].hash.value.slice(0, 12)}…, but the content is not in the delivery to compare.`, { path: about[0].path, line: about[0].line });
    return 0.7;
  }
  add('no-hash-recorded', `${artifact.path}: no content hash is recorded for it (no DVC or LFS pointer, registry tag, card or checksum file names one).`, { path: artifact.path });
  return 0;
}

function judgeSafety(models: readonly ModelArtifact[], add: Add): number {
  if (models.length === 0) {
    add('not-inspected', 'No model file or folder is in the delivery, so nothing could be checked for code run on load.');
    return 0;
  }
  let worst = 1;
  for (const artifact of models) {
    const { safety } = artifact;
    worst = Math.min(worst, SAFETY_VALUE[safety.level]);
    const where = { path: artifact.path };
    if (safety.level === 'dangerous') add('executes-code-on-load', `${artifact.path} (${artifact.format}) imports ${safety.dangerous.slice(0, 5).join(', ')}${safety.reason ? ` — ${safety.reason}` : ''}.`, where);
    else if (safety.level === 'pickle-unknown') add('unknown-pickle-imports', `${artifact.path} (${artifact.format}) imports ${safety.unknown.slice(0, 5).join(', ') || 'nothing known'}${safety.reason ? `; ${safety.reason}` : ''}.`, where);
    else if (safety.level === 'pickle-allowed') add('pickle-weights', `${artifact.path} is a ${artifact.format} file: it imports only allow-listed classes, but any pickle runs what it imports when loaded.`, where);
    else if (safety.level === 'not-inspected') add('not-inspected', `${artifact.path}: ${safety.reason ?? 'not inspected'}.`, where);
  }
  return worst;
}

function judgeProvenance(inventory: ModelInventory, add: Add, fineTuned = false): number {
  const bases = [...new Set([...inventory.artifacts.map((a) => a.baseModel).filter((b): b is string => b !== null), ...inventory.card?.baseModels ?? []])];
  const adapters = inventory.artifacts.filter((a) => a.format === 'hf-model' && /adapter/.test(a.note) && a.baseModel === null);
  if (adapters.length) {
    add('base-model-unnamed', `${adapters[0].path} is an adapter whose adapter_config.json names no base model.`, { path: adapters[0].path });
    return 0;
  }
  // A delivery judged as fine-tuned always has a base model; none named is the finding, not "trained from scratch".
  if (bases.length === 0 && fineTuned) {
    const adapter = inventory.artifacts.find((a) => a.format === 'hf-model') ?? inventory.artifacts[0];
    add('base-model-unnamed', `The delivery is judged as a fine-tuned model, but no base model is named (no adapter_config.json base_model_name_or_path, config _name_or_path or model card base_model)${adapter ? `; looked at ${adapter.path}` : ''}.`, { path: adapter?.path ?? inventory.card?.path });
    return 0;
  }
  // Trained from scratch: nothing to attribute. With no model and no card there is nothing to say it was.
  if (bases.length === 0) return inventory.artifacts.length > 0 || inventory.card ? 1 : 0;
  const texts = inventory.card ? [inventory.card.text] : [];
  const licensed = inventory.card?.license ?? null;
  const mentioned = bases.every((base) => texts.some((text) => text.split('\n').some((line) => line.includes(base.split('/').pop() ?? base) && /licen[cs]e|apache|\bmit\b|llama|gemma|cc-by|openrail|bsd|gpl/i.test(line))));
  if (licensed && (mentioned || bases.length > 0)) return mentioned ? 1 : 0.75;
  add('base-licence-missing', `${bases.length === 1 ? `Base model ${bases[0]} is` : `Base models ${bases.slice(0, 3).join(', ')}${bases.length > 3 ? ', …' : ''} are`} named, but no licence for ${bases.length === 1 ? 'it' : 'them'} is stated${inventory.card ? ` in ${inventory.card.path}` : ' (no model card)'}.`, { path: inventory.card?.path ?? inventory.artifacts.find((a) => a.baseModel)?.path });
  return 0.5;
}

function judgeSignature(inventory: ModelInventory, located: ApprovedArtifact | null, add: Add): number {
  const related = located ? [located.artifact, located.mlflowFolder].filter((a): a is ModelArtifact => a !== null) : inventory.artifacts;
  if (related.some((a) => a.signature !== null || a.inputExample)) return 1;
  const target = located?.mlflowFolder ?? related[0];
  const said = located
    ? `${located.approved.label} records no input/output signature or input example`
    : related.length === 1
      ? 'The delivered model records no input/output signature or input example'
      : `None of the ${related.length} delivered models records an input/output signature or input example`;
  add('no-signature', `${said}${target ? ` (${target.path})` : ''}.`, { path: target?.path ?? located?.approved.path });
  return 0;
}

function describeInventory(inventory: ModelInventory, evidence: Evidence[]): void {
  // Folders and files that run code first, so a long list never hides them past the evidence limit.
  const order = (artifact: ModelArtifact) => (artifact.safety.level === 'dangerous' ? 0 : artifact.container === 'folder' || artifact.delivery !== 'present' ? 1 : 2);
  const listed = [...inventory.artifacts].sort((a, b) => order(a) - order(b));
  for (const artifact of listed.slice(0, EVIDENCE_LIMIT)) {
    const hash = artifact.computed ? ` · sha256 ${artifact.computed.sha256.slice(0, 12)}…` : '';
    evidence.push({ path: artifact.path, kind: `model-${artifact.format}`, note: `${artifact.note}${artifact.delivery !== 'present' ? ` · delivered via ${artifact.delivery.toUpperCase()}` : ''} · load: ${artifact.safety.level}${hash}` });
  }
  if (inventory.artifacts.length > EVIDENCE_LIMIT) evidence.push({ path: '', kind: 'model-artifact', note: `${inventory.artifacts.length - EVIDENCE_LIMIT} more model artifacts` });
  // A model under tests/ or fixtures/ is what the tests load: listed so the reader sees it was found, never judged.
  for (const artifact of inventory.testAssets.slice(0, 10)) evidence.push({ path: artifact.path, kind: 'model-test-asset', note: `${artifact.format}: test asset, not judged` });
  for (const entry of inventory.elsewhere.slice(0, 10)) evidence.push({ path: entry.artifact.path, kind: 'model-store', note: `kept in ${entry.store}${entry.grantedIn ? `, named in ${entry.grantedIn}` : ', named in no access list'}` });
  for (const reference of inventory.references.slice(0, 20)) evidence.push({ path: reference.path, line: reference.line, kind: `model-reference-${reference.store}`, note: `${reference.uri}${reference.grantedIn ? ` (access: ${reference.grantedIn})` : ' (no access list names this store)'}` });
}

function summaryOf(inventory: ModelInventory, located: ApprovedArtifact | null): string {
  const unsafe = inventory.artifacts.filter((a) => a.safety.level === 'dangerous').length;
  const approved = located ? `${located.approved.label}: ${located.availability.replace(/-/g, ' ')}` : 'no approved version identified';
  return `${inventory.artifacts.length} model artifact(s); ${approved}${unsafe ? `; ${unsafe} run code when loaded` : ''}.`;
}
