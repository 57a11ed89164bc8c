// The scan's time budget (#20): checks still running when it runs out are reported as not finished, per
// check and with the reason, never as a pass; reads fail fast, git is killed, and the report still comes back.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleGit } from 'simple-git';
import { describe, expect, it, onTestFinished } from 'vitest';
import reportSchema from '../schemas/report.schema.json' with { type: 'json' };
import { CHECKS } from '../checks/index.js';
import { defineCheck, type CheckContext, type CheckDefinition, type CheckOutcome } from '../src/check.js';
import { main } from '../src/cli.js';
import { GitRepositoryHistory } from '../src/git/history.js';
import { formatDuration, parseDuration } from '../src/policy/duration.js';
import { parsePolicyText, PolicyError } from '../src/policy/load-policy.js';
import type { BuyerPolicy } from '../src/policy/policy.js';
import { resolvePolicy } from '../src/policy/resolve-policy.js';
import type { Report } from '../src/report/report.js';
import { scan } from '../src/scan.js';
import { compileSchema } from '../src/schemas.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import { openTarget } from '../src/targets.js';
import { makeTree, tempDir } from './helpers.js';

const validReport = compileSchema<Report>(reportSchema);
const known = new Set(CHECKS.map((check) => check.id));
const decisionRecords = CHECKS.find((check) => check.id === 'decision-records')!;
const secrets = CHECKS.find((check) => check.id === 'secrets')!;

/** A check written for these tests: one criterion, judged by `run`. */
function testCheck(id: string, run: (snapshot: Snapshot, context: CheckContext) => Promise<CheckOutcome>): CheckDefinition {
  return defineCheck({
    id,
    title: `Test check ${id}`,
    rationale: 'Exercises the scan deadline.',
    defaultWeight: 1,
    criteria: [{ id: 'done', weight: 1, title: 'Finished' }],
    findings: {},
    scale: { high: 'finished', low: 'never finished' },
    recognises: [],
    run,
  });
}

const full: CheckOutcome = { status: 'judged', criteria: { done: 1 }, evidence: [], findings: [] };

/** Never resolves: a check stuck on something that will not answer. */
const stuck = testCheck('stuck-check', () => new Promise<CheckOutcome>(() => {}));

async function scanWith(dir: string, checks: readonly CheckDefinition[], policy: BuyerPolicy = {}, cliDeadlineMs?: number) {
  const opened = await openTarget(dir);
  const started = performance.now();
  try {
    const effective = resolvePolicy({ policy, ...(cliDeadlineMs !== undefined ? { deadlineMs: cliDeadlineMs } : {}) }, checks.map((check) => check.id));
    const report = await scan(opened.snapshot, { checks, policy: effective, now: () => new Date('2026-12-01T00:00:00Z') });
    return { report, elapsedMs: performance.now() - started, snapshot: opened.snapshot };
  } finally {
    await opened.close();
  }
}

function result(report: Report, id: string) {
  const found = report.checks.find((check) => check.id === id);
  if (!found) throw new Error(`no ${id} in the report`);
  return found;
}

function expectValid(report: Report) {
  const valid = validReport(report);
  expect(valid.ok ? [] : valid.all).toEqual([]);
}

const ADR = '# 1. Use PostgreSQL\n\nDate: 2025-01-10\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a store.\n\n## Decision\n\nPostgreSQL.\n\n## Consequences\n\nOne more service to run.\n';

describe('durations (policy and --deadline)', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['10m', 600_000],
    ['1.5h', 5_400_000],
    ['24h', 86_400_000],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each([
    ['10', /with a unit/],
    ['ten minutes', /with a unit/],
    ['-5s', /with a unit/],
    ['10 m', /with a unit/],
    ['', /with a unit/],
    ['0s', /at least 1ms/],
    ['25h', /at most 24h/],
  ])('"%s" is refused', (text, message) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it('writes a budget back in its shortest exact unit', () => {
    expect([600_000, 90_000, 1500, 3_600_000, 1000].map(formatDuration)).toEqual(['10m', '90s', '1500ms', '1h', '1s']);
  });
});

