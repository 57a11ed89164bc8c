// The LLM packages a repository declares: pyproject.toml (PEP 621 dependencies, optional dependencies and
// dependency groups, Poetry), requirements*.txt, Pipfile and package.json. Declared dependencies only: a lock
// file lists every transitive package and would make any repository that installs a tool look like an LLM app.
import { parseJsonObject } from '../formats/json.js';
import { normaliseName, parseRequirements } from '../formats/requirements.js';
import { parseToml } from '../formats/toml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { classifyPackage, providerForExtras, type LlmPackageRole } from './catalogue.js';

export interface LlmDependency {
  name: string;
  role: LlmPackageRole;
  /** Hosted service that receives data through this package, when it has one. */
  provider: string | null;
  manifest: string;
  line: number;
}

export interface DeclaredDependencies {
  manifests: string[];
  llm: LlmDependency[];
}

const MANIFEST = /(^|\/)(pyproject\.toml|requirements[^/]*\.(txt|in)|Pipfile|package\.json)$|(^|\/)requirements\/[^/]+\.(txt|in)$/;
/** Environments recorded by runs and saved models describe a past run, not the delivery. */
const RECORDED = /(^|\/)(mlruns|mlartifacts|wandb|artifacts|site-packages|\.venv|venv|node_modules|\.tox|\.nox)\//;
const MAX_MANIFESTS = 60;
const MAX_MANIFEST_BYTES = 1024 * 1024;
const PEP508_NAME = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/;

export async function readDeclaredDependencies(snapshot: Snapshot): Promise<DeclaredDependencies> {
  const manifests = snapshot.files
    .filter((path) => MANIFEST.test(path) && !RECORDED.test(path) && !snapshot.isSymlink(path))
    .sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1))
    .slice(0, MAX_MANIFESTS);
  const result: DeclaredDependencies = { manifests: [], llm: [] };
  for (const path of manifests) {
    const read = await snapshot.readText(path, { maxBytes: MAX_MANIFEST_BYTES });
    if (!read.ok) continue;
    result.manifests.push(path);
    const base = path.slice(path.lastIndexOf('/') + 1);
    const entries =
      base === 'package.json' ? npmDependencies(read.text) : base === 'pyproject.toml' ? pyprojectDependencies(read.text, snapshot, path) : base === 'Pipfile' ? pipfileDependencies(read.text) : requirementsDependencies(read.text);
    for (const entry of entries) {
      const known = classifyPackage(base === 'package.json' ? 'npm' : 'python', entry.name);
      if (!known) continue;
      if (result.llm.some((dep) => dep.name === entry.name && dep.manifest === path)) continue;
      const provider = providerForExtras(entry.name, entry.extras) ?? known.provider ?? null;
      result.llm.push({ name: entry.name, role: known.role, provider, manifest: path, line: entry.line ?? lineOf(read.text, entry.raw) });
    }
  }
  return result;
}

interface DeclaredEntry {
  name: string;
  extras: string[];
  /** Text to find the line by, when the parser gives none. */
  raw: string;
  line?: number;
}

function requirementsDependencies(text: string): DeclaredEntry[] {
  return parseRequirements(text)
    .requirements.filter((requirement) => requirement.name !== null)
    .map((requirement) => ({ name: requirement.name!, extras: requirement.extras, raw: requirement.displayName, line: requirement.line }));
}

function pyprojectDependencies(text: string, snapshot: Snapshot, path: string): DeclaredEntry[] {
  const parsed = parseToml(text);
  if (!parsed.ok) {
    snapshot.addError({ path, message: `not parsed as TOML: ${parsed.error.message}${parsed.error.line ? ` (line ${parsed.error.line})` : ''}` });
    return [];
  }
  const specs: string[] = [];
  const project = record(parsed.value.project);
  specs.push(...strings(project.dependencies));
  for (const group of Object.values(record(project['optional-dependencies']))) specs.push(...strings(group));
  for (const group of Object.values(record(parsed.value['dependency-groups']))) specs.push(...strings(group));
  const poetry = record(record(parsed.value.tool).poetry);
  const poetryTables = [poetry.dependencies, poetry['dev-dependencies'], ...Object.values(record(poetry.group)).map((group) => record(group).dependencies)];
  for (const table of poetryTables) for (const name of Object.keys(record(table))) if (name.toLowerCase() !== 'python') specs.push(name);
  return specs.flatMap((spec) => {
    const match = PEP508_NAME.exec(spec);
    if (!match) return [];
    return [{ name: normaliseName(match[1]), extras: (match[2] ?? '').split(',').map((extra) => extra.trim()).filter(Boolean), raw: `"${match[1]}` }];
  });
}

function pipfileDependencies(text: string): DeclaredEntry[] {
  const parsed = parseToml(text);
  if (!parsed.ok) return [];
  const names = [...Object.keys(record(parsed.value.packages)), ...Object.keys(record(parsed.value['dev-packages']))];
  return names.map((name) => ({ name: normaliseName(name), extras: [], raw: name }));
}

function npmDependencies(text: string): DeclaredEntry[] {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return [];
  const names = new Set<string>();
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) for (const name of Object.keys(record(parsed.value[field]))) names.add(name);
  return [...names].map((name) => ({ name, extras: [], raw: `"${name}"` }));
}

/** Line of the first occurrence of `needle` (a quoted name first, so a mention in a description does not win). */
function lineOf(text: string, needle: string): number {
  let at = text.indexOf(needle);
  if (at < 0) at = text.indexOf(needle.replace(/^"/, ''));
  if (at < 0) return 1;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
