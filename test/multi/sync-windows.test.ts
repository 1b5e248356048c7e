import { describe, expect, it } from 'vitest';
import type { TappedCall } from './exchange-tap';
import { overlappingWindows, syncWindows } from './sync-windows';

const call = (
  instance: string,
  cmdlet: string,
  batch: string,
  startedAt: number,
  endedAt: number,
): TappedCall => ({
  instance,
  cmdlet,
  batch,
  startedAt,
  endedAt,
  status: 200,
});

describe('sync windows from the tapped Exchange calls', () => {
  it('groups a Get-MigrationBatch and the calls after it into one window per instance and batch', () => {
    const windows = syncWindows([
      call('a', 'Get-MigrationBatch', 'W1', 0, 10),
      call('a', 'Get-MigrationUser', 'W1', 11, 20),
      call('a', 'Get-MigrationUser', 'W1', 21, 30),
      call('b', 'Get-MigrationBatch', 'W1', 40, 50),
      call('b', 'Get-MigrationUser', 'W1', 51, 60),
      call('a', 'Get-MigrationBatch', 'W2', 5, 15),
    ]);
    expect(windows.map((w) => [w.instance, w.batch, w.from, w.to, w.calls])).toEqual([
      ['a', 'W1', 0, 30, 3],
      ['a', 'W2', 5, 15, 1],
      ['b', 'W1', 40, 60, 2],
    ]);
    expect(overlappingWindows(windows)).toEqual([]);
  });

  it('finds two instances working on the same batch at the same time', () => {
    const windows = syncWindows([
      call('a', 'Get-MigrationBatch', 'W1', 0, 10),
      call('a', 'Get-MigrationUser', 'W1', 11, 30),
      call('b', 'Get-MigrationBatch', 'W1', 25, 35),
      call('b', 'Get-MigrationBatch', 'W2', 12, 14),
    ]);
    const overlaps = overlappingWindows(windows);
    expect(overlaps.map(([x, y]) => [x.instance, y.instance, x.batch])).toEqual([['a', 'b', 'W1']]);
  });

  it('does not count one instance overlapping itself or different batches', () => {
    const windows = syncWindows([
      call('a', 'Get-MigrationBatch', 'W1', 0, 20),
      call('a', 'Get-MigrationBatch', 'W1', 5, 25),
      call('b', 'Get-MigrationBatch', 'W2', 0, 20),
    ]);
    expect(overlappingWindows(windows)).toEqual([]);
  });
});
