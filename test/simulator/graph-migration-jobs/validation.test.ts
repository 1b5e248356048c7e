import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../../simulator/index';
import { HOUR, type Json, manualClock, NORTHWIND, SECOND } from '../sim-client';
import {
  createJob,
  defectsByEmail,
  getJob,
  graph,
  jobPath,
  jobUsers,
  mailUsers,
  migrateJob,
  northwindJob,
  statuses,
  validateJob,
  WORKLOADS,
  woodgroveJob,
} from './jobs-client';

/** The codes validation reports for each seeded defect, per workload. */
const EXPECTED: Record<string, Record<string, string[]>> = {
  'missing-x500': { Exchange: ['CTM-101'], ODSP: ['CTM-101'], Teams: ['CTM-101'], Meeting: ['CTM-101'] },
  'exchange-guid-mismatch': {
    Exchange: ['CTM-101'],
    ODSP: ['CTM-101'],
    Teams: ['CTM-101'],
    Meeting: ['CTM-101'],
  },
  'non-owned-proxy': { Exchange: ['CTM-101'], ODSP: ['CTM-101'], Teams: ['CTM-101'], Meeting: ['CTM-101'] },
  'litigation-hold': { Exchange: ['EXCH-08'], ODSP: [], Teams: [], Meeting: [] },
  'in-place-hold': { Exchange: ['EXCH-08'], ODSP: [], Teams: [], Meeting: [] },
  'stale-previous-mailbox': { Exchange: ['EXCH-08'], ODSP: [], Teams: [], Meeting: [] },
  'missing-licence': {
    Exchange: ['EXCH-08'],
    ODSP: ['MnAOdbUsersAreNotLicensed'],
    Teams: ['CTTM-005'],
    Meeting: ['MMS-007'],
  },
};

function codes(task: Json): Record<string, string[]> {
  return Object.fromEntries(
    task.currentStatus.map((s: Json) => [s.service, s.errors.map((e: Json) => e.code)]),
  );
}

