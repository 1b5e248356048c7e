import type { JobEnv, RoundPlan, UserPlan } from './job-plan';
import type { GraphJob, JobUser, ValidationError, Workload } from './job-schema';
import { validationEndsAt } from './job-state';
import { PENDING_MS, VALIDATE_QUEUED_MS } from './job-timing';

export type TaskStatus =
  | 'notStarted'
  | 'valid'
  | 'invalid'
  | 'inProgress'
  | 'syncing'
  | 'synced'
  | 'finalizing'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'pendingCancel';

export interface ServiceTask {
  service: Workload;
  status: TaskStatus;
  message: string;
  errors: ValidationError[];
  since: number;
}

export interface UserTask {
  taskType: 'validate' | 'migrate';
  currentStatus: ServiceTask[];
}

const MESSAGES: Record<TaskStatus, string> = {
  notStarted: 'Not started.',
  valid: 'The user is ready to migrate.',
  invalid: 'The user is not ready to migrate.',
  inProgress: 'Validating.',
  syncing: 'Syncing.',
  synced: 'Synced; waiting for the cutover.',
  finalizing: 'Cutting over.',
  completed: 'Completed.',
  failed: 'Failed.',
  cancelled: 'Cancelled.',
  pendingCancel: 'Cancelling.',
};

const task = (service: Workload, status: TaskStatus, since: number, extra: Partial<ServiceTask> = {}) => ({
  service,
  status,
  message: MESSAGES[status],
  errors: [],
  since,
  ...extra,
});

function errorsFor(job: GraphJob, user: JobUser, service: Workload): ValidationError[] {
  const found = job.validation?.users.find((u) => u.id === user.id)?.errors ?? [];
  return found.filter((e) => e.service === service).map(({ code, message }) => ({ code, message }));
}

function cancelled(job: GraphJob, service: Workload, now: number, env: JobEnv): ServiceTask | null {
  const at = job.cancelRequestedAt;
  if (at === null || at > now) return null;
  const until = at + PENDING_MS / env.speed;
  return now < until ? task(service, 'pendingCancel', at) : task(service, 'cancelled', until);
}

function validateTask(job: GraphJob, user: JobUser, service: Workload, now: number, env: JobEnv) {
  const stopped = cancelled(job, service, now, env);
  if (stopped) return stopped;
  const endsAt = validationEndsAt(job, env);
  if (!job.validation || endsAt === null) return task(service, 'notStarted', job.createdAt);
  const { requestedAt } = job.validation;
  if (now < requestedAt + VALIDATE_QUEUED_MS / env.speed) return task(service, 'notStarted', requestedAt);
  if (now < endsAt) return task(service, 'inProgress', requestedAt + VALIDATE_QUEUED_MS / env.speed);
  const errors = errorsFor(job, user, service);
  return errors.length === 0
    ? task(service, 'valid', endsAt)
    : task(service, 'invalid', endsAt, { errors, message: errors.map((e) => e.message).join(' ') });
}

function roundTask(
  job: GraphJob,
  user: JobUser,
  plan: UserPlan,
  service: Workload,
  now: number,
  env: JobEnv,
) {
  const first = job.workloads[0];
  if (plan.exit && plan.exit.at <= now) {
    const { at, kind, message } = plan.exit;
    if (kind === 'cancelled') return task(service, 'cancelled', at);
    return service === first
      ? task(service, 'failed', at, { message, errors: [{ code: 'MIGR-003', message }] })
      : task(service, 'failed', at, { message: `Not migrated: the user's ${first} migration failed.` });
  }
  const stopped = cancelled(job, service, now, env);
  if (stopped) return stopped;
  if (now < plan.syncStart) return task(service, 'notStarted', user.roundStartedAt ?? plan.syncStart);
  if (now < plan.syncedAt[service]) return task(service, 'syncing', plan.syncStart);
  const window = plan.windows?.find((w) => w.workload === service);
  if (!window || now < window.start) return task(service, 'synced', plan.syncedAt[service]);
  if (now < window.end) return task(service, 'finalizing', window.start);
  return task(service, 'completed', window.end);
}

function migrateTask(
  job: GraphJob,
  user: JobUser,
  plan: RoundPlan,
  service: Workload,
  now: number,
  env: JobEnv,
) {
  if (user.completedAt !== null) return task(service, 'completed', user.completedAt);
  const userPlan = plan.users.get(user.id);
  if (user.roundStartedAt === null || !userPlan) {
    const errors = errorsFor(job, user, service);
    const since = job.migration?.requestedAt ?? job.createdAt;
    return task(service, 'failed', since, {
      errors,
      message: 'Not migrated: the user did not pass validation.',
    });
  }
  return roundTask(job, user, userPlan, service, now, env);
}

/** One user's task at `now`: its validation, or its migration once migrate was requested. */
export function userTaskAt(
  job: GraphJob,
  user: JobUser,
  now: number,
  env: JobEnv,
  plan: RoundPlan,
): UserTask {
  if (!job.migration) {
    return {
      taskType: 'validate',
      currentStatus: job.workloads.map((w) => validateTask(job, user, w, now, env)),
    };
  }
  return {
    taskType: 'migrate',
    currentStatus: job.workloads.map((w) => migrateTask(job, user, plan, w, now, env)),
  };
}
