import type { CallOptions, ProviderBatch, ProviderUser, WorkloadStatus } from '../migration-provider';
import type { EngineContext, JobSnapshot } from './engine-context';
import type { GraphJob, GraphUserTask } from './jobs-client';
import {
  batchStatusOf,
  countsOf,
  cutoverWorkload,
  leadingWorkload,
  summaryOf,
  userStatusOf,
} from './map-status';

/** Directory look-ups in flight at once when ids or addresses are resolved. */
const RESOLVE_CONCURRENCY = 8;

export function workloadsOf(task: GraphUserTask): WorkloadStatus[] {
  return task.currentStatus.map((s) => ({
    workload: cutoverWorkload(s.service),
    status: s.status,
    ...(s.message ? { message: s.message } : {}),
    ...(s.errors.length > 0 ? { errors: s.errors } : {}),
  }));
}

/** A user task in the neutral model; its status follows the Exchange workload. */
export function toProviderUser(task: GraphUserTask, address: string, batch: string): ProviderUser {
  const workloads = workloadsOf(task);
  const leading = leadingWorkload(workloads);
  const status = userStatusOf(leading?.status);
  const ordered = leading ? [leading, ...workloads.filter((w) => w !== leading)] : workloads;
  const error = ordered.flatMap((w) => w.errors ?? []).find((e) => e.message !== '')?.message;
  return {
    identity: task.id,
    emailAddress: address,
    batchId: batch,
    status,
    statusSummary: summaryOf(status),
    ...(leading ? { engineStatus: leading.status } : {}),
    ...(status === 'Synced' || status === 'Completed'
      ? { lastSuccessfulSyncTime: task.lastUpdatedDateTime }
      : {}),
    ...(error ? { error } : {}),
    workloads,
  };
}

/** Without a scheduled completion the job waits "until the operator cuts over": a year ahead. */
export const UNSCHEDULED_MS = 365 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The job's completion time as a scheduled cutover: none when it is the placeholder a year after the
 * job's creation (the job was created without one), so cards do not announce a cutover nobody chose.
 */
function scheduledCompletion(job: GraphJob): string | undefined {
  const at = job.completeAfterDateTime;
  if (!at) return undefined;
  const created = job.createdDateTime ? Date.parse(job.createdDateTime) : Number.NaN;
  if (!Number.isNaN(created) && Date.parse(at) - created >= UNSCHEDULED_MS - DAY_MS) return undefined;
  return at;
}

/** The job in the neutral model; counts and Synced come from its users when they were read. */
export function toProviderBatch(job: GraphJob, users?: readonly ProviderUser[]): ProviderBatch {
  const counts = users
    ? countsOf(users.map((u) => u.status))
    : countsOf(new Array(job.resources?.length ?? 0).fill('Queued'));
  return {
    identity: job.displayName,
    status: batchStatusOf(job.status, users ? users.map((u) => u.workloads) : []),
    migrationType: 'CrossTenantMigrationJob',
    ...counts,
    ...(job.createdDateTime ? { creationDateTime: job.createdDateTime } : {}),
    ...(scheduledCompletion(job) ? { completeAfter: scheduledCompletion(job) } : {}),
    ...(job.exchangeSettings?.sourceEndpoint ? { sourceEndpoint: job.exchangeSettings.sourceEndpoint } : {}),
    ...(job.exchangeSettings?.targetDeliveryDomain
      ? { targetDeliveryDomain: job.exchangeSettings.targetDeliveryDomain }
      : {}),
    ...(job.message ? { message: job.message } : {}),
  };
}

/** Runs `work` over the items, at most `limit` at once, keeping their order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The address of each object id: those the engine knows (from the create), else Graph's `mail` (or
 * UPN), read once per id. An id Graph does not know is shown as the id.
 */
export async function addressesOf(
  ctx: EngineContext,
  ids: readonly string[],
  call: CallOptions,
): Promise<Map<string, string>> {
  const unknown = [...new Set(ids.filter((id) => !ctx.addresses.has(id)))];
  await mapLimited(unknown, RESOLVE_CONCURRENCY, async (id) => {
    const user = await ctx.client.directoryUser(id, call);
    ctx.addresses.set(id, (user?.mail ?? user?.userPrincipalName ?? id).toLowerCase());
  });
  return new Map(ids.map((id) => [id, ctx.addresses.get(id) ?? id]));
}

/** Every user task of a job: `$top=999` pages, following each nextLink. */
export async function allTasks(
  ctx: EngineContext,
  jobId: string,
  call: CallOptions,
): Promise<GraphUserTask[]> {
  const tasks: GraphUserTask[] = [];
  const seen = new Set<string>();
  let nextLink: string | undefined;
  do {
    const page = await ctx.client.usersPage(jobId, nextLink, call);
    tasks.push(...page.tasks);
    nextLink = page.nextLink;
    if (nextLink && seen.has(nextLink)) break;
    if (nextLink) seen.add(nextLink);
  } while (nextLink);
  return tasks;
}

/** Reads the job and all its users once (a sync): kept for the `listUsers` that follows. */
export async function readSnapshot(
  ctx: EngineContext,
  name: string,
  call: CallOptions,
  handedOver = false,
): Promise<JobSnapshot | null> {
  const key = name.toLowerCase();
  const job = await ctx.client.getJob(name, call);
  if (!job) {
    ctx.snapshots.delete(key);
    return null;
  }
  const tasks = await allTasks(ctx, job.id, call);
  const addresses = await addressesOf(
    ctx,
    tasks.map((t) => t.id),
    call,
  );
  const users = tasks.map((task) => toProviderUser(task, addresses.get(task.id) ?? task.id, name));
  const snapshot: JobSnapshot = { job, tasks, users, readAt: Date.now(), handedOver };
  ctx.snapshots.set(key, snapshot);
  return snapshot;
}
