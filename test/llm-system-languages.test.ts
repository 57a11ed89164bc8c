// llm-system beyond Python and TypeScript (#16): prompts written in Ruby, C#, Go, Java/Kotlin and notebooks,
// prompts kept in configuration (appsettings.json, YAML), Semantic Kernel skprompt.txt, prompt modules, prompt
// files under any name, and models written down in configuration. Positive and negative cases for each.
import { describe, expect, test } from 'vitest';
import check from '../checks/llm-system.js';
import { stripJsonComments } from '../src/llm/config-files.js';
import { findInlinePrompts } from '../src/llm/inline-prompts.js';
import { findingIds, runRaw } from './helpers.js';

const INSTRUCTIONS = 'You are the billing assistant for Kestrel Mobile. Answer the customer question from the context only and never invent fees or dates.';

async function judged(files: Record<string, string>) {
  const outcome = await runRaw(check, files);
  if (outcome.status !== 'judged') throw new Error(`expected judged, got ${outcome.status}`);
  return outcome;
}

describe('inline prompts in other languages', () => {
  test.each([
    ['app/services/composer.rb', `class Composer\n  SYSTEM_PROMPT = <<~PROMPT.freeze\n    ${INSTRUCTIONS}\n    Question: %{question}\n  PROMPT\nend\n`, 2, 'SYSTEM_PROMPT'],
    ['src/Assistant/Answerer.cs', `namespace Assistant;\n\npublic static class Answerer\n{\n    private const string SystemPrompt = @"${INSTRUCTIONS}\n""Quote"" the article title.";\n}\n`, 5, 'SystemPrompt'],
    ['src/Assistant/Raw.cs', `class Raw\n{\n    const string Instructions = """\n        ${INSTRUCTIONS}\n        """;\n}\n`, 3, 'Instructions'],
    ['internal/answer/prompt.go', `package answer\n\nconst systemPrompt = \`${INSTRUCTIONS}\nContext: {{.Context}}\`\n`, 3, 'systemPrompt'],
    ['internal/answer/chat.go', `package answer\n\nfunc build() string {\n\tinstructions := "${INSTRUCTIONS}"\n\treturn instructions\n}\n`, 4, 'instructions'],
    ['src/main/java/kestrel/Answer.java', `class Answer {\n  static final String SYSTEM_PROMPT = """\n      ${INSTRUCTIONS}\n      """;\n}\n`, 2, 'SYSTEM_PROMPT'],
    ['src/main/kotlin/kestrel/Answer.kt', `object Answer {\n  val systemPrompt: String = """\n      ${INSTRUCTIONS}\n  """\n}\n`, 2, 'systemPrompt'],
  ])('%s: the prompt is found with its name and line', (path, source, line, name) => {
    expect(findInlinePrompts(path, source).map((prompt) => [prompt.line, prompt.name])).toEqual([[line, name]]);
  });

  test('a C# interpolated string keeps quotes inside its holes', () => {
    const source = `class PromptBuilder\n{\n    public static string Build(string question, string[] policy) =>\n        $"Answer only from the policy extracts below and say when they do not cover the question.\\n{string.Join("\\n", policy)}\\n\\nQuestion: {question}";\n}\n`;
    const prompts = findInlinePrompts('src/PromptBuilder.cs', source);
    expect(prompts).toHaveLength(1);
    expect(prompts[0].variables).toContain('question');
  });

  test.each([
    // User-facing text, SQL, HTML and a URL template are not prompts.
    ['app/models/answer.rb', 'class Answer\n  FAILED_MESSAGE = <<~MESSAGE.freeze\n    I generated an answer to your question, but it does not meet the content guidelines. Please try asking about something else.\n  MESSAGE\nend\n'],
    ['lib/tasks/cleanup.rake', 'task :cleanup do\n  sql = <<~SQL\n    DELETE FROM questions WHERE end_user_id = @hashed_end_user_id AND created_at < NOW() - INTERVAL 30 DAY\n  SQL\nend\n'],
    ['Views/Page.cs', 'class Page\n{\n    const string Template = @"<html><head><title>Answer</title></head><body><div class=""answer""><p>{answer}</p></div><span>x</span></body></html>";\n}\n'],
    ['config/urls.go', 'package config\n\nconst resourceURLTemplate = "http://localhost:8000/collections/{collection_id}/resources/{resource_id}/documents/{document_id}/chunks"\n'],
    ['Search.kt', 'object Search {\n  // You are the billing assistant. Answer the customer question from the context only and never invent fees or dates at all.\n  const val LIMIT = 10\n}\n'],
    ['app/list.rb', 'items = []\nitems << "You are the billing assistant. Answer the question."\nitems <<OTHER\n'],
  ])('%s: no prompt', (path, source) => {
    expect(findInlinePrompts(path, source)).toEqual([]);
  });

  test('a Ruby service with its prompt in a heredoc is judged, not left unread', async () => {
    const outcome = await judged({ Gemfile: 'source "https://rubygems.org"\ngem "anthropic"\n', 'app/services/composer.rb': `class Composer\n  SYSTEM_PROMPT = <<~PROMPT\n    ${INSTRUCTIONS}\n  PROMPT\nend\n` });
    expect(outcome.unsupported ?? []).toEqual([]);
    expect(outcome.findings.filter((finding) => finding.id === 'inline-prompt').map((finding) => `${finding.path}:${finding.line}`)).toEqual(['app/services/composer.rb:2']);
  });

  test('Ruby specs are test code: a prompt fixture in a spec is not a prompt of the application', async () => {
    const outcome = await judged({ Gemfile: 'gem "anthropic"\n', 'spec/services/composer_spec.rb': `RSpec.describe Composer do\n  let(:prompt) { "${INSTRUCTIONS}" }\nend\n` });
    expect(findingIds(outcome)).toContain('no-prompts');
  });
});

