// scan(): snapshot -> checks -> score -> report. The CLI and the Action are thin shells over this.
import type { CheckContext, CheckDefinition, CheckOutcome, Evidence, Finding } from './check.js';
import { unreadForReport } from './unread/report-unread.js';
import { annotateManifestResult } from './manifest/declared-milestone.js';
import { declaredProfiles, declaredProfilesNotes } from './manifest/declared-profiles.js';
import { readManifestHints } from './manifest/manifest-locations.js';
import { readRepoConfig } from './policy/repo-config.js';
import { formatDuration } from './policy/duration.js';
import type { EffectivePolicy } from './policy/policy.js';
import { resolveProfiles } from './profiles/resolve-profiles.js';
import { maskReport } from './report/mask-report.js';
import { REPORT_SCHEMA_VERSION, type CheckResult, type Report } from './report/report.js';
import { ScanDeadline } from './scan-deadline.js';
import { checkScore, evaluateGate, gradeFor, overallScore, statusFor } from './scoring/score.js';
import type { Snapshot } from './snapshot/snapshot.js';
import type { DeliveryProfiles } from './profiles/system-profile.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export interface ScanOptions {
  checks: readonly CheckDefinition[];
  policy: EffectivePolicy;
  /** Fixed clock for reproducible reports and tests. */
  now?: () => Date;
  /** Called as each check finishes (progress display). */
  onCheckDone?: (result: CheckResult, done: number, total: number) => void;
}

/** Upper bounds on what one check may put in the report, so a hostile repo cannot balloon it. */
const MAX_EVIDENCE_PER_CHECK = 500;
const MAX_FINDINGS_PER_CHECK = 200;

export async function scan(snapshot: Snapshot, options: ScanOptions): Promise<Report> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const policy = options.policy;
  const knownChecks = new Set(options.checks.map((check) => check.id));
  // The budget covers everything that reads the repository from here on; the listing came before.
  const deadline = ScanDeadline.start(policy.deadlineMs);
  snapshot.useDeadline(deadline);
  const budget = formatDuration(policy.deadlineMs);
  const unfinished: NonNullable<Report['coverage']['unfinished']> = [];
  let checks: CheckResult[];
  let manifest: Awaited<ReturnType<typeof readManifestHints>>;
  let deadlineHit: boolean;
  let profiles: DeliveryProfiles;
  const notes = [...policy.notes];
  try {
    const repoConfig = await readRepoConfig(snapshot, knownChecks);
    manifest = await readManifestHints(snapshot, knownChecks);
    profiles = await resolveProfiles(snapshot, policy.profiles, declaredProfiles(manifest));
    notes.push(...declaredProfilesNotes(profiles, manifest));
    notes.push(...repoConfig.ignored, ...unusedLocationNotes(options.checks, policy, repoConfig.locations));

    let done = 0;
    checks = await Promise.all(
      options.checks.map(async (check) => {
        const settings = policy.checks[check.id];
        const locations = [...(settings?.locations ?? []), ...(repoConfig.locations[check.id] ?? []), ...(manifest.locations[check.id] ?? [])];
        const outcome = await runWithinDeadline(check, snapshot, { locations, options: settings?.options ?? {}, milestone: policy.milestone, deadline, profiles });
        let result: CheckResult;
        if (outcome) result = toResult(check, outcome, policy);
        else {
          const reason = `did not finish within the scan's ${budget} time budget`;
          unfinished.push({ id: check.id, reason });
          snapshot.addError({ message: `check ${check.id} ${reason}` });
          result = unfinishedResult(check, budget, policy);
        }
        if (check.role === 'safeguard') result.role = 'safeguard';
        options.onCheckDone?.(result, ++done, options.checks.length);
        return result;
      }),
    );
  } finally {
    deadlineHit = deadline.settle();
  }
  // Paths alone: what each check could not read (coverage), and a finding where that may be why it found nothing.
  const unread = unreadForReport(snapshot.files, checks);

  notes.push(...applyWaivers(checks, policy, now()));
  const score = overallScore(checks);
  notes.push(...annotateManifestResult(checks, score, manifest));
  const gate = evaluateGate(score, checks, policy.minScore);
  failUnfinishedRequired(gate, checks, unfinished, budget);
  // The one place every repository string passes before any reporter: credentials are masked here.
  return maskReport({
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    target: { ...snapshot.target },
    generatedAt: now().toISOString(),
    milestone: policy.milestone,
    profiles: reportProfiles(profiles),
    score,
    grade: gradeFor(score),
    passed: gate.reasons.length === 0,
    gate,
    checks,
    errors: [...snapshot.errors],
    coverage: { ...coverageOf(checks), unfinished: orderedLike(unfinished, options.checks), unread },
    policy: { source: policy.source, digest: policy.digest, notes },
    stats: { files: snapshot.fileCount, ...snapshot.stats(), durationMs: Date.now() - started, deadlineMs: policy.deadlineMs, deadlineHit: deadlineHit ? 1 : 0 },
  });
}

