// dataset-versioning precision (#16): criteria that only mean something of versioned data (stored, consistent,
// no raw data committed) earn nothing when nothing is versioned; documentation of the data still counts.
// Each case is a small real tree scanned by the real engine, one that earns the credit and one that does not.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import check from '../checks/dataset-versioning.js';
import type { CheckResult } from '../src/report/report.js';
import { findingIds, runCheck } from './helpers.js';

const LLM = { profiles: ['llm-application' as const] };
const values = (result: CheckResult) => Object.fromEntries(result.criteria.map((criterion) => [criterion.id, criterion.value]));
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** A retrieval app in the shape of a government chat service: ingestion code, retrieval docs, no evaluation set. */
const RAG_APP: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "guidance-chat"\nversion = "1.4.0"\ndependencies = ["openai==1.51.0", "opensearch-py==2.7.1", "langchain-text-splitters==0.3.2"]\n',
  'src/chat/answer.py': 'from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef answer(question: str, context: str) -> str:\n    messages = [{"role": "system", "content": context}, {"role": "user", "content": question}]\n    return client.chat.completions.create(model="gpt-4o", messages=messages).choices[0].message.content\n',
  'src/chat/ingest.py': [
    'from langchain_text_splitters import RecursiveCharacterTextSplitter',
    'from openai import OpenAI',
    'from opensearchpy import OpenSearch',
    '',
    'splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=100)',
    'client = OpenAI()',
    'search = OpenSearch(hosts=["localhost:9200"])',
    '',
    '',
    'def index_page(page: dict) -> None:',
    '    for number, chunk in enumerate(splitter.split_text(page["body"])):',
    '        vector = client.embeddings.create(model="text-embedding-3-large", input=chunk).data[0].embedding',
    '        search.index(index="chunks", id=f"{page[\'base_path\']}-{number}", body={"text": chunk, "embedding": vector})',
    '',
  ].join('\n'),
  'docs/search.md': [
    '# Search index',
    '',
    '## Sources',
    '',
    'Every page published on the guidance website is read from the Publishing API content store as it is published.',
    '',
    '## Chunking',
    '',
    'Each page is split on its headings into chunks of at most 1000 characters with 100 characters of overlap.',
    '',
    '## Rebuilding the index',
    '',
    'Run `bin/reindex` to rebuild the whole index from scratch; new pages are indexed on publish.',
    '',
  ].join('\n'),
};

const GOLDEN = '{"question": "How do I renew my passport?", "expected": "Apply online through the renewal service."}\n{"question": "Can I get a fishing licence online?", "expected": "Yes, buy it through the licensing service."}\n';

describe('an LLM application with nothing versioned', () => {
  it('earns nothing for storage, consistency or committed data, and falls below 2, while its documentation still counts', async () => {
    const result = await runCheck(check, RAG_APP, LLM);
    const v = values(result);
    expect(v.pinned).toBe(0);
    expect(v.stored).toBe(0);
    expect(v.consistent).toBe(0);
    expect(v['no-raw-data']).toBe(0);
    // The retrieval docs say where the corpus comes from and how it is chunked: that is documentation of data.
    expect(v.preprocessing).toBeGreaterThan(0);
    expect(result.score).toBeLessThan(2);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['no-eval-sets', 'corpus-not-pinned']));
    expect(result.summary).toMatch(/Nothing is versioned, so storage, consistency and committed-data criteria earn nothing\./);
  });

  it('credits storage and committed data once an evaluation set is kept in a version folder', async () => {
    const result = await runCheck(check, { ...RAG_APP, 'evals/datasets/v3/golden.jsonl': GOLDEN }, LLM);
    const v = values(result);
    expect(v.pinned).toBeGreaterThan(0);
    // The set is in the repository; the corpus is rebuildable (sources named, ingestion code, rebuild documented).
    expect(v.stored).toBeGreaterThan(0.5);
    expect(v['no-raw-data']).toBe(1);
    expect(result.score).toBeGreaterThanOrEqual(2);
    expect(result.summary).not.toMatch(/Nothing is versioned/);
  });

  it('counts an evaluation set committed without a version as pinned by the commit, so the other criteria apply', async () => {
    const result = await runCheck(check, { ...RAG_APP, 'evals/golden.jsonl': GOLDEN }, LLM);
    const v = values(result);
    expect(v.pinned).toBeGreaterThan(0);
    expect(v['no-raw-data']).toBe(1);
    expect(findingIds(result)).toContain('unversioned-eval-set');
  });
});

