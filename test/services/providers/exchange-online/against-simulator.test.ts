import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeNotFoundError } from '../../../../services/errors';
import {
  createExchangeOnlineProvider,
  createInvokeCommandClient,
  type InvokeCommandClientOptions,
  staticTokenCredential,
} from '../../../../services/providers/exchange-online';
import type { ProviderUser } from '../../../../services/providers/migration-provider';
import { type SimulatorHandle, startSimulator } from '../../../../simulator';

const ENDPOINT = 'Contoso-CrossTenant';
const DELIVERY_DOMAIN = 'northwindtraders.onmicrosoft.com';
const MINUTE = 60_000;

interface ListedTenant {
  domain: string;
  role: string;
  endpoints: { name: string }[];
  recipients: { email: string; recipientType: string; sizeBytes: number; seededFailure?: string }[];
}

/** The target tenant (the one with the cross-tenant endpoint) and its MailUsers that can move. */
async function targetTenant(url: string) {
  const tenants = (await (await fetch(`${url}/_simulator/tenants`)).json()) as ListedTenant[];
  const target = tenants.find((t) => t.role === 'target' && t.endpoints.some((e) => e.name === ENDPOINT));
  if (!target) throw new Error('the simulator lists no target tenant with the cross-tenant endpoint');
  const mailUsers = target.recipients.filter(
    (r) => r.recipientType === 'MailUser' && !r.seededFailure && r.email.endsWith('@northwindtraders.com'),
  );
  return { domain: target.domain, mailUsers };
}

function csvOf(emails: string[]): string {
  return ['EmailAddress', ...emails].join('\r\n');
}

/** A simulator whose clock the test can move forward; call times stay real-time apart. */
async function startClockedSimulator(extraMailUsers = 0) {
  let offset = 0;
  const sim = await startSimulator({ extraMailUsers, now: () => Date.now() + offset });
  const { domain, mailUsers } = await targetTenant(sim.url);
  const clientOptions = (extra: Partial<InvokeCommandClientOptions> = {}): InvokeCommandClientOptions => ({
    baseUrl: sim.url,
    tenant: domain,
    credential: staticTokenCredential('simulator-token'),
    ...extra,
  });
  return {
    sim,
    domain,
    mailUsers,
    clientOptions,
    provider: createExchangeOnlineProvider(clientOptions()),
    advance: (ms: number) => {
      offset += ms;
    },
  };
}

