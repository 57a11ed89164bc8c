// A check that found nothing while documents named like its artifacts sit in formats it does not open
// (docs/ops/Runbook.pdf next to "no runbooks") says so in its own findings: the reader of "not found" learns
// where to look by hand. Added by the engine for every check alike; info only, the score is the check's.
import type { Finding } from '../check.js';
import type { CheckResult } from '../report/report.js';
import type { UnreadEntry } from './unread.js';

export const UNREAD_DOCUMENTS_FINDING = 'unread-documents';
const NOT_RUN = new Set(['check-crashed', 'deadline-exceeded']);

/** The finding for a check that found nothing, or null when it found something or nothing likely went unread. */
export function unreadDocumentsFinding(check: Pick<CheckResult, 'id' | 'status' | 'score' | 'evidence' | 'findings'>, entries: readonly UnreadEntry[]): Finding | null {
  if (check.status === 'skip' || (check.evidence.length > 0 && check.score !== 0)) return null;
  // A check that crashed or ran out of time found nothing for another reason.
  if (check.findings.some((finding) => NOT_RUN.has(finding.id))) return null;
  const likely = entries.filter((entry) => entry.check === check.id && entry.kind === 'document-format' && (entry.named ?? 0) > 0);
  if (likely.length === 0) return null;
  const count = likely.reduce((sum, entry) => sum + entry.named!, 0);
  // Named examples come first in each entry: the first `named` of them are the likely ones.
  const examples = likely.flatMap((entry) => entry.examples.slice(0, entry.named)).slice(0, 3);
  const formats = likely.map((entry) => entry.what).join(', ');
  return {
    id: UNREAD_DOCUMENTS_FINDING,
    severity: 'info',
    message: `${count} document(s) in formats not read (${formats}) may hold what this check looks for: ${examples.join(', ')}${count > examples.length ? ', …' : ''}.`,
    path: examples[0],
    remediation: 'Convert them to Markdown in the repository, or list them for manual review: this check cannot judge what it cannot read.',
  };
}
