// Markdown through a real CommonMark parser (markdown-it, with GFM tables) plus YAML front matter,
// flattened into what checks ask about: headings, sections with their text, tables, links, code.
// markdown-it was chosen over micromark/mdast by measurement: ~0.1 ms versus 1-3 ms per small document,
// which matters when a delivery holds hundreds of ADRs and runbooks.
import MarkdownIt from 'markdown-it';
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];
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
  /** The first level-1 heading (or the first heading at all). */
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
  /** Paragraph texts (including those in list items and quotes) with their first line. */
  paragraphs: Array<{ text: string; line: number }>;
}

const MAX_MARKDOWN_CHARS = 2_000_000;
/**
 * Markdown handed to markdown-it per document. Its tokens cost ~300 bytes and ~1.5 µs each, and a table
 * row or list item of four characters makes five of them: a 1 MiB table took 2-4 s and 400 MB of heap. Past
 * this many characters the rest is read by a line scanner (headings, sections, paragraphs, fenced code) that
 * costs a few milliseconds per MiB. Real documents rarely come near it.
 */
export const MAX_PARSED_MARKDOWN_CHARS = 128 * 1024;
/** Characters of a paragraph past the parse budget kept in `paragraphs`. */
const MAX_TAIL_PARAGRAPH_CHARS = 16 * 1024;
/** And lines: tokens come per line (a table row, a list item), so short lines cost the most per character. */
export const MAX_PARSED_MARKDOWN_LINES = 2000;
/** Deep nesting (quotes in lists in quotes...) is capped by markdown-it itself via maxNesting. */
const parser = new MarkdownIt('default', { html: true, linkify: false, typographer: false, maxNesting: 50 });

export function parseMarkdown(source: string): MarkdownDocument {
  const text = source.length > MAX_MARKDOWN_CHARS ? source.slice(0, MAX_MARKDOWN_CHARS) : source;
  const { frontMatter, body, lineOffset } = splitFrontMatter(text);
  const cut = structureCut(body, MAX_PARSED_MARKDOWN_CHARS, MAX_PARSED_MARKDOWN_LINES);
  const head = body.slice(0, cut);
  let tokens: Token[];
  try {
    tokens = parser.parse(head, {});
  } catch {
    // markdown-it does not throw on any string in practice; keep a plain-text fallback regardless.
    tokens = [];
  }
  const tail = cut < body.length ? scanLines(body.slice(cut), countLines(head) + 1 + lineOffset) : null;
  return flatten(tokens, frontMatter, lineOffset, tokens.length === 0 ? head : null, tail);
}

/** A fenced code block's opening line: up to three spaces, then three or more backticks or tildes. */
function fenceOpening(line: string): string | null {
  let at = 0;
  while (at < 3 && line.charCodeAt(at) === 32) at++;
  const char = line[at];
  if (char !== '`' && char !== '~') return null;
  let end = at;
  while (line[end] === char) end++;
  return end - at >= 3 ? line.slice(at, end) : null;
}

/** The closing line of a fence opened with `fence`: at least as many of its character, nothing else. */
function closesFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length < fence.length || line.length - line.trimStart().length > 3) return false;
  for (let i = 0; i < trimmed.length; i++) if (trimmed[i] !== fence[0]) return false;
  return true;
}

/** An ATX heading (`## Title ##`): its depth and text, or null. Done by hand to stay linear on long lines. */
function atxHeading(line: string): { depth: number; text: string } | null {
  let at = 0;
  while (at < 3 && line.charCodeAt(at) === 32) at++;
  let depth = 0;
  while (line.charCodeAt(at + depth) === 35 /* # */ && depth < 7) depth++;
  if (depth === 0 || depth > 6) return null;
  const after = line.charCodeAt(at + depth);
  if (!Number.isNaN(after) && after !== 32 && after !== 9) return null;
  let text = line.slice(at + depth).trim();
  // A closing run of #s counts only after a space (or as the whole text).
  let hashes = text.length;
  while (hashes > 0 && text.charCodeAt(hashes - 1) === 35) hashes--;
  if (hashes === 0) text = '';
  else if (hashes < text.length && (text[hashes - 1] === ' ' || text[hashes - 1] === '\t')) text = text.slice(0, hashes).trim();
  return { depth, text };
}

