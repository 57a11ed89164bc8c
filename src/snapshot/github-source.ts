// A commit of a GitHub repository as a FileSource, read through the REST API without cloning. One or two
// requests resolve the ref to a commit; then the commit's archive is downloaded once and every file is
// answered from it (archive-*.ts). Where the archive is refused, the tree and blob path: one recursive
// tree request lists every file with its size, and one blob request is made per file a check reads.
import { createHash } from 'node:crypto';
import { archiveRewrites } from './archive-attributes.js';
import { ArchiveSource } from './archive-source.js';
import { ArchiveUnavailable, downloadArchive } from './archive-download.js';
import { ArchiveRefused, readTarGzArchive, type ArchiveContents, type ArchiveLimits } from './archive-reader.js';
import type { GitHubClient } from './github-api.js';
import { isListedPath } from './git-ref-source.js';
import type { BytesResult, FileEntry, FileSource, ScanError, TargetInfo } from './source.js';

export interface GitHubOpenOptions {
  /** 'archive' (default) falls back to 'tree' when the archive is refused; 'tree' never asks for it. */
  via?: 'archive' | 'tree';
  /** Parent of the private temp folder for archive files too big for memory. */
  tempDir?: string;
  archiveLimits?: Partial<ArchiveLimits>;
  /** Silence that ends an archive download (default 60 s). */
  archiveIdleTimeoutMs?: number;
}

/** A GitHub commit's files; dispose() removes the archive's temp folder. */
export type GitHubFileSource = FileSource & { dispose(): Promise<void> };

export interface GitHubRepoSpec {
  owner: string;
  repo: string;
  ref?: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** Parses `github:owner/repo[@ref]`; null when the text is not of that form. */
export function parseGitHubSpec(spec: string): GitHubRepoSpec | null {
  const match = /^github:([^/@\s]+)\/([^/@\s]+)(?:@(.+))?$/.exec(spec);
  if (!match) return null;
  const [, owner, rawRepo, ref] = match;
  const repo = rawRepo.replace(/\.git$/, '');
  if (!OWNER.test(owner) || !REPO.test(repo) || repo === '.' || repo === '..') return null;
  if (ref !== undefined && (ref.length > 256 || /[\s\u0000-\u001f\u007f]/.test(ref))) return null;
  return { owner, repo, ...(ref ? { ref } : {}) };
}

interface RemoteEntry extends FileEntry {
  sha: string;
}

/** Tree requests allowed when GitHub truncates a recursive listing and we walk sub-trees instead. */
const MAX_TREE_REQUESTS = 400;
/** Blob requests in flight at once. */
const BLOB_CONCURRENCY = 8;
/** Bytes of blob content kept for re-reads (two checks reading one file cost one request). */
const BLOB_CACHE_BYTES = 64 * 1024 * 1024;

export const GitHubSource = {
  /**
   * Resolves the ref (or the default branch) to a commit, then reads it from its archive; on a refused
   * archive, through trees and blobs, with a report error saying why.
   */
  async open(client: GitHubClient, spec: GitHubRepoSpec, options: GitHubOpenOptions = {}): Promise<GitHubFileSource> {
    const { octokit } = client;
    let ref = spec.ref;
    if (!ref) {
      const repository = await octokit.rest.repos.get({ owner: spec.owner, repo: spec.repo });
      ref = repository.data.default_branch;
    }
    const commit = await octokit.rest.repos.getCommit({ owner: spec.owner, repo: spec.repo, ref });
    const target: TargetInfo = { kind: 'github', path: `github:${spec.owner}/${spec.repo}`, ref, commit: commit.data.sha };
    const treeSource = (why?: string) => new GitHubTreeSource(client, spec, target, commit.data.commit.tree.sha, why);
    if (options.via === 'tree') return treeSource();
    let archiveHostRequests = 0;
    try {
      const download = await downloadArchive(client, spec.owner, spec.repo, commit.data.sha, { idleTimeoutMs: options.archiveIdleTimeoutMs });
      archiveHostRequests = download.archiveHostRequests;
      const contents = await readTarGzArchive(download.body, { limits: options.archiveLimits, tempParent: options.tempDir });
      let rewritten: string | null;
      try {
        rewritten = archiveRewrites(contents);
      } catch (error) {
        contents.dispose();
        throw error;
      }
      if (rewritten) {
        // The tree says what the commit holds; the archive still answers every file it has unchanged.
        return new GitHubTreeSource(client, spec, target, commit.data.commit.tree.sha, `archive differs from the commit (${rewritten}); listed through the tree API, and files whose archive copy is not the commit's blob read as blobs`, contents);
      }
      return new ArchiveSource(target, contents, () => ({ ...client.stats(), archiveHostRequests }));
    } catch (error) {
      if (!(error instanceof ArchiveUnavailable || error instanceof ArchiveRefused)) throw error;
      return treeSource(`archive not used (${error.message}); read through the tree and blob API instead`);
    }
  },
};

/**
 * The tree and blob path: one recursive tree request, one blob request per file read. With an archive at hand
 * (one that differs from the commit somewhere), a file whose archive copy hashes to the tree's blob id is read
 * from the archive instead.
 */
class GitHubTreeSource implements FileSource {
  readonly target: TargetInfo;
  private readonly client: GitHubClient;
  private readonly spec: Required<Pick<GitHubRepoSpec, 'owner' | 'repo'>>;
  private readonly treeSha: string;
  private readonly byPath = new Map<string, RemoteEntry>();
  private readonly blobCache = new Map<string, Promise<Uint8Array>>();
  private cachedBytes = 0;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private blobReads = 0;
  private archiveReads = 0;
  private readonly fallbackReason: string | undefined;
  private readonly archive: ArchiveContents | undefined;

