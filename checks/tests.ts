// tests: does the delivery come with automated tests in proportion to its code, run by CI on every change,
// behind a coverage threshold that CI enforces, testing the model and the data rather than only utilities,
// and do the committed results (JUnit, coverage reports) show what they claim, above the buyer's minimum?
import { defineCheck, findingFrom, unit, type Evidence, type Finding } from '../src/check.js';
import { collectCiPipelines } from '../src/ci/collect-pipelines.js';
import type { CiTrigger } from '../src/formats/ci-pipelines.js';
import { ciTestFacts, localTestCommand, type CiTestRun } from '../src/testing/ci-test-runs.js';
import { readCommittedResults, type CoverageReading, type JunitReading } from '../src/testing/committed-results.js';
import { collectCoverageConfig, enforcedThresholds, type EnforcedThreshold } from '../src/testing/coverage-enforcement.js';
import { coverageMinimum, formatPercent, MILESTONE_MIN_COVERAGE, type CoverageMinimum } from '../src/testing/coverage-minimum.js';
import { collectMlSuites, suiteTestsSomething, type MlSuite } from '../src/testing/ml-suites.js';
import { hookTestRuns, type HookTestRun } from '../src/testing/git-hooks.js';
import { filesAtLocations } from '../src/testing/locations.js';
import { collectTestInventory, testsFor, type TestInventory } from '../src/testing/test-inventory.js';
import { TEST_CONVENTIONS } from '../src/testing/test-conventions.js';

/** What runs the tests automatically: a CI step, only a committed git hook on the developer's machine, or nothing. */
type AutomaticRun = 'ci' | 'hook' | 'none';

/** Test files per source file that earns full marks on proportion (one test module per three or four modules). */
const FULL_RATIO = 0.25;
const MAX_LISTED = 40;
const ON_CHANGE: readonly CiTrigger[] = ['push', 'pull_request'];
const CI_NAMES = 'GitHub Actions, GitLab CI, Azure Pipelines, Jenkins, CircleCI, Bitbucket Pipelines, Google Cloud Build, Buildkite, Travis CI, Drone';

const CONVENTION_NOTES: Record<string, string> = {
  ruby: 'RSpec spec/**/*_spec.rb (it/specify/scenario, shared examples), minitest and Rails test/**/*_test.rb (def test_…, test "…" do); spec/support helpers count only when they hold examples',
  go: '*_test.go (func TestX/FuzzX/ExampleX, Ginkgo It)',
  jvm: 'Maven/Gradle src/test/{java,kotlin,groovy,scala}/**, *Test, *Tests, *IT, *Spec (JUnit @Test, TestNG, Kotest, Spock, ScalaTest)',
  dotnet: 'test projects (*.Tests, *.UnitTests, tests/) and *Tests.cs with xUnit [Fact]/[Theory], NUnit [Test]/[TestCase], MSTest [TestMethod]',
  rust: 'integration tests tests/**/*.rs, unit tests in #[cfg(test)] modules of the sources (#[test], #[tokio::test], rstest)',
  php: 'PHPUnit tests/**/*Test.php (testX methods, @test, #[Test]), Pest it()/test()',
};

