import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../context';
import type { TenantConfig } from '../config/tenants';
import { type Batch, mainConversation } from '../model/batch';
import { ACTIVE_STATES } from '../model/batch-states';
import { DIGEST_ATTEMPTS, type DigestMarker, digestMarkerId, digestPartition } from '../model/digest';
import type { HistorySample } from '../model/history';
import { readHistory } from '../model/history-record';
import { readAll, type Stored } from '../store/document-store';
import { createIfAbsent, replaceIfUnchanged } from '../store/update-document';
import type { LeaseManager } from './lease';

/**
 * The daily digest of a tenant: what moved in the last day, what failed, and what needs a person
 * (pending approvals, users asking for help, failed users). Posted once a day per tenant, at or after
 * the tenant's `digest.hourUtc`, where its approval cards go. Exactly once across instances: the run is
 * under a lease per tenant, and a marker document per (tenant, day) is created before anything is
 * posted; a run that finds the marker posts nothing. A post that failed is tried again on later runs
 * the same day, at most DIGEST_ATTEMPTS times.
 */

export interface DigestBatchLine {
  batchId: string;
  name: string;
  state: Batch['state'];
  percent: number;
  total: number;
  /** Progress units moved in the last day (a completed mailbox is one). */
  moved: number;
  /** Users who completed in the last day. */
  completedToday: number;
  failed: number;
  help: number;
}

export interface TenantDigest {
  tenantId: string;
  /** The UTC day (YYYY-MM-DD). */
  day: string;
  /** The last day's window (ISO-8601). */
  since: string;
  until: string;
  batches: DigestBatchLine[];
  moved: { mailboxes: number; completed: number; activeBatches: number };
  failed: { users: number; batches: number };
  needsPerson: {
    approvals: { batchName: string; action: string; requestedAt: string }[];
    help: number;
    failedUsers: number;
  };
  /** Where it goes: the tenant's approvals channel (a Teams conversation id), else these conversations. */
  destination: { channelConversationId?: string; conversationKeys: string[] };
}

/** Batches looked at per tenant: the most recently changed. */
export const DIGEST_BATCHES = 200;
const DAY_MS = 24 * 3_600_000;
const INSTANCE = randomUUID();

export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Whether a tenant's digest of `now`'s day is due: enabled and the hour reached. */
export function digestDue(tenant: TenantConfig, now: Date): boolean {
  return tenant.digest.enabled && now.getUTCHours() >= tenant.digest.hourUtc;
}

/** The digest's content from the store (reads no engine). */
export async function buildDigest(
  ctx: ServiceContext,
  tenant: TenantConfig,
  now: Date,
): Promise<TenantDigest> {
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const page = await ctx.repos.batches.query({
    pk: tenant.id,
    where: { tenantId: tenant.id },
    orderBy: { field: 'updatedAt', direction: 'desc' },
    pageSize: DIGEST_BATCHES,
  });
  const pending = await readAll(ctx.repos.approvals, { where: { tenantId: tenant.id, status: 'pending' } });
  const waiting = new Set(pending.map((a) => a.batchId));
  const batches = page.items.filter(
    (b) =>
      b.state !== 'Removed' &&
      (b.updatedAt >= since ||
        ACTIVE_STATES.includes(b.state as never) ||
        (b.summary?.failureCount ?? 0) > 0 ||
        (b.notices?.help ?? 0) > 0 ||
        waiting.has(b.id)),
  );
  const lines: DigestBatchLine[] = [];
  for (const batch of batches) {
    const samples = await readHistory(ctx, batch.id);
    const { moved, completed } = movedSince(samples, since);
    lines.push({
      batchId: batch.id,
      name: batch.name,
      state: batch.state,
      percent: batch.summary?.percent ?? 0,
      total: batch.summary?.total ?? batch.userCount,
      moved,
      completedToday: completed,
      failed: batch.summary?.failureCount ?? 0,
      help: batch.notices?.help ?? 0,
    });
  }
  const channel = tenant.approval.deliver.channelConversationId;
  const conversations = channel
    ? []
    : [...new Set(batches.map((b) => mainConversation(b)).filter((k): k is string => Boolean(k)))];
  const sum = (f: (l: DigestBatchLine) => number) => lines.reduce((n, l) => n + f(l), 0);
  return {
    tenantId: tenant.id,
    day: dayOf(now),
    since,
    until: now.toISOString(),
    batches: lines,
    moved: {
      mailboxes: Math.round(sum((l) => l.moved) * 100) / 100,
      completed: sum((l) => l.completedToday),
      activeBatches: batches.filter((b) => ACTIVE_STATES.includes(b.state as never)).length,
    },
    failed: { users: sum((l) => l.failed), batches: lines.filter((l) => l.failed > 0).length },
    needsPerson: {
      approvals: pending.map((a) => ({
        batchName: a.batchName,
        action: a.action,
        requestedAt: a.requestedAt,
      })),
      help: sum((l) => l.help),
      failedUsers: sum((l) => l.failed),
    },
    destination: { channelConversationId: channel, conversationKeys: conversations },
  };
}

