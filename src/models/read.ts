// Bounded reads of a model file: the whole file when it is within the cap (then it can be hashed too), or
// ranges of it (header, ZIP end and directory) when the snapshot's source can read ranges. Nothing else.
import type { Snapshot } from '../snapshot/snapshot.js';

export interface ModelReadLimits {
  /** Files up to this size are read whole and hashed (policy option `maxHashBytes`). */
  wholeBytes: number;
  /** Bytes of a safetensors header or a ZIP directory read at most. */
  headerBytes: number;
  /** Bytes of a pickle stream (inflated) walked at most. */
  pickleBytes: number;
  /** Opcodes of one pickle stream walked at most. */
  pickleOpcodes: number;
}

export const DEFAULT_MODEL_READ_LIMITS: ModelReadLimits = {
  wholeBytes: 16 * 1024 * 1024,
  headerBytes: 16 * 1024 * 1024,
  pickleBytes: 64 * 1024 * 1024,
  pickleOpcodes: 2_000_000,
};

/** A file as a model reader sees it: its size, its bytes when read whole, and ranges when the source allows. */
export interface ByteSource {
  path: string;
  size: number;
  whole: Uint8Array | null;
  /** Bytes [offset, offset + length) or null when they cannot be read (no range reads, read refused). */
  range(offset: number, length: number): Promise<Uint8Array | null>;
}

export async function openModelFile(snapshot: Snapshot, path: string, size: number, limits: ModelReadLimits): Promise<ByteSource | null> {
  if (size <= limits.wholeBytes) {
    const read = await snapshot.readBytes(path, limits.wholeBytes);
    if (!read.ok) return null;
    const whole = read.bytes;
    return { path, size: whole.length, whole, range: async (offset, length) => (offset >= 0 && offset + length <= whole.length ? whole.subarray(offset, offset + length) : null) };
  }
  // A probe of the first byte tells whether the source can read ranges at all.
  const probe = await snapshot.readRange(path, 0, 1);
  if (!probe.ok) return null;
  return {
    path,
    size,
    whole: null,
    range: async (offset, length) => {
      if (offset < 0 || length < 0 || offset + length > size || length > Math.max(limits.headerBytes, limits.pickleBytes)) return null;
      const read = await snapshot.readRange(path, offset, length);
      return read.ok && read.bytes.length === length ? read.bytes : null;
    },
  };
}
