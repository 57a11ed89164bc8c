// Issue #16: every Python component of a delivery is judged on its own environment files and Python version,
// like the components of other ecosystems, instead of the whole repository by its best file.
import { describe, expect, it } from 'vitest';
import check from '../checks/reproducibility.js';
import { describeComponent, detectComponents } from '../src/components/detect.js';
import { runRaw } from './helpers.js';

type Outcome = Awaited<ReturnType<typeof runRaw>>;

const HASH = 'a'.repeat(64);
const uvLock = (name: string, version: string) => `version = 1\nrequires-python = "==3.11.*"\n\n[[package]]\nname = "${name}"\nversion = "${version}"\nsdist = { url = "https://files.example/${name}.tar.gz", hash = "sha256:${HASH}" }\n`;
const poetryLock = (name: string, version: string) =>
  `[[package]]\nname = "${name}"\nversion = "${version}"\ndescription = ""\noptional = false\npython-versions = ">=3.11"\nfiles = [\n    {file = "${name}-${version}.tar.gz", hash = "sha256:${HASH}"},\n]\n\n[metadata]\nlock-version = "2.0"\npython-versions = ">=3.11,<3.12"\ncontent-hash = "${HASH}"\n`;
const notebook = (source: string) => JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: [source] }], metadata: {}, nbformat: 4, nbformat_minor: 5 });

function judged(outcome: Outcome) {
  if (outcome.status !== 'judged') throw new Error(`expected judged, got ${outcome.status}`);
  return outcome;
}
const componentNotes = (outcome: Outcome) => judged(outcome).evidence.filter((entry) => entry.kind === 'component').map((entry) => entry.note);
const findingsOf = (outcome: Outcome, id: string) => judged(outcome).findings.filter((finding) => finding.id === id);

