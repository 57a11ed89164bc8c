// infrastructure: can the buyer rebuild and redeploy the system without the vendor? How it is built and
// run is in code, every environment is defined (dev/staging/production kept apart), there is a deployment
// path in CI or written step by step, configuration lives outside the code, and the access the buyer needs
// (cloud accounts, registries, secret stores, model and data storage) is listed. Read, never executed.
import { defineCheck, findingFrom, unit, type Evidence, type Finding } from '../src/check.js';
import type { EnvironmentStage } from '../src/formats/environment-names.js';
import { promotesModel } from '../src/infrastructure/ci-delivery.js';
import { collectInfrastructure, type InfrastructureInventory } from '../src/infrastructure/collect.js';
import { ACCESS_CATEGORY_TITLES, type AccessCategory, type AccessNeed } from '../src/infrastructure/model.js';
import { PLATFORM_TOOLS } from '../src/infrastructure/platforms.js';
import { filesAtLocations } from '../src/testing/locations.js';

const MAX_LISTED = 40;
/** A numbered procedure this long, with commands, counts as a documented deployment. */
const STEP_BY_STEP = 3;
// A training job spec (Slurm, submitit, accelerate/DeepSpeed launch config) says where and how training runs.
const RUNTIME_KINDS = new Set(['iac', 'orchestration', 'serving', 'ml-pipeline', 'training-job']);

