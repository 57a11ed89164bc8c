// The tests check outside Python (#16): the ecosystem fixtures (Rails/RSpec/Jasmine/SimpleCov on GitHub Actions,
// Go on GitLab, Gradle/Kotlin/JaCoCo on Jenkins, .NET/xUnit/coverlet on Azure Pipelines, Rust/tarpaulin on
// CircleCI), small trees for PHP and the newer CI systems, negatives (a workflow named test.yml that only lints,
// `echo rspec`, helpers in test folders), and test code in a language the check does not read named in the
// report's coverage instead of scored 0.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/tests.js';
import { programmingLanguageOf } from '../src/testing/languages.js';
import { FIXTURES, findingIds, runCheck, runRaw, scanDir, makeTree } from './helpers.js';

const ECOSYSTEMS = path.join(FIXTURES, 'ecosystems');
const HANDOVER = { milestone: 'handover' as const };
const criteria = (result: { criteria?: Array<{ id: string; value: number }> }) => Object.fromEntries((result.criteria ?? []).map((c) => [c.id, c.value]));
const evidenceOf = (result: { evidence: Array<{ kind: string; path: string; note?: string }> }, kind: string) => result.evidence.filter((entry) => entry.kind.startsWith(kind)).map((entry) => `${entry.path}: ${entry.note}`);

