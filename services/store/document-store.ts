/**
 * The storage port every repository is written against. Two backends implement
 * it: a durable local file store (the zero-configuration default) and Cosmos DB.
 *
 * Documents carry `id` and a partition key `pk`; reads return them with `_etag`.
 * Every replace is conditional on the `_etag` the caller read (If-Match).
 */
export interface BaseDoc {
  id: string;
  pk: string;
}

export type Stored<T extends BaseDoc> = T & { _etag: string };

export type FieldValue = string | number | boolean | null;

export interface Query {
  /** Restrict to one partition (cheap in Cosmos); omit for a cross-partition query. */
  pk?: string;
  /** Equality filters on top-level fields. An array value means "any of". */
  where?: Record<string, FieldValue | FieldValue[]>;
  /** Sort on one top-level field. */
  orderBy?: { field: string; direction?: 'asc' | 'desc' };
  /** Page size, 1..1000. Defaults to 100. */
  pageSize?: number;
  /** The continuation token from the previous page. */
  continuation?: string;
}

export interface Page<T> {
  items: T[];
  /** Present when there are more results. */
  continuation?: string;
}

export interface Container<T extends BaseDoc> {
  readonly name: string;
  read(pk: string, id: string): Promise<Stored<T> | null>;
  /** Fails with AlreadyExistsError when the id is taken. */
  create(doc: T): Promise<Stored<T>>;
  /** Fails with ConflictError when the stored _etag is not `doc._etag`. */
  replace(doc: Stored<T>): Promise<Stored<T>>;
  /** Unconditional write: only for documents with a single writer (snapshots). */
  upsert(doc: T): Promise<Stored<T>>;
  /** Deletes; with an etag the delete is conditional. Missing documents are fine. */
  delete(pk: string, id: string, etag?: string): Promise<void>;
  query(query: Query): Promise<Page<Stored<T>>>;
}

export const CONTAINERS = [
  'batches',
  'batchUsers',
  'intents',
  'approvals',
  'conversations',
  'audit',
  'leases',
  'preflight',
  'runbooks',
  'notices',
  'sendBudgets',
  'history',
  'digests',
] as const;
export type ContainerName = (typeof CONTAINERS)[number];

export interface DocumentStore {
  container<T extends BaseDoc>(name: ContainerName): Container<T>;
  /** Creates what is missing (idempotent). */
  init(): Promise<void>;
  close(): Promise<void>;
}

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

export function pageSizeOf(query: Query): number {
  const size = query.pageSize ?? DEFAULT_PAGE_SIZE;
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(size)));
}

/** Reads every page of a query. Only for bounded sets (a batch's users: at most 2,000). */
export async function readAll<T extends BaseDoc>(
  container: Container<T>,
  query: Omit<Query, 'continuation'>,
): Promise<Stored<T>[]> {
  const all: Stored<T>[] = [];
  let continuation: string | undefined;
  do {
    const page = await container.query({ ...query, pageSize: query.pageSize ?? MAX_PAGE_SIZE, continuation });
    all.push(...page.items);
    continuation = page.continuation;
  } while (continuation);
  return all;
}
