/** Test helpers for Microsoft Graph's cross-tenant migration jobs on the simulator, over real HTTP. */
import {
  CONTOSO_ID,
  CROSS_TENANT_ENDPOINT,
  getTenants,
  type Json,
  NORTHWIND,
  TAILSPIN_ID,
} from '../sim-client';

export const JOBS_PATH = '/solutions/migrations/crossTenantMigrationJobs';
export const WORKLOADS = ['Exchange', 'ODSP', 'Teams', 'Meeting'];

export interface GraphResult {
  status: number;
  headers: Headers;
  body: Json;
}

export interface GraphCall {
  method?: string;
  body?: unknown;
  token?: string | null;
  /** `v1.0` (default) or `beta`. */
  version?: string;
}

/** A Graph request: `path` after the version (or a full URL such as an @odata.nextLink). */
export async function graph(base: string, path: string, call: GraphCall = {}): Promise<GraphResult> {
  const url = path.startsWith('http') ? path : `${base}/${call.version ?? 'v1.0'}${path}`;
  const headers: Record<string, string> = {};
  if (call.token !== null) headers['authorization'] = `Bearer ${call.token ?? 'test-token'}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: call.method ?? 'GET',
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
}

export const jobPath = (id: string, rest = '') => `${JOBS_PATH}/${encodeURIComponent(id)}${rest}`;

/** Insists on the status; returns the body. */
export async function graphOk(
  base: string,
  path: string,
  status: number,
  call: GraphCall = {},
): Promise<Json> {
  const result = await graph(base, path, call);
  if (result.status !== status) {
    throw new Error(
      `${call.method ?? 'GET'} ${path} answered ${result.status}: ${JSON.stringify(result.body)}`,
    );
  }
  return result.body;
}

/** A create body for a Contoso → Northwind job (the demo's northwind-graph tenant). */
export function northwindJob(
  displayName: string,
  resources: string[],
  completeAfter: number,
  extra: Json = {},
) {
  return {
    displayName,
    sourceTenantId: CONTOSO_ID,
    completeAfterDateTime: new Date(completeAfter).toISOString(),
    resourceType: 'Users',
    resources,
    exchangeSettings: { sourceEndpoint: CROSS_TENANT_ENDPOINT, targetDeliveryDomain: NORTHWIND },
    ...extra,
  };
}

/** A create body for a Tailspin → Woodgrove job (Tailspin never set up its side). */
export function woodgroveJob(displayName: string, resources: string[], completeAfter: number) {
  return {
    displayName,
    sourceTenantId: TAILSPIN_ID,
    completeAfterDateTime: new Date(completeAfter).toISOString(),
    resources,
    exchangeSettings: {
      sourceEndpoint: 'Tailspin-CrossTenant',
      targetDeliveryDomain: 'woodgrovebank.onmicrosoft.com',
    },
  };
}

export async function createJob(base: string, body: Json): Promise<Json> {
  return graphOk(base, JOBS_PATH, 201, { method: 'POST', body });
}

export const getJob = (base: string, id: string) => graphOk(base, jobPath(id), 200);
export const validateJob = (base: string, id: string) =>
  graphOk(base, jobPath(id, '/validate'), 200, { method: 'POST' });
export const migrateJob = (base: string, id: string) =>
  graphOk(base, jobPath(id, '/migrate'), 200, { method: 'POST' });

/** Every user task of a job, following @odata.nextLink. */
export async function jobUsers(base: string, id: string): Promise<Json[]> {
  const tasks: Json[] = [];
  let next: string | undefined = jobPath(id, '/users?$top=999');
  while (next) {
    const page: Json = await graphOk(base, next, 200);
    tasks.push(...page.value);
    next = page['@odata.nextLink'];
  }
  return tasks;
}

/** `{service: status}` of one task. */
export function statuses(task: Json): Record<string, string> {
  return Object.fromEntries(task.currentStatus.map((s: Json) => [s.service, s.status]));
}

export interface DirectoryUser {
  email: string;
  objectId: string;
  sizeBytes: number;
}

/** A tenant's MailUsers (the movers), in directory order. */
export async function mailUsers(base: string, tenant: string): Promise<DirectoryUser[]> {
  const [listing] = await getTenants(base, tenant);
  return (listing.recipients as Json[]).filter((r) => r.recipientType === 'MailUser');
}

/** The seeded defects by target address (of one target tenant, by short name, when given). */
export async function defectsByEmail(base: string, tenant?: string): Promise<Map<string, string>> {
  const response = await fetch(`${base}/_simulator/defects`);
  const defects = ((await response.json()) as Json[]).filter(
    (d) => tenant === undefined || d.tenant === tenant,
  );
  return new Map(defects.map((d) => [d.email.toLowerCase(), d.defect]));
}

/** Northwind MailUsers with no seeded defect, in directory order. */
export async function cleanNorthwindUsers(base: string): Promise<DirectoryUser[]> {
  const defects = await defectsByEmail(base);
  return (await mailUsers(base, NORTHWIND)).filter((u) => !defects.has(u.email.toLowerCase()));
}

/** A clock the test moves by hand (forwards or to a given instant), pinned to a named start. */
export function testClock(startIso = '2025-03-03T09:00:00.000Z') {
  let current = Date.parse(startIso);
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
    set(ms: number) {
      current = ms;
    },
    get iso() {
      return new Date(current).toISOString();
    },
  };
}
