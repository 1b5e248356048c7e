import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../services';
import { parseTenantsFile } from '../../../services/config/tenants';
import type { Batch } from '../../../services/model/batch';
import { createBatch } from '../../../services/workflow/create-batch';
import { requestAction } from '../../../services/workflow/request-action';
import type { SimulatorHandle } from '../../../simulator';
import { eventually } from '../../support/cutover';
import { TEST_EXCHANGE } from '../../support/service-context';
import { startServicesOnSimulator } from '../../support/services-on-simulator';
import { northwindUsers } from '../../support/simulator-data';

const TENANTS = parseTenantsFile({
  tenants: [
    {
      id: 'northwind',
      displayName: 'Northwind Traders',
      scenarios: ['cross-tenant'],
      ...TEST_EXCHANGE,
      connection: { ...TEST_EXCHANGE.connection, tenant: 'northwindtraders.onmicrosoft.com' },
      roles: { operator: ['op-1'], viewer: ['view-1'] },
    },
  ],
});
const OPERATOR = { id: 'op-1', name: 'Olga Operator' };
const VIEWER = { id: 'view-1', name: 'Vic Viewer' };

/**
 * requestAction called directly, over the real services on the local store with the simulator as
 * Exchange (the same requests over HTTP: test/e2e/commands.test.ts, approvals.test.ts): who may ask,
 * which card version counts, which state allows what, and that a refusal writes nothing.
 */
describe('requestAction, called directly', () => {
  let stack: Awaited<ReturnType<typeof startServicesOnSimulator>>;
  let sim: SimulatorHandle;
  let services: Services;
  let emails: string[];

  beforeAll(async () => {
    stack = await startServicesOnSimulator({ tenants: TENANTS, name: 'request-action' });
    ({ sim, services } = stack);
    emails = await northwindUsers(sim.url, 4);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const read = (name: string) =>
    services.ctx.repos.batches.read('northwind', `northwind~${name.toLowerCase()}`);

  /** A batch Exchange has created, as the create intent leaves it. */
  async function createdBatch(name: string, users: string[]): Promise<Batch> {
    const created = await createBatch(services.ctx, OPERATOR, {
      tenantId: 'northwind',
      scenario: 'cross-tenant',
      name,
      csv: `EmailAddress\n${users.join('\n')}`,
    });
    expect(created.ok).toBe(true);
    await eventually(async () => (await read(name))?.state === 'Created', 10_000, `${name} created`);
    await eventually(
      async () => (await read(name))?.pending === undefined,
      10_000,
      `${name}'s create intent finished`,
    );
    return (await read(name))!;
  }

  it('refuses a viewer, a stale card and an action the state does not allow, writing nothing', async () => {
    const batch = await createdBatch('Refusals', emails.slice(0, 2));
    const viewer = await requestAction(services.ctx, VIEWER, 'remove', {
      batchId: batch.id,
      version: batch.version,
    });
    expect(viewer).toMatchObject({ ok: false, code: 'action.forbidden' });
    const stale = await requestAction(services.ctx, OPERATOR, 'remove', {
      batchId: batch.id,
      version: batch.version - 1,
    });
    expect(stale).toMatchObject({ ok: false, code: 'batch.stale' });
    // A batch that has not synced cannot be cut over now.
    const early = await requestAction(services.ctx, OPERATOR, 'complete', { batchId: batch.id, at: 'now' });
    expect(early.ok).toBe(false);
    const after = await read('Refusals');
    expect(after?.version).toBe(batch.version);
    expect(after?.pending).toBeUndefined();
    const intents = await services.ctx.repos.intents.read(batch.id, `${batch.id}:remove:v${batch.version}`);
    expect(intents ?? undefined).toBeUndefined();
  });

  it('records an accepted action once for two racing requests: the next version, and an intent named by the version asked on', async () => {
    const batch = await createdBatch('Accepted', emails.slice(2, 4));
    const [first, second] = await Promise.all([
      requestAction(services.ctx, OPERATOR, 'remove', { batchId: batch.id, version: batch.version }),
      requestAction(services.ctx, OPERATOR, 'remove', { batchId: batch.id, version: batch.version }),
    ]);
    const accepted = [first, second].filter((r) => r.ok);
    expect(accepted).toHaveLength(1);
    expect([first, second].find((r) => !r.ok)).toMatchObject({ ok: false });
    const stored = await read('Accepted');
    expect(stored?.version).toBe(batch.version + 1);
    expect(stored?.pending?.action).toBe('remove');
    const intentId = stored?.pending?.intentId;
    // The intent's id names the version the request was made on: its idempotency key.
    expect(intentId).toBe(`${batch.id}:remove:v${batch.version}`);
    const intent = await services.ctx.repos.intents.read(batch.id, intentId!);
    expect(intent).toMatchObject({ action: 'remove', batchId: batch.id, requestedBy: { id: 'op-1' } });
  });
});
