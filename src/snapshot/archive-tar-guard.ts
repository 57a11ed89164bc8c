// A pass-through in front of the tar reader that follows the archive's framing and refuses what would make
// the reader buffer without bound or wait forever: a PAX or GNU long header larger than a small cap (the
// reader holds those in memory whole), and an entry size that is negative, not a number or over the cap
// (a PAX `size=` of 10^20, a base-256 size with the sign bit). The framing mirrors tar-stream's reading
// of headers, so both see the same entries.
import { Transform, type TransformCallback } from 'node:stream';

const BLOCK = 512;

export class ArchiveRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveRefused';
  }
}

export interface TarGuardLimits {
  /** Largest PAX / GNU long-name header kept (they hold paths and attributes, never content). */
  maxHeaderBytes: number;
  /** Largest size an entry may declare. */
  maxEntryBytes: number;
}

type Frame =
  | { kind: 'header' }
  | { kind: 'long'; type: 'pax' | 'pax-global' | 'gnu'; size: number; chunks: Buffer[]; have: number }
  | { kind: 'skip'; remaining: number };

export class TarFrameGuard extends Transform {
  private frame: Frame = { kind: 'header' };
  private pending: Buffer = Buffer.alloc(0);
  private paxGlobal: Record<string, string> | null = null;
  private pax: Record<string, string> | null = null;

  constructor(private readonly limits: TarGuardLimits) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.inspect(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback(null, chunk);
  }

  private inspect(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const frame = this.frame;
      if (frame.kind === 'skip') {
        const step = Math.min(frame.remaining, chunk.length - at);
        frame.remaining -= step;
        at += step;
        if (frame.remaining === 0) this.frame = { kind: 'header' };
        continue;
      }
      if (frame.kind === 'long') {
        const step = Math.min(frame.size - frame.have, chunk.length - at);
        frame.chunks.push(chunk.subarray(at, at + step));
        frame.have += step;
        at += step;
        if (frame.have === frame.size) this.endLongHeader(frame);
        continue;
      }
      // A header block may arrive split across chunks.
      const need = BLOCK - this.pending.length;
      const take = chunk.subarray(at, at + need);
      at += take.length;
      this.pending = this.pending.length === 0 && take.length === BLOCK ? take : Buffer.concat([this.pending, take]);
      if (this.pending.length === BLOCK) {
        const block = this.pending;
        this.pending = Buffer.alloc(0);
        this.header(block);
      }
    }
  }

  private header(block: Buffer): void {
    if (isNullHeader(block)) return; // end-of-archive padding: no data follows
    const flag = block[156];
    const declared = decodeSize(block);
    const longType = flag === 0x78 ? 'pax' : flag === 0x67 ? 'pax-global' : flag === 0x4c || flag === 0x4b || flag === 0x4e ? 'gnu' : null;
    if (longType) {
      if (!validSize(declared) || declared > this.limits.maxHeaderBytes) {
        throw new ArchiveRefused(`a ${longType === 'gnu' ? 'GNU long-name' : 'PAX'} header declares ${describe(declared)} bytes (at most ${this.limits.maxHeaderBytes} accepted)`);
      }
      if (declared === 0) return;
      this.frame = { kind: 'long', type: longType, size: declared, chunks: [], have: 0 };
      return;
    }
    // tar-stream reads no data after a directory header, whatever size it declares.
    if (flag === 0x35) {
      this.pax = null;
      return;
    }
    let size = declared;
    if (this.pax?.size) {
      if (!/^\d{1,16}$/.test(this.pax.size)) throw new ArchiveRefused(`a PAX header declares the size "${this.pax.size.slice(0, 40)}"`);
      size = parseInt(this.pax.size, 10);
    }
    this.pax = null;
    if (!validSize(size)) throw new ArchiveRefused(`an entry declares an impossible size (${describe(size)})`);
    if (size > this.limits.maxEntryBytes) throw new ArchiveRefused(`an entry declares ${size} bytes, more than the ${this.limits.maxEntryBytes}-byte cap`);
    const padded = size + ((BLOCK - (size % BLOCK)) % BLOCK);
    if (padded > 0) this.frame = { kind: 'skip', remaining: padded };
  }

  private endLongHeader(frame: Extract<Frame, { kind: 'long' }>): void {
    const body = Buffer.concat(frame.chunks);
    if (frame.type === 'pax-global') this.paxGlobal = decodePax(body);
    else if (frame.type === 'pax') this.pax = { ...(this.paxGlobal ?? {}), ...decodePax(body) };
    const padding = (BLOCK - (frame.size % BLOCK)) % BLOCK;
    this.frame = padding > 0 ? { kind: 'skip', remaining: padding } : { kind: 'header' };
  }
}

/** tar-stream's test: a checksum equal to 8 spaces means every byte outside the checksum field is zero. */
function isNullHeader(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) {
    if (i >= 148 && i < 156) continue;
    if (block[i] !== 0) return false;
  }
  return true;
}

/** The size field (offset 124, 12 bytes) read as tar-stream reads it: base-256 when the high bit is set, else octal. */
function decodeSize(block: Buffer): number {
  const field = block.subarray(124, 136);
  if (field[0] & 0x80) {
    if (field[0] !== 0x80) return Number.NaN; // 0xff: a negative size
    let sum = 0;
    for (let i = 1; i < field.length; i++) sum = sum * 256 + field[i];
    return sum;
  }
  let start = 0;
  while (start < field.length && field[start] === 0x20) start++;
  let end = field.indexOf(0x20, start);
  if (end === -1) end = field.length;
  while (start < end && field[start] === 0) start++;
  if (start === end) return 0;
  return parseInt(field.subarray(start, end).toString('latin1'), 8);
}

function validSize(size: number): boolean {
  return Number.isSafeInteger(size) && size >= 0;
}

function describe(size: number): string {
  return Number.isFinite(size) ? String(size) : 'an unreadable number of';
}

/** PAX records: `LEN key=value\n`; read as tar-stream reads them (stops at the first malformed record). */
function decodePax(body: Buffer): Record<string, string> {
  const result: Record<string, string> = {};
  let rest = body;
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    const length = parseInt(rest.subarray(0, space === -1 ? rest.length : space).toString('latin1'), 10);
    if (!length) break;
    const record = rest.subarray(space + 1, length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals === -1) break;
    result[record.slice(0, equals)] = record.slice(equals + 1);
    rest = rest.subarray(length);
  }
  return result;
}
