// A hostile vendor repository, generated at test time (nothing binary is committed to this project): git
// configuration and attributes that run a marker command under careless git use, symbolic links out of the
// root and in loops, sparse multi-GB files named like artifacts, binary and invalid UTF-8 text, file names
// with newlines, leading dashes, invalid UTF-8 bytes and markup, alias bombs and deep nesting in every file
// the parsers read, XML bombs, a corrupt mlflow.db, markup and mentions in headings and excerpts, secrets in
// the tree and in history, and repository-local configs that try to lower the gate.
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSqlJs } from '../src/formats/mlflow-sqlite.js';
import { tempDir } from './helpers.js';
import { bareCopy, commitAll, makeGitRepo, testGit } from './remote-fixtures.js';
import { samples } from './secrets-samples.js';

// ---- payloads ------------------------------------------------------------------------------------------

/** Markup and mentions that must come out inert in every report format. */
export const MARKUP = {
  script: '<script>alert(document.cookie)</script>',
  img: '<img src=x onerror=alert(1)>',
  jsLink: '[click for details](javascript:alert(1))',
  mention: '@kestrel-mobile/data-team',
  image: '![pixel](https://evil.example/track.png)',
  /** Terminal escapes: clear screen, and an OSC 8 hyperlink. */
  ansi: '\u001b[2J\u001b]8;;https://evil.example\u0007open me\u001b]8;;\u0007',
} as const;

/** One line carrying every kind of markup, for headings, table cells and excerpts. */
export const MARKUP_LINE = `${MARKUP.script} ${MARKUP.img} ${MARKUP.jsLink} ${MARKUP.mention} ${MARKUP.image}`;

/** A billion-laughs YAML document: nine levels of nine aliases (far over the alias limit). */
export function yamlAliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 9; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
  }
  return lines.join('\n') + '\n';
}

