// Every CI/CD pipeline in the snapshot, read once and shared by the checks that ask (tests: does CI run
// them; infrastructure: does CI build and deploy). Files a pipeline pulls in (GitLab local includes, Azure
// templates, GitHub reusable workflows) are read too, and a reusable workflow's steps run with its callers'
// triggers. Never executes anything; unreadable or malformed files become problems naming the file.
import { CI_LOCATIONS, ciSystemOfPath, readCiPipeline, type CiPipeline, type CiSystem, type CiTrigger } from '../formats/ci-pipelines.js';
import { describeFormatError } from '../formats/result.js';
import type { Snapshot } from '../snapshot/snapshot.js';

export interface CiProblem {
  path: string;
  line?: number;
  message: string;
}

export interface CiCollection {
  pipelines: CiPipeline[];
  problems: CiProblem[];
}

const MAX_FILES = 200;
const MAX_BYTES = 1024 * 1024;
const VENDORED = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third_party)\//;

const cache = new WeakMap<Snapshot, Promise<CiCollection>>();

export function collectCiPipelines(snapshot: Snapshot): Promise<CiCollection> {
  let pending = cache.get(snapshot);
  if (!pending) cache.set(snapshot, (pending = load(snapshot)));
  return pending;
}

async function load(snapshot: Snapshot): Promise<CiCollection> {
  const collection: CiCollection = { pipelines: [], problems: [] };
  const queue: Array<{ path: string; system: CiSystem }> = [];
  const seen = new Set<string>();
  const enqueue = (path: string, system: CiSystem) => {
    if (seen.has(path) || !snapshot.has(path) || snapshot.isSymlink(path) || seen.size >= MAX_FILES) return;
    seen.add(path);
    queue.push({ path, system });
  };
  for (const path of snapshot.glob(Object.values(CI_LOCATIONS).flat())) {
    if (VENDORED.test(path)) continue;
    const system = ciSystemOfPath(path);
    if (system) enqueue(path, system);
  }
  for (const path of await cloudBuildByContent(snapshot, seen)) enqueue(path, 'cloud-build');
  while (queue.length > 0) {
    const { path, system } = queue.shift()!;
    const read = await snapshot.readText(path, { maxBytes: MAX_BYTES });
    if (!read.ok) {
      collection.problems.push({ path, message: `not read (${read.reason})` });
      continue;
    }
    const result = readCiPipeline(system, path, read.text);
    if (!result.ok) {
      collection.problems.push({ path, line: result.error.line, message: describeFormatError(result.error) });
      snapshot.addError({ path, message: `CI pipeline not parsed: ${describeFormatError(result.error)}` });
      continue;
    }
    if (result.value === null) continue; // a YAML file in pipelines/ that is not a CI definition
    collection.pipelines.push(result.value);
    for (const call of result.value.calls) enqueue(resolveCall(path, system, call), system);
  }
  inheritCallerTriggers(collection.pipelines);
  return collection;
}

/** Where Cloud Build configs live under other names (`gcloud builds submit --config build/pipeline-deployment.yaml`). */
const CLOUD_BUILD_CANDIDATES = ['{build,ci,cicd,.cloudbuild,cloudbuild}/**/*.{yaml,yml}', '**/*{build,deploy,deployment,release,pipeline,ci,cd}*.{yaml,yml}'];
const MAX_SNIFFED = 50;
/** A Cloud Build config: top-level `steps:` whose entries run builder images (`gcr.io/cloud-builders/…`, `$_IMAGE`). */
const CLOUD_BUILD_STEP = /^[ \t]*-[ \t]+name:[ \t]*['"]?(?:gcr\.io\/cloud-builders\/|gcr\.io\/google\.com\/cloudsdktool|[\w-]+-docker\.pkg\.dev\/|\$_)/m;

async function cloudBuildByContent(snapshot: Snapshot, known: ReadonlySet<string>): Promise<string[]> {
  const found: string[] = [];
  const candidates = snapshot.glob(CLOUD_BUILD_CANDIDATES).filter((path) => !known.has(path) && !VENDORED.test(path) && !ciSystemOfPath(path) && !/(^|\/)\.github\//.test(path));
  for (const path of candidates.slice(0, MAX_SNIFFED)) {
    const read = await snapshot.readText(path, { maxBytes: MAX_BYTES });
    if (read.ok && /^steps:/m.test(read.text) && CLOUD_BUILD_STEP.test(read.text)) found.push(path);
  }
  return found;
}

/** Calls are repository-rooted (`/ci/x.yml`, `./.github/workflows/x.yml`) or, for Azure templates, relative to the caller. */
function resolveCall(from: string, system: CiSystem, call: string): string {
  if (system !== 'azure-pipelines') return call;
  const parts = from.split('/').slice(0, -1);
  for (const part of call.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** A reusable workflow (`on: workflow_call`) runs whenever a caller runs: its steps take the callers' triggers. */
function inheritCallerTriggers(pipelines: CiPipeline[]): void {
  const byPath = new Map(pipelines.map((pipeline) => [pipeline.path, pipeline]));
  for (const caller of pipelines) {
    if (caller.system !== 'github-actions') continue;
    for (const step of caller.steps) {
      const called = /^uses \.\/([^@\s]+)/.exec(step.command)?.[1];
      const target = called ? byPath.get(called) : undefined;
      if (!target || target === caller) continue;
      for (const inner of target.steps) {
        if (!inner.triggers?.includes('call')) continue;
        const merged = new Set<CiTrigger>(inner.triggers.filter((trigger) => trigger !== 'call'));
        for (const trigger of step.triggers ?? ['push']) merged.add(trigger);
        inner.triggers = [...merged];
        if (!inner.environment && step.environment) inner.environment = step.environment;
      }
    }
  }
}
