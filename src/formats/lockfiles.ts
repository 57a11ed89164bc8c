// Python environment files: lock files (uv.lock, poetry.lock, Pipfile.lock, pdm.lock, conda-lock, conda
// explicit specs), conda environment.yml, Pipfile and pyproject.toml. Pure: text in, what the file pins out.
// Field names from the tools' own files: uv (`version`, `requires-python`, `[[package]]` with sdist/wheels
// hashes), Poetry (`[[package]]` with `files`, `[metadata] lock-version`/`content-hash`), Pipenv (`_meta`,
// `default`, `develop`), PDM (`[metadata] lock_version`), conda-lock (`version`, `metadata`, `package`).
import { parseJsonObject } from './json.js';
import { normaliseName, pinOfSpecifier } from './requirements.js';
import { failed, parsed, type Parsed } from './result.js';
import { parseToml } from './toml.js';
import { parseYamlMapping } from './yaml.js';

export type LockKind = 'uv' | 'poetry' | 'pipenv' | 'pdm' | 'conda-lock' | 'conda-explicit';

export interface LockedPackage {
  name: string;
  version: string | null;
  /** The lock records a content hash for this package's files. */
  hashed: boolean;
}

export interface Lockfile {
  kind: LockKind;
  packages: LockedPackage[];
  /** Python requirement recorded in the lock (`requires-python`, `python_version`, a locked `python`). */
  python: string | null;
  /** Lock format version as written (`version`, `lock-version`, `lock_version`, `pipfile-spec`). */
  formatVersion: string | null;
}

/** Which lock format a path is, by file name. */
export function lockKindOf(path: string): LockKind | null {
  // Every lock name ends in `k` (.lock), `l` (.yml, .yaml) or `t` (.txt), case aside: most paths stop here,
  // before a slice and a lower-cased copy. A non-ASCII last character goes on (U+212A lower-cases to `k`).
  const last = path.charCodeAt(path.length - 1);
  if (last < 128 && (last | 32) !== 107 && (last | 32) !== 108 && (last | 32) !== 116) return null;
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base === 'uv.lock') return 'uv';
  if (base === 'poetry.lock') return 'poetry';
  if (base === 'pipfile.lock') return 'pipenv';
  if (base === 'pdm.lock') return 'pdm';
  if (base === 'conda-lock.yml' || base === 'conda-lock.yaml' || /\.conda-lock\.ya?ml$/.test(base)) return 'conda-lock';
  if (/^conda-[\w-]+\.lock$/.test(base) || /\.conda\.lock$/.test(base) || /^explicit[\w.-]*\.txt$/.test(base)) return 'conda-explicit';
  return null;
}

export function parseLockfile(kind: LockKind, text: string): Parsed<Lockfile> {
  switch (kind) {
    case 'uv':
      return parseUvLock(text);
    case 'poetry':
      return parsePoetryLock(text);
    case 'pipenv':
      return parsePipfileLock(text);
    case 'pdm':
      return parsePdmLock(text);
    case 'conda-lock':
      return parseCondaLock(text);
    case 'conda-explicit':
      return parseCondaExplicit(text);
  }
}

export function parseUvLock(text: string): Parsed<Lockfile> {
  const result = parseToml(text);
  if (!result.ok) return result;
  const value = result.value;
  if (value.version === undefined) return failed('no top-level "version": not a uv lock file');
  const packages = tomlPackages(value.package, (entry) => {
    const sdistHash = isRecord(entry.sdist) && typeof entry.sdist.hash === 'string';
    const wheelHash = Array.isArray(entry.wheels) && entry.wheels.some((wheel) => isRecord(wheel) && typeof wheel.hash === 'string');
    // The project itself and path/VCS sources carry no hash: the source pins them.
    const source = isRecord(entry.source) ? entry.source : {};
    const local = 'editable' in source || 'virtual' in source || 'directory' in source || 'path' in source;
    const git = typeof source.git === 'string' && /#[0-9a-f]{40}$/.test(source.git);
    return sdistHash || wheelHash || local || git;
  });
  if (!packages.ok) return packages;
  return parsed({ kind: 'uv', packages: packages.value, python: stringOrNull(value['requires-python']), formatVersion: scalar(value.version) });
}

