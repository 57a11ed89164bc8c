import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/failure-modes.js';
import { FIXTURES, findingIds, runCheck, runRaw } from './helpers.js';
import { HF_TEMPLATE_ONLY, MITCHELL_CARD } from './model-card-samples.js';

const at = (result: { findings: Array<{ id: string; path?: string; line?: number }> }, id: string) =>
  result.findings.filter((finding) => finding.id === id).map((finding) => `${finding.path}:${finding.line}`);

/** An AIAG-style worksheet with the long column names and one row whose RPN is wrong. */
const AIAG_FMEA = `# FMEA: recommendation service

| Process step | Potential Failure Mode | Potential Effect(s) of Failure | Severity | Potential Cause(s) | Occurrence | Current Controls (Prevention) | Current Controls (Detection) | Detection | RPN | Recommended Action |
|---|---|---|---|---|---|---|---|---|---|---|
| Feature join | Item embeddings stale after catalogue reload | Recommends delisted products | 7 | Embedding job skipped when the catalogue export is late | 4 | Job dependency on the export sensor | Freshness check on embedding table (> 26 h alerts) | 3 | 84 | Block serving on stale embeddings; fall back to popularity ranking |
| Ranking | Popularity bias for new users with no history | New users see the same top-50 items; low click-through | 5 | Cold start: no interaction history | 8 | Onboarding quiz seeds preferences | CTR dashboard split by user age (days since sign-up) | 4 | 160 | Blend in content-based candidates for users under 7 days |
| Serving | Model server out of memory on large carts | 5xx errors at checkout | 8 | Carts over 200 items | 2 | Request size limit | 5xx alert on the gateway | 2 | 99 | Cap cart length at 200 before scoring; autoscale on memory |
`;

describe('failure-modes on the fixtures', () => {
  it('passes the complete handover: FMEA worksheet, edge cases and out-of-scope uses', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(9);
    const document = result.evidence.find((item) => item.path === 'docs/failure-modes.md');
    expect(document).toMatchObject({ kind: 'failure-modes-document' });
    expect(document?.note).toContain('1 FMEA table(s), 6 row(s)');
    expect(document?.note).toMatch(/9 entries · 9 with condition, effect, detection and mitigation/);
    expect(result.evidence.some((item) => item.path === 'MODEL_CARD.md' && item.kind === 'model-card-limitations')).toBe(true);
    expect(findingIds(result)).toEqual([]);
  });

  it('fails the notebook dump with no-failure-modes and every criterion at 0', async () => {
    const outcome = await runRaw(check, path.join(FIXTURES, 'notebook-dump'));
    expect(outcome.status === 'judged' && Object.values(outcome.criteria)).toEqual([0, 0, 0, 0]);
    const result = await runCheck(check, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('fail');
    expect(findingIds(result)).toEqual(['no-failure-modes']);
    expect(result.findings[0].remediation).toMatch(/docs\/failure-modes\.md/);
  });

  it('names each defect of the partial delivery with file and line', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).not.toBe('pass');
    expect(at(result, 'generic-statement')).toEqual(['KNOWN_ISSUES.md:8']);
    expect(at(result, 'entry-incomplete')).toEqual(['KNOWN_ISSUES.md:6']);
    expect(result.findings.find((finding) => finding.id === 'entry-incomplete')?.message).toMatch(/detection, mitigation/);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['few-entries', 'no-out-of-scope']));
  });
});

