import type { TokenCredential } from '@azure/identity';
import type { Logger } from 'pino';
import {
  acquireToken,
  backoffDelay,
  networkError,
  odataErrorOf,
  type ProviderFailures,
  parseJson,
  parseRetryAfter,
  redact,
  requestIdOf,
  sameOriginUrl,
  sendRequest,
} from '../http';
import type { EngineCall } from '../../telemetry';
import type { CallOptions } from '../migration-provider';
import { GraphAuthError, GraphError, graphErrorFor, GraphTransportError } from './graph-error';

/**
 * One Microsoft Graph request with Graph's retry rules: 429 waits for Retry-After, 503 and 504 back
 * off (or wait for Retry-After when Graph sends one); a write marked not idempotent is retried on 429 only. Failures are GraphErrors (graph-error.ts)
 * naming the Graph operation; the bearer token never appears in them.
 */

export interface GraphHttpOptions {
  /** `https://graph.microsoft.com`, or the simulator's url. */
  baseUrl: string;
  credential: TokenCredential;
  /** Default `https://graph.microsoft.com/.default`. */
  scope?: string;
  fetch?: typeof fetch;
  /** Default 5. */
  maxAttempts?: number;
  /** Cap on an honoured Retry-After (and on backoff), default 120. */
  maxRetryAfterSeconds?: number;
  /** Backoff base, default 500. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  /** How telemetry names the caller's engine (default `graph`). */
  engine?: EngineCall['engine'];
}

export interface GraphCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A path under the base url (`/v1.0/users/...`), or an @odata.nextLink on the same origin. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** How errors and logs name the call: the method and a path template, e.g. `GET /users/{id}/licenseDetails`. */
  operation: string;
  /**
   * Default true. False for a write that must not happen twice (sendMail): only 429 is retried, since
   * Graph did not act on a throttled request; a 503 or 504 may have been acted on, so it is thrown for
   * the caller to check before trying again.
   */
  idempotent?: boolean;
}

export interface GraphResponse {
  status: number;
  /** The parsed JSON body; undefined for an empty or non-JSON body (202 and 204 answers). */
  body: unknown;
  headers: Headers;
}

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** Graph's transient answers; 429 is throttling, 503/504 an overloaded or slow back end. */
const RETRYABLE = new Set([429, 503, 504]);
const SNIPPET_LENGTH = 300;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Graph's failures without an answer to read. */
const GRAPH_FAILURES: ProviderFailures<GraphTransportError> = {
  noToken: (operation, detail) => new GraphAuthError(401, operation, detail, 'TokenRequestFailed'),
  transport: (operation, detail, status) => new GraphTransportError(operation, detail, status),
};

/** The typed error for a failed answer. */
function failureFor(operation: string, status: number, text: string, token: string): GraphError {
  const graphError = odataErrorOf(parseJson(text));
  if (!graphError) {
    const shown = text.trim() === '' ? 'an empty body' : `a body that is not Graph's error: ${text.trim()}`;
    const detail = redact(`HTTP ${status} with ${shown}`, token).slice(0, SNIPPET_LENGTH);
    if (status === 429 || status === 503 || status === 401 || status === 403) {
      return graphErrorFor(status, operation, detail);
    }
    return new GraphTransportError(operation, detail, status);
  }
  return graphErrorFor(status, operation, redact(graphError.message, token), graphError.code);
}

export async function graphRequest(
  options: GraphHttpOptions,
  call: GraphCall,
  callOptions: CallOptions = {},
): Promise<GraphResponse> {
  const base = `${options.baseUrl.replace(/\/+$/, '')}/`;
  const url = sameOriginUrl(call.operation, call.path.replace(/^\/+/, ''), base, GRAPH_FAILURES);
  const scope = options.scope ?? GRAPH_SCOPE;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const capMs = (options.maxRetryAfterSeconds ?? 120) * 1000;
  const sleep = options.sleep ?? defaultSleep;
  const log = options.logger?.child({ component: 'graph' });
  const { signal } = callOptions;

  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    const requestId = requestIdOf(callOptions);
    const token = await acquireToken(options.credential, scope, call.operation, GRAPH_FAILURES, signal);
    let failure: GraphError;
    let retryAfterMs: number | undefined;
    try {
      const response = await sendRequest({
        engine: options.engine ?? 'graph',
        operation: call.operation,
        url,
        method: call.method,
        token,
        requestId,
        headers: call.body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal,
        fetch: options.fetch,
      });
      log?.debug({ operation: call.operation, requestId, attempt, status: response.status }, 'Graph');
      if (response.ok) {
        return { status: response.status, body: parseJson(response.text), headers: response.headers };
      }
      failure = failureFor(call.operation, response.status, response.text, token);
      if (!RETRYABLE.has(response.status)) throw failure;
      if (call.idempotent === false && response.status !== 429) throw failure;
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    } catch (err) {
      signal?.throwIfAborted();
      if (err instanceof GraphError) throw err;
      failure = networkError(call.operation, err, GRAPH_FAILURES);
      // Without an answer a write may still have happened: the caller checks before trying again.
      if (call.idempotent === false) throw failure;
    }
    if (attempt >= maxAttempts) throw failure;
    const delayMs =
      retryAfterMs === undefined
        ? backoffDelay(attempt, options.baseDelayMs ?? 500, capMs)
        : Math.min(retryAfterMs, capMs);
    log?.warn(
      { operation: call.operation, requestId, attempt, delayMs, error: failure.message },
      'Retrying Graph',
    );
    await sleep(delayMs);
  }
}
