import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Container, Stored } from '../../../services/store/document-store';
import { createLocalFileStore } from '../../../services/store/local-file-store';
import { refuse, updateDocument, upsertDocument } from '../../../services/store/update-document';

interface Doc {
  id: string;
  pk: string;
  n: number;
  by?: string[];
}

/** The real local store, with a rival that writes the document just before each of our first `races` replaces. */
async function racing(races: number) {
  const dir = await mkdtemp(path.join(tmpdir(), 'cutover-update-'));
  const store = createLocalFileStore(dir);
  await store.init();
  const docs = store.container<Doc>('batches');
  const calls = { replace: 0, create: 0, reads: 0 };
  let left = races;
  const raced: Container<Doc> = {
    ...docs,
    name: docs.name,
    read: async (pk, id) => {
      calls.reads++;
      return docs.read(pk, id);
    },
    create: async (doc) => {
      calls.create++;
      if (left-- > 0) await docs.create({ ...doc, n: 100, by: ['rival'] });
      return docs.create(doc);
    },
    replace: async (doc) => {
      calls.replace++;
      if (left-- > 0) {
        const now = (await docs.read(doc.pk, doc.id))!;
        await docs.replace({ ...now, n: now.n + 10, by: [...(now.by ?? []), 'rival'] });
      }
      return docs.replace(doc);
    },
  };
  return { docs, raced, calls };
}

const noWait = { sleep: async () => undefined };
const key = { pk: 'p', id: 'a' };

describe('updateDocument', () => {
  it('re-reads and re-applies the mutation after a lost race, then stores it', async () => {
    const { docs, raced, calls } = await racing(2);
    await docs.create({ id: 'a', pk: 'p', n: 1 });
    const seen: number[] = [];
    const result = await updateDocument(
      raced,
      key,
      (current) => {
        seen.push(current.n);
        return { ...current, n: current.n + 1, by: [...(current.by ?? []), 'me'] };
      },
      noWait,
    );
    expect(seen).toEqual([1, 11, 21]);
    expect(result).toMatchObject({ ok: true, written: true, doc: { n: 22, by: ['rival', 'rival', 'me'] } });
    expect((await docs.read('p', 'a'))?.n).toBe(22);
    expect(calls.replace).toBe(3);
  });

  it('a refusal returns its value and writes nothing', async () => {
    const { docs, raced, calls } = await racing(0);
    const before = await docs.create({ id: 'a', pk: 'p', n: 1 });
    const result = await updateDocument(raced, key, (current) =>
      current.n < 5 ? refuse({ code: 'state', n: current.n }) : { ...current, n: 0 },
    );
    expect(result).toEqual({ ok: false, why: 'refused', refusal: { code: 'state', n: 1 } });
    expect(calls.replace).toBe(0);
    expect((await docs.read('p', 'a'))?._etag).toBe(before._etag);
  });

  it('a lost race re-checks: the second look refuses on what the rival wrote', async () => {
    const { docs, raced, calls } = await racing(1);
    await docs.create({ id: 'a', pk: 'p', n: 1, by: [] });
    const result = await updateDocument(raced, key, (current) =>
      current.by?.includes('rival') ? refuse('already decided') : { ...current, by: ['me'] },
    );
    expect(result).toEqual({ ok: false, why: 'refused', refusal: 'already decided' });
    expect(calls.replace).toBe(1);
    expect((await docs.read('p', 'a'))?.by).toEqual(['rival']);
  });

  it('returning the document unchanged writes nothing', async () => {
    const { docs, raced, calls } = await racing(0);
    await docs.create({ id: 'a', pk: 'p', n: 1 });
    const result = await updateDocument(raced, key, (current) => current);
    expect(result).toMatchObject({ ok: true, written: false, doc: { n: 1 } });
    expect(calls.replace).toBe(0);
  });

  it('a missing document is reported and the mutation never runs', async () => {
    const { raced } = await racing(0);
    let ran = false;
    const result = await updateDocument(raced, key, (current) => {
      ran = true;
      return current;
    });
    expect(result).toEqual({ ok: false, why: 'missing' });
    expect(ran).toBe(false);
  });

  it('gives up after the policy’s attempts, with a jittered wait between them', async () => {
    const { docs, raced, calls } = await racing(100);
    await docs.create({ id: 'a', pk: 'p', n: 1 });
    const waits: number[] = [];
    const randoms = [0, 0.5, 0.999, 0.25];
    let r = 0;
    const policy = { attempts: 4, baseMs: 10, capMs: 30, jitter: 'full' as const };
    const result = await updateDocument(raced, key, (current) => ({ ...current, n: current.n + 1 }), {
      policy,
      random: () => randoms[r++]!,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(result).toEqual({ ok: false, why: 'busy' });
    expect(calls.replace).toBe(4);
    expect(calls.reads).toBe(4);
    // Ceilings 10, 20, 30 (capped): each wait is random × ceiling.
    expect(waits).toEqual([0, 10, 29]);
    for (const [i, wait] of waits.entries()) {
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(Math.min(30, 10 * 2 ** i));
    }
  });

  it('starts from the copy the caller holds, unread, and reads only after a lost race', async () => {
    const { docs, raced, calls } = await racing(1);
    const held = await docs.create({ id: 'a', pk: 'p', n: 1 });
    const seen: number[] = [];
    const result = await updateDocument(
      raced,
      key,
      (current) => {
        seen.push(current.n);
        return { ...current, n: current.n + 1 };
      },
      { ...noWait, from: held },
    );
    expect(seen).toEqual([1, 11]);
    expect(calls.reads).toBe(1);
    expect(result).toMatchObject({ ok: true, doc: { n: 12 } });
  });

  it('an error other than a conflict is not retried', async () => {
    const { docs, raced } = await racing(0);
    await docs.create({ id: 'a', pk: 'p', n: 1 });
    let runs = 0;
    const failing: Container<Doc> = {
      ...raced,
      replace: async () => {
        throw new Error('disk full');
      },
    };
    await expect(
      updateDocument(failing, key, (current) => {
        runs++;
        return { ...current, n: 2 };
      }),
    ).rejects.toThrow('disk full');
    expect(runs).toBe(1);
  });
});

describe('upsertDocument', () => {
  it('creates a missing document', async () => {
    const { docs, raced } = await racing(0);
    const result = await upsertDocument(raced, key, (current) => current ?? { id: 'a', pk: 'p', n: 1 });
    expect(result).toMatchObject({ ok: true, written: true, doc: { n: 1 } });
    expect((await docs.read('p', 'a'))?.n).toBe(1);
  });

  it('a create that loses to another one reads again and updates what was made', async () => {
    const { docs, raced, calls } = await racing(1);
    const seen: (Stored<Doc> | null)[] = [];
    const result = await upsertDocument(
      raced,
      key,
      (current) => {
        seen.push(current);
        return current ? { ...current, n: current.n + 1 } : { id: 'a', pk: 'p', n: 1 };
      },
      noWait,
    );
    expect(seen[0]).toBeNull();
    expect(seen[1]?.n).toBe(100);
    expect(result).toMatchObject({ ok: true, doc: { n: 101 } });
    expect(calls.create).toBe(1);
    expect((await docs.read('p', 'a'))?.n).toBe(101);
  });
});
