// The scan's wall-clock budget. When it runs out, snapshot reads fail fast, the git processes started for the
// scan are killed, and every check still running is reported as not finished (scan.ts), never as a pass.
import { performance } from 'node:perf_hooks';

export class ScanDeadline {
  /** The budget in milliseconds (Infinity for a deadline that never runs out). */
  readonly budgetMs: number;
  private readonly controller = new AbortController();
  private readonly expiresAt: number;
  private readonly timer: NodeJS.Timeout | undefined;
  /** Work raced against the budget, told when it runs out (a set, not signal listeners: thousands of reads). */
  private readonly waiting = new Set<() => void>();
  private settled = false;

  private constructor(budgetMs: number) {
    this.budgetMs = budgetMs;
    this.expiresAt = performance.now() + budgetMs;
    // Not unref'd: a check that never resolves holds nothing else open, and the scan must still come back.
    if (Number.isFinite(budgetMs)) this.timer = setTimeout(() => this.expire(), budgetMs);
  }

  /** A budget that starts now. */
  static start(budgetMs: number): ScanDeadline {
    if (!(budgetMs > 0)) throw new RangeError(`a scan budget must be positive (got ${budgetMs})`);
    return new ScanDeadline(budgetMs);
  }

  /** A deadline that never runs out: a snapshot's until a scan gives it one. */
  static none(): ScanDeadline {
    return new ScanDeadline(Infinity);
  }

  /** Aborted when the budget runs out: hand it to anything that can be cancelled (git processes). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * True once the budget has run out. One clock read, cheap enough for a long loop to ask every iteration,
   * and right even while a busy loop keeps the timer from firing.
   */
  expired(): boolean {
    if (this.controller.signal.aborted) return true;
    if (this.settled || performance.now() < this.expiresAt) return false;
    this.expire();
    return true;
  }

  /** `work`'s result, or `onExpired()` as soon as the budget runs out, whichever comes first. */
  race<T>(work: Promise<T>, onExpired: () => T): Promise<T> {
    if (this.expired()) {
      work.catch(() => {}); // nobody waits for it any more
      return Promise.resolve(onExpired());
    }
    if (this.settled || !Number.isFinite(this.budgetMs)) return work;
    return new Promise<T>((resolve, reject) => {
      const stop = () => resolve(onExpired());
      this.waiting.add(stop);
      work.then(
        (value) => {
          this.waiting.delete(stop);
          resolve(value);
        },
        (error: unknown) => {
          this.waiting.delete(stop);
          reject(error);
        },
      );
    });
  }

  /**
   * The scan's checks are over. A budget that has not run out never will (its timer no longer holds the
   * process); one that has stays expired, so work still running keeps failing fast. Returns whether it ran out.
   */
  settle(): boolean {
    const hit = this.expired();
    this.settled = true;
    clearTimeout(this.timer);
    return hit;
  }

  private expire(): void {
    if (this.controller.signal.aborted) return;
    clearTimeout(this.timer);
    this.controller.abort(new Error(`the scan's ${this.budgetMs} ms budget ran out`));
    for (const stop of this.waiting) stop();
    this.waiting.clear();
  }
}
