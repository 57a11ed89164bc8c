// `ml-handover audit`: scan every engagement of a list (or of a GitHub organisation), write the dated
// record into the history folder, and print the summary (or the record as JSON, or the HTML page).
// Exit 0 when every engagement was scanned and passed its gate, 1 otherwise, 2 for usage errors.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CHECKS } from '../../checks/index.js';
import { ApiBudget, DEFAULT_MAX_PAUSE_MS, REQUESTS_PER_SCAN } from '../audit/api-budget.js';
import { EngagementListError, loadEngagementList } from '../audit/engagements.js';
import { DEFAULT_HISTORY_DIR, readAuditHistory, writeAuditRecord } from '../audit/history.js';
import { listOrgEngagements } from '../audit/org.js';
import { progressDisplay, type ProgressStream } from '../audit/progress.js';
import type { AuditRecord, Engagement } from '../audit/record.js';
import { runAudit } from '../audit/run-audit.js';
import { renderAuditText } from '../audit/summary.js';
import { MILESTONE_IDS, type MilestoneId } from '../policy/milestones.js';
import { renderAuditHtml } from '../reporters/html.js';
import { createGitHubClient, GitHubApiError } from '../snapshot/github-api.js';

export const AUDIT_FORMATS = ['text', 'json', 'html'] as const;

interface AuditCommandOptions {
  org?: string;
  topic?: string;
  format: (typeof AUDIT_FORMATS)[number];
  output?: string;
  history: string;
  record: boolean;
  policy?: string;
  milestone?: MilestoneId;
  minScore?: number;
  concurrency: number;
  readCap?: number;
  token?: string;
  apiUrl?: string;
  maxPause: number;
}

export interface AuditIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  setExitCode: (code: number) => void;
  /** Where the progress line goes (a TTY shows it; anything else stays quiet). */
  progress?: ProgressStream;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

export function registerAuditCommand(program: Command, io: AuditIo, parse: { score: (v: string) => number; bytes: (v: string) => number }): void {
  program
    .command('audit')
    .description('Audit every engagement of a list (or a GitHub organisation): one dated record per run, change since the last audit, regressions by risk; exits 0 when every engagement passes its gate.')
    .argument('[engagements]', 'engagement list, YAML or JSON (see `ml-handover schema engagements`)')
    .option('--org <org>', 'audit every repository of a GitHub organisation instead (through the API)')
    .option('--topic <topic>', 'with --org: only repositories with this topic')
    .addOption(new Option('-f, --format <format>', 'summary format').choices([...AUDIT_FORMATS]).default('text'))
    .option('-o, --output <file>', 'write the summary to a file instead of stdout')
    .option('--history <dir>', 'folder of dated audit records', DEFAULT_HISTORY_DIR)
    .option('--no-record', 'compare with the history but do not add this audit to it')
    .option('-p, --policy <file>', 'policy for engagements that do not name their own')
    .addOption(new Option('-m, --milestone <milestone>', 'milestone for engagements that do not name their own').choices(MILESTONE_IDS))
    .option('--min-score <score>', 'minimum overall score 0-100 for every engagement', parse.score)
    .option('--concurrency <n>', 'repositories scanned at once (1-32)', parseConcurrency, 4)
    .option('--read-cap <bytes>', 'largest file a check may read (default 1048576)', parse.bytes)
    .option('--token <token>', 'GitHub token for github: targets and --org (default: GITHUB_TOKEN)')
    .option('--api-url <url>', 'GitHub REST API URL, for GitHub Enterprise (default: GITHUB_API_URL or https://api.github.com)')
    .option('--max-pause <seconds>', 'longest wait for the GitHub rate limit to reset when headroom runs low; beyond it, the engagements left are reported as not scanned', parseSeconds, DEFAULT_MAX_PAUSE_MS / 1000)
    .addHelpText(
      'after',
      `
Examples:
  $ ml-handover audit engagements.yml
  $ ml-handover audit engagements.yml --format html --output audit.html
  $ ml-handover audit --org ferrous-labs --topic kestrel --milestone pilot
  $ ml-handover diff .ml-handover/audits/audit-2026-01-05T09-00-00Z.json .ml-handover/audits/audit-2026-02-02T09-00-00Z.json

engagements.yml:
  defaults: { policy: buyer-policy.yml, milestone: pilot }
  engagements:
    - name: kestrel-churn
      target: https://git.example.com/ferrous/kestrel-churn.git
      ref: v1.2
      owner: dana@kestrel.example
    - name: kestrel-forecast
      target: github:ferrous-labs/kestrel-forecast

A target that cannot be scanned is reported in the summary and never stops the others.`,
    )
    .action(async (file: string | undefined, options: AuditCommandOptions) => {
      io.setExitCode(await runAuditCommand(file, options, io));
    });
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 24 * 3600) throw new InvalidArgumentError('expected seconds from 0 to 86400');
  return n;
}

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 32) throw new InvalidArgumentError('expected a whole number from 1 to 32');
  return n;
}

