import type { ServiceContext } from '../context';
import type { Notice } from '../model/notice';
import type { NoticeDelivery } from '../notices/delivery';
import type { TenantSendBudget } from '../notices/send-budget';
import type { Stored } from '../store/document-store';
import { attemptNotice, type NoticeAttemptDeps, type NoticeOutcome } from './notice-attempt';
import { NoticeClaim } from './notice-claim';
import { NoticeSendLimits } from './notice-send-limits';

export { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from './notice-attempt';

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
  const inHand = new Set<string>();
  const sleepers = new Set<() => void>();
  let stopping = false;
  let loop: Promise<void> | undefined;
  /** When the last look for due notices included those being sent (see findDue). */
  let lastRecoveryScan = Number.NEGATIVE_INFINITY;

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

  const limits = new NoticeSendLimits({ ctx, owner, now, wait, log });

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
        const paused = limits.existing(notice.tenantId)?.pausedFor(t) ?? 0;
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
          if ((limits.existing(notice.tenantId)?.pausedFor(now()) ?? 0) > 0) continue;
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

  const attemptDeps: NoticeAttemptDeps = {
    ctx,
    delivery,
    owner,
    leaseMs: options.leaseMs,
    now,
    random,
    wait,
    stopping: () => stopping,
    tenantBudget: (tenantId) => limits.tenantBudget(tenantId),
    conversationLimiter: (key) => limits.conversationLimiter(key),
    log,
  };

  /** Claims one notice and carries out one attempt, renewing the claim every third of a lease meanwhile. */
  async function handle(candidate: Stored<Notice>, result: NoticeRunResult): Promise<NoticeOutcome> {
    const inDoubt = candidate.status === 'sending' || candidate.inDoubt === true;
    const claim = await NoticeClaim.take(candidate, { repo, owner, leaseMs: options.leaseMs, now });
    if (!claim) return 'lost';
    result.claimed++;
    const renewal = setInterval(
      () => {
        claim
          .renew()
          .catch((error) => log.warn({ err: error, noticeId: candidate.id }, 'lease renewal failed'));
      },
      Math.max(50, Math.floor(options.leaseMs / 3)),
    );
    renewal.unref();
    try {
      return await attemptNotice(attemptDeps, claim, inDoubt);
    } finally {
      clearInterval(renewal);
      await claim.settled();
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
      limits.abort();
      await loop;
      loop = undefined;
    },
    wake: wakeAll,
    sendStats: () => limits.stats(),
  };
}
