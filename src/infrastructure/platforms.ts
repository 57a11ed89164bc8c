// Application platforms that run a repository from a file of their own: a Render blueprint (render.yaml), Fly.io
// (fly.toml), Google App Engine (app.yaml), Vercel (vercel.json), Netlify (netlify.toml), Railway
// (railway.json/.toml) and a Procfile (Heroku and buildpack platforms). Each is recognised by its name and then its
// content, since `app.yaml` or `vercel.json` may be anything: the file says where the service runs and how.
import { describeFormatError } from '../formats/result.js';
import { parseToml } from '../formats/toml.js';
import { parseYamlMapping } from '../formats/yaml.js';
import { environmentStage } from '../formats/environment-names.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { emptyFacts, environmentInPath, isRecord, type InfraFacts } from './model.js';

const VENDORED = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third_party|\.git|tests?|fixtures?)\//;
const MAX_FILES = 20;

/** Platforms that deploy the service themselves (from the repository, or with their CLI and this file). */
export const PLATFORM_TOOLS: ReadonlySet<string> = new Set(['render-blueprint', 'fly', 'app-engine', 'vercel', 'netlify', 'railway']);

type Reader = (path: string, text: string, facts: InfraFacts) => void;

const PLATFORMS: ReadonlyArray<{ globs: string[]; read: Reader }> = [
  { globs: ['render.{yaml,yml}', '**/render.{yaml,yml}'], read: readRender },
  { globs: ['**/fly.toml', '**/fly.*.toml'], read: readFly },
  { globs: ['**/app.{yaml,yml}', '**/app.*.{yaml,yml}'], read: readAppEngine },
  { globs: ['**/vercel.json'], read: readVercel },
  { globs: ['**/netlify.toml'], read: readNetlify },
  { globs: ['**/railway.{json,toml}'], read: readRailway },
  { globs: ['**/Procfile'], read: readProcfile },
];

export async function recognisePlatforms(snapshot: Snapshot): Promise<InfraFacts> {
  const facts = emptyFacts();
  for (const platform of PLATFORMS) {
    for (const path of snapshot.glob(platform.globs).filter((candidate) => !VENDORED.test(candidate) && !snapshot.isSymlink(candidate)).slice(0, MAX_FILES)) {
      const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
      if (read.ok) platform.read(path, read.text, facts);
    }
  }
  return facts;
}

function readRender(path: string, text: string, facts: InfraFacts): void {
  const parsed = parseYamlMapping(text);
  if (!parsed.ok) {
    if (/^services\s*:/m.test(text)) facts.artifacts.push({ kind: 'iac', tool: 'render-blueprint', path, line: parsed.error.line ?? 1, note: 'Render blueprint', problem: describeFormatError(parsed.error) });
    return;
  }
  const services = Array.isArray(parsed.value.services) ? parsed.value.services.filter((service) => isRecord(service) && typeof service.type === 'string') : [];
  if (services.length === 0) return;
  const names = services.map((service) => String((service as Record<string, unknown>).name ?? (service as Record<string, unknown>).type)).slice(0, 6);
  const databases = Array.isArray(parsed.value.databases) ? parsed.value.databases.length : 0;
  facts.artifacts.push({ kind: 'iac', tool: 'render-blueprint', path, line: 1, note: `Render blueprint: ${services.length} service(s) (${names.join(', ')})${databases ? `, ${databases} database(s)` : ''}` });
  facts.needs.push({ category: 'cloud', what: 'the Render account the blueprint deploys to', path });
  if (databases) facts.needs.push({ category: 'data-storage', what: 'the Render databases of the blueprint', path });
  // Environment groups (`prod-web-secrets`) and pull-request previews are the environments a blueprint defines.
  const groups = new Set<string>();
  if (Array.isArray(parsed.value.envVarGroups)) for (const group of parsed.value.envVarGroups) if (isRecord(group) && typeof group.name === 'string') groups.add(group.name);
  for (const service of services as Array<Record<string, unknown>>) {
    if (Array.isArray(service.envVars)) for (const variable of service.envVars.slice(0, 200)) if (isRecord(variable) && typeof variable.fromGroup === 'string') groups.add(variable.fromGroup);
  }
  for (const group of [...groups].slice(0, 20)) {
    const stage = environmentStage(group);
    if (stage) facts.environments.push({ name: group, stage, path, line: 1, via: 'Render environment group', source: 'code' });
  }
  if (parsed.value.previewsEnabled === true || isRecord(parsed.value.previews)) facts.environments.push({ name: 'preview', stage: 'preview', path, line: 1, via: 'Render preview environments', source: 'code' });
}

