import { progressAt } from '../engine/user-progress';
import { formatByteSize } from '../protocol/format';
import type { PropertyBag } from '../protocol/property-bag';
import type { MigrationBatch, MigrationUser } from '../state/state-schema';
import { userBag } from './user-view';

function consistencyScore(skipped: number): 'Perfect' | 'Good' | 'Investigate' {
  if (skipped === 0) return 'Perfect';
  return skipped <= 10 ? 'Good' : 'Investigate';
}

/**
 * A user as Get-MigrationUserStatistics returns it. Rates are measured against the reported (wall)
 * clock, so at a speed above 1 they read faster than a real mailbox move; an ETA computed from them
 * is right for this simulator.
 */
export function statisticsView(
  batch: MigrationBatch,
  user: MigrationUser,
  now: number,
  speed: number,
): PropertyBag {
  const progress = progressAt(user, now, speed);
  const score = consistencyScore(user.skippedItemCount);
  const skippedSoFar = user.wasSynced ? user.skippedItemCount : 0;
  return userBag(batch, user)
    .set('MigrationType', batch.migrationType)
    .set('Error', user.error ?? '')
    .set('SkippedItemCount', skippedSoFar)
    .set('SyncedItemCount', progress.syncedItemCount)
    .set('TotalItemsInSourceMailboxCount', user.itemCount)
    .set('EstimatedTotalTransferSize', formatByteSize(user.sizeBytes))
    .set('EstimatedTotalTransferCount', user.itemCount)
    .set('BytesTransferred', formatByteSize(progress.bytesTransferred))
    .set('AverageBytesTransferredPerHour', formatByteSize(progress.averageBytesPerHour))
    .set('CurrentBytesTransferredPerMinute', formatByteSize(progress.currentBytesPerMinute))
    .set('PercentageComplete', progress.percentageComplete)
    .set('DataConsistencyScore', score)
    .set(
      'HasUnapprovedSkippedItems',
      score === 'Investigate' && user.wasSynced && !batch.skippedItemsApproved,
    )
    .build();
}
