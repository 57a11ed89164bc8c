// What the repository says about its Python environment: every lock file, requirements file (with its -r
// and -c includes followed inside the snapshot), conda environment, pyproject.toml and Dockerfile, each
// with how completely it pins what gets installed. Facts only; the reproducibility check scores them.
import { parseDockerfile, isDockerfileName, type Dockerfile } from '../formats/dockerfile.js';
import { lockKindOf, parseCondaEnvironment, parseLockfile, parsePipfile, parsePyproject, type Lockfile } from '../formats/lockfiles.js';
import { describeFormatError } from '../formats/result.js';
import { normaliseName, parseRequirements, type Requirement, type RequirementsFile } from '../formats/requirements.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { folderOf, resolveIn } from '../datasets/paths.js';
import { composeBuildArgs, withBuildArgs } from './compose-build-args.js';
import { constraintOf, hasTemplatePlaceholder, minorSeriesOf } from './pins.js';

/**
 * Dependencies named without exact versions: the team knows what to install, not which versions trained the
 * model. Worth what another ecosystem's manifest without its lock is (src/reproducibility/components.ts).
 */
const DECLARED_ONLY = 0.1;

export type SpecKind = 'lockfile' | 'requirements' | 'conda-environment' | 'pyproject' | 'pipfile' | 'setup-py';

export interface EnvironmentSpec {
  path: string;
  kind: SpecKind;
  /** 0..1: how completely this file alone fixes the installed packages. */
  quality: number;
  note: string;
  /** Python version or requirement the file states. */
  python: string | null;
  /** Normalised package names it installs (for GPU-stack detection). */
  packages: string[];
  /** Versions as written next to names (`torch` -> `2.3.1+cu121`), when known. */
  versions: Map<string, string>;
  /**
   * A requirements file of lint, test, dev, docs or CI tools (told by its name) that includes no other file:
   * what the developers' tools need, not what the delivery runs on (see `runtimeSpecs`).
   */
  tooling: boolean;
}

export interface UnpinnedRequirement {
  path: string;
  line: number;
  name: string;
  /** Why it is not pinned, in words: "no version", "range >=2.0", "branch or tag, not a commit". */
  reason: string;
}

export type EnvironmentProblemId =
  | 'lockfile-malformed'
  | 'lockfile-empty'
  | 'requirements-include-missing'
  | 'requirements-malformed'
  | 'environment-file-malformed';

export interface EnvironmentProblem {
  id: EnvironmentProblemId;
  path: string;
  line?: number;
  message: string;
}

export interface EnvironmentFacts {
  specs: EnvironmentSpec[];
  unpinned: UnpinnedRequirement[];
  problems: EnvironmentProblem[];
  dockerfiles: Array<{ path: string; dockerfile: Dockerfile }>;
  /** A valid, non-empty lock file exists. */
  locked: boolean;
  /** pyproject.toml files that declare dependencies but have no lock file next to them or at the root. */
  unlockedProjects: Array<{ path: string; dependencies: number }>;
  /**
   * Every pyproject.toml that declares dependencies, locked or not (a component's own are told by scope), with the
   * fully pinned requirements file beside it that records their versions (`uv pip compile pyproject.toml -o
   * requirements.txt`), when there is one: such a project is not unlocked.
   */
  declaringProjects: Array<{ path: string; dependencies: number; pinnedBy?: string }>;
  /** CUDA versions requirement files name through index URLs (`.../whl/cu121`). */
  cudaIndexes: Array<{ path: string; line: number; version: string }>;
}

