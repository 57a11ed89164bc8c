// JSON with limits: nesting capped and every failure a typed error with a line and column.
import { failed, MAX_NESTING, nestingDepth, parsed, type Parsed } from './result.js';

export function parseJson(text: string, maxDepth = MAX_NESTING): Parsed<unknown> {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const deep = bracketDepthExceeds(source, maxDepth);
  if (deep !== -1) {
    const { line, column } = positionOf(source, deep);
    return failed(`nesting deeper than ${maxDepth} levels`, line, column);
  }
  try {
    const value: unknown = JSON.parse(source);
    if (nestingDepth(value, maxDepth) > maxDepth) return failed(`nesting deeper than ${maxDepth} levels`);
    return parsed(value);
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    const at = /position (\d+)/.exec(message);
    const reason = describeSyntaxError(message);
    if (at) {
      const { line, column } = positionOf(source, Number(at[1]));
      return failed(reason, line, column);
    }
    return failed(reason);
  }
}

/**
 * V8's message without the input it sometimes quotes (`Unexpected token 'j', "{"a": jane.doe@e"... is not
 * valid JSON`): a data file's values must never reach the report through a parse error.
 */
function describeSyntaxError(message: string): string {
  const unexpected = /^(?:JSON\.parse: )?Unexpected (token|end|non-whitespace character)/.exec(message);
  if (unexpected) return unexpected[1] === 'end' ? 'unexpected end of JSON input' : unexpected[1] === 'token' ? 'unexpected token' : 'unexpected text after the JSON value';
  const cleaned = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  return /["']/.test(cleaned) ? 'invalid JSON' : cleaned;
}

export function parseJsonObject(text: string, maxDepth = MAX_NESTING): Parsed<Record<string, unknown>> {
  const result = parseJson(text, maxDepth);
  if (!result.ok) return result;
  if (result.value === null || typeof result.value !== 'object' || Array.isArray(result.value)) return failed('expected a JSON object at the top level');
  return parsed(result.value as Record<string, unknown>);
}

/** Index of the bracket that first exceeds `maxDepth`, ignoring brackets inside strings; -1 if none. */
function bracketDepthExceeds(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return -1;
}

function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}
