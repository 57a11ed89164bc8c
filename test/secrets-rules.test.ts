// The secret rule table, the line scanner, masking and the dotenv/.gitignore helpers, as tables of cases.
import { describe, expect, test } from 'vitest';
import { envFileRole, gitignoreCovers, holdsCredential, isTestEnvFile, parseEnvFile } from '../src/secrets/env-files.js';
import { maskRanges, maskSecret } from '../src/secrets/mask.js';
import { findSecrets, redactSecrets } from '../src/secrets/scanner.js';
import { PatchLineReader, diffPath, type AddedLine } from '../src/git/patch-lines.js';
import { randomString, samples } from './secrets-samples.js';

describe('maskSecret', () => {
  test.each([
    ['AKIAIOSFODNN7EXAMPLE', 4, 'AKIA…(20 chars)'],
    ['hf_' + 'x'.repeat(34), 3, 'hf_…(37 chars)'],
    ['hunter2hunter2', 0, '…(14 chars)'],
    // Never more than a fifth of a short value, whatever the rule allows.
    ['abcdefgh', 4, 'a…(8 chars)'],
    ['abc', 4, '…(3 chars)'],
  ])('%s -> %s', (value, reveal, expected) => {
    expect(maskSecret(value, reveal)).toBe(expected);
  });

  test('masks ranges inside a line and keeps the rest', () => {
    const line = 'key=ABCDEFGHIJKLMNOPQRST; other=1';
    expect(maskRanges(line, [{ start: 4, end: 24, reveal: 4 }])).toBe('key=ABCD…(20 chars); other=1');
  });
});

describe('secret rules: positives', () => {
  const cases: Array<[string, string, string, string]> = [
    ['aws-access-key-id', 'settings.py', `AWS_ACCESS_KEY_ID = "${samples.awsAccessKeyId()}"`, samples.awsAccessKeyId()],
    ['aws-secret-access-key', 'config/aws.ini', `aws_secret_access_key = ${samples.awsSecretAccessKey()}`, samples.awsSecretAccessKey()],
    ['azure-storage-account-key', 'deploy/app.yaml', `conn: "DefaultEndpointsProtocol=https;AccountName=kestrel;AccountKey=${samples.azureAccountKey()};EndpointSuffix=core.windows.net"`, samples.azureAccountKey()],
    ['wandb-api-key', 'train.sh', `export WANDB_API_KEY=${samples.wandbHexKey()}`, samples.wandbHexKey()],
    ['wandb-api-key', 'notebook.py', `wandb.login(key="${samples.wandbHexKey(40)}")`, samples.wandbHexKey(40)],
    ['wandb-api-key', 'run.sh', `export WANDB_API_KEY="${samples.wandbV1Key()}"`, samples.wandbV1Key()],
    ['wandb-api-key', 'wandb/settings', `api_key = ${samples.wandbHexKey(41)}`, samples.wandbHexKey(41)],
    ['huggingface-token', 'download.py', `login(token="${samples.huggingFace()}")`, samples.huggingFace()],
    ['openai-api-key', 'llm.py', `client = OpenAI(api_key="${samples.openAiProject()}")`, samples.openAiProject()],
    ['openai-api-key', 'llm.py', `OPENAI_API_KEY="${samples.openAiLegacy()}"`, samples.openAiLegacy()],
    ['anthropic-api-key', '.envrc', `export ANTHROPIC_API_KEY=${samples.anthropic()}`, samples.anthropic()],
    ['github-token', 'ci/push.sh', `git push https://x:${samples.githubClassic()}@github.com/k/r.git`, samples.githubClassic()],
    ['github-token', 'ci/token.txt', samples.githubFineGrained(), samples.githubFineGrained()],
    ['slack-token', 'alerts.py', `SLACK = "${samples.slackBot()}"`, samples.slackBot()],
    ['connection-string-password', 'etl.py', `engine = create_engine("postgresql+psycopg2://etl:${samples.dbPassword()}@db.kestrel.internal:5432/crm")`, samples.dbPassword()],
    ['url-basic-auth', 'fetch.sh', `curl https://svc:${samples.dbPassword(30)}@artifacts.kestrel.internal/model.tar`, samples.dbPassword(30)],
    ['generic-secret-assignment', 'config.yaml', `mlflow_tracking_password: ${samples.genericSecret()}`, samples.genericSecret()],
    ['generic-secret-assignment', 'client.py', `self.api_token = "${samples.genericSecret(50)}"`, samples.genericSecret(50)],
  ];
  test.each(cases)('%s in %s', (ruleId, path, line, value) => {
    const found = findSecrets(`# header\n${line}\n`, path);
    expect(found.map((match) => match.ruleId)).toContain(ruleId);
    const match = found.find((entry) => entry.ruleId === ruleId)!;
    expect(match.line).toBe(2);
    expect(match.length).toBe(value.length);
    expect(match.masked).not.toContain(value);
    expect(match.masked).toMatch(/^.{0,4}…\(\d+ chars\)$/);
    expect(JSON.stringify(match)).not.toContain(value);
  });

  test('a PEM private key spanning lines is one finding with its body length', () => {
    const key = samples.privateKey();
    const found = findSecrets(`notes\n${key}`, 'deploy/id_rsa');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'private-key', line: 2, confidence: 'high' });
    expect(found[0].length).toBeGreaterThan(1500);
  });

  test('a Google Cloud service-account JSON key is recognised as such', () => {
    const found = findSecrets(samples.gcpServiceAccount(), 'credentials/sa.json');
    expect(found.map((match) => match.ruleId)).toEqual(['gcp-service-account-key']);
  });

  test('a .netrc password (W&B writes its key there) is found only in netrc files', () => {
    const netrc = `machine api.wandb.ai\n  login user\n  password ${samples.wandbHexKey(7)}\n`;
    expect(findSecrets(netrc, '.netrc').map((match) => match.ruleId)).toEqual(['netrc-password']);
    expect(findSecrets('the password reset flow is documented', 'README.md')).toEqual([]);
  });

  test('notebook JSON with escaped quotes still yields the key', () => {
    const cell = `    "os.environ[\\"OPENAI_API_KEY\\"] = \\"${samples.openAiProject(3)}\\"\\n",`;
    expect(findSecrets(cell, 'nb.ipynb').map((match) => match.ruleId)).toContain('openai-api-key');
  });
});

