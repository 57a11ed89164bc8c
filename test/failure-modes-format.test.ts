import { describe, expect, it } from 'vitest';
import { facetsOf, listItems, readFailureRegion, wholeDocument } from '../src/formats/failure-modes.js';
import { classifyFailureColumn, ratingProblems, readFailureTable } from '../src/formats/fmea.js';
import { parseMarkdown } from '../src/formats/markdown.js';

const table = (source: string) => parseMarkdown(source).tables[0];

describe('FMEA tables', () => {
  it.each([
    ['Potential Failure Mode', 'mode'],
    ['Potential Effect(s) of Failure', 'effect'],
    ['Potential Cause(s) of Failure', 'cause'],
    ['Severity (S)', 'severity'],
    ['O', 'occurrence'],
    ['Current Controls (Prevention)', 'mitigation'],
    ['Current Controls (Detection)', 'detection'],
    ['D', 'detection-rating'],
    ['RPN', 'rpn'],
    ['S×O×D', 'rpn'],
    ['Action Priority', 'action-priority'],
    ['Recommended Action', 'mitigation'],
    ['Symptom', 'effect'],
    ['Status', 'other'],
  ])('classifies header %s as %s', (header, expected) => {
    expect(classifyFailureColumn(header)).toBe(expected);
  });

  it('decides from the cells whether "Detection" is a rating or a control', () => {
    expect(classifyFailureColumn('Detection', ['3', '5', '2'])).toBe('detection-rating');
    expect(classifyFailureColumn('Detection', ['PSI alert', 'row count check'])).toBe('detection');
  });

  it('reads an FMEA row with ratings and checks RPN', () => {
    const parsed = readFailureTable(table('| Failure mode | Effect | S | O | D | RPN |\n|---|---|---|---|---|---|\n| Drift | Recall falls | 8 | 5 | 6 | 200 |\n'));
    expect(parsed?.kind).toBe('fmea');
    expect(parsed?.rows[0]).toMatchObject({ line: 3, severity: 8, occurrence: 5, detectionRating: 6, rpn: 200 });
    expect(ratingProblems(parsed!.rows[0])).toEqual(['RPN 200 is not S×O×D = 8×5×6 = 240']);
    expect(ratingProblems({ ...parsed!.rows[0], severity: 12, rpn: null })).toEqual(['severity 12 is outside the 1–10 scale']);
  });

  it('reads known-issues tables keyed by condition', () => {
    const parsed = readFailureTable(table('| Condition | Impact | Workaround |\n|---|---|---|\n| Empty basket | 500 error | Return popular items |\n'));
    expect(parsed?.kind).toBe('issues');
    expect(parsed?.rows[0].cells).toEqual({ cause: 'Empty basket', effect: '500 error', mitigation: 'Return popular items' });
  });

  it('ignores metric tables and tables without a failure subject', () => {
    expect(readFailureTable(table('| Metric | Value | Data |\n|---|---|---|\n| PR-AUC | 0.74 | holdout |\n'))).toBeNull();
    expect(readFailureTable(table('| Owner | Severity |\n|---|---|\n| Ana | 3 |\n'))).toBeNull();
  });
});

describe('failure entries', () => {
  it('finds the four facets from labels and from wording', () => {
    expect(facetsOf('Condition: x. Effect: y. Detection: z. Mitigation: w.')).toEqual({ condition: true, effect: true, detection: true, mitigation: true });
    expect(facetsOf('When the CRM schema changes, features arrive null and recall drops; the PSI alert fires and we retrain.')).toEqual({
      condition: true,
      effect: true,
      detection: true,
      mitigation: true,
    });
    expect(facetsOf('The model may make mistakes.')).toEqual({ condition: false, effect: false, detection: false, mitigation: false });
  });

  it('folds nested and continued list items into their parent, skipping code and comments', () => {
    const lines = ['- first', '  continued', '  - nested', '<!-- - hidden -->', '```', '- code', '```', '* second', '', 'paragraph', '1. third'];
    expect(listItems(lines, 1, lines.length)).toEqual([
      { line: 1, text: 'first continued nested' },
      { line: 8, text: 'second' },
      { line: 11, text: 'third' },
    ]);
  });

  it('treats a sub-section with labelled fields as one entry, and a list of failures as several', () => {
    const source = '# Known issues\n\n## Stale features\n\n- Condition: feature store lag > 2 h\n- Effect: stale scores\n\n## Edge cases\n\n- Empty baskets return nothing\n- Carts over 200 items time out\n';
    const reading = readFailureRegion(source, parseMarkdown(source), wholeDocument(source));
    expect(reading.entries.map((entry) => [entry.source, entry.line, entry.edgeCase])).toEqual([
      ['section', 3, true],
      ['list-item', 10, true],
      ['list-item', 11, true],
    ]);
    expect(reading.entries[0].facets).toMatchObject({ condition: true, effect: true, detection: false, mitigation: false });
  });
});
