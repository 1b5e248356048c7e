import { describe, expect, it } from 'vitest';
import { parseTenantsFile } from '../../../services/config/tenants';
import { PORTFOLIO_PAGE_SIZE, portfolio } from '../../../services/workflow/portfolio';
import { approvalDoc, batchDoc, manyTenants, seedPortfolio } from '../../support/portfolio-store';
import { TEST_EXCHANGE, testServiceContext } from '../../support/service-context';

const NOW = new Date('2026-03-02T09:00:00Z');
const now = () => NOW;
const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();

const TENANTS = parseTenantsFile({
  roles: { admin: ['hoster'] },
  tenants: ['alpine', 'coho', 'proseware', 'wideworld'].map((id) => ({
    ...TEST_EXCHANGE,
    id,
    displayName: id[0]!.toUpperCase() + id.slice(1),
    scenarios: ['hybrid'],
    roles: { operator: [`${id}-operator`] },
  })),
});

async function world() {
  const { ctx } = await testServiceContext({ tenants: TENANTS, now });
  const put = (seed: Parameters<typeof batchDoc>[0]) => ctx.repos.batches.create(batchDoc(seed, NOW));
  // Alpine: moving, a scheduled cutover tomorrow; 1 approval waiting.
  const alpine = await put({
    tenantId: 'alpine',
    name: 'A1',
    state: 'Synced',
    users: 100,
    counts: { Synced: 100 },
    completeAfter: hours(24),
  });
  await put({ tenantId: 'alpine', name: 'A2', state: 'Syncing', users: 20, counts: { Syncing: 20 } });
  await ctx.repos.approvals.create(approvalDoc(alpine, NOW));
  // Coho: failed users; the earlier of two scheduled cutovers is shown; an expired approval is not counted.
  const coho = await put({
    tenantId: 'coho',
    name: 'C1',
    state: 'SyncedWithErrors',
    users: 40,
    counts: { Synced: 35, Failed: 5 },
    completeAfter: hours(48),
  });
  await put({
    tenantId: 'coho',
    name: 'C2',
    state: 'Completed',
    users: 10,
    counts: { Completed: 9, CompletedWithWarnings: 1 },
    completeAfter: hours(-2),
  });
  await ctx.repos.approvals.create({ ...approvalDoc(coho, NOW), expiresAt: hours(-1) });
  // Proseware: a batch that failed as a whole, and a removed one that is left out.
  await put({ tenantId: 'proseware', name: 'P1', state: 'Failed', users: 12, counts: {} });
  await put({ tenantId: 'proseware', name: 'Gone', state: 'Removed', users: 3, counts: {} });
  // Wide World: nothing yet.
  return ctx;
}

describe('portfolio: every tenant the caller sees, one line each, worst problem first', () => {
  it('counts batches by state, users moved / total, failures, approvals and the next cutover', async () => {
    const ctx = await world();
    const result = await portfolio(ctx, { id: 'hoster' });
    if (!result.ok) throw new Error(result.code);
    expect(result.lines.map((l) => l.tenantId)).toEqual(['coho', 'proseware', 'alpine', 'wideworld']);
    const [coho, proseware, alpine, wideworld] = result.lines;
    expect(coho).toMatchObject({
      batches: 2,
      byState: [
        { state: 'Completed', count: 1 },
        { state: 'SyncedWithErrors', count: 1 },
      ],
      usersMoved: 10,
      usersTotal: 50,
      failedUsers: 5,
      failedBatches: 0,
      pendingApprovals: 0,
      nextCutover: { at: hours(48), batchName: 'C1' },
      worst: '5 failed users in C1',
    });
    expect(proseware).toMatchObject({
      batches: 1,
      failedBatches: 1,
      worst: '1 failed batch',
      usersTotal: 12,
    });
    expect(alpine).toMatchObject({
      usersMoved: 0,
      usersTotal: 120,
      pendingApprovals: 1,
      nextCutover: { at: hours(24), batchName: 'A1' },
      worst: '1 approval waiting',
    });
    expect(wideworld).toMatchObject({ batches: 0, byState: [], usersTotal: 0 });
    expect(wideworld!.worst).toBeUndefined();
    expect(result.totals).toEqual({
      tenants: 4,
      batches: 5,
      usersMoved: 10,
      usersTotal: 182,
      failures: 6,
      approvals: 1,
    });
  });

  it("shows a customer's operator only their own tenant", async () => {
    const ctx = await world();
    const result = await portfolio(ctx, { id: 'alpine-operator' });
    if (!result.ok) throw new Error(result.code);
    expect(result.lines.map((l) => l.tenantId)).toEqual(['alpine']);
    expect(result.totals.batches).toBe(2);
    const none = await portfolio(ctx, { id: 'stranger' });
    expect(none).toMatchObject({ ok: false, code: 'tenant.none' });
  });

  it('filters by state: failures, approvals, moving, ready for cutover, scheduled, completed', async () => {
    const ctx = await world();
    const ids = async (
      filter: Parameters<typeof portfolio>[2] extends infer O
        ? O extends { filter?: infer F }
          ? F
          : never
        : never,
    ) => {
      const result = await portfolio(ctx, { id: 'hoster' }, { filter });
      if (!result.ok) throw new Error(result.code);
      return result.lines.map((l) => l.tenantId);
    };
    expect(await ids('failed')).toEqual(['coho', 'proseware']);
    expect(await ids('approval')).toEqual(['alpine']);
    expect(await ids('moving')).toEqual(['alpine']);
    expect(await ids('synced')).toEqual(['coho', 'alpine']);
    expect(await ids('scheduled')).toEqual(['coho', 'alpine']);
    expect(await ids('completed')).toEqual(['coho']);
  });

  it('pages 50 tenants ten at a time; a page past the end shows the last', async () => {
    const { ctx } = await testServiceContext({ tenants: manyTenants(50), now });
    await seedPortfolio(ctx, { tenants: 50, batchesPerTenant: 2 });
    const first = await portfolio(ctx, { id: 'admin-1' });
    if (!first.ok) throw new Error(first.code);
    expect(first).toMatchObject({ page: 1, pageCount: 5, tenantCount: 50 });
    expect(first.lines).toHaveLength(PORTFOLIO_PAGE_SIZE);
    // Tenants with failed users (every seventh) come first, the one that also waits on an approval
    // (35) ahead of the others; then those with approvals (every fifth).
    expect(first.lines.slice(0, 7).map((l) => l.tenantId)).toEqual(
      ['35', '07', '14', '21', '28', '42', '49'].map((n) => `customer-${n}`),
    );
    expect(first.lines.slice(7).every((l) => l.pendingApprovals === 1)).toBe(true);
    const seen = new Set<string>();
    for (let page = 1; page <= 5; page++) {
      const result = await portfolio(ctx, { id: 'admin-1' }, { page });
      if (!result.ok) throw new Error(result.code);
      for (const line of result.lines) seen.add(line.tenantId);
    }
    expect(seen.size).toBe(50);
    const past = await portfolio(ctx, { id: 'admin-1' }, { page: 99 });
    expect(past).toMatchObject({ ok: true, page: 5 });
  });
});
