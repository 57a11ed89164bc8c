// reproducibility: can the receiving team rebuild the environment of every component it receives (a Python
// training pipeline, a Rails or Node service, a .NET or Go API), find how to train, get the same random draws and
// know which runtime (and CUDA) it all ran on? Training criteria apply where something is trained; where nothing
// is and the delivery is an LLM application or a data pipeline, the entry point is the command that re-runs its
// evaluation or its pipeline, and seeds apply only to code that draws at random.
import { defineCheck, findingFrom, unit, type Evidence, type Finding } from '../src/check.js';
import { describeComponent, detectComponents, ECOSYSTEM_NAMES, within } from '../src/components/detect.js';
import { folderOf } from '../src/datasets/paths.js';
import { judgeComponents, pythonParts, type ComponentJudgement, type PythonPart } from '../src/reproducibility/components.js';
import { findTrainingCode, type TrainingCode } from '../src/reproducibility/training-code.js';
import { parseYamlMapping } from '../src/formats/yaml.js';
import { collectEntrypoints, type Entrypoint } from '../src/reproducibility/entrypoints.js';
import { collectEnvironment, runtimeSpecs, type EnvironmentFacts } from '../src/reproducibility/environment.js';
import { documentedInstall, type DocumentedInstall } from '../src/reproducibility/documented-versions.js';
import { readNotebookCode, type NotebookCode } from '../src/reproducibility/notebooks.js';
import { readPythonSources } from '../src/reproducibility/python-sources.js';
import { collectRunCommands, type RunCommand } from '../src/reproducibility/run-commands.js';
import { findSamplingCode } from '../src/reproducibility/sampling.js';
import { findSeedCalls, seedValuesInConfig, type SeedSighting } from '../src/reproducibility/seeds.js';
import { collectVersions, type VersionFacts } from '../src/reproducibility/versions.js';
import { DEFAULT_PROFILES, promptedOnly, trainsModel, type DeliveryProfiles } from '../src/profiles/system-profile.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

