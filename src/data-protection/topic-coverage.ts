// Does a set of Markdown documents cover the aspects of a topic (retention, residency, guardrails, …)? A
// document either is about the topic as a whole (DATA_HANDLING.md) or has sections about it (a README's
// "## Privacy"). An aspect counts when a section headed for it has real content, or when a statement under a
// topic heading (a paragraph, list item, table row with its header, code block) says it. Placeholders ("TBD",
// "[More Information Needed]") and fragments never count. Pure: parsed documents in, where each aspect is said out.
import type { MarkdownDocument } from '../formats/markdown.js';

export interface Statement {
  path: string;
  line: number;
  text: string;
  /** Headings of the sections containing the statement, outermost first. */
  headings: string[];
}

/** Which headings are in scope: a pattern, or any test on the heading's text. */
export interface HeadingScope {
  test(heading: string): boolean;
}

export interface TopicDocument {
  path: string;
  document: MarkdownDocument;
  /** `whole`: the document is about the topic; otherwise only statements under headings the scope accepts count. */
  scope: HeadingScope | 'whole';
}

export interface Aspect {
  id: string;
  /** A section whose heading matches and that holds at least MIN_SECTION_WORDS words covers the aspect. */
  heading?: RegExp;
  /** What such a section's content must also say (default: anything). */
  sectionSays?(content: string): boolean;
  /** A statement that passes covers the aspect. */
  says(text: string): boolean;
  /** Shortest statement that counts (default 5 words). */
  minWords?: number;
}

export interface Coverage {
  path: string;
  line: number;
  via: 'section' | 'statement';
}

const MIN_SECTION_WORDS = 8;
const MAX_STATEMENT_CHARS = 4000;
export const PLACEHOLDER = /\b(?:TBD|TBC|TODO|FIXME|to be (?:defined|determined|completed|written|added|confirmed)|coming soon|lorem ipsum)\b|\[more information needed\]|^\s*(?:n\/?a|none|-)\s*$/i;

const statementCache = new WeakMap<MarkdownDocument, Statement[]>();

/** Paragraphs (list items included), table rows as `header: cell` pairs, and code blocks, each with its headings. */
export function statementsOf(path: string, document: MarkdownDocument): Statement[] {
  const cached = statementCache.get(document);
  if (cached && (cached.length === 0 || cached[0].path === path)) return cached;
  const statements: Statement[] = [];
  const headingsAt = (line: number) =>
    document.sections
      .filter((section) => section.heading.line <= line && line <= section.endLine)
      .sort((a, b) => a.heading.line - b.heading.line)
      .map((section) => section.heading.text);
  const push = (line: number, text: string) => statements.push({ path, line, text: text.slice(0, MAX_STATEMENT_CHARS), headings: headingsAt(line) });
  for (const paragraph of document.paragraphs) push(paragraph.line, paragraph.text);
  for (const table of document.tables) {
    table.rows.forEach((row, i) => {
      const cells = row.map((cell, c) => (table.header[c] ? `${table.header[c]}: ${cell}` : cell));
      push(table.rowLines[i] ?? table.line, cells.join('; '));
    });
  }
  for (const code of document.code) if (code.kind === 'block') push(code.line, code.value);
  statements.sort((a, b) => a.line - b.line);
  statementCache.set(document, statements);
  return statements;
}

/** For each aspect, the first place the documents cover it, or null. */
export function coverAspects(documents: readonly TopicDocument[], aspects: readonly Aspect[]): Map<string, Coverage | null> {
  const covered = new Map<string, Coverage | null>(aspects.map((aspect) => [aspect.id, null]));
  for (const { path, document, scope } of documents) {
    const inScope = (headings: readonly string[]) => scope === 'whole' || headings.some((heading) => scope.test(heading));
    for (const aspect of aspects) {
      if (covered.get(aspect.id)) continue;
      if (aspect.heading) {
        for (const section of document.sections) {
          if (!aspect.heading.test(section.heading.text)) continue;
          const enclosing = document.sections.filter((outer) => outer.heading.line <= section.heading.line && section.heading.line <= outer.endLine).map((outer) => outer.heading.text);
          if (!inScope(enclosing)) continue;
          const content = section.content.trim();
          if (wordCount(content) >= MIN_SECTION_WORDS && !PLACEHOLDER.test(content) && (aspect.sectionSays?.(content) ?? true)) {
            covered.set(aspect.id, { path, line: section.heading.line, via: 'section' });
            break;
          }
        }
        if (covered.get(aspect.id)) continue;
      }
      for (const statement of statementsOf(path, document)) {
        if (!inScope(statement.headings)) continue;
        if (wordCount(statement.text) < (aspect.minWords ?? 5) || PLACEHOLDER.test(statement.text)) continue;
        if (aspect.says(statement.text)) {
          covered.set(aspect.id, { path, line: statement.line, via: 'statement' });
          break;
        }
      }
    }
  }
  return covered;
}

/** True when any statement in scope passes `test` (for checks that need "is X mentioned anywhere in scope"). */
export function anyStatement(documents: readonly TopicDocument[], test: (text: string) => boolean): Statement | null {
  for (const { path, document, scope } of documents) {
    for (const statement of statementsOf(path, document)) {
      if (scope !== 'whole' && !statement.headings.some((heading) => scope.test(heading))) continue;
      if (!PLACEHOLDER.test(statement.text) && test(statement.text)) return statement;
    }
  }
  return null;
}

export function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}
