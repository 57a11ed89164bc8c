// The secrets check: secrets in the working tree and in git history (real repositories), .env hygiene,
// the evidence of what was scanned, and masking in every output format.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import secrets from '../checks/secrets.js';
import { GitRepositoryHistory } from '../src/git/history.js';
import { REPORTERS } from '../src/reporters/index.js';
import { FIXTURES, findingIds, runCheck, runRaw, scanDir } from './helpers.js';
import { commitAll, fixtureRepo, makeGitRepo, writeFiles } from './remote-fixtures.js';
import { randomString, samples } from './secrets-samples.js';

const HYGIENE = { '.gitignore': '.env\n', '.env.example': 'MLFLOW_TRACKING_PASSWORD=\n' };

describe('secrets in the working tree', () => {
  test('a clean tree passes, and the evidence says what was scanned', async () => {
    const result = await runCheck(secrets, { ...HYGIENE, 'src/train.py': 'import os\npassword = os.environ["DB_PASSWORD"]\n', 'data/x.parquet': new Uint8Array([0x50, 0x41, 0x52, 0x31, 0, 0]) });
    expect(result.status).toBe('pass');
    expect(findingIds(result)).toEqual(['history-not-scanned']);
    const scan = result.evidence.find((entry) => entry.kind === 'secret-scan' && entry.note?.startsWith('working tree'));
    expect(scan?.note).toMatch(/^working tree: 3 text file\(s\), \d+ B scanned; skipped 0 binary, 0 over 1 MiB, 1 by type/);
  });

  test('each credential is a finding with path and line, masked', async () => {
    const key = samples.awsAccessKeyId();
    const token = samples.huggingFace();
    const result = await runCheck(secrets, {
      ...HYGIENE,
      'config/settings.py': `REGION = "eu-west-1"\nAWS_ACCESS_KEY_ID = "${key}"\n`,
      'notebooks/download.py': `from huggingface_hub import login\nlogin(token="${token}")\n`,
      'deploy/id_ed25519': samples.privateKey('OPENSSH '),
    });
    expect(result.status).toBe('fail');
    const found = result.findings.filter((finding) => finding.id === 'secret-in-tree');
    expect(found.map((finding) => [finding.path, finding.line])).toEqual([
      ['config/settings.py', 2],
      ['deploy/id_ed25519', 1],
      ['notebooks/download.py', 2],
    ]);
    expect(found[0].message).toContain('AKIA…(20 chars)');
    expect(result.criteria.find((criterion) => criterion.id === 'tree')?.value).toBe(0);
  });

  test('a heuristic hit costs less than a confirmed credential', async () => {
    const result = await runCheck(secrets, { ...HYGIENE, 'conf/app.yaml': `db_password: ${samples.genericSecret()}\n` });
    expect(findingIds(result)).toContain('possible-secret');
    expect(result.criteria.find((criterion) => criterion.id === 'tree')?.value).toBeCloseTo(0.85);
  });

  test('a committed .env with values is a finding naming the variables, not the values', async () => {
    const password = samples.dbPassword();
    const result = await runCheck(secrets, {
      '.gitignore': 'node_modules/\n',
      '.env': `LOG_LEVEL=info\nDATABASE_URL=postgresql://etl:${password}@db.kestrel.internal/crm\nEMPTY=\n`,
    });
    const env = result.findings.find((finding) => finding.id === 'env-file-with-values');
    expect(env).toMatchObject({ path: '.env', line: 1, severity: 'error' });
    expect(env?.message).toContain('LOG_LEVEL, DATABASE_URL');
    expect(env?.message).not.toContain(password);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['secret-in-tree', 'env-not-ignored', 'no-env-example']));
  });

  test('.env with only empty values and an example with names is good hygiene', async () => {
    const outcome = await runRaw(secrets, { '.env': 'API_TOKEN=\n', '.env.example': 'API_TOKEN=\nMLFLOW_TRACKING_URI=http://localhost:5000\n', '.gitignore': '.env\n' });
    expect(outcome.status).toBe('judged');
    if (outcome.status !== 'judged') return;
    expect(outcome.criteria).toMatchObject({ tree: 1, hygiene: 1 });
    expect(outcome.findings.map((finding) => finding.id)).toEqual(['history-not-scanned']);
  });

  test('an example file holding a real-looking secret value is flagged, once (#17)', async () => {
    const outcome = await runRaw(secrets, { '.env.example': `API_TOKEN=${samples.genericSecret(9)}\n`, '.gitignore': '.env\n' });
    expect(outcome.findings?.map((finding) => finding.id)).toContain('example-has-values');
    expect(outcome.findings?.map((finding) => finding.id)).not.toContain('possible-secret');
  });

  test('binary files and files over the cap are skipped and counted, not read as text', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    const result = await runCheck(secrets, { ...HYGIENE, 'blob.dat': new Uint8Array([1, 2, 0, 3, 4]), 'dump.txt': big });
    const scan = result.evidence.find((entry) => entry.kind === 'secret-scan')!;
    expect(scan.note).toContain('skipped 1 binary, 1 over 1 MiB');
    expect(result.status).toBe('pass');
  });
});

