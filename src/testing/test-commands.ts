// What a shell script (a CI step, a Make recipe, an npm script, a tox `commands` value) does about tests:
// the test runners it starts (pytest, unittest, Jest, Vitest, Jasmine, RSpec, minitest/rake, `go test`,
// Maven and Gradle test phases, `dotnet test`, `cargo test`/nextest/tarpaulin, PHPUnit/Pest, Great
// Expectations checkpoints, promptfoo…), the indirections it goes through (`make test`, `npm test`,
// `composer test`, `tox`, `nox`, `hatch run`, `./scripts/test.sh`), the coverage gates it applies
// (`--cov-fail-under`, `coverage report --fail-under`, nyc/c8 check-coverage, coverlet `/p:Threshold=`,
// tarpaulin and cargo-llvm-cov `--fail-under`, go-test-coverage, a script comparing `go tool cover -func`'s
// total with a minimum), coverage uploads, and `|| true` that throws a failure away. Pure and linear.
import { commandLines, normaliseRepoPath } from '../formats/shell-references.js';
import { covFailUnder, measuresCoverage, percentOf } from '../formats/coverage-config.js';

export type TestRunner =
  | 'pytest'
  | 'unittest'
  | 'nose'
  | 'jest'
  | 'vitest'
  | 'mocha'
  | 'node-test'
  | 'bun-test'
  | 'behave'
  | 'great-expectations'
  | 'promptfoo'
  | 'deepeval'
  | 'jasmine'
  | 'karma'
  | 'playwright'
  | 'cypress'
  | 'rspec'
  | 'minitest'
  | 'rake'
  | 'go-test'
  | 'maven'
  | 'gradle'
  | 'sbt'
  | 'dotnet-test'
  | 'cargo-test'
  | 'phpunit';

export interface TestCommand {
  runner: TestRunner;
  /** The command as written (trimmed, at most 200 characters). */
  text: string;
  /** Coverage is measured by this run (`--cov`, `coverage run`, `--coverage`). */
  measuresCoverage: boolean;
  /** A threshold on the command line (`--cov-fail-under=80`, Jest `--coverageThreshold`). */
  failUnder: number | null;
  /** `|| true` and the like: a failing run cannot fail the pipeline. */
  ignoresFailure: boolean;
  /** Maven goals/phases or Gradle tasks named, for thresholds a build file binds to one of them (JaCoCo). */
  tasks?: string[];
}

/** `mise`: a mise task (`mise run test`); `job-spec`: a job submitted with its spec file (`anyscale job submit job.yaml`), whose entrypoint runs. */
export type IndirectionKind = 'make' | 'npm-script' | 'composer' | 'tox' | 'nox' | 'hatch' | 'script' | 'mise' | 'job-spec';

export interface Indirection {
  kind: IndirectionKind;
  /** Make targets, script names, tox environments or nox sessions named (empty: the default). */
  targets: string[];
  /** Make `-C dir`/`-f file`, npm `--prefix dir`, or the script's repository path. */
  location: string | null;
  text: string;
  ignoresFailure: boolean;
}

export interface CoverageGate {
  tool: 'coverage.py' | 'pytest-cov' | 'jest' | 'vitest' | 'nyc' | 'c8' | 'diff-cover' | 'hatch' | 'coverlet' | 'tarpaulin' | 'cargo-llvm-cov' | 'go-test-coverage' | 'go-cover' | 'jacoco';
  /** The threshold given on the command line; null when the tool reads it from its configuration. */
  percent: number | null;
  text: string;
}

export interface CommandFacts {
  tests: TestCommand[];
  indirect: Indirection[];
  gates: CoverageGate[];
  /** Coverage is uploaded to Codecov (whose `target` then gates the change). */
  uploadsCoverage: boolean;
}

const MAX_SEGMENTS = 2000;
const WRAPPERS = new Set(['sudo', 'time', 'exec', 'nohup', 'command', 'nice', 'stdbuf', 'caffeinate']);
/** `uv run`, `poetry run`, `conda run -n x`: the real command follows. */
const RUNNER_PREFIXES = new Set(['uv', 'uvx', 'poetry', 'pipenv', 'pdm', 'rye', 'conda', 'mamba', 'micromamba', 'pixi']);
const PYTHON = /^(python[\d.]*|py|pypy[\d.]*)$/;
const IGNORED = /^\s*(true|:|exit\s+0|echo\b.*)\s*$/;
/** The bash uploader and the Codecov CLI fetched by URL. */
const CODECOV_UPLOADER = /codecov\.io\/bash|cli\.codecov\.io/i;

