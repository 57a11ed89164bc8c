// safetensors: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and
// byte range, then raw tensor bytes. Only the header is read; it cannot hold code.
import { failed, parsed, type Parsed } from './result.js';

export interface SafetensorsHeader {
  /** Bytes of the JSON header (after the 8-byte length). */
  headerBytes: number;
  tensors: number;
  /** Tensor count per dtype, e.g. { F32: 120, BF16: 4 }. */
  dtypes: Record<string, number>;
  /** Sum of the tensors' element counts. */
  parameters: number;
  /** Bytes of tensor data the header accounts for (the largest end offset). */
  dataBytes: number;
  /** The free-form `__metadata__` map (string to string), e.g. `format: pt`. */
  metadata: Record<string, string>;
  /** Tensors whose byte range disagrees with their dtype and shape, or overlaps the file end. */
  problems: string[];
}

/** Header lengths above this are refused (the format's own loaders refuse 100 MB; real headers are KBs to a few MB). */
export const SAFETENSORS_MAX_HEADER = 16 * 1024 * 1024;

const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1, U8: 1, I8: 1, F8_E4M3: 1, F8_E5M2: 1, F8_E8M0: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8, C64: 8, F4: 0.5, F6_E2M3: 0.75, F6_E3M2: 0.75,
};
const MAX_PROBLEMS = 10;

/** The header length the first 8 bytes declare, or null when they cannot start a safetensors file. */
export function safetensorsHeaderLength(bytes: Uint8Array): number | null {
  if (bytes.length < 9) return null;
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (length < 2 || length > SAFETENSORS_MAX_HEADER) return null;
  return bytes[8] === 0x7b ? length : null; // '{'
}

/**
 * Reads the header from the first bytes of a file (at least 8 + the declared length). `fileSize`, when
 * known, checks that the tensor bytes the header promises are there.
 */
export function parseSafetensorsHeader(bytes: Uint8Array, fileSize?: number): Parsed<SafetensorsHeader> {
  const length = safetensorsHeaderLength(bytes);
  if (length === null) return failed('not a safetensors file: no header length followed by a JSON object');
  if (bytes.length < 8 + length) return failed(`header of ${length} bytes runs past the ${bytes.length} bytes read`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + length)).trimEnd());
  } catch (error) {
    return failed(`header is not JSON: ${(error as Error).message.slice(0, 120)}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return failed('header is not a JSON object');
  const header: SafetensorsHeader = { headerBytes: length, tensors: 0, dtypes: Object.create(null), parameters: 0, dataBytes: 0, metadata: Object.create(null) as Record<string, string>, problems: [] };
  const problem = (message: string) => header.problems.length < MAX_PROBLEMS && header.problems.push(message);
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [key, text] of Object.entries(value as Record<string, unknown>).slice(0, 100)) if (typeof text === 'string') header.metadata[key] = text.slice(0, 500);
      }
      continue;
    }
    const tensor = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (!tensor || typeof tensor !== 'object' || typeof tensor.dtype !== 'string' || !Array.isArray(tensor.shape) || !Array.isArray(tensor.data_offsets)) {
      problem(`${name.slice(0, 80)}: not a tensor entry (dtype, shape, data_offsets)`);
      continue;
    }
    const shape = tensor.shape as unknown[];
    const offsets = tensor.data_offsets as unknown[];
    if (!shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
      problem(`${name.slice(0, 80)}: shape or offsets are not non-negative integers`);
      continue;
    }
    const [begin, end] = offsets as [number, number];
    const elements = (shape as number[]).reduce((product, d) => product * d, 1);
    header.tensors++;
    header.dtypes[tensor.dtype] = (header.dtypes[tensor.dtype] ?? 0) + 1;
    header.parameters += elements;
    header.dataBytes = Math.max(header.dataBytes, end);
    const width = DTYPE_BYTES[tensor.dtype];
    if (width === undefined) problem(`${name.slice(0, 80)}: unknown dtype ${tensor.dtype.slice(0, 20)}`);
    else if (end < begin || Math.ceil(elements * width) !== end - begin) problem(`${name.slice(0, 80)}: ${end - begin} bytes for ${elements} ${tensor.dtype} elements`);
  }
  if (fileSize !== undefined && 8 + length + header.dataBytes > fileSize) problem(`header promises ${header.dataBytes} bytes of tensors, the file holds ${Math.max(0, fileSize - 8 - length)}`);
  return parsed(header);
}
