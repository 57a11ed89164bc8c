// model-artifacts per system profile: hosted models are the providers' (skipped, named), open weights an application
// runs itself must be pinned or delivered, a fine-tuned model is its adapter or its hosted fine-tuned id with the
// base model named, a data pipeline has no model, and training next to an LLM dependency still owes its weights.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/model-artifacts.js';
import type { CheckOutcome } from '../src/check.js';
import { FIXTURES, findingIds, runRaw } from './helpers.js';

type Judged = Extract<CheckOutcome, { status: 'judged' }>;

async function judged(files: Record<string, string | Uint8Array> | string): Promise<Judged> {
  const outcome = await runRaw(check, files);
  if (outcome.status !== 'judged') throw new Error(`expected a judged outcome, got a skip: ${outcome.reason}`);
  return outcome;
}

const notApplicable = (outcome: Judged) => (outcome.notApplicable ?? []).map((entry) => entry.criterion).sort();
const COMMIT = '0e9e39f249a16976918f6564b8830bc894c89659';

/** A safetensors file: an 8-byte little-endian header length, a JSON header, and the tensor bytes. */
function safetensors(): Uint8Array {
  const header = Buffer.from(JSON.stringify({ 'base_model.model.layers.0.self_attn.q_proj.lora_A.weight': { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] } }));
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([size, header, Buffer.alloc(16)]);
}

describe('model-artifacts: an LLM application that prompts hosted models has no weights to deliver', () => {
  it('skips llm-app-complete, naming the providers and the model ids it calls', async () => {
    const outcome = await runRaw(check, path.join(FIXTURES, 'llm-app-complete'));
    expect(outcome.status).toBe('skip');
    if (outcome.status !== 'skip') return;
    expect(outcome.reason).toMatch(/^An LLM application that only prompts hosted models \(llm-application, as the scan found it\)/);
    expect(outcome.reason).toMatch(/Providers: Amazon Bedrock \(anthropic\)/);
    expect(outcome.reason).toContain('claude-3-5-sonnet-20240620-v1:0 (config/models.yaml:5)');
    expect(outcome.reason).toMatch(/Their weights are the providers', not the vendor's to deliver\.$/);
    expect(outcome.evidence?.some((e) => e.kind === 'hosted-model' && e.path === 'config/models.yaml')).toBe(true);
  });

  it('does not take test code or file names for models the application calls', async () => {
    const outcome = await runRaw(check, {
      'requirements.txt': 'openai==1.54.3\n',
      'app/main.py': 'client.chat.completions.create(model="gpt-4o-2024-08-06", messages=messages)\n',
      'tests/test_main.py': 'MODEL = "gpt-3.5-turbo-0125"\n',
      'app/loader.py': 'CACHE = "prompts/gpt-4.json"\nembedding_duration: 1.5\n',
    });
    expect(outcome.status).toBe('skip');
    if (outcome.status === 'skip') expect(outcome.reason).toMatch(/Models seen: gpt-4o-2024-08-06 \(app\/main\.py:1\)\. Their/);
  });
});

describe('model-artifacts: an LLM application running open weights must pin them', () => {
  it('credits a vLLM model pinned to a commit revision in full, leaving format, provenance and signature out', async () => {
    const outcome = await judged({
      'requirements.txt': 'vllm==0.6.3\n',
      'serve.py': `from vllm import LLM\n\nllm = LLM(model="meta-llama/Llama-3.1-8B-Instruct", revision="${COMMIT}")\n`,
    });
    expect(outcome.criteria).toMatchObject({ delivered: 1, hashed: 1 });
    expect(notApplicable(outcome)).toEqual(['provenance', 'safe-format', 'signature']);
    expect(findingIds(outcome)).toEqual([]);
    expect(outcome.evidence.find((e) => e.kind === 'open-model')?.note).toMatch(/meta-llama\/Llama-3\.1-8B-Instruct · pinned by commit or digest/);
  });

  it('gives an Ollama model used by name little, and says it floats', async () => {
    const outcome = await judged({
      'requirements.txt': 'ollama==0.3.3\n',
      'app.py': 'import ollama\n\nreply = ollama.chat(model="llama3.1", messages=[{"role": "user", "content": question}])\n',
    });
    expect(outcome.criteria).toMatchObject({ delivered: 0.3, hashed: 0 });
    expect(outcome.findings.find((f) => f.id === 'open-model-unpinned')).toMatchObject({ path: 'app.py', line: 3, message: expect.stringMatching(/llama3\.1 is fetched by name only/) });
  });

  it('scores 0 when a local inference package is declared but no model is named or delivered', async () => {
    const outcome = await judged({ 'requirements.txt': 'llama-cpp-python==0.3.1\n', 'app.py': 'print("hello")\n' });
    expect(outcome.criteria).toMatchObject({ delivered: 0, hashed: 0, 'safe-format': 0 });
    expect(findingIds(outcome)).toEqual(['open-model-unnamed']);
  });
});