export function analyseScript(script: string): CommandFacts {
  const facts: CommandFacts = { tests: [], indirect: [], gates: [], uploadsCoverage: false };
  if (CODECOV_UPLOADER.test(script)) facts.uploadsCoverage = true;
  const actionStep = /^(uses|task|pipe|orb|orb-job|build job) /.exec(script);
  if (actionStep) {
    analyseAction(script, facts);
    return facts;
  }
  const goGate = goCoverGate(script);
  if (goGate) facts.gates.push(goGate);
  let segments = 0;
  // `command="python -m pytest …"` then `eval "$command"` (or `$command`): the variable's value is the command.
  const variables = new Map<string, string>();
  for (const { text } of commandLines(script)) {
    const assignment = /^[ \t]*([A-Za-z_]\w{0,60})=(["'])([^"'\n]{1,2000})\2[ \t]*$/.exec(text);
    if (assignment && variables.size < 200) variables.set(assignment[1], assignment[3]);
    const parts = splitSegments(text);
    for (let i = 0; i < parts.length && segments < MAX_SEGMENTS; i++, segments++) {
      const next = parts[i + 1];
      const ignoresFailure = parts[i].operator === '||' && next !== undefined && IGNORED.test(next.text);
      const expanded = /^[ \t]*(?:eval[ \t]+)?["']?\$\{?(\w{1,61})\}?["']?[ \t]*$/.exec(parts[i].text);
      analyseSegment(expanded && variables.has(expanded[1]) ? variables.get(expanded[1])! : parts[i].text, ignoresFailure, facts);
    }
  }
  return facts;
}

/**
 * Without `set -e` a shell script's exit status is its last command's: a test run on an earlier line, not
 * followed by `|| exit`, cannot fail the step that calls the script.
 */
export function failureLostInScript(script: string, testText: string): boolean {
  if (/^[ \t]*set[ \t]+(-[a-zA-Z]*e|-o[ \t]+errexit)|^#![^\n]*[ \t]-[a-zA-Z]*e\b/m.test(script)) return false;
  const lines = commandLines(script).map((line) => line.text);
  const last = lines[lines.length - 1] ?? '';
  // A command expanded from a variable sits on its `eval "$command"` line.
  const own = lines.find((line) => line.includes(testText.slice(0, 60))) ?? lines.find((line) => /^[ \t]*(?:eval[ \t]|["']?\$)/.test(line)) ?? last;
  return own !== last && !/\|\|[ \t]*exit\b/.test(own);
}

/** Non-shell steps: actions, tasks, pipes and orbs that run tests or upload coverage. */
function analyseAction(step: string, facts: CommandFacts): void {
  const name = step.split(/\s+/)[1]?.toLowerCase() ?? '';
  if (/codecov/.test(name)) facts.uploadsCoverage = true;
  // circleci/python orb: the `test` job and command run pytest (its default test-tool).
  if (/^python\/test$/.test(name)) facts.tests.push({ runner: 'pytest', text: step.slice(0, 200), measuresCoverage: false, failUnder: null, ignoresFailure: false });
  else if (/pytest/.test(name)) facts.tests.push({ runner: 'pytest', text: step.slice(0, 200), measuresCoverage: /cov/.test(step), failUnder: covFailUnder(step), ignoresFailure: false });
  else if (/^(dotnetcorecli|vstest)@\d+$/.test(name) && (name.startsWith('vstest') || /\bcommand=test\b/i.test(step))) {
    const args = /\barguments=(.*)$/i.exec(step)?.[1] ?? '';
    analyseSegment(`dotnet test ${args}`, false, facts);
  } else if (/^maven@\d+$/.test(name)) analyseSegment(`mvn ${/\bgoals=(\S+(?: (?!\w+=)\S+)*)/i.exec(step)?.[1] ?? 'package'}`, false, facts);
  else if (/^gradle@\d+$/.test(name)) analyseSegment(`gradle ${/\btasks=(\S+(?: (?!\w+=)\S+)*)/i.exec(step)?.[1] ?? 'build'}`, false, facts);
  else if (/gradle\/(gradle-build-action|actions\/setup-gradle)/.test(name) && /\barguments=/.test(step)) analyseSegment(`gradle ${/\barguments=(\S+(?: (?!\w+=)\S+)*)/.exec(step)?.[1] ?? ''}`, false, facts);
  else if (/^vladopajic\/go-test-coverage@/.test(name)) facts.gates.push({ tool: 'go-test-coverage', percent: percentOf(/\bthreshold-total=(\d+(?:\.\d+)?)/.exec(step)?.[1]), text: step.slice(0, 200) });
  // Inputs that are scripts (AzureCLI inlineScript, Bash@3 script=…) are shell again.
  const inline = /\b(?:script|inlineScript|customCommand|command|args|arguments)=(.+)$/i.exec(step);
  if (inline && !/^(orb|orb-job) /.test(step) && !/^(dotnetcorecli|vstest|maven|gradle)@\d+$/.test(name)) {
    const inner = analyseScript(inline[1].replace(/ \w+=.*$/, ''));
    facts.tests.push(...inner.tests);
    facts.indirect.push(...inner.indirect);
    facts.gates.push(...inner.gates);
  }
}

function analyseSegment(segment: string, ignoresFailure: boolean, facts: CommandFacts): void {
  const tokens = segment.trim().split(/\s+/).filter(Boolean).slice(0, 200);
  if (tokens.length === 0) return;
  const text = segment.trim().slice(0, 200);
  let i = 0;
  let coverageRun = false;
  let pythonModule = false;
  // Installing a package named pytest is not running it.
  if (/\b(pip|pip3|uv pip|poetry add|uv add|conda install|mamba install|npm install|npm i|yarn add|pnpm add|apt-get install|brew install)\b/.test(segment)) return;
  for (let guard = 0; guard < 12 && i < tokens.length; guard++) {
    const token = tokens[i];
    const base = token.slice(token.lastIndexOf('/') + 1);
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(token) || WRAPPERS.has(base)) i++;
    else if (base === 'env') i++;
    else if (base === 'bundle' && tokens[i + 1] === 'exec') i += 2;
    else if (base === 'php' && tokens[i + 1] && !tokens[i + 1].startsWith('-')) i++;
    else if (base === 'timeout') i += 2;
    else if (base === 'xvfb-run') {
      i++;
      while (tokens[i]?.startsWith('-')) i++;
    } else if (RUNNER_PREFIXES.has(base) && (tokens[i + 1] === 'run' || base === 'uvx')) {
      i += base === 'uvx' ? 1 : 2;
      while (tokens[i]?.startsWith('-')) i += /^--(with|extra|group|python|env-file|project|directory|package|name|environment)$|^-[npe]$/.test(tokens[i]) ? 2 : 1;
    } else if (base === 'npx' || base === 'bunx' || (base === 'pnpm' && tokens[i + 1] === 'exec') || (base === 'yarn' && tokens[i + 1] === 'dlx')) {
      i += base === 'npx' || base === 'bunx' ? 1 : 2;
      while (tokens[i]?.startsWith('-')) i++;
    } else if (PYTHON.test(base) && tokens[i + 1] === '-m') {
      i += 2;
      pythonModule = true;
    } else if (base === 'coverage' && tokens[i + 1] === 'run') {
      coverageRun = true;
      i += 2;
      while (tokens[i]?.startsWith('-')) {
        if (tokens[i] === '-m') pythonModule = true;
        i++;
      }
    } else if ((base === 'docker' || base === 'docker-compose' || base === 'podman') && /^(run|exec|compose)$/.test(tokens[i + 1] ?? '')) {
      // `docker compose run --rm app pytest`: the test command is somewhere after the service or image.
      const at = tokens.findIndex((candidate, index) => index > i && /^(pytest|py\.test|tox|nox|make|npm|yarn|pnpm|jest|vitest|python[\d.]*|coverage)$/.test(candidate));
      if (at === -1) return;
      i = at;
    } else break;
  }
  const word = tokens[i];
  if (!word) return;
  const command = word.slice(word.lastIndexOf('/') + 1);
  const rest = tokens.slice(i + 1).join(' ');
  const test = (runner: TestRunner, measures = coverageRun, failUnder: number | null = null) =>
    facts.tests.push({ runner, text, measuresCoverage: measures, failUnder, ignoresFailure });
  const indirect = (kind: IndirectionKind, targets: string[], location: string | null = null) => facts.indirect.push({ kind, targets, location, text, ignoresFailure });

  if (command === 'pytest' || command === 'py.test') test('pytest', coverageRun || measuresCoverage(rest), covFailUnder(rest));
  else if (pythonModule && command === 'unittest') test('unittest');
  else if (PYTHON.test(command) && /^setup\.py\s+test\b/.test(rest)) test('unittest');
  else if ((PYTHON.test(command) && /^(\S*\/)?manage\.py\s+test\b/.test(rest)) || (command === 'manage.py' && tokens[i + 1] === 'test')) test('unittest'); // Django's runner
  else if (command === 'nose2' || command === 'nosetests') test('nose');
  else if (command === 'behave') test('behave');
  else if (command === 'tox') indirect('tox', flagValues(rest, ['-e']));
  else if (command === 'mise' && (tokens[i + 1] === 'run' || tokens[i + 1] === 'r')) {
    const task = tokens.slice(i + 2).find((token) => !token.startsWith('-'));
    if (task) indirect('mise', [task]);
  } else if (command === 'anyscale' && /^jobs?$/.test(tokens[i + 1] ?? '') && tokens[i + 2] === 'submit') {
    // The job runs its spec's entrypoint on the cluster, and `--wait` makes the CI step fail with it.
    const spec = tokens.slice(i + 3).find((token) => /\.ya?ml$/.test(token));
    const path = spec ? normaliseRepoPath(spec.replace(/^\.\//, '')) : null;
    // Without `--wait` the step returns once the job is queued: its tests cannot fail the pipeline.
    if (path) facts.indirect.push({ kind: 'job-spec', targets: [], location: path, text, ignoresFailure: ignoresFailure || !/(^|\s)--wait\b/.test(rest) });
  }
  else if (command === 'nox') indirect('nox', flagValues(rest, ['-s', '--session', '--sessions']));
  else if (command === 'hatch' && tokens[i + 1] === 'test') {
    test('pytest', /--cover\b/.test(rest));
    if (/--cover\b/.test(rest)) facts.gates.push({ tool: 'hatch', percent: null, text });
  } else if (command === 'hatch' && tokens[i + 1] === 'run') {
    const script = tokens.slice(i + 2).find((token) => !token.startsWith('-'));
    if (script && /^(pytest|py\.test)$/.test(script)) test('pytest', measuresCoverage(rest), covFailUnder(rest));
    else if (script) indirect('hatch', [script]);
  } else if (command === 'make' || command === 'gmake') {
    const args = tokens.slice(i + 1);
    let location: string | null = null;
    const targets: string[] = [];
    for (let j = 0; j < args.length; j++) {
      if (args[j] === '-C' || args[j] === '-f' || args[j] === '--directory' || args[j] === '--file') location = args[++j] ?? null;
      else if (args[j].startsWith('-') || args[j].includes('=')) continue;
      else targets.push(args[j]);
    }
    indirect('make', targets, location && `${args.includes('-f') || args.includes('--file') ? 'file' : 'dir'}:${location}`);
  } else if (command === 'npm' || command === 'yarn' || command === 'pnpm' || command === 'bun') {
    const sub = tokens[i + 1];
    if (command === 'bun' && sub === 'test') test('bun-test', /--coverage/.test(rest));
    else if (sub === 'test' || sub === 't' || sub === 'tst') indirect('npm-script', ['test'], prefixOf(rest));
    else if (sub === 'run' || sub === 'run-script') {
      const name = tokens.slice(i + 2).find((token) => !token.startsWith('-'));
      if (name) indirect('npm-script', [name], prefixOf(rest));
      // `yarn run <bin>` and `pnpm run <bin>` also run a package's binary when no script has the name.
      if (name && (command === 'yarn' || command === 'pnpm')) analyseSegment(tokens.slice(tokens.indexOf(name, i + 2)).join(' '), ignoresFailure, facts);
    } else if ((command === 'yarn' || command === 'pnpm') && sub && !sub.startsWith('-') && !/^(install|add|remove|build|dlx|exec|why|up|upgrade|i)$/.test(sub)) {
      // `yarn jest`, `yarn playwright test`: a package script of that name, or else the package's binary.
      indirect('npm-script', [sub], null);
      analyseSegment(tokens.slice(i + 1).join(' '), ignoresFailure, facts);
    }
  } else if (command === 'jest') test('jest', /--coverage\b/.test(rest), jestThreshold(rest));
  else if (command === 'vitest') test('vitest', /--coverage\b/.test(rest), vitestThreshold(rest));
  else if (command === 'mocha' || command === 'ava' || command === 'tap') test('mocha');
  else if (command === 'node' && /(^|\s)--test\b/.test(rest)) test('node-test', /--experimental-test-coverage/.test(rest));
  else if ((command === 'great_expectations' || command === 'gx') && /\bcheckpoint\s+run\b/.test(rest)) test('great-expectations');
  else if (command === 'promptfoo' && /^eval\b/.test(rest)) test('promptfoo');
  else if (command === 'deepeval' && /^test\s+run\b/.test(rest)) test('deepeval');
  else if (command === 'codecov' || command === 'codecovcli') facts.uploadsCoverage = true;
  else if (analyseOtherEcosystems(command, tokens.slice(i + 1), test, indirect, facts)) return;
  else if (command === 'coverage' && /^(report|xml|html|json|lcov)\b/.test(rest)) facts.gates.push({ tool: 'coverage.py', percent: failUnderFlag(rest), text });
  else if ((command === 'nyc' || command === 'c8') && /(^|\s)(--)?check-coverage\b/.test(rest)) facts.gates.push({ tool: command, percent: numericFlag(rest, ['--lines', '--statements']), text });
  else if (command === 'diff-cover') facts.gates.push({ tool: 'diff-cover', percent: failUnderFlag(rest), text });
  else if (/\.(sh|bash)$/.test(command) || ((command === 'bash' || command === 'sh') && /\.(sh|bash)$/.test(tokens[i + 1] ?? ''))) {
    const path = normaliseRepoPath((command === 'bash' || command === 'sh' ? tokens[i + 1] : word).replace(/^\.\//, ''));
    if (path) indirect('script', [], path);
  }
}

/** Command segments split on `&&`, `||`, `;` and `|` outside quotes, each with the operator after it. */
function splitSegments(line: string): Array<{ text: string; operator: string | null }> {
  const out: Array<{ text: string; operator: string | null }> = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ';' || ch === '|' || (ch === '&' && line[i + 1] === '&')) {
      const operator = ch === ';' ? ';' : line[i + 1] === ch ? ch + ch : ch;
      out.push({ text: line.slice(start, i), operator });
      i += operator.length - 1;
      start = i + 1;
    }
  }
  out.push({ text: line.slice(start), operator: null });
  return out.filter((part) => part.text.trim());
}

function flagValues(args: string, flags: string[]): string[] {
  const tokens = args.split(/\s+/);
  const values: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const [flag, inline] = tokens[i].split('=', 2);
    if (!flags.includes(flag)) continue;
    const value = inline ?? tokens[i + 1];
    if (value) values.push(...value.split(',').filter(Boolean));
  }
  return values;
}

function prefixOf(args: string): string | null {
  return flagValues(args, ['--prefix', '-C', '--cwd', '--dir'])[0] ?? null;
}

function failUnderFlag(args: string): number | null {
  const match = /--fail-under(?:=|\s+)["']?(\d+(?:\.\d+)?)/.exec(args);
  return match ? percentOf(match[1]) : null;
}

function numericFlag(args: string, flags: string[]): number | null {
  for (const flag of flags) {
    const match = new RegExp(`${flag}(?:=|\\s+)(\\d+(?:\\.\\d+)?)`).exec(args);
    if (match) return percentOf(match[1]);
  }
  return null;
}

function jestThreshold(args: string): number | null {
  const match = /--coverageThreshold[= ]['"]?\{[^}]{0,300}?"?(?:lines|statements)"?\s*:\s*(\d+(?:\.\d+)?)/.exec(args);
  return match ? percentOf(match[1]) : null;
}

function vitestThreshold(args: string): number | null {
  const match = /--coverage\.thresholds\.(?:lines|statements)[= ](\d+(?:\.\d+)?)/.exec(args);
  return match ? percentOf(match[1]) : null;
}

type RecordTest = (runner: TestRunner, measures?: boolean, failUnder?: number | null) => void;
type RecordIndirection = (kind: IndirectionKind, targets: string[], location?: string | null) => void;

/** Maven phases that run the tests (a phase runs every phase before it). */
const MAVEN_TESTING = new Set(['test', 'integration-test', 'verify', 'package', 'install', 'deploy', 'surefire:test', 'failsafe:integration-test']);
/** Gradle tasks that run tests: `test`, `integrationTest`, `testDebugUnitTest`, `check`, `build`, and the coverage checks that depend on them. */
const GRADLE_TESTING = /^(test\w*|\w*Tests?|check|build|connected\w*Test|jacocoTestCoverageVerification|koverVerify)$/;

/**
 * Test runners of Ruby, JavaScript browser suites, Go, the JVM, .NET, Rust and PHP. Returns false when the
 * command is none of them (the caller then treats it as a possible script path).
 */
function analyseOtherEcosystems(command: string, args: string[], test: RecordTest, indirect: RecordIndirection, facts: CommandFacts): boolean {
  const rest = args.join(' ');
  const text = [command, ...args].join(' ').slice(0, 200);
  const positional = args.filter((arg) => !arg.startsWith('-') && !arg.includes('='));
  const sub = args[0];
  const withTasks = (runner: TestRunner, tasks: string[], measures: boolean) => {
    test(runner, measures);
    facts.tests[facts.tests.length - 1].tasks = tasks;
  };
  switch (command) {
    case 'rspec':
    case 'parallel_rspec':
    case 'turbo_tests':
      test('rspec');
      return true;
    case 'parallel_test':
      test('minitest');
      return true;
    case 'rails':
      if (sub === 'test' || sub?.startsWith('test:')) test('minitest');
      else if (sub === 'spec') test('rspec');
      return true;
    case 'rake': {
      // A Rakefile's default task is the test suite by Rails and gem convention; named tasks count when they are tests.
      const targets = positional;
      if (targets.length === 0 || targets.some((target) => /^(default|test|spec|ci)(:|$)/.test(target))) test(targets.some((target) => target.startsWith('spec')) ? 'rspec' : targets.length ? 'minitest' : 'rake');
      return true;
    }
    case 'ruby':
      if (/(^|\s)-Itest\b|_test\.rb\b/.test(rest)) test('minitest');
      return true;
    case 'jasmine':
    case 'jasmine-browser-runner':
      if (command === 'jasmine' || sub === 'runSpecs') test('jasmine');
      return true;
    case 'playwright':
      if (sub === 'test') test('playwright');
      return true;
    case 'cypress':
      if (sub === 'run') test('cypress');
      return true;
    case 'ng':
      if (sub === 'test') test('karma', /--code-coverage/.test(rest));
      return true;
    case 'react-scripts':
      if (sub === 'test') test('jest', /--coverage/.test(rest));
      return true;
    case 'karma':
      if (sub === 'start' || sub === 'run') test('karma', /coverage/.test(rest));
      return true;
    case 'go':
      if (sub === 'test') test('go-test', /(^|\s)-cover/.test(rest));
      else if (sub === 'run' && /go-test-coverage/.test(args[1] ?? '')) facts.gates.push({ tool: 'go-test-coverage', percent: percentOf(/--threshold-total[= ](\d+(?:\.\d+)?)/.exec(rest)?.[1]), text });
      return true;
    case 'gotestsum':
      test('go-test', /(^|\s)-cover/.test(rest));
      return true;
    case 'ginkgo':
      if (!sub || sub.startsWith('-') || sub === 'run') test('go-test', /(^|\s)-?-cover/.test(rest));
      return true;
    case 'go-test-coverage':
      facts.gates.push({ tool: 'go-test-coverage', percent: percentOf(/--threshold-total[= ](\d+(?:\.\d+)?)/.exec(rest)?.[1]), text });
      return true;
    case 'mvn':
    case 'mvnw':
    case 'mvnw.cmd': {
      const skips = /-D(skipTests|maven\.test\.skip)(=true)?(\s|$)/.test(rest + ' ');
      if (!skips && positional.some((goal) => MAVEN_TESTING.has(goal))) withTasks('maven', positional, /jacoco/.test(rest));
      if (positional.includes('jacoco:check')) facts.gates.push({ tool: 'jacoco', percent: null, text });
      return true;
    }
    case 'gradle':
    case 'gradlew':
    case 'gradlew.bat': {
      const excluded = new Set<string>();
      const tasks: string[] = [];
      for (let j = 0; j < args.length; j++) {
        if (args[j] === '-x' || args[j] === '--exclude-task') excluded.add((args[++j] ?? '').replace(/^.*:/, ''));
        else if (!args[j].startsWith('-')) tasks.push(args[j].replace(/^.*:/, ''));
      }
      if (!excluded.has('test') && tasks.some((task) => GRADLE_TESTING.test(task))) withTasks('gradle', tasks, tasks.some((task) => /jacoco|kover/i.test(task)));
      if (tasks.includes('jacocoTestCoverageVerification') || tasks.includes('koverVerify')) facts.gates.push({ tool: 'jacoco', percent: null, text });
      return true;
    }
    case 'sbt':
      if (/(^|[\s"])(test|testOnly|testQuick|it:test)\b/.test(rest)) test('sbt', /\bcoverage\b/.test(rest));
      return true;
    case 'dotnet':
      if (sub === 'test' || sub === 'vstest') {
        const threshold = percentOf(/[/-]p:Threshold=["']?(\d+(?:\.\d+)?)/i.exec(rest)?.[1]);
        test('dotnet-test', /CollectCoverage=true|--collect[:= ]["']?XPlat Code Coverage|coverlet/i.test(rest), threshold);
        facts.gates.push({ tool: 'coverlet', percent: threshold, text });
      }
      return true;
    case 'coverlet':
      test('dotnet-test', true);
      facts.gates.push({ tool: 'coverlet', percent: percentOf(/--threshold[= ](\d+(?:\.\d+)?)/.exec(rest)?.[1]), text });
      return true;
    case 'cargo':
    case 'cross':
      if (sub === 'test' || sub === 'nextest') test('cargo-test');
      else if (sub === 'tarpaulin') {
        const percent = percentOf(/--fail-under[= ](\d+(?:\.\d+)?)/.exec(rest)?.[1]);
        test('cargo-test', true, percent);
        facts.gates.push({ tool: 'tarpaulin', percent, text });
      } else if (sub === 'llvm-cov') {
        const percent = percentOf(/--fail-under-(?:lines|regions|functions)[= ](\d+(?:\.\d+)?)/.exec(rest)?.[1]);
        test('cargo-test', true, percent);
        if (percent !== null) facts.gates.push({ tool: 'cargo-llvm-cov', percent, text });
      }
      return true;
    case 'phpunit':
    case 'pest':
    case 'paratest':
      test('phpunit', /--coverage/.test(rest));
      return true;
    case 'artisan':
      if (sub === 'test') test('phpunit', /--coverage/.test(rest), percentOf(/--min[= ](\d+(?:\.\d+)?)/.exec(rest)?.[1]));
      return true;
    case 'codecept':
      if (sub === 'run') test('phpunit', /--coverage/.test(rest));
      return true;
    case 'composer':
      if (sub === 'test' || sub === 'tests') indirect('composer', [sub]);
      else if ((sub === 'run-script' || sub === 'run') && positional[1]) indirect('composer', [positional[1]]);
      return true;
    default:
      return false;
  }
}

/**
 * A script that compares the total of `go tool cover -func` with a minimum (Go has no built-in gate):
 * the minimum from a `MIN…`/`…THRESHOLD` variable or the number after `-lt`/`<`. Only the comparison makes
 * it a gate; printing the total is a report.
 */
function goCoverGate(script: string): CoverageGate | null {
  if (!/\bgo[ \t]+tool[ \t]+cover[ \t]+-func\b/.test(script)) return null;
  const variable = /\b[A-Z_]{0,30}(?:MIN|THRESHOLD|MINIMUM)[A-Z_]{0,30}[ \t]*[=:][ \t]*["']?(\d+(?:\.\d+)?)/.exec(script);
  const compared = /(?:-lt|<)[ \t]*["']?(\d+(?:\.\d+)?)["']?/.exec(script);
  const percent = percentOf(variable?.[1] ?? compared?.[1]);
  return percent === null ? null : { tool: 'go-cover', percent, text: 'go tool cover -func total compared with a minimum' };
}
