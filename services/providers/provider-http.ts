import type { TokenCredential } from '@azure/identity';
import { ExchangeAuthError, ExchangeTransportError } from '../errors';

/**
 * HTTP plumbing the provider clients share (Exchange's InvokeCommand, Microsoft Graph). `operation`
 * names the call in errors: a cmdlet, or a Graph method and path template.
 */

/** A bearer token for the scope; a credential failure becomes ExchangeAuthError (never retried). */
export async function acquireToken(
  credential: TokenCredential,
  scope: string,
  operation: string,
  signal?: AbortSignal,
): Promise<string> {
  try {
    const token = await credential.getToken(scope, { abortSignal: signal });
    if (token?.token) return token.token;
    throw new Error('the credential returned no token');
  } catch (err) {
    signal?.throwIfAborted();
    const reason = err instanceof Error ? err.message : String(err);
    throw new ExchangeAuthError(
      401,
      operation,
      `Could not get a token for ${scope}: ${reason}`,
      'TokenRequestFailed',
    );
  }
}

/** Resolves a nextLink and refuses one on another origin: the bearer token only goes where it was meant to. */
export function sameOriginUrl(operation: string, link: string, base: string): string {
  const origin = new URL(base).origin;
  let url: URL;
  try {
    url = new URL(link, base);
  } catch {
    throw new ExchangeTransportError(operation, 'the nextLink is not a URL');
  }
  if (url.origin !== origin) {
    throw new ExchangeTransportError(operation, `the nextLink points at ${url.origin}, not ${origin}`);
  }
  return url.toString();
}

/** A fetch failure (no HTTP answer) with the underlying cause, e.g. `fetch failed: ECONNREFUSED`. */
export function networkError(operation: string, err: unknown): ExchangeTransportError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const reason = [err instanceof Error ? err.message : String(err), cause?.code ?? cause?.message]
    .filter(Boolean)
    .join(': ');
  return new ExchangeTransportError(operation, `Network error: ${reason}`);
}

/** Removes every occurrence of the token from text that may end up in an error or a log. */
export function redact(text: string, token: string): string {
  return token === '' ? text : text.split(token).join('[redacted]');
}
