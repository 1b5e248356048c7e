import { describe, expect, it } from 'vitest';
import { type TenantsFile, tenantsFileSchema } from '../../../services/config/tenants';
import { runDigests, type TenantDigest } from '../../../services/jobs/digest';
import { createLeaseManager } from '../../../services/jobs/lease';
import { DIGEST_ATTEMPTS } from '../../../services/model/digest';
import { TEST_EXCHANGE, testServiceContext } from '../../support/service-context';

const tenants: TenantsFile = tenantsFileSchema.parse({
  roles: { viewer: ['v'] },
  tenants: [
    {
      id: 'adatum',
      displayName: 'Adatum',
      ...TEST_EXCHANGE,
      approval: { actions: [], deliver: { channelConversationId: '19:approvals@thread.tacv2' } },
      digest: { enabled: true, hourUtc: 8 },
    },
    { id: 'quiet', displayName: 'Quiet', ...TEST_EXCHANGE },
  ],
});

const at = (h: number, day = 5) => new Date(Date.UTC(2030, 0, day, h, 15));

async function seeded() {
  const { ctx } = await testServiceContext({ tenants, now: () => at(9) });
  const now = at(9).toISOString();
  await ctx.repos.batches.create({
    id: 'adatum~w1',
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
    createdAt: now,
    updatedAt: now,
    card: { conversationKey: 'c-main' },
    notices: { sent: 1, acknowledged: 0, help: 1, failed: 0, pending: 0 },
    summary: {
      total: 3,
      counts: { Syncing: 1, Completed: 1, Failed: 1 },
      percent: 80,
      failures: [{ email: 'c@adatum.com', status: 'Failed', error: 'no mail-enabled user' }],
      failureCount: 1,
      done: 2.4,
      samples: [],
    },
  });
  return ctx;
}

describe('daily digest', () => {
  it('is posted once per tenant and day, at or after its hour, by one of several instances', async () => {
    const ctx = await seeded();
    const posted: TenantDigest[] = [];
    const post = async (d: TenantDigest) => {
      posted.push(d);
      await new Promise((r) => setTimeout(r, 20));
      return 1;
    };
    const instance = (owner: string) => ({
      leases: createLeaseManager(ctx.repos, { owner, ttlMs: 60_000 }),
      post,
    });
    await runDigests(ctx, instance('a'), at(7));
    expect(posted).toHaveLength(0);
    await Promise.all(['a', 'b', 'c', 'd'].map((o) => runDigests(ctx, instance(o), at(8))));
    await runDigests(ctx, instance('b'), at(23));
    expect(posted).toHaveLength(1);
    const digest = posted[0]!;
    expect(digest).toMatchObject({
      tenantId: 'adatum',
      day: '2030-01-05',
      failed: { users: 1, batches: 1 },
      needsPerson: { approvals: [], help: 1, failedUsers: 1 },
      destination: { channelConversationId: '19:approvals@thread.tacv2', conversationKeys: [] },
    });
    expect(digest.batches.map((b) => b.name)).toEqual(['W1']);
    // The quiet tenant has no digest configured: nothing for it, no marker.
    expect((await ctx.repos.digests.query({})).items.map((m) => m.id)).toEqual(['adatum:2030-01-05']);
    await runDigests(ctx, instance('a'), at(8, 6));
    expect(posted.map((d) => d.day)).toEqual(['2030-01-05', '2030-01-06']);
  });

  it('tries a failed post again on later runs of the day, at most a few times', async () => {
    const ctx = await seeded();
    let tries = 0;
    const leases = createLeaseManager(ctx.repos, { owner: 'a', ttlMs: 60_000 });
    const failing = async () => {
      tries++;
      throw new Error('connector down');
    };
    for (let i = 0; i < 6; i++) await runDigests(ctx, { leases, post: failing }, at(9));
    expect(tries).toBe(DIGEST_ATTEMPTS);
    const marker = await ctx.repos.digests.read('digest:adatum', 'adatum:2030-01-05');
    expect(marker).toMatchObject({ status: 'failed', attempts: DIGEST_ATTEMPTS, error: 'connector down' });
  });
});
