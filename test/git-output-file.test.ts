// git writing its output to a temporary file instead of a pipe (src/git/git-output-file.ts): read back in
// order, cut at the cap, errors surfaced, the temporary folder always removed.
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { GitRepositoryHistory } from '../src/git/history.js';
import { runGitToFile } from '../src/git/git-output-file.js';
import { liveTempDirs } from '../src/temp-dirs.js';
import { commitAll, makeGitRepo, writeFiles } from './remote-fixtures.js';

const gitDirArgs = (dir: string) => ['-C', dir, 'log', '-p', '--no-color', '--format=%x01%H'];
const readAll = async (run: Awaited<ReturnType<typeof runGitToFile>>) => {
  const parts: Buffer[] = [];
  for await (const chunk of run.chunks(100)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
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
});
