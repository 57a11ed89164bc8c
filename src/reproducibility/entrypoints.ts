// Where a newcomer finds how to train: DVC pipeline stages, MLproject entry points, Makefile targets,
// console scripts in pyproject.toml, commands documented in the README, and CI steps (a Jenkinsfile stage, a
// workflow step) that run training. Each entry point is checked
// against the listing: a command that runs a script or module that is not in the repository does not count.
// Training is told by what the code does (training-code.ts): a command counts as training when its name says so
// or when the script it runs trains; a script nothing documents is credited only when it trains, whatever its name.
import { collectCiPipelines } from '../ci/collect-pipelines.js';
import { parseDvcPipeline } from '../formats/dvc.js';
import { parsePyproject } from '../formats/lockfiles.js';
import { parseMakeTargets } from '../formats/make-targets.js';
import { parseMarkdown } from '../formats/markdown.js';
import { commandLines, referencesInCommandLine, type ShellReference } from '../formats/shell-references.js';
import { parseYamlMapping } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { TrainingCode } from './training-code.js';

export type EntrypointSource = 'dvc-stage' | 'mlproject' | 'make-target' | 'console-script' | 'documented-command' | 'ci-step' | 'pipeline-definition' | 'training-script';

export interface Entrypoint {
  source: EntrypointSource;
  path: string;
  line?: number;
  /** Stage, entry point, target or script name. */
  name: string;
  command: string | null;
  /** Trains: the name or command says train/fit, or the script it runs has a training loop or fit call. */
  training: boolean;
  /** Scripts, modules and targets the command names that are not in the repository. */
  missing: string[];
}

export interface EntrypointFacts {
  entrypoints: Entrypoint[];
  problems: Array<{ path: string; line?: number; message: string }>;
}

const TRAINING = /(^|[^a-z])(re)?train|fit\b|(^|[^a-z])tune/i;
const TRAINING_TARGET = /^((re)?train(ing)?|fit|tune|model|pipeline|repro(duce)?|all)([-_:.].*)?$/i;
const README = /^(readme|docs\/(readme|index|getting[-_]started|training|usage|reproduc\w*|quickstart|setup))\.(md|markdown)$/i;
const NESTED_README = /\/readme\.(md|markdown)$/i;
const NOT_OWN_README = /(^|\/)(node_modules|vendor|third[-_]party|site-packages|\.venv|venv|tests?|fixtures)\//i;
const LAUNCHER = /(^|[\s;&|])(accelerate[ \t]{1,4}launch|torchrun|deepspeed|python3?[ \t]{1,4}-m[ \t]{1,4}torch\.distributed\.(?:run|launch))\b/;
/** A CI stage or job named for training (`Train model`, `Run ML pipeline`, `retrain`): its script runs the training. */
const TRAINING_STAGE = /(^|[^a-z])(re)?train|\bfit\b|\btun(e|ing)\b|\b(ml|model|training)[ _-]?pipeline\b/i;
/** CI lines that test, lint or install: a `test_train.py` or `requirements-train.txt` in them trains nothing. */
const NOT_A_RUN = /\b(pytest|unittest|tox|nox|flake8|pylint|mypy|ruff|black|isort|coverage|bandit|pre-commit)\b|\b(pip3?|conda|mamba|poetry|pipenv|apt(-get)?|npm|yarn|pnpm)\s+(install|add|sync)\b|\buv\s+(pip|sync|add)\b/i;
const MAX_CI_ENTRYPOINTS = 20;