/**
 * Where markdown-it stops: the whole text when it fits the budgets, else at a line outside fenced code: the
 * last heading in the second half of what fits, else the last blank line there, else the last line (0
 * when the budget holds no whole line: the line scanner takes it all).
 */
function structureCut(text: string, budget: number, maxLines: number): number {
  if (text.length <= budget && fewLines(text, maxLines)) return text.length;
  let lastHeading = -1;
  let lastBlank = -1;
  let lastLine = 0;
  let fence: string | null = null;
  let start = 0;
  let lines = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      if (text.length <= budget) return text.length;
      break;
    }
    if (newline >= budget || lines === maxLines) break;
    lines++;
    const line = text.slice(start, newline);
    if (fence !== null) {
      if (closesFence(line, fence)) fence = null;
    } else {
      lastLine = start;
      if ((fence = fenceOpening(line)) === null) {
        if (atxHeading(line)) lastHeading = start;
        else if (line.trim() === '') lastBlank = newline + 1;
      }
    }
    start = newline + 1;
    if (fence === null) lastLine = start;
  }
  const half = start / 2;
  if (lastHeading >= half) return lastHeading;
  if (lastBlank >= half) return lastBlank;
  return lastLine;
}

/** Whether the text has at most `max` line breaks (counted without slicing: most documents pass here). */
function fewLines(text: string, max: number): boolean {
  if (text.length <= max) return true;
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) if (++count > max) return false;
  return true;
}

interface ScannedTail {
  blocks: Block[];
  paragraphs: Array<{ text: string; line: number }>;
  code: MarkdownCode[];
  links: MarkdownLink[];
}

/**
 * The rest of a long document, line by line: ATX headings outside fenced code become headings, runs of
 * non-blank lines paragraphs, fences code blocks. No tables, links or inline markup: linear and cheap, and
 * light on garbage (a paragraph is one slice of the text, not its lines split and joined again).
 */
