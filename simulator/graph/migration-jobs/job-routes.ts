import type { GraphRoute, GraphRouteRequest } from '../graph-route';
import { graphPage, topOf } from '../graph-paging';
import { type ActionContext, cancel, cancelUser, migrate, remove, update, validate } from './job-actions';
import { createJob } from './job-create';
import { jobNotFound } from './job-errors';
import type { GraphJob } from './job-schema';
import { JOBS_CONTEXT, jobBody, roundOf, taskBody } from './job-views';

/**
 * Microsoft Graph's cross-tenant migration jobs, under `/solutions/migrations/crossTenantMigrationJobs`.
 * The call log names them `Graph:<method> crossTenantMigrationJobs[/<action>]` (the job id left out;
 * `parameters.job` holds it as sent).
 */
const BASE = String.raw`^\/solutions\/migrations\/crossTenantMigrationJobs`;
const pattern = (rest: string) => new RegExp(`${BASE}${rest}\\/?$`, 'i');
const NAME = 'Graph:{method} crossTenantMigrationJobs';

const JOBS_PAGE = 20;
const USERS_PAGE = 100;
const USERS_MAX_PAGE = 999;

function contextOf(request: GraphRouteRequest): ActionContext {
  const { state, now } = request;
  state.graphJobs.advance(now);
  return {
    tenants: request.tenants,
    jobs: state.graphJobs,
    now,
    isEndpointDown: (name) => state.isEndpointDown(name),
  };
}

/** The job named in the path (its id or displayName); 404 when there is none. */
function jobOf(request: GraphRouteRequest, context: ActionContext): GraphJob {
  const sent = request.params[0] ?? '';
  const job = context.jobs.find(sent);
  if (!job) throw jobNotFound(sent);
  request.log.parameters['jobId'] = job.id;
  request.log.parameters['displayName'] = job.displayName;
  request.log.tenant = request.tenants.find((t) => t.id === job.tenantId);
  return job;
}

function jobAnswer(request: GraphRouteRequest, context: ActionContext, job: GraphJob, status = 200) {
  return {
    status,
    tenant: request.log.tenant,
    body: {
      '@odata.context': `${request.serviceRoot}/${JOBS_CONTEXT}/$entity`,
      ...jobBody(job, context.now, context.jobs.env),
    },
  };
}

function route(
  method: GraphRoute['method'],
  rest: string,
  action: string,
  params: string[],
  handle: GraphRoute['handle'],
): GraphRoute {
  const name = NAME.replace('{method}', method) + action;
  return { method, pattern: pattern(rest), params, name, handle };
}

const ID = String.raw`\/([^/]+)`;

export const listJobsRoute = route('GET', '', '', [], (request) => {
  const context = contextOf(request);
  const top = topOf(request.url, JOBS_PAGE, JOBS_PAGE);
  const page = graphPage(context.jobs.list(), request.url, request.serviceRoot, top);
  return {
    body: {
      '@odata.context': `${request.serviceRoot}/${JOBS_CONTEXT}`,
      ...page,
      value: page.value.map((job) => jobBody(job, context.now, context.jobs.env)),
    },
  };
});

export const createJobRoute = route('POST', '', '', [], (request) => {
  const context = contextOf(request);
  const { job, tenant } = createJob({
    body: request.body,
    tenants: request.tenants,
    jobs: context.jobs,
    now: context.now,
    log: request.log.parameters,
  });
  request.log.tenant = tenant;
  request.log.parameters['jobId'] = job.id;
  context.jobs.add(job);
  return jobAnswer(request, context, job, 201);
});

export const getJobRoute = route('GET', ID, '', ['job'], (request) => {
  const context = contextOf(request);
  return jobAnswer(request, context, jobOf(request, context));
});

export const updateJobRoute = route('PATCH', ID, '', ['job'], (request) => {
  const context = contextOf(request);
  const job = jobOf(request, context);
  const raw = (request.body as Record<string, unknown> | undefined)?.['completeAfterDateTime'];
  if (raw !== undefined) request.log.parameters['completeAfterDateTime'] = raw;
  update(job, request.body, context);
  return { status: 204, body: undefined, tenant: request.log.tenant };
});

export const deleteJobRoute = route('DELETE', ID, '', ['job'], (request) => {
  const context = contextOf(request);
  remove(jobOf(request, context), context);
  return { status: 202, body: undefined, tenant: request.log.tenant };
});

export const validateJobRoute = route('POST', `${ID}\\/validate`, '/validate', ['job'], (request) => {
  const context = contextOf(request);
  const job = jobOf(request, context);
  validate(job, context);
  return jobAnswer(request, context, job);
});

export const migrateJobRoute = route('POST', `${ID}\\/migrate`, '/migrate', ['job'], (request) => {
  const context = contextOf(request);
  const job = jobOf(request, context);
  migrate(job, context);
  return jobAnswer(request, context, job);
});

export const cancelJobRoute = route('POST', `${ID}\\/cancel`, '/cancel', ['job'], (request) => {
  const context = contextOf(request);
  const body = cancel(jobOf(request, context), context);
  return { status: 202, body, tenant: request.log.tenant };
});

export const listUsersRoute = route('GET', `${ID}\\/users`, '/users', ['job'], (request) => {
  const context = contextOf(request);
  const job = jobOf(request, context);
  const top = topOf(request.url, USERS_PAGE, USERS_MAX_PAGE);
  const page = graphPage(job.users, request.url, request.serviceRoot, top);
  const plan = roundOf(job, context.jobs.env);
  return {
    tenant: request.log.tenant,
    body: {
      '@odata.context': `${request.serviceRoot}/${JOBS_CONTEXT}('${job.id}')/users`,
      ...page,
      value: page.value.map((user) => taskBody(job, user, context.now, context.jobs.env, plan)),
    },
  };
});

export const getUserRoute = route('GET', `${ID}\\/users${ID}`, '/users', ['job', 'taskId'], (request) => {
  const context = contextOf(request);
  const job = jobOf(request, context);
  const taskId = (request.params[1] ?? '').toLowerCase();
  const user = job.users.find((u) => u.id === taskId);
  if (!user) throw jobNotFound(`${job.id}/users/${taskId}`);
  return {
    tenant: request.log.tenant,
    body: {
      '@odata.context': `${request.serviceRoot}/${JOBS_CONTEXT}('${job.id}')/users/$entity`,
      ...taskBody(job, user, context.now, context.jobs.env, roundOf(job, context.jobs.env)),
    },
  };
});

export const cancelUserRoute = route(
  'POST',
  `${ID}\\/users${ID}\\/cancel`,
  '/users/cancel',
  ['job', 'taskId'],
  (request) => {
    const context = contextOf(request);
    const job = jobOf(request, context);
    const body = cancelUser(job, request.params[1] ?? '', context);
    return { status: 202, body, tenant: request.log.tenant };
  },
);

/** Every route of the API, most specific first. */
export const MIGRATION_JOB_ROUTES: readonly GraphRoute[] = [
  cancelUserRoute,
  getUserRoute,
  listUsersRoute,
  validateJobRoute,
  migrateJobRoute,
  cancelJobRoute,
  getJobRoute,
  updateJobRoute,
  deleteJobRoute,
  listJobsRoute,
  createJobRoute,
];
