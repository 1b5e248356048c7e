import { CosmosClient } from '@azure/cosmos';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RequestCharge } from '../../../services/store/cosmos-container';
import { CosmosSetupError } from '../../../services/store/cosmos-init';
import { InvalidQueryFieldError } from '../../../services/store/cosmos-query';
import { createCosmosStore } from '../../../services/store/cosmos-store';
import { CONTAINERS, type DocumentStore } from '../../../services/store/document-store';
import { type CosmosTestServer, startCosmosTestServer } from './cosmos-test-server';
import { type FlakyProxy, startFlakyProxy } from './flaky-proxy';

interface Doc {
  id: string;
  pk: string;
  n: number;
  value?: number;
}

const KEY = 'test-account-key';
let server: CosmosTestServer;
let raw: CosmosClient;
let next = 0;
const opened: DocumentStore[] = [];
const proxies: FlakyProxy[] = [];

function store(options: Partial<Parameters<typeof createCosmosStore>[0]> = {}): DocumentStore {
  const created = createCosmosStore({
    endpoint: server.endpoint,
    databaseId: `db-${++next}`,
    key: KEY,
    init: { baseDelayMs: 5 },
    ...options,
  });
  opened.push(created);
  return created;
}

async function proxy(inject: Parameters<typeof startFlakyProxy>[1]): Promise<FlakyProxy> {
  const started = await startFlakyProxy(server.endpoint, inject);
  proxies.push(started);
  return started;
}

async function containerIds(databaseId: string): Promise<string[]> {
  const { resources } = await raw.database(databaseId).containers.readAll().fetchAll();
  return resources.map((c) => c.id).sort();
}

