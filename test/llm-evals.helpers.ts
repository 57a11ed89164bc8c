// Small LLM-application trees for the experiment-tracking and consistency tests: an app on a hosted model with
// a prompt file and a promptfoo suite, and promptfoo output files built case by case.

export type Tree = Record<string, string>;

export const ANSWER_PROMPT = 'You answer billing questions from the articles below.\nCite every article as [KB-<id>].\n\n{{ articles }}\n\nQuestion: {{ question }}\n';

/** An application on a hosted model: dependency, code, one prompt, a promptfoo suite with thresholds. */
export const llmApp: Tree = {
  'requirements.txt': 'openai==1.54.0\nfastapi==0.115.6\n',
  'app/answer.py': 'from openai import OpenAI\n\nclient = OpenAI()\n\ndef answer(prompt):\n    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])\n',
  'prompts/answer.txt': ANSWER_PROMPT,
  'evals/promptfooconfig.yaml':
    'description: billing answers\nprompts:\n  - file://../prompts/answer.txt\nproviders:\n  - openai:gpt-4o-mini\ndefaultTest:\n  assert:\n    - type: llm-rubric\n      value: grounded in the articles\n      threshold: 0.8\n    - type: latency\n      threshold: 5000\ntests:\n  - vars: {question: "Why was I charged twice?"}\n    assert:\n      - type: contains\n        value: KB-\n',
};

export interface CaseOutcome {
  pass: boolean;
  rubric: number;
  latency: number;
}

export interface PromptColumn {
  label: string;
  raw?: string;
  provider: string;
  cases: CaseOutcome[];
}

/** A promptfoo output file (`promptfoo eval -o results.json`, EvaluateSummaryV3) of the given columns. */
export function promptfooOutput(timestamp: string, columns: PromptColumn[], description = 'billing answers'): string {
  const results = columns.flatMap((column, promptIdx) =>
    column.cases.map((entry, testIdx) => ({
      promptIdx,
      testIdx,
      promptId: `id-${column.label}`,
      provider: { id: column.provider },
      prompt: { label: column.label },
      success: entry.pass,
      score: entry.rubric,
      failureReason: entry.pass ? 0 : 1,
      latencyMs: entry.latency,
      namedScores: {},
      gradingResult: {
        pass: entry.pass,
        score: entry.rubric,
        componentResults: [
          { pass: entry.rubric >= 0.8, score: entry.rubric, assertion: { type: 'llm-rubric', value: 'grounded in the articles', threshold: 0.8 } },
          { pass: entry.latency <= 5000, score: entry.latency <= 5000 ? 1 : 0, assertion: { type: 'latency', threshold: 5000 } },
          { pass: entry.pass, score: entry.pass ? 1 : 0, assertion: { type: 'contains', value: 'KB-' } },
        ],
      },
    })),
  );
  const prompts = columns.map((column) => ({
    raw: column.raw ?? ANSWER_PROMPT,
    label: column.label,
    provider: column.provider,
    metrics: { testPassCount: column.cases.filter((c) => c.pass).length, testFailCount: column.cases.filter((c) => !c.pass).length, testErrorCount: 0 },
  }));
  return JSON.stringify({
    evalId: `eval-${timestamp}`,
    results: { version: 3, timestamp, prompts, results, stats: { successes: results.filter((r) => r.success).length, failures: results.filter((r) => !r.success).length, errors: 0 } },
    config: { description, prompts: columns.map((column) => ({ id: 'file://../prompts/answer.txt', label: column.label })), providers: [...new Set(columns.map((column) => column.provider))] },
    shareableUrl: null,
  });
}

/** `n` cases that all pass with the given rubric score and latency. */
export function passing(n: number, rubric = 0.9, latency = 1200): CaseOutcome[] {
  return Array.from({ length: n }, () => ({ pass: true, rubric, latency }));
}
