// Architecture decision records in their real variants: Nygard / adr-tools (`## Status` sections,
// `Date:` line, "Superceded by"), MADR 2 (`* Status:` bullets), MADR 3/4 (YAML front matter),
// log4brains (`- Date:` bullets, YYYYMMDD file names) and Y-statements. Pure: text in, record out.
import { normaliseHeading, parseMarkdown, type MarkdownDocument, type MarkdownSection } from './markdown.js';
import { startsWithTodo } from './placeholders.js';

export type AdrFlavour = 'nygard' | 'madr' | 'log4brains' | 'y-statement' | 'unknown';

export const KNOWN_STATUSES = ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded', 'draft', 'amended'] as const;
export type AdrStatus = (typeof KNOWN_STATUSES)[number];

export interface AdrField {
  text: string;
  line: number;
}

export interface AdrLink {
  relation: 'superseded-by' | 'supersedes' | 'amends' | 'amended-by' | 'related';
  target: string;
  line: number;
}

export interface DecisionRecord {
  flavour: AdrFlavour;
  /** Number from the file name (`0003-…` -> 3), when there is one. */
  fileNumber: number | null;
  /** Number from the title (`# 3. Use Postgres` -> 3), when there is one. */
  titleNumber: number | null;
  title: AdrField | null;
  /** Raw status text as written. */
  statusText: AdrField | null;
  /** Status normalised to the known vocabulary, or null when absent or not recognised. */
  status: AdrStatus | null;
  date: { iso: string; line: number } | null;
  context: AdrField | null;
  decision: AdrField | null;
  consequences: AdrField | null;
  /** Number of considered options listed (MADR), 0 when the record lists none. */
  consideredOptions: number;
  links: AdrLink[];
  /** Lines where template text was left in place. */
  placeholders: number[];
  frontMatterError: { message: string; line?: number } | null;
}

/** Text left over from adr-tools' and MADR's templates: a section holding only this is empty. */
const TEMPLATE_SENTENCES = [
  /the change that we're proposing or have agreed to implement/i,
  /what is the issue that we're seeing that is motivating this decision/i,
  /what becomes easier or more difficult to do/i,
  /^\s*\{[^}]*\}\s*$/,
  /^\s*\[(describe|more information|e\.g\.|insert|todo|tbd)[^\]]*\]\s*$/i,
  /^\s*(tbd|todo|n\/a|\.\.\.|…|-)\s*(?:\.\s*)?$/i,
];

export function isPlaceholder(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '') return true;
  return startsWithTodo(trimmed) || TEMPLATE_SENTENCES.some((pattern) => pattern.test(trimmed));
}

export function parseDecisionRecord(path: string, source: string): DecisionRecord {
  return decisionRecordFrom(path, parseMarkdown(source));
}