describe('the budget in the buyer policy', () => {
  it('is read from the policy, outranked by --deadline, and 10 minutes by default', () => {
    const policy = parsePolicyText('version: 1\ndeadline: 2m\n', 'buyer-policy.yml', known);
    expect(resolvePolicy({ policy }, [...known]).deadlineMs).toBe(120_000);
    expect(resolvePolicy({ policy, deadlineMs: 5000 }, [...known]).deadlineMs).toBe(5000);
    expect(resolvePolicy({}, [...known]).deadlineMs).toBe(600_000);
  });

  it.each([
    ['deadline: 600\n', 'buyer-policy.yml:1:11: deadline: must be string'],
    ['deadline: "600"\n', 'buyer-policy.yml:1:11: deadline: expected a duration with a unit, such as 500ms, 90s, 10m or 1h (got "600")'],
    ['version: 1\ndeadline: 48h\n', 'buyer-policy.yml:2:11: deadline: a duration must be at most 24h (got "48h")'],
  ])('names the line of a bad deadline: %j', (text, message) => {
    let error: unknown;
    try {
      parsePolicyText(text, 'buyer-policy.yml', known);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as Error).message).toBe(message);
  });
});

describe('a check that never finishes', () => {
  it('is reported as not finished, with the budget, while the other checks are judged', async () => {
    const dir = makeTree({ 'docs/adr/0001-use-postgres.md': ADR, 'README.md': '# Churn model\n' });
    const { report, elapsedMs } = await scanWith(dir, [decisionRecords, stuck], { deadline: '1s' });

    expect(elapsedMs).toBeLessThan(30_000); // it came back at all; a stuck check used to hold the report forever
    const cut = result(report, 'stuck-check');
    expect(cut).toMatchObject({ status: 'fail', score: 0, summary: "Not finished: the scan's 1s time budget ran out first." });
    expect(cut.findings.map((finding) => [finding.id, finding.severity])).toEqual([['deadline-exceeded', 'error']]);
    expect(cut.findings[0].message).toContain("within the scan's 1s time budget");
    expect(report.coverage.unfinished).toEqual([{ id: 'stuck-check', reason: "did not finish within the scan's 1s time budget" }]);
    expect(report.coverage.judged).toContain('stuck-check'); // counted, with 0: never left out of the score
    expect(report.errors).toContainEqual({ message: "check stuck-check did not finish within the scan's 1s time budget" });
    expect(report.stats).toMatchObject({ deadlineMs: 1000, deadlineHit: 1 });

    const judged = result(report, 'decision-records');
    expect(judged.findings.map((finding) => finding.id)).not.toContain('deadline-exceeded');
    expect(judged.score).toBeGreaterThan(0);
    expectValid(report);
  });

  it('fails the gate when it is required, even with a pass score of 0 and an active waiver', async () => {
    const dir = makeTree({ 'docs/adr/0001-use-postgres.md': ADR });
    const policy: BuyerPolicy = {
      deadline: '500ms',
      minScore: 0,
      required: ['stuck-check'],
      checks: { 'stuck-check': { minScore: 0 } },
      waivers: [{ check: 'stuck-check', reason: 'known gap', approvedBy: 'buyer@example.com', expires: '2099-01-01' }],
    };
    const { report } = await scanWith(dir, [decisionRecords, stuck], policy);
    expect(report.passed).toBe(false);
    expect(report.gate.failedRequired).toEqual(['stuck-check']);
    expect(report.gate.reasons).toContain("required check stuck-check did not finish within the scan's 500ms time budget");
    expect(result(report, 'stuck-check').status).toBe('fail');
    expectValid(report);
  });

  it('a scan that finishes in time says so: budget recorded, not hit, nothing unfinished', async () => {
    const dir = makeTree({ 'docs/adr/0001-use-postgres.md': ADR });
    const { report } = await scanWith(dir, [decisionRecords]);
    expect(report.stats).toMatchObject({ deadlineMs: 600_000, deadlineHit: 0 });
    expect(report.coverage.unfinished).toEqual([]);
    expect(report.errors.filter((error) => /did not finish/.test(error.message))).toEqual([]);
    expectValid(report);
  });
});

