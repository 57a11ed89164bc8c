import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ownership from '../checks/ownership.js';
import type { CheckOutcome } from '../src/check.js';
import { codeownersMatcher, parseCodeowners, patternMatcher } from '../src/formats/codeowners.js';
import { isPlaceholderOwner, realReach, scanContacts } from '../src/formats/contacts.js';
import { FIXTURES, findingIds, runCheck, runRaw } from './helpers.js';

type Judged = Extract<CheckOutcome, { status: 'judged' }>;

async function judged(files: Record<string, string | Uint8Array>): Promise<Judged> {
  const outcome = await runRaw(ownership, files);
  if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
  return outcome;
}

const where = (outcome: Judged, id: string) => outcome.findings.filter((finding) => finding.id === id).map((finding) => [finding.path, finding.line]);

const README = `# churn-model

Predicts which customers leave within 60 days so the retention team can call them first. The model is
retrained monthly from the CRM export and served to the CRM by a small scoring API.

## Setup

\`\`\`bash
uv sync --frozen
dvc pull
\`\`\`

## Architecture

A DVC pipeline (prepare, featurize, train, evaluate) builds a LightGBM model that is registered in MLflow;
the scoring API loads the version with the alias champion, and a nightly batch writes scores to the warehouse.
`;

const HANDOVER = `# Handover

## Run it

\`\`\`bash
make train
\`\`\`

## Where things are

The code is in \`src/churn/\`, the pipeline in \`dvc.yaml\`, the runbooks in \`docs/runbooks/\`.
Decision records are in \`docs/adr/\` and the evaluation criteria in \`evaluation/criteria.yml\`.

## Whom to ask

Priya Raman (model owner), priya.raman@kestrel-mobile.example or \`#kestrel-ml-oncall\`. The platform team
answers in \`#kestrel-platform\` for anything about the cluster, and the vendor answers questions until the
end of the support period. ${'More context for the receiving team. '.repeat(12)}
`;

const CODE = {
  'src/churn/train.py': 'print("train")\n',
  'src/churn/serve.py': 'print("serve")\n',
  'dvc.yaml': 'stages: {}\n',
  'data/customers.parquet.dvc': 'outs:\n- md5: 0123456789abcdef0123456789abcdef\n  path: customers.parquet\n',
  'models/model.onnx': 'binary-ish',
};