const MAX_UNPINNED_FINDINGS_PER_FILE = 25;
const CONFIG_GLOBS = ['params.yaml', 'params.yml', '{conf,config,configs}/**/*.{yaml,yml}', '*/params.yaml', 'MLproject'];
/** Something was trained here: model files, experiment runs, ML pipeline files. Then training code is expected. */
const TRAINED_ARTIFACT = /\.(pt|pth|ckpt|safetensors|onnx|h5|keras|joblib|pkl|pickle|gguf|tflite|cbm)$|(^|\/)(MLmodel|dvc\.yaml|MLproject|params\.yaml)$|(^|\/)(mlruns|wandb)\//;
/** Languages whose code could train a model but which this check does not read for training loops or seeds. */
const UNREAD_TRAINING_LANGUAGES: ReadonlyArray<[string, RegExp]> = [
  ['R', /\.(R|r|Rmd|qmd)$/],
  ['Julia', /\.jl$/],
  ['Scala', /\.scala$/],
  ['MATLAB', /\.mlx$/],
];
const MAX_NOTEBOOKS = 20;
/** Code a team would build or run, or a model it would retrain: any of these makes the environment matter. */
const CODE_OR_MODEL = /\.(py|ipynb|sql|R|r|Rmd|qmd|jl|scala|sh|bash|js|mjs|cjs|ts|tsx|jsx|java|kt|go|rs|rb|cs|fs|php|ex|exs|c|cc|cpp|h|hpp|swift|m|lua|pl|ps1)$|(^|\/)(Dockerfile|Makefile|dbt_project\.ya?ml|dvc\.yaml|MLproject|Jenkinsfile)$/;
/** A Python version stated only in a README or setup page: half of one a tool reads (a lower bound there, 0.7 of that). */
const DOCUMENTED_PYTHON = 0.5;
const MAX_SUMMARISED_PARTS = 6;

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
        'Judged per component (found by its manifest: pyproject/requirements, package.json, Gemfile, go.mod, Cargo.toml, *.csproj/*.sln, pom.xml/build.gradle, composer.json, mix.exs) and averaged; each Python component on the environment files in its own folder (a nested project with its own lock is a component of its own), the whole repository when it has one Python component or none. Python: a lock file with hashes (uv.lock, poetry.lock, Pipfile.lock, pdm.lock, conda-lock) or fully pinned requirements earns full marks; pinned requirements without hashes 0.85; environment.yml by its share of exact versions; a minor-series pin (`==1.27.*`, conda `=1.18.*`, `~=2.0.1`) counts as pinned, a template placeholder (`{{ cookiecutter.x }}`) does not; names or ranges alone 0.1, like another ecosystem\'s manifest without its lock. A package.json with development tools only counts a quarter. Other ecosystems: the tool\'s lock (package-lock.json/yarn.lock/pnpm-lock.yaml/bun.lockb, Gemfile.lock, go.sum, Cargo.lock, packages.lock.json per project, gradle.lockfile, composer.lock, mix.lock) 1 with hashes, 0.9 without; Maven and NuGet without a lock 0.7 when every version is exact, 0.3 with ranges; no lock 0.1; no dependencies 1. Requirement files of lint, test, dev, docs or CI tools (`requirements/lint-requirements.txt`, `docs/requirements.txt`) are listed but not scored when a runtime environment file exists. Unpinned base images and loose requirement files next to a lock cost a little.',
    },
    {
      id: 'entrypoint',
      title: 'Training (or evaluation, or pipeline) entry point a newcomer can find',
      weight: 2,
      description:
        'A DVC stage, MLproject entry point, Makefile target, console script, pipeline definition (MLflow Recipes, Kubeflow/Vertex, ZenML, Kedro, Metaflow), a command in the README or a CI step (a Jenkinsfile stage, a workflow or Azure task script that runs training code, a training module, or the repository\'s script from a stage named for training or the ML pipeline) that starts training and points at code that exists. Training is told by what code does (a training loop, a fit call, a pipeline definition), not by file names. When nothing is trained: for an LLM application, a documented command (README or docs, Makefile target, Rake task, package.json or pyproject script, CI step) that re-runs the evaluation (promptfoo eval, deepeval test run, inspect eval, pytest on evals/) earns full marks, one that only starts the application or its ingestion 0.5, a named configuration that is missing 0.5; for a data pipeline, a documented command that runs it (dbt build/run, airflow dags trigger, dagster job execute, kedro run, spark-submit) 1, a definition its tool runs by convention (dbt_project.yml, a DAG file) with no command 0.6. Otherwise it does not apply. Counts no more than the environment criterion (the best-pinned component\'s when there are several): a command reproduces a run only as far as the packages it runs on are pinned.',
    },
    {
      id: 'seeds',
      title: 'Random seeds set or documented',
      weight: 2,
      description:
        'Seed calls in the training code (Python files, and the code cells of a notebook that trains; never outputs) earn full marks; seeds only in configuration 0.8; a seed only mentioned in documentation 0.5. Applies when something is trained, or, for an LLM application or a data pipeline, when its code draws at random (random.sample/shuffle, NumPy random, DataFrame.sample, train_test_split, shuffle=True). Counts no more than the environment criterion (the best-pinned component\'s when there are several): the same seed gives another model on other package versions.',
    },
    { id: 'versions', title: 'Runtime (and CUDA) versions stated', weight: 1, description: 'Per component, one runtime version or minor series stated (Python: .python-version in its folder or above, requires-python, lock, conda, base image of its own or of no component; others: .ruby-version, .nvmrc/.node-version/engines, go.mod go/toolchain, rust-toolchain, global.json, .java-version/.sdkmanrc/Gradle toolchain/Maven release, .tool-versions/mise, base image, and for Node the `actions/setup-node` version of a CI job that builds in its folder); a range or lower bound alone earns 0.7. A Python version stated only in the README (its own or a folder\'s above) or a setup page, which no tool reads, earns 0.5, a lower bound there 0.35. A GPU stack must also state its CUDA version (a `+cu121` build, the PyTorch wheel index, `pytorch-cuda`, a CUDA base image, or the README: "CUDA 12.1", `--index-url …/whl/cu121`).' },
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
    'no-eval-command': {
      severity: 'warning',
      title: 'Nothing says how to re-run the evaluation',
      criterion: 'entrypoint',
      remediation: 'Document the command that re-runs the evaluation suite the delivered version passed (e.g. `npx promptfoo@0.96 eval -c evals/promptfooconfig.yaml`, `deepeval test run evals/`), in the README, a Makefile `eval` target or a package script, and run it in CI.',
    },
    'entrypoint-unparsed': { severity: 'warning', title: 'Pipeline or project file cannot be parsed', criterion: 'entrypoint', remediation: 'Fix the YAML syntax error at the given line.' },
    'no-seeds': { severity: 'warning', title: 'No random seeds set', criterion: 'seeds', remediation: 'Set and record seeds in the training code (`random.seed`, `np.random.seed`, `torch.manual_seed`, `random_state=` for scikit-learn/LightGBM) or in params.yaml, and document them.' },
    'python-version-unstated': { severity: 'warning', title: 'Python version not stated', criterion: 'versions', remediation: 'Commit `.python-version` (e.g. `3.11.9`) or set `requires-python` to one minor series; a lock file or a `FROM python:3.11…` base image also states it.' },
    'python-version-documented': { severity: 'info', title: 'Python version stated only in documentation', criterion: 'versions', remediation: 'Commit `.python-version` (e.g. `3.11.9`) or set `requires-python` to the version the README names, so the tools that build the environment use it.' },
    'python-version-range': { severity: 'info', title: 'Only a lower bound for Python', criterion: 'versions', remediation: 'State the version the model was trained and tested with, e.g. `.python-version` or `requires-python = ">=3.11,<3.12"`.' },
    'runtime-version-unstated': { severity: 'warning', title: 'Runtime version not stated for a component', criterion: 'versions', remediation: 'Commit the version file the ecosystem uses (`.ruby-version`, `.nvmrc`, `rust-toolchain.toml`, `global.json` with `sdk.version`, `.java-version` or a Gradle toolchain, `.tool-versions`), or pin the base image (`FROM node:20.11.1-slim`).' },
    'cuda-unstated': { severity: 'warning', title: 'GPU packages without a CUDA version', criterion: 'versions', remediation: 'State the CUDA version: a `+cu121` build or the PyTorch wheel index in requirements, `pytorch-cuda=12.1` in environment.yml, an `nvidia/cuda:12.1…` base image, or the README (`--index-url https://download.pytorch.org/whl/cu121`, "CUDA 12.1").' },
  },
  scale: {
    high: 'A hashed lock file, a documented training command that points at existing code, seeds fixed in code, and the Python (and CUDA) version stated.',
    low: 'Unpinned or no requirements, no way to start training, no seeds and no Python version: the model cannot be rebuilt.',
  },
  profiles: {
    'llm-application':
      'for an application that trains nothing, the entry point is the documented command that re-runs its evaluation (or, for half, one that starts the application or its ingestion), and seeds apply only where its code samples at random; environment and runtime versions are judged as for any delivery.',
    'data-pipeline':
      'for a pipeline that trains nothing, the entry point is the documented command that runs the pipeline (dbt build, airflow dags trigger, dagster job execute, kedro run), and seeds apply only where its code samples at random.',
  },
  locationsUnused: 'it finds lockfiles, environment files, container files and sources by their names anywhere in the tree.',
  recognises: [
    'components by manifest (pyproject.toml, setup.py, requirements*.txt, Pipfile, environment.yml, package.json, Gemfile, *.gemspec, go.mod, Cargo.toml, *.csproj/*.fsproj/*.sln, pom.xml, build.gradle(.kts), settings.gradle, composer.json, mix.exs), nested workspace members joined to their root, a nested Python project with its own lock (poetry.lock, uv.lock, Pipfile.lock, pdm.lock) judged apart',
    'uv.lock, poetry.lock, Pipfile.lock, pdm.lock, conda-lock.yml, conda explicit specs',
    'package-lock.json, npm-shrinkwrap.json, yarn.lock (v1 and Berry), pnpm-lock.yaml, bun.lock(b), Gemfile.lock (CHECKSUMS, RUBY VERSION), go.sum, Cargo.lock, gradle.lockfile, NuGet packages.lock.json, composer.lock, Chart.lock, mix.lock; Maven/NuGet declared versions (no native lock: exact versions credited 0.7)',
    '.ruby-version, .nvmrc, .node-version, engines.node, volta.node, go.mod go/toolchain, rust-toolchain(.toml), Cargo.toml rust-version, global.json sdk.version, TargetFramework, .java-version, .sdkmanrc, Gradle jvmToolchain, Maven compiler release, composer.json php, .tool-versions, mise.toml, runtime base images (node, ruby, golang, rust, dotnet, temurin, php, elixir)',
    'training code by behaviour: training loops (for epoch in, .backward(), optimizer.step()), fit calls (.fit(, Trainer(, trainer.train(), xgb/lgb.train), pipeline definitions (@dsl.pipeline, ZenML, Kedro, Metaflow, Vertex/SageMaker jobs, MLflow Recipes recipe.yaml), in Python files and notebooks',
    'requirements*.txt (pins, --hash, -r/-c includes inside the repository, extras, markers, VCS URLs), environment.yml, pyproject.toml (smol-toml), Pipfile',
    'Dockerfile FROM lines (digest, tag, latest, ARG substitution with the build args a Compose file passes, multi-stage)',
    'skipped for a delivery of documents only: no code, notebook, manifest, environment file, pipeline definition or model file, so nothing to rebuild',
    'a requirements file beside a pyproject.toml that pins every requirement (`uv pip compile pyproject.toml -o requirements.txt`) as the record of its versions; a README `pip install` line named when no environment file exists',
    'dvc.yaml stage cmd, MLproject entry_points, Makefile train targets, [project.scripts], README commands (`python -m …`, `make train`, `dvc repro`)',
    'when nothing is trained: evaluation commands (promptfoo eval, deepeval test run, inspect eval, lm_eval, pytest on evals/), application commands (uvicorn, streamlit/chainlit run, docker compose up, npm start), pipeline commands (dbt build/run, airflow dags trigger/test, dagster job execute, prefect deployment run, kedro run, spark-submit) in README/docs code blocks, Makefile targets, Rake tasks (Rakefile, lib/tasks/*.rake), package.json scripts, pyproject console scripts and CI workflow steps; dbt_project.yml and Airflow/Dagster/Prefect files as pipeline definitions; sampling code (random.sample/shuffle, NumPy random, DataFrame.sample, train_test_split, shuffle=True)',
    'seed calls in the first 400 Python files and the code cells of the first 20 notebooks (random, NumPy, PyTorch, TensorFlow, JAX, Lightning, transformers, random_state=, LightGBM/XGBoost seed) and seeds in params.yaml / Hydra configs',
    '.python-version, runtime.txt, requires-python, python_env.yaml, lock and conda Python, python:/nvidia/cuda base images, +cuXXX builds; Python and CUDA versions in the README and setup pages ("Python 3.10", "Python >= 3.9", `python=3.11`, `--python 3.11`, "CUDA 12.1", `--index-url https://download.pytorch.org/whl/cu121`, `pytorch-cuda=12.1`)',
    'CI steps that run training (GitHub Actions, GitLab CI, Azure Pipelines tasks and inline scripts, Jenkinsfile stages, …) and `actions/setup-node` node-version (or a one-value matrix) for the JavaScript component a job builds in',
  ],
  async run(snapshot, context) {
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const components = detectComponents(snapshot.files);
    const sources = await readPythonSources(snapshot);
    const trainingCode = findTrainingCode(sources.files);
    const environment = await collectEnvironment(snapshot);
    const entrypoints = await collectEntrypoints(snapshot, trainingCode);
    const { judged: others, notJudged } = await judgeComponents(snapshot, components);
    // A delivery of documents only (ADR templates, a handbook) has no code to rebuild: no environment to ask for.
    if (components.length === 0 && environment.specs.length === 0 && sources.listed === 0 && entrypoints.entrypoints.length === 0 && !snapshot.files.some((path) => CODE_OR_MODEL.test(path) || TRAINED_ARTIFACT.test(path))) {
      return { status: 'skip', reason: `Nothing to rebuild: no code, notebook, manifest, environment file, pipeline definition or model file among the ${snapshot.files.length} file(s).` };
    }
    // Python is judged when it is a component, or when its code is all there is or trains something.
    const python = components.some((component) => component.ecosystem === 'python') || environment.specs.length > 0 || (sources.listed > 0 && (others.length === 0 || trainingCode.length > 0));

    const environmentValues: Weighted[] = [];
    const versionValues: Weighted[] = [];
    const pinnedEnvironments: PinnedEnvironment[] = [];
    // Each Python component is judged on its own files, like the others; one (or none) is the whole repository.
    const { parts, notJudged: pythonNotJudged, unowned } = pythonParts(components, environment);
    const pythonSummaries: string[] = [];
    if (python || others.length === 0) {
      for (const part of parts) {
        const owner = part.component && (parts.length > 1 || others.length > 0) ? { label: describeComponent(part.component), path: part.component.manifests[0] } : null;
        const environmentValue = judgeEnvironment(part.environment, evidence, findings, owner, whatRuns(context.profiles ?? DEFAULT_PROFILES), part.environment.specs.length === 0 && !owner ? await readmeInstall(snapshot) : null);
        const versions = await collectVersions(snapshot, part.environment, part.scope);
        const versionValue = judgeVersions(versions, evidence, findings, owner);
        environmentValues.push({ value: environmentValue, weight: 1 });
        const best = bestSpec(part.environment);
        pinnedEnvironments.push({ label: owner?.label ?? 'the Python environment', path: best?.path ?? owner?.path ?? '', value: environmentValue, imagePenalty: imagePenaltyOf(part.environment.dockerfiles), toolsOnly: false });
        versionValues.push({ value: versionValue, weight: 1 });
        pythonSummaries.push(describePythonPart(part, environmentValue, versions, owner, evidence, parts.length > 1));
      }
      for (const spec of unowned) evidence.push({ path: spec.path, kind: spec.kind, note: `${spec.note} (part of no Python component: not scored)` });
      if (pythonNotJudged > 0) evidence.push({ path: '', kind: 'component', note: `${pythonNotJudged} more Python component(s) not judged (the first ${parts.length} are)` });
    }
    for (const judged of others) {
      environmentValues.push({ value: judgeComponentEnvironment(judged, evidence, findings), weight: judged.weight });
      const images = environment.dockerfiles.filter((entry) => within(folderOf(entry.path), judged.component.root));
      pinnedEnvironments.push({ label: judged.label, path: judged.component.manifests[0], value: judged.environment, imagePenalty: imagePenaltyOf(images), toolsOnly: judged.weight < 1 });
      versionValues.push({ value: judgeComponentRuntime(judged, findings), weight: judged.weight });
    }
    if (notJudged > 0) evidence.push({ path: '', kind: 'component', note: `${notJudged} more component(s) not judged (the first ${others.length} are)` });
    const imagePenalty = judgeBaseImages(environment, evidence, findings);
    const environmentValue = average(environmentValues) - imagePenalty;
    const versionValue = average(versionValues);

    // Entry point and seeds apply where something is trained; code in a language not read is named, not scored.
    // Notebooks are read for their code cells only (never outputs): where they train, and where they set seeds.
    const notebooks = await readNotebookCode(snapshot, MAX_NOTEBOOKS);
    const trainingInNotebooks = findTrainingCode(notebooks.notebooks);
    const notebookTraining = trainingCode.length > 0 ? [] : trainingInNotebooks;
    const trained = trainingCode.length > 0 || notebookTraining.length > 0 || entrypoints.entrypoints.some((entry) => entry.training) || snapshot.files.some((path) => TRAINED_ARTIFACT.test(path));
    for (const code of [...trainingCode, ...notebookTraining].slice(0, 10)) {
      const place = placeIn(notebooks.notebooks, code.path, code.signals[0].line);
      evidence.push({ path: code.path, line: place.line, kind: 'training-code', note: `${place.cell ? `${place.cell}: ` : ''}${code.signals.map((signal) => signal.kind).join(', ')}` });
    }
    const seedsIn = (): SeedSighting[] => [...findSeedCalls(sources.files), ...notebookSeeds(notebooks.notebooks), ...configSeedsRead];
    const configSeedsRead = await configSeeds(snapshot);
    const seedScope: SeedScope = { read: sources.files.length, listed: sources.listed, notebooksRead: notebooks.notebooks.length, notebooksListed: notebooks.listed, trainingNotebooks: new Set(trainingInNotebooks.map((code) => code.path)) };
    const criteria: Record<string, number> = { environment: unit(environmentValue), versions: unit(versionValue), entrypoint: 0, seeds: 0 };
    const notApplicable: Array<{ criterion: string; reason: string }> = [];
    const unsupported: Array<{ criterion: string; reason: string }> = [];
    let seedCount = 0;
    const equivalent = equivalentEntrypoint(context.profiles ?? DEFAULT_PROFILES);
    if (trained) {
      criteria.entrypoint = unit(judgeEntrypoints(entrypoints.entrypoints, entrypoints.problems, notebookTraining, evidence, findings));
      const seeds = seedsIn();
      seedCount = seeds.length;
      // A model delivered without the code that trained it: no seed to find, and no retraining to make it matter.
      const noTrainingCode = trainingCode.length === 0 && trainingInNotebooks.length === 0 && !entrypoints.entrypoints.some((entry) => entry.training);
      criteria.seeds = unit(await judgeSeeds(snapshot, seeds, seedScope, evidence, findings, noTrainingCode ? 'no code that trains is delivered either, so the model cannot be retrained with fixed draws' : undefined));
    } else {
      const unread = unreadTrainingLanguages(snapshot.files);
      const looked = `no training loop, fit call or pipeline definition in ${sources.files.length} Python file(s) read, no training command or pipeline file, no model files or experiment runs`;
      if (equivalent && unread.length === 0) {
        // Nothing trained: the command that re-runs the evaluation or the pipeline is what a newcomer needs instead.
        criteria.entrypoint = unit(judgeRunCommands(await collectRunCommands(snapshot, sources.files), equivalent, evidence, findings));
        const sampling = findSamplingCode(sources.files);
        if (sampling.length > 0) {
          for (const sighting of sampling.slice(0, 10)) evidence.push({ path: sighting.path, line: sighting.line, kind: 'sampling-code', note: sighting.what });
          const seeds = seedsIn();
          seedCount = seeds.length;
          const drawn = `${sampling[0].what} in ${sampling[0].path}:${sampling[0].line}${sampling.length > 1 ? ` and ${sampling.length - 1} more file(s)` : ''} draws differently on every run`;
          criteria.seeds = unit(await judgeSeeds(snapshot, seeds, seedScope, evidence, findings, drawn));
        } else {
          const temperature = equivalent === 'llm-application' ? "; an LLM's own sampling is set by temperature in its model settings, not by a seed in code" : '';
          notApplicable.push({ criterion: 'seeds', reason: `nothing is trained or drawn at random here: ${looked}; no random.sample/shuffle, NumPy random, DataFrame.sample, train_test_split or shuffle=True in the Python files read${temperature}` });
        }
      } else {
        for (const criterion of ['entrypoint', 'seeds']) {
          if (unread.length > 0) unsupported.push({ criterion, reason: `${unread.join(', ')} not read for training code or seeds (${looked})` });
          else notApplicable.push({ criterion, reason: `nothing is trained here: ${looked}` });
        }
      }
    }

    const cap = capByEnvironment(criteria, pinnedEnvironments, evidence);

    const untrainedSummary =
      equivalent && !notApplicable.some((entry) => entry.criterion === 'entrypoint') && !unsupported.some((entry) => entry.criterion === 'entrypoint')
        ? `no training code: the entry point is the command that runs the ${equivalent === 'data-pipeline' ? 'pipeline' : 'evaluation'}`
        : 'no training code (entry point and seeds do not apply)';
    const summary = [
      // A monorepo of many Python projects is summarised by its first few; the evidence lists every one.
      ...(pythonSummaries.length > MAX_SUMMARISED_PARTS ? [...pythonSummaries.slice(0, MAX_SUMMARISED_PARTS), `${pythonSummaries.length - MAX_SUMMARISED_PARTS} more Python component(s) in the evidence`] : pythonSummaries),
      ...others.map((judged) => `${judged.label}: ${judged.missingLock ? 'no lock file' : 'locked'}, ${judged.runtime > 0 ? 'runtime stated' : 'runtime unstated'}`),
      // Counted in requirement and conda files only: a pyproject's or setup.py's ranges are what a lock pins.
      `${environment.unpinned.length} unpinned requirement(s) in requirement and conda files`,
      trained ? (entrypoints.entrypoints.some((entry) => entry.training && entry.missing.length === 0) ? 'training entry point found' : 'no usable training entry point') : untrainedSummary,
      ...(trained || notApplicable.every((entry) => entry.criterion !== 'seeds') && unsupported.every((entry) => entry.criterion !== 'seeds') ? [seedCount ? `${seedCount} seed setting(s)` : 'no seeds'] : []),
      ...(cap ? [cap] : []),
    ].join('; ');
    return { status: 'judged', criteria, evidence, findings, summary: summary + '.', notApplicable, unsupported };
  },
});

