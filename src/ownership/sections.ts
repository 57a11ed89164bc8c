// Section-level questions about a parsed Markdown document that ownership judgements share: does a section
// have real content (prose or a command), or only a heading? Pure: a parsed document in.
import { normaliseHeading, type MarkdownDocument, type MarkdownSection } from '../formats/markdown.js';

/** Fewer words than this under a heading, with no code block, is a heading with nothing behind it. */
export const MIN_SECTION_WORDS = 12;

export interface SectionVerdict {
  heading: string;
  line: number;
  words: number;
  codeBlocks: number;
  /** Prose of at least MIN_SECTION_WORDS words, or a code block. */
  real: boolean;
}

export function judgeSection(document: MarkdownDocument, section: MarkdownSection): SectionVerdict {
  const words = wordCount(section.content);
  const codeBlocks = document.code.filter((code) => code.kind === 'block' && code.line > section.heading.line && code.line <= section.endLine && code.value.trim() !== '').length;
  return { heading: section.heading.text, line: section.heading.line, words, codeBlocks, real: words >= MIN_SECTION_WORDS || codeBlocks > 0 };
}

/** The best section whose normalised heading matches: one with real content if any, else the first. */
export function bestSection(document: MarkdownDocument, heading: RegExp): SectionVerdict | null {
  let first: SectionVerdict | null = null;
  for (const section of document.sections) {
    if (!heading.test(normaliseHeading(section.heading.text))) continue;
    const verdict = judgeSection(document, section);
    if (verdict.real) return verdict;
    first ??= verdict;
  }
  return first;
}

/**
 * Whitespace-separated words holding a letter or digit, counted in one pass: splitting made an array of
 * every word first (~60 MB of garbage for a 1 MiB document, read by several checks).
 */
export function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const wide = c >= 0xd800 && c <= 0xdbff ? 2 : 1; // a surrogate pair is one character
    const char = c < 128 ? '' : text.slice(i, i + wide);
    if (c < 128 ? c === 32 || (c >= 9 && c <= 13) : SPACE.test(char)) {
      inWord = false;
    } else {
      if (!inWord) {
        inWord = true;
        counted = false;
      }
      if (!counted && (c < 128 ? (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) : WORDY.test(char))) {
        count++;
        counted = true;
      }
    }
    i += wide - 1;
  }
  return count;
}

const SPACE = /^\s$/u;
const WORDY = /^[\p{L}\p{N}]$/u;

/**
 * reStructuredText READMEs: turns over/underlined titles into Markdown headings so the same section logic
 * applies. Only the title shape is converted; the rest stays as text.
 */
export function rstHeadingsToMarkdown(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  const levels: string[] = [];
  const isAdornment = (line: string | undefined) => line !== undefined && /^([=\-~^"'`#*+:._])\1{2,}\s*$/.test(line);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const title = line.trim();
    if (title && !isAdornment(line) && isAdornment(lines[i + 1]) && lines[i + 1].trim().length >= Math.min(title.length, 3)) {
      const char = lines[i + 1].trim()[0];
      const overlined = isAdornment(out[out.length - 1]) && out[out.length - 1].trim()[0] === char;
      if (overlined) out.pop();
      const key = `${overlined ? 'o' : 'u'}${char}`;
      if (!levels.includes(key)) levels.push(key);
      out.push(`${'#'.repeat(Math.min(6, levels.indexOf(key) + 1))} ${title}`, '');
      i++;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}