const check = defineCheck({
  id: 'tests',
  title: 'Automated tests and coverage',
  rationale:
    'A receiving team can only change a system it can test. Tests that CI runs on every change, a coverage threshold CI enforces, and tests of the model and the data (not only helpers) are what let the buyer fix and retrain without the vendor.',
  defaultWeight: 2,
  criteria: [
    { id: 'present', title: 'Tests exist in proportion to the code', weight: 2, description: `Test files with real test cases, at least one per ${Math.round(1 / FULL_RATIO)} source files for full marks, and every top-level package exercised by some test. Empty test files do not count.` },
    { id: 'ci', title: 'CI runs the tests on every change', weight: 3, description: `A CI step (${CI_NAMES}) runs a test command (pytest, Jest, Vitest, Jasmine, RSpec, rake, \`go test\`, \`mvn verify\`, \`gradle test\`, \`dotnet test\`, \`cargo test\`, PHPUnit…) directly or through make/npm/composer/tox/nox/hatch/mise/a submitted job/a script, on push or pull request, and a failing run fails the pipeline. The command is what counts, not the workflow's name. Tests only a committed git hook runs (lefthook, pre-commit, Husky) earn 0.3.` },
    { id: 'threshold', title: 'A coverage threshold is enforced', weight: 2, description: 'CI applies a coverage threshold (--cov-fail-under, fail_under with pytest-cov or `coverage report`, Jest/Vitest thresholds, a Codecov target, nyc/c8, SimpleCov minimum_coverage, a JaCoCo rule, coverlet Threshold, tarpaulin fail-under, go-test-coverage or a `go tool cover` gate) at or above the buyer\'s minimum. A threshold only written in a config file CI never applies earns half, and nothing when nothing runs the tests automatically.' },
    { id: 'ml-tested', title: 'The model and the data are tested', weight: 2, description: 'Half for tests that exercise the model (training, prediction, evaluation, serving), half for tests of the data (schemas, features, validation: pytest, pandera, Great Expectations, deepchecks, Evidently, promptfoo for LLM apps). Tests only a git hook runs count for half, like a threshold CI never applies; tests nothing runs automatically count nothing.' },
    { id: 'results', title: 'Committed results meet the minimum', weight: 3, description: 'A committed coverage report (Cobertura, Clover, lcov, coverage.py JSON, istanbul summary, JaCoCo XML, a Go cover profile, SimpleCov .last_run.json) of the current code at or above the minimum; JUnit results without failures. Without a report, a threshold enforced in CI earns half.' },
  ],
  findings: {
    'no-tests': { severity: 'error', title: 'No automated tests', criterion: 'present', remediation: 'Add tests next to the code with the ecosystem\'s runner (pytest: tests/test_<module>.py with `def test_…`; Jest/Vitest: *.test.ts; RSpec: spec/**/*_spec.rb; Go: *_test.go; JUnit: src/test/…; xUnit: a *.Tests project; Rust: #[cfg(test)] or tests/*.rs) for the training, prediction and data preparation code, and run them in CI.' },
    'empty-test-file': { severity: 'warning', title: 'Test file without test cases', criterion: 'present', remediation: 'Write the test cases (`def test_…` functions, `it(…)`/`test(…)` calls, RSpec examples, `func TestX`, `@Test`, `[Fact]`, `#[test]`) or remove the placeholder file.' },
    'few-tests': { severity: 'warning', title: 'Few tests for the amount of code', criterion: 'present', remediation: 'Add tests for the untested modules, starting with those that train, predict and transform data.' },
    'untested-package': { severity: 'warning', title: 'Package without tests', criterion: 'present', remediation: 'Add tests that import and exercise this package (a tests/ folder inside it, or tests importing it by name).' },
    'no-ci': { severity: 'error', title: 'No CI pipeline', criterion: 'ci', remediation: 'Add a CI pipeline that installs the locked dependencies and runs the tests on every push and pull request (e.g. .github/workflows/ci.yml with `pytest --cov --cov-fail-under=<n>`).' },
    'tests-not-in-ci': { severity: 'error', title: 'CI never runs the tests', criterion: 'ci', remediation: 'Add a step that runs the test command (pytest, `make test`, `npm test`, tox, `bundle exec rspec`, `go test ./...`, `mvn verify`, `./gradlew check`, `dotnet test`, `cargo test`, `composer test`) to the pipeline that runs on every push and pull request.' },
    'tests-run-by-hook-only': { severity: 'warning', title: 'Only a git hook runs the tests', criterion: 'ci', remediation: 'Run the same test command in CI on every push and pull request: a hook runs only where it was installed, and can be skipped.' },
    'ci-tests-not-on-change': { severity: 'warning', title: 'Tests run only on a schedule or by hand', criterion: 'ci', remediation: 'Run the tests on push and pull_request too, so a change cannot merge with failing tests.' },
    'ci-failure-ignored': { severity: 'warning', title: 'CI ignores failing tests', criterion: 'ci', remediation: 'Remove `|| true`, `continue-on-error: true` or `allow_failure: true` from the test step: a red test must fail the pipeline.' },
    'ci-unparsed': { severity: 'warning', title: 'CI pipeline cannot be read', criterion: 'ci', remediation: 'Fix the pipeline file so its CI system (and this scanner) can parse it.' },
    'no-coverage-threshold': { severity: 'warning', title: 'No coverage threshold', criterion: 'threshold', remediation: 'Enforce a threshold in CI: `pytest --cov=<package> --cov-fail-under=<n>`, `fail_under` in [tool.coverage.report], or Jest/Vitest coverage thresholds.' },
    'threshold-not-enforced': { severity: 'warning', title: 'Coverage threshold configured but not applied in CI', criterion: 'threshold', remediation: 'Make CI run the tool that applies the threshold: pytest with `--cov` (pytest-cov applies fail_under), `coverage report`, `jest --coverage`, `vitest run --coverage`, or upload to Codecov.' },
    'threshold-below-minimum': { severity: 'warning', title: 'Coverage threshold below the buyer\'s minimum', criterion: 'threshold', remediation: 'Raise the enforced threshold to at least the minimum in the buyer\'s policy, and add the tests that make it pass.' },
    'model-untested': { severity: 'warning', title: 'The model is not tested', criterion: 'ml-tested', remediation: 'Test the model code: training on a small fixed sample, prediction shape and range, the evaluation gate, the serving API (e.g. tests/test_train.py, tests/test_serve.py), or promptfoo/DeepEval suites for an LLM application.' },
    'data-untested': { severity: 'warning', title: 'The data is not tested', criterion: 'ml-tested', remediation: 'Test the data and features: schemas (pandera, Great Expectations), feature engineering on fixed inputs, leakage and split checks (e.g. tests/test_features.py).' },
    'no-coverage-report': { severity: 'info', title: 'No committed coverage report', criterion: 'results', remediation: 'Commit the coverage report of the handed-over revision (coverage.xml from `pytest --cov --cov-report=xml`, lcov.info, coverage.json) or attach it to the handover, so the buyer sees the figure.' },
    'coverage-below-minimum': { severity: 'error', title: 'Coverage below the buyer\'s minimum', criterion: 'results', remediation: 'Add tests until the coverage of the handed-over revision reaches the minimum in the buyer\'s policy, then commit the new report.' },
    'coverage-report-malformed': { severity: 'error', title: 'Coverage report cannot be read', criterion: 'results', remediation: 'Regenerate the report with its tool (`coverage xml`, `coverage json`, `--coverage` with the lcov reporter); a truncated, hand-edited or oversized report proves nothing.' },
    'coverage-report-stale': { severity: 'warning', title: 'Coverage report does not match the code', criterion: 'results', remediation: 'Regenerate the report from the handed-over revision: most files it measured are not in the repository.' },
    'test-report-malformed': { severity: 'warning', title: 'Test results cannot be read', criterion: 'results', remediation: 'Regenerate the JUnit XML with the test runner (`pytest --junitxml=…`, jest-junit); do not edit it by hand.' },
    'failing-tests': { severity: 'warning', title: 'Committed test results show failures', criterion: 'results', remediation: 'Fix the failing tests (or the code) and commit results from a green run.' },
    'ml-tests-not-run': { severity: 'warning', title: 'Model and data tests CI does not run', criterion: 'ml-tested', remediation: 'Run the model and data tests in CI on every push and pull request (the same step that runs the other tests), so a change that breaks them cannot merge unnoticed.' },
    'suite-empty': { severity: 'warning', title: 'Data or model test suite tests nothing', criterion: 'ml-tested', remediation: 'Add expectations or test cases to the suite, or remove it.' },
    'tests-not-read': { severity: 'info', title: 'Test code in a language the check does not read', criterion: 'present', remediation: 'Nothing to fix in the delivery: review these tests by hand (the check reads Python, JavaScript/TypeScript, Ruby, Go, JVM, .NET, Rust and PHP tests), or declare their location so the files are at least counted.' },
  },
  scale: {
    high: 'Tests for every package including the model and the data, run by CI on every push and pull request, a coverage threshold at or above the buyer\'s minimum enforced in CI, and a committed coverage report of the current code above the minimum with green JUnit results.',
    low: 'No automated tests, or tests nobody runs: no CI step, no threshold, no results.',
  },
  recognises: [
    'Declared locations (buyer policy, handover manifest, .ml-handover.yml): test files and reports there count whatever their names',
    'Python tests: tests/, test_*.py, *_test.py (pytest, unittest), with pytest/coverage settings in pyproject.toml, setup.cfg, tox.ini, pytest.ini, .coveragerc, noxfile.py',
    'JavaScript/TypeScript tests: *.test.*, *.spec.*, *-spec.js, __tests__/, spec/javascripts/ (Jasmine), test/ and spec/ files holding cases (Mocha), package.json test scripts, Jest/Vitest/nyc/c8 coverage thresholds',
    ...TEST_CONVENTIONS.map((convention) => `${convention.label} tests: ${CONVENTION_NOTES[convention.language]}`),
    'Test code in any other language (GitHub Linguist\'s table by extension, test folders and test-like names) is counted per language and reported as not read: the criteria it would decide are left out of the score, never scored 0',
    'Git hooks that run the tests (lefthook.yml commands, local .pre-commit-config.yaml hooks, .husky/pre-commit and pre-push), followed like CI steps: automatic on the developer\'s machine, not CI',
    'Data and model suites: Great Expectations suites and checkpoints, pandera schemas, deepchecks suites, Evidently test suites, DeepEval, promptfoo configs',
    'CI: GitHub Actions (local reusable workflows), GitLab CI (extends, local includes), Azure Pipelines (stages, deployment jobs, templates, DotNetCoreCLI/VSTest/Maven/Gradle tasks), Jenkinsfile (sh/bat steps), CircleCI (orbs, reusable commands), Bitbucket Pipelines (steps, parallel, stages), Google Cloud Build (steps, builders), Buildkite (command steps, groups), Travis CI (phases, jobs.include, the language\'s default script), Drone (pipelines, steps, triggers); test commands followed through make, npm/yarn/pnpm and composer scripts, tox, nox, hatch, mise tasks (with what they depend on), jobs submitted with their spec (`anyscale job submit job.yaml --wait`: its entrypoint) and shell scripts; `bundle exec`, `./gradlew`, `./mvnw` and `php vendor/bin/…` seen through',
    'Coverage thresholds: --cov-fail-under, [tool.coverage.report] fail_under, .coveragerc, [coverage:report], codecov.yml targets, Jest coverageThreshold, Vitest coverage.thresholds, nyc/c8 check-coverage, SimpleCov minimum_coverage (.simplecov, spec/test helpers, applied when RSpec/minitest/rake runs), JaCoCo rule minimum (build.gradle(.kts) jacocoTestCoverageVerification, pom.xml jacoco-maven-plugin check, applied by the task or phase CI runs), coverlet Threshold (project file, `/p:Threshold=`), tarpaulin fail-under (tarpaulin.toml, `--fail-under`), cargo-llvm-cov --fail-under-*, go-test-coverage threshold (.testcoverage.yml), a script comparing `go tool cover -func`\'s total with a minimum',
    'Committed results: JUnit XML (pytest, jest-junit, Surefire, Gradle, go-junit-report), Visual Studio TRX (dotnet test --logger trx), Cobertura and Clover XML, lcov.info, coverage.py JSON, istanbul coverage-summary.json, JaCoCo XML (jacoco*.xml), Go cover profiles (cover.out, coverage.out, *.coverprofile), SimpleCov coverage/.last_run.json; XML read without entity expansion, depth and size bounded',
    `Minimum coverage: the buyer's policy option checks.tests.options.minCoverage (percent), else the milestone default (${Object.entries(MILESTONE_MIN_COVERAGE).map(([milestone, percent]) => `${milestone} ${percent}%`).join(', ')}); never lowered by the scanned repository`,
  ],
  async run(snapshot, context) {
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const minimum = coverageMinimum(context.options, context.milestone);
    const declared = filesAtLocations(snapshot, context.locations);
    const inventory = await collectTestInventory(snapshot, declared);
    const suites = await collectMlSuites(snapshot);
    const ci = await collectCiPipelines(snapshot);
    const ciFacts = await ciTestFacts(snapshot, ci.pipelines);
    const config = await collectCoverageConfig(snapshot);
    const results = await readCommittedResults(snapshot, declared);

    const present = judgePresence(inventory, suites, evidence, findings);
    const local = ciFacts.runs.length === 0 ? await localTestCommand(snapshot) : null;
    const hooks = ciFacts.runs.length === 0 ? await hookTestRuns(snapshot) : [];
    const automatic: AutomaticRun = ciFacts.runs.length ? 'ci' : hooks.length ? 'hook' : 'none';
    const unsupported = notRead(inventory, suites, ciFacts.runs.length, ci.pipelines.length, evidence, findings);
    const ciValue = judgeCi(inventory, suites, ci.pipelines.length, ci.problems, ciFacts.runs, local, hooks, evidence, findings);
    const enforced = enforcedThresholds(config, ciFacts);
    const threshold = judgeThreshold(enforced, config.thresholds, minimum, automatic, evidence, findings);
    const mlTested = judgeMlTested(inventory, suites, automatic, evidence, findings);
    const resultsValue = judgeResults(results.coverage, results.junit, minimum, enforced, evidence, findings);

    const withCases = inventory.tests.filter((test) => test.cases !== 0).length;
    const best = bestReport(results.coverage);
    const summary = [
      `${withCases} test file(s) for ${inventory.sources.length} source file(s)`,
      ciFacts.runs.length ? `CI runs ${unique(ciFacts.runs.map((run) => run.runner)).join(', ')}` : 'CI runs no tests',
      enforced.some((entry) => entry.percent !== null) ? `threshold ${formatPercent(Math.max(...enforced.map((entry) => entry.percent ?? 0)))} enforced` : 'no enforced coverage threshold',
      best?.report ? `coverage ${formatPercent(best.report.rate * 100)} (${best.path})` : 'no coverage report',
      minimum.percent !== null ? `minimum ${formatPercent(minimum.percent)} (${minimum.source})` : 'no minimum set',
    ].join('; ');
    // Findings of a criterion left out for unread test code would blame the delivery for what was not read.
    const excluded = new Set(unsupported.map((entry) => entry.criterion));
    const kept = findings.filter((finding) => finding.id === 'tests-not-read' || !finding.criterion || !excluded.has(finding.criterion));
    return {
      status: 'judged',
      criteria: { present: unit(present), ci: unit(ciValue), threshold: unit(threshold), 'ml-tested': unit(mlTested), results: unit(resultsValue) },
      evidence,
      findings: kept,
      summary: summary + (inventory.unreadLanguages.length ? `; not read: ${inventory.unreadLanguages.map((entry) => `${entry.files} ${entry.language} test file(s)`).join(', ')}` : '') + '.',
      unsupported,
    };
  },
});

