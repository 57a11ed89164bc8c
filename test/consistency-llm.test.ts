// consistency for an LLM application (#18): recorded evaluation results against the thresholds, documented
// pass counts against the runs of their day, the prompt the newest evaluation ran against the delivered one
// (or its recorded commit against the history); dataset hashes leave the weight when nothing declares one.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/consistency.js';
import type { CheckOutcome } from '../src/check.js';
import { FIXTURES, findingIds, runCheck, runRaw } from './helpers.js';
import { ANSWER_PROMPT, llmApp, passing, promptfooOutput, type Tree } from './llm-evals.helpers.js';
import { commitAll, makeGitRepo, testGit, writeFiles } from './remote-fixtures.js';

function judged(outcome: CheckOutcome) {
  if (outcome.status !== 'judged') throw new Error(`expected a judged outcome, got ${outcome.status}`);
  return outcome;
}

const byId = <T extends { id: string }>(outcome: { findings: T[] }, id: string): T[] => outcome.findings.filter((finding) => finding.id === id);
const notes = (outcome: { evidence: Array<{ kind: string; note?: string }> }, kind: string) => outcome.evidence.filter((item) => item.kind === kind).map((item) => item.note ?? '');

const MODEL = 'openai:gpt-4o-mini';
const newest = (cases = passing(10), raw = ANSWER_PROMPT): Tree => ({ 'evals/results/2025-04-01-regression.json': promptfooOutput('2025-04-01T10:00:00Z', [{ label: 'answer-v2', raw, provider: MODEL, cases }]) });

describe('consistency on the complete LLM application', () => {
  it('passes llm-app-complete: every promptfoo threshold met by the newest run, both documented pass counts shown, the evaluated prompt is the delivered one', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'llm-app-complete'));
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(9);
    const outcome = judged(await runRaw(check, path.join(FIXTURES, 'llm-app-complete')));
    // Four acceptance gates name what no result records under that name (grounded drafts, citations, refusals,
    // placeholders): 0.7 for no gate missed, plus 0.3 × the 3 of 7 suite gates compared.
    expect(outcome.criteria).toMatchObject({ reported: 1, commits: 1 });
    expect(outcome.criteria.thresholds).toBeCloseTo(0.7 + (0.3 * 3) / 7);
    expect(outcome.findings.filter((finding) => finding.id === 'metric-not-logged').map((finding) => `${finding.path}:${finding.line}`)).toEqual([13, 14, 15, 16].map((line) => `docs/evaluation/acceptance-criteria.md:${line}`));
    // Gates measured on production traffic or agent feedback are left to monitoring, not held against the evaluations.
    expect(notes(outcome, 'threshold-check')).toEqual(expect.arrayContaining(['Responsiveness ≤ 8 s: measured on production traffic, not by an evaluation run', 'Usefulness ≤ 15 %: measured on agent feedback, not by an evaluation run']));
    expect(findingIds(outcome).filter((id) => id !== 'metric-not-logged' && id !== 'metric-logged-elsewhere')).toEqual([]);
    expect(outcome.notApplicable?.map((entry) => entry.criterion)).toEqual(['datasets']);
    expect(notes(outcome, 'threshold-check')).toEqual(expect.arrayContaining([expect.stringMatching(/^llm-rubric 0\.85 ≥ 0\.80 ✓; recorded by answer-v2 on bedrock:anthropic\.claude-3-5-sonnet-20240620-v1:0 \(promptfoo 2025-05-20/), expect.stringMatching(/^latency 9709 ≤ 20000 ms ✓/)]));
    expect(notes(outcome, 'evaluated-prompt')).toEqual([expect.stringContaining('ran the prompt delivered as prompts/answer.j2 ✓')]);
    // Pass counts documented in the change log, the acceptance document and the prompt catalogue, each shown by the run of its day.
    const reported = outcome.evidence.filter((item) => item.kind === 'reported-value');
    expect(reported.map((item) => item.path).sort()).toEqual(['CHANGELOG.md', 'CHANGELOG.md', 'docs/evaluation/acceptance-criteria.md', 'prompts/README.md', 'prompts/README.md']);
    expect(reported.every((item) => item.note?.endsWith('✓'))).toBe(true);
    expect(notes(outcome, 'reported-value')).toContainEqual(expect.stringMatching(/^"24 of 24 cases passed" on 2025-05-20 \(.*\) = answer-v2 on bedrock:anthropic\.claude-3-5-sonnet-20240620-v1:0 in evals\/results\/2025-05-20-regression-after-rewrite-query\.json ✓$/));
  });
});

