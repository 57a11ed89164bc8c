// Is a coverage threshold enforced, or only written down? A threshold bites only when the tool that reads it
// runs in CI: coverage.py's `fail_under` when CI runs `coverage report` or pytest with coverage on (pytest-cov
// applies it), `--cov-fail-under` when CI's pytest has it (on the command line or in `addopts`), Jest/Vitest
// thresholds when CI runs them with coverage, a Codecov target when CI uploads to Codecov, nyc/c8 check-coverage
// when CI calls it; SimpleCov's `minimum_coverage` when CI runs RSpec, minitest or rake (SimpleCov starts
// inside the suite); a JaCoCo rule when CI runs the Gradle task or Maven phase that applies it; coverlet's
// `<Threshold>` when CI runs `dotnet test`; tarpaulin's and go-test-coverage's settings when CI runs them.
// A run whose failure is thrown away (`|| true`, `continue-on-error`) enforces nothing.
import { COVERAGE_CONFIG_LOCATIONS, readCoverageSettings, type CoverageThreshold, type PytestCoverageOptions } from '../formats/coverage-config.js';
import { describeFormatError } from '../formats/result.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { CiTestFacts } from './ci-test-runs.js';
import { shallowFirst } from '../path-memo.js';

export interface CoverageConfig {
  thresholds: CoverageThreshold[];
  pytest: PytestCoverageOptions[];
  problems: Array<{ path: string; line?: number; message: string }>;
}

export interface EnforcedThreshold {
  /** Percent, or null for a relative target (Codecov `auto`) or a diff-only gate. */
  percent: number | null;
  /** How it is enforced, for evidence: `--cov-fail-under=80 in .github/workflows/ci.yml`. */
  how: string;
  path: string;
  line: number;
}

const MAX_FILES = 60;
const VENDORED = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third_party|\.tox|\.nox)\//;

export async function collectCoverageConfig(snapshot: Snapshot): Promise<CoverageConfig> {
  const config: CoverageConfig = { thresholds: [], pytest: [], problems: [] };
  const paths = snapshot
    .glob(COVERAGE_CONFIG_LOCATIONS)
    .filter((path) => !VENDORED.test(path) && !snapshot.isSymlink(path))
    .sort(shallowFirst)
    .slice(0, MAX_FILES);
  for (const path of paths) {
    const read = await snapshot.readText(path, { maxBytes: 512 * 1024 });
    if (!read.ok) continue;
    const settings = readCoverageSettings(path, read.text);
    if (!settings.ok) {
      config.problems.push({ path, line: settings.error.line, message: describeFormatError(settings.error) });
      continue;
    }
    config.thresholds.push(...settings.value.thresholds);
    if (settings.value.pytest) config.pytest.push(settings.value.pytest);
  }
  return config;
}

