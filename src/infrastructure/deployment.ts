// The deployment path: a CI/CD step that deploys, or a deployment documented step by step (numbered steps
// with commands, read with the runbook parser), or only scripts and Make targets nobody documents. Deployment
// scripts, the Make deploy recipe and documented deploy commands are searched for the signs of a deployment
// that only works from one engineer's machine: home-folder paths, local cluster contexts, `~/.kube`, named
// personal cloud profiles, images pushed to localhost.
import { parseMakeRules } from '../formats/make-recipes.js';
import { parseMarkdown } from '../formats/markdown.js';
import { bestCoverage, parseRunbook, RUNBOOK_LOCATIONS, NOT_A_RUNBOOK, type TopicCoverage } from '../formats/runbook.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { lineAt } from './model.js';

export interface DocumentedDeployment {
  path: string;
  line: number;
  steps: number;
  commands: number;
  score: number;
}

export interface LocalOnlySign {
  path: string;
  line: number;
  what: string;
}

/** A documented procedure that starts the repository's own container on a host (`docker compose up`, `docker run` of the image it builds). */
export interface ContainerRunProcedure {
  path: string;
  line: number;
  heading: string;
  steps: number;
  /** The command that starts the container. */
  command: string;
}

export interface DeploymentFacts {
  documented: DocumentedDeployment[];
  containerRuns: ContainerRunProcedure[];
  /** Deploy scripts and Make deploy targets (`scripts/deploy.sh`, `Makefile:deploy`). */
  scripts: Array<{ path: string; line: number; name: string }>;
  localOnly: LocalOnlySign[];
}

const VENDORED = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third_party|\.git)\//;
/** Where deployment is written down; a README in a deploy folder (`scripts/deploy/README.md`) is that folder's guide. */
export const DEPLOY_DOCS = ['**/DEPLOY*.{md,markdown}', '**/deploy*.{md,markdown}', '**/{RELEASE,RELEASING}*.{md,markdown}', '{docs,doc}/**/{deployment,deploying,release,releasing,operations}*.{md,markdown}', '**/{deploy,deployment,deployments,deploying}/README.{md,markdown}', 'README.{md,markdown}'];
const DEPLOY_HEADING = /\b(deploy|releas|rollout|roll(ing)? out|ship|go(ing)? live|serv(e|ing)\b|promot|production)/i;
const DEPLOY_FILE = /deploy|release|rollout/i;
const DEPLOY_FOLDER_README = /(^|\/)(deploy|deployment|deployments|deploying)\/README\.(md|markdown)$/i;
const PRODUCTION_HEADING = /\bproductioni[sz]|\b(going|moving|taking it|path) to production\b|\bin production\b/i;
/** Commands that put a build somewhere users reach it (pip install, git clone or a virtualenv do not). */
const DEPLOY_COMMAND = /\bhelm (upgrade|install)\b|\bkubectl (apply|set image|rollout)\b|\bargocd app (sync|create)\b|\bdocker push\b|\bterraform apply\b|\bmake (deploy|release)\b|\bdeploy\.sh\b|\bskaffold (run|deploy)\b|\bgcloud (run|app|functions) deploy\b|\baz (ml|webapp|containerapp)\b|\b(cdk|serverless|sam|fly|vercel|netlify) deploy\b|\bmlflow models serve\b|\bgit push heroku\b|\bkustomize build\b/i;
const DEPLOY_SCRIPT = /(^|\/)(?=[^/]*(deploy|release|rollout|promote))[^/]*\.(sh|bash|ps1|py)$/i;
/** `deploy.sh`, `rollout_canary.py`: the name alone says the script deploys. */
const DEPLOY_BY_NAME = /(^|\/)[^/]*(deploy|rollout)[^/]*$/i;
/**
 * `releases.py`, `release_job.py`, `promote_users.py` may as well load release data or promote rows: such a
 * script deploys only when it does something that ships a build (tags, publishes, pushes, applies, deploys).
 */