const MAX_FILES_PER_KIND = 40;
/** A quoted requirement with a version operator in setup.py (`"transformers>=4.53.3"`, `'numpy==1.26.4'`). */
const SETUP_REQUIREMENT = /["']([A-Za-z][A-Za-z0-9._-]{0,80}(?:\[[\w,.-]{1,80}\])?[ \t]{0,3}(?:==|>=|<=|~=|!=|<|>)[ \t]{0,3}[\w.*+!-]{1,40}(?:[ \t]{0,3},[ \t]{0,3}(?:==|>=|<=|~=|!=|<|>)[ \t]{0,3}[\w.*+!-]{1,40}){0,3})["']/g;
/** Where a literal `install_requires=[` list opens. */
const INSTALL_REQUIRES_LIST = /\binstall_requires[ \t]{0,4}=[ \t]{0,4}\[/;
const MAX_SETUP_ENTRIES = 500;

/**
 * The string entries of a literal `install_requires=[...]` list (`'torch'`, `"numpy>=1.24"`), read by position and
 * never run; the list ends at its `]` or at the first entry that is not a string literal (a variable, a call).
 */
export function literalInstallRequires(text: string): string[] {
  const start = INSTALL_REQUIRES_LIST.exec(text);
  if (!start) return [];
  const out: string[] = [];
  let at = start.index + start[0].length;
  while (at < text.length && out.length < MAX_SETUP_ENTRIES) {
    const char = text[at];
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === ',') at++;
    else if (char === '#') {
      const end = text.indexOf('\n', at);
      at = end === -1 ? text.length : end + 1;
    } else if (char === '"' || char === "'") {
      const end = text.indexOf(char, at + 1);
      const entry = end === -1 ? '' : text.slice(at + 1, end).trim();
      if (end === -1 || entry.includes('\n') || !/^[A-Za-z][A-Za-z0-9._-]{0,80}/.test(entry)) break;
      out.push(entry);
      at = end + 1;
    } else break;
  }
  return out;
}
const SETUP_PYTHON = /\bpython_requires[ \t]{0,4}=[ \t]{0,4}["']([^"'\n]{1,40})["']/;
const MAX_INCLUDE_DEPTH = 8;
/** A conda environment's top-level keys: a `dependencies:` list, and its `name:` or `channels:`. */
const CONDA_DEPENDENCIES = /^dependencies[ \t]*:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n){0,20}[ \t]*- /m;
const CONDA_SIBLING = /^(?:name|channels)[ \t]*:/m;
const ENV_FILE_BYTES = 2 * 1024 * 1024;
/** Recorded environments (run records, saved MLflow models) describe a past run, not how to install the delivery. */
const RECORDED = /(^|\/)(mlruns|mlartifacts|wandb|\.dvc|site-packages|\.tox|\.nox)\//;
/** Words in a requirements file's name (or its folder's, for a bare `requirements.txt`) that mark tools, not the runtime. */
const TOOLING_WORDS = new Set(['lint', 'linting', 'linters', 'test', 'tests', 'testing', 'dev', 'develop', 'development', 'docs', 'doc', 'ci', 'style', 'typing', 'mypy']);

