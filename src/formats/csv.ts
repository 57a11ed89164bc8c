// CSV as exported by spreadsheet tools and data frames (RFC 4180: quoted fields, doubled quotes, line breaks
// inside quotes; a semicolon or tab separator when the header uses one). Bounded: rows, columns and field
// length are capped, so a hostile file costs at most one pass over its text.
import { failed, parsed, type Parsed } from './result.js';

export interface CsvTable {
  header: string[];
  rows: string[][];
  /** Line of each row's first character (1-based). */
  rowLines: number[];
  /** Rows past the cap were not read. */
  truncated: boolean;
}

const MAX_ROWS = 5000;
const MAX_COLUMNS = 256;
const MAX_FIELD = 8192;

/** The separator the header line uses most: comma, semicolon or tab. */
function separatorOf(text: string): string {
  const end = text.indexOf('\n');
  const first = end === -1 ? text.slice(0, 4096) : text.slice(0, Math.min(end, 4096));
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t']) {
    const count = first.split(candidate).length - 1;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

export function parseCsv(text: string, options: { maxRows?: number } = {}): Parsed<CsvTable> {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const maxRows = Math.max(1, Math.min(options.maxRows ?? MAX_ROWS, MAX_ROWS));
  const separator = separatorOf(source);
  const records: string[][] = [];
  const lines: number[] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  let truncated = false;
  const pushField = () => {
    if (record.length < MAX_COLUMNS) record.push(field.length > MAX_FIELD ? field.slice(0, MAX_FIELD) : field);
    field = '';
    fieldStarted = false;
  };
  const pushRecord = () => {
    pushField();
    if (!(record.length === 1 && record[0] === '')) {
      records.push(record);
      lines.push(recordLine);
    }
    record = [];
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          if (field.length <= MAX_FIELD) field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        if (field.length <= MAX_FIELD) field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === separator) pushField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      pushRecord();
      line++;
      recordLine = line;
      if (records.length > maxRows) {
        truncated = i + 1 < source.length;
        break;
      }
    } else {
      fieldStarted = true;
      if (field.length <= MAX_FIELD) field += ch;
    }
  }
  if (quoted) return failed('unterminated quoted field', recordLine);
  if (!truncated && (field !== '' || record.length > 0)) pushRecord();
  if (records.length === 0) return failed('no header row');
  const [header, ...rows] = records;
  return parsed({ header: header.map((name) => name.trim()), rows: rows.slice(0, maxRows), rowLines: lines.slice(1, maxRows + 1), truncated: truncated || rows.length > maxRows });
}
