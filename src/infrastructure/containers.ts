// Container definitions: Dockerfiles/Containerfiles (base images per stage) and Compose files (services,
// images, env files; `docker-compose.prod.yml`-style overrides name an environment). Read, never built.
import { isDockerfileName, parseDockerfile } from '../formats/dockerfile.js';
import { describeFormatError } from '../formats/result.js';
import { parseYamlMapping } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { emptyFacts, environmentInPath, isRecord, type InfraFacts } from './model.js';

const VENDORED = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third_party|\.git)\//;
const COMPOSE = ['**/compose.{yml,yaml}', '**/compose.*.{yml,yaml}', '**/docker-compose.{yml,yaml}', '**/docker-compose.*.{yml,yaml}', '**/docker-compose-*.{yml,yaml}'];
const MAX_FILES = 50;
/** Registries that serve only public images to anyone: pulling `docker.elastic.co/elasticsearch/…` needs no account. */
const PULL_ANONYMOUSLY = new Set(['mcr.microsoft.com', 'docker.elastic.co', 'public.ecr.aws', 'registry.k8s.io', 'k8s.gcr.io', 'cgr.dev']);

export async function recogniseContainers(snapshot: Snapshot): Promise<InfraFacts> {
  const facts = emptyFacts();
  const dockerfiles = snapshot
    .glob(['**/Dockerfile', '**/Dockerfile.*', '**/*.Dockerfile', '**/*.dockerfile', '**/Containerfile', '**/Containerfile.*'])
    .filter((path) => isDockerfileName(path) && !VENDORED.test(path) && !snapshot.isSymlink(path))
    .slice(0, MAX_FILES);
  for (const path of dockerfiles) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const dockerfile = parseDockerfile(read.text);
    if (dockerfile.stages.length === 0) {
      facts.artifacts.push({ kind: 'container', tool: 'dockerfile', path, line: 1, note: 'Dockerfile', problem: 'no FROM instruction: not a buildable Dockerfile' });
      continue;
    }
    const final = dockerfile.final!;
    facts.artifacts.push({ kind: 'container', tool: 'dockerfile', path, line: final.line, note: `${dockerfile.stages.length} stage(s), runs FROM ${final.image.slice(0, 80)}` });
    const environment = environmentInPath(path);
    if (environment) facts.environments.push({ ...environment, path, line: 1, via: 'Dockerfile per environment', source: 'code' });
  }
  for (const path of snapshot.glob(COMPOSE).filter((candidate) => !VENDORED.test(candidate) && !snapshot.isSymlink(candidate)).slice(0, MAX_FILES)) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const compose = parseYamlMapping(read.text);
    if (!compose.ok) {
      facts.artifacts.push({ kind: 'container', tool: 'compose', path, line: compose.error.line ?? 1, note: 'Compose file', problem: describeFormatError(compose.error) });
      continue;
    }
    const services = isRecord(compose.value.services) ? Object.entries(compose.value.services) : [];
    if (services.length === 0) {
      facts.artifacts.push({ kind: 'container', tool: 'compose', path, line: 1, note: 'Compose file', problem: 'no services defined' });
      continue;
    }
    const images = services.flatMap(([, service]) => (isRecord(service) && typeof service.image === 'string' ? [service.image] : []));
    facts.artifacts.push({ kind: 'container', tool: 'compose', path, line: 1, note: `${services.length} service(s): ${services.map(([name]) => name).slice(0, 8).join(', ')}` });
    for (const image of images) {
      const registry = registryOf(image);
      if (registry && !PULL_ANONYMOUSLY.has(registry)) facts.needs.push({ category: 'registry', what: `image ${image.slice(0, 100)}`, path });
    }
    const environment = environmentInPath(path);
    if (environment) facts.environments.push({ ...environment, path, line: 1, via: 'Compose file per environment', source: 'code' });
  }
  return facts;
}

/** The registry host of an image reference, when it names one (`registry.example.com/ml/api:1` -> host). */
export function registryOf(image: string): string | null {
  const first = image.split('/')[0];
  if (!image.includes('/') || !/[.:]/.test(first) || first.startsWith('$')) return null;
  return first === 'docker.io' || first === 'index.docker.io' ? null : first;
}
