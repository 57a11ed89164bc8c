// Precision of the profile-aware checks on layouts seen in real deliveries (#17, #18): each case is a class of
// false finding met on public repositories, rebuilt here from what the tools document, never copied.
import { describe, expect, it } from 'vitest';
import datasetVersioning from '../checks/dataset-versioning.js';
import modelArtifacts from '../checks/model-artifacts.js';
import modelCard from '../checks/model-card.js';
import reproducibility from '../checks/reproducibility.js';
import type { CheckOutcome } from '../src/check.js';
import { findingIds, runCheck, runRaw } from './helpers.js';
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

  it('training data in a bucket whose name says "model" is not where the model is kept', async () => {
    const outcome = await judged(modelArtifacts, {
      'train.py': 'import joblib\nfrom sklearn.ensemble import GradientBoostingClassifier\n\nmodel = GradientBoostingClassifier().fit(X, y)\njoblib.dump(model, "model.joblib")\n',
      'README.md': '# Churn\n\nUpload the training data first:\n\n```bash\naws s3 cp data/train.csv s3://acme-model-training-data/train/train.csv\n```\n',
    });
    expect(findingIds(outcome)).toContain('no-model-delivered');
    expect(findingIds(outcome)).not.toContain('store-not-granted');
  });

  it('several delivered models without a signature: "None of the N delivered models records an …"', async () => {
    const estimator = pickle(op.global('sklearn.linear_model._logistic', 'LogisticRegression'), op.emptyTuple, op.newObj, op.stop);
    const outcome = await judged(modelArtifacts, {
      'train.py': 'import joblib\nfrom sklearn.linear_model import LogisticRegression\n\njoblib.dump(LogisticRegression().fit(X, y), "models/a.pkl")\n',
      'models/a.pkl': estimator,
      'models/b.pkl': estimator,
    });
    expect(message(outcome, 'no-signature')).toMatch(/^None of the 2 delivered models records an input\/output signature or input example \(models\/[ab]\.pkl\)\.$/);
  });

  it('one delivered model without a signature is named as such, not "No delivered model records no …"', async () => {
    const outcome = await judged(modelArtifacts, {
      'train.py': `import joblib\nfrom sklearn.linear_model import LogisticRegression\n\nmodel = LogisticRegression().fit(X, y)\njoblib.dump(model, "models/model.pkl")\n`,
      'models/model.pkl': pickle(op.global('sklearn.linear_model._logistic', 'LogisticRegression'), op.emptyTuple, op.newObj, op.stop),
    });
    expect(message(outcome, 'no-signature')).toBe('The delivered model records no input/output signature or input example (models/model.pkl).');
  });
});

// -------------------------------------------------------------------------------------- dataset-versioning

const LLM = { profiles: ['llm-application' as const] };
const messageOf = (result: { findings: Array<{ id?: string; message: string }> }, id: string) => result.findings.find((finding) => finding.id === id)?.message ?? '';