describe('ownership on the fixtures', () => {
  it('passes the complete handover with every criterion at full marks', async () => {
    const result = await runCheck(ownership, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(9);
    for (const criterion of result.criteria) expect(criterion.value, criterion.id).toBeGreaterThanOrEqual(0.9);
    expect(findingIds(result)).toEqual([]);
    const codeowners = result.evidence.find((entry) => entry.kind === 'codeowners');
    expect(codeowners?.path).toBe('.github/CODEOWNERS');
    expect(codeowners?.note).toMatch(/owns (\d+) of \1 code\/pipeline\/model\/data file/);
    expect(result.evidence.map((entry) => `${entry.kind} ${entry.path}`)).toEqual(
      expect.arrayContaining(['contacts docs/runbooks/escalation.md', 'contacts MODEL_CARD.md', 'readme README.md', 'onboarding-guide HANDOVER.md']),
    );
  });

  it('scores the partial delivery as partial, naming each defect with its line', async () => {
    const result = await runCheck(ownership, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).toBe('warn');
    const lines = (id: string) => result.findings.filter((finding) => finding.id === id).map((finding) => `${finding.path}:${finding.line ?? ''}`);
    expect(lines('codeowners-invalid-line')).toEqual(['.github/CODEOWNERS:9', '.github/CODEOWNERS:10']);
    expect(lines('codeowners-placeholder-owner')).toEqual(['.github/CODEOWNERS:5', '.github/CODEOWNERS:6']);
    expect(lines('codeowners-uncovered')).toEqual(['.github/CODEOWNERS:']);
    expect(lines('placeholder-contact')).toEqual(['README.md:24', 'model_card.md:56']);
    expect(lines('readme-empty-section')).toEqual(['README.md:18']);
    expect(findingIds(result)).toContain('no-onboarding-guide');
    const value = (id: string) => result.criteria.find((criterion) => criterion.id === id)!.value;
    expect(value('codeowners')).toBeGreaterThan(0);
    expect(value('codeowners')).toBeLessThan(0.4);
    expect(value('contacts')).toBeGreaterThan(0.5);
    expect(value('contacts')).toBeLessThan(1);
    expect(value('onboarding')).toBe(0);
  });

  it('fails the notebook dump on every criterion, with remediation', async () => {
    const result = await runCheck(ownership, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('fail');
    expect(result.score).toBe(0);
    expect(findingIds(result).sort()).toEqual(['no-codeowners', 'no-contacts', 'no-onboarding-guide', 'no-readme']);
    for (const finding of result.findings) expect(finding.remediation?.length).toBeGreaterThan(40);
  });
});

describe('CODEOWNERS format', () => {
  const DOC_EXAMPLE = [
    '# This is a comment.',
    '*       @global-owner1 @global-owner2',
    '*.js    @js-owner #This is an inline comment.',
    '*.go docs@example.com',
    '*.txt @octo-org/octocats',
    '/build/logs/ @doctocat',
    'docs/* docs@example.com',
    'apps/ @octocat',
    '/docs/ @doctocat',
    '/scripts/ @doctocat @octocat',
    '**/logs @octocat',
    '/apps/github',
  ].join('\n');

  it("follows GitHub's documented example: anchoring, folders, inline comments, last match wins", () => {
    const parsed = parseCodeowners(DOC_EXAMPLE);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rules).toHaveLength(11);
    expect(parsed.rules[1]).toMatchObject({ line: 3, pattern: '*.js', owners: ['@js-owner'] });
    const owners = (path: string) => codeownersMatcher(parsed.rules)(path)?.owners ?? null;
    expect(owners('some/deeply/nested/file.rb')).toEqual(['@global-owner1', '@global-owner2']);
    expect(owners('web/app.js')).toEqual(['@js-owner']);
    expect(owners('build/logs/today.log')).toEqual(['@octocat']); // `**/logs` comes later and wins
    expect(owners('src/build/logs/x')).toEqual(['@octocat']);
    expect(owners('docs/getting-started.md')).toEqual(['@doctocat']); // `/docs/` after `docs/*`
    expect(owners('deep/apps/main.py')).toEqual(['@octocat']); // `apps/` matches at any depth
    expect(owners('apps/github/index.js')).toEqual([]); // matched by a rule without owners: unowned
    expect(owners('scripts/deploy.sh')).toEqual(['@doctocat', '@octocat']);
  });

  it('keeps `docs/*` to direct children and anchors patterns with an inner slash', () => {
    expect(patternMatcher('docs/*')('docs/a.md')).toBe(true);
    expect(patternMatcher('docs/*')('docs/build-app/troubleshooting.md')).toBe(false);
    expect(patternMatcher('src/models')('lib/src/models/x.py')).toBe(false);
    expect(patternMatcher('src/models')('src/models/x.py')).toBe(true);
    expect(patternMatcher('*.py')('a/b/c.py')).toBe(true);
    expect(patternMatcher('/')('anything/at/all')).toBe(true);
  });

  it('reports, by line, the lines GitHub ignores', () => {
    const parsed = parseCodeowners(['* @org-a/ml', '!/data/ @org-a/ml', '/src/[ab]/ @org-a/ml', '\\#notes @org-a/ml', '/x/ TBD', '/y/ @bad_name!', '/z/ @ok-user @@developer'].join('\n'));
    expect(parsed.problems.map((problem) => [problem.line, problem.kind])).toEqual([
      [2, 'negation'],
      [3, 'character-range'],
      [4, 'escaped-hash'],
      [5, 'invalid-owner'],
      [6, 'invalid-owner'],
    ]);
    expect(parsed.rules.map((rule) => rule.pattern)).toEqual(['*', '/z/']);
  });

  it('reads GitLab sections with default owners', () => {
    const parsed = parseCodeowners('[Data] @kestrel/data-eng\n/data/\n/src/data/ @alice\n\n^[Docs][2] @kestrel/writers\ndocs/\n');
    expect(parsed.sections).toBe(2);
    expect(parsed.rules.map((rule) => [rule.pattern, rule.owners, rule.section])).toEqual([
      ['/data/', ['@kestrel/data-eng'], 'Data'],
      ['/src/data/', ['@alice'], 'Data'],
      ['docs/', ['@kestrel/writers'], 'Docs'],
    ]);
  });

  it('recognises template owners', () => {
    for (const owner of ['@org/team-name', '@username', '@global-owner1', 'someone@example.com', 'jane.doe@ferrous.example', '@your-org/your-team']) {
      expect(isPlaceholderOwner(owner), owner).toBe(true);
    }
    for (const owner of ['@kestrel-mobile/crm-analytics', '@dana-okafor', 'priya.raman@kestrel-mobile.example']) expect(isPlaceholderOwner(owner), owner).toBe(false);
  });

  it('survives hostile input: huge lines and patterns that make backtracking glob engines explode', () => {
    const started = Date.now();
    const parsed = parseCodeowners(`${'*'.repeat(50_000)} ${'@'.repeat(50_000)}\n${'a/'.repeat(20_000)} @x\n`);
    expect(parsed.problems.length + parsed.rules.length).toBeGreaterThan(0);
    expect(patternMatcher('*a*a*a*a*a*a*a*a*a*a*b')('a'.repeat(400))).toBe(false);
    expect(patternMatcher('**/**/**/**/**/**/**/**/**/**/**/**/b')(`${'x/'.repeat(400)}c`)).toBe(false);
    expect(patternMatcher('**/**/**/**/**/**/**/**/**/**/**/**/b')(`${'x/'.repeat(400)}b`)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('ownership: CODEOWNERS', () => {
  it('a lone `*` with no owners owns nothing', async () => {
    const outcome = await judged({ ...CODE, README: README, CODEOWNERS: '# owners\n*\n' });
    expect(outcome.criteria.codeowners).toBe(0);
    expect(where(outcome, 'codeowners-no-owners')).toEqual([['CODEOWNERS', 2]]);
  });

  it('names the areas nobody owns, and scores the owned share', async () => {
    const outcome = await judged({ ...CODE, '.github/CODEOWNERS': '/src/ @kestrel/ml-team\n/dvc.yaml @kestrel/ml-team\n' });
    expect(outcome.criteria.codeowners).toBeCloseTo(3 / 5, 5);
    const finding = outcome.findings.find((entry) => entry.id === 'codeowners-uncovered')!;
    expect(finding.message).toMatch(/^2 of 5 file\(s\) have no real owner \((data 1 of 1, model 1 of 1|model 1 of 1, data 1 of 1)\)/);
    expect(finding.path).toBe('.github/CODEOWNERS');
  });

  it('a placeholder rule that wins last takes ownership away', async () => {
    const outcome = await judged({ ...CODE, '.github/CODEOWNERS': '* @kestrel/ml-team\n/src/ @org/team-name\n' });
    expect(outcome.criteria.codeowners).toBeCloseTo(3 / 5, 5);
    expect(where(outcome, 'codeowners-placeholder-owner')).toEqual([['.github/CODEOWNERS', 2]]);
  });

  it('uses the first CODEOWNERS GitHub finds and says the others are ignored', async () => {
    const outcome = await judged({ ...CODE, '.github/CODEOWNERS': '* @kestrel/ml-team\n', CODEOWNERS: '*\n', 'docs/CODEOWNERS': '*\n' });
    expect(outcome.criteria.codeowners).toBe(1);
    expect(where(outcome, 'codeowners-ignored')).toEqual([
      ['CODEOWNERS', undefined],
      ['docs/CODEOWNERS', undefined],
    ]);
  });

  it('a binary CODEOWNERS is a finding, not a crash', async () => {
    const outcome = await judged({ ...CODE, CODEOWNERS: new Uint8Array([0x2a, 0x20, 0x00, 0x01, 0x02, 0x40]) });
    expect(outcome.criteria.codeowners).toBe(0);
    expect(where(outcome, 'codeowners-unreadable')).toEqual([['CODEOWNERS', undefined]]);
  });

  it('broken lines cost a little even when everything is owned', async () => {
    const outcome = await judged({ ...CODE, CODEOWNERS: '* @kestrel/ml-team\n!/data/ @kestrel/data\n/models/ [TBD]\n' });
    expect(outcome.criteria.codeowners).toBeCloseTo(0.9, 5);
    expect(where(outcome, 'codeowners-invalid-line')).toEqual([
      ['CODEOWNERS', 2],
      ['CODEOWNERS', 3],
    ]);
  });
});

describe('ownership: contacts', () => {
  it('finds ways to reach people and flags stand-ins', () => {
    const scan = scanContacts('- Owner: Priya Raman, priya.raman@kestrel.example, `#kestrel-ml`\n- Backup: John Doe (john.doe@example.com)\n- Paging: PagerDuty "ml-oncall", +351 210 000 417\n- See issue #12');
    expect(realReach(scan).map((mention) => `${mention.kind}:${mention.value}`)).toEqual(['email:priya.raman@kestrel.example', 'channel:#kestrel-ml', 'phone:+351 210 000 417', 'paging:PagerDuty']);
    expect(scan.reach.filter((mention) => mention.placeholder).map((mention) => mention.value)).toEqual(['john.doe@example.com']);
    expect(scan.placeholders.map((entry) => [entry.text, entry.line])).toEqual([
      ['John Doe', 2],
      ['john.doe', 2],
    ]);
  });

  it('placeholders only: no credit, one finding per line', async () => {
    const outcome = await judged({ 'README.md': `${README}\n## Contacts\n\n- Owner: TBD\n- Support: jane.doe@example.com\n` });
    expect(outcome.criteria.contacts).toBe(0);
    expect(where(outcome, 'placeholder-contact')).toEqual([
      ['README.md', 20],
      ['README.md', 21],
    ]);
  });

  it('names without a way to reach them are a finding', async () => {
    const outcome = await judged({ 'README.md': `${README}\n## Owners\n\nThe Kestrel CRM analytics team owns the model.\n` });
    expect(outcome.criteria.contacts).toBeCloseTo(0.2, 5);
    expect(where(outcome, 'contacts-unreachable')).toEqual([['README.md', 18]]);
  });

  it('table-of-contents anchors are links to headings, not chat channels (#17)', async () => {
    const support = [
      '# Support',
      '',
      '## Contents',
      '',
      '- [Reporting bugs](#reporting-bugs)',
      '- [Asking questions](#asking-questions)',
      '- <a href="#security-issues">Security issues</a>',
      '',
      '[questions]: #asking-questions',
      '',
      '## Reporting bugs',
      '',
      'The Kestrel platform team triages new issues every week.',
      '',
    ].join('\n');
    expect(realReach(scanContacts(support)).map((mention) => mention.value)).toEqual([]);
    const outcome = await judged({ 'README.md': README, 'SUPPORT.md': support });
    expect(outcome.evidence.find((entry) => entry.path === 'SUPPORT.md' && entry.kind === 'contacts')?.note).toContain('0 way(s) to reach');
    expect(where(outcome, 'contacts-unreachable')).toEqual([['SUPPORT.md', 1]]);
    // A channel named in prose, even in parentheses, is still one.
    expect(realReach(scanContacts('Ask the platform team (#kestrel-ml on Slack).')).map((mention) => mention.value)).toEqual(['#kestrel-ml']);
  });

  it('a SUPPORT file that sends people to the issue tracker gives a way to reach them (#17)', async () => {
    const support = '# Support\n\n## How to file issues and get help\n\nThis project uses GitHub Issues to track bugs and feature requests. Please search the existing issues before filing a new one.\n\n## Kestrel Support Policy\n\nSupport for this project is limited to the resources listed above.\n';
    const outcome = await judged({ 'README.md': README, 'SUPPORT.md': support });
    expect(findingIds(outcome)).not.toContain('contacts-unreachable');
    expect(outcome.evidence.find((entry) => entry.path === 'SUPPORT.md' && entry.kind === 'contacts')?.note).toContain('1 way(s) to reach (issue-tracker)');
  });

  it('reads MAINTAINERS and Kubernetes OWNERS files', async () => {
    const outcome = await judged({ MAINTAINERS: 'M: Dana Okafor <dana.okafor@ferrous-labs.example>\nM: Priya Raman <priya.raman@kestrel-mobile.example>\n', OWNERS: 'approvers:\n  - dana-okafor\nreviewers:\n  - priya-raman\n' });
    expect(outcome.criteria.contacts).toBe(1);
    expect(outcome.evidence.filter((entry) => entry.kind === 'contacts').map((entry) => entry.path)).toEqual(['MAINTAINERS', 'OWNERS']);
  });
});

describe('ownership: README', () => {
  it('full marks for setup and architecture with content', async () => {
    const outcome = await judged({ 'README.md': README });
    expect(outcome.criteria.readme).toBeCloseTo(0.2 * Math.min(1, 66 / 60) + 0.8, 1);
    expect(outcome.findings.filter((finding) => finding.criterion === 'readme')).toEqual([]);
  });

  it('a workshop README with Pre-Requisites and Workshop Instructions has setup sections (#17)', async () => {
    const workshop = `# Continuous Intelligence Workshop\n\nA hands-on workshop that trains, deploys and monitors a sales forecasting model with a CD pipeline.\n\n## Pre-Requisites\n\nInstall Docker and docker-compose, and clone this repository on a machine with 8 GB of memory and a recent browser.\n\n## Workshop Instructions\n\nFollow the steps in the instructions folder: start the stack with docker-compose up, open Jenkins and run the pipeline.\n\n## Architecture\n\nJenkins builds the model container, MLflow tracks each run and Kibana shows the prediction logs from fluentd.\n`;
    const outcome = await judged({ 'README.md': workshop });
    expect(findingIds(outcome)).not.toContain('readme-no-setup');
  });

  it('question headings and feature support are not contact sections, and a todo list in prose is not template text (#17)', async () => {
    const guide = `${README}\n## 🐳 Docker Support\n\nThe scraper runs in the Kestrel team's Docker image; build it with the Makefile.\n\n## What roles and responsibilities interact with an ADR?\n\nThe architect writes the record and the product owner reviews it with the delivery team.\n\n## Why fitness functions help decisions\n\nA fitness function checks a property of the system, so the team sees when a decision stops holding.\n\nKeep a decision todo list next to the product todo list.\n`;
    const outcome = await judged({ 'README.md': guide });
    expect(findingIds(outcome)).not.toContain('contacts-unreachable');
    expect(findingIds(outcome)).not.toContain('readme-template-text');
    expect(outcome.evidence.filter((entry) => entry.kind === 'contacts')).toEqual([]);
  });

  it('a use case named "Intelligent Customer Support" is not a support contact section; "Customer support" is (#17)', async () => {
    const useCases = `${README}\n## Use cases\n\n### Intelligent Customer Support\n\nWhen a player writes "Night Racer will not start on my Mac", the model extracts the game (Night Racer) and the platform (Mac) for the Kestrel support team.\n\n### Customer Support Intelligence\n\nThe Kestrel Analytics team reads the daily summary of tickets.\n`;
    const outcome = await judged({ 'README.md': useCases });
    expect(findingIds(outcome)).not.toContain('contacts-unreachable');
    const contacts = await judged({ 'README.md': `${README}\n## Customer support\n\nThe Kestrel CRM analytics team answers questions about the model.\n` });
    expect(findingIds(contacts)).toContain('contacts-unreachable');
  });

  it('headings with nothing under them earn almost nothing', async () => {
    const outcome = await judged({ 'README.md': '# project\n\n## Installation\n\n## Architecture\n\nTODO\n' });
    expect(outcome.criteria.readme).toBeLessThan(0.15);
    expect(where(outcome, 'readme-empty-section')).toEqual([
      ['README.md', 3],
      ['README.md', 5],
    ]);
    expect(where(outcome, 'readme-template-text')).toEqual([['README.md', 7]]);
    expect(findingIds(outcome)).toContain('readme-thin');
  });

  it('a binary README is a finding and the snapshot records why', async () => {
    const outcome = await judged({ 'README.md': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]) });
    expect(outcome.criteria.readme).toBe(0);
    expect(where(outcome, 'readme-unreadable')).toEqual([['README.md', undefined]]);
  });

  it('reads reStructuredText READMEs by their title underlines', async () => {
    const rst = 'churn-model\n===========\n\nPredicts churn.\n\nInstallation\n------------\n\n' + 'Create the environment with uv and pull the data with dvc before anything else. '.repeat(2) + '\n\nArchitecture\n------------\n\n' + 'A DVC pipeline trains a LightGBM model that the scoring API loads from the MLflow registry. '.repeat(2) + '\n';
    const outcome = await judged({ 'README.rst': rst });
    expect(outcome.evidence.find((entry) => entry.kind === 'readme')?.note).toMatch(/setup: "Installation".*architecture: "Architecture"/);
    expect(findingIds(outcome)).not.toContain('readme-no-setup');
    expect(findingIds(outcome)).not.toContain('readme-no-architecture');
  });
});

describe('ownership: onboarding', () => {
  it('a complete handover guide earns full marks', async () => {
    const outcome = await judged({ 'HANDOVER.md': HANDOVER });
    expect(outcome.criteria.onboarding).toBe(1);
  });

  it('a guide whose only contact is a link counts the link when it resolves', async () => {
    const guide = HANDOVER.replace(/## Whom to ask[\s\S]*$/, `## Help\n\nSee the [escalation runbook](docs/runbooks/escalation.md).\n\n${'Words for the newcomer. '.repeat(30)}`);
    const withTarget = await judged({ 'HANDOVER.md': guide, 'docs/runbooks/escalation.md': '# Escalation\n' });
    expect(withTarget.criteria.onboarding).toBe(1);
    const dangling = await judged({ 'HANDOVER.md': guide.replace('## Help', '## Next steps') });
    expect(dangling.criteria.onboarding).toBeCloseTo(2 / 3, 5);
    expect(dangling.findings.find((finding) => finding.id === 'onboarding-incomplete')?.message).toMatch(/whom to ask/);
  });

  it('CONTRIBUTING.md alone counts for half and says so', async () => {
    const outcome = await judged({ 'CONTRIBUTING.md': HANDOVER.replace('# Handover', '# Contributing') });
    expect(outcome.criteria.onboarding).toBe(0.5);
    expect(where(outcome, 'onboarding-contributing-only')).toEqual([['CONTRIBUTING.md', undefined]]);
  });

  it('a pile of empty templates does not score well', async () => {
    const files = {
      'README.md': '# Project name\n\n## Setup\n\n## Architecture\n\n## Contacts\n\nTBD\n',
      '.github/CODEOWNERS': '# Each line is a file pattern followed by one or more owners.\n* @org/team-name\n',
      'HANDOVER.md': '# Handover\n\n## How to run\n\n## Where things are\n\n## Whom to ask\n',
      'src/model.py': 'x = 1\n',
    };
    const outcome = await judged(files);
    expect(outcome.criteria).toEqual({ codeowners: 0, contacts: 0, readme: expect.any(Number), onboarding: 0 });
    expect(outcome.criteria.readme).toBeLessThan(0.15);
    expect((await runCheck(ownership, files)).status).toBe('fail');
  });
});