export default check;

/**
 * What stands in for a training entry point when nothing is trained: the evaluation of an LLM application that
 * only prompts models, or the run of a data pipeline; null when the delivery is neither.
 */
function equivalentEntrypoint(profiles: Pick<DeliveryProfiles, 'judged'>): 'llm-application' | 'data-pipeline' | null {
  if (promptedOnly(profiles)) return 'llm-application';
  if (profiles.judged.includes('data-pipeline') && !trainsModel(profiles)) return 'data-pipeline';
  return null;
}

function judgeRunCommands(commands: readonly RunCommand[], profile: 'llm-application' | 'data-pipeline', evidence: Evidence[], findings: Finding[]): number {
  for (const entry of commands.slice(0, 30)) {
    evidence.push({ path: entry.path, line: entry.line, kind: `entrypoint:${entry.source}`, note: `${entry.kind}: ${entry.command}${entry.missing.length ? `; missing ${entry.missing.join(', ')}` : ''}` });
    if (entry.missing.length) findings.push(findingFrom(check, 'entrypoint-missing-code', `"${entry.command.slice(0, 80)}" names ${entry.missing.join(', ')}, which the repository does not contain.`, { path: entry.path, line: entry.line }));
  }
  const runnable = (kind: RunCommand['kind'], definitions = false) => commands.filter((entry) => entry.kind === kind && entry.missing.length === 0 && (definitions || entry.source !== 'pipeline-definition'));
  const named = (kind: RunCommand['kind']) => commands.some((entry) => entry.kind === kind);
  if (profile === 'llm-application') {
    if (runnable('evaluation').length) return 1;
    if (named('evaluation')) return 0.5;
    const others = commands.filter((entry) => entry.kind !== 'evaluation');
    if (others.length) {
      findings.push(findingFrom(check, 'no-eval-command', `Commands start the application or its ingestion (${others.slice(0, 3).map((entry) => `${entry.command.slice(0, 60)} in ${entry.path}`).join('; ')}), but none re-runs the evaluation (looked for promptfoo eval, deepeval test run, inspect eval, lm_eval, pytest on evals/, eval scripts and targets).`, { path: others[0].path, line: others[0].line }));
      return 0.5;
    }
    findings.push(findingFrom(check, 'no-entrypoint', 'Nothing says how to run the evaluation or the application: no README or docs command (promptfoo eval, deepeval test run, pytest on evals/, uvicorn, streamlit run, docker compose up…), no Makefile target, package.json or pyproject script, and no CI step that runs either.', { remediation: 'Document the command that re-runs the evaluation suite (e.g. `npx promptfoo@0.96 eval -c evals/promptfooconfig.yaml`) and the one that starts the application, in the README or a Makefile, and run the evaluation in CI.' }));
    return 0;
  }
  if (runnable('pipeline').length) return 1;
  if (named('pipeline') && commands.some((entry) => entry.kind === 'pipeline' && entry.source !== 'pipeline-definition')) return 0.5;
  const definitions = runnable('pipeline', true);
  if (definitions.length) {
    findings.push(findingFrom(check, 'entrypoint-undocumented', `${definitions.slice(0, 3).map((entry) => entry.path).join(', ')} define the pipeline, but no README command, Makefile target, script or CI step says how to run it.`, { path: definitions[0].path, line: definitions[0].line, remediation: 'Document the command that runs the pipeline end to end (e.g. `dbt build --target prod`, `airflow dags trigger <dag_id>`) with its profile and target, in the README or a Makefile.' }));
    return 0.6;
  }
  findings.push(findingFrom(check, 'no-entrypoint', 'Nothing says how to run the pipeline: no dbt project, DAG or flow definition, and no README command, Makefile target, script or CI step that runs one (dbt build, airflow dags trigger, dagster job execute, kedro run, spark-submit).', { remediation: 'Document the command that runs the pipeline end to end, with its configuration, in the README or a Makefile.' }));
  return 0;
}