function readFly(path: string, text: string, facts: InfraFacts): void {
  const parsed = parseToml(text);
  if (!parsed.ok) {
    facts.artifacts.push({ kind: 'iac', tool: 'fly', path, line: parsed.error.line ?? 1, note: 'Fly.io app', problem: describeFormatError(parsed.error) });
    return;
  }
  if (typeof parsed.value.app !== 'string' && !isRecord(parsed.value.http_service) && !Array.isArray(parsed.value.services)) return;
  facts.artifacts.push({ kind: 'iac', tool: 'fly', path, line: 1, note: `Fly.io app ${typeof parsed.value.app === 'string' ? parsed.value.app.slice(0, 60) : ''}`.trim() });
  facts.needs.push({ category: 'cloud', what: 'the Fly.io organisation the app deploys to', path });
  environmentOfFile(path, 'Fly.io config per environment', facts);
}

/** App Engine's app.yaml names a runtime and how it serves; any other app.yaml (a Helm-like config) is not it. */
function readAppEngine(path: string, text: string, facts: InfraFacts): void {
  const parsed = parseYamlMapping(text);
  if (!parsed.ok || typeof parsed.value.runtime !== 'string') return;
  const appEngine = ['handlers', 'entrypoint', 'instance_class', 'automatic_scaling', 'basic_scaling', 'manual_scaling', 'env_variables', 'service'].some((key) => key in parsed.value) || parsed.value.env === 'flex';
  if (!appEngine) return;
  facts.artifacts.push({ kind: 'iac', tool: 'app-engine', path, line: 1, note: `Google App Engine service (${parsed.value.runtime.slice(0, 40)})` });
  facts.needs.push({ category: 'cloud', what: 'the Google Cloud project App Engine deploys to', path });
  environmentOfFile(path, 'App Engine config per environment', facts);
}

/** `{"framework": "nextjs"}` alone restates Vercel's default: it defines nothing about how the service runs. */
function readVercel(path: string, text: string, facts: InfraFacts): void {
  const parsed = parseJsonObject(text);
  if (!parsed || !['builds', 'functions', 'rewrites', 'routes', 'crons', 'buildCommand'].some((key) => key in parsed)) return;
  facts.artifacts.push({ kind: 'iac', tool: 'vercel', path, line: 1, note: 'Vercel project configuration' });
  facts.needs.push({ category: 'cloud', what: 'the Vercel team the project deploys to', path });
}

function readNetlify(path: string, text: string, facts: InfraFacts): void {
  const parsed = parseToml(text);
  if (!parsed.ok || !(isRecord(parsed.value.build) || Array.isArray(parsed.value.redirects) || isRecord(parsed.value.functions))) return;
  facts.artifacts.push({ kind: 'iac', tool: 'netlify', path, line: 1, note: 'Netlify site configuration' });
  facts.needs.push({ category: 'cloud', what: 'the Netlify team the site deploys to', path });
  if (isRecord(parsed.value.context)) {
    for (const name of Object.keys(parsed.value.context).slice(0, 10)) {
      const stage = environmentStage(name === 'deploy-preview' ? 'preview' : name);
      if (stage) facts.environments.push({ name, stage, path, line: 1, via: 'Netlify deploy context', source: 'code' });
    }
  }
}

function readRailway(path: string, text: string, facts: InfraFacts): void {
  const parsed = path.endsWith('.json') ? parseJsonObject(text) : (() => { const toml = parseToml(text); return toml.ok ? toml.value : null; })();
  if (!parsed || !(isRecord(parsed.deploy) || isRecord(parsed.build))) return;
  facts.artifacts.push({ kind: 'iac', tool: 'railway', path, line: 1, note: 'Railway service configuration' });
  facts.needs.push({ category: 'cloud', what: 'the Railway project the service deploys to', path });
}

/**
 * `web: gunicorn app:app`: the processes a buildpack platform (Heroku, Dokku, Cloud Foundry) runs. A Procfile of
 * development servers (`--reload`, `npm run dev`, `runserver`) is for honcho or foreman on a laptop (as
 * Procfile.dev always is), not a platform.
 */
function readProcfile(path: string, text: string, facts: InfraFacts): void {
  const processes: string[] = [];
  for (const line of text.split('\n', 200)) {
    const match = /^([A-Za-z0-9_-]{1,40}):\s*\S/.exec(line);
    if (match) processes.push(match[1]);
  }
  if (!processes.includes('web') && !processes.includes('release') && !processes.includes('worker')) return;
  if (/--reload\b|\b(?:npm|yarn|pnpm) (?:run )?dev\b|\brunserver\b|\bflask run\b/.test(text)) return;
  facts.artifacts.push({ kind: 'iac', tool: 'procfile', path, line: 1, note: `Procfile: ${processes.slice(0, 6).join(', ')}` });
  facts.needs.push({ category: 'cloud', what: 'the platform that runs the Procfile (Heroku or a buildpack platform)', path });
}

function environmentOfFile(path: string, via: string, facts: InfraFacts): void {
  const environment = environmentInPath(path);
  if (environment) facts.environments.push({ ...environment, path, line: 1, via, source: 'code' });
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}
