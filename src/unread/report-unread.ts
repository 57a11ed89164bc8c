// The scan's one call into this folder: what each check of the run could not read, for the report's
// coverage, and the "documents not read" finding on each check that found nothing while they sit there.
import type { CheckResult } from '../report/report.js';
import { CHECK_READS } from './check-reads.js';
import { unreadDocumentsFinding } from './unread-findings.js';
import { unreadCoverage, type UnreadEntry } from './unread.js';

/** The unread entries for the checks that ran; adds the finding to the checks it concerns. */
export function unreadForReport(paths: readonly string[], checks: readonly CheckResult[]): UnreadEntry[] {
  const declared = checks.filter((check) => Object.hasOwn(CHECK_READS, check.id)).map((check) => ({ id: check.id, reads: CHECK_READS[check.id] }));
  const entries = unreadCoverage(paths, declared);
  for (const check of checks) {
    const finding = unreadDocumentsFinding(check, entries);
    if (finding) check.findings.push(finding);
  }
  return entries;
}
