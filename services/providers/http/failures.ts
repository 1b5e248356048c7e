/**
 * How a provider client names its own failures, so that the shared HTTP plumbing throws Exchange's
 * errors for InvokeCommand and Graph's errors for Graph. `operation` names the call: a cmdlet, or a
 * Graph method and path template.
 */
export interface ProviderFailures<Transport extends Error = Error> {
  /** The credential gave no token (never retried). */
  noToken(operation: string, detail: string): Error;
  /** No usable answer: the request failed, or a link pointed somewhere else. */
  transport(operation: string, detail: string, status?: number): Transport;
}
