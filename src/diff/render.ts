// `ml-handover diff` output: plain text for people (repo text made terminal-safe), JSON for pipelines.
import { plain } from '../reporters/escape.js';
import type { AuditDiff } from './audit-diff.js';
import type { CheckChange, FindingRef, ReportDiff } from './compare.js';

const MAX_FINDINGS = 20;

export function renderReportDiffText(diff: ReportDiff, indent = ''): string {
  const lines: string[] = [];
  const delta = diff.scoreDelta === 0 ? '±0' : diff.scoreDelta > 0 ? `+${diff.scoreDelta}` : String(diff.scoreDelta);
  const gate = diff.passedBefore === diff.passedAfter ? `gate ${verdict(diff.passedAfter)}` : `gate ${verdict(diff.passedBefore)} → ${verdict(diff.passedAfter)}`;
  lines.push(`${indent}Score ${diff.scoreBefore} → ${diff.scoreAfter} (${delta}) · ${gate}${diff.regressed ? ' · REGRESSED' : ''}`);
  if (diff.checks.length) {
    lines.push(`${indent}Checks that moved:`);
    for (const change of diff.checks) lines.push(`${indent}  ${arrow(change)} ${describeChange(change)}`);
  } else lines.push(`${indent}No check moved.`);
  section(lines, indent, 'New findings', diff.newFindings);
  section(lines, indent, 'Resolved findings', diff.resolvedFindings);
  return lines.join('\n') + '\n';
}

export function renderAuditDiffText(diff: AuditDiff): string {
  const lines: string[] = [`Audit ${diff.before} → ${diff.after}${diff.regressed ? ' · REGRESSED' : ''}`, ''];
  for (const entry of diff.engagements) {
    const name = plain(entry.name, 80);
    switch (entry.status) {
      case 'compared':
        lines.push(`${name}`);
        lines.push(renderReportDiffText(entry.diff!, '  ').trimEnd());
        break;
      case 'added':
        lines.push(`${name}: new engagement${entry.error ? ` (could not be scanned: ${plain(entry.error, 200)})` : ''}`);
        break;
      case 'removed':
        lines.push(`${name}: no longer audited`);
        break;
      case 'now-unscannable':
        lines.push(`${name}: could be scanned before, cannot now: ${plain(entry.error ?? 'unknown error', 200)}`);
        break;
      case 'now-scannable':
        lines.push(`${name}: scanned again after failing last time`);
        break;
      case 'unscannable':
        lines.push(`${name}: could not be scanned in either audit${entry.error ? `: ${plain(entry.error, 200)}` : ''}`);
        break;
    }
    lines.push('');
  }
  return lines.join('\n');
}

function section(lines: string[], indent: string, title: string, findings: FindingRef[]): void {
  if (!findings.length) return;
  lines.push(`${indent}${title} (${findings.length}):`);
  for (const finding of findings.slice(0, MAX_FINDINGS)) {
    const where = finding.path ? ` ${plain(finding.path, 160)}${finding.line ? `:${finding.line}` : ''}` : '';
    lines.push(`${indent}  ${finding.severity.padEnd(7)} ${finding.check}/${finding.id}${where} — ${plain(finding.message, 300)}`);
  }
  if (findings.length > MAX_FINDINGS) lines.push(`${indent}  … ${findings.length - MAX_FINDINGS} more in --format json`);
}

function describeChange(change: CheckChange): string {
  const state = (s: CheckChange['before']) => (s ? `${s.score ?? '—'} ${s.status}` : 'absent');
  return `${change.id}: ${state(change.before)} → ${state(change.after)}${change.required ? ' (required)' : ''}`;
}

function arrow(change: CheckChange): string {
  return change.worse ? '▼' : change.better ? '▲' : '•';
}

function verdict(passed: boolean): string {
  return passed ? 'passed' : 'failed';
}
