// `issue: true`: the Action keeps one tracking issue per engagement in the workflow's repository, for
// scheduled audits where no pull request is there to comment on. A problem with the issue (most often a
// token without `issues: write`) is reported as a warning; it never changes the gate verdict.
import * as core from '@actions/core';
import { createGitHubClient } from '../github/comment.js';
import { syncTrackingIssue } from '../github/tracking-issue.js';
import { auditStateOf, compareAudits, decodeAuditState } from '../report/audit-state.js';
import type { Report } from '../report/report.js';
import { renderClosingComment, renderReopeningComment, renderTrackingIssue, trackingIssueMarker } from '../reporters/tracking-issue.js';
import { maskCredentialsIn } from '../secrets/mask-text.js';
import { runUrlFrom } from './event.js';
import type { ActionInputs } from './inputs.js';

/** The title when `issue-title` is not set. It is also the engagement's key: a matrix needs one title per engagement. */
export function defaultIssueTitle(inputs: Pick<ActionInputs, 'path' | 'milestone'>): string {
  return `ml-handover audit: ${inputs.path}${inputs.milestone ? ` (${inputs.milestone})` : ''}`;
}

export async function updateTrackingIssue(inputs: ActionInputs, report: Report, env: NodeJS.ProcessEnv): Promise<void> {
  const repository = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(env.GITHUB_REPOSITORY ?? '');
  if (!repository) {
    core.warning('GITHUB_REPOSITORY is not set: the tracking issue was skipped.');
    return;
  }
  if (!inputs.githubToken) {
    core.warning('No github-token: the tracking issue was skipped.');
    return;
  }
  const title = inputs.issueTitle ?? defaultIssueTitle(inputs);
  const runUrl = runUrlFrom(env);
  const changeSince = (previousBody: string | null) => {
    const previous = decodeAuditState(previousBody);
    return { previous, change: previous ? compareAudits(previous, report) : null };
  };
  try {
    const client = createGitHubClient(inputs.githubToken, env.GITHUB_API_URL || 'https://api.github.com');
    const result = await syncTrackingIssue(
      client,
      { owner: repository[1], repo: repository[2] },
      {
        marker: trackingIssueMarker(title),
        title,
        passed: report.passed,
        render: {
          body: (previousBody) => {
            const { previous, change } = changeSince(previousBody);
            return renderTrackingIssue(report, { key: title, state: auditStateOf(report), change, previousUnreadable: previousBody !== null && !previous, runUrl });
          },
          closing: (previousBody) => renderClosingComment(report, changeSince(previousBody).change, runUrl),
          reopening: (previousBody) => renderReopeningComment(report, changeSince(previousBody).change, runUrl),
        },
      },
    );
    if (result.action === 'none') core.info('Gate passed and no tracking issue is open: nothing to track.');
    else core.info(`Tracking issue #${result.number} ${result.action}${result.url ? `: ${result.url}` : ''}.`);
  } catch (error) {
    const status = (error as { status?: number }).status;
    core.warning(`Could not update the tracking issue${status ? ` (HTTP ${status})` : ''}: ${maskCredentialsIn((error as Error).message)}.${permissionHint(status)}`);
  }
}

function permissionHint(status: number | undefined): string {
  if (status === 403 || status === 404) return ' The token needs `issues: write` on this repository: add `permissions: { issues: write }` to the job (a token from a fork or a read-only token cannot write issues).';
  if (status === 410) return ' Issues are disabled in this repository: enable them in Settings → General → Features, or set `issue: false`.';
  return '';
}
