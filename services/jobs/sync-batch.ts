import type { Batch, BatchUser } from '../model/batch';
import { TERMINAL_STATES } from '../model/batch';
import type { BatchStatus } from '../model/statuses';
import { summarize } from '../model/summary';
import type { Milestone, ServiceContext } from '../context';
import { type ProviderUser, readBatchAndUsers } from '../providers/migration-provider';
import { recordHistory } from '../model/history-record';
import { noticeStatuses } from '../notices/notice-trigger';
import { enqueueNotices } from '../notices/outbox';
import { readAll, type Stored } from '../store/document-store';
import { updateDocument } from '../store/update-document';

const SYNCED: readonly BatchStatus[] = ['Synced', 'SyncedWithErrors'];
const COMPLETED: readonly BatchStatus[] = ['Completed', 'CompletedWithErrors'];

/**
 * Pulls one batch's state from the provider at batch level (Get-MigrationBatch
 * plus paged Get-MigrationUser), stores changed users and the summary, and
 * reports changes and milestones. Returns the stored batch.
 */
export async function syncBatch(
  ctx: ServiceContext,
  batchId: string,
  options: { requestId?: string; notify?: 'changed' | 'always' } = {},
): Promise<Stored<Batch> | null> {
  const { requestId } = options;
  const tenantId = batchId.split('~', 1)[0]!;
  const batch = await ctx.repos.batches.read(tenantId, batchId);
  if (!batch || TERMINAL_STATES.includes(batch.state) || batch.state === 'Creating') return batch;
  const provider = ctx.provider(batch.tenantId);
  const { batch: remote, users: remoteUsers } = await readBatchAndUsers(provider, batch.name, { requestId });
  if (!remote) {
    if (batch.pending?.action === 'remove') return batch;
    ctx.log.warn({ batchId }, 'batch no longer exists in the engine');
    return batch;
  }

  const { users, movedNow } = await storeUsers(ctx, batch, remoteUsers);
  await recordResetNotices(ctx, batch, users, movedNow, remote.status);
  const now = ctx.now();
  let previousStatus: BatchStatus | undefined;
  let changed = false;
  const result = await updateDocument(ctx.repos.batches, { pk: tenantId, id: batchId }, (current) => {
    previousStatus = current.providerStatus;
    const summary = summarize(users, current.summary, now);
    const next: Stored<Batch> = {
      ...current,
      state: remote.status,
      providerStatus: remote.status,
      // Only the users Exchange has: the CSV's count would include rows Exchange left out.
      userCount: remoteUsers.length || remote.totalCount,
      completeAfter: remote.completeAfter ?? current.completeAfter,
      passes: remote.passes ?? current.passes,
      summary,
      updatedAt: now.toISOString(),
    };
    changed =
      options.notify === 'always' ||
      next.state !== current.state ||
      summary.percent !== current.summary?.percent ||
      JSON.stringify(summary.counts) !== JSON.stringify(current.summary?.counts) ||
      summary.failureCount !== current.summary?.failureCount;
    const sameSchedule =
      next.completeAfter === current.completeAfter &&
      next.userCount === current.userCount &&
      JSON.stringify(next.passes) === JSON.stringify(current.passes);
    changed ||= JSON.stringify(next.passes) !== JSON.stringify(current.passes);
    // Nothing moved: no write, so commands racing with the sync do not lose their conditional write.
    if (!changed && previousStatus === remote.status && sameSchedule && current.summary) return current;
    return next;
  });
  if (!result.ok) return result.why === 'missing' ? null : batch;
  if (!result.written) return result.doc;
  const stored = result.doc;
  // The report's history: one sample per sync that changed the batch (a sync that changed nothing
  // returned above and writes nothing).
  await recordHistory(ctx, stored, batchBytes(remote));
  if (changed) await ctx.events.batchChanged(stored);
  const milestone = milestoneOf(previousStatus, remote.status);
  if (milestone) await ctx.events.milestone(stored, milestone);
  return stored;
}

/** Bytes moved in the whole batch, for an engine whose batch read reports them (Exchange's does not). */
function batchBytes(remote: object): number | undefined {
  const bytes = (remote as { bytesTransferred?: unknown }).bytesTransferred;
  return typeof bytes === 'number' && Number.isFinite(bytes) ? bytes : undefined;
}

