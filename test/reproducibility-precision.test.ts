// reproducibility on real layouts a careful reviewer would not credit (issue #16): a documented command and
// seeds count only as far as the environment is pinned; lint and test requirement files are not the runtime;
// a minor-series pin fixes the series; a template placeholder states no version. Each with the case that
// must keep its credit.
import { describe, expect, it } from 'vitest';
import check from '../checks/reproducibility.js';
import { constraintOf, hasTemplatePlaceholder, minorSeriesOf } from '../src/reproducibility/pins.js';
import { runCheck } from './helpers.js';

type Result = Awaited<ReturnType<typeof runCheck>>;
const value = (result: Result, id: string) => result.criteria.find((criterion) => criterion.id === id)?.value;
const ids = (result: Result) => result.findings.map((finding) => finding.id);
const cap = (result: Result) => result.evidence.find((entry) => entry.kind === 'environment-cap');
const HASHED = ` --hash=sha256:${'0123456789abcdef'.repeat(4)}`;

/** nanoGPT's shape: a training loop seeded in code, a README command, packages named but not pinned. */
const RESEARCH = {
  'README.md': '# tiny-gpt\n\n```sh\npip install torch numpy tiktoken\npython train.py config/train_char.py\n```\n',
  'train.py': 'import torch\ntorch.manual_seed(1337)\nfor iter_num in range(max_iters):\n    loss = model(X, Y)\n    loss.backward()\n    optimizer.step()\n',
  'config/train_char.py': 'max_iters = 5000\n',
};

