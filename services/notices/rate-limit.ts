/** At most `limit` sends in any `ms` milliseconds. */
export interface RateWindow {
  limit: number;
  ms: number;
}

/**
 * Even pacing: sends leave one every `intervalMs`, and a sender that fell behind (a timer that fired
 * late) may catch up by at most `burst` sends. Without it a sliding window alone lets a whole second's
 * sends go at once, and a burst that arrives a little compressed overflows the receiver's window.
 */
export interface Pace {
  intervalMs: number;
  burst: number;
}

/**
 * Teams allows 50 requests per second per app per tenant. Sends are paced evenly at 48 per second, under
 * a hard limit of 48 in any second: requests leave on time but arrive with varying delay, and every 429
 * costs the whole tenant a Retry-After of at least a second. With this pace Teams would count 51
 * requests in one second only if their arrival were squeezed by more than 30 ms (51 paced sends span at
 * least 49.5 intervals, 1,031 ms); a timer firing late by less than half an interval costs no rate, as
 * the schedule, not the clock, books the next slot.
 */
export const TEAMS_TENANT_LIMIT_PER_SECOND = 50;
export const TENANT_SEND_LIMITS: readonly RateWindow[] = [{ limit: 48, ms: 1_000 }];
export const TENANT_SEND_PACE: Pace = { intervalMs: 1_000 / 48, burst: 0.5 };

/**
 * The tenant's pace is one budget for every instance (services/notices/send-budget.ts): the tenant's
 * slots are `intervalMs` apart on a schedule in the store, and an instance claims a block of them at a
 * time with one conditional write, then sends in its own slots only. A block is at most a second's
 * worth (48 slots: one store write per second per busy instance), at least `minSlots`. A slot may be
 * used up to 0.9 of an interval late (a timer that fired late), never later: k sends in under a second
 * then need slots (k - 1) intervals apart within 1,000 ms + lateMs, so any second holds at most 49
 * sends of the tenant, whatever the number of instances.
 */
export const TENANT_SEND_BUDGET = {
  intervalMs: TENANT_SEND_PACE.intervalMs,
  blockSlots: 48,
  minSlots: 8,
  lateMs: TENANT_SEND_PACE.intervalMs * 0.9,
} as const;

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
 * one-second slots. With a `pace`, sends are also spread evenly (a virtual schedule: each send books
 * the next slot `intervalMs` later; a send may run ahead of the schedule by `burst` slots at most).
 * It can also be paused (a 429's Retry-After) until a given time.
 *
 * `waitMs` and `take` are synchronous: a caller that finds `waitMs(now) === 0` and calls `take(now)` in
 * the same turn cannot be overtaken by another caller.
 */
export class SlidingWindowLimiter {
  private readonly stamps: number[] = [];
  private pausedUntil = 0;
  /** The paced schedule: when the next send is due (0: no send yet). */
  private nextSlot = 0;
  private readonly longestMs: number;

  constructor(
    readonly windows: readonly RateWindow[],
    readonly pace?: Pace,
  ) {
    this.longestMs = Math.max(0, ...windows.map((window) => window.ms));
  }

  /** How long to wait before the next send is allowed (0: now). */
  waitMs(now: number): number {
    this.forget(now);
    let wait = Math.max(0, this.pausedUntil - now);
    if (this.pace) {
      const ahead = this.nextSlot - now - this.pace.burst * this.pace.intervalMs;
      // (Fractional intervals: a rounding error is not a millisecond to wait.)
      if (ahead > 1e-6) wait = Math.max(wait, Math.ceil(ahead));
    }
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
    if (this.pace) this.nextSlot = Math.max(this.nextSlot, now) + this.pace.intervalMs;
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
    return this.stamps.length === 0 && this.pausedUntil <= now && this.nextSlot <= now;
  }

  private forget(now: number): void {
    let drop = 0;
    while (drop < this.stamps.length && now - this.stamps[drop]! > this.longestMs) drop++;
    if (drop > 0) this.stamps.splice(0, drop);
  }
}
