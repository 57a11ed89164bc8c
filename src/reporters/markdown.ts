// The Markdown report (files, PR bodies) and the Action's job summary: the verdict first, a summary table,
// collapsible details per check. Every repo-derived string is escaped for the context it lands in (text,
// table cell, code span, the raw HTML of a <summary>); nothing from the repository adds markup or mentions.
import type { Finding } from '../check.js';
import { pointsLabel, topFindings as rankedTop } from '../report/rank-findings.js';
import type { CheckResult, Report } from '../report/report.js';
import { markdownCode, markdownHtml, markdownText } from './escape.js';
import { profileLine } from '../profiles/profile-line.js';

const STATUS_ICON: Record<CheckResult['status'], string> = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail', skip: '⏭️ skip' };
const SEVERITY_ICON: Record<Finding['severity'], string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };
/** A criterion that left the weight shows why instead of a 0 %. */
const EXCLUDED_LABEL = { 'not-applicable': 'not applicable', unsupported: 'not judged on this target' } as const;
/** Length of a check's summary in the job summary's table. */
const SUMMARY_CELL = 120;

export interface MarkdownOptions {
  /** Heading level of the title (2 for embedding under an existing title). */
  headingLevel?: number;
  /** Max evidence rows per check in details. */
  maxEvidence?: number;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const h = '#'.repeat(options.headingLevel ?? 1);
  const out: string[] = [`${h} ml-handover report: ${verdict(report)}`, '', ...header(report)];
  out.push(...topFindings(report, 15));
  out.push(...checkTable(report, 200));
  out.push(coverageLine(report), '');
  out.push(`${h}# Details`, '');
  const layout: DetailsLayout = { maxEvidence: options.maxEvidence ?? 50, openFailing: true, evidenceNotes: true, fullMarksRows: true, summaryShownUpTo: 0 };
  for (const check of report.checks) out.push(...checkDetails(check, layout));
  out.push(...trailingSections(report, `${h}#`));
  out.push(footer(report));
  return out.join('\n') + '\n';
}

export interface JobSummaryOptions {
  /** Findings listed up front, by impact (src/report/rank-findings.ts; default 10); the rest are counted. */
  topFindings?: number;
  /** Evidence paths per check inside the folded details (default 8; the report file has all, with notes). */
  maxEvidence?: number;
}

/**
 * The Action's job summary: verdict, gate, the top findings and one row per check on screen; the details of
 * every check folded below, with evidence capped (the report file and the SARIF results have everything).
 */
export function renderJobSummary(report: Report, options: JobSummaryOptions = {}): string {
  const out: string[] = [`## ml-handover: ${verdict(report)}`, '', ...header(report)];
  out.push(...topFindings(report, options.topFindings ?? 10));
  out.push(...checkTable(report, SUMMARY_CELL));
  out.push('<details><summary>Details of every check: criteria, findings and evidence</summary>', '');
  out.push(coverageLine(report), '');
  const layout: DetailsLayout = { maxEvidence: options.maxEvidence ?? 8, openFailing: false, evidenceNotes: false, fullMarksRows: false, summaryShownUpTo: SUMMARY_CELL };
  for (const check of report.checks) out.push(...checkDetails(check, layout));
  out.push(...trailingSections(report, '###'));
  out.push('</details>', '');
  out.push(footer(report));
  return out.join('\n') + '\n';
}

function verdict(report: Report): string {
  return report.passed ? '✅ gate passed' : '❌ gate failed';
}

function header(report: Report): string[] {
  const out: string[] = [];
  const target = markdownCode(report.target.path + (report.target.ref ? `@${report.target.ref}` : ''));
  out.push(`**Score ${report.score}/100 (grade ${report.grade})** · milestone: ${report.milestone ? markdownCode(report.milestone) : 'none'} · target: ${target}${report.target.commit ? ` at ${markdownCode(report.target.commit.slice(0, 12))}` : ''}`);
  out.push('');
  const judgedAs = markdownProfileLine(report);
  if (judgedAs) out.push(judgedAs, '');
  out.push(`Gate: minimum score ${report.gate.minScore}${requiredText(report)}.`);
  for (const reason of report.gate.reasons) out.push(`- ❌ ${markdownText(reason)}`);
  if (report.baseline) {
    const b = report.baseline;
    out.push('');
    out.push(`Since the baseline of ${markdownText(b.generatedAt.slice(0, 10))} (score ${b.score}): **${b.scoreDelta >= 0 ? '+' : ''}${b.scoreDelta}**, ${b.new} new, ${b.unchanged} unchanged and ${b.fixed.length} fixed finding(s).`);
  }
  out.push('');
  return out;
}

/** The profile line, repository paths as code spans. */
function markdownProfileLine(report: Report): string | null {
  return profileLine(report.profiles, { path: (path) => markdownCode(path, 160), text: (text) => markdownText(text, 100) });
}

function requiredText(report: Report): string {
  const { required } = report.gate;
  if (required.length === 0) return '';
  if (required.length > 1 && required.length === report.checks.length) return `; every check (${required.length}) is required`;
  return `; required: ${required.map((id) => markdownCode(id)).join(', ')}`;
}