describe('notebooks', () => {
  const notebook = (cells: Array<{ type: string; source: string[] }>) =>
    JSON.stringify({ cells: cells.map((cell) => ({ cell_type: cell.type, metadata: {}, source: cell.source, ...(cell.type === 'code' ? { outputs: [], execution_count: null } : {}) })), metadata: {}, nbformat: 4, nbformat_minor: 5 });

  test('a prompt in a code cell is found with its cell; markdown cells are not read as code', async () => {
    const outcome = await judged({
      'requirements.txt': 'openai==1.51.0\n',
      'notebooks/rag.ipynb': notebook([
        { type: 'markdown', source: [`SYSTEM = "${INSTRUCTIONS}"\n`] },
        { type: 'code', source: ['from openai import OpenAI\n'] },
        { type: 'code', source: ['client = OpenAI()\n', `system_content = "${INSTRUCTIONS}"\n`] },
      ]),
    });
    const inline = outcome.findings.filter((finding) => finding.id === 'inline-prompt');
    expect(inline.map((finding) => finding.path)).toEqual(['notebooks/rag.ipynb']);
    expect(inline[0].message).toContain('cell 3, line 2');
  });

  test('a notebook that is not JSON is passed over', async () => {
    const outcome = await judged({ 'requirements.txt': 'openai==1.51.0\n', 'notebooks/broken.ipynb': '{"cells": [' });
    expect(findingIds(outcome)).toContain('no-prompts');
  });
});