describe('what is not a credential is not reported as one (#17)', () => {
  // A Django LLM app as delivered: test and CI env files with fixture values, a CI env file of instance
  // types, and a notebook whose output holds base64 audio in which an AWS-key-shaped run happens to occur.
  const base64 = (length: number, seed: number) => randomString(length, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', seed);
  const audio = `UklGR${base64(400, 11)}k${samples.awsAccessKeyId(3)}p${base64(400, 12)}`;
  const delivery = {
    ...HYGIENE,
    'tests/.env.test': '# === Object Storage ===\nMINIO_HOST=localhost\nAWS_ACCESS_KEY=minioadmin\nAWS_SECRET_KEY=minioadmin\nDJANGO_SECRET_KEY=1n53cur3K3y\nPOSTGRES_PASSWORD=insecure\nKIBANA_SYSTEM_PASSWORD=redboxpass\nLLM_MAX_TOKENS=1024\n',
    // An API description's example values (GitHub's own OpenAPI document) are shapes, not keys.
    'webapi/Plugins/GitHubPlugin/openapi.json': `{\n  "openapi": "3.0.1",\n  "components": { "examples": { "repository": { "value": {\n    "temp_clone_token": "${samples.genericSecret(21)}",\n    "name": "Hello-World"\n  } } } }\n}\n`,
    'tests/.env.integration': 'AWS_REGION=eu-west-2\nGOV_NOTIFY_API_KEY=f4k3_k3y\nPOSTGRES_HOST=localhost\n',
    '.github/.github.env': '# github specific\nEC2_INSTANCE_TYPE=t3.large\nRUNNER_SIZE=large\nAPP_NAME=redbox\n',
    'notebooks/transcribe.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', source: ['play(clip)'], outputs: [{ output_type: 'display_data', data: { 'text/html': [`<audio controls><source src="data:audio/wav;base64,${audio}" type="audio/wav"></audio>`] } }] }], nbformat: 4, nbformat_minor: 5 }, null, 1),
  };

  test('fixture env files and an encoded run are hygiene notes at most, and the summary agrees with the criterion', async () => {
    const result = await runCheck(secrets, delivery);
    expect(result.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    const notes = result.findings.filter((finding) => finding.id === 'env-file-committed');
    expect(notes.map((finding) => finding.path).sort()).toEqual(['.github/.github.env', 'tests/.env.integration', 'tests/.env.test']);
    expect(notes.find((finding) => finding.path === '.github/.github.env')?.message).toContain('none is named like a credential');
    expect(notes.find((finding) => finding.path === 'tests/.env.test')?.message).toContain('it configures tests or CI, so its values are taken as fixtures (credential-named: KIBANA_SYSTEM_PASSWORD)');
    expect(result.criteria.find((criterion) => criterion.id === 'tree')?.value).toBe(1);
    expect(result.summary).toContain(': 0 credential(s) in the tree, 0 only in history.');
  });

  test('a random-looking value in .env.example is one hygiene finding, not also a possible secret; a real key there still is', async () => {
    const example = `# Tracing (local Langfuse)\nLANGFUSE_HOST=http://localhost:3000\nLANGFUSE_SECRET_KEY=sk-lf-${samples.genericSecret(7)}\n`;
    const result = await runCheck(secrets, { '.gitignore': '.env\n', '.env.example': example });
    expect(result.findings.filter((finding) => finding.path === '.env.example').map((finding) => finding.id)).toEqual(['example-has-values']);
    expect(result.summary).not.toContain('possible secret');
    const key = await runCheck(secrets, { '.gitignore': '.env\n', '.env.example': `AWS_ACCESS_KEY_ID=${samples.awsAccessKeyId(5)}\n` });
    expect(findingIds(key)).toContain('secret-in-tree');
  });

  test('a root .env with a real password is still a credential, and the summary counts it', async () => {
    const result = await runCheck(secrets, { ...HYGIENE, '.env': `APP_NAME=churn\nPOSTGRES_PASSWORD=${samples.genericSecret(4)}\n` });
    const env = result.findings.find((finding) => finding.path === '.env' && finding.id === 'env-file-with-values');
    expect(env).toMatchObject({ severity: 'error', line: 1 });
    expect(env?.message).toContain('1 look like credentials: POSTGRES_PASSWORD');
    expect(result.criteria.find((criterion) => criterion.id === 'tree')?.value).toBe(0);
    expect(result.summary).toContain('1 env file(s) with credential values');
  });
});

