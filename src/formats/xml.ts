// XML with limits, through fast-xml-parser (never executes, never fetches a DTD): input size capped, entity
// declarations refused (billion-laughs), nesting capped, and every failure a typed error with a line.
// Pure: text in, a small element tree out. Test and coverage reports never declare entities, so a DOCTYPE
// that does is refused outright; the parser's own entity limits stay on as a second fence.
import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { failed, MAX_NESTING, parsed, type Parsed } from './result.js';
import { lineAtIndex, lineStarts } from './lines.js';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text and CDATA directly inside the element, trimmed. */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

export interface XmlLimits {
  /** Larger input is refused unparsed. */
  maxChars?: number;
  /** Deeper element nesting is refused (the parser's own `maxNestedTags`). */
  maxDepth?: number;
}

/** Larger than any test or coverage report a snapshot would hand over at its default read cap. */
export const MAX_XML_CHARS = 16 * 1024 * 1024;

/** The parser options every XML read uses; exported so tests can prove the parser's own fences hold. */
export function xmlParserOptions(maxDepth: number = MAX_NESTING): Partial<X2jOptions> {
  return {
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    captureMetaData: true,
    cdataPropName: '#cdata',
    commentPropName: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: maxDepth,
    // Predefined entities (&amp; &lt;) decode; declared entities are bounded hard (and refused before this).
    processEntities: { enabled: true, maxEntityCount: 10, maxEntitySize: 1024, maxExpansionDepth: 2, maxTotalExpansions: 1000, maxExpandedLength: 64 * 1024 },
    htmlEntities: false,
  };
}

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

export function parseXml(input: string, limits: XmlLimits = {}): Parsed<XmlElement> {
  const maxChars = limits.maxChars ?? MAX_XML_CHARS;
  const maxDepth = limits.maxDepth ?? MAX_NESTING;
  if (input.length > maxChars) return failed(`larger than ${maxChars} characters: not parsed`);
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') return failed('empty document');

  const entity = entityDeclaration(text);
  if (entity !== -1) return failed('the DOCTYPE declares entities: refused as a possible entity-expansion bomb (test and coverage reports never declare entities)', lineAtIndex(lineStarts(text), entity));

  let validation: ReturnType<typeof XMLValidator.validate>;
  try {
    validation = XMLValidator.validate(text, { allowBooleanAttributes: true });
  } catch (error) {
    return failed(`not well-formed: ${messageOf(error)}`);
  }
  if (validation !== true) {
    const message = validationMessage(validation.err.msg);
    // Unclosed elements are only noticed at the end of the text: point there, not at line 1.
    if (message.startsWith('the document ends')) return failed(message, lineStarts(text).length);
    return failed(message, validation.err.line || undefined, validation.err.col || undefined);
  }

  let nodes: unknown;
  try {
    nodes = new XMLParser(xmlParserOptions(maxDepth)).parse(text);
  } catch (error) {
    const message = messageOf(error);
    if (/nested tags/i.test(message)) return failed(`nesting deeper than ${maxDepth} elements`);
    if (/entit|expan/i.test(message)) return failed(`entity expansion refused: ${message}`);
    return failed(message);
  }
  const lines = lineStarts(text);
  const root = (Array.isArray(nodes) ? nodes : []).map((node) => toElement(node, lines, 1, maxDepth)).find((element) => element !== null);
  return root ? parsed(root) : failed('no root element');
}

/** The children of `element` named `name` (namespace prefixes ignored). */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => localName(child.name) === name);
}

/** Every descendant named `name`, depth first, without recursion. */
export function descendantsNamed(element: XmlElement, name: string, limit = 1_000_000): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = [...element.children].reverse();
  while (stack.length > 0 && out.length < limit) {
    const node = stack.pop()!;
    if (localName(node.name) === name) out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}

export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function toElement(node: unknown, lines: number[], depth: number, maxDepth: number): XmlElement | null {
  if (!isRecord(node) || depth > maxDepth) return null;
  const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '#cdata');
  if (!name) return null;
  const attributes: Record<string, string> = Object.create(null);
  if (isRecord(node[':@'])) for (const [key, value] of Object.entries(node[':@'])) attributes[key] = String(value);
  const meta = (node as Record<symbol, unknown>)[META];
  const start = isRecord(meta) && typeof meta.startIndex === 'number' ? meta.startIndex : 0;
  const element: XmlElement = { name, attributes, children: [], text: '', line: lineAtIndex(lines, start) };
  const texts: string[] = [];
  for (const child of Array.isArray(node[name]) ? node[name] : []) {
    if (!isRecord(child)) continue;
    if ('#text' in child) texts.push(String(child['#text']));
    else if ('#cdata' in child) {
      for (const part of Array.isArray(child['#cdata']) ? child['#cdata'] : []) if (isRecord(part) && '#text' in part) texts.push(String(part['#text']));
    } else {
      const sub = toElement(child, lines, depth + 1, maxDepth);
      if (sub) element.children.push(sub);
    }
  }
  element.text = texts.join('\n').trim();
  return element;
}

/**
 * Index of the first `<!ENTITY` inside a DOCTYPE's internal subset (`<!DOCTYPE x [ ... ]>`), or -1. A
 * declaration always precedes any entity value that could hide a `]>`, so the first one found is real.
 */
function entityDeclaration(text: string): number {
  const doctype = text.indexOf('<!DOCTYPE');
  if (doctype === -1) return -1;
  const open = text.indexOf('[', doctype);
  const close = text.indexOf('>', doctype);
  if (open === -1 || (close !== -1 && close < open)) return -1; // no internal subset: nothing declared
  const at = text.indexOf('<!ENTITY', open);
  if (at === -1) return -1;
  const end = /\]\s*>/.exec(text.slice(open, at));
  return end ? -1 : at;
}

/** The validator reports unclosed elements as a JSON list; say it the way a reader would. */
function validationMessage(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  const unclosed = /^Invalid '\[(.*)\]' found\.?$/.exec(flat);
  if (!unclosed) return flat.slice(0, 300);
  const names = unclosed[1].split(',').map((name) => name.trim().replace(/^"|"$/g, '')).filter(Boolean);
  return `the document ends before ${names.length} element(s) are closed (${names.slice(-5).map((name) => `<${name}>`).join(', ')}): truncated`;
}

function messageOf(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0].trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