describe('checks that are slow, and what they see after the budget', () => {
  it('reads after the budget fail fast with reason "deadline", recorded nowhere as a file error', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`notes/note-${String(i).padStart(2, '0')}.md`] = `# Note ${i}\n\nSome text.\n`;
    const dir = makeTree(files);
    const seen: string[] = [];
    let ended!: () => void;
    const loopEnded = new Promise<void>((resolve) => (ended = resolve));
    const slowReader = testCheck('slow-reader', async (snapshot) => {
      try {
        for (const file of snapshot.glob('notes/*.md')) {
          const read = await snapshot.readText(file);
          seen.push(read.ok ? 'ok' : read.reason);
          if (!read.ok && read.reason === 'deadline') break;
          await sleep(40);
        }
        return full;
      } finally {
        ended();
      }
    });

    const { report, elapsedMs } = await scanWith(dir, [slowReader], { deadline: '300ms' });
    expect(elapsedMs).toBeLessThan(30_000);
    expect(report.coverage.unfinished?.map((entry) => entry.id)).toEqual(['slow-reader']);
    // The check's loop ends on its own soon after: its next read was refused, not served.
    await Promise.race([loopEnded, sleep(20_000).then(() => Promise.reject(new Error('the slow check kept reading after the budget')))]);
    expect(seen[0]).toBe('ok');
    expect(seen.at(-1)).toBe('deadline');
    expect(seen.length).toBeLessThan(60);
    expect(report.errors.filter((error) => error.path !== undefined)).toEqual([]);
    expectValid(report);
  });

  it('a loop that never yields but asks deadline.expired() stops, and its late answer does not count', async () => {
    const dir = makeTree({ 'README.md': '# x\n' });
    let spins = 0;
    const spinner = testCheck('spinner', async (_snapshot, context) => {
      await sleep(1);
      while (!context.deadline.expired()) spins++; // the timer cannot fire in here; the clock read still ends it
      return full;
    });
    const { report } = await scanWith(dir, [spinner], { deadline: '200ms' });
    expect(spins).toBeGreaterThan(0);
    expect(result(report, 'spinner')).toMatchObject({ status: 'fail', score: 0 });
    expect(report.stats.deadlineHit).toBe(1);
  });

  it('a check that throws after the budget is not reported as crashed', async () => {
    const dir = makeTree({ 'README.md': '# x\n' });
    const thrower = testCheck('late-thrower', async (snapshot) => {
      while (!snapshot.deadline.expired()) await sleep(20);
      throw new Error('read refused');
    });
    const { report } = await scanWith(dir, [thrower], { deadline: '150ms' });
    expect(result(report, 'late-thrower').findings.map((finding) => finding.id)).toEqual(['deadline-exceeded']);
    expect(report.errors.map((error) => error.message)).toEqual(["check late-thrower did not finish within the scan's 150ms time budget"]);
  });
});

describe('a repository config cannot move the budget', () => {
  const vendorConfig = 'deadline: 24h\nchecks:\n  stuck-check:\n    deadline: 24h\n';

  it('cannot raise it: the stuck check is still cut at the buyer budget', async () => {
    const dir = makeTree({ '.ml-handover.yml': vendorConfig, 'handover.yml': 'deadline: 24h\n', 'docs/adr/0001-use-postgres.md': ADR });
    const { report, elapsedMs } = await scanWith(dir, [decisionRecords, stuck], { deadline: '1s' });
    expect(elapsedMs).toBeLessThan(30_000);
    expect(report.stats.deadlineMs).toBe(1000);
    expect(report.coverage.unfinished?.map((entry) => entry.id)).toEqual(['stuck-check']);
    expect(report.policy.notes).toContain(".ml-handover.yml: deadline ignored: the scan's time budget is the buyer's (policy or --deadline)");
    expect(report.policy.notes).toContain(".ml-handover.yml: checks.stuck-check.deadline ignored (only the buyer's policy can set it)");
  });

  it('cannot lower it: a check slower than the vendor asks for still finishes', async () => {
    const dir = makeTree({ '.ml-handover.yml': 'deadline: 1ms\n', 'handover.yml': 'deadline: 1ms\n', 'README.md': '# x\n' });
    const patient = testCheck('patient', async () => {
      await sleep(300);
      return full;
    });
    const { report } = await scanWith(dir, [patient]);
    expect(report.stats).toMatchObject({ deadlineMs: 600_000, deadlineHit: 0 });
    expect(result(report, 'patient')).toMatchObject({ status: 'pass', score: 10 });
  });
});

