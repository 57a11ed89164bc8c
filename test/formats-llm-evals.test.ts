// Readers of LLM evaluation results: CSV, promptfoo output files (JSON/YAML/CSV), DeepEval test runs,
// Langfuse dataset runs, LangSmith experiments, Ragas and run-history tables, documented pass counts.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/formats/csv.js';
import { metricKeyOf, readDeepevalTestRun, readEvalClaims, readEvalResultsTable, readEvalSummary, readLangfuseDatasetRun, readLangsmithExperiment, readProseClaims } from '../src/formats/llm-eval-exports.js';
import { parseMarkdown } from '../src/formats/markdown.js';
import { isPromptfooResults, readPromptfooCsv, readPromptfooResults } from '../src/formats/promptfoo-results.js';
import { parseYaml } from '../src/formats/yaml.js';

/** A promptfoo output file (EvaluateSummaryV3) with one case per entry of `cases` for each prompt. */
function promptfooOutput(prompts: Array<{ label: string; raw: string; provider: string; cases: Array<{ pass: boolean; rubric: number; latency: number; error?: string }> }>) {
  const results = prompts.flatMap((prompt, promptIdx) =>
    prompt.cases.map((entry, testIdx) => ({
      promptIdx,
      testIdx,
      provider: { id: prompt.provider, label: prompt.label },
      prompt: { label: prompt.label },
      success: entry.pass,
      failureReason: entry.error ? 2 : entry.pass ? 0 : 1,
      ...(entry.error ? { error: entry.error } : {}),
      latencyMs: entry.latency,
      namedScores: { grounded: entry.rubric },
      gradingResult: {
        pass: entry.pass,
        score: entry.rubric,
        componentResults: [
          { pass: entry.rubric >= 0.8, score: entry.rubric, assertion: { type: 'llm-rubric', threshold: 0.8, value: 'grounded' } },
          { pass: entry.latency <= 5000, score: 1, assertion: { type: 'latency', threshold: 5000 } },
          { pass: entry.pass, score: entry.pass ? 1 : 0, assertion: { type: 'contains', value: 'KB-' } },
        ],
      },
    })),
  );
  return {
    evalId: 'eval-abc-2025-06-01T10:00:00',
    results: {
      version: 3,
      timestamp: '2025-06-01T10:00:00.000Z',
      prompts: prompts.map((prompt) => ({ raw: prompt.raw, label: prompt.label, provider: prompt.label, metrics: { testPassCount: prompt.cases.filter((c) => c.pass).length, testFailCount: prompt.cases.filter((c) => !c.pass && !c.error).length, testErrorCount: prompt.cases.filter((c) => c.error).length, namedScores: { grounded: 1.8 }, namedScoresCount: { grounded: 2 } } })),
      results,
      stats: { successes: results.filter((r) => r.success).length, failures: results.filter((r) => !r.success).length, errors: 0 },
    },
    config: { description: 'Answer prompt v3 against v2', providers: ['openai:gpt-4o-mini'], tags: { git_commit: '0123456789abcdef0123456789abcdef01234567' } },
  };
}

describe('parseCsv', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks, and says where each row starts', () => {
    const read = parseCsv('question,answer,faithfulness\r\n"Where, exactly?","He said ""no""\nthen left",0.9\nplain,row,0.7\n');
    expect(read).toEqual({ ok: true, value: { header: ['question', 'answer', 'faithfulness'], rows: [['Where, exactly?', 'He said "no"\nthen left', '0.9'], ['plain', 'row', '0.7']], rowLines: [2, 4], truncated: false } });
  });

  it('takes the separator the header uses, and reports an unterminated quote', () => {
    expect(parseCsv('date;score\n2025-01-01;0.8\n')).toMatchObject({ ok: true, value: { header: ['date', 'score'], rows: [['2025-01-01', '0.8']] } });
    expect(parseCsv('a,b\n"open,1\n')).toMatchObject({ ok: false, error: { message: 'unterminated quoted field', line: 2 } });
    expect(parseCsv('')).toMatchObject({ ok: false });
  });

  it('stops at the row cap and says so', () => {
    const read = parseCsv('a\n' + '1\n'.repeat(30), { maxRows: 10 });
    expect(read.ok && read.value.rows.length).toBe(10);
    expect(read.ok && read.value.truncated).toBe(true);
  });
});

