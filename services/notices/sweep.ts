import type { TenantConfig } from '../config/tenants';
import type { ServiceContext } from '../context';
import { FAILED_USER_STATUSES } from '../model/batch';
import { BEFORE_CUTOVER_STATES } from '../model/batch-states';
import type { Notice } from '../model/notice';
import type { UserStatus } from '../model/statuses';
import { readAll, type Stored } from '../store/document-store';
import { replaceIfUnchanged } from '../store/update-document';
import { enqueueNotices, noticesApply } from './outbox';

/** Users a cutover will not move: already moved, failed or leaving the batch. */
const NOT_MOVING: readonly UserStatus[] = [
  'Completed',
  'CompletedWithWarnings',
  'Removing',
  ...FAILED_USER_STATUSES,
];

const SWEEP_PAGE_SIZE = 50;
const HOUR_MS = 3_600_000;

/**
 * Batches whose heads-ups this process has recorded, with the schedule and size they had then: the
 * sweep looks at such a batch again only when its cutover moves or its users change.
 */
const headsUpsDone = new WeakMap<ServiceContext, Map<string, string>>();

export interface NoticeSweepResult {
  headsUps: number;
  reminders: number;
}

/**
 * The scheduled part of the notice outbox, for every tenant with notices on:
 * - a heads-up to each user of a batch whose scheduled cutover (`completeAfter`) is in the future and
 *   at most `headsUpHours` away;
 * - one reminder for each `reset` notice sent at least `reminderHours` ago and not answered.
 * Recording is idempotent, so any number of instances may sweep.
 */
export async function noticeSweep(ctx: ServiceContext, now: Date = ctx.now()): Promise<NoticeSweepResult> {
  const result: NoticeSweepResult = { headsUps: 0, reminders: 0 };
  for (const tenant of ctx.tenants.tenants) {
    if (!tenant.notices.enabled) continue;
    result.headsUps += await sweepHeadsUps(ctx, tenant, now);
    result.reminders += await sweepReminders(ctx, tenant, now);
  }
  return result;
}

async function sweepHeadsUps(ctx: ServiceContext, tenant: TenantConfig, now: Date): Promise<number> {
  const leadMs = tenant.notices.headsUpHours * HOUR_MS;
  if (leadMs <= 0) return 0;
  let memo = headsUpsDone.get(ctx);
  if (!memo) {
    memo = new Map();
    headsUpsDone.set(ctx, memo);
  }
  let recorded = 0;
  let continuation: string | undefined;
  do {
    const page = await ctx.repos.batches.query({
      pk: tenant.id,
      where: { state: [...BEFORE_CUTOVER_STATES] },
      pageSize: SWEEP_PAGE_SIZE,
      continuation,
    });
    continuation = page.continuation;
    for (const batch of page.items) {
      if (!batch.completeAfter || !noticesApply(tenant, batch.scenario)) continue;
      const cutoverAt = Date.parse(batch.completeAfter);
      if (!(cutoverAt > now.getTime() && cutoverAt - now.getTime() <= leadMs)) continue;
      const key = `${batch.completeAfter}|${batch.userCount}`;
      if (memo.get(batch.id) === key) continue;
      try {
        const users = await readAll(ctx.repos.batchUsers, { pk: batch.id });
        const emails = users.filter((user) => !NOT_MOVING.includes(user.status)).map((user) => user.email);
        recorded += await enqueueNotices(ctx, batch, emails, 'heads-up', batch.completeAfter);
        if (users.length > 0) memo.set(batch.id, key);
      } catch (error) {
        ctx.log.warn({ err: error, batchId: batch.id }, 'could not record heads-up notices');
      }
    }
  } while (continuation);
  return recorded;
}

async function sweepReminders(ctx: ServiceContext, tenant: TenantConfig, now: Date): Promise<number> {
  const cutoff = now.getTime() - tenant.notices.reminderHours * HOUR_MS;
  const seen = new Set<string>();
  let recorded = 0;
  let continuation: string | undefined;
  for (;;) {
    // Sent, unanswered resets without a reminder, oldest first: every one marked leaves this set, so
    // after progress the scan starts over instead of trusting a continuation over a changed set.
    const page = await ctx.repos.notices.query({
      where: { tenantId: tenant.id, kind: 'reset', status: 'sent', ack: null, remindedAt: null },
      orderBy: { field: 'sentAt' },
      pageSize: SWEEP_PAGE_SIZE,
      continuation,
    });
    let progressed = false;
    let done = false;
    for (const reset of page.items) {
      if (seen.has(reset.id)) continue;
      seen.add(reset.id);
      if (!reset.sentAt) continue;
      if (Date.parse(reset.sentAt) > cutoff) {
        done = true;
        break;
      }
      try {
        const outcome = await remind(ctx, reset, now);
        recorded += outcome.recorded;
        if (outcome.marked) progressed = true;
      } catch (error) {
        ctx.log.warn({ err: error, noticeId: reset.id }, 'could not record a reminder');
      }
    }
    if (done || page.items.length === 0) break;
    if (progressed) continuation = undefined;
    else if (page.continuation) continuation = page.continuation;
    else break;
  }
  return recorded;
}

/** Records the reminder for one reset notice, then marks the reset as reminded. */
async function remind(
  ctx: ServiceContext,
  reset: Stored<Notice>,
  now: Date,
): Promise<{ recorded: number; marked: boolean }> {
  const recorded = await enqueueNotices(
    ctx,
    { id: reset.batchId, tenantId: reset.tenantId, name: reset.batchName, scenario: reset.scenario },
    [reset.email],
    'reminder',
    reset.cutoverAt ?? reset.sentAt ?? reset.createdAt,
    { userIds: reset.userId ? new Map([[reset.email, reset.userId]]) : undefined },
  );
  const marked = await replaceIfUnchanged(ctx.repos.notices, {
    ...reset,
    remindedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  // Not marked: answered (or marked by another instance) meanwhile, and the next sweep looks again.
  return { recorded, marked: marked !== null };
}
