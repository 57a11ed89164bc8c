// model-card per system profile: an LLM application owes a system card (models and providers instead of training
// data), a fine-tuned model's card names its base model and tuning, a data pipeline has no model to card, and a
// training repository that also calls an LLM still owes its training data.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/model-card.js';
import type { CheckOutcome } from '../src/check.js';
import { FIXTURES, findingIds, runCheck, runRaw } from './helpers.js';

type Judged = Extract<CheckOutcome, { status: 'judged' }>;

async function judged(files: Record<string, string> | string): Promise<Judged> {
  const outcome = await runRaw(check, files);
  if (outcome.status !== 'judged') throw new Error(`expected a judged outcome, got a skip: ${outcome.reason}`);
  return outcome;
}

const notApplicable = (outcome: Judged) => (outcome.notApplicable ?? []).map((entry) => entry.criterion);

/** An application on a hosted LLM: the SDK declared and a prompt template, nothing trained. */
const LLM_APP = {
  'pyproject.toml': '[project]\nname = "claims-helper"\nversion = "0.4.0"\ndependencies = ["openai==1.54.3", "fastapi==0.115.4"]\n',
  'prompts/answer.md': 'You answer questions about insurance claims from the documents given. Cite each document you use.\n',
  'src/claims_helper/app.py': 'from openai import OpenAI\n\nclient = OpenAI()\n\ndef answer(question: str) -> str:\n    return client.chat.completions.create(model="gpt-4o-2024-08-06", messages=[{"role": "user", "content": question}]).choices[0].message.content\n',
};

const SYSTEM_CARD = `# System card: claims-helper 0.4

## System details

Claims-helper drafts answers to policyholders' questions about open insurance claims for the claims handlers of
the buyer, from the claim documents attached to the case, with a retrieval step over the policy wording library.

## Models and providers

- Answer drafts: \`gpt-4o-2024-08-06\` on Azure OpenAI (West Europe), which receives the question and the claim
  documents; no data is stored by the provider beyond 30 days of abuse monitoring.

## Intended use

Claims handlers use the drafts to answer routine status and coverage questions faster; every draft is reviewed
by the handler before it is sent to the policyholder.

## Out-of-scope use

- Deciding whether a claim is covered or how much is paid.
- Any answer sent to a policyholder without a handler's review.

## Evaluation

The promptfoo suite runs 40 test cases (30 routine questions, 6 unanswerable, 4 injection attempts) before every
release. Thresholds: faithfulness at least 0.85 on every case, and every injection case must be refused.
Results for 0.4: faithfulness 0.91 on average, 40/40 cases pass, p95 latency 6.2 s.

## Limitations

- Claims with more than 50 attached documents exceed the context window; only the newest 50 are read.
- Handwritten scans are not read, so answers about them are refused.
- The faithfulness grade comes from a model and can pass a fluent but wrong citation.

## Contact

Claims platform team, #claims-helper on Slack.
`;

