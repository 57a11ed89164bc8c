// One choke point for masking (#20, class 6): whatever a repository writes (file contents, file and folder
// names, headings, model card fields, DVC remotes, CI steps, MLflow and W&B runs, commit messages, branch
// and tag names, manifest fields, repository config keys) may hold a credential, and none may reach any
// output format in full. Credentials are planted in a real copy of the complete-handover fixture made a real
// git repository; fast-check varies which credential lands in which field. Every format is rendered from the
// scan of the folder and of a branch (`--ref`), and searched for any 12-character piece of each planted value.
// A control run with the report masker switched off shows the planted fields do reach the outputs, so the
// property cannot hold by the fields being dropped.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { annotationCommands } from '../src/action/annotations.js';
import { auditStateOf } from '../src/report/audit-state.js';
import type { Report } from '../src/report/report.js';
import { REPORTERS } from '../src/reporters/index.js';
import { renderMarkdown } from '../src/reporters/markdown.js';
import { renderPrComment } from '../src/reporters/pr-comment.js';
import { renderText } from '../src/reporters/text.js';
import { renderTrackingIssue } from '../src/reporters/tracking-issue.js';
import { maskAuditRecord, maskReport } from '../src/report/mask-report.js';
import { maskCredentialsIn, MAX_MASKED_TEXT } from '../src/secrets/mask-text.js';
import { FIXTURES, scanDir, tempDir } from './helpers.js';
import { testGit } from './remote-fixtures.js';
import { randomString, samples } from './secrets-samples.js';

// The control run turns the report masker off (and only that): everything else is the real pipeline.
const control = vi.hoisted(() => ({ unmasked: false }));
vi.mock('../src/report/mask-report.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/report/mask-report.js')>();
  return { ...real, maskReport: (report: Report) => (control.unmasked ? report : real.maskReport(report)) };
});

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A credential as planted: the text written into the field, and the values that must never be printed. */
interface Credential {
  kind: Kind;
  text: string;
  secrets: string[];
}

const KINDS = ['aws', 'github', 'githubPat', 'huggingFace', 'openAi', 'slack', 'urlPassword', 'bearer', 'generic', 'cliToken', 'urlParameter', 'privateKey'] as const;
type Kind = (typeof KINDS)[number];
/** Shapes that survive as a path segment or a git ref name (no spaces, slashes, colons). */
const NAME_SAFE: readonly Kind[] = ['aws', 'github', 'githubPat', 'huggingFace', 'openAi', 'slack'];
const SINGLE_LINE: readonly Kind[] = KINDS.filter((kind) => kind !== 'privateKey');
const URL_KINDS: readonly Kind[] = ['urlPassword', 'urlParameter'];

function credential(kind: Kind, seed: number): Credential {
  const one = (value: string, text = value): Credential => ({ kind, text, secrets: [value] });
  switch (kind) {
    case 'aws': {
      const id = samples.awsAccessKeyId(seed);
      const secret = randomString(40, ALNUM, seed + 1);
      // The key id alone is recognised anywhere; the secret only next to its name. No spaces: fits a ref name.
      return { kind, text: `${id}-aws_secret_access_key=${secret}`, secrets: [id, secret] };
    }
    case 'github':
      return one(samples.githubClassic(seed));
    case 'githubPat':
      return one(samples.githubFineGrained(seed));
    case 'huggingFace':
      return one(samples.huggingFace(seed));
    case 'openAi':
      return one(samples.openAiProject(seed));
    case 'slack':
      return one(samples.slackBot(seed));
    case 'urlPassword': {
      const password = samples.dbPassword(seed);
      return one(password, `https://deploy-bot:${password}@models.kestrel-internal.net/store`);
    }
    case 'bearer': {
      const token = randomString(40, ALNUM, seed);
      return one(token, `Authorization: Bearer ${token}`);
    }
    case 'generic': {
      const value = samples.genericSecret(seed);
      return one(value, `api_key="${value}"`);
    }
    case 'cliToken': {
      const value = randomString(32, ALNUM, seed);
      return one(value, `--token ${value}`);
    }
    case 'urlParameter': {
      const value = randomString(32, ALNUM, seed);
      return one(value, `https://hooks.kestrel-internal.net/notify?channel=ml&token=${value}`);
    }
    case 'privateKey': {
      const block = samples.privateKey('RSA ', seed);
      // Every 64-character line of the body is a value that must not appear.
      return { kind, text: block, secrets: block.split('\n').filter((line) => line.length === 64) };
    }
  }
}

