import { EngineError, EngineNotFoundError } from '../../errors';
import {
  GraphError,
  GraphNotFoundError,
  GraphThrottledError,
  type GraphHttpOptions,
  graphRequest,
} from '../graph';
import type { CallOptions } from '../migration-provider';

/**
 * The wire format of Microsoft Graph's cross-tenant migration jobs
 * (`/{version}/solutions/migrations/crossTenantMigrationJobs`), in one module: the job and user-task
 * shapes, the calls, and Graph's failures as EngineErrors. Throttling (429, with or without
 * Retry-After) and 503/504 are retried by graphRequest; the actions (create, validate, migrate,
 * cancel, PATCH, DELETE) are sent once and a failure without an answer is left to the caller, who
 * reads the job before trying again (job-actions.ts).
 */

export const ENGINE_NAME = 'Microsoft Graph';

/** A user's status in one workload, as Graph gives it. */
export interface GraphWorkloadStatus {
  service: string;
  status: string;
  message?: string;
  errors: { code: string; message: string }[];
}

/** A user task: `id` is the target user's Entra object id. */
export interface GraphUserTask {
  id: string;
  taskType?: string;
  lastUpdatedDateTime?: string;
  currentStatus: GraphWorkloadStatus[];
}

export interface GraphJob {
  id: string;
  displayName: string;
  status: string;
  message?: string;
  createdDateTime?: string;
  lastUpdatedDateTime?: string;
  completeAfterDateTime?: string;
  sourceTenantId?: string;
  targetTenantId?: string;
  jobType?: string;
  exchangeSettings?: { sourceEndpoint?: string; targetDeliveryDomain?: string };
  workloads?: string[];
  resources?: string[];
}

/** What a new job is created with. */
export interface NewJob {
  displayName: string;
  sourceTenantId: string;
  completeAfterDateTime: string;
  exchangeSettings?: { sourceEndpoint?: string; targetDeliveryDomain?: string };
  workloads: string[];
  resourceType: 'Users';
  resources: string[];
}

/** A Graph failure as an EngineError that keeps the HTTP status (undefined: no answer came). */
export class JobCallError extends EngineError {
  constructor(
    operation: string,
    message: string,
    transient: boolean,
    faultCode: string | undefined,
    readonly httpStatus: number | undefined,
  ) {
    super(ENGINE_NAME, operation, message, transient, faultCode);
  }
}

/** Whether Graph may have acted on a call that failed this way (no answer, or a server fault). */
export function unanswered(error: unknown): boolean {
  return error instanceof JobCallError && (error.httpStatus === undefined || error.httpStatus >= 500);
}

/** Graph's failure as the engine's: 404 → EngineNotFoundError, throttling and 5xx transient. */
export function engineErrorOf(error: unknown, operation: string): unknown {
  if (!(error instanceof GraphError)) return error;
  if (error instanceof GraphNotFoundError) {
    return new EngineNotFoundError(ENGINE_NAME, operation, error.graphMessage, false, error.graphCode);
  }
  const status = error.status;
  const transient =
    error instanceof GraphThrottledError || status === undefined || status === 429 || status >= 500;
  return new JobCallError(operation, error.graphMessage, transient, error.graphCode, status);
}

type JsonObject = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function transportError(operation: string, detail: string): JobCallError {
  return new JobCallError(operation, detail, false, undefined, 200);
}

function objectOf(operation: string, body: unknown): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw transportError(operation, 'the answer is not a JSON object');
  }
  return body as JsonObject;
}

