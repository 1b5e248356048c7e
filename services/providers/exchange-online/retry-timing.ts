/** Statuses retried with backoff (reference §1.6); 429 is handled as throttling. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Statuses that mean "slow down": giving up on them raises ExchangeThrottledError. */
export const THROTTLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Exchange's plain-text answer when a tenant has too many requests in flight. */
export function isConcurrencyLimitText(body: string): boolean {
  return /maximum number of concurrent requests/i.test(body);
}

/** Retry-After and backoff are shared with Graph (services/providers/http). */
export { backoffDelay, parseRetryAfter } from '../http/retry-after';
