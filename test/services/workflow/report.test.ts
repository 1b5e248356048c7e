import { describe, expect, it } from 'vitest';
import { tenantsFileSchema } from '../../../services/config/tenants';
import type { HistorySample } from '../../../services/model/history';
import { batchReport, tenantReport } from '../../../services/workflow/report';
import { GENERAL_FIX, suggestedFix } from '../../../services/workflow/report-fixes';
import { hourlyMoves, progressLine } from '../../../services/workflow/report-series';
import { TEST_EXCHANGE, testServiceContext } from '../../support/service-context';

const t = (h: number, m = 0) => new Date(Date.UTC(2030, 0, 5, h, m)).toISOString();
const s = (at: string, done: number, bytes?: number): HistorySample => ({
  at,
  users: { waiting: 0, syncing: 0, ready: 0, completed: 0, failed: 0 },
  percent: done * 10,
  done,
  ...(bytes === undefined ? {} : { bytes }),
});

describe('report series', () => {
  it('counts what moved in each UTC hour, in mailboxes or in bytes when every sample has them', () => {
    const samples = [s(t(9, 10), 0), s(t(9, 50), 1), s(t(11, 5), 3), s(t(11, 40), 4)];
    expect(hourlyMoves(samples)).toEqual({
      unit: 'mailboxes',
      hours: [
        { hour: t(9), amount: 1 },
        { hour: t(10), amount: 0 },
        { hour: t(11), amount: 3 },
      ],
    });
    const bytes = hourlyMoves([s(t(9), 0, 0), s(t(10, 30), 1, 5e9)]);
    expect(bytes).toEqual({
      unit: 'bytes',
      hours: [
        { hour: t(9), amount: 0 },
        { hour: t(10), amount: 5e9 },
      ],
    });
  });

  it('thins a long progress line evenly, keeping the first and last points', () => {
    const samples = Array.from({ length: 200 }, (_, i) =>
      s(new Date(Date.UTC(2030, 0, 1) + i * 60_000).toISOString(), i),
    );
    const line = progressLine(samples, 24);
    expect(line).toHaveLength(24);
    expect(line[0]!.percent).toBe(0);
    expect(line.at(-1)!.percent).toBe(1990);
  });

  it('suggests a fix for each known error, and general advice otherwise', () => {
    expect(suggestedFix("Error: MigrationRecipientNotFoundException: A recipient wasn't found")).toMatch(
      /mail-enabled user/,
    );
    expect(suggestedFix('No license was found for the source recipient')).toMatch(/licence/);
    expect(suggestedFix('something odd')).toBe(GENERAL_FIX);
    expect(suggestedFix(undefined)).toBe(GENERAL_FIX);
  });
});

describe('report query', () => {
  it('reports a batch from the stored users and history, and a tenant over its batches, for viewers only', async () => {
    const tenants = tenantsFileSchema.parse({
      roles: {},
      tenants: [{ id: 'adatum', displayName: 'Adatum', ...TEST_EXCHANGE, roles: { viewer: ['v'] } }],
    });
    const { ctx } = await testServiceContext({ tenants, now: () => new Date(t(12)) });
    const batchId = 'adatum~w1';
    await ctx.repos.batches.create({
      id: batchId,
      pk: 'adatum',
      type: 'batch',
      tenantId: 'adatum',
      name: 'W1',
      nameKey: 'w1',
      scenario: 'staged',
      version: 1,
      state: 'Syncing',
      userCount: 3,
      createdBy: { id: 'v' },
      createdAt: t(8),
      updatedAt: t(11),
      summary: {
        total: 3,
        counts: { Syncing: 1, Completed: 1, Failed: 1 },
        percent: 80,
        failures: [{ email: 'c@adatum.com', status: 'Failed', error: 'no mail-enabled user' }],
        failureCount: 1,
        done: 2.4,
        samples: [],
        syncedAt: t(11),
      },
    });
    const user = (email: string, status: 'Syncing' | 'Completed' | 'Failed', error?: string) =>
      ctx.repos.batchUsers.create({
        id: `${batchId}~${email}`,
        pk: batchId,
        type: 'batchUser',
        tenantId: 'adatum',
        batchId,
        email,
        status,
        error,
        updatedAt: t(11),
      });
    await user('a@adatum.com', 'Syncing');
    await user('b@adatum.com', 'Completed');
    await user('c@adatum.com', 'Failed', 'no mail-enabled user for this address');
    await ctx.repos.history.create({
      id: 'history',
      pk: batchId,
      type: 'history',
      tenantId: 'adatum',
      batchId,
      samples: [s(t(9), 0), s(t(10, 30), 1.4), s(t(11), 2.4)],
      updatedAt: t(11),
    });
    const result = await batchReport(ctx, { id: 'v' }, { name: 'W1' });
    if (!result.ok) throw new Error(result.code);
    expect(result.report).toMatchObject({
      total: 3,
      users: { waiting: 0, syncing: 1, ready: 0, completed: 1, failed: 1 },
      // Staged: a mailbox whose data is being copied already receives mail.
      ready: { count: 2, emails: ['a@adatum.com', 'b@adatum.com'] },
      errors: { count: 1, items: [{ email: 'c@adatum.com', status: 'Failed' }] },
      complete: { done: false, completed: 1, failed: 1 },
    });
    expect(result.report.errors.items[0]!.fix).toMatch(/mail-enabled user/);
    expect(result.report.lines[0]!.points.map((p) => p.percent)).toEqual([0, 14, 24]);
    expect(result.report.hourly.hours.map((h) => h.amount)).toEqual([0, 1.4, 1]);

    const tenant = await tenantReport(ctx, { id: 'v' }, 'adatum');
    if (!tenant.ok) throw new Error(tenant.code);
    expect(tenant.report).toMatchObject({ batchCount: 1, total: 3, percent: 80, errors: { count: 1 } });
    expect(await batchReport(ctx, { id: 'stranger' }, { name: 'W1' })).toMatchObject({
      ok: false,
      code: 'batch.hidden',
    });
    expect(await tenantReport(ctx, { id: 'stranger' }, 'adatum')).toMatchObject({
      ok: false,
      code: 'tenant.no_role',
    });
    expect(await tenantReport(ctx, { id: 'v' }, 'nope')).toMatchObject({ ok: false, code: 'tenant.unknown' });
  });
});
