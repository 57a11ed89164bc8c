// The snapshot's fast paths (sorted walk, binary-search lookups, name and extension indexes, synchronous
// reads) must give exactly what the plain definitions give: compared here against brute force.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { GitRepositoryHistory } from '../src/git/history.js';
import { GitRefSource, isListedPath } from '../src/snapshot/git-ref-source.js';
import { isSafeRelativePath, LocalDirectorySource } from '../src/snapshot/local-source.js';
import { EXCLUDED_DIRECTORIES } from '../src/snapshot/source.js';
import { expandBraces, Snapshot } from '../src/snapshot/snapshot.js';
import { makeTree, tempDir } from './helpers.js';
import { makeGitRepo } from './remote-fixtures.js';

// Names chosen to sort differently as names and as paths ('-' and '.' sort before '/', '0' after it),
// with upper case, dotfiles and a name that is only an extension.
const TREE: Record<string, string> = {
  'a/x.md': 'x',
  'a-b': 'file next to a folder',
  'a.txt': 'a',
  'a0/y.py': 'print(0)',
  'a b/z.PY': 'print(1)',
  'A/README.md': '# A',
  'README.md': '# root',
  'docs/adr/0001-use-lightgbm.md': '# 1. Use LightGBM',
  'docs/adr/0002-Feature-Store.MD': '# 2. Feature store',
  'docs/Data-Card.md': '# Data card',
  'docs/datacard-v2.md': '# Data card v2',
  'src/.py': 'hidden',
  'src/.env.example': 'TOKEN=',
  'src/pkg/train.py': 'fit()',
  'src/pkg/Train_Model.py': 'fit()',
  'src/Pkg/deep/model.py': 'fit()',
  'src/pkg/ñandú/model.py': 'fit()',
  'mlruns/1/0123456789abcdef0123456789abcdef/meta.yaml': 'run_id: x',
  'mlruns/1/0123456789abcdef0123456789abcdef/tags/mlflow.runName': 'lgbm',
  'cron.d/retrain': '0 3 * * * train',
  'svc/main.py': 'app()',
  'svc/Main.PY': 'app()',
  'x/pkg/y/Pkg/z.py': 'nested folders of one name',
};

const PATTERNS = [
  '**/*.py',
  '**/*.md',
  '**/*.MD',
  '**/*.{md,txt}',
  '**/*.{PY,yaml,Md,md}',
  '**/{main,x,MAIN,readme}.{py,md}',
  '**/{README,readme}.md',
  '**/pkg/**/*.py',
  '**/{pkg,deep,adr}/**',
  '**/src/**/model.py',
  '**/PKG/*',
  '**/README.md',
  '**/readme.md',
  '**/*card*.md',
  '**/*datacard*.md',
  '**/0*-*.md',
  '**/cron.d/*',
  '**/mlflow.runName',
  'docs/**/*.md',
  'docs/adr/*.md',
  '*.md',
  '*',
  'src/**',
  '**/.env*',
  '**/*.yaml',
  '**/tags/*',
  'a/x.md',
  'A/readme.md',
  '{,docs/}README{,.md,.markdown}',
  '{docs,doc}/**/*{card,adr}*.{md,MD}',
  '{a,A}/{x,readme}.md',
  '{README}.md',
  'a{-b,.txt}',
  '{a,b}/**/{x,y}.*',
  '**/PKG/**/*.py',
  '**/docs/ADR/*',
  'mlruns/**/tags/*',
  // Brace groups spanning folders: no folder is required of a match.
  '{docs/adr/0001-use-lightgbm.md,README.md}',
  '{,docs/,src/}{README,Data-Card}{,.md}',
  '{src/pkg,cron.d}/*',
];

async function localSnapshot(dir: string) {
  return Snapshot.fromSource(new LocalDirectorySource(dir));
}

