// Reads `git log -p -U0 --format=%x01%H %cI` output as it streams and reports each added line with its
// commit, path and line number in the new file. Pure: text chunks in, callbacks out.

export interface AddedLine {
  commit: string;
  /** ISO-8601 committer date. */
  date: string;
  /** Path in the commit's tree (the `b/` side of the diff). */
  path: string;
  /** 1-based line number in the file as of that commit. */
  line: number;
  text: string;
}

/** Longest added line handed on; longer lines are cut (minified files, data blobs). */
export const MAX_ADDED_LINE = 64 * 1024;

export class PatchLineReader {
  private readonly visit: (line: AddedLine) => void;
  private readonly onFileEnd: (() => void) | undefined;
  private buffer = '';
  private commit = '';
  private date = '';
  private path: string | null = null;
  private inHunk = false;
  private newLine = 0;
  /** Commits seen so far. */
  commits = 0;

  /** `onFileEnd` fires when the reader leaves a file's diff, so multi-line state can be flushed. */
  constructor(visit: (line: AddedLine) => void, onFileEnd?: () => void) {
    this.visit = visit;
    this.onFileEnd = onFileEnd;
  }

  feed(chunk: string): void {
    const buffer = this.buffer + chunk;
    // Lines are cut out by position; the rest is kept once per chunk, not once per line.
    let start = 0;
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      this.line(buffer.slice(start, newline));
      start = newline + 1;
      newline = buffer.indexOf('\n', start);
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    // A single line larger than the cap is cut here rather than buffered without bound.
    if (this.buffer.length > MAX_ADDED_LINE * 2) {
      this.line(this.buffer.slice(0, MAX_ADDED_LINE));
      this.buffer = '';
      this.skipRestOfLine = true;
    }
  }

  end(): void {
    if (this.buffer) this.line(this.buffer);
    this.buffer = '';
    this.leaveFile();
  }

  private skipRestOfLine = false;

  private line(raw: string): void {
    if (this.skipRestOfLine) {
      this.skipRestOfLine = false;
      return;
    }
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // Added lines are nearly all of a patch: they are handled before any header test.
    if (this.inHunk && text.charCodeAt(0) === 0x2b /* + */) {
      if (this.path !== null) this.visit({ commit: this.commit, date: this.date, path: this.path, line: this.newLine, text: text.slice(1, MAX_ADDED_LINE + 1) });
      this.newLine++;
      return;
    }
    if (text.startsWith('\x01')) {
      this.leaveFile();
      const [commit, date] = text.slice(1).split(' ');
      this.commit = commit ?? '';
      this.date = date ?? '';
      this.commits++;
      return;
    }
    if (text.startsWith('diff --git ')) {
      this.leaveFile();
      return;
    }
    if (this.inHunk) {
      const first = text[0];
      if (first === ' ') {
        this.newLine++;
        return;
      }
      if (first === '-' || first === '\\') return;
    }
    if (text.startsWith('+++ ')) {
      this.path = diffPath(text.slice(4));
      return;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      this.inHunk = true;
      this.newLine = Number(hunk[1]);
    }
  }

  private leaveFile(): void {
    if (this.path !== null || this.inHunk) this.onFileEnd?.();
    this.path = null;
    this.inHunk = false;
  }
}

/** `b/src/x.py` -> `src/x.py`; `"b/caf\303\251.py"` -> `café.py`; `/dev/null` -> null. */
export function diffPath(written: string): string | null {
  const trimmed = written.replace(/\t.*$/, '');
  if (trimmed === '/dev/null') return null;
  const unquoted = trimmed.startsWith('"') && trimmed.endsWith('"') ? unquoteC(trimmed.slice(1, -1)) : trimmed;
  return unquoted.startsWith('b/') ? unquoted.slice(2) : unquoted;
}

/** git's C-style quoting: `\"`, `\\`, `\t`, `\n` and octal bytes (UTF-8 sequences). */
function unquoteC(text: string): string {
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = text[i + 1];
    if (next !== undefined && /[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1))![0];
      bytes.push(parseInt(octal, 8));
      i += octal.length;
    } else if (next !== undefined && next in simple) {
      bytes.push(simple[next]);
      i++;
    } else bytes.push(92);
  }
  return Buffer.from(bytes).toString('utf8');
}
