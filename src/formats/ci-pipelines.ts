// CI/CD pipeline definitions read for what they run: every shell step (or action/task/pipe/orb call) with
// its job, line, deployment environment, whether its failure is tolerated, and the events that start it.
// YAML systems (structure from each vendor's reference):
// - GitHub Actions `.github/workflows/*.yml`: `on`, `jobs.<id>.{steps[].run|uses, environment, continue-on-error, uses}`;
// - GitLab CI `.gitlab-ci.yml`: top-level jobs (not the reserved keys), `script`/`before_script`/`after_script`,
//   `extends` from hidden `.templates`, `environment`, `allow_failure`, local `include`s;
// - Azure Pipelines `azure-pipelines.yml`: `stages[].jobs[].steps[]` or `jobs[]` or `steps[]`, deployment jobs
//   (`deployment`, `environment`, `strategy.<runOnce|rolling|canary>.<hook>.steps`), `script|bash|pwsh|powershell|task`;
// - CircleCI `.circleci/config.yml`: `jobs.<id>.steps[]` (`run`, orb commands, reusable `commands`), workflow orb jobs;
// - Bitbucket Pipelines `bitbucket-pipelines.yml`: `pipelines.{default,branches,pull-requests,tags,custom}` with
//   `step`, `parallel` and `stage` items, `script`, `deployment`, `trigger: manual`;
// - Google Cloud Build `cloudbuild.yaml`: `steps[]` with `name` (builder image), `entrypoint`, `args`, `script`,
//   `allowFailure` (its triggers live in the project, not the file: every push);
// - Buildkite `.buildkite/pipeline.yml`: `steps[]` with `command`/`commands`, `group` steps, `soft_fail`;
// - Travis CI `.travis.yml`: `before_install`/`install`/`before_script`/`script` at the top and in
//   `jobs.include` (or `matrix.include`), the language's default `script` when none is given, `allow_failures`;
// - Drone `.drone.yml`: one or more `kind: pipeline` documents, `steps[].commands`, `failure: ignore`,
//   `trigger.event` and `when.event`.
// Jenkinsfiles are Groovy and read as text in jenkinsfile.ts. Pure: text in, pipeline out; never executed.
import { describeFormatError, failed, parsed, type Parsed } from './result.js';
import { yamlLocator } from './yaml-locate.js';
import { parseYaml } from './yaml.js';
import { readJenkinsfile } from './jenkinsfile.js';

export type CiSystem = 'github-actions' | 'gitlab-ci' | 'azure-pipelines' | 'jenkins' | 'circleci' | 'bitbucket-pipelines' | 'cloud-build' | 'buildkite' | 'travis' | 'drone';

/** What starts a step: code pushed or proposed, a schedule, a person, another pipeline. `null`: the system's default (every push). */
export type CiTrigger = 'push' | 'pull_request' | 'tag' | 'schedule' | 'manual' | 'call' | 'other';

export interface CiStep {
  job: string;
  name: string | null;
  /** The shell script as written, or for a non-shell step `uses <action>` / `task <name>` / `pipe <name>` / `orb <command>` plus its inputs. */
  command: string;
  kind: 'script' | 'action';
  line: number;
  /** `continue-on-error`, `allow_failure`, `continueOnError`: the pipeline passes even when this step fails. */
  allowFailure: boolean;
  /** The deployment environment the step's job targets, when the pipeline declares one. */
  environment: string | null;
  /** Events that run this step; null means the system default (every push). */
  triggers: CiTrigger[] | null;
  /** The folder the step runs in, when the pipeline sets one (`working-directory`, `workingDirectory`, `working_directory`). */
  workingDirectory?: string;
}

export interface CiEnvironment {
  name: string;
  job: string;
  line: number;
}

export interface CiPipeline {
  system: CiSystem;
  path: string;
  name: string;
  steps: CiStep[];
  environments: CiEnvironment[];
  /** Secret names the file references (`secrets.NAME`), for the access list. */
  secrets: string[];
  /** Repository files this pipeline pulls in or calls (reusable workflows, local includes, templates). */
  calls: string[];
}

const MAX_STEPS = 2000;
const MAX_TEXT = 2 * 1024 * 1024;
const YAML_LIMITS = { maxAliases: 200 };

