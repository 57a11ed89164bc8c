// failure-modes precision and recall (#16, #17): a list of controls ("we filter X", "we redact Y") and an alert
// table (alert → threshold → response) are not failure modes; troubleshooting written as problem → cause →
// solution entries is. Each case is a small realistic tree; the llm-app-complete fixture is the full-size case.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/failure-modes.js';
import { classifyFailureColumn, readFailureTable } from '../src/formats/fmea.js';
import { parseMarkdown } from '../src/formats/markdown.js';
import { FIXTURES, findingIds, runCheck, runRaw } from './helpers.js';

const GUARDRAILS = `# Guardrails and answer failure modes

The assistant drafts; an agent sends.

## Prompt injection

Customer text is untrusted. When a customer pastes instructions ("ignore your rules"), the draft may follow them;
the worst case is a bad draft the agent discards. Injection cases in the eval suite must end in a refusal.

## Controls

- **PII redaction before any model call**: Presidio removes phone numbers, e-mail addresses and names from the question.
- **Moderation**: the Bedrock Guardrails policy filters abusive input and output.
- **Refusal and human handoff**: HANDOFF drafts go to the specialist queue with a summary.
- **Output checks**: citations must match retrieved articles; drafts longer than 250 words are flagged.

## Known failure modes

| Failure mode | Effect | Detection | Mitigation |
|---|---|---|---|
| Retired plan fees quoted for a current plan | wrong price in a draft | suite cases per plan; agent feedback | tariff chunks carry validity dates |
| Index stale after a help-centre export fails | outdated answer | \`kb_freshness_hours\` alert | re-run ingestion by hand |
`;

const ALERT_RUNBOOK = `# Monitoring and alerts

Alerts with severity \`page\` go to the on-call engineer; \`ticket\` alerts are handled in working hours.

## Alerts

| Alert | Fires when | Severity | What it means | First response |
|---|---|---|---|---|
| \`DraftErrorRateHigh\` | draft errors above 5 % of requests over 10 minutes | page | agents get no drafts | check the last deploy; roll back |
| \`AnswerLatencyP95High\` | p95 above 8000 ms for 15 minutes | ticket | drafts arrive too slowly | long pasted threads raise latency (failure mode 4) |
| \`KbIndexStale\` | freshness above 36 hours | page | nightly ingestion failed | re-index the corpus |
`;

const TROUBLESHOOTING_README = `# Chat sample

## Limitations

- Graph queries that return large results may reach the token limit for the AI model, producing an error.

# Troubleshooting

1. **_Issue:_** Unable to load chats.

   _Details_: interaction_in_progress: Interaction is currently in progress.

   _Explanation_: The web app shows this error when it is configured for a different tenant from the browser.

   _Solution_: Use a private browser tab or clear your browser credentials.

2. **_Issue:_** Localhost SSL certificate errors / CORS errors

   _Explanation_: Your browser may be blocking the frontend access to the backend.

   _Solution_:

   1. Confirm the backend service is running at \`https://localhost:40443/healthz\`.
   2. Refresh the page.

3. **_Issue:_** Yarn is not working.

   _Explanation_: You may have the wrong Yarn version installed.

   _Solution_: Use the classic version.
`;

const SETUP_TROUBLESHOOTING = `# Service

## Troubleshooting

If the build fails, delete \`node_modules\` and run \`npm ci\` again. On macOS you may need the Xcode command line
tools:

\`\`\`bash
xcode-select --install
\`\`\`
`;

describe('controls and alert tables are not failure modes', () => {
  it('reads the failure table and the hazard section of a guardrails document, not its list of controls', async () => {
    const outcome = await runRaw(check, { 'docs/guardrails.md': GUARDRAILS }, ['docs/guardrails.md']);
    expect(outcome.status).toBe('judged');
    if (outcome.status !== 'judged') return;
    expect(outcome.evidence.find((item) => item.path === 'docs/guardrails.md')?.note).toMatch(/^3 entries/);
    const lines = outcome.findings.filter((finding) => finding.path === 'docs/guardrails.md').map((finding) => finding.line);
    for (const control of [13, 14, 15, 16]) expect(lines).not.toContain(control);
  });

  it('does not read an alert table in a monitoring runbook as an FMEA worksheet', async () => {
    const result = await runCheck(check, { 'docs/runbooks/monitoring-and-alerts.md': ALERT_RUNBOOK });
    expect(result.evidence).toEqual([]);
    expect(findingIds(result)).toEqual(['no-failure-modes']);
  });

  it('classifies "What it means" as no failure-mode column, "What can go wrong" as one', () => {
    expect(classifyFailureColumn('What it means')).not.toBe('mode');
    expect(classifyFailureColumn('What can go wrong')).toBe('mode');
    const alerts = parseMarkdown(ALERT_RUNBOOK).tables[0];
    expect(readFailureTable(alerts)).toBeNull();
  });

  it('still reads a failure table whose detection column names alerts', async () => {
    const table = `# Known issues\n\n| Failure mode | Effect | Alert | Mitigation |\n|---|---|---|---|\n| Feature store lag over 2 hours | stale scores | \`FeatureLagHigh\` | serve the previous day's scores |\n| Scoring job runs out of memory on month-end volumes | no scores for the day | job status alert | rerun with the large instance |\n`;
    const result = await runCheck(check, { 'KNOWN_ISSUES.md': table });
    expect(result.evidence[0]?.note).toMatch(/^2 entries · 2 with condition, effect, detection and mitigation/);
  });

  it('reads an edge-case table keyed by the input or population', async () => {
    const document = `# Failure modes\n\n## Edge cases\n\n| Input or population | Effect | Detection | Mitigation |\n|---|---|---|---|\n| Conversations with more than 20 turns | the draft answers an old question | agent feedback "off topic" | paste the last message only |\n| Customers of the business brand | drafts fall back to consumer rules | brand on the ticket | the app hides the assistant for that brand |\n`;
    const result = await runCheck(check, { 'docs/failure-modes.md': document });
    expect(result.evidence[0]?.note).toMatch(/^2 entries · 2 with condition, effect, detection and mitigation/);
  });
});

