// Real remote targets for tests, all on loopback: git repositories built with simple-git, bare copies
// served by file:// and `git daemon`, and a node:http server that answers the GitHub REST endpoints a
// scan uses from a real local repository (so an API scan and a local scan see the same commit).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { tempDir } from './helpers.js';

export function testGit(dir: string): SimpleGit {
  return simpleGit({ baseDir: dir, config: ['user.name=Ferrous Labs CI', 'user.email=ci@ferrous.example', 'commit.gpgsign=false', 'tag.gpgsign=false', 'init.defaultBranch=main'] });
}

/** Writes files (null deletes) into a folder. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array | null>): void {
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(dir, relative);
    if (content === null) {
      rmSync(target, { recursive: true, force: true });
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** A work tree with one commit of `files` on `main`; returns its folder. */
export async function makeGitRepo(files: Record<string, string | Uint8Array>, options: { tag?: string; dir?: string } = {}): Promise<string> {
  const dir = options.dir ?? tempDir('mlh-repo-');
  writeFiles(dir, files);
  const git = testGit(dir);
  await git.init(['--initial-branch=main']);
  await commitAll(dir, 'Initial delivery', options.tag);
  return dir;
}

/** A work tree holding a copy of a fixture folder, committed. */
export async function fixtureRepo(fixtureDir: string, options: { tag?: string } = {}): Promise<string> {
  const dir = tempDir('mlh-fixture-repo-');
  cpSync(fixtureDir, dir, { recursive: true });
  return makeGitRepo({}, { dir, ...options });
}

export async function commitAll(dir: string, message: string, tag?: string): Promise<string> {
  const git = testGit(dir);
  await git.add(['-A']);
  await git.commit(message, undefined, { '--allow-empty': null });
  if (tag) await git.addTag(tag);
  return (await git.revparse(['HEAD'])).trim();
}

/** A bare copy of a repository (all branches and tags), optionally allowing partial clones. */
export async function bareCopy(repoDir: string, options: { allowFilter?: boolean; parent?: string } = {}): Promise<string> {
  const parent = options.parent ?? tempDir('mlh-bare-');
  const bare = path.join(parent, `${path.basename(repoDir)}.git`);
  await simpleGit().clone(repoDir, bare, ['--bare', '--quiet']);
  if (options.allowFilter) await simpleGit(bare).addConfig('uploadpack.allowFilter', 'true');
  return bare;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface GitDaemon {
  /** git:// URL of a repository under the served folder. */
  url(name: string): string;
  stop(): Promise<void>;
}

/** `git daemon` on 127.0.0.1 serving every repository under `baseDir`; waits until it accepts connections. */
export async function startGitDaemon(baseDir: string): Promise<GitDaemon> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'git',
    ['daemon', '--reuseaddr', '--export-all', '--informative-errors', `--base-path=${baseDir}`, '--listen=127.0.0.1', `--port=${port}`, '--timeout=30', '--init-timeout=10', '--max-connections=16', baseDir],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`git daemon exited: ${stderr}`);
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`git daemon did not start within 10 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: (name) => `git://127.0.0.1:${port}/${name}`, stop };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// ---- a fake GitHub REST API backed by real local repositories -----------------------------------------

export interface RecordedRequest {
  method: string;
  path: string;
  /** The Host header: which name the client used (API host or archive host). */
  host: string;
  authorization?: string;
  status: number;
}

export interface FakeRepo {
  dir: string;
  defaultBranch?: string;
  topics?: string[];
  archived?: boolean;
}

