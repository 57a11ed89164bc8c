// dataset-versioning per system profile (#18): an LLM application's versioned data are its evaluation sets and
// its retrieval corpus; a dbt pipeline's are its seeds, sources and models. Real trees, real files, the real engine.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../checks/dataset-versioning.js';
import { stagesIn } from '../src/datasets/ingestion-code.js';
import { versionInPath } from '../src/datasets/versioned-paths.js';
import type { CheckResult } from '../src/report/report.js';
import { FIXTURES, findingIds, runCheck } from './helpers.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const LLM = { profiles: ['llm-application' as const] };
const values = (result: CheckResult) => Object.fromEntries(result.criteria.map((criterion) => [criterion.id, criterion.value]));
const evidenceOf = (result: CheckResult, kind: string) => result.evidence.filter((item) => item.kind === kind).map((item) => `${item.path} ${item.note ?? ''}`);

const PYPROJECT = '[project]\nname = "helpdesk-bot"\nversion = "0.3.0"\ndependencies = ["openai==1.51.0", "fastapi==0.115.4"]\n';
const RAG_PYPROJECT = '[project]\nname = "helpdesk-bot"\nversion = "0.3.0"\ndependencies = ["openai==1.51.0", "chromadb==0.5.18", "langchain-text-splitters==0.3.2"]\n';
const APP = 'from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef answer(question: str) -> str:\n    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": question}]).choices[0].message.content\n';
const GOLDEN = '{"question": "How do I reset my password?", "expected": "Use the reset link on the sign-in page."}\n{"question": "Can I change my username?", "expected": "No, usernames are permanent."}\n';
const DEEPEVAL = JSON.stringify([
  { input: 'Which teams own the billing service?', expected_output: 'The payments platform team owns billing.', context: ['Billing is owned by the payments platform team.'] },
  { input: 'When is the quarterly review?', expected_output: 'In the first week of each quarter.', context: ['Reviews happen in the first week of each quarter.'] },
]);

describe('the definition', () => {
  it('declares what it judges for an LLM application and a data pipeline', () => {
    expect(check.profiles?.['llm-application']).toMatch(/evaluation sets/);
    expect(check.profiles?.['llm-application']).toMatch(/retrieval corpus/);
    expect(check.profiles?.['data-pipeline']).toMatch(/dbt/);
    expect(check.recognises.some((line) => /version folders/.test(line))).toBe(true);
  });
});