/**
 * A note for each check given locations it cannot use by a setting meant to steer it (the buyer's policy,
 * the repository config). handover.yml is left out: it declares where artifacts are, and the
 * handover-manifest check verifies every declared location whichever check reads it.
 */
function unusedLocationNotes(checks: readonly CheckDefinition[], policy: EffectivePolicy, repoLocations: Record<string, string[]>): string[] {
  const notes: string[] = [];
  for (const check of checks) {
    if (!check.locationsUnused) continue;
    const sources = [
      policy.checks[check.id]?.locations.length ? "the buyer's policy" : null,
      hasLocations(repoLocations, check.id) ? 'the repository config' : null,
    ].filter((source): source is string => source !== null);
    if (sources.length) notes.push(`locations for ${check.id} (from ${sources.join(', ')}) are not used: ${check.locationsUnused}`);
  }
  return notes;
}

function hasLocations(locations: Record<string, string[]>, id: string): boolean {
  return (locations[id]?.length ?? 0) > 0;
}

/**
 * The check's outcome, or null when the budget ran out first. A check that comes back after that is not
 * finished either: its last reads failed for want of time, not for what the repository holds.
 */
function runWithinDeadline(check: CheckDefinition, snapshot: Snapshot, context: CheckContext): Promise<CheckOutcome | null> {
  const { deadline } = context;
  if (deadline.expired()) return Promise.resolve(null);
  const running = runSafely(check, snapshot, context).then((outcome) => (deadline.expired() ? null : outcome));
  return deadline.race(running, () => null);
}

async function runSafely(check: CheckDefinition, snapshot: Snapshot, context: CheckContext): Promise<CheckOutcome | null> {
  try {
    return await check.run(snapshot, context);
  } catch (error) {
    // After the budget, a failure is the deadline's doing (killed git, refused reads): not a crash.
    if (context.deadline.expired()) return null;
    // A bug in a check must never turn into a pass, nor stop the other checks.
    snapshot.addError({ message: `check ${check.id} failed to run: ${(error as Error)?.message ?? String(error)}` });
    return {
      status: 'judged',
      criteria: {},
      evidence: [],
      findings: [
        {
          id: 'check-crashed',
          severity: 'error',
          message: `The ${check.id} check could not finish; its score is 0 until it runs.`,
          remediation: 'Report this to the ml-handover maintainers with the scan errors.',
        },
      ],
      summary: 'The check did not finish.',
    };
  }
}

/** A check the budget cut short: judged, 0 on every criterion, failed whatever its pass score. */
function unfinishedResult(check: CheckDefinition, budget: string, policy: EffectivePolicy): CheckResult {
  const outcome: CheckOutcome = {
    status: 'judged',
    criteria: {},
    evidence: [],
    findings: [
      {
        id: 'deadline-exceeded',
        severity: 'error',
        message: `The ${check.id} check did not finish within the scan's ${budget} time budget; it scores 0 until it runs in full.`,
        remediation: "Scan again with a larger budget (the buyer's policy `deadline`, or --deadline), or look in the scan errors for what made it slow.",
      },
    ],
    summary: `Not finished: the scan's ${budget} time budget ran out first.`,
  };
  return { ...toResult(check, outcome, policy), status: 'fail' };
}

