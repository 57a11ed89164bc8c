// reproducibility: can the receiving team rebuild the environment, find how to train, get the same random
// draws and know which Python (and CUDA) it all ran on?
import { defineCheck, findingFrom, unit, type Evidence, type Finding } from '../src/check.js';
import { parseYamlMapping } from '../src/formats/yaml.js';
import { collectEntrypoints, type Entrypoint } from '../src/reproducibility/entrypoints.js';
import { collectEnvironment, type EnvironmentFacts } from '../src/reproducibility/environment.js';
import { readPythonSources } from '../src/reproducibility/python-sources.js';
import { findSeedCalls, seedValuesInConfig, type SeedSighting } from '../src/reproducibility/seeds.js';
import { collectVersions, type VersionFacts } from '../src/reproducibility/versions.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

const MAX_UNPINNED_FINDINGS_PER_FILE = 25;
const CONFIG_GLOBS = ['params.yaml', 'params.yml', '{conf,config,configs}/**/*.{yaml,yml}', '*/params.yaml', 'MLproject'];

const check = defineCheck({
  id: 'reproducibility',
  title: 'Reproducible environment and training',
  rationale:
    'A model the buyer cannot retrain is a model the buyer cannot fix. Retraining needs the exact package versions, a documented way to start training, fixed random seeds and the Python/CUDA versions it ran on; without them "the same code" gives a different model.',
  defaultWeight: 2,
  criteria: [
    {
      id: 'environment',
      title: 'Environment pinned',
      weight: 4,
      description:
        'A lock file with hashes (uv.lock, poetry.lock, Pipfile.lock, pdm.lock, conda-lock) or fully pinned requirements earns full marks; pinned requirements without hashes 0.85; environment.yml by its share of exact versions; ranges alone very little. Unpinned base images and loose requirement files next to a lock cost a little.',
    },
    { id: 'entrypoint', title: 'Training entry point a newcomer can find', weight: 2, description: 'A DVC stage, MLproject entry point, Makefile target, console script or a command in the README that starts training and points at code that exists.' },
    { id: 'seeds', title: 'Random seeds set or documented', weight: 2, description: 'Seed calls in the training code earn full marks; seeds only in configuration 0.8; a seed only mentioned in documentation 0.5.' },
    { id: 'versions', title: 'Python (and CUDA) versions stated', weight: 1, description: 'One Python version or minor series stated (.python-version, requires-python, lock, conda, base image); a lower bound alone earns 0.7. A GPU stack must also state its CUDA version.' },
  ],
  findings: {
    'no-environment': { severity: 'error', title: 'No environment specification', criterion: 'environment', remediation: 'Commit a lock file (`uv lock`, `poetry lock`, `pipenv lock`, `pdm lock`, `conda-lock`) or a fully pinned `requirements.txt` (`pip-compile --generate-hashes`, or `pip freeze` from the training environment).' },
    'unpinned-requirement': { severity: 'warning', title: 'Requirement not pinned to an exact version', criterion: 'environment', remediation: 'Pin every requirement with `==` (and `--hash`), e.g. with `pip-compile --generate-hashes requirements.in`; pin VCS requirements to a full commit hash.' },
    'no-lockfile': { severity: 'warning', title: 'Dependencies declared as ranges, no lock file', criterion: 'environment', remediation: 'Generate and commit the lock file for the tool in use (`uv lock`, `poetry lock`, `pdm lock`) so the exact versions the model was trained with are recorded.' },
    'lockfile-malformed': { severity: 'error', title: 'Lock file cannot be read', criterion: 'environment', remediation: 'Regenerate the lock file with its tool; a hand-edited or truncated lock cannot reproduce anything.' },
    'lockfile-empty': { severity: 'warning', title: 'Lock file locks nothing', criterion: 'environment', remediation: 'Regenerate the lock after declaring the dependencies.' },
    'requirements-include-missing': { severity: 'warning', title: 'Included requirements file is missing', criterion: 'environment', remediation: 'Commit the file that `-r`/`-c` names, or fix the path; includes must stay inside the repository.' },
    'requirements-malformed': { severity: 'info', title: 'Requirements line pip would reject', criterion: 'environment', remediation: 'Fix the line so `pip install -r` accepts it.' },
    'environment-file-malformed': { severity: 'error', title: 'Environment file cannot be parsed', criterion: 'environment', remediation: 'Fix the syntax error at the given line (pyproject.toml, Pipfile and environment.yml are parsed with the tools\' grammars).' },
    'base-image-unpinned': { severity: 'warning', title: 'Docker base image not pinned', criterion: 'environment', remediation: 'Pin the base image by digest: `FROM python:3.11.9-slim@sha256:<digest>` (`docker buildx imagetools inspect` shows it).' },
    'base-image-tag': { severity: 'info', title: 'Docker base image pinned by tag only', criterion: 'environment', remediation: 'Tags can be re-pushed; add the digest (`image:tag@sha256:…`) to fix the exact image.' },
    'no-entrypoint': { severity: 'error', title: 'No training entry point', criterion: 'entrypoint', remediation: 'Give training one documented command: a `train` stage in dvc.yaml, an MLproject entry point, a `make train` target, a `[project.scripts]` console script, or a `python -m …` command in the README.' },
    'entrypoint-undocumented': { severity: 'warning', title: 'Training script exists but nothing says how to run it', criterion: 'entrypoint', remediation: 'Document the command (with its arguments and data paths) in the README, or wire it into dvc.yaml, MLproject, a Makefile or `[project.scripts]`.' },
    'entrypoint-missing-code': { severity: 'warning', title: 'Entry point runs code that is not in the repository', criterion: 'entrypoint', remediation: 'Commit the script or module the command runs, or correct the command.' },
    'entrypoint-unparsed': { severity: 'warning', title: 'Pipeline or project file cannot be parsed', criterion: 'entrypoint', remediation: 'Fix the YAML syntax error at the given line.' },
    'no-seeds': { severity: 'warning', title: 'No random seeds set', criterion: 'seeds', remediation: 'Set and record seeds in the training code (`random.seed`, `np.random.seed`, `torch.manual_seed`, `random_state=` for scikit-learn/LightGBM) or in params.yaml, and document them.' },
    'python-version-unstated': { severity: 'warning', title: 'Python version not stated', criterion: 'versions', remediation: 'Commit `.python-version` (e.g. `3.11.9`) or set `requires-python` to one minor series; a lock file or a `FROM python:3.11…` base image also states it.' },
    'python-version-range': { severity: 'info', title: 'Only a lower bound for Python', criterion: 'versions', remediation: 'State the version the model was trained and tested with, e.g. `.python-version` or `requires-python = ">=3.11,<3.12"`.' },
    'cuda-unstated': { severity: 'warning', title: 'GPU packages without a CUDA version', criterion: 'versions', remediation: 'State the CUDA version: a `+cu121` build or the PyTorch wheel index in requirements, `pytorch-cuda=12.1` in environment.yml, an `nvidia/cuda:12.1…` base image, or the README.' },
  },
  scale: {
    high: 'A hashed lock file, a documented training command that points at existing code, seeds fixed in code, and the Python (and CUDA) version stated.',
    low: 'Unpinned or no requirements, no way to start training, no seeds and no Python version: the model cannot be rebuilt.',
  },
  locationsUnused: 'it finds lockfiles, environment files, container files and sources by their names anywhere in the tree.',
  recognises: [
    'uv.lock, poetry.lock, Pipfile.lock, pdm.lock, conda-lock.yml, conda explicit specs',
    'requirements*.txt (pins, --hash, -r/-c includes inside the repository, extras, markers, VCS URLs), environment.yml, pyproject.toml (smol-toml), Pipfile',
    'Dockerfile FROM lines (digest, tag, latest, ARG substitution, multi-stage)',
    'dvc.yaml stage cmd, MLproject entry_points, Makefile train targets, [project.scripts], README commands (`python -m …`, `make train`, `dvc repro`)',
    'seed calls in the first 400 Python files (random, NumPy, PyTorch, TensorFlow, JAX, Lightning, transformers, random_state=, LightGBM/XGBoost seed) and seeds in params.yaml / Hydra configs',
    '.python-version, runtime.txt, requires-python, python_env.yaml, lock and conda Python, python:/nvidia/cuda base images, +cuXXX builds',
  ],
  async run(snapshot) {
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const environment = await collectEnvironment(snapshot);
    const entrypoints = await collectEntrypoints(snapshot);
    const sources = await readPythonSources(snapshot);
    const versions = await collectVersions(snapshot, environment);

    const environmentValue = judgeEnvironment(environment, evidence, findings);
    const entrypointValue = judgeEntrypoints(entrypoints.entrypoints, entrypoints.problems, evidence, findings);
    const seeds = [...findSeedCalls(sources.files), ...(await configSeeds(snapshot))];
    const seedValue = await judgeSeeds(snapshot, seeds, sources.files.length, sources.listed, evidence, findings);
    const versionValue = judgeVersions(versions, evidence, findings);

    const criteria = { environment: unit(environmentValue), entrypoint: unit(entrypointValue), seeds: unit(seedValue), versions: unit(versionValue) };
    const best = environment.specs.reduce((top, spec) => (spec.quality > (top?.quality ?? -1) ? spec : top), undefined as (typeof environment.specs)[number] | undefined);
    const summary = [
      best && best.quality > 0 ? `environment from ${best.path} (${best.note})` : 'no pinned environment',
      `${environment.unpinned.length} unpinned requirement(s)`,
      entrypoints.entrypoints.some((entry) => entry.training && entry.missing.length === 0) ? 'training entry point found' : 'no usable training entry point',
      seeds.length ? `${seeds.length} seed setting(s)` : 'no seeds',
      versions.python.length ? `Python ${versions.python[0].value}` : 'Python version unstated',
    ].join('; ');
    return { status: 'judged', criteria, evidence, findings, summary: summary + '.' };
  },
});

