// Nothing for nothing: a criterion with nothing to examine earns nothing, and one that cannot apply leaves the
// weight with its reason in the coverage. An empty folder scores 0; a README alone stays under 10.
import { describe, expect, it } from 'vitest';
import reportSchema from '../schemas/report.schema.json' with { type: 'json' };
import { defineCheck, type CheckOutcome } from '../src/check.js';
import type { Report } from '../src/report/report.js';
import { compileSchema } from '../src/schemas.js';
import { gateStanding } from '../src/scoring/score.js';
import { makeTree, scanDir, tempDir } from './helpers.js';
import { makeGitRepo } from './remote-fixtures.js';

const README = '# Churn model\n\nResearch code for a churn classifier. Ask the data team for access.\n';

const validate = compileSchema<Report>(reportSchema);

function criteriaEarning(report: Report): string[] {
  return report.checks.flatMap((check) => check.criteria.filter((criterion) => criterion.value > 0).map((criterion) => `${check.id}/${criterion.id}=${criterion.value}`));
}

function withoutValue(entry: string): string {
  return entry.slice(0, entry.indexOf('='));
}

function excluded(report: Report, id: string): Record<string, string | undefined> {
  const check = report.checks.find((candidate) => candidate.id === id)!;
  return Object.fromEntries(check.criteria.filter((criterion) => criterion.excluded).map((criterion) => [criterion.id, criterion.excluded]));
}

describe('every check, on repositories with nothing to hand over', () => {
  it('an empty folder scores 0: no criterion earns anything', async () => {
    const report = await scanDir(tempDir('mlh-empty-'));
    expect(report.score).toBe(0);
    expect(criteriaEarning(report)).toEqual([]);
    expect(report.checks.filter((check) => check.score !== null && check.score > 0).map((check) => check.id)).toEqual([]);
    // What could not be examined left the weight, with the reason, rather than earning a fallback.
    expect(excluded(report, 'secrets')).toEqual({ tree: 'not-applicable', history: 'unsupported' });
    expect(excluded(report, 'data-protection')).toEqual({ clean: 'not-applicable' });
    expect(report.coverage.notApplicable).toContainEqual({ id: 'secrets', criterion: 'tree', reason: 'no text file in the working tree to scan' });
    expect(report.coverage.notApplicable).toContainEqual({ id: 'data-protection', criterion: 'clean', reason: expect.stringMatching(/^no data file/) });
    expect(report.coverage.unsupported).toContainEqual({ id: 'secrets', criterion: 'history', reason: expect.stringMatching(/^git history not scanned/) });
    expect(validate(report).ok ? [] : (validate(report) as { all: unknown[] }).all).toEqual([]);
  });

  it('a folder holding only a README scores under 10, and only for what was examined', async () => {
    const report = await scanDir(makeTree({ 'README.md': README }));
    expect(report.score).toBeLessThan(10);
    // The README was read for secrets and found clean, and its few words are a (very) thin README; nothing else earns.
    expect(criteriaEarning(report).map(withoutValue)).toEqual(['secrets/tree', 'ownership/readme']);
    expect(report.checks.find((check) => check.id === 'ownership')!.score).toBeLessThan(1);
    expect(report.checks.find((check) => check.id === 'licensing')!.criteria.map((criterion) => criterion.value)).toEqual([0, 0, 0]);
  });

  it('a git repository with one commit and only a README scores under 10', async () => {
    const report = await scanDir(await makeGitRepo({ 'README.md': README }));
    expect(report.score).toBeLessThan(10);
    // One clean commit is history examined: it counts, unlike the no-history fallback it replaces.
    expect(criteriaEarning(report).map(withoutValue)).toEqual(['secrets/tree', 'secrets/history', 'ownership/readme']);
    expect(report.coverage.unsupported).toEqual([]);
  });
});