export default check;

/**
 * Test code in languages the check does not read. When it is the only test code, the criteria it would
 * decide leave the score with the reason (coverage lists them) instead of scoring 0; next to readable
 * tests it is named in an info finding.
 */
function notRead(inventory: TestInventory, suites: MlSuite[], ciRuns: number, pipelines: number, evidence: Evidence[], findings: Finding[]): Array<{ criterion: string; reason: string }> {
  if (inventory.unreadLanguages.length === 0) return [];
  const described = inventory.unreadLanguages.map((entry) => `${entry.files} ${entry.language} file(s), e.g. ${entry.example}`).join('; ');
  for (const entry of inventory.unreadLanguages.slice(0, 10)) evidence.push({ path: entry.example, kind: 'test:not-read', note: `${entry.files} test-like ${entry.language} file(s) not read` });
  const readable = inventory.tests.some((test) => test.cases !== 0) || suites.some(suiteTestsSomething);
  findings.push(findingFrom(check, 'tests-not-read', `Test code the check does not read: ${described}.${readable ? ' Only the tests it reads are judged.' : ''}`, { path: inventory.unreadLanguages[0].example }));
  if (readable) return [];
  const reason = `test code in ${inventory.unreadLanguages.map((entry) => entry.language).join(', ')} is not read by this check`;
  const unsupported = [
    { criterion: 'present', reason },
    { criterion: 'ml-tested', reason },
  ];
  if (pipelines > 0 && ciRuns === 0) unsupported.push({ criterion: 'ci', reason: `${reason}, nor its test commands` });
  return unsupported;
}


