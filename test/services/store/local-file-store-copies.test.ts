import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalFileStore } from '../../../services/store/local-file-store';

interface Doc {
  id: string;
  pk: string;
  cards: { conversationKey: string; activityId?: string }[];
  summary: { counts: Record<string, number> };
  note?: string;
}

async function open(dir?: string) {
  const at = dir ?? (await mkdtemp(path.join(tmpdir(), 'cutover-store-copies-')));
  const s = createLocalFileStore(at);
  await s.init();
  return { dir: at, s, docs: s.container<Doc>('batches') };
}

const doc = (): Doc => ({
  id: 'northwind~wave1',
  pk: 'northwind',
  cards: [{ conversationKey: 'c-1', activityId: 'a-1' }],
  summary: { counts: { Synced: 2, Failed: 1 } },
  note: undefined,
});

describe('local file store: what it gives and takes are copies', () => {
  it('a document read, queried or written can be changed by its caller without changing the store', async () => {
    const { docs } = await open();
    const input = doc();
    const written = await docs.create(input);
    input.cards.push({ conversationKey: 'c-input' });
    written.cards.push({ conversationKey: 'c-written' });
    written.summary.counts.Synced = 99;

    const read = (await docs.read('northwind', 'northwind~wave1'))!;
    expect(read.cards).toEqual([{ conversationKey: 'c-1', activityId: 'a-1' }]);
    expect(read.summary.counts).toEqual({ Synced: 2, Failed: 1 });
    read.cards[0]!.activityId = 'changed';
    delete read.summary.counts.Failed;

    const [queried] = (await docs.query({ pk: 'northwind' })).items;
    expect(queried).toEqual({ ...doc(), _etag: written._etag });
    queried!.cards.length = 0;
    expect((await docs.read('northwind', 'northwind~wave1'))!.cards).toHaveLength(1);
  });

  it('keeps a field whose value is undefined as structuredClone did, and a field named __proto__ as data', async () => {
    const { docs, dir, s } = await open();
    const odd = JSON.parse(
      '{"id":"x","pk":"p","cards":[],"summary":{"counts":{"__proto__":{"polluted":1}}}}',
    ) as Doc;
    await docs.create(odd);
    const read = (await docs.read('p', 'x'))!;
    expect(Object.keys(read.summary.counts)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(read.summary.counts)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    await docs.create(doc());
    const withUndefined = (await docs.read('northwind', 'northwind~wave1'))!;
    expect('note' in withUndefined).toBe(true);
    expect(withUndefined.note).toBeUndefined();

    // And what was written reads back the same after a restart.
    await s.close();
    const again = await open(dir);
    expect(Object.keys((await again.docs.read('p', 'x'))!.summary.counts)).toEqual(['__proto__']);
    expect((await again.docs.read('northwind', 'northwind~wave1'))!.cards).toEqual(doc().cards);
  });
});