describe('prompts kept outside code', () => {
  const appsettings = `{
  // Prompts used to answer the case worker.
  "Prompts": {
    "ResponseTokenLimit": 1024,
    "SystemDescription": "This is a chat between an assistant named Kestrel and a case worker. Answer from the policy extracts only, and say so when they do not cover the question. Current date: {{$date}}.",
    "InitialBotMessage": "Hello, how can I help you today with your billing question or anything else about your plan?",
  },
  "Models": { "ChatDeployment": "gpt-4o", "ServiceType": "AzureOpenAI", "Temperature": 0.2 },
}
`;

  test('appsettings.json prompts count as kept in a file; the greeting shown to users does not; models and settings are read from it', async () => {
    const outcome = await judged({ 'src/Api/Api.csproj': '<Project><ItemGroup><PackageReference Include="Microsoft.SemanticKernel" Version="1.20.0" /></ItemGroup></Project>', 'src/Api/appsettings.json': appsettings });
    expect(outcome.criteria['prompts-in-files']).toBe(1);
    expect(outcome.evidence.find((entry) => entry.kind === 'prompt-template')).toMatchObject({ path: 'src/Api/appsettings.json' });
    expect(outcome.evidence.find((entry) => entry.kind === 'llm-config:models')?.note).toBe('names model gpt-4o, provider, temperature, maximum tokens');
    expect(outcome.criteria['models-documented']).toBeGreaterThan(0.9);
  });

  test('JSON comments and trailing commas are removed outside strings only', () => {
    expect(JSON.parse(stripJsonComments('{"a": "http://x//y", // note\n "b": [1, 2,], /* c */ }'))).toEqual({ a: 'http://x//y', b: [1, 2] });
  });

  test('a YAML configuration of canned replies and labels is not a prompt', async () => {
    const outcome = await judged({
      Gemfile: 'gem "anthropic"\n',
      'config/question_routing_labels.yml': 'about_chat:\n  label: "About Chat"\n  canned_responses:\n    - "Sorry, I experienced a technical error while trying to answer your question. Please try again."\n',
    });
    expect(outcome.evidence.filter((entry) => entry.kind === 'prompt-template')).toEqual([]);
  });

  test('a YAML prompt configuration under config/ is a prompt file', async () => {
    const outcome = await judged({
      Gemfile: 'gem "anthropic"\n',
      'config/llm_prompts/answer.yml': `claude_sonnet:\n  system_prompt: |\n    ${INSTRUCTIONS}\n  user_prompt: "Question: {question}"\n`,
    });
    expect(outcome.evidence.filter((entry) => entry.kind === 'prompt-template').map((entry) => entry.path)).toEqual(['config/llm_prompts/answer.yml']);
    expect(outcome.criteria['prompts-in-files']).toBe(1);
  });

  test('Semantic Kernel skprompt.txt is documented by its config.json', async () => {
    const outcome = await judged({
      'Api.csproj': '<Project><ItemGroup><PackageReference Include="Microsoft.SemanticKernel" Version="1.20.0" /></ItemGroup></Project>',
      'Plugins/Billing/Answer/skprompt.txt': 'Answer the customer question from the articles only.\nArticles: {{$articles}}\nQuestion: {{$input}}\n',
      'Plugins/Billing/Answer/config.json': JSON.stringify({
        schema: 1,
        description: 'Answers a billing question from the retrieved help-centre articles',
        execution_settings: { default: { max_tokens: 600, temperature: 0.1, model_id: 'gpt-4o' } },
        input_variables: [{ name: 'input', description: 'the question' }, { name: 'articles', description: 'retrieved articles' }],
      }),
    });
    const template = outcome.evidence.find((entry) => entry.kind === 'prompt-template');
    expect(template?.path).toBe('Plugins/Billing/Answer/skprompt.txt');
    expect(outcome.criteria['prompts-documented']).toBe(1);
  });

  test('a prompt file under any name is found by how it opens; READMEs, agent instructions for developers and docs are not', async () => {
    const outcome = await judged({
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["anthropic>=0.39"]\n',
      'instructions.md': `You are an expert support agent for Kestrel Mobile.\n\n## Your mission\n\nAnswer customer questions from the documentation only.\n`,
      'AGENTS.md': 'You are a coding agent working on this repository. Run the tests before answering the user.\n',
      '.github/copilot-instructions.md': 'You are GitHub Copilot. Answer the user with code from this repository.\n',
      'docs/usage.md': 'You are now ready to ask the assistant a question about your bill.\n',
      'README.md': 'You are looking at the Kestrel assistant. Ask it a question.\n',
    });
    expect(outcome.evidence.filter((entry) => entry.kind === 'prompt-template').map((entry) => entry.path)).toEqual(['instructions.md']);
  });

  test('prompt modules (src/prompts/*.py) count as kept in files and are documented by their header comment', async () => {
    const outcome = await judged({
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["anthropic>=0.39"]\n',
      'src/prompts/answer_prompt.py': `# The answer prompt: drafts a reply to the customer question from the retrieved context, for claude-3-5-sonnet.\n\nanswer_prompt = """${INSTRUCTIONS}\nContext: {context}\nQuestion: {question}"""\n`,
      'src/app.py': 'from src.prompts.answer_prompt import answer_prompt\n',
    });
    expect(outcome.criteria['prompts-in-files']).toBe(1);
    expect(findingIds(outcome)).not.toContain('inline-prompt');
    const template = outcome.evidence.find((entry) => entry.kind === 'prompt-template');
    expect(template).toMatchObject({ path: 'src/prompts/answer_prompt.py' });
    expect(template?.note).toContain('purpose');
    expect(template?.note).toContain('model (src/prompts/answer_prompt.py header comment)');
  });

  test('ADRs and runbooks about prompts are not prompt catalogues', async () => {
    const outcome = await judged({
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["anthropic>=0.39"]\n',
      'prompts/answer.j2': 'Answer {{ question }} from {{ context }}.',
      'docs/adr/0007-prompt-regression-suite.md': '# 7. Prompt regression suite\n\n| answer.j2 | drafts the answer to the customer question from context |\n',
      'docs/runbooks/change-a-prompt.md': '# Change a prompt\n\n1. Edit prompts/answer.j2\n',
    });
    expect(outcome.evidence.filter((entry) => entry.kind === 'prompt-catalogue')).toEqual([]);
  });
});