describe('tests check on the ecosystem fixtures', () => {
  it('rails-rspec: RSpec and Jasmine specs, `bundle exec rspec` in a local reusable workflow, SimpleCov minimum applied by it', async () => {
    const result = await runCheck(check, path.join(ECOSYSTEMS, 'rails-rspec'), HANDOVER);
    expect(result.status).toBe('pass');
    expect(evidenceOf(result, 'test:')).toEqual([
      'spec/javascripts/modules/feedback-spec.js: 1 test case(s)',
      'spec/models/answer_spec.rb: 2 test case(s)',
      'spec/services/answer_composer_spec.rb: 1 test case(s); exercises the model',
    ]);
    expect(evidenceOf(result, 'ci-test-run:github-actions')).toEqual([
      expect.stringMatching(/^\.github\/workflows\/ci\.yml: jasmine: `jasmine-browser-runner runSpecs.*` via npm script "jasmine:ci" \(package\.json\); runs on push, pull_request$/),
      '.github/workflows/rspec.yml: rspec: `bundle exec rspec --format progress`; runs on push, pull_request',
    ]);
    expect(evidenceOf(result, 'coverage-threshold')).toEqual([expect.stringMatching(/^spec\/spec_helper\.rb: 90%: SimpleCov minimum_coverage .*applied when rspec runs in CI/)]);
    expect(criteria(result)).toMatchObject({ present: 1, ci: 1, threshold: 1 });
    // spec_helper.rb and rails_helper.rb are support, neither tests nor sources; no empty-test finding.
    expect(findingIds(result)).not.toContain('empty-test-file');
    expect(result.summary).toMatch(/^3 test file\(s\) for 3 source file\(s\); CI runs jasmine, rspec; threshold 90% enforced/);
  });

  it('go-service: *_test.go run by `go test ./...` in GitLab CI, the go tool cover script and go-test-coverage both gates', async () => {
    const result = await runCheck(check, path.join(ECOSYSTEMS, 'go-service'), HANDOVER);
    expect(result.status).toBe('pass');
    expect(evidenceOf(result, 'test:')).toEqual(['internal/rank/rank_test.go: 2 test case(s); exercises the model']);
    expect(evidenceOf(result, 'ci-test-run:gitlab-ci')).toEqual(['.gitlab-ci.yml: go-test: `go test -race -coverprofile=cover.out -covermode=atomic ./...`; runs on push']);
    expect(evidenceOf(result, 'coverage-threshold')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\.gitlab-ci\.yml: 80%: go-cover threshold 80% in CI/), expect.stringMatching(/^\.testcoverage\.yml: 80%: go-test-coverage threshold \(\.testcoverage\.yml:6\), applied in CI/)]),
    );
    expect(criteria(result)).toMatchObject({ present: 1, ci: 1, threshold: 1 });
  });

  it('gradle-kotlin: JUnit and Kotest files under src/test/kotlin, `./gradlew check` in the Jenkinsfile applies the JaCoCo rule wired into check', async () => {
    const result = await runCheck(check, path.join(ECOSYSTEMS, 'gradle-kotlin'), HANDOVER);
    expect(result.status).toBe('pass');
    expect(evidenceOf(result, 'test:jvm')).toEqual([
      'src/test/kotlin/com/example/scoring/ScorerBandsSpec.kt: 1 test case(s); exercises the model',
      'src/test/kotlin/com/example/scoring/ScorerTest.kt: 2 test case(s); exercises the model',
    ]);
    expect(evidenceOf(result, 'ci-test-run:jenkins')).toEqual(['Jenkinsfile: gradle: `./gradlew check`; runs on push']);
    expect(evidenceOf(result, 'coverage-threshold')).toEqual([expect.stringMatching(/^build\.gradle\.kts: 80%: JaCoCo line rule \(build\.gradle\.kts:\d+\), applied by `check` in CI \(Jenkinsfile:\d+\)$/)]);
  });

  it('dotnet-llm: the xUnit project, `dotnet test` as a DotNetCoreCLI task and a script, coverlet Threshold in the project and on the command line', async () => {
    const result = await runCheck(check, path.join(ECOSYSTEMS, 'dotnet-llm'), HANDOVER);
    expect(result.status).toBe('pass');
    expect(evidenceOf(result, 'test:dotnet')).toEqual(['tests/Assistant.Tests/PromptBuilderTests.cs: 1 test case(s); exercises the model']);
    expect(evidenceOf(result, 'ci-test-run:azure-pipelines')).toHaveLength(2);
    expect(evidenceOf(result, 'coverage-threshold')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^tests\/Assistant\.Tests\/Assistant\.Tests\.csproj: 80%: coverlet Threshold/), expect.stringMatching(/^azure-pipelines\.yml: 80%: coverlet threshold 80% in CI/)]),
    );
    expect(result.summary).toMatch(/1 test file\(s\) for 2 source file\(s\); CI runs dotnet-test; threshold 80% enforced/);
  });

  it('rust-crate: #[cfg(test)] unit tests in src/lib.rs and tests/*.rs, cargo test and tarpaulin --fail-under on CircleCI, tarpaulin.toml applied too', async () => {
    const result = await runCheck(check, path.join(ECOSYSTEMS, 'rust-crate'), HANDOVER);
    expect(result.status).toBe('pass');
    expect(evidenceOf(result, 'test:rust')).toEqual(['src/lib.rs: 2 test case(s)', 'tests/batching.rs: 1 test case(s)']);
    expect(evidenceOf(result, 'ci-test-run:circleci').map((line) => line.split(': ')[1])).toEqual(['cargo-test', 'cargo-test']);
    expect(evidenceOf(result, 'coverage-threshold')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\.circleci\/config\.yml: 75%: tarpaulin threshold 75% in CI/), expect.stringMatching(/^tarpaulin\.toml: 75%: tarpaulin threshold \(tarpaulin\.toml:3\), applied in CI/)]),
    );
  });
});

const LINT_ONLY = 'name: test\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: bundle exec rubocop\n      - run: echo rspec\n      # - run: bundle exec rspec\n';
const RUBY_APP = {
  'Gemfile': 'source "https://rubygems.org"\ngem "rspec"\n',
  'lib/scorer.rb': 'class Scorer\n  def score(x) = x\nend\n',
  'spec/scorer_spec.rb': 'RSpec.describe Scorer do\n  it "scores" do\n    expect(Scorer.new.score(1)).to eq(1)\n  end\nend\n',
  'spec/support/matchers.rb': 'RSpec::Matchers.define :be_scored do\n  match { |x| x }\nend\n',
};

