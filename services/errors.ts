/**
 * Coded errors for the service layer. Each carries a stable `code` and typed
 * fields; the bot decides what the user sees from the code alone.
 */
export abstract class CutoverError extends Error {
  abstract readonly code: string;
  override name = this.constructor.name;
}

/**
 * A migration engine other than Exchange Online answered with a fault. `engineMessage` is the engine's
 * own text (shown on cards); `transient` says whether trying again later may succeed (throttling, a
 * server fault, an expired ticket already renewed and retried).
 */
export class EngineError extends CutoverError {
  readonly code: string = 'engine_error';
  constructor(
    readonly engine: string,
    readonly operation: string,
    readonly engineMessage: string,
    readonly transient: boolean,
    readonly faultCode?: string,
  ) {
    super(`${engine} ${operation} failed${faultCode ? ` (${faultCode})` : ''}: ${engineMessage}`);
  }
}

/** The engine has no such object (a project or item that was removed). */
export class EngineNotFoundError extends EngineError {
  override readonly code = 'engine_not_found';
}

/** Exchange answered with its error envelope. `exchangeMessage` is Exchange's own text. */
export class ExchangeError extends CutoverError {
  readonly code: string = 'exchange_error';
  constructor(
    readonly httpStatus: number,
    readonly cmdlet: string,
    readonly exchangeMessage: string,
    readonly errorCode?: string,
    readonly errorId?: string,
    readonly exceptionClass?: string,
  ) {
    super(`${cmdlet} failed (${httpStatus}${errorCode ? ` ${errorCode}` : ''}): ${exchangeMessage}`);
  }
}

/** Exchange reported that the object does not exist (ManagementObjectNotFoundException / 404). */
export class ExchangeNotFoundError extends ExchangeError {
  override readonly code = 'exchange_not_found';
}

/** 401/403: the app's token or RBAC does not allow the call. */
export class ExchangeAuthError extends ExchangeError {
  override readonly code = 'exchange_auth';
}

/** Still throttled (429/503) after every retry. */
export class ExchangeThrottledError extends ExchangeError {
  override readonly code = 'exchange_throttled';
}

/** The transport failed: no answer, or an answer that is not the protocol. */
export class ExchangeTransportError extends CutoverError {
  readonly code = 'exchange_transport';
  constructor(
    readonly cmdlet: string,
    readonly detail: string,
    readonly httpStatus?: number,
  ) {
    super(`${cmdlet}: ${detail}`);
  }
}

/** A write lost an optimistic-concurrency race (ETag mismatch). */
export class ConflictError extends CutoverError {
  readonly code = 'conflict';
  constructor(
    readonly container: string,
    readonly id: string,
  ) {
    super(`${container}/${id} was changed by someone else`);
  }
}

/** Creating a document whose id already exists. */
export class AlreadyExistsError extends CutoverError {
  readonly code = 'already_exists';
  constructor(
    readonly container: string,
    readonly id: string,
  ) {
    super(`${container}/${id} already exists`);
  }
}

/** Wraps anything unexpected so it still has a code. */
export class UnknownError extends CutoverError {
  readonly code = 'unknown';
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/** Sealed data (a staged batch's passwords) that this instance cannot open: the key changed. Not retried. */
export class SealedDataUnreadableError extends CutoverError {
  readonly code = 'sealed_data_unreadable';
}
