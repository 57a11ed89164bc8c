// `ml-handover audit` over a generated fleet: fixture copies as git repositories served over git:// and
// file://, a local folder, a local tag, a repository behind the (local) GitHub API, and one URL that cannot
// be cloned. Two audits: the dated records, the summary, the regressions, the HTML page with the trend.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { ApiBudget } from '../src/audit/api-budget.js';
import { EngagementListError, parseEngagementList } from '../src/audit/engagements.js';
import { readAuditHistory, writeAuditRecord } from '../src/audit/history.js';
import { progressDisplay } from '../src/audit/progress.js';
import type { AuditRecord } from '../src/audit/record.js';
import { runAudit } from '../src/audit/run-audit.js';
import { main } from '../src/cli.js';
import { MILESTONE_IDS } from '../src/policy/milestones.js';
import { renderAuditHtml } from '../src/reporters/html.js';
import engagementsSchema from '../schemas/engagements.schema.json' with { type: 'json' };
import { chromiumAvailable, CHROMIUM_SKIP_REASON, renderInChromium } from './browser.js';
import { FIXTURES, tempDir } from './helpers.js';
import { bareCopy, commitAll, fixtureRepo, makeGitRepo, startFakeGitHub, startGitDaemon, testGit, writeFiles, type FakeGitHub, type GitDaemon } from './remote-fixtures.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
}

