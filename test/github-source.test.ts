// github:owner/repo targets against a local HTTP server implementing the GitHub REST endpoints from a real
// repository: one tree request, one blob request per file read, retries on rate limits, same score as a
// local scan of the same commit.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { resolvePolicy } from '../src/policy/resolve-policy.js';
import { scan } from '../src/scan.js';
import { createGitHubClient, retryDelayMs } from '../src/snapshot/github-api.js';
import { parseGitHubSpec } from '../src/snapshot/github-source.js';
import { Snapshot } from '../src/snapshot/snapshot.js';
import { openTarget, TargetError } from '../src/targets.js';
import { FIXTURES } from './helpers.js';
import { fixtureRepo, startFakeGitHub, testGit, writeFiles, type FakeGitHub } from './remote-fixtures.js';

const REPO = 'ferrous-labs/kestrel-churn';
const policy = resolvePolicy({}, CHECKS.map((check) => check.id));
const fixedClock = () => new Date('2026-01-01T00:00:00Z');

let repo: string;
let commit: string;
let server: FakeGitHub;

beforeAll(async () => {
  repo = await fixtureRepo(path.join(FIXTURES, 'complete-handover'), { tag: 'v1.0' });
  // Things the listing must get right: a symlink, a submodule, a large binary, a vendored folder.
  writeFiles(repo, { 'models/model.txt': 'x'.repeat(3 * 1024 * 1024), 'node_modules/left-pad/index.js': 'module.exports = 1;\n' });
  const git = testGit(repo);
  await git.add(['-A']);
  const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo, input: '../../etc/passwd' }).toString().trim();
  await git.raw(['update-index', '--add', '--cacheinfo', `120000,${blob},docs/passwd.md`]);
  await git.raw(['update-index', '--add', '--cacheinfo', `160000,${(await git.revparse(['HEAD'])).trim()},vendor/sub`]);
  // Committed straight from the index: `add -A` would drop entries that have no file on disk.
  await git.commit('Large model, link and submodule');
  commit = (await git.revparse(['HEAD'])).trim();
  server = await startFakeGitHub({ repos: { [REPO]: { dir: repo } } });
});
afterAll(async () => {
  await server?.stop();
});

const since = (mark: number) => server.requests.slice(mark);
const paths = (mark: number) => since(mark).map((request) => request.path.replace(/\?.*$/, ''));