describe('Graph cross-tenant migration jobs: validation', () => {
  let clock = manualClock();
  let sim: SimulatorHandle;
  let seq = 0;
  const name = (what: string) => `${what} ${++seq}`;
  const later = () => clock.now() + 30 * 24 * HOUR;

  beforeEach(async () => {
    clock = manualClock();
    sim = await startSimulator({ now: clock.now, speed: 60 });
  });
  afterEach(() => sim.close());

  async function validated(body: Json): Promise<{ job: Json; tasks: Json[] }> {
    const created = await createJob(sim.url, body);
    await validateJob(sim.url, created.id);
    clock.advance(3 * SECOND); // 2.5 simulated minutes at speed 60
    return { job: await getJob(sim.url, created.id), tasks: await jobUsers(sim.url, created.id) };
  }

  it('finds exactly the seeded defects of Northwind, with their documented codes', async () => {
    const users = await mailUsers(sim.url, NORTHWIND);
    const defects = await defectsByEmail(sim.url, 'northwindtraders');
    const { job, tasks } = await validated(
      northwindJob(
        name('Everyone'),
        users.map((u) => u.objectId),
        later(),
      ),
    );
    expect(job).toMatchObject({ status: 'validatePassed', jobType: 'validate' });
    expect(tasks).toHaveLength(users.length);

    const byId = new Map(users.map((u) => [u.objectId, u.email.toLowerCase()]));
    const invalid = tasks.filter((t) => t.currentStatus.some((s: Json) => s.status === 'invalid'));
    const expectedInvalid = [...defects].filter(([, d]) => d !== 'delegate-split').map(([email]) => email);
    expect(invalid.map((t) => byId.get(t.id)).sort()).toEqual(expectedInvalid.sort());
    expect(job.message).toBe(
      `Validation passed for ${users.length - invalid.length} of ${users.length} users.`,
    );

    for (const task of invalid) {
      const defect = defects.get(byId.get(task.id)!)!;
      expect({ defect, codes: codes(task) }).toEqual({ defect, codes: EXPECTED[defect] });
      for (const s of task.currentStatus) {
        expect(s.status).toBe(s.errors.length > 0 ? 'invalid' : 'valid');
        for (const e of s.errors) expect(e.message.length).toBeGreaterThan(20);
      }
    }
    // The service moves no permissions: a delegate split across batches is not its concern.
    const delegates = tasks.filter((t) => defects.get(byId.get(t.id)!) === 'delegate-split');
    expect(delegates).toHaveLength(3);
    for (const t of delegates)
      expect(Object.values(statuses(t))).toEqual(['valid', 'valid', 'valid', 'valid']);
  });

  it('words each finding so an admin can act on it', async () => {
    const users = await mailUsers(sim.url, NORTHWIND);
    const defects = await defectsByEmail(sim.url);
    const pick = (defect: string) => users.find((u) => defects.get(u.email.toLowerCase()) === defect)!;
    const wanted = ['exchange-guid-mismatch', 'missing-x500', 'litigation-hold', 'missing-licence'].map(pick);
    const { tasks } = await validated(
      northwindJob(
        name('Words'),
        wanted.map((u) => u.objectId),
        later(),
      ),
    );
    const exchange = (i: number) =>
      tasks[i].currentStatus.find((s: Json) => s.service === 'Exchange').errors[0].message;
    expect(exchange(0)).toMatch(
      /^User migration validation failed\. .*ExchangeGuid missmatch, expected '[0-9a-f-]{36}', found '[0-9a-f-]{36}'\.$/,
    );
    expect(exchange(1)).toMatch(/Missing required EmailAddresses\. Expected 'x500:\/o=/);
    expect(exchange(2)).toBe(
      `The source mailbox '${wanted[2]!.email.replace('@northwindtraders.com', '@contoso.com')}' is on litigation hold and can't be migrated cross-tenant without being added to the exception list.`,
    );
    expect(exchange(3)).toMatch(
      /^None of the source or target objects have a cross-tenant mailbox migration license assigned/,
    );
    const teams = tasks[3].currentStatus.find((s: Json) => s.service === 'Teams').errors[0];
    expect(teams.message).toBe(
      `Teams migration failed. User ${wanted[3]!.email} in tenant 7b9d4e2f-1c3a-4f6b-8d52-9e0a1b2c3d02 does not have a Teams license. Assign a Teams license to the user and retry migration.`,
    );
  });

  it('finds no problem with the demo pair: Contoso-CrossTenant into northwindtraders.onmicrosoft.com', async () => {
    const users = (await mailUsers(sim.url, NORTHWIND)).slice(0, 30);
    const { job, tasks } = await validated(
      northwindJob(
        name('Demo'),
        users.map((u) => u.objectId),
        later(),
      ),
    );
    expect(job).toMatchObject({ status: 'validatePassed', message: 'Validation passed for 30 of 30 users.' });
    expect(job.exchangeSettings).toEqual({
      sourceEndpoint: 'Contoso-CrossTenant',
      targetDeliveryDomain: NORTHWIND,
    });
    for (const t of tasks)
      expect(statuses(t)).toEqual(Object.fromEntries(WORKLOADS.map((w) => [w, 'valid'])));
  });

  it('fails every Woodgrove user with MIGR-001: Tailspin never set up its side of the relationship', async () => {
    const users = await mailUsers(sim.url, 'woodgrovebank.onmicrosoft.com');
    const { job, tasks } = await validated(
      woodgroveJob(
        name('Woodgrove'),
        users.map((u) => u.objectId),
        later(),
      ),
    );
    expect(job).toMatchObject({
      status: 'validateFailed',
      message: `Validation failed for all ${users.length} users.`,
    });
    expect(tasks).toHaveLength(12);
    for (const t of tasks) {
      expect(codes(t)).toEqual(Object.fromEntries(WORKLOADS.map((w) => [w, ['MIGR-001']])));
      expect(t.currentStatus[0].errors[0].message).toBe(
        'Tenant authorization error. The tenants are not configured to support migration.',
      );
    }
    const migrate = await graph(sim.url, jobPath(job.id, '/migrate'), { method: 'POST' });
    expect(migrate.status).toBe(409);
    expect(migrate.body.error.message).toContain('is validateFailed');
  });

  it('reports EXCH-07 for an endpoint that does not exist and EXCH-08 when the endpoint test fails', async () => {
    const users = (await mailUsers(sim.url, NORTHWIND)).slice(30, 32).map((u) => u.objectId);
    const noEndpoint = await validated(
      northwindJob(name('No endpoint'), users, later(), {
        exchangeSettings: { sourceEndpoint: 'Fabrikam-Hybrid' },
      }),
    );
    expect(noEndpoint.job.status).toBe('validateFailed');
    for (const t of noEndpoint.tasks) {
      expect(codes(t)).toEqual({ Exchange: ['EXCH-07'], ODSP: [], Teams: [], Meeting: [] });
      expect(t.currentStatus[0].errors[0].message).toBe(
        'No valid migration endpoints for the remote tenant.',
      );
    }
    // Exchange is the only workload that needs the endpoint.
    await graph(sim.url, jobPath(noEndpoint.job.id, '/cancel'), { method: 'POST' });
    clock.advance(SECOND); // cancelled: its users may join another job

    sim.faults.endpointDown('Contoso-CrossTenant');
    const down = await validated(northwindJob(name('Endpoint down'), users, later()));
    expect(down.job.status).toBe('validateFailed');
    expect(codes(down.tasks[0]).Exchange).toEqual(['EXCH-08']);
    expect(down.tasks[0].currentStatus[0].errors[0].message).toBe(
      "Test-MigrationServerAvailability failed with: The connection to the server 'outlook.office.com' could not be completed.",
    );
  });

  it('reports CTM-100 for a target user that is not a MailUser', async () => {
    const [northwind] = await (await fetch(`${sim.url}/_simulator/tenants?tenant=${NORTHWIND}`)).json();
    const admin = northwind.recipients.find((r: Json) => r.email === 'admin@northwindtraders.com');
    const { job, tasks } = await validated(northwindJob(name('Mailbox'), [admin.objectId], later()));
    expect(job.status).toBe('validateFailed');
    expect(codes(tasks[0])).toEqual(Object.fromEntries(WORKLOADS.map((w) => [w, ['CTM-100']])));
    expect(tasks[0].currentStatus[0].errors[0].message).toBe(
      "User migration validation failed. User identity mapping not found: 'admin@northwindtraders.com' is not a mail user.",
    );
  });

  it('shows the users as not started, then in progress, then valid or invalid, as validation runs', async () => {
    const users = (await mailUsers(sim.url, NORTHWIND)).slice(40, 41).map((u) => u.objectId);
    const job = await createJob(sim.url, northwindJob(name('Steps'), users, later()));
    const seen: string[] = [];
    const look = async () => {
      const [task] = await jobUsers(sim.url, job.id);
      const current = await getJob(sim.url, job.id);
      seen.push(`${current.status}/${task.taskType}/${task.currentStatus[0].status}`);
    };
    await look();
    await validateJob(sim.url, job.id);
    await look();
    clock.advance(SECOND);
    await look();
    clock.advance(2 * SECOND);
    await look();
    expect(seen).toEqual([
      'submitted/validate/notStarted',
      'validateSubmitted/validate/notStarted',
      'validateInProgress/validate/inProgress',
      'validatePassed/validate/valid',
    ]);
  });

  it('refuses migrate once a passed validation is more than 7 simulated days old, until validated again', async () => {
    const users = (await mailUsers(sim.url, NORTHWIND)).slice(50, 52).map((u) => u.objectId);
    const { job } = await validated(northwindJob(name('Expiry'), users, later()));
    expect(job.status).toBe('validatePassed');
    clock.advance(2.7 * HOUR); // 6.75 simulated days at speed 60
    expect((await getJob(sim.url, job.id)).status).toBe('validatePassed');
    clock.advance(0.2 * HOUR); // 7.25 days
    const refused = await graph(sim.url, jobPath(job.id, '/migrate'), { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('Conflict');
    expect(refused.body.error.message).toMatch(
      /passed at .*, more than 7 days ago: validate the job again before migrating\.$/,
    );
    expect((await getJob(sim.url, job.id)).status).toBe('validatePassed');

    await validateJob(sim.url, job.id);
    expect((await getJob(sim.url, job.id)).status).toBe('validateSubmitted');
    clock.advance(3 * SECOND);
    const migrated = await migrateJob(sim.url, job.id);
    expect(migrated).toMatchObject({ status: 'processing', jobType: 'migrate' });
  });
});
