// The data and model test suites ML teams keep outside ordinary test files:
// - Great Expectations suites (`great_expectations/expectations/**.json`, `gx/expectations/**.json`) and checkpoints;
// - pandera schemas (`DataFrameSchema(…)`, `class X(pa.DataFrameModel)`), deepchecks suites, Evidently test
//   suites (`TestSuite(tests=[…])`, Report with tests), DeepEval `assert_test` — recognised in Python code;
// - promptfoo configs (`promptfooconfig.yaml`) for LLM applications.
// An empty suite (no expectations, no tests) is reported as such: it tests nothing.
import { readExpectationSuite } from '../formats/great-expectations.js';
import { readPromptfooConfig } from '../formats/promptfoo.js';
import { describeFormatError } from '../formats/result.js';
import { readPythonSources } from '../reproducibility/python-sources.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { lineOfIndex } from '../formats/lines.js';

export type SuiteTool = 'great-expectations' | 'great-expectations-checkpoint' | 'pandera' | 'deepchecks' | 'evidently' | 'deepeval' | 'promptfoo';

export interface MlSuite {
  tool: SuiteTool;
  path: string;
  line: number;
  /** What it tests: the data, the model (or LLM application), or both. */
  covers: 'data' | 'model' | 'both';
  /** Expectations, tests or checks it holds; null when not countable from the file. */
  checks: number | null;
  note: string;
  /** Set when the file could not be read as the tool's format. */
  problem?: string;
}

const GX_SUITES = ['**/great_expectations/expectations/**/*.json', '**/gx/expectations/**/*.json'];
const GX_CHECKPOINTS = ['**/great_expectations/checkpoints/**/*.{yml,yaml,json}', '**/gx/checkpoints/**/*.{yml,yaml,json}'];
const PROMPTFOO = ['**/promptfooconfig.{yaml,yml,json}', '**/promptfooconfig*.{yaml,yml}', '**/promptfoo/**/*config*.{yaml,yml}'];
const MAX_FILES = 100;

/** Python code patterns: the import that names the tool, and the construct that makes a suite. */
const PYTHON_SUITES: ReadonlyArray<{ tool: SuiteTool; imports: RegExp; builds: RegExp; covers: MlSuite['covers']; note: string }> = [
  { tool: 'pandera', imports: /^[ \t]*(import pandera|from pandera\b)/m, builds: /\bDataFrameSchema\s*\(|\((?:pa\.|pandera\.)?(DataFrameModel|SchemaModel)\)|@(?:pa\.|pandera\.)?check_types\b/, covers: 'data', note: 'pandera schema' },
  { tool: 'deepchecks', imports: /^[ \t]*(import deepchecks|from deepchecks\b)/m, builds: /\bSuite\s*\(|\b(data_integrity|train_test_validation|model_evaluation|full_suite)\s*\(/, covers: 'both', note: 'deepchecks suite' },
  { tool: 'evidently', imports: /^[ \t]*(import evidently|from evidently\b)/m, builds: /\bTestSuite\s*\(|\bfrom evidently\.(tests|test_suite|test_preset)\b|include_tests\s*=\s*True|\btests\s*=\s*\[/, covers: 'data', note: 'Evidently test suite' },
  { tool: 'deepeval', imports: /^[ \t]*(import deepeval|from deepeval\b)/m, builds: /\bassert_test\s*\(|\bevaluate\s*\(|\bLLMTestCase\s*\(/, covers: 'model', note: 'DeepEval test cases' },
];

export async function collectMlSuites(snapshot: Snapshot): Promise<MlSuite[]> {
  const suites: MlSuite[] = [];
  for (const path of snapshot.glob(GX_SUITES).slice(0, MAX_FILES)) {
    const read = await snapshot.readText(path, { maxBytes: 2 * 1024 * 1024 });
    if (!read.ok) continue;
    const suite = readExpectationSuite(read.text);
    if (!suite.ok) suites.push({ tool: 'great-expectations', path, line: suite.error.line ?? 1, covers: 'data', checks: null, note: 'expectation suite', problem: describeFormatError(suite.error) });
    else if (suite.value) suites.push({ tool: 'great-expectations', path, line: 1, covers: 'data', checks: suite.value.expectations, note: `expectation suite "${suite.value.name.slice(0, 80)}"` });
  }
  for (const path of snapshot.glob(GX_CHECKPOINTS).slice(0, MAX_FILES)) {
    suites.push({ tool: 'great-expectations-checkpoint', path, line: 1, covers: 'data', checks: null, note: 'checkpoint' });
  }
  for (const path of snapshot.glob(PROMPTFOO).slice(0, MAX_FILES)) {
    const read = await snapshot.readText(path, { maxBytes: 1024 * 1024 });
    if (!read.ok) continue;
    const config = readPromptfooConfig(read.text);
    if (!config.ok) {
      suites.push({ tool: 'promptfoo', path, line: config.error.line ?? 1, covers: 'model', checks: null, note: 'promptfoo config', problem: describeFormatError(config.error) });
      continue;
    }
    const { inlineTests, testsSource, assertions } = config.value.config;
    suites.push({ tool: 'promptfoo', path, line: 1, covers: 'model', checks: inlineTests ?? (testsSource ? null : 0), note: `promptfoo: ${testsSource ?? 'no tests'}, ${assertions.length} assertion(s)` });
  }
  const sources = await readPythonSources(snapshot);
  for (const file of sources.files) {
    for (const pattern of PYTHON_SUITES) {
      if (!pattern.imports.test(file.text)) continue;
      const build = pattern.builds.exec(file.text);
      if (!build) continue;
      suites.push({ tool: pattern.tool, path: file.path, line: lineOfIndex(file.text, build.index), covers: pattern.covers, checks: null, note: pattern.note });
    }
  }
  return suites;
}

/** A suite that tests something: a countable suite with at least one check, or one whose size cannot be counted. */
export function suiteTestsSomething(suite: MlSuite): boolean {
  return !suite.problem && (suite.checks === null || suite.checks > 0);
}
