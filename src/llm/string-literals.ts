// String literals of a source file, for the languages prompts are written in: Python, JavaScript/TypeScript,
// Ruby, C#, Go, Java, Kotlin, Scala, Swift, Rust and PHP. One forward pass per file, comments skipped, each
// language described by the quoting it has (triple-quoted strings and text blocks, template literals, Go raw
// strings, C# verbatim and raw strings, Ruby and PHP heredocs, Rust raw strings). Not a parser: enough to find
// long string constants and what they are assigned to. Unterminated literals end at the end of the file (or line).

export interface Literal {
  start: number;
  end: number;
  value: string;
  /** Multi-line by its syntax (triple quotes, template literal, heredoc, raw string): a docstring candidate in Python. */
  triple: boolean;
}

export interface Syntax {
  language: string;
  /** `#` starts a comment (Python, Ruby, PHP). */
  hashComments: boolean;
  /** `//` and `/* … *\/` comments. */
  slashComments: boolean;
  /** `'…'` is a string; otherwise it is a character literal (C#, Java, Go, Kotlin, Rust, Swift, Scala). */
  singleQuoted: boolean;
  /** `"…"` may run over lines (Ruby, PHP, Rust). */
  multilineQuotes: boolean;
  /** Backquotes: a JS template literal (escapes), a Go raw string (none), or nothing. */
  backquote: 'template' | 'raw' | null;
  /** `"""…"""`: Python, Java/Kotlin/Scala/Swift text blocks, C# raw strings. */
  tripleQuotes: boolean;
  /** C# `@"…"` (with `""` for a quote), also `$@"…"` and `@$"…"`. */
  verbatim: boolean;
  /** Ruby `<<~ID` heredocs or PHP `<<<ID` heredocs. */
  heredoc: 'ruby' | 'php' | null;
  /** Rust `r"…"`, `r#"…"#`. */
  rustRaw: boolean;
}

const BASE: Omit<Syntax, 'language'> = { hashComments: false, slashComments: true, singleQuoted: false, multilineQuotes: false, backquote: null, tripleQuotes: false, verbatim: false, heredoc: null, rustRaw: false };

const SYNTAXES: ReadonlyArray<[RegExp, Syntax]> = [
  [/\.py$/i, { ...BASE, language: 'Python', hashComments: true, slashComments: false, singleQuoted: true, tripleQuotes: true }],
  [/\.(ts|tsx|js|jsx|mjs|cjs)$/i, { ...BASE, language: 'JavaScript/TypeScript', singleQuoted: true, backquote: 'template' }],
  [/\.(rb|rake)$/i, { ...BASE, language: 'Ruby', hashComments: true, slashComments: false, singleQuoted: true, multilineQuotes: true, heredoc: 'ruby' }],
  [/\.cs$/i, { ...BASE, language: 'C#', tripleQuotes: true, verbatim: true }],
  [/\.go$/i, { ...BASE, language: 'Go', backquote: 'raw' }],
  [/\.java$/i, { ...BASE, language: 'Java', tripleQuotes: true }],
  [/\.kt$/i, { ...BASE, language: 'Kotlin', tripleQuotes: true }],
  [/\.scala$/i, { ...BASE, language: 'Scala', tripleQuotes: true }],
  [/\.swift$/i, { ...BASE, language: 'Swift', tripleQuotes: true }],
  [/\.rs$/i, { ...BASE, language: 'Rust', multilineQuotes: true, rustRaw: true }],
  [/\.php$/i, { ...BASE, language: 'PHP', hashComments: true, singleQuoted: true, multilineQuotes: true, heredoc: 'php' }],
];

/** The syntax of a code file by its extension, or null for a language not read. */
export function syntaxOf(path: string): Syntax | null {
  for (const [pattern, syntax] of SYNTAXES) if (pattern.test(path)) return syntax;
  return null;
}

