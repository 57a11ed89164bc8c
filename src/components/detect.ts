// The parts a repository delivers (a Python training pipeline, a Rails service, a React front end, a .NET API),
// found by their manifest files. Names only: nothing is read. A manifest nested under another of the same
// ecosystem joins it (npm/Cargo workspaces, Gradle and Maven modules, the projects of a .NET solution, uv
// workspace members), so a component is one thing a team builds with one tool; a Python project that carries its
// own lock file is built on its own, wherever it sits. Other checks can ask "which components, where".
import { lockKindOf } from '../formats/lockfiles.js';

export type Ecosystem = 'python' | 'javascript' | 'ruby' | 'go' | 'rust' | 'dotnet' | 'jvm' | 'php' | 'elixir';

export interface Component {
  ecosystem: Ecosystem;
  /** Folder of its shallowest manifest ('' for the repository root). */
  root: string;
  /** Manifest files, shallowest first (nested workspace members included). */
  manifests: string[];
}

export const ECOSYSTEM_NAMES: Readonly<Record<Ecosystem, string>> = {
  python: 'Python',
  javascript: 'JavaScript/TypeScript',
  ruby: 'Ruby',
  go: 'Go',
  rust: 'Rust',
  dotnet: '.NET',
  jvm: 'JVM (Java/Kotlin)',
  php: 'PHP',
  elixir: 'Elixir',
};

/** Vendored, generated and test-fixture folders: their manifests are not parts of the delivery. */
const NOT_DELIVERED = /(^|\/)(node_modules|bower_components|vendor|third_party|\.venv|venv|site-packages|\.tox|\.nox|mlruns|mlartifacts|wandb|testdata|fixtures|__fixtures__|\.git|\.yarn|dist|build|target|bin|obj)\//;

/** Which ecosystem a file name declares, or null. */
export function manifestEcosystem(path: string): Ecosystem | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  switch (base) {
    case 'pyproject.toml':
    case 'setup.py':
    case 'setup.cfg':
    case 'Pipfile':
    case 'environment.yml':
    case 'environment.yaml':
      return 'python';
    case 'package.json':
      return 'javascript';
    case 'Gemfile':
      return 'ruby';
    case 'go.mod':
      return 'go';
    case 'Cargo.toml':
      return 'rust';
    case 'pom.xml':
    case 'build.gradle':
    case 'build.gradle.kts':
      return 'jvm';
    case 'composer.json':
      return 'php';
    case 'mix.exs':
      return 'elixir';
  }
  if (/^requirements[\w.-]*\.txt$/.test(base) || (/(^|\/)requirements\/[^/]+$/.test(path) && /\.(txt|in)$/.test(base))) return 'python';
  // A solution or Gradle settings file sits above its projects and gathers them into one component.
  if (/\.(csproj|fsproj|vbproj|sln)$/.test(base)) return 'dotnet';
  if (base === 'settings.gradle' || base === 'settings.gradle.kts') return 'jvm';
  if (base.endsWith('.gemspec')) return 'ruby';
  return null;
}

export function detectComponents(files: readonly string[]): Component[] {
  const manifests: Array<{ path: string; ecosystem: Ecosystem; folder: string }> = [];
  // Python has no workspace convention but uv's, whose members share the root lock: a folder with a lock of its
  // own (poetry.lock next to its pyproject.toml) is a separate project even under another one.
  const pythonLocked = new Set<string>();
  for (const path of files) {
    if (lockKindOf(path) !== null && !NOT_DELIVERED.test(path)) pythonLocked.add(folderOf(path));
  }
  for (const path of files) {
    const ecosystem = manifestEcosystem(path);
    if (!ecosystem || NOT_DELIVERED.test(path)) continue;
    manifests.push({ path, ecosystem, folder: manifestFolder(path, ecosystem) });
  }
  manifests.sort((a, b) => depth(a.folder) - depth(b.folder) || (a.path < b.path ? -1 : 1));
  const components: Component[] = [];
  // Shallowest first, so a manifest's owner, if any, is already known: looked up by each of its folders.
  const byRoot = new Map<string, Component>();
  for (const manifest of manifests) {
    const ownLock = manifest.ecosystem === 'python' && pythonLocked.has(manifest.folder) && !byRoot.has(`python:${manifest.folder}`);
    const owner = ownLock ? undefined : foldersUp(manifest.folder).map((folder) => byRoot.get(`${manifest.ecosystem}:${folder}`)).find((found) => found !== undefined);
    if (owner) owner.manifests.push(manifest.path);
    else {
      const component: Component = { ecosystem: manifest.ecosystem, root: manifest.folder, manifests: [manifest.path] };
      components.push(component);
      byRoot.set(`${manifest.ecosystem}:${manifest.folder}`, component);
    }
  }
  return components;
}

/** The folder of the project a manifest declares: `requirements/base.txt` belongs to the project above its requirements folder. */
export function manifestFolder(path: string, ecosystem: Ecosystem | null = manifestEcosystem(path)): string {
  const folder = folderOf(path);
  return ecosystem === 'python' && /(^|\/)requirements$/.test(folder) ? folderOf(folder) : folder;
}

/** `web/ (JavaScript/TypeScript)`, `repository root (Ruby)`. */
export function describeComponent(component: Pick<Component, 'ecosystem' | 'root'>): string {
  return `${component.root ? `${component.root}/` : 'repository root'} (${ECOSYSTEM_NAMES[component.ecosystem]})`;
}

/** The component whose root holds `path` most nearly (a nested component before the one around it), or null. */
export function nearestComponent<T extends Pick<Component, 'root'>>(path: string, components: readonly T[]): T | null {
  const byRoot = new Map(components.map((component) => [component.root, component]));
  for (const folder of foldersUp(folderOf(path))) {
    const found = byRoot.get(folder);
    if (found) return found;
  }
  return null;
}

/** `folder` is `root` or inside it. */
export function within(folder: string, root: string): boolean {
  return root === '' || folder === root || folder.startsWith(`${root}/`);
}

/** The folder and each of its ancestors up to the root (''), nearest first. */
export function foldersUp(folder: string): string[] {
  const out = [folder];
  for (let at = folder; at !== ''; ) {
    at = folderOf(at);
    out.push(at);
  }
  return out;
}

export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function depth(folder: string): number {
  if (folder === '') return 0;
  let n = 1;
  for (let at = folder.indexOf('/'); at !== -1; at = folder.indexOf('/', at + 1)) n++;
  return n;
}
