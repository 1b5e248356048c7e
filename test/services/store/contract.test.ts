import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AlreadyExistsError, ConflictError } from '../../../services/errors';
import {
  CONTAINERS,
  type Container,
  type DocumentStore,
  type Query,
  readAll,
} from '../../../services/store/document-store';
import { expectedIds, PAGED_DOCS, type PagedDoc, pagedDocs, walkPages } from './paging-fixture';
import { cosmosBackend, localBackend } from './store-backends';

interface Doc {
  id: string;
  pk: string;
  n: number;
  tag?: string | null;
  flag?: boolean;
  nested?: { list: number[]; inner: { name: string } };
}

const sample = (id: string, n = 1, pk = 'p1'): Doc => ({
  id,
  pk,
  n,
  tag: null,
  flag: true,
  nested: { list: [1, 2, 3], inner: { name: 'x' } },
});

const keysOf = (doc: object) => Object.keys(doc).sort();

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe.each([localBackend(), cosmosBackend()])('document store contract: $name', (backend) => {
  let store: DocumentStore;
  let docs: Container<Doc>;

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    store = await backend.open();
    docs = store.container<Doc>('batches');
  });

  describe('single documents', () => {
    it('creates and reads back exactly the written fields plus _etag', async () => {
      const doc = sample('a');
      const created = await docs.create(doc);
      expect(created).toEqual({ ...doc, _etag: expect.any(String) });
      expect(keysOf(created)).toEqual(keysOf({ ...doc, _etag: '' }));
      const read = await docs.read('p1', 'a');
      expect(read).toEqual(created);
      expect(keysOf(read as object)).toEqual(keysOf(created));
    });

    it('reads null for a missing id and for the right id in another partition', async () => {
      await docs.create(sample('a'));
      expect(await docs.read('p1', 'missing')).toBeNull();
      expect(await docs.read('p2', 'a')).toBeNull();
    });

    it('refuses a second create of an id in the same partition, but not in another one', async () => {
      await docs.create(sample('a', 1));
      const error = await rejection(docs.create(sample('a', 2)));
      expect(error).toBeInstanceOf(AlreadyExistsError);
      expect(error).toMatchObject({ container: 'batches', id: 'a', code: 'already_exists' });
      expect((await docs.read('p1', 'a'))?.n).toBe(1);
      await docs.create(sample('a', 3, 'p2'));
      expect((await docs.read('p2', 'a'))?.n).toBe(3);
    });

    it('lets exactly one of ten concurrent creates of one id succeed', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => docs.create(sample('a', i))),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(
        results.filter((r) => r.status === 'rejected' && r.reason instanceof AlreadyExistsError),
      ).toHaveLength(9);
      expect((await docs.read('p1', 'a'))?.n).toBe((won[0] as PromiseFulfilledResult<Doc>).value.n);
    });

    it('keeps containers apart: the same id and partition in two containers are two documents', async () => {
      const intents = store.container<Doc>('intents');
      await docs.create(sample('a', 1));
      await intents.create(sample('a', 2));
      expect((await docs.read('p1', 'a'))?.n).toBe(1);
      expect((await intents.read('p1', 'a'))?.n).toBe(2);
    });

    it('returns copies: changing a returned document changes nothing stored', async () => {
      const created = await docs.create(sample('a'));
      created.n = 99;
      created.nested?.list.push(4);
      const read = await docs.read('p1', 'a');
      expect(read?.n).toBe(1);
      expect(read?.nested?.list).toEqual([1, 2, 3]);
    });

    it('makes acknowledged writes visible to another instance over the same data', async () => {
      await docs.create(sample('a', 1));
      await docs.upsert(sample('b', 2));
      await store.close();
      const again = (await backend.reopen(store)).container<Doc>('batches');
      expect((await again.read('p1', 'a'))?.n).toBe(1);
      expect((await again.read('p1', 'b'))?.n).toBe(2);
    });
  });

  describe('optimistic concurrency', () => {
    it('replaces with the current etag and gives a new one; the body never sets _etag', async () => {
      const first = await docs.create(sample('a', 1));
      const second = await docs.replace({ ...first, n: 2 });
      expect(second._etag).not.toBe(first._etag);
      expect(second).toEqual({ ...first, n: 2, _etag: second._etag });
      expect(await docs.read('p1', 'a')).toEqual(second);
    });

    it('refuses a stale etag or a missing document with ConflictError and keeps what is stored', async () => {
      const first = await docs.create(sample('a', 1));
      const second = await docs.replace({ ...first, n: 2 });
      const stale = await rejection(docs.replace({ ...first, n: 3 }));
      expect(stale).toBeInstanceOf(ConflictError);
      expect(stale).toMatchObject({ container: 'batches', id: 'a', code: 'conflict' });
      expect(await docs.read('p1', 'a')).toEqual(second);
      const missing = await rejection(docs.replace({ ...sample('ghost'), _etag: second._etag }));
      expect(missing).toBeInstanceOf(ConflictError);
      expect(await docs.read('p1', 'ghost')).toBeNull();
    });

    it('lets exactly one of 20 concurrent replaces from the same read win', async () => {
      const read = await docs.create(sample('a', 0));
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => docs.replace({ ...read, n: i + 1 })),
      );
      const won = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<
        Doc & { _etag: string }
      >[];
      expect(won).toHaveLength(1);
      expect(
        results.filter((r) => r.status === 'rejected' && r.reason instanceof ConflictError),
      ).toHaveLength(19);
      const stored = await docs.read('p1', 'a');
      expect(stored?.n).toBe(won[0]?.value.n);
      expect(stored?._etag).toBe(won[0]?.value._etag);
    });

    it('upserts unconditionally: creates, then overwrites whatever etag the body carries', async () => {
      const created = await docs.upsert(sample('a', 1));
      expect(await docs.read('p1', 'a')).toEqual(created);
      const overwritten = await docs.upsert({ ...sample('a', 2), _etag: 'not-the-current-etag' } as Doc);
      expect(overwritten.n).toBe(2);
      expect(overwritten._etag).not.toBe(created._etag);
      expect(overwritten._etag).not.toBe('not-the-current-etag');
      expect(await docs.read('p1', 'a')).toEqual(overwritten);
    });

    it('deletes unconditionally, conditionally on the current etag, and ignores missing documents', async () => {
      await docs.create(sample('a'));
      await docs.delete('p1', 'a');
      expect(await docs.read('p1', 'a')).toBeNull();

      const first = await docs.create(sample('b', 1));
      const second = await docs.replace({ ...first, n: 2 });
      const stale = await rejection(docs.delete('p1', 'b', first._etag));
      expect(stale).toBeInstanceOf(ConflictError);
      expect(stale).toMatchObject({ container: 'batches', id: 'b' });
      expect(await docs.read('p1', 'b')).toEqual(second);
      await docs.delete('p1', 'b', second._etag);
      expect(await docs.read('p1', 'b')).toBeNull();

      await expect(docs.delete('p1', 'b')).resolves.toBeUndefined();
      await expect(docs.delete('p1', 'never', 'some-etag')).resolves.toBeUndefined();
    });
  });

  describe('containers', () => {
    it('init is idempotent: a second init keeps every document', async () => {
      await docs.create(sample('a'));
      await store.init();
      await store.init();
      expect((await docs.read('p1', 'a'))?.n).toBe(1);
    });

    it('lets several instances init one fresh backend at once, then use every container', async () => {
      const instances = await backend.openShared(4);
      await Promise.all(instances.map((instance) => instance.init()));
      await Promise.all(instances.map((instance) => instance.init()));
      for (const [i, instance] of instances.entries()) {
        for (const name of CONTAINERS) {
          const container = instance.container<Doc>(name);
          await container.create(sample(`doc-${i}`, i, name));
          expect((await container.read(name, `doc-${i}`))?.n).toBe(i);
        }
      }
    });
  });

  describe(`paging over ${PAGED_DOCS} documents`, () => {
    const source = pagedDocs();
    let pagingStore: DocumentStore;
    let users: Container<PagedDoc>;

    beforeAll(async () => {
      pagingStore = await backend.open();
      users = pagingStore.container<PagedDoc>('batchUsers');
      for (let i = 0; i < source.length; i += 100) {
        await Promise.all(source.slice(i, i + 100).map((doc) => users.create(doc)));
      }
    });

    const cases: [string, Omit<Query, 'continuation'>][] = [
      ['every document, cross-partition, by id', { pageSize: 100 }],
      [
        'one partition, n descending',
        { pk: 'batch-1', orderBy: { field: 'n', direction: 'desc' }, pageSize: 97 },
      ],
      [
        'an equality filter, cross-partition, by email',
        { where: { status: 'Failed' }, orderBy: { field: 'email' }, pageSize: 50 },
      ],
      [
        'an any-of filter, cross-partition, n descending',
        {
          where: { status: ['Synced', 'Failed'] },
          orderBy: { field: 'n', direction: 'desc' },
          pageSize: 250,
        },
      ],
      ['a null filter (missing or null), cross-partition', { where: { tag: null }, pageSize: 100 }],
      [
        'an any-of with null and a second filter, one partition, email descending',
        {
          pk: 'batch-2',
          where: { tag: [null, 'a'], status: ['Syncing', 'Completed'] },
          orderBy: { field: 'email', direction: 'desc' },
          pageSize: 33,
        },
      ],
    ];

    it.each(cases)('sees every match exactly once and in order: %s', async (_, query) => {
      const expected = expectedIds(source, query);
      const { items, pages } = await walkPages(users, query);
      const ids = items.map((doc) => doc.id);
      expect(ids).toEqual(expected);
      expect(new Set(ids).size).toBe(ids.length);
      expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(expected.length / (query.pageSize ?? 100)));
      expect(pages.every((size) => size > 0 && size <= (query.pageSize ?? 100))).toBe(true);
    });

    it('returns documents without system fields other than _etag', async () => {
      const page = await users.query({ pk: 'batch-0', pageSize: 20 });
      expect(page.items).toHaveLength(20);
      for (const item of page.items) {
        const original = source.find((doc) => doc.id === item.id) as PagedDoc;
        expect(item).toEqual({ ...original, _etag: expect.any(String) });
        expect(keysOf(item)).toEqual(keysOf({ ...original, _etag: '' }));
      }
    });

    it('answers a filter nothing matches with one empty page and no continuation', async () => {
      const page = await users.query({ where: { status: 'Unknown' } });
      expect(page).toEqual({ items: [] });
    });

    it('caps the page size at 1,000 and defaults to 100', async () => {
      const big = await users.query({ pageSize: 5000 });
      expect(big.items).toHaveLength(1000);
      expect(big.continuation).toBeDefined();
      const usual = await users.query({ pk: 'batch-0' });
      expect(usual.items).toHaveLength(100);
    });

    it('continues a query on another instance with the token from the first', async () => {
      const query: Omit<Query, 'continuation'> = {
        where: { status: 'Queued' },
        orderBy: { field: 'n' },
        pageSize: 40,
      };
      const first = await users.query(query);
      const other = (await backend.reopen(pagingStore)).container<PagedDoc>('batchUsers');
      const expected = expectedIds(source, query);
      expect(first.items.map((doc) => doc.id)).toEqual(expected.slice(0, 40));
      const second = await other.query({ ...query, continuation: first.continuation });
      expect(second.items.map((doc) => doc.id)).toEqual(expected.slice(40, 80));
    });

    it('readAll reads a whole partition and a cross-partition filter', async () => {
      const partition = await readAll(users, { pk: 'batch-3' });
      expect(partition.map((doc) => doc.id)).toEqual(expectedIds(source, { pk: 'batch-3' }));
      expect(partition).toHaveLength(PAGED_DOCS / 4);
      const query: Omit<Query, 'continuation'> = {
        where: { status: ['Queued'] },
        orderBy: { field: 'n' },
        pageSize: 100,
      };
      const queued = await readAll(users, query);
      expect(queued.map((doc) => doc.id)).toEqual(expectedIds(source, query));
      expect(queued).toHaveLength(PAGED_DOCS / 5);
    });
  });
});
