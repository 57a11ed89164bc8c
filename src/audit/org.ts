// `audit --org ORG [--topic T]`: every repository of a GitHub organisation as an engagement, scanned
// through the API (github:ORG/REPO). Archived repositories are left out: nothing is being handed over there.
import type { GitHubClient } from '../snapshot/github-api.js';
import type { Engagement } from './record.js';

export interface OrgListing {
  engagements: Engagement[];
  /** Repositories left out, with the reason (archived, topic). */
  skipped: Array<{ name: string; reason: string }>;
  /** Core API requests left before the audit starts, when the server says. */
  rateLimitRemaining?: number;
}

export async function listOrgEngagements(client: GitHubClient, org: string, options: { topic?: string } = {}): Promise<OrgListing> {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(org)) throw new Error(`not a GitHub organisation name: ${org}`);
  const topic = options.topic?.toLowerCase();
  // The paginator follows the Link headers, 100 repositories per page.
  const repos = await client.octokit.paginate(client.octokit.rest.repos.listForOrg, { org, type: 'all', per_page: 100 });
  const engagements: Engagement[] = [];
  const skipped: OrgListing['skipped'] = [];
  for (const repo of repos) {
    if (repo.archived) {
      skipped.push({ name: repo.name, reason: 'archived' });
      continue;
    }
    if (topic && !(repo.topics ?? []).some((t) => t.toLowerCase() === topic)) {
      skipped.push({ name: repo.name, reason: `no topic "${options.topic}"` });
      continue;
    }
    engagements.push({ name: repo.name, target: `github:${org}/${repo.name}`, owner: org });
  }
  engagements.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let rateLimitRemaining: number | undefined;
  try {
    const limits = await client.octokit.rest.rateLimit.get();
    rateLimitRemaining = limits.data.resources.core.remaining;
  } catch {
    // GitHub Enterprise with rate limiting disabled answers 404: nothing to report.
  }
  return { engagements, skipped, ...(rateLimitRemaining !== undefined ? { rateLimitRemaining } : {}) };
}
