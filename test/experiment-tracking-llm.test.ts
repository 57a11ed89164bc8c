// experiment-tracking for an LLM application (#18): the history of prompt and model evaluations is the
// experiment history. The complete fixture passes; an app with no evaluations scores 0 and says what was
// looked for; a training repository that also calls an LLM is still asked for its training runs.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/experiment-tracking.js';
import type { CheckOutcome } from '../src/check.js';
import { FIXTURES, findingIds, runCheck, runRaw } from './helpers.js';
import { llmApp, passing, promptfooOutput, type Tree } from './llm-evals.helpers.js';

function judged(outcome: CheckOutcome) {
  if (outcome.status !== 'judged') throw new Error(`expected a judged outcome, got ${outcome.status}`);
  return outcome;
}

const ids = (outcome: { findings: Array<{ id: string }> }) => findingIds(outcome);
const byKind = (outcome: { evidence: Array<{ kind: string; note?: string; path: string; line?: number }> }, kind: string) => outcome.evidence.filter((item) => item.kind === kind);

const SONNET = 'anthropic:messages:claude-3-5-sonnet-20241022';
const HAIKU = 'anthropic:messages:claude-3-5-haiku-20241022';

/** Three evaluations: a model bake-off, a prompt change, a regression run; and a log of what was kept. */
const history: Tree = {
  'evals/results/2025-02-03-model-bakeoff.json': promptfooOutput('2025-02-03T10:00:00Z', [
    { label: 'answer-v1', provider: SONNET, cases: passing(10) },
    { label: 'answer-v1', provider: HAIKU, cases: [...passing(7), ...Array.from({ length: 3 }, () => ({ pass: false, rubric: 0.6, latency: 900 }))] },
  ], 'model bake-off for the billing answer prompt'),
  'evals/results/2025-03-10-answer-v2.json': promptfooOutput('2025-03-10T10:00:00Z', [
    { label: 'answer-v1', provider: SONNET, cases: passing(10) },
    { label: 'answer-v2', provider: SONNET, cases: passing(10, 0.93) },
  ], 'answer-v2 asks for a citation per sentence'),
  'evals/results/2025-04-01-regression.json': promptfooOutput('2025-04-01T10:00:00Z', [{ label: 'answer-v2', provider: SONNET, cases: passing(10, 0.92) }], 'regression run after the retrieval change'),
  'evals/results/DECISIONS.md':
    '# Decisions\n\n## 2025-02-03: Sonnet kept\n\nWe kept `claude-3-5-sonnet-20241022` because Haiku invented fees in three of ten cases.\n\n## 2025-03-10: answer-v2 kept\n\nWe switched to `answer-v2` because per-sentence citations can be validated.\n\n## 2025-04-01: no change\n\nKept `answer-v2`, since the regression run passed every case.\n',
};

describe('experiment-tracking on the complete LLM application', () => {
  it('passes llm-app-complete on its promptfoo results and decision log', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'llm-app-complete'));
    expect(result.status).toBe('pass');
    expect(result.score).toBe(10);
    const outcome = judged(await runRaw(check, path.join(FIXTURES, 'llm-app-complete')));
    expect(outcome.criteria).toEqual({ 'runs-exist': 1, 'params-metrics': 1, decisions: 1, 'code-version': 1, 'selected-model': 1, 'run-health': 1 });
    expect(byKind(outcome, 'llm-eval-run').map((item) => item.path)).toEqual([
      'evals/results/2025-03-14-answer-model-bakeoff.json',
      'evals/results/2025-04-02-answer-v2-citations.json',
      'evals/results/2025-05-20-regression-after-rewrite-query.json',
    ]);
    expect(byKind(outcome, 'selected-model')).toEqual([
      expect.objectContaining({ path: 'evals/results/decision-log.md', line: 29, note: expect.stringContaining('answer-v2 on bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0: kept by the decision of 2025-05-20') }),
    ]);
    expect(outcome.findings).toEqual([]);
  });
});

