// Failure-mode entries out of Markdown: FMEA and known-issues table rows, one sub-section per failure
// mode, or list items under a "Known issues" / "Limitations" heading, plus Croissant `rai:dataLimitations`.
// Each entry is judged for the four things an on-call engineer needs: the condition that triggers it,
// its effect, how it is detected, and what mitigates it. Pure: text and parsed Markdown in, entries out.
import { LIMITATIONS, speaks } from './vocabulary.js';
import { readFailureTable, ratingProblems, type FailureTable } from './fmea.js';
import { normaliseHeading, type MarkdownDocument, type MarkdownSection } from './markdown.js';
import { countWords, stripTemplateText } from './model-card.js';
import { startsWithTodo } from './placeholders.js';

export interface Facets {
  condition: boolean;
  effect: boolean;
  detection: boolean;
  mitigation: boolean;
}

export const FACET_NAMES = ['condition', 'effect', 'detection', 'mitigation'] as const;

export type EntrySource = 'fmea-row' | 'table-row' | 'section' | 'list-item' | 'prose' | 'croissant';

export interface FailureEntry {
  source: EntrySource;
  line: number;
  title: string;
  text: string;
  words: number;
  facets: Facets;
  /** Names a specific input condition or population (cold start, missing values, < 30 days, schema change). */
  edgeCase: boolean;
  /** A vague catch-all ("the model may make mistakes") rather than a failure mode. */
  generic: boolean;
  /** Rating problems of an FMEA row (RPN ≠ S×O×D, rating outside 1–10). */
  problems: string[];
}

export interface FailureReading {
  entries: FailureEntry[];
  tables: FailureTable[];
  /** Out-of-scope uses named in the region (list items or sentences). */
  outOfScope: Array<{ line: number; text: string }>;
}

export interface LineRange {
  /** First line of the region (a heading line, or 1 for a whole document). */
  fromLine: number;
  /** Last line, inclusive. */
  toLine: number;
  /** Depth of the region's own heading; 0 for a whole document. */
  depth: number;
}

/** Headings under which vendors document failure modes (normalised, see normaliseHeading). */
export const FAILURE_HEADING =
  /^(known )?(failure modes?|failure scenarios|failure mode and effects analysis|fmea|known (issues|limitations|problems|bugs|failure modes)|limitations( and bias(es)?)?|risks?( and limitations| and mitigations| register)?|bias risks and limitations|caveats( and recommendations)?|edge cases|corner cases|what can go wrong|troubleshooting known issues)$/;
export const OUT_OF_SCOPE_HEADING = /^(out of scope( uses?( cases)?)?|misuse( and out of scope use)?|prohibited uses?|not intended for|unsupported uses?|limitations of use)$/;
const EDGE_CASE_HEADING = /^(edge cases?|corner cases?|edge and corner cases)$/;
/**
 * Sections that list the controls in place ("we filter X", "we redact Y"): each item is a mitigation with no
 * failure of its own, so a list of controls is not a list of failure modes.
 */
const CONTROL_HEADING =
  /^((safety|security|existing|current|our|key|technical|operational) )?(controls?|guardrails?|safeguards?|protections?|defen[cs]es|countermeasures|measures|mitigations?)( (in place|we apply|applied|overview))?$/;
/** Sections inside a failure document that are scaffolding, not failure modes. */
const SCAFFOLD_HEADING =
  /^(overview|introduction|summary|scope|purpose|how to (read|use) this( document)?|references|glossary|legend|contents|table of contents|background|about|notes?|changelog|(revision )?history|owners?|contacts?|see also|rating scales?|scales?|scoring|method(ology)?|recommendations|review( cadence)?|sign ?off|approvals?)$/;

