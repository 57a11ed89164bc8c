// Committed coverage reports, read for their headline figure and the source files they measured:
// - Cobertura XML (coverage.py `coverage xml`, pytest-cov `--cov-report=xml`, istanbul `cobertura`):
//   `<coverage line-rate lines-covered lines-valid branch-rate version timestamp>` > packages > classes;
// - Clover XML (istanbul/Jest `clover`): `<coverage clover generated>` > `<project>` > `<metrics statements coveredstatements>`;
// - lcov tracefiles (`lcov.info`, coverage.py `coverage lcov`, istanbul `lcov`): `SF:`, `DA:`, `LF:`, `LH:`;
// - coverage.py JSON (`coverage json`): `meta.{format,version,timestamp}`, `totals.percent_covered`, `files`;
// - istanbul json-summary (`coverage-summary.json`): `total.lines.pct`;
// - JaCoCo XML (`jacocoTestReport.xml`, `jacoco.xml`): `<report>` with `<counter type="LINE" missed covered>`,
//   `<package name>` > `<sourcefile name>`, `<sessioninfo start>`;
// - Go cover profiles (`go test -coverprofile`): `mode: set|count|atomic`, then `file:l.c,l.c statements count`;
// - SimpleCov's `coverage/.last_run.json`: `result.line` (or `result.covered_percent` before 0.18), a percentage.
// Pure: text in, a CoverageReport out (null: a well-formed file of some other kind). Rates are fractions in [0, 1].
import { parseJsonObject } from './json.js';
import { failed, parsed, type Parsed } from './result.js';
import { childrenNamed, descendantsNamed, localName, parseXml, type XmlElement, type XmlLimits } from './xml.js';

export type CoverageFormat = 'cobertura' | 'clover' | 'lcov' | 'coverage-py-json' | 'istanbul-summary' | 'jacoco' | 'go-cover-profile' | 'simplecov-last-run';

export interface CoverageReport {
  format: CoverageFormat;
  /** The headline figure, 0..1. */
  rate: number;
  /** What the figure measures: coverage.py's total mixes statements and branches when branches were measured. */
  measure: 'lines' | 'statements' | 'statements+branches';
  covered: number | null;
  total: number | null;
  /** Source files the report measured, as written in it (for matching against the repository). */
  files: string[];
  /** Source roots (Cobertura `<source>`), when given. */
  sources: string[];
  /** Tool and version that wrote it, when it says (`coverage.py 7.6.1`). */
  tool: string | null;
  /** When it was written (ISO), when it says. */
  generatedAt: string | null;
  /** Per-file rates, lowest first, at most 200 (for evidence on weak spots). */
  perFile: Array<{ path: string; rate: number }>;
}

const MAX_FILES = 5000;
const MAX_PER_FILE = 200;

/** Where reports usually land (content decides; these only choose what to read). */
export const COVERAGE_LOCATIONS: readonly string[] = [
  '**/{coverage,cobertura,cobertura-coverage,coverage-report,clover}.xml',
  '**/*cobertura*.xml',
  '**/{lcov.info,*.lcov,coverage.lcov}',
  '**/coverage.json',
  '**/coverage-summary.json',
  '**/jacoco*.xml',
  '**/{cover,coverage,c}.out',
  '**/*.coverprofile',
  '**/coverage/.last_run.json',
];

export function coverageFormatOfPath(path: string): CoverageFormat | null {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base.endsWith('.xml')) return 'cobertura';
  if (base === 'lcov.info' || base.endsWith('.lcov')) return 'lcov';
  if (base === 'coverage-summary.json') return 'istanbul-summary';
  if (base === 'coverage.json') return 'coverage-py-json';
  if (base.endsWith('.out') || base.endsWith('.coverprofile')) return 'go-cover-profile';
  if (base === '.last_run.json') return 'simplecov-last-run';
  return null;
}

export function parseCoverageReport(format: CoverageFormat, text: string, limits: XmlLimits = {}): Parsed<CoverageReport | null> {
  if (format === 'cobertura' || format === 'clover') return parseCobertura(text, limits);
  if (format === 'lcov') return parseLcov(text);
  if (format === 'coverage-py-json') return parseCoveragePyJson(text);
  if (format === 'go-cover-profile') return parseGoCoverProfile(text);
  if (format === 'simplecov-last-run') return parseSimplecovLastRun(text);
  if (format === 'jacoco') return parseCobertura(text, limits);
  return parseIstanbulSummary(text);
}

export function parseCobertura(text: string, limits: XmlLimits = {}): Parsed<CoverageReport | null> {
  const document = parseXml(text, limits);
  if (!document.ok) return document;
  return readCoverageXml(document.value, text);
}