describe('dataset-versioning (LLM application): findings are said only of data that exists', () => {
  it('with no evaluation set and a corpus kept live in a search index, nothing is said of the sets\' provenance, licence or hashes', async () => {
    const result = await runCheck(
      datasetVersioning,
      {
        'pyproject.toml': '[project]\nname = "guidance-chat"\nversion = "1.4.0"\ndependencies = ["anthropic==0.39.0", "opensearch-py==2.7.1"]\n',
        'src/guidance_chat/sync/index_page.py': `from opensearchpy import OpenSearch, helpers\n\nfrom guidance_chat.sync.chunker import chunk_html\nfrom guidance_chat.sync.embedder import embed_texts\n\n\ndef index_page(client: OpenSearch, page: dict) -> None:\n    chunks = chunk_html(page["body"])\n    vectors = embed_texts([chunk.text for chunk in chunks])\n    helpers.bulk(client, ({"_index": "chunks", "_id": f"{page['id']}-{i}", "text": c.text, "embedding": v} for i, (c, v) in enumerate(zip(chunks, vectors))))\n`,
        'docs/content-sync.md': '# Content sync\n\n## Sources\n\nEvery published guidance page is indexed from the publishing platform\'s message queue.\n\n## Refresh\n\nA page is re-indexed whenever it is republished; a full rebuild re-reads every page nightly.\n',
      },
      LLM,
    );
    expect(findingIds(result)).toContain('no-eval-sets');
    expect(findingIds(result)).not.toContain('missing-provenance');
    expect(findingIds(result)).not.toContain('no-hash-declared');
    expect(messageOf(result, 'missing-licence')).toBe('The licence or ownership of the indexed content is not stated (looked in list manifests, dataset cards and retrieval documents).');
  });

  it('an agent that searches hosted documentation through a tool keeps no corpus: a "Resources" list of links is not one', async () => {
    const result = await runCheck(
      datasetVersioning,
      {
        'pyproject.toml': '[project]\nname = "docs-agent"\nversion = "0.2.0"\ndependencies = ["langchain-anthropic==0.3.1", "langgraph==0.2.60"]\n',
        'agent.py': 'from langchain_anthropic import ChatAnthropic\nfrom tools.docs_search import search_docs\n\nmodel = ChatAnthropic(model="claude-3-5-haiku-20241022").bind_tools([search_docs])\n',
        'tools/docs_search.py': 'import httpx\n\n\ndef search_docs(query: str) -> str:\n    """Search the vendor\'s hosted documentation search API."""\n    return httpx.get("https://docs.example.com/api/search", params={"q": query}).text\n',
        'README.md': '# Docs agent\n\nAnswers product questions by searching the official documentation with a search tool.\n\n## Resources\n\n- [Product documentation](https://docs.example.com/)\n- [API reference](https://docs.example.com/api)\n- [Release notes](https://docs.example.com/releases)\n',
      },
      LLM,
    );
    for (const id of ['corpus-not-pinned', 'no-ingestion-code', 'rebuild-undocumented', 'missing-preprocessing', 'missing-licence']) expect(findingIds(result)).not.toContain(id);
    expect(result.summary).toMatch(/no retrieval corpus of its own/);
  });

  it('documents handed to Kernel Memory (ImportDocumentAsync partitions, embeds and stores them) are ingestion code', async () => {
    const result = await runCheck(
      datasetVersioning,
      {
        'webapi/CopilotApi.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.KernelMemory.Core" Version="0.98.250508.3" />\n    <PackageReference Include="Microsoft.KernelMemory.MemoryDb.Qdrant" Version="0.98.250508.3" />\n    <PackageReference Include="Microsoft.SemanticKernel" Version="1.49.0" />\n  </ItemGroup>\n</Project>\n',
        'webapi/Extensions/KernelMemoryClientExtensions.cs': 'using Microsoft.KernelMemory;\n\nnamespace CopilotApi.Extensions;\n\ninternal static class KernelMemoryClientExtensions\n{\n    public static async Task StoreDocumentAsync(this IKernelMemory memoryClient, string indexName, string documentId, Stream content, string fileName)\n    {\n        var request = new DocumentUploadRequest { DocumentId = documentId, Index = indexName, Files = new() { new(fileName, content) } };\n        await memoryClient.ImportDocumentAsync(request);\n    }\n}\n',
      },
      LLM,
    );
    expect(findingIds(result)).not.toContain('no-ingestion-code');
    expect(result.evidence.some((item) => item.kind === 'ingestion-code' && /ImportDocumentAsync \(Kernel Memory partitions, embeds and stores\)/.test(item.note ?? ''))).toBe(true);
  });
});

describe('dataset-versioning: a data licence file states the data licence', () => {
  it('DATA_LICENSE at the root of a fine-tuning repository answers the licence question', async () => {
    const result = await runCheck(datasetVersioning, {
      'finetune.py': LORA_TRAINING,
      'DATA_LICENSE': 'Attribution License (ODC-By)\nPREAMBLE\nThe Open Data Commons Attribution License is a license agreement intended to allow users to share, modify and use this Database subject to attribution.\n',
      'README.md': '# Helpdesk LoRA\n\nFine-tunes a base model on resolved tickets.\n',
    });
    expect(findingIds(result)).not.toContain('missing-licence');
    expect(result.criteria.find((criterion) => criterion.id === 'licence')?.value).toBe(1);
  });
});

