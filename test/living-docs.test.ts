import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import livingDocs from '../checks/living-docs.js';
import type { CheckOutcome } from '../src/check.js';
import { changelogEntries } from '../src/formats/changelog.js';
import { parseMarkdown } from '../src/formats/markdown.js';
import { linkTarget } from '../src/ownership/links.js';
import { FIXTURES, findingIds, runCheck, runRaw, tempDir } from './helpers.js';
import { fixtureRepo, makeGitRepo, testGit, writeFiles } from './remote-fixtures.js';

type Judged = Extract<CheckOutcome, { status: 'judged' }>;
type Files = Record<string, string | Buffer | null>;

async function judged(files: Record<string, string | Uint8Array> | string): Promise<Judged> {
  const outcome = await runRaw(livingDocs, files);
  if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
  return outcome;
}

const where = (outcome: Judged, id: string) => outcome.findings.filter((finding) => finding.id === id).map((finding) => [finding.path, finding.line]);

/** A git repository built step by step, each commit with its own author and committer date. */
async function datedRepo(steps: Array<{ date: string; files: Files }>, dir = tempDir('mlh-living-')): Promise<string> {
  await testGit(dir).init(['--initial-branch=main']);
  for (const step of steps) {
    writeFiles(dir, step.files);
    const git = simpleGit({
      baseDir: dir,
      config: ['user.name=Ferrous Labs CI', 'user.email=ci@ferrous.example', 'commit.gpgsign=false'],
      allowEnvironment: ['GIT_AUTHOR_DATE', 'GIT_COMMITTER_DATE'],
    }).env({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GIT_AUTHOR_DATE: `${step.date}T10:00:00+00:00`, GIT_COMMITTER_DATE: `${step.date}T10:00:00+00:00` });
    await git.add(['-A']);
    await git.commit(`Work of ${step.date}`, undefined, { '--allow-empty': null });
  }
  return dir;
}

const CODE_V1 = {
  'src/churn/__init__.py': '',
  'src/churn/train.py': 'def main():\n    print("train v1")\n',
  'src/churn/serve.py': 'def main():\n    print("serve")\n',
  'dvc.yaml': 'stages:\n  train:\n    cmd: python -m churn.train\n',
  Makefile: '.PHONY: train\ntrain:\n\tdvc repro train\n',
};
const codeChange = (n: number) => ({ 'src/churn/train.py': `def main():\n    print("train v${n}")\n` });

const README = `# churn

Predicts which customers leave within 60 days, so the retention team can call them first. Training is a
DVC pipeline; the model is a LightGBM classifier trained on monthly CRM snapshots and served by an API.
${'The receiving team can read how each part fits together in the documents linked below. '.repeat(25)}

## Setup

\`\`\`bash
make train
python -m churn.train
\`\`\`

The training code is \`src/churn/train.py\`; see the [serving notes](docs/serving.md) and the [changelog](CHANGELOG.md).
`;
const SERVING = `# Serving\n\nThe API in \`src/churn/serve.py\` loads the champion model and answers scoring requests for the CRM. ${'It runs on the cluster. '.repeat(10)}\n`;
const CHANGELOG = '# Changelog\n\n## [1.1.0] - 2025-05-01\n\n- Retrained on the April snapshot.\n\n## [1.0.0] - 2025-02-01\n\n- First model.\n';
const DOCS = { 'README.md': README, 'docs/serving.md': SERVING, 'CHANGELOG.md': CHANGELOG, 'docs/adr/0001-use-dvc.md': '# 1. Use DVC\n\nDate: 2025-01-06\n\n## Status\n\nAccepted\n' };

