// Notebooks the documentation sends its reader to ("now go through notebooks/rag.ipynb to build the application"):
// their Markdown cells document the system as a page under docs/ would. Only notebooks a README or doc links to are
// read (an exploratory notebook nobody points to is not documentation), and only their Markdown cells (code is not).
import { folderOf, resolveIn } from '../datasets/paths.js';
import { parseMarkdown } from '../formats/markdown.js';
import { notebookCells } from '../formats/notebook.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { LlmDocument } from './topics.js';

const MAX_LINKED_NOTEBOOKS = 5;
const MAX_NOTEBOOK_BYTES = 4 * 1024 * 1024;
/** Markdown kept per notebook and in all: a guide's prose is far below it (outputs are not read at all). */
const MAX_MARKDOWN_CHARS = 256 * 1024;
const MAX_TOTAL_CHARS = 1024 * 1024;
/** A notebook of this repository on GitHub, nbviewer or Colab: `…/blob/<ref>/<path>.ipynb`. */
const HOSTED_NOTEBOOK = /\/blob\/[^/?#]+\/([^?#]*)/i;

/** The notebooks in the snapshot that the documents link to, in link order, each once. */
export function linkedNotebookPaths(snapshot: Snapshot, docs: readonly LlmDocument[]): string[] {
  const out: string[] = [];
  for (const { path, document } of docs) {
    for (const link of document.links) {
      const target = notebookTarget(path, link.url.slice(0, 2000));
      if (!target || out.includes(target) || !snapshot.has(target) || snapshot.isSymlink(target)) continue;
      out.push(target);
      if (out.length >= MAX_LINKED_NOTEBOOKS) return out;
    }
  }
  return out;
}

function notebookTarget(from: string, url: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    // The path after the ref, up to a query or fragment; the extension is tested apart (one greedy run, no backtracking).
    const hosted = HOSTED_NOTEBOOK.exec(url)?.[1];
    return hosted && /\.ipynb$/i.test(hosted) ? safeDecode(hosted) : null;
  }
  const relative = url.replace(/[?#].*$/, '');
  if (!/\.ipynb$/i.test(relative)) return null;
  return resolveIn(folderOf(from), safeDecode(relative));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The linked notebooks as documents of their Markdown cells. `cells[i]` is the cell holding line i + 1 of the
 * document, so evidence can name the cell (a notebook's own lines are JSON, not these).
 */
export async function readLinkedNotebooks(snapshot: Snapshot, docs: readonly LlmDocument[]): Promise<LlmDocument[]> {
  const out: LlmDocument[] = [];
  let chars = 0;
  for (const path of linkedNotebookPaths(snapshot, docs)) {
    if (chars >= MAX_TOTAL_CHARS) break;
    const size = await snapshot.sizeOf(path);
    if (size !== undefined && size > MAX_NOTEBOOK_BYTES) {
      snapshot.addError({ path, message: `LLM documentation: the linked notebook is ${Math.round(size / 1024)} K, over the ${MAX_NOTEBOOK_BYTES / 1024 / 1024} MiB read for its Markdown cells; not read` });
      continue;
    }
    const read = await snapshot.readText(path, { maxBytes: MAX_NOTEBOOK_BYTES });
    if (!read.ok) continue;
    const markdown = notebookMarkdownCells(read.text);
    if (!markdown || !markdown.text.trim()) continue;
    out.push({ path, document: parseMarkdown(markdown.text), cells: markdown.cells });
    chars += markdown.text.length;
  }
  return out;
}

/** The Markdown cells joined by blank lines, with the cell of every line; null when the text is not a notebook. */
export function notebookMarkdownCells(text: string): { text: string; cells: number[] } | null {
  const cells = notebookCells(text);
  if (!cells) return null;
  const lines: string[] = [];
  const cellOf: number[] = [];
  let chars = 0;
  for (const cell of cells) {
    if (cell.type !== 'markdown' || !cell.source.trim()) continue;
    // Whole cells only, so a heading is never cut from its section.
    if (chars + cell.source.length > MAX_MARKDOWN_CHARS) break;
    chars += cell.source.length + 2;
    for (const line of [...cell.source.split('\n'), '']) {
      lines.push(line);
      cellOf.push(cell.number);
    }
  }
  return { text: lines.join('\n'), cells: cellOf };
}
