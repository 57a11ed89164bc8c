// Kubernetes delivery: Helm charts (`Chart.yaml` apiVersion/name/version, dependencies) and per-environment
// values files (`values-staging.yaml`, `values.prod.yaml`), helmfile environments, Kustomize bases and overlays
// (`overlays/<env>/kustomization.yaml`), and plain manifests (any YAML document with apiVersion and kind under
// the usual deploy folders), including serving resources (KServe InferenceService, RayService, Seldon) and
// secret plumbing (ExternalSecret, SealedSecret). Chart templates are read after blanking template actions.
import { environmentStage } from '../formats/environment-names.js';
import { describeFormatError } from '../formats/result.js';
import { neutraliseHelmTemplate, splitYamlDocuments } from '../formats/yaml-documents.js';
import { parseYaml, parseYamlMapping } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { registryOf } from './containers.js';
import { emptyFacts, environmentInPath, isRecord, type InfraFacts } from './model.js';

const VENDORED = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third_party|\.git)\//;
const MANIFEST_FOLDERS = '{k8s,kubernetes,kube,manifests,deploy,deployment,deployments,kustomize,overlays,base,infra,infrastructure,charts,helm,.k8s,ops,serving,argocd,flux,gitops}';
const MAX_MANIFEST_FILES = 300;
/** Kinds that serve a model, with the tool they belong to. */
const SERVING_KINDS: Readonly<Record<string, string>> = { InferenceService: 'kserve', RayService: 'ray-serve', SeldonDeployment: 'seldon', ServingRuntime: 'kserve', InferenceGraph: 'kserve' };

export async function recogniseKubernetes(snapshot: Snapshot): Promise<InfraFacts> {
  const facts = emptyFacts();
  const charts = snapshot.glob('**/Chart.{yaml,yml}').filter((path) => !VENDORED.test(path) && !/\/charts\/[^/]+\/charts\//.test(path)).slice(0, 30);
  for (const path of charts) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const chart = parseYamlMapping(read.text);
    if (!chart.ok) {
      facts.artifacts.push({ kind: 'orchestration', tool: 'helm-chart', path, line: chart.error.line ?? 1, note: 'Helm chart', problem: describeFormatError(chart.error) });
      continue;
    }
    const missing = ['apiVersion', 'name', 'version'].filter((key) => typeof chart.value[key] !== 'string' && typeof chart.value[key] !== 'number');
    const dependencies = Array.isArray(chart.value.dependencies) ? chart.value.dependencies.filter(isRecord) : [];
    const note = `chart ${String(chart.value.name ?? '?')} ${String(chart.value.version ?? '')}${chart.value.appVersion ? ` (app ${String(chart.value.appVersion)})` : ''}${dependencies.length ? `, depends on ${dependencies.map((dep) => String(dep.name)).slice(0, 4).join(', ')}` : ''}`;
    facts.artifacts.push({ kind: 'orchestration', tool: 'helm-chart', path, line: 1, note, ...(missing.length ? { problem: `Chart.yaml lacks ${missing.join(', ')}` } : {}) });
    facts.needs.push({ category: 'cluster', what: `Kubernetes cluster for chart ${String(chart.value.name ?? path)}`, path });
  }
  const values = snapshot
    .glob(['**/values-*.{yaml,yml}', '**/values.*.{yaml,yml}', '**/values_*.{yaml,yml}', '**/{helm,charts,chart,deploy}/**/values/*.{yaml,yml}'])
    .filter((path) => !VENDORED.test(path) && !snapshot.isSymlink(path))
    .slice(0, 50);
  for (const path of values) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const parsed = parseYamlMapping(read.text);
    if (!parsed.ok) {
      facts.artifacts.push({ kind: 'orchestration', tool: 'helm-values', path, line: parsed.error.line ?? 1, note: 'Helm values', problem: describeFormatError(parsed.error) });
      continue;
    }
    facts.artifacts.push({ kind: 'orchestration', tool: 'helm-values', path, line: 1, note: `Helm values, ${Object.keys(parsed.value).length} top-level key(s)` });
    facts.needs.push({ category: 'cluster', what: 'the Kubernetes cluster the Helm values deploy to', path });
    const environment = environmentInPath(path);
    if (environment) facts.environments.push({ ...environment, path, line: 1, via: 'Helm values file', source: 'code' });
    collectValueNeeds(parsed.value, path, facts, 0);
  }
  for (const path of snapshot.glob('**/helmfile.{yaml,yml}').filter((p) => !VENDORED.test(p)).slice(0, 10)) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const first = splitYamlDocuments(neutraliseHelmTemplate(read.text))[0];
    const parsed = first ? parseYamlMapping(first.text) : null;
    const environments = parsed?.ok && isRecord(parsed.value.environments) ? Object.keys(parsed.value.environments) : [];
    facts.artifacts.push({ kind: 'orchestration', tool: 'helmfile', path, line: 1, note: `helmfile, environments: ${environments.join(', ') || 'none'}` });
    for (const name of environments) {
      const stage = environmentStage(name);
      if (stage) facts.environments.push({ name, stage, path, line: lineOf(read.text, `${name}:`), via: 'helmfile environment', source: 'code' });
    }
  }
  for (const path of snapshot.glob(['**/kustomization.{yaml,yml}', '**/Kustomization']).filter((p) => !VENDORED.test(p)).slice(0, 100)) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const parsed = parseYamlMapping(read.text);
    if (!parsed.ok) {
      facts.artifacts.push({ kind: 'orchestration', tool: 'kustomize', path, line: parsed.error.line ?? 1, note: 'Kustomization', problem: describeFormatError(parsed.error) });
      continue;
    }
    const resources = [...list(parsed.value.resources), ...list(parsed.value.bases)];
    const overlay = resources.some((resource) => typeof resource === 'string' && resource.startsWith('..'));
    facts.artifacts.push({ kind: 'orchestration', tool: 'kustomize', path, line: 1, note: `${overlay ? 'overlay' : 'base'} with ${resources.length} resource(s)${typeof parsed.value.namespace === 'string' ? `, namespace ${parsed.value.namespace}` : ''}` });
    const environment = environmentInPath(path);
    if (environment) facts.environments.push({ ...environment, path, line: 1, via: 'Kustomize overlay', source: 'code' });
    else if (typeof parsed.value.namespace === 'string' && environmentStage(parsed.value.namespace)) {
      facts.environments.push({ name: parsed.value.namespace, stage: environmentStage(parsed.value.namespace)!, path, line: lineOf(read.text, 'namespace:'), via: 'Kustomize namespace', source: 'code' });
    }
  }
  await manifests(snapshot, facts);
  return facts;
}

