import type { IncomingMessage, ServerResponse } from 'node:http';
import { delay, readBody } from '../http/http-io';
import type { ServerContext } from '../http/server-context';
import { callName, callParameters } from './call-summary';
import { createEntities } from './create-entities';
import { invalidRequest, MwzFault } from './mwz-fault';
import type { MigrationWizState } from './mwz-state';
import { retrieveEntities } from './retrieve-entities';
import {
  authenticateResponse,
  deleteResponse,
  entitiesResponse,
  faultResponse,
  type MwzRequest,
  parseRequest,
} from './soap-shapes';
import { deleteEntities, updateEntities } from './update-delete';

/** MigrationWiz's SOAP endpoint, as www.migrationwiz.com serves it. */
export const MIGRATIONWIZ_PATH = /^\/API\/2\.0\/WebService\.asmx\/?$/i;

function authenticate(
  state: MigrationWizState,
  request: Extract<MwzRequest, { kind: 'Authenticate' }>,
  now: number,
) {
  const account = state.world.accounts.find(
    (a) => a.emailAddress.toLowerCase() === request.emailAddress.trim().toLowerCase(),
  );
  if (!account || account.password !== request.password) {
    throw new MwzFault('InvalidCredentials', 'The email address or password is not correct.');
  }
  if (request.workgroupId.trim() === '') throw invalidRequest('AuthenticateRequest.WorkgroupId is required.');
  if (request.environment !== '' && request.environment !== 'BT' && request.environment !== 'China') {
    throw invalidRequest(`Environment must be BT or China; got '${request.environment}'.`);
  }
  const workgroup = state.workgroup(request.workgroupId.trim());
  if (!workgroup || workgroup.account !== account.emailAddress) {
    throw new MwzFault(
      'InvalidCredentials',
      `The account cannot work in workgroup '${request.workgroupId}'.`,
    );
  }
  const { value, grant } = state.tickets.issue(account.emailAddress, workgroup.id, now);
  return authenticateResponse(value, new Date(grant.expiresAt).toISOString(), workgroup.id);
}

function execute(
  state: MigrationWizState,
  request: MwzRequest,
  now: number,
): { xml: string; workgroupId: string } {
  if (request.kind === 'Authenticate') {
    return { xml: authenticate(state, request, now), workgroupId: request.workgroupId.trim().toLowerCase() };
  }
  const grant = state.tickets.check(request.ticket, now);
  const workgroupId = grant.workgroupId;
  switch (request.kind) {
    case 'Create':
      return {
        xml: entitiesResponse('CreateResponse', createEntities(state, grant, request.entities, now)),
        workgroupId,
      };
    case 'Update':
      return {
        xml: entitiesResponse('UpdateResponse', updateEntities(state, grant, request.entities, now)),
        workgroupId,
      };
    case 'Retrieve':
      return {
        xml: entitiesResponse('RetrieveResponse', retrieveEntities(state, grant, request, now)),
        workgroupId,
      };
    case 'Delete':
      deleteEntities(state, grant, request.entityName.trim(), request.ids);
      return { xml: deleteResponse(), workgroupId };
  }
}

/** The workgroup a refused request was about, as far as it can be told without trusting it. */
function workgroupOf(state: MigrationWizState, request: MwzRequest | null, now: number): string {
  if (!request) return '';
  if (request.kind === 'Authenticate') return request.workgroupId.trim().toLowerCase();
  try {
    return state.tickets.check(request.ticket, now).workgroupId;
  } catch {
    return '';
  }
}

/**
 * POST /API/2.0/WebService.asmx: one SOAP Execute per request. Injected latency, then throttling and
 * busy answers (migrationWiz faults), then the ticket, then the request. Every request goes to the call
 * log as `MigrationWiz:<RequestType>:<EntityName>` under its workgroup.
 */
export async function handleMigrationWiz(
  req: IncomingMessage,
  res: ServerResponse,
  context: ServerContext,
): Promise<void> {
  const state = context.state.migrationWiz;
  const now = context.now();
  let request: MwzRequest | null = null;
  let status = 200;
  let xml: string;
  let workgroupId = '';
  const headers: Record<string, string> = {};
  try {
    if (context.faults.delayMs > 0) await delay(context.faults.delayMs);
    if (req.method !== 'POST') {
      headers.allow = 'POST';
      throw invalidRequest('The MigrationWiz web service accepts POST only.');
    }
    request = parseRequest(await readBody(req));
    const retryAfter = state.faults.takeThrottle();
    if (retryAfter !== null) {
      throw new MwzFault('Throttled', `Too many requests. Retry after ${retryAfter} seconds.`, retryAfter);
    }
    if (state.faults.takeServerError()) {
      throw new MwzFault('ServerBusy', 'The server is busy. Please try again later.', 1);
    }
    state.advance(now);
    ({ xml, workgroupId } = execute(state, request, now));
    state.advance(now);
  } catch (error) {
    if (!(error instanceof MwzFault)) throw error;
    status = req.method === 'POST' ? error.status : 405;
    if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
    xml = faultResponse(error);
    workgroupId = workgroupOf(state, request, now);
  }
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/xml; charset=utf-8',
    'content-length': Buffer.byteLength(xml),
  });
  res.end(xml);
  context.calls.record({
    at: new Date(now).toISOString(),
    tenant: workgroupId,
    cmdlet: callName(request),
    parameters: callParameters(request),
    status,
  });
  context.persist();
}
