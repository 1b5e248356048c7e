/** The HTTP status of a Cosmos DB SDK error, when it has one. */
export function cosmosStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  if (typeof statusCode === 'number') return statusCode;
  return undefined;
}

const TRANSIENT_STATUS = new Set([408, 429, 449, 500, 502, 503, 504]);
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/** Throttling, timeouts, unavailable service and dropped connections: worth another try. */
export function isTransientCosmosError(error: unknown): boolean {
  const status = cosmosStatus(error);
  if (status !== undefined) return TRANSIENT_STATUS.has(status);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_NETWORK.has(code);
}

/** The server's Retry-After hint in milliseconds, when it sent one. */
export function retryAfterMs(error: unknown): number | undefined {
  const value = (error as { retryAfterInMs?: unknown } | null)?.retryAfterInMs;
  return typeof value === 'number' && value >= 0 ? value : undefined;
}
