// The git directory is confined to the target: a `.git` file or symlink, a commondir, alternates or a symlink
// inside `.git` that leads to another repository (the buyer's own checkout here) is refused, and the target
// is scanned as a plain folder with the reason in `errors`. A folder with no `.git` of its own never gets a
// parent's history. Each case has a control showing that plain git would have read the other repository.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import secrets from '../checks/secrets.js';
import { locateGitDirectory } from '../src/git/git-directory.js';
import { judgeGitVersion, checkGitVersion } from '../src/git/git-version.js';
import { safeGitEnvironment } from '../src/git/safe-git.js';
import type { Report } from '../src/report/report.js';
import { openTarget, TargetError } from '../src/targets.js';
import { scanDir, tempDir } from './helpers.js';
import { bareCopy, commitAll, makeGitRepo, writeFiles } from './remote-fixtures.js';
import { samples } from './secrets-samples.js';

/** Plain git, as a user would run it in the folder (discovery, the repository's own config). */
const plainGit = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });

const ids = (report: Report) => report.checks[0].findings.map((finding) => finding.id);

describe('a git directory that leads out of the target', () => {
  let buyer: string;
  let buyerHead: string;
  let parent: string;

  beforeAll(async () => {
    // The buyer's checkout: a credential committed once and removed, so only its history holds it.
    parent = tempDir('mlh-confine-');
    buyer = path.join(parent, 'buyer');
    mkdirSync(buyer);
    await makeGitRepo({ 'deploy.env': `AWS_ACCESS_KEY_ID=${samples.awsAccessKeyId()}\n` }, { dir: buyer });
    writeFiles(buyer, { 'deploy.env': null, 'README.md': '# buyer platform\n' });
    buyerHead = await commitAll(buyer, 'Remove the key');
  });

  /** A vendor folder next to the buyer's checkout, with one delivered file. */
  const vendorFolder = (name: string) => {
    const dir = path.join(parent, name);
    writeFiles(dir, { 'README.md': '# vendor delivery\n', '.gitignore': '.env\n' });
    return dir;
  };

  it('control: the buyer repository scanned itself has the credential in its history', async () => {
    const report = await scanDir(buyer, { checks: [secrets] });
    expect(ids(report)).toContain('secret-in-history');
  });

  it('a .git file naming another repository: the folder is scanned without history, and errors say why', async () => {
    const vendor = vendorFolder('vendor-gitfile');
    writeFileSync(path.join(vendor, '.git'), 'gitdir: ../buyer/.git\n');
    expect(plainGit(vendor, 'rev-parse', 'HEAD').trim()).toBe(buyerHead); // plain git would follow it
    expect(locateGitDirectory(vendor)).toEqual({ kind: 'refused', reason: 'the .git file points outside the target (gitdir: ../buyer/.git)' });

    const report = await scanDir(vendor, { checks: [secrets] });
    expect(report.target).toEqual({ kind: 'directory', path: vendor });
    expect(ids(report)).not.toContain('secret-in-history');
    expect(ids(report)).toContain('history-not-scanned');
    expect(report.errors).toContainEqual({ path: '.git', message: expect.stringMatching(/^git history not read, the folder is scanned without it: the \.git file points outside the target/) });
    expect(report.coverage.unsupported).toContainEqual({ id: 'secrets', criterion: 'history', reason: expect.stringContaining('.git file points outside the target') });
    // --ref reads git objects only: it refuses rather than list the other repository's tree.
    await expect(openTarget(vendor, { ref: 'HEAD' })).rejects.toThrow(/refusing to read the git repository .*points outside the target/);
  });

  it('a .git symlink to another repository is refused the same way', async () => {
    const vendor = vendorFolder('vendor-symlink');
    symlinkSync(path.join(buyer, '.git'), path.join(vendor, '.git'));
    expect(plainGit(vendor, 'rev-parse', 'HEAD').trim()).toBe(buyerHead);
    expect(locateGitDirectory(vendor)).toEqual({ kind: 'refused', reason: '.git is a symbolic link to outside the target' });
    const report = await scanDir(vendor, { checks: [secrets] });
    expect(report.target.commit).toBeUndefined();
    expect(ids(report)).not.toContain('secret-in-history');
    await expect(openTarget(vendor, { ref: 'HEAD' })).rejects.toThrow(TargetError);
  });

  it('a folder with no .git of its own inside the buyer checkout gets no history from its parent', async () => {
    const vendor = path.join(buyer, 'third_party', 'vendor-drop');
    writeFiles(vendor, { 'README.md': '# vendor delivery\n' });
    expect(plainGit(vendor, 'rev-parse', 'HEAD').trim()).toBe(buyerHead); // discovery finds the parent
    expect(locateGitDirectory(vendor)).toEqual({ kind: 'none' });
    const report = await scanDir(vendor, { checks: [secrets] });
    expect(report.target).toEqual({ kind: 'directory', path: vendor });
    expect(ids(report)).not.toContain('secret-in-history');
    expect(report.coverage.unsupported).toContainEqual({ id: 'secrets', criterion: 'history', reason: expect.stringContaining('the target has no git history') });
    await expect(openTarget(vendor, { ref: 'HEAD' })).rejects.toThrow(/--ref needs the top folder of a git repository/);
  });

  it('objects borrowed from another repository through alternates are refused', async () => {
    const vendor = path.join(parent, 'vendor-shared');
    plainGit(parent, 'clone', '-q', '--shared', buyer, vendor);
    expect(plainGit(vendor, 'log', '--format=%H', '-1').trim()).toBe(buyerHead); // every object is the buyer's
    expect(locateGitDirectory(vendor)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/^objects\/info\/alternates points outside the target/) });
    const report = await scanDir(vendor, { checks: [secrets] });
    expect(ids(report)).not.toContain('secret-in-history');
    await expect(openTarget(vendor, { ref: 'HEAD' })).rejects.toThrow(/alternates points outside/);
  });

  it('a linked work tree whose git directory lives in another repository is refused', async () => {
    const worktree = path.join(parent, 'vendor-worktree');
    plainGit(buyer, 'worktree', 'add', '-q', '--detach', worktree);
    expect(locateGitDirectory(worktree)).toMatchObject({ kind: 'refused', reason: expect.stringContaining('the .git file points outside the target') });
    // The same through `commondir`: a git directory of its own that shares the buyer's objects and refs.
    const vendor = await makeGitRepo({ 'README.md': '# vendor\n' }, { dir: path.join(parent, 'vendor-commondir') });
    writeFileSync(path.join(vendor, '.git', 'commondir'), '../../buyer/.git\n');
    expect(locateGitDirectory(vendor)).toMatchObject({ kind: 'refused', reason: expect.stringContaining("commondir points outside the target") });
  });

  it('a symlink inside .git that leads out (objects, a ref) is refused', async () => {
    const vendor = await makeGitRepo({ 'README.md': '# vendor\n' }, { dir: path.join(parent, 'vendor-objects-link') });
    renameSync(path.join(vendor, '.git', 'objects'), path.join(vendor, 'objects.orig'));
    symlinkSync(path.join(buyer, '.git', 'objects'), path.join(vendor, '.git', 'objects'));
    expect(locateGitDirectory(vendor)).toEqual({ kind: 'refused', reason: '.git/objects links outside the target' });
    const report = await scanDir(vendor, { checks: [secrets] });
    expect(report.errors.map((error) => error.message)).toContainEqual(expect.stringContaining('.git/objects links outside the target'));
  });

  it('a bare repository is read at a ref, and refused when it borrows objects from outside', async () => {
    const bare = await bareCopy(buyer, { parent: path.join(parent, 'bare-ok') });
    const opened = await openTarget(bare, { ref: 'HEAD' });
    try {
      expect(opened.snapshot.target).toMatchObject({ kind: 'git-ref', commit: buyerHead });
      expect((await opened.snapshot.git!.commits()).length).toBe(2);
    } finally {
      await opened.close();
    }
    const borrowing = path.join(parent, 'bare-borrowing.git');
    plainGit(parent, 'clone', '-q', '--bare', '--shared', buyer, borrowing);
    expect(locateGitDirectory(borrowing)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/^objects\/info\/alternates points outside/) });
    await expect(openTarget(borrowing, { ref: 'HEAD' })).rejects.toThrow(TargetError);
  });

  it('a repository config that includes another file is refused', async () => {
    const vendor = await makeGitRepo({ 'README.md': '# vendor\n' }, { dir: path.join(parent, 'vendor-include') });
    // Behind 64 KiB of padding, so a check of the first few KiB would miss it.
    plainGit(vendor, 'config', 'core.padding', 'x'.repeat(70_000));
    plainGit(vendor, 'config', 'include.path', '../../buyer/.git/config');
    expect(locateGitDirectory(vendor)).toEqual({ kind: 'refused', reason: 'the repository config includes other config files' });
  });

  it('a .git file or symlink that stays inside the target is followed, and the history is read', async () => {
    const vendor = await makeGitRepo({ 'deploy.env': `AWS_ACCESS_KEY_ID=${samples.awsAccessKeyId()}\n`, '.gitignore': '.env\n' }, { dir: path.join(parent, 'vendor-inside') });
    writeFiles(vendor, { 'deploy.env': null });
    await commitAll(vendor, 'Remove the key');
    mkdirSync(path.join(vendor, '.store'));
    renameSync(path.join(vendor, '.git'), path.join(vendor, '.store', 'git'));
    writeFileSync(path.join(vendor, '.git'), 'gitdir: .store/git\n');
    expect(locateGitDirectory(vendor)).toMatchObject({ kind: 'repository', bare: false });
    const report = await scanDir(vendor, { checks: [secrets] });
    expect(ids(report)).toContain('secret-in-history');
    expect(report.errors).toEqual([]);
  });

  it('git reads no .gitattributes from the folder the scan was started in', async () => {
    const vendor = await makeGitRepo({ 'deploy.env': `AWS_ACCESS_KEY_ID=${samples.awsAccessKeyId(7)}\n`, '.gitignore': '.env\n' }, { dir: path.join(parent, 'vendor-cwd') });
    const elsewhere = tempDir('mlh-cwd-');
    writeFileSync(path.join(elsewhere, '.gitattributes'), '* -diff\n');
    // Control: git run from there with --git-dir takes those attributes, and every patch becomes "binary".
    expect(plainGit(elsewhere, '--git-dir', path.join(vendor, '.git'), 'log', '-p')).toContain('Binary files /dev/null and b/deploy.env differ');
    const started = process.cwd();
    process.chdir(elsewhere);
    try {
      const report = await scanDir(vendor, { checks: [secrets] });
      // The history read the key's line (the tree finding names the commit that added it).
      const found = report.checks[0].findings.find((finding) => finding.id === 'secret-in-tree' && finding.path === 'deploy.env');
      expect(found?.message).toMatch(/\(committed in [0-9a-f]{10} on \d{4}-\d\d-\d\d\)/);
    } finally {
      process.chdir(started);
    }
  });

  it("the vendor's git directory cannot blank the history either: a .gitattributes in it is not read, info/attributes is an error", async () => {
    const vendor = await makeGitRepo({ 'deploy.env': `AWS_ACCESS_KEY_ID=${samples.awsAccessKeyId(8)}\n`, '.gitignore': '.env\n' }, { dir: path.join(parent, 'vendor-own-attributes') });
    writeFileSync(path.join(vendor, '.git', '.gitattributes'), '* -diff\n');
    expect(plainGit(path.join(vendor, '.git'), '--git-dir', '.', 'log', '-p')).toContain('Binary files'); // control
    const report = await scanDir(vendor, { checks: [secrets] });
    expect(report.checks[0].findings.find((finding) => finding.id === 'secret-in-tree')?.message).toMatch(/\(committed in [0-9a-f]{10}/);

    // info/attributes outranks everything and cannot be switched off: the history is reported as hidden.
    mkdirSync(path.join(vendor, '.git', 'info'), { recursive: true });
    writeFileSync(path.join(vendor, '.git', 'info', 'attributes'), '# local\n*.env -diff\n');
    expect(plainGit(vendor, 'log', '-p')).toContain('Binary files /dev/null and b/deploy.env differ'); // control
    const hidden = await scanDir(vendor, { checks: [secrets] });
    const finding = hidden.checks[0].findings.find((entry) => entry.id === 'history-incomplete');
    expect(finding?.message).toContain('info/attributes sets "*.env -diff", which marks files binary and hides their lines');
    expect(hidden.checks[0].criteria.find((criterion) => criterion.id === 'history')?.value).toBe(0);
  });

  it('ambient GIT_* variables (GIT_DIR, alternates, config parameters) never reach git', async () => {
    const env = safeGitEnvironment({
      PATH: '/usr/bin',
      GIT_DIR: path.join(buyer, '.git'),
      GIT_COMMON_DIR: path.join(buyer, '.git'),
      GIT_OBJECT_DIRECTORY: path.join(buyer, '.git', 'objects'),
      GIT_ALTERNATE_OBJECT_DIRECTORIES: path.join(buyer, '.git', 'objects'),
      GIT_CONFIG_PARAMETERS: "'protocol.file.allow'='always'",
      GIT_CEILING_DIRECTORIES: '',
      GIT_ALLOW_PROTOCOL: 'file',
    });
    expect(Object.keys(env).filter((key) => key.startsWith('GIT_')).sort()).toEqual(
      ['GIT_ALLOW_PROTOCOL', 'GIT_ASKPASS', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM', 'GIT_GRAFT_FILE', 'GIT_NO_LAZY_FETCH', 'GIT_NO_REPLACE_OBJECTS', 'GIT_OPTIONAL_LOCKS', 'GIT_PAGER', 'GIT_TERMINAL_PROMPT'].sort(),
    );
    expect(env.GIT_ALLOW_PROTOCOL).toBe('');
    // End to end: a plain folder scanned while the process itself has GIT_DIR pointing at the buyer.
    const vendor = vendorFolder('vendor-ambient');
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = path.join(buyer, '.git');
    try {
      const report = await scanDir(vendor, { checks: [secrets] });
      expect(ids(report)).not.toContain('secret-in-history');
      expect(report.target.commit).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
  });
});

describe('the git version', () => {
  it('is judged against the release that fixed each line', () => {
    const judged = (output: string) => judgeGitVersion(output);
    expect(judged('git version 2.39.5\n')).toEqual({ ok: true, version: '2.39.5' });
    expect(judged('git version 2.39.4')).toEqual({ ok: true, version: '2.39.4' });
    expect(judged('git version 2.45.1.windows.1')).toEqual({ ok: true, version: '2.45.1' });
    expect(judged('git version 2.47.0')).toEqual({ ok: true, version: '2.47.0' });
    expect(judged('git version 2.39.3 (Apple Git-145)')).toEqual({ ok: false, reason: 'git 2.39.3 is too old to read an untrusted repository safely (needs 2.39.4 or later)' });
    expect(judged('git version 2.43.0')).toEqual({ ok: false, reason: 'git 2.43.0 is too old to read an untrusted repository safely (needs 2.43.4 or later)' });
    expect(judged('git version 2.34.1')).toMatchObject({ ok: false, reason: expect.stringContaining('needs 2.39.4 or later') });
    expect(judged('hub version 1')).toMatchObject({ ok: false, reason: expect.stringContaining('cannot tell the git version') });
  });

  it('the git on this machine is asked once and passes', async () => {
    const first = checkGitVersion();
    expect(checkGitVersion()).toBe(first);
    const version = plainGit(tempDir(), '--version');
    expect(await first).toEqual(judgeGitVersion(version));
  });
});
