// The LLM packages a repository declares, in every common ecosystem: pyproject.toml (PEP 621 dependencies,
// optional dependencies and dependency groups, Poetry), requirements*.txt, Pipfile, package.json, Gemfile,
// *.csproj/*.fsproj/*.vbproj PackageReference, go.mod require, Cargo.toml dependency tables, pom.xml dependencies,
// build.gradle(.kts) coordinates and Gradle version catalogs, composer.json. Declared dependencies only: a lock
// file lists every transitive package and would make any repository that installs a tool look like an LLM app.
import { parseJsonObject } from '../formats/json.js';
import { normaliseName, parseRequirements } from '../formats/requirements.js';
import { parseToml } from '../formats/toml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { classifyPackage, providerForExtras, type LlmPackageRole, type PackageEcosystem } from './catalogue.js';
import { shallowFirst } from '../path-memo.js';

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

const MANIFEST =
  /(^|\/)(pyproject\.toml|requirements[^/]*\.(txt|in)|Pipfile|package\.json|Gemfile|go\.mod|Cargo\.toml|pom\.xml|build\.gradle(\.kts)?|libs\.versions\.toml|composer\.json)$|(^|\/)requirements\/[^/]+\.(txt|in)$|\.(csproj|fsproj|vbproj)$/;
/** Environments recorded by runs and saved models describe a past run, not the delivery; vendored code is not it either. */
const RECORDED = /(^|\/)(mlruns|mlartifacts|wandb|artifacts|site-packages|\.venv|venv|node_modules|vendor|\.tox|\.nox|bin|obj)\//;
const MAX_MANIFESTS = 60;
const MAX_MANIFEST_BYTES = 1024 * 1024;
const PEP508_NAME = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/;

export async function readDeclaredDependencies(snapshot: Snapshot): Promise<DeclaredDependencies> {
  const manifests = snapshot.files
    .filter((path) => MANIFEST.test(path) && !RECORDED.test(path) && !snapshot.isSymlink(path))
    .sort(shallowFirst)
    .slice(0, MAX_MANIFESTS);
  const result: DeclaredDependencies = { manifests: [], llm: [] };
  for (const path of manifests) {
    const read = await snapshot.readText(path, { maxBytes: MAX_MANIFEST_BYTES });
    if (!read.ok) continue;
    result.manifests.push(path);
    const base = path.slice(path.lastIndexOf('/') + 1);
    const { ecosystem, entries } = declaredIn(base, read.text, snapshot, path);
    for (const entry of entries) {
      const known = classifyPackage(ecosystem, entry.name);
      if (!known) continue;
      if (result.llm.some((dep) => dep.name === entry.name && dep.manifest === path)) continue;
      const provider = providerForExtras(entry.name, entry.extras) ?? known.provider ?? null;
      result.llm.push({ name: entry.name, role: known.role, provider, manifest: path, line: entry.line ?? lineOf(read.text, entry.raw) });
    }
  }
  return result;
}

