// ZIP archives read from their central directory only (PyTorch checkpoints, TorchScript, `.keras`): the
// end-of-central-directory record near the end says where the directory is; the directory lists every
// entry. One entry can then be extracted with a hard cap on its inflated size (no decompression bomb).
import { inflateRawSync } from 'node:zlib';
import { failed, parsed, type Parsed } from './result.js';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is not extracted. */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header in the file. */
  localOffset: number;
  encrypted: boolean;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Entries the directory declares (more than `entries` when the entry cap cut the list). */
  declared: number;
}

/** Where the central directory lies, from the end record (read from the last bytes of the file). */
export interface ZipEnd {
  directoryOffset: number;
  directorySize: number;
  entries: number;
}

/** The end record lies in the last 22 + 65,535 bytes (its comment is at most 64 KiB). */
export const ZIP_TAIL_BYTES = 22 + 0xffff + 20 + 56;
export const MAX_ZIP_ENTRIES = 10_000;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** True when the bytes start with a ZIP local file header (or an empty archive's end record). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/**
 * Finds the end record in `tail`, the last bytes of a file of `fileSize` bytes (`tail` may be the whole
 * file). ZIP64 archives (over 4 GiB or 65,535 entries) are read through their ZIP64 record when it is in `tail`.
 */
export function readZipEnd(tail: Uint8Array, fileSize: number): Parsed<ZipEnd> {
  if (tail.length < 22 || fileSize < tail.length) return failed('too short for a ZIP archive');
  const view = viewOf(tail);
  const tailStart = fileSize - tail.length;
  for (let at = tail.length - 22; at >= 0 && at >= tail.length - ZIP_TAIL_BYTES; at--) {
    if (view.getUint32(at, true) !== EOCD) continue;
    const commentLength = view.getUint16(at + 20, true);
    if (at + 22 + commentLength !== tail.length) continue; // a signature inside the comment or data
    let entries = view.getUint16(at + 10, true);
    let directorySize = view.getUint32(at + 12, true);
    let directoryOffset = view.getUint32(at + 16, true);
    if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      const locator = at - 20;
      if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) return failed('ZIP64 archive without its locator');
      const record = Number(view.getBigUint64(locator + 8, true)) - tailStart;
      if (!Number.isSafeInteger(record) || record < 0 || record + 56 > tail.length || view.getUint32(record, true) !== ZIP64_EOCD) {
        return failed('ZIP64 end record outside the bytes read');
      }
      entries = Number(view.getBigUint64(record + 32, true));
      directorySize = Number(view.getBigUint64(record + 40, true));
      directoryOffset = Number(view.getBigUint64(record + 48, true));
    }
    if (![entries, directorySize, directoryOffset].every(Number.isSafeInteger) || directoryOffset + directorySize > fileSize) {
      return failed('central directory lies outside the file');
    }
    return parsed({ directoryOffset, directorySize, entries });
  }
  return failed('no end-of-central-directory record');
}

/** Parses the central directory (`bytes`: the directory itself, `end.directorySize` bytes), at most `maxEntries`. */
export function readZipDirectory(bytes: Uint8Array, end: ZipEnd, maxEntries = MAX_ZIP_ENTRIES): Parsed<ZipDirectory> {
  const view = viewOf(bytes);
  const entries: ZipEntry[] = [];
  let at = 0;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  while (entries.length < Math.min(end.entries, maxEntries)) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) {
      return entries.length ? parsed({ entries, declared: end.entries }) : failed(`central directory entry ${entries.length + 1} is malformed`);
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localOffset = view.getUint32(at + 42, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > bytes.length) return failed(`central directory entry ${entries.length + 1} runs past the directory`);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // ZIP64 sizes and offset live in the extra field (id 1), in this order, for the fields set to 0xffffffff.
    const extra = readZip64Extra(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    if (extra) {
      let index = 0;
      if (size === 0xffffffff) size = extra[index++] ?? size;
      if (compressedSize === 0xffffffff) compressedSize = extra[index++] ?? compressedSize;
      if (localOffset === 0xffffffff) localOffset = extra[index++] ?? localOffset;
    }
    entries.push({ name, method, compressedSize, size, localOffset, encrypted: (flags & 1) === 1 });
    at = next;
  }
  return parsed({ entries, declared: end.entries });
}

function readZip64Extra(extra: Uint8Array): number[] | null {
  const view = viewOf(extra);
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    if (id === 1) {
      const values: number[] = [];
      for (let i = at + 4; i + 8 <= Math.min(extra.length, at + 4 + length); i += 8) values.push(Number(view.getBigUint64(i, true)));
      return values;
    }
    at += 4 + length;
  }
  return null;
}

/** Bytes of the local header plus its name and extra field, before an entry's data. */
export function localHeaderLength(header: Uint8Array): Parsed<number> {
  if (header.length < 30) return failed('local header truncated');
  const view = viewOf(header);
  if (view.getUint32(0, true) !== LOCAL) return failed('no local file header where the directory points');
  return parsed(30 + view.getUint16(26, true) + view.getUint16(28, true));
}

/**
 * The content of one entry, given its compressed data: stored entries as they are, deflated ones inflated
 * with at most `maxBytes` of output. Encrypted entries and other methods are refused.
 */
export function extractZipEntry(entry: ZipEntry, data: Uint8Array, maxBytes: number): Parsed<Uint8Array> {
  if (entry.encrypted) return failed(`${entry.name} is encrypted`);
  if (entry.method === 0) return parsed(data.subarray(0, Math.min(data.length, maxBytes)));
  if (entry.method !== 8) return failed(`${entry.name} uses compression method ${entry.method}`);
  try {
    return parsed(new Uint8Array(inflateRawSync(data, { maxOutputLength: maxBytes })));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return failed(`${entry.name} inflates to more than ${maxBytes} bytes`);
    return failed(`${entry.name} does not inflate: ${(error as Error).message}`);
  }
}

/** Reads an entry from a whole archive held in memory. */
export function zipEntryFromArchive(archive: Uint8Array, entry: ZipEntry, maxBytes: number): Parsed<Uint8Array> {
  if (entry.localOffset >= archive.length) return failed(`${entry.name} lies outside the archive`);
  const header = localHeaderLength(archive.subarray(entry.localOffset, entry.localOffset + 30));
  if (!header.ok) return header;
  const start = entry.localOffset + header.value;
  if (start + entry.compressedSize > archive.length) return failed(`${entry.name} runs past the end of the archive`);
  return extractZipEntry(entry, archive.subarray(start, start + entry.compressedSize), maxBytes);
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