/** One component's environment value, or the whole repository's Python environment when it is one. */
interface PinnedEnvironment {
  label: string;
  /** The file its value comes from (its best environment file, or its manifest). */
  path: string;
  value: number;
  /** What its own Dockerfiles' floating base images cost (the whole repository's when it is the only one). */
  imagePenalty: number;
  /** A package.json of linters and test runners: it runs neither the training nor the evaluation. */
  toolsOnly: boolean;
}

const CAPPED_CRITERIA: ReadonlyArray<[criterion: string, words: string]> = [
  ['entrypoint', 'entry point'],
  ['seeds', 'seeds'],
];

/**
 * A documented command and fixed seeds reproduce a run only as far as the environment they run in is pinned:
 * with unpinned packages the same command and the same seed give another model on the next install. So neither
 * counts for more than the environment: the best-pinned component's when there are several (the project that is
 * pinned may be the one that trains), the repository's otherwise; a floating base image of its own costs what it
 * costs the environment. Lowers the criteria in place and returns the summary's words when it lowered one.
 */
function capByEnvironment(criteria: Record<string, number>, environments: readonly PinnedEnvironment[], evidence: Evidence[]): string | null {
  const pinning = (entry: PinnedEnvironment) => unit(entry.value - entry.imagePenalty);
  const runs = environments.filter((entry) => !entry.toolsOnly);
  const best = (runs.length > 0 ? runs : environments).reduce((top, entry) => (!top || pinning(entry) > pinning(top) ? entry : top), undefined as PinnedEnvironment | undefined);
  const ceiling = best ? pinning(best) : 0;
  const several = runs.length > 1;
  const lowered: string[] = [];
  for (const [criterion, words] of CAPPED_CRITERIA) {
    if (criteria[criterion] <= ceiling) continue;
    lowered.push(`${words} ${criteria[criterion].toFixed(2)} -> ${ceiling.toFixed(2)}`);
    criteria[criterion] = ceiling;
  }
  if (lowered.length === 0) return null;
  const where = !best || !best.path
    ? 'no environment file records the packages they need'
    : `${several ? `the best-pinned component, ${best.label}, ` : 'the environment '}${best.path ? `(${best.path}) ` : ''}scores ${ceiling.toFixed(2)} of 1 on pinning${best.imagePenalty > 0 ? ' with its base images' : ''}`;
  evidence.push({
    path: best?.path ?? '',
    kind: 'environment-cap',
    note: `${lowered.join(', ')}: a documented command and fixed seeds give the same run only as far as the packages they run on are pinned, and ${where}`,
  });
  return `entry point and seeds count only as far as the environment is pinned (${ceiling.toFixed(2)})`;
}

