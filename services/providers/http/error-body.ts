/** Reading what a provider answered: JSON bodies, the OData error body, and keeping the token out. */

/** The parsed JSON body; undefined for an empty body or one that is not JSON. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `{"error":{"code","message"}}`, the OData error body Graph answers with; undefined for anything else. */
export function odataErrorOf(body: unknown): { code?: string; message: string } | undefined {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (typeof error !== 'object' || error === null || typeof error.message !== 'string') return undefined;
  return { code: typeof error.code === 'string' ? error.code : undefined, message: error.message };
}

/** Removes every occurrence of the token from text that may end up in an error or a log. */
export function redact(text: string, token: string): string {
  return token === '' ? text : text.split(token).join('[redacted]');
}
