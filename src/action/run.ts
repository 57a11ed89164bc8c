// The GitHub Action: a thin shell over scan(), like the CLI. Inputs -> buyer's policy -> scan -> report
// file, SARIF, outputs, job summary, annotations, sticky PR comment -> gate verdict (exit status).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { CHECKS } from '../../checks/index.js';
import { createGitHubClient, upsertStickyComment } from '../github/comment.js';
import { digestOf, loadPolicyFile, parsePolicyText, PolicyError } from '../policy/load-policy.js';
import type { BuyerPolicy } from '../policy/policy.js';
import { resolvePolicy } from '../policy/resolve-policy.js';
import { maskReport } from '../report/mask-report.js';
import type { Report } from '../report/report.js';
import { renderJson } from '../reporters/json.js';
import { renderJobSummary } from '../reporters/markdown.js';
import { commentMarker, markerKey, previousScoreFrom, renderPrComment } from '../reporters/pr-comment.js';
import { renderSarif } from '../reporters/sarif.js';
import { renderText } from '../reporters/text.js';
import { scan } from '../scan.js';
import { maskCredentialsIn } from '../secrets/mask-text.js';
import { openTarget, TargetError } from '../targets.js';
import { annotationCommands } from './annotations.js';
import { pullRequestFrom, runUrlFrom } from './event.js';
import { InputError, inputReader, readInputs, type ActionInputs } from './inputs.js';
import { updateTrackingIssue } from './tracking.js';

/** GitHub accepts at most 1 MiB of summary per step. */
const MAX_SUMMARY_BYTES = 1024 * 1024 - 1024;

export interface ActionIo {
  env: NodeJS.ProcessEnv;
  /** Where the workflow runs (GITHUB_WORKSPACE); relative inputs resolve against it. */
  cwd: string;
  write: (text: string) => void;
}

export async function runAction(io: ActionIo = { env: process.env, cwd: process.cwd(), write: (text) => void process.stdout.write(text) }): Promise<void> {
  try {
    const inputs = readInputs(inputReader(io.env));
    if (inputs.githubToken) core.setSecret(inputs.githubToken);
    const report = await scanWithInputs(inputs, io.cwd);
    const pathPrefix = repositoryPrefix(inputs.path, io.env.GITHUB_WORKSPACE || io.cwd, io.cwd);

    writeArtifacts(inputs, report, pathPrefix, io.cwd);
    setOutputs(inputs, report);
    writeJobSummary(report, io.env.GITHUB_STEP_SUMMARY);
    logReport(report, io.write);
    for (const line of annotationCommands(report, { pathPrefix })) io.write(line + '\n');
    if (inputs.comment) await commentOnPullRequest(inputs, report, io.env);
    if (inputs.issue) await updateTrackingIssue(inputs, report, io.env);

    if (!report.passed) {
      const verdict = `ml-handover gate failed (score ${report.score}/100): ${report.gate.reasons.join('; ')}`;
      if (inputs.failOn === 'gate') core.setFailed(verdict);
      else core.warning(`${verdict}. Not failing the step because fail-on is "never".`);
    } else {
      core.info(`ml-handover gate passed (score ${report.score}/100, grade ${report.grade}).`);
    }
  } catch (error) {
    // Errors may quote git's stderr or a file (a URL with a token): masked like the report.
    if (error instanceof InputError || error instanceof PolicyError || error instanceof TargetError) core.setFailed(`ml-handover: ${maskCredentialsIn(error.message)}`);
    else core.setFailed(`ml-handover: internal error: ${maskCredentialsIn((error as Error)?.stack ?? String(error))}`);
  }
}

async function scanWithInputs(inputs: ActionInputs, cwd: string): Promise<Report> {
  const knownChecks = new Set(CHECKS.map((check) => check.id));
  // The policy is the buyer's: it comes only from the workflow (a path in the buyer's checkout, or
  // inline). A config inside the scanned repository may add artifact locations, nothing else (scan()).
  let policy: BuyerPolicy | undefined;
  let policySource: string | undefined;
  let policyDigest: string | undefined;
  if (inputs.policy?.kind === 'inline') {
    policy = parsePolicyText(inputs.policy.text, '<policy input>', knownChecks);
    policySource = 'inline';
    policyDigest = digestOf(inputs.policy.text);
  } else if (inputs.policy?.kind === 'file') {
    const loaded = loadPolicyFile(path.resolve(cwd, inputs.policy.file), knownChecks);
    policy = loaded.policy;
    policySource = inputs.policy.file;
    policyDigest = loaded.digest;
  }
  const effective = resolvePolicy(
    { policy, policySource, policyDigest, milestone: inputs.milestone, minScore: inputs.minScore, profiles: inputs.profiles },
    CHECKS.map((check) => check.id),
  );
  const opened = await openTarget(path.resolve(cwd, inputs.path), { readCap: effective.readCap });
  try {
    const report = await scan(opened.snapshot, { checks: CHECKS, policy: effective });
    // Report the target as the workflow named it, not as an absolute runner path (masked like the rest).
    return maskReport({ ...report, target: { ...report.target, path: inputs.path } });
  } finally {
    await opened.close();
  }
}

