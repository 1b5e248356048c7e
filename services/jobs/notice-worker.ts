import type { TenantConfig } from '../config/tenants';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { NOTICE_ATTEMPTS_LOGGED, type Notice, type NoticeAttempt, noticeId } from '../model/notice';
import { DeliveryError, type DeliveryOutcome, type NoticeDelivery } from '../notices/delivery';
import { CONVERSATION_SEND_LIMITS, SlidingWindowLimiter, TENANT_SEND_BUDGET } from '../notices/rate-limit';
import { TenantSendBudget } from '../notices/send-budget';
import { storeSendSchedule } from '../notices/send-budget-store';
import type { Stored } from '../store/document-store';

export interface NoticeWorkerOptions {
  /** Identifies this instance in notice leases. */
  instanceId: string;
  /** How long a claim holds without renewal; it is renewed every third of that while in use. */
  leaseMs: number;
  /** The pause after a pass that found nothing to send. */
  idleMs: number;
  /** Notices in hand at once (claimed, waiting for the rate limits, or being sent). */
  concurrency: number;
  /** Milliseconds since the epoch; Date.now by default. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** For the backoff jitter, in [0, 1); Math.random by default. */
  random?: () => number;
  /** Candidates read per query. */
  pageSize?: number;
  /** Called after each pass of the loop that changed a notice (e.g. to refresh the batches' counts). */
  onPass?: (result: NoticeRunResult) => Promise<void>;
}

/** What one pass did, by notice. */
export interface NoticeRunResult {
  /** Notices this worker claimed. */
  claimed: number;
  sent: number;
  /** Found delivered by an earlier attempt (its worker died while sending) and marked sent. */
  recovered: number;
  /** Back to pending for a later attempt. */
  retried: number;
  failed: number;
  cancelled: number;
  /** Another worker had it, or took it over. */
  lost: number;
  /** Handed back unsent because the worker stopped. */
  released: number;
  /** The batches whose notices this pass changed. */
  batchIds: string[];
}

export interface NoticeWorker {
  /** Sends every notice that is due now, then resolves. */
  runOnce(): Promise<NoticeRunResult>;
  /** Drains due notices in a loop, waiting `idleMs` whenever nothing was due. */
  start(): void;
  /** Ends the loop; notices in hand are finished or handed back. */
  stop(): Promise<void>;
  /** Ends the current idle wait (new notices were recorded). */
  wake(): void;
  /** By tenant: blocks of send slots claimed, slots claimed, used, and gone by unused. */
  sendStats(): Record<string, TenantSendBudget['stats']>;
}

/** Thrown by the send's `ready` when the worker stops or loses its claim: nothing was sent. */
class SendCancelled extends Error {
  constructor(readonly outcome: 'released' | 'lost') {
    super(`send cancelled: ${outcome}`);
  }
}

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 60_000;
/** Statuses worth another attempt besides 429 and 5xx. */
const RETRIED_4XX = [408, 412];

type Outcome = Exclude<keyof NoticeRunResult, 'claimed' | 'batchIds'>;

/**
 * Delivers the notice outbox. A notice is sent only by the worker that claimed it: the claim is a
 * conditional replace to `sending` with a lease, held while the worker waits for the rate limits and
 * sends. A claimed notice whose previous attempt may have reached the user (its worker died while
 * sending) is first checked with `wasDelivered` and never sent twice. Sends keep to the Teams limits:
 * 50 per second per tenant through a send budget every instance shares (slots claimed in blocks from
 * the tenant's schedule in the store, services/notices/send-budget.ts), 7 per second per
 * conversation; a 429 holds back every send of its tenant for the Retry-After, in every instance;
 * other transient failures back off exponentially with full jitter, and after the tenant's
 * `maxAttempts` a notice is failed with the reason. Any number of workers, in any number of instances,
 * may run on one store.
 */