/** Where each system keeps its pipelines (case-insensitive globs). */
export const CI_LOCATIONS: Readonly<Record<CiSystem, readonly string[]>> = {
  'github-actions': ['.github/workflows/*.{yml,yaml}'],
  'gitlab-ci': ['.gitlab-ci.yml', '.gitlab-ci.yaml', '.gitlab/ci/**/*.{yml,yaml}', '**/*.gitlab-ci.yml'],
  'azure-pipelines': ['azure-pipelines.{yml,yaml}', '**/azure-pipelines*.{yml,yaml}', '{.azure-pipelines,.azuredevops,.pipelines,azure-pipelines,pipelines}/**/*.{yml,yaml}'],
  jenkins: ['Jenkinsfile', '**/Jenkinsfile', '**/Jenkinsfile.*', '**/*.jenkinsfile', '**/*.Jenkinsfile'],
  circleci: ['.circleci/config.{yml,yaml}'],
  'bitbucket-pipelines': ['bitbucket-pipelines.{yml,yaml}'],
  'cloud-build': ['**/cloudbuild*.{yml,yaml,json}'],
  buildkite: ['.buildkite/*.{yml,yaml}', 'buildkite.{yml,yaml}'],
  travis: ['.travis.yml', '.travis.yaml'],
  drone: ['.drone.yml', '.drone.yaml'],
};

export function ciSystemOfPath(path: string): CiSystem | null {
  const lower = path.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(lower)) return 'github-actions';
  if (base === '.gitlab-ci.yml' || base === '.gitlab-ci.yaml' || base.endsWith('.gitlab-ci.yml') || /^\.gitlab\/ci\/.+\.ya?ml$/.test(lower)) return 'gitlab-ci';
  if (/^\.circleci\/config\.ya?ml$/.test(lower)) return 'circleci';
  if (/^bitbucket-pipelines\.ya?ml$/.test(lower)) return 'bitbucket-pipelines';
  if (/^cloudbuild[^/]*\.(ya?ml|json)$/.test(base)) return 'cloud-build';
  if (/^\.buildkite\/[^/]+\.ya?ml$/.test(lower) || /^buildkite\.ya?ml$/.test(lower)) return 'buildkite';
  if (/^\.travis\.ya?ml$/.test(lower)) return 'travis';
  if (/^\.drone\.ya?ml$/.test(lower)) return 'drone';
  if (base === 'jenkinsfile' || base.startsWith('jenkinsfile.') || base.endsWith('.jenkinsfile')) return 'jenkins';
  if (/^(?=([^]*)azure-pipelines)\1azure-pipelines[^/]*\.ya?ml$/.test(base) || /^(\.azure-pipelines|\.azuredevops|\.pipelines|azure-pipelines|pipelines)\/.+\.ya?ml$/.test(lower)) return 'azure-pipelines';
  return null;
}

/**
 * Whether a YAML file found in a generic folder (`pipelines/`, `.pipelines/`) is an Azure Pipelines
 * definition rather than, say, an ML pipeline or DVC stages: it must have Azure's top-level shape.
 */
export function isAzurePipelineShape(value: Record<string, unknown>): boolean {
  if (['trigger', 'pr', 'pool', 'jobs', 'steps', 'extends', 'resources', 'schedules'].some((key) => key in value)) return true;
  return Array.isArray(value.stages);
}

function inGenericPipelineFolder(path: string): boolean {
  return /^\.?pipelines\//i.test(path) && !/azure-pipelines/i.test(path.slice(path.lastIndexOf('/') + 1));
}

/**
 * Reads a pipeline file. `null` means the file is not a pipeline of that system after all (a YAML file in
 * a generic `pipelines/` folder without Azure's shape) and should be left alone.
 */
export function readCiPipeline(system: CiSystem, path: string, input: string): Parsed<CiPipeline | null> {
  if (input.length > MAX_TEXT) return failed(`larger than ${MAX_TEXT} characters: not read`);
  if (system === 'jenkins') return parsed(readJenkinsfile(path, input));
  if (system === 'drone') return readDrone(path, input);
  const document = parseYaml(input, YAML_LIMITS);
  if (!document.ok) return inGenericPipelineFolder(path) && system === 'azure-pipelines' ? parsed(null) : document;
  if (!isRecord(document.value)) {
    if (system === 'azure-pipelines' && inGenericPipelineFolder(path)) return parsed(null);
    return document.value === null || document.value === undefined ? failed('empty pipeline file') : failed('expected a mapping at the top level');
  }
  if (system === 'azure-pipelines' && inGenericPipelineFolder(path) && !isAzurePipelineShape(document.value)) return parsed(null);
  const builder = new PipelineBuilder(system, path, input);
  switch (system) {
    case 'github-actions':
      readGithubActions(document.value, builder);
      break;
    case 'gitlab-ci':
      readGitlabCi(document.value, builder);
      break;
    case 'azure-pipelines':
      readAzurePipelines(document.value, builder);
      break;
    case 'circleci':
      readCircleCi(document.value, builder);
      break;
    case 'bitbucket-pipelines':
      readBitbucket(document.value, builder);
      break;
    case 'cloud-build':
      readCloudBuild(document.value, builder);
      break;
    case 'buildkite':
      buildkiteSteps(document.value.steps, ['steps'], '(pipeline)', builder, 0);
      break;
    case 'travis':
      readTravis(document.value, builder);
      break;
  }
  return parsed(builder.pipeline);
}