const RUBY_HEREDOC = /<<([~-]?)(["'`]?)([A-Za-z_]\w*)\2/y;
const PHP_HEREDOC = /<<<[ \t]*(["']?)([A-Za-z_]\w*)\1/y;
const RUST_RAW = /r(#{0,8})"/y;

/** String literals with their positions, in order. Linear in the text length. */
export function stringLiterals(text: string, syntax: Syntax): Literal[] {
  const out: Literal[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const ch = text[i];
    if (syntax.hashComments && ch === '#' && !(syntax.language === 'PHP' && text[i + 1] === '[')) {
      i = lineEnd(text, i);
      continue;
    }
    if (syntax.slashComments && ch === '/' && text[i + 1] === '/') {
      i = lineEnd(text, i);
      continue;
    }
    if (syntax.slashComments && ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
      continue;
    }
    if (syntax.heredoc && ch === '<' && text[i + 1] === '<') {
      const heredoc = readHeredoc(text, i, syntax.heredoc);
      if (heredoc) {
        out.push(heredoc);
        i = heredoc.end;
        continue;
      }
    }
    if (syntax.rustRaw && ch === 'r' && !isWordChar(text.charCodeAt(i - 1))) {
      RUST_RAW.lastIndex = i;
      const raw = RUST_RAW.exec(text);
      if (raw) {
        const close = '"' + raw[1];
        const from = i + raw[0].length;
        const at = text.indexOf(close, from);
        const stop = at === -1 ? n : at;
        out.push({ start: i, end: Math.min(n, stop + close.length), value: text.slice(from, stop), triple: true });
        i = stop + close.length;
        continue;
      }
    }
    if (syntax.verbatim && (ch === '@' || ch === '$')) {
      const pair = (ch === '@' && text[i + 1] === '$') || (ch === '$' && text[i + 1] === '@');
      const quote = ch === '@' && text[i + 1] === '"' ? i + 1 : pair && text[i + 2] === '"' ? i + 2 : -1;
      if (quote !== -1) {
        const literal = readVerbatim(text, i, quote);
        out.push(literal);
        i = literal.end;
        continue;
      }
    }
    if (ch === '"' && syntax.tripleQuotes && text[i + 1] === '"' && text[i + 2] === '"') {
      // Python escapes inside triple quotes; a C# raw string has none, but a backslash before `"""` is rare in prompts.
      let quotes = 3;
      if (syntax.language === 'C#') while (text[i + quotes] === '"') quotes++;
      const delimiter = '"'.repeat(quotes);
      let j = i + quotes;
      while (j < n && text.slice(j, j + quotes) !== delimiter) j += text[j] === '\\' && syntax.language !== 'C#' ? 2 : 1;
      out.push({ start: i, end: Math.min(n, j + quotes), value: text.slice(i + quotes, Math.min(j, n)), triple: true });
      i = j + quotes;
      continue;
    }
    if (ch === "'" && syntax.tripleQuotes && syntax.language === 'Python' && text[i + 1] === "'" && text[i + 2] === "'") {
      let j = i + 3;
      while (j < n && text.slice(j, j + 3) !== "'''") j += text[j] === '\\' ? 2 : 1;
      out.push({ start: i, end: Math.min(n, j + 3), value: text.slice(i + 3, Math.min(j, n)), triple: true });
      i = j + 3;
      continue;
    }
    if (ch === "'" && !syntax.singleQuoted) {
      // A character literal ('x', '\n', '"'): stepped over so its quote opens nothing. A Rust lifetime has no closing quote nearby.
      const close = text[i + 1] === '\\' ? text.indexOf("'", i + 3) : i + 2;
      i = close !== -1 && close - i <= 10 && text[close] === "'" ? close + 1 : i + 1;
      continue;
    }
    if (ch === '"' && syntax.verbatim && text[i - 1] === '$') {
      const literal = readInterpolated(text, i);
      out.push(literal);
      i = literal.end;
      continue;
    }
    if (ch === '"' || ch === "'" || (ch === '`' && syntax.backquote)) {
      const multiline = ch === '`' || (ch === '"' && syntax.multilineQuotes) || (ch === "'" && syntax.multilineQuotes);
      const escapes = !(ch === '`' && syntax.backquote === 'raw');
      let j = i + 1;
      while (j < n && text[j] !== ch && (multiline || text[j] !== '\n')) j += escapes && text[j] === '\\' ? 2 : 1;
      out.push({ start: i, end: Math.min(n, j + 1), value: text.slice(i + 1, Math.min(j, n)), triple: ch === '`' });
      i = j + 1;
      continue;
    }
    i++;
  }
  return out;
}

/** A heredoc opening at `i` (`<<~PROMPT`, `<<-SQL`, `<<EOS`; PHP `<<<EOT`), its body the lines up to the terminator. */
function readHeredoc(text: string, i: number, kind: 'ruby' | 'php'): Literal | null {
  let id: string;
  if (kind === 'ruby') {
    RUBY_HEREDOC.lastIndex = i;
    const match = RUBY_HEREDOC.exec(text);
    // `list << item` is the append operator: a bare `<<ID` is a heredoc only with an upper-case identifier.
    if (!match || (match[1] === '' && match[2] === '' && !/^[A-Z_][A-Z0-9_]*$/.test(match[3]))) return null;
    id = match[3];
  } else {
    PHP_HEREDOC.lastIndex = i;
    const match = PHP_HEREDOC.exec(text);
    if (!match) return null;
    id = match[2];
  }
  const bodyStart = lineEnd(text, i) + 1;
  if (bodyStart > text.length) return null;
  let lineStart = bodyStart;
  while (lineStart < text.length) {
    const end = lineEnd(text, lineStart);
    const line = text.slice(lineStart, end).trim();
    if (line === id || (kind === 'php' && line.startsWith(id) && !isWordChar(line.charCodeAt(id.length)))) {
      return { start: i, end, value: text.slice(bodyStart, lineStart), triple: true };
    }
    lineStart = end + 1;
  }
  return { start: i, end: text.length, value: text.slice(bodyStart), triple: true };
}

/** C# `@"…"`: no escapes but `""` for a quote; may run over lines. `quote` is the index of the opening `"`. */
function readVerbatim(text: string, start: number, quote: number): Literal {
  let j = quote + 1;
  let value = '';
  let from = j;
  while (j < text.length) {
    if (text[j] === '"') {
      if (text[j + 1] !== '"') break;
      value += text.slice(from, j + 1);
      j += 2;
      from = j;
      continue;
    }
    j++;
  }
  value += text.slice(from, Math.min(j, text.length));
  return { start, end: Math.min(text.length, j + 1), value, triple: true };
}

/**
 * C# `$"…{expression}…"`: the holes are kept in the value (`{question}` is a slot), and quotes inside a hole
 * (`{string.Join("\n", items)}`) do not end the string. `{{` is a literal brace. Single line.
 */
function readInterpolated(text: string, quote: number): Literal {
  let j = quote + 1;
  let depth = 0;
  while (j < text.length && text[j] !== '\n') {
    const c = text[j];
    if (depth === 0) {
      if (c === '"') break;
      if (c === '\\') j++;
      else if (c === '{' && text[j + 1] === '{') j++;
      else if (c === '{') depth = 1;
    } else if (c === '"') {
      j++;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
    } else if (c === '{') depth++;
    else if (c === '}') depth--;
    j++;
  }
  return { start: quote, end: Math.min(text.length, j + 1), value: text.slice(quote + 1, Math.min(j, text.length)), triple: false };
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function lineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end === -1 ? text.length : end;
}
