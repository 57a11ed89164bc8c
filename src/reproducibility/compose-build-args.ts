// Build arguments a Compose file passes to a Dockerfile (`services.<name>.build.args`), so that a base image
// chosen by an ARG (`ARG IMAGE=bullseye` / `FROM mcr.microsoft.com/devcontainers/${IMAGE}`) is judged as it is
// built (`IMAGE: python:3.12`), not as the default no one builds. Pure: Compose text in, args per Dockerfile out.
import { isUrl, resolveIn } from '../datasets/paths.js';
import { parseYamlMapping } from '../formats/yaml.js';

/** Dockerfile path (repository-relative) -> the args a service builds it with (the first service's, when several do). */
export function composeBuildArgs(composePath: string, text: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const parsed = parseYamlMapping(text, { maxAliases: 50 });
  if (!parsed.ok) return out;
  const services = record(parsed.value.services);
  if (!services) return out;
  const folder = composePath.includes('/') ? composePath.slice(0, composePath.lastIndexOf('/')) : '';
  for (const service of Object.values(services)) {
    const build = record(record(service)?.build);
    if (!build) continue;
    const args = argsOf(build.args);
    if (Object.keys(args).length === 0) continue;
    const context = typeof build.context === 'string' ? build.context : '.';
    const dockerfile = typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
    const base = resolve(folder, context);
    const path = base === null ? null : resolve(base, dockerfile);
    if (path !== null && !out.has(path)) out.set(path, args);
  }
  return out;
}

/**
 * The Dockerfile text with each ARG default replaced by the value it is built with (an ARG without a default gets
 * it): what `docker compose build` sees. Only ARGs before the first FROM decide the base image.
 */
export function withBuildArgs(text: string, args: Readonly<Record<string, string>>): string {
  return text
    .split('\n')
    .map((line) => {
      const arg = /^(\s*ARG\s+)([A-Za-z_][A-Za-z0-9_]*)(?:=.*)?$/i.exec(line);
      return arg && Object.prototype.hasOwnProperty.call(args, arg[2]) ? `${arg[1]}${arg[2]}=${args[arg[2]]}` : line;
    })
    .join('\n');
}

/** `args: {IMAGE: python:3.12}` or `args: ["IMAGE=python:3.12"]`; values with a variable of their own are skipped. */
function argsOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const pair = typeof item === 'string' ? /^([A-Za-z_]\w*)=(.+)$/.exec(item) : null;
      if (pair && !pair[2].includes('$')) out[pair[1]] = pair[2];
    }
  } else if (record(value)) {
    for (const [key, item] of Object.entries(record(value)!)) {
      if ((typeof item === 'string' && !item.includes('$')) || typeof item === 'number') out[key] = String(item);
    }
  }
  return out;
}

/** `..` from `.devcontainer` -> ``; null when it leaves the repository or is absolute. */
function resolve(folder: string, relative: string): string | null {
  if (relative.startsWith('/') || isUrl(relative)) return null;
  return resolveIn(folder, relative);
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
