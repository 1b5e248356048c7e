import type { BatchState } from './batch';

/**
 * The named sets of batch states, in one place: the jobs, the rules, the notices and the cards ask
 * these instead of listing states of their own.
 */

/** States a batch does not leave: nothing is polled or asked of Exchange for it any more. */
export const TERMINAL_STATES: readonly BatchState[] = ['Completed', 'Removed', 'CreateFailed', 'Corrupted'];

/** States worth polling: anything that can still change without a command. */
export const ACTIVE_STATES: readonly BatchState[] = [
  'Created',
  'Starting',
  'Syncing',
  'IncrementalSyncing',
  'Synced',
  'SyncedWithErrors',
  'Stopping',
  'Completing',
  'Waiting',
  'Removing',
  'Failed',
  'Stopped',
];

/** States in which Exchange moves data by itself: the only ones with a time left. */
export const MOVING_STATES: readonly BatchState[] = [
  'Starting',
  'Syncing',
  'IncrementalSyncing',
  'Completing',
];

/** States whose cutover is still ahead of them (a scheduled cutover's heads-ups go out in these). */
export const BEFORE_CUTOVER_STATES: readonly BatchState[] = [
  'Created',
  'Starting',
  'Syncing',
  'IncrementalSyncing',
  'Synced',
  'SyncedWithErrors',
  'Waiting',
];

/** States in which a cutover may be scheduled (CompleteAfter): before completion, a stopped batch too. */
export const SCHEDULABLE_STATES: readonly BatchState[] = [...BEFORE_CUTOVER_STATES, 'Stopped'];

/** States in which the cutover is under way or done. */
export const CUTOVER_STATES: readonly BatchState[] = ['Completing', 'Completed', 'CompletedWithErrors'];

/** Whether a state (as stored, or as Exchange reports it) is in one of the sets. */
export function inStates(states: readonly BatchState[], state: string): boolean {
  return (states as readonly string[]).includes(state);
}