describe('Python components judged one by one', () => {
  const training = {
    'training/pyproject.toml': '[project]\nname = "training"\nrequires-python = "==3.11.*"\ndependencies = ["scikit-learn"]\n',
    'training/uv.lock': uvLock('scikit-learn', '1.5.1'),
    'training/train.py': 'import numpy as np\nfrom sklearn.linear_model import LogisticRegression\nnp.random.seed(7)\nLogisticRegression().fit(X, y)\n',
    Makefile: 'train:\n\tpython training/train.py\n',
  };
  // 6 of 9 pinned, no hashes, no Python version.
  const looseService = {
    'service/requirements.txt': 'fastapi==0.111.0\nuvicorn==0.30.1\npydantic==2.7.4\nhttpx==0.27.0\njoblib==1.4.2\nnumpy==1.26.4\npandas>=2.0\nscikit-learn\nstructlog~=24.1\n',
    'service/app.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
  };

  it('judges a locked training pipeline and a loose service each on its own files, and names the component in each finding', async () => {
    const outcome = judged(await runRaw(check, { ...training, ...looseService }));
    // training: uv.lock with hashes, 1; service: 6 of 9 pinned without hashes, 6/9 × 0.85; averaged with equal weight.
    // The whole repository judged by its best file would have been 0.9 (the lock, less 0.1 for the loose file).
    expect(outcome.criteria.environment).toBeCloseTo((1 + (6 / 9) * 0.85) / 2, 3);
    // training states ==3.11.* (one minor series), service states nothing.
    expect(outcome.criteria.versions).toBeCloseTo(0.5, 3);

    const unpinned = findingsOf(outcome, 'unpinned-requirement');
    expect(unpinned.map((finding) => finding.path)).toEqual(['service/requirements.txt', 'service/requirements.txt', 'service/requirements.txt']);
    for (const finding of unpinned) expect(finding.message.startsWith('service/ (Python): ')).toBe(true);
    const unstated = findingsOf(outcome, 'python-version-unstated');
    expect(unstated.map((finding) => [finding.path, finding.message.slice(0, 19)])).toEqual([['service/requirements.txt', 'service/ (Python): ']]);
    expect(findingsOf(outcome, 'no-lockfile')).toEqual([]);

    expect(componentNotes(outcome)).toEqual([
      expect.stringMatching(/^service\/ \(Python\): service\/requirements\.txt \(6 of 9 requirement\(s\) pinned\), 0\.57 ✗; Python not stated ✗$/),
      expect.stringMatching(/^training\/ \(Python\): training\/uv\.lock \(uv lock .*\), 1\.00 ✓; Python ==3\.11\.\* \(lockfile, training\/uv\.lock\) ✓$/),
    ]);
    expect(outcome.summary).toMatch(/^service\/ \(Python\): requirements\.txt, 6 of 9 requirement\(s\) pinned, 0\.57; training\/ \(Python\): uv\.lock, 1\.00; /);
  });

  it('asks a second project for its own lock: a lock in a sibling folder does not cover it', async () => {
    const outcome = judged(
      await runRaw(check, {
        ...training,
        'api/pyproject.toml': '[project]\nname = "api"\nrequires-python = ">=3.11"\ndependencies = ["fastapi>=0.110", "uvicorn"]\n',
        'api/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      }),
    );
    const noLock = findingsOf(outcome, 'no-lockfile');
    expect(noLock.map((finding) => finding.path)).toEqual(['api/pyproject.toml']);
    expect(noLock[0].message).toMatch(/^api\/ \(Python\): api\/pyproject\.toml declares 2 dependencies/);
    // api: declared names only (0.1), training: 1. The range >=3.11 counts 0.7.
    expect(outcome.criteria.environment).toBeCloseTo(0.55, 3);
    expect(outcome.criteria.versions).toBeCloseTo(0.85, 3);
    expect(findingsOf(outcome, 'python-version-range').map((finding) => finding.message.slice(0, 15))).toEqual(['api/ (Python): ']);
  });

  it('judges a Python training pipeline, a Node front end and a Go service each with its own tool, naming each', async () => {
    const outcome = judged(
      await runRaw(check, {
        'training/requirements.txt': 'torch>=2.3\nscikit-learn==1.5.1\n',
        'training/train.py': 'import torch\ntorch.manual_seed(0)\nfor epoch in range(3):\n    loss.backward()\n    optimizer.step()\n',
        'training/README.md': '# Training\n\n```bash\npython train.py\n```\n',
        'web/package.json': '{"name": "web", "dependencies": {"react": "^18.3.1"}}',
        'web/package-lock.json': JSON.stringify({ name: 'web', lockfileVersion: 3, packages: { '': { name: 'web' }, 'node_modules/react': { version: '18.3.1', integrity: 'sha512-abc' } } }),
        'web/.nvmrc': '20.17.0\n',
        'api/go.mod': 'module example.com/api\n\ngo 1.22.0\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n',
        'api/go.sum': 'github.com/go-chi/chi/v5 v5.1.0 h1:abc=\ngithub.com/go-chi/chi/v5 v5.1.0/go.mod h1:def=\n',
      }),
    );
    const notes = componentNotes(outcome);
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatch(/^training\/ \(Python\): training\/requirements\.txt \(1 of 2 requirement\(s\) pinned\), 0\.42 ✗; Python not stated ✗$/);
    expect(notes.slice(1)).toEqual([expect.stringMatching(/^api\/ \(Go\): lock file api\/go\.sum/), expect.stringMatching(/^web\/ \(JavaScript\/TypeScript\): lock file web\/package-lock\.json/)]);
    // Python 1/2 × 0.85, Node 1, Go 1.
    expect(outcome.criteria.environment).toBeCloseTo((0.425 + 1 + 1) / 3, 3);
    // Python: no version, and torch without a CUDA version; Node and Go stated.
    expect(outcome.criteria.versions).toBeCloseTo(2 / 3, 3);
    for (const id of ['unpinned-requirement', 'python-version-unstated', 'cuda-unstated']) {
      const found = findingsOf(outcome, id);
      expect(found.length, id).toBe(1);
      expect(found[0].message.startsWith('training/ (Python): '), id).toBe(true);
    }
    expect(findingsOf(outcome, 'no-lockfile')).toEqual([]);
  });

  it('joins nested workspace members to their root, and keeps a nested project with a lock of its own apart', async () => {
    const workspace = {
      'pyproject.toml': '[project]\nname = "platform"\nrequires-python = "==3.11.*"\ndependencies = ["core", "api"]\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
      'uv.lock': uvLock('pandas', '2.2.2'),
      'packages/core/pyproject.toml': '[project]\nname = "core"\ndependencies = ["pandas>=2"]\n',
      'packages/api/pyproject.toml': '[project]\nname = "api"\ndependencies = ["fastapi>=0.110"]\n',
      'web/package.json': '{"name": "web", "private": true, "workspaces": ["packages/*"], "dependencies": {"react": "18.3.1"}}',
      'web/packages/ui/package.json': '{"name": "ui", "dependencies": {"react": "18.3.1"}}',
      'web/package-lock.json': JSON.stringify({ name: 'web', lockfileVersion: 3, packages: { '': { name: 'web' }, 'node_modules/react': { version: '18.3.1', integrity: 'sha512-abc' } } }),
      'web/.nvmrc': '20.17.0\n',
    };
    const joined = judged(await runRaw(check, workspace));
    expect(componentNotes(joined)).toEqual([expect.stringMatching(/^repository root \(Python\): uv\.lock/), expect.stringMatching(/^web\/ \(JavaScript\/TypeScript\): lock file web\/package-lock\.json/)]);
    expect(findingsOf(joined, 'no-lockfile')).toEqual([]);
    expect(joined.criteria.environment).toBe(1);

    // The same tree where one member carries its own poetry.lock: a project built on its own, judged on its own.
    const files = { ...workspace, 'packages/api/poetry.lock': poetryLock('fastapi', '0.111.0') };
    expect(detectComponents(Object.keys(files).sort()).map(describeComponent)).toEqual(['repository root (Python)', 'web/ (JavaScript/TypeScript)', 'packages/api/ (Python)']);
    const apart = judged(await runRaw(check, files));
    expect(componentNotes(apart)).toEqual([
      expect.stringMatching(/^repository root \(Python\): uv\.lock .*, 1\.00 ✓; Python ==3\.11\.\*/),
      expect.stringMatching(/^packages\/api\/ \(Python\): packages\/api\/poetry\.lock .*, 1\.00 ✓; Python >=3\.11,<3\.12 \(lockfile, packages\/api\/poetry\.lock\) ✓$/),
      expect.stringMatching(/^web\/ \(JavaScript\/TypeScript\)/),
    ]);
    expect(findingsOf(apart, 'no-lockfile')).toEqual([]);
  });

  it('does not take a folder of notebooks without a manifest for a component, nor hold it against the others', async () => {
    const outcome = judged(
      await runRaw(check, {
        'training/requirements.txt': `scikit-learn==1.5.1 --hash=sha256:${HASH}\n`,
        'training/.python-version': '3.11.9\n',
        'service/requirements.txt': 'fastapi==0.111.0\n',
        'service/Dockerfile': 'FROM python:3.11.9-slim\nCOPY requirements.txt .\n',
        'notebooks/explore.ipynb': notebook('import pandas as pd\ndf = pd.read_csv("data.csv")\ndf.describe()\n'),
        'notebooks/figures.ipynb': notebook('import matplotlib.pyplot as plt\n'),
      }),
    );
    expect(componentNotes(outcome).map((note) => note?.slice(0, note.indexOf(':')))).toEqual(['service/ (Python)', 'training/ (Python)']);
    expect(findingsOf(outcome, 'no-environment')).toEqual([]);
    // training: hashed, 1; service: pinned without hashes, 0.85; less 0.05 for a base image pinned by tag only.
    // Each states its own Python (.python-version, the base image).
    expect(outcome.criteria.environment).toBeCloseTo((1 + 0.85) / 2 - 0.05, 3);
    expect(findingsOf(outcome, 'base-image-tag').map((finding) => finding.path)).toEqual(['service/Dockerfile']);
    expect(outcome.criteria.versions).toBe(1);

    // Notebooks and nothing else: no component at all, judged as the whole repository as before.
    const alone = judged(await runRaw(check, { 'notebooks/explore.ipynb': notebook('import pandas as pd\n'), 'analysis.py': 'import pandas as pd\n' }));
    expect(componentNotes(alone)).toEqual([]);
    expect(findingsOf(alone, 'no-environment').map((finding) => finding.message)).toEqual([expect.stringMatching(/^No lock file, requirements file/)]);
  });

  it('takes a root pyproject.toml of tool settings only for no project: the projects under it are judged one by one', async () => {
    const files = {
      'pyproject.toml': '[tool.poetry]\nname = "examples"\nversion = "1.0.0"\n\n[tool.poetry.dependencies]\npython = ">=3.11,<3.13"\n\n[tool.poetry.dev-dependencies]\nruff = "^0.5"\npytest = "^8.2"\n\n[tool.ruff]\nline-length = 79\n',
      'churn/requirements.txt': 'scikit-learn==1.5.1\npandas==2.2.2\n',
      'churn/Dockerfile': 'FROM python:3.11.9-slim\n',
      'churn/api/requirements.txt': 'fastapi==0.111.0\n',
      'support-agent/requirements.txt': 'langchain\nopenai>=1.30\n',
    };
    expect(detectComponents(Object.keys(files).sort()).map(describeComponent)).toEqual(['repository root (Python)']);
    const outcome = judged(await runRaw(check, files));
    // churn/ (its api/ folder joined): 0.85; support-agent/: names only, 0.1; less 0.05 for churn's tagged base image.
    expect(componentNotes(outcome).map((note) => note?.slice(0, note.indexOf(':')))).toEqual(['churn/ (Python)', 'support-agent/ (Python)']);
    expect(outcome.criteria.environment).toBeCloseTo((0.85 + 0.1) / 2 - 0.05, 3);
    // churn's own base image states its Python; the settings' range is not support-agent's, nor is churn's image.
    expect(outcome.criteria.versions).toBeCloseTo(0.5, 3);
    expect(findingsOf(outcome, 'python-version-unstated').map((finding) => finding.path)).toEqual(['support-agent/requirements.txt']);
    expect(outcome.evidence.find((entry) => entry.path === 'pyproject.toml' && entry.kind === 'pyproject')?.note).toContain('part of no Python component: not scored');

    // The same root declaring a dependency of its own is a project: everything under it is judged with it, as before.
    const project = judged(await runRaw(check, { ...files, 'pyproject.toml': files['pyproject.toml'].replace('python = ">=3.11,<3.13"', 'python = ">=3.11,<3.13"\nrequests = "^2.32"') }));
    expect(componentNotes(project)).toEqual([]);
    expect(project.summary).toMatch(/^Python environment from churn\/(api\/)?requirements\.txt/);
  });

  it('shows an environment file outside every Python component without scoring it, and reads version files above a component', async () => {
    const outcome = judged(
      await runRaw(check, {
        '.python-version': '3.11.9\n',
        'training/requirements.txt': 'scikit-learn==1.5.1\n',
        'service/requirements.txt': 'fastapi==0.111.0\n',
        'tools/conda.yaml': 'name: tools\ndependencies:\n  - python=3.11\n  - pip\n',
      }),
    );
    const conda = outcome.evidence.find((entry) => entry.path === 'tools/conda.yaml');
    expect(conda?.note).toContain('part of no Python component: not scored');
    expect(outcome.criteria.versions).toBe(1);
    expect(findingsOf(outcome, 'python-version-unstated')).toEqual([]);
    expect(outcome.criteria.environment).toBeCloseTo(0.85, 3);
  });

  it('judges the first 30 Python components of a large monorepo, says how many more were not, and summarises the first few', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 32; i++) files[`projects/p${String(i).padStart(2, '0')}/requirements.txt`] = 'pandas==2.2.2\n';
    const outcome = judged(await runRaw(check, files));
    const notes = componentNotes(outcome);
    expect(notes).toHaveLength(31);
    expect(notes.at(-1)).toBe('2 more Python component(s) not judged (the first 30 are)');
    expect(outcome.summary).toContain('projects/p05/ (Python): requirements.txt, 1 of 1 requirement(s) pinned, 0.85; 24 more Python component(s) in the evidence;');
  });

  it('lets a Dockerfile of no component state the Python of the components below its folder, not of its siblings', async () => {
    const projects = { 'training/requirements.txt': 'scikit-learn==1.5.1\n', 'service/requirements.txt': 'fastapi==0.111.0\n' };
    const image = `FROM python:3.12.4-slim@sha256:${HASH}\n`;
    const sibling = judged(await runRaw(check, { ...projects, 'benchmarks/Dockerfile': image }));
    expect(sibling.criteria.versions).toBe(0);
    expect(findingsOf(sibling, 'python-version-unstated').map((finding) => finding.path)).toEqual(['service/requirements.txt', 'training/requirements.txt']);
    const above = judged(await runRaw(check, { ...projects, Dockerfile: image }));
    expect(above.criteria.versions).toBe(1);
  });
});
