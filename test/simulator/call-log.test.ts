import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import { CONTOSO_ID, invoke, manualClock, NORTHWIND, NORTHWIND_ID } from './sim-client';

describe('call log', () => {
  let sim: SimulatorHandle;
  const clock = manualClock('2025-03-03T09:00:00.000Z');

  beforeAll(async () => {
    sim = await startSimulator({ now: clock.now });
  });
  afterAll(() => sim.close());

  it('records tenant, cmdlet, parameters, status, request id and page of every call', async () => {
    await invoke(
      sim.url,
      NORTHWIND,
      'Get-MigrationBatch',
      { Identity: 'Missing' },
      { headers: { 'client-request-id': 'req-1' } },
    );
    await invoke(
      sim.url,
      CONTOSO_ID,
      'Get-MigrationEndpoint',
      {},
      { headers: { 'client-request-id': 'req-2' } },
    );

    expect(sim.calls()).toEqual([
      {
        at: '2025-03-03T09:00:00.000Z',
        tenant: NORTHWIND,
        cmdlet: 'Get-MigrationBatch',
        parameters: { Identity: 'Missing' },
        status: 404,
        requestId: 'req-1',
      },
      {
        at: '2025-03-03T09:00:00.000Z',
        tenant: CONTOSO_ID,
        cmdlet: 'Get-MigrationEndpoint',
        parameters: {},
        status: 200,
        requestId: 'req-2',
        page: 1,
      },
    ]);
  });

  it('filters by cmdlet and by tenant under any of its names', async () => {
    expect(sim.calls({ cmdlet: 'get-migrationbatch' }).map((c) => c.requestId)).toEqual(['req-1']);
    expect(sim.calls({ tenant: NORTHWIND_ID }).map((c) => c.requestId)).toEqual(['req-1']);
    expect(sim.calls({ tenant: 'contoso.com' }).map((c) => c.requestId)).toEqual(['req-2']);
  });

  it('serves the log over HTTP and clears it', async () => {
    const listed = await (await fetch(`${sim.url}/_simulator/calls?cmdlet=Get-MigrationEndpoint`)).json();
    expect(listed.map((c: { requestId: string }) => c.requestId)).toEqual(['req-2']);

    const deleted = await fetch(`${sim.url}/_simulator/calls`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(sim.calls()).toEqual([]);

    await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch');
    sim.clearCalls();
    expect(await (await fetch(`${sim.url}/_simulator/calls`)).json()).toEqual([]);
  });
});
