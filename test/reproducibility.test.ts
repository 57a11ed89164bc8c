// The reproducibility check on real layouts: pinned environments, includes, Docker base images, entry points,
// seeds and versions; the complete fixture passes, the notebook dump fails with the unpinned packages named.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/reproducibility.js';
import { FIXTURES, runCheck, runRaw } from './helpers.js';

const ids = (result: Awaited<ReturnType<typeof runCheck>>) => result.findings.map((finding) => finding.id);
const value = (result: Awaited<ReturnType<typeof runCheck>>, id: string) => result.criteria.find((criterion) => criterion.id === id)?.value;
/** Pinned with a hash: an environment worth full marks, so entry point and seeds are not capped by it. */
const HASHED = ` --hash=sha256:${'0123456789abcdef'.repeat(4)}`;

describe('reproducibility', () => {
  it('passes the complete handover', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it('fails the notebook dump and names the unpinned packages', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('fail');
    const unpinned = result.findings.filter((finding) => finding.id === 'unpinned-requirement');
    const named = unpinned.map((finding) => finding.message).join('\n');
    for (const name of ['pandas', 'scikit-learn', 'matplotlib']) expect(named).toContain(name);
    expect(ids(result)).toContain('no-entrypoint');
    for (const finding of result.findings) expect(finding.remediation).toBeTruthy();
  });

  it('follows -r includes and reports one that is missing or leaves the root', async () => {
    const result = await runCheck(check, {
      'requirements/prod.txt': '-r base.txt\n-r ../../outside.txt\nlightgbm==4.3.0\n',
      'requirements/base.txt': 'pandas==2.2.2\nnumpy==1.26.4\n',
      'requirements/dev.txt': '-r missing.txt\npytest==8.2.0\n',
    });
    expect(ids(result)).toContain('requirements-include-missing');
    expect(ids(result)).not.toContain('unpinned-requirement');
  });

  it('judges a Docker base image by tag and by digest', async () => {
    const latest = await runCheck(check, { Dockerfile: 'FROM python:latest\nRUN pip install -r requirements.txt\n', 'requirements.txt': 'pandas==2.2.2\n' });
    expect(ids(latest)).toContain('base-image-unpinned');
    const digest = await runCheck(check, { Dockerfile: `FROM python:3.11.9-slim@sha256:${'a'.repeat(64)}\n`, 'requirements.txt': 'pandas==2.2.2\n' });
    expect(ids(digest)).not.toContain('base-image-unpinned');
    expect(ids(digest)).not.toContain('base-image-tag');
  });

  it('reports a malformed pyproject.toml at its line instead of crashing', async () => {
    const result = await runCheck(check, { 'pyproject.toml': '[project]\nname = "churn"\ndependencies = ["pandas==2.2.2"\n' });
    expect(ids(result)).toContain('environment-file-malformed');
    expect(result.findings.find((finding) => finding.id === 'environment-file-malformed')?.path).toBe('pyproject.toml');
  });

  it('credits seeds set in training code over none at all', async () => {
    const base = { 'requirements.txt': `scikit-learn==1.5.0${HASHED}\n`, 'Makefile': 'train:\n\tpython train.py\n' };
    const seeded = await runCheck(check, { ...base, 'train.py': 'import numpy as np\nnp.random.seed(42)\nmodel.fit(X, y)\n' });
    const unseeded = await runCheck(check, { ...base, 'train.py': 'model.fit(X, y)\n' });
    expect(value(seeded, 'seeds')).toBe(1);
    expect(value(unseeded, 'seeds')).toBe(0);
    expect(ids(unseeded)).toContain('no-seeds');
    expect(value(seeded, 'entrypoint')).toBeGreaterThan(0);
  });

  // Issue #16: every component of a delivery is judged with its own ecosystem's lock file and runtime.
  describe('components of every ecosystem', () => {
    for (const name of ['rails-rspec', 'go-service', 'gradle-kotlin', 'dotnet-llm', 'rust-crate']) {
      it(`passes the ${name} fixture, crediting its lock file and runtime and not asking for seeds`, async () => {
        const result = await runCheck(check, path.join(FIXTURES, 'ecosystems', name));
        expect(result.status).toBe('pass');
        expect(ids(result)).not.toContain('no-environment');
        expect(ids(result)).not.toContain('no-lockfile');
        expect(ids(result)).not.toContain('python-version-unstated');
        expect(ids(result)).not.toContain('no-seeds');
        expect(value(result, 'environment')).toBeGreaterThanOrEqual(0.9);
        expect(value(result, 'versions')).toBe(1);
        expect(result.evidence.filter((entry) => entry.kind === 'component').length).toBeGreaterThan(0);
      });
    }

    it('names each component in its evidence, with its lock and runtime', async () => {
      const result = await runCheck(check, path.join(FIXTURES, 'ecosystems', 'rails-rspec'));
      const notes = result.evidence.filter((entry) => entry.kind === 'component').map((entry) => entry.note);
      expect(notes).toEqual([
        expect.stringMatching(/^repository root \(Ruby\): lock file Gemfile\.lock .*✓; runtime 3\.3\.4 \(\.ruby-version/),
        expect.stringMatching(/^repository root \(JavaScript\/TypeScript\) \(development tools only\): lock file yarn\.lock .*✓; runtime 20\.17\.0 \(\.node-version/),
      ]);
    });

    it('says which component has no lock file or no runtime, and judges the others on their own', async () => {
      const outcome = await runRaw(check, {
        'pyproject.toml': '[project]\nname = "pipeline"\nrequires-python = "==3.11.*"\ndependencies = ["scikit-learn"]\n',
        'uv.lock': 'version = 1\nrequires-python = "==3.11.*"\n\n[[package]]\nname = "scikit-learn"\nversion = "1.5.1"\nsdist = { url = "https://x", hash = "sha256:' + 'a'.repeat(64) + '" }\n',
        'train.py': 'from sklearn.linear_model import LogisticRegression\nimport numpy as np\nnp.random.seed(7)\nLogisticRegression().fit(X, y)\n',
        'Makefile': 'train:\n\tpython train.py\n',
        'web/package.json': '{"name": "web", "dependencies": {"react": "^18.3.1"}}',
        'api/go.mod': 'module example.com/api\n\ngo 1.22.0\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n',
        'api/go.sum': 'github.com/go-chi/chi/v5 v5.1.0 h1:abc=\ngithub.com/go-chi/chi/v5 v5.1.0/go.mod h1:def=\n',
      });
      if (outcome.status !== 'judged') throw new Error('expected judged');
      const noLock = outcome.findings.filter((finding) => finding.id === 'no-lockfile');
      expect(noLock.map((finding) => finding.path)).toEqual(['web/package.json']);
      expect(noLock[0].message).toContain('web/ (JavaScript/TypeScript)');
      expect(outcome.findings.filter((finding) => finding.id === 'runtime-version-unstated').map((finding) => finding.path)).toEqual(['web/package.json']);
      // Python (1), web (0.1), Go (1): averaged.
      expect(outcome.criteria.environment).toBeCloseTo(0.7, 2);
      expect(outcome.criteria.versions).toBeCloseTo(2 / 3, 2);
      expect(outcome.notApplicable ?? []).toEqual([]);
    });

    it('counts a package.json of development tools a quarter next to the code it serves', async () => {
      const base = {
        'requirements.txt': 'scikit-learn==1.5.1 --hash=sha256:' + 'a'.repeat(64) + '\n',
        '.python-version': '3.11.9\n',
      };
      const tooling = await runRaw(check, { ...base, 'package.json': '{"devDependencies": {"prettier": "3.3.3", "husky": "9.1.5"}}' });
      const frontend = await runRaw(check, { ...base, 'package.json': '{"dependencies": {"react": "^18.3.1"}}' });
      if (tooling.status !== 'judged' || frontend.status !== 'judged') throw new Error('expected judged');
      // (1 + 0.25 × 0.1) / 1.25 against (1 + 0.1) / 2: both still say the lock is missing.
      expect(tooling.criteria.environment).toBeCloseTo(0.82, 2);
      expect(frontend.criteria.environment).toBeCloseTo(0.55, 2);
      for (const outcome of [tooling, frontend]) expect(outcome.findings.filter((finding) => finding.id === 'no-lockfile').map((finding) => finding.path)).toEqual(['package.json']);
    });

    it('credits Maven and NuGet declared versions without a lock below a lock, and less when they float', async () => {
      const pom = (version: string) => `<project><properties><maven.compiler.release>21</maven.compiler.release></properties><dependencies><dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>${version}</version></dependency></dependencies></project>`;
      const exact = await runRaw(check, { 'pom.xml': pom('2.0.13') });
      const range = await runRaw(check, { 'pom.xml': pom('[2.0,3.0)') });
      if (exact.status !== 'judged' || range.status !== 'judged') throw new Error('expected judged');
      expect(exact.criteria.environment).toBeCloseTo(0.7, 2);
      expect(range.criteria.environment).toBeCloseTo(0.3, 2);
      expect(exact.criteria.versions).toBe(1);
    });

    it('judges the first 30 components of a large monorepo and says how many more were not judged', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 35; i++) files[`services/s${String(i).padStart(2, '0')}/go.mod`] = `module example.com/s${i}\n\ngo 1.22.0\n`;
      const result = await runCheck(check, files);
      const components = result.evidence.filter((entry) => entry.kind === 'component');
      expect(components).toHaveLength(31);
      expect(components.at(-1)?.note).toBe('5 more component(s) not judged (the first 30 are)');
    });

    it('reports a malformed lock of another ecosystem at its path', async () => {
      const result = await runCheck(check, { Gemfile: 'source "https://rubygems.org"\ngem "rails"\n', 'Gemfile.lock': 'this is not bundler output\n', '.ruby-version': '3.3.4\n' });
      const malformed = result.findings.find((finding) => finding.id === 'lockfile-malformed');
      expect(malformed?.path).toBe('Gemfile.lock');
    });
  });

  // Issue #17: an entry point is found from what the code does, not from a file name.
  describe('training found by behaviour', () => {
    const djangoView = 'from django.shortcuts import render\n\ndef training_view(request):\n    return render(request, "training/index.html")\n';

    it('does not take a Django training_views.py for the training entry point; nothing is trained, so entry point and seeds do not apply', async () => {
      const outcome = await runRaw(check, {
        'django_app/pyproject.toml': '[project]\nname = "app"\nrequires-python = "==3.12.*"\ndependencies = ["django==5.1"]\n',
        'django_app/app/views/training_views.py': djangoView,
        'django_app/app/train_helpers.py': 'def label(x):\n    return x\n',
      });
      if (outcome.status !== 'judged') throw new Error('expected judged');
      expect(outcome.evidence.filter((entry) => entry.kind.startsWith('entrypoint'))).toEqual([]);
      expect(outcome.findings.map((finding) => finding.id)).not.toContain('no-seeds');
      expect(outcome.findings.map((finding) => finding.id)).not.toContain('no-entrypoint');
      expect((outcome.notApplicable ?? []).map((entry) => entry.criterion)).toEqual(['entrypoint', 'seeds']);
    });

    it('finds training code under any name and asks for a documented command to run it', async () => {
      const result = await runCheck(check, {
        'requirements.txt': 'torch==2.4.0\n',
        'src/run_experiment.py': 'import torch\nfor epoch in range(3):\n    loss.backward()\n    optimizer.step()\n',
      });
      const entry = result.evidence.find((item) => item.kind === 'entrypoint:training-script');
      expect(entry?.path).toBe('src/run_experiment.py');
      expect(ids(result)).toContain('entrypoint-undocumented');
    });

    it('counts a documented command as training when the script it runs trains', async () => {
      const result = await runCheck(check, {
        'requirements.txt': `scikit-learn==1.5.1${HASHED}\n`,
        'README.md': '# Churn\n\n```bash\npython main.py --data data/churn.csv\n```\n',
        'main.py': 'from sklearn.linear_model import LogisticRegression\nLogisticRegression(random_state=1).fit(X, y)\n',
      });
      expect(value(result, 'entrypoint')).toBe(1);
    });

    it('says what it did not read instead of scoring 0 when the only code is R', async () => {
      const outcome = await runRaw(check, { 'R/fit_model.R': 'model <- glm(y ~ x, data = d)\n', 'renv.lock': '{}' });
      if (outcome.status !== 'judged') throw new Error('expected judged');
      expect((outcome.unsupported ?? []).map((entry) => entry.criterion)).toEqual(['entrypoint', 'seeds']);
      expect(outcome.unsupported?.[0].reason).toContain('R code (1 file(s))');
    });

    it('still asks for an entry point when a model is delivered but no code says how it was trained', async () => {
      const result = await runCheck(check, { 'requirements.txt': 'scikit-learn==1.5.1\n', 'models/churn.joblib': 'binary', 'app/serve.py': 'import joblib\nmodel = joblib.load("models/churn.joblib")\n' });
      expect(ids(result)).toContain('no-entrypoint');
    });
  });
});