const SHIPPING_ACTION = /\bhelm (?:upgrade|install)\b|\bkubectl (?:apply|set image|rollout)\b|\b(?:docker|podman) push\b|\bterraform apply\b|\bgit (?:tag|push)\b|\bgh release\b|\btwine upload\b|\bnpm publish\b|\bpoetry publish\b|\b(?:cdk|serverless|sam|fly|vercel|netlify|az \w+|gcloud [\w ]{1,40}) deploy\b|\.deploy\(|\bdeploy_model\b|\b(?:create|update)_endpoint\b|transition_model_version_stage|set_registered_model_alias|\bupdate_function_code\b|\bcreate_release\b/i;
const LOCAL_SIGNS: ReadonlyArray<[RegExp, string]> = [
  [/\/Users\/[A-Za-z][\w.-]{0,40}\//, 'a macOS home-folder path'],
  [/\/home\/(?!runner\/)[a-z][\w.-]{0,40}\//, 'a Linux home-folder path'],
  [/[A-Za-z]:\\Users\\/, 'a Windows home-folder path'],
  [/~\/\.kube\b|\$HOME\/\.kube\b/, 'a kubeconfig in the home folder'],
  [/\b(use-context|--kube-context|--context)[= ]+["']?(docker-desktop|minikube|kind-[\w-]+|rancher-desktop|colima)\b/, 'a local cluster context'],
  [/--profile[= ]+["']?[a-z]+[._-]?(personal|laptop|dev-\w+|me)\b/i, 'a personal cloud profile'],
  [/\b(docker|podman)\s+push\s+localhost(:\d+)?\//, 'an image pushed to a local registry'],
];

/** `declared`: files the policy, manifest or repository locations name; Markdown among them is read as documentation. */
export async function collectDeployment(snapshot: Snapshot, declared: readonly string[] = []): Promise<DeploymentFacts> {
  const facts: DeploymentFacts = { documented: [], containerRuns: [], scripts: [], localOnly: [] };
  const scriptPaths = snapshot.glob('**/*{deploy,release,rollout,promote}*.{sh,bash,ps1,py}').filter((candidate) => DEPLOY_SCRIPT.test(candidate) && !VENDORED.test(candidate)).slice(0, 30);
  const docs = [...new Set([...declared.filter((path) => /\.(md|markdown)$/i.test(path)), ...snapshot.glob([...RUNBOOK_LOCATIONS, ...DEPLOY_DOCS]), ...projectReadmes(snapshot, scriptPaths)])]
    .filter((path) => !VENDORED.test(path) && !NOT_A_RUNBOOK.test(path) && !snapshot.isSymlink(path))
    .slice(0, 60);
  for (const path of docs) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const runbook = parseRunbook(path, read.text);
    const topics = runbook.topics.filter((topic) => topic.topic !== 'deploy' || isDeployment(path, read.text, topic));
    const deploy = bestCoverage([{ ...runbook, topics }]).get('deploy');
    // A guide written as several deploy sections (an overview with the steps, then "Deploy infrastructure" and
    // "Deploy application" with the commands) is one procedure: its steps and commands are counted together.
    const sections = topics.filter((topic) => topic.topic === 'deploy' && !topic.empty);
    if (deploy && !deploy.empty) facts.documented.push({ path, line: deploy.line, steps: Math.max(...sections.map((topic) => topic.steps)), commands: sections.reduce((sum, topic) => sum + topic.commands, 0), score: deploy.score });
    else {
      const production = productionSection(read.text);
      if (production) facts.documented.push({ path, ...production });
    }
    if (deploy) scanLocal(path, read.text.split('\n').slice(deploy.line - 1, deploy.endLine).join('\n'), deploy.line - 1, facts.localOnly);
    const run = containerRunProcedure(path, read.text);
    if (run) facts.containerRuns.push(run);
  }
  // The glob narrows by distinct file names (few) before the regex decides.
  for (const path of scriptPaths) {
    const read = await snapshot.readText(path);
    const text = read.ok ? read.text.slice(0, 512 * 1024) : '';
    if (!DEPLOY_BY_NAME.test(path) && !SHIPPING_ACTION.test(text)) continue;
    facts.scripts.push({ path, line: 1, name: path.slice(path.lastIndexOf('/') + 1) });
    if (read.ok) scanLocal(path, read.text, 0, facts.localOnly);
  }
  for (const path of ['Makefile', 'makefile', 'GNUmakefile'].filter((name) => snapshot.has(name))) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    for (const rule of parseMakeRules(read.text).values()) {
      if (!/^(deploy|release|rollout|promote)([-_:][\w-]+)?$/.test(rule.target)) continue;
      facts.scripts.push({ path, line: rule.line, name: `make ${rule.target}` });
      for (const command of rule.recipe) scanLocal(path, command.text, command.line - 1, facts.localOnly);
    }
  }
  facts.documented.sort((a, b) => b.score - a.score);
  return facts;
}

/**
 * The READMEs of the folders a deploy script sits in (`credit-scorer/README.md` for
 * `credit-scorer/modal_app/modal_deployment.py`): in a repository of several projects each says how its own deploys.
 */
function projectReadmes(snapshot: Snapshot, scripts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const script of scripts) {
    const parts = script.split('/').slice(0, -1);
    for (let depth = parts.length; depth >= 1 && found.size < 20; depth--) {
      for (const name of ['README.md', 'readme.md', 'README.markdown']) {
        const candidate = `${parts.slice(0, depth).join('/')}/${name}`;
        if (snapshot.has(candidate)) found.add(candidate);
      }
    }
  }
  return [...found];
}

/**
 * An "Installation" or "Setup" section (the runbook vocabulary's install*) tells a developer how to install the
 * code, not how it is deployed: it counts only when it holds a deploy command. Deploy headings and files count.
 */
function isDeployment(path: string, text: string, topic: TopicCoverage): boolean {
  if (DEPLOY_HEADING.test(topic.heading)) return true;
  if (topic.via === 'file-name' && DEPLOY_FILE.test(path.slice(path.lastIndexOf('/') + 1))) return true;
  if (DEPLOY_FOLDER_README.test(path)) return true;
  return DEPLOY_COMMAND.test(text.split('\n').slice(topic.line - 1, topic.endLine).join('\n'));
}

/**
 * A "Productionization" or "Going to production" section the runbook vocabulary does not name: deployment is
 * documented there, in prose, so it is never taken for a step-by-step procedure (no steps counted).
 */
function productionSection(text: string): Omit<DocumentedDeployment, 'path'> | null {
  const document = parseMarkdown(text);
  const section = document.sections.find((candidate) => PRODUCTION_HEADING.test(candidate.heading.text) && candidate.content.trim().length > 0);
  if (!section) return null;
  const commands = document.code.filter((code) => code.line >= section.heading.line && code.line <= section.endLine).length;
  return { line: section.heading.line, steps: 0, commands, score: 0.2 };
}

const IMAGE_TAG = /\b(?:docker|podman)\s+(?:buildx\s+)?build\b[^\n]{0,300}?\s(?:-t|--tag)[= ]\s*["']?([\w./-]+)/g;
const COMPOSE_UP = /\b(?:docker|podman)[- ]compose\b[^\n]{0,200}?\sup\b/;
const CONTAINER_RUN = /\b(?:docker|podman)\s+(?:container\s+)?run\b[^\n]{0,600}/;
const NUMBERED_STEP = /^\s{0,3}\d{1,3}[.)]\s+\S/;
/** Two numbered steps make a procedure rather than a single command shown in passing. */
const MIN_RUN_STEPS = 2;

/**
 * A section written as numbered steps that starts the repository's own container: `docker compose up` (the
 * Compose file is the repository's), or `docker run` of an image the same document builds (`docker build -t x`).
 * It says how to run the system on any host, not only the vendor's; it does not say where it runs for its users.
 * Running somebody else's image (`docker run postgres`) is not the system.
 */
export function containerRunProcedure(path: string, text: string): ContainerRunProcedure | null {
  if (!/\b(?:docker|podman)\b/.test(text)) return null;
  const document = parseMarkdown(text);
  const lines = text.split('\n');
  const tags = new Set<string>();
  for (const code of document.code) for (const match of code.value.slice(0, 64 * 1024).matchAll(IMAGE_TAG)) tags.add(match[1].replace(/:[\w.-]+$/, ''));
  const startsOwn = (value: string): string | null => {
    for (const line of value.split('\n', 400)) {
      const bounded = line.slice(0, 2000);
      if (COMPOSE_UP.test(bounded)) return bounded.trim();
      const run = CONTAINER_RUN.exec(bounded);
      if (run && run[0].split(/\s+/).some((word) => tags.has(word.replace(/:[\w.-]+$/, '')))) return bounded.trim();
    }
    return null;
  };
  let best: ContainerRunProcedure | null = null;
  const headings = document.headings;
  for (const [index, heading] of headings.entries()) {
    // The section's own text, up to the next heading of any level: one procedure, not the document around it.
    const end = (headings[index + 1]?.line ?? lines.length + 1) - 1;
    // "Running the app locally", "Development setup" (or a section under one): a developer's machine, not a host the system runs on.
    const within = [...headings.slice(0, index).filter((earlier, at) => headings.slice(at + 1, index).every((between) => between.depth > earlier.depth) && earlier.depth < heading.depth), heading];
    if (within.some((entry) => /\blocal(ly)?\b|\bdevelop/i.test(entry.text))) continue;
    let command: string | null = null;
    for (const code of document.code) if (code.line > heading.line && code.line <= end) command ??= startsOwn(code.value);
    if (!command) continue;
    let steps = 0;
    let fenced = false;
    for (let line = heading.line + 1; line <= end && line - heading.line < 400; line++) {
      const content = lines[line - 1] ?? '';
      if (/^\s*(```|~~~)/.test(content)) fenced = !fenced;
      else if (!fenced && NUMBERED_STEP.test(content)) steps++;
    }
    if (steps >= MIN_RUN_STEPS && (!best || steps > best.steps)) best = { path, line: heading.line, heading: heading.text.slice(0, 80), steps, command: command.slice(0, 120) };
  }
  return best;
}

function scanLocal(path: string, text: string, lineOffset: number, found: LocalOnlySign[]): void {
  for (const [pattern, what] of LOCAL_SIGNS) {
    const match = pattern.exec(text.slice(0, 512 * 1024));
    if (match && found.length < 30 && !found.some((sign) => sign.path === path && sign.what === what)) found.push({ path, line: lineOffset + lineAt(text, match.index), what });
  }
}
