// Content hashes as dataset formats declare them, and whether each is well formed. Pure.

export type HashAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512' | 'etag' | 'checksum';

export interface ContentHash {
  algorithm: HashAlgorithm;
  /** The value as written (lowercased for hex algorithms, `.dir` suffix kept for DVC directories). */
  value: string;
  /** The value has the form its algorithm requires (32 hex for md5, 64 hex for sha256, …). */
  valid: boolean;
  /** DVC: the md5 of a directory listing (`<md5>.dir`), not of a file's bytes. */
  directory?: boolean;
}

const HEX_LENGTH: Partial<Record<HashAlgorithm, number>> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

export function contentHash(algorithm: HashAlgorithm, raw: unknown, options: { allowDir?: boolean } = {}): ContentHash {
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  const length = HEX_LENGTH[algorithm];
  if (length === undefined) {
    // etag / checksum: opaque strings from cloud storage; any non-empty token without spaces is accepted.
    return { algorithm, value: text, valid: text.length > 0 && text.length <= 256 && !/\s/.test(text) };
  }
  let value = text.toLowerCase();
  let directory = false;
  if (options.allowDir && value.endsWith('.dir')) {
    directory = true;
    value = value.slice(0, -4);
  }
  const valid = value.length === length && /^[0-9a-f]+$/.test(value);
  const hash: ContentHash = { algorithm, value: directory ? `${value}.dir` : value, valid };
  if (directory) hash.directory = true;
  return hash;
}

/** The hex digest part of a hash (without DVC's `.dir` suffix). */
export function hexOf(hash: ContentHash): string {
  return hash.directory ? hash.value.slice(0, -4) : hash.value;
}

/** `sha256:abc…` / `md5:abc…` / bare hex (md5 by default, as Frictionless says). */
export function prefixedHash(raw: unknown, defaultAlgorithm: HashAlgorithm = 'md5'): ContentHash | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const match = /^(md5|sha1|sha256|sha512)[:-](.*)$/i.exec(raw.trim());
  if (match) return contentHash(match[1].toLowerCase() as HashAlgorithm, match[2]);
  return contentHash(defaultAlgorithm, raw);
}

/** Short form for messages: `md5 22a1a293…`. */
export function describeHash(hash: ContentHash): string {
  const shown = hash.value.length > 16 ? `${hash.value.slice(0, 12)}…` : hash.value;
  return `${hash.algorithm} ${shown || '(empty)'}`;
}

export function expectedForm(algorithm: HashAlgorithm): string {
  const length = HEX_LENGTH[algorithm];
  return length ? `${length} hexadecimal characters` : 'a non-empty token';
}