/** The findings that matter most: personal data and credentials first, then by the points fixing them wins. */
function topFindings(report: Report, max: number): string[] {
  const { shown, more, total } = rankedTop(report, max);
  if (total === 0) return ['No findings.', ''];
  const out = [`**Top findings** (${shown.length} of ${total}, by impact${more ? `; ${more} more in the details below` : ''})`, ''];
  for (const { check, finding, points } of shown) {
    const gain = pointsLabel(points);
    out.push(`- ${SEVERITY_ICON[finding.severity]}${baselineTag(finding)} **${markdownText(check.title, 120)}**${where(finding)}: ${markdownText(finding.message, 400)}${gain ? ` (${gain})` : ''}`);
    if (finding.remediation) out.push(`  - Fix: ${markdownText(finding.remediation, 400)}`);
  }
  out.push('');
  return out;
}

function checkTable(report: Report, summaryLength: number): string[] {
  const out = ['| Check | Score | Status | Required | Summary |', '| --- | ---: | --- | :---: | --- |'];
  for (const check of report.checks) {
    const waived = (check.waivers ?? []).some((waiver) => !waiver.expired) ? ' ⏳ waived' : (check.waivers ?? []).length ? ' ❌ waiver expired' : '';
    out.push(
      `| ${markdownText(check.title, 500, 'table')} (${markdownCode(check.id, 300, 'table')}) | ${scoreOf(check)} | ${STATUS_ICON[check.status]}${waived} | ${check.required ? 'yes' : ''} | ${markdownText(check.summary, summaryLength, 'table')} |`,
    );
  }
  out.push('');
  return out;
}

function coverageLine(report: Report): string {
  const { coverage } = report;
  return (
    `Coverage: ${coverage.judged.length} check(s) judged (weights ${coverage.judged.map((id) => `${markdownCode(id)} ${coverage.weights[id]}`).join(', ') || 'none'})` +
    `${coverage.notApplicable.length ? `; not applicable: ${coverage.notApplicable.map((entry) => markdownCode(entry.criterion ? `${entry.id}/${entry.criterion}` : entry.id)).join(', ')}` : ''}` +
    `${coverage.unsupported.length ? `; not supported by this target: ${coverage.unsupported.map((entry) => `${markdownCode(entry.criterion ? `${entry.id}/${entry.criterion}` : entry.id)} (${markdownText(entry.reason, 120)})`).join(', ')}` : ''}` +
    `${coverage.unread?.length ? `; not read: ${unreadByCheck(coverage.unread)}` : ''}.`
  );
}

/** `runbooks` 2 PDF, 1 DOCX; `reproducibility` 40 Go: counts only, the paths are in the JSON report. */
function unreadByCheck(entries: NonNullable<Report['coverage']['unread']>): string {
  const byCheck = new Map<string, string[]>();
  for (const entry of entries) byCheck.set(entry.check, [...(byCheck.get(entry.check) ?? []), `${entry.files} ${markdownText(entry.what, 60)}`]);
  return [...byCheck].map(([check, counts]) => `${markdownCode(check)} ${counts.join(', ')}`).join('; ');
}

function trailingSections(report: Report, h: string): string[] {
  const out: string[] = [];
  if (report.baseline?.fixed.length) {
    out.push(`${h} Fixed since the baseline`, '');
    for (const fixed of report.baseline.fixed.slice(0, 100)) out.push(`- ✅ ${markdownCode(fixed.check)}${fixed.path ? ` ${markdownCode(fixed.path)}` : ''} ${markdownText(fixed.message, 300)}`);
    if (report.baseline.fixed.length > 100) out.push(`- … ${report.baseline.fixed.length - 100} more`);
    out.push('');
  }
  if (report.errors.length) {
    out.push(`${h} Problems reading the target`, '');
    for (const error of report.errors.slice(0, 50)) out.push(`- ${error.path ? markdownCode(error.path) + ': ' : ''}${markdownText(error.message)}`);
    if (report.errors.length > 50) out.push(`- … ${report.errors.length - 50} more`);
    out.push('');
  }
  if (report.policy.notes.length) {
    out.push(`${h} Policy notes`, '');
    for (const note of report.policy.notes) out.push(`- ${markdownText(note)}`);
    out.push('');
  }
  return out;
}

function footer(report: Report): string {
  return `<sub>ml-handover ${markdownText(report.tool.version)} · report schema ${markdownText(report.schemaVersion)} · ${markdownText(report.generatedAt)} · policy ${markdownCode(report.policy.digest.slice(0, 19))}</sub>`;
}

interface DetailsLayout {
  maxEvidence: number;
  /** Failing checks start unfolded. */
  openFailing: boolean;
  /** One line per evidence item with what it is and its note; otherwise one line of paths. */
  evidenceNotes: boolean;
  /** Criteria at 100% get a row too; otherwise they are counted in one line. */
  fullMarksRows: boolean;
  /** A summary up to this length is already shown whole in the table above, so it is not repeated. */
  summaryShownUpTo: number;
}

