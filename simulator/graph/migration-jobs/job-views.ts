import { type JobEnv, planRound, type RoundPlan } from './job-plan';
import type { GraphJob, JobUser } from './job-schema';
import { jobStateAt } from './job-state';
import { type UserTask, userTaskAt } from './task-view';

const iso = (ms: number) => new Date(ms).toISOString();

export const JOBS_CONTEXT = '$metadata#solutions/migrations/crossTenantMigrationJobs';

/** The round of a migrating job (computed once per answer). */
export function roundOf(job: GraphJob, env: JobEnv): RoundPlan {
  return job.migration ? planRound(job, env) : { cutoverAt: null, endsAt: 0, users: new Map() };
}

function taskUpdatedAt(task: UserTask): number {
  return Math.max(...task.currentStatus.map((s) => s.since));
}

/** A user task as Graph shows it (`crossTenantMigrationTask`). */
export function taskBody(job: GraphJob, user: JobUser, now: number, env: JobEnv, plan: RoundPlan) {
  const task = userTaskAt(job, user, now, env, plan);
  return {
    id: user.id,
    taskType: task.taskType,
    lastUpdatedDateTime: iso(taskUpdatedAt(task)),
    currentStatus: task.currentStatus.map(({ service, status, message, errors }) => ({
      service,
      status,
      message,
      errors,
    })),
  };
}

/**
 * A job as Graph shows it. Like the documented examples, `resources` comes back empty and
 * `resourceType` in lower case: the users are read through `/users`.
 */
export function jobBody(job: GraphJob, now: number, env: JobEnv) {
  const state = jobStateAt(job, now, env);
  const plan = roundOf(job, env);
  const tasks = job.users.map((u) => taskUpdatedAt(userTaskAt(job, u, now, env, plan)));
  const updated = Math.min(now, Math.max(state.since, ...tasks));
  return {
    id: job.id,
    displayName: job.displayName,
    jobType: job.migration ? 'migrate' : 'validate',
    status: state.status,
    message: state.message,
    createdBy: { application: null, user: null },
    createdDateTime: iso(job.createdAt),
    lastUpdatedDateTime: iso(updated),
    completeAfterDateTime: iso(job.completeAfter),
    sourceTenantId: job.sourceTenantId,
    targetTenantId: job.tenantId,
    resourceType: 'users',
    resources: [] as string[],
    workloads: job.workloads,
    exchangeSettings: { sourceEndpoint: job.sourceEndpoint, targetDeliveryDomain: job.targetDeliveryDomain },
  };
}
