// Escaping for every output a report lands in. Everything that came from the scanned repository
// (paths, headings, excerpts, messages quoting them) goes through one of these before output.

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Terminal-safe: removes control characters (no escape sequences reach the terminal) and folds newlines. */
export function plain(text: string, maxLength = 500): string {
  return truncate(text.replace(/[\r\n\t]+/g, ' ').replace(CONTROL, '\uFFFD'), maxLength);
}

/** Where a piece of Markdown lands: ordinary text, or a GFM table cell (where `|` ends the cell, even in code). */
export type MarkdownContext = 'text' | 'table';

/**
 * An invisible, zero-width character that forbids a line break (U+2060 WORD JOINER). GitHub finds mentions,
 * issue references and autolinks in the rendered text, after backslash escapes and entities are decoded, so
 * neither can stop them; a joiner between `@` and the name (or `#` and the number, a scheme and its colon)
 * does, renders as nothing, and leaves the text readable when copied or edited.
 */
export const WORD_JOINER = '\u2060';

/**
 * Breaks what GitHub would turn into a link or a notification: `@user`, `@org/team`, `name@example.com`,
 * `#12` and `owner/repo#12` (cross-references), `https://…`, `javascript:…`, `www.…` (autolinks).
 */
export function defuseReferences(text: string): string {
  return text
    .replace(/@(?=[\p{L}\p{N}_])/gu, `@${WORD_JOINER}`)
    .replace(/(?<=[\p{L}\p{N}._%+-])@/gu, `${WORD_JOINER}@`) // an e-mail address: some linkers accept any letter after @
    .replace(/#(?=\d)/g, `#${WORD_JOINER}`)
    .replace(/(?<=[A-Za-z]):(?=[^\s\d])/g, `${WORD_JOINER}:`)
    .replace(/\b(www)\./gi, `$1${WORD_JOINER}.`);
}

/**
 * Repository text in ordinary Markdown (a paragraph, a list item, a heading, a table cell): renders as the
 * literal text on GitHub and CommonMark, with no markup, HTML, link, image, mention or autolink. Only what
 * could start markup is escaped, so the source stays readable; `code` in backticks stays a code span (inert).
 */
export function markdownText(text: string, maxLength = 500, context: MarkdownContext = 'text'): string {
  const parts = plain(text, maxLength).replace(/^\s+/, '').split(/(`[^`]+`)/);
  return parts.map((part, index) => (index % 2 === 1 ? markdownCode(part.slice(1, -1), Infinity, context) : escapeInline(part, index === 0))).join('');
}

/** Backslash escapes (CommonMark: any ASCII punctuation) for the characters that can open inline markup here. */
function escapeInline(raw: string, atLineStart: boolean): string {
  const text = defuseReferences(raw);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const next = text[i + 1] ?? '';
    switch (ch) {
      case '\\':
        // A backslash only escapes punctuation (or breaks a line at the end); elsewhere it is literal.
        out += next === '' || ASCII_PUNCTUATION.test(next) ? '\\\\' : '\\';
        break;
      case '`': // an unpaired backtick would open a code span with the next one
      case '*':
      case '~': // GFM strikethrough
      case '[': // links, images, footnotes, task boxes: nothing opens without it
      case '|': // GFM table cells
      case '$': // GitHub math
        out += `\\${ch}`;
        break;
      case '(':
        // Harmless once `[` is escaped, but no `](` is left for a lax renderer (or a reader) to take for a link.
        out += text[i - 1] === ']' ? '\\(' : '(';
        break;
      case '_':
        // Between two letters or digits `_` can neither open nor close emphasis (snake_case stays as is).
        out += WORD_CHAR.test(text[i - 1] ?? '') && WORD_CHAR.test(next) ? '_' : '\\_';
        break;
      case '<':
        // Only `<` before a letter, `/`, `!` or `?` can open a tag or an <autolink>: "recall < 0.70" stays as is.
        out += /^[A-Za-z/!?]$/.test(next) ? '&lt;' : '<';
        break;
      case '&':
        out += /^&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(text.slice(i, i + 40)) ? '\\&' : '&';
        break;
      default:
        out += ch;
    }
  }
  return atLineStart ? escapeBlockStart(out) : out;
}

/** Text that starts a line could open a block: heading, quote, list item, thematic break or setext underline. */
function escapeBlockStart(line: string): string {
  if (/^(?:#{1,6}|[-+])(?:\s|$)|^>|^[-=\s]+$/.test(line)) return `\\${line}`;
  return line.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

const ASCII_PUNCTUATION = /^[!-/:-@[-`{-~]$/;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/**
 * Repository text inside raw HTML in Markdown (`<summary>…</summary>`): GitHub and CommonMark do not parse
 * Markdown there, so a backslash would show; HTML escaping is what applies.
 */
export function markdownHtml(text: string, maxLength = 500): string {
  // `](` is inert here too; it is broken anyway so nothing downstream takes it for a Markdown link.
  return defuseReferences(plain(text, maxLength))
    .replace(/[&<>"]/g, (ch) => HTML_ENTITY[ch])
    .replace(/\]\(/g, ']&#40;');
}

const HTML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * A path or identifier as a code span. Nothing is escaped inside (a code span is literal and inert: no markup,
 * link or mention); the fence is one backtick longer than any run in the text. In a table cell `|` still ends
 * the cell, so it is written `\|` there, which GFM turns back into `|` inside the code.
 */
export function markdownCode(text: string, maxLength = 300, context: MarkdownContext = 'text'): string {
  let content = plain(text, maxLength);
  if (context === 'table') content = content.replace(/\|/g, '\\|');
  if (content === '') content = ' ';
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // CommonMark strips one space on each side when both are there, and a backtick next to the fence would merge.
  const pad = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

export function html(text: string, maxLength = 2000): string {
  return plain(text, maxLength).replace(/[&<>"'`=]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return text.slice(0, Math.max(0, maxLength - 1)) + '…';
}
