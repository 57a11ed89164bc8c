// Markdown through a real CommonMark parser (micromark/mdast) with GFM tables and YAML front matter,
// flattened into what checks ask about: headings, sections with their text, tables, links, code.
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { toString } from 'mdast-util-to-string';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmTable } from 'micromark-extension-gfm-table';
import type { Nodes, Root, RootContent } from 'mdast';
import { parseYamlMapping } from './yaml.js';
import type { FormatError, Parsed } from './result.js';

export interface MarkdownHeading {
  depth: number;
  text: string;
  line: number;
}

export interface MarkdownSection {
  heading: MarkdownHeading;
  /** Text directly under the heading, up to the next heading of any level. */
  body: string;
  /** Text under the heading including its sub-sections. */
  content: string;
  /** Last line of the section (inclusive), including sub-sections. */
  endLine: number;
}

export interface MarkdownTable {
  line: number;
  header: string[];
  rows: string[][];
  /** Line of each body row. */
  rowLines: number[];
}

export interface MarkdownLink {
  url: string;
  text: string;
  line: number;
}

export interface MarkdownCode {
  /** Fenced or indented block (`block`) or inline `code` span. */
  kind: 'block' | 'inline';
  lang?: string;
  value: string;
  line: number;
}

export interface MarkdownDocument {
  /** Parsed YAML front matter; null when there is none. */
  frontMatter: Parsed<Record<string, unknown>> | null;
  /** Text of the first level-1 heading (or the first heading at all). */
  title: MarkdownHeading | null;
  headings: MarkdownHeading[];
  sections: MarkdownSection[];
  tables: MarkdownTable[];
  links: MarkdownLink[];
  code: MarkdownCode[];
  /** Text before the first heading (after front matter). */
  preamble: string;
  /** Plain text of the whole document, front matter excluded. */
  text: string;
  /** Paragraph and list-item texts with their lines, for line-level searches. */
  paragraphs: Array<{ text: string; line: number }>;
}

const MAX_MARKDOWN_CHARS = 2_000_000;

export function parseMarkdown(source: string): MarkdownDocument {
  const text = source.length > MAX_MARKDOWN_CHARS ? source.slice(0, MAX_MARKDOWN_CHARS) : source;
  let tree: Root;
  try {
    tree = fromMarkdown(text, {
      extensions: [frontmatter(['yaml']), gfmTable()],
      mdastExtensions: [frontmatterFromMarkdown(['yaml']), gfmTableFromMarkdown()],
    });
  } catch {
    // micromark does not throw on any string in practice; keep a plain-text fallback regardless.
    tree = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: text }], position: pos(1) }] };
  }
  return flatten(tree);
}

function flatten(tree: Root): MarkdownDocument {
  const headings: MarkdownHeading[] = [];
  const tables: MarkdownTable[] = [];
  const links: MarkdownLink[] = [];
  const code: MarkdownCode[] = [];
  const paragraphs: Array<{ text: string; line: number }> = [];
  let frontMatter: Parsed<Record<string, unknown>> | null = null;

  // Top-level blocks in order, each with its plain text, so sections can be cut at heading boundaries.
  const blocks: Array<{ line: number; endLine: number; heading?: MarkdownHeading; text: string }> = [];
  for (const node of tree.children) {
    const line = node.position?.start.line ?? 1;
    const endLine = node.position?.end.line ?? line;
    if (node.type === 'yaml') {
      frontMatter = withLineOffset(parseYamlMapping(node.value), 1);
      continue;
    }
    if (node.type === 'heading') {
      const heading = { depth: node.depth, text: clean(toString(node)), line };
      headings.push(heading);
      blocks.push({ line, endLine, heading, text: '' });
    } else {
      blocks.push({ line, endLine, text: blockText(node) });
    }
    collect(node, tables, links, code, paragraphs);
  }

  const sections: MarkdownSection[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const heading = blocks[i].heading;
    if (!heading) continue;
    const body: string[] = [];
    const content: string[] = [];
    let endLine = blocks[i].endLine;
    let direct = true;
    for (let j = i + 1; j < blocks.length; j++) {
      const next = blocks[j];
      if (next.heading) {
        if (next.heading.depth <= heading.depth) break;
        direct = false;
        content.push(next.heading.text);
      } else {
        if (direct) body.push(next.text);
        content.push(next.text);
      }
      endLine = next.endLine;
    }
    sections.push({ heading, body: body.join('\n').trim(), content: content.join('\n').trim(), endLine });
  }

  const firstHeading = blocks.findIndex((block) => block.heading);
  const preamble = blocks
    .slice(0, firstHeading === -1 ? blocks.length : firstHeading)
    .map((block) => block.text)
    .join('\n')
    .trim();
  const title = headings.find((heading) => heading.depth === 1) ?? headings[0] ?? null;
  const allText = blocks.map((block) => block.heading?.text ?? block.text).join('\n');
  return { frontMatter, title, headings, sections, tables, links, code, preamble, text: allText, paragraphs };
}

// Walks a block iteratively (no recursion: deeply nested lists or quotes cannot exhaust the stack).
function collect(
  root: RootContent,
  tables: MarkdownTable[],
  links: MarkdownLink[],
  code: MarkdownCode[],
  paragraphs: Array<{ text: string; line: number }>,
): void {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const line = node.position?.start.line ?? 1;
    switch (node.type) {
      case 'table': {
        const [head, ...body] = node.children;
        tables.push({
          line,
          header: head ? head.children.map((cell) => clean(toString(cell))) : [],
          rows: body.map((row) => row.children.map((cell) => clean(toString(cell)))),
          rowLines: body.map((row) => row.position?.start.line ?? line),
        });
        break;
      }
      case 'link':
        links.push({ url: node.url, text: clean(toString(node)), line });
        break;
      case 'definition':
        links.push({ url: node.url, text: node.label ?? node.identifier, line });
        break;
      case 'code':
        code.push({ kind: 'block', lang: node.lang ?? undefined, value: node.value, line });
        break;
      case 'inlineCode':
        code.push({ kind: 'inline', value: node.value, line });
        break;
      case 'paragraph':
        paragraphs.push({ text: clean(toString(node)), line });
        break;
      default:
        break;
    }
    if ('children' in node && Array.isArray(node.children)) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
    }
  }
}

function blockText(node: RootContent): string {
  if (node.type === 'code') return node.value;
  if (node.type === 'html') return '';
  if (node.type === 'table') return node.children.map((row) => row.children.map((cell) => toString(cell)).join(' | ')).join('\n');
  if (node.type === 'list') return node.children.map((item) => '- ' + toString(item, { includeHtml: false })).join('\n');
  return toString(node, { includeHtml: false });
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function pos(line: number) {
  return { start: { line, column: 1 }, end: { line, column: 1 } };
}

function withLineOffset<T>(result: Parsed<T>, offset: number): Parsed<T> {
  if (result.ok || result.error.line === undefined) return result;
  const error: FormatError = { ...result.error, line: result.error.line + offset };
  return { ok: false, error };
}

/** Finds a section whose heading matches, at any depth. */
export function findSection(document: MarkdownDocument, pattern: RegExp): MarkdownSection | undefined {
  return document.sections.find((section) => pattern.test(section.heading.text));
}

/** Lowercased words-only form of a heading for matching (`## 2. Decision Outcome` -> `decision outcome`). */
export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/^[\d.\s)]+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
