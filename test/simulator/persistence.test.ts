import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index';
import {
  bytesOf,
  getBatch,
  getStats,
  HOUR,
  invokeOk,
  MINUTE,
  manualClock,
  NORTHWIND,
  newBatchParameters,
  northwindMailUsers,
} from './sim-client';

describe('state file', () => {
  let dir: string;
  let stateFile: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sim-state-'));
    stateFile = join(dir, 'nested', 'exchange.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps batches, users, progress and user faults across a restart', async () => {
    const clock = manualClock();
    const first = await startSimulator({ now: clock.now, speed: 1, stateFile });
    const users = await northwindMailUsers(first.url, 3);
    await invokeOk(
      first.url,
      NORTHWIND,
      'New-MigrationBatch',
      newBatchParameters('Durable', users, { AutoStart: true }),
    );
    await invokeOk(first.url, NORTHWIND, 'Set-MigrationBatch', {
      Identity: 'Durable',
      NotificationEmails: ['ops@northwindtraders.com'],
    });
    first.faults.failUser(users[2]!);
    clock.advance(20 * MINUTE);
    const progressBefore = await getStats(first.url, users[0]!);
    const batchBefore = await getBatch(first.url, 'Durable');
    await first.close();

    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(saved.batches.map((b: { name: string }) => b.name)).toEqual(['Durable']);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['exchange.json']); // no temporary files left behind

    const second = await startSimulator({ now: clock.now, speed: 1, stateFile });
    try {
      expect(await getBatch(second.url, 'Durable')).toEqual(batchBefore);
      expect(await getStats(second.url, users[0]!)).toEqual(progressBefore);
      expect(bytesOf(progressBefore.BytesTransferred)).toBeGreaterThan(0);

      clock.advance(3 * HOUR);
      expect(await getBatch(second.url, 'Durable')).toMatchObject({
        Status: 'SyncedWithErrors',
        SyncedCount: 2,
        FailedCount: 1,
        NotificationEmails: ['ops@northwindtraders.com'],
      });
    } finally {
      await second.close();
    }
  });

  it('refuses to start on a damaged state file and names it', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"version":1,"batches":');
    await expect(startSimulator({ stateFile: join(dir, 'broken.json') })).rejects.toThrow(
      `Simulator state file ${join(dir, 'broken.json')} is not valid JSON`,
    );
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ version: 2 }));
    await expect(startSimulator({ stateFile: join(dir, 'wrong.json') })).rejects.toThrow(
      /has an unexpected shape at version/,
    );
  });
});