/**
 * A parsed `<coverage>` document: Cobertura, or Clover (`<coverage clover=…>` from istanbul/Jest/OpenClover,
 * whose `<project><metrics statements coveredstatements>` carries the totals). `text` only serves to name the tool.
 */
export function readCoverageXml(root: XmlElement, text = ''): Parsed<CoverageReport | null> {
  if (localName(root.name) === 'report' && childrenNamed(root, 'counter').length > 0) return readJacoco(root);
  if (localName(root.name) !== 'coverage') return parsed(null);
  if (root.attributes.clover !== undefined) return readClover(root);
  const attributes = root.attributes;
  const covered = count(attributes['lines-covered']);
  const valid = count(attributes['lines-valid']);
  const classes = descendantsNamed(root, 'class', MAX_FILES);
  let rate: number | null = covered !== null && valid !== null && valid > 0 ? covered / valid : fraction(attributes['line-rate']);
  if (rate === null) {
    // Neither totals nor a rate on the root: count `<line hits>` of every class.
    let hit = 0;
    let all = 0;
    for (const element of classes) {
      for (const line of descendantsNamed(element, 'line')) {
        all++;
        if ((count(line.attributes.hits) ?? 0) > 0) hit++;
      }
    }
    if (all === 0) return failed('the <coverage> element states no line-rate and no lines were listed', root.line);
    rate = hit / all;
  }
  const files = classes.map((element) => element.attributes.filename).filter((name): name is string => Boolean(name));
  const perFile = classes
    .map((element) => ({ path: element.attributes.filename ?? element.attributes.name ?? '', rate: fraction(element.attributes['line-rate']) }))
    .filter((entry): entry is { path: string; rate: number } => entry.path !== '' && entry.rate !== null);
  const sources = childrenNamed(root, 'sources').flatMap((element) => childrenNamed(element, 'source').map((source) => source.text)).filter(Boolean);
  const timestamp = count(attributes.timestamp);
  return parsed({
    format: 'cobertura',
    rate,
    measure: 'lines',
    covered,
    total: valid,
    files: unique(files),
    sources,
    tool: attributes.version ? `${/coverage\.py/i.test(text.slice(0, 2000)) ? 'coverage.py' : 'cobertura'} ${attributes.version}` : /coverage\.py/i.test(text.slice(0, 2000)) ? 'coverage.py' : null,
    generatedAt: timestamp !== null ? isoFromEpoch(timestamp) : null,
    perFile: lowest(perFile),
  });
}

function readClover(root: XmlElement): Parsed<CoverageReport | null> {
  const project = childrenNamed(root, 'project')[0];
  const metrics = project ? childrenNamed(project, 'metrics')[0] : undefined;
  const statements = count(metrics?.attributes.statements);
  const covered = count(metrics?.attributes.coveredstatements);
  if (statements === null || covered === null) return failed('the Clover <project><metrics> element states no statements', root.line);
  if (statements === 0) return failed('the Clover report counts no statements', root.line);
  const files = descendantsNamed(root, 'file', MAX_FILES);
  const perFile = files.flatMap((file) => {
    const fileMetrics = childrenNamed(file, 'metrics')[0];
    const total = count(fileMetrics?.attributes.statements);
    const hit = count(fileMetrics?.attributes.coveredstatements);
    const path = file.attributes.path ?? file.attributes.name ?? '';
    return path && total ? [{ path, rate: (hit ?? 0) / total }] : [];
  });
  const generated = count(root.attributes.generated);
  return parsed({
    format: 'clover',
    rate: covered / statements,
    measure: 'statements',
    covered,
    total: statements,
    files: unique(files.map((file) => file.attributes.path ?? file.attributes.name ?? '').filter(Boolean)),
    sources: [],
    tool: `clover ${root.attributes.clover}`.trim(),
    generatedAt: generated !== null ? isoFromEpoch(generated) : null,
    perFile: lowest(perFile),
  });
}

