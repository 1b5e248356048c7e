import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../../../services/errors';
import { ERROR_FIXES } from '../../../../services/providers/graph-cross-tenant/error-codes';
import type { ProviderUser } from '../../../../services/providers/migration-provider';
import {
  CONTOSO_TENANT_ID,
  csvOf,
  DELIVERY_DOMAIN,
  ENDPOINT,
  type GraphWorld,
  HOUR,
  MINUTE,
  rejection,
  START,
  startGraphWorld,
} from './graph-world';

let world: GraphWorld;
beforeEach(async () => {
  world = await startGraphWorld({ config: { workloads: ['Exchange', 'OneDrive', 'Teams', 'Meetings'] } });
});
afterEach(() => world.close());

const create = (name: string, addresses: readonly string[], completeAfter?: Date) =>
  world.engine.createBatch({
    name,
    csv: csvOf(addresses),
    sourceEndpoint: ENDPOINT,
    targetDeliveryDomain: DELIVERY_DOMAIN,
    completeAfter,
  });

async function users(name: string): Promise<ProviderUser[]> {
  await world.engine.getBatch(name);
  return (await world.engine.listUsers(name)).users;
}

/** Validation is queued 30 s and runs 2 minutes in the simulator. */
const VALIDATION = 3 * MINUTE;

