// Where each ecosystem states the runtime or toolchain it builds with: version files (.ruby-version, .nvmrc,
// .node-version, .java-version, .go-version, rust-toolchain, .php-version), asdf/mise tool lists, .sdkmanrc,
// and the manifests' own fields (go.mod `go`/`toolchain`, global.json `sdk.version`, package.json
// `engines.node`/`volta.node`, Gemfile `ruby`, composer.json `require.php`/`config.platform.php`, Cargo.toml
// `rust-version`, Gradle `jvmToolchain(21)`, Maven `maven.compiler.release`, MSBuild `TargetFramework`, mix.exs
// `elixir:`). Pure: a file's name and text in, statements out.
import { parseJsonObject } from './json.js';
import { parseToml } from './toml.js';

export type Runtime = 'python' | 'node' | 'ruby' | 'go' | 'rust' | 'dotnet' | 'java' | 'php' | 'elixir';

export interface RuntimeStatement {
  runtime: Runtime;
  /** As written: `3.3.4`, `>=18`, `net8.0`, `go1.22.5`. */
  value: string;
  /** Names one version or one minor series; a range, a lower bound or `lts/*` does not. */
  exact: boolean;
  /** What states it, e.g. `.nvmrc`, `go.mod toolchain`, `global.json sdk.version`. */
  source: string;
  line: number;
}

/** Version files named after one runtime: the whole file is the version. */
const VERSION_FILES: Readonly<Record<string, Runtime>> = {
  '.ruby-version': 'ruby',
  '.nvmrc': 'node',
  '.node-version': 'node',
  '.java-version': 'java',
  '.go-version': 'go',
  '.php-version': 'php',
  'rust-toolchain': 'rust',
};

/** asdf / mise tool names. */
const TOOL_NAMES: Readonly<Record<string, Runtime>> = {
  python: 'python',
  nodejs: 'node',
  node: 'node',
  ruby: 'ruby',
  golang: 'go',
  go: 'go',
  rust: 'rust',
  dotnet: 'dotnet',
  'dotnet-core': 'dotnet',
  java: 'java',
  php: 'php',
  elixir: 'elixir',
};

/** File names this module reads (for a caller choosing what to read). */
export function isRuntimeFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base in VERSION_FILES || /^(\.tool-versions|\.sdkmanrc|\.?mise\.toml|\.rtx\.toml|rust-toolchain\.toml|global\.json)$/.test(base);
}

export function runtimeStatements(path: string, text: string): RuntimeStatement[] {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const single = VERSION_FILES[base];
  if (single) {
    const first = firstLine(text);
    return first ? [statement(single, first.text.replace(/^(ruby-|go|v)(?=\d)/, ''), base, first.line)] : [];
  }
  switch (base) {
    case '.tool-versions':
      return toolVersions(text);
    case '.sdkmanrc':
      return lines(text).flatMap(({ text: line, line: n }) => {
        const java = /^java\s*=\s*(\d[\w.-]*)/.exec(line);
        return java ? [statement('java', java[1], '.sdkmanrc java', n)] : [];
      });
    case 'mise.toml':
    case '.mise.toml':
    case '.rtx.toml':
      return miseTools(text, base);
    case 'rust-toolchain.toml':
      return rustToolchain(text);
    case 'global.json':
      return globalJson(text);
    case 'go.mod':
      return goMod(text);
    case 'package.json':
      return packageJson(text);
    case 'Gemfile':
      return gemfile(text);
    case 'composer.json':
      return composerJson(text);
    case 'Cargo.toml':
      return fieldLine(text, /^rust-version\s*=\s*"([^"]+)"/m, 'rust', 'Cargo.toml rust-version', false);
    case 'build.gradle':
    case 'build.gradle.kts':
      return fieldLine(text, /\bjvmToolchain\(\s*(\d+)\s*\)|JavaLanguageVersion\.of\(\s*(\d+)\s*\)|\b(?:source|target)Compatibility\s*=\s*(?:JavaVersion\.VERSION_)?['"]?(\d+(?:[._]\d+)?)/, 'java', 'Gradle Java toolchain', true);
    case 'pom.xml':
      return fieldLine(text, /<(?:maven\.compiler\.(?:release|source|target)|java\.version|release)>\s*(\d+(?:\.\d+)?)\s*</, 'java', 'Maven Java release', true);
    case 'mix.exs':
      return fieldLine(text, /\belixir:\s*"([^"]+)"/, 'elixir', 'mix.exs elixir', false);
  }
  if (/\.(csproj|fsproj|vbproj)$|^Directory\.Build\.props$/.test(base)) {
    return fieldLine(text, /<TargetFrameworks?>\s*(net[\w.;-]+)\s*</, 'dotnet', 'TargetFramework', true);
  }
  return [];
}

/** One version or minor series: `3.3.4`, `20`, `1.22`, `21.0.4-tem`, `net8.0`, `~> 3.3.0`. */
export function namesOneVersion(value: string): boolean {
  const text = value.trim().replace(/^v/, '');
  if (/^\d+(\.\d+){0,3}([-+_.]?[A-Za-z][\w.-]*)?$/.test(text)) return true;
  if (/^net(coreapp)?\d+(\.\d+)?$/.test(text)) return true;
  if (/^(=|==|~>\s*\d+\.\d+\.)\s*\d/.test(text)) return true;
  return false;
}