function declaredIn(base: string, text: string, snapshot: Snapshot, path: string): { ecosystem: PackageEcosystem; entries: DeclaredEntry[] } {
  switch (base) {
    case 'package.json':
      return { ecosystem: 'npm', entries: npmDependencies(text) };
    case 'pyproject.toml':
      return { ecosystem: 'python', entries: pyprojectDependencies(text, snapshot, path) };
    case 'Pipfile':
      return { ecosystem: 'python', entries: pipfileDependencies(text) };
    case 'Gemfile':
      return { ecosystem: 'rubygems', entries: matchedNames(text, /^[ \t]*gem[ \t]+["']([\w.-]+)["']/gm) };
    case 'go.mod':
      return { ecosystem: 'go', entries: matchedNames(text, /^(?:require[ \t]+|[ \t]+)?([\w.-]+\.[\w-]+\/[\w./-]+)[ \t]+v\d/gm) };
    case 'Cargo.toml':
      return { ecosystem: 'cargo', entries: cargoDependencies(text) };
    case 'pom.xml':
      return { ecosystem: 'maven', entries: pomDependencies(text) };
    case 'build.gradle':
    case 'build.gradle.kts':
      return { ecosystem: 'maven', entries: matchedNames(text, /["']([\w.-]+:[\w.-]+)(?::[^"'\s]*)?["']/g) };
    case 'libs.versions.toml':
      return { ecosystem: 'maven', entries: versionCatalog(text) };
    case 'composer.json':
      return { ecosystem: 'composer', entries: composerDependencies(text) };
  }
  if (/\.(csproj|fsproj|vbproj)$/.test(base)) return { ecosystem: 'nuget', entries: matchedNames(text, /<PackageReference\b[^>]{0,400}?\b(?:Include|Update)\s*=\s*"([^"]+)"/gi) };
  return { ecosystem: 'python', entries: requirementsDependencies(text) };
}

/** Each first group of `pattern` as a declared name, with the line it is on. */
function matchedNames(text: string, pattern: RegExp): DeclaredEntry[] {
  const out: DeclaredEntry[] = [];
  let line = 1;
  let counted = 0;
  for (const match of text.matchAll(pattern)) {
    for (; counted < match.index; counted++) if (text.charCodeAt(counted) === 10) line++;
    out.push({ name: match[1], extras: [], raw: match[1], line: line + countNewlines(match[0].slice(0, match[0].indexOf(match[1]))) });
    if (out.length >= 2_000) break;
  }
  return out;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function cargoDependencies(text: string): DeclaredEntry[] {
  const parsed = parseToml(text);
  if (!parsed.ok) return [];
  const tables = [parsed.value.dependencies, parsed.value['dev-dependencies'], parsed.value['build-dependencies'], record(parsed.value.workspace).dependencies];
  for (const target of Object.values(record(parsed.value.target))) tables.push(record(target).dependencies);
  const out: DeclaredEntry[] = [];
  for (const table of tables) {
    for (const [key, spec] of Object.entries(record(table))) {
      // `openai = { package = "async-openai", version = "0.23" }` renames a crate.
      const name = typeof record(spec).package === 'string' ? (record(spec).package as string) : key;
      out.push({ name, extras: [], raw: key });
    }
  }
  return out;
}

function pomDependencies(text: string): DeclaredEntry[] {
  const out: DeclaredEntry[] = [];
  for (const block of matchedBlocks(text, /<dependency>[\s\S]{0,3000}?<\/dependency>/g)) {
    const group = /<groupId>\s*([^<\s]+)\s*<\/groupId>/.exec(block.text)?.[1];
    const artifact = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(block.text)?.[1];
    if (group && artifact) out.push({ name: `${group}:${artifact}`, extras: [], raw: `<artifactId>${artifact}`, line: block.line });
  }
  return out;
}

function matchedBlocks(text: string, pattern: RegExp): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let line = 1;
  let counted = 0;
  for (const match of text.matchAll(pattern)) {
    for (; counted < match.index; counted++) if (text.charCodeAt(counted) === 10) line++;
    out.push({ text: match[0], line });
    if (out.length >= 2_000) break;
  }
  return out;
}

/** Gradle version catalog `[libraries]`: `module = "group:artifact"` or `group = "…", name = "…"`. */
function versionCatalog(text: string): DeclaredEntry[] {
  const parsed = parseToml(text);
  if (!parsed.ok) return [];
  const out: DeclaredEntry[] = [];
  for (const [alias, spec] of Object.entries(record(parsed.value.libraries))) {
    const entry = record(spec);
    const name = typeof spec === 'string' ? spec.split(':').slice(0, 2).join(':') : typeof entry.module === 'string' ? entry.module : typeof entry.group === 'string' && typeof entry.name === 'string' ? `${entry.group}:${entry.name}` : null;
    if (name) out.push({ name, extras: [], raw: alias });
  }
  return out;
}

function composerDependencies(text: string): DeclaredEntry[] {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return [];
  const names = [...Object.keys(record(parsed.value.require)), ...Object.keys(record(parsed.value['require-dev']))];
  return names.map((name) => ({ name, extras: [], raw: `"${name}"` }));
}

interface DeclaredEntry {
  name: string;
  extras: string[];
  /** Text to find the line by, when the parser gives none. */
  raw: string;
  line?: number;
}

function requirementsDependencies(text: string): DeclaredEntry[] {
  const transitive = compiledTransitiveLines(text);
  return parseRequirements(text)
    .requirements.filter((requirement) => requirement.name !== null && !(requirement.line !== undefined && transitive.has(requirement.line)))
    .map((requirement) => ({ name: requirement.name!, extras: requirement.extras, raw: requirement.displayName, line: requirement.line }));
}

/**
 * pip-compile and `uv pip compile` write where each pin comes from (`# via langchain-core`). A pin whose `via`
 * names only other packages is transitive: the project does not use it directly. One naming the project
 * (`kestrel (pyproject.toml)`), an input file (`-r requirements.in`) or setup.py is direct. Lines are 1-based.
 */
function compiledTransitiveLines(text: string): Set<number> {
  const lines = text.split('\n');
  const out = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    if (!/^[A-Za-z0-9]/.test(lines[i])) continue;
    const sources: string[] = [];
    let j = i + 1;
    for (; j < lines.length && /^\s+#/.test(lines[j]); j++) {
      const entry = /^\s+#\s*(?:via\s+)?(.*)$/.exec(lines[j]);
      if (j === i + 1 && !/^\s+#\s*via\b/.test(lines[j])) break;
      if (entry && entry[1].trim() && entry[1].trim() !== 'via') sources.push(entry[1].trim());
    }
    if (sources.length && sources.every((source) => /^[A-Za-z0-9][\w.-]*$/.test(source))) out.add(i + 1);
    i = j - 1;
  }
  return out;
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