const SETTINGS_MODULE = /(^|\/)(settings|config|configs|conf|configurations)\/[^/]+\.py$/i;

function judgePresence(inventory: TestInventory, suites: MlSuite[], evidence: Evidence[], findings: Finding[]): number {
  const real = inventory.tests.filter((test) => test.cases !== 0);
  const cases = real.reduce((total, test) => total + (test.cases ?? 0), 0);
  for (const test of inventory.tests.slice(0, MAX_LISTED)) {
    const tags = [test.model ? 'model' : '', test.data ? 'data' : ''].filter(Boolean).join(', ');
    evidence.push({ path: test.path, kind: `test:${test.language}`, note: `${test.cases === null ? 'not read' : `${test.cases} test case(s)`}${tags ? `; exercises the ${tags}` : ''}` });
  }
  if (inventory.tests.length > MAX_LISTED) evidence.push({ path: '', kind: 'test', note: `${inventory.tests.length - MAX_LISTED} more test file(s) not listed` });
  // `backend/settings/test.py`, `configurations/je_test.py`: settings for a test run, named like a test file.
  for (const test of inventory.tests.filter((entry) => entry.cases === 0 && !SETTINGS_MODULE.test(entry.path)).slice(0, 20)) {
    findings.push(findingFrom(check, 'empty-test-file', `${test.path} holds no test cases.`, { path: test.path, line: 1 }));
  }
  const usableSuites = suites.filter(suiteTestsSomething);
  if (real.length === 0 && usableSuites.length === 0) {
    findings.push(
      findingFrom(check, 'no-tests', `No automated tests found for ${inventory.sources.length} source file(s)${inventory.notebooks ? ` and ${inventory.notebooks} notebook(s)` : ''}${inventory.tests.length ? `; ${inventory.tests.length} test file(s) hold no test cases` : ''}.`),
    );
    return 0;
  }
  const ratio = inventory.sources.length ? real.length / inventory.sources.length : 1;
  let value = Math.min(1, ratio / FULL_RATIO);
  if (ratio < FULL_RATIO) {
    findings.push(findingFrom(check, 'few-tests', `${real.length} test file(s) with ${cases} test case(s) for ${inventory.sources.length} source file(s) (${formatPercent(ratio * 100)} of the ${formatPercent(FULL_RATIO * 100)} expected).`));
  }
  const untested = inventory.packages.filter((pkg) => testsFor(pkg, real).length === 0);
  for (const pkg of untested.slice(0, 20)) {
    findings.push(findingFrom(check, 'untested-package', `Package ${pkg.name} (${pkg.sources} source file(s)) has no test that imports or sits in it.`, { path: pkg.path || undefined }));
  }
  for (const pkg of inventory.packages.slice(0, MAX_LISTED)) {
    evidence.push({ path: pkg.path, kind: `package:${pkg.language}`, note: `${pkg.name}: ${pkg.sources} source file(s), ${testsFor(pkg, real).length} test file(s)` });
  }
  if (inventory.packages.length > 0) value = 0.6 * value + 0.4 * (1 - untested.length / inventory.packages.length);
  // Suites alone (a GX project, a promptfoo config) with no unit tests are tests of a kind, not a test suite.
  if (real.length === 0) value = Math.min(value, 0.4);
  return value;
}