export async function collectEnvironment(snapshot: Snapshot): Promise<EnvironmentFacts> {
  const facts: EnvironmentFacts = { specs: [], unpinned: [], problems: [], dockerfiles: [], locked: false, unlockedProjects: [], declaringProjects: [], cudaIndexes: [] };
  const own = (path: string) => !RECORDED.test(path) && !isSavedModelFolder(snapshot, path) && !snapshot.isSymlink(path);

  // Lock files.
  const lockPaths = snapshot.files.filter((path) => lockKindOf(path) !== null && own(path)).slice(0, MAX_FILES_PER_KIND);
  for (const path of lockPaths) {
    const read = await snapshot.readText(path, { maxBytes: 8 * ENV_FILE_BYTES });
    if (!read.ok) continue;
    const lock = parseLockfile(lockKindOf(path)!, read.text);
    if (!lock.ok) {
      facts.problems.push({ id: 'lockfile-malformed', path, line: lock.error.line, message: `${path} could not be read as a lock file: ${describeFormatError(lock.error)}` });
      facts.specs.push(spec(path, 'lockfile', 0, 'malformed lock file', null, [], new Map()));
      continue;
    }
    facts.specs.push(lockSpec(path, lock.value));
    if (lock.value.packages.length === 0) facts.problems.push({ id: 'lockfile-empty', path, message: `${path} locks no packages.` });
    else facts.locked = true;
  }

  // Requirements files, includes followed.
  const requirementPaths = snapshot
    .glob(['**/requirements*.txt', '**/requirements/*.txt'])
    .filter(own)
    .slice(0, MAX_FILES_PER_KIND);
  const parsedFiles = new Map<string, RequirementsFile>();
  const reported = new Set<string>();
  /** Folder -> a runtime requirements file there that pins every requirement, and how many it pins. */
  const pinnedRequirements = new Map<string, { path: string; count: number }>();
  for (const path of requirementPaths) {
    const tree = await readRequirementTree(snapshot, path, parsedFiles, facts);
    const countable = tree.requirements.filter(({ requirement }) => requirement.kind !== 'path');
    const pinnedBy = (requirement: Requirement) =>
      (requirement.pinned && !hasTemplatePlaceholder(requirement.specifier)) || seriesPinned(requirement) || (requirement.name !== null && tree.constrained.has(requirement.name));
    const pinned = countable.filter(({ requirement }) => pinnedBy(requirement));
    const series = countable.filter(({ requirement }) => seriesPinned(requirement)).length;
    const hashed = countable.length > 0 && countable.every(({ requirement }) => requirement.hashes > 0 || requirement.pin === 'hashed-url' || requirement.pin === 'commit');
    for (const { file, requirement } of countable) {
      if (pinnedBy(requirement)) continue;
      const key = `${file}:${requirement.line}`;
      if (reported.has(key)) continue;
      reported.add(key);
      facts.unpinned.push({ path: file, line: requirement.line, name: requirement.name ?? requirement.displayName, reason: unpinnedReason(requirement) });
    }
    const names = countable.map(({ requirement }) => requirement.name).filter((name): name is string => name !== null);
    const versions = new Map<string, string>();
    for (const { requirement } of countable) {
      const exact = /^===?\s*(\S+)/.exec(requirement.specifier);
      if (requirement.name && exact) versions.set(requirement.name, exact[1]);
    }
    if (countable.length === 0) {
      facts.specs.push(spec(path, 'requirements', 0, 'no installable requirements (only local paths or includes)', null, [], versions, isToolingFile(path, tree)));
      continue;
    }
    if (pinned.length === countable.length && !isToolingFile(path, tree)) {
      const known = pinnedRequirements.get(folderOf(path));
      if (!known || known.count < countable.length) pinnedRequirements.set(folderOf(path), { path, count: countable.length });
    }
    const share = pinned.length / countable.length;
    const quality = Math.max(DECLARED_ONLY, share * (hashed ? 1 : 0.85));
    const note = `${pinned.length} of ${countable.length} requirement(s) pinned${seriesNote(series)}${hashed ? ', all with --hash' : ''}${tree.included.length ? `; includes ${tree.included.join(', ')}` : ''}`;
    facts.specs.push(spec(path, 'requirements', quality, note, null, names, versions, isToolingFile(path, tree)));
  }

  // conda environment files (also MLflow-style conda.yaml at the project root).
  const condaPaths = snapshot.glob(['**/environment*.{yml,yaml}', '**/conda.{yml,yaml}', '**/conda-env*.{yml,yaml}']).filter(own).slice(0, MAX_FILES_PER_KIND);
  // Named otherwise (`conda_dependencies.yml`, `ci_dependencies.yml`, `env-gpu.yaml`), a conda environment is
  // told by its content: a top-level `dependencies:` list with `name:` or `channels:` beside it.
  const condaByContent = snapshot
    .glob(['**/*{dependencies,conda,env,environment,requirements}*.{yml,yaml}'])
    .filter((path) => own(path) && !condaPaths.includes(path) && !/(^|\/)\.(github|gitlab|circleci|azure-pipelines)\/|(^|\/)(docker-)?compose[^/]*$/i.test(path))
    .slice(0, MAX_FILES_PER_KIND);
  for (const path of [...condaPaths, ...condaByContent]) {
    const read = await snapshot.readText(path, { maxBytes: ENV_FILE_BYTES });
    if (!read.ok) continue;
    if (!condaPaths.includes(path) && !(CONDA_DEPENDENCIES.test(read.text) && CONDA_SIBLING.test(read.text))) continue;
    const environment = parseCondaEnvironment(read.text);
    if (!environment.ok) {
      if (templated(path, 'conda-environment', read.text, facts)) continue;
      facts.problems.push({ id: 'environment-file-malformed', path, line: environment.error.line, message: `${path} could not be parsed: ${describeFormatError(environment.error)}` });
      continue;
    }
    const dependencies = environment.value.dependencies.filter((dependency) => dependency.name !== 'pip');
    const versions = new Map<string, string>();
    const series = dependencies.filter((dependency) => !dependency.pinned && minorSeriesOf(constraintOf(dependency.spec)) !== null).length;
    const condaPinned = (dependency: (typeof dependencies)[number]) => (dependency.pinned && !hasTemplatePlaceholder(dependency.spec)) || minorSeriesOf(constraintOf(dependency.spec)) !== null;
    for (const dependency of dependencies) {
      if (dependency.pinned && dependency.version && !hasTemplatePlaceholder(dependency.spec)) versions.set(dependency.name, dependency.version);
      if (condaPinned(dependency)) continue;
      facts.unpinned.push({ path, line: dependency.line ?? 1, name: dependency.name, reason: dependency.spec.trim() === dependency.name ? 'no version' : `not an exact version (${dependency.spec.trim().slice(0, 60)})` });
    }
    const pinned = dependencies.filter(condaPinned).length;
    const quality = dependencies.length ? Math.max(DECLARED_ONLY, (pinned / dependencies.length) * 0.85) : 0;
    facts.specs.push(
      spec(path, 'conda-environment', quality, `${pinned} of ${dependencies.length} dependencies pinned${seriesNote(series)}`, environment.value.python, dependencies.map((dependency) => dependency.name), versions),
    );
  }

  // pyproject.toml: the Python requirement and declared dependencies (ranges by design; a lock pins them).
  const pyprojects = snapshot.named('pyproject.toml').filter(own).slice(0, MAX_FILES_PER_KIND);
  for (const path of pyprojects) {
    const read = await snapshot.readText(path, { maxBytes: ENV_FILE_BYTES });
    if (!read.ok) continue;
    const project = parsePyproject(read.text);
    if (!project.ok) {
      if (templated(path, 'pyproject', read.text, facts)) continue;
      facts.problems.push({ id: 'environment-file-malformed', path, line: project.error.line, message: `${path} is not valid TOML: ${describeFormatError(project.error)}` });
      continue;
    }
    const names = project.value.dependencies.map((dependency) => normaliseName(/^[A-Za-z0-9._-]+/.exec(dependency)?.[0] ?? dependency));
    const exact = project.value.dependencies.filter((dependency) => /==\s*[^*\s,;]+\s*($|;)/.test(dependency) && !hasTemplatePlaceholder(dependency)).length;
    const quality = names.length ? Math.max(DECLARED_ONLY, 0.3 * (exact / names.length)) : 0;
    facts.specs.push(spec(path, 'pyproject', quality, `${names.length} declared dependencies, ${exact} exact`, project.value.requiresPython, names, new Map()));
    const beside = pinnedRequirements.get(folderOf(path));
    if (names.length > 0) facts.declaringProjects.push({ path, dependencies: names.length, ...(beside && beside.count >= names.length ? { pinnedBy: beside.path } : {}) });
  }

  // Pipfile without its lock still states Python.
  for (const path of snapshot.named('Pipfile').filter(own).slice(0, MAX_FILES_PER_KIND)) {
    const read = await snapshot.readText(path, { maxBytes: ENV_FILE_BYTES });
    if (!read.ok) continue;
    const pipfile = parsePipfile(read.text);
    if (!pipfile.ok) {
      if (templated(path, 'pipfile', read.text, facts)) continue;
      facts.problems.push({ id: 'environment-file-malformed', path, line: pipfile.error.line, message: `${path} is not valid TOML: ${describeFormatError(pipfile.error)}` });
      continue;
    }
    facts.specs.push(spec(path, 'pipfile', 0, `${pipfile.value.packages.length} packages (ranges; Pipfile.lock pins them)`, pipfile.value.python, pipfile.value.packages.map(normaliseName), new Map()));
  }
  // setup.py, read as text and never run: requirement strings with a version operator and python_requires.
  for (const path of snapshot.named('setup.py').filter(own).slice(0, MAX_FILES_PER_KIND)) {
    const read = await snapshot.readText(path, { maxBytes: ENV_FILE_BYTES });
    if (!read.ok || !/\binstall_requires\b/.test(read.text)) continue;
    // Versioned strings anywhere (a `_deps` list the call refers to), and every entry of a literal list, bare names too.
    const declared = [...new Set([...[...read.text.matchAll(SETUP_REQUIREMENT)].map((match) => match[1]), ...literalInstallRequires(read.text)])];
    const python = SETUP_PYTHON.exec(read.text)?.[1] ?? null;
    if (declared.length === 0 && python === null) continue;
    const names = [...new Set(declared.map((requirement) => normaliseName(/^[A-Za-z0-9._-]+/.exec(requirement)?.[0] ?? requirement)))];
    const exact = declared.filter((requirement) => /==[ \t]{0,3}[^*\s,;]+$/.test(requirement)).length;
    const quality = names.length ? Math.max(DECLARED_ONLY, 0.3 * (exact / names.length)) : 0;
    facts.specs.push(spec(path, 'setup-py', quality, `${names.length} requirement(s) declared in setup.py, ${exact} exact`, python, names, new Map()));
    // Every requirement pinned exactly records its version; a range without a lock does not.
    if (names.length > 0 && exact < declared.length) facts.declaringProjects.push({ path, dependencies: names.length });
  }
  // A lock anywhere covers the projects (a monorepo usually has one lock at the root).
  facts.unlockedProjects = facts.locked ? [] : facts.declaringProjects.filter((project) => !project.pinnedBy);

  // Dockerfiles.
  const dockerPaths = snapshot.files.filter((path) => isDockerfileName(path) && own(path)).slice(0, MAX_FILES_PER_KIND);
  // A base image chosen by an ARG is judged with the value Compose builds it with, not the unused default.
  const buildArgs = new Map<string, Record<string, string>>();
  if (dockerPaths.length > 0) {
    for (const path of snapshot.glob(['**/docker-compose*.{yml,yaml}', '**/compose*.{yml,yaml}']).filter(own).slice(0, 20)) {
      const read = await snapshot.readText(path, { maxBytes: ENV_FILE_BYTES });
      if (!read.ok) continue;
      for (const [dockerfile, args] of composeBuildArgs(path, read.text)) if (!buildArgs.has(dockerfile)) buildArgs.set(dockerfile, args);
    }
  }
  for (const path of dockerPaths) {
    const read = await snapshot.readText(path, { maxBytes: ENV_FILE_BYTES });
    const args = buildArgs.get(path);
    if (read.ok) facts.dockerfiles.push({ path, dockerfile: parseDockerfile(args ? withBuildArgs(read.text, args) : read.text) });
  }
  return facts;
}