describe('tests check: negatives and other ecosystems', () => {
  it('a workflow named test.yml that only lints, with `echo rspec` and a commented-out rspec step, runs no tests', async () => {
    const result = await runCheck(check, { ...RUBY_APP, '.github/workflows/test.yml': LINT_ONLY });
    expect(findingIds(result)).toContain('tests-not-in-ci');
    expect(criteria(result).ci).toBe(0);
    // The helper in spec/support holds no examples: neither a test nor an empty test file.
    expect(evidenceOf(result, 'test:')).toEqual(['spec/scorer_spec.rb: 1 test case(s); exercises the model']);
    expect(findingIds(result)).not.toContain('empty-test-file');
  });

  it('an empty *_spec.rb is an empty test file; a Go helper_test.go without Test functions and a .NET base class are not', async () => {
    const result = await runCheck(check, {
      ...RUBY_APP,
      'spec/empty_spec.rb': 'RSpec.describe "nothing" do\nend\n',
      'pkg/rank/export_test.go': 'package rank\n\nvar Internal = internal\n',
      'pkg/rank/rank.go': 'package rank\n\nfunc internal() int { return 1 }\n',
      'tests/App.Tests/IntegrationTestBase.cs': 'public abstract class IntegrationTestBase { }\n',
    });
    expect(result.findings.filter((finding) => finding.id === 'empty-test-file').map((finding) => finding.path)).toEqual(['spec/empty_spec.rb']);
  });

  it('PHP: PHPUnit tests run through `composer test`, on Bitbucket Pipelines', async () => {
    const result = await runCheck(check, {
      'composer.json': JSON.stringify({ require: { php: '^8.2' }, scripts: { test: ['@php vendor/bin/phpunit --testdox'] } }),
      'phpunit.xml': '<phpunit bootstrap="vendor/autoload.php"><testsuites><testsuite name="unit"><directory>tests</directory></testsuite></testsuites></phpunit>\n',
      'src/Ranker.php': '<?php\nfinal class Ranker { public function top(array $xs): array { rsort($xs); return $xs; } }\n',
      'tests/RankerTest.php': '<?php\nuse PHPUnit\\Framework\\TestCase;\nfinal class RankerTest extends TestCase {\n  public function testTopSorts(): void { $this->assertSame([2, 1], (new Ranker())->top([1, 2])); }\n  #[Test]\n  public function keepsEmpty(): void { $this->assertSame([], (new Ranker())->top([])); }\n}\n',
      'bitbucket-pipelines.yml': 'pipelines:\n  default:\n    - step:\n        script:\n          - composer install\n          - composer test\n',
    });
    expect(evidenceOf(result, 'test:php')).toEqual(['tests/RankerTest.php: 2 test case(s); exercises the model']);
    expect(evidenceOf(result, 'ci-test-run:bitbucket-pipelines')).toEqual([expect.stringMatching(/^bitbucket-pipelines\.yml: phpunit: `php vendor\/bin\/phpunit --testdox` via composer script "test" \(composer\.json\)/)]);
    expect(criteria(result).ci).toBe(1);
  });

  it('Maven: `mvn verify` on Travis applies the JaCoCo check bound to verify; `mvn package -DskipTests` on Drone runs nothing', async () => {
    const pom = '<project>\n<build><plugins><plugin>\n<artifactId>jacoco-maven-plugin</artifactId>\n<executions><execution><goals><goal>check</goal></goals>\n<configuration><rules><rule><limits><limit><counter>LINE</counter><value>COVEREDRATIO</value><minimum>0.85</minimum></limit></limits></rule></rules></configuration>\n</execution></executions>\n</plugin></plugins></build>\n</project>\n';
    const tree = {
      'pom.xml': pom,
      'src/main/java/com/acme/Scorer.java': 'package com.acme;\npublic class Scorer { public int score(int x) { return x; } }\n',
      'src/test/java/com/acme/ScorerTest.java': 'package com.acme;\nimport org.junit.jupiter.api.Test;\nclass ScorerTest {\n  @Test\n  void scores() { }\n  @ParameterizedTest\n  void scoresMany(int x) { }\n}\n',
    };
    const verified = await runCheck(check, { ...tree, '.travis.yml': 'language: java\njdk: openjdk17\nscript: mvn -B verify\n' });
    expect(evidenceOf(verified, 'test:jvm')).toEqual(['src/test/java/com/acme/ScorerTest.java: 2 test case(s); exercises the model']);
    expect(evidenceOf(verified, 'coverage-threshold')).toEqual([expect.stringMatching(/^pom\.xml: 85%: JaCoCo ratio rule \(pom\.xml:5\), applied by `verify` in CI \(\.travis\.yml:\d+\)$/)]);
    expect(criteria(verified)).toMatchObject({ ci: 1, threshold: 1 });
    const skipped = await runCheck(check, { ...tree, '.drone.yml': 'kind: pipeline\nname: build\nsteps:\n  - name: package\n    image: maven:3-eclipse-temurin-17\n    commands:\n      - mvn -B package -DskipTests\n' });
    expect(findingIds(skipped)).toEqual(expect.arrayContaining(['tests-not-in-ci', 'threshold-not-enforced']));
  });

  it('Google Cloud Build and Buildkite steps count as CI', async () => {
    const go = { 'go.mod': 'module example.com/x\n\ngo 1.22\n', 'rank.go': 'package x\n\nfunc Top() int { return 1 }\n', 'rank_test.go': 'package x\n\nimport "testing"\n\nfunc TestTop(t *testing.T) {\n\tif Top() != 1 {\n\t\tt.Fatal("top")\n\t}\n}\n' };
    const cloud = await runCheck(check, { ...go, 'cloudbuild.yaml': "steps:\n  - name: 'gcr.io/cloud-builders/go'\n    args: ['test', './...']\n" });
    expect(evidenceOf(cloud, 'ci-test-run:cloud-build')).toEqual(['cloudbuild.yaml: go-test: `go test ./...`; runs on push']);
    // A Cloud Build config under another name, submitted with `gcloud builds submit --config build/…` (#17).
    const named = await runCheck(check, { ...go, 'build/pipeline-deployment.yaml': "# Test and deploy the pipeline.\nsteps:\n- name: 'gcr.io/cloud-builders/git'\n  args: ['clone', '--single-branch', '$_REPO_URL', '.']\n- name: '$_CICD_IMAGE_URI'\n  entrypoint: 'go'\n  args: ['test', './...']\n" });
    expect(findingIds(named)).not.toContain('no-ci');
    expect(evidenceOf(named, 'ci-test-run:cloud-build')).toEqual([expect.stringMatching(/^build\/pipeline-deployment\.yaml: /)]);
    const kite = await runCheck(check, { ...go, '.buildkite/pipeline.yml': 'steps:\n  - label: test\n    command: go test ./...\n' });
    expect(evidenceOf(kite, 'ci-test-run:buildkite')).toEqual(['.buildkite/pipeline.yml: go-test: `go test ./...`; runs on push']);
  });
});