/** The scanned folder relative to the repository root, or '' when it is the root or lies outside it. */
export function repositoryPrefix(target: string, workspace: string, cwd: string): string {
  const relative = path.relative(path.resolve(workspace), path.resolve(cwd, target));
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return '';
  return relative.split(path.sep).join('/');
}

function writeArtifacts(inputs: ActionInputs, report: Report, pathPrefix: string, cwd: string): void {
  if (inputs.reportFile) writeFile(path.resolve(cwd, inputs.reportFile), renderJson(report));
  if (inputs.sarifFile) writeFile(path.resolve(cwd, inputs.sarifFile), renderSarif(report, { uriPrefix: pathPrefix }));
}

function writeFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function setOutputs(inputs: ActionInputs, report: Report): void {
  core.setOutput('score', String(report.score));
  core.setOutput('grade', report.grade);
  core.setOutput('passed', String(report.passed));
  core.setOutput('failed-checks', failedChecks(report).join(','));
  core.setOutput('report-file', inputs.reportFile ?? '');
  core.setOutput('sarif-file', inputs.sarifFile ?? '');
}

/** Checks that failed, and required checks that did not pass: what a gate-failure message names. */
export function failedChecks(report: Report): string[] {
  return report.checks.filter((check) => check.status === 'fail' || report.gate.failedRequired.includes(check.id)).map((check) => check.id);
}

function writeJobSummary(report: Report, file: string | undefined): void {
  if (!file) {
    core.info('GITHUB_STEP_SUMMARY is not set; no job summary written.');
    return;
  }
  // Verdict and top findings on screen, every check's details folded below (renderJobSummary).
  let markdown = renderJobSummary(report);
  if (Buffer.byteLength(markdown) > MAX_SUMMARY_BYTES) markdown = renderJobSummary(report, { maxEvidence: 0 });
  if (Buffer.byteLength(markdown) > MAX_SUMMARY_BYTES) {
    const note = '\n\n… summary truncated at GitHub\'s 1 MiB limit; the report file has everything.\n';
    markdown = Buffer.from(markdown).subarray(0, MAX_SUMMARY_BYTES - note.length).toString('utf8').replace(/\uFFFD+$/, '') + note;
  }
  appendFileSync(file, markdown + '\n');
}

/**
 * The plain-text report in the log. Commands are stopped around it: even terminal-safe repo text
 * must not be read by the runner as a workflow command.
 */
function logReport(report: Report, write: (text: string) => void): void {
  const token = randomUUID();
  write(`::stop-commands::${token}\n`);
  write(renderText(report, { color: false }));
  write(`::${token}::\n`);
}

async function commentOnPullRequest(inputs: ActionInputs, report: Report, env: NodeJS.ProcessEnv): Promise<void> {
  const pullRequest = pullRequestFrom(env);
  if (!pullRequest) return; // only pull_request / pull_request_target events get a comment
  if (!inputs.githubToken) {
    core.warning('No github-token: the pull-request comment was skipped.');
    return;
  }
  const key = markerKey(inputs.path + (inputs.milestone ? `#${inputs.milestone}` : ''));
  try {
    const client = createGitHubClient(inputs.githubToken, env.GITHUB_API_URL || 'https://api.github.com');
    const result = await upsertStickyComment(client, pullRequest, commentMarker(key), (previousBody) =>
      renderPrComment(report, { previousScore: previousScoreFrom(previousBody), key, detailsUrl: runUrlFrom(env) }),
    );
    core.info(`Pull-request comment ${result.action}${result.url ? `: ${result.url}` : ` (id ${result.id})`}.`);
  } catch (error) {
    // The gate verdict matters more than the comment: report the problem, keep going.
    const status = (error as { status?: number }).status;
    const hint = status === 403 || status === 404 ? ' The token needs `pull-requests: write` (workflows on pull requests from forks get a read-only token).' : '';
    core.warning(`Could not post the pull-request comment${status ? ` (HTTP ${status})` : ''}: ${maskCredentialsIn((error as Error).message)}.${hint}`);
  }
}
