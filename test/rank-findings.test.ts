// Findings ranked by impact: personal data and live credentials first, then the overall points fixing the
// finding would win; every reporter that lists top findings uses that order and says how many more there are.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/check.js';
import { pointsLabel, rankFindings, topFindings } from '../src/report/rank-findings.js';
import { overallScore } from '../src/scoring/score.js';
import type { CheckResult, Report } from '../src/report/report.js';
import { renderChecklist } from '../src/reporters/checklist.js';
import { renderHtml } from '../src/reporters/html.js';
import { buildSarif } from '../src/reporters/sarif.js';
import { renderJobSummary, renderMarkdown } from '../src/reporters/markdown.js';
import { renderPrComment } from '../src/reporters/pr-comment.js';
import { renderText } from '../src/reporters/text.js';
import { FIXTURES, makeTree, scanDir, tempDir } from './helpers.js';
import { sarifValidator } from './sarif-validator.js';

function check(id: string, criteria: Array<[string, number, number, ('not-applicable' | 'unsupported')?]>, findings: Finding[], extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    title: id,
    status: 'fail',
    score: 0,
    weight: 1,
    required: false,
    passScore: 7,
    summary: '',
    criteria: criteria.map(([criterion, weight, value, excluded]) => ({ id: criterion, title: criterion, weight, value, ...(excluded ? { excluded } : {}) })),
    evidence: [],
    findings,
    ...extra,
  };
}

function finding(id: string, severity: Finding['severity'], criterion?: string): Finding {
  return { id, severity, message: id, ...(criterion ? { criterion } : {}) };
}

function reportOf(checks: CheckResult[], weights: Record<string, number>): Pick<Report, 'checks' | 'coverage'> {
  // The weights are the checks' own (what the scan resolved from the policy), listed in coverage as the scan does.
  return { checks: checks.map((entry) => ({ ...entry, weight: weights[entry.id] ?? entry.weight })), coverage: { judged: Object.keys(weights), notApplicable: [], unsupported: [], weights } };
}