/** Progress units and completions between the last sample before `since` and the latest sample. */
function movedSince(samples: readonly HistorySample[], since: string): { moved: number; completed: number } {
  const last = samples.at(-1);
  if (!last || last.at < since) return { moved: 0, completed: 0 };
  const before = [...samples].reverse().find((s) => s.at < since);
  return {
    moved: Math.max(0, Math.round((last.done - (before?.done ?? 0)) * 100) / 100),
    completed: Math.max(0, last.users.completed - (before?.users.completed ?? 0)),
  };
}

/**
 * One run of the digest job: each tenant whose digest is due and not yet posted today. `post` delivers
 * it (the bot's notifier) and says to how many conversations.
 */
export async function runDigests(
  ctx: ServiceContext,
  deps: { leases: LeaseManager; post: (digest: TenantDigest) => Promise<number> },
  now: Date = ctx.now(),
): Promise<void> {
  for (const tenant of ctx.tenants.tenants) {
    if (!digestDue(tenant, now)) continue;
    const key = { pk: digestPartition(tenant.id), id: digestMarkerId(tenant.id, dayOf(now)) };
    const seen = await ctx.repos.digests.read(key.pk, key.id);
    if (seen && (seen.status !== 'failed' || seen.attempts >= DIGEST_ATTEMPTS)) continue;
    await deps.leases
      .withLease(`digest:${tenant.id}`, () => postOnce(ctx, tenant, now, key, deps.post))
      .catch((error) => ctx.log.warn({ err: error, tenantId: tenant.id }, 'daily digest failed'));
  }
}

async function postOnce(
  ctx: ServiceContext,
  tenant: TenantConfig,
  now: Date,
  key: { pk: string; id: string },
  post: (digest: TenantDigest) => Promise<number>,
): Promise<void> {
  const at = ctx.now().toISOString();
  const current = await ctx.repos.digests.read(key.pk, key.id);
  let claimed: Stored<DigestMarker> | null;
  if (!current) {
    claimed = await createIfAbsent(ctx.repos.digests, {
      ...key,
      type: 'digest',
      tenantId: tenant.id,
      day: dayOf(now),
      status: 'posting',
      attempts: 1,
      owner: INSTANCE,
      createdAt: at,
      updatedAt: at,
    });
  } else if (current.status === 'failed' && current.attempts < DIGEST_ATTEMPTS) {
    claimed = await replaceIfUnchanged(ctx.repos.digests, {
      ...current,
      status: 'posting',
      attempts: current.attempts + 1,
      owner: INSTANCE,
      updatedAt: at,
    });
  } else return;
  // Another instance claimed it first: it posts.
  if (!claimed) return;
  try {
    const digest = await buildDigest(ctx, tenant, now);
    const postedTo =
      digest.batches.length > 0 || digest.needsPerson.approvals.length > 0 ? await post(digest) : 0;
    await replaceIfUnchanged(ctx.repos.digests, {
      ...claimed,
      status: 'posted',
      postedTo,
      error: undefined,
      updatedAt: ctx.now().toISOString(),
    });
    ctx.log.info({ tenantId: tenant.id, day: claimed.day, postedTo }, 'daily digest posted');
  } catch (error) {
    await replaceIfUnchanged(ctx.repos.digests, {
      ...claimed,
      status: 'failed',
      error: error instanceof Error ? error.message.slice(0, 300) : 'the post failed',
      updatedAt: ctx.now().toISOString(),
    });
    throw error;
  }
}