describe('entry point and seeds count only as far as the environment is pinned', () => {
  it('caps a documented command and seeds in code at the unpinned environment, and says why', async () => {
    const result = await runCheck(check, { ...RESEARCH, 'requirements.txt': 'torch\nnumpy>=1.24\ntiktoken\n' });
    expect(value(result, 'environment')).toBeCloseTo(0.1);
    expect(value(result, 'entrypoint')).toBeCloseTo(0.1);
    expect(value(result, 'seeds')).toBeCloseTo(0.1);
    expect(result.score).toBeLessThan(2);
    expect(cap(result)?.note).toMatch(/^entry point 1\.00 -> 0\.10, seeds 1\.00 -> 0\.10: a documented command and fixed seeds give the same run only as far as the packages they run on are pinned, and the environment \(requirements\.txt\) scores 0\.10 of 1 on pinning$/);
    expect(result.summary).toContain('entry point and seeds count only as far as the environment is pinned (0.10)');
  });

  it('gives nothing for them where no file records any package', async () => {
    const result = await runCheck(check, RESEARCH);
    expect(value(result, 'entrypoint')).toBe(0);
    expect(value(result, 'seeds')).toBe(0);
    expect(cap(result)?.note).toMatch(/seeds 1\.00 -> 0\.00: .* and no environment file records the packages they need$/);
  });

  it('leaves them whole on a hashed, fully pinned environment', async () => {
    const result = await runCheck(check, { ...RESEARCH, 'requirements.txt': `torch==2.3.1${HASHED}\nnumpy==1.26.4${HASHED}\ntiktoken==0.7.0${HASHED}\n` });
    expect(value(result, 'environment')).toBe(1);
    expect(value(result, 'entrypoint')).toBe(1);
    expect(value(result, 'seeds')).toBe(1);
    expect(cap(result)).toBeUndefined();
    expect(result.summary).not.toContain('count only as far');
  });

  it('caps a pipeline command of a dbt project that pins nothing', async () => {
    const result = await runCheck(check, {
      'dbt_project.yml': "name: 'shop'\nversion: '1.0.0'\nprofile: 'shop'\n",
      'models/customers.sql': 'select * from {{ ref("stg_customers") }}\n',
      'README.md': '# Shop\n\n```bash\ndbt build\n```\n',
    });
    expect(value(result, 'entrypoint')).toBe(0);
    expect(cap(result)?.note).toMatch(/^entry point 1\.00 -> 0\.00/);
  });

  // zenml-projects: one project of many pins its requirements; the training it documents is reproducible there.
  const MONOREPO = {
    'research-radar/pyproject.toml': '[project]\nname = "research-radar"\nversion = "0.1.0"\n',
    'research-radar/requirements.txt': 'zenml==0.70.0\nscikit-learn==1.5.2\npandas==2.2.3\nnumpy==1.26.4\nrich\n',
    'research-radar/run.py': 'from sklearn.linear_model import LogisticRegression\nmodel = LogisticRegression(random_state=42).fit(X, y)\n',
    'README.md': '# Projects\n\n```bash\npython research-radar/run.py --train\n```\n',
    'demo/pyproject.toml': '[project]\nname = "demo"\nversion = "0.1.0"\n',
    'demo/requirements.txt': 'zenml\ntorch\n',
    'demo/train.py': 'import torch\ntorch.manual_seed(0)\nfor epoch in range(3):\n    loss.backward()\n    optimizer.step()\n',
  };

  it('caps at the best-pinned component of several, not at their average', async () => {
    const result = await runCheck(check, MONOREPO);
    const pinned = 0.85 * (4 / 5);
    expect(value(result, 'environment')).toBeLessThan(pinned);
    expect(value(result, 'entrypoint')).toBeCloseTo(pinned);
    expect(value(result, 'seeds')).toBeCloseTo(pinned);
    expect(result.score).toBeGreaterThanOrEqual(2);
    expect(cap(result)?.note).toMatch(/the best-pinned component, research-radar\/ \(Python\), \(research-radar\/requirements\.txt\) scores 0\.68 of 1 on pinning$/);
  });

  it("counts the best component's own floating base image, not a sibling's", async () => {
    const pinned = 0.85 * (4 / 5);
    const sibling = await runCheck(check, { ...MONOREPO, 'demo/Dockerfile': 'FROM zenmldocker/zenml-sandbox:latest\n' });
    expect(value(sibling, 'seeds')).toBeCloseTo(pinned);
    const own = await runCheck(check, { ...MONOREPO, 'research-radar/Dockerfile': 'FROM zenmldocker/zenml-sandbox:latest\n' });
    expect(value(own, 'seeds')).toBeCloseTo(pinned - 0.2);
    expect(cap(own)?.note).toMatch(/scores 0\.48 of 1 on pinning with its base images$/);
  });

  it('caps at the unpinned value when no component of several is pinned', async () => {
    const result = await runCheck(check, { ...MONOREPO, 'research-radar/requirements.txt': 'zenml\nscikit-learn\n' });
    expect(value(result, 'entrypoint')).toBeCloseTo(0.1);
    expect(value(result, 'seeds')).toBeCloseTo(0.1);
  });

  it('does not take a locked package.json of development tools for the environment the training runs in', async () => {
    const tools = {
      'package.json': JSON.stringify({ name: 'lint', private: true, devDependencies: { prettier: '3.3.3' } }),
      'package-lock.json': JSON.stringify({ name: 'lint', lockfileVersion: 3, packages: { '': { name: 'lint' }, 'node_modules/prettier': { version: '3.3.3', integrity: 'sha512-abc' } } }),
    };
    const result = await runCheck(check, { ...RESEARCH, 'requirements.txt': 'torch\nnumpy\n', ...tools });
    expect(value(result, 'seeds')).toBeCloseTo(0.1);
    // A service of its own with a lock is a component the best pin may come from.
    const service = await runCheck(check, {
      ...RESEARCH,
      'requirements.txt': 'torch\nnumpy\n',
      'package.json': JSON.stringify({ name: 'ui', private: true, dependencies: { next: '14.2.5' } }),
      'package-lock.json': JSON.stringify({ name: 'ui', lockfileVersion: 3, packages: { '': { name: 'ui' }, 'node_modules/next': { version: '14.2.5', integrity: 'sha512-abc' } } }),
    });
    expect(value(service, 'seeds')).toBeGreaterThan(0.5);
  });

  it('takes a locked package.json of evaluation tools for the environment when it is the only one', async () => {
    const result = await runCheck(
      check,
      {
        'package.json': JSON.stringify({ name: 'evals', private: true, scripts: { eval: 'promptfoo eval -c promptfooconfig.yaml' }, devDependencies: { promptfoo: '0.96.2' } }),
        'package-lock.json': JSON.stringify({ name: 'evals', lockfileVersion: 3, packages: { '': { name: 'evals' }, 'node_modules/promptfoo': { version: '0.96.2', integrity: 'sha512-abc' } } }),
        'promptfooconfig.yaml': 'prompts:\n  - file://prompts/answer.md\nproviders:\n  - openai:gpt-4o-2024-08-06\n',
        'prompts/answer.md': 'Answer from the documents given.\n',
      },
      { profiles: ['llm-application'] },
    );
    expect(value(result, 'entrypoint')).toBe(1);
    expect(cap(result)).toBeUndefined();
  });
});

