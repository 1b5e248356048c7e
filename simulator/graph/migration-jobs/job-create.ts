import { randomUUID } from 'node:crypto';
import type { Tenant } from '../../seed/world-types';
import { badRequest } from '../graph-error';
import { findGraphUser } from '../graph-directory';
import { unprocessable } from './job-errors';
import { type GraphJob, WORKLOADS, type Workload } from './job-schema';
import type { GraphJobStore } from './job-store';

/** The most users one job takes (the API's documented limit). */
export const MAX_RESOURCES = 2000;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WRITABLE = [
  'displayName',
  'jobType',
  'sourceTenantId',
  'completeAfterDateTime',
  'exchangeSettings',
  'workloads',
  'resourceType',
  'resources',
];
const READ_ONLY = [
  'id',
  'createdBy',
  'createdDateTime',
  'lastUpdatedDateTime',
  'message',
  'status',
  'targetTenantId',
];

type Body = Record<string, unknown>;

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkProperties(body: Body, allowed: readonly string[], type: string): void {
  for (const key of Object.keys(body)) {
    if (key.startsWith('@odata.') || allowed.includes(key)) continue;
    if (READ_ONLY.includes(key)) throw badRequest(`Property '${key}' is read-only and cannot be set.`);
    throw badRequest(`Property '${key}' does not exist on type '${type}'.`);
  }
}

function text(body: Body, key: string, required: boolean): string | null {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw badRequest(`The property '${key}' is required.`);
    return null;
  }
  if (typeof value !== 'string' || value.trim() === '')
    throw badRequest(`The property '${key}' must be a non-empty string.`);
  return value.trim();
}

/** A date-time in the request body (`completeAfterDateTime`), in ms. */
export function dateTimeOf(body: Body, key: string): number {
  const value = text(body, key, true) ?? '';
  const at = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(at)) {
    throw badRequest(`The property '${key}' must be an ISO 8601 date and time; got '${value}'.`);
  }
  return at;
}

export function pastTimeRefusal() {
  return unprocessable(
    'minThresholdFailed',
    'completeAfterDateTime',
    'Error in completeAfterDateTime data field minThresholdFailed: completeAfterDateTime must be greater than the current time.',
  );
}

function workloadsOf(body: Body): Workload[] {
  const value = body['workloads'];
  if (value === undefined || value === null) return [...WORKLOADS];
  if (!Array.isArray(value) || value.length === 0)
    throw badRequest("The property 'workloads' must be a non-empty array.");
  const wanted = value.map((w) => {
    const found = WORKLOADS.find((known) => typeof w === 'string' && known.toLowerCase() === w.toLowerCase());
    if (!found) throw badRequest(`Unknown workload '${String(w)}'; use ${WORKLOADS.join(', ')}.`);
    return found;
  });
  return WORKLOADS.filter((w) => wanted.includes(w)); // the cutover order
}

function resourceIds(body: Body): string[] {
  const value = body['resources'];
  if (!Array.isArray(value) || value.length === 0) {
    throw badRequest("The property 'resources' must list at least one user object id.");
  }
  if (value.length > MAX_RESOURCES) {
    throw badRequest(`A job takes at most ${MAX_RESOURCES} resources; this one has ${value.length}.`);
  }
  const seen = new Set<string>();
  return value.map((id) => {
    if (typeof id !== 'string' || !GUID.test(id))
      throw badRequest(`Resource '${String(id)}' is not a user object id.`);
    const key = id.toLowerCase();
    if (seen.has(key)) throw badRequest(`Resource '${id}' is listed twice.`);
    seen.add(key);
    return key;
  });
}

function checkShape(body: unknown): asserts body is Body {
  if (!isObject(body)) throw badRequest('The request body must be a crossTenantMigrationJob object.');
  checkProperties(body, WRITABLE, 'microsoft.graph.crossTenantMigrationJob');
  const settings = body['exchangeSettings'];
  if (settings !== undefined && settings !== null) {
    if (!isObject(settings)) throw badRequest("The property 'exchangeSettings' must be an object.");
    checkProperties(settings, ['sourceEndpoint', 'targetDeliveryDomain'], 'microsoft.graph.exchangeSettings');
  }
  const resourceType = body['resourceType'];
  if (
    resourceType !== undefined &&
    (typeof resourceType !== 'string' || resourceType.toLowerCase() !== 'users')
  ) {
    throw badRequest(`Unknown resourceType '${String(resourceType)}'; only 'users' is supported.`);
  }
  const jobType = body['jobType'];
  if (jobType !== undefined && jobType !== 'validate' && jobType !== 'migrate') {
    throw badRequest(`Unknown jobType '${String(jobType)}'; use 'validate' or 'migrate'.`);
  }
}

