// Precision of the `infrastructure` check on layouts seen in real repositories a reviewer found no
// infrastructure in: a project template whose settings and "productionization" prose describe nothing the
// repository builds or runs, and a library whose CI publishes a package. And the recall side: a fine-tuning
// repository whose README starts its own container step by step.
import { describe, expect, it } from 'vitest';
import check from '../checks/infrastructure.js';
import { findingIds, runCheck } from './helpers.js';

type Result = Awaited<ReturnType<typeof runCheck>>;
const criteria = (result: Result) => Object.fromEntries((result.criteria ?? []).map((c) => [c.id, c.value]));
const kinds = (result: Result) => result.evidence.map((e) => e.kind);

/** A project template: settings documented, profile files, a recipe, and a README that sketches production. */
const TEMPLATE: Record<string, string> = {
  'recipe.yaml': 'recipe: regression/v1\ntarget_col: fare_amount\nsteps:\n  train:\n    using: custom\n',
  'profiles/local.yaml': 'experiment:\n  name: sklearn_regression\n  tracking_uri: sqlite:///metadata/mlflow/mlruns.db\n',
  'profiles/databricks.yaml': 'experiment:\n  name: /Shared/sklearn_regression\n',
  'steps/train.py': 'def estimator_fn():\n    from sklearn.linear_model import SGDRegressor\n    return SGDRegressor()\n',
  'README.md': [
    '# Regression recipe template',
    '',
    '## Configuration',
    '',
    '| Setting | Meaning |',
    '|---|---|',
    '| `TRACKING_URI` | where runs are logged |',
    '| `MODEL_NAME` | registered model name |',
    '',
    '## Productionization',
    '',
    'Once the model has reached the desired quality, run the recipe from continuous deployment:',
    '',
    '- Command line: `mlflow recipes run --profile databricks`',
    '- Databricks: run `notebooks/databricks_prod.py` as a job.',
    '',
  ].join('\n'),
};

describe('settings and a sketched deployment need something that builds or runs the system', () => {
  it('a template with documented settings and a "productionization" sketch but nothing defined earns nothing', async () => {
    const result = await runCheck(check, TEMPLATE);
    expect(criteria(result)).toMatchObject({ defined: 0, deployment: 0, configuration: 0, access: 0 });
    expect(result.score).toBeLessThan(2);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['no-infrastructure', 'settings-without-infrastructure', 'deployment-not-step-by-step']));
    expect(result.findings.find((f) => f.id === 'deployment-not-step-by-step')?.message).toMatch(/nothing in the repository defines what it would deploy/);
    // The settings are still shown, so the reader sees what was not counted.
    expect(kinds(result)).toContain('settings-doc');
    expect(result.summary).toMatch(/deployment sketched, nothing defined to deploy/);
  });

  it('the same settings and sketch count once a Dockerfile builds the system', async () => {
    const result = await runCheck(check, { ...TEMPLATE, Dockerfile: 'FROM python:3.11-slim\nCOPY . /app\nCMD ["mlflow", "recipes", "run", "--profile", "databricks"]\n' });
    expect(criteria(result).configuration).toBe(0.8);
    expect(criteria(result).deployment).toBe(0.4);
    expect(findingIds(result)).not.toContain('settings-without-infrastructure');
  });

  it('a deployment written step by step with commands is itself what the settings stand on', async () => {
    const runbook = '# Deploying\n\n1. Build the bundle.\n2. Upload it:\n\n```sh\ngcloud run deploy fare-api --source . --region europe-west1\n```\n\n3. Check `/healthz` answers 200.\n';
    const result = await runCheck(check, { ...TEMPLATE, 'docs/deploy.md': runbook });
    expect(criteria(result).deployment).toBe(0.8);
    expect(criteria(result).configuration).toBe(0.8);
  });
});