describe('model-card: an LLM application is judged on its system card', () => {
  it('passes the llm-app-complete fixture on SYSTEM_CARD.md, training data left out with the reason', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'llm-app-complete'));
    expect(result.status).not.toBe('skip');
    expect(result.score).toBeGreaterThanOrEqual(9);
    expect(result.evidence.find((e) => e.kind === 'model-card')).toMatchObject({ path: 'SYSTEM_CARD.md' });
    expect(result.evidence[0].note).toMatch(/judged as a system card.*models: .*claude-3-5-sonnet-20240620.*providers: .*amazon bedrock/i);
    expect(result.notApplicable?.map((entry) => entry.criterion)).toEqual(['training-data']);
    expect(result.notApplicable?.[0].reason).toMatch(/LLM application that trains nothing/);
    expect(result.findings.filter((f) => f.path === 'SYSTEM_CARD.md' && f.severity !== 'info').map((f) => f.id)).toEqual([]);
  });

  it('scores a complete system card in full on every applicable criterion', async () => {
    const outcome = await judged({ ...LLM_APP, 'SYSTEM_CARD.md': SYSTEM_CARD });
    expect(outcome.criteria).toMatchObject({ details: 1, 'intended-use': 1, evaluation: 1, limitations: 1, contact: 1 });
    expect(notApplicable(outcome)).toEqual(['training-data']);
    expect(findingIds(outcome)).toEqual([]);
  });

  it('gives 0 on limitations to a system card without them, and says so', async () => {
    const card = SYSTEM_CARD.replace(/## Limitations[\s\S]*?(?=## Contact)/, '');
    const outcome = await judged({ ...LLM_APP, 'docs/system-card.md': card });
    expect(outcome.criteria.limitations).toBe(0);
    expect(findingIds(outcome)).toContain('missing-limitations');
    expect(outcome.criteria.evaluation).toBe(1);
  });

  it('asks a system card for models with versions, the provider, thresholds and the cases measured', async () => {
    const card = `# AI system card: claims-helper

## System details

Claims-helper drafts answers to policyholders' questions about open claims from the claim documents, for the
claims handlers, with a large language model behind a retrieval step over the policy wording library.

## Intended use

Claims handlers use the drafts to answer routine status and coverage questions; every draft is reviewed.

## Evaluation

We looked at many answers during development and they were mostly good; handlers liked the tone and the drafts
saved them time on routine questions according to the pilot feedback.

## Limitations

Long claims with many attached documents are only partly read, and handwritten scans are not read at all.
`;
    const outcome = await judged({ ...LLM_APP, 'SYSTEM_CARD.md': card });
    const ids = findingIds(outcome);
    expect(ids).toEqual(expect.arrayContaining(['system-models-incomplete', 'evaluation-without-numbers', 'evaluation-without-thresholds', 'evaluation-without-data']));
    expect(outcome.findings.find((f) => f.id === 'system-models-incomplete')?.message).toMatch(/models with their versions or the provider/);
    expect(outcome.criteria.details).toBe(0.5);
    expect(outcome.criteria.evaluation).toBeCloseTo(0.4, 5);
  });

  it('scores 0 when a prompted-only application has no system card, naming what was looked for', async () => {
    const result = await runCheck(check, LLM_APP);
    expect(result.score).toBe(0);
    const finding = result.findings.find((f) => f.id === 'no-model-card');
    expect(finding?.message).toMatch(/^No system card found \(looked for SYSTEM_CARD\.md/);
    expect(finding?.remediation).toMatch(/SYSTEM_CARD\.md/);
    expect(result.notApplicable?.map((entry) => entry.criterion)).toEqual(['training-data']);
  });

  it('takes README sections that cover the card as a system card, and a transparency note by its title', async () => {
    const readme = SYSTEM_CARD.replace('# System card: claims-helper 0.4', '# claims-helper');
    const fromReadme = await judged({ ...LLM_APP, 'README.md': readme });
    expect(fromReadme.evidence.find((e) => e.kind === 'model-card')).toMatchObject({ path: 'README.md' });
    expect(fromReadme.evidence[0].note).toMatch(/a README whose sections covers/);
    const note = SYSTEM_CARD.replace('# System card: claims-helper 0.4', '# Transparency note for claims-helper').replace('## Evaluation', '## How well it works');
    const fromNote = await judged({ ...LLM_APP, 'docs/transparency-note.md': note });
    expect(fromNote.evidence.find((e) => e.kind === 'model-card')).toMatchObject({ path: 'docs/transparency-note.md' });
  });

  it('does not take a project README for a card when the delivery is a trained model', async () => {
    const readme = SYSTEM_CARD.replace('# System card: claims-helper 0.4', '# claims-helper');
    const outcome = await judged({ 'README.md': readme, 'train.py': 'for epoch in range(10):\n    loss.backward()\n    optimizer.step()\n' });
    expect(findingIds(outcome)).toContain('no-model-card');
  });

  it("follows the buyer's policy: a repository with no LLM package judged as an LLM application gets a system card's criteria", async () => {
    const result = await runCheck(check, { 'SYSTEM_CARD.md': SYSTEM_CARD }, { profiles: ['llm-application'] });
    expect(result.notApplicable?.map((entry) => entry.criterion)).toEqual(['training-data']);
    expect(result.notApplicable?.[0].reason).toMatch(/from the buyer's policy/);
    expect(result.score).toBe(10);
  });
});

describe('model-card: training stays required when a delivery trains and calls an LLM', () => {
  it('asks a training repository with an LLM dependency for training data, and shows what the card says of the LLMs', async () => {
    const outcome = await judged({
      'requirements.txt': 'openai==1.54.3\nlightgbm==4.5.0\n',
      'src/train.py': 'import lightgbm as lgb\n\nmodel = lgb.LGBMClassifier()\nmodel.fit(X_train, y_train)\n',
      'MODEL_CARD.md': SYSTEM_CARD.replace('# System card: claims-helper 0.4', '# Model card: claims-helper 0.4'),
    });
    expect(notApplicable(outcome)).toEqual([]);
    expect(outcome.criteria['training-data']).toBe(0);
    expect(findingIds(outcome)).toContain('missing-training-data');
    expect(outcome.evidence.find((e) => e.kind === 'system-card-facts')?.note).toMatch(/also an LLM application: the card names models gpt-4o-2024-08-06 and providers azure openai/);
  });
});

describe('model-card: a fine-tuned model names its base model and how it was tuned', () => {
  const FINE_TUNE = {
    'requirements.txt': 'peft==0.13.2\ntransformers==4.46.2\n',
    'finetune.py': 'from peft import LoraConfig, get_peft_model\n\nconfig = LoraConfig(r=16, lora_alpha=32)\nmodel = get_peft_model(base, config)\ntrainer.train()\n',
  };
  const card = (details: string, training: string) => `# Model card: claims-triage-lora v1.1

## Model details

${details}

## Intended use

Triage of incoming claim e-mails into the 9 claim queues for the claims intake team; a handler confirms each queue.

## Out-of-scope use

- Deciding coverage or amounts; e-mails in languages other than German and English.

## Training data

${training}

## Evaluation

Macro F1 0.88 and accuracy 0.91 on the held-out test split of 6,000 e-mails from 2025-Q1.

## Limitations

Rare queues (fraud suspicion, legal) are confused with general enquiries in about one case in five; scanned
attachments are not read, so e-mails that only say "see attachment" land in the general queue.

## Contact

Claims ML team, claims-ml@example.com.
`;
  const DETAILS_WITH_BASE =
    'A LoRA adapter (version 1.1) for sequence classification that routes incoming claim e-mails to one of 9 claim queues for the claims intake team. Base model: `mistralai/Mistral-7B-v0.1`, loaded in 4-bit with the adapter applied on top.';
  const DETAILS_WITHOUT_BASE =
    'An adapter (version 1.1) for sequence classification that routes incoming claim e-mails to one of 9 claim queues for the claims intake team, loaded in 4-bit with the adapter weights applied on top of the published weights.';
  const TRAINING_WITH_PROCEDURE = '48,000 claim e-mails exported from the claims system between 2023-01 and 2024-12, labelled by the queue that closed them; dataset version `data/claims.dvc`. Fine-tuned with LoRA (rank 16, alpha 32, learning rate 2e-4, 3 epochs).';
  const TRAINING_WITHOUT_PROCEDURE =
    '48,000 claim e-mails exported from the claims system between 2023-01 and 2024-12, labelled by the queue that closed them; dataset version `data/claims.dvc`. Signatures and quoted history were removed before use.';

  it('passes a card that names the base model, the fine-tuning data and the procedure', async () => {
    const outcome = await judged({ ...FINE_TUNE, 'MODEL_CARD.md': card(DETAILS_WITH_BASE, TRAINING_WITH_PROCEDURE) });
    expect(findingIds(outcome)).not.toContain('base-model-unnamed');
    expect(findingIds(outcome)).not.toContain('tuning-procedure-missing');
    expect(outcome.criteria.details).toBe(1);
    expect(outcome.criteria['training-data']).toBeCloseTo(1, 5);
  });

  it('halves details when the base model is not named, and takes off the procedure facet when tuning is not described', async () => {
    const outcome = await judged({ ...FINE_TUNE, 'MODEL_CARD.md': card(DETAILS_WITHOUT_BASE, TRAINING_WITHOUT_PROCEDURE) });
    expect(findingIds(outcome)).toEqual(expect.arrayContaining(['base-model-unnamed', 'tuning-procedure-missing']));
    expect(outcome.criteria.details).toBe(0.5);
    expect(outcome.criteria['training-data']).toBeCloseTo(0.88, 5);
  });

  it('takes a "Fine-tuning data" section for the training data of a fine-tuned model', async () => {
    const text = card(DETAILS_WITH_BASE, TRAINING_WITH_PROCEDURE).replace('## Training data', '## Fine-tuning data');
    const outcome = await judged({ ...FINE_TUNE, 'MODEL_CARD.md': text });
    expect(findingIds(outcome)).not.toContain('missing-training-data');
    expect(outcome.criteria['training-data']).toBeCloseTo(1, 5);
  });
});

describe('model-card: a data pipeline has no model', () => {
  it('skips a dbt project with the reason, pointing at dataset-versioning', async () => {
    const outcome = await runRaw(check, {
      'dbt_project.yml': "name: 'orders'\nversion: '1.0.0'\nprofile: 'orders'\nmodel-paths: ['models']\n",
      'models/staging/stg_orders.sql': 'select id as order_id, customer_id, ordered_at from {{ source("shop", "orders") }}\n',
    });
    expect(outcome.status).toBe('skip');
    if (outcome.status === 'skip') expect(outcome.reason).toMatch(/^No model: the delivery is judged as a data pipeline only \(dbt project: dbt_project\.yml\); the datasets' cards are judged by dataset-versioning\.$/);
  });

  it('still judges a card when the pipeline also trains a model', async () => {
    const result = await runCheck(check, { 'README.md': '# Orders\n' }, { profiles: ['data-pipeline', 'trained-model'] });
    expect(result.status).not.toBe('skip');
    expect(findingIds(result)).toContain('no-model-card');
  });
});