describe('llm-application: evaluation sets and the retrieval corpus', () => {
  it('passes llm-app-complete: eval sets hashed in a manifest, a corpus manifest, ingestion code, retrieval docs', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'llm-app-complete'), LLM);
    expect(result.status).toBe('pass');
    expect(result.score).toBe(10);
    expect(result.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    expect(evidenceOf(result, 'eval-set')).toEqual(['evals/cases/support_cases.yaml promptfoo, 24 case(s); pinned by sha256 in evals/MANIFEST.yaml']);
    expect(evidenceOf(result, 'corpus-manifest')[0]).toMatch(/^data\/corpus\/MANIFEST\.yaml 3 source\(s\), version kb-2025-06-08/);
    expect(evidenceOf(result, 'ingestion-code').some((note) => /index_store\.py .*embed.*write/.test(note))).toBe(true);
    expect(evidenceOf(result, 'data-file')).toEqual(expect.arrayContaining([expect.stringMatching(/^evals\/cases\/support_cases\.yaml match: sha256 match/)]));
    expect(result.summary).toMatch(/retrieval corpus pinned .*sources named, ingestion code found, rebuild documented/);
  });

  it('scores 0 on every criterion for an LLM app with none of the artifacts, naming what was looked for', async () => {
    const result = await runCheck(check, { 'pyproject.toml': PYPROJECT, 'src/bot/app.py': APP, 'README.md': '# Helpdesk bot\n\nAnswers staff questions.\n' }, LLM);
    expect(result.score).toBe(0);
    expect(Object.values(values(result)).every((value) => value === 0)).toBe(true);
    const none = result.findings.find((finding) => finding.id === 'no-eval-sets');
    expect(none?.message).toMatch(/promptfoo test files.*golden JSONL\/CSV.*release folders/);
    expect(findingIds(result)).not.toContain('no-data-versioning');
    expect(result.summary).toMatch(/no retrieval corpus/);
  });

  it('asks for the corpus of an app that retrieves: manifest, ingestion code, sources and rebuild, each named', async () => {
    const result = await runCheck(
      check,
      { 'pyproject.toml': RAG_PYPROJECT, 'src/bot/app.py': APP, 'evals/golden.jsonl': GOLDEN, 'evals/README.md': 'Questions sampled from the March helpdesk tickets and answered by two senior agents, who wrote each expected answer by hand.\n' },
      LLM,
    );
    const ids = findingIds(result);
    expect(ids).toEqual(expect.arrayContaining(['corpus-not-pinned', 'no-ingestion-code', 'corpus-sources-undocumented', 'rebuild-undocumented', 'unversioned-eval-set']));
    expect(result.findings.find((finding) => finding.id === 'corpus-not-pinned')?.message).toMatch(/chromadb.*data\/corpus\/MANIFEST\.yaml/);
    const v = values(result);
    // The golden set is committed without a version (half), the corpus is not pinned at all.
    expect(v.pinned).toBeCloseTo(0.25);
    expect(v.stored).toBeCloseTo(0.5);
  });

  it('gives half for corpus documents committed without a manifest: the commit pins them, nothing says as of when', async () => {
    const article = (title: string) => `# ${title}\n\nStaff can request this through the service desk portal; approval takes two working days.\n`;
    const result = await runCheck(
      check,
      { 'pyproject.toml': RAG_PYPROJECT, 'src/bot/app.py': APP, 'knowledge_base/vpn.md': article('VPN access'), 'knowledge_base/laptops.md': article('Laptop refresh'), 'knowledge_base/leave.md': article('Annual leave') },
      LLM,
    );
    expect(evidenceOf(result, 'corpus-documents')).toEqual(['knowledge_base 3 document(s) committed']);
    expect(result.findings.find((finding) => finding.id === 'corpus-not-pinned')?.message).toMatch(/^3 document\(s\) committed in knowledge_base: the commit pins them/);
    expect(findingIds(result)).not.toContain('corpus-sources-undocumented');
    // No evaluation set (0) and a corpus pinned by the commit only (0.5).
    expect(values(result).pinned).toBeCloseTo(0.25);
  });

  it('takes neither a code licence outside the retrieval section nor a generic data loader for the corpus', async () => {
    const readme = '# Helpdesk bot\n\n## Retrieval\n\nAnswers come from the IT knowledge base articles in Confluence, embedded nightly into Chroma.\n\n## Licence\n\nThe code is licensed under the MIT licence, see LICENSE.\n';
    const loader = 'import pandas as pd\n\n\ndef load_data(path: str) -> pd.DataFrame:\n    return pd.read_csv(path)\n';
    const result = await runCheck(check, { 'pyproject.toml': RAG_PYPROJECT, 'src/bot/app.py': APP, 'src/bot/data_loader.py': loader, 'README.md': readme }, LLM);
    expect(values(result).licence).toBe(0);
    expect(evidenceOf(result, 'ingestion-code')).toEqual([]);
    expect(evidenceOf(result, 'corpus-documentation')).toEqual(['README.md says the corpus sources', 'README.md says how the index is refreshed or rebuilt']);
  });

  it('counts evaluation releases kept in version folders (evaluation/data/0.2.3/) as pinned, with the README that says how they were made', async () => {
    const result = await runCheck(
      check,
      {
        'pyproject.toml': PYPROJECT,
        'src/bot/app.py': APP,
        'notebooks/evaluation/data/0.2.3/synthetic/rag.json': DEEPEVAL,
        'notebooks/evaluation/README.md': '# Evaluation\n\nEach versioned dataset is immutable: questions are synthetic, generated with Ragas from the policy documents of study and reviewed by the team before release.\n',
      },
      LLM,
    );
    expect(evidenceOf(result, 'eval-set')).toEqual(['notebooks/evaluation/data/0.2.3/synthetic/rag.json versioned-release, 2 case(s); pinned by version 0.2.3 in its folder']);
    expect(values(result).pinned).toBe(1);
    expect(values(result).provenance).toBeGreaterThan(0);
    expect(findingIds(result)).not.toContain('unversioned-eval-set');
  });

  it('recognises a LangSmith dataset export under evaluation/ by its records, and leaves other JSON there alone', async () => {
    const langsmith = JSON.stringify({ examples: [{ inputs: { question: 'Where is the VPN guide?' }, outputs: { answer: 'On the IT intranet page.' } }, { inputs: { question: 'Who approves leave?' }, outputs: { answer: 'Your line manager.' } }] });
    const result = await runCheck(check, { 'pyproject.toml': PYPROJECT, 'src/bot/app.py': APP, 'evaluation/helpdesk-qa.json': langsmith, 'evaluation/fixtures/articles.json': JSON.stringify([{ id: 1, title: 'VPN', text: 'Use the client.' }]) }, LLM);
    expect(evidenceOf(result, 'eval-set')).toEqual(['evaluation/helpdesk-qa.json LangSmith dataset export, 2 case(s); committed, no version named']);
  });

  it('counts a version in the file name (datasets/eval-dataset-v2-alpha.jsonl)', async () => {
    const result = await runCheck(check, { 'pyproject.toml': PYPROJECT, 'src/bot/app.py': APP, 'datasets/eval-dataset-v2-alpha.jsonl': GOLDEN }, LLM);
    expect(evidenceOf(result, 'eval-set')).toEqual(['datasets/eval-dataset-v2-alpha.jsonl versioned-release, 2 case(s); pinned by version v2-alpha in its file name']);
    expect(values(result).pinned).toBe(1);
  });

  it('reports an eval-set manifest hash that does not match the committed file, at its line', async () => {
    const manifest = `version: 3\nfiles:\n  - name: golden\n    path: golden.jsonl\n    sha256: ${sha256('an older version')}\n`;
    const result = await runCheck(check, { 'pyproject.toml': PYPROJECT, 'src/bot/app.py': APP, 'evals/golden.jsonl': GOLDEN, 'evals/MANIFEST.yaml': manifest }, LLM);
    expect(result.findings.find((finding) => finding.id === 'hash-mismatch')).toMatchObject({ path: 'evals/MANIFEST.yaml', line: 4 });
    expect(values(result).consistent).toBeLessThan(1);
    expect(evidenceOf(result, 'eval-set')[0]).toMatch(/pinned by sha256 in evals\/MANIFEST\.yaml/);
  });

  it('counts evaluation sets kept outside git by what declares them: a .dvc file with a remote, a bucket in a manifest', async () => {
    const dvc = `outs:\n- md5: ${'a'.repeat(32)}.dir\n  size: 20480\n  nfiles: 3\n  hash: md5\n  path: golden\n`;
    const manifest = `files:\n  - name: red-team\n    path: s3://helpdesk-evals/red-team/2025-05-02.jsonl\n    sha256: ${sha256('red team cases')}\n`;
    const result = await runCheck(
      check,
      { 'pyproject.toml': PYPROJECT, 'src/bot/app.py': APP, '.dvc/config': "[core]\n    remote = evals\n['remote \"evals\"']\n    url = s3://helpdesk-evals/dvc\n", 'evals/golden.dvc': dvc, 'evals/MANIFEST.yaml': manifest },
      LLM,
    );
    expect(evidenceOf(result, 'eval-set')).toEqual([
      'evals/golden dvc-file; pinned by md5 in evals/golden.dvc',
      's3://helpdesk-evals/red-team/2025-05-02.jsonl manifest entry; pinned by sha256 in evals/MANIFEST.yaml',
    ]);
    expect(findingIds(result)).not.toContain('no-eval-sets');
    expect(values(result).pinned).toBe(1);
    expect(values(result).stored).toBe(1);
  });

  it('reports a list manifest that is not YAML, and goes on', async () => {
    const result = await runCheck(check, { 'pyproject.toml': PYPROJECT, 'src/bot/app.py': APP, 'evals/golden.jsonl': GOLDEN, 'evals/MANIFEST.yaml': 'files: [\n  - {path: golden.jsonl\n', 'evals/v1/cases.jsonl': new Uint8Array([0, 159, 146, 150, 0, 1]) }, LLM);
    expect(result.findings.find((finding) => finding.id === 'unparsed-file')?.path).toBe('evals/MANIFEST.yaml');
    expect(evidenceOf(result, 'eval-set')).toEqual(['evals/golden.jsonl golden-set, 2 case(s); committed, no version named']);
  });

  it('still asks a training repository with an LLM dependency for versioned training data', async () => {
    const train = 'import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n\nframe = pd.read_csv("data/train.csv")\nmodel = LogisticRegression().fit(frame[["x"]], frame["y"])\n';
    const result = await runCheck(
      check,
      { 'pyproject.toml': PYPROJECT, 'src/bot/app.py': APP, 'train.py': train, 'evals/datasets/v2/golden.jsonl': GOLDEN },
      { profiles: ['trained-model', 'llm-application'] },
    );
    expect(findingIds(result)).toContain('no-data-versioning');
    expect(values(result).pinned).toBe(0);
    // The pinned eval set is shown, but it does not stand in for the training data.
    expect(evidenceOf(result, 'eval-set')).toEqual(['evals/datasets/v2/golden.jsonl golden-set, 2 case(s); pinned by version v2 in its folder']);
  });
});

