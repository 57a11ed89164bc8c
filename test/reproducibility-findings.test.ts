// reproducibility findings that were false on real repositories (issue #17), each with the case that keeps
// the finding: a CUDA or Python version stated in the README (alignment-handbook's PyTorch wheel index,
// Made-With-ML's "Python 3.10"), training run by a Jenkinsfile stage or a CI step (CD4ML-Scenarios, MLOpsPython),
// a data pipeline's packages called "the model's" (jaffle_shop), a Node version set up in CI (chat-copilot), and
// seeds set in a notebook's code cells (llm-applications).
import { describe, expect, it } from 'vitest';
import check from '../checks/reproducibility.js';
import { documentedCudaVersion, documentedPythonVersions } from '../src/reproducibility/documented-versions.js';
import { workflowNodeVersions } from '../src/reproducibility/ci-runtimes.js';
import { notebookCode } from '../src/reproducibility/notebooks.js';
import { runRaw } from './helpers.js';

type Outcome = Awaited<ReturnType<typeof runRaw>>;
type Judged = Extract<Outcome, { status: 'judged' }>;

function judged(outcome: Outcome): Judged {
  if (outcome.status !== 'judged') throw new Error(`expected judged, got ${outcome.status}`);
  return outcome;
}
const ids = (outcome: Judged) => outcome.findings.map((finding) => finding.id);
const finding = (outcome: Judged, id: string) => outcome.findings.find((entry) => entry.id === id);
const evidenceOf = (outcome: Judged, kind: string) => outcome.evidence.filter((entry) => entry.kind === kind);
const HASH = ` --hash=sha256:${'0123456789abcdef'.repeat(4)}`;
const PINNED_TORCH = `torch==2.3.1${HASH}\nnumpy==1.26.4${HASH}\n`;
const TRAIN = 'import torch\ntorch.manual_seed(0)\nfor epoch in range(3):\n    loss.backward()\n    optimizer.step()\n';

describe('a CUDA version stated in the README', () => {
  it('reads the PyTorch wheel index of a README install command as the CUDA version', async () => {
    const outcome = judged(
      await runRaw(check, {
        'requirements.txt': PINNED_TORCH,
        'train.py': TRAIN,
        '.python-version': '3.11.9\n',
        'README.md': '# Model\n\n```sh\nuv pip install torch==2.3.1 --index-url https://download.pytorch.org/whl/cu121\npython train.py\n```\n',
      }),
    );
    expect(ids(outcome)).not.toContain('cuda-unstated');
    expect(evidenceOf(outcome, 'cuda-version')).toEqual([expect.objectContaining({ path: 'README.md', line: 4, note: '12.1 (documentation)' })]);
    expect(outcome.criteria.versions).toBe(1);
  });

  it('still asks for it when the README only says "cuda" in code or "your CUDA version" in words', async () => {
    const outcome = judged(
      await runRaw(check, {
        'requirements.txt': PINNED_TORCH,
        'train.py': TRAIN,
        '.python-version': '3.11.9\n',
        'README.md': '# Model\n\nInstall PyTorch for your hardware and CUDA version.\n\n```python\ndevice = "cuda:0" if torch.cuda.is_available() else "cpu"\n```\n\nWe ship CUDA kernels for 4-bit training.\n',
      }),
    );
    expect(finding(outcome, 'cuda-unstated')?.message).toBe('The environment installs torch but no file states the CUDA version.');
    expect(outcome.criteria.versions).toBeCloseTo(0.6);
  });

  it.each([
    ['pip install torch --index-url https://download.pytorch.org/whl/cu118', '11.8'],
    ['conda install pytorch pytorch-cuda=12.1 -c pytorch -c nvidia', '12.1'],
    ['Tested with CUDA 11.7 on A100s.', '11.7'],
    ['Requires CUDA toolkit 12.4.', '12.4'],
  ])('finds the CUDA version in "%s"', (line, version) => {
    expect(documentedCudaVersion(`# x\n\n${line}\n`)).toEqual({ line: 3, value: version, exact: true });
  });

  it.each(['torch.cuda.is_available()', 'CUDA kernels for 4-bit training', 'device="cuda:0"', 'the correct version for your CUDA version.'])('finds none in "%s"', (line) => {
    expect(documentedCudaVersion(line)).toBeNull();
  });
});