// ------------------------------------------------------------------------------------------- model-card

/** A release card in the style of large open-model cards: bold labels, HTML benchmark tables, contributors. */
const RELEASE_CARD = `## Model Details

Acme Research developed and released the Quill family of instruction-tuned language models in 3B and 12B sizes, version 1.2.

**Model developers** Acme Research

**Model Architecture** Quill is an auto-regressive transformer language model with grouped-query attention.

**License** A custom licence is available at [https://quill.example.org/licence](https://quill.example.org/licence)

Where to send questions or comments about the model: instructions on how to give feedback are in the model [README](https://github.com/acme-research/quill).

## Intended Use

**Intended Use Cases** Quill is intended for commercial and research use in English and French, as an assistant for drafting and summarising text in offices.

**Out-of-scope** Use in any way that breaks applicable laws, use for medical or legal advice without review by a professional, and use in languages other than English and French.

## Training Data

**Overview** Quill was pretrained on 2.1 trillion tokens from publicly available sources collected up to March 2024.

## Benchmarks

All results use our internal evaluation harness on the public test splits.

### Instruction tuned models

<table>
  <tr>
   <td><strong>Benchmark</strong>
   </td>
   <td><strong>Quill 3B</strong>
   </td>
   <td><strong>Quill 12B</strong>
   </td>
  </tr>
  <tr>
   <td>MMLU (5-shot)
   </td>
   <td>58.2
   </td>
   <td>71.9
   </td>
  </tr>
</table>

## Ethical Considerations and Limitations

Quill may produce inaccurate, biased or otherwise objectionable answers; testing so far has covered English and French only, and outputs cannot be predicted in advance for every prompt.

## Contributors

Ana Lima; Bo Chen; Carla Diaz; Dev Patel
`;

/** A Mitchell-style card whose use section is named "Model Use" and whose out-of-scope uses are advice. */
const MITCHELL_CARD = `# Model Card: Acme Speech

These are the speech recognition models trained and released by Acme Research.

## Model Details

A sequence-to-sequence speech recognition transformer, released in version 3 in May 2024.

## Model Use

### Evaluated Use

The primary intended users of these models are researchers and developers building transcription tools for English meetings and calls, who review the transcripts before they are used.

We recommend against use in high-risk settings such as decisions about individuals, and we caution against transcribing recordings of people taken without their consent.

## Training Data

The models are trained on 90,000 hours of licensed audio collected from partner call centres between 2019 and 2023.

## Performance and Limitations

Accuracy is lower on accents and languages with less training data, and the model may write words that were not spoken; these hallucinations are more frequent on silent or noisy audio.
`;

describe('model-card: parts written under other names are read', () => {
  it('a bold "Out-of-scope" label, numbers in an HTML benchmark table, "Model developers", a feedback link and a Contributors list', async () => {
    const outcome = await judged(modelCard, { 'MODEL_CARD.md': RELEASE_CARD });
    const ids = findingIds(outcome);
    expect(ids).not.toContain('missing-out-of-scope');
    expect(ids).not.toContain('evaluation-without-numbers');
    expect(ids).not.toContain('missing-contact');
    expect(outcome.criteria.contact).toBe(1);
    expect(outcome.criteria.evaluation).toBeGreaterThan(0.6); // numbers and data credited (0.36 without the numbers)
  });

  it('a "Model Use / Evaluated Use" section and "we recommend against use in" are intended and out-of-scope use; the developer named in prose is quoted', async () => {
    const outcome = await judged(modelCard, { 'model-card.md': MITCHELL_CARD });
    const ids = findingIds(outcome);
    expect(ids).not.toContain('missing-intended-use');
    expect(ids).not.toContain('missing-out-of-scope');
    expect(outcome.criteria['intended-use']).toBe(1);
    expect(message(outcome, 'missing-contact')).toBe('The card names a developer ("Acme Research") but no owner or contact.');
  });
});

