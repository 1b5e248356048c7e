export interface GraphErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/** A Microsoft Graph error answer: `{"error":{"code","message","innerError","details"?}}` with this status. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: GraphErrorDetail[],
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export function graphErrorBody(
  code: string,
  message: string,
  requestId: string,
  at: number,
  details?: GraphErrorDetail[],
) {
  return {
    error: {
      code,
      message,
      ...(details ? { details } : {}),
      innerError: { date: new Date(at).toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': requestId },
    },
  };
}

/** What Graph answers for an id or UPN that names nothing. */
export function resourceNotFound(id: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function badRequest(message: string, code = 'BadRequest'): GraphError {
  return new GraphError(400, code, message);
}
