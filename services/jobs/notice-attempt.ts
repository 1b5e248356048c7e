import type { Logger } from 'pino';
import type { TenantConfig } from '../config/tenants';
import type { ServiceContext } from '../context';
import { NOTICE_ATTEMPTS_LOGGED, type Notice, type NoticeAttempt, noticeId } from '../model/notice';
import { DeliveryError, type DeliveryOutcome, type NoticeDelivery } from '../notices/delivery';
import type { SlidingWindowLimiter } from '../notices/rate-limit';
import type { TenantSendBudget } from '../notices/send-budget';
import { backoffMs, POLICIES } from '../retry/policies';
import type { NoticeClaim } from './notice-claim';

/** How one attempt on a claimed notice ended (the counters of NoticeRunResult). */
export type NoticeOutcome = 'sent' | 'recovered' | 'retried' | 'failed' | 'cancelled' | 'lost' | 'released';

/** What an attempt needs from its worker: the delivery, the shared limits, time, and whether it stops. */
export interface NoticeAttemptDeps {
  ctx: ServiceContext;
  delivery: NoticeDelivery;
  /** The worker's instance id. */
  owner: string;
  leaseMs: number;
  now: () => number;
  /** For the backoff jitter, in [0, 1). */
  random: () => number;
  /** Waits `ms`; ends early when the worker stops. */
  wait: (ms: number) => Promise<void>;
  stopping: () => boolean;
  /** The tenant's send budget, shared by every instance. */
  tenantBudget: (tenantId: string) => TenantSendBudget;
  /** The per-conversation limit of a Teams conversation. */
  conversationLimiter: (conversationKey: string) => SlidingWindowLimiter;
  log: Logger;
}

/** Thrown by the send's `ready` when the worker stops or loses its claim: nothing was sent. */
class SendCancelled extends Error {
  constructor(readonly outcome: 'released' | 'lost') {
    super(`send cancelled: ${outcome}`);
  }
}

export const BACKOFF_BASE_MS = POLICIES.noticeSend.baseMs;
export const BACKOFF_CAP_MS = POLICIES.noticeSend.capMs;
/** Statuses worth another attempt besides 429 and 5xx. */
const RETRIED_4XX = [408, 412];

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One attempt on a claimed notice: cancelled when it no longer applies, marked sent without sending
 * when an earlier attempt in doubt is found delivered, else sent on the tenant's channels once the rate
 * limits let it leave. A channel's answer means the notice did not arrive: it is retried with backoff
 * (a 429 after its Retry-After, holding back the whole tenant) or failed; anything else may have
 * delivered it, so the next attempt checks first.
 */
export async function attemptNotice(
  deps: NoticeAttemptDeps,
  claim: NoticeClaim,
  inDoubt: boolean,
): Promise<NoticeOutcome> {
  const { ctx, delivery, now } = deps;
  const notice = claim.current;
  const tenant = ctx.tenant(notice.tenantId);
  if (!tenant) return finish(deps, claim, 'failed', `Tenant ${notice.tenantId} is not configured any more.`);
  if (!tenant.notices.enabled) {
    return finish(deps, claim, 'cancelled', 'Notices are turned off for this tenant.');
  }
  if (notice.kind === 'reminder') {
    const reset = await ctx.repos.notices.read(notice.pk, noticeId(notice.batchId, 'reset', notice.email));
    if (reset?.ack) return finish(deps, claim, 'cancelled', 'The user answered the first notice.');
  }
  if (inDoubt) {
    let delivered: boolean;
    try {
      delivered = await delivery.wasDelivered(claim.current, tenant);
    } catch (error) {
      return failedAttempt(deps, claim, tenant, error, true);
    }
    if (delivered) return sent(deps, claim, undefined, 'already-delivered');
  }
  // The limits are taken when the message is about to leave, not before the channel's look-ups; the
  // channel names the conversation it is about to write to (its per-conversation limit).
  const ready = async (conversationKey?: string) => {
    const budget = deps.tenantBudget(notice.tenantId);
    const conversation = conversationKey ?? notice.conversationKey;
    const limiter = conversation ? deps.conversationLimiter(conversation) : undefined;
    for (;;) {
      if (deps.stopping()) throw new SendCancelled('released');
      if (claim.lost) throw new SendCancelled('lost');
      const t = now();
      const delay = limiter?.waitMs(t) ?? 0;
      if (delay > 0) {
        await deps.wait(delay);
        continue;
      }
      // Send only with a claim that outlasts the send comfortably; renew it first if need be.
      if (Date.parse(claim.current.lease!.until) - t < deps.leaseMs / 2) {
        await claim.renew();
        continue;
      }
      // A slot of the tenant's shared budget: the send leaves in this turn, or the slot goes unused.
      if (!(await budget.acquire())) continue;
      const at = now();
      if (deps.stopping() || claim.lost || (limiter?.waitMs(at) ?? 0) > 0) continue;
      limiter?.take(at);
      return;
    }
  };
  let outcome: DeliveryOutcome;
  try {
    outcome = await delivery.send(claim.current, tenant, ready);
  } catch (error) {
    if (error instanceof SendCancelled) return error.outcome === 'released' ? release(deps, claim) : 'lost';
    // An answer from the channel means it did not arrive; anything else may have delivered it.
    return failedAttempt(deps, claim, tenant, error, !(error instanceof DeliveryError));
  }
  return sent(deps, claim, outcome, 'sent');
}