const check = defineCheck({
  id: 'infrastructure',
  title: 'Infrastructure, environments and deployment',
  rationale:
    'A receiving team must be able to rebuild and redeploy the system on its own accounts. That needs the build and runtime in code, every environment defined, a deployment path that does not depend on a vendor engineer\'s laptop, configuration outside the code, and a list of every account, registry and store to hand over.',
  defaultWeight: 2,
  criteria: [
    { id: 'defined', title: 'Build and runtime are defined in code', weight: 2, description: 'A container definition (Dockerfile, Compose), infrastructure or orchestration code (Terraform/OpenTofu, Pulumi, CloudFormation/SAM, CDK, Bicep/ARM, Helm, Kubernetes, Kustomize) ML serving/pipeline specs (KServe, Ray Serve, BentoML, SageMaker, Kubeflow/Vertex, MLproject) or training jobs on shared compute (Slurm batch scripts, submitit, accelerate/DeepSpeed launch configs), and CI that builds. Files that do not parse cost marks.' },
    { id: 'environments', title: 'Environments are defined and kept apart', weight: 3, description: 'Two or more environments including production defined in code or CI (Terraform workspaces or per-environment tfvars/folders, Helm values per environment, Kustomize overlays, Pulumi stacks, SAM/CDK/Bicep environments, CI deployment environments). Documented only: half.' },
    { id: 'deployment', title: 'A deployment path exists outside anyone\'s laptop', weight: 3, description: 'A CI/CD step deploys (helm, kubectl, terraform apply, cloud deploy commands or actions, make deploy) for full marks; a deployment documented step by step with commands earns 0.8; numbered steps that start the repository\'s own container on a host (docker compose up) 0.5; scripts alone 0.3; training run as cluster jobs and the model published to the Hub, without any deployment, up to 0.4. Publishing a package or a GitHub release is not a deployment. A deployment only sketched in prose counts only when the repository defines what it deploys. Home-folder paths or local cluster contexts in the deployment cost marks.' },
    { id: 'configuration', title: 'Configuration is externalised', weight: 2, description: 'An example env file listing every variable the code reads (names, no secrets), or documented settings; a settings module reading the environment alone earns half. Connection targets hard-coded in code cost marks. Counts only when the repository defines how the system is built, run or deployed.' },
    { id: 'access', title: 'The access the buyer needs is listed', weight: 2, description: 'An access, handover or infrastructure document (or README section) names every kind of access the repository implies: cloud accounts, container registries, secret stores, model and data storage, the cluster and CI. Counts only when the repository defines how the system is built, run or deployed.' },
  ],
  findings: {
    'no-infrastructure': { severity: 'error', title: 'Nothing defines how the system is built or run', criterion: 'defined', remediation: 'Commit the Dockerfile that builds the service or batch job and the code that runs it (Helm chart or Kubernetes manifests, Terraform/Pulumi/CloudFormation, or the serving platform\'s spec), so the buyer can rebuild it.' },
    'no-runtime-definition': { severity: 'warning', title: 'Only a container, nothing that runs it', criterion: 'defined', remediation: 'Add the code that runs the container: Kubernetes manifests or a Helm chart, Terraform/Pulumi/CloudFormation for the cloud resources, or the serving platform spec (KServe, SageMaker, BentoML).' },
    'infra-unparsed': { severity: 'warning', title: 'Infrastructure file cannot be read', criterion: 'defined', remediation: 'Fix the file so its tool accepts it (YAML syntax, required keys such as Chart.yaml name and version).' },
    'no-environments': { severity: 'error', title: 'No environments defined', criterion: 'environments', remediation: 'Define each environment in code: per-environment Helm values (values-staging.yaml, values-production.yaml), Kustomize overlays, Terraform workspaces or tfvars files, Pulumi stacks, and CI deployment environments.' },
    'single-environment': { severity: 'warning', title: 'Only one environment', criterion: 'environments', remediation: 'Separate at least staging from production, each with its own configuration in code, so changes are tried before they reach users.' },
    'no-production-environment': { severity: 'warning', title: 'No production environment defined', criterion: 'environments', remediation: 'Define the production environment in code alongside the others (its values, variables or overlay), not only in someone\'s head.' },
    'environments-docs-only': { severity: 'warning', title: 'Environments only described in documents', criterion: 'environments', remediation: 'Turn the described environments into code: per-environment values, overlays, workspaces or stacks.' },
    'no-deployment-path': { severity: 'error', title: 'No deployment path', criterion: 'deployment', remediation: 'Add a CI/CD job that deploys (with approval for production), or document the deployment step by step with the exact commands, the access it needs and how to verify it.' },
    'deployment-not-step-by-step': { severity: 'warning', title: 'Deployment only sketched', criterion: 'deployment', remediation: 'Write the deployment as numbered steps with the commands to run and how to verify the result (docs/runbooks/deploy.md).' },
    'deployment-one-host': { severity: 'warning', title: 'Deployment documented only as starting the container on one host', criterion: 'deployment', remediation: 'Say where the system runs for its users and how it gets there: a CI job that deploys, or a runbook naming the target (cluster, cloud service, VM) with the commands and how to verify it.' },
    'deployment-undocumented': { severity: 'warning', title: 'Deploy scripts nobody documents or automates', criterion: 'deployment', remediation: 'Call the deploy script from CI, or document when and how to run it, with which access, step by step.' },
    'laptop-only-deployment': { severity: 'error', title: 'Deployment depends on a vendor engineer\'s machine', criterion: 'deployment', remediation: 'Replace home-folder paths, local cluster contexts and personal profiles with settings the buyer provides (environment variables, CI secrets, a shared kube context), and run the deployment from CI.' },
    'no-externalised-config': { severity: 'warning', title: 'Configuration not externalised', criterion: 'configuration', remediation: 'Read settings from the environment and commit an example env file (.env.example) listing every variable name, without values for secrets.' },
    'config-undocumented': { severity: 'warning', title: 'Settings read from the environment but never listed', criterion: 'configuration', remediation: 'Commit .env.example (or a documented settings table) naming every variable the code reads.' },
    'env-example-incomplete': { severity: 'info', title: 'Example env file misses variables the code reads', criterion: 'configuration', remediation: 'Add the missing names to the example env file, with a comment on what each is for.' },
    'hardcoded-config': { severity: 'warning', title: 'Configuration hard-coded', criterion: 'configuration', remediation: 'Read the value from an environment variable or settings file, and list the name in the example env file.' },
    'settings-without-infrastructure': { severity: 'info', title: 'Settings and access for a system nothing defines', criterion: 'configuration', remediation: 'Commit what builds and runs the system (a Dockerfile, IaC, a serving or platform spec, or a CI job that deploys): the settings and accounts listed then describe something the buyer can rebuild.' },
    'access-not-listed': { severity: 'error', title: 'Access the buyer needs is not listed', criterion: 'access', remediation: 'Write docs/access.md: every cloud account, container registry, secret store, model registry and data store, cluster and CI system, with who grants access and what the buyer receives at handover.' },
    'access-incomplete': { severity: 'warning', title: 'Access list misses something the system uses', criterion: 'access', remediation: 'Add the missing kind of access to the access list, naming the account, registry or store and who grants it.' },
  },
  scale: {
    high: 'Container and runtime in code, staging and production defined separately, CI deploys (or a step-by-step runbook), an example env file covering every setting, and an access list naming every account, registry, secret store and data/model store.',
    low: 'Nothing in code says how the system is built, where it runs or how it is deployed: it runs from a vendor engineer\'s laptop.',
  },
  recognises: [
    'Containers: Dockerfile/Containerfile (stages, base images), Compose files (services; compose.<env>.yaml overrides)',
    'IaC: Terraform/OpenTofu (*.tf, *.tofu: providers, backends, cloud workspaces, terraform.workspace, per-environment folders and *.tfvars, Terragrunt), Pulumi (Pulumi.yaml, Pulumi.<stack>.yaml), CloudFormation/SAM templates and samconfig environments, AWS CDK (cdk.json), Bicep (*.bicep, *.bicepparam), ARM templates and parameter files',
    'Kubernetes: Helm charts (Chart.yaml) and values-<env>.yaml, helmfile environments, Kustomize bases and overlays/<env>, manifests (namespaces, ExternalSecret/SealedSecret, images)',
    'ML pipelines and serving: Kubeflow/Vertex AI pipeline specs and DSL, KServe InferenceService, Ray Serve configs and RayService, Seldon, BentoML (bentofile.yaml, @bentoml.service), SageMaker SDK, MLflow MLproject',
    'Application platforms, recognised by content: Render blueprints (render.yaml services, environment groups, previews), Fly.io (fly.toml), Google App Engine (app.yaml with a runtime), Vercel (vercel.json), Netlify (netlify.toml contexts), Railway (railway.json/.toml), Procfile processes',
    'Training on shared compute: Slurm batch scripts (#SBATCH directives), submitit executors, accelerate launch configs with a distributed type, DeepSpeed ZeRO configs; model publishing to the Hugging Face Hub (push_to_hub: true, upload_folder)',
    'CI/CD (GitHub Actions, GitLab CI, Azure Pipelines, Jenkins, CircleCI, Bitbucket): build and deploy steps, deployment environments, registries and secrets; publishing steps (GitHub release actions, twine/npm/poetry/uv/cargo publish, `gh release create`) are releases of a package, not deployments',
    'Deployment documents: runbooks and deploy sections with numbered steps and commands; README sections with numbered steps that start the repository\'s own container (`docker compose up`, `docker run` of the image the document builds), outside sections on local development',
    'Configuration: example env files, os.environ/os.getenv/process.env reads, pydantic BaseSettings, documented settings tables, hard-coded connection targets',
    'Access lists: access/handover/infrastructure/onboarding documents and README Access/Prerequisites/Environments sections, compared with what the repository uses',
    'Declared locations (buyer policy, handover manifest, .ml-handover.yml): Markdown there is read as access and deployment documentation',
  ],
  async run(snapshot, context) {
    const inventory = await collectInfrastructure(snapshot, filesAtLocations(snapshot, context.locations));
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const basis = infrastructureBasis(inventory);
    const defined = judgeDefined(inventory, evidence, findings);
    const environments = judgeEnvironments(inventory, evidence, findings);
    const deployment = judgeDeployment(inventory, basis, evidence, findings);
    let configuration = judgeConfiguration(inventory, evidence, findings);
    let access = judgeAccess(inventory, evidence, findings);
    // Settings and an access list describe the infrastructure: with none defined they describe nothing the
    // buyer can rebuild, and must not carry the check on their own (a template's documented options, a
    // library's one environment variable).
    if (!basis && (configuration > 0 || access > 0)) {
      findings.push(findingFrom(check, 'settings-without-infrastructure', `Configuration${access > 0 ? ' and an access list are' : ' is'} documented or read, but nothing in the repository builds, runs or deploys the system (no container, infrastructure code, platform or serving spec, CI deploy step, deploy script or step-by-step deployment): they are not counted.`));
      configuration = 0;
      access = 0;
    }
    const stages = [...new Set(inventory.environments.filter((env) => env.source !== 'docs').map((env) => env.stage))];
    const summary = [
      `${inventory.artifacts.length} infrastructure artifact(s)`,
      stages.length ? `environments in code: ${stages.join(', ')}` : 'no environments in code',
      deploymentSummary(inventory, basis),
      inventory.configuration.examples.length ? `example env file ${inventory.configuration.examples[0].path}` : 'no example env file',
      inventory.accessLists.length ? `access listed in ${inventory.accessLists[0].path}` : 'no access list',
    ].join('; ');
    return {
      status: 'judged',
      criteria: { defined: unit(defined), environments: unit(environments), deployment: unit(deployment), configuration: unit(configuration), access: unit(access) },
      evidence,
      findings,
      summary: summary + '.',
    };
  },
});

