import { TEST_EXCHANGE, testServiceContext } from '../../support/service-context';
import { describe, expect, it } from 'vitest';
import { parseTenantsFile, type TenantConfig } from '../../../services/config/tenants';
import type { ServiceContext } from '../../../services/context';
import {
  createNoticeWorker,
  type NoticeWorker,
  type NoticeWorkerOptions,
} from '../../../services/jobs/notice-worker';
import type { Scenario } from '../../../services/model/statuses';
import { type Notice, noticeId } from '../../../services/model/notice';
import { acknowledgeNotice } from '../../../services/notices/acknowledge';
import { DeliveryError, type DeliveryOutcome, type NoticeDelivery } from '../../../services/notices/delivery';
import { enqueueNotices } from '../../../services/notices/outbox';
import { readAll, type Stored } from '../../../services/store/document-store';

const TENANTS = parseTenantsFile({
  tenants: [
    {
      id: 'fabrikam',
      displayName: 'Fabrikam',
      scenarios: ['cross-tenant'],
      ...TEST_EXCHANGE,
      notices: { maxAttempts: 3 },
    },
    { id: 'tailspin', displayName: 'Tailspin Toys', scenarios: ['cross-tenant'], ...TEST_EXCHANGE },
  ],
});

async function setup(start = '2026-12-01T18:00:00Z') {
  const tenants = structuredClone(TENANTS);
  const { ctx } = await testServiceContext({
    tenants,
    now: () => new Date(start),
    dirPrefix: 'cutover-notice-worker-',
  });
  return { ctx, tenants };
}

function batchOf(tenantId: string, name = 'Wave 1', scenario: Scenario = 'cross-tenant') {
  return { id: `${tenantId}~${name.toLowerCase().replace(/ /g, '-')}`, tenantId, name, scenario };
}

function users(count: number, domain = 'fabrikam.com'): string[] {
  return Array.from({ length: count }, (_, i) => `user${String(i).padStart(3, '0')}@${domain}`);
}

interface Send {
  id: string;
  tenantId: string;
  at: number;
  worker?: string;
}

/** The channel side: records every send, and fails the sends it is told to fail. */
function testDelivery(
  options: {
    latencyMs?: () => number;
    conversation?: (notice: Notice) => string | undefined;
    /** Called on each send; a returned error is thrown instead of delivering. */
    fault?: (notice: Notice, attempt: number) => Error | undefined;
  } = {},
) {
  const sends: Send[] = [];
  const checks: string[] = [];
  const delivered = new Set<string>();
  const attempts = new Map<string, number>();
  const delivery: NoticeDelivery = {
    async send(notice: Notice, tenant: TenantConfig, ready): Promise<DeliveryOutcome> {
      await ready(options.conversation?.(notice));
      const attempt = (attempts.get(notice.id) ?? 0) + 1;
      attempts.set(notice.id, attempt);
      sends.push({ id: notice.id, tenantId: tenant.id, at: Date.now() });
      const latency = options.latencyMs?.() ?? 0;
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      const error = options.fault?.(notice, attempt);
      if (error) throw error;
      delivered.add(notice.id);
      return { channel: 'teams', userId: `aad-${notice.email}`, conversationKey: `chat-${notice.email}` };
    },
    async wasDelivered(notice) {
      checks.push(notice.id);
      return delivered.has(notice.id);
    },
  };
  return { delivery, sends, checks, delivered };
}

function worker(ctx: ServiceContext, delivery: NoticeDelivery, extra: Partial<NoticeWorkerOptions> = {}) {
  return createNoticeWorker(ctx, delivery, {
    instanceId: 'worker-a',
    leaseMs: 30_000,
    idleMs: 50,
    concurrency: 10,
    ...extra,
  });
}

/** A clock the test moves; the worker's waits move it too. */
function fakeClock(start = Date.parse('2026-12-01T18:00:00Z')) {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
    advance(ms: number) {
      t += ms;
    },
  };
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

const all = (ctx: ServiceContext) => readAll(ctx.repos.notices, {});
const read = async (ctx: ServiceContext, id: string) =>
  (await ctx.repos.notices.read(id.slice(0, id.indexOf(':')), id))!;

