import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/model-card.js';
import { FIXTURES, findingIds, makeTree, runCheck, runRaw } from './helpers.js';
import { HF_TEMPLATE_ONLY, MITCHELL_CARD } from './model-card-samples.js';

const criteriaOf = (outcome: Awaited<ReturnType<typeof runRaw>>) => (outcome.status === 'judged' ? outcome.criteria : {});

const HF_README = `---
language:
- en
license: apache-2.0
library_name: transformers
pipeline_tag: text-classification
datasets:
- acme/support-tickets
metrics:
- f1
model-index:
- name: ticket-router
  results:
  - task:
      type: text-classification
    dataset:
      name: Support tickets
      type: acme/support-tickets
      split: test
    metrics:
    - type: f1
      value: 0.87
    - type: accuracy
      value: 0.91
---

# ticket-router

A DistilBERT classifier (version 3.1) that routes customer support tickets to one of 12 queues.

## Uses

### Direct Use

Routing incoming e-mail and chat tickets to a queue before a human agent reads them. Agents can
re-route any ticket; the model only sets the initial queue.

### Out-of-Scope Use

- Prioritising tickets or promising response times.
- Tickets in languages other than English.

## Training Details

### Training Data

420,000 tickets exported from Zendesk between 2023-03 and 2025-02, labelled by the queue that
finally resolved them. Dataset card: [acme/support-tickets](https://huggingface.co/datasets/acme/support-tickets), revision \`a41c9e2\`.

## Evaluation

Measured on the held-out test split (42,000 tickets from 2025-01 and 2025-02).

| Metric | Value |
|---|---|
| Macro F1 | 0.87 |
| Accuracy | 0.91 |

## Bias, Risks, and Limitations

- Billing tickets written in mixed languages are misrouted about twice as often (F1 0.71).
- Queues created after 2025-02 do not exist for the model; tickets for them land in "general".

## Model Card Contact

ml-platform@acme.example, Slack #ticket-router
`;

describe('model-card on the fixtures', () => {
  it('passes the complete handover card with every part judged', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(9);
    expect(result.evidence).toEqual([expect.objectContaining({ path: 'MODEL_CARD.md', kind: 'model-card' })]);
    expect(result.evidence[0].note).toContain('4 model-index metric(s)');
    expect(result.evidence[0].note).toContain('0 template marker(s)');
    expect(result.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
  });

  it('fails the notebook dump with no-model-card and every criterion at 0', async () => {
    const outcome = await runRaw(check, path.join(FIXTURES, 'notebook-dump'));
    expect(outcome.status).toBe('judged');
    expect(Object.values(criteriaOf(outcome)).every((value) => value === 0)).toBe(true);
    const result = await runCheck(check, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('fail');
    expect(findingIds(result)).toEqual(['no-model-card']);
    expect(result.findings[0].remediation).toMatch(/MODEL_CARD\.md/);
  });

  it('scores the partial delivery card partially and names each defect with file and line', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).not.toBe('pass');
    expect(result.score).toBeGreaterThan(2);
    const at = (id: string) => result.findings.filter((finding) => finding.id === id).map((finding) => `${finding.path}:${finding.line}`);
    expect(at('front-matter-unparsed')).toEqual(['model_card.md:5']);
    expect(at('template-section')).toEqual(expect.arrayContaining(['model_card.md:32', 'model_card.md:54']));
    expect(at('evaluation-without-numbers')).toEqual(['model_card.md:50']);
    expect(at('training-data-incomplete')).toEqual(['model_card.md:46']);
    expect(at('thin-section')).toContain('model_card.md:36');
    expect(at('template-marker')).toEqual(['model_card.md:23', 'model_card.md:34', 'model_card.md:42', 'model_card.md:56']);
    expect(at('details-incomplete')).toEqual(['model_card.md:15']);
  });
});

