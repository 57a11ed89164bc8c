// Infrastructure as code, read as text or data and never run:
// - Terraform / OpenTofu: `*.tf`/`*.tofu` grouped by folder (root modules), backends, HCP `cloud` workspaces,
//   `terraform.workspace`, per-environment folders (`envs/prod/`) and variable files (`prod.tfvars`), Terragrunt;
// - Pulumi: `Pulumi.yaml` (name, runtime) and one `Pulumi.<stack>.yaml` per stack;
// - AWS CloudFormation / SAM templates (`AWSTemplateFormatVersion`, `Transform: AWS::Serverless-2016-10-31`)
//   and `samconfig.toml|yaml` environments; AWS CDK (`cdk.json` with `app`);
// - Azure Bicep (`*.bicep`, `*.bicepparam` per environment) and ARM templates and parameter files.
import { environmentStage } from '../formats/environment-names.js';
import { parseJsonObject } from '../formats/json.js';
import { describeFormatError } from '../formats/result.js';
import { cloudOfType, scanTerraform, scanTfvars, type TerraformFacts } from '../formats/terraform.js';
import { parseToml } from '../formats/toml.js';
import { parseYamlMapping } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { emptyFacts, environmentInPath, isRecord, type AccessCategory, type InfraFacts } from './model.js';
import { lineOfIndex, lineOfText } from '../formats/lines.js';

const VENDORED = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third_party|\.terraform|\.terragrunt-cache|cdk\.out|\.aws-sam|\.git)\//;
const MAX_TF_FILES = 200;
/** CloudFormation resource types are searched in the first 512 KiB of a template (reads follow the read cap). */
const MAX_BYTES = 512 * 1024;

/** Resource types that mean the buyer needs access to a kind of thing (matched on the type name). */
const RESOURCE_NEEDS: ReadonlyArray<[RegExp, AccessCategory]> = [
  [/_(ecr_repository|artifact_registry_repository|container_registry|acr)\b/, 'registry'],
  [/_(secretsmanager_secret|ssm_parameter|key_vault|secret_manager_secret|kms_key)\b|^vault_/, 'secrets'],
  [/_(sagemaker_model|sagemaker_endpoint|vertex_ai_endpoint|machine_learning_workspace|sagemaker_model_package_group)/, 'model-storage'],
  [/_(s3_bucket|storage_bucket|storage_account|bigquery_dataset|redshift_cluster|db_instance|rds_cluster|sql_database_instance|dynamodb_table|glue_catalog_database)\b/, 'data-storage'],
  [/_(eks_cluster|container_cluster|kubernetes_cluster|ecs_cluster|cloud_run_service|app_service|lambda_function)\b/, 'cluster'],
];

export async function recogniseIac(snapshot: Snapshot): Promise<InfraFacts> {
  const facts = emptyFacts();
  await terraform(snapshot, facts);
  await pulumi(snapshot, facts);
  await cloudFormation(snapshot, facts);
  await cdk(snapshot, facts);
  await azure(snapshot, facts);
  return facts;
}

