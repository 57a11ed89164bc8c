// The GitHub REST client for remote scans and org listings: @octokit/rest with request counting and a
// small, bounded retry for rate limits (403/429 with retry-after or x-ratelimit-reset) and server errors.
import { Octokit } from '@octokit/rest';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export const DEFAULT_API_URL = 'https://api.github.com';
const REQUEST_TIMEOUT_MS = 60_000;

export interface GitHubClientOptions {
  /** Token for private repositories and the higher rate limit (GITHUB_TOKEN / --token). */
  token?: string;
  /** REST base URL; GitHub Enterprise Server is `https://HOST/api/v3`. */
  apiUrl?: string;
  /** Retries per request after a rate limit or server error (default 3). */
  maxRetries?: number;
  /** Longest single wait for a rate limit to reset before giving up (default 60 s). */
  maxWaitMs?: number;
  /** Told of every response's headers (an audit watches the rate-limit headroom across its scans). */
  onResponse?: (headers: Headers) => void;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface GitHubClient {
  octokit: Octokit;
  apiUrl: string;
  /** The User-Agent every request carries. */
  userAgent: string;
  /** The Authorization header value for the API host only (never for any other host); undefined without a token. */
  authorization: string | undefined;
  /** Counts a request sent outside Octokit (the archive download) and notes its rate-limit headers. */
  countRequest(headers: Headers): void;
  /** Requests sent, retries among them, and the last rate-limit headroom seen. */
  stats(): { apiRequests: number; apiRetries: number; apiRateLimitRemaining?: number };
}

export class GitHubApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'GitHubApiError';
  }
}

export type Headers = Record<string, string | string[] | number | undefined>;

/**
 * How long to wait before retrying a failed request, or null to give up. Pure, so the policy is tested
 * without a server: secondary limits send retry-after; the primary limit sends remaining=0 and a reset time.
 */
export function retryDelayMs(status: number, headers: Headers, attempt: number, nowMs: number, maxWaitMs: number): number | null {
  const retryAfter = Number(headers['retry-after']);
  const remaining = headers['x-ratelimit-remaining'];
  const reset = Number(headers['x-ratelimit-reset']);
  if (status === 403 || status === 429) {
    let wait: number | null = null;
    if (Number.isFinite(retryAfter) && headers['retry-after'] !== undefined) wait = Math.max(0, retryAfter * 1000);
    else if (String(remaining) === '0' && Number.isFinite(reset)) wait = Math.max(0, reset * 1000 - nowMs) + 500;
    else if (status === 429) wait = 1000 * 2 ** attempt;
    if (wait === null || wait > maxWaitMs) return null; // a 403 without rate-limit headers is a permission problem
    return wait;
  }
  if (status >= 500 && status <= 599) return Math.min(maxWaitMs, 500 * 2 ** attempt);
  return null;
}

export function createGitHubClient(options: GitHubClientOptions = {}): GitHubClient {
  const apiUrl = (options.apiUrl ?? DEFAULT_API_URL).replace(/(?<!\/)\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(apiUrl)) throw new GitHubApiError(`--api-url must be an http(s) URL, got "${apiUrl}"`, 0);
  const maxRetries = options.maxRetries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const counters = { apiRequests: 0, apiRetries: 0, apiRateLimitRemaining: undefined as number | undefined };
  const silent = () => {};
  const userAgent = `${TOOL_NAME}/${TOOL_VERSION}`;
  const note = (headers: Headers) => {
    noteRemaining(counters, headers);
    options.onResponse?.(headers);
  };
  const octokit = new Octokit({
    ...(options.token ? { auth: options.token } : {}),
    baseUrl: apiUrl,
    userAgent,
    log: { debug: silent, info: silent, warn: silent, error: silent },
  });
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      counters.apiRequests++;
      try {
        // A stalled connection must not hang the scan: every attempt has its own deadline.
        const response = await request({ ...requestOptions, request: { ...requestOptions.request, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) } });
        note(response.headers as Headers);
        return response;
      } catch (error) {
        const status = (error as { status?: number }).status ?? 0;
        const headers = ((error as { response?: { headers?: Headers } }).response?.headers ?? {}) as Headers;
        note(headers);
        const wait = attempt < maxRetries ? retryDelayMs(status, headers, attempt, now(), maxWaitMs) : null;
        if (wait === null) throw explain(error, status, headers, apiUrl);
        counters.apiRetries++;
        await sleep(wait);
      }
    }
  });
  return {
    octokit,
    apiUrl,
    userAgent,
    authorization: options.token ? `token ${options.token}` : undefined,
    countRequest: (headers) => {
      counters.apiRequests++;
      note(headers);
    },
    stats: () => ({
      apiRequests: counters.apiRequests,
      apiRetries: counters.apiRetries,
      ...(counters.apiRateLimitRemaining !== undefined ? { apiRateLimitRemaining: counters.apiRateLimitRemaining } : {}),
    }),
  };
}

function noteRemaining(counters: { apiRateLimitRemaining: number | undefined }, headers: Headers): void {
  const remaining = Number(headers['x-ratelimit-remaining']);
  if (headers['x-ratelimit-remaining'] !== undefined && Number.isFinite(remaining)) counters.apiRateLimitRemaining = remaining;
}

/** The error for a refused request, with the hint a user can act on. */
export function explain(error: unknown, status: number, headers: Headers, apiUrl: string): GitHubApiError {
  const url = String((error as { request?: { url?: string } }).request?.url ?? apiUrl);
  const where = url.startsWith(apiUrl) ? url.slice(apiUrl.length) || '/' : url;
  if ((status === 403 || status === 429) && (String(headers['x-ratelimit-remaining']) === '0' || headers['retry-after'] !== undefined)) {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = Number.isFinite(reset) && reset > 0 ? ` (resets at ${new Date(reset * 1000).toISOString()})` : '';
    return new GitHubApiError(`GitHub API rate limit exceeded${when}; set GITHUB_TOKEN or --token for a higher limit`, status);
  }
  if (status === 401) return new GitHubApiError('GitHub API rejected the token (401 Bad credentials)', status);
  if (status === 404) return new GitHubApiError(`not found on the GitHub API: ${where} (private repositories need GITHUB_TOKEN or --token)`, status);
  if (status === 403) return new GitHubApiError(`GitHub API refused ${where} (403): the token lacks access`, status);
  const message = String((error as Error)?.message ?? error).split('\n')[0];
  return new GitHubApiError(`GitHub API request ${where} failed${status ? ` (${status})` : ''}: ${message}`, status);
}