function judgeCi(
  inventory: TestInventory,
  suites: MlSuite[],
  pipelines: number,
  problems: Array<{ path: string; line?: number; message: string }>,
  runs: CiTestRun[],
  local: { command: string; runner: string; via: string[] } | null,
  hooks: HookTestRun[],
  evidence: Evidence[],
  findings: Finding[],
): number {
  const locally = local ? ` \`${local.command}\` runs ${local.runner} (${local.via.join(' → ') || local.command}), but` : '';
  for (const problem of problems) findings.push(findingFrom(check, 'ci-unparsed', `${problem.path}: ${problem.message}`, { path: problem.path, line: problem.line }));
  for (const run of runs.slice(0, MAX_LISTED)) {
    evidence.push({
      path: run.pipeline.path,
      line: run.step.line,
      kind: `ci-test-run:${run.pipeline.system}`,
      note: `${run.runner}: \`${run.text.slice(0, 100)}\`${run.via.length ? ` via ${run.via.join(' → ')}` : ''}; runs on ${triggersOf(run).join(', ')}${run.ignoresFailure ? '; failure ignored' : ''}`,
    });
  }
  const hasTests = inventory.tests.some((test) => test.cases !== 0) || suites.some(suiteTestsSomething);
  for (const hook of hooks.slice(0, 10)) evidence.push({ path: hook.path, kind: 'hook-test-run', note: `${hook.hook} hook runs ${hook.runner} (${hook.via.join(' → ')})` });
  // A committed hook runs the tests on every commit or push, where it is installed and not skipped: automatic, not CI.
  const byHook = (): number => {
    if (!hasTests || hooks.length === 0) return 0;
    findings.push(findingFrom(check, 'tests-run-by-hook-only', `Only the ${hooks[0].hook} hook in ${hooks[0].path} runs the tests (${hooks[0].runner}): it runs where it was installed and can be skipped; no CI step runs them.`, { path: hooks[0].path }));
    return 0.3;
  };
  if (pipelines === 0) {
    if (problems.length === 0) findings.push(findingFrom(check, 'no-ci', `No CI pipeline found (${CI_NAMES})${hasTests ? `:${locally ? locally.replace(/, but$/, ';') : ''} the tests run only where someone remembers to run them` : ''}.`));
    return byHook();
  }
  if (runs.length === 0) {
    findings.push(
      findingFrom(check, 'tests-not-in-ci', hasTests ? `${pipelines} CI pipeline(s) found,${locally || ' but'} no step runs the tests (no pytest, unittest, tox, nox, Jest, Vitest, Jasmine, RSpec, rake, go test, Maven, Gradle, dotnet test, cargo test, PHPUnit or test script in any step, Make target or script they call).` : `${pipelines} CI pipeline(s) found, and there are no tests for them to run.`),
    );
    return byHook();
  }
  if (!hasTests) return 0.2; // a test step with nothing to test
  const counted = runs.filter((run) => !run.ignoresFailure);
  for (const run of runs.filter((entry) => entry.ignoresFailure).slice(0, 10)) {
    findings.push(findingFrom(check, 'ci-failure-ignored', `${run.runner} runs in ${run.pipeline.path} but its failure is ignored (\`${run.text.slice(0, 80)}\`${run.step.allowFailure ? ', step allowed to fail' : ''}).`, { path: run.pipeline.path, line: run.step.line }));
  }
  if (counted.length === 0) return 0.3;
  if (counted.some((run) => triggersOf(run).some((trigger) => ON_CHANGE.includes(trigger)))) return 1;
  const run = counted[0];
  findings.push(findingFrom(check, 'ci-tests-not-on-change', `The tests run only on ${triggersOf(run).join(', ')} (${run.pipeline.path}), not on push or pull request.`, { path: run.pipeline.path, line: run.step.line }));
  return 0.6;
}

