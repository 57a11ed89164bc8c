import { describe, expect, it } from 'vitest';
import { gitattributesMatcher, looksLikeLfsPointer, parseGitattributes, parseLfsPointer } from '../src/formats/git-lfs.js';

const OID = '4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393';

describe('parseGitattributes', () => {
  it('keeps filter=lfs rules and explicit unsets, with lines', () => {
    const rules = parseGitattributes(`# large files\n*.parquet filter=lfs diff=lfs merge=lfs -text\n*.md text eol=lf\ndata/** filter=lfs diff=lfs merge=lfs -text\ndata/README.md -filter -diff -merge text\n"my file.csv" filter=lfs\n[attr]binary -diff -merge -text\n`);
    expect(rules).toEqual([
      { pattern: '*.parquet', line: 2, lfs: true },
      { pattern: 'data/**', line: 4, lfs: true },
      { pattern: 'data/README.md', line: 5, lfs: false },
      { pattern: 'my file.csv', line: 6, lfs: true },
    ]);
  });

  it('matches like git: bare names at any depth, slashed patterns anchored, last rule wins', () => {
    const match = gitattributesMatcher(parseGitattributes('*.parquet filter=lfs\ndata/** filter=lfs\ndata/README.md -filter\n'), '');
    expect(match('customers.parquet')).toBe(true);
    expect(match('deep/down/customers.parquet')).toBe(true);
    expect(match('data/raw/x.csv')).toBe(true);
    expect(match('data/README.md')).toBe(false);
    expect(match('other/data/x.csv')).toBe(null);
    expect(match('notes.txt')).toBe(null);
  });

  it('scopes a nested .gitattributes to its folder and ignores directory patterns', () => {
    const match = gitattributesMatcher(parseGitattributes('*.csv filter=lfs\n/top.bin filter=lfs\nraw/ filter=lfs\n'), 'datasets');
    expect(match('datasets/a/b.csv')).toBe(true);
    expect(match('datasets/top.bin')).toBe(true);
    expect(match('datasets/a/top.bin')).toBe(null);
    expect(match('other/b.csv')).toBe(null);
    expect(match('datasets/raw/file')).toBe(null);
  });
});

describe('parseLfsPointer', () => {
  it('reads a spec v1 pointer', () => {
    const result = parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 12345\n`);
    expect(result).toEqual({ ok: true, value: { oid: { algorithm: 'sha256', value: OID, valid: true }, size: 12345, legacy: false } });
  });

  it('reads the legacy hawser version URL and extension lines', () => {
    const result = parseLfsPointer(`version https://hawser.github.com/spec/v1\next-0-foo sha256:${OID}\noid sha256:${OID}\nsize 1\n`);
    expect(result.ok && result.value.legacy).toBe(true);
  });

  it('marks an uppercase or short oid invalid, without failing the parse', () => {
    const upper = parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:${OID.toUpperCase()}\nsize 1\n`);
    expect(upper.ok && upper.value.oid.valid).toBe(false);
    const short = parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:abc123\nsize 1\n`);
    expect(short.ok && short.value.oid.valid).toBe(false);
  });

  it('refuses what is not a pointer, with a position', () => {
    const wrongVersion = parseLfsPointer(`version https://example.com/v9\noid sha256:${OID}\nsize 1\n`);
    expect(wrongVersion.ok).toBe(false);
    const noSize = parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\n`);
    expect(!noSize.ok && noSize.error.message).toMatch(/no size/);
    const badSize = parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 12kb\n`);
    expect(!badSize.ok && badSize.error.line).toBe(3);
    const md5 = parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid md5:${OID.slice(0, 32)}\nsize 1\n`);
    expect(md5.ok).toBe(false);
    expect(parseLfsPointer('customer_id,churned\n1,0\n').ok).toBe(false);
    expect(parseLfsPointer('version https://git-lfs.github.com/spec/v1\n' + 'x'.repeat(2000)).ok).toBe(false);
  });

  it('tells pointers from content by their first bytes', () => {
    expect(looksLikeLfsPointer('version https://git-lfs.github.com/spec/v1\n')).toBe(true);
    expect(looksLikeLfsPointer('PAR1\u0000')).toBe(false);
  });
});