describe('promptfoo result files', () => {
  const output = promptfooOutput([
    { label: 'answer-v3', raw: 'You answer from {{articles}}.', provider: 'openai:gpt-4o-mini', cases: [{ pass: true, rubric: 0.9, latency: 1200 }, { pass: false, rubric: 0.6, latency: 4100 }] },
    { label: 'answer-v2', raw: 'Answer {{question}}.', provider: 'openai:gpt-4o-mini', cases: [{ pass: true, rubric: 0.85, latency: 900 }, { pass: false, rubric: 0.7, latency: 800, error: 'timeout' }] },
  ]);

  it('reads the run: id, time, description, commit, and per prompt column its counts, worst rubric case, slowest case', () => {
    expect(isPromptfooResults(output)).toBe(true);
    const run = readPromptfooResults(output)!;
    expect(run).toMatchObject({ evalId: 'eval-abc-2025-06-01T10:00:00', timestamp: '2025-06-01T10:00:00.000Z', description: 'Answer prompt v3 against v2', commit: '0123456789abcdef0123456789abcdef01234567', providers: ['openai:gpt-4o-mini'], stats: { successes: 2, failures: 2, errors: 0 }, cases: 4 });
    expect(run.variants[0]).toMatchObject({ label: 'answer-v3', providerId: 'openai:gpt-4o-mini', raw: 'You answer from {{articles}}.', passed: 1, failed: 1, errors: 0, maxLatencyMs: 4100, namedScores: { grounded: 0.9 } });
    expect(run.variants[0].assertions).toEqual([
      { type: 'llm-rubric', threshold: 0.8, cases: 2, passed: 1, minScore: 0.6, meanScore: 0.75 },
      { type: 'latency', threshold: 5000, cases: 2, passed: 2, minScore: 1, meanScore: 1 },
      { type: 'contains', cases: 2, passed: 1, minScore: 0, meanScore: 0.5 },
    ]);
    expect(run.variants[1]).toMatchObject({ label: 'answer-v2', passed: 1, failed: 0, errors: 1 });
  });

  it('reads the same file written as YAML (`-o results.yaml`)', async () => {
    const { stringify } = await import('yaml');
    const parsed = parseYaml(stringify(output));
    expect(parsed.ok && readPromptfooResults(parsed.value)?.variants.map((v) => v.label)).toEqual(['answer-v3', 'answer-v2']);
  });

  it('is not fooled by a config file or a bare results list', () => {
    expect(isPromptfooResults({ prompts: ['p'], providers: ['x'], tests: [] })).toBe(false);
    expect(readPromptfooResults({ results: [1, 2] })).toBeNull();
    expect(readPromptfooResults({ evalId: 'x', results: { results: [{ promptIdx: 5 }, { promptIdx: 0, namedScores: { __proto__: 1 } }], stats: 'no' } })).toMatchObject({ variants: [{ label: 'prompt 1' }], stats: null });
  });

  it('reads a CSV export by its [PASS]/[FAIL] cells, one variant per graded column', () => {
    const table = parseCsv('question,[openai:gpt-4o-mini] answer-v3,[openai:gpt-4o] answer-v3\nq1,[PASS] fine,[PASS] ok\nq2,"[FAIL] missing KB id\n---\ntext",[PASS] ok\n');
    expect(table.ok && readPromptfooCsv(table.value)).toMatchObject({ variants: [{ provider: 'openai:gpt-4o-mini', passed: 1, failed: 1 }, { provider: 'openai:gpt-4o', passed: 2, failed: 0 }], stats: { successes: 3, failures: 1, errors: 0 } });
    const plain = parseCsv('question,answer\nq1,a1\n');
    expect(plain.ok && readPromptfooCsv(plain.value)).toBeNull();
  });
});

