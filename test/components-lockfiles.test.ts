// Components by manifest, the lock files and runtime statements of every common ecosystem, and training code
// told by what it does: each recogniser with cases it must accept and cases it must refuse.
import { describe, expect, it } from 'vitest';
import { describeComponent, detectComponents } from '../src/components/detect.js';
import { ecosystemLockKindOf, parseEcosystemLock } from '../src/formats/ecosystem-lockfiles.js';
import { runtimeStatements } from '../src/formats/runtime-versions.js';
import { parseDockerfile, runtimeOfImage } from '../src/formats/dockerfile.js';
import { findTrainingCode } from '../src/reproducibility/training-code.js';

describe('components', () => {
  it('finds one component per ecosystem and root, joining nested workspace members and solution projects', () => {
    const components = detectComponents([
      'pipeline/pyproject.toml',
      'pipeline/requirements/base.txt',
      'Gemfile',
      'package.json',
      'web/package.json',
      'web/packages/ui/package.json',
      'CaseAssistant.sln',
      'src/Api/Api.csproj',
      'tests/Api.Tests/Api.Tests.csproj',
      'services/ranker/go.mod',
      'node_modules/left-pad/package.json',
      'vendor/bundle/ruby/3.3.0/gems/rake/Gemfile',
      'test/fixtures/app/package.json',
    ]);
    const described = components.map((component) => `${describeComponent(component)} ${component.manifests.length}`);
    expect(described).toEqual([
      'repository root (.NET) 3',
      'repository root (Ruby) 1',
      'repository root (JavaScript/TypeScript) 3',
      'pipeline/ (Python) 2',
      'services/ranker/ (Go) 1',
    ]);
  });

  it('reads no component from a tree of code without manifests', () => {
    expect(detectComponents(['train.py', 'model.py', 'README.md'])).toEqual([]);
  });
});

