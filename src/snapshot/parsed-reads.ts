// Parsed reads shared by all checks: a file several checks look at (a model card, a runbook, dvc.yaml)
// is read and parsed once per snapshot. Failures are recorded on the snapshot with the file's path.
import { parseJson } from '../formats/json.js';
import { parseMarkdown, type MarkdownDocument } from '../formats/markdown.js';
import { describeFormatError, type Parsed } from '../formats/result.js';
import { parseYaml } from '../formats/yaml.js';
import type { Snapshot } from './snapshot.js';

type Cache = Map<string, Promise<unknown>>;
const caches = new WeakMap<Snapshot, Cache>();

function cached<T>(snapshot: Snapshot, key: string, load: () => Promise<T>): Promise<T> {
  let cache = caches.get(snapshot);
  if (!cache) caches.set(snapshot, (cache = new Map()));
  let pending = cache.get(key) as Promise<T> | undefined;
  if (!pending) cache.set(key, (pending = load()));
  return pending;
}

/** The parsed Markdown of a listed file, or null when it cannot be read as text (the snapshot says why). */
export function readMarkdown(snapshot: Snapshot, path: string): Promise<MarkdownDocument | null> {
  return cached(snapshot, `md\0${path}`, async () => {
    const read = await snapshot.readText(path);
    return read.ok ? parseMarkdown(read.text) : null;
  });
}

/** Parsed YAML of a listed file; a parse error is recorded on the snapshot and returned as a value. */
export function readYamlFile(snapshot: Snapshot, path: string): Promise<Parsed<unknown> | null> {
  return cached(snapshot, `yaml\0${path}`, async () => {
    const read = await snapshot.readText(path);
    if (!read.ok) return null;
    const result = parseYaml(read.text);
    if (!result.ok) snapshot.addError({ path, message: `not parsed as YAML: ${describeFormatError(result.error)}` });
    return result;
  });
}

/** Parsed JSON of a listed file; a parse error is recorded on the snapshot and returned as a value. */
export function readJsonFile(snapshot: Snapshot, path: string): Promise<Parsed<unknown> | null> {
  return cached(snapshot, `json\0${path}`, async () => {
    const read = await snapshot.readText(path);
    if (!read.ok) return null;
    const result = parseJson(read.text);
    if (!result.ok) snapshot.addError({ path, message: `not parsed as JSON: ${describeFormatError(result.error)}` });
    return result;
  });
}
