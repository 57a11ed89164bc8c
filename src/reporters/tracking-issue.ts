// The audit tracking issue (Action input `issue: true`): its body, rewritten on every audit, and the
// comments that close it when the gate passes and reopen it when it fails again. The first line is a
// hidden marker that finds the issue again; the second carries the audit state (report/audit-state.ts)
// the next audit compares with. Everything from the scanned repository goes through escape.ts.
import type { Finding } from '../check.js';
import { encodeAuditState, type AuditChange, type AuditState, type CheckChange } from '../report/audit-state.js';
import type { Report } from '../report/report.js';
import { renderChecklist } from './checklist.js';
import { markdownCode, markdownText } from './escape.js';
import { markerKey, safeUrl } from './pr-comment.js';

/** GitHub rejects issue bodies over 65,536 characters; stay below with room for the state. */
const MAX_BODY = 60_000;
const MAX_NEW_FINDINGS = 20;
const SEVERITY_ICON: Record<Finding['severity'], string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/** The first line of a tracking issue's body: identifies the engagement's issue, never changes. */
export function trackingIssueMarker(key: string): string {
  return `<!-- ml-handover:tracking-issue key=${markerKey(key)} -->`;
}

export interface TrackingIssueOptions {
  /** Engagement key (see trackingIssueMarker). */
  key: string;
  /** The state of this audit, embedded for the next one. */
  state: AuditState;
  /** What changed since the audit recorded in the issue; null on the first audit. */
  change: AuditChange | null;
  /** The issue existed but its recorded state could not be read (edited by hand, or foreign). */
  previousUnreadable?: boolean;
  /** The workflow run, where the job summary holds the full report. */
  runUrl?: string;
}

