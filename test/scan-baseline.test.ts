// `ml-handover scan --baseline old.json`, through the CLI with real files: a delivery is scanned, then
// changed (one finding fixed, one introduced), then scanned again against the first report. Every
// reporter marks what is new, unchanged and fixed; a baseline that is not a report is a usage error.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import reportSchema from '../schemas/report.schema.json' with { type: 'json' };
import { main } from '../src/cli.js';
import type { Report } from '../src/report/report.js';
import { renderPrComment } from '../src/reporters/pr-comment.js';
import { compileSchema } from '../src/schemas.js';
import { assertInert } from './action-harness.js';
import { FIXTURES, tempDir } from './helpers.js';
import { sarifValidator } from './sarif-validator.js';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

const FIXED = 'docs/decisions/0002-threshold-selection.md'; // status "shipped": unknown-status, removed below
const INTRODUCED = 'docs/decisions/0003-[x](javascript:alert(1)) @org.md'; // status "parked": a new unknown-status

let work: string;
let delivery: string;
let baselineFile: string;
let baseline: Report;

beforeAll(async () => {
  work = tempDir('mlh-baseline-');
  delivery = path.join(work, 'delivery');
  cpSync(path.join(FIXTURES, 'partial-delivery'), delivery, { recursive: true });
  baselineFile = path.join(work, 'old.json');
  const first = await cli('scan', delivery, '--format', 'json', '--output', baselineFile);
  expect(first.code).toBe(1);
  baseline = JSON.parse(readFileSync(baselineFile, 'utf8')) as Report;

  rmSync(path.join(delivery, FIXED));
  writeFileSync(
    path.join(delivery, INTRODUCED),
    '# 3. Score customers nightly\n\nDate: 2025-06-02\n\n## Status\n\nparked\n\n## Context\n\nThe retention team plans its campaign every Monday from the churn scores.\n\n## Decision\n\nWe score every active customer nightly and publish the scores to the warehouse.\n\n## Consequences\n\nScores are at most a day old; the warehouse load is on the critical path.\n',
  );
});

async function scanAgainstBaseline(format: string, ...more: string[]): Promise<string> {
  const result = await cli('scan', delivery, '--baseline', baselineFile, '--format', format, '--no-color', ...more);
  expect(result.code, result.stderr).toBe(1); // the partial delivery still fails its gate
  expect(result.stderr).toBe('');
  return result.stdout;
}

const statusFinding = (report: Report, file: string) => report.checks.find((check) => check.id === 'decision-records')!.findings.find((finding) => finding.id === 'unknown-status' && finding.path === file);

