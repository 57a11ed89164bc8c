// The terminal report: a summary table with a bar per check, the gate verdict, the top findings with
// path:line and remediation. Colour only when asked (shouldColor: FORCE_COLOR, a terminal, NO_COLOR, TERM); repo text is made terminal-safe.
import type { Finding } from '../check.js';
import { pointsLabel, topFindings } from '../report/rank-findings.js';
import type { CheckResult, Report } from '../report/report.js';
import { plain } from './escape.js';
import { profileLine } from '../profiles/profile-line.js';

export interface TextOptions {
  color: boolean;
  /** How many findings to list in "Top findings" (ranked by src/report/rank-findings.ts); the rest are counted. */
  maxFindings?: number;
  /** Terminal width for wrapping; defaults to 100. */
  width?: number;
}

export function renderText(report: Report, options: TextOptions): string {
  const c = palette(options.color);
  const lines: string[] = [];
  const target =
    plain(report.target.path) + (report.target.ref ? `@${plain(report.target.ref)}` : '') + (report.target.commit ? ` at ${plain(report.target.commit.slice(0, 12))}` : '');
  lines.push(c.bold(`ml-handover ${report.tool.version}`) + c.dim(` · ${target} (${report.target.kind}) · ${report.stats.files} files`));
  const gateBits = [`minimum score ${report.gate.minScore}`];
  if (report.gate.required.length) gateBits.push(`required: ${report.gate.required.join(', ')}`);
  lines.push(c.dim(`Milestone: ${report.milestone ?? 'none'} · gate: ${gateBits.join(' · ')}`));
  lines.push('');
  const verdict = report.passed ? c.green(c.bold('GATE PASSED')) : c.red(c.bold('GATE FAILED'));
  lines.push(`  Score ${c.bold(`${report.score}/100`)} (grade ${report.grade})   ${verdict}`);
  const judgedAs = profileLine(report.profiles, { path: (path) => plain(path, 160), text: (text) => plain(text, 100) });
  if (judgedAs) lines.push(`  ${judgedAs}`);
  for (const reason of report.gate.reasons) lines.push(c.red(`    ✖ ${plain(reason)}`));
  if (report.baseline) {
    const b = report.baseline;
    const delta = b.scoreDelta > 0 ? c.green(`+${b.scoreDelta}`) : b.scoreDelta < 0 ? c.red(String(b.scoreDelta)) : '±0';
    lines.push(`  Since baseline (${plain(b.generatedAt.slice(0, 10))}, score ${b.score}): ${delta} · ${b.new} new, ${b.unchanged} unchanged, ${b.fixed.length} fixed finding(s)`);
  }
  lines.push('');

  const idWidth = Math.max(5, ...report.checks.map((check) => check.id.length));
  lines.push(c.dim(`  ${'Check'.padEnd(idWidth)}  ${'Score'.padEnd(20)}  Status`));
  for (const check of report.checks) lines.push(`  ${check.id.padEnd(idWidth)}  ${scoreBar(check, c)}  ${statusLabel(check, c)}`);

  const { coverage } = report;
  const wholeChecks = (entries: ReadonlyArray<{ criterion?: string }>) => entries.filter((entry) => !entry.criterion).length;
  const criteriaLeft = coverage.notApplicable.length + coverage.unsupported.length - wholeChecks(coverage.notApplicable) - wholeChecks(coverage.unsupported);
  lines.push(
    c.dim(
      `  Score counts ${coverage.judged.length} check(s); ${wholeChecks(coverage.notApplicable)} not applicable, ${wholeChecks(coverage.unsupported)} unsupported by this target` +
        `${criteriaLeft ? `; ${criteriaLeft} ${criteriaLeft === 1 ? 'criterion' : 'criteria'} of judged checks left the weight (listed below)` : ''}.`,
    ),
  );
  const skipped = report.checks.filter((check) => check.status === 'skip');
  if (skipped.length) {
    lines.push('');
    for (const check of skipped) lines.push(c.dim(`  ${check.id} skipped: ${plain(check.summary)}`));
  }
  const partial = coverage.unsupported.filter((entry) => entry.criterion);
  const leftOut = coverage.notApplicable.filter((entry) => entry.criterion);
  if (partial.length || leftOut.length) {
    if (!skipped.length) lines.push('');
    for (const entry of partial) lines.push(c.dim(`  ${entry.id}/${entry.criterion} not judged on this target: ${plain(entry.reason)}`));
    for (const entry of leftOut) lines.push(c.dim(`  ${entry.id}/${entry.criterion} not applicable (weight left out): ${plain(entry.reason)}`));
  }
  const unread = unreadLines(coverage.unread ?? []);
  if (unread.length) {
    lines.push('');
    for (const line of unread) lines.push(c.yellow(line));
  }

  // Personal data and credentials first, then what fixing wins most (against a baseline, what is new first).
  const { shown, more, total } = topFindings(report, options.maxFindings ?? 15);
  if (shown.length) {
    lines.push('');
    lines.push(c.bold(`Top findings (${shown.length} of ${total})`));
    for (const { check, finding, points } of shown) {
      const where = finding.path ? ` ${c.cyan(plain(finding.path, 160) + (finding.line ? `:${finding.line}` : ''))}` : '';
      const tag = finding.baseline === 'new' ? c.bold(' NEW') : '';
      const gain = pointsLabel(points);
      lines.push(`  ${severityMark(finding.severity, c)}${tag} ${c.dim(check.id)}${where}${gain ? c.dim(` (${gain})`) : ''}`);
      lines.push(`      ${plain(finding.message, 400)}`);
      if (finding.remediation) lines.push(c.dim(`      → ${plain(finding.remediation, 400)}`));
    }
    if (more) lines.push(c.dim(`  … ${more} more finding(s): --format markdown or json lists them all`));
  }

  if (report.baseline?.fixed.length) {
    lines.push('');
    lines.push(c.green(`Fixed since baseline (${report.baseline.fixed.length})`));
    for (const fixed of report.baseline.fixed.slice(0, 10)) lines.push(`  ✔ ${c.dim(fixed.check)} ${fixed.path ? plain(fixed.path, 160) + ' ' : ''}${plain(fixed.message, 300)}`);
  }
  if (report.errors.length) {
    lines.push('');
    lines.push(c.yellow(`Problems reading the target (${report.errors.length}); the scan went on:`));
    for (const error of report.errors.slice(0, 10)) lines.push(`  ${error.path ? plain(error.path, 160) + ': ' : ''}${plain(error.message)}`);
    if (report.errors.length > 10) lines.push(c.dim(`  … ${report.errors.length - 10} more in --format json`));
  }
  for (const note of report.policy.notes) lines.push(c.yellow(`Note: ${plain(note)}`));
  lines.push('');
  lines.push(c.dim(`Details: ml-handover explain <check> · full report: --format json|markdown`));
  return lines.join('\n') + '\n';
}

