// The working-tree secret scan's file budget: a large repository is read in order of likelihood (env and
// configuration files, then code, then documents, then the rest; shallow before deep), and the report says
// how much was left unread. The buyer's policy can raise the budget.
import { describe, expect, test } from 'vitest';
import secrets from '../checks/secrets.js';
import { findingIds, runCheck } from './helpers.js';
import { makeGitRepo } from './remote-fixtures.js';
import { samples } from './secrets-samples.js';

const HYGIENE = { '.gitignore': '.env\n', '.env.example': 'MLFLOW_TRACKING_PASSWORD=\n' };

/** Plain files that take up a budget without holding anything. */
function filler(count: number, folder: string, extension: string): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, n) => [`${folder}/f${String(n).padStart(3, '0')}.${extension}`, `value_${n} = ${n}\n`]));
}

describe('secret scan budget', () => {
  test('configuration is read before code, code before documents, and the cut is reported', async () => {
    const token = samples.githubClassic();
    const key = samples.awsAccessKeyId();
    const result = await runCheck(
      secrets,
      {
        ...HYGIENE,
        ...filler(6, 'src/pkg', 'py'),
        ...filler(6, 'docs', 'md'),
        'deploy/deep/config/app.yaml': `github_token: ${token}\n`,
        'notes/zz-late.txt': `aws = "${key}"\n`,
      },
      { checks: { secrets: { options: { maxFiles: 5 } } } },
    );
    // .gitignore, .env.example and app.yaml are configuration: read first, so the token is found; the
    // note in a .txt file is past the budget.
    const found = result.findings.filter((finding) => finding.id === 'secret-in-tree');
    expect(found.map((finding) => finding.path)).toEqual(['deploy/deep/config/app.yaml']);
    expect(findingIds(result)).toContain('scan-capped');
    const capped = result.findings.find((finding) => finding.id === 'scan-capped');
    expect(capped?.message).toBe('The working-tree scan stopped at its budget of 5 files; 11 file(s) were not scanned (the likeliest places for credentials were read first).');
    const scan = result.evidence.find((entry) => entry.kind === 'secret-scan' && entry.note?.startsWith('working tree'));
    expect(scan?.note).toMatch(/^working tree: 5 text file\(s\), .*; budget of 5 files reached, 11 file\(s\) not scanned$/);
  });

  test('a capped scan that found nothing scores 0.9 on the tree, never full marks', async () => {
    const result = await runCheck(secrets, { ...HYGIENE, ...filler(8, 'src', 'py') }, { checks: { secrets: { options: { maxFiles: 4 } } } });
    expect(result.criteria.find((criterion) => criterion.id === 'tree')?.value).toBe(0.9);
    expect(findingIds(result)).toContain('scan-capped');
  });

  test('within the budget every file is read and nothing is reported as capped', async () => {
    const key = samples.awsAccessKeyId();
    const result = await runCheck(secrets, { ...HYGIENE, ...filler(8, 'src', 'py'), 'notes/zz-late.txt': `aws = "${key}"\n` });
    expect(findingIds(result)).not.toContain('scan-capped');
    expect(result.findings.filter((finding) => finding.id === 'secret-in-tree').map((finding) => finding.path)).toEqual(['notes/zz-late.txt']);
    expect(result.criteria.find((criterion) => criterion.id === 'tree')?.value).toBe(0);
  });

  test('files near the read cap are all read, a few at a time, and a credential in the last one is found', async () => {
    // Forty 700 KB notes: the scan reads them in batches bounded by bytes (not 32 at once), and none is skipped.
    const notes = Object.fromEntries(Array.from({ length: 40 }, (_, n) => [`notes/n${String(n).padStart(2, '0')}.txt`, `${'plain words '.repeat(60_000)}\n`]));
    const token = samples.githubClassic();
    notes['notes/n39.txt'] = `${'plain words '.repeat(60_000)}\ngithub_token = "${token}"\n`;
    const result = await runCheck(secrets, { ...HYGIENE, ...notes });
    expect(result.findings.filter((finding) => finding.id === 'secret-in-tree').map((finding) => finding.path)).toEqual(['notes/n39.txt']);
    const scan = result.evidence.find((entry) => entry.kind === 'secret-scan' && entry.note?.startsWith('working tree'));
    expect(scan?.note).toMatch(/^working tree: 42 text file\(s\)/);
  });

  test('nearer the root is read first within a tier', async () => {
    const shallow = samples.githubClassic(21);
    const deep = samples.githubClassic(22);
    const result = await runCheck(
      secrets,
      { 'a/b/c/d/settings.yaml': `token: ${deep}\n`, 'z.yaml': `token: ${shallow}\n`, 'y.yaml': 'name: churn\n' },
      { checks: { secrets: { options: { maxFiles: 2 } } } },
    );
    expect(result.findings.filter((finding) => finding.id === 'secret-in-tree').map((finding) => finding.path)).toEqual(['z.yaml']);
  });

  test('the history budget comes from the policy too, and a cut history is reported', async () => {
    const dir = await makeGitRepo({ ...HYGIENE, 'src/a.py': 'x = 1\n'.repeat(2000) });
    const result = await runCheck(secrets, dir, { checks: { secrets: { options: { historyBytes: 4096 } } } });
    const capped = result.findings.filter((finding) => finding.id === 'scan-capped');
    expect(capped.map((finding) => finding.message)).toEqual([expect.stringMatching(/^The history scan stopped at its 4 KiB budget after 1 commit\(s\); older commits were not scanned\.$/)]);
    expect(result.criteria.find((criterion) => criterion.id === 'history')?.value).toBe(0.9);
  });
});