export function parsePoetryLock(text: string): Parsed<Lockfile> {
  const result = parseToml(text);
  if (!result.ok) return result;
  const value = result.value;
  const metadata = isRecord(value.metadata) ? value.metadata : null;
  if (!metadata) return failed('no [metadata] table: not a Poetry lock file');
  const packages = tomlPackages(value.package, (entry) => {
    const files = Array.isArray(entry.files) ? entry.files : isRecord(metadata.files) ? (metadata.files as Record<string, unknown>)[String(entry.name)] : null;
    const source = isRecord(entry.source) ? entry.source : {};
    const local = source.type === 'directory' || source.type === 'file';
    const git = source.type === 'git' && typeof source.resolved_reference === 'string';
    return (Array.isArray(files) && files.some((file) => isRecord(file) && typeof file.hash === 'string')) || local || git;
  });
  if (!packages.ok) return packages;
  return parsed({
    kind: 'poetry',
    packages: packages.value,
    python: stringOrNull(metadata['python-versions']),
    formatVersion: scalar(metadata['lock-version']),
  });
}

export function parsePdmLock(text: string): Parsed<Lockfile> {
  const result = parseToml(text);
  if (!result.ok) return result;
  const value = result.value;
  const metadata = isRecord(value.metadata) ? value.metadata : null;
  if (!metadata || metadata.lock_version === undefined) return failed('no [metadata] lock_version: not a PDM lock file');
  const packages = tomlPackages(value.package, (entry) =>
    Array.isArray(entry.files) ? entry.files.some((file) => isRecord(file) && typeof file.hash === 'string') : typeof entry.revision === 'string' || typeof entry.path === 'string',
  );
  if (!packages.ok) return packages;
  return parsed({ kind: 'pdm', packages: packages.value, python: stringOrNull(metadata.requires_python), formatVersion: scalar(metadata.lock_version) });
}

export function parsePipfileLock(text: string): Parsed<Lockfile> {
  const result = parseJsonObject(text);
  if (!result.ok) return result;
  const value = result.value;
  const meta = isRecord(value._meta) ? value._meta : null;
  if (!meta) return failed('no "_meta" object: not a Pipfile.lock');
  const packages: LockedPackage[] = [];
  for (const section of ['default', 'develop']) {
    const entries = value[section];
    if (entries === undefined) continue;
    if (!isRecord(entries)) return failed(`"${section}" must be an object of packages`);
    for (const [name, entry] of Object.entries(entries)) {
      if (!isRecord(entry)) continue;
      const version = typeof entry.version === 'string' ? entry.version.replace(/^==/, '') : null;
      const hashed = Array.isArray(entry.hashes) && entry.hashes.some((hash) => typeof hash === 'string' && /^sha256:[0-9a-f]{64}$/i.test(hash));
      const pinnedSource = typeof entry.ref === 'string' && /^[0-9a-f]{40}$/.test(entry.ref);
      packages.push({ name: normaliseName(name), version, hashed: hashed || pinnedSource || typeof entry.path === 'string' });
    }
  }
  const requires = isRecord(meta.requires) ? meta.requires : {};
  return parsed({
    kind: 'pipenv',
    packages,
    python: stringOrNull(requires.python_full_version) ?? stringOrNull(requires.python_version),
    formatVersion: scalar(meta['pipfile-spec']),
  });
}

export function parseCondaLock(text: string): Parsed<Lockfile> {
  const result = parseYamlMapping(text);
  if (!result.ok) return result;
  const value = result.value;
  if (!Array.isArray(value.package)) return failed('no "package" list: not a conda-lock file');
  const packages: LockedPackage[] = [];
  let python: string | null = null;
  for (const entry of value.package) {
    if (!isRecord(entry) || typeof entry.name !== 'string') continue;
    const hash = isRecord(entry.hash) ? entry.hash : {};
    const version = scalar(entry.version);
    if (entry.name === 'python' && version) python = version;
    packages.push({ name: normaliseName(entry.name), version, hashed: typeof hash.sha256 === 'string' || typeof hash.md5 === 'string' });
  }
  return parsed({ kind: 'conda-lock', packages, python, formatVersion: scalar(value.version) });
}

