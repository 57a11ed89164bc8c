import { describe, expect, it } from 'vitest';
import { headingKey, isModelCardFileName, isModelCardMetadata, parseModelCard, sectionFor, stripTemplateText } from '../src/formats/model-card.js';
import { HF_TEMPLATE_ONLY, MITCHELL_CARD } from './model-card-samples.js';

describe('model card format', () => {
  it.each([
    ['MODEL_CARD.md', true],
    ['model_card.md', true],
    ['MODELCARD.md', true],
    ['docs/model-card-v2.md', true],
    ['docs/model-card-template.md', false],
    ['docs/card.md', false],
    ['model_cards.py', false],
  ])('recognises %s by name: %s', (path, expected) => {
    expect(isModelCardFileName(path)).toBe(expected);
  });

  it('tells model card metadata from dataset card metadata', () => {
    expect(isModelCardMetadata({ library_name: 'lightgbm' })).toBe(true);
    expect(isModelCardMetadata({ 'model-index': [] })).toBe(true);
    expect(isModelCardMetadata({ license: 'mit', datasets: ['x'] })).toBe(true);
    expect(isModelCardMetadata({ license: 'mit', datasets: ['x'], task_categories: ['x'] })).toBe(false);
    expect(isModelCardMetadata({ title: 'Blog post', tags: ['a'] })).toBe(false);
  });

  it('normalises template headings', () => {
    expect(headingKey('Downstream Use [optional]')).toBe('downstream use');
    expect(headingKey('3. Bias, Risks, and Limitations')).toBe('bias risks and limitations');
    expect(headingKey('Testing Data, Factors & Metrics')).toBe('testing data factors metrics');
  });

  it('finds every template marker with its line and leaves no filled text in a template-only card', () => {
    const card = parseModelCard(HF_TEMPLATE_ONLY);
    expect(card.flavour).toBe('huggingface');
    expect(card.markers.filter((marker) => marker.text === '[More Information Needed]')).toHaveLength(21);
    expect(card.markers.find((marker) => marker.text === 'default Recommendations text')?.line).toBe(54);
    expect(card.sections.every((section) => section.empty)).toBe(true);
  });

  it('maps Mitchell sections to parts', () => {
    const card = parseModelCard(MITCHELL_CARD);
    expect(card.flavour).toBe('mitchell');
    expect(sectionFor(card, 'limitations')?.heading.text).toBe('Ethical Considerations');
    expect(sectionFor(card, 'training-data')?.heading.line).toBe(24);
    expect(sectionFor(card, 'contact')?.filled).toContain('mara.lindqvist@ferrous-labs.example');
    expect(sectionFor(card, 'out-of-scope')).toBeUndefined();
  });

  it('reads model-index results and reports what is missing', () => {
    const card = parseModelCard(`---
library_name: lightgbm
model-index:
- name: kestrel-churn
  results:
  - task: {type: tabular-classification}
    dataset: {name: holdout-2025Q2, type: kestrel-crm-2025q2, split: test}
    metrics:
    - {type: pr_auc, value: 0.74}
    - {type: recall}
- name: broken
---
# Card
`);
    expect(card.metadata?.modelIndex).toEqual([
      { model: 'kestrel-churn', task: 'tabular-classification', dataset: 'holdout-2025Q2', split: 'test', metrics: [{ type: 'pr_auc', value: 0.74 }, { type: 'recall', value: null }] },
    ]);
    expect(card.metadata?.problems).toEqual(['model-index metric recall has no value', 'model-index entry broken has no results list']);
  });

  it('strips template boilerplate and label-only bullets', () => {
    expect(stripTemplateText('- Developed by: [More Information Needed]\n- Model type: LightGBM')).toBe('- Model type: LightGBM');
    expect(stripTemplateText('{{ model_description | default("", true) }}')).toBe('');
  });
});
