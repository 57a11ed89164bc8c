// promptfoo configs (promptfooconfig.yaml): assertions with a `threshold` are criteria; plain assertions
// (contains, equals, is-json …) are pass/fail checks that promptfoo requires every test to pass.
// Reference: promptfoo.dev/docs/configuration/reference and /expected-outputs.
import type { CriterionDraft } from './eval-criterion.js';
import type { Parsed } from './result.js';
import { parseYamlLocated, type LocatedYaml } from './yaml-located.js';

export interface PromptfooAssertion {
  type: string;
  threshold?: number;
  metric?: string;
  /** `defaultTest` assertions apply to every test. */
  scope: 'defaultTest' | 'test';
  line: number;
}

export interface PromptfooConfig {
  description?: string;
  providers: string[];
  /** Inline test count, or null when tests come from files. */
  inlineTests: number | null;
  /** What the tests are: file references, or "inline". */
  testsSource: string | null;
  assertions: PromptfooAssertion[];
}

/** Assertion types whose threshold is a ceiling (promptfoo: latency in ms, cost in USD, distances). */
const CEILING_TYPES = new Set(['latency', 'cost', 'levenshtein', 'perplexity']);
const UNITS: Record<string, string> = { latency: 'ms', cost: 'USD' };
const MAX_ASSERTIONS = 1000;

export function isPromptfooConfig(value: unknown): boolean {
  if (!isRecord(value)) return false;
  return ('prompts' in value || 'providers' in value || 'targets' in value) && ('tests' in value || 'defaultTest' in value || 'scenarios' in value);
}

export function readPromptfooConfig(text: string): Parsed<{ config: PromptfooConfig; criteria: CriterionDraft[] }> {
  const parsed = parseYamlLocated(text);
  if (!parsed.ok) return parsed;
  const { value } = parsed.value;
  if (!isRecord(value)) return { ok: false, error: { message: 'expected a mapping at the top level', line: 1, column: 1 } };
  const config: PromptfooConfig = {
    ...(typeof value.description === 'string' ? { description: value.description.slice(0, 200) } : {}),
    providers: providerIds(value.providers ?? value.targets),
    inlineTests: null,
    testsSource: null,
    assertions: [],
  };
  const tests = value.tests;
  if (typeof tests === 'string') config.testsSource = tests;
  else if (Array.isArray(tests)) {
    const files = tests.filter((test): test is string => typeof test === 'string');
    const inline = tests.filter(isRecord);
    config.inlineTests = inline.length;
    config.testsSource = [...files, ...(inline.length ? [`${inline.length} inline test(s)`] : [])].join(', ') || null;
    tests.forEach((test, i) => {
      if (isRecord(test)) collectAssertions(test.assert, ['tests', i, 'assert'], 'test', parsed.value, config.assertions);
    });
  }
  if (isRecord(value.defaultTest)) collectAssertions(value.defaultTest.assert, ['defaultTest', 'assert'], 'defaultTest', parsed.value, config.assertions);
  return { ok: true, value: { config, criteria: criteriaFrom(config) } };
}

function collectAssertions(list: unknown, path: Array<string | number>, scope: PromptfooAssertion['scope'], yaml: LocatedYaml, into: PromptfooAssertion[]): void {
  if (!Array.isArray(list)) return;
  list.forEach((assertion, i) => {
    if (!isRecord(assertion) || typeof assertion.type !== 'string' || into.length >= MAX_ASSERTIONS) return;
    const entry: PromptfooAssertion = { type: assertion.type, scope, line: yaml.locate([...path, i])?.line ?? 1 };
    if (typeof assertion.threshold === 'number' && Number.isFinite(assertion.threshold)) entry.threshold = assertion.threshold;
    if (typeof assertion.metric === 'string') entry.metric = assertion.metric;
    into.push(entry);
  });
}

function criteriaFrom(config: PromptfooConfig): CriterionDraft[] {
  const dataset = config.testsSource;
  const criteria: CriterionDraft[] = [];
  const plain = new Map<string, number>();
  for (const assertion of config.assertions) {
    if (assertion.threshold === undefined) {
      if (!plain.has(assertion.type)) plain.set(assertion.type, assertion.line);
      continue;
    }
    const base = assertion.type.replace(/^not-/, '');
    const ceiling = CEILING_TYPES.has(base) !== assertion.type.startsWith('not-');
    criteria.push({
      intent: 'criterion',
      metric: assertion.metric ?? assertion.type,
      comparator: ceiling ? '<=' : '>=',
      threshold: assertion.threshold,
      ...(UNITS[base] ? { unit: UNITS[base] } : {}),
      dataset,
      ...(base === 'latency' || base === 'cost' ? { dimension: 'serving' } : {}),
      line: assertion.line,
    });
  }
  if (plain.size > 0) {
    // promptfoo fails a test when any of its assertions fails: plain assertions are a 100 % pass bar.
    const types = [...plain.keys()];
    criteria.push({
      intent: 'criterion',
      metric: `assertion pass rate (${types.slice(0, 5).join(', ')}${types.length > 5 ? ', …' : ''})`,
      comparator: '==',
      threshold: 100,
      unit: '%',
      dataset,
      dimension: 'generation',
      line: Math.min(...plain.values()),
    });
  }
  return criteria;
}

function providerIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list
    .map((provider) => (typeof provider === 'string' ? provider : isRecord(provider) && typeof provider.id === 'string' ? provider.id : null))
    .filter((id): id is string => id !== null)
    .slice(0, 20);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
