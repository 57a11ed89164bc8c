// `ml-handover diff`: score deltas, checks that moved (riskiest regression first), new and resolved
// findings, --fail-on-regression; reports compared by the real engine before and after a vendor change.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../src/audit/record.js';
import { main } from '../src/cli.js';
import { compareAudits } from '../src/diff/audit-diff.js';
import { compareChecks, compareReports } from '../src/diff/compare.js';
import type { CheckResult, Report } from '../src/report/report.js';
import { FIXTURES, makeTree, scanDir, tempDir } from './helpers.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
}

const ADR = (n: number, title: string) => `# ${n}. ${title}

Date: 2025-0${n}-10

## Status

Accepted

## Context

Kestrel Mobile scores 2.1M subscribers weekly; the model must be retrainable by the buyer's team.

## Decision

${title}, agreed with the Kestrel data team.

## Consequences

The buyer's team can retrain without Ferrous Labs.
`;

let good: Report;
let worse: Report;

beforeAll(async () => {
  good = await scanDir(makeTree({ 'docs/adr/0001-lightgbm.md': ADR(1, 'Use LightGBM'), 'docs/adr/0002-parquet.md': ADR(2, 'Keep features in Parquet') }));
  // The vendor replaces a record with an empty template.
  worse = await scanDir(makeTree({ 'docs/adr/0001-lightgbm.md': ADR(1, 'Use LightGBM'), 'docs/adr/0002-parquet.md': '# 2. TODO\n' }));
});

const check = (id: string, score: number | null, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  title: id,
  status,
  score,
  weight: 1,
  required: false,
  passScore: 7,
  summary: '',
  criteria: [],
  evidence: [],
  findings: [],
  ...extra,
});

describe('compareChecks', () => {
  it('calls a lower score or a worse status a regression, and the reverse an improvement', () => {
    expect(compareChecks(check('a', 8, 'pass'), check('a', 8, 'pass'))).toBeNull();
    expect(compareChecks(check('a', 8, 'pass'), check('a', 8.02, 'pass'))).toBeNull(); // rounding is not movement
    expect(compareChecks(check('a', 8, 'pass'), check('a', 6, 'warn'))).toMatchObject({ worse: true, better: false, scoreDelta: -2 });
    expect(compareChecks(check('a', 3, 'fail'), check('a', 9, 'pass'))).toMatchObject({ worse: false, better: true, scoreDelta: 6 });
    expect(compareChecks(check('a', 8, 'pass'), check('a', null, 'skip'))).toMatchObject({ worse: false, better: false, scoreDelta: null });
    expect(compareChecks(undefined, check('a', 2, 'fail'))).toMatchObject({ before: null, worse: false });
  });

  it('ranks a required check that now fails above a heavier optional one that slipped', () => {
    const required = compareChecks(check('req', 8, 'pass', { required: true }), check('req', 7.5, 'pass', { required: true }))!;
    const heavy = compareChecks(check('heavy', 9, 'pass', { weight: 3 }), check('heavy', 2, 'fail', { weight: 3 }))!;
    const light = compareChecks(check('light', 9, 'pass'), check('light', 8, 'pass'))!;
    expect(required.risk).toBeGreaterThan(heavy.risk);
    expect(heavy.risk).toBeGreaterThan(light.risk);
  });
});

describe('compareReports', () => {
  it('finds the score drop, the check that moved and the findings that appeared', () => {
    const diff = compareReports(good, worse);
    expect(diff.scoreDelta).toBe(worse.score - good.score);
    expect(diff.scoreDelta).toBeLessThan(0);
    expect(diff.regressed).toBe(true);
    expect(diff.checks.find((entry) => entry.id === 'decision-records')).toMatchObject({ worse: true });
    expect(diff.newFindings.length).toBeGreaterThan(0);
    expect(diff.newFindings.some((finding) => finding.path === 'docs/adr/0002-parquet.md')).toBe(true);
    // The reverse direction resolves exactly what the forward one introduced.
    const back = compareReports(worse, good);
    expect(back.regressed).toBe(false);
    expect(back.resolvedFindings).toEqual(diff.newFindings);
    expect(back.checks.find((entry) => entry.id === 'decision-records')).toMatchObject({ better: true });
  });

  it('sees nothing between a report and itself', () => {
    expect(compareReports(good, good)).toMatchObject({ scoreDelta: 0, checks: [], newFindings: [], resolvedFindings: [], regressed: false });
  });
});

