// Parsed reads shared by all checks: a file several checks look at (a model card, a runbook, dvc.yaml)
// is read and parsed once per snapshot while it stays in a byte-bounded cache. Failures are recorded on the
// snapshot with the file's path.
import { parseJson } from '../formats/json.js';
import { parseMarkdown, type MarkdownDocument } from '../formats/markdown.js';
import { describeFormatError, type Parsed } from '../formats/result.js';
import { parseYaml } from '../formats/yaml.js';
import { BoundedCache } from './bounded-cache.js';
import type { Snapshot } from './snapshot.js';

/** A parsed document and the length of the text it came from (Markdown: plus its items), which estimates what it holds. */
interface ParsedEntry {
  value: unknown;
  chars: number;
}

/**
 * Bound on what parsed documents a snapshot keeps, estimated from their text: a 1 MiB Markdown table once
 * held ~85 MB parsed, and every document stayed for the whole scan. An evicted document is parsed again.
 */
export const PARSED_CACHE_BYTES = 32 * 1024 * 1024;
/**
 * Bytes a parsed document holds per character of its text, as measured: its strings (document text,
 * section bodies, paragraphs) about 4; YAML and JSON values about 8. Markdown items (headings, sections,
 * paragraphs, table rows, links, code) cost ~150 bytes each on top, which a file of one-line headings is made of.
 */
const BYTES_PER_CHAR = 8;
const BYTES_PER_MARKDOWN_ITEM = 150;

const caches = new WeakMap<Snapshot, BoundedCache<ParsedEntry>>();

export function parsedCache(snapshot: Snapshot): BoundedCache<ParsedEntry> {
  let cache = caches.get(snapshot);
  if (!cache) caches.set(snapshot, (cache = new BoundedCache<ParsedEntry>(PARSED_CACHE_BYTES, (entry) => entry.chars * BYTES_PER_CHAR)));
  return cache;
}

async function cached<T>(snapshot: Snapshot, key: string, load: () => Promise<ParsedEntry>): Promise<T> {
  return (await parsedCache(snapshot).get(key, load)).value as T;
}

/** The parsed Markdown of a listed file, or null when it cannot be read as text (the snapshot says why). */
export function readMarkdown(snapshot: Snapshot, path: string): Promise<MarkdownDocument | null> {
  return cached(snapshot, `md\0${path}`, async () => {
    const read = await snapshot.readText(path);
    if (!read.ok) return { value: null, chars: 0 };
    const document = parseMarkdown(read.text);
    const items = document.headings.length + document.sections.length + document.paragraphs.length + document.links.length + document.code.length + document.tables.reduce((sum, table) => sum + table.rows.length, 0);
    return { value: document, chars: read.text.length + Math.ceil((items * BYTES_PER_MARKDOWN_ITEM) / BYTES_PER_CHAR) };
  });
}

/** Parsed YAML of a listed file; a parse error is recorded on the snapshot and returned as a value. */
export function readYamlFile(snapshot: Snapshot, path: string): Promise<Parsed<unknown> | null> {
  return cached(snapshot, `yaml\0${path}`, async () => {
    const read = await snapshot.readText(path);
    if (!read.ok) return { value: null, chars: 0 };
    const result = parseYaml(read.text);
    if (!result.ok) snapshot.addError({ path, message: `not parsed as YAML: ${describeFormatError(result.error)}` });
    return { value: result, chars: read.text.length };
  });
}

/** Parsed JSON of a listed file; a parse error is recorded on the snapshot and returned as a value. */
export function readJsonFile(snapshot: Snapshot, path: string): Promise<Parsed<unknown> | null> {
  return cached(snapshot, `json\0${path}`, async () => {
    const read = await snapshot.readText(path);
    if (!read.ok) return { value: null, chars: 0 };
    const result = parseJson(read.text);
    if (!result.ok) snapshot.addError({ path, message: `not parsed as JSON: ${describeFormatError(result.error)}` });
    return { value: result, chars: read.text.length };
  });
}