function statement(runtime: Runtime, value: string, source: string, line: number, exact = namesOneVersion(value)): RuntimeStatement {
  return { runtime, value: value.trim().slice(0, 60), exact, source, line };
}

function toolVersions(text: string): RuntimeStatement[] {
  const out: RuntimeStatement[] = [];
  for (const { text: line, line: n } of lines(text)) {
    const [tool, version] = line.split(/\s+/);
    const runtime = TOOL_NAMES[tool];
    if (runtime && version) out.push(statement(runtime, version, `.tool-versions ${tool}`, n));
  }
  return out;
}

function miseTools(text: string, base: string): RuntimeStatement[] {
  const result = parseToml(text);
  if (!result.ok) return [];
  const tools = result.value.tools;
  if (!tools || typeof tools !== 'object' || Array.isArray(tools)) return [];
  const out: RuntimeStatement[] = [];
  for (const [tool, version] of Object.entries(tools as Record<string, unknown>)) {
    const runtime = TOOL_NAMES[tool];
    const value = typeof version === 'string' || typeof version === 'number' ? String(version) : Array.isArray(version) && typeof version[0] === 'string' ? version[0] : null;
    if (runtime && value) out.push(statement(runtime, value, `${base} ${tool}`, lineContaining(text, tool)));
  }
  return out;
}

function rustToolchain(text: string): RuntimeStatement[] {
  const result = parseToml(text);
  if (!result.ok) return [];
  const toolchain = result.value.toolchain;
  const channel = toolchain && typeof toolchain === 'object' && !Array.isArray(toolchain) ? (toolchain as Record<string, unknown>).channel : undefined;
  // `stable`/`nightly` float; `1.80.1` or a dated nightly (`nightly-2024-08-01`) fix the compiler.
  if (typeof channel !== 'string') return [];
  return [statement('rust', channel, 'rust-toolchain.toml channel', lineContaining(text, 'channel'), /^\d|^(nightly|beta|stable)-\d{4}-\d\d-\d\d$/.test(channel))];
}

function globalJson(text: string): RuntimeStatement[] {
  const result = parseJsonObject(text);
  if (!result.ok) return [];
  const sdk = result.value.sdk;
  const version = sdk && typeof sdk === 'object' && !Array.isArray(sdk) ? (sdk as Record<string, unknown>).version : undefined;
  return typeof version === 'string' ? [statement('dotnet', version, 'global.json sdk.version', lineContaining(text, '"version"'))] : [];
}

function goMod(text: string): RuntimeStatement[] {
  const out: RuntimeStatement[] = [];
  for (const { text: line, line: n } of lines(text)) {
    const toolchain = /^toolchain\s+go(\d[\w.-]*)/.exec(line);
    if (toolchain) out.push(statement('go', toolchain[1], 'go.mod toolchain', n));
    const go = /^go\s+(\d+\.\d+(?:\.\d+)?)\s*$/.exec(line);
    if (go) out.push(statement('go', go[1], 'go.mod go directive', n));
  }
  return out;
}

function packageJson(text: string): RuntimeStatement[] {
  const result = parseJsonObject(text);
  if (!result.ok) return [];
  const out: RuntimeStatement[] = [];
  const field = (object: unknown, key: string) => (object && typeof object === 'object' && !Array.isArray(object) ? (object as Record<string, unknown>)[key] : undefined);
  const engine = field(result.value.engines, 'node');
  if (typeof engine === 'string') out.push(statement('node', engine, 'package.json engines.node', lineContaining(text, '"engines"')));
  const volta = field(result.value.volta, 'node');
  if (typeof volta === 'string') out.push(statement('node', volta, 'package.json volta.node', lineContaining(text, '"volta"')));
  return out;
}

function gemfile(text: string): RuntimeStatement[] {
  for (const { text: line, line: n } of lines(text)) {
    const ruby = /^ruby\s+["']([^"']+)["']/.exec(line);
    if (ruby) return [statement('ruby', ruby[1], 'Gemfile ruby', n)];
  }
  return [];
}

function composerJson(text: string): RuntimeStatement[] {
  const result = parseJsonObject(text);
  if (!result.ok) return [];
  const out: RuntimeStatement[] = [];
  const record = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
  const platform = record(record(result.value.config).platform).php;
  if (typeof platform === 'string') out.push(statement('php', platform, 'composer.json config.platform.php', lineContaining(text, '"platform"')));
  const required = record(result.value.require).php;
  if (typeof required === 'string') out.push(statement('php', required, 'composer.json require.php', lineContaining(text, '"php"')));
  return out;
}

/** First match of `pattern` (its first non-empty group) as one statement. */
function fieldLine(text: string, pattern: RegExp, runtime: Runtime, source: string, exact: boolean): RuntimeStatement[] {
  const match = pattern.exec(text);
  if (!match) return [];
  const value = match.slice(1).find((group) => group !== undefined);
  if (!value) return [];
  let line = 1;
  for (let i = 0; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
  return [statement(runtime, value, source, line, exact && namesOneVersion(value.split(';')[0]))];
}

function firstLine(text: string): { text: string; line: number } | null {
  return lines(text)[0] ?? null;
}

/** Non-empty lines without comments, numbered. */
function lines(text: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  const all = text.split('\n');
  for (let i = 0; i < all.length && i < 5_000; i++) {
    const line = all[i].replace(/#.*$/, '').trim();
    if (line) out.push({ text: line, line: i + 1 });
  }
  return out;
}

function lineContaining(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) return 1;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
