// `--format checklist`: a Markdown acceptance document for the milestone, to paste into a ticket, a pull
// request or a contract annex. Every requirement is a checkbox with its evidence, or its finding and fix.
import { pointsLabel, rankFindings, type RankedFinding } from '../report/rank-findings.js';
import type { CheckResult, Report } from '../report/report.js';
import { gateStanding } from '../scoring/score.js';
import { markdownCode, markdownText } from './escape.js';
import { profileStatement } from '../profiles/profile-line.js';
import { isRepositoryLevel } from './markdown.js';

const MAX_EVIDENCE = 5;
/** Findings listed per check; the rest are counted on a line of their own, never dropped silently. */
const MAX_FINDINGS = 10;
/** Notes about the whole target (scan coverage, history not available) listed per check. */
const MAX_NOTES = 3;
/** Findings listed up front, by impact; the rest are counted. */
const MAX_TOP_FINDINGS = 10;

export interface ChecklistOptions {
  /** The sign-off block for buyer and vendor (default true; a tracking issue leaves it out). */
  signOff?: boolean;
}

export function renderChecklist(report: Report, options: ChecklistOptions = {}): string {
  const out: string[] = [];
  const milestone = report.milestone;
  out.push(milestone ? `# Acceptance checklist: ${markdownText(milestone)}` : '# Acceptance checklist');
  out.push('');
  out.push('| | |');
  out.push('| --- | --- |');
  out.push(`| Target | ${markdownCode(report.target.path, 300, 'table')} (${markdownText(report.target.kind, 100, 'table')}) |`);
  if (report.target.ref) out.push(`| Ref | ${markdownCode(report.target.ref, 300, 'table')} |`);
  out.push(`| Commit | ${report.target.commit ? markdownCode(report.target.commit, 300, 'table') : 'not under version control (no commit to pin)'} |`);
  out.push(`| Milestone | ${milestone ? markdownCode(milestone, 100, 'table') : 'none: the gate is the minimum score and the required checks of the policy'} |`);
  out.push(`| Date | ${markdownText(report.generatedAt, 100, 'table')} |`);
  out.push(`| Policy | ${markdownText(report.policy.source, 500, 'table')}, digest ${markdownCode(report.policy.digest, 300, 'table')} |`);
  out.push(`| Score | ${report.score}/100 (grade ${report.grade}), minimum ${report.gate.minScore} |`);
  const judgedAs = profileStatement(report.profiles, { path: (path) => markdownCode(path, 160, 'table'), text: (text) => markdownText(text, 100, 'table') });
  if (judgedAs) out.push(`| Judged as | ${judgedAs} |`);
  out.push(`| Gate | ${report.passed ? '✅ passed' : '❌ failed'} |`);
  out.push(`| Tool | ml-handover ${markdownText(report.tool.version, 100, 'table')} |`);
  if (report.baseline) {
    const b = report.baseline;
    out.push(`| Since baseline | ${markdownText(b.generatedAt.slice(0, 10), 100, 'table')} (score ${b.score}, ${b.scoreDelta >= 0 ? '+' : ''}${b.scoreDelta}): ${b.new} new, ${b.unchanged} unchanged, ${b.fixed.length} fixed finding(s) |`);
  }
  out.push('');

  const ranked = rankFindings(report);
  out.push(...topFindingLines(ranked));

  out.push('## Requirements');
  out.push('');
  out.push(`- [${report.score >= report.gate.minScore ? 'x' : ' '}] Overall score at least ${report.gate.minScore} (is ${report.score})`);
  const required = report.checks.filter((check) => check.required);
  for (const check of required) out.push(...requirement(check, ranked));
  if (required.length === 0) out.push('- No check is required by this policy; the gate is the score alone.');
  out.push('');

  const others = report.checks.filter((check) => !check.required);
  if (others.length) {
    out.push('## Other checks (scored, not required)');
    out.push('');
    for (const check of others) out.push(...requirement(check, ranked));
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
      const cell = (text: string, max: number) => markdownText(text, max, 'table');
      out.push(`| ${markdownCode(check.id, 300, 'table')} | ${waiver.criterion ? markdownCode(waiver.criterion, 300, 'table') : 'whole check'} | ${cell(waiver.reason, 300)} | ${cell(waiver.approvedBy, 100)} | ${cell(waiver.expires, 100)} | ${waiver.expired ? '❌ expired' : 'active'} |`);
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
  // Files the checks could not open are for a person to review before signing.
  if (report.coverage.unread?.length) {
    out.push('## Not read (review by hand)');
    out.push('');
    for (const entry of report.coverage.unread.slice(0, 100)) {
      const examples = entry.examples.map((path) => markdownCode(path, 200)).join(', ') + (entry.files > entry.examples.length ? ', …' : '');
      out.push(`- ${markdownCode(entry.check)}: ${entry.files} ${markdownText(entry.what, 60)} ${entry.kind === 'language' ? 'file(s)' : 'document(s)'} (${examples}): ${markdownText(entry.reason, 200)}`);
    }
    if (report.coverage.unread.length > 100) out.push(`- … ${report.coverage.unread.length - 100} more in the JSON report`);
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
  const stage = milestone ? ` for the ${markdownText(milestone)} milestone` : '';
  out.push(`By signing, each party confirms the state of the delivery at the commit above${stage}, with the waivers listed.`);
  out.push('');
  out.push('| Party | Name | Role | Signature | Date |');
  out.push('| --- | --- | --- | --- | --- |');
  out.push('| Buyer | | | | |');
  out.push('| Vendor | | | | |');
  out.push('');
  return out.join('\n');
}

/** What to fix first: personal data and credentials, then what wins the most points. */
function topFindingLines(ranked: readonly RankedFinding[]): string[] {
  if (ranked.length === 0) return [];
  const shown = ranked.slice(0, MAX_TOP_FINDINGS);
  const more = ranked.length - shown.length;
  const out = ['## Fix first', '', `The ${shown.length} finding(s) with the most impact, of ${ranked.length}${more ? ` (${more} more under the requirements below and in the JSON report)` : ''}:`, ''];
  shown.forEach(({ check, finding, points }, index) => {
    const where = finding.path ? ` ${markdownCode(finding.path + (finding.line ? `:${finding.line}` : ''))}` : '';
    const gain = pointsLabel(points);
    out.push(`${index + 1}. ${finding.severity === 'error' ? 'Error' : finding.severity === 'warning' ? 'Warning' : 'Note'} in ${markdownCode(check.id)}${where}: ${markdownText(finding.message, 300)}${gain ? ` (${gain})` : ''}`);
  });
  out.push('');
  return out;
}

function requirement(check: CheckResult, ranked: readonly RankedFinding[]): string[] {
  const standing = gateStanding(check);
  const ticked = check.required ? standing !== 'fail' : check.status === 'pass' || check.status === 'skip';
  const state = check.status === 'skip' ? 'not applicable' : `${check.score?.toFixed(1)}/10, ${check.status}${standing === 'waived' ? ', waived' : ''}`;
  const lines = [`- [${ticked ? 'x' : ' '}] **${markdownText(check.title)}** (${markdownCode(check.id)}): ${state}`];
  if (check.status === 'skip') {
    lines.push(`  - ${markdownText(check.summary, 300)}`);
    return lines;
  }
  lines.push(...evidenceLines(check));
  if (!ticked || check.status !== 'pass') {
    const findings = ranked.filter((entry) => entry.check === check).map((entry) => entry.finding);
    const fixesGiven = new Set<string>();
    for (const finding of findings.slice(0, MAX_FINDINGS)) {
      const where = finding.path ? ` ${markdownCode(finding.path + (finding.line ? `:${finding.line}` : ''))}` : '';
      const state = finding.baseline === 'new' ? ' (new)' : finding.baseline === 'unchanged' ? ' (unchanged)' : '';
      // A fix shared by several findings (each unpinned requirement) is written once.
      const fix = finding.remediation && !fixesGiven.has(finding.remediation) ? ` Fix: ${markdownText(finding.remediation, 300)}` : '';
      if (finding.remediation) fixesGiven.add(finding.remediation);
      lines.push(`  - Missing${state}:${where} ${markdownText(finding.message, 300)}${fix}`);
    }
    if (findings.length > MAX_FINDINGS) lines.push(`  - … and ${findings.length - MAX_FINDINGS} more finding(s) of this check, listed in the Markdown and JSON reports`);
  }
  return lines;
}

/**
 * Files as `path:line`; evidence about the whole target (path `.`: what a scan covered, history that was not
 * available) as its note, which is what it says: a bare `.` says nothing.
 */
function evidenceLines(check: CheckResult): string[] {
  const files = check.evidence.filter((item) => !isRepositoryLevel(item.path));
  const notes = check.evidence.filter((item) => isRepositoryLevel(item.path) && item.note);
  const lines: string[] = [];
  if (files.length) {
    const shown = files.slice(0, MAX_EVIDENCE).map((item) => markdownCode(item.path + (item.line ? `:${item.line}` : '')));
    lines.push(`  - Evidence: ${shown.join(', ')}${files.length > MAX_EVIDENCE ? ` and ${files.length - MAX_EVIDENCE} more` : ''}`);
  }
  for (const item of notes.slice(0, MAX_NOTES)) lines.push(`  - Checked (${markdownText(item.kind, 100)}): ${markdownText(item.note!, 300)}`);
  if (notes.length > MAX_NOTES) lines.push(`  - … and ${notes.length - MAX_NOTES} more note(s) in the JSON report`);
  if (lines.length === 0) lines.push('  - Evidence: none found');
  return lines;
}