describe('dataset-versioning: where the data came from, as the delivery says it outside a datasheet', () => {
  const provenance = (result: { criteria: Array<{ id: string; value: number }> }) => result.criteria.find((criterion) => criterion.id === 'provenance')?.value ?? 0;

  it('a data README with one section per evaluation corpus, each saying where it was taken and how it was prepared, documents both', async () => {
    const result = await runCheck(datasetVersioning, {
      'train.py': 'import torch\n\nfor epoch in range(10):\n    loss = model(batch).mean()\n    loss.backward()\n',
      'data/README.md': '# Evaluation data\n\nHow the evaluation sets were prepared.\n\n## CallBench\n\nWe used the test split of [CallBench](https://callbench.example.org/release-2) and followed the [prep script](https://github.com/acme/callbench-tools/blob/main/prep.sh) to preprocess the transcripts.\n\n## MeetingSet\n\nWe downloaded the English subset of [MeetingSet 4.0](https://meetings.example.org/download) and sliced each recording into 30-second windows.\n\n## NewsSpeech\n\nWe used the 120 broadcasts from [NewsSpeech](https://news-speech.example.org) and normalized their transcripts to lower case.\n',
    });
    expect(findingIds(result)).not.toContain('missing-provenance');
    expect(findingIds(result)).not.toContain('missing-preprocessing');
    expect(provenance(result)).toBe(1);
  });

  it('a model card\'s Training Data section is thin provenance, never "not documented" (model-card reads the same section)', async () => {
    const result = await runCheck(datasetVersioning, {
      'MODEL_CARD.md': '# Quill\n\n## Model Details\n\nAn auto-regressive language model, version 1.2.\n\n## Training Data\n\nQuill was pretrained on 2.1 trillion tokens from publicly available sources; the fine-tuning data includes public instruction datasets and 400,000 examples annotated by our staff.\n',
      'quill/generation.py': 'import torch\n\n\ndef generate(model, tokens):\n    with torch.no_grad():\n        return model(tokens).argmax(-1)\n',
    });
    expect(result.findings.find((finding) => finding.id === 'missing-provenance')?.severity ?? 'info').toBe('info');
    expect(provenance(result)).toBe(0.6);
  });

  it('a README saying the seed data is fake, or that a public competition\'s data was simplified, names where it came from', async () => {
    for (const readme of [
      '# Shop analytics\n\nThis project transforms raw data from an app database.\n\nThis repo contains seeds that include some (fake) raw data from a fictional app.\n',
      '# Demand forecasting\n\nThe first scenario is a simplified solution to a Kaggle competition run by a grocery chain (https://www.kaggle.com/c/grocery-demand) using their sales data. We have combined and simplified their data sets for the workshop.\n',
    ]) {
      const result = await runCheck(datasetVersioning, { 'train.py': 'from sklearn.ensemble import RandomForestRegressor\n\nmodel = RandomForestRegressor().fit(X, y)\n', 'README.md': readme });
      expect(result.findings.find((finding) => finding.id === 'missing-provenance')?.severity ?? 'info').toBe('info');
      expect(provenance(result)).toBe(0.6);
    }
  });

  it('a fine-tuning recipe naming its Hub datasets (a datasets list of ids, a dataset mixer) records where the data comes from', async () => {
    const result = await runCheck(datasetVersioning, {
      'scripts/sft.py': 'from trl import SFTTrainer\n\ntrainer = SFTTrainer(model=model, train_dataset=train)\ntrainer.train()\n',
      'recipes/helpdesk-7b/sft/config.yaml': 'model_name_or_path: open-llm/base-7b\ntorch_dtype: bfloat16\n\ndataset_mixture:\n  datasets:\n    - id: acme-support/resolved-tickets\n      config: default\n      split: train\n      columns:\n        - messages\n      weight: 1.0\n    - id: acme-support/handbook-qa\n      split: train\n  seed: 0\n\nlearning_rate: 2.0e-05\nnum_train_epochs: 3\n',
      'recipes/helpdesk-7b/dpo/config.yaml': 'model_name_or_path: acme-support/helpdesk-7b-sft\ndataset_mixer:\n  acme-support/ticket-preferences: 1.0\ndataset_splits:\n- train_prefs\n',
    });
    const info = result.findings.find((finding) => finding.id === 'missing-provenance');
    expect(info?.severity).toBe('info');
    expect(info?.message).toMatch(/acme-support\/resolved-tickets/);
    expect(provenance(result)).toBe(0.5);
  });

  it('a constant shipped in a Python package\'s assets folder is not committed data', async () => {
    const result = await runCheck(datasetVersioning, {
      'acme_speech/__init__.py': 'from .audio import load_audio\n',
      'acme_speech/audio.py': 'import numpy as np\n\nFILTERS = np.load(__file__.replace("audio.py", "assets/mel_filters.npz"))\n',
      'acme_speech/assets/mel_filters.npz': new Uint8Array(4096),
      'train.py': 'import torch\n\nfor epoch in range(10):\n    loss = model(batch).mean()\n    loss.backward()\n',
    });
    expect(messageOf(result, 'no-data-versioning')).toBe('No DVC, Git LFS, Croissant, Frictionless or data manifest found.');
  });
});