describe('ecosystem lock files', () => {
  const parse = (name: string, text: string) => {
    const kind = ecosystemLockKindOf(name);
    if (!kind) throw new Error(`${name} is not a lock file`);
    return parseEcosystemLock(kind, text);
  };

  it('knows each lock by its name and nothing else', () => {
    expect(['package-lock.json', 'web/yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'Gemfile.lock', 'go.sum', 'Cargo.lock', 'gradle.lockfile', 'gradle/dependency-locks/compileClasspath.lockfile', 'src/Api/packages.lock.json', 'composer.lock', 'charts/api/Chart.lock', 'mix.lock'].map(ecosystemLockKindOf)).toEqual([
      'npm', 'yarn', 'pnpm', 'bun', 'bundler', 'go-sum', 'cargo', 'gradle', 'gradle', 'nuget', 'composer', 'helm', 'mix',
    ]);
    expect(['package.json', 'Gemfile', 'go.mod', 'lockfile.md', 'locks.json', 'Cargo.toml'].map(ecosystemLockKindOf)).toEqual([null, null, null, null, null, null]);
  });

  it('counts packages and hashes as each tool writes them', () => {
    const npm = parse('package-lock.json', JSON.stringify({ name: 'web', lockfileVersion: 3, packages: { '': { name: 'web' }, 'node_modules/react': { version: '18.3.1', integrity: 'sha512-abc' }, 'node_modules/local': { link: true } } }));
    expect(npm.ok && npm.value).toMatchObject({ packages: 1, hashed: 1 });
    const yarn = parse('yarn.lock', '# yarn lockfile v1\n\n\n"@babel/core@^7.0.0":\n  version "7.25.2"\n  integrity sha512-x\n\nreact@^18:\n  version "18.3.1"\n');
    expect(yarn.ok && yarn.value).toMatchObject({ packages: 2, hashed: 1 });
    const pnpm = parse('pnpm-lock.yaml', "lockfileVersion: '9.0'\n\npackages:\n\n  react@18.3.1:\n    resolution: {integrity: sha512-x}\n\nsnapshots:\n\n  react@18.3.1: {}\n");
    expect(pnpm.ok && pnpm.value).toMatchObject({ packages: 1, hashed: 1 });
    const gems = parse('Gemfile.lock', 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rake (13.2.1)\n    rspec (3.13.0)\n      rspec-core (~> 3.13.0)\n\nPLATFORMS\n  ruby\n\nCHECKSUMS\n  rake (13.2.1) sha256=' + 'a'.repeat(64) + '\n\nRUBY VERSION\n   ruby 3.3.4p94\n\nBUNDLED WITH\n   2.5.16\n');
    expect(gems.ok && gems.value).toMatchObject({ packages: 2, hashed: 1, runtime: '3.3.4p94' });
    const sum = parse('go.sum', 'github.com/x/y v1.0.0 h1:abc=\ngithub.com/x/y v1.0.0/go.mod h1:def=\n');
    expect(sum.ok && sum.value).toMatchObject({ packages: 1, hashed: 1 });
    const cargo = parse('Cargo.lock', 'version = 3\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n\n[[package]]\nname = "serde"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "' + 'b'.repeat(64) + '"\n');
    expect(cargo.ok && cargo.value).toMatchObject({ packages: 2, hashed: 2 });
    const gradle = parse('gradle.lockfile', '# This is a Gradle generated file\norg.slf4j:slf4j-api:2.0.13=compileClasspath\nempty=annotationProcessor\n');
    expect(gradle.ok && gradle.value).toMatchObject({ packages: 1, hashed: 0 });
    const nuget = parse('packages.lock.json', JSON.stringify({ version: 1, dependencies: { 'net8.0': { 'Microsoft.SemanticKernel': { type: 'Direct', requested: '[1.18.2, )', resolved: '1.18.2', contentHash: 'abc' }, Shared: { type: 'Project' } } } }));
    expect(nuget.ok && nuget.value).toMatchObject({ packages: 1, hashed: 1 });
    const composer = parse('composer.lock', JSON.stringify({ 'content-hash': 'x', packages: [{ name: 'openai-php/client', version: 'v0.10.1', dist: { shasum: '' }, source: { reference: 'c'.repeat(40) } }], 'packages-dev': [] }));
    expect(composer.ok && composer.value).toMatchObject({ packages: 1, hashed: 1 });
    const chart = parse('Chart.lock', 'dependencies:\n- name: postgresql\n  repository: https://charts.bitnami.com/bitnami\n  version: 15.5.20\ndigest: sha256:abc\ngenerated: "2024-08-01T10:00:00Z"\n');
    expect(chart.ok && chart.value).toMatchObject({ packages: 1, hashed: 1 });
    const mix = parse('mix.lock', `%{\n  "jason": {:hex, :jason, "1.4.4", "${'d'.repeat(64)}", [:mix], [], "hexpm", "${'e'.repeat(64)}"},\n}\n`);
    expect(mix.ok && mix.value).toMatchObject({ packages: 1, hashed: 1 });
  });

  it('refuses files that are not the tool\'s lock, with a reason', () => {
    expect(parse('package-lock.json', '{"name": "web"}').ok).toBe(false);
    expect(parse('yarn.lock', 'just some text\n').ok).toBe(false);
    expect(parse('pnpm-lock.yaml', 'packages: {}\n').ok).toBe(false);
    expect(parse('Gemfile.lock', 'source "https://rubygems.org"\ngem "rails"\n').ok).toBe(false);
    expect(parse('go.sum', 'github.com/x/y v1.0.0\n').ok).toBe(false);
    expect(parse('Cargo.lock', '[[package]\nname = ').ok).toBe(false);
    expect(parse('gradle.lockfile', 'implementation "org.slf4j:slf4j-api:2.0.13"\n').ok).toBe(false);
    expect(parse('packages.lock.json', '{"version": 1}').ok).toBe(false);
    expect(parse('composer.lock', '{"require": {}}').ok).toBe(false);
    expect(parse('Chart.lock', 'name: api\nversion: 1.0.0\n').ok).toBe(false);
    expect(parse('mix.lock', 'defmodule X do end').ok).toBe(false);
  });
});

describe('runtime versions', () => {
  const values = (path: string, text: string) => runtimeStatements(path, text).map((found) => `${found.runtime} ${found.value} ${found.exact ? 'exact' : 'range'}`);

  it('reads the version files and manifest fields of each ecosystem', () => {
    expect(values('.ruby-version', 'ruby-3.3.4\n')).toEqual(['ruby 3.3.4 exact']);
    expect(values('web/.nvmrc', 'v20.17.0\n')).toEqual(['node 20.17.0 exact']);
    expect(values('.nvmrc', 'lts/iron\n')).toEqual(['node lts/iron range']);
    expect(values('go.mod', 'module x\n\ngo 1.22.0\n\ntoolchain go1.22.5\n')).toEqual(['go 1.22.0 exact', 'go 1.22.5 exact']);
    expect(values('rust-toolchain.toml', '[toolchain]\nchannel = "1.80.1"\n')).toEqual(['rust 1.80.1 exact']);
    expect(values('rust-toolchain.toml', '[toolchain]\nchannel = "stable"\n')).toEqual(['rust stable range']);
    expect(values('global.json', '{ "sdk": { "version": "8.0.401", "rollForward": "latestFeature" } }')).toEqual(['dotnet 8.0.401 exact']);
    expect(values('.sdkmanrc', 'java=21.0.4-tem\ngradle=8.10\n')).toEqual(['java 21.0.4-tem exact']);
    expect(values('.tool-versions', 'nodejs 20.17.0\nruby 3.3.4\nterraform 1.9.5\n')).toEqual(['node 20.17.0 exact', 'ruby 3.3.4 exact']);
    expect(values('mise.toml', '[tools]\nnode = "22"\npython = "3.12"\n')).toEqual(['node 22 exact', 'python 3.12 exact']);
    expect(values('package.json', '{"engines": {"node": ">=18"}}')).toEqual(['node >=18 range']);
    expect(values('Gemfile', 'source "https://rubygems.org"\nruby "3.3.4"\ngem "rails"\n')).toEqual(['ruby 3.3.4 exact']);
    expect(values('build.gradle.kts', 'kotlin {\n    jvmToolchain(21)\n}\n')).toEqual(['java 21 exact']);
    expect(values('pom.xml', '<project><properties><maven.compiler.release>17</maven.compiler.release></properties></project>')).toEqual(['java 17 exact']);
    expect(values('src/Api/Api.csproj', '<Project><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>')).toEqual(['dotnet net8.0 exact']);
    expect(values('composer.json', '{"require": {"php": "^8.2"}}')).toEqual(['php ^8.2 range']);
    expect(values('Cargo.toml', '[package]\nname = "x"\nrust-version = "1.80"\n')).toEqual(['rust 1.80 range']);
  });

  it('states nothing for files that only look similar', () => {
    expect(values('Gemfile', 'gem "ruby-openai"\n')).toEqual([]);
    expect(values('package.json', '{"name": "web", "engines": {}}')).toEqual([]);
    expect(values('go.mod', 'module x\n')).toEqual([]);
    expect(values('global.json', '{"msbuild-sdks": {}}')).toEqual([]);
    expect(values('.tool-versions', 'terraform 1.9.5\n')).toEqual([]);
  });

  it('reads the runtime a base image fixes, and none from a floating or unrelated image', () => {
    const image = (from: string) => {
      const stage = parseDockerfile(`FROM ${from}\n`).stages[0];
      return runtimeOfImage(stage);
    };
    expect(image('node:20.17.0-alpine')).toEqual({ runtime: 'node', version: '20.17.0' });
    expect(image('mcr.microsoft.com/dotnet/sdk:8.0')).toEqual({ runtime: 'dotnet', version: '8.0' });
    expect(image('maven:3.9-eclipse-temurin-21')).toEqual({ runtime: 'java', version: '21' });
    expect(image('node:lts-alpine')).toBeNull();
    expect(image('nginx:1.27')).toBeNull();
  });
});

describe('training code by behaviour', () => {
  const found = (path: string, text: string) => findTrainingCode([{ path, text }]).map((code) => code.signals.map((signal) => signal.kind));

  it('finds training loops, fit calls and pipeline definitions whatever the file is called', () => {
    expect(found('src/run.py', 'for epoch in range(10):\n    loss.backward()\n    optimizer.step()\n')).toHaveLength(1);
    expect(found('main.py', 'from sklearn.ensemble import RandomForestClassifier\nclf = RandomForestClassifier()\nclf.fit(X, y)\n')).toHaveLength(1);
    expect(found('lib/model.py', 'trainer = Trainer(model=model, args=args)\ntrainer.train()\n')).toHaveLength(1);
    expect(found('pipelines/definition.py', 'from kfp import dsl\n\n@dsl.pipeline(name="churn")\ndef churn():\n    pass\n')[0]).toEqual(['pipeline definition (@pipeline)']);
    expect(found('src/pipelines/data_science/pipeline.py', 'def create_pipeline():\n    return pipeline([node(train_model, ["X", "y"], "model")])\n')).toHaveLength(1);
    expect(found('src/tfx_pipelines/training_pipeline.py', 'def create_pipeline(components):\n    return pipeline.Pipeline(\n        pipeline_name="churn", components=components)\n')[0]).toEqual(['pipeline definition (TFX pipeline)']);
    expect(found('dags/retrain.py', 'with DAG("retrain_churn", schedule="@weekly") as dag:\n    PythonOperator(task_id="train", python_callable=train_model)\n')[0]).toEqual(['pipeline definition (Airflow DAG)']);
  });

  it('does not take a Django view about user training, or one scaler fit in serving code, for training code', () => {
    const view = [
      'from django.shortcuts import render',
      'from redbox_app.redbox_core.models import TrainingModule',
      '',
      'def training_welcome_view(request):',
      '    return render(request, "training/training-welcome.html", {"modules": TrainingModule.objects.all()})',
      '',
      'def training_chat_view(request):',
      '    return render(request, "training/training-chat.html")',
    ].join('\n');
    expect(found('django_app/redbox_app/redbox_core/views/training_views.py', view)).toEqual([]);
    expect(found('app/serve.py', 'import joblib\nscaler = joblib.load("scaler.pkl")\nX = scaler.fit(features)\n')).toEqual([]);
    expect(found('train_utils.py', '# for epoch in range(3): training loop lives elsewhere\nprint("helpers")\n')).toEqual([]);
    expect(found('dags/backup.py', 'with DAG("nightly_backup", schedule="@daily") as dag:\n    BashOperator(task_id="dump", bash_command="pg_dump")\n')).toEqual([]);
  });
});

describe('Dockerfile ARG defaults', () => {
  it('resolves an ARG default that uses an earlier ARG', () => {
    const stage = parseDockerfile('ARG ruby_version=3.4\nARG base_image=ghcr.io/alphagov/govuk-ruby-base:$ruby_version\nFROM $base_image AS app\n').stages[0];
    expect([stage.image, stage.tag, stage.pin]).toEqual(['ghcr.io/alphagov/govuk-ruby-base:3.4', '3.4', 'tag']);
    const unresolved = parseDockerfile('ARG base_image=ruby:$missing\nFROM $base_image\n').stages[0];
    expect(unresolved.pin).toBe('variable');
  });
});