describe('troubleshooting written as failure entries', () => {
  it('reads Issue / Explanation / Solution items as failure modes with condition, effect and mitigation', async () => {
    const result = await runCheck(check, { 'README.md': TROUBLESHOOTING_README });
    expect(result.evidence).toEqual([expect.objectContaining({ path: 'README.md', kind: 'failure-modes-section' })]);
    expect(result.evidence[0].note).toMatch(/^4 entries/);
    const incomplete = result.findings.filter((finding) => finding.id === 'entry-incomplete');
    const yarn = incomplete.find((finding) => finding.line === 26);
    expect(yarn?.message).toBe('"Yarn is not working." does not give its detection.');
    expect(findingIds(result)).not.toContain('no-edge-cases'); // the token limit is an input condition
  });

  it('does not read set-up notes under a Troubleshooting heading', async () => {
    const result = await runCheck(check, { 'README.md': SETUP_TROUBLESHOOTING });
    expect(findingIds(result)).toEqual(['no-failure-modes']);
  });
});

const SPEECH_CARD = `---
license: mit
---
# Model Card: Lyre speech recogniser

## Model Details

Lyre is an encoder-decoder speech recognition model released by Example Labs in March 2026.

## Model Use

The models are intended to transcribe and translate speech for researchers and developers building accessibility tools.
In particular, we caution against using Lyre to transcribe recordings of people taken without their consent. We recommend
against use in high-risk domains like decisions about individuals, where flaws in accuracy lead to flaws in outcomes.

## Evaluation

Word error rate on the held-out English test set is 6.1 %.

## Performance and Limitations

Our studies show that the models are robust to background noise and technical language across most benchmarks we ran.

Because the models are trained on weakly supervised data, the predictions may include text that was never spoken in the
audio (hallucination), most often in long silences.

Our models perform unevenly across languages, and we observe lower accuracy on low-resource languages and on some accents
and dialects of the languages we evaluated.

The sequence-to-sequence architecture makes the model prone to repeating text in a loop, which can be mitigated to some
degree by beam search and temperature fallback but not perfectly.
`;

