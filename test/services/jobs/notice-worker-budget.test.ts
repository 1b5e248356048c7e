import { describe, expect, it } from 'vitest';
import { parseTenantsFile, type TenantConfig } from '../../../services/config/tenants';
import { createNoticeWorker } from '../../../services/jobs/notice-worker';
import type { Notice } from '../../../services/model/notice';
import { DeliveryError, type DeliveryOutcome, type NoticeDelivery } from '../../../services/notices/delivery';
import { enqueueNotices } from '../../../services/notices/outbox';
import { readAll } from '../../../services/store/document-store';
import { TEST_EXCHANGE, testServiceContext } from '../../support/service-context';

const TENANTS = parseTenantsFile({
  tenants: [{ id: 'fabrikam', displayName: 'Fabrikam', scenarios: ['cross-tenant'], ...TEST_EXCHANGE }],
});

const batch = {
  id: 'fabrikam~wave-1',
  tenantId: 'fabrikam',
  name: 'Wave 1',
  scenario: 'cross-tenant' as const,
};

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

function recordingDelivery(fault?: (notice: Notice, attempt: number) => Error | undefined) {
  const sends: { id: string; at: number }[] = [];
  const attempts = new Map<string, number>();
  const delivery: NoticeDelivery = {
    async send(notice: Notice, _tenant: TenantConfig, ready): Promise<DeliveryOutcome> {
      await ready();
      const attempt = (attempts.get(notice.id) ?? 0) + 1;
      attempts.set(notice.id, attempt);
      sends.push({ id: notice.id, at: Date.now() });
      const error = fault?.(notice, attempt);
      if (error) throw error;
      return { channel: 'teams', userId: `aad-${notice.email}`, conversationKey: `chat-${notice.email}` };
    },
    async wasDelivered() {
      return false;
    },
  };
  return { delivery, sends };
}

const users = (count: number) => Array.from({ length: count }, (_, i) => `user${i}@fabrikam.com`);

describe('notice workers in two instances share one send budget per tenant', () => {
  it('keeps the tenant to 50 sends in any second, whatever the number of workers', {
    timeout: 20_000,
  }, async () => {
    const { ctx } = await testServiceContext({ tenants: TENANTS, now: () => new Date() });
    await enqueueNotices(ctx, batch, users(150), 'reset', ctx.now());
    const { delivery, sends } = recordingDelivery();
    const options = { leaseMs: 30_000, idleMs: 50, concurrency: 60 };
    const a = createNoticeWorker(ctx, delivery, { ...options, instanceId: 'instance-a' });
    const b = createNoticeWorker(ctx, delivery, { ...options, instanceId: 'instance-b' });
    const started = Date.now();
    const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
    const elapsed = Date.now() - started;

    expect(ra.sent + rb.sent).toBe(150);
    expect(ra.sent).toBeGreaterThan(0);
    expect(rb.sent).toBeGreaterThan(0);
    expect(new Set(sends.map((s) => s.id)).size).toBe(150);
    expect(
      maxInWindow(
        sends.map((s) => s.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(49);
    // 150 sends at 48 a second for the tenant: about three seconds, not half that.
    expect(elapsed).toBeGreaterThanOrEqual(2_900);
    const budget = (await readAll(ctx.repos.sendBudgets, {}))[0]!;
    expect(budget).toMatchObject({ tenantId: 'fabrikam', type: 'sendBudget' });
    expect(budget.claims).toBeLessThanOrEqual(150 / 8);
  });

  it("holds the other instance's sends back for a 429's Retry-After too", { timeout: 20_000 }, async () => {
    const { ctx } = await testServiceContext({ tenants: TENANTS, now: () => new Date() });
    await enqueueNotices(ctx, batch, users(1), 'reset', ctx.now());
    let throttledAt = 0;
    const { delivery: throttling } = recordingDelivery((_notice, attempt) => {
      if (attempt > 1) return undefined;
      throttledAt = Date.now();
      return new DeliveryError('Teams answered 429', { status: 429, retryAfterMs: 1_500 });
    });
    const options = { leaseMs: 30_000, idleMs: 50, concurrency: 10 };
    await createNoticeWorker(ctx, throttling, { ...options, instanceId: 'instance-a' }).runOnce();
    expect(throttledAt).toBeGreaterThan(0);
    // The shared schedule is paused: another instance's first send waits for the end of the 429's wait.
    await enqueueNotices(
      ctx,
      { ...batch, id: 'fabrikam~wave-2', name: 'Wave 2' },
      users(3),
      'reset',
      ctx.now(),
    );
    const { delivery, sends } = recordingDelivery();
    const b = createNoticeWorker(ctx, delivery, { ...options, instanceId: 'instance-b' });
    await b.runOnce();
    const wave2 = sends.filter((s) => s.id.startsWith('fabrikam~wave-2'));
    expect(wave2).toHaveLength(3);
    for (const send of wave2) expect(send.at).toBeGreaterThanOrEqual(throttledAt + 1_500);
  });
});