// Labels may be emphasised either side of the colon ("**Effect:**", "_Explanation_:").
const LABEL = {
  condition: /(^|[\s*_(])(condition|trigger(ed by)?|cause[sd]?|root cause|when|scenario|failure mode|explanation|reason)\s*(?:[*_]+\s*)?:/i,
  effect: /(^|[\s*_(])(effects?|impact|consequences?|symptoms?|result|what happens|blast radius|issue|problem|error)\s*(?:[*_]+\s*)?:/i,
  detection: /(^|[\s*_(])(detection|detected by|how (to|we) detect|signals?|monitoring|alerts?|alerting|indicators?)\s*(?:[*_]+\s*)?:/i,
  mitigation: /(^|[\s*_(])(mitigations?|mitigated by|workarounds?|fix|response|remediation|actions?|fallback|recovery|prevention|runbook|solution|resolution)\s*(?:[*_]+\s*)?:/i,
} as const;

const KEYWORD = {
  condition: /\b(when|whenever|if|during|after|before|while|once|conditions?|trigger(ed|s)?|caused by|causes?|occurs?|happens?|under|below|above|fewer than|less than|more than|exceeds?|within)\b|\b(customers|accounts|users|inputs?|records|rows|requests|items) (who|with|that|where|whose)\b|[<>≤≥]\s?\d/i,
  effect: /\b(effects?|impact(s|ed)?|consequences?|symptoms?|results? in|leads? to|degrad\w*|drops?|falls?|inflat\w*|underestimat\w*|overestimat\w*|stale|silent(ly)?|wrong|incorrect|miss(es|ed|ing)?|unreliable|biase[sd]|poor(ly)?|lower|higher|loss|outage|timeouts?|slow\w*|unavailable|corrupt\w*|incomplete|duplicat\w*|over-?flag\w*|overflow\w*|(over|under)-?(forecast|predict|estimat|order)\w*|misroute\w*|misclassif\w*|mislabel\w*|false (positives|negatives|alarms)|backlog|errors?|fail(s|ed|ures?)?|crash\w*|exceptions?|hallucinat\w*|prone to|susceptible to|struggl\w*|worse)\b/i,
  detection: /\b(detect\w*|alert\w*|monitor\w*|dashboard|psi|checks?|checked|observ\w*|notic\w*|logged|logs|alarm|paged?|on-?call|assert\w*|validat\w*|row count|watch(ed|es)?)\b/i,
  mitigation: /\b(mitigat\w*|workaround|fallback|fall back|fix(ed|es)?|roll ?back|rollback|retrain\w*|exclude[sd]?|guard\w*|prevent\w*|remed\w*|respon(se|d)|recover\w*|restart\w*|re-?run|avoid\w*|block\w*|capped|clip(ped)?|runbook|by hand|overrid\w*|playbook|hold-?out|suppress\w*|quarantin\w*|retr(y|ies)|revert\w*)\b/i,
} as const;

const EDGE_CASE =
  /\b(edge case|corner case|cold[- ]start|missing values?|null|empty|out[- ]of[- ](range|distribution|vocabulary)|outliers?|unseen|new (customers|users|accounts|categories|products|markets)|rare|extreme|boundary|long[- ]tail|schema change|re-?map\w*|recod\w*|renam\w*|spikes?|peak (load|traffic|season)|sales events?|seasonal\w*|holiday\w*|partial (write|data|load)|duplicates?|late[- ]arriving|time ?zones?|leap|zero|negative|token limits?|context (window|length)|race conditions?|simultaneous(ly)?|non-english|languages other than english|(tested|testing|evaluated|evaluation)( \w+){0,6} (only )?in english|low[- ]resource|accents?|dialects?|demographic\w*|under-?represented|(rich|poor|wealthy|low-income|high-income) (households|countries|regions|communities)|(western|non-western|developing) (countries|regions)|skin (tones?|types?)|age groups?|(large|long) (inputs?|results|documents|files|prompts|responses|conversations|threads))\b|[<>≤≥]\s?\d|\b(less|fewer|more) than \d/i;

const GENERIC =
  /\b(may|might|can|could) (make|produce|contain|have|give|generate|output)\b.{0,40}\b(mistakes|errors|incorrect|inaccura\w*|wrong)\b|\bnot (always )?(be )?(100%|perfect(ly)?|fully) (accurate|reliable|correct)\b|\buse (it )?(with|at your own) (caution|risk)\b|\blike (all|any) (ml |machine learning )?models?\b/i;

const FIELD_ITEM =
  /^\W{0,4}(condition|trigger|cause|root cause|when|scenario|effects?|impact|consequences?|symptoms?|detection|detected by|how (to|we) detect|signals?|monitoring|alerts?|alerting|mitigations?|workarounds?|fix|response|remediation|actions?|fallback|recovery|prevention|severity|likelihood|occurrence|owner|status|runbook)\b[^:\n]{0,25}:/i;

/** The four facets in one entry's text (labelled fields first, keywords as a fallback). */
export function facetsOf(text: string): Facets {
  const facets = { condition: false, effect: false, detection: false, mitigation: false };
  for (const facet of FACET_NAMES) facets[facet] = LABEL[facet].test(text) || KEYWORD[facet].test(text);
  return facets;
}

export function facetCount(facets: Facets): number {
  return FACET_NAMES.filter((facet) => facets[facet]).length;
}

export function missingFacets(facets: Facets): string[] {
  return FACET_NAMES.filter((facet) => !facets[facet]);
}

export function isEdgeCase(text: string): boolean {
  return EDGE_CASE.test(text);
}

/**
 * A heading that holds failure modes: the usual titles, or a short heading in the limitations vocabulary
 * ("Performance and Limitations", "Weaknesses", "Known bugs"); not "Limitations of use" (out of scope).
 */
export function isFailureHeading(key: string): boolean {
  if (FAILURE_HEADING.test(key)) return true;
  return key.split(' ').length <= 6 && !OUT_OF_SCOPE_HEADING.test(key) && speaks(LIMITATIONS, key);
}

/** Change logs and release notes list a library's known issues: they count only when they talk about the model or system. */
export const CHANGE_LOG_FILE = /(^|\/)(changelog|changes|history|news|release[-_ ]?notes)[^/]*\.(md|markdown)$/i;
export const ABOUT_MODEL_OR_SYSTEM = /\b(model|predictions?|inference|classifier|llm|language model|accuracy|recall|precision|hallucinat\w*|drift|training data|retrieval|answers?|the (system|service))\b/i;

/** Sections of a document that hold failure modes (by heading), outermost only. */
export function failureSections(document: MarkdownDocument): MarkdownSection[] {
  const found: MarkdownSection[] = [];
  for (const section of document.sections) {
    if (!isFailureHeading(headingOf(section))) continue;
    if (found.some((outer) => section.heading.line > outer.heading.line && section.heading.line <= outer.endLine)) continue;
    found.push(section);
  }
  return found;
}

/**
 * Troubleshooting sections written as failure entries: at least two items that each name the problem
 * ("Issue:", "Symptom:", "Error:") and at least two that say what to do ("Solution:", "Fix:", "Workaround:").
 * A troubleshooting heading over prose or bare commands (laptop set-up notes) is not read.
 */
export function troubleshootingSections(document: MarkdownDocument, lines: readonly string[]): MarkdownSection[] {
  const found: MarkdownSection[] = [];
  for (const section of document.sections) {
    if (!TROUBLESHOOTING_HEADING.test(headingOf(section))) continue;
    if (found.some((outer) => section.heading.line > outer.heading.line && section.heading.line <= outer.endLine)) continue;
    let problems = 0;
    let answers = 0;
    for (let n = section.heading.line; n < section.endLine && n < lines.length; n++) {
      if (PROBLEM_LABEL.test(lines[n])) problems++;
      if (ANSWER_LABEL.test(lines[n])) answers++;
    }
    if (problems >= 2 && answers >= 2) found.push(section);
  }
  return found;
}

const PROBLEM_LEAD = /^[*_]{0,4}(issue|problem|symptom|error)[*_]{0,3}\s?:[*_:]{0,4}\s*/i;
const TROUBLESHOOTING_HEADING = /^(troubleshooting( guide)?|common (issues|problems|errors)|known (errors|symptoms)|faq troubleshooting)$/;
const PROBLEM_LABEL = /^\s{0,8}(?:[-*+>]|\d{1,3}[.)])?\s{0,4}[*_]{0,4}(issue|problem|symptom|error)[*_]{0,3}\s?:/i;
const ANSWER_LABEL = /^\s{0,8}(?:[-*+>]|\d{1,3}[.)])?\s{0,4}[*_]{0,4}(solution|fix|workaround|resolution|remedy)[*_]{0,3}\s?:/i;

/** Sections naming out-of-scope uses. */
export function outOfScopeSections(document: MarkdownDocument): MarkdownSection[] {
  return document.sections.filter((section) => OUT_OF_SCOPE_HEADING.test(headingOf(section)));
}

export function rangeOf(section: MarkdownSection): LineRange {
  return { fromLine: section.heading.line, toLine: section.endLine, depth: section.heading.depth };
}

export function wholeDocument(source: string): LineRange {
  return { fromLine: 1, toLine: source.split('\n').length, depth: 0 };
}

/**
 * Reads failure entries inside a line range: failure-table rows, one entry per leaf sub-section (or per
 * list item when a sub-section is a list of separate failures), and list items of the region's own body.
 */
export function readFailureRegion(source: string, document: MarkdownDocument, region: LineRange): FailureReading {
  const lines = source.split('\n');
  const entries: FailureEntry[] = [];
  const outOfScope: Array<{ line: number; text: string }> = [];
  const tables: FailureTable[] = [];
  const consumed: Array<[number, number]> = [];

  for (const table of document.tables) {
    if (table.line < region.fromLine || table.line > region.toLine) continue;
    // Every line below is checked against the consumed tables: a bounded number keeps that linear.
    if (tables.length >= MAX_FAILURE_TABLES) break;
    const last = table.rowLines.length ? table.rowLines[table.rowLines.length - 1] : table.line;
    const failureTable = readFailureTable(table);
    if (!failureTable) continue;
    consumed.push([table.line, last]);
    tables.push(failureTable);
    for (const row of failureTable.rows) entries.push(entryFromRow(failureTable, row));
  }

  const inside = document.sections.filter(
    (section) =>
      (region.depth === 0 ? section.heading.line >= region.fromLine : section.heading.line > region.fromLine) &&
      section.heading.line <= region.toLine &&
      section.heading.depth > region.depth,
  );
  // Binary search and next-section lookups, not scans: a file of 16k one-line headings took seconds.
  const headingLines = document.headings.map((heading) => heading.line);
  const firstHeadingAfter = (line: number) => headingLines[firstAbove(headingLines, line)] ?? lines.length + 1;
  const directBodyEnd = (line: number) => Math.min(region.toLine, firstHeadingAfter(line) - 1);

  // Each section inside the region: a leaf is one failure mode (or a list of them); a parent
  // contributes only the list items of its own body (its prose is an introduction).
  inside.sort((a, b) => a.heading.line - b.heading.line);
  for (const [index, section] of inside.entries()) {
    const key = headingOf(section);
    const from = section.heading.line + 1;
    const next = inside[index + 1];
    const isLeaf = !(next && next.heading.line <= section.endLine);
    const to = directBodyEnd(section.heading.line);
    // A section holding a failure table is the table's frame: its rows are the entries.
    const holdsTable = consumed.some(([tableLine]) => tableLine >= from && tableLine <= to);
    if (OUT_OF_SCOPE_HEADING.test(key)) {
      outOfScope.push(...namedUses(lines, from, Math.min(section.endLine, region.toLine), consumed));
      continue;
    }
    if (SCAFFOLD_HEADING.test(key) || CONTROL_HEADING.test(key)) continue;
    const context = { title: section.heading.text, line: section.heading.line, edge: EDGE_CASE_HEADING.test(key), alone: isLeaf && !holdsTable, namesMode: section.heading.depth > 1 && !FAILURE_HEADING.test(key) };
    entries.push(...entriesFromBody(lines, from, to, consumed, context));
  }

  // The region's own body, before its first sub-section (front matter skipped for whole documents).
  const regionHeading = region.depth === 0 ? null : (document.headings.find((heading) => heading.line === region.fromLine) ?? null);
  const bodyFrom = region.depth === 0 ? afterFrontMatter(lines) : region.fromLine + 1;
  const bodyTo = region.depth === 0 ? Math.min(region.toLine, firstHeadingAfter(0) - 1) : directBodyEnd(region.fromLine);
  const regionKey = regionHeading ? normaliseHeading(regionHeading.text) : '';
  if (regionHeading && OUT_OF_SCOPE_HEADING.test(regionKey)) {
    outOfScope.push(...namedUses(lines, bodyFrom, region.toLine, consumed));
  } else if (bodyTo >= bodyFrom) {
    const context = {
      title: regionHeading?.text ?? document.title?.text ?? '',
      line: regionHeading?.line ?? bodyFrom,
      edge: EDGE_CASE_HEADING.test(regionKey),
      alone: entries.length === 0 && !consumed.some(([tableLine]) => tableLine >= bodyFrom && tableLine <= bodyTo),
      namesMode: false,
    };
    entries.push(...entriesFromBody(lines, bodyFrom, bodyTo, consumed, context));
  }
  entries.sort((a, b) => a.line - b.line);
  return { entries, tables, outOfScope };
}

const MAX_FAILURE_TABLES = 200;

/** Index of the first value above `line` in an ascending list (the list's length when none is). */
function firstAbove(sorted: readonly number[], line: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function afterFrontMatter(lines: string[]): number {
  if (lines[0]?.trim() !== '---') return 1;
  for (let i = 1; i < lines.length && i < 2000; i++) if (/^(---|\.\.\.)\s*$/.test(lines[i])) return i + 2;
  return 1;
}

/** Croissant RAI `rai:dataLimitations` (a string or a list of strings) as entries. */
export function croissantLimitations(metadata: Record<string, unknown>): string[] {
  const value = metadata['rai:dataLimitations'] ?? metadata.dataLimitations;
  const values = Array.isArray(value) ? value : [value];
  return values.filter((item): item is string => typeof item === 'string' && item.trim() !== '').slice(0, 200);
}

/**
 * `titleNamesMode`: the title is the failure mode's own name (a leaf heading in a failure document, or
 * a list item's bold lead-in such as "Family plans:"), which states the condition it applies to.
 */
export function entryFromText(source: EntrySource, line: number, title: string, text: string, edge = false, titleNamesMode = false): FailureEntry {
  const all = `${title}\n${text}`;
  const facets = facetsOf(all);
  const lead = /^([^:.\n]{2,60}):\s+\S/.exec(text);
  if ((titleNamesMode && countWords(title) >= 2) || (lead && countWords(lead[1]) >= 2 && !FIELD_ITEM.test(text))) facets.condition = true;
  const words = countWords(all);
  return {
    source,
    line,
    title: title.slice(0, 120),
    text,
    words,
    facets,
    edgeCase: edge || isEdgeCase(all),
    generic: (GENERIC.test(all) && facetCount(facets) <= 1) || (facetCount(facets) === 0 && words < 12),
    problems: [],
  };
}

function entryFromRow(table: FailureTable, row: FailureTable['rows'][number]): FailureEntry {
  const { cells } = row;
  const title = cells.mode ?? cells.cause ?? cells.id ?? '(unnamed row)';
  const rest = [cells.other, cells.owner].filter(Boolean).join(' ');
  const all = Object.values(cells).join(' \n');
  const words = countWords(all);
  const facets: Facets = {
    condition: Boolean((cells.mode && countWords(cells.mode) >= 2) || cells.cause),
    effect: Boolean(cells.effect) || KEYWORD.effect.test(rest),
    detection: Boolean(cells.detection) || KEYWORD.detection.test(rest),
    mitigation: Boolean(cells.mitigation) || KEYWORD.mitigation.test(rest),
  };
  return {
    source: table.kind === 'fmea' ? 'fmea-row' : 'table-row',
    line: row.line,
    title: title.slice(0, 120),
    text: all,
    words,
    facets,
    edgeCase: isEdgeCase(all),
    generic: facetCount(facets) === 0 || (GENERIC.test(all) && facetCount(facets) <= 1),
    problems: ratingProblems(row),
  };
}

interface BodyContext {
  title: string;
  line: number;
  edge: boolean;
  /** Whether prose alone should become an entry (no other entries in the region). */
  alone: boolean;
  /** The title is a failure mode's own heading (a leaf section), not the region's. */
  namesMode: boolean;
}

function entriesFromBody(lines: string[], from: number, to: number, consumed: Array<[number, number]>, context: BodyContext): FailureEntry[] {
  const items = listItems(lines, from, to, consumed).filter((item) => !PLACEHOLDER_ITEM.test(item.text));
  const fieldItems = items.filter((item) => FIELD_ITEM.test(item.text)).length;
  // Two or more list items that are not "Effect: …" style fields: each item is its own failure mode.
  if (items.length >= 2 && fieldItems * 2 < items.length) {
    return items.map((item) => entryFromText('list-item', item.line, firstWords(item.text), item.text, context.edge));
  }
  if (!context.alone) return [];
  const text = stripTemplateText(plainLines(lines, from, to, consumed).join('\n'));
  if (countWords(text) === 0) return [];
  // Prose of several paragraphs, two or more of which say what goes wrong: one failure mode per paragraph
  // (a model card's "Limitations" written as paragraphs: hallucination, uneven languages, repetition).
  const failing = items.length === 0 ? paragraphsOf(lines, from, to, consumed).filter((paragraph) => KEYWORD.effect.test(paragraph.text)) : [];
  if (failing.length >= 2) {
    return failing.map((paragraph) => entryFromText('prose', paragraph.line, firstWords(paragraph.text), paragraph.text, context.edge));
  }
  return [entryFromText(items.length > 0 || context.title !== '' ? 'section' : 'prose', context.line, context.title, text, context.edge, context.namesMode)];
}

/** A list item standing for more to come ("… (extend as needed)", "etc."), not an entry. */
const PLACEHOLDER_ITEM = /^(…|\.{3}|etc\.?)(\s*\(?[\w ]{0,30}\)?\.?)?$/i;

/** Paragraphs (blank-line separated prose, outside fences, comments and consumed tables) with their first line. */
function paragraphsOf(lines: string[], from: number, to: number, consumed: Array<[number, number]>): Array<{ line: number; text: string }> {
  const paragraphs: Array<{ line: number; text: string }> = [];
  let current: { line: number; text: string } | null = null;
  let fence = false;
  let comment = false;
  for (let n = Math.max(1, from); n <= Math.min(to, lines.length); n++) {
    const raw = lines[n - 1];
    if (/^\s{0,3}(```|~~~)/.test(raw)) {
      fence = !fence;
      current = null;
      continue;
    }
    if (fence || consumed.some(([a, b]) => n >= a && n <= b)) continue;
    const { text, open } = withoutComments(raw, comment);
    comment = open;
    if (text.trim() === '' || /^\s{0,3}(#{1,6}\s|\|)/.test(text)) {
      current = null;
      continue;
    }
    if (current) current.text += ` ${plain(text.trim())}`;
    else {
      current = { line: n, text: plain(text.trim()) };
      paragraphs.push(current);
    }
  }
  return paragraphs.map((paragraph) => ({ line: paragraph.line, text: stripTemplateText(paragraph.text).trim() })).filter((paragraph) => countWords(paragraph.text) >= 8);
}

/** Advice against a use in a card's prose ("we recommend against use in high-risk domains"). */
const ADVISED_AGAINST = /\b(?:recommend|caution|advise|warn)s?[ \t]{1,4}(?:\w{1,20}[ \t]{1,4}){0,2}?against[ \t]{1,4}(?:the[ \t]{1,4})?us(?:e|ing)\b|\b(?:should|must) not be used (?:for|in|to)\b|\bis not intended (?:for|to)\b/i;

/** Sentences of a paragraph that advise against a use: each names an out-of-scope use. */
export function usesAdvisedAgainst(paragraph: { line: number; text: string }): Array<{ line: number; text: string }> {
  return paragraph.text
    .split(/(?<=[.;!?])\s+/)
    .filter((sentence) => ADVISED_AGAINST.test(sentence))
    .map((sentence) => ({ line: paragraph.line, text: sentence.trim().slice(0, 300) }));
}

function namedUses(lines: string[], from: number, to: number, consumed: Array<[number, number]>): Array<{ line: number; text: string }> {
  const items = listItems(lines, from, to, consumed).filter((item) => countWords(item.text) >= 2 && !startsWithTodo(item.text));
  if (items.length > 0) return items;
  // Prose: each sentence of three words or more names a use.
  const uses: Array<{ line: number; text: string }> = [];
  let line = from;
  for (const text of plainLines(lines, from, to, consumed)) {
    for (const sentence of stripTemplateText(text).split(/(?<=[.;!?])\s+/)) if (countWords(sentence) >= 3) uses.push({ line, text: sentence.trim() });
    line++;
  }
  return uses;
}

/** Top-level list items between two lines (inclusive), nested items folded into their parent. */
export function listItems(lines: string[], from: number, to: number, consumed: Array<[number, number]> = []): Array<{ line: number; text: string }> {
  const items: Array<{ line: number; text: string }> = [];
  let base: number | null = null;
  let current: { line: number; text: string } | null = null;
  let fence = false;
  let comment = false;
  let blank = false;
  for (let n = Math.max(1, from); n <= Math.min(to, lines.length); n++) {
    const raw = lines[n - 1];
    if (/^\s{0,3}(```|~~~)/.test(raw)) {
      fence = !fence;
      current = null;
      continue;
    }
    if (fence || consumed.some(([a, b]) => n >= a && n <= b)) continue;
    const { text: line, open } = withoutComments(raw, comment);
    comment = open;
    if (line.trim() === '') {
      blank = true;
      continue;
    }
    if (/^\s{0,3}(#{1,6}\s|\|)/.test(line)) {
      current = null;
      continue;
    }
    const item = /^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$/.exec(line);
    if (item) {
      const indent = item[1].length;
      if (base === null || indent <= base || !current) {
        base = base === null ? indent : Math.min(base, indent);
        current = { line: n, text: plain(item[3]) };
        items.push(current);
      } else current.text += ` ${plain(item[3])}`;
    } else if (current && (!blank || /^\s{2,}/.test(line))) {
      current.text += ` ${plain(line.trim())}`;
    } else current = null;
    blank = false;
  }
  for (const item of items) item.text = stripTemplateText(item.text).replace(/\s+/g, ' ').trim();
  return items.filter((item) => item.text !== '');
}

function plainLines(lines: string[], from: number, to: number, consumed: Array<[number, number]>): string[] {
  const out: string[] = [];
  let fence = false;
  let comment = false;
  for (let n = Math.max(1, from); n <= Math.min(to, lines.length); n++) {
    const raw = lines[n - 1];
    if (/^\s{0,3}(```|~~~)/.test(raw)) {
      fence = !fence;
      continue;
    }
    if (fence || consumed.some(([a, b]) => n >= a && n <= b)) continue;
    const { text, open } = withoutComments(raw, comment);
    comment = open;
    if (/^\s{0,3}#{1,6}\s/.test(text)) continue;
    out.push(plain(text));
  }
  return out;
}

function withoutComments(line: string, inComment: boolean): { text: string; open: boolean } {
  let text = '';
  let open = inComment;
  let i = 0;
  while (i < line.length) {
    if (open) {
      const end = line.indexOf('-->', i);
      if (end === -1) return { text, open: true };
      i = end + 3;
      open = false;
    } else {
      const start = line.indexOf('<!--', i);
      if (start === -1) {
        text += line.slice(i);
        break;
      }
      text += line.slice(i, start);
      i = start + 4;
      open = true;
    }
  }
  return { text, open };
}

function plain(text: string): string {
  return text.replace(/\*\*|__|`/g, '').replace(/^\s*[-*+]\s+/, '');
}

function firstWords(text: string): string {
  // A troubleshooting item's name follows its label ("_Issue:_ Unable to load chats.").
  const cut = text.replace(PROBLEM_LEAD, '').split(/(?<=[.:;])\s/)[0];
  return cut.length > 100 ? `${cut.slice(0, 100)}…` : cut;
}

function headingOf(section: MarkdownSection): string {
  return normaliseHeading(section.heading.text.replace(/\[optional\]|\(optional\)/gi, ' '));
}
