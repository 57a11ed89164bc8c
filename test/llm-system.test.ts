// llm-system: applicability from dependencies, prompt folders and promptfoo configs; prompts in files and
// documented; models, retrieval, evaluation, guardrails and third-party provider data judged by content.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import check from '../checks/llm-system.js';
import { findInlinePrompts } from '../src/llm/inline-prompts.js';
import { judgeTemplate, templateVariables } from '../src/llm/prompt-files.js';
import { FIXTURES, findingIds, makeTree, runCheck, runRaw, scanDir } from './helpers.js';

const judged = async (files: Record<string, string>) => {
  const outcome = await runRaw(check, files);
  if (outcome.status !== 'judged') throw new Error(`expected judged, got skip: ${outcome.reason}`);
  return outcome;
};

const PROMPTY = `---
name: Answer
description: Drafts an answer to a billing question from the retrieved FAQ passages
model:
  api: chat
  configuration:
    type: azure_openai
    azure_deployment: gpt-4o-mini
  parameters:
    temperature: 0.1
    max_tokens: 400
inputs:
  question:
    type: string
  passages:
    type: list
---
system:
Answer from the passages only.
{% for p in passages %}{{ p }}{% endfor %}
user:
{{ question }}
`;

const PROVIDERS = `# Providers and data

## Third-party providers

| Provider | Data sent | Retention | Training |
|---|---|---|---|
| Azure OpenAI (West Europe) | the customer question and retrieved FAQ passages | prompts are not stored: abuse monitoring opt-out approved, zero data retention | not used to train models |

## Logging

Prompt and response logs are written to the Log Analytics workspace kestrel-llm in West Europe and kept for 30 days.
`;

