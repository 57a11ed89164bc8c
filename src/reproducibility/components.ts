// Lock file and runtime version of each non-Python component (a Rails service, a Node front end, a Go or .NET
// API...): which lock fixes its dependencies, whether it is the tool's own and intact, and where the runtime it
// builds with is stated. Python components keep their own, finer collector (environment.ts, versions.ts), split
// here into one part per Python component when there are several.
// Facts and a 0..1 value per component; the reproducibility check turns them into findings.
import { describeComponent, detectComponents, foldersUp, manifestFolder, nearestComponent, within, type Component, type Ecosystem } from '../components/detect.js';
import { isDockerfileName, parseDockerfile, runtimeOfImage } from '../formats/dockerfile.js';
import { ecosystemLockKindOf, isBinaryLock, parseEcosystemLock, type EcosystemLockKind } from '../formats/ecosystem-lockfiles.js';
import { parseJsonObject } from '../formats/json.js';
import { describeFormatError } from '../formats/result.js';
import { isRuntimeFile, runtimeStatements, type Runtime, type RuntimeStatement } from '../formats/runtime-versions.js';
import { parseToml } from '../formats/toml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { workflowNodeVersions, type CiNodeVersion } from './ci-runtimes.js';
import { environmentWithin, type EnvironmentFacts, type EnvironmentSpec } from './environment.js';
import type { PythonScope } from './versions.js';

export interface ComponentLock {
  path: string;
  kind: EcosystemLockKind;
  packages: number;
  hashed: number;
  /** bun.lockb: present, not readable as text. */
  binary: boolean;
}

export interface ComponentJudgement {
  component: Component;
  label: string;
  locks: ComponentLock[];
  /** Dependencies the manifests declare (null when not counted for this ecosystem). */
  declared: number | null;
  /** 0..1: how completely the component's dependencies are fixed. */
  environment: number;
  environmentNote: string;
  /** Set when the lock the ecosystem expects is missing; says which files would fix it. */
  missingLock: string | null;
  /** For a tool that writes no lock at all (Maven): what its manifest does and does not fix, said instead. */
  lockNote?: string;
  problems: Array<{ id: 'lockfile-malformed' | 'lockfile-empty'; path: string; line?: number; message: string }>;
  runtimes: Array<RuntimeStatement & { path: string }>;
  /** 1 when one version is stated, 0.7 for a range only, 0 for none. */
  runtime: number;
  /** Share in the repository's average: a package.json with development tools only (linters, test runners) counts a quarter. */
  weight: number;
}

const RUNTIME_OF: Readonly<Record<Exclude<Ecosystem, 'python'>, Runtime>> = {
  javascript: 'node',
  ruby: 'ruby',
  go: 'go',
  rust: 'rust',
  dotnet: 'dotnet',
  jvm: 'java',
  php: 'php',
  elixir: 'elixir',
};

/** The lock each ecosystem's tool writes, and where it looks for it. */
const LOCKS: Readonly<Record<Exclude<Ecosystem, 'python'>, { kinds: EcosystemLockKind[]; names: string; upward: boolean }>> = {
  javascript: { kinds: ['npm', 'yarn', 'pnpm', 'bun'], names: 'package-lock.json, yarn.lock, pnpm-lock.yaml or bun.lockb', upward: true },
  ruby: { kinds: ['bundler'], names: 'Gemfile.lock', upward: false },
  go: { kinds: ['go-sum'], names: 'go.sum', upward: false },
  rust: { kinds: ['cargo'], names: 'Cargo.lock', upward: true },
  dotnet: { kinds: ['nuget'], names: 'packages.lock.json (RestorePackagesWithLockFile)', upward: false },
  jvm: { kinds: ['gradle'], names: 'gradle.lockfile (Gradle dependency locking)', upward: false },
  php: { kinds: ['composer'], names: 'composer.lock', upward: false },
  elixir: { kinds: ['mix'], names: 'mix.lock', upward: false },
};

const MANIFEST_BYTES = 1024 * 1024;
/** A monorepo of hundreds of packages is judged on its first components (shallowest first); the rest are counted. */
export const MAX_COMPONENTS = 30;
const LOCK_BYTES = 16 * 1024 * 1024;

