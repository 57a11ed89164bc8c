// Reads a repository archive (tar.gz, one top folder as GitHub and `git archive --prefix` make it) into
// memory: every regular file's bytes, every symbolic link as a link (never resolved), under caps on the
// compressed bytes, the inflated bytes, the inflation ratio, the entry count and each header. Files too big
// to keep in memory go to one spill file in a private temp folder, named by offset, never by archive path:
// nothing from the archive ever names a file on disk. A bad entry is a ScanError; a bad archive is refused.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { isListedPath } from './git-ref-source.js';
import { isSafeRelativePath } from './local-source.js';
import type { ScanError } from './source.js';
import { ArchiveRefused, TarFrameGuard } from './archive-tar-guard.js';

export { ArchiveRefused } from './archive-tar-guard.js';

export interface ArchiveLimits {
  /** Bytes downloaded (gzip). */
  maxCompressedBytes: number;
  /** Bytes after gunzip, the tar stream itself. */
  maxInflatedBytes: number;
  /** Inflated ÷ compressed, checked once `ratioFloorBytes` have been inflated (real trees stay far below). */
  maxInflationRatio: number;
  ratioFloorBytes: number;
  /** Tar entries of any kind, folders included. */
  maxEntries: number;
  /** PAX / GNU long headers. */
  maxHeaderBytes: number;
  /** A file larger than this goes to the spill file rather than memory. */
  memoryFileBytes: number;
  /** Bytes kept in memory in all; files beyond go to the spill file. */
  memoryTotalBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxCompressedBytes: 2 * 1024 ** 3,
  maxInflatedBytes: 4 * 1024 ** 3,
  maxInflationRatio: 200,
  ratioFloorBytes: 64 * 1024 ** 2,
  maxEntries: 1_000_000,
  maxHeaderBytes: 1024 ** 2,
  memoryFileBytes: 8 * 1024 ** 2,
  memoryTotalBytes: 256 * 1024 ** 2,
};

export type ArchiveEntry =
  | { path: string; kind: 'file'; size: number; bytes: Uint8Array }
  | { path: string; kind: 'file'; size: number; spillOffset: number }
  | { path: string; kind: 'symlink'; size: number };

export interface ArchiveStats {
  archiveBytes: number;
  archiveInflatedBytes: number;
  archiveEntries: number;
  archiveSpilledFiles: number;
}

export interface ArchiveContents {
  /** Listed entries by repository path (top folder removed), excluded folders left out. */
  entries: Map<string, ArchiveEntry>;
  errors: ScanError[];
  stats: ArchiveStats;
  /** Reads a spilled file's bytes; the spill file lives until `dispose`. */
  readSpilled(offset: number, size: number): Uint8Array;
  dispose(): void;
}

export interface ReadArchiveOptions {
  limits?: Partial<ArchiveLimits>;
  /** Parent of the private temp folder for the spill file (default: the OS temp folder). */
  tempParent?: string;
}

