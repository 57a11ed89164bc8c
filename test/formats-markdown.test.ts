import { describe, expect, it } from 'vitest';
import { normaliseHeading, parseMarkdown } from '../src/formats/markdown.js';

describe('parseMarkdown', () => {
  const doc = parseMarkdown(`---
title: Runbook
owner: ml-team
---

Intro line.

# Churn service runbook

## Deploy

Run \`make deploy\` then check
[the dashboard](https://grafana.example/d/churn).

\`\`\`bash
scripts/smoke_test.sh
\`\`\`

### Verify

- Latency under 150 ms
- No errors

## Metrics

| Metric | Threshold |
| --- | ---: |
| PR-AUC | >= 0.70 |
| p95 latency | <= 150 ms |
`);

  it('reads front matter and headings with real line numbers', () => {
    expect(doc.frontMatter).toEqual({ ok: true, value: { title: 'Runbook', owner: 'ml-team' } });
    expect(doc.title).toEqual({ depth: 1, text: 'Churn service runbook', line: 8 });
    expect(doc.headings.map((h) => [h.depth, h.text, h.line])).toEqual([
      [1, 'Churn service runbook', 8],
      [2, 'Deploy', 10],
      [3, 'Verify', 19],
      [2, 'Metrics', 24],
    ]);
    expect(doc.preamble).toBe('Intro line.');
  });

  it('cuts sections at headings, with direct body and full content', () => {
    const deploy = doc.sections.find((s) => s.heading.text === 'Deploy')!;
    expect(deploy.body).toContain('Run make deploy then check the dashboard.');
    expect(deploy.body).toContain('scripts/smoke_test.sh');
    expect(deploy.body).not.toContain('Latency');
    expect(deploy.content).toContain('- Latency under 150 ms');
    expect(deploy.endLine).toBe(23);
  });

  it('collects tables, links, code and paragraphs with lines', () => {
    expect(doc.tables).toEqual([{ line: 26, header: ['Metric', 'Threshold'], rows: [['PR-AUC', '>= 0.70'], ['p95 latency', '<= 150 ms']], rowLines: [28, 29] }]);
    expect(doc.links).toEqual([{ url: 'https://grafana.example/d/churn', text: 'the dashboard', line: 13 }]);
    expect(doc.code).toEqual(
      expect.arrayContaining([
        { kind: 'inline', value: 'make deploy', line: 12 },
        { kind: 'block', lang: 'bash', value: 'scripts/smoke_test.sh\n', line: 15 },
      ]),
    );
    expect(doc.paragraphs.find((p) => p.text.startsWith('Latency'))?.line).toBe(21);
  });

  it('reports broken front matter as a value and never throws on odd input', () => {
    const broken = parseMarkdown('---\nstatus: [accepted\n---\n# T\n');
    expect(broken.frontMatter?.ok).toBe(false);
    expect(broken.title?.text).toBe('T');
    expect(() => parseMarkdown('>'.repeat(50_000) + ' deep')).not.toThrow();
    expect(() => parseMarkdown('- '.repeat(20_000) + 'x')).not.toThrow();
    expect(() => parseMarkdown('\u0000\uFFFD\u202e<script>')).not.toThrow();
    expect(parseMarkdown('').headings).toEqual([]);
  });

  it('normalises headings for matching', () => {
    expect(normaliseHeading('2. Decision Outcome!')).toBe('decision outcome');
    expect(normaliseHeading('Bias, Risks, and Limitations')).toBe('bias risks and limitations');
  });
});
