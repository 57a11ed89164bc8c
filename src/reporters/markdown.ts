// The Markdown report (job summaries, PR bodies, files): headings, a summary table, collapsible details
// per check. Every repo-derived string is escaped; nothing from the repository can add markup or mentions.
import type { Finding } from '../check.js';
import type { CheckResult, Report } from '../report/report.js';
import { markdownCode, markdownText } from './escape.js';

const STATUS_ICON: Record<CheckResult['status'], string> = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail', skip: '⏭️ skip' };
const SEVERITY_ICON: Record<Finding['severity'], string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

export interface MarkdownOptions {
  /** Heading level of the title (2 for embedding under an existing title). */
  headingLevel?: number;
  /** Max evidence rows per check in details. */
  maxEvidence?: number;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const h = '#'.repeat(options.headingLevel ?? 1);
  const out: string[] = [];
  const target = markdownCode(report.target.path + (report.target.ref ? `@${report.target.ref}` : ''));
  out.push(`${h} ml-handover report: ${report.passed ? '✅ gate passed' : '❌ gate failed'}`);
  out.push('');
  out.push(`**Score ${report.score}/100 (grade ${report.grade})** · milestone: ${report.milestone ? markdownCode(report.milestone) : 'none'} · target: ${target}${report.target.commit ? ` at ${markdownCode(report.target.commit.slice(0, 12))}` : ''}`);
  out.push('');
  out.push(`Gate: minimum score ${report.gate.minScore}${report.gate.required.length ? `; required: ${report.gate.required.map((id) => markdownCode(id)).join(', ')}` : ''}.`);
  for (const reason of report.gate.reasons) out.push(`- ❌ ${markdownText(reason)}`);
  if (report.baseline) {
    const b = report.baseline;
    out.push('');
    out.push(`Since the baseline of ${markdownText(b.generatedAt.slice(0, 10))} (score ${b.score}): **${b.scoreDelta >= 0 ? '+' : ''}${b.scoreDelta}**, ${b.new} new, ${b.unchanged} unchanged and ${b.fixed.length} fixed finding(s).`);
  }
  out.push('');
  out.push('| Check | Score | Status | Required | Summary |');
  out.push('| --- | ---: | --- | :---: | --- |');
  for (const check of report.checks) {
    const waived = (check.waivers ?? []).some((waiver) => !waiver.expired) ? ' ⏳ waived' : (check.waivers ?? []).length ? ' ❌ waiver expired' : '';
    out.push(`| ${markdownText(check.title)} (${markdownCode(check.id)}) | ${check.score === null ? '—' : `${check.score.toFixed(1)}/10`} | ${STATUS_ICON[check.status]}${waived} | ${check.required ? 'yes' : ''} | ${markdownText(check.summary, 200)} |`);
  }
  out.push('');
  const { coverage } = report;
  out.push(
    `Coverage: ${coverage.judged.length} check(s) judged (weights ${coverage.judged.map((id) => `${markdownCode(id)} ${coverage.weights[id]}`).join(', ') || 'none'})` +
      `${coverage.notApplicable.length ? `; not applicable: ${coverage.notApplicable.map((entry) => markdownCode(entry.id)).join(', ')}` : ''}` +
      `${coverage.unsupported.length ? `; not supported by this target: ${coverage.unsupported.map((entry) => `${markdownCode(entry.criterion ? `${entry.id}/${entry.criterion}` : entry.id)} (${markdownText(entry.reason, 120)})`).join(', ')}` : ''}.`,
  );
  out.push('');
  out.push(`${h}# Details`);
  out.push('');
  for (const check of report.checks) out.push(...checkDetails(check, options.maxEvidence ?? 50));
  if (report.baseline?.fixed.length) {
    out.push(`${h}# Fixed since the baseline`);
    out.push('');
    for (const fixed of report.baseline.fixed.slice(0, 100)) out.push(`- ✅ ${markdownCode(fixed.check)}${fixed.path ? ` ${markdownCode(fixed.path)}` : ''} ${markdownText(fixed.message, 300)}`);
    out.push('');
  }
  if (report.errors.length) {
    out.push(`${h}# Problems reading the target`);
    out.push('');
    for (const error of report.errors.slice(0, 50)) out.push(`- ${error.path ? markdownCode(error.path) + ': ' : ''}${markdownText(error.message)}`);
    if (report.errors.length > 50) out.push(`- … ${report.errors.length - 50} more`);
    out.push('');
  }
  if (report.policy.notes.length) {
    out.push(`${h}# Policy notes`);
    out.push('');
    for (const note of report.policy.notes) out.push(`- ${markdownText(note)}`);
    out.push('');
  }
  out.push(`<sub>ml-handover ${markdownText(report.tool.version)} · report schema ${markdownText(report.schemaVersion)} · ${markdownText(report.generatedAt)} · policy ${markdownCode(report.policy.digest.slice(0, 19))}</sub>`);
  return out.join('\n') + '\n';
}

function checkDetails(check: CheckResult, maxEvidence: number): string[] {
  const out: string[] = [];
  out.push(`<details${check.status === 'fail' ? ' open' : ''}><summary>${STATUS_ICON[check.status]} <b>${markdownText(check.title)}</b> — ${check.score === null ? 'skipped' : `${check.score.toFixed(1)}/10`}</summary>`);
  out.push('');
  out.push(markdownText(check.summary, 1000));
  out.push('');
  for (const waiver of check.waivers ?? []) {
    out.push(
      `> ${waiver.expired ? '❌ **Waiver expired**' : '⏳ **Waived**'}${waiver.criterion ? ` (${markdownCode(waiver.criterion)})` : ''} until ${markdownText(waiver.expires)}: ${markdownText(waiver.reason, 300)} (approved by ${markdownText(waiver.approvedBy, 100)})`,
    );
    out.push('');
  }
  if (check.status !== 'skip') {
    out.push('| Criterion | Weight | Value |');
    out.push('| --- | ---: | ---: |');
    for (const criterion of check.criteria) out.push(`| ${markdownText(criterion.title)} | ${criterion.weight} | ${Math.round(criterion.value * 100)}% |`);
    out.push('');
  }
  if (check.findings.length) {
    out.push('**Findings**');
    out.push('');
    for (const finding of check.findings) {
      const where = finding.path ? ` ${markdownCode(finding.path + (finding.line ? `:${finding.line}` : ''))}` : '';
      const tag = finding.baseline === 'new' ? ' **new**' : finding.baseline === 'unchanged' ? ' (unchanged)' : '';
      out.push(`- ${SEVERITY_ICON[finding.severity]}${tag}${where} ${markdownText(finding.message, 600)}`);
      if (finding.remediation) out.push(`  - Fix: ${markdownText(finding.remediation, 600)}`);
    }
    out.push('');
  }
  out.push(`**Evidence** (${check.evidence.length === 0 ? 'none found' : check.evidence.length})`);
  out.push('');
  for (const item of check.evidence.slice(0, maxEvidence)) {
    out.push(`- ${markdownCode(item.path + (item.line ? `:${item.line}` : ''))} ${markdownText(item.kind)}${item.note ? `: ${markdownText(item.note, 300)}` : ''}`);
  }
  if (check.evidence.length > maxEvidence) out.push(`- … ${check.evidence.length - maxEvidence} more`);
  out.push('');
  out.push('</details>');
  out.push('');
  return out;
}