const MAX_UNREAD_LINES = 12;

/**
 * What the checks could not read: one line per check and kind (formats or languages, counts, examples);
 * checks that left the same files unread for the same reason share a line. Documents named like a check's
 * artifacts are the first examples.
 */
function unreadLines(entries: NonNullable<Report['coverage']['unread']>): string[] {
  type Entry = (typeof entries)[number];
  const perCheck = new Map<string, Entry[]>();
  for (const entry of entries) {
    const key = JSON.stringify([entry.check, entry.kind]);
    perCheck.set(key, [...(perCheck.get(key) ?? []), entry]);
  }
  const groups = new Map<string, { checks: string[]; entries: Entry[] }>();
  for (const ofCheck of perCheck.values()) {
    // The same counts are the same files when each entry lists them all; beyond three, the documentation's places make them so.
    const files = ofCheck.map((entry) => [entry.what, entry.files, entry.files <= entry.examples.length ? [...entry.examples].sort() : []]);
    const key = JSON.stringify([ofCheck[0].kind, ofCheck[0].reason, files]);
    const group = groups.get(key) ?? { checks: [], entries: [] };
    groups.set(key, group);
    group.checks.push(ofCheck[0].check);
    group.entries.push(...ofCheck);
  }
  const ordered = [...groups.values()].sort((a, b) => (a.entries[0].kind === b.entries[0].kind ? 0 : a.entries[0].kind === 'document-format' ? -1 : 1));
  const lines = ordered.slice(0, MAX_UNREAD_LINES).map(({ checks, entries: members }) => {
    const first = members[0];
    const counts = members.filter((entry) => entry.check === first.check).map((entry) => `${entry.files} ${plain(entry.what, 60)}`);
    const files = members.filter((entry) => entry.check === first.check).reduce((sum, entry) => sum + entry.files, 0);
    const named = members.flatMap((entry) => entry.examples.slice(0, entry.named ?? 0));
    const examples = [...new Set([...named, ...members.flatMap((entry) => entry.examples)])].slice(0, 3);
    const more = files > examples.length ? ', …' : '';
    const reason = checks.length > 1 ? first.reason.replace(/^the check /, 'each ') : first.reason;
    const noun = first.kind === 'language' ? 'file(s)' : 'document(s)';
    return `  Not read by ${checks.join(', ')}: ${counts.join(', ')} ${noun} (${examples.map((path) => plain(path, 160)).join(', ')}${more}); ${plain(reason)}.`;
  });
  if (ordered.length > MAX_UNREAD_LINES) lines.push(`  … ${ordered.length - MAX_UNREAD_LINES} more not read: --format json lists them (coverage.unread)`);
  return lines;
}

