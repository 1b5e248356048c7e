import type { MigrationUser } from '../state/state-schema';
import { HOUR_MS, MINUTE_MS, SYNC_OVERHEAD_MS, realMs } from './timing';

/** Bytes per real millisecond that this user moves at this speed. */
function bytesPerRealMs(user: MigrationUser, speed: number): number {
  return (user.rateBytesPerHour * speed) / HOUR_MS;
}

function transferBegins(user: MigrationUser, speed: number): number | null {
  if (user.status !== 'Syncing' || user.segmentStartedAt === null) return null;
  return user.segmentStartedAt + realMs(SYNC_OVERHEAD_MS, speed);
}

/** Bytes moved by time `at` (wall clock). */
export function bytesAt(user: MigrationUser, at: number, speed: number): number {
  const begins = transferBegins(user, speed);
  if (begins === null) return user.bytesTransferred;
  const moved = Math.max(0, at - begins) * bytesPerRealMs(user, speed);
  return Math.min(user.sizeBytes, Math.round(user.bytesTransferred + moved));
}

/** When a Syncing user finishes its initial sync. */
export function syncFinishAt(user: MigrationUser, speed: number): number | null {
  const begins = transferBegins(user, speed);
  if (begins === null) return null;
  return begins + (user.sizeBytes - user.bytesTransferred) / bytesPerRealMs(user, speed);
}

/** Milliseconds this user has spent transferring, including the current segment. */
export function transferMsAt(user: MigrationUser, at: number): number {
  const current =
    user.status === 'Syncing' && user.segmentStartedAt !== null ? at - user.segmentStartedAt : 0;
  return user.transferMs + Math.max(0, current);
}

export interface UserProgress {
  bytesTransferred: number;
  syncedItemCount: number;
  percentageComplete: number;
  /** Bytes per hour of the reported (wall) clock. */
  averageBytesPerHour: number;
  /** Bytes per minute of the reported (wall) clock, right now. */
  currentBytesPerMinute: number;
}

/**
 * Progress as Exchange reports it: the initial sync runs from 0 to 95%, a synced user sits at 95%,
 * completing moves it to 99% and a completed user shows 100%.
 */
export function progressAt(user: MigrationUser, at: number, speed: number): UserProgress {
  const bytes = bytesAt(user, at, speed);
  const fraction = user.sizeBytes === 0 ? 1 : bytes / user.sizeBytes;
  const finished = user.status === 'Synced' || user.status === 'Completing' || user.status === 'Completed';
  const syncedItemCount = finished
    ? user.itemCount - user.skippedItemCount
    : Math.min(user.itemCount - user.skippedItemCount, Math.floor(user.itemCount * fraction));
  let percentageComplete = Math.min(94, Math.floor(95 * fraction));
  if (user.status === 'Synced') percentageComplete = 95;
  if (user.status === 'Completing')
    percentageComplete = 95 + Math.min(4, Math.floor(((at - user.statusSince) * speed) / MINUTE_MS));
  if (user.status === 'Completed') percentageComplete = 100;
  const spent = transferMsAt(user, at);
  const begins = transferBegins(user, speed);
  return {
    bytesTransferred: bytes,
    syncedItemCount,
    percentageComplete,
    averageBytesPerHour: spent > 0 ? Math.round((bytes / spent) * HOUR_MS) : 0,
    currentBytesPerMinute:
      begins !== null && at >= begins && bytes < user.sizeBytes
        ? Math.round(bytesPerRealMs(user, speed) * MINUTE_MS)
        : 0,
  };
}
