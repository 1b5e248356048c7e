import type { CallOptions } from '../migration-provider';
import { type EngineContext, freshlyValidated, refused, requireJob } from './engine-context';
import type { GraphJob } from './jobs-client';
import { DELETABLE, MIGRATING, VALIDATING } from './map-status';
import { isConflict, pollJob, sendOnce } from './safe-action';
import { invalidCount, startValidation } from './validation';

/**
 * The job's actions. Each reads the job first, does nothing when its effect is already there (the
 * runner may repeat an intent after a crash), and sends the action at most once (sendOnce).
 */

/** Statuses in which data moves, or has moved: a migrate is not sent again. */
const STARTED: ReadonlySet<string> = new Set([...MIGRATING, 'completed']);
const CANCELLING: ReadonlySet<string> = new Set(['pendingCancel', 'cancelled']);
const GONE: ReadonlySet<string> = new Set(['pendingDelete', 'deleted']);
/** A completion a few seconds ahead: see completeJob. */
const COMPLETE_NOW_LEAD_MS = 5_000;

/** Validates again when the job has no fresh passed validation, and waits for the result. */
async function ensureValidated(ctx: EngineContext, job: GraphJob, call: CallOptions): Promise<void> {
  if (freshlyValidated(ctx, job)) return;
  if (!VALIDATING.has(job.status)) await startValidation(ctx, job, call);
  const read = () => ctx.client.getJob(job.id, call);
  const ended = (current: GraphJob | null) =>
    current === null || current.status === 'validatePassed' || current.status === 'validateFailed';
  const result = await pollJob(ctx, read, ended, call);
  if (!result) throw refused('startBatch', `The job '${job.displayName}' no longer exists.`);
  if (result.status === 'validateFailed') {
    ctx.validationsStarted.delete(job.id);
    const invalid = await invalidCount(ctx, result, call);
    throw refused(
      'startBatch',
      `Microsoft Graph's validation of '${job.displayName}' failed${invalid > 0 ? ` for ${invalid} user${invalid === 1 ? '' : 's'}` : ''}${result.message ? `: ${result.message}` : ''}. Run the preflight to see each problem and its fix.`,
    );
  }
  if (result.status !== 'validatePassed') {
    throw refused(
      'startBatch',
      `Microsoft Graph is still validating '${job.displayName}'; the start is tried again.`,
      true,
    );
  }
  ctx.validationsStarted.delete(job.id);
}

/** Migrate: after a fresh passed validation, or again after failed / completedWithErrors. */
export async function startJob(ctx: EngineContext, name: string, call: CallOptions): Promise<void> {
  const job = await requireJob(ctx, 'startBatch', name, call);
  if (STARTED.has(job.status)) return;
  if (CANCELLING.has(job.status)) {
    throw refused(
      'startBatch',
      `The job '${name}' was cancelled and Microsoft Graph cannot resume it: remove the batch and create it again.`,
    );
  }
  if (GONE.has(job.status)) throw refused('startBatch', `The job '${name}' is being deleted.`);
  if (job.status !== 'failed' && job.status !== 'completedWithErrors') await ensureValidated(ctx, job, call);
  const read = () => ctx.client.getJob(job.id, call);
  const migrating = (current: GraphJob | null) => current !== null && MIGRATING.has(current.status);
  try {
    await sendOnce(ctx, read, migrating, () => ctx.client.act(job.id, 'migrate', call), call);
  } catch (error) {
    if (isConflict(error) && migrating(await read())) return;
    throw error;
  }
}

/** Cancel: Graph allows it only before the completion time (a 409 says why otherwise). */
export async function cancelJob(ctx: EngineContext, name: string, call: CallOptions): Promise<GraphJob> {
  const job = await requireJob(ctx, 'stopBatch', name, call);
  if (CANCELLING.has(job.status)) return job;
  const read = () => ctx.client.getJob(job.id, call);
  const cancelling = (current: GraphJob | null) => current !== null && CANCELLING.has(current.status);
  await sendOnce(ctx, read, cancelling, () => ctx.client.act(job.id, 'cancel', call), call);
  return job;
}

/**
 * Sets the completion time: `at`, or now. "Now" is sent a few seconds ahead: Graph refuses a time in
 * the past (422), and the moment the request arrives is already later than the moment it was written.
 */
export async function completeJob(
  ctx: EngineContext,
  name: string,
  at: Date | undefined,
  call: CallOptions,
): Promise<void> {
  const job = await requireJob(ctx, 'completeBatch', name, call);
  if (!at && (job.status === 'cuttingOver' || job.status.startsWith('completed'))) return;
  const when = (at ?? new Date(ctx.now().getTime() + COMPLETE_NOW_LEAD_MS)).toISOString();
  const read = () => ctx.client.getJob(job.id, call);
  const set = (current: GraphJob | null) =>
    current !== null && Date.parse(current.completeAfterDateTime ?? '') === Date.parse(when);
  await sendOnce(ctx, read, set, () => ctx.client.setCompleteAfter(job.id, when, call), call);
}

/**
 * Deletes the job. Graph deletes only a completed, failed or cancelled job: one still running is
 * cancelled first (before its completion time only) and deleted once cancelled.
 */
export async function removeJob(ctx: EngineContext, name: string, call: CallOptions): Promise<void> {
  let job = await requireJob(ctx, 'removeBatch', name, call);
  if (GONE.has(job.status)) return;
  const read = () => ctx.client.getJob(job.id, call);
  if (!DELETABLE.has(job.status)) {
    if (job.status !== 'pendingCancel') await cancelJob(ctx, job.id, call);
    const current = await pollJob(
      ctx,
      read,
      (j) => j === null || DELETABLE.has(j.status) || GONE.has(j.status),
      call,
    );
    if (!current || GONE.has(current.status)) return;
    if (!DELETABLE.has(current.status)) {
      throw refused(
        'removeBatch',
        `Microsoft Graph is still cancelling '${name}'; the removal is tried again.`,
        true,
      );
    }
    job = current;
  }
  const gone = (current: GraphJob | null) => current === null || GONE.has(current.status);
  await sendOnce(ctx, read, gone, () => ctx.client.deleteJob(job.id, call), call);
}
