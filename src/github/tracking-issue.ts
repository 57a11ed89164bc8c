// The audit tracking issue on GitHub: one issue per engagement, found again by the hidden marker on the
// first line of its body, created on the first failing audit, rewritten in place on every audit, closed
// with a comment when the gate passes and reopened with a comment when it fails again.
import type { Octokit } from '@octokit/rest';
import { authenticatedLogin } from './comment.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface TrackingIssue {
  number: number;
  state: 'open' | 'closed';
  body: string;
  html_url?: string;
}

export type TrackingAction = 'none' | 'created' | 'updated' | 'closed' | 'reopened';

export interface TrackingResult {
  action: TrackingAction;
  number?: number;
  url?: string;
}

export interface TrackingRender {
  /** The new body, given the issue's previous body (null when there is no issue yet). */
  body: (previousBody: string | null) => string;
  /** The comment posted before closing the issue. */
  closing: (previousBody: string | null) => string;
  /** The comment posted after reopening it. */
  reopening: (previousBody: string | null) => string;
}

interface ListedIssue {
  number: number;
  state?: string;
  body?: string | null;
  html_url?: string;
  pull_request?: unknown;
  user?: { login?: string; type?: string } | null;
}

/**
 * Brings the engagement's issue in line with this audit. Nothing is created for a passing audit: the
 * issue exists only once a gap has been found.
 */
export async function syncTrackingIssue(octokit: Octokit, repo: RepoRef, options: { marker: string; title: string; passed: boolean; render: TrackingRender }): Promise<TrackingResult> {
  const existing = await findTrackingIssue(octokit, repo, options.marker);
  if (!existing) {
    if (options.passed) return { action: 'none' };
    const { data } = await octokit.rest.issues.create({ ...repo, title: options.title, body: options.render.body(null) });
    return { action: 'created', number: data.number, url: data.html_url };
  }
  const previous = existing.body;
  const body = options.render.body(previous);
  const target = { ...repo, issue_number: existing.number };
  if (existing.state === 'open' && options.passed) {
    await octokit.rest.issues.createComment({ ...target, body: options.render.closing(previous) });
    await octokit.rest.issues.update({ ...target, body, state: 'closed', state_reason: 'completed' });
    return { action: 'closed', number: existing.number, url: existing.html_url };
  }
  if (existing.state === 'closed' && !options.passed) {
    await octokit.rest.issues.update({ ...target, body, state: 'open' });
    await octokit.rest.issues.createComment({ ...target, body: options.render.reopening(previous) });
    return { action: 'reopened', number: existing.number, url: existing.html_url };
  }
  // Open and failing, or closed and passing: the description follows the latest audit, the state stays.
  await octokit.rest.issues.update({ ...target, body });
  return { action: 'updated', number: existing.number, url: existing.html_url };
}

/**
 * The oldest issue, open or closed, whose body starts with the marker and that we wrote. Issues are
 * listed oldest first, page by page, and the listing stops at the first one a bot wrote. (The search API
 * would be one request, but its index lags: a second run minutes later could miss the issue and open a
 * duplicate.) Anyone can open an issue with the marker in it; trusting it would let them plant a fake
 * "last audit", or have us rewrite their issue. "Us" is the rule of the sticky PR comment (comment.ts).
 */
export async function findTrackingIssue(octokit: Octokit, repo: RepoRef, marker: string): Promise<TrackingIssue | null> {
  const byOthers: ListedIssue[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, { ...repo, state: 'all', sort: 'created', direction: 'asc', per_page: 100 });
  for await (const page of pages) {
    for (const issue of page.data as ListedIssue[]) {
      if (issue.pull_request || typeof issue.body !== 'string' || !startsWithMarker(issue.body, marker)) continue;
      if (issue.user?.type === 'Bot') return toTrackingIssue(issue);
      byOthers.push(issue);
    }
  }
  if (byOthers.length === 0) return null;
  const self = await authenticatedLogin(octokit);
  const mine = self ? byOthers.find((issue) => issue.user?.login === self) : undefined;
  return mine ? toTrackingIssue(mine) : null;
}

function startsWithMarker(body: string, marker: string): boolean {
  return body.startsWith(marker + '\n') || body.startsWith(marker + '\r\n') || body === marker;
}

function toTrackingIssue(issue: ListedIssue): TrackingIssue {
  return { number: issue.number, state: issue.state === 'closed' ? 'closed' : 'open', body: issue.body ?? '', ...(issue.html_url ? { html_url: issue.html_url } : {}) };
}