/** The parse error of a pipeline file in one line, for findings. */
export function describeCiError(error: { message: string; line?: number; column?: number }): string {
  return describeFormatError(error);
}

class PipelineBuilder {
  readonly pipeline: CiPipeline;
  readonly locate: (path: Array<string | number>, keyOnly?: boolean) => number;

  /** `firstLine`: where `text` starts in the file (a later document of a multi-document file). */
  constructor(system: CiSystem, path: string, text: string, firstLine = 1) {
    this.pipeline = { system, path, name: path.slice(path.lastIndexOf('/') + 1), steps: [], environments: [], secrets: secretNames(text), calls: [] };
    const locator = yamlLocator(text);
    this.locate = (at, keyOnly) => (locator(at, keyOnly)?.line ?? 1) + firstLine - 1;
  }

  step(step: Omit<CiStep, 'line'>, at: Array<string | number>): void {
    if (this.pipeline.steps.length >= MAX_STEPS || !step.command.trim()) return;
    this.pipeline.steps.push({ ...step, command: step.command.slice(0, 20_000), line: this.locate(at) });
  }

  environment(name: string | null, job: string, at: Array<string | number>): void {
    if (!name || this.pipeline.environments.some((env) => env.name === name && env.job === job)) return;
    this.pipeline.environments.push({ name, job, line: this.locate(at, true) });
  }

  call(target: string): void {
    if (target.includes('@') && this.pipeline.system === 'azure-pipelines') return; // a template in another repository
    const clean = target.replace(/^\.?\//, '').split('@')[0];
    if (clean && !this.pipeline.calls.includes(clean)) this.pipeline.calls.push(clean);
  }
}

// ---------------------------------------------------------------- GitHub Actions

const GITHUB_TRIGGERS: Record<string, CiTrigger> = {
  push: 'push',
  pull_request: 'pull_request',
  pull_request_target: 'pull_request',
  merge_group: 'pull_request',
  schedule: 'schedule',
  workflow_dispatch: 'manual',
  repository_dispatch: 'manual',
  workflow_call: 'call',
  release: 'tag',
};

function readGithubActions(workflow: Record<string, unknown>, builder: PipelineBuilder): void {
  if (typeof workflow.name === 'string') builder.pipeline.name = workflow.name;
  const on = workflow.on ?? workflow.true; // a YAML 1.1 reader turns the `on` key into `true`
  const events = typeof on === 'string' ? [on] : Array.isArray(on) ? on.filter((e): e is string => typeof e === 'string') : isRecord(on) ? Object.keys(on) : [];
  const triggers = unique(events.map((event) => GITHUB_TRIGGERS[event] ?? 'other'));
  for (const [jobId, job] of Object.entries(isRecord(workflow.jobs) ? workflow.jobs : {})) {
    if (!isRecord(job)) continue;
    const environment = environmentName(job.environment);
    builder.environment(environment, jobId, ['jobs', jobId, 'environment']);
    const jobAllowsFailure = job['continue-on-error'] === true;
    const jobDirectory = workingDirectoryOf(job.defaults) ?? workingDirectoryOf(workflow.defaults);
    if (typeof job.uses === 'string') {
      // A reusable workflow: its steps live in the called file and run with this workflow's triggers.
      if (job.uses.startsWith('./')) builder.call(job.uses);
      builder.step({ job: jobId, name: str(job.name), command: `uses ${job.uses}${inputsText(job.with)}`, kind: 'action', allowFailure: jobAllowsFailure, environment, triggers }, ['jobs', jobId, 'uses']);
    }
    const steps = Array.isArray(job.steps) ? job.steps : [];
    steps.forEach((step, index) => {
      if (!isRecord(step)) return;
      const allowFailure = jobAllowsFailure || step['continue-on-error'] === true;
      const base = { job: jobId, name: str(step.name), allowFailure, environment, triggers };
      const workingDirectory = str(step['working-directory']) ?? jobDirectory;
      if (typeof step.run === 'string') builder.step({ ...base, command: step.run, kind: 'script', ...(workingDirectory ? { workingDirectory } : {}) }, ['jobs', jobId, 'steps', index]);
      else if (typeof step.uses === 'string') builder.step({ ...base, command: `uses ${step.uses}${inputsText(step.with)}`, kind: 'action' }, ['jobs', jobId, 'steps', index]);
    });
  }
}

// ---------------------------------------------------------------- GitLab CI

const GITLAB_RESERVED = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'types', 'spec']);

