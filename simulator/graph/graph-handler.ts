import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, ODATA_JSON, readBody, sendEmpty, sendJson } from '../http/http-io';
import { type GateRefusal, passGate } from '../http/request-gate';
import type { ServerContext } from '../http/server-context';
import type { Tenant } from '../seed/world-types';
import { GraphError, graphErrorBody } from './graph-error';
import type { GraphCallNotes } from './graph-route';
import { matchGraphRoute } from './graph-routes';

/** Graph's versions: v1.0 and beta serve the same routes. */
export const GRAPH_PREFIX = /^\/(v1\.0|beta)(?=\/|$)/i;

/** A refused request as Graph words it. */
function refusalError(refusal: GateRefusal): GraphError {
  switch (refusal.kind) {
    case 'unauthorized':
      return new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    case 'throttled':
      return new GraphError(429, 'TooManyRequests', 'Too many requests, please try again later.');
    case 'serverError':
      return refusal.status === 503
        ? new GraphError(
            503,
            'serviceNotAvailable',
            'The service is temporarily unavailable. Try again later.',
          )
        : new GraphError(refusal.status, 'generalException', 'An internal server error occurred.');
  }
}

function refusalHeaders(refusal: GateRefusal | null): Record<string, string> {
  if (refusal?.kind === 'unauthorized') return { 'www-authenticate': 'Bearer' };
  if (refusal?.kind === 'throttled' && refusal.retryAfterSeconds !== null) {
    return { 'retry-after': String(refusal.retryAfterSeconds) };
  }
  return {};
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload.');
  }
}

/**
 * Requests under /v1.0 (or /beta): the same gate as InvokeCommand (latency, bearer, throttling, 5xx), then the
 * route from GRAPH_ROUTES. Every request goes to the call log, named by its route (`GET licenseDetails`).
 */
export async function handleGraph(
  req: IncomingMessage,
  res: ServerResponse,
  context: ServerContext,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(GRAPH_PREFIX, '') || '/';
  const match = matchGraphRoute(method, path);
  const route = typeof match === 'object' ? match : undefined;
  const requestId = header(req, 'client-request-id') ?? randomUUID();
  const headers = { 'request-id': randomUUID(), 'client-request-id': requestId };
  const parameters: Record<string, unknown> = Object.fromEntries(url.searchParams);
  route?.route.params.forEach((name, i) => {
    parameters[name] = route.params[i];
  });
  const notes: GraphCallNotes = { parameters: {} };

  const answer = (status: number, body: unknown, tenant?: Tenant, extra: Record<string, string> = {}) => {
    if (body === undefined) sendEmpty(res, status, { ...headers, ...extra });
    else sendJson(res, status, body, { ...headers, ...extra }, ODATA_JSON);
    context.calls.record(
      {
        at: new Date(context.now()).toISOString(),
        tenant: (tenant ?? notes.tenant)?.domain ?? '',
        cmdlet: route?.route.name ?? `${method} ${path}`,
        parameters: { ...parameters, ...notes.parameters },
        status,
        requestId,
      },
      tenant ?? notes.tenant,
    );
  };
  const fail = (error: GraphError, extra: Record<string, string> = {}) =>
    answer(
      error.status,
      graphErrorBody(error.code, error.message, requestId, context.now(), error.details),
      undefined,
      extra,
    );

  const refusal = await passGate(req, context.faults);
  if (refusal) return fail(refusalError(refusal), refusalHeaders(refusal));
  if (match === 'methodNotAllowed') {
    return fail(
      new GraphError(
        405,
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request target.',
      ),
    );
  }
  if (!route) {
    return fail(
      new GraphError(400, 'BadRequest', `Resource not found for the segment '${path.split('/')[1] ?? ''}'.`),
    );
  }
  try {
    const body = method === 'GET' ? undefined : await readJsonBody(req);
    const version = GRAPH_PREFIX.exec(url.pathname)?.[1] ?? 'v1.0';
    const serviceRoot = `http://${header(req, 'host') ?? 'localhost'}/${version}`;
    const result = route.route.handle({
      tenants: context.state.tenants,
      params: route.params,
      url,
      serviceRoot,
      body,
      messaging: context.state.messaging,
      faults: context.faults,
      now: context.now(),
      state: context.state,
      log: notes,
    });
    context.persist();
    answer(result.status ?? 200, result.body, result.tenant);
  } catch (error) {
    if (error instanceof GraphError) return fail(error);
    throw error;
  }
}
