// The `infrastructure` check: build and runtime in code, environments kept apart, a deployment path that is
// not a laptop, externalised configuration and an access list, over real layouts of each tool.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/infrastructure.js';
import { openTarget } from '../src/targets.js';
import { FIXTURES, findingIds, makeTree, runCheck } from './helpers.js';

type Result = Awaited<ReturnType<typeof runCheck>>;
const criteria = (result: Result) => Object.fromEntries((result.criteria ?? []).map((c) => [c.id, c.value]));
const kinds = (result: Result) => result.evidence.map((e) => e.kind);
const environments = (result: Result) => [...new Set(result.evidence.filter((e) => e.kind.startsWith('environment:')).map((e) => e.kind.slice('environment:'.length)))].sort();

describe('infrastructure check on the fixtures', () => {
  it('passes complete-handover: Dockerfile, Helm values for staging and production, CI deploys staging, .env.example, docs/access.md', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.score).toBe(10);
    expect(result.findings).toEqual([]);
    expect(result.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'Dockerfile', kind: 'container:dockerfile' }),
        expect.objectContaining({ path: 'deploy/helm/values-production.yaml', kind: 'environment:production', note: 'production (Helm values file)' }),
        expect.objectContaining({ path: 'deploy/helm/values-staging.yaml', kind: 'environment:staging' }),
        expect.objectContaining({ path: '.github/workflows/ci.yml', kind: 'deploy-step:github-actions', note: expect.stringMatching(/make deploy ENV=staging.*→ staging/) }),
        expect.objectContaining({ path: 'docs/runbooks/deploy.md', kind: 'deployment-doc' }),
        expect.objectContaining({ path: '.env.example', kind: 'env-example' }),
        expect.objectContaining({ path: '.dvc/config', kind: 'access-need:data-storage', note: expect.stringMatching(/DVC remote s3:\/\/kestrel-ml-data\/dvc-store/) }),
        expect.objectContaining({ path: 'docs/access.md', kind: 'access-list' }),
      ]),
    );
  });

  it('fails notebook-dump on every criterion, each finding with a remediation', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('fail');
    expect(result.score).toBe(0);
    expect(findingIds(result)).toEqual(['no-infrastructure', 'no-environments', 'no-deployment-path', 'no-externalised-config', 'access-not-listed']);
    for (const finding of result.findings) expect(finding.remediation).toBeTruthy();
  });

  it('partial-delivery: a Chart.yaml without version, one environment, a documented deployment, nothing listed', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).not.toBe('pass');
    expect(result.findings.find((f) => f.id === 'infra-unparsed')).toMatchObject({ path: 'deploy/chart/Chart.yaml', message: expect.stringMatching(/lacks version/) });
    expect(findingIds(result)).toEqual(expect.arrayContaining(['single-environment', 'no-externalised-config', 'access-not-listed']));
    expect(criteria(result).deployment).toBe(0.8);
  });

  it('untested-ci: a production-only manual deploy job, a container nothing runs, no access list', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'untested-ci'));
    expect(result.status).not.toBe('pass');
    expect(findingIds(result)).toEqual(expect.arrayContaining(['no-runtime-definition', 'single-environment', 'access-not-listed']));
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: '.gitlab-ci.yml', kind: 'deploy-step:gitlab-ci', note: expect.stringMatching(/kubectl -n northwind-forecast set image.*→ production/) }));
  });
});

