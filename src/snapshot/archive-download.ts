// Downloads a commit's archive: `GET /repos/{owner}/{repo}/tarball/{sha}` on the API host (with the token),
// then at most one redirect, followed only to the archive host GitHub uses for that API host and sent
// WITHOUT the token. The body comes back as a stream with an idle deadline, for archive-reader to bound.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { explain, type GitHubClient, type Headers } from './github-api.js';

export interface ArchiveDownload {
  body: Readable;
  /** Host the archive bytes came from (the API host or its archive host). */
  host: string;
  /** Requests sent to a host other than the API (the redirect target). */
  archiveHostRequests: number;
}

/** Why no archive was downloaded; the caller falls back to the tree and blob API. */
export class ArchiveUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveUnavailable';
  }
}

export interface DownloadOptions {
  /** No byte for this long ends the download (default 60 s). */
  idleTimeoutMs?: number;
}

const DEFAULT_IDLE_MS = 60_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Where a tarball redirect may lead, or why not. GitHub sends api.github.com to codeload.github.com;
 * GitHub Enterprise sends HOST/api/v3 to HOST itself or to codeload.HOST (subdomain isolation). So: the
 * API's own host, or `codeload.` + the API host without a leading `api.`; same scheme, same port, no
 * credentials in the URL. Anything else is refused, whatever GitHub's answer says.
 */
export function archiveRedirectRefusal(apiUrl: string, location: string): string | null {
  let api: URL;
  let target: URL;
  try {
    api = new URL(apiUrl);
    target = new URL(location);
  } catch {
    return `not a URL: ${location.slice(0, 200)}`;
  }
  if (target.protocol !== api.protocol) return `${target.protocol} is not the API's ${api.protocol}`;
  if (target.username || target.password) return 'the URL carries credentials';
  const apiHost = api.hostname.toLowerCase();
  const archiveHost = `codeload.${apiHost.replace(/^api\./, '')}`;
  const host = target.hostname.toLowerCase();
  if (host !== apiHost && host !== archiveHost) return `${host} is neither the API host (${apiHost}) nor its archive host (${archiveHost})`;
  if (target.port !== api.port) return `port ${target.port || 'default'} is not the API's ${api.port || 'default'}`;
  return null;
}

export async function downloadArchive(client: GitHubClient, owner: string, repo: string, commit: string, options: DownloadOptions = {}): Promise<ArchiveDownload> {
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_MS;
  const url = `${client.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/tarball/${encodeURIComponent(commit)}`;
  const first = await get(url, { ...baseHeaders(client), ...(client.authorization ? { authorization: client.authorization } : {}) }, idleMs);
  client.countRequest(first.headers as Headers);
  if (first.statusCode === 200) return { body: first, host: new URL(url).host, archiveHostRequests: 0 };
  first.resume();
  const status = first.statusCode ?? 0;
  if (!REDIRECTS.has(status)) {
    // An exhausted rate limit would refuse the tree API too: that is the scan's error, not a fallback.
    if ((status === 403 || status === 429) && (String(first.headers['x-ratelimit-remaining']) === '0' || first.headers['retry-after'] !== undefined)) {
      throw explain(new Error('rate limited'), status, first.headers as Headers, client.apiUrl);
    }
    throw new ArchiveUnavailable(`GitHub answered ${status} to the archive request`);
  }
  const location = first.headers.location;
  if (!location) throw new ArchiveUnavailable(`GitHub answered ${status} without a Location`);
  const target = new URL(location, url).toString();
  const refused = archiveRedirectRefusal(client.apiUrl, target);
  if (refused) throw new ArchiveUnavailable(`redirect to ${new URL(target).host} refused: ${refused}`);
  // The archive URL carries its own short-lived token: ours stays with the API host.
  const second = await get(target, baseHeaders(client), idleMs);
  if (second.statusCode !== 200) {
    second.resume();
    throw new ArchiveUnavailable(`the archive host answered ${second.statusCode}${REDIRECTS.has(second.statusCode ?? 0) ? ' (a second redirect is not followed)' : ''}`);
  }
  return { body: second, host: new URL(target).host, archiveHostRequests: 1 };
}

function baseHeaders(client: GitHubClient): Record<string, string> {
  return { 'user-agent': client.userAgent, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
}

/** One GET, no redirect followed, ended when the server stays silent for `idleMs` (headers or body). */
function get(url: string, headers: Record<string, string>, idleMs: number): Promise<http.IncomingMessage> {
  const parsed = new URL(url);
  const transport = parsed.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.get(parsed, { headers, lookup: loopbackAwareLookup, agent: false }, (response) => {
      response.socket.setTimeout(idleMs, () => response.destroy(new ArchiveStalled(idleMs)));
      resolve(response);
    });
    request.setTimeout(idleMs, () => request.destroy(new ArchiveStalled(idleMs)));
    request.on('error', (error) => reject(error instanceof ArchiveStalled ? new ArchiveUnavailable(error.message) : new ArchiveUnavailable(`archive request failed: ${error.message}`)));
  });
}

class ArchiveStalled extends Error {
  constructor(ms: number) {
    super(`the archive download stalled (nothing received for ${Math.round(ms / 1000)} s)`);
    this.name = 'ArchiveStalled';
  }
}

/** Names under `.localhost` are loopback (RFC 6761), as curl and browsers resolve them; the rest go to DNS. */
const loopbackAwareLookup: typeof dns.lookup = ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
  if (/\.localhost\.?$/i.test(hostname)) {
    if ((options as { all?: boolean }).all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  dns.lookup(hostname, options, callback as never);
}) as typeof dns.lookup;
