// Test and coverage results committed to the repository, read and judged as evidence: JUnit XML, Cobertura
// and Clover XML, lcov tracefiles, coverage.py JSON and istanbul summaries. XML goes through the limited parser
// (no entity declarations, bounded depth and size), so a hostile report becomes a problem naming the file.
// A report whose measured files are mostly absent from the repository is marked stale.
import { COVERAGE_LOCATIONS, coverageFormatOfPath, parseCoverageReport, readCoverageXml, type CoverageReport } from '../formats/coverage-reports.js';
import { JUNIT_LOCATIONS, readJunit, type JunitResults } from '../formats/junit-xml.js';
import { describeFormatError } from '../formats/result.js';
import { parseXml } from '../formats/xml.js';
import { formatBytes, type Snapshot } from '../snapshot/snapshot.js';

export interface ReportProblem {
  message: string;
  line?: number;
}

export interface CoverageReading {
  path: string;
  report: CoverageReport | null;
  problem: ReportProblem | null;
  /** Share of measured files found in the repository (null: the report names none). */
  present: { checked: number; found: number } | null;
}

export interface JunitReading {
  path: string;
  results: JunitResults | null;
  problem: ReportProblem | null;
}

export interface CommittedResults {
  coverage: CoverageReading[];
  junit: JunitReading[];
}

/** Large enough for the coverage.xml of a big service, small enough to parse in about a second. */
export const MAX_REPORT_BYTES = 4 * 1024 * 1024;
const MAX_REPORTS = 50;
const MAX_STALENESS_SAMPLE = 300;
const NOT_RESULTS = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third_party|\.tox|\.nox|\.git)\//;

/** `extra`: files declared by the policy, manifest or repository locations; reports among them are read too. */
export async function readCommittedResults(snapshot: Snapshot, extra: readonly string[] = []): Promise<CommittedResults> {
  const results: CommittedResults = { coverage: [], junit: [] };
  const declared = extra.filter((path) => /\.(xml|info|lcov)$|(^|\/)coverage[^/]*\.json$/i.test(path));
  const candidates = [...new Set([...snapshot.glob([...COVERAGE_LOCATIONS, ...JUNIT_LOCATIONS]), ...declared])]
    .filter((path) => !NOT_RESULTS.test(path) && !snapshot.isSymlink(path))
    .sort()
    .slice(0, MAX_REPORTS);
  for (const path of candidates) {
    const format = coverageFormatOfPath(path);
    const isXml = /\.(xml|trx)$/i.test(path);
    const read = await snapshot.readText(path, { maxBytes: MAX_REPORT_BYTES });
    if (!read.ok) {
      const problem = { message: read.reason === 'too-large' ? `larger than ${formatBytes(MAX_REPORT_BYTES)}: not read` : `not read (${read.reason})` };
      if (isXml && !looksLikeCoverage(path)) results.junit.push({ path, results: null, problem });
      else results.coverage.push({ path, report: null, problem, present: null });
      continue;
    }
    if (isXml) {
      if (!read.text.trimStart().startsWith('<') && declared.includes(path)) continue; // declared folder content that is not XML at all
      const document = parseXml(read.text, { maxChars: MAX_REPORT_BYTES });
      if (!document.ok) {
        const problem = { message: describeFormatError(document.error), line: document.error.line };
        snapshot.addError({ path, message: `report not parsed: ${problem.message}` });
        if (looksLikeCoverage(path)) results.coverage.push({ path, report: null, problem, present: null });
        else results.junit.push({ path, results: null, problem });
        continue;
      }
      const coverage = readCoverageXml(document.value, read.text);
      if (!coverage.ok) results.coverage.push({ path, report: null, problem: { message: describeFormatError(coverage.error), line: coverage.error.line }, present: null });
      else if (coverage.value) results.coverage.push({ path, report: coverage.value, problem: null, present: presence(snapshot, coverage.value) });
      else {
        const junit = readJunit(document.value);
        if (junit.ok && junit.value) results.junit.push({ path, results: junit.value, problem: null });
      }
      continue;
    }
    if (!format) continue;
    const coverage = parseCoverageReport(format, read.text);
    if (!coverage.ok) results.coverage.push({ path, report: null, problem: { message: describeFormatError(coverage.error), line: coverage.error.line }, present: null });
    else if (coverage.value) results.coverage.push({ path, report: coverage.value, problem: null, present: presence(snapshot, coverage.value) });
  }
  return results;
}

function looksLikeCoverage(path: string): boolean {
  return /(cov|cobertura|clover|jacoco)[^/]*$/i.test(path);
}

/** How many of the files a report measured exist in the repository (matched by path suffix either way). */
function presence(snapshot: Snapshot, report: CoverageReport): CoverageReading['present'] {
  const sample = report.files.slice(0, MAX_STALENESS_SAMPLE);
  if (sample.length === 0) return null;
  let found = 0;
  for (const raw of sample) {
    const file = raw.replace(/\\/g, '/').replace(/^\.\//, '');
    const base = file.slice(file.lastIndexOf('/') + 1);
    const matches = snapshot.named(base);
    if (matches.some((path) => path === file || path.endsWith('/' + file) || file.endsWith('/' + path))) found++;
  }
  return { checked: sample.length, found };
}