export default check;

/**
 * What the rest of the check stands on: something in the repository that builds, runs or deploys the system.
 * A CI pipeline that only builds a package is not it (nothing says what runs the package); a deployment
 * written step by step with commands is.
 */
function infrastructureBasis(inventory: InfrastructureInventory): string | null {
  const artifact = inventory.artifacts.find((entry) => !entry.problem && (entry.kind === 'container' || RUNTIME_KINDS.has(entry.kind)));
  if (artifact) return artifact.path;
  const deploy = inventory.delivery.find((step) => step.role === 'deploy');
  if (deploy) return deploy.pipeline.path;
  if (inventory.deployment.scripts.length) return inventory.deployment.scripts[0].path;
  return inventory.deployment.documented.find((doc) => doc.steps >= STEP_BY_STEP && doc.commands >= 1)?.path ?? null;
}

function deploymentSummary(inventory: InfrastructureInventory, basis: string | null): string {
  if (inventory.delivery.some((step) => step.role === 'deploy')) return 'CI deploys';
  if (inventory.deployment.documented.length && basis) return 'deployment documented';
  if (inventory.deployment.containerRuns.length && basis) return 'container start documented';
  if (inventory.deployment.documented.length) return 'deployment sketched, nothing defined to deploy';
  if (inventory.delivery.some((step) => step.role === 'publish')) return 'CI publishes a package or release, no deployment path';
  return 'no deployment path';
}

