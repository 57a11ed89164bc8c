// Targets: a local repository at a ref (read from git objects), git URLs over file:// and git://, and the
// guarantees around them: unsafe URLs refused, nothing from the repository executed, temp clones removed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { resolvePolicy } from '../src/policy/resolve-policy.js';
import { scan } from '../src/scan.js';
import { checkCloneUrl, liveCloneDirs, redactUrl } from '../src/snapshot/clone.js';
import { openTarget, parseTargetSpec, TargetError } from '../src/targets.js';
import { tempDir } from './helpers.js';
import { bareCopy, commitAll, makeGitRepo, startGitDaemon, testGit, writeFiles, type GitDaemon } from './remote-fixtures.js';

const ADR = `# 1. Use LightGBM for churn scoring

Date: 2025-03-04

## Status

Accepted

## Context

Kestrel Mobile needs weekly churn scores for 2.1M subscribers.

## Decision

We train a LightGBM classifier on data/customers.parquet.

## Consequences

Retraining takes 20 minutes on one machine.
`;

const V1_FILES = {
  // Every file through a filter and a diff driver the hostile config below defines as a command.
  '.gitattributes': '* filter=evil diff=evil\n',
  'README.md': '# kestrel-churn\n\nDelivered by Ferrous Labs.\n',
  'docs/adr/0001-use-lightgbm.md': ADR,
  'src/train.py': 'print("train")\n',
  'models/weights.bin': new Uint8Array(5000).fill(7),
};

/** Every entry of a folder, for "nothing left behind" assertions. */
const leftovers = (dir: string) => readdirSync(dir);