describe('failure-modes recognition', () => {
  it('reads an AIAG FMEA worksheet and checks RPN = S×O×D', async () => {
    const result = await runCheck(check, { 'docs/FMEA.md': AIAG_FMEA, 'MODEL_CARD.md': MITCHELL_CARD });
    expect(result.evidence.find((item) => item.path === 'docs/FMEA.md')?.note).toContain('1 FMEA table(s), 3 row(s)');
    expect(at(result, 'rating-inconsistent')).toEqual(['docs/FMEA.md:7']);
    expect(result.findings.find((finding) => finding.id === 'rating-inconsistent')?.message).toMatch(/RPN 99 is not S×O×D = 8×2×2 = 32/);
    expect(result.status).toBe('pass');
  });

  it('reads AIAG-VDA tables with Action Priority instead of RPN', async () => {
    const table = `# Risks\n\n| Failure mode | Effect | S | O | D | AP | Detection | Mitigation |\n|---|---|---|---|---|---|---|---|\n| Label delay over 60 days | Retraining uses immature labels | 6 | 5 | 5 | M | Label-maturity check in the training DAG | Train only on snapshots older than 60 days |\n`;
    const outcome = await runRaw(check, { 'RISKS.md': table });
    expect(outcome.status === 'judged' && outcome.evidence[0].note).toContain('1 FMEA table(s), 1 row(s)');
    expect(outcome.status === 'judged' && outcome.criteria.concrete).toBe(1);
  });

  it('reads known issues written as sub-sections with labelled fields', async () => {
    const doc = `# Known issues

## Scanned PDFs with rotated pages

- **Condition:** pages rotated by 90° in scanned supplier PDFs.
- **Effect:** OCR returns empty text and the extractor outputs no line items.
- **Detection:** empty-extraction rate per supplier on the Grafana board; alert above 5 %.
- **Mitigation:** the pre-processor auto-rotates pages by text orientation; manual review queue otherwise.

## Invoices in currencies without minor units

- **Condition:** JPY and KRW invoices.
- **Effect:** amounts are multiplied by 100.
- **Detection:** reconciliation job flags totals that differ from the ERP.
- **Mitigation:** currency exponent table from ISO 4217 applied before parsing.
`;
    const outcome = await runRaw(check, { 'docs/KNOWN_ISSUES.md': doc });
    expect(outcome.status).toBe('judged');
    if (outcome.status !== 'judged') return;
    expect(outcome.evidence[0]).toMatchObject({ path: 'docs/KNOWN_ISSUES.md', kind: 'failure-modes-document' });
    expect(outcome.evidence[0].note).toMatch(/^2 entries · 2 with condition, effect, detection and mitigation/);
    expect(outcome.criteria.concrete).toBe(1);
    expect(outcome.findings.map((finding) => finding.id)).toEqual(expect.arrayContaining(['few-entries', 'no-out-of-scope']));
  });

  it('reads list-style known issues and reports the missing facets per item', async () => {
    const doc = `# Limitations

- When a store closes for renovation, its demand is over-forecast for weeks; planners notice the gap in
  the weekly accuracy report and zero the forecast by hand.
- Promotions on new products are under-forecast.
- Forecasts for stores opened less than 8 weeks ago fall back to the cluster average.
`;
    const result = await runCheck(check, { 'LIMITATIONS.md': doc });
    expect(result.evidence[0].note).toMatch(/^3 entries/);
    expect(at(result, 'entry-incomplete')).toEqual(['LIMITATIONS.md:5', 'LIMITATIONS.md:6']);
    expect(result.status).not.toBe('pass');
  });

  it('finds docs/risks/ folders and failure sections inside other documents', async () => {
    const runbook = `# Operations\n\n## Deploy\n\nRun the deploy job.\n\n## Known failure modes\n\n| Failure mode | Effect | Detection | Mitigation |\n|---|---|---|---|\n| Feature store lag over 2 h | Scores use yesterday's features | Lag gauge alert | Serve cached scores and page data-eng |\n`;
    const risk = `# Risk: vendor API quota\n\nWhen the geocoding vendor's daily quota runs out, addresses are not geocoded and distance features\nare null, so scores drift low. Detected by the null-rate alert; mitigated by the offline geocoder fallback.\n`;
    const outcome = await runRaw(check, { 'docs/operations.md': runbook, 'docs/risks/vendor-quota.md': risk, 'docs/risks/README.md': '# Risks\n\nOne file per risk.\n' });
    expect(outcome.status === 'judged' && outcome.evidence.map((item) => `${item.kind} ${item.path}`)).toEqual([
      'failure-modes-document docs/risks/vendor-quota.md',
      'failure-modes-section docs/operations.md',
    ]);
  });

  it('reads Croissant rai:dataLimitations and reports unparsable metadata', async () => {
    const croissant = JSON.stringify({
      '@context': { '@vocab': 'https://schema.org/', rai: 'http://mlcommons.org/croissant/RAI/' },
      '@type': 'Dataset',
      name: 'customers',
      'rai:dataLimitations': ['Customers under 30 days of tenure have too little history; their labels are noisy and scores unreliable.'],
    });
    const outcome = await runRaw(check, { 'data/croissant.json': croissant, 'data/other/croissant.json': '{"rai:dataLimitations": [' });
    expect(outcome.status).toBe('judged');
    if (outcome.status !== 'judged') return;
    expect(outcome.evidence).toEqual([expect.objectContaining({ path: 'data/croissant.json', kind: 'croissant-rai', note: '1 rai:dataLimitations entry' })]);
    expect(outcome.findings.filter((finding) => finding.id === 'unparsed-file').map((finding) => finding.path)).toEqual(['data/other/croissant.json']);
    expect(outcome.findings.map((finding) => finding.id)).toContain('only-in-model-card');
  });
});