describe('a Python version stated in the README', () => {
  const research = { 'requirements.txt': `numpy==1.26.4${HASH}\nscikit-learn==1.5.1${HASH}\n`, 'train.py': 'from sklearn.linear_model import LogisticRegression\nLogisticRegression(random_state=0).fit(X, y)\n' };

  it('is read: the version is stated, for people only, and credited half', async () => {
    const outcome = judged(await runRaw(check, { ...research, 'README.md': '# Tagger\n\n```sh\npython3 -m venv venv  # recommend using Python 3.10\n```\n' }));
    expect(ids(outcome)).not.toContain('python-version-unstated');
    expect(finding(outcome, 'python-version-documented')).toMatchObject({
      severity: 'info',
      path: 'README.md',
      line: 4,
      message: 'Python 3.10 is stated only in README.md:4; no .python-version, requires-python, lock file, conda environment or python base image states it for the tools that build the environment.',
    });
    expect(outcome.criteria.versions).toBe(0.5);
  });

  it('reads a lower bound as a lower bound', async () => {
    const outcome = judged(await runRaw(check, { ...research, 'README.md': '# Tagger\n\nThis project requires Python >= 3.9.\n' }));
    expect(finding(outcome, 'python-version-documented')?.message).toMatch(/^Python >= 3\.9 is stated only in README\.md:3;/);
    expect(outcome.criteria.versions).toBeCloseTo(0.35);
  });

  it('names the README next to a range a tool reads, and keeps the range its 0.7', async () => {
    const outcome = judged(
      await runRaw(check, {
        ...research,
        'pyproject.toml': '[project]\nname = "tagger"\nversion = "1.0"\nrequires-python = ">=3.8"\ndependencies = ["numpy"]\n',
        'README.md': '# Tagger\n\nWe used Python 3.9.9 to train, but the code runs on Python 3.8-3.11.\n',
      }),
    );
    expect(finding(outcome, 'python-version-range')?.message).toBe('Python is stated only as >=3.8 (pyproject.toml); README.md:3 says Python 3.9.9, which no tool reads.');
    expect(outcome.criteria.versions).toBe(0.7);
  });

  it('is still unstated when the README names Python only to retire a version, or names Python 2', async () => {
    const outcome = judged(await runRaw(check, { ...research, 'README.md': '# Tagger\n\nWe dropped support for Python 3.7 last year.\nIt once ran on Python 2.7.\n\n```sh\npython3 train.py\n```\n' }));
    expect(finding(outcome, 'python-version-unstated')?.message).toBe('No .python-version, runtime.txt, requires-python, lock file, conda environment, python base image or README states the Python version.');
    expect(outcome.criteria.versions).toBe(0);
  });

  it.each([
    ['Python 3.10', { value: '3.10', exact: true }],
    ['- [Python 3.9](https://www.python.org/downloads/release/python-399/)', { value: '3.9', exact: true }],
    ['Note that `Python 3.8` or above is recommended.', { value: '3.8 or above', exact: false }],
    ['- Python 3.11+', { value: '3.11+', exact: false }],
    ['- Python >=3.9', { value: '>=3.9', exact: false }],
    ['conda create -n venv python=3.11 && conda activate venv', { value: '3.11', exact: true }],
    ['uv venv handbook --python 3.11 && source handbook/bin/activate', { value: '3.11', exact: true }],
    ['In a conda environment with Python 3.10.12 or similar, install', { value: '3.10.12', exact: true }],
    ['- [Python 3.9, 3.10, or 3.11](https://www.python.org/downloads/)', { value: '3.9, 3.10', exact: false }],
  ])('reads "%s"', (line, expected) => {
    expect(documentedPythonVersions(`# x\n${line}\n`)).toEqual([{ line: 2, ...expected }]);
  });

  it.each(['python3 -m venv venv', 'Deprecates CI & support for Python 3.8', 'Works on Python 2.7', 'see https://docs.python.org/3/whatsnew/3.14.html', 'import python3'])('reads nothing in "%s"', (line) => {
    expect(documentedPythonVersions(line)).toEqual([]);
  });
});

