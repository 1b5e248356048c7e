import { decodeSkipToken, encodeSkipToken } from '../protocol/paging';
import { badRequest } from './graph-error';

/** `$top` as Graph reads it: `fallback` when absent, else a whole number from 1 to `max` (400 otherwise). */
export function topOf(url: URL, fallback: number, max: number): number {
  const raw = url.searchParams.get('$top');
  if (raw === null) return fallback;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > max) {
    throw badRequest(`Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`);
  }
  return top;
}

/** Where a page starts: the offset in `$skiptoken`, 0 without one; 400 for a token this server did not issue. */
export function offsetOf(url: URL): number {
  const token = url.searchParams.get('$skiptoken');
  if (token === null) return 0;
  const skip = decodeSkipToken(token);
  if (skip === null) throw badRequest('The $skiptoken is not valid.', 'Directory_InvalidPagingToken');
  return skip;
}

/** The same request from `skip` on: the query as sent, with a new $skiptoken. */
export function nextPageLink(serviceRoot: string, url: URL, skip: number): string {
  const query = [...url.searchParams]
    .filter(([name]) => name !== '$skiptoken')
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  query.push(`$skiptoken=${encodeSkipToken(skip)}`);
  return `${serviceRoot}${url.pathname.replace(/^\/(v1\.0|beta)/i, '')}?${query.join('&')}`;
}

/** One page of `items` by `$top` and `$skiptoken`, with `@odata.nextLink` while more remain. */
export function graphPage<T>(
  items: readonly T[],
  url: URL,
  serviceRoot: string,
  top: number,
): { value: T[]; '@odata.nextLink'?: string } {
  const start = offsetOf(url);
  const end = Math.min(start + top, items.length);
  const value = items.slice(start, end);
  return end < items.length ? { '@odata.nextLink': nextPageLink(serviceRoot, url, end), value } : { value };
}