describe('scan --baseline', () => {
  it('the baseline really had the finding that is fixed, and not the one introduced', () => {
    expect(statusFinding(baseline, FIXED)).toBeDefined();
    expect(statusFinding(baseline, INTRODUCED)).toBeUndefined();
  });

  it('json: every finding is new or unchanged, the fixed ones are listed, and the report still validates', async () => {
    const report = JSON.parse(await scanAgainstBaseline('json')) as Report;
    const valid = compileSchema<Report>(reportSchema)(report);
    expect(valid.ok ? [] : valid.all).toEqual([]);
    expect(statusFinding(report, INTRODUCED)?.baseline).toBe('new');
    const records = report.checks.find((check) => check.id === 'decision-records')!;
    const brokenLink = records.findings.find((finding) => finding.id === 'broken-link');
    expect(brokenLink?.baseline).toBe('unchanged');
    const all = report.checks.flatMap((check) => check.findings);
    expect(all.every((finding) => finding.baseline === 'new' || finding.baseline === 'unchanged')).toBe(true);
    expect(report.baseline).toMatchObject({ generatedAt: baseline.generatedAt, score: baseline.score, scoreDelta: report.score - baseline.score, passed: false });
    expect(report.baseline!.new).toBe(all.filter((finding) => finding.baseline === 'new').length);
    expect(report.baseline!.unchanged).toBe(all.filter((finding) => finding.baseline === 'unchanged').length);
    expect(report.baseline!.fixed).toContainEqual(expect.objectContaining({ check: 'decision-records', id: 'unknown-status', path: FIXED }));
    expect(report.baseline!.checkDeltas).toHaveProperty('decision-records');
  });

  it('text: the change line, NEW on new findings and the fixed list', async () => {
    const text = await scanAgainstBaseline('text');
    expect(text).toMatch(/Since baseline \(\d{4}-\d\d-\d\d, score \d+\): [-+±]\d* ?· \d+ new, \d+ unchanged, \d+ fixed finding\(s\)/);
    // New findings head the list, whatever their severity, right after the credentials and personal data.
    expect(text).toMatch(/Top findings \(15 of \d+\)\n(  (✖ error  |▲ warning) (secrets|data-protection) .*\n      .*\n      → .*\n)+  ▲ warning NEW decision-records docs\/decisions\/0003-/);
    expect(text).toMatch(/Fixed since baseline \(\d+\)\n(.*\n)*.*✔ decision-records docs\/decisions\/0002-threshold-selection\.md/);
  });

  it('markdown: the change line, new/unchanged tags and a fixed section, with repo text escaped', async () => {
    const markdown = await scanAgainstBaseline('markdown');
    expect(markdown).toMatch(/Since the baseline of .* \(score \d+\): \*\*[-+]?\d+\*\*, \d+ new, \d+ unchanged and \d+ fixed finding\(s\)\./);
    expect(markdown).toMatch(/- ⚠️ \*\*new\*\* `docs\/decisions\/0003-\[x\]\(javascript:alert\(1\)\) @org\.md:\d+`/);
    expect(markdown).toContain('(unchanged)');
    expect(markdown).toMatch(/## Fixed since the baseline\n\n(.*\n)*- ✅ `decision-records` `docs\/decisions\/0002-threshold-selection\.md`/);
  });

  it('checklist: the baseline row, (new) on what is missing and what was fixed', async () => {
    const checklist = await scanAgainstBaseline('checklist');
    expect(checklist).toMatch(/\| Since baseline \| .* \(score \d+, [-+]\d+\): \d+ new, \d+ unchanged, \d+ fixed finding\(s\) \|/);
    expect(checklist).toMatch(/- Missing \(new\): `docs\/decisions\/0003-/);
    expect(checklist).toMatch(/- Missing \(unchanged\): /);
    expect(checklist).toMatch(/## Fixed since the baseline\n\n(.*\n)*- `decision-records` `docs\/decisions\/0002-threshold-selection\.md:\d+`/);
    expect(checklist).toContain('## Sign-off');
  });

  it('html: the change line, new/unchanged tags on findings and a fixed section, escaped', async () => {
    const page = await scanAgainstBaseline('html');
    expect(page).toMatch(/<p class="baseline">Since the baseline of \d{4}-\d\d-\d\d \(score \d+\): .* <strong>\d+<\/strong> new, \d+ unchanged, <strong>\d+<\/strong> fixed finding\(s\)<\/p>/);
    expect(page).toMatch(/<strong>warning<\/strong> <span class="tag new">new<\/span> <span class="muted mono">unknown-status<\/span> <span class="mono">docs\/decisions\/0003-\[x\]\(javascript:alert\(1\)\) @org\.md:\d+<\/span>/);
    expect(page).toContain('<span class="tag">unchanged</span>');
    expect(page).toMatch(/<h2>Fixed since the baseline<\/h2>.*<span class="mono">docs\/decisions\/0002-threshold-selection\.md/s);
  });

  it('sarif: baselineState on every result, fixed findings in the run properties, valid against the official schema', async () => {
    const sarif = JSON.parse(await scanAgainstBaseline('sarif'));
    expect(sarifValidator()(sarif).errors).toEqual([]);
    const results = sarif.runs[0].results as Array<{ baselineState?: string; properties: { finding: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
    expect(results.length).toBeGreaterThan(2);
    for (const result of results) expect(['new', 'unchanged']).toContain(result.baselineState);
    const introduced = results.find((result) => result.properties.finding === 'unknown-status' && result.locations[0].physicalLocation.artifactLocation.uri.startsWith('docs/decisions/0003-'));
    expect(introduced?.baselineState).toBe('new');
    expect(results.some((result) => result.baselineState === 'unchanged')).toBe(true);
    // No `absent` results: code scanning would open an alert for each.
    expect(results.some((result) => result.baselineState === 'absent')).toBe(false);
    expect(sarif.runs[0].properties.baseline.fixed).toContainEqual(expect.objectContaining({ check: 'decision-records', finding: 'unknown-status', uri: 'docs/decisions/0002-threshold-selection.md', level: 'warning' }));
  });

  it('pr-comment: the change line and new findings marked, inert', async () => {
    // At handover decision records are required, so their check is listed with its findings.
    const report = JSON.parse(await scanAgainstBaseline('json', '--milestone', 'handover')) as Report;
    const body = renderPrComment(report, { previousScore: baseline.score });
    expect(body).toMatch(/Since the baseline of .*: \d+ new, \d+ unchanged and \d+ fixed finding\(s\)\./);
    expect(body).toMatch(/- ⚠️ \*\*new\*\* `docs\/decisions\/0003-/);
    assertInert(body);
  });

  it('without --baseline nothing is marked', async () => {
    const result = await cli('scan', delivery, '--format', 'json');
    const report = JSON.parse(result.stdout) as Report;
    expect(report.baseline).toBeUndefined();
    expect(report.checks.flatMap((check) => check.findings).some((finding) => finding.baseline)).toBe(false);
  });

  it.each([
    ['missing.json', null, /--baseline .*missing\.json: cannot read \(ENOENT\)/],
    ['broken.json', '{"schemaVersion": "1.0",', /--baseline .*broken\.json: not JSON .*expected a report written by `scan --format json`/],
    ['array.json', '[1, 2]', /--baseline .*array\.json: not JSON: expected a JSON object at the top level/],
    ['audit.json', JSON.stringify({ kind: 'ml-handover-audit', engagements: [] }), /--baseline .*audit\.json: not an ml-handover report \(--format json\): /],
    ['future.json', null, /--baseline .*future\.json: not an ml-handover report \(--format json\): schemaVersion/],
  ])('exits 2 with a clear message, before scanning, for %s', async (name, content, message) => {
    const file = path.join(work, name);
    if (name === 'future.json') writeFileSync(file, JSON.stringify({ ...baseline, schemaVersion: '2.0' }));
    else if (content !== null) writeFileSync(file, content);
    const result = await cli('scan', path.join(work, 'no-such-target'), '--baseline', file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('target not found'); // the baseline is read first
  });
});
