// Great Expectations suites as data-quality criteria: 0.x `great_expectations/expectations/**.json`
// ({expectation_suite_name, expectations: [{expectation_type, kwargs}]}) and 1.x `gx/expectations/**.json`
// ({name, expectations: [{type, kwargs}]}). Expectations with min_value/max_value are thresholds.
import type { Comparator, CriterionDraft } from './eval-criterion.js';
import { parseJsonObject } from './json.js';
import type { Parsed } from './result.js';

export interface ExpectationSuite {
  name: string;
  expectations: number;
  criteria: CriterionDraft[];
}

const MAX_EXPECTATIONS = 2000;

export function readExpectationSuite(text: string): Parsed<ExpectationSuite | null> {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed;
  const suite = parsed.value;
  const list = suite.expectations;
  if (!Array.isArray(list)) return { ok: true, value: null };
  const name = str(suite.expectation_suite_name) ?? str(suite.name) ?? 'unnamed suite';
  const lines = typeLines(text);
  const criteria: CriterionDraft[] = [];
  list.slice(0, MAX_EXPECTATIONS).forEach((expectation, i) => {
    if (!isRecord(expectation)) return;
    const type = str(expectation.expectation_type) ?? str(expectation.type);
    const kwargs = isRecord(expectation.kwargs) ? expectation.kwargs : {};
    if (!type) return;
    const min = num(kwargs.min_value);
    const max = num(kwargs.max_value);
    const exact = /_to_equal$/.test(type) ? num(kwargs.value) : null;
    let comparator: Comparator | null = null;
    let threshold: number | null = null;
    let upper: number | undefined;
    if (min !== null && max !== null) [comparator, threshold, upper] = ['between', min, max];
    else if (min !== null) [comparator, threshold] = [kwargs.strict_min === true ? '>' : '>=', min];
    else if (max !== null) [comparator, threshold] = [kwargs.strict_max === true ? '<' : '<=', max];
    else if (exact !== null) [comparator, threshold] = ['==', exact];
    if (comparator === null) return;
    const column = str(kwargs.column);
    criteria.push({
      intent: 'criterion',
      metric: column ? `${type} (${column})` : type,
      comparator,
      threshold,
      ...(upper !== undefined ? { upper } : {}),
      dataset: name,
      dimension: 'data-quality',
      line: lines[i] ?? 1,
    });
  });
  return { ok: true, value: { name, expectations: list.length, criteria } };
}

/** Line of each expectation, found by the order of its type key in the text. */
function typeLines(text: string): number[] {
  const lines: number[] = [];
  const pattern = /"(?:expectation_type|type)"\s*:\s*"expect_/g;
  let line = 1;
  let last = 0;
  for (let match = pattern.exec(text); match && lines.length < MAX_EXPECTATIONS; match = pattern.exec(text)) {
    for (let i = last; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
    last = match.index;
    lines.push(line);
  }
  return lines;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
