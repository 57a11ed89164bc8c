// Declared dataset hashes against each other: the same path declared in a .dvc file, dvc.lock, a data
// manifest, Croissant or Frictionless must name the same content. (Hashes against the bytes of files
// present are src/datasets/verify.ts.) Pure: the dataset model in, one outcome per pair of declarations out.
import { hexOf, type ContentHash } from '../formats/content-hash.js';
import type { DatasetDeclaration, DatasetModel } from '../datasets/index.js';
import { abbreviateHash } from './format.js';

export type PairStatus =
  /** Same algorithm, same digest (and same size when both give one). */
  | 'agree'
  /** No common algorithm, but both give the same size. */
  | 'size-agree'
  | 'conflict'
  /** Nothing in common to compare (md5 here, sha256 there, no sizes). */
  | 'incomparable';

export interface HashPair {
  target: string;
  first: DatasetDeclaration;
  second: DatasetDeclaration;
  status: PairStatus;
  /** e.g. `md5 9a7510d5c4d6… = md5 9a7510d5c4d6…`. */
  detail: string;
  /**
   * Written by two independent sources (a .dvc file and dvc.lock, a manifest and Croissant). False for two
   * entries of one file, and for dvc.lock against dvc.lock: DVC writes one stage's output and the next
   * stage's input from the same bytes, so their agreement verifies nothing.
   */
  independent: boolean;
}

/** What kind of record a declaration is, as a reader would name it. */
export const DECLARATION_SOURCE: Readonly<Record<DatasetDeclaration['kind'], string>> = {
  'dvc-file': '.dvc file',
  'dvc-import': '.dvc import',
  'dvc-lock': 'dvc.lock',
  'lfs-pointer': 'LFS pointer',
  croissant: 'Croissant',
  frictionless: 'Frictionless',
  'hf-card': 'dataset card',
  'data-manifest': 'data manifest',
};

export function independentDeclarations(first: DatasetDeclaration, second: DatasetDeclaration): boolean {
  if (first.declaredIn === second.declaredIn) return false;
  return !(first.kind === 'dvc-lock' && second.kind === 'dvc-lock');
}

/** `.dvc file vs dvc.lock`, the two kinds of record a pair compares (in a stable order). */
export function pairSources(pair: HashPair): string {
  return [DECLARATION_SOURCE[pair.first.kind], DECLARATION_SOURCE[pair.second.kind]].sort().join(' vs ');
}

export const MAX_PAIRS = 1000;

/** Every pair of declarations of the same path (each compared once), capped. */
export function compareDeclaredHashes(model: DatasetModel, maxPairs = MAX_PAIRS): { pairs: HashPair[]; capped: boolean } {
  const byTarget = new Map<string, DatasetDeclaration[]>();
  for (const declaration of model.declarations) {
    if (declaration.isUrl || declaration.isPattern || declaration.kind === 'lfs-pointer') continue;
    if (declaration.hashes.length === 0 && declaration.size === null) continue;
    const list = byTarget.get(declaration.target) ?? [];
    list.push(declaration);
    byTarget.set(declaration.target, list);
  }
  const pairs: HashPair[] = [];
  for (const [target, declarations] of [...byTarget].sort(([a], [b]) => a.localeCompare(b))) {
    const distinct = declarations.filter((d, i) => declarations.findIndex((o) => o.declaredIn === d.declaredIn && o.line === d.line) === i);
    for (let i = 0; i < distinct.length; i++) {
      for (let j = i + 1; j < distinct.length; j++) {
        if (pairs.length >= maxPairs) return { pairs, capped: true };
        pairs.push(comparePair(target, distinct[i], distinct[j]));
      }
    }
  }
  return { pairs, capped: false };
}

function comparePair(target: string, first: DatasetDeclaration, second: DatasetDeclaration): HashPair {
  const independent = independentDeclarations(first, second);
  const pair = (status: PairStatus, detail: string): HashPair => ({ target, first, second, status, detail, independent });
  const sizes = first.size !== null && second.size !== null ? { a: first.size, b: second.size } : null;
  for (const a of first.hashes) {
    const b = second.hashes.find((hash) => hash.algorithm === a.algorithm && Boolean(hash.directory) === Boolean(a.directory));
    if (!b) continue;
    const same = sameDigest(a, b);
    if (same === null) continue;
    const shown = `${abbreviateHash(a.algorithm, a.value)} ${same ? '=' : '≠'} ${abbreviateHash(b.algorithm, b.value)}`;
    if (!same) return pair('conflict', `${shown}${legacyNote(first, second, a)}${malformedNote(a, b)}`);
    if (sizes && sizes.a !== sizes.b) return pair('conflict', `same ${a.algorithm}, but ${sizes.a} bytes ≠ ${sizes.b} bytes`);
    return pair('agree', `${shown}${malformedNote(a, b)}`);
  }
  if (sizes) {
    if (sizes.a !== sizes.b) return pair('conflict', `${sizes.a} bytes ≠ ${sizes.b} bytes (no common hash algorithm)`);
    return pair('size-agree', `${sizes.a} bytes in both (no common hash algorithm: ${algorithms(first)} vs ${algorithms(second)})`);
  }
  return pair('incomparable', `${algorithms(first)} vs ${algorithms(second)}: nothing in common to compare`);
}

/**
 * True/false for two digests of one algorithm; a malformed but hexadecimal digest (a truncated md5) is
 * compared as a prefix, so `9f2c1e7d…` against `fc15a100…` still shows two versions. Null when either is
 * not a digest at all.
 */
function sameDigest(a: ContentHash, b: ContentHash): boolean | null {
  const x = hexOf(a).toLowerCase();
  const y = hexOf(b).toLowerCase();
  if (a.valid && b.valid) return x === y;
  if (a.algorithm === 'etag' || a.algorithm === 'checksum') return a.valid && b.valid ? x === y : null;
  if (!/^[0-9a-f]{6,}$/.test(x) || !/^[0-9a-f]{6,}$/.test(y)) return null;
  return x.length <= y.length ? y.startsWith(x) : x.startsWith(y);
}

function malformedNote(a: ContentHash, b: ContentHash): string {
  if (a.valid && b.valid) return '';
  return ' (one digest is malformed: compared as a prefix)';
}

/** DVC 2.x hashed text files after turning CRLF into LF; a plain md5 of the same file can differ. */
function legacyNote(first: DatasetDeclaration, second: DatasetDeclaration, hash: ContentHash): string {
  if (hash.algorithm !== 'md5' || first.legacyDvcMd5 === second.legacyDvcMd5) return '';
  return ' (one is a DVC 2.x md5, which ignores CRLF line endings in text files)';
}

function algorithms(declaration: DatasetDeclaration): string {
  return declaration.hashes.map((hash) => hash.algorithm).join('+') || 'no hash';
}
