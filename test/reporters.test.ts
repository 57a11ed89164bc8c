import { describe, expect, it } from 'vitest';
import reportSchema from '../schemas/report.schema.json' with { type: 'json' };
import { compileSchema } from '../src/schemas.js';
import type { Report } from '../src/report/report.js';
import MarkdownIt from 'markdown-it';
import { markdownText, WORD_JOINER } from '../src/reporters/escape.js';
import { renderJson } from '../src/reporters/json.js';
import { renderMarkdown } from '../src/reporters/markdown.js';
import { renderText } from '../src/reporters/text.js';

const HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) @org/team \u001b[31mred\u001b[0m https://evil.example **bold** | pipe';

function sampleReport(): Report {
  return {
    schemaVersion: '1.0',
    tool: { name: 'ml-handover', version: '0.1.0' },
    target: { kind: 'directory', path: 'vendor' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    milestone: 'handover',
    score: 42,
    grade: 'F',
    passed: false,
    gate: { minScore: 80, required: ['decision-records'], failedRequired: ['decision-records'], reasons: ['score 42 is below the minimum 80'] },
    checks: [
      {
        id: 'decision-records',
        title: 'Architecture decision records',
        status: 'fail',
        score: 2.5,
        weight: 2,
        required: true,
        passScore: 7,
        summary: `1 record: ${HOSTILE}`,
        criteria: [{ id: 'present', title: 'Decision records exist', weight: 2, value: 0.33 }],
        evidence: [{ path: `docs/adr/${HOSTILE}.md`, line: 1, kind: 'decision-record', note: HOSTILE }],
        findings: [{ id: 'missing-status', severity: 'warning', message: `Heading ${HOSTILE}`, path: `docs/adr/${HOSTILE}.md`, line: 3, remediation: 'Add a status.' }],
      },
      { id: 'other', title: 'Other', status: 'skip', score: null, weight: 1, required: false, passScore: 7, summary: 'does not apply', criteria: [], evidence: [], findings: [] },
    ],
    errors: [{ path: 'big.bin', message: 'not read: larger than the 1 MiB read cap' }],
    coverage: { judged: ['decision-records'], notApplicable: [{ id: 'other', reason: 'does not apply' }], unsupported: [], weights: { 'decision-records': 2 } },
    policy: { source: 'defaults', digest: 'sha256:0123456789abcdef0123', notes: [] },
    stats: { files: 3, durationMs: 5 },
  };
}

describe('json reporter', () => {
  it('emits a report that validates against the published schema', () => {
    const validate = compileSchema<Report>(reportSchema);
    const result = validate(JSON.parse(renderJson(sampleReport())));
    expect(result.ok ? [] : result.all).toEqual([]);
  });
});

describe('text reporter', () => {
  it('prints the verdict, a bar per check, and findings with path:line and remediation', () => {
    const text = renderText(sampleReport(), { color: false });
    expect(text).toContain('GATE FAILED');
    expect(text).toMatch(/decision-records\s+███░░░░░░░\s+2\.5\/10\s+fail \(required\)/);
    expect(text).toContain(':3');
    expect(text).toContain('→ Add a status.');
    expect(text).toContain('other skipped: does not apply');
    expect(text).toContain('big.bin: not read');
  });

  it('strips terminal escape sequences from repo text and uses none without colour', () => {
    const text = renderText(sampleReport(), { color: false });
    expect(text).not.toContain('\u001b');
    const colored = renderText(sampleReport(), { color: true });
    expect(colored).toContain('\u001b[31m');
    expect(colored).not.toContain('\u001b[31mred');
  });
});

describe('markdown reporter', () => {
  const md = renderMarkdown(sampleReport());

  it('has headings, a table and collapsible details per check', () => {
    expect(md).toMatch(/^# ml-handover report: ❌ gate failed/);
    expect(md).toContain('| Check | Score | Status | Required | Summary |');
    expect(md).toContain('<details open><summary>❌ fail <b>Architecture decision records</b>');
    expect(md).toContain('**Evidence** (1)');
  });

  it('leaves no repo-derived markup, link, mention or autolink alive', () => {
    // Rendered as GitHub would (CommonMark, GFM tables, raw HTML passed through, URLs linked).
    const html = new MarkdownIt({ html: true, linkify: true }).render(md);
    expect(html).not.toMatch(/<script|<img|<a\s|<strong>bold<\/strong>/);
    expect(html.replace(/<code>[^<]*<\/code>/g, '')).not.toMatch(/@org|https:\/\/evil/);
    expect(md).not.toContain('\u001b');
    // Only what could open markup is escaped; mentions and autolinks are broken by an invisible word joiner.
    expect(markdownText('a|b')).toBe('a\\|b');
    expect(markdownText('[x](y)')).toBe('\\[x]\\(y)');
    expect(markdownText('@team')).toBe(`@${WORD_JOINER}team`);
    expect(markdownText('prompts, models: Cross-artifact 0.1.0 snake_case')).toBe('prompts, models: Cross-artifact 0.1.0 snake_case');
    expect(markdownText('recall < 0.70 & R&D, <b> &amp;')).toBe('recall < 0.70 & R&D, &lt;b> \\&amp;');
  });

  it('keeps table rows intact when repo text contains pipes or newlines', () => {
    const rows = md.split('\n').filter((line) => line.startsWith('| Architecture'));
    expect(rows).toHaveLength(1);
    expect(rows[0].split(/(?<!\\)\|/).length).toBe(7);
    const html = new MarkdownIt({ html: true }).render(md);
    const firstRow = html.split('<tbody>')[1].split('</tr>')[0];
    expect(firstRow.match(/<td/g)).toHaveLength(5);
  });
});
