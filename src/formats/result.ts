// Parsers return errors as values: a malformed vendor file is a finding, never a crash.

export interface FormatError {
  message: string;
  line?: number;
  column?: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: FormatError };

export function parsed<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function failed<T = never>(message: string, line?: number, column?: number): Parsed<T> {
  const error: FormatError = { message };
  if (line !== undefined) error.line = line;
  if (column !== undefined) error.column = column;
  return { ok: false, error };
}

/** Human-readable `line:column message`. */
export function describeFormatError(error: FormatError): string {
  if (error.line === undefined) return error.message;
  return `line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ''}: ${error.message}`;
}

/** Nesting depth of a parsed value, measured without recursion (a hostile file cannot blow the stack). */
export function nestingDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) max = depth;
    if (max > limit) return max;
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return max;
}

export const MAX_NESTING = 64;
