// Changelogs: entries headed by a version and/or a date, as Keep a Changelog (`## [1.2.0] - 2025-03-04`),
// towncrier (`## 1.2.0 (2025-03-04)`), release-please and hand-written logs write them. Pure: a parsed
// Markdown document in, entries out.
import type { MarkdownDocument } from './markdown.js';

/** Where changelogs live, case-insensitive. */
export const CHANGELOG_LOCATIONS: readonly string[] = [
  '{CHANGELOG,CHANGES,HISTORY,NEWS,RELEASE_NOTES,RELEASE-NOTES,RELEASES}{,.md,.markdown,.rst,.txt}',
  '{docs,doc}/{changelog,changes,history,release-notes,release_notes,releases}{,.md,.markdown,.rst,.txt}',
];

export interface ChangelogEntry {
  line: number;
  heading: string;
  version: string | null;
  /** ISO date (YYYY-MM-DD) when the heading gives a valid one. */
  date: string | null;
  /** The heading holds something shaped like a date that is not a calendar date (2025-13-45). */
  invalidDate: string | null;
  unreleased: boolean;
  /** Words under the heading, sub-sections included. */
  words: number;
}

const VERSION = /(?:^|[\s[(/])v?(\d{1,4}\.\d{1,4}(?:\.\d{1,6})?(?:-[0-9A-Za-z.]{1,40})?)(?=$|[\s\]),:;])/;
const ISO_DATE = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_MONTH_YEAR = /\b(\d{1,2})(?:st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?,? (\d{4})\b/i;
const MONTH_DAY_YEAR = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/i;
const UNRELEASED = /\bunreleased\b/i;

export function changelogEntries(document: MarkdownDocument): ChangelogEntry[] {
  const entries: ChangelogEntry[] = [];
  for (const section of document.sections) {
    const text = section.heading.text;
    if (section.heading === document.title && section.heading.depth === 1 && !VERSION.test(text) && !ISO_DATE.test(text)) continue;
    const version = VERSION.exec(text)?.[1] ?? null;
    const { date, invalid } = dateIn(text);
    const unreleased = UNRELEASED.test(text);
    if (!version && !date && !invalid && !unreleased) continue;
    entries.push({
      line: section.heading.line,
      heading: text,
      version,
      date,
      invalidDate: invalid,
      unreleased,
      words: section.content.split(/\s+/).filter(Boolean).length,
    });
  }
  return entries;
}

function dateIn(text: string): { date: string | null; invalid: string | null } {
  const iso = ISO_DATE.exec(text);
  if (iso) return checked(Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[0]);
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) return checked(Number(dmy[3]), MONTHS.indexOf(dmy[2].toLowerCase()) + 1, Number(dmy[1]), dmy[0]);
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) return checked(Number(mdy[3]), MONTHS.indexOf(mdy[1].toLowerCase()) + 1, Number(mdy[2]), mdy[0]);
  return { date: null, invalid: null };
}

function checked(year: number, month: number, day: number, written: string): { date: string | null; invalid: string | null } {
  const value = new Date(Date.UTC(year, month - 1, day));
  const valid = year >= 1990 && year <= 2200 && value.getUTCFullYear() === year && value.getUTCMonth() === month - 1 && value.getUTCDate() === day;
  if (!valid) return { date: null, invalid: written };
  return { date: value.toISOString().slice(0, 10), invalid: null };
}
