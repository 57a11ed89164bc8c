import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/decision-records.js';
import { parseDecisionRecord } from '../src/formats/adr.js';
import { FIXTURES, findingIds, runCheck } from './helpers.js';

const nygard = (n: number, title: string, status: string, date = `2025-0${n}-10`) => `# ${n}. ${title}

Date: ${date}

## Status

${status}

## Context

The scoring service must answer within 150 ms while reading features from the warehouse replica.

## Decision

We will cache the 60 model features per customer in Redis with a one-hour expiry, refreshed by the batch job.

## Consequences

Latency drops below budget. Features can be up to an hour stale, and Redis becomes a dependency to run.
`;

describe('decision record parsing', () => {
  it('reads an adr-tools record, including the tool\'s "Superceded by" spelling', () => {
    const record = parseDecisionRecord('doc/adr/0002-x.md', nygard(2, 'Cache features', 'Superceded by [3. Feature store](0003-feature-store.md)'));
    expect(record).toMatchObject({ flavour: 'nygard', fileNumber: 2, titleNumber: 2, status: 'superseded', date: { iso: '2025-02-10' } });
    expect(record.links).toEqual([{ relation: 'superseded-by', target: '0003-feature-store.md', line: 7 }]);
    expect(record.title?.text).toBe('Cache features');
  });

  it('reads MADR 3/4 front matter and nested consequences', () => {
    const record = parseDecisionRecord(
      'docs/decisions/0004-x.md',
      `---\nstatus: accepted\ndate: 2025-06-02\ndecision-makers: [a]\n---\n\n# Serve online\n\n## Context and Problem Statement\n\nAgents need fresh scores during the call, and nightly scores are a day old.\n\n## Considered Options\n\n- Batch\n- Online API\n\n## Decision Outcome\n\nChosen option: online API, because it keeps data inside the network.\n\n### Consequences\n\n- Good, because scores are fresh for every single call made.\n`,
    );
    expect(record).toMatchObject({ flavour: 'madr', status: 'accepted', date: { iso: '2025-06-02' }, consideredOptions: 2 });
    expect(record.context?.text).toMatch(/Agents need fresh scores/);
    expect(record.consequences?.text).toMatch(/scores are fresh/);
  });

  it('reads MADR 2 bullets and log4brains dated names', () => {
    const madr2 = parseDecisionRecord('docs/adr/0001-x.md', '# Use X\n\n* Status: proposed\n* Deciders: team\n* Date: 2025-01-05\n\n## Context and Problem Statement\n\nText.\n');
    expect(madr2).toMatchObject({ status: 'proposed', date: { iso: '2025-01-05' } });
    const l4b = parseDecisionRecord('docs/adr/20250301-use-x.md', '# Use X\n\n- Status: accepted\n- Tags: backend\n\n## Context and Problem Statement\n\nText.\n');
    expect(l4b).toMatchObject({ flavour: 'log4brains', status: 'accepted', date: { iso: '2025-03-01' }, fileNumber: null });
  });

  it('treats template text as empty', () => {
    const record = parseDecisionRecord('doc/adr/0001-x.md', "# 1. X\n\n## Status\n\nAccepted\n\n## Context\n\nWhat is the issue that we're seeing that is motivating this decision or change?\n\n## Decision\n\n{Describe the decision}\n");
    expect(record.context?.text).toBe('');
    expect(record.decision?.text).toBe('');
    expect(record.placeholders).toEqual([7, 11]);
  });

  it('recognises a Y-statement', () => {
    const record = parseDecisionRecord('docs/adr/0001-y.md', '# Scores\n\nIn the context of the retention call list, facing day-old scores, we decided for an online API and against batch-only, to achieve fresh scores, accepting an on-call duty.\n');
    expect(record.flavour).toBe('y-statement');
    expect(record.decision?.text).toMatch(/we decided for/);
  });
});

