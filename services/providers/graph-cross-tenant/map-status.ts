/**
 * Microsoft Graph's cross-tenant migration job and user-task words mapped onto Cutover's neutral model
 * (services/model/statuses.ts); the raw words stay in `engineStatus` and on each workload.
 *
 * Job status → batch status:
 *   submitted, validateSubmitted, validateProcessing, validateInProgress, validatePassed,
 *   validateFailed → Created · approved, processing, inProgress → Syncing, or Synced when every valid
 *   user's workloads are synced (SyncedWithErrors when the others failed) · cuttingOver → Completing ·
 *   completed → Completed · completedWithErrors → CompletedWithErrors · failed → Failed ·
 *   pendingCancel → Stopping · cancelled → Stopped · adminActionRequired → Waiting · pendingDelete,
 *   deleted → Removing · anything else (unknownFutureValue) → Waiting.
 *
 * A user's status follows the Exchange workload (the first workload when the job does not move mail):
 *   notStarted, valid → Queued · invalid, error, failed → Failed · inProgress, syncing → Syncing ·
 *   synced → Synced · finalizing, forceComplete → Completing · completed → Completed ·
 *   pendingCancel → Stopping · cancelled → Stopped.
 * Summary: Queued, Syncing, Completing, Stopping → Active · Synced → Synced · Completed → Completed ·
 *   Failed → Failed · Stopped → Stopped.
 *
 * Counts (each user in one besides the total): pending = Queued; active = Syncing, Completing, Stopping;
 * synced; finalized = Completed; stopped; failed.
 */
import type { BatchStatus, UserStatus, UserStatusSummary } from '../../model/statuses';
import type { WorkloadStatus, BatchCounts } from '../migration-provider';
import type { Workload } from './config';

/** Graph's workload names and Cutover's. */
const GRAPH_WORKLOAD: Record<Workload, string> = {
  Exchange: 'Exchange',
  OneDrive: 'ODSP',
  Teams: 'Teams',
  Meetings: 'Meeting',
};
const CUTOVER_WORKLOAD: Record<string, Workload> = {
  Exchange: 'Exchange',
  ODSP: 'OneDrive',
  Teams: 'Teams',
  Meeting: 'Meetings',
};

export function graphWorkload(workload: Workload): string {
  return GRAPH_WORKLOAD[workload];
}

/** Cutover's name for one of Graph's workloads (an unknown one as Graph gives it). */
export function cutoverWorkload(service: string): string {
  return CUTOVER_WORKLOAD[service] ?? service;
}

/** Job statuses of a validation not finished yet. */
export const VALIDATING: ReadonlySet<string> = new Set([
  'validateSubmitted',
  'validateProcessing',
  'validateInProgress',
]);
/** Job statuses while data moves or the cutover runs: a migrate is never sent again then. */
export const MIGRATING: ReadonlySet<string> = new Set([
  'approved',
  'processing',
  'inProgress',
  'cuttingOver',
]);
/** Job statuses Graph lets a job be deleted in. */
export const DELETABLE: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

export function batchStatusOf(
  jobStatus: string,
  workloads: readonly (WorkloadStatus[] | undefined)[],
): BatchStatus {
  switch (jobStatus) {
    case 'submitted':
    case 'validatePassed':
    case 'validateFailed':
      return 'Created';
    case 'approved':
    case 'processing':
    case 'inProgress':
      return syncingStatusOf(workloads);
    case 'cuttingOver':
      return 'Completing';
    case 'completed':
      return 'Completed';
    case 'completedWithErrors':
      return 'CompletedWithErrors';
    case 'failed':
      return 'Failed';
    case 'pendingCancel':
      return 'Stopping';
    case 'cancelled':
      return 'Stopped';
    case 'adminActionRequired':
      return 'Waiting';
    case 'pendingDelete':
    case 'deleted':
      return 'Removing';
    default:
      return VALIDATING.has(jobStatus) ? 'Created' : 'Waiting';
  }
}

const FAILED_WORDS: ReadonlySet<string> = new Set(['invalid', 'error', 'failed']);

/**
 * A migrating job: Synced once every valid user (not invalid or failed) has every workload synced,
 * SyncedWithErrors when the other users are invalid or failed, else Syncing (also when no user is
 * synced, or the users were not read).
 */
function syncingStatusOf(users: readonly (WorkloadStatus[] | undefined)[]): BatchStatus {
  let synced = 0;
  let failed = 0;
  for (const workloads of users) {
    if (!workloads || workloads.length === 0) return 'Syncing';
    if (workloads.some((w) => FAILED_WORDS.has(w.status))) failed++;
    else if (workloads.every((w) => w.status === 'synced')) synced++;
    else return 'Syncing';
  }
  if (synced === 0) return 'Syncing';
  return failed > 0 ? 'SyncedWithErrors' : 'Synced';
}

/** The workload that drives a user's status: Exchange, else the first one listed. */
export function leadingWorkload(workloads: readonly WorkloadStatus[]): WorkloadStatus | undefined {
  return workloads.find((w) => w.workload === 'Exchange') ?? workloads[0];
}

export function userStatusOf(workloadStatus: string | undefined): UserStatus {
  switch (workloadStatus) {
    case undefined:
    case 'notStarted':
    case 'valid':
      return 'Queued';
    case 'inProgress':
    case 'syncing':
      return 'Syncing';
    case 'synced':
      return 'Synced';
    case 'finalizing':
    case 'forceComplete':
      return 'Completing';
    case 'completed':
      return 'Completed';
    case 'pendingCancel':
      return 'Stopping';
    case 'cancelled':
      return 'Stopped';
    case 'invalid':
    case 'error':
    case 'failed':
      return 'Failed';
    default:
      return 'Queued';
  }
}

export function summaryOf(status: UserStatus): UserStatusSummary {
  switch (status) {
    case 'Synced':
      return 'Synced';
    case 'Completed':
      return 'Completed';
    case 'Failed':
      return 'Failed';
    case 'Stopped':
      return 'Stopped';
    default:
      return 'Active';
  }
}

/** How far a workload is, by its status (Graph reports no sizes): for a user's statistics. */
const PERCENT: Record<string, number> = {
  notStarted: 0,
  valid: 0,
  invalid: 0,
  inProgress: 10,
  syncing: 50,
  synced: 95,
  finalizing: 98,
  forceComplete: 98,
  completed: 100,
};

/** A user's percentage: the mean of its workloads' (a failed or cancelled workload counts as 0). */
export function percentOf(workloads: readonly WorkloadStatus[]): number {
  if (workloads.length === 0) return 0;
  const total = workloads.reduce((sum, w) => sum + (PERCENT[w.status] ?? 0), 0);
  return Math.round(total / workloads.length);
}

export function countsOf(statuses: readonly UserStatus[]): BatchCounts {
  const counts: BatchCounts = {
    totalCount: statuses.length,
    activeCount: 0,
    syncedCount: 0,
    finalizedCount: 0,
    stoppedCount: 0,
    failedCount: 0,
    pendingCount: 0,
  };
  for (const status of statuses) {
    if (status === 'Queued') counts.pendingCount++;
    else if (status === 'Synced') counts.syncedCount++;
    else if (status === 'Completed') counts.finalizedCount++;
    else if (status === 'Stopped') counts.stoppedCount++;
    else if (status === 'Failed') counts.failedCount++;
    else counts.activeCount++;
  }
  return counts;
}
