// Where a value sits in a YAML (or JSON) text: line and column of the node at a path, for findings
// and schema errors. Call only on text that src/formats/yaml.ts already parsed within its limits:
// this builds the syntax tree again but never expands aliases into values.
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';

export interface TextPosition {
  line: number;
  column: number;
}

export type YamlPath = ReadonlyArray<string | number>;

/** A reusable locator over one text (parses once, answers many paths). */
export function yamlLocator(text: string): (path: YamlPath, keyOnly?: boolean) => TextPosition | undefined {
  // Built on first use: most files never need a position (nothing is wrong with them).
  let document: Document | null | undefined;
  const lineCounter = new LineCounter();
  return (path, keyOnly = false) => {
    if (document === undefined) {
      try {
        document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: false });
      } catch {
        document = null;
      }
    }
    return document ? locate(document, lineCounter, path, keyOnly) : undefined;
  };
}

/**
 * Position of the node at `path`; with `keyOnly`, of the key naming its last segment. A path that does not
 * exist points at its nearest existing parent (a missing property is reported where it should have been).
 */
export function locateYamlPath(text: string, path: YamlPath, keyOnly = false): TextPosition | undefined {
  return yamlLocator(text)(path, keyOnly);
}

function locate(document: Document, lineCounter: LineCounter, path: YamlPath, keyOnly: boolean): TextPosition | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    const last = prefix[prefix.length - 1];
    if ((keyOnly || depth < path.length) && typeof last === 'string' && depth > 0) {
      const parent = depth > 1 ? safeGetIn(document, prefix.slice(0, -1)) : document.contents;
      const items = (parent as { items?: Array<{ key: unknown }> } | null)?.items;
      const pair = Array.isArray(items) ? items.find((item) => isNode(item?.key) && (item.key as { value?: unknown }).value === last) : undefined;
      if (pair && isNode(pair.key) && pair.key.range) return position(lineCounter, pair.key.range[0]);
    }
    const node = prefix.length === 0 ? document.contents : safeGetIn(document, prefix);
    if (isNode(node) && node.range) return position(lineCounter, node.range[0]);
  }
  return undefined;
}

function safeGetIn(document: Document, path: YamlPath): unknown {
  try {
    return document.getIn(path as Array<string | number>, true);
  } catch {
    return undefined;
  }
}

function position(lineCounter: LineCounter, offset: number): TextPosition {
  const at = lineCounter.linePos(offset);
  return { line: at.line, column: at.col };
}

/** 1-based line of the first occurrence of `needle` at or after `fromLine`; undefined when absent. */
export function lineOf(text: string, needle: string | RegExp, fromLine = 1): number | undefined {
  const lines = text.split('\n');
  for (let i = Math.max(0, fromLine - 1); i < lines.length; i++) {
    if (typeof needle === 'string' ? lines[i].includes(needle) : needle.test(lines[i])) return i + 1;
  }
  return undefined;
}
