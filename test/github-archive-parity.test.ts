// Same report as a local scan: every bundled fixture and two generated trees, committed, served by the
// loopback GitHub as real `git archive` output, scanned through the API and from a local ref of the same
// commit. Without history both sides must agree on everything; against the local scan with its history,
// every criterion agrees except those the API report's coverage lists as unsupported.
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { resolvePolicy } from '../src/policy/resolve-policy.js';
import type { Report } from '../src/report/report.js';
import { scan } from '../src/scan.js';
import { Snapshot } from '../src/snapshot/snapshot.js';
import { openTarget } from '../src/targets.js';
import { FIXTURES, tempDir } from './helpers.js';
import { fixtureRepo, makeGitRepo, startFakeGitHub, testGit, type FakeGitHub } from './remote-fixtures.js';

const policy = resolvePolicy({}, CHECKS.map((check) => check.id));
const now = () => new Date('2026-06-01T00:00:00Z');
const fixtureNames = readdirSync(FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

/** A deterministic delivery of `files` ordinary files plus the awkward cases a listing must get right. */
function generatedTree(seed: number, files: number): Record<string, string | Uint8Array> {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const tree: Record<string, string | Uint8Array> = {
    'README.md': `# Generated delivery ${seed}\n\n## Setup\n\n\`\`\`\npip install -r requirements.txt\n\`\`\`\n`,
    'requirements.txt': 'numpy==1.26.4\nscikit-learn==1.4.2\n',
    'MODEL_CARD.md': '---\nlicense: apache-2.0\n---\n# Model card\n\n## Intended use\n\nChurn scoring.\n\n## Limitations\n\nNone known.\n',
    'docs/adr/0001-record-decisions.md': '# 1. Record decisions\n\nDate: 2025-01-10\n\n## Status\n\nAccepted\n\n## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n',
    'mlruns/1/abc123/meta.yaml': 'run_id: abc123\nstatus: 3\nlifecycle_stage: active\n',
    'mlruns/1/abc123/metrics/auc': '1700000000000 0.91 0\n',
    'mlruns/1/abc123/params/lr': '0.01',
    'data/blob.bin': new Uint8Array([0, 1, 2, 255, 254, 0, 7]),
    'notes/latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]), // invalid UTF-8
    'notes/empty.txt': '',
    'names/with space.md': 'spaces\n',
    'names/ünïcødé-日本.md': 'unicode\n',
    'names/-leading-dash.txt': 'dash\n',
    'models/too-big.txt': 'y'.repeat(1024 * 1024 + 17),
    'node_modules/pkg/index.js': 'vendored\n',
  };
  for (let i = 0; i < files; i++) {
    const folder = `src/pkg${Math.floor(random() * 20)}/mod${Math.floor(random() * 5)}`;
    tree[`${folder}/file_${i}.py`] = `# module ${i}\nVALUE = ${Math.floor(random() * 1e6)}\n${'x = 1\n'.repeat(Math.floor(random() * 50))}`;
  }
  return tree;
}

interface Served {
  name: string;
  fullName: string;
  dir: string;
  commit: string;
}

let github: FakeGitHub;
const served: Served[] = [];

beforeAll(async () => {
  for (const name of fixtureNames) {
    const dir = await fixtureRepo(path.join(FIXTURES, name));
    served.push({ name: `fixture ${name}`, fullName: `fixtures/${name}`, dir, commit: (await testGit(dir).revparse(['HEAD'])).trim() });
  }
  for (const [seed, files] of [
    [7, 300],
    [42, 2000],
  ] as const) {
    const dir = tempDir('mlh-generated-');
    const repoDir = await makeGitRepo(generatedTree(seed, files), { dir });
    // Links in and out, and an executable: committed as a checkout would have them.
    symlinkSync('../README.md', path.join(dir, 'docs/readme-link.md'));
    symlinkSync('/etc/passwd', path.join(dir, 'docs/passwd'));
    chmodSync(path.join(dir, 'requirements.txt'), 0o755);
    execFileSync('git', ['add', '-A'], { cwd: dir });
    execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.com', 'commit', '-qm', 'links'], { cwd: dir });
    served.push({ name: `generated tree (${files} files)`, fullName: `generated/tree-${seed}`, dir: repoDir, commit: (await testGit(dir).revparse(['HEAD'])).trim() });
  }
  github = await startFakeGitHub({ repos: Object.fromEntries(served.map((repo) => [repo.fullName, { dir: repo.dir }])) });
}, 120_000);
afterAll(async () => {
  await github?.stop();
});

/** Everything a check reported; why there is no history is worded per kind of target, so that phrase is one token. */
const contentOf = (report: Report) =>
  JSON.parse(
    JSON.stringify(report.checks.map(({ id, status, score, criteria, evidence, findings, unsupported, skipScope }) => ({ id, status, score, criteria, evidence, findings, unsupported, skipScope })))
      .replaceAll('a GitHub API scan reads the files of one commit, not the git history', '<why no history>')
      .replaceAll('the target has no git history (a plain folder or an export)', '<why no history>'),
  );

describe('an archive scan reports what a local scan of the commit reports', () => {
  it.each(fixtureNames.map((name) => [`fixture ${name}`]).concat([['generated tree (300 files)'], ['generated tree (2000 files)']]))('%s', async (name) => {
    const repo = served.find((entry) => entry.name === name)!;
    const mark = github.requests.length;
    const remote = await openTarget(`github:${repo.fullName}@${repo.commit}`, { apiUrl: github.apiUrl, env: {} });
    const local = await openTarget(repo.dir, { ref: repo.commit });
    try {
      expect(remote.snapshot.stats()).toMatchObject({ archiveScan: 1, apiRequests: 2 });
      expect(github.requests.slice(mark).filter((request) => !request.path.startsWith('/_codeload/'))).toHaveLength(2);
      expect(remote.snapshot.files).toEqual(local.snapshot.files);

      const remoteReport = await scan(remote.snapshot, { checks: CHECKS, policy, now });
      const withoutHistory = await scan(await Snapshot.fromSource(local.source, { git: null }), { checks: CHECKS, policy, now });
      expect(contentOf(remoteReport)).toEqual(contentOf(withoutHistory));
      expect(remoteReport.score).toBe(withoutHistory.score);
      expect(remoteReport.errors).toEqual(withoutHistory.errors);

      // Against the local scan with its git history: only what the API report says it could not judge differs.
      const withHistory = await scan(local.snapshot, { checks: CHECKS, policy, now });
      const unsupported = remoteReport.coverage.unsupported;
      const judgedHere = (check: string, criterion: string) => !unsupported.some((entry) => entry.id === check && (entry.criterion === undefined || entry.criterion === criterion));
      const criteria = (report: Report) => report.checks.flatMap((check) => check.criteria.filter((criterion) => judgedHere(check.id, criterion.id)).map((criterion) => `${check.id}/${criterion.id}=${criterion.value}`));
      expect(criteria(remoteReport)).toEqual(criteria(withHistory));
      expect(criteria(remoteReport).length).toBeGreaterThan(20);
    } finally {
      await remote.close();
      await local.close();
    }
  });
});