export interface FakeGitHubOptions {
  repos: Record<string, FakeRepo>; // "owner/repo" -> repository
  /** Answer the first request whose path starts with this with a 403 primary rate-limit response. */
  rateLimitOnce?: string;
  /** Mark the recursive listing of the root tree as truncated (forces the sub-tree walk). */
  truncateRootTree?: boolean;
  /** Page size for org repository lists (to exercise Link pagination). */
  pageSize?: number;
  /** Serve the API as http://localhost:PORT (so an archive host codeload.localhost:PORT exists) instead of 127.0.0.1. */
  localhostNames?: boolean;
  /**
   * Where /repos/{o}/{r}/tarball/{ref} redirects: 'same-host' (GitHub Enterprise style, the default),
   * 'codeload' (codeload.localhost, like api.github.com → codeload.github.com), 'refuse' (404: no archive),
   * or a function giving any Location (hostile redirects).
   */
  archive?: 'same-host' | 'codeload' | 'refuse' | ((ctx: { port: number; fullName: string; sha: string }) => string);
  /** Bytes served as the archive instead of `git archive` output (hostile archives). */
  archiveBody?: (fullName: string, sha: string) => Buffer | Promise<Buffer>;
  /** A rate limit that counts down per API request and resets after `windowMs` (the archive host is not counted). */
  rateLimit?: { limit: number; windowMs: number };
}