async function terraform(snapshot: Snapshot, facts: InfraFacts): Promise<void> {
  const files = snapshot
    .glob(['**/*.tf', '**/*.tofu'])
    .filter((path) => !VENDORED.test(path) && !snapshot.isSymlink(path))
    .slice(0, MAX_TF_FILES);
  const byFolder = new Map<string, Array<{ path: string; facts: TerraformFacts }>>();
  for (const path of files) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    const list = byFolder.get(folder) ?? [];
    list.push({ path, facts: scanTerraform(read.text) });
    byFolder.set(folder, list);
  }
  for (const [folder, modules] of byFolder) {
    const all = modules.map((module) => module.facts);
    const resources = all.flatMap((entry) => entry.resources);
    const providers = unique([...all.flatMap((entry) => entry.providers.map((p) => p.name)), ...resources.map((r) => r.type.split('_')[0])]);
    const backend = modules.find((module) => module.facts.backend);
    const cloud = modules.find((module) => module.facts.cloud);
    const first = modules[0];
    const parts = [
      `${modules.length} file(s), ${resources.length} resource(s), ${all.reduce((n, entry) => n + entry.modules.length, 0)} module call(s)`,
      providers.length ? `providers ${providers.slice(0, 6).join(', ')}` : '',
      backend ? `backend "${backend.facts.backend!.type}"` : cloud ? 'HCP Terraform cloud block' : 'local state (no backend)',
      all.some((entry) => entry.usesWorkspaces) ? 'workspaces' : '',
    ].filter(Boolean);
    const anchor = backend ?? cloud ?? first;
    facts.artifacts.push({ kind: 'iac', tool: first.path.endsWith('.tofu') ? 'opentofu' : 'terraform', path: folder || first.path, line: anchor.facts.backend?.line ?? anchor.facts.cloud?.line ?? 1, note: parts.join('; ') });
    const environment = environmentInPath(folder + '/main.tf');
    if (environment) facts.environments.push({ ...environment, path: folder, line: 1, via: 'Terraform root module per environment', source: 'code' });
    for (const workspace of cloud?.facts.cloud?.workspaces ?? []) {
      const stage = environmentStage(workspace);
      if (stage) facts.environments.push({ name: workspace, stage, path: cloud!.path, line: cloud!.facts.cloud!.line, via: 'HCP Terraform workspace', source: 'code' });
    }
    for (const provider of providers) {
      const cloudName = cloudOfType(provider);
      if (cloudName === 'aws' || cloudName === 'google' || cloudName === 'azure') facts.needs.push({ category: 'cloud', what: `${cloudName} provider in Terraform`, path: folder || first.path });
      if (cloudName === 'vault') facts.needs.push({ category: 'secrets', what: 'HashiCorp Vault provider', path: folder || first.path });
      if (cloudName === 'kubernetes' || cloudName === 'helm') facts.needs.push({ category: 'cluster', what: `${provider} provider in Terraform`, path: folder || first.path });
    }
    if (backend) facts.needs.push({ category: 'cloud', what: `Terraform state in the ${backend.facts.backend!.type} backend`, path: backend.path, line: backend.facts.backend!.line });
    for (const { path, facts: module } of modules) {
      for (const resource of module.resources) {
        const need = RESOURCE_NEEDS.find(([pattern]) => pattern.test(resource.type));
        if (need) facts.needs.push({ category: need[1], what: `${resource.type}.${resource.name}`, path, line: resource.line });
      }
    }
  }
  const varFiles = snapshot
    .glob(['**/*.tfvars', '**/*.tfvars.json', '**/terragrunt.hcl'])
    .filter((path) => !VENDORED.test(path) && !snapshot.isSymlink(path))
    .slice(0, 100);
  for (const path of varFiles) {
    const fromPath = environmentInPath(path);
    if (path.endsWith('terragrunt.hcl')) {
      facts.artifacts.push({ kind: 'iac', tool: 'terragrunt', path, line: 1, note: 'Terragrunt configuration' });
      if (fromPath) facts.environments.push({ ...fromPath, path, line: 1, via: 'Terragrunt folder per environment', source: 'code' });
      continue;
    }
    const read = await snapshot.readText(path);
    const inside = read.ok ? scanTfvars(read.text).environments : [];
    const named = inside.map((entry) => ({ name: entry.name, stage: environmentStage(entry.name), line: entry.line })).find((entry) => entry.stage);
    if (named) facts.environments.push({ name: named.name, stage: named.stage!, path, line: named.line, via: 'Terraform variable file', source: 'code' });
    else if (fromPath) facts.environments.push({ ...fromPath, path, line: 1, via: 'Terraform variable file', source: 'code' });
  }
}

async function pulumi(snapshot: Snapshot, facts: InfraFacts): Promise<void> {
  for (const path of snapshot.glob('**/Pulumi.{yaml,yml}').filter((p) => !VENDORED.test(p)).slice(0, 20)) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const project = parseYamlMapping(read.text);
    if (!project.ok || typeof project.value.name !== 'string' || project.value.runtime === undefined) {
      facts.artifacts.push({ kind: 'iac', tool: 'pulumi', path, line: project.ok ? 1 : (project.error.line ?? 1), note: 'Pulumi project', problem: project.ok ? 'Pulumi.yaml needs `name` and `runtime`' : describeFormatError(project.error) });
      continue;
    }
    const runtime = typeof project.value.runtime === 'string' ? project.value.runtime : isRecord(project.value.runtime) ? String(project.value.runtime.name) : '?';
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    const stacks = snapshot.glob(`${folder}Pulumi.*.{yaml,yml}`).filter((stack) => stack.slice(folder.length).split('/').length === 1);
    facts.artifacts.push({ kind: 'iac', tool: 'pulumi', path, line: 1, note: `project ${project.value.name} (${runtime}), ${stacks.length} stack(s)` });
    for (const stack of stacks) {
      const name = stack.slice(folder.length).replace(/^Pulumi\./, '').replace(/\.ya?ml$/, '');
      const stage = environmentStage(name);
      if (stage) facts.environments.push({ name, stage, path: stack, line: 1, via: 'Pulumi stack', source: 'code' });
    }
  }
}