describe('audit over a mixed fleet', () => {
  let daemon: GitDaemon;
  let github: FakeGitHub;
  let work: string;
  let history: string;
  let listFile: string;
  let churnWork: string;
  let churnBare: string;
  let firstRecord: AuditRecord;

  beforeAll(async () => {
    work = tempDir('mlh-audit-');
    history = path.join(work, 'history');
    const served = path.join(work, 'served');
    // kestrel-churn: the complete delivery, served by git daemon; it will lose its ADRs before the second audit.
    churnWork = await fixtureRepo(path.join(FIXTURES, 'complete-handover'));
    mkdirSync(served, { recursive: true });
    churnBare = await bareCopy(churnWork, { parent: served });
    daemon = await startGitDaemon(served);
    // kestrel-notebooks: the notebook dump, over file://.
    const notebooks = await bareCopy(await fixtureRepo(path.join(FIXTURES, 'notebook-dump')));
    // kestrel-partial: a plain folder; kestrel-pilot: a tag of a local repository.
    const partial = path.join(FIXTURES, 'partial-delivery');
    const pilotRepo = await fixtureRepo(path.join(FIXTURES, 'complete-handover'), { tag: 'pilot-2025-11' });
    // kestrel-api: the complete delivery behind the GitHub API.
    github = await startFakeGitHub({ repos: { 'ferrous-labs/kestrel-api': { dir: await fixtureRepo(path.join(FIXTURES, 'complete-handover')) } } });
    writeFileSync(path.join(work, 'buyer-policy.yml'), 'version: 1\nminScore: 10\n');
    listFile = path.join(work, 'engagements.yml');
    writeFileSync(
      listFile,
      `# Kestrel Mobile: vendor engagements audited every month
version: 1
defaults:
  policy: buyer-policy.yml
  owner: dana@kestrel.example
engagements:
  - name: kestrel-churn
    target: ${daemon.url(path.basename(churnBare))}
    milestone: pilot
  - name: kestrel-notebooks
    target: file://${notebooks}
    owner: sam@kestrel.example
  - name: kestrel-partial
    target: ${partial}
  - name: kestrel-pilot-tag
    target: ${pilotRepo}
    ref: pilot-2025-11
  - name: kestrel-api
    target: github:ferrous-labs/kestrel-api
  - name: kestrel-gone
    target: file://${path.join(work, 'does-not-exist.git')}
`,
    );
  });
  afterAll(async () => {
    await daemon?.stop();
    await github?.stop();
  });

  it('first audit: every engagement scanned or reported, a dated record, nothing to compare with', async () => {
    // The first audit ran "last month" (fixed clock) through the API; the second runs through the CLI.
    const record = await runAudit(parseEngagementList(readFileSync(listFile, 'utf8'), listFile), {
      checks: CHECKS,
      source: listFile,
      concurrency: 3,
      apiUrl: github.apiUrl,
      env: {},
      now: () => new Date('2025-12-01T09:00:00Z'),
    });
    const file = writeAuditRecord(history, record);
    expect(path.basename(file)).toBe('audit-2025-12-01T09-00-00Z.json');
    firstRecord = record;
    expect(record.previous).toBeNull();
    expect(record.summary).toMatchObject({ engagements: 6, scanned: 5, errors: 1 });
    const gone = record.engagements.find((entry) => entry.name === 'kestrel-gone')!;
    expect(gone.status).toBe('error');
    expect(gone.error).toMatch(/cannot clone/);
    // The unscannable engagement is the riskiest.
    expect(record.engagements[0].name).toBe('kestrel-gone');
    const byName = Object.fromEntries(record.engagements.map((entry) => [entry.name, entry]));
    expect(byName['kestrel-churn'].report?.target.kind).toBe('git-url');
    expect(byName['kestrel-churn'].milestone).toBe('pilot');
    expect(byName['kestrel-api'].report?.target.kind).toBe('github');
    expect(byName['kestrel-pilot-tag'].report?.target).toMatchObject({ kind: 'git-ref', ref: 'pilot-2025-11' });
    expect(byName['kestrel-partial'].report?.target.kind).toBe('directory');
    expect(byName['kestrel-notebooks'].owner).toBe('sam@kestrel.example');
    expect(byName['kestrel-churn'].owner).toBe('dana@kestrel.example');
    // The same delivery scores the same through git:// and a local tag (the API scan has no git history,
    // so history-based criteria may differ there; see github-source.test.ts for the content comparison).
    expect(byName['kestrel-pilot-tag'].report?.score).toBe(byName['kestrel-churn'].report?.score);
    expect(byName['kestrel-api'].report?.checks.map((check) => check.id)).toEqual(byName['kestrel-churn'].report?.checks.map((check) => check.id));
    expect(byName['kestrel-notebooks'].report!.score).toBeLessThan(byName['kestrel-churn'].report!.score);
  });

  it('second audit through the CLI: change since last time, regressions by risk, exit 1, HTML with the trend', async () => {
    // The vendor deletes the decision records and pushes.
    writeFiles(churnWork, { 'docs/adr': null, '.adr-dir': null });
    await commitAll(churnWork, 'Remove outdated docs');
    await testGit(churnWork).push(churnBare, 'main');

    const { out, io } = capture();
    const htmlFile = path.join(work, 'audit.html');
    const code = await main(['audit', listFile, '--history', history, '--concurrency', '2', '--api-url', github.apiUrl, '--format', 'html', '--output', htmlFile], io);
    expect(code).toBe(1);
    expect(out.stderr).toMatch(/audit html written to .*audit\.html \(\d\/6 passed, 1 not scanned; record .*audit-.*\.json\)/);

    const { records } = readAuditHistory(history);
    expect(records).toHaveLength(2);
    const [first, second] = records.map((stored) => stored.record);
    expect(first.generatedAt).toBe(firstRecord.generatedAt);
    expect(second.previous?.generatedAt).toBe(first.generatedAt);
    const churn = second.engagements.find((entry) => entry.name === 'kestrel-churn')!;
    expect(churn.change?.previousScore).toBe(first.engagements.find((entry) => entry.name === 'kestrel-churn')!.report!.score);
    expect(churn.change!.scoreDelta!).toBeLessThan(0);
    expect(churn.change!.regressions.map((r) => r.id)).toContain('decision-records');
    const adr = churn.change!.regressions.find((r) => r.id === 'decision-records')!;
    expect(adr.worse).toBe(true);
    expect(adr.after?.score).toBeLessThan(adr.before!.score!);
    // Regressions sorted by risk, riskiest first.
    const risks = churn.change!.regressions.map((r) => r.risk);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    // Unchanged engagements did not move.
    expect(second.engagements.find((entry) => entry.name === 'kestrel-api')!.change).toMatchObject({ scoreDelta: 0, regressions: [] });
    expect(second.summary.regressed).toBeGreaterThanOrEqual(1);
    // Order: the unscannable one, then by tier (a regressed engagement before an unchanged one of the same gate).
    expect(second.engagements[0].name).toBe('kestrel-gone');
    const churnIndex = second.engagements.findIndex((entry) => entry.name === 'kestrel-churn');
    const apiIndex = second.engagements.findIndex((entry) => entry.name === 'kestrel-api');
    expect(churnIndex).toBeLessThan(apiIndex);

    const page = readFileSync(htmlFile, 'utf8');
    expect(page).toContain('<svg class="trend"');
    expect(page).toContain('kestrel-gone');
    expect(page).not.toMatch(/<script|\s(src|href)="(?!#)/i);
  });

  it('prints the summary table with score, change, gate and regressions', async () => {
    const { out, io } = capture();
    const code = await main(['audit', listFile, '--history', history, '--no-record', '--api-url', github.apiUrl], io);
    expect(code).toBe(1);
    const text = out.stdout;
    expect(text).toMatch(/6 engagement\(s\): \d passed, \d failed the gate, 1 could not be scanned · \d regressed since/);
    expect(text).toMatch(/Engagement\s+Owner\s+Score\s+Change\s+Gate/);
    expect(text).toMatch(/kestrel-gone\s+dana@kestrel\.example\s+—/);
    expect(text).toMatch(/✖ could not scan: cannot clone/);
    expect(text).toMatch(/kestrel-churn\s+dana@kestrel\.example\s+\d+\/100\s+±0\s+\S+ \(pilot\)/); // vs the second audit: unchanged
    // --no-record left the history alone.
    expect(readdirSync(history).filter((name) => name.endsWith('.json'))).toHaveLength(2);
  });

  it('diff of the two records names the regression and fails when asked', async () => {
    const files = readdirSync(history).sort().map((name) => path.join(history, name));
    const { out, io } = capture();
    expect(await main(['diff', files[0], files[1]], io)).toBe(0);
    expect(out.stdout).toMatch(/kestrel-churn\n\s+Score \d+ → \d+ \(-\d+\)/);
    expect(out.stdout).toMatch(/▼ decision-records: [\d.]+ \w+ → [\d.]+ \w+/);
    expect(await main(['diff', files[0], files[1], '--fail-on-regression'], capture().io)).toBe(1);
    expect(await main(['diff', files[0], files[0], '--fail-on-regression'], capture().io)).toBe(0);
  });

  it.skipIf(!chromiumAvailable)(`renders the audit page in headless Chromium with the trend chart${chromiumAvailable ? '' : ` — SKIPPED: ${CHROMIUM_SKIP_REASON}`}`, async () => {
    const { records } = readAuditHistory(history);
    const latest = records.at(-1)!.record;
    const rendered = await renderInChromium(
      renderAuditHtml(latest, records.map((stored) => stored.record)),
      'audit',
      `(() => ({
        trend: document.querySelectorAll('svg.trend').length,
        lines: document.querySelectorAll('svg.trend polyline').length,
        points: document.querySelectorAll('svg.trend circle').length,
        rows: document.querySelectorAll('table')[0]?.querySelectorAll('tbody tr').length ?? 0,
        firstRow: document.querySelector('table tbody tr')?.textContent ?? '',
      }))()`,
    );
    expect(rendered.consoleErrors).toEqual([]);
    expect(rendered.pageErrors).toEqual([]);
    expect(rendered.requests).toEqual([]);
    expect(rendered.facts.trend).toBe(1);
    expect(rendered.facts.lines).toBe(5); // one line per engagement scanned in both audits
    expect(rendered.facts.points).toBe(10);
    expect(rendered.facts.rows).toBe(6);
    expect(rendered.facts.firstRow).toContain('kestrel-gone');
    expect(statSync(rendered.screenshot).size).toBeGreaterThan(5_000);
  });
});

describe('audit --org', () => {
  let github: FakeGitHub;
  beforeAll(async () => {
    const repo = await fixtureRepo(path.join(FIXTURES, 'notebook-dump'));
    const repos: Record<string, { dir: string; topics?: string[]; archived?: boolean }> = {};
    for (let i = 1; i <= 5; i++) repos[`ferrous-labs/model-${i}`] = { dir: repo, topics: i % 2 ? ['kestrel'] : ['other'] };
    repos['ferrous-labs/old-model'] = { dir: repo, topics: ['kestrel'], archived: true };
    github = await startFakeGitHub({ repos, pageSize: 2 });
  });
  afterAll(async () => {
    await github?.stop();
  });

  it('lists the organisation page by page, filters by topic, skips archived repositories, scans through the API', async () => {
    const history = tempDir('mlh-org-history-');
    const { out, io } = capture();
    const code = await main(['audit', '--org', 'ferrous-labs', '--topic', 'kestrel', '--history', history, '--api-url', github.apiUrl, '--token', 'org-token', '--format', 'json'], io);
    expect(code).toBe(1); // notebook dumps fail their gate
    const record = JSON.parse(out.stdout) as AuditRecord;
    expect(record.source).toBe('github-org:ferrous-labs#kestrel');
    expect(record.engagements.map((entry) => entry.name).sort()).toEqual(['model-1', 'model-3', 'model-5']);
    expect(record.engagements.every((entry) => entry.target.startsWith('github:ferrous-labs/') && entry.status === 'scanned')).toBe(true);
    const listing = github.requests.filter((request) => request.path.startsWith('/orgs/ferrous-labs/repos'));
    expect(listing.length).toBe(3); // 6 repositories, 2 per page, followed by Link rel="next"
    expect(github.requests.some((request) => request.path === '/rate_limit')).toBe(true);
    // The token goes to the API host only; archives are fetched from their redirect without it.
    const archives = github.requests.filter((request) => request.path.startsWith('/_codeload/'));
    expect(archives).toHaveLength(3);
    expect(archives.every((request) => request.authorization === undefined)).toBe(true);
    expect(github.requests.filter((request) => !archives.includes(request)).every((request) => request.authorization === 'token org-token')).toBe(true);
    expect(out.stderr).toMatch(/3 repositories of ferrous-labs left out/);
  });

  it('says so when nothing matches', async () => {
    const { out, io } = capture();
    expect(await main(['audit', '--org', 'ferrous-labs', '--topic', 'nothing', '--history', tempDir(), '--api-url', github.apiUrl], io)).toBe(2);
    expect(out.stderr).toMatch(/no repositories to audit with topic "nothing"/);
  });
});

describe('audit --org within one token\'s budget', () => {
  let repoDir: string;
  beforeAll(async () => {
    repoDir = await makeGitRepo({
      'README.md': '# Churn model\n\n## Setup\n\n```\npip install -r requirements.txt\n```\n',
      'requirements.txt': 'numpy==1.26.4\n',
      'src/train.py': 'print("train")\n',
    });
  });
  const org = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`ferrous-labs/engagement-${String(i + 1).padStart(2, '0')}`, { dir: repoDir }]));
  const apiRequests = (fake: FakeGitHub) => fake.requests.filter((request) => !request.path.startsWith('/_codeload/'));

  it('audits 50 repositories in at most 3 requests each plus the listing, and says what it spent', async () => {
    const github = await startFakeGitHub({ repos: org(50) });
    try {
      const { out, io } = capture();
      const code = await main(['audit', '--org', 'ferrous-labs', '--history', tempDir(), '--api-url', github.apiUrl, '--token', 't', '--format', 'json'], io);
      expect(code).toBe(1); // a three-file delivery fails its gate
      const record = JSON.parse(out.stdout) as AuditRecord;
      expect(record.summary).toMatchObject({ engagements: 50, scanned: 50, errors: 0 });
      const sent = apiRequests(github);
      const listing = sent.filter((request) => request.path.startsWith('/orgs/') || request.path === '/rate_limit');
      expect(listing).toHaveLength(3); // two pages of 30 and the rate-limit question
      expect(sent.length).toBeLessThanOrEqual(50 * 3 + listing.length);
      expect(sent.length).toBeLessThan(5000);
      expect(record.summary.apiRequests).toBe(sent.length);
      expect(record.summary.apiRateLimitRemaining).toBe(5000 - sent.length);
      expect(record.summary.apiPauses).toBe(0);
      for (const entry of record.engagements) expect(entry.report?.stats, entry.name).toMatchObject({ apiRequests: 3, archiveScan: 1 });
      expect(sent.every((request) => request.status < 400)).toBe(true);
    } finally {
      await github.stop();
    }
  }, 120_000);

  it('pauses for the reset when headroom runs low instead of failing halfway', async () => {
    const github = await startFakeGitHub({ repos: org(5), rateLimit: { limit: 14, windowMs: 2000 } });
    try {
      const { out, io } = capture();
      await main(['audit', '--org', 'ferrous-labs', '--history', tempDir(), '--api-url', github.apiUrl, '--concurrency', '2', '--max-pause', '10', '--no-record'], io);
      expect(out.stdout).toMatch(/5 engagement\(s\): 0 passed, 5 failed the gate, 0 could not be scanned/);
      expect(out.stderr).toMatch(/GitHub API requests left; pausing until the limit resets at /);
      expect(out.stdout).toMatch(/GitHub API: 17 request\(s\) · lowest headroom \d+ left \(resets .* UTC\) · paused [1-9]\d*× for \d+ s for the rate limit/);
      expect(apiRequests(github).every((request) => request.status < 400)).toBe(true); // never a 403
    } finally {
      await github.stop();
    }
  }, 60_000);

  it('stops cleanly when the reset is further away than it may wait, naming what it did not scan and why', async () => {
    const github = await startFakeGitHub({ repos: org(5), rateLimit: { limit: 14, windowMs: 3_600_000 } });
    try {
      const { out, io } = capture();
      const code = await main(['audit', '--org', 'ferrous-labs', '--history', tempDir(), '--api-url', github.apiUrl, '--concurrency', '1', '--max-pause', '60', '--no-record'], io);
      expect(code).toBe(1);
      const text = out.stdout;
      const notScanned = [...text.matchAll(/✖ could not scan: GitHub API headroom too low \((\d+) requests left, resets at [^,]+, longer than the 60 s pause allowed\); run the audit again after the reset/g)];
      expect(notScanned.length).toBeGreaterThanOrEqual(2);
      expect(text).toMatch(new RegExp(`5 engagement\\(s\\): 0 passed, ${5 - notScanned.length} failed the gate, ${notScanned.length} could not be scanned`));
      expect(apiRequests(github).every((request) => request.status < 400)).toBe(true);
    } finally {
      await github.stop();
    }
  }, 60_000);
});