describe('training run by CI', () => {
  const code = {
    'requirements.txt': `scikit-learn==1.5.1${HASH}\n`,
    '.python-version': '3.11.9\n',
    'shop/train.py': 'import numpy as np\nfrom sklearn.linear_model import Ridge\nnp.random.seed(1)\nmodel = Ridge().fit(X, y)\n',
    'run_script.py': 'import sys\nfrom scripts import pipeline\npipeline.main(sys.argv[2:])\n',
    'scripts/pipeline.py': 'from shop.train import fit_model\n',
  };

  it('takes a Jenkinsfile stage named for the ML pipeline that runs the repository\'s script as the entry point', async () => {
    const jenkinsfile = "pipeline {\n  agent any\n  stages {\n    stage('Install dependencies') {\n      steps { sh 'pip3 install -r requirements.txt' }\n    }\n    stage('Run ML pipeline') {\n      steps {\n        sh 'python3 run_script.py pipeline ${problem}'\n      }\n    }\n  }\n}\n";
    const outcome = judged(await runRaw(check, { ...code, Jenkinsfile: jenkinsfile }));
    expect(ids(outcome)).not.toContain('entrypoint-undocumented');
    expect(evidenceOf(outcome, 'entrypoint:ci-step')).toEqual([expect.objectContaining({ path: 'Jenkinsfile', line: 9, note: expect.stringMatching(/^Run ML pipeline: run_script\.py: python3 run_script\.py pipeline/) })]);
    expect(outcome.criteria.entrypoint).toBe(1);
  });

  it('takes an Azure task\'s inline script that runs a training module', async () => {
    const azure = "trigger:\n- main\nsteps:\n- task: AzureCLI@1\n  inputs:\n    scriptLocation: inlineScript\n    inlineScript: |\n      set -e\n      python -m shop.train\n  displayName: 'Publish'\n";
    const outcome = judged(await runRaw(check, { ...code, 'azure-pipelines.yml': azure }));
    expect(evidenceOf(outcome, 'entrypoint:ci-step')).toEqual([expect.objectContaining({ path: 'azure-pipelines.yml', note: expect.stringContaining('shop.train: python -m shop.train') })]);
    expect(ids(outcome)).not.toContain('entrypoint-undocumented');
  });

  it('does not take tests, installs or a stage named for something else as training', async () => {
    const workflow =
      'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pip install -r requirements-train.txt\n      - run: pytest tests/test_train.py\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Check links\n        run: python run_script.py links\n';
    const jenkinsfile = "pipeline {\n  stages {\n    stage('Deploy') {\n      steps { sh 'python3 run_script.py deploy' }\n    }\n  }\n}\n";
    const outcome = judged(await runRaw(check, { ...code, '.github/workflows/ci.yml': workflow, Jenkinsfile: jenkinsfile }));
    expect(evidenceOf(outcome, 'entrypoint:ci-step')).toEqual([]);
    expect(finding(outcome, 'entrypoint-undocumented')?.message).toMatch(/no pipeline, Makefile, console script, README command or CI step says how to run it\.$/);
    expect(outcome.criteria.entrypoint).toBe(0.4);
  });
});

