// What one scheduled audit hands the next through its tracking issue: score, gate, each check's score and
// status, and a short hash of each finding, so the next audit can say what changed. Nothing the repository
// wrote is kept (findings are hashed), and the state travels base64-encoded inside an HTML comment, whose
// alphabet cannot close the comment or add markup. Pure: reports and strings in, data out.
import { createHash } from 'node:crypto';
import type { Finding } from '../check.js';
import { parseJsonObject } from '../formats/json.js';
import { findingFingerprint } from './baseline.js';
import type { CheckResult, CheckStatus, Report } from './report.js';

const STATE_PREFIX = '<!-- ml-handover:audit-state v1 ';
const STATE_SUFFIX = ' -->';
/** More findings than this are not tracked one by one (the state says so, and new/fixed are not counted). */
const MAX_FINDINGS = 800;
/** An encoded state is ~20 KiB at most (it shares GitHub's 65,536-character body); anything larger is not ours. */
const MAX_ENCODED = 64 * 1024;
const STATUSES: readonly CheckStatus[] = ['pass', 'warn', 'fail', 'skip'];

export interface AuditState {
  generatedAt: string;
  commit?: string;
  score: number;
  passed: boolean;
  checks: Array<{ id: string; score: number | null; status: CheckStatus }>;
  /** Short hashes of finding fingerprints (see report/baseline.ts); null when there were too many to track. */
  findings: string[] | null;
}

export interface CheckChange {
  id: string;
  title: string;
  before: { score: number | null; status: CheckStatus } | null;
  after: { score: number | null; status: CheckStatus };
}

export interface AuditChange {
  previous: Pick<AuditState, 'generatedAt' | 'score' | 'passed' | 'commit'>;
  scoreDelta: number;
  /** Checks whose score fell (or whose status got worse), and those that rose. */
  regressed: CheckChange[];
  improved: CheckChange[];
  /** Findings the last audit did not have; null when either side was too large to track. */
  newFindings: Array<{ check: CheckResult; finding: Finding }> | null;
  /** How many findings of the last audit are gone; null when not tracked. */
  fixed: number | null;
}

export function auditStateOf(report: Report): AuditState {
  const hashes = new Set(report.checks.flatMap((check) => check.findings.map((finding) => findingHash(check.id, finding))));
  return {
    generatedAt: report.generatedAt,
    ...(report.target.commit ? { commit: report.target.commit } : {}),
    score: report.score,
    passed: report.passed,
    checks: report.checks.map((check) => ({ id: check.id, score: check.score, status: check.status })),
    findings: hashes.size <= MAX_FINDINGS ? [...hashes].sort() : null,
  };
}

export function encodeAuditState(state: AuditState): string {
  return STATE_PREFIX + Buffer.from(JSON.stringify(state), 'utf8').toString('base64') + STATE_SUFFIX;
}

/** The state embedded in an issue body, or null when there is none or it does not read back as one. */
export function decodeAuditState(body: string | null | undefined): AuditState | null {
  if (!body) return null;
  const start = body.indexOf(STATE_PREFIX);
  if (start === -1) return null;
  const end = body.indexOf(STATE_SUFFIX, start + STATE_PREFIX.length);
  const encoded = end === -1 ? '' : body.slice(start + STATE_PREFIX.length, end);
  if (!encoded || encoded.length > MAX_ENCODED || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  const parsed = parseJsonObject(Buffer.from(encoded, 'base64').toString('utf8'));
  return parsed.ok ? validState(parsed.value) : null;
}

export function compareAudits(previous: AuditState, report: Report): AuditChange {
  const regressed: CheckChange[] = [];
  const improved: CheckChange[] = [];
  for (const check of report.checks) {
    const old = previous.checks.find((candidate) => candidate.id === check.id) ?? null;
    const change: CheckChange = { id: check.id, title: check.title, before: old && { score: old.score, status: old.status }, after: { score: check.score, status: check.status } };
    const direction = old ? compareCheck(old, check) : 0;
    if (direction < 0) regressed.push(change);
    else if (direction > 0) improved.push(change);
  }
  let newFindings: AuditChange['newFindings'] = null;
  let fixed: number | null = null;
  const current = auditStateOf(report).findings;
  if (previous.findings && current) {
    const before = new Set(previous.findings);
    const now = new Set(current);
    newFindings = report.checks.flatMap((check) => check.findings.filter((finding) => !before.has(findingHash(check.id, finding))).map((finding) => ({ check, finding })));
    fixed = previous.findings.filter((hash) => !now.has(hash)).length;
  }
  return {
    previous: { generatedAt: previous.generatedAt, score: previous.score, passed: previous.passed, ...(previous.commit ? { commit: previous.commit } : {}) },
    scoreDelta: Math.round((report.score - previous.score) * 10) / 10,
    regressed,
    improved,
    newFindings,
    fixed,
  };
}

const STATUS_RANK: Record<CheckStatus, number> = { fail: 0, warn: 1, pass: 2, skip: 2 };

/** Negative when the check got worse, positive when better: by score, then by status. */
function compareCheck(before: AuditState['checks'][number], after: CheckResult): number {
  if (before.score !== null && after.score !== null && Math.abs(after.score - before.score) >= 0.05) return after.score - before.score;
  return STATUS_RANK[after.status] - STATUS_RANK[before.status];
}

function findingHash(checkId: string, finding: Finding): string {
  return createHash('sha256').update(findingFingerprint(checkId, finding)).digest('hex').slice(0, 12);
}

/** Accepts only the exact shape we write; a hand-edited or foreign state counts as none. */
function validState(value: Record<string, unknown>): AuditState | null {
  const { generatedAt, commit, score, passed, checks, findings } = value;
  if (typeof generatedAt !== 'string' || generatedAt.length > 64) return null;
  if (commit !== undefined && (typeof commit !== 'string' || !/^[0-9a-f]{7,64}$/.test(commit))) return null;
  if (typeof score !== 'number' || !(score >= 0 && score <= 100) || typeof passed !== 'boolean') return null;
  if (!Array.isArray(checks) || checks.length > 500) return null;
  const validChecks: AuditState['checks'] = [];
  for (const check of checks as unknown[]) {
    const entry = check as Record<string, unknown> | null;
    if (!entry || typeof entry !== 'object' || typeof entry.id !== 'string' || entry.id.length > 100) return null;
    if (!(entry.score === null || (typeof entry.score === 'number' && entry.score >= 0 && entry.score <= 10))) return null;
    if (!STATUSES.includes(entry.status as CheckStatus)) return null;
    validChecks.push({ id: entry.id, score: entry.score as number | null, status: entry.status as CheckStatus });
  }
  if (findings !== null && !(Array.isArray(findings) && findings.length <= MAX_FINDINGS && findings.every((hash) => typeof hash === 'string' && /^[0-9a-f]{12}$/.test(hash)))) return null;
  return { generatedAt, ...(commit ? { commit: commit as string } : {}), score, passed, checks: validChecks, findings: findings as string[] | null };
}
