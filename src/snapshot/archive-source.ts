// A commit read from its archive as a FileSource: the listing and every read answered from memory (or the
// private spill file), so a scan costs the requests that fetched the archive and nothing per file.
import type { ArchiveContents } from './archive-reader.js';
import type { BytesResult, FileEntry, FileSource, ScanError, TargetInfo } from './source.js';

export class ArchiveSource implements FileSource {
  readonly target: TargetInfo;
  private readonly contents: ArchiveContents;
  /** The API client's counters, reported next to the archive's. */
  private readonly requestStats: () => Record<string, number>;

  constructor(target: TargetInfo, contents: ArchiveContents, requestStats: () => Record<string, number> = () => ({})) {
    this.target = target;
    this.contents = contents;
    this.requestStats = requestStats;
  }

  async list(): Promise<{ entries: FileEntry[]; errors: ScanError[] }> {
    const entries: FileEntry[] = [];
    for (const { path, kind, size } of this.contents.entries.values()) entries.push({ path, kind, size });
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { entries, errors: [...this.contents.errors] };
  }

  async readBytes(path: string, maxBytes: number): Promise<BytesResult> {
    const entry = this.contents.entries.get(path);
    if (!entry) return { ok: false, reason: 'missing' };
    if (entry.kind === 'symlink') return { ok: false, reason: 'symlink' };
    if (entry.size > maxBytes) return { ok: false, reason: 'too-large', detail: `${entry.size} bytes` };
    if ('bytes' in entry) return { ok: true, bytes: entry.bytes };
    try {
      return { ok: true, bytes: this.contents.readSpilled(entry.spillOffset, entry.size) };
    } catch (error) {
      return { ok: false, reason: 'io', detail: (error as Error).message };
    }
  }

  async sizeOf(path: string): Promise<number | undefined> {
    return this.contents.entries.get(path)?.size;
  }

  stats(): Record<string, number> {
    const { archiveBytes, archiveInflatedBytes, archiveEntries, archiveSpilledFiles } = this.contents.stats;
    return { ...this.requestStats(), archiveScan: 1, archiveBytes, archiveInflatedBytes, archiveEntries, archiveSpilledFiles };
  }

  async dispose(): Promise<void> {
    this.contents.dispose();
  }
}