describe('what the packages are for, in the delivery\'s words', () => {
  it('speaks of the pipeline for a dbt project, not of a model', async () => {
    const outcome = judged(
      await runRaw(check, {
        'dbt_project.yml': "name: 'jaffle_shop'\nversion: '0.1'\nprofile: 'jaffle_shop'\nmodel-paths: ['models']\n",
        'models/customers.sql': 'select * from {{ ref("stg_customers") }}\n',
        'models/schema.yml': 'version: 2\nmodels:\n  - name: customers\n',
        'README.md': '# Jaffle shop\n\n```bash\ndbt build\n```\n',
      }),
    );
    expect(finding(outcome, 'no-environment')?.message).toBe('No lock file, requirements file, environment.yml or pyproject.toml found: nothing records which packages the pipeline needs.');
  });

  it('speaks of the model where a model is trained', async () => {
    const outcome = judged(await runRaw(check, { 'train.py': TRAIN, 'models/model.pt': 'weights', 'README.md': '# Net\n\n```sh\npython train.py\n```\n' }));
    expect(finding(outcome, 'no-environment')?.message).toBe('No lock file, requirements file, environment.yml or pyproject.toml found: nothing records which packages the model needs.');
  });
});

describe('a Node version set up in CI', () => {
  const webapp = {
    'webapp/package.json': JSON.stringify({ name: 'webapp', dependencies: { react: '18.2.0' } }),
    'webapp/yarn.lock': '# yarn lockfile v1\n\n\nreact@18.2.0:\n  version "18.2.0"\n  resolved "https://registry.yarnpkg.com/react/-/react-18.2.0.tgz#abc"\n  integrity sha512-abc\n',
  };
  const workflow = (job: string) => `name: frontend\non: pull_request\njobs:\n  webapp:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 18\n          cache: yarn\n${job}`;

  it('states the runtime of the component the job builds in', async () => {
    const outcome = judged(await runRaw(check, { ...webapp, '.github/workflows/frontend.yml': workflow('      - run: yarn install --frozen-lockfile && yarn build\n        working-directory: webapp\n') }));
    expect(ids(outcome)).not.toContain('runtime-version-unstated');
    expect(evidenceOf(outcome, 'component')[0].note).toMatch(/runtime 18 \(actions\/setup-node node-version, \.github\/workflows\/frontend\.yml\) ✓$/);
    expect(outcome.criteria.versions).toBe(1);
  });

  it('states nothing for a component no job builds in', async () => {
    const outcome = judged(await runRaw(check, { ...webapp, '.github/workflows/frontend.yml': workflow('      - run: npx markdown-link-check README.md\n        working-directory: docs\n') }));
    expect(finding(outcome, 'runtime-version-unstated')?.path).toBe('webapp/package.json');
    expect(outcome.criteria.versions).toBe(0);
  });

  it('reads a one-value matrix as one version and several as a range', () => {
    const matrix = (values: string) => `on: push\njobs:\n  build:\n    strategy:\n      matrix:\n        node-version: [${values}]\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          node-version: \${{ matrix.node-version }}\n      - run: npm ci\n`;
    expect(workflowNodeVersions(matrix('20'))).toEqual([{ value: '20', exact: true, line: 10, folders: [''] }]);
    expect(workflowNodeVersions(matrix('18.x, 20.x'))).toEqual([{ value: '18.x, 20.x', exact: false, line: 10, folders: [''] }]);
    expect(workflowNodeVersions('on: push\njobs:\n  e2e:\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          node-version: lts/*\n      - run: cd webapp && yarn test\n')).toEqual([{ value: 'lts/*', exact: false, line: 7, folders: ['webapp'] }]);
  });
});

