import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendBudgetId } from '../../../services/model/send-budget';
import { TENANT_SEND_BUDGET } from '../../../services/notices/rate-limit';
import { TenantSendBudget } from '../../../services/notices/send-budget';
import { type SlotBlock, storeSendSchedule } from '../../../services/notices/send-budget-store';
import { createCosmosStore } from '../../../services/store/cosmos-store';
import type { DocumentStore } from '../../../services/store/document-store';
import { type Repositories, repositories } from '../../../services/store/repositories';
import { type CosmosTestServer, startCosmosTestServer } from '../store/cosmos-test-server';

const INTERVAL = TENANT_SEND_BUDGET.intervalMs;

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

describe('shared notice send budget on Cosmos DB, two instances', () => {
  let server: CosmosTestServer;
  const stores: DocumentStore[] = [];
  let a: Repositories;
  let b: Repositories;

  beforeAll(async () => {
    server = await startCosmosTestServer();
    // Two clients on one database: two instances sharing the store.
    for (let i = 0; i < 2; i++) {
      const store = createCosmosStore({
        endpoint: server.endpoint,
        databaseId: 'budget',
        key: 'test-account-key',
      });
      await store.init();
      stores.push(store);
    }
    [a, b] = stores.map(repositories) as [Repositories, Repositories];
  });

  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await server.close();
  });

  it('hands out disjoint blocks to claims racing from both instances (If-Match)', async () => {
    const schedule = (repos: Repositories, owner: string) =>
      storeSendSchedule(repos.sendBudgets, { tenantId: 'race', owner, intervalMs: INTERVAL, now: Date.now });
    const sa = schedule(a, 'instance-a');
    const sb = schedule(b, 'instance-b');
    const blocks: SlotBlock[] = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? sa : sb).claim(10 + i)),
    );
    blocks.sort((x, y) => x.from - y.from);
    for (let i = 1; i < blocks.length; i++) {
      const previous = blocks[i - 1]!;
      expect(blocks[i]!.from).toBeGreaterThanOrEqual(previous.from + previous.count * INTERVAL - 1e-6);
    }
    const doc = await a.sendBudgets.read(sendBudgetId('race'), sendBudgetId('race'));
    expect(doc).toMatchObject({ type: 'sendBudget', tenantId: 'race', claims: 20 });
    const last = blocks.at(-1)!;
    expect(doc!.cursor).toBeCloseTo(last.from + last.count * INTERVAL, 6);
  });

  it('keeps two instances sending together to one rate, with few store writes', {
    timeout: 20_000,
  }, async () => {
    const sends: { owner: string; at: number }[] = [];
    const errors: unknown[] = [];
    const run = async (repos: Repositories, owner: string, total: number) => {
      const budget = new TenantSendBudget({
        ...TENANT_SEND_BUDGET,
        schedule: storeSendSchedule(repos.sendBudgets, {
          tenantId: 'fabrikam',
          owner,
          intervalMs: INTERVAL,
          now: Date.now,
        }),
        now: Date.now,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        onError: (error) => errors.push(error),
      });
      let started = 0;
      // 60 senders in hand at once, as a worker has notices waiting for their slot.
      const sender = async () => {
        while (started < total) {
          started++;
          if (await budget.acquire()) sends.push({ owner, at: Date.now() });
        }
      };
      await Promise.all(Array.from({ length: 60 }, sender));
      return budget.stats;
    };
    const began = Date.now();
    const [statsA, statsB] = await Promise.all([run(a, 'instance-a', 120), run(b, 'instance-b', 120)]);
    const elapsed = Date.now() - began;

    expect(errors).toEqual([]);
    expect(sends).toHaveLength(240);
    // Each alone would send 48 a second; together they keep to the tenant's one budget.
    expect(
      maxInWindow(
        sends.map((s) => s.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(49);
    expect(elapsed).toBeGreaterThanOrEqual(239 * INTERVAL - 50);
    expect(elapsed).toBeLessThan(8_000);
    // Interleaved, not one after the other: both sent in the first half.
    const firstHalf = sends.filter((s) => s.at < began + elapsed / 2);
    expect(new Set(firstHalf.map((s) => s.owner))).toEqual(new Set(['instance-a', 'instance-b']));
    // One write per claimed block, blocks of up to 48: far fewer writes than sends.
    const doc = await b.sendBudgets.read(sendBudgetId('fabrikam'), sendBudgetId('fabrikam'));
    expect(doc!.claims).toBe(statsA.claims + statsB.claims);
    expect(doc!.claims).toBeLessThanOrEqual(240 / TENANT_SEND_BUDGET.minSlots);
  });
});
