import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, ConflictError } from '../../../services/errors';
import { type SendBudgetDoc, sendBudgetId } from '../../../services/model/send-budget';
import { TENANT_SEND_BUDGET } from '../../../services/notices/rate-limit';
import { TenantSendBudget } from '../../../services/notices/send-budget';
import { storeSendSchedule } from '../../../services/notices/send-budget-store';
import type { Container, Stored } from '../../../services/store/document-store';

const START = Date.parse('2026-12-01T18:00:00Z');
const INTERVAL = TENANT_SEND_BUDGET.intervalMs;

/**
 * A simulated clock: `sleep` registers a timer, and `run` moves time to the next timer whenever every
 * task is waiting (nothing else runs in between), so hours of sending take milliseconds and every wait
 * ends exactly on time unless a test adds lateness.
 */
function simulatedClock(lateness: () => number = () => 0) {
  let t = START;
  const timers: { at: number; resolve: () => void }[] = [];
  const settle = async () => {
    for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    now: () => t,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => timers.push({ at: t + Math.max(0, ms) + lateness(), resolve })),
    async run(done: () => boolean): Promise<void> {
      for (;;) {
        await settle();
        if (done()) return;
        if (timers.length === 0) throw new Error('every task waits for something that never comes');
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift()!;
        t = Math.max(t, next.at);
        next.resolve();
      }
    },
  };
}

/** The store port in memory (read, create, conditional replace), counting writes. */
function memoryContainer(): Container<SendBudgetDoc> & { writes: number; doc(): SendBudgetDoc | undefined } {
  const docs = new Map<string, Stored<SendBudgetDoc>>();
  let etag = 0;
  const container = {
    name: 'sendBudgets',
    writes: 0,
    doc: () => docs.get(sendBudgetId('fabrikam')),
    async read(_pk: string, id: string) {
      const doc = docs.get(id);
      return doc ? structuredClone(doc) : null;
    },
    async create(doc: SendBudgetDoc) {
      if (docs.has(doc.id)) throw new AlreadyExistsError('sendBudgets', doc.id);
      container.writes++;
      const stored = { ...doc, _etag: String(++etag) };
      docs.set(doc.id, stored);
      return structuredClone(stored);
    },
    async replace(doc: Stored<SendBudgetDoc>) {
      if (docs.get(doc.id)?._etag !== doc._etag) throw new ConflictError('sendBudgets', doc.id);
      container.writes++;
      const stored = { ...doc, _etag: String(++etag) };
      docs.set(doc.id, stored);
      return structuredClone(stored);
    },
    async upsert(): Promise<never> {
      throw new Error('not used');
    },
    async delete() {},
    async query(): Promise<never> {
      throw new Error('not used');
    },
  };
  return container;
}

type Clock = ReturnType<typeof simulatedClock>;

function budgetFor(repo: Container<SendBudgetDoc>, clock: Clock, owner: string) {
  const errors: unknown[] = [];
  const budget = new TenantSendBudget({
    ...TENANT_SEND_BUDGET,
    schedule: storeSendSchedule(repo, {
      tenantId: 'fabrikam',
      owner,
      intervalMs: INTERVAL,
      now: clock.now,
      sleep: clock.sleep,
    }),
    now: clock.now,
    sleep: clock.sleep,
    onError: (error) => errors.push(error),
  });
  return { budget, errors };
}

/** `senders` senders in parallel, each taking slots until `total` sends were made; records each send. */
function sendThrough(budget: TenantSendBudget, clock: Clock, total: number, senders: number) {
  const sends: number[] = [];
  let started = 0;
  const sender = async () => {
    while (started < total) {
      started++;
      if (!(await budget.acquire())) return;
      sends.push(clock.now());
    }
  };
  const all = Promise.all(Array.from({ length: senders }, sender));
  let finished = false;
  void all.then(() => {
    finished = true;
  });
  return { sends, done: () => finished };
}

