// llm-system recall: what a careful reviewer counts, under a place or format the check did not read. A golden
// set kept as a JSON list under an evaluation folder or named as an "eval dataset"; and a walkthrough notebook
// the README sends its reader to, read for its Markdown cells. Each with the case that must stay uncounted.
import { describe, expect, test } from 'vitest';
import check from '../checks/llm-system.js';
import { findingIds, runRaw } from './helpers.js';

const judged = async (files: Record<string, string>) => {
  const outcome = await runRaw(check, files);
  if (outcome.status !== 'judged') throw new Error(`expected judged, got skip: ${outcome.reason}`);
  return outcome;
};

const DEPS = { 'requirements.txt': 'langchain==0.2.16\nopenai==1.51.0\npgvector==0.3.5\n' };

/** A notebook: cells of [type, source]. Code cells carry outputs a reader would not call documentation. */
function notebook(cells: Array<['markdown' | 'code', string]>): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map(([type, source]) =>
      type === 'markdown' ? { cell_type: 'markdown', metadata: {}, source: source.split(/(?<=\n)/) } : { cell_type: 'code', metadata: {}, execution_count: 1, outputs: [], source: source.split(/(?<=\n)/) },
    ),
  });
}

const WALKTHROUGH = notebook([
  ['markdown', '# Building the support assistant\n\nThis notebook builds the assistant end to end.'],
  ['code', 'import ray\nfrom rag.config import EMBEDDING_DIMENSIONS\n'],
  ['markdown', '## Sources\n\nThe sources are the product documentation pages (HTML) scraped from docs.example.com, about 3,000 pages.'],
  ['markdown', '## Chunk data\n\nEach page section is split with a recursive character splitter: chunks of 300 tokens with 50 tokens of overlap.'],
  ['code', 'chunks = splitter.split_documents(sections)\n'],
  ['markdown', '## Index data\n\nChunks are embedded with thenlper/gte-base and stored in a pgvector table with an HNSW index.\n\nThe index is rebuilt nightly from the latest documentation build.'],
]);

describe('a walkthrough notebook the documentation links to', () => {
  test('its Markdown cells document the retrieval pipeline, with the cell as the place', async () => {
    const outcome = await judged({
      ...DEPS,
      'rag/embed.py': 'def embed(chunks):\n    return model.encode(chunks)\n',
      'README.md': '# Support assistant\n\n## Setup\n\nInstall the requirements, then go through the [walkthrough](notebooks/build.ipynb) to build and serve the application.\n',
      'notebooks/build.ipynb': WALKTHROUGH,
    });
    expect(outcome.criteria['retrieval-documented']).toBe(1);
    expect(findingIds(outcome)).not.toContain('retrieval-undocumented');
    expect(outcome.evidence.find((entry) => entry.kind === 'llm-doc:retrieval')).toEqual({ path: 'notebooks/build.ipynb', kind: 'llm-doc:retrieval', note: 'covers sources, chunking, index, refresh (Markdown cell 3)' });
  });

  test('a link to the same notebook on GitHub or Colab counts as a link to it', async () => {
    const outcome = await judged({
      ...DEPS,
      'rag/embed.py': 'def embed(chunks):\n    return model.encode(chunks)\n',
      'README.md': '# Support assistant\n\n[Open in Colab](https://colab.research.google.com/github/acme/assistant/blob/main/notebooks/build.ipynb)\n',
      'notebooks/build.ipynb': WALKTHROUGH,
    });
    expect(outcome.criteria['retrieval-documented']).toBe(1);
  });

  test('a notebook nobody links to is not documentation, and code cells are never read as documentation', async () => {
    const unlinked = await judged({
      ...DEPS,
      'rag/embed.py': 'def embed(chunks):\n    return model.encode(chunks)\n',
      'README.md': '# Support assistant\n\nInstall the requirements and run `python serve.py`.\n',
      'notebooks/build.ipynb': WALKTHROUGH,
    });
    expect(unlinked.criteria['retrieval-documented']).toBe(0);
    expect(findingIds(unlinked)).toContain('retrieval-undocumented');

    // Linked, but everything about retrieval is in code and comments: nothing is documented.
    const codeOnly = notebook([
      ['markdown', '# Experiments'],
      ['code', '# Index data: chunks of 300 tokens, embedded with gte-base into pgvector, rebuilt nightly from docs.example.com\nchunks = splitter.split_documents(sections)\n'],
    ]);
    const linkedCode = await judged({
      ...DEPS,
      'rag/embed.py': 'def embed(chunks):\n    return model.encode(chunks)\n',
      'README.md': '# Support assistant\n\nSee [the experiments](notebooks/build.ipynb).\n',
      'notebooks/build.ipynb': codeOnly,
    });
    expect(linkedCode.criteria['retrieval-documented']).toBe(0);
  });

  test('a link to a notebook that is not in the delivery, or to something that is not a notebook, reads nothing', async () => {
    const outcome = await judged({
      ...DEPS,
      'rag/embed.py': 'def embed(chunks):\n    return model.encode(chunks)\n',
      'README.md': '# Support assistant\n\n[Walkthrough](https://github.com/other/repo/blob/main/notebooks/missing.ipynb), [notes](../outside.ipynb), [data](notebooks/build.ipynb.json)\n',
      'notebooks/build.ipynb.json': WALKTHROUGH,
      'notebooks/other.ipynb': 'not json at all \u0000\u0001',
    });
    expect(outcome.criteria['retrieval-documented']).toBe(0);
  });
});

