import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalDirectorySource } from '../src/snapshot/local-source.js';
import { Snapshot } from '../src/snapshot/snapshot.js';
import { makeTree, tempDir } from './helpers.js';

async function snapshotOf(dir: string, readCap?: number) {
  return Snapshot.fromSource(new LocalDirectorySource(dir), { readCap });
}

describe('Snapshot listing', () => {
  it('lists files once as sorted POSIX paths, excluding .git and vendored folders', async () => {
    const dir = makeTree({
      'b.md': 'b',
      'a/z.txt': 'z',
      'a/b/c.py': 'print(1)',
      '.git/config': '[core]',
      'node_modules/x/index.js': '',
      '.venv/lib/site.py': '',
      'pkg/__pycache__/m.pyc': '',
      '.dvc/cache/ab/cdef': 'cache',
      '.dvc/config': '[core]',
    });
    const snapshot = await snapshotOf(dir);
    expect(snapshot.files).toEqual(['.dvc/config', 'a/b/c.py', 'a/z.txt', 'b.md']);
  });

  it('answers globs, folders and names in memory', async () => {
    const dir = makeTree({ 'docs/adr/0001-x.md': '', 'docs/adr/README.md': '', 'docs/RUNBOOK.md': '', 'src/docs/adr/0001-y.md': '', 'x.MD': '' });
    const snapshot = await snapshotOf(dir);
    expect(snapshot.glob('docs/adr/*.md', { caseSensitive: true })).toEqual(['docs/adr/0001-x.md', 'docs/adr/README.md']);
    expect(snapshot.glob('**/adr/*.md')).toEqual(['docs/adr/0001-x.md', 'docs/adr/README.md', 'src/docs/adr/0001-y.md']);
    expect(snapshot.glob('*.md')).toEqual(['x.MD']);
    expect(snapshot.glob('*.md', { caseSensitive: true })).toEqual([]);
    expect(snapshot.glob('docs/runbook.md')).toEqual(['docs/RUNBOOK.md']);
    expect(snapshot.under('docs')).toEqual(['docs/RUNBOOK.md', 'docs/adr/0001-x.md', 'docs/adr/README.md']);
    expect(snapshot.under('doc')).toEqual([]);
    expect(snapshot.named('0001-x.md')).toEqual(['docs/adr/0001-x.md']);
    expect(snapshot.has('docs/RUNBOOK.md')).toBe(true);
  });
});