/** Reads a decision record from an already parsed document (shared parse cache). */
export function decisionRecordFrom(path: string, document: MarkdownDocument): DecisionRecord {
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  const fileNumberMatch = /^(\d{1,5})[-_ ]/.exec(fileName);
  const fileNumber = fileNumberMatch && !/^\d{8}-/.test(fileName) ? Number(fileNumberMatch[1]) : null;
  const front = document.frontMatter?.ok ? document.frontMatter.value : {};
  const frontMatterError = document.frontMatter && !document.frontMatter.ok ? document.frontMatter.error : null;
  const bullets = metadataBullets(document);
  const placeholders: number[] = [];

  const titleHeading = document.title;
  const titleText = stringValue(front.title) ?? titleHeading?.text ?? null;
  const titleNumberMatch = titleHeading ? /^(\d+)\.\s+/.exec(titleHeading.text) : null;
  const title = titleText ? { text: titleText.replace(/^\d+\.\s+/, ''), line: titleHeading?.line ?? 1 } : null;

  const statusSection = section(document, /^status$/);
  const statusDeclared: AdrField | null =
    (stringValue(front.status) && { text: stringValue(front.status)!, line: 1 }) ||
    bullets.get('status') ||
    (statusSection && statusSection.body ? { text: statusSection.body, line: statusSection.heading.line } : null);
  const changeLog = changeLogEntries(document);
  // "TODO: proposed or accepted" names statuses but decides none. Without a declared status, the newest
  // change-log entry that names one says where the record stands (EdgeX: "[ADR in review](…) 2024-05-13").
  const statusText =
    statusDeclared && isPlaceholder(statusDeclared.text)
      ? (placeholders.push(statusDeclared.line), null)
      : (statusDeclared ?? [...changeLog].reverse().find((entry) => normaliseStatus(entry.text) !== null) ?? null);
  const status = statusText ? normaliseStatus(statusText.text) : null;

  const dateText = stringValue(front.date) ?? (front.date instanceof Date ? front.date.toISOString() : null);
  const date =
    (dateText && isoDate(dateText) && { iso: isoDate(dateText)!, line: 1 }) ||
    dateFromLines(document) ||
    (changeLog[0] ? { iso: changeLog[0].iso, line: changeLog[0].line } : null) ||
    dateFromFileName(fileName);

  const context = field(document, /^(context|context and problem statement|problem statement|problem|background)$/, placeholders);
  const decision = field(document, /^(decision|decision outcome|outcome|the decision)$/, placeholders);
  const consequences =
    field(document, /^(consequences|positive consequences|negative consequences|implications)$/, placeholders) ??
    consequencesInsideOutcome(document);

  const optionsSection = section(document, /^considered options$/);
  const consideredOptions = optionsSection ? optionsSection.body.split('\n').filter((line) => /^-\s+\S/.test(line)).length : 0;

  const yStatement = /in the context of\b[\s\S]{0,400}\bfacing\b[\s\S]{0,400}\bwe decided for\b[\s\S]{0,600}\baccepting\b/i.exec(document.text);
  const flavour: AdrFlavour = yStatement && !decision
    ? 'y-statement'
    : Object.keys(front).length > 0 || section(document, /^decision outcome$/)
      ? 'madr'
      : bullets.has('tags') || /^\d{8}-/.test(fileName)
        ? 'log4brains'
        : statusSection || /\bdate\s*:/i.test(document.text)
          ? 'nygard'
          : 'unknown';

  const record: DecisionRecord = {
    flavour,
    fileNumber,
    titleNumber: titleNumberMatch ? Number(titleNumberMatch[1]) : null,
    title,
    statusText,
    status,
    date: date || null,
    context,
    decision,
    consequences,
    consideredOptions,
    links: supersedeLinks(document, statusText),
    placeholders,
    frontMatterError,
  };
  if (flavour === 'y-statement' && yStatement) {
    // A Y-statement carries context, decision and consequences in one sentence.
    const line = document.paragraphs.find((p) => /in the context of/i.test(p.text))?.line ?? 1;
    record.context ??= { text: yStatement[0], line };
    record.decision ??= { text: yStatement[0], line };
    record.consequences ??= { text: yStatement[0], line };
  }
  return record;
}

/** `superseded by ADR-0007`, `Superceded by [7. X](0007-x.md)`, `Accepted` -> vocabulary word. */
export function normaliseStatus(text: string): AdrStatus | null {
  const lower = text.toLowerCase();
  if (/\bsuper[sc]eded\b/.test(lower)) return 'superseded';
  for (const status of KNOWN_STATUSES) if (new RegExp(`\\b${status}\\b`).test(lower)) return status;
  if (/\bapproved\b|\bdecided\b/.test(lower)) return 'accepted';
  if (/\bproposal\b|\bin review\b|\bopen\b/.test(lower)) return 'proposed';
  if (/\bobsolete\b|\bretired\b/.test(lower)) return 'deprecated';
  return null;
}

function section(document: MarkdownDocument, pattern: RegExp): MarkdownSection | undefined {
  return document.sections.find((candidate) => candidate.heading.depth > 1 && pattern.test(normaliseHeading(candidate.heading.text)));
}

function field(document: MarkdownDocument, pattern: RegExp, placeholders: number[]): AdrField | null {
  const found = section(document, pattern);
  if (!found) return null;
  const text = found.content;
  if (isPlaceholder(text) || text.split('\n').every((line) => isPlaceholder(line))) {
    placeholders.push(found.heading.line);
    return { text: '', line: found.heading.line };
  }
  return { text, line: found.heading.line };
}

// MADR 2 puts consequences as bold labels or bullets inside "Decision Outcome".
function consequencesInsideOutcome(document: MarkdownDocument): AdrField | null {
  const outcome = section(document, /^decision outcome$/);
  if (!outcome) return null;
  const match = /(positive|negative|good|bad)[^\n]{0,30}consequences?[\s\S]*/i.exec(outcome.content);
  return match ? { text: match[0], line: outcome.heading.line } : null;
}