export interface FakeGitHub {
  apiUrl: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const requests: RecordedRequest[] = [];
  let rateLimitPending = options.rateLimitOnce;
  const window = { used: 0, resetAt: Date.now() + (options.rateLimit?.windowMs ?? 3_600_000) };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname + url.search, host: req.headers.host ?? '', status: 200, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) };
    requests.push(record);
    // The archive host is not the API: no JSON, no rate limit.
    if (url.pathname.startsWith('/_codeload/')) {
      serveArchive(options, url, record, res).catch((error: Error) => {
        record.status = 500;
        res.destroy(error);
      });
      return;
    }
    const limit = options.rateLimit?.limit ?? 5000;
    if (options.rateLimit && Date.now() >= window.resetAt) Object.assign(window, { used: 0, resetAt: Date.now() + options.rateLimit.windowMs });
    const limited = Boolean(options.rateLimit) && window.used >= limit;
    if (!limited) window.used++;
    const rateHeaders = { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(Math.max(0, limit - window.used)), 'x-ratelimit-reset': String(Math.ceil(window.resetAt / 1000)) };
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...rateHeaders, ...headers });
      res.end(JSON.stringify(body));
    };
    if (limited) return send(403, { message: 'API rate limit exceeded for 127.0.0.1.' });
    if (rateLimitPending && url.pathname.startsWith(rateLimitPending)) {
      rateLimitPending = undefined;
      return send(403, { message: 'API rate limit exceeded for 127.0.0.1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) });
    }
    answer(options, url, port(), send).catch((error: Error) => send(500, { message: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = () => (server.address() as net.AddressInfo).port;
  return {
    apiUrl: `http://${options.localhostNames ? 'localhost' : '127.0.0.1'}:${port()}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;

/** `git archive` of the commit in GitHub's layout (one top folder owner-repo-<short sha>/), or the override. */
async function serveArchive(options: FakeGitHubOptions, url: URL, record: RecordedRequest, res: http.ServerResponse): Promise<void> {
  const [, , owner, name, sha] = url.pathname.split('/').map(decodeURIComponent);
  const fullName = `${owner}/${name}`;
  const repo = options.repos[fullName];
  if (!repo || !/^[0-9a-f]{40}$/.test(sha ?? '')) {
    record.status = 404;
    res.writeHead(404).end();
    return;
  }
  const body = options.archiveBody
    ? await options.archiveBody(fullName, sha)
    : await gitArchive(repo.dir, sha, `${owner}-${name}-${sha.slice(0, 7)}/`);
  res.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': String(body.length) });
  res.end(body);
}

/** Real `git archive --format=tar.gz` output, as bytes. */
export function gitArchive(dir: string, commit: string, prefix: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['archive', '--format=tar.gz', `--prefix=${prefix}`, commit], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`git archive: ${stderr}`))));
  });
}

async function answer(options: FakeGitHubOptions, url: URL, port: number, send: Send): Promise<void> {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'rate_limit') {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    return send(200, { resources: { core: { limit: 5000, remaining: 4999, reset, used: 1 } }, rate: { limit: 5000, remaining: 4999, reset, used: 1 } });
  }
  if (parts[0] === 'orgs' && parts[2] === 'repos') return listOrg(options, parts[1], url, port, send);
  if (parts[0] !== 'repos' || parts.length < 3) return send(404, { message: 'Not Found' });
  const fullName = `${parts[1]}/${parts[2]}`;
  const repo = options.repos[fullName];
  if (!repo) return send(404, { message: 'Not Found' });
  const git = simpleGit(repo.dir);
  const rest = parts.slice(3);
  if (rest.length === 0) return send(200, repoJson(fullName, repo));
  if (rest[0] === 'commits' && rest.length >= 2) {
    const ref = rest.slice(1).join('/');
    const sha = (await git.raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '')).trim();
    if (!sha) return send(422, { message: `No commit found for SHA: ${ref}` });
    const tree = (await git.raw(['rev-parse', `${sha}^{tree}`])).trim();
    return send(200, { sha, commit: { tree: { sha: tree }, message: 'delivery' }, files: [] });
  }
  if (rest[0] === 'git' && rest[1] === 'trees' && rest[2]) {
    const recursive = url.searchParams.has('recursive');
    const raw = await git.raw(['ls-tree', ...(recursive ? ['-r', '-t'] : []), '-z', '--long', rest[2]]);
    const tree = raw
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const match = /^(\d{6}) (\w+) ([0-9a-f]+) +(-|\d+)\t([\s\S]+)$/.exec(line)!;
        return { path: match[5], mode: match[1], type: match[2], sha: match[3], ...(match[4] === '-' ? {} : { size: Number(match[4]) }) };
      });
    const rootTree = (await git.raw(['rev-parse', 'HEAD^{tree}']).catch(() => '')).trim();
    const truncated = Boolean(options.truncateRootTree && recursive && rest[2] === rootTree);
    return send(200, { sha: rest[2], tree: truncated ? tree.slice(0, 1) : tree, truncated });
  }
  if (rest[0] === 'tarball' && rest.length >= 2) {
    const ref = rest.slice(1).join('/');
    const sha = (await git.raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '')).trim();
    const mode = options.archive ?? 'same-host';
    if (!sha || mode === 'refuse') return send(404, { message: 'Not Found' });
    const path = `/_codeload/${fullName}/${sha}`;
    const host = options.localhostNames ? 'localhost' : '127.0.0.1';
    const location =
      typeof mode === 'function' ? mode({ port, fullName, sha }) : mode === 'codeload' ? `http://codeload.localhost:${port}${path}` : `http://${host}:${port}${path}`;
    return send(302, '', { location });
  }
  if (rest[0] === 'git' && rest[1] === 'blobs' && rest[2]) {
    const content = await git.binaryCatFile(['blob', rest[2]]).catch(() => null);
    if (!content) return send(404, { message: 'Not Found' });
    return send(200, { sha: rest[2], size: content.length, encoding: 'base64', content: Buffer.from(content).toString('base64').replace(/(.{60})/g, '$1\n') });
  }
  return send(404, { message: 'Not Found' });
}

function repoJson(fullName: string, repo: FakeRepo) {
  const [owner, name] = fullName.split('/');
  return { name, full_name: fullName, owner: { login: owner }, default_branch: repo.defaultBranch ?? 'main', topics: repo.topics ?? [], archived: repo.archived ?? false, private: true, html_url: `https://github.example/${fullName}` };
}

function listOrg(options: FakeGitHubOptions, org: string, url: URL, port: number, send: Send): void {
  const all = Object.entries(options.repos)
    .filter(([name]) => name.split('/')[0] === org)
    .map(([name, repo]) => repoJson(name, repo));
  if (all.length === 0) return send(404, { message: 'Not Found' });
  const perPage = Math.min(options.pageSize ?? 30, Number(url.searchParams.get('per_page') ?? 30));
  const page = Number(url.searchParams.get('page') ?? 1);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const links: string[] = [];
  const linkTo = (n: number) => {
    const next = new URL(url.toString());
    next.searchParams.set('page', String(n));
    next.searchParams.set('per_page', String(perPage));
    return `<http://127.0.0.1:${port}${next.pathname}${next.search}>`;
  };
  if (page < last) links.push(`${linkTo(page + 1)}; rel="next"`, `${linkTo(last)}; rel="last"`);
  if (page > 1) links.push(`${linkTo(page - 1)}; rel="prev"`, `${linkTo(1)}; rel="first"`);
  send(200, all.slice((page - 1) * perPage, page * perPage), links.length ? { link: links.join(', ') } : {});
}