function scoreBar(check: CheckResult, c: Palette): string {
  if (check.score === null) return c.dim('—'.padEnd(12)) + '    -   ';
  const filled = Math.round(check.score);
  const colour = check.status === 'pass' ? c.green : check.status === 'warn' ? c.yellow : c.red;
  return colour('█'.repeat(filled)) + c.dim('░'.repeat(10 - filled)) + `  ${check.score.toFixed(1).padStart(4)}/10`;
}

function statusLabel(check: CheckResult, c: Palette): string {
  const label = { pass: c.green('pass'), warn: c.yellow('warn'), fail: c.red('fail'), skip: c.dim('skip') }[check.status];
  const waivers = (check.waivers ?? []).map((waiver) =>
    waiver.expired ? c.red(` waiver expired ${waiver.expires}`) : c.yellow(` waived${waiver.criterion ? ` (${waiver.criterion})` : ''} until ${waiver.expires}`),
  );
  return label + (check.required ? c.dim(' (required)') : '') + waivers.join('');
}

function severityMark(severity: Finding['severity'], c: Palette): string {
  return severity === 'error' ? c.red('✖ error  ') : severity === 'warning' ? c.yellow('▲ warning') : c.cyan('ℹ info   ');
}

interface Palette {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  cyan: (s: string) => string;
}

function palette(enabled: boolean): Palette {
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

/** The output stream as far as the colour decision goes (a tty.WriteStream answers getColorDepth). */
export interface ColorStream {
  isTTY?: boolean;
  getColorDepth?: (env?: NodeJS.ProcessEnv) => number;
}

/**
 * Colour follows the conventions of Node's own tty.WriteStream.getColorDepth: FORCE_COLOR decides first
 * (0, false or any other value turn it off; empty, 1, 2, 3 or true turn it on, even off a terminal); otherwise
 * only a terminal gets colour, and not when NO_COLOR or NODE_DISABLE_COLORS is set or TERM is dumb.
 */
export function shouldColor(stream: ColorStream, env: NodeJS.ProcessEnv = process.env): boolean {
  const forced = forcedColor(env);
  if (forced !== undefined) return forced;
  if (!stream.isTTY) return false;
  // A real terminal stream answers for NO_COLOR, TERM=dumb and what the terminal type supports.
  if (typeof stream.getColorDepth === 'function') return stream.getColorDepth(env) > 1;
  return env.NO_COLOR === undefined && env.NODE_DISABLE_COLORS === undefined && env.TERM !== 'dumb';
}

/** What FORCE_COLOR asks for, read as Node reads it; undefined when it is not set. */
export function forcedColor(env: NodeJS.ProcessEnv): boolean | undefined {
  if (env.FORCE_COLOR === undefined) return undefined;
  return ['', '1', '2', '3', 'true'].includes(env.FORCE_COLOR);
}