describe('secret rules: negatives', () => {
  test.each([
    ['vendor documentation example key', 'docs.md', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE'],
    ['secret read from the environment', 'settings.py', 'password = os.environ["DB_PASSWORD"]'],
    ['template reference', 'config.yaml', 'api_key: ${API_KEY}'],
    ['token count, not a token', 'generate.py', 'max_tokens = 4096'],
    ['placeholder', 'config.py', 'token = "<your-hf-token>"'],
    ['placeholder word', '.env.example', 'MLFLOW_TRACKING_PASSWORD=changeme'],
    ['local development database', 'docker-compose.yml', 'DATABASE_URL: postgres://postgres:postgres@localhost:5432/dev'],
    ['password-less URL', 'README.md', 'https://mlflow.kestrel-mobile.example/#/models'],
    ['lock file hash', 'uv.lock', 'sdist = { url = "https://x/y.tar.gz", hash = "sha256:8294499fe67ce18ca0b9cc5c20954a8609ce859a064e00f031bfacd2723ab666" }'],
    ['hf_hub_download call', 'dl.py', 'path = hf_hub_download(repo_id="org/model", filename="config.json")'],
    ['tokenizer setting', 'tok.py', 'pad_token = "<pad>"'],
    ['low-entropy literal', 'cfg.py', 'secret_key = "aaaaaaaaaaaaaaaaaaaa"'],
    ['placeholder PEM', 'README.md', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----'],
    ['unquoted call in code', 'db.py', 'password = get_password_from_vault(name)'],
    // #17: variable names standing in for the values in a documented command.
    ['environment variable names in a connection string', 'mlflow_on_aws.md', 'mlflow server --backend-store-uri postgresql://DB_USER:DB_PASSWORD@DB_ENDPOINT:5432/DB_NAME'],
    ['environment variable names in a URL', 'README.md', 'git clone https://GH_USER:GH_ACCESS_TOKEN@github.com/kestrel/churn.git'],
    // #17: an OpenAPI description's example value documents a shape.
    ['example in an OpenAPI description', 'plugins/github/openapi.json', `"temp_clone_token": "${samples.genericSecret(21)}",`],
    // #17: a key written out by hand in a README's configuration example.
    ['counted-out digits and an ellipsis', 'README.md', 'zenml_api_key = "ZENKEY_1234567890..."'],
    ['counted-out letters', 'settings.py', 'api_key = "sk-abcdefghijklmnopqrst"'],
  ])('%s', (_name, path, text) => {
    expect(findSecrets(text, path)).toEqual([]);
  });
});

describe('redactSecrets', () => {
  test('masks every secret on a line and leaves other text alone', () => {
    const key = samples.awsAccessKeyId();
    const token = samples.huggingFace();
    const redacted = redactSecrets(`export AWS_ACCESS_KEY_ID=${key} HF=${token}\nplain line`);
    expect(redacted).not.toContain(key);
    expect(redacted).not.toContain(token);
    expect(redacted).toContain('AKIA…(20 chars)');
    expect(redacted).toContain('hf_…(37 chars)');
    expect(redacted.split('\n')[1]).toBe('plain line');
  });
});

describe('dotenv files and .gitignore', () => {
  test.each([
    ['.env', 'env'],
    ['.env.production', 'env'],
    ['services/api/.env.local', 'env'],
    ['prod.env', 'env'],
    ['.env.example', 'example'],
    ['.env.sample', 'example'],
    ['.env.template', 'example'],
    ['env.py', null],
    ['.envrc', null],
  ])('%s is %s', (path, role) => {
    expect(envFileRole(path)).toBe(role);
  });

  test('values are told from empty entries; quotes and comments do not count', () => {
    const entries = parseEnvFile('# comment\nA=\nB=""\nC= # note\nexport D=value\nE=\'x\'\n');
    expect(entries.map((entry) => [entry.key, entry.hasValue])).toEqual([
      ['A', false],
      ['B', false],
      ['C', false],
      ['D', true],
      ['E', true],
    ]);
  });

  test.each([
    ['.env\n', true],
    ['.env*\n', true],
    ['*.env\n', true],
    ['**/.env\n', true],
    ['/.env\n', true],
    ['.env.*\n', false], // does not match `.env` itself
    ['.env/\n', false], // directories only
    ['.env\n!.env\n', false], // negated afterwards
    ['# .env\nnode_modules/\n', false],
  ])('%j covers .env: %s', (text, covered) => {
    expect(gitignoreCovers(text, '.env').covered).toBe(covered);
  });
});

describe('patch reader', () => {
  test('reports added lines with commit, path and new-file line numbers', () => {
    const lines: AddedLine[] = [];
    const reader = new PatchLineReader((line) => lines.push(line));
    const patch = [
      '\x01aaaa 2025-03-02T10:00:00+00:00',
      '',
      'diff --git a/x.py b/x.py',
      'index 1..2 100644',
      '--- a/x.py',
      '+++ b/x.py',
      '@@ -3,0 +4,2 @@ def f():',
      '+KEY = 1',
      '++++ looks like a header but is content',
      '@@ -10 +12 @@',
      '-old',
      '+new',
      'diff --git a/gone.txt b/gone.txt',
      'deleted file mode 100644',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
      '\x01bbbb 2025-03-01T10:00:00+00:00',
      '',
      'diff --git "a/caf\\303\\251.py" "b/caf\\303\\251.py"',
      '--- /dev/null',
      '+++ "b/caf\\303\\251.py"',
      '@@ -0,0 +1 @@',
      '+print(1)',
      '',
    ].join('\n');
    // Fed in small pieces, as a stream arrives.
    for (let i = 0; i < patch.length; i += 7) reader.feed(patch.slice(i, i + 7));
    reader.end();
    expect(lines.map((line) => [line.commit, line.path, line.line, line.text])).toEqual([
      ['aaaa', 'x.py', 4, 'KEY = 1'],
      ['aaaa', 'x.py', 5, '+++ looks like a header but is content'],
      ['aaaa', 'x.py', 12, 'new'],
      ['bbbb', 'café.py', 1, 'print(1)'],
    ]);
    expect(reader.commits).toBe(2);
  });

  test('diff paths: quoted, prefixed, deleted', () => {
    expect(diffPath('b/src/a.py')).toBe('src/a.py');
    expect(diffPath('/dev/null')).toBeNull();
    expect(diffPath('"b/with\\"quote.py"')).toBe('with"quote.py');
  });
});

describe('token boundaries: a key pattern inside an encoded run is not a key (#17)', () => {
  const base64 = (length: number, seed: number) => randomString(length, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', seed);
  const key = samples.awsAccessKeyId(7);
  test.each([
    ['a letter on each side', `${base64(300, 1)}q${key}x${base64(300, 2)}`],
    ['a + before and a / after', `${base64(300, 3)}+${key}/${base64(300, 4)}`],
    ['a lower-case letter after, at the start of the data', `${key}q${base64(300, 5)}`],
  ])('base64 audio in notebook output, %s', (_, data) => {
    const line = `      "audio/wav": "data:audio/wav;base64,${data}"`;
    expect(findSecrets(line, 'notebooks/speech.ipynb')).toEqual([]);
    // Still masked wherever the text is shown: hiding more than a key costs nothing.
    expect(redactSecrets(line, 'notebooks/speech.ipynb')).not.toContain(key);
  });

  test.each([
    ['quoted', `AWS_ACCESS_KEY_ID = "${key}"`],
    ['in a presigned URL', `https://kestrel-models.s3.amazonaws.com/model.pkl?X-Amz-Credential=${key}/20250101/eu-west-1/s3/aws4_request`],
    ['after a short path segment', `prefix: runs/${key}/`],
  ])('a key that stands alone is still found: %s', (_, line) => {
    expect(findSecrets(line, 'config/deploy.py').map((found) => found.ruleId)).toEqual(['aws-access-key-id']);
  });
});

describe('env files: tests and fixtures are told from credentials (#17)', () => {
  test.each([
    ['tests/.env.test', true],
    ['tests/.env.integration', true],
    ['.env.test', true],
    ['ci.env', true],
    ['services/api/__tests__/.env', true],
    ['.env', false],
    ['.env.production', false],
    ['.github/.github.env', false],
  ])('%s configures tests: %s', (path, expected) => {
    expect(isTestEnvFile(path)).toBe(expected);
  });

  const entry = (key: string, value: string) => ({ key, line: 1, hasValue: value !== '', value });
  test.each([
    ['AWS_SECRET_KEY', 'minioadmin', false],
    ['SECRET_KEY', 'minio123', false],
    ['POSTGRES_PASSWORD', 'insecure', false],
    ['DJANGO_SECRET_KEY', '1n53cur3K3y', false],
    ['GOV_NOTIFY_API_KEY', 'f4k3_k3y', false],
    ['LLM_MAX_TOKENS', '1024', false],
    ['EC2_INSTANCE_TYPE', 't3.large', false],
    ['APP_NAME', 'redbox', false],
    ['DATABASE_URL', 'postgresql://etl:etl@localhost/crm', false],
    ['MLFLOW_TRACKING_URI', 'http://localhost:5000', false],
    ['SECRET_KEY', 'dev-secret-key', false],
    ['OPENAI_API_KEY', 'sk-xxxxxxxxxxxxxxxxxxxx', false],
    ['HF_TOKEN', 'hf_...', false],
    ['JWT_SECRET', 'local_jwt_signing', false],
    ['POSTGRES_PASSWORD', 'mysecretpassword', false],
    ['DJANGO_SECRET_KEY', 'django-insecure-7x!k2', false],
    ['DATABASE_URL', `postgresql://etl:${samples.dbPassword()}@db.kestrel.internal/crm`, true],
    ['API_TOKEN', samples.genericSecret(9), true],
    ['POSTGRES_PASSWORD', 'Kestrel-Prod-2024!', true],
  ])('%s=%s holds a credential: %s', (key, value, expected) => {
    expect(holdsCredential(entry(key, value))).toBe(expected);
  });
});