export default check;

function judgeEnvironment(environment: EnvironmentFacts, evidence: Evidence[], findings: Finding[]): number {
  for (const spec of environment.specs) evidence.push({ path: spec.path, kind: spec.kind, note: `${spec.note}${spec.python ? `; Python ${spec.python}` : ''}` });
  for (const problem of environment.problems) findings.push(findingFrom(check, problem.id, problem.message, { path: problem.path, line: problem.line }));

  const perFile = new Map<string, number>();
  const overflow = new Map<string, string[]>();
  for (const unpinned of environment.unpinned) {
    const count = (perFile.get(unpinned.path) ?? 0) + 1;
    perFile.set(unpinned.path, count);
    if (count <= MAX_UNPINNED_FINDINGS_PER_FILE) {
      findings.push(findingFrom(check, 'unpinned-requirement', `${unpinned.name} is not pinned: ${unpinned.reason}.`, { path: unpinned.path, line: unpinned.line }));
    } else overflow.set(unpinned.path, [...(overflow.get(unpinned.path) ?? []), `${unpinned.name} (line ${unpinned.line})`]);
  }
  for (const [path, names] of overflow) {
    findings.push(findingFrom(check, 'unpinned-requirement', `${names.length} more unpinned requirement(s): ${names.slice(0, 40).join(', ')}${names.length > 40 ? ', …' : ''}.`, { path }));
  }
  for (const project of environment.unlockedProjects) {
    findings.push(findingFrom(check, 'no-lockfile', `${project.path} declares ${project.dependencies} dependencies and no lock file records their versions.`, { path: project.path }));
  }

  let value = environment.specs.reduce((best, spec) => Math.max(best, spec.quality), 0);
  if (environment.specs.length === 0) {
    findings.push(findingFrom(check, 'no-environment', 'No lock file, requirements file, environment.yml or pyproject.toml found: nothing records which packages the model needs.'));
  }
  // Loose requirement files next to a good lock still mislead whoever runs `pip install -r` on them.
  if (environment.unpinned.length > 0 && value >= 0.85) value -= 0.1;

  let imagePenalty = 0;
  for (const { path, dockerfile } of environment.dockerfiles) {
    const external = dockerfile.stages.filter((stage) => stage.pin !== 'stage' && stage.pin !== 'scratch');
    evidence.push({
      path,
      kind: 'dockerfile',
      note: external.length ? external.map((stage) => `FROM ${stage.image.slice(0, 80)} (${stage.pin})`).join('; ') : 'no external base image',
    });
    for (const stage of external) {
      if (stage.pin === 'latest') {
        imagePenalty = Math.max(imagePenalty, 0.2);
        findings.push(findingFrom(check, 'base-image-unpinned', `FROM ${stage.image.slice(0, 80)} floats with every push of ${stage.tag ? `the ${stage.tag} tag` : 'the image (no tag means latest)'}.`, { path, line: stage.line }));
      } else if (stage.pin === 'tag') {
        imagePenalty = Math.max(imagePenalty, 0.05);
        findings.push(findingFrom(check, 'base-image-tag', `FROM ${stage.image.slice(0, 80)} is pinned by tag, not digest.`, { path, line: stage.line }));
      }
    }
  }
  return value - imagePenalty;
}

