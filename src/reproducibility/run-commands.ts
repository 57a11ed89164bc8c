// What a newcomer runs when nothing is trained: the command that re-runs the evaluation of an LLM application
// (promptfoo eval, deepeval test run, inspect eval, pytest on evals/), the one that starts the application, and
// the one that runs a data pipeline (dbt build, airflow dags trigger, dagster job execute, kedro run). Found in
// README and docs code blocks, Makefile targets, package.json and pyproject scripts, and CI workflow steps; a
// pipeline its tool runs by convention (dbt_project.yml, an Airflow DAG file) counts as a definition.
import { parsePyproject } from '../formats/lockfiles.js';
import { parseJsonObject } from '../formats/json.js';
import { parseMakeTargets } from '../formats/make-targets.js';
import { parseMarkdown } from '../formats/markdown.js';
import { commandLines } from '../formats/shell-references.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { SourceFile } from './python-sources.js';

export type RunKind = 'evaluation' | 'application' | 'pipeline';
export type RunSource = 'documented-command' | 'make-target' | 'rake-task' | 'package-script' | 'console-script' | 'ci-step' | 'pipeline-definition';

export interface RunCommand {
  kind: RunKind;
  source: RunSource;
  path: string;
  line?: number;
  command: string;
  /** Configuration files the command names (`-c evals/promptfooconfig.yaml`) that the repository lacks. */
  missing: string[];
}

const EVALUATION =
  /\bpromptfoo(?:@[\w.^~-]+)?\s+eval\b|\bdeepeval\s+test\s+run\b|\binspect\s+eval\b|\blm[_-]eval\b|\bragas\b|\bgiskard\b|\btrulens\b|\bpytest\b[^|;&]{0,200}\bevals?\b|\bpython3?\s+(?:-m\s+)?[\w./-]{0,80}\b(?:evals?|evaluat\w*)\b|\b(?:rake|make|just|task|invoke|nox\s+-s|tox\s+-e|(?:npm|pnpm|yarn)(?:\s+run)?)\s+evals?\b|\buv\s+run\s+[\w-]{0,60}evals?\b/i;
const PIPELINE =
  /\bdbt\s+(?:build|run|seed|snapshot)\b|\bairflow\s+(?:dags\s+(?:trigger|test|backfill)|tasks\s+test)\b|\bdagster\s+(?:job\s+(?:execute|launch)|asset\s+materialize)\b|\bprefect\s+deployment\s+run\b|\bkedro\s+run\b|\bspark-submit\b|\bpython3?\s+(?:-m\s+)?[\w./-]{0,80}\b(?:pipeline|etl|ingest\w*|dags?)\b|\bmake\s+(?:pipeline|etl|ingest\w*)\b|\buv\s+run\s+[\w-]{0,60}ingest[\w-]*/i;
const APPLICATION =
  /\b(?:uvicorn|gunicorn|hypercorn)\s+\S|\bflask\s+run\b|\b(?:streamlit|chainlit)\s+run\b|\bfastapi\s+(?:run|dev)\b|\bdocker(?:-|\s+)compose\s+up\b|\b(?:npm|pnpm|yarn)\s+(?:run\s+)?(?:start|dev|serve)\b|\brails\s+s(?:erver)?\b|\bbin\/dev\b|\bdotnet\s+run\b|\bgo\s+run\b|\bpython3?\s+(?:-m\s+)?[\w./-]{0,80}\b(?:app|main|server|serve|api)\b|\buv\s+run\s+[\w-]{0,60}(?:serve|server|app|api)\b/i;