describe('points a fix would win', () => {
  it('check share × criterion share × shortfall, on the 0-100 scale, shared by the findings of one criterion', () => {
    // Overall weights 3 + 1: `cards` is 3/4 of the score. Its `present` criterion is 2/(2+2) of the check at 0.
    const cards = check('cards', [['present', 2, 0], ['complete', 2, 0.5]], [finding('no-card', 'error', 'present'), finding('thin', 'warning', 'complete'), finding('thin', 'warning', 'complete')]);
    const docs = check('docs', [['links', 1, 0]], [finding('broken', 'warning', 'links')]);
    const ranked = rankFindings(reportOf([docs, cards], { cards: 3, docs: 1 }));
    expect(ranked.map((entry) => [entry.check.id, entry.finding.id, entry.points])).toEqual([
      ['cards', 'no-card', 37.5], // 100 × 3/4 × 2/4 × 1
      ['docs', 'broken', 25], // 100 × 1/4 × 1 × 1
      ['cards', 'thin', 9.375], // 100 × 3/4 × 2/4 × 0.5, shared by two findings
      ['cards', 'thin', 9.375],
    ]);
    // Fixing everything wins exactly what the score lacks.
    const score = 100 * (3 / 4) * (0.5 * 0.5) + 0; // cards 2.5/10, docs 0
    expect(ranked.reduce((sum, entry) => sum + entry.points, 0)).toBeCloseTo(100 - score, 9);
  });

  it('a safeguard wins its fifth of the artifact score; an artifact check its share of the artifacts scaled by the safeguards', () => {
    // Artifacts: cards (weight 3) at 5/10, docs (weight 1) at 10/10 → artifacts 6.25. Safeguard secrets at 0 → factor 0.8.
    const cards = check('cards', [['present', 1, 0.5]], [finding('thin', 'warning', 'present')], { score: 5 });
    const docs = check('docs', [['links', 1, 1]], [], { score: 10 });
    const secrets = check('secrets', [['tree', 1, 0]], [finding('secret-in-tree', 'error', 'tree')], { score: 0, role: 'safeguard' });
    const ranked = rankFindings(reportOf([cards, docs, secrets], { cards: 3, docs: 1, secrets: 3 }));
    const points = Object.fromEntries(ranked.map((entry) => [entry.finding.id, Math.round(entry.points * 100) / 100]));
    // secrets: 100 × 0.625 × 0.2 × 1 = 12.5 (its whole shortfall); cards: 100 × 3/4 × 0.8 × 0.5 = 30.
    expect(points).toEqual({ 'secret-in-tree': 12.5, thin: 30 });
    // Each fix alone wins what the score formula says: 50 → 62.5 with secrets fixed, 50 → 80 with the card.
    expect(overallScore([cards, docs, secrets].map((entry) => ({ ...entry, weight: { cards: 3, docs: 1, secrets: 3 }[entry.id]! })))).toBe(50);
  });

  it('a criterion that left the weight wins nothing; notes share only when nothing more serious names the criterion', () => {
    const records = check('records', [['present', 1, 0], ['linked', 1, 0, 'not-applicable']], [finding('few', 'warning', 'present'), finding('hint', 'info', 'present'), finding('link', 'warning', 'linked')]);
    const secrets = check('secrets', [['hygiene', 1, 0]], [finding('no-env-example', 'info', 'hygiene')]);
    const ranked = rankFindings(reportOf([records, secrets], { records: 1, secrets: 1 }));
    const points = Object.fromEntries(ranked.map((entry) => [`${entry.check.id}/${entry.finding.id}`, entry.points]));
    expect(points).toEqual({ 'records/few': 50, 'records/hint': 0, 'records/link': 0, 'secrets/no-env-example': 50 });
  });

  it('a finding without a criterion shares the shortfall no other finding explains', () => {
    const crashed = check('tests', [['present', 1, 0], ['ci', 1, 0]], [finding('check-crashed', 'error'), finding('no-ci', 'warning', 'ci')]);
    const ranked = rankFindings(reportOf([crashed], { tests: 1 }));
    expect(ranked.map((entry) => [entry.finding.id, entry.points])).toEqual([
      ['check-crashed', 50],
      ['no-ci', 50],
    ]);
  });

  it('skipped checks and checks without weight win nothing', () => {
    const skipped = check('llm', [['prompts', 1, 0]], [finding('no-prompts', 'error', 'prompts')], { status: 'skip', score: null });
    const unweighted = check('extra', [['x', 1, 0]], [finding('x', 'error', 'x')], { weight: 0 });
    expect(rankFindings(reportOf([skipped, unweighted], {})).map((entry) => entry.points)).toEqual([0, 0]);
  });

  it('labels a gain a reader can see, and nothing below a tenth of a point', () => {
    expect(pointsLabel(37.5)).toBe('≈ +37.5 points');
    expect(pointsLabel(1)).toBe('≈ +1 point');
    expect(pointsLabel(0.04)).toBe('');
  });
});

describe('order', () => {
  it('personal data and credentials first whatever their points, then points; errors and warnings together, notes last', () => {
    const data = check('data-protection', [['clean', 3, 0], ['documented', 5, 0]], [finding('no-handling-document', 'warning', 'documented'), finding('personal-data', 'error', 'clean')]);
    const secrets = check('secrets', [['tree', 5, 0], ['hygiene', 2, 0]], [finding('no-env-example', 'info', 'hygiene'), finding('secret-in-tree', 'error', 'tree'), finding('possible-secret', 'warning', 'tree')]);
    const cards = check('model-card', [['present', 1, 0]], [finding('no-card', 'error', 'present')]);
    const docs = check('runbooks', [['present', 1, 0]], [finding('no-runbooks', 'warning', 'present')]);
    // Overall weights sum to 7.
    const ranked = rankFindings(reportOf([cards, docs, data, secrets], { 'model-card': 1, runbooks: 4, 'data-protection': 1, secrets: 1 }));
    expect(ranked.map((entry) => [`${entry.finding.id}${entry.exposure ? '!' : ''}`, Math.round(entry.points * 100) / 100])).toEqual([
      ['personal-data!', 5.36], // exposure: 100/7 × 3/8
      ['secret-in-tree!', 5.1], // exposure: 100/7 × 5/7, shared with the possible secret
      ['no-runbooks', 57.14], // a warning worth 4/7 of the score before an error worth 1/7
      ['no-card', 14.29],
      ['no-handling-document', 8.93],
      ['possible-secret', 5.1],
      ['no-env-example', 4.08], // a note: last, whatever its points
    ]);
  });

  it('against a baseline, new findings come right after the exposures', () => {
    const cards = check('model-card', [['present', 1, 0]], [finding('no-card', 'error', 'present')]);
    const docs = check('runbooks', [['present', 1, 0]], [{ ...finding('stub', 'warning', 'present'), baseline: 'new' }]);
    expect(rankFindings(reportOf([cards, docs], { 'model-card': 9, runbooks: 1 })).map((entry) => entry.finding.id)).toEqual(['stub', 'no-card']);
  });

  it('topFindings counts what it leaves out', () => {
    const many = check('runbooks', [['present', 1, 0]], Array.from({ length: 7 }, (_, i) => finding(`f${i}`, 'warning', 'present')));
    const top = topFindings(reportOf([many], { runbooks: 1 }), 3);
    expect([top.shown.length, top.more, top.total]).toEqual([3, 4, 7]);
  });
});