describe('DeepEval, Langfuse and LangSmith exports', () => {
  it('reads a DeepEval test run: cases, per-metric means and thresholds, hyperparameters', () => {
    const run = readDeepevalTestRun({
      testRunData: {
        testFile: 'tests/test_answers.py',
        identifier: 'answer-v3 nightly',
        testCases: [
          { name: 'test_case_0', success: true, metricsData: [{ name: 'Faithfulness', threshold: 0.7, success: true, score: 0.9 }, { name: 'Answer Relevancy', threshold: 0.5, success: true, score: 0.8 }] },
          { name: 'test_case_1', success: false, metricsData: [{ name: 'Faithfulness', threshold: 0.7, success: false, score: 0.5 }] },
          { name: 'test_case_2', success: false, metricsData: [{ name: 'Faithfulness', threshold: 0.7, error: 'rate limited' }] },
        ],
        metricsScores: [],
        hyperparameters: { model: 'gpt-4o-mini', 'prompt template': 'answer-v3', revision_id: 'abc1234' },
        testPassed: 1,
        testFailed: 2,
      },
    });
    expect(run).toMatchObject({ tool: 'deepeval', name: 'answer-v3 nightly', commit: 'abc1234', cases: 3, passed: 1, failed: 2, errors: 1, metrics: { Faithfulness: 0.7, 'Answer Relevancy': 0.8 }, thresholds: { Faithfulness: 0.7, 'Answer Relevancy': 0.5 }, parameters: { model: 'gpt-4o-mini', 'prompt template': 'answer-v3' } });
    expect(readDeepevalTestRun({ testCases: 'no' })).toBeNull();
  });

  it('reads a Langfuse dataset run with joined scores', () => {
    const run = readLangfuseDatasetRun({ id: 'r1', name: 'prompt-v4 on gpt-4o', description: 'v4 adds refusal rules', metadata: { model: 'gpt-4o', prompt_version: 'v4' }, datasetName: 'support-golden', createdAt: '2025-05-02T08:00:00Z', datasetRunItems: [{ id: 'i1', traceId: 't1', scores: [{ name: 'correctness', value: 1 }] }, { id: 'i2', traceId: 't2', scores: [{ name: 'correctness', value: 0 }] }] });
    expect(run).toMatchObject({ tool: 'langfuse', name: 'prompt-v4 on gpt-4o', timestamp: '2025-05-02T08:00:00Z', cases: 2, metrics: { correctness: 0.5 }, parameters: { model: 'gpt-4o', prompt_version: 'v4' } });
    expect(readLangfuseDatasetRun({ datasetRunItems: [] })).toBeNull();
  });

  it('reads a LangSmith experiment and its runs as JSONL values', () => {
    expect(readLangsmithExperiment({ name: 'answer-v4-3f2a', start_time: '2025-05-03T09:00:00', reference_dataset_id: 'd1', run_count: 40, feedback_stats: { correctness: { n: 40, avg: 0.85 } }, extra: { metadata: { revision_id: 'deadbeef', model: 'gpt-4o' } } })).toMatchObject({ tool: 'langsmith', name: 'answer-v4-3f2a', cases: 40, commit: 'deadbeef', metrics: { correctness: 0.85 } });
    const runs = [
      { id: 'a', session_id: 's', reference_example_id: 'e1', start_time: '2025-05-03T09:00:01', feedback_stats: { correctness: { n: 1, avg: 1 } } },
      { id: 'b', session_id: 's', reference_example_id: 'e2', start_time: '2025-05-03T09:00:02', feedback_stats: { correctness: { n: 1, avg: 0 } }, error: 'boom' },
    ];
    expect(readLangsmithExperiment(runs)).toMatchObject({ cases: 2, errors: 1, metrics: { correctness: 0.5 }, timestamp: '2025-05-03T09:00:01' });
    expect(readLangsmithExperiment([{ id: 'x' }, { id: 'y' }])).toBeNull();
  });

  it('reads a team-made evaluation summary only when scores come with a configuration or samples', () => {
    expect(readEvalSummary({ config: { experiment_name: 'chunk-size-500', llm: 'gpt-4' }, retrieval_score: 0.55, quality_score: 3.6, results: [{}, {}] })).toMatchObject({ tool: 'eval-summary', name: 'chunk-size-500', cases: 2, metrics: { retrieval_score: 0.55, quality_score: 3.6 }, parameters: { experiment_name: 'chunk-size-500', llm: 'gpt-4' } });
    expect(readEvalSummary({ score: 1 })).toBeNull();
    expect(readEvalSummary({ config: {}, name: 'x' })).toBeNull();
  });
});