describe('model-artifacts: a fine-tuned model is its adapter or its hosted fine-tuned id, with the base model', () => {
  const LORA_CODE = 'from peft import LoraConfig, get_peft_model\n\nmodel = get_peft_model(base, LoraConfig(r=16))\ntrainer.train()\nmodel.save_pretrained("adapter")\n';

  it('judges a delivered adapter that names its base model', async () => {
    const outcome = await judged({
      'finetune.py': LORA_CODE,
      'adapter/adapter_config.json': JSON.stringify({ base_model_name_or_path: 'mistralai/Mistral-7B-v0.1', peft_type: 'LORA', r: 16 }),
      'adapter/adapter_model.safetensors': safetensors(),
    });
    expect(findingIds(outcome)).not.toContain('base-model-unnamed');
    expect(outcome.criteria['safe-format']).toBe(1);
    expect(outcome.evidence.some((e) => e.path === 'adapter' && /base model mistralai\/Mistral-7B-v0\.1/.test(e.note ?? ''))).toBe(true);
  });

  it('gives provenance 0 to an adapter whose configuration names no base model', async () => {
    const outcome = await judged({
      'finetune.py': LORA_CODE,
      'adapter/adapter_config.json': JSON.stringify({ peft_type: 'LORA', r: 16 }),
      'adapter/adapter_model.safetensors': safetensors(),
    });
    expect(outcome.criteria.provenance).toBe(0);
    expect(findingIds(outcome)).toContain('base-model-unnamed');
  });

  it('asks a fine-tuned delivery for its base model even when the weights carry no adapter configuration', async () => {
    const outcome = await judged({
      'finetune.py': LORA_CODE,
      'model/config.json': JSON.stringify({ model_type: 'mistral', architectures: ['MistralForCausalLM'] }),
      'model/model.safetensors': safetensors(),
    });
    expect(outcome.criteria.provenance).toBe(0);
    expect(outcome.findings.find((f) => f.id === 'base-model-unnamed')?.message).toMatch(/judged as a fine-tuned model, but no base model is named/);
  });

  it('does not count an adapter configuration delivered without its weights', async () => {
    const outcome = await judged({ 'finetune.py': LORA_CODE, 'adapter/adapter_config.json': JSON.stringify({ base_model_name_or_path: 'mistralai/Mistral-7B-v0.1', peft_type: 'LORA' }) });
    expect(outcome.criteria.delivered).toBe(0.1);
    expect(outcome.findings.find((f) => f.id === 'weights-missing')?.message).toMatch(/adapter configuration is delivered without its weights \(adapter\/adapter_model\.safetensors\)/);
  });

  it('takes the fine-tuned id of a hosted job as the delivery, with its base model, retrievable once an access list names the service', async () => {
    const files = {
      'requirements.txt': 'openai==1.54.3\n',
      'tuning/start_job.py': 'from openai import OpenAI\n\nclient = OpenAI()\njob = client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18", training_file="file-abc123")\n',
      'config/models.yaml': 'answer:\n  model: ft:gpt-4o-mini-2024-07-18:kestrel::9xYz12Ab\n',
    };
    const withoutAccess = await judged(files);
    expect(withoutAccess.criteria).toMatchObject({ delivered: 0.3, provenance: 1 });
    expect(findingIds(withoutAccess)).toEqual(['store-not-granted']);
    expect(notApplicable(withoutAccess)).toEqual(['hashed', 'safe-format', 'signature']);
    expect(withoutAccess.evidence.find((e) => e.kind === 'hosted-fine-tune')).toMatchObject({ path: 'config/models.yaml', line: 2, note: expect.stringMatching(/OpenAI fine-tuning\), base model gpt-4o-mini-2024-07-18/) });

    const access =
      '# Access\n\n| System | What | Credentials | Who grants access |\n|---|---|---|---|\n| OpenAI organisation `kestrel-prod` | the fine-tuned answer model and its jobs | API key in AWS Secrets Manager `openai/prod` | Kestrel platform owner |\n';
    const withAccess = await judged({ ...files, 'docs/access.md': access });
    expect(withAccess.criteria.delivered).toBe(1);
    expect(findingIds(withAccess)).toEqual([]);
  });

  it('fails a fine-tuning repository that delivers neither an adapter nor a fine-tuned id', async () => {
    const outcome = await judged({ 'finetune.py': LORA_CODE });
    expect(findingIds(outcome)).toEqual(['no-model-delivered']);
    expect(outcome.findings[0].message).toMatch(/A model is fine-tuned here .* no adapter or fine-tuned weights .* and no fine-tuned model id of a hosted fine-tuning job is delivered/);
  });
});

describe('model-artifacts: data pipelines and training next to an LLM', () => {
  it('skips a data pipeline that ships no model', async () => {
    const outcome = await runRaw(check, { 'dbt_project.yml': "name: 'orders'\nversion: '1.0.0'\n", 'models/orders.sql': 'select 1 as id\n' });
    expect(outcome).toMatchObject({ status: 'skip', reason: expect.stringMatching(/^No model: the delivery is judged as a data pipeline only \(data-pipeline, as the scan found it\).*dataset-versioning\.$/) });
  });

  it('still asks a training repository with an LLM dependency for its weights', async () => {
    const outcome = await judged({
      'requirements.txt': 'openai==1.54.3\nscikit-learn==1.5.2\n',
      'src/train.py': 'from sklearn.linear_model import LogisticRegression\n\nmodel = LogisticRegression().fit(X, y)\njoblib.dump(model, "model.joblib")\n',
    });
    expect(findingIds(outcome)).toEqual(['no-model-delivered']);
    expect(outcome.criteria.delivered).toBe(0);
  });
});
