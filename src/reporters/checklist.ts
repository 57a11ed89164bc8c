// `--format checklist`: a Markdown acceptance document for the milestone, to paste into a ticket, a pull
// request or a contract annex. Every requirement is a checkbox with its evidence, or its finding and fix.
import type { CheckResult, Report } from '../report/report.js';
import { gateStanding } from '../scoring/score.js';
import { markdownCode, markdownText } from './escape.js';

const MAX_EVIDENCE = 5;
const MAX_FINDINGS = 5;

export interface ChecklistOptions {
  /** The sign-off block for buyer and vendor (default true; a tracking issue leaves it out). */
  signOff?: boolean;
}

export function renderChecklist(report: Report, options: ChecklistOptions = {}): string {
  const out: string[] = [];
  const milestone = report.milestone ?? 'no milestone';
  out.push(`# Acceptance checklist: ${markdownText(milestone)}`);
  out.push('');
  out.push('| | |');
  out.push('| --- | --- |');
  out.push(`| Target | ${markdownCode(report.target.path)} (${markdownText(report.target.kind)}) |`);
  if (report.target.ref) out.push(`| Ref | ${markdownCode(report.target.ref)} |`);
  out.push(`| Commit | ${report.target.commit ? markdownCode(report.target.commit) : 'not under version control (no commit to pin)'} |`);
  out.push(`| Date | ${markdownText(report.generatedAt)} |`);
  out.push(`| Policy | ${markdownText(report.policy.source)}, digest ${markdownCode(report.policy.digest)} |`);
  out.push(`| Score | ${report.score}/100 (grade ${report.grade}), minimum ${report.gate.minScore} |`);
  out.push(`| Gate | ${report.passed ? '✅ passed' : '❌ failed'} |`);
  out.push(`| Tool | ml-handover ${markdownText(report.tool.version)} |`);
  if (report.baseline) {
    const b = report.baseline;
    out.push(`| Since baseline | ${markdownText(b.generatedAt.slice(0, 10))} (score ${b.score}, ${b.scoreDelta >= 0 ? '+' : ''}${b.scoreDelta}): ${b.new} new, ${b.unchanged} unchanged, ${b.fixed.length} fixed finding(s) |`);
  }
  out.push('');

  out.push('## Requirements');
  out.push('');
  out.push(`- [${report.score >= report.gate.minScore ? 'x' : ' '}] Overall score at least ${report.gate.minScore} (is ${report.score})`);
  const required = report.checks.filter((check) => check.required);
  for (const check of required) out.push(...requirement(check));
  if (required.length === 0) out.push('- No check is required by this policy; the gate is the score alone.');
  out.push('');

  const others = report.checks.filter((check) => !check.required);
  if (others.length) {
    out.push('## Other checks (scored, not required)');
    out.push('');
    for (const check of others) out.push(...requirement(check));
    out.push('');
  }

  const waivers = report.checks.flatMap((check) => (check.waivers ?? []).map((waiver) => ({ check, waiver })));
  out.push('## Waivers');
  out.push('');
  if (waivers.length === 0) out.push('None.');
  else {
    out.push('| Check | Criterion | Reason | Approved by | Expires | State |');
    out.push('| --- | --- | --- | --- | --- | --- |');
    for (const { check, waiver } of waivers) {
      out.push(`| ${markdownCode(check.id)} | ${waiver.criterion ? markdownCode(waiver.criterion) : 'whole check'} | ${markdownText(waiver.reason, 300)} | ${markdownText(waiver.approvedBy, 100)} | ${markdownText(waiver.expires)} | ${waiver.expired ? '❌ expired' : 'active'} |`);
    }
  }
  out.push('');
  if (report.coverage.notApplicable.length || report.coverage.unsupported.length) {
    out.push('## Not judged');
    out.push('');
    for (const entry of [...report.coverage.notApplicable, ...report.coverage.unsupported]) {
      const id = 'criterion' in entry && entry.criterion ? `${entry.id}/${entry.criterion}` : entry.id;
      out.push(`- ${markdownCode(id)}: ${markdownText(entry.reason, 300)}`);
    }
    out.push('');
  }

  if (report.baseline?.fixed.length) {
    out.push('## Fixed since the baseline');
    out.push('');
    for (const fixed of report.baseline.fixed.slice(0, 50)) out.push(`- ${markdownCode(fixed.check)}${fixed.path ? ` ${markdownCode(fixed.path + (fixed.line ? `:${fixed.line}` : ''))}` : ''} ${markdownText(fixed.message, 300)}`);
    if (report.baseline.fixed.length > 50) out.push(`- … ${report.baseline.fixed.length - 50} more in the JSON report`);
    out.push('');
  }

  if (options.signOff === false) return out.join('\n');
  out.push('## Sign-off');
  out.push('');
  out.push(`By signing, each party confirms the state of the delivery at the commit above for the ${markdownText(milestone)} milestone, with the waivers listed.`);
  out.push('');
  out.push('| Party | Name | Role | Signature | Date |');
  out.push('| --- | --- | --- | --- | --- |');
  out.push('| Buyer | | | | |');
  out.push('| Vendor | | | | |');
  out.push('');
  return out.join('\n');
}

function requirement(check: CheckResult): string[] {
  const standing = gateStanding(check);
  const ticked = check.required ? standing !== 'fail' : check.status === 'pass' || check.status === 'skip';
  const state = check.status === 'skip' ? 'not applicable' : `${check.score?.toFixed(1)}/10, ${check.status}${standing === 'waived' ? ', waived' : ''}`;
  const lines = [`- [${ticked ? 'x' : ' '}] **${markdownText(check.title)}** (${markdownCode(check.id)}): ${state}`];
  if (check.status === 'skip') {
    lines.push(`  - ${markdownText(check.summary, 300)}`);
    return lines;
  }
  if (check.evidence.length) {
    const shown = check.evidence.slice(0, MAX_EVIDENCE).map((item) => markdownCode(item.path + (item.line ? `:${item.line}` : '')));
    lines.push(`  - Evidence: ${shown.join(', ')}${check.evidence.length > MAX_EVIDENCE ? ` and ${check.evidence.length - MAX_EVIDENCE} more` : ''}`);
  } else lines.push('  - Evidence: none found');
  if (!ticked || check.status !== 'pass') {
    const findings = [...check.findings].sort((a, b) => rank(a.severity) - rank(b.severity)).slice(0, MAX_FINDINGS);
    for (const finding of findings) {
      const where = finding.path ? ` ${markdownCode(finding.path + (finding.line ? `:${finding.line}` : ''))}` : '';
      const state = finding.baseline === 'new' ? ' (new)' : finding.baseline === 'unchanged' ? ' (unchanged)' : '';
      lines.push(`  - Missing${state}:${where} ${markdownText(finding.message, 300)}${finding.remediation ? ` Fix: ${markdownText(finding.remediation, 300)}` : ''}`);
    }
  }
  return lines;
}

function rank(severity: string): number {
  return severity === 'error' ? 0 : severity === 'warning' ? 1 : 2;
}
