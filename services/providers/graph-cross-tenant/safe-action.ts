import { backoffMs, POLICIES } from '../../retry/policies';
import type { CallOptions } from '../migration-provider';
import type { EngineContext } from './engine-context';
import { type GraphJob, JobCallError, unanswered } from './jobs-client';

/**
 * Sends an action (create, validate, migrate, cancel, PATCH, DELETE) so that it happens at most once.
 * Graph's throttling is waited out by the HTTP client (Graph did not act on a 429). A failure without
 * an answer (network error, 5xx) may have been acted on: after the engineCall policy's backoff the job
 * is read, and the action is sent again only when its effect is not there.
 */
export async function sendOnce<T>(
  ctx: EngineContext,
  read: () => Promise<GraphJob | null>,
  done: (job: GraphJob | null) => boolean,
  send: () => Promise<T>,
  call: CallOptions,
): Promise<T | undefined> {
  const policy = POLICIES.engineCall;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!unanswered(error) || attempt >= policy.attempts) throw error;
      const wait = backoffMs(policy, attempt);
      ctx.logger?.warn(
        { error: (error as Error).message, attempt, waitMs: wait },
        'Graph did not answer an action; reading the job before sending it again',
      );
      await ctx.sleep(wait);
      call.signal?.throwIfAborted();
      if (done(await read())) return undefined;
    }
  }
}

/** A 409: the job is not in a state that allows the action (Graph's message says which). */
export function isConflict(error: unknown): boolean {
  return error instanceof JobCallError && error.httpStatus === 409;
}

/** Reads the job every `pollMs` until `until` holds or `waitMs` has gone by; the last job read. */
export async function pollJob(
  ctx: EngineContext,
  read: () => Promise<GraphJob | null>,
  until: (job: GraphJob | null) => boolean,
  call: CallOptions,
): Promise<GraphJob | null> {
  const rounds = Math.max(1, Math.ceil(ctx.waitMs / ctx.pollMs));
  let job = await read();
  for (let round = 0; round < rounds && !until(job); round++) {
    await ctx.sleep(ctx.pollMs);
    call.signal?.throwIfAborted();
    job = await read();
  }
  return job;
}