describe('experiment-tracking on small LLM applications', () => {
  it('scores 0 on every criterion with nothing recorded, and names what it looked for', async () => {
    const outcome = judged(await runRaw(check, llmApp));
    expect(outcome.criteria).toEqual({ 'runs-exist': 0, 'params-metrics': 0, decisions: 0, 'code-version': 0, 'selected-model': 0, 'run-health': 0 });
    expect(ids(outcome)).toEqual(['no-eval-history']);
    expect(outcome.findings[0].message).toMatch(/No record of prompt or model evaluations found .*promptfoo result files .*DeepEval test runs.*Ragas.*Langfuse or LangSmith/);
    expect(outcome.findings[0].remediation).toContain('promptfoo eval -o evals/results/');
  });

  it('judges a history with a decision log: runs, parameters, decisions, the kept configuration', async () => {
    const outcome = judged(await runRaw(check, { ...llmApp, ...history }));
    expect(outcome.criteria).toEqual({ 'runs-exist': 1, 'params-metrics': 1, decisions: 1, 'code-version': 1, 'selected-model': 1, 'run-health': 1 });
    expect(byKind(outcome, 'selected-model')[0]).toMatchObject({ path: 'evals/results/DECISIONS.md', line: 11, note: expect.stringContaining(`answer-v2 on ${SONNET}: kept by the decision of 2025-04-01`) });
    expect(outcome.summary).toBe(`3 evaluation run(s) (promptfoo), newest 2025-04-01; 3 decision(s) logged with a reason; kept configuration answer-v2 on ${SONNET}.`);
  });

  it('without a decision log: the decisions criterion loses its log share, and a bake-off has no kept configuration', async () => {
    const { 'evals/results/DECISIONS.md': _, ...runsOnly } = history;
    const outcome = judged(await runRaw(check, { ...llmApp, ...runsOnly }));
    expect(ids(outcome)).toEqual(['no-eval-decisions', 'no-selected-model']);
    // The runs describe themselves (promptfoo description), which is the 40 % share; the log is missing.
    expect(outcome.criteria.decisions).toBeCloseTo(0.4);
    expect(outcome.criteria['selected-model']).toBe(0);
    expect(outcome.findings[1].message).toBe('3 prompt × model configurations were evaluated, but no decision names the one that ships.');
  });

  it('a single configuration ever evaluated is identifiable by construction (0.8), and one run is a third of the runs', async () => {
    const outcome = judged(await runRaw(check, { ...llmApp, 'evals/results/run.json': promptfooOutput('2025-04-01T10:00:00Z', [{ label: 'answer', provider: SONNET, cases: passing(5) }]) }));
    expect(outcome.criteria['selected-model']).toBe(0.8);
    expect(outcome.criteria['runs-exist']).toBeCloseTo(1 / 3);
  });

  it('reads a committed run-history table and a Ragas result table as evaluations', async () => {
    const table = '# Evaluation history\n\n| Date | Prompt version | Model | Faithfulness | Answer relevancy | Notes |\n|---|---|---|---|---|---|\n| 2025-01-10 | v1 | gpt-4o-mini | 0.71 | 0.80 | baseline |\n| 2025-02-12 | v2 | gpt-4o-mini | 0.83 | 0.82 | kept v2 because faithfulness rose |\n';
    const ragas = 'user_input,retrieved_contexts,response,reference,faithfulness,answer_relevancy\n"Why twice?","[\'a\']","Because…","Duplicate",0.9,0.85\n"Roaming?","[\'b\']","Yes","Yes",0.8,0.9\n';
    const outcome = judged(await runRaw(check, { ...llmApp, 'evals/history.md': table, 'evals/ragas/2025-03-01-results.csv': ragas }));
    expect(byKind(outcome, 'llm-eval-run').map((item) => `${item.path}${item.line ? `:${item.line}` : ''}`)).toEqual(['evals/history.md:5', 'evals/history.md:6', 'evals/ragas/2025-03-01-results.csv']);
    expect(outcome.criteria['runs-exist']).toBe(1);
    // The Ragas table names neither prompt nor model: one of three runs lacks parameters.
    expect(outcome.criteria['params-metrics']).toBeCloseTo(5 / 6);
    expect(ids(outcome)).toContain('runs-missing-params');
  });

  it('reads DeepEval test runs where DeepEval saves them, dated by their file name', async () => {
    const testRun = (model: string, scores: number[]) =>
      JSON.stringify({ testFile: 'tests/test_answers.py', testCases: scores.map((score, i) => ({ name: `test_case_${i}`, success: score >= 0.7, metricsData: [{ name: 'Faithfulness', threshold: 0.7, success: score >= 0.7, score }] })), metricsScores: [], hyperparameters: { model, 'prompt template': 'answer-v2' }, testPassed: scores.filter((s) => s >= 0.7).length, testFailed: scores.filter((s) => s < 0.7).length });
    const outcome = judged(
      await runRaw(check, {
        ...llmApp,
        'evals/deepeval/test_run_20250301_101010.json': testRun('gpt-4o-mini', [0.9, 0.8]),
        'evals/deepeval/test_run_20250315_093000.json': testRun('gpt-4o', [0.95, 0.9]),
        '.deepeval/.latest_test_run.json': JSON.stringify({ testRunData: JSON.parse(testRun('gpt-4o', [0.95, 0.92])), testRunLink: null }),
      }),
    );
    expect(byKind(outcome, 'llm-eval-run').map((item) => item.note?.split(' · ')[0])).toEqual(['deepeval tests/test_answers.py', 'deepeval tests/test_answers.py 2025-03-01', 'deepeval tests/test_answers.py 2025-03-15']);
    expect(outcome.criteria).toMatchObject({ 'runs-exist': 1, 'params-metrics': 1, 'code-version': 1, 'run-health': 1 });
  });

  it('reports a result file that does not parse, and still judges the rest', async () => {
    const outcome = judged(await runRaw(check, { ...llmApp, ...history, 'evals/results/2025-04-02-results.json': '{"evalId": "x", "results": {' }));
    expect(outcome.findings.filter((finding) => finding.id === 'malformed-file')).toMatchObject([{ path: 'evals/results/2025-04-02-results.json', severity: 'warning' }]);
    expect(outcome.criteria['runs-exist']).toBe(1);
  });
});