function judgeDefined(inventory: InfrastructureInventory, evidence: Evidence[], findings: Finding[]): number {
  for (const artifact of inventory.artifacts.slice(0, MAX_LISTED)) {
    evidence.push({ path: artifact.path, line: artifact.line, kind: `${artifact.kind}:${artifact.tool}`, note: artifact.problem ? `${artifact.note}; not usable: ${artifact.problem}` : artifact.note });
  }
  if (inventory.artifacts.length > MAX_LISTED) evidence.push({ path: '', kind: 'infrastructure', note: `${inventory.artifacts.length - MAX_LISTED} more artifact(s) not listed` });
  const problems = inventory.artifacts.filter((artifact) => artifact.problem);
  for (const artifact of problems.slice(0, 20)) findings.push(findingFrom(check, 'infra-unparsed', `${artifact.path} (${artifact.tool}): ${artifact.problem}`, { path: artifact.path, line: artifact.line }));
  for (const problem of inventory.ciProblems.slice(0, 10)) findings.push(findingFrom(check, 'infra-unparsed', `${problem.path} (CI pipeline): ${problem.message}`, { path: problem.path, line: problem.line }));
  const usable = inventory.artifacts.filter((artifact) => !artifact.problem);
  const container = usable.some((artifact) => artifact.kind === 'container');
  const runtime = usable.some((artifact) => RUNTIME_KINDS.has(artifact.kind));
  const ciBuilds = inventory.delivery.some((step) => step.role === 'build') || usable.some((artifact) => artifact.kind === 'ci-cd');
  if (!container && !runtime) {
    findings.push(findingFrom(check, 'no-infrastructure', `No Dockerfile, Compose file, infrastructure code, Kubernetes/Helm definition or serving spec found${ciBuilds ? ' (CI builds something, but nothing says what runs it)' : ''}.`));
    return ciBuilds ? 0.1 : 0;
  }
  const compose = usable.find((artifact) => artifact.tool === 'compose');
  if (!runtime) {
    // A CI job that hands the image to a deployment kept elsewhere does say how it ships, not what runs it.
    const deploy = inventory.delivery.find((step) => step.role === 'deploy' && !promotesModel(step));
    const seen = deploy
      ? `A container is defined and ${deploy.pipeline.path} deploys it, but what runs it is not defined in this repository`
      : compose
        ? `A container is defined and ${compose.path} starts it on one host, but nothing in the repository says where it runs for its users`
        : 'A container is defined, but nothing in the repository says where and how it runs';
    findings.push(findingFrom(check, 'no-runtime-definition', `${seen} (no Helm, Kubernetes, IaC or serving spec).`));
  }
  // Container and runtime together describe the system; CI that builds it makes the build repeatable.
  const value = (container && runtime ? 0.8 : runtime ? 0.6 : 0.4) + (ciBuilds ? 0.2 : 0);
  return value - Math.min(0.3, problems.length * 0.1);
}

