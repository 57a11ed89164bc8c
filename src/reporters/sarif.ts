// SARIF 2.1.0 for code scanning: one rule per check criterion (`<check>/<criterion>`) with help text from
// the check's own definition, one result per finding. Findings about the repository as a whole are anchored
// at the file that should hold the artifact or at the README (sarif-anchors.ts): code scanning shows only
// results with a location, and every finding of the report belongs there. A pure function of the report
// plus the static check metadata; repo-derived text is made plain (no control characters) before it lands here.
// Results are listed most important first (rank-findings.ts: personal data and live credentials, then points
// to win), and each carries SARIF's `rank` (0-100, higher is more important) from that position.
import { createHash } from 'node:crypto';
import { CHECKS } from '../../checks/index.js';
import type { CheckDefinition, Finding, Severity } from '../check.js';
import type { CheckResult, Report } from '../report/report.js';
import { rankFindings } from '../report/rank-findings.js';
import { plain } from './escape.js';
import { cleanPathPrefix } from './path-prefix.js';
import { anchorFor, rootFileOf, type Anchor } from './sarif-anchors.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The tool's home, and the check reference each rule's `helpUri` points into. */
export const PROJECT_URL = 'https://github.com/ml-handover/ml-handover';
const CHECKS_DOC_URL = `${PROJECT_URL}/blob/main/docs/checks.md`;
/** GitHub shows at most this much of a rule's descriptions. */
const MAX_DESCRIPTION = 1024;
/** GitHub rejects a run with more results than this. */
export const MAX_RESULTS = 25_000;
/** Key of our partial fingerprint; bump the suffix if the fingerprint recipe ever changes. */
export const FINGERPRINT_KEY = 'mlHandoverFinding/v1';

export interface SarifOptions {
  /** Static check metadata for rule help text; defaults to the registry. */
  checks?: readonly CheckDefinition[];
  /**
   * Folder of the scanned target relative to the repository root (POSIX), prefixed to every artifact URI,
   * so results land on the right file when the Action scans a subfolder (`path: vendor`).
   */
  uriPrefix?: string;
}

type SarifLevel = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

const PROBLEM_SEVERITY: Record<SarifLevel, string> = { error: 'error', warning: 'warning', note: 'recommendation' };

interface SarifRule {
  id: string;
  /** PascalCase, distinct from the id (SARIF's reportingDescriptor.name is a readable identifier). */
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; weight?: number; 'problem.severity': string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } }; message?: { text: string } }>;
  partialFingerprints: Record<string, string>;
  /** Set when the scan was compared with a baseline (`--baseline`): SARIF's own new/unchanged marking. */
  baselineState?: 'new' | 'unchanged';
  /**
   * SARIF's priority (0-100, higher first): 100 for the first finding of the ranking, falling evenly with its
   * position, so sorting by it gives the order of the results.
   */
  rank: number;
  /**
   * `anchor` is set for a finding about the whole repository, shown at a file chosen for it; `exposure` for
   * personal data or a live credential in the repository; `points` is the estimated overall score a fix wins.
   */
  properties: { check: string; finding: string; anchor?: Anchor['kind']; exposure?: true; points: number };
}

export function renderSarif(report: Report, options: SarifOptions = {}): string {
  return JSON.stringify(buildSarif(report, options), null, 2) + '\n';
}

