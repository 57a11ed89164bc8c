// Findings with a file become annotations on the run and in the pull request's "Files changed" view.
// GitHub shows at most 10 annotations of each level per step (and 50 per job) and drops the rest
// silently, so we choose which ones: errors first, required checks first, and say how many were left out.
import type { Finding, Severity } from '../check.js';
import type { CheckResult, Report } from '../report/report.js';
import { plain } from '../reporters/escape.js';
import { cleanPathPrefix } from '../reporters/path-prefix.js';
import { workflowCommand } from './workflow-commands.js';

type AnnotationLevel = 'error' | 'warning' | 'notice';
const LEVEL: Record<Severity, AnnotationLevel> = { error: 'error', warning: 'warning', info: 'notice' };
const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export interface AnnotationOptions {
  /** Most annotations in total. */
  max?: number;
  /**
   * Most per level. One error is kept for the gate verdict (setFailed) and one notice for the
   * "left out" line, so everything we print is also shown.
   */
  perLevel?: Partial<Record<AnnotationLevel, number>>;
  /** Scanned folder relative to the repository root, so `file=` points at the file GitHub knows. */
  pathPrefix?: string;
}

const DEFAULT_MAX = 50;
const DEFAULT_PER_LEVEL: Record<AnnotationLevel, number> = { error: 9, warning: 10, notice: 9 };

/** The workflow-command lines to print, in order. */
export function annotationCommands(report: Report, options: AnnotationOptions = {}): string[] {
  const max = options.max ?? DEFAULT_MAX;
  const perLevel = { ...DEFAULT_PER_LEVEL, ...options.perLevel };
  const prefix = cleanPathPrefix(options.pathPrefix);
  const located = report.checks
    .flatMap((check) => check.findings.filter((finding) => finding.path).map((finding) => ({ check, finding })))
    .sort((a, b) => ORDER[a.finding.severity] - ORDER[b.finding.severity] || Number(b.check.required) - Number(a.check.required));

  const lines: string[] = [];
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  let omitted = 0;
  for (const { check, finding } of located) {
    const level = LEVEL[finding.severity];
    if (lines.length >= max || used[level] >= perLevel[level]) {
      omitted++;
      continue;
    }
    used[level]++;
    lines.push(annotationFor(check, finding, prefix, level));
  }
  if (omitted > 0) {
    lines.push(
      workflowCommand(
        'notice',
        { title: 'ml-handover' },
        `${omitted} more finding(s) with a file location were not annotated (GitHub shows only a few per step); the job summary, the report file and the SARIF results list them all.`,
      ),
    );
  }
  return lines;
}

function annotationFor(check: CheckResult, finding: Finding, prefix: string, level: AnnotationLevel): string {
  const message = plain(finding.message, 1000) + (finding.remediation ? `\nFix: ${plain(finding.remediation, 1000)}` : '');
  return workflowCommand(
    level,
    {
      file: prefix + plain(finding.path!, 500),
      line: Number.isInteger(finding.line) && finding.line! >= 1 ? finding.line : undefined,
      title: plain(`ml-handover ${check.id}: ${finding.id}`, 200),
    },
    message,
  );
}

