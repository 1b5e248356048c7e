import { randomUUID } from 'node:crypto';
import { correlationId } from '../../correlation';
import { type EngineCall, traceEngineCall } from '../../telemetry';
import type { CallOptions } from '../migration-provider';
import type { ProviderFailures } from './failures';

/** One request to a provider: where, how, and the bearer token and request id it carries. */
export interface ProviderRequest {
  engine: EngineCall['engine'];
  operation: string;
  url: string;
  method: string;
  token: string;
  requestId: string;
  /** Headers beside Authorization and client-request-id. */
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** What came back, with the body read as text. */
export interface ProviderAnswer {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
}

/** The id sent as client-request-id: the caller's, else the turn's or job's (services/correlation.ts), else a new one. */
export function requestIdOf(call: CallOptions): string {
  return call.requestId ?? correlationId() ?? randomUUID();
}

/**
 * Sends one request inside a `cutover.engine.call` span, with the bearer token and client-request-id,
 * and reads the body. A failure to get any answer is thrown as fetch threw it (see networkError).
 */
export async function sendRequest(request: ProviderRequest): Promise<ProviderAnswer> {
  const fetchImpl = request.fetch ?? globalThis.fetch;
  const traced = { engine: request.engine, operation: request.operation, requestId: request.requestId };
  return traceEngineCall(traced, async () => {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: {
        Authorization: `Bearer ${request.token}`,
        'client-request-id': request.requestId,
        ...request.headers,
      },
      body: request.body,
      signal: request.signal,
    });
    const text = await response.text();
    return { status: response.status, ok: response.ok, headers: response.headers, text };
  });
}

/** A fetch failure (no HTTP answer) with the underlying cause, e.g. `fetch failed: ECONNREFUSED`. */
export function networkError<Transport extends Error>(
  operation: string,
  err: unknown,
  failures: ProviderFailures<Transport>,
): Transport {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const reason = [err instanceof Error ? err.message : String(err), cause?.code ?? cause?.message]
    .filter(Boolean)
    .join(': ');
  return failures.transport(operation, `Network error: ${reason}`);
}

/** Resolves a nextLink and refuses one on another origin: the bearer token only goes where it was meant to. */
export function sameOriginUrl(
  operation: string,
  link: string,
  base: string,
  failures: ProviderFailures,
): string {
  const origin = new URL(base).origin;
  let url: URL;
  try {
    url = new URL(link, base);
  } catch {
    throw failures.transport(operation, 'the nextLink is not a URL');
  }
  if (url.origin !== origin) {
    throw failures.transport(operation, `the nextLink points at ${url.origin}, not ${origin}`);
  }
  return url.toString();
}