describe('applicability', () => {
  test('a classical ML repository is skipped with what was looked for', async () => {
    const outcome = await runRaw(check, { 'requirements.txt': 'lightgbm==4.5.0\npandas==2.2.3\n', 'train.py': 'import lightgbm\n' });
    expect(outcome.status).toBe('skip');
    if (outcome.status !== 'skip') return;
    expect(outcome.reason).toMatch(/^Not an LLM application: none of the 1 dependency manifest\(s\) \(requirements\.txt\) declares an LLM SDK or framework \(looked for openai, anthropic/);
    expect(outcome.reason).toMatch(/no prompt templates .* no promptfoo configuration/);
  });

  test.each([
    ['a provider SDK in package.json', { 'package.json': '{"dependencies": {"@anthropic-ai/sdk": "^0.30.0"}}' }],
    ['a LangChain integration in pyproject.toml', { 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["langchain-mistralai>=0.2"]\n' }],
    ['an optional dependency group', { 'pyproject.toml': '[project]\nname = "x"\n[project.optional-dependencies]\nllm = ["litellm==1.50.0"]\n' }],
    ['a Poetry dependency', { 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\nllama-index = "^0.11"\n' }],
    ['a prompts/ folder alone', { 'prompts/summarise.txt': 'Summarise {{ text }} in three bullet points.\n' }],
    ['a promptfoo config alone', { 'promptfooconfig.yaml': 'prompts: [file://p.txt]\nproviders: [openai:gpt-4o-mini]\ntests:\n  - vars: {q: hi}\n' }],
  ])('applies with %s', async (_name, files) => {
    expect((await runRaw(check, files)).status).toBe('judged');
  });

  test('transformers counts only with text-generation code', async () => {
    const library = await runRaw(check, { 'requirements.txt': 'transformers==4.46.0\n', 'classify.py': 'from transformers import AutoModelForSequenceClassification\n' });
    expect(library.status).toBe('skip');
    if (library.status === 'skip') expect(library.reason).toContain('transformers is declared but no code generates text with it');
    const generator = await runRaw(check, { 'requirements.txt': 'transformers==4.46.0\n', 'generate.py': 'from transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained("x")\n' });
    expect(generator.status).toBe('judged');
    expect(generator.evidence?.find((entry) => entry.kind === 'generation-code')).toMatchObject({ path: 'generate.py', line: 1 });
  });

  test('run records are not the delivery: requirements inside mlruns/ or wandb/ do not make an LLM app', async () => {
    const outcome = await runRaw(check, { 'mlruns/0/abc/artifacts/model/requirements.txt': 'openai==1.0\n', 'requirements.txt': 'scikit-learn==1.5.2\n' });
    expect(outcome.status).toBe('skip');
  });
});

describe('prompts in files, documented', () => {
  test('a Prompty file documents itself: purpose, inputs, model and settings from front matter', () => {
    const template = judgeTemplate('prompts/answer.prompty', PROMPTY, []);
    expect(template).toMatchObject({ format: 'prompty', variables: ['question', 'passages'], purpose: 'prompts/answer.prompty metadata', inputs: 'prompts/answer.prompty metadata', model: 'prompts/answer.prompty metadata', modelName: 'gpt-4o-mini' });
    expect(template.settings).toEqual(['temperature', 'max_tokens']);
  });

  test('template variables: Jinja, Mustache, Python format and JS; loop variables and keywords left out', () => {
    expect(templateVariables('{{ a }} {{b | upper}} {{#items}}x{{/items}} {c} ${d} {% for row in rows %}{{ row }}{% endfor %} {% if flag %}{{e}}{% endif %} {"json": 1}')).toEqual(['a', 'b', 'items', 'e', 'c', 'd', 'rows', 'flag']);
  });

  test('a catalogue row documents a template; an input it does not name is reported', async () => {
    const outcome = await judged({
      'requirements.txt': 'openai==1.51.0\n',
      'prompts/README.md': '# Prompts\n\n| Template | Purpose | Inputs | Model |\n|---|---|---|---|\n| `rewrite.j2` | Rewrites the pasted conversation as one search query | conversation | gpt-4o-mini |\n| `answer.j2` | Drafts the answer an agent reviews before sending it | question | gpt-4o |\n',
      'prompts/rewrite.j2': 'Rewrite as a query:\n{{ conversation }}\n',
      'prompts/answer.j2': 'Answer {{ question }} from {{ passages }} for a {{ tier }} customer.\n',
      'prompts/classify.txt': 'Classify {{ message }} as billing, technical or other.\n',
    });
    expect(outcome.findings.filter((finding) => finding.id === 'prompt-undocumented').map((finding) => [finding.path, finding.message])).toEqual([
      ['prompts/answer.j2', 'Nothing documents its inputs (passages, tier).'],
      ['prompts/classify.txt', 'Nothing documents its purpose, its inputs (message), the model it was written for.'],
    ]);
    expect(outcome.criteria['prompts-documented']).toBeCloseTo((1 + 2 / 3 + 0) / 3, 5);
    expect(outcome.criteria['prompts-in-files']).toBe(1);
    expect(outcome.evidence.find((entry) => entry.path === 'prompts/rewrite.j2')?.note).toBe('jinja; inputs conversation; documented: purpose (prompts/README.md:5), inputs (prompts/README.md:5), model (prompts/README.md:5)');
  });

  test('prompts only in code: no-prompt-files with each inline prompt located', async () => {
    const outcome = await judged({
      'requirements.txt': 'anthropic==0.39.0\n',
      'app.py': `import anthropic\n\nSYSTEM = """You are the billing assistant for Kestrel Mobile. Answer the customer's question from the context only and never invent fees."""\n\ndef f():\n    """Return the answer for the question, using the context given; this docstring explains the answer and the context at length."""\n    return 1\n`,
    });
    expect(outcome.findings.filter((finding) => ['inline-prompt', 'no-prompt-files'].includes(finding.id)).map((finding) => [finding.id, finding.path, finding.line])).toEqual([
      ['inline-prompt', 'app.py', 3],
      ['no-prompt-files', 'app.py', 3],
    ]);
    expect(outcome.criteria['prompts-in-files']).toBe(0);
  });

  test('nothing at all: no-prompts', async () => {
    const outcome = await judged({ 'requirements.txt': 'openai==1.51.0\n', 'app.py': 'from openai import OpenAI\nprint(OpenAI().models.list())\n' });
    expect(findingIds(outcome)).toContain('no-prompts');
    expect(outcome.criteria['prompts-in-files']).toBe(0);
  });
});

describe('inline prompt detection', () => {
  test.each([
    ['an assigned triple-quoted prompt', 'PROMPT = """You are a helpful assistant for Kestrel billing. Answer the question from the context, in one paragraph."""\n', [[1, 'PROMPT']]],
    ['joined literals in parentheses', 'SYSTEM_PROMPT = (\n    "You are an assistant that answers billing questions. "\n    "Use only the context and do not guess fees."\n)\n', [[2, 'SYSTEM_PROMPT']]],
    ['a chat message content argument', 'messages = [{"role": "system", "content": "You are a support agent. Answer briefly and politely, in the customer\'s language."}]\n', [[1, null]]],
    ['a docstring', 'def f():\n    """You are reading the docstring of f. It answers the question of what f does, with context and instructions."""\n', []],
    ['a short string', 'PROMPT = "Summarise:"\n', []],
    ['a long SQL query', `QUERY = """SELECT customer_id, plan, tenure, monthly_spend, support_calls FROM customers JOIN plans USING (plan_id) WHERE churned = 0 AND tenure > 12 ORDER BY monthly_spend DESC LIMIT 100"""\n`, []],
    ['a comment that looks like a prompt', '# PROMPT = "You are a helpful assistant. Answer the question from the context only, never guess."\n', []],
  ])('%s', (_name, source, expected) => {
    expect(findInlinePrompts('app.py', source).map((prompt) => [prompt.line, prompt.name])).toEqual(expected);
  });

  test('a TypeScript template literal', () => {
    const source = "const systemPrompt = `You are a support assistant for Kestrel Mobile.\nSummarise the chat for an agent and answer in English.`;\n";
    expect(findInlinePrompts('web/summarise.ts', source).map((prompt) => [prompt.line, prompt.name])).toEqual([[1, 'systemPrompt']]);
  });

  test('chat messages a UI shows (sample history, an error text) are not prompts; a system message is (#17)', () => {
    const history = [
      'export const sampleHistory = [',
      '  {',
      '    id: "1",',
      '    role: "user",',
      '    content: "How do I reset my password for the customer portal when the reset link has expired?",',
      '  },',
      '  {',
      '    id: "2",',
      '    role: "assistant",',
      '    content: "To reset your password, open the Forgot Password page and follow the instructions there.",',
      '  },',
      '];',
      'const failure = {',
      '  role: "error",',
      '  content: `There was an error generating a response. The conversation cannot be saved right now: ${reason}`,',
      '};',
      'const messages = [',
      '  {',
      '    role: "system",',
      '    content: "You are the portal assistant. Answer account questions from the help articles and never invent steps.",',
      '  },',
      '];',
    ].join('\n');
    expect(findInlinePrompts('frontend/src/constants/chatHistory.tsx', history).map((prompt) => prompt.line)).toEqual([20]);
  });

  test('an HTML report template, a stylesheet and a Dockerfile template are not prompts; a prompt with XML-style tags is (#17)', () => {
    const report = 'STATIC_HTML_TEMPLATE = """<!DOCTYPE html>\n<html lang="en">\n<head>\n  <title>Research report: {main_query}</title>\n</head>\n<body>\n  <div class="summary">The answer to the question, with context for the user. Do not edit.</div>\n  <p>{summary}</p>\n</body>\n</html>\n"""\n';
    const css = 'def style():\n    st.markdown(\n        f"""\n        <style>\n        :root {{ --accent: #1F4E79; }}\n        .answer {{ color: #222; font-size: 14px; padding: 4px; }}\n        /* the user sees the response and context here; do not remove */\n        </style>\n        """,\n        unsafe_allow_html=True,\n    )\n';
    const dockerfile = 'DOCKER_TEMPLATE = """# Sandbox image for the assistant: answer questions in context, do not change\nFROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["python", "run.py"]\n"""\n';
    const tagged = 'SYSTEM_PROMPT = """You are a research assistant.\n<instructions>Answer the question from the context only.</instructions>\n<context>{context}</context>\n<question>{question}</question>\nDo not guess."""\n';
    expect(findInlinePrompts('utils/prompts.py', report)).toEqual([]);
    expect(findInlinePrompts('app/styling.py', css)).toEqual([]);
    expect(findInlinePrompts('scripts/gen.py', dockerfile)).toEqual([]);
    expect(findInlinePrompts('agent/prompt.py', tagged).map((prompt) => prompt.name)).toEqual(['SYSTEM_PROMPT']);
    const writesHtml = 'REPORT_PROMPT = """\nYou are a research assistant compiling a report from the findings. Answer in HTML:\n<div class="report">\n  <h2>{title}</h2>\n  <p>One paragraph per finding.</p>\n  <ul><li>Sources</li></ul>\n</div>\nDo not add any text outside the HTML.\n"""\n';
    expect(findInlinePrompts('utils/prompts.py', writesHtml).map((prompt) => prompt.name)).toEqual(['REPORT_PROMPT']);
  });

  test('linear on hostile input', () => {
    const hostile = ['"'.repeat(200_000), '"""' + 'a'.repeat(200_000), "'\\".repeat(100_000), '`${'.repeat(60_000), '"a" + '.repeat(40_000)].join('\n');
    const started = Date.now();
    findInlinePrompts('x.py', hostile);
    findInlinePrompts('x.ts', hostile);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('models, retrieval, evaluation, guardrails', () => {
  test('a models section without settings names what is missing; a provider the docs never name is reported', async () => {
    const outcome = await judged({
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["openai==1.51.0", "cohere==5.11.0"]\n',
      'README.md': '# Bot\n\n## Models\n\nAnswers come from gpt-4o through the OpenAI API.\n',
    });
    expect(outcome.findings.find((finding) => finding.id === 'model-settings-missing')?.message).toBe('The model documentation does not give the temperature, the maximum output tokens.');
    expect(outcome.findings.find((finding) => finding.id === 'provider-undocumented')).toMatchObject({ path: 'pyproject.toml', line: 3, message: 'cohere (Cohere) is a dependency, but no document names Cohere.' });
    expect(outcome.criteria['models-documented']).toBeCloseTo(0.6 * 0.75, 5);
  });

  test('settings in prompt metadata count as written down', async () => {
    const outcome = await judged({ 'requirements.txt': 'openai==1.51.0\n', 'prompts/answer.prompty': PROMPTY, 'docs/models.md': '# Models\n\nAzure OpenAI serves every call.\n' });
    expect(outcome.criteria['models-documented']).toBe(1);
  });

  test('retrieval: not judged without a pipeline, judged by aspect when there is one', async () => {
    const none = await judged({ 'requirements.txt': 'openai==1.51.0\n' });
    // No pipeline: the criterion does not apply and leaves the weight (it earns nothing either).
    expect(none.criteria['retrieval-documented']).toBe(0);
    expect(none.notApplicable).toEqual([{ criterion: 'retrieval-documented', reason: expect.stringMatching(/no retrieval pipeline/) }]);
    expect(none.evidence.find((entry) => entry.kind === 'retrieval')?.note).toMatch(/not judged/);
    const partial = await judged({
      'requirements.txt': 'openai==1.51.0\nqdrant-client==1.12.0\n',
      'docs/retrieval.md': '# Retrieval\n\n## Sources\n\nThe billing FAQ articles from the Zendesk help centre, English only.\n\n## Index\n\nQdrant collection faq, embeddings from text-embedding-3-small.\n',
    });
    expect(partial.criteria['retrieval-documented']).toBe(0.5);
    expect(partial.findings.find((finding) => finding.id === 'retrieval-incomplete')?.message).toBe('The documentation does not cover chunking, how and when the index is refreshed.');
  });

  test('evaluation: a small golden set, an unparsable promptfoo config', async () => {
    const golden = Array.from({ length: 5 }, (_, i) => JSON.stringify({ input: `question ${i}`, ideal: `answer ${i}` })).join('\n');
    const outcome = await judged({ 'requirements.txt': 'openai==1.51.0\n', 'evals/golden.jsonl': golden, 'promptfooconfig.yaml': 'prompts: [\n' });
    expect(outcome.findings.filter((finding) => finding.id.startsWith('eval')).map((finding) => [finding.id, finding.path])).toEqual([
      ['eval-config-unparsed', 'promptfooconfig.yaml'],
      ['eval-set-small', 'evals/golden.jsonl'],
    ]);
    expect(outcome.criteria['evaluation-set']).toBeCloseTo(0.5 + 0.5 * (5 / 20), 5);
  });

  test('evaluation: promptfoo tests from a CSV with __expected columns', async () => {
    const rows = ['question,__expected', ...Array.from({ length: 24 }, (_, i) => `q${i},contains:KB-${i}`)].join('\n');
    const outcome = await judged({ 'requirements.txt': 'openai==1.51.0\n', 'evals/promptfooconfig.yaml': 'prompts: [file://../prompts/a.txt]\nproviders: [openai:gpt-4o-mini]\ntests: file://cases.csv\n', 'evals/cases.csv': rows });
    expect(outcome.criteria['evaluation-set']).toBe(1);
    expect(outcome.evidence.find((entry) => entry.kind === 'eval-set')?.note).toBe('promptfoo: 24 test case(s), 0 assertion(s) on openai:gpt-4o-mini; tests from evals/cases.csv');
  });

  test('settings documented by their variable names count; so does chunking in a data preparation guide (#17)', async () => {
    const readme = [
      '# Chat sample',
      '',
      'Answers come from gpt-4o on Azure OpenAI, grounded in your documents.',
      '',
      '## App Settings',
      '',
      '| Setting | Required | Default | Description |',
      '|---|---|---|---|',
      '|AZURE_OPENAI_MODEL|Yes||The name of your model deployment on your Azure OpenAI resource, for example gpt-4o.|',
      '|AZURE_OPENAI_TEMPERATURE|No|0|How random the answers are.|',
      '|AZURE_OPENAI_MAX_TOKENS|No|1000|The maximum number of tokens allowed for the generated answer.|',
      '',
    ].join('\n');
    const preparation = [
      '# Data Preparation',
      '',
      '# Prepare Data Locally',
      '',
      '## Configure',
      '',
      'Write a config file naming the folder of documents to index:',
      '',
      '```json',
      '{"data_path": "<path to data>", "chunk_size": 1024, "token_overlap": 128}',
      '```',
      '',
      '## Create Indexes and Ingest Data',
      '',
      'Run the script to create one Azure AI Search index per entry, with text-embedding-ada-002 vectors.',
      '',
    ].join('\n');
    const outcome = await judged({ 'requirements.txt': 'openai==1.51.0\nazure-search-documents==11.4.0\n', 'README.md': readme, 'scripts/readme.md': preparation });
    expect(findingIds(outcome)).not.toContain('model-settings-missing');
    expect(outcome.criteria['models-documented']).toBe(1);
    expect(outcome.findings.find((finding) => finding.id === 'retrieval-incomplete')?.message ?? '').not.toMatch(/chunking/);
  });

  test('a README that says a guardrail filters queries documents that control, not nothing (#17)', async () => {
    const readme = [
      '# Docs assistant',
      '',
      '## Features',
      '',
      '- **Documentation search** - Searches the product docs',
      '- **Guardrails** - Filters off-topic queries before the agent runs',
      '',
      '## How it works',
      '',
      '1. **Guardrails check** - Rejects questions that are not about the product',
      '2. **Search** - Finds the pages that answer the question',
      '',
    ].join('\n');
    const outcome = await judged({ 'requirements.txt': 'openai==1.51.0\n', 'README.md': readme });
    expect(findingIds(outcome)).not.toContain('guardrails-undocumented');
    expect(outcome.findings.find((finding) => finding.id === 'guardrails-incomplete')).toMatchObject({ path: 'README.md', message: 'The documentation does not cover prompt injection, hallucination and grounding.' });
    expect(outcome.criteria.guardrails).toBeCloseTo(1 / 3, 5);
  });

  test('guardrail headings over placeholders earn nothing', async () => {
    const outcome = await judged({ 'requirements.txt': 'openai==1.51.0\n', 'docs/guardrails.md': '# Guardrails\n\n## Prompt injection\n\nTBD\n\n## Hallucination\n\nTODO\n' });
    expect(findingIds(outcome)).toContain('guardrails-undocumented');
    expect(outcome.criteria.guardrails).toBe(0);
  });
});

describe('third-party model data handling', () => {
  test('complete: recipients, provider retention, no-training terms and log retention', async () => {
    const outcome = await judged({ 'requirements.txt': 'openai==1.51.0\n', 'docs/providers.md': PROVIDERS });
    expect(outcome.criteria['provider-data']).toBe(1);
    expect(outcome.evidence.find((entry) => entry.kind === 'llm-doc:provider-data')).toMatchObject({ path: 'docs/providers.md', note: 'covers recipients, provider-retention, no-training, logs' });
  });

  test('documents past the bound on held text are left unread and the report says so; shallow ones are judged', async () => {
    // Six 900 KB design notes under docs/design/ are deeper than docs/providers.md: read after it, and past
    // the 4 M characters the topics may hold at once the rest are not read.
    const notes = Object.fromEntries(Array.from({ length: 6 }, (_, n) => [`docs/design/note-${n}.md`, `# Note ${n}\n\n${'Feature rows and their sources. '.repeat(29_000)}\n`]));
    const dir = makeTree({ 'requirements.txt': 'openai==1.51.0\n', 'docs/providers.md': PROVIDERS, ...notes });
    const report = await scanDir(dir, { checks: [check] });
    const result = report.checks.find((entry) => entry.id === 'llm-system')!;
    expect(result.criteria.find((criterion) => criterion.id === 'provider-data')?.value).toBe(1);
    expect(report.errors.map((error) => error.message)).toContainEqual(expect.stringMatching(/^LLM documentation: [12] of 7 documents not read for the LLM topics .*the bound$/));
  });

  test('partial: each missing aspect is a finding', async () => {
    const outcome = await judged({ 'requirements.txt': 'openai==1.51.0\n', 'DATA_HANDLING.md': '# Data handling\n\n## Providers\n\nOpenAI receives the customer question and the retrieved passages for each answer.\n' });
    expect(findingIds(outcome).filter((id) => id.startsWith('missing-'))).toEqual(['missing-provider-retention', 'missing-no-training', 'missing-log-retention']);
    expect(outcome.criteria['provider-data']).toBe(0.25);
  });

  test('missing for an app calling an external API is an error', async () => {
    const outcome = await judged({ 'package.json': '{"dependencies": {"openai": "^4.67.0"}}', 'README.md': '# Widget\n\nCalls GPT-4o.\n' });
    const finding = outcome.findings.find((candidate) => candidate.id === 'provider-data-undocumented');
    expect(finding).toMatchObject({ severity: 'error' });
    expect(finding?.message).toContain('sends data to OpenAI');
  });

  test('self-hosted models: only the log statement is asked for', async () => {
    const outcome = await judged({ 'requirements.txt': 'vllm==0.6.3\n' });
    // Self-hosting is not a statement: with no log statement there is nothing to credit.
    expect(outcome.criteria['provider-data']).toBe(0);
    expect(outcome.findings.find((finding) => finding.id === 'missing-log-retention')?.severity).toBe('warning');
  });
});

describe('fixtures', () => {
  test('llm-app-complete passes on every criterion', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'llm-app-complete'));
    expect(result.status).toBe('pass');
    expect(result.score).toBe(10);
    expect(result.findings).toEqual([]);
    const kinds = (kind: string) => result.evidence.filter((entry) => entry.kind === kind).map((entry) => entry.path);
    expect(kinds('prompt-template')).toEqual(['prompts/answer.j2', 'prompts/handoff_summary.j2', 'prompts/rewrite_query.j2']);
    expect(kinds('prompt-catalogue')).toEqual(['prompts/README.md']);
    expect(kinds('eval-set')).toEqual(['evals/promptfooconfig.yaml']);
    expect(kinds('llm-doc:retrieval')).toEqual(['docs/retrieval.md']);
    // The failure-modes document is guardrail documentation too (prompt failure modes), next to docs/guardrails.md.
    expect(kinds('llm-doc:guardrails')).toEqual(['docs/guardrails.md', 'docs/failure-modes.md']);
    expect(kinds('llm-doc:provider-data')).toEqual(['DATA_HANDLING.md']);
    expect(result.evidence.find((entry) => entry.kind === 'llm-dependency' && entry.note?.startsWith('anthropic'))).toMatchObject({ path: 'pyproject.toml', line: 9, note: 'anthropic (provider-sdk → Amazon Bedrock)' });
    expect(result.summary).toBe('3 prompt template file(s), 0 inline prompt(s); external providers: Amazon Bedrock.');
  });

  test('llm-app-inline fails with a remediation for every gap', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'llm-app-inline'));
    expect(result.status).toBe('fail');
    expect(result.score).toBe(0);
    expect(result.findings.filter((finding) => finding.id === 'inline-prompt').map((finding) => `${finding.path}:${finding.line}`)).toEqual(['app/main.py:13', 'app/main.py:24', 'web/src/summarise.ts:7']);
    expect(findingIds(result)).toEqual(
      expect.arrayContaining(['no-prompt-files', 'models-undocumented', 'retrieval-undocumented', 'no-eval-set', 'guardrails-undocumented', 'provider-data-undocumented']),
    );
    for (const finding of result.findings) expect(finding.remediation?.length, finding.id).toBeGreaterThan(40);
    expect(result.findings.find((finding) => finding.id === 'retrieval-undocumented')?.message).toContain('chromadb, app/ingest.py');
  });

  test.each(['complete-handover', 'partial-delivery', 'notebook-dump'])('%s is a classical ML delivery: skipped with the reason', async (name) => {
    const result = await runCheck(check, path.join(FIXTURES, name));
    expect(result.status).toBe('skip');
    expect(result.score).toBeNull();
    expect(result.summary).toMatch(/^Not an LLM application: none of the \d dependency manifest\(s\) \(.*requirements\.txt.*\) declares an LLM SDK or framework/);
  });
});

// Issue #16: LLM dependencies are read in every common ecosystem's manifest, and code not read is named.
describe('LLM dependencies in every ecosystem', () => {
  const dependency = async (files: Record<string, string>) => {
    const outcome = await judged(files);
    return outcome.evidence.filter((entry) => entry.kind === 'llm-dependency').map((entry) => `${entry.path}:${entry.line} ${entry.note}`);
  };

  test.each([
    ['Gemfile', { Gemfile: 'source "https://rubygems.org"\n\ngem "rails", "~> 7.2"\ngem "anthropic"\ngem "aws-sdk-bedrockruntime"\n' }, ['Gemfile:4 anthropic (provider-sdk → Anthropic)', 'Gemfile:5 aws-sdk-bedrockruntime (provider-sdk → Amazon Bedrock)']],
    ['a ruby-openai Gemfile', { Gemfile: "gem 'ruby-openai'\ngem 'langchainrb'\n" }, ['Gemfile:1 ruby-openai (provider-sdk → OpenAI)', 'Gemfile:2 langchainrb (framework)']],
    ['a csproj', { 'src/Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.SemanticKernel" Version="1.18.2" />\n    <PackageReference Include="Microsoft.SemanticKernel.Connectors.AzureOpenAI" Version="1.18.2" />\n    <PackageReference Include="Anthropic.SDK" Version="4.1.0" />\n  </ItemGroup>\n</Project>\n' }, ['src/Api/Api.csproj:3 Microsoft.SemanticKernel (framework)', 'src/Api/Api.csproj:4 Microsoft.SemanticKernel.Connectors.AzureOpenAI (provider-sdk → Azure OpenAI)', 'src/Api/Api.csproj:5 Anthropic.SDK (provider-sdk → Anthropic)']],
    ['go.mod', { 'go.mod': 'module example.com/bot\n\ngo 1.22.0\n\nrequire (\n\tgithub.com/sashabaranov/go-openai v1.29.0\n\tgithub.com/tmc/langchaingo v0.1.12\n)\n\nrequire github.com/anthropics/anthropic-sdk-go v0.2.0\n' }, ['go.mod:6 github.com/sashabaranov/go-openai (provider-sdk → OpenAI)', 'go.mod:7 github.com/tmc/langchaingo (framework)', 'go.mod:10 github.com/anthropics/anthropic-sdk-go (provider-sdk → Anthropic)']],
    ['Cargo.toml', { 'Cargo.toml': '[package]\nname = "bot"\n\n[dependencies]\nasync-openai = "0.23"\nllm = { package = "rig-core", version = "0.5" }\n' }, ['Cargo.toml:5 async-openai (provider-sdk → OpenAI)', 'Cargo.toml:6 rig-core (framework)']],
    ['pom.xml', { 'pom.xml': '<project>\n  <dependencies>\n    <dependency>\n      <groupId>dev.langchain4j</groupId>\n      <artifactId>langchain4j-open-ai</artifactId>\n    </dependency>\n    <dependency>\n      <groupId>com.azure</groupId>\n      <artifactId>azure-ai-openai</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n' }, ['pom.xml:3 dev.langchain4j:langchain4j-open-ai (provider-sdk → OpenAI)', 'pom.xml:7 com.azure:azure-ai-openai (provider-sdk → Azure OpenAI)']],
    ['build.gradle.kts', { 'build.gradle.kts': 'dependencies {\n    implementation("org.springframework.ai:spring-ai-starter-model-anthropic:1.0.0")\n    implementation("com.openai:openai-java:0.8.0")\n}\n' }, ['build.gradle.kts:2 org.springframework.ai:spring-ai-starter-model-anthropic (provider-sdk → Anthropic)', 'build.gradle.kts:3 com.openai:openai-java (provider-sdk → OpenAI)']],
    ['composer.json', { 'composer.json': '{\n  "require": {\n    "php": "^8.2",\n    "openai-php/client": "^0.10"\n  }\n}\n' }, ['composer.json:4 openai-php/client (provider-sdk → OpenAI)']],
  ])('reads %s', async (_name, files, expected) => {
    expect(await dependency(files)).toEqual(expected);
  });

  test.each([
    ['a Gemfile of a plain Rails app', { Gemfile: 'gem "rails"\ngem "openai-but-not-really", path: "vendor"\ngem "anthropic_client_mock"\n' }],
    ['a csproj without model SDKs', { 'Api.csproj': '<Project><ItemGroup><PackageReference Include="Serilog" Version="4.0.1" /><PackageReference Include="OpenAIish.Tools" Version="1.0.0" /></ItemGroup></Project>' }],
    ['go.mod naming an SDK only in a comment-free replace', { 'go.mod': 'module example.com/svc\n\ngo 1.22.0\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n' }],
    ['a pom.xml of a Spring web app', { 'pom.xml': '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>' }],
    ['a lock file that lists an SDK transitively', { 'Gemfile.lock': 'GEM\n  remote: https://rubygems.org/\n  specs:\n    anthropic (0.3.2)\n', 'Cargo.lock': 'version = 3\n[[package]]\nname = "async-openai"\nversion = "0.23.0"\n' }],
  ])('is skipped for %s', async (_name, files) => {
    expect((await runRaw(check, files)).status).toBe('skip');
  });

  test('the Vertex AI platform SDK alone (training jobs, pipelines) is not an LLM application; with Gemini calls it is', async () => {
    const mlops = { 'requirements.txt': 'google-cloud-aiplatform==1.60.0\n', 'src/run.py': 'from google.cloud import aiplatform\naiplatform.PipelineJob(display_name="train", template_path="p.json").run()\n' };
    expect((await runRaw(check, mlops)).status).toBe('skip');
    const gemini = { ...mlops, 'src/answer.py': 'from vertexai.generative_models import GenerativeModel\nmodel = GenerativeModel("gemini-1.5-pro")\nprint(model.generate_content("hi").text)\n' };
    expect((await runRaw(check, gemini)).status).toBe('judged');
  });

  test('prompts in code it does not read are named as unsupported, not scored 0', async () => {
    // Ruby is read now (test/llm-system-languages.test.ts); Dart is not.
    const outcome = await judged({ Gemfile: 'gem "anthropic"\n', 'client/lib/answer.dart': "const prompt = '''You are a helpful assistant.''';\n" });
    expect((outcome.unsupported ?? []).map((entry) => entry.criterion)).toEqual(['prompts-in-files', 'prompts-documented']);
    expect(outcome.unsupported?.[0].reason).toContain('Dart (1 file(s))');
    expect(findingIds(outcome)).not.toContain('no-prompts');
  });

  test('a Python app with no prompts anywhere still gets no-prompts (nothing left unread)', async () => {
    const outcome = await judged({ 'requirements.txt': 'openai==1.51.0\n', 'app.py': 'import openai\n' });
    expect(outcome.unsupported ?? []).toEqual([]);
    expect(findingIds(outcome)).toContain('no-prompts');
  });

  test('the dotnet-llm fixture is an LLM application and passes (its prompt is kept in PromptBuilder.cs, a prompt module)', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'ecosystems', 'dotnet-llm'));
    expect(result.status).toBe('pass');
    expect(result.evidence.filter((entry) => entry.kind === 'llm-dependency').length).toBeGreaterThan(0);
    expect(result.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(result.evidence.filter((entry) => entry.kind === 'prompt-template').map((entry) => entry.path)).toEqual(['src/Assistant/PromptBuilder.cs']);
  });

  test('the rails-rspec fixture is an LLM application whose Ruby prompt is found inline in its service', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'ecosystems', 'rails-rspec'));
    expect(result.status).not.toBe('skip');
    expect(result.evidence.filter((entry) => entry.kind === 'llm-dependency').length).toBeGreaterThan(0);
    expect(result.findings.filter((finding) => finding.id === 'inline-prompt').map((finding) => `${finding.path}:${finding.line}`)).toEqual(['app/services/answer_composer.rb:15']);
    expect(result.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.id)).toEqual(['no-prompt-files']);
  });
});

describe('inline prompts on long lines', () => {
  test('a prompt after many long literals on one line keeps its name; the search for it stays near the literal', () => {
    const filler = Array.from({ length: 400 }, (_, i) => `"${'x'.repeat(90)}${i}"`).join(', ');
    const prompt = 'You are an assistant. Answer the question from the context; do not make up facts, respond in JSON.';
    const source = `DATA = [${filler}]; system_prompt = "${prompt}"\n`;
    expect(findInlinePrompts('app.py', source).map((found) => [found.line, found.name])).toEqual([[1, 'system_prompt']]);
  });
});