/** `conda list --explicit --md5` output: `@EXPLICIT` then one package URL per line, `#md5` optional. */
export function parseCondaExplicit(text: string): Parsed<Lockfile> {
  if (!/^@EXPLICIT\s*$/m.test(text)) return failed('no @EXPLICIT line: not an explicit conda spec');
  const packages: LockedPackage[] = [];
  let python: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!/^https?:\/\//.test(line)) continue;
    const file = line.split('#')[0].split('/').pop() ?? '';
    const match = /^(.+)-([^-]+)-([^-]+)\.(conda|tar\.bz2)$/.exec(file);
    if (!match) continue;
    if (match[1] === 'python') python = match[2];
    packages.push({ name: normaliseName(match[1]), version: match[2], hashed: /#[0-9a-f]{32,64}$/.test(line) });
  }
  return parsed({ kind: 'conda-explicit', packages, python, formatVersion: null });
}

function tomlPackages(list: unknown, hashed: (entry: Record<string, unknown>) => boolean): Parsed<LockedPackage[]> {
  if (list === undefined) return parsed([]);
  if (!Array.isArray(list)) return failed('"package" must be an array of tables ([[package]])');
  const packages: LockedPackage[] = [];
  for (const entry of list) {
    if (!isRecord(entry) || typeof entry.name !== 'string') continue;
    packages.push({ name: normaliseName(entry.name), version: scalar(entry.version), hashed: hashed(entry) });
  }
  return parsed(packages);
}

// --------------------------------------------------------------------------------------- environment.yml

export interface CondaDependency {
  /** The spec as written, e.g. `numpy=1.26.4` or `lightgbm==4.5.0`. */
  spec: string;
  name: string;
  manager: 'conda' | 'pip';
  pinned: boolean;
  /** Version when the spec names one exactly. */
  version: string | null;
  line: number | null;
}

export interface CondaEnvironment {
  name: string | null;
  channels: string[];
  dependencies: CondaDependency[];
  /** `python=3.11` (or `python==3.11.9`) in the dependencies. */
  python: string | null;
}

/**
 * conda `environment.yml` (also MLflow's `conda.yaml`). A conda spec `name=1.2.3` (optionally `=build`)
 * or `name==1.2.3` is pinned; `name=1.2` is a prefix match, still counted as pinned to that series.
 * Ranges, wildcards and bare names are not. Pip entries follow pip's rules.
 */
export function parseCondaEnvironment(text: string): Parsed<CondaEnvironment> {
  const result = parseYamlMapping(text);
  if (!result.ok) return result;
  const value = result.value;
  if (value.dependencies !== undefined && !Array.isArray(value.dependencies)) return failed('"dependencies" must be a list');
  const lines = text.split('\n');
  let cursor = 0;
  const lineOf = (spec: string): number | null => {
    for (let i = cursor; i < lines.length; i++) {
      if (lines[i].includes(spec)) {
        cursor = i + 1;
        return i + 1;
      }
    }
    return null;
  };
  const dependencies: CondaDependency[] = [];
  let python: string | null = null;
  for (const entry of (value.dependencies as unknown[] | undefined) ?? []) {
    if (typeof entry === 'string') {
      const dependency = condaDependency(entry, lineOf(entry));
      if (dependency.name === 'python') python = dependency.version ?? versionPrefix(entry);
      else dependencies.push(dependency);
    } else if (isRecord(entry) && Array.isArray(entry.pip)) {
      for (const spec of entry.pip) {
        if (typeof spec !== 'string') continue;
        dependencies.push(pipDependency(spec, lineOf(spec)));
      }
    }
  }
  const channels = Array.isArray(value.channels) ? value.channels.filter((channel): channel is string => typeof channel === 'string') : [];
  return parsed({ name: stringOrNull(value.name), channels, dependencies, python });
}

function condaDependency(spec: string, line: number | null): CondaDependency {
  const clean = spec.trim().replace(/^[\w.-]+::/, ''); // drop a `channel::` prefix
  const match = /^([A-Za-z0-9_.-]+)\s*(.*)$/.exec(clean);
  const name = normaliseName(match?.[1] ?? clean);
  const constraint = (match?.[2] ?? '').trim();
  const exact = /^==?\s*([0-9][\w.+!-]*)(=[\w.*]+)?$/.exec(constraint);
  const pinned = exact !== null && !exact[1].includes('*');
  return { spec, name, manager: 'conda', pinned, version: pinned ? exact![1] : null, line };
}

function pipDependency(spec: string, line: number | null): CondaDependency {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*)/.exec(spec.trim());
  const name = normaliseName(match?.[1] ?? spec);
  const specifier = (match?.[3] ?? '').trim();
  const pin = /@\s*\S+/.test(spec) ? (/@[0-9a-f]{40}\b/.test(spec) ? 'exact' : 'range') : pinOfSpecifier(specifier);
  const version = pin === 'exact' ? (/==\s*([^\s,;]+)/.exec(specifier)?.[1] ?? null) : null;
  return { spec, name, manager: 'pip', pinned: pin === 'exact', version, line };
}

function versionPrefix(spec: string): string | null {
  return /[=<>~]=?\s*([0-9][\w.*]*)/.exec(spec)?.[1] ?? null;
}

