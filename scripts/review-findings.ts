// The precision review (#17): scans each target with the current sources and prints every error and warning
// finding with one line of evidence, compactly, for a person to judge true or false. Bundled and run by
// scripts/review-findings.mjs (`npm run review-findings [-- FOLDER...]`); never imported by the tool.
//   node review.js [--checks id,id] [--info] TARGET...
import { CHECKS } from '../checks/index.js';
import type { Evidence, Finding } from '../src/check.js';
import { resolvePolicy } from '../src/policy/resolve-policy.js';
import type { CheckResult } from '../src/report/report.js';
import { scan } from '../src/scan.js';
import { maskCredentialsIn } from '../src/secrets/mask-text.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import { openTarget } from '../src/targets.js';

/** Wide enough to judge a line by, narrow enough to keep one finding on a few terminal lines. */
const EXCERPT_CHARS = 140;
/** A message is the claim being judged: shown nearly whole. */
const MESSAGE_CHARS = 400;

interface ReviewOptions {
  targets: string[];
  checks: Set<string> | null;
  includeInfo: boolean;
}

function parseArguments(argv: readonly string[]): ReviewOptions {
  const options: ReviewOptions = { targets: [], checks: null, includeInfo: false };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === '--checks') options.checks = new Set((argv[++i] ?? '').split(',').filter(Boolean));
    else if (argument === '--info') options.includeInfo = true;
    else options.targets.push(argument);
  }
  return options;
}

/** One line, whitespace collapsed, masked (the review prints repository text, which may hold a key). */
function oneLine(text: string, chars = EXCERPT_CHARS): string {
  const flat = maskCredentialsIn(text).replace(/\s+/g, ' ').trim();
  return flat.length > chars ? `${flat.slice(0, chars - 1)}…` : flat;
}

/**
 * What backs a finding, for the reader: the source line it points at, else the check's evidence for the
 * same file, else nothing (a finding about something missing has no line to show).
 */
async function evidenceLine(snapshot: Snapshot, check: CheckResult, finding: Finding): Promise<string> {
  if (finding.path && finding.line && snapshot.has(finding.path)) {
    const text = await snapshot.readText(finding.path);
    if (text.ok) {
      const line = text.text.split('\n')[finding.line - 1];
      if (line !== undefined) return `line: ${oneLine(line)}`;
    }
  }
  const same: Evidence | undefined = check.evidence.find((item) => item.path === finding.path && item.note);
  if (same) return `evidence (${same.kind}): ${oneLine(same.note ?? '')}`;
  return '(no line: the finding is about something absent or repository-wide)';
}

function location(finding: Finding): string {
  if (!finding.path) return '-';
  return finding.line ? `${finding.path}:${finding.line}` : finding.path;
}

async function reviewTarget(target: string, options: ReviewOptions): Promise<{ errors: number; warnings: number }> {
  const policy = resolvePolicy({}, CHECKS.map((check) => check.id));
  const opened = await openTarget(target, { readCap: policy.readCap });
  const counts = { errors: 0, warnings: 0 };
  const lines: string[] = [];
  try {
    const report = await scan(opened.snapshot, { checks: CHECKS, policy });
    for (const check of report.checks) {
      if (options.checks && !options.checks.has(check.id)) continue;
      for (const finding of check.findings) {
        if (finding.severity === 'info' && !options.includeInfo) continue;
        if (finding.severity === 'error') counts.errors++;
        if (finding.severity === 'warning') counts.warnings++;
        const severity = finding.severity === 'error' ? 'E' : finding.severity === 'warning' ? 'W' : 'I';
        lines.push(`${severity} ${check.id} ${finding.id}  ${location(finding)}`);
        lines.push(`    ${oneLine(finding.message, MESSAGE_CHARS)}`);
        lines.push(`    ${await evidenceLine(opened.snapshot, check, finding)}`);
      }
    }
    process.stdout.write(`\n== ${target}  (score ${report.score}, ${counts.errors} errors, ${counts.warnings} warnings, ${report.errors.length} scan errors)\n`);
    process.stdout.write(lines.length ? `${lines.join('\n')}\n` : '(no findings at this severity)\n');
  } finally {
    await opened.close();
  }
  return counts;
}

const options = parseArguments(process.argv.slice(2));
const totals = { errors: 0, warnings: 0 };
for (const target of options.targets) {
  try {
    const counts = await reviewTarget(target, options);
    totals.errors += counts.errors;
    totals.warnings += counts.warnings;
  } catch (error) {
    // One target that cannot be opened must not hide the others' findings.
    process.stdout.write(`\n== ${target}  not scanned: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
process.stdout.write(`\n${options.targets.length} targets, ${totals.errors} errors, ${totals.warnings} warnings\n`);
