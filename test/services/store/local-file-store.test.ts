import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, ConflictError } from '../../../services/errors';
import { readAll } from '../../../services/store/document-store';
import { createLocalFileStore } from '../../../services/store/local-file-store';

interface Doc {
  id: string;
  pk: string;
  n: number;
  tag?: string;
}

async function store() {
  const dir = await mkdtemp(path.join(tmpdir(), 'cutover-store-'));
  const s = createLocalFileStore(dir);
  await s.init();
  return { dir, s, docs: s.container<Doc>('batches') };
}

describe('local file store', () => {
  it('creates once and refuses a second create of the same id', async () => {
    const { docs } = await store();
    const created = await docs.create({ id: 'a', pk: 'p', n: 1 });
    expect(created._etag).toBeTruthy();
    await expect(docs.create({ id: 'a', pk: 'p', n: 2 })).rejects.toBeInstanceOf(AlreadyExistsError);
    expect((await docs.read('p', 'a'))?.n).toBe(1);
  });

  it('replaces only with the current etag', async () => {
    const { docs } = await store();
    const first = await docs.create({ id: 'a', pk: 'p', n: 1 });
    const second = await docs.replace({ ...first, n: 2 });
    expect(second._etag).not.toBe(first._etag);
    await expect(docs.replace({ ...first, n: 3 })).rejects.toBeInstanceOf(ConflictError);
    expect((await docs.read('p', 'a'))?.n).toBe(2);
  });

  it('lets exactly one of many concurrent replaces win', async () => {
    const { docs } = await store();
    const doc = await docs.create({ id: 'a', pk: 'p', n: 0 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => docs.replace({ ...doc, n: i + 1 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof ConflictError)).toHaveLength(
      19,
    );
  });

  it('pages with continuation tokens, filtered and sorted', async () => {
    const { docs } = await store();
    await Promise.all(
      Array.from({ length: 2600 }, (_, i) =>
        docs.upsert({
          id: `d${String(i).padStart(4, '0')}`,
          pk: i % 2 ? 'odd' : 'even',
          n: i,
          tag: i % 3 ? 'x' : 'y',
        }),
      ),
    );
    const all = await readAll(docs, { pk: 'even', pageSize: 500 });
    expect(all).toHaveLength(1300);
    expect(all.every((d) => d.n % 2 === 0)).toBe(true);
    const first = await docs.query({
      where: { tag: 'y' },
      orderBy: { field: 'n', direction: 'desc' },
      pageSize: 10,
    });
    expect(first.items.map((d) => d.n)).toEqual([2598, 2595, 2592, 2589, 2586, 2583, 2580, 2577, 2574, 2571]);
    expect(first.continuation).toBeDefined();
    const second = await docs.query({
      where: { tag: 'y' },
      orderBy: { field: 'n', direction: 'desc' },
      pageSize: 10,
      continuation: first.continuation,
    });
    expect(second.items[0]?.n).toBe(2568);
    const anyOf = await docs.query({ where: { n: [1, 2, 3] } });
    expect(anyOf.items.map((d) => d.n).sort()).toEqual([1, 2, 3]);
  });

  it('is durable: a new store on the same directory sees every acknowledged write', async () => {
    const { dir, s, docs } = await store();
    await Promise.all(Array.from({ length: 50 }, (_, i) => docs.upsert({ id: `d${i}`, pk: 'p', n: i })));
    await docs.delete('p', 'd0');
    await s.close();
    const onDisk = JSON.parse(await readFile(path.join(dir, 'batches.json'), 'utf8')) as Doc[];
    expect(onDisk).toHaveLength(49);
    const reopened = createLocalFileStore(dir);
    await reopened.init();
    const again = reopened.container<Doc>('batches');
    expect(await again.read('p', 'd0')).toBeNull();
    expect((await again.read('p', 'd49'))?.n).toBe(49);
  });

  it('returns copies: changing a read document does not change the store', async () => {
    const { docs } = await store();
    const doc = await docs.create({ id: 'a', pk: 'p', n: 1 });
    doc.n = 99;
    expect((await docs.read('p', 'a'))?.n).toBe(1);
  });
});