describe('secrets in git history', () => {
  test('a key committed and then deleted is still a finding (rotate it)', async () => {
    const key = samples.awsAccessKeyId(21);
    const dir = await makeGitRepo({ ...HYGIENE, 'README.md': '# churn\n', 'src/aws.py': `import boto3\nAWS_ACCESS_KEY_ID = "${key}"\n` });
    writeFiles(dir, { 'src/aws.py': 'import boto3\n# credentials come from the environment\n' });
    await commitAll(dir, 'Remove hard-coded key');
    const result = await runCheck(secrets, dir);
    expect(findingIds(result)).toEqual(['secret-in-history']);
    const finding = result.findings[0];
    expect(finding).toMatchObject({ path: 'src/aws.py', line: 2, severity: 'error' });
    expect(finding.message).toMatch(/AKIA…\(20 chars\) was added in commit [0-9a-f]{10} \(\d{4}-\d{2}-\d{2}\)/);
    expect(finding.message).not.toContain(key);
    expect(result.criteria.map((criterion) => [criterion.id, criterion.value])).toEqual([
      ['tree', 1],
      ['history', 0],
      ['hygiene', 1],
    ]);
    const history = result.evidence.find((entry) => entry.kind === 'git-history');
    expect(history?.note).toMatch(/^2 commit\(s\), \d+ B of added lines scanned$/);
  });

  test('a key still in the tree is reported once, with the commit that added it', async () => {
    const token = samples.githubClassic(22);
    const dir = await makeGitRepo({ ...HYGIENE, 'ci/push.sh': `git push https://bot:${token}@github.com/k/r.git\n` });
    const result = await runCheck(secrets, dir);
    expect(findingIds(result)).toEqual(['secret-in-tree']);
    expect(result.findings[0].message).toMatch(/ghp_…\(40 chars\) at line 1 \(committed in [0-9a-f]{10} on \d{4}-\d{2}-\d{2}\)/);
    expect(result.criteria.find((criterion) => criterion.id === 'history')?.value).toBe(0);
  });

  test('a multi-line private key added and removed in history is found in the commit that added it', async () => {
    const dir = await makeGitRepo({ ...HYGIENE, 'keep.txt': 'x\n' });
    writeFiles(dir, { 'deploy/key.pem': samples.privateKey('EC ', 23) });
    await commitAll(dir, 'Add deploy key');
    writeFiles(dir, { 'deploy/key.pem': null });
    await commitAll(dir, 'Oops, remove key');
    const result = await runCheck(secrets, dir);
    expect(result.findings.map((finding) => [finding.id, finding.path, finding.line])).toEqual([['secret-in-history', 'deploy/key.pem', 1]]);
  });

  test('a clean repository with history scores full marks', async () => {
    const dir = await fixtureRepo(path.join(FIXTURES, 'complete-handover'));
    const result = await runCheck(secrets, dir);
    expect(result.score).toBe(10);
    expect(result.findings).toEqual([]);
  });

  test('addedLines stops at its byte cap and says so', async () => {
    const dir = await makeGitRepo({ 'a.txt': 'line\n'.repeat(5000) });
    const history = (await GitRepositoryHistory.open(dir))!;
    let seen = 0;
    const summary = await history.addedLines((_line) => seen++, { maxBytes: 2048 });
    expect(summary.capped).toBe(true);
    expect(summary.bytes).toBe(2048);
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(5000);
    const full = await history.addedLines(() => {}, {});
    expect(full).toMatchObject({ capped: false, commits: 1 });
  });
});