function readGitlabCi(config: Record<string, unknown>, builder: PipelineBuilder): void {
  for (const include of listOf(config.include)) {
    const local = typeof include === 'string' ? include : isRecord(include) && typeof include.local === 'string' ? include.local : null;
    if (local && !/^https?:/i.test(local)) builder.call(local);
  }
  const jobs = Object.entries(config).filter(([key, value]) => !GITLAB_RESERVED.has(key) && isRecord(value));
  const templates = new Map(jobs.filter(([key]) => key.startsWith('.')).map(([key, value]) => [key, value as Record<string, unknown>]));
  const defaults = isRecord(config.default) ? config.default : {};
  const defaultBefore = scriptText(defaults.before_script ?? config.before_script);
  if (defaultBefore) builder.step({ job: '(default)', name: 'before_script', command: defaultBefore, kind: 'script', allowFailure: false, environment: null, triggers: null }, [isRecord(config.default) ? 'default' : 'before_script']);
  for (const [jobId, raw] of jobs) {
    if (jobId.startsWith('.')) continue; // hidden jobs are templates: they run only through `extends`
    const job = withTemplates(raw as Record<string, unknown>, templates);
    const environment = environmentName(job.environment);
    builder.environment(environment, jobId, [jobId, 'environment']);
    const allowFailure = job.allow_failure === true || isRecord(job.allow_failure);
    const manual = job.when === 'manual';
    const triggers: CiTrigger[] | null = manual ? ['manual'] : onlySchedules(job) ? ['schedule'] : null;
    if (typeof job.trigger === 'string' || isRecord(job.trigger)) {
      const include = isRecord(job.trigger) ? job.trigger.include : job.trigger;
      for (const item of listOf(include)) {
        const local = typeof item === 'string' ? item : isRecord(item) && typeof item.local === 'string' ? item.local : null;
        if (local) builder.call(local);
      }
    }
    for (const key of ['before_script', 'script', 'after_script'] as const) {
      const script = scriptText(job[key]);
      if (script) builder.step({ job: jobId, name: key === 'script' ? str(job.stage) : key, command: script, kind: 'script', allowFailure, environment, triggers }, [jobId, key]);
    }
  }
}

/** A job merged over the hidden templates it `extends` (nearest wins, two levels deep). */
function withTemplates(job: Record<string, unknown>, templates: Map<string, Record<string, unknown>>, depth = 0): Record<string, unknown> {
  const names = listOf(job.extends).filter((name): name is string => typeof name === 'string');
  if (names.length === 0 || depth > 2) return job;
  let merged: Record<string, unknown> = {};
  for (const name of names) {
    const template = templates.get(name);
    if (template) merged = { ...merged, ...withTemplates(template, templates, depth + 1) };
  }
  return { ...merged, ...job };
}