describe('creating a job', () => {
  it('resolves each address, leaves out the unknown ones, creates the job once and starts its validation', async () => {
    const known = world.mailUsers.slice(0, 3);
    const batch = await create('Wave 1', [...known, 'nobody@northwindtraders.com']);
    expect(batch).toMatchObject({ identity: 'Wave 1', status: 'Created', totalCount: 3, pendingCount: 3 });
    expect(batch.skipped).toEqual([
      {
        email: 'nobody@northwindtraders.com',
        reason: expect.stringContaining("'nobody@northwindtraders.com'"),
      },
    ]);
    const [post] = world
      .jobCalls('crossTenantMigrationJobs')
      .filter((c) => c.cmdlet.startsWith('Graph:POST'));
    expect(post).toMatchObject({
      status: 201,
      parameters: {
        displayName: 'Wave 1',
        resources: 3,
        completeAfterDateTime: new Date(START + 365 * 24 * HOUR).toISOString(),
      },
    });
    expect(world.jobCalls('/validate').map((c) => c.status)).toEqual([200]);
    const job = await world.engine.getBatch('Wave 1');
    expect(job).toMatchObject({ status: 'Created', totalCount: 3 });
    // The year-ahead placeholder is not a cutover anyone scheduled: it is not reported as one.
    expect(job?.completeAfter).toBeUndefined();

    // A crash after the POST: the create is asked again and finds the job (no second POST, no second validate).
    const again = await create('Wave 1', known);
    expect(again).toMatchObject({ identity: 'Wave 1', status: 'Created' });
    expect(
      world
        .jobCalls('crossTenantMigrationJobs')
        .filter((c) => c.cmdlet === 'Graph:POST crossTenantMigrationJobs'),
    ).toHaveLength(1);
    expect(world.jobCalls('/validate')).toHaveLength(1);
  });

  it('sends the source tenant, the endpoint, the workloads in Graph words and a scheduled completion', async () => {
    const at = new Date(START + 2 * 24 * HOUR);
    await create('Wave 2', world.mailUsers.slice(3, 5), at);
    const job = (await (
      await fetch(`${world.sim.url}/v1.0/solutions/migrations/crossTenantMigrationJobs/Wave%202`, {
        headers: { Authorization: 'Bearer t' },
      })
    ).json()) as Record<string, unknown>;
    expect(job).toMatchObject({
      displayName: 'Wave 2',
      sourceTenantId: CONTOSO_TENANT_ID,
      completeAfterDateTime: at.toISOString(),
      workloads: ['Exchange', 'ODSP', 'Teams', 'Meeting'],
      exchangeSettings: { sourceEndpoint: ENDPOINT, targetDeliveryDomain: DELIVERY_DOMAIN },
    });
  });

  it('refuses a batch bigger than maxUsersPerJob, or without a known user, before creating anything', async () => {
    const tooMany = await rejection(create('Too big', world.mailUsers.slice(0, 101)));
    expect(tooMany).toBeInstanceOf(EngineError);
    expect(tooMany.transient).toBe(false);
    expect(tooMany.engineMessage).toMatch(/101 users; a Microsoft Graph migration job takes at most 100/);
    expect(world.graphCalls()).toEqual([]);

    const nobody = await rejection(
      create('Nobody', ['ghost@northwindtraders.com', 'shade@northwindtraders.com']),
    );
    expect(nobody.transient).toBe(false);
    expect(nobody.engineMessage).toMatch(/None of the batch's 2 addresses .*ghost@northwindtraders\.com/);
    // Only the look-up of a job of that name (a create repeated after a crash): nothing is created.
    expect(world.jobCalls().map((c) => `${c.cmdlet} ${c.status}`)).toEqual([
      'Graph:GET crossTenantMigrationJobs 404',
    ]);
  });
});

describe("Graph's validation", () => {
  it('marks the seeded defects invalid with their codes and fixes; the clean users pass', async () => {
    const defect = (kind: string) => world.defects.find((d) => d.defect === kind)!.email;
    const broken = [
      defect('missing-x500'),
      defect('exchange-guid-mismatch'),
      defect('litigation-hold'),
      defect('missing-licence'),
    ];
    await create('Defects', [...world.mailUsers.slice(0, 2), ...broken]);
    expect(await world.engine.validateBatch!('Defects')).toMatchObject({ state: 'running' });
    world.advance(VALIDATION);
    const result = await world.engine.validateBatch!('Defects');
    expect(result.state).toBe('passed'); // Graph passes a job with some valid users
    expect(result.validatedAt).toBeDefined();
    expect(result.batchProblems).toEqual([]);
    const byUser = new Map(result.invalidUsers.map((u) => [u.email, u.problems]));
    expect([...byUser.keys()].sort()).toEqual(broken.map((e) => e.toLowerCase()).sort());
    expect(byUser.get(broken[0]!.toLowerCase())).toContainEqual(
      expect.objectContaining({ code: 'CTM-101', workload: 'Exchange', fix: ERROR_FIXES['CTM-101'] }),
    );
    expect(byUser.get(broken[1]!.toLowerCase())?.[0]?.message).toMatch(/ExchangeGuid/);
    // EXCH-08 on one user (a hold) is that user's problem: the endpoint fix would mislead, the words stand.
    const hold = byUser.get(broken[2]!.toLowerCase())!.find((p) => p.code === 'EXCH-08')!;
    expect(hold.fix).not.toBe(ERROR_FIXES['EXCH-08']);
    expect(hold.fix).toContain(hold.message);
    const licence = byUser.get(broken[3]!.toLowerCase())!;
    expect(licence.map((p) => `${p.workload}:${p.code}`)).toEqual(
      expect.arrayContaining(['Exchange:EXCH-08', 'Teams:CTTM-005', 'Meetings:MMS-007']),
    );
    expect(licence.find((p) => p.code === 'CTTM-005')?.fix).toBe(ERROR_FIXES['CTTM-005']);
    // Not a documented code: the engine's own words are the fix.
    const onedrive = licence.find((p) => p.workload === 'OneDrive')!;
    expect(onedrive.fix).toBe(onedrive.message);
    // Once passed, asking again starts nothing.
    expect(await world.engine.validateBatch!('Defects')).toMatchObject({ state: 'passed' });
    expect(world.jobCalls('/validate')).toHaveLength(1);
  });

  it('a failed validation is reported once; the next request validates again', async () => {
    const defect = (kind: string) => world.defects.find((d) => d.defect === kind)!.email;
    await create('All broken', [defect('missing-x500'), defect('in-place-hold')]);
    world.advance(VALIDATION);
    const failed = await world.engine.validateBatch!('All broken');
    expect(failed.state).toBe('failed');
    expect(failed.invalidUsers).toHaveLength(2);
    expect(world.jobCalls('/validate')).toHaveLength(1);
    expect(await world.engine.validateBatch!('All broken')).toMatchObject({ state: 'running' });
    expect(world.jobCalls('/validate').map((c) => c.status)).toEqual([200, 200]);
  });
});

describe('migrating', () => {
  it('migrates after validation, shows each workload, is Synced when every user is, and cuts over when told', async () => {
    const movers = world.mailUsers.slice(10, 13);
    await create('Wave 3', movers);
    // The start waits for the validation (its polls move the simulated clock), then migrates once.
    await world.engine.startBatch('Wave 3');
    expect(world.jobCalls('/migrate').map((c) => c.status)).toEqual([200]);
    expect(await world.engine.getBatch('Wave 3')).toMatchObject({ status: 'Syncing', activeCount: 0 });
    await world.engine.startBatch('Wave 3'); // already migrating: nothing sent
    expect(world.jobCalls('/migrate')).toHaveLength(1);

    world.advance(2 * MINUTE);
    const syncing = await users('Wave 3');
    expect(syncing.map((u) => u.emailAddress).sort()).toEqual(movers.map((m) => m.toLowerCase()).sort());
    expect(syncing[0]).toMatchObject({ status: 'Syncing', engineStatus: 'syncing', statusSummary: 'Active' });
    expect(syncing[0]!.workloads?.map((w) => w.workload)).toEqual([
      'Exchange',
      'OneDrive',
      'Teams',
      'Meetings',
    ]);
    const stats = await world.engine.getUserStatistics(movers[0]!);
    expect(stats).toMatchObject({ emailAddress: movers[0]!.toLowerCase(), batchId: 'Wave 3' });
    expect(stats!.percentageComplete).toBeGreaterThan(0);
    expect(stats!.percentageComplete).toBeLessThan(100);

    world.advance(3 * HOUR);
    expect(await world.engine.getBatch('Wave 3')).toMatchObject({ status: 'Synced', syncedCount: 3 });
    const synced = await users('Wave 3');
    expect(
      synced.every((u) => u.status === 'Synced' && u.workloads!.every((w) => w.status === 'synced')),
    ).toBe(true);

    // Cut over now: the completion time is set a few seconds ahead of the engine's clock.
    await world.engine.completeBatch('Wave 3');
    const [patch] = world.jobCalls().filter((c) => c.cmdlet.startsWith('Graph:PATCH'));
    expect(patch).toMatchObject({
      status: 204,
      parameters: { completeAfterDateTime: new Date(world.clock.now + 5000).toISOString() },
    });
    world.advance(MINUTE);
    expect(await world.engine.getBatch('Wave 3')).toMatchObject({ status: 'Completing' });
    world.advance(HOUR);
    const done = await world.engine.getBatch('Wave 3');
    expect(done).toMatchObject({
      status: 'Completed',
      finalizedCount: 3,
      message: expect.stringMatching(/3 of 3/),
    });
    expect((await users('Wave 3')).every((u) => u.status === 'Completed')).toBe(true);
    expect((await world.engine.getUserStatistics(movers[1]!))?.percentageComplete).toBe(100);
  });

  it("sets a scheduled completion time, and refuses one in the past with Graph's reason", async () => {
    await create('Wave 4', world.mailUsers.slice(20, 22));
    const at = new Date(START + 3 * 24 * HOUR);
    await world.engine.completeBatch('Wave 4', at);
    expect((await world.engine.getBatch('Wave 4'))?.completeAfter).toBe(at.toISOString());
    const past = await rejection(world.engine.completeBatch('Wave 4', new Date(START - HOUR)));
    expect(past).toBeInstanceOf(EngineError);
    expect(past.transient).toBe(false);
    expect(
      world
        .jobCalls()
        .filter((c) => c.cmdlet.startsWith('Graph:PATCH'))
        .map((c) => c.status),
    ).toEqual([204, 422]);
  });
});