// ------------------------------------------------------------------------------------------ pyproject

export interface PyprojectLicense {
  /** PEP 639 SPDX expression, `[tool.poetry] license`, or PEP 621 `{text}`, as written. */
  expression: string | null;
  /** PEP 621 `license = {file = "LICENSE"}` or PEP 639 `license-files`. */
  files: string[];
  /** Trove classifiers naming a licence, e.g. `License :: OSI Approved :: MIT License`. */
  classifiers: string[];
}

export interface Pyproject {
  name: string | null;
  /** `[project] requires-python` or the `python` entry of `[tool.poetry.dependencies]`. */
  requiresPython: string | null;
  /** Runtime dependencies as written (PEP 621 strings, or Poetry `name = "spec"` rendered `name spec`). */
  dependencies: string[];
  /** Console scripts: `[project.scripts]` and `[tool.poetry.scripts]`, name -> `module:function`. */
  scripts: Record<string, string>;
  license: PyprojectLicense;
  /** Tools configured under `[tool.*]` (uv, poetry, pdm, hatch, ...). */
  tools: string[];
}

export function parsePyproject(text: string): Parsed<Pyproject> {
  const result = parseToml(text);
  if (!result.ok) return result;
  const value = result.value;
  const project = isRecord(value.project) ? value.project : {};
  const tool = isRecord(value.tool) ? value.tool : {};
  const poetry = isRecord(tool.poetry) ? tool.poetry : {};
  const poetryDependencies = isRecord(poetry.dependencies) ? poetry.dependencies : {};

  const dependencies: string[] = [];
  if (Array.isArray(project.dependencies)) for (const dependency of project.dependencies) if (typeof dependency === 'string') dependencies.push(dependency);
  for (const [name, spec] of Object.entries(poetryDependencies)) {
    if (name.toLowerCase() === 'python') continue;
    if (typeof spec === 'string') dependencies.push(`${name} ${spec}`);
    else if (isRecord(spec) && typeof spec.version === 'string') dependencies.push(`${name} ${spec.version}`);
    else dependencies.push(name);
  }

  const scripts: Record<string, string> = {};
  for (const table of [project.scripts, poetry.scripts]) {
    if (!isRecord(table)) continue;
    for (const [name, target] of Object.entries(table)) {
      if (typeof target === 'string') scripts[name] = target;
      else if (isRecord(target) && typeof target.reference === 'string') scripts[name] = target.reference;
    }
  }

  const license: PyprojectLicense = { expression: null, files: [], classifiers: [] };
  if (typeof project.license === 'string') license.expression = project.license;
  else if (isRecord(project.license)) {
    if (typeof project.license.text === 'string') license.expression = project.license.text;
    if (typeof project.license.file === 'string') license.files.push(project.license.file);
  }
  if (!license.expression && typeof poetry.license === 'string') license.expression = poetry.license;
  for (const files of [project['license-files'], poetry['license-files']]) {
    if (Array.isArray(files)) for (const file of files) if (typeof file === 'string') license.files.push(file);
  }
  const classifiers = [...arrayOfStrings(project.classifiers), ...arrayOfStrings(poetry.classifiers)];
  license.classifiers = classifiers.filter((classifier) => /^License ::/.test(classifier));

  const poetryPython = poetryDependencies.python ?? poetryDependencies.Python;
  return parsed({
    name: stringOrNull(project.name) ?? stringOrNull(poetry.name),
    requiresPython: stringOrNull(project['requires-python']) ?? (typeof poetryPython === 'string' ? poetryPython : null),
    dependencies,
    scripts,
    license,
    tools: Object.keys(tool),
  });
}

/** Pipfile (TOML): `[requires] python_version` / `python_full_version`. */
export function parsePipfile(text: string): Parsed<{ python: string | null; packages: string[] }> {
  const result = parseToml(text);
  if (!result.ok) return result;
  const requires = isRecord(result.value.requires) ? result.value.requires : {};
  const packages = isRecord(result.value.packages) ? Object.keys(result.value.packages) : [];
  return parsed({ python: stringOrNull(requires.python_full_version) ?? stringOrNull(requires.python_version), packages });
}

/** Bare `.python-version` / `runtime.txt` content: `3.11.9`, `python-3.11.9`, `cpython@3.12`. */
export function parsePythonVersionFile(text: string): string | null {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:python-?|cpython[-@]?|pypy[-@]?)?(\d[\w.+-]*)$/i.exec(line);
    return match ? match[1] : null;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function scalar(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function arrayOfStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

