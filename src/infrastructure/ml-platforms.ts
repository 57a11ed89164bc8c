// ML pipelines and serving, recognised by their own file formats and SDK calls:
// - Kubeflow Pipelines v2 / Vertex AI pipeline specs (compiled IR: `pipelineInfo` with `root` or `deploymentSpec`,
//   Vertex job JSON with `pipelineSpec`), KFP v1 Argo workflows (`pipelines.kubeflow.org` annotations), and KFP
//   DSL code (`@dsl.pipeline`) or Vertex `aiplatform.PipelineJob(…)` in Python;
// - SageMaker (Python SDK estimators, models, `.deploy(`, pipelines); BentoML (`bentofile.yaml` with `service`,
//   `@bentoml.service`); Ray Serve config files (`applications[].import_path`) and `@serve.deployment`;
// - MLflow `MLproject` (entry points, environment). KServe/RayService/Seldon manifests are read in kubernetes.ts.
import { describeFormatError } from '../formats/result.js';
import { parseYamlMapping } from '../formats/yaml.js';
import { readPythonSources } from '../reproducibility/python-sources.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { emptyFacts, isRecord, lineAt, type InfraFacts } from './model.js';

const VENDORED = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third_party|\.git|mlruns)\//;

const PYTHON_PLATFORMS: ReadonlyArray<{ tool: string; kind: 'ml-pipeline' | 'serving'; imports: RegExp; uses: RegExp; note: string; need?: 'cloud' | 'model-storage' }> = [
  { tool: 'kubeflow', kind: 'ml-pipeline', imports: /^[ \t]*(from kfp\b|import kfp\b)/m, uses: /@(?:dsl\.)?pipeline\b|\bcompiler\.Compiler\(\)/, note: 'Kubeflow Pipelines DSL' },
  { tool: 'vertex-ai', kind: 'ml-pipeline', imports: /^[ \t]*(from google\.cloud import aiplatform|import google\.cloud\.aiplatform)/m, uses: /\bPipelineJob\s*\(|\.deploy\s*\(|\bEndpoint\.create\s*\(/, note: 'Vertex AI SDK', need: 'cloud' },
  { tool: 'sagemaker', kind: 'serving', imports: /^[ \t]*(import sagemaker\b|from sagemaker\b)/m, uses: /\.deploy\s*\(|\bEstimator\s*\(|\bPipeline\s*\(|\bModel\s*\(|\bModelPackage/, note: 'SageMaker SDK', need: 'cloud' },
  { tool: 'bentoml', kind: 'serving', imports: /^[ \t]*(import bentoml\b|from bentoml\b)/m, uses: /@bentoml\.service\b|\bbentoml\.Service\s*\(|@bentoml\.api\b/, note: 'BentoML service' },
  { tool: 'ray-serve', kind: 'serving', imports: /^[ \t]*(from ray import serve|import ray\.serve|from ray\.serve\b)/m, uses: /@serve\.deployment\b|\bserve\.run\s*\(/, note: 'Ray Serve deployment' },
];

export async function recogniseMlPlatforms(snapshot: Snapshot): Promise<InfraFacts> {
  const facts = emptyFacts();
  const specs = snapshot
    .glob(['**/*pipeline*.{yaml,yml,json}', '**/pipelines/**/*.{yaml,yml,json}', '**/*.kfp.{yaml,yml}'])
    .filter((path) => !VENDORED.test(path) && !snapshot.isSymlink(path) && !/^\.(github|gitlab|circleci)\//.test(path) && !/(azure|bitbucket)-pipelines/i.test(path))
    .slice(0, 50);
  for (const path of specs) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const head = read.text.slice(0, 256 * 1024);
    if (/["']?pipelineInfo["']?\s*:/.test(head) && /["']?(root|deploymentSpec|components)["']?\s*:/.test(head)) {
      const vertex = /["']?pipelineSpec["']?\s*:/.test(head) || /runtimeConfig/.test(head);
      const name = /["']?pipelineInfo["']?\s*:\s*(?:\{\s*)?["']?name["']?\s*:\s*["']?([\w.-]{1,100})/.exec(head)?.[1];
      facts.artifacts.push({ kind: 'ml-pipeline', tool: vertex ? 'vertex-ai-pipeline' : 'kubeflow-pipeline', path, line: 1, note: `compiled pipeline spec${name ? ` ${name}` : ''}${/sdkVersion["']?\s*:\s*["']?kfp-([\d.]+)/.exec(head)?.[1] ? ` (kfp ${/sdkVersion["']?\s*:\s*["']?kfp-([\d.]+)/.exec(head)![1]})` : ''}` });
    } else if (/pipelines\.kubeflow\.org/.test(head) && /kind\s*:\s*Workflow/.test(head)) {
      facts.artifacts.push({ kind: 'ml-pipeline', tool: 'kubeflow-pipeline', path, line: 1, note: 'Kubeflow Pipelines v1 (Argo) workflow' });
    }
  }
  for (const path of snapshot.glob('**/bentofile.{yaml,yml}').filter((p) => !VENDORED.test(p)).slice(0, 10)) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const bento = parseYamlMapping(read.text);
    if (!bento.ok || typeof bento.value.service !== 'string') {
      facts.artifacts.push({ kind: 'serving', tool: 'bentoml', path, line: bento.ok ? 1 : (bento.error.line ?? 1), note: 'BentoML build file', problem: bento.ok ? 'bentofile has no `service`' : describeFormatError(bento.error) });
      continue;
    }
    facts.artifacts.push({ kind: 'serving', tool: 'bentoml', path, line: 1, note: `BentoML service ${bento.value.service}` });
  }
  for (const path of snapshot.glob(['**/serve_config*.{yaml,yml}', '**/serve-config*.{yaml,yml}', '**/*serve*.{yaml,yml}', '**/ray/**/*.{yaml,yml}']).filter((p) => !VENDORED.test(p)).slice(0, 20)) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const config = parseYamlMapping(read.text);
    if (!config.ok || !Array.isArray(config.value.applications)) continue;
    const apps = config.value.applications.filter((app) => isRecord(app) && typeof app.import_path === 'string') as Array<Record<string, unknown>>;
    if (apps.length) facts.artifacts.push({ kind: 'serving', tool: 'ray-serve', path, line: 1, note: `Ray Serve config: ${apps.map((app) => String(app.name ?? app.import_path)).slice(0, 4).join(', ')}` });
  }
  for (const path of snapshot.glob('**/MLproject').filter((p) => !VENDORED.test(p)).slice(0, 10)) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const project = parseYamlMapping(read.text);
    if (!project.ok) {
      facts.artifacts.push({ kind: 'ml-pipeline', tool: 'mlflow-project', path, line: project.error.line ?? 1, note: 'MLflow project', problem: describeFormatError(project.error) });
      continue;
    }
    const entryPoints = isRecord(project.value.entry_points) ? Object.keys(project.value.entry_points) : [];
    const environment = project.value.docker_env ? 'docker_env' : project.value.python_env ? 'python_env' : project.value.conda_env ? 'conda_env' : 'no environment';
    facts.artifacts.push({ kind: 'ml-pipeline', tool: 'mlflow-project', path, line: 1, note: `MLflow project, entry points ${entryPoints.join(', ') || 'none'} (${environment})`, ...(entryPoints.length ? {} : { problem: 'MLproject declares no entry_points' }) });
  }
  const sources = await readPythonSources(snapshot);
  for (const file of sources.files) {
    if (/(^|\/)(tests?|testing)\//.test(file.path)) continue;
    for (const platform of PYTHON_PLATFORMS) {
      if (!platform.imports.test(file.text)) continue;
      const use = platform.uses.exec(file.text);
      if (!use) continue;
      facts.artifacts.push({ kind: platform.kind, tool: platform.tool, path: file.path, line: lineAt(file.text, use.index), note: platform.note });
      if (platform.need) facts.needs.push({ category: platform.need, what: platform.note, path: file.path });
      if (platform.tool === 'sagemaker') facts.needs.push({ category: 'model-storage', what: 'SageMaker models and endpoints', path: file.path });
    }
  }
  return facts;
}