/** YAML files named for what they build (`02.CF-MLOps-BuildPipeline.yml`) are templates when their head says so. */
const TEMPLATE_HEAD = 2048;
const MAX_SNIFFED = 150;
const NOT_A_TEMPLATE = /(^|\/)(\.github|\.gitlab|\.circleci|k8s|kubernetes|helm|charts?|manifests?)\/|(^|\/)(docker-)?compose[^/]*$|(^|\/)(dvc|params|mkdocs|environment|conda|\.pre-commit-config|codecov|\.gitlab-ci|azure-pipelines|bitbucket-pipelines)\.ya?ml$/i;

async function templatesByContent(snapshot: Snapshot, known: ReadonlySet<string>): Promise<string[]> {
  const found: string[] = [];
  const candidates = snapshot
    .glob('**/*.{yaml,yml}')
    .filter((path) => !known.has(path) && !VENDORED.test(path) && !NOT_A_TEMPLATE.test(path) && !snapshot.isSymlink(path))
    .sort((a, b) => a.split('/').length - b.split('/').length)
    .slice(0, MAX_SNIFFED);
  for (const path of candidates) {
    const size = await snapshot.sizeOf(path);
    if (!size) continue;
    // Only the head is read where the source can seek; a source that cannot reads the file (within the read cap).
    const range = await snapshot.readRange(path, 0, Math.min(size, TEMPLATE_HEAD));
    const head = range.ok ? new TextDecoder().decode(range.bytes) : range.reason === 'unsupported' ? await headByText(snapshot, path) : '';
    if (/^[ \t]*AWSTemplateFormatVersion[ \t]*:/m.test(head)) found.push(path);
    if (found.length >= 50) break;
  }
  return found;
}

async function headByText(snapshot: Snapshot, path: string): Promise<string> {
  const read = await snapshot.readText(path);
  return read.ok ? read.text.slice(0, TEMPLATE_HEAD) : '';
}

/**
 * A CodePipeline's deploy stages name the environments they deploy to (`DeployModel-Dev`, `DeployToProdEnv`):
 * each is an environment the delivery pipeline defines in code.
 */
function codePipelineStages(text: string, path: string, facts: InfraFacts): void {
  for (const match of text.matchAll(/^[ \t-]*Name:[ \t]*["']?([A-Za-z][\w-]{2,60})["']?[ \t]*$/gm)) {
    const name = match[1];
    if (!/deploy/i.test(name)) continue;
    const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_-]+/);
    const stage = words.map((word) => environmentStage(word)).find((candidate) => candidate !== null) ?? null;
    if (stage && !facts.environments.some((known) => known.path === path && known.stage === stage)) {
      facts.environments.push({ name, stage, path, line: lineOfIndex(text, match.index), via: 'CodePipeline deploy stage', source: 'ci' });
    }
  }
}

