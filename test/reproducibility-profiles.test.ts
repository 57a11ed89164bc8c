// reproducibility per system profile: when nothing is trained, an LLM application's entry point is the command
// that re-runs its evaluation and a data pipeline's the command that runs it; seeds apply only to code that draws
// at random; a repository that trains keeps the training criteria whatever LLM it also calls.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/reproducibility.js';
import type { CheckOutcome } from '../src/check.js';
import { FIXTURES, findingIds, runCheck, runRaw } from './helpers.js';

type Judged = Extract<CheckOutcome, { status: 'judged' }>;

async function judged(files: Record<string, string> | string): Promise<Judged> {
  const outcome = await runRaw(check, files);
  if (outcome.status !== 'judged') throw new Error(`expected a judged outcome, got a skip: ${outcome.reason}`);
  return outcome;
}

const reasonFor = (outcome: Judged, criterion: string) => outcome.notApplicable?.find((entry) => entry.criterion === criterion)?.reason;

/** Pinned with a hash: an environment worth full marks, so the entry point and seeds are not capped by it. */
const HASHED = ` --hash=sha256:${'0123456789abcdef'.repeat(4)}`;

/** A pinned LLM application with nothing trained: the SDK, a lock-free requirements file pinned with hashes, a prompt. */
const LLM_APP = {
  'requirements.txt': `openai==1.54.3${HASHED}\nfastapi==0.115.4${HASHED}\n`,
  '.python-version': '3.11.9\n',
  'prompts/answer.md': 'Answer from the documents given and cite each one.\n',
  'app/main.py': 'from fastapi import FastAPI\nfrom openai import OpenAI\n\napp = FastAPI()\nclient = OpenAI()\n',
  'evals/promptfooconfig.yaml': 'prompts:\n  - file://../prompts/answer.md\nproviders:\n  - openai:gpt-4o-2024-08-06\ntests: file://cases.yaml\n',
  'evals/cases.yaml': '- vars:\n    question: How do I reset my password?\n  assert:\n    - type: contains\n      value: KB-12\n',
};

