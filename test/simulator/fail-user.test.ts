import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import {
  getBatch,
  getStats,
  HOUR,
  invoke,
  invokeOk,
  MINUTE,
  manualClock,
  NORTHWIND,
  newBatchParameters,
  northwindMailUsers,
  UNLICENSED,
} from './sim-client';

describe('per-user failures', () => {
  let sim: SimulatorHandle;
  afterEach(() => sim.close());

  it('fails the seeded unlicensed users once they sync, and they fail again on retry', async () => {
    const clock = manualClock();
    sim = await startSimulator({ now: clock.now, speed: 60 });
    const users = [...(await northwindMailUsers(sim.url, 2)), UNLICENSED[0]!];
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Licences', users, { AutoStart: true }),
    );
    clock.advance(3 * MINUTE);

    expect(await getBatch(sim.url, 'Licences')).toMatchObject({
      Status: 'SyncedWithErrors',
      FailedCount: 1,
      FailedInitialSyncCount: 1,
      SyncedCount: 2,
    });
    const stats = await getStats(sim.url, UNLICENSED[0]!);
    expect(stats).toMatchObject({ Status: 'Failed', StatusSummary: 'Failed' });
    expect(stats.Error).toBe(
      'Error: CrossTenantMigrationWithoutLicensePermanentException: No license was found for the source recipient, ' +
        'isabel.ferreira@contoso.com, or the target recipient, isabel.ferreira@northwindtraders.com. ' +
        'A Cross-tenant User Data Migration license is required to move a mailbox between tenants.',
    );
    expect(stats.ErrorSummary).toMatch(/^No license was found for the source recipient/);

    await invokeOk(sim.url, NORTHWIND, 'Start-MigrationBatch', { Identity: 'Licences' });
    expect((await getStats(sim.url, UNLICENSED[0]!)).Status).toBe('Syncing');
    clock.advance(1 * MINUTE);
    expect((await getBatch(sim.url, 'Licences')).Status).toBe('SyncedWithErrors');

    await invokeOk(sim.url, NORTHWIND, 'Complete-MigrationBatch', { Identity: 'Licences' });
    clock.advance(1 * MINUTE);
    expect(await getBatch(sim.url, 'Licences')).toMatchObject({
      Status: 'CompletedWithErrors',
      FinalizedCount: 2,
      FailedCount: 1,
    });
  });

  it('failUser fails a user with the licence error once syncing starts; reset lets a retry succeed', async () => {
    const clock = manualClock();
    sim = await startSimulator({ now: clock.now, speed: 60 });
    const users = await northwindMailUsers(sim.url, 3);
    sim.faults.failUser(users[1]!);
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Faulty', users, { AutoStart: true }),
    );
    clock.advance(3 * MINUTE);

    const failed = await getStats(sim.url, users[1]!);
    expect(failed.Status).toBe('Failed');
    expect(failed.Error).toContain('CrossTenantMigrationWithoutLicensePermanentException');
    expect(failed.Error).toContain(users[1]!.replace('@northwindtraders.com', '@contoso.com'));
    expect((await getBatch(sim.url, 'Faulty')).Status).toBe('SyncedWithErrors');

    sim.faults.reset();
    await invokeOk(sim.url, NORTHWIND, 'Start-MigrationBatch', { Identity: 'Faulty' });
    clock.advance((2 * HOUR) / 60);
    expect(await getBatch(sim.url, 'Faulty')).toMatchObject({
      Status: 'Synced',
      FailedCount: 0,
      SyncedCount: 3,
    });
  });

  it('takes a custom error over HTTP, fails a synced user at completion, and a fully failed batch is Failed', async () => {
    const clock = manualClock();
    sim = await startSimulator({ now: clock.now, speed: 60 });
    const [a, b] = await northwindMailUsers(sim.url, 2);
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Late', [a!], { AutoStart: true }),
    );
    clock.advance(3 * MINUTE);
    expect((await getBatch(sim.url, 'Late')).Status).toBe('Synced');

    const response = await fetch(`${sim.url}/_simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        failUser: { email: a, error: 'Error: MigrationTransientException: The source is busy.' },
      }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).failedUsers).toEqual([
      {
        email: a,
        error: 'Error: MigrationTransientException: The source is busy.',
        since: '2025-03-03T09:03:00.000Z',
      },
    ]);
    await invokeOk(sim.url, NORTHWIND, 'Complete-MigrationBatch', { Identity: 'Late' });
    clock.advance(5 * MINUTE);
    expect(await getBatch(sim.url, 'Late')).toMatchObject({
      Status: 'CompletedWithErrors',
      FailedIncrementalSyncCount: 1,
    });
    expect((await getStats(sim.url, a!)).ErrorSummary).toBe('The source is busy.');

    sim.faults.failUser(b!);
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Doomed', [b!], { AutoStart: true }),
    );
    clock.advance(5 * MINUTE);
    expect((await getBatch(sim.url, 'Doomed')).Status).toBe('Failed');
    const stop = await invoke(sim.url, NORTHWIND, 'Stop-MigrationBatch', { Identity: 'Doomed' });
    expect(stop.body.error.details[0].message).toContain(
      "can't be stopped because it's in the Failed state.",
    );
  });
});