describe('compareAudits', () => {
  it('matches engagements by name and flags one that can no longer be scanned', () => {
    const record = (entries: AuditRecord['engagements']): AuditRecord => ({
      schemaVersion: '1.0',
      kind: 'ml-handover-audit',
      tool: { name: 'ml-handover', version: '0' },
      generatedAt: '2026-01-01T00:00:00.000Z',
      source: 'x',
      previous: null,
      summary: { engagements: 0, scanned: 0, errors: 0, passed: 0, failed: 0, regressed: 0 },
      engagements: entries,
    });
    const scanned = (name: string, report: Report) => ({ name, target: '.', milestone: null, status: 'scanned' as const, report, durationMs: 1 });
    const broken = (name: string) => ({ name, target: '.', milestone: null, status: 'error' as const, error: 'cannot clone', durationMs: 1 });
    const diff = compareAudits(record([scanned('a', good), scanned('b', good), scanned('gone', good)]), record([scanned('a', worse), broken('b'), scanned('new', good)]));
    expect(diff.engagements.map((entry) => [entry.name, entry.status])).toEqual([
      ['a', 'compared'],
      ['b', 'now-unscannable'],
      ['new', 'added'],
      ['gone', 'removed'],
    ]);
    expect(diff.regressed).toBe(true);
  });
});

describe('ml-handover diff', () => {
  let oldFile: string;
  let newFile: string;
  beforeAll(() => {
    const dir = tempDir();
    oldFile = path.join(dir, 'old.json');
    newFile = path.join(dir, 'new.json');
    writeFileSync(oldFile, JSON.stringify(good));
    writeFileSync(newFile, JSON.stringify(worse));
  });

  it('prints score delta, moved checks and new findings; exit 0 unless asked to fail', async () => {
    const { out, io } = capture();
    expect(await main(['diff', oldFile, newFile], io)).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`^Score ${good.score} → ${worse.score} \\(${worse.score - good.score}\\)`));
    expect(out.stdout).toMatch(/REGRESSED/);
    expect(out.stdout).toMatch(/▼ decision-records: [\d.]+ \w+ → [\d.]+ \w+/);
    expect(out.stdout).toMatch(/New findings \(\d+\):\n\s+\w+\s+decision-records\/[\w-]+ docs\/adr\/0002-parquet\.md/);
    expect(await main(['diff', oldFile, newFile, '--fail-on-regression'], capture().io)).toBe(1);
    expect(await main(['diff', newFile, oldFile, '--fail-on-regression'], capture().io)).toBe(0);
  });

  it('prints the diff as JSON for pipelines', async () => {
    const { out, io } = capture();
    await main(['diff', oldFile, newFile, '--format', 'json'], io);
    const diff = JSON.parse(out.stdout);
    expect(diff).toMatchObject({ kind: 'report-diff', scoreBefore: good.score, scoreAfter: worse.score, regressed: true });
  });

  it('compares real fixture scans: the notebook dump regresses from the complete delivery', async () => {
    const dir = tempDir();
    const complete = path.join(dir, 'complete.json');
    const dump = path.join(dir, 'dump.json');
    writeFileSync(complete, JSON.stringify(await scanDir(path.join(FIXTURES, 'complete-handover'))));
    writeFileSync(dump, JSON.stringify(await scanDir(path.join(FIXTURES, 'notebook-dump'))));
    const { out, io } = capture();
    expect(await main(['diff', complete, dump, '--fail-on-regression'], io)).toBe(1);
    expect(out.stdout).toMatch(/Checks that moved:/);
  });

  it('refuses files that are not reports, and a report compared with an audit (exit 2)', async () => {
    const dir = tempDir();
    const notJson = path.join(dir, 'x.json');
    const notReport = path.join(dir, 'y.json');
    const audit = path.join(dir, 'audit.json');
    writeFileSync(notJson, '{ nope');
    writeFileSync(notReport, '{"hello": 1}');
    writeFileSync(
      audit,
      JSON.stringify({ schemaVersion: '1.0', kind: 'ml-handover-audit', tool: { name: 'ml-handover', version: '0' }, generatedAt: '2026-01-01T00:00:00Z', source: 'x', previous: null, summary: { engagements: 0, scanned: 0, errors: 0, passed: 0, failed: 0, regressed: 0 }, engagements: [] }),
    );
    for (const [args, message] of [
      [[notJson, oldFile], /x\.json: not JSON/],
      [[oldFile, notReport], /y\.json: neither an ml-handover report/],
      [[oldFile, audit], /cannot compare a report with an audit/],
      [[oldFile, path.join(dir, 'missing.json')], /cannot read \(ENOENT\)/],
    ] as const) {
      const { out, io } = capture();
      expect(await main(['diff', ...args], io)).toBe(2);
      expect(out.stderr).toMatch(message);
    }
  });
});