describe('failure-modes judging', () => {
  it('treats a single generic sentence as a finding, not a failure mode', async () => {
    const result = await runCheck(check, { 'LIMITATIONS.md': '# Limitations\n\nThe model may make mistakes and should be used with caution.\n' });
    expect(at(result, 'generic-statement')).toEqual(['LIMITATIONS.md:1']);
    expect(result.status).toBe('fail');
    expect(result.score).toBeLessThan(2);
  });

  it('caps failure modes found only in model card limitations', async () => {
    const outcome = await runRaw(check, { 'MODEL_CARD.md': MITCHELL_CARD });
    expect(outcome.status).toBe('judged');
    if (outcome.status !== 'judged') return;
    expect(outcome.evidence).toEqual([expect.objectContaining({ path: 'MODEL_CARD.md', kind: 'model-card-limitations' })]);
    expect(outcome.findings.map((finding) => finding.id)).toContain('only-in-model-card');
    expect(outcome.criteria.documented).toBeLessThanOrEqual(0.8);
    expect(outcome.criteria['out-of-scope']).toBe(0.5);
  });

  it('finds nothing in a template-only card', async () => {
    const result = await runCheck(check, { 'README.md': HF_TEMPLATE_ONLY });
    expect(findingIds(result)).toEqual(['no-failure-modes']);
    expect(result.score).toBe(0);
  });

  it('does not count a file of empty headings', async () => {
    const result = await runCheck(check, { 'docs/failure-modes.md': '# Failure modes\n\n## Data\n\n## Serving\n\n<!-- TODO -->\n' });
    expect(findingIds(result)).toEqual(['no-failure-modes']);
    expect(result.findings[0].message).toMatch(/hold no entries/);
  });

  it('reads hostile input without crashing', async () => {
    const huge = '| Failure mode | Effect | S |\n|---|---|---|\n' + '| x | y | 1 |\n'.repeat(20_000);
    const nested = '- a\n' + Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i + 1)}- b`).join('\n');
    const outcome = await runRaw(check, {
      'KNOWN_ISSUES.md': new Uint8Array([0, 159, 146, 150, 0, 0]),
      'docs/risks/big.md': huge,
      'docs/risks/nested.md': nested,
      'failure-modes.md': '<!-- never closed\n- a\n- b\n',
    });
    expect(outcome.status).toBe('judged');
  });
});

describe('failure modes under other headings and names', () => {
  const SYSTEM_CARD = `# System card: Benefits Assistant

## System details

The Benefits Assistant answers questions with a retrieval-augmented LLM over published guidance, version 1.4.

## Intended use

Members of the public asking about eligibility; not for legal advice or deciding individual claims.

## Evaluation

Answer accuracy 0.93 on the held-out set of 1,200 questions, against a target of at least 0.90.

## Performance and Limitations

- Answers about devolved benefits in Scotland are often incomplete when fewer guidance pages cover them.
- Questions mixing two benefits in one sentence are answered for only one of them.
- Latency rises above 8 seconds when the search cluster is under heavy load.
`;

  it('counts a "Performance and Limitations" section of a system card', async () => {
    const result = await runCheck(check, { 'SYSTEM_CARD.md': SYSTEM_CARD });
    const card = result.evidence.find((e) => e.kind === 'model-card-limitations');
    expect(card?.path).toBe('SYSTEM_CARD.md');
    expect(result.criteria.find((c) => c.id === 'documented')?.value).toBeGreaterThan(0);
  });

  it("does not count a library's known issues in its change log, but does when they are about the model", async () => {
    const library = await runCheck(check, { 'CHANGELOG.md': '# Changelog\n\n## 2.1.0\n\n### Known issues\n\n- Parsing dates before 1900 raises an error in strict mode.\n- The CLI ignores the --quiet flag on Windows.\n' });
    expect(library.evidence.filter((e) => e.path === 'CHANGELOG.md')).toEqual([]);
    const model = await runCheck(check, { 'CHANGELOG.md': '# Changelog\n\n## 2.1.0\n\n### Known issues\n\n- The model under-predicts churn for customers with tenure below 3 months.\n- Recall drops to 0.61 on accounts from the new region.\n' });
    expect(model.evidence.filter((e) => e.path === 'CHANGELOG.md').map((e) => e.kind)).toEqual(['failure-modes-section']);
  });
});