describe('thresholds against recorded evaluations', () => {
  it('meets every promptfoo threshold when the worst case of the newest run meets it', async () => {
    const outcome = judged(await runRaw(check, { ...llmApp, ...newest() }));
    expect(outcome.criteria.thresholds).toBe(1);
    expect(findingIds(outcome)).not.toContain('threshold-missed');
  });

  it('flags a threshold one case of the newest run misses, at the assertion that sets it', async () => {
    const outcome = judged(await runRaw(check, { ...llmApp, ...newest([...passing(9), { pass: false, rubric: 0.65, latency: 1500 }]) }));
    expect(outcome.criteria.thresholds).toBe(0);
    expect(byId(outcome, 'threshold-missed')).toMatchObject([
      { severity: 'error', path: 'evals/promptfooconfig.yaml', line: 8, message: `llm-rubric 0.65 < 0.80 ✗: the recorded results of answer-v2 on ${MODEL} (promptfoo 2025-04-01, evals/results/2025-04-01-regression.json) miss "llm-rubric ≥ 0.8".` },
      // The contains assertion failed on that case too: promptfoo's plain assertions must all pass.
      { line: 16, message: expect.stringContaining('assertion pass rate 0.9 ≠ 100.0 % ✗') },
    ]);
  });

  it('judges the configuration a decision kept, not the losing column of a bake-off', async () => {
    const bakeoff = promptfooOutput('2025-04-01T10:00:00Z', [
      { label: 'answer-v2', provider: MODEL, cases: passing(10) },
      { label: 'answer-v2', provider: 'openai:gpt-3.5-turbo', cases: [...passing(6), ...Array.from({ length: 4 }, () => ({ pass: false, rubric: 0.5, latency: 700 }))] },
    ]);
    const decision = '# Decisions\n\n## 2025-04-01\n\nKept `gpt-4o-mini` because gpt-3.5-turbo invented fees in four cases.\n';
    const outcome = judged(await runRaw(check, { ...llmApp, 'evals/results/2025-04-01-bakeoff.json': bakeoff, 'evals/results/decisions.md': decision }));
    expect(outcome.criteria.thresholds).toBe(1);
    expect(notes(outcome, 'threshold-check')[0]).toContain(`recorded by answer-v2 on ${MODEL}`);
  });

  it('compares a Ragas table with the thresholds of an evaluation document (mean over the samples)', async () => {
    const doc = { 'docs/evaluation.md': '# Evaluation\n\n| Metric | Threshold |\n|---|---|\n| faithfulness | >= 0.80 |\n| answer_relevancy | >= 0.70 |\n' };
    const ragas = (faithfulness: [number, number]) => `user_input,response,faithfulness,answer_relevancy\nq1,a1,${faithfulness[0]},0.9\nq2,a2,${faithfulness[1]},0.8\n`;
    const { 'evals/promptfooconfig.yaml': _, ...app } = llmApp;
    const met = judged(await runRaw(check, { ...app, ...doc, 'evals/ragas/2025-05-01-results.csv': ragas([0.9, 0.8]) }));
    expect(met.criteria.thresholds).toBe(1);
    // The document's `answer_relevancy` reaches the criteria without its underscore; the Ragas column still answers it.
    expect(notes(met, 'threshold-check')).toEqual([
      'faithfulness 0.85 ≥ 0.80 ✓; recorded by ragas run (ragas 2025-05-01, evals/ragas/2025-05-01-results.csv)',
      'answerrelevancy 0.85 ≥ 0.70 ✓; recorded by ragas run (ragas 2025-05-01, evals/ragas/2025-05-01-results.csv)',
    ]);
    const missed = judged(await runRaw(check, { ...app, ...doc, 'evals/ragas/2025-05-01-results.csv': ragas([0.8, 0.7]) }));
    expect(byId(missed, 'threshold-missed')).toMatchObject([{ path: 'docs/evaluation.md', line: 5, message: expect.stringContaining('faithfulness 0.75 < 0.80 ✗') }]);
  });

  it('asks for recorded results when there are thresholds but no evaluation, naming what it looked for', async () => {
    const outcome = judged(await runRaw(check, llmApp));
    expect(outcome.criteria).toMatchObject({ thresholds: 0, reported: 0, commits: 0 });
    expect(byId(outcome, 'no-eval-results')[0].message).toMatch(/^3 threshold\(s\) \(evals\/promptfooconfig\.yaml:8, evals\/promptfooconfig\.yaml:11, evals\/promptfooconfig\.yaml:16\) but no recorded evaluation result to compare them with\. Looked for promptfoo result files/);
    // A threshold with no result is a shortfall; a result nobody documented and a prompt nobody evaluated have no side at all.
    expect(outcome.notApplicable?.map((entry) => entry.criterion)).toEqual(['reported', 'datasets', 'commits']);
    expect(findingIds(outcome)).not.toContain('no-commits-recorded');
  });

  it('with nothing at all to compare is skipped with the reason: a safeguard takes nothing off for absent artifacts (#18)', async () => {
    const { 'evals/promptfooconfig.yaml': _, ...app } = llmApp;
    const outcome = await runRaw(check, app);
    expect(outcome).toEqual({ status: 'skip', reason: expect.stringMatching(/^Nothing to cross-check: no evaluation threshold, no recorded evaluation result, no documented result and no dataset declared with a hash.*Looked for promptfoo result files/) });
  });
});

