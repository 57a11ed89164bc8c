// Checks declared hashes against the data files present in the snapshot: md5/sha256 over the bytes for
// files within the read cap, size only for larger ones (and it says so). Never reads a file twice.
import { createHash } from 'node:crypto';
import { hexOf, type ContentHash } from '../formats/content-hash.js';
import { looksBinary, type Snapshot } from '../snapshot/snapshot.js';
import type { DatasetDeclaration, DatasetModel } from './model.js';

export type VerificationStatus =
  /** Bytes hashed and equal to the declaration. */
  | 'match'
  | 'mismatch'
  /** Too large to hash: size compared instead. */
  | 'size-match'
  | 'size-mismatch'
  /** A DVC directory: file count and total size compared (its .dir listing hash needs the cache). */
  | 'directory-match'
  | 'directory-mismatch'
  /** The file is not in the snapshot (usually right: DVC data is git-ignored and lives in the remote). */
  | 'absent'
  /** Present, but nothing to compare (etag, or too large with no declared size). */
  | 'unverifiable';

export interface Verification {
  declaration: DatasetDeclaration;
  status: VerificationStatus;
  detail: string;
}

export interface VerifyOptions {
  /** Files larger than this are size-checked only. Defaults to the snapshot's read cap. */
  maxHashBytes?: number;
}

/** Declarations whose target is a file in the snapshot that could be compared (LFS pointers are skipped). */
export async function verifyDataFiles(snapshot: Snapshot, model: DatasetModel, options: VerifyOptions = {}): Promise<Verification[]> {
  const maxBytes = options.maxHashBytes ?? snapshot.readCap;
  const digests = new Map<string, Promise<Map<string, string> | null>>();
  const results: Verification[] = [];
  for (const declaration of model.declarations) {
    if (declaration.isUrl || declaration.isPattern || declaration.kind === 'lfs-pointer') continue;
    // A manifest folder entry is checked file by file through its `files` list.
    if (declaration.kind === 'data-manifest' && declaration.isDirectory) continue;
    if (declaration.hashes.every((hash) => !hash.valid) && declaration.size === null && declaration.nfiles === null) continue;
    if (declaration.isDirectory || declaration.hashes.some((hash) => hash.directory)) {
      results.push(await verifyDirectory(snapshot, declaration));
      continue;
    }
    if (!snapshot.has(declaration.target) || snapshot.isSymlink(declaration.target)) {
      results.push({ declaration, status: 'absent', detail: 'not in the snapshot' });
      continue;
    }
    const size = await snapshot.sizeOf(declaration.target);
    const comparable = declaration.hashes.filter((hash) => hash.valid && (hash.algorithm === 'md5' || hash.algorithm === 'sha256' || hash.algorithm === 'sha1' || hash.algorithm === 'sha512'));
    if (size === undefined || size > maxBytes || comparable.length === 0) {
      results.push(compareSize(declaration, size, comparable.length === 0 ? 'no file digest declared' : `larger than the ${Math.round(maxBytes / 1024)} KiB hashing cap`));
      continue;
    }
    let pending = digests.get(declaration.target);
    if (!pending) {
      pending = digestFile(snapshot, declaration.target, maxBytes);
      digests.set(declaration.target, pending);
    }
    const computed = await pending;
    if (!computed) {
      results.push({ declaration, status: 'unverifiable', detail: 'could not be read' });
      continue;
    }
    results.push(compareHashes(declaration, comparable, computed));
  }
  return results;
}

function compareHashes(declaration: DatasetDeclaration, declared: ContentHash[], computed: Map<string, string>): Verification {
  for (const hash of declared) {
    const actual = computed.get(hash.algorithm);
    const legacy = declaration.legacyDvcMd5 && hash.algorithm === 'md5' ? computed.get('md5-dos2unix') : undefined;
    if (actual === hexOf(hash) || legacy === hexOf(hash)) continue;
    return { declaration, status: 'mismatch', detail: `${hash.algorithm} of the file is ${actual}, ${declaration.declaredIn} declares ${hexOf(hash)}` };
  }
  return { declaration, status: 'match', detail: `${declared.map((hash) => hash.algorithm).join(' and ')} match` };
}

function compareSize(declaration: DatasetDeclaration, size: number | undefined, why: string): Verification {
  if (size === undefined || declaration.size === null) return { declaration, status: 'unverifiable', detail: `${why}; no size to compare` };
  if (size === declaration.size) return { declaration, status: 'size-match', detail: `${why}: size checked only (${size} bytes, as declared)` };
  return { declaration, status: 'size-mismatch', detail: `${why}: the file has ${size} bytes, ${declaration.declaredIn} declares ${declaration.size}` };
}

async function verifyDirectory(snapshot: Snapshot, declaration: DatasetDeclaration): Promise<Verification> {
  const files = snapshot.under(declaration.target);
  if (files.length === 0) return { declaration, status: 'absent', detail: 'folder not in the snapshot' };
  if (declaration.nfiles !== null && files.length !== declaration.nfiles) {
    return { declaration, status: 'directory-mismatch', detail: `the folder holds ${files.length} file(s), ${declaration.declaredIn} declares ${declaration.nfiles}` };
  }
  if (declaration.size !== null && files.length <= 10_000) {
    let total = 0;
    for (const file of files) total += (await snapshot.sizeOf(file)) ?? 0;
    if (total !== declaration.size) return { declaration, status: 'directory-mismatch', detail: `the folder holds ${total} bytes, ${declaration.declaredIn} declares ${declaration.size}` };
  }
  return { declaration, status: 'directory-match', detail: 'file count and total size checked (the directory listing hash needs the DVC cache)' };
}

/** md5, sha1, sha256, sha512 of the bytes, plus DVC 2.x's md5 of text with CRLF turned into LF. */
async function digestFile(snapshot: Snapshot, path: string, maxBytes: number): Promise<Map<string, string> | null> {
  const read = await snapshot.readBytes(path, maxBytes);
  if (!read.ok) return null;
  const bytes = read.bytes;
  const digests = new Map<string, string>();
  for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512']) digests.set(algorithm, createHash(algorithm).update(bytes).digest('hex'));
  if (!looksBinary(bytes)) digests.set('md5-dos2unix', createHash('md5').update(dos2unix(bytes)).digest('hex'));
  return digests;
}

function dos2unix(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10) continue;
    out[n++] = bytes[i];
  }
  return out.subarray(0, n);
}