describe('test code the check does not read is named, never scored 0', () => {
  const ELIXIR = {
    'mix.exs': 'defmodule Ranker.MixProject do\n  use Mix.Project\nend\n',
    'lib/ranker.ex': 'defmodule Ranker do\n  def top(xs), do: Enum.sort(xs, :desc)\nend\n',
    'test/ranker_test.exs': 'defmodule RankerTest do\n  use ExUnit.Case\n  test "sorts" do\n    assert Ranker.top([1, 2]) == [2, 1]\n  end\nend\n',
    'test/test_helper.exs': 'ExUnit.start()\n',
    'test/README.md': '# Tests\n\nRun `mix test`.\n',
    '.github/workflows/ci.yml': 'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: mix test\n',
  };

  it('only Elixir tests: present, ml-tested and ci leave the score with the reason in the report coverage', async () => {
    const report = await scanDir(makeTree(ELIXIR), { checks: [check] });
    const result = report.checks[0];
    expect(report.coverage.unsupported.filter((entry) => entry.id === 'tests')).toEqual([
      { id: 'tests', criterion: 'present', reason: 'test code in Elixir is not read by this check' },
      { id: 'tests', criterion: 'ml-tested', reason: 'test code in Elixir is not read by this check' },
      { id: 'tests', criterion: 'ci', reason: 'test code in Elixir is not read by this check, nor its test commands' },
    ]);
    expect(findingIds(result)).not.toContain('no-tests');
    expect(findingIds(result)).not.toContain('tests-not-in-ci');
    expect(result.criteria?.filter((criterion) => criterion.excluded).map((criterion) => criterion.id)).toEqual(['present', 'ci', 'ml-tested']);
    expect(result.findings.find((finding) => finding.id === 'tests-not-read')?.message).toBe('Test code the check does not read: 2 Elixir file(s), e.g. test/ranker_test.exs.');
    expect(result.summary).toMatch(/not read: 2 Elixir test file\(s\)\.$/);
  });

  it('Elixir tests next to Python tests: the Python tests are judged, the Elixir ones named in an info finding', async () => {
    const outcome = await runRaw(check, { ...ELIXIR, 'app/train.py': 'def train():\n    return 1\n', 'tests/test_train.py': 'from app.train import train\n\ndef test_train():\n    assert train() == 1\n' });
    if (outcome.status !== 'judged') throw new Error('expected a judgement');
    expect(outcome.unsupported).toEqual([]);
    expect(outcome.findings.map((finding) => [finding.id, finding.severity])).toContainEqual(['tests-not-read', 'info']);
  });

  it('documents, data and build glue in test folders are not unread test code', async () => {
    const outcome = await runRaw(check, { ...RUBY_APP, 'spec/README.md': '# Specs\n', 'spec/fixtures/rows.sql': 'select 1;\n', 'spec/run.sh': '#!/bin/sh\nbundle exec rspec\n', 'spec/fixtures/data.json': '{}\n' });
    if (outcome.status !== 'judged') throw new Error('expected a judgement');
    expect(outcome.findings.map((finding) => finding.id)).not.toContain('tests-not-read');
  });

  it('Linguist table: languages by extension and name; prose and data are not programming', () => {
    expect(programmingLanguageOf('test/ranker_test.exs')).toBe('Elixir');
    expect(programmingLanguageOf('Tests/AppTests/AppTests.swift')).toBe('Swift');
    expect(programmingLanguageOf('tests/test_rank.cpp')).toBe('C++');
    expect(programmingLanguageOf('src/x.h')).toBe('C');
    expect(programmingLanguageOf('Rakefile')).toBe('Ruby');
    expect(programmingLanguageOf('tests/README.md')).toBeNull();
    expect(programmingLanguageOf('tests/fixtures/rows.sql')).toBeNull();
    expect(programmingLanguageOf('tests/data.json')).toBeNull();
    expect(programmingLanguageOf('tests/noextension')).toBeNull();
  });
});