describe('documented results against the runs', () => {
  const changes = (claim: string, date = '2025-04-01') => ({ 'prompts/README.md': `# Prompts\n\n## Changes\n\n| Date | Template | Change | Evaluation run |\n|---|---|---|---|\n| ${date} | answer.txt | per-sentence citations | ${claim} |\n` });

  it('agrees when the run of that day shows the documented pass count', async () => {
    const outcome = judged(await runRaw(check, { ...llmApp, ...newest(), ...changes('suite 10/10') }));
    expect(outcome.criteria.reported).toBe(1);
    expect(notes(outcome, 'reported-value')).toEqual([`"suite 10/10" on 2025-04-01 (answer.txt · per-sentence citations) = answer-v2 on ${MODEL} in evals/results/2025-04-01-regression.json ✓`]);
  });

  it('flags a pass the results do not show, and a claim with no run of its day', async () => {
    const differs = judged(await runRaw(check, { ...llmApp, ...newest([...passing(9), { pass: false, rubric: 0.9, latency: 900 }]), ...changes('suite 10/10') }));
    expect(byId(differs, 'reported-differs')).toMatchObject([{ path: 'prompts/README.md', line: 7, message: expect.stringContaining(`claims 10/10 "suite 10/10" on 2025-04-01 (answer.txt · per-sentence citations), but the run(s) recorded that day show answer-v2 on ${MODEL} 9/10`) }]);
    expect(differs.criteria.reported).toBe(0);
    const unrecorded = judged(await runRaw(check, { ...llmApp, ...newest(), ...changes('suite 10/10', '2025-05-02') }));
    expect(byId(unrecorded, 'claim-without-results')).toMatchObject([{ severity: 'error', path: 'prompts/README.md', line: 7, message: expect.stringContaining('no recorded evaluation of 2025-05-02 shows it') }]);
  });

  it('compares a measured value written next to a threshold with the newest recorded one', async () => {
    const { 'evals/promptfooconfig.yaml': _, ...app } = llmApp;
    const acceptance = (measured: string) => ({ 'docs/evaluation.md': `# Evaluation\n\n| Metric | Threshold | Measured |\n|---|---|---|\n| faithfulness | >= 0.80 | ${measured} |\n` });
    const ragas = { 'evals/ragas/2025-05-01-results.csv': 'user_input,response,faithfulness\nq1,a1,0.9\nq2,a2,0.8\n' };
    const agrees = judged(await runRaw(check, { ...app, ...acceptance('0.85'), ...ragas }));
    expect(agrees.criteria.reported).toBe(1);
    expect(notes(agrees, 'reported-value')).toEqual(['faithfulness 0.85 documented = faithfulness 0.85 recorded ✓']);
    const differs = judged(await runRaw(check, { ...app, ...acceptance('0.91'), ...ragas }));
    expect(byId(differs, 'reported-differs')).toMatchObject([{ path: 'docs/evaluation.md', line: 5, message: 'The document reports faithfulness 0.91, but the recorded evaluation (evals/ragas/2025-05-01-results.csv) shows faithfulness 0.85.' }]);
  });

  it('checks a pass count written in a sentence against the run of its date', async () => {
    const approval = (count: string) => ({ 'docs/approval.md': `# Approval\n\nVersion 1.0 was approved on 2025-04-10: ${count} cases passed in the regression run of 2025-04-01.\n` });
    const { 'evals/promptfooconfig.yaml': _, ...app } = llmApp;
    const claims = (files: Tree) => runRaw(check, { ...app, ...newest([...passing(9), { pass: false, rubric: 0.9, latency: 900 }]), 'evals/approval.md': files['docs/approval.md'] });
    expect(judged(await claims(approval('9 of 10'))).criteria.reported).toBe(1);
    const differs = judged(await claims(approval('10 of 10')));
    expect(byId(differs, 'reported-differs')).toMatchObject([{ path: 'evals/approval.md', line: 3, message: expect.stringContaining('claims 10/10 "10 of 10 cases passed" on 2025-04-01') }]);
  });

  it('says when no document reports a result', async () => {
    const outcome = judged(await runRaw(check, { ...llmApp, ...newest() }));
    expect(byId(outcome, 'nothing-reported')).toMatchObject([{ severity: 'info' }]);
    expect(outcome.criteria.reported).toBe(0);
  });
});

