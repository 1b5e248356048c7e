/**
 * Status enums as Exchange Online defines them, kept here on purpose: the simulator does not share
 * model code with the client it stands in for.
 */
export const EXCHANGE_BATCH_STATUSES = [
  'Completed',
  'CompletedWithErrors',
  'Completing',
  'Corrupted',
  'Created',
  'Failed',
  'IncrementalSyncing',
  'Removing',
  'Starting',
  'Stopped',
  'Syncing',
  'Stopping',
  'Synced',
  'SyncedWithErrors',
  'Waiting',
] as const;

export const EXCHANGE_USER_STATUSES = [
  'Completed',
  'CompletedWithWarnings',
  'Completing',
  'CompletionFailed',
  'CompletionSynced',
  'Corrupted',
  'Failed',
  'IncrementalFailed',
  'IncrementalStopped',
  'IncrementalSynced',
  'IncrementalSyncing',
  'Provisioning',
  'ProvisionUpdating',
  'Queued',
  'Removing',
  'Starting',
  'Stopped',
  'Stopping',
  'Synced',
  'Syncing',
  'Validating',
] as const;

export const EXCHANGE_STATUS_SUMMARIES = ['Active', 'Completed', 'Failed', 'Stopped', 'Synced'] as const;

export const ENDPOINT_TYPES = [
  'ExchangeOutlookAnywhere',
  'ExchangeRemoteMove',
  'IMAP',
  'PublicFolder',
] as const;

/** RecipientTypeDetails values Get-Mailbox filters on. */
export const MAILBOX_TYPE_DETAILS = [
  'DiscoveryMailbox',
  'EquipmentMailbox',
  'GroupMailbox',
  'LinkedMailbox',
  'RoomMailbox',
  'SchedulingMailbox',
  'SharedMailbox',
  'TeamMailbox',
  'UserMailbox',
] as const;

/** Matches a value against an enum case-insensitively and returns the canonical spelling. */
export function matchEnum(values: readonly string[], value: string): string | undefined {
  return values.find((v) => v.toLowerCase() === value.toLowerCase());
}
