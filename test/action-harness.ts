// Test harness for the Action: builds dist/action.js into a private folder (so parallel work on the
// committed dist/ cannot race these tests), runs it as the runner would, and fakes the few GitHub REST
// endpoints it calls on a loopback HTTP server that records every request.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { expect } from 'vitest';
import { bundle } from '../scripts/bundle.mjs';
import { inputEnvName } from '../src/action/inputs.js';

const ROOT = path.resolve(import.meta.dirname, '..');
export { BUNDLE_BANNER } from '../scripts/bundle.mjs';

/** Bundles src/action/main.ts exactly as dist/action.js is bundled (scripts/bundle.mjs) into `outdir`. */
export async function buildActionBundle(outdir: string): Promise<string> {
  const [action] = await bundle({ root: ROOT, outdir, names: ['action'], logLevel: 'error' });
  return action;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT parsed into name -> value. */
  outputs: Record<string, string>;
  /** What was appended to GITHUB_STEP_SUMMARY. */
  summary: string;
}

export interface RunOptions {
  bundle: string;
  /** Folder that plays the runner's work area: event file, output files, GITHUB_WORKSPACE/cwd. */
  workDir: string;
  inputs: Record<string, string>;
  eventName?: string;
  event?: unknown;
  apiUrl?: string;
  env?: Record<string, string>;
}

/** Runs the bundle as a child process with the environment the runner gives a JavaScript action. */
export function runBundledAction(options: RunOptions): Promise<ActionRun> {
  const { workDir } = options;
  mkdirSync(workDir, { recursive: true });
  const outputFile = path.join(workDir, `output-${Date.now()}-${Math.random().toString(16).slice(2)}`);
  const summaryFile = outputFile.replace('output-', 'summary-');
  const eventFile = outputFile.replace('output-', 'event-') + '.json';
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(options.event ?? {}));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? workDir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workDir,
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'kestrel-mobile/churn-delivery',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_API_URL: options.apiUrl ?? 'http://127.0.0.1:9',
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) env[inputEnvName(name)] = value;
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the fake API server runs in this process and must keep answering.
    const child = spawn(process.execPath, [options.bundle], { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr, outputs: parseOutputFile(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') });
    });
  });
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks (and `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]);
      outputs[heredoc[1]] = value.join('\n');
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return outputs;
}

export interface RecordedRequest {
  method: string;
  url: string;
  authorization?: string;
  body: unknown;
}

interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  html_url: string;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  user: { login: string; type: 'Bot' | 'User' };
  html_url: string;
  /** Present on pull requests, which the issues listing includes. */
  pull_request?: { url: string };
}

/**
 * The issue and issue-comment endpoints the Action uses (sticky comment, tracking issue), with GitHub's
 * pagination (Link headers), its 403 on GET /user for installation tokens, and 403s on demand.
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly comments = new Map<string, FakeComment[]>();
  readonly issues = new Map<string, FakeIssue[]>();
  /** Requests answered with 403 "Resource not accessible by integration" (a token without the permission). */
  forbidden: Array<{ method: string; path: RegExp }> = [];
  private server: Server | null = null;
  private nextId = 1000;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Adds comments to a pull request's thread, as other users (or bots) would have written them. */
  seed(owner: string, repo: string, issue: number, comments: Array<{ body: string; login?: string; type?: 'Bot' | 'User' }>): void {
    const list = this.thread(owner, repo, issue);
    for (const comment of comments) {
      const id = this.nextId++;
      list.push({ id, body: comment.body, user: { login: comment.login ?? 'someone', type: comment.type ?? 'User' }, html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${id}` });
    }
  }

  thread(owner: string, repo: string, issue: number): FakeComment[] {
    const key = `${owner}/${repo}#${issue}`;
    if (!this.comments.has(key)) this.comments.set(key, []);
    return this.comments.get(key)!;
  }

  /** Issues (and pull requests) of a repository, oldest first. */
  issueList(owner: string, repo: string): FakeIssue[] {
    const key = `${owner}/${repo}`;
    if (!this.issues.has(key)) this.issues.set(key, []);
    return this.issues.get(key)!;
  }

  /** Adds issues as other users (or bots) would have opened them; numbers follow GitHub's one sequence per repository. */
  seedIssues(owner: string, repo: string, issues: Array<{ title?: string; body: string; login?: string; type?: 'Bot' | 'User'; state?: 'open' | 'closed'; pullRequest?: boolean }>): FakeIssue[] {
    return issues.map((issue) => this.addIssue(owner, repo, { title: issue.title ?? 'Question', body: issue.body, user: { login: issue.login ?? 'someone', type: issue.type ?? 'User' }, state: issue.state ?? 'open', pullRequest: issue.pullRequest }));
  }

  private addIssue(owner: string, repo: string, fields: { title: string; body: string; user: FakeIssue['user']; state: 'open' | 'closed'; pullRequest?: boolean }): FakeIssue {
    const list = this.issueList(owner, repo);
    const number = list.length + 1;
    const kind = fields.pullRequest ? 'pull' : 'issues';
    const issue: FakeIssue = { number, title: fields.title, body: fields.body, state: fields.state, state_reason: fields.state === 'closed' ? 'completed' : null, user: fields.user, html_url: `https://github.com/${owner}/${repo}/${kind}/${number}` };
    if (fields.pullRequest) issue.pull_request = { url: `${this.url}/repos/${owner}/${repo}/pulls/${number}` };
    list.push(issue);
    return issue;
  }

  clear(): void {
    this.requests.length = 0;
    this.comments.clear();
    this.issues.clear();
    this.forbidden = [];
  }

  /** One page of a list, with GitHub's Link header when there are more. */
  private page<T>(items: T[], url: URL): [T[], Record<string, string>] {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const pages = Math.max(1, Math.ceil(items.length / perPage));
    const headers: Record<string, string> = {};
    if (page < pages) {
      const next = new URL(url.pathname + url.search, this.url);
      next.searchParams.set('page', String(page + 1));
      const last = new URL(next);
      last.searchParams.set('page', String(pages));
      headers.link = `<${next.href}>; rel="next", <${last.href}>; rel="last"`;
    }
    return [items.slice((page - 1) * perPage, page * perPage), headers];
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? JSON.parse(text) : undefined;
    const url = new URL(request.url ?? '/', this.url);
    this.requests.push({ method: request.method ?? '', url: url.pathname + url.search, authorization: request.headers.authorization, body });
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(data));
    };

    if (this.forbidden.some((rule) => rule.method === request.method && rule.path.test(url.pathname))) {
      return send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' });
    }
    const issues = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(url.pathname);
    const issue = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/.exec(url.pathname);
    if (issues && request.method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      let all = this.issueList(issues[1], issues[2]).filter((candidate) => state === 'all' || candidate.state === state);
      if ((url.searchParams.get('direction') ?? 'desc') === 'desc') all = [...all].reverse();
      return send(200, ...this.page(all, url));
    }
    if (issues && request.method === 'POST') {
      const created = this.addIssue(issues[1], issues[2], { title: String(body?.title ?? ''), body: String(body?.body ?? ''), user: { login: 'github-actions[bot]', type: 'Bot' }, state: 'open' });
      return send(201, created);
    }
    if (issue && request.method === 'PATCH') {
      const found = this.issueList(issue[1], issue[2]).find((candidate) => candidate.number === Number(issue[3]));
      if (!found) return send(404, { message: 'Not Found' });
      if (typeof body?.body === 'string') found.body = body.body;
      if (typeof body?.title === 'string') found.title = body.title;
      if (body?.state === 'open' || body?.state === 'closed') {
        found.state = body.state;
        found.state_reason = body.state === 'closed' ? String(body.state_reason ?? 'completed') : 'reopened';
      }
      return send(200, found);
    }

    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (list && request.method === 'GET') return send(200, ...this.page(this.thread(list[1], list[2], Number(list[3])), url));
    if (list && request.method === 'POST') {
      const comment: FakeComment = { id: this.nextId++, body: String(body?.body ?? ''), user: { login: 'github-actions[bot]', type: 'Bot' }, html_url: '' };
      comment.html_url = `https://github.com/${list[1]}/${list[2]}/pull/${list[3]}#issuecomment-${comment.id}`;
      this.thread(list[1], list[2], Number(list[3])).push(comment);
      return send(201, comment);
    }
    if (one && request.method === 'PATCH') {
      for (const thread of this.comments.values()) {
        const comment = thread.find((candidate) => candidate.id === Number(one[3]));
        if (comment) {
          comment.body = String(body?.body ?? '');
          return send(200, comment);
        }
      }
      return send(404, { message: 'Not Found' });
    }
    if (url.pathname === '/user' && request.method === 'GET') {
      return send(403, { message: 'Resource not accessible by integration' });
    }
    return send(404, { message: 'Not Found' });
  }
}