export function renderTrackingIssue(report: Report, options: TrackingIssueOptions): string {
  const head: string[] = [];
  head.push(trackingIssueMarker(options.key));
  head.push(encodeAuditState(options.state));
  head.push(`## ${report.passed ? '✅ Handover gate passed' : '❌ Handover gate failed'}: score ${report.score}/100 (grade ${markdownText(report.grade)})`);
  head.push('');
  head.push(auditLine(report, options.runUrl));
  head.push('');
  if (report.gate.reasons.length) {
    head.push('**Why the gate fails**');
    head.push('');
    for (const reason of report.gate.reasons) head.push(`- ${markdownText(reason)}`);
    head.push('');
  }
  head.push('### Since the last audit');
  head.push('');
  if (options.change) head.push(...changeLines(report, options.change));
  else head.push(options.previousUnreadable ? 'The record of the last audit in this issue could not be read (was the body edited?); changes are tracked again from this audit on.' : 'First audit of this engagement: nothing earlier to compare with.');
  head.push('');

  const footer = ['', '<sub>Written by ml-handover on every scheduled audit: edits to this description are overwritten. The issue closes when the gate passes and reopens when it fails again.</sub>'];
  const checklist = renderChecklist(report, { signOff: false })
    .trimEnd()
    .replace(/^(#{1,4}) /gm, '$1## '); // under this issue's own headings
  for (const maxNew of [MAX_NEW_FINDINGS, 5, 0]) {
    const body = [...head, ...newFindingLines(options.change, maxNew), checklist, ...footer].join('\n') + '\n';
    if (body.length <= MAX_BODY) return body;
  }
  // A very large checklist is cut at a line, with a pointer to the full report.
  const note = '\n\n… the checklist is cut here at GitHub\'s size limit; the job summary of the run has the full report.';
  const fixed = [...head, ...newFindingLines(options.change, 0)].join('\n') + '\n';
  const room = Math.max(0, MAX_BODY - fixed.length - footer.join('\n').length - note.length - 1);
  const cut = checklist.slice(0, room);
  return fixed + cut.slice(0, Math.max(0, cut.lastIndexOf('\n'))) + note + footer.join('\n') + '\n';
}

/** Posted just before the issue is closed. */
export function renderClosingComment(report: Report, change: AuditChange | null, runUrl?: string): string {
  const lines = [`✅ The handover gate passed on ${day(report.generatedAt)}: score ${report.score}/100 (grade ${markdownText(report.grade)})${commitText(report)}.`];
  if (change) lines.push('', ...scoreLine(report, change));
  lines.push('', `Closing this issue; a later audit that fails reopens it.${runLink(runUrl)}`);
  return lines.join('\n') + '\n';
}

/** Posted when a closed issue is reopened because the gate fails (again). */
export function renderReopeningComment(report: Report, change: AuditChange | null, runUrl?: string): string {
  const regression = change?.previous.passed !== false;
  const lines = [
    `❌ ${regression ? 'Regression: the handover gate fails again' : 'The handover gate still fails'} on ${day(report.generatedAt)}: score ${report.score}/100 (grade ${markdownText(report.grade)})${commitText(report)}.`,
  ];
  if (change) {
    lines.push('', ...scoreLine(report, change));
    for (const check of change.regressed.slice(0, 10)) lines.push(`- ▼ ${checkChangeText(check)}`);
  }
  for (const reason of report.gate.reasons.slice(0, 10)) lines.push(`- ${markdownText(reason)}`);
  lines.push('', `Reopening this issue; the description lists what is missing.${runLink(runUrl)}`);
  return lines.join('\n') + '\n';
}

function auditLine(report: Report, runUrl: string | undefined): string {
  const target = markdownCode(report.target.path + (report.target.ref ? `@${report.target.ref}` : ''));
  const milestone = report.milestone ? `milestone ${markdownCode(report.milestone)}` : 'no milestone';
  return `Audit of ${target}${commitText(report)} · ${milestone} · minimum score ${report.gate.minScore} · ${day(report.generatedAt)}${runLink(runUrl, ' · ')}`;
}

function changeLines(report: Report, change: AuditChange): string[] {
  const lines = [`Last audit: ${day(change.previous.generatedAt)}${change.previous.commit ? ` at ${markdownCode(change.previous.commit.slice(0, 12))}` : ''}.`, ''];
  lines.push(...scoreLine(report, change));
  lines.push(`- Gate: ${change.previous.passed === report.passed ? `still ${report.passed ? 'passing' : 'failing'}` : `${change.previous.passed ? 'passed' : 'failed'} → **${report.passed ? 'passed' : 'failed'}**`}`);
  if (change.previous.commit && report.target.commit) {
    lines.push(`- Commit: ${change.previous.commit === report.target.commit ? 'the same as at the last audit' : `${markdownCode(change.previous.commit.slice(0, 12))} → ${markdownCode(report.target.commit.slice(0, 12))}`}`);
  }
  for (const check of change.regressed) lines.push(`- ▼ ${checkChangeText(check)}`);
  for (const check of change.improved) lines.push(`- ▲ ${checkChangeText(check)}`);
  if (change.newFindings && change.fixed !== null) lines.push(`- Findings: ${change.newFindings.length} new, ${change.fixed} fixed`);
  else lines.push('- Findings: too many to compare one by one; see the checklist');
  return lines;
}

function scoreLine(report: Report, change: AuditChange): string[] {
  const delta = change.scoreDelta;
  const moved = delta === 0 ? `no change (${report.score})` : `${change.previous.score} → ${report.score} (${delta > 0 ? '▲ +' : '▼ '}${delta})`;
  return [`- Score: ${moved}`];
}

function checkChangeText(check: CheckChange): string {
  const score = (value: number | null) => (value === null ? '—' : value.toFixed(1));
  const before = check.before ? `${score(check.before.score)} (${check.before.status})` : 'new';
  return `${markdownCode(check.id)} ${before} → ${score(check.after.score)} (${check.after.status})`;
}

function newFindingLines(change: AuditChange | null, max: number): string[] {
  const found = change?.newFindings ?? [];
  if (found.length === 0) return [];
  const lines = [`### New since the last audit (${found.length})`, ''];
  const order = { error: 0, warning: 1, info: 2 };
  const sorted = [...found].sort((a, b) => order[a.finding.severity] - order[b.finding.severity]);
  for (const { check, finding } of sorted.slice(0, max)) {
    const where = finding.path ? ` ${markdownCode(finding.path + (finding.line ? `:${finding.line}` : ''), 200)}` : '';
    lines.push(`- ${SEVERITY_ICON[finding.severity]} ${markdownCode(check.id)}${where} ${markdownText(finding.message, 400)}`);
    if (finding.remediation) lines.push(`  - Fix: ${markdownText(finding.remediation, 400)}`);
  }
  if (found.length > max) lines.push(`- … ${found.length - max} more in the checklist below and the job summary`);
  lines.push('');
  return lines;
}

/** The date of an ISO timestamp; anything else is escaped like repository text. */
function day(timestamp: string): string {
  return /^\d{4}-\d\d-\d\d/.test(timestamp) ? timestamp.slice(0, 10) : markdownText(timestamp, 40);
}

function commitText(report: Report): string {
  return report.target.commit ? ` at ${markdownCode(report.target.commit.slice(0, 12))}` : '';
}

function runLink(runUrl: string | undefined, separator = ' '): string {
  const url = safeUrl(runUrl);
  return url ? `${separator}[Workflow run](${url})` : '';
}