function scanLines(text: string, firstLine: number): ScannedTail {
  const blocks: Block[] = [];
  const paragraphs: Array<{ text: string; line: number }> = [];
  const code: MarkdownCode[] = [];
  const links: MarkdownLink[] = [];
  let paragraphStart = -1;
  let paragraphEnd = 0;
  let paragraphLine = 0;
  let fence: { marker: string; lang?: string; line: number; contentStart: number } | null = null;
  const endParagraph = (endLine: number) => {
    if (paragraphStart === -1) return;
    const raw = text.slice(paragraphStart, paragraphEnd);
    blocks.push({ line: paragraphLine, endLine, text: raw });
    inlineLinks(raw, paragraphLine, links);
    // A "paragraph" this long is a table or a dump, not prose: its start is enough for what paragraphs are
    // asked (statements, list items), and the whole of it stays in the section and document text.
    paragraphs.push({ text: clean(raw.length > MAX_TAIL_PARAGRAPH_CHARS ? raw.slice(0, MAX_TAIL_PARAGRAPH_CHARS) : raw), line: paragraphLine });
    paragraphStart = -1;
  };
  const endFence = (open: NonNullable<typeof fence>, contentEnd: number, endLine: number) => {
    const value = text.slice(open.contentStart, contentEnd);
    code.push({ kind: 'block', ...(open.lang ? { lang: open.lang } : {}), value, line: open.line });
    blocks.push({ line: open.line, endLine, text: value });
  };
  let number = firstLine;
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (newline === -1 && start === end) break; // the empty piece after a final line break
    // A line's first character after up to three spaces decides what it can be: only a fence (` ~) or a
    // heading (#) needs the line as a string; the rest are paragraph or blank lines, told apart in place.
    let at = start;
    while (at < end && at < start + 3 && text.charCodeAt(at) === 32) at++;
    const lead = text.charCodeAt(at);
    const marked = lead === 96 || lead === 126 || lead === 35;
    // Long lines are looked at through their start: a fence line past 256 characters is not one.
    const line = marked ? text.slice(start, Math.min(end, start + 256)).replace(/\r$/, '') : '';
    if (fence) {
      if (marked && end - start <= 256 && closesFence(line, fence.marker)) {
        endFence(fence, start, number);
        fence = null;
      }
    } else {
      const marker = marked ? fenceOpening(line) : null;
      const heading = marker || lead !== 35 ? null : atxHeading(end - start <= 256 ? line : text.slice(start, end));
      if (marker) {
        endParagraph(number - 1);
        const info = line.trim().slice(marker.length).trim();
        fence = { marker, line: number, contentStart: newline === -1 ? end : newline + 1, ...(info ? { lang: info.split(/[ \t]/)[0] } : {}) };
      } else if (heading) {
        endParagraph(number - 1);
        blocks.push({ line: number, endLine: number, heading: { depth: heading.depth, text: clean(heading.text), line: number }, text: '' });
      } else if (isBlank(text, start, end)) endParagraph(number - 1);
      else {
        if (paragraphStart === -1) {
          paragraphStart = start;
          paragraphLine = number;
        }
        paragraphEnd = end;
      }
    }
    if (newline === -1) break;
    start = newline + 1;
    number++;
  }
  const lastLine = number - (start >= text.length ? 1 : 0);
  endParagraph(lastLine);
  // An unclosed fence runs to the end of the document, as in CommonMark.
  if (fence) endFence(fence, text.length, lastLine);
  return { blocks, paragraphs, code, links };
}

/**
 * Inline links `[text](url)` of a paragraph, by a linear scan: each `](` looks back for its `[` no further
 * than the previous `](`, and forward for the `)` no further than the next whitespace. No reference links,
 * autolinks or nesting: what markdown-it would find, for the plain case.
 */
