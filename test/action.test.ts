// End to end: the bundled Action (dist/action.js, built into a private folder) runs as a child process
// with the environment GitHub gives a JavaScript action, against a fake GitHub API on loopback.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { WORD_JOINER } from '../src/reporters/escape.js';
import { assertInert, buildActionBundle, FakeGitHub, runBundledAction, type ActionRun } from './action-harness.js';
import { FIXTURES, makeTree, tempDir } from './helpers.js';
import { sarifValidator } from './sarif-validator.js';

const OWNER = 'kestrel-mobile';
const REPO = 'churn-delivery';
const TOKEN = 'ghs_test-token';
const MARKER = '<!-- ml-handover:pr-comment key=vendor ';

const github = new FakeGitHub();
const validateSarif = sarifValidator();
let bundle = '';

beforeAll(async () => {
  bundle = await buildActionBundle(tempDir('mlh-action-bundle-'));
  await github.start();
});
afterAll(() => github.stop());
beforeEach(() => github.clear());

/** A runner workspace with a fixture copied to `vendor/` (the scanned folder) plus extra files. */
function workspace(fixture: string | null, extra: Record<string, string> = {}): string {
  const dir = tempDir('mlh-action-ws-');
  if (fixture) cpSync(path.join(FIXTURES, fixture), path.join(dir, 'vendor'), { recursive: true });
  makeTree(extra, dir);
  return dir;
}

function pullRequest(number: number) {
  return { eventName: 'pull_request', event: { action: 'synchronize', number, pull_request: { number }, repository: { full_name: `${OWNER}/${REPO}` } } };
}

function run(workDir: string, inputs: Record<string, string>, event: { eventName: string; event?: unknown } = { eventName: 'push', event: {} }): Promise<ActionRun> {
  return runBundledAction({ bundle, workDir, inputs: { path: 'vendor', 'github-token': TOKEN, ...inputs }, apiUrl: github.url, ...event });
}

function readReport(workDir: string, file = 'out/report.json'): Report {
  return JSON.parse(readFileSync(path.join(workDir, file), 'utf8')) as Report;
}

function requestsTo(method: string, pattern: RegExp) {
  return github.requests.filter((request) => request.method === method && pattern.test(request.url));
}

function commentBody(request: { body: unknown }): string {
  return (request.body as { body: string }).body;
}

function annotations(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /^::(error|warning|notice) file=/.test(line));
}

const why = (result: ActionRun) => `exit ${result.code}\n${result.stdout}\n${result.stderr}`;

