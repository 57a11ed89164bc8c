// A test that asks the application's LLM (an Ollama or LangChain model as the judge of the answer) exercises the
// model, as a test calling .predict() does for a trained one: "none of the tests exercises prediction or
// evaluation" is false for it.
import { describe, expect, it } from 'vitest';
import { describeTest } from '../src/testing/test-inventory.js';

const LLM_JUDGED = `from query_data import query_rag
from langchain_community.llms.ollama import Ollama


def test_monopoly_rules():
    response = query_rag("How much money does a player start with?")
    verdict = Ollama(model="mistral").invoke(f"Expected: $1500. Actual: {response}. true or false?")
    assert "true" in verdict.lower()
`;

describe('tests of an LLM application', () => {
  it('a test that invokes a LangChain community model or Ollama exercises the model', () => {
    expect(describeTest('test_rag.py', 'python', LLM_JUDGED).model).toBe(true);
    expect(describeTest('test_answers.py', 'python', 'import litellm\n\ndef test_answer():\n    assert litellm.completion(model="gpt-4o", messages=[])\n').model).toBe(true);
  });

  it('a test of helpers that names no model, SDK or model word does not', () => {
    const helpers = 'from query_data import slugify\n\ndef test_slug():\n    assert slugify("A b") == "a-b"\n';
    expect(describeTest('test_helpers.py', 'python', helpers).model).toBe(false);
    // "langchain_" must be a module name, not a word inside another one.
    expect(describeTest('test_text.py', 'python', 'def test_text():\n    assert "mylangchain_notes" != ""\n').model).toBe(false);
  });
});
