// The cells of a Jupyter notebook (nbformat 4: `cells[]` of `{cell_type, source}`, source a string or a list of
// lines), parsed once with the nesting limit every JSON read has. Readers that want code, Markdown or shell
// lines take them from here instead of walking the JSON themselves.
import { parseJson } from './json.js';

export interface NotebookCell {
  /** 1-based position in the notebook. */
  number: number;
  /** `code`, `markdown`, `raw`, or '' when absent. */
  type: string;
  source: string;
}

/** Every cell, or null when the text is not a notebook (not JSON, or no `cells` list). Malformed cells are skipped. */
export function notebookCells(text: string): NotebookCell[] | null {
  const parsed = parseJson(text);
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object') return null;
  const cells = (parsed.value as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) return null;
  const out: NotebookCell[] = [];
  cells.forEach((cell: unknown, index) => {
    if (cell === null || typeof cell !== 'object') return;
    const { cell_type: type, source } = cell as { cell_type?: unknown; source?: unknown };
    const text = typeof source === 'string' ? source : Array.isArray(source) ? source.filter((line): line is string => typeof line === 'string').join('') : '';
    out.push({ number: index + 1, type: typeof type === 'string' ? type : '', source: text });
  });
  return out;
}