describe('requirement files of lint, test, dev, docs and CI tools are not the runtime environment', () => {
  // recipes-regression-template: requirements.txt is the runtime, requirements/lint-requirements.txt pins black.
  const RECIPE = {
    'requirements.txt': 'mlflow>=2.0\nipykernel>=6.12\nipython>=7.32\n',
    'requirements/lint-requirements.txt': 'black==22.3.0\nflake8==4.0.1\n',
    'requirements/test-requirements.txt': 'pytest\n',
    'recipe.yaml': 'recipe: "regression/v1"\ntarget_col: "fare_amount"\nsteps:\n  train:\n    using: "custom"\n',
    'steps/train.py': 'from sklearn.linear_model import SGDRegressor\n\ndef estimator_fn():\n    return SGDRegressor()\n',
  };

  it('judges the runtime requirements and lists the lint file as not scored', async () => {
    const result = await runCheck(check, RECIPE);
    expect(value(result, 'environment')).toBeCloseTo(0.1);
    expect(result.evidence.find((entry) => entry.path === 'requirements/lint-requirements.txt')?.note).toMatch(/2 of 2 requirement\(s\) pinned; tools for lint, tests, dev, docs or CI, not the runtime environment: not scored$/);
    expect(result.summary).not.toContain('lint-requirements');
    expect(result.score).toBeLessThan(2);
  });

  it('credits a pinned runtime next to loose tool files', async () => {
    const result = await runCheck(check, { ...RECIPE, 'requirements.txt': 'mlflow==2.16.2\nipykernel==6.29.5\nipython==8.27.0\n' });
    expect(value(result, 'environment')).toBeCloseTo(0.85 - 0.1);
  });

  it('still scores a tool file that is the only environment file, or one that installs the runtime too', async () => {
    const alone = await runCheck(check, { 'requirements-dev.txt': 'black==24.8.0\n', 'tool.py': 'print(1)\n' });
    expect(value(alone, 'environment')).toBeCloseTo(0.85);
    const including = await runCheck(check, {
      'requirements.txt': 'pandas>=2\n',
      'constraints.txt': 'pandas==2.2.3\n',
      'requirements-dev.txt': '-r requirements.txt\n-c constraints.txt\npytest==8.3.3\n',
      'tool.py': 'print(1)\n',
    });
    // Pinned through its constraints, less the usual 0.1 for the loose requirements.txt it includes.
    expect(value(including, 'environment')).toBeCloseTo(0.75);
  });

  it('tells tool files by their folder too (docs/requirements.txt)', async () => {
    const result = await runCheck(check, { 'requirements.txt': 'pandas\n', 'docs/requirements.txt': 'mkdocs==1.6.1\n', 'tool.py': 'print(1)\n' });
    expect(value(result, 'environment')).toBeCloseTo(0.1);
    // requirements/base.txt is the runtime; the loose requirements.txt beside it costs the usual 0.1.
    const base = await runCheck(check, { 'requirements.txt': 'pandas\n', 'requirements/base.txt': 'pandas==2.2.3\n', 'tool.py': 'print(1)\n' });
    expect(value(base, 'environment')).toBeCloseTo(0.75);
  });
});

