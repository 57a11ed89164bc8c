// git writing its output to a temporary file instead of a pipe (src/git/git-output-file.ts): read back in
// order, cut at the cap, errors surfaced, the temporary folder always removed.
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { GitRepositoryHistory, NameLogReader, type PathDates } from '../src/git/history.js';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { runGitToFile } from '../src/git/git-output-file.js';
import { liveTempDirs } from '../src/temp-dirs.js';
import { commitAll, makeGitRepo, writeFiles } from './remote-fixtures.js';

const gitDirArgs = (dir: string) => ['-C', dir, 'log', '-p', '--no-color', '--format=%x01%H'];
const readAll = async (run: Awaited<ReturnType<typeof runGitToFile>>) => {
  let text = '';
  for await (const piece of run.texts(100)) text += piece;
  return text;
};
const gitTempFolders = () => readdirSync(os.tmpdir()).filter((name) => name.startsWith('ml-handover-git-'));

describe('runGitToFile', () => {
  it('hands back exactly what git printed, in chunks, and removes its folder', async () => {
    const dir = await makeGitRepo({ 'a.txt': 'one\ntwo\n', 'b.txt': 'three\n' });
    const before = gitTempFolders();
    const run = await runGitToFile([...gitDirArgs(dir), 'HEAD', '--'], { maxBytes: 1 << 20, idleMs: 60_000 });
    expect(run.capped).toBe(false);
    expect(run.error).toBeUndefined();
    const text = await readAll(run);
    expect(text.length).toBe(run.bytes);
    expect(text).toContain('+one\n+two\n');
    expect(text).toContain('+three\n');
    run.dispose();
    run.dispose();
    expect(gitTempFolders()).toEqual(before);
    expect(liveTempDirs()).toEqual([]);
  });

  it('stops git at the cap and reads no further', async () => {
    const dir = await makeGitRepo({ 'big.txt': 'a line of text\n'.repeat(200_000) });
    const run = await runGitToFile([...gitDirArgs(dir), 'HEAD', '--'], { maxBytes: 10_000, idleMs: 60_000, pollMs: 1 });
    expect(run.capped).toBe(true);
    expect(run.bytes).toBe(10_000);
    expect((await readAll(run)).length).toBe(10_000);
    run.dispose();
  });

  it('puts --output before "--", so a file named like the revision is not read as one', async () => {
    const dir = await makeGitRepo({ HEAD: 'not a revision\n', 'a.txt': 'x\n' });
    writeFiles(dir, { 'b.txt': 'y\n' });
    await commitAll(dir, 'second');
    const history = (await GitRepositoryHistory.open(dir))!;
    const lines: string[] = [];
    const summary = await history.addedLines((line) => lines.push(`${line.path}:${line.text}`));
    expect(summary).toMatchObject({ capped: false, commits: 2 });
    expect(summary.error).toBeUndefined();
    expect(lines.sort()).toEqual(['HEAD:not a revision', 'a.txt:x', 'b.txt:y']);
  });

  it("reports git's error and what it wrote before stays readable", async () => {
    const dir = await makeGitRepo({ 'a.txt': 'x\n' });
    const run = await runGitToFile([...gitDirArgs(dir), 'no-such-revision', '--'], { maxBytes: 1 << 20, idleMs: 60_000 });
    expect(run.error).toMatch(/no-such-revision|unknown revision|bad revision/);
    expect(await readAll(run)).toBe('');
    run.dispose();
    expect(existsSync(dir)).toBe(true);
  });

  it('a history whose patches are longer than the budget is read to the budget, lines of later commits first', async () => {
    const dir = await makeGitRepo({ 'old.txt': 'old line\n'.repeat(2000) });
    writeFiles(dir, { 'new.txt': 'new line\n' });
    await commitAll(dir, 'newer');
    const history = (await GitRepositoryHistory.open(dir))!;
    const paths = new Set<string>();
    const summary = await history.addedLines((line) => paths.add(line.path), { maxBytes: 4096 });
    expect(summary.capped).toBe(true);
    expect(summary.bytes).toBe(4096);
    expect(paths.has('new.txt')).toBe(true);
  });

  it('the file-name log is read across many pieces: every commit and every path, with their dates', async () => {
    const many = (tag: string) => Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`src/module ${i}/ünïcode file ${i}.py`, `${tag} ${i}\n`]));
    const dir = await makeGitRepo(many('first'));
    writeFiles(dir, many('second'));
    await commitAll(dir, 'second');
    writeFiles(dir, { 'only-third.txt': 'x\n' });
    await commitAll(dir, 'third');
    const history = (await GitRepositoryHistory.open(dir))!;
    const commits = await history.commits();
    expect(commits).toHaveLength(3);
    const dates = await history.pathDates();
    // 1,500 paths of ~40 bytes, twice: the log is several 64 KiB pieces long.
    expect(dates.size).toBe(1501);
    expect(dates.get('src/module 1499/ünïcode file 1499.py')).toMatchObject({ commits: 2, first: commits[0].date, last: commits[1].date });
    expect(dates.get('only-third.txt')).toMatchObject({ commits: 1, first: commits[2].date });
  });

  it('the file-name log reader gives what parsing the whole log at once gives, however the pieces are cut', async () => {
    const dir = await makeGitRepo({ 'a b.txt': '1\n', 'dir/ünï.md': '2\n', 'x\ty.txt': '3\n' });
    execFileSync('git', ['-C', dir, 'commit', '-q', '--allow-empty', '-m', 'empty']);
    writeFiles(dir, { 'a b.txt': '1 changed\n', 'new\nline.txt': 'n\n' });
    await commitAll(dir, 'more');
    const raw = execFileSync('git', ['-C', dir, 'log', '--no-renames', '--name-only', '-z', '--format=%x01%H %cI', 'HEAD', '--'], { encoding: 'utf8' });
    const expected = wholeLog(raw);
    expect(expected.commits).toHaveLength(3);
    fc.assert(
      fc.property(fc.array(fc.nat(raw.length), { maxLength: 12 }), (cuts) => {
        const reader = new NameLogReader();
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          reader.feed(raw.slice(at, cut));
          at = cut;
        }
        reader.feed(raw.slice(at));
        reader.end();
        expect(reader.commits).toEqual(expected.commits);
        expect([...reader.paths]).toEqual([...expected.paths]);
      }),
      { numRuns: 300 },
    );
  });
});

/** The whole-text parse the streaming reader replaced (the reference). */
function wholeLog(raw: string) {
  const commits: Array<{ sha: string; date: string }> = [];
  const paths = new Map<string, PathDates>();
  for (const block of raw.split('\x01')) {
    if (!block) continue;
    const newline = block.indexOf('\n');
    const header = newline === -1 ? block : block.slice(0, newline);
    const [sha, date] = header.replace(/\0+$/, '').split(' ');
    if (!sha || !date) continue;
    commits.push({ sha, date });
    for (const name of newline === -1 ? [] : block.slice(newline + 1).split('\0')) {
      const path = name.replace(/^\n/, '');
      if (!path) continue;
      const known = paths.get(path);
      if (known) {
        known.first = date;
        known.commits++;
      } else paths.set(path, { first: date, last: date, commits: 1 });
    }
  }
  return { commits, paths };
}
