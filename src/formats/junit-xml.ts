// JUnit XML test results, as pytest (`--junitxml`), jest-junit, Maven Surefire (`TEST-*.xml`), Gradle and most
// CI tools write them: `<testsuites>` or a bare `<testsuite>` root, `<testcase classname name time>` children
// carrying `<failure>`, `<error>` or `<skipped>`. Counts come from the test cases when there are any (they
// cannot disagree with themselves), else from the suite attributes. Visual Studio TRX files (`dotnet test
// --logger trx`: `<TestRun>` > `<Results>` > `<UnitTestResult testName outcome>`, `<ResultSummary><Counters>`)
// are read into the same shape. Pure: text in, results out (null: well-formed XML of some other kind).
import { parsed, type Parsed } from './result.js';
import { childrenNamed, descendantsNamed, localName, parseXml, type XmlElement, type XmlLimits } from './xml.js';

export interface JunitCase {
  name: string;
  classname: string | null;
  line: number;
  outcome: 'passed' | 'failed' | 'error' | 'skipped';
  /** First line of the failure or error message. */
  message: string | null;
}

export interface JunitResults {
  suites: number;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  /** Seconds, when the report says. */
  time: number | null;
  /** ISO timestamp of the (first) suite, when the report says. */
  timestamp: string | null;
  /** Failed and errored cases, for findings (at most 50). */
  failing: JunitCase[];
  /** The suite name hints at the runner: `pytest`, `jest tests`, … */
  suiteNames: string[];
}

const MAX_FAILING = 50;

/** Paths where test-result files usually land; content decides. */
export const JUNIT_LOCATIONS: readonly string[] = [
  '**/{junit,junit-*,*-junit,*.junit,test-results,test-result,testresults,test-report,tests-report,pytest,pytest-*,results}.xml',
  '**/TEST-*.xml',
  '**/{test-results,test-reports,testresults,junit,reports,surefire-reports}/**/*.xml',
  '**/*.trx',
];

export function isJunitRoot(root: XmlElement): boolean {
  const name = localName(root.name);
  return name === 'testsuites' || name === 'testsuite';
}

export function parseJunitXml(text: string, limits: XmlLimits = {}): Parsed<JunitResults | null> {
  const document = parseXml(text, limits);
  if (!document.ok) return document;
  return readJunit(document.value);
}

export function readJunit(root: XmlElement): Parsed<JunitResults | null> {
  if (localName(root.name) === 'TestRun') return parsed(readTrx(root));
  if (!isJunitRoot(root)) return parsed(null);
  const suites = localName(root.name) === 'testsuite' ? [root] : descendantsNamed(root, 'testsuite');
  const cases = suites.flatMap((suite) => childrenNamed(suite, 'testcase'));
  const results: JunitResults = {
    suites: suites.length,
    tests: 0,
    failures: 0,
    errors: 0,
    skipped: 0,
    time: number(root.attributes.time) ?? sum(suites.map((suite) => number(suite.attributes.time))),
    timestamp: suites.map((suite) => suite.attributes.timestamp).find((value) => value) ?? root.attributes.timestamp ?? null,
    failing: [],
    suiteNames: [...new Set(suites.map((suite) => suite.attributes.name).filter((name): name is string => Boolean(name)))].slice(0, 20),
  };
  if (cases.length > 0) {
    for (const element of cases) {
      const testCase = readCase(element);
      results.tests++;
      if (testCase.outcome === 'failed') results.failures++;
      else if (testCase.outcome === 'error') results.errors++;
      else if (testCase.outcome === 'skipped') results.skipped++;
      if ((testCase.outcome === 'failed' || testCase.outcome === 'error') && results.failing.length < MAX_FAILING) results.failing.push(testCase);
    }
    return parsed(results);
  }
  // No test cases listed: trust the counts the suites (or the root) declare.
  const declared = suites.length > 0 ? suites : [root];
  results.tests = sum(declared.map((suite) => number(suite.attributes.tests))) ?? 0;
  results.failures = sum(declared.map((suite) => number(suite.attributes.failures))) ?? 0;
  results.errors = sum(declared.map((suite) => number(suite.attributes.errors))) ?? 0;
  results.skipped = sum(declared.map((suite) => number(suite.attributes.skipped ?? suite.attributes.disabled))) ?? 0;
  return parsed(results);
}

/** TRX: one `<UnitTestResult>` per test (outcome Passed, Failed, Error, Timeout, NotExecuted…), else the summary counters. */
function readTrx(root: XmlElement): JunitResults {
  const cases = descendantsNamed(root, 'UnitTestResult', 100_000);
  const times = descendantsNamed(root, 'Times', 1)[0];
  const results: JunitResults = { suites: 1, tests: 0, failures: 0, errors: 0, skipped: 0, time: null, timestamp: times?.attributes.start ?? null, failing: [], suiteNames: root.attributes.name ? [root.attributes.name] : [] };
  for (const element of cases) {
    const outcome = (element.attributes.outcome ?? '').toLowerCase();
    const kind: JunitCase['outcome'] = outcome === 'failed' || outcome === 'timeout' || outcome === 'aborted' ? 'failed' : outcome === 'error' ? 'error' : outcome === 'passed' ? 'passed' : 'skipped';
    results.tests++;
    if (kind === 'failed') results.failures++;
    else if (kind === 'error') results.errors++;
    else if (kind === 'skipped') results.skipped++;
    if ((kind === 'failed' || kind === 'error') && results.failing.length < MAX_FAILING) {
      const message = descendantsNamed(element, 'Message', 1)[0];
      results.failing.push({ name: element.attributes.testName ?? '(unnamed)', classname: null, line: element.line, outcome: kind, message: message ? firstLine(message.text) : null });
    }
  }
  if (cases.length === 0) {
    const counters = descendantsNamed(root, 'Counters', 1)[0]?.attributes ?? {};
    results.tests = number(counters.total) ?? 0;
    results.failures = (number(counters.failed) ?? 0) + (number(counters.timeout) ?? 0) + (number(counters.aborted) ?? 0);
    results.errors = number(counters.error) ?? 0;
    results.skipped = (number(counters.notExecuted) ?? 0) + (number(counters.inconclusive) ?? 0);
  }
  return results;
}

function readCase(element: XmlElement): JunitCase {
  const failure = childrenNamed(element, 'failure')[0];
  const error = childrenNamed(element, 'error')[0];
  const skipped = childrenNamed(element, 'skipped')[0];
  const outcome = failure ? 'failed' : error ? 'error' : skipped ? 'skipped' : 'passed';
  const problem = failure ?? error;
  const message = problem ? firstLine(problem.attributes.message || problem.text) : null;
  return { name: element.attributes.name ?? '(unnamed)', classname: element.attributes.classname ?? null, line: element.line, outcome, message };
}

function number(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value.replace(/,/g, ''));
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function sum(values: Array<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

function firstLine(text: string): string | null {
  const line = text.split('\n').find((part) => part.trim())?.trim() ?? '';
  if (!line) return null;
  return line.length > 160 ? line.slice(0, 157) + '…' : line;
}
