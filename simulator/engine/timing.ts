import { hashString } from '../seed/prng';

/**
 * The MRS-like timing model, in simulated time. The simulator's `speed` divides every duration:
 * at speed 60 one simulated hour passes in one real minute.
 *
 * A user's initial sync takes  SYNC_OVERHEAD + sizeBytes / rate,  with the rate 4.5-7.5 GiB per
 * simulated hour (6 GiB/h +-25%, fixed per mailbox). Each batch moves at most 20 users at a time;
 * the rest wait as Queued. Completing takes 4 simulated minutes per user.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

export const BATCH_STARTING_MS = 1 * MINUTE_MS;
export const BATCH_STOPPING_MS = 0.5 * MINUTE_MS;
/** Connecting, creating the target mailbox and enumerating folders before bytes flow. */
export const SYNC_OVERHEAD_MS = 2 * MINUTE_MS;
/** How long after its transfer starts a user with a permanent failure goes Failed. */
export const FAILURE_DELAY_MS = 1.5 * MINUTE_MS;
/** Final incremental sync and switch-over of one user. */
export const COMPLETING_MS = 4 * MINUTE_MS;
export const MAX_CONCURRENT_SYNCS_PER_BATCH = 20;
/**
 * Staged migrations: converting a user's MEU to a mailbox and setting forwarding on the on-premises
 * mailbox, before its data is copied.
 */
export const PROVISIONING_MS = 3 * MINUTE_MS;

const GIB = 1024 ** 3;
export const BASE_RATE_BYTES_PER_HOUR = 6 * GIB;

/** The simulated transfer rate of one mailbox: 6 GiB/h with a stable +-25% jitter from its address. */
export function transferRateFor(email: string): number {
  const jitter = (hashString(email.toLowerCase()) % 1001) / 1000; // 0..1
  return Math.round(BASE_RATE_BYTES_PER_HOUR * (0.75 + 0.5 * jitter));
}

/** Real milliseconds that a simulated duration takes at this speed. */
export function realMs(simulatedMs: number, speed: number): number {
  return simulatedMs / speed;
}
