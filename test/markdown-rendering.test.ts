// The Markdown outputs (report, job summary, PR comment, checklist, tracking issue) rendered as GitHub renders
// them: CommonMark with GFM tables, strikethrough and autolinks, raw HTML passed through. What must hold: the
// reader sees the text itself (no stray `\`, no entities to untangle), code shows as code, table rows keep
// their cells, and nothing from the repository becomes markup, a link or a mention.
import path from 'node:path';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { auditStateOf } from '../src/report/audit-state.js';
import type { Report } from '../src/report/report.js';
import { renderChecklist } from '../src/reporters/checklist.js';
import { markdownCode, markdownHtml, markdownText, plain, WORD_JOINER } from '../src/reporters/escape.js';
import { renderJobSummary, renderMarkdown } from '../src/reporters/markdown.js';
import { renderPrComment } from '../src/reporters/pr-comment.js';
import { renderTrackingIssue } from '../src/reporters/tracking-issue.js';
import { FIXTURES, makeTree, scanDir } from './helpers.js';

function gfm(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt('commonmark', { html: true, linkify: true }).enable(['table', 'strikethrough', 'linkify']);
  md.linkify.set({ fuzzyLink: false }); // GitHub links scheme URLs, www. and e-mail addresses, not bare domains
  return md;
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&', '&#40;': '(' };
const decode = (html: string) => html.replace(/&(?:lt|gt|quot|amp|#40);/g, (entity) => ENTITIES[entity]);
/** What a reader sees: the text of the rendered HTML, tags removed, entities decoded, word joiners invisible. */
const visible = (html: string) => decode(html.replace(/<[^>]*>/g, '')).replaceAll(WORD_JOINER, '');
/** The same, without the content of code elements (where mentions and links are inert anyway). */
const visibleOutsideCode = (html: string) => visible(html.replace(/<code>[^<]*<\/code>/g, ''));
const STRAY_ESCAPE = /\\[!-/:-@[-`{-~]/;
/** A backslash the report's own text holds (a remediation that says "no \\# escapes") is shown, not stray. */
function withoutLiteralBackslashes(text: string, report: Report): string {
  const literal = new Set([...JSON.stringify(report).replaceAll('\\\\', '\\').matchAll(/\\[!-/:-@[-`{-~]/g)].map((match) => match[0]));
  return [...literal].reduce((rest, sequence) => rest.replaceAll(sequence, ''), text);
}

const OUTPUTS: Array<[string, (report: Report) => string]> = [
  ['report', (report) => renderMarkdown(report)],
  ['job summary', (report) => renderJobSummary(report)],
  ['pr comment', (report) => renderPrComment(report, { previousScore: 40, detailsUrl: 'https://github.com/o/r/actions/runs/1' })],
  ['checklist', (report) => renderChecklist(report)],
  ['tracking issue', (report) => renderTrackingIssue(report, { key: 'vendor#handover', state: auditStateOf(report), change: null })],
];

describe('repository text renders as itself', () => {
  // Everything that could open markup, without backticks (a pair of them is a code span on purpose, below).
  const tricky = fc.string({ unit: fc.constantFrom(...'ab1 _*[]()<>&!#|~$@:/\\.-+=;^"\'{}%'.split('')), maxLength: 40 });
  const render = gfm();

  it('in text, in a table cell and in raw HTML, for any mix of punctuation', () => {
    fc.assert(
      fc.property(tricky, (text) => {
        const expected = plain(text).trim();
        expect(visible(render.render(markdownText(text))).trim()).toBe(expected);
        expect(visible(render.render(`- ${markdownText(text)}`)).trim()).toBe(expected);
        const table = render.render(`| h |\n| --- |\n| ${markdownText(text, 500, 'table')} |\n`);
        expect(table.match(/<td>/g) ?? [], table).toHaveLength(1);
        expect(visible(table.split('<tbody>')[1] ?? '').trim()).toBe(expected);
        const details = render.render(`<details><summary>${markdownHtml(text)}</summary>\n\nx\n\n</details>\n`);
        expect(decode(details.split('<summary>')[1].split('</summary>')[0]).replaceAll(WORD_JOINER, '')).toBe(plain(text));
      }),
      { numRuns: 400 },
    );
  });

  it('as code, whatever backticks and pipes the text holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'a `|<>\\*_'.split('')), minLength: 1, maxLength: 20 }), (text) => {
        const inline = render.render(`x ${markdownCode(text)} y`);
        const cell = render.render(`| h |\n| --- |\n| ${markdownCode(text, 300, 'table')} |\n`);
        for (const html of [inline, cell]) {
          const code = /<code>([^<]*)<\/code>/.exec(html);
          expect(code, html).not.toBeNull();
          expect(decode(code![1])).toBe(text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps backtick-quoted commands as code and breaks mentions, references and autolinks invisibly', () => {
    const html = gfm().render(markdownText('Run `dvc init` then ping @org/team about #12 at https://evil.example or www.evil.example or a@b.example'));
    expect(html).toContain('<code>dvc init</code>');
    expect(html).not.toMatch(/<a\s/);
    expect(visible(html).trim()).toBe('Run dvc init then ping @org/team about #12 at https://evil.example or www.evil.example or a@b.example');
    expect(markdownText('@org #12 www.x https://x')).toBe(`@${WORD_JOINER}org #${WORD_JOINER}12 www${WORD_JOINER}.x https${WORD_JOINER}://x`);
  });
});

