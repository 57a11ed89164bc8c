// The command line: a thin shell over scan(). Exit codes: 0 gate passed, 1 gate failed,
// 2 usage, policy or target error (one line on stderr saying why).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CHECKS } from '../checks/index.js';
import { registerAuditCommand } from './cli/audit-command.js';
import { registerDiffCommand } from './cli/diff-command.js';
import { registerInitCommand } from './cli/init-command.js';
import { explainCheck, explainProfiles, listChecks, PROFILES_TOPIC } from './cli/explain.js';
import { scanProgress } from './cli/scan-progress.js';
import { SCHEMAS } from './cli/schemas.js';
import { EngagementListError } from './audit/engagements.js';
import type { ProgressStream } from './audit/progress.js';
import { DiffInputError } from './diff/load.js';
import { parseDuration } from './policy/duration.js';
import { loadPolicyFile, PolicyError } from './policy/load-policy.js';
import { MILESTONE_IDS, MILESTONES, type MilestoneId } from './policy/milestones.js';
import { checksForPolicy, resolvePolicy } from './policy/resolve-policy.js';
import { parseProfileList, SYSTEM_PROFILES, type SystemProfile } from './profiles/system-profile.js';
import { FORMATS, REPORTERS } from './reporters/index.js';
import { pathPrefixProblem } from './reporters/path-prefix.js';
import { shouldColor } from './reporters/text.js';
import { scan } from './scan.js';
import { maskCredentialsIn } from './secrets/mask-text.js';
import { openTarget, TargetError } from './targets.js';
import { applyBaseline } from './report/baseline.js';
import { BaselineError, loadBaselineReport } from './report/load-baseline.js';
import { TOOL_VERSION } from './version.js';

export class UsageError extends Error {}