/** Nesting far past every depth limit, in each syntax. `- - - - x` once overflowed the YAML composer's stack. */
export const deepYamlFlow = (depth = 20_000) => `stages: ${'['.repeat(depth)}x\n`;
export const deepYamlBlock = (depth = 20_000) => `${'- '.repeat(depth)}x\n`;
export const deepYamlKeys = (depth = 2_000) => `${'? '.repeat(depth)}x\n`;
export const deepJson = (depth = 50_000) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
export const deepJsonArray = (depth = 100_000) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Entity expansion (billion laughs) plus an external entity pointing at a file outside the root. */
export function xmlBomb(root: 'testsuites' | 'coverage'): string {
  const entities = ['<!ENTITY lol "lol">', '<!ENTITY xxe SYSTEM "file:///etc/passwd">'];
  for (let level = 1; level < 10; level++) entities.push(`<!ENTITY lol${level} "${`&lol${level === 1 ? '' : level - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>\n<!DOCTYPE ${root} [\n${entities.join('\n')}\n]>\n<${root} name="&lol9;"><x>&xxe;</x></${root}>\n`;
}

export const deepXml = (depth = 30_000) => `<?xml version="1.0"?>\n${'<testsuite>'.repeat(depth)}`;

/** Text with a NUL byte: binary where text is expected. */
export const binary = (prefix = '# Runbook\n') => Buffer.concat([Buffer.from(prefix), Buffer.from([0, 1, 2, 0xff, 0, 0x1b, 0x5b, 0x32, 0x4a]), Buffer.alloc(2048, 0)]);

/** Text with invalid UTF-8 sequences (a lone continuation byte, an overlong slash, a truncated sequence). */
export const invalidUtf8 = (text: string) => Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xfe, 0x80, 0xc0, 0xaf, 0xe2, 0x82, 0x0a]), Buffer.from(text)]);

/** A million blank lines, just under the 1 MiB read cap: where a `^\s*` regex with the m flag goes quadratic. */
export const blankLines = () => '\n'.repeat(1_000_000);

const frontMatter = (yaml: string, body: string) => `---\n${yaml}---\n${body}`;

// ---- the repository ------------------------------------------------------------------------------------

export interface HostileRepository {
  /** The git work tree: the directory target, and the repository for `--ref`. */
  root: string;
  /** A bare copy (history and tags) with the same traps, for file:// clone targets. */
  bare: string;
  /** The tag `--ref` scans. */
  ref: string;
  /** Where the traps write `fired-<vector>` if anything from the repository runs. */
  markers: string;
  /** A folder next to the root; links point into it. Nothing in it may be read. */
  outside: string;
  /** Text that exists only outside the root (and in /etc/passwd's first line). */
  outsideTexts: string[];
  /** Full secret values planted in the tree and in history. */
  secrets: string[];
  /**
   * Files some check must read and find wrong: each must be named in the report's `errors` or findings.
   * For the directory target (work tree) and for the committed tree (ref and URL targets).
   */
  problemFiles: { tree: string[]; committed: string[] };
}

const SPARSE_GB = 1024 * 1024 * 1024;

export async function buildHostileRepository(): Promise<HostileRepository> {
  const parent = tempDir('mlh-hostile-');
  const root = path.join(parent, 'vendor-repo');
  const outside = path.join(parent, 'outside');
  const markers = path.join(parent, 'markers');
  for (const dir of [root, outside, markers]) mkdirSync(dir, { recursive: true });

  const sentinel = `OUTSIDE-THE-ROOT-${process.pid}-sentinel`;
  writeFileSync(path.join(outside, 'secret.txt'), `${sentinel}\n`);
  writeFileSync(path.join(outside, 'dvc.yaml'), `stages:\n  leak:\n    cmd: echo ${sentinel}\n`);
  writeFileSync(path.join(outside, 'MODEL_CARD.md'), `# ${sentinel}\n\n## Intended use\n\n${sentinel}\n`);

  const secrets = {
    awsKeyId: samples.awsAccessKeyId(101),
    awsSecret: samples.awsSecretAccessKey(102),
    github: samples.githubClassic(103),
    historyOnly: samples.awsAccessKeyId(104),
  };

  // 1. A first commit holding a credential that a later commit removes: it lives in history only.
  await makeGitRepo({ 'old/credentials.txt': `[default]\naws_access_key_id = ${secrets.historyOnly}\n`, 'README.md': '# kestrel-churn\n' }, { dir: root });

  // 2. The delivery itself.
  rmSync(path.join(root, 'old'), { recursive: true, force: true });
  const { files, problems } = hostileFiles(secrets, markers);
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(root, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  writeFileSync(path.join(root, 'mlflow.db'), await corruptMlflowDb());
  mkdirSync(path.join(root, 'tracking'), { recursive: true });
  writeFileSync(path.join(root, 'tracking', 'mlflow.db'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0xff)]));
  writeOddNames(root);
  writeLinks(root, outside);
  await commitAll(root, 'Delivery <script>alert(1)</script> @kestrel-mobile/data-team');

  // 3. A commit whose signature git would verify with the repository's own gpg.program (log.showSignature).
  const ref = 'v1.0';
  forgeSignedHead(root);
  await testGit(root).raw(['tag', ref]);

  // 4. The bare copy for URL targets, taken before any trap exists (this test's own git must not fire them).
  const bare = await bareCopy(root, { parent: path.join(parent, 'served') });

  // 5. Traps, in the work tree's repository and in the bare one.
  installGitTraps(path.join(root, '.git'), markers);
  installGitTraps(bare, markers);

  // 6. Work-tree-only content: what cannot be committed (multi-GB files, a FIFO).
  const sparse = ['MODEL_CARD.md', 'dvc.lock', 'mlruns/2/meta.yaml', 'data/customers.csv', 'wandb/run-20250301_101010-big0001/files/wandb-summary.json'];
  for (const relative of sparse) {
    const target = path.join(root, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    rmSync(target, { force: true });
    closeSync(openSync(target, 'w'));
    truncateSync(target, 3 * SPARSE_GB + 7);
  }
  try {
    execFileSync('mkfifo', [path.join(root, 'docs', 'runbooks', 'pipe.md')]);
  } catch {
    // No mkfifo: the FIFO case is covered by the snapshot tests.
  }

  return {
    root,
    bare,
    ref,
    markers,
    outside,
    // The sentinel, and the first line of /etc/passwd (linked from several places and named by an XML entity).
    outsideTexts: [sentinel, 'root:x:0:0:'],
    secrets: Object.values(secrets),
    problemFiles: {
      committed: problems,
      tree: [...problems.filter((file) => !sparse.includes(file)), ...sparse.filter((file) => file !== 'data/customers.csv' && !file.startsWith('wandb/'))],
    },
  };
}

/** Marker files the traps wrote, by vector. */
export function firedMarkers(markers: string): string[] {
  return existsSync(markers) ? readdirSync(markers).filter((name) => name.startsWith('fired-')).sort() : [];
}

/** Removes the marker files (between scans, so each scan is judged on its own). */
export function clearMarkers(markers: string): void {
  for (const name of firedMarkers(markers)) rmSync(path.join(markers, name), { force: true });
}

// ---- the files -----------------------------------------------------------------------------------------

interface Secrets {
  awsKeyId: string;
  awsSecret: string;
  github: string;
}

/** Committed content, and the files among it a check must report as unreadable or malformed. */
function hostileFiles(secrets: Secrets, markers: string): { files: Record<string, string | Uint8Array>; problems: string[] } {
  const bomb = yamlAliasBomb();
  const problems: string[] = [];
  const bad = (file: string, content: string | Uint8Array) => {
    problems.push(file);
    return [file, content] as const;
  };
  const files: Record<string, string | Uint8Array> = Object.fromEntries([
    // Every execution vector git honours from .gitattributes, pointed at the trap drivers.
    ['.gitattributes', '* filter=evil diff=evil merge=evil\n*.bin filter=lfs diff=lfs merge=lfs -text\n'],
    ['.gitmodules', `[submodule "evil"]\n\tpath = evil\n\turl = ext::sh -c touch% ${markers}/fired-submodule\n`],
    // Repository-local configs that try to lower the gate: they may only add locations.
    ['.ml-handover.yml', 'minScore: 0\nmilestone: discovery\nrequired: []\nweights: {secrets: 0}\nwaivers:\n  - {check: secrets, reason: "trust us", approvedBy: vendor, expires: 2099-01-01}\nchecks:\n  secrets: {weight: 0, minScore: 0, required: false, locations: ["/etc/**", "../outside/**"]}\n  model-card: {weight: 0, minScore: 0}\nlocations:\n  model-card: ["../outside/*.md", "/etc/passwd", "**/*"]\n'],
    ['handover.yml', `milestone: handover\nminScore: 0\nrequired: []\nwaivers: [{check: secrets, reason: "trust us", approvedBy: vendor, expires: 2099-01-01}]\nartifacts:\n  model-card: {path: ../outside/MODEL_CARD.md}\n  decision-records: {path: /etc}\n`],
    // Markup, mentions and terminal escapes in headings, excerpts and table cells; a token in a heading.
    ['README.md', frontMatter(deepYamlBlock(5_000), `# kestrel-churn ${MARKUP.script}\n\n## Model Details ${MARKUP.img} ${MARKUP.mention}\n\n${MARKUP_LINE}\n\n${MARKUP.ansi}\n\nRun \`python -m ${MARKUP.img}\` then [docs](javascript:alert(2)).\n`)],
    ['docs/model-card.md', frontMatter(bomb, `# Model card ${MARKUP.script}\n\n## Intended use ${MARKUP.mention}\n\nScores churn for ${MARKUP_LINE}.\n\n## Access token ${secrets.github}\n\nUse ${secrets.github} to pull the model.\n\n## Limitations ${MARKUP.img}\n\n${MARKUP.ansi} fails on family plans.\n`)],
    ['docs/adr/0001-use-lightgbm.md', `# 1. Use LightGBM ${MARKUP.script} ${MARKUP.mention}\n\nDate: 2025-03-04\n\n## Status\n\nAccepted ${MARKUP.img}\n\n## Context\n\n${MARKUP_LINE}\n\n## Decision\n\nWe train on ${MARKUP.jsLink} with key ${secrets.awsKeyId}.\n\n## Consequences\n\n${MARKUP.ansi}\n`],
    bad('docs/adr/0003-front-matter.md', frontMatter(deepYamlBlock(20_000), '# 3. Deep front matter\n\n## Status\n\nAccepted\n')),
    bad('docs/adr/0004-binary.md', binary('# 4. Binary\n')),
    bad('docs/adr/0005-invalid-utf8.md', invalidUtf8('# 5. Invalid UTF-8\n\n## Status\n\nAccepted\n')),
    ['FAILURE_MODES.md', `# Failure modes ${MARKUP.script}\n\n| Failure mode | Effect | Detection | Mitigation |\n| --- | --- | --- | --- |\n| ${MARKUP.img} | ${MARKUP.jsLink} | ${MARKUP.mention} | ${secrets.github} |\n\n## ${MARKUP.ansi}\n\n- ${MARKUP_LINE}\n`],
    ['evaluation/ACCEPTANCE.md', `# Acceptance criteria ${MARKUP.script}\n\n| Metric | Threshold | Dataset |\n| --- | --- | --- |\n| PR-AUC ${MARKUP.img} | >= 0.6 | ${MARKUP.jsLink} |\n| recall ${MARKUP.mention} | >= 0.7 | data/customers.parquet |\n`],
    bad('evaluation/criteria.yml', bomb),
    bad('docs/runbooks/deploy.md', binary()),
    bad('docs/runbooks/rollback.md', invalidUtf8(`# Rollback ${MARKUP.script}\n\n## Steps ${MARKUP.mention}\n\n\`\`\`sh\n./scripts/rollback.sh ${MARKUP.img}\n\`\`\`\n`)),
    ['docs/runbooks/retrain.md', `# Retrain ${MARKUP_LINE}\n\n## Deploy ${MARKUP.ansi}\n\nRun \`make train\` with AWS key ${secrets.awsKeyId}.\n`],
    ['config/settings.py', `REGION = "eu-west-1"\nAWS_ACCESS_KEY_ID = "${secrets.awsKeyId}"\naws_secret_access_key = "${secrets.awsSecret}"\n`],
    ['.env', `GITHUB_TOKEN=${secrets.github}\nLOG_LEVEL=info\n`],
    // Alias bombs and deep nesting in every file the parsers read.
    // A readable pipeline, so its dvc.lock and params.yaml are read (and found wrong).
    ['dvc.yaml', `stages:\n  train:\n    cmd: python -m kestrel.train ${MARKUP.img}\n    deps: [data/customers.csv]\n    params: [train.seed]\n    outs: [models/churn]\n`],
    bad('pipelines/bomb/dvc.yaml', bomb),
    bad('pipelines/flow/dvc.yaml', deepYamlFlow()),
    bad('pipelines/block/dvc.yaml', deepYamlBlock()),
    bad('pipelines/keys/dvc.yaml', deepYamlKeys()),
    bad('dvc.lock', bomb),
    bad('params.yaml', deepYamlBlock()),
    bad('data/raw.csv.dvc', bomb),
    bad('.dvc/config', invalidUtf8('[core]\n    remote = \u0000storage\n[[[\n')),
    bad('mlruns/1/meta.yaml', bomb),
    bad('mlruns/1/0123456789abcdef0123456789abcdef/meta.yaml', deepYamlBlock()),
    ['mlruns/1/0123456789abcdef0123456789abcdef/metrics/pr_auc', binary('1700000000000 0.5 0\n')],
    ['mlruns/1/0123456789abcdef0123456789abcdef/params/lr', MARKUP_LINE],
    ['mlruns/1/0123456789abcdef0123456789abcdef/tags/mlflow.note.content', `${MARKUP_LINE}\n${MARKUP.ansi}`],
    bad('mlruns/1/fedcba9876543210fedcba9876543210/meta.yaml', deepYamlKeys()),
    ['mlruns/2/meta.yaml', invalidUtf8('name: big\n')],
    bad('mlruns/models/kestrel-churn/meta.yaml', deepYamlFlow()),
    bad('mlruns/models/kestrel-churn/version-1/meta.yaml', bomb),
    ['models/churn/MLmodel', bomb],
    ['MODEL_CARD.md', frontMatter(deepYamlKeys(), '# Model card\n')],
    bad('data/croissant.json', deepJson()),
    bad('datapackage.json', deepJsonArray()),
    bad('data/datapackage.yaml', bomb),
    bad('data-manifest.yml', bomb),
    ['docs/datasheet.md', frontMatter(bomb, `# Datasheet ${MARKUP.script}\n\n## Motivation\n\n${MARKUP_LINE}\n`)],
    bad('wandb/run-20250101_101010-abc1234/files/config.yaml', bomb),
    bad('wandb/run-20250101_101010-abc1234/files/wandb-summary.json', deepJson()),
    bad('wandb/run-20250101_101010-abc1234/files/wandb-metadata.json', binary('{')),
    ['wandb/run-20250301_101010-big0001/files/wandb-summary.json', '{}'],
    ['lightning_logs/version_0/hparams.yaml', bomb],
    ['runs/1/run.json', deepJson()],
    ['CITATION.cff', bomb],
    ['MLproject', bomb],
    ['python_env.yaml', deepYamlBlock()],
    ['environment.yml', bomb],
    ['conda-lock.yml', deepYamlFlow()],
    bad('pyproject.toml', `[project]\nname = "kestrel-churn"\nlicense = "MIT"\ndependencies = ${'['.repeat(20_000)}\n`),
    ['uv.lock', `version = 1\n${'[[package]]\nname = "x"\n'.repeat(3)}value = ${'{a = '.repeat(10_000)}\n`],
    ['Pipfile.lock', deepJson()],
    bad('requirements.txt', binary('pandas==2.2.2\n')),
    ['Dockerfile', `FROM python:3.11\n${'RUN echo \\\n'.repeat(50_000)}x\n`],
    ['Makefile', `train:\n\t${'$('.repeat(50_000)}\n`],
    bad('LICENSE', blankLines()),
    ['src/kestrel/pipeline.py', blankLines()],
    // Under the 256 KiB cap for Python sources: every import pattern scans it.
    ['src/kestrel/serve.py', '\n'.repeat(250_000)],
    ['src/kestrel/features.py', ' \n'.repeat(120_000)],
    ['setup.cfg', blankLines()],
    ['.lfsconfig', '\n'.repeat(60_000)],
    ['k8s/blank.yaml', `${'\n'.repeat(500_000)}kind: CronJob\n`],
    ['src/kestrel/train.py', `import random\nrandom.seed(42)\n${'#'.repeat(900_000)}\n`],
    // Monitoring, alerting and schedules.
    bad('evidently/config.yaml', bomb),
    bad('nannyml.yaml', deepYamlBlock()),
    bad('.whylogs.yaml', deepYamlKeys()),
    bad('monitoring/prometheus/rules.yml', bomb),
    ['monitoring/alertmanager.yml', deepYamlFlow()],
    bad('.github/workflows/retrain.yml', bomb),
    ['k8s/cronjob.yaml', `apiVersion: batch/v1\nkind: CronJob\n---\n${bomb}---\n${deepYamlBlock()}`],
    ['dags/retrain.py', `from airflow import DAG\n${'DAG('.repeat(100_000)}\n`],
    ['great_expectations/expectations/customers.json', deepJson()],
    ['promptfooconfig.yaml', bomb],
    ['registry/evals/churn.yaml', deepYamlFlow()],
    ['.eval_results/churn.yaml', bomb],
    // XML bombs in test and coverage reports.
    bad('reports/junit.xml', xmlBomb('testsuites')),
    bad('coverage.xml', xmlBomb('coverage')),
    bad('test-results/TEST-deep.xml', deepXml()),
    ['lcov.info', `TN:\n${'SF:src/x.py\nDA:1,1\n'.repeat(20_000)}`],
    ['coverage.json', deepJson()],
  ]);
  return { files, problems };
}

/** File names with a newline, leading dashes, invalid UTF-8 bytes (written through a Buffer path), markup and escapes. */
function writeOddNames(root: string): void {
  const adr = (name: string | Buffer, content: string) => {
    const dir = Buffer.from(path.join(root, 'docs', 'adr') + path.sep);
    writeFileSync(Buffer.concat([dir, typeof name === 'string' ? Buffer.from(name) : name]), content);
  };
  adr('0002-<img src=x onerror=alert(1)>.md', `# 2. ${MARKUP.img}\n\n## Status\n\nAccepted\n`);
  adr('0006-new\nline.md', '# 6. A name with a newline\n\n## Status\n\nAccepted\n');
  adr('--help.md', '# 7. A name that looks like an option\n');
  adr('-rf.md', '# 8. Another\n');
  adr(Buffer.concat([Buffer.from('0009-'), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from('.md')]), '# 9. Invalid UTF-8 in the name\n');
  adr('0010-@kestrel-mobile [x](javascript:alert(1)).md', `# 10. ${MARKUP.mention}\n`);
  adr('0011-\u001b[2Jclear.md', '# 11. An escape in the name\n');
  writeFileSync(path.join(root, '--output=pwned.md'), '# option-like name at the root\n');
  writeFileSync(path.join(root, '-'), 'a file named dash\n');
}

/** Links out of the root (a file, `/`, the outside folder), to parent folders, and loops. */
function writeLinks(root: string, outside: string): void {
  const link = (target: string, at: string) => {
    mkdirSync(path.dirname(path.join(root, at)), { recursive: true });
    symlinkSync(target, path.join(root, at));
  };
  link('/etc/passwd', 'model_card.md');
  link('/etc/passwd', 'docs/adr/0012-passwd.md');
  link('/', 'docs/runbooks/root');
  link('/etc', 'docs/decisions');
  link('..', 'docs/parent');
  link('../../..', 'data/up');
  link(path.join(outside, 'secret.txt'), 'RUNBOOK.md');
  link(path.relative(path.join(root, 'pipelines', 'outside'), path.join(outside, 'dvc.yaml')), 'pipelines/outside/dvc.yaml');
  link(path.join(outside, 'MODEL_CARD.md'), 'docs/model_card.md');
  link(outside, 'evaluation/outside');
  link('b', 'loop/a');
  link('a', 'loop/b');
  link('self', 'loop/self');
  link('../loop', 'loop/parent-loop');
}

/** A real MLflow store with flipped bytes past the header: SQLite can open it, but its pages are garbage. */
async function corruptMlflowDb(): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run(`CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name TEXT, artifact_location TEXT, lifecycle_stage TEXT, creation_time INTEGER, last_update_time INTEGER);
    CREATE TABLE runs (run_uuid TEXT PRIMARY KEY, name TEXT, status TEXT, start_time INTEGER, end_time INTEGER, lifecycle_stage TEXT, user_id TEXT, artifact_uri TEXT, experiment_id INTEGER);
    CREATE TABLE tags (key TEXT, value TEXT, run_uuid TEXT);
    INSERT INTO experiments VALUES (1, 'kestrel-churn <script>alert(1)</script>', 'mlruns/1', 'active', 1, 2);`);
  for (let i = 0; i < 200; i++) db.run('INSERT INTO runs VALUES (?, ?, ?, 1, 2, ?, ?, ?, 1)', [`${i}`.padStart(32, '0'), `run ${MARKUP.img}`, 'FINISHED', 'active', 'ci', 'x']);
  const bytes = db.export();
  db.close();
  for (let at = 200; at < bytes.length; at += 97) bytes[at] ^= 0x5a;
  return bytes;
}

/** Rewrites HEAD as a commit carrying a (fake) PGP signature; `git log` verifies it when log.showSignature is on. */
export function forgeSignedHead(root: string): void {
  const git = (args: string[], input?: string) => execFileSync('git', args, { cwd: root, input, encoding: 'utf8' });
  const head = git(['cat-file', 'commit', 'HEAD']);
  const [headers, ...message] = head.split('\n\n');
  const signature = 'gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEEAAAAAAAAAAAAAAAAAAAAAAAAAAAFAmAAAAAACgkQAAAAAAAAAAA=\n -----END PGP SIGNATURE-----';
  const forged = `${headers}\n${signature}\n\n${message.join('\n\n')}`;
  const sha = git(['hash-object', '-t', 'commit', '-w', '--stdin'], forged).trim();
  git(['update-ref', 'refs/heads/main', sha]);
}

// ---- the traps -----------------------------------------------------------------------------------------

/** Hook names git runs on its own (client and server side). */
const HOOKS = ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'post-checkout', 'post-merge', 'pre-push', 'pre-rebase', 'post-rewrite', 'reference-transaction', 'post-index-change', 'pre-auto-gc', 'fsmonitor-watchman', 'pre-receive', 'update', 'post-receive', 'post-update', 'push-to-checkout', 'proc-receive'];

