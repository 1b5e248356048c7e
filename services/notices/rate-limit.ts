/** At most `limit` sends in any `ms` milliseconds. */
export interface RateWindow {
  limit: number;
  ms: number;
}

/**
 * Teams allows 50 requests per second per app per tenant. Sends are paced a little below it: requests
 * leave evenly but arrive with varying network delay, and every 429 costs a whole second of Retry-After
 * (the connector client also retries on its own, outside this limiter).
 */
export const TEAMS_TENANT_LIMIT_PER_SECOND = 50;
export const TENANT_SEND_LIMITS: readonly RateWindow[] = [{ limit: 47, ms: 1_000 }];

/** Teams, per bot per conversation: 7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour. */
export const CONVERSATION_SEND_LIMITS: readonly RateWindow[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];

/**
 * A sliding-window limiter: it remembers when each send went out and allows the next one only when no
 * window would hold more than its limit, so the limit holds in every window, not only in fixed
 * one-second slots. It can also be paused (a 429's Retry-After) until a given time.
 *
 * `waitMs` and `take` are synchronous: a caller that finds `waitMs(now) === 0` and calls `take(now)` in
 * the same turn cannot be overtaken by another caller.
 */
export class SlidingWindowLimiter {
  private readonly stamps: number[] = [];
  private pausedUntil = 0;
  private readonly longestMs: number;

  constructor(readonly windows: readonly RateWindow[]) {
    this.longestMs = Math.max(0, ...windows.map((window) => window.ms));
  }

  /** How long to wait before the next send is allowed (0: now). */
  waitMs(now: number): number {
    this.forget(now);
    let wait = Math.max(0, this.pausedUntil - now);
    for (const { limit, ms } of this.windows) {
      if (this.stamps.length < limit) continue;
      // The limit-th most recent send: once it is more than `ms` old, one more fits in this window.
      const stamp = this.stamps[this.stamps.length - limit]!;
      if (now - stamp <= ms) wait = Math.max(wait, stamp + ms + 1 - now);
    }
    return wait;
  }

  /** Records a send at `now`. */
  take(now: number): void {
    this.stamps.push(now);
  }

  /** No sends before `until` (a later pause wins over an earlier one). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** How much longer the limiter is paused. */
  pausedFor(now: number): number {
    return Math.max(0, this.pausedUntil - now);
  }

  /** Nothing remembered any more: the limiter can be dropped. */
  idle(now: number): boolean {
    this.forget(now);
    return this.stamps.length === 0 && this.pausedUntil <= now;
  }

  private forget(now: number): void {
    let drop = 0;
    while (drop < this.stamps.length && now - this.stamps[drop]! > this.longestMs) drop++;
    if (drop > 0) this.stamps.splice(0, drop);
  }
}
