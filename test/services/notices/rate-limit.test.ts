import { describe, expect, it } from 'vitest';
import {
  CONVERSATION_SEND_LIMITS,
  SlidingWindowLimiter,
  TEAMS_TENANT_LIMIT_PER_SECOND,
  TENANT_SEND_LIMITS,
  TENANT_SEND_PACE,
} from '../../../services/notices/rate-limit';

/** A deterministic stand-in for Math.random. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * A sender that always wants to send, on a simulated clock: it asks the limiter, sleeps the wait,
 * and wakes up `lateness` later than asked (a busy event loop). Returns the send times.
 */
function drive(limiter: SlidingWindowLimiter, seconds: number, lateness: () => number): number[] {
  const sends: number[] = [];
  let now = 0;
  while (now < seconds * 1000) {
    const wait = limiter.waitMs(now);
    if (wait > 0) {
      now += wait + lateness();
      continue;
    }
    limiter.take(now);
    sends.push(now);
  }
  return sends;
}

function mostInAnyWindow(times: number[], ms: number): number {
  let most = 0;
  let from = 0;
  for (let to = 0; to < times.length; to++) {
    while (times[to]! - times[from]! >= ms) from++;
    most = Math.max(most, to - from + 1);
  }
  return most;
}

describe('tenant send limiter: paced under Teams 50 per second', () => {
  const tenantLimiter = () => new SlidingWindowLimiter(TENANT_SEND_LIMITS, TENANT_SEND_PACE);
  const perSecond = 1000 / TENANT_SEND_PACE.intervalMs;
  const hardLimit = TENANT_SEND_LIMITS[0]!.limit;

  it('paces below the Teams limit', () => {
    expect(TEAMS_TENANT_LIMIT_PER_SECOND).toBe(50);
    expect(perSecond).toBeLessThan(TEAMS_TENANT_LIMIT_PER_SECOND);
    expect(hardLimit).toBeLessThan(TEAMS_TENANT_LIMIT_PER_SECOND);
  });

  it('keeps its pace when timers fire up to 8 ms late, and never more than its limit in a second', () => {
    const random = seeded(7);
    const sends = drive(tenantLimiter(), 60, () => Math.floor(random() * 8));
    expect(sends.length / 60).toBeGreaterThan(perSecond - 0.5);
    expect(mostInAnyWindow(sends, 1000)).toBeLessThanOrEqual(hardLimit);
  });

  it('spreads sends evenly: 51 in a row span more than 1,030 ms, so a 30 ms squeeze stays under 50', () => {
    const random = seeded(11);
    const sends = drive(tenantLimiter(), 20, () => Math.floor(random() * 8));
    let shortest = Number.POSITIVE_INFINITY;
    for (let i = 50; i < sends.length; i++) shortest = Math.min(shortest, sends[i]! - sends[i - 50]!);
    expect(shortest).toBeGreaterThan(1030);
    // Never a whole second's worth at once.
    expect(mostInAnyWindow(sends, 1)).toBeLessThanOrEqual(2);
  });

  it('a sliding window alone would send a whole second of sends at once', () => {
    const sends = drive(new SlidingWindowLimiter(TENANT_SEND_LIMITS), 3, () => 0);
    expect(mostInAnyWindow(sends, 1)).toBe(hardLimit);
  });

  it('sends nothing while paused for a Retry-After, then resumes paced', () => {
    const limiter = tenantLimiter();
    drive(limiter, 1, () => 0);
    limiter.pause(3_000);
    expect(limiter.waitMs(1_500)).toBe(1_500);
    expect(limiter.pausedFor(2_000)).toBe(1_000);
    const after: number[] = [];
    let now = 3_000;
    while (after.length < 5) {
      const wait = limiter.waitMs(now);
      if (wait > 0) {
        now += wait;
        continue;
      }
      limiter.take(now);
      after.push(now);
    }
    expect(after[0]).toBe(3_000);
    expect(after[4]! - after[0]!).toBeGreaterThanOrEqual(Math.floor(3.5 * TENANT_SEND_PACE.intervalMs));
  });

  it('is idle only when nothing is remembered, paused or booked', () => {
    const limiter = tenantLimiter();
    expect(limiter.idle(0)).toBe(true);
    limiter.take(0);
    expect(limiter.idle(500)).toBe(false);
    expect(limiter.idle(1_001)).toBe(true);
  });
});

describe('conversation send limiter: 7 per second, 8 per 2 s, 60 per 30 s', () => {
  it('holds every window for a sender that always wants to send', () => {
    const sends = drive(new SlidingWindowLimiter(CONVERSATION_SEND_LIMITS), 120, () => 0);
    expect(mostInAnyWindow(sends, 1_000)).toBeLessThanOrEqual(7);
    expect(mostInAnyWindow(sends, 2_000)).toBeLessThanOrEqual(8);
    expect(mostInAnyWindow(sends, 30_000)).toBeLessThanOrEqual(60);
    // 60 per 30 s is the binding limit over two minutes.
    expect(sends.length).toBe(240);
  });
});
