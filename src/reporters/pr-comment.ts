// The sticky pull-request comment: verdict, score and its change since the previous comment, and the
// failing checks with what to do about them. The first line is a hidden marker that identifies the
// comment (so it is updated in place) and carries its score (so the next run can show the change).
// Everything that came from the scanned repository goes through escape.ts: no markup, links or mentions.
import type { Finding } from '../check.js';
import { pointsLabel, rankFindings, type RankedFinding } from '../report/rank-findings.js';
import type { CheckResult, Report } from '../report/report.js';
import { markdownCode, markdownHtml, markdownText } from './escape.js';
import { profileLine } from '../profiles/profile-line.js';

const MARKER_PREFIX = '<!-- ml-handover:pr-comment';
/** GitHub rejects comment bodies over 65,536 characters; stay well below. */
const MAX_BODY = 60_000;
const SEVERITY_ICON: Record<Finding['severity'], string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

export interface PrCommentOptions {
  /** Score stored in the previous comment's marker; null or undefined on the first comment. */
  previousScore?: number | null;
  /** Distinguishes several gated targets in one pull request (see markerKey). */
  key?: string;
  /** Link to the workflow run, where the full report is in the job summary. */
  detailsUrl?: string;
  maxFindingsPerCheck?: number;
  /** Findings listed up front, by impact (src/report/rank-findings.ts; default 10); the rest are counted. */
  topFindings?: number;
}

/** The part of the marker that identifies a comment, without the score (which changes every run). */
export function commentMarker(key = 'default'): string {
  return `${MARKER_PREFIX} key=${markerKey(key)} `;
}