/** The environment file a Python part's value comes from: its best-pinned runtime file. */
function bestSpec(environment: EnvironmentFacts): EnvironmentFacts['specs'][number] | undefined {
  return runtimeSpecs(environment).reduce((top, spec) => (spec.quality > (top?.quality ?? -1) ? spec : top), undefined as EnvironmentFacts['specs'][number] | undefined);
}

/** The Python component a finding is about, named when the delivery has several components. */
interface Owner {
  label: string;
  /** Its first manifest: where a finding about the component as a whole points. */
  path: string;
}

function named(owner: Owner | null, message: string): string {
  return owner ? `${owner.label}: ${message}` : message;
}

/**
 * What the packages are for, in the delivery's terms: a trained model's, an LLM application's or a pipeline's;
 * "the code" when nothing shows what the delivery is (a default profile is an assumption, not a fact to print).
 */
function whatRuns(profiles: Pick<DeliveryProfiles, 'judged' | 'source'>): string {
  if (profiles.source === 'default') return 'the code';
  if (trainsModel(profiles)) return 'the model';
  if (promptedOnly(profiles)) return 'the application';
  return profiles.judged.includes('data-pipeline') ? 'the pipeline' : 'the code';
}

/** The root README's first install command that names packages (`pip install torch numpy`), with its path. */
async function readmeInstall(snapshot: Snapshot): Promise<(DocumentedInstall & { path: string }) | null> {
  for (const path of ['README.md', 'readme.md', 'README.rst', 'README']) {
    if (!snapshot.has(path)) continue;
    const read = await snapshot.readText(path);
    const install = read.ok ? documentedInstall(read.text) : null;
    if (install) return { ...install, path };
  }
  return null;
}