export function buildSarif(report: Report, options: SarifOptions = {}) {
  const metadata = new Map((options.checks ?? CHECKS).map((check) => [check.id, check]));
  const prefix = normalisePrefix(options.uriPrefix);
  const rootFile = rootFileOf(report);
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (rule: SarifRule) => {
    ruleIndex.set(rule.id, rules.length);
    rules.push(rule);
  };

  // Every criterion of every check in the report gets a rule, also when nothing fell short, so code
  // scanning shows the full rule set and closes alerts that were fixed.
  for (const check of report.checks) {
    for (const criterion of check.criteria) addRule(criterionRule(check, criterion.id, criterion.title, criterion.weight, metadata.get(check.id)));
  }

  // Fingerprints count duplicates in report order (stable across runs); the results are then put in ranked order.
  const ranked = rankFindings(report);
  const position = new Map(ranked.map((entry, index) => [entry.finding, { index, entry }]));
  const results: Array<SarifResult & { order: number }> = [];
  const seen = new Map<string, number>();
  for (const check of report.checks) {
    for (const finding of check.findings) {
      const { index, entry } = position.get(finding)!;
      const ruleId = ruleIdFor(check, finding);
      if (!ruleIndex.has(ruleId)) addRule(checkLevelRule(check, metadata.get(check.id)));
      // Code scanning needs a file for every result: a finding about the whole repository gets an anchor.
      const anchor = finding.path ? null : anchorFor(check.id, finding.id, rootFile);
      const uri = prefix + encodePath(finding.path ?? anchor!.path);
      // An anchored finding's identity does not depend on where it is anchored.
      const base = fingerprint([ruleId, finding.id, finding.path ? uri : prefix, plain(finding.message, 1000)]);
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      const startLine = Number.isInteger(finding.line) && (finding.line as number) >= 1 ? (finding.line as number) : 1;
      const location: SarifResult['locations'][number] = { physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: { startLine } } };
      if (anchor) location.message = { text: anchorNote(anchor) };
      results.push({
        ruleId,
        ruleIndex: ruleIndex.get(ruleId)!,
        level: LEVEL[finding.severity],
        message: { text: resultMessage(check, finding) },
        locations: [location],
        // Line numbers stay out of the fingerprint so an alert survives edits above it.
        partialFingerprints: { [FINGERPRINT_KEY]: `${base}:${occurrence}` },
        ...(finding.baseline ? { baselineState: finding.baseline } : {}),
        rank: sarifRank(index, ranked.length),
        properties: { check: check.id, finding: finding.id, ...(anchor ? { anchor: anchor.kind } : {}), ...(entry.exposure ? { exposure: true as const } : {}), points: Math.round(entry.points * 10) / 10 },
        order: index,
      });
    }
  }
  const ordered: SarifResult[] = results.sort((a, b) => a.order - b.order).map(({ order: _order, ...result }) => result);

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            ...(/^\d+\.\d+\.\d+/.test(report.tool.version) ? { semanticVersion: report.tool.version } : {}),
            informationUri: PROJECT_URL,
            rules,
          },
        },
        automationDetails: { id: automationId(report, prefix) },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the repository the scanned folder belongs to; result URIs are relative to it.' } } },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: [
              ...report.errors.slice(0, 100).map((error) => ({
                level: 'warning' as const,
                message: { text: plain(error.message, 1000) },
                ...(error.path ? { locations: [{ physicalLocation: { artifactLocation: { uri: prefix + encodePath(error.path), uriBaseId: '%SRCROOT%' } } }] } : {}),
              })),
              ...(ordered.length > MAX_RESULTS
                ? [{ level: 'warning' as const, message: { text: `${ordered.length - MAX_RESULTS} of ${ordered.length} results were left out (code scanning accepts ${MAX_RESULTS} per run), the least severe first; the JSON report lists every finding.` } }]
                : []),
            ],
          },
        ],
        results: withinLimit(ordered),
        properties: {
          score: report.score,
          grade: report.grade,
          passed: report.passed,
          milestone: report.milestone,
          gateReasons: report.gate.reasons.map((reason) => plain(reason)),
          policyDigest: report.policy.digest,
          ...(report.baseline ? { baseline: sarifBaseline(report, prefix) } : {}),
        },
      },
    ],
  };
}

/**
 * What the baseline comparison found. Fixed findings are listed here rather than as `absent` results:
 * code scanning ignores `baselineState` and would open an alert for every absent result.
 */
function sarifBaseline(report: Report, prefix: string) {
  const baseline = report.baseline!;
  return {
    generatedAt: baseline.generatedAt,
    score: baseline.score,
    scoreDelta: baseline.scoreDelta,
    new: baseline.new,
    unchanged: baseline.unchanged,
    fixed: baseline.fixed.slice(0, 1000).map((fixed) => ({
      check: fixed.check,
      ...(fixed.id ? { finding: fixed.id } : {}),
      level: LEVEL[fixed.severity],
      message: plain(fixed.message, 1000),
      ...(fixed.path ? { uri: prefix + encodePath(fixed.path) } : {}),
      ...(fixed.line ? { line: fixed.line } : {}),
    })),
  };
}

/** SARIF's `rank` for the result at `position` of `total` ranked findings: 100 for the first, falling to near 0 for the last. */
function sarifRank(position: number, total: number): number {
  return Math.round((1000 * (total - position)) / total) / 10;
}

/** The most severe results when there are more than code scanning accepts, in their ranked order. */
function withinLimit(results: SarifResult[]): SarifResult[] {
  if (results.length <= MAX_RESULTS) return results;
  const rank: Record<SarifLevel, number> = { error: 0, warning: 1, note: 2 };
  const kept = new Set(results.map((result, index) => ({ index, rank: rank[result.level] })).sort((a, b) => a.rank - b.rank || a.index - b.index).slice(0, MAX_RESULTS).map((entry) => entry.index));
  return results.filter((_, index) => kept.has(index));
}

/**
 * `category/` in GitHub's terms (the run id after the last slash is left empty): one category per scanned
 * folder and milestone, so two gated targets of one repository do not replace each other's alerts.
 */
export function automationId(report: Report, prefix: string): string {
  const folder = prefix.replace(/(?<!\/)\/+$/, '') || (report.target.kind === 'github' || report.target.kind === 'git-url' ? report.target.path : 'root');
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._/-]+/g, '-').replace(/\/{2,}/g, '/').replace(/^[/-]+|(?<![/-])[/-]+$/g, '') || 'root';
  return `ml-handover/${safe(folder)}/${report.milestone ? safe(report.milestone) : 'no-milestone'}/`;
}