describe('the engine: criteria that leave the weight', () => {
  const outcome = (values: Record<string, number>, extra: Partial<Extract<CheckOutcome, { status: 'judged' }>> = {}): CheckOutcome => ({
    status: 'judged',
    criteria: values,
    evidence: [],
    findings: [],
    ...extra,
  });
  const probe = (result: () => CheckOutcome) =>
    defineCheck({
      id: 'probe',
      title: 'Probe',
      rationale: 'Exercises the scoring of criteria that do not apply.',
      defaultWeight: 1,
      criteria: [
        { id: 'present', title: 'Present', weight: 3 },
        { id: 'linked', title: 'Linked', weight: 1 },
      ],
      findings: {},
      scale: { high: 'all', low: 'none' },
      recognises: [],
      run: async () => result(),
    });

  it('a not-applicable criterion is valued 0, not counted, and listed in the coverage', async () => {
    const report = await scanDir(makeTree({ 'README.md': README }), {
      checks: [probe(() => outcome({ present: 1, linked: 1 }, { notApplicable: [{ criterion: 'linked', reason: 'no record links another' }] }))],
    });
    const check = report.checks[0];
    expect(check.score).toBe(10); // renormalised over `present` alone
    expect(check.criteria).toEqual([
      { id: 'present', title: 'Present', weight: 3, value: 1 },
      { id: 'linked', title: 'Linked', weight: 1, value: 0, excluded: 'not-applicable' },
    ]);
    expect(check.notApplicable).toEqual([{ criterion: 'linked', reason: 'no record links another' }]);
    expect(report.coverage.notApplicable).toEqual([{ id: 'probe', criterion: 'linked', reason: 'no record links another' }]);
    expect(report.coverage.judged).toEqual(['probe']);
    const result = validate(report);
    expect(result.ok ? [] : result.all).toEqual([]);
  });

  it('an unsupported criterion leaves the weight too: a fallback value no longer counts', async () => {
    const report = await scanDir(makeTree({ 'README.md': README }), {
      checks: [probe(() => outcome({ present: 0.5, linked: 0.5 }, { unsupported: [{ criterion: 'linked', reason: 'no git history' }] }))],
    });
    expect(report.checks[0].score).toBe(5);
    expect(report.checks[0].criteria[1]).toMatchObject({ value: 0, excluded: 'unsupported' });
    expect(report.coverage.unsupported).toEqual([{ id: 'probe', criterion: 'linked', reason: 'no git history' }]);
  });

  it('when every criterion leaves the weight the check is skipped and does not count', async () => {
    const report = await scanDir(makeTree({ 'README.md': README }), {
      checks: [probe(() => outcome({ present: 1, linked: 1 }, { notApplicable: [{ criterion: 'present', reason: 'nothing here' }, { criterion: 'linked', reason: 'no links' }] }))],
    });
    expect(report.checks[0]).toMatchObject({ status: 'skip', score: null, skipScope: 'repository', summary: 'Nothing to judge (present: nothing here; linked: no links).' });
    expect(report.coverage.judged).toEqual([]);
    expect(report.coverage.notApplicable.map((entry) => entry.id)).toEqual(['probe']);
    expect(report.score).toBe(0);
  });

  it('a criterion named twice, or unknown, is listed once or not at all', async () => {
    const report = await scanDir(makeTree({ 'README.md': README }), {
      checks: [
        probe(() =>
          outcome({ present: 1, linked: 0 }, {
            notApplicable: [{ criterion: 'linked', reason: 'first' }, { criterion: 'linked', reason: 'second' }, { criterion: 'nope', reason: 'unknown' }],
            unsupported: [{ criterion: 'present', reason: 'cannot' }],
          }),
        ),
      ],
    });
    // `present` is unsupported and `linked` not applicable: nothing left to count.
    expect(report.checks[0].status).toBe('skip');
    expect(report.checks[0].notApplicable).toEqual([{ criterion: 'linked', reason: 'first' }]);
    expect(report.checks[0].unsupported).toEqual([{ criterion: 'present', reason: 'cannot' }]);
  });

  it('a waiver on the remaining criteria decides the gate without the excluded ones', () => {
    const check = {
      id: 'probe',
      status: 'fail' as const,
      required: true,
      score: 0,
      passScore: 7,
      criteria: [
        { id: 'present', title: 'Present', weight: 3, value: 0 },
        { id: 'linked', title: 'Linked', weight: 1, value: 0, excluded: 'not-applicable' as const },
        { id: 'dated', title: 'Dated', weight: 1, value: 1 },
      ],
      waivers: [{ criterion: 'present', reason: 'agreed', approvedBy: 'buyer', expires: '2099-01-01', expired: false }],
    };
    // Without the exclusion `linked` (0) would drag `dated` to 5/10 and fail the gate.
    expect(gateStanding(check)).toBe('waived');
  });
});
