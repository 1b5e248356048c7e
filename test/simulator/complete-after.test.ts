import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import {
  getBatch,
  HOUR,
  invoke,
  invokeOk,
  MINUTE,
  manualClock,
  NORTHWIND,
  newBatchParameters,
  northwindMailUsers,
} from './sim-client';

describe('CompleteAfter', () => {
  let sim: SimulatorHandle;
  afterEach(() => sim.close());

  it('completes a synced batch by itself once Set-MigrationBatch -CompleteAfter has passed', async () => {
    const clock = manualClock('2025-03-03T09:00:00.000Z');
    sim = await startSimulator({ now: clock.now, speed: 1 });
    const users = await northwindMailUsers(sim.url, 3);
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Weekend', users, { AutoStart: true }),
    );
    await invokeOk(sim.url, NORTHWIND, 'Set-MigrationBatch', {
      Identity: 'Weekend',
      CompleteAfter: '2025-03-03T14:00:00Z',
    });
    expect((await getBatch(sim.url, 'Weekend')).CompleteAfter).toBe('2025-03-03T14:00:00.0000000Z');

    clock.advance(2 * HOUR); // 11:00, synced but before CompleteAfter
    expect((await getBatch(sim.url, 'Weekend')).Status).toBe('Synced');
    clock.advance(2 * HOUR + 59 * MINUTE); // 13:59
    expect((await getBatch(sim.url, 'Weekend')).Status).toBe('Synced');
    clock.advance(2 * MINUTE); // 14:01: completing
    expect((await getBatch(sim.url, 'Weekend')).Status).toBe('Completing');
    clock.advance(5 * MINUTE);
    expect(await getBatch(sim.url, 'Weekend')).toMatchObject({ Status: 'Completed', FinalizedCount: 3 });
    const [user] = await invokeOk(sim.url, NORTHWIND, 'Get-MigrationUser', { Identity: users[0] });
    expect(user.LastSuccessfulSyncTime).toBe('2025-03-03T14:04:00.0000000Z');
  });

  it('completes right after the initial sync when CompleteAfter is already past, and refuses later changes', async () => {
    const clock = manualClock('2025-03-03T09:00:00.000Z');
    sim = await startSimulator({ now: clock.now, speed: 60 });
    const users = await northwindMailUsers(sim.url, 2);
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Past', users, { AutoStart: true, CompleteAfter: '2025-03-01T00:00:00' }),
    );
    clock.advance(3 * MINUTE);
    expect((await getBatch(sim.url, 'Past')).Status).toBe('Completed');

    const refused = await invoke(sim.url, NORTHWIND, 'Set-MigrationBatch', {
      Identity: 'Past',
      CompleteAfter: '2025-04-01T00:00:00Z',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].message).toContain(
      "can't be modified because it's in the Completed state.",
    );
  });

  it('holds a started batch in Waiting until StartAfter', async () => {
    const clock = manualClock('2025-03-03T09:00:00.000Z');
    sim = await startSimulator({ now: clock.now, speed: 1 });
    const users = await northwindMailUsers(sim.url, 1);
    await invokeOk(
      sim.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Later', users, { AutoStart: true, StartAfter: '2025-03-03T18:00:00Z' }),
    );
    clock.advance(2 * MINUTE);
    expect((await getBatch(sim.url, 'Later')).Status).toBe('Waiting');
    clock.advance(9 * HOUR);
    expect((await getBatch(sim.url, 'Later')).Status).toBe('Syncing');
  });
});
