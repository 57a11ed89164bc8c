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

export function wordCount(text: string): number {
  let count = 0;
  for (const word of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(word)) count++;
  return count;
}

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
