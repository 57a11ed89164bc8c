// What the CI/CD pipelines do for delivery: which steps build an image or package, which deploy (helm,
// kubectl, terraform/tofu apply, pulumi up, sam/cdk deploy, az/gcloud/aws deploy commands, deploy actions,
// tasks, pipes and orbs, `make deploy`, `deploy*.sh`), which only publish a package or a release, to which
// environment, and what they log in to. Pure over parsed pipelines: pipelines in, facts out.
import type { CiPipeline, CiStep } from '../formats/ci-pipelines.js';
import { environmentStage } from '../formats/environment-names.js';
import { commandLines } from '../formats/shell-references.js';
import { registryOf } from './containers.js';
import { emptyFacts, type InfraFacts } from './model.js';

export interface DeliveryStep {
  pipeline: CiPipeline;
  step: CiStep;
  /**
   * `publish`: the step releases a package or a GitHub release (PyPI, npm, crates.io, release actions). That
   * distributes a library for others to install; it puts no system anywhere it runs, so it is not a deployment.
   */
  role: 'build' | 'deploy' | 'publish';
  /** The command line (or action) that does it. */
  command: string;
  /** The environment it targets, from the job's environment or the command (`ENV=staging`). */
  environment: string | null;
}

const DEPLOY_COMMAND =
  /\bhelm\b[^|;&\n]{0,200}?\s(upgrade|install)\b|\bhelmfile\b[^|;&\n]{0,200}?\s(apply|sync)\b|\bkubectl\b[^|;&\n]{0,200}?\s(apply|rollout|set\s+image|replace)\b|\b(terraform|tofu|terragrunt)\s+(apply|run-all\s+apply)\b|\bpulumi\s+up\b|\bsam\s+deploy\b|\bcdk\s+deploy\b|\baz\s+(deployment\s+(group|sub)\s+create|webapp\s+(deploy|up)|containerapp\s+(update|up)|ml\s+online-deployment)\b|\bgcloud\s+(run\s+deploy|app\s+deploy|functions\s+deploy|ai\s+endpoints\s+deploy-model)\b|\baws\s+(ecs\s+update-service|deploy\s+create-deployment|sagemaker\s+(create|update)-endpoint|cloudformation\s+deploy|lambda\s+update-function-code)\b|\b(serverless|sls)\s+deploy\b|\bargocd\s+app\s+sync\b|\bflux\s+reconcile\b|\bbentoml\s+deploy\b|\bmlflow\s+deployments\s+(create|update)\b|\bmodal\s+deploy\b|\bmake\s+(-\S+\s+)*(deploy|release|rollout|promote)[\w-]*\b|(^|\s)(bash\s+|sh\s+)?\.?\/?[\w./-]*(deploy|release|rollout)[\w-]*\.sh\b|\bdocker\s+stack\s+deploy\b|\bskaffold\s+(run|deploy)\b/;
