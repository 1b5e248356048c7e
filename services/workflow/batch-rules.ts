import type { Batch, BatchAction, BatchState } from '../model/batch';
import { SCHEDULABLE_STATES } from '../model/batch-states';

/**
 * Which requested action a batch state allows, after Exchange's own rules
 * (Start refused while Syncing or Stopping; Stop only while syncing or waiting;
 * Complete only once synced; Start retries failed users).
 */
const ALLOWED: Record<Exclude<BatchAction, 'create'>, readonly BatchState[]> = {
  start: ['Created', 'Stopped'],
  stop: ['Starting', 'Syncing', 'IncrementalSyncing', 'Waiting'],
  retry: ['Failed', 'Synced', 'SyncedWithErrors', 'CompletedWithErrors', 'Stopped'],
  complete: ['Synced', 'SyncedWithErrors'],
  remove: [
    'Created',
    'Stopped',
    'Synced',
    'SyncedWithErrors',
    'Completed',
    'CompletedWithErrors',
    'Failed',
    'CreateFailed',
    'Corrupted',
  ],
};

export function allows(batch: Batch, action: Exclude<BatchAction, 'create'>, scheduled = false): boolean {
  if (batch.pending) return false;
  if (action === 'retry' && (batch.summary?.failureCount ?? 0) === 0) return false;
  if (action === 'complete' && scheduled) return SCHEDULABLE_STATES.includes(batch.state);
  return ALLOWED[action].includes(batch.state);
}

/** The buttons a batch card offers in its current state. */
export function availableActions(batch: Batch) {
  return {
    start: batch.state === 'Created' && allows(batch, 'start') && batch.awaiting?.action !== 'start',
    resume: batch.state === 'Stopped' && allows(batch, 'start'),
    stop: allows(batch, 'stop'),
    retry: allows(batch, 'retry'),
    cutover:
      (allows(batch, 'complete') || allows(batch, 'complete', true)) && batch.awaiting?.action !== 'cutover',
    remove: allows(batch, 'remove'),
  };
}
