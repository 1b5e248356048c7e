import { hashString } from '../seed/prng';

/**
 * MigrationWiz's timing model, in simulated time (the simulator's `speed` divides every duration,
 * as for Exchange batches). A pass waits SUBMIT_MS before it is picked up, connects for
 * OVERHEAD_MS, then moves 1.5-2.5 GiB per simulated hour (fixed per mailbox).
 */
export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const SUBMIT_MS = 20 * SECOND_MS;
export const OVERHEAD_MS = 2 * MINUTE_MS;
export const VERIFICATION_MS = 1 * MINUTE_MS;
/** How long a pass that cannot connect runs before it fails. */
export const FAILURE_MS = 1 * MINUTE_MS;
export const STOPPING_MS = 30 * SECOND_MS;
/** A user asked for their credentials supplies them this long after the pass starts waiting. */
export const END_USER_WAIT_MS = 10 * MINUTE_MS;
/** Items' ages spread evenly over this many days (what a pre-stage date cuts). */
export const HISTORY_DAYS = 1825;

const GIB = 1024 ** 3;

export function rateBytesPerHour(address: string): number {
  const jitter = (hashString(`mwz-rate/${address.toLowerCase()}`) % 1001) / 1000;
  return Math.round(2 * GIB * (0.75 + 0.5 * jitter));
}

/** Real milliseconds a simulated duration takes at this speed. */
export function realMs(simulatedMs: number, speed: number): number {
  return simulatedMs / speed;
}
