// What the runner tells us about the triggering event: is this a pull request, and which one.
import { readFileSync, statSync } from 'node:fs';
import type { IssueRef } from '../github/comment.js';

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
const MAX_EVENT_BYTES = 25 * 1024 * 1024;

/** The pull request to comment on, or null for any other event (push, tag, schedule, dispatch). */
export function pullRequestFrom(env: NodeJS.ProcessEnv): IssueRef | null {
  if (!PULL_REQUEST_EVENTS.has(env.GITHUB_EVENT_NAME ?? '')) return null;
  const payload = readEventPayload(env.GITHUB_EVENT_PATH);
  const pr = payload?.pull_request as { number?: unknown } | undefined;
  const number = pr?.number ?? payload?.number;
  const repository = (env.GITHUB_REPOSITORY ?? (payload?.repository as { full_name?: unknown } | undefined)?.full_name ?? '') as string;
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(typeof repository === 'string' ? repository : '');
  if (!match || typeof number !== 'number' || !Number.isInteger(number) || number < 1) return null;
  return { owner: match[1], repo: match[2], issueNumber: number };
}

function readEventPayload(file: string | undefined): Record<string, unknown> | null {
  if (!file) return null;
  try {
    if (statSync(file).size > MAX_EVENT_BYTES) return null;
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The run's page, where the job summary is; built from the runner's own variables. */
export function runUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (!server || !repository || !runId || !/^\d+$/.test(runId)) return undefined;
  return `${server.replace(/(?<!\/)\/+$/, '')}/${repository}/actions/runs/${runId}`;
}