describe('API budget', () => {
  const now = 1_800_000_000_000;
  it('admits scans the headroom covers, pauses once for a near reset, refuses past the longest pause', async () => {
    const sleeps: number[] = [];
    const budget = new ApiBudget({ maxPauseMs: 60_000, now: () => now, sleep: async (ms) => void sleeps.push(ms) });
    expect(await budget.admit(3)).toEqual({ ok: true }); // nothing seen yet
    budget.observe({ 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': String(now / 1000 + 30) });
    expect(await budget.admit(1)).toEqual({ ok: true }); // 2 scans × 5 ≤ 12
    expect(sleeps).toEqual([]);
    const [a, b] = await Promise.all([budget.admit(2), budget.admit(2)]); // 15 > 12: one pause for both
    expect([a, b]).toEqual([{ ok: true }, { ok: true }]);
    expect(sleeps).toEqual([30_250]);
    budget.observe({ 'x-ratelimit-remaining': '4', 'x-ratelimit-reset': String(now / 1000 + 3600) });
    const refused = await budget.admit(0);
    expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/^GitHub API headroom too low \(4 requests left, resets at 2027-01-15T09:00:00\.000Z, longer than the 60 s pause allowed\)/) });
    expect(budget.usage()).toEqual({ apiRequests: 2, apiRateLimitRemaining: 4, apiRateLimitReset: now / 1000 + 3600, apiPauses: 1, apiPausedMs: 30_250 });
  });

  it('keeps only whole, non-negative numbers from the headers (the record schema holds the summary to them)', () => {
    const budget = new ApiBudget();
    budget.observe({ 'x-ratelimit-remaining': '-3', 'x-ratelimit-reset': '1800000000.7' });
    budget.observe({ 'x-ratelimit-remaining': 'lots' });
    expect(budget.usage()).toEqual({ apiRequests: 2, apiRateLimitRemaining: 0, apiRateLimitReset: 1800000000, apiPauses: 0, apiPausedMs: 0 });
  });
});

