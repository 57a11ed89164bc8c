// CI pipeline readers (six systems), Make recipes, INI sections, coverage settings, test-command recognition,
// Terraform scanning and environment names: real layouts from each tool's documentation, positive and negative.
import { describe, expect, it } from 'vitest';
import { ciSystemOfPath, readCiPipeline, type CiPipeline } from '../src/formats/ci-pipelines.js';
import { readCoverageSettings } from '../src/formats/coverage-config.js';
import { environmentStage } from '../src/formats/environment-names.js';
import { readIniSections } from '../src/formats/ini-sections.js';
import { commandsForTarget, defaultTarget, expandMakeVariables, makeVariables, parseMakeRules } from '../src/formats/make-recipes.js';
import { scanTerraform, scanTfvars } from '../src/formats/terraform.js';
import { environmentInPath } from '../src/infrastructure/model.js';
import { analyseScript } from '../src/testing/test-commands.js';

function pipeline(path: string, text: string): CiPipeline {
  const system = ciSystemOfPath(path);
  if (!system) throw new Error(`not a CI path: ${path}`);
  const result = readCiPipeline(system, path, text);
  if (!result.ok) throw new Error(result.error.message);
  if (!result.value) throw new Error(`not a pipeline: ${path}`);
  return result.value;
}

describe('CI pipeline files', () => {
  it('leaves YAML in a generic pipelines/ folder alone unless it has Azure Pipelines shape', () => {
    const dvc = 'stages:\n  train:\n    cmd: python train.py\n    deps: [data/customers.parquet]\n';
    expect(readCiPipeline('azure-pipelines', 'pipelines/dvc.yaml', dvc)).toEqual({ ok: true, value: null });
    expect(readCiPipeline('azure-pipelines', 'pipelines/kfp/train.yaml', 'pipelineInfo:\n  name: churn\nroot: {}\n')).toEqual({ ok: true, value: null });
    const azure = pipeline('pipelines/ci.yml', 'trigger: [main]\npool: { vmImage: ubuntu-latest }\nsteps:\n  - script: pytest\n');
    expect(azure.steps.map((step) => step.command)).toEqual(['pytest']);
    // Named as an Azure pipeline: read as one, and a broken file is an error, not silence.
    expect(readCiPipeline('azure-pipelines', 'azure-pipelines.yml', 'stages:\n  train: {}\n').ok).toBe(true);
    expect(readCiPipeline('azure-pipelines', 'azure-pipelines.yml', '[').ok).toBe(false);
  });

  it('knows each system by its path, and nothing else', () => {
    expect(
      ['.github/workflows/ci.yml', '.gitlab-ci.yml', '.gitlab/ci/test.yml', 'azure-pipelines.yml', '.azure-pipelines/release.yaml', 'Jenkinsfile', 'ci/Jenkinsfile.release', '.circleci/config.yml', 'bitbucket-pipelines.yml'].map(ciSystemOfPath),
    ).toEqual(['github-actions', 'gitlab-ci', 'gitlab-ci', 'azure-pipelines', 'azure-pipelines', 'jenkins', 'jenkins', 'circleci', 'bitbucket-pipelines']);
    expect(['.github/ci.yml', 'docs/workflows/ci.yml', 'config.yml', 'pipelines.md', 'src/jenkins.py'].map(ciSystemOfPath)).toEqual([null, null, null, null, null]);
  });

  it('GitHub Actions: run and uses steps, triggers, environments, continue-on-error, reusable workflows, secrets', () => {
    const workflow = pipeline(
      '.github/workflows/ci.yml',
      `name: ci
on:
  push: {branches: [main]}
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Tests
        run: pytest --cov=pkg --cov-fail-under=80
      - run: ruff check .
        continue-on-error: true
  deploy:
    environment: {name: production, url: https://x}
    runs-on: ubuntu-latest
    steps:
      - run: helm upgrade --install api chart/ --set token=\${{ secrets.DEPLOY_TOKEN }}
  shared:
    uses: ./.github/workflows/shared.yml
`,
    );
    expect(workflow.name).toBe('ci');
    expect(workflow.steps.map((s) => [s.job, s.kind, s.line, s.allowFailure])).toEqual([
      ['test', 'action', 9, false],
      ['test', 'script', 10, false],
      ['test', 'script', 12, true],
      ['deploy', 'script', 18, false],
      ['shared', 'action', 20, false],
    ]);
    expect(workflow.steps[1]).toMatchObject({ name: 'Tests', command: 'pytest --cov=pkg --cov-fail-under=80', triggers: ['push', 'pull_request'], environment: null });
    expect(workflow.steps[3].environment).toBe('production');
    expect(workflow.environments).toEqual([{ name: 'production', job: 'deploy', line: 15 }]);
    expect(workflow.secrets).toEqual(['DEPLOY_TOKEN']);
    expect(workflow.calls).toEqual(['.github/workflows/shared.yml']);
    expect(pipeline('.github/workflows/nightly.yml', 'on:\n  schedule:\n    - cron: "0 3 * * *"\njobs:\n  a:\n    steps:\n      - run: pytest\n').steps[0].triggers).toEqual(['schedule']);
  });

  it('GitLab CI: jobs but not reserved keys, hidden templates through extends, environments, manual and allowed failures, local includes', () => {
    const gitlab = pipeline(
      '.gitlab-ci.yml',
      `include:
  - local: /ci/deploy.yml
  - template: Security/SAST.gitlab-ci.yml
stages: [test, deploy]
variables:
  PIP_CACHE_DIR: .cache
default:
  before_script:
    - pip install -r requirements.txt
.python:
  image: python:3.11
  script:
    - pytest -q
unit:
  extends: .python
  stage: test
lint:
  stage: test
  script: ruff check .
  allow_failure: true
deploy:
  stage: deploy
  environment:
    name: staging
  when: manual
  script:
    - make deploy ENV=staging
`,
    );
    expect(gitlab.steps.map((s) => [s.job, s.command, s.allowFailure, s.triggers])).toEqual([
      ['(default)', 'pip install -r requirements.txt', false, null],
      ['unit', 'pytest -q', false, null],
      ['lint', 'ruff check .', true, null],
      ['deploy', 'make deploy ENV=staging', false, ['manual']],
    ]);
    expect(gitlab.environments).toEqual([{ name: 'staging', job: 'deploy', line: 23 }]);
    expect(gitlab.calls).toEqual(['ci/deploy.yml']);
    expect(pipeline('.gitlab-ci.yml', 'nightly:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "schedule"\n  script: [pytest]\n').steps[0].triggers).toEqual(['schedule']);
  });

  it('Azure Pipelines: stages, jobs, deployment jobs with strategy hooks, tasks, continueOnError, templates', () => {
    const azure = pipeline(
      'azure-pipelines.yml',
      `trigger: [main]
pr: none
stages:
- stage: Test
  jobs:
  - job: unit
    steps:
    - script: python -m pytest --junitxml=junit.xml
      displayName: Tests
    - task: PublishTestResults@2
      inputs:
        testResultsFiles: junit.xml
    - bash: flake8
      continueOnError: true
- stage: Release
  jobs:
  - deployment: api
    environment: production
    strategy:
      runOnce:
        deploy:
          steps:
          - task: HelmDeploy@0
            inputs:
              command: upgrade
          - template: steps/smoke.yml
`,
    );
    expect(azure.steps.map((s) => [s.job, s.kind, s.command.split(' ')[0], s.allowFailure, s.environment])).toEqual([
      ['unit', 'script', 'python', false, null],
      ['unit', 'action', 'task', false, null],
      ['unit', 'script', 'flake8', true, null],
      ['api', 'action', 'task', false, 'production'],
    ]);
    expect(azure.steps[0]).toMatchObject({ name: 'Tests', triggers: ['push'] });
    expect(azure.environments.map((e) => e.name)).toEqual(['production']);
    expect(azure.calls).toEqual(['steps/smoke.yml']);
    expect(pipeline('azure-pipelines.yml', 'steps:\n- script: npm test\n').steps[0]).toMatchObject({ job: '(pipeline)', command: 'npm test' });
  });

  it('CircleCI: run steps (string and map), reusable commands, orb commands and orb jobs', () => {
    const circle = pipeline(
      '.circleci/config.yml',
      `version: 2.1
orbs:
  python: circleci/python@2.1
commands:
  tests:
    steps:
      - run: pytest --cov
jobs:
  build:
    docker: [{image: cimg/python:3.11}]
    steps:
      - checkout
      - python/install-packages:
          pkg-manager: pip
      - run:
          name: Lint
          command: ruff check .
      - tests
workflows:
  main:
    jobs:
      - build
      - python/test:
          test-tool: pytest
`,
    );
    expect(circle.steps.map((s) => [s.job, s.kind, s.command.split('\n')[0]])).toEqual([
      ['python/test', 'action', 'orb-job python/test test-tool=pytest'],
      ['build', 'action', 'orb python/install-packages pkg-manager=pip'],
      ['build', 'script', 'ruff check .'],
      ['build', 'script', 'pytest --cov'],
    ]);
  });

  it('Bitbucket Pipelines: default, branches, pull requests, custom, parallel steps, stages with deployment, pipes', () => {
    const bitbucket = pipeline(
      'bitbucket-pipelines.yml',
      `image: python:3.11
pipelines:
  default:
    - parallel:
        - step:
            name: Tests
            script:
              - pytest
        - step:
            script:
              - ruff check .
  pull-requests:
    '**':
      - step:
          script: [pytest -x]
  branches:
    main:
      - stage:
          name: Deploy
          deployment: production
          steps:
            - step:
                script:
                  - pipe: atlassian/aws-ecs-deploy:1.12.1
                    variables:
                      CLUSTER_NAME: api
  custom:
    retrain:
      - step:
          trigger: manual
          script: [make train]
`,
    );
    expect(bitbucket.steps.map((s) => [s.job, s.command, s.triggers, s.environment])).toEqual([
      ['default', 'pytest', null, null],
      ['default', 'ruff check .', null, null],
      ['pull-requests:**', 'pytest -x', ['pull_request'], null],
      ['branches:main', 'pipe atlassian/aws-ecs-deploy:1.12.1 CLUSTER_NAME=api', null, 'production'],
      ['custom:retrain', 'make train', ['manual'], null],
    ]);
    expect(bitbucket.steps[3].kind).toBe('action');
    expect(bitbucket.environments.map((e) => e.name)).toEqual(['production']);
  });

  it('Jenkinsfile: sh/bat steps in each form, their stage, deploy-stage environments, cron triggers, credentials', () => {
    const jenkins = pipeline(
      'Jenkinsfile',
      `pipeline {
  agent any
  triggers { cron('H 4 * * *') }
  stages {
    stage('Test') {
      steps {
        sh 'pytest --cov=pkg --cov-fail-under=75'
        // sh 'echo commented out'
        sh(script: "make lint", returnStatus: true)
      }
    }
    stage('Deploy to production') {
      steps {
        withCredentials([string(credentialsId: 'kube-token', variable: 'TOKEN')]) {
          sh '''
            helm upgrade --install api chart/ -f values-prod.yaml
          '''
        }
        bat label: 'windows', script: "deploy.cmd"
        build job: 'smoke-tests'
      }
    }
  }
}
`,
    );
    expect(jenkins.steps.map((s) => [s.job, s.command.trim(), s.line])).toEqual([
      ['Test', 'pytest --cov=pkg --cov-fail-under=75', 7],
      ['Test', 'make lint', 9],
      ['Deploy to production', 'helm upgrade --install api chart/ -f values-prod.yaml', 15],
      ['Deploy to production', 'deploy.cmd', 19],
      ['Deploy to production', 'build job smoke-tests', 20],
    ]);
    expect(jenkins.steps[0].triggers).toEqual(['schedule']);
    expect(jenkins.environments).toEqual([{ name: 'Deploy to production', job: 'Deploy to production', line: 12 }]);
    expect(jenkins.secrets).toEqual(['kube-token']);
    expect(pipeline('Jenkinsfile', 'node { echo "hello" }').steps).toEqual([]);
  });

  it('reports malformed and hostile pipeline files as errors, never throws', () => {
    expect(readCiPipeline('github-actions', '.github/workflows/x.yml', 'jobs: [unclosed')).toMatchObject({ ok: false, error: { line: 1 } });
    expect(readCiPipeline('gitlab-ci', '.gitlab-ci.yml', '')).toMatchObject({ ok: false, error: { message: 'empty pipeline file' } });
    expect(readCiPipeline('circleci', '.circleci/config.yml', '- a\n- b\n')).toMatchObject({ ok: false, error: { message: /mapping/ } });
    const aliasBomb = 'a: &a [x,x,x,x,x,x,x,x,x,x]\n' + Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n') + '\n';
    expect(readCiPipeline('bitbucket-pipelines', 'bitbucket-pipelines.yml', aliasBomb).ok).toBe(false);
    const started = Date.now();
    const hostile = readCiPipeline('jenkins', 'Jenkinsfile', `sh '${'x'.repeat(100_000)}\n` + "stage('a')".repeat(20_000) + 'sh "'.repeat(20_000));
    expect(hostile.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('Makefile recipes', () => {
  const makefile = `PYTHON ?= python3
PYTEST := $(PYTHON) -m pytest
.PHONY: test unit lint
all: test

test: lint unit ## everything
unit:
\t$(PYTEST) --cov=pkg \\
\t  --cov-fail-under=85
lint: ; ruff check .
deploy%:
\techo pattern
`;
  it('reads recipes, prerequisites, inline commands and continuations, and expands simple variables', () => {
    const rules = parseMakeRules(makefile);
    expect(defaultTarget(rules)).toBe('all');
    expect(rules.get('test')).toMatchObject({ prerequisites: ['lint', 'unit'], line: 6 });
    const commands = commandsForTarget(rules, 'all').map((command) => expandMakeVariables(command.text, makeVariables(makefile)));
    expect(commands).toEqual(['ruff check .', 'python3 -m pytest --cov=pkg --cov-fail-under=85']);
    expect(rules.has('deploy%')).toBe(false);
    expect(commandsForTarget(rules, 'missing')).toEqual([]);
  });
});

describe('INI sections', () => {
  it('reads configparser continuation lines and indented keys (configobj)', () => {
    const sections = readIniSections('[tool:pytest]\naddopts =\n    --cov=pkg\n    --cov-fail-under=90\n; comment\n[\'remote "s3"\']\n    url = s3://bucket/dvc\n    region = eu-west-1\n');
    expect(sections.get('tool:pytest')?.get('addopts')).toEqual({ value: '\n--cov=pkg\n--cov-fail-under=90', line: 2 });
    expect(sections.get('\'remote "s3"\'')?.get('url')).toEqual({ value: 's3://bucket/dvc', line: 7 });
    expect(sections.get('\'remote "s3"\'')?.get('region')?.value).toBe('eu-west-1');
  });
});

describe('coverage settings', () => {
  const read = (path: string, text: string) => {
    const result = readCoverageSettings(path, text);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  it('coverage.py fail_under in pyproject.toml, .coveragerc, setup.cfg and tox.ini, and pytest addopts', () => {
    expect(read('pyproject.toml', '[tool.pytest.ini_options]\naddopts = "--cov=pkg --cov-fail-under=85"\n\n[tool.coverage.report]\nfail_under = 80\n')).toEqual({
      thresholds: [
        { tool: 'coverage.py', path: 'pyproject.toml', line: 5, percent: 80, metric: 'total' },
        { tool: 'pytest-cov', path: 'pyproject.toml', line: 2, percent: 85, metric: 'total' },
      ],
      pytest: { path: 'pyproject.toml', line: 2, measures: true, failUnder: 85 },
    });
    expect(read('pyproject.toml', '[tool.pytest]\naddopts = ["--cov", "-q"]\n').pytest).toMatchObject({ measures: true, failUnder: null });
    expect(read('.coveragerc', '[run]\nbranch = True\n[report]\nfail_under = 72.5\n').thresholds).toEqual([{ tool: 'coverage.py', path: '.coveragerc', line: 4, percent: 72.5, metric: 'total' }]);
    expect(read('setup.cfg', '[coverage:report]\nfail_under = 70\n[tool:pytest]\naddopts = --cov=pkg\n')).toMatchObject({ thresholds: [{ percent: 70 }], pytest: { measures: true } });
    expect(read('tox.ini', '[pytest]\naddopts = --no-cov\n[coverage:report]\nfail_under=65\n')).toMatchObject({ thresholds: [{ percent: 65 }], pytest: { measures: false } });
    expect(read('pyproject.toml', '[project]\nname = "x"\n')).toEqual({ thresholds: [], pytest: null });
  });

  it('Codecov project targets (percent or auto), ignoring patch targets', () => {
    expect(read('codecov.yml', 'coverage:\n  status:\n    project:\n      default:\n        target: 75%\n        threshold: 1%\n    patch:\n      default:\n        target: 90%\n').thresholds).toEqual([{ tool: 'codecov', path: 'codecov.yml', line: 5, percent: 75, metric: 'project.default' }]);
    expect(read('.github/codecov.yml', 'coverage:\n  status:\n    project:\n      default:\n        target: auto\n').thresholds[0]).toMatchObject({ percent: null });
    expect(read('codecov.yml', 'comment: false\n').thresholds).toEqual([]);
  });

  it('Jest, Vitest, nyc and c8 thresholds, from JSON and from scripts read as text', () => {
    expect(read('package.json', JSON.stringify({ jest: { coverageThreshold: { global: { branches: 60, lines: 80 } } }, nyc: { 'check-coverage': true, statements: 70 } })).thresholds.map((t) => [t.tool, t.percent, t.metric])).toEqual([
      ['jest', 80, 'lines'],
      ['nyc', 70, 'statements'],
    ]);
    expect(read('jest.config.ts', 'export default {\n  collectCoverage: true,\n  coverageThreshold: {\n    global: { statements: 82, branches: 70 },\n  },\n};\n').thresholds).toEqual([{ tool: 'jest', path: 'jest.config.ts', line: 3, percent: 82, metric: 'statements' }]);
    expect(read('vitest.config.ts', "export default defineConfig({ test: { coverage: { provider: 'v8', thresholds: { lines: 90, functions: 80 } } } })").thresholds[0]).toMatchObject({ tool: 'vitest', percent: 90, metric: 'lines' });
    expect(read('vite.config.ts', 'test: { coverage: { lines: 60, reporter: ["text"] } }').thresholds[0]).toMatchObject({ tool: 'vitest', percent: 60 });
    expect(read('vitest.config.mts', 'coverage: { thresholds: { 100: true } }').thresholds[0]).toMatchObject({ percent: 100 });
    expect(read('.c8rc.json', '{"check-coverage": true, "lines": 95}').thresholds[0]).toMatchObject({ tool: 'c8', percent: 95 });
    expect(read('.nycrc', '{"lines": 95}').thresholds).toEqual([]);
    expect(read('vitest.config.ts', "export default defineConfig({ test: { coverage: { provider: 'v8' } } })").thresholds).toEqual([]);
    expect(readCoverageSettings('package.json', '{ broken').ok).toBe(false);
  });
});

describe('test commands in scripts', () => {
  const runners = (script: string) => analyseScript(script).tests.map((test) => test.runner);

  it('recognises every runner, through wrappers', () => {
    expect(runners('pytest -q')).toEqual(['pytest']);
    expect(runners('python -m pytest tests/')).toEqual(['pytest']);
    expect(runners('uv run --frozen pytest')).toEqual(['pytest']);
    expect(runners('poetry run python -m pytest')).toEqual(['pytest']);
    expect(runners('CI=1 xvfb-run -a pytest')).toEqual(['pytest']);
    expect(runners('coverage run -m unittest discover')).toEqual(['unittest']);
    expect(runners('python setup.py test')).toEqual(['unittest']);
    expect(runners('nose2 -v')).toEqual(['nose']);
    expect(runners('hatch test --cover')).toEqual(['pytest']);
    expect(runners('npx jest --coverage')).toEqual(['jest']);
    expect(runners('pnpm exec vitest run --coverage')).toEqual(['vitest']);
    expect(runners('mocha')).toEqual(['mocha']);
    expect(runners('node --test')).toEqual(['node-test']);
    expect(runners('bun test')).toEqual(['bun-test']);
    expect(runners('great_expectations checkpoint run customers')).toEqual(['great-expectations']);
    expect(runners('npx promptfoo eval -c promptfooconfig.yaml')).toEqual(['promptfoo']);
    expect(runners('deepeval test run tests/test_llm.py')).toEqual(['deepeval']);
    expect(runners('docker compose run --rm app pytest -x')).toEqual(['pytest']);
    expect(runners('set -e\ncd service && pytest && echo done')).toEqual(['pytest']);
  });

  it('does not mistake installs, linters or other commands for tests', () => {
    expect(runners('pip install pytest pytest-cov')).toEqual([]);
    expect(runners('uv pip install -r requirements-test.txt')).toEqual([]);
    expect(runners('npm install --save-dev jest')).toEqual([]);
    expect(runners('ruff check . && mypy src')).toEqual([]);
    expect(runners('echo "run pytest later"')).toEqual([]);
    expect(runners('# pytest\nmake lint')).toEqual([]);
  });

  it('reads coverage measuring, command-line thresholds and thrown-away failures', () => {
    expect(analyseScript('pytest --cov=pkg --cov-fail-under=85 || true').tests[0]).toMatchObject({ measuresCoverage: true, failUnder: 85, ignoresFailure: true });
    expect(analyseScript('coverage run -m pytest').tests[0]).toMatchObject({ measuresCoverage: true, failUnder: null, ignoresFailure: false });
    expect(analyseScript('jest --coverage --coverageThreshold=\'{"global":{"lines":90}}\'').tests[0]).toMatchObject({ failUnder: 90 });
    expect(analyseScript('pytest || echo "tests failed"').tests[0].ignoresFailure).toBe(true);
    expect(analyseScript('pytest | tee out.txt').tests[0].ignoresFailure).toBe(false);
  });

  it('reads coverage gates and uploads', () => {
    expect(analyseScript('coverage report --fail-under=75').gates).toEqual([{ tool: 'coverage.py', percent: 75, text: 'coverage report --fail-under=75' }]);
    expect(analyseScript('coverage xml').gates[0]).toMatchObject({ tool: 'coverage.py', percent: null });
    expect(analyseScript('npx c8 check-coverage --lines 90').gates[0]).toMatchObject({ tool: 'c8', percent: 90 });
    expect(analyseScript('nyc --check-coverage --statements 80 mocha').gates[0]).toMatchObject({ tool: 'nyc', percent: 80 });
    expect(analyseScript('diff-cover coverage.xml --fail-under=90').gates[0]).toMatchObject({ tool: 'diff-cover', percent: 90 });
    expect(analyseScript('uses codecov/codecov-action@v4 files=coverage.xml').uploadsCoverage).toBe(true);
    expect(analyseScript('bash <(curl -s https://codecov.io/bash)').uploadsCoverage).toBe(true);
    expect(analyseScript('codecovcli upload-process').uploadsCoverage).toBe(true);
    expect(analyseScript('pip install codecov-cli').uploadsCoverage).toBe(false);
  });

  it('records indirections to follow: make, npm/yarn/pnpm scripts, tox, nox, hatch, shell scripts', () => {
    const indirect = (script: string) => analyseScript(script).indirect.map(({ kind, targets, location }) => [kind, targets, location]);
    expect(indirect('make test')).toEqual([['make', ['test'], null]]);
    expect(indirect('make -C service check COV=1')).toEqual([['make', ['check'], 'dir:service']]);
    expect(indirect('npm test')).toEqual([['npm-script', ['test'], null]]);
    expect(indirect('npm run test:ci --prefix web')).toEqual([['npm-script', ['test:ci'], 'web']]);
    expect(indirect('yarn test:unit')).toEqual([['npm-script', ['test:unit'], null]]);
    expect(indirect('tox -e py311,lint')).toEqual([['tox', ['py311', 'lint'], null]]);
    expect(indirect('nox -s tests')).toEqual([['nox', ['tests'], null]]);
    expect(indirect('hatch run cov')).toEqual([['hatch', ['cov'], null]]);
    expect(indirect('./scripts/run_tests.sh --fast')).toEqual([['script', [], 'scripts/run_tests.sh']]);
    expect(indirect('bash ci/test.sh')).toEqual([['script', [], 'ci/test.sh']]);
    expect(indirect('npm install')).toEqual([]);
  });

  it('recognises test-running actions, orbs and inline task scripts', () => {
    expect(runners('orb-job python/test test-tool=pytest')).toEqual(['pytest']);
    expect(runners('task AzureCLI@2 scriptType=bash inlineScript=pytest tests')).toEqual(['pytest']);
    expect(runners('uses actions/checkout@v4')).toEqual([]);
  });
});

describe('Terraform scanning', () => {
  it('reads providers, resources, modules, backends, cloud workspaces and terraform.workspace', () => {
    const facts = scanTerraform(`terraform {
  backend "s3" {
    bucket               = "kestrel-tf-state"
    workspace_key_prefix = "envs"
  }
}
# resource "aws_commented" "out" {}
/* resource "aws_block" "comment" {
} */
provider "aws" { region = var.region }
resource "aws_s3_bucket" "models" { bucket = "models-\${terraform.workspace}" }
module "eks" {
  source = "terraform-aws-modules/eks/aws"
}
variable "region" {}
`);
    expect(facts.backend).toEqual({ type: 's3', line: 2 });
    expect(facts.providers).toEqual([{ type: 'provider', name: 'aws', line: 10 }]);
    expect(facts.resources).toEqual([{ type: 'aws_s3_bucket', name: 'models', line: 11 }]);
    expect(facts.modules).toEqual([{ type: 'module', name: 'eks', line: 12, source: 'terraform-aws-modules/eks/aws' }]);
    expect(facts).toMatchObject({ usesWorkspaces: true, variables: 1 });
    const cloud = scanTerraform('terraform {\n  cloud {\n    organization = "kestrel"\n    workspaces {\n      tags = ["churn", "production"]\n    }\n  }\n}\n');
    expect(cloud).toMatchObject({ cloud: { line: 2, workspaces: ['churn', 'production'] }, usesWorkspaces: true, backend: null });
    expect(scanTerraform('resource "aws_instance" "x" {}\n')).toMatchObject({ backend: null, cloud: null, usesWorkspaces: false });
  });

  it('reads the environment a tfvars file sets', () => {
    expect(scanTfvars('region = "eu-west-1"\nenvironment = "staging"\n')).toEqual({ environments: [{ name: 'staging', line: 2 }], keys: 2 });
    expect(scanTfvars('instance_type = "t3.large"\n').environments).toEqual([]);
  });
});

describe('environment names', () => {
  it('maps names to stages and leaves other words alone', () => {
    expect(['prod', 'Production', 'eu-prod', 'stg', 'pre-prod', 'uat', 'dev', 'sandbox', 'qa', 'preview', 'kestrel-ml-staging'].map(environmentStage)).toEqual([
      'production',
      'production',
      'production',
      'staging',
      'staging',
      'staging',
      'development',
      'development',
      'staging',
      'preview',
      'staging',
    ]);
    expect(['model-approval', 'main', 'product', 'develop-feature-x'.replace('develop', 'dvlp'), 'reproducibility'].map(environmentStage)).toEqual([null, null, null, null, null]);
  });

  it('finds the environment a file path names', () => {
    expect(environmentInPath('deploy/helm/values-staging.yaml')).toEqual({ name: 'staging', stage: 'staging' });
    expect(environmentInPath('docker-compose.prod.yml')).toEqual({ name: 'prod', stage: 'production' });
    expect(environmentInPath('k8s/overlays/production/kustomization.yaml')).toEqual({ name: 'production', stage: 'production' });
    expect(environmentInPath('infra/envs/dev/main.tf')).toEqual({ name: 'dev', stage: 'development' });
    expect(environmentInPath('infra/main.bicepparam')).toBeNull();
    expect(environmentInPath('deploy/helm/values.yaml')).toBeNull();
  });
});

describe('CI systems beyond the first six (#16): Google Cloud Build, Buildkite, Travis CI, Drone', () => {
  it('knows their files by path, and nothing else by those names', () => {
    expect(ciSystemOfPath('cloudbuild.yaml')).toBe('cloud-build');
    expect(ciSystemOfPath('deploy/cloudbuild-test.yml')).toBe('cloud-build');
    expect(ciSystemOfPath('.buildkite/pipeline.yml')).toBe('buildkite');
    expect(ciSystemOfPath('.travis.yml')).toBe('travis');
    expect(ciSystemOfPath('.drone.yml')).toBe('drone');
    expect(ciSystemOfPath('docs/travis.yml')).toBeNull();
    expect(ciSystemOfPath('config/buildkite/pipeline.yml')).toBeNull();
  });

  it('Cloud Build: script, bash -c, cloud-builders entrypoints and plain images; allowFailure', () => {
    const build = pipeline(
      'cloudbuild.yaml',
      [
        'steps:',
        "  - name: 'gcr.io/cloud-builders/go'",
        "    args: ['test', './...']",
        "  - name: 'python:3.12'",
        "    entrypoint: 'bash'",
        "    args: ['-c', 'pip install -r requirements.txt && pytest --cov=app --cov-fail-under=80']",
        "  - name: 'ruby:3.3'",
        '    script: |',
        '      bundle install',
        '      bundle exec rspec',
        '    allowFailure: true',
        "  - name: 'gcr.io/cloud-builders/docker'",
        "    args: ['build', '-t', 'gcr.io/$PROJECT_ID/app', '.']",
        '',
      ].join('\n'),
    );
    expect(build.steps.map((step) => [step.command, step.line, step.allowFailure])).toEqual([
      ['go test ./...', 2, false],
      ['pip install -r requirements.txt && pytest --cov=app --cov-fail-under=80', 4, false],
      ['bundle install\nbundle exec rspec\n', 7, true],
      ['docker build -t gcr.io/$PROJECT_ID/app .', 12, false],
    ]);
    expect(analyseScript(build.steps[0].command).tests.map((test) => test.runner)).toEqual(['go-test']);
    expect(analyseScript(build.steps[1].command).tests[0]).toMatchObject({ runner: 'pytest', failUnder: 80 });
    expect(analyseScript(build.steps[3].command).tests).toEqual([]);
  });

  it('Buildkite: command and commands, group steps, soft_fail; wait and block steps ignored', () => {
    const kite = pipeline(
      '.buildkite/pipeline.yml',
      [
        'steps:',
        '  - label: ":rspec: Specs"',
        '    command: "bundle exec rspec"',
        '  - wait',
        '  - group: "Go"',
        '    steps:',
        '      - label: "unit"',
        '        commands:',
        '          - go vet ./...',
        '          - go test ./...',
        '        soft_fail: true',
        '  - block: ":rocket: Release"',
        '',
      ].join('\n'),
    );
    expect(kite.steps.map((step) => [step.job, step.command, step.allowFailure])).toEqual([
      [':rspec: Specs', 'bundle exec rspec', false],
      ['unit', 'go vet ./...\ngo test ./...', true],
    ]);
  });

  it('Travis: phases at the top and in jobs.include, the language default script, allow_failures; push and pull requests', () => {
    const ruby = pipeline('.travis.yml', 'language: ruby\nrvm:\n  - 3.3\nbefore_install: gem install bundler\n');
    expect(ruby.steps.map((step) => [step.name, step.command, step.triggers])).toEqual([
      ['before_install', 'gem install bundler', ['push', 'pull_request']],
      ['script', 'bundle exec rake', ['push', 'pull_request']],
    ]);
    const jobs = pipeline(
      '.travis.yml',
      'language: python\ninstall: pip install -e .[test]\njobs:\n  include:\n    - name: unit\n      script: pytest\n    - name: lint\n      script: ruff check .\n  allow_failures:\n    - name: lint\n',
    );
    expect(jobs.steps.filter((step) => step.name === 'script').map((step) => [step.job, step.command, step.allowFailure])).toEqual([
      ['unit', 'pytest', false],
      ['lint', 'ruff check .', true],
    ]);
    // Python has no default script: a Travis file without one runs no tests.
    expect(pipeline('.travis.yml', 'language: python\ninstall: pip install .\n').steps.map((step) => step.name)).toEqual(['install']);
  });

  it('Drone: every pipeline document, commands, failure: ignore, trigger and when events, lines counted across documents', () => {
    const drone = pipeline(
      '.drone.yml',
      [
        'kind: pipeline',
        'type: docker',
        'name: test',
        'steps:',
        '  - name: unit',
        '    image: golang:1.22',
        '    commands:',
        '      - go test ./...',
        '---',
        'kind: pipeline',
        'type: docker',
        'name: nightly',
        'trigger:',
        '  event: [cron]',
        'steps:',
        '  - name: e2e',
        '    image: node:20',
        '    failure: ignore',
        '    commands:',
        '      - npm ci',
        '      - npm test',
        '---',
        'kind: secret',
        'name: token',
        '',
      ].join('\n'),
    );
    expect(drone.steps.map((step) => [step.job, step.command, step.line, step.allowFailure, step.triggers])).toEqual([
      ['test/unit', 'go test ./...', 5, false, null],
      ['nightly/e2e', 'npm ci\nnpm test', 16, true, ['schedule']],
    ]);
    const broken = readCiPipeline('drone', '.drone.yml', 'kind: pipeline\nsteps: []\n---\nkind: pipeline\nsteps: [\n');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error.line).toBeGreaterThanOrEqual(4);
  });
});

describe('test commands of every ecosystem (#16)', () => {
  const runners = (script: string) => analyseScript(script).tests.map((test) => test.runner);

  it.each([
    ['bundle exec rspec --format progress', ['rspec']],
    ['bin/rspec spec/models', ['rspec']],
    ['bundle exec rake', ['rake']],
    ['bundle exec rake test', ['minitest']],
    ['bin/rails test:system', ['minitest']],
    ['ruby -Itest test/models/answer_test.rb', ['minitest']],
    ['yarn run jasmine-browser-runner runSpecs', ['jasmine']],
    ['npx jasmine', ['jasmine']],
    ['yarn playwright test', ['playwright']],
    ['go test -race -coverprofile=cover.out ./...', ['go-test']],
    ['gotestsum -- ./...', ['go-test']],
    ['mvn -B verify', ['maven']],
    ['./mvnw clean install', ['maven']],
    ['./gradlew check', ['gradle']],
    ['./gradlew :service:integrationTest', ['gradle']],
    ['gradle build', ['gradle']],
    ['dotnet test --no-restore', ['dotnet-test']],
    ['cargo test --locked', ['cargo-test']],
    ['cargo nextest run', ['cargo-test']],
    ['cargo tarpaulin --fail-under 75', ['cargo-test']],
    ['vendor/bin/phpunit', ['phpunit']],
    ['php vendor/bin/phpunit --coverage-text', ['phpunit']],
    ['php artisan test', ['phpunit']],
    ['./vendor/bin/pest', ['phpunit']],
    ['bundle exec parallel_rspec spec/', ['rspec']],
    ['python manage.py test --parallel', ['unittest']],
    ['./manage.py test', ['unittest']],
    ['npx cypress run --browser chrome', ['cypress']],
    ['npx ng test --watch=false --code-coverage', ['karma']],
    ['react-scripts test --watchAll=false', ['jest']],
  ])('`%s` runs %j', (script, expected) => {
    expect(runners(script)).toEqual(expected);
  });

  it.each([
    ['echo rspec'],
    ['# bundle exec rspec'],
    ['bundle install'],
    ['bundle exec rubocop'],
    ['bundle exec rake assets:precompile'],
    ['go vet ./...'],
    ['go build ./cmd/ranker'],
    ['mvn -B package -DskipTests'],
    ['mvn dependency:go-offline'],
    ['./gradlew build -x test'],
    ['./gradlew assemble'],
    ['dotnet build -c Release'],
    ['cargo build --release'],
    ['composer install'],
    ['yarn build'],
    ['yarn format'],
    ['python manage.py migrate'],
    ['npx cypress open'],
    ['ng build'],
  ])('`%s` runs no tests', (script) => {
    expect(runners(script)).toEqual([]);
  });

  it('finds coverage gates: coverlet /p:Threshold, tarpaulin and cargo-llvm-cov --fail-under, go-test-coverage, a go tool cover comparison', () => {
    expect(analyseScript('dotnet test /p:CollectCoverage=true /p:Threshold=80').gates).toEqual([expect.objectContaining({ tool: 'coverlet', percent: 80 })]);
    expect(analyseScript('dotnet test /p:CollectCoverage=true /p:Threshold=80').tests[0]).toMatchObject({ measuresCoverage: true, failUnder: 80 });
    expect(analyseScript('cargo tarpaulin --fail-under 75').gates).toEqual([expect.objectContaining({ tool: 'tarpaulin', percent: 75 })]);
    expect(analyseScript('cargo llvm-cov --fail-under-lines 85').gates).toEqual([expect.objectContaining({ tool: 'cargo-llvm-cov', percent: 85 })]);
    expect(analyseScript('go run github.com/vladopajic/go-test-coverage/v2@latest --config=./.testcoverage.yml').gates).toEqual([expect.objectContaining({ tool: 'go-test-coverage', percent: null })]);
    expect(analyseScript('go-test-coverage --profile cover.out --threshold-total 70').gates).toEqual([expect.objectContaining({ tool: 'go-test-coverage', percent: 70 })]);
    const script = 'total=$(go tool cover -func=c.out | grep total | awk \'{print substr($3, 1, length($3)-1)}\')\nif (( $(echo "$total < 75" | bc -l) )); then exit 1; fi\n';
    expect(analyseScript(script).gates).toEqual([expect.objectContaining({ tool: 'go-cover', percent: 75 })]);
    // Printing the total is a report, not a gate.
    expect(analyseScript('go tool cover -func=c.out | tail -1').gates).toEqual([]);
  });

  it('reads Azure tasks and GitHub actions that run tests: DotNetCoreCLI test, VSTest, Maven goals, Gradle tasks, go-test-coverage', () => {
    expect(runners('task DotNetCoreCLI@2 command=test projects=tests/**/*.csproj arguments=--configuration Release')).toEqual(['dotnet-test']);
    expect(runners('task DotNetCoreCLI@2 command=build projects=src/**/*.csproj')).toEqual([]);
    expect(runners('task VSTest@2 testAssemblyVer2=**/*Tests.dll')).toEqual(['dotnet-test']);
    expect(runners('task Maven@4 mavenPomFile=pom.xml goals=verify')).toEqual(['maven']);
    expect(runners('task Maven@4 mavenPomFile=pom.xml goals=dependency:tree')).toEqual([]);
    expect(runners('task Gradle@3 tasks=check')).toEqual(['gradle']);
    expect(runners('uses gradle/gradle-build-action@v3 arguments=build')).toEqual(['gradle']);
    expect(analyseScript('uses vladopajic/go-test-coverage@v2 config=./.testcoverage.yml threshold-total=80').gates).toEqual([expect.objectContaining({ tool: 'go-test-coverage', percent: 80 })]);
  });

  it('follows composer scripts to the runner they call', () => {
    expect(analyseScript('composer test').indirect).toEqual([expect.objectContaining({ kind: 'composer', targets: ['test'] })]);
    expect(analyseScript('composer run-script ci').indirect).toEqual([expect.objectContaining({ kind: 'composer', targets: ['ci'] })]);
    expect(analyseScript('composer install --no-interaction').indirect).toEqual([]);
  });
});

describe('coverage thresholds of every ecosystem (#16)', () => {
  const thresholds = (path: string, text: string) => {
    const result = readCoverageSettings(path, text);
    if (!result.ok) throw new Error(result.error.message);
    return result.value.thresholds.map(({ tool, line, percent, metric, appliedBy }) => ({ tool, line, percent, metric, appliedBy }));
  };

  it('SimpleCov minimum_coverage in .simplecov or a spec helper; minimum_coverage_by_file and a helper without SimpleCov are not it', () => {
    expect(thresholds('spec/spec_helper.rb', 'require "simplecov"\nSimpleCov.start "rails" do\n  minimum_coverage 90\nend\n')).toEqual([{ tool: 'simplecov', line: 3, percent: 90, metric: 'lines', appliedBy: undefined }]);
    expect(thresholds('.simplecov', 'SimpleCov.start do\n  minimum_coverage line: 85, branch: 70\nend\n')[0]).toMatchObject({ percent: 85 });
    expect(thresholds('test/test_helper.rb', 'SimpleCov.minimum_coverage(75)\n')[0]).toMatchObject({ percent: 75 });
    expect(thresholds('spec/spec_helper.rb', 'require "simplecov"\nSimpleCov.start "rails"\n')).toEqual([]);
    expect(thresholds('spec/spec_helper.rb', 'SimpleCov.start do\n  minimum_coverage_by_file 60\nend\n')).toEqual([]);
    expect(thresholds('spec/spec_helper.rb', '# minimum_coverage 90 is what we aim for\n')).toEqual([]);
  });

  it('JaCoCo rules: Gradle Kotlin and Groovy (wired into check or not), Maven check goal with its phase', () => {
    const kotlin = 'tasks.jacocoTestCoverageVerification {\n  violationRules {\n    rule {\n      limit {\n        counter = "LINE"\n        minimum = "0.80".toBigDecimal()\n      }\n    }\n  }\n}\ntasks.check {\n    dependsOn(tasks.jacocoTestCoverageVerification)\n}\n';
    expect(thresholds('build.gradle.kts', kotlin)).toEqual([{ tool: 'jacoco', line: 1, percent: 80, metric: 'line', appliedBy: ['jacocoTestCoverageVerification', 'check', 'build'] }]);
    const groovy = 'jacocoTestCoverageVerification {\n    violationRules {\n        rule {\n            limit {\n                minimum = 0.7\n            }\n        }\n    }\n}\n';
    expect(thresholds('build.gradle', groovy)).toEqual([{ tool: 'jacoco', line: 1, percent: 70, metric: 'instruction', appliedBy: ['jacocoTestCoverageVerification'] }]);
    expect(thresholds('build.gradle', 'plugins { id "jacoco" }\njacocoTestReport { reports { xml.required = true } }\n')).toEqual([]);
    const pom = [
      '<project><build><plugins><plugin>',
      '  <groupId>org.jacoco</groupId>',
      '  <artifactId>jacoco-maven-plugin</artifactId>',
      '  <executions><execution><id>check</id><goals><goal>check</goal></goals>',
      '    <configuration><rules><rule><element>BUNDLE</element><limits><limit>',
      '      <counter>LINE</counter><value>COVEREDRATIO</value><minimum>0.75</minimum>',
      '    </limit></limits></rule></rules></configuration>',
      '  </execution></executions>',
      '</plugin></plugins></build></project>',
    ].join('\n');
    expect(thresholds('pom.xml', pom)).toEqual([{ tool: 'jacoco', line: 6, percent: 75, metric: 'ratio', appliedBy: ['verify', 'install', 'deploy', 'jacoco:check'] }]);
    // The report goal alone gates nothing.
    expect(thresholds('pom.xml', pom.replace('<goal>check</goal>', '<goal>report</goal>'))).toEqual([]);
  });

  it('coverlet Threshold in a project using coverlet; tarpaulin fail-under; go-test-coverage threshold', () => {
    const csproj = '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <Threshold>80</Threshold>\n    <ThresholdType>line</ThresholdType>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="coverlet.msbuild" Version="6.0.2" />\n  </ItemGroup>\n</Project>\n';
    expect(thresholds('tests/App.Tests/App.Tests.csproj', csproj)).toEqual([{ tool: 'coverlet', line: 3, percent: 80, metric: 'line', appliedBy: undefined }]);
    expect(thresholds('src/App/App.csproj', '<Project><PropertyGroup><Threshold>3</Threshold></PropertyGroup></Project>')).toEqual([]);
    expect(thresholds('tarpaulin.toml', '[report]\nout = ["Xml"]\nfail-under = 75\n')).toEqual([{ tool: 'tarpaulin', line: 3, percent: 75, metric: 'lines', appliedBy: undefined }]);
    expect(thresholds('.testcoverage.yml', 'profile: cover.out\nthreshold:\n  file: 60\n  total: 80\n')).toEqual([{ tool: 'go-test-coverage', line: 4, percent: 80, metric: 'total', appliedBy: undefined }]);
    expect(readCoverageSettings('tarpaulin.toml', '[report\nfail-under = 75').ok).toBe(false);
  });
});
