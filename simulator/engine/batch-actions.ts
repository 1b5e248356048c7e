import type { MigrationBatch, MigrationUser } from '../state/state-schema';
import { settle, startCompleting } from './advance-batch';
import { deriveBatchStatus, type SimBatchStatus } from './batch-status';
import { stopUser, requeue } from './user-transitions';

/**
 * Lifecycle commands on a batch that has already been played forward to `now`. Each returns the
 * status that refused it, or null when it was applied.
 */
export type Refusal = { refusedIn: SimBatchStatus } | null;

/** Re-checks a user that failed validation; returns the error when it still fails. */
export type Revalidate = (user: MigrationUser) => string | null;

const RETRYABLE: SimBatchStatus[] = ['Failed', 'Synced', 'SyncedWithErrors', 'CompletedWithErrors'];

/** Start-MigrationBatch: starts a new batch, resumes a stopped one, or retries failed users. */
export function startBatch(batch: MigrationBatch, now: number, revalidate: Revalidate): Refusal {
  const status = deriveBatchStatus(batch);
  if (status === 'Created' || status === 'Stopped') {
    for (const user of batch.users) if (user.status === 'Stopped') requeue(user, now);
    batch.phase = 'Starting';
    batch.phaseSince = now;
    batch.startedAt ??= now;
    return null;
  }
  if (!RETRYABLE.includes(status)) return { refusedIn: status };
  for (const user of batch.users) {
    if (user.status !== 'Failed') continue;
    const stillFailing = user.failureKind === 'validation' ? revalidate(user) : null;
    if (stillFailing === null) requeue(user, now);
    else user.error = stillFailing;
  }
  if (batch.phase === 'Completed') batch.completeWhenSynced = true;
  batch.phase = 'Running';
  batch.phaseSince = now;
  settle(batch, now);
  return null;
}

const STOPPABLE: SimBatchStatus[] = ['Starting', 'Waiting', 'Syncing', 'Synced', 'SyncedWithErrors'];

/** Stop-MigrationBatch: only while the batch syncs or waits. */
export function stopBatch(batch: MigrationBatch, now: number, speed: number): Refusal {
  const status = deriveBatchStatus(batch);
  if (!STOPPABLE.includes(status)) return { refusedIn: status };
  for (const user of batch.users) {
    if (user.status === 'Queued' || user.status === 'Provisioning' || user.status === 'Syncing')
      stopUser(user, now, speed);
  }
  batch.phase = 'Stopping';
  batch.phaseSince = now;
  return null;
}

/** Complete-MigrationBatch: valid on Synced or SyncedWithErrors; sets CompleteAfter to now. */
export function completeBatch(batch: MigrationBatch, now: number): Refusal {
  const status = deriveBatchStatus(batch);
  if (status !== 'Synced' && status !== 'SyncedWithErrors') return { refusedIn: status };
  batch.completeAfter = now;
  startCompleting(batch, now);
  return null;
}

const BUSY: SimBatchStatus[] = ['Starting', 'Syncing', 'Stopping', 'Completing'];

/** Remove-MigrationBatch: a batch that is moving data must be stopped first. */
export function removalRefusal(batch: MigrationBatch): Refusal {
  const status = deriveBatchStatus(batch);
  return BUSY.includes(status) ? { refusedIn: status } : null;
}

/** Set-MigrationBatch -CompleteAfter / -StartAfter: refused once completion has begun or ended. */
export function scheduleRefusal(batch: MigrationBatch): Refusal {
  const status = deriveBatchStatus(batch);
  return batch.phase === 'Completing' || batch.phase === 'Completed' ? { refusedIn: status } : null;
}