describe('masking in every output format', () => {
  test('no reporter ever prints a raw secret from the tree or the history', async () => {
    const values = {
      aws: samples.awsAccessKeyId(31),
      awsSecret: samples.awsSecretAccessKey(32),
      openai: samples.openAiProject(33),
      anthropic: samples.anthropic(34),
      slack: samples.slackBot(35),
      db: samples.dbPassword(36),
      generic: samples.genericSecret(37),
      wandb: samples.wandbHexKey(38),
    };
    const dir = await makeGitRepo({
      'old/creds.py': `OPENAI_API_KEY = "${values.openai}"\n`,
      '.env': `DATABASE_URL=postgresql://etl:${values.db}@db.kestrel.internal/crm\nWANDB_API_KEY=${values.wandb}\n`,
    });
    writeFiles(dir, {
      'old/creds.py': null,
      'config/aws.ini': `[default]\naws_access_key_id = ${values.aws}\naws_secret_access_key = ${values.awsSecret}\n`,
      'llm/client.py': `ANTHROPIC = "${values.anthropic}"\nSLACK = "${values.slack}"\nservice_token = "${values.generic}"\n`,
    });
    await commitAll(dir, 'Move credentials');
    const report = await scanDir(dir, { checks: [secrets] });
    const ids = report.checks[0].findings.map((finding) => finding.id);
    expect(ids).toEqual(expect.arrayContaining(['secret-in-tree', 'secret-in-history', 'possible-secret', 'env-file-with-values']));
    for (const [format, render] of Object.entries(REPORTERS)) {
      const output = render(report, { color: false });
      for (const [name, value] of Object.entries(values)) {
        expect(output.includes(value), `${format} output contains the raw ${name} value`).toBe(false);
      }
    }
    expect(REPORTERS.json(report, { color: false })).toContain('AKIA…(20 chars)');
  });
});

describe('fixtures', () => {
  test('complete-handover passes', async () => {
    const result = await runCheck(secrets, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(findingIds(result)).toEqual(['history-not-scanned']);
    expect(result.evidence.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['secret-scan', 'gitignore', 'env-example']));
  });

  test('partial-delivery fails on its committed .env', async () => {
    const result = await runCheck(secrets, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).toBe('fail');
    expect(result.findings.filter((finding) => finding.path === '.env').map((finding) => [finding.id, finding.line])).toEqual([
      ['secret-in-tree', 4],
      ['env-file-with-values', 2],
    ]);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['env-not-ignored', 'no-env-example']));
  });

  test('notebook-dump has no credentials but no hygiene either', async () => {
    const result = await runCheck(secrets, path.join(FIXTURES, 'notebook-dump'));
    // No git history: the history criterion leaves the weight (0, not counted) instead of a 0.5 fallback.
    expect(result.criteria.map((criterion) => [criterion.id, criterion.value, criterion.excluded])).toEqual([
      ['tree', 1, undefined],
      ['history', 0, 'unsupported'],
      ['hygiene', 0, undefined],
    ]);
    expect(result.score).toBe(7.1);
    expect(result.findings.every((finding) => finding.remediation)).toBe(true);
  });
});
