// Dockerfile FROM lines: which base image each stage starts from and how firmly it is pinned. Global
// `ARG`s before the first FROM are substituted (`FROM python:${PY}`); a stage may start from an earlier
// stage by its alias. Pure: text in, stages out. Syntax from the Dockerfile reference (FROM, ARG, escape).
import { lastSlash } from '../path-memo.js';

/**
 * `digest`: `image@sha256:…` (the exact image, always). `tag`: a tag other than latest (can be re-pushed).
 * `latest`: `:latest` or no tag at all. `stage`: an earlier build stage. `scratch`: the empty image.
 * `variable`: an ARG without a default; cannot be judged.
 */
export type BaseImagePin = 'digest' | 'tag' | 'latest' | 'stage' | 'scratch' | 'variable';

export interface DockerStage {
  line: number;
  /** The image reference after ARG substitution, as FROM names it. */
  image: string;
  /** Registry and path without tag or digest, e.g. `python` or `nvidia/cuda`. */
  repository: string;
  tag: string | null;
  digest: string | null;
  alias: string | null;
  platform: string | null;
  pin: BaseImagePin;
}

export interface Dockerfile {
  stages: DockerStage[];
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string | null>;
  /** The image the final stage runs (the last FROM), null when there is no FROM. */
  final: DockerStage | null;
}

const MAX_LINES = 20_000;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function isDockerfileName(path: string): boolean {
  const slash = lastSlash(path);
  // A match starts with d or c, or ends with e (the regexes have no `u` flag: no other character folds to
  // these), so most paths are turned away before the slice.
  const first = path.charCodeAt(slash + 1) | 32;
  if (first !== 100 && first !== 99 && (path.charCodeAt(path.length - 1) | 32) !== 101) return false;
  const base = path.slice(slash + 1);
  return /^(Dockerfile|Containerfile)([.-][\w.-]+)?$/i.test(base) || /\.(dockerfile|containerfile)$/i.test(base);
}

export function parseDockerfile(text: string): Dockerfile {
  const escape = /^#\s*escape\s*=\s*`/im.test(text.slice(0, 500)) ? '`' : '\\';
  const stages: DockerStage[] = [];
  const globalArgs: Record<string, string | null> = {};
  const aliases = new Set<string>();
  for (const { line, content } of instructions(text, escape)) {
    const match = /^(\w+)\s+(.*)$/s.exec(content.trim());
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    const rest = match[2].trim();
    if (keyword === 'ARG' && stages.length === 0) {
      for (const declaration of rest.split(/\s+/)) {
        const [name, ...value] = declaration.split('=');
        // A default may use an ARG declared before it (`ARG base=ruby:$ruby_version`).
        const resolved = value.length ? substitute(unquote(value.join('=')), globalArgs) : null;
        if (/^\w+$/.test(name)) globalArgs[name] = resolved && !resolved.unresolved ? resolved.text : null;
      }
    } else if (keyword === 'FROM') {
      const stage = parseFrom(rest, line, globalArgs, aliases);
      if (stage) {
        stages.push(stage);
        if (stage.alias) aliases.add(stage.alias.toLowerCase());
      }
    }
  }
  return { stages, globalArgs, final: stages.at(-1) ?? null };
}

