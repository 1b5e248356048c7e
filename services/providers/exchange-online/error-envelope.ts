import {
  ExchangeAuthError,
  ExchangeError,
  ExchangeNotFoundError,
  ExchangeThrottledError,
} from '../../errors';

/** The useful parts of an InvokeCommand error body (reference §1.5). */
export interface ErrorEnvelope {
  code?: string;
  message: string;
  errorId?: string;
  exceptionClass?: string;
}

const NOT_FOUND_EXCEPTION = 'ManagementObjectNotFoundException';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Splits `<ErrorId>|<ExceptionClass>|<text>`; a message without pipes is plain text. */
function splitDetail(message: string): Pick<ErrorEnvelope, 'message' | 'errorId' | 'exceptionClass'> {
  const parts = message.split('|');
  if (parts.length < 3) return { message };
  const [errorId, exceptionClass, ...rest] = parts;
  return {
    errorId: errorId || undefined,
    exceptionClass: exceptionClass || undefined,
    message: rest.join('|'),
  };
}

/**
 * Reads the `{"error":{...}}` envelope. Message order: details[0].message, then
 * innererror.internalexception.message, then error.message. Returns undefined when
 * the body is not that envelope.
 */
export function parseErrorEnvelope(body: unknown): ErrorEnvelope | undefined {
  const error = record(record(body)?.['error']);
  if (!error) return undefined;
  const code = text(error['code']);
  const details = error['details'];
  const detail = text(record(Array.isArray(details) ? details[0] : undefined)?.['message']);
  if (detail) return { code, ...splitDetail(detail) };
  const internal = text(record(record(error['innererror'])?.['internalexception'])?.['message']);
  const message = internal ?? text(error['message']);
  return message ? { code, message } : undefined;
}

/** Maps an HTTP status and envelope to the typed error the service layer handles. */
export function exchangeErrorFor(
  httpStatus: number,
  cmdlet: string,
  envelope: ErrorEnvelope,
  throttled = false,
): ExchangeError {
  const args = [
    httpStatus,
    cmdlet,
    envelope.message,
    envelope.code,
    envelope.errorId,
    envelope.exceptionClass,
  ] as const;
  if (throttled) return new ExchangeThrottledError(...args);
  if (httpStatus === 404 || envelope.exceptionClass?.endsWith(NOT_FOUND_EXCEPTION)) {
    return new ExchangeNotFoundError(...args);
  }
  if (httpStatus === 401 || httpStatus === 403) return new ExchangeAuthError(...args);
  return new ExchangeError(...args);
}
