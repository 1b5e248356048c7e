import {
  ExchangeAuthError,
  type ExchangeError,
  ExchangeThrottledError,
  ExchangeTransportError,
} from '../../errors';
import { type ProviderAnswer, parseJson, redact } from '../http';
import { exchangeErrorFor, parseErrorEnvelope } from './error-envelope';
import type { ExchangeObject, InvokeCommandPage } from './invoke-command';
import {
  isConcurrencyLimitText,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  THROTTLE_STATUSES,
} from './retry-timing';
import { warningTexts } from './skipped-users';

const SNIPPET_LENGTH = 300;

/** What one InvokeCommand answer means: a page of objects, or a failure and whether to try again (and when). */
export type InvokeOutcome =
  | { ok: true; page: InvokeCommandPage; warnings: string[] }
  | { ok: false; retry: boolean; delayMs?: number; error: ExchangeError | ExchangeTransportError };

/**
 * Reads an answer: a 2xx with a value array (a 200 carrying Exchange's concurrency-limit text is
 * throttling), or Exchange's error envelope as the typed error, retried for throttling and the
 * transient statuses after Retry-After (capped at `capMs`). The token never appears in an error.
 */
export function classifyAnswer(
  cmdlet: string,
  response: ProviderAnswer,
  token: string,
  capMs: number,
): InvokeOutcome {
  const body = response.text;
  const scrub = (text: string) => redact(text, token).slice(0, SNIPPET_LENGTH);
  const json = parseJson(body);
  const status = response.status;
  const concurrency = json === undefined && isConcurrencyLimitText(body);
  if (status >= 200 && status < 300 && !concurrency) {
    if (status === 204) return { ok: true, page: { value: [] }, warnings: [] };
    const value = (json as { value?: unknown } | undefined)?.value;
    if (!Array.isArray(value)) {
      const detail = json === undefined ? 'a body that is not JSON' : 'JSON without a value array';
      return {
        ok: false,
        retry: false,
        error: new ExchangeTransportError(cmdlet, `HTTP ${status} with ${detail}`, status),
      };
    }
    const record = json as Record<string, unknown>;
    const link = record['@odata.nextLink'];
    const warnings = record['@adminapi.warnings'];
    return {
      ok: true,
      page: {
        value: value as ExchangeObject[],
        ...(typeof link === 'string' && link ? { nextLink: link } : {}),
      },
      warnings: warningTexts(warnings),
    };
  }
  const throttled = status === 429 || concurrency;
  const retry = throttled || RETRYABLE_STATUSES.has(status);
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  const delayMs = retryAfter === undefined ? undefined : Math.min(retryAfter, capMs);
  const givesUpThrottled = throttled || THROTTLE_STATUSES.has(status);
  const envelope = parseErrorEnvelope(json);
  if (envelope) {
    const scrubbed = { ...envelope, message: redact(envelope.message, token) };
    return {
      ok: false,
      retry,
      delayMs,
      error: exchangeErrorFor(status, cmdlet, scrubbed, givesUpThrottled),
    };
  }
  const text =
    body.trim() === '' ? 'an empty body' : `a body that is not the error envelope: ${scrub(body.trim())}`;
  if (givesUpThrottled) {
    return {
      ok: false,
      retry,
      delayMs,
      error: new ExchangeThrottledError(status, cmdlet, `Throttled, with ${text}`),
    };
  }
  if (status === 401 || status === 403) {
    return { ok: false, retry, error: new ExchangeAuthError(status, cmdlet, `Refused, with ${text}`) };
  }
  return {
    ok: false,
    retry,
    delayMs,
    error: new ExchangeTransportError(cmdlet, `HTTP ${status} with ${text}`, status),
  };
}
