// End to end: the audit tracking issue (`issue: true`). The Action, bundled from the current sources, runs
// as a scheduled workflow several times against the loopback GitHub API stand-in; each run's requests
// are asserted exactly: create on the first failing audit, update in place, close with a comment when
// the gate passes, keep the record while it passes, reopen with a comment on regression.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeAuditState } from '../src/report/audit-state.js';
import { assertInert, buildActionBundle, FakeGitHub, runBundledAction, type ActionRun, type FakeIssue } from './action-harness.js';
import { FIXTURES, tempDir } from './helpers.js';

const OWNER = 'kestrel-mobile';
const REPO = 'churn-delivery';
const TOKEN = 'ghs_audit-token';
const TITLE = 'Handover audit: kestrel-churn';
const MARKER = '<!-- ml-handover:tracking-issue key=Handover_audit__kestrel-churn -->';
const LIST = `GET /repos/${OWNER}/${REPO}/issues?state=all&sort=created&direction=asc&per_page=100`;
const RUN_URL = 'https://github.com/kestrel-mobile/churn-delivery/actions/runs/4242';
const OUR_TAGS = [/^<!-- ml-handover:tracking-issue key=[A-Za-z0-9._/#@-]+ -->$/, /^<!-- ml-handover:audit-state v1 [A-Za-z0-9+/]+={0,2} -->$/];
const HOSTILE_ADR = 'docs/adr/0001-[x](javascript:alert(1)) @org.md';

const github = new FakeGitHub();
let bundle = '';

beforeAll(async () => {
  bundle = await buildActionBundle(tempDir('mlh-issue-bundle-'));
  await github.start();
});
afterAll(() => github.stop());
beforeEach(() => github.clear());

/** The buyer's audit repository: the vendor's delivery checked out under vendor/. */
function workspace(): string {
  const dir = tempDir('mlh-issue-ws-');
  deliver(dir, 'complete');
  return dir;
}

/** Puts a state of the delivery in vendor/: complete, without decision records, or also without runbooks. */
function deliver(ws: string, state: 'complete' | 'no-adr' | 'no-adr-no-runbooks'): void {
  const vendor = path.join(ws, 'vendor');
  rmSync(vendor, { recursive: true, force: true });
  cpSync(path.join(FIXTURES, 'complete-handover'), vendor, { recursive: true });
  if (state === 'complete') return;
  rmSync(path.join(vendor, 'docs/adr'), { recursive: true });
  mkdirSync(path.join(vendor, 'docs/adr'));
  // The only record left is a broken one whose name and status try to inject links and mentions.
  writeFileSync(path.join(vendor, HOSTILE_ADR), '# 1. Use @org/team [x](javascript:alert(1))\n\n## Status\n\nshipped <img src=x onerror=alert(1)>\n');
  if (state === 'no-adr-no-runbooks') rmSync(path.join(vendor, 'docs/runbooks'), { recursive: true });
}

function audit(ws: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runBundledAction({
    bundle,
    workDir: ws,
    inputs: { path: 'vendor', milestone: 'handover', issue: 'true', 'issue-title': TITLE, 'github-token': TOKEN, ...inputs },
    apiUrl: github.url,
    eventName: 'schedule',
    event: { schedule: '17 6 * * 1' },
  });
}

/** Every request of a run, as "METHOD path?query". */
function requests(): string[] {
  return github.requests.map((request) => `${request.method} ${request.url}`);
}

function bodyOf(index: number): Record<string, unknown> {
  return github.requests[index].body as Record<string, unknown>;
}

function ours(): FakeIssue {
  const mine = github.issueList(OWNER, REPO).filter((issue) => issue.user.login === 'github-actions[bot]');
  expect(mine).toHaveLength(1);
  return mine[0];
}

const why = (result: ActionRun) => `exit ${result.code}\n${result.stdout}\n${result.stderr}`;

describe('the tracking issue over a series of scheduled audits', () => {
  it('creates, updates, closes, keeps and reopens one issue, with exactly the requests needed', async () => {
    const ws = workspace();
    const forged = `${MARKER}\n<!-- ml-handover:audit-state v1 ${Buffer.from(JSON.stringify({ generatedAt: '2020-01-01', score: 99, passed: true, checks: [], findings: [] })).toString('base64')} -->\nAll good.`;
    github.seedIssues(OWNER, REPO, [
      { title: 'Kick-off notes', body: 'Agenda for the first steering meeting.' },
      { title: 'Handover audit: kestrel-churn', body: forged, login: 'mallory' }, // a planted marker
      { title: 'Update README', body: `${MARKER}\nA pull request quoting the marker.`, type: 'Bot', login: 'renovate[bot]', pullRequest: true },
    ]);

    // 1. First failing audit: the issue is created.
    deliver(ws, 'no-adr');
    const first = await audit(ws);
    expect(first.code, why(first)).toBe(1);
    expect(first.stdout).toMatch(/^::error::ml-handover gate failed \(score \d+\/100\): .*required check decision-records/m);
    expect(requests()).toEqual([LIST, 'GET /user', `POST /repos/${OWNER}/${REPO}/issues`]);
    expect(Object.keys(bodyOf(2)).sort()).toEqual(['body', 'title']);
    expect(bodyOf(2).title).toBe(TITLE);
    const issue = ours();
    expect(issue.number).toBe(4);
    expect(issue.state).toBe('open');
    expect(first.stdout).toContain(`Tracking issue #4 created: ${issue.html_url}.`);
    const created = issue.body;
    expect(created.split('\n')[0]).toBe(MARKER);
    expect(created).toContain('## ❌ Handover gate failed: score ');
    expect(created).toContain('First audit of this engagement: nothing earlier to compare with.');
    // The planted "last audit" (score 99) was not trusted. The issue's own state record is base64 of this audit
    // (with its timestamp), which may hold "99" by chance: only the text a reader sees is asked.
    const visible = created.replace(/<!-- ml-handover:audit-state v1 [A-Za-z0-9+/=]* -->/g, '');
    expect(visible).not.toBe(created);
    expect(visible).not.toMatch(/\b99\b/);
    expect(created).toContain('- [ ] **Architecture decision records** (`decision-records`)');
    expect(created).toContain('- [x] **Runbooks** (`runbooks`)');
    expect(created).not.toContain('## Sign-off');
    expect(created).toContain(`[Workflow run](${RUN_URL})`);
    assertInert(created, [RUN_URL], OUR_TAGS);
    const firstState = decodeAuditState(created)!;
    expect(firstState).toMatchObject({ passed: false });
    expect(firstState.checks.find((check) => check.id === 'runbooks')?.status).toBe('pass');

    // 2. Still failing, and the runbooks are gone too: the same issue is rewritten in place.
    github.requests.length = 0;
    deliver(ws, 'no-adr-no-runbooks');
    const second = await audit(ws);
    expect(second.code, why(second)).toBe(1);
    expect(requests()).toEqual([LIST, `PATCH /repos/${OWNER}/${REPO}/issues/4`]);
    expect(Object.keys(bodyOf(1))).toEqual(['body']);
    const updated = ours().body;
    const secondState = decodeAuditState(updated)!;
    expect(secondState.score).toBeLessThan(firstState.score);
    expect(updated).toContain(`- Score: ${firstState.score} → ${secondState.score} (▼ ${secondState.score - firstState.score})`);
    expect(updated).toContain('- Gate: still failing');
    expect(updated).toMatch(/- ▼ `runbooks` \d+\.\d \(pass\) → \d+\.\d \(fail\)/);
    expect(updated).toMatch(/- Findings: [1-9]\d* new, \d+ fixed/);
    expect(updated).toMatch(/### New since the last audit \(\d+\)\n\n- ❌ `runbooks` /);
    expect(updated).toContain('- [ ] **Runbooks** (`runbooks`)');
    assertInert(updated, [RUN_URL], OUR_TAGS);
    expect(second.stdout).toContain('Tracking issue #4 updated');

    // 3. The vendor delivers everything: the gate passes, the issue is closed with a comment.
    github.requests.length = 0;
    deliver(ws, 'complete');
    const third = await audit(ws);
    expect(third.code, why(third)).toBe(0);
    expect(requests()).toEqual([LIST, `POST /repos/${OWNER}/${REPO}/issues/4/comments`, `PATCH /repos/${OWNER}/${REPO}/issues/4`]);
    const closing = String(bodyOf(1).body);
    const thirdState = decodeAuditState(String(bodyOf(2).body))!;
    expect(thirdState.passed).toBe(true);
    expect(closing).toMatch(new RegExp(`^✅ The handover gate passed on \\d{4}-\\d\\d-\\d\\d: score ${thirdState.score}/100 \\(grade A\\)\\.`));
    expect(closing).toContain(`- Score: ${secondState.score} → ${thirdState.score} (▲ +${thirdState.score - secondState.score})`);
    expect(closing).toContain('Closing this issue; a later audit that fails reopens it.');
    assertInert(closing, [RUN_URL]);
    expect(bodyOf(2)).toEqual({ body: expect.stringContaining(`## ✅ Handover gate passed: score ${thirdState.score}/100`), state: 'closed', state_reason: 'completed' });
    expect(ours()).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(ours().body).toContain('- Gate: failed → **passed**');
    expect(ours().body).toMatch(/- ▲ `decision-records` /);
    expect(third.stdout).toContain('Tracking issue #4 closed');

    // 4. Still passing: the closed issue keeps the record of the latest audit, and stays closed.
    github.requests.length = 0;
    const fourth = await audit(ws);
    expect(fourth.code, why(fourth)).toBe(0);
    expect(requests()).toEqual([LIST, `PATCH /repos/${OWNER}/${REPO}/issues/4`]);
    expect(Object.keys(bodyOf(1))).toEqual(['body']);
    expect(ours().state).toBe('closed');
    expect(ours().body).toContain('- Gate: still passing');
    expect(ours().body).toContain(`- Score: no change (${thirdState.score})`);
    expect(ours().body).toContain('- Findings: 0 new, 0 fixed');

    // 5. A regression: the decision records are gone again; the issue is reopened with a comment.
    github.requests.length = 0;
    deliver(ws, 'no-adr');
    const fifth = await audit(ws);
    expect(fifth.code, why(fifth)).toBe(1);
    expect(requests()).toEqual([LIST, `PATCH /repos/${OWNER}/${REPO}/issues/4`, `POST /repos/${OWNER}/${REPO}/issues/4/comments`]);
    expect(bodyOf(1)).toEqual({ body: expect.stringContaining('## ❌ Handover gate failed'), state: 'open' });
    const reopening = String(bodyOf(2).body);
    expect(reopening).toMatch(/^❌ Regression: the handover gate fails again on \d{4}-\d\d-\d\d: score \d+\/100/);
    expect(reopening).toMatch(/- ▼ `decision-records` 10\.0 \(pass\) → \d+\.\d \(fail\)/);
    expect(reopening).toContain('required check decision-records');
    assertInert(reopening, [RUN_URL]);
    expect(ours()).toMatchObject({ number: 4, state: 'open' });
    expect(ours().body).toContain('- Gate: passed → **failed**');
    expect(fifth.stdout).toContain('Tracking issue #4 reopened');

    // Nobody else's issue or pull request was touched, and no second issue was ever opened.
    const all = github.issueList(OWNER, REPO);
    expect(all).toHaveLength(4);
    expect(all[1]).toMatchObject({ body: forged, state: 'open' });
    expect(all[2].body).toBe(`${MARKER}\nA pull request quoting the marker.`);
    expect(github.thread(OWNER, REPO, 4)).toHaveLength(2);
    expect(github.requests.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('creates nothing while the gate passes', async () => {
    const ws = workspace();
    const result = await audit(ws);
    expect(result.code, why(result)).toBe(0);
    expect(requests()).toEqual([LIST]);
    expect(result.stdout).toContain('Gate passed and no tracking issue is open: nothing to track.');
  });

  it('pages through the issues, oldest first, and stops at the page that holds ours', async () => {
    const ws = workspace();
    deliver(ws, 'no-adr');
    github.seedIssues(OWNER, REPO, Array.from({ length: 250 }, (_, i) => ({ title: `Question ${i}`, body: `Discussion ${i}` })));
    await audit(ws);
    expect(ours().number).toBe(251);
    github.seedIssues(OWNER, REPO, Array.from({ length: 150 }, (_, i) => ({ title: `Later ${i}`, body: `Later discussion ${i}` })));

    github.requests.length = 0;
    const result = await audit(ws);
    expect(result.code, why(result)).toBe(1);
    expect(requests()).toEqual([LIST, `${LIST}&page=2`, `${LIST}&page=3`, `PATCH /repos/${OWNER}/${REPO}/issues/251`]);
    expect(github.issueList(OWNER, REPO).filter((issue) => issue.body.startsWith(MARKER))).toHaveLength(1);
  });

  it('keeps one issue per engagement: another title is another issue', async () => {
    const ws = workspace();
    deliver(ws, 'no-adr');
    await audit(ws);
    await audit(ws, { 'issue-title': 'Handover audit: kestrel-forecast' });
    const titles = github.issueList(OWNER, REPO).map((issue) => issue.title);
    expect(titles).toEqual([TITLE, 'Handover audit: kestrel-forecast']);
    // Without a title, the default names the scanned folder and the milestone.
    await audit(ws, { 'issue-title': '' });
    expect(github.issueList(OWNER, REPO).at(-1)?.title).toBe('ml-handover audit: vendor (handover)');
  });

  it('reports a token without issues: write clearly, and the gate still decides the step', async () => {
    const ws = workspace();
    deliver(ws, 'no-adr');
    github.forbidden = [{ method: 'POST', path: /\/issues$/ }];
    const failing = await audit(ws);
    expect(failing.code, why(failing)).toBe(1);
    expect(requests()).toEqual([LIST, `POST /repos/${OWNER}/${REPO}/issues`]);
    expect(failing.stdout).toMatch(/^::warning::Could not update the tracking issue \(HTTP 403\): Resource not accessible by integration.*The token needs `issues: write` on this repository: add `permissions: \{ issues: write \}` to the job/m);
    expect(failing.stdout).toMatch(/^::error::ml-handover gate failed \(score \d+\/100\)/m);
    expect(failing.stdout).not.toContain('internal error');
    expect(failing.outputs.passed).toBe('false');

    // Not even allowed to list issues: still a warning, and a passing gate passes.
    github.requests.length = 0;
    github.forbidden = [{ method: 'GET', path: /\/issues$/ }];
    deliver(ws, 'complete');
    const passing = await audit(ws);
    expect(passing.code, why(passing)).toBe(0);
    expect(requests()).toEqual([LIST]);
    expect(passing.stdout).toMatch(/^::warning::Could not update the tracking issue \(HTTP 403\)/m);
    expect(passing.outputs.passed).toBe('true');
  });

  it('does nothing with issues unless asked', async () => {
    const ws = workspace();
    deliver(ws, 'no-adr');
    const result = await audit(ws, { issue: 'false' });
    expect(result.code, why(result)).toBe(1);
    expect(github.requests).toHaveLength(0);
  });
});