describe('data-pipeline: a dbt project', () => {
  const project = "name: 'warehouse'\nconfig-version: 2\nversion: '1.0'\nmodel-paths: ['models']\nseed-paths: ['seeds']\n";
  const sources = `version: 2
sources:
  - name: crm
    database: analytics
    schema: crm_raw
    description: Nightly Fivetran replication of the Salesforce CRM production org, loaded at 02:00 UTC.
    loaded_at_field: _fivetran_synced
    freshness:
      warn_after: {count: 24, period: hour}
    tables:
      - name: accounts
        description: One row per customer account, including closed accounts.
        columns:
          - name: id
            tests: [unique, not_null]
      - name: contacts
`;
  const schema = `version: 2
models:
  - name: dim_customers
    description: One row per active customer, accounts joined to their primary contact, deduplicated on account id.
    columns:
      - name: customer_id
        tests: [unique, not_null]
  - name: fct_orders
    description: Orders with payment totals.
`;

  it('judges sources with freshness, seeds by the commit, and data tests as consistency', async () => {
    const result = await runCheck(
      check,
      { 'dbt_project.yml': project, 'models/sources.yml': sources, 'models/schema.yml': schema, 'models/dim_customers.sql': 'select 1', 'seeds/country_codes.csv': 'code,name\nDE,Germany\n' },
      { profiles: ['data-pipeline'] },
    );
    const v = values(result);
    expect(v.pinned).toBe(1); // two source tables under a freshness check, one committed seed
    expect(v.stored).toBe(1);
    expect(v.consistent).toBe(0.5); // accounts and dim_customers tested; contacts and fct_orders not
    expect(v.provenance).toBe(1);
    expect(v.preprocessing).toBeGreaterThan(0);
    const untested = result.findings.filter((finding) => finding.id === 'untested-dataset').map((finding) => `${finding.path}:${finding.line}`);
    expect(untested).toEqual(['models/schema.yml:8', 'models/sources.yml:16']);
    expect(findingIds(result)).not.toContain('no-data-versioning');
    expect(evidenceOf(result, 'dbt-project')[0]).toMatch(/^dbt_project\.yml 2 source table\(s\), 2 documented model\(s\), 1 seed\(s\)/);
  });

  it('asks for a freshness check on a source without one', async () => {
    const bare = 'version: 2\nsources:\n  - name: erp\n    tables:\n      - name: invoices\n';
    const result = await runCheck(check, { 'dbt_project.yml': project, 'models/sources.yml': bare }, { profiles: ['data-pipeline'] });
    expect(result.findings.find((finding) => finding.id === 'source-freshness-missing')).toMatchObject({ path: 'models/sources.yml', line: 5 });
    expect(values(result).pinned).toBe(0);
  });

  it('reads no folder outside the project root and survives properties that are not YAML', async () => {
    const hostile = "name: 'x'\nmodel-paths: ['../../etc', 'models']\nseed-paths: ['/']\n";
    const result = await runCheck(check, { 'dbt_project.yml': hostile, 'models/schema.yml': 'models: [\n  - {name: a\n', 'models/sources.yml': sources, 'models/blob.yml': new Uint8Array([0, 255, 0, 1]) }, { profiles: ['data-pipeline'] });
    expect(result.status).not.toBe('error');
    expect(evidenceOf(result, 'dbt-project')[0]).toMatch(/^dbt_project\.yml 2 source table\(s\), 0 documented model\(s\)/);
    expect(values(result).pinned).toBe(1);
  });

  it('scores a dbt project declaring no inputs 0 on pinned, naming what is missing', async () => {
    const result = await runCheck(check, { 'dbt_project.yml': project, 'models/orders.sql': 'select 1' }, { profiles: ['data-pipeline'] });
    expect(result.findings.find((finding) => finding.id === 'no-datasets-declared')?.message).toMatch(/no sources \(sources\.yml\) and commits no seeds/);
    expect(values(result).pinned).toBe(0);
    expect(values(result).consistent).toBe(0);
  });
});

