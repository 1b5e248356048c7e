import type { Container, FieldValue, Query, Stored } from '../../../services/store/document-store';

export interface PagedDoc {
  id: string;
  pk: string;
  n: number;
  status: string;
  email: string;
  tag?: string | null;
}

export const PAGED_DOCS = 2600;
export const PARTITIONS = ['batch-0', 'batch-1', 'batch-2', 'batch-3'];
const STATUSES = ['Queued', 'Syncing', 'Synced', 'Failed', 'Completed'];

/**
 * 2,600 documents over four partitions. Ids are a permutation of the
 * insertion order, so sorting by id, n or email gives three different orders;
 * one in seven lacks `tag` and one in seven has `tag: null`.
 */
export function pagedDocs(): PagedDoc[] {
  return Array.from({ length: PAGED_DOCS }, (_, n) => {
    const doc: PagedDoc = {
      id: `u${String((n * 7919) % PAGED_DOCS).padStart(4, '0')}`,
      pk: PARTITIONS[n % PARTITIONS.length] as string,
      n,
      status: STATUSES[n % STATUSES.length] as string,
      email: `user${String(PAGED_DOCS - n).padStart(4, '0')}@contoso.example`,
    };
    if (n % 7 === 1) doc.tag = null;
    else if (n % 7 !== 0) doc.tag = n % 2 ? 'a' : 'b';
    return doc;
  });
}

/** What a query must return, computed independently of either backend. */
export function expectedIds(docs: readonly PagedDoc[], query: Omit<Query, 'continuation'>): string[] {
  const matches = docs.filter(
    (doc) =>
      (query.pk === undefined || doc.pk === query.pk) &&
      Object.entries(query.where ?? {}).every(([field, expected]) => {
        const actual = (doc as unknown as Record<string, FieldValue | undefined>)[field] ?? null;
        return Array.isArray(expected) ? expected.includes(actual) : actual === expected;
      }),
  );
  const field = (query.orderBy?.field ?? 'id') as keyof PagedDoc;
  const sign = query.orderBy?.direction === 'desc' ? -1 : 1;
  return matches
    .sort((a, b) => ((a[field] as string | number) < (b[field] as string | number) ? -sign : sign))
    .map((doc) => doc.id);
}

/** Follows continuation tokens to the end, checking every page's size on the way. */
export async function walkPages(
  container: Container<PagedDoc>,
  query: Omit<Query, 'continuation'>,
): Promise<{ items: Stored<PagedDoc>[]; pages: number[] }> {
  const items: Stored<PagedDoc>[] = [];
  const pages: number[] = [];
  let continuation: string | undefined;
  do {
    const page = await container.query({ ...query, continuation });
    pages.push(page.items.length);
    items.push(...page.items);
    continuation = page.continuation;
    if (pages.length > PAGED_DOCS) throw new Error('paging does not end');
  } while (continuation);
  return { items, pages };
}