/** Reads the whole archive; refuses it (ArchiveRefused) when a cap is passed or the stream is not a sound tar.gz. */
export async function readTarGzArchive(body: Readable, options: ReadArchiveOptions = {}): Promise<ArchiveContents> {
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
  const spill = new SpillFile(options.tempParent);
  const entries = new Map<string, ArchiveEntry>();
  const errors: ScanError[] = [];
  const stats: ArchiveStats = { archiveBytes: 0, archiveInflatedBytes: 0, archiveEntries: 0, archiveSpilledFiles: 0 };
  const extract = tar.extract();
  let memoryBytes = 0;
  let top: string | undefined;

  const compressed = byteCounter((n) => {
    stats.archiveBytes += n;
    if (stats.archiveBytes > limits.maxCompressedBytes) return `the archive is larger than ${limits.maxCompressedBytes} bytes`;
    return null;
  });
  const inflated = byteCounter((n) => {
    stats.archiveInflatedBytes += n;
    if (stats.archiveInflatedBytes > limits.maxInflatedBytes) return `the archive inflates to more than ${limits.maxInflatedBytes} bytes`;
    if (stats.archiveInflatedBytes > limits.ratioFloorBytes && stats.archiveInflatedBytes > limits.maxInflationRatio * stats.archiveBytes) {
      return `the archive inflates more than ${limits.maxInflationRatio}× (${stats.archiveBytes} bytes compressed, ${stats.archiveInflatedBytes} so far inflated)`;
    }
    return null;
  });
  const guard = new TarFrameGuard({ maxHeaderBytes: limits.maxHeaderBytes, maxEntryBytes: limits.maxInflatedBytes });

  /** What to do with an entry's bytes: keep them (a sink), or nothing (null: drained). Throws to refuse the archive. */
  const sinkFor = (header: tar.Headers): EntrySink | null => {
    if (++stats.archiveEntries > limits.maxEntries) throw new ArchiveRefused(`the archive holds more than ${limits.maxEntries} entries`);
    const name = header.name;
    top ??= name.split('/')[0];
    const relative = repositoryPath(name, top, header.type === 'directory');
    if (relative === null) {
      errors.push({ path: printable(name), message: 'archive entry outside the top folder or with an unsafe path (absolute, `..`, empty segment): not listed' });
      return null;
    }
    if (header.type === 'directory' || !isListedPath(relative)) return null;
    if (entries.has(relative)) {
      errors.push({ path: relative, message: 'listed twice in the archive: the first entry is kept' });
      return null;
    }
    switch (header.type) {
      case 'file':
      case 'contiguous-file':
        return fileSink(relative);
      case 'symlink':
        // Listed as a link, exactly as a checkout shows it; its target is never looked at.
        entries.set(relative, { path: relative, kind: 'symlink', size: Buffer.byteLength(header.linkname ?? '') });
        return null;
      case 'link':
        errors.push({ path: relative, message: `hard link in the archive (to ${printable(header.linkname ?? '')}): not followed, not listed` });
        return null;
      default:
        errors.push({ path: relative, message: `archive entry of type ${header.type ?? 'unknown'} (device, FIFO or other special file): not listed` });
        return null;
    }
  };

  /** A regular file's bytes: in memory while it and the total stay under their caps, else in the spill file. */
  const fileSink = (relative: string): EntrySink => {
    const chunks: Buffer[] = [];
    let size = 0;
    let offset: number | undefined;
    return {
      write(chunk) {
        size += chunk.length;
        if (offset === undefined && size <= limits.memoryFileBytes && memoryBytes + size <= limits.memoryTotalBytes) {
          chunks.push(chunk);
          return;
        }
        if (offset === undefined) {
          offset = spill.append(Buffer.concat(chunks));
          chunks.length = 0;
        }
        spill.append(chunk);
      },
      end() {
        if (offset !== undefined) {
          stats.archiveSpilledFiles++;
          entries.set(relative, { path: relative, kind: 'file', size, spillOffset: offset });
          return;
        }
        // Copied: a chunk is a view into the inflater's 64 KiB buffer, which it would keep alive.
        memoryBytes += size;
        entries.set(relative, { path: relative, kind: 'file', size, bytes: Buffer.concat(chunks, size) });
      },
    };
  };

  // Events rather than async iteration: one promise per entry and per chunk cost a third of the read time.
  extract.on('entry', (header, stream, next) => {
    stream.on('error', () => {}); // the same error reaches the pipeline through the extractor
    let sink: EntrySink | null;
    try {
      sink = sinkFor(header);
    } catch (error) {
      next(error as Error);
      return;
    }
    stream.on('data', (chunk: Buffer) => {
      if (!sink) return;
      try {
        sink.write(chunk);
      } catch (error) {
        sink = null;
        stream.destroy(error as Error);
      }
    });
    stream.on('end', () => {
      try {
        sink?.end();
        next();
      } catch (error) {
        next(error as Error);
      }
    });
  });

  try {
    await pipeline(body, compressed, createGunzip({ chunkSize: 64 * 1024 }), inflated, guard, extract as unknown as NodeJS.WritableStream);
  } catch (error) {
    spill.dispose();
    throw refusal(error);
  }
  return {
    entries,
    errors,
    stats,
    readSpilled: (offset, size) => spill.read(offset, size),
    dispose: () => spill.dispose(),
  };
}

/**
 * The entry's path inside the repository: the archive's one top folder removed, and refused (null) when it
 * is absolute, leaves through `..`, has empty or `.` segments, or sits outside that top folder.
 */
export function repositoryPath(name: string, top: string, isFolder: boolean): string | null {
  if (name.includes('\0') || top === '' || top === '.' || top === '..') return null;
  const trimmed = isFolder && name.endsWith('/') ? name.slice(0, -1) : name;
  if (trimmed === top) return isFolder ? '' : null;
  if (!trimmed.startsWith(`${top}/`)) return null;
  const relative = trimmed.slice(top.length + 1);
  if (!isSafeRelativePath(relative) || /(?:^|\/)\.(?:\/|$)/.test(relative)) return null;
  return relative;
}

interface EntrySink {
  write(chunk: Buffer): void;
  end(): void;
}

function byteCounter(check: (bytes: number) => string | null): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      const problem = check(chunk.length);
      if (problem) callback(new ArchiveRefused(problem));
      else callback(null, chunk);
    },
  });
}

/** Turns whatever stopped the stream into one clear refusal. */
function refusal(error: unknown): ArchiveRefused {
  if (error instanceof ArchiveRefused) return error;
  const message = String((error as Error)?.message ?? error);
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(message)) return new ArchiveRefused('the archive ends early (truncated download or broken gzip/tar stream)');
  if (code === 'Z_DATA_ERROR' || /incorrect header check|invalid/i.test(message)) return new ArchiveRefused(`the archive is not a readable tar.gz: ${message.slice(0, 200)}`);
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET') return new ArchiveRefused('the archive download was cut off');
  return new ArchiveRefused(`the archive could not be read: ${message.slice(0, 200)}`);
}

function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 300);
}

/** One append-only file in a private (0700) temp folder; entries are addressed by offset. */
class SpillFile {
  private dir: string | undefined;
  private fd: number | undefined;
  private size = 0;

  constructor(private readonly parent: string | undefined) {}

  append(bytes: Buffer): number {
    if (this.fd === undefined) {
      this.dir = mkdtempSync(path.join(this.parent ?? os.tmpdir(), 'ml-handover-archive-'));
      this.fd = openSync(path.join(this.dir, 'spill'), 'w+', 0o600);
    }
    const at = this.size;
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written, at + written);
    this.size += bytes.length;
    return at;
  }

  read(offset: number, size: number): Uint8Array {
    if (this.fd === undefined) throw new Error('archive spill file already removed');
    const buffer = Buffer.allocUnsafe(size);
    let total = 0;
    while (total < size) {
      const n = readSync(this.fd, buffer, total, size - total, offset + total);
      if (n === 0) break;
      total += n;
    }
    return buffer.subarray(0, total);
  }

  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}
