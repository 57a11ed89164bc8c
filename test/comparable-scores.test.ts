// Comparable scores: one commit of the complete handover, scanned through the CLI as a local git work
// tree and through the GitHub API (github:owner/repo@sha against a loopback server backed by the same
// repository). The two reports agree on score and coverage, or the remote one says exactly why not:
// every criterion that differs is named in coverage.unsupported with its reason, and nothing else differs.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { main } from '../src/cli.js';
import type { Report } from '../src/report/report.js';
import { renderChecklist } from '../src/reporters/checklist.js';
import { renderMarkdown } from '../src/reporters/markdown.js';
import { renderText } from '../src/reporters/text.js';
import { checkScore, overallScore } from '../src/scoring/score.js';
import { FIXTURES, tempDir } from './helpers.js';
import { fixtureRepo, startFakeGitHub, testGit, type FakeGitHub } from './remote-fixtures.js';

const REPO = 'ferrous-labs/kestrel-churn';

let repo: string;
let commit: string;
let server: FakeGitHub;
let local: Report;
let remote: Report;

async function scanJson(...argv: string[]): Promise<Report> {
  let stdout = '';
  let stderr = '';
  const code = await main(['scan', ...argv, '--format', 'json'], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as Report;
}

beforeAll(async () => {
  repo = await fixtureRepo(path.join(FIXTURES, 'complete-handover'));
  commit = (await testGit(repo).revparse(['HEAD'])).trim();
  server = await startFakeGitHub({ repos: { [REPO]: { dir: repo } } });
  local = await scanJson(repo, '--milestone', 'handover');
  remote = await scanJson(`github:${REPO}@${commit}`, '--api-url', server.apiUrl, '--token', 'test-token', '--milestone', 'handover');
});
afterAll(async () => {
  await server?.stop();
});

const criterionKey = (check: string, criterion: string) => `${check}/${criterion}`;

describe('a local scan and a GitHub API scan of the same commit', () => {
  it('scan the same commit and the same files', () => {
    expect(local.target).toMatchObject({ kind: 'directory', commit });
    expect(remote.target).toMatchObject({ kind: 'github', path: `github:${REPO}`, ref: commit, commit });
    expect(remote.stats.files).toBe(local.stats.files);
  });

  it('judge the same checks with the same weights', () => {
    expect(remote.coverage.judged).toEqual(local.coverage.judged);
    expect(remote.coverage.weights).toEqual(local.coverage.weights);
    // Whole checks that do not apply (criteria that left the weight are compared below).
    const wholeChecks = (report: Report) => report.coverage.notApplicable.filter((entry) => !entry.criterion);
    expect(wholeChecks(remote)).toEqual(wholeChecks(local));
    const accounted = [...local.coverage.judged, ...wholeChecks(local).map((entry) => entry.id)];
    expect(accounted.sort()).toEqual(CHECKS.map((check) => check.id).sort());
  });

  it('the remote coverage names what the API cannot judge, and why; the local one names nothing', () => {
    expect(local.coverage.unsupported).toEqual([]);
    // The fixture repository has a single commit: too short to tell whether docs were written along the way.
    expect(local.coverage.notApplicable).toEqual(
      expect.arrayContaining(['fresh', 'spread'].map((criterion) => ({ id: 'living-docs', criterion, reason: expect.stringMatching(/^git history too short to tell: 1 commit/) }))),
    );
    expect(remote.coverage.unsupported).toContainEqual({ id: 'secrets', criterion: 'history', reason: 'git history not scanned: a GitHub API scan reads the files of one commit, not the git history' });
    for (const entry of remote.coverage.unsupported) {
      expect(entry.criterion, entry.id).toBeTruthy(); // criteria of judged checks; no check is skipped outright
      expect(entry.reason, entry.id).toMatch(/GitHub API scan/);
    }
    const secrets = remote.checks.find((check) => check.id === 'secrets')!;
    expect(secrets.unsupported).toEqual([{ criterion: 'history', reason: expect.stringContaining('GitHub API scan') }]);
    expect(secrets.findings.map((finding) => finding.id)).toContain('history-not-scanned');
  });

  it('differ only in the criteria the coverage names; with those taken from the local scan the scores are equal', () => {
    const unsupported = new Set(remote.coverage.unsupported.map((entry) => criterionKey(entry.id, entry.criterion ?? '*')));
    const differing: string[] = [];
    for (const before of local.checks) {
      const after = remote.checks.find((check) => check.id === before.id)!;
      expect(after.status === 'skip').toBe(before.status === 'skip');
      for (const criterion of before.criteria) {
        const value = after.criteria.find((candidate) => candidate.id === criterion.id)!.value;
        if (value !== criterion.value) differing.push(criterionKey(before.id, criterion.id));
      }
    }
    // The test would prove nothing if the scans agreed everywhere: history really is judged locally only.
    expect(differing).toContain('secrets/history');
    // Every difference is stated. A check that judges history without saying so (CheckOutcome.unsupported) fails here.
    expect(differing.filter((key) => !unsupported.has(key))).toEqual([]);

    // Give the remote scan the local values of the unsupported criteria and its score is the local score.
    const definitions = new Map(CHECKS.map((check) => [check.id, check]));
    const reconciled = remote.checks.map((check) => {
      const fromLocal = local.checks.find((candidate) => candidate.id === check.id)!;
      const values = Object.fromEntries(
        check.criteria.map((criterion) => [criterion.id, unsupported.has(criterionKey(check.id, criterion.id)) ? fromLocal.criteria.find((c) => c.id === criterion.id)!.value : criterion.value]),
      );
      // Criteria that left the weight locally (and remotely) are not counted on either side.
      const counted = definitions.get(check.id)!.criteria.filter((criterion) => !fromLocal.criteria.find((c) => c.id === criterion.id)!.excluded);
      return { ...check, score: check.score === null ? null : checkScore(counted, values) };
    });
    expect(reconciled.map((check) => check.score)).toEqual(local.checks.map((check) => check.score));
    expect(overallScore(reconciled)).toBe(local.score);
    // What cannot be judged leaves the weight, so the remote score can be higher: here the runs' commits are
    // not in the local one-commit history (0 locally), and the API scan cannot look (the weight leaves). The
    // coverage says so, which is what makes the two scores comparable.
    expect(unsupported.has('consistency/commits')).toBe(true);
    expect(local.checks.find((check) => check.id === 'consistency')!.criteria.find((criterion) => criterion.id === 'commits')!.value).toBeLessThan(1);
    expect(remote.score).toBeGreaterThanOrEqual(local.score);
  });

  it('a local scan without history (an export of the commit) gives the remote score and coverage', async () => {
    const exported = tempDir('mlh-export-');
    execFileSync('git', ['-C', repo, 'archive', '--format=tar', '-o', path.join(exported, 'delivery.tar'), commit]);
    execFileSync('tar', ['-xf', path.join(exported, 'delivery.tar'), '-C', exported]);
    execFileSync('rm', [path.join(exported, 'delivery.tar')]);
    const plain = await scanJson(exported, '--milestone', 'handover');
    expect(plain.target.commit).toBeUndefined();
    expect(plain.score).toBe(remote.score);
    expect(plain.checks.map((check) => [check.id, check.score, check.status])).toEqual(remote.checks.map((check) => [check.id, check.score, check.status]));
    expect(plain.coverage.judged).toEqual(remote.coverage.judged);
    expect(plain.coverage.weights).toEqual(remote.coverage.weights);
    expect(plain.coverage.unsupported.map((entry) => [entry.id, entry.criterion])).toEqual(remote.coverage.unsupported.map((entry) => [entry.id, entry.criterion]));
    expect(plain.coverage.unsupported.find((entry) => entry.id === 'secrets')?.reason).toContain('no git history');
  });

  it('every reporter states what the target could not judge', () => {
    expect(renderText(remote, { color: false })).toContain('secrets/history not judged on this target: git history not scanned: a GitHub API scan reads');
    expect(renderMarkdown(remote)).toMatch(/not supported by this target: `secrets\/history` \(git history not scanned/);
    expect(renderChecklist(remote)).toMatch(/## Not judged\n\n(- .*\n)*- `secrets\/history`: git history not scanned/);
  });
});