export function buildProgram(io: { stdout: (s: string) => void; stderr: (s: string) => void; setExitCode: (code: number) => void; /** Where the scan's progress line goes (default: stderr, shown only on a terminal). */ progress?: ProgressStream }): Command {
  const program = new Command();
  program
    .name('ml-handover')
    .description('Tells the buyer of outsourced ML work whether a vendor-delivered repository can be handed over:\nit judges the content of the handover artifacts and gates transfer milestones.')
    .version(TOOL_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  program
    .command('scan')
    .description('Scan a repository and print its handover readiness; exits 0 when the gate passes, 1 when it fails.')
    .argument('[target]', 'folder, git URL (https, ssh, git, file) or github:owner/repo[@ref] to scan', '.')
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-p, --policy <file>', "the buyer's policy (YAML or JSON; see `ml-handover schema policy`)")
    .addOption(new Option('-m, --milestone <milestone>', 'gate a transfer milestone (sets required checks and minimum score)').choices(MILESTONE_IDS))
    .option('--min-score <score>', 'minimum overall score 0-100 (overrides policy and milestone)', parseScore)
    .option('--profile <profiles>', `what kind of system was delivered, comma-separated: ${SYSTEM_PROFILES.join(', ')} (overrides the policy and what the scan detects)`, parseProfiles)
    .option('--ref <ref>', 'scan a git tag, branch or commit from git objects, without checking it out')
    .option('--read-cap <bytes>', 'largest file a check may read (default 1048576)', parseBytes)
    .option('--deadline <duration>', "wall-clock budget for the scan, e.g. 90s, 10m, 500ms (default 10m; outranks the policy's deadline)", parseDeadline)
    .option('--token <token>', 'GitHub token for github: targets (default: GITHUB_TOKEN)')
    .option('--api-url <url>', 'GitHub REST API URL, for GitHub Enterprise (default: GITHUB_API_URL or https://api.github.com)')
    .option('--baseline <file>', 'an earlier JSON report (--format json): mark findings new, unchanged or fixed since then')
    .option('--sarif-path-prefix <dir>', 'with --format sarif: the scanned folder relative to the repository root, put before every result path so code scanning finds the files', parsePathPrefix)
    .option('--no-color', 'plain text output (also: NO_COLOR=1, FORCE_COLOR=0, TERM=dumb; FORCE_COLOR=1 colours even a pipe)')
    .addHelpText(
      'after',
      `
Examples:
  $ ml-handover scan ./vendor-repo
  $ ml-handover scan ./vendor-repo --format json > report.json
  $ ml-handover scan . --format markdown --output report.md
  $ ml-handover scan . --policy buyer-policy.yml --milestone handover --min-score 80
  $ ml-handover scan ./vendor-repo --ref v1.0 --milestone pilot
  $ ml-handover scan ./vendor-repo --profile llm-application,data-pipeline
  $ ml-handover scan https://git.example.com/ferrous/kestrel-churn.git --ref v1.2
  $ ml-handover scan github:ferrous-labs/kestrel-churn@v1.2 --format html --output report.html
  $ ml-handover scan . --format badge --output badge.json
  $ ml-handover scan ./vendor-repo --baseline last-week.json --format markdown

Milestones: ${MILESTONE_IDS.map((id) => `${id} (min ${MILESTONES[id].minScore})`).join(', ')}.
A .ml-handover.yml inside the scanned repository may only add artifact locations; the gate is the buyer's.`,
    )
    .action(async (target: string, options: ScanCommandOptions) => {
      io.setExitCode(await runScan(target, options, { ...io, progress: io.progress ?? process.stderr }));
    });

  program
    .command('checks')
    .description('List every check: id, title, why it matters.')
    .option('--json', 'machine-readable list')
    .action((options: { json?: boolean }) => {
      io.stdout(listChecks(CHECKS, Boolean(options.json)));
    });

  program
    .command('explain')
    .description('Explain one check: what it judges, criteria and weights, findings and how to fix them; or `profiles`: the system profiles and what each changes.')
    .argument('<check>', 'check id (see `ml-handover checks`), or `profiles`')
    .action((id: string) => {
      const text = id === PROFILES_TOPIC ? explainProfiles(CHECKS) : explainCheck(CHECKS, id);
      if (text === null) throw new UsageError(`unknown check "${id}"; known: ${CHECKS.map((check) => check.id).join(', ')}; or ${PROFILES_TOPIC} for the system profiles`);
      io.stdout(text);
    });

  program
    .command('schema')
    .description('Print a JSON Schema, for editors and pipelines.')
    .argument('<name>', `one of: ${Object.keys(SCHEMAS).join(', ')}`)
    .action((name: string) => {
      const schema = SCHEMAS[name];
      if (!schema) throw new UsageError(`unknown schema "${name}"; known: ${Object.keys(SCHEMAS).join(', ')}`);
      io.stdout(JSON.stringify(schema, null, 2) + '\n');
    });

  registerAuditCommand(program, { ...io, progress: process.stderr }, { score: parseScore, bytes: parseBytes });
  registerDiffCommand(program, io);
  registerInitCommand(program, io);

  return program;
}

interface ScanCommandOptions {
  format: string;
  output?: string;
  policy?: string;
  milestone?: MilestoneId;
  minScore?: number;
  profile?: SystemProfile[];
  ref?: string;
  readCap?: number;
  /** ms */
  deadline?: number;
  token?: string;
  apiUrl?: string;
  baseline?: string;
  sarifPathPrefix?: string;
  color: boolean;
}

async function runScan(target: string, options: ScanCommandOptions, io: { stdout: (s: string) => void; stderr: (s: string) => void; progress: ProgressStream }): Promise<number> {
  if (options.sarifPathPrefix !== undefined && options.format !== 'sarif') throw new UsageError('--sarif-path-prefix applies to --format sarif only');
  const knownChecks = new Set(CHECKS.map((check) => check.id));
  const loaded = options.policy ? loadPolicyFile(options.policy, knownChecks) : undefined;
  const checks = checksForPolicy(CHECKS, loaded?.policy);
  const policy = resolvePolicy(
    {
      policy: loaded?.policy,
      policySource: loaded?.file,
      policyDigest: loaded?.digest,
      milestone: options.milestone,
      minScore: options.minScore,
      deadlineMs: options.deadline,
      profiles: options.profile,
    },
    checks.map((check) => check.id),
  );
  // Read before the scan: a bad baseline is a usage error, found before the slow part.
  const baseline = options.baseline ? loadBaselineReport(options.baseline) : undefined;
  const progress = scanProgress(io.progress);
  progress.listing();
  let opened;
  try {
    opened = await openTarget(target, { ref: options.ref, readCap: options.readCap ?? policy.readCap, token: options.token, apiUrl: options.apiUrl });
  } catch (error) {
    progress.finish(); // the error message gets a clean line
    throw error;
  }
  try {
    progress.listed(opened.snapshot.fileCount);
    const scanned = await scan(opened.snapshot, { checks, policy, onCheckDone: (result, done, total) => progress.checkDone(result.id, done, total) }).finally(() => progress.finish());
    const report = baseline ? applyBaseline(scanned, baseline) : scanned;
    const toFile = Boolean(options.output);
    const color = options.format === 'text' && !toFile && options.color && shouldColor(process.stdout);
    const rendered = REPORTERS[options.format](report, { color, sarifPathPrefix: options.sarifPathPrefix });
    if (options.output) {
      mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
      writeFileSync(options.output, rendered);
      io.stderr(`ml-handover: ${options.format} report written to ${options.output} (score ${report.score}/100, gate ${report.passed ? 'passed' : 'failed'})\n`);
    } else {
      io.stdout(rendered);
    }
    return report.passed ? 0 : 1;
  } finally {
    await opened.close();
  }
}

function parseScore(value: string): number {
  const score = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || score < 0 || score > 100) throw new InvalidArgumentError('expected a number from 0 to 100');
  return score;
}

function parseProfiles(value: string): SystemProfile[] {
  const parsed = parseProfileList(value);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.error);
  return parsed.profiles;
}

function parseBytes(value: string): number {
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes < 1024) throw new InvalidArgumentError('expected a whole number of bytes, at least 1024');
  return bytes;
}

function parseDeadline(value: string): number {
  const parsed = parseDuration(value);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.error);
  return parsed.ms;
}

function parsePathPrefix(value: string): string {
  const problem = pathPrefixProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

/** Runs the CLI and returns the exit code; never calls process.exit itself (testable, flushes output). */
export async function main(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void; progress?: ProgressStream } = defaultIo()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram({ ...io, setExitCode: (code) => (exitCode = code) });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with code 0 through the same path.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof PolicyError || error instanceof TargetError || error instanceof UsageError || error instanceof EngagementListError || error instanceof DiffInputError || error instanceof BaselineError) {
      // Messages may quote a file or git's stderr (a URL with a token): masked like the report.
      io.stderr(`ml-handover: ${maskCredentialsIn(error.message)}\n`);
      return 2;
    }
    io.stderr(`ml-handover: internal error: ${maskCredentialsIn((error as Error)?.stack ?? String(error))}\n`);
    return 2;
  }
}

function defaultIo() {
  return {
    stdout: (s: string) => void process.stdout.write(s),
    stderr: (s: string) => void process.stderr.write(s),
  };
}