function milestoneOf(before: BatchStatus | undefined, after: BatchStatus): Milestone | undefined {
  // A retry that repaired the last failures: the batch is now completed without errors.
  if (after === 'Completed' && before === 'CompletedWithErrors') return 'completed';
  if (SYNCED.includes(after) && !(before && SYNCED.includes(before))) return 'synced';
  if (COMPLETED.includes(after) && !(before && COMPLETED.includes(before))) return 'completed';
  return undefined;
}

/**
 * Records the reset notice (the outbox; the notice worker sends it) for the users whose mailbox moved
 * in this sync (in a staged batch: whose cloud mailbox became ready, see `noticeStatuses`), and for
 * every such user when the batch itself has just completed: a batch that is Completed is not synced
 * again, so that last pass also catches anyone an earlier pass missed, and a failure there fails the sync (the batch is not marked completed, and the next sync tries again).
 * Recording is idempotent, so repeating it is harmless.
 */
async function recordResetNotices(
  ctx: ServiceContext,
  batch: Stored<Batch>,
  users: BatchUser[],
  movedNow: string[],
  status: BatchStatus,
): Promise<void> {
  const batchCompleted =
    COMPLETED.includes(status) && !(batch.providerStatus && COMPLETED.includes(batch.providerStatus));
  const emails = batchCompleted
    ? users.filter((user) => noticeStatuses(batch.scenario).includes(user.status)).map((user) => user.email)
    : movedNow;
  if (emails.length === 0) return;
  try {
    await enqueueNotices(ctx, batch, emails, 'reset', ctx.now());
  } catch (error) {
    if (batchCompleted) throw error;
    ctx.log.warn({ err: error, batchId: batch.id }, 'could not record reset notices; retried at completion');
  }
}

/**
 * Writes only the users whose status changed; removes users no longer in the batch. `movedNow` are the
 * users whose mailbox completed its move since the last sync.
 */
async function storeUsers(
  ctx: ServiceContext,
  batch: Batch,
  remote: ProviderUser[],
): Promise<{ users: BatchUser[]; movedNow: string[] }> {
  const stored = new Map((await readAll(ctx.repos.batchUsers, { pk: batch.id })).map((u) => [u.email, u]));
  const now = ctx.now().toISOString();
  const result: BatchUser[] = [];
  const movedNow: string[] = [];
  // Moved (or, for a staged batch, ready to use the cloud mailbox): when the user's notice goes out.
  const noticeDue = noticeStatuses(batch.scenario);
  const writes: Promise<unknown>[] = [];
  for (const user of remote) {
    const email = user.emailAddress.toLowerCase();
    const previous = stored.get(email);
    stored.delete(email);
    const next: BatchUser = {
      id: `${batch.id}~${email}`,
      pk: batch.id,
      type: 'batchUser',
      tenantId: batch.tenantId,
      batchId: batch.id,
      email,
      status: user.status,
      statusSummary: user.statusSummary,
      error: user.error,
      lastSuccessfulSyncTime: user.lastSuccessfulSyncTime,
      sourceEmail: user.sourceEmail,
      engineStatus: user.engineStatus,
      lastPass: user.lastPass,
      updatedAt: now,
    };
    if (
      previous &&
      previous.status === next.status &&
      previous.error === next.error &&
      previous.lastSuccessfulSyncTime === next.lastSuccessfulSyncTime &&
      previous.engineStatus === next.engineStatus &&
      JSON.stringify(previous.lastPass) === JSON.stringify(next.lastPass)
    ) {
      result.push(previous);
      continue;
    }
    result.push(next);
    if (noticeDue.includes(next.status) && !(previous && noticeDue.includes(previous.status))) {
      movedNow.push(email);
    }
    writes.push(ctx.repos.batchUsers.upsert(next));
    if (writes.length >= 50) await Promise.all(writes.splice(0));
  }
  for (const gone of stored.values()) writes.push(ctx.repos.batchUsers.delete(gone.pk, gone.id));
  await Promise.all(writes);
  return { users: result, movedNow };
}
