import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import { invoke, NORTHWIND } from './sim-client';

const THROTTLE_TEXT =
  'You have reached the maximum number of concurrent requests per tenant. Please wait and try again';

async function postFaults(sim: SimulatorHandle, body: unknown) {
  const response = await fetch(`${sim.url}/_simulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('authentication', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  it('answers 401 with an empty body without a bearer token, and logs the call', async () => {
    const none = await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch', {}, { token: null });
    const empty = await invoke(
      sim.url,
      NORTHWIND,
      'Get-MigrationBatch',
      {},
      { headers: { authorization: 'Bearer ' } },
    );
    const basic = await invoke(
      sim.url,
      NORTHWIND,
      'Get-MigrationBatch',
      {},
      { headers: { authorization: 'Basic abc' } },
    );

    expect([none.status, empty.status, basic.status]).toEqual([401, 401, 401]);
    expect([none.text, empty.text, basic.text]).toEqual(['', '', '']);
    expect(sim.calls().map((c) => [c.cmdlet, c.status])).toEqual([
      ['Get-MigrationBatch', 401],
      ['Get-MigrationBatch', 401],
      ['Get-MigrationBatch', 401],
    ]);
  });
});

describe('fault injection', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterEach(() => sim.faults.reset());
  afterAll(() => sim.close());

  it('throttles the next requests with 429, Retry-After and the plain-text message', async () => {
    sim.faults.throttle(2, 7);
    const first = await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch');
    const second = await invoke(sim.url, NORTHWIND, 'Get-MigrationEndpoint');
    const third = await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch');

    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(first.text).toBe(THROTTLE_TEXT);
    expect(
      sim
        .calls()
        .slice(-3)
        .map((c) => c.status),
    ).toEqual([429, 429, 200]);
  });

  it('answers the next requests with a chosen 5xx status', async () => {
    sim.faults.serverErrors(2);
    sim.faults.serverErrors(1, 502);
    const failed = await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch');
    const ok = await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch');
    expect([failed.status, ok.status]).toEqual([502, 200]);

    sim.faults.serverErrors(1);
    expect((await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch')).status).toBe(503);
  });

  it('delays answers by the configured latency', async () => {
    sim.faults.latency(150);
    const started = performance.now();
    const result = await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch');
    expect(result.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('reset() clears throttling, errors and latency', async () => {
    sim.faults.throttle(5);
    sim.faults.serverErrors(5);
    sim.faults.latency(1000);
    sim.faults.reset();
    const started = performance.now();
    expect((await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch')).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('takes the same faults over POST /_simulator/faults and reports them', async () => {
    const applied = await postFaults(sim, {
      throttle: { count: 1, retryAfterSeconds: 3 },
      serverErrors: { count: 1, status: 504 },
    });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({
      throttle: { remaining: 1, retryAfterSeconds: 3 },
      serverErrors: { remaining: 1, status: 504 },
      latencyMs: 0,
    });
    const throttled = await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch');
    const failed = await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch');
    expect([throttled.status, throttled.headers.get('retry-after'), failed.status]).toEqual([429, '3', 504]);

    const snapshot = await (await fetch(`${sim.url}/_simulator/faults`)).json();
    expect(snapshot.throttle.remaining).toBe(0);

    const reset = await postFaults(sim, { reset: true });
    expect(reset.body.serverErrors.remaining).toBe(0);
  });

  it('refuses an invalid faults body and names the field', async () => {
    const bad = await postFaults(sim, { serverErrors: { count: 1, status: 404 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^serverErrors\.status: /);
    const unknown = await postFaults(sim, { explode: true });
    expect(unknown.status).toBe(400);
  });
});
