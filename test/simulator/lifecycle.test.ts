import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import {
  bytesOf,
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
  SECOND,
} from './sim-client';

/** Speed 60: one simulated hour per real minute of the injected clock. */
const SPEED = 60;

describe('time-driven lifecycle', () => {
  let sim: SimulatorHandle;
  afterEach(() => sim.close());

  it('goes Created -> Starting -> Syncing -> Synced -> Completing -> Completed', async () => {
    const clock = manualClock();
    sim = await startSimulator({ now: clock.now, speed: SPEED });
    const users = await northwindMailUsers(sim.url, 3);
    await invokeOk(sim.url, NORTHWIND, 'New-MigrationBatch', newBatchParameters('Wave 1', users));
    expect((await getBatch(sim.url, 'Wave 1')).Status).toBe('Created');

    await invokeOk(sim.url, NORTHWIND, 'Start-MigrationBatch', { Identity: 'Wave 1' });
    const starting = await getBatch(sim.url, 'Wave 1');
    expect(starting).toMatchObject({ Status: 'Starting', StartDateTime: '2025-03-03T09:00:00.0000000Z' });

    clock.advance(5 * SECOND); // five simulated minutes
    expect((await getBatch(sim.url, 'Wave 1')).Status).toBe('Syncing');
    const early = await getStats(sim.url, users[0]!);
    expect(early.Status).toBe('Syncing');
    expect(bytesOf(early.BytesTransferred)).toBeGreaterThan(0);
    clock.advance(5 * SECOND);
    const later = await getStats(sim.url, users[0]!);
    expect(bytesOf(later.BytesTransferred)).toBeGreaterThan(bytesOf(early.BytesTransferred));
    expect(later.PercentageComplete).toBeGreaterThan(early.PercentageComplete);
    expect(later.SyncedItemCount).toBeGreaterThan(early.SyncedItemCount);
    expect(bytesOf(later.CurrentBytesTransferredPerMinute)).toBeGreaterThan(0);

    clock.advance(2 * MINUTE); // two simulated hours: enough for any typical mailbox
    const synced = await getBatch(sim.url, 'Wave 1');
    expect(synced).toMatchObject({ Status: 'Synced', SyncedCount: 3, ActiveCount: 0, FailedCount: 0 });
    expect(synced.InitialSyncDateTime).toMatch(/^2025-03-03T09:\d{2}:\d{2}\.\d{7}Z$/);
    const syncedStats = await getStats(sim.url, users[0]!);
    expect(syncedStats).toMatchObject({ Status: 'Synced', StatusSummary: 'Synced', PercentageComplete: 95 });
    expect(syncedStats.BytesTransferred).toBe(syncedStats.EstimatedTotalTransferSize);
    expect(syncedStats.LastSuccessfulSyncTime).not.toBeNull();

    await invokeOk(sim.url, NORTHWIND, 'Complete-MigrationBatch', { Identity: 'Wave 1', Confirm: false });
    const completing = await getBatch(sim.url, 'Wave 1');
    expect(completing.Status).toBe('Completing');
    expect(completing.CompleteAfter).toBe(clock.iso.replace(/\.(\d{3})Z$/, '.$10000Z'));
    expect((await getStats(sim.url, users[1]!)).Status).toBe('Completing');

    clock.advance(5 * SECOND);
    const completed = await getBatch(sim.url, 'Wave 1');
    expect(completed).toMatchObject({ Status: 'Completed', FinalizedCount: 3, SyncedCount: 0 });
    const finalStats = await getStats(sim.url, users[2]!);
    expect(finalStats).toMatchObject({
      Status: 'Completed',
      StatusSummary: 'Completed',
      PercentageComplete: 100,
    });
  });

  it('refuses lifecycle commands that do not fit the state, then removes the batch and its users', async () => {
    const clock = manualClock();
    sim = await startSimulator({ now: clock.now, speed: SPEED });
    const users = await northwindMailUsers(sim.url, 2);
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Done', users, { AutoStart: true, AutoComplete: true }),
    );
    clock.advance(3 * MINUTE);
    expect((await getBatch(sim.url, 'Done')).Status).toBe('Completed');

    for (const [cmdlet, verb] of [
      ['Stop-MigrationBatch', 'stopped'],
      ['Start-MigrationBatch', 'started'],
      ['Complete-MigrationBatch', 'completed'],
    ]) {
      const refused = await invoke(sim.url, NORTHWIND, cmdlet!, { Identity: 'Done' });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details[0].message).toContain(
        `The migration batch 'Done' can't be ${verb} because it's in the Completed state.`,
      );
    }

    await invokeOk(sim.url, NORTHWIND, 'Remove-MigrationBatch', { Identity: 'Done', Confirm: false });
    expect((await invoke(sim.url, NORTHWIND, 'Get-MigrationBatch', { Identity: 'Done' })).status).toBe(404);
    expect((await invoke(sim.url, NORTHWIND, 'Get-MigrationUser', { Identity: users[0] })).status).toBe(404);
    expect(await invokeOk(sim.url, NORTHWIND, 'Get-MigrationUser')).toEqual([]);
  });

  it('moves at most 20 users of a batch at a time and queues the rest', async () => {
    const clock = manualClock();
    sim = await startSimulator({ now: clock.now, speed: SPEED });
    const users = await northwindMailUsers(sim.url, 25);
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Wide', users, { AutoStart: true }),
    );
    clock.advance((90 * SECOND) / SPEED); // past the one-minute start

    const batch = await getBatch(sim.url, 'Wide');
    expect(batch).toMatchObject({ Status: 'Syncing', ActiveCount: 20, PendingCount: 5, TotalCount: 25 });
    const queued = await invokeOk(sim.url, NORTHWIND, 'Get-MigrationUser', {
      BatchId: 'Wide',
      Status: 'Queued',
    });
    expect(queued.map((u) => u.Identity)).toEqual(users.slice(20));
  });

  it('brings a demo batch of the first 20 users to Synced in about a minute at speed 60', async () => {
    const clock = manualClock();
    sim = await startSimulator({ now: clock.now, speed: SPEED });
    const users = await northwindMailUsers(sim.url, 20);
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Demo', users, { AutoStart: true }),
    );

    clock.advance(40 * SECOND);
    expect((await getBatch(sim.url, 'Demo')).Status).toBe('Syncing');
    clock.advance(35 * SECOND);
    expect(await getBatch(sim.url, 'Demo')).toMatchObject({ Status: 'Synced', SyncedCount: 20 });
  });

  it('reports rates against the wall clock, so an ETA from them is right at any speed', async () => {
    const clock = manualClock();
    sim = await startSimulator({ now: clock.now, speed: 1 });
    const [user] = await northwindMailUsers(sim.url, 1);
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Rate', [user!], { AutoStart: true }),
    );
    clock.advance(10 * MINUTE);
    const stats = await getStats(sim.url, user!);
    const perMinute = bytesOf(stats.CurrentBytesTransferredPerMinute);
    const perHourGiB = (perMinute * 60) / 1024 ** 3;
    expect(perHourGiB).toBeGreaterThanOrEqual(4.5);
    expect(perHourGiB).toBeLessThanOrEqual(7.5);
    expect(bytesOf(stats.AverageBytesTransferredPerHour)).toBeGreaterThan(0);
    clock.advance(HOUR);
    const after = await getStats(sim.url, user!);
    expect(bytesOf(after.BytesTransferred) - bytesOf(stats.BytesTransferred)).toBeGreaterThan(0);
  });
});