describe('every Markdown output of every fixture', () => {
  for (const fixture of ['complete-handover', 'notebook-dump', 'partial-delivery']) {
    it(`${fixture}: no stray escape or entity, code as code, titles as written, table rows whole`, async () => {
      const report = await scanDir(path.join(FIXTURES, fixture), { policy: { milestone: 'handover' } });
      const titles = report.checks.map((check) => check.title);
      for (const [name, render] of OUTPUTS) {
        const source = render(report);
        const html = gfm().render(source);
        const label = `${fixture} ${name}`;
        expect(withoutLiteralBackslashes(visible(html), report), label).not.toMatch(STRAY_ESCAPE);
        expect(source, label).not.toMatch(/&#(?:58|64);/);
        expect(visibleOutsideCode(html), `${label}: a backtick shows outside code`).not.toContain('`');
        for (const summary of html.match(/<summary>[\s\S]*?<\/summary>/g) ?? []) expect(summary, label).not.toContain('\\');
        if (name === 'report' || name === 'job summary') {
          for (const title of titles) expect(visible(html), label).toContain(title);
          const table = html.split('<table>')[1];
          const rows = table.split('<tbody>')[1].split('</tbody>')[0].match(/<tr>[\s\S]*?<\/tr>/g)!;
          expect(rows, label).toHaveLength(report.checks.length);
          for (const row of rows) expect(row.match(/<td/g), label).toHaveLength(5);
        }
      }
    });
  }

  it('shows the commands a remediation names as code (the notebook dump)', async () => {
    const report = await scanDir(path.join(FIXTURES, 'notebook-dump'), { policy: { milestone: 'handover' } });
    for (const [name, render] of OUTPUTS.filter(([output]) => output !== 'pr comment')) {
      const html = gfm().render(render(report));
      expect(html, name).toContain('<code>dvc init</code>');
      expect(html, name).toMatch(/<code>churn_export\.csv<\/code>|<code>requirements\.txt:1<\/code>/);
    }
    const report2 = gfm().render(renderMarkdown(report));
    expect(report2).toContain('<b>Cross-artifact consistency</b>');
    expect(report2).toContain('<b>LLM system: prompts, models, retrieval, evaluation, guardrails, provider data</b>');
  });
});

describe('hostile repository text stays inert in every Markdown output', () => {
  const MARKUP = '<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) ![i](https://evil.example/p.png) @org/team #12 https://evil.example www.evil.example **bold** ~~gone~~ $x$ | pipe';
  const FILE = 'docs/adr/0001-@org [x](javascript:alert(1)) <b>`tick`|pipe.md';

  it('no tag, link, image, emphasis, mention or reference from the repository; file names shown whole as code', async () => {
    const dir = makeTree({
      [FILE]: `# 1. ${MARKUP}\n\nDate: 2025-02-03\n\n## Status\n\nShipped ${MARKUP}\n\n## Context\n\n${MARKUP}\n`,
      'data/export|`x`.csv': 'a,b\n1,2\n',
    });
    const report = await scanDir(dir, { policy: { milestone: 'handover' } });
    expect(JSON.stringify(report)).toContain('@org/team'); // the hostile text reached the report
    for (const [name, render] of OUTPUTS) {
      const source = render(report);
      const html = gfm().render(source);
      expect(html, name).not.toMatch(/<script|<img|<strong>bold|<del>|<s>gone/);
      const links = [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((match) => match[1]);
      expect(links.filter((href) => href !== 'https://github.com/o/r/actions/runs/1'), name).toEqual([]);
      const outside = html.replace(/<code>[^<]*<\/code>/g, '').replace(/<[^>]*>/g, '');
      expect(outside, name).not.toMatch(/@[A-Za-z0-9]/); // GitHub would mention
      expect(outside, name).not.toMatch(/#\d/); // GitHub would cross-reference an issue
      expect(outside, name).not.toMatch(/www\.|https?:\/\//i); // GitHub would autolink
      expect(outside, name).not.toMatch(/javascript:/i);
      expect(visible(html), name).not.toMatch(STRAY_ESCAPE);
      if (name !== 'pr comment') expect(decode(html), name).toContain(`<code>${FILE}`); // the name as it is
    }
  });
});