describe('Snapshot reads', () => {
  it('never follows a symlink out of the root, and records why it did not read', async () => {
    const outside = makeTree({ 'secret.txt': 'outside the root' });
    const dir = makeTree({ 'inside.md': 'hello' });
    symlinkSync('/etc/passwd', path.join(dir, 'passwd.md'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'secret.md'));
    symlinkSync('/', path.join(dir, 'rootdir'));
    symlinkSync('..', path.join(dir, 'parent'));
    symlinkSync('loop-b', path.join(dir, 'loop-a'));
    symlinkSync('loop-a', path.join(dir, 'loop-b'));
    const snapshot = await snapshotOf(dir);
    expect(snapshot.files).toEqual(['inside.md', 'loop-a', 'loop-b', 'parent', 'passwd.md', 'rootdir', 'secret.md']);
    for (const link of ['passwd.md', 'secret.md', 'rootdir', 'parent', 'loop-a']) {
      const read = await snapshot.readText(link);
      expect(read.ok).toBe(false);
      expect(snapshot.isSymlink(link)).toBe(true);
    }
    expect(snapshot.glob('**/*').some((p) => p.startsWith('parent/') || p.startsWith('rootdir/'))).toBe(false);
    expect(snapshot.errors.find((e) => e.path === 'passwd.md')?.message).toMatch(/symbolic links are never followed/);
    expect(await snapshot.readText('inside.md')).toEqual({ ok: true, text: 'hello', lossy: false });
  });

  it('refuses a path that tries to climb out of the root', async () => {
    const dir = makeTree({ 'a.md': 'a' });
    const source = new LocalDirectorySource(dir);
    expect((await source.readBytes('../etc/passwd', 1000)).ok).toBe(false);
    expect((await source.readBytes('/etc/passwd', 1000)).ok).toBe(false);
  });

  it('refuses files over the read cap without reading them, and says so with the path', async () => {
    const dir = makeTree({ 'big.md': 'x'.repeat(5000), 'small.md': 'ok' });
    const snapshot = await snapshotOf(dir, 4096);
    const read = await snapshot.readText('big.md');
    expect(read).toMatchObject({ ok: false, reason: 'too-large' });
    expect(snapshot.errors).toContainEqual({ path: 'big.md', message: expect.stringMatching(/larger than the 4 KiB read cap/) });
    expect((await snapshot.readText('small.md')).ok).toBe(true);
    expect(await snapshot.sizeOf('big.md')).toBe(5000);
  });

  it('handles a sparse multi-GB file without reading it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'MODEL_CARD.md'), '');
    execFileSync('truncate', ['-s', '4G', path.join(dir, 'MODEL_CARD.md')]);
    const snapshot = await snapshotOf(dir);
    const read = await snapshot.readText('MODEL_CARD.md');
    expect(read).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('refuses binary content and decodes invalid UTF-8 without throwing', async () => {
    const dir = makeTree({
      'model.md': Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]),
      'latin1.md': Buffer.from([0x23, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a]),
    });
    const snapshot = await snapshotOf(dir);
    expect(await snapshot.readText('model.md')).toMatchObject({ ok: false, reason: 'binary' });
    const lossy = await snapshot.readText('latin1.md');
    expect(lossy).toMatchObject({ ok: true, lossy: true });
    expect(lossy.ok && lossy.text).toBe('# caf\uFFFD\n');
    expect(snapshot.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['model.md', 'latin1.md']));
  });

  it('skips FIFOs instead of blocking on them', async () => {
    const dir = makeTree({ 'a.md': 'a' });
    execFileSync('mkfifo', [path.join(dir, 'pipe.md')]);
    const snapshot = await snapshotOf(dir);
    expect(snapshot.files).toEqual(['a.md']);
  });

  it('keeps odd file names intact (newlines, leading dashes, markup)', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'docs'));
    for (const name of ['-rf.md', 'line\nbreak.md', '<img src=x onerror=alert(1)>.md']) writeFileSync(path.join(dir, 'docs', name), 'x');
    const snapshot = await snapshotOf(dir);
    expect(snapshot.files).toEqual(['docs/-rf.md', 'docs/<img src=x onerror=alert(1)>.md', 'docs/line\nbreak.md']);
    expect((await snapshot.readText('docs/line\nbreak.md')).ok).toBe(true);
  });

  it('caches reads', async () => {
    const dir = makeTree({ 'a.md': 'first' });
    const snapshot = await snapshotOf(dir);
    expect(await snapshot.readText('a.md')).toMatchObject({ text: 'first' });
    writeFileSync(path.join(dir, 'a.md'), 'second');
    expect(await snapshot.readText('a.md')).toMatchObject({ text: 'first' });
  });

  it('reads a file once for every cap it fits under, and still refuses it under a smaller cap', async () => {
    const dir = makeTree({ 'code.py': 'x = 1\n'.repeat(100) });
    const snapshot = await snapshotOf(dir);
    expect(await snapshot.readText('code.py', { maxBytes: 1024 })).toMatchObject({ ok: true, text: 'x = 1\n'.repeat(100) });
    // Its 600 bytes do not fit under 100: that cap is still refused.
    expect(await snapshot.readText('code.py', { maxBytes: 100 })).toMatchObject({ ok: false, reason: 'too-large' });
    // Rewritten on disk: a read under another cap the file fits is answered from the first read, not the disk.
    writeFileSync(path.join(dir, 'code.py'), 'changed');
    expect(await snapshot.readText('code.py', { maxBytes: 4096 })).toMatchObject({ ok: true, text: 'x = 1\n'.repeat(100) });
    expect(await snapshot.readText('code.py', { maxBytes: 600 })).toMatchObject({ ok: true, text: 'x = 1\n'.repeat(100) });
  });
});
