import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import reportSchema from '../schemas/report.schema.json' with { type: 'json' };
import { main } from '../src/cli.js';
import { compileSchema } from '../src/schemas.js';
import type { Report } from '../src/report/report.js';
import { shouldColor } from '../src/reporters/text.js';
import { buildCliBundle, cleanEnv, runOnTerminal } from './cli-bundle.js';
import { FIXTURES, makeTree, tempDir } from './helpers.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

const complete = path.join(FIXTURES, 'complete-handover');
const dump = path.join(FIXTURES, 'notebook-dump');

describe('ml-handover scan', () => {
  it('prints a text report and exits by the gate', async () => {
    const passed = await run('scan', complete, '--min-score', '10', '--no-color');
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('GATE PASSED');
    const failed = await run('scan', dump, '--no-color');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('GATE FAILED');
  });

  it('emits JSON that validates against the report schema', async () => {
    const { code, stdout } = await run('scan', complete, '--format', 'json', '--min-score', '0');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const result = compileSchema<Report>(reportSchema)(report);
    expect(result.ok ? [] : result.all).toEqual([]);
    expect(report.checks.find((c) => c.id === 'decision-records')?.status).toBe('pass');
  });

  it('writes markdown to a file', async () => {
    const out = path.join(tempDir(), 'nested', 'report.md');
    const { code, stderr } = await run('scan', dump, '--format', 'markdown', '--output', out);
    expect(code).toBe(1);
    expect(stderr).toMatch(/markdown report written to/);
    expect(readFileSync(out, 'utf8')).toMatch(/^# ml-handover report/);
  });

  it('applies policy, milestone and min-score', async () => {
    const dir = makeTree({ 'policy.yml': 'milestone: pilot\nminScore: 10\n' });
    const { stdout } = await run('scan', complete, '--policy', path.join(dir, 'policy.yml'), '--milestone', 'handover', '--min-score', '55', '--format', 'json');
    const report = JSON.parse(stdout) as Report;
    expect(report.milestone).toBe('handover');
    expect(report.gate.minScore).toBe(55);
    expect(report.policy.source).toBe(path.join(dir, 'policy.yml'));
  });

  it('exits 2 with file:line:column for a broken policy', async () => {
    const dir = makeTree({ 'policy.yml': 'version: 1\nchecks:\n  decision-records:\n    weight: heavy\n' });
    const { code, stderr, stdout } = await run('scan', complete, '--policy', path.join(dir, 'policy.yml'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`ml-handover: ${path.join(dir, 'policy.yml')}:4:13: checks.decision-records.weight: must be number\n`);
  });

  it('exits 2 for usage and target errors, with one line of reason', async () => {
    expect((await run('scan', '/does/not/exist')).code).toBe(2);
    const badFormat = await run('scan', complete, '--format', 'pdf');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/Allowed choices are text, json, markdown/);
    expect((await run('scan', complete, '--min-score', '101')).code).toBe(2);
    expect((await run('explain', 'nope')).stderr).toMatch(/unknown check "nope"/);
    expect((await run('frobnicate')).code).toBe(2);
  });
});

describe('ml-handover checks | explain | schema', () => {
  it('lists checks and explains one with criteria and weights', async () => {
    expect((await run('checks')).stdout).toMatch(/decision-records\s+Architecture decision records/);
    const explained = await run('explain', 'decision-records');
    expect(explained.stdout).toMatch(/structured\s+weight 4 \(40%\)/);
    expect(explained.stdout).toMatch(/broken-link \(error\)/);
    expect(explained.stdout).toMatch(/Fix: /);
  });

  it('prints the published schemas', async () => {
    expect(JSON.parse((await run('schema', 'policy')).stdout).title).toBe('ml-handover buyer policy');
    expect(JSON.parse((await run('schema', 'report')).stdout).title).toBe('ml-handover report');
    expect(JSON.parse((await run('schema', 'handover')).stdout).title).toBe('ml-handover handover manifest');
    const unknown = await run('schema', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/known: .*engagements.*evaluation-criteria|known: .*evaluation-criteria.*engagements/);
  });

  it('prints every schema in schemas/ under its file name', async () => {
    const files = readdirSync('schemas').filter((name) => name.endsWith('.schema.json'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const printed = await run('schema', file.replace(/\.schema\.json$/, ''));
      expect(printed.code, file).toBe(0);
      expect(JSON.parse(printed.stdout), file).toEqual(JSON.parse(readFileSync(path.join('schemas', file), 'utf8')));
    }
  });

  it('has help that teaches', async () => {
    const help = await run('scan', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
    expect(help.stdout).toMatch(/--milestone <milestone>/);
  });
});

describe('colour, as Node and the common libraries decide it', () => {
  const ESC = '\u001b[';
  let cli: string;
  beforeAll(async () => {
    cli = await buildCliBundle();
  });

  // [environment, on a terminal?, extra arguments, colour expected]
  const cases: Array<[Record<string, string>, boolean, string[], boolean]> = [
    [{ TERM: 'xterm-256color' }, true, [], true],
    [{ TERM: 'xterm-256color', NO_COLOR: '1' }, true, [], false],
    [{ TERM: 'xterm-256color', FORCE_COLOR: '0' }, true, [], false],
    [{ TERM: 'xterm-256color', FORCE_COLOR: 'false' }, true, [], false],
    [{ TERM: 'dumb' }, true, [], false],
    [{ TERM: 'xterm-256color' }, true, ['--no-color'], false],
    [{ TERM: 'dumb', FORCE_COLOR: '1' }, true, [], true],
    [{ TERM: 'xterm-256color' }, false, [], false],
    [{ FORCE_COLOR: '1' }, false, [], true],
    [{ FORCE_COLOR: 'true' }, false, [], true],
    [{ FORCE_COLOR: '3' }, false, [], true],
    [{ FORCE_COLOR: '0' }, false, [], false],
  ];

  it.each(cases)('%j on a terminal: %s, %j → colour %s', (env, terminal, extra, colour) => {
    const args = ['scan', dump, ...extra];
    const result = terminal ? runOnTerminal(cli, args, cleanEnv(env)) : spawnSync(process.execPath, [cli, ...args], { env: cleanEnv(env), encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('GATE FAILED');
    // Colour is SGR sequences (ESC [ n m); the progress line's erase sequence is not colour.
    expect(/\u001b\[\d+(;\d+)*m/.test(result.stdout)).toBe(colour);
    if (colour) expect(result.stdout).toContain(`${ESC}31m${ESC}1mGATE FAILED`);
  });

  it('unit: FORCE_COLOR decides first, then the terminal answers', () => {
    const tty = { isTTY: true, getColorDepth: () => 8 };
    expect(shouldColor(tty, {})).toBe(true);
    expect(shouldColor({ isTTY: true, getColorDepth: () => 1 }, {})).toBe(false);
    expect(shouldColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '' })).toBe(false);
    expect(shouldColor({ isTTY: true }, { TERM: 'xterm' })).toBe(true);
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: '' })).toBe(true);
    expect(shouldColor(tty, { FORCE_COLOR: 'no' })).toBe(false);
  });
});

describe('the committed bundle', () => {
  it('dist/cli.js runs with no dev tools and gives the same verdict', () => {
    const result = spawnSync(process.execPath, [path.resolve('dist/cli.js'), 'scan', complete, '--format', 'json', '--min-score', '0'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).tool.name).toBe('ml-handover');
    expect(execFileSync(process.execPath, [path.resolve('dist/cli.js'), '--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
