// Precision of the profile-aware checks on layouts seen in real deliveries (#17, #18): each case is a class of
// false finding met on public repositories, rebuilt here from what the tools document, never copied.
import { describe, expect, it } from 'vitest';
import modelArtifacts from '../checks/model-artifacts.js';
import type { CheckOutcome } from '../src/check.js';
import { findingIds, runRaw } from './helpers.js';
import { pickle, op } from './pickle-bytes.js';

type Judged = Extract<CheckOutcome, { status: 'judged' }>;

async function judged(check: Parameters<typeof runRaw>[0], files: Record<string, string | Uint8Array>): Promise<Judged> {
  const outcome = await runRaw(check, files);
  if (outcome.status !== 'judged') throw new Error(`expected a judged outcome, got a skip: ${outcome.reason}`);
  return outcome;
}

const message = (outcome: Judged, id: string) => outcome.findings.find((finding) => finding.id === id)?.message ?? '';

// ----------------------------------------------------------------------------------------- model-artifacts

/** A LoRA fine-tuning script (PEFT + transformers Trainer), as the PEFT documentation shows one. */
const LORA_TRAINING = `import fire
import torch
from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments


def train(base_model: str = "", data_path: str = "data/tickets.json", output_dir: str = "./lora-out"):
    model = AutoModelForCausalLM.from_pretrained(base_model, torch_dtype=torch.float16)
    config = LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"], lora_dropout=0.05, task_type="CAUSAL_LM")
    model = get_peft_model(model, config)
    data = load_dataset("json", data_files=data_path)
    trainer = Trainer(model=model, train_dataset=data["train"], args=TrainingArguments(output_dir=output_dir, num_train_epochs=3))
    trainer.train()
    model.save_pretrained(output_dir)


if __name__ == "__main__":
    fire.Fire(train)
`;

describe('model-artifacts: a model kept in a store the delivery names is not "no model delivered"', () => {
  it('a fine-tune whose adapter is published on the Hub (loaded with PeftModel, passed as --lora_weights) is judged as kept in a store', async () => {
    const outcome = await judged(modelArtifacts, {
      'finetune.py': LORA_TRAINING,
      'generate.py': `import torch\nfrom peft import PeftModel\nfrom transformers import AutoModelForCausalLM\n\n\ndef main(base_model: str = "", lora_weights: str = "acme-support/helpdesk-lora-7b"):\n    model = AutoModelForCausalLM.from_pretrained(base_model, torch_dtype=torch.float16)\n    model = PeftModel.from_pretrained(\n        model,\n        lora_weights,\n    )\n    return model\n`,
      'README.md': `# Helpdesk LoRA\n\nFine-tunes a 7B base model on resolved tickets.\n\n## Training\n\n\`\`\`bash\npython finetune.py \\\n    --base_model 'open-llm/base-7b' \\\n    --data_path 'data/tickets.json'\n\`\`\`\n\n## Inference\n\n\`\`\`bash\npython generate.py \\\n    --base_model 'open-llm/base-7b' \\\n    --lora_weights 'acme-support/helpdesk-lora-7b'\n\`\`\`\n`,
    });
    expect(findingIds(outcome)).not.toContain('no-model-delivered');
    expect(message(outcome, 'store-not-granted')).toMatch(/^The model is not in the repository; a reference names where it is kept, on the Hugging Face Hub \(acme-support\/helpdesk-lora-7b \((generate\.py|README\.md):\d+\)\)/);
    expect(outcome.criteria.delivered).toBe(0.3);
    // The base model is named by the documented command, so it is not "unnamed"; its licence is not stated.
    expect(findingIds(outcome)).not.toContain('base-model-unnamed');
    expect(message(outcome, 'base-licence-missing')).toContain('open-llm/base-7b');
    expect(message(outcome, 'no-hash-recorded')).toContain('acme-support/helpdesk-lora-7b');
  });

  it('a model release whose code downloads the weights from an address carrying their sha256 is kept in a store, hashed but not verifiable', async () => {
    const digest = 'a'.repeat(12) + '0123456789abcdef'.repeat(3) + 'b'.repeat(4);
    const outcome = await judged(modelArtifacts, {
      'MODEL_CARD.md': `# Model Card: Acme Speech\n\n## Model Details\n\nA sequence-to-sequence speech recognition model, version 2, trained by Acme Research on 40,000 hours of licensed call-centre audio.\n\n## Intended Use\n\nTranscribing English customer calls for quality review by trained staff; not for decisions about individuals.\n`,
      'acme_speech/__init__.py': `import hashlib\nimport urllib.request\n\n_MODELS = {\n    "small": "https://downloads.acme.example/speech/models/${digest}/small.pt",\n}\n\n\ndef _download(url: str, root: str) -> str:\n    expected_sha256 = url.split("/")[-2]\n    target = root + "/" + url.split("/")[-1]\n    urllib.request.urlretrieve(url, target)\n    if hashlib.sha256(open(target, "rb").read()).hexdigest() != expected_sha256:\n        raise RuntimeError("checksum mismatch")\n    return target\n`,
    });
    expect(findingIds(outcome)).not.toContain('no-model-delivered');
    expect(message(outcome, 'store-not-granted')).toContain('on a download address (https://downloads.acme.example/speech/models/');
    expect(outcome.criteria.hashed).toBe(0.5);
    expect(message(outcome, 'hash-not-verified')).toMatch(/carries the file's sha256 in its address/);
  });

  it('training code that fine-tunes a Hub model and keeps the result nowhere is still "no model delivered" (the base is not the delivery)', async () => {
    const outcome = await judged(modelArtifacts, {
      'train.py': `import torch\nfrom transformers import AutoModel\n\nencoder = AutoModel.from_pretrained("allenai/scibert_scivocab_uncased")\nmodel = torch.nn.Sequential(encoder, torch.nn.Linear(768, 4))\nfor epoch in range(3):\n    loss = model(batch).sum()\n    loss.backward()\ntorch.save(model.state_dict(), "model.pt")\n`,
    });
    expect(findingIds(outcome)).toContain('no-model-delivered');
    expect(message(outcome, 'no-model-delivered')).toMatch(/no model file, model folder, LFS\/DVC pointer or store reference to one is delivered/);
  });

  it('one delivered model without a signature is named as such, not "No delivered model records no …"', async () => {
    const outcome = await judged(modelArtifacts, {
      'train.py': `import joblib\nfrom sklearn.linear_model import LogisticRegression\n\nmodel = LogisticRegression().fit(X, y)\njoblib.dump(model, "models/model.pkl")\n`,
      'models/model.pkl': pickle(op.global('sklearn.linear_model._logistic', 'LogisticRegression'), op.emptyTuple, op.newObj, op.stop),
    });
    expect(message(outcome, 'no-signature')).toBe('The delivered model records no input/output signature or input example (models/model.pkl).');
  });
});