describe('model-card recognition', () => {
  it('judges a Hugging Face README with model-index front matter', async () => {
    const result = await runCheck(check, { 'README.md': HF_README, 'src/train.py': 'print(1)\n' });
    expect(result.status).toBe('pass');
    expect(result.evidence[0]).toMatchObject({ path: 'README.md', kind: 'model-card' });
    expect(result.evidence[0].note).toMatch(/^huggingface card/);
    expect(result.evidence[0].note).toContain('2 model-index metric(s)');
  });

  it('judges a Mitchell et al. card in docs/model-card.md', async () => {
    const outcome = await runRaw(check, { 'docs/model-card.md': MITCHELL_CARD });
    expect(outcome.status).toBe('judged');
    if (outcome.status !== 'judged') return;
    expect(outcome.evidence[0].note).toMatch(/^mitchell card/);
    expect(outcome.criteria).toEqual({ details: 1, 'intended-use': 1, 'training-data': 1, evaluation: 1, limitations: 1, contact: 1 });
  });

  it('accepts model_card.md and MODELCARD.md, ignores templates and dependencies', async () => {
    const outcome = await runRaw(check, {
      'model_card.md': MITCHELL_CARD,
      'models/b/MODELCARD.md': MITCHELL_CARD,
      'docs/model-card-template.md': HF_TEMPLATE_ONLY,
      'node_modules/some-lib/MODEL_CARD.md': HF_TEMPLATE_ONLY,
      '.venv/lib/python3.11/site-packages/x/model_card.md': HF_TEMPLATE_ONLY,
    });
    expect(outcome.status === 'judged' && outcome.evidence.map((item) => item.path)).toEqual(['model_card.md', 'models/b/MODELCARD.md']);
  });

  it('does not take a project README or a dataset card for a model card', async () => {
    const result = await runCheck(check, {
      'README.md': '# churn-pipeline\n\nRun `make train` to train the model.\n',
      'data/README.md': '---\nlicense: cc-by-4.0\ntask_categories:\n- tabular-classification\ndatasets:\n- x\nmetrics:\n- f1\n---\n\n# Dataset card\n',
    });
    expect(findingIds(result)).toEqual(['no-model-card']);
    expect(result.status).toBe('fail');
  });

  it('takes a README titled "Model Card" without front matter', async () => {
    const outcome = await runRaw(check, { 'models/churn/README.md': MITCHELL_CARD.replace('# Model Card: invoice', '# Model Card for invoice') });
    expect(outcome.status === 'judged' && outcome.evidence.map((item) => item.path)).toEqual(['models/churn/README.md']);
  });

  it('reads cards from policy locations', async () => {
    const outcome = await runRaw(check, { 'handover/about-the-model.md': MITCHELL_CARD }, ['handover/*.md']);
    expect(outcome.status === 'judged' && outcome.evidence.map((item) => item.path)).toEqual(['handover/about-the-model.md']);
  });
});