function anchorNote(anchor: Anchor): string {
  return anchor.kind === 'expected-file'
    ? `A finding about the repository as a whole, shown at ${anchor.path}, where the artifact is expected.`
    : `A finding about the repository as a whole, shown at ${anchor.path}.`;
}

function ruleIdFor(check: CheckResult, finding: Finding): string {
  return finding.criterion && check.criteria.some((criterion) => criterion.id === finding.criterion) ? `${check.id}/${finding.criterion}` : check.id;
}

function criterionRule(check: CheckResult, criterionId: string, title: string, weight: number, definition: CheckDefinition | undefined): SarifRule {
  const described = definition?.criteria.find((criterion) => criterion.id === criterionId)?.description;
  const declared = Object.entries(definition?.findings ?? {}).filter(([, finding]) => finding.criterion === criterionId);
  const level = declared.length ? LEVEL[declared.map(([, finding]) => finding.severity).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0]] : 'warning';
  const full = [title + '.', described, definition?.rationale].filter(Boolean).join(' ');
  const help = helpText(check, definition, title, described, declared);
  return {
    id: `${check.id}/${criterionId}`,
    name: pascal(`${check.id}-${criterionId}`),
    shortDescription: { text: plain(`${check.title}: ${title}`, MAX_DESCRIPTION) },
    fullDescription: { text: plain(full, MAX_DESCRIPTION) },
    help,
    ...helpUri(check.id),
    defaultConfiguration: { level },
    properties: { tags: ['ml-handover', 'handover', check.id], weight, 'problem.severity': PROBLEM_SEVERITY[level] },
  };
}

/** For findings that lower no particular criterion (a crashed check, a truncated list). */
function checkLevelRule(check: CheckResult, definition: CheckDefinition | undefined): SarifRule {
  const text = plain(`${check.title}. ${definition?.rationale ?? ''}`.trim(), MAX_DESCRIPTION);
  return {
    id: check.id,
    name: pascal(check.id),
    shortDescription: { text: plain(check.title, MAX_DESCRIPTION) },
    fullDescription: { text },
    ...helpUri(check.id),
    help: { text: `${text}\nRun \`ml-handover explain ${check.id}\` for what the check judges.`, markdown: `${text}\n\nRun \`ml-handover explain ${check.id}\` for what the check judges.` },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['ml-handover', 'handover', check.id], 'problem.severity': PROBLEM_SEVERITY.warning },
  };
}

/** The check's section of docs/checks.md; only built-in checks have one (a policy's custom checks do not). */
function helpUri(checkId: string): { helpUri?: string } {
  return BUILT_IN.has(checkId) ? { helpUri: `${CHECKS_DOC_URL}#${checkId}` } : {};
}

const BUILT_IN = new Set(CHECKS.map((check) => check.id));

// Help comes only from the check's static definition (our code), never from the scanned repository.
function helpText(
  check: CheckResult,
  definition: CheckDefinition | undefined,
  title: string,
  described: string | undefined,
  declared: Array<[string, CheckDefinition['findings'][string]]>,
): { text: string; markdown: string } {
  const text: string[] = [`${check.title}: ${title}.`];
  const markdown: string[] = [`**${check.title}: ${title}**`, ''];
  if (definition?.rationale) {
    text.push(`Why: ${definition.rationale}`);
    markdown.push(definition.rationale, '');
  }
  if (described) {
    text.push(`Full marks: ${described}`);
    markdown.push(`Full marks: ${described}`, '');
  }
  if (declared.length) {
    text.push('How to fix:');
    markdown.push('How to fix:', '');
    for (const [id, finding] of declared) {
      text.push(`- ${finding.title} (${id}): ${finding.remediation}`);
      markdown.push(`- **${finding.title}** (\`${id}\`): ${finding.remediation}`);
    }
    markdown.push('');
  }
  text.push(`More: ml-handover explain ${check.id}`);
  markdown.push(`More: \`ml-handover explain ${check.id}\``);
  return { text: text.map((line) => plain(line, 2000)).join('\n'), markdown: markdown.join('\n') };
}

function resultMessage(check: CheckResult, finding: Finding): string {
  const fix = finding.remediation ? ` Fix: ${plain(finding.remediation, 800)}` : '';
  return `${plain(check.title, 200)}: ${plain(finding.message, 1000)}${fix}`;
}

/** Percent-encodes each path segment so the URI is a valid relative reference whatever the file name. */
function encodePath(path: string): string {
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function normalisePrefix(prefix: string | undefined): string {
  const cleaned = cleanPathPrefix(prefix);
  return cleaned ? encodePath(cleaned.slice(0, -1)) + '/' : '';
}

function fingerprint(parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}
