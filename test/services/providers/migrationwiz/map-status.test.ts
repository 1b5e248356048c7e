import { describe, expect, it } from 'vitest';
import type { PassType } from '../../../../services/providers/migration-provider';
import {
  batchStatusOf,
  countsOf,
  type LatestPass,
  passStatusOf,
  passTypeOf,
  summaryOf,
  userStatusOf,
} from '../../../../services/providers/migrationwiz/map-status';

const pass = (type: PassType, status: string, errorCount = 0): LatestPass => ({ type, status, errorCount });

describe('pass type', () => {
  it.each([
    [{ Type: 'Verification' }, 'verify'],
    [{ Type: 'Trial' }, 'verify'],
    [{ Type: 'Full', ItemEndDate: '2024-12-01T00:00:00Z' }, 'prestage'],
    [{ Type: 'Full' }, 'full'],
    [{ Type: 'Repair' }, 'repair'],
  ])('%j → %s', (migration, expected) => {
    expect(passTypeOf(migration)).toBe(expected);
  });
});

describe('user status from the latest pass', () => {
  it.each([
    [undefined, 'Queued', 'Active'],
    [pass('full', 'Submitted'), 'Queued', 'Active'],
    [pass('full', 'Queued'), 'Queued', 'Active'],
    [pass('prestage', 'WaitingForEndUser'), 'WaitingForUser', 'Active'],
    [pass('full', 'Processing'), 'Syncing', 'Active'],
    [pass('full', 'Stopping'), 'Stopping', 'Active'],
    [pass('full', 'Stopped'), 'Stopped', 'Stopped'],
    [pass('verify', 'Failed'), 'Failed', 'Failed'],
    [pass('full', 'MaximumTransferReached'), 'Failed', 'Failed'],
    [pass('verify', 'Completed'), 'Verified', 'Synced'],
    [pass('prestage', 'Completed'), 'Synced', 'Synced'],
    [pass('prestage', 'Completed', 3), 'Synced', 'Synced'],
    [pass('full', 'Completed'), 'Completed', 'Completed'],
    [pass('full', 'Completed', 2), 'CompletedWithWarnings', 'Completed'],
    [pass('repair', 'Completed'), 'Completed', 'Completed'],
  ] as const)('%j → %s (%s)', (latest, status, summary) => {
    expect(userStatusOf(latest)).toBe(status);
    expect(summaryOf(userStatusOf(latest))).toBe(summary);
  });

  it('maps pass statuses', () => {
    expect(passStatusOf('Completed', 0)).toBe('completed');
    expect(passStatusOf('Completed', 1)).toBe('completed-with-errors');
    expect(passStatusOf('WaitingForEndUser', 0)).toBe('waiting-for-user');
    expect(passStatusOf('Processing', 0)).toBe('running');
    expect(passStatusOf('Submitted', 0)).toBe('queued');
    expect(passStatusOf('MaximumTransferReached', 0)).toBe('failed');
  });
});

describe('batch status', () => {
  it.each([
    ['any item Stopping', [pass('full', 'Stopping'), pass('full', 'Processing')], 'Stopping'],
    ['any item active', [pass('full', 'Completed'), pass('full', 'WaitingForEndUser')], 'Syncing'],
    ['any Stopped (nothing active)', [pass('full', 'Stopped'), pass('full', 'Completed')], 'Stopped'],
    ['no passes', [undefined, undefined], 'Created'],
    ['every item failed', [pass('verify', 'Failed'), pass('full', 'Failed')], 'Failed'],
    ['verified', [pass('verify', 'Completed'), pass('verify', 'Completed')], 'Created'],
    ['one item without a pass', [pass('full', 'Completed'), undefined], 'Created'],
    ['pre-staged', [pass('prestage', 'Completed'), pass('full', 'Completed')], 'Synced'],
    [
      'pre-staged, one failed',
      [pass('prestage', 'Completed'), pass('prestage', 'Failed')],
      'SyncedWithErrors',
    ],
    [
      'pre-staged with item errors',
      [pass('prestage', 'Completed', 2), pass('full', 'Completed')],
      'SyncedWithErrors',
    ],
    ['full pass done', [pass('full', 'Completed'), pass('repair', 'Completed')], 'Completed'],
    [
      'full pass with errors',
      [pass('full', 'Completed', 1), pass('full', 'Completed')],
      'CompletedWithErrors',
    ],
    ['full pass, one failed', [pass('full', 'Completed'), pass('full', 'Failed')], 'CompletedWithErrors'],
  ] as const)('%s → %s', (_why, latest, expected) => {
    expect(batchStatusOf(latest)).toBe(expected);
  });

  it('counts each item once: pending, active, synced, finalized, stopped, failed', () => {
    const counts = countsOf([
      undefined,
      pass('verify', 'Completed'),
      pass('full', 'Queued'),
      pass('full', 'Processing'),
      pass('full', 'WaitingForEndUser'),
      pass('prestage', 'Completed'),
      pass('full', 'Completed'),
      pass('full', 'Completed', 4),
      pass('full', 'Stopped'),
      pass('full', 'Failed'),
    ]);
    expect(counts).toEqual({
      totalCount: 10,
      pendingCount: 2,
      activeCount: 3,
      syncedCount: 1,
      finalizedCount: 2,
      stoppedCount: 1,
      failedCount: 1,
    });
  });
});
