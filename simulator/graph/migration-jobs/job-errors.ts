import { GraphError } from '../graph-error';
import type { GraphJob } from './job-schema';
import type { JobState } from './job-state';

/**
 * A 422 as the migration service words it: the documented code (`duplicateDisplayNameJob`,
 * `minThresholdFailed`) in `error.code`, and `BadArgument` naming the field in `details`.
 */
export function unprocessable(code: string, target: string, message: string): GraphError {
  return new GraphError(422, code, message, [{ code: 'BadArgument', target, message }]);
}

/** 409: the action is not allowed in the job's status (the message names the status). */
export function notAllowed(job: GraphJob, state: JobState, action: string, allowed: string): GraphError {
  return new GraphError(
    409,
    'Conflict',
    `Cross Tenant Migration Job ${job.id} ('${job.displayName}') is ${state.status}: ${action} is allowed only when it is ${allowed}.`,
  );
}

export function conflict(message: string): GraphError {
  return new GraphError(409, 'Conflict', message);
}

export function jobNotFound(id: string): GraphError {
  return new GraphError(404, 'ResourceNotFound', `Cross Tenant Migration Job '${id}' was not found.`);
}