export async function collectEntrypoints(snapshot: Snapshot, trainingCode: readonly TrainingCode[] = []): Promise<EntrypointFacts> {
  const facts: EntrypointFacts = { entrypoints: [], problems: [] };
  const makeTargets = new Set<string>();
  const trainingPaths = new Set(trainingCode.map((code) => code.path));
  const runsTraining = (command: string, base: string) => runsTrainingCode(command, base, trainingPaths);

  for (const path of snapshot.named('Makefile').concat(snapshot.named('makefile'), snapshot.named('GNUmakefile')).slice(0, 10)) {
    const read = await snapshot.readText(path, { maxBytes: 512 * 1024 });
    if (!read.ok) continue;
    const { targets } = parseMakeTargets(read.text);
    for (const [name, line] of targets) {
      if (path === 'Makefile' || path === 'makefile' || path === 'GNUmakefile') makeTargets.add(name);
      if (!TRAINING_TARGET.test(name)) continue;
      facts.entrypoints.push({ source: 'make-target', path, line, name, command: `make ${name}`, training: TRAINING.test(name), missing: [] });
    }
  }

  for (const path of snapshot.named('dvc.yaml').slice(0, 20)) {
    const read = await snapshot.readText(path, { maxBytes: 1024 * 1024 });
    if (!read.ok) continue;
    const pipeline = parseDvcPipeline(read.text);
    if (!pipeline.ok) {
      facts.problems.push({ path, line: pipeline.error.line, message: `${path} could not be parsed: ${pipeline.error.message}` });
      continue;
    }
    const folder = folderOf(path);
    const lines = read.text.split('\n');
    for (const stage of pipeline.value.stages) {
      if (!stage.cmd) continue;
      const base = joinPath(folder, stage.wdir ?? '');
      const line = lines.findIndex((text) => new RegExp(`^\\s+${escapeRegExp(stage.name)}\\s*:`).test(text)) + 1 || undefined;
      facts.entrypoints.push({
        source: 'dvc-stage',
        path,
        line,
        name: stage.name,
        command: stage.cmd,
        training: TRAINING.test(stage.name) || TRAINING.test(stage.cmd) || runsTraining(stage.cmd, base),
        missing: missingReferences(snapshot, stage.cmd, base, makeTargets),
      });
    }
  }

  for (const path of snapshot.named('MLproject').slice(0, 10)) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok) continue;
    const project = parseYamlMapping(read.text);
    if (!project.ok) {
      facts.problems.push({ path, line: project.error.line, message: `${path} could not be parsed: ${project.error.message}` });
      continue;
    }
    const entryPoints = project.value.entry_points;
    if (!entryPoints || typeof entryPoints !== 'object' || Array.isArray(entryPoints)) continue;
    const lines = read.text.split('\n');
    for (const [name, raw] of Object.entries(entryPoints as Record<string, unknown>)) {
      const command = raw && typeof raw === 'object' && typeof (raw as { command?: unknown }).command === 'string' ? (raw as { command: string }).command : null;
      if (!command) continue;
      const line = lines.findIndex((text) => new RegExp(`^\\s+${escapeRegExp(name)}\\s*:`).test(text)) + 1 || undefined;
      facts.entrypoints.push({
        source: 'mlproject',
        path,
        line,
        name,
        command,
        training: name === 'main' || TRAINING.test(name) || TRAINING.test(command) || runsTraining(command, folderOf(path)),
        missing: missingReferences(snapshot, command, folderOf(path), makeTargets),
      });
    }
  }

  for (const path of snapshot.named('pyproject.toml').slice(0, 10)) {
    const read = await snapshot.readText(path, { maxBytes: 1024 * 1024 });
    if (!read.ok) continue;
    const project = parsePyproject(read.text);
    if (!project.ok) continue; // the environment collector reports malformed pyproject files
    const lines = read.text.split('\n');
    for (const [name, target] of Object.entries(project.value.scripts)) {
      const module = target.split(':')[0].trim();
      const line = lines.findIndex((text) => new RegExp(`^\\s*["']?${escapeRegExp(name)}["']?\\s*=`).test(text)) + 1 || undefined;
      const found = resolveModule(snapshot, module, folderOf(path), true);
      facts.entrypoints.push({
        source: 'console-script',
        path,
        line,
        name,
        command: target,
        training: TRAINING.test(name) || TRAINING.test(target),
        missing: found ? [] : [module],
      });
    }
  }

  // The root README and docs pages first, then the READMEs of sub-folders (recipes/<model>/README.md, scripts/README.md).
  const readmes = snapshot.files
    .filter((path) => README.test(path) || (NESTED_README.test(path) && path.split('/').length <= 4 && !NOT_OWN_README.test(path)))
    .sort((a, b) => Number(!README.test(a)) - Number(!README.test(b)) || a.split('/').length - b.split('/').length || (a < b ? -1 : 1))
    .slice(0, 30);
  for (const path of readmes) {
    const read = await snapshot.readText(path, { maxBytes: 1024 * 1024 });
    if (!read.ok) continue;
    const document = parseMarkdown(read.text);
    for (const code of document.code) {
      if (code.kind === 'block' && code.lang && !/^(sh|bash|shell|console|zsh|text|)$/i.test(code.lang)) continue;
      // In a sub-folder's README only shell blocks are commands: inline code there names files (a link's `custom/x.py`).
      if (code.kind !== 'block' && !README.test(path)) continue;
      for (const command of commandLines(code.value)) {
        // A launcher (`accelerate launch`, `torchrun`, `deepspeed`) runs the script it is given, as python does.
        const launched = LAUNCHER.test(command.text);
        const references = [...referencesInCommandLine(command.text), ...launchedScript(command.text)];
        // A sub-folder's README runs its commands from that folder (`training/README.md`: `accelerate launch run_distillation.py`).
        const here = README.test(path) ? '' : folderOf(path);
        const trainingReference = references.find(
          (reference) =>
            isTrainingReference(reference, command.text) ||
            (reference.kind === 'path' && (reference.executed === true || launched) && (trainingPaths.has(joinPath('', reference.target ?? '')) || trainingPaths.has(joinPath(here, reference.target ?? '')))),
        );
        if (!trainingReference) continue;
        facts.entrypoints.push({
          source: 'documented-command',
          path,
          line: code.line + (code.kind === 'block' ? command.offset + 1 : 0),
          name: trainingReference.target ?? trainingReference.command,
          command: command.text.slice(0, 200),
          training: true,
          missing: missingReferences(snapshot, command.text, here, makeTargets),
        });
      }
    }
  }

  // CI steps that run training: a command that runs training code or names training (as a README command would),
  // or any repository script a stage named for training runs (`stage('Run ML pipeline') { sh 'python3 run.py pipeline' }`).
  const ci = await collectCiPipelines(snapshot);
  let fromCi = 0;
  for (const pipeline of ci.pipelines) {
    for (const step of pipeline.steps) {
      // A task's inputs may hold its script (Azure `AzureCLI@1` `inlineScript`): its lines are read like a shell step's.
      if (fromCi >= MAX_CI_ENTRYPOINTS) continue;
      const base = step.workingDirectory ? joinPath('', step.workingDirectory) : '';
      const stageTrains = TRAINING_STAGE.test(`${step.job} ${step.name ?? ''}`) && trainingPaths.size > 0;
      for (const command of commandLines(step.command)) {
        if (NOT_A_RUN.test(command.text)) continue;
        const references = [...referencesInCommandLine(command.text), ...launchedScript(command.text)];
        const launched = LAUNCHER.test(command.text);
        const trainingReference = references.find(
          (reference) =>
            reference.kind === 'dvc-stage' ||
            (TRAINING.test(reference.target ?? '') && (reference.kind !== 'path' || reference.executed === true)) ||
            (reference.kind === 'path' && (reference.executed === true || launched) && (trainingPaths.has(joinPath(base, reference.target ?? '')) || trainingPaths.has(joinPath('', reference.target ?? '')))) ||
            (stageTrains && runsOwnCode(snapshot, reference, base)),
        );
        if (!trainingReference) continue;
        fromCi++;
        facts.entrypoints.push({
          source: 'ci-step',
          path: pipeline.path,
          line: step.line,
          name: `${step.name ?? step.job}: ${trainingReference.target ?? trainingReference.command}`.slice(0, 120),
          command: command.text.slice(0, 200),
          training: true,
          missing: missingReferences(snapshot, command.text, base, makeTargets),
        });
        break;
      }
    }
  }

  // MLflow Recipes: recipe.yaml names the template whose steps (ingest, split, train, evaluate) `mlflow recipes run` runs.
  for (const path of snapshot.named('recipe.yaml').slice(0, 5)) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok) continue;
    const recipe = /^recipe:[ \t]*["']?([\w-]+\/v\d+)/m.exec(read.text);
    if (recipe) facts.entrypoints.push({ source: 'pipeline-definition', path, line: lineAt(read.text, recipe.index), name: `MLflow Recipe ${recipe[1]}`, command: 'mlflow recipes run', training: true, missing: [] });
  }

  // Pipelines defined in code (Kubeflow/Vertex, ZenML, Kedro, Metaflow): the definition is how training runs.
  for (const code of trainingCode) {
    const pipeline = code.signals.find((signal) => signal.kind.startsWith('pipeline definition'));
    if (pipeline && facts.entrypoints.length < 200) {
      facts.entrypoints.push({ source: 'pipeline-definition', path: code.path, line: pipeline.line, name: pipeline.kind, command: null, training: true, missing: [] });
    }
  }

  // The last resort: code that trains (by what it does, not its name) with nothing saying how to run it.
  if (!facts.entrypoints.some((entry) => entry.training)) {
    const scripts = trainingCode.filter((code) => !/(^|\/)tests?\//.test(code.path)).sort((a, b) => Number(b.script) - Number(a.script));
    for (const code of scripts.slice(0, 5)) {
      facts.entrypoints.push({ source: 'training-script', path: code.path, line: code.signals[0].line, name: `${code.path.slice(code.path.lastIndexOf('/') + 1)} (${code.signals[0].kind})`, command: null, training: true, missing: [] });
    }
  }
  return facts;
}