describe('Jasmine helpers', () => {
  it('spec/javascripts/helpers without cases are helpers, not empty tests; *-spec.js files are tests', async () => {
    const result = await runCheck(check, {
      'package.json': '{"name":"web","private":true}',
      'app/assets/javascripts/modules/form.js': 'window.Form = function () {}\n',
      'spec/javascripts/helpers/stub-support.js': 'window.stubSupport = function () { return true }\n',
      'spec/javascripts/modules/form-spec.js': "describe('Form', function () {\n  it('exists', function () { expect(window.Form).toBeDefined() })\n})\n",
    });
    expect(evidenceOf(result, 'test:')).toEqual(['spec/javascripts/modules/form-spec.js: 1 test case(s)']);
    expect(findingIds(result)).not.toContain('empty-test-file');
  });
});

describe('committed coverage of other ecosystems', () => {
  it('a committed Go cover profile of this code is the result; below the minimum it is a finding with both numbers', async () => {
    const tree = {
      'go.mod': 'module example.com/ranker\n\ngo 1.22\n',
      'internal/rank/rank.go': 'package rank\n\nfunc Top() int { return 1 }\n',
      'internal/rank/rank_test.go': 'package rank\n\nimport "testing"\n\nfunc TestTop(t *testing.T) {}\n',
      'coverage.out': 'mode: set\nexample.com/ranker/internal/rank/rank.go:3.18,3.30 2 1\nexample.com/ranker/internal/rank/rank.go:5.1,6.2 2 0\n',
    };
    const result = await runCheck(check, tree, HANDOVER);
    expect(evidenceOf(result, 'coverage-report')).toEqual(['coverage.out: 50% (2/4 statements) by go test -coverprofile; 1/1 measured file(s) in the repository']);
    expect(result.findings.find((finding) => finding.id === 'coverage-below-minimum')?.message).toBe("Coverage is 50% in coverage.out; the buyer's minimum is 70% (handover milestone).");
  });
});

