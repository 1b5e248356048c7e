import type { Tenant } from '../../seed/world-types';
import { badRequest, GraphError } from '../graph-error';
import { dateTimeOf, pastTimeRefusal } from './job-create';
import { conflict, notAllowed } from './job-errors';
import { planRound } from './job-plan';
import { FINAL_STATUSES, type GraphJob, type JobStatus } from './job-schema';
import { jobStateAt, validationEndsAt, validUserIds } from './job-state';
import type { GraphJobStore } from './job-store';
import { VALIDATION_LIFETIME_MS } from './job-timing';
import { validateJob } from './job-validation';

export interface ActionContext {
  tenants: readonly Tenant[];
  jobs: GraphJobStore;
  now: number;
  isEndpointDown(name: string): boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

function stateOf(job: GraphJob, { jobs, now }: ActionContext) {
  return jobStateAt(job, now, jobs.env);
}

function requireStatus(job: GraphJob, context: ActionContext, action: string, allowed: readonly JobStatus[]) {
  const state = stateOf(job, context);
  if (!allowed.includes(state.status)) {
    const list = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}` : allowed[0];
    throw notAllowed(job, state, action, list ?? '');
  }
  return state;
}

/** POST /{id}/validate: checks every user against the directory now; the result shows once validation ends. */
export function validate(job: GraphJob, context: ActionContext): void {
  requireStatus(job, context, 'validate', ['submitted', 'validateFailed', 'validatePassed']);
  const users = validateJob({ tenants: context.tenants, job, isEndpointDown: context.isEndpointDown });
  job.validation = { requestedAt: context.now, users };
  context.jobs.onChange();
}

/** POST /{id}/migrate: a fresh passed validation starts every valid user; after failed or completedWithErrors, the users that did not complete. */
export function migrate(job: GraphJob, context: ActionContext): void {
  const { now, jobs } = context;
  const state = requireStatus(job, context, 'migrate', ['validatePassed', 'failed', 'completedWithErrors']);
  const passedAt = validationEndsAt(job, jobs.env);
  if (
    state.status === 'validatePassed' &&
    passedAt !== null &&
    (now - passedAt) * jobs.env.speed > VALIDATION_LIFETIME_MS
  ) {
    throw conflict(
      `The validation of Cross Tenant Migration Job ${job.id} ('${job.displayName}') passed at ${iso(passedAt)}, more than 7 days ago: validate the job again before migrating.`,
    );
  }
  const valid = validUserIds(job);
  for (const user of job.users) {
    if (user.completedAt !== null) continue;
    user.roundStartedAt = valid.has(user.id) ? now : null;
    user.failure = null;
    user.cancelledAt = null;
  }
  job.migration = { requestedAt: now };
  job.finished = null;
  jobs.onChange();
}

/** POST /{id}/cancel: only before the completion time and while the job has not ended. */
export function cancel(job: GraphJob, context: ActionContext): { status: string; message: string } {
  const state = stateOf(job, context);
  if ([...FINAL_STATUSES, 'pendingCancel', 'pendingDelete'].includes(state.status)) {
    throw notAllowed(job, state, 'cancel', 'not completed, failed, cancelled or being cancelled or deleted');
  }
  if (context.now >= job.completeAfter) {
    throw conflict(
      `Cross Tenant Migration Job ${job.id} ('${job.displayName}') is ${state.status} and its completion time ${iso(job.completeAfter)} has passed: a job can be cancelled only before its completion time.`,
    );
  }
  job.cancelRequestedAt = context.now;
  context.jobs.onChange();
  return {
    status: 'pendingCancel',
    message: `Cancellation of Cross Tenant Migration Job ${job.id} was requested.`,
  };
}

/** PATCH /{id}: `completeAfterDateTime` only. */
export function update(job: GraphJob, body: unknown, context: ActionContext): number {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The request body must be an object with completeAfterDateTime.');
  }
  const extra = Object.keys(body).filter((k) => k !== 'completeAfterDateTime' && !k.startsWith('@odata.'));
  if (extra.length > 0)
    throw badRequest(`Only completeAfterDateTime can be updated; not ${extra.join(', ')}.`);
  const at = dateTimeOf(body as Record<string, unknown>, 'completeAfterDateTime');
  const state = stateOf(job, context);
  if ([...FINAL_STATUSES, 'cuttingOver', 'pendingCancel', 'pendingDelete'].includes(state.status)) {
    throw notAllowed(job, state, 'update', 'not cutting over, completed, failed or cancelled');
  }
  if (at <= context.now) throw pastTimeRefusal();
  job.completeAfter = at;
  context.jobs.onChange();
  return at;
}

/** DELETE /{id}: only once the job has ended. */
export function remove(job: GraphJob, context: ActionContext): void {
  const state = stateOf(job, context);
  if (!FINAL_STATUSES.includes(state.status)) {
    throw new GraphError(
      409,
      'Conflict',
      `Cross Tenant Migration Job ${job.id} must be in final state (Completed, Failed, or Cancelled) before it can be deleted; it is ${state.status}.`,
    );
  }
  job.deleteRequestedAt = context.now;
  context.jobs.onChange();
}

/** POST /{id}/users/{taskId}/cancel: one user's migration, before the completion time. */
export function cancelUser(
  job: GraphJob,
  userId: string,
  context: ActionContext,
): { status: string; message: string } {
  const { now, jobs } = context;
  const user = job.users.find((u) => u.id === userId.toLowerCase());
  if (!user)
    throw new GraphError(
      404,
      'ResourceNotFound',
      `User task '${userId}' was not found in job '${job.displayName}'.`,
    );
  const state = requireStatus(job, context, 'cancelling a user', ['processing', 'inProgress']);
  const exit = planRound(job, jobs.env).users.get(user.id)?.exit;
  if (
    now >= job.completeAfter ||
    user.roundStartedAt === null ||
    user.completedAt !== null ||
    (exit && exit.at <= now)
  ) {
    throw conflict(
      `The migration of user ${user.email} in job '${job.displayName}' (${state.status}) cannot be cancelled: it is not running, or the completion time has passed.`,
    );
  }
  user.cancelledAt = now;
  jobs.onChange();
  return { status: 'cancelled', message: `The migration of user ${user.email} was cancelled.` };
}
