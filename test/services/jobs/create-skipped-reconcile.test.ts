import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTenantsFile } from '../../../services/config/tenants';
import type { Milestone } from '../../../services/context';
import { batchCsv } from '../../../services/csv/parse-batch-csv';
import { createdDetail, runIntent } from '../../../services/jobs/run-intent';
import { intentId } from '../../../services/model/intent';
import {
  createExchangeOnlineProvider,
  staticTokenCredential,
} from '../../../services/providers/exchange-online';
import { createBatch } from '../../../services/workflow/create-batch';
import { type SimulatorHandle, startSimulator } from '../../../simulator';
import { TEST_EXCHANGE, testServiceContext } from '../../support/service-context';
import { northwindUsers } from '../../support/simulator-data';

const TENANTS = parseTenantsFile({
  tenants: [
    {
      id: 'northwind',
      displayName: 'Northwind',
      scenarios: ['cross-tenant'],
      ...TEST_EXCHANGE,
      roles: { operator: ['op-1'] },
    },
  ],
});
const OPERATOR = { id: 'op-1', name: 'Olga Operator' };

describe('a create that took effect before a crash still tells who Exchange left out', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({});
  });
  afterAll(() => sim.close());

  it('reads the left-out users from the batch ValidationWarnings when it reconciles', async () => {
    const provider = createExchangeOnlineProvider({
      baseUrl: sim.url,
      tenant: 'northwindtraders.onmicrosoft.com',
      credential: staticTokenCredential('test-token'),
    });
    const { ctx } = await testServiceContext({ tenants: TENANTS, now: () => new Date(), provider });
    const milestones: { milestone: Milestone; skipped: unknown }[] = [];
    ctx.events = {
      ...ctx.events,
      async milestone(batch, milestone) {
        milestones.push({ milestone, skipped: batch.skipped });
      },
    };
    const [taken, a, b] = await northwindUsers(sim.url, 3);
    const exchange = {
      sourceEndpoint: 'Contoso-CrossTenant',
      targetDeliveryDomain: TEST_EXCHANGE.targetDeliveryDomain,
    };
    await provider.createBatch({ name: 'Held', csv: batchCsv([taken!]), ...exchange });

    const created = await createBatch(ctx, OPERATOR, {
      tenantId: 'northwind',
      scenario: 'cross-tenant',
      name: 'Crash',
      csv: ['EmailAddress', taken, a, b].join('\n'),
    });
    if (!created.ok) throw new Error(created.code);
    expect(created.batch.userCount).toBe(3);
    // The process called New-MigrationBatch and died before it recorded the outcome.
    await provider.createBatch({ name: 'Crash', csv: batchCsv([taken!, a!, b!]), ...exchange });

    const id = intentId(created.batch.id, 'create', 1);
    const intent = await ctx.repos.intents.read(created.batch.id, id);
    await runIntent(ctx, intent!);

    expect(sim.calls({ cmdlet: 'New-MigrationBatch' })).toHaveLength(2);
    const reason = `The user '${taken}' already exists in migration batch 'Held'.`;
    const done = await ctx.repos.intents.read(created.batch.id, id);
    expect(done).toMatchObject({ status: 'done', reconciled: true });
    expect(done?.create?.emails.sort()).toEqual([a, b].sort());
    const batch = await ctx.repos.batches.read('northwind', created.batch.id);
    expect(batch).toMatchObject({
      state: 'Created',
      userCount: 2,
      skipped: { count: 1, users: [{ email: taken, reason }] },
    });
    expect(batch?.summary?.total).toBe(2);
    expect(milestones).toEqual([{ milestone: 'users_left_out', skipped: batch?.skipped }]);
    const audit = await ctx.repos.audit.query({ pk: created.batch.id, where: { outcome: 'done' } });
    expect(audit.items.map((e) => e.detail)).toEqual([
      `2 users in Exchange; 1 left out: ${taken}: ${reason}`,
    ]);
  });

  it('bounds the audit line: 20 users listed, then how many more', () => {
    const skipped = Array.from({ length: 23 }, (_, i) => ({ email: `u${i}@x.com`, reason: 'r' }));
    const detail = createdDetail(0, skipped);
    expect(detail.startsWith('0 users in Exchange; 23 left out: u0@x.com: r; ')).toBe(true);
    expect(detail).toContain('u19@x.com: r; and 3 more');
    expect(detail).not.toContain('u20@x.com');
    expect(createdDetail(1, [])).toBe('1 user in Exchange');
  });
});
