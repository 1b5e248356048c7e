import type { Logger } from 'pino';
import { EngineError } from '../../errors';
import { POLICIES, retry } from '../../retry/policies';
import { recordThrottled, traceEngineCall } from '../../telemetry';
import { redact, requestIdOf } from '../http';
import type { CallOptions } from '../migration-provider';
import type { TypedEntity } from './entities';
import { ENGINE_NAME, type HttpAnswer, networkFailure, RetryableEngineError, classify } from './soap-answer';
import {
  type AuthenticateRequest,
  buildRequest,
  SOAP_HEADERS,
  type TicketedRequest,
  type Ticket,
} from './soap-shapes';

export interface SoapTransportOptions {
  /** The `WebService.asmx` URL. */
  url: string;
  /** The API account; the password never leaves this module except in the AuthenticateRequest. */
  account: { emailAddress: string; password: string };
  /** Scopes the ticket. */
  workgroupId: string;
  environment?: 'BT' | 'China';
  /** Other values that must never reach logs or errors (the projects' administrative passwords). */
  secrets?: string[];
  fetch?: typeof fetch;
  logger?: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Renew the ticket this long before its ExpirationDate (default 5 minutes). */
  renewBeforeMs?: number;
  /** The longest Retry-After honoured (default the engine-call policy's cap). */
  maxRetryAfterMs?: number;
}

/** One MigrationWiz request at a time, ticket and retries included. */
export interface SoapTransport {
  /** Sends the request with a valid ticket and returns the entities of the answer. */
  execute(request: TicketedRequest, options?: CallOptions): Promise<TypedEntity[]>;
}

/** The operation's name in spans, logs and errors, e.g. `Retrieve MailboxMigration`. */
export function operationOf(request: TicketedRequest | AuthenticateRequest): string {
  const verb = request.type.replace(/Request$/, '');
  if (request.type === 'AuthenticateRequest') return verb;
  if (request.type === 'RetrieveRequest' || request.type === 'DeleteRequest')
    return `${verb} ${request.entityName}`;
  return `${verb} ${request.entities[0]?.entityName ?? ''}`.trim();
}

const DEFAULT_RENEW_BEFORE_MS = 5 * 60_000;

/**
 * MigrationWiz's `Execute` over HTTP: authenticates lazily (one authentication shared by concurrent
 * calls), renews the ticket before it expires, authenticates again and retries once when MigrationWiz
 * says the ticket expired or is invalid, and retries throttling, busy servers, 5xx and network failures
 * with the engine-call policy (a Retry-After comes first). Failures are EngineError (NotFound as
 * EngineNotFoundError) with MigrationWiz's own message; passwords and tickets are taken out of every
 * message and never logged.
 */
export function createSoapTransport(options: SoapTransportOptions): SoapTransport {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());
  const renewBeforeMs = options.renewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? POLICIES.engineCall.capMs;
  const log = options.logger?.child({ component: 'migrationwiz' });
  const secrets = new Set([options.account.password, ...(options.secrets ?? [])].filter((s) => s !== ''));
  const clean = (text: string) => [...secrets].reduce(redact, text);

  let ticket: Ticket | undefined;
  let authenticating: Promise<Ticket> | undefined;

  async function post(operation: string, body: string, call: CallOptions): Promise<HttpAnswer> {
    const requestId = requestIdOf(call);
    const started = Date.now();
    try {
      const answer = await traceEngineCall({ engine: 'migrationwiz', operation, requestId }, async () => {
        const response = await fetchImpl(options.url, {
          method: 'POST',
          headers: { ...SOAP_HEADERS, 'client-request-id': requestId },
          body,
          signal: call.signal,
        });
        return { status: response.status, headers: response.headers, text: await response.text() };
      });
      log?.debug(
        { operation, requestId, status: answer.status, ms: Date.now() - started },
        'MigrationWiz call',
      );
      return answer;
    } catch (err) {
      call.signal?.throwIfAborted();
      throw networkFailure(operation, err);
    }
  }

  async function send(operation: string, body: string, call: CallOptions) {
    const http = await post(operation, body, call);
    const outcome = classify(operation, http, clean, maxRetryAfterMs, now().getTime());
    if (!outcome.ok && outcome.error instanceof RetryableEngineError && outcome.error.faultCode !== undefined)
      recordThrottled('migrationwiz', operation);
    return outcome;
  }

  async function authenticate(call: CallOptions): Promise<Ticket> {
    const request: AuthenticateRequest = {
      type: 'AuthenticateRequest',
      emailAddress: options.account.emailAddress,
      password: options.account.password,
      workgroupId: options.workgroupId,
      environment: options.environment ?? 'BT',
    };
    const outcome = await send('Authenticate', buildRequest(request), call);
    if (!outcome.ok) throw outcome.error;
    const issued = outcome.answer.ticket;
    if (!issued || Number.isNaN(Date.parse(issued.expirationDate))) {
      throw new EngineError(ENGINE_NAME, 'Authenticate', `${ENGINE_NAME} sent no ticket`, true);
    }
    secrets.add(issued.value);
    log?.info({ expires: issued.expirationDate }, 'MigrationWiz ticket issued');
    return issued;
  }

  /** The ticket to use now: the current one unless it is within `renewBeforeMs` of expiring. */
  async function currentTicket(call: CallOptions): Promise<Ticket> {
    const fresh = ticket && Date.parse(ticket.expirationDate) - renewBeforeMs > now().getTime();
    if (ticket && fresh) return ticket;
    authenticating ??= authenticate(call)
      .then((issued) => {
        ticket = issued;
        return issued;
      })
      .finally(() => {
        authenticating = undefined;
      });
    return authenticating;
  }

  async function executeOnce(request: TicketedRequest, call: CallOptions): Promise<TypedEntity[]> {
    const operation = operationOf(request);
    let used = await currentTicket(call);
    let outcome = await send(operation, buildRequest(request, used.value), call);
    if (!outcome.ok && outcome.ticketRejected) {
      log?.info(
        { operation, fault: outcome.error.faultCode },
        'MigrationWiz ticket refused; authenticating again',
      );
      if (ticket === used) ticket = undefined;
      used = await currentTicket(call);
      outcome = await send(operation, buildRequest(request, used.value), call);
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.answer.entities;
  }

  return {
    execute(request, call = {}) {
      return retry(POLICIES.engineCall, () => executeOnce(request, call), {
        retryable: (error) => error instanceof RetryableEngineError,
        waitOf: (error) => (error as RetryableEngineError).retryAfterMs,
        onRetry: (error, attempt, waitMs) =>
          log?.warn(
            { operation: operationOf(request), attempt, waitMs, error: (error as Error).message },
            'Retrying MigrationWiz call',
          ),
        random: options.random,
        sleep: options.sleep,
      });
    },
  };
}
