// False findings the blind holdout showed (#17) and the deployment definitions it missed (#16), each as a small
// realistic tree: the case that was wrong, and the case next to it that must still be reported.
import { describe, expect, it } from 'vitest';
import infrastructure from '../checks/infrastructure.js';
import dataProtection from '../checks/data-protection.js';
import livingDocs from '../checks/living-docs.js';
import reproducibility from '../checks/reproducibility.js';
import runbooks from '../checks/runbooks.js';
import secrets from '../checks/secrets.js';
import testsCheck from '../checks/tests.js';
import { findingIds, runCheck } from './helpers.js';
import { samples } from './secrets-samples.js';

const BACKEND_MAKEFILE = ['run:', '\tpoetry run python main.py', '', 'migrate:', '\tpoetry run alembic upgrade head', '', 'refresh_db:', '\tdocker compose down -v && $(MAKE) migrate', ''].join('\n');

const TROUBLESHOOTING = [
  '# Troubleshooting',
  '',
  '## I see `ValidationError: 8 validation errors for Settings`',
  '',
  'You may have just run `make migrate` and seen this error. It means the environment is not loaded:',
  '',
  '1. Copy the template: `cp .env.development .env`',
  '2. Export it with `set -a` and `source .env`',
  '3. Run the migration again:',
  '',
  '```bash',
  'make migrate',
  '```',
  '',
].join('\n');

describe('runbooks: a Make target resolves against the Makefile the command runs with', () => {
  it('a document in backend/ runs `make` there: backend/Makefile', async () => {
    const result = await runCheck(runbooks, { 'backend/troubleshooting.md': TROUBLESHOOTING, 'backend/Makefile': BACKEND_MAKEFILE, 'backend/main.py': 'print(1)\n' });
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'backend/troubleshooting.md', kind: 'runbook', note: expect.stringContaining('2 reference(s)') }));
    expect(findingIds(result)).not.toContain('missing-make-target');
  });

  it('`cd backend && make migrate`, or a `cd backend` line before it, names backend/Makefile from the root', async () => {
    const readme = [
      '# Operations',
      '',
      '## Migrating the database in production',
      '',
      '```bash',
      'cd backend && make migrate',
      '```',
      '',
      '```bash',
      'cd backend',
      'make refresh_db',
      'make seed',
      '```',
      '',
    ].join('\n');
    const result = await runCheck(runbooks, { 'docs/runbooks/database.md': readme, 'backend/Makefile': BACKEND_MAKEFILE });
    const missing = result.findings.filter((finding) => finding.id === 'missing-make-target');
    expect(missing.map((finding) => [finding.line, finding.message])).toEqual([[12, '`make seed`: backend/Makefile has no target "seed".']]);
  });

  it('still reports a target no Makefile near the document defines, naming where it looked', async () => {
    const result = await runCheck(runbooks, { 'backend/troubleshooting.md': TROUBLESHOOTING.replace(/make migrate/g, 'make upgrade'), 'frontend/Makefile': 'build:\n\tnpm ci\n' });
    expect(result.findings.filter((finding) => finding.id === 'missing-make-target').map((finding) => finding.message)).toEqual([
      '`make upgrade`: there is no Makefile in backend/ or any folder above it.',
    ]);
  });

  it('paths written after the guide `cd`s into a folder resolve there; a path in neither place is still missing', async () => {
    const guide = [
      '# Deploying to Azure Container Apps',
      '',
      '1. Go to the deployment folder:',
      '',
      '```shell',
      'cd deploy/aca',
      'azd up',
      '```',
      '',
      '2. Set the values in `./infra/main.parameters.json` before provisioning again.',
      '3. To upload more PDFs, run `./scripts/prepdocs.sh`, then start the app with `./app/start.sh`.',
      '',
    ].join('\n');
    const result = await runCheck(runbooks, {
      'docs/runbooks/deploy-aca.md': guide,
      'deploy/aca/infra/main.parameters.json': '{}\n',
      'deploy/aca/scripts/prepdocs.sh': '#!/bin/sh\n',
      'deploy/aca/azure.yaml': 'name: app\n',
      'app/backend/pom.xml': '<project/>\n',
    });
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'docs/runbooks/deploy-aca.md', kind: 'runbook' }));
    expect(result.findings.filter((finding) => finding.id === 'missing-script').map((finding) => finding.message)).toEqual(['`./app/start.sh`: app/start.sh is not in the repository.']);
  });

  it('after `cd $APP_DIR` the Makefile cannot be located, so nothing is claimed', async () => {
    const runbook = '# Runbook\n\n## Deploy\n\n```bash\ncd $APP_DIR && make deploy\n```\n';
    const result = await runCheck(runbooks, { 'RUNBOOK.md': runbook });
    expect(findingIds(result)).not.toContain('missing-make-target');
  });
});