describe('scan <dir> --ref: a tag read from git objects, nothing checked out', () => {
  let repo: string;
  let v1: string;
  const marker = path.join(tempDir('mlh-marker-'), 'executed');

  beforeAll(async () => {
    repo = await makeGitRepo(V1_FILES, { tag: 'v1.0' });
    v1 = (await testGit(repo).revparse(['v1.0'])).trim();
    const git = testGit(repo);
    writeFiles(repo, { 'docs/RUNBOOK.md': '# Runbook\n\nRestart the scorer.\n' });
    await commitAll(repo, 'Add runbook', 'v2.0');
    // The work tree now differs from v1.0: a newer file, an uncommitted change, a deleted file.
    writeFiles(repo, { 'README.md': '# changed in the work tree\n', 'src/train.py': null });
    // A hostile repository config: every one of these would run a command if git honoured it.
    for (const [key, value] of [
      ['core.fsmonitor', `touch ${marker}`],
      ['core.hooksPath', path.dirname(marker)],
      ['filter.evil.smudge', `touch ${marker}`],
      ['filter.evil.process', `touch ${marker}`],
      ['diff.evil.textconv', `touch ${marker}`],
      ['core.pager', `touch ${marker}`],
    ]) {
      execFileSync('git', ['config', key, value], { cwd: repo });
    }
    for (const hook of ['post-checkout', 'pre-commit', 'reference-transaction', 'fsmonitor-watchman']) {
      writeFileSync(path.join(path.dirname(marker), hook), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    }
  });

  it('lists and reads the tagged tree, not the work tree, and reports kind git-ref with the commit', async () => {
    const opened = await openTarget(repo, { ref: 'v1.0' });
    try {
      const { snapshot } = opened;
      expect(snapshot.target).toEqual({ kind: 'git-ref', path: repo, ref: 'v1.0', commit: v1 });
      expect(snapshot.files).toEqual(['.gitattributes', 'README.md', 'docs/adr/0001-use-lightgbm.md', 'models/weights.bin', 'src/train.py']);
      const readme = await snapshot.readText('README.md');
      expect(readme).toMatchObject({ ok: true, text: V1_FILES['README.md'] });
      expect(await snapshot.readText('src/train.py')).toMatchObject({ ok: true, text: 'print("train")\n' });
      expect(await snapshot.sizeOf('models/weights.bin')).toBe(5000);
      expect(snapshot.git?.revision).toBe(v1);
    } finally {
      await opened.close();
    }
    // The work tree is exactly as we left it.
    expect(readFileSync(path.join(repo, 'README.md'), 'utf8')).toBe('# changed in the work tree\n');
    expect(existsSync(path.join(repo, 'src/train.py'))).toBe(false);
    expect(existsSync(marker)).toBe(false);
  });

  it('a work tree without --ref is scanned as found on disk and reports the commit it sits on', async () => {
    const head = (await testGit(repo).revparse(['HEAD'])).trim();
    const opened = await openTarget(repo);
    try {
      expect(opened.snapshot.target).toEqual({ kind: 'directory', path: repo, commit: head });
      expect(await opened.snapshot.readText('README.md')).toMatchObject({ ok: true, text: '# changed in the work tree\n' });
    } finally {
      await opened.close();
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('reads the history up to the ref only', async () => {
    const opened = await openTarget(repo, { ref: 'v1.0' });
    try {
      const commits = await opened.snapshot.git!.commits();
      expect(commits.map((commit) => commit.sha)).toEqual([v1]);
    } finally {
      await opened.close();
    }
  });

  it('refuses reads over the cap from the listing size, without asking git', async () => {
    const opened = await openTarget(repo, { ref: 'v1.0', readCap: 1024 });
    try {
      const before = opened.snapshot.stats().blobReads;
      const read = await opened.snapshot.readBytes('models/weights.bin');
      expect(read).toMatchObject({ ok: false, reason: 'too-large' });
      expect(opened.snapshot.stats().blobReads).toBe(before);
      expect(opened.snapshot.errors.map((error) => error.path)).toContain('models/weights.bin');
    } finally {
      await opened.close();
    }
  });

  it('lists symlinks as symlinks and never reads them; skips submodules', async () => {
    const dir = await makeGitRepo({ 'README.md': '# x\n' });
    const git = testGit(dir);
    const target = hashObject(dir, '/etc/passwd');
    await git.raw(['update-index', '--add', '--cacheinfo', `120000,${target},passwd.md`]);
    const head = (await git.revparse(['HEAD'])).trim();
    await git.raw(['update-index', '--add', '--cacheinfo', `160000,${head},vendor/submodule`]);
    await git.raw(['commit', '-m', 'link and submodule']);
    await git.addTag('links');
    const opened = await openTarget(dir, { ref: 'links' });
    try {
      expect(opened.snapshot.files).toEqual(['README.md', 'passwd.md']);
      expect(opened.snapshot.isSymlink('passwd.md')).toBe(true);
      expect(await opened.snapshot.readText('passwd.md')).toMatchObject({ ok: false, reason: 'symlink' });
    } finally {
      await opened.close();
    }
  });

  it('says why when the folder is not a repository, the ref is unknown, or the ref looks like an option', async () => {
    const plain = tempDir();
    await expect(openTarget(plain, { ref: 'v1.0' })).rejects.toThrow(/--ref needs the top folder of a git repository/);
    await expect(openTarget(path.join(repo, 'docs'), { ref: 'v1.0' })).rejects.toThrow(TargetError);
    await expect(openTarget(repo, { ref: 'v9.9' })).rejects.toThrow(/ref "v9.9" not found/);
    await expect(openTarget(repo, { ref: '--output=/tmp/x' })).rejects.toThrow(/starts with "-"/);
  });

  it('scans a ref to the same score as a checkout of that ref', async () => {
    const checkout = await makeGitRepo(V1_FILES);
    const policy = resolvePolicy({}, CHECKS.map((check) => check.id));
    const fromRef = await openTarget(repo, { ref: 'v1.0' });
    const fromDisk = await openTarget(checkout);
    try {
      const a = await scan(fromRef.snapshot, { checks: CHECKS, policy });
      const b = await scan(fromDisk.snapshot, { checks: CHECKS, policy });
      expect(a.checks.map((check) => [check.id, check.score])).toEqual(b.checks.map((check) => [check.id, check.score]));
    } finally {
      await fromRef.close();
      await fromDisk.close();
    }
  });
});

function hashObject(dir: string, content: string): string {
  return execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, input: content }).toString().trim();
}

describe('git URL targets', () => {
  let repo: string;
  let bare: string;
  let partialBare: string;
  let daemon: GitDaemon;
  let head: string;

  beforeAll(async () => {
    repo = await makeGitRepo(V1_FILES, { tag: 'v1.0' });
    writeFiles(repo, { 'docs/RUNBOOK.md': '# Runbook\n' });
    head = await commitAll(repo, 'Add runbook');
    const served = tempDir('mlh-served-');
    bare = await bareCopy(repo, { parent: served });
    partialBare = await bareCopy(repo, { allowFilter: true, parent: tempDir('mlh-partial-') });
    daemon = await startGitDaemon(served);
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('clones file:// into a temporary folder, scans the default branch and removes the folder on close', async () => {
    const parent = tempDir('mlh-clones-');
    const opened = await openTarget(`file://${bare}`, { tempDir: parent });
    try {
      expect(opened.snapshot.target).toEqual({ kind: 'git-url', path: `file://${bare}`, ref: 'main', commit: head });
      expect(opened.snapshot.files).toContain('docs/RUNBOOK.md');
      expect(await opened.snapshot.readText('docs/adr/0001-use-lightgbm.md')).toMatchObject({ ok: true, text: ADR });
      expect(leftovers(parent)).toHaveLength(1);
      // Nothing checked out: the clone holds only .git.
      expect(readdirSync(path.join(parent, leftovers(parent)[0]))).toEqual(['.git']);
    } finally {
      await opened.close();
    }
    expect(leftovers(parent)).toEqual([]);
    expect(liveCloneDirs()).toEqual([]);
  });

  it('clones over git:// from git daemon and scans a tag', async () => {
    const parent = tempDir('mlh-clones-');
    const opened = await openTarget(daemon.url(path.basename(bare)), { ref: 'v1.0', tempDir: parent });
    try {
      expect(opened.snapshot.target.kind).toBe('git-url');
      expect(opened.snapshot.target.ref).toBe('v1.0');
      expect(opened.snapshot.files).not.toContain('docs/RUNBOOK.md');
      expect(await opened.snapshot.readText('README.md')).toMatchObject({ ok: true });
      expect((await opened.snapshot.git!.commits()).length).toBe(1);
    } finally {
      await opened.close();
    }
    expect(leftovers(parent)).toEqual([]);
  });

  it('uses a partial clone where the server allows it: large blobs stay remote until a read needs them', async () => {
    const parent = tempDir('mlh-clones-');
    const opened = await openTarget(`file://${partialBare}`, { tempDir: parent, readCap: 1024 });
    try {
      const { snapshot } = opened;
      expect(snapshot.files).toContain('models/weights.bin');
      // Left behind by blob:limit=1025: refused as too large without fetching it.
      expect(await snapshot.readBytes('models/weights.bin')).toMatchObject({ ok: false, reason: 'too-large' });
      expect(snapshot.stats().blobFetches).toBe(0);
      // A check that asks for more fetches exactly that blob.
      const bytes = await snapshot.readBytes('models/weights.bin', 10_000);
      expect(bytes.ok && bytes.bytes.length).toBe(5000);
      expect(snapshot.stats().blobFetches).toBe(1);
      expect(await snapshot.readText('README.md')).toMatchObject({ ok: true });
    } finally {
      await opened.close();
    }
    expect(leftovers(parent)).toEqual([]);
  });

  it('removes the temporary folder when the clone fails or the ref does not exist', async () => {
    const parent = tempDir('mlh-clones-');
    await expect(openTarget(`file://${path.join(parent, 'no-such-repo.git')}`, { tempDir: parent })).rejects.toThrow(/cannot clone/);
    expect(leftovers(parent)).toEqual([]);
    await expect(openTarget(`file://${bare}`, { ref: 'v7', tempDir: parent })).rejects.toThrow(/ref "v7" not found/);
    expect(leftovers(parent)).toEqual([]);
    await expect(openTarget(daemon.url('missing.git'), { tempDir: parent })).rejects.toThrow(TargetError);
    expect(leftovers(parent)).toEqual([]);
  });

  it('removes the temporary folder when the scan throws', async () => {
    const parent = tempDir('mlh-clones-');
    const policy = resolvePolicy({}, CHECKS.map((check) => check.id));
    const scanAndFail = async () => {
      const opened = await openTarget(`file://${bare}`, { tempDir: parent });
      try {
        expect(leftovers(parent)).toHaveLength(1);
        await scan(opened.snapshot, {
          checks: CHECKS,
          policy,
          now: () => {
            throw new Error('clock broke mid-scan');
          },
        });
      } finally {
        await opened.close();
      }
    };
    await expect(scanAndFail()).rejects.toThrow('clock broke mid-scan');
    expect(leftovers(parent)).toEqual([]);
  });

  it('refuses transports that run programs, option-like URLs and unknown protocols before running git', async () => {
    const parent = tempDir('mlh-clones-');
    for (const url of ['ext::sh -c touch% /tmp/pwned', 'ext::sh', 'fd::3', 'fd::0,1/x', '-uhack', 'ftp://example.com/x.git', 'ssh://-oProxyCommand=touch%20x/y', 'testgit::/tmp/x']) {
      await expect(openTarget(url, { tempDir: parent }), url).rejects.toThrow(TargetError);
    }
    expect(leftovers(parent)).toEqual([]);
    expect(checkCloneUrl('https://git.example.com/ferrous/kestrel-churn.git')).toBeNull();
    expect(checkCloneUrl('git@github.com:ferrous/kestrel-churn.git')).toBeNull();
    expect(checkCloneUrl('-oProxyCommand=x@host:repo')).toMatch(/starts with "-"/);
    expect(checkCloneUrl('user@-host:repo')).toMatch(/starts with "-"/);
  });

  it('keeps credentials in a URL out of reports', () => {
    expect(redactUrl('https://x-access-token:ghp_secret@github.com/o/r.git')).toBe('https://x-access-token:***@github.com/o/r.git');
    expect(redactUrl('https://ghp_secret@github.com/o/r.git')).toBe('https://***@github.com/o/r.git');
    expect(redactUrl('ssh://git@host/o/r.git')).toBe('ssh://git@host/o/r.git');
  });
});

describe('target spec parsing', () => {
  it('tells folders, git URLs and GitHub repositories apart', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'file.txt'), '');
    expect(parseTargetSpec(dir)).toEqual({ kind: 'directory', path: dir });
    expect(parseTargetSpec('https://git.example.com/a/b.git')).toEqual({ kind: 'git-url', url: 'https://git.example.com/a/b.git' });
    expect(parseTargetSpec('git@git.example.com:a/b.git')).toEqual({ kind: 'git-url', url: 'git@git.example.com:a/b.git' });
    expect(parseTargetSpec('github:ferrous-labs/kestrel-churn@v1.2')).toEqual({ kind: 'github', repo: { owner: 'ferrous-labs', repo: 'kestrel-churn', ref: 'v1.2' } });
    expect(() => parseTargetSpec('github:not a repo')).toThrow(TargetError);
    expect(() => parseTargetSpec(path.join(dir, 'missing'))).toThrow(/target not found/);
  });
});
