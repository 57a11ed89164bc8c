import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { main } from '../src/cli.js';
import type { Report } from '../src/report/report.js';
import { renderJson } from '../src/reporters/json.js';
import { buildSarif, FINGERPRINT_KEY, MAX_RESULTS, PROJECT_URL, renderSarif } from '../src/reporters/sarif.js';
import { FIXTURES, makeTree, scanDir, tempDir } from './helpers.js';
import { sarifValidator } from './sarif-validator.js';

const validate = sarifValidator();

/** Three records with defects on known lines, one in a folder whose name needs percent-encoding. */
const DEFECTIVE_ADRS = {
  'docs/adr/0001-use-lightgbm.md': '# 1. Use LightGBM\n\nDate: 2025-01-10\n\n## Status\n\nshipped\n\n## Context\n\nWe need a churn model that trains fast on tabular customer data.\n',
  'docs/adr/0002-nightly-scoring.md': '# 2. Nightly scoring\n\nDate: 2025-03-02\n\n## Status\n\nAccepted\n\n## Context\n\nScores are consumed by the retention team each morning before calls start.\n\n## Decision\n\nTBD\n',
  'docs/adr/team notes #1/0003-feature-store.md': '# 3. Feature store\n\n## Status\n\nAccepted\n',
};

function records(report: Report) {
  return report.checks.find((check) => check.id === 'decision-records')!;
}

function runOf(sarif: ReturnType<typeof buildSarif>) {
  return sarif.runs[0];
}