describe('seeds set in notebooks', () => {
  const cell = (source: string, outputs: unknown[] = []) => ({ cell_type: 'code', metadata: {}, execution_count: 1, outputs, source: source.split(/(?<=\n)/) });
  const notebook = (...cells: unknown[]) => JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
  const requirements = { 'requirements.txt': `scikit-learn==1.5.1${HASH}\npandas==2.2.2${HASH}\n` };

  it('reads a seed in a code cell of the notebook that trains, and names its cell', async () => {
    const outcome = judged(
      await runRaw(check, {
        ...requirements,
        'notebooks/rerank.ipynb': notebook(
          { cell_type: 'markdown', metadata: {}, source: ['# Reranker\n'] },
          cell('import pandas as pd\nfrom sklearn.model_selection import train_test_split\n'),
          cell('train_df, test_df = train_test_split(df, test_size=0.2, random_state=1234)\n'),
          cell('from sklearn.linear_model import LogisticRegression\nreranker = LogisticRegression()\nreranker.fit(train_df["text"], train_df["tag"])\n'),
        ),
      }),
    );
    expect(ids(outcome)).not.toContain('no-seeds');
    expect(evidenceOf(outcome, 'seed')).toEqual([{ path: 'notebooks/rerank.ipynb', kind: 'seed', note: 'random_state= (cell 3, line 1)' }]);
    expect(evidenceOf(outcome, 'training-code')).toEqual([expect.objectContaining({ path: 'notebooks/rerank.ipynb', note: 'cell 4, line 3: fit call (.fit()' })]);
    expect(outcome.criteria.seeds).toBe(1);
  });

  it('counts a seed in a notebook that does not train as set, not as set in the training code', async () => {
    const outcome = judged(
      await runRaw(check, {
        ...requirements,
        'train.py': 'from sklearn.linear_model import LogisticRegression\nLogisticRegression().fit(X, y)\n',
        'explore.ipynb': notebook(cell('import numpy as np\nnp.random.seed(7)\nsample = df.sample(10)\n')),
      }),
    );
    expect(outcome.criteria.seeds).toBe(0.8);
  });

  it('never reads a seed from an output: only the code cells say what the code sets', async () => {
    const printed = { output_type: 'stream', name: 'stdout', text: ['GridSearchCV(random_state=42)\n', 'np.random.seed(42)\n'] };
    const outcome = judged(
      await runRaw(check, {
        ...requirements,
        'train.ipynb': notebook(cell('from sklearn.linear_model import LogisticRegression\nmodel = LogisticRegression().fit(X, y)\nprint(model)\n', [printed])),
      }),
    );
    expect(finding(outcome, 'no-seeds')?.message).toBe('No random seed is set in code or configuration (looked in 0 of 0 Python file(s) and the code cells of 1 of 1 notebook(s)); retraining gives a different model each time.');
    expect(outcome.criteria.seeds).toBe(0);
  });

  it('maps a line of the joined code cells back to its cell', () => {
    const code = notebookCode('n.ipynb', notebook(cell('a = 1\nb = 2\n'), { cell_type: 'markdown', metadata: {}, source: ['text'] }, cell('c = 3')))!;
    expect(code.text).toBe('a = 1\nb = 2\nc = 3');
    expect(code.cellOf(3)).toEqual({ cell: 3, line: 1 });
    expect(code.cellOf(2)).toEqual({ cell: 1, line: 2 });
    expect(notebookCode('x.ipynb', 'not json')).toBeNull();
  });
});

