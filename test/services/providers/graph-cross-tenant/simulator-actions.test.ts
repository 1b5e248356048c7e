import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError, EngineNotFoundError } from '../../../../services/errors';
import { createEngine } from '../../../../services/providers/engines';
import {
  csvOf,
  DAY,
  DELIVERY_DOMAIN,
  ENDPOINT,
  engineConfig,
  type GraphWorld,
  HOUR,
  MINUTE,
  rejection,
  STATIC_TOKEN,
  startGraphWorld,
} from './graph-world';

let world: GraphWorld;
afterEach(() => world.close());

const create = (name: string, addresses: readonly string[], completeAfter?: Date) =>
  world.engine.createBatch({
    name,
    csv: csvOf(addresses),
    sourceEndpoint: ENDPOINT,
    targetDeliveryDomain: DELIVERY_DOMAIN,
    completeAfter,
  });
const statuses = (suffix: string) => world.jobCalls(suffix).map((c) => c.status);

describe('cancel and remove', () => {
  it('cancels before the completion time; a cancelled job cannot be started again', async () => {
    world = await startGraphWorld();
    await create('Wave 1', world.mailUsers.slice(0, 2));
    await world.engine.startBatch('Wave 1');
    await world.engine.stopBatch('Wave 1');
    expect(await world.engine.getBatch('Wave 1')).toMatchObject({ status: 'Stopping' });
    await world.engine.stopBatch('Wave 1'); // already cancelling: nothing sent
    expect(statuses('/cancel')).toEqual([202]);
    world.advance(MINUTE);
    expect(await world.engine.getBatch('Wave 1')).toMatchObject({ status: 'Stopped' });
    expect(world.engine.capabilities.resumeAfterStop).toBe(false);
    const restart = await rejection(world.engine.startBatch('Wave 1'));
    expect(restart.transient).toBe(false);
    expect(restart.engineMessage).toMatch(/cancelled and Microsoft Graph cannot resume it/);
  });

  it("refuses to cancel after the completion time with Graph's reason, not to be retried", async () => {
    world = await startGraphWorld();
    const start = world.clock.now;
    await create('Wave 2', world.mailUsers.slice(2, 4), new Date(start + 10 * MINUTE));
    await world.engine.startBatch('Wave 2');
    world.advance(11 * MINUTE); // still syncing, but past the completion time
    const error = await rejection(world.engine.stopBatch('Wave 2'));
    expect(error).toBeInstanceOf(EngineError);
    expect(error.transient).toBe(false);
    expect(error.faultCode).toBe('Conflict');
    expect(error.engineMessage).toMatch(/only before its completion time/);
    expect(statuses('/cancel')).toEqual([409]);
  });

  it('removes a running job by cancelling it first, then deleting it; an unknown job is not found', async () => {
    world = await startGraphWorld();
    await create('Wave 3', world.mailUsers.slice(4, 6));
    await world.engine.startBatch('Wave 3');
    await world.engine.removeBatch('Wave 3');
    expect(statuses('/cancel')).toEqual([202]);
    expect(
      world
        .jobCalls()
        .filter((c) => c.cmdlet.startsWith('Graph:DELETE'))
        .map((c) => c.status),
    ).toEqual([202]);
    expect(await world.engine.getBatch('Wave 3')).toMatchObject({ status: 'Removing' });
    world.advance(MINUTE);
    expect(await world.engine.getBatch('Wave 3')).toBeNull();
    await expect(world.engine.removeBatch('Wave 3')).rejects.toBeInstanceOf(EngineNotFoundError);
    await expect(world.engine.startBatch('Nope')).rejects.toBeInstanceOf(EngineNotFoundError);
  });
});