function onlySchedules(job: Record<string, unknown>): boolean {
  const only = job.only;
  const refs = Array.isArray(only) ? only : isRecord(only) && Array.isArray(only.refs) ? only.refs : null;
  if (refs && refs.length > 0 && refs.every((ref) => ref === 'schedules')) return true;
  const rules = Array.isArray(job.rules) ? job.rules : [];
  return rules.length > 0 && rules.every((rule) => isRecord(rule) && typeof rule.if === 'string' && /CI_PIPELINE_SOURCE\s*==\s*["']schedule["']/.test(rule.if));
}

// ---------------------------------------------------------------- Azure Pipelines

const AZURE_SCRIPT_KEYS = ['script', 'bash', 'pwsh', 'powershell'] as const;
const AZURE_HOOKS = ['preDeploy', 'deploy', 'routeTraffic', 'postRouteTraffic'] as const;

function readAzurePipelines(config: Record<string, unknown>, builder: PipelineBuilder): void {
  if (typeof config.name === 'string' && !config.name.includes('$')) builder.pipeline.name = config.name;
  const triggers: CiTrigger[] = [];
  if (config.trigger !== 'none') triggers.push('push');
  if (config.pr !== 'none') triggers.push('pull_request');
  if (Array.isArray(config.schedules) && config.schedules.length > 0) triggers.push('schedule');
  if (typeof config.extends === 'string') builder.call(config.extends);
  else if (isRecord(config.extends) && typeof config.extends.template === 'string') builder.call(config.extends.template);
  const stages = Array.isArray(config.stages) ? config.stages : null;
  if (stages) {
    stages.forEach((stage, s) => {
      if (!isRecord(stage)) return;
      if (typeof stage.template === 'string') builder.call(stage.template);
      azureJobs(stage.jobs, ['stages', s, 'jobs'], builder, triggers, str(stage.stage));
    });
  } else if (Array.isArray(config.jobs)) azureJobs(config.jobs, ['jobs'], builder, triggers, null);
  else azureSteps(config.steps, ['steps'], builder, { job: '(pipeline)', environment: null, allowFailure: false, triggers });
}

function azureJobs(jobs: unknown, at: Array<string | number>, builder: PipelineBuilder, triggers: CiTrigger[], stage: string | null): void {
  if (!Array.isArray(jobs)) return;
  jobs.forEach((job, j) => {
    if (!isRecord(job)) return;
    if (typeof job.template === 'string') builder.call(job.template);
    const id = str(job.job) ?? str(job.deployment) ?? `${stage ?? 'job'}[${j}]`;
    const environment = environmentName(job.environment);
    builder.environment(environment, id, [...at, j, 'environment']);
    const context = { job: id, environment, allowFailure: job.continueOnError === true, triggers };
    azureSteps(job.steps, [...at, j, 'steps'], builder, context);
    const strategy = isRecord(job.strategy) ? job.strategy : {};
    for (const [kind, body] of Object.entries(strategy)) {
      if (!isRecord(body)) continue;
      for (const hook of AZURE_HOOKS) {
        const hookBody = body[hook];
        if (isRecord(hookBody)) azureSteps(hookBody.steps, [...at, j, 'strategy', kind, hook, 'steps'], builder, context);
      }
      if (isRecord(body.on)) {
        for (const outcome of ['failure', 'success']) {
          const hookBody = body.on[outcome];
          if (isRecord(hookBody)) azureSteps(hookBody.steps, [...at, j, 'strategy', kind, 'on', outcome, 'steps'], builder, context);
        }
      }
    }
  });
}

function azureSteps(
  steps: unknown,
  at: Array<string | number>,
  builder: PipelineBuilder,
  context: { job: string; environment: string | null; allowFailure: boolean; triggers: CiTrigger[] },
): void {
  if (!Array.isArray(steps)) return;
  steps.forEach((step, index) => {
    if (!isRecord(step)) return;
    const base = { job: context.job, name: str(step.displayName) ?? str(step.name), allowFailure: context.allowFailure || step.continueOnError === true, environment: context.environment, triggers: context.triggers };
    if (typeof step.template === 'string') builder.call(step.template);
    const key = AZURE_SCRIPT_KEYS.find((candidate) => typeof step[candidate] === 'string');
    const workingDirectory = str(step.workingDirectory);
    if (key) builder.step({ ...base, command: step[key] as string, kind: 'script', ...(workingDirectory ? { workingDirectory } : {}) }, [...at, index]);
    else if (typeof step.task === 'string') builder.step({ ...base, command: `task ${step.task}${inputsText(step.inputs)}`, kind: 'action' }, [...at, index]);
  });
}

// ---------------------------------------------------------------- CircleCI

function readCircleCi(config: Record<string, unknown>, builder: PipelineBuilder): void {
  const commands = isRecord(config.commands) ? config.commands : {};
  const jobs = isRecord(config.jobs) ? config.jobs : {};
  const used = new Set<string>();
  for (const workflow of Object.values(isRecord(config.workflows) ? config.workflows : {})) {
    if (!isRecord(workflow)) continue;
    for (const entry of Array.isArray(workflow.jobs) ? workflow.jobs : []) {
      const name = typeof entry === 'string' ? entry : isRecord(entry) ? Object.keys(entry)[0] : undefined;
      if (!name) continue;
      used.add(name);
      // An orb job (`python/test`) runs the orb's own steps; record the call so a caller can recognise it.
      if (name.includes('/') && !(name in jobs)) {
        const settings = isRecord(entry) && isRecord(entry[name]) ? (entry[name] as Record<string, unknown>) : {};
        builder.step({ job: name, name: str(settings.name), command: `orb-job ${name}${inputsText(settings)}`, kind: 'action', allowFailure: false, environment: null, triggers: null }, ['workflows']);
      }
    }
  }
  for (const [jobId, job] of Object.entries(jobs)) {
    if (!isRecord(job)) continue;
    circleSteps(job.steps, ['jobs', jobId, 'steps'], jobId, builder, commands, 0);
  }
}

function circleSteps(steps: unknown, at: Array<string | number>, job: string, builder: PipelineBuilder, commands: Record<string, unknown>, depth: number): void {
  if (!Array.isArray(steps) || depth > 3) return;
  steps.forEach((step, index) => {
    const base = { job, allowFailure: false, environment: null, triggers: null };
    if (typeof step === 'string') {
      const reusable = commands[step];
      if (isRecord(reusable)) circleSteps(reusable.steps, [...at, index], job, builder, commands, depth + 1);
      return;
    }
    if (!isRecord(step)) return;
    const [key, body] = Object.entries(step)[0] ?? [];
    if (!key) return;
    if (key === 'run') {
      const command = typeof body === 'string' ? body : isRecord(body) && typeof body.command === 'string' ? body.command : '';
      builder.step({ ...base, name: isRecord(body) ? str(body.name) : null, command, kind: 'script' }, [...at, index]);
    } else if (key === 'when' || key === 'unless') {
      if (isRecord(body)) circleSteps(body.steps, [...at, index, key, 'steps'], job, builder, commands, depth + 1);
    } else if (isRecord(commands[key])) {
      circleSteps((commands[key] as Record<string, unknown>).steps, [...at, index], job, builder, commands, depth + 1);
    } else if (key.includes('/')) {
      builder.step({ ...base, name: null, command: `orb ${key}${inputsText(body)}`, kind: 'action' }, [...at, index]);
    }
  });
}

// ---------------------------------------------------------------- Bitbucket Pipelines

function readBitbucket(config: Record<string, unknown>, builder: PipelineBuilder): void {
  const pipelines = isRecord(config.pipelines) ? config.pipelines : {};
  for (const [section, body] of Object.entries(pipelines)) {
    const trigger: CiTrigger[] | null =
      section === 'default' || section === 'branches' ? null : section === 'pull-requests' ? ['pull_request'] : section === 'tags' ? ['tag'] : section === 'custom' ? ['manual'] : ['other'];
    if (Array.isArray(body)) bitbucketItems(body, ['pipelines', section], section, builder, trigger, null);
    else if (isRecord(body)) {
      for (const [pattern, items] of Object.entries(body)) {
        if (Array.isArray(items)) bitbucketItems(items, ['pipelines', section, pattern], `${section}:${pattern}`, builder, trigger, null);
      }
    }
  }
}

function bitbucketItems(items: unknown[], at: Array<string | number>, job: string, builder: PipelineBuilder, triggers: CiTrigger[] | null, stageDeployment: string | null, depth = 0): void {
  if (depth > 3) return;
  items.forEach((item, index) => {
    if (!isRecord(item)) return;
    if (isRecord(item.step)) bitbucketStep(item.step, [...at, index, 'step'], job, builder, triggers, stageDeployment);
    const parallel = item.parallel;
    if (Array.isArray(parallel)) bitbucketItems(parallel, [...at, index, 'parallel'], job, builder, triggers, stageDeployment, depth + 1);
    else if (isRecord(parallel) && Array.isArray(parallel.steps)) bitbucketItems(parallel.steps, [...at, index, 'parallel', 'steps'], job, builder, triggers, stageDeployment, depth + 1);
    if (isRecord(item.stage)) {
      const deployment = str(item.stage.deployment) ?? stageDeployment;
      builder.environment(deployment, job, [...at, index, 'stage', 'deployment']);
      if (Array.isArray(item.stage.steps)) bitbucketItems(item.stage.steps, [...at, index, 'stage', 'steps'], job, builder, triggers, deployment, depth + 1);
    }
  });
}

function bitbucketStep(step: Record<string, unknown>, at: Array<string | number>, job: string, builder: PipelineBuilder, triggers: CiTrigger[] | null, stageDeployment: string | null): void {
  const environment = str(step.deployment) ?? stageDeployment;
  builder.environment(environment, job, [...at, 'deployment']);
  const stepTriggers: CiTrigger[] | null = step.trigger === 'manual' ? ['manual'] : triggers;
  const name = str(step.name);
  for (const key of ['script', 'after-script'] as const) {
    const list = listOf(step[key]);
    const lines: string[] = [];
    list.forEach((entry) => {
      if (typeof entry === 'string') lines.push(entry);
      else if (isRecord(entry) && typeof entry.pipe === 'string') lines.push(`pipe ${entry.pipe}${inputsText(entry.variables)}`);
    });
    if (lines.length) {
      const kind = lines.every((line) => line.startsWith('pipe ')) ? 'action' : 'script';
      builder.step({ job, name, command: lines.join('\n'), kind, allowFailure: false, environment, triggers: stepTriggers }, [...at, key]);
    }
  }
}

// ---------------------------------------------------------------- Google Cloud Build

/** Builders whose entrypoint is the tool itself (`gcr.io/cloud-builders/go` with `args: [test, ./...]`). */
const CLOUD_BUILDERS = /^(?:gcr\.io|[\w-]+-docker\.pkg\.dev\/[\w-]+)\/cloud-builders\/([\w-]+)/;

function readCloudBuild(config: Record<string, unknown>, builder: PipelineBuilder): void {
  const steps = Array.isArray(config.steps) ? config.steps : [];
  steps.forEach((step, index) => {
    if (!isRecord(step)) return;
    const args = listOf(step.args).filter((arg): arg is string | number => typeof arg === 'string' || typeof arg === 'number').map(String);
    const entrypoint = str(step.entrypoint);
    let command: string;
    if (typeof step.script === 'string') command = step.script;
    else if (entrypoint && /^(bash|sh|\/bin\/(ba)?sh)$/.test(entrypoint) && args[0] === '-c') command = args.slice(1).join('\n');
    else if (entrypoint) command = [entrypoint, ...args].join(' ');
    else {
      const tool = CLOUD_BUILDERS.exec(str(step.name) ?? '')?.[1];
      // Other images (`golang`, `python`) have no fixed entrypoint: the arguments are the command.
      command = tool ? [tool, ...args].join(' ') : args.join(' ');
    }
    const allowFailure = step.allowFailure === true || (Array.isArray(step.allowExitCodes) && step.allowExitCodes.length > 0);
    builder.step({ job: str(step.id) ?? `step ${index + 1}`, name: str(step.id), command, kind: 'script', allowFailure, environment: null, triggers: null }, ['steps', index]);
  });
}

// ---------------------------------------------------------------- Buildkite

function buildkiteSteps(steps: unknown, at: Array<string | number>, job: string, builder: PipelineBuilder, depth: number): void {
  if (!Array.isArray(steps) || depth > 2) return;
  steps.forEach((step, index) => {
    if (!isRecord(step)) return; // `wait`, `block` as bare strings
    if (Array.isArray(step.steps)) {
      buildkiteSteps(step.steps, [...at, index, 'steps'], str(step.group) ?? job, builder, depth + 1);
      return;
    }
    const command = scriptText(step.command ?? step.commands);
    const label = str(step.label) ?? str(step.name) ?? str(step.key);
    const allowFailure = step.soft_fail === true || Array.isArray(step.soft_fail);
    builder.step({ job: label ?? `${job}[${index}]`, name: label, command, kind: 'script', allowFailure, environment: null, triggers: null }, [...at, index]);
  });
}

// ---------------------------------------------------------------- Travis CI

const TRAVIS_PHASES = ['before_install', 'install', 'before_script', 'script'] as const;
/** The `script` Travis runs when a job gives none (Travis CI language guides). */
const TRAVIS_DEFAULT_SCRIPT: Record<string, string> = { ruby: 'bundle exec rake', node_js: 'npm test', go: 'go test -v ./...', rust: 'cargo test --verbose', php: 'phpunit' };

function readTravis(config: Record<string, unknown>, builder: PipelineBuilder): void {
  const triggers: CiTrigger[] = ['push', 'pull_request'];
  const jobsSection = isRecord(config.jobs) ? config.jobs : isRecord(config.matrix) ? config.matrix : {};
  const sectionKey = isRecord(config.jobs) ? 'jobs' : 'matrix';
  const allowed = listOf(jobsSection.allow_failures).filter(isRecord);
  const language = str(config.language)?.toLowerCase() ?? null;
  const include = listOf(jobsSection.include).filter(isRecord);
  const travisJob = (job: Record<string, unknown>, name: string, at: Array<string | number>, inherited: Record<string, unknown>) => {
    const allowFailure = allowed.some((rule) => Object.entries(rule).every(([key, value]) => job[key] === value));
    for (const phase of TRAVIS_PHASES) {
      const own = phase in job;
      let script = scriptText(own ? job[phase] : inherited[phase]);
      const jobLanguage = str(job.language)?.toLowerCase() ?? language;
      if (phase === 'script' && !script && jobLanguage) script = TRAVIS_DEFAULT_SCRIPT[jobLanguage] ?? '';
      if (script) builder.step({ job: name, name: phase, command: script, kind: 'script', allowFailure, environment: null, triggers }, own ? [...at, phase] : [phase]);
    }
  };
  if (include.length === 0) travisJob(config, '(build)', [], config);
  include.forEach((job, index) => travisJob(job, str(job.name) ?? str(job.stage) ?? `job ${index + 1}`, [sectionKey, 'include', index], config));
}

// ---------------------------------------------------------------- Drone

const DRONE_EVENTS: Record<string, CiTrigger> = { push: 'push', pull_request: 'pull_request', tag: 'tag', cron: 'schedule', promote: 'manual', rollback: 'manual', custom: 'manual' };

/** `.drone.yml` holds one pipeline per YAML document (`---` between them). */
function readDrone(path: string, input: string): Parsed<CiPipeline | null> {
  const pipeline: CiPipeline = { system: 'drone', path, name: path.slice(path.lastIndexOf('/') + 1), steps: [], environments: [], secrets: secretNames(input), calls: [] };
  const lines = input.split('\n');
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && !/^---[ \t]*$/.test(lines[i])) continue;
    const text = lines.slice(start, i).join('\n');
    const firstLine = start + 1;
    start = i + 1;
    if (!text.trim()) continue;
    const document = parseYaml(text, YAML_LIMITS);
    if (!document.ok) return failed(document.error.message, document.error.line === undefined ? undefined : document.error.line + firstLine - 1, document.error.column);
    if (!isRecord(document.value) || (document.value.kind !== undefined && document.value.kind !== 'pipeline')) continue; // secrets, signatures
    const builder = new PipelineBuilder('drone', path, text, firstLine);
    readDronePipeline(document.value, builder);
    pipeline.steps.push(...builder.pipeline.steps.slice(0, MAX_STEPS - pipeline.steps.length));
    pipeline.environments.push(...builder.pipeline.environments);
  }
  return parsed(pipeline);
}