/** The champion run of the fixture (its name, params and tags are what experiment-tracking reports). */
const CHAMPION = 'mlruns/417305729481203566/9b6e1d4a8c3f4a27b0d5e9c2a6f8b153';
const WANDB_RUN = 'wandb/run-20250601_120000-k3st9r1x';

/** A field a repository controls: which shapes fit in it, and how to write one there. */
interface Site {
  id: string;
  kinds: readonly Kind[];
  /** Whether the field, holding this shape, reaches some output of a plain scan (checked by the control run). */
  reaches: (kind: Kind) => boolean;
  /** The check quotes at most this many characters of the planted text (a longer credential is cut in two). */
  quotes?: number;
  plant(repo: Repo, credential: Credential): void;
}

interface Repo {
  dir: string;
  /** Extra commit message lines, branch and tag names (planted after the files). */
  commitMessage: string[];
  branch: string | null;
  tag: string | null;
}

const append = (repo: Repo, file: string, text: string) => writeFileSync(path.join(repo.dir, file), readFileSync(path.join(repo.dir, file), 'utf8') + text);
const replace = (repo: Repo, file: string, from: string | RegExp, to: string) => {
  const before = readFileSync(path.join(repo.dir, file), 'utf8');
  const after = before.replace(from, () => to);
  if (after === before) throw new Error(`${file}: nothing to replace`);
  writeFileSync(path.join(repo.dir, file), after);
};
const write = (repo: Repo, file: string, text: string) => {
  mkdirSync(path.dirname(path.join(repo.dir, file)), { recursive: true });
  writeFileSync(path.join(repo.dir, file), text);
};

const always = () => true;
const never = () => false;