function judgeEnvironment(environment: EnvironmentFacts, evidence: Evidence[], findings: Finding[], owner: Owner | null = null, runs = 'the code', install: (DocumentedInstall & { path: string }) | null = null): number {
  // Tool requirement files (lint, test, docs) are listed but not scored when a runtime environment file exists.
  const runtime = runtimeSpecs(environment);
  for (const spec of environment.specs) {
    const aside = runtime.includes(spec) ? '' : '; tools for lint, tests, dev, docs or CI, not the runtime environment: not scored';
    evidence.push({ path: spec.path, kind: spec.kind, note: `${spec.note}${spec.python ? `; Python ${spec.python}` : ''}${aside}` });
  }
  for (const problem of environment.problems) findings.push(findingFrom(check, problem.id, named(owner, problem.message), { path: problem.path, line: problem.line }));

  const perFile = new Map<string, number>();
  const overflow = new Map<string, string[]>();
  for (const unpinned of environment.unpinned) {
    const count = (perFile.get(unpinned.path) ?? 0) + 1;
    perFile.set(unpinned.path, count);
    if (count <= MAX_UNPINNED_FINDINGS_PER_FILE) {
      findings.push(findingFrom(check, 'unpinned-requirement', named(owner, `${unpinned.name} is not pinned: ${unpinned.reason}.`), { path: unpinned.path, line: unpinned.line }));
    } else overflow.set(unpinned.path, [...(overflow.get(unpinned.path) ?? []), `${unpinned.name} (line ${unpinned.line})`]);
  }
  for (const [path, names] of overflow) {
    findings.push(findingFrom(check, 'unpinned-requirement', named(owner, `${names.length} more unpinned requirement(s): ${names.slice(0, 40).join(', ')}${names.length > 40 ? ', …' : ''}.`), { path }));
  }
  for (const project of environment.unlockedProjects) {
    findings.push(findingFrom(check, 'no-lockfile', named(owner, `${project.path} declares ${project.dependencies} dependencies and no lock file records their versions.`), { path: project.path }));
  }

  let value = runtime.reduce((best, spec) => Math.max(best, spec.quality), 0);
  if (environment.specs.length === 0) {
    if (owner) findings.push(findingFrom(check, 'no-environment', named(owner, `no lock file, requirements file, environment.yml or pyproject.toml in its folder: nothing records which packages it needs (${owner.path} is its only manifest).`), { path: owner.path }));
    else if (install) {
      // The README names the packages; no file records them, and nothing records which versions.
      const named = `${install.packages.slice(0, 8).join(', ')}${install.packages.length > 8 ? ', …' : ''}`;
      findings.push(findingFrom(check, 'no-environment', `No lock file, requirements file, environment.yml or pyproject.toml found: only the install command in ${install.path}:${install.line} names the packages ${runs} needs (${named}), and no environment file records their versions.`, { path: install.path, line: install.line }));
    } else findings.push(findingFrom(check, 'no-environment', `No lock file, requirements file, environment.yml or pyproject.toml found: nothing records which packages ${runs} needs.`));
  }
  // Loose requirement files next to a good lock still mislead whoever runs `pip install -r` on them.
  if (environment.unpinned.length > 0 && value >= 0.85) value -= 0.1;
  return value;
}

