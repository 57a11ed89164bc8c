// Lock files of ecosystems other than Python, read for what a reviewer asks of them: is it the tool's lock file,
// how many packages does it fix, and does it record their content hashes. Pure: text in, counts out. Formats as
// the tools write them: npm package-lock.json (`lockfileVersion`, `packages`/`dependencies` with `integrity`),
// yarn.lock (v1 `# yarn lockfile v1` entries with `integrity`; Berry `__metadata` with `checksum`), pnpm-lock.yaml
// (`lockfileVersion`, `resolution: {integrity}`), Bundler Gemfile.lock (GEM `specs:`, CHECKSUMS, RUBY VERSION),
// go.sum (`module version h1:hash`), Cargo.lock (`[[package]]` with `checksum`), gradle.lockfile
// (`group:name:version=configurations`), NuGet packages.lock.json (`dependencies` per framework with
// `contentHash`), composer.lock (`packages` with `dist.shasum`, `content-hash`), Helm Chart.lock (`dependencies`,
// `digest`), mix.lock (`"name": {:hex, :name, "version", "hash", ...}`).
import { parseJsonObject } from './json.js';
import { failed, parsed, type Parsed } from './result.js';
import { parseToml } from './toml.js';
import { parseYamlMapping } from './yaml.js';

export type EcosystemLockKind =
  | 'npm'
  | 'yarn'
  | 'pnpm'
  | 'bun'
  | 'bundler'
  | 'go-sum'
  | 'cargo'
  | 'gradle'
  | 'nuget'
  | 'composer'
  | 'helm'
  | 'mix';

export interface EcosystemLock {
  kind: EcosystemLockKind;
  /** Packages (or module versions) the lock fixes. */
  packages: number;
  /** Of those, how many carry a content hash. */
  hashed: number;
  /** A runtime version the lock records (Bundler's RUBY VERSION). */
  runtime: string | null;
}

const NAMES: Readonly<Record<string, EcosystemLockKind>> = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'yarn.lock': 'yarn',
  'pnpm-lock.yaml': 'pnpm',
  'bun.lockb': 'bun',
  'bun.lock': 'bun',
  'gemfile.lock': 'bundler',
  'go.sum': 'go-sum',
  'cargo.lock': 'cargo',
  'gradle.lockfile': 'gradle',
  'packages.lock.json': 'nuget',
  'composer.lock': 'composer',
  'chart.lock': 'helm',
  'mix.lock': 'mix',
};

export function ecosystemLockKindOf(path: string): EcosystemLockKind | null {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  // Gradle also writes one lock per configuration under gradle/dependency-locks/ (before Gradle 6.4's single file).
  if (base.endsWith('.lockfile')) return 'gradle';
  return NAMES[base] ?? null;
}

/** bun.lockb is binary: its presence is all that can be said. */
export function isBinaryLock(kind: EcosystemLockKind, path: string): boolean {
  return kind === 'bun' && path.endsWith('.lockb');
}

export function parseEcosystemLock(kind: EcosystemLockKind, text: string): Parsed<EcosystemLock> {
  switch (kind) {
    case 'npm':
      return parseNpmLock(text);
    case 'yarn':
      return parseYarnLock(text);
    case 'pnpm':
      return parsePnpmLock(text);
    case 'bun':
      // bun.lock (text) gives each package an integrity string; bun.lockb is binary and not parsed.
      return parsed(lock('bun', countMatches(text, /"sha512-/g), countMatches(text, /"sha512-/g)));
    case 'bundler':
      return parseGemfileLock(text);
    case 'go-sum':
      return parseGoSum(text);
    case 'cargo':
      return parseCargoLock(text);
    case 'gradle':
      return parseGradleLock(text);
    case 'nuget':
      return parseNugetLock(text);
    case 'composer':
      return parseComposerLock(text);
    case 'helm':
      return parseChartLock(text);
    case 'mix':
      return parseMixLock(text);
  }
}

