// SARIF 2.1.0 for code scanning: one rule per check criterion (`<check>/<criterion>`) with help text from
// the check's own definition, one result per finding that has a file. A pure function of the report plus
// the static check metadata; repo-derived text is made plain (no control characters) before it lands here.
import { createHash } from 'node:crypto';
import { CHECKS } from '../../checks/index.js';
import type { CheckDefinition, Finding, Severity } from '../check.js';
import type { CheckResult, Report } from '../report/report.js';
import { plain } from './escape.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
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

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; weight?: number };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region?: { startLine: number } } }>;
  partialFingerprints: Record<string, string>;
  /** Set when the scan was compared with a baseline (`--baseline`): SARIF's own new/unchanged marking. */
  baselineState?: 'new' | 'unchanged';
  properties: { check: string; finding: string };
}

export function renderSarif(report: Report, options: SarifOptions = {}): string {
  return JSON.stringify(buildSarif(report, options), null, 2) + '\n';
}

export function buildSarif(report: Report, options: SarifOptions = {}) {
  const metadata = new Map((options.checks ?? CHECKS).map((check) => [check.id, check]));
  const prefix = normalisePrefix(options.uriPrefix);
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

  const results: SarifResult[] = [];
  const seen = new Map<string, number>();
  for (const check of report.checks) {
    for (const finding of check.findings) {
      if (!finding.path) continue; // code scanning needs a file; the others are in the summary and the JSON
      const ruleId = ruleIdFor(check, finding);
      if (!ruleIndex.has(ruleId)) addRule(checkLevelRule(check, metadata.get(check.id)));
      const uri = prefix + encodePath(finding.path);
      const base = fingerprint([ruleId, finding.id, uri, plain(finding.message, 1000)]);
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      const location: SarifResult['locations'][number] = { physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' } } };
      if (Number.isInteger(finding.line) && (finding.line as number) >= 1) location.physicalLocation.region = { startLine: finding.line as number };
      results.push({
        ruleId,
        ruleIndex: ruleIndex.get(ruleId)!,
        level: LEVEL[finding.severity],
        message: { text: resultMessage(check, finding) },
        locations: [location],
        // Line numbers stay out of the fingerprint so an alert survives edits above it.
        partialFingerprints: { [FINGERPRINT_KEY]: `${base}:${occurrence}` },
        ...(finding.baseline ? { baselineState: finding.baseline } : {}),
        properties: { check: check.id, finding: finding.id },
      });
    }
  }

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
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: report.errors.slice(0, 100).map((error) => ({
              level: 'warning' as const,
              message: { text: plain(error.message, 1000) },
              ...(error.path ? { locations: [{ physicalLocation: { artifactLocation: { uri: prefix + encodePath(error.path), uriBaseId: '%SRCROOT%' } } }] } : {}),
            })),
          },
        ],
        results,
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
    shortDescription: { text: plain(`${check.title}: ${title}`, 1000) },
    fullDescription: { text: plain(full, 2000) },
    help,
    defaultConfiguration: { level },
    properties: { tags: ['ml-handover', 'handover', check.id], weight },
  };
}

/** For findings that lower no particular criterion (a crashed check, a truncated list). */
function checkLevelRule(check: CheckResult, definition: CheckDefinition | undefined): SarifRule {
  const text = plain(`${check.title}. ${definition?.rationale ?? ''}`.trim(), 2000);
  return {
    id: check.id,
    name: pascal(check.id),
    shortDescription: { text: plain(check.title, 1000) },
    fullDescription: { text },
    help: { text: `${text}\nRun \`ml-handover explain ${check.id}\` for what the check judges.`, markdown: `${text}\n\nRun \`ml-handover explain ${check.id}\` for what the check judges.` },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['ml-handover', 'handover', check.id] },
  };
}

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
  if (!prefix) return '';
  const cleaned = prefix.replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/^\/+|\/+$/g, '');
  return cleaned ? encodePath(cleaned) + '/' : '';
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