describe('throttling and lost answers', () => {
  it('waits for Retry-After, and backs off by the engineCall policy when a 429 has none', async () => {
    world = await startGraphWorld();
    await create('Wave 4', world.mailUsers.slice(6, 8));
    world.sleeps.length = 0;
    world.sim.faults.throttle(2, 7);
    expect(await world.engine.getBatch('Wave 4')).toMatchObject({ identity: 'Wave 4' });
    expect(world.sleeps).toEqual([7000, 7000]);

    world.sleeps.length = 0;
    world.sim.faults.throttle(3, null);
    await world.engine.startBatch('Wave 4');
    expect(world.sleeps.slice(0, 3)).toHaveLength(3);
    const [first, second, third] = world.sleeps;
    expect(first).toBeLessThanOrEqual(500);
    expect(second).toBeLessThanOrEqual(1000);
    expect(third).toBeLessThanOrEqual(2000);
    expect(statuses('/migrate')).toEqual([200]);
    expect(world.graphCalls().filter((c) => c.status === 429)).toHaveLength(5);
  });

  it('a migrate whose answer was lost is not sent again: the job is read first', async () => {
    let lose = true;
    const losing: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      if (lose && init?.method === 'POST' && String(input).endsWith('/migrate')) {
        lose = false;
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      }
      return answer;
    };
    world = await startGraphWorld({ fetch: losing });
    await create('Wave 5', world.mailUsers.slice(8, 10));
    await world.engine.startBatch('Wave 5');
    expect(statuses('/migrate')).toEqual([200]);
    expect(await world.engine.getBatch('Wave 5')).toMatchObject({ status: 'Syncing' });
  });

  it('a cancel answered 503 is sent again only after reading that Graph did not act on it', async () => {
    const sent: string[] = [];
    let refuse = true;
    const flaky: typeof fetch = async (input, init) => {
      const url = String(input);
      sent.push(
        `${init?.method ?? 'GET'} ${url.endsWith('/cancel') ? 'cancel' : url.includes('/users') ? 'users' : 'job'}`,
      );
      if (refuse && url.endsWith('/cancel')) {
        refuse = false;
        const body = { error: { code: 'serviceNotAvailable', message: 'Try again later.' } };
        return new Response(JSON.stringify(body), {
          status: 503,
          headers: { 'content-type': 'application/json' },
        });
      }
      return fetch(input, init);
    };
    world = await startGraphWorld({ fetch: flaky });
    await create('Wave 6', world.mailUsers.slice(10, 12));
    await world.engine.startBatch('Wave 6');
    sent.length = 0;
    await world.engine.stopBatch('Wave 6');
    expect(sent).toEqual(['GET job', 'POST cancel', 'GET job', 'POST cancel']);
    expect(statuses('/cancel')).toEqual([202]);
    expect(world.sleeps.at(-1)).toBeLessThanOrEqual(500); // the engineCall backoff before reading
  });
});

describe('starting', () => {
  it('refuses to migrate a job whose validation failed, naming how many users are invalid', async () => {
    world = await startGraphWorld();
    const defect = (kind: string) => world.defects.find((d) => d.defect === kind)!.email;
    await create('Broken', [defect('missing-x500'), defect('exchange-guid-mismatch')]);
    const error = await rejection(world.engine.startBatch('Broken'));
    expect(error).toBeInstanceOf(EngineError);
    expect(error.transient).toBe(false);
    expect(error.engineMessage).toMatch(/validation of 'Broken' failed for 2 users/);
    expect(statuses('/migrate')).toEqual([]);
  });

  it('migrates again after the job completed with errors', async () => {
    world = await startGraphWorld();
    const unlicensed = world.defects.find((d) => d.defect === 'missing-licence')!.email;
    await create('Mixed', [world.mailUsers[30]!, unlicensed]);
    await world.engine.startBatch('Mixed');
    world.advance(3 * HOUR);
    await world.engine.completeBatch('Mixed');
    world.advance(HOUR);
    expect(await world.engine.getBatch('Mixed')).toMatchObject({
      status: 'CompletedWithErrors',
      finalizedCount: 1,
    });
    await world.engine.startBatch('Mixed');
    expect(statuses('/migrate')).toEqual([200, 200]);
  });
});

describe('revalidation', () => {
  it('validates again before migrating when the passed validation is over 7 days old', async () => {
    world = await startGraphWorld();
    await create('Wave 7', world.mailUsers.slice(12, 14));
    world.advance(5 * MINUTE);
    expect(await world.engine.validateBatch!('Wave 7')).toMatchObject({ state: 'passed' });
    world.advance(8 * DAY);
    await world.engine.startBatch('Wave 7');
    expect(statuses('/validate')).toEqual([200, 200]);
    expect(statuses('/migrate')).toEqual([200]);
  });
});

describe('the engine from the tenants file', () => {
  it("uses the tenant's Graph connection and source tenant; without a Graph connection it refuses each call", async () => {
    world = await startGraphWorld();
    const deps = {
      tenantId: 'northwind',
      exchange: () => {
        throw new Error('not used');
      },
      env: {},
      logger: pino({ level: 'silent' }),
      now: () => new Date(world.clock.now),
    };
    const engine = createEngine(engineConfig(), {
      ...deps,
      graph: () => ({ baseUrl: world.sim.url, credential: STATIC_TOKEN }),
      crossTenant: { sourceTenantId: '3f2a6c1e-8b4d-4e2a-9c71-5d0e8f1a2b01', targetTenantId: 'x' },
    });
    expect(engine.displayName).toBe('Microsoft Graph');
    expect(engine.capabilities).toEqual({
      passes: false,
      scheduledCompletion: true,
      itemTypeStatistics: false,
      validation: true,
      resumeAfterStop: false,
    });
    expect(await engine.getBatch('Nothing yet')).toBeNull();
    const batch = await engine.createBatch({
      name: 'From config',
      csv: csvOf(world.mailUsers.slice(14, 15)),
    });
    expect(batch).toMatchObject({ identity: 'From config', totalCount: 1 });

    const unconnected = createEngine(engineConfig(), deps);
    const error = await rejection(unconnected.getBatch('From config'));
    expect(error.transient).toBe(false);
    expect(error.engineMessage).toMatch(/no Microsoft Graph connection/);
  });
});
