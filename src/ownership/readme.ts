// What a newcomer needs from a README: how to set the project up and run it, and how it is put together.
// Judged from headings and the content under them, not from the file's existence. Pure: a parsed document in.
import type { MarkdownDocument } from '../formats/markdown.js';
import { bestSection, wordCount, type SectionVerdict } from './sections.js';

/** Root READMEs in the order GitHub picks them, then the folders GitHub also renders a README from. */
export const README_CANDIDATES: readonly string[] = [
  'README.md',
  'README.markdown',
  'README.rst',
  'README.txt',
  'README',
  'readme.md',
  'Readme.md',
  '.github/README.md',
  'docs/README.md',
];

export const SETUP_HEADING =
  /\b(setup|set up|install\w*|getting started|get started|quick ?start|usage|how to (run|use|build|train|deploy)|running|run it|local (development|setup)|development|develop\w*|pre ?requisites|requirements|environment|build\w*|(workshop|tutorial|step by step) instructions)\b/;
export const ARCHITECTURE_HEADING =
  /\b(architecture|overview|design|how it works|components?|system (design|overview)|structure|layout|repository map|code map|what s (here|inside|where)|pipeline|data flow)\b/;
const TEMPLATE_TEXT = /lorem ipsum|\bTODO\b|\bTBD\b|a short description of (the|this|your) project|describe (your|the|this) project|add (your|a) (description|overview)|\[project[ _-]?name\]|<project[ _-]?name>|project description goes here/gi;

/** A README shorter than this (outside headings) does not explain anything. */
export const MIN_README_WORDS = 60;

export interface ReadmeVerdict {
  words: number;
  setup: SectionVerdict | null;
  architecture: SectionVerdict | null;
  /** Template text left in place (line and text). */
  templateText: Array<{ text: string; line: number }>;
}

export function judgeReadme(document: MarkdownDocument, source: string): ReadmeVerdict {
  const words = wordCount(document.text) - document.headings.reduce((sum, heading) => sum + wordCount(heading.text), 0);
  const templateText: Array<{ text: string; line: number }> = [];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length && i < 5000 && templateText.length < 10; i++) {
    for (const match of lines[i].slice(0, 2000).matchAll(TEMPLATE_TEXT)) {
      // "a decision todo list" is prose; a left-over marker is written TODO / TBD.
      if (/^(todo|tbd)$/i.test(match[0]) && match[0] !== match[0].toUpperCase()) continue;
      if (templateText.some((found) => found.line === i + 1 && found.text.toLowerCase() === match[0].toLowerCase())) continue;
      templateText.push({ text: match[0], line: i + 1 });
    }
  }
  return { words, setup: bestSection(document, SETUP_HEADING), architecture: bestSection(document, ARCHITECTURE_HEADING), templateText };
}

/** 0..1: some real text (0.2), a setup section with content (0.4), an architecture section with content (0.4). */
export function readmeValue(verdict: ReadmeVerdict): number {
  const body = 0.2 * Math.min(1, verdict.words / MIN_README_WORDS);
  const part = (section: SectionVerdict | null) => (section ? (section.real ? 0.4 : 0.05) : 0);
  const penalty = Math.min(0.3, 0.1 * verdict.templateText.length);
  return Math.max(0, body + part(verdict.setup) + part(verdict.architecture) - penalty);
}