describe('runbooks: an FAQ answer that is a data-maintenance procedure', () => {
  const faq = (refresh: string) =>
    [
      '# Frequently Asked Questions',
      '',
      'Here we go over questions that come up when running this project.',
      '',
      '## How do I completely refresh my database?',
      '',
      'During development or after a bad ingestion you may need to wipe the database and start again with empty tables.',
      '',
      refresh,
      '',
      'The container shares a data volume with the host, so the data survives restarts of the `db` container; to refresh it',
      'the container is stopped, its volumes deleted, the container re-created and the alembic migrations applied again.',
      '',
      '## Can I use other documents?',
      '',
      'Yes. The backend is not specific to one kind of filing.',
      '',
    ].join('\n');

  it('bulleted steps with the command inline make the section a procedure (retraining: refreshing what the app answers from)', async () => {
    const steps = ['We have included a `make refresh_db` command in `backend/Makefile`. To use it:', '- `cd` into the `backend/` folder', '- Run `set -a` then `source .env`', '- Run `make refresh_db`', '   - It asks for confirmation first.'].join('\n');
    const result = await runCheck(runbooks, { 'FAQ.md': faq(steps), 'backend/Makefile': BACKEND_MAKEFILE });
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'FAQ.md', kind: 'runbook-by-content', note: expect.stringContaining('How do I completely refresh my database?') }));
    expect(findingIds(result)).not.toContain('missing-retraining');
    // No Makefile beside FAQ.md; the answer sends the reader to backend/, whose Makefile has the target.
    expect(findingIds(result)).not.toContain('missing-make-target');
  });

  it('the same answer without a command to run is prose, not a procedure', async () => {
    const prose = ['Ask the platform team; they will:', '- stop the container', '- delete its volumes', '- recreate it for you'].join('\n');
    const result = await runCheck(runbooks, { 'FAQ.md': faq(prose) });
    expect(result.evidence.filter((entry) => entry.path === 'FAQ.md')).toEqual([]);
  });
});

describe('infrastructure: a file named for releases is not a deployment', () => {
  const dag = [
    'from airflow import DAG',
    'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator',
    '',
    'dag = DAG("releases", schedule_interval="0 3 * * *")',
    'KubernetesPodOperator(task_id="releases-import", cmds=["python", "-m", "extract.s3_extract.release_job"], dag=dag)',
    '',
  ].join('\n');
  const job = 'import argparse\nfrom extract.s3_extract.stage_import import releases_import\n\nif __name__ == "__main__":\n    releases_import(argparse.ArgumentParser().parse_args().date)\n';

  it('release-data ingestion jobs are not deploy scripts', async () => {
    const result = await runCheck(infrastructure, { 'airflow/dags/extract/releases.py': dag, 'extract/s3_extract/release_job.py': job, 'Dockerfile': 'FROM python:3.11-slim\n' });
    expect(findingIds(result)).not.toContain('deployment-undocumented');
    expect(result.evidence.filter((entry) => entry.kind === 'deploy-script')).toEqual([]);
  });

  it('a release script that tags and pushes an image, and a deploy script by name, still are', async () => {
    const release = '#!/usr/bin/env bash\nset -euo pipefail\ngit tag "v$1"\ndocker push registry.example.com/ml/api:"$1"\n';
    const result = await runCheck(infrastructure, { 'scripts/release.sh': release, 'scripts/deploy_api.sh': 'kubectl apply -f k8s/\n', 'Dockerfile': 'FROM python:3.11-slim\n' });
    expect(result.evidence.filter((entry) => entry.kind === 'deploy-script').map((entry) => entry.path).sort()).toEqual(['scripts/deploy_api.sh', 'scripts/release.sh']);
    expect(findingIds(result)).toContain('deployment-undocumented');
  });
});