function judgeEnvironments(inventory: InfrastructureInventory, evidence: Evidence[], findings: Finding[]): number {
  const seen = new Set<string>();
  for (const env of inventory.environments) {
    const key = `${env.path}\0${env.name}`;
    if (seen.has(key) || seen.size >= MAX_LISTED) continue;
    seen.add(key);
    evidence.push({ path: env.path, line: env.line, kind: `environment:${env.stage}`, note: `${env.name} (${env.via})` });
  }
  const inCode = new Set<EnvironmentStage>(inventory.environments.filter((env) => env.source !== 'docs').map((env) => env.stage));
  const inDocs = new Set<EnvironmentStage>(inventory.environments.filter((env) => env.source === 'docs').map((env) => env.stage));
  const separated = [...inCode].filter((stage) => stage !== 'preview');
  if (separated.length === 0) {
    if (inDocs.size > 0) {
      findings.push(findingFrom(check, 'environments-docs-only', `Environments (${[...inDocs].join(', ')}) are described in documents, but no code or CI defines them.`, { path: inventory.environments.find((env) => env.source === 'docs')?.path }));
      return inDocs.size >= 2 ? 0.5 : 0.3;
    }
    findings.push(findingFrom(check, 'no-environments', 'No environment is defined anywhere: no per-environment values, overlays, workspaces, variable files, stacks or CI deployment environments.'));
    return 0;
  }
  if (separated.length === 1) {
    findings.push(findingFrom(check, 'single-environment', `Only one environment is defined (${separated[0]}); nothing separates trying a change from running it for users.`));
    return separated[0] === 'production' ? 0.4 : 0.3;
  }
  if (!inCode.has('production')) {
    findings.push(findingFrom(check, 'no-production-environment', `Environments ${separated.join(', ')} are defined, but not production.`));
    return 0.7;
  }
  return 1;
}