async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('notice worker', () => {
  it('sends every notice exactly once with two workers on one store', async () => {
    const { ctx } = await setup();
    await enqueueNotices(ctx, batchOf('fabrikam'), users(60), 'reset', ctx.now());
    await enqueueNotices(ctx, batchOf('tailspin'), users(40, 'tailspintoys.com'), 'reset', ctx.now());
    const { delivery, sends } = testDelivery({ latencyMs: () => Math.floor(Math.random() * 10) });
    const a = worker(ctx, delivery, { instanceId: 'worker-a' });
    const b = worker(ctx, delivery, { instanceId: 'worker-b' });
    const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);

    expect(sends).toHaveLength(100);
    expect(new Set(sends.map((s) => s.id)).size).toBe(100);
    expect(ra.sent + rb.sent).toBe(100);
    expect(ra.claimed + rb.claimed).toBe(100);
    expect(ra.batchIds.length + rb.batchIds.length).toBeGreaterThan(0);
    const notices = await all(ctx);
    expect(notices.every((n) => n.status === 'sent')).toBe(true);
    const one = notices.find((n) => n.email === 'user000@fabrikam.com')!;
    expect(one).toMatchObject({
      status: 'sent',
      channel: 'teams',
      userId: 'aad-user000@fabrikam.com',
      conversationKey: 'chat-user000@fabrikam.com',
      attempts: 1,
    });
    expect(one.lease).toBeUndefined();
    expect(one.sentAt).toBeDefined();
    expect(one.attemptsLog).toEqual([
      expect.objectContaining({
        outcome: 'sent',
        channel: 'teams',
        owner: expect.stringMatching(/^worker-/),
      }),
    ]);

    // Nothing is due any more.
    expect((await a.runOnce()).claimed).toBe(0);
    expect(sends).toHaveLength(100);
  });

  it('keeps each tenant to 50 sends in any second', async () => {
    const { ctx } = await setup();
    await enqueueNotices(ctx, batchOf('fabrikam'), users(130), 'reset', ctx.now());
    const { delivery, sends } = testDelivery();
    const started = Date.now();
    const result = await worker(ctx, delivery, { concurrency: 60 }).runOnce();
    const elapsed = Date.now() - started;

    expect(result.sent).toBe(130);
    expect(
      maxInWindow(
        sends.map((s) => s.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(50);
    // 130 sends need three windows; the limit is used, not undercut by much.
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(8_000);
  });

  it('keeps one conversation to 7 sends a second and 8 in two', async () => {
    const { ctx } = await setup();
    await enqueueNotices(ctx, batchOf('fabrikam'), users(9), 'reset', ctx.now());
    const { delivery, sends } = testDelivery({ conversation: () => 'one-shared-chat' });
    await worker(ctx, delivery, { concurrency: 9 }).runOnce();
    const times = sends.map((s) => s.at);
    expect(times).toHaveLength(9);
    expect(maxInWindow(times, 1_000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(times, 2_000)).toBeLessThanOrEqual(8);
  });

  it('holds back every send of a tenant for a 429 Retry-After, and only that tenant', async () => {
    const { ctx } = await setup();
    await enqueueNotices(ctx, batchOf('fabrikam'), users(3), 'reset', ctx.now());
    let throttledAt = 0;
    let throttled!: () => void;
    const throttle = new Promise<void>((resolve) => {
      throttled = resolve;
    });
    const { delivery, sends } = testDelivery({
      fault: (notice, attempt) => {
        if (notice.tenantId !== 'fabrikam' || throttledAt || attempt > 1) return undefined;
        throttledAt = Date.now();
        throttled();
        return new DeliveryError('Teams answered 429', { status: 429, retryAfterMs: 1_000 });
      },
    });
    const w = worker(ctx, delivery, { concurrency: 1 });
    w.start();
    try {
      await throttle;
      await enqueueNotices(ctx, batchOf('tailspin'), users(3, 'tailspintoys.com'), 'reset', ctx.now());
      w.wake();
      await waitFor(async () => (await all(ctx)).every((n) => n.status === 'sent'));
    } finally {
      await w.stop();
    }
    const fabrikam = sends.filter((s) => s.tenantId === 'fabrikam');
    const tailspin = sends.filter((s) => s.tenantId === 'tailspin');
    expect(fabrikam).toHaveLength(4); // one throttled attempt, then the three notices
    const afterThrottle = fabrikam.filter((s) => s.at > throttledAt);
    expect(afterThrottle).toHaveLength(3);
    for (const send of afterThrottle) expect(send.at).toBeGreaterThanOrEqual(throttledAt + 1_000);
    // The other tenant was not held back.
    expect(tailspin).toHaveLength(3);
    for (const send of tailspin) expect(send.at).toBeLessThan(throttledAt + 1_000);

    const retried = (await all(ctx)).find((n) => n.attemptsLog?.some((a) => a.status === 429))!;
    expect(retried).toMatchObject({ status: 'sent', attempts: 2 });
    expect(retried.attemptsLog!.map((a) => a.outcome)).toEqual(['retry', 'sent']);
  });

  it('backs off after 5xx and 412 with full jitter, then sends', async () => {
    const { ctx } = await setup();
    await enqueueNotices(ctx, batchOf('fabrikam'), ['adele.vance@fabrikam.com'], 'reset', ctx.now());
    const id = noticeId(batchOf('fabrikam').id, 'reset', 'adele.vance@fabrikam.com');
    const statuses = [503, 412];
    const { delivery, sends } = testDelivery({
      fault: (_notice, attempt) => {
        const status = statuses[attempt - 1];
        return status ? new DeliveryError(`Teams answered ${status}`, { status }) : undefined;
      },
    });
    const clock = fakeClock();
    const w = worker(ctx, delivery, { now: clock.now, sleep: clock.sleep, random: () => 0.5 });

    expect(await w.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    let notice = await read(ctx, id);
    expect(notice).toMatchObject({ status: 'pending', attempts: 1, error: 'Teams answered 503' });
    // Full jitter: half of min(60 s, 1 s × 2^0).
    expect(Date.parse(notice.nextAttemptAt!) - clock.now()).toBe(500);
    expect((await w.runOnce()).claimed).toBe(0);
    clock.advance(499);
    expect((await w.runOnce()).claimed).toBe(0);
    clock.advance(1);
    expect(await w.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    notice = await read(ctx, id);
    expect(Date.parse(notice.nextAttemptAt!) - clock.now()).toBe(1_000); // half of 2 s
    clock.advance(1_000);
    expect(await w.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    notice = await read(ctx, id);
    expect(notice).toMatchObject({ status: 'sent', attempts: 3 });
    expect(notice.error).toBeUndefined();
    expect(notice.nextAttemptAt).toBeUndefined();
    expect(notice.attemptsLog!.map((a) => [a.outcome, a.status])).toEqual([
      ['retry', 503],
      ['retry', 412],
      ['sent', undefined],
    ]);
    expect(sends).toHaveLength(3);
  });

  it('caps the backoff at 60 s', async () => {
    const { ctx, tenants } = await setup();
    tenants.tenants[0]!.notices.maxAttempts = 20;
    await enqueueNotices(ctx, batchOf('fabrikam'), ['adele.vance@fabrikam.com'], 'reset', ctx.now());
    const id = noticeId(batchOf('fabrikam').id, 'reset', 'adele.vance@fabrikam.com');
    const { delivery } = testDelivery({
      fault: () => new DeliveryError('Teams answered 502', { status: 502 }),
    });
    const clock = fakeClock();
    const w = worker(ctx, delivery, { now: clock.now, sleep: clock.sleep, random: () => 0.999_999 });
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      await w.runOnce();
      const wait = Date.parse((await read(ctx, id)).nextAttemptAt!) - clock.now();
      waits.push(wait);
      clock.advance(wait);
    }
    expect(waits).toEqual([999, 1_999, 3_999, 7_999, 15_999, 31_999, 59_999, 59_999, 59_999]);
  });

  it('fails a notice after maxAttempts with the reason, without throwing', async () => {
    const { ctx } = await setup();
    await enqueueNotices(ctx, batchOf('fabrikam'), ['adele.vance@fabrikam.com'], 'reset', ctx.now());
    const id = noticeId(batchOf('fabrikam').id, 'reset', 'adele.vance@fabrikam.com');
    const { delivery, sends } = testDelivery({
      fault: () => new DeliveryError('Teams answered 504', { status: 504 }),
    });
    const clock = fakeClock();
    const w = worker(ctx, delivery, { now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 5; i++) {
      await w.runOnce();
      clock.advance(60_000);
    }
    const notice = await read(ctx, id);
    expect(notice).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: 'Not delivered after 3 attempts: Teams answered 504',
    });
    expect(sends).toHaveLength(3);
    expect(notice.attemptsLog!.map((a) => a.outcome)).toEqual(['retry', 'retry', 'failed']);
  });

  it('fails at once on a permanent error or a 4xx that no retry can fix', async () => {
    const { ctx } = await setup();
    const batch = batchOf('fabrikam');
    await enqueueNotices(ctx, batch, ['a@fabrikam.com', 'b@fabrikam.com'], 'reset', ctx.now());
    const { delivery, sends } = testDelivery({
      fault: (notice) =>
        notice.email === 'a@fabrikam.com'
          ? new DeliveryError('No channel reached a@fabrikam.com (teams: no chat with the user yet).', {
              permanent: true,
            })
          : new DeliveryError('Teams answered 403', { status: 403 }),
    });
    expect(await worker(ctx, delivery).runOnce()).toMatchObject({ failed: 2 });
    expect(await read(ctx, noticeId(batch.id, 'reset', 'a@fabrikam.com'))).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'No channel reached a@fabrikam.com (teams: no chat with the user yet).',
    });
    expect((await read(ctx, noticeId(batch.id, 'reset', 'b@fabrikam.com'))).status).toBe('failed');
    expect(sends).toHaveLength(2);
  });

  describe('a notice left sending by a worker that died', () => {
    async function leftSending(ctx: ServiceContext, email: string): Promise<Stored<Notice>> {
      await enqueueNotices(ctx, batchOf('fabrikam'), [email], 'reset', ctx.now());
      const notice = await read(ctx, noticeId(batchOf('fabrikam').id, 'reset', email));
      return ctx.repos.notices.replace({
        ...notice,
        status: 'sending',
        attempts: 1,
        lease: { owner: 'worker-dead', until: new Date(Date.now() - 1).toISOString() },
      });
    }

    it('is marked sent without sending again when the channel has it', async () => {
      const { ctx } = await setup();
      const notice = await leftSending(ctx, 'adele.vance@fabrikam.com');
      const { delivery, sends, checks, delivered } = testDelivery();
      delivered.add(notice.id); // the dead worker's send had gone through
      const result = await worker(ctx, delivery).runOnce();
      expect(result).toMatchObject({ claimed: 1, recovered: 1, sent: 0 });
      expect(checks).toEqual([notice.id]);
      expect(sends).toEqual([]);
      const stored = await read(ctx, notice.id);
      expect(stored.status).toBe('sent');
      expect(stored.inDoubt).toBeUndefined();
      expect(stored.attemptsLog!.map((a) => a.outcome)).toEqual(['already-delivered']);
    });

    it('is sent once when the channel does not have it', async () => {
      const { ctx } = await setup();
      const notice = await leftSending(ctx, 'adele.vance@fabrikam.com');
      const { delivery, sends, checks } = testDelivery();
      const result = await worker(ctx, delivery).runOnce();
      expect(result).toMatchObject({ claimed: 1, sent: 1, recovered: 0 });
      expect(checks).toEqual([notice.id]);
      expect(sends.map((s) => s.id)).toEqual([notice.id]);
      expect((await read(ctx, notice.id)).status).toBe('sent');
    });

    it('is left alone while its lease holds', async () => {
      const { ctx } = await setup();
      const notice = await leftSending(ctx, 'adele.vance@fabrikam.com');
      await ctx.repos.notices.replace({
        ...notice,
        lease: { owner: 'worker-b', until: new Date(Date.now() + 60_000).toISOString() },
      });
      const { delivery, sends, checks } = testDelivery();
      expect((await worker(ctx, delivery).runOnce()).claimed).toBe(0);
      expect(sends).toEqual([]);
      expect(checks).toEqual([]);
    });

    it('is checked again before a retry when a send ended without an answer', async () => {
      const { ctx } = await setup();
      await enqueueNotices(ctx, batchOf('fabrikam'), ['adele.vance@fabrikam.com'], 'reset', ctx.now());
      const id = noticeId(batchOf('fabrikam').id, 'reset', 'adele.vance@fabrikam.com');
      const { delivery, sends, checks, delivered } = testDelivery({
        fault: (notice, attempt) => {
          if (attempt !== 1) return undefined;
          delivered.add(notice.id); // it arrived, but the answer was lost
          return new Error('socket hang up');
        },
      });
      const clock = fakeClock();
      const w = worker(ctx, delivery, { now: clock.now, sleep: clock.sleep });
      expect(await w.runOnce()).toMatchObject({ retried: 1 });
      expect((await read(ctx, id)).inDoubt).toBe(true);
      clock.advance(60_000);
      expect(await w.runOnce()).toMatchObject({ recovered: 1 });
      expect(sends).toHaveLength(1);
      expect(checks).toEqual([id]);
    });
  });

  it('cancels a reminder the user no longer needs, and notices of a tenant that turned them off', async () => {
    const { ctx, tenants } = await setup();
    const batch = batchOf('fabrikam');
    await enqueueNotices(ctx, batch, ['adele.vance@fabrikam.com'], 'reset', ctx.now());
    const resetId = noticeId(batch.id, 'reset', 'adele.vance@fabrikam.com');
    const { delivery, sends } = testDelivery();
    await worker(ctx, delivery).runOnce();
    await acknowledgeNotice(
      ctx,
      { id: 'aad-adele.vance@fabrikam.com' },
      { noticeId: resetId, answer: 'done' },
    );
    await enqueueNotices(ctx, batch, ['adele.vance@fabrikam.com'], 'reminder', ctx.now());
    expect(await worker(ctx, delivery).runOnce()).toMatchObject({ cancelled: 1, sent: 0 });
    const reminder = await read(ctx, noticeId(batch.id, 'reminder', 'adele.vance@fabrikam.com'));
    expect(reminder).toMatchObject({ status: 'cancelled', error: 'The user answered the first notice.' });

    await enqueueNotices(ctx, batchOf('tailspin'), ['kim@tailspintoys.com'], 'reset', ctx.now());
    tenants.tenants[1]!.notices.enabled = false;
    expect(await worker(ctx, delivery).runOnce()).toMatchObject({ cancelled: 1, sent: 0 });
    expect(sends).toHaveLength(1);
  });

  it('keeps the user answer that lands while the notice is being sent', async () => {
    const { ctx } = await setup();
    const batch = batchOf('fabrikam');
    await enqueueNotices(ctx, batch, ['adele.vance@fabrikam.com'], 'reset', ctx.now());
    const id = noticeId(batch.id, 'reset', 'adele.vance@fabrikam.com');
    const delivery: NoticeDelivery = {
      async send(notice, _tenant, ready) {
        await ready();
        // The user answers on the card before the worker has recorded the send.
        const stored = await read(ctx, notice.id);
        await ctx.repos.notices.replace({
          ...stored,
          userId: 'aad-adele',
          ack: { answer: 'done', at: new Date().toISOString(), by: { id: 'aad-adele' } },
        });
        return { channel: 'mail' };
      },
      async wasDelivered() {
        return false;
      },
    };
    expect(await worker(ctx, delivery).runOnce()).toMatchObject({ sent: 1 });
    expect(await read(ctx, id)).toMatchObject({
      status: 'sent',
      channel: 'mail',
      userId: 'aad-adele',
      ack: { answer: 'done' },
    });
  });

  it('stops its loop and hands back the notices it was waiting to send', async () => {
    const { ctx } = await setup();
    await enqueueNotices(ctx, batchOf('fabrikam'), users(60), 'reset', ctx.now());
    const { delivery, sends } = testDelivery();
    const w: NoticeWorker = worker(ctx, delivery, { concurrency: 60 });
    w.start();
    await waitFor(async () => sends.length >= 50);
    await w.stop();
    const notices = await all(ctx);
    expect(notices.filter((n) => n.status === 'sent')).toHaveLength(sends.length);
    const back = notices.filter((n) => n.status !== 'sent');
    expect(back.length).toBe(60 - sends.length);
    expect(back.every((n) => n.status === 'pending' && n.attempts === 0 && !n.lease)).toBe(true);
  });
});