describe('versions recorded, training told and files named as they are', () => {
  it('does not call a pyproject unlocked when a compiled requirements file beside it pins every dependency (rag-postgres-openai-python)', async () => {
    const pyproject = '[project]\nname = "backend"\nversion = "1.0"\nrequires-python = ">=3.10"\ndependencies = ["fastapi", "openai"]\n';
    const compiled = '# This file was autogenerated by uv via the following command:\n#    uv pip compile pyproject.toml -o requirements.txt\nfastapi==0.115.0\nopenai==1.51.0\nanyio==4.6.0\n';
    const outcome = judged(await runRaw(check, { 'src/backend/pyproject.toml': pyproject, 'src/backend/requirements.txt': compiled }));
    expect(ids(outcome)).not.toContain('no-lockfile');
    const loose = judged(await runRaw(check, { 'src/backend/pyproject.toml': pyproject, 'src/backend/requirements.txt': 'fastapi==0.115.0\nopenai\n' }));
    expect(finding(loose, 'no-lockfile')?.message).toBe('src/backend/pyproject.toml declares 2 dependencies and no lock file records their versions.');
  });

  it('runs a sub-folder README\'s command from that folder (distil-whisper training/README.md)', async () => {
    const files = {
      'training/run_distillation.py': 'import torch\nfor epoch in range(epochs):\n    loss.backward()\n    optimizer.step()\n',
      'training/README.md': '# Training\n\n```bash\n#!/usr/bin/env bash\n\naccelerate launch run_distillation.py \\\n  --model_name_or_path distil-large\n```\n',
    };
    const outcome = judged(await runRaw(check, files));
    expect(ids(outcome)).not.toContain('entrypoint-undocumented');
    expect(evidenceOf(outcome, 'entrypoint:documented-command')).toEqual([expect.objectContaining({ path: 'training/README.md', note: 'run_distillation.py: accelerate launch run_distillation.py --model_name_or_path distil-large' })]);
    const elsewhere = judged(await runRaw(check, { ...files, 'training/README.md': '# Training\n\n```bash\naccelerate launch other.py\n```\n' }));
    expect(ids(elsewhere)).toContain('entrypoint-undocumented');
  });

  it('does not take a label binarizer\'s or a scaler\'s fit for training, but a model fitted on scaled data is (consult)', async () => {
    const metrics = 'from sklearn.preprocessing import MultiLabelBinarizer\n\ndef f1(all_labels, y_true, y_pred):\n    mlb = MultiLabelBinarizer()\n    mlb.fit([all_labels])\n    scaler = StandardScaler().fit(X)\n    return mlb.transform(y_true)\n';
    const scored = judged(await runRaw(check, { 'evals/metrics.py': metrics, 'requirements.txt': `scikit-learn==1.5.1${HASH}\n` }));
    expect(evidenceOf(scored, 'training-code')).toEqual([]);
    expect(ids(scored)).not.toContain('entrypoint-undocumented');
    const trained = judged(await runRaw(check, { 'evals/metrics.py': `${metrics}model = LogisticRegression().fit(scaler.fit_transform(X), y)\n`, 'requirements.txt': `scikit-learn==1.5.1${HASH}\n` }));
    expect(evidenceOf(trained, 'training-code')).toEqual([expect.objectContaining({ path: 'evals/metrics.py', line: 8 })]);
  });

  it('says the README names the packages when it does (nanoGPT), and that nothing does when nothing does', async () => {
    const outcome = judged(await runRaw(check, { 'train.py': TRAIN, 'README.md': '# GPT\n\n## install\n\n```\npip install torch numpy transformers tiktoken\n```\n\n```sh\npython train.py\n```\n' }));
    expect(finding(outcome, 'no-environment')).toMatchObject({
      path: 'README.md',
      line: 6,
      message: expect.stringMatching(/found: only the install command in README\.md:6 names the packages the (model|code) needs \(torch, numpy, transformers, tiktoken\), and no environment file records their versions\.$/),
    });
    expect(outcome.criteria.environment).toBe(0);
    const bare = judged(await runRaw(check, { 'train.py': TRAIN, 'README.md': '# GPT\n\n```sh\npip install -r requirements.txt\npython train.py\n```\n' }));
    expect(finding(bare, 'no-environment')?.message).toMatch(/found: nothing records which packages the (model|code) needs\.$/);
  });

  it('names no Gradle file for a Maven project', async () => {
    const pom = '<project><dependencies><dependency><groupId>org.springframework</groupId><artifactId>spring-core</artifactId><version>6.1.0</version></dependency></dependencies></project>\n';
    const outcome = judged(await runRaw(check, { 'app/backend/pom.xml': pom }));
    expect(finding(outcome, 'no-lockfile')?.message).toBe('app/backend/ (JVM (Java/Kotlin)): app/backend/pom.xml declares dependencies; Maven writes no lock file: the versions the pom declares are fixed, those of their own dependencies are not (no lock file; 1 declared version(s), 0 range(s) or floating).');
  });
});