describe('models written down in configuration code', () => {
  test('a model registry module names the models; one without model names or settings is not evidence', async () => {
    const outcome = await judged({
      Gemfile: 'gem "aws-sdk-bedrockruntime"\n',
      'lib/bedrock_models.rb': 'module BedrockModels\n  MODEL_IDS = {\n    claude_sonnet: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",\n  }.freeze\nend\n',
      'lib/settings.rb': 'module Settings\n  PAGE_SIZE = 20\nend\n',
      'lib/composer.rb': 'class Composer\n  def call = client.converse(max_tokens: 4096, temperature: 0.0)\nend\n',
    });
    expect(outcome.evidence.filter((entry) => entry.kind === 'llm-config:models').map((entry) => entry.path)).toEqual(['lib/bedrock_models.rb']);
    expect(findingIds(outcome)).not.toContain('models-undocumented');
  });
});

describe('prompts kept outside the delivery', () => {
  test('documentation linking to prompt files in another repository: prompts-not-delivered, prompt criteria not judged', async () => {
    const outcome = await judged({
      Gemfile: 'gem "anthropic"\n',
      'lib/answer/prompts.rb': 'module Prompts\n  def self.config = Rails.configuration.private_prompts.answer\nend\n',
      'docs/guardrails.md': '# Guardrails\n\nThe checks are in our [guardrails config](https://github.com/example/assistant_private/blob/main/config/llm_prompts/guardrails.yml).\n',
    });
    expect(outcome.findings.find((finding) => finding.id === 'prompts-not-delivered')).toMatchObject({ path: 'docs/guardrails.md', line: 3, severity: 'error' });
    expect((outcome.unsupported ?? []).map((entry) => entry.criterion)).toEqual(['prompts-in-files', 'prompts-documented']);
    expect(findingIds(outcome)).not.toContain('no-prompts');
  });

  test('a link to a prompt file of this repository is not "elsewhere"', async () => {
    const outcome = await judged({
      Gemfile: 'gem "anthropic"\n',
      'prompts/answer.yml': `system_prompt: ${INSTRUCTIONS}\n`,
      'docs/prompts.md': '# Prompts\n\nSee [the answer prompt](https://github.com/example/assistant/blob/main/prompts/answer.yml).\n',
    });
    expect(findingIds(outcome)).not.toContain('prompts-not-delivered');
  });
});

describe('pip-compile annotations', () => {
  test('a tracing package pulled in by another package is not a declared dependency; one the project names is', async () => {
    const transitive = await judged({ 'requirements.txt': 'anthropic==0.39.0\n    # via kestrel (pyproject.toml)\nlangsmith==0.1.139\n    # via langchain-core\n' });
    expect(transitive.summary).toContain('external providers: Anthropic.');
    const direct = await judged({ 'requirements.txt': 'anthropic==0.39.0\n    # via kestrel (pyproject.toml)\nlangsmith==0.1.139\n    # via\n    #   -r requirements.in\n    #   langchain-core\n' });
    expect(direct.summary).toContain('Anthropic, LangSmith');
  });
});