const SITES: Site[] = [
  // The secrets check reports what its rules know (masked); no check quotes the rest of a runbook's prose.
  { id: 'file contents', kinds: KINDS, reaches: (kind) => !['cliToken', 'bearer', 'urlParameter'].includes(kind), plant: (repo, c) => append(repo, 'docs/runbooks/deploy.md', `\nStaging credentials used during the engagement:\n\n${c.text}\n`) },
  { id: 'file name', kinds: NAME_SAFE, reaches: always, plant: (repo, c) => write(repo, `docs/adr/0005-rotate-${c.text}.md`, ADR) },
  { id: 'folder name', kinds: NAME_SAFE, reaches: always, plant: (repo, c) => write(repo, `docs/runbooks/${c.text}/restore.md`, RUNBOOK) },
  // An empty section is quoted by its heading (cut at 80 characters: a token may be cut in two).
  { id: 'runbook heading', kinds: SINGLE_LINE, reaches: always, quotes: 80 - 'Rollback '.length, plant: (repo, c) => append(repo, 'docs/runbooks/rollback.md', `\n## Rollback ${c.text}\n`) },
  { id: 'model card title', kinds: SINGLE_LINE, reaches: always, quotes: 80 - 'Model Card for kestrel-churn '.length, plant: (repo, c) => replace(repo, 'MODEL_CARD.md', '# Model Card for kestrel-churn', `# Model Card for kestrel-churn ${c.text}`) },
  {
    id: 'model card "Developed by"',
    kinds: SINGLE_LINE,
    reaches: always,
    quotes: 60,
    // Quoted when the card has no contact section.
    plant: (repo, c) => {
      replace(repo, 'MODEL_CARD.md', /- \*\*Developed by:\*\* .*/, `- **Developed by:** ${c.text} (Ferrous Labs)`);
      replace(repo, 'MODEL_CARD.md', /## Model Card Authors[\s\S]*$/, '');
    },
  },
  { id: 'DVC remote URL', kinds: URL_KINDS, reaches: always, plant: (repo, c) => replace(repo, '.dvc/config', 'url = s3://kestrel-ml-data/dvc-store', `url = ${c.text}`) },
  { id: 'CI step argument', kinds: ['cliToken', 'bearer', 'generic'], reaches: always, plant: (repo, c) => replace(repo, '.github/workflows/ci.yml', 'run: make deploy ENV=staging IMAGE_TAG=${{ github.sha }}', `run: ${JSON.stringify(`make deploy ENV=staging ${c.text}`)}`) },
  { id: 'MLflow run name', kinds: SINGLE_LINE, reaches: always, plant: (repo, c) => write(repo, `${CHAMPION}/tags/mlflow.runName`, `lgbm ${c.text}`) },
  { id: 'MLflow metric name', kinds: NAME_SAFE, reaches: always, plant: (repo, c) => write(repo, `${CHAMPION}/metrics/${c.text}`, '1741166120000 0.5 0\n') },
  // Fields no check prints today: planted all the same, so a check that starts printing them is covered.
  { id: 'MLflow param', kinds: SINGLE_LINE, reaches: never, plant: (repo, c) => write(repo, `${CHAMPION}/params/train_data`, c.text) },
  { id: 'MLflow tag', kinds: SINGLE_LINE, reaches: never, plant: (repo, c) => write(repo, `${CHAMPION}/tags/purpose`, `champion ${c.text}`) },
  { id: 'W&B config', kinds: SINGLE_LINE, reaches: never, plant: (repo, c) => wandbRun(repo, c.text) },
  { id: 'commit message', kinds: SINGLE_LINE, reaches: never, plant: (repo, c) => repo.commitMessage.push(`Add staging access ${c.text}`) },
  { id: 'branch name', kinds: NAME_SAFE, reaches: always, plant: (repo, c) => (repo.branch = `release/${c.text}`) },
  { id: 'tag name', kinds: NAME_SAFE, reaches: always, plant: (repo, c) => (repo.tag = `v2-${c.text}`) },
  { id: 'manifest owner', kinds: SINGLE_LINE, reaches: always, plant: (repo, c) => replace(repo, 'handover.yml', 'contact: "#kestrel-ml-oncall"', `contact: ${JSON.stringify(c.text)}`) },
  { id: 'manifest artifact location', kinds: NAME_SAFE, reaches: always, plant: (repo, c) => replace(repo, 'handover.yml', '    - docs/access.md', `    - docs/access.md\n    - docs/${c.text}.md`) },
  { id: '.ml-handover.yml key', kinds: [...NAME_SAFE, 'generic', 'bearer'], reaches: always, plant: (repo, c) => write(repo, '.ml-handover.yml', `${JSON.stringify(c.text)}: true\nchecks:\n  ${JSON.stringify(c.text)}:\n    locations: [docs/]\n`) },
];

const ADR = '# 5. Rotate the staging key\n\nDate: 2025-05-02\n\n## Status\n\nAccepted\n\n## Context\n\nThe key leaked.\n\n## Decision\n\nRotate it.\n\n## Consequences\n\nA new key.\n';
const RUNBOOK = '# Restore the feature store\n\n## When\n\nThe nightly snapshot failed.\n\n## Steps\n\n1. `make restore`\n\n## Escalation\n\nPage #kestrel-ml-oncall.\n';

function wandbRun(repo: Repo, text: string): void {
  write(repo, `${WANDB_RUN}/files/config.yaml`, `_wandb:\n  value:\n    cli_version: 0.22.1\nrun_note:\n  value: ${JSON.stringify(text)}\nlearning_rate:\n  value: 0.05\n`);
  write(repo, `${WANDB_RUN}/files/wandb-summary.json`, JSON.stringify({ val_auc: 0.74, _step: 9 }));
  write(repo, `${WANDB_RUN}/files/wandb-metadata.json`, JSON.stringify({ program: 'train.py', startedAt: '2025-06-01T12:00:00.000Z', git: { commit: '0'.repeat(40) } }));
}

/** A plan: which credential goes into which site. */
type Plan = Array<{ site: Site; credential: Credential }>;

async function buildRepo(plan: Plan): Promise<Repo> {
  const repo: Repo = { dir: tempDir('mlh-masking-'), commitMessage: [], branch: null, tag: null };
  cpSync(path.join(FIXTURES, 'complete-handover'), repo.dir, { recursive: true });
  for (const { site, credential } of plan) site.plant(repo, credential);
  const git = testGit(repo.dir);
  await git.init(['--initial-branch=main']);
  await git.add(['-A']);
  await git.commit(['Initial delivery', ...repo.commitMessage].join('\n\n'));
  if (repo.branch) await git.branch([repo.branch]);
  if (repo.tag) await git.addTag(repo.tag);
  return repo;
}

/** Every output a report reaches: each CLI format, the Action's job summary, PR comment, annotations, tracking issue. */
function renderEverything(report: Report): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [format, render] of Object.entries(REPORTERS)) outputs[format] = render(report, { color: false });
  outputs['text (colour)'] = renderText(report, { color: true });
  outputs['job summary'] = renderMarkdown(report, { maxEvidence: 5 });
  outputs['pull-request comment'] = renderPrComment(report, { key: 'vendor', detailsUrl: 'https://github.example/runs/1' });
  outputs['annotations'] = annotationCommands(report).join('\n');
  outputs['tracking issue'] = renderTrackingIssue(report, { key: 'vendor', state: auditStateOf(report), change: null });
  return outputs;
}

