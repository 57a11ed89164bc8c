// `ml-handover init`: writes the manifest and templates for missing artifacts, never overwrites, and a scan
// right after it shows every template as present but incomplete.
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { main } from '../src/cli.js';
import { planInit } from '../src/init/plan-init.js';
import { BUYER_POLICY_TEMPLATE, DATASET_MANIFEST_TEMPLATE, EVALUATION_CRITERIA_TEMPLATE, FAILURE_MODES_TEMPLATE, FIRST_ADR_TEMPLATE, RUNBOOK_TEMPLATE } from '../src/init/templates.js';
import { parseDecisionRecord } from '../src/formats/adr.js';
import { parseDataManifest } from '../src/formats/data-manifest.js';
import { readCriteriaFile } from '../src/formats/eval-criteria-file.js';
import { readFailureRegion, wholeDocument } from '../src/formats/failure-modes.js';
import { parseMarkdown } from '../src/formats/markdown.js';
import { stripTemplateText } from '../src/formats/model-card.js';
import { parseHandoverManifest } from '../src/manifest/parse-manifest.js';
import { parsePolicyText } from '../src/policy/load-policy.js';
import type { Report } from '../src/report/report.js';
import { FIXTURES, findingIds, makeTree, scanDir, tempDir } from './helpers.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

function listing(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((entry) => entry.split(path.sep).join('/')).sort();
}

/** Every file under a folder with its content. */
function contents(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
  }
  return files;
}

const ARTIFACT_TEMPLATES = [FIRST_ADR_TEMPLATE, RUNBOOK_TEMPLATE, FAILURE_MODES_TEMPLATE, EVALUATION_CRITERIA_TEMPLATE, DATASET_MANIFEST_TEMPLATE];
const knownChecks = new Set(CHECKS.map((check) => check.id));

describe('ml-handover init on a repository with nothing', () => {
  it('writes the manifest and every artifact template, and says what next', async () => {
    const dir = makeTree({ 'notebooks/explore.py': 'print(1)\n' });
    const { code, stdout, stderr } = await run('init', dir);
    expect([code, stderr]).toEqual([0, '']);
    for (const template of ARTIFACT_TEMPLATES) {
      expect(readFileSync(path.join(dir, template.path), 'utf8')).toBe(template.content);
      expect(stdout).toMatch(new RegExp(`^  wrote +${template.path.replace(/[./]/g, '\\$&')} +${template.title}$`, 'm'));
    }
    expect(stdout).toMatch(/^  wrote +handover\.yml +handover manifest$/m);
    expect(stdout).toContain('Next steps:');
    expect(stdout).toContain(`ml-handover scan ${dir}`);
    expect(existsSync(path.join(dir, 'buyer-policy.yml'))).toBe(false);
    // The manifest declares the templates it placed, and is valid as written.
    const manifest = parseHandoverManifest(readFileSync(path.join(dir, 'handover.yml'), 'utf8'));
    expect(manifest.ok && manifest.value.issues).toEqual([]);
    expect(manifest.ok && manifest.value.locations.map((location) => `${location.checkId}=${location.pattern}`)).toEqual([
      'decision-records=docs/adr/',
      'runbooks=docs/runbooks/',
      'failure-modes=docs/failure-modes.md',
      'evaluation-criteria=evaluation/criteria.yml',
      'dataset-versioning=data-manifest.yml',
      'evaluation-criteria=evaluation/criteria.yml',
    ]);
  });

  it('a scan right after init shows every template as present but incomplete, never as done', async () => {
    const dir = makeTree({ 'README.md': '# churn\n' });
    expect((await run('init', dir)).code).toBe(0);
    const report: Report = await scanDir(dir);
    const result = (id: string) => report.checks.find((check) => check.id === id)!;
    const expectations: Record<string, string[]> = {
      'decision-records': ['missing-status', 'template-placeholder', 'few-records'],
      runbooks: ['empty-section', 'no-commands'],
      'failure-modes': ['no-failure-modes'],
      'evaluation-criteria': ['invalid-criteria-file', 'incomplete-criterion', 'no-concrete-criteria', 'approval-incomplete'],
      'dataset-versioning': ['unpinned-dataset', 'missing-provenance', 'missing-licence', 'missing-preprocessing'],
      'handover-manifest': ['placeholder', 'owner-without-contact'],
    };
    for (const [id, findings] of Object.entries(expectations)) {
      const check = result(id);
      expect([id, check.status]).toEqual([id, 'fail']);
      expect(check.score).toBeLessThan(2);
      expect(findingIds(check)).toEqual(expect.arrayContaining(findings));
      // Present: the template is what was judged, not "nothing found".
      expect(check.evidence.length).toBeGreaterThan(0);
    }
    expect(result('runbooks').findings.filter((finding) => finding.id === 'empty-section')).toHaveLength(6);
    expect(result('decision-records').evidence[0]).toMatchObject({ path: 'docs/adr/0001-record-architecture-decisions.md' });
    expect(result('failure-modes').findings[0].message).toMatch(/docs\/failure-modes\.md.*hold no entries/);
    expect(report.score).toBeLessThan(20);
    expect(report.passed).toBe(false);
  });

  it('--dry-run lists what would be written and writes nothing', async () => {
    const dir = makeTree({ 'README.md': '# churn\n' });
    const before = listing(dir);
    const { code, stdout } = await run('init', dir, '--dry-run', '--policy');
    expect(code).toBe(0);
    expect(listing(dir)).toEqual(before);
    expect(stdout).toMatch(/\(dry run: nothing written\)/);
    expect(stdout).toMatch(/^  would write +buyer-policy\.yml +buyer policy$/m);
    expect(stdout).toMatch(/^  would write +docs\/runbooks\/runbook\.md +runbook skeleton$/m);
    expect(stdout).toContain('Run again without --dry-run to write the files.');
  });
});