describe('a minor-series pin fixes the series', () => {
  it('reads the series from pip and conda constraints, and not from wider ones', () => {
    expect(minorSeriesOf('==1.27.*')).toBe('1.27');
    expect(minorSeriesOf('=1.18.*')).toBe('1.18');
    expect(minorSeriesOf('~=2.0.1')).toBe('2.0');
    expect(minorSeriesOf('== 1.2.3.*')).toBe('1.2.3');
    for (const wider of ['==1.*', '~=0.16', '>=1.0', '>=1.2,<1.3', '', '==1.2.3', '=1.18']) expect(minorSeriesOf(wider), wider).toBeNull();
    expect(constraintOf('conda-forge::numpy=1.18.*')).toBe('=1.18.*');
    expect(constraintOf('azureml-sdk[notebooks]==1.27.* ; python_version < "3.8"')).toBe('==1.27.*');
    expect(constraintOf('conda-forge::jq')).toBe('');
  });

  // MLOpsPython: diabetes_regression/ci_dependencies.yml pins conda and pip packages to their minor series.
  const MLOPS = {
    'diabetes_regression/ci_dependencies.yml':
      'name: mlopspython_ci\n\ndependencies:\n  - python=3.7.*\n  - numpy=1.18.*\n  - pandas=1.0.*\n  - scikit-learn=0.22.*\n  - r=3.6.0\n  - conda-forge::jq\n  - pip=20.0.*\n  - pip:\n      - azureml-sdk==1.27.*\n      - pytest==5.4.*\n',
    'diabetes_regression/training/train.py': 'from sklearn.linear_model import Ridge\n\ndef train_model(data, args):\n    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)\n    model = Ridge(**args)\n    model.fit(X_train, y_train)\n    return model\n',
  };

  it('counts series pins in a conda environment as pinned, naming them', async () => {
    const result = await runCheck(check, MLOPS);
    const note = result.evidence.find((entry) => entry.path === 'diabetes_regression/ci_dependencies.yml' && entry.kind === 'conda-environment')?.note;
    expect(note).toMatch(/^6 of 7 dependencies pinned, 5 of them to a minor series only; Python 3\.7\.\*$/);
    expect(value(result, 'environment')).toBeCloseTo((6 / 7) * 0.85);
    expect(result.findings.filter((finding) => finding.id === 'unpinned-requirement').map((finding) => finding.message)).toEqual(['jq is not pinned: not an exact version (conda-forge::jq).']);
    expect(result.score).toBeGreaterThanOrEqual(2);
  });

  it("takes conda's python=3.7.* for one stated minor series, and python=3.* for a range", async () => {
    const series = await runCheck(check, MLOPS);
    expect(value(series, 'versions')).toBe(1);
    const major = await runCheck(check, { ...MLOPS, 'diabetes_regression/ci_dependencies.yml': 'name: ci\ndependencies:\n  - python=3.*\n  - numpy=1.18.*\n' });
    expect(value(major, 'versions')).toBe(0.7);
  });

  it('leaves major-series wildcards and two-part compatible releases unpinned', async () => {
    const result = await runCheck(check, { 'environment.yml': 'name: x\ndependencies:\n  - numpy=1.*\n  - pip:\n      - torchvision~=0.16\n      - pandas>=1.0\n', 'tool.py': 'print(1)\n' });
    expect(value(result, 'environment')).toBeCloseTo(0.1);
    expect(result.findings.filter((finding) => finding.id === 'unpinned-requirement')).toHaveLength(3);
  });

  it('counts ~=X.Y.Z and ==X.Y.* in a requirements file as pinned, and ==X.* not', async () => {
    const series = await runCheck(check, { 'requirements.txt': 'Flask~=2.0.1\nrequests==2.26.*\n', 'tool.py': 'print(1)\n' });
    expect(value(series, 'environment')).toBeCloseTo(0.85);
    expect(series.evidence.find((entry) => entry.path === 'requirements.txt')?.note).toBe('2 of 2 requirement(s) pinned, 2 of them to a minor series only');
    const wide = await runCheck(check, { 'requirements.txt': 'Flask==2.*\nrequests~=2.26\n', 'tool.py': 'print(1)\n' });
    expect(value(wide, 'environment')).toBeCloseTo(0.1);
  });
});

describe('a template placeholder is not a stated version', () => {
  it('recognises Jinja placeholders only', () => {
    expect(hasTemplatePlaceholder('~={{ cookiecutter.python_version_number }}')).toBe(true);
    expect(hasTemplatePlaceholder('{% if x %}3.11{% endif %}')).toBe(true);
    expect(hasTemplatePlaceholder('>=3.11,<3.12')).toBe(false);
  });

  it('takes no Python version from a templated requires-python, and takes a real one', async () => {
    const templated = await runCheck(check, { '{{ cookiecutter.repo_name }}/pyproject.toml': '[project]\nname = "{{ cookiecutter.module_name }}"\nrequires-python = "~={{ cookiecutter.python_version_number }}"\ndependencies = ["pandas"]\n' });
    expect(value(templated, 'versions')).toBe(0);
    expect(ids(templated)).toContain('python-version-unstated');
    const real = await runCheck(check, { 'pyproject.toml': '[project]\nname = "churn"\nrequires-python = "~=3.11.0"\ndependencies = ["pandas"]\n' });
    expect(value(real, 'versions')).toBe(1);
  });

  it('lists a templated pyproject.toml that is not TOML until generated as a template, and reports a broken one', async () => {
    const template = await runCheck(check, { '{{ cookiecutter.repo_name }}/pyproject.toml': '[project]\nname = {{ cookiecutter.module_name|tojson }}\nrequires-python = "~={{ cookiecutter.python_version_number }}"\n' });
    expect(ids(template)).not.toContain('environment-file-malformed');
    expect(template.evidence.find((entry) => entry.path === '{{ cookiecutter.repo_name }}/pyproject.toml')?.note).toMatch(/^a template with placeholders/);
    const broken = await runCheck(check, { 'pyproject.toml': '[project]\nname = churn\n' });
    expect(ids(broken)).toContain('environment-file-malformed');
  });

  it('does not count a requirement pinned to a placeholder', async () => {
    const templated = await runCheck(check, { 'requirements.txt': 'torch=={{cookiecutter.torch_version}}\n', 'tool.py': 'print(1)\n' });
    expect(value(templated, 'environment')).toBeCloseTo(0.1);
    expect(templated.findings.find((finding) => finding.id === 'unpinned-requirement')?.message).toBe('torch is not pinned: a template placeholder, not a version.');
    const real = await runCheck(check, { 'requirements.txt': 'torch==2.3.1\n', 'tool.py': 'print(1)\n' });
    expect(value(real, 'environment')).toBeCloseTo(0.85);
  });
});
