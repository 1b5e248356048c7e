import { HOUR_MS, MINUTE_MS, transferRateFor } from '../../engine/timing';
import type { Workload } from './job-schema';

/**
 * The timing model of cross-tenant migration jobs, in simulated time (the simulator's `speed` divides
 * every duration, as for Exchange batches). Validation is queued for 30 seconds and runs for 2
 * minutes; a migration is processed for 1 minute, then every user syncs each workload at once:
 * Exchange in 2 minutes plus the mailbox at 4.5-7.5 GiB per hour (the rate of Exchange batches),
 * OneDrive in 5, Teams in 3 and meetings in 2 minutes. The cutover moves each user's workloads one
 * after the other: Exchange (4 minutes), OneDrive (2), Teams (2), meetings (1).
 */
const SECOND_MS = 1000;
export const DAY_MS = 24 * HOUR_MS;

export const VALIDATE_QUEUED_MS = 30 * SECOND_MS;
export const VALIDATE_RUN_MS = 2 * MINUTE_MS;
export const PROCESSING_MS = 1 * MINUTE_MS;
/** How long after its workload starts (syncing or finalizing) a user with a `failUser` fault fails. */
export const FAILURE_DELAY_MS = 1.5 * MINUTE_MS;
/** pendingCancel and pendingDelete last this long. */
export const PENDING_MS = 30 * SECOND_MS;
/** A passed validation older than this (simulated) must be run again before migrate. */
export const VALIDATION_LIFETIME_MS = 7 * DAY_MS;

const EXCHANGE_OVERHEAD_MS = 2 * MINUTE_MS;
const SYNC_MS: Record<Exclude<Workload, 'Exchange'>, number> = {
  ODSP: 5 * MINUTE_MS,
  Teams: 3 * MINUTE_MS,
  Meeting: 2 * MINUTE_MS,
};
const FINALIZE_MS: Record<Workload, number> = {
  Exchange: 4 * MINUTE_MS,
  ODSP: 2 * MINUTE_MS,
  Teams: 2 * MINUTE_MS,
  Meeting: 1 * MINUTE_MS,
};

/** Simulated time a workload of this user takes to sync. */
export function syncMs(workload: Workload, email: string, sizeBytes: number): number {
  if (workload !== 'Exchange') return SYNC_MS[workload];
  return EXCHANGE_OVERHEAD_MS + (sizeBytes / transferRateFor(email)) * HOUR_MS;
}

/** Simulated time a workload of one user takes to cut over. */
export function finalizeMs(workload: Workload): number {
  return FINALIZE_MS[workload];
}
