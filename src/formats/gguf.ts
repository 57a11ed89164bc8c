// GGUF (llama.cpp): magic `GGUF`, a version, tensor and key/value counts, then typed key/values. Only the
// header is read; key/values are walked within the bytes given (tokenizer arrays often run past them).
import { failed, parsed, type Parsed } from './result.js';

export interface GgufHeader {
  version: number;
  tensors: number;
  keyValues: number;
  /** String and number values of the keys read (general.*, *.context_length, …); arrays are counted only. */
  values: Record<string, string | number | boolean>;
  /** Key/values read out of `keyValues` before the bytes ran out. */
  read: number;
}

const MAX_STRING = 64 * 1024;
const MAX_KEPT = 200;

export function looksLikeGguf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x47 && bytes[1] === 0x47 && bytes[2] === 0x55 && bytes[3] === 0x46;
}

export function parseGgufHeader(bytes: Uint8Array): Parsed<GgufHeader> {
  if (!looksLikeGguf(bytes)) return failed('no GGUF magic');
  if (bytes.length < 24) return failed('GGUF header truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version < 1 || version > 3) return failed(`unknown GGUF version ${version}`);
  // Version 1 used 32-bit counts and lengths; 2 and 3 use 64-bit ones.
  const wide = version >= 2;
  let at = 8;
  const count = (): number | null => {
    const width = wide ? 8 : 4;
    if (at + width > bytes.length) return null;
    const value = wide ? Number(view.getBigUint64(at, true)) : view.getUint32(at, true);
    at += width;
    return Number.isSafeInteger(value) ? value : null;
  };
  const tensors = count();
  const keyValues = count();
  if (tensors === null || keyValues === null) return failed('GGUF counts are out of range');
  const header: GgufHeader = { version, tensors, keyValues, values: Object.create(null) as Record<string, string | number | boolean>, read: 0 };
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const string = (): string | null => {
    const length = count();
    if (length === null || length > MAX_STRING || at + length > bytes.length) return null;
    const text = decoder.decode(bytes.subarray(at, at + length));
    at += length;
    return text;
  };
  const SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
  /** Reads one value of `type`; returns undefined when the bytes run out or the type is unknown. */
  const value = (type: number, depth: number): string | number | boolean | null | undefined => {
    if (type === 8) return string() ?? undefined;
    if (type === 9) {
      if (depth > 0 || at + 4 > bytes.length) return undefined;
      const itemType = view.getUint32(at, true);
      at += 4;
      const items = count();
      if (items === null) return undefined;
      if (SIZES[itemType] !== undefined) {
        if (at + items * SIZES[itemType] > bytes.length) return undefined;
        at += items * SIZES[itemType];
      } else for (let i = 0; i < items; i++) if (value(itemType, depth + 1) === undefined) return undefined;
      return null;
    }
    const size = SIZES[type];
    if (size === undefined || at + size > bytes.length) return undefined;
    const offset = at;
    at += size;
    switch (type) {
      case 0: return view.getUint8(offset);
      case 1: return view.getInt8(offset);
      case 2: return view.getUint16(offset, true);
      case 3: return view.getInt16(offset, true);
      case 4: return view.getUint32(offset, true);
      case 5: return view.getInt32(offset, true);
      case 6: return view.getFloat32(offset, true);
      case 7: return view.getUint8(offset) !== 0;
      case 10: return Number(view.getBigUint64(offset, true));
      case 11: return Number(view.getBigInt64(offset, true));
      default: return view.getFloat64(offset, true);
    }
  };
  for (let i = 0; i < keyValues; i++) {
    const key = string();
    if (key === null || at + 4 > bytes.length) break;
    const type = view.getUint32(at, true);
    at += 4;
    const read = value(type, 0);
    if (read === undefined) break;
    header.read++;
    if (read !== null && Object.keys(header.values).length < MAX_KEPT) header.values[key.slice(0, 200)] = typeof read === 'string' ? read.slice(0, 500) : read;
  }
  return parsed(header);
}
