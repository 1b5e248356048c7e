import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../../simulator/index';
import { CONTOSO_ID, getTenants, HOUR, type Json, NORTHWIND, SECOND } from '../sim-client';
import {
  cleanNorthwindUsers,
  createJob,
  type DirectoryUser,
  getJob,
  graph,
  JOBS_PATH,
  jobPath,
  mailUsers,
  migrateJob,
  northwindJob,
  testClock,
  validateJob,
} from './jobs-client';

describe('Graph cross-tenant migration jobs: requests', () => {
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

  it('lists jobs 20 a page with an absolute @odata.nextLink on the same host', async () => {
    for (let i = 0; i < 45; i++)
      await createJob(sim.url, northwindJob(`Page ${i}`, [clean[i]!.objectId], later()));
    const names: string[] = [];
    let link: string | undefined = `${sim.url}/v1.0${JOBS_PATH}`;
    const sizes: number[] = [];
    while (link) {
      const page: Json = (await graph(sim.url, link)).body;
      sizes.push(page.value.length);
      names.push(...page.value.map((j: Json) => j.displayName));
      link = page['@odata.nextLink'];
      if (link) expect(link.startsWith(`${sim.url}/v1.0${JOBS_PATH}?$skiptoken=`)).toBe(true);
    }
    expect(sizes).toEqual([20, 20, 5]);
    expect(names).toEqual(Array.from({ length: 45 }, (_, i) => `Page ${i}`));
  });

  it('pages the users 100 at a time by default, $top up to 999, keeping $top in the nextLink', async () => {
    const everyone = await mailUsers(sim.url, NORTHWIND);
    const users = everyone.slice(0, 250);
    const job = await createJob(
      sim.url,
      northwindJob(
        'Many',
        users.map((u) => u.objectId),
        later(),
      ),
    );
    const first = await graph(sim.url, jobPath(job.id, '/users'));
    expect(first.body.value).toHaveLength(100);
    expect(first.body['@odata.nextLink']).toMatch(
      new RegExp(`^${sim.url}/v1.0${JOBS_PATH}/${job.id}/users\\?\\$skiptoken=`),
    );
    const second = await graph(sim.url, jobPath(job.id, '/users?$top=120'));
    expect(second.body.value).toHaveLength(120);
    const link = second.body['@odata.nextLink'];
    expect(link).toContain('$top=120');
    const rest = await graph(sim.url, link);
    expect(rest.body.value.map((t: Json) => t.id)).toEqual(users.slice(120, 240).map((u) => u.objectId));
    const whole = await graph(sim.url, jobPath(job.id, '/users?$top=999'));
    expect(whole.body.value.map((t: Json) => t.id)).toEqual(users.map((u) => u.objectId));
    expect(whole.body['@odata.nextLink']).toBeUndefined();
    const tooMany = await graph(sim.url, jobPath(job.id, '/users?$top=1000'));
    expect([tooMany.status, tooMany.body.error.message]).toEqual([
      400,
      "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.",
    ]);
    const one = await graph(sim.url, jobPath(job.id, `/users/${users[7]!.objectId}`));
    expect(one.body).toMatchObject({ id: users[7]!.objectId, taskType: 'validate' });
    expect(one.body.currentStatus.map((s: Json) => [s.service, s.status])).toEqual([
      ['Exchange', 'notStarted'],
      ['ODSP', 'notStarted'],
      ['Teams', 'notStarted'],
      ['Meeting', 'notStarted'],
    ]);
    expect((await graph(sim.url, jobPath(job.id, `/users/${everyone[260]!.objectId}`))).status).toBe(404);
  });

  it('answers 422 for a duplicate displayName or a completion time in the past', async () => {
    await createJob(sim.url, northwindJob('Wave 1', [clean[0]!.objectId], later()));
    const duplicate = await graph(sim.url, JOBS_PATH, {
      method: 'POST',
      body: northwindJob('WAVE 1', [clean[1]!.objectId], later()),
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.error).toMatchObject({
      code: 'duplicateDisplayNameJob',
      message:
        'Error in displayName data field duplicateDisplayNameJob: displayName already exists. Please provide a unique job displayName.',
      details: [{ code: 'BadArgument', target: 'displayName' }],
      innerError: { 'request-id': expect.any(String), date: expect.any(String) },
    });
    const past = await graph(sim.url, JOBS_PATH, {
      method: 'POST',
      body: northwindJob('Wave 2', [clean[1]!.objectId], clock.now() - SECOND),
    });
    expect(past.status).toBe(422);
    expect(past.body.error).toMatchObject({
      code: 'minThresholdFailed',
      message:
        'Error in completeAfterDateTime data field minThresholdFailed: completeAfterDateTime must be greater than the current time.',
    });
    expect((await graph(sim.url, JOBS_PATH)).body.value.map((j: Json) => j.displayName)).toEqual(['Wave 1']);
  });

  it('refuses bad jobs with 400 naming the problem, and creates nothing', async () => {
    const ok = northwindJob('Bad', [clean[0]!.objectId], later());
    const unknownId = '00000000-0000-4000-8000-000000000001';
    const [contoso] = await getTenants(sim.url, 'contoso.onmicrosoft.com');
    const source = contoso.recipients[0];
    const cases: [Json, string][] = [
      [{ ...ok, resources: [clean[0]!.objectId, unknownId] }, `No user has the object id ${unknownId}.`],
      [{ ...ok, resources: ['alice@contoso.com'] }, "Resource 'alice@contoso.com' is not a user object id."],
      [{ ...ok, resources: [] }, "The property 'resources' must list at least one user object id."],
      [
        { ...ok, resources: Array.from({ length: 2001 }, () => clean[0]!.objectId) },
        'A job takes at most 2000 resources; this one has 2001.',
      ],
      [
        { ...ok, resources: [clean[0]!.objectId, clean[0]!.objectId.toUpperCase()] },
        `Resource '${clean[0]!.objectId.toUpperCase()}' is listed twice.`,
      ],
      [
        { ...ok, resources: [clean[0]!.objectId, source.objectId] },
        `Resource '${source.objectId}' is a user of contoso.onmicrosoft.com, not of ${NORTHWIND}: a job's users are all in its target tenant.`,
      ],
      [{ ...ok, completeAfterDateTime: undefined }, "The property 'completeAfterDateTime' is required."],
      [
        { ...ok, completeAfterDateTime: 'tomorrow' },
        "The property 'completeAfterDateTime' must be an ISO 8601 date and time; got 'tomorrow'.",
      ],
      [{ ...ok, sourceTenantId: 'contoso' }, "sourceTenantId 'contoso' is not a tenant GUID."],
      [{ ...ok, status: 'completed' }, "Property 'status' is read-only and cannot be set."],
      [
        { ...ok, colour: 'blue' },
        "Property 'colour' does not exist on type 'microsoft.graph.crossTenantMigrationJob'.",
      ],
      [
        { ...ok, workloads: ['Exchange', 'Yammer'] },
        "Unknown workload 'Yammer'; use Exchange, ODSP, Teams, Meeting.",
      ],
      [
        { ...ok, exchangeSettings: { targetDeliveryDomain: 'contoso.com' } },
        `targetDeliveryDomain 'contoso.com' is not an accepted domain of ${NORTHWIND}.`,
      ],
    ];
    for (const [body, message] of cases) {
      const answer = await graph(sim.url, JOBS_PATH, { method: 'POST', body });
      expect({ status: answer.status, message: answer.body.error.message }).toEqual({ status: 400, message });
    }
    expect((await graph(sim.url, JOBS_PATH)).body.value).toEqual([]);
  });

  it('refuses a user already in another active job, and takes them once that job has ended', async () => {
    const [a, b] = clean as [DirectoryUser, DirectoryUser];
    const first = await createJob(
      sim.url,
      northwindJob('First', [a.objectId], clock.now() + 5 * 60 * SECOND),
    );
    const refused = await graph(sim.url, JOBS_PATH, {
      method: 'POST',
      body: northwindJob('Second', [b.objectId, a.objectId], later()),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      `User ${a.email} (${a.objectId}) is already in the active job 'First'; a user can be in one active job only.`,
    );
    await validateJob(sim.url, first.id);
    clock.advance(3 * SECOND);
    await migrateJob(sim.url, first.id);
    clock.advance(HOUR);
    expect((await getJob(sim.url, first.id)).status).toBe('completed');
    await createJob(sim.url, northwindJob('Second', [b.objectId, a.objectId], later()));
  });

  it('answers by displayName as well as by id, under /beta too, and 401 without a token', async () => {
    const job = await createJob(sim.url, northwindJob('Named job', [clean[0]!.objectId], later()));
    expect((await getJob(sim.url, 'named JOB')).id).toBe(job.id);
    const beta = await graph(sim.url, jobPath(job.id), { version: 'beta' });
    expect(beta.status).toBe(200);
    expect(beta.body['@odata.context']).toBe(
      `${sim.url}/beta/$metadata#solutions/migrations/crossTenantMigrationJobs/$entity`,
    );
    expect(beta.body).toMatchObject({
      id: job.id,
      displayName: 'Named job',
      jobType: 'validate',
      status: 'submitted',
      sourceTenantId: CONTOSO_ID,
      targetTenantId: '7b9d4e2f-1c3a-4f6b-8d52-9e0a1b2c3d02',
      resourceType: 'users',
      resources: [],
      workloads: ['Exchange', 'ODSP', 'Teams', 'Meeting'],
      createdDateTime: clock.iso,
    });
    const anonymous = await graph(sim.url, jobPath(job.id), { token: null });
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'InvalidAuthenticationToken']);
    const wrongMethod = await graph(sim.url, jobPath(job.id, '/validate'));
    expect(wrongMethod.status).toBe(405);
  });
});
