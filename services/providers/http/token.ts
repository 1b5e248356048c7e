import type { TokenCredential } from '@azure/identity';
import type { ProviderFailures } from './failures';

/** A bearer token for the scope; a credential failure becomes the client's no-token error. */
export async function acquireToken(
  credential: TokenCredential,
  scope: string,
  operation: string,
  failures: ProviderFailures,
  signal?: AbortSignal,
): Promise<string> {
  try {
    const token = await credential.getToken(scope, { abortSignal: signal });
    if (token?.token) return token.token;
    throw new Error('the credential returned no token');
  } catch (err) {
    signal?.throwIfAborted();
    const reason = err instanceof Error ? err.message : String(err);
    throw failures.noToken(operation, `Could not get a token for ${scope}: ${reason}`);
  }
}