function judgeDeployment(inventory: InfrastructureInventory, basis: string | null, evidence: Evidence[], findings: Finding[]): number {
  const deploys = inventory.delivery.filter((step) => step.role === 'deploy');
  // Publishing a library (PyPI, npm, a GitHub release) hands out code to install; it runs nothing anywhere.
  const publishes = inventory.delivery.filter((step) => step.role === 'publish');
  for (const step of publishes.slice(0, 5)) evidence.push({ path: step.pipeline.path, line: step.step.line, kind: `publish-step:${step.pipeline.system}`, note: `${step.step.job}: \`${step.command.slice(0, 100)}\` (a package or release, not a deployment)` });
  for (const step of deploys.slice(0, 15)) {
    evidence.push({ path: step.pipeline.path, line: step.step.line, kind: `deploy-step:${step.pipeline.system}`, note: `${step.step.job}: \`${step.command.slice(0, 100)}\`${step.environment ? ` → ${step.environment}` : ''}` });
  }
  for (const step of inventory.delivery.filter((entry) => entry.role === 'build').slice(0, 10)) {
    evidence.push({ path: step.pipeline.path, line: step.step.line, kind: `build-step:${step.pipeline.system}`, note: `${step.step.job}: \`${step.command.slice(0, 100)}\`` });
  }
  const { documented, scripts, localOnly } = inventory.deployment;
  for (const doc of documented.slice(0, 5)) evidence.push({ path: doc.path, line: doc.line, kind: 'deployment-doc', note: `${doc.steps} step(s), ${doc.commands} command(s)` });
  for (const script of scripts.slice(0, 10)) evidence.push({ path: script.path, line: script.line, kind: 'deploy-script', note: script.name });
  const stepByStep = documented.find((doc) => doc.steps >= STEP_BY_STEP && doc.commands >= 1);
  // Starting the container needs the container: the repository must define it.
  const hasContainer = inventory.artifacts.some((artifact) => artifact.kind === 'container' && !artifact.problem);
  const containerRun = hasContainer ? inventory.deployment.containerRuns[0] : undefined;
  if (containerRun) evidence.push({ path: containerRun.path, line: containerRun.line, kind: 'container-run-doc', note: `"${containerRun.heading}": ${containerRun.steps} step(s), starts the container with \`${containerRun.command}\`` });
  // A platform file (render.yaml, fly.toml, app.yaml, vercel.json…) is the deployment: the platform runs it.
  const platform = inventory.artifacts.find((artifact) => PLATFORM_TOOLS.has(artifact.tool) && !artifact.problem);
  if (platform) evidence.push({ path: platform.path, line: platform.line, kind: 'platform-deploy', note: platform.note });
  const clusterJob = inventory.artifacts.find((artifact) => (artifact.tool === 'slurm' || artifact.tool === 'submitit') && !artifact.problem);
  const published = inventory.publishing[0];
  for (const entry of inventory.publishing.slice(0, 5)) evidence.push({ path: entry.path, line: entry.line, kind: 'model-publishing', note: `publishes the model to the Hugging Face Hub: ${entry.what}` });
  let value: number;
  if (deploys.length > 0) value = 1;
  else if (stepByStep) value = 0.8;
  else if (platform) value = 0.7;
  else if (containerRun) {
    // Any host with the image can run it, not only the vendor's; where it runs for its users is still unsaid.
    findings.push(findingFrom(check, 'deployment-one-host', `${containerRun.path} ("${containerRun.heading}") starts the repository's container step by step (\`${containerRun.command}\`), but no CI job deploys it and no document says where it runs for its users.`, { path: containerRun.path, line: containerRun.line }));
    value = 0.5;
  } else if (documented.length > 0) {
    // A sketch of deploying something nothing in the repository defines (a package release, prose on
    // "productionizing") is no deployment path of this system.
    findings.push(findingFrom(check, 'deployment-not-step-by-step', `${documented[0].path} mentions deployment (${documented[0].steps} step(s), ${documented[0].commands} command(s)) but not as a procedure someone else can follow${basis ? '' : ', and nothing in the repository defines what it would deploy'}.`, { path: documented[0].path, line: documented[0].line }));
    value = basis ? 0.4 : 0;
  } else if (scripts.length > 0) {
    findings.push(findingFrom(check, 'deployment-undocumented', `${scripts.map((script) => script.name).slice(0, 5).join(', ')} deploy${scripts.length === 1 ? 's' : ''}, but no CI job runs it and no document says when and how.`, { path: scripts[0].path, line: scripts[0].line }));
    value = 0.3;
  } else if (clusterJob || published) {
    // Training submitted to a cluster and a model published to the Hub run off any one machine, but deploy nothing.
    const seen = [clusterJob && `${clusterJob.path} runs training as cluster jobs`, published && `${published.path} publishes the model to the Hugging Face Hub (${published.what})`].filter(Boolean).join(' and ');
    findings.push(findingFrom(check, 'no-deployment-path', `${seen}, but no CI step deploys and no deployment of what it produces is documented.`, { path: (clusterJob ?? published)!.path }));
    value = clusterJob && published ? 0.4 : published ? 0.3 : 0.2;
  } else {
    const release = publishes.length ? `; ${publishes[0].pipeline.path} publishes a package or release, which puts nothing where it runs` : '';
    findings.push(findingFrom(check, 'no-deployment-path', `No CI step deploys${inventory.ciPipelines ? ` (${inventory.ciPipelines} pipeline(s) read)` : ''}, no deployment is documented and no deploy script exists${release}.`));
    value = 0;
  }
  for (const sign of localOnly.slice(0, 10)) {
    findings.push(
      findingFrom(check, 'laptop-only-deployment', `${sign.path} deploys with ${sign.what}: this works only from the machine it was written on${deploys.length ? '' : ', and no CI job deploys instead'}.`, { path: sign.path, line: sign.line, severity: deploys.length ? 'warning' : 'error' }),
    );
  }
  if (localOnly.length > 0) value *= deploys.length ? 0.8 : 0.5;
  return value;
}

