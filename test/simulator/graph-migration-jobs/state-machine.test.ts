import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../../simulator/index';
import { HOUR, type Json, MINUTE, SECOND } from '../sim-client';
import {
  cleanNorthwindUsers,
  createJob,
  type DirectoryUser,
  getJob,
  graph,
  JOBS_PATH,
  jobPath,
  jobUsers,
  mailUsers,
  migrateJob,
  northwindJob,
  statuses,
  testClock,
  validateJob,
  woodgroveJob,
} from './jobs-client';

type Action = 'validate' | 'migrate' | 'cancel' | 'patch' | 'delete';
const ACTIONS: Action[] = ['validate', 'migrate', 'cancel', 'patch', 'delete'];
const OK: Record<Action, number> = { validate: 200, migrate: 200, cancel: 202, patch: 204, delete: 202 };

/** Which actions each status allows (the others get 409 naming the status). */
const ALLOWED: [string, Action[]][] = [
  ['submitted', ['validate', 'cancel', 'patch']],
  ['validateSubmitted', ['cancel', 'patch']],
  ['validateInProgress', ['cancel', 'patch']],
  ['validatePassed', ['validate', 'migrate', 'cancel', 'patch']],
  ['validateFailed', ['validate', 'cancel', 'patch']],
  ['processing', ['cancel', 'patch']],
  ['inProgress', ['cancel', 'patch']],
  ['cuttingOver', []],
  ['completed', ['delete']],
  ['completedWithErrors', ['migrate', 'delete']],
  ['failed', ['migrate', 'delete']],
  ['pendingCancel', []],
  ['cancelled', ['delete']],
  ['pendingDelete', []],
];

