// Frictionless Data Package (`datapackage.json`, v1 and v2; `datapackage.yaml` as the framework allows).
// Resources carry `path` (string or list, relative or URL) and `hash` (md5 hex by default, or
// `sha256:<hex>`); the package carries licenses and sources. Pure.
import { prefixedHash, type ContentHash } from './content-hash.js';
import { parseJsonObject } from './json.js';
import { failed, parsed, type Parsed } from './result.js';
import { parseYamlMapping } from './yaml.js';

export interface FrictionlessSource {
  title: string | null;
  path: string | null;
}

export interface FrictionlessResource {
  name: string | null;
  paths: string[];
  /** Inline `data` instead of a path: nothing to version separately. */
  inline: boolean;
  hash: ContentHash | null;
  bytes: number | null;
  format: string | null;
  description: string | null;
  sources: FrictionlessSource[];
  licenses: string[];
  index: number;
}

export interface DataPackage {
  name: string | null;
  version: string | null;
  description: string | null;
  profile: string | null;
  licenses: string[];
  sources: FrictionlessSource[];
  resources: FrictionlessResource[];
}

export function parseDataPackage(text: string, format: 'json' | 'yaml' = 'json'): Parsed<DataPackage> {
  const result = format === 'yaml' ? parseYamlMapping(text) : parseJsonObject(text);
  if (!result.ok) return result;
  const value = result.value;
  if (!Array.isArray(value.resources)) return failed('"resources" is required and must be a list');
  const resources: FrictionlessResource[] = [];
  value.resources.forEach((raw, index) => {
    if (!isRecord(raw)) return;
    const paths = typeof raw.path === 'string' ? [raw.path] : Array.isArray(raw.path) ? raw.path.filter((p): p is string => typeof p === 'string') : [];
    resources.push({
      name: text_(raw.name),
      paths,
      inline: raw.data !== undefined,
      hash: prefixedHash(raw.hash, 'md5'),
      bytes: typeof raw.bytes === 'number' && Number.isInteger(raw.bytes) && raw.bytes >= 0 ? raw.bytes : null,
      format: text_(raw.format),
      description: text_(raw.description),
      sources: sourcesOf(raw.sources),
      licenses: licensesOf(raw.licenses),
      index,
    });
  });
  return parsed({
    name: text_(value.name),
    version: text_(value.version) ?? (typeof value.version === 'number' ? String(value.version) : null),
    description: text_(value.description),
    profile: text_(value.$schema) ?? text_(value.profile),
    licenses: licensesOf(value.licenses),
    sources: sourcesOf(value.sources),
    resources,
  });
}

function sourcesOf(raw: unknown): FrictionlessSource[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((source) => ({ title: text_(source.title), path: text_(source.path) }));
}

/** A license is `{name}` (an Open Definition id), `{path}` (a URL) or `{title}`. */
function licensesOf(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(isRecord)
    .map((license) => text_(license.name) ?? text_(license.title) ?? text_(license.path))
    .filter((license): license is string => !!license);
}

function text_(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
