/**
 * MigrationWiz's words mapped onto Cutover's neutral model (services/model/statuses.ts and the pass
 * vocabulary of migration-provider.ts). MigrationWiz has no batch or user state of its own: an item's
 * state is its latest pass (a MailboxMigration), and a project's state follows from its items.
 *
 * Pass type (from Type, and ItemEndDate for Full):
 *   Verification → verify · Trial → verify (samples only, like a check) · Full with ItemEndDate →
 *   prestage · Full without → full · Repair → repair
 *
 * User status (the item's latest pass):
 *   no pass → Queued · Submitted, Queued → Queued · WaitingForEndUser → WaitingForUser ·
 *   Processing → Syncing · Stopping → Stopping · Stopped → Stopped · Failed, MaximumTransferReached →
 *   Failed · Completed: verify → Verified, prestage → Synced, full/repair → Completed, or
 *   CompletedWithWarnings when that pass had MailboxErrors.
 * Summary: Queued, WaitingForUser, Syncing, Stopping → Active · Stopped → Stopped · Failed → Failed ·
 *   Verified, Synced → Synced (idle until the next pass) · Completed, CompletedWithWarnings → Completed.
 *
 * Batch status, first rule that applies:
 *   any item Stopping → Stopping · any active (Submitted, Queued, Processing, WaitingForEndUser) →
 *   Syncing · any Stopped → Stopped · no item has a pass → Created · every item's latest pass failed →
 *   Failed · else by the least advanced item (no pass < verify < prestage < full/repair): no pass or
 *   verify → Created; prestage → Synced (SyncedWithErrors if any item failed or had errors);
 *   full/repair → Completed (CompletedWithErrors if any item failed or had errors).
 *
 * Counts (each item in exactly one): pending = no pass or Verified; active = Queued, WaitingForUser,
 * Syncing, Stopping; synced = Synced; finalized = Completed, CompletedWithWarnings; stopped; failed.
 */
import type { BatchStatus, UserStatus, UserStatusSummary } from '../../model/statuses';
import type { PassStatus, PassType, BatchCounts } from '../migration-provider';
import type { MailboxMigration } from './entities';

/** Statuses of a pass still under way. */
export const ACTIVE_MIGRATION_STATUSES: ReadonlySet<string> = new Set([
  'Submitted',
  'Queued',
  'Processing',
  'WaitingForEndUser',
]);
const FAILED_MIGRATION_STATUSES: ReadonlySet<string> = new Set(['Failed', 'MaximumTransferReached']);

/** A pass that will not change any more. */
export function isFinal(status: string | undefined): boolean {
  return (
    status === 'Completed' ||
    status === 'Stopped' ||
    (status !== undefined && FAILED_MIGRATION_STATUSES.has(status))
  );
}

export function isFailed(status: string | undefined): boolean {
  return status !== undefined && FAILED_MIGRATION_STATUSES.has(status);
}

export function passTypeOf(pass: Pick<MailboxMigration, 'Type' | 'ItemEndDate'>): PassType {
  switch (pass.Type) {
    case 'Repair':
      return 'repair';
    case 'Full':
      return pass.ItemEndDate ? 'prestage' : 'full';
    default:
      return 'verify';
  }
}

/** The latest pass of an item as the mapping needs it. */
export interface LatestPass {
  type: PassType;
  status: string;
  /** MailboxErrors created during this pass. */
  errorCount: number;
}

export function passStatusOf(status: string, errorCount: number): PassStatus {
  switch (status) {
    case 'Submitted':
    case 'Queued':
      return 'queued';
    case 'WaitingForEndUser':
      return 'waiting-for-user';
    case 'Processing':
      return 'running';
    case 'Stopping':
      return 'stopping';
    case 'Stopped':
      return 'stopped';
    case 'Completed':
      return errorCount > 0 ? 'completed-with-errors' : 'completed';
    default:
      return 'failed';
  }
}

export function userStatusOf(latest: LatestPass | undefined): UserStatus {
  if (!latest) return 'Queued';
  switch (passStatusOf(latest.status, latest.errorCount)) {
    case 'queued':
      return 'Queued';
    case 'waiting-for-user':
      return 'WaitingForUser';
    case 'running':
      return 'Syncing';
    case 'stopping':
      return 'Stopping';
    case 'stopped':
      return 'Stopped';
    case 'failed':
      return 'Failed';
    default:
      if (latest.type === 'verify') return 'Verified';
      if (latest.type === 'prestage') return 'Synced';
      return latest.errorCount > 0 ? 'CompletedWithWarnings' : 'Completed';
  }
}

export function summaryOf(status: UserStatus): UserStatusSummary {
  switch (status) {
    case 'Stopped':
      return 'Stopped';
    case 'Failed':
      return 'Failed';
    case 'Verified':
    case 'Synced':
      return 'Synced';
    case 'Completed':
    case 'CompletedWithWarnings':
      return 'Completed';
    default:
      return 'Active';
  }
}

const RANK: Record<PassType, number> = { verify: 1, prestage: 2, full: 3, repair: 3 };

/** The project's neutral status from each item's latest pass (undefined: the item has none). */
export function batchStatusOf(latest: readonly (LatestPass | undefined)[]): BatchStatus {
  const passes = latest.filter((p): p is LatestPass => p !== undefined);
  if (passes.some((p) => p.status === 'Stopping')) return 'Stopping';
  if (passes.some((p) => ACTIVE_MIGRATION_STATUSES.has(p.status))) return 'Syncing';
  if (passes.some((p) => p.status === 'Stopped')) return 'Stopped';
  if (passes.length === 0) return 'Created';
  if (passes.length === latest.length && passes.every((p) => isFailed(p.status))) return 'Failed';
  const least = Math.min(...latest.map((p) => (p ? RANK[p.type] : 0)));
  const withErrors = passes.some((p) => isFailed(p.status) || (p.status === 'Completed' && p.errorCount > 0));
  if (least <= 1) return 'Created';
  if (least === 2) return withErrors ? 'SyncedWithErrors' : 'Synced';
  return withErrors ? 'CompletedWithErrors' : 'Completed';
}

/** Counts from each item's latest pass (each item in exactly one count besides the total). */
export function countsOf(latest: readonly (LatestPass | undefined)[]): BatchCounts {
  const counts: BatchCounts = {
    totalCount: latest.length,
    activeCount: 0,
    syncedCount: 0,
    finalizedCount: 0,
    stoppedCount: 0,
    failedCount: 0,
    pendingCount: 0,
  };
  for (const pass of latest) {
    const status = userStatusOf(pass);
    if (!pass || status === 'Verified') counts.pendingCount++;
    else if (status === 'Synced') counts.syncedCount++;
    else if (status === 'Completed' || status === 'CompletedWithWarnings') counts.finalizedCount++;
    else if (status === 'Stopped') counts.stoppedCount++;
    else if (status === 'Failed') counts.failedCount++;
    else counts.activeCount++;
  }
  return counts;
}