function readDronePipeline(config: Record<string, unknown>, builder: PipelineBuilder): void {
  const name = str(config.name) ?? 'default';
  const events = (value: unknown): CiTrigger[] | null => {
    const list = listOf(isRecord(value) ? (isRecord(value.event) ? value.event.include : value.event) : undefined).filter((event): event is string => typeof event === 'string');
    return list.length ? unique(list.map((event) => DRONE_EVENTS[event] ?? 'other')) : null;
  };
  const pipelineTriggers = events(config.trigger);
  const steps = Array.isArray(config.steps) ? config.steps : [];
  steps.forEach((step, index) => {
    if (!isRecord(step)) return;
    const command = scriptText(step.commands);
    const stepName = str(step.name);
    builder.step({ job: `${name}/${stepName ?? index}`, name: stepName, command, kind: 'script', allowFailure: step.failure === 'ignore', environment: null, triggers: events(step.when) ?? pipelineTriggers }, ['steps', index]);
  });
}

// ---------------------------------------------------------------- shared

/** GitHub `defaults.run.working-directory`; a value with an expression (`${{ … }}`) is not a folder we can follow. */
function workingDirectoryOf(defaults: unknown): string | null {
  const value = isRecord(defaults) && isRecord(defaults.run) ? str(defaults.run['working-directory']) : null;
  return value && !value.includes('${{') ? value : null;
}

/** `environment: production` or `environment: {name: production, url: …}` (GitHub, GitLab, Azure). */
function environmentName(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (isRecord(value) && typeof value.name === 'string') return value.name.trim() || null;
  return null;
}

/** GitLab `script`: a string or a (nested) list of lines. */
function scriptText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return value
    .flat(2)
    .filter((line): line is string => typeof line === 'string')
    .join('\n');
}

/** Inputs of an action step as ` key=value` text, so commands hidden in inputs are still seen. */
function inputsText(inputs: unknown): string {
  if (!isRecord(inputs)) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(inputs).slice(0, 40)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') parts.push(`${key}=${String(value).slice(0, 2000)}`);
  }
  return parts.length ? ' ' + parts.join(' ') : '';
}

function secretNames(text: string): string[] {
  const names = new Set<string>();
  const pattern = /\bsecrets\.([A-Za-z_][A-Za-z0-9_]{0,100})/g;
  for (let match = pattern.exec(text); match && names.size < 200; match = pattern.exec(text)) names.add(match[1]);
  names.delete('GITHUB_TOKEN');
  return [...names].sort();
}

function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
