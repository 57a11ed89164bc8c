// Samples the repository's committed data-like files for personal data: CSV/TSV, JSON and JSON Lines, notebook
// outputs, W&B run metadata and Parquet footers. Each file is sampled (first rows and bytes), the whole scan has
// a byte budget and a file cap, so a large data folder costs a bounded, predictable amount. Results are counts
// and locations (path, line, column or key); the values themselves are never kept.
import { parseJson, parseJsonObject } from '../formats/json.js';
import { looksBinary, type Snapshot } from '../snapshot/snapshot.js';
import { sniffDelimiter, splitDelimitedLine } from './delimited.js';
import { detectPersonalData, HINTS, type Detection, type PersonalDataKind } from './detectors.js';
import { notebookOutputs } from './notebook-outputs.js';
import { readParquetFooterText } from './parquet-footer.js';
import { jsonDataVerdict } from './json-data-shape.js';
import { isPersonalFieldName } from './personal-fields.js';
import { byName } from '../path-memo.js';

export type DataFormat = 'csv' | 'json' | 'jsonl' | 'notebook' | 'wandb-metadata' | 'parquet';

/** All values of one kind found in one column/key (or in free text when `field` is absent). */
export interface PersonalDataGroup {
  kind: PersonalDataKind;
  field?: string;
  count: number;
  /** First lines where the kind was found (at most MAX_LINES_KEPT). */
  lines: number[];
  /** Notebook cells whose output held it. */
  cells: number[];
}

export interface DataFileScan {
  path: string;
  format: DataFormat;
  /** Why the file was sampled as data (its format, or for JSON its shape and place). */
  why: string;
  /** Bytes and rows (lines, outputs, footer runs) actually examined. */
  sampledBytes: number;
  sampledRows: number;
  /** Only the head of the file was examined. */
  partial: boolean;
  groups: PersonalDataGroup[];
  /** Columns or keys whose name says personal data (`first_name`, `date_of_birth`) and that hold values. */
  personalFields: Array<{ field: string; line?: number }>;
  /** W&B run metadata: who ran it and where (`username`, `host`). */
  identity: Array<{ field: string; line?: number }>;
}

export type NotSampledReason = 'too-large' | 'budget' | 'file-cap' | 'unreadable' | 'lfs-pointer' | 'binary-format' | 'not-parquet' | 'not-parsed' | 'binary-content';

export interface DataScan {
  files: DataFileScan[];
  /** JSON files read and judged to be configuration, not data (never sampled), with the reason. */
  notData: Array<{ path: string; why: string }>;
  notSampled: Array<{ path: string; reason: NotSampledReason; detail?: string }>;
  bytesRead: number;
  candidates: number;
}

export interface DataScanOptions {
  /** Files larger than this are not read at all (the snapshot reads whole files, never a head). */
  fileCap?: number;
  /** At most this many bytes of each file are examined. */
  sampleBytes?: number;
  /** At most this many rows (lines) of each file are examined. */
  sampleRows?: number;
  /** Total bytes read across the scan. */
  budget?: number;
  maxFiles?: number;
}

export const DEFAULT_DATA_SCAN: Required<DataScanOptions> = {
  fileCap: 8 * 1024 * 1024,
  sampleBytes: 256 * 1024,
  sampleRows: 5000,
  budget: 64 * 1024 * 1024,
  maxFiles: 300,
};

const MAX_LINES_KEPT = 5;
const MAX_FIELDS_KEPT = 20;

const DELIMITED = /\.(csv|tsv|psv)$/i;
const JSON_LINES = /\.(jsonl|ndjson)$/i;
const JSON_FILE = /\.json$/i;
const NOTEBOOK = /\.ipynb$/i;
const PARQUET = /\.(parquet|pq)$/i;
const WANDB_METADATA = /(^|\/)wandb-metadata\.json$/;
/** Columnar and binary data a text scan cannot read: listed, never sampled. */
const BINARY_DATA = /\.(xlsx|xls|ods|feather|arrow|avro|orc|sqlite3?|db|duckdb|sav|dta|sas7bdat)$/i;
/** JSON that configures tools rather than holding data. */
const TOOL_JSON =
  /(^|\/)(package(-lock)?\.json|tsconfig[^/]*\.json|jsconfig\.json|composer\.json|[^/]*\.schema\.json|\.?eslintrc[^/]*\.json|\.prettierrc[^/]*\.json|renovate\.json|lerna\.json|nx\.json|angular\.json|vercel\.json|firebase\.json|turbo\.json|deno\.jsonc?|biome\.json|cspell\.json|pyrightconfig\.json|devcontainer\.json|launch\.json|settings\.json|extensions\.json|manifest\.json|Pipfile\.lock|\.babelrc\.json|wandb_manifest\.json|datapackage\.json|[^/]*croissant[^/]*\.json)$|(^|\/)(\.vscode|\.devcontainer|\.github|\.idea|\.dvc)\//i;
