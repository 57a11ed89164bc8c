// ml-handover's generic data manifest (`data-manifest.yml|yaml|json`), validated against the published
// schemas/dataset-manifest.schema.json. Schema errors come back with the line and column of the offending node.
import manifestSchema from '../../schemas/dataset-manifest.schema.json' with { type: 'json' };
import { compileSchema } from '../schemas.js';
import { contentHash, type ContentHash } from './content-hash.js';
import { parseJsonObject } from './json.js';
import { failed, parsed, type Parsed } from './result.js';
import { yamlLocator } from './yaml-locate.js';
import { parseYamlMapping } from './yaml.js';
import { startsWithTodo } from './placeholders.js';

export const DATA_MANIFEST_SCHEMA: object = manifestSchema;

export interface ManifestFile {
  path: string;
  hashes: ContentHash[];
  size: number | null;
}

export interface ManifestDataset {
  name: string;
  path: string;
  description: string | null;
  version: string | null;
  /** sha256 first when both are given. */
  hashes: ContentHash[];
  size: number | null;
  storage: string | null;
  source: string | null;
  license: string | null;
  preprocessing: string | null;
  personalData: string | null;
  files: ManifestFile[];
  index: number;
  /** Line of the entry in the manifest. */
  line: number;
}

export interface DataManifest {
  storage: string | null;
  owner: string | null;
  datasets: ManifestDataset[];
}

interface RawFile {
  path: string;
  sha256?: string;
  md5?: string;
  size?: number;
}

interface RawDataset extends RawFile {
  name: string;
  description?: string;
  version?: string | number;
  storage?: string;
  source?: string;
  license?: string;
  preprocessing?: string;
  personalData?: string;
  files?: RawFile[];
}

interface RawManifest {
  storage?: string;
  owner?: string;
  datasets: RawDataset[];
}

const validateManifest = compileSchema<RawManifest>(manifestSchema);

export function parseDataManifest(text: string, format: 'yaml' | 'json'): Parsed<DataManifest> {
  const result = format === 'json' ? parseJsonObject(text) : parseYamlMapping(text);
  if (!result.ok) return result;
  const locate = yamlLocator(text);
  const valid = validateManifest(result.value);
  if (!valid.ok) {
    // An unknown property is pointed at by its key; a bad value at the value itself.
    const at = locate(valid.error.path, /unknown property/.test(valid.error.message));
    return failed(valid.error.message, at?.line, at?.column);
  }
  const manifest = valid.value;
  return parsed({
    storage: filled(manifest.storage),
    owner: filled(manifest.owner),
    datasets: manifest.datasets.map((raw, index) => ({
      name: raw.name,
      path: raw.path,
      description: filled(raw.description),
      version: raw.version === undefined ? null : filled(String(raw.version)),
      hashes: hashesOf(raw),
      size: raw.size ?? null,
      storage: filled(raw.storage),
      source: filled(raw.source),
      license: filled(raw.license),
      preprocessing: filled(raw.preprocessing),
      personalData: filled(raw.personalData),
      files: (raw.files ?? []).map((file) => ({ path: file.path, hashes: hashesOf(file), size: file.size ?? null })),
      index,
      line: locate(['datasets', index])?.line ?? 1,
    })),
  });
}

/** A declared text, or null while it is still a template prompt (`TODO: …`). */
function filled(value: string | undefined): string | null {
  return value === undefined || startsWithTodo(value) ? null : value;
}

function hashesOf(raw: RawFile): ContentHash[] {
  const hashes: ContentHash[] = [];
  if (raw.sha256) hashes.push(contentHash('sha256', raw.sha256));
  if (raw.md5) hashes.push(contentHash('md5', raw.md5));
  return hashes;
}