async function cloudFormation(snapshot: Snapshot, facts: InfraFacts): Promise<void> {
  const named = snapshot
    .glob(['**/template.{yaml,yml,json}', '**/*.template.{yaml,yml,json}', '**/*.cfn.{yaml,yml,json}', '**/{cloudformation,cfn,sam}/**/*.{yaml,yml,json}', '**/*-stack.{yaml,yml}', '**/*.template'])
    .filter((path) => !VENDORED.test(path) && !snapshot.isSymlink(path))
    .slice(0, 50);
  const candidates = [...named, ...(await templatesByContent(snapshot, new Set(named)))];
  for (const path of candidates) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const head = read.text.slice(0, 64 * 1024);
    const sam = /AWS::Serverless-2016-10-31/.test(head);
    if (!sam && !/AWSTemplateFormatVersion/.test(head)) continue;
    const types = [...read.text.slice(0, MAX_BYTES).matchAll(/Type["']?\s*:\s*["']?(AWS::[\w:]{3,100})/g)].map((match) => match[1]);
    facts.artifacts.push({ kind: 'iac', tool: sam ? 'aws-sam' : 'cloudformation', path, line: 1, note: `${types.length} resource(s)${types.length ? `: ${unique(types).slice(0, 5).join(', ')}` : ''}` });
    facts.needs.push({ category: 'cloud', what: `AWS account for the ${sam ? 'SAM' : 'CloudFormation'} stack`, path });
    if (types.some((type) => /SageMaker/.test(type))) facts.needs.push({ category: 'model-storage', what: 'SageMaker resources', path });
    if (types.some((type) => /ECR::Repository/.test(type))) facts.needs.push({ category: 'registry', what: 'ECR repository', path });
    if (types.some((type) => /SecretsManager|SSM::Parameter|KMS/.test(type))) facts.needs.push({ category: 'secrets', what: 'Secrets Manager / SSM parameters', path });
    if (types.some((type) => /S3::Bucket|RDS|DynamoDB/.test(type))) facts.needs.push({ category: 'data-storage', what: 'S3 buckets / databases', path });
    if (types.includes('AWS::CodePipeline::Pipeline')) codePipelineStages(read.text.slice(0, MAX_BYTES), path, facts);
  }
  for (const path of snapshot.glob(['**/samconfig.toml', '**/samconfig.{yaml,yml}']).filter((p) => !VENDORED.test(p)).slice(0, 10)) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const config = path.endsWith('.toml') ? parseToml(read.text) : parseYamlMapping(read.text);
    if (!config.ok) {
      facts.artifacts.push({ kind: 'iac', tool: 'aws-sam', path, line: config.error.line ?? 1, note: 'SAM CLI configuration', problem: describeFormatError(config.error) });
      continue;
    }
    const environments = Object.keys(config.value).filter((key) => key !== 'version' && isRecord(config.value[key]));
    facts.artifacts.push({ kind: 'iac', tool: 'aws-sam', path, line: 1, note: `SAM CLI configuration, environments: ${environments.join(', ') || 'none'}` });
    for (const name of environments) {
      const stage = environmentStage(name);
      if (stage) facts.environments.push({ name, stage, path, line: lineOfText(read.text, `[${name}`) ?? lineOfText(read.text, `${name}:`) ?? 1, via: 'SAM config environment', source: 'code' });
    }
  }
}

async function cdk(snapshot: Snapshot, facts: InfraFacts): Promise<void> {
  for (const path of snapshot.glob('**/cdk.json').filter((p) => !VENDORED.test(p)).slice(0, 10)) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const config = parseJsonObject(read.text);
    if (!config.ok || typeof config.value.app !== 'string') {
      facts.artifacts.push({ kind: 'iac', tool: 'aws-cdk', path, line: config.ok ? 1 : (config.error.line ?? 1), note: 'CDK app', problem: config.ok ? 'cdk.json has no `app` command' : describeFormatError(config.error) });
      continue;
    }
    facts.artifacts.push({ kind: 'iac', tool: 'aws-cdk', path, line: 1, note: `CDK app: ${config.value.app.slice(0, 80)}` });
    facts.needs.push({ category: 'cloud', what: 'AWS account for the CDK app', path });
    // Environments in CDK context: `{"context": {"environments": {"staging": {...}, "prod": {...}}}}` or top-level stage keys.
    const context = isRecord(config.value.context) ? config.value.context : {};
    const keys = Object.entries(context).flatMap(([key, value]) => [key, ...(isRecord(value) ? Object.keys(value) : [])]);
    for (const key of unique(keys)) {
      const stage = environmentStage(key);
      if (stage) facts.environments.push({ name: key, stage, path, line: lineOfText(read.text, `"${key}"`) ?? 1, via: 'CDK context environment', source: 'code' });
    }
  }
}

async function azure(snapshot: Snapshot, facts: InfraFacts): Promise<void> {
  const bicep = snapshot.glob('**/*.bicep').filter((p) => !VENDORED.test(p)).slice(0, 100);
  if (bicep.length) {
    facts.artifacts.push({ kind: 'iac', tool: 'bicep', path: bicep[0], line: 1, note: `${bicep.length} Bicep file(s)` });
    facts.needs.push({ category: 'cloud', what: 'Azure subscription for the Bicep deployment', path: bicep[0] });
  }
  for (const path of snapshot.glob('**/*.bicepparam').filter((p) => !VENDORED.test(p)).slice(0, 50)) {
    const environment = environmentInPath(path);
    if (environment) facts.environments.push({ ...environment, path, line: 1, via: 'Bicep parameter file', source: 'code' });
  }
  const armCandidates = snapshot
    .glob(['**/azuredeploy*.json', '**/*.parameters*.json', '**/*parameters.*.json', '**/{arm,infra,infrastructure,deploy,templates}/**/*.json'])
    .filter((p) => !VENDORED.test(p) && !snapshot.isSymlink(p))
    .slice(0, 100);
  let templates = 0;
  for (const path of armCandidates) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const head = read.text.slice(0, 4096);
    if (/schemas\/[\d-]+\/deploymentTemplate\.json/i.test(head)) {
      templates++;
      facts.artifacts.push({ kind: 'iac', tool: 'arm', path, line: 1, note: 'ARM template' });
      facts.needs.push({ category: 'cloud', what: 'Azure subscription for the ARM deployment', path });
    } else if (/schemas\/[\d-]+\/deploymentParameters\.json/i.test(head)) {
      const environment = environmentInPath(path);
      if (environment) facts.environments.push({ ...environment, path, line: 1, via: 'ARM parameter file', source: 'code' });
    }
    if (templates > 20) break;
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