function checkDetails(check: CheckResult, layout: DetailsLayout): string[] {
  const out: string[] = [];
  // The <summary> line is raw HTML: Markdown is not parsed there, so its text is HTML-escaped.
  out.push(`<details${layout.openFailing && check.status === 'fail' ? ' open' : ''}><summary>${STATUS_ICON[check.status]} <b>${markdownHtml(check.title)}</b> — ${check.score === null ? 'skipped' : `${check.score.toFixed(1)}/10`}</summary>`);
  out.push('');
  if (check.summary.length > layout.summaryShownUpTo) out.push(markdownText(check.summary, 1000), '');
  for (const waiver of check.waivers ?? []) {
    out.push(
      `> ${waiver.expired ? '❌ **Waiver expired**' : '⏳ **Waived**'}${waiver.criterion ? ` (${markdownCode(waiver.criterion)})` : ''} until ${markdownText(waiver.expires)}: ${markdownText(waiver.reason, 300)} (approved by ${markdownText(waiver.approvedBy, 100)})`,
    );
    out.push('');
  }
  if (check.status !== 'skip') out.push(...criteriaTable(check, layout.fullMarksRows));
  if (check.findings.length) {
    out.push('**Findings**');
    out.push('');
    const fixesGiven = new Set<string>();
    for (const finding of check.findings) {
      out.push(`- ${SEVERITY_ICON[finding.severity]}${baselineTag(finding)}${where(finding)} ${markdownText(finding.message, 600)}`);
      // The same fix under every finding of a kind (each unpinned requirement) is said once.
      if (finding.remediation && !fixesGiven.has(finding.remediation)) out.push(`  - Fix: ${markdownText(finding.remediation, 600)}`);
      if (finding.remediation) fixesGiven.add(finding.remediation);
    }
    out.push('');
  }
  out.push(...(layout.evidenceNotes ? evidenceList(check, layout.maxEvidence) : evidenceLine(check, layout.maxEvidence)));
  out.push('</details>');
  out.push('');
  return out;
}

function criteriaTable(check: CheckResult, fullMarksRows: boolean): string[] {
  const full = (value: number) => Math.round(value * 100) >= 100;
  const rows = fullMarksRows ? check.criteria : check.criteria.filter((criterion) => !full(criterion.value));
  const hidden = check.criteria.length - rows.length;
  const out: string[] = [];
  if (rows.length) {
    out.push('| Criterion | Weight | Value |', '| --- | ---: | ---: |');
    for (const criterion of rows) out.push(`| ${markdownText(criterion.title, 500, 'table')} | ${criterion.weight} | ${criterion.excluded ? EXCLUDED_LABEL[criterion.excluded] : `${Math.round(criterion.value * 100)}%`} |`);
    out.push('');
  }
  const are = hidden === 1 ? 'criterion is' : 'criteria are';
  if (hidden) out.push(rows.length ? `The other ${hidden} ${are} at full marks.` : `${hidden === 1 ? 'The' : 'All'} ${hidden} ${are} at full marks.`, '');
  return out;
}

function evidenceList(check: CheckResult, max: number): string[] {
  const out = [`**Evidence** (${check.evidence.length === 0 ? 'none found' : check.evidence.length})`, ''];
  for (const item of check.evidence.slice(0, max)) {
    // Repository-level evidence (path `.` or empty) is a note about the whole target, not a file.
    const at = isRepositoryLevel(item.path) ? '' : `${markdownCode(item.path + (item.line ? `:${item.line}` : ''))} `;
    out.push(`- ${at}${markdownText(item.kind)}${item.note ? `: ${markdownText(item.note, 300)}` : ''}`);
  }
  if (check.evidence.length > max) out.push(`- … ${check.evidence.length - max} more in the JSON report`);
  out.push('');
  return out;
}

/** The files a check found, on one line (the job summary's compact form). */
function evidenceLine(check: CheckResult, max: number): string[] {
  const files = check.evidence.filter((item) => !isRepositoryLevel(item.path));
  if (files.length === 0) return [`**Evidence**: ${check.evidence.length ? 'notes about the whole target only (in the report file)' : 'none found'}`, ''];
  const shown = files.slice(0, max).map((item) => markdownCode(item.path + (item.line ? `:${item.line}` : '')));
  return [`**Evidence** (${files.length} file(s)): ${shown.join(', ')}${files.length > max ? ` and ${files.length - max} more` : ''}`, ''];
}

function where(finding: Finding): string {
  return finding.path ? ` ${markdownCode(finding.path + (finding.line ? `:${finding.line}` : ''))}` : '';
}

function baselineTag(finding: Finding): string {
  return finding.baseline === 'new' ? ' **new**' : finding.baseline === 'unchanged' ? ' (unchanged)' : '';
}

function scoreOf(check: CheckResult): string {
  return check.score === null ? '—' : `${check.score.toFixed(1)}/10`;
}

/** Evidence about the target as a whole carries `.` or an empty path. */
export function isRepositoryLevel(path: string): boolean {
  return path === '' || path === '.' || path === './';
}