export async function judgeComponents(snapshot: Snapshot, components: readonly Component[]): Promise<{ judged: ComponentJudgement[]; notJudged: number }> {
  const others = components.filter((component) => component.ecosystem !== 'python');
  if (others.length === 0) return { judged: [], notJudged: 0 };
  // One pass over the listing for every component's candidates: lock files and runtime files are few.
  const files: CandidateFiles = {
    locks: snapshot.files.filter((path) => ecosystemLockKindOf(path) !== null && !snapshot.isSymlink(path)),
    runtimes: snapshot.files.filter((path) => isRuntimeFile(path) && !snapshot.isSymlink(path)),
  };
  const dockerRuntimes = await dockerfileRuntimes(snapshot);
  const ciNode = others.some((component) => component.ecosystem === 'javascript') ? await workflowNodeRuntimes(snapshot) : [];
  const judged: ComponentJudgement[] = [];
  for (const component of others.slice(0, MAX_COMPONENTS)) {
    const fromCi = component.ecosystem === 'javascript' ? ciNode.filter((found) => found.folders.some((folder) => buildsIn(component, folder))) : [];
    judged.push(await judgeComponent(snapshot, component, component.ecosystem as Exclude<Ecosystem, 'python'>, dockerRuntimes, files, fromCi));
  }
  return { judged, notJudged: Math.max(0, others.length - MAX_COMPONENTS) };
}

/** The Python environment judged as one: the whole repository's, or one component's of several. */
export interface PythonPart {
  /** null when the repository is judged as a whole (it has no Python component, or one). */
  component: Component | null;
  environment: EnvironmentFacts;
  /** Where its version statements are looked for; absent for the whole repository. */
  scope?: PythonScope;
}

/**
 * One part per Python component when there are several (each holds the environment files under its root that
 * no nearer component holds), else the whole repository as one part, judged exactly as a single project.
 * Environment files under no component (a `conda.yaml` beside the projects) are returned as `unowned`.
 */
export function pythonParts(components: readonly Component[], environment: EnvironmentFacts): { parts: PythonPart[]; notJudged: number; unowned: EnvironmentSpec[] } {
  const python = components.filter((component) => component.ecosystem === 'python').flatMap((component) => projectsUnderSettings(component, environment));
  if (python.length <= 1) return { parts: [{ component: python[0] ?? null, environment }], notJudged: 0, unowned: [] };
  const owners = new Map<string, Component | null>();
  const ownerOf = (path: string) => {
    let owner = owners.get(path);
    if (owner === undefined) owners.set(path, (owner = nearestComponent(path, python)));
    return owner;
  };
  const parts = python.slice(0, MAX_COMPONENTS).map((component): PythonPart => {
    const owns = (path: string) => ownerOf(path) === component;
    // A Dockerfile of no component builds this one only from a folder above it (a root Dockerfile), not from a sibling's.
    const buildsFromAbove = (path: string) => ownerOf(path) === null && within(component.root, folderOf(path));
    return { component, environment: environmentWithin(environment, owns, buildsFromAbove), scope: { root: component.root, owns } };
  });
  return { parts, notJudged: Math.max(0, python.length - MAX_COMPONENTS), unowned: environment.specs.filter((spec) => ownerOf(spec.path) === null) };
}

/**
 * A root whose only manifest is a pyproject.toml that declares no dependencies, with no lock beside it, holds the
 * settings of tools (ruff, pytest) for the projects below it, not a project: those projects are the components.
 */
function projectsUnderSettings(component: Component, environment: EnvironmentFacts): Component[] {
  const own = component.manifests.filter((path) => manifestFolder(path, 'python') === component.root);
  if (own.length !== 1 || own.length === component.manifests.length || !own[0].endsWith('pyproject.toml')) return [component];
  const settings = environment.specs.find((spec) => spec.path === own[0]);
  const lockBeside = environment.specs.some((spec) => spec.kind === 'lockfile' && folderOf(spec.path) === component.root);
  if (!settings || settings.kind !== 'pyproject' || settings.packages.length > 0 || lockBeside) return [component];
  return detectComponents(component.manifests.filter((path) => path !== own[0]));
}

interface CandidateFiles {
  locks: readonly string[];
  runtimes: readonly string[];
}