export function parseNpmLock(text: string): Parsed<EcosystemLock> {
  const result = parseJsonObject(text);
  if (!result.ok) return result;
  const value = result.value;
  if (value.lockfileVersion === undefined) return failed('no "lockfileVersion": not an npm lock file');
  // v2/v3 list every installed package under `packages` ("" is the project itself); v1 nests `dependencies`.
  let packages = 0;
  let hashed = 0;
  if (isRecord(value.packages)) {
    for (const [key, entry] of Object.entries(value.packages)) {
      if (key === '' || !isRecord(entry) || entry.link === true) continue;
      packages++;
      if (typeof entry.integrity === 'string') hashed++;
    }
  } else {
    const stack: unknown[] = [value.dependencies];
    while (stack.length > 0 && packages < 200_000) {
      const node = stack.pop();
      if (!isRecord(node)) continue;
      for (const entry of Object.values(node)) {
        if (!isRecord(entry)) continue;
        packages++;
        if (typeof entry.integrity === 'string') hashed++;
        stack.push(entry.dependencies);
      }
    }
  }
  return parsed(lock('npm', packages, hashed));
}

export function parseYarnLock(text: string): Parsed<EcosystemLock> {
  const berry = /^__metadata:/m.test(text);
  if (!berry && !/^# yarn lockfile v1/m.test(text) && !/^"?@?[^\s#"@][^\n@]*@[^\n]*:[ \t]*$/m.test(text)) return failed('neither "# yarn lockfile v1" nor "__metadata": not a yarn lock file');
  // An entry starts at column 0 and ends its line with `:`; `__metadata` is not a package.
  const packages = countMatches(text, /^"?[^\s#"][^\n]*:[ \t]*$/gm) - (berry ? 1 : 0);
  const hashed = countMatches(text, berry ? /^ {2}checksum: /gm : /^ {2}integrity /gm);
  return parsed(lock('yarn', Math.max(0, packages), hashed));
}

export function parsePnpmLock(text: string): Parsed<EcosystemLock> {
  if (!/^lockfileVersion:/m.test(text)) return failed('no "lockfileVersion": not a pnpm lock file');
  // Packages are the keys under `packages:` (two-space indent); each has `resolution: {integrity: ...}`.
  const section = /^packages:[ \t]*$/m.exec(text);
  if (!section) return parsed(lock('pnpm', 0, 0));
  const rest = text.slice(section.index + section[0].length);
  const end = /^\S/m.exec(rest);
  const body = end ? rest.slice(0, end.index) : rest;
  return parsed(lock('pnpm', countMatches(body, /^ {2}\S[^\n]*:[ \t]*$/gm), countMatches(body, /integrity: /g)));
}

export function parseGemfileLock(text: string): Parsed<EcosystemLock> {
  if (!/^(GEM|GIT|PATH)$/m.test(text) || !/^ {2}specs:$/m.test(text)) return failed('no GEM section with specs: not a Gemfile.lock');
  const lines = text.split('\n');
  let section = '';
  let packages = 0;
  let hashed = 0;
  let runtime: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (/^[A-Z][A-Z ]*$/.test(line)) {
      section = line;
      continue;
    }
    // `    name (1.2.3)` at four spaces is a locked gem; six spaces are its own requirements.
    if ((section === 'GEM' || section === 'GIT' || section === 'PATH') && /^ {4}[^\s(]+ \([^)]+\)$/.test(line)) packages++;
    else if (section === 'CHECKSUMS' && /^ {2}\S+ \([^)]+\) sha256=[0-9a-f]{64}$/.test(line)) hashed++;
    else if (section === 'RUBY VERSION' && runtime === null) runtime = /^\s+ruby\s+(\d[\w.]*)/.exec(line)?.[1] ?? null;
  }
  return parsed(lock('bundler', packages, Math.min(hashed, packages), runtime));
}

export function parseGoSum(text: string): Parsed<EcosystemLock> {
  let packages = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const fields = line.split(/\s+/);
    if (fields.length !== 3 || !fields[2].startsWith('h1:')) return failed(`not a go.sum line: ${line.slice(0, 80)}`);
    if (!fields[1].endsWith('/go.mod')) packages++;
  }
  // Every go.sum line is a hash: what is listed is verified.
  return parsed(lock('go-sum', packages, packages));
}

