// The audit summary for a terminal or a log: one row per engagement, riskiest first, with score, gate,
// change since the previous audit and the checks that got worse.
import type { CheckChange } from '../diff/compare.js';
import { plain } from '../reporters/escape.js';
import type { AuditEntry, AuditRecord } from './record.js';

export interface AuditTextOptions {
  /** Path of the written record, shown at the end. */
  recordFile?: string;
  /** Regressions listed per engagement before "and N more". */
  maxRegressions?: number;
}

export function renderAuditText(record: AuditRecord, options: AuditTextOptions = {}): string {
  const lines: string[] = [];
  const s = record.summary;
  lines.push(`ml-handover audit · ${formatDate(record.generatedAt)} · ${plain(record.source, 200)}`);
  lines.push(
    `${s.engagements} engagement(s): ${s.passed} passed, ${s.failed} failed the gate, ${s.errors} could not be scanned` +
      (record.previous ? ` · ${s.regressed} regressed since ${formatDate(record.previous.generatedAt)}` : ' · first audit, nothing to compare with'),
  );
  lines.push('');
  const rows = record.engagements.map((entry) => [plain(entry.name, 40), plain(entry.owner ?? '—', 30), score(entry), change(entry), gate(entry)]);
  const header = ['Engagement', 'Owner', 'Score', 'Change', 'Gate'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (row: string[]) => '  ' + row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  lines.push(format(header));
  record.engagements.forEach((entry, index) => {
    lines.push(format(rows[index]));
    if (entry.status === 'error') lines.push(`      ✖ could not scan: ${plain(entry.error ?? 'unknown error', 300)}`);
    const regressions = entry.change?.regressions ?? [];
    const max = options.maxRegressions ?? 5;
    for (const regression of regressions.slice(0, max)) lines.push(`      ▼ ${describeRegression(regression)}`);
    if (regressions.length > max) lines.push(`      … ${regressions.length - max} more regression(s) in the record`);
  });
  lines.push('');
  const api = apiLine(record);
  if (api) lines.push(api);
  if (options.recordFile) lines.push(`Record: ${plain(options.recordFile, 300)}`);
  lines.push('Details: ml-handover diff <previous record> <this record> · --format html for the trend chart');
  return lines.join('\n') + '\n';
}

export function describeRegression(change: CheckChange): string {
  const before = change.before ? `${change.before.score ?? '—'} ${change.before.status}` : 'absent';
  const after = change.after ? `${change.after.score ?? '—'} ${change.after.status}` : 'absent';
  return `${change.id}: ${before} → ${after}${change.required ? ' (required)' : ''}`;
}

/** What the audit cost in GitHub requests and what it left, so the next run can be planned. */
function apiLine(record: AuditRecord): string | null {
  const s = record.summary;
  if (!s.apiRequests) return null;
  const left = s.apiRateLimitRemaining !== undefined ? ` · lowest headroom ${s.apiRateLimitRemaining} left` : '';
  const reset = s.apiRateLimitReset ? ` (resets ${formatDate(new Date(s.apiRateLimitReset * 1000).toISOString())})` : '';
  const paused = s.apiPauses ? ` · paused ${s.apiPauses}× for ${Math.round((s.apiPausedMs ?? 0) / 1000)} s for the rate limit` : '';
  return `GitHub API: ${s.apiRequests} request(s)${left}${left ? reset : ''}${paused}`;
}

function score(entry: AuditEntry): string {
  return entry.report ? `${entry.report.score}/100` : '—';
}

function change(entry: AuditEntry): string {
  if (!entry.change) return 'new';
  const delta = entry.change.scoreDelta;
  if (delta === null) {
    if (!entry.report) return entry.change.previousScore === null ? 'still unscanned' : 'unscanned now';
    return 'was unscanned';
  }
  if (delta === 0) return '±0';
  return delta > 0 ? `▲ +${delta}` : `▼ ${delta}`;
}

function gate(entry: AuditEntry): string {
  const milestone = entry.milestone ? ` (${entry.milestone})` : '';
  if (!entry.report) return `error${milestone}`;
  const verdict = entry.report.passed ? 'passed' : 'FAILED';
  const flipped = entry.change?.previousPassed === true && !entry.report.passed ? ', was passing' : '';
  return `${verdict}${milestone}${flipped}`;
}

function formatDate(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, ' UTC');
}
