import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { applyBaseline } from '../src/report/baseline.js';
import { renderChecklist } from '../src/reporters/checklist.js';
import { renderMarkdown } from '../src/reporters/markdown.js';
import { renderText } from '../src/reporters/text.js';
import { FIXTURES, makeTree, scanDir } from './helpers.js';

describe('sign-off checklist', () => {
  it('ticks every requirement on the complete fixture for the handover milestone', async () => {
    const report = await scanDir(path.join(FIXTURES, 'complete-handover'), { policy: { milestone: 'handover' } });
    const checklist = renderChecklist(report);
    expect(checklist).toMatch(/^# Acceptance checklist: handover/);
    expect(checklist).toContain(`| Policy | defaults, digest \`${report.policy.digest}\` |`);
    const requirements = checklist.split('## Requirements')[1].split('##')[0];
    expect(requirements).toMatch(/- \[x\] Overall score at least 80/);
    expect(requirements).not.toContain('- [ ]');
    for (const id of report.gate.required) expect(requirements).toContain(`(\`${id}\`)`);
    expect(checklist).toContain('| Buyer | | | | |');
    expect(checklist).toContain('| Vendor | | | | |');
  });

  it('lists what is missing on the partial delivery, with remediation', async () => {
    const report = await scanDir(path.join(FIXTURES, 'partial-delivery'), { policy: { milestone: 'handover' } });
    const checklist = renderChecklist(report);
    expect(checklist).toContain('- [ ] **Architecture decision records**');
    expect(checklist).toMatch(/Missing: `docs\/decisions\/0002-feature-store\.md:\d+`.* Fix: /);
  });

  it('lists waivers and escapes repo text', async () => {
    const dir = makeTree({ 'docs/adr/0001-<img src=x onerror=alert(1)>.md': '# 1. @org/team [x](javascript:alert(1))\n' });
    const report = await scanDir(dir, { policy: { required: ['decision-records'], waivers: [{ check: 'decision-records', reason: 'pilot', approvedBy: 'CTO', expires: '2030-01-01' }] } });
    const checklist = renderChecklist(report);
    expect(checklist).toContain('| `decision-records` | whole check | pilot | CTO | 2030-01-01 | active |');
    // Rendered as GitHub renders it: the file name shows as code, nothing becomes a tag, a link or a mention.
    const html = new MarkdownIt({ html: true, linkify: true }).render(checklist);
    expect(html).toContain('<code>docs/adr/0001-&lt;img src=x onerror=alert(1)&gt;.md:1</code>');
    expect(html).not.toMatch(/<img|<a\s/);
    expect(html.replace(/<code>[^<]*<\/code>/g, '')).not.toMatch(/@org/);
  });
});

describe('checklist wording and completeness', () => {
  it('without a milestone, says so once instead of "the no milestone milestone"', async () => {
    const checklist = renderChecklist(await scanDir(path.join(FIXTURES, 'notebook-dump')));
    expect(checklist).toMatch(/^# Acceptance checklist\n/);
    expect(checklist).toContain('| Milestone | none: the gate is the minimum score and the required checks of the policy |');
    expect(checklist).not.toMatch(/no milestone/);
    expect(checklist).toContain('confirms the state of the delivery at the commit above, with the waivers listed.');
    const withMilestone = renderChecklist(await scanDir(path.join(FIXTURES, 'notebook-dump'), { policy: { milestone: 'pilot' } }));
    expect(withMilestone).toContain('at the commit above for the pilot milestone, with the waivers listed.');
  });

  it('counts the findings it leaves out instead of dropping them', async () => {
    const requirements = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`pkg${i}`, ''])); // 14 unpinned requirements
    const dir = makeTree({ 'requirements.txt': Object.keys(requirements).join('\n') + '\n', 'train.py': 'import random\nrandom.seed(1)\n' });
    const report = await scanDir(dir);
    const reproducibility = report.checks.find((check) => check.id === 'reproducibility')!;
    const total = reproducibility.findings.length;
    expect(total).toBeGreaterThan(14);
    const block = renderChecklist(report).split('(`reproducibility`)')[1].split('\n- ')[0];
    expect(block.match(/^ {2}- Missing/gm)).toHaveLength(10);
    expect(block).toContain(`… and ${total - 10} more finding(s) of this check`);
    // The shared fix is written once, not under every unpinned requirement.
    expect(block.match(/Fix: Pin every requirement/g)).toHaveLength(1);
  });

  it('shows evidence about the whole target by what it says, not as a bare "."', async () => {
    const checklist = renderChecklist(await scanDir(path.join(FIXTURES, 'complete-handover'), { policy: { milestone: 'handover' } }));
    expect(checklist).not.toContain('`.`');
    expect(checklist).toMatch(/- Checked \(secret-scan\): working tree: \d+ text file\(s\)/);
    expect(checklist).toMatch(/- Evidence: `\.gitignore:\d+`/);
  });
});

describe('--baseline comparison', () => {
  it('marks new, unchanged and fixed findings and the score change', async () => {
    const nygard = (n: number) => `# ${n}. Decision ${n}\n\nDate: 2025-0${n}-01\n\n## Status\n\nAccepted\n\n## Context\n\nThe context of this decision is explained here in enough words to count.\n\n## Decision\n\nWe will do the thing that this record describes, in enough words to count.\n\n## Consequences\n\nThings become easier and some become harder; this is written in enough words.\n`;
    const before = await scanDir(makeTree({ 'docs/adr/0001-a.md': '# 1. A\n\n## Status\n\nshipped\n' }));
    const after = await scanDir(makeTree({ 'docs/adr/0001-a.md': nygard(1), 'docs/adr/0003-c.md': '# 3. C\n\n## Status\n\nshipped\n' }));
    const compared = applyBaseline(after, before);
    const findings = compared.checks[0].findings;
    expect(findings.find((f) => f.id === 'unknown-status')).toMatchObject({ path: 'docs/adr/0003-c.md', baseline: 'new' });
    expect(findings.find((f) => f.id === 'few-records')?.baseline).toBe('unchanged');
    expect(compared.baseline.fixed.map((f) => [f.id, f.path])).toEqual(expect.arrayContaining([['unknown-status', 'docs/adr/0001-a.md']]));
    expect(compared.baseline.scoreDelta).toBe(after.score - before.score);
    expect(renderText(compared, { color: false })).toMatch(/Since baseline .* new, .* unchanged, \d+ fixed/);
    expect(renderText(compared, { color: false })).toMatch(/▲ warning NEW decision-records/);
    expect(renderMarkdown(compared)).toMatch(/## Fixed since the baseline/);
  });
});