describe('living-docs on the fixtures', () => {
  it('passes the complete handover scanned as a plain folder, with the history marked unverified', async () => {
    const result = await runCheck(livingDocs, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(7);
    const value = Object.fromEntries(result.criteria.map((criterion) => [criterion.id, criterion.value]));
    // Without history the two history criteria leave the weight (valued 0, not counted): nothing for nothing.
    expect(value).toEqual({ fresh: 0, spread: 0, links: 1, references: 1, changelog: 1 });
    expect(result.criteria.filter((criterion) => criterion.excluded).map((criterion) => [criterion.id, criterion.excluded])).toEqual([['fresh', 'unsupported'], ['spread', 'unsupported']]);
    expect(findingIds(result)).toEqual(['history-unavailable']);
    expect(result.unsupported?.map((entry) => entry.criterion)).toEqual(['fresh', 'spread']);
    expect(result.evidence.find((entry) => entry.kind === 'changelog')).toMatchObject({ path: 'CHANGELOG.md', note: expect.stringMatching(/^5 released entr\(ies\), 5 dated, newest 2025-06-20, latest version 1\.4\.0$/) });
  });

  it('passes the complete handover with a history in which docs grew with the code', async () => {
    const dir = await completeHandoverHistory();
    const result = await runCheck(livingDocs, dir);
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(9);
    const value = Object.fromEntries(result.criteria.map((criterion) => [criterion.id, criterion.value]));
    expect(value.fresh).toBe(1);
    expect(value.spread).toBeGreaterThanOrEqual(0.9);
    expect(findingIds(result)).toEqual([]);
    expect(result.evidence.find((entry) => entry.kind === 'git-history')?.note).toMatch(/^7 commit\(s\) from 2025-02-03 to 2025-06-20 \(137 days\); \d+ document\(s\) committed, first on 2025-02-03; 2 first committed after 2025-06-06/);
  });

  it('scores the partial delivery as partial, naming the broken link and the stale commands', async () => {
    const result = await runCheck(livingDocs, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).toBe('warn');
    const at = (id: string) => result.findings.filter((finding) => finding.id === id).map((finding) => `${finding.path}:${finding.line}`);
    expect(at('broken-link')).toEqual(['docs/architecture.md:15']);
    expect(at('missing-reference')).toEqual(['docs/architecture.md:7', 'docs/architecture.md:11', 'docs/architecture.md:11', 'docs/architecture.md:12']);
    expect(result.findings.filter((finding) => finding.id === 'missing-reference').map((finding) => finding.message)).toEqual([
      '`src/fraud/features.py`: src/fraud/features.py is not in the repository.',
      '`python train.py --config configs/train.yaml` (path train.py): train.py is not in the repository.',
      '`python train.py --config configs/train.yaml` (path configs/train.yaml): configs/train.yaml is not in the repository.',
      '`make evaluate` (make target evaluate): there is no Makefile.',
    ]);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['history-unavailable', 'no-changelog']));
  });

  it('skips the notebook dump: no document to keep current takes nothing off (a safeguard, #18)', async () => {
    const result = await runCheck(livingDocs, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('skip');
    expect(result.score).toBeNull();
    expect(result.findings).toEqual([]);
    expect(result.summary).toMatch(/^No documentation to keep current: no README.*changelog/);
  });
});

describe('living-docs: what a document names (#17)', () => {
  it('scripts run from the folder an earlier block cds into, outputs, YAML snippets and other repositories are not missing', async () => {
    const readme = [
      '# chat',
      '',
      'Install the dependencies with the script for your system, from the scripts folder:',
      '',
      '```bash',
      'cd <path to chat>/scripts/',
      '```',
      '',
      '```bash',
      './install-apt.sh',
      '```',
      '',
      'Publish the plugin:',
      '',
      '```',
      'dotnet publish --output ./bin/publish --configuration Release',
      'mkcert localhost',
      'The certificate is at ./localhost+1.pem and the key at ./localhost+1-key.pem',
      '```',
      '',
      'The tracking store:',
      '',
      '```',
      'artifact_location: ./metadata/mlflow/mlartifacts',
      '```',
      '',
      'The cluster URL lives in `govuk-infrastructure/terraform/deployments/variables.yaml`. Create a folder `./SemanticPlugins` for your plugins.',
      '',
      'To run it on Databricks, create a new notebook (e.g. `notebooks/databricks_prod.py`) that calls the pipeline.',
      '',
      '```bash',
      'wget https://repo.anaconda.com/archive/Anaconda3-2022.05-Linux-x86_64.sh',
      'bash Anaconda3-2022.05-Linux-x86_64.sh',
      '```',
      '',
      '```bash',
      'cd django_app && make migrate',
      'go test ./... ./cmd/...',
      'make RECIPE_NAME',
      'make lint',
      '```',
      '',
      'Then run `python manage.py collectstatic`, and read `src/chat/retired.py` and `./scripts/configure.sh`. The generated project keeps its notebooks in `notebooks/exploratory/`.',
      '',
    ].join('\n');
    const outcome = await judged({ 'README.md': readme, 'scripts/install-apt.sh': 'apt-get install -y dotnet-sdk-8.0\n', 'django_app/manage.py': 'import django\n', 'django_app/Makefile': 'migrate:\n\tpython manage.py migrate\n', 'src/chat/__init__.py': '', 'notebooks/explore.ipynb': '{"cells": []}', '{{ cookiecutter.repo_name }}/notebooks/exploratory/.gitkeep': '' });
    expect(outcome.findings.filter((entry) => entry.id === 'missing-reference').map((entry) => entry.message)).toEqual([
      '`make lint` (make target lint): there is no Makefile at the root, and django_app/Makefile has no target "lint".',
      '`src/chat/retired.py`: src/chat/retired.py is not in the repository.',
      '`./scripts/configure.sh`: scripts/configure.sh is not in the repository.',
    ]);
  });
});

