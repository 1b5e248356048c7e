import type { Batch, BatchSummary, BatchUser } from './batch';
import { FAILED_USER_STATUSES } from './batch';
import { MOVING_STATES, inStates } from './batch-states';
import type { UserStatus } from './statuses';

/**
 * How far a user is through the whole lifecycle: syncing counts part way,
 * synced is most of the way, completed is all of it. Failed users count as
 * processed so that a batch with failures still reaches 100%.
 */
const WEIGHT: Partial<Record<UserStatus, number>> = {
  Syncing: 0.4,
  IncrementalSyncing: 0.8,
  Synced: 0.8,
  IncrementalSynced: 0.8,
  Stopping: 0.4,
  Stopped: 0.4,
  IncrementalStopped: 0.8,
  CompletionSynced: 0.85,
  Completing: 0.9,
  Completed: 1,
  CompletedWithWarnings: 1,
  Failed: 1,
  IncrementalFailed: 1,
  CompletionFailed: 1,
  Corrupted: 1,
};

/**
 * Where a user is headed before anyone acts: a user in the cutover phase goes on to completed, any other
 * user only to synced, because the cutover waits for an admin. Failed users are where they will stay.
 */
const SYNCED = WEIGHT.Synced ?? 0.8;
const CUTOVER_PHASE: readonly UserStatus[] = [
  'CompletionSynced',
  'Completing',
  'Completed',
  'CompletedWithWarnings',
  'CompletionFailed',
];

function goalOf(status: UserStatus): number {
  if (CUTOVER_PHASE.includes(status) || FAILED_USER_STATUSES.includes(status)) return 1;
  return Math.max(SYNCED, WEIGHT[status] ?? 0);
}

const MAX_SAMPLES = 10;
const MAX_FAILURES = 50;

export function summarize(
  users: readonly BatchUser[],
  previous: BatchSummary | undefined,
  now: Date,
): BatchSummary {
  const counts: Partial<Record<UserStatus, number>> = {};
  let units = 0;
  let goal = 0;
  const failures: BatchSummary['failures'] = [];
  let failureCount = 0;
  let lastSyncedAt: string | undefined;
  for (const user of users) {
    counts[user.status] = (counts[user.status] ?? 0) + 1;
    units += WEIGHT[user.status] ?? 0;
    goal += goalOf(user.status);
    if (FAILED_USER_STATUSES.includes(user.status)) {
      failureCount++;
      if (failures.length < MAX_FAILURES)
        failures.push({ email: user.email, status: user.status, error: user.error });
    }
    if (user.lastSuccessfulSyncTime && (!lastSyncedAt || user.lastSuccessfulSyncTime > lastSyncedAt)) {
      lastSyncedAt = user.lastSuccessfulSyncTime;
    }
  }
  const total = users.length;
  const done = Math.round(units * 100) / 100;
  const samples = [...(previous?.samples ?? []), { at: now.toISOString(), done }].slice(-MAX_SAMPLES);
  return {
    total,
    counts,
    percent: total ? Math.min(100, Math.round((units / total) * 100)) : 0,
    failures,
    failureCount,
    done,
    samples,
    etaSeconds: eta(samples, Math.round(goal * 100) / 100),
    lastSyncedAt,
    syncedAt: now.toISOString(),
  };
}

/**
 * Time left until `goal` progress units are reached, from the observed rate over the recent samples
 * (progress units per second). The goal is what the batch reaches by itself (synced, or completed for
 * users already in the cutover), not the whole lifecycle. Undefined while there is no movement.
 */
export function eta(samples: BatchSummary['samples'], goal: number): number | undefined {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || first === last) return undefined;
  const seconds = (Date.parse(last.at) - Date.parse(first.at)) / 1000;
  const rate = (last.done - first.done) / seconds;
  if (!(seconds > 0) || !(rate > 0)) return undefined;
  return Math.max(0, Math.round((goal - last.done) / rate));
}

/**
 * Phrases an ETA for a card, or undefined when the batch is not moving by itself: a synced batch waits
 * for its cutover, and a stopped or failed one for someone to act, so neither has a time left.
 */
export function etaText(batch: Batch): string | undefined {
  const seconds = batch.summary?.etaSeconds;
  if (seconds === undefined || batch.summary?.percent === 100) return undefined;
  if (!inStates(MOVING_STATES, batch.state) || batch.pending?.action === 'stop') return undefined;
  if (seconds < 90) return 'about a minute';
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  const hours = seconds / 3600;
  return hours < 48 ? `about ${Math.round(hours)} h` : `about ${Math.round(hours / 24)} days`;
}
