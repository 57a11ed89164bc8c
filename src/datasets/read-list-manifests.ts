// List manifests that teams write next to an evaluation set or a retrieval corpus when they use no data tool:
// `evals/datasets/MANIFEST.yaml`, `data/corpus/manifest.json`, `corpus/sources.yaml`. Each lists files or sources
// with a hash, a version or an as-of date, and often where the data came from and under what terms. Read
// tolerantly (any of the usual key spellings), never trusted beyond what it says: the check verifies hashes.
import { contentHash, type ContentHash, type HashAlgorithm } from '../formats/content-hash.js';
import { describeFormatError } from '../formats/result.js';
import { parseYaml } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { folderOf, isUrl, resolveIn } from './paths.js';

export interface ListEntry {
  name: string | null;
  /** Snapshot path resolved against the manifest's folder, a URL, or null when the entry names no place. */
  target: string | null;
  hashes: ContentHash[];
  version: string | null;
  /** As-of date (export, snapshot, crawl). */
  asOf: string | null;
  /** Where it came from (system, export, URL), as written. */
  source: string | null;
  licence: string | null;
  line?: number;
}

export interface ListManifest {
  path: string;
  entries: ListEntry[];
  /** Manifest-wide version or as-of date: pins every entry. */
  version: string | null;
  asOf: string | null;
  source: string | null;
  licence: string | null;
  /** Why it could not be read as a manifest, when it could not. */
  problem?: string;
}

const NAME = /(?:^|\/)(?:manifest|[^/]*[-_.]manifest|sources|corpus[^/]*|index[-_]sources)\.(?:ya?ml|json)$/i;
/** Folders a dataset list lives in; a manifest elsewhere (a web app's manifest.json) is not one. */
const HOLDER = /(^|\/)(data|datasets?|evals?|evaluations?|llm[-_]evals?|golden|benchmarks?|test[-_]?sets?|corpus|corpora|knowledge[-_]?base|kb|documents|ingest(?:ion)?|index(?:ing)?)\//i;
const IGNORED = /(^|\/)(node_modules|site-packages|vendor|third_party|\.venv|venv|dist|build|static|public|assets|mlruns|wandb|\.dvc)\//i;
/** The ml-handover data manifest is read by the dataset model itself. */
const OWN_FORMAT = /(?:^|\/)data[-_]manifest\.(?:ya?ml|json)$/i;
const MAX_MANIFESTS = 40;
const MAX_ENTRIES = 2000;
/** Entries whose line is looked up (each lookup scans the text): the rest are reported without a line. */
const MAX_LOCATED_ENTRIES = 200;
const LIST_KEYS = ['sources', 'documents', 'files', 'datasets', 'entries', 'items', 'collections', 'sets', 'corpus', 'splits', 'resources'];
const VERSION_KEYS = ['version', 'revision', 'rev', 'commit', 'release', 'snapshot', 'snapshot_id', 'etag'];
const DATE_KEYS = ['as_of', 'asOf', 'as-of', 'snapshot_date', 'exported_at', 'exported', 'export_date', 'retrieved', 'retrieved_at', 'fetched_at', 'crawled_at', 'last_modified', 'lastModified', 'updated', 'updated_at', 'created', 'created_at', 'date'];
const SOURCE_KEYS = ['source', 'origin', 'from', 'system', 'provider', 'url', 'uri', 'export', 'created_by', 'generated_by', 'method'];
const LICENCE_KEYS = ['license', 'licence', 'terms', 'terms_of_use', 'owner', 'copyright', 'rights'];
const PLACE_KEYS = ['path', 'file', 'location', 'uri', 'url', 'files_glob', 'glob'];

/** Candidate list manifests of a snapshot, by name and place, plus YAML/JSON files the locations point at. */
export function listManifestCandidates(snapshot: Snapshot, locations: readonly string[] = []): string[] {
  const named = snapshot
    .glob(['**/*.yaml', '**/*.yml', '**/*.json'])
    .filter((path) => NAME.test(path) && !OWN_FORMAT.test(path) && !IGNORED.test(path) && (HOLDER.test(path) || /corpus/i.test(path)) && !snapshot.isSymlink(path));
  const pointed = locations.length ? snapshot.glob(locations).filter((path) => /\.(?:ya?ml|json)$/i.test(path) && !OWN_FORMAT.test(path) && !snapshot.isSymlink(path)) : [];
  return [...new Set([...pointed, ...named])].slice(0, MAX_MANIFESTS);
}