function logEntry(
  deps: NoticeAttemptDeps,
  entry: Omit<NoticeAttempt, 'at' | 'owner'>,
  notice: Notice,
): NoticeAttempt[] {
  const next = [...(notice.attemptsLog ?? []), { at: iso(deps.now()), owner: deps.owner, ...entry }];
  return next.slice(-NOTICE_ATTEMPTS_LOGGED);
}

async function sent(
  deps: NoticeAttemptDeps,
  claim: NoticeClaim,
  outcome: DeliveryOutcome | undefined,
  kind: 'sent' | 'already-delivered',
): Promise<NoticeOutcome> {
  const t = iso(deps.now());
  const saved = await claim.update((n) => ({
    ...n,
    status: 'sent',
    sentAt: t,
    channel: outcome?.channel ?? n.channel,
    userId: outcome?.userId ?? n.userId,
    conversationKey: outcome?.conversationKey ?? n.conversationKey,
    lease: undefined,
    nextAttemptAt: undefined,
    inDoubt: undefined,
    error: undefined,
    updatedAt: t,
    attemptsLog: logEntry(deps, { outcome: kind, channel: outcome?.channel ?? n.channel }, n),
  }));
  if (!saved) {
    deps.log.warn(
      { noticeId: claim.current.id },
      'notice delivered, but another worker took it over meanwhile',
    );
    return 'lost';
  }
  deps.log.info(
    { noticeId: saved.id, channel: saved.channel, attempts: saved.attempts, recovered: kind !== 'sent' },
    'notice delivered',
  );
  return kind === 'sent' ? 'sent' : 'recovered';
}

async function finish(
  deps: NoticeAttemptDeps,
  claim: NoticeClaim,
  status: 'failed' | 'cancelled',
  reason: string,
): Promise<NoticeOutcome> {
  const t = iso(deps.now());
  const saved = await claim.update((n) => ({
    ...n,
    status,
    error: reason,
    lease: undefined,
    nextAttemptAt: undefined,
    updatedAt: t,
    attemptsLog: logEntry(deps, { outcome: status, error: reason }, n),
  }));
  if (!saved) return 'lost';
  deps.log.warn({ noticeId: saved.id, status, reason }, `notice ${status}`);
  return status;
}

async function failedAttempt(
  deps: NoticeAttemptDeps,
  claim: NoticeClaim,
  tenant: TenantConfig,
  error: unknown,
  mayHaveArrived: boolean,
): Promise<NoticeOutcome> {
  const notice = claim.current;
  const options = error instanceof DeliveryError ? error.options : {};
  const status = options.status;
  const message = error instanceof Error ? error.message : String(error);
  const t = deps.now();
  const delay =
    status === 429 && options.retryAfterMs !== undefined
      ? options.retryAfterMs
      : backoffMs(POLICIES.noticeSend, notice.attempts, deps.random);
  // Throttled: every send of this tenant waits, not only this notice.
  if (status === 429) deps.tenantBudget(notice.tenantId).pause(t + delay);
  const permanent =
    options.permanent === true ||
    (status !== undefined &&
      status >= 400 &&
      status < 500 &&
      status !== 429 &&
      !RETRIED_4XX.includes(status));
  if (permanent) return finish(deps, claim, 'failed', message);
  if (notice.attempts >= tenant.notices.maxAttempts) {
    const tries = notice.attempts === 1 ? '1 attempt' : `${notice.attempts} attempts`;
    return finish(deps, claim, 'failed', `Not delivered after ${tries}: ${message}`);
  }
  const saved = await claim.update((n) => ({
    ...n,
    status: 'pending',
    error: message,
    lease: undefined,
    nextAttemptAt: iso(t + delay),
    inDoubt: mayHaveArrived || undefined,
    updatedAt: iso(t),
    attemptsLog: logEntry(deps, { outcome: 'retry', status, error: message }, n),
  }));
  if (!saved) return 'lost';
  deps.log.info(
    { noticeId: notice.id, status, attempts: notice.attempts, retryInMs: delay },
    'notice retried',
  );
  return 'retried';
}

/** Hands a claimed notice back unsent (the worker is stopping); the attempt does not count. */
async function release(deps: NoticeAttemptDeps, claim: NoticeClaim): Promise<NoticeOutcome> {
  const saved = await claim.update((n) => ({
    ...n,
    status: 'pending',
    lease: undefined,
    attempts: Math.max(0, n.attempts - 1),
    updatedAt: iso(deps.now()),
  }));
  return saved ? 'released' : 'lost';
}