describe('reproducibility: an LLM application that trains nothing is re-run through its evaluation', () => {
  it('credits the promptfoo command of llm-app-complete and leaves seeds out, saying why', async () => {
    const outcome = await judged(path.join(FIXTURES, 'llm-app-complete'));
    // The promptfoo command earns full marks, counted as far as the fixture's environment is pinned.
    expect(outcome.criteria.entrypoint).toBe(Math.min(1, outcome.criteria.environment));
    expect(outcome.evidence.some((e) => e.kind === 'entrypoint:documented-command' && e.path === 'README.md' && /^evaluation: npx promptfoo@0\.96 eval -c evals\/promptfooconfig\.yaml/.test(e.note ?? ''))).toBe(true);
    expect(reasonFor(outcome, 'seeds')).toMatch(/nothing is trained or drawn at random here: .*; an LLM's own sampling is set by temperature in its model settings, not by a seed in code$/);
    expect(reasonFor(outcome, 'entrypoint')).toBeUndefined();
    expect(outcome.summary).toMatch(/no training code: the entry point is the command that runs the evaluation/);
  });

  it('credits a Makefile eval target and a package script as well as a README command', async () => {
    const make = await judged({ ...LLM_APP, Makefile: 'eval:\n\tnpx promptfoo@0.96 eval -c evals/promptfooconfig.yaml\n' });
    expect(make.criteria.entrypoint).toBe(1);
    const npm = await judged({ ...LLM_APP, 'package.json': JSON.stringify({ name: 'evals', private: true, scripts: { 'test:prompts': 'promptfoo eval -c evals/promptfooconfig.yaml' }, devDependencies: { promptfoo: '0.96.2' } }) });
    expect(npm.criteria.entrypoint).toBe(1);
  });

  it('credits a Rake evaluation task of a Rails application', async () => {
    const outcome = await judged({
      Gemfile: "source 'https://rubygems.org'\ngem 'rails', '7.2.1'\ngem 'anthropic', '0.3.2'\n",
      'Gemfile.lock': 'GEM\n  remote: https://rubygems.org/\n  specs:\n    anthropic (0.3.2)\n    rails (7.2.1)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  anthropic (= 0.3.2)\n  rails (= 7.2.1)\n\nCHECKSUMS\n  anthropic (0.3.2) sha256=' + 'a'.repeat(64) + '\n  rails (7.2.1) sha256=' + 'b'.repeat(64) + '\n\nBUNDLED WITH\n   2.5.16\n',
      'lib/tasks/evaluation.rake': 'namespace :evaluation do\n  desc "Answer every golden question and write the results as JSON"\n  task run_golden_set: :environment do\n    Evaluation::GoldenSet.run\n  end\nend\n',
    });
    expect(outcome.criteria.entrypoint).toBe(1);
    expect(outcome.evidence.find((e) => e.kind === 'entrypoint:rake-task')).toMatchObject({ path: 'lib/tasks/evaluation.rake', line: 3, note: 'evaluation: rake evaluation:run_golden_set' });
  });

  it('gives half when only the application is started, naming what was looked for', async () => {
    const outcome = await judged({ ...LLM_APP, 'README.md': '# Helper\n\n```bash\nuvicorn app.main:app --port 8000\n```\n' });
    expect(outcome.criteria.entrypoint).toBe(0.5);
    expect(outcome.findings.find((f) => f.id === 'no-eval-command')).toMatchObject({ path: 'README.md', message: expect.stringMatching(/uvicorn app\.main:app --port 8000 in README\.md.*none re-runs the evaluation/) });
  });

  it('gives half when the evaluation command names a configuration that is not delivered', async () => {
    const outcome = await judged({ ...LLM_APP, 'README.md': '# Helper\n\n```bash\nnpx promptfoo eval -c evals/missing.yaml\n```\n' });
    expect(outcome.criteria.entrypoint).toBe(0.5);
    expect(outcome.findings.find((f) => f.id === 'entrypoint-missing-code')?.message).toMatch(/names evals\/missing\.yaml, which the repository does not contain/);
  });

  it('scores 0 when nothing says how to run the evaluation or the application', async () => {
    const outcome = await judged(LLM_APP);
    expect(outcome.criteria.entrypoint).toBe(0);
    expect(outcome.findings.find((f) => f.id === 'no-entrypoint')?.message).toMatch(/^Nothing says how to run the evaluation or the application/);
    expect(reasonFor(outcome, 'entrypoint')).toBeUndefined();
  });

  it('asks for a seed where the application samples at random, and credits one set', async () => {
    const sampler = 'import random\n\ndef pick_cases(cases):\n    return random.sample(cases, 20)\n';
    const unseeded = await judged({ ...LLM_APP, 'evals/pick.py': sampler });
    expect(unseeded.criteria.seeds).toBe(0);
    expect(unseeded.findings.find((f) => f.id === 'no-seeds')?.message).toMatch(/random sampling \(random\.sample\/shuffle\) in evals\/pick\.py:4 draws differently on every run\.$/);
    const seeded = await judged({ ...LLM_APP, 'evals/pick.py': `import random\n\nrandom.seed(7)\n${sampler}` });
    expect(seeded.criteria.seeds).toBe(1);
  });

  it("judges the buyer's word: a repository the policy calls an LLM application is asked for its evaluation command", async () => {
    const result = await runCheck(check, { 'requirements.txt': 'fastapi==0.115.4\n', '.python-version': '3.11.9\n', 'app.py': 'print("hi")\n' }, { profiles: ['llm-application'] });
    expect(result.criteria.find((criterion) => criterion.id === 'entrypoint')).toMatchObject({ value: 0 });
    expect(findingIds(result)).toContain('no-entrypoint');
  });
});

describe('reproducibility: a data pipeline that trains nothing is run through its pipeline command', () => {
  const DBT = {
    'requirements.txt': `dbt-core==1.8.7${HASHED}\ndbt-postgres==1.8.2${HASHED}\n`,
    'dbt_project.yml': "name: 'orders'\nversion: '1.0.0'\nprofile: 'orders'\nmodel-paths: ['models']\n",
    'models/staging/stg_orders.sql': 'select id as order_id, customer_id from {{ source("shop", "orders") }}\n',
  };

  it('credits a documented dbt command in full and leaves seeds out', async () => {
    const outcome = await judged({ ...DBT, 'README.md': '# Orders\n\n```bash\ndbt deps\ndbt build --target prod\n```\n' });
    expect(outcome.criteria.entrypoint).toBe(1);
    expect(reasonFor(outcome, 'seeds')).toMatch(/^nothing is trained or drawn at random here/);
    expect(reasonFor(outcome, 'seeds')).not.toMatch(/temperature/);
  });

  it('gives a dbt project with no documented command 0.6, saying nothing tells how to run it', async () => {
    const outcome = await judged(DBT);
    expect(outcome.criteria.entrypoint).toBe(0.6);
    expect(outcome.findings.find((f) => f.id === 'entrypoint-undocumented')?.message).toMatch(/^dbt_project\.yml define the pipeline, but no README command/);
  });
});

describe('reproducibility: training keeps its criteria next to an LLM dependency', () => {
  it('asks a training repository that also calls an LLM for its training entry point and seeds', async () => {
    const outcome = await judged({
      'requirements.txt': 'openai==1.54.3\ntorch==2.5.1\n',
      'train.py': 'for epoch in range(10):\n    loss = model(batch)\n    loss.backward()\n    optimizer.step()\n',
      'README.md': '# Ranker\n\n```bash\nnpx promptfoo eval -c evals/promptfooconfig.yaml\n```\n',
      'evals/promptfooconfig.yaml': 'prompts: []\n',
    });
    expect(outcome.notApplicable).toEqual([]);
    expect(findingIds(outcome)).toContain('entrypoint-undocumented');
    expect(outcome.criteria.entrypoint).toBe(0.4);
    expect(outcome.findings.find((f) => f.id === 'no-seeds')?.message).toMatch(/retraining gives a different model each time/);
  });

  it('leaves entry point and seeds out of a repository that is neither trained, an LLM application nor a pipeline', async () => {
    const outcome = await judged({ 'requirements.txt': 'requests==2.32.3\n', 'tool.py': 'print("hi")\n' });
    expect(outcome.notApplicable?.map((entry) => entry.criterion)).toEqual(['entrypoint', 'seeds']);
    expect(reasonFor(outcome, 'entrypoint')).toMatch(/^nothing is trained here/);
  });
});
