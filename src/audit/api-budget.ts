// The audit's view of its GitHub REST budget: every response's rate-limit headers are noted, and before a
// github: engagement starts, the headroom is checked against what the scans in flight may still spend.
// Low headroom means a pause until the limit resets (up to a cap), else a clean stop for the engagements
// left, each with the reason: an audit never fails halfway through a 403.
import type { Headers } from '../snapshot/github-api.js';

/** Requests an archive scan may spend: the ref, the commit, the archive, and two to spare for retries. */
export const REQUESTS_PER_SCAN = 5;
/** Longest pause for a reset before the remaining engagements are given up (GitHub resets hourly). */
export const DEFAULT_MAX_PAUSE_MS = 15 * 60_000;

export interface ApiBudgetOptions {
  maxPauseMs?: number;
  requestsPerScan?: number;
  /** Told before a pause (for a line on stderr). */
  onPause?: (pause: { remaining: number; resumeAt: Date }) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export type Admission = { ok: true } | { ok: false; reason: string };

/** What the audit summary says about the API: all integers, as the record's summary allows. */
export interface ApiUsage {
  apiRequests: number;
  /** Lowest headroom seen during the audit. */
  apiRateLimitRemaining?: number;
  /** When the limit resets, seconds since the epoch (from the last response that said). */
  apiRateLimitReset?: number;
  apiPauses: number;
  apiPausedMs: number;
}

export class ApiBudget {
  private requests = 0;
  private remaining: number | undefined;
  private lowest: number | undefined;
  private resetSeconds: number | undefined;
  private pauses = 0;
  private pausedMs = 0;
  private pausing: Promise<void> | undefined;
  private readonly maxPauseMs: number;
  private readonly perScan: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: ApiBudgetOptions = {}) {
    this.maxPauseMs = options.maxPauseMs ?? DEFAULT_MAX_PAUSE_MS;
    this.perScan = options.requestsPerScan ?? REQUESTS_PER_SCAN;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /** One response's headers (each response is one request sent). */
  observe(headers: Headers): void {
    this.requests++;
    // Whole, non-negative numbers only: they land in the record's summary, which the schema holds to that.
    const remaining = Math.max(0, Math.floor(Number(headers['x-ratelimit-remaining'])));
    if (headers['x-ratelimit-remaining'] !== undefined && Number.isFinite(remaining)) {
      this.remaining = remaining;
      this.lowest = Math.min(this.lowest ?? remaining, remaining);
    }
    const reset = Math.floor(Number(headers['x-ratelimit-reset']));
    if (headers['x-ratelimit-reset'] !== undefined && Number.isFinite(reset) && reset > 0) this.resetSeconds = reset;
  }

  /**
   * Whether another scan may start while `inFlight` others run: yes when the headroom covers them all;
   * otherwise after a pause until the reset when that is near enough, else no, with the reason.
   */
  async admit(inFlight: number): Promise<Admission> {
    if (this.pausing) await this.pausing;
    const need = this.perScan * (inFlight + 1);
    if (this.remaining === undefined || this.remaining >= need) return { ok: true };
    const resetMs = this.resetSeconds !== undefined ? this.resetSeconds * 1000 : undefined;
    const wait = resetMs !== undefined ? Math.max(0, resetMs - this.now()) + 250 : undefined;
    if (wait === undefined || wait > this.maxPauseMs) {
      const when = resetMs !== undefined ? `, resets at ${new Date(resetMs).toISOString()}` : '';
      return { ok: false, reason: `GitHub API headroom too low (${this.remaining} requests left${when}, longer than the ${Math.round(this.maxPauseMs / 1000)} s pause allowed); run the audit again after the reset` };
    }
    this.options.onPause?.({ remaining: this.remaining, resumeAt: new Date(this.now() + wait) });
    this.pauses++;
    this.pausedMs += wait;
    // One pause for every waiting scan; after it the headroom is unknown until the next response says.
    this.pausing = this.sleep(wait).then(() => {
      this.remaining = undefined;
      this.pausing = undefined;
    });
    await this.pausing;
    return { ok: true };
  }

  usage(): ApiUsage {
    return {
      apiRequests: this.requests,
      ...(this.lowest !== undefined ? { apiRateLimitRemaining: this.lowest } : {}),
      ...(this.resetSeconds !== undefined ? { apiRateLimitReset: this.resetSeconds } : {}),
      apiPauses: this.pauses,
      apiPausedMs: Math.round(this.pausedMs),
    };
  }
}