/**
 * Writes a marker script per vector and sets every git setting that runs a command to one of them, in the
 * repository's config (`gitDir` is `.git` of a work tree, or a bare repository), with hooks in both the
 * default hooks folder and a `core.hooksPath` folder.
 */
export function installGitTraps(gitDir: string, markers: string): void {
  const bin = path.join(markers, 'bin');
  const hooksPath = path.join(markers, 'hooks');
  mkdirSync(bin, { recursive: true });
  mkdirSync(hooksPath, { recursive: true });
  mkdirSync(path.join(gitDir, 'hooks'), { recursive: true });
  const trap = (vector: string) => {
    const script = path.join(bin, vector);
    writeFileSync(script, `#!/bin/sh\ntouch "${path.join(markers, `fired-${vector}`)}"\ncat >/dev/null 2>&1 </dev/null\nexit 1\n`);
    chmodSync(script, 0o755);
    return script;
  };
  for (const hook of HOOKS) {
    const script = `#!/bin/sh\ntouch "${path.join(markers, `fired-hook-${hook}`)}"\n`;
    writeFileSync(path.join(hooksPath, hook), script, { mode: 0o755 });
    writeFileSync(path.join(gitDir, 'hooks', hook), script, { mode: 0o755 });
  }
  const settings: Array<[string, string]> = [
    ['core.fsmonitor', trap('fsmonitor')],
    ['core.hooksPath', hooksPath],
    ['core.pager', trap('pager')],
    ['pager.log', trap('pager-log')],
    ['pager.show', trap('pager-show')],
    ['core.editor', trap('editor')],
    ['sequence.editor', trap('sequence-editor')],
    ['core.sshCommand', trap('ssh-command')],
    ['core.gitProxy', trap('git-proxy')],
    ['core.askPass', trap('askpass')],
    ['core.alternateRefsCommand', trap('alternate-refs')],
    ['credential.helper', `!${trap('credential-helper')}`],
    ['diff.external', trap('diff-external')],
    ['diff.evil.textconv', trap('textconv')],
    ['diff.evil.command', trap('diff-command')],
    ['diff.lfs.textconv', trap('lfs-textconv')],
    ['filter.evil.clean', trap('filter-clean')],
    ['filter.evil.smudge', trap('filter-smudge')],
    ['filter.evil.process', trap('filter-process')],
    ['filter.evil.required', 'true'],
    ['filter.lfs.smudge', trap('lfs-smudge')],
    ['filter.lfs.process', trap('lfs-process')],
    ['merge.evil.driver', trap('merge-driver')],
    ['log.showSignature', 'true'],
    ['gpg.program', trap('gpg')],
    ['gpg.ssh.program', trap('gpg-ssh')],
    ['gpg.x509.program', trap('gpg-x509')],
    ['uploadpack.packObjectsHook', trap('pack-objects-hook')],
    ['remote.origin.uploadpack', trap('remote-uploadpack')],
    ['remote.origin.receivepack', trap('remote-receivepack')],
    ['protocol.ext.allow', 'always'],
    ['core.untrackedCache', 'true'],
    ['status.showUntrackedFiles', 'all'],
  ];
  for (const [key, value] of settings) execFileSync('git', ['config', '--file', path.join(gitDir, 'config'), key, value]);
}
