import { type JobEnv, planRound, type RoundPlan, roundUsers } from './job-plan';
import type { GraphJob, JobStatus } from './job-schema';
import { PENDING_MS, PROCESSING_MS, VALIDATE_QUEUED_MS, VALIDATE_RUN_MS } from './job-timing';

export interface JobState {
  status: JobStatus;
  /** When the job entered this status. */
  since: number;
  message: string;
}

const real = (simulatedMs: number, env: JobEnv) => simulatedMs / env.speed;

/** When the current validation finishes. */
export function validationEndsAt(job: GraphJob, env: JobEnv): number | null {
  if (!job.validation) return null;
  return job.validation.requestedAt + real(VALIDATE_QUEUED_MS + VALIDATE_RUN_MS, env);
}

export function validUserIds(job: GraphJob): Set<string> {
  return new Set((job.validation?.users ?? []).filter((u) => u.errors.length === 0).map((u) => u.id));
}

function validationState(job: GraphJob, now: number, env: JobEnv): JobState {
  const requestedAt = job.validation?.requestedAt ?? job.createdAt;
  const queuedUntil = requestedAt + real(VALIDATE_QUEUED_MS, env);
  const endsAt = validationEndsAt(job, env) ?? requestedAt;
  if (now < queuedUntil)
    return { status: 'validateSubmitted', since: requestedAt, message: 'Validation is queued.' };
  if (now < endsAt)
    return { status: 'validateInProgress', since: queuedUntil, message: 'Validating the users.' };
  const valid = validUserIds(job).size;
  const total = job.users.length;
  return valid > 0
    ? {
        status: 'validatePassed',
        since: endsAt,
        message: `Validation passed for ${valid} of ${total} users.`,
      }
    : { status: 'validateFailed', since: endsAt, message: `Validation failed for all ${total} users.` };
}

/** How a finished round came out, over every user of the job (earlier rounds included). */
function outcome(job: GraphJob, plan: RoundPlan): { status: JobStatus; message: string } {
  const total = job.users.length;
  const exits = [...plan.users.values()].map((p) => p.exit?.kind ?? 'completed');
  const completed =
    job.users.filter((u) => u.completedAt !== null).length + exits.filter((k) => k === 'completed').length;
  const cancelled = exits.filter((k) => k === 'cancelled').length;
  const message = `${completed} of ${total} users completed.`;
  if (completed === total) return { status: 'completed', message };
  if (completed > 0) return { status: 'completedWithErrors', message };
  return { status: cancelled === total ? 'cancelled' : 'failed', message };
}

function migrationState(job: GraphJob, now: number, env: JobEnv): JobState {
  const requestedAt = job.migration?.requestedAt ?? job.createdAt;
  const processed = requestedAt + real(PROCESSING_MS, env);
  if (now < processed)
    return { status: 'processing', since: requestedAt, message: 'Preparing the migration.' };
  const plan = planRound(job, env);
  if (now >= plan.endsAt) return { ...outcome(job, plan), since: plan.endsAt };
  if (plan.cutoverAt !== null && now >= plan.cutoverAt) {
    return { status: 'cuttingOver', since: plan.cutoverAt, message: 'Cutting the users over.' };
  }
  return { status: 'inProgress', since: processed, message: 'Syncing the users.' };
}

/** The job's status at `now`, derived from its requests and the clock. */
export function jobStateAt(job: GraphJob, now: number, env: JobEnv): JobState {
  if (job.deleteRequestedAt !== null) {
    return { status: 'pendingDelete', since: job.deleteRequestedAt, message: 'The job is being deleted.' };
  }
  if (job.finished) {
    const message =
      job.finished.status === 'cancelled'
        ? 'The job was cancelled.'
        : `${job.users.filter((u) => u.completedAt !== null).length} of ${job.users.length} users completed.`;
    return { status: job.finished.status, since: job.finished.at, message };
  }
  if (job.cancelRequestedAt !== null) {
    const until = job.cancelRequestedAt + real(PENDING_MS, env);
    return now < until
      ? { status: 'pendingCancel', since: job.cancelRequestedAt, message: 'Cancelling the job.' }
      : { status: 'cancelled', since: until, message: 'The job was cancelled.' };
  }
  if (job.migration) return migrationState(job, now, env);
  if (job.validation) return validationState(job, now, env);
  return { status: 'submitted', since: job.createdAt, message: 'The job was created.' };
}

/**
 * Latches what happened up to `now`: users' failures, the round's end (who completed) and a
 * finished cancellation. Returns whether anything changed.
 */
export function advanceJob(job: GraphJob, now: number, env: JobEnv): boolean {
  if (job.finished || job.deleteRequestedAt !== null) return false;
  if (job.cancelRequestedAt !== null) {
    const until = job.cancelRequestedAt + real(PENDING_MS, env);
    if (now < until) return false;
    for (const user of roundUsers(job)) {
      if (user.cancelledAt === null && !user.failure) user.cancelledAt = job.cancelRequestedAt;
    }
    job.finished = { status: 'cancelled', at: until };
    return true;
  }
  if (!job.migration) return false;
  const plan = planRound(job, env);
  let changed = false;
  for (const user of roundUsers(job)) {
    const exit = plan.users.get(user.id)?.exit;
    if (exit?.kind === 'failed' && exit.at <= now && !user.failure) {
      user.failure = { at: exit.at, message: exit.message };
      changed = true;
    }
  }
  if (now < plan.endsAt) return changed;
  const { status } = outcome(job, plan);
  for (const user of roundUsers(job)) {
    const userPlan = plan.users.get(user.id);
    if (userPlan && !userPlan.exit) user.completedAt = userPlan.doneAt;
  }
  job.finished = { status, at: plan.endsAt };
  return true;
}