describe('infrastructure: application platform files say where the service runs', () => {
  const blueprint = [
    'previewsEnabled: true',
    'databases:',
    '  - name: app-db',
    '    plan: pro',
    'services:',
    '  - type: web',
    '    name: app-backend',
    '    runtime: docker',
    '    rootDir: ./backend',
    '    envVars:',
    '      - fromGroup: prod-web-secrets',
    '      - fromGroup: preview-web-secrets',
    '  - type: cron',
    '    name: app-cron',
    '    runtime: docker',
    '    schedule: "0 5 * * *"',
    '',
  ].join('\n');

  it('a Render blueprint defines the runtime, the deployment and its environments', async () => {
    const result = await runCheck(infrastructure, { 'render.yaml': blueprint, 'backend/Dockerfile': 'FROM python:3.11-slim\n', 'backend/docker-compose.yml': 'services:\n  db:\n    image: postgres:15\n' });
    const ids = findingIds(result);
    expect(ids).not.toContain('no-runtime-definition');
    expect(ids).not.toContain('no-deployment-path');
    expect(ids).not.toContain('no-environments');
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'render.yaml', kind: 'iac:render-blueprint', note: expect.stringContaining('2 service(s) (app-backend, app-cron), 1 database(s)') }));
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'render.yaml', kind: 'environment:production' }));
  });

  it('fly.toml, App Engine app.yaml, vercel.json, netlify.toml, railway.json and a Procfile are recognised by content', async () => {
    const result = await runCheck(infrastructure, {
      'fly.toml': 'app = "churn-api"\nprimary_region = "ams"\n\n[http_service]\ninternal_port = 8080\n',
      'gae/app.yaml': 'runtime: python311\nentrypoint: gunicorn -b :$PORT main:app\ninstance_class: F2\n',
      'web/vercel.json': '{"rewrites": [{"source": "/api/(.*)", "destination": "/api"}]}\n',
      'site/netlify.toml': '[build]\ncommand = "npm run build"\npublish = "dist"\n\n[context.production]\ncommand = "npm run build:prod"\n',
      'worker/railway.json': '{"build": {"builder": "NIXPACKS"}, "deploy": {"startCommand": "python worker.py"}}\n',
      Procfile: 'web: gunicorn app:app\nworker: celery -A tasks worker\n',
    });
    const tools = result.evidence.filter((entry) => entry.kind.startsWith('iac:')).map((entry) => entry.kind).sort();
    expect(tools).toEqual(['iac:app-engine', 'iac:fly', 'iac:netlify', 'iac:procfile', 'iac:railway', 'iac:vercel']);
    expect(findingIds(result)).not.toContain('no-infrastructure');
  });

  it('an app.yaml, vercel.json or render.yaml of something else, or a Procfile of development servers, is not a platform file', async () => {
    const result = await runCheck(infrastructure, {
      'Procfile.dev': 'web: cd backend && uv run gunicorn --reload backend.wsgi\nworker: uv run python manage.py rqworker\n',
      'tools/Procfile': 'web: cd backend && uv run gunicorn --reload backend.wsgi\nfrontend: cd frontend && npm run dev\n',
      'config/app.yaml': 'model:\n  name: churn\n  threshold: 0.4\n',
      'vercel.json': '{\n  "framework": "nextjs"\n}\n',
      'docs/render.yaml': 'theme: dark\npages:\n  - index\n',
    });
    expect(result.evidence.filter((entry) => entry.kind.startsWith('iac:'))).toEqual([]);
    expect(findingIds(result)).toContain('no-infrastructure');
  });
});

