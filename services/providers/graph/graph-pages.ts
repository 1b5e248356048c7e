import { GraphTransportError } from './graph-error';
import type { CallOptions } from '../migration-provider';
import { type GraphHttpOptions, graphRequest } from './graph-http';

/** Every item of a Graph collection: GETs `path`, then each @odata.nextLink, to the end. */
export async function graphList(
  options: GraphHttpOptions,
  operation: string,
  path: string,
  callOptions?: CallOptions,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  let next: string | undefined = path;
  while (next !== undefined) {
    const { body } = await graphRequest(options, { method: 'GET', path: next, operation }, callOptions);
    const page = body as { value?: unknown; '@odata.nextLink'?: unknown } | undefined;
    if (!Array.isArray(page?.value))
      throw new GraphTransportError(operation, 'the answer has no value array');
    items.push(...(page.value as Record<string, unknown>[]));
    const link = page['@odata.nextLink'];
    next = typeof link === 'string' && link !== '' ? link : undefined;
    if (next !== undefined) {
      if (seen.has(next)) throw new GraphTransportError(operation, 'the nextLink repeats an earlier page');
      seen.add(next);
    }
  }
  return items;
}