/** Logical instructions: comments dropped, escaped line ends joined, numbered by their first line. */
function instructions(text: string, escape: string): Array<{ line: number; content: string }> {
  const out: Array<{ line: number; content: string }> = [];
  const lines = text.split(/\r?\n/);
  let pending: { line: number; content: string } | null = null;
  for (let i = 0; i < lines.length && i < MAX_LINES; i++) {
    const raw = lines[i];
    if (/^\s*#/.test(raw)) continue; // comments (and parser directives) never continue an instruction
    const continued = raw.trimEnd().endsWith(escape);
    const part = continued ? raw.trimEnd().slice(0, -1) : raw;
    if (pending) pending.content += ' ' + part;
    else if (part.trim()) pending = { line: i + 1, content: part };
    if (!continued && pending) {
      out.push(pending);
      pending = null;
    }
  }
  if (pending) out.push(pending);
  return out;
}

function parseFrom(rest: string, line: number, args: Record<string, string | null>, aliases: Set<string>): DockerStage | null {
  const tokens = rest.split(/\s+/).filter(Boolean);
  let platform: string | null = null;
  while (tokens[0]?.startsWith('--')) {
    const flag = tokens.shift()!;
    if (flag.startsWith('--platform=')) platform = flag.slice('--platform='.length);
  }
  const written = tokens[0];
  if (!written) return null;
  const alias = tokens.length >= 3 && tokens[1].toUpperCase() === 'AS' ? tokens[2] : null;
  const { text: image, unresolved } = substitute(written, args);
  const base = { line, image, alias, platform };
  if (unresolved) return { ...base, repository: image, tag: null, digest: null, pin: 'variable' };
  if (image.toLowerCase() === 'scratch') return { ...base, repository: 'scratch', tag: null, digest: null, pin: 'scratch' };
  if (aliases.has(image.toLowerCase())) return { ...base, repository: image, tag: null, digest: null, pin: 'stage' };

  const at = image.indexOf('@');
  const digest = at === -1 ? null : image.slice(at + 1);
  const nameAndTag = at === -1 ? image : image.slice(0, at);
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  const tag = colon > lastSlash ? nameAndTag.slice(colon + 1) : null;
  const repository = colon > lastSlash ? nameAndTag.slice(0, colon) : nameAndTag;
  const pin: BaseImagePin = digest && DIGEST.test(digest) ? 'digest' : !tag || tag === 'latest' ? 'latest' : 'tag';
  return { ...base, repository, tag, digest, pin };
}

/** `$NAME`, `${NAME}`, `${NAME:-default}` from global ARG defaults. */
function substitute(text: string, args: Record<string, string | null>): { text: string; unresolved: boolean } {
  let unresolved = false;
  const out = text.replace(/\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)/g, (_match, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const value = args[name] ?? fallback ?? null;
    if (value === null || value === '') {
      unresolved = true;
      return '';
    }
    return value;
  });
  return { text: out, unresolved };
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}

/** Python version of an official-style image: `python:3.11.9-slim` -> `3.11.9`. */
export function pythonVersionOfImage(stage: DockerStage): string | null {
  if (!/(^|\/)python$/.test(stage.repository) || !stage.tag) return null;
  return /^(\d+(?:\.\d+){0,2})/.exec(stage.tag)?.[1] ?? null;
}

/** CUDA version of an NVIDIA or framework image: `nvidia/cuda:12.1.1-…`, `pytorch/pytorch:2.3.0-cuda12.1-…`. */
export function cudaVersionOfImage(stage: DockerStage): string | null {
  if (!stage.tag) return null;
  if (/(^|\/)nvidia\/cuda$/.test(stage.repository)) return /^(\d+(?:\.\d+){0,2})/.exec(stage.tag)?.[1] ?? null;
  return /cuda-?(\d+(?:\.\d+){0,2})/i.exec(stage.tag)?.[1] ?? null;
}

/** Official-style runtime images and the runtime they carry (`ruby:3.3.4-slim`, `mcr.microsoft.com/dotnet/sdk:8.0`). */
const RUNTIME_IMAGES: ReadonlyArray<[RegExp, string]> = [
  [/(^|\/)python$/, 'python'],
  [/(^|\/)node$/, 'node'],
  [/(^|\/)ruby$/, 'ruby'],
  [/(^|\/)golang$/, 'go'],
  [/(^|\/)rust$/, 'rust'],
  [/(^|\/)dotnet\/(sdk|aspnet|runtime|runtime-deps)$/, 'dotnet'],
  [/(^|\/)(openjdk|eclipse-temurin|amazoncorretto|ibm-semeru-runtimes|sapmachine|azul\/zulu-openjdk\w*|maven|gradle)$/, 'java'],
  [/(^|\/)php$/, 'php'],
  [/(^|\/)elixir$/, 'elixir'],
];

/** The runtime and version a base image fixes: `node:20.11.1-alpine` -> node 20.11.1; none without a numeric tag. */
export function runtimeOfImage(stage: DockerStage): { runtime: string; version: string } | null {
  if (!stage.tag) return null;
  const entry = RUNTIME_IMAGES.find(([pattern]) => pattern.test(stage.repository));
  if (!entry) return null;
  // maven:3.9-eclipse-temurin-21 and gradle:8.10-jdk21 name the JDK after the build tool's version.
  const jdk = entry[1] === 'java' ? /(?:temurin|jdk|openjdk|corretto)-?(\d+)/.exec(stage.tag) : null;
  const version = jdk?.[1] ?? (/(maven|gradle)$/.test(stage.repository) ? null : /^(\d+(?:\.\d+){0,2})/.exec(stage.tag)?.[1]);
  return version ? { runtime: entry[1], version } : null;
}