describe('a trained-model delivery whose versioning files declare no dataset', () => {
  const DVC_CONFIG = "[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://acme-ml-data/churn\n";
  const TRAIN = 'import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n\nframe = pd.read_csv("data/customers.csv")\nmodel = LogisticRegression().fit(frame[["tenure"]], frame["churned"])\n';

  it('earns nothing for a remote that holds no declared dataset', async () => {
    const result = await runCheck(check, { '.dvc/config': DVC_CONFIG, 'train.py': TRAIN });
    const v = values(result);
    expect(findingIds(result)).toContain('no-datasets-declared');
    expect(v.stored).toBe(0);
    expect(v.consistent).toBe(0);
    expect(v['no-raw-data']).toBe(0);
    expect(result.score).toBe(0);
  });

  it('credits the remote once a dataset is tracked with DVC and pushed there', async () => {
    const dvc = `outs:\n- md5: ${md5('customer rows')}\n  size: 13\n  hash: md5\n  path: customers.csv\n`;
    const result = await runCheck(check, { '.dvc/config': DVC_CONFIG, 'train.py': TRAIN, 'data/customers.csv.dvc': dvc });
    const v = values(result);
    expect(v.pinned).toBe(1);
    expect(v.stored).toBe(1);
    expect(v['no-raw-data']).toBe(1);
    expect(result.score).toBeGreaterThanOrEqual(2);
  });
});

describe('labelling said in a data README is preparation', () => {
  const readme = (line: string) => `# Data\n\nThe datasets used by the article classification pipeline, in JSONL.\n\n## composite_dataset.jsonl\n\n${line}\n\nFields: \`text\`, \`answer\` (accept or reject), \`meta.url\`.\n`;
  const articles = '{"text": "How we run evals for our support bot", "answer": "accept"}\n';

  it('reads "manually classified" and "human-verified" articles as labelling done to the data', async () => {
    const result = await runCheck(check, { 'data/README.md': readme('140 human-verified articles, manually classified as accept or reject by the editor of the database.'), 'data/composite_dataset.jsonl': articles });
    expect(values(result).preprocessing).toBeGreaterThan(0);
  });

  it('does not read a sentence about the classifier as labelling', async () => {
    const result = await runCheck(check, { 'data/README.md': readme('The articles the classifier accepted, with the answer it gave for each.'), 'data/composite_dataset.jsonl': articles });
    expect(values(result).preprocessing).toBe(0);
  });
});

describe('a dbt project', () => {
  const project = "name: 'warehouse'\nconfig-version: 2\nversion: '1.0'\nmodel-paths: ['models']\nseed-paths: ['seeds']\n";
  const PIPELINE = { profiles: ['data-pipeline' as const] };

  it('earns nothing for committed data when it names no source and commits no seed', async () => {
    const result = await runCheck(check, { 'dbt_project.yml': project, 'models/orders.sql': 'select id, amount from raw_orders' }, PIPELINE);
    expect(values(result)['no-raw-data']).toBe(0);
    expect(result.score).toBe(0);
  });

  it('credits no raw data in git once a seed is committed', async () => {
    const result = await runCheck(check, { 'dbt_project.yml': project, 'models/orders.sql': 'select 1', 'seeds/country_codes.csv': 'code,name\nDE,Germany\nFR,France\n' }, PIPELINE);
    expect(values(result)['no-raw-data']).toBe(1);
    expect(values(result).pinned).toBe(1);
  });
});