describe('ml-handover init never overwrites', () => {
  it('keeps existing files byte for byte and reports them as kept', async () => {
    const mine = 'version: 1\nproject: mine\n';
    const notes = '# Failure modes\n';
    const dir = makeTree({ 'handover.yml': mine, 'docs/failure-modes.md': notes });
    const { code, stdout } = await run('init', dir);
    expect(code).toBe(0);
    expect(readFileSync(path.join(dir, 'handover.yml'), 'utf8')).toBe(mine);
    expect(readFileSync(path.join(dir, 'docs/failure-modes.md'), 'utf8')).toBe(notes);
    expect(stdout).toMatch(/^  kept +handover\.yml +exists; never overwritten$/m);
    // The failure-modes check finds no entries in it: missing, but the path is taken.
    expect(stdout).toMatch(/^  kept +docs\/failure-modes\.md +exists; never overwritten$/m);
    expect(stdout).toMatch(/^  wrote +evaluation\/criteria\.yml/m);
    // Running it again changes nothing.
    const before = contents(dir);
    const again = await run('init', dir);
    expect(again.stdout).not.toMatch(/^  wrote/m);
    expect(contents(dir)).toEqual(before);
  });

  it('writes no second manifest next to handover.yaml', async () => {
    const dir = makeTree({ 'handover.yaml': 'version: 1\n' });
    const { stdout } = await run('init', dir);
    expect(existsSync(path.join(dir, 'handover.yml'))).toBe(false);
    expect(stdout).toMatch(/^  kept +handover\.yaml/m);
  });

  it('writes only what is missing: on a complete delivery it finds every artifact', async () => {
    const dir = path.join(tempDir(), 'complete');
    cpSync(path.join(FIXTURES, 'complete-handover'), dir, { recursive: true, filter: (source) => !source.endsWith('handover.yml') });
    const before = listing(dir);
    const { code, stdout } = await run('init', dir);
    expect(code).toBe(0);
    expect(listing(dir)).toEqual([...before, 'handover.yml'].sort());
    for (const artifact of ['decision records', 'runbooks', 'failure modes', 'evaluation criteria', 'data versioning']) {
      expect(stdout).toMatch(new RegExp(`^  found +${artifact} +already in the repository; no template needed$`, 'm'));
    }
    // Found elsewhere: the manifest leaves their locations as comments, and still validates.
    const text = readFileSync(path.join(dir, 'handover.yml'), 'utf8');
    expect(text).toContain('#   runbooks: <where it lives, if not a conventional place>');
    const manifest = parseHandoverManifest(text);
    expect(manifest.ok && [manifest.value.issues, manifest.value.locations]).toEqual([[], []]);
    // Nothing else the checks judged changed.
    const scanned = await scanDir(dir);
    expect(scanned.checks.find((check) => check.id === 'runbooks')?.status).toBe('pass');
  });

  it('refuses to write through a symbolic link that leads out of the folder', async () => {
    const outside = tempDir();
    const dir = makeTree({ 'README.md': '# x\n' });
    symlinkSync(outside, path.join(dir, 'docs'));
    const { code, stderr } = await run('init', dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^ml-handover: not writing docs\/adr\/0001-record-architecture-decisions\.md: docs is not a folder inside the target/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('exits 2 for a folder that does not exist, and writes nothing', async () => {
    const missing = path.join(tempDir(), 'nope');
    const { code, stderr } = await run('init', missing);
    expect(code).toBe(2);
    expect(stderr).toBe(`ml-handover: ${missing} is not a folder (create it first, or give the repository folder)\n`);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('ml-handover init --policy', () => {
  it('writes a buyer policy that validates against the policy schema and drives a scan', async () => {
    const dir = makeTree({ 'README.md': '# buyer config\n' });
    const { code, stdout } = await run('init', dir, '--policy');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^  wrote +buyer-policy\.yml +buyer policy$/m);
    expect(stdout).toContain("buyer-policy.yml is the buyer's gate");
    const text = readFileSync(path.join(dir, 'buyer-policy.yml'), 'utf8');
    expect(text).toBe(BUYER_POLICY_TEMPLATE.content);
    const policy = parsePolicyText(text, 'buyer-policy.yml', knownChecks);
    expect(policy).toMatchObject({ version: 1, milestone: 'pilot', minScore: 50, required: ['decision-records'] });
    const scanned = await run('scan', path.join(FIXTURES, 'complete-handover'), '--policy', path.join(dir, 'buyer-policy.yml'), '--format', 'json');
    expect(scanned.code).toBe(0);
    expect((JSON.parse(scanned.stdout) as Report).milestone).toBe('pilot');
  });
});

describe('planInit', () => {
  const exists = (files: string[]) => (file: string) => files.includes(file);
  it.each([
    ['everything missing', ['decision-records', 'runbooks', 'failure-modes', 'evaluation-criteria', 'dataset-versioning'], [], ['write handover.yml', 'write docs/adr/0001-record-architecture-decisions.md', 'write docs/runbooks/runbook.md', 'write docs/failure-modes.md', 'write evaluation/criteria.yml', 'write data-manifest.yml']],
    ['only runbooks missing', ['runbooks'], [], ['write handover.yml', 'present decision records', 'write docs/runbooks/runbook.md', 'present failure modes', 'present evaluation criteria', 'present data versioning']],
    ['template path taken', ['failure-modes'], ['docs/failure-modes.md', 'handover.yml'], ['keep handover.yml', 'present decision records', 'present runbooks', 'keep docs/failure-modes.md', 'present evaluation criteria', 'present data versioning']],
  ])('%s', (_name, missing, files, expected) => {
    const actions = planInit({ missing: new Set(missing), exists: exists(files), policy: false });
    expect(actions.map((action) => `${action.kind} ${action.kind === 'present' ? action.artifact : action.template.path}`)).toEqual(expected);
  });

  it('the manifest declares only the templates in place', () => {
    const [manifest] = planInit({ missing: new Set(['runbooks']), exists: () => false, policy: false });
    const parsed = parseHandoverManifest(manifest.template.content);
    expect(parsed.ok && parsed.value.locations.map((location) => `${location.checkId}=${location.pattern}`)).toEqual(['runbooks=docs/runbooks/']);
    expect(parsed.ok && parsed.value.acceptance).toBeNull();
  });
});

describe('templates', () => {
  it('every prompt is a single TODO line the checks recognise', () => {
    for (const template of [...ARTIFACT_TEMPLATES, BUYER_POLICY_TEMPLATE]) {
      for (const line of template.content.split('\n')) expect(line.length).toBeLessThan(400);
    }
    // Multi-line prompts would leave their continuation lines looking like content.
    for (const template of [FIRST_ADR_TEMPLATE, RUNBOOK_TEMPLATE, FAILURE_MODES_TEMPLATE]) {
      const lines = template.content.split('\n');
      lines.forEach((line, index) => {
        if (/^(- )?TODO:/.test(line)) expect([template.path, lines[index + 1] ?? '']).toEqual([template.path, '']);
      });
    }
  });

  it('refuses to write under a file that is named like a template folder', async () => {
    const dir = makeTree({ docs: 'not a folder\n' });
    const { code, stderr } = await run('init', dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/docs is not a folder inside the target/);
    expect(readFileSync(path.join(dir, 'docs'), 'utf8')).toBe('not a folder\n');
  });
});

// The checks' own placeholder detection, which a freshly written template depends on.
describe('TODO prompts are template text, not content', () => {
  it('decision records: a section or status led by TODO is empty', () => {
    const record = parseDecisionRecord('docs/adr/0001-x.md', '# 1. X\n\n## Status\n\nTODO: proposed or accepted\n\n## Context\n\nTODO: Why this decision was needed, with the forces at play and the constraints.\n');
    expect(record.status).toBeNull();
    expect(record.context).toEqual({ text: '', line: 7 });
    expect(record.placeholders).toEqual([3, 7]);
    expect(parseDecisionRecord('a.md', '# A\n\n## Status\n\nAccepted\n').status).toBe('accepted');
  });

  it('failure tables: TODO cells are empty, and a row with only its id is no entry', () => {
    const source = '| ID | Failure mode | Effect | Detection | Mitigation |\n|---|---|---|---|---|\n| FM-1 | TODO: failure mode | TODO: effect | TODO | TODO: mitigation |\n| FM-2 | Cold start below 30 days | Scores unreliable | Low-confidence flag | Excluded from the list |\n';
    const reading = readFailureRegion(source, parseMarkdown(source), wholeDocument(source));
    expect(reading.entries.map((entry) => entry.title)).toEqual(['Cold start below 30 days']);
  });

  it('model card and failure prose: a TODO line goes as a whole', () => {
    expect(stripTemplateText('TODO: describe the training data, the period and the sources\nReal text stays.')).toBe('Real text stays.');
  });

  it('data manifest: TODO values are not documentation', () => {
    const parsed = parseDataManifest('storage: "TODO: bucket"\ndatasets:\n  - name: customers\n    path: data/c.parquet\n    source: "TODO: where it came from"\n    license: Kestrel-owned, internal\n', 'yaml');
    expect(parsed.ok && [parsed.value.storage, parsed.value.datasets[0].source, parsed.value.datasets[0].license]).toEqual([null, null, 'Kestrel-owned, internal']);
  });

  it('criteria file: TODO metric, dataset and approval are absent', () => {
    const parsed = readCriteriaFile('approvedModel: { name: "TODO: model", version: "TODO: version" }\napprovedBy: ["TODO: approver"]\ndate: 2025-06-12\ncriteria:\n  - { metric: "TODO: metric", comparison: ">=", threshold: 0.7, dataset: "TODO: data", split: test }\n');
    expect(parsed.ok && parsed.value.criteria[0]).toMatchObject({ metric: '', dataset: null, threshold: 0.7 });
    expect(parsed.ok && parsed.value.approval).toMatchObject({ model: null, version: null, approvedBy: null, date: '2025-06-12' });
  });
});