async function judgeComponent(
  snapshot: Snapshot,
  component: Component,
  ecosystem: Exclude<Ecosystem, 'python'>,
  dockerRuntimes: Array<RuntimeStatement & { path: string }>,
  files: CandidateFiles,
  ciRuntimes: ReadonlyArray<RuntimeStatement & { path: string }> = [],
): Promise<ComponentJudgement> {
  const judgement: ComponentJudgement = {
    component,
    label: describeComponent(component),
    locks: [],
    declared: null,
    environment: 0,
    environmentNote: '',
    missingLock: null,
    problems: [],
    runtimes: [],
    runtime: 0,
    weight: 1,
  };
  const expected = LOCKS[ecosystem];
  const manifestFolders = [...new Set(component.manifests.map((path) => folderOf(path)))];
  const lockFolders = new Set(expected.upward ? foldersUp(component.root).concat(manifestFolders) : manifestFolders);
  if (ecosystem === 'jvm') for (const path of snapshot.under(joinPath(component.root, 'gradle/dependency-locks'))) lockFolders.add(folderOf(path));
  const lockPaths = files.locks.filter((path) => expected.kinds.includes(ecosystemLockKindOf(path)!) && lockFolders.has(folderOf(path)));

  const lockRuntimes: Array<RuntimeStatement & { path: string }> = [];
  for (const path of lockPaths.slice(0, 40)) {
    const kind = ecosystemLockKindOf(path)!;
    if (isBinaryLock(kind, path)) {
      judgement.locks.push({ path, kind, packages: 0, hashed: 0, binary: true });
      continue;
    }
    const read = await snapshot.readText(path, { maxBytes: LOCK_BYTES });
    if (!read.ok) continue;
    const lock = parseEcosystemLock(kind, read.text);
    if (!lock.ok) {
      judgement.problems.push({ id: 'lockfile-malformed', path, line: lock.error.line, message: `${path} could not be read as a ${kind} lock file: ${describeFormatError(lock.error)}` });
      continue;
    }
    judgement.locks.push({ path, kind, packages: lock.value.packages, hashed: lock.value.hashed, binary: false });
    if (lock.value.runtime) lockRuntimes.push({ runtime: 'ruby', value: lock.value.runtime, exact: true, source: 'Gemfile.lock RUBY VERSION', line: 1, path });
  }

  const manifestTexts = new Map<string, string>();
  for (const path of component.manifests.slice(0, 60)) {
    const read = await snapshot.readText(path, { maxBytes: MANIFEST_BYTES });
    if (read.ok) manifestTexts.set(path, read.text);
  }
  judgement.declared = countDeclared(ecosystem, manifestTexts);
  if (ecosystem === 'javascript' && developmentToolsOnly(manifestTexts)) {
    judgement.weight = 0.25;
    judgement.label += ' (development tools only)';
  }
  // NuGet central package management keeps the versions in Directory.Packages.props above the projects.
  const versionTexts = new Map(manifestTexts);
  if (ecosystem === 'dotnet') {
    for (const folder of foldersUp(component.root)) {
      const props = joinPath(folder, 'Directory.Packages.props');
      const read = snapshot.has(props) ? await snapshot.readText(props, { maxBytes: MANIFEST_BYTES }) : null;
      if (read?.ok) versionTexts.set(props, read.text);
    }
  }
  judgeEnvironment(judgement, ecosystem, versionTexts, snapshot);

  // Runtime: version files in the component's folders and above it, the manifests' own fields, base images.
  const runtime = RUNTIME_OF[ecosystem];
  const runtimeFolders = new Set(foldersUp(component.root).concat(manifestFolders));
  for (const path of files.runtimes.filter((file) => runtimeFolders.has(folderOf(file))).slice(0, 40)) {
    const read = await snapshot.readText(path, { maxBytes: 64 * 1024 });
    if (read.ok) for (const found of runtimeStatements(path, read.text)) if (found.runtime === runtime) judgement.runtimes.push({ ...found, path });
  }
  for (const [path, text] of manifestTexts) for (const found of runtimeStatements(path, text)) if (found.runtime === runtime) judgement.runtimes.push({ ...found, path });
  if (ecosystem === 'dotnet') {
    for (const folder of runtimeFolders) {
      const props = joinPath(folder, 'Directory.Build.props');
      if (!snapshot.has(props)) continue;
      const read = await snapshot.readText(props, { maxBytes: MANIFEST_BYTES });
      if (read.ok) for (const found of runtimeStatements(props, read.text)) judgement.runtimes.push({ ...found, path: props });
    }
  }
  // Version files first: they are what a developer's version manager reads; the lock and images confirm them.
  // CI that sets the runtime up for this component's folder builds it with that version (`actions/setup-node`).
  judgement.runtimes.push(...lockRuntimes, ...dockerRuntimes.filter((found) => found.runtime === runtime), ...ciRuntimes);
  judgement.runtime = judgement.runtimes.some((found) => found.exact) ? 1 : judgement.runtimes.length > 0 ? 0.7 : 0;
  return judgement;
}

