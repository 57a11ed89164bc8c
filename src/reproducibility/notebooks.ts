// The code cells of the repository's own notebooks, read within bounds, for the readers that look at what code
// does (training loops, seed calls). Code cells only: an output may print `random_state=42` or "Epoch 3/10" from
// a run, which says nothing about what the code sets. Each line of the joined text maps back to its cell.
import { notebookCells } from '../formats/notebook.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { SourceFile } from './python-sources.js';

export interface NotebookCode extends SourceFile {
  /** 1-based line of the joined text -> the notebook cell it came from and its line in that cell. */
  cellOf(line: number): { cell: number; line: number } | null;
}

export interface NotebookSources {
  notebooks: NotebookCode[];
  /** Own notebooks in the listing. */
  listed: number;
}

/** Checkpoints, installed packages and run records are not the delivery's notebooks. */
const NOT_OWN = /(^|\/)(\.ipynb_checkpoints|node_modules|site-packages|\.venv|venv|mlruns|wandb)\//;

const cache = new WeakMap<Snapshot, Map<number, Promise<NotebookSources>>>();

/** The first `max` own notebooks (in listing order), read at the snapshot's read cap. Cached per snapshot. */
export function readNotebookCode(snapshot: Snapshot, max: number): Promise<NotebookSources> {
  let perSnapshot = cache.get(snapshot);
  if (!perSnapshot) cache.set(snapshot, (perSnapshot = new Map()));
  let pending = perSnapshot.get(max);
  if (!pending) perSnapshot.set(max, (pending = load(snapshot, max)));
  return pending;
}

async function load(snapshot: Snapshot, max: number): Promise<NotebookSources> {
  const paths = snapshot.glob('**/*.ipynb').filter((path) => !snapshot.isSymlink(path) && !NOT_OWN.test(path));
  const notebooks: NotebookCode[] = [];
  for (const path of paths.slice(0, max)) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const code = notebookCode(path, read.text);
    if (code) notebooks.push(code);
  }
  return { notebooks, listed: paths.length };
}

/** A notebook's code cells joined in order, or null when the text is not a notebook. Pure. */
export function notebookCode(path: string, text: string): NotebookCode | null {
  const cells = notebookCells(text);
  if (!cells) return null;
  const starts: Array<{ from: number; cell: number }> = [];
  const parts: string[] = [];
  let next = 1;
  for (const cell of cells) {
    if (cell.type !== 'code') continue;
    const source = cell.source.endsWith('\n') ? cell.source.slice(0, -1) : cell.source;
    starts.push({ from: next, cell: cell.number });
    parts.push(source);
    next += source.split('\n').length;
  }
  return {
    path,
    text: parts.join('\n'),
    cellOf(line: number) {
      let found: { from: number; cell: number } | undefined;
      for (const start of starts) {
        if (start.from > line) break;
        found = start;
      }
      return found ? { cell: found.cell, line: line - found.from + 1 } : null;
    },
  };
}
