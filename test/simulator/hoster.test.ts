import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator';
import { type Json, getTenants, invoke, invokeOk } from './sim-client';

const CUSTOMERS = ['alpineskihouse', 'cohowinery', 'proseware', 'wideworldimporters'];
const scopeOf = (ou: string) => `OU=${ou},OU=Customers,DC=hosting,DC=local`;

async function hoster(base: string): Promise<Json> {
  return (await fetch(`${base}/_simulator/hoster`)).json();
}

async function faults(base: string, body: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${base}/_simulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe("the hoster's world: one forest, one tenant per customer (seed 000)", () => {
  let sim: SimulatorHandle;
  let world: Json;
  let tenants: Json[];
  beforeAll(async () => {
    sim = await startSimulator({ speed: 60 });
    world = await hoster(sim.url);
    tenants = (await getTenants(sim.url)).filter((t) => CUSTOMERS.includes(t.name));
  });
  afterAll(() => sim.close());

  it('lists four customers of different sizes in one forest, one of 2,000+ users, each scoped to its OU', () => {
    expect(world.forest).toBe('hosting.local');
    expect(world.customers.map((c: Json) => [c.name, c.scopeOu, c.endpoint, c.mailUsers])).toEqual([
      ['alpineskihouse', scopeOf('AlpineSkiHouse'), 'AlpineSkiHouse-Hybrid', 120],
      ['cohowinery', scopeOf('CohoWinery'), 'CohoWinery-Hybrid', 40],
      ['proseware', scopeOf('Proseware'), 'Proseware-Hybrid', 12],
      ['wideworldimporters', scopeOf('WideWorldImporters'), 'WideWorldImporters-Hybrid', 2_400],
    ]);
    expect(tenants.map((t) => [t.name, t.role, t.recipients.length, t.onPremisesScope])).toEqual(
      world.customers.map((c: Json) => [c.name, 'hybrid', c.mailUsers, c.scopeOu]),
    );
    // Every tenant is its own: no address appears in two customers' tenants.
    const all = tenants.flatMap((t) => t.recipients.map((r: Json) => r.email));
    expect(new Set(all).size).toBe(all.length);
  });

  it("each customer's users are MailUsers synchronized from its own OU, except the one seeded into the wrong tenant", () => {
    const [wrong] = world.defects.filter((d: Json) => d.kind === 'synchronized-into-wrong-tenant');
    expect(wrong).toMatchObject({
      tenant: 'alpineskihouse',
      email: expect.stringMatching(/@alpineskihouse\.com$/),
    });
    expect(wrong.onPremisesDistinguishedName).toMatch(
      /,OU=Users,OU=CohoWinery,OU=Customers,DC=hosting,DC=local$/,
    );
    for (const tenant of tenants) {
      const outside = tenant.recipients.filter(
        (r: Json) => !r.onPremisesDistinguishedName.endsWith(`,OU=Users,${tenant.onPremisesScope}`),
      );
      expect(outside.map((r: Json) => r.email)).toEqual(
        tenant.name === 'alpineskihouse' ? [wrong.email] : [],
      );
      expect(tenant.recipients.every((r: Json) => r.recipientType === 'MailUser')).toBe(true);
    }
  });

  it('Get-MailUser shows where Entra Connect synchronized a user from', async () => {
    const [wrong] = world.defects;
    const [bag] = await invokeOk(sim.url, 'alpineskihouse.onmicrosoft.com', 'Get-MailUser', {
      Identity: wrong.email,
    });
    expect(bag.IsDirSynced).toBe(true);
    expect(bag.OnPremisesDistinguishedName).toBe(wrong.onPremisesDistinguishedName);
    expect(bag.ExternalEmailAddress).toMatch(/^SMTP:.+@onprem\.alpineskihouse\.com$/);
  });

  it('each tenant has its own hybrid endpoint and organization relationship; Proseware’s endpoint does not answer', async () => {
    for (const customer of world.customers as Json[]) {
      const domain = `${customer.name}.onmicrosoft.com`;
      const endpoints = await invokeOk(sim.url, domain, 'Get-MigrationEndpoint');
      expect(endpoints.map((e: Json) => [e.Identity, e.EndpointType])).toEqual([
        [customer.endpoint, 'ExchangeRemoteMove'],
      ]);
      const relationships = await invokeOk(sim.url, domain, 'Get-OrganizationRelationship');
      expect(relationships).toHaveLength(1);
      expect(relationships[0].Enabled).toBe(true);
      const [user] = tenants.find((t) => t.name === customer.name).recipients;
      const [test] = await invokeOk(sim.url, domain, 'Test-MigrationServerAvailability', {
        Endpoint: customer.endpoint,
        TestMailbox: user.email,
      });
      expect([customer.name, test.Result]).toEqual([
        customer.name,
        customer.endpointAnswers ? 'Success' : 'Failed',
      ]);
    }
    expect(world.defects[1]).toEqual({
      kind: 'endpoint-not-answering',
      tenant: 'proseware',
      endpoint: 'Proseware-Hybrid',
    });
  });

  it("throttles one tenant's InvokeCommand calls only, with Retry-After, and says so in the faults", async () => {
    const alpine = 'alpineskihouse.onmicrosoft.com';
    const coho = 'cohowinery.onmicrosoft.com';
    const set = await faults(sim.url, {
      tenantThrottle: { tenant: 'alpineskihouse', count: 2, retryAfterSeconds: 3 },
    });
    expect(set.status).toBe(200);
    const first = await invoke(sim.url, alpine, 'Get-MigrationBatch');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await invoke(sim.url, coho, 'Get-MigrationBatch')).status).toBe(200);
    expect((await invoke(sim.url, alpine, 'Get-MigrationBatch')).status).toBe(429);
    expect((await invoke(sim.url, alpine, 'Get-MigrationBatch')).status).toBe(200);
    const batchCalls = (tenant: string) =>
      sim.calls({ tenant, cmdlet: 'Get-MigrationBatch' }).map((c) => c.status);
    expect(batchCalls(alpine)).toEqual([429, 429, 200]);
    expect(batchCalls(coho)).toEqual([200]);
    const snapshot = (await (await fetch(`${sim.url}/_simulator/faults`)).json()) as Json;
    expect(snapshot.tenantThrottles).toEqual([
      { tenant: 'alpineskihouse', remaining: 0, until: null, retryAfterSeconds: 3, answered: 2 },
    ]);

    // For a time: every call of the tenant is refused until it ends; the others never are.
    await faults(sim.url, { tenantThrottle: { tenant: coho, seconds: 60 } });
    for (let i = 0; i < 3; i++) {
      expect((await invoke(sim.url, coho, 'Get-MailUser', { ResultSize: 1 })).status).toBe(429);
      expect((await invoke(sim.url, alpine, 'Get-MailUser', { ResultSize: 1 })).status).toBe(200);
    }
    await faults(sim.url, { reset: true });
    expect((await invoke(sim.url, coho, 'Get-MailUser', { ResultSize: 1 })).status).toBe(200);
  });

  it('refuses a tenant throttle for an unknown tenant or without count or seconds, changing nothing', async () => {
    const unknown = await faults(sim.url, { tenantThrottle: { tenant: 'nowhere', count: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/no tenant matches 'nowhere'/);
    const neither = await faults(sim.url, { tenantThrottle: { tenant: 'proseware' } });
    expect(neither.status).toBe(400);
    expect(neither.body.error.message).toMatch(/either count .* or seconds/);
    expect(((await (await fetch(`${sim.url}/_simulator/faults`)).json()) as Json).tenantThrottles).toEqual(
      [],
    );
  });
});
