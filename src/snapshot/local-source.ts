// A directory on disk as a FileSource: one walk, no symlink ever followed, reads that cannot leave the root.
import { constants, promises as fs, readdirSync, realpathSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { isExcludedDirectory, type BytesResult, type FileEntry, type FileSource, type ScanError, type TargetInfo } from './source.js';

/** Paths (not names) never listed: DVC's local cache and scratch space are machine state, not deliverables. */
const EXCLUDED_PATHS = new Set(['.dvc/cache', '.dvc/tmp']);

export class LocalDirectorySource implements FileSource {
  readonly target: TargetInfo;
  private readonly root: string;
  private readonly realRoot: string;

  constructor(root: string, target?: TargetInfo) {
    this.root = path.resolve(root);
    this.realRoot = realpathSync(this.root);
    this.target = target ?? { kind: 'directory', path: root };
  }

  async list(): Promise<{ entries: FileEntry[]; errors: ScanError[] }> {
    const entries: FileEntry[] = [];
    const errors: ScanError[] = [];
    // Iterative depth-first walk over dirents: the file type comes from readdir, so no stat per file.
    const pending: string[] = [''];
    while (pending.length > 0) {
      const relDir = pending.pop()!;
      let dirents: Dirent[];
      try {
        dirents = readdirSync(relDir === '' ? this.realRoot : path.join(this.realRoot, relDir), { withFileTypes: true });
      } catch (error) {
        errors.push({ path: relDir || '.', message: `cannot list folder: ${errorCode(error)}` });
        continue;
      }
      for (const dirent of dirents) {
        const name = dirent.name;
        const rel = relDir === '' ? name : `${relDir}/${name}`;
        if (dirent.isDirectory()) {
          if (!isExcludedDirectory(name) && !EXCLUDED_PATHS.has(rel)) pending.push(rel);
        } else if (dirent.isFile()) {
          entries.push({ path: rel, kind: 'file' });
        } else if (dirent.isSymbolicLink()) {
          entries.push({ path: rel, kind: 'symlink' });
        }
        // FIFOs, sockets and devices are not deliverables and opening one could block: skipped.
      }
    }
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { entries, errors };
  }

  async readBytes(relPath: string, maxBytes: number): Promise<BytesResult> {
    if (!isSafeRelativePath(relPath)) return { ok: false, reason: 'missing', detail: 'path leaves the root' };
    const absolute = path.join(this.realRoot, relPath);
    // A parent folder swapped for a symlink after listing must not take us out of the root.
    try {
      const parent = await fs.realpath(path.dirname(absolute));
      if (parent !== this.realRoot && !parent.startsWith(this.realRoot + path.sep)) {
        return { ok: false, reason: 'symlink', detail: 'a parent folder links out of the root' };
      }
    } catch (error) {
      return { ok: false, reason: errorCode(error) === 'ENOENT' ? 'missing' : 'io', detail: errorCode(error) };
    }
    let handle: fs.FileHandle | undefined;
    try {
      // O_NOFOLLOW: a symlink is refused by the kernel; O_NONBLOCK: a FIFO cannot hang the scan.
      handle = await fs.open(absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      const stat = await handle.stat();
      if (!stat.isFile()) return { ok: false, reason: 'not-a-file' };
      if (stat.size > maxBytes) return { ok: false, reason: 'too-large', detail: `${stat.size} bytes` };
      const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
      let total = 0;
      while (total < buffer.length) {
        const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
        if (bytesRead === 0) break;
        total += bytesRead;
      }
      // The file grew between stat and read: still bounded, still refused.
      if (total > maxBytes) return { ok: false, reason: 'too-large', detail: `more than ${maxBytes} bytes` };
      return { ok: true, bytes: buffer.subarray(0, total) };
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ELOOP' || code === 'EMLINK') return { ok: false, reason: 'symlink' };
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
      return { ok: false, reason: 'io', detail: code };
    } finally {
      await handle?.close();
    }
  }

  /** Size of a listed file without reading it (lstat: a symlink reports its own size). */
  async sizeOf(relPath: string): Promise<number | undefined> {
    if (!isSafeRelativePath(relPath)) return undefined;
    try {
      return (await fs.lstat(path.join(this.realRoot, relPath))).size;
    } catch {
      return undefined;
    }
  }
}

export function isSafeRelativePath(relPath: string): boolean {
  if (relPath === '' || relPath.startsWith('/') || relPath.includes('\0')) return false;
  return !relPath.split('/').some((part) => part === '..' || part === '');
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? String(error);
}
