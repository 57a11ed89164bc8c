// The reproducibility check on real layouts: pinned environments, includes, Docker base images, entry points,
// seeds and versions; the complete fixture passes, the notebook dump fails with the unpinned packages named.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/reproducibility.js';
import { FIXTURES, runCheck } from './helpers.js';

const ids = (result: Awaited<ReturnType<typeof runCheck>>) => result.findings.map((finding) => finding.id);
const value = (result: Awaited<ReturnType<typeof runCheck>>, id: string) => result.criteria.find((criterion) => criterion.id === id)?.value;

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
    const base = { 'requirements.txt': 'scikit-learn==1.5.0\n', 'Makefile': 'train:\n\tpython train.py\n' };
    const seeded = await runCheck(check, { ...base, 'train.py': 'import numpy as np\nnp.random.seed(42)\nmodel.fit(X, y)\n' });
    const unseeded = await runCheck(check, { ...base, 'train.py': 'model.fit(X, y)\n' });
    expect(value(seeded, 'seeds')).toBe(1);
    expect(value(unseeded, 'seeds')).toBe(0);
    expect(ids(unseeded)).toContain('no-seeds');
    expect(value(seeded, 'entrypoint')).toBeGreaterThan(0);
  });
});
