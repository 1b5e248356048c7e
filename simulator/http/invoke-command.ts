import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findCmdlet } from '../cmdlets/cmdlet-registry';
import { CmdletError } from '../protocol/cmdlet-error';
import { cmdletErrorEnvelope, requestErrorEnvelope } from '../protocol/envelope';
import { decodeSkipToken, preferredPageSize } from '../protocol/paging';
import type { SimulatorCall } from '../simulator-api';
import { redactSecrets } from '../calls/redact-secrets';
import { header, ODATA_JSON, readBody, sendEmpty, sendJson, sendText } from './http-io';
import { parseInvokeBody, peekCmdlet } from './invoke-body';
import { pagedEnvelope } from './paged-envelope';
import { passGate } from './request-gate';
import type { ServerContext } from './server-context';

export const THROTTLE_TEXT =
  'You have reached the maximum number of concurrent requests per tenant. Please wait and try again';

/**
 * POST /adminapi/beta/{tenant}/InvokeCommand. In order: injected latency, bearer check (401),
 * injected 429 / 5xx, request checks (400), then the cmdlet on the tenant's state played forward to
 * now. Every outcome is written to the call log.
 */
export async function handleInvokeCommand(
  req: IncomingMessage,
  res: ServerResponse,
  context: ServerContext,
  tenantSegment: string,
  url: URL,
): Promise<void> {
  const started = Date.now();
  const refusal = await passGate(req, context.faults);
  const text = await readBody(req);
  const requestId = header(req, 'client-request-id');
  const peek = peekCmdlet(text);
  const tenant = context.state.resolveTenant(tenantSegment);
  const headers: Record<string, string> = { 'request-id': randomUUID() };
  if (requestId) headers['client-request-id'] = requestId;

  const record = (status: number, page?: number) => {
    const call: SimulatorCall = {
      at: new Date(context.now()).toISOString(),
      tenant: tenantSegment,
      cmdlet: peek.cmdlet,
      parameters: redactSecrets(peek.parameters),
      status,
      ...(requestId ? { requestId } : {}),
      ...(page !== undefined ? { page } : {}),
    };
    context.calls.record(call, tenant);
    context.logger.debug({ ...call, parameters: undefined, ms: Date.now() - started }, 'InvokeCommand');
  };
  const fail = (status: number, body: unknown) => {
    sendJson(res, status, body, headers);
    record(status);
  };

  if (refusal?.kind === 'unauthorized') {
    sendEmpty(res, 401, { ...headers, 'www-authenticate': 'Bearer' });
    return record(401);
  }
  if (refusal?.kind === 'throttled') {
    const retryAfter: Record<string, string> =
      refusal.retryAfterSeconds === null ? {} : { 'retry-after': String(refusal.retryAfterSeconds) };
    sendText(res, 429, THROTTLE_TEXT, { ...headers, ...retryAfter });
    return record(429);
  }
  if (refusal?.kind === 'serverError') {
    const status = refusal.status;
    sendText(res, status, status === 503 ? 'Service Unavailable' : 'Server Error', headers);
    return record(status);
  }

  const body = parseInvokeBody(text);
  if (!body.ok) return fail(400, requestErrorEnvelope(400, body.message));
  const named = header(req, 'x-cmdletname');
  if (named !== undefined && named.toLowerCase() !== body.cmdlet.toLowerCase()) {
    const message = `X-CmdletName '${named}' does not match CmdletName '${body.cmdlet}'.`;
    return fail(400, requestErrorEnvelope(400, message));
  }
  if (!tenant) {
    return fail(400, requestErrorEnvelope(400, `The tenant '${tenantSegment}' is unknown to this service.`));
  }
  const tenantRetryAfter = context.faults.tenantThrottles.take([tenant.id, tenant.name, tenant.domain]);
  if (tenantRetryAfter !== null) {
    sendText(res, 429, THROTTLE_TEXT, { ...headers, 'retry-after': String(tenantRetryAfter) });
    return record(429);
  }
  const token = url.searchParams.get('$skiptoken');
  const offset = token === null ? 0 : decodeSkipToken(token);
  if (offset === null) return fail(400, requestErrorEnvelope(400, 'The $skiptoken is not valid.'));

  try {
    const now = context.now();
    context.state.advanceTenant(tenant.id, now);
    const cmdlet = findCmdlet(body.cmdlet);
    const result = cmdlet.run({ tenant, state: context.state, parameters: body.parameters, now });
    const preferred = preferredPageSize(header(req, 'prefer'));
    const pageSize = Math.min(preferred ?? context.pageSizeCap, context.pageSizeCap);
    const rawSelect = url.searchParams.get('$select');
    const { envelope, page } = pagedEnvelope(result, {
      tenantUrl: `http://${header(req, 'host') ?? 'localhost'}/adminapi/beta/${tenantSegment}`,
      offset,
      pageSize,
      select: rawSelect ? rawSelect.split(',').map((s) => s.trim()) : null,
      rawSelect,
    });
    if (preferred !== null) headers['preference-applied'] = `odata.maxpagesize=${pageSize}`;
    sendJson(res, 200, envelope, headers, ODATA_JSON);
    record(200, page);
  } catch (error) {
    if (error instanceof CmdletError) return fail(error.httpStatus, cmdletErrorEnvelope(error));
    context.logger.error({ err: error, cmdlet: body.cmdlet }, 'cmdlet failed unexpectedly');
    fail(500, requestErrorEnvelope(500, 'The simulator failed to run the cmdlet. See its log.'));
  } finally {
    context.persist();
  }
}