describe('recognisers', () => {
  const cases: Array<[string, Record<string, string>, string[], string[]]> = [
    ['Dockerfile and Compose overrides', { Dockerfile: 'FROM python:3.11-slim\nCMD ["python"]\n', 'compose.yaml': 'services:\n  api:\n    image: ghcr.io/acme/api:1\n', 'docker-compose.prod.yml': 'services:\n  api:\n    restart: always\n' }, ['container:dockerfile', 'container:compose'], ['production']],
    ['Terraform per-environment folders and backend', { 'infra/envs/staging/main.tf': 'terraform {\n  backend "s3" {}\n}\nprovider "aws" {}\nresource "aws_ecr_repository" "api" {}\n', 'infra/envs/prod/main.tf': 'terraform {\n  backend "s3" {}\n}\nresource "aws_s3_bucket" "models" {}\n' }, ['iac:terraform'], ['production', 'staging']],
    ['Terraform tfvars and workspaces', { 'terraform/main.tf': 'resource "aws_s3_bucket" "b" { bucket = "x-${terraform.workspace}" }\n', 'terraform/vars/eu.tfvars': 'environment = "production"\n', 'terraform/vars/test.tfvars': 'environment = "staging"\n' }, ['iac:terraform'], ['production', 'staging']],
    ['HCP Terraform cloud workspaces', { 'main.tf': 'terraform {\n  cloud {\n    organization = "acme"\n    workspaces {\n      tags = ["api", "prod", "dev"]\n    }\n  }\n}\n' }, ['iac:terraform'], ['development', 'production']],
    ['OpenTofu and Terragrunt', { 'live/prod/terragrunt.hcl': 'include {}\n', 'modules/api/main.tofu': 'resource "google_storage_bucket" "b" {}\n' }, ['iac:opentofu', 'iac:terragrunt'], ['production']],
    ['Pulumi stacks', { 'infra/Pulumi.yaml': 'name: churn\nruntime: python\n', 'infra/Pulumi.dev.yaml': 'config: {}\n', 'infra/Pulumi.prod.yaml': 'config: {}\n' }, ['iac:pulumi'], ['development', 'production']],
    ['CloudFormation and SAM with samconfig environments', { 'cfn/network.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n', 'template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n', 'samconfig.toml': 'version = 0.1\n[staging.deploy.parameters]\nstack_name = "api-staging"\n[prod.deploy.parameters]\nstack_name = "api-prod"\n' }, ['iac:cloudformation', 'iac:aws-sam'], ['production', 'staging']],
    ['AWS CDK with context environments', { 'cdk.json': JSON.stringify({ app: 'npx ts-node bin/app.ts', context: { environments: { staging: { account: '1' }, production: { account: '2' } } } }) }, ['iac:aws-cdk'], ['production', 'staging']],
    ['Bicep with per-environment parameter files, and ARM', { 'infra/main.bicep': "param location string = resourceGroup().location\n", 'infra/main.dev.bicepparam': "using './main.bicep'\n", 'infra/main.prod.bicepparam': "using './main.bicep'\n", 'arm/azuredeploy.json': '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}', 'arm/azuredeploy.parameters.staging.json': '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"}' }, ['iac:bicep', 'iac:arm'], ['development', 'production', 'staging']],
    ['Helm chart with values per environment, and helmfile', { 'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.2.0\n', 'charts/api/values-dev.yaml': 'replicaCount: 1\n', 'charts/api/values.prod.yaml': 'replicaCount: 3\n', 'helmfile.yaml': 'environments:\n  staging: {}\n  production: {}\nreleases:\n  - name: api\n    chart: ./charts/api\n' }, ['orchestration:helm-chart', 'orchestration:helm-values', 'orchestration:helmfile'], ['development', 'production', 'staging']],
    ['Kustomize base and overlays', { 'k8s/base/kustomization.yaml': 'resources: [deployment.yaml]\n', 'k8s/base/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {}\n', 'k8s/overlays/staging/kustomization.yaml': 'resources: [../../base]\nnamespace: api-staging\n', 'k8s/overlays/production/kustomization.yaml': 'resources: [../../base]\n' }, ['orchestration:kustomize', 'orchestration:kubernetes'], ['production', 'staging']],
    ['Kubernetes manifests with namespaces and KServe', { 'deploy/isvc.yaml': 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: churn\n  namespace: ml-prod\nspec:\n  predictor:\n    model: {modelFormat: {name: lightgbm}, storageUri: s3://models/churn}\n', 'deploy/app.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: ml-staging\nspec: {}\n---\napiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {name: api}\n' }, ['serving:kserve', 'orchestration:kubernetes'], ['production', 'staging']],
    ['Ray Serve config and RayService', { 'serve_config.yaml': 'applications:\n  - name: churn\n    import_path: serve_app:app\n', 'k8s/rayservice.yaml': 'apiVersion: ray.io/v1\nkind: RayService\nmetadata: {name: churn}\nspec: {}\n' }, ['serving:ray-serve'], []],
    ['BentoML, SageMaker, Vertex and Kubeflow code', { 'bentofile.yaml': 'service: "service:Churn"\ninclude: ["*.py"]\n', 'src/deploy_sm.py': 'import sagemaker\nfrom sagemaker.model import Model\nModel(image_uri="x").deploy(initial_instance_count=1)\n', 'src/vertex.py': 'from google.cloud import aiplatform\njob = aiplatform.PipelineJob(display_name="train")\n', 'src/pipeline.py': 'from kfp import dsl\n\n@dsl.pipeline(name="train")\ndef train():\n    pass\n' }, ['serving:bentoml', 'serving:sagemaker', 'ml-pipeline:vertex-ai', 'ml-pipeline:kubeflow'], []],
    ['compiled Kubeflow/Vertex pipeline spec and MLproject', { 'pipelines/train_pipeline.yaml': 'pipelineInfo:\n  name: churn-train\nroot:\n  dag: {}\ndeploymentSpec:\n  executors: {}\nsdkVersion: kfp-2.7.0\nschemaVersion: 2.1.0\n', MLproject: 'name: churn\npython_env: python_env.yaml\nentry_points:\n  main:\n    command: "python train.py"\n' }, ['ml-pipeline:kubeflow-pipeline', 'ml-pipeline:mlflow-project'], []],
  ];
  for (const [name, files, expectedKinds, expectedEnvironments] of cases) {
    it(`recognises ${name}`, async () => {
      const result = await runCheck(check, files);
      for (const kind of expectedKinds) expect(kinds(result)).toContain(kind);
      expect(environments(result)).toEqual(expectedEnvironments);
      expect(findingIds(result)).not.toContain('infra-unparsed');
    });
  }

  const broken: Array<[string, Record<string, string>, RegExp]> = [
    ['a Dockerfile without FROM', { Dockerfile: 'RUN echo hi\n' }, /no FROM/],
    ['a Compose file without services', { 'docker-compose.yml': 'version: "3.9"\n' }, /no services/],
    ['a Compose file that does not parse', { 'compose.yaml': 'services:\n  api: [\n' }, /.+/],
    ['a Pulumi project without runtime', { 'Pulumi.yaml': 'name: x\n' }, /name` and `runtime/],
    ['a cdk.json without app', { 'cdk.json': '{"context": {}}' }, /no `app`/],
    ['a Chart.yaml without version', { 'chart/Chart.yaml': 'apiVersion: v2\nname: x\n' }, /lacks version/],
    ['Helm values with an alias bomb', { 'helm/values-prod.yaml': 'a: &a [x,x,x,x,x,x,x,x,x,x]\n' + Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n') + '\n' }, /alias/],
    ['a bentofile without service', { 'bentofile.yaml': 'include: ["*.py"]\n' }, /no `service`/],
    ['an MLproject without entry points', { MLproject: 'name: x\n' }, /no entry_points/],
  ];
  for (const [name, files, message] of broken) {
    it(`reports ${name} as unusable`, async () => {
      const result = await runCheck(check, files);
      expect(result.findings.find((f) => f.id === 'infra-unparsed')?.message).toMatch(message);
    });
  }

  it('does not take look-alikes for infrastructure', async () => {
    const result = await runCheck(check, {
      'template.yaml': 'title: a document template\n',
      'docs/values-prod.md': '# our values\n',
      'config/pipeline.yaml': 'steps: [a, b]\n',
      'notes/main.tf.txt': 'resource "aws_s3_bucket" "x" {}\n',
      'data/app.yaml': 'kind: Deployment\n',
      'k8s/notes.yaml': 'kind: InferenceService\nsummary: we might use KServe later\n',
      'serve_config.yaml': 'port: 8000\nworkers: 2\n',
      'src/util.py': 'import sagemaker\n\nSESSION = None\n',
      'infra/params.json': '{"region": "westeurope"}',
      'overlays/prod/notes.md': '# prod overlay, to do\n',
      'pipelines/README.yaml': 'description: our pipelines\n',
    });
    expect(result.evidence.filter((e) => /^(iac|orchestration|serving|ml-pipeline|container):/.test(e.kind))).toEqual([]);
    expect(findingIds(result)).toContain('no-infrastructure');
  });

  it('reads a huge Terraform file within bounds and never executes anything it reads', async () => {
    const marker = 'executed-marker';
    const dir = makeTree({
      'main.tf': `resource "null_resource" "x" {\n  provisioner "local-exec" { command = "touch ${marker}" }\n}\n` + 'variable "v" {}\n'.repeat(200_000),
      Makefile: `deploy:\n\ttouch ${marker}\n`,
      '.github/workflows/deploy.yml': `on: push\njobs:\n  d:\n    environment: production\n    steps:\n      - run: terraform apply -auto-approve && touch ${marker}\n`,
    });
    const started = Date.now();
    const result = await runCheck(check, dir);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(existsSync(path.join(dir, marker))).toBe(false);
    expect(kinds(result)).toContain('deploy-step:github-actions');
  });
});

describe('environments', () => {
  it('one environment is a finding', async () => {
    const result = await runCheck(check, { Dockerfile: 'FROM python:3.11\n', 'helm/values-production.yaml': 'replicaCount: 2\n' });
    expect(findingIds(result)).toContain('single-environment');
    expect(criteria(result).environments).toBe(0.4);
  });

  it('environments without production are a finding', async () => {
    const result = await runCheck(check, { 'k8s/overlays/dev/kustomization.yaml': 'resources: [../../base]\n', 'k8s/overlays/staging/kustomization.yaml': 'resources: [../../base]\n' });
    expect(findingIds(result)).toContain('no-production-environment');
    expect(criteria(result).environments).toBe(0.7);
  });

  it('environments only described in documents earn half', async () => {
    const result = await runCheck(check, { 'docs/infrastructure.md': '# Infrastructure\n\n## Environments\n\nWe run a staging environment and a production environment on the vendor cluster.\n' });
    expect(findingIds(result)).toContain('environments-docs-only');
    expect(criteria(result).environments).toBe(0.5);
  });

  it('CI deployment environments count, in every system that declares them', async () => {
    const pipelines: Array<Record<string, string>> = [
      { '.github/workflows/cd.yml': 'on: push\njobs:\n  s:\n    environment: staging\n    steps: [{run: make deploy}]\n  p:\n    environment: production\n    steps: [{run: make deploy}]\n' },
      { '.gitlab-ci.yml': 'staging:\n  environment: {name: staging}\n  script: [helm upgrade api chart]\nprod:\n  environment: production\n  script: [helm upgrade api chart]\n' },
      { 'azure-pipelines.yml': 'stages:\n- stage: s\n  jobs:\n  - deployment: api\n    environment: staging\n    strategy: {runOnce: {deploy: {steps: [{script: helm upgrade api chart}]}}}\n- stage: p\n  jobs:\n  - deployment: api\n    environment: production\n    strategy: {runOnce: {deploy: {steps: [{script: helm upgrade api chart}]}}}\n' },
      { 'bitbucket-pipelines.yml': 'pipelines:\n  branches:\n    main:\n      - step: {deployment: staging, script: [./deploy.sh]}\n      - step: {deployment: production, trigger: manual, script: [./deploy.sh]}\n' },
      { Jenkinsfile: "pipeline { stages {\n stage('Deploy to staging') { steps { sh 'helm upgrade api chart -f values-staging.yaml' } }\n stage('Deploy to production') { steps { sh 'helm upgrade api chart -f values-prod.yaml' } }\n} }\n" },
      { '.circleci/config.yml': 'version: 2.1\njobs:\n  deploy:\n    steps:\n      - run: make deploy ENV=staging\n      - run: make deploy ENV=production\n' },
    ];
    for (const files of pipelines) {
      const result = await runCheck(check, files);
      expect(environments(result)).toEqual(['production', 'staging']);
      expect(criteria(result).deployment).toBe(1);
    }
  });
});

describe('deployment path', () => {
  it('a deployment that only works from a laptop is an error', async () => {
    const result = await runCheck(check, {
      Dockerfile: 'FROM python:3.11\n',
      'scripts/deploy.sh': '#!/bin/sh\nkubectl config use-context docker-desktop\nkubectl apply -f /Users/anna/work/client/k8s/\n',
    });
    const local = result.findings.filter((f) => f.id === 'laptop-only-deployment');
    expect(local.map((f) => [f.path, f.line, f.severity])).toEqual([
      ['scripts/deploy.sh', 3, 'error'],
      ['scripts/deploy.sh', 2, 'error'],
    ]);
    expect(findingIds(result)).toContain('deployment-undocumented');
    expect(criteria(result).deployment).toBe(0.15);
  });

  it('a deployment mentioned but not written as steps is a finding', async () => {
    const result = await runCheck(check, { 'docs/deploy.md': '# Deployment\n\nWe deploy with helm when it is ready, ask Bob.\n' });
    expect(findingIds(result)).toContain('deployment-not-step-by-step');
  });
});

describe('configuration', () => {
  it('names variables the code reads that the example file misses', async () => {
    const result = await runCheck(check, { Dockerfile: 'FROM python:3.11-slim\n', '.env.example': 'DATABASE_URL=\n', 'app/settings.py': 'import os\nDB = os.environ["DATABASE_URL"]\nMODEL = os.getenv("MODEL_URI", "models:/x@champion")\nHOME = os.environ.get("HOME")\n' });
    expect(result.findings.find((f) => f.id === 'env-example-incomplete')).toMatchObject({ path: 'app/settings.py', line: 3, message: '.env.example does not list 1 variable(s) the code reads: MODEL_URI (app/settings.py:3).' });
    expect(criteria(result).configuration).toBe(0.85);
  });

  it('settings read from the environment but never listed earn half; documented settings 0.8', async () => {
    // A Dockerfile: settings count only on top of something that builds or runs the system (infrastructure-precision).
    const code = { Dockerfile: 'FROM python:3.11-slim\n', 'src/app/config.py': 'from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    model_uri: str\n', 'src/app/main.py': 'import os\nURL = os.getenv("TRACKING_URL")\n' };
    const undocumented = await runCheck(check, code);
    expect(findingIds(undocumented)).toContain('config-undocumented');
    expect(criteria(undocumented).configuration).toBe(0.5);
    const documented = await runCheck(check, { ...code, 'README.md': '# App\n\n## Configuration\n\n| Variable | Meaning |\n|---|---|\n| `TRACKING_URL` | MLflow server |\n| `MODEL_URI` | model to serve |\n' });
    expect(criteria(documented).configuration).toBe(0.8);
  });

  it('connection targets and home-folder paths written into code are findings', async () => {
    const result = await runCheck(check, { '.env.example': 'X=\n', 'src/train.py': 'import mlflow\nmlflow.set_tracking_uri("http://10.0.0.5:5000")\nDATA = "/home/jdoe/data/customers.csv"\n' });
    expect(result.findings.filter((f) => f.id === 'hardcoded-config').map((f) => [f.line, f.message])).toEqual([
      [2, 'A MLflow tracking URI is written into the code.'],
      [3, 'A path in a home folder is written into the code.'],
    ]);
  });
});

describe('access list', () => {
  it('names each kind of access the repository uses that the list leaves out', async () => {
    const result = await runCheck(check, {
      Dockerfile: 'FROM python:3.11-slim\n',
      '.dvc/config': "[core]\n    remote = store\n['remote \"store\"']\n    url = s3://acme-ml/dvc\n",
      '.env.example': 'MLFLOW_TRACKING_URI=\n',
      'docs/access.md': '# Access\n\nThe buyer receives the AWS account acme-ml (IAM role ml-maintainer) and the MLflow server with the registered model churn.\n',
    });
    const gaps = result.findings.filter((f) => f.id === 'access-incomplete');
    expect(gaps.map((f) => [f.path, f.message])).toEqual([['.dvc/config', 'The access list (docs/access.md) does not mention any data storage, but the repository uses DVC remote s3://acme-ml/dvc.']]);
    expect(criteria(result).access).toBe(0.67);
  });

  it('no list at all names what the repository implies', async () => {
    const result = await runCheck(check, { 'helm/values-prod.yaml': 'image:\n  repository: registry.acme.example/ml/api\n' });
    expect(result.findings.find((f) => f.id === 'access-not-listed')?.message).toMatch(/implies cluster or compute platform, container registry/);
  });

  it('a document the buyer\'s policy declares counts as the access list', async () => {
    const files = { 'handbook/who-gets-what.md': '# Handing over\n\nKestrel receives the Kubernetes namespace ml-api and the container registry robot account for registry.acme.example.\n', 'helm/values-prod.yaml': 'image:\n  repository: registry.acme.example/ml/api\n' };
    expect(criteria(await runCheck(check, files)).access).toBe(0);
    expect(criteria(await runCheck(check, files, { checks: { infrastructure: { locations: ['handbook/who-gets-what.md'] } } })).access).toBe(1);
  });

  it('a README access section counts', async () => {
    const result = await runCheck(check, { 'README.md': '# API\n\n## Access you need\n\nAsk the platform team for the Kubernetes namespace ml-api, the container registry robot account and the Vault path secret/ml.\n', 'helm/values-prod.yaml': 'image:\n  repository: registry.acme.example/ml/api\n' });
    expect(criteria(result).access).toBe(1);
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'README.md', kind: 'access-list', line: 3 }));
  });
});

// #17: README headings are not facts. A developer's "Installation" is not a deployment path, "Running in your
// environment" names no environment, a Prerequisites section that grants nothing is not an access list, and
// variables a launcher sets are not configuration to document.
describe('precision (#17)', () => {
  const getStartedReadme = [
    '# DVC Get Started',
    '',
    'A binary classifier for StackOverflow question tags.',
    '',
    '## Installation',
    '',
    'Python 3.9+ is required to run code from this repo.',
    '',
    '```console',
    '$ git clone https://github.com/example/get-started',
    '$ cd get-started',
    '```',
    '',
    'We strongly recommend a virtual environment:',
    '',
    '```console',
    '$ virtualenv -p python3 .venv',
    '$ source .venv/bin/activate',
    '$ pip install -r src/requirements.txt',
    '```',
    '',
    'Download the data with `dvc pull`.',
    '',
    '## Running in your environment',
    '',
    'Run `dvc exp run` to reproduce the pipeline and create a new experiment.',
    '',
    "If you'd like to test commands like `dvc push`, that require write access to the remote storage, set up a local remote:",
    '',
    '```console',
    '$ dvc remote add local /tmp/dvc-storage',
    '```',
    '',
  ].join('\n');

  it('an Installation section is not a deployment path and "Running in your environment" names no environment', async () => {
    const result = await runCheck(check, { 'README.md': getStartedReadme, 'src/train.py': 'import sys\nprint(sys.argv)\n', '.github/workflows/cml.yaml': 'on: push\njobs:\n  train:\n    runs-on: ubuntu-latest\n    steps:\n      - run: dvc exp run\n' });
    expect(kinds(result)).not.toContain('deployment-doc');
    // "that require write access to the remote storage" under "Running in your environment" grants nothing.
    expect(kinds(result)).not.toContain('access-list');
    expect(findingIds(result)).toContain('access-not-listed');
    expect(environments(result)).toEqual([]);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['no-environments', 'no-deployment-path']));
    expect(findingIds(result)).not.toContain('environments-docs-only');
    expect(findingIds(result)).not.toContain('deployment-not-step-by-step');
    expect(criteria(result).deployment).toBe(0);
    expect(criteria(result).environments).toBe(0);
  });

  it('an Installation section that deploys, and a Deployment section, still count', async () => {
    const installs = await runCheck(check, { 'README.md': '# API\n\n## Installation\n\n1. Build the image.\n2. Install the chart:\n\n```sh\nhelm upgrade --install api deploy/chart -f values-staging.yaml\n```\n\n3. Check `/healthz`.\n' });
    expect(kinds(installs)).toContain('deployment-doc');
    const deploys = await runCheck(check, { 'README.md': `${getStartedReadme}\n## Deployment\n\n1. Tag the release.\n2. Push the image:\n\n\`\`\`sh\ndocker push registry.acme.example/api:1.4.0\n\`\`\`\n\n3. Check the health endpoint.\n` });
    expect(deploys.evidence.filter((e) => e.kind === 'deployment-doc').map((e) => e.line)).toEqual([34]);
  });

  it('a Productionization section is documented deployment, never a step-by-step procedure', async () => {
    const readme = '# Regression recipe\n\n## Getting Started\n\n### Installation\n\n```\npip install -r requirements.txt\n```\n\n### Productionization\n\nOnce the model has reached the desired quality, run the recipe from CD:\n\n- Command line: `mlflow recipes run --profile databricks`\n- Databricks: run `notebooks/databricks_prod.py` as a job.\n';
    // With a Dockerfile: a sketched deployment counts only when something defines what it deploys (infrastructure-precision).
    const result = await runCheck(check, { Dockerfile: 'FROM python:3.11-slim\n', 'README.md': readme });
    expect(result.findings.find((f) => f.id === 'deployment-not-step-by-step')).toMatchObject({ path: 'README.md', line: 11 });
    expect(criteria(result).deployment).toBe(0.4);
  });

  it('configuration kept in profile files is externalised, and the finding names the files', async () => {
    const result = await runCheck(check, { Dockerfile: 'FROM python:3.11-slim\n', 'recipe.yaml': 'recipe: regression/v1\ntarget_col: fare_amount\n', 'profiles/local.yaml': 'experiment:\n  name: sklearn_regression\n  tracking_uri: sqlite:///metadata/mlflow/mlruns.db\n', 'profiles/databricks.yaml': 'experiment:\n  name: /Shared/sklearn_regression\n', 'steps/train.py': 'def estimator_fn():\n    return None\n' });
    expect(findingIds(result)).not.toContain('no-externalised-config');
    expect(result.findings.find((f) => f.id === 'config-undocumented')?.message).toBe('Configuration is kept in profiles/databricks.yaml, profiles/local.yaml, but no example env file or document says which values the buyer must set.');
    expect(criteria(result).configuration).toBe(0.6);
  });

  it('a Compose file that starts the container is said to, not "nothing says how it runs"', async () => {
    const result = await runCheck(check, { Dockerfile: 'FROM python:3.11\n', 'docker-compose.yaml': 'services:\n  model:\n    build: .\n    ports: ["5005:5005"]\n' });
    expect(result.findings.find((f) => f.id === 'no-runtime-definition')?.message).toBe('A container is defined and docker-compose.yaml starts it on one host, but nothing in the repository says where it runs for its users (no Helm, Kubernetes, IaC or serving spec).');
  });

  it('environments named in an Environments section still count', async () => {
    const result = await runCheck(check, { 'docs/infrastructure.md': '# Infrastructure\n\n## Environments\n\n| Environment | URL |\n|---|---|\n| staging | https://staging.acme.example |\n| production | https://acme.example |\n' });
    expect(environments(result)).toEqual(['production', 'staging']);
    expect(findingIds(result)).toContain('environments-docs-only');
  });

  it('a Prerequisites section that grants nothing is not an access list', async () => {
    const files = {
      'README.md': '# Churn API\n\n## Prerequisites\n\nPython 3.11 and Docker must be installed. The pipelines in .github/workflows run the tests on GitHub for every pull request, and the Helm chart in deploy/ runs on any Kubernetes cluster.\n',
      'helm/values-prod.yaml': 'replicaCount: 2\n',
    };
    const result = await runCheck(check, files);
    expect(kinds(result)).not.toContain('access-list');
    expect(findingIds(result)).toContain('access-not-listed');
    expect(criteria(result).access).toBe(0);
    const granted = await runCheck(check, { ...files, 'README.md': `${files['README.md']}\nAsk the platform team for access to the Kubernetes namespace churn-api; the GitHub organisation owner invites you to the repository.\n` });
    expect(granted.evidence).toContainEqual(expect.objectContaining({ path: 'README.md', kind: 'access-list', note: 'mentions cluster or compute platform, CI/CD system and its secrets' }));
  });

  it('does not ask the env example for variables torchrun, SLURM or Accelerate set', async () => {
    const result = await runCheck(check, {
      '.env.example': 'MODEL_URI=\n',
      'train.py': [
        'import os',
        "ddp = int(os.environ.get('RANK', -1)) != -1",
        "local_rank = int(os.environ['LOCAL_RANK'])",
        "world = int(os.environ['WORLD_SIZE'])",
        "job = os.getenv('SLURM_JOB_ID')",
        "model_uri = os.getenv('MODEL_URI')",
        "out_dir = os.getenv('CHECKPOINT_DIR', 'out')",
      ].join('\n'),
    });
    expect(result.findings.find((f) => f.id === 'env-example-incomplete')?.message).toBe('.env.example does not list 1 variable(s) the code reads: CHECKPOINT_DIR (train.py:7).');
    expect(result.evidence).toContainEqual(expect.objectContaining({ kind: 'launcher-variables', note: expect.stringMatching(/^not asked of the env file, set by the launcher: RANK \(torchrun/) }));
  });

  it('says which build file sets the settings the code reads, and leaves out what Jenkins sets', async () => {
    const result = await runCheck(check, {
      'src/pipeline_triggering/main.py': 'import os\nproject = os.getenv("PROJECT")\nregion = os.getenv("REGION")\ngcs = os.environ["GCS_LOCATION"]\nmodel = os.getenv("MODEL_DISPLAY_NAME")\nbuild = os.getenv("BUILD_NUMBER")\n',
      'build/pipeline-deployment.yaml': "steps:\n- name: 'gcr.io/$_PROJECT/mlops:latest'\n  entrypoint: 'python'\n  args: ['build/utils.py', '--mode=compile-pipeline']\n  env:\n  - 'PROJECT=$_PROJECT'\n  - 'REGION=$_REGION'\n  - 'GCS_LOCATION=$_GCS_LOCATION'\n",
    });
    expect(result.findings.find((f) => f.id === 'config-undocumented')?.message).toBe(
      'The code reads 4 setting(s) from the environment (PROJECT, REGION, MODEL_DISPLAY_NAME, GCS_LOCATION); build/pipeline-deployment.yaml sets 3 of them for the build or a deployment, but no example env file or document lists them for the buyer.',
    );
  });

  it('a production stage that promotes the model in the registry is a deployment path', async () => {
    const jenkinsfile = "pipeline {\n  agent any\n  environment {\n    MLFLOW_TRACKING_URL = 'http://mlflow:5000'\n  }\n  stages {\n    stage('Run ML pipeline') {\n      steps { sh 'python3 run_python_script.py pipeline houses' }\n    }\n    stage('Production - Register Model and Acceptance Test') {\n      steps { sh 'python3 run_python_script.py register_model ${MLFLOW_TRACKING_URL} yes' }\n    }\n  }\n}\n";
    const result = await runCheck(check, { Jenkinsfile: jenkinsfile, 'cd4ml/accept_model.py': 'import os\nURL = os.getenv("MLFLOW_TRACKING_URL")\n' });
    expect(result.evidence).toContainEqual(expect.objectContaining({ kind: 'deploy-step:jenkins', note: expect.stringMatching(/register_model .* → production$/) }));
    expect(findingIds(result)).not.toContain('no-deployment-path');
    expect(result.findings.find((f) => f.id === 'config-undocumented')?.message).toContain('; Jenkinsfile sets 1 of them for the build or a deployment');
  });

  it('a README in the deploy folder documents the deploy scripts and lists the access the deployer needs', async () => {
    const guide = [
      '# Deploying the assistant',
      '',
      'This guide deploys the assistant\'s resources to your Azure subscription.',
      '',
      '## Before you start',
      '',
      '- An Azure subscription in which you hold the Contributor role.',
      '- Access to an Azure OpenAI resource (request access from your tenant administrator).',
      '- Two app registrations in your Entra ID tenant; ask an admin to grant consent for the API permissions.',
      '',
      '## Deploy the infrastructure',
      '',
      '1. Sign in: `az login`.',
      '2. Run the deployment:',
      '',
      '```bash',
      './deploy-azure.sh --subscription $SUBSCRIPTION_ID --deployment-name assistant-prod',
      '```',
      '',
      '3. Package and deploy the web API:',
      '',
      '```bash',
      './package-webapi.sh && ./deploy-webapi.sh --deployment-name assistant-prod',
      '```',
      '',
      '4. Open the web app URL the script prints and sign in.',
      '',
    ].join('\n');
    const result = await runCheck(check, {
      'scripts/deploy/README.md': guide,
      'scripts/deploy/deploy-azure.sh': '#!/usr/bin/env bash\naz deployment group create --template-file main.bicep "$@"\n',
      'scripts/deploy/deploy-webapi.sh': '#!/usr/bin/env bash\naz webapp deploy --src-path out/webapi.zip "$@"\n',
      'scripts/deploy/package-webapi.sh': '#!/usr/bin/env bash\ndotnet publish -o out\n',
      'scripts/deploy/main.bicep': "param location string = resourceGroup().location\nresource plan 'Microsoft.Web/serverfarms@2022-03-01' = {\n  name: 'asp-assistant'\n  location: location\n  sku: { name: 'B1' }\n}\n",
    });
    expect(findingIds(result)).not.toContain('deployment-undocumented');
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'scripts/deploy/README.md', kind: 'deployment-doc' }));
    expect(criteria(result).deployment).toBe(0.8);
    expect(findingIds(result)).not.toContain('access-not-listed');
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'scripts/deploy/README.md', kind: 'access-list', note: expect.stringContaining('cloud account') }));
  });

  it('a deploy guide split into an overview of steps and sections with the commands is one step-by-step procedure', async () => {
    const guide = [
      '# Deploying the assistant',
      '',
      '1. Create the app registrations.',
      '2. Deploy the infrastructure.',
      '3. Deploy the application.',
      '4. Sign in to the web app and ask a question.',
      '',
      '# Deploy infrastructure',
      '',
      '```bash',
      './deploy-azure.sh --subscription $SUBSCRIPTION_ID --deployment-name assistant-prod',
      '```',
      '',
      '# Deploy application',
      '',
      '```bash',
      './deploy-webapi.sh --deployment-name assistant-prod',
      '```',
      '',
    ].join('\n');
    const result = await runCheck(check, { 'scripts/deploy/README.md': guide, 'scripts/deploy/deploy-azure.sh': '#!/usr/bin/env bash\naz deployment group create --template-file main.bicep "$@"\n', 'scripts/deploy/deploy-webapi.sh': '#!/usr/bin/env bash\naz webapp deploy --src-path out/webapi.zip "$@"\n' });
    expect(findingIds(result)).not.toContain('deployment-not-step-by-step');
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'scripts/deploy/README.md', kind: 'deployment-doc', note: '4 step(s), 2 command(s)' }));
    expect(criteria(result).deployment).toBe(0.8);
  });

  it('secrets a CI pipeline reads are the CI system\'s, not a separate secret store to list', async () => {
    const workflow = 'on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n        env:\n          TEST_USER: ${{ secrets.TEST_USER }}\n          TEST_PASSWORD: ${{ secrets.TEST_PASSWORD }}\n';
    const access = '# Access\n\nThe buyer receives admin access to the GitHub repository and its Actions settings (TEST_USER, TEST_PASSWORD) from the vendor\'s organisation owner at handover.\n';
    const result = await runCheck(check, { '.github/workflows/e2e.yml': workflow, 'docs/access.md': access });
    expect(result.findings.filter((f) => f.id === 'access-incomplete').map((f) => f.message)).toEqual([]);
  });

  it('in a repository of several projects, the README of the project a deploy script belongs to documents it', async () => {
    const readme = '# Scorer\n\nScores loan applications.\n\n## Running pipelines\n\n```bash\npython run.py --train\n```\n\n### Cloud deployment\n\nThe approved model is served on Modal. After the training pipeline approves a model, deploy the API with:\n\n```bash\nmodal deploy modal_app/modal_deployment.py\n```\n';
    const result = await runCheck(check, { 'README.md': '# Projects\n\nA collection of example pipelines, one per folder.\n', 'scorer/README.md': readme, 'scorer/modal_app/modal_deployment.py': 'import modal\napp = modal.App("scorer")\n', 'scorer/run.py': 'print(1)\n' });
    expect(findingIds(result)).not.toContain('deployment-undocumented');
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'scorer/README.md', kind: 'deployment-doc' }));
  });

  it('a "Pre-Requisites" section is read like "Prerequisites", and public images need no registry account', async () => {
    const readme = '# Workshop\n\n## Pre-Requisites\n\nTo run the workshop you will need:\n\n* A valid GitHub account, to fork the repository and give the Jenkins pipeline a personal access token\n* Docker with 20 GB free\n';
    const compose = 'services:\n  search:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.13.0\n  api:\n    build: .\n    image: registry.acme.example/workshop/api:1.0\n';
    const result = await runCheck(check, { 'README.md': readme, 'docker-compose.yaml': compose, Dockerfile: 'FROM python:3.11-slim\n' });
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'README.md', kind: 'access-list' }));
    expect(findingIds(result)).not.toContain('access-not-listed');
    const registry = result.evidence.find((e) => e.kind === 'access-need:registry');
    expect(registry?.note).toContain('registry.acme.example');
    expect(registry?.note).not.toContain('docker.elastic.co');
  });

  it('a deploy workflow that asks which environment to deploy to defines those environments', async () => {
    const workflow = [
      'name: Deploy',
      'on:',
      '  workflow_dispatch:',
      '    inputs:',
      '      gitRef:',
      '        description: Commit or tag to deploy',
      '        required: true',
      '        type: string',
      '      environment:',
      '        description: Where to deploy',
      '        type: choice',
      '        options:',
      '        - integration',
      '        - staging',
      '        - production',
      '        default: integration',
      'jobs:',
      '  deploy:',
      '    uses: acme/platform/.github/workflows/deploy.yml@main',
      '    with:',
      '      imageTag: ${{ needs.build-and-publish-image.outputs.imageTag || inputs.gitRef }}',
      '      manifestsRepository: acme/platform-helm-charts',
      "      environment: ${{ inputs.environment || 'integration' }}",
      '',
    ].join('\n');
    const result = await runCheck(check, { Dockerfile: 'FROM ruby:3.3\n', '.github/workflows/deploy.yml': workflow });
    expect(environments(result)).toEqual(['production', 'staging', 'test']);
    expect(findingIds(result)).not.toContain('no-environments');
    expect(result.findings.find((f) => f.id === 'no-runtime-definition')?.message).toBe('A container is defined and .github/workflows/deploy.yml deploys it, but what runs it is not defined in this repository (no Helm, Kubernetes, IaC or serving spec).');
  });

  it('a step named as a deployment that runs a platform\'s own deploy command deploys, to the stage it names', async () => {
    const workflow = 'name: Deploy agent\non:\n  workflow_dispatch: {}\njobs:\n  deploy:\n    name: Deploy to production\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Install\n        run: uv sync\n      - name: Deploy the agent\n        run: uv run agentctl deploy . --name support-agent --deployment-type prod\n';
    const result = await runCheck(check, { '.github/workflows/deploy-production.yml': workflow, 'agent.py': 'print("agent")\n' });
    expect(result.evidence).toContainEqual(expect.objectContaining({ kind: 'deploy-step:github-actions', note: expect.stringMatching(/agentctl deploy .* → prod$/) }));
    expect(findingIds(result)).not.toContain('no-environments');
    expect(findingIds(result)).toContain('single-environment');
    // Installing or a step that only names "deploy" in prose is not a deployment.
    const install = await runCheck(check, { '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Deploy notes\n        run: echo "see docs to deploy later"\n' });
    expect(kinds(install)).not.toContain('deploy-step:github-actions');
  });

  it('a README Credentials section that writes the .env lists the settings', async () => {
    const readme = '# Docs assistant\n\n## Setup\n\n### Credentials\n\n```bash\ntouch .env\n# Add environment variables to .env\nOPENAI_API_BASE="https://api.openai.com/v1"\nOPENAI_API_KEY=""\nDB_CONNECTION_STRING="dbname=postgres host=localhost"\nsource .env\n```\n';
    const code = 'import os\nbase = os.environ["OPENAI_API_BASE"]\nkey = os.environ["OPENAI_API_KEY"]\ndb = os.environ["DB_CONNECTION_STRING"]\n';
    const result = await runCheck(check, { 'README.md': readme, 'rag/config.py': code });
    expect(findingIds(result)).not.toContain('config-undocumented');
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: 'README.md', kind: 'settings-doc', note: '3 setting name(s) documented' }));
  });

  it('a CloudFormation template under any name, and its CodePipeline deploy stages, define environments', async () => {
    const template = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Description: Build and release pipeline for the churn model',
      'Resources:',
      '  ReleasePipeline:',
      '    Type: AWS::CodePipeline::Pipeline',
      '    Properties:',
      '      RoleArn: !GetAtt PipelineRole.Arn',
      '      Stages:',
      '        - Name: Source',
      '          Actions:',
      '            - Name: ModelSource',
      '        - Name: DeployModel-Dev',
      '          Actions:',
      '            - Name: DeployToDevEnv',
      '        - Name: DeployModel-Prod',
      '          Actions:',
      '            - Name: DeployToProdEnv',
      '  ArtifactBucket:',
      '    Type: AWS::S3::Bucket',
      '',
    ].join('\n');
    const result = await runCheck(check, { '02.CF-Churn-ReleasePipeline.yml': template, 'lambda/deploy_model.py': 'import boto3\n' });
    expect(result.evidence).toContainEqual(expect.objectContaining({ path: '02.CF-Churn-ReleasePipeline.yml', kind: 'iac:cloudformation' }));
    expect(environments(result)).toEqual(['development', 'production']);
    expect(findingIds(result)).not.toContain('no-environments');
  });

  it('Jenkins deploy stages named for their environment define it', async () => {
    const jenkinsfile = "pipeline {\n  agent any\n  stages {\n    stage('DeployToTest') {\n      steps { sh 'aws sagemaker create-endpoint --endpoint-name churn-test --endpoint-config-name churn-test-config' }\n    }\n    stage('DeployToProd') {\n      steps { sh 'aws sagemaker create-endpoint --endpoint-name churn-prod --endpoint-config-name churn-prod-config' }\n    }\n  }\n}\n";
    const result = await runCheck(check, { Jenkinsfile: jenkinsfile });
    expect(environments(result)).toEqual(['production', 'test']);
    expect(findingIds(result)).not.toContain('no-environments');
  });

  it('an image Compose builds on one machine needs no registry; one CI pushes does; promoting a model ships no image', async () => {
    const jenkinsfile = "pipeline {\n  agent any\n  stages {\n    stage('Production - Register Model') {\n      steps { sh 'python3 run.py register_model http://mlflow:5000 yes' }\n    }\n  }\n}\n";
    const local = await runCheck(check, { Dockerfile: 'FROM python:3.11-slim\n', 'docker-compose.yaml': 'services:\n  model:\n    build: .\n', Jenkinsfile: jenkinsfile });
    expect(kinds(local)).not.toContain('access-need:registry');
    expect(local.findings.find((f) => f.id === 'no-runtime-definition')?.message).toMatch(/^A container is defined and docker-compose.yaml starts it on one host/);
    const pushed = await runCheck(check, { Dockerfile: 'FROM python:3.11-slim\n', '.github/workflows/image.yml': 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n' });
    expect(kinds(pushed)).toContain('access-need:registry');
  });

  it('reads scripts up to the configured read cap, not a fixed 128 KiB (#17)', async () => {
    // A generated client of 200 KiB whose last lines read the settings.
    const body = `export const routes = [\n${'  { path: "/v1/items", method: "GET" },\n'.repeat(5200)}];\n`;
    const config = `${body}export const paymentsUrl = process.env.PAYMENTS_API_URL;\n`;
    expect(config.length).toBeGreaterThan(200 * 1024);
    const files = { '.env.example': 'DATABASE_URL=\n', 'src/server/config.ts': config };
    const result = await runCheck(check, files);
    expect(result.findings.find((f) => f.id === 'env-example-incomplete')).toMatchObject({ path: 'src/server/config.ts', message: expect.stringContaining('PAYMENTS_API_URL') });

    // A smaller configured cap is honoured, and the file it leaves unread is named in the scan errors.
    const opened = await openTarget(makeTree(files), { readCap: 64 * 1024 });
    try {
      const outcome = await check.run(opened.snapshot, { locations: [], options: {}, milestone: null, deadline: opened.snapshot.deadline });
      expect(outcome.status === 'judged' ? outcome.findings.map((f) => f.id) : []).not.toContain('env-example-incomplete');
      expect(opened.snapshot.errors).toContainEqual(expect.objectContaining({ path: 'src/server/config.ts', message: expect.stringMatching(/read cap/) }));
    } finally {
      await opened.close();
    }
  });
});
