// The sticky pull-request comment on GitHub: find our earlier comment by its hidden marker, update it in
// place, or create it the first time. One comment per pull request, never one per push.
import { Octokit } from '@octokit/rest';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export interface IssueRef {
  owner: string;
  repo: string;
  /** Pull requests are issues for the comments API. */
  issueNumber: number;
}

export interface StickyCommentResult {
  action: 'created' | 'updated';
  id: number;
  url?: string;
  /** Body of the comment before this run (null when created). */
  previousBody: string | null;
}

interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
}

export function createGitHubClient(token: string, baseUrl = 'https://api.github.com'): Octokit {
  return new Octokit({
    auth: token,
    baseUrl: baseUrl.replace(/(?<!\/)\/+$/, ''),
    userAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
    // Octokit logs 4xx responses to the console itself; the caller reports failures once.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

/**
 * Creates or updates the comment whose body starts with `marker`. `render` receives the previous body
 * (null the first time) so the new comment can say what changed since.
 */
export async function upsertStickyComment(
  octokit: Octokit,
  issue: IssueRef,
  marker: string,
  render: (previousBody: string | null) => string,
): Promise<StickyCommentResult> {
  const existing = await findStickyComment(octokit, issue, marker);
  const body = render(existing?.body ?? null);
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: existing.id, body });
    return { action: 'updated', id: data.id, url: data.html_url, previousBody: existing.body ?? null };
  }
  const { data } = await octokit.rest.issues.createComment({ owner: issue.owner, repo: issue.repo, issue_number: issue.issueNumber, body });
  return { action: 'created', id: data.id, url: data.html_url, previousBody: null };
}

/**
 * Our comment is the oldest one that starts with the marker AND was written by us. Anyone can post a
 * comment containing the marker; trusting it would let them plant a fake previous score, or make us
 * overwrite their comment. "Us" is a bot account (the workflow token writes as github-actions[bot], an
 * app as its own bot) or, for a personal token, the token's own user.
 */
export async function findStickyComment(octokit: Octokit, issue: IssueRef, marker: string): Promise<IssueComment | null> {
  const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
    owner: issue.owner,
    repo: issue.repo,
    issue_number: issue.issueNumber,
    per_page: 100,
  })) as IssueComment[];
  const marked = comments.filter((comment) => typeof comment.body === 'string' && comment.body.startsWith(marker));
  if (marked.length === 0) return null;
  const byBot = marked.find((comment) => comment.user?.type === 'Bot');
  if (byBot) return byBot;
  const self = await authenticatedLogin(octokit);
  return (self && marked.find((comment) => comment.user?.login === self)) || null;
}

/** The token's user for personal tokens; installation and workflow tokens cannot ask (403), hence null. */
export async function authenticatedLogin(octokit: Octokit): Promise<string | null> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login ?? null;
  } catch {
    return null;
  }
}