/** A required check that did not finish fails the gate, waived or not: nobody knows what it would have found. */
function failUnfinishedRequired(gate: Report['gate'], checks: readonly CheckResult[], unfinished: ReadonlyArray<{ id: string }>, budget: string): void {
  const ids = new Set(unfinished.map((entry) => entry.id));
  const cut = checks.filter((check) => check.required && ids.has(check.id)).map((check) => check.id);
  if (cut.length === 0) return;
  for (const id of cut) if (!gate.failedRequired.includes(id)) gate.failedRequired.push(id);
  gate.reasons.push(`required check${cut.length > 1 ? 's' : ''} ${cut.join(', ')} did not finish within the scan's ${budget} time budget`);
}

/** Entries in the order of the checks they name (they were pushed as each check gave up). */
function orderedLike<T extends { id: string }>(entries: readonly T[], checks: readonly CheckDefinition[]): T[] {
  const position = new Map(checks.map((check, index) => [check.id, index]));
  return [...entries].sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
}

function toResult(check: CheckDefinition, outcome: CheckOutcome, policy: EffectivePolicy): CheckResult {
  const settings = policy.checks[check.id];
  const weight = settings?.weight ?? check.defaultWeight;
  const passScore = settings?.minScore ?? 7;
  const required = policy.required.includes(check.id);
  const evidence = cap(outcome.evidence ?? [], MAX_EVIDENCE_PER_CHECK, (n) => ({ path: '', kind: 'truncated', note: `${n} more not listed` }) as Evidence);
  const findings = cap(outcome.findings ?? [], MAX_FINDINGS_PER_CHECK, (n) => ({ id: 'truncated', severity: 'info', message: `${n} more findings not listed` }) as Finding);
  // What a skipped check reports, whether it said so itself or every criterion left the weight.
  const skipped = (summary: string, skipScope: 'repository' | 'target', criteria: CheckResult['criteria']): CheckResult => ({
    id: check.id,
    title: check.title,
    status: 'skip',
    score: null,
    weight,
    required,
    passScore,
    summary,
    skipScope,
    criteria,
    evidence,
    findings,
  });
  if (outcome.status === 'skip') {
    return skipped(outcome.reason, outcome.scope ?? 'repository', check.criteria.map((criterion) => ({ id: criterion.id, title: criterion.title, weight: criterion.weight, value: 0 })));
  }
  // Criteria that cannot apply, or that this target cannot judge, leave the weight: nothing examined earns nothing.
  const declared = (entry: { criterion: string }) => check.criteria.some((criterion) => criterion.id === entry.criterion);
  const unsupported = firstPerCriterion((outcome.unsupported ?? []).filter(declared));
  const notApplicable = firstPerCriterion((outcome.notApplicable ?? []).filter(declared)).filter((entry) => !unsupported.some((other) => other.criterion === entry.criterion));
  const excluded = new Map<string, 'not-applicable' | 'unsupported'>([
    ...notApplicable.map((entry) => [entry.criterion, 'not-applicable'] as const),
    ...unsupported.map((entry) => [entry.criterion, 'unsupported'] as const),
  ]);
  const criteria = check.criteria.map((criterion) => {
    const why = excluded.get(criterion.id);
    return { id: criterion.id, title: criterion.title, weight: criterion.weight, value: why ? 0 : round2(clamp(outcome.criteria[criterion.id])), ...(why ? { excluded: why } : {}) };
  });
  const counted = criteria.filter((criterion) => !criterion.excluded);
  if (counted.length === 0) {
    // Every criterion left the weight: the check as a whole does not count, exactly like a skip.
    const reasons = [...unsupported, ...notApplicable].map((entry) => `${entry.criterion}: ${entry.reason}`);
    return {
      ...skipped(`Nothing to judge (${reasons.join('; ')}).`, notApplicable.length === 0 ? 'target' : 'repository', criteria),
      ...(unsupported.length ? { unsupported } : {}),
      ...(notApplicable.length ? { notApplicable } : {}),
    };
  }
  const score = checkScore(counted, Object.fromEntries(counted.map((c) => [c.id, c.value])));
  return {
    id: check.id,
    title: check.title,
    status: statusFor(score, passScore),
    score,
    weight,
    required,
    passScore,
    summary: outcome.summary ?? (evidence.length === 0 ? 'Nothing found.' : `${evidence.length} artifact(s) judged.`),
    criteria,
    evidence,
    findings,
    ...(unsupported.length ? { unsupported } : {}),
    ...(notApplicable.length ? { notApplicable } : {}),
  };
}