describe('limitations written as paragraphs, uses advised against in prose', () => {
  it('reads each paragraph that says what goes wrong as its own failure mode, and advice against a use as out of scope', async () => {
    const result = await runCheck(check, { 'model-card.md': SPEECH_CARD });
    const card = result.evidence.find((item) => item.path === 'model-card.md');
    expect(card?.note).toMatch(/^3 entries · .* · 1 edge case\(s\) · 2 out-of-scope use\(s\)$/);
    expect(findingIds(result)).not.toContain('no-out-of-scope');
    expect(findingIds(result)).not.toContain('few-entries');
    expect(result.findings.filter((finding) => finding.id === 'entry-incomplete').map((finding) => finding.line)).toEqual([24, 27, 30]);
  });

  it('keeps a single paragraph of limitations one entry', async () => {
    const card = SPEECH_CARD.replace(/## Performance and Limitations[^]*$/, '## Limitations\n\nThe model may hallucinate text in long silences; we filter segments with a low average log-probability.\n');
    const result = await runCheck(check, { 'model-card.md': card });
    expect(result.evidence.find((item) => item.path === 'model-card.md')?.note).toMatch(/^1 entry/);
  });
});

describe('procedures and placeholders are not failure modes', () => {
  const SOP = `# SOP – Risk assessment and mitigation\n\n## Hazard identification\n\n- \`bias_protected_groups\` – disparity > 0.2\n- \`low_accuracy\` – accuracy < 0.75\n- … (extend as needed)\n\n## Review\n\n- Quarterly – full review of open risks.\n`;

  it('does not take a risk procedure (risk_mitigation_sop.md) for a failure-modes document by its name', async () => {
    const result = await runCheck(check, { 'project/docs/sops/risk_mitigation_sop.md': SOP });
    expect(findingIds(result)).toEqual(['no-failure-modes']);
  });

  it('does not read "… (extend as needed)" as a generic statement', async () => {
    const result = await runCheck(check, { 'docs/risks.md': SOP });
    expect(findingIds(result)).not.toContain('generic-statement');
    expect(result.evidence[0]?.note).not.toMatch(/^[0-9]*[3-9] entries/);
  });

  it('names a race between two simultaneous updates as an edge case', async () => {
    const issues = `# Search indexing\n\n## Known issues\n\n- A race condition can occur when two content items with the same id are indexed simultaneously: the index keeps the wrong path.\n- The retry mechanism re-adds failed messages at once, which could lead to the same error many times.\n`;
    // In the project README, which speaks for the whole system (a component guide's known issues are its backlog: below).
    const result = await runCheck(check, { 'README.md': issues });
    expect(findingIds(result)).not.toContain('no-edge-cases');
    expect(result.evidence[0]?.note).toMatch(/^2 entries · .* · 1 edge case/);
  });
});

describe('populations named in a model card', () => {
  it('reads "testing to date has been in English" as a limitation naming a population', async () => {
    const card = SPEECH_CARD.replace(/## Performance and Limitations[^]*$/, '## Ethical Considerations and Limitations\n\nTesting conducted to date has been in English and has not covered all scenarios; the model may produce inaccurate or biased responses. Developers should monitor outputs and run safety tests before deploying.\n');
    const result = await runCheck(check, { 'model-card.md': card });
    expect(findingIds(result)).not.toContain('no-edge-cases');
    const english = await runCheck(check, { 'model-card.md': card.replace('has been in English and ', '') });
    expect(findingIds(english)).toContain('no-edge-cases');
  });
});

describe('the LLM application fixture', () => {
  it('credits its failure-modes document and reads neither the controls list nor the alert table', async () => {
    const outcome = await runRaw(check, path.join(FIXTURES, 'llm-app-complete'), ['docs/failure-modes.md', 'docs/guardrails.md']);
    expect(outcome.status).toBe('judged');
    if (outcome.status !== 'judged') return;
    expect(outcome.evidence.map((item) => item.path)).not.toContain('docs/runbooks/monitoring-and-alerts.md');
    expect(outcome.evidence.find((item) => item.path === 'docs/failure-modes.md')?.note).toMatch(/^16 entries · 16 with condition/);
    expect(outcome.evidence.find((item) => item.path === 'docs/guardrails.md')?.note).toMatch(/^5 entries/);
  });
});

// A developer guide to one component (how the indexer consumes a message queue) speaks for that component: its
// "Known issues" are the component's backlog. They are failure modes of the delivery when the section speaks of the
// model, its answers or the system, or when they stand in the project README, which speaks for the whole.
const CONSUMER_ISSUES = `## Known issues

- The message queue consumer process is single process and single threaded, so one process consumes one message at a time. Run multiple processes for concurrency.
- There isn't any guarantee that messages arrive in order from the publishing queue, so message metadata has to be relied on for integrity.
- There isn't a mechanism to index only a subset of the document types of a schema; should this be needed it should be simple to add.
- The retry mechanism is simplistic: failed items are re-added to the queue and retried as soon as they are reached again.
- We aspire to report only exceptions a developer needs to fix to Sentry, but until we know the common transient errors we report all of them.
`;
const CONSUMER_GUIDE = `# Message queue consumption

The indexer listens to the publishing queue and writes each published page to the search index.

## Adding a new schema

Add the schema name to the list the body parser supports; a schema with HTML in several fields needs its own parser class.

${CONSUMER_ISSUES}`;

describe('known issues of a component guide', () => {
  it('does not read the known issues of a message-queue consumer guide as failure modes of the system', async () => {
    const result = await runCheck(check, { 'docs/message-queue-consumption.md': CONSUMER_GUIDE });
    expect(result.evidence).toEqual([]);
    expect(findingIds(result)).toEqual(['no-failure-modes']);
    expect(result.score).toBe(0);
  });

  it('reads the same list in the project README, which speaks for the whole delivery', async () => {
    const result = await runCheck(check, { 'README.md': `# Guidance chat\n\nAnswers questions about published guidance.\n\n${CONSUMER_ISSUES}` });
    expect(result.evidence).toEqual([expect.objectContaining({ path: 'README.md', kind: 'failure-modes-section' })]);
    expect(result.evidence[0].note).toMatch(/^5 entries/);
  });

  it('reads known issues in a guide when they speak of the answers the system gives', async () => {
    const answers = `# Answer generation\n\nHow a question becomes an answer.\n\n## Known issues\n\n- When a page is withdrawn but still in the index, the model can cite it in answers; the nightly freshness report lists such pages and they are removed by hand.\n- Questions in Welsh get answers in English, because the prompt is written in English; users are told to ask in English.\n`;
    const result = await runCheck(check, { 'docs/answer-generation.md': answers });
    expect(result.evidence).toEqual([expect.objectContaining({ path: 'docs/answer-generation.md', kind: 'failure-modes-section' })]);
    expect(result.evidence[0].note).toMatch(/^2 entries/);
  });
});