const PROMOTE_COMMAND = /\b(register[_-]model|promote[_-]model|transition[_-]model[_-]version[_-]stage|set[_-]registered[_-]model[_-]alias)\b/i;
const PRODUCTION_JOB = /\bprod(uction)?\b/i;
const DEPLOY_ACTION = /^(uses|task|pipe|orb|orb-job|build job) \S*(deploy|helm|kubectl|k8s|kubernetes|ecs|eks|aks|gke|cloudrun|cloud-run|webapp|web-app|terraform|cloudformation|sam-|lambda|argocd|release|rollout|promote)/i;
const NOT_DEPLOY_ACTION = /^(uses|task|pipe|orb) \S*(setup|install|login|lint|test|checkout|cache|scan)/i;
/** Releasing a library: GitHub releases, package registries. Checked before the deploy patterns, which match `release`. */
const PUBLISH_ACTION = /^uses (softprops\/action-gh-release|actions\/create-release|ncipollo\/release-action|release-drafter\/release-drafter|(google-github-actions|googleapis)\/release-please-action|cycjimmy\/semantic-release-action|pypa\/gh-action-pypi-publish|goreleaser\/goreleaser-action|JS-DevTools\/npm-publish)@/i;
const PUBLISH_COMMAND = /\btwine\s+upload\b|\b(npm|yarn|pnpm)\s+publish\b|\b(poetry|uv|hatch|flit|pdm)\s+publish\b|\bgh\s+release\s+create\b|\bcargo\s+publish\b|\bgem\s+push\b|\bsemantic-release\b/;
const BUILD_COMMAND = /\b(docker|podman)\s+(build|buildx\s+build|push|compose\s+build)\b|\bbuildah\s+(bud|build|push)\b|\b(kaniko|executor)\b.*--destination|\bgcloud\s+builds\s+submit\b|\baz\s+acr\s+build\b|\bpack\s+build\b|\bbentoml\s+(build|containerize)\b|\bmake\s+(image|docker|container|build)[\w-]*\b|\b(python\s+-m\s+build|poetry\s+build|uv\s+build|hatch\s+build)\b/;
const BUILD_ACTION = /^(uses docker\/build-push-action|task Docker@\d|task DockerCompose@|pipe atlassian\/(aws-ecr-push-image|docker)|orb (docker|aws-ecr|gcp-gcr)\/(build|publish|build-and-push))/i;
const ENV_ARGUMENT = /\b(?:ENV|ENVIRONMENT|STAGE|DEPLOY_ENV|TARGET_ENV|env|environment|stage|deployment-type|deployment_type)[= ]["']?([\w-]{2,40})|\bworkspace\s+select\s+([\w-]{2,40})|\b(?:--values|-f)\s+\S*values[-_.]([\w-]{2,40})\.ya?ml|\b--stack\s+([\w-]{2,40})|--config-env\s+([\w-]{2,40})/g;

export function deliverySteps(pipelines: readonly CiPipeline[]): DeliveryStep[] {
  const found: DeliveryStep[] = [];
  for (const pipeline of pipelines) {
    for (const step of pipeline.steps) {
      if (step.kind === 'action') {
        if (PUBLISH_ACTION.test(step.command)) found.push({ pipeline, step, role: 'publish', command: step.command.slice(0, 160), environment: step.environment });
        else if (DEPLOY_ACTION.test(step.command) && !NOT_DEPLOY_ACTION.test(step.command)) found.push({ pipeline, step, role: 'deploy', command: step.command.slice(0, 160), environment: step.environment ?? environmentArgument(step.command) });
        else if (BUILD_ACTION.test(step.command)) found.push({ pipeline, step, role: 'build', command: step.command.slice(0, 160), environment: step.environment });
        continue;
      }
      for (const line of commandLines(step.command)) {
        const text = line.text.slice(0, 2000); // bounded: the patterns below backtrack within a line
        if (DEPLOY_COMMAND.test(text) || namedDeploy(step, text)) found.push({ pipeline, step, role: 'deploy', command: text.slice(0, 160), environment: step.environment ?? environmentArgument(text) ?? environmentInJobName(step.job) });
        // Promoting a model in the registry from a production job is how CD4ML-style pipelines release it.
        else if (PROMOTE_COMMAND.test(text) && PRODUCTION_JOB.test(step.job)) found.push({ pipeline, step, role: 'deploy', command: text.slice(0, 160), environment: step.environment ?? 'production' });
        else if (PUBLISH_COMMAND.test(text)) found.push({ pipeline, step, role: 'publish', command: text.slice(0, 160), environment: step.environment });
        else if (BUILD_COMMAND.test(text)) found.push({ pipeline, step, role: 'build', command: text.slice(0, 160), environment: step.environment });
      }
    }
  }
  return found;
}

/**
 * A step its author named a deployment (`- name: Deploy the agent`) whose command deploys with a tool the
 * list above does not know (`uv run mda deploy .`): both the name and the command say so.
 */
function namedDeploy(step: CiStep, text: string): boolean {
  if (!/\bdeploy/i.test(step.name ?? '')) return false;
  // `<tool> deploy …`, possibly through a runner (`uv run mda deploy .`); never `echo "… deploy …"`.
  const command = /^(?:(?:uv|poetry|pipenv|pdm|hatch|rye)\s+run\s+|(?:npx|bunx|pnpm\s+exec|yarn)\s+)?([\w.-]+)\s+deploy(\s|$)/.exec(text.trim());
  return command !== null && !/^(echo|printf|cat)$/.test(command[1]);
}

/** `DeployToProd`, `deploy-staging`: a deploy job named for the stage it deploys to. */
function environmentInJobName(job: string): string | null {
  if (!/deploy|release|rollout|promot/i.test(job)) return null;
  const words = job.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_./:-]+/).filter(Boolean);
  return words.find((word) => !/^(deploy|release|rollout|promote)/i.test(word) && environmentStage(word) !== null)?.toLowerCase() ?? null;
}

