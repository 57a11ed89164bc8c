// Vocabulary families: words and their inflections match on word boundaries, anywhere in a heading.
import { describe, expect, it } from 'vitest';
import { ACCEPTANCE, describeFamily, DEVELOPER_SETUP, EVALUATION, LIMITATIONS, MODEL_CARD_TITLE, OPERATIONS, ROLLBACK, speaks, TURN_OFF } from '../src/formats/vocabulary.js';

describe('vocabulary families', () => {
  const cases: Array<[string, Parameters<typeof speaks>[0], string[], string[]]> = [
    ['limitations', LIMITATIONS, ['Performance and Limitations', '## 4. Known Issues', 'Caveats', 'Failure modes', 'Weaknesses of the model', 'Bias, Risks, and Limitations'], ['Installation', 'Limited edition', 'Riskless rollout', 'Performance']],
    ['rollback', ROLLBACK, ['Rolling back a release', 'Rollbacks', 'Roll back', 'Reverting a deploy', 'Undo the release'], ['Rolling out', 'Background', 'Feedback']],
    ['turning off', TURN_OFF, ['Turning GOV.UK Chat off', 'How to switch the API off', 'Shutting down', 'Kill switch', 'Disabling the web interface'], ['Turnover report', 'Switchboard', 'Offline evaluation']],
    ['operations', OPERATIONS, ['Deleting opted-out end user data in BigQuery', 'Populating OpenSearch', 'Manual build of the search cluster', 'Incident response'], ['Installation', 'Glossary', 'Architecture', 'Getting started']],
    ['developer setup', DEVELOPER_SETUP, ['Local Development/Deployment', 'Installation', 'Getting started', 'Setting up your machine'], ['Turning the service off', 'Rollback']],
    ['model card', MODEL_CARD_TITLE, ['System card: Benefits Assistant', 'Model Card for ticket-router', 'SYSTEM_CARD'], ['Card payments', 'System architecture']],
    ['evaluation', EVALUATION, ['Performance and Limitations', 'Evaluation results', 'Benchmarks'], ['Deployment', 'Architecture']],
    ['acceptance', ACCEPTANCE, ['Acceptance criteria', 'Quality gates', 'Thresholds', 'Accuracy targets'], ['Build targets', 'Gateway configuration']],
  ];
  for (const [name, family, yes, no] of cases) {
    it(`${name}: recognises its words and inflections, not look-alikes`, () => {
      for (const text of yes) expect(speaks(family, text), text).toBe(true);
      for (const text of no) expect(speaks(family, text), text).toBe(false);
    });
  }

  it('describes a family for explain', () => {
    expect(describeFamily(LIMITATIONS)).toMatch(/^limitations: limitation…, known issue…, known problem…, known bug…, caveat…/);
  });
});