const DATA_FOLDER = /(^|\/)(data|datasets?|raw|interim|processed|samples?|exports?|fixtures|logs?|outputs?)\//i;
const LFS_POINTER = /^version https:\/\/(git-lfs\.github\.com|hawser\.github\.com)\/spec\/v1\n/;

interface Candidate {
  path: string;
  format: DataFormat | 'binary';
}

export async function scanDataFiles(snapshot: Snapshot, options: DataScanOptions = {}): Promise<DataScan> {
  const settings = { ...DEFAULT_DATA_SCAN, ...options };
  const scan: DataScan = { files: [], notData: [], notSampled: [], bytesRead: 0, candidates: 0 };
  const candidates = listCandidates(snapshot);
  scan.candidates = candidates.length;
  let examined = 0;
  for (const candidate of candidates) {
    const { path, format } = candidate;
    if (format === 'binary') {
      scan.notSampled.push({ path, reason: 'binary-format' });
      continue;
    }
    if (examined >= settings.maxFiles) {
      scan.notSampled.push({ path, reason: 'file-cap' });
      continue;
    }
    const size = await snapshot.sizeOf(path);
    if (size !== undefined && size > settings.fileCap) {
      scan.notSampled.push({ path, reason: 'too-large', detail: `${size} bytes` });
      continue;
    }
    if (scan.bytesRead + (size ?? 0) > settings.budget) {
      scan.notSampled.push({ path, reason: 'budget' });
      continue;
    }
    const read = await snapshot.readBytes(path, settings.fileCap);
    if (!read.ok) {
      scan.notSampled.push({ path, reason: read.reason === 'too-large' ? 'too-large' : 'unreadable', ...(read.detail ? { detail: read.detail } : {}) });
      continue;
    }
    examined++;
    scan.bytesRead += read.bytes.length;
    const result = format === 'parquet' ? scanParquet(path, read.bytes) : scanText(path, format, read.bytes, settings);
    if ('reason' in result) scan.notSampled.push(result);
    else if ('notData' in result) scan.notData.push({ path, why: result.notData });
    else scan.files.push(result);
  }
  // A JSON file found to be configuration was never a data file: it does not count as one.
  scan.candidates -= scan.notData.length;
  return scan;
}

/** Data-like files from the listing, data folders first, then by path (a stable, predictable sample). */
function listCandidates(snapshot: Snapshot): Candidate[] {
  const out: Candidate[] = [];
  // formatOf looks at the file name only, but for TOOL_JSON's tool folders: the name is judged once per
  // distinct name (its TOOL_JSON names included), the folders only for the paths named `*.json`.
  const formatOfName = byName(formatOf);
  for (const path of snapshot.files) {
    if (snapshot.isSymlink(path)) continue;
    const format = formatOfName(path);
    if (format === null || (format === 'json' && TOOL_JSON.test(path))) continue;
    out.push({ path, format });
  }
  const rank = (candidate: Candidate) => (candidate.format === 'wandb-metadata' ? 0 : DATA_FOLDER.test(candidate.path) ? 1 : 2);
  return out.sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function formatOf(path: string): DataFormat | 'binary' | null {
  if (WANDB_METADATA.test(path)) return 'wandb-metadata';
  if (DELIMITED.test(path)) return 'csv';
  if (JSON_LINES.test(path)) return 'jsonl';
  if (NOTEBOOK.test(path)) return 'notebook';
  if (PARQUET.test(path)) return 'parquet';
  if (JSON_FILE.test(path)) return TOOL_JSON.test(path) ? null : 'json';
  if (BINARY_DATA.test(path)) return 'binary';
  return null;
}

type ScanOutcome = DataFileScan | { path: string; reason: NotSampledReason; detail?: string } | { path: string; notData: string };

const WHY_SAMPLED: Readonly<Record<DataFormat, string>> = {
  csv: 'delimited rows',
  json: 'JSON records',
  jsonl: 'JSON Lines records',
  notebook: 'notebook outputs',
  'wandb-metadata': 'W&B run metadata',
  parquet: 'Parquet footer',
};

function scanText(path: string, format: Exclude<DataFormat, 'parquet'>, bytes: Uint8Array, settings: Required<DataScanOptions>): ScanOutcome {
  if (looksBinary(bytes)) return { path, reason: 'binary-content' };
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 200));
  if (LFS_POINTER.test(head)) return { path, reason: 'lfs-pointer' };
  const file = emptyScan(path, format);
  if (format === 'notebook' || format === 'wandb-metadata') {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    return format === 'notebook' ? scanNotebook(file, text, settings) : scanWandbMetadata(file, text);
  }
  const partial = bytes.length > settings.sampleBytes;
  let text = new TextDecoder('utf-8', { fatal: false }).decode(partial ? bytes.subarray(0, settings.sampleBytes) : bytes);
  if (format === 'json') {
    const verdict = jsonDataVerdict(path, text, !partial);
    if (!verdict.data) return { path, notData: verdict.why };
    file.why = verdict.why;
  }
  if (partial) text = text.slice(0, Math.max(0, text.lastIndexOf('\n'))); // no half row at the cut
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop(); // the final newline ends a row, it does not start one
  if (lines.length > settings.sampleRows) lines.length = settings.sampleRows;
  file.partial = partial || lines.length === settings.sampleRows;
  file.sampledBytes = Math.min(bytes.length, settings.sampleBytes);
  file.sampledRows = lines.length;
  if (format === 'csv') scanDelimited(file, lines);
  else scanJsonLines(file, lines);
  return file;
}