describe('snapshot indexes', () => {
  it('walks a folder in sorted path order without sorting the whole listing', async () => {
    const dir = makeTree(TREE);
    symlinkSync('a.txt', path.join(dir, 'a-link'));
    const snapshot = await localSnapshot(dir);
    const expected = [...Object.keys(TREE), 'a-link'].sort();
    expect(snapshot.files).toEqual(expected);
    expect(snapshot.isSymlink('a-link')).toBe(true);
    expect(snapshot.isSymlink('a.txt')).toBe(false);
    expect(snapshot.entry('a-link')).toEqual({ path: 'a-link', kind: 'symlink' });
    expect(snapshot.entry('a/x.md')).toEqual({ path: 'a/x.md', kind: 'file' });
    for (const file of expected) expect(snapshot.has(file)).toBe(true);
    for (const missing of ['a', 'a/', 'b', '', 'zzz', 'A/readme.md']) expect(snapshot.has(missing)).toBe(false);
  });

  it('answers every glob as picomatch over the whole listing does, case-insensitive and case-sensitive', async () => {
    const snapshot = await localSnapshot(makeTree(TREE));
    for (const pattern of PATTERNS) {
      for (const caseSensitive of [false, true]) {
        const matcher = picomatch(pattern, { dot: true, nocase: !caseSensitive });
        const brute = snapshot.files.filter((file) => matcher(file));
        expect({ pattern, caseSensitive, found: snapshot.glob(pattern, { caseSensitive }) }).toEqual({ pattern, caseSensitive, found: brute });
      }
    }
    expect(snapshot.glob(PATTERNS.slice(0, 3))).toEqual(snapshot.files.filter((file) => PATTERNS.slice(0, 3).some((pattern) => picomatch(pattern, { dot: true, nocase: true })(file))));
    // Lists mix index-answered and matched patterns; their per-pattern answers are merged in path order.
    const lists = [PATTERNS, ...PATTERNS.map((_, at) => PATTERNS.slice(at, at + 4)), ['**/*.py', '**/*.md', '**/*.py'], ['**/readme.md', '**/*.md']];
    for (const list of lists) {
      for (const caseSensitive of [false, true]) {
        const matchers = list.map((pattern) => picomatch(pattern, { dot: true, nocase: !caseSensitive }));
        const brute = snapshot.files.filter((file) => matchers.some((matcher) => matcher(file)));
        expect({ list, caseSensitive, found: snapshot.glob(list, { caseSensitive }) }).toEqual({ list, caseSensitive, found: brute });
      }
    }
  });

  it('expands brace groups to narrow candidates, and leaves alone what it cannot expand exactly', () => {
    expect(expandBraces('{,docs/}HANDOVER{.md,.txt}')).toEqual(['HANDOVER.md', 'HANDOVER.txt', 'docs/HANDOVER.md', 'docs/HANDOVER.txt']);
    expect(expandBraces('docs/**/*.md')).toBeNull();
    expect(expandBraces('{README}.md')).toBeNull();
    expect(expandBraces('{a,{b,c}}')).toBeNull();
    expect(expandBraces('file{1..3}.md')).toBeNull();
    expect(expandBraces('@(a|b){x,y}')).toBeNull();
    expect(expandBraces('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}')).toBeNull();
  });

  it('finds names case-sensitively, and folders by prefix', async () => {
    const snapshot = await localSnapshot(makeTree(TREE));
    expect(snapshot.named('README.md')).toEqual(['A/README.md', 'README.md']);
    expect(snapshot.named('readme.md')).toEqual([]);
    expect(snapshot.named('train.py')).toEqual(['src/pkg/train.py']);
    expect(snapshot.named('x.md')).toEqual(['a/x.md']);
    expect(snapshot.under('a')).toEqual(['a/x.md']);
    expect(snapshot.under('docs/adr/')).toEqual(['docs/adr/0001-use-lightgbm.md', 'docs/adr/0002-Feature-Store.MD']);
  });

  it('lists a git ref in the same order, with sizes asked of git only when a check needs them', async () => {
    const dir = await makeGitRepo(TREE);
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const source = new GitRefSource({ repositoryDir: dir, commit, target: { kind: 'git-ref', path: dir, ref: 'HEAD', commit } });
    try {
      const snapshot = await Snapshot.fromSource(source);
      expect(snapshot.files).toEqual(Object.keys(TREE).sort());
      expect(snapshot.entry('a.txt')?.size).toBeUndefined();
      expect(await snapshot.sizeOf('a-b')).toBe('file next to a folder'.length);
      expect(await snapshot.readText('README.md', { maxBytes: 4 })).toMatchObject({ ok: false, reason: 'too-large' });
      expect(await snapshot.readText('README.md')).toEqual({ ok: true, text: '# root', lossy: false });
    } finally {
      await source.dispose();
    }
  });
});