/** `* Status: accepted`, `- Date: 2024-01-02`, `Deciders: …` lines before the first section (MADR 2, log4brains). */
function metadataBullets(document: MarkdownDocument): Map<string, AdrField> {
  const found = new Map<string, AdrField>();
  for (const paragraph of document.paragraphs) {
    for (const segment of paragraph.text.split(/(?=\b(?:Status|Date|Deciders|Decision-makers|Tags|Technical Story)\s*:)/)) {
      const match = /^(Status|Date|Deciders|Decision-makers|Tags|Technical Story)\s*:\s*(.+)$/i.exec(segment.trim());
      if (match && !found.has(match[1].toLowerCase())) found.set(match[1].toLowerCase(), { text: match[2].trim(), line: paragraph.line });
    }
  }
  return found;
}

function dateFromLines(document: MarkdownDocument): { iso: string; line: number } | null {
  for (const paragraph of document.paragraphs) {
    const match = /\bDate\s*:\s*(\d{4}-\d{2}-\d{2}|\d{4}\/\d{2}\/\d{2})/i.exec(paragraph.text);
    if (match) return { iso: match[1].replace(/\//g, '-'), line: paragraph.line };
  }
  return null;
}

/** Headings of the change-log section some templates keep instead of a Date line (EdgeX, team templates). */
const CHANGE_LOG_HEADING = /^(change ?log|changes|history|revision history|status history|document history|version history|decision log)$/;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/;

/**
 * Dated entries of the record's change log, oldest first: table rows and list items or lines with an ISO date
 * (`| 2024-05-13 | Proposed |`, `- [ADR in review](…) 2024-05-13`). Template lines (`YYYY-MM-DD`) have none.
 */
export function changeLogEntries(document: MarkdownDocument): Array<{ iso: string; line: number; text: string }> {
  const log = section(document, CHANGE_LOG_HEADING);
  if (!log) return [];
  const within = (line: number) => line > log.heading.line && line <= log.endLine;
  const entries: Array<{ iso: string; line: number; text: string }> = [];
  for (const table of document.tables.filter((candidate) => within(candidate.line))) {
    table.rows.forEach((row, i) => {
      const text = row.join(' | ');
      const iso = isoDateIn(text);
      if (iso) entries.push({ iso, line: table.rowLines[i] ?? table.line, text });
    });
  }
  for (const paragraph of document.paragraphs.filter((candidate) => within(candidate.line))) {
    for (const line of paragraph.text.split('\n')) {
      const iso = isoDateIn(line);
      if (iso && !entries.some((entry) => entry.line === paragraph.line && entry.text === line)) entries.push({ iso, line: paragraph.line, text: line });
    }
  }
  return entries.sort((a, b) => (a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : a.line - b.line));
}

function isoDateIn(text: string): string | null {
  const match = ISO_DATE.exec(text);
  return match ? isoDate(match[0]) : null;
}

function dateFromFileName(fileName: string): { iso: string; line: number } | null {
  const match = /^(\d{4})(\d{2})(\d{2})-/.exec(fileName);
  if (!match) return null;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  return isoDate(iso) ? { iso, line: 1 } : null;
}

function isoDate(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim());
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : `${match[1]}-${match[2]}-${match[3]}`;
}

function supersedeLinks(document: MarkdownDocument, statusText: AdrField | null): AdrLink[] {
  const links: AdrLink[] = [];
  for (const link of document.links) {
    const paragraph = document.paragraphs.find((p) => p.line === link.line)?.text ?? '';
    const relation = /super[sc]eded by/i.test(paragraph)
      ? 'superseded-by'
      : /super[sc]edes/i.test(paragraph)
        ? 'supersedes'
        : /amended by/i.test(paragraph)
          ? 'amended-by'
          : /amends/i.test(paragraph)
            ? 'amends'
            : null;
    if (relation && !/^[a-z][a-z0-9+.-]*:/i.test(link.url)) links.push({ relation, target: link.url, line: link.line });
  }
  // "superseded by ADR-0007" in front matter or prose, without a Markdown link.
  if (statusText && !links.some((link) => link.relation === 'superseded-by')) {
    const match = /super[sc]eded by\s+(?:adr[-\s]?)?(\d{1,5})/i.exec(statusText.text);
    if (match) links.push({ relation: 'superseded-by', target: `#${Number(match[1])}`, line: statusText.line });
  }
  return links;
}

function stringValue(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}