function judgeEntrypoints(entrypoints: Entrypoint[], problems: Array<{ path: string; line?: number; message: string }>, evidence: Evidence[], findings: Finding[]): number {
  for (const problem of problems) findings.push(findingFrom(check, 'entrypoint-unparsed', problem.message, { path: problem.path, line: problem.line }));
  let best = 0;
  for (const entry of entrypoints) {
    evidence.push({
      path: entry.path,
      line: entry.line,
      kind: `entrypoint:${entry.source}`,
      note: `${entry.name}${entry.command && entry.command !== entry.name ? `: ${entry.command.slice(0, 120)}` : ''}${entry.training ? '' : ' (not training)'}${entry.missing.length ? `; missing ${entry.missing.join(', ')}` : ''}`,
    });
    if (entry.missing.length > 0) {
      findings.push(findingFrom(check, 'entrypoint-missing-code', `${describeSource(entry)} "${entry.name.slice(0, 60)}" runs ${entry.missing.join(', ')}, which the repository does not contain.`, { path: entry.path, line: entry.line }));
    }
    const value =
      entry.source === 'training-script' ? 0.4 : entry.missing.length > 0 ? 0.5 : entry.training ? 1 : entry.source === 'dvc-stage' || entry.source === 'mlproject' ? 0.8 : 0.3;
    best = Math.max(best, value);
  }
  const scripts = entrypoints.filter((entry) => entry.source === 'training-script');
  if (entrypoints.length === 0) {
    findings.push(findingFrom(check, 'no-entrypoint', 'Nothing says how to train: no dvc.yaml stage, MLproject entry point, Makefile train target, console script, README command or train*.py script.'));
  } else if (scripts.length === entrypoints.length) {
    findings.push(findingFrom(check, 'entrypoint-undocumented', `${scripts.map((entry) => entry.path).join(', ')} look like training code, but no pipeline, Makefile, console script or README command says how to run them.`, { path: scripts[0].path }));
  }
  return best;
}