/**
 * The facts that belong to one Python component of several: the files for which `owns` says so (those under its
 * root that no nearer component holds). A lock covers only the projects of its own component; a Dockerfile that
 * no component holds may still build this one (`builds`: one in a folder above it).
 */
export function environmentWithin(facts: EnvironmentFacts, owns: (path: string) => boolean, builds: (path: string) => boolean): EnvironmentFacts {
  const specs = facts.specs.filter((entry) => owns(entry.path));
  const locked = specs.some((entry) => entry.kind === 'lockfile' && entry.packages.length > 0);
  const declaringProjects = facts.declaringProjects.filter((project) => owns(project.path));
  return {
    specs,
    unpinned: facts.unpinned.filter((entry) => owns(entry.path)),
    problems: facts.problems.filter((problem) => owns(problem.path)),
    dockerfiles: facts.dockerfiles.filter((entry) => owns(entry.path) || builds(entry.path)),
    locked,
    unlockedProjects: locked ? [] : declaringProjects.filter((project) => !project.pinnedBy),
    declaringProjects,
    cudaIndexes: facts.cudaIndexes.filter((entry) => owns(entry.path)),
  };
}

function lockSpec(path: string, lock: Lockfile): EnvironmentSpec {
  const hashed = lock.packages.filter((entry) => entry.hashed).length;
  const total = lock.packages.length;
  const quality = total === 0 ? 0.2 : hashed / total >= 0.9 ? 1 : 0.9;
  const versions = new Map<string, string>();
  for (const entry of lock.packages) if (entry.version) versions.set(entry.name, entry.version);
  const note = `${lock.kind} lock${lock.formatVersion ? ` (format ${lock.formatVersion})` : ''}: ${total} package(s), ${hashed} with hashes`;
  return spec(path, 'lockfile', quality, note, lock.python, lock.packages.map((entry) => entry.name), versions);
}