describe('Exchange Online provider against the simulator', () => {
  let world: Awaited<ReturnType<typeof startClockedSimulator>>;
  let sim: SimulatorHandle;
  let nextUser = 0;
  const takeUsers = (count: number) => {
    const slice = world.mailUsers.slice(nextUser, nextUser + count);
    nextUser += count;
    if (slice.length < count) throw new Error(`the simulator has only ${world.mailUsers.length} MailUsers`);
    return slice;
  };

  beforeAll(async () => {
    world = await startClockedSimulator(1100);
    sim = world.sim;
  });
  afterAll(() => sim.close());

  it('reads the cross-tenant migration endpoint', async () => {
    expect(await world.provider.getEndpoint(ENDPOINT)).toEqual({
      identity: ENDPOINT,
      endpointType: 'ExchangeRemoteMove',
      remoteServer: 'outlook.office.com',
      remoteTenant: 'contoso.onmicrosoft.com',
    });
  });

  it('creates a batch and reads it back', async () => {
    const users = takeUsers(3);
    sim.clearCalls();
    const created = await world.provider.createBatch(
      {
        name: 'Wave-Create',
        csv: csvOf(users.map((u) => u.email)),
        sourceEndpoint: ENDPOINT,
        targetDeliveryDomain: DELIVERY_DOMAIN,
        notificationEmails: ['admin@northwindtraders.com'],
      },
      { requestId: 'act-create' },
    );
    const read = await world.provider.getBatch('Wave-Create');

    expect(created).toMatchObject({
      identity: 'Wave-Create',
      status: 'Created',
      totalCount: 3,
      sourceEndpoint: ENDPOINT,
      targetDeliveryDomain: DELIVERY_DOMAIN,
    });
    expect(created.creationDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(read).toEqual(created);
    const [call] = sim.calls({ cmdlet: 'New-MigrationBatch' });
    expect(call).toMatchObject({ status: 200, requestId: 'act-create' });
    expect(call?.parameters['CSVData']).toMatchObject({ '@odata.type': '#Exchange.ByteArrayType' });
    const page = await world.provider.listUsers('Wave-Create');
    expect(page.nextLink).toBeUndefined();
    expect(page.users.map((u) => u.emailAddress).sort()).toEqual(users.map((u) => u.email).sort());
    expect(page.users.every((u) => u.batchId === 'Wave-Create')).toBe(true);
  });

  it('pages listUsers through a batch of 1,001 users', async () => {
    const users = takeUsers(1001);
    await world.provider.createBatch({
      name: 'Wave-Big',
      csv: csvOf(users.map((u) => u.email)),
      sourceEndpoint: ENDPOINT,
      targetDeliveryDomain: DELIVERY_DOMAIN,
    });
    sim.clearCalls();
    const seen: ProviderUser[] = [];
    let nextLink: string | undefined;
    let pages = 0;
    do {
      const page = await world.provider.listUsers('Wave-Big', { nextLink }, { requestId: 'act-page' });
      seen.push(...page.users);
      nextLink = page.nextLink;
      pages++;
    } while (nextLink && pages < 10);

    expect(seen).toHaveLength(1001);
    expect(new Set(seen.map((u) => u.emailAddress))).toEqual(new Set(users.map((u) => u.email)));
    const calls = sim.calls({ cmdlet: 'Get-MigrationUser' });
    expect(calls.map((c) => [c.status, c.page, c.requestId])).toEqual([
      [200, 1, 'act-page'],
      [200, 2, 'act-page'],
    ]);
    expect(calls.every((c) => c.parameters['BatchId'] === 'Wave-Big')).toBe(true);

    sim.clearCalls();
    const small = await world.provider.listUsers('Wave-Big', { pageSize: 400 });
    expect(small.users).toHaveLength(400);
    expect(small.nextLink).toBeDefined();
  });

  it("turns the not-found envelope into ExchangeNotFoundError with Exchange's text", async () => {
    const client = createInvokeCommandClient(world.clientOptions());
    const err = await client.invoke('Get-MigrationBatch', { Identity: 'Wave-Missing' }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(err).toBeInstanceOf(ExchangeNotFoundError);
    expect(err).toMatchObject({
      httpStatus: 404,
      errorId: 'Ex6F9304',
      exceptionClass: 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException',
    });
    expect((err as ExchangeNotFoundError).exchangeMessage).toMatch(
      /^The operation couldn't be performed because object 'Wave-Missing' couldn't be found on '.+'\.$/,
    );
    expect(await world.provider.getBatch('Wave-Missing')).toBeNull();
    expect(await world.provider.getUserStatistics('nobody@northwindtraders.com')).toBeNull();
    await expect(world.provider.startBatch('Wave-Missing')).rejects.toBeInstanceOf(ExchangeNotFoundError);
  });

  it('honours the 429 Retry-After before retrying', async () => {
    sim.clearCalls();
    sim.faults.throttle(1, 1);
    const started = Date.now();
    const batch = await world.provider.getBatch('Wave-Create', { requestId: 'act-throttle' });

    expect(batch?.identity).toBe('Wave-Create');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const calls = sim.calls({ cmdlet: 'Get-MigrationBatch' });
    expect(calls.map((c) => [c.status, c.requestId])).toEqual([
      [429, 'act-throttle'],
      [200, 'act-throttle'],
    ]);
    const [first, second] = calls;
    expect(Date.parse(second?.at ?? '') - Date.parse(first?.at ?? '')).toBeGreaterThanOrEqual(950);
  });

  it('retries server errors and succeeds', async () => {
    sim.clearCalls();
    sim.faults.serverErrors(2, 503);
    const provider = createExchangeOnlineProvider(world.clientOptions({ baseDelayMs: 10 }));
    expect(await provider.getEndpoint(ENDPOINT)).toMatchObject({ identity: ENDPOINT });
    expect(sim.calls({ cmdlet: 'Get-MigrationEndpoint' }).map((c) => c.status)).toEqual([503, 503, 200]);
  });
});

describe('batch lifecycle against the simulator', () => {
  let world: Awaited<ReturnType<typeof startClockedSimulator>>;

  beforeAll(async () => {
    world = await startClockedSimulator();
  });
  afterAll(() => world.sim.close());

  it('reflects start, stop, complete and remove in the call log and in getBatch', async () => {
    const { provider, sim, advance } = world;
    const users = world.mailUsers.slice(0, 2);
    await provider.createBatch({
      name: 'Wave-Life',
      csv: csvOf(users.map((u) => u.email)),
      sourceEndpoint: ENDPOINT,
      targetDeliveryDomain: DELIVERY_DOMAIN,
    });
    sim.clearCalls();

    await provider.startBatch('Wave-Life', { requestId: 'act-start' });
    expect((await provider.getBatch('Wave-Life'))?.status).toBe('Starting');
    advance(5 * MINUTE);
    expect((await provider.getBatch('Wave-Life'))?.status).toBe('Syncing');

    await provider.stopBatch('Wave-Life');
    expect((await provider.getBatch('Wave-Life'))?.status).toBe('Stopping');
    advance(5 * MINUTE);
    expect((await provider.getBatch('Wave-Life'))?.status).toBe('Stopped');

    await provider.startBatch('Wave-Life');
    advance(24 * 60 * MINUTE);
    const synced = await provider.getBatch('Wave-Life');
    expect(synced).toMatchObject({ status: 'Synced', syncedCount: 2, totalCount: 2 });

    const stats = await provider.getUserStatistics(users[0]?.email ?? '');
    expect(stats).toMatchObject({
      emailAddress: users[0]?.email,
      batchId: 'Wave-Life',
      status: 'Synced',
      statusSummary: 'Synced',
      estimatedTotalTransferSize: users[0]?.sizeBytes,
    });

    const at = new Date(Date.now() + 48 * 60 * MINUTE);
    await provider.completeBatch('Wave-Life', at);
    expect((await provider.getBatch('Wave-Life'))?.completeAfter).toBe(at.toISOString());

    await provider.completeBatch('Wave-Life', undefined, { requestId: 'act-complete' });
    expect((await provider.getBatch('Wave-Life'))?.status).toBe('Completing');
    advance(60 * MINUTE);
    expect(await provider.getBatch('Wave-Life')).toMatchObject({ status: 'Completed', finalizedCount: 2 });

    await provider.removeBatch('Wave-Life');
    expect(await provider.getBatch('Wave-Life')).toBeNull();

    const lifecycle = sim
      .calls()
      .filter((c) => c.cmdlet !== 'Get-MigrationBatch' && c.cmdlet !== 'Get-MigrationUserStatistics');
    expect(lifecycle.map((c) => [c.cmdlet, c.status, c.parameters])).toEqual([
      ['Start-MigrationBatch', 200, { Identity: 'Wave-Life' }],
      ['Stop-MigrationBatch', 200, { Identity: 'Wave-Life' }],
      ['Start-MigrationBatch', 200, { Identity: 'Wave-Life' }],
      ['Set-MigrationBatch', 200, { Identity: 'Wave-Life', CompleteAfter: at.toISOString() }],
      ['Complete-MigrationBatch', 200, { Identity: 'Wave-Life', Confirm: false }],
      ['Remove-MigrationBatch', 200, { Identity: 'Wave-Life', Confirm: false }],
    ]);
    expect(lifecycle[0]?.requestId).toBe('act-start');
    expect(lifecycle[4]?.requestId).toBe('act-complete');
  });
});
