// A history that cannot be read to the end is not clean: one object deleted from `.git/objects` stops
// `git log -p` at the newest commits, and a key committed before the break would go unseen. Such a history
// is a finding (error), a report error, and the criterion scores 0 as not scanned. Reads never fetch: a
// vendor's partial-clone settings with a promisor remote whose `uploadpack` is a program run nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import livingDocs from '../checks/living-docs.js';
import secrets from '../checks/secrets.js';
import { GitRepositoryHistory } from '../src/git/history.js';
import { SAFE_GIT_CONFIG, safeGitEnvironment } from '../src/git/safe-git.js';
import type { Report } from '../src/report/report.js';
import { liveCloneDirs } from '../src/snapshot/clone.js';
import { openTarget } from '../src/targets.js';
import { scanDir, tempDir } from './helpers.js';
import { bareCopy, commitAll, makeGitRepo, writeFiles } from './remote-fixtures.js';
import { samples } from './secrets-samples.js';

/** Plain git as a user would run it: the repository's own config, every transport its config allows. */
const plainGit = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });

const secretsOf = (report: Report) => report.checks.find((check) => check.id === 'secrets')!;
const ids = (report: Report) => secretsOf(report).findings.map((finding) => finding.id);
const historyValue = (report: Report) => secretsOf(report).criteria.find((criterion) => criterion.id === 'history')!.value;

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (const started = Date.now(); !condition() && Date.now() - started < timeoutMs; ) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Deletes one loose object (as a vendor could), by the revision git resolves. */
function deleteObject(repo: string, revision: string): string {
  const oid = plainGit(repo, 'rev-parse', revision).trim();
  rmSync(path.join(repo, '.git', 'objects', oid.slice(0, 2), oid.slice(2)));
  return oid;
}

/**
 * Rewrites one commit's first parent in `.git/objects/info/commit-graph` to "none" (the file's CDAT chunk:
 * per commit a tree id, two 4-byte parent positions, 8 bytes of generation and date).
 */
function cutParentInCommitGraph(repo: string, commit: string): void {
  const file = path.join(repo, '.git', 'objects', 'info', 'commit-graph');
  const graph = readFileSync(file);
  expect(graph.subarray(0, 4).toString()).toBe('CGPH');
  const chunks = new Map<string, number>();
  for (let i = 0; i <= graph[6]; i++) chunks.set(graph.subarray(8 + 12 * i, 12 + 12 * i).toString('latin1'), Number(graph.readBigUInt64BE(12 + 12 * i)));
  const ids = chunks.get('OIDL')!;
  const data = chunks.get('CDAT')!;
  const count = (data - ids) / 20;
  const index = Array.from({ length: count }, (_, i) => graph.subarray(ids + 20 * i, ids + 20 * i + 20).toString('hex')).indexOf(commit);
  expect(index).toBeGreaterThanOrEqual(0);
  graph.writeUInt32BE(0x70000000, data + 36 * index + 20);
  chmodSync(file, 0o644);
  writeFileSync(file, graph);
}

/** Four commits: a key added in the first and removed in the second, then two unrelated ones. */
async function repositoryWithOldKey(): Promise<string> {
  const repo = await makeGitRepo({ 'deploy/settings.py': `AWS_ACCESS_KEY_ID = "${samples.awsAccessKeyId()}"\n`, '.gitignore': '.env\n', 'README.md': '# churn\n' });
  writeFiles(repo, { 'deploy/settings.py': 'import os\nAWS_ACCESS_KEY_ID = os.environ["AWS_ACCESS_KEY_ID"]\n' });
  await commitAll(repo, 'Read the key from the environment');
  writeFiles(repo, { 'src/features.py': 'FEATURES = ["tenure", "plan"]\n' });
  await commitAll(repo, 'Add features');
  writeFiles(repo, { 'src/train.py': 'print("train")\n' });
  await commitAll(repo, 'Add training');
  return repo;
}

