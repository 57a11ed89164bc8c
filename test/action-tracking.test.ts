// The tracking issue's pure parts: the audit state embedded in the issue (round trip, tampering, size),
// the comparison with the last audit, and the body (escaping, GitHub's size limit).
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditStateOf, compareAudits, decodeAuditState, encodeAuditState, type AuditState } from '../src/report/audit-state.js';
import type { Report } from '../src/report/report.js';
import { renderClosingComment, renderReopeningComment, renderTrackingIssue, trackingIssueMarker } from '../src/reporters/tracking-issue.js';
import { assertInert } from './action-harness.js';
import { FIXTURES, scanDir } from './helpers.js';

const OUR_TAGS = [/^<!-- ml-handover:tracking-issue key=[A-Za-z0-9._/#@-]+ -->$/, /^<!-- ml-handover:audit-state v1 [A-Za-z0-9+/]+={0,2} -->$/];
const HOSTILE = '--> <script>alert(1)</script> @org/team [x](javascript:alert(1)) ![i](https://evil.example/p.png)';

let complete: Report;
let partial: Report;

beforeAll(async () => {
  complete = await scanDir(path.join(FIXTURES, 'complete-handover'), { policy: { milestone: 'handover' } });
  partial = await scanDir(path.join(FIXTURES, 'partial-delivery'), { policy: { milestone: 'handover' } });
});

const encoded = (state: unknown) => `<!-- ml-handover:audit-state v1 ${Buffer.from(JSON.stringify(state)).toString('base64')} -->`;

describe('audit state', () => {
  it('round-trips through the issue body, hashing findings so no repository text is kept', () => {
    const state = auditStateOf(partial);
    const body = `${trackingIssueMarker('k')}\n${encodeAuditState(state)}\n## text`;
    expect(decodeAuditState(body)).toEqual(state);
    expect(state.findings!.length).toBeGreaterThan(10);
    expect(state.findings!.every((hash) => /^[0-9a-f]{12}$/.test(hash))).toBe(true);
    expect(state.checks.find((check) => check.id === 'decision-records')).toEqual({ id: 'decision-records', score: expect.any(Number), status: 'fail' });
    expect(Buffer.from(/v1 (\S+) -->/.exec(body)![1], 'base64').toString()).not.toContain('docs/decisions');
  });

  it('cannot be broken out of: whatever it holds, the line is base64 inside one comment', () => {
    const state = { ...auditStateOf(partial), generatedAt: HOSTILE };
    expect(encodeAuditState(state)).toMatch(/^<!-- ml-handover:audit-state v1 [A-Za-z0-9+/]+={0,2} -->$/);
  });

  it.each([
    ['no state at all', '## an issue someone wrote'],
    ['not base64', '<!-- ml-handover:audit-state v1 not*base64 -->'],
    ['not JSON', `<!-- ml-handover:audit-state v1 ${Buffer.from('{oops').toString('base64')} -->`],
    ['a score out of range', encoded({ generatedAt: '2026-01-01', score: 1000, passed: true, checks: [], findings: [] })],
    ['a check with an unknown status', encoded({ generatedAt: '2026-01-01', score: 50, passed: false, checks: [{ id: 'runbooks', score: 3, status: 'great' }], findings: [] })],
    ['findings that are not our hashes', encoded({ generatedAt: '2026-01-01', score: 50, passed: false, checks: [], findings: ['docs/adr/0001.md'] })],
    ['a commit that is not a sha', encoded({ generatedAt: '2026-01-01', commit: '<b>x</b>', score: 50, passed: false, checks: [], findings: [] })],
    ['an oversized state', `<!-- ml-handover:audit-state v1 ${'A'.repeat(70 * 1024)} -->`],
    ['an unterminated comment', `<!-- ml-handover:audit-state v1 ${Buffer.from('{}').toString('base64')}`],
  ])('reads %s as no state', (_, body) => {
    expect(decodeAuditState(body)).toBeNull();
  });

  it('compares with the last audit: score, regressed and improved checks, new and fixed findings', () => {
    const change = compareAudits(auditStateOf(complete), partial);
    expect(change.previous).toMatchObject({ score: complete.score, passed: true });
    expect(change.scoreDelta).toBe(partial.score - complete.score);
    expect(change.regressed.map((check) => check.id)).toContain('decision-records');
    expect(change.improved).toEqual([]);
    expect(change.newFindings!.length).toBeGreaterThan(10);
    expect(change.newFindings!.some(({ check, finding }) => check.id === 'decision-records' && finding.id === 'broken-link')).toBe(true);
    const back = compareAudits(auditStateOf(partial), complete);
    expect(back.improved.map((check) => check.id)).toContain('decision-records');
    expect(back.fixed).toBe(auditStateOf(partial).findings!.filter((hash) => !auditStateOf(complete).findings!.includes(hash)).length);
    const same = compareAudits(auditStateOf(partial), partial);
    expect(same).toMatchObject({ scoreDelta: 0, regressed: [], improved: [], newFindings: [], fixed: 0 });
  });

  it('does not count new and fixed findings when the last audit had too many to track', () => {
    const untracked: AuditState = { ...auditStateOf(partial), findings: null };
    expect(decodeAuditState(encodeAuditState(untracked))).toEqual(untracked);
    expect(compareAudits(untracked, partial)).toMatchObject({ newFindings: null, fixed: null });
    const body = renderTrackingIssue(partial, { key: 'k', state: auditStateOf(partial), change: compareAudits(untracked, partial) });
    expect(body).toContain('- Findings: too many to compare one by one; see the checklist');
  });
});

describe('tracking issue body', () => {
  function hostile(report: Report): Report {
    const copy = structuredClone(report);
    copy.target.path = `vendor ${HOSTILE}`;
    copy.gate.reasons.push(`required check ${HOSTILE}`);
    const records = copy.checks.find((check) => check.id === 'decision-records')!;
    records.title = `Decisions ${HOSTILE}`;
    records.findings.push({ id: 'unknown-status', severity: 'error', message: `Status ${HOSTILE}`, path: `docs/adr/${HOSTILE}.md`, line: 3, remediation: `Fix ${HOSTILE}` });
    records.evidence.push({ path: `docs/adr/${HOSTILE}.md`, kind: 'adr', note: HOSTILE });
    return copy;
  }

  it('renders repository text inert: no tag, link, image or mention escapes', () => {
    const report = hostile(partial);
    const change = compareAudits(auditStateOf(complete), report);
    const body = renderTrackingIssue(report, { key: 'Handover audit: kestrel', state: auditStateOf(report), change, runUrl: 'https://github.com/o/r/actions/runs/9' });
    expect(body.split('\n')[0]).toBe('<!-- ml-handover:tracking-issue key=Handover_audit__kestrel -->');
    expect(body).toContain('&lt;script>'); // the hostile text is there, escaped
    assertInert(body, ['https://github.com/o/r/actions/runs/9'], OUR_TAGS);
    assertInert(renderReopeningComment(report, change), []);
    assertInert(renderClosingComment(hostile(complete), compareAudits(auditStateOf(report), hostile(complete))), []);
    // The hidden state line survives the hostile body and reads back.
    expect(decodeAuditState(body)).toEqual(auditStateOf(report));
  });

  it('says when the last audit cannot be read, and when there was none', () => {
    expect(renderTrackingIssue(partial, { key: 'k', state: auditStateOf(partial), change: null })).toContain('First audit of this engagement');
    expect(renderTrackingIssue(partial, { key: 'k', state: auditStateOf(partial), change: null, previousUnreadable: true })).toContain('could not be read (was the body edited?)');
  });

  it('stays under GitHub\'s 65,536-character limit with a huge report, keeping the marker and the state', () => {
    const huge = structuredClone(partial);
    // Custom checks from a buyer policy can add many more checks than the built-in ones.
    huge.checks.push(...Array.from({ length: 40 }, (_, i) => ({ ...structuredClone(huge.checks[0]), id: `custom-${i}`, title: `Contract clause ${i}` })));
    for (const check of huge.checks) {
      check.findings = Array.from({ length: 200 }, (_, i) => ({ id: `f${i}`, severity: 'error' as const, message: `Finding ${i} ${'long text '.repeat(60)}`, path: `docs/${check.id}/${i}.md`, line: i + 1, remediation: 'Do it. '.repeat(60) }));
      check.status = 'fail';
    }
    const change = compareAudits(auditStateOf(complete), huge);
    const body = renderTrackingIssue(huge, { key: 'k', state: auditStateOf(huge), change });
    expect(body.length).toBeLessThanOrEqual(60_000);
    expect(body.split('\n')[0]).toBe(trackingIssueMarker('k'));
    expect(decodeAuditState(body)).toMatchObject({ score: huge.score, findings: null }); // over the tracking cap
    expect(body).toContain("the checklist is cut here at GitHub's size limit");
    expect(body).toContain('### Since the last audit');
    expect(body).toContain('- Findings: too many to compare one by one');
  });
});
