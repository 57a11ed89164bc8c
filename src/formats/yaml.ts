// YAML with limits: aliases capped (no billion-laughs), nesting capped, every failure a typed error.
import { LineCounter, parseDocument } from 'yaml';
import { failed, MAX_NESTING, nestingDepth, parsed, type Parsed } from './result.js';

export interface YamlLimits {
  maxAliases?: number;
  maxDepth?: number;
}

export function parseYaml(text: string, limits: YamlLimits = {}): Parsed<unknown> {
  const maxAliases = limits.maxAliases ?? 50;
  const maxDepth = limits.maxDepth ?? MAX_NESTING;
  const tooDeep = flowNestingExceeds(text, maxDepth);
  if (tooDeep) return failed(`nesting deeper than ${maxDepth} levels`, tooDeep.line, tooDeep.column);
  const lineCounter = new LineCounter();
  try {
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: false });
    const problem = document.errors[0];
    if (problem) {
      const position = lineCounter.linePos(problem.pos[0]);
      return failed(firstLine(problem.message), position.line, position.col);
    }
    const value = document.toJS({ maxAliasCount: maxAliases });
    if (nestingDepth(value, maxDepth) > maxDepth) return failed(`nesting deeper than ${maxDepth} levels`);
    return parsed(value);
  } catch (error) {
    // The yaml package throws on alias-count overruns; a stack overflow is possible on pathological input.
    const message = error instanceof RangeError ? 'document too deeply nested' : firstLine(String((error as Error)?.message ?? error));
    return failed(message.includes('alias') ? `too many aliases (more than ${maxAliases}): refused as a possible alias bomb` : message);
  }
}

/** Parses YAML and requires a mapping at the top. */
export function parseYamlMapping(text: string, limits: YamlLimits = {}): Parsed<Record<string, unknown>> {
  const result = parseYaml(text, limits);
  if (!result.ok) return result;
  if (result.value === null || result.value === undefined) return parsed({});
  if (typeof result.value !== 'object' || Array.isArray(result.value)) return failed('expected a mapping (key: value) at the top level');
  return parsed(result.value as Record<string, unknown>);
}

/**
 * Cheap pre-scan for deep flow nesting (`[[[[...` / `{{{{...`) and deep indentation, so the parser
 * never sees a document that could exhaust the stack. Quoted strings and comments are skipped.
 */
function flowNestingExceeds(text: string, maxDepth: number): { line: number; column: number } | null {
  let depth = 0;
  let line = 1;
  let column = 0;
  let quote: string | null = null;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    column++;
    if (ch === '\n') {
      line++;
      column = 0;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (ch === quote && text[i - 1] !== '\\') quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = depth > 0 ? ch : null;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) comment = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth > maxDepth) return { line, column };
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return null;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