function triggersOf(run: CiTestRun): CiTrigger[] {
  return run.step.triggers ?? ['push'];
}

function judgeThreshold(enforced: EnforcedThreshold[], configured: Array<{ tool: string; path: string; line: number; percent: number | null }>, minimum: CoverageMinimum, automatic: AutomaticRun, evidence: Evidence[], findings: Finding[]): number {
  for (const entry of enforced) evidence.push({ path: entry.path, line: entry.line, kind: 'coverage-threshold', note: `${entry.percent === null ? 'relative' : formatPercent(entry.percent)}: ${entry.how}` });
  const unenforced = configured.filter((threshold) => !enforced.some((entry) => entry.path === threshold.path && entry.line === threshold.line));
  for (const threshold of unenforced) evidence.push({ path: threshold.path, line: threshold.line, kind: 'coverage-threshold', note: `${threshold.percent === null ? 'auto' : formatPercent(threshold.percent)} (${threshold.tool}), not applied by any CI step` });
  const absolute = enforced.filter((entry) => entry.percent !== null);
  if (absolute.length === 0) {
    if (enforced.length > 0) return 0.5; // only a relative target: coverage cannot drop, but has no floor
    if (unenforced.length > 0) {
      const first = unenforced.reduce((top, entry) => ((entry.percent ?? 0) > (top.percent ?? 0) ? entry : top));
      const below = minimum.percent !== null && first.percent !== null && first.percent < minimum.percent;
      findings.push(
        findingFrom(check, 'threshold-not-enforced', `${first.tool} threshold ${first.percent === null ? 'auto' : formatPercent(first.percent)} in ${first.path} is never applied: no CI step runs the tool that reads it${automatic === 'none' ? ', and nothing runs the tests automatically' : ''}${below ? `; it is also below the buyer's minimum of ${formatPercent(minimum.percent!)} (${minimum.source})` : ''}.`, { path: first.path, line: first.line }),
      );
      // A threshold counts only where something runs the tests on its own; applied by nobody it is a wish.
      if (automatic === 'none') return 0;
      return below ? 0.5 * (first.percent! / minimum.percent!) : 0.5;
    }
    findings.push(findingFrom(check, 'no-coverage-threshold', 'No coverage threshold is configured or enforced anywhere (CI commands, coverage.py and pytest settings, codecov.yml, Jest/Vitest/nyc/c8 config, SimpleCov minimum_coverage, JaCoCo rules, coverlet Threshold, tarpaulin fail-under, go-test-coverage).'));
    return 0;
  }
  const strongest = absolute.reduce((top, entry) => (entry.percent! > top.percent! ? entry : top));
  if (minimum.percent !== null && strongest.percent! < minimum.percent) {
    findings.push(
      findingFrom(check, 'threshold-below-minimum', `The enforced coverage threshold is ${formatPercent(strongest.percent!)} (${strongest.how}); the buyer's minimum is ${formatPercent(minimum.percent)} (${minimum.source}).`, { path: strongest.path, line: strongest.line }),
    );
    return 0.5 + 0.4 * (strongest.percent! / minimum.percent);
  }
  return 1;
}

/**
 * What the tests exercise is a quality of a safety net that runs. Model and data tests nothing runs
 * automatically show what the vendor meant to test, not that it still holds (nobody learns when they start
 * failing): they count nothing, so a never-run suite passes on its size alone or not at all. Run only by a
 * git hook on the developer's machine, they count for half, as a coverage threshold CI never applies does.
 */
function judgeMlTested(inventory: TestInventory, suites: MlSuite[], automatic: AutomaticRun, evidence: Evidence[], findings: Finding[]): number {
  for (const suite of suites.slice(0, MAX_LISTED)) {
    evidence.push({ path: suite.path, line: suite.line, kind: `suite:${suite.tool}`, note: `${suite.note}${suite.checks !== null ? `; ${suite.checks} check(s)` : ''}${suite.problem ? `; not read: ${suite.problem}` : ''}` });
    if (suite.checks === 0 || suite.problem) findings.push(findingFrom(check, 'suite-empty', `${suite.note} in ${suite.path} ${suite.problem ? `cannot be read: ${suite.problem}` : 'holds no expectations or tests'}.`, { path: suite.path, line: suite.line }));
  }
  const usable = suites.filter(suiteTestsSomething);
  const modelTests = inventory.tests.filter((test) => test.model && test.cases !== 0);
  const dataTests = inventory.tests.filter((test) => test.data && test.cases !== 0);
  const model = modelTests.length > 0 || usable.some((suite) => suite.covers !== 'data');
  const data = dataTests.length > 0 || usable.some((suite) => suite.covers !== 'model');
  const anyTests = inventory.tests.some((test) => test.cases !== 0) || usable.length > 0;
  if (anyTests && !model) findings.push(findingFrom(check, 'model-untested', `None of the ${inventory.tests.length} test file(s) exercises training, prediction, evaluation or serving code.`));
  if (anyTests && !data) findings.push(findingFrom(check, 'data-untested', `None of the ${inventory.tests.length} test file(s) or suites tests data preparation, features or schemas.`));
  const value = (model ? 0.5 : 0) + (data ? 0.5 : 0);
  if (value > 0 && automatic !== 'ci') {
    const tested = [model ? 'the model' : '', data ? 'the data' : ''].filter(Boolean).join(' and ');
    findings.push(findingFrom(check, 'ml-tests-not-run', `Tests of ${tested} exist, but no CI step runs them: nothing shows they still pass. ${automatic === 'hook' ? 'Only a git hook runs them: counted for half.' : 'Nothing runs them automatically: not counted.'}`));
    return automatic === 'hook' ? value / 2 : 0;
  }
  return value;
}

function judgeResults(coverage: CoverageReading[], junit: JunitReading[], minimum: CoverageMinimum, enforced: EnforcedThreshold[], evidence: Evidence[], findings: Finding[]): number {
  let value: number;
  for (const reading of coverage) {
    if (reading.problem) {
      findings.push(findingFrom(check, 'coverage-report-malformed', `${reading.path}: ${reading.problem.message}`, { path: reading.path, line: reading.problem.line }));
      evidence.push({ path: reading.path, kind: 'coverage-report', note: `not read: ${reading.problem.message}` });
    } else if (reading.report) {
      const { report } = reading;
      const counts = report.covered !== null && report.total !== null ? ` (${report.covered}/${report.total} ${report.measure})` : ` (${report.measure})`;
      const present = reading.present ? `; ${reading.present.found}/${reading.present.checked} measured file(s) in the repository` : '';
      evidence.push({ path: reading.path, kind: `coverage-report:${report.format}`, note: `${formatPercent(report.rate * 100)}${counts}${report.tool ? ` by ${report.tool}` : ''}${report.generatedAt ? ` at ${report.generatedAt}` : ''}${present}` });
    }
  }
  const best = bestReport(coverage);
  if (!best?.report) {
    const enforcedFloor = enforced.some((entry) => entry.percent !== null);
    if (!coverage.some((reading) => reading.problem)) {
      findings.push(findingFrom(check, 'no-coverage-report', `No coverage report is committed${enforcedFloor ? '; CI enforces a threshold, but the buyer cannot see the figure' : ''}${minimum.percent !== null ? ` (the buyer's minimum is ${formatPercent(minimum.percent)}, ${minimum.source})` : ''}.`));
    }
    value = enforcedFloor ? 0.5 : 0;
  } else {
    const percent = best.report.rate * 100;
    const stale = best.present !== null && best.present.found / best.present.checked < 0.5;
    if (stale) {
      findings.push(findingFrom(check, 'coverage-report-stale', `${best.path} measured ${best.present!.checked} file(s), of which ${best.present!.found} exist in the repository: it is not a report of this code.`, { path: best.path }));
    }
    if (minimum.percent !== null && percent < minimum.percent) {
      findings.push(
        findingFrom(check, 'coverage-below-minimum', `Coverage is ${formatPercent(percent)} in ${best.path}; the buyer's minimum is ${formatPercent(minimum.percent)} (${minimum.source}).`, { path: best.path }),
      );
      value = 0.4 * (percent / minimum.percent);
    } else value = 1;
    if (stale) value = Math.min(value, 0.3);
  }
  for (const reading of junit) {
    if (reading.problem) {
      findings.push(findingFrom(check, 'test-report-malformed', `${reading.path}: ${reading.problem.message}`, { path: reading.path, line: reading.problem.line }));
      evidence.push({ path: reading.path, kind: 'test-results', note: `not read: ${reading.problem.message}` });
      continue;
    }
    const r = reading.results!;
    evidence.push({ path: reading.path, kind: 'test-results:junit', note: `${r.tests} test(s), ${r.failures} failure(s), ${r.errors} error(s), ${r.skipped} skipped${r.timestamp ? ` at ${r.timestamp}` : ''}` });
    const failing = r.failures + r.errors;
    if (failing > 0) {
      const names = r.failing.slice(0, 5).map((testCase) => `${testCase.classname ? testCase.classname + '.' : ''}${testCase.name}`);
      findings.push(findingFrom(check, 'failing-tests', `${failing} of ${r.tests} test(s) fail in ${reading.path}${names.length ? `: ${names.join(', ')}` : ''}.`, { path: reading.path, line: r.failing[0]?.line }));
      value *= r.tests > 0 ? Math.max(0, 1 - failing / r.tests) : 0;
    }
  }
  return value;
}

/** The report that speaks for the repository: readable, measuring the most of its files, then the largest. */
function bestReport(coverage: CoverageReading[]): CoverageReading | undefined {
  return coverage
    .filter((reading) => reading.report)
    .sort((a, b) => (b.present?.found ?? 0) - (a.present?.found ?? 0) || (b.report!.total ?? 0) - (a.report!.total ?? 0) || (a.path < b.path ? -1 : 1))[0];
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