function inlineLinks(raw: string, firstLine: number, links: MarkdownLink[]): void {
  let line = firstLine;
  let counted = 0; // newlines are counted up to here
  let floor = 0; // no look-back or look-ahead covers text twice
  for (let at = raw.indexOf(']('); at !== -1; at = raw.indexOf('](', floor)) {
    let start = at - 1;
    while (start >= floor && raw.charCodeAt(start) !== 91 /* [ */) start--;
    let end = at + 2;
    while (end < raw.length && raw.charCodeAt(end) !== 41 /* ) */ && raw.charCodeAt(end) > 32) end++;
    // Every `](` before `end` would stop at the same place: the next search starts past it.
    const found = start >= floor && raw.charCodeAt(end) === 41 && raw.charCodeAt(start - 1) !== 33; /* ![image] */
    floor = Math.max(at + 2, end + (found ? 1 : 0));
    if (!found) continue;
    for (; counted < start; counted++) if (raw.charCodeAt(counted) === 10) line++;
    const url = raw.slice(at + 2, end).replace(/^<|>$/g, '');
    links.push({ url, text: clean(raw.slice(start + 1, at).replace(/[*_`]/g, '')), line });
  }
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Front matter: a first line of `---`, YAML, then a line of `---` or `...`. */
function splitFrontMatter(text: string): { frontMatter: Parsed<Record<string, unknown>> | null; body: string; lineOffset: number } {
  const start = /^\uFEFF?---[ \t]*\r?\n/.exec(text);
  if (!start) return { frontMatter: null, body: text, lineOffset: 0 };
  const close = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = text.slice(start[0].length);
  const end = close.exec(rest);
  if (!end) return { frontMatter: null, body: text, lineOffset: 0 };
  const yaml = rest.slice(0, end.index);
  const afterClose = rest.slice(end.index + end[0].length).replace(/^\r?\n/, '');
  const consumedLines = text.length - afterClose.length > 0 ? countLines(text.slice(0, text.length - afterClose.length)) : 0;
  return { frontMatter: withLineOffset(parseYamlMapping(yaml), 1), body: afterClose, lineOffset: consumedLines };
}

interface Block {
  line: number;
  endLine: number;
  heading?: MarkdownHeading;
  text: string;
}

function flatten(tokens: Token[], frontMatter: Parsed<Record<string, unknown>> | null, offset: number, fallbackText: string | null, tail: ScannedTail | null): MarkdownDocument {
  const headings: MarkdownHeading[] = [];
  const tables: MarkdownTable[] = [];
  const links: MarkdownLink[] = [];
  const code: MarkdownCode[] = [];
  const paragraphs: Array<{ text: string; line: number }> = [];
  const blocks: Block[] = [];
  const lineOf = (token: Token | undefined) => (token?.map ? token.map[0] + 1 + offset : 1 + offset);
  const endLineOf = (token: Token | undefined) => (token?.map ? token.map[1] + offset : 1 + offset);

  let i = 0;
  while (i < tokens.length) {
    const open = tokens[i];
    // Find the end of this top-level block (the token where nesting returns to level 0).
    let j = i;
    if (open.nesting === 1) {
      let depth = 0;
      for (; j < tokens.length; j++) {
        depth += tokens[j].nesting;
        if (depth === 0) break;
      }
    }
    const slice = tokens.slice(i, j + 1);
    const line = lineOf(open);
    const endLine = endLineOf(open);
    if (open.type === 'heading_open') {
      const heading = { depth: Number(open.tag.slice(1)), text: clean(inlineText(slice[1])), line };
      headings.push(heading);
      collectInline(slice[1], line, links, code);
      blocks.push({ line, endLine, heading, text: '' });
    } else {
      blocks.push({ line, endLine, text: blockText(slice) });
      collectBlock(slice, lineOf, links, code, paragraphs, tables);
    }
    i = j + 1;
  }
  if (fallbackText !== null && fallbackText.trim()) {
    blocks.push({ line: 1 + offset, endLine: 1 + offset, text: fallbackText });
    paragraphs.push({ text: clean(fallbackText), line: 1 + offset });
  }
  if (tail) {
    // Loops, not push(...list): a tail can hold more items than a call has room for arguments.
    for (const block of tail.blocks) {
      blocks.push(block);
      if (block.heading) headings.push(block.heading);
    }
    for (const paragraph of tail.paragraphs) paragraphs.push(paragraph);
    for (const item of tail.code) code.push(item);
    for (const link of tail.links) links.push(link);
  }

  const sections: MarkdownSection[] = [];
  for (let b = 0; b < blocks.length; b++) {
    const heading = blocks[b].heading;
    if (!heading) continue;
    const body: string[] = [];
    const content: string[] = [];
    let endLine = blocks[b].endLine;
    let direct = true;
    for (let n = b + 1; n < blocks.length; n++) {
      const next = blocks[n];
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
    // Without sub-sections the content is the body: one string, not two copies of it.
    const bodyText = body.join('\n').trim();
    sections.push({ heading, body: bodyText, content: direct ? bodyText : content.join('\n').trim(), endLine });
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

/** Plain text of a top-level block: list items as `- item` lines, table rows joined by `|`, code as is. */
function blockText(slice: Token[]): string {
  const open = slice[0];
  if (open.type === 'fence' || open.type === 'code_block') return open.content;
  if (open.type === 'html_block' || open.type === 'hr') return '';
  if (open.type === 'table_open') {
    const rows: string[] = [];
    let cells: string[] = [];
    for (const token of slice) {
      if (token.type === 'tr_open') cells = [];
      else if (token.type === 'inline') cells.push(inlineText(token));
      else if (token.type === 'tr_close') rows.push(cells.join(' | '));
    }
    return rows.join('\n');
  }
  const lines: string[] = [];
  let itemDepth = 0;
  let pendingBullet = false;
  for (const token of slice) {
    if (token.type === 'list_item_open') {
      itemDepth++;
      pendingBullet = true;
    } else if (token.type === 'list_item_close') itemDepth--;
    else if (token.type === 'inline') {
      const text = inlineText(token);
      lines.push(pendingBullet ? `${'  '.repeat(Math.max(0, itemDepth - 1))}- ${text}` : text);
      pendingBullet = false;
    } else if (token.type === 'fence' || token.type === 'code_block') lines.push(token.content);
  }
  return lines.join('\n');
}

function collectBlock(
  slice: Token[],
  lineOf: (token: Token | undefined) => number,
  links: MarkdownLink[],
  code: MarkdownCode[],
  paragraphs: Array<{ text: string; line: number }>,
  tables: MarkdownTable[],
): void {
  let table: MarkdownTable | null = null;
  let row: string[] | null = null;
  let inHead = false;
  let rowLine = 0;
  let lastMapped: Token | undefined;
  for (let k = 0; k < slice.length; k++) {
    const token = slice[k];
    if (token.map && token.type !== 'inline') lastMapped = token;
    switch (token.type) {
      case 'fence':
      case 'code_block':
        code.push({ kind: 'block', ...(token.info.trim() ? { lang: token.info.trim().split(/\s+/)[0] } : {}), value: token.content, line: lineOf(token) });
        break;
      case 'paragraph_open': {
        const inline = slice[k + 1];
        if (inline?.type === 'inline') paragraphs.push({ text: clean(inlineText(inline)), line: lineOf(token) });
        break;
      }
      case 'table_open':
        table = { line: lineOf(token), header: [], rows: [], rowLines: [] };
        break;
      case 'thead_open':
        inHead = true;
        break;
      case 'thead_close':
        inHead = false;
        break;
      case 'tr_open':
        row = [];
        rowLine = lineOf(token);
        break;
      case 'tr_close':
        if (table && row) {
          if (inHead) table.header = row;
          else {
            table.rows.push(row);
            table.rowLines.push(rowLine);
          }
        }
        row = null;
        break;
      case 'table_close':
        if (table) tables.push(table);
        table = null;
        break;
      case 'inline': {
        if (row) row.push(clean(inlineText(token)));
        collectInline(token, lineOf(token.map ? token : lastMapped), links, code);
        break;
      }
      default:
        break;
    }
  }
}

/** Links and inline code of one inline token, with the line each starts on (counting soft/hard breaks). */
function collectInline(inline: Token | undefined, firstLine: number, links: MarkdownLink[], code: MarkdownCode[]): void {
  const children = inline?.children ?? [];
  let line = firstLine;
  for (let c = 0; c < children.length; c++) {
    const child = children[c];
    if (child.type === 'softbreak' || child.type === 'hardbreak') line++;
    else if (child.type === 'code_inline') code.push({ kind: 'inline', value: child.content, line });
    else if (child.type === 'link_open') {
      let text = '';
      for (let d = c + 1; d < children.length && children[d].type !== 'link_close'; d++) text += children[d].content ?? '';
      links.push({ url: String(child.attrGet('href') ?? ''), text: clean(text), line });
    } else if (child.type === 'text' && child.content.includes('\n')) line += child.content.split('\n').length - 1;
  }
}

/** Inline content as plain text: markup removed, code spans kept as their text, breaks as spaces. */
function inlineText(inline: Token | undefined): string {
  if (!inline) return '';
  const children = inline.children;
  if (!children) return inline.content;
  let out = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') out += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') out += ' ';
    else if (child.type === 'image') out += child.content;
  }
  return out;
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function countLines(text: string): number {
  let lines = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return lines;
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
