// Parquet files end with their metadata: `<FileMetaData, Thrift compact> <4-byte little-endian length> PAR1`.
// That footer holds the schema (column names), key-value metadata (pandas/arrow schema JSON) and, per column
// chunk, min/max statistics, which for string columns are real values. Without a Thrift decoder we read the
// footer's printable runs as text: enough to find column names and values that look like personal data.
// Pure: bytes in, text runs out.

export type ParquetFooter = { ok: true; runs: string[]; footerBytes: number } | { ok: false; reason: 'not-parquet' | 'truncated' };

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
const MAX_FOOTER_BYTES = 4 * 1024 * 1024;
const MIN_RUN = 4;
const MAX_RUNS = 20_000;

export function readParquetFooterText(bytes: Uint8Array): ParquetFooter {
  const n = bytes.length;
  if (n < 12 || !hasMagic(bytes, 0) || !hasMagic(bytes, n - 4)) return { ok: false, reason: 'not-parquet' };
  const length = bytes[n - 8] | (bytes[n - 7] << 8) | (bytes[n - 6] << 16) | (bytes[n - 5] << 24);
  if (length <= 0 || length > n - 12 || length > MAX_FOOTER_BYTES) return { ok: false, reason: 'truncated' };
  const footer = bytes.subarray(n - 8 - length, n - 8);
  return { ok: true, runs: printableRuns(footer), footerBytes: length };
}

/** Maximal runs of printable ASCII and UTF-8 continuation bytes, at least MIN_RUN long. */
function printableRuns(bytes: Uint8Array): string[] {
  const runs: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let start = -1;
  for (let i = 0; i <= bytes.length; i++) {
    const b = i < bytes.length ? bytes[i] : 0;
    const printable = (b >= 0x20 && b <= 0x7e) || b >= 0x80;
    if (printable) {
      if (start === -1) start = i;
      continue;
    }
    if (start !== -1 && i - start >= MIN_RUN) {
      runs.push(decoder.decode(bytes.subarray(start, i)));
      if (runs.length >= MAX_RUNS) break;
    }
    start = -1;
  }
  return runs;
}

function hasMagic(bytes: Uint8Array, at: number): boolean {
  return MAGIC.every((byte, i) => bytes[at + i] === byte);
}