/** JaCoCo XML: the report's own LINE counter (INSTRUCTION when lines were not recorded), files as package/sourcefile. */
function readJacoco(root: XmlElement): Parsed<CoverageReport | null> {
  const counterOf = (element: XmlElement, type: string) => childrenNamed(element, 'counter').find((counter) => counter.attributes.type === type);
  const counter = counterOf(root, 'LINE') ?? counterOf(root, 'INSTRUCTION');
  const missed = count(counter?.attributes.missed);
  const covered = count(counter?.attributes.covered);
  if (missed === null || covered === null) return failed('the JaCoCo <report> states no LINE or INSTRUCTION counter', root.line);
  if (missed + covered === 0) return failed('the JaCoCo report counts no lines', root.line);
  const perFile: Array<{ path: string; rate: number }> = [];
  const files: string[] = [];
  for (const pkg of descendantsNamed(root, 'package', MAX_FILES)) {
    for (const source of childrenNamed(pkg, 'sourcefile')) {
      const path = `${pkg.attributes.name ? pkg.attributes.name + '/' : ''}${source.attributes.name ?? ''}`;
      if (!source.attributes.name || files.length >= MAX_FILES) continue;
      files.push(path);
      const line = counterOf(source, 'LINE');
      const hit = count(line?.attributes.covered);
      const miss = count(line?.attributes.missed);
      if (hit !== null && miss !== null && hit + miss > 0) perFile.push({ path, rate: hit / (hit + miss) });
    }
  }
  const session = descendantsNamed(root, 'sessioninfo', 1)[0];
  const start = count(session?.attributes.start);
  return parsed({
    format: 'jacoco',
    rate: covered / (missed + covered),
    measure: counter?.attributes.type === 'LINE' ? 'lines' : 'statements',
    covered,
    total: missed + covered,
    files: unique(files),
    sources: [],
    tool: 'jacoco',
    generatedAt: start !== null ? isoFromEpoch(start) : null,
    perFile: lowest(perFile),
  });
}

/** Go cover profile: statements per block, a block counted once (profiles of several packages may repeat one). */
export function parseGoCoverProfile(text: string): Parsed<CoverageReport | null> {
  const lines = text.split('\n');
  if (!/^mode: (set|count|atomic)\s*$/.test(lines[0] ?? '')) return parsed(null);
  const blocks = new Map<string, { path: string; statements: number; hit: boolean }>();
  for (let i = 1; i < lines.length && i < 5_000_000; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('mode:')) continue;
    const colon = line.lastIndexOf(':');
    const fields = line.slice(colon + 1).split(' ');
    const statements = Number(fields[1]);
    const hits = Number(fields[2]);
    if (colon <= 0 || fields.length !== 3 || !Number.isInteger(statements) || !Number.isFinite(hits)) return failed(`line ${i + 1} is not \`file:start,end statements count\``, i + 1);
    const key = line.slice(0, line.lastIndexOf(' '));
    const known = blocks.get(key);
    if (known) known.hit ||= hits > 0;
    else if (blocks.size < 1_000_000) blocks.set(key, { path: line.slice(0, colon), statements, hit: hits > 0 });
  }
  const byFile = new Map<string, { total: number; hit: number }>();
  for (const block of blocks.values()) {
    const file = byFile.get(block.path) ?? { total: 0, hit: 0 };
    file.total += block.statements;
    if (block.hit) file.hit += block.statements;
    byFile.set(block.path, file);
  }
  const total = [...byFile.values()].reduce((sum, file) => sum + file.total, 0);
  const hit = [...byFile.values()].reduce((sum, file) => sum + file.hit, 0);
  if (total === 0) return failed('the profile lists no statements');
  return parsed({
    format: 'go-cover-profile',
    rate: hit / total,
    measure: 'statements',
    covered: hit,
    total,
    files: [...byFile.keys()].slice(0, MAX_FILES),
    sources: [],
    tool: 'go test -coverprofile',
    generatedAt: null,
    perFile: lowest([...byFile].filter(([, file]) => file.total > 0).map(([path, file]) => ({ path, rate: file.hit / file.total }))),
  });
}

/** SimpleCov `coverage/.last_run.json`: the figure SimpleCov compared with minimum_coverage, no files. */
export function parseSimplecovLastRun(text: string): Parsed<CoverageReport | null> {
  const document = parseJsonObject(text);
  if (!document.ok) return document;
  const result = document.value.result;
  if (!isRecord(result)) return parsed(null);
  const percent = typeof result.line === 'number' ? result.line : typeof result.covered_percent === 'number' ? result.covered_percent : null;
  if (percent === null || percent < 0 || percent > 100) return failed('`result.line` is missing or outside 0-100');
  return parsed({ format: 'simplecov-last-run', rate: percent / 100, measure: 'lines', covered: null, total: null, files: [], sources: [], tool: 'simplecov', generatedAt: null, perFile: [] });
}