/** The command runs a script (`python train_model.py`, `python -m pkg.fit`) whose code trains. */
function runsTrainingCode(command: string, base: string, trainingPaths: ReadonlySet<string>): boolean {
  if (trainingPaths.size === 0) return false;
  for (const reference of referencesInCommandLine(command)) {
    if (!reference.target) continue;
    if (reference.kind === 'path' && reference.executed && (trainingPaths.has(joinPath(base, reference.target)) || trainingPaths.has(joinPath('', reference.target)))) return true;
    if (reference.kind === 'python-module') {
      const relative = reference.target.replace(/\./g, '/');
      for (const root of [base, joinPath(base, 'src'), '', 'src']) {
        if (trainingPaths.has(joinPath(root, `${relative}.py`)) || trainingPaths.has(joinPath(root, `${relative}/__main__.py`))) return true;
      }
    }
  }
  return false;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function isTrainingReference(reference: ShellReference, command: string): boolean {
  if (reference.kind === 'dvc-stage') return true; // `dvc repro` runs the pipeline
  if (reference.kind === 'make-target') return reference.target !== null && TRAINING_TARGET.test(reference.target);
  if (reference.kind === 'python-module') return TRAINING.test(reference.target ?? '') || TRAINING.test(command);
  return reference.kind === 'path' && reference.executed === true && TRAINING.test(reference.target ?? '');
}

/** The script a launcher runs (`accelerate launch --num_processes 8 run_distillation.py …`), when the shell reader named none. */
function launchedScript(command: string): ShellReference[] {
  const launcher = LAUNCHER.exec(command);
  if (!launcher) return [];
  const script = command
    .slice(launcher.index + launcher[0].length)
    .split(/\s+/)
    .slice(0, 40)
    .find((token) => /^[\w./-]{1,200}\.py$/.test(token) && !token.startsWith('-'));
  return script ? [{ kind: 'path', target: script.replace(/^\.\//, ''), command: command.trim(), executed: true }] : [];
}

/** The reference runs a script or module of the repository's own (not an installed tool). */
function runsOwnCode(snapshot: Snapshot, reference: ShellReference, base: string): boolean {
  if (!reference.target) return false;
  if (reference.kind === 'path') return reference.executed === true && (snapshot.has(joinPath(base, reference.target)) || snapshot.has(reference.target));
  if (reference.kind !== 'python-module') return false;
  const relative = reference.target.replace(/\./g, '/');
  return [base, joinPath(base, 'src'), '', 'src'].some((root) => snapshot.has(joinPath(root, `${relative}.py`)) || snapshot.has(joinPath(root, `${relative}/__main__.py`)));
}

/** Scripts and modules a command runs that the listing does not have. */
function missingReferences(snapshot: Snapshot, command: string, base: string, makeTargets: Set<string>): string[] {
  const missing: string[] = [];
  for (const reference of referencesInCommandLine(command)) {
    if (!reference.target) continue;
    if (reference.kind === 'path' && reference.executed) {
      const path = joinPath(base, reference.target);
      if (!snapshot.has(path) && !snapshot.has(reference.target)) missing.push(reference.target);
    } else if (reference.kind === 'python-module') {
      if (!resolveModule(snapshot, reference.target, base, false)) missing.push(`-m ${reference.target}`);
    } else if (reference.kind === 'make-target' && !reference.definedIn && makeTargets.size > 0 && !makeTargets.has(reference.target)) {
      missing.push(`make ${reference.target}`);
    }
  }
  return missing;
}

/**
 * Whether a dotted module is in the repository: `pkg/mod.py`, `pkg/mod/__main__.py` (for `-m`) or
 * `pkg/mod/__init__.py` (for console scripts), at the base folder or under `src/`. Modules of installed
 * libraries (`python -m pip`) are not the repository's business: a name whose top package is not here passes.
 */
function resolveModule(snapshot: Snapshot, module: string, base: string, importable: boolean): boolean {
  if (!/^[A-Za-z_][\w.]*$/.test(module)) return true;
  const relative = module.replace(/\./g, '/');
  const top = module.split('.')[0];
  const roots = [base, joinPath(base, 'src'), '', 'src'];
  let topPresent = false;
  for (const root of roots) {
    const at = (suffix: string) => snapshot.has(joinPath(root, suffix));
    if (at(`${relative}.py`) || at(`${relative}/__main__.py`) || (importable && at(`${relative}/__init__.py`))) return true;
    if (at(`${top}.py`) || snapshot.under(joinPath(root, top)).length > 0) topPresent = true;
  }
  return !topPresent && !TRAINING.test(module);
}

function folderOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

function joinPath(base: string, relative: string): string {
  const parts = base ? base.split('/') : [];
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