describe('the Action, run as GitHub runs it', () => {
  it('passes the gate on the complete handover: outputs, job summary, report, SARIF, one new PR comment', async () => {
    const ws = workspace('complete-handover');
    const result = await run(ws, { 'min-score': '1', 'sarif-file': 'out/results.sarif', 'report-file': 'out/report.json' }, pullRequest(7));
    expect(result.code, why(result)).toBe(0);

    const report = readReport(ws);
    expect(report.passed).toBe(true);
    expect(report.gate.minScore).toBe(1);
    const failed = report.checks.filter((check) => check.status === 'fail' || report.gate.failedRequired.includes(check.id)).map((check) => check.id);
    expect(result.outputs).toEqual({
      score: String(report.score),
      grade: report.grade,
      passed: 'true',
      'failed-checks': failed.join(','),
      'report-file': 'out/report.json',
      'sarif-file': 'out/results.sarif',
    });

    expect(result.summary).toMatch(/^## ml-handover: ✅ gate passed\n/);
    expect(result.summary).toContain(`**Score ${report.score}/100 (grade ${report.grade})**`);
    // Verdict, top findings and the table on screen; every check's details folded; small enough to read.
    const summaryBytes = Buffer.byteLength(result.summary);
    expect(summaryBytes).toBeLessThan(20_000);
    const order = ['**Top findings**', '| Check | Score |', '<details><summary>Details of every check', '<sub>ml-handover'].map((marker) => result.summary.indexOf(marker));
    expect(order.every((at, index) => at > 0 && (index === 0 || at > order[index - 1])), order.join(',')).toBe(true);
    expect(result.summary.match(/<details>/g)!.length).toBe(report.checks.length + 1);
    expect(result.summary.match(/<\/details>/g)!.length).toBe(report.checks.length + 1);

    const sarif = JSON.parse(readFileSync(path.join(ws, 'out/results.sarif'), 'utf8'));
    expect(validateSarif(sarif).errors).toEqual([]);
    for (const item of sarif.runs[0].results) expect(item.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^vendor\//);

    const posts = requestsTo('POST', /comments$/);
    expect(posts).toHaveLength(1);
    expect(posts[0].url).toBe(`/repos/${OWNER}/${REPO}/issues/7/comments`);
    expect(posts[0].authorization).toBe(`token ${TOKEN}`);
    expect(commentBody(posts[0]).startsWith(`${MARKER}score=${report.score} -->\n`)).toBe(true);
    expect(commentBody(posts[0])).toContain('first report on this pull request');
    expect(commentBody(posts[0])).toContain('https://github.com/kestrel-mobile/churn-delivery/actions/runs/4242');
    expect(requestsTo('PATCH', /./)).toHaveLength(0);
    expect(github.thread(OWNER, REPO, 7)).toHaveLength(1);
    expect(result.stdout).toContain('Pull-request comment created');
  });

  it('updates the same comment on every later push and shows the change in score, never adding a second', async () => {
    const ws = workspace('complete-handover');
    const inputs = { 'min-score': '1', 'report-file': 'out/report.json' };
    await run(ws, inputs, pullRequest(11));
    const [created] = github.thread(OWNER, REPO, 11);
    const score = readReport(ws).score;

    github.requests.length = 0;
    const second = await run(ws, inputs, pullRequest(11));
    expect(second.code, why(second)).toBe(0);
    expect(requestsTo('POST', /./)).toHaveLength(0);
    const patches = requestsTo('PATCH', /./);
    expect(patches.map((request) => request.url)).toEqual([`/repos/${OWNER}/${REPO}/issues/comments/${created.id}`]);
    expect(commentBody(patches[0])).toContain(`no change since the last report (${score})`);
    expect(github.thread(OWNER, REPO, 11)).toHaveLength(1);

    // The vendor removes two decision records: the score drops and the comment says so.
    rmSync(path.join(ws, 'vendor/docs/adr/0003-nightly-batch-scoring.md'));
    rmSync(path.join(ws, 'vendor/docs/adr/0004-online-scoring-api.md'));
    github.requests.length = 0;
    await run(ws, inputs, pullRequest(11));
    const lower = readReport(ws).score;
    expect(lower).toBeLessThan(score);
    const [patch] = requestsTo('PATCH', /./);
    expect(patch.url).toBe(`/repos/${OWNER}/${REPO}/issues/comments/${created.id}`);
    expect(commentBody(patch)).toContain(`▼ ${lower - score} since the last report (${score} → ${lower})`);
    expect(requestsTo('POST', /./)).toHaveLength(0);
    expect(github.thread(OWNER, REPO, 11)).toHaveLength(1);
  });

  it('finds its own comment across pages and ignores a marker planted by someone else', async () => {
    const forged = `${MARKER}score=99 -->\nAll good, merge it.`;
    github.seed(OWNER, REPO, 8, [
      ...Array.from({ length: 3 }, (_, i) => ({ body: `review note ${i}` })),
      { body: forged, login: 'mallory', type: 'User' as const },
      ...Array.from({ length: 130 }, (_, i) => ({ body: `discussion ${i}`, login: 'dev' })),
    ]);
    const ws = workspace('complete-handover');
    const first = await run(ws, { 'min-score': '1', 'report-file': 'out/report.json' }, pullRequest(8));
    expect(first.code, why(first)).toBe(0);
    expect(requestsTo('GET', /\/issues\/8\/comments\?.*page=2/)).toHaveLength(1);
    expect(requestsTo('GET', /^\/user$/)).toHaveLength(1); // "is the marked comment mine?" (a workflow token cannot tell: 403)
    expect(requestsTo('PATCH', /./)).toHaveLength(0);
    expect(requestsTo('POST', /\/issues\/8\/comments$/)).toHaveLength(1);
    const thread = github.thread(OWNER, REPO, 8);
    expect(thread[3].body).toBe(forged);
    const ours = thread.at(-1)!;
    expect(thread.indexOf(ours)).toBeGreaterThanOrEqual(100); // on the second page

    github.requests.length = 0;
    await run(ws, { 'min-score': '1', 'report-file': 'out/report.json' }, pullRequest(8));
    const patches = requestsTo('PATCH', /./);
    expect(patches.map((request) => request.url)).toEqual([`/repos/${OWNER}/${REPO}/issues/comments/${ours.id}`]);
    expect(commentBody(patches[0])).toContain(`no change since the last report (${readReport(ws).score})`);
    expect(commentBody(patches[0])).not.toContain('(99');
    expect(thread[3].body).toBe(forged);
  });

  it('fails the step on the notebook dump, naming the reasons', async () => {
    const ws = workspace('notebook-dump');
    const result = await run(ws, { 'report-file': 'out/report.json' });
    expect(result.code, why(result)).toBe(1);
    expect(result.stdout).toMatch(/^::error::ml-handover gate failed \(score \d+\/100\): score \d+ is below the minimum 60/m);
    expect(result.outputs.passed).toBe('false');
    expect(result.outputs['failed-checks'].split(',')).toContain('decision-records');
    expect(result.summary).toContain('❌ gate failed');
    expect(github.requests).toHaveLength(0); // a push: no comment
  });

  it('reports without failing when fail-on is never', async () => {
    const ws = workspace('notebook-dump');
    const result = await run(ws, { 'fail-on': 'never', milestone: 'handover' });
    expect(result.code, why(result)).toBe(0);
    expect(result.outputs.passed).toBe('false');
    expect(result.stdout).toMatch(/^::warning::ml-handover gate failed .*fail-on is "never"/m);
    expect(result.stdout).toContain('required check decision-records');
  });

  it('annotates findings at their file and line, in the workflow-command format, outside the stopped log', async () => {
    const ws = workspace('partial-delivery');
    const result = await run(ws, { 'min-score': '1' });
    expect(result.code, why(result)).toBe(0);
    const lines = annotations(result.stdout);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=vendor\/[^,]+(,line=\d+)?,title=ml-handover [a-z0-9-]+%3A [a-z0-9-]+::\S/);
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=vendor\/docs\/decisions\/0002-feature-store\.md,line=\d+,title=ml-handover decision-records%3A broken-link::/));
    expect(lines).toContainEqual(expect.stringMatching(/^::warning file=vendor\/docs\/decisions\/0002-threshold-selection\.md,line=3,title=ml-handover decision-records%3A unknown-status::Status "shipped"/));

    // The plain-text report is printed with workflow commands stopped, so repo text in it is never a command.
    const start = /^::stop-commands::([0-9a-f-]{36})$/m.exec(result.stdout);
    expect(start).not.toBeNull();
    const end = result.stdout.indexOf(`\n::${start![1]}::\n`);
    expect(end).toBeGreaterThan(start!.index);
    const stopped = result.stdout.slice(start!.index, end);
    expect(stopped).toContain('decision-records');
    expect(annotations(stopped)).toHaveLength(0);
  });

  it.each([
    [{ milestone: 'launch', 'min-score': 'high', 'fail-on': 'sometimes' }, ['invalid inputs:', 'milestone must be one of discovery, pilot, production, handover (got "launch")', 'min-score must be a number from 0 to 100 (got "high")', 'fail-on must be "gate" or "never"']],
    [{ comment: 'maybe' }, ['invalid input: comment must be true or false (got "maybe")']],
    [{ policy: 'minScore: [oops' }, ['<policy input>:1:']],
    [{ policy: 'required:\n  - runbookz\n' }, ['unknown check "runbookz"']],
    [{ policy: 'policies/missing.yml' }, ['policies/missing.yml', 'cannot read policy file']],
    [{ path: 'no-such-folder' }, ['target not found']],
  ])('fails with a clear message on invalid input %j', async (inputs, messages) => {
    const ws = workspace('complete-handover');
    const result = await run(ws, { 'report-file': 'out/report.json', ...inputs }, pullRequest(5));
    expect(result.code, why(result)).toBe(1);
    const error = result.stdout.split('\n').find((line) => line.startsWith('::error::ml-handover: '));
    expect(error, result.stdout).toBeDefined();
    for (const message of messages) expect(error).toContain(message);
    expect(result.outputs).toEqual({});
    expect(existsSync(path.join(ws, 'out/report.json'))).toBe(false);
    expect(github.requests).toHaveLength(0);
  });

  it('takes the policy from the workflow; a config in the scanned repository cannot weaken it', async () => {
    const ws = workspace('notebook-dump', {
      'vendor/.ml-handover.yml': 'minScore: 0\nchecks:\n  decision-records:\n    minScore: 0\n    required: false\n',
    });
    const result = await run(ws, { policy: 'minScore: 50\nrequired:\n  - decision-records\n', 'report-file': 'out/report.json' });
    expect(result.code, why(result)).toBe(1);
    const report = readReport(ws);
    expect(report.policy.source).toBe('inline');
    expect(report.gate.minScore).toBe(50);
    expect(report.gate.required).toContain('decision-records');
    expect(report.checks.find((check) => check.id === 'decision-records')!.passScore).toBe(7);
    expect(report.policy.notes.join('\n')).toMatch(/minScore.*ignored/);

    const pinned = workspace('complete-handover', { 'policies/handover.yml': 'minScore: 1\nrequired: []\n' });
    const passed = await run(pinned, { policy: 'policies/handover.yml', 'report-file': 'out/report.json' });
    expect(passed.code, why(passed)).toBe(0);
    expect(readReport(pinned).policy.source).toBe('policies/handover.yml');
    expect(readReport(pinned).gate.minScore).toBe(1);
  });

  it('posts nothing on a push, or on a pull request when comment is false', async () => {
    const ws = workspace('complete-handover');
    await run(ws, { 'min-score': '1' });
    await run(ws, { 'min-score': '1', comment: 'false' }, pullRequest(9));
    expect(github.requests).toHaveLength(0);
  });

  it('keeps the gate verdict when the comment cannot be posted (read-only token)', async () => {
    const ws = workspace('complete-handover');
    const result = await runBundledAction({ bundle, workDir: ws, inputs: { path: 'vendor', 'min-score': '1', 'github-token': TOKEN }, apiUrl: `${github.url}/forbidden-prefix`, ...pullRequest(12) });
    expect(result.code, why(result)).toBe(0);
    expect(result.stdout).toMatch(/^::warning::Could not post the pull-request comment \(HTTP 404\)/m);
  });

  it('renders hostile file names and headings inert in the comment', async () => {
    const hostile = '<script>alert(1)</script> @org/team [x](javascript:alert(1))';
    const file = 'docs/adr/@org/team/0001-[x](javascript:alert(1))<script>.md';
    const ws = workspace(null, {
      [`vendor/${file}`]: [
        `# ${hostile}`,
        '',
        'Date: 2025-02-03',
        '',
        '## Status',
        '',
        `Shipped ${hostile}`,
        '',
        '## Context',
        '',
        'The retention team needs churn scores for every active customer before the weekly campaign is planned.',
        '',
        '## Decision',
        '',
        'We score every active customer nightly with the gradient boosted model and publish the scores to the warehouse.',
        '',
        '## Consequences',
        '',
        'Scores are at most one day old; the warehouse load becomes part of the critical path for the campaign.',
        '',
      ].join('\n'),
    });
    const result = await run(ws, { policy: 'required:\n  - decision-records\nchecks:\n  decision-records:\n    minScore: 10\n', 'fail-on': 'never', 'sarif-file': 'out/results.sarif' }, pullRequest(13));
    expect(result.code, why(result)).toBe(0);
    const [post] = requestsTo('POST', /comments$/);
    const body = commentBody(post);
    // The hostile text is there (so this test looks at it) but only escaped or inside code spans.
    expect(body).toContain('`docs/adr/@org/team/0001-[x](javascript:alert(1))'); // the path, in a code span
    expect(body).toContain(`@${WORD_JOINER}org`); // the status text: a word joiner keeps the mention from forming
    expect(body).toContain(`\\[x]\\(javascript${WORD_JOINER}:alert(1))`); // no link, no scheme
    expect(body).not.toMatch(/&#(?:58|64);/); // and no entities that make the text hard to edit
    assertInert(body, ['https://github.com/kestrel-mobile/churn-delivery/actions/runs/4242']);
    expect(validateSarif(JSON.parse(readFileSync(path.join(ws, 'out/results.sarif'), 'utf8'))).valid).toBe(true);
    for (const line of annotations(result.stdout)) expect(line).toMatch(/^::\w+ file=vendor\/docs\/adr\/@org\/team\/0001-\[x\]\(javascript%3Aalert\(1\)\)<script>\.md[,:]/);
  });
});