export function parseCargoLock(text: string): Parsed<EcosystemLock> {
  const result = parseToml(text);
  if (!result.ok) return result;
  const list = result.value.package;
  if (list !== undefined && !Array.isArray(list)) return failed('"package" must be an array of tables ([[package]])');
  let packages = 0;
  let hashed = 0;
  for (const entry of (list as unknown[] | undefined) ?? []) {
    if (!isRecord(entry) || typeof entry.name !== 'string') continue;
    packages++;
    // The workspace's own crates have no source; git sources are fixed by the commit in their URL.
    if (typeof entry.checksum === 'string' || entry.source === undefined || (typeof entry.source === 'string' && /#[0-9a-f]{40}$/.test(entry.source))) hashed++;
  }
  return parsed(lock('cargo', packages, hashed));
}

export function parseGradleLock(text: string): Parsed<EcosystemLock> {
  let packages = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('empty=')) continue;
    if (!/^[^:\s]+:[^:\s]+:[^=\s]+=/.test(line)) return failed(`not a Gradle lock line: ${line.slice(0, 80)}`);
    packages++;
  }
  // Gradle locks versions; hashes are Gradle's dependency verification (gradle/verification-metadata.xml).
  return parsed(lock('gradle', packages, 0));
}

export function parseNugetLock(text: string): Parsed<EcosystemLock> {
  const result = parseJsonObject(text);
  if (!result.ok) return result;
  if (!isRecord(result.value.dependencies)) return failed('no "dependencies" object: not a NuGet packages.lock.json');
  let packages = 0;
  let hashed = 0;
  for (const framework of Object.values(result.value.dependencies)) {
    if (!isRecord(framework)) continue;
    for (const entry of Object.values(framework)) {
      if (!isRecord(entry) || entry.type === 'Project') continue;
      packages++;
      if (typeof entry.contentHash === 'string') hashed++;
    }
  }
  return parsed(lock('nuget', packages, hashed));
}

export function parseComposerLock(text: string): Parsed<EcosystemLock> {
  const result = parseJsonObject(text);
  if (!result.ok) return result;
  const value = result.value;
  if (!Array.isArray(value.packages)) return failed('no "packages" list: not a composer.lock');
  let packages = 0;
  let hashed = 0;
  for (const entry of [...value.packages, ...(Array.isArray(value['packages-dev']) ? value['packages-dev'] : [])]) {
    if (!isRecord(entry)) continue;
    packages++;
    const dist = isRecord(entry.dist) ? entry.dist : {};
    const source = isRecord(entry.source) ? entry.source : {};
    if ((typeof dist.shasum === 'string' && dist.shasum !== '') || (typeof source.reference === 'string' && /^[0-9a-f]{40}$/.test(source.reference))) hashed++;
  }
  return parsed(lock('composer', packages, hashed));
}

export function parseChartLock(text: string): Parsed<EcosystemLock> {
  const result = parseYamlMapping(text);
  if (!result.ok) return result;
  if (!Array.isArray(result.value.dependencies)) return failed('no "dependencies" list: not a Helm Chart.lock');
  const packages = result.value.dependencies.filter((entry) => isRecord(entry) && typeof entry.version === 'string').length;
  // One digest covers the whole set of dependencies.
  return parsed(lock('helm', packages, typeof result.value.digest === 'string' ? packages : 0));
}

export function parseMixLock(text: string): Parsed<EcosystemLock> {
  if (!/^%\{/.test(text.trimStart())) return failed('does not start with %{: not a mix.lock');
  const packages = countMatches(text, /^[ \t]+"[\w-]+":[ \t]*\{:(hex|git|path)/gm);
  const hashed = countMatches(text, /^[ \t]+"[\w-]+":[ \t]*\{:hex, *:[\w-]+, *"[^"]+", *"[0-9a-f]{64}"|^[ \t]+"[\w-]+":[ \t]*\{:git, *"[^"]+", *"[0-9a-f]{40}"/gm);
  return parsed(lock('mix', packages, hashed));
}

function lock(kind: EcosystemLockKind, packages: number, hashed: number, runtime: string | null = null): EcosystemLock {
  return { kind, packages, hashed, runtime };
}

function countMatches(text: string, pattern: RegExp): number {
  let n = 0;
  for (const _ of text.matchAll(pattern)) n++;
  return n;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
