import { backoffMs, POLICIES } from '../../retry/policies';

export { parseRetryAfter } from '../../retry/retry-after';

/**
 * The engine-call policy's backoff (services/retry/policies.ts), with the caller's base and cap:
 * a random wait in [0, min(cap, base * 2^(attempt-1))].
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  return backoffMs({ ...POLICIES.engineCall, baseMs, capMs }, attempt, random);
}
