// DVC's on-disk formats: `.dvc/config` (INI), `*.dvc` tracking files, `dvc.yaml` pipelines, `dvc.lock`
// (schema 2.0) and `params.yaml`. Field names follow dvc/schema.py and dvc/output.py. Pure: text in, Parsed out.
import { contentHash, type ContentHash } from './content-hash.js';
import { failed, parsed, type Parsed } from './result.js';
import { parseYamlMapping } from './yaml.js';

// ---------------------------------------------------------------------------------------------- .dvc/config

export interface DvcRemote {
  name: string;
  url: string | null;
  line: number;
}

export interface DvcConfig {
  /** `[core] remote = <name>`, the remote `dvc push`/`pull` use by default. */
  defaultRemote: { name: string; line: number } | null;
  remotes: DvcRemote[];
  /** Keys that hold secrets (`secret_access_key`, `password`, …): named, never their values. */
  secrets: Array<{ section: string; key: string; line: number }>;
}

/** Keys `dvc remote modify` stores that are credentials; they belong in `.dvc/config.local`, never in git. */
const SECRET_KEYS = new Set([
  'access_key_id',
  'secret_access_key',
  'session_token',
  'password',
  'account_key',
  'sas_token',
  'connection_string',
  'client_secret',
  'gdrive_client_secret',
  'gdrive_user_credentials_file',
  'ask_password',
]);