function scanDelimited(file: DataFileScan, lines: string[]): void {
  if (lines.length === 0) return;
  const delimiter = sniffDelimiter(lines[0], file.path);
  const first = splitDelimitedLine(lines[0], delimiter);
  // A first row holding numbers or personal data is a record, not a header (and its cells must never be shown).
  const headerless = first.some((cell) => NUMERIC_CELL.test(cell) || detectPersonalData(cell).length > 0);
  const header = headerless ? first.map((_, i) => `column ${i + 1}`) : first.map((cell) => cell.trim());
  const personalColumns = new Map<number, string>();
  if (!headerless) header.forEach((name, i) => isPersonalFieldName(name) && personalColumns.set(i, name));
  const withValues = new Set<number>();
  for (let row = headerless ? 0 : 1; row < lines.length; row++) {
    const line = lines[row];
    if (!line.trim()) continue;
    const fields = splitDelimitedLine(line, delimiter);
    for (let column = 0; column < fields.length; column++) {
      const value = fields[column];
      if (!value.trim()) continue;
      if (personalColumns.has(column)) withValues.add(column);
      const name = header[column] ?? `column ${column + 1}`;
      for (const detection of detectPersonalData(value, name)) record(file, detection.kind, name, row + 1);
    }
  }
  for (const column of withValues) addPersonalField(file, personalColumns.get(column)!, 1);
}

/** A column named like personal data, unless its values were already counted by kind. */
function addPersonalField(file: DataFileScan, field: string, line?: number): void {
  if (file.personalFields.length >= MAX_FIELDS_KEPT || file.groups.some((group) => group.field === field)) return;
  file.personalFields.push({ field, ...(line !== undefined ? { line } : {}) });
}

const NUMERIC_CELL = /^\s*-?\d+(?:[.,]\d+)?\s*$/;
const JSON_PAIR = /"([^"\\]{1,64})"\s*:\s*("(?:[^"\\]|\\.){0,256}"|-?\d[\d.eE+-]{0,30})/g;

/** JSON and JSON Lines, line by line: the key a value sits under is the nearest `"key":` before it on its line. */
function scanJsonLines(file: DataFileScan, lines: string[]): void {
  const personal = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length < 6) continue;
    const detections: Detection[] = detectPersonalData(line);
    for (const pair of line.matchAll(JSON_PAIR)) {
      const key = pair[1];
      const rawValue = pair[2];
      const value = rawValue.startsWith('"') ? rawValue.slice(1, -1) : rawValue;
      if (value && isPersonalFieldName(key) && !personal.has(key)) personal.set(key, i + 1);
      if (!Object.values(HINTS).some((hint) => hint.test(key))) continue;
      const offset = pair.index + pair[0].length - rawValue.length + (rawValue.startsWith('"') ? 1 : 0);
      for (const hinted of detectPersonalData(value, key)) {
        const start = offset + hinted.start;
        const end = offset + hinted.end;
        if (!detections.some((d) => start < d.end && end > d.start)) detections.push({ kind: hinted.kind, start, end });
      }
    }
    for (const detection of detections) record(file, detection.kind, keyBefore(line, detection.start), i + 1);
  }
  for (const [field, line] of personal) addPersonalField(file, field, line);
}

