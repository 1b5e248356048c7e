import { type Batch, type BatchAction, type BatchState, capabilitiesOf, isPassAction } from '../model/batch';
import { SCHEDULABLE_STATES } from '../model/batch-states';

type Action = Exclude<BatchAction, 'create'>;

/**
 * Which requested action a batch state allows, after Exchange's own rules
 * (Start refused while Syncing or Stopping; Stop only while syncing or waiting;
 * Complete only once synced; Start retries failed users).
 */
const ALLOWED: Record<
  Exclude<Action, 'verify' | 'prestage' | 'pass' | 'retry-errors'>,
  readonly BatchState[]
> = {
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

/** States in which no pass runs and another may be submitted (a pass-based engine). */
const BETWEEN_PASSES: readonly BatchState[] = [
  'Created',
  'Synced',
  'SyncedWithErrors',
  'Stopped',
  'Failed',
  'CompletedWithErrors',
];

/**
 * The rules of an engine that moves data in passes: a pass is submitted between passes; retrying
 * errors needs a completed pass with failures; resume (start) and retry take stopped or failed
 * passes up again; there is no cutover of the engine's own (the full pass is it).
 */
const PASS_ALLOWED: Record<Action, readonly BatchState[]> = {
  verify: BETWEEN_PASSES,
  prestage: BETWEEN_PASSES,
  pass: BETWEEN_PASSES,
  'retry-errors': ['SyncedWithErrors', 'CompletedWithErrors'],
  start: ['Stopped', 'Failed'],
  retry: ['Stopped', 'Failed'],
  stop: ['Syncing'],
  complete: [],
  remove: ALLOWED.remove,
};

export function allows(batch: Batch, action: Action, scheduled = false): boolean {
  if (batch.pending) return false;
  const capabilities = capabilitiesOf(batch);
  if (capabilities.passes) {
    // A retry-errors pass repairs items whose pass completed with item errors (CompletedWithWarnings)
    // as well as failed ones.
    const repairable =
      (batch.summary?.failureCount ?? 0) + (batch.summary?.counts.CompletedWithWarnings ?? 0);
    if (action === 'retry-errors' && repairable === 0) return false;
    return PASS_ALLOWED[action].includes(batch.state);
  }
  if (isPassAction(action)) return false;
  // An engine whose stop cannot be undone (a cancelled job) leaves a stopped batch only to be removed.
  if (action === 'start' && batch.state === 'Stopped' && capabilities.resumeAfterStop === false) return false;
  if (action === 'retry' && (batch.summary?.failureCount ?? 0) === 0) return false;
  if (action === 'complete' && scheduled) {
    return capabilities.scheduledCompletion && SCHEDULABLE_STATES.includes(batch.state);
  }
  return ALLOWED[action].includes(batch.state);
}

/**
 * The buttons a batch card offers in its current state. A move in passes offers only the passes still
 * ahead of it (no verify once data moved, no pre-stage once the full pass ran), so the next step is not
 * folded away; the commands still take any pass the state allows.
 */
export function availableActions(batch: Batch) {
  const passes = capabilitiesOf(batch).passes;
  const done = batch.passes?.done ?? [];
  const moved = done.some((type) => type !== 'verify');
  return {
    start:
      !passes && batch.state === 'Created' && allows(batch, 'start') && batch.awaiting?.action !== 'start',
    resume: batch.state === 'Stopped' && allows(batch, 'start'),
    stop: allows(batch, 'stop'),
    retry: !passes && allows(batch, 'retry'),
    cutover:
      (allows(batch, 'complete') || allows(batch, 'complete', true)) && batch.awaiting?.action !== 'cutover',
    remove: allows(batch, 'remove'),
    verify: allows(batch, 'verify') && !moved,
    prestage: allows(batch, 'prestage') && !done.includes('full') && batch.awaiting?.action !== 'prestage',
    pass: allows(batch, 'pass') && batch.awaiting?.action !== 'pass',
    retryErrors: allows(batch, 'retry-errors'),
  };
}