async function scanAndRender(repo: Repo): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  const scans: Array<[string, string | undefined]> = [['folder', undefined], ...(repo.branch ? [['--ref branch', repo.branch] as [string, string]] : []), ...(repo.tag ? [['--ref tag', repo.tag] as [string, string]] : [])];
  for (const [label, ref] of scans) {
    const report = await scanDir(repo.dir, { ref });
    for (const [format, text] of Object.entries(renderEverything(report))) outputs[`${label} / ${format}`] = text;
  }
  return outputs;
}

/** Every 12-character piece of a value's letters-and-digits runs: what escaping cannot hide (`ghp\_…`, `&#x2F;`). */
function pieces(secret: string): string[] {
  const out = new Set<string>();
  for (const run of secret.match(/[A-Za-z0-9]{12,}/g) ?? []) for (let i = 0; i + 12 <= run.length; i++) out.add(run.slice(i, i + 12));
  return [...out];
}

/** Where a planted credential shows, as "site ← output" lines. */
function leaks(plan: Plan, outputs: Record<string, string>): string[] {
  const found: string[] = [];
  for (const { site, credential } of plan) {
    const parts = credential.secrets.flatMap(pieces);
    for (const [output, text] of Object.entries(outputs)) {
      if (parts.some((part) => text.includes(part))) found.push(`${site.id} (${credential.kind}) ← ${output}`);
    }
  }
  return found;
}

/** fast-check: for each site, one shape it can hold, and a seed so values differ between runs and sites. */
const planArbitrary = fc.tuple(...SITES.map((site) => fc.tuple(fc.constantFrom(...site.kinds), fc.integer({ min: 1, max: 1_000_000 })))).map((choices) => {
  const plan: Plan = choices.map(([kind, seed], index) => ({ site: SITES[index], credential: credential(kind, seed * 31 + index) }));
  // A counterexample reads as "site: credential text", not as the site objects.
  return Object.assign(plan, { [fc.toStringMethod]: () => plan.map(({ site, credential }) => `${site.id}: ${credential.text}`).join('\n') });
});

describe('no credential reaches any output (one masking choke point)', () => {
  it('control: with the report masker off, every reaching field leaks (the fields do reach the outputs)', async () => {
    const plan = SITES.map((site, index) => ({ site, credential: credential(site.kinds[index % site.kinds.length], 7_000 + index) }));
    const repo = await buildRepo(plan);
    control.unmasked = true;
    let outputs: Record<string, string>;
    try {
      outputs = await scanAndRender(repo);
    } finally {
      control.unmasked = false;
    }
    const leaked = new Set(leaks(plan, outputs).map((line) => line.slice(0, line.indexOf(' ('))));
    expect(plan.filter(({ site, credential }) => site.reaches(credential.kind) && !leaked.has(site.id)).map(({ site }) => site.id)).toEqual([]);
  });

  it('property: planted anywhere, a credential is masked in every format, and its mask is shown', async () => {
    await fc.assert(
      fc.asyncProperty(planArbitrary, async (plan) => {
        const repo = await buildRepo(plan);
        const outputs = await scanAndRender(repo);
        expect(leaks(plan, outputs)).toEqual([]);
        // The masks are there: the fields were masked, not dropped (a credential a check cut short has no
        // predictable mask; the search above still proves no 12 characters of it are shown).
        const everything = Object.values(outputs).join('\n');
        const whole = plan.filter(({ site, credential }) => site.reaches(credential.kind) && credential.text.length <= (site.quotes ?? Infinity));
        const missing = whole.flatMap(({ site, credential }) => expectedMasks(credential).filter((mask) => !everything.includes(mask)).map((mask) => `${site.id}: ${mask}`));
        expect(missing).toEqual([]);
      }),
      // Each run is a repository and three scans; wider searches ran locally (40 runs) before this was committed.
      { numRuns: 3, endOnFailure: true },
    );
  }, 240_000);
});

