// Runs one audit: every engagement scanned with bounded concurrency, each in its own try so one failing
// target is recorded and never stops the others; then compared with the previous audit and ordered by risk.
import type { CheckDefinition } from '../check.js';
import { loadPolicyFile, type LoadedPolicy } from '../policy/load-policy.js';
import type { MilestoneId } from '../policy/milestones.js';
import { checksForPolicy, resolvePolicy } from '../policy/resolve-policy.js';
import { scan } from '../scan.js';
import { openTarget } from '../targets.js';
import { maskAuditRecord } from '../report/mask-report.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { ApiBudget } from './api-budget.js';
import { AUDIT_KIND, AUDIT_SCHEMA_VERSION, summarize, type AuditEntry, type AuditRecord, type Engagement } from './record.js';
import { byEngagementRisk, changeSince } from './risk.js';

export interface AuditProgress {
  done: number;
  total: number;
  /** Engagements being scanned right now. */
  running: readonly string[];
  /** The engagement that just finished, if any. */
  finished?: AuditEntry;
}

export interface AuditOptions {
  /** The built-in checks; each engagement's policy may add custom ones. */
  checks: readonly CheckDefinition[];
  /** Where the engagements came from (the list file, or github-org:ORG). */
  source: string;
  /** Scans at once (default 4). */
  concurrency?: number;
  /** Applied to engagements that name no policy / milestone of their own. */
  defaultPolicy?: string;
  defaultMilestone?: MilestoneId;
  /** Overrides every engagement's minimum score (like `scan --min-score`). */
  minScore?: number;
  readCap?: number;
  token?: string;
  apiUrl?: string;
  tempDir?: string;
  env?: NodeJS.ProcessEnv;
  /** The previous audit, to compute change and regressions. */
  previous?: { record: AuditRecord; file: string } | null;
  /** Watches the GitHub rate limit across the audit (the org listing included); one is made when absent. */
  apiBudget?: ApiBudget;
  now?: () => Date;
  onProgress?: (progress: AuditProgress) => void;
}

export async function runAudit(engagements: readonly Engagement[], options: AuditOptions): Promise<AuditRecord> {
  const now = options.now ?? (() => new Date());
  const generatedAt = now().toISOString();
  const concurrency = Math.max(1, Math.min(32, options.concurrency ?? 4));
  const policies = new Map<string, LoadedPolicy | Error>();
  const entries: AuditEntry[] = new Array(engagements.length);
  const running = new Set<string>();
  const budget = options.apiBudget ?? new ApiBudget();
  const github = { running: 0 };
  let next = 0;
  let done = 0;

  const worker = async () => {
    while (next < engagements.length) {
      const index = next++;
      const engagement = engagements[index];
      running.add(engagement.name);
      options.onProgress?.({ done, total: engagements.length, running: [...running] });
      entries[index] = await auditOne(engagement, options, policies, now, budget, github);
      running.delete(engagement.name);
      done++;
      options.onProgress?.({ done, total: engagements.length, running: [...running], finished: entries[index] });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, engagements.length) }, worker));

  const previous = options.previous ?? null;
  if (previous) {
    const before = new Map(previous.record.engagements.map((entry) => [entry.name, entry]));
    for (const entry of entries) {
      const change = changeSince(entry, before.get(entry.name), previous.record.generatedAt);
      if (change) entry.change = change;
    }
  }
  entries.sort(byEngagementRisk);
  // Reports are masked by scan(); error messages (git's stderr, a URL with a token) and targets are not.
  return maskAuditRecord({
    schemaVersion: AUDIT_SCHEMA_VERSION,
    kind: AUDIT_KIND,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generatedAt,
    source: options.source,
    previous: previous ? { generatedAt: previous.record.generatedAt, file: previous.file } : null,
    summary: summarize(entries, budget.usage()),
    engagements: entries,
  });
}

async function auditOne(
  engagement: Engagement,
  options: AuditOptions,
  policies: Map<string, LoadedPolicy | Error>,
  now: () => Date,
  budget: ApiBudget,
  github: { running: number },
): Promise<AuditEntry> {
  const started = Date.now();
  const milestone = (engagement.milestone ?? options.defaultMilestone ?? null) as MilestoneId | null;
  const policyFile = engagement.policy ?? options.defaultPolicy;
  const base: AuditEntry = {
    name: engagement.name,
    target: engagement.target,
    ...(engagement.ref ? { ref: engagement.ref } : {}),
    ...(engagement.owner ? { owner: engagement.owner } : {}),
    ...(policyFile ? { policy: policyFile } : {}),
    milestone,
    status: 'error',
    durationMs: 0,
  };
  const viaApi = engagement.target.startsWith('github:');
  if (viaApi) {
    // Checked before the scan starts, so low headroom pauses or stops the audit between scans, not inside one.
    const admitted = await budget.admit(github.running);
    if (!admitted.ok) return { ...base, error: admitted.reason, durationMs: Date.now() - started };
    github.running++;
  }
  try {
    const loaded = policyFile ? loadPolicyCached(policyFile, new Set(options.checks.map((check) => check.id)), policies) : undefined;
    // The buyer's policy may add declarative checks of its own.
    const checks = checksForPolicy(options.checks, loaded?.policy);
    const policy = resolvePolicy(
      { policy: loaded?.policy, policySource: loaded?.file, policyDigest: loaded?.digest, ...(milestone ? { milestone } : {}), minScore: options.minScore, profiles: engagement.profiles },
      checks.map((check) => check.id),
    );
    const opened = await openTarget(engagement.target, {
      ...(engagement.ref ? { ref: engagement.ref } : {}),
      readCap: options.readCap ?? policy.readCap,
      token: options.token,
      apiUrl: options.apiUrl,
      tempDir: options.tempDir,
      env: options.env,
      onGitHubResponse: (headers) => budget.observe(headers),
    });
    try {
      const report = await scan(opened.snapshot, { checks, policy, now });
      return { ...base, milestone: report.milestone, status: 'scanned', report, durationMs: Date.now() - started };
    } finally {
      await opened.close();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const known = error instanceof Error && ['TargetError', 'PolicyError'].includes(error.name);
    return { ...base, error: known ? message : `internal error: ${message}`, durationMs: Date.now() - started };
  } finally {
    if (viaApi) github.running--;
  }
}

function loadPolicyCached(file: string, knownChecks: ReadonlySet<string>, cache: Map<string, LoadedPolicy | Error>): LoadedPolicy {
  let loaded = cache.get(file);
  if (!loaded) {
    try {
      loaded = loadPolicyFile(file, knownChecks);
    } catch (error) {
      loaded = error as Error;
    }
    cache.set(file, loaded);
  }
  if (loaded instanceof Error) throw loaded;
  return loaded;
}