export function parseJob(operation: string, body: unknown): GraphJob {
  const job = objectOf(operation, body);
  const id = text(job.id);
  const status = text(job.status);
  if (!id || !status) throw transportError(operation, 'the answer is not a migration job (no id or status)');
  const settings = job.exchangeSettings as JsonObject | undefined;
  return {
    id,
    displayName: text(job.displayName) ?? id,
    status,
    message: text(job.message) || undefined,
    createdDateTime: text(job.createdDateTime),
    lastUpdatedDateTime: text(job.lastUpdatedDateTime),
    completeAfterDateTime: text(job.completeAfterDateTime),
    sourceTenantId: text(job.sourceTenantId),
    targetTenantId: text(job.targetTenantId),
    jobType: text(job.jobType),
    exchangeSettings: settings
      ? {
          sourceEndpoint: text(settings.sourceEndpoint),
          targetDeliveryDomain: text(settings.targetDeliveryDomain),
        }
      : undefined,
    workloads: Array.isArray(job.workloads) ? job.workloads.filter((w) => typeof w === 'string') : undefined,
    resources: Array.isArray(job.resources) ? job.resources.filter((r) => typeof r === 'string') : undefined,
  };
}

export function parseUserTask(operation: string, body: unknown): GraphUserTask {
  const task = objectOf(operation, body);
  const id = text(task.id);
  if (!id) throw transportError(operation, 'a user task has no id');
  const statuses = Array.isArray(task.currentStatus) ? (task.currentStatus as JsonObject[]) : [];
  return {
    id,
    taskType: text(task.taskType),
    lastUpdatedDateTime: text(task.lastUpdatedDateTime),
    currentStatus: statuses
      .filter((s) => typeof s === 'object' && s !== null)
      .map((s) => ({
        service: text(s.service) ?? '',
        status: text(s.status) ?? 'unknownFutureValue',
        message: text(s.message) || undefined,
        errors: (Array.isArray(s.errors) ? (s.errors as JsonObject[]) : [])
          .filter((e) => typeof e === 'object' && e !== null)
          .map((e) => ({ code: text(e.code) ?? '', message: text(e.message) ?? '' })),
      })),
  };
}

/** Graph's largest page of user tasks. */
export const USERS_PAGE = 999;

export const OPERATIONS = {
  list: 'GET crossTenantMigrationJobs',
  get: 'GET crossTenantMigrationJobs/{id}',
  create: 'POST crossTenantMigrationJobs',
  update: 'PATCH crossTenantMigrationJobs/{id}',
  delete: 'DELETE crossTenantMigrationJobs/{id}',
  validate: 'POST crossTenantMigrationJobs/{id}/validate',
  migrate: 'POST crossTenantMigrationJobs/{id}/migrate',
  cancel: 'POST crossTenantMigrationJobs/{id}/cancel',
  users: 'GET crossTenantMigrationJobs/{id}/users',
  user: 'GET crossTenantMigrationJobs/{id}/users/{taskId}',
  directoryUser: 'GET /users/{id}',
} as const;

export type JobAction = 'validate' | 'migrate' | 'cancel';

/** The calls of the engine, each one Graph request (or a list of pages). */
export interface JobsClient {
  /** By id or displayName; null when Graph has no such job. */
  getJob(idOrName: string, call?: CallOptions): Promise<GraphJob | null>;
  listJobs(call?: CallOptions): Promise<GraphJob[]>;
  createJob(job: NewJob, call?: CallOptions): Promise<GraphJob>;
  /** validate and migrate answer with the job; cancel with `{status, message}` (the job is then undefined). */
  act(id: string, action: JobAction, call?: CallOptions): Promise<GraphJob | undefined>;
  setCompleteAfter(id: string, at: string, call?: CallOptions): Promise<void>;
  deleteJob(id: string, call?: CallOptions): Promise<void>;
  /** One page of user tasks (`$top=999`), or the page a nextLink names. */
  usersPage(
    id: string,
    nextLink?: string,
    call?: CallOptions,
  ): Promise<{ tasks: GraphUserTask[]; nextLink?: string }>;
  /** One user's task in a job; null when the job has no task for that user. */
  userTask(id: string, taskId: string, call?: CallOptions): Promise<GraphUserTask | null>;
  /** A directory user by object id or address: its id and addresses; null when Graph does not know it. */
  directoryUser(
    idOrAddress: string,
    call?: CallOptions,
  ): Promise<{ id: string; mail?: string; userPrincipalName?: string } | null>;
}