describe('secrets: test fixtures with stand-in credentials', () => {
  const testHelpers = (password: string) =>
    [
      'import pytest',
      '',
      '@pytest.mark.parametrize("expected", [',
      `    "snowflake://admin:${password}@test-account/test-database/test-schema?role=test-role",`,
      `    "snowflake://admin:${password}@test-account/test-database?warehouse=test-warehouse",`,
      `    "snowflake://admin:${password}@test-account/",`,
      '])',
      'def test_url(expected):',
      '    assert expected',
      '',
    ].join('\n');

  it('a hand-typed password in a test URL is a fixture, not a leak', async () => {
    const result = await runCheck(secrets, { '.gitignore': '.env\n', 'tests/utils/db/test_helpers.py': testHelpers('safe') });
    expect(findingIds(result).filter((id) => id === 'secret-in-tree' || id === 'possible-secret')).toEqual([]);
  });

  it('a generated password in tests is still reported, once for the credential with every line it is on', async () => {
    const result = await runCheck(secrets, { '.gitignore': '.env\n', 'tests/utils/db/test_helpers.py': testHelpers('Zq8vN2rTx4LmW9pK') });
    const found = result.findings.filter((finding) => finding.id === 'secret-in-tree');
    expect(found.map((finding) => [finding.path, finding.line])).toEqual([['tests/utils/db/test_helpers.py', 4]]);
    expect(found[0].message).toMatch(/at line 4, and again at lines 5, 6\.$/);
  });

  it('a compose default (`postgres:postgres@`) and a line its author allow-listed are not leaks; a vendor key is reported even so', async () => {
    const key = samples.awsAccessKeyId();
    const result = await runCheck(secrets, {
      '.gitignore': '.env\n',
      'docker-compose.yml': 'services:\n  app:\n    environment:\n      - DATABASE_URL=postgresql://postgres:postgres@postgres:5432/postgres\n',
      Makefile: 'e2e:\n\t$(eval E2E_DB_URL := postgresql://consult:Vb7mQ2xz@postgres:5432/e2e)  # pragma: allowlist secret\n',
      'deploy/settings.env': `AWS_ACCESS_KEY_ID=${key}  # pragma: allowlist secret\nREPLICA_URL=postgresql://reader:Vb7mQ2xzK4@replica.acme.io/dwh\n`,
    });
    expect(result.findings.filter((finding) => finding.id === 'secret-in-tree').map((finding) => [finding.path, finding.line])).toEqual([
      ['deploy/settings.env', 1],
      ['deploy/settings.env', 2],
    ]);
  });

  it('a real key format in a test folder is reported, and a short password outside tests for a real host too', async () => {
    const key = samples.awsAccessKeyId();
    const result = await runCheck(secrets, {
      '.gitignore': '.env\n',
      'tests/test_upload.py': `AWS_ACCESS_KEY_ID = "${key}"\n`,
      'src/db.py': 'URL = "postgresql://etl:safe@warehouse.internal.acme.io:5432/dwh"\n',
    });
    const found = result.findings.filter((finding) => finding.id === 'secret-in-tree').map((finding) => finding.path);
    expect(found).toEqual(['src/db.py', 'tests/test_upload.py']);
  });
});

describe('reproducibility: conda environments named otherwise, and GPU monitoring libraries', () => {
  const ciDependencies = [
    'name: mlopspython_ci',
    '',
    'dependencies:',
    '  # The python interpreter version.',
    '  - python=3.7.5',
    '  - numpy=1.18.1',
    '  - pip=20.0.2',
    '  - pip:',
    '      - azureml-sdk==1.27.0',
    '',
  ].join('\n');

  it('ci_dependencies.yml with name: and dependencies: is a conda environment', async () => {
    const result = await runCheck(reproducibility, {
      'diabetes_regression/ci_dependencies.yml': ciDependencies,
      'diabetes_regression/training/train.py': 'from sklearn.linear_model import Ridge\nRidge().fit([[1]], [1])\n',
    });
    expect(findingIds(result)).not.toContain('no-environment');
    expect(findingIds(result)).not.toContain('python-version-unstated');
  });

  it('a YAML file named like dependencies that is not a conda environment is not one', async () => {
    const result = await runCheck(reproducibility, {
      'config/dependencies.yml': 'services:\n  - postgres\n  - redis\n',
      'train.py': 'from sklearn.linear_model import Ridge\nRidge().fit([[1]], [1])\n',
    });
    expect(findingIds(result)).toContain('no-environment');
  });

  it('nvidia-ml-py3 (GPU monitoring) asks for no CUDA version; an nvidia CUDA library or torch does', async () => {
    const monitoring = await runCheck(reproducibility, { 'requirements.txt': 'nvidia-ml-py3==7.352.0\nscikit-learn==1.4.2\n', '.python-version': '3.11\n' });
    expect(findingIds(monitoring)).not.toContain('cuda-unstated');
    const runtime = await runCheck(reproducibility, { 'requirements.txt': 'nvidia-tensorrt==8.4.1.5\n', '.python-version': '3.11\n' });
    expect(findingIds(runtime)).toContain('cuda-unstated');
    const torch = await runCheck(reproducibility, { 'requirements.txt': 'torch==2.3.0\nnvidia-ml-py==12.535.161\n', '.python-version': '3.11\n' });
    expect(findingIds(torch)).toContain('cuda-unstated');
  });
});