describe('decision-records check', () => {
  it('passes complete Nygard records spread over months, with every record as evidence', async () => {
    const result = await runCheck(check, {
      '.adr-dir': 'architecture/decisions\n',
      'architecture/decisions/0001-a.md': nygard(1, 'Record decisions', 'Accepted'),
      'architecture/decisions/0002-b.md': nygard(2, 'Cache features', 'Superseded by [3. Store](0003-c.md)'),
      'architecture/decisions/0003-c.md': nygard(3, 'Feature store', 'Accepted'),
      'architecture/decisions/README.md': '# Index',
    });
    expect(result.status).toBe('pass');
    expect(result.score).toBe(10);
    expect(result.evidence.map((e) => e.path)).toEqual(['architecture/decisions/0001-a.md', 'architecture/decisions/0002-b.md', 'architecture/decisions/0003-c.md']);
    expect(result.findings).toEqual([]);
  });

  it('fails with a remediation when there are none', async () => {
    const result = await runCheck(check, { 'notebooks/a.ipynb': '{}', 'README.md': '# hi' });
    expect(result.status).toBe('fail');
    expect(result.score).toBe(0);
    expect(result.evidence).toEqual([]);
    expect(findingIds(result)).toEqual(['no-records']);
    expect(result.findings[0].remediation).toMatch(/docs\/adr\/NNNN-title\.md/);
  });

  it('does not pass a pile of empty template records', async () => {
    const template = "# 1. Title\n\nDate: 2025-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWhat is the issue that we're seeing that is motivating this decision or change?\n\n## Decision\n\nThe change that we're proposing or have agreed to implement.\n\n## Consequences\n\nWhat becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.\n";
    const result = await runCheck(check, {
      'doc/adr/0001-a.md': template,
      'doc/adr/0002-b.md': template.replace('# 1.', '# 2.'),
      'doc/adr/0003-c.md': template.replace('# 1.', '# 3.'),
    });
    expect(result.status).toBe('fail');
    expect(findingIds(result)).toContain('template-placeholder');
  });

  it('names broken links, duplicates, gaps and missing parts with file and line', async () => {
    const result = await runCheck(check, {
      'docs/adr/0001-a.md': nygard(1, 'A', 'Superseded by [9. Gone](0009-gone.md)'),
      'docs/adr/0001-b.md': nygard(1, 'B', 'Accepted'),
      'docs/adr/0004-c.md': '# 4. C\n\n## Status\n\nshipped\n',
    });
    const ids = findingIds(result);
    expect(ids).toEqual(expect.arrayContaining(['broken-link', 'numbering-duplicate', 'numbering-gap', 'unknown-status', 'missing-context', 'missing-decision', 'missing-consequences']));
    expect(result.findings.find((f) => f.id === 'broken-link')).toMatchObject({ path: 'docs/adr/0001-a.md', line: 7 });
    expect(result.findings.find((f) => f.id === 'unknown-status')).toMatchObject({ path: 'docs/adr/0004-c.md', line: 3 });
    expect(result.status).not.toBe('pass');
  });

  it('flags records all written on one day', async () => {
    const result = await runCheck(check, {
      'docs/adr/0001-a.md': nygard(1, 'A', 'Accepted', '2025-09-30'),
      'docs/adr/0002-b.md': nygard(2, 'B', 'Accepted', '2025-09-30'),
      'docs/adr/0003-c.md': nygard(3, 'C', 'Accepted', '2025-10-01'),
    });
    expect(findingIds(result)).toContain('written-at-once');
  });

  it('an unfilled template is not a record; a change log dates a record and gives its status (#17)', async () => {
    // An EdgeX-style template kept next to the records, and one record written from it: its status and date
    // are in the "Change Log" list, not in a Status section or a Date line.
    const edgex = (submitter: string, log: string, context: string, decision: string) =>
      `# Architecture Decision Record (ADR) template <!-- Replace with ADR title -->\n\n### Submitters\n\n- ${submitter}\n\n## Change Log\n\nList the changes to the document, incl. state, date, and PR URL.\n\nDate is an ISO 8601 (YYYY-MM-DD) string.\n\n${log}\n\n## Context\n\n${context}\n\n## Decision\n\n${decision}\n`;
    const template = edgex('Name (Organization)', '- \\[Status of ADR e.g. approved, amended, etc.\\]\\(URL of pull request\\) YYYY-MM-DD', 'Describe:', 'Document any agreed upon important implementation detail, caveats, future considerations.');
    const filled = edgex(
      'Priya Raman',
      '- [ADR in review](https://github.com/kestrel/chat/pull/330) 2024-05-13',
      'We need evaluation of retrieval answers before each release, so that regressions in groundedness are caught before users see them.',
      'We will score every release candidate with the DeepEval faithfulness and answer-relevancy metrics on a fixed set of 120 questions.',
    );
    const tabled = `# Use pgvector for retrieval\n\n## Context\n\nThe service already runs Postgres, and a second datastore would need its own backups and on-call rota.\n\n## Decision\n\nWe will store embeddings in Postgres with the pgvector extension and an HNSW index per collection.\n\n## Consequences\n\nOne datastore to operate. Index builds lock the table for minutes, so they run in the weekly maintenance window.\n\n## History\n\n| Date | Change |\n| --- | --- |\n| 2024-03-04 | Proposed |\n| 2024-03-18 | Accepted after the load test |\n`;
    const result = await runCheck(check, { 'docs/architecture/adr/template_edgex.md': template, 'docs/architecture/adr/rag_evaluation.md': filled, 'docs/architecture/adr/pgvector.md': tabled });
    expect(result.evidence.filter((entry) => entry.kind === 'adr-template').map((entry) => [entry.path, entry.note])).toEqual([
      ['docs/architecture/adr/template_edgex.md', 'named as a template (template_edgex): not counted as a record'],
    ]);
    const notes = Object.fromEntries(result.evidence.filter((entry) => entry.kind === 'decision-record').map((entry) => [entry.path, entry.note]));
    expect(notes['docs/architecture/adr/rag_evaluation.md']).toContain('proposed · 2024-05-13');
    expect(notes['docs/architecture/adr/pgvector.md']).toContain('accepted · 2024-03-04');
    expect(result.findings.some((finding) => finding.path?.endsWith('template_edgex.md'))).toBe(false);
    expect(result.findings.filter((finding) => finding.id === 'missing-status' || finding.id === 'undated')).toEqual([]);
    expect(result.findings.find((finding) => finding.id === 'few-records')?.message).toBe('2 record file(s) (besides 1 template(s), not counted), of which 2 state a complete decision.');
  });

  it('uses policy locations', async () => {
    const result = await runCheck(check, { 'wiki/choices/0001-a.md': nygard(1, 'A', 'Accepted') }, { checks: { 'decision-records': { locations: ['wiki/choices'] } } });
    expect(result.evidence.map((e) => e.path)).toEqual(['wiki/choices/0001-a.md']);
  });

  it('passes the complete-handover fixture with every record in evidence', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.evidence.map((e) => e.path)).toEqual([
      'docs/adr/0001-record-architecture-decisions.md',
      'docs/adr/0002-gradient-boosted-trees-for-churn.md',
      'docs/adr/0003-nightly-batch-scoring.md',
      'docs/adr/0004-online-scoring-api.md',
    ]);
  });

  it('fails the notebook dump and scores the partial delivery in between', async () => {
    const dump = await runCheck(check, path.join(FIXTURES, 'notebook-dump'));
    expect(dump.status).toBe('fail');
    expect(dump.findings[0].remediation).toBeTruthy();
    const partial = await runCheck(check, path.join(FIXTURES, 'partial-delivery'));
    expect(partial.status).not.toBe('pass');
    expect(partial.score).toBeGreaterThan(0);
    expect(findingIds(partial)).toEqual(expect.arrayContaining(['template-placeholder', 'numbering-duplicate', 'broken-link', 'unknown-status']));
  });
});