describe('components of other ecosystems', () => {
  it('a tested Python pipeline next to an untested Go service: the Go module is an untested package', async () => {
    const result = await runCheck(check, {
      'pipeline/__init__.py': '',
      'pipeline/train.py': 'def train():\n    return 1\n',
      'tests/test_train.py': 'from pipeline.train import train\n\ndef test_train():\n    assert train() == 1\n',
      'services/ranker/go.mod': 'module example.com/ranker\n\ngo 1.22\n',
      'services/ranker/main.go': 'package main\n\nfunc main() {}\n',
    });
    expect(result.findings.filter((finding) => finding.id === 'untested-package').map((finding) => finding.path)).toEqual(['services/ranker']);
    expect(evidenceOf(result, 'package:go')).toEqual(['services/ranker: ranker: 1 source file(s), 0 test file(s)']);
  });

  it('a .NET project is exercised by the test project beside it; a Rust crate by its tests/ folder', async () => {
    const result = await runCheck(check, {
      'src/Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
      'src/Api/Program.cs': 'var app = WebApplication.Create(args);\n',
      'tests/Api.Tests/Api.Tests.csproj': '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="xunit" Version="2.9.0" /></ItemGroup></Project>\n',
      'tests/Api.Tests/HealthTests.cs': 'public class HealthTests { [Fact] public void Ok() { } }\n',
      'crates/tok/Cargo.toml': '[package]\nname = "tok"\nversion = "0.1.0"\n',
      'crates/tok/src/lib.rs': 'pub fn n() -> usize { 1 }\n',
      'crates/tok/tests/n.rs': '#[test]\nfn one() { assert_eq!(tok::n(), 1); }\n',
    });
    expect(findingIds(result)).not.toContain('untested-package');
    expect(evidenceOf(result, 'package:')).toEqual(['crates/tok: tok: 1 source file(s), 1 test file(s)', 'src/Api: Api: 1 source file(s), 1 test file(s)']);
  });
});

