// Escaping for every output a report lands in. Everything that came from the scanned repository
// (paths, headings, excerpts, messages quoting them) goes through one of these before output.

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Terminal-safe: removes control characters (no escape sequences reach the terminal) and folds newlines. */
export function plain(text: string, maxLength = 500): string {
  return truncate(text.replace(/[\r\n\t]+/g, ' ').replace(CONTROL, '\uFFFD'), maxLength);
}

/**
 * Inline Markdown that renders as the literal text on GitHub and CommonMark: no markup, links,
 * autolinks, images, HTML or @-mentions survive. Every ASCII punctuation character is neutralised.
 */
export function markdownText(text: string, maxLength = 500): string {
  let out = '';
  for (const ch of plain(text, maxLength)) {
    switch (ch) {
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '&':
        out += '&amp;';
        break;
      case '@':
        out += '&#64;'; // GitHub does not turn an entity into a mention
        break;
      case '|':
        out += '\\|';
        break;
      case ':':
        out += '&#58;'; // breaks `javascript:` and bare-URL autolinks
        break;
      default:
        out += /[!-/:-@[-`{-~]/.test(ch) ? `\\${ch}` : ch;
    }
  }
  return out;
}

/**
 * A path or identifier shown as code in Markdown. Backticks cannot be escaped inside a code span, so they
 * are replaced; angle brackets become look-alikes so no renderer that ignores code spans can see a tag.
 */
export function markdownCode(text: string, maxLength = 300): string {
  const cleaned = plain(text, maxLength).replace(/`/g, "'").replace(/\|/g, '¦').replace(/</g, '‹').replace(/>/g, '›');
  return '`' + (cleaned.trim() === '' ? ' ' : cleaned) + '`';
}

export function html(text: string, maxLength = 2000): string {
  return plain(text, maxLength).replace(/[&<>"'`=]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return text.slice(0, Math.max(0, maxLength - 1)) + '…';
}