describe('SARIF reporter', () => {
  const fixtures = readdirSync(FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

  it.each(fixtures)('is valid SARIF 2.1.0 for %s, with a located result for every finding', async (name) => {
    const report = await scanDir(path.join(FIXTURES, name), { policy: { milestone: 'handover' } });
    const sarif = JSON.parse(renderSarif(report));
    const result = validate(sarif);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(sarif.runs[0].results).toHaveLength(report.checks.reduce((sum, check) => sum + check.findings.length, 0));
    for (const item of sarif.runs[0].results) expect(item.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
  });

  it('the schema check is not vacuous: a result without a message or with line 0 is rejected', async () => {
    const sarif = buildSarif(await scanDir(makeTree(DEFECTIVE_ADRS)));
    const broken = structuredClone(sarif) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    delete broken.runs[0].results[0].message;
    expect(validate(broken).valid).toBe(false);
    const zeroLine = structuredClone(sarif);
    zeroLine.runs[0].results[0].locations[0].physicalLocation.region = { startLine: 0 };
    expect(validate(zeroLine).valid).toBe(false);
  });

  it('declares one rule per check criterion, with help from the check definition', async () => {
    const report = await scanDir(path.join(FIXTURES, 'complete-handover'));
    const rules = runOf(buildSarif(report)).tool.driver.rules;
    for (const check of CHECKS) {
      for (const criterion of check.criteria) {
        const rule = rules.find((candidate) => candidate.id === `${check.id}/${criterion.id}`);
        expect(rule, `${check.id}/${criterion.id}`).toBeDefined();
        expect(rule!.shortDescription.text).toContain(criterion.title);
        if (criterion.description) expect(rule!.help.text).toContain(criterion.description);
        for (const finding of Object.values(check.findings).filter((declared) => declared.criterion === criterion.id)) {
          expect(rule!.help.text).toContain(finding.remediation);
        }
      }
    }
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
    const records = rules.find((rule) => rule.id === 'decision-records/present')!;
    expect(records.defaultConfiguration.level).toBe('error'); // no-records is an error
    expect(records.help.markdown).toContain('`ml-handover explain decision-records`');
  });

  it('turns findings with a file into results with a relative, encoded URI, the line and the level', async () => {
    const report = await scanDir(makeTree(DEFECTIVE_ADRS));
    const run = runOf(buildSarif(report));
    const located = report.checks.flatMap((check) => check.findings.filter((finding) => finding.path));
    expect(run.results.filter((result) => !result.properties.anchor)).toHaveLength(located.length);
    expect(records(report).findings.filter((finding) => finding.path).length).toBeGreaterThan(3);

    const unknownStatus = run.results.find((result) => result.properties.check === 'decision-records' && result.properties.finding === 'unknown-status')!;
    const declared = records(report).findings.find((finding) => finding.id === 'unknown-status')!;
    expect(declared.line).toBeGreaterThan(1);
    expect(unknownStatus.ruleId).toBe('decision-records/structured');
    expect(run.tool.driver.rules[unknownStatus.ruleIndex].id).toBe(unknownStatus.ruleId);
    expect(unknownStatus.level).toBe('warning');
    expect(unknownStatus.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'docs/adr/0001-use-lightgbm.md', uriBaseId: '%SRCROOT%' });
    expect(unknownStatus.locations[0].physicalLocation.region).toEqual({ startLine: declared.line });
    expect(unknownStatus.message.text).toContain('"shipped"');
    expect(unknownStatus.message.text).toContain('Fix: Use one of proposed');

    const encoded = run.results.filter((result) => result.locations[0].physicalLocation.artifactLocation.uri.includes('0003-feature-store'));
    expect(encoded.length).toBeGreaterThan(0);
    for (const result of encoded) expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('docs/adr/team%20notes%20%231/0003-feature-store.md');

    for (const result of run.results) {
      expect(result.locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/^\/|^[a-z]+:/i);
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
    expect(validate(buildSarif(report)).valid).toBe(true);
  });

  it('maps severities to SARIF levels', async () => {
    const report = await scanDir(path.join(FIXTURES, 'partial-delivery'));
    const levels = new Map(
      runOf(buildSarif(report))
        .results.filter((result) => result.properties.check === 'decision-records')
        .map((result) => [result.properties.finding, result.level]),
    );
    expect(levels.get('broken-link')).toBe('error');
    expect(levels.get('missing-consequences')).toBe('warning');
    const withInfo = structuredClone(report);
    records(withInfo).findings.push({ id: 'numbering-gap', severity: 'info', message: 'No record numbered 4.', path: 'docs/decisions/0005-x.md', criterion: 'numbered' });
    const added = runOf(buildSarif(withInfo)).results.find((result) => result.properties.finding === 'numbering-gap' && result.message.text.includes('No record numbered 4.'));
    expect(added?.level).toBe('note');
  });

  it('prefixes URIs with the scanned folder, for the Action scanning a subfolder', async () => {
    const report = await scanDir(path.join(FIXTURES, 'partial-delivery'));
    const plain = runOf(buildSarif(report)).results.map((result) => result.locations[0].physicalLocation.artifactLocation.uri);
    const uris = runOf(buildSarif(report, { uriPrefix: './vendor/delivery/' })).results.map((result) => result.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris.length).toBeGreaterThan(0);
    expect(uris).toEqual(plain.map((uri) => `vendor/delivery/${uri}`));
    expect(uris).toContain('vendor/delivery/docs/decisions/0002-feature-store.md');
  });

  it('gives stable partial fingerprints that survive line moves and tell duplicates apart', async () => {
    const dir = makeTree(DEFECTIVE_ADRS);
    const first = runOf(buildSarif(await scanDir(dir))).results;
    const second = runOf(buildSarif(await scanDir(dir))).results;
    expect(second.map((result) => result.partialFingerprints)).toEqual(first.map((result) => result.partialFingerprints));
    const prints = first.map((result) => result.partialFingerprints[FINGERPRINT_KEY]);
    expect(new Set(prints).size).toBe(prints.length);

    const report = await scanDir(dir);
    const moved: Report = structuredClone(report);
    for (const check of moved.checks) for (const finding of check.findings) if (finding.line) finding.line += 5;
    expect(runOf(buildSarif(moved)).results.map((result) => result.partialFingerprints)).toEqual(first.map((result) => result.partialFingerprints));

    const reworded: Report = structuredClone(report);
    const target = records(reworded).findings.find((finding) => finding.id === 'unknown-status')!;
    target.message = 'Status "released" is not in the known vocabulary.';
    const isStatus = (result: { properties: { check: string; finding: string } }) => result.properties.check === 'decision-records' && result.properties.finding === 'unknown-status';
    const changed = runOf(buildSarif(reworded)).results.find(isStatus)!;
    expect(changed.partialFingerprints[FINGERPRINT_KEY]).not.toBe(first.find(isStatus)!.partialFingerprints[FINGERPRINT_KEY]);
  });

  it('gives findings outside any criterion a check-level rule, and keeps control characters out', async () => {
    const report = await scanDir(makeTree(DEFECTIVE_ADRS));
    records(report).findings.push({ id: 'check-crashed', severity: 'error', message: 'boom\u001b[31m\r\nred', path: 'docs/adr/0002-nightly-scoring.md' });
    const run = runOf(buildSarif(report));
    const crashed = run.results.find((result) => result.properties.check === 'decision-records' && result.properties.finding === 'check-crashed')!;
    expect(crashed.ruleId).toBe('decision-records');
    expect(run.tool.driver.rules[crashed.ruleIndex].id).toBe('decision-records');
    expect(crashed.message.text).not.toMatch(/[\u0000-\u001f]/);
    expect(validate(buildSarif(report)).valid).toBe(true);
  });

  it('carries the score, grade and gate on the run, and scan errors as notifications', async () => {
    const report = await scanDir(path.join(FIXTURES, 'notebook-dump'));
    report.errors.push({ path: 'notebooks/big.ipynb', message: 'too large to read' });
    const sarif = buildSarif(report);
    const run = runOf(sarif);
    expect(run.properties).toMatchObject({ score: report.score, grade: report.grade, passed: false });
    expect(run.properties.gateReasons.length).toBeGreaterThan(0);
    expect(run.invocations[0].toolExecutionNotifications.at(-1)).toMatchObject({ message: { text: 'too large to read' } });
    expect(validate(sarif).valid).toBe(true);
  });

  it('is available from the CLI as --format sarif', async () => {
    const out = path.join(tempDir(), 'results.sarif');
    const stderr: string[] = [];
    const code = await main(['scan', path.join(FIXTURES, 'partial-delivery'), '--format', 'sarif', '--output', out], { stdout: () => {}, stderr: (s) => void stderr.push(s) });
    expect(code).toBe(1);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(validate(sarif).valid).toBe(true);
  });
  it('brings every finding of the JSON report to code scanning, each with a file and a line (notebook dump)', async () => {
    const report = JSON.parse(renderJson(await scanDir(path.join(FIXTURES, 'notebook-dump')))) as Report;
    const run = runOf(buildSarif(report));
    const findings = report.checks.flatMap((check) => check.findings.map((finding) => ({ check: check.id, finding })));
    expect(findings.length).toBeGreaterThan(30);
    expect(findings.filter(({ finding }) => !finding.path).length).toBeGreaterThan(25); // the issue: these never reached code scanning
    expect(run.results).toHaveLength(findings.length);
    const unmatched = [...run.results];
    for (const { check, finding } of findings) {
      const index = unmatched.findIndex((result) => result.properties.check === check && result.properties.finding === finding.id && result.message.text.includes(finding.message.slice(0, 60)));
      expect(index, `${check}/${finding.id} has no result`).toBeGreaterThanOrEqual(0);
      unmatched.splice(index, 1);
    }
    for (const result of run.results) {
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      expect(artifactLocation.uri).toMatch(/^[^/].*[^/]$/);
      expect(region.startLine).toBeGreaterThanOrEqual(1);
    }
    expect(validate(buildSarif(report)).errors).toEqual([]);
  });

  it('anchors repository-level findings at the file that should hold the artifact, else at the README', async () => {
    const run = runOf(buildSarif(await scanDir(path.join(FIXTURES, 'notebook-dump'))));
    const at = (check: string, finding: string) => {
      const result = run.results.find((candidate) => candidate.properties.check === check && candidate.properties.finding === finding)!;
      return [result.locations[0].physicalLocation.artifactLocation.uri, result.properties.anchor, result.locations[0].physicalLocation.region.startLine];
    };
    expect(at('model-card', 'no-model-card')).toEqual(['MODEL_CARD.md', 'expected-file', 1]);
    expect(at('licensing', 'no-license')).toEqual(['LICENSE', 'expected-file', 1]);
    expect(at('decision-records', 'no-records')).toEqual(['docs/adr/0001-record-architecture-decisions.md', 'expected-file', 1]);
    expect(at('evaluation-criteria', 'no-criteria')).toEqual(['evaluation/criteria.yml', 'expected-file', 1]);
    expect(at('experiment-tracking', 'no-tracking')).toEqual(['README.md', 'root-file', 1]);
    const anchored = run.results.find((result) => result.properties.finding === 'no-model-card')!;
    expect(anchored.locations[0].message?.text).toContain('MODEL_CARD.md');
    // Findings that name their own file keep it.
    expect(at('reproducibility', 'unpinned-requirement')).toEqual(['requirements.txt', undefined, 1]);
  });

  it('keeps an anchored finding\'s fingerprint whatever README it is shown at', async () => {
    const bare = await scanDir(makeTree({ 'train.py': 'print(1)\n' }));
    const withReadme = await scanDir(makeTree({ 'train.py': 'print(1)\n', 'readme.rst': 'Churn model\n===========\n\nTrains the churn model.\n' }));
    const tracking = (report: Report) => runOf(buildSarif(report)).results.find((result) => result.properties.finding === 'no-tracking')!;
    expect(tracking(bare).locations[0].physicalLocation.artifactLocation.uri).toBe('README.md');
    expect(tracking(withReadme).locations[0].physicalLocation.artifactLocation.uri).toBe('readme.rst');
    expect(tracking(withReadme).partialFingerprints).toEqual(tracking(bare).partialFingerprints);
  });

  it('describes the tool and the run as code scanning reads them: informationUri, category, rule names and help links', async () => {
    const report = await scanDir(path.join(FIXTURES, 'partial-delivery'), { policy: { milestone: 'pilot' } });
    const run = runOf(buildSarif(report, { uriPrefix: 'vendor/delivery' }));
    expect(run.tool.driver.informationUri).toBe(PROJECT_URL);
    expect(run.automationDetails.id).toBe('ml-handover/vendor/delivery/pilot/');
    expect(runOf(buildSarif(await scanDir(path.join(FIXTURES, 'notebook-dump')))).automationDetails.id).toBe('ml-handover/root/no-milestone/');
    const headings = new Set([...readFileSync(path.resolve(FIXTURES, '..', 'docs', 'checks.md'), 'utf8').matchAll(/^## ([a-z0-9-]+)$/gm)].map((match) => match[1]));
    for (const rule of run.tool.driver.rules) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(rule.name).not.toBe(rule.id);
      expect(rule.fullDescription.text.length).toBeLessThanOrEqual(1024);
      const anchor = new URL(rule.helpUri!).hash.slice(1);
      expect(headings, `${rule.id} -> #${anchor}`).toContain(anchor);
    }
    expect(new Set(run.tool.driver.rules.map((rule) => rule.name)).size).toBe(run.tool.driver.rules.length);
  });
  it('--sarif-path-prefix makes a CLI scan of a subfolder point at the repository\'s files', async () => {
    const repo = tempDir();
    cpSync(path.join(FIXTURES, 'partial-delivery'), path.join(repo, 'vendor', 'delivery'), { recursive: true });
    const out = path.join(tempDir(), 'results.sarif');
    const io = { stdout: () => {}, stderr: () => {} };
    const code = await main(['scan', path.join(repo, 'vendor', 'delivery'), '--format', 'sarif', '--sarif-path-prefix', './vendor/delivery/', '--output', out], io);
    expect(code).toBe(1);
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as ReturnType<typeof buildSarif>;
    const located = sarif.runs[0].results.filter((result) => !result.properties.anchor);
    expect(located.length).toBeGreaterThan(10);
    for (const result of sarif.runs[0].results) expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^vendor\/delivery\//);
    // Every file-level result names a file that exists, resolved from the repository root as code scanning does.
    for (const result of located) expect(existsSync(path.join(repo, decodeURIComponent(result.locations[0].physicalLocation.artifactLocation.uri)))).toBe(true);
    expect(validate(sarif).valid).toBe(true);

    const stderr: string[] = [];
    const usage = { stdout: () => {}, stderr: (text: string) => void stderr.push(text) };
    expect(await main(['scan', path.join(repo, 'vendor', 'delivery'), '--format', 'sarif', '--sarif-path-prefix', '../outside'], usage)).toBe(2);
    expect(await main(['scan', path.join(repo, 'vendor', 'delivery'), '--format', 'sarif', '--sarif-path-prefix', '/abs/vendor'], usage)).toBe(2);
    expect(await main(['scan', path.join(repo, 'vendor', 'delivery'), '--format', 'json', '--sarif-path-prefix', 'vendor/delivery'], usage)).toBe(2);
    expect(stderr.join('')).toContain('--sarif-path-prefix applies to --format sarif only');
  });
  it('stays within the results code scanning accepts per run, keeping the most severe and saying how many it left out', async () => {
    const report = await scanDir(path.join(FIXTURES, 'notebook-dump'));
    const errors = report.checks.flatMap((check) => check.findings).filter((finding) => finding.severity === 'error').length;
    const tests = report.checks.find((check) => check.id === 'tests')!;
    for (let i = 0; i < MAX_RESULTS + 10; i++) tests.findings.push({ id: 'untested-package', severity: 'info', message: `Package p${i} has no test.`, path: `src/p${i}/__init__.py` });
    const run = runOf(buildSarif(report));
    const total = report.checks.reduce((sum, check) => sum + check.findings.length, 0);
    expect(run.results).toHaveLength(MAX_RESULTS);
    expect(run.results.filter((result) => result.level === 'error')).toHaveLength(errors);
    expect(run.invocations[0].toolExecutionNotifications.at(-1)!.message.text).toContain(`${total - MAX_RESULTS} of ${total} results were left out`);
  });
});