function scanNotebook(file: DataFileScan, raw: string, settings: Required<DataScanOptions>): ScanOutcome {
  const parsed = parseJson(raw);
  if (!parsed.ok) return notParsed(file.path, parsed.error.line);
  const outputs = notebookOutputs(parsed.value);
  if (!outputs) return { path: file.path, reason: 'not-parsed', detail: 'no cells list: not an nbformat 4 notebook' };
  const lineStarts = lineStartsOf(raw);
  let budget = settings.sampleBytes;
  for (const output of outputs) {
    if (budget <= 0) {
      file.partial = true;
      break;
    }
    const text = output.text.slice(0, budget);
    budget -= text.length;
    file.sampledBytes += text.length;
    file.sampledRows++;
    for (const line of text.split('\n')) {
      for (const detection of detectPersonalData(line)) {
        // The line in the .ipynb file where the value sits, found by its text (JSON escapes none of these characters).
        const at = raw.indexOf(line.slice(detection.start, detection.end));
        record(file, detection.kind, undefined, at >= 0 ? lineAt(lineStarts, at) : undefined, output.cell);
      }
    }
  }
  return file;
}

/** W&B writes who ran a run and where into `wandb-metadata.json`: `email`, `username`, `host`. */
function scanWandbMetadata(file: DataFileScan, raw: string): ScanOutcome {
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) return notParsed(file.path, parsed.error.line);
  file.sampledBytes = raw.length;
  file.sampledRows = 1;
  const lineOfKey = (key: string) => {
    const at = raw.indexOf(`"${key}"`);
    return at >= 0 ? lineAt(lineStartsOf(raw), at) : undefined;
  };
  for (const [key, value] of Object.entries(parsed.value)) {
    if (typeof value !== 'string' || !value.trim()) continue;
    if (key === 'username' || key === 'host') file.identity.push({ field: key, line: lineOfKey(key) });
    else for (const detection of detectPersonalData(value, key)) record(file, detection.kind, key, lineOfKey(key));
  }
  return file;
}

function scanParquet(path: string, bytes: Uint8Array): ScanOutcome {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 200));
  if (LFS_POINTER.test(head)) return { path, reason: 'lfs-pointer' };
  const footer = readParquetFooterText(bytes);
  if (!footer.ok) return { path, reason: 'not-parquet', detail: footer.reason === 'truncated' ? 'footer length out of range' : 'no PAR1 magic at both ends' };
  const file = emptyScan(path, 'parquet');
  file.sampledBytes = footer.footerBytes;
  file.sampledRows = footer.runs.length;
  const fields = new Set<string>();
  for (const run of footer.runs) {
    for (const detection of detectPersonalData(run)) record(file, detection.kind);
    // Column names are short identifier-like runs (the Thrift length prefix may stick to the front).
    const name = run.replace(/^[^A-Za-z_]+/, '');
    if (/^[A-Za-z_][\w ]{1,63}$/.test(name) && isPersonalFieldName(name)) fields.add(name);
  }
  for (const field of fields) addPersonalField(file, field);
  return file;
}

/** The parser's own message can quote the input (V8 does): only the line number leaves this module. */
function notParsed(path: string, line: number | undefined): ScanOutcome {
  return { path, reason: 'not-parsed', detail: `not valid JSON${line !== undefined ? ` (line ${line})` : ''}` };
}

function emptyScan(path: string, format: DataFormat): DataFileScan {
  return { path, format, why: WHY_SAMPLED[format], sampledBytes: 0, sampledRows: 0, partial: false, groups: [], personalFields: [], identity: [] };
}

function record(file: DataFileScan, kind: PersonalDataKind, field?: string, line?: number, cell?: number): void {
  let group = file.groups.find((candidate) => candidate.kind === kind && candidate.field === field);
  if (!group) {
    group = { kind, ...(field !== undefined ? { field } : {}), count: 0, lines: [], cells: [] };
    file.groups.push(group);
  }
  group.count++;
  if (line !== undefined && group.lines.length < MAX_LINES_KEPT && !group.lines.includes(line)) group.lines.push(line);
  if (cell !== undefined && group.cells.length < MAX_LINES_KEPT && !group.cells.includes(cell)) group.cells.push(cell);
}

/** The nearest `"key":` before `index` on a JSON line. */
function keyBefore(line: string, index: number): string | undefined {
  const colon = line.lastIndexOf('":', index);
  if (colon < 0) return undefined;
  const open = line.lastIndexOf('"', colon - 1);
  if (open < 0 || colon - open - 1 > 64) return undefined;
  const key = line.slice(open + 1, colon);
  return key && !key.includes('\\') ? key : undefined;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