beforeAll(async () => {
  server = await startCosmosTestServer();
  raw = new CosmosClient({
    endpoint: server.endpoint,
    key: KEY,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  raw.dispose();
  await server.close();
});

describe('cosmos store: containers', () => {
  it('creates the database and every container once, on /pk, when five instances init a fresh server at once', async () => {
    const fresh = await startCosmosTestServer();
    const client = new CosmosClient({
      endpoint: fresh.endpoint,
      key: KEY,
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    const instances = Array.from({ length: 5 }, () =>
      createCosmosStore({ endpoint: fresh.endpoint, databaseId: 'cutover', key: KEY }),
    );
    try {
      await Promise.all(instances.map((instance) => instance.init()));
      const { resources: dbs } = await client.databases.readAll().fetchAll();
      expect(dbs.map((db) => db.id)).toEqual(['cutover']);
      const { resources } = await client.database('cutover').containers.readAll().fetchAll();
      expect(resources.map((c) => c.id).sort()).toEqual([...CONTAINERS].sort());
      for (const container of resources) {
        expect(container.partitionKey?.paths).toEqual(['/pk']);
        expect(container.indexingPolicy?.indexingMode).toBe('consistent');
      }
      const intents = resources.find((c) => c.id === 'intents');
      expect(intents?.indexingPolicy?.excludedPaths?.map((p) => p.path)).toContain('/create/*');
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
      client.dispose();
      await fresh.close();
    }
  });

  it('a create that loses to another instance (409) reads what it made, with no second try of init()', async () => {
    // Everything exists; each first read answers 404, as when another instance creates it just after
    // that read: the create that follows gets 409 from the server.
    const databaseId = `db-${++next}`;
    const ready = store({ databaseId });
    await ready.init();
    const seen = new Set<string>();
    const racing = await proxy(({ method, path }) => {
      if (method !== 'GET' || seen.has(path)) return undefined;
      seen.add(path);
      return 404;
    });
    const late = store({
      endpoint: racing.endpoint,
      databaseId,
      init: { attempts: 1, alsoEnsure: [{ id: 'botState', partitionKeyPath: '/id' }] },
    });
    await late.init();
    const conflicts = racing.requests.filter((r) => r.method === 'POST' && r.injected === undefined);
    // The database, every container and botState (which the first init did not make: created now).
    expect(conflicts).toHaveLength(CONTAINERS.length + 2);
    expect(await containerIds(databaseId)).toEqual([...CONTAINERS, 'botState'].sort());
  });

  it('eight instances init a fresh server at once with no retries at all, botState on /id too', async () => {
    const databaseId = `db-${++next}`;
    const instances = Array.from({ length: 8 }, () =>
      store({ databaseId, init: { attempts: 1, alsoEnsure: [{ id: 'botState', partitionKeyPath: '/id' }] } }),
    );
    await Promise.all(instances.map((instance) => instance.init()));
    expect(await containerIds(databaseId)).toEqual([...CONTAINERS, 'botState'].sort());
    const { resource } = await raw.database(databaseId).container('botState').read();
    expect(resource?.partitionKey?.paths).toEqual(['/id']);
  });

  it('only reads what exists already: no create requests when the database and containers are there', async () => {
    const first = store();
    await first.init();
    const databaseId = `db-${next}`;
    const watched = await proxy(() => undefined);
    const second = store({ endpoint: watched.endpoint, databaseId });
    await second.init();
    expect(watched.requests.filter((r) => r.method === 'POST')).toEqual([]);
    expect(watched.requests.filter((r) => r.method === 'GET').length).toBeGreaterThanOrEqual(
      1 + CONTAINERS.length,
    );
  });

  it('retries throttling and unavailable answers during init', async () => {
    const injected = { database: 0, container: 0 };
    const flaky = await proxy(({ method, path }) => {
      if (method !== 'POST') return undefined;
      if (path.endsWith('/dbs') && injected.database < 2) {
        injected.database++;
        return 429;
      }
      if (path.endsWith('/colls') && injected.container < 3) {
        injected.container++;
        return 503;
      }
      return undefined;
    });
    const retried = store({ endpoint: flaky.endpoint });
    await retried.init();
    expect(flaky.requests.filter((r) => r.injected !== undefined).map((r) => r.injected)).toEqual([
      429, 429, 503, 503, 503,
    ]);
    const creates = flaky.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/colls'));
    expect(creates).toHaveLength(CONTAINERS.length + 3);
    expect(await containerIds(`db-${next}`)).toEqual([...CONTAINERS].sort());
  });

  it('explains a refused create (403) without retrying it', async () => {
    const refusing = await proxy(({ method, path }) =>
      method === 'POST' && /\/colls$/.test(path) ? 403 : undefined,
    );
    const refused = store({ endpoint: refusing.endpoint });
    const error = await refused.init().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CosmosSetupError);
    expect((error as Error).message).toMatch(/container "\w+".*create them ahead of time/);
    const creates = refusing.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/colls'));
    expect(creates).toHaveLength(CONTAINERS.length);
  });

  it('refuses a container partitioned on another path', async () => {
    const databaseId = `db-${++next}`;
    const { database } = await raw.databases.createIfNotExists({ id: databaseId });
    await database.containers.create({ id: 'leases', partitionKey: { paths: ['/id'] } });
    const wrong = store({ databaseId });
    await expect(wrong.init()).rejects.toThrow(/container "leases".*partitioned on \/id but needs \/pk/);
  });
});

describe('cosmos store: documents and queries', () => {
  it('strips _rid, _self, _attachments and _ts, which the server does store', async () => {
    const s = store();
    await s.init();
    const created = await s.container<Doc>('batches').create({ id: 'a', pk: 'p', n: 1 });
    const { resource } = await raw.database(`db-${next}`).container('batches').item('a', 'p').read();
    expect(resource).toMatchObject({
      _rid: expect.any(String),
      _self: expect.any(String),
      _ts: expect.any(Number),
    });
    expect(resource?._etag).toBe(created._etag);
    expect(created).toEqual({ id: 'a', pk: 'p', n: 1, _etag: resource?._etag });
  });

  it('refuses field names that could change the SQL, before sending anything', async () => {
    const charges: RequestCharge[] = [];
    const s = store({ onRequestCharge: (charge) => charges.push(charge) });
    await s.init();
    const docs = s.container<Doc>('batches');
    await docs.create({ id: 'a', pk: 'p', n: 1 });
    charges.length = 0;
    await expect(docs.query({ where: { 'x OR 1=1': 1 } })).rejects.toBeInstanceOf(InvalidQueryFieldError);
    await expect(docs.query({ where: { 'n = 1 --': 1 } })).rejects.toThrow(/not a valid field name/);
    await expect(docs.query({ orderBy: { field: 'id DESC, c._ts' } })).rejects.toBeInstanceOf(
      InvalidQueryFieldError,
    );
    expect(charges).toEqual([]);
    const hostile = await docs.query({ where: { id: "a' OR '1'='1" } });
    expect(hostile.items).toEqual([]);
  });

  it('filters and sorts on a field named like a keyword', async () => {
    const s = store();
    await s.init();
    const docs = s.container<Doc>('batches');
    await Promise.all([3, 1, 2].map((value) => docs.create({ id: `v${value}`, pk: 'p', n: value, value })));
    const page = await docs.query({
      where: { value: [1, 3] },
      orderBy: { field: 'value', direction: 'desc' },
    });
    expect(page.items.map((d) => d.value)).toEqual([3, 1]);
  });

  it('reports the request charge of every data operation', async () => {
    const charges: RequestCharge[] = [];
    const s = store({ onRequestCharge: (charge) => charges.push(charge) });
    await s.init();
    const docs = s.container<Doc>('audit');
    const created = await docs.create({ id: 'a', pk: 'p', n: 1 });
    await docs.read('p', 'a');
    await docs.replace({ ...created, n: 2 });
    await docs.upsert({ id: 'b', pk: 'p', n: 3 });
    await docs.query({ pk: 'p' });
    await docs.delete('p', 'b');
    expect(charges.map((c) => `${c.container}:${c.operation}`)).toEqual([
      'audit:create',
      'audit:read',
      'audit:replace',
      'audit:upsert',
      'audit:query',
      'audit:delete',
    ]);
    expect(charges.every((c) => typeof c.requestCharge === 'number' && c.requestCharge >= 0)).toBe(true);
  });

  it('leaves a client it was given open on close()', async () => {
    const databaseId = `db-${++next}`;
    const s = createCosmosStore({ endpoint: server.endpoint, databaseId, client: raw });
    await s.init();
    await s.container<Doc>('leases').create({ id: 'l', pk: 'l', n: 1 });
    await s.close();
    const { resource } = await raw.database(databaseId).container('leases').item('l', 'l').read();
    expect(resource?.n).toBe(1);
  });

  it('needs a key or a credential when it builds its own client', () => {
    expect(() => createCosmosStore({ endpoint: server.endpoint, databaseId: 'x' })).toThrow(
      /needs an account key or a credential/,
    );
  });
});