describe('living-docs: example commands in a repository of several projects (#17)', () => {
  // A monorepo of pipelines, each project with its own README, `run.py` and `configs/`: the README shows the
  // options with names the reader picks, a tree of the project and a sample of printed output.
  const readme = [
    '# Research agent',
    '',
    '```bash',
    '# Run with your own configuration',
    'python run.py --config configs/custom_research.yaml',
    'python run.py --deploy --config-dir ./my-configs   # custom config directory',
    'python run.py --image-folder ./my_images',
    'python run.py --config configs/thorough.yaml',
    '```',
    '',
    '## Project structure',
    '',
    '```',
    'acme_research/',
    '├── configs/',
    '│   └── balanced.yaml',
    '└── run.py',
    '```',
    '',
    '### Output example',
    '',
    '```',
    'inform(',
    '    genres[driving/racing, sport],',
    '    platforms[PlayStation, PC],',
    ')',
    '```',
    '',
  ].join('\n');
  const files = { 'research/README.md': readme, 'research/run.py': 'print("run")\n', 'research/configs/balanced.yaml': 'depth: 2\n', 'other/run.py': 'print("other")\n' };

  it('names the reader picks, a tree root and printed output are not missing; a config the table promises is', async () => {
    const outcome = await judged(files);
    expect(outcome.findings.filter((entry) => entry.id === 'missing-reference').map((entry) => entry.message)).toEqual([
      '`python run.py --config configs/thorough.yaml` (path configs/thorough.yaml): configs/thorough.yaml is not in the repository.',
    ]);
  });

  it('scripts of a repository the document clones and enters are not this repository\'s missing paths', async () => {
    const guide = [
      '# Orchestration',
      '',
      'Run `./scripts/prepare.sh` first.',
      '',
      '```bash',
      'git clone https://github.com/acme/pipeline-starter.git',
      'cd pipeline-starter',
      '```',
      '',
      'Start the services:',
      '',
      '```bash',
      './scripts/start.sh',
      '```',
      '',
    ].join('\n');
    const outcome = await judged({ 'orchestration/README.md': guide, 'orchestration/flow.py': 'print(1)\n' });
    expect(outcome.findings.filter((entry) => entry.id === 'missing-reference').map((entry) => entry.message)).toEqual(['`./scripts/prepare.sh`: scripts/prepare.sh is not in the repository.']);
  });

  it('a file named from a project is that project\'s, not a file of the same name in another project', async () => {
    const notes = '# Data\n\nLoaded by `steps/loader.py` and run with `python run.py` from the project folder.\n' + 'The loader reads the monthly export. '.repeat(20);
    const dir = await datedRepo([
      { date: '2025-01-06', files: { ...files, 'research/steps/loader.py': 'def load():\n    pass\n', 'research/data/README.md': notes, 'other/steps/loader.py': 'def load():\n    pass\n' } },
      { date: '2025-02-10', files: { 'other/steps/loader.py': 'def load():\n    return 0\n' } },
      { date: '2025-04-21', files: { 'other/run.py': 'print("other v1")\n' } },
      { date: '2025-06-20', files: { 'other/steps/loader.py': 'def load():\n    return 1\n', 'other/run.py': 'print("other v2")\n' } },
    ]);
    const outcome = await judged(dir);
    expect(outcome.findings.filter((entry) => entry.id === 'stale-doc').map((entry) => entry.message)).toEqual([]);
  });
});

