// Git LFS: `.gitattributes` patterns with `filter=lfs`, and pointer files (git-lfs docs/spec.md).
// Pure: text in, rules and pointers out; matching follows gitattributes' pattern rules.
import picomatch from 'picomatch';
import { contentHash, type ContentHash } from './content-hash.js';
import { failed, parsed, type Parsed } from './result.js';

/** A pointer is a small text file; anything this size or larger is real content. */
export const LFS_POINTER_MAX_BYTES = 1024;
export const LFS_SPEC_URL = 'https://git-lfs.github.com/spec/v1';
const LEGACY_SPEC_URL = 'https://hawser.github.com/spec/v1';

export interface GitattributesRule {
  pattern: string;
  line: number;
  /** `filter=lfs` sets it; `-filter`, `!filter` or another filter unsets it (the last matching rule wins). */
  lfs: boolean;
}

export function parseGitattributes(text: string): GitattributesRule[] {
  const rules: GitattributesRule[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#') || line.startsWith('[attr]')) continue;
    const { pattern, rest } = splitPattern(line);
    if (!pattern) continue;
    const attributes = rest.split(/\s+/).filter(Boolean);
    let filter: boolean | null = null;
    for (const attribute of attributes) {
      if (attribute === 'filter=lfs') filter = true;
      else if (attribute === '-filter' || attribute === '!filter' || (attribute.startsWith('filter=') && attribute !== 'filter=lfs')) filter = false;
    }
    if (filter !== null) rules.push({ pattern, line: i + 1, lfs: filter });
  }
  return rules;
}

/** `"name with space.csv" filter=lfs` quotes the pattern; otherwise it ends at the first blank. */
function splitPattern(line: string): { pattern: string; rest: string } {
  if (line.startsWith('"')) {
    const end = line.indexOf('"', 1);
    if (end > 0) return { pattern: line.slice(1, end), rest: line.slice(end + 1) };
  }
  const space = line.search(/\s/);
  return space === -1 ? { pattern: line, rest: '' } : { pattern: line.slice(0, space), rest: line.slice(space + 1) };
}

/**
 * A matcher for one `.gitattributes` file in folder `base` ('' for the root): returns true (LFS), false
 * (explicitly not LFS) or null (no rule matched). A pattern without a slash matches the file name at any
 * depth below `base`; one with a slash is anchored at `base`. Patterns ending in `/` never match files.
 */
export function gitattributesMatcher(rules: readonly GitattributesRule[], base: string): (path: string) => boolean | null {
  const prefix = base === '' ? '' : `${base.replace(/(?<!\/)\/+$/, '')}/`;
  const compiled = rules
    .filter((rule) => !rule.pattern.endsWith('/'))
    .map((rule) => {
      const anchored = rule.pattern.includes('/');
      const glob = anchored ? rule.pattern.replace(/^\//, '') : `**/${rule.pattern}`;
      return { lfs: rule.lfs, match: picomatch(glob, { dot: true }) };
    });
  return (path: string) => {
    if (prefix && !path.startsWith(prefix)) return null;
    const relative = path.slice(prefix.length);
    let result: boolean | null = null;
    for (const rule of compiled) if (rule.match(relative)) result = rule.lfs;
    return result;
  };
}

export interface LfsPointer {
  oid: ContentHash;
  size: number;
  /** Written with the pre-1.0 `hawser.github.com` version URL. */
  legacy: boolean;
}

/** Parses a pointer file; anything that is not one is an error value, never a throw. */
export function parseLfsPointer(text: string): Parsed<LfsPointer> {
  if (text.length >= LFS_POINTER_MAX_BYTES) return failed(`larger than ${LFS_POINTER_MAX_BYTES} bytes: not a pointer`);
  const lines = text.split('\n').filter((line, index, all) => line !== '' || index < all.length - 1);
  const first = /^version (\S+)$/.exec(lines[0] ?? '');
  if (!first) return failed('a pointer starts with "version https://git-lfs.github.com/spec/v1"', 1, 1);
  const legacy = first[1] === LEGACY_SPEC_URL;
  if (first[1] !== LFS_SPEC_URL && !legacy) return failed(`unknown pointer version ${first[1].slice(0, 80)}`, 1, 9);
  let oid: ContentHash | null = null;
  let size: number | null = null;
  for (let i = 1; i < lines.length; i++) {
    const match = /^([a-z0-9.-]+) (.*)$/.exec(lines[i]);
    if (!match) return failed(`line is not "key value": ${lines[i].slice(0, 60)}`, i + 1, 1);
    const [, key, value] = match;
    if (key === 'oid') {
      const hashed = /^sha256:(.*)$/.exec(value);
      if (!hashed) return failed('oid must be sha256:<64 hex>', i + 1, 5);
      oid = contentHash('sha256', hashed[1]);
      // The spec requires lowercase hex; contentHash lowercases, so compare with the original.
      if (oid.valid && hashed[1] !== oid.value) oid = { ...oid, valid: false };
    } else if (key === 'size') {
      if (!/^\d+$/.test(value)) return failed(`size "${value.slice(0, 30)}" is not a byte count`, i + 1, 6);
      size = Number(value);
    }
  }
  if (!oid) return failed('pointer has no oid line');
  if (size === null) return failed('pointer has no size line');
  return parsed({ oid, size, legacy });
}

/** Cheap test on the first bytes, before reading or parsing a candidate. */
export function looksLikeLfsPointer(text: string): boolean {
  return text.startsWith(`version ${LFS_SPEC_URL}`) || text.startsWith(`version ${LEGACY_SPEC_URL}`);
}