function judgeConfiguration(inventory: InfrastructureInventory, evidence: Evidence[], findings: Finding[]): number {
  const { examples, readsInCode, settingsModules, documented, hardCoded, templates, configFiles } = inventory.configuration;
  for (const example of examples) evidence.push({ path: example.path, kind: 'env-example', note: `${example.names.length} variable name(s), ${example.withValues} with a default value` });
  for (const path of settingsModules.slice(0, 5)) evidence.push({ path, kind: 'settings-module', note: 'settings read from the environment' });
  for (const doc of documented.slice(0, 5)) evidence.push({ path: doc.path, line: doc.line, kind: 'settings-doc', note: `${doc.names} setting name(s) documented` });
  for (const path of templates.slice(0, 5)) evidence.push({ path, kind: 'config-template', note: 'configuration template' });
  for (const path of configFiles.slice(0, 5)) evidence.push({ path, kind: 'config-file', note: 'configuration file kept apart from the code' });
  for (const entry of inventory.configuration.setIn.slice(0, 5)) evidence.push({ path: entry.path, kind: 'settings-set', note: `sets ${entry.names.length} variable(s) the code reads: ${entry.names.slice(0, 6).join(', ')}` });
  const launched = [...inventory.configuration.launcherSet];
  if (launched.length) evidence.push({ path: '', kind: 'launcher-variables', note: `not asked of the env file, set by the launcher: ${launched.slice(0, 8).map(([name, launcher]) => `${name} (${launcher})`).join(', ')}` });
  const listed = new Set(examples.flatMap((example) => example.names));
  let value: number;
  const usableExample = examples.find((example) => example.names.length > 0);
  if (usableExample) {
    value = 1;
    const missing = [...readsInCode.entries()].filter(([name]) => !listed.has(name));
    if (missing.length > 0) {
      const [first] = missing;
      findings.push(findingFrom(check, 'env-example-incomplete', `${usableExample.path} does not list ${missing.length} variable(s) the code reads: ${missing.slice(0, 10).map(([name, where]) => `${name} (${where.path}:${where.line})`).join(', ')}${missing.length > 10 ? ', …' : ''}.`, { path: first[1].path, line: first[1].line }));
      value = missing.length > listed.size ? 0.7 : 0.85;
    }
  } else if (documented.length > 0 || templates.length > 0) value = 0.8;
  else if (configFiles.length > 0) {
    // Settings live in files apart from the code, but nothing says which of them the buyer must set.
    const unread = readsInCode.size ? ` and the code reads ${readsInCode.size} setting(s) from the environment (${[...readsInCode.keys()].slice(0, 5).join(', ')})` : '';
    findings.push(findingFrom(check, 'config-undocumented', `Configuration is kept in ${configFiles.slice(0, 3).join(', ')}${configFiles.length > 3 ? ', …' : ''}${unread}, but no example env file or document says which values the buyer must set.`, { path: configFiles[0] }));
    value = 0.6;
  }
  else if (readsInCode.size > 0 || settingsModules.length > 0) {
    const [first] = readsInCode.entries();
    // Build and CI files that set some of them show where values come from, not what the buyer must provide.
    const setIn = inventory.configuration.setIn;
    const setCount = new Set(setIn.flatMap((entry) => entry.names)).size;
    const where = setIn.length ? `; ${setIn.slice(0, 2).map((entry) => entry.path).join(' and ')} set${setIn.length === 1 ? 's' : ''} ${setCount} of them for the build or a deployment` : '';
    findings.push(findingFrom(check, 'config-undocumented', `The code reads ${readsInCode.size} setting(s) from the environment (${[...readsInCode.keys()].slice(0, 8).join(', ')})${where}, but no example env file or document lists them for the buyer.`, first ? { path: first[1].path, line: first[1].line } : {}));
    value = 0.5;
  } else {
    findings.push(findingFrom(check, 'no-externalised-config', 'No example env file, settings module or documented settings: nothing tells the buyer what must be configured, or the configuration lives in the code.'));
    value = 0;
  }
  for (const item of hardCoded.slice(0, 10)) findings.push(findingFrom(check, 'hardcoded-config', `A ${item.what} is written into the code.`, { path: item.path, line: item.line }));
  return value - Math.min(0.45, hardCoded.length * 0.15);
}

