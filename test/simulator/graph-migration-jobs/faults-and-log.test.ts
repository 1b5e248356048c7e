import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../../simulator/index';
import { HOUR, type Json, NORTHWIND, SECOND } from '../sim-client';
import {
  cleanNorthwindUsers,
  createJob,
  type DirectoryUser,
  getJob,
  graph,
  JOBS_PATH,
  jobPath,
  jobUsers,
  migrateJob,
  northwindJob,
  testClock,
  validateJob,
} from './jobs-client';

describe('Graph cross-tenant migration jobs: faults, the call log and the state file', () => {
  let clock = testClock();
  let sim: SimulatorHandle;
  let clean: DirectoryUser[];
  const later = () => clock.now() + 24 * HOUR;

  beforeEach(async () => {
    clock = testClock();
    sim = await startSimulator({ now: clock.now, speed: 60 });
    clean = await cleanNorthwindUsers(sim.url);
  });
  afterEach(() => sim.close());

  it('throttles with and without Retry-After, and answers 503 for injected server errors', async () => {
    sim.faults.throttle(1, 7);
    const withHeader = await graph(sim.url, JOBS_PATH);
    expect([withHeader.status, withHeader.headers.get('retry-after'), withHeader.body.error.code]).toEqual([
      429,
      '7',
      'TooManyRequests',
    ]);
    sim.faults.throttle(1, null);
    const without = await graph(sim.url, JOBS_PATH, {
      method: 'POST',
      body: northwindJob('T', [clean[0]!.objectId], later()),
    });
    expect([without.status, without.headers.get('retry-after')]).toEqual([429, null]);
    const control = await fetch(`${sim.url}/_simulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ throttle: { count: 1, retryAfterSeconds: null } }),
    });
    expect((await control.json()).throttle).toEqual({ remaining: 1, retryAfterSeconds: null });
    const again = await graph(sim.url, JOBS_PATH);
    expect([again.status, again.headers.get('retry-after')]).toEqual([429, null]);
    sim.faults.serverErrors(1);
    const busy = await graph(sim.url, JOBS_PATH);
    expect([busy.status, busy.body.error.code]).toEqual([503, 'serviceNotAvailable']);
    expect((await graph(sim.url, JOBS_PATH)).status).toBe(200);
    expect((await graph(sim.url, JOBS_PATH)).body.value).toEqual([]); // the throttled create made nothing
    expect(sim.calls({ cmdlet: 'Graph:GET crossTenantMigrationJobs' }).map((c) => c.status)).toEqual([
      429, 429, 503, 200, 200,
    ]);
  });

  it('logs each request as Graph:<method> crossTenantMigrationJobs[/action] with the job, the relevant fields and the status', async () => {
    const users = clean.slice(0, 3).map((u) => u.objectId);
    const completeAfter = new Date(clock.now() + HOUR).toISOString();
    const job = await createJob(sim.url, northwindJob('Logged', users, Date.parse(completeAfter)));
    await graph(sim.url, JOBS_PATH, { method: 'POST', body: northwindJob('logged', users, later()) });
    await validateJob(sim.url, 'Logged');
    clock.advance(3 * SECOND);
    await migrateJob(sim.url, job.id);
    const moved = new Date(clock.now() + 2 * HOUR).toISOString();
    await graph(sim.url, jobPath(job.id), { method: 'PATCH', body: { completeAfterDateTime: moved } });
    await graph(sim.url, jobPath(job.id, '/users?$top=2'));
    await graph(sim.url, jobPath(job.id, `/users/${users[0]}`));
    await graph(sim.url, jobPath(job.id));
    await graph(sim.url, jobPath(job.id, '/cancel'), { method: 'POST' });
    await graph(sim.url, jobPath(job.id), { method: 'DELETE' });

    const log = sim
      .calls()
      .map(({ cmdlet, status, tenant, parameters }) => ({ cmdlet, status, tenant, parameters }));
    const ids = { job: job.id, jobId: job.id, displayName: 'Logged' };
    expect(log).toEqual([
      {
        cmdlet: 'Graph:POST crossTenantMigrationJobs',
        status: 201,
        tenant: NORTHWIND,
        parameters: {
          displayName: 'Logged',
          completeAfterDateTime: completeAfter,
          resources: 3,
          jobId: job.id,
        },
      },
      {
        cmdlet: 'Graph:POST crossTenantMigrationJobs',
        status: 422,
        tenant: '',
        parameters: { displayName: 'logged', completeAfterDateTime: expect.any(String), resources: 3 },
      },
      {
        cmdlet: 'Graph:POST crossTenantMigrationJobs/validate',
        status: 200,
        tenant: NORTHWIND,
        parameters: { ...ids, job: 'Logged' },
      },
      {
        cmdlet: 'Graph:POST crossTenantMigrationJobs/migrate',
        status: 200,
        tenant: NORTHWIND,
        parameters: ids,
      },
      {
        cmdlet: 'Graph:PATCH crossTenantMigrationJobs',
        status: 204,
        tenant: NORTHWIND,
        parameters: { ...ids, completeAfterDateTime: moved },
      },
      {
        cmdlet: 'Graph:GET crossTenantMigrationJobs/users',
        status: 200,
        tenant: NORTHWIND,
        parameters: { ...ids, $top: '2' },
      },
      {
        cmdlet: 'Graph:GET crossTenantMigrationJobs/users',
        status: 200,
        tenant: NORTHWIND,
        parameters: { ...ids, taskId: users[0] },
      },
      { cmdlet: 'Graph:GET crossTenantMigrationJobs', status: 200, tenant: NORTHWIND, parameters: ids },
      {
        cmdlet: 'Graph:POST crossTenantMigrationJobs/cancel',
        status: 202,
        tenant: NORTHWIND,
        parameters: ids,
      },
      { cmdlet: 'Graph:DELETE crossTenantMigrationJobs', status: 409, tenant: NORTHWIND, parameters: ids },
    ]);
    expect(
      sim.calls({ cmdlet: 'graph:post crossTenantMigrationJobs/migrate', tenant: 'northwindtraders.com' }),
    ).toHaveLength(1);
  });

  it('keeps the jobs in the state file: after a restart they carry on', async () => {
    await sim.close();
    const dir = mkdtempSync(join(tmpdir(), 'sim-graph-jobs-'));
    const stateFile = join(dir, 'state.json');
    try {
      sim = await startSimulator({ now: clock.now, speed: 60, stateFile });
      const users = clean.slice(0, 2).map((u) => u.objectId);
      const completeAfter = clock.now() + 10 * 60 * SECOND;
      const job = await createJob(sim.url, northwindJob('Durable', users, completeAfter));
      await validateJob(sim.url, job.id);
      clock.advance(3 * SECOND);
      await migrateJob(sim.url, job.id);
      clock.advance(4 * SECOND);
      const { '@odata.context': _, ...jobBefore } = await getJob(sim.url, job.id);
      const before = { job: jobBefore, users: await jobUsers(sim.url, job.id) };
      await sim.close();
      const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
      expect(saved.graphMigrationJobs.map((j: Json) => j.displayName)).toEqual(['Durable']);

      sim = await startSimulator({ now: clock.now, speed: 60, stateFile });
      expect(await getJob(sim.url, job.id)).toEqual({ ...before.job, '@odata.context': expect.any(String) });
      expect(await jobUsers(sim.url, job.id)).toEqual(before.users);
      clock.set(completeAfter + 30 * SECOND);
      expect((await getJob(sim.url, job.id)).status).toBe('completed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
