// The scan's progress line: on a terminal it shows the listing and each check as it finishes, rewritten in
// place and cleared before the report; off a terminal, or in CI, nothing is written.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { scanProgress } from '../src/cli/scan-progress.js';
import { FIXTURES } from './helpers.js';

const LINE = '\r\u001b[2K';

describe('scan progress', () => {
  it('draws the stages on one line, fitted to the terminal, and clears it', () => {
    let written = '';
    let clock = 1_000;
    const progress = scanProgress({ isTTY: true, columns: 61, write: (s: string) => (written += s) }, {}, () => clock);
    progress.listing();
    clock += 1_500;
    progress.listed(177_712);
    progress.checkDone('experiment-tracking', 3, 19);
    progress.finish();
    expect(written.split(LINE)).toEqual(['', 'scan: listing files…', 'scan: 177,712 files listed (1.5 s); judging…', 'scan: 177,712 files · checks 3/19 · experiment-tracking don…', '']);
  });

  it('a terminal that reports no width is taken as 80 columns', () => {
    let written = '';
    const progress = scanProgress({ isTTY: true, columns: 0, write: (s: string) => (written += s) }, {}, () => 0);
    progress.listed(177_712);
    expect(written).toBe(`${LINE}scan: 177,712 files listed (0.0 s); judging…`);
  });

  it('stays quiet off a terminal, in CI and on a dumb terminal', () => {
    for (const [stream, env] of [
      [{ isTTY: false }, {}],
      [{ isTTY: true }, { CI: '1' }],
      [{ isTTY: true }, { TERM: 'dumb' }],
    ] as const) {
      let written = '';
      const progress = scanProgress({ ...stream, write: (s: string) => (written += s) }, env);
      progress.listing();
      progress.listed(3);
      progress.checkDone('secrets', 1, 1);
      progress.finish();
      expect(written).toBe('');
    }
  });

  it('a CLI scan on a terminal reports every check and leaves the line clean; the report is untouched', async () => {
    const out = { stdout: '', stderr: '', progress: '' };
    const io = {
      stdout: (s: string) => void (out.stdout += s),
      stderr: (s: string) => void (out.stderr += s),
      progress: { isTTY: true, columns: 200, write: (s: string) => (out.progress += s) },
    };
    const previous = process.env.CI;
    delete process.env.CI;
    try {
      expect(await main(['scan', path.join(FIXTURES, 'complete-handover'), '--format', 'json', '--milestone', 'handover'], io)).toBe(0);
    } finally {
      if (previous !== undefined) process.env.CI = previous;
    }
    const report = JSON.parse(out.stdout);
    const lines = out.progress.split(LINE).filter(Boolean);
    expect(lines[0]).toBe('scan: listing files…');
    expect(lines[1]).toMatch(new RegExp(`^scan: ${report.stats.files} files listed \\(\\d+\\.\\d s\\); judging…$`));
    const done = lines.slice(2).map((line) => /checks (\d+)\/(\d+) · ([\w-]+) done/.exec(line)!.slice(1));
    expect(done.map(([n]) => Number(n))).toEqual(report.checks.map((_: unknown, i: number) => i + 1));
    expect(new Set(done.map(([, , id]) => id))).toEqual(new Set(report.checks.map((check: { id: string }) => check.id)));
    expect(out.progress.endsWith(LINE)).toBe(true);
    expect(out.stderr).toBe('');
  });
});
