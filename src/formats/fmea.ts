// Failure tables in Markdown: FMEA worksheets (AIAG columns: failure mode, effect, severity S, cause,
// occurrence O, current controls, detection D, RPN = S×O×D, recommended action; AIAG-VDA 2019 replaces
// RPN with Action Priority H/M/L) and the looser "known issues" tables vendors write (issue | impact |
// workaround). Pure: a parsed table in, typed columns and rows out.
import type { MarkdownTable } from './markdown.js';
import { startsWithTodo } from './placeholders.js';

export type FailureColumn =
  | 'id'
  | 'mode'
  | 'effect'
  | 'cause'
  | 'severity'
  | 'occurrence'
  | 'detection-rating'
  | 'detection'
  | 'mitigation'
  | 'rpn'
  | 'action-priority'
  | 'owner'
  | 'other';

export interface FailureTableRow {
  line: number;
  /** Cell text per recognised column (the first column of a kind wins; later ones are appended). */
  cells: Partial<Record<FailureColumn, string>>;
  severity: number | null;
  occurrence: number | null;
  detectionRating: number | null;
  rpn: number | null;
  actionPriority: 'H' | 'M' | 'L' | null;
}

export interface FailureTable {
  /** `fmea` when the header has a failure mode and S/O/D/RPN/AP ratings; `issues` for the looser kind. */
  kind: 'fmea' | 'issues';
  line: number;
  columns: FailureColumn[];
  rows: FailureTableRow[];
}