function judgeEnvironment(judgement: ComponentJudgement, ecosystem: Exclude<Ecosystem, 'python'>, manifests: Map<string, string>, snapshot: Snapshot): void {
  const expected = LOCKS[ecosystem];
  const usable = judgement.locks.filter((lock) => lock.binary || lock.packages > 0);
  if (judgement.declared === 0 && usable.length === 0) {
    judgement.environment = 1;
    judgement.environmentNote = 'declares no dependencies: nothing to lock';
    return;
  }
  if (usable.length > 0) {
    const text = usable.map((lock) => (lock.binary ? `${lock.path} (binary, not read)` : `${lock.path} (${lock.packages} package(s), ${lock.hashed} with hashes)`));
    let value = Math.max(...usable.map((lock) => (lock.binary ? 0.9 : lock.hashed / lock.packages >= 0.9 ? 1 : 0.9)));
    // Gradle locks versions only; its dependency verification file records the hashes.
    if (ecosystem === 'jvm' && snapshot.has(joinPath(judgement.component.root, 'gradle/verification-metadata.xml'))) value = 1;
    if (ecosystem === 'dotnet') {
      // NuGet writes one lock per project: the share of projects that have one.
      const projects = judgement.component.manifests.filter((path) => /\.(csproj|fsproj|vbproj)$/.test(path));
      const locked = projects.filter((path) => judgement.locks.some((lock) => folderOf(lock.path) === folderOf(path))).length;
      if (projects.length > 0) value *= locked / projects.length;
      text.push(`${locked} of ${projects.length} project(s) locked`);
    }
    judgement.environment = value;
    judgement.environmentNote = `lock file ${text.join('; ')}`;
    return;
  }
  for (const lock of judgement.locks) {
    judgement.problems.push({ id: 'lockfile-empty', path: lock.path, message: `${lock.path} locks no packages.` });
  }
  // Maven has no lock file, and NuGet and Gradle locks are opt-in: exact versions throughout fix the direct
  // dependencies (resolution is deterministic), ranges and floating versions do not.
  if (ecosystem === 'jvm' || ecosystem === 'dotnet') {
    const versions = declaredVersions(ecosystem, manifests, snapshot);
    const floating = versions.filter((version) => isFloating(version)).length;
    judgement.environment = versions.length > 0 && floating === 0 ? 0.7 : 0.3;
    judgement.environmentNote = `no lock file; ${versions.length} declared version(s), ${floating} range(s) or floating`;
    // Maven writes no lock file: naming Gradle's for a pom.xml would send the reader after a file Maven never makes.
    const maven = ecosystem === 'jvm' && judgement.component.manifests.every((path) => path.endsWith('pom.xml'));
    judgement.missingLock = maven ? 'lock file (Maven writes none)' : expected.names;
    if (maven) judgement.lockNote = `Maven writes no lock file: ${floating === 0 ? 'the versions the pom declares are fixed' : 'only the exact versions the pom declares are fixed'}, those of their own dependencies are not`;
    return;
  }
  judgement.environment = judgement.locks.length > 0 ? 0.2 : 0.1;
  judgement.environmentNote = `no ${expected.names}`;
  judgement.missingLock = expected.names;
}

/** Every package.json declares devDependencies and none declares runtime dependencies. */
function developmentToolsOnly(manifests: Map<string, string>): boolean {
  let dev = 0;
  for (const text of manifests.values()) {
    const json = parseJsonObject(text);
    if (!json.ok) return false;
    const count = (field: string) => (json.value[field] && typeof json.value[field] === 'object' ? Object.keys(json.value[field] as object).length : 0);
    if (count('dependencies') + count('peerDependencies') + count('optionalDependencies') > 0) return false;
    dev += count('devDependencies');
  }
  return dev > 0;
}