describe('publishing a library is not deploying the delivered system', () => {
  const release = [
    'name: Release',
    'on:',
    '  push:',
    '    branches: [main]',
    'jobs:',
    '  deploy:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - name: Release',
    '        uses: softprops/action-gh-release@v2',
    '        with:',
    '          tag_name: v1.2.0',
    '      - name: Build and publish',
    '        env:',
    '          TWINE_PASSWORD: ${{ secrets.PYPI_API_TOKEN }}',
    '        run: |',
    '          python -m build --sdist',
    '          twine upload dist/*',
    '',
  ].join('\n');
  const library = { 'speech/__init__.py': 'import os\nCACHE = os.getenv("XDG_CACHE_HOME")\n', 'pyproject.toml': '[project]\nname = "speech"\nversion = "1.2.0"\n' };

  it('a GitHub release and a PyPI upload are publishing steps, not deploy steps, and deploy nothing', async () => {
    const result = await runCheck(check, { ...library, '.github/workflows/python-publish.yml': release });
    expect(kinds(result)).not.toContain('deploy-step:github-actions');
    expect(result.evidence.filter((e) => e.kind === 'publish-step:github-actions').map((e) => e.note)).toEqual([
      'deploy: `uses softprops/action-gh-release@v2 tag_name=v1.2.0` (a package or release, not a deployment)',
      'deploy: `twine upload dist/*` (a package or release, not a deployment)',
    ]);
    expect(criteria(result).deployment).toBe(0);
    // The environment variable the library reads configures no infrastructure.
    expect(criteria(result).configuration).toBe(0);
    expect(result.findings.find((f) => f.id === 'no-deployment-path')?.message).toMatch(/python-publish\.yml publishes a package or release, which puts nothing where it runs/);
    expect(result.summary).toMatch(/CI publishes a package or release, no deployment path/);
    expect(result.score).toBeLessThan(2);
  });

  it('a job that deploys the service still deploys, also next to a release step', async () => {
    const deploy = release.replace('          twine upload dist/*', '          helm upgrade --install speech-api deploy/chart -f deploy/chart/values-production.yaml');
    const result = await runCheck(check, { ...library, Dockerfile: 'FROM python:3.11-slim\n', '.github/workflows/deploy.yml': deploy });
    expect(kinds(result)).toContain('deploy-step:github-actions');
    expect(kinds(result)).toContain('publish-step:github-actions');
    expect(criteria(result).deployment).toBe(1);
  });

  it('a reusable workflow named release from an infrastructure repository is still a deployment', async () => {
    const workflow = 'on: [push]\njobs:\n  release:\n    uses: acme/platform-infrastructure/.github/workflows/release.yml@main\n';
    const result = await runCheck(check, { Dockerfile: 'FROM ruby:3.3\n', '.github/workflows/release.yml': workflow });
    expect(kinds(result)).toContain('deploy-step:github-actions');
  });
});

describe('numbered steps that start the repository\'s own container', () => {
  const compose = 'services:\n  generate:\n    build: .\n    command: generate.py --load_8bit\n    restart: unless-stopped\n    ports:\n      - 7860:7860\n';
  const readme = [
    '# LoRA fine-tuning',
    '',
    '## Training',
    '',
    '```bash',
    'python finetune.py --base_model base --data_path data.json',
    '```',
    '',
    '### Docker Compose Setup & Inference',
    '',
    '1. (optional) Change the model and weights in `docker-compose.yml`',
    '2. Build and run the container',
    '',
    '```bash',
    'docker-compose up -d --build',
    '```',
    '',
    '3. Open `http://localhost:7860` in the browser',
    '4. Follow the logs: `docker-compose logs -f`',
    '',
  ].join('\n');

  it('say how to run the system on any host: half a deployment path, with what is missing named', async () => {
    const result = await runCheck(check, { Dockerfile: 'FROM nvidia/cuda:11.8.0-devel-ubuntu22.04\nCOPY . /workspace\nENTRYPOINT ["python3"]\n', 'docker-compose.yml': compose, 'README.md': readme });
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'README.md', line: 9, kind: 'container-run-doc', note: '"Docker Compose Setup & Inference": 4 step(s), starts the container with `docker-compose up -d --build`' }));
    expect(criteria(result).deployment).toBe(0.5);
    expect(result.findings.find((f) => f.id === 'deployment-one-host')?.message).toMatch(/no document says where it runs for its users/);
    expect(result.summary).toMatch(/container start documented/);
  });

  it('do not count without a container the repository defines', async () => {
    const result = await runCheck(check, { 'README.md': readme });
    expect(kinds(result)).not.toContain('container-run-doc');
    expect(criteria(result).deployment).toBe(0);
  });

  it('do not count when the section sets up a developer\'s machine or starts somebody else\'s image', async () => {
    const local = '# App\n\n## Running locally\n\n1. Start the stack\n2. Run it:\n\n```sh\ndocker compose up -d\n```\n';
    const theirs = '# App\n\n## Database\n\n1. Pull the image\n2. Start it:\n\n```sh\ndocker run -d -p 5432:5432 postgres:16\n```\n';
    const own = '# App\n\n## Serving\n\n1. Build the image:\n\n```sh\ndocker build -t fare-api .\n```\n\n2. Run it:\n\n```sh\ndocker run -d -p 8080:8080 fare-api:latest\n```\n';
    const container = { Dockerfile: 'FROM python:3.11-slim\n', 'compose.yaml': 'services:\n  api:\n    build: .\n' };
    expect(kinds(await runCheck(check, { ...container, 'README.md': local }))).not.toContain('container-run-doc');
    expect(kinds(await runCheck(check, { ...container, 'README.md': theirs }))).not.toContain('container-run-doc');
    expect(kinds(await runCheck(check, { ...container, 'README.md': own }))).toContain('container-run-doc');
  });
});