/**
 * Parses the body as GitHub would render it (CommonMark + tables, raw HTML allowed, bare URLs linked)
 * and checks that nothing from the repository became a link, an image or a tag (our own links excepted).
 */
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

export function assertInert(body: string, allowedLinks: readonly string[] = [], extraTags: readonly RegExp[] = []): void {
  const tokens = new MarkdownIt({ html: true, linkify: true }).parse(body, {});
  const allowedTag = /^(<!-- ml-handover:pr-comment key=[A-Za-z0-9._/#@-]+ score=\d+(\.\d+)? -->|<details( open)?>|<summary>|<\/summary>|<\/details>|<b>|<\/b>|<sub>|<\/sub>)$/;
  const visit = (token: Token) => {
    expect(token.type).not.toBe('image');
    if (token.type === 'link_open') expect(allowedLinks).toContain(token.attrGet('href'));
    if (token.type === 'html_block' || token.type === 'html_inline') {
      for (const tag of token.content.match(/<[^>]*>/g) ?? []) {
        if (!extraTags.some((extra) => extra.test(tag))) expect(tag).toMatch(allowedTag);
      }
    }
    for (const child of token.children ?? []) visit(child);
  };
  for (const token of tokens) visit(token);
  // Outside code spans (where GitHub renders text literally) no mention, autolink or raw tag survives.
  const outsideCode = body.replace(/`[^`\n]*`/g, '');
  expect(outsideCode).not.toMatch(/<script/i);
  expect(outsideCode).not.toContain('@org');
  expect(outsideCode).not.toContain('javascript:');
  expect(allowedLinks.reduce((text, url) => text.replace(`](${url})`, ''), outsideCode)).not.toContain('](');
  expect(outsideCode).not.toMatch(/https?:\/\/evil/);
}
