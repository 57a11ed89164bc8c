// A directory on disk as a FileSource: one walk, no symlink ever followed, reads that cannot leave the root.
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { isExcludedDirectory, type BytesResult, type FileEntry, type FileSource, type ScanError, type TargetInfo } from './source.js';

/** Linux names the file behind a descriptor in /proc/self/fd: where it is, whatever the path said. */
const PROC_FD = process.platform === 'linux' && existsSync('/proc/self/fd');

/** Paths (not names) never listed: DVC's local cache and scratch space are machine state, not deliverables. */
const EXCLUDED_PATHS = new Set(['.dvc/cache', '.dvc/tmp']);

export class LocalDirectorySource implements FileSource {
  readonly target: TargetInfo;
  private readonly root: string;
  private readonly realRoot: string;
  /** Folders whose real path was found inside the root. */
  private readonly checkedFolders = new Set<string>();

  constructor(root: string, target?: TargetInfo) {
    this.root = path.resolve(root);
    this.realRoot = realpathSync(this.root);
    this.target = target ?? { kind: 'directory', path: root };
  }

  async list(): Promise<{ entries: FileEntry[]; errors: ScanError[] }> {
    const entries: FileEntry[] = [];
    const errors: ScanError[] = [];
    const symlinks = new Set<string>();
    // Depth-first over dirents (the file type comes from readdir, so no stat per file). A folder is pending
    // as `path/`, a file as `path`; siblings are pushed in sorted order with a folder sorting as `name/`, so
    // the listing comes out sorted by path without sorting it whole.
    const pending: string[] = [''];
    while (pending.length > 0) {
      const item = pending.pop()!;
      if (item !== '' && !item.endsWith('/')) {
        entries.push({ path: item, kind: symlinks.has(item) ? 'symlink' : 'file' });
        continue;
      }
      const relDir = item.slice(0, -1);
      let dirents: Dirent[];
      try {
        dirents = readdirSync(relDir === '' ? this.realRoot : path.join(this.realRoot, relDir), { withFileTypes: true });
      } catch (error) {
        errors.push({ path: relDir || '.', message: `cannot list folder: ${errorCode(error)}` });
        continue;
      }
      const prefix = relDir === '' ? '' : `${relDir}/`;
      const names: string[] = [];
      for (const dirent of dirents) {
        const name = dirent.name;
        if (dirent.isDirectory()) {
          if (!isExcludedDirectory(name) && !EXCLUDED_PATHS.has(prefix + name)) names.push(`${name}/`);
        } else if (dirent.isFile()) {
          names.push(name);
        } else if (dirent.isSymbolicLink()) {
          names.push(name);
          symlinks.add(prefix + name);
        }
        // FIFOs, sockets and devices are not deliverables and opening one could block: skipped.
      }
      names.sort();
      for (let i = names.length - 1; i >= 0; i--) pending.push(prefix + names[i]);
    }
    return { entries, errors };
  }

  // Reads are synchronous: a small file costs four system calls, where the thread-pool round trips of
  // the promise API cost ten times as much, and a check reads thousands of them.
  async readBytes(relPath: string, maxBytes: number): Promise<BytesResult> {
    return this.withListedFile(relPath, (fd, size) => {
      if (size > maxBytes) return { ok: false, reason: 'too-large', detail: `${size} bytes` };
      const read = readInto(fd, Math.min(size, maxBytes) + 1, 0);
      // The file grew between stat and read: still bounded, still refused.
      if (read.length > maxBytes) return { ok: false, reason: 'too-large', detail: `more than ${maxBytes} bytes` };
      return { ok: true, bytes: read };
    });
  }

  /** Reads bytes [offset, offset + length) of a listed regular file, with the same guards as readBytes. */
  async readRange(relPath: string, offset: number, length: number): Promise<BytesResult> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) return { ok: false, reason: 'io', detail: 'invalid range' };
    return this.withListedFile(relPath, (fd, size) => {
      if (offset + length > size) return { ok: false, reason: 'io', detail: `range ends past the ${size}-byte file` };
      return { ok: true, bytes: readInto(fd, length, offset) };
    });
  }

  /**
   * Opens a regular file inside the root and hands its descriptor and size to `read`. A parent folder swapped
   * for a symlink after listing must not take us out of the root: checked before opening (once per folder), and
   * on Linux again on the opened descriptor, which no later swap can fool.
   */
  private withListedFile(relPath: string, read: (fd: number, size: number) => BytesResult): BytesResult {
    if (!isSafeRelativePath(relPath)) return { ok: false, reason: 'missing', detail: 'path leaves the root' };
    const absolute = path.join(this.realRoot, relPath);
    const parent = this.parentInsideRoot(path.dirname(absolute));
    if (parent !== true) return parent;
    let fd: number | undefined;
    try {
      // O_NOFOLLOW: a symlink is refused by the kernel; O_NONBLOCK: a FIFO cannot hang the scan.
      fd = openSync(absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      if (!this.openedInsideRoot(fd)) return { ok: false, reason: 'symlink', detail: 'a parent folder links out of the root' };
      const stat = fstatSync(fd);
      if (!stat.isFile()) return { ok: false, reason: 'not-a-file' };
      return read(fd, stat.size);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ELOOP' || code === 'EMLINK') return { ok: false, reason: 'symlink' };
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
      return { ok: false, reason: 'io', detail: code };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Size of a listed file without reading it (lstat: a symlink reports its own size). */
  async sizeOf(relPath: string): Promise<number | undefined> {
    if (!isSafeRelativePath(relPath)) return undefined;
    try {
      return lstatSync(path.join(this.realRoot, relPath)).size;
    } catch {
      return undefined;
    }
  }

  private parentInsideRoot(folder: string): true | BytesResult {
    if (this.checkedFolders.has(folder)) return true;
    try {
      const parent = realpathSync.native(folder);
      if (parent !== this.realRoot && !parent.startsWith(this.realRoot + path.sep)) {
        return { ok: false, reason: 'symlink', detail: 'a parent folder links out of the root' };
      }
    } catch (error) {
      return { ok: false, reason: errorCode(error) === 'ENOENT' ? 'missing' : 'io', detail: errorCode(error) };
    }
    // Remembered only where the opened descriptor is checked too; elsewhere every read resolves its folder.
    if (PROC_FD) this.checkedFolders.add(folder);
    return true;
  }

  private openedInsideRoot(fd: number): boolean {
    if (!PROC_FD) return true; // the parent folder was resolved just before opening
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(this.realRoot + path.sep);
    } catch {
      return false;
    }
  }
}

/** Reads up to `length` bytes from `offset`; fewer when the file ends first. */
function readInto(fd: number, length: number, offset: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let total = 0;
  while (total < length) {
    const bytesRead = readSync(fd, buffer, total, length - total, offset + total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return buffer.subarray(0, total);
}

export function isSafeRelativePath(relPath: string): boolean {
  if (relPath === '' || relPath.startsWith('/') || relPath.includes('\0')) return false;
  return !EMPTY_OR_PARENT_SEGMENT.test(relPath);
}

/** A `..` segment or an empty one (`a//b`, a trailing `/`): what splitting on `/` would find, in one pass. */
const EMPTY_OR_PARENT_SEGMENT = /(?:^|\/)(?:\.\.)?(?:\/|$)/;

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? String(error);
}