/** A tiny INI reader for DVC's configobj files: `[core]`, `['remote "name"']`, `key = value`, `#`/`;` comments. */
export function parseDvcConfig(text: string): Parsed<DvcConfig> {
  const config: DvcConfig = { defaultRemote: null, remotes: [], secrets: [] };
  let section = '';
  let remote: DvcRemote | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) return failed('section header without a closing ]', i + 1, 1);
      section = line.slice(1, -1).trim().replace(/^'(.*)'$/, '$1').trim();
      const named = /^remote\s+"([^"]+)"$/.exec(section);
      remote = named ? { name: named[1], url: null, line: i + 1 } : null;
      if (remote) config.remotes.push(remote);
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) return failed(`expected "key = value", found "${line.slice(0, 40)}"`, i + 1, 1);
    const key = line.slice(0, equals).trim().toLowerCase();
    const value = line.slice(equals + 1).trim().replace(/^(['"])(.*)\1$/, '$2');
    if (section === 'core' && key === 'remote' && value) config.defaultRemote = { name: value, line: i + 1 };
    if (remote && key === 'url') remote.url = value || null;
    if (SECRET_KEYS.has(key) && value !== '' && value.toLowerCase() !== 'false') config.secrets.push({ section, key, line: i + 1 });
  }
  return parsed(config);
}

/** A remote URL that only works on the machine that wrote it (`/tmp/dvcstore`, `../store`, `C:\…`). */
export function isLocalRemote(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^file:\/\//i.test(url);
}

// ----------------------------------------------------------------------------------- outputs and deps

export interface DvcEntry {
  path: string;
  /** md5 (file, or `<md5>.dir` for a directory), else etag (cloud), else checksum (HDFS); null when none. */
  hash: ContentHash | null;
  /** DVC 3.x writes `hash: md5`; without it the md5 is DVC 2.x's (text files hashed after CRLF -> LF). */
  legacyMd5: boolean;
  size?: number;
  nfiles?: number;
  desc?: string;
  cache: boolean;
  remote?: string;
  /** Position in its list, for locating it in the text. */
  index: number;
  problems: string[];
}

function readEntry(raw: unknown, index: number): DvcEntry | null {
  if (!isRecord(raw)) return null;
  const path = typeof raw.path === 'string' ? raw.path : '';
  const problems: string[] = [];
  if (!path) problems.push('entry has no path');
  let hash: ContentHash | null = null;
  if (raw.md5 !== undefined && raw.md5 !== null) hash = contentHash('md5', raw.md5, { allowDir: true });
  else if (raw.etag !== undefined && raw.etag !== null) hash = contentHash('etag', raw.etag);
  else if (raw.checksum !== undefined && raw.checksum !== null) hash = contentHash('checksum', raw.checksum);
  const entry: DvcEntry = { path, hash, legacyMd5: raw.hash === undefined, cache: raw.cache !== false, index, problems };
  if (raw.size !== undefined) {
    if (typeof raw.size === 'number' && Number.isInteger(raw.size) && raw.size >= 0) entry.size = raw.size;
    else problems.push(`size "${String(raw.size).slice(0, 30)}" is not a byte count`);
  }
  if (raw.nfiles !== undefined) {
    if (typeof raw.nfiles === 'number' && Number.isInteger(raw.nfiles) && raw.nfiles >= 0) entry.nfiles = raw.nfiles;
    else problems.push(`nfiles "${String(raw.nfiles).slice(0, 30)}" is not a count`);
  }
  if (typeof raw.desc === 'string') entry.desc = raw.desc;
  if (typeof raw.remote === 'string') entry.remote = raw.remote;
  return entry;
}

// ---------------------------------------------------------------------------------------- *.dvc files

export interface DvcImport {
  /** `dvc import`: the source repository and the exact commit it was pinned to. */
  url: string | null;
  rev: string | null;
  revLock: string | null;
}

export interface DvcTrackFile {
  outs: DvcEntry[];
  deps: DvcEntry[];
  /** Set when the file comes from `dvc import` (a dep with `repo:`). */
  imported: DvcImport | null;
  frozen: boolean;
}

export function parseDvcFile(text: string): Parsed<DvcTrackFile> {
  const result = parseYamlMapping(text);
  if (!result.ok) return result;
  const value = result.value;
  if (!Array.isArray(value.outs)) return failed('no "outs" list: a .dvc file names the data it tracks under outs');
  const outs = value.outs.map(readEntry).filter((entry): entry is DvcEntry => entry !== null);
  const deps = Array.isArray(value.deps) ? value.deps.map(readEntry).filter((entry): entry is DvcEntry => entry !== null) : [];
  let imported: DvcImport | null = null;
  for (const dep of Array.isArray(value.deps) ? value.deps : []) {
    if (isRecord(dep) && isRecord(dep.repo)) {
      imported = { url: stringOrNull(dep.repo.url), rev: stringOrNull(dep.repo.rev), revLock: stringOrNull(dep.repo.rev_lock) };
    }
  }
  return parsed({ outs, deps, imported, frozen: value.frozen === true });
}

// ------------------------------------------------------------------------------------------- dvc.yaml

export interface DvcStageOut {
  path: string;
  cache: boolean;
  kind: 'out' | 'metric' | 'plot';
}

export interface DvcStage {
  name: string;
  cmd: string | null;
  deps: string[];
  outs: DvcStageOut[];
  /** `params.yaml` keys (file null) or `{other.yaml: [keys]}`. */
  params: Array<{ file: string | null; key: string }>;
  wdir: string | null;
  desc: string | null;
  frozen: boolean;
  /** `foreach`/`do` or `matrix`: the lock holds one `name@key` entry per generated stage. */
  generated: boolean;
}

export interface DvcPipeline {
  stages: DvcStage[];
  /** `artifacts: {name: {path, type, desc}}` (DVC 3 model registry / dataset declarations). */
  artifacts: Array<{ name: string; path: string; type: string | null; desc: string | null }>;
  /** `datasets: [{name, url, type}]` (DVC 3.4x). */
  datasets: Array<{ name: string; url: string | null; type: string | null }>;
}

export function parseDvcPipeline(text: string): Parsed<DvcPipeline> {
  const result = parseYamlMapping(text);
  if (!result.ok) return result;
  const value = result.value;
  if (value.stages !== undefined && !isRecord(value.stages)) return failed('"stages" must be a mapping of stage names to stages');
  const stages: DvcStage[] = [];
  for (const [name, raw] of Object.entries(isRecord(value.stages) ? value.stages : {})) {
    if (!isRecord(raw)) continue;
    const generated = raw.foreach !== undefined || raw.matrix !== undefined;
    const body = raw.foreach !== undefined && isRecord(raw.do) ? raw.do : raw;
    stages.push({
      name,
      cmd: commandOf(body.cmd),
      deps: stringList(body.deps),
      outs: [...outList(body.outs, 'out'), ...outList(body.metrics, 'metric'), ...outList(body.plots, 'plot')],
      params: paramList(body.params),
      wdir: typeof body.wdir === 'string' ? body.wdir : null,
      desc: typeof body.desc === 'string' ? body.desc : null,
      frozen: body.frozen === true,
      generated,
    });
  }
  const artifacts: DvcPipeline['artifacts'] = [];
  for (const [name, raw] of Object.entries(isRecord(value.artifacts) ? value.artifacts : {})) {
    if (isRecord(raw) && typeof raw.path === 'string') {
      artifacts.push({ name, path: raw.path, type: stringOrNull(raw.type), desc: stringOrNull(raw.desc) });
    }
  }
  const datasets: DvcPipeline['datasets'] = [];
  for (const raw of Array.isArray(value.datasets) ? value.datasets : []) {
    if (isRecord(raw) && typeof raw.name === 'string') datasets.push({ name: raw.name, url: stringOrNull(raw.url), type: stringOrNull(raw.type) });
  }
  return parsed({ stages, artifacts, datasets });
}

function commandOf(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw)) return raw.filter((part) => typeof part === 'string').join(' && ') || null;
  return null;
}

function stringList(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((item): item is string => typeof item === 'string');
}

