import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import { type Json, invoke, invokeOk, NORTHWIND, newBatchParameters, northwindMailUsers } from './sim-client';

const BIG = 1001;

async function allPages(sim: SimulatorHandle, parameters: Record<string, unknown>, maxPageSize?: number) {
  const pages: Json[] = [];
  let url: string | undefined;
  do {
    const result = await invoke(sim.url, NORTHWIND, 'Get-MigrationUser', parameters, { url, maxPageSize });
    expect(result.status).toBe(200);
    pages.push(result.body);
    url = result.body['@odata.nextLink'];
  } while (url);
  return pages;
}

describe('paging over a batch of 1,001 users', () => {
  let sim: SimulatorHandle;
  let users: string[];

  beforeAll(async () => {
    sim = await startSimulator({ extraMailUsers: 700 });
    users = await northwindMailUsers(sim.url, BIG);
    const [batch] = await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Big', users),
    );
    expect(batch.TotalCount).toBe(BIG);
  });
  afterAll(() => sim.close());

  it('honours Prefer: odata.maxpagesize and links pages with an absolute nextLink', async () => {
    sim.clearCalls();
    const pages = await allPages(sim, { BatchId: 'Big', ResultSize: 'Unlimited' }, 400);

    expect(pages.map((p) => p.value.length)).toEqual([400, 400, 201]);
    expect(pages.flatMap((p) => p.value.map((u: Json) => u.Identity))).toEqual(users);
    const links = pages.map((p) => p['@odata.nextLink']);
    expect(links[0]).toMatch(
      new RegExp(`^${sim.url}/adminapi/beta/${NORTHWIND}/InvokeCommand\\?\\$skiptoken=`),
    );
    expect(links[2]).toBeUndefined();
    expect(links[0]).not.toContain('400'); // the token is opaque
    expect(sim.calls({ cmdlet: 'Get-MigrationUser' }).map((c) => c.page)).toEqual([1, 2, 3]);
  });

  it('gives the same skip token for the same position (stable links)', async () => {
    const first = await invoke(
      sim.url,
      NORTHWIND,
      'Get-MigrationUser',
      { BatchId: 'Big', ResultSize: 'Unlimited' },
      { maxPageSize: 250 },
    );
    const again = await invoke(
      sim.url,
      NORTHWIND,
      'Get-MigrationUser',
      { BatchId: 'Big', ResultSize: 'Unlimited' },
      { maxPageSize: 250 },
    );
    expect(first.body['@odata.nextLink']).toBe(again.body['@odata.nextLink']);
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=250');
  });

  it('caps pages at 1,000 without a Prefer header', async () => {
    const pages = await allPages(sim, { BatchId: 'Big', ResultSize: 'Unlimited' });
    expect(pages.map((p) => p.value.length)).toEqual([1000, 1]);
  });

  it('stops at the default ResultSize of 1,000 and says so in the warnings', async () => {
    const pages = await allPages(sim, { BatchId: 'Big' }, 600);
    expect(pages.map((p) => p.value.length)).toEqual([600, 400]);
    expect(pages[0]['@adminapi.warnings']).toEqual([]);
    expect(pages[1]['@adminapi.warnings']).toEqual([
      'There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.',
    ]);
  });

  it('honours a numeric ResultSize', async () => {
    const pages = await allPages(sim, { BatchId: 'Big', ResultSize: 25 }, 10);
    expect(pages.map((p) => p.value.length)).toEqual([10, 10, 5]);
    expect(pages.flatMap((p) => p.value.map((u: Json) => u.Identity))).toEqual(users.slice(0, 25));
  });

  it('refuses a skip token it did not issue', async () => {
    const result = await invoke(
      sim.url,
      NORTHWIND,
      'Get-MigrationUser',
      { BatchId: 'Big' },
      {
        url: `${sim.url}/adminapi/beta/${NORTHWIND}/InvokeCommand?$skiptoken=not-a-token`,
      },
    );
    expect(result.status).toBe(400);
    expect(result.body.error.message).toBe('The $skiptoken is not valid.');
  });
});

describe('the pageSize option', () => {
  it('caps pages below 1,000 and still honours a smaller Prefer', async () => {
    const sim = await startSimulator({ pageSize: 2 });
    try {
      const users = await northwindMailUsers(sim.url, 5);
      await invokeOk(sim.url, NORTHWIND, 'New-MigrationBatch', newBatchParameters('Small', users));
      expect((await allPages(sim, { BatchId: 'Small' })).map((p) => p.value.length)).toEqual([2, 2, 1]);
      expect((await allPages(sim, { BatchId: 'Small' }, 1)).map((p) => p.value.length)).toEqual([
        1, 1, 1, 1, 1,
      ]);
    } finally {
      await sim.close();
    }
  });
});