export interface CreateInput {
  body: unknown;
  tenants: readonly Tenant[];
  jobs: GraphJobStore;
  now: number;
  /** Filled in as soon as known, for the call log. */
  log: Record<string, unknown>;
}

/** Checks a create request and builds the job (status `submitted`); throws GraphError for a refusal. */
export function createJob({ body, tenants, jobs, now, log }: CreateInput): { job: GraphJob; tenant: Tenant } {
  checkShape(body);
  const displayName = text(body, 'displayName', true) ?? '';
  log['displayName'] = displayName;
  const completeAfter = dateTimeOf(body, 'completeAfterDateTime');
  log['completeAfterDateTime'] = new Date(completeAfter).toISOString();
  if (Array.isArray(body['resources'])) log['resources'] = body['resources'].length;
  const sourceTenantId = (text(body, 'sourceTenantId', true) ?? '').toLowerCase();
  if (!GUID.test(sourceTenantId))
    throw badRequest(`sourceTenantId '${sourceTenantId}' is not a tenant GUID.`);
  const workloads = workloadsOf(body);
  const ids = resourceIds(body);
  if (completeAfter <= now) throw pastTimeRefusal();

  const found = ids.map((id) => ({ id, user: findGraphUser(tenants, id) }));
  const unknown = found.filter((f) => !f.user).map((f) => f.id);
  if (unknown.length > 0) {
    const shown =
      unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
    throw badRequest(`No user has the object id ${shown}.`);
  }
  const tenant = found[0]?.user?.tenant as Tenant;
  const elsewhere = found.find((f) => f.user?.tenant !== tenant);
  if (elsewhere) {
    throw badRequest(
      `Resource '${elsewhere.id}' is a user of ${elsewhere.user?.tenant.domain}, not of ${tenant.domain}: a job's users are all in its target tenant.`,
    );
  }
  const settings = (body['exchangeSettings'] ?? {}) as Body;
  const sourceEndpoint = text(settings, 'sourceEndpoint', false);
  const targetDeliveryDomain = text(settings, 'targetDeliveryDomain', false)?.toLowerCase() ?? null;
  if (targetDeliveryDomain !== null && !tenant.acceptedDomains.includes(targetDeliveryDomain)) {
    throw badRequest(
      `targetDeliveryDomain '${targetDeliveryDomain}' is not an accepted domain of ${tenant.domain}.`,
    );
  }
  if (jobs.named(tenant.id, displayName)) {
    throw unprocessable(
      'duplicateDisplayNameJob',
      'displayName',
      'Error in displayName data field duplicateDisplayNameJob: displayName already exists. Please provide a unique job displayName.',
    );
  }
  const active = jobs.activeJobsByUser(now);
  for (const { id, user } of found) {
    const other = active.get(id);
    if (other) {
      throw badRequest(
        `User ${user?.user.email} (${id}) is already in the active job '${other.displayName}'; a user can be in one active job only.`,
      );
    }
  }
  const job: GraphJob = {
    id: randomUUID(),
    displayName,
    tenantId: tenant.id,
    sourceTenantId,
    createdAt: now,
    completeAfter,
    workloads,
    sourceEndpoint,
    targetDeliveryDomain,
    validation: null,
    migration: null,
    cancelRequestedAt: null,
    deleteRequestedAt: null,
    finished: null,
    users: found.map(({ id, user }) => ({
      id,
      email: user?.user.email ?? id,
      sourceAddress: user?.user.externalEmailAddress ?? null,
      sizeBytes: user?.user.sizeBytes ?? 0,
      roundStartedAt: null,
      failure: null,
      cancelledAt: null,
      completedAt: null,
    })),
  };
  return { job, tenant };
}
