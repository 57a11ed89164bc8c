// The Action's pure parts: inputs, workflow-command escaping, annotation selection, the PR comment body.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotationCommands } from '../src/action/annotations.js';
import { InputError, inputEnvName, inputReader, policyInput, readInputs } from '../src/action/inputs.js';
import { repositoryPrefix } from '../src/action/run.js';
import { escapeData, escapeProperty, workflowCommand } from '../src/action/workflow-commands.js';
import type { Finding } from '../src/check.js';
import type { Report } from '../src/report/report.js';
import { commentMarker, markerKey, previousScoreFrom, renderPrComment } from '../src/reporters/pr-comment.js';
import { assertInert } from './action-harness.js';
import { FIXTURES, scanDir } from './helpers.js';

const HOSTILE = '<script>alert(1)</script> @org/team [x](javascript:alert(1)) ![i](https://evil.example/p.png) https://evil.example **bold** `code`';

async function failingReport(): Promise<Report> {
  return scanDir(path.join(FIXTURES, 'notebook-dump'));
}

function records(report: Report) {
  return report.checks.find((check) => check.id === 'decision-records')!;
}

describe('Action inputs', () => {
  it('uses the runner convention for variable names (spaces to _, dashes kept)', () => {
    expect(inputEnvName('min-score')).toBe('INPUT_MIN-SCORE');
    expect(inputEnvName('github-token')).toBe('INPUT_GITHUB-TOKEN');
    expect(inputEnvName('some name')).toBe('INPUT_SOME_NAME');
  });

  it('reads defaults when the runner passes nothing', () => {
    expect(readInputs(inputReader({}))).toEqual({ path: '.', policy: null, failOn: 'gate', comment: true, issue: false });
  });

  it('reads every input', () => {
    const inputs = readInputs(
      inputReader({
        INPUT_PATH: ' vendor ',
        INPUT_POLICY: 'policies/handover.yml',
        INPUT_MILESTONE: 'handover',
        'INPUT_MIN-SCORE': '72.5',
        'INPUT_FAIL-ON': 'never',
        INPUT_COMMENT: 'false',
        INPUT_ISSUE: 'true',
        'INPUT_ISSUE-TITLE': 'Handover audit: kestrel-churn',
        'INPUT_SARIF-FILE': 'out/a.sarif',
        'INPUT_REPORT-FILE': 'out/a.json',
        'INPUT_GITHUB-TOKEN': 'ghs_x',
      }),
    );
    expect(inputs).toEqual({
      path: 'vendor',
      policy: { kind: 'file', file: 'policies/handover.yml' },
      milestone: 'handover',
      minScore: 72.5,
      failOn: 'never',
      comment: false,
      issue: true,
      issueTitle: 'Handover audit: kestrel-churn',
      sarifFile: 'out/a.sarif',
      reportFile: 'out/a.json',
      githubToken: 'ghs_x',
    });
  });

  it('names every invalid input in one message', () => {
    let error: unknown;
    try {
      readInputs(inputReader({ INPUT_MILESTONE: 'launch', 'INPUT_MIN-SCORE': '101', 'INPUT_FAIL-ON': 'sometimes', INPUT_COMMENT: 'yes' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems).toHaveLength(4);
    expect((error as Error).message).toContain('milestone must be one of discovery, pilot, production, handover (got "launch")');
    expect((error as Error).message).toContain('min-score must be a number from 0 to 100 (got "101")');
    expect((error as Error).message).toContain('fail-on must be "gate" or "never"');
    expect((error as Error).message).toContain('comment must be true or false (got "yes")');
    expect(() => readInputs(inputReader({ 'INPUT_MIN-SCORE': '-1' }))).toThrow(InputError);
    expect(() => readInputs(inputReader({ INPUT_ISSUE: 'weekly' }))).toThrow('issue must be true or false (got "weekly")');
    expect(() => readInputs(inputReader({ 'INPUT_ISSUE-TITLE': 'Audit\n@org/team' }))).toThrow('issue-title must be one line of at most 200 characters');
    expect(() => readInputs(inputReader({ 'INPUT_ISSUE-TITLE': 'x'.repeat(201) }))).toThrow('issue-title must be one line');
    expect(() => readInputs(inputReader({ 'INPUT_MIN-SCORE': '1e2' }))).toThrow(InputError);
  });

  it('tells an inline policy from a policy path', () => {
    expect(policyInput('policies/buyer.yml')).toEqual({ kind: 'file', file: 'policies/buyer.yml' });
    expect(policyInput('minScore: 70')).toEqual({ kind: 'inline', text: 'minScore: 70' });
    expect(policyInput('milestone: handover\nminScore: 80\n')).toMatchObject({ kind: 'inline' });
    expect(policyInput('{"minScore":80}')).toMatchObject({ kind: 'inline' });
    expect(policyInput('C:\\policies\\buyer.yml')).toMatchObject({ kind: 'file' });
  });

  it('maps the scanned folder to a repository-relative prefix', () => {
    expect(repositoryPrefix('.', '/ws', '/ws')).toBe('');
    expect(repositoryPrefix('vendor/delivery', '/ws', '/ws')).toBe('vendor/delivery');
    expect(repositoryPrefix('/ws/vendor', '/ws', '/ws')).toBe('vendor');
    expect(repositoryPrefix('/elsewhere/repo', '/ws', '/ws')).toBe('');
  });
});

describe('workflow commands', () => {
  it('escapes data and properties the way the runner reads them', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(workflowCommand('warning', { file: 'docs/a,b:c.md', line: 3, title: undefined }, 'line one\n::error::injected')).toBe(
      '::warning file=docs/a%2Cb%3Ac.md,line=3::line one%0A::error::injected',
    );
    expect(workflowCommand('notice', {}, 'plain')).toBe('::notice::plain');
  });
});

describe('annotations', () => {
  function withFindings(report: Report, findings: Finding[]): Report {
    const copy = structuredClone(report);
    for (const check of copy.checks) check.findings = [];
    records(copy).findings = findings;
    return copy;
  }

  it('annotates findings with a file, with line, level and title; findings without a file are left to the summary', async () => {
    const report = withFindings(await failingReport(), [
      { id: 'broken-link', severity: 'error', message: 'link to #5 does not resolve', path: 'docs/adr/0002-x.md', line: 4, remediation: 'Point it at a record.' },
      { id: 'undated', severity: 'info', message: 'no date', path: 'docs/adr/0003-y.md' },
      { id: 'no-records', severity: 'error', message: 'nothing found' },
    ]);
    expect(annotationCommands(report, { pathPrefix: 'vendor' })).toEqual([
      '::error file=vendor/docs/adr/0002-x.md,line=4,title=ml-handover decision-records%3A broken-link::link to #5 does not resolve%0AFix: Point it at a record.',
      '::notice file=vendor/docs/adr/0003-y.md,title=ml-handover decision-records%3A undated::no date',
    ]);
  });

  it('cannot be steered by repository text: newlines and separators in paths and messages are escaped', async () => {
    const report = withFindings(await failingReport(), [
      { id: 'unknown-status', severity: 'warning', message: 'Status "x\n::error file=evil::pwned" unknown', path: 'docs/adr/a,line=1::b.md', line: 2 },
    ]);
    const [line] = annotationCommands(report);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^::warning file=docs\/adr\/a%2Cline=1%3A%3Ab\.md,line=2,title=[^:]+::/);
  });

  it('caps annotations per level (GitHub shows 10 per step) and says how many were left out', async () => {
    const many = (severity: Finding['severity'], n: number): Finding[] =>
      Array.from({ length: n }, (_, i) => ({ id: `f-${severity}-${i}`, severity, message: `${severity} ${i}`, path: `docs/adr/${String(i).padStart(4, '0')}-x.md`, line: i + 1 }));
    const report = withFindings(await failingReport(), [...many('info', 15), ...many('warning', 15), ...many('error', 15)]);
    const lines = annotationCommands(report);
    expect(lines.filter((line) => line.startsWith('::error '))).toHaveLength(9);
    expect(lines.filter((line) => line.startsWith('::warning '))).toHaveLength(10);
    expect(lines.filter((line) => line.startsWith('::notice file='))).toHaveLength(9);
    expect(lines[0]).toContain('error 0'); // errors first
    expect(lines.at(-1)).toBe(
      '::notice title=ml-handover::17 more finding(s) with a file location were not annotated (GitHub shows only a few per step); the job summary, the report file and the SARIF results list them all.',
    );
    const capped = annotationCommands(report, { max: 5 });
    expect(capped).toHaveLength(6);
    expect(capped.at(-1)).toContain('40 more finding(s)');
  });
});

describe('pull-request comment body', () => {
  it('shows verdict, score, gate reasons and failing checks with their fixes', async () => {
    const report = await failingReport();
    const body = renderPrComment(report, { detailsUrl: 'https://github.com/kestrel/churn/actions/runs/42' });
    expect(body.split('\n')[0]).toBe(`${commentMarker()}score=${report.score} -->`);
    expect(body).toContain('### ml-handover: ❌ gate failed');
    expect(body).toContain(`**Score ${report.score}/100 (grade ${report.grade})**`);
    expect(body).toContain('first report on this pull request');
    expect(body).toContain('**Why the gate failed**');
    expect(body).toContain('(`decision-records`)');
    expect(body).toContain('Fix: Record each significant decision');
    expect(body).toContain('[job summary of this run](https://github.com/kestrel/churn/actions/runs/42)');
  });

  it('says what changed since the previous comment', async () => {
    const report = await failingReport();
    const score = report.score;
    expect(renderPrComment(report, { previousScore: score })).toContain(`no change since the last report (${score})`);
    expect(renderPrComment(report, { previousScore: score + 12 })).toContain(`▼ -12 since the last report (${score + 12} → ${score})`);
    const better = { ...report, score: 74 };
    expect(renderPrComment(better, { previousScore: 61.5 })).toContain('▲ +12.5 since the last report (61.5 → 74)');
  });

  it('stores the score in the hidden marker and reads it back; anything else is no score', async () => {
    const report = await failingReport();
    expect(previousScoreFrom(renderPrComment(report, { key: 'vendor#handover' }))).toBe(report.score);
    expect(previousScoreFrom(null)).toBeNull();
    expect(previousScoreFrom('hello')).toBeNull();
    expect(previousScoreFrom('<!-- ml-handover:pr-comment key=. score=250 -->')).toBeNull();
    expect(previousScoreFrom('text first\n<!-- ml-handover:pr-comment key=. score=50 -->')).toBeNull();
  });

  it('keeps marker keys to a safe alphabet, so a key cannot close the comment', () => {
    expect(markerKey('vendor/delivery#handover')).toBe('vendor/delivery#handover');
    expect(markerKey('x --> <b>y</b>')).not.toMatch(/[<> ]/);
    expect(markerKey('')).toBe('default');
    expect(commentMarker('a')).not.toBe(commentMarker('ab').slice(0, commentMarker('a').length));
  });

  it('renders repository text inert: no markup, links, images or mentions get through', async () => {
    const report = await failingReport();
    const check = records(report);
    check.title = HOSTILE;
    check.summary = HOSTILE;
    check.findings = [{ id: 'unknown-status', severity: 'warning', message: HOSTILE, path: `docs/adr/@org/team/[x](javascript:alert(1))<script>.md`, line: 3, remediation: HOSTILE }];
    report.gate.reasons.push(HOSTILE);
    const body = renderPrComment(report, { detailsUrl: 'javascript:alert(1)' });
    assertInert(body);
    expect(body).not.toContain('[job summary'); // a non-http(s) details URL is dropped
  });

  it('the inertness check itself catches raw links, images, tags and mentions', () => {
    expect(() => assertInert('see [x](https://evil.example)')).toThrow();
    expect(() => assertInert('![i](https://evil.example/p.png)')).toThrow();
    expect(() => assertInert('see https://evil.example')).toThrow();
    expect(() => assertInert('hi <img src=x onerror=alert(1)>')).toThrow();
    expect(() => assertInert('ping @org/team')).toThrow();
    expect(() => assertInert('`@org/team` and `<script>` in code are fine')).not.toThrow();
    expect(() => assertInert('[run](https://ok.example/1)', ['https://ok.example/1'])).not.toThrow();
    expect(() => assertInert('[run](https://ok.example/1) [x](https://evil.example)', ['https://ok.example/1'])).toThrow();
  });

  it('stays under the GitHub comment size limit', async () => {
    const report = await failingReport();
    const template = records(report);
    report.checks = Array.from({ length: 60 }, (_, i) => ({
      ...structuredClone(template),
      id: `check-${i}`,
      findings: Array.from({ length: 5 }, (_, j) => ({ id: 'x', severity: 'error' as const, message: 'm'.repeat(400), path: `p/${i}/${j}.md`, remediation: 'r'.repeat(600) })),
    }));
    const body = renderPrComment(report);
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('more failing check(s) are in the job summary');
  });
});