describe('dataset-versioning (LLM application): an index of what users upload has no corpus to pin', () => {
  const pyproject = '[project]\nname = "docs-chat"\nversion = "0.4.0"\ndependencies = ["openai==1.51.0", "chromadb==0.5.18", "fastapi==0.115.4", "langchain-text-splitters==0.3.2"]\n';
  const uploads = `from fastapi import FastAPI, UploadFile\nfrom langchain_text_splitters import RecursiveCharacterTextSplitter\n\nfrom docs_chat.store import collection, embed\n\napp = FastAPI()\nsplitter = RecursiveCharacterTextSplitter(chunk_size=800, chunk_overlap=80)\n\n\n@app.post("/documents")\nasync def upload_document(file: UploadFile) -> dict:\n    text = (await file.read()).decode("utf-8")\n    chunks = splitter.split_text(text)\n    collection.add(ids=[f"{file.filename}-{i}" for i in range(len(chunks))], documents=chunks, embeddings=embed(chunks))\n    return {"chunks": len(chunks)}\n`;

  it('documents users upload through the API are their own: no corpus-not-pinned, the upload handler is named', async () => {
    const result = await runCheck(datasetVersioning, { 'pyproject.toml': pyproject, 'src/docs_chat/api/documents.py': uploads }, LLM);
    expect(findingIds(result)).not.toContain('corpus-not-pinned');
    expect(result.evidence.some((item) => item.kind === 'corpus-user-uploads' && item.path === 'src/docs_chat/api/documents.py')).toBe(true);
    expect(result.summary).toMatch(/retrieval corpus of the users' uploads \(src\/docs_chat\/api\/documents\.py\), nothing to pin/);
  });

  it('the same application that also crawls a help centre into the index has a corpus of its own to pin', async () => {
    const crawler = 'from langchain_community.document_loaders import SitemapLoader\n\nfrom docs_chat.store import collection, embed\n\n\ndef crawl() -> None:\n    docs = SitemapLoader("https://help.example.com/sitemap.xml").load()\n    collection.add(ids=[d.metadata["source"] for d in docs], documents=[d.page_content for d in docs], embeddings=embed([d.page_content for d in docs]))\n';
    const result = await runCheck(datasetVersioning, { 'pyproject.toml': pyproject, 'src/docs_chat/api/documents.py': uploads, 'src/docs_chat/ingest/crawl_help_centre.py': crawler }, LLM);
    expect(findingIds(result)).toContain('corpus-not-pinned');
  });
});

// ------------------------------------------------------------------------------------------ reproducibility

describe('reproducibility: a training command documented in a recipe README and run by a launcher', () => {
  const sft = 'from transformers import AutoModelForCausalLM\nfrom trl import SFTConfig, SFTTrainer\n\n\ndef main(config):\n    model = AutoModelForCausalLM.from_pretrained(config.model_name_or_path)\n    trainer = SFTTrainer(model=model, args=SFTConfig(output_dir=config.output_dir), train_dataset=config.train)\n    trainer.train()\n    trainer.save_model(config.output_dir)\n';
  const tree = {
    // Hashed: a fully pinned environment, so the entry point is not capped by it (reproducibility counts a command only as far as the environment is pinned).
    'requirements.txt': ['transformers==4.46.3', 'trl==0.12.1', 'accelerate==1.1.1'].map((line) => `${line} --hash=sha256:${'0123456789abcdef'.repeat(4)}\n`).join(''),
    'scripts/sft.py': sft,
  };

  it('`accelerate launch … scripts/sft.py` in recipes/<model>/README.md is the documented training command', async () => {
    const outcome = await judged(reproducibility, {
      ...tree,
      'recipes/helpdesk-7b/README.md': '# Helpdesk 7B\n\nSupervised fine-tuning on resolved tickets:\n\n```shell\nACCELERATE_LOG_LEVEL=info accelerate launch --config_file recipes/accelerate_configs/zero3.yaml scripts/sft.py --config recipes/helpdesk-7b/sft/config.yaml\n```\n',
    });
    expect(findingIds(outcome)).not.toContain('entrypoint-undocumented');
    expect(outcome.criteria.entrypoint).toBe(1);
    expect(outcome.evidence.some((item) => item.kind === 'entrypoint:documented-command' && item.path === 'recipes/helpdesk-7b/README.md')).toBe(true);
  });

  it('a file named in inline code in a sub-folder README (a link to another repository\'s block) is not a command', async () => {
    const outcome = await judged(reproducibility, {
      ...tree,
      'orchestration/retraining/README.md': '# Retraining\n\n## Code\n\n- [`custom/retrain/sklearn.py` block](https://github.com/example/mlops-course/blob/main/custom/retrain/sklearn.py): triggers the training pipeline\n',
    });
    expect(findingIds(outcome)).not.toContain('entrypoint-missing-code');
  });

  it('the same script with no command anywhere is still undocumented', async () => {
    const outcome = await judged(reproducibility, tree);
    expect(findingIds(outcome)).toContain('entrypoint-undocumented');
  });
});

describe('reproducibility: setup.py records the packages (read as text, never run)', () => {
  it('requirements with versions in a setup.py list and python_requires are an environment (ranges) and a Python range, not "nothing records"', async () => {
    const outcome = await judged(reproducibility, {
      'setup.py': 'from setuptools import find_packages, setup\n\n_deps = [\n    "accelerate>=1.1.0",\n    "datasets>=3.0.0",\n    "peft>=0.13.0",\n    "transformers>=4.46.0",\n    "trl==0.12.1",\n]\n\ndeps = {d.split(">")[0].split("=")[0]: d for d in _deps}\n\nsetup(\n    name="helpdesk-tuning",\n    version="0.2.0",\n    package_dir={"": "src"},\n    packages=find_packages("src"),\n    install_requires=list(deps.values()),\n    python_requires=">=3.10.9",\n)\n',
      'src/helpdesk_tuning/__init__.py': '',
      'scripts/sft.py': 'from trl import SFTTrainer\n\ntrainer = SFTTrainer(model=model, train_dataset=train)\ntrainer.train()\n',
    });
    const ids = findingIds(outcome);
    expect(ids).not.toContain('no-environment');
    expect(ids).not.toContain('python-version-unstated');
    expect(message(outcome, 'python-version-range')).toContain('>=3.10.9');
    expect(message(outcome, 'no-lockfile')).toBe('setup.py declares 5 dependencies and no lock file records their versions.');
    expect(outcome.criteria.environment).toBeCloseTo(0.1, 5); // declared, not pinned: worth what a manifest without its lock is
  });

  it('a setup.py whose requirements are all pinned exactly is not "declared as ranges, no lock file"', async () => {
    const outcome = await judged(reproducibility, {
      'setup.py': 'import setuptools\n\nREQUIRED_PACKAGES = [\n    "google-cloud-aiplatform==1.38.0",\n    "tensorflow-transform==1.14.0",\n]\n\nsetuptools.setup(name="pipeline", version="0.1.0", install_requires=REQUIRED_PACKAGES, packages=setuptools.find_packages())\n',
      'pipeline/__init__.py': '',
      'pipeline/train.py': 'from sklearn.linear_model import LogisticRegression\n\nmodel = LogisticRegression(random_state=7).fit(X, y)\n',
    });
    expect(findingIds(outcome)).not.toContain('no-lockfile');
    expect(findingIds(outcome)).not.toContain('no-environment');
  });
});