function describeSource(entry: Entrypoint): string {
  switch (entry.source) {
    case 'dvc-stage':
      return 'DVC stage';
    case 'mlproject':
      return 'MLproject entry point';
    case 'make-target':
      return 'Make target';
    case 'console-script':
      return 'Console script';
    case 'documented-command':
      return 'Documented command';
    default:
      return 'Script';
  }
}

async function configSeeds(snapshot: Snapshot): Promise<SeedSighting[]> {
  const found: SeedSighting[] = [];
  const paths = snapshot.glob(CONFIG_GLOBS).filter((path) => !snapshot.isSymlink(path)).slice(0, 40);
  for (const path of paths) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok) continue;
    const config = parseYamlMapping(read.text);
    if (config.ok) found.push(...seedValuesInConfig(config.value, read.text, path));
  }
  return found;
}

async function judgeSeeds(snapshot: Snapshot, seeds: SeedSighting[], read: number, listed: number, evidence: Evidence[], findings: Finding[]): Promise<number> {
  const inCode = seeds.filter((seed) => seed.path.endsWith('.py'));
  for (const seed of seeds.slice(0, 30)) evidence.push({ path: seed.path, line: seed.line, kind: 'seed', note: seed.kind });
  if (seeds.length > 30) evidence.push({ path: '', kind: 'seed', note: `${seeds.length - 30} more seed settings not listed` });
  if (inCode.length > 0) return 1;
  if (seeds.length > 0) return 0.8;
  const documented = await seedDocumented(snapshot);
  if (documented) {
    evidence.push({ path: documented.path, line: documented.line, kind: 'seed', note: 'seed mentioned in documentation only' });
    return 0.5;
  }
  const scope = listed === 0 ? 'no Python code to look in' : `looked in ${read} of ${listed} Python file(s)`;
  findings.push(findingFrom(check, 'no-seeds', `No random seed is set in code or configuration (${scope}); retraining gives a different model each time.`));
  return 0;
}

async function seedDocumented(snapshot: Snapshot): Promise<{ path: string; line: number } | null> {
  for (const path of snapshot.files.filter((file) => /^(readme|docs\/[^/]*)\.(md|rst)$/i.test(file)).slice(0, 10)) {
    const read = await snapshot.readText(path, { maxBytes: 512 * 1024 });
    if (!read.ok) continue;
    const index = read.text.split('\n').findIndex((line) => /\b(random )?seeds?\b[^.\n]{0,40}\b\d+\b|\bseed\s*[=:]\s*\d+/i.test(line));
    if (index !== -1) return { path, line: index + 1 };
  }
  return null;
}

function judgeVersions(versions: VersionFacts, evidence: Evidence[], findings: Finding[]): number {
  for (const statement of versions.python) evidence.push({ path: statement.path, line: statement.line, kind: 'python-version', note: `${statement.value} (${statement.source})` });
  for (const statement of versions.cuda) evidence.push({ path: statement.path, line: statement.line, kind: 'cuda-version', note: `${statement.value} (${statement.source})` });
  let value: number;
  if (versions.python.some((statement) => statement.exact)) value = 1;
  else if (versions.python.length > 0) {
    value = 0.7;
    findings.push(findingFrom(check, 'python-version-range', `Python is stated only as ${versions.python.map((statement) => `${statement.value} (${statement.path})`).join(', ')}.`, { path: versions.python[0].path }));
  } else {
    value = 0;
    findings.push(findingFrom(check, 'python-version-unstated', 'No .python-version, runtime.txt, requires-python, lock file, conda environment or python base image states the Python version.'));
  }
  if (versions.gpuPackages.length > 0 && versions.cuda.length === 0) {
    value *= 0.6;
    findings.push(findingFrom(check, 'cuda-unstated', `The environment installs ${versions.gpuPackages.slice(0, 6).join(', ')} but no file states the CUDA version.`));
  }
  return value;
}