  constructor(client: GitHubClient, spec: GitHubRepoSpec, target: TargetInfo, treeSha: string, fallbackReason?: string, archive?: ArchiveContents) {
    this.client = client;
    this.spec = { owner: spec.owner, repo: spec.repo };
    this.treeSha = treeSha;
    this.target = target;
    this.fallbackReason = fallbackReason;
    this.archive = archive;
  }

  async list(): Promise<{ entries: FileEntry[]; errors: ScanError[] }> {
    const errors: ScanError[] = this.fallbackReason ? [{ message: this.fallbackReason }] : [];
    const budget = { requests: 0 };
    await this.listTree(this.treeSha, '', budget, errors);
    const entries = [...this.byPath.values()].map(({ path, kind, size }) => ({ path, kind, ...(size !== undefined ? { size } : {}) }));
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { entries, errors };
  }

  async readBytes(path: string, maxBytes: number): Promise<BytesResult> {
    const entry = this.byPath.get(path);
    if (!entry) return { ok: false, reason: 'missing' };
    if (entry.kind === 'symlink') return { ok: false, reason: 'symlink' };
    if (entry.size !== undefined && entry.size > maxBytes) return { ok: false, reason: 'too-large', detail: `${entry.size} bytes` };
    const archived = this.fromArchive(entry);
    if (archived) {
      this.archiveReads++;
      return { ok: true, bytes: archived };
    }
    try {
      const bytes = await this.blob(entry.sha);
      if (bytes.length > maxBytes) return { ok: false, reason: 'too-large', detail: `${bytes.length} bytes` };
      return { ok: true, bytes };
    } catch (error) {
      return { ok: false, reason: 'io', detail: (error as Error).message };
    }
  }

  async sizeOf(path: string): Promise<number | undefined> {
    return this.byPath.get(path)?.size;
  }

  stats(): Record<string, number> {
    return { ...this.client.stats(), archiveScan: 0, blobReads: this.blobReads, ...(this.archive ? { archiveReads: this.archiveReads } : {}) };
  }