describe('recognisers', () => {
  it.each([
    ['evals/datasets/v2/cases.jsonl', 'v2', 'folder'],
    ['notebooks/evaluation/data/0.2.3/synthetic/rag.json', '0.2.3', 'folder'],
    ['data/corpus/2025-05-01/articles.jsonl', '2025-05-01', 'folder'],
    ['datasets/eval-dataset-v1.jsonl', 'v1', 'name'],
    ['golden_v2.1.csv', 'v2.1', 'name'],
  ])('%s is versioned %s by %s', (file, version, where) => {
    expect(versionInPath(file)).toEqual({ version, where });
  });

  it.each(['node_modules/pkg/data/1.2.3/x.json', 'src/api/v2/schema.json', 'app/v2/handlers.json', 'data/train.csv', 'static/data/v1/app.json'])('%s is not a dataset release', (file) => {
    expect(versionInPath(file)).toBeNull();
  });

  it('names the ingestion stages a file performs', () => {
    const code = 'from langchain_text_splitters import RecursiveCharacterTextSplitter\nloader = PyPDFLoader(path)\nvectors = OpenAIEmbeddings(model="text-embedding-3-large")\nstore = Chroma.from_documents(chunks, vectors)\n';
    expect(stagesIn(code).map((stage) => `${stage.stage}:${stage.line}`)).toEqual(['load:2', 'split:1', 'embed:3', 'write:4']);
    expect(stagesIn('for chunk in stream:\n    print(chunk.delta)\n')).toEqual([]);
  });
});
