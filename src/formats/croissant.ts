// MLCommons Croissant (JSON-LD, schema.org Dataset + cr: vocabulary + rai: Responsible-AI extension).
// Reads the compacted form the mlcroissant tooling and Hugging Face/Kaggle/OpenML publish. Pure.
import { contentHash, type ContentHash } from './content-hash.js';
import { parseJsonObject } from './json.js';
import { failed, parsed, type Parsed } from './result.js';

export interface CroissantFile {
  id: string | null;
  name: string | null;
  kind: 'FileObject' | 'FileSet';
  contentUrl: string | null;
  encodingFormat: string | null;
  contentSize: string | null;
  /** `sha256` or `md5` as written; `valid` is false for anything but the hex digest (some publishers put a URL there). */
  hash: ContentHash | null;
  /** FileSet: the glob(s) it includes. */
  includes: string[];
  index: number;
}

export interface CroissantDataset {
  /** `conformsTo` names a Croissant version (dct:conformsTo in the RAI spec). */
  conformsTo: string | null;
  isDataset: boolean;
  name: string | null;
  description: string | null;
  version: string | null;
  url: string | null;
  license: string[];
  creators: number;
  datePublished: string | null;
  citeAs: string | null;
  /** `isBasedOn` / `prov:wasDerivedFrom` sources. */
  basedOn: string[];
  distribution: CroissantFile[];
  recordSets: Array<{ name: string | null; fields: number }>;
  /** Every `rai:*` property with text, e.g. `rai:dataCollection`, `rai:dataPreprocessingProtocol`. */
  rai: Record<string, string>;
}

export function parseCroissant(text: string): Parsed<CroissantDataset> {
  const result = parseJsonObject(text);
  if (!result.ok) return result;
  const doc = unprefix(result.value);
  const type = doc['@type'];
  const types = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
  const isDataset = types.some((t) => /^(sc:|schema:|https?:\/\/schema\.org\/)?Dataset$/.test(t));
  const conformsTo = firstText(doc.conformsTo ?? doc['dct:conformsTo']);
  if (!isDataset && !conformsTo) return failed('not a Croissant dataset: no "@type": "sc:Dataset" and no conformsTo');
  const distribution: CroissantFile[] = [];
  listOf(doc.distribution).forEach((raw, index) => {
    if (!isRecord(raw)) return;
    const file = unprefix(raw);
    const kinds = (Array.isArray(file['@type']) ? file['@type'] : [file['@type']]).map(String);
    const kind: CroissantFile['kind'] = kinds.some((k) => /FileSet$/.test(k)) ? 'FileSet' : 'FileObject';
    const sha = firstText(file.sha256);
    const md5 = firstText(file.md5);
    distribution.push({
      id: firstText(file['@id']),
      name: firstText(file.name),
      kind,
      contentUrl: firstText(file.contentUrl),
      encodingFormat: firstText(file.encodingFormat),
      contentSize: firstText(file.contentSize),
      hash: sha !== null ? contentHash('sha256', sha) : md5 !== null ? contentHash('md5', md5) : null,
      includes: listOf(file.includes).filter((item): item is string => typeof item === 'string'),
      index,
    });
  });
  const rai: Record<string, string> = {};
  for (const [key, value] of Object.entries(result.value)) {
    if (!key.startsWith('rai:')) continue;
    const textValue = allText(value);
    if (textValue) rai[key] = textValue;
  }
  return parsed({
    conformsTo,
    isDataset,
    name: firstText(doc.name),
    description: firstText(doc.description),
    version: firstText(doc.version),
    url: firstText(doc.url),
    license: listOf(doc.license).map((item) => (isRecord(item) ? firstText(item.url ?? item['@id'] ?? item.name) : firstText(item))).filter((item): item is string => !!item),
    creators: listOf(doc.creator).length,
    datePublished: firstText(doc.datePublished),
    citeAs: firstText(doc.citeAs),
    basedOn: [...listOf(doc.isBasedOn), ...listOf(result.value['prov:wasDerivedFrom'])]
      .map((item) => (isRecord(item) ? firstText(item.url ?? item['@id'] ?? item.name) : firstText(item)))
      .filter((item): item is string => !!item),
    distribution,
    recordSets: listOf(doc.recordSet).map((raw) => {
      const set = isRecord(raw) ? unprefix(raw) : {};
      return { name: firstText(set.name), fields: listOf(set.field).length };
    }),
    rai,
  });
}

/** `sc:name` / `cr:recordSet` / `schema:license` -> plain keys (publishers mix prefixed and bare forms). */
function unprefix(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const bare = key.replace(/^(sc|cr|schema|dct):/, '');
    if (!(bare in out) || bare === key) out[bare] = child;
  }
  return out;
}

function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A JSON-LD value may be a string, `{"@value": …}` or `{"@id": …}`. */
function firstText(value: unknown): string | null {
  const item = Array.isArray(value) ? value[0] : value;
  if (typeof item === 'string') return item.trim() || null;
  if (typeof item === 'number') return String(item);
  if (isRecord(item)) return firstText(item['@value'] ?? item['@id']);
  return null;
}

function allText(value: unknown): string {
  return listOf(value)
    .map((item) => firstText(item))
    .filter((item): item is string => !!item)
    .join('\n');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
