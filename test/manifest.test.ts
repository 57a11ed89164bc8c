// handover.yml: parsing with line:column, the handover-manifest check, the locations the scan adds from it,
// and the declared milestone set against what the scan shows.
import { cpSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import handoverManifest from '../checks/handover-manifest.js';
import manifestSchema from '../schemas/handover-manifest.schema.json' with { type: 'json' };
import type { CheckDefinition } from '../src/check.js';
import { main } from '../src/cli.js';
import { locationProblem } from '../src/manifest/locations.js';
import { parseHandoverManifest } from '../src/manifest/parse-manifest.js';
import { MILESTONE_IDS } from '../src/policy/milestones.js';
import { FIXTURES, findingIds, makeTree, scanDir, tempDir } from './helpers.js';

const DOC_EXAMPLE = /## Example\n\n```yaml\n([\s\S]*?)```/.exec(readFileSync(path.resolve(import.meta.dirname, '..', 'docs', 'handover-manifest.md'), 'utf8'))![1];

/** The handover-manifest result of a scan with every registered check (so artifact keys are known ids). */
async function manifestResult(files: Record<string, string | Uint8Array> | string) {
  const dir = typeof files === 'string' ? files : makeTree(files);
  const report = await scanDir(dir);
  return { report, result: report.checks.find((check) => check.id === 'handover-manifest')! };
}

const GOOD = `version: 1
project: kestrel-churn
artifacts:
  runbooks: ops/notes/
  failure-modes: [docs/risks.md]
acceptance:
  criteria: evaluation/criteria.yml
owners:
  - name: Priya Raman
    role: model owner
    contact: priya.raman@kestrel-mobile.example
  - name: ML on-call
    contact: "#kestrel-ml-oncall"
`;
const ARTIFACTS = {
  'ops/notes/deploy.md': '# Deploy\n\nRun `make deploy`.\n',
  'docs/risks.md': '# Risks\n',
  'evaluation/criteria.yml': 'criteria: []\n',
};
const GOOD_FILES = { 'handover.yml': GOOD, ...ARTIFACTS };

describe('parseHandoverManifest', () => {
  it('reads the documented example without a schema problem', () => {
    const parsed = parseHandoverManifest(DOC_EXAMPLE);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const manifest = parsed.value;
    expect(manifest.issues).toEqual([]);
    expect(manifest.placeholders).toEqual([]);
    expect(manifest.milestone).toMatchObject({ id: 'handover', line: 6 });
    expect(manifest.locations.map((location) => `${location.checkId}:${location.pattern}@${location.line}`)).toEqual([
      'decision-records:docs/adr/@9',
      'runbooks:docs/runbooks/@10',
      'failure-modes:docs/failure-modes.md@11',
      'model-card:MODEL_CARD.md@12',
      'evaluation-criteria:evaluation/criteria.yml@14',
      'evaluation-criteria:docs/evaluation/acceptance-criteria.md@15',
      'dataset-versioning:data/customers.parquet.dvc@16',
      'dataset-versioning:data/README.md@16',
      'monitoring:monitoring/prometheus/alerts.yml@17',
      'evaluation-criteria:evaluation/criteria.yml@20',
    ]);
    expect(manifest.acceptance?.thresholds).toEqual([
      expect.objectContaining({ metric: 'PR-AUC', comparison: '>=', threshold: 0.7, dataset: 'holdout-2025Q2', split: 'test', line: 22 }),
      expect.objectContaining({ metric: 'Recall @ 0.35', threshold: 0.75, line: 23 }),
    ]);
    expect(manifest.owners.map((owner) => [owner.name, owner.contact, owner.line])).toEqual([
      ['Priya Raman', 'priya.raman@kestrel-mobile.example', 26],
      ['Kestrel ML on-call', '#kestrel-ml-oncall', 30],
      ['Dana Okafor', 'dana.okafor@ferrous-labs.example', 33],
    ]);
  });

  it('places every schema problem at its line and column', () => {
    const parsed = parseHandoverManifest(
      ['version: 2', 'milestone: beta', 'weights:', '  runbooks: 0', 'artifacts:', '  runbooks: 7', 'owners:', '  - role: vendor lead', 'acceptance:', '  thresholds:', '    - { metric: PR-AUC, comparison: "=>", threshold: high }', ''].join('\n'),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const issues = parsed.value.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`);
    expect(issues).toHaveLength(7);
    expect(issues).toEqual(
      expect.arrayContaining([
        '1:10 version: must be equal to constant',
        '2:12 milestone: expected one of "discovery", "pilot", "production", "handover"',
        '3:1 the document: unknown property "weights"',
        '6:13 artifacts.runbooks: must be string or array',
        '8:5 owners.0: missing required property "name"',
        '11:37 acceptance.thresholds.0.comparison: expected one of ">=", "<=", ">", "<", "==", "≥", "≤"',
        '11:54 acceptance.thresholds.0.threshold: must be number',
      ]),
    );
    // Read anyway: one mistake does not hide the rest.
    expect(parsed.value.owners).toHaveLength(1);
    expect(parsed.value.milestone).toBeNull();
  });

  it('returns YAML syntax errors with their position, and refuses alias bombs and non-mappings', () => {
    const syntax = parseHandoverManifest('version: 1\nowners:\n  - name: "unclosed\n');
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.error.line).toBeGreaterThanOrEqual(3);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    const refused = parseHandoverManifest(bomb);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/alias/);
    expect(parseHandoverManifest('- just\n- a list\n').ok).toBe(false);
  });

  it('finds template text anywhere, with where it sits', () => {
    const parsed = parseHandoverManifest('version: 1\nvendor: "TODO: vendor"\nowners:\n  - name: <your name>\n    contact: "[fill in]"\n');
    expect(parsed.ok && parsed.value.placeholders.map((p) => `${p.field}@${p.line}`)).toEqual(['vendor@2', 'owners.0.name@4', 'owners.0.contact@5']);
  });
});

describe('locationProblem', () => {
  it.each([
    ['docs/adr/', null],
    ['docs/**/*.md', null],
    ['./RUNBOOK.md', null],
    ['../other-repo/docs', /leaves the repository/],
    ['docs/../../etc', /leaves the repository/],
    ['/etc/passwd', /absolute/],
    ['C:\\docs', /absolute/],
    ['docs\\adr', /backslashes/],
    ['+(a|aa)+', /extended glob/],
    ['*/*/*/*/*/*/*/*/*', /more than 8 wildcards/],
    ['.', /whole repository/],
    ['./', /whole repository/],
  ])('%s', (pattern, expected) => {
    const problem = locationProblem(pattern);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('handover-manifest check', () => {
  it('is skipped, with the reason, when there is no handover.yml', async () => {
    const { result } = await manifestResult({ 'README.md': '# x\n' });
    expect(result.status).toBe('skip');
    expect(result.summary).toBe('no handover.yml');
  });

  it('passes a manifest whose every declaration is true, listing what it judged', async () => {
    const { result } = await manifestResult(GOOD_FILES);
    expect(result.status).toBe('pass');
    expect(result.score).toBe(10);
    expect(result.findings).toEqual([]);
    expect(result.evidence).toEqual(
      expect.arrayContaining([
        { path: 'handover.yml', line: 1, kind: 'handover-manifest', note: 'valid · 3 declared location(s), 3 found · 2 owner(s) · no milestone declared' },
        { path: 'handover.yml', line: 4, kind: 'declared-location', note: 'runbooks: ops/notes/ → 1 file(s)' },
        { path: 'handover.yml', line: 7, kind: 'declared-location', note: 'evaluation-criteria: evaluation/criteria.yml → 1 file(s)' },
        { path: 'handover.yml', line: 9, kind: 'owner', note: 'Priya Raman (model owner)' },
      ]),
    );
  });

  it('accepts handover.yaml too', async () => {
    const { result } = await manifestResult({ ...ARTIFACTS, 'handover.yaml': GOOD });
    expect(result.status).toBe('pass');
    expect(result.evidence[0].path).toBe('handover.yaml');
  });

  it('reports each declaration that matches nothing at its line', async () => {
    const { result } = await manifestResult({
      ...GOOD_FILES,
      'handover.yml': GOOD.replace('  failure-modes: [docs/risks.md]', '  failure-modes: [docs/risks.md, docs/known-issues/*.md]').replace('evaluation/criteria.yml', 'evaluation/acceptance.yml'),
    });
    expect(findingIds(result).sort()).toEqual(['acceptance-file-missing', 'location-missing']);
    expect(result.findings.find((f) => f.id === 'location-missing')).toMatchObject({ path: 'handover.yml', line: 5, message: 'artifacts.failure-modes: "docs/known-issues/*.md" matches no file in the repository.' });
    expect(result.findings.find((f) => f.id === 'acceptance-file-missing')).toMatchObject({ line: 7 });
    expect(result.criteria.find((c) => c.id === 'declared')?.value).toBe(0.5);
    expect(result.criteria.find((c) => c.id === 'acceptance')?.value).toBe(0);
    expect(result.status).not.toBe('pass');
  });

  it('refuses unsafe locations, never hands them to a check, and says why', async () => {
    const dir = makeTree({
      'handover.yml': 'version: 1\nartifacts:\n  runbooks: ["../outside/", "/etc", "+(a|b)/**"]\nowners: [{ name: A B, contact: a@b.example }]\nacceptance: { criteria: ../x.yml }\n',
      'README.md': '# x\n',
    });
    const { report, result } = await manifestResult(dir);
    expect(result.findings.filter((f) => f.id === 'location-refused').map((f) => f.line)).toEqual([3, 3, 3, 5]);
    expect(result.criteria.find((c) => c.id === 'declared')?.value).toBe(0);
    const runbooks = report.checks.find((check) => check.id === 'runbooks')!;
    expect(runbooks.findings.find((f) => f.id === 'no-runbooks')?.message).not.toMatch(/policy locations/);
    // The locations the runbooks check got were none of the refused ones.
    const seen: string[][] = [];
    const spy: CheckDefinition = { ...CHECKS.find((c) => c.id === 'runbooks')!, id: 'runbooks', run: async (_s, context) => (seen.push([...context.locations]), { status: 'skip', reason: 'spy' }) };
    await scanDir(dir, { checks: [spy] });
    expect(seen).toEqual([[]]);
  });

  it('names owners that cannot be reached, and scores no owners as nothing', async () => {
    const { result } = await manifestResult({
      ...GOOD_FILES,
      'handover.yml': GOOD.replace('    contact: "#kestrel-ml-oncall"\n', '    contact: ask around\n') + '  - name: Ops team\n',
    });
    expect(result.findings.filter((f) => f.id === 'owner-without-contact').map((f) => [f.line, f.message])).toEqual([
      [12, 'Owner "ML on-call" has a contact that is no e-mail, handle, channel, phone or URL ("ask around").'],
      [14, 'Owner "Ops team" has no contact.'],
    ]);
    expect(result.criteria.find((c) => c.id === 'owners')?.value).toBe(0.33);
    const none = await manifestResult({ ...GOOD_FILES, 'handover.yml': GOOD.slice(0, GOOD.indexOf('owners:')) });
    expect(findingIds(none.result)).toContain('no-owners');
    expect(none.result.criteria.find((c) => c.id === 'owners')?.value).toBe(0);
  });

  it('accepts inline thresholds as acceptance criteria when complete', async () => {
    const inline = GOOD.replace('  criteria: evaluation/criteria.yml\n', '  thresholds:\n    - { metric: PR-AUC, comparison: ">=", threshold: 0.7, dataset: holdout-2025Q2 }\n    - { metric: recall, comparison: ">=", threshold: 0.75 }\n');
    const { result } = await manifestResult({ ...GOOD_FILES, 'handover.yml': inline });
    expect(result.findings.map((f) => [f.id, f.line])).toEqual([['threshold-incomplete', 9]]);
    expect(result.criteria.find((c) => c.id === 'acceptance')?.value).toBe(0.5);
    expect(result.evidence).toContainEqual({ path: 'handover.yml', line: 8, kind: 'declared-threshold', note: 'PR-AUC >= 0.7 on holdout-2025Q2' });
    const none = await manifestResult({ ...GOOD_FILES, 'handover.yml': GOOD.replace('acceptance:\n  criteria: evaluation/criteria.yml\n', '') });
    expect(findingIds(none.result)).toEqual(['no-acceptance']);
  });

  it('scores a template full of placeholders low, whatever it declares', async () => {
    const template = GOOD.replace('project: kestrel-churn', 'project: "TODO: project"\nvendor: "TODO: vendor"')
      .replace('Priya Raman', '"TODO: owner name"')
      .replace('priya.raman@kestrel-mobile.example', '"TODO: e-mail"');
    const { result } = await manifestResult({ ...GOOD_FILES, 'handover.yml': template });
    expect(findingIds(result).filter((id) => id === 'placeholder')).toHaveLength(4);
    expect(result.findings.find((f) => f.id === 'placeholder')).toMatchObject({ line: 2, message: 'project still holds template text "TODO: project".' });
    expect(result.criteria.map((c) => [c.id, c.value])).toEqual([['valid', 1], ['declared', 0], ['owners', 0.5], ['acceptance', 0]]);
    expect(result.status).toBe('fail');
  });

  it('turns unreadable, unparsable and invalid manifests into findings, never a pass', async () => {
    const broken = await manifestResult({ 'handover.yml': 'version: 1\nowners:\n  - name: [unclosed\n' });
    expect(broken.result.findings.map((f) => [f.id, f.path])).toEqual([['unparsed', 'handover.yml']]);
    expect(broken.result.score).toBe(0);
    const invalid = await manifestResult({ ...GOOD_FILES, 'handover.yml': GOOD.replace('version: 1', 'version: 1\nweights: { runbooks: 0 }') });
    expect(invalid.result.findings.map((f) => [f.id, f.line, f.message])).toEqual([['invalid', 2, 'line 2:1: the document: unknown property "weights".']]);
    expect(invalid.result.criteria.find((c) => c.id === 'valid')?.value).toBe(0);
    const binary = await manifestResult({ 'handover.yml': new Uint8Array([0x76, 0, 1, 2, 3]) });
    expect(binary.result.findings.map((f) => f.id)).toEqual(['unreadable']);
    const huge = await manifestResult({ 'handover.yml': `version: 1\nproject: ${'x'.repeat(300 * 1024)}\n` });
    expect(huge.result.findings[0].message).toMatch(/larger than 256 KiB/);
    const linked = makeTree({ 'real.yml': GOOD });
    symlinkSync(path.join(linked, 'real.yml'), path.join(linked, 'handover.yml'));
    const symlink = await manifestResult(linked);
    expect(symlink.result.findings[0]).toMatchObject({ id: 'unreadable', message: 'handover.yml was not read: it is a symbolic link, never followed.' });
  });

  it('stays bounded on a manifest declaring thousands of globs over a large tree', async () => {
    const files: Record<string, string> = { 'handover.yml': '' };
    for (let i = 0; i < 3000; i++) files[`src/pkg${i % 50}/module_${i}.py`] = '';
    const keys = Array.from({ length: 60 }, (_, k) => `  check-${k}: [${Array.from({ length: 50 }, (_, j) => `"**/x${j}*/**/*y${k}*"`).join(', ')}]`);
    files['handover.yml'] = `version: 1\nartifacts:\n${keys.join('\n')}\n`;
    const started = Date.now();
    const { result } = await manifestResult(files);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.evidence.filter((e) => e.kind === 'declared-location')).toHaveLength(200);
    expect(result.findings.some((f) => f.id === 'invalid' && /must NOT have more than 40 properties/.test(f.message))).toBe(true);
  });

  it('flags artifact keys that are no check, after the scan', async () => {
    const { result } = await manifestResult({ ...GOOD_FILES, 'handover.yml': GOOD.replace('  runbooks: ops/notes/', '  runbook: ops/notes/') });
    expect(result.findings).toContainEqual(expect.objectContaining({ id: 'unknown-check', line: 4, severity: 'warning' }));
  });
});

describe('declared locations in the scan', () => {
  it('adds declared locations to the check they name: a runbook in an unconventional folder is judged', async () => {
    const files = { 'ops/notes/deploy.md': '# Deploy\n\nBuild the image, then run:\n\n```bash\nmake deploy VERSION=3\n```\n\nVerify with the smoke test.\n', Makefile: 'deploy:\n\t./deploy.sh\n' };
    const without = (await scanDir(makeTree(files))).checks.find((check) => check.id === 'runbooks')!;
    expect(findingIds(without)).toContain('no-runbooks');
    const withManifest = (await scanDir(makeTree({ ...files, 'handover.yml': 'version: 1\nartifacts:\n  runbooks: ops/notes\n' }))).checks.find((check) => check.id === 'runbooks')!;
    expect(findingIds(withManifest)).not.toContain('no-runbooks');
    expect(withManifest.evidence.map((e) => e.path)).toContain('ops/notes/deploy.md');
  });

  it('can never change weights, requirements or the gate', async () => {
    const files = { ...GOOD_FILES, 'handover.yml': GOOD.replace('version: 1', 'version: 1\nminScore: 0\nrequired: []\nchecks: { runbooks: { weight: 0 } }') };
    const withManifest = await scanDir(makeTree(files));
    const without = await scanDir(makeTree(ARTIFACTS));
    for (const id of ['runbooks', 'decision-records']) {
      expect(withManifest.checks.find((c) => c.id === id)!.weight).toBe(without.checks.find((c) => c.id === id)!.weight);
    }
    expect(withManifest.gate.minScore).toBe(without.gate.minScore);
    expect(withManifest.passed).toBe(false);
    const manifest = withManifest.checks.find((c) => c.id === 'handover-manifest')!;
    expect(manifest.findings.filter((f) => f.id === 'invalid').map((f) => f.message)).toEqual([
      'line 2:1: the document: unknown property "minScore".',
      'line 3:1: the document: unknown property "required".',
      'line 4:1: the document: unknown property "checks".',
    ]);
  });

  it('reports the declared milestone next to what the scan shows, and leaves the gate alone', async () => {
    const files = { ...GOOD_FILES, 'handover.yml': GOOD.replace('project: kestrel-churn', 'project: kestrel-churn\nmilestone: production') };
    const report = await scanDir(makeTree(files), { policy: { milestone: 'pilot' } });
    const result = report.checks.find((c) => c.id === 'handover-manifest')!;
    expect(report.milestone).toBe('pilot');
    expect(result.findings.find((f) => f.id === 'milestone-differs')).toMatchObject({ line: 3, message: 'handover.yml declares production; this scan gates pilot.' });
    const notShown = result.findings.find((f) => f.id === 'milestone-not-shown')!;
    expect(notShown).toMatchObject({ severity: 'info', line: 3 });
    expect(notShown.message).toMatch(/^handover\.yml declares the production milestone; this scan shows no milestone \(required checks not passing: decision-records, experiment-tracking, .*; score \d+ below the milestone minimum 70\)\.$/);
    expect(result.evidence).toContainEqual({ path: 'handover.yml', line: 3, kind: 'milestone-shown', note: 'declared production; the scan shows no milestone (reported, not trusted)' });
    // Only reported: the check's own score is what its criteria say.
    expect(result.score).toBe(10);
  });

  it('the complete handover declares the handover milestone and the scan bears it out', async () => {
    const { report, result } = await manifestResult(path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(9);
    expect(result.findings).toEqual([]);
    expect(result.evidence).toContainEqual(expect.objectContaining({ kind: 'milestone-shown', note: 'declared handover; the scan shows handover (reported, not trusted)' }));
    expect(report.policy.notes).toEqual([]);
  });

  it('the partial delivery declares what is not there and is told so', async () => {
    const { result } = await manifestResult(path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).not.toBe('pass');
    expect(result.findings.filter((f) => f.id === 'location-missing').map((f) => f.line)).toEqual([11, 12, 14]);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['placeholder', 'threshold-incomplete', 'owner-without-contact', 'unknown-check', 'milestone-not-shown']));
    for (const finding of result.findings) expect(finding.remediation).toBeTruthy();
  });

  it('declaring locations does not change how the complete handover is judged', async () => {
    const dir = path.join(tempDir(), 'copy');
    cpSync(path.join(FIXTURES, 'complete-handover'), dir, { recursive: true, filter: (source) => !source.endsWith('handover.yml') });
    const without = await scanDir(dir);
    const withManifest = await scanDir(path.join(FIXTURES, 'complete-handover'));
    for (const check of without.checks.filter((c) => c.id !== 'handover-manifest')) {
      expect([check.id, withManifest.checks.find((c) => c.id === check.id)!.score]).toEqual([check.id, check.score]);
    }
  });
});

describe('ml-handover schema handover', () => {
  it('prints the published schema, whose milestones are the built-in presets', async () => {
    let stdout = '';
    const code = await main(['schema', 'handover'], { stdout: (s) => void (stdout += s), stderr: () => {} });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(manifestSchema);
    expect(manifestSchema.properties.milestone.enum).toEqual(MILESTONE_IDS);
    expect(handoverManifest.id).toBe('handover-manifest');
  });
});
