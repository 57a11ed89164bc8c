// Coverage thresholds a repository configures, and pytest's coverage options, from the files the tools read:
// - coverage.py `fail_under`: `[tool.coverage.report]` (pyproject.toml), `[report]` (.coveragerc),
//   `[coverage:report]` (setup.cfg, tox.ini); it bites when `coverage report` or pytest-cov runs;
// - pytest `addopts` with `--cov`/`--cov-fail-under` (`[tool.pytest.ini_options]`, `[tool.pytest]`, pytest.ini,
//   `[tool:pytest]` in setup.cfg, `[pytest]` in tox.ini);
// - Codecov `coverage.status.project.<name>.target` (codecov.yml, .codecov.yml, in the root, .github/ or dev/);
// - Jest `coverageThreshold.global` (package.json `jest`, jest.config.*), Vitest `test.coverage.thresholds`
//   (vitest.config.*, vite.config.*; before Vitest 1 the numbers sat in `coverage` itself), nyc/c8 `check-coverage`;
// - SimpleCov `minimum_coverage` (.simplecov, spec/spec_helper.rb, spec/rails_helper.rb, test/test_helper.rb);
// - JaCoCo rule limits (`minimum` on a COVEREDRATIO: Gradle `jacocoTestCoverageVerification`, Maven
//   jacoco-maven-plugin's `check` goal), with the tasks or phases that apply them;
// - coverlet `<Threshold>` in a project file that references coverlet.msbuild (or turns CollectCoverage on);
// - cargo-tarpaulin `fail-under` (tarpaulin.toml, .tarpaulin.toml); go-test-coverage `threshold` (.testcoverage.yml).
// Pure: path and text in, settings out. JavaScript, Ruby, Groovy and Kotlin are scanned as text, never evaluated.
import { parseJsonObject } from './json.js';
import { readIniSections, type IniSections } from './ini-sections.js';
import { parsed, type Parsed } from './result.js';
import { parseToml } from './toml.js';
import { parseYamlMapping } from './yaml.js';
import { lineOfIndex } from './lines.js';

export type ThresholdTool = 'coverage.py' | 'pytest-cov' | 'codecov' | 'jest' | 'vitest' | 'nyc' | 'c8' | 'simplecov' | 'jacoco' | 'coverlet' | 'tarpaulin' | 'go-test-coverage';

export interface CoverageThreshold {
  tool: ThresholdTool;
  path: string;
  line: number;
  /** Percent 0-100; null when relative (`target: auto`). */
  percent: number | null;
  /** Which figure it constrains (`lines`, `statements`, `total`). */
  metric: string;
  /** Build tasks or phases that apply it (JaCoCo: `jacocoTestCoverageVerification`, `check`, `verify`…); absent when the tool's run applies it. */
  appliedBy?: string[];
}

export interface PytestCoverageOptions {
  path: string;
  line: number;
  /** `addopts` turns coverage measuring on (`--cov`) for every pytest run. */
  measures: boolean;
  /** `--cov-fail-under` in `addopts`. */
  failUnder: number | null;
}

export interface CoverageSettings {
  thresholds: CoverageThreshold[];
  pytest: PytestCoverageOptions | null;
}

/** Files that can hold coverage settings (case-insensitive globs). */
export const COVERAGE_CONFIG_LOCATIONS: readonly string[] = [
  ...['pyproject.toml', '.coveragerc', 'setup.cfg', 'tox.ini', 'pytest.ini', '.pytest.ini', 'package.json', '.nycrc', '.c8rc'],
  ...['codecov', '.codecov'].flatMap((name) => [`${name}.yml`, `${name}.yaml`]),
  ...['json', 'yml', 'yaml'].map((ext) => `.nycrc.${ext}`),
  '.c8rc.json',
  ...['js', 'ts', 'mjs', 'cjs', 'json'].map((ext) => `jest.config.${ext}`),
  ...['vitest.config', 'vite.config', 'vitest.workspace'].flatMap((name) => ['js', 'ts', 'mjs', 'mts', 'cjs', 'cts'].map((ext) => `${name}.${ext}`)),
  ...['.simplecov', 'spec/spec_helper.rb', 'spec/rails_helper.rb', 'test/test_helper.rb'],
  ...['pom.xml', 'build.gradle', 'build.gradle.kts', '*.csproj', '*.fsproj', 'Directory.Build.props'],
  ...['tarpaulin.toml', '.tarpaulin.toml', '.testcoverage.yml', '.testcoverage.yaml'],
].map((name) => `**/${name}`);