  async dispose(): Promise<void> {
    this.archive?.dispose();
  }

  /** The archive's copy of a file when it is byte for byte the commit's blob (git's blob id proves it). */
  private fromArchive(entry: RemoteEntry): Uint8Array | null {
    const archived = this.archive?.entries.get(entry.path);
    if (!archived || archived.kind !== 'file' || (entry.size !== undefined && archived.size !== entry.size)) return null;
    let bytes: Uint8Array;
    try {
      bytes = 'bytes' in archived ? archived.bytes : this.archive!.readSpilled(archived.spillOffset, archived.size);
    } catch {
      return null; // the blob API still has it
    }
    const id = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    return id === entry.sha ? bytes : null;
  }

  // One recursive request in the normal case. GitHub truncates very large trees (100k entries / 7 MB):
  // then the tree is walked one level at a time, each sub-tree tried recursively first.
  private async listTree(sha: string, prefix: string, budget: { requests: number }, errors: ScanError[]): Promise<void> {
    const { owner, repo } = this.spec;
    if (++budget.requests > MAX_TREE_REQUESTS) {
      if (budget.requests === MAX_TREE_REQUESTS + 1) errors.push({ message: `listing incomplete: more than ${MAX_TREE_REQUESTS} tree requests needed` });
      return;
    }
    const recursive = await this.client.octokit.rest.git.getTree({ owner, repo, tree_sha: sha, recursive: 'true' });
    if (!recursive.data.truncated) {
      for (const item of recursive.data.tree) this.add(prefix, item);
      return;
    }
    if (++budget.requests > MAX_TREE_REQUESTS) return;
    const level = await this.client.octokit.rest.git.getTree({ owner, repo, tree_sha: sha });
    if (level.data.truncated) errors.push({ path: prefix || '.', message: 'folder listing truncated by the GitHub API' });
    for (const item of level.data.tree) {
      if (item.type === 'tree' && item.sha && item.path) {
        const folder = prefix + item.path;
        if (isListedPath(`${folder}/x`)) await this.listTree(item.sha, `${folder}/`, budget, errors);
      } else this.add(prefix, item);
    }
  }

  private add(prefix: string, item: { path?: string; mode?: string; type?: string; sha?: string; size?: number }): void {
    if (!item.path || !item.sha || item.type !== 'blob') return; // trees are implied by paths; 'commit' is a submodule
    const path = prefix + item.path;
    if (!isListedPath(path)) return;
    const kind = item.mode === '120000' ? 'symlink' : item.mode === '100644' || item.mode === '100755' ? 'file' : null;
    if (!kind) return;
    this.byPath.set(path, { path, kind, sha: item.sha, ...(typeof item.size === 'number' ? { size: item.size } : {}) });
  }

  private blob(sha: string): Promise<Uint8Array> {
    const cached = this.blobCache.get(sha);
    if (cached) return cached;
    const pending = this.fetchBlob(sha);
    this.blobCache.set(sha, pending);
    pending.then(
      (bytes) => {
        this.cachedBytes += bytes.length;
        if (this.cachedBytes > BLOB_CACHE_BYTES) this.blobCache.delete(sha);
      },
      () => this.blobCache.delete(sha),
    );
    return pending;
  }

  private async fetchBlob(sha: string): Promise<Uint8Array> {
    await this.acquire();
    try {
      this.blobReads++;
      const { owner, repo } = this.spec;
      const response = await this.client.octokit.rest.git.getBlob({ owner, repo, file_sha: sha });
      const { content, encoding } = response.data;
      if (encoding === 'base64') return new Uint8Array(Buffer.from(content, 'base64'));
      if (encoding === 'utf-8' || encoding === 'utf8') return new Uint8Array(Buffer.from(content, 'utf8'));
      throw new Error(`unexpected blob encoding "${encoding}"`);
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < BLOB_CONCURRENCY) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