describe('profiles decide what is asked for', () => {
  it('a training repository that also calls an LLM is still asked for its training runs', async () => {
    const training: Tree = {
      ...llmApp,
      ...history,
      'train.py': 'import torch\n\nfor epoch in range(10):\n    loss = model(batch).sum()\n    loss.backward()\n    optimizer.step()\n',
    };
    const outcome = judged(await runRaw(check, training));
    expect(ids(outcome)).toContain('no-tracking');
    expect(ids(outcome)).not.toContain('no-eval-history');
    expect(outcome.criteria['runs-exist']).toBe(0);
    // The evaluations are still shown, as evidence next to the missing runs.
    expect(byKind(outcome, 'llm-eval-run')).toHaveLength(3);
  });

  it("the buyer's policy can state the profile: an app the scan does not recognise is judged on its evaluations", async () => {
    const plain: Tree = { 'main.py': 'print("hello")\n', ...history };
    const asDetected = await runCheck(check, plain);
    expect(asDetected.findings.map((finding) => finding.id)).toContain('no-tracking');
    const asLlm = await runCheck(check, plain, { profiles: ['llm-application'] });
    expect(asLlm.findings.map((finding) => finding.id)).not.toContain('no-tracking');
    expect(asLlm.score).toBe(10);
  });

  it('declares what it judges for an LLM application', () => {
    expect(check.profiles?.['llm-application']).toMatch(/^the history of prompt and model evaluations/);
  });
});
