// The LLM application rung of the score ladder (#18): fixtures/llm-app-complete carries the ordinary handover
// artifacts of a prompted system (decision records, runbooks, failure modes, tests with results, CI, container and
// Terraform, pinned environment, licence, owners, monitoring, changelog, acceptance criteria, handover manifest).
// The scan judges it as an LLM application, every check that applies passes, and the gate is reached; taking any
// one artifact out lowers the check that judges it.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCheck } from '../checks/index.js';
import type { CheckResult, Report } from '../src/report/report.js';
import { FIXTURES, scanDir, tempDir } from './helpers.js';

const FIXTURE = path.join(FIXTURES, 'llm-app-complete');

/**
 * Checks this rung's artifacts answer, with the lowest score each reached when the fixture was written: a check
 * falling below its floor means an artifact lost substance (or a check changed its reading, to be looked at).
 */
const FLOORS: Readonly<Record<string, number>> = {
  'decision-records': 10,
  'evaluation-criteria': 8.5,
  'failure-modes': 8.5,
  runbooks: 9.5,
  monitoring: 7.5,
  reproducibility: 8,
  secrets: 10,
  licensing: 10,
  ownership: 10,
  'living-docs': 10,
  'handover-manifest': 10,
  'llm-system': 10,
  'data-protection': 10,
  tests: 10,
  infrastructure: 10,
};

/** One artifact taken out (paths removed) and the check that must then score lower. */
const REMOVALS: ReadonlyArray<{ artifact: string; paths: string[]; check: string }> = [
  { artifact: 'decision records', paths: ['docs/adr', '.adr-dir'], check: 'decision-records' },
  { artifact: 'runbooks', paths: ['docs/runbooks'], check: 'runbooks' },
  { artifact: 'failure-modes document', paths: ['docs/failure-modes.md'], check: 'failure-modes' },
  { artifact: 'acceptance criteria', paths: ['docs/evaluation'], check: 'evaluation-criteria' },
  { artifact: 'Grafana alerts and dashboard', paths: ['monitoring'], check: 'monitoring' },
  { artifact: 'tests and their results', paths: ['tests', 'test-results'], check: 'tests' },
  { artifact: 'committed test results', paths: ['test-results'], check: 'tests' },
  { artifact: 'CI workflows (tests)', paths: ['.github/workflows'], check: 'tests' },
  { artifact: 'CI workflows (deployment)', paths: ['.github/workflows'], check: 'infrastructure' },
  { artifact: 'container and Terraform', paths: ['Dockerfile', 'deploy'], check: 'infrastructure' },
  { artifact: 'access list', paths: ['docs/access.md'], check: 'infrastructure' },
  { artifact: 'pinned requirements and Python version', paths: ['requirements.txt', '.python-version'], check: 'reproducibility' },
  { artifact: 'licence and third-party notice', paths: ['LICENSE', 'THIRD_PARTY_LICENSES.md'], check: 'licensing' },
  { artifact: 'third-party notice', paths: ['THIRD_PARTY_LICENSES.md'], check: 'licensing' },
  { artifact: 'CODEOWNERS', paths: ['.github/CODEOWNERS'], check: 'ownership' },
  { artifact: 'handover guide', paths: ['HANDOVER.md'], check: 'ownership' },
  { artifact: 'changelog', paths: ['CHANGELOG.md'], check: 'living-docs' },
  { artifact: '.gitignore and .env.example', paths: ['.gitignore', '.env.example'], check: 'secrets' },
];

function resultOf(report: Report, id: string): CheckResult {
  const result = report.checks.find((check) => check.id === id);
  if (!result) throw new Error(`no result for ${id}`);
  return result;
}

async function scanWithout(paths: readonly string[], checkId: string): Promise<CheckResult> {
  const dir = tempDir('mlh-llm-app-without-');
  cpSync(FIXTURE, dir, { recursive: true });
  for (const relative of paths) rmSync(path.join(dir, relative), { recursive: true, force: false });
  const check = findCheck(checkId);
  if (!check) throw new Error(`unknown check ${checkId}`);
  return resultOf(await scanDir(dir, { checks: [check] }), checkId);
}

describe('fixtures/llm-app-complete, an LLM application with its handover artifacts', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scanDir(FIXTURE);
  }, 60_000);

  it('is judged as an LLM application, as the scan sees it and as its handover.yml declares', () => {
    expect(report.profiles?.judged).toEqual(['llm-application']);
    expect(report.profiles?.source).toBe('detected');
    expect(report.profiles?.declared?.profiles).toEqual(['llm-application']);
  });

  it.each(Object.entries(FLOORS))('%s passes at or above %s', (id, floor) => {
    const result = resultOf(report, id);
    expect(result.status, `${id}: ${result.summary}`).toBe('pass');
    expect(result.score, `${id}: ${result.summary}`).toBeGreaterThanOrEqual(floor);
  });

  it('reaches the gate', () => {
    expect(report.score).toBeGreaterThanOrEqual(60);
    expect(report.passed).toBe(true);
  });

  it('has nothing left to hand over as a model file: model-artifacts is skipped with its reason', () => {
    const result = resultOf(report, 'model-artifacts');
    expect(result.status).toBe('skip');
    expect(report.coverage.notApplicable.map((entry) => entry.id)).toContain('model-artifacts');
  });
});

describe('removing one artifact from fixtures/llm-app-complete', () => {
  const complete = new Map<string, number>();
  beforeAll(async () => {
    const report = await scanDir(FIXTURE, { checks: [...new Set(REMOVALS.map((removal) => removal.check))].map((id) => findCheck(id)!) });
    for (const result of report.checks) complete.set(result.id, result.score ?? 0);
  }, 60_000);

  it.each(REMOVALS)('without the $artifact, $check scores lower', async ({ paths, check }) => {
    const without = await scanWithout(paths, check);
    expect(without.score ?? 0).toBeLessThan(complete.get(check)!);
  }, 30_000);

  it('without handover.yml the manifest check is skipped, with its reason', async () => {
    const dir = tempDir('mlh-llm-app-without-');
    cpSync(FIXTURE, dir, { recursive: true });
    rmSync(path.join(dir, 'handover.yml'));
    const report = await scanDir(dir, { checks: [findCheck('handover-manifest')!] });
    expect(report.coverage.notApplicable).toContainEqual({ id: 'handover-manifest', reason: 'no handover.yml' });
  });
});