const ALERT_KEY = /^(alert|alarm|alert rule|alerting rule|rule|monitor|metric|slo|sli|signal|page)s?( name| id)?$/;
const ID_HEADER = /^(#|id|no|nr|ref)?$/;
const RATING_HEADER = /^(s|sev|severity|o|occ|occurrence|likelihood|probability|d|det|detection|detectability|rpn|risk priority number|action priority|ap)$/;

/** Classifies one header cell; `cells` (that column's body) decides whether "Detection" is a rating or a control. */
export function classifyFailureColumn(header: string, cells: readonly string[] = []): FailureColumn {
  const h = header
    .toLowerCase()
    .replace(/[^\p{L}\p{N}×]+/gu, ' ')
    .trim();
  if (/\brpn\b|risk priority|^s\s*(?:[×x*]\s*)?o\s*(?:[×x*]\s*)?d$/.test(h)) return 'rpn';
  if (/action priority|^ap$/.test(h)) return 'action-priority';
  if (/^(s|sev|severity)\b/.test(h)) return 'severity';
  if (/^(o|occ|occurrence|likelihood|probability)\b/.test(h)) return 'occurrence';
  if (/^(d|det)$/.test(h)) return 'detection-rating';
  if (/effect|impact|consequence|symptom/.test(h)) return 'effect';
  if (/cause|condition|trigger|^when\b|root/.test(h)) return 'cause';
  if (/prevent/.test(h)) return 'mitigation';
  if (/detect|monitor|alert|signal|how (it is |we )?(found|noticed)/.test(h)) return mostlyRatings(cells) ? 'detection-rating' : 'detection';
  if (/mitigat|action|recommend|fallback|remed|response|workaround|\bfix|control|resolution|recovery/.test(h)) return 'mitigation';
  if (/owner|responsib|assignee|target date/.test(h)) return 'owner';
  if (/^(#|id|no|nr|ref|fm id|fm)$/.test(h) || h === '') return 'id';
  // "What it means" (an alert's meaning) names no failure; "What can go wrong" does.
  if (/failure|mode|issue|problem|limitation|risk|hazard|scenario|^what (can |could )?(goes |go |went )?wrong|^item|function|process step|edge case|^(input|population|situation|segment)s?\b/.test(h)) return 'mode';
  return 'other';
}

/** Recognises a failure table; null when the header does not describe one. */
export function readFailureTable(table: MarkdownTable): FailureTable | null {
  if (table.header.length < 2 || table.rows.length === 0) return null;
  // Rows keyed by an alert, alarm or metric (alert → threshold → action) are a monitoring table: each row is a
  // signal and its response, not a failure of the system.
  if (ALERT_KEY.test(normalise(table.header.find((header) => !ID_HEADER.test(normalise(header))) ?? ''))) return null;
  const columns = table.header.map((header, index) => classifyFailureColumn(header, table.rows.map((row) => row[index] ?? '')));
  // A row needs a subject: the failure mode itself, or the condition that triggers it.
  const hasSubject = columns.includes('mode') || columns.includes('cause') || table.header.some((header) => /failure\s*mode/i.test(header));
  if (!hasSubject) return null;
  const hasRatings = columns.some((column) => ['severity', 'occurrence', 'detection-rating', 'rpn', 'action-priority'].includes(column));
  const fmeaHeader = table.header.some((header) => /failure\s*mode/i.test(header)) && table.header.some((header) => RATING_HEADER.test(normalise(header)) || /severity|occurrence|detection|rpn|action priority/i.test(header));
  const hasFacets = columns.some((column) => ['effect', 'cause', 'detection', 'mitigation'].includes(column));
  if (!fmeaHeader && !hasFacets) return null;
  const kind = fmeaHeader || hasRatings ? 'fmea' : 'issues';
  const rows = table.rows.map((row, index) => readRow(columns, row, table.rowLines[index] ?? table.line));
  // A row with nothing but its id (a template row) is no entry.
  return { kind, line: table.line, columns, rows: rows.filter((row) => Object.entries(row.cells).some(([column, cell]) => column !== 'id' && cell && cell.trim() !== '')) };
}

function readRow(columns: FailureColumn[], row: string[], line: number): FailureTableRow {
  const cells: Partial<Record<FailureColumn, string>> = {};
  columns.forEach((column, index) => {
    const value = (row[index] ?? '').trim();
    if (value === '' || /^[-–—]$/.test(value) || startsWithTodo(value)) return; // a TODO cell is still empty
    cells[column] = cells[column] ? `${cells[column]}; ${value}` : value;
  });
  const ap = /^(h|m|l|high|medium|low)\b/i.exec(cells['action-priority'] ?? '');
  return {
    line,
    cells,
    severity: rating(cells.severity),
    occurrence: rating(cells.occurrence),
    detectionRating: rating(cells['detection-rating']),
    rpn: integer(cells.rpn),
    actionPriority: ap ? (ap[1][0].toUpperCase() as 'H' | 'M' | 'L') : null,
  };
}

/** Problems a reviewer would raise about one FMEA row's numbers. */
export function ratingProblems(row: FailureTableRow): string[] {
  const problems: string[] = [];
  for (const [name, value] of [
    ['severity', row.severity],
    ['occurrence', row.occurrence],
    ['detection', row.detectionRating],
  ] as const) {
    if (value !== null && (value < 1 || value > 10)) problems.push(`${name} ${value} is outside the 1–10 scale`);
  }
  if (row.severity !== null && row.occurrence !== null && row.detectionRating !== null && row.rpn !== null) {
    const expected = row.severity * row.occurrence * row.detectionRating;
    if (expected !== row.rpn) problems.push(`RPN ${row.rpn} is not S×O×D = ${row.severity}×${row.occurrence}×${row.detectionRating} = ${expected}`);
  }
  return problems;
}

function mostlyRatings(cells: readonly string[]): boolean {
  const filled = cells.map((cell) => cell.trim()).filter(Boolean);
  if (filled.length === 0) return false;
  return filled.filter((cell) => /^\d{1,2}$/.test(cell)).length / filled.length >= 0.6;
}

function rating(cell: string | undefined): number | null {
  return integer(cell);
}

function integer(cell: string | undefined): number | null {
  const match = /^\s*(\d{1,4})\b/.exec(cell ?? '');
  return match ? Number(match[1]) : null;
}

function normalise(header: string): string {
  return header
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