describe('engagement list', () => {
  it('publishes the milestones the tool knows', () => {
    expect(engagementsSchema.definitions.milestone.enum).toEqual(MILESTONE_IDS);
  });

  it('validates with ajv and points at the line of the problem', () => {
    const cases: Array<[string, RegExp]> = [
      ['engagements:\n  - name: a\n    target: .\n    milestone: launch\n', /list\.yml:4:16: engagements\.0\.milestone: expected one of "discovery"/],
      ['engagements:\n  - name: a\n', /list\.yml:2:5: engagements\.0: missing required property "target"/],
      ['engagements:\n  - name: a\n    target: .\n    colour: red\n', /list\.yml:4:5: engagements\.0: unknown property "colour"/],
      ['engagements:\n  - name: a\n    target: .\n  - name: a\n    target: ..\n', /list\.yml:4:11: .*names must be unique/],
      ['engagements: [\n', /list\.yml:\d+:\d+: not valid YAML/],
      ['engagements: []\n', /engagements: must NOT have fewer than 1 items/],
      ['engagements:\n  - name: a\n    target: .\n    ref: --upload-pack=x\n', /list\.yml:4:10: engagements\.0\.ref/],
    ];
    for (const [text, expected] of cases) {
      let error: unknown;
      try {
        parseEngagementList(text, 'list.yml');
      } catch (caught) {
        error = caught;
      }
      expect(error, text).toBeInstanceOf(EngagementListError);
      expect((error as Error).message, text).toMatch(expected);
    }
  });

  it('resolves policies and folders relative to the list, and applies defaults', () => {
    const list = parseEngagementList(
      'defaults:\n  policy: p.yml\n  milestone: pilot\nengagements:\n  - name: a\n    target: repos/a\n  - name: b\n    target: github:o/b\n    milestone: handover\n    policy: /abs/q.yml\n',
      '/buyer/audits/list.yml',
    );
    expect(list).toEqual([
      { name: 'a', target: '/buyer/audits/repos/a', policy: '/buyer/audits/p.yml', milestone: 'pilot' },
      { name: 'b', target: 'github:o/b', policy: '/abs/q.yml', milestone: 'handover' },
    ]);
  });

  it('is a usage error (exit 2) when unreadable or when both or neither of a list and --org are given', async () => {
    const { out, io } = capture();
    expect(await main(['audit', '/nonexistent/list.yml', '--history', tempDir()], io)).toBe(2);
    expect(out.stderr).toMatch(/cannot read engagement list/);
    expect(await main(['audit', '--history', tempDir()], capture().io)).toBe(2);
    expect(await main(['audit', 'x.yml', '--org', 'o'], capture().io)).toBe(2);
  });
});

describe('progress display', () => {
  const progress = { done: 1, total: 3, running: ['kestrel-churn'] };
  it('draws one line on a terminal and clears it', () => {
    let written = '';
    const display = progressDisplay({ isTTY: true, columns: 60, write: (s: string) => (written += s) }, {});
    display.update(progress);
    display.finish();
    expect(written).toBe('\r\u001b[2Kaudit [1/3] scanning kestrel-churn\r\u001b[2K');
  });
  it('stays quiet when not a terminal or in CI', () => {
    for (const [stream, env] of [
      [{ isTTY: false }, {}],
      [{ isTTY: true }, { CI: 'true' }],
    ] as const) {
      let written = '';
      const display = progressDisplay({ ...stream, write: (s: string) => (written += s) }, env);
      display.update(progress);
      display.finish();
      expect(written).toBe('');
      expect(display.enabled).toBe(false);
    }
  });
});