/** `- path` or `- path: {cache: false, persist: true}` (one key per item). */
function outList(raw: unknown, kind: DvcStageOut['kind']): DvcStageOut[] {
  if (!Array.isArray(raw)) return [];
  const outs: DvcStageOut[] = [];
  for (const item of raw) {
    if (typeof item === 'string') outs.push({ path: item, cache: kind === 'out', kind });
    else if (isRecord(item)) {
      for (const [path, options] of Object.entries(item)) {
        const cache = isRecord(options) && typeof options.cache === 'boolean' ? options.cache : kind === 'out';
        outs.push({ path, cache, kind });
      }
    }
  }
  return outs;
}

function paramList(raw: unknown): DvcStage['params'] {
  if (!Array.isArray(raw)) return [];
  const params: DvcStage['params'] = [];
  for (const item of raw) {
    if (typeof item === 'string') params.push({ file: null, key: item });
    else if (isRecord(item)) {
      for (const [file, keys] of Object.entries(item)) {
        // `- other.yaml:` with no keys means every parameter in that file.
        if (Array.isArray(keys)) for (const key of keys) if (typeof key === 'string') params.push({ file, key });
      }
    }
  }
  return params;
}

// ------------------------------------------------------------------------------------------- dvc.lock

export interface DvcLockStage {
  name: string;
  cmd: string | null;
  deps: DvcEntry[];
  outs: DvcEntry[];
  /** Resolved parameter values: `{params.yaml: {train.seed: 42}}`. */
  params: Record<string, Record<string, unknown>>;
}

export interface DvcLock {
  /** `'2.0'` for DVC 2.x/3.x; null for DVC 1.x lock files, which had no schema key. */
  schema: string | null;
  stages: DvcLockStage[];
  problems: string[];
}

export function parseDvcLock(text: string): Parsed<DvcLock> {
  const result = parseYamlMapping(text);
  if (!result.ok) return result;
  const value = result.value;
  const problems: string[] = [];
  const schema = value.schema === undefined ? null : String(value.schema);
  if (schema !== null && schema !== '2.0') problems.push(`schema "${schema}" is not the '2.0' DVC writes (quote it: schema: '2.0')`);
  // DVC 1.x lock files were a flat mapping of stage names; 2.0 nests them under `stages`.
  const rawStages = schema === null && !isRecord(value.stages) ? value : value.stages;
  if (!isRecord(rawStages)) return failed('no "stages" mapping in dvc.lock');
  const stages: DvcLockStage[] = [];
  for (const [name, raw] of Object.entries(rawStages)) {
    if (!isRecord(raw)) continue;
    const params: DvcLockStage['params'] = {};
    if (isRecord(raw.params)) {
      for (const [file, values] of Object.entries(raw.params)) if (isRecord(values)) params[file] = values;
    }
    stages.push({
      name,
      cmd: commandOf(raw.cmd),
      deps: Array.isArray(raw.deps) ? raw.deps.map(readEntry).filter((entry): entry is DvcEntry => entry !== null) : [],
      outs: Array.isArray(raw.outs) ? raw.outs.map(readEntry).filter((entry): entry is DvcEntry => entry !== null) : [],
      params,
    });
  }
  return parsed({ schema, stages, problems });
}

/** The lock entries for a dvc.yaml stage: `name`, or `name@key` for foreach/matrix stages. */
export function lockStagesFor(lock: DvcLock, stage: DvcStage): DvcLockStage[] {
  return lock.stages.filter((entry) => entry.name === stage.name || (stage.generated && entry.name.startsWith(`${stage.name}@`)));
}

// ----------------------------------------------------------------------------------------- params.yaml

/** Looks a dotted DVC parameter key (`train.seed`) up in a parsed params file. */
export function hasParam(params: Record<string, unknown>, dotted: string): boolean {
  if (Object.prototype.hasOwnProperty.call(params, dotted)) return true;
  let node: unknown = params;
  for (const part of dotted.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(part)) node = node[Number(part)];
    else if (isRecord(node) && Object.prototype.hasOwnProperty.call(node, part)) node = node[part];
    else return false;
  }
  return true;
}

/** Dotted keys of every leaf whose name mentions a seed (`prepare.seed`, `train.random_state`). */
export function seedKeys(params: Record<string, unknown>): string[] {
  const found: string[] = [];
  const stack: Array<[unknown, string]> = [[params, '']];
  while (stack.length > 0 && found.length < 50) {
    const [node, prefix] = stack.pop()!;
    if (!isRecord(node)) continue;
    for (const [key, child] of Object.entries(node)) {
      const dotted = prefix ? `${prefix}.${key}` : key;
      if (isRecord(child)) stack.push([child, dotted]);
      else if (/seed|random_state/i.test(key)) found.push(dotted);
    }
  }
  return found.sort();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