describe('a history that cannot be read to the end', () => {
  it('control: the intact repository shows the key removed two commits later', async () => {
    const report = await scanDir(await repositoryWithOldKey(), { checks: [secrets] });
    expect(ids(report)).toContain('secret-in-history');
    expect(ids(report)).not.toContain('history-incomplete');
    expect(report.errors).toEqual([]);
  });

  it('a deleted blob: a finding, an error in the report, and the history scored 0 as not scanned', async () => {
    const repo = await repositoryWithOldKey();
    deleteObject(repo, 'HEAD~1:src/features.py');
    // Plain git stops at the break: the key's commit is never shown.
    expect(() => plainGit(repo, 'log', '-p', 'HEAD')).toThrow(/unable to read/);

    const report = await scanDir(repo, { checks: [secrets] });
    expect(ids(report)).not.toContain('secret-in-history');
    const finding = secretsOf(report).findings.find((entry) => entry.id === 'history-incomplete');
    expect(finding).toMatchObject({ severity: 'error', criterion: 'history', path: '.git', message: expect.stringMatching(/^The git history could not be read to the end \(.*unable to read/) });
    expect(historyValue(report)).toBe(0);
    expect(report.errors).toContainEqual({ path: '.git', message: expect.stringMatching(/^git history not read to the end: .*unable to read/) });
    // Not a criterion this target cannot judge (that would take it out of the weight): it counts, at 0.
    expect(secretsOf(report).criteria.find((criterion) => criterion.id === 'history')).not.toHaveProperty('excluded');
    const evidence = secretsOf(report).evidence.find((entry) => entry.kind === 'git-history');
    expect(evidence?.note).toMatch(/^2 commit\(s\), .*; not read to the end: /);
  });

  it('a deleted commit: the walk itself breaks, and is reported the same way', async () => {
    const repo = await repositoryWithOldKey();
    deleteObject(repo, 'HEAD~2');
    const report = await scanDir(repo, { checks: [secrets] });
    expect(ids(report)).toContain('history-incomplete');
    expect(ids(report)).not.toContain('secret-in-history');
    expect(historyValue(report)).toBe(0);
    expect(report.errors.some((error) => error.path === '.git')).toBe(true);
  });

  it('a deleted newest commit does not turn the repository into a folder without history', async () => {
    const repo = await repositoryWithOldKey();
    deleteObject(repo, 'HEAD');
    const report = await scanDir(repo, { checks: [secrets] });
    expect(report.target.commit).toBeUndefined();
    expect(ids(report)).toContain('history-incomplete');
    expect(ids(report)).not.toContain('history-not-scanned');
    expect(historyValue(report)).toBe(0);
  });

  it('commit lookups (consistency) report a history that cannot be walked, and a git that cannot answer', async () => {
    const repo = await repositoryWithOldKey();
    const oldest = plainGit(repo, 'rev-list', '--max-parents=0', 'HEAD').trim();
    deleteObject(repo, 'HEAD~1');
    const problems: string[] = [];
    const history = new GitRepositoryHistory(repo);
    history.reportProblemsTo((problem) => problems.push(`${problem.path}: ${problem.message}`));
    // The oldest commit is still in the object store: found, but the break is reported alongside.
    expect(await history.hasCommit(oldest)).toBe(true);
    await until(() => problems.length > 0);
    expect(problems).toEqual([expect.stringMatching(/^\.git: git history cannot be walked, commit lookups are unreliable: /)]);

    // A git directory that is no repository (gone, emptied): cat-file exits at once.
    const broken = new GitRepositoryHistory({ gitDir: tempDir('mlh-not-a-repo-') });
    const heard: string[] = [];
    broken.reportProblemsTo((problem) => heard.push(problem.message));
    expect(await broken.hasCommit(oldest)).toBe(false);
    expect(heard).toContainEqual(expect.stringMatching(/^commits could not be looked up: git cat-file ended/));
  });

  it("the vendor's config cannot shape the patches to hide lines (root commit, prefixes, relative paths)", async () => {
    const repo = await repositoryWithOldKey();
    for (const [key, value] of [['log.showRoot', 'false'], ['diff.noprefix', 'true'], ['diff.relative', 'true'], ['diff.mnemonicPrefix', 'true']]) plainGit(repo, 'config', key, value);
    expect(plainGit(repo, 'log', '-p', '--reverse', '--format=%H', 'HEAD').split('\n').slice(0, 3).join('\n')).not.toContain('AWS_ACCESS_KEY_ID'); // control: the key's commit shows nothing
    const report = await scanDir(repo, { checks: [secrets] });
    const found = secretsOf(report).findings.find((finding) => finding.id === 'secret-in-history');
    expect(found).toMatchObject({ path: 'deploy/settings.py', line: 1 });
  });

  it('replace refs and a grafts file cannot swap out or cut off the commit that added the key', async () => {
    for (const way of ['replace', 'grafts'] as const) {
      const repo = await repositoryWithOldKey();
      const removal = plainGit(repo, 'rev-parse', 'HEAD~2').trim();
      // The commit that removed the key, shown as a root: the one that added it disappears from the history.
      if (way === 'replace') plainGit(repo, '-c', 'user.name=v', '-c', 'user.email=v@x', 'replace', '--graft', removal);
      else writeFileSync(path.join(repo, '.git', 'info', 'grafts'), `${removal}\n`);
      expect(plainGit(repo, 'rev-list', '--count', 'HEAD').trim()).toBe('3'); // control: git counts 3 of 4
      const report = await scanDir(repo, { checks: [secrets] });
      expect(ids(report), way).toContain('secret-in-history');
      expect(secretsOf(report).evidence.find((entry) => entry.kind === 'git-history')?.note, way).toMatch(/^4 commit\(s\)/);
    }
  });

  it('an edited commit-graph file cannot cut the history short', async () => {
    const repo = await repositoryWithOldKey();
    plainGit(repo, 'commit-graph', 'write', '--reachable');
    cutParentInCommitGraph(repo, plainGit(repo, 'rev-parse', 'HEAD~2').trim());
    expect(plainGit(repo, 'rev-list', '--count', 'HEAD').trim()).toBe('3'); // control: git believes the graph (3 of 4)
    const report = await scanDir(repo, { checks: [secrets] });
    expect(ids(report)).toContain('secret-in-history');
    expect(ids(report)).not.toContain('history-incomplete');
  });

  it('the dates log of living-docs reports a broken history in errors too', async () => {
    const repo = await makeGitRepo({ 'README.md': '# churn\n\nSee [the runbook](docs/RUNBOOK.md).\n', 'docs/RUNBOOK.md': '# Runbook\n\nRestart the scorer.\n', 'src/train.py': 'print(1)\n' });
    writeFiles(repo, { 'src/train.py': 'print(2)\n' });
    await commitAll(repo, 'Train longer');
    writeFiles(repo, { 'docs/RUNBOOK.md': '# Runbook\n\nRestart the scorer, then check the dashboard.\n' });
    await commitAll(repo, 'Runbook: dashboard');
    deleteObject(repo, 'HEAD~1^{tree}');
    const report = await scanDir(repo, { checks: [livingDocs] });
    expect(report.errors, JSON.stringify(report.errors)).toContainEqual({ path: '.git', message: expect.stringMatching(/^git history could not be read: /) });
    expect(report.checks[0].findings.map((finding) => finding.id)).toContain('history-error');
  });
});

describe('a vendor partial clone whose promisor remote runs a program', () => {
  let vendor: string;
  let marker: string;

  beforeAll(async () => {
    const origin = await repositoryWithOldKey();
    plainGit(origin, 'config', 'uploadpack.allowFilter', 'true');
    const parent = tempDir('mlh-promisor-');
    marker = path.join(parent, 'fetched');
    const uploadPack = path.join(parent, 'upload-pack.sh');
    writeFileSync(uploadPack, `#!/bin/sh\ntouch '${marker}'\nexec git-upload-pack "$@"\n`);
    chmodSync(uploadPack, 0o755);
    // Blobless: the checkout fetches the newest blobs; every older one is left to a lazy fetch.
    vendor = path.join(parent, 'vendor');
    plainGit(parent, 'clone', '-q', '--filter=blob:none', `file://${origin}`, vendor);
    plainGit(vendor, 'config', 'remote.origin.uploadpack', uploadPack);
    plainGit(vendor, 'config', 'protocol.file.allow', 'always');
    // Both ways a repository names its promisor remote.
    expect(plainGit(vendor, 'config', 'remote.origin.promisor').trim()).toBe('true');
    plainGit(vendor, 'config', 'core.repositoryFormatVersion', '1');
    plainGit(vendor, 'config', 'extensions.partialClone', 'origin');
    expect(existsSync(marker)).toBe(false);
  });

  it('control: plain git reading the history fetches, and runs the program', () => {
    const copy = path.join(tempDir('mlh-promisor-copy-'), 'vendor');
    cpSync(vendor, copy, { recursive: true });
    plainGit(copy, 'log', '-p', 'HEAD');
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
  });

  it('the no-transport settings alone stop the fetch, on a git that ignores GIT_NO_LAZY_FETCH too', () => {
    const { GIT_NO_LAZY_FETCH: _ignored, ...withoutLazyGuard } = safeGitEnvironment();
    const copy = path.join(tempDir('mlh-promisor-copy-'), 'vendor');
    cpSync(vendor, copy, { recursive: true });
    const logWith = (config: readonly string[], env: Record<string, string>) =>
      spawnSync('git', [...config.flatMap((setting) => ['-c', setting]), 'log', '-p', 'HEAD'], { cwd: copy, env, encoding: 'utf8' });
    const safe = logWith(SAFE_GIT_CONFIG, withoutLazyGuard);
    expect(safe.status).not.toBe(0);
    expect(safe.stderr).toMatch(/transport 'file' not allowed/);
    expect(existsSync(marker)).toBe(false);
    // Control: the settings before this fix allowed the file transport, and only GIT_NO_LAZY_FETCH held.
    const before = logWith(['protocol.allow=never', 'protocol.file.allow=always'], { ...withoutLazyGuard, GIT_ALLOW_PROTOCOL: 'file' });
    expect(before.status).toBe(0);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
  });

  it('a folder scan with every check never fetches; the unreadable history is reported', async () => {
    const report = await scanDir(vendor);
    expect(existsSync(marker)).toBe(false);
    expect(ids(report)).toContain('history-incomplete');
    expect(historyValue(report)).toBe(0);
    expect(report.errors.find((error) => error.path === '.git')?.message).toMatch(/^git history not read to the end: /);
  });

  it('a --ref scan of an older commit reads what is there and fetches nothing', async () => {
    const opened = await openTarget(vendor, { ref: 'HEAD~3' });
    try {
      const read = await opened.snapshot.readText('deploy/settings.py');
      expect(read).toMatchObject({ ok: false });
      expect(await opened.snapshot.readText('README.md')).toMatchObject({ ok: true, text: '# churn\n' });
    } finally {
      await opened.close();
    }
    expect(existsSync(marker)).toBe(false);
  });
});

describe('our own partial clone of a git URL', () => {
  it('reads the history around the large blobs it left on the server, and says so', async () => {
    const origin = await makeGitRepo({ 'data/sample.csv': 'id,plan\n'.padEnd(1_300_000, 'x\n'), 'config/app.env': `HF_TOKEN=${samples.huggingFace()}\n` });
    writeFiles(origin, { 'config/app.env': 'HF_TOKEN=\n', 'data/sample.csv': 'id,plan\n'.padEnd(1_300_100, 'y\n') });
    await commitAll(origin, 'Drop the token; new sample');
    const bare = await bareCopy(origin, { allowFilter: true });
    const opened = await openTarget(`file://${bare}`, { tempDir: tempDir('mlh-clones-') });
    try {
      // Reading the history as it stands needs the large blobs: without a transport, git fails there.
      const [clone] = liveCloneDirs();
      expect(() => execFileSync('git', ['-c', 'protocol.allow=never', 'log', '-p', 'HEAD'], { cwd: clone, stdio: 'pipe', env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_NO_LAZY_FETCH: '1' } })).toThrow();
      const history = await opened.snapshot.git!.addedLines!(() => {});
      expect(history).toMatchObject({ commits: 2, capped: false, excludedPaths: 1 });
      expect(history.error).toBeUndefined();
    } finally {
      await opened.close();
    }
    // The whole scan: the token removed in the newer commit is found in the older one.
    const report = await scanDir(`file://${bare}`, { checks: [secrets] });
    expect(ids(report)).toContain('secret-in-history');
    expect(ids(report)).not.toContain('history-incomplete');
    expect(secretsOf(report).evidence.find((entry) => entry.kind === 'git-history')?.note).toContain('1 path(s) with blobs the partial clone did not fetch left out');
  });
});
