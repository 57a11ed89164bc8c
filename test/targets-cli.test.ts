// `ml-handover scan` with remote targets, end to end through the CLI: git URLs, github:owner/repo with
// --token/--api-url, the html and badge formats, refused URLs, and the temporary clone gone even when
// writing the report fails.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { FIXTURES, tempDir } from './helpers.js';
import { bareCopy, fixtureRepo, startFakeGitHub, type FakeGitHub } from './remote-fixtures.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
}

let bare: string;
let github: FakeGitHub;

beforeAll(async () => {
  const repo = await fixtureRepo(path.join(FIXTURES, 'complete-handover'), { tag: 'v1.0' });
  bare = await bareCopy(repo);
  github = await startFakeGitHub({ repos: { 'ferrous-labs/kestrel-churn': { dir: repo } } });
});
afterAll(async () => {
  await github?.stop();
});

/** Runs with TMPDIR pointing at a fresh folder, so the clone folder can be watched. */
async function withTmpdir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlh-cli-tmp-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await run(dir);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

describe('scan <git-url>', () => {
  it('scans a file:// URL at a tag and reports the target with its commit', async () => {
    await withTmpdir(async (tmp) => {
      const { out, io } = capture();
      const code = await main(['scan', `file://${bare}`, '--ref', 'v1.0', '--format', 'json'], io);
      expect([0, 1]).toContain(code);
      const report = JSON.parse(out.stdout);
      expect(report.target).toMatchObject({ kind: 'git-url', path: `file://${bare}`, ref: 'v1.0' });
      expect(report.target.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(readdirSync(tmp)).toEqual([]);
    });
  });

  it('removes the clone when writing the report fails after the scan', async () => {
    await withTmpdir(async (tmp) => {
      const { out, io } = capture();
      const code = await main(['scan', `file://${bare}`, '--output', '/dev/null/report.json', '--format', 'json'], io);
      expect(code).toBe(2);
      expect(out.stderr).toMatch(/ml-handover: internal error: .*(EEXIST|ENOTDIR)/); // failed after the scan, while writing
      expect(readdirSync(tmp)).toEqual([]);
    });
  });

  it('refuses ext:: and option-like URLs with exit 2 and a reason', async () => {
    for (const url of ['ext::sh -c id', '--upload-pack=touch /tmp/x']) {
      const { out, io } = capture();
      expect(await main(['scan', url], io), url).toBe(2);
      expect(out.stderr, url).toMatch(/refusing to clone|not found|unknown option/);
    }
  });
});

describe('scan github:owner/repo', () => {
  it('scans through the API with --token and --api-url and writes a badge', async () => {
    const { out, io } = capture();
    const mark = github.requests.length;
    const code = await main(['scan', 'github:ferrous-labs/kestrel-churn@v1.0', '--api-url', github.apiUrl, '--token', 'cli-token', '--format', 'badge'], io);
    expect([0, 1]).toContain(code);
    const badge = JSON.parse(out.stdout);
    expect(badge).toMatchObject({ schemaVersion: 1, label: 'handover', message: expect.stringMatching(/^\d+\/100/) });
    expect(['brightgreen', 'green', 'orange', 'red']).toContain(badge.color);
    // The token goes to the API only; the archive is fetched from its redirect without it.
    const sent = github.requests.slice(mark);
    expect(sent.filter((request) => !request.path.startsWith('/_codeload/')).every((request) => request.authorization === 'token cli-token')).toBe(true);
    expect(sent.filter((request) => request.path.startsWith('/_codeload/')).map((request) => request.authorization)).toEqual([undefined]);
  });

  it('reports API request counts in the JSON report and writes a self-contained HTML file', async () => {
    const { out, io } = capture();
    await main(['scan', 'github:ferrous-labs/kestrel-churn', '--api-url', github.apiUrl, '--format', 'json'], io);
    const report = JSON.parse(out.stdout);
    expect(report.target.kind).toBe('github');
    expect(report.stats).toMatchObject({ apiRequests: 3, archiveScan: 1 }); // repository, commit, archive
    const htmlFile = path.join(tempDir(), 'report.html');
    const written = capture();
    await main(['scan', 'github:ferrous-labs/kestrel-churn', '--api-url', github.apiUrl, '--format', 'html', '--output', htmlFile], written.io);
    expect(written.out.stderr).toMatch(/html report written to/);
    expect(readFileSync(htmlFile, 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*github:ferrous-labs\/kestrel-churn/);
  });

  it('explains an unknown repository with exit 2', async () => {
    const { out, io } = capture();
    expect(await main(['scan', 'github:ferrous-labs/missing', '--api-url', github.apiUrl], io)).toBe(2);
    expect(out.stderr).toMatch(/github:ferrous-labs\/missing: not found on the GitHub API/);
  });
});

describe('help', () => {
  it('shows remote targets in scan --help and the new commands in the overview', async () => {
    const scanHelp = capture();
    await main(['scan', '--help'], scanHelp.io);
    expect(scanHelp.out.stdout).toMatch(/github:owner\/repo\[@ref\]/);
    expect(scanHelp.out.stdout).toMatch(/--token <token>/);
    expect(scanHelp.out.stdout).toMatch(/--api-url <url>/);
    expect(scanHelp.out.stdout).toMatch(/\$ ml-handover scan https:\/\/git\.example\.com/);
    const overview = capture();
    await main(['--help'], overview.io);
    expect(overview.out.stdout).toMatch(/audit \[options\] \[engagements\]/);
    expect(overview.out.stdout).toMatch(/diff \[options\] <old> <new>/);
    const auditHelp = capture();
    await main(['audit', '--help'], auditHelp.io);
    expect(auditHelp.out.stdout).toMatch(/\$ ml-handover audit engagements\.yml/);
  });
});
