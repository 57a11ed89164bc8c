// YAML with limits: aliases capped (no billion-laughs), nesting capped, every failure a typed error.
import { Composer, isAlias, isCollection, isPair, LineCounter, Parser, type CST, type Document } from 'yaml';
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
    // The syntax tree comes from yaml's iterative parser; its recursive composer only sees it once the block
    // nesting is known to be shallow (`- - - - …` on one line overflowed the stack, and an overflow inside V8's
    // regex compiler is a fatal out-of-memory crash, not a catchable error).
    // Tokens are checked as they stream by (a document token arrives complete), never all held at once.
    let deep = -1;
    const checked = function* (): Generator<CST.Token> {
      for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
        deep = cstDepthExceeds(token, maxDepth);
        if (deep !== -1) return;
        yield token;
      }
    };
    const tooDeepAt = () => {
      const position = lineCounter.linePos(deep);
      return failed(`nesting deeper than ${maxDepth} levels`, position.line, position.col);
    };
    // logLevel 'error': a hostile file must not print warnings on the user's terminal.
    const documents = new Composer({ prettyErrors: false, uniqueKeys: false, strict: false, logLevel: 'error' }).compose(checked(), true, text.length);
    const first = documents.next();
    if (deep !== -1) return tooDeepAt();
    const document = first.value as Document.Parsed | undefined;
    if (!document) return parsed(null);
    const second = documents.next();
    if (deep !== -1) return tooDeepAt();
    if (!second.done) {
      const position = lineCounter.linePos((second.value as Document.Parsed).range[0]);
      return failed('more than one YAML document in the file', position.line, position.col);
    }
    const problem = document.errors[0];
    if (problem) {
      const position = lineCounter.linePos(problem.pos[0]);
      return failed(firstLine(problem.message), position.line, position.col);
    }
    const shape = treeProblem(document, maxDepth);
    if (shape) {
      const position = shape.offset === undefined ? undefined : lineCounter.linePos(shape.offset);
      return failed(shape.message, position?.line, position?.col);
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

/** Offset of the first collection nested deeper than `maxDepth` in a concrete syntax tree (keys included), or -1. */
function cstDepthExceeds(root: CST.Token, maxDepth: number): number {
  // Children are pushed in reverse so the first offending collection in document order is the one reported.
  const stack: Array<[CST.Token | null | undefined, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token) continue;
    if (token.type === 'document') {
      stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > maxDepth) return token.offset;
      const items = token.items as CST.CollectionItem[];
      for (let i = items.length - 1; i >= 0; i--) stack.push([items[i].value, depth + 1], [items[i].key, depth + 1]);
    }
  }
  return -1;
}

/**
 * Checks the syntax tree before it becomes values: nesting counted through keys as well as values, and no
 * key that is itself a list or mapping (`? [a]: b`). toJS turns such keys into strings, which costs
 * super-linear time when they nest (`? ? ? ? x` took seconds at 200 levels); real configs never use them.
 */
function treeProblem(document: Document, maxDepth: number): { message: string; offset?: number } | null {
  const stack: Array<[unknown, number]> = [[document.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth > maxDepth) return { message: `nesting deeper than ${maxDepth} levels`, offset: node.range?.[0] };
    for (let i = node.items.length - 1; i >= 0; i--) {
      const item = node.items[i];
      if (!isPair(item)) {
        stack.push([item, depth + 1]);
        continue;
      }
      const key = item.key;
      if (isCollection(key) || (isAlias(key) && isCollection(key.resolve(document)))) {
        return { message: 'a mapping key is itself a list or mapping: not supported', offset: (key as { range?: [number] }).range?.[0] };
      }
      stack.push([item.value, depth + 1]);
    }
  }
  return null;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