describe('links as GitHub renders them (#17)', () => {
  it.each([
    ['README.md', '../../issues', 'external'],
    ['README.md', '../../wiki/Setup', 'external'],
    ['docs/guide.md', '../../../issues/new?template=bug.md', 'external'],
    ['README.md', '../../../other-repo', 'outside'],
    ['README.md', '../notes.md', 'outside'],
    ['docs/guide.md', '../../issues', 'outside'],
    ['docs/guide.md', '../src/train.py', 'path'],
  ])('%s -> %s is %s', (from, url, kind) => {
    expect(linkTarget(from, url).kind).toBe(kind);
  });
});

describe('living-docs against git history', () => {
  it('docs that all arrived in the final commit are a finding with the dates', async () => {
    const dir = await datedRepo([
      { date: '2025-01-06', files: CODE_V1 },
      { date: '2025-02-10', files: codeChange(2) },
      { date: '2025-03-17', files: codeChange(3) },
      { date: '2025-04-21', files: codeChange(4) },
      { date: '2025-05-26', files: codeChange(5) },
      { date: '2025-06-20', files: DOCS },
    ]);
    const outcome = await judged(dir);
    const finding = outcome.findings.find((entry) => entry.id === 'docs-written-at-end');
    expect(finding?.message).toBe('All 4 document(s) were first committed between 2025-06-20 and 2025-06-20, in the last 10% of a history running from 2025-01-06 to 2025-06-20.');
    expect(outcome.criteria.spread).toBeCloseTo(0.1, 5);
    expect(outcome.criteria.fresh).toBe(1);
  });

  it('docs the code moved away from are stale, judged against the code they reference', async () => {
    const dir = await datedRepo([
      { date: '2025-01-06', files: { ...CODE_V1, ...DOCS } },
      { date: '2025-02-10', files: codeChange(2) },
      { date: '2025-04-21', files: codeChange(3) },
      { date: '2025-06-20', files: codeChange(4) },
    ]);
    const outcome = await judged(dir);
    // docs/serving.md describes serve.py, which never changed: it is not stale. README is; CHANGELOG names no
    // code, so it is only compared with the newest code change, and says so.
    expect(outcome.findings.filter((entry) => entry.id === 'stale-doc').map((entry) => entry.message)).toEqual([
      'README.md last changed on 2025-01-06; src/churn/train.py, which it references, changed on 2025-06-20 (165 days later).',
    ]);
    expect(outcome.findings.filter((entry) => entry.id === 'older-than-code').map((entry) => entry.message)).toEqual([
      'CHANGELOG.md names no code file; compared with the newest code change, it last changed on 2025-01-06, 165 days before src/churn/train.py (2025-06-20).',
    ]);
    expect(outcome.criteria.fresh).toBeCloseTo(1 / 3, 5);
    expect(findingIds(outcome)).not.toContain('all-docs-stale');
    // ADRs are records of their day: an old ADR is never stale.
    expect(outcome.findings.some((entry) => entry.path?.includes('adr'))).toBe(false);
  });

  it('a document naming no code is compared with the newest code change and says so, as a note (#17)', async () => {
    // A guardrails page of prose: it names no file, so nothing says it describes the deploy workflow that changed last.
    const guardrails = `# Guardrails\n\nAnswers are checked for personal data and for questions outside the service before they are shown.\n${'The checks run on every answer the model writes. '.repeat(30)}\n`;
    const dir = await datedRepo([
      { date: '2025-01-06', files: { ...CODE_V1, 'README.md': README, 'docs/guardrails.md': guardrails } },
      { date: '2025-02-10', files: { 'README.md': `${README}\nUpdated.\n` } },
      { date: '2025-06-20', files: { '.github/workflows/deploy.yml': 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make deploy\n' } },
    ]);
    const outcome = await judged(dir);
    const notes = outcome.findings.filter((entry) => entry.path === 'docs/guardrails.md');
    expect(notes.map((entry) => [entry.id, entry.severity, entry.message])).toEqual([
      ['older-than-code', 'info', 'docs/guardrails.md names no code file; compared with the newest code change, it last changed on 2025-01-06, 165 days before .github/workflows/deploy.yml (2025-06-20).'],
    ]);
    expect(outcome.findings.some((entry) => /which it describes/.test(entry.message))).toBe(false);
    expect(outcome.summary).toMatch(/document\(s\) stale \(\d+ against the code they reference, 1 naming no code against the newest code change\)/);
  });

  it('every doc stale is an error', async () => {
    const dir = await datedRepo([
      { date: '2025-01-06', files: { ...CODE_V1, 'README.md': README, 'CHANGELOG.md': CHANGELOG } },
      { date: '2025-06-20', files: codeChange(2) },
      { date: '2025-06-21', files: { 'src/churn/serve.py': 'def main():\n    print("serve v2")\n' } },
    ]);
    const outcome = await judged(dir);
    expect(findingIds(outcome)).toContain('all-docs-stale');
    expect(outcome.criteria.fresh).toBe(0);
  });

  it('one squashed commit cannot show that docs grew with the code', async () => {
    const dir = await makeGitRepo({ ...CODE_V1, ...DOCS } as Record<string, string>);
    const outcome = await judged(dir);
    expect(where(outcome, 'history-too-short')).toEqual([[undefined, undefined]]);
    expect(outcome.findings.find((entry) => entry.id === 'history-too-short')?.message).toMatch(/^The history has 1 commit\(s\) over 0 day\(s\)/);
    // Nothing shown earns nothing, and the two criteria leave the weight as for an export.
    expect(outcome.criteria.spread).toBe(0);
    expect(outcome.criteria.fresh).toBe(0);
    expect(outcome.notApplicable?.map((entry) => entry.criterion)).toEqual(['fresh', 'spread']);
  });

  it('a one-commit copy of the complete handover is judged like an export: unverified, still passing', async () => {
    const result = await runCheck(livingDocs, await fixtureRepo(path.join(FIXTURES, 'complete-handover')));
    expect(result.status).toBe('pass');
    expect(findingIds(result)).toEqual(['history-too-short']);
    expect(result.unsupported).toBeUndefined(); // the target has history; it is the repository that has too little
    expect(result.notApplicable?.map((entry) => entry.criterion)).toEqual(['fresh', 'spread']);
  });

  it('a shallow clone is marked and discounted', async () => {
    const origin = await datedRepo([
      { date: '2025-01-06', files: { ...CODE_V1, ...DOCS } },
      { date: '2025-03-03', files: codeChange(2) },
      { date: '2025-04-14', files: { 'docs/serving.md': `${SERVING}\nUpdated.\n` } },
      { date: '2025-05-19', files: { 'README.md': `${README}\nUpdated.\n`, 'CHANGELOG.md': `${CHANGELOG}\n` } },
    ]);
    const clone = path.join(tempDir('mlh-shallow-'), 'clone');
    await simpleGit().clone(`file://${origin}`, clone, ['--depth', '3', '--quiet']);
    const outcome = await judged(clone);
    expect(findingIds(outcome)).toContain('history-shallow');
    expect(outcome.criteria.fresh).toBeCloseTo(0.75, 5);
    expect(outcome.evidence.find((entry) => entry.kind === 'git-history')?.note).toMatch(/^3 commit\(s\) from 2025-03-03 to 2025-05-19.*; shallow clone$/);
  });

  it('documentation that was never committed cannot be dated', async () => {
    const dir = await makeGitRepo(CODE_V1);
    writeFiles(dir, DOCS);
    const outcome = await judged(dir);
    expect(outcome.findings.find((entry) => entry.id === 'history-unavailable')?.message).toBe('None of the 4 document(s) is committed in the history of HEAD.');
    expect(outcome.criteria.fresh).toBe(0); // nothing in the history to date: nothing earned
  });
});

describe('living-docs: links and references in the tree', () => {
  it('a README that names its code only through links names it: no "names nothing" finding, the links are its references', async () => {
    const linked = `# gpt\n\nThe model is [model.py](gpt/model.py) and the loop [trainer.py](gpt/trainer.py).\n\n${'Words '.repeat(300)}\n`;
    const outcome = await judged({ 'README.md': linked, 'gpt/model.py': 'class GPT: pass\n', 'gpt/trainer.py': 'def train(): pass\n' });
    expect(findingIds(outcome)).not.toContain('no-references');
    expect(outcome.criteria.references).toBe(1);
    // The same README with the links as plain words names nothing.
    const plain = await judged({ 'README.md': `# gpt\n\nThe model and the training loop.\n\n${'Words '.repeat(300)}\n`, 'gpt/model.py': 'class GPT: pass\n' });
    expect(findingIds(plain)).toContain('no-references');
    expect(plain.criteria.references).toBe(0);
  });

  it('resolves relative links like GitHub and never fetches URLs', async () => {
    const readme = [
      '# churn',
      '',
      '[guide](docs/guide.md), [folder](docs/), [anchor](#setup), [site](https://docs.example/a.md), [mail](mailto:a@b.example)',
      '[root](/docs/guide.md) and [part](docs/guide.md#part) and [spaced](docs/my%20notes.md)',
      '[missing](docs/missing.md)',
      '[outside](../../etc/passwd)',
      '',
      'Words '.repeat(300),
    ].join('\n');
    const outcome = await judged({ 'README.md': readme, 'docs/guide.md': '# Guide\n', 'docs/my notes.md': '# Notes\n', 'docs/runbooks/deploy.md': '# Deploy\n\n[gone](nowhere.md)\n' });
    expect(where(outcome, 'broken-link')).toEqual([['README.md', 5]]);
    expect(where(outcome, 'link-outside-repo')).toEqual([['README.md', 6]]);
    expect(outcome.criteria.links).toBeCloseTo(3 / 5, 5); // guide, docs/, my notes resolve; runbook links are the runbooks check's
  });

  it('checks scripts, modules, Make targets, DVC stages and paths that docs name', async () => {
    const readme = [
      '# churn',
      '',
      'Words '.repeat(300),
      '',
      '```bash',
      'python -m churn.train --config configs/train.yaml',
      'python -m churn.missing',
      'python -m pip install -r requirements.txt',
      'make train',
      'make deploy',
      'dvc repro evaluate',
      './scripts/run.sh',
      '```',
      '',
      'Features live in `src/churn/features.py`; the pipeline writes `data/out/features.parquet` and `reports/eval.json`.',
    ].join('\n');
    const outcome = await judged({
      ...CODE_V1,
      'src/churn/features.py': '',
      'configs/train.yaml': 'seed: 1\n',
      'README.md': readme,
      'docs/adr/0001-x.md': '# 1. X\n\nWe run `scripts/old_thing.sh`.\n',
    });
    expect(outcome.findings.filter((entry) => entry.id === 'missing-reference').map((entry) => `${entry.line} ${entry.message}`)).toEqual([
      '7 `python -m churn.missing` (python module churn.missing): module churn.missing is not in the repository.',
      '10 `make deploy` (make target deploy): Makefile has no target "deploy".',
      '11 `dvc repro evaluate` (dvc stage evaluate): dvc.yaml has no stage "evaluate".',
      '12 `./scripts/run.sh` (path scripts/run.sh): scripts/run.sh is not in the repository.',
    ]);
    // churn.train, configs/train.yaml, make train, src/churn/features.py resolve; pip and outputs are not the repo's.
    expect(outcome.criteria.references).toBeCloseTo(4 / 8, 5);
  });

  it('a binary document is a finding; the rest is still judged', async () => {
    const outcome = await judged({ 'README.md': new Uint8Array([0x00, 0x01, 0x02, 0x03]), 'docs/guide.md': `# Guide\n\n${'Words '.repeat(400)}\n\nSee [the FAQ](faq.md).\n` });
    expect(where(outcome, 'unreadable-doc')).toEqual([['README.md', undefined]]);
    expect(where(outcome, 'broken-link')).toEqual([['docs/guide.md', 5]]);
  });

  it('hostile documents are judged in bounded time', async () => {
    const started = Date.now();
    const outcome = await judged({
      'README.md': `# x\n\n${'<a'.repeat(100_000)}\n\n[deep](${'../'.repeat(50_000)}x)\n\n\`${'a/'.repeat(50_000)}\`\n`,
      'CHANGELOG.md': `# Changelog\n\n## ${'1.'.repeat(100_000)}\n\n- x y\n`,
      'docs/guide.md': `${'- python -m a.b\n'.repeat(20_000)}`,
    });
    expect(where(outcome, 'link-outside-repo')).toEqual([['README.md', 5]]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a pile of empty template docs does not score well', async () => {
    const result = await runCheck(livingDocs, { 'README.md': '# Project\n\n## Setup\n\n## Architecture\n', 'CHANGELOG.md': '# Changelog\n\n## [Unreleased]\n', 'docs/index.md': '# Docs\n' });
    expect(result.status).toBe('fail');
    expect(result.score).toBeLessThan(1);
    expect(findingIds(result)).toContain('changelog-empty');
  });
});

describe('changelogs', () => {
  it('reads Keep a Changelog, towncrier and hand-written headings', () => {
    const document = parseMarkdown(
      ['# Changelog', '', '## [Unreleased]', '', '## [2.0.0-rc.1] - 2025-06-20', '', '- Added.', '', '## 1.2.0 (2025-03-04)', '', '- Fixed.', '', '## v0.3 — March 4, 2025', '', '- Old.', '', '## Release of 2025-13-45', '', '- Bad.', '', '## Notes', '', 'Text.'].join('\n'),
    );
    expect(changelogEntries(document).map((entry) => [entry.line, entry.version, entry.date, entry.invalidDate, entry.unreleased])).toEqual([
      [3, null, null, null, true],
      [5, '2.0.0-rc.1', '2025-06-20', null, false],
      [9, '1.2.0', '2025-03-04', null, false],
      [13, '0.3', '2025-03-04', null, false],
      [17, null, null, '2025-13-45', false],
    ]);
  });

  it('undated, badly dated and out-of-order entries are findings', async () => {
    const changelog = [
      '# Changelog',
      '',
      '## 1.2.0 - 2025-03-01',
      '- Added drift alerts to the scoring API.',
      '',
      '',
      '## 1.1.0 - 2025-02-01',
      '- Added the online scoring API.',
      '',
      '',
      '## 1.0.0 - 2025-04-01',
      '- First model for the retention team.',
      '',
      '',
      '## 0.9.0 - 2025-02-30',
      '- Pilot for the retention team.',
      '',
      '',
      '## 0.8.0',
      '- Exploration notebooks cleaned up.',
    ].join('\n');
    const outcome = await judged({ 'CHANGELOG.md': changelog, 'README.md': `# x\n\n${'Words '.repeat(300)}\n` });
    expect(where(outcome, 'changelog-undated')).toEqual([
      ['CHANGELOG.md', 15],
      ['CHANGELOG.md', 19],
    ]);
    expect(where(outcome, 'changelog-bad-date')).toEqual([['CHANGELOG.md', 15]]);
    expect(where(outcome, 'changelog-order')).toEqual([['CHANGELOG.md', 3]]);
    expect(outcome.criteria.changelog).toBeCloseTo(0.4 + 0.4 * (3 / 5) + 0.2 - 0.1, 5);
  });
});

/** The complete fixture committed in the order an engagement would have produced it (Feb to June 2025). */
async function completeHandoverHistory(): Promise<string> {
  const root = path.join(FIXTURES, 'complete-handover');
  const all = (readdirSync(root, { recursive: true }) as string[]).map((entry) => entry.split(path.sep).join('/')).filter((entry) => statSync(path.join(root, entry)).isFile());
  const read = (file: string) => readFileSync(path.join(root, file));
  const stages: Array<[string, RegExp]> = [
    ['2025-02-20', /^(docs\/adr\/0002|data\/README\.md$)/],
    ['2025-03-11', /^(docs\/adr\/0003|evaluation\/|docs\/evaluation\/)/],
    ['2025-04-28', /^(mlruns\/|docs\/failure-modes\.md$)/],
    ['2025-06-02', /^(docs\/adr\/0004|src\/kestrel_churn\/serve\.py$|monitoring\/|docs\/runbooks\/|scripts\/|Dockerfile$)/],
    ['2025-06-16', /^(MODEL_CARD\.md|THIRD_PARTY_LICENSES\.md|\.github\/workflows\/)/],
    ['2025-06-20', /^(HANDOVER\.md|\.github\/CODEOWNERS)$/],
  ];
  const stageOf = (file: string) => stages.find(([, pattern]) => pattern.test(file))?.[0] ?? '2025-02-03';
  const steps: Array<{ date: string; files: Files }> = ['2025-02-03', ...stages.map(([date]) => date)].map((date) => ({ date, files: {} }));
  for (const file of all) steps.find((step) => step.date === stageOf(file))!.files[file] = read(file);
  // Early drafts of the README and changelog, finished at the end; a review pass dates every living document.
  steps[0].files['README.md'] = '# kestrel-churn\n\nChurn model for Kestrel Mobile (work in progress).\n';
  steps[0].files['CHANGELOG.md'] = '# Changelog\n\n## [Unreleased]\n';
  const review = steps[steps.length - 1].files;
  for (const file of all.filter((entry) => /\.md$/.test(entry) && !entry.startsWith('docs/adr/') && entry !== 'FIXTURE.md')) {
    review[file] = Buffer.concat([read(file), Buffer.from('\n<!-- reviewed for the handover on 2025-06-20 -->\n')]);
  }
  return datedRepo(steps);
}
