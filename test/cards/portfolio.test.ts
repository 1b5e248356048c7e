import { describe, expect, it } from 'vitest';
import { portfolioCard } from '../../cards/portfolio';
import { PORTFOLIO_FILTERS, portfolio } from '../../services/workflow/portfolio';
import { cardActions, cardText } from '../support/cutover';
import { CARD_SIZE_LIMIT, expectValidCard } from '../support/card-schema';
import { manyTenants, seedPortfolio } from '../support/portfolio-store';
import { testServiceContext } from '../support/service-context';

const NOW = new Date('2026-03-02T09:00:00Z');

/** Teams refuses a message whose card payload is over about 28 KB. */
const TEAMS_CARD_PAYLOAD = 28 * 1024;

const line = (over: Partial<Parameters<typeof portfolioCard>[0]['lines'][number]> = {}) => ({
  tenantId: 'alpine',
  displayName: 'Alpine Ski House',
  batches: 2,
  byState: [
    { state: 'Syncing', count: 1 },
    { state: 'Synced', count: 1 },
  ],
  usersMoved: 30,
  usersTotal: 120,
  failedUsers: 0,
  failedBatches: 0,
  pendingApprovals: 0,
  ...over,
});
const totals = { batches: 2, usersMoved: 30, usersTotal: 120, failures: 0, approvals: 0 };

describe('portfolio card', () => {
  it('shows one line per tenant with its states, users moved, failures, approvals, next cutover and worst problem', () => {
    const card = portfolioCard({
      lines: [
        line({
          tenantId: 'coho',
          displayName: 'Coho Winery',
          failedUsers: 5,
          pendingApprovals: 2,
          worst: '5 failed users in C1',
          nextCutover: { at: '2026-03-03T18:00:00Z', batchName: 'C1' },
        }),
        line(),
      ],
      page: 1,
      pageCount: 1,
      tenantCount: 2,
      filters: PORTFOLIO_FILTERS,
      totals,
    });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('Coho Winery');
    expect(text).toContain('2 batches: 1 Syncing · 1 Synced');
    expect(text).toContain(
      '30 of 120 users moved · 5 failed users · 2 approvals waiting · next cutover 2026-03-03 18:00 UTC (C1)',
    );
    expect(text).toContain('5 failed users in C1');
    expect(text).toContain('No problems');
    expect(text.indexOf('Coho Winery')).toBeLessThan(text.indexOf('Alpine Ski House'));
    const actions = cardActions(card);
    expect(actions.filter((a) => a.verb === 'portfolio.tenant').map((a) => a.data)).toEqual([
      { tenantId: 'coho' },
      { tenantId: 'alpine' },
    ]);
    // Filters: one button each (the sixth and later under More); no paging on a single page.
    expect(actions.filter((a) => a.verb === 'portfolio.page').map((a) => a.data.state)).toEqual([
      ...PORTFOLIO_FILTERS,
    ]);
    expect(actions.some((a) => a.title === 'Next' || a.title === 'Previous')).toBe(false);
  });

  it('offers All tenants when filtered, and Previous / Next that keep the filter', () => {
    const card = portfolioCard({
      lines: [line()],
      page: 2,
      pageCount: 3,
      tenantCount: 21,
      filter: 'moving',
      filters: PORTFOLIO_FILTERS,
      totals,
    });
    expectValidCard(card);
    expect(cardText(card)).toContain('Showing tenants with: Moving.');
    expect(cardText(card)).toContain('Page 2 of 3');
    const actions = cardActions(card);
    expect(actions.find((a) => a.title === 'All tenants')?.data).toEqual({ page: 1 });
    expect(actions.find((a) => a.title === 'Previous')?.data).toEqual({ page: 1, state: 'moving' });
    expect(actions.find((a) => a.title === 'Next')?.data).toEqual({ page: 3, state: 'moving' });
    expect(actions.some((a) => a.data.state === 'moving' && a.title === 'Moving')).toBe(false);
  });

  it('says so when no tenant matches a filter', () => {
    const card = portfolioCard({
      lines: [],
      page: 1,
      pageCount: 1,
      tenantCount: 0,
      filter: 'failed',
      filters: PORTFOLIO_FILTERS,
      totals: { batches: 0, usersMoved: 0, usersTotal: 0, failures: 0, approvals: 0 },
    });
    expectValidCard(card);
    expect(cardText(card)).toContain('No tenant matches this filter.');
  });

  it('stays readable and small at 50 tenants: ten a page, every page under Teams’ limit', async () => {
    const { ctx } = await testServiceContext({ tenants: manyTenants(50), now: () => NOW });
    await seedPortfolio(ctx, { tenants: 50, batchesPerTenant: 10 });
    for (let page = 1; page <= 5; page++) {
      const result = await portfolio(ctx, { id: 'admin-1' }, { page });
      if (!result.ok) throw new Error(result.code);
      const card = portfolioCard({ ...result, filters: PORTFOLIO_FILTERS });
      expectValidCard(card);
      const bytes = Buffer.byteLength(JSON.stringify(card));
      expect(bytes).toBeLessThan(TEAMS_CARD_PAYLOAD);
      expect(bytes).toBeLessThan(CARD_SIZE_LIMIT);
      expect(cardActions(card).filter((a) => a.verb === 'portfolio.tenant')).toHaveLength(10);
      expect(cardText(card)).toContain(`Page ${page} of 5`);
    }
  });
});
