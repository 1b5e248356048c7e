import { AlreadyExistsError, ConflictError } from '../errors';
import { backoffMs, POLICIES, type RetryPolicy, sleep } from '../retry/policies';
import type { BaseDoc, Container, Stored } from './document-store';

/**
 * Conditional updates: read a document, decide on the new one with a mutation that may refuse,
 * replace it only if nobody wrote it meanwhile (If-Match on the `_etag` read), and on a lost race
 * read again and decide again. This and the store are the only places that handle ConflictError.
 */

const REFUSED: unique symbol = Symbol('refused');

/** A mutation's "no": nothing is written and the value is handed back to the caller. */
export interface Refusal<R> {
  readonly [REFUSED]: true;
  readonly value: R;
}

export function refuse<R>(value: R): Refusal<R> {
  return { [REFUSED]: true, value };
}

function isRefusal(value: unknown): value is Refusal<unknown> {
  return typeof value === 'object' && value !== null && REFUSED in value;
}

/**
 * Decides on the new document from the stored one. Returning `current` itself leaves the document as
 * it is (nothing is written); returning `refuse(value)` stops with that value. It may read other
 * documents but writes nothing: it runs again, on a fresh read, after every lost race.
 */
export type Mutation<T extends BaseDoc, R> = (
  current: Stored<T>,
  attempt: number,
) => T | Stored<T> | Refusal<R> | Promise<T | Stored<T> | Refusal<R>>;

export type Updated<T extends BaseDoc, R> =
  /** `written` is false when the mutation left the document as it was. */
  | { ok: true; doc: Stored<T>; written: boolean }
  | { ok: false; why: 'refused'; refusal: R }
  | { ok: false; why: 'missing' }
  /** Every try lost a race. */
  | { ok: false; why: 'busy' };

export interface DocumentKey {
  pk: string;
  id: string;
}

export interface UpdateOptions<T extends BaseDoc = BaseDoc> {
  /** Tries and backoff between lost races; POLICIES.conditionalUpdate by default. */
  policy?: RetryPolicy;
  /** The document as the caller holds it (its own last write): the first try starts from it unread. */
  from?: Stored<T>;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Read, mutate, replace with If-Match; on a conflict wait a little (jittered) and start over. */
export async function updateDocument<T extends BaseDoc, R = never>(
  repo: Container<T>,
  key: DocumentKey,
  mutate: Mutation<T, R>,
  options: UpdateOptions<T> = {},
): Promise<Updated<T, R>> {
  return loop<T, R>(
    repo,
    key,
    async (current, attempt) => (current ? mutate(current, attempt) : MISSING),
    options,
  );
}

/**
 * The create-if-absent variant: the mutation also sees a missing document (`null`), and a document it
 * returns then is created; a create that loses to another one reads again and decides again.
 */
export async function upsertDocument<T extends BaseDoc, R = never>(
  repo: Container<T>,
  key: DocumentKey,
  mutate: (
    current: Stored<T> | null,
    attempt: number,
  ) => T | Stored<T> | Refusal<R> | Promise<T | Stored<T> | Refusal<R>>,
  options: UpdateOptions<T> = {},
): Promise<Exclude<Updated<T, R>, { why: 'missing' }>> {
  return loop(repo, key, async (current, attempt) => mutate(current, attempt), options) as Promise<
    Exclude<Updated<T, R>, { why: 'missing' }>
  >;
}

const MISSING = Symbol('missing');
type Decision<T extends BaseDoc, R> = T | Stored<T> | Refusal<R> | typeof MISSING;

async function loop<T extends BaseDoc, R>(
  repo: Container<T>,
  key: DocumentKey,
  decide: (current: Stored<T> | null, attempt: number) => Promise<Decision<T, R>>,
  options: UpdateOptions<T>,
): Promise<Updated<T, R>> {
  const policy = options.policy ?? POLICIES.conditionalUpdate;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await (options.sleep ?? sleep)(backoffMs(policy, attempt - 1, options.random));
    const current = attempt === 1 && options.from ? options.from : await repo.read(key.pk, key.id);
    const next = await decide(current, attempt);
    if (next === MISSING) return { ok: false, why: 'missing' };
    if (isRefusal(next)) return { ok: false, why: 'refused', refusal: next.value as R };
    if (current && next === current) return { ok: true, doc: current, written: false };
    const stored = current
      ? await replaceIfUnchanged(repo, { ...next, _etag: current._etag })
      : await createIfAbsent(repo, next);
    if (stored) return { ok: true, doc: stored, written: true };
  }
  return { ok: false, why: 'busy' };
}

/** One conditional replace: the stored document, or null when someone wrote it since it was read. */
export async function replaceIfUnchanged<T extends BaseDoc>(
  repo: Container<T>,
  doc: Stored<T>,
): Promise<Stored<T> | null> {
  try {
    return await repo.replace(doc);
  } catch (error) {
    if (error instanceof ConflictError) return null;
    throw error;
  }
}

/** One create: the stored document, or null when the id is taken. */
export async function createIfAbsent<T extends BaseDoc>(
  repo: Container<T>,
  doc: T,
): Promise<Stored<T> | null> {
  try {
    return await repo.create(doc);
  } catch (error) {
    if (error instanceof AlreadyExistsError) return null;
    throw error;
  }
}