export function createNoticeWorker(
  ctx: ServiceContext,
  delivery: NoticeDelivery,
  options: NoticeWorkerOptions,
): NoticeWorker {
  const owner = options.instanceId;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const pageSize = options.pageSize ?? 100;
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const log = ctx.log.child({ worker: owner });
  const repo = ctx.repos.notices;
  const tenantBudgets = new Map<string, TenantSendBudget>();
  const conversationLimiters = new Map<string, SlidingWindowLimiter>();
  const inHand = new Set<string>();
  const sleepers = new Set<() => void>();
  let stopping = false;
  let loop: Promise<void> | undefined;
  /** When the last look for due notices included those being sent (see findDue). */
  let lastRecoveryScan = Number.NEGATIVE_INFINITY;

  const iso = (ms: number) => new Date(ms).toISOString();

  /** Waits `ms`; the built-in wait ends early on stop or wake. */
  function wait(ms: number): Promise<void> {
    if (options.sleep) return options.sleep(ms);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      sleepers.add(done);
    });
  }

  function wakeAll(): void {
    for (const wake of [...sleepers]) wake();
  }

  function tenantBudget(tenantId: string): TenantSendBudget {
    let budget = tenantBudgets.get(tenantId);
    if (!budget) {
      budget = new TenantSendBudget({
        ...TENANT_SEND_BUDGET,
        schedule: storeSendSchedule(ctx.repos.sendBudgets, {
          tenantId,
          owner,
          intervalMs: TENANT_SEND_BUDGET.intervalMs,
          now,
        }),
        now,
        sleep: wait,
        onError: (error) => log.warn({ err: error, tenantId }, 'notice send budget claim failed'),
      });
      tenantBudgets.set(tenantId, budget);
    }
    return budget;
  }

  function conversationLimiter(key: string): SlidingWindowLimiter {
    let limiter = conversationLimiters.get(key);
    if (!limiter) {
      if (conversationLimiters.size >= 10_000) {
        const t = now();
        for (const [k, l] of conversationLimiters) if (l.idle(t)) conversationLimiters.delete(k);
      }
      limiter = new SlidingWindowLimiter(CONVERSATION_SEND_LIMITS);
      conversationLimiters.set(key, limiter);
    }
    return limiter;
  }

  function backoffMs(attempt: number): number {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random() * ceiling);
  }

  function isDue(notice: Stored<Notice>, t: number): boolean {
    if (inHand.has(notice.id)) return false;
    if (notice.status === 'pending') return !notice.nextAttemptAt || Date.parse(notice.nextAttemptAt) <= t;
    if (notice.status === 'sending') return !notice.lease || Date.parse(notice.lease.until) <= t;
    return false;
  }

  /**
   * Due notices not looked at in this pass yet, in random order (less contention between workers), and
   * how long the soonest 429 pause lasts that held back a due notice (undefined: none was held back).
   */
  async function findDue(seen: Set<string>): Promise<{ due: Stored<Notice>[]; heldBackMs?: number }> {
    const due: Stored<Notice>[] = [];
    let heldBackMs: number | undefined;
    let continuation: string | undefined;
    // Notices being sent (this worker's in hand, mostly) are looked at only every half lease, for
    // claims whose worker died: reading past them on every look would cost more with every one in hand.
    const recover = now() - lastRecoveryScan >= options.leaseMs / 2;
    if (recover) lastRecoveryScan = now();
    do {
      const page = await repo.query({
        where: { status: recover ? ['pending', 'sending'] : 'pending' },
        orderBy: { field: 'createdAt' },
        pageSize,
        continuation,
      });
      continuation = page.continuation;
      const t = now();
      for (const notice of page.items) {
        if (seen.has(notice.id) || !isDue(notice, t)) continue;
        // A tenant held back by a 429: leave its notices unclaimed until the wait is over.
        const paused = tenantBudgets.get(notice.tenantId)?.pausedFor(t) ?? 0;
        if (paused > 0) {
          heldBackMs = Math.min(heldBackMs ?? paused, paused);
          continue;
        }
        due.push(notice);
      }
    } while (continuation && due.length < pageSize);
    for (let i = due.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [due[i], due[j]] = [due[j]!, due[i]!];
    }
    return { due, heldBackMs };
  }

  async function runOnce(): Promise<NoticeRunResult> {
    lastRecoveryScan = Number.NEGATIVE_INFINITY;
    const result: NoticeRunResult = {
      claimed: 0,
      sent: 0,
      recovered: 0,
      retried: 0,
      failed: 0,
      cancelled: 0,
      lost: 0,
      released: 0,
      batchIds: [],
    };
    const batches = new Set<string>();
    const seen = new Set<string>();
    const running = new Set<Promise<void>>();
    try {
      while (!stopping) {
        const { due, heldBackMs } = await findDue(seen);
        if (due.length === 0) {
          // Only notices of tenants paused by a 429 are left: wait the pause out in this pass.
          if (heldBackMs === undefined) break;
          await wait(heldBackMs);
          continue;
        }
        for (const notice of due) {
          while (running.size >= concurrency) await Promise.race(running);
          if (stopping) break;
          // A 429 since the list was read: leave the tenant's notices for after the wait.
          if ((tenantBudgets.get(notice.tenantId)?.pausedFor(now()) ?? 0) > 0) continue;
          seen.add(notice.id);
          if (inHand.has(notice.id)) continue;
          inHand.add(notice.id);
          const task: Promise<void> = handle(notice, result)
            .then((outcome) => {
              result[outcome]++;
              if (outcome !== 'lost') batches.add(notice.batchId);
            })
            .catch((error) => log.error({ err: error, noticeId: notice.id }, 'notice attempt failed'))
            .finally(() => {
              inHand.delete(notice.id);
              running.delete(task);
            });
          running.add(task);
        }
      }
    } finally {
      await Promise.all(running);
      result.batchIds = [...batches];
    }
    return result;
  }

  /** Claims one notice and carries out one attempt. */
  async function handle(candidate: Stored<Notice>, result: NoticeRunResult): Promise<Outcome> {
    const inDoubt = candidate.status === 'sending' || candidate.inDoubt === true;
    const attempt = candidate.attempts + 1;
    const t = now();
    let claimed: Stored<Notice>;
    try {
      claimed = await repo.replace({
        ...candidate,
        status: 'sending',
        lease: { owner, until: iso(t + options.leaseMs) },
        attempts: attempt,
        nextAttemptAt: undefined,
        inDoubt: inDoubt || undefined,
        updatedAt: iso(t),
      });
    } catch (error) {
      if (error instanceof ConflictError) return 'lost';
      throw error;
    }
    result.claimed++;
    const claim = new Claim(claimed, attempt);
    const renewal = setInterval(
      () => {
        claim
          .renew()
          .catch((error) => log.warn({ err: error, noticeId: claimed.id }, 'lease renewal failed'));
      },
      Math.max(50, Math.floor(options.leaseMs / 3)),
    );
    renewal.unref();
    try {
      return await attemptDelivery(claim, inDoubt);
    } finally {
      clearInterval(renewal);
      await claim.settled();
    }
  }

  async function attemptDelivery(claim: Claim, inDoubt: boolean): Promise<Outcome> {
    const notice = claim.current;
    const tenant = ctx.tenant(notice.tenantId);
    if (!tenant) return finish(claim, 'failed', `Tenant ${notice.tenantId} is not configured any more.`);
    if (!tenant.notices.enabled) {
      return finish(claim, 'cancelled', 'Notices are turned off for this tenant.');
    }
    if (notice.kind === 'reminder') {
      const reset = await repo.read(notice.pk, noticeId(notice.batchId, 'reset', notice.email));
      if (reset?.ack) return finish(claim, 'cancelled', 'The user answered the first notice.');
    }
    if (inDoubt) {
      let delivered: boolean;
      try {
        delivered = await delivery.wasDelivered(claim.current, tenant);
      } catch (error) {
        return failedAttempt(claim, tenant, error, true);
      }
      if (delivered) return sent(claim, undefined, 'already-delivered');
    }
    // The limits are taken when the message is about to leave, not before the channel's look-ups; the
    // channel names the conversation it is about to write to (its per-conversation limit).
    const ready = async (conversationKey?: string) => {
      const budget = tenantBudget(notice.tenantId);
      const conversation = conversationKey ?? notice.conversationKey;
      const limiter = conversation ? conversationLimiter(conversation) : undefined;
      for (;;) {
        if (stopping) throw new SendCancelled('released');
        if (claim.lost) throw new SendCancelled('lost');
        const t = now();
        const delay = limiter?.waitMs(t) ?? 0;
        if (delay > 0) {
          await wait(delay);
          continue;
        }
        // Send only with a claim that outlasts the send comfortably; renew it first if need be.
        if (Date.parse(claim.current.lease!.until) - t < options.leaseMs / 2) {
          await claim.renew();
          continue;
        }
        // A slot of the tenant's shared budget: the send leaves in this turn, or the slot goes unused.
        if (!(await budget.acquire())) continue;
        const at = now();
        if (stopping || claim.lost || (limiter?.waitMs(at) ?? 0) > 0) continue;
        limiter?.take(at);
        return;
      }
    };
    let outcome: DeliveryOutcome;
    try {
      outcome = await delivery.send(claim.current, tenant, ready);
    } catch (error) {
      if (error instanceof SendCancelled) return error.outcome === 'released' ? release(claim) : 'lost';
      // An answer from the channel means it did not arrive; anything else may have delivered it.
      return failedAttempt(claim, tenant, error, !(error instanceof DeliveryError));
    }
    return sent(claim, outcome, 'sent');
  }

  function logEntry(entry: Omit<NoticeAttempt, 'at' | 'owner'>, notice: Notice): NoticeAttempt[] {
    const next = [...(notice.attemptsLog ?? []), { at: iso(now()), owner, ...entry }];
    return next.slice(-NOTICE_ATTEMPTS_LOGGED);
  }

  async function sent(
    claim: Claim,
    outcome: DeliveryOutcome | undefined,
    kind: 'sent' | 'already-delivered',
  ): Promise<Outcome> {
    const t = iso(now());
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
      attemptsLog: logEntry({ outcome: kind, channel: outcome?.channel ?? n.channel }, n),
    }));
    if (!saved) {
      log.warn({ noticeId: claim.current.id }, 'notice delivered, but another worker took it over meanwhile');
      return 'lost';
    }
    log.info(
      { noticeId: saved.id, channel: saved.channel, attempts: saved.attempts, recovered: kind !== 'sent' },
      'notice delivered',
    );
    return kind === 'sent' ? 'sent' : 'recovered';
  }

  async function finish(claim: Claim, status: 'failed' | 'cancelled', reason: string): Promise<Outcome> {
    const t = iso(now());
    const saved = await claim.update((n) => ({
      ...n,
      status,
      error: reason,
      lease: undefined,
      nextAttemptAt: undefined,
      updatedAt: t,
      attemptsLog: logEntry({ outcome: status, error: reason }, n),
    }));
    if (!saved) return 'lost';
    log.warn({ noticeId: saved.id, status, reason }, `notice ${status}`);
    return status;
  }

  async function failedAttempt(
    claim: Claim,
    tenant: TenantConfig,
    error: unknown,
    mayHaveArrived: boolean,
  ): Promise<Outcome> {
    const notice = claim.current;
    const options = error instanceof DeliveryError ? error.options : {};
    const status = options.status;
    const message = error instanceof Error ? error.message : String(error);
    const t = now();
    const delay =
      status === 429 && options.retryAfterMs !== undefined
        ? options.retryAfterMs
        : backoffMs(notice.attempts);
    // Throttled: every send of this tenant waits, not only this notice.
    if (status === 429) tenantBudget(notice.tenantId).pause(t + delay);
    const permanent =
      options.permanent === true ||
      (status !== undefined &&
        status >= 400 &&
        status < 500 &&
        status !== 429 &&
        !RETRIED_4XX.includes(status));
    if (permanent) return finish(claim, 'failed', message);
    if (notice.attempts >= tenant.notices.maxAttempts) {
      const tries = notice.attempts === 1 ? '1 attempt' : `${notice.attempts} attempts`;
      return finish(claim, 'failed', `Not delivered after ${tries}: ${message}`);
    }
    const saved = await claim.update((n) => ({
      ...n,
      status: 'pending',
      error: message,
      lease: undefined,
      nextAttemptAt: iso(t + delay),
      inDoubt: mayHaveArrived || undefined,
      updatedAt: iso(t),
      attemptsLog: logEntry({ outcome: 'retry', status, error: message }, n),
    }));
    if (!saved) return 'lost';
    log.info({ noticeId: notice.id, status, attempts: notice.attempts, retryInMs: delay }, 'notice retried');
    return 'retried';
  }

  /** Hands a claimed notice back unsent (the worker is stopping); the attempt does not count. */
  async function release(claim: Claim): Promise<Outcome> {
    const saved = await claim.update((n) => ({
      ...n,
      status: 'pending',
      lease: undefined,
      attempts: Math.max(0, n.attempts - 1),
      updatedAt: iso(now()),
    }));
    return saved ? 'released' : 'lost';
  }

  /**
   * One claim on one notice. Every write goes through `update`, one at a time, and only while the
   * notice is still this claim's: a concurrent write by someone else (the user answering the card)
   * is read back and kept; a takeover by another worker ends the claim.
   */
  class Claim {
    current: Stored<Notice>;
    lost = false;
    private queue: Promise<unknown> = Promise.resolve();

    constructor(
      claimed: Stored<Notice>,
      private readonly attempt: number,
    ) {
      this.current = claimed;
    }

    private ours(notice: Notice): boolean {
      return notice.status === 'sending' && notice.lease?.owner === owner && notice.attempts === this.attempt;
    }

    update(change: (notice: Notice) => Notice): Promise<Stored<Notice> | null> {
      const run = this.queue.then(async () => {
        if (this.lost) return null;
        let base = this.current;
        for (let attempt = 0; attempt < 5; attempt++) {
          try {
            const { _etag, ...plain } = base;
            this.current = await repo.replace({ ...change(plain), _etag });
            return this.current;
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
            const fresh = await repo.read(base.pk, base.id);
            if (!fresh || !this.ours(fresh)) {
              this.lost = true;
              return null;
            }
            base = fresh;
            this.current = fresh;
          }
        }
        throw new ConflictError(repo.name, base.id);
      });
      this.queue = run.catch(() => undefined);
      return run;
    }

    async renew(): Promise<void> {
      await this.update((n) => ({ ...n, lease: { owner, until: iso(now() + options.leaseMs) } }));
    }

    settled(): Promise<unknown> {
      return this.queue;
    }
  }

  return {
    runOnce,
    start() {
      if (loop) return;
      stopping = false;
      loop = (async () => {
        while (!stopping) {
          let claimed = 0;
          try {
            const result = await runOnce();
            claimed = result.claimed;
            if (options.onPass && result.batchIds.length > 0) await options.onPass(result);
          } catch (error) {
            log.error({ err: error }, 'notice worker pass failed');
          }
          if (!stopping && claimed === 0) await wait(options.idleMs);
        }
      })();
    },
    async stop() {
      stopping = true;
      wakeAll();
      for (const budget of tenantBudgets.values()) budget.abort();
      await loop;
      loop = undefined;
    },
    wake: wakeAll,
    sendStats: () =>
      Object.fromEntries([...tenantBudgets].map(([tenantId, budget]) => [tenantId, { ...budget.stats }])),
  };
}