/** A deploy step that promotes a model in its registry (`register_model … yes`), not one that ships an image. */
export function promotesModel(step: DeliveryStep): boolean {
  return PROMOTE_COMMAND.test(step.command);
}

/** The environment a deploy command names (`make deploy ENV=staging`, `-f values-prod.yaml`, `--stack prod`). */
export function environmentArgument(command: string): string | null {
  for (const match of command.slice(0, 2000).matchAll(ENV_ARGUMENT)) {
    const name = match.slice(1).find((group) => group !== undefined);
    if (name && environmentStage(name)) return name;
  }
  return null;
}

/** CI pipelines as infrastructure facts: the pipelines, their deployment environments, registries and secrets. */
export function ciDeliveryFacts(pipelines: readonly CiPipeline[], steps: readonly DeliveryStep[]): InfraFacts {
  const facts = emptyFacts();
  for (const pipeline of pipelines) {
    const mine = steps.filter((step) => step.pipeline === pipeline);
    const roles = [mine.some((step) => step.role === 'build') ? 'builds' : '', mine.some((step) => step.role === 'deploy') ? 'deploys' : '', mine.some((step) => step.role === 'publish') ? 'publishes a package or release' : ''].filter(Boolean);
    if (roles.length) facts.artifacts.push({ kind: 'ci-cd', tool: pipeline.system, path: pipeline.path, line: mine[0].step.line, note: `${pipeline.name}: ${roles.join(' and ')}${unique(mine.map((step) => step.environment).filter(Boolean)).length ? ` (${unique(mine.map((step) => step.environment).filter(Boolean)).join(', ')})` : ''}` });
    for (const environment of pipeline.environments) {
      const stage = environmentStage(environment.name);
      if (stage) facts.environments.push({ name: environment.name, stage, path: pipeline.path, line: environment.line, via: `${pipeline.system} environment`, source: 'ci' });
    }
    // The pipeline's secrets live in the CI system ("CI/CD system and its secrets"), not in a secret store of
    // their own: one need, not two findings for the same names.
    if (pipeline.secrets.length) {
      facts.needs.push({ category: 'ci', what: `CI secrets ${pipeline.secrets.slice(0, 8).join(', ')}${pipeline.secrets.length > 8 ? ', …' : ''}`, path: pipeline.path });
    }
    for (const step of pipeline.steps) {
      for (const match of step.command.slice(0, 20_000).matchAll(/\bregistry=([\w.-]+\.[a-z]{2,}(?::\d+)?)|\bdocker\s+login\s+(?:-\S+\s+\S+\s+)*([\w.-]+\.[a-z]{2,}(?::\d+)?)|\b(?:tags|-t|--tag)[= ]\s*([\w.-]+\.[a-z]{2,}(?::\d+)?\/[\w./-]+)/g)) {
        const registry = match[1] ?? match[2] ?? (match[3] ? registryOf(match[3]) : null);
        if (registry) facts.needs.push({ category: 'registry', what: `registry ${registry}`, path: pipeline.path, line: step.line });
      }
    }
  }
  for (const step of steps.filter((entry) => entry.role === 'deploy')) {
    if (/\b(helm|kubectl|kustomize|argocd|flux|skaffold|k8s|kubernetes|aks|eks|gke)\b/i.test(step.command)) facts.needs.push({ category: 'cluster', what: `the cluster \`${step.command.slice(0, 60)}\` deploys to`, path: step.pipeline.path, line: step.step.line });
    if (/\b(terraform|tofu|pulumi|sam|cdk|aws|gcloud|az|cloudformation)\b/i.test(step.command)) facts.needs.push({ category: 'cloud', what: `the cloud account \`${step.command.slice(0, 60)}\` deploys to`, path: step.pipeline.path, line: step.step.line });
  }
  for (const step of steps) {
    if (step.role !== 'deploy' || !step.environment || step.step.environment) continue;
    const stage = environmentStage(step.environment);
    if (stage) facts.environments.push({ name: step.environment, stage, path: step.pipeline.path, line: step.step.line, via: 'deploy command argument', source: 'ci' });
  }
  if (pipelines.length) facts.needs.push({ category: 'ci', what: `${pipelines[0].system} pipelines`, path: pipelines[0].path });
  return facts;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