/** The masks a credential's values turn into (`ghp_…(40 chars)`, `…(16 chars)`). */
function expectedMasks(credential: Credential): string[] {
  if (credential.kind === 'privateKey') return [];
  return [...maskCredentialsIn(credential.text).matchAll(/…\(\d+ chars\)/g)].map((found) => found[0]);
}

describe('maskCredentialsIn: the shapes it masks and the text it leaves alone', () => {
  const token = randomString(40, ALNUM, 99);
  const github = samples.githubClassic(98);
  const masked: Array<[string, string, string]> = [
    ['a vendor token', `push with ${github}`, github],
    ['a vendor token glued to a word', `tag v2-${samples.openAiProject(97)}`, samples.openAiProject(97)],
    ['a vendor token a check cut short', `"Rollback ${github.slice(0, 24)}" has a heading but no content.`, github.slice(4, 24)],
    ['a password in a URL', `url = https://ci:${token}@dvc.kestrel.example/store`, token],
    ['a URL cut before its @', `remote https://ci:${token}`, token],
    ['a token as the URL user', `git clone https://${token}@github.com/ferrous/churn.git`, token],
    ['a URL parameter', `https://hooks.kestrel.example/notify?channel=ml&token=${token}`, token],
    ['a command-line flag', `python upload.py --hf-token=${token}`, token],
    ['a command-line flag with a space', `make deploy --password '${token}'`, token],
    ['an Authorization header', `curl -H "Authorization: Bearer ${token}"`, token],
    ['a bare Bearer token', `bearer ${token}`, token],
    ['an assignment the rules know', `api_key = "${token}"`, token],
    ['an assignment cut before its closing quote', `aws_secret_access_key="${token.slice(0, 30)}`, token.slice(0, 30)],
  ];
  it.each(masked)('%s', (_label, text, secret) => {
    const out = maskCredentialsIn(text);
    expect(pieces(secret).filter((piece) => out.includes(piece))).toEqual([]);
    expect(out).toMatch(/…\(\d+ chars\)/);
  });

  it('a private key block is masked from its header to its footer, across lines', () => {
    const block = samples.privateKey('RSA ', 96);
    const out = maskCredentialsIn(`excerpt:\n${block}after`);
    expect(out).toMatch(/^excerpt:\n-----BEGIN RSA PRIVATE KEY-----…\(\d+ chars\)-----END RSA PRIVATE KEY-----\nafter$/);
  });

  const untouched = [
    'docs/runbooks/rollback.md',
    'risk-register-v2.md and ask-the-vendor-2025.md',
    'hf_datasets_loader, npm_config_cache, sk-learn',
    'http://localhost:8080/health and https://churn-api.staging.kestrel-mobile.example',
    'python train.py --token $HF_TOKEN --password ${{ secrets.DB_PASSWORD }}',
    'Authorization: Bearer <token>',
    'token: 3 step(s), password policy documented',
    'AKIA…(20 chars) in config.py line 3',
  ];
  it.each(untouched)('leaves alone: %s', (text) => {
    expect(maskCredentialsIn(text)).toBe(text);
  });

  it('cuts text longer than it scans, and says so', () => {
    const text = 'a'.repeat(MAX_MASKED_TEXT + 10) + github;
    const out = maskCredentialsIn(text);
    expect(out.includes(github.slice(4, 16))).toBe(false);
    expect(out.endsWith(`…(${10 + github.length} more chars not shown)`)).toBe(true);
  });
});

describe('maskReport / maskAuditRecord', () => {
  it('returns the same object when there is nothing to mask, and copies only what changed', async () => {
    const report = await scanDir(path.join(FIXTURES, 'complete-handover'));
    expect(maskReport(report)).toBe(report);
    const github = samples.githubClassic(95);
    const leaky = { ...report, target: { ...report.target, ref: `release/${github}` } };
    const masked = maskReport(leaky);
    expect(masked.target.ref).toBe('release/ghp_…(40 chars)');
    expect(masked.checks).toBe(report.checks);
    const record = { entries: [{ name: 'kestrel', error: `git clone https://ci:${github}@git.example/x.git failed`, report: leaky }] };
    const maskedRecord = maskAuditRecord(record as never) as unknown as typeof record;
    expect(JSON.stringify(maskedRecord)).not.toContain(github.slice(4));
  });
});