describe('result tables and claims', () => {
  it('reads a Ragas per-sample table as one run of metric means', () => {
    const reading = readEvalResultsTable(['user_input', 'retrieved_contexts', 'response', 'faithfulness', 'answer_relevancy'], [['q1', '[]', 'a', '0.9', '0.8'], ['q2', '[]', 'b', '0.7', ''], ['q3', '[]', 'c', 'nan', '0.6']]);
    expect(reading).toMatchObject({ kind: 'samples', run: { tool: 'ragas', cases: 3 } });
    const metrics = reading.kind === 'samples' ? reading.run.metrics : {};
    expect(metrics.faithfulness).toBeCloseTo(0.8);
    expect(metrics.answer_relevancy).toBeCloseTo(0.7);
  });

  it('reads a run-history table in Markdown: one run per row with its date, version, metrics and note', () => {
    const document = parseMarkdown('# Eval history\n\n| Date | Prompt version | Model | Pass rate | Faithfulness | Notes |\n|---|---|---|---|---|---|\n| 2025-02-01 | v1 | gpt-4o-mini | 18/24 | 0.71 | baseline |\n| 2025-03-01 | v2 | gpt-4o-mini | 92 % | 0.84 | kept v2: fewer invented fees |\n');
    const table = document.tables[0];
    const reading = readEvalResultsTable(table.header, table.rows, table.rowLines);
    expect(reading).toMatchObject({
      kind: 'runs',
      runs: [
        { tool: 'results-table', timestamp: '2025-02-01', passed: 18, failed: 6, metrics: { faithfulness: 0.71 }, description: 'baseline', parameters: { 'Prompt version': 'v1', Model: 'gpt-4o-mini' }, line: 5 },
        { timestamp: '2025-03-01', metrics: { pass_rate: 0.92, faithfulness: 0.84 }, description: 'kept v2: fewer invented fees', line: 6 },
      ],
    });
  });

  it('ignores tables of cases or settings', () => {
    expect(readEvalResultsTable(['question', 'expected'], [['q', 'a']])).toEqual({ kind: 'none' });
    expect(readEvalResultsTable(['Setting', 'Value'], [['temperature', '0.2']])).toEqual({ kind: 'none' });
    expect(metricKeyOf('feedback.correctness')).toBe('correctness');
    expect(metricKeyOf('Faithfulness (mean)')).toBe('faithfulness');
    expect(metricKeyOf('Customer tier')).toBeNull();
  });

  it('reads documented pass counts with their date and subject', () => {
    expect(readEvalClaims(['Date', 'Template', 'Change', 'Evaluation run'], [['2025-04-02', '`answer.j2`', 'citations required', 'suite 24/24'], ['2025-04-03', 'x', 'y', 'not run']], [17, 18])).toEqual([
      { date: '2025-04-02', passed: 24, total: 24, text: 'suite 24/24', subject: '`answer.j2` · citations required', line: 17 },
    ]);
    expect(readEvalClaims(['Date', 'Change'], [['2025-04-02', '1/2 done']])).toEqual([]);
  });

  it('reads pass counts a sentence documents with the date of its run', () => {
    const text = 'Version 1.2.0 was approved on 2025-06-13. It drafts with answer.j2: 24 of 24 cases passed in the suite run of 2025-05-20, and the pilot weeks of 2025-05-26 to 2025-06-08 measured p95 6.1 s.';
    expect(readProseClaims(text, 30)).toEqual([{ date: '2025-05-20', passed: 24, total: 24, text: '24 of 24 cases passed', subject: expect.stringContaining('It drafts with answer.j2'), line: 30 }]);
    expect(readProseClaims('In the bake-off run of 2025-03-14, Haiku passed 17 of 24.')).toMatchObject([{ date: '2025-03-14', passed: 17, total: 24 }]);
    expect(readProseClaims('`rewrite_query.j2` drops signatures (suite 24/24 on 2025-05-20).')).toMatchObject([{ date: '2025-05-20', passed: 24, total: 24, text: 'suite 24/24' }]);
    expect(readProseClaims('24 of 24 cases passed in the suite.')).toEqual([]);
    expect(readProseClaims('On 2025-03-14, 3 of 5 reviewers passed the training.')).toEqual([]);
  });
});