/** Base images of every Dockerfile, whatever component it builds: a floating image costs a little. */
function judgeBaseImages(environment: EnvironmentFacts, evidence: Evidence[], findings: Finding[]): number {
  for (const { path, dockerfile } of environment.dockerfiles) {
    const external = dockerfile.stages.filter((stage) => stage.pin !== 'stage' && stage.pin !== 'scratch');
    evidence.push({
      path,
      kind: 'dockerfile',
      note: external.length ? external.map((stage) => `FROM ${stage.image.slice(0, 80)} (${stage.pin})`).join('; ') : 'no external base image',
    });
    for (const stage of external) {
      if (stage.pin === 'latest') {
        findings.push(findingFrom(check, 'base-image-unpinned', `FROM ${stage.image.slice(0, 80)} floats with every push of ${stage.tag ? `the ${stage.tag} tag` : 'the image (no tag means latest)'}.`, { path, line: stage.line }));
      } else if (stage.pin === 'tag') {
        findings.push(findingFrom(check, 'base-image-tag', `FROM ${stage.image.slice(0, 80)} is pinned by tag, not digest.`, { path, line: stage.line }));
      }
    }
  }
  return imagePenaltyOf(environment.dockerfiles);
}

/** What floating base images cost the environment: 0.2 for one that follows `latest`, 0.05 for a tag without a digest. */
function imagePenaltyOf(dockerfiles: EnvironmentFacts['dockerfiles']): number {
  let penalty = 0;
  for (const { dockerfile } of dockerfiles) {
    for (const stage of dockerfile.stages) penalty = Math.max(penalty, stage.pin === 'latest' ? 0.2 : stage.pin === 'tag' ? 0.05 : 0);
  }
  return penalty;
}

function judgeComponentEnvironment(judged: ComponentJudgement, evidence: Evidence[], findings: Finding[]): number {
  const runtime = judged.runtimes.find((found) => found.exact) ?? judged.runtimes[0];
  evidence.push({
    path: judged.component.manifests[0],
    kind: 'component',
    note: `${judged.label}: ${judged.environmentNote}${judged.missingLock ? ' ✗' : ' ✓'}; runtime ${runtime ? `${runtime.value} (${runtime.source}, ${runtime.path})${runtime.exact ? ' ✓' : ' (range)'}` : 'not stated ✗'}`,
  });
  for (const problem of judged.problems) findings.push(findingFrom(check, problem.id, `${judged.label}: ${problem.message}`, { path: problem.path, line: problem.line }));
  if (judged.missingLock) {
    const declared = judged.declared !== null ? `declares ${judged.declared} dependencies` : 'declares dependencies';
    const what = judged.lockNote ? `; ${judged.lockNote}` : ` and no ${judged.missingLock} records their versions`;
    findings.push(findingFrom(check, 'no-lockfile', `${judged.label}: ${judged.component.manifests[0]} ${declared}${what} (${judged.environmentNote}).`, { path: judged.component.manifests[0] }));
  }
  return judged.environment;
}

function judgeComponentRuntime(judged: ComponentJudgement, findings: Finding[]): number {
  if (judged.runtime === 0) {
    findings.push(findingFrom(check, 'runtime-version-unstated', `${judged.label}: no version file, manifest field or base image states which ${ECOSYSTEM_NAMES[judged.component.ecosystem]} runtime it builds with.`, { path: judged.component.manifests[0] }));
  }
  return judged.runtime;
}

interface Weighted {
  value: number;
  weight: number;
}

function average(values: readonly Weighted[]): number {
  const total = values.reduce((sum, entry) => sum + entry.weight, 0);
  return total === 0 ? 0 : values.reduce((sum, entry) => sum + entry.value * entry.weight, 0) / total;
}

/** Where a line of a notebook's joined code cells is: the cell, not a line of the notebook's JSON. */
function placeIn(notebooks: readonly NotebookCode[], path: string, line: number): { line?: number; cell?: string } {
  const notebook = path.endsWith('.ipynb') ? notebooks.find((entry) => entry.path === path) : undefined;
  if (!notebook) return { line };
  const at = notebook.cellOf(line);
  return at ? { cell: `cell ${at.cell}, line ${at.line}` } : {};
}

/** Seed calls in notebooks' code cells, each named by its cell. */
function notebookSeeds(notebooks: readonly NotebookCode[]): SeedSighting[] {
  return findSeedCalls(notebooks).map((seed) => {
    const at = notebooks.find((entry) => entry.path === seed.path)?.cellOf(seed.line ?? 0);
    return { path: seed.path, kind: at ? `${seed.kind} (cell ${at.cell}, line ${at.line})` : seed.kind };
  });
}