describe('model-card judging', () => {
  it('scores a template-only card near zero, naming the template sections and markers', async () => {
    const result = await runCheck(check, { 'MODEL_CARD.md': HF_TEMPLATE_ONLY });
    expect(result.status).toBe('fail');
    expect(result.score).toBeLessThanOrEqual(1);
    const ids = findingIds(result);
    expect(ids.filter((id) => id === 'template-section').length).toBeGreaterThanOrEqual(6);
    // Ten marker findings, then one that counts the rest.
    const markers = result.findings.filter((finding) => finding.id === 'template-marker');
    expect(markers).toHaveLength(11);
    expect(markers[10].message).toMatch(/more unfilled template markers/);
    expect(result.findings.find((finding) => finding.id === 'template-section' && /Out-of-Scope/.test(finding.message))).toMatchObject({ path: 'MODEL_CARD.md', line: 40 });
  });

  it('reports malformed front matter with its line and still judges the sections', async () => {
    const card = MITCHELL_CARD.replace('# Model Card', '---\nlicense: mit\nmodel-index: [unclosed\n  - name: x\n---\n\n# Model Card');
    const outcome = await runRaw(check, { 'MODEL_CARD.md': card });
    expect(outcome.status).toBe('judged');
    if (outcome.status !== 'judged') return;
    const finding = outcome.findings.find((item) => item.id === 'front-matter-unparsed');
    expect(finding).toMatchObject({ path: 'MODEL_CARD.md' });
    expect(finding?.line).toBeGreaterThanOrEqual(2);
    expect(outcome.criteria['training-data']).toBe(1);
  });

  it('survives binary, invalid UTF-8 and alias-bomb cards', async () => {
    const bomb = '---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\nlibrary_name: x\n---\n# Model Card\n';
    const outcome = await runRaw(check, {
      'MODEL_CARD.md': new Uint8Array([0, 1, 2, 3, 255, 0, 0]),
      'model_card.md': Buffer.concat([Buffer.from('# Model Card\n\n## Intended Use\n\n'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' scoring\n')]),
      'docs/model-card.md': bomb,
    });
    expect(outcome.status).toBe('judged');
    if (outcome.status !== 'judged') return;
    expect(outcome.evidence.map((item) => item.path)).toEqual(['docs/model-card.md', 'model_card.md']);
    expect(outcome.findings.some((item) => item.id === 'front-matter-unparsed' && item.path === 'docs/model-card.md' && /alias/.test(item.message))).toBe(true);
  });

  it('counts model-index metrics when the card has no Evaluation section', async () => {
    const card = HF_README.replace(/## Evaluation[\s\S]*?(?=## Bias)/, '');
    const outcome = await runRaw(check, { 'README.md': card });
    expect(outcome.status === 'judged' && outcome.criteria.evaluation).toBeCloseTo(0.6);
    expect(outcome.status === 'judged' && outcome.findings.map((item) => item.id)).toContain('missing-evaluation');
  });

  it('flags model-index results without dataset or values', async () => {
    const card = HF_README.replace('      value: 0.87\n', '').replace(/    dataset:\n      name: Support tickets\n      type: acme\/support-tickets\n      split: test\n/, '');
    const result = await runCheck(check, { 'README.md': card });
    const messages = result.findings.filter((finding) => finding.id === 'model-index-invalid').map((finding) => finding.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/metric f1 has no value/), expect.stringMatching(/names no dataset/)]));
  });

  it('flags vague evaluation, a contact without a route and missing out-of-scope uses', async () => {
    const card = `# Model Card for demand-forecast

## Model Details

Prophet-based daily demand forecaster for 1,200 stores, version 4, retrained weekly on Sundays with the
latest sales, promotions and holiday calendar; forecasts 28 days ahead per store and category.

## Intended Use

Store replenishment planners use the forecast to set order quantities; planners review every order
above the usual range before it is sent to suppliers, and can override any forecast.

## Training Data

Point-of-sale data from the sales warehouse, 2021-01 to 2025-04, 1,200 stores, snapshot tagged sales-2025-04.

## Evaluation

The model performs very well and beats the old system by a clear margin across stores and categories.

## Limitations

Promotions that were never run before are forecast poorly, and store openings have no history at all.
New stores are forecast from their cluster average for the first eight weeks.

## Authors

The forecasting team.
`;
    const result = await runCheck(check, { 'MODEL_CARD.md': card });
    const ids = findingIds(result);
    expect(ids).toEqual(expect.arrayContaining(['evaluation-without-numbers', 'evaluation-without-data', 'contact-unreachable', 'missing-out-of-scope']));
    expect(ids).not.toContain('training-data-incomplete');
    expect(result.findings.find((finding) => finding.id === 'evaluation-without-numbers')).toMatchObject({ path: 'MODEL_CARD.md', line: 17 });
    expect(result.status).toBe('warn');
  });

  it('averages several cards, so one good card does not hide a template one', async () => {
    const one = await runRaw(check, { 'MODEL_CARD.md': MITCHELL_CARD });
    const two = await runRaw(check, { 'MODEL_CARD.md': MITCHELL_CARD, 'models/other/model_card.md': HF_TEMPLATE_ONLY });
    const sum = (outcome: typeof one) => Object.values(criteriaOf(outcome)).reduce((a, b) => a + b, 0);
    expect(sum(two)).toBeLessThan(sum(one) * 0.6);
  });

  it('says a linked card was not followed instead of reporting no card', async () => {
    const outside = path.join(os.tmpdir(), `mlh-card-${process.pid}-${Date.now()}`);
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(outside, 'card.md'), MITCHELL_CARD);
    const dir = makeTree({ 'README.md': '# Churn model\n' });
    mkdirSync(path.join(dir, 'docs'));
    symlinkSync(path.join(outside, 'card.md'), path.join(dir, 'docs', 'model-card.md'));
    const outcome = await runRaw(check, dir);
    expect(outcome.status).toBe('judged');
    if (outcome.status !== 'judged') return;
    expect(outcome.evidence).toEqual([]);
    expect(outcome.findings.map((finding) => [finding.id, finding.path])).toEqual([
      ['card-is-symlink', 'docs/model-card.md'],
      ['no-model-card', undefined],
    ]);
    expect(Object.values(outcome.criteria).every((value) => value === 0)).toBe(true);
  });
});

