import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../../simulator/index';
import { HOUR, type Json, MINUTE, NORTHWIND, SECOND } from '../sim-client';
import {
  cleanNorthwindUsers,
  createJob,
  defectsByEmail,
  type DirectoryUser,
  getJob,
  graph,
  jobPath,
  jobUsers,
  mailUsers,
  migrateJob,
  northwindJob,
  statuses,
  testClock,
  validateJob,
} from './jobs-client';

const GIB = 1024 ** 3;
const all = (status: string) => ({ Exchange: status, ODSP: status, Teams: status, Meeting: status });

describe('Graph cross-tenant migration jobs: progress on the simulated clock', () => {
  let clock = testClock();
  let sim: SimulatorHandle;
  let clean: DirectoryUser[];

  beforeEach(async () => {
    clock = testClock();
    sim = await startSimulator({ now: clock.now, speed: 60 }); // one simulated minute per second
    clean = await cleanNorthwindUsers(sim.url);
  });
  afterEach(() => sim.close());

  /** Creates, validates (2.5 simulated minutes) and migrates a job; the clock is at the migrate request. */
  async function migrating(name: string, users: DirectoryUser[], completeAfter: number): Promise<Json> {
    const job = await createJob(
      sim.url,
      northwindJob(
        name,
        users.map((u) => u.objectId),
        completeAfter,
      ),
    );
    await validateJob(sim.url, job.id);
    clock.advance(3 * SECOND);
    return migrateJob(sim.url, job.id);
  }

  async function tasksById(id: string): Promise<Map<string, Record<string, string>>> {
    return new Map((await jobUsers(sim.url, id)).map((t) => [t.id, statuses(t)]));
  }

  it('syncs each workload of each user, Exchange slower for a bigger mailbox, then cuts over at the completion time in workload order', async () => {
    const bySize = clean.slice(0, 30).sort((a, b) => a.sizeBytes - b.sizeBytes);
    const [small, big] = [bySize[0]!, bySize.at(-1)!];
    expect(big.sizeBytes).toBeGreaterThan(2 * small.sizeBytes);
    const start = clock.now();
    const completeAfter = start + 2 * HOUR;
    const job = await migrating('Progress', [small, big], completeAfter);
    expect(job).toMatchObject({ status: 'processing', jobType: 'migrate' });
    const t0 = clock.now();
    expect((await tasksById(job.id)).get(small.objectId)).toEqual(all('notStarted'));

    clock.advance(1.5 * SECOND); // processing takes one simulated minute
    expect((await getJob(sim.url, job.id)).status).toBe('inProgress');
    expect((await tasksById(job.id)).get(big.objectId)).toEqual(all('syncing'));

    clock.set(t0 + 4.5 * SECOND); // meetings (2 min) and Teams (3 min) are synced, OneDrive (5 min) is not
    expect((await tasksById(job.id)).get(small.objectId)).toEqual({
      Exchange: 'syncing',
      ODSP: 'syncing',
      Teams: 'synced',
      Meeting: 'synced',
    });
    clock.set(t0 + 6.5 * SECOND);
    expect((await tasksById(job.id)).get(big.objectId)).toEqual({ ...all('synced'), Exchange: 'syncing' });

    // Exchange: 2 minutes plus the mailbox at 4.5-7.5 GiB per hour, after the minute of processing.
    const syncedAt = new Map<string, number>();
    for (let s = 7; s <= 90 && syncedAt.size < 2; s++) {
      clock.set(t0 + s * SECOND);
      for (const [id, st] of await tasksById(job.id))
        if (st.Exchange === 'synced' && !syncedAt.has(id)) syncedAt.set(id, s);
    }
    for (const user of [small, big]) {
      const seconds = syncedAt.get(user.objectId)!;
      const fastest = 1 + 2 + (user.sizeBytes / (7.5 * GIB)) * 60;
      const slowest = 1 + 2 + (user.sizeBytes / (4.5 * GIB)) * 60;
      expect(seconds).toBeGreaterThanOrEqual(Math.floor(fastest));
      expect(seconds).toBeLessThanOrEqual(Math.ceil(slowest) + 1);
    }
    expect(syncedAt.get(small.objectId)!).toBeLessThan(syncedAt.get(big.objectId)!);

    // Synced: the job waits for its completion time.
    clock.set(completeAfter - SECOND);
    expect(await getJob(sim.url, job.id)).toMatchObject({ status: 'inProgress' });
    expect((await tasksById(job.id)).get(big.objectId)).toEqual(all('synced'));

    const phases: [number, Json][] = [
      [0.5, { Exchange: 'finalizing', ODSP: 'synced', Teams: 'synced', Meeting: 'synced' }],
      [4.5, { Exchange: 'completed', ODSP: 'finalizing', Teams: 'synced', Meeting: 'synced' }],
      [6.5, { Exchange: 'completed', ODSP: 'completed', Teams: 'finalizing', Meeting: 'synced' }],
      [8.5, { Exchange: 'completed', ODSP: 'completed', Teams: 'completed', Meeting: 'finalizing' }],
    ];
    for (const [after, expected] of phases) {
      clock.set(completeAfter + after * SECOND);
      const current = await getJob(sim.url, job.id);
      expect(current.status).toBe('cuttingOver');
      expect(current.lastUpdatedDateTime <= clock.iso).toBe(true);
      const tasks = await tasksById(job.id);
      expect([tasks.get(small.objectId), tasks.get(big.objectId)]).toEqual([expected, expected]);
    }
    clock.set(completeAfter + 9 * SECOND);
    expect(await getJob(sim.url, job.id)).toMatchObject({
      status: 'completed',
      message: '2 of 2 users completed.',
      lastUpdatedDateTime: new Date(completeAfter + 9 * SECOND).toISOString(),
    });
    const [task] = await jobUsers(sim.url, job.id);
    expect(task).toMatchObject({
      taskType: 'migrate',
      lastUpdatedDateTime: new Date(completeAfter + 9 * SECOND).toISOString(),
    });
    expect(statuses(task)).toEqual(all('completed'));
  });

  it('waits past the completion time until every user still in the job is synced', async () => {
    const big = clean.slice(0, 30).sort((a, b) => b.sizeBytes - a.sizeBytes)[0]!;
    const job = await migrating('Late', [big], clock.now() + 10 * SECOND);
    clock.advance(20 * SECOND);
    expect((await getJob(sim.url, job.id)).status).toBe('inProgress'); // past the completion time, still syncing
    let seconds = 20;
    while ((await getJob(sim.url, job.id)).status === 'inProgress' && seconds < 120) {
      clock.advance(SECOND);
      seconds++;
    }
    expect((await getJob(sim.url, job.id)).status).toBe('cuttingOver');
    expect(statuses((await jobUsers(sim.url, job.id))[0])).toMatchObject({ Exchange: 'finalizing' });
  });

  it('moves the cutover with PATCH, refusing a past time, other fields and a job already cutting over', async () => {
    const users = clean.slice(0, 2);
    const job = await migrating('Moved', users, clock.now() + 10 * HOUR);
    clock.advance(2 * MINUTE); // everyone synced
    const newTime = clock.now() + 30 * SECOND;
    const patched = await graph(sim.url, jobPath(job.id), {
      method: 'PATCH',
      body: { completeAfterDateTime: new Date(newTime).toISOString() },
    });
    expect([patched.status, patched.body]).toEqual([204, null]);
    expect((await getJob(sim.url, job.id)).completeAfterDateTime).toBe(new Date(newTime).toISOString());

    const past = await graph(sim.url, jobPath(job.id), {
      method: 'PATCH',
      body: { completeAfterDateTime: new Date(clock.now() - SECOND).toISOString() },
    });
    expect(past.status).toBe(422);
    expect(past.body.error).toMatchObject({
      code: 'minThresholdFailed',
      details: [{ code: 'BadArgument', target: 'completeAfterDateTime' }],
    });
    const other = await graph(sim.url, jobPath(job.id), {
      method: 'PATCH',
      body: { displayName: 'Renamed' },
    });
    expect([other.status, other.body.error.message]).toEqual([
      400,
      'Only completeAfterDateTime can be updated; not displayName.',
    ]);

    clock.set(newTime - SECOND);
    expect((await getJob(sim.url, job.id)).status).toBe('inProgress');
    clock.set(newTime + SECOND);
    expect((await getJob(sim.url, job.id)).status).toBe('cuttingOver');
    const late = await graph(sim.url, jobPath(job.id), {
      method: 'PATCH',
      body: { completeAfterDateTime: new Date(clock.now() + HOUR).toISOString() },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('is cuttingOver');
  });

  it('ends completedWithErrors when a user fails, and migrate again retries only that user', async () => {
    const [ok, failing] = clean.slice(0, 2) as [DirectoryUser, DirectoryUser];
    sim.faults.failUser(failing.email);
    const completeAfter = clock.now() + 5 * MINUTE;
    const job = await migrating('Failing', [ok, failing], completeAfter);
    clock.advance(3 * SECOND); // 1 minute processing + 1.5 minutes syncing
    const failed = (await jobUsers(sim.url, job.id)).find((t) => t.id === failing.objectId);
    expect(statuses(failed)).toEqual(all('failed'));
    expect(failed.currentStatus[0].errors).toEqual([
      {
        code: 'MIGR-003',
        message: expect.stringMatching(
          /^User \[.*\] migration failed\. Please retry user migration\. Error: /,
        ),
      },
    ]);
    expect(failed.currentStatus[1]).toMatchObject({
      errors: [],
      message: "Not migrated: the user's Exchange migration failed.",
    });
    expect((await getJob(sim.url, job.id)).status).toBe('inProgress');

    clock.set(completeAfter + 10 * SECOND);
    expect(await getJob(sim.url, job.id)).toMatchObject({
      status: 'completedWithErrors',
      message: '1 of 2 users completed.',
    });
    sim.faults.reset();
    const again = await migrateJob(sim.url, job.id);
    expect(again.status).toBe('processing');
    const tasks = await tasksById(job.id);
    expect([tasks.get(ok.objectId), tasks.get(failing.objectId)]).toEqual([
      all('completed'),
      all('notStarted'),
    ]);
    clock.advance(HOUR); // the completion time has passed: the cutover follows the sync at once
    expect(await getJob(sim.url, job.id)).toMatchObject({
      status: 'completed',
      message: '2 of 2 users completed.',
    });
  });

  it('leaves invalid users out of the migration, and fails a job whose every user fails', async () => {
    const defects = await defectsByEmail(sim.url, 'northwindtraders');
    const invalid = (await mailUsers(sim.url, NORTHWIND)).find(
      (u) => defects.get(u.email.toLowerCase()) === 'missing-licence',
    )!;
    const completeAfter = clock.now() + 5 * MINUTE;
    const mixed = await migrating('Mixed', [clean[0]!, invalid], completeAfter);
    const task = (await jobUsers(sim.url, mixed.id)).find((t) => t.id === invalid.objectId);
    expect(task.taskType).toBe('migrate');
    expect(statuses(task)).toEqual(all('failed'));
    expect(task.currentStatus.map((s: Json) => [s.message, s.errors[0].code])).toEqual([
      ['Not migrated: the user did not pass validation.', 'EXCH-08'],
      ['Not migrated: the user did not pass validation.', 'MnAOdbUsersAreNotLicensed'],
      ['Not migrated: the user did not pass validation.', 'CTTM-005'],
      ['Not migrated: the user did not pass validation.', 'MMS-007'],
    ]);

    sim.faults.failUser(clean[1]!.email);
    const doomed = await migrating('Doomed', [clean[1]!], completeAfter);
    clock.advance(3 * SECOND);
    expect(await getJob(sim.url, doomed.id)).toMatchObject({
      status: 'failed',
      message: '0 of 1 users completed.',
    });
    clock.set(completeAfter + 15 * SECOND);
    expect(await getJob(sim.url, mixed.id)).toMatchObject({
      status: 'completedWithErrors',
      message: '1 of 2 users completed.',
    });
  });
});