describe('a delivery of documents only', () => {
  it('has nothing to rebuild: skipped with the reason, not told it lacks a lock file (architecture-decision-record)', async () => {
    const outcome = await runRaw(check, { 'README.md': '# ADR templates\n', 'locales/en/README.md': '# Templates\n', 'templates/decision-record-template-by-michael-nygard/index.md': '# Title\n\n## Status\n', 'CITATION.cff': 'cff-version: 1.2.0\n' });
    expect(outcome).toEqual({ status: 'skip', reason: 'Nothing to rebuild: no code, notebook, manifest, environment file, pipeline definition or model file among the 4 file(s).' });
  });

  it('still judges a dbt project without Python code, and a model shipped without code', async () => {
    expect((await runRaw(check, { 'dbt_project.yml': "name: 'shop'\n", 'models/orders.sql': 'select 1\n' })).status).toBe('judged');
    expect((await runRaw(check, { 'README.md': '# Model\n', 'model.safetensors': 'weights' })).status).toBe('judged');
  });
});

describe('a base image as it is built, and seeds where nothing trains', () => {
  const dockerfile = 'ARG IMAGE=bullseye\nFROM mcr.microsoft.com/devcontainers/${IMAGE}\nRUN apt-get update\n';

  it('judges a base image chosen by an ARG with the value Compose builds it with (rag-postgres-openai-python)', async () => {
    const compose = 'services:\n  app:\n    build:\n      context: ..\n      dockerfile: .devcontainer/Dockerfile\n      args:\n        IMAGE: python:3.12\n';
    const outcome = judged(await runRaw(check, { 'requirements.txt': `fastapi==0.115.0${HASH}\n`, '.devcontainer/Dockerfile': dockerfile, '.devcontainer/docker-compose.yaml': compose }));
    expect(ids(outcome)).not.toContain('base-image-unpinned');
    expect(finding(outcome, 'base-image-tag')?.message).toBe('FROM mcr.microsoft.com/devcontainers/python:3.12 is pinned by tag, not digest.');
  });

  it('still says the default floats when no Compose file builds the Dockerfile with another value', async () => {
    const compose = 'services:\n  db:\n    image: postgres:16\n  other:\n    build:\n      context: ./other\n      args: ["IMAGE=python:3.12"]\n';
    const outcome = judged(await runRaw(check, { 'requirements.txt': `fastapi==0.115.0${HASH}\n`, '.devcontainer/Dockerfile': dockerfile, 'docker-compose.yml': compose }));
    expect(finding(outcome, 'base-image-unpinned')?.message).toBe('FROM mcr.microsoft.com/devcontainers/bullseye floats with every push of the image (no tag means latest).');
  });

  it('does not speak of retraining a model whose training code is not delivered (fastapi-ml-skeleton)', async () => {
    const outcome = judged(await runRaw(check, { 'requirements.txt': `fastapi==0.115.0${HASH}\njoblib==1.4.2${HASH}\n`, 'sample_model/model.joblib': 'x', 'app/main.py': 'import joblib\nmodel = joblib.load("sample_model/model.joblib")\n' }));
    expect(finding(outcome, 'no-seeds')?.message).toBe('No random seed is set in code or configuration (looked in 1 of 1 Python file(s)); no code that trains is delivered either, so the model cannot be retrained with fixed draws.');
    const trains = judged(await runRaw(check, { 'requirements.txt': `scikit-learn==1.5.1${HASH}\n`, 'train.py': 'from sklearn.linear_model import Ridge\nRidge().fit(X, y)\n' }));
    expect(finding(trains, 'no-seeds')?.message).toMatch(/; retraining gives a different model each time\.$/);
  });
});