async function runAuditCommand(file: string | undefined, options: AuditCommandOptions, io: AuditIo): Promise<number> {
  const env = io.env ?? process.env;
  if (Boolean(file) === Boolean(options.org)) throw new EngagementListError('give an engagement list or --org ORG (one of them)', file ?? 'audit');
  if (options.topic && !options.org) throw new EngagementListError('--topic only applies with --org', 'audit');
  const token = options.token ?? (env.GITHUB_TOKEN || undefined);
  const apiUrl = options.apiUrl ?? (env.GITHUB_API_URL || undefined);
  const budget = new ApiBudget({
    maxPauseMs: options.maxPause * 1000,
    onPause: ({ remaining, resumeAt }) => io.stderr(`ml-handover: ${remaining} GitHub API requests left; pausing until the limit resets at ${resumeAt.toISOString()}\n`),
  });

  let engagements: Engagement[];
  let source: string;
  if (file) {
    engagements = loadEngagementList(file);
    source = file;
  } else {
    const org = options.org!;
    try {
      const listing = await listOrgEngagements(createGitHubClient({ token, apiUrl, onResponse: (headers) => budget.observe(headers) }), org, { topic: options.topic });
      engagements = listing.engagements;
      if (listing.skipped.length) io.stderr(`ml-handover: ${listing.skipped.length} repositor${listing.skipped.length === 1 ? 'y' : 'ies'} of ${org} left out (archived or without the topic)\n`);
      if (listing.rateLimitRemaining !== undefined && listing.rateLimitRemaining < engagements.length * REQUESTS_PER_SCAN) {
        io.stderr(`ml-handover: ${listing.rateLimitRemaining} GitHub API requests left for ${engagements.length} repositories (about ${REQUESTS_PER_SCAN} each); the audit will pause for the reset or stop cleanly (set GITHUB_TOKEN for a higher limit)\n`);
      }
    } catch (error) {
      if (error instanceof GitHubApiError) throw new EngagementListError(error.message, `--org ${org}`);
      throw error;
    }
    if (engagements.length === 0) throw new EngagementListError(`no repositories to audit${options.topic ? ` with topic "${options.topic}"` : ''}`, `--org ${org}`);
    source = `github-org:${org}${options.topic ? `#${options.topic}` : ''}`;
  }

  const history = readAuditHistory(options.history);
  for (const skipped of history.skipped) io.stderr(`ml-handover: history: skipped ${skipped.file}: ${skipped.reason}\n`);
  const previous = history.records.at(-1) ?? null;
  const progress = progressDisplay(io.progress ?? { isTTY: false, write: () => true }, env);
  let record: AuditRecord;
  try {
    record = await runAudit(engagements, {
      checks: CHECKS,
      source,
      concurrency: options.concurrency,
      defaultPolicy: options.policy,
      defaultMilestone: options.milestone,
      minScore: options.minScore,
      readCap: options.readCap,
      token,
      apiUrl,
      env,
      apiBudget: budget,
      previous,
      now: io.now,
      onProgress: (update) => progress.update(update),
    });
  } finally {
    progress.finish();
  }

  const recordFile = options.record ? writeAuditRecord(options.history, record) : undefined;
  const rendered =
    options.format === 'json'
      ? JSON.stringify(record, null, 2) + '\n'
      : options.format === 'html'
        ? renderAuditHtml(record, history.records.map((stored) => stored.record))
        : renderAuditText(record, { recordFile });
  if (options.output) {
    mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
    writeFileSync(options.output, rendered);
    const s = record.summary;
    io.stderr(`ml-handover: audit ${options.format} written to ${options.output} (${s.passed}/${s.engagements} passed, ${s.errors} not scanned${recordFile ? `; record ${recordFile}` : ''})\n`);
  } else {
    io.stdout(rendered);
    if (recordFile && options.format !== 'text') io.stderr(`ml-handover: audit record written to ${recordFile}\n`);
  }
  const allPassed = record.engagements.every((entry) => entry.status === 'scanned' && entry.report?.passed);
  return allPassed ? 0 : 1;
}