interface GitChild {
  pid: number;
  /** Command line, working folder and environment: where to look for the repository it works on. */
  about: string;
  /** Blocked opening a FIFO (the kernel's wait in fifo_open). */
  onFifo: boolean;
}

/** The git processes this test process started that are still alive (zombies excluded). */
function gitChildren(): GitChild[] {
  const children: GitChild[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces, so read from the last ')'.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== process.pid || !comm.startsWith('git') || state === 'Z') continue;
      const about = [readFileSync(`/proc/${entry}/cmdline`, 'utf8'), readlinkSync(`/proc/${entry}/cwd`), readFileSync(`/proc/${entry}/environ`, 'utf8')].join('\0');
      children.push({ pid: Number(entry), about, onFifo: readFileSync(`/proc/${entry}/wchan`, 'utf8').includes('wait_for_partner') });
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/** Git processes working on `repository` (any of them: idle, busy or stuck). */
const gitWorkingOn = (repository: string) => gitChildren().filter((child) => child.about.includes(repository));

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await sleep(25);
  }
  return condition();
}

async function commitFile(dir: string, file: string, content: string, message: string) {
  writeFileSync(path.join(dir, file), content);
  const git = simpleGit(dir);
  await git.add(file);
  await git.commit(message);
}

describe('git history and the budget', () => {
  it('a history read that never ends (a loose object that is a FIFO) is killed at the budget', async () => {
    const dir = tempDir();
    const git = simpleGit(dir);
    await git.init();
    await git.addConfig('user.name', 'Vendor');
    await git.addConfig('user.email', 'vendor@example.com');
    await commitFile(dir, 'train.py', 'print("one")\n', 'first');
    await commitFile(dir, 'train.py', 'print("two")\n', 'second');
    // `git log -p` opens this blob to diff it and waits on the pipe for a writer that never comes.
    const blob = (await git.revparse(['HEAD:train.py'])).trim();
    const loose = path.join(dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
    rmSync(loose, { force: true });
    execFileSync('mkfifo', [loose]);
    onTestFinished(() => gitWorkingOn(dir).forEach((child) => process.kill(child.pid, 'SIGKILL')));

    const { report, elapsedMs } = await scanWith(dir, [secrets, decisionRecords], { deadline: '1500ms' });
    expect(elapsedMs).toBeLessThan(30_000);
    expect(report.coverage.unfinished).toEqual([{ id: 'secrets', reason: "did not finish within the scan's 1500ms time budget" }]);
    expect(result(report, 'secrets').findings.map((finding) => finding.id)).toEqual(['deadline-exceeded']);
    // Without the kill, git would sit on the pipe until the 120 s idle stop.
    expect(await until(() => gitWorkingOn(dir).length === 0, 10_000)).toBe(true);
    expectValid(report);
  });

  it('a --ref scan whose blob is a FIFO: the reads give up at the budget and cat-file is ended', async () => {
    const dir = tempDir();
    const git = simpleGit(dir);
    await git.init();
    await git.addConfig('user.name', 'Vendor');
    await git.addConfig('user.email', 'vendor@example.com');
    await commitFile(dir, 'README.md', '# Churn model\n\nScores customers nightly.\n', 'readme');
    await commitFile(dir, 'train.py', 'print("train")\n', 'code');
    const blob = (await git.revparse(['HEAD:README.md'])).trim();
    const loose = path.join(dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
    rmSync(loose, { force: true });
    execFileSync('mkfifo', [loose]); // `cat-file --batch` and `--batch-check` both wait on it forever

    // Control: a git asked about that blob is seen stuck on the FIFO by the probe used below.
    const control = spawn('git', ['cat-file', '--batch-check'], { cwd: dir, stdio: ['pipe', 'ignore', 'ignore'] });
    control.stdin.end(`${blob}\n`);
    expect(await until(() => gitChildren().some((child) => child.pid === control.pid && child.onFifo), 10_000)).toBe(true);
    control.kill('SIGKILL');
    await new Promise((resolve) => control.once('close', resolve));

    // Should this test fail, no git of ours is left waiting on the FIFO after it.
    onTestFinished(() => gitWorkingOn(dir).forEach((child) => child.onFifo && process.kill(child.pid, 'SIGKILL')));
    const opened = await openTarget(dir, { ref: 'HEAD' });
    const started = performance.now();
    const policy = resolvePolicy({ policy: { deadline: '2s' } }, CHECKS.map((check) => check.id));
    const report = await scan(opened.snapshot, { checks: CHECKS, policy });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(report.stats).toMatchObject({ deadlineMs: 2000, deadlineHit: 1 });
    expect(report.coverage.unfinished?.length).toBeGreaterThan(0);
    for (const { id } of report.coverage.unfinished ?? []) {
      expect(result(report, id)).toMatchObject({ status: 'fail', score: 0 });
      expect(result(report, id).findings.map((finding) => finding.id)).toEqual(['deadline-exceeded']);
    }
    // Ended by the deadline, before anyone closes the target: no git is left waiting on the FIFO.
    expect(await until(() => gitWorkingOn(dir).every((child) => !child.onFifo), 10_000)).toBe(true);
    const closing = performance.now();
    await opened.close();
    expect(performance.now() - closing).toBeLessThan(10_000); // it used to wait on cat-file for ever
    expectValid(report);
  });

  it('a long history and a tiny budget: the history scan is reported unfinished, and git is stopped', async () => {
    const dir = tempDir();
    execFileSync('git', ['init', '-q', dir]);
    const commits = 3000;
    const parts: string[] = [];
    for (let i = 0; i < commits; i++) {
      const body = Array.from({ length: 20 }, (_, line) => `row ${line} of ${i}: ${(i * 7919 + line) % 100_003}`).join('\n') + '\n';
      const message = `change ${i}\n`;
      parts.push(`commit refs/heads/main\nmark :${i + 1}\ncommitter Vendor <vendor@example.com> ${1_700_000_000 + i * 60} +0000\ndata ${message.length}\n${message}`);
      if (i > 0) parts.push(`from :${i}\n`);
      parts.push(`M 644 inline data/part-${i % 40}.csv\ndata ${body.length}\n${body}\n`);
    }
    const imported = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join('') });
    expect(imported.status, imported.stderr.toString()).toBe(0);
    execFileSync('git', ['symbolic-ref', 'HEAD', 'refs/heads/main'], { cwd: dir });
    execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });

    // The whole history, read without a budget, for comparison.
    const unbounded = await (await GitRepositoryHistory.open(dir))!.addedLines(() => {});
    expect(unbounded.error).toBeUndefined();
    expect(unbounded.commits).toBe(commits);

    const { report, elapsedMs } = await scanWith(dir, [secrets], { deadline: '50ms' });
    expect(elapsedMs).toBeLessThan(30_000);
    expect(report.coverage.unfinished?.map((entry) => entry.id)).toEqual(['secrets']);
    expect(report.stats).toMatchObject({ deadlineMs: 50, deadlineHit: 1 });
    expect(await until(() => gitWorkingOn(dir).length === 0, 10_000)).toBe(true);

    // The same read, cancelled part-way: git is killed and what it wrote is all there is.
    const controller = new AbortController();
    const history = (await GitRepositoryHistory.open(dir))!;
    history.cancelOn(controller.signal);
    setTimeout(() => controller.abort(), 30);
    const cut = await history.addedLines(() => {});
    expect(cut.commits).toBeLessThan(commits);
    expect(cut.error).toMatch(/SIGKILL|exited/);
  });
});

describe('--deadline on the command line', () => {
  async function cli(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
    return { code, stdout, stderr };
  }

  it('refuses a duration without a unit, naming the accepted forms (exit 2)', async () => {
    const dir = makeTree({ 'README.md': '# x\n' });
    const run = await cli('scan', dir, '--deadline', '10');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected a duration with a unit, such as 500ms, 90s, 10m or 1h (got "10")');
    const tooLong = await cli('scan', dir, '--deadline', '2d');
    expect(tooLong.code).toBe(2);
  });

  it('outranks the policy file, and the report records it', async () => {
    const dir = makeTree({ 'docs/adr/0001-use-postgres.md': ADR });
    const policyFile = path.join(tempDir(), 'buyer-policy.yml');
    writeFileSync(policyFile, 'version: 1\ndeadline: 2m\n');
    const run = await cli('scan', dir, '--policy', policyFile, '--deadline', '90s', '--format', 'json');
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Report;
    expect(report.stats).toMatchObject({ deadlineMs: 90_000, deadlineHit: 0 });
    expectValid(report);
  });
});