/** lcov tracefile: `SF:` opens a record, `LF`/`LH` give its totals (else counted from `DA:` lines). */
export function parseLcov(text: string): Parsed<CoverageReport | null> {
  const files: Array<{ path: string; found: number; hit: number }> = [];
  let current: { path: string; found: number | null; hit: number | null; da: number; daHit: number } | null = null;
  let sawRecord = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < 5_000_000; i++) {
    const line = lines[i].trim();
    if (line.startsWith('SF:')) {
      current = { path: line.slice(3), found: null, hit: null, da: 0, daHit: 0 };
      sawRecord = true;
    } else if (!current) continue;
    else if (line.startsWith('DA:')) {
      current.da++;
      const hits = Number(line.slice(3).split(',')[1]);
      if (hits > 0) current.daHit++;
    } else if (line.startsWith('LF:')) current.found = count(line.slice(3));
    else if (line.startsWith('LH:')) current.hit = count(line.slice(3));
    else if (line === 'end_of_record') {
      if (files.length < MAX_FILES) files.push({ path: current.path, found: current.found ?? current.da, hit: current.hit ?? current.daHit });
      current = null;
    }
  }
  if (current && files.length < MAX_FILES) files.push({ path: current.path, found: current.found ?? current.da, hit: current.hit ?? current.daHit });
  if (!sawRecord) return parsed(null);
  const found = files.reduce((total, file) => total + file.found, 0);
  const hit = files.reduce((total, file) => total + file.hit, 0);
  if (found === 0) return failed('the tracefile lists no instrumented lines (all LF: 0)');
  return parsed({
    format: 'lcov',
    rate: hit / found,
    measure: 'lines',
    covered: hit,
    total: found,
    files: unique(files.map((file) => file.path)),
    sources: [],
    tool: null,
    generatedAt: null,
    perFile: lowest(files.filter((file) => file.found > 0).map((file) => ({ path: file.path, rate: file.hit / file.found }))),
  });
}

/** coverage.py JSON (`coverage json`, format 1-3): the total coverage.py itself compares with fail_under. */
export function parseCoveragePyJson(text: string): Parsed<CoverageReport | null> {
  const document = parseJsonObject(text);
  if (!document.ok) return document;
  const { meta, totals, files } = document.value as { meta?: unknown; totals?: unknown; files?: unknown };
  if (!isRecord(totals) || !isRecord(files)) return parsed(null);
  const percent = typeof totals.percent_covered === 'number' ? totals.percent_covered : null;
  const covered = typeof totals.covered_lines === 'number' ? totals.covered_lines : null;
  const statements = typeof totals.num_statements === 'number' ? totals.num_statements : null;
  const rate = percent !== null ? percent / 100 : covered !== null && statements ? covered / statements : null;
  if (rate === null || rate < 0 || rate > 1) return failed('`totals.percent_covered` is missing or outside 0-100');
  const branches = isRecord(meta) && meta.branch_coverage === true;
  const perFile: Array<{ path: string; rate: number }> = [];
  for (const [path, entry] of Object.entries(files).slice(0, MAX_FILES)) {
    const summary = isRecord(entry) && isRecord(entry.summary) ? entry.summary : null;
    if (summary && typeof summary.percent_covered === 'number') perFile.push({ path, rate: summary.percent_covered / 100 });
  }
  return parsed({
    format: 'coverage-py-json',
    rate,
    measure: branches ? 'statements+branches' : 'statements',
    covered,
    total: statements,
    files: Object.keys(files).slice(0, MAX_FILES),
    sources: [],
    tool: isRecord(meta) && typeof meta.version === 'string' ? `coverage.py ${meta.version}` : null,
    generatedAt: isRecord(meta) && typeof meta.timestamp === 'string' ? meta.timestamp : null,
    perFile: lowest(perFile),
  });
}

/** istanbul/nyc/Jest/Vitest `json-summary` reporter: `{ total: { lines: { total, covered, pct } }, <file>: … }`. */
export function parseIstanbulSummary(text: string): Parsed<CoverageReport | null> {
  const document = parseJsonObject(text);
  if (!document.ok) return document;
  const total = document.value.total;
  const lines = isRecord(total) && isRecord(total.lines) ? total.lines : null;
  if (!lines || typeof lines.pct !== 'number') return parsed(null);
  const files = Object.keys(document.value).filter((key) => key !== 'total').slice(0, MAX_FILES);
  const perFile = files.flatMap((path) => {
    const entry = document.value[path];
    const pct = isRecord(entry) && isRecord(entry.lines) && typeof entry.lines.pct === 'number' ? entry.lines.pct : null;
    return pct === null ? [] : [{ path, rate: pct / 100 }];
  });
  return parsed({
    format: 'istanbul-summary',
    rate: lines.pct / 100,
    measure: 'lines',
    covered: typeof lines.covered === 'number' ? lines.covered : null,
    total: typeof lines.total === 'number' ? lines.total : null,
    files,
    sources: [],
    tool: 'istanbul',
    generatedAt: null,
    perFile: lowest(perFile),
  });
}

function fraction(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : null;
}

function count(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function isoFromEpoch(value: number): string | null {
  // coverage.py writes milliseconds; some tools write seconds.
  const ms = value > 1e12 ? value : value * 1000;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 2000 || date.getUTCFullYear() > 2100 ? null : date.toISOString();
}

function lowest(entries: Array<{ path: string; rate: number }>): Array<{ path: string; rate: number }> {
  return [...entries].sort((a, b) => a.rate - b.rate || (a.path < b.path ? -1 : 1)).slice(0, MAX_PER_FILE);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