export async function readListManifests(snapshot: Snapshot, paths: readonly string[] = listManifestCandidates(snapshot)): Promise<ListManifest[]> {
  const manifests: ListManifest[] = [];
  for (const path of paths) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const parsed = parseYaml(read.text);
    const empty: ListManifest = { path, entries: [], version: null, asOf: null, source: null, licence: null };
    if (!parsed.ok) {
      manifests.push({ ...empty, problem: describeFormatError(parsed.error) });
      continue;
    }
    const manifest = readManifest(path, read.text, parsed.value);
    if (manifest) manifests.push(manifest);
  }
  return manifests;
}

/** A manifest from parsed YAML/JSON, or null when the file lists nothing (then it is not one). */
export function readManifest(path: string, text: string, value: unknown): ListManifest | null {
  const top = isRecord(value) ? value : null;
  const list = Array.isArray(value) ? value : top ? firstList(top) : null;
  if (!list) return null;
  const folder = folderOf(path);
  const entries: ListEntry[] = [];
  for (const item of list.slice(0, MAX_ENTRIES)) {
    const located = entries.length < MAX_LOCATED_ENTRIES ? text : '';
    if (typeof item === 'string') {
      entries.push(entry(folder, located, { name: null, place: item, record: {} }));
      continue;
    }
    if (!isRecord(item)) continue;
    entries.push(entry(folder, located, { name: stringOf(item.name) ?? stringOf(item.id) ?? stringOf(item.title), place: firstString(item, PLACE_KEYS), record: item }));
  }
  if (entries.length === 0) return null;
  return {
    path,
    entries,
    version: top ? firstString(top, VERSION_KEYS) : null,
    asOf: top ? firstString(top, DATE_KEYS) : null,
    source: top ? firstString(top, SOURCE_KEYS) ?? stringOf(top.description) : null,
    licence: top ? firstString(top, LICENCE_KEYS) : null,
  };
}

function entry(folder: string, text: string, { name, place, record }: { name: string | null; place: string | null; record: Record<string, unknown> }): ListEntry {
  const target = place === null ? null : isUrl(place) ? place : resolveIn(folder, place);
  const anchor = place ?? name;
  const found: ListEntry = {
    name,
    target,
    hashes: hashesOf(record),
    version: firstString(record, VERSION_KEYS),
    asOf: firstString(record, DATE_KEYS),
    source: firstString(record, SOURCE_KEYS.filter((key) => key !== 'url' && key !== 'uri')) ?? (place && isUrl(place) ? place : null),
    licence: firstString(record, LICENCE_KEYS),
  };
  const line = anchor && text ? lineOf(text, anchor) : undefined;
  if (line !== undefined) found.line = line;
  return found;
}

/** `sha256: <hex>`, `md5: <hex>`, `hash: sha256:<hex>`, `checksum: <hex>` (algorithm from the length). */
function hashesOf(record: Record<string, unknown>): ContentHash[] {
  const hashes: ContentHash[] = [];
  for (const algorithm of ['sha256', 'md5', 'sha1', 'sha512'] as const) {
    const raw = stringOf(record[algorithm]);
    if (raw) hashes.push(contentHash(algorithm, raw.replace(/^[a-z0-9]+:/i, '')));
  }
  for (const key of ['hash', 'checksum', 'digest', 'content_hash']) {
    const raw = stringOf(record[key]);
    if (!raw) continue;
    const prefixed = /^(md5|sha1|sha256|sha512)[:-](.+)$/i.exec(raw.trim());
    const hex = (prefixed ? prefixed[2] : raw).trim();
    const byLength: Record<number, HashAlgorithm> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };
    const algorithm = prefixed ? (prefixed[1].toLowerCase() as HashAlgorithm) : byLength[hex.length] ?? 'checksum';
    hashes.push(contentHash(algorithm, hex));
  }
  return hashes;
}

function firstList(record: Record<string, unknown>): unknown[] | null {
  for (const key of LIST_KEYS) if (Array.isArray(record[key])) return record[key] as unknown[];
  return null;
}

function firstString(record: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = stringOf(record[key]);
    if (value) return value;
  }
  return null;
}

function stringOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lineOf(text: string, value: string): number | undefined {
  const at = text.indexOf(value);
  if (at === -1) return undefined;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
