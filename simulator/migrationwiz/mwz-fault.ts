/** The error codes a MigrationWiz fault carries in its detail. */
export type MwzErrorCode =
  | 'TicketExpired'
  | 'InvalidTicket'
  | 'InvalidCredentials'
  | 'NotFound'
  | 'DuplicateName'
  | 'InvalidOperation'
  | 'InvalidRequest'
  | 'Throttled'
  | 'ServerBusy';

const SERVER_CODES: readonly MwzErrorCode[] = ['Throttled', 'ServerBusy'];

/** A refused request: answered as a SOAP fault (HTTP 500, or 503 with Retry-After when transient). */
export class MwzFault extends Error {
  constructor(
    readonly code: MwzErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get status(): number {
    return SERVER_CODES.includes(this.code) ? 503 : 500;
  }

  get faultCode(): 'soap:Client' | 'soap:Server' {
    return SERVER_CODES.includes(this.code) ? 'soap:Server' : 'soap:Client';
  }
}

export const invalidRequest = (message: string) => new MwzFault('InvalidRequest', message);
export const notFound = (what: string, id: string) =>
  new MwzFault('NotFound', `The ${what} '${id}' could not be found.`);
export const invalidOperation = (message: string) => new MwzFault('InvalidOperation', message);