describe('golden sets under other names and formats', () => {
  const goldenJson = (fields: (i: number) => Record<string, unknown>, length = 6) => JSON.stringify(Array.from({ length }, (_, i) => fields(i)), null, 2);

  test('a JSON list with expected answers under an evaluation folder is a golden set', async () => {
    const outcome = await judged({
      ...DEPS,
      'notebooks/evaluation/data/0.3.0/synthetic/qa.json': goldenJson((i) => ({ input: `What does clause ${i} say?`, context: [`Clause ${i} says …`], expected_output: `It says … (${i})` })),
    });
    expect(outcome.evidence.find((entry) => entry.kind === 'eval-set')).toEqual({ path: 'notebooks/evaluation/data/0.3.0/synthetic/qa.json', kind: 'eval-set', note: '6 case(s) with expected answers' });
    expect(outcome.criteria['evaluation-set']).toBeCloseTo(0.5 + 0.5 * (6 / 20), 5);
  });

  test('JSON under an evaluation folder without expected answers, run outputs and configurations are not golden sets', async () => {
    const outcome = await judged({
      ...DEPS,
      // Questions alone in a JSON list may as well be what a run was asked and wrote.
      'evals/questions.json': goldenJson((i) => ({ question: `q${i}`, generated: `a${i}` })),
      // What a run wrote, with the answers it gave, kept under results/.
      'evals/results/run-2024-05-01.json': goldenJson((i) => ({ question: `q${i}`, answer: `a${i}`, score: 4 })),
      'evals/eval_config.json': JSON.stringify({ model: 'gpt-4o', metrics: ['groundedness'] }),
      'evaluation/summary.json': JSON.stringify({ groundedness: 4.2, relevance: 4.5 }),
    });
    expect(outcome.evidence.filter((entry) => entry.kind === 'eval-set')).toEqual([]);
    expect(findingIds(outcome)).toContain('no-eval-set');
  });

  test('a JSONL file named as an eval dataset is an evaluation set; other datasets and eval settings are not', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ question: `How do I configure feature ${i}?`, source: `https://docs.example.com/feature-${i}` })).join('\n');
    const named = await judged({ ...DEPS, 'datasets/eval-dataset-v1.jsonl': lines });
    expect(named.evidence.find((entry) => entry.kind === 'eval-set')).toEqual({ path: 'datasets/eval-dataset-v1.jsonl', kind: 'eval-set', note: '30 case(s), no expected-answer field' });
    // Cases with nothing to check an answer against: half the criterion at most.
    expect(named.criteria['evaluation-set']).toBe(0.5);
    expect(findingIds(named)).toContain('eval-set-unchecked');

    const others = await judged({
      ...DEPS,
      'datasets/train-dataset.jsonl': lines,
      'datasets/routing-dataset-test.jsonl': lines,
      'config/eval_settings.json': JSON.stringify([{ metric: 'groundedness', threshold: 4 }]),
    });
    expect(others.evidence.filter((entry) => entry.kind === 'eval-set')).toEqual([]);
  });
});
