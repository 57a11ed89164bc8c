// What a shell script (a CI step, a Make recipe, an npm script, a tox `commands` value) does about tests:
// the test runners it starts (pytest, unittest, Jest, Vitest, Great Expectations checkpoints, promptfoo…),
// the indirections it goes through (`make test`, `npm test`, `tox`, `nox`, `hatch run`, `./scripts/test.sh`),
// the coverage gates it applies (`--cov-fail-under`, `coverage report --fail-under`, nyc/c8 check-coverage),
// coverage uploads, and `|| true` that throws a failure away. Pure and linear: text in, facts out.
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
  | 'deepeval';

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
}

export type IndirectionKind = 'make' | 'npm-script' | 'tox' | 'nox' | 'hatch' | 'script';

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
  tool: 'coverage.py' | 'pytest-cov' | 'jest' | 'vitest' | 'nyc' | 'c8' | 'diff-cover' | 'hatch';
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
  let segments = 0;
  for (const { text } of commandLines(script)) {
    const parts = splitSegments(text);
    for (let i = 0; i < parts.length && segments < MAX_SEGMENTS; i++, segments++) {
      const next = parts[i + 1];
      const ignoresFailure = parts[i].operator === '||' && next !== undefined && IGNORED.test(next.text);
      analyseSegment(parts[i].text, ignoresFailure, facts);
    }
  }
  return facts;
}

/** Non-shell steps: actions, tasks, pipes and orbs that run tests or upload coverage. */
function analyseAction(step: string, facts: CommandFacts): void {
  const name = step.split(/\s+/)[1]?.toLowerCase() ?? '';
  if (/codecov/.test(name)) facts.uploadsCoverage = true;
  // circleci/python orb: the `test` job and command run pytest (its default test-tool).
  if (/^python\/test$/.test(name)) facts.tests.push({ runner: 'pytest', text: step.slice(0, 200), measuresCoverage: false, failUnder: null, ignoresFailure: false });
  else if (/pytest/.test(name)) facts.tests.push({ runner: 'pytest', text: step.slice(0, 200), measuresCoverage: /cov/.test(step), failUnder: covFailUnder(step), ignoresFailure: false });
  // Inputs that are scripts (AzureCLI inlineScript, Bash@3 script=…) are shell again.
  const inline = /\b(?:script|inlineScript|customCommand|command|args|arguments)=(.+)$/i.exec(step);
  if (inline && !/^(orb|orb-job) /.test(step)) {
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
  else if (command === 'nose2' || command === 'nosetests') test('nose');
  else if (command === 'behave') test('behave');
  else if (command === 'tox') indirect('tox', flagValues(rest, ['-e']));
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
    } else if ((command === 'yarn' || command === 'pnpm') && sub && !sub.startsWith('-') && !/^(install|add|remove|build|dlx|exec|why|up|upgrade|i)$/.test(sub)) indirect('npm-script', [sub], null);
  } else if (command === 'jest') test('jest', /--coverage\b/.test(rest), jestThreshold(rest));
  else if (command === 'vitest') test('vitest', /--coverage\b/.test(rest), vitestThreshold(rest));
  else if (command === 'mocha' || command === 'ava' || command === 'tap') test('mocha');
  else if (command === 'node' && /(^|\s)--test\b/.test(rest)) test('node-test', /--experimental-test-coverage/.test(rest));
  else if ((command === 'great_expectations' || command === 'gx') && /\bcheckpoint\s+run\b/.test(rest)) test('great-expectations');
  else if (command === 'promptfoo' && /^eval\b/.test(rest)) test('promptfoo');
  else if (command === 'deepeval' && /^test\s+run\b/.test(rest)) test('deepeval');
  else if (command === 'codecov' || command === 'codecovcli') facts.uploadsCoverage = true;
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
