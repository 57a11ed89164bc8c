// Line numbers for offsets: the indexed lookup and the one-off count agree everywhere.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineAtIndex, lineOfIndex, lineOfText, lineStarts } from '../src/formats/lines.js';

describe('line numbers', () => {
  it('numbers lines from 1 and counts a trailing newline as the start of a new line', () => {
    const text = 'a\nbb\n\nccc\n';
    expect(lineStarts(text)).toEqual([0, 2, 5, 6, 10]);
    expect([0, 1, 2, 5, 6, 9, 10].map((index) => lineAtIndex(lineStarts(text), index))).toEqual([1, 1, 2, 3, 4, 4, 5]);
    expect(lineOfText(text, 'ccc')).toBe(4);
    expect(lineOfText(text, 'zzz')).toBeUndefined();
  });

  it('the binary search and the linear count agree for every offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', 'b', '\r') }), fc.nat(200), (text, raw) => {
        const index = raw % (text.length + 1);
        expect(lineAtIndex(lineStarts(text), index)).toBe(lineOfIndex(text, index));
      }),
    );
  });
});