describe('path checks', () => {
  // The definitions the one-pass versions replace.
  const safeBySplit = (path: string) => path !== '' && !path.startsWith('/') && !path.includes('\0') && !path.split('/').some((part) => part === '..' || part === '');
  const listedBySplit = (path: string) => {
    if (!safeBySplit(path)) return false;
    if (['.dvc/cache/', '.dvc/tmp/'].some((prefix) => path.startsWith(prefix))) return false;
    const parts = path.split('/');
    return !parts.slice(0, -1).some((part) => EXCLUDED_DIRECTORIES.has(part));
  };
  const PATHS = ['a', 'a/b', '', '/a', 'a/', 'a//b', '..', '../a', 'a/..', 'a/../b', '...', 'a/.../b', 'a..b', '.a/..b', 'a\0b', '.git', '.git/config',
    'x/.git/HEAD', 'node_modules', 'src/node_modules/x.js', 'src/node_modules_old/x.js', 'venv/lib.py', 'a/venv', '.dvc/cache/ab', '.dvc/config', 'x/.dvc/cache/ab',
    'site-packages/x', 'a/__pycache__/m.pyc', '__pycache__', 'a.venv/b', 'a/.venv/b', '.ipynb_checkpoints/x.ipynb'];

  it('agree with splitting the path on every segment', () => {
    for (const path of PATHS) {
      expect({ path, safe: isSafeRelativePath(path) }).toEqual({ path, safe: safeBySplit(path) });
      expect({ path, listed: isListedPath(path) }).toEqual({ path, listed: listedBySplit(path) });
    }
  });
});

describe('snapshot reads from a folder', () => {
  it('refuses a file whose parent folder was swapped for a link out of the root after a first read', async () => {
    const outside = makeTree({ 'notes/secret.md': 'outside the root' });
    const dir = makeTree({ 'notes/a.md': 'inside', 'notes/secret.md': 'inside too' });
    const snapshot = await localSnapshot(dir);
    expect(await snapshot.readText('notes/a.md')).toMatchObject({ ok: true, text: 'inside' });
    renameSync(path.join(dir, 'notes'), path.join(dir, 'moved'));
    symlinkSync(path.join(outside, 'notes'), path.join(dir, 'notes'));
    const read = await snapshot.readBytes('notes/secret.md');
    expect(read).toMatchObject({ ok: false, reason: 'symlink' });
    expect(snapshot.errors.some((error) => error.path === 'notes/secret.md')).toBe(true);
  });

  it('reads through the synchronous path with the same bounds: cap, not-a-file, missing', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'big.txt'), 'x'.repeat(5000));
    writeFileSync(path.join(dir, 'small.txt'), 'hello');
    const snapshot = await localSnapshot(dir);
    expect(await snapshot.readBytes('big.txt', 4096)).toMatchObject({ ok: false, reason: 'too-large' });
    expect(await snapshot.sizeOf('big.txt')).toBe(5000);
    const small = await snapshot.readBytes('small.txt');
    expect(small.ok && Buffer.from(small.bytes).toString()).toBe('hello');
    expect(await snapshot.readBytes('nope.txt')).toEqual({ ok: false, reason: 'missing' });
  });
});

describe('commit lookups through one git process', () => {
  it('answers found, missing, abbreviated, not-a-commit and malformed questions', async () => {
    const dir = await makeGitRepo({ 'a.txt': 'a\n' });
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const blob = execFileSync('git', ['rev-parse', 'HEAD:a.txt'], { cwd: dir, encoding: 'utf8' }).trim();
    const history = (await GitRepositoryHistory.open(dir))!;
    const answers = await Promise.all([head, head.slice(0, 10), 'f'.repeat(40), blob, 'zz', `${head}\nHEAD`].map((sha) => history.hasCommit(sha)));
    expect(answers).toEqual([true, true, false, false, false, false]);
    // Asked again after the first burst: the same process, or a new one, still answers.
    expect(await history.hasCommit(head)).toBe(true);
  });
});