export function createJobsClient(http: GraphHttpOptions, apiVersion: 'v1.0' | 'beta'): JobsClient {
  const base = `/${apiVersion}/solutions/migrations/crossTenantMigrationJobs`;
  const jobPath = (id: string) => `${base}/${encodeURIComponent(id)}`;

  async function send(
    operation: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    call: CallOptions | undefined,
    body?: unknown,
  ): Promise<unknown> {
    try {
      const answer = await graphRequest(
        http,
        { method, path, body, operation, idempotent: method === 'GET' },
        call,
      );
      return answer.body;
    } catch (error) {
      throw engineErrorOf(error, operation);
    }
  }

  async function orNull<T>(work: Promise<T>): Promise<T | null> {
    try {
      return await work;
    } catch (error) {
      if (error instanceof EngineNotFoundError) return null;
      throw error;
    }
  }

  return {
    getJob: (idOrName, call) =>
      orNull(
        send(OPERATIONS.get, 'GET', jobPath(idOrName), call).then((body) => parseJob(OPERATIONS.get, body)),
      ),

    async listJobs(call) {
      const jobs: GraphJob[] = [];
      let next: string | undefined = base;
      const seen = new Set<string>();
      while (next) {
        const page = objectOf(OPERATIONS.list, await send(OPERATIONS.list, 'GET', next, call));
        if (!Array.isArray(page.value))
          throw transportError(OPERATIONS.list, 'the answer has no value array');
        jobs.push(...page.value.map((job) => parseJob(OPERATIONS.list, job)));
        next = text(page['@odata.nextLink']) || undefined;
        if (next && seen.has(next))
          throw transportError(OPERATIONS.list, 'the nextLink repeats an earlier page');
        if (next) seen.add(next);
      }
      return jobs;
    },

    async createJob(job, call) {
      return parseJob(OPERATIONS.create, await send(OPERATIONS.create, 'POST', base, call, job));
    },

    async act(id, action, call) {
      const operation = OPERATIONS[action];
      const body = await send(operation, 'POST', `${jobPath(id)}/${action}`, call);
      return action === 'cancel' ? undefined : parseJob(operation, body);
    },

    async setCompleteAfter(id, at, call) {
      await send(OPERATIONS.update, 'PATCH', jobPath(id), call, { completeAfterDateTime: at });
    },

    async deleteJob(id, call) {
      await send(OPERATIONS.delete, 'DELETE', jobPath(id), call);
    },

    async usersPage(id, nextLink, call) {
      const path = nextLink ?? `${jobPath(id)}/users?$top=${USERS_PAGE}`;
      const page = objectOf(OPERATIONS.users, await send(OPERATIONS.users, 'GET', path, call));
      if (!Array.isArray(page.value)) throw transportError(OPERATIONS.users, 'the answer has no value array');
      const next = text(page['@odata.nextLink']) || undefined;
      return {
        tasks: page.value.map((task) => parseUserTask(OPERATIONS.users, task)),
        ...(next ? { nextLink: next } : {}),
      };
    },

    userTask: (id, taskId, call) =>
      orNull(
        send(OPERATIONS.user, 'GET', `${jobPath(id)}/users/${encodeURIComponent(taskId)}`, call).then(
          (body) => parseUserTask(OPERATIONS.user, body),
        ),
      ),

    async directoryUser(idOrAddress, call) {
      const path = `/v1.0/users/${encodeURIComponent(idOrAddress)}?$select=id,mail,userPrincipalName`;
      const user = await orNull(send(OPERATIONS.directoryUser, 'GET', path, call));
      if (user === null) return null;
      const found = objectOf(OPERATIONS.directoryUser, user);
      const id = text(found.id);
      if (!id) throw transportError(OPERATIONS.directoryUser, 'the user has no id');
      return { id, mail: text(found.mail) || undefined, userPrincipalName: text(found.userPrincipalName) };
    },
  };
}
