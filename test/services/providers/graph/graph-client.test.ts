import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { staticTokenCredential } from '../../../../services/providers/exchange-online';
import {
  createGraphDirectory,
  GraphAuthError,
  GraphError,
  GraphThrottledError,
  GraphTransportError,
  type GraphHttpOptions,
  graphRequest,
} from '../../../../services/providers/graph';
import { CONTOSO_SCOPE_GROUP_ID, type SimulatorHandle, startSimulator } from '../../../../simulator';

const TOKEN = 'graph-secret-token-123';
const UNLICENSED = 'isabel.ferreira@northwindtraders.com';

interface ListedRecipient {
  email: string;
  recipientTypeDetails: string;
  objectId: string;
}

describe('Graph directory against the simulator', () => {
  let sim: SimulatorHandle;
  let contosoUsers: ListedRecipient[];
  let sleeps: number[];
  const options = (extra: Partial<GraphHttpOptions> = {}): GraphHttpOptions => ({
    baseUrl: sim.url,
    credential: staticTokenCredential(TOKEN),
    sleep: async (ms) => void sleeps.push(ms),
    ...extra,
  });

  beforeAll(async () => {
    sim = await startSimulator({ extraMailUsers: 1000 });
    const [contoso] = await (await fetch(`${sim.url}/_simulator/tenants?tenant=contoso`)).json();
    contosoUsers = contoso.recipients.filter(
      (r: ListedRecipient) => r.recipientTypeDetails === 'UserMailbox',
    );
  });
  afterEach(() => {
    sim.faults.reset();
    sleeps = [];
  });
  afterAll(() => sim.close());

  it('reads licence part numbers by UPN or object id, and null for an unknown user', async () => {
    const graph = createGraphDirectory(options());
    const [first] = contosoUsers;
    const targetAddress = first?.email.replace('@contoso.com', '@northwindtraders.com') ?? '';
    expect(await graph.licenseSkus(targetAddress)).toEqual(['CROSS_TENANT_USER_DATA_MIGRATION']);
    expect(await graph.licenseSkus(first?.objectId ?? '')).toEqual(['ENTERPRISEPACK']);
    expect(await graph.licenseSkus(UNLICENSED)).toEqual([]);
    expect(await graph.licenseSkus('nobody@northwindtraders.com')).toBeNull();
    const call = sim.calls({ cmdlet: 'GET licenseDetails' })[0];
    expect(call?.parameters).toEqual({ user: targetAddress });
  });

  it('reads every user of the scope group across pages, without the nested group itself', async () => {
    sim.clearCalls();
    const members = await createGraphDirectory(options()).groupMembers(CONTOSO_SCOPE_GROUP_ID);
    expect(members.sort()).toEqual(contosoUsers.map((u) => u.email.toLowerCase()).sort());
    const calls = sim.calls({ cmdlet: 'GET transitiveMembers' });
    expect(calls).toHaveLength(2);
    expect(calls[0]?.parameters).toMatchObject({ $top: '999' });
  });

  it('honours Retry-After on 429 and backs off on 503 and 504 before answering', async () => {
    const graph = createGraphDirectory(options());
    sim.faults.throttle(2, 3);
    expect(await graph.licenseSkus(UNLICENSED)).toEqual([]);
    expect(sleeps).toEqual([3000, 3000]);

    sleeps = [];
    sim.faults.serverErrors(1, 503);
    expect(await graph.licenseSkus(UNLICENSED)).toEqual([]);
    sim.faults.serverErrors(1, 504);
    expect(await graph.licenseSkus(UNLICENSED)).toEqual([]);
    expect(sleeps).toHaveLength(2);
    expect(sleeps.every((ms) => ms >= 0 && ms <= 500)).toBe(true);
  });

  it('gives up after maxAttempts with GraphThrottledError naming the Graph operation', async () => {
    const graph = createGraphDirectory(options({ maxAttempts: 3 }));
    sim.faults.throttle(5, 1);
    const error = await graph.licenseSkus(UNLICENSED).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphThrottledError);
    expect(error).toMatchObject({
      status: 429,
      operation: 'GET /users/{id}/licenseDetails',
      graphCode: 'TooManyRequests',
    });
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('does not retry other failures, and maps them to typed errors', async () => {
    sim.faults.serverErrors(1, 500);
    const error = await createGraphDirectory(options())
      .licenseSkus(UNLICENSED)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 500, graphCode: 'generalException' });
    expect(sleeps).toEqual([]);
    const badPage = await createGraphDirectory(options())
      .groupMembers('00000000-0000-0000-0000-000000000009')
      .catch((e: unknown) => e);
    expect(badPage).toMatchObject({ code: 'graph_not_found', status: 404 });
  });

  it('turns a missing token into GraphAuthError', async () => {
    const graph = createGraphDirectory(
      options({ credential: { getToken: async () => ({ token: '', expiresOnTimestamp: 0 }) } }),
    );
    await expect(graph.licenseSkus(UNLICENSED)).rejects.toBeInstanceOf(GraphAuthError);
  });

  it('never puts the token in an error, even when the server echoes it', async () => {
    const echo: typeof fetch = async (_url, init) => {
      const auth = new Headers(init?.headers).get('authorization') ?? '';
      return new Response(JSON.stringify({ error: { code: 'Oops', message: `bad ${auth}` } }), {
        status: 400,
      });
    };
    const error = await graphRequest(options({ fetch: echo }), {
      method: 'GET',
      path: '/v1.0/me',
      operation: 'GET /me',
    }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as Error).message).not.toContain(TOKEN);
    expect((error as Error).message).toContain('[redacted]');
  });

  it('refuses a nextLink on another origin', async () => {
    const foreign: typeof fetch = async () =>
      new Response(JSON.stringify({ value: [], '@odata.nextLink': 'https://evil.example/v1.0/next' }), {
        status: 200,
      });
    const error = await createGraphDirectory(options({ fetch: foreign }))
      .groupMembers(CONTOSO_SCOPE_GROUP_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphTransportError);
    expect((error as Error).message).toContain('https://evil.example');
  });

  it('sends a JSON body for writes, for later Graph calls', async () => {
    let seen: { method?: string; type?: string | null; body?: unknown } = {};
    const capture: typeof fetch = async (_url, init) => {
      seen = { method: init?.method, type: new Headers(init?.headers).get('content-type'), body: init?.body };
      return new Response(null, { status: 202 });
    };
    const response = await graphRequest(options({ fetch: capture }), {
      method: 'POST',
      path: '/v1.0/users/a@b.com/sendMail',
      body: { message: { subject: 'Hi' } },
      operation: 'POST /users/{id}/sendMail',
    });
    expect(response).toMatchObject({ status: 202, body: undefined });
    expect(seen).toEqual({ method: 'POST', type: 'application/json', body: '{"message":{"subject":"Hi"}}' });
  });
});

describe('Graph client boundaries', () => {
  it('imports nothing from the Exchange provider: the HTTP plumbing is shared through providers/http', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const folder = path.resolve(__dirname, '../../../../services/providers/graph');
    for (const name of await readdir(folder)) {
      const source = await readFile(path.join(folder, name), 'utf8');
      expect(source, name).not.toMatch(/from '\.\.\/exchange-online/);
      expect(source, name).not.toMatch(/\bExchange\w*Error\b/);
    }
  });
});