export function readCoverageSettings(path: string, text: string): Parsed<CoverageSettings> {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const empty: CoverageSettings = { thresholds: [], pytest: null };
  if (base === 'pyproject.toml') return fromPyproject(path, text);
  if (base === '.coveragerc' || base === 'setup.cfg' || base === 'tox.ini' || base === 'pytest.ini' || base === '.pytest.ini') return parsed(fromIni(path, base, readIniSections(text)));
  if (/^\.?codecov\.ya?ml$/.test(base)) return fromCodecov(path, text);
  if (base === 'package.json') return fromPackageJson(path, text);
  if (base.startsWith('jest.config.')) {
    if (base.endsWith('.json')) {
      const json = parseJsonObject(text);
      if (!json.ok) return json;
      return parsed({ thresholds: jestThresholds(path, json.value.coverageThreshold, text), pytest: null });
    }
    return parsed({ thresholds: scriptThreshold(path, text, 'jest'), pytest: null });
  }
  if (/^(vitest|vite)\.(config|workspace)\./.test(base)) return parsed({ thresholds: scriptThreshold(path, text, 'vitest'), pytest: null });
  if (base === '.simplecov' || /_helper\.rb$/.test(base)) return parsed({ thresholds: simplecovThreshold(path, text), pytest: null });
  if (base === 'build.gradle' || base === 'build.gradle.kts') return parsed({ thresholds: gradleJacoco(path, text), pytest: null });
  if (base === 'pom.xml') return parsed({ thresholds: mavenJacoco(path, text), pytest: null });
  if (/\.(cs|fs)proj$/.test(base) || base === 'directory.build.props') return parsed({ thresholds: coverletThreshold(path, text), pytest: null });
  if (base === 'tarpaulin.toml' || base === '.tarpaulin.toml') return fromTarpaulin(path, text);
  if (/^\.testcoverage\.ya?ml$/.test(base)) return fromGoTestCoverage(path, text);
  if (base.startsWith('.nycrc') || base.startsWith('.c8rc')) {
    const tool = base.startsWith('.nycrc') ? 'nyc' : 'c8';
    const value = /\.ya?ml$/.test(base) ? parseYamlMapping(text) : parseJsonObject(text);
    if (!value.ok) return value;
    return parsed({ thresholds: checkCoverage(path, tool, value.value, text), pytest: null });
  }
  return parsed(empty);
}

/** A percentage as written: `80`, `80.5`, `"80%"`. */
export function percentOf(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/%$/, '') : '';
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const n = Number(text);
  return n >= 0 && n <= 100 ? n : null;
}

