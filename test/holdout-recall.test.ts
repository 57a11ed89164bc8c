// Recall on shapes reviewers found in held-out repositories (#16): a model release card whose limitations
// name a population and are answered under "Recommendations", and training infrastructure (Slurm jobs,
// accelerate/DeepSpeed launch configs, cluster submission code). Each positive has a negative next to it.
import { describe, expect, it } from 'vitest';
import failureModes from '../checks/failure-modes.js';
import { runCheck } from './helpers.js';

type Result = Awaited<ReturnType<typeof runCheck>>;
const criteria = (result: Result) => Object.fromEntries((result.criteria ?? []).map((c) => [c.id, c.value]));

/** A vision backbone's release card: one bias limitation naming a population, answered by its recommendation. */
const RELEASE_CARD = `# Model Card for VisionNet-B

Vision Transformer backbones trained without labels.

## Uses

The models provide features for downstream tasks (classification, retrieval, depth estimation).

## Bias, Risks, and Limitations

Although training used no annotations, we still observe significant biases in our models toward rich households from Western countries.

### Recommendations

Evaluate the features on images from the population you serve before deploying; fine-tuning on narrow labels is expected to amplify these biases.

## Evaluation

See the paper for the protocols.
`;

describe('failure-modes: a release card with one answered, population-specific limitation', () => {
  it('recognises the limitation, its population and its recommendation', async () => {
    const result = await runCheck(failureModes, { 'MODEL_CARD.md': RELEASE_CARD });
    expect(result.score).toBeGreaterThanOrEqual(2);
    expect(criteria(result)['edge-cases']).toBeGreaterThan(0);
    expect(result.findings.find((finding) => finding.id === 'entry-incomplete')?.message).not.toMatch(/mitigation/);
  });

  it('gives no mitigation when the Recommendations section holds only the template prompt', async () => {
    const card = RELEASE_CARD.replace(/Evaluate the features[^\n]*/, '<!-- This section is meant to convey recommendations with respect to the bias, risk, and technical limitations. -->');
    const result = await runCheck(failureModes, { 'MODEL_CARD.md': card });
    expect(result.findings.find((finding) => finding.id === 'entry-incomplete')?.message).toMatch(/mitigation/);
  });

  it('finds no edge case in a limitation that names no population or input', async () => {
    const card = RELEASE_CARD.replace('toward rich households from Western countries', 'on some benchmarks');
    const result = await runCheck(failureModes, { 'MODEL_CARD.md': card });
    expect(criteria(result)['edge-cases']).toBe(0);
  });
});