async function judgedRaw(files: Parameters<typeof runRaw>[1]) {
  const outcome = await runRaw(check, files);
  if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
  return outcome;
}

describe('model cards under other names and places', () => {
  const SYSTEM_CARD = `# System card: Benefits Assistant

## System details

The Benefits Assistant answers questions about benefits with a retrieval-augmented LLM (Claude 3.5 Sonnet via Bedrock, version 2025-01) over published guidance pages. Version 1.4 of the system went live in March 2025.

## Intended use

Members of the public asking about eligibility and how to apply; it is not intended for legal or individual financial advice, and must not be used to decide claims.

## Evaluation

We set accuracy targets before launch: answer accuracy of at least 0.90 and a jailbreak refusal rate of at least 0.98 on the held-out test set of 1,200 questions. Results: accuracy 0.93, refusal rate 0.99, faithfulness 0.91.

## Performance and Limitations

- Answers about devolved benefits in Scotland are often incomplete, because fewer guidance pages cover them.
- Questions mixing two benefits in one sentence are answered for one of them only.
- Latency rises above 8 seconds when the search cluster is under load.

## Contact

The AI team, ai-team@example.gov.uk.
`;

  it('judges SYSTEM_CARD.md as a card by its title, with "Performance and Limitations" as evaluation and limitations', async () => {
    const outcome = await judgedRaw({ 'SYSTEM_CARD.md': SYSTEM_CARD });
    const card = outcome.evidence.find((e) => e.kind === 'model-card');
    expect(card?.path).toBe('SYSTEM_CARD.md');
    expect(card?.note).toMatch(/a card under another name: titled "System card: Benefits Assistant"/);
    const criteria = criteriaOf(outcome);
    expect(criteria.limitations).toBe(1);
    expect(criteria.evaluation).toBeGreaterThan(0.5);
    expect(findingIds(outcome)).not.toContain('no-model-card');
  });

  it('judges an untitled document by its parts: details, intended use, evaluation and limitations of a model', async () => {
    const text = SYSTEM_CARD.replace('# System card: Benefits Assistant', '# Benefits Assistant');
    const outcome = await judgedRaw({ 'docs/benefits-assistant.md': text });
    expect(outcome.evidence.find((e) => e.kind === 'model-card')?.note).toMatch(/a card under another name: covers/);
  });

  it('does not take a change log, a card template, a library guide or a decision record for a card', async () => {
    const outcome = await judgedRaw({
      'CHANGELOG.md': '# Changelog\n\n## Known issues\n\n- The parser drops trailing commas in arrays when streaming large inputs from disk.\n\n## Performance\n\n- 20% faster tokenizer on long inputs, measured on the benchmark suite of 5,000 files.\n',
      'docs/system-card-template.md': '# System card\n\n## System details\n\n[More Information Needed]\n\n## Evaluation\n\n[More Information Needed]\n\n## Limitations\n\n[More Information Needed]\n',
      'docs/system card.md': '# System card\n\n## System details\n\nTODO\n\n## Limitations\n\nTBD\n',
      'docs/guide.md': '# Using the date library\n\n## Purpose\n\nParse and format dates in every calendar the library supports, with time zones from the IANA database shipped with it.\n\n## Benchmarks\n\nFormatting a date takes 2 microseconds on a laptop, parsing takes 5 microseconds with the default locale.\n\n## Limitations\n\nDates before 1900 are not supported by the parser and times are truncated to milliseconds.\n',
      'docs/adr/0003-output-guardrails.md': SYSTEM_CARD,
    });
    expect(outcome.evidence.filter((e) => e.kind === 'model-card')).toEqual([]);
    expect(findingIds(outcome)).toContain('no-model-card');
  });
});
