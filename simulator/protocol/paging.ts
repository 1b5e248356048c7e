/** Server-driven paging of InvokeCommand results (`Prefer: odata.maxpagesize`, `$skiptoken`). */

export const MAX_PAGE_SIZE = 1000;

/** Reads `odata.maxpagesize=N` from a Prefer header; null when absent or outside 1..1000. */
export function preferredPageSize(prefer: string | undefined): number | null {
  if (!prefer) return null;
  for (const part of prefer.split(/[,;]/)) {
    const match = /^\s*odata\.maxpagesize\s*=\s*"?(\d+)"?\s*$/i.exec(part);
    if (!match?.[1]) continue;
    const size = Number(match[1]);
    if (size >= 1 && size <= MAX_PAGE_SIZE) return size;
  }
  return null;
}

/** The skip token is opaque to clients: base64url of a small JSON record. The same offset always gives the same token. */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ skip: offset }), 'utf8').toString('base64url');
}

/** The offset in a skip token, or null when the token is not one of ours. */
export function decodeSkipToken(token: string): number | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const skip = (parsed as { skip?: unknown }).skip;
    return typeof skip === 'number' && Number.isInteger(skip) && skip >= 0 ? skip : null;
  } catch {
    return null; // not base64 JSON: the caller answers 400
  }
}

export interface Page<T> {
  items: T[];
  /** Offset of the next page, or null on the last page. */
  nextOffset: number | null;
  /** True when ResultSize hid some results. */
  truncated: boolean;
  /** 1-based page number. */
  page: number;
}

export function paginate<T>(all: T[], offset: number, pageSize: number, resultSize: number): Page<T> {
  const total = Math.min(all.length, resultSize);
  const end = Math.min(offset + pageSize, total);
  return {
    items: all.slice(Math.min(offset, total), end),
    nextOffset: end < total ? end : null,
    truncated: all.length > resultSize,
    page: Math.floor(offset / pageSize) + 1,
  };
}