describe('Graph cross-tenant migration jobs: the state machine', () => {
  let clock = testClock();
  let sim: SimulatorHandle;
  let clean: DirectoryUser[];
  let woodgrove: DirectoryUser[];
  let next = 0;
  const take = (n: number) => {
    next += n;
    return clean.slice(next - n, next);
  };

  beforeEach(async () => {
    clock = testClock();
    sim = await startSimulator({ now: clock.now, speed: 60 });
    clean = await cleanNorthwindUsers(sim.url);
    woodgrove = await mailUsers(sim.url, 'woodgrovebank.onmicrosoft.com');
    next = 0;
  });
  afterEach(() => sim.close());

  const completeAfter = () => Date.parse('2025-03-03T09:10:00.000Z');

  /** Five jobs (one per action) brought together into `status`. */
  async function jobsIn(status: string): Promise<Json[]> {
    const jobs: Json[] = [];
    for (let i = 0; i < ACTIONS.length; i++) {
      const name = `${status} ${i}`;
      const users = take(status === 'completedWithErrors' ? 2 : 1);
      if (status === 'failed' || status === 'completedWithErrors') sim.faults.failUser(users.at(-1)!.email);
      const body =
        status === 'validateFailed'
          ? woodgroveJob(name, [woodgrove[i]!.objectId], completeAfter())
          : northwindJob(
              name,
              users.map((u) => u.objectId),
              completeAfter(),
            );
      jobs.push(await createJob(sim.url, body));
    }
    const each = async (f: (id: string) => Promise<unknown>) => {
      for (const job of jobs) await f(job.id);
    };
    const post = (action: string) => (id: string) => graph(sim.url, jobPath(id, action), { method: 'POST' });
    const validated = async () => {
      await each((id) => validateJob(sim.url, id));
      clock.advance(3 * SECOND);
    };
    const migrated = async () => {
      await validated();
      await each((id) => migrateJob(sim.url, id));
    };
    const ended = async () => {
      await migrated();
      clock.set(completeAfter() + 30 * SECOND);
    };
    switch (status) {
      case 'submitted':
        break;
      case 'validateSubmitted':
        await each((id) => validateJob(sim.url, id));
        break;
      case 'validateInProgress':
        await each((id) => validateJob(sim.url, id));
        clock.advance(SECOND);
        break;
      case 'validatePassed':
      case 'validateFailed':
        await validated();
        break;
      case 'processing':
        await migrated();
        break;
      case 'inProgress':
        await migrated();
        clock.advance(2 * SECOND);
        break;
      case 'cuttingOver':
        await migrated();
        clock.set(completeAfter() + SECOND);
        break;
      case 'completed':
      case 'completedWithErrors':
      case 'failed':
        await ended();
        break;
      case 'pendingCancel':
        await each(post('/cancel'));
        break;
      case 'cancelled':
        await each(post('/cancel'));
        clock.advance(SECOND);
        break;
      case 'pendingDelete':
        await ended();
        await each((id) => graph(sim.url, jobPath(id), { method: 'DELETE' }));
        break;
    }
    for (const job of jobs) expect((await getJob(sim.url, job.id)).status).toBe(status);
    return jobs;
  }

  async function act(action: Action, id: string) {
    switch (action) {
      case 'patch':
        return graph(sim.url, jobPath(id), {
          method: 'PATCH',
          body: { completeAfterDateTime: new Date(clock.now() + 24 * HOUR).toISOString() },
        });
      case 'delete':
        return graph(sim.url, jobPath(id), { method: 'DELETE' });
      default:
        return graph(sim.url, jobPath(id, `/${action}`), { method: 'POST' });
    }
  }

  it.each(ALLOWED)(
    'in %s allows %j and refuses the rest with 409 naming the status',
    async (status, allowed) => {
      const jobs = await jobsIn(status);
      const outcome: Record<string, number> = {};
      for (const [i, action] of ACTIONS.entries()) {
        const answer = await act(action, jobs[i].id);
        outcome[action] = answer.status;
        if (answer.status === 409) {
          expect(answer.body.error.code).toBe('Conflict');
          expect(answer.body.error.message).toContain(`is ${status}`);
        }
      }
      expect(outcome).toEqual(Object.fromEntries(ACTIONS.map((a) => [a, allowed.includes(a) ? OK[a] : 409])));
    },
  );

  it('cancels a job only before its completion time: pendingCancel, then cancelled with its users', async () => {
    const users = take(2);
    const job = await createJob(
      sim.url,
      northwindJob(
        'Cancel me',
        users.map((u) => u.objectId),
        clock.now() + HOUR,
      ),
    );
    await validateJob(sim.url, job.id);
    clock.advance(3 * SECOND);
    await migrateJob(sim.url, job.id);
    clock.advance(5 * SECOND);
    const cancel = await graph(sim.url, jobPath(job.id, '/cancel'), { method: 'POST' });
    expect(cancel.status).toBe(202);
    expect(cancel.body).toEqual({
      status: 'pendingCancel',
      message: `Cancellation of Cross Tenant Migration Job ${job.id} was requested.`,
    });
    expect(statuses((await jobUsers(sim.url, job.id))[0])).toEqual({
      Exchange: 'pendingCancel',
      ODSP: 'pendingCancel',
      Teams: 'pendingCancel',
      Meeting: 'pendingCancel',
    });
    clock.advance(SECOND); // 30 simulated seconds
    expect(await getJob(sim.url, job.id)).toMatchObject({
      status: 'cancelled',
      message: 'The job was cancelled.',
    });
    for (const task of await jobUsers(sim.url, job.id)) {
      expect(Object.values(statuses(task))).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    }
    // Its users are free for another job.
    await createJob(
      sim.url,
      northwindJob(
        'After cancel',
        users.map((u) => u.objectId),
        clock.now() + HOUR,
      ),
    );

    // After the completion time a job still syncing cannot be cancelled.
    const big = clean.slice(0, 30).sort((a, b) => b.sizeBytes - a.sizeBytes)[0]!;
    const late = await createJob(
      sim.url,
      northwindJob('Too late', [big.objectId], clock.now() + 10 * SECOND),
    );
    await validateJob(sim.url, late.id);
    clock.advance(3 * SECOND);
    await migrateJob(sim.url, late.id);
    clock.advance(15 * SECOND);
    const refused = await graph(sim.url, jobPath(late.id, '/cancel'), { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /is inProgress and its completion time .* has passed: a job can be cancelled only before its completion time\.$/,
    );
  });

  it('cancels one user before the completion time; the others carry on', async () => {
    const [stays, leaves] = take(2) as [DirectoryUser, DirectoryUser];
    const completeAfter = clock.now() + 5 * MINUTE;
    const job = await createJob(
      sim.url,
      northwindJob('One leaves', [stays.objectId, leaves.objectId], completeAfter),
    );
    const early = await graph(sim.url, jobPath(job.id, `/users/${leaves.objectId}/cancel`), {
      method: 'POST',
    });
    expect(early.status).toBe(409); // nothing to cancel before migrate
    expect(early.body.error.message).toContain('is submitted');
    await validateJob(sim.url, job.id);
    clock.advance(3 * SECOND);
    await migrateJob(sim.url, job.id);
    clock.advance(3 * SECOND);
    const cancelled = await graph(sim.url, jobPath(job.id, `/users/${leaves.objectId}/cancel`), {
      method: 'POST',
    });
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await graph(sim.url, jobPath(job.id, `/users/${leaves.objectId}/cancel`), {
      method: 'POST',
    });
    expect(again.status).toBe(409);
    const unknown = await graph(sim.url, jobPath(job.id, `/users/${clean[200]!.objectId}/cancel`), {
      method: 'POST',
    });
    expect(unknown.status).toBe(404);
    const task = (await jobUsers(sim.url, job.id)).find((t) => t.id === leaves.objectId);
    expect(Object.values(statuses(task))).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    clock.set(completeAfter + 30 * SECOND);
    expect(await getJob(sim.url, job.id)).toMatchObject({
      status: 'completedWithErrors',
      message: '1 of 2 users completed.',
    });
  });

  it('deletes only an ended job: pendingDelete for 30 simulated seconds, then gone', async () => {
    const users = take(1);
    const completeAfter = clock.now() + 5 * MINUTE;
    const job = await createJob(
      sim.url,
      northwindJob(
        'Delete me',
        users.map((u) => u.objectId),
        completeAfter,
      ),
    );
    const early = await graph(sim.url, jobPath(job.id), { method: 'DELETE' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe(
      `Cross Tenant Migration Job ${job.id} must be in final state (Completed, Failed, or Cancelled) before it can be deleted; it is submitted.`,
    );
    await validateJob(sim.url, job.id);
    clock.advance(3 * SECOND);
    await migrateJob(sim.url, job.id);
    clock.set(completeAfter + 30 * SECOND);
    expect((await getJob(sim.url, job.id)).status).toBe('completed');
    const deleted = await graph(sim.url, jobPath('Delete me'), { method: 'DELETE' });
    expect([deleted.status, deleted.body]).toEqual([202, null]);
    expect((await getJob(sim.url, job.id)).status).toBe('pendingDelete');
    clock.advance(SECOND);
    const gone = await graph(sim.url, jobPath(job.id));
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({
      code: 'ResourceNotFound',
      message: `Cross Tenant Migration Job '${job.id}' was not found.`,
    });
    expect((await graph(sim.url, JOBS_PATH)).body.value).toEqual([]);
  });
});
