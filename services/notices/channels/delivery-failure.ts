import { DeliveryError } from '../delivery';

/** Statuses worth another attempt later (Teams' guidance for its connector; Graph answers alike). */
const RETRYABLE = new Set([412, 429, 502, 503, 504]);

/**
 * A failed send as the worker understands it: retry later (429 after its Retry-After, 1 s without one;
 * the retryable statuses and 5xx; no answer at all), or give up (any other 4xx).
 */
export function deliveryFailure(
  service: 'Teams' | 'Graph',
  status: number | undefined,
  message: string,
  options: { retryAfterMs?: number; conversationKey?: string } = {},
): DeliveryError {
  return new DeliveryError(`${service} answered ${status ?? 'with an error'}: ${message}`, {
    status,
    retryAfterMs: status === 429 ? (options.retryAfterMs ?? 1000) : undefined,
    permanent: status !== undefined && !RETRYABLE.has(status) && status < 500,
    conversationKey: options.conversationKey,
  });
}

/** Why a channel could not be used, to try the next one (not a failure of the notice). */
export class ChannelUnavailable extends Error {}