/** Declared dependencies, where counting them is cheap and certain; null otherwise. */
function countDeclared(ecosystem: Ecosystem, manifests: Map<string, string>): number | null {
  let total = 0;
  for (const [path, text] of manifests) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (base === 'package.json') {
      const json = parseJsonObject(text);
      if (!json.ok) return null;
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
        const table = json.value[field];
        if (table && typeof table === 'object' && !Array.isArray(table)) total += Object.keys(table).length;
      }
    } else if (base === 'Gemfile') total += (text.match(/^[ \t]*gem[ \t]+["']/gm) ?? []).length + (/^[ \t]*gemspec\b/m.test(text) ? 1 : 0);
    else if (base === 'go.mod') total += (text.match(/^require[ \t]+\S+[ \t]+v|^[ \t]+\S+[ \t]+v\d/gm) ?? []).length;
    else if (base === 'Cargo.toml') {
      const toml = parseToml(text);
      if (!toml.ok) return null;
      for (const field of ['dependencies', 'dev-dependencies', 'build-dependencies']) {
        const table = toml.value[field];
        if (table && typeof table === 'object') total += Object.keys(table).length;
      }
      const workspace = toml.value.workspace;
      if (workspace && typeof workspace === 'object') total += 1;
    } else if (base === 'composer.json') {
      const json = parseJsonObject(text);
      if (!json.ok) return null;
      for (const field of ['require', 'require-dev']) {
        const table = json.value[field];
        if (table && typeof table === 'object') total += Object.keys(table).filter((name) => name !== 'php' && !name.startsWith('ext-')).length;
      }
    } else if (ecosystem === 'ruby' && base.endsWith('.gemspec')) continue;
    else return null;
  }
  return total;
}

/** Version strings of JVM and NuGet dependencies as written (pom `<version>`, Gradle coordinates, `Version=`). */
function declaredVersions(ecosystem: 'jvm' | 'dotnet', manifests: Map<string, string>, snapshot: Snapshot): string[] {
  const versions: string[] = [];
  for (const [path, text] of manifests) {
    if (ecosystem === 'dotnet' || path.endsWith('.props')) {
      for (const match of text.matchAll(/<Package(?:Reference|Version)\b[^>]{0,400}?\bVersion\s*=\s*"([^"]*)"/g)) versions.push(match[1]);
      for (const match of text.matchAll(/<Version>([^<]*)<\/Version>/g)) versions.push(match[1]);
    } else if (path.endsWith('pom.xml')) {
      for (const match of text.matchAll(/<dependency>[\s\S]{0,2000}?<\/dependency>/g)) {
        const version = /<version>([^<]*)<\/version>/.exec(match[0]);
        if (version) versions.push(version[1]);
      }
    } else {
      for (const match of text.matchAll(/["'][\w.-]+:[\w.-]+:([^"'\s:@]+)(?:[:@][^"']*)?["']/g)) versions.push(match[1]);
    }
  }
  void snapshot;
  return versions;
}

/** A range, a wildcard, a dynamic or moving version: resolution may pick something else tomorrow. */
function isFloating(version: string): boolean {
  return /[*+[\](),]|^latest|^(LATEST|RELEASE)$|SNAPSHOT$/i.test(version.trim());
}

/** A CI job building in `folder` builds this component: a folder of one of its manifests, or one below (not the root's every folder). */
function buildsIn(component: Component, folder: string): boolean {
  return component.manifests.some((manifest) => {
    const home = folderOf(manifest);
    return folder === home || (home !== '' && folder.startsWith(`${home}/`));
  });
}

/** Node versions GitHub Actions jobs set up, with the folders each job builds in. */
async function workflowNodeRuntimes(snapshot: Snapshot): Promise<Array<RuntimeStatement & { path: string; folders: string[] }>> {
  const out: Array<RuntimeStatement & { path: string; folders: string[] }> = [];
  for (const path of snapshot.glob('.github/workflows/*.{yml,yaml}').filter((file) => !snapshot.isSymlink(file)).slice(0, 40)) {
    const read = await snapshot.readText(path, { maxBytes: 512 * 1024 });
    if (!read.ok) continue;
    for (const found of workflowNodeVersions(read.text) as CiNodeVersion[]) {
      out.push({ runtime: 'node', value: found.value, exact: found.exact, source: 'actions/setup-node node-version', line: found.line, path, folders: found.folders });
    }
  }
  return out;
}

async function dockerfileRuntimes(snapshot: Snapshot): Promise<Array<RuntimeStatement & { path: string }>> {
  const out: Array<RuntimeStatement & { path: string }> = [];
  for (const path of snapshot.files.filter((file) => isDockerfileName(file) && !/(^|\/)(node_modules|vendor)\//.test(file)).slice(0, 40)) {
    const read = await snapshot.readText(path, { maxBytes: 1024 * 1024 });
    if (!read.ok) continue;
    for (const stage of parseDockerfile(read.text).stages) {
      const found = runtimeOfImage(stage);
      if (found) out.push({ runtime: found.runtime as Runtime, value: found.version, exact: true, source: `FROM ${stage.repository}:${stage.tag}`, line: stage.line, path });
    }
  }
  return out;
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function joinPath(folder: string, relative: string): string {
  return folder ? `${folder}/${relative}` : relative;
}
