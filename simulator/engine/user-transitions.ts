import type { MigrationBatch, MigrationUser, SimUserStatus } from '../state/state-schema';
import { bytesAt, transferMsAt } from './user-progress';
import { MAX_CONCURRENT_SYNCS_PER_BATCH } from './timing';

function setStatus(user: MigrationUser, status: SimUserStatus, at: number): void {
  user.status = status;
  user.statusSince = at;
}

/** Ends the current transfer segment, keeping the bytes moved so far. */
export function freezeTransfer(user: MigrationUser, at: number, speed: number): void {
  if (user.status === 'Syncing') {
    user.bytesTransferred = bytesAt(user, at, speed);
    user.transferMs = transferMsAt(user, at);
  }
  user.segmentStartedAt = null;
}

export function beginSync(user: MigrationUser, at: number): void {
  setStatus(user, 'Syncing', at);
  user.segmentStartedAt = at;
}

export function finishSync(batch: MigrationBatch, user: MigrationUser, at: number, speed: number): void {
  freezeTransfer(user, at, speed);
  user.bytesTransferred = user.sizeBytes;
  setStatus(user, 'Synced', at);
  user.wasSynced = true;
  user.lastSuccessfulSyncAt = at;
  batch.lastSyncedAt = at;
}

export function failUser(user: MigrationUser, at: number, speed: number, error: string): void {
  freezeTransfer(user, at, speed);
  user.failureKind = user.wasSynced ? 'incremental' : 'initial';
  user.error = error;
  setStatus(user, 'Failed', at);
}

export function beginCompleting(user: MigrationUser, at: number): void {
  setStatus(user, 'Completing', at);
}

export function finishCompleting(batch: MigrationBatch, user: MigrationUser, at: number): void {
  setStatus(user, 'Completed', at);
  user.completedAt = at;
  user.lastSuccessfulSyncAt = at;
  batch.lastSyncedAt = at;
}

export function stopUser(user: MigrationUser, at: number, speed: number): void {
  freezeTransfer(user, at, speed);
  setStatus(user, 'Stopping', at);
}

export function markStopped(user: MigrationUser, at: number): void {
  setStatus(user, 'Stopped', at);
}

export function requeue(user: MigrationUser, at: number): void {
  user.error = null;
  user.failureKind = null;
  user.segmentStartedAt = null;
  setStatus(user, 'Queued', at);
}

/** A staged batch (Outlook Anywhere): each user is provisioned before its data is copied. */
export function isStaged(batch: MigrationBatch): boolean {
  return batch.migrationType === 'ExchangeOutlookAnywhere';
}

/** Staged: the MEU is a mailbox now and mail to the on-premises mailbox is forwarded; data copy begins. */
export function finishProvisioning(user: MigrationUser, at: number): void {
  user.provisionedAt = at;
  user.recipientType = 'Mailbox';
  beginSync(user, at);
}

/**
 * Starts queued users, in list order, while the batch has free slots (a staged batch: the endpoint's
 * MaxConcurrentMigrations, provisioning first unless a user was provisioned before a stop).
 */
export function fillSlots(batch: MigrationBatch, at: number): void {
  const limit = batch.maxConcurrentMigrations ?? MAX_CONCURRENT_SYNCS_PER_BATCH;
  let active = batch.users.filter((u) => u.status === 'Syncing' || u.status === 'Provisioning').length;
  for (const user of batch.users) {
    if (active >= limit) return;
    if (user.status !== 'Queued') continue;
    if (isStaged(batch) && (user.provisionedAt ?? null) === null) setStatus(user, 'Provisioning', at);
    else beginSync(user, at);
    active++;
  }
}
