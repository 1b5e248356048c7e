import type { MigrationBatch, MigrationUser, SimUserStatus } from '../state/state-schema';

/** Batch status values as Get-MigrationBatch reports them. */
export type SimBatchStatus =
  | 'Created'
  | 'Starting'
  | 'Waiting'
  | 'Syncing'
  | 'Synced'
  | 'SyncedWithErrors'
  | 'Stopping'
  | 'Stopped'
  | 'Completing'
  | 'Completed'
  | 'CompletedWithErrors'
  | 'Failed';

export type StatusSummary = 'Active' | 'Completed' | 'Failed' | 'Stopped' | 'Synced';

const SUMMARIES: Record<SimUserStatus, StatusSummary> = {
  Queued: 'Active',
  Provisioning: 'Active',
  Syncing: 'Active',
  Synced: 'Synced',
  Stopping: 'Active',
  Stopped: 'Stopped',
  Completing: 'Active',
  Completed: 'Completed',
  Failed: 'Failed',
};

export function userStatusSummary(user: MigrationUser): StatusSummary {
  return SUMMARIES[user.status];
}

function has(batch: MigrationBatch, ...statuses: SimUserStatus[]): boolean {
  return batch.users.some((u) => statuses.includes(u.status));
}

/** True while some user still has to finish its initial sync. */
export function hasUsersInFlight(batch: MigrationBatch): boolean {
  return has(batch, 'Queued', 'Provisioning', 'Syncing');
}

/** The batch status, derived from the batch phase and its users (failures make "...WithErrors"). */
export function deriveBatchStatus(batch: MigrationBatch): SimBatchStatus {
  const anyFailed = has(batch, 'Failed');
  switch (batch.phase) {
    case 'Created':
    case 'Starting':
    case 'Waiting':
    case 'Stopping':
    case 'Stopped':
    case 'Completing':
      return batch.phase;
    case 'Completed':
      return anyFailed ? 'CompletedWithErrors' : 'Completed';
    case 'Running': {
      if (hasUsersInFlight(batch)) return 'Syncing';
      if (batch.users.length > 0 && batch.users.every((u) => u.status === 'Failed')) return 'Failed';
      if (!has(batch, 'Synced') && has(batch, 'Completed'))
        return anyFailed ? 'CompletedWithErrors' : 'Completed';
      return anyFailed ? 'SyncedWithErrors' : 'Synced';
    }
  }
}

export interface BatchCounts {
  TotalCount: number;
  ActiveCount: number;
  SyncedCount: number;
  FinalizedCount: number;
  StoppedCount: number;
  FailedCount: number;
  FailedInitialSyncCount: number;
  FailedIncrementalSyncCount: number;
  PendingCount: number;
  ProvisionedCount: number;
}

export function countUsers(batch: MigrationBatch): BatchCounts {
  const count = (test: (u: MigrationUser) => boolean) => batch.users.filter(test).length;
  return {
    TotalCount: batch.users.length,
    ActiveCount: count((u) => ['Provisioning', 'Syncing', 'Stopping', 'Completing'].includes(u.status)),
    SyncedCount: count((u) => u.status === 'Synced'),
    FinalizedCount: count((u) => u.status === 'Completed'),
    StoppedCount: count((u) => u.status === 'Stopped'),
    FailedCount: count((u) => u.status === 'Failed'),
    FailedInitialSyncCount: count((u) => u.status === 'Failed' && u.failureKind !== 'incremental'),
    FailedIncrementalSyncCount: count((u) => u.status === 'Failed' && u.failureKind === 'incremental'),
    PendingCount: count((u) => u.status === 'Queued'),
    ProvisionedCount: count((u) => u.provisionedAt !== undefined && u.provisionedAt !== null),
  };
}