/** One entry per criterion (the first reason given), so a criterion is never listed twice in the coverage. */
function firstPerCriterion(entries: ReadonlyArray<{ criterion: string; reason: string }>): Array<{ criterion: string; reason: string }> {
  const byCriterion = new Map<string, { criterion: string; reason: string }>();
  for (const { criterion, reason } of entries) if (!byCriterion.has(criterion)) byCriterion.set(criterion, { criterion, reason });
  return [...byCriterion.values()];
}

/**
 * Attaches the buyer's waivers to the checks they name. An expired waiver adds an error finding (and the
 * gate fails on it); a waiver that matches no check or criterion becomes a note, so a typo is visible.
 */
function applyWaivers(checks: CheckResult[], policy: EffectivePolicy, now: Date): string[] {
  const notes: string[] = [];
  const today = now.toISOString().slice(0, 10);
  for (const waiver of policy.waivers) {
    const check = checks.find((candidate) => candidate.id === waiver.check);
    const label = `${waiver.check}${waiver.criterion ? `/${waiver.criterion}` : ''}`;
    if (!check || (waiver.criterion && !check.criteria.some((criterion) => criterion.id === waiver.criterion))) {
      notes.push(`waiver for ${label} matches no ${check ? 'criterion of that check' : 'check'}: it has no effect (typo?)`);
      continue;
    }
    const expired = waiver.expires < today;
    (check.waivers ??= []).push({ ...(waiver.criterion ? { criterion: waiver.criterion } : {}), reason: waiver.reason, approvedBy: waiver.approvedBy, expires: waiver.expires, expired });
    if (expired) {
      check.findings.push({
        id: 'waiver-expired',
        severity: 'error',
        message: `The waiver for ${label} ("${waiver.reason}", approved by ${waiver.approvedBy}) expired on ${waiver.expires}.`,
        remediation: 'Close the gap, or renew the waiver in the buyer policy with a new expiry date and approver.',
        ...(waiver.criterion ? { criterion: waiver.criterion } : {}),
      });
    }
  }
  return notes;
}

function coverageOf(checks: readonly CheckResult[]): Report['coverage'] {
  const skipped = checks.filter((check) => check.status === 'skip');
  const judged = checks.filter((check) => check.status !== 'skip' && check.weight > 0);
  return {
    judged: judged.map((check) => check.id),
    notApplicable: [
      ...skipped.filter((check) => check.skipScope !== 'target').map((check) => ({ id: check.id, reason: check.summary })),
      ...judged.flatMap((check) => (check.notApplicable ?? []).map((entry) => ({ id: check.id, criterion: entry.criterion, reason: entry.reason }))),
    ],
    unsupported: [
      ...skipped.filter((check) => check.skipScope === 'target').map((check) => ({ id: check.id, reason: check.summary })),
      ...judged.flatMap((check) => (check.unsupported ?? []).map((entry) => ({ id: check.id, criterion: entry.criterion, reason: entry.reason }))),
    ],
    weights: Object.fromEntries(judged.map((check) => [check.id, check.weight])),
  };
}

function cap<T>(items: readonly T[], max: number, more: (n: number) => T): T[] {
  if (items.length <= max) return [...items];
  return [...items.slice(0, max), more(items.length - max)];
}

function clamp(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The profiles as the report states them: what was judged, on whose word, and what the scan saw. */
function reportProfiles(profiles: DeliveryProfiles): Report['profiles'] {
  return {
    judged: [...profiles.judged],
    source: profiles.source,
    detected: [...profiles.detected],
    evidence: profiles.sightings.map((sighting) => ({ ...sighting })),
    declared: profiles.declared ? { profiles: [...profiles.declared.profiles], path: profiles.declared.path } : null,
  };
}
