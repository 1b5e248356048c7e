import type { MigrationBatch } from '../state/state-schema';
import { hasUsersInFlight } from './batch-status';
import { type EngineEnv, pendingFailure } from './engine-env';
import {
  BATCH_STARTING_MS,
  BATCH_STOPPING_MS,
  COMPLETING_MS,
  FAILURE_DELAY_MS,
  PROVISIONING_MS,
  realMs,
} from './timing';
import { syncFinishAt } from './user-progress';
import {
  beginCompleting,
  failUser,
  fillSlots,
  finishCompleting,
  finishProvisioning,
  finishSync,
  markStopped,
} from './user-transitions';

interface BatchEvent {
  at: number;
  apply(at: number): void;
}

/** Moves every Synced user of the batch into completion. */
export function startCompleting(batch: MigrationBatch, at: number): void {
  batch.phase = 'Completing';
  batch.phaseSince = at;
  for (const user of batch.users) if (user.status === 'Synced') beginCompleting(user, at);
}

/** Applies the follow-ups that happen at the same instant as an event or command. */
export function settle(batch: MigrationBatch, at: number): void {
  if (batch.phase === 'Running') {
    fillSlots(batch, at);
    if (!hasUsersInFlight(batch)) {
      const anySynced = batch.users.some((u) => u.status === 'Synced');
      if (anySynced && batch.initialSyncAt === null) batch.initialSyncAt = at;
      if (!anySynced && batch.users.some((u) => u.status === 'Completed')) {
        batch.phase = 'Completed';
        batch.phaseSince = at;
      }
    }
  }
  if (batch.phase === 'Completing' && !batch.users.some((u) => u.status === 'Completing')) {
    batch.phase = 'Completed';
    batch.phaseSince = at;
  }
}

function completionDueAt(batch: MigrationBatch): number | null {
  if (hasUsersInFlight(batch) || !batch.users.some((u) => u.status === 'Synced')) return null;
  if (batch.completeWhenSynced || (batch.autoComplete && batch.completeAfter === null)) return batch.clock;
  if (batch.completeAfter !== null) return Math.max(batch.clock, batch.completeAfter);
  return null;
}

function userEvents(batch: MigrationBatch, env: EngineEnv, consider: (event: BatchEvent) => void): void {
  for (const user of batch.users) {
    if (user.status === 'Provisioning') {
      const at = user.statusSince + realMs(PROVISIONING_MS, env.speed);
      consider({ at, apply: (t) => finishProvisioning(user, t) });
      continue;
    }
    if (user.status !== 'Syncing' && user.status !== 'Completing') continue;
    const failure = pendingFailure(user, env);
    const phaseStart =
      user.status === 'Syncing' ? (user.segmentStartedAt ?? user.statusSince) : user.statusSince;
    if (failure) {
      const at = Math.max(phaseStart, failure.since) + realMs(FAILURE_DELAY_MS, env.speed);
      consider({ at, apply: (t) => failUser(user, t, env.speed, failure.error) });
    }
    if (user.status === 'Syncing') {
      const at = syncFinishAt(user, env.speed) ?? batch.clock;
      consider({ at, apply: (t) => finishSync(batch, user, t, env.speed) });
    } else {
      const at = user.statusSince + realMs(COMPLETING_MS, env.speed);
      consider({ at, apply: (t) => finishCompleting(batch, user, t) });
    }
  }
}

function nextEvent(batch: MigrationBatch, env: EngineEnv): BatchEvent | null {
  const found: { best: BatchEvent | null } = { best: null };
  const consider = (event: BatchEvent) => {
    if (!found.best || event.at < found.best.at) found.best = event;
  };
  switch (batch.phase) {
    case 'Starting':
      consider({
        at: batch.phaseSince + realMs(BATCH_STARTING_MS, env.speed),
        apply: (t) => {
          batch.phase = batch.startAfter !== null && batch.startAfter > t ? 'Waiting' : 'Running';
          batch.phaseSince = t;
        },
      });
      break;
    case 'Waiting':
      consider({
        at: batch.startAfter ?? batch.clock,
        apply: (t) => {
          batch.phase = 'Running';
          batch.phaseSince = t;
        },
      });
      break;
    case 'Stopping':
      consider({
        at: batch.phaseSince + realMs(BATCH_STOPPING_MS, env.speed),
        apply: (t) => {
          batch.phase = 'Stopped';
          batch.phaseSince = t;
          for (const user of batch.users) if (user.status === 'Stopping') markStopped(user, t);
        },
      });
      break;
    case 'Running': {
      userEvents(batch, env, consider);
      const due = completionDueAt(batch);
      if (due !== null) consider({ at: due, apply: (t) => startCompleting(batch, t) });
      break;
    }
    case 'Completing':
      userEvents(batch, env, consider);
      break;
    default:
      break;
  }
  return found.best;
}

/** Upper bound on events per call; a batch of 2,000 users needs about 6,000. */
const MAX_EVENTS = 100_000;

/**
 * Plays the batch forward to `now`, event by event, in time order. Returns true when anything
 * changed (so the caller can persist).
 */
export function advanceBatch(batch: MigrationBatch, now: number, env: EngineEnv): boolean {
  let changed = false;
  for (let i = 0; i < MAX_EVENTS; i++) {
    const event = nextEvent(batch, env);
    if (!event || event.at > now) break;
    const at = Math.max(batch.clock, event.at);
    batch.clock = at;
    event.apply(at);
    settle(batch, at);
    changed = true;
  }
  if (now > batch.clock) batch.clock = now;
  return changed;
}
