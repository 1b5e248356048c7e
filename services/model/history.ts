import type { BatchSummary } from './batch';
import { FAILED_USER_STATUSES } from './batch';
import type { UserStatus } from './statuses';

/**
 * A batch's progress over time, for the report's charts: one sample per status sync that changed
 * something, at most `MAX_HISTORY_SAMPLES` per batch. One document per batch (`history` container, in
 * the batch's partition), written only by the sync of that batch (under its lease).
 */

/** The groups the report counts users in (the donut's slices). */
export const USER_GROUPS = ['waiting', 'syncing', 'ready', 'completed', 'failed'] as const;
export type UserGroup = (typeof USER_GROUPS)[number];

/** Not started: Exchange validates, provisions or queues the user. */
const WAITING: readonly UserStatus[] = [
  'Validating',
  'Provisioning',
  'ProvisionUpdating',
  'Queued',
  'Starting',
  'Verified',
  'WaitingForUser',
];
/** Data is being copied (or the copy is paused). */
const SYNCING: readonly UserStatus[] = [
  'Syncing',
  'IncrementalSyncing',
  'Stopping',
  'Stopped',
  'IncrementalStopped',
  'Removing',
];
/** The mailbox is in the cloud and mail reaches it; the cutover (or the last pass) is still ahead. */
const READY: readonly UserStatus[] = ['Synced', 'IncrementalSynced', 'CompletionSynced', 'Completing'];
const COMPLETED: readonly UserStatus[] = ['Completed', 'CompletedWithWarnings'];

export function userGroupOf(status: UserStatus): UserGroup {
  if (FAILED_USER_STATUSES.includes(status)) return 'failed';
  if (COMPLETED.includes(status)) return 'completed';
  if (READY.includes(status)) return 'ready';
  if (SYNCING.includes(status)) return 'syncing';
  if (WAITING.includes(status)) return 'waiting';
  return 'waiting';
}

export type GroupCounts = Record<UserGroup, number>;

export function groupCounts(counts: Partial<Record<UserStatus, number>>): GroupCounts {
  const groups: GroupCounts = { waiting: 0, syncing: 0, ready: 0, completed: 0, failed: 0 };
  for (const [status, n] of Object.entries(counts) as [UserStatus, number][])
    groups[userGroupOf(status)] += n ?? 0;
  return groups;
}

export interface HistorySample {
  /** ISO-8601: when the sync stored the change. */
  at: string;
  /** Users by group at that time. */
  users: GroupCounts;
  /** 0..100, the batch's progress (the summary's percent). */
  percent: number;
  /** Progress units done (the summary's `done`: a completed user counts 1). */
  done: number;
  /** Bytes moved so far in the whole batch, when the engine reports it at batch level. */
  bytes?: number;
}

export interface BatchHistory {
  /** `history` (one per batch, in the batch's partition). */
  id: string;
  /** The batch id. */
  pk: string;
  type: 'history';
  tenantId: string;
  batchId: string;
  /** Oldest first; at most MAX_HISTORY_SAMPLES. */
  samples: HistorySample[];
  updatedAt: string;
}

export const HISTORY_DOC_ID = 'history';
/** Samples kept per batch: about 6 KB, enough for a line and per-hour bars over the batch's life. */
export const MAX_HISTORY_SAMPLES = 200;

export function sampleOf(summary: BatchSummary, at: Date, bytes?: number): HistorySample {
  return {
    at: at.toISOString(),
    users: groupCounts(summary.counts),
    percent: summary.percent,
    done: summary.done,
    ...(bytes === undefined ? {} : { bytes }),
  };
}

/**
 * Adds a sample, keeping at most `max`: when full, every other sample of the older half is dropped
 * (the first one always stays), so old stretches get coarser while the recent ones keep every sync.
 * A sample that says the same as the last one is not added.
 */
export function appendSample(
  samples: readonly HistorySample[],
  sample: HistorySample,
  max = MAX_HISTORY_SAMPLES,
): HistorySample[] {
  const last = samples[samples.length - 1];
  if (last && sameProgress(last, sample)) return [...samples];
  let kept = [...samples, sample];
  while (kept.length > max) {
    const half = Math.floor(kept.length / 2);
    const older = kept.slice(0, half).filter((_, i) => i % 2 === 0);
    kept = [...older, ...kept.slice(half)];
  }
  return kept;
}

function sameProgress(a: HistorySample, b: HistorySample): boolean {
  return (
    a.percent === b.percent &&
    a.done === b.done &&
    a.bytes === b.bytes &&
    JSON.stringify(a.users) === JSON.stringify(b.users)
  );
}