/** A marker key is limited to a safe alphabet so it can never close the HTML comment or add markup. */
export function markerKey(key: string): string {
  const cleaned = key.replace(/[^A-Za-z0-9._/#@-]/g, '_').slice(0, 100);
  return cleaned || 'default';
}

/** Reads the score stored in a previous comment's marker line; null when absent or malformed. */
export function previousScoreFrom(body: string | null | undefined): number | null {
  if (!body) return null;
  const firstLine = body.slice(0, 300).split('\n', 1)[0];
  if (!firstLine.startsWith(MARKER_PREFIX)) return null;
  const match = /\sscore=(\d{1,3}(?:\.\d{1,2})?)\s/.exec(firstLine);
  if (!match) return null;
  const score = Number(match[1]);
  return score >= 0 && score <= 100 ? score : null;
}

export function renderPrComment(report: Report, options: PrCommentOptions = {}): string {
  const out: string[] = [];
  out.push(`${commentMarker(options.key)}score=${report.score} -->`);
  out.push(`### ml-handover: ${report.passed ? '✅ gate passed' : '❌ gate failed'}`);
  out.push('');
  const milestone = report.milestone ? `milestone ${markdownCode(report.milestone)}` : 'no milestone';
  out.push(`**Score ${report.score}/100 (grade ${markdownText(report.grade)})** · ${scoreChange(report.score, options.previousScore)} · ${milestone} · minimum score ${report.gate.minScore}`);
  out.push('');
  const judgedAs = profileLine(report.profiles, { path: (path) => markdownCode(path, 160), text: (text) => markdownText(text, 100) });
  if (judgedAs) out.push(judgedAs, '');
  if (report.baseline) {
    const b = report.baseline;
    out.push(`Since the baseline of ${markdownText(b.generatedAt.slice(0, 10))} (score ${b.score}): ${b.new} new, ${b.unchanged} unchanged and ${b.fixed.length} fixed finding(s).`);
    out.push('');
  }
  if (report.gate.reasons.length) {
    out.push('**Why the gate failed**');
    out.push('');
    for (const reason of report.gate.reasons) out.push(`- ${markdownText(reason)}`);
    out.push('');
  }

  const ranked = rankFindings(report);
  out.push(...topFindingLines(ranked, options.topFindings ?? 10));

  const failing = report.checks.filter((check) => check.status === 'fail' || (check.required && check.status === 'warn'));
  const footer = footerLines(report, options.detailsUrl);
  if (failing.length === 0) {
    out.push('No failing checks.');
    out.push('');
    return finish(out, footer);
  }

  out.push(`**Failing checks (${failing.length})**`);
  out.push('');
  out.push('| Check | Score | Required |');
  out.push('| --- | ---: | :---: |');
  for (const check of failing) out.push(`| ${markdownText(check.title, 120, 'table')} (${markdownCode(check.id, 300, 'table')}) | ${scoreOf(check)} | ${check.required ? 'yes' : ''} |`);
  out.push('');

  let length = out.join('\n').length + footer.join('\n').length;
  let omitted = 0;
  for (const check of failing) {
    const block = checkBlock(check, ranked, options.maxFindingsPerCheck ?? 5);
    const size = block.join('\n').length + 1;
    if (length + size > MAX_BODY) {
      omitted++;
      continue;
    }
    out.push(...block);
    length += size;
  }
  if (omitted) {
    out.push(`… details of ${omitted} more failing check(s) are in the job summary.`);
    out.push('');
  }
  return finish(out, footer);
}

/** Personal data and credentials first, then what fixing wins most; how many more there are is said. */
function topFindingLines(ranked: readonly RankedFinding[], max: number): string[] {
  if (ranked.length === 0) return [];
  const shown = ranked.slice(0, max);
  const more = ranked.length - shown.length;
  const out = [`**Top findings** (${shown.length} of ${ranked.length}, by impact${more ? `; ${more} more in the job summary` : ''})`, ''];
  for (const { check, finding, points } of shown) {
    const where = finding.path ? ` ${markdownCode(finding.path + (finding.line ? `:${finding.line}` : ''), 200)}` : '';
    const state = finding.baseline === 'new' ? ' **new**' : '';
    const gain = pointsLabel(points);
    out.push(`- ${SEVERITY_ICON[finding.severity]}${state} ${markdownCode(check.id)}${where} ${markdownText(finding.message, 400)}${gain ? ` (${gain})` : ''}`);
    if (finding.remediation) out.push(`  - Fix: ${markdownText(finding.remediation, 600)}`);
  }
  out.push('');
  return out;
}

function checkBlock(check: CheckResult, ranked: readonly RankedFinding[], maxFindings: number): string[] {
  const block: string[] = [];
  // Raw HTML: no Markdown is parsed inside <summary>, so the title is HTML-escaped.
  block.push(`<details><summary>❌ <b>${markdownHtml(check.title, 120)}</b> — ${scoreOf(check)}</summary>`);
  block.push('');
  block.push(markdownText(check.summary, 500));
  block.push('');
  const findings = ranked.filter((entry) => entry.check === check).map((entry) => entry.finding);
  for (const finding of findings.slice(0, maxFindings)) {
    const where = finding.path ? ` ${markdownCode(finding.path + (finding.line ? `:${finding.line}` : ''), 200)}` : '';
    const state = finding.baseline === 'new' ? ' **new**' : '';
    block.push(`- ${SEVERITY_ICON[finding.severity]}${state}${where} ${markdownText(finding.message, 400)}`);
    if (finding.remediation) block.push(`  - Fix: ${markdownText(finding.remediation, 600)}`);
  }
  if (findings.length > maxFindings) block.push(`- … ${findings.length - maxFindings} more finding(s) in the job summary`);
  if (findings.length === 0) block.push('- No single finding; see the criteria in the job summary.');
  block.push('');
  block.push('</details>');
  block.push('');
  return block;
}

function scoreChange(score: number, previous: number | null | undefined): string {
  if (previous === null || previous === undefined) return 'first report on this pull request';
  const delta = Math.round((score - previous) * 10) / 10;
  if (delta === 0) return `no change since the last report (${previous})`;
  return `${delta > 0 ? '▲ +' : '▼ '}${delta} since the last report (${previous} → ${score})`;
}

function scoreOf(check: CheckResult): string {
  return check.score === null ? '—' : `${check.score.toFixed(1)}/10`;
}

function footerLines(report: Report, detailsUrl: string | undefined): string[] {
  const lines: string[] = [];
  const url = safeUrl(detailsUrl);
  if (url) lines.push(`Full report: [job summary of this run](${url}).`);
  lines.push('');
  lines.push(`<sub>ml-handover ${markdownText(report.tool.version)} · policy ${markdownCode(report.policy.digest.slice(0, 19))}</sub>`);
  return lines;
}

function finish(out: string[], footer: string[]): string {
  return [...out, ...footer].join('\n') + '\n';
}

/** Only http(s) URLs, with the characters that could end a Markdown link destination encoded. */
export function safeUrl(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return url.href.replace(/[()<> \\]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}
