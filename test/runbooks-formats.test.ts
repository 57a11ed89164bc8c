import { describe, expect, it } from 'vitest';
import { parseMakeTargets } from '../src/formats/make-targets.js';
import { parseRunbook } from '../src/formats/runbook.js';
import { commandLines, referenceInPathSpan, referencesInCommandLine } from '../src/formats/shell-references.js';

const refs = (line: string) => referencesInCommandLine(line).map((ref) => [ref.kind, ref.target, ref.definedIn ?? null]);

describe('shell references', () => {
  it.each([
    ['scripts/rollback.sh 12', [['path', 'scripts/rollback.sh', null]]],
    ['./scripts/../bin/promote 3', [['path', 'bin/promote', null]]],
    ['bash scripts/deploy.sh --env prod', [['path', 'scripts/deploy.sh', null]]],
    ['sudo -E FOO=1 uv run python -m churn.train --config configs/train.yaml', [['python-module', 'churn.train', null], ['path', 'configs/train.yaml', null]]],
    ['poetry run python src/train.py data/x.csv', [['path', 'src/train.py', null]]],
    ['python train.py > reports/out.json 2>&1', [['path', 'train.py', null]]],
    ['make -C services/api deploy smoke VERSION=3', [['make-target', 'deploy', 'services/api/'], ['make-target', 'smoke', 'services/api/']]],
    ['make -f ops/Makefile.ci', [['make-target', null, 'ops/Makefile.ci']]],
    ['dvc repro pipelines/dvc.yaml:train', [['dvc-stage', 'train', 'pipelines/dvc.yaml']]],
    ['dvc exp run -S train.lr=0.1 train@small', [['dvc-stage', 'train', null]]],
    ['kubectl apply -f k8s/deployment.yaml && kubectl rollout status deploy/api', [['path', 'k8s/deployment.yaml', null]]],
    ['helm upgrade --install api ./charts/api --values=deploy/values.yaml', [['path', 'charts/api', null], ['path', 'deploy/values.yaml', null]]],
  ])('%s', (line, expected) => {
    expect(refs(line)).toEqual(expected);
  });

  it.each([
    'kubectl -n ml logs deployment/churn-api --since=30m',
    '/usr/local/bin/helm version',
    'cat ../../etc/passwd',
    'docker run -v $(pwd):/app churn:latest',
    'mlflow models serve -m models:/kestrel-churn@champion',
    'python -c "import churn; churn.main()"',
    'aws s3 cp s3://bucket/x.parquet data/x.parquet',
    'make register RUN_ID=<mlflow run id> # register',
  ])('finds nothing repo-relative to check in %s', (line) => {
    expect(referencesInCommandLine(line).filter((ref) => ref.kind === 'path')).toEqual([]);
  });

  it('joins continuations, drops comments and keeps only prompted lines of a transcript', () => {
    expect(commandLines('# build\nmake train \\\n  EPOCHS=3\n\nmake evaluate')).toEqual([
      { text: 'make train EPOCHS=3', offset: 1 },
      { text: 'make evaluate', offset: 4 },
    ]);
    expect(commandLines('$ make train\ntraining... done\n$ ls reports/')).toEqual([
      { text: 'make train', offset: 0 },
      { text: 'ls reports/', offset: 2 },
    ]);
  });

  it('reads bare path spans, but not outputs, absolute paths or URLs', () => {
    expect(referenceInPathSpan('scripts/rollback.sh')).toMatchObject({ target: 'scripts/rollback.sh', executed: true });
    expect(referenceInPathSpan('monitoring/prometheus/alerts.yml')).toMatchObject({ target: 'monitoring/prometheus/alerts.yml' });
    for (const span of ['reports/eval.json', '/etc/alertmanager/alertmanager.yml', 'https://x.example/a.sh', 'champion', 'retrain/2025-07', 'models:/x@champion']) {
      expect(referenceInPathSpan(span), span).toBeNull();
    }
  });
});

describe('Makefile targets', () => {
  it('reads rule lines and .PHONY, skipping recipes, assignments and comments', () => {
    const makefile = [
      'PY := python',
      'IMAGE = repo/api:$(TAG)',
      'X ?= a:b',
      '.PHONY: all lint',
      'all: train evaluate  # default',
      'train evaluate: data/x.parquet',
      '\t$(PY) -m churn.train  # not: a-target',
      'deploy:: ',
      '\thelm upgrade \\',
      'fake-target: continued',
      '# commented: out',
      'include mk/extra.mk',
    ].join('\n');
    const parsed = parseMakeTargets(makefile);
    expect([...parsed.targets.keys()].sort()).toEqual(['all', 'deploy', 'evaluate', 'lint', 'train']);
    expect(parsed.targets.get('train')).toBe(6);
    expect(parsed.open).toBe(false);
    expect(parsed.includes).toEqual(['mk/extra.mk']);
    expect(parseMakeTargets('%.o: %.c\n\tcc $<\n').open).toBe(true);
  });
});

describe('runbook parsing', () => {
  it('blanks template prompts but keeps real content and line numbers', () => {
    const runbook = parseRunbook('RUNBOOK.md', '# R\n\n## Retraining\n\n_Describe the trigger and the approver._\nTODO: fill in\n\n## Rollback\n\nRun `scripts/rollback.sh` to return to the previous version, then verify with the smoke test.\n');
    expect(runbook.placeholderLines).toEqual([5, 6]);
    const retraining = runbook.topics.find((topic) => topic.topic === 'retraining')!;
    expect(retraining).toMatchObject({ empty: true, score: 0, line: 3 });
    const rollback = runbook.topics.find((topic) => topic.topic === 'rollback')!;
    expect(rollback).toMatchObject({ empty: false, via: 'heading', line: 8 });
    expect(rollback.found).toEqual(expect.arrayContaining(['command', 'previous', 'verify']));
    expect(runbook.references).toEqual([expect.objectContaining({ kind: 'path', target: 'scripts/rollback.sh', line: 10, via: 'inline-code' })]);
  });

  it('does not take a rollback heading for a deploy section', () => {
    const runbook = parseRunbook('RUNBOOK.md', '# R\n\n## Rolling back a deployment\n\nRepoint the alias to the previous version with `scripts/rollback.sh`.\n');
    expect(runbook.topics.map((topic) => topic.topic)).toEqual(['rollback']);
  });

  it('points code-block references at the line inside the fence', () => {
    const runbook = parseRunbook('docs/runbooks/deploy.md', '# Deploy\n\n```bash\n# comment\nmake deploy\n```\n');
    expect(runbook.references).toEqual([expect.objectContaining({ kind: 'make-target', target: 'deploy', line: 5, via: 'code-block' })]);
  });
});
