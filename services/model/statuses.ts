/**
 * Cutover's batch and user states: Exchange Online's migration status enums, exactly as
 * Get-MigrationBatch and Get-MigrationUser report them, are the neutral vocabulary every engine maps
 * its own statuses onto (keeping its raw words for display). Two user states come from pass-based
 * engines.
 */
export const BATCH_STATUSES = [
  'Created',
  'Starting',
  'Syncing',
  'IncrementalSyncing',
  'Synced',
  'SyncedWithErrors',
  'Stopping',
  'Stopped',
  'Completing',
  'Completed',
  'CompletedWithErrors',
  'Failed',
  'Removing',
  'Corrupted',
  'Waiting',
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const USER_STATUSES = [
  'Validating',
  'Provisioning',
  'ProvisionUpdating',
  'Queued',
  'Starting',
  'Syncing',
  'Synced',
  'IncrementalSyncing',
  'IncrementalSynced',
  'IncrementalStopped',
  'IncrementalFailed',
  'Stopping',
  'Stopped',
  'Completing',
  'CompletionSynced',
  'CompletionFailed',
  'Completed',
  'CompletedWithWarnings',
  'Failed',
  'Removing',
  'Corrupted',
  // Pass-based engines: the credentials check passed (nothing moved yet), or the engine waits for the
  // user to supply their own credentials.
  'Verified',
  'WaitingForUser',
] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const USER_STATUS_SUMMARIES = ['Active', 'Completed', 'Failed', 'Stopped', 'Synced'] as const;
export type UserStatusSummary = (typeof USER_STATUS_SUMMARIES)[number];

export const SCENARIOS = ['cross-tenant', 'hybrid', 'staged', 'third-party', 'hosted'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export function isBatchStatus(value: unknown): value is BatchStatus {
  return typeof value === 'string' && (BATCH_STATUSES as readonly string[]).includes(value);
}

export function isUserStatus(value: unknown): value is UserStatus {
  return typeof value === 'string' && (USER_STATUSES as readonly string[]).includes(value);
}
