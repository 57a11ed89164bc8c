// Delimited text (CSV, TSV, pipe-separated): the delimiter sniffed from the header, and one physical line split
// into fields with RFC 4180 quoting. Pure and linear. A quoted field that spans lines is split at the line break:
// the sample reader works on physical lines, so a column index can drift on such rows, never crash.

export type Delimiter = ',' | '\t' | ';' | '|';

/** The delimiter used most in the header line (commas win ties; `.tsv` files are tabs). */
export function sniffDelimiter(header: string, path: string): Delimiter {
  if (/\.tsv$/i.test(path)) return '\t';
  if (/\.psv$/i.test(path)) return '|';
  let best: Delimiter = ',';
  let bestCount = count(header, ',');
  for (const candidate of ['\t', ';', '|'] as const) {
    const n = count(header, candidate);
    if (n > bestCount) {
      best = candidate;
      bestCount = n;
    }
  }
  return best;
}

/** Fields of one line; `""` inside quotes is a quote. At most `maxFields` fields (the rest are joined into the last). */
export function splitDelimitedLine(line: string, delimiter: Delimiter, maxFields = 1000): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === delimiter && fields.length < maxFields - 1) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field.replace(/\r$/, ''));
  return fields;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text[i] === ch) n++;
  return n;
}
