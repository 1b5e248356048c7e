import { backoffMs, POLICIES } from '../../retry/policies';

/**
 * Reads `Retry-After` as delta-seconds or an HTTP date. Returns milliseconds,
 * or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The engine-call policy's backoff (services/retry/policies.ts), with the caller's base and cap:
 * a random wait in [0, min(cap, base * 2^(attempt-1))].
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  return backoffMs({ ...POLICIES.engineCall, baseMs, capMs }, attempt, random);
}