/** The most sends in any `windowMs` (measured from each send). */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe('shared notice send budget (simulated clock)', () => {
  it('keeps two instances together to one tenant rate, each slot used once, one write per block', async () => {
    const clock = simulatedClock();
    const repo = memoryContainer();
    const a = budgetFor(repo, clock, 'instance-a');
    const b = budgetFor(repo, clock, 'instance-b');
    const sa = sendThrough(a.budget, clock, 960, 250);
    const sb = sendThrough(b.budget, clock, 960, 250);
    await clock.run(() => sa.done() && sb.done());

    const all = [...sa.sends, ...sb.sends].sort((x, y) => x - y);
    expect(all).toHaveLength(1_920);
    // Both instances sent all along, yet the tenant saw one schedule: slots an interval apart (waits
    // are whole milliseconds, so a send leaves up to 1 ms after its slot).
    for (let i = 1; i < all.length; i++) expect(all[i]! - all[i - 1]!).toBeGreaterThan(INTERVAL - 1);
    expect(maxInWindow(all, 1_000)).toBeLessThanOrEqual(49);
    // 1,920 sends at 48 per second take 40 s: the budget is used, not undercut.
    const seconds = (all.at(-1)! - all[0]!) / 1_000;
    expect(seconds).toBeGreaterThan(39.9);
    expect(seconds).toBeLessThan(40.5);
    // Each instance had its share of the time, not one after the other.
    const firstHalf = (sends: number[]) => sends.filter((t) => t < START + 20_000).length;
    expect(firstHalf(sa.sends)).toBeGreaterThan(300);
    expect(firstHalf(sb.sends)).toBeGreaterThan(300);
    // One store write per block of 48 (and no slot lost between blocks).
    expect(repo.doc()!.claims).toBeLessThanOrEqual(1_920 / 48 + 2);
    expect(repo.writes).toBe(repo.doc()!.claims);
    expect(a.budget.stats.missed + b.budget.stats.missed).toBeLessThanOrEqual(2 * 48);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('lets one instance alone keep the full rate, without a gap between its blocks', async () => {
    const clock = simulatedClock();
    const repo = memoryContainer();
    const { budget } = budgetFor(repo, clock, 'instance-a');
    const s = sendThrough(budget, clock, 480, 250);
    await clock.run(s.done);
    expect(s.sends).toHaveLength(480);
    expect(s.sends[0]).toBe(START);
    expect(Math.abs(s.sends.at(-1)! - s.sends[0]! - 479 * INTERVAL)).toBeLessThan(1);
    expect(maxInWindow(s.sends, 1_000)).toBeLessThanOrEqual(49);
    // Ten blocks of 48, and at most one more claimed ahead while the last one was used.
    expect(repo.doc()!.claims).toBeLessThanOrEqual(11);
    expect(budget.stats.missed).toBe(0);
  });

  it('never sends in a slot that went by: late wake-ups lose slots, not the limit', async () => {
    let n = 0;
    // Every third wake-up is 5 to 35 ms late (a busy event loop).
    const clock = simulatedClock(() => (++n % 3 === 0 ? 5 + (n % 31) : 0));
    const repo = memoryContainer();
    const a = budgetFor(repo, clock, 'instance-a');
    const b = budgetFor(repo, clock, 'instance-b');
    const sa = sendThrough(a.budget, clock, 600, 250);
    const sb = sendThrough(b.budget, clock, 600, 250);
    await clock.run(() => sa.done() && sb.done());
    const all = [...sa.sends, ...sb.sends];
    expect(all).toHaveLength(1_200);
    expect(maxInWindow(all, 1_000)).toBeLessThanOrEqual(49);
    // Every send is at most `lateMs` (under one interval) after a slot of the shared schedule.
    for (const t of all) {
      const offset = (t - START) % INTERVAL;
      expect(offset < TENANT_SEND_BUDGET.lateMs + 1e-6 || INTERVAL - offset < 1e-6).toBe(true);
    }
    expect(a.budget.stats.missed + b.budget.stats.missed).toBeGreaterThan(0);
  });

  it('holds every instance back for a 429 Retry-After', async () => {
    const clock = simulatedClock();
    const repo = memoryContainer();
    const a = budgetFor(repo, clock, 'instance-a');
    const b = budgetFor(repo, clock, 'instance-b');
    const first = sendThrough(a.budget, clock, 10, 10);
    await clock.run(first.done);
    const throttledAt = clock.now();
    a.budget.pause(throttledAt + 1_000);
    expect(a.budget.pausedFor(throttledAt)).toBe(1_000);
    const sa = sendThrough(a.budget, clock, 20, 10);
    const sb = sendThrough(b.budget, clock, 20, 10);
    await clock.run(() => sa.done() && sb.done());
    for (const t of [...sa.sends, ...sb.sends]) expect(t).toBeGreaterThanOrEqual(throttledAt + 1_000);
    expect(repo.doc()!.pausedUntil).toBe(throttledAt + 1_000);
    expect(maxInWindow([...sa.sends, ...sb.sends], 1_000)).toBeLessThanOrEqual(49);
  });

  it('does not wait for a schedule written by an instance whose clock is far ahead', async () => {
    const clock = simulatedClock();
    const repo = memoryContainer();
    const skewed = { ...clock, now: () => clock.now() + 3_600_000 };
    const ahead = storeSendSchedule(repo, {
      tenantId: 'fabrikam',
      owner: 'b',
      intervalMs: INTERVAL,
      now: skewed.now,
    });
    await ahead.claim(48);
    await ahead.pause(skewed.now() + 30_000);
    const { budget } = budgetFor(repo, clock, 'instance-a');
    const s = sendThrough(budget, clock, 5, 5);
    await clock.run(s.done);
    expect(s.sends).toEqual(Array.from({ length: 5 }, (_, i) => START + Math.ceil(i * INTERVAL)));
  });

  it('claims a small block for a few notices, and hands waiting senders false when aborted', async () => {
    const clock = simulatedClock();
    const repo = memoryContainer();
    const { budget } = budgetFor(repo, clock, 'instance-a');
    const one = sendThrough(budget, clock, 1, 1);
    await clock.run(one.done);
    expect(repo.doc()!.lastClaim).toMatchObject({ owner: 'instance-a', slots: TENANT_SEND_BUDGET.minSlots });

    // A second later the slots left in hand went by; another instance holds the next ten seconds: a
    // sender here waits, and is let go on abort.
    void clock.sleep(1_000);
    await clock.run(() => clock.now() >= START + 1_000);
    const other = storeSendSchedule(repo, {
      tenantId: 'fabrikam',
      owner: 'b',
      intervalMs: INTERVAL,
      now: clock.now,
    });
    const held = await other.claim(480);
    expect(held.from).toBe(START + 1_000);
    const waiting = sendThrough(budget, clock, 3, 3);
    await clock.run(() => budget.waiting === 3 && repo.doc()!.claims === 3);
    expect(repo.doc()!.lastClaim.from).toBeCloseTo(START + 1_000 + 480 * INTERVAL, 6);
    budget.abort();
    await clock.run(waiting.done);
    expect(waiting.sends).toEqual([]);
  });
});
