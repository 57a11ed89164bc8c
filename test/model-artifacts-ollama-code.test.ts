// An LLM application whose code builds an Ollama client (LangChain's `Ollama(model="mistral")`) runs open weights on
// an Ollama server even though no `ollama` package is declared: it is not "an application that only prompts hosted
// models", and the model it names must be pinned. A commented-out client and a judge model in a test run nothing
// of the application's.
import { describe, expect, it } from 'vitest';
import check from '../checks/model-artifacts.js';
import { runRaw } from './helpers.js';

const REQUIREMENTS = 'langchain==0.2.1\nchromadb==0.5.0\n';
const QUERY = 'from langchain_community.llms.ollama import Ollama\n\n\ndef query_rag(question):\n    model = Ollama(model="mistral")\n    return model.invoke(question)\n';

describe('model-artifacts: an Ollama client in code', () => {
  it('is local inference: the model it names is judged, and a bare name floats', async () => {
    const outcome = await runRaw(check, { 'requirements.txt': REQUIREMENTS, 'query_data.py': QUERY });
    if (outcome.status !== 'judged') throw new Error(`expected judged, got skip: ${outcome.reason}`);
    const unpinned = outcome.findings.filter((finding) => finding.id === 'open-model-unpinned');
    expect(unpinned.map((finding) => [finding.path, finding.line, finding.message])).toEqual([['query_data.py', 5, 'mistral is fetched by name only, so a new upload replaces it.']]);
  });

  it('a tag pins it by tag', async () => {
    const outcome = await runRaw(check, { 'requirements.txt': REQUIREMENTS, 'query_data.py': QUERY.replace('"mistral"', '"mistral:7b-instruct-q4_K_M"') });
    if (outcome.status !== 'judged') throw new Error(`expected judged, got skip: ${outcome.reason}`);
    expect(outcome.findings.find((finding) => finding.id === 'open-model-unpinned')?.message).toMatch(/^mistral:7b-instruct-q4_K_M is fetched by a tag or version/);
  });

  it('a commented-out client or a judge model in a test leaves the application prompting hosted models only', async () => {
    const commented = await runRaw(check, {
      'requirements.txt': REQUIREMENTS,
      'embeddings.py': 'from langchain_community.embeddings.bedrock import BedrockEmbeddings\n\n\ndef embeddings():\n    # return OllamaEmbeddings(model="nomic-embed-text")\n    return BedrockEmbeddings(region_name="us-east-1")\n',
      'tests/test_rag.py': 'from langchain_community.llms.ollama import Ollama\n\n\ndef test_answer():\n    assert Ollama(model="mistral").invoke("ok")\n',
    });
    expect(commented.status).toBe('skip');
  });
});