const EVALUATION_NAME = /(^|[-_:.])(evals?|evaluat\w*|promptfoo|redteam)([-_:.]|$)/i;
const PIPELINE_NAME = /(^|[-_:.])(pipeline|etl|ingest\w*|dbt|dags?|backfill|index(ing)?)([-_:.]|$)/i;
const APPLICATION_NAME = /(^|[-_:.])(run|serve|server|start|dev|up|app|api|web)([-_:.]|$)/i;
const DOCS = /^(readme|[^/]+\/readme|docs\/[^/]+|docs\/[^/]+\/[^/]+)\.(md|markdown)$/i;
const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$|^\.gitlab-ci\.ya?ml$|^azure-pipelines\.ya?ml$/;
/** `-c file`, `--config file`: the configuration a runner reads. */
const CONFIG_ARGUMENT = /(?:^|\s)(?:-c|--config|--config-file|--project-dir|--profiles-dir)[=\s]+["']?([\w./-]{1,200})/g;
const AIRFLOW_DAG = /^[ \t]*from[ \t]+airflow\b|^[ \t]*import[ \t]+airflow\b|^[ \t]*from[ \t]+dagster[ \t]+import\b|^[ \t]*from[ \t]+prefect[ \t]+import\b/m;
const RAKE_NAMESPACE = /^[ \t]*namespace[ \t]+:([\w]{1,60})[ \t]+do\b/m;
const RAKE_TASK = /^[ \t]*task[ \t]+:?["']?([\w]{1,60})/gm;
const MAX_DOCS = 40;

export function classifyCommand(command: string): RunKind | null {
  if (EVALUATION.test(command)) return 'evaluation';
  if (PIPELINE.test(command)) return 'pipeline';
  if (APPLICATION.test(command)) return 'application';
  return null;
}

function classifyName(name: string): RunKind | null {
  if (EVALUATION_NAME.test(name)) return 'evaluation';
  if (PIPELINE_NAME.test(name)) return 'pipeline';
  if (APPLICATION_NAME.test(name)) return 'application';
  return null;
}

export async function collectRunCommands(snapshot: Snapshot, sources: readonly SourceFile[] = []): Promise<RunCommand[]> {
  const found: RunCommand[] = [];
  const add = (entry: Omit<RunCommand, 'missing'>) => {
    if (found.length < 200) found.push({ ...entry, missing: missingConfigs(snapshot, entry.command) });
  };

  for (const path of snapshot.files.filter((file) => DOCS.test(file) && !snapshot.isSymlink(file)).slice(0, MAX_DOCS)) {
    const read = await snapshot.readText(path, { maxBytes: 1024 * 1024 });
    if (!read.ok) continue;
    for (const code of parseMarkdown(read.text).code) {
      if (code.kind === 'block' && code.lang && !/^(sh|bash|shell|console|zsh|text|powershell|ps1)$/i.test(code.lang)) continue;
      for (const line of commandLines(code.value)) {
        const kind = classifyCommand(line.text);
        if (kind) add({ kind, source: 'documented-command', path, line: code.line + (code.kind === 'block' ? line.offset + 1 : 0), command: line.text.slice(0, 200) });
      }
    }
  }

  for (const path of snapshot.named('Makefile').concat(snapshot.named('makefile')).slice(0, 10)) {
    const read = await snapshot.readText(path, { maxBytes: 512 * 1024 });
    if (!read.ok) continue;
    for (const [name, line] of parseMakeTargets(read.text).targets) {
      const kind = classifyName(name);
      if (kind) add({ kind, source: 'make-target', path, line, command: `make ${name}` });
    }
  }

  // Rake tasks (`namespace :evaluation do … task :run_all`): a Ruby application's Makefile.
  for (const path of snapshot.files.filter((file) => /(^|\/)(Rakefile|[^/]+\.rake)$/.test(file) && !/(^|\/)(vendor|node_modules)\//.test(file)).slice(0, 40)) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok) continue;
    const namespace = RAKE_NAMESPACE.exec(read.text);
    const named = namespace ? classifyName(namespace[1]) : null;
    for (const match of read.text.matchAll(RAKE_TASK)) {
      const task = namespace ? `${namespace[1]}:${match[1]}` : match[1];
      const kind = named ?? classifyName(match[1]);
      if (kind) add({ kind, source: 'rake-task', path, line: lineOf(read.text, match[0]), command: `rake ${task}` });
    }
  }

  for (const path of snapshot.named('package.json').filter((p) => !/(^|\/)node_modules\//.test(p)).slice(0, 10)) {
    const read = await snapshot.readText(path, { maxBytes: 512 * 1024 });
    const parsed = read.ok ? parseJsonObject(read.text) : null;
    const scripts = parsed?.ok ? parsed.value.scripts : null;
    if (!scripts || typeof scripts !== 'object' || Array.isArray(scripts)) continue;
    for (const [name, value] of Object.entries(scripts as Record<string, unknown>)) {
      if (typeof value !== 'string') continue;
      const kind = classifyCommand(value) ?? classifyName(name);
      if (kind) add({ kind, source: 'package-script', path, line: lineOf(read.ok ? read.text : '', `"${name}"`), command: `npm run ${name}: ${value.slice(0, 160)}` });
    }
  }

  for (const path of snapshot.named('pyproject.toml').slice(0, 10)) {
    const read = await snapshot.readText(path, { maxBytes: 1024 * 1024 });
    const project = read.ok ? parsePyproject(read.text) : null;
    if (!project?.ok) continue;
    for (const [name, target] of Object.entries(project.value.scripts)) {
      const kind = classifyName(name);
      if (kind) add({ kind, source: 'console-script', path, line: lineOf(read.ok ? read.text : '', name), command: `${name} = ${target}` });
    }
  }

  for (const path of snapshot.files.filter((file) => WORKFLOW.test(file)).slice(0, 20)) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok) continue;
    for (const [index, text] of read.text.split('\n').slice(0, 5000).entries()) {
      const step = /^\s*(?:-\s*)?(?:run:\s*)?(.*)$/.exec(text)?.[1] ?? '';
      if (classifyCommand(step) === 'evaluation' || classifyCommand(step) === 'pipeline') add({ kind: classifyCommand(step) as RunKind, source: 'ci-step', path, line: index + 1, command: step.trim().slice(0, 200) });
    }
  }

  // Pipelines their tool runs by convention: the definition says what runs, not how a newcomer starts it.
  for (const path of snapshot.named('dbt_project.yml').concat(snapshot.named('dbt_project.yaml')).slice(0, 5)) add({ kind: 'pipeline', source: 'pipeline-definition', path, line: 1, command: 'dbt project (dbt build)' });
  for (const file of sources) {
    if (found.length >= 200) break;
    const match = AIRFLOW_DAG.exec(file.text);
    if (match) add({ kind: 'pipeline', source: 'pipeline-definition', path: file.path, line: lineOf(file.text, match[0].trim()), command: `${match[0].trim()} (pipeline definition)` });
  }
  return found;
}

/** Configuration paths a command names that are not in the repository (absolute and home paths are not ours). */
function missingConfigs(snapshot: Snapshot, command: string): string[] {
  const missing: string[] = [];
  for (const match of command.matchAll(CONFIG_ARGUMENT)) {
    const path = match[1].replace(/^\.\//, '');
    if (path.startsWith('/') || path.startsWith('~') || path.includes('..') || !/[./]/.test(path)) continue;
    if (!snapshot.has(path) && snapshot.under(path).length === 0) missing.push(path);
  }
  return missing;
}

function lineOf(text: string, needle: string): number | undefined {
  const index = text.indexOf(needle);
  if (index === -1) return undefined;
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