function spec(path: string, kind: SpecKind, quality: number, note: string, python: string | null, packages: string[], versions: Map<string, string>, tooling = false): EnvironmentSpec {
  return { path, kind, quality, note, python, packages, versions, tooling };
}

/**
 * The files that say what the delivery runs on: every spec but the tool requirement files, unless those are all
 * there is. `requirements/lint-requirements.txt` pinning black and flake8 says nothing about the runtime that
 * `requirements.txt` leaves unpinned; with no other environment file it is still the only record there is.
 */
export function runtimeSpecs(facts: Pick<EnvironmentFacts, 'specs'>): EnvironmentSpec[] {
  const main = facts.specs.filter((entry) => !entry.tooling && (entry.kind === 'lockfile' || entry.packages.length > 0));
  return main.length > 0 ? facts.specs.filter((entry) => !entry.tooling) : facts.specs;
}

/**
 * `requirements-dev.txt`, `requirements/lint-requirements.txt`, `docs/requirements.txt`: every word of the name
 * but "requirements" names a tool's purpose (or, for a bare `requirements.txt`, its folder does). A file that
 * includes another (`-r requirements.txt`) installs the runtime too and is not tooling alone.
 */
function isToolingFile(path: string, tree: RequirementTree): boolean {
  if (tree.included.length > 0) return false;
  const parts = path.toLowerCase().split('/');
  const words = parts[parts.length - 1].replace(/\.txt$/, '').split(/[-_.]+/).filter((word) => word && word !== 'requirements' && word !== 'reqs');
  if (words.length > 0) return words.every((word) => TOOLING_WORDS.has(word));
  const folder = parts.length > 1 ? parts[parts.length - 2].replace(/^\./, '') : '';
  return TOOLING_WORDS.has(folder) || folder === 'github';
}