describe('test scripts CI calls', () => {
  const TREE = {
    'app/train.py': 'def train():\n    return 1\n',
    'tests/test_train.py': 'from app.train import train\n\ndef test_train():\n    assert train() == 1\n',
    Jenkinsfile: "pipeline {\n  agent any\n  stages {\n    stage('Run tests') {\n      steps {\n        sh './run_tests.sh'\n      }\n    }\n  }\n}\n",
  };

  it('a command kept in a variable and run by eval is seen; without set -e a later lint decides the exit status', async () => {
    const script = '#!/usr/bin/env bash\ncommand="python3 -m pytest --cov=app tests"\necho "$command"\neval "$command"\nflake8 app\n';
    const result = await runCheck(check, { ...TREE, 'run_tests.sh': script });
    expect(evidenceOf(result, 'ci-test-run:jenkins')).toEqual(['Jenkinsfile: pytest: `python3 -m pytest --cov=app tests` via run_tests.sh; runs on push; failure ignored']);
    expect(findingIds(result)).toContain('ci-failure-ignored');
  });

  it('with set -e, as the last command, or followed by `|| exit 1`, the test run fails the step', async () => {
    for (const script of [
      '#!/usr/bin/env bash\nset -euo pipefail\npython3 -m pytest tests\nflake8 app\n',
      '#!/bin/sh\nflake8 app\npython3 -m pytest tests\n',
      '#!/bin/sh\npython3 -m pytest tests || exit 1\nflake8 app\n',
      '#!/bin/bash -e\npython3 -m pytest tests\nflake8 app\n',
    ]) {
      const result = await runCheck(check, { ...TREE, 'run_tests.sh': script });
      expect(evidenceOf(result, 'ci-test-run:jenkins'), script).toEqual(['Jenkinsfile: pytest: `python3 -m pytest tests` via run_tests.sh; runs on push']);
    }
  });
});

describe('working directories', () => {
  const WEB = {
    'web/package.json': JSON.stringify({ name: 'web', scripts: { test: 'vitest run --coverage' } }),
    'web/src/score.ts': 'export const score = (x: number) => x;\n',
    'web/src/score.test.ts': "import { score } from './score';\nit('scores', () => expect(score(1)).toBe(1));\n",
  };

  it('`npm test` in a step with working-directory (or job defaults) runs that folder\'s test script', async () => {
    const step = await runCheck(check, { ...WEB, '.github/workflows/web.yml': 'on: [pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci && npm test\n        working-directory: web\n' });
    expect(evidenceOf(step, 'ci-test-run')).toEqual(['.github/workflows/web.yml: vitest: `vitest run --coverage` via npm script "test" (web/package.json); runs on pull_request']);
    const defaults = await runCheck(check, { ...WEB, '.github/workflows/web.yml': 'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n        working-directory: ./web\n    steps:\n      - run: npm test\n' });
    expect(evidenceOf(defaults, 'ci-test-run')).toEqual([expect.stringContaining('via npm script "test" (web/package.json)')]);
    // Without it, the root has no package.json: nothing runs.
    const root = await runCheck(check, { ...WEB, '.github/workflows/web.yml': 'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n' });
    expect(findingIds(root)).toContain('tests-not-in-ci');
    // An absolute folder or an expression is the checkout or unknowable: read from the root.
    const absolute = await runCheck(check, { ...WEB, 'package.json': JSON.stringify({ scripts: { test: 'vitest run' } }), '.github/workflows/web.yml': 'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n        working-directory: ${{ github.workspace }}\n' });
    expect(evidenceOf(absolute, 'ci-test-run')).toEqual([expect.stringContaining('via npm script "test" (package.json)')]);
  });
});

describe('committed .NET results', () => {
  it('a committed TRX with a failure is a failing-tests finding naming the test', async () => {
    const trx = '<?xml version="1.0" encoding="utf-8"?>\n<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">\n<Results>\n<UnitTestResult testName="HealthTests.Ok" outcome="Passed" />\n<UnitTestResult testName="HealthTests.Ready" outcome="Failed"><Output><ErrorInfo><Message>Expected 200</Message></ErrorInfo></Output></UnitTestResult>\n</Results>\n</TestRun>\n';
    const result = await runCheck(check, {
      'tests/Api.Tests/HealthTests.cs': 'public class HealthTests { [Fact] public void Ok() { } [Fact] public void Ready() { } }\n',
      'tests/Api.Tests/TestResults/run.trx': trx,
    });
    expect(result.findings.find((finding) => finding.id === 'failing-tests')).toMatchObject({ path: 'tests/Api.Tests/TestResults/run.trx', message: '1 of 2 test(s) fail in tests/Api.Tests/TestResults/run.trx: HealthTests.Ready.' });
  });
});