describe('the newest evaluation tied to the delivered code', () => {
  it('flags results of a prompt text that is not the delivered prompt', async () => {
    const outcome = judged(await runRaw(check, { ...llmApp, ...newest(passing(10), 'You answer billing questions.\n{{ question }}\n') }));
    expect(outcome.criteria.commits).toBe(0);
    expect(byId(outcome, 'prompt-differs')).toMatchObject([{ severity: 'error', path: 'evals/results/2025-04-01-regression.json', message: expect.stringContaining('ran a prompt text that differs from the delivered prompts/answer.txt') }]);
  });

  it('looks up the commit a LangSmith experiment records in the scanned history', async () => {
    const experiment = (commit: string) => JSON.stringify({ name: 'answer-v2-7f3a', start_time: '2025-04-01T09:00:00', reference_dataset_id: 'ds-1', run_count: 20, feedback_stats: { correctness: { n: 20, avg: 0.9 } }, extra: { metadata: { revision_id: commit, model: 'gpt-4o-mini' } } });
    const dir = await makeGitRepo({ ...llmApp, 'evals/langsmith/experiment.json': experiment('0'.repeat(40)) });
    const missing = judged(await runRaw(check, dir));
    expect(byId(missing, 'commit-not-in-history')).toMatchObject([{ message: expect.stringContaining('ran commit 000000000000, which is not in the history') }]);
    // The experiment ran on the first commit and its export was committed after it.
    const repo = await makeGitRepo(llmApp);
    const evaluated = (await testGit(repo).revparse(['HEAD'])).trim();
    writeFiles(repo, { 'evals/langsmith/experiment.json': experiment(evaluated) });
    await commitAll(repo, 'Add the evaluation export');
    const outcome = judged(await runRaw(check, repo));
    expect(notes(outcome, 'git-commit')).toEqual([expect.stringContaining(`${evaluated.slice(0, 12)} (answer-v2-7f3a`)]);
    expect(outcome.criteria.commits).toBe(1);
  });

  it('declares what it judges for an LLM application', () => {
    expect(check.profiles?.['llm-application']).toMatch(/^recorded prompt and model evaluations against the thresholds/);
  });
});
