/** Test helpers that talk to the simulator over real HTTP, as a client would. */

export const NORTHWIND = 'northwindtraders.onmicrosoft.com';
export const NORTHWIND_ID = '7b9d4e2f-1c3a-4f6b-8d52-9e0a1b2c3d02';
export const CONTOSO_ID = '3f2a6c1e-8b4d-4e2a-9c71-5d0e8f1a2b01';
export const FABRIKAM_ID = 'a4c8e1f3-5b7d-4a9c-b1e3-2f4a6c8e0d03';
export const TAILSPIN_ID = 'c6e2a8f4-7d1b-4c3e-a5f7-9b1d3e5f7a04';
export const WOODGROVE_ID = 'e8a4c2f6-9b3d-4e5f-b7a9-1d3f5b7d9c05';
export const CONTOSO = 'contoso.onmicrosoft.com';
export const CROSS_TENANT_ENDPOINT = 'Contoso-CrossTenant';
export const UNLICENSED = [
  'isabel.ferreira@northwindtraders.com',
  'rafael.lindqvist@northwindtraders.com',
  'priya.raman@northwindtraders.com',
];

// biome-ignore lint/suspicious/noExplicitAny: response bodies are free-form JSON checked field by field
export type Json = any;

export interface InvokeResult {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

export interface InvokeOptions {
  /** Full URL to POST to (for example an @odata.nextLink). */
  url?: string;
  headers?: Record<string, string>;
  maxPageSize?: number;
  token?: string | null;
}

export function invokeUrl(base: string, tenant: string): string {
  return `${base}/adminapi/beta/${tenant}/InvokeCommand`;
}

export async function invoke(
  base: string,
  tenant: string,
  cmdlet: string,
  parameters: Record<string, unknown> = {},
  options: InvokeOptions = {},
): Promise<InvokeResult> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-cmdletname': cmdlet,
    'x-responseformat': 'json',
    ...(options.maxPageSize ? { prefer: `odata.maxpagesize=${options.maxPageSize}` } : {}),
    ...(options.token === null ? {} : { authorization: `Bearer ${options.token ?? 'test-token'}` }),
    ...options.headers,
  };
  const response = await fetch(options.url ?? invokeUrl(base, tenant), {
    method: 'POST',
    headers,
    body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
  });
  const text = await response.text();
  let body: Json = null;
  if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, body };
}

/** Invokes and insists on 200; returns the `value` array. */
export async function invokeOk(
  base: string,
  tenant: string,
  cmdlet: string,
  parameters: Record<string, unknown> = {},
): Promise<Json[]> {
  const result = await invoke(base, tenant, cmdlet, parameters);
  if (result.status !== 200) throw new Error(`${cmdlet} answered ${result.status}: ${result.text}`);
  return result.body.value;
}

/** CSVData as the client sends it: UTF-8 bytes as a number array (or base64). */
export function csvData(emails: string[], encoding: 'bytes' | 'base64' = 'bytes') {
  const bytes = Buffer.from(['EmailAddress', ...emails].join('\r\n'), 'utf8');
  return {
    '@odata.type': '#Exchange.ByteArrayType',
    Data: encoding === 'bytes' ? [...bytes] : bytes.toString('base64'),
  };
}

export function newBatchParameters(name: string, emails: string[], extra: Record<string, unknown> = {}) {
  return {
    Name: name,
    CSVData: csvData(emails),
    SourceEndpoint: CROSS_TENANT_ENDPOINT,
    TargetDeliveryDomain: NORTHWIND,
    ...extra,
  };
}

export async function getTenants(base: string, tenant?: string): Promise<Json[]> {
  const response = await fetch(
    `${base}/_simulator/tenants${tenant ? `?tenant=${encodeURIComponent(tenant)}` : ''}`,
  );
  if (response.status !== 200) throw new Error(`tenants answered ${response.status}`);
  return (await response.json()) as Json[];
}

/** Northwind's MailUser recipients as the simulator lists them (email, objectId, …), in directory order. */
export async function northwindMailUserRecipients(base: string): Promise<Json[]> {
  const [northwind] = await getTenants(base, NORTHWIND);
  return (northwind.recipients as Json[]).filter((r) => r.recipientType === 'MailUser');
}

/** The first `count` Northwind MailUsers, in directory order (the unlicensed ones are last). */
export async function northwindMailUsers(base: string, count: number): Promise<string[]> {
  const users = (await northwindMailUserRecipients(base)).map((r) => r.email);
  if (users.length < count) throw new Error(`only ${users.length} MailUsers`);
  return users.slice(0, count);
}

export async function getBatch(base: string, name: string, tenant = NORTHWIND): Promise<Json> {
  const [batch] = await invokeOk(base, tenant, 'Get-MigrationBatch', { Identity: name });
  return batch;
}

export async function getStats(base: string, email: string, tenant = NORTHWIND): Promise<Json> {
  const [stats] = await invokeOk(base, tenant, 'Get-MigrationUserStatistics', { Identity: email });
  return stats;
}

/** The `N` in "... (1,234 bytes)". */
export function bytesOf(formatted: string): number {
  const match = /\(([\d,]+) bytes\)$/.exec(formatted);
  if (!match?.[1]) throw new Error(`not a byte size: ${formatted}`);
  return Number(match[1].replaceAll(',', ''));
}

/** A clock the test moves by hand, pinned to a named instant. */
export function manualClock(startIso = '2025-03-03T09:00:00.000Z') {
  let current = Date.parse(startIso);
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
    get iso() {
      return new Date(current).toISOString();
    },
  };
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
