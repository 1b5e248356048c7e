import { EngineError, EngineNotFoundError } from '../../errors';
import { parseRetryAfter } from '../http';
import { parseAnswer, type SoapAnswer } from './soap-shapes';

export const ENGINE_NAME = 'MigrationWiz';

/** Faults that mean "slow down and try again". */
const THROTTLE_CODES: ReadonlySet<string> = new Set(['Throttled', 'ServerBusy']);
/** Faults that mean the ticket is no longer good: authenticate again and retry once. */
export const TICKET_CODES: ReadonlySet<string> = new Set(['TicketExpired', 'InvalidTicket']);

/**
 * A transient failure worth another try under the engine-call policy, with the wait the server asked
 * for (Retry-After) when it gave one.
 */
export class RetryableEngineError extends EngineError {
  constructor(
    operation: string,
    engineMessage: string,
    faultCode: string | undefined,
    readonly retryAfterMs: number | undefined,
  ) {
    super(ENGINE_NAME, operation, engineMessage, true, faultCode);
  }
}

/** What came back over HTTP. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export type Outcome =
  | { ok: true; answer: Extract<SoapAnswer, { kind: 'result' }> }
  | { ok: false; ticketRejected: boolean; error: EngineError };

/**
 * Reads one answer: a result, a fault (NotFound as EngineNotFoundError; Throttled, ServerBusy and
 * server faults without a code as retryable), or something that is not SOAP (5xx retryable). The
 * engine's message is kept as it gave it, passed through `clean` to take secrets out.
 */
export function classify(
  operation: string,
  http: HttpAnswer,
  clean: (text: string) => string,
  maxRetryAfterMs: number,
  nowMs: number,
): Outcome {
  const answer = parseAnswer(http.text);
  if (answer?.kind === 'result' && http.status >= 200 && http.status < 300) return { ok: true, answer };
  const retryAfter = parseRetryAfter(http.headers.get('retry-after'), nowMs);
  const waitMs = retryAfter === undefined ? undefined : Math.min(retryAfter, maxRetryAfterMs);
  if (answer?.kind === 'fault') {
    const code = answer.errorCode;
    const message = clean(answer.message || `HTTP ${http.status}`);
    if (code !== undefined && TICKET_CODES.has(code)) {
      return {
        ok: false,
        ticketRejected: true,
        error: new EngineError(ENGINE_NAME, operation, message, true, code),
      };
    }
    if (code === 'NotFound') {
      return {
        ok: false,
        ticketRejected: false,
        error: new EngineNotFoundError(ENGINE_NAME, operation, message, false, code),
      };
    }
    const serverSide = code === undefined && answer.faultCode === 'Server';
    if ((code !== undefined && THROTTLE_CODES.has(code)) || serverSide) {
      return {
        ok: false,
        ticketRejected: false,
        error: new RetryableEngineError(operation, message, code, waitMs),
      };
    }
    return {
      ok: false,
      ticketRejected: false,
      error: new EngineError(ENGINE_NAME, operation, message, false, code),
    };
  }
  const detail = answer === undefined ? 'an answer that is not a SOAP envelope' : 'an unexpected answer';
  const message = `${ENGINE_NAME} sent ${detail} (HTTP ${http.status})`;
  if (http.status >= 500 || http.status === 408 || http.status === 429) {
    return {
      ok: false,
      ticketRejected: false,
      error: new RetryableEngineError(operation, message, undefined, waitMs),
    };
  }
  return { ok: false, ticketRejected: false, error: new EngineError(ENGINE_NAME, operation, message, false) };
}

/** A request that got no HTTP answer at all (refused connection, reset, DNS). */
export function networkFailure(operation: string, err: unknown): RetryableEngineError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const reason = [err instanceof Error ? err.message : String(err), cause?.code ?? cause?.message]
    .filter(Boolean)
    .join(': ');
  return new RetryableEngineError(operation, `Network error: ${reason}`, undefined, undefined);
}