/** `--cov-fail-under=80` / `--cov-fail-under 80` in pytest arguments. */
export function covFailUnder(args: string): number | null {
  const match = /--cov-fail-under(?:=|\s+)["']?(\d+(?:\.\d+)?)/.exec(args);
  return match ? percentOf(match[1]) : null;
}

/** pytest-cov turns on with `--cov` (alone or `--cov=pkg`); `--no-cov` turns it off. */
export function measuresCoverage(args: string): boolean {
  return /(^|\s)--cov(?:=|\s|$)/.test(args) && !/(^|\s)--no-cov(\s|$)/.test(args);
}

function fromPyproject(path: string, text: string): Parsed<CoverageSettings> {
  const toml = parseToml(text);
  if (!toml.ok) return toml;
  const tool = record(toml.value.tool);
  const settings: CoverageSettings = { thresholds: [], pytest: null };
  const report = record(record(tool.coverage).report);
  const failUnder = percentOf(report.fail_under);
  if (failUnder !== null) settings.thresholds.push({ tool: 'coverage.py', path, line: lineMatching(text, /^\s*fail_under\s*=/), percent: failUnder, metric: 'total' });
  const pytest = record(tool.pytest);
  const options = Object.keys(record(pytest.ini_options)).length ? record(pytest.ini_options) : pytest;
  const addopts = Array.isArray(options.addopts) ? options.addopts.filter((a): a is string => typeof a === 'string').join(' ') : typeof options.addopts === 'string' ? options.addopts : null;
  if (addopts !== null) settings.pytest = pytestOptions(path, lineMatching(text, /^\s*addopts\s*=/), addopts, settings.thresholds);
  return parsed(settings);
}

function fromIni(path: string, base: string, sections: IniSections): CoverageSettings {
  const settings: CoverageSettings = { thresholds: [], pytest: null };
  const reportSection = base === '.coveragerc' ? (sections.get('report') ?? sections.get('coverage:report')) : sections.get('coverage:report');
  const failUnder = reportSection?.get('fail_under');
  const percent = percentOf(failUnder?.value);
  if (failUnder && percent !== null) settings.thresholds.push({ tool: 'coverage.py', path, line: failUnder.line, percent, metric: 'total' });
  const pytestSection = base === 'setup.cfg' ? sections.get('tool:pytest') : base === '.coveragerc' ? undefined : sections.get('pytest');
  const addopts = pytestSection?.get('addopts');
  if (addopts) settings.pytest = pytestOptions(path, addopts.line, addopts.value.replace(/\n/g, ' '), settings.thresholds);
  return settings;
}

function pytestOptions(path: string, line: number, addopts: string, thresholds: CoverageThreshold[]): PytestCoverageOptions {
  const failUnder = covFailUnder(addopts);
  if (failUnder !== null) thresholds.push({ tool: 'pytest-cov', path, line, percent: failUnder, metric: 'total' });
  return { path, line, measures: measuresCoverage(addopts), failUnder };
}

function fromCodecov(path: string, text: string): Parsed<CoverageSettings> {
  const yaml = parseYamlMapping(text);
  if (!yaml.ok) return yaml;
  const project = record(record(record(yaml.value.coverage).status).project);
  const thresholds: CoverageThreshold[] = [];
  for (const [name, value] of Object.entries(project)) {
    const settings = record(value);
    if (!('target' in settings)) continue;
    const percent = settings.target === 'auto' ? null : percentOf(settings.target);
    if (percent === null && settings.target !== 'auto') continue;
    thresholds.push({ tool: 'codecov', path, line: lineMatching(text, /^\s*target\s*:/), percent, metric: `project.${name}` });
  }
  return parsed({ thresholds, pytest: null });
}

function fromPackageJson(path: string, text: string): Parsed<CoverageSettings> {
  const json = parseJsonObject(text);
  if (!json.ok) return json;
  const thresholds = [...jestThresholds(path, record(json.value.jest).coverageThreshold, text), ...checkCoverage(path, 'nyc', record(json.value.nyc), text), ...checkCoverage(path, 'c8', record(json.value.c8), text)];
  return parsed({ thresholds, pytest: null });
}

function jestThresholds(path: string, value: unknown, text: string): CoverageThreshold[] {
  const global = record(record(value).global);
  const pick = pickMetric(global);
  return pick ? [{ tool: 'jest', path, line: lineMatching(text, /coverageThreshold/), percent: pick.percent, metric: pick.metric }] : [];
}

function checkCoverage(path: string, tool: 'nyc' | 'c8', config: Record<string, unknown>, text: string): CoverageThreshold[] {
  if (config['check-coverage'] !== true && config.checkCoverage !== true) return [];
  const pick = pickMetric(config);
  return pick ? [{ tool, path, line: lineMatching(text, /check-?coverage/i), percent: pick.percent, metric: pick.metric }] : [];
}

function pickMetric(values: Record<string, unknown>): { percent: number; metric: string } | null {
  for (const metric of ['lines', 'statements', 'branches', 'functions']) {
    const percent = percentOf(values[metric]);
    if (percent !== null) return { percent, metric };
  }
  return null;
}

/**
 * Jest/Vitest JavaScript or TypeScript config scanned as text: the object after `coverageThreshold` (Jest,
 * its `global` part) or `thresholds` (Vitest 1+), else numbers directly in a `coverage: {…}` block (Vitest 0.x).
 */
function scriptThreshold(path: string, input: string, tool: 'jest' | 'vitest'): CoverageThreshold[] {
  const text = input.slice(0, 512 * 1024);
  const keyword = tool === 'jest' ? /\bcoverageThreshold\s*:\s*\{/ : /\bthresholds\s*:\s*\{/;
  let block = blockAfter(text, keyword);
  if (tool === 'jest' && block) {
    const global = blockAfter(block.body, /\bglobal\s*:\s*\{/);
    if (global) block = { body: global.body, index: block.index };
  }
  if (!block && tool === 'vitest') {
    const coverage = blockAfter(text, /\bcoverage\s*:\s*\{/);
    if (coverage && /\b(lines|statements)\s*:\s*\d/.test(coverage.body)) block = coverage;
  }
  if (!block) return [];
  if (/\b100\s*:\s*true\b/.test(block.body)) return [{ tool, path, line: lineOfIndex(text, block.index), percent: 100, metric: 'all' }];
  for (const metric of ['lines', 'statements', 'branches', 'functions']) {
    const match = new RegExp(`\\b${metric}\\s*:\\s*(\\d+(?:\\.\\d+)?)`).exec(block.body);
    if (match) {
      const percent = percentOf(match[1]);
      if (percent !== null) return [{ tool, path, line: lineOfIndex(text, block.index), percent, metric }];
    }
  }
  return [];
}

/** SimpleCov `minimum_coverage 90`, `minimum_coverage(90)`, `minimum_coverage line: 90, branch: 80` (the line figure). */
function simplecovThreshold(path: string, input: string): CoverageThreshold[] {
  const text = input.slice(0, 512 * 1024);
  if (!/simplecov/i.test(text) && !path.toLowerCase().endsWith('.simplecov')) return [];
  const match = /^[ \t]*(?:SimpleCov\.)?minimum_coverage\b[ \t(]*(?:\{[ \t]*)?(?:line:[ \t]*|:line[ \t]*=>[ \t]*)?(\d+(?:\.\d+)?)/m.exec(text);
  const percent = percentOf(match?.[1]);
  return match && percent !== null ? [{ tool: 'simplecov', path, line: lineOfIndex(text, match.index), percent, metric: 'lines' }] : [];
}

/** A JaCoCo `minimum` is a ratio (`0.80`) on COVEREDRATIO, or a percentage (`80%`). */
function jacocoPercent(value: string): number | null {
  if (value.endsWith('%')) return percentOf(value);
  const ratio = Number(value);
  return Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? Math.round(ratio * 10000) / 100 : null;
}

/**
 * Gradle: a `minimum` inside `jacocoTestCoverageVerification` (Groovy `minimum = 0.8`, Kotlin
 * `minimum = "0.80".toBigDecimal()` or `BigDecimal("0.8")`). It runs with that task, and with `check`/`build`
 * when the build file makes `check` depend on it.
 */
function gradleJacoco(path: string, input: string): CoverageThreshold[] {
  const text = input.slice(0, 512 * 1024);
  const block = blockAfter(text, /\bjacocoTestCoverageVerification\b[^{\n]{0,80}\{/);
  if (!block) return [];
  const match = /\bminimum[ \t]*=[ \t]*(?:BigDecimal\([ \t]*)?["']?(\d+(?:\.\d+)?%?)["']?/.exec(block.body);
  const percent = match ? jacocoPercent(match[1]) : null;
  if (percent === null) return [];
  const wired = /\bcheck\b[^\n]{0,80}dependsOn[^\n]{0,80}jacocoTestCoverageVerification/.test(text) || /\bcheck[ \t]*\{[ \t]*(?:\n[ \t]*)?dependsOn[^\n]{0,80}jacocoTestCoverageVerification/.test(text);
  const counter = /\bcounter[ \t]*=[ \t]*["'](\w+)["']/.exec(block.body)?.[1]?.toLowerCase() ?? 'instruction';
  return [{ tool: 'jacoco', path, line: lineOfIndex(text, block.index), percent, metric: counter, appliedBy: ['jacocoTestCoverageVerification', ...(wired ? ['check', 'build'] : [])] }];
}

const MAVEN_PHASES = ['validate', 'compile', 'test', 'package', 'integration-test', 'verify', 'install', 'deploy'];

/** Maven: jacoco-maven-plugin with a `check` goal and a rule `<minimum>`; it runs in its phase (default verify) and every later one. */
function mavenJacoco(path: string, input: string): CoverageThreshold[] {
  const text = input.slice(0, 512 * 1024);
  const plugin = text.indexOf('jacoco-maven-plugin');
  if (plugin === -1 || !/<goal>[ \t]*check[ \t]*<\/goal>/.test(text.slice(plugin))) return [];
  const match = /<minimum>[ \t]*(\d+(?:\.\d+)?%?)[ \t]*<\/minimum>/.exec(text.slice(plugin));
  const percent = match ? jacocoPercent(match[1]) : null;
  if (percent === null || !match) return [];
  const phase = /<phase>[ \t]*([\w-]+)[ \t]*<\/phase>/.exec(text.slice(plugin, plugin + match.index))?.[1] ?? 'verify';
  const from = Math.max(0, MAVEN_PHASES.indexOf(phase));
  return [{ tool: 'jacoco', path, line: lineOfIndex(text, plugin + match.index), percent, metric: 'ratio', appliedBy: [...MAVEN_PHASES.slice(from), 'jacoco:check'] }];
}

/** coverlet.msbuild `<Threshold>80</Threshold>` (or `80,70,60`: line, branch, method), in a project that uses coverlet. */
function coverletThreshold(path: string, input: string): CoverageThreshold[] {
  const text = input.slice(0, 512 * 1024);
  const match = /<Threshold>[ \t]*(\d+(?:\.\d+)?)/.exec(text);
  if (!match || !/coverlet|<CollectCoverage>[ \t]*true/i.test(text)) return [];
  const percent = percentOf(match[1]);
  return percent === null ? [] : [{ tool: 'coverlet', path, line: lineOfIndex(text, match.index), percent, metric: /<ThresholdType>[ \t]*(\w+)/.exec(text)?.[1] ?? 'line,branch,method' }];
}

/** tarpaulin.toml: each table is a named configuration; `fail-under` in any of them. */
function fromTarpaulin(path: string, text: string): Parsed<CoverageSettings> {
  const toml = parseToml(text);
  if (!toml.ok) return toml;
  const thresholds: CoverageThreshold[] = [];
  for (const table of [toml.value, ...Object.values(toml.value)]) {
    const percent = percentOf(record(table)['fail-under']);
    if (percent !== null) {
      thresholds.push({ tool: 'tarpaulin', path, line: lineMatching(text, /^\s*fail-under\s*=/), percent, metric: 'lines' });
      break;
    }
  }
  return parsed({ thresholds, pytest: null });
}

/** vladopajic/go-test-coverage: `threshold.total` (else the package, then the file minimum). */
function fromGoTestCoverage(path: string, text: string): Parsed<CoverageSettings> {
  const yaml = parseYamlMapping(text);
  if (!yaml.ok) return yaml;
  const threshold = record(yaml.value.threshold);
  const keyLines: Record<string, RegExp> = { total: /^\s*total\s*:/, package: /^\s*package\s*:/, file: /^\s*file\s*:/ };
  for (const metric of ['total', 'package', 'file']) {
    const percent = percentOf(threshold[metric]);
    if (percent !== null) return parsed({ thresholds: [{ tool: 'go-test-coverage', path, line: lineMatching(text, keyLines[metric]), percent, metric }], pytest: null });
  }
  return parsed({ thresholds: [], pytest: null });
}

/** The text of the `{…}` opened by `pattern` (balanced braces, at most 4000 characters). */
function blockAfter(text: string, pattern: RegExp): { body: string; index: number } | null {
  const match = pattern.exec(text);
  if (!match) return null;
  const open = match.index + match[0].length;
  let depth = 1;
  const limit = Math.min(text.length, open + 4000);
  for (let i = open; i < limit; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return { body: text.slice(open, i), index: match.index };
  }
  return null;
}

function lineMatching(text: string, pattern: RegExp): number {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => pattern.test(line));
  return index === -1 ? 1 : index + 1;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

