import type { CallOptions, ProviderUserStatistics } from '../migration-provider';
import type { EngineContext } from './engine-context';
import { toProviderUser } from './job-view';
import type { GraphJob, GraphUserTask } from './jobs-client';
import { percentOf } from './map-status';

/** The user's object id: known from a create or a sync, else looked up by address. */
async function objectIdOf(ctx: EngineContext, email: string, call: CallOptions): Promise<string | undefined> {
  const wanted = email.toLowerCase();
  for (const [id, address] of ctx.addresses) if (address === wanted) return id;
  const user = await ctx.client.directoryUser(email, call);
  if (user) ctx.addresses.set(user.id, wanted);
  return user?.id;
}

/**
 * The user's task: first in the jobs this engine has read that hold the user, else in the tenant's
 * jobs, newest first (a user is in one active job at a time).
 */
async function findTask(
  ctx: EngineContext,
  id: string,
  call: CallOptions,
): Promise<{ job: GraphJob; task: GraphUserTask } | undefined> {
  const known = [...ctx.snapshots.values()].filter((s) => s.tasks.some((t) => t.id === id));
  for (const snapshot of known) {
    const task = await ctx.client.userTask(snapshot.job.id, id, call);
    if (task) return { job: snapshot.job, task };
  }
  const jobs = (await ctx.client.listJobs(call))
    .filter((job) => !known.some((s) => s.job.id === job.id) && job.status !== 'pendingDelete')
    .sort((a, b) => (b.createdDateTime ?? '').localeCompare(a.createdDateTime ?? ''));
  for (const job of jobs) {
    const task = await ctx.client.userTask(job.id, id, call);
    if (task) return { job, task };
  }
  return undefined;
}

/** A user's statistics: its workloads, and a percentage from their statuses (Graph gives no sizes). */
export async function userStatistics(
  ctx: EngineContext,
  email: string,
  call: CallOptions,
): Promise<ProviderUserStatistics | null> {
  const id = await objectIdOf(ctx, email, call);
  if (!id) return null;
  const found = await findTask(ctx, id, call);
  if (!found) return null;
  const user = toProviderUser(found.task, email.toLowerCase(), found.job.displayName);
  return {
    ...user,
    percentageComplete: percentOf(user.workloads ?? []),
    bytesTransferred: 0,
    estimatedTotalTransferSize: 0,
    syncedItemCount: 0,
    totalItemsInSourceMailboxCount: 0,
    skippedItemCount: 0,
    ...(user.error ? { errorSummary: user.error } : {}),
  };
}
