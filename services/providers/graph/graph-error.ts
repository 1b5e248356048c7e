import { CutoverError } from '../../errors';

/**
 * Microsoft Graph failed a call. `status` is the HTTP status (undefined when no answer came), `graphCode`
 * and `graphMessage` are the code and message of Graph's error body (`{"error":{"code","message"}}`), or
 * a description of what came back instead. `operation` is the method and path template, e.g.
 * `GET /users/{id}`. The bearer token never appears in them.
 */
export class GraphError extends CutoverError {
  readonly code: string = 'graph_error';
  constructor(
    readonly status: number | undefined,
    readonly operation: string,
    readonly graphMessage: string,
    readonly graphCode?: string,
  ) {
    super(
      status === undefined
        ? `${operation}: ${graphMessage}`
        : `${operation} failed (${status}${graphCode ? ` ${graphCode}` : ''}): ${graphMessage}`,
    );
  }
}

/** 404: Graph does not know the user, group or chat. */
export class GraphNotFoundError extends GraphError {
  override readonly code = 'graph_not_found';
}

/** 401/403, or no token: the app's credential or permissions do not allow the call. */
export class GraphAuthError extends GraphError {
  override readonly code = 'graph_auth';
}

/** Still throttled (429/503) after every retry. */
export class GraphThrottledError extends GraphError {
  override readonly code = 'graph_throttled';
}

/** No usable answer: the request failed, or the answer is not what Graph sends. */
export class GraphTransportError extends GraphError {
  override readonly code = 'graph_transport';
  constructor(operation: string, detail: string, status?: number) {
    super(status, operation, detail);
    this.message = `${operation}: ${detail}`;
  }
}

/** Statuses that mean "slow down": giving up on them raises GraphThrottledError. */
const THROTTLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** The typed error for an answer that is Graph's error body (or for a status without one). */
export function graphErrorFor(status: number, operation: string, message: string, graphCode?: string) {
  if (THROTTLE_STATUSES.has(status)) return new GraphThrottledError(status, operation, message, graphCode);
  if (status === 404) return new GraphNotFoundError(status, operation, message, graphCode);
  if (status === 401 || status === 403) return new GraphAuthError(status, operation, message, graphCode);
  return new GraphError(status, operation, message, graphCode);
}