/** `R (12 file(s))` for each language present that could train but is not read. */
function unreadTrainingLanguages(files: readonly string[]): string[] {
  const out: string[] = [];
  for (const [language, pattern] of UNREAD_TRAINING_LANGUAGES) {
    const count = files.filter((path) => pattern.test(path) && !/(^|\/)(node_modules|vendor|renv|packrat)\//.test(path)).length;
    if (count > 0) out.push(`${language} code (${count} file(s))`);
  }
  return out;
}

function judgeEntrypoints(
  entrypoints: Entrypoint[],
  problems: Array<{ path: string; line?: number; message: string }>,
  notebooks: readonly TrainingCode[],
  evidence: Evidence[],
  findings: Finding[],
): number {
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
      entry.source === 'training-script'
        ? 0.4
        : entry.missing.length > 0
          ? 0.5
          : entry.source === 'pipeline-definition'
            ? 0.9
            : entry.training
              ? 1
              : entry.source === 'dvc-stage' || entry.source === 'mlproject'
                ? 0.8
                : 0.3;
    best = Math.max(best, value);
  }
  const scripts = entrypoints.filter((entry) => entry.source === 'training-script');
  if (entrypoints.length === 0) {
    const where = notebooks.length ? ` Training happens in notebook(s) ${notebooks.slice(0, 3).map((code) => code.path).join(', ')}, which no command runs.` : '';
    findings.push(findingFrom(check, 'no-entrypoint', `Nothing says how to train: no dvc.yaml stage, MLproject entry point, Makefile train target, console script, pipeline definition, README command, CI step or script with a training loop or fit call.${where}`, notebooks.length ? { path: notebooks[0].path } : {}));
  } else if (scripts.length === entrypoints.length) {
    findings.push(findingFrom(check, 'entrypoint-undocumented', `${scripts.map((entry) => entry.name).join(', ')}: code that trains, but no pipeline, Makefile, console script, README command or CI step says how to run it.`, { path: scripts[0].path, line: scripts[0].line }));
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
    case 'ci-step':
      return 'CI step';
    case 'pipeline-definition':
      return 'Pipeline definition';
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

/** Where seeds were looked for, for the finding that says none was found; and which notebooks train. */
interface SeedScope {
  read: number;
  listed: number;
  notebooksRead: number;
  notebooksListed: number;
  trainingNotebooks: ReadonlySet<string>;
}

async function judgeSeeds(snapshot: Snapshot, seeds: SeedSighting[], looked: SeedScope, evidence: Evidence[], findings: Finding[], consequence = 'retraining gives a different model each time'): Promise<number> {
  // A seed in a notebook is in the training code when that notebook trains; one in an exploration notebook is not.
  const inCode = seeds.filter((seed) => seed.path.endsWith('.py') || looked.trainingNotebooks.has(seed.path));
  for (const seed of seeds.slice(0, 30)) evidence.push({ path: seed.path, line: seed.line, kind: 'seed', note: seed.kind });
  if (seeds.length > 30) evidence.push({ path: '', kind: 'seed', note: `${seeds.length - 30} more seed settings not listed` });
  if (inCode.length > 0) return 1;
  if (seeds.length > 0) return 0.8;
  const documented = await seedDocumented(snapshot);
  if (documented) {
    evidence.push({ path: documented.path, line: documented.line, kind: 'seed', note: 'seed mentioned in documentation only' });
    return 0.5;
  }
  const notebooks = looked.notebooksListed > 0 ? ` and the code cells of ${looked.notebooksRead} of ${looked.notebooksListed} notebook(s)` : '';
  const scope = looked.listed === 0 && looked.notebooksListed === 0 ? 'no Python code to look in' : `looked in ${looked.read} of ${looked.listed} Python file(s)${notebooks}`;
  findings.push(findingFrom(check, 'no-seeds', `No random seed is set in code or configuration (${scope}); ${consequence}.`));
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

function judgeVersions(versions: VersionFacts, evidence: Evidence[], findings: Finding[], owner: Owner | null = null): number {
  // A Dockerfile or version file above several components states their version once in the evidence.
  const seen = new Set(evidence.map((entry) => `${entry.kind}\0${entry.path}\0${entry.line}\0${entry.note}`));
  const add = (entry: Evidence) => {
    const key = `${entry.kind}\0${entry.path}\0${entry.line}\0${entry.note}`;
    if (seen.has(key)) return;
    seen.add(key);
    evidence.push(entry);
  };
  for (const statement of versions.python) add({ path: statement.path, line: statement.line, kind: 'python-version', note: `${statement.value} (${statement.source})` });
  for (const statement of versions.cuda) add({ path: statement.path, line: statement.line, kind: 'cuda-version', note: `${statement.value} (${statement.source})` });
  for (const statement of versions.pythonDocumented) add({ path: statement.path, line: statement.line, kind: 'python-version', note: `${statement.value} (${statement.source}, read by no tool)` });
  const documented = versions.pythonDocumented[0];
  const inDocs = documented ? `${documented.path}${documented.line ? `:${documented.line}` : ''}` : '';
  let value: number;
  if (versions.python.some((statement) => statement.exact)) value = 1;
  else if (versions.python.length > 0) {
    value = 0.7;
    const alsoDocumented = documented ? `; ${inDocs} says Python ${documented.value}, which no tool reads` : '';
    findings.push(findingFrom(check, 'python-version-range', named(owner, `Python is stated only as ${versions.python.map((statement) => `${statement.value} (${statement.path})`).join(', ')}${alsoDocumented}.`), { path: versions.python[0].path }));
  } else if (documented) {
    // A README sentence tells a person which Python to install; no tool that builds the environment reads it.
    value = documented.exact ? DOCUMENTED_PYTHON : DOCUMENTED_PYTHON * 0.7;
    findings.push(findingFrom(check, 'python-version-documented', named(owner, `Python ${documented.value} is stated only in ${inDocs}; no .python-version, requires-python, lock file, conda environment or python base image states it for the tools that build the environment.`), { path: documented.path, line: documented.line }));
  } else {
    value = 0;
    const message = 'No .python-version, runtime.txt, requires-python, lock file, conda environment, python base image or README states the Python version.';
    findings.push(findingFrom(check, 'python-version-unstated', owner ? named(owner, `no .python-version (in its folder or above), runtime.txt, requires-python, lock file, conda environment, python base image of its own or README states the Python version.`) : message, owner ? { path: owner.path } : {}));
  }
  if (versions.gpuPackages.length > 0 && versions.cuda.length === 0) {
    value *= 0.6;
    findings.push(findingFrom(check, 'cuda-unstated', named(owner, `The environment installs ${versions.gpuPackages.slice(0, 6).join(', ')} but no file states the CUDA version.`), owner ? { path: owner.path } : {}));
  }
  return value;
}

/**
 * The summary's words for one Python part (today's wording for the whole repository); a component of several
 * also gets its line of evidence, like the other ecosystems' components.
 */
function describePythonPart(part: PythonPart, value: number, versions: VersionFacts, owner: Owner | null, evidence: Evidence[], several: boolean): string {
  const best = bestSpec(part.environment);
  const source = best && best.quality > 0 ? `${best.path} (${best.note})` : null;
  if (owner) {
    const python = versions.python.find((statement) => statement.exact) ?? versions.python[0] ?? versions.pythonDocumented[0];
    evidence.push({
      path: owner.path,
      kind: 'component',
      note: `${owner.label}: ${source ?? 'no pinned environment'}, ${value.toFixed(2)}${value >= 0.85 ? ' ✓' : ' ✗'}; Python ${python ? `${python.value} (${python.source}, ${python.path})${python.exact ? ' ✓' : ' (range)'}` : 'not stated ✗'}`,
    });
  }
  if (owner && several && part.component) {
    // `training/ (Python): uv.lock, 1.00`, `service/ (Python): requirements.txt, 6 of 9 requirement(s) pinned, 0.57`.
    const root = part.component.root;
    const file = best && best.quality > 0 ? (root ? best.path.slice(root.length + 1) : best.path) : null;
    const what = file ? (best!.kind === 'lockfile' ? file : `${file}, ${best!.note}`) : 'no pinned environment';
    return `${owner.label}: ${what}, ${value.toFixed(2)}`;
  }
  return source ? `Python environment from ${source}` : 'no pinned Python environment';
}
