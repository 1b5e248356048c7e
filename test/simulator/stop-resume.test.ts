import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
} from './sim-client';

describe('stop and resume', () => {
  let sim: SimulatorHandle;
  let users: string[];
  const clock = manualClock();

  beforeAll(async () => {
    sim = await startSimulator({ now: clock.now, speed: 1 });
    users = await northwindMailUsers(sim.url, 4);
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Pausable', users, { AutoStart: true }),
    );
    clock.advance(10 * MINUTE);
  });
  afterAll(() => sim.close());

  it('refuses Start and Remove while the batch syncs', async () => {
    expect((await getBatch(sim.url, 'Pausable')).Status).toBe('Syncing');
    const start = await invoke(sim.url, NORTHWIND, 'Start-MigrationBatch', { Identity: 'Pausable' });
    expect(start.status).toBe(400);
    expect(start.body.error.details[0].message).toContain(
      "can't be started because it's in the Syncing state.",
    );
    const remove = await invoke(sim.url, NORTHWIND, 'Remove-MigrationBatch', {
      Identity: 'Pausable',
      Confirm: false,
    });
    expect(remove.status).toBe(400);
    expect(remove.body.error.details[0].message).toContain(
      "can't be removed because it's in the Syncing state.",
    );
  });

  it('stops: Stopping, then Stopped with the bytes kept', async () => {
    await invokeOk(sim.url, NORTHWIND, 'Stop-MigrationBatch', { Identity: 'Pausable' });
    expect((await getBatch(sim.url, 'Pausable')).Status).toBe('Stopping');
    expect((await getStats(sim.url, users[0]!)).Status).toBe('Stopping');
    const refused = await invoke(sim.url, NORTHWIND, 'Stop-MigrationBatch', { Identity: 'Pausable' });
    expect(refused.body.error.details[0].message).toContain(
      "can't be stopped because it's in the Stopping state.",
    );

    clock.advance(1 * MINUTE);
    const stopped = await getBatch(sim.url, 'Pausable');
    expect(stopped).toMatchObject({ Status: 'Stopped', StoppedCount: 4, ActiveCount: 0 });
    const frozen = bytesOf((await getStats(sim.url, users[0]!)).BytesTransferred);
    expect(frozen).toBeGreaterThan(0);
    clock.advance(3 * HOUR);
    const stats = await getStats(sim.url, users[0]!);
    expect(stats).toMatchObject({ Status: 'Stopped', StatusSummary: 'Stopped' });
    expect(bytesOf(stats.BytesTransferred)).toBe(frozen);

    const again = await invoke(sim.url, NORTHWIND, 'Stop-MigrationBatch', { Identity: 'Pausable' });
    expect(again.body.error.details[0].message).toContain(
      "can't be stopped because it's in the Stopped state.",
    );
  });

  it('resumes from where it stopped and reaches Synced', async () => {
    const before = bytesOf((await getStats(sim.url, users[0]!)).BytesTransferred);
    await invokeOk(sim.url, NORTHWIND, 'Start-MigrationBatch', { Identity: 'Pausable' });
    expect((await getBatch(sim.url, 'Pausable')).Status).toBe('Starting');
    clock.advance(2 * MINUTE);
    expect((await getBatch(sim.url, 'Pausable')).Status).toBe('Syncing');
    expect(bytesOf((await getStats(sim.url, users[0]!)).BytesTransferred)).toBe(before); // reconnecting: no bytes lost

    clock.advance(3 * HOUR);
    expect(await getBatch(sim.url, 'Pausable')).toMatchObject({
      Status: 'Synced',
      SyncedCount: 4,
      StoppedCount: 0,
    });
  });
});