describe('github: targets', () => {
  it('parses github:owner/repo[@ref]', () => {
    expect(parseGitHubSpec('github:ferrous-labs/kestrel-churn')).toEqual({ owner: 'ferrous-labs', repo: 'kestrel-churn' });
    expect(parseGitHubSpec('github:ferrous-labs/kestrel-churn.git@release/1.2')).toEqual({ owner: 'ferrous-labs', repo: 'kestrel-churn', ref: 'release/1.2' });
    for (const bad of ['github:ferrous-labs', 'github:-x/y', 'github:a/b/c', 'github:a/..', 'github:a/b@', 'github:a/b@x y']) expect(parseGitHubSpec(bad), bad).toBeNull();
  });

  it('reads the commit from its archive in 3 API requests and scores like a local scan of the commit', async () => {
    const mark = server.requests.length;
    const remote = await openTarget(`github:${REPO}`, { apiUrl: server.apiUrl, token: 'test-token', env: {} });
    const local = await openTarget(repo, { ref: commit });
    // The API gives no git history; the local side is judged without it too, so only content is compared.
    const localContent = await Snapshot.fromSource(local.source, { git: null });
    try {
      expect(remote.snapshot.git).toBeNull();
      expect(remote.snapshot.target).toEqual({ kind: 'github', path: `github:${REPO}`, ref: 'main', commit });
      expect(remote.snapshot.files).toEqual(local.snapshot.files);
      expect(remote.snapshot.files).toContain('docs/passwd.md');
      expect(remote.snapshot.files).not.toContain('vendor/sub');
      expect(remote.snapshot.files.some((file) => file.startsWith('node_modules/'))).toBe(false);
      expect(remote.snapshot.isSymlink('docs/passwd.md')).toBe(true);
      for (const file of remote.snapshot.files) expect(await remote.snapshot.sizeOf(file), file).toBe(await local.snapshot.sizeOf(file));

      const remoteReport = await scan(remote.snapshot, { checks: CHECKS, policy, now: fixedClock });
      const localReport = await scan(localContent, { checks: CHECKS, policy, now: fixedClock });
      expect(remoteReport.score).toBe(localReport.score);
      expect(remoteReport.checks.map((check) => [check.id, check.score, check.status, check.criteria])).toEqual(localReport.checks.map((check) => [check.id, check.score, check.status, check.criteria]));
      expect(remoteReport.errors).toEqual(localReport.errors);

      // Reading a link, an oversized file (under and over a larger cap) and the same file twice costs nothing.
      expect(await remote.snapshot.readText('docs/passwd.md')).toMatchObject({ ok: false, reason: 'symlink' });
      expect(await remote.snapshot.readText('models/model.txt')).toMatchObject({ ok: false, reason: 'too-large' });
      expect(await remote.snapshot.readText('models/model.txt', { maxBytes: 4 * 1024 * 1024 })).toMatchObject({ ok: true });
      await remote.snapshot.readText('MODEL_CARD.md', { maxBytes: 4096 * 1024 });

      const requested = since(mark);
      const api = requested.filter((request) => !request.path.startsWith('/_codeload/'));
      expect(api.map((request) => request.path)).toEqual([`/repos/${REPO}`, `/repos/${REPO}/commits/main`, `/repos/${REPO}/tarball/${commit}`]);
      expect(requested.filter((request) => request.path.startsWith('/_codeload/'))).toHaveLength(1);
      expect(remoteReport.stats).toMatchObject({ apiRequests: 3, archiveScan: 1, archiveHostRequests: 1 });
      expect(remoteReport.stats.archiveBytes).toBeGreaterThan(0);
      expect(remote.snapshot.stats().apiRequests).toBe(3);
      // The token goes to the API only; the archive URL is fetched without it.
      expect(api.every((request) => request.authorization === 'token test-token')).toBe(true);
      expect(requested.find((request) => request.path.startsWith('/_codeload/'))?.authorization).toBeUndefined();
    } finally {
      await remote.close();
      await local.close();
    }
  });

  it('keeps the tree and blob path where the archive is refused, and says so', async () => {
    const refusing = await startFakeGitHub({ repos: { [REPO]: { dir: repo } }, archive: 'refuse' });
    const remote = await openTarget(`github:${REPO}`, { apiUrl: refusing.apiUrl, env: {} });
    const local = await openTarget(repo, { ref: commit });
    try {
      expect(remote.snapshot.files).toEqual(local.snapshot.files);
      const report = await scan(remote.snapshot, { checks: CHECKS, policy, now: fixedClock });
      const localReport = await scan(await Snapshot.fromSource(local.source, { git: null }), { checks: CHECKS, policy, now: fixedClock });
      expect(report.checks.map((check) => check.criteria)).toEqual(localReport.checks.map((check) => check.criteria));
      expect(report.errors[0].message).toMatch(/^archive not used \(GitHub answered 404 to the archive request\); read through the tree and blob API instead$/);
      const paths = refusing.requests.map((request) => request.path.replace(/\?.*$/, ''));
      const trees = paths.filter((p) => p.includes('/git/trees/'));
      const blobs = paths.filter((p) => p.includes('/git/blobs/'));
      expect(trees).toHaveLength(1);
      expect(new Set(blobs).size).toBe(blobs.length); // never the same blob twice
      expect(report.stats).toMatchObject({ archiveScan: 0, blobReads: blobs.length, apiRequests: paths.length });
      expect(paths.length).toBe(3 + 1 + blobs.length);
    } finally {
      await remote.close();
      await local.close();
      await refusing.stop();
    }
  });

  it('resolves @ref through commits/{ref} without asking for the default branch', async () => {
    const mark = server.requests.length;
    const opened = await openTarget(`github:${REPO}@v1.0`, { apiUrl: server.apiUrl, env: {} });
    const tagged = (await testGit(repo).revparse(['v1.0^{commit}'])).trim();
    expect(opened.snapshot.target.ref).toBe('v1.0');
    expect(opened.snapshot.target.commit).toBe(tagged);
    expect(opened.snapshot.files).not.toContain('models/model.txt');
    expect(paths(mark)).toEqual([`/repos/${REPO}/commits/v1.0`, `/repos/${REPO}/tarball/${tagged}`, `/_codeload/${REPO}/${tagged}`]);
    expect(since(mark).every((request) => request.authorization === undefined)).toBe(true);
    await opened.close();
  });

  it('takes the token and API URL from GITHUB_TOKEN and GITHUB_API_URL', async () => {
    const mark = server.requests.length;
    await openTarget(`github:${REPO}@v1.0`, { env: { GITHUB_TOKEN: 'from-env', GITHUB_API_URL: server.apiUrl } });
    expect(since(mark)[0].authorization).toBe('token from-env');
  });

  it('waits and retries once after a rate-limit 403, and counts the retry', async () => {
    const limited = await startFakeGitHub({ repos: { [REPO]: { dir: repo } }, rateLimitOnce: `/repos/${REPO}/commits/` });
    try {
      const opened = await openTarget(`github:${REPO}`, { apiUrl: limited.apiUrl, env: {} });
      expect(opened.snapshot.files.length).toBeGreaterThan(3);
      expect(limited.requests.filter((r) => r.path.includes('/commits/')).map((r) => r.status)).toEqual([403, 200]);
      const api = limited.requests.filter((r) => !r.path.startsWith('/_codeload/'));
      expect(opened.snapshot.stats()).toMatchObject({ apiRetries: 1, apiRequests: api.length, archiveScan: 1 });
      expect(api).toHaveLength(4); // repository, commit (403, then 200), tarball
    } finally {
      await limited.stop();
    }
  });

  it('gives up on an exhausted rate limit with the reset time and a hint', async () => {
    const limited = await startFakeGitHub({ repos: { [REPO]: { dir: repo } }, rateLimitOnce: `/repos/${REPO}` });
    try {
      const client = createGitHubClient({ apiUrl: limited.apiUrl, maxRetries: 0 });
      await expect(client.octokit.rest.repos.get({ owner: 'ferrous-labs', repo: 'kestrel-churn' })).rejects.toThrow(/rate limit exceeded \(resets at .*\); set GITHUB_TOKEN/);
    } finally {
      await limited.stop();
    }
  });

  it('walks sub-trees when GitHub truncates the recursive listing', async () => {
    const truncating = await startFakeGitHub({ repos: { [REPO]: { dir: repo } }, truncateRootTree: true, archive: 'refuse' });
    try {
      const opened = await openTarget(`github:${REPO}`, { apiUrl: truncating.apiUrl, env: {} });
      const local = await openTarget(repo, { ref: commit });
      expect(opened.snapshot.files).toEqual(local.snapshot.files);
      await local.close();
      expect(truncating.requests.filter((r) => r.path.includes('/git/trees/')).length).toBeGreaterThan(2);
    } finally {
      await truncating.stop();
    }
  });

  it('reports a repository it cannot see as a target error that mentions the token', async () => {
    await expect(openTarget('github:ferrous-labs/nope', { apiUrl: server.apiUrl, env: {} })).rejects.toThrow(TargetError);
    await expect(openTarget('github:ferrous-labs/nope', { apiUrl: server.apiUrl, env: {} })).rejects.toThrow(/GITHUB_TOKEN/);
    await expect(openTarget(`github:${REPO}@no-such-tag`, { apiUrl: server.apiUrl, env: {} })).rejects.toThrow(TargetError);
    await expect(openTarget(`github:${REPO}`, { apiUrl: 'ftp://example.com', env: {} })).rejects.toThrow(/http\(s\) URL/);
  });
});

describe('retry policy', () => {
  const now = 1_700_000_000_000;
  it('retries rate limits by their headers and server errors with backoff, never permission errors', () => {
    expect(retryDelayMs(403, {}, 0, now, 60_000)).toBeNull();
    expect(retryDelayMs(404, {}, 0, now, 60_000)).toBeNull();
    expect(retryDelayMs(403, { 'retry-after': '2' }, 0, now, 60_000)).toBe(2000);
    expect(retryDelayMs(429, { 'retry-after': '0' }, 0, now, 60_000)).toBe(0);
    expect(retryDelayMs(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 10) }, 0, now, 60_000)).toBe(10_500);
    expect(retryDelayMs(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 3600) }, 0, now, 60_000)).toBeNull();
    expect(retryDelayMs(502, {}, 0, now, 60_000)).toBe(500);
    expect(retryDelayMs(503, {}, 2, now, 60_000)).toBe(2000);
  });
});