/**
 * A project template's environment file (`{{ cookiecutter.repo_name }}/pyproject.toml`) is not valid until it is
 * generated: listed as a template that states nothing, not reported as malformed.
 */
function templated(path: string, kind: SpecKind, text: string, facts: EnvironmentFacts): boolean {
  if (!hasTemplatePlaceholder(text)) return false;
  facts.specs.push(spec(path, kind, 0, 'a template with placeholders ({{ … }}): states nothing until it is generated', null, [], new Map()));
  return true;
}

/** A requirement pinned to its minor series only (`==1.27.*`, `~=2.0.1`): counted as pinned, named in the note. */
function seriesPinned(requirement: Requirement): boolean {
  return requirement.kind === 'package' && !requirement.pinned && minorSeriesOf(requirement.specifier) !== null;
}

function seriesNote(series: number): string {
  return series > 0 ? `, ${series} of them to a minor series only` : '';
}

interface RequirementTree {
  requirements: Array<{ file: string; requirement: Requirement }>;
  /** Names pinned exactly by a constraints file (`-c`) reachable from this file. */
  constrained: Set<string>;
  included: string[];
}

async function readRequirementTree(snapshot: Snapshot, root: string, cache: Map<string, RequirementsFile>, facts: EnvironmentFacts): Promise<RequirementTree> {
  const tree: RequirementTree = { requirements: [], constrained: new Set(), included: [] };
  const visited = new Set<string>();
  const visit = async (path: string, depth: number, asConstraint: boolean): Promise<void> => {
    if (visited.has(path) || depth > MAX_INCLUDE_DEPTH) return;
    visited.add(path);
    let file = cache.get(path);
    if (!file) {
      const read = await snapshot.readText(path, { maxBytes: ENV_FILE_BYTES });
      if (!read.ok) return;
      file = parseRequirements(read.text);
      cache.set(path, file);
      for (const problem of file.problems) facts.problems.push({ id: 'requirements-malformed', path, line: problem.line, message: problem.message });
      for (const option of file.options) {
        const cuda = /\/whl\/cu(\d{2,3})\b/.exec(option.option);
        if (cuda) facts.cudaIndexes.push({ path, line: option.line, version: cuda[1] });
      }
    }
    if (asConstraint) {
      for (const requirement of file.requirements) if (requirement.pinned && requirement.name) tree.constrained.add(requirement.name);
    } else {
      for (const requirement of file.requirements) tree.requirements.push({ file: path, requirement });
    }
    for (const include of file.includes) {
      const target = resolveInclude(path, include.path);
      if (target === null || !snapshot.has(target)) {
        const key = `${path}:${include.line}`;
        if (!facts.problems.some((problem) => problem.id === 'requirements-include-missing' && `${problem.path}:${problem.line}` === key)) {
          facts.problems.push({
            id: 'requirements-include-missing',
            path,
            line: include.line,
            message: `${include.kind === 'constraint' ? '-c' : '-r'} ${include.path.slice(0, 120)} ${target === null ? 'points outside the repository' : 'is not in the repository'}`,
          });
        }
        continue;
      }
      if (path === root) tree.included.push(target);
      await visit(target, depth + 1, asConstraint || include.kind === 'constraint');
    }
  };
  await visit(root, 0, false);
  return tree;
}

/** `-r base.txt` from `requirements/dev.txt` -> `requirements/base.txt`; null for URLs and escapes from the root. */
function resolveInclude(from: string, written: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written) || written.startsWith('/') || written.startsWith('~')) return null;
  return resolveIn(folderOf(from), written);
}

function unpinnedReason(requirement: Requirement): string {
  if (hasTemplatePlaceholder(requirement.specifier)) return 'a template placeholder, not a version';
  switch (requirement.pin) {
    case 'none':
      return 'no version';
    case 'range':
      return `a range (${requirement.specifier.slice(0, 60)}), not an exact version`;
    case 'ref':
      return 'a VCS URL at a branch or tag (or none), not a full commit hash';
    case 'url':
      return 'an archive URL without a hash';
    default:
      return 'not pinned';
  }
}

/** A folder holding an `MLmodel` file is a saved MLflow model: its requirements record the training run. */
function isSavedModelFolder(snapshot: Snapshot, path: string): boolean {
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  return snapshot.has(`${folder}MLmodel`);
}