describe('every format shows personal data first and says how many more there are', () => {
  let report: Report;
  beforeAll(async () => {
    // A notebook dump that also commits a customer export: 3 e-mail addresses in a CSV, worth few points.
    const dir = tempDir('mlh-rank-');
    cpSync(path.join(FIXTURES, 'notebook-dump'), dir, { recursive: true });
    makeTree({ 'data/customers.csv': 'customer_id,email,plan\n1,ada.lovelace@example.org,pro\n2,alan.turing@example.net,basic\n3,grace.hopper@example.com,pro\n' }, dir);
    report = await scanDir(dir);
  });

  it('the ranking puts the personal-data error first', () => {
    const ranked = rankFindings(report);
    expect(ranked[0]).toMatchObject({ exposure: true, check: { id: 'data-protection' }, finding: { id: 'personal-data', path: 'data/customers.csv' } });
    expect(ranked.length).toBeGreaterThan(15);
    // Many findings win more points; exposure still comes first.
    expect(ranked.slice(1).some((entry) => entry.points > ranked[0].points)).toBe(true);
  });

  it('the partial delivery: its credentials and personal data before anything else', async () => {
    const ranked = rankFindings(await scanDir(path.join(FIXTURES, 'partial-delivery')));
    const exposures = ranked.filter((entry) => entry.exposure);
    expect(new Set(exposures.map((entry) => entry.check.id))).toEqual(new Set(['secrets', 'data-protection']));
    expect(ranked.slice(0, exposures.length)).toEqual(exposures);
  });

  it('the partial delivery in HTML and SARIF: the same exposures first, personal data among them', async () => {
    const partial = await scanDir(path.join(FIXTURES, 'partial-delivery'));
    const exposures = rankFindings(partial).filter((entry) => entry.exposure).map((entry) => `${entry.check.id}/${entry.finding.id}`);
    expect(exposures).toContain('data-protection/personal-data');
    expect(exposures.length).toBeLessThan(15);
    expect(htmlTopFindings(partial).slice(0, exposures.length).map((item) => `${item.check}/${item.id}`)).toEqual(exposures);
    const sarif = buildSarif(partial);
    expect(sarifValidator()(sarif).valid).toBe(true);
    const results = sarif.runs[0].results;
    expect(results.slice(0, exposures.length).map((result) => `${result.properties.check}/${result.properties.finding}`)).toEqual(exposures);
    expect(results.slice(0, exposures.length).every((result) => result.properties.exposure === true)).toBe(true);
    expect(results.slice(exposures.length).some((result) => result.properties.exposure)).toBe(false);
  });

  it('HTML: first under "Top findings", linked to its check, with the count of the rest', () => {
    const page = renderHtml(report);
    const items = htmlTopFindings(report);
    expect(items).toHaveLength(15); // as many as the Markdown report
    expect(items[0]).toMatchObject({ check: 'data-protection', id: 'personal-data' });
    expect(items[0].html).toMatch(/<span class="mono">data\/customers\.csv:\d+<\/span>/);
    expect(page).toMatch(new RegExp(`<p class="muted">15 of ${rankFindings(report).length}, by impact; ${rankFindings(report).length - 15} more in the details below</p>`));
    // Before the table of checks, and its link leads to a section that exists.
    expect(page.indexOf('id="top-findings"')).toBeLessThan(page.indexOf('<h2>Checks</h2>'));
    expect(page).toContain(`id="check-${report.checks.findIndex((entry) => entry.id === 'data-protection')}"`);
  });

  it('SARIF: results in ranked order, the personal data first with rank 100', () => {
    const results = buildSarif(report).runs[0].results;
    expect(results[0]).toMatchObject({ rank: 100, properties: { check: 'data-protection', finding: 'personal-data', exposure: true } });
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('data/customers.csv');
    expect(results.map((result) => `${result.properties.check}/${result.properties.finding}`)).toEqual(rankFindings(report).map((entry) => `${entry.check.id}/${entry.finding.id}`));
    const ranks = results.map((result) => result.rank);
    expect(ranks.every((rank, index) => rank > 0 && rank <= 100 && (index === 0 || rank <= ranks[index - 1]))).toBe(true);
    expect(ranks.at(-1)!).toBeLessThan(10);
  });

  it('text: the first finding listed, and the count of the rest', () => {
    const text = renderText(report, { color: false, maxFindings: 5 });
    const section = text.slice(text.indexOf('Top findings'));
    expect(section).toMatch(/^Top findings \(5 of (\d+)\)\n  ✖ error   data-protection data\/customers\.csv/);
    const total = Number(/^Top findings \(5 of (\d+)\)/.exec(section)![1]);
    expect(section).toContain(`… ${total - 5} more finding(s)`);
  });

  it('job summary and Markdown report: first under "Top findings", with the count of the rest', () => {
    for (const rendered of [renderJobSummary(report, { topFindings: 5 }), renderMarkdown(report)]) {
      const section = rendered.slice(rendered.indexOf('**Top findings**'));
      expect(section.split('\n')[2]).toMatch(/^- ❌ \*\*Personal data and its handling\*\* `data\/customers\.csv:\d+`/);
      expect(section.split('\n')[0]).toMatch(/^\*\*Top findings\*\* \(\d+ of \d+, by impact; \d+ more in the details below\)$/);
    }
  });

  it('PR comment: first under "Top findings", before the failing checks', () => {
    const body = renderPrComment(report, { topFindings: 5 });
    const section = body.slice(body.indexOf('**Top findings**'));
    expect(section.split('\n')[0]).toMatch(/^\*\*Top findings\*\* \(5 of \d+, by impact; \d+ more in the job summary\)$/);
    expect(section.split('\n')[2]).toMatch(/^- ❌ `data-protection` `data\/customers\.csv:\d+` /);
    expect(body.indexOf('**Top findings**')).toBeLessThan(body.indexOf('**Failing checks'));
  });

  it('checklist: first under "Fix first", and first in its own requirement', () => {
    const checklist = renderChecklist(report);
    const section = checklist.slice(checklist.indexOf('## Fix first'));
    expect(section).toMatch(/^## Fix first\n\nThe 10 finding\(s\) with the most impact, of \d+ \(\d+ more under the requirements below and in the JSON report\):\n\n1\. Error in `data-protection` `data\/customers\.csv:\d+`/);
    const block = checklist.split('(`data-protection`)')[1].split('\n- [')[0];
    expect(block.split('\n').find((line) => line.startsWith('  - Missing'))).toMatch(/`data\/customers\.csv:\d+`/);
  });
});

/** The "Top findings" list of an HTML report: each item's check (by its link), finding id and markup. */
function htmlTopFindings(report: Report): Array<{ check: string; id: string; html: string }> {
  const page = renderHtml(report);
  const list = /<h2 id="top-findings">Top findings<\/h2>.*?<ol class="findings top">(.*?)<\/ol>/s.exec(page)![1];
  return [...list.matchAll(/<li class="[a-z]+">(.*?)<\/li>/gs)].map(([, item]) => {
    const check = report.checks[Number(/<a href="#check-(\d+)">/.exec(item)![1])];
    return { check: check.id, id: /<span class="muted mono">([^<]*)<\/span>/.exec(item)![1], html: item };
  });
}