describe('small false findings of other checks', () => {
  it('infrastructure: a manifest rendered from a template ({{.Env.IMAGE}}) is a manifest, not an unparsable file', async () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: backend',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: backend',
      '          image: {{.Env.SERVICE_API_IMAGE_NAME}}',
      '',
    ].join('\n');
    const broken = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [backend\n';
    const result = await runCheck(infrastructure, { 'app/backend/manifests/backend-deployment.tmpl.yml': manifest, 'k8s/broken.yaml': broken });
    expect(result.findings.filter((finding) => finding.id === 'infra-unparsed').map((finding) => finding.path)).toEqual(['k8s/broken.yaml']);
  });

  it('tests: a settings module for the test environment is not an empty test file; an empty tests/test_x.py is', async () => {
    const result = await runCheck(testsCheck, {
      'backend/settings/test.py': 'from settings.base import *\nDEBUG = False\n',
      'backend/tests/test_upload.py': 'import pytest\n',
      'backend/tests/test_models.py': 'def test_model():\n    assert 1 + 1 == 2\n',
      'backend/app/models.py': 'class Model:\n    pass\n',
    });
    expect(result.findings.filter((finding) => finding.id === 'empty-test-file').map((finding) => finding.path)).toEqual(['backend/tests/test_upload.py']);
  });

  it('data-protection: digits inside a UUID or a large number are no phone number, a list of primes holds no card, an SSH remote is no e-mail; real ones are found', async () => {
    const primes = Array.from({ length: 40 }, (_, i) => [3989, 4001, 4003, 4007, 4013, 4019, 4021, 4027, 4049, 4051][i % 10]).join(' ');
    const rows = (extra: Record<string, string>) =>
      Array.from({ length: 20 }, (_, i) => JSON.stringify({ message_id: `2b2ea058-4441-459a-b90c-c79a4682ed${String(i).padStart(2, '0')}`, output: `Primes: ${primes}; about 10 100 000 000 000 000 000 words; 1,073 481 878 571 202 315 816 682`, ...(i === 5 ? extra : {}) })).join('\n') + '\n';
    const clean = await runCheck(dataProtection, { 'eval/generations/oa.jsonl': rows({ remote: 'git@github.com:fmind/mlops-python-package' }) });
    expect(clean.findings.filter((finding) => finding.id === 'personal-data')).toEqual([]);
    const leaked = await runCheck(dataProtection, { 'eval/generations/oa.jsonl': rows({ note: 'call me on 020 7946 0018, card 4111 1111 1111 1111 exp soon', contact: 'git@acme-support.com' }) });
    expect(leaked.findings.filter((finding) => finding.id === 'personal-data').map((finding) => finding.message)).toEqual([
      expect.stringMatching(/phone number in field `note`/),
      expect.stringMatching(/payment card number \(Luhn valid\) in field `note`/),
      expect.stringMatching(/e-mail address in field `contact`/),
    ]);
  });

  it('living-docs: `src/[package]/io/datasets.py` names a placeholder folder; `src/bikes/io/missing.py` is missing', async () => {
    const readme = '# Package\n\nRead the datasets in `src/[package]/io/datasets.py`; services are in `src/bikes/io/missing.py`.\n';
    const result = await runCheck(livingDocs, { 'README.md': readme, 'src/bikes/io/datasets.py': 'X = 1\n', 'src/bikes/__init__.py': '' });
    expect(result.findings.filter((finding) => finding.id === 'missing-reference').map((finding) => finding.message)).toEqual([expect.stringContaining('src/bikes/io/missing.py')]);
  });
});
