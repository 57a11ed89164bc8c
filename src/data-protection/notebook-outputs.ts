// Jupyter notebooks (nbformat 4): the text a notebook's cells printed (stream output, text/plain, text/html,
// text/markdown, application/json results). Outputs are where a `df.head()` leaves customer rows in the file
// the vendor commits; sources are code and are not judged here. Pure: parsed JSON in, texts out.

export interface NotebookOutput {
  /** 1-based cell number, as Jupyter shows it. */
  cell: number;
  text: string;
}

const TEXT_TYPES = ['text/plain', 'text/html', 'text/markdown', 'application/json'];
const MAX_OUTPUTS = 2000;

export function notebookOutputs(notebook: unknown): NotebookOutput[] | null {
  if (!isRecord(notebook) || !Array.isArray(notebook.cells)) return null;
  const out: NotebookOutput[] = [];
  notebook.cells.forEach((cell, index) => {
    if (!isRecord(cell) || !Array.isArray(cell.outputs)) return;
    for (const output of cell.outputs) {
      if (!isRecord(output) || out.length >= MAX_OUTPUTS) continue;
      const texts: string[] = [];
      if (output.text !== undefined) texts.push(joined(output.text));
      if (isRecord(output.data)) {
        for (const type of TEXT_TYPES) {
          const value = output.data[type];
          if (value === undefined) continue;
          texts.push(type === 'application/json' && typeof value !== 'string' && !Array.isArray(value) ? JSON.stringify(value) : joined(value));
        }
      }
      // Tracebacks can echo the values a failing cell was handling.
      if (Array.isArray(output.traceback)) texts.push(joined(output.traceback));
      const text = texts.filter(Boolean).join('\n');
      if (text) out.push({ cell: index + 1, text });
    }
  });
  return out;
}

/** nbformat stores multi-line strings as a string or a list of lines. */
function joined(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((part): part is string => typeof part === 'string').join('');
  return '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