async function manifests(snapshot: Snapshot, facts: InfraFacts): Promise<void> {
  const paths = snapshot
    .glob([`**/${MANIFEST_FOLDERS}/**/*.{yaml,yml}`, '**/*.k8s.{yaml,yml}', '**/inferenceservice*.{yaml,yml}', '**/*-isvc.{yaml,yml}', '**/rayservice*.{yaml,yml}'])
    .filter((path) => !VENDORED.test(path) && !snapshot.isSymlink(path) && !/(^|\/)(kustomization|Chart|values[^/]*|helmfile)\.ya?ml$/i.test(path))
    .slice(0, MAX_MANIFEST_FILES);
  const kindsByFile = new Map<string, string[]>();
  for (const path of paths) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    // Helm's templates/, and manifests rendered by azd, envsubst or gomplate (`backend-deployment.tmpl.yml`, `{{.Env.IMAGE}}`).
    const template = /\/templates\//.test(path) || /\.(tmpl|tpl|template)\.ya?ml$/i.test(path) || read.text.includes('{{');
    const text = template ? neutraliseHelmTemplate(read.text) : read.text;
    if (!/^[ \t]*kind\s*:/m.test(text) || !/^[ \t]*apiVersion\s*:/m.test(text)) continue;
    for (const document of splitYamlDocuments(text)) {
      const parsed = parseYaml(document.text);
      if (!parsed.ok) {
        if (!template) facts.artifacts.push({ kind: 'orchestration', tool: 'kubernetes', path, line: (parsed.error.line ?? 1) + document.lineOffset, note: 'Kubernetes manifest', problem: describeFormatError(parsed.error) });
        continue;
      }
      const value = parsed.value;
      if (!isRecord(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') continue;
      const line = document.lineOffset + 1;
      const kinds = kindsByFile.get(path) ?? [];
      kinds.push(value.kind);
      kindsByFile.set(path, kinds);
      const serving = SERVING_KINDS[value.kind];
      const name = isRecord(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : '';
      if (serving) facts.artifacts.push({ kind: 'serving', tool: serving, path, line, note: `${value.kind} ${name}`.trim() });
      if (/^(ExternalSecret|SealedSecret|SecretProviderClass|ClusterSecretStore|SecretStore)$/.test(value.kind)) facts.needs.push({ category: 'secrets', what: `${value.kind} ${name}`.trim(), path, line });
      const namespace = isRecord(value.metadata) && typeof value.metadata.namespace === 'string' ? value.metadata.namespace : null;
      const stage = namespace ? environmentStage(namespace) : null;
      if (namespace && stage) facts.environments.push({ name: namespace, stage, path, line, via: 'Kubernetes namespace', source: 'code' });
      for (const image of JSON.stringify(value.spec ?? {}).slice(0, 200_000).matchAll(/"image"\s*:\s*"([^"]{1,200})"/g)) {
        if (registryOf(image[1]) && !template) facts.needs.push({ category: 'registry', what: `image ${image[1]}`, path, line });
      }
    }
  }
  for (const [path, kinds] of kindsByFile) {
    const plain = kinds.filter((kind) => !SERVING_KINDS[kind]);
    if (plain.length === 0) continue;
    facts.artifacts.push({ kind: 'orchestration', tool: /\/templates\//.test(path) ? 'helm-template' : 'kubernetes', path, line: 1, note: unique(plain).slice(0, 6).join(', ') });
    const environment = environmentInPath(path);
    if (environment) facts.environments.push({ ...environment, path, line: 1, via: 'Kubernetes manifests per environment', source: 'code' });
  }
  if (kindsByFile.size > 0) facts.needs.push({ category: 'cluster', what: 'Kubernetes cluster for the manifests', path: [...kindsByFile.keys()][0] });
}

/** Image repositories and secret references in Helm values (`image.repository`, `existingSecret`, `externalSecret`). */
function collectValueNeeds(value: Record<string, unknown>, path: string, facts: InfraFacts, depth: number): void {
  if (depth > 6) return;
  for (const [key, child] of Object.entries(value).slice(0, 200)) {
    if (key === 'repository' && typeof child === 'string' && registryOf(child)) facts.needs.push({ category: 'registry', what: `image ${child}`, path });
    else if (/secret/i.test(key) && (typeof child === 'string' || isRecord(child))) facts.needs.push({ category: 'secrets', what: `Helm value ${key}`, path });
    if (isRecord(child)) collectValueNeeds(child, path, facts, depth + 1);
  }
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index === -1) return 1;
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
