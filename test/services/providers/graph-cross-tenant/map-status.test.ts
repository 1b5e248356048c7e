import { describe, expect, it } from 'vitest';
import type { WorkloadStatus } from '../../../../services/providers/migration-provider';
import {
  batchStatusOf,
  countsOf,
  cutoverWorkload,
  graphWorkload,
  percentOf,
  summaryOf,
  userStatusOf,
} from '../../../../services/providers/graph-cross-tenant/map-status';
import { toProviderUser } from '../../../../services/providers/graph-cross-tenant/job-view';

const exchange = (status: string): WorkloadStatus[] => [{ workload: 'Exchange', status }];

describe('job status → batch status', () => {
  it.each([
    ['submitted', 'Created'],
    ['validateSubmitted', 'Created'],
    ['validateProcessing', 'Created'],
    ['validateInProgress', 'Created'],
    ['validatePassed', 'Created'],
    ['validateFailed', 'Created'],
    ['cuttingOver', 'Completing'],
    ['completed', 'Completed'],
    ['completedWithErrors', 'CompletedWithErrors'],
    ['failed', 'Failed'],
    ['pendingCancel', 'Stopping'],
    ['cancelled', 'Stopped'],
    ['adminActionRequired', 'Waiting'],
    ['pendingDelete', 'Removing'],
    ['unknownFutureValue', 'Waiting'],
  ])('%s → %s', (job, batch) => {
    expect(batchStatusOf(job, [])).toBe(batch);
  });

  it('a migrating job is Syncing until every valid user has every workload synced', () => {
    for (const job of ['approved', 'processing', 'inProgress']) {
      expect(batchStatusOf(job, [])).toBe('Syncing');
      expect(batchStatusOf(job, [exchange('syncing'), exchange('synced')])).toBe('Syncing');
      expect(batchStatusOf(job, [exchange('synced'), exchange('synced')])).toBe('Synced');
    }
    const twoWorkloads: WorkloadStatus[] = [
      { workload: 'Exchange', status: 'synced' },
      { workload: 'OneDrive', status: 'syncing' },
    ];
    expect(batchStatusOf('inProgress', [twoWorkloads])).toBe('Syncing');
    expect(batchStatusOf('inProgress', [exchange('synced'), exchange('failed')])).toBe('SyncedWithErrors');
    expect(batchStatusOf('inProgress', [exchange('synced'), exchange('invalid')])).toBe('SyncedWithErrors');
    expect(batchStatusOf('inProgress', [exchange('failed')])).toBe('Syncing');
    expect(batchStatusOf('inProgress', [undefined])).toBe('Syncing');
  });
});

describe('user task → user status', () => {
  it.each([
    ['notStarted', 'Queued', 'Active'],
    ['valid', 'Queued', 'Active'],
    ['invalid', 'Failed', 'Failed'],
    ['inProgress', 'Syncing', 'Active'],
    ['syncing', 'Syncing', 'Active'],
    ['synced', 'Synced', 'Synced'],
    ['finalizing', 'Completing', 'Active'],
    ['completed', 'Completed', 'Completed'],
    ['failed', 'Failed', 'Failed'],
    ['cancelled', 'Stopped', 'Stopped'],
  ] as const)('%s → %s (%s)', (word, status, summary) => {
    expect(userStatusOf(word)).toBe(status);
    expect(summaryOf(status)).toBe(summary);
  });

  it("follows the Exchange workload, names workloads in Cutover's words and keeps the first error", () => {
    const user = toProviderUser(
      {
        id: 'obj-1',
        taskType: 'migrate',
        lastUpdatedDateTime: '2026-07-01T10:00:00Z',
        currentStatus: [
          { service: 'ODSP', status: 'failed', errors: [{ code: 'X-1', message: 'OneDrive broke' }] },
          { service: 'Exchange', status: 'syncing', message: 'Copying mail', errors: [] },
          { service: 'Meeting', status: 'notStarted', errors: [] },
        ],
      },
      'ada@northwind.example',
      'Wave 1',
    );
    expect(user).toMatchObject({
      identity: 'obj-1',
      emailAddress: 'ada@northwind.example',
      batchId: 'Wave 1',
      status: 'Syncing',
      statusSummary: 'Active',
      engineStatus: 'syncing',
      error: 'OneDrive broke',
    });
    expect(user.workloads?.map((w) => `${w.workload}:${w.status}`)).toEqual([
      'OneDrive:failed',
      'Exchange:syncing',
      'Meetings:notStarted',
    ]);
    expect(user.workloads?.[1]?.message).toBe('Copying mail');
  });

  it('maps the workload names both ways', () => {
    expect(graphWorkload('OneDrive')).toBe('ODSP');
    expect(graphWorkload('Meetings')).toBe('Meeting');
    expect(cutoverWorkload('ODSP')).toBe('OneDrive');
    expect(cutoverWorkload('Meeting')).toBe('Meetings');
    expect(cutoverWorkload('Teams')).toBe('Teams');
  });
});

describe('counts and percentages', () => {
  it('counts each user once', () => {
    expect(
      countsOf(['Queued', 'Syncing', 'Completing', 'Synced', 'Completed', 'Failed', 'Stopped', 'Queued']),
    ).toEqual({
      totalCount: 8,
      pendingCount: 2,
      activeCount: 2,
      syncedCount: 1,
      finalizedCount: 1,
      failedCount: 1,
      stoppedCount: 1,
    });
  });

  it("averages the workloads' progress", () => {
    expect(percentOf([])).toBe(0);
    expect(percentOf(exchange('completed'))).toBe(100);
    expect(
      percentOf([
        { workload: 'Exchange', status: 'completed' },
        { workload: 'OneDrive', status: 'notStarted' },
      ]),
    ).toBe(50);
    expect(percentOf(exchange('syncing'))).toBeGreaterThan(percentOf(exchange('inProgress')));
    expect(percentOf(exchange('synced'))).toBeGreaterThan(percentOf(exchange('syncing')));
  });
});