export function enforcedThresholds(config: CoverageConfig, ci: CiTestFacts): EnforcedThreshold[] {
  const enforced: EnforcedThreshold[] = [];
  const add = (entry: EnforcedThreshold) => {
    if (!enforced.some((known) => known.how === entry.how)) enforced.push(entry);
  };
  const fromConfig = (tools: string[], how: (threshold: CoverageThreshold) => string) => {
    for (const threshold of config.thresholds) if (tools.includes(threshold.tool)) add({ percent: threshold.percent, how: how(threshold), path: threshold.path, line: threshold.line });
  };
  const pytestMeasures = config.pytest.some((options) => options.measures);
  for (const run of ci.runs) {
    if (run.ignoresFailure) continue;
    const where = `${run.pipeline.path}:${run.step.line}`;
    if (run.runner === 'pytest') {
      if (run.failUnder !== null) add({ percent: run.failUnder, how: `--cov-fail-under=${run.failUnder} on the pytest command (${where}${run.via.length ? ` via ${run.via.join(' → ')}` : ''})`, path: run.pipeline.path, line: run.step.line });
      if (run.measuresCoverage || pytestMeasures) {
        fromConfig(['pytest-cov', 'coverage.py'], (threshold) => `${threshold.tool === 'pytest-cov' ? '--cov-fail-under in addopts' : 'fail_under'} (${threshold.path}:${threshold.line}), applied by pytest-cov in CI (${where})`);
      }
    } else if ((run.runner === 'jest' || run.runner === 'vitest') && (run.measuresCoverage || run.failUnder !== null)) {
      if (run.failUnder !== null) add({ percent: run.failUnder, how: `${run.runner} threshold on the command line (${where})`, path: run.pipeline.path, line: run.step.line });
      fromConfig([run.runner], (threshold) => `${run.runner} ${threshold.metric} threshold (${threshold.path}:${threshold.line}), applied by ${run.runner} --coverage in CI (${where})`);
    } else if (run.runner === 'node-test' && run.measuresCoverage) {
      fromConfig(['c8'], (threshold) => `c8 check-coverage (${threshold.path}:${threshold.line})`);
    } else if (run.runner === 'rspec' || run.runner === 'minitest' || run.runner === 'rake') {
      fromConfig(['simplecov'], (threshold) => `SimpleCov minimum_coverage (${threshold.path}:${threshold.line}), applied when ${run.runner} runs in CI (${where})`);
    } else if (run.runner === 'maven' || run.runner === 'gradle') {
      for (const threshold of config.thresholds) {
        const task = threshold.tool === 'jacoco' ? run.tasks?.find((name) => threshold.appliedBy?.includes(name)) : undefined;
        if (task) add({ percent: threshold.percent, how: `JaCoCo ${threshold.metric} rule (${threshold.path}:${threshold.line}), applied by \`${task}\` in CI (${where})`, path: threshold.path, line: threshold.line });
      }
    } else if (run.runner === 'dotnet-test') {
      fromConfig(['coverlet'], (threshold) => `coverlet Threshold (${threshold.path}:${threshold.line}), applied by dotnet test in CI (${where})`);
    }
  }
  for (const gate of ci.gates) {
    const where = `${gate.pipeline.path}:${gate.step.line}`;
    if (gate.percent !== null) add({ percent: gate.tool === 'diff-cover' ? null : gate.percent, how: `${gate.tool} ${gate.tool === 'diff-cover' ? 'diff ' : ''}threshold ${gate.percent}% in CI (${where})`, path: gate.pipeline.path, line: gate.step.line });
    // tarpaulin and go-test-coverage read their configuration file as well as the command line.
    if (gate.tool === 'tarpaulin' || gate.tool === 'go-test-coverage') fromConfig([gate.tool], (threshold) => `${gate.tool} threshold (${threshold.path}:${threshold.line}), applied in CI (${where})`);
    else if (gate.percent !== null) continue;
    else if (gate.tool === 'coverage.py' || gate.tool === 'hatch') fromConfig(['coverage.py', 'pytest-cov'], (threshold) => `fail_under (${threshold.path}:${threshold.line}), applied by \`${gate.text.slice(0, 60)}\` in CI (${where})`);
    else if (gate.tool === 'coverlet' || gate.tool === 'jacoco') continue; // read from the project or build file by the run itself (above)
    else fromConfig([gate.tool], (threshold) => `${gate.tool} ${gate.tool === 'nyc' || gate.tool === 'c8' ? 'check-coverage' : 'threshold'} (${threshold.path}:${threshold.line}) in CI (${where})`);
  }
  if (ci.uploads.length > 0) {
    const upload = ci.uploads[0];
    fromConfig(['codecov'], (threshold) => `Codecov ${threshold.metric} target ${threshold.percent === null ? 'auto (no drop allowed)' : `${threshold.percent}%`} (${threshold.path}:${threshold.line}), uploaded by ${upload.pipeline.path}:${upload.step.line}`);
  }
  return enforced;
}
