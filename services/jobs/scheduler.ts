import { ACTIVE_STATES } from '../model/batch-states';
import type { Intent } from '../model/intent';
import type { ServiceContext } from '../context';
import { withCorrelation } from '../correlation';
import { type Stored, readAll } from '../store/document-store';
import type { LeaseManager } from './lease';
import { sweepApprovals } from '../workflow/approvals';
import { noticeSweep } from '../notices/sweep';
import { runDigests } from './digest';
import { runIntent } from './run-intent';
import { syncBatch } from './sync-batch';

export { ACTIVE_STATES } from '../model/batch-states';

export interface JobOptions {
  syncIntervalMs: number;
  intentIntervalMs: number;
  leases: LeaseManager;
}

export interface Jobs {
  /** Runs pending intents soon (coalesced). */
  kick(): void;
  start(): void;
  /**
   * Stops the timers and waits for the work in flight, at most `graceMs` (default: as long as it takes);
   * with a bound, the leases still held are then handed back for another instance to take over.
   */
  stop(graceMs?: number): Promise<void>;
  /** One pass of each job, for tests and for start-up. */
  runIntents(): Promise<void>;
  syncAll(): Promise<void>;
  /** The daily digests due at `now` (the service clock's time by default). */
  runDigests(now?: Date): Promise<void>;
}

/** A job's correlation id (client-request-id of its engine calls): `job:<kind>[:<subject>]:<time>`. */
export function jobId(kind: string, subject?: string): string {
  return ['job', kind, subject, Date.now().toString(36)].filter(Boolean).join(':');
}

/**
 * The background work: the intent runner, the batch-level status sync and the notice sweep (heads-ups
 * and reminders into the outbox).
 * Every unit of work runs under a per-batch lease, so any number of instances
 * can run these loops without acting on one batch twice at once.
 */
export function createJobs(ctx: ServiceContext, options: JobOptions): Jobs {
  let timers: NodeJS.Timeout[] = [];
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();

  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  };

  /** Each batch's intent run in flight: a batch waits only on its own work, never on another's. */
  const batchRuns = new Map<string, Promise<unknown>>();

  /**
   * Runs a batch's intents under its lease, after any run of that batch already in flight. Resolves to
   * how many of them it finished (done or failed for good).
   */
  function runBatch(batchId: string, intents: Stored<Intent>[]): Promise<number> {
    const previous = batchRuns.get(batchId) ?? Promise.resolve();
    const run = previous.then(async () => {
      let finished = 0;
      await options.leases.withLease(`batch:${batchId}`, async () => {
        // Each intent's calls carry the intent id (run-intent.ts); anything else the job's id.
        for (const intent of intents) {
          const fresh = await ctx.repos.intents.read(intent.pk, intent.id);
          if (!fresh || (fresh.status !== 'pending' && fresh.status !== 'running')) continue;
          await withCorrelation(jobId('intent', batchId), () => runIntent(ctx, fresh));
          const after = await ctx.repos.intents.read(intent.pk, intent.id);
          if (after?.status !== 'pending' && after?.status !== 'running') finished++;
        }
      });
      return finished;
    });
    batchRuns.set(batchId, run);
    const settle = () => {
      if (batchRuns.get(batchId) === run) batchRuns.delete(batchId);
    };
    run.then(settle, settle);
    return track(run);
  }

  async function pendingByBatch(): Promise<Map<string, Stored<Intent>[]>> {
    const pending = await readAll(ctx.repos.intents, {
      where: { status: ['pending', 'running'] },
      orderBy: { field: 'requestedAt' },
    });
    const byBatch = new Map<string, Stored<Intent>[]>();
    for (const intent of pending)
      byBatch.set(intent.batchId, [...(byBatch.get(intent.batchId) ?? []), intent]);
    return byBatch;
  }

  /** One pass over every pending intent, waiting for all of them (tests and start-up). */
  async function runIntents(): Promise<void> {
    const byBatch = await pendingByBatch();
    await Promise.all([...byBatch].map(([batchId, intents]) => runBatch(batchId, intents)));
  }

  /**
   * Starts the intents of every batch that is not already running and returns without waiting for
   * them: a batch whose tenant is throttled (its calls sleeping out Retry-After) holds up no other
   * tenant's batches. A run that did something looks again when it ends.
   */
  async function launchIntents(): Promise<void> {
    const byBatch = await pendingByBatch();
    for (const [batchId, intents] of byBatch) {
      if (batchRuns.has(batchId)) continue;
      // A run that finished something looks again at once: the batch's next intent (asked for while
      // this one ran) need not wait for the interval. One that finished nothing waits for the interval.
      runBatch(batchId, intents).then(
        (finished) => {
          if (finished > 0) kick();
        },
        (error) => ctx.log.error({ err: error, batchId }, 'intent runner failed'),
      );
    }
  }

  async function syncAll(): Promise<void> {
    // Every batch's sync starts as soon as its page is read; a slow (throttled) tenant's sync holds up
    // neither the next page nor any other tenant's batches.
    const syncs: Promise<unknown>[] = [];
    let continuation: string | undefined;
    do {
      const page = await ctx.repos.batches.query({
        where: { state: [...ACTIVE_STATES] },
        pageSize: 100,
        continuation,
      });
      continuation = page.continuation;
      for (const batch of page.items) {
        if (batch.pending) continue;
        syncs.push(
          options.leases
            .withLease(`batch:${batch.id}`, () =>
              withCorrelation(jobId('sync', batch.id), () => syncBatch(ctx, batch.id)),
            )
            .catch((error) => ctx.log.warn({ err: error, batchId: batch.id }, 'status sync failed')),
        );
      }
    } while (continuation);
    await Promise.all(syncs);
  }

  async function digests(now?: Date): Promise<void> {
    const post = ctx.events.dailyDigest?.bind(ctx.events);
    if (!post) return;
    await withCorrelation(jobId('digest'), () => runDigests(ctx, { leases: options.leases, post }, now));
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = track(
      (async () => {
        do {
          again = false;
          await withCorrelation(jobId('approvals'), () => sweepApprovals(ctx)).catch((error) =>
            ctx.log.error({ err: error }, 'approval sweep failed'),
          );
          await launchIntents().catch((error) => ctx.log.error({ err: error }, 'intent runner failed'));
        } while (again && !stopped);
        running = undefined;
      })(),
    );
  }

  return {
    kick,
    runIntents,
    syncAll,
    runDigests: digests,
    start() {
      stopped = false;
      kick();
      timers = [
        setInterval(kick, options.intentIntervalMs),
        setInterval(() => {
          track(syncAll().catch((error) => ctx.log.error({ err: error }, 'status sync failed')));
          track(
            options.leases
              .withLease('notices:sweep', () =>
                withCorrelation(jobId('notice-sweep'), () => noticeSweep(ctx, ctx.now())),
              )
              .catch((error) => ctx.log.error({ err: error }, 'notice sweep failed')),
          );
          track(digests().catch((error) => ctx.log.error({ err: error }, 'daily digest failed')));
        }, options.syncIntervalMs),
      ];
      for (const timer of timers) timer.unref();
    },
    async stop(graceMs) {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      timers = [];
      const settled = Promise.allSettled([...inFlight]);
      if (graceMs === undefined) {
        await settled;
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const late = await Promise.race([
        settled.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (late) ctx.log.warn({ graceMs }, 'jobs still running at shutdown; handing their leases back');
      await options.leases.releaseAll();
    },
  };
}