function judgeAccess(inventory: InfrastructureInventory, evidence: Evidence[], findings: Finding[]): number {
  const needed = new Map<AccessCategory, AccessNeed[]>();
  for (const need of inventory.needs) needed.set(need.category, [...(needed.get(need.category) ?? []), need]);
  for (const [category, needs] of needed) evidence.push({ path: needs[0].path, line: needs[0].line, kind: `access-need:${category}`, note: `${ACCESS_CATEGORY_TITLES[category]}: ${unique(needs.map((need) => need.what)).slice(0, 4).join('; ')}` });
  for (const list of inventory.accessLists.slice(0, 5)) evidence.push({ path: list.path, line: list.line, kind: 'access-list', note: `mentions ${[...list.covers].map((category) => ACCESS_CATEGORY_TITLES[category]).join(', ')}` });
  const covered = new Set(inventory.accessLists.flatMap((list) => [...list.covers]));
  if (inventory.accessLists.length === 0) {
    const implied = [...needed.keys()].map((category) => ACCESS_CATEGORY_TITLES[category]);
    findings.push(findingFrom(check, 'access-not-listed', `No document lists the access the buyer needs${implied.length ? `; the repository implies ${implied.join(', ')}` : ''}.`));
    return 0;
  }
  if (needed.size === 0) return covered.size >= 3 ? 1 : 0.5;
  let missing = 0;
  for (const [category, needs] of needed) {
    if (covered.has(category)) continue;
    missing++;
    const need = needs[0];
    findings.push(findingFrom(check, 'access-incomplete', `The access list (${inventory.accessLists[0].path}) does not mention any ${ACCESS_CATEGORY_TITLES[category]}, but the repository uses ${need.what}.`, { path: need.path, line: need.line }));
  }
  return (needed.size - missing) / needed.size;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
