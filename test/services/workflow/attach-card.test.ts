import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseTenantsFile } from '../../../services/config/tenants';
import type { ServiceContext } from '../../../services/context';
import {
  type Batch,
  batchId,
  liveCards,
  MAX_LIVE_CARDS,
  mainConversation,
} from '../../../services/model/batch';
import { attachCard } from '../../../services/workflow/attach-card';
import { TEST_EXCHANGE, testServiceContext } from '../../support/service-context';

const TENANTS = parseTenantsFile({
  tenants: [{ id: 'fabrikam', displayName: 'Fabrikam', scenarios: ['cross-tenant'], ...TEST_EXCHANGE }],
});

describe('attachCard: the batch cards that follow a batch', () => {
  let ctx: ServiceContext;
  const id = batchId('fabrikam', 'Wave1');

  beforeEach(async () => {
    ({ ctx } = await testServiceContext({ tenants: TENANTS, now: () => new Date('2026-11-22T10:00:00Z') }));
  });

  async function store(extra: Partial<Batch>) {
    const at = ctx.now().toISOString();
    await ctx.repos.batches.create({
      id,
      pk: 'fabrikam',
      type: 'batch',
      tenantId: 'fabrikam',
      name: 'Wave1',
      nameKey: 'wave1',
      scenario: 'cross-tenant',
      version: 3,
      state: 'Syncing',
      userCount: 2,
      createdBy: { id: 'op-1' },
      createdAt: at,
      updatedAt: at,
      ...extra,
    });
  }
  const read = async () => (await ctx.repos.batches.read('fabrikam', id))!;

  it('keeps one live card per conversation; a newer card there supersedes the older one', async () => {
    await store({ card: { conversationKey: 'c-main' } });
    expect(await attachCard(ctx, id, { conversationKey: 'c-main', activityId: 'a1' })).toEqual({
      superseded: [],
    });
    expect(await attachCard(ctx, id, { conversationKey: 'c-other', activityId: 'b1' })).toEqual({
      superseded: [],
    });
    const replaced = await attachCard(ctx, id, { conversationKey: 'c-main', activityId: 'a2' });
    expect(replaced.superseded).toEqual([{ conversationKey: 'c-main', activityId: 'a1' }]);
    const batch = await read();
    expect(batch.cards).toEqual([
      { conversationKey: 'c-other', activityId: 'b1' },
      { conversationKey: 'c-main', activityId: 'a2' },
    ]);
    // The main conversation and its first card stay: milestones keep going there.
    expect(batch.card).toEqual({ conversationKey: 'c-main', activityId: 'a1' });
    expect(mainConversation(batch)).toBe('c-main');
  });

  it('recording a card that is already live changes nothing', async () => {
    await store({ card: { conversationKey: 'c-main' } });
    await attachCard(ctx, id, { conversationKey: 'c-main', activityId: 'a1' });
    const before = await read();
    expect(await attachCard(ctx, id, { conversationKey: 'c-main', activityId: 'a1' })).toEqual({
      superseded: [],
    });
    expect((await read())._etag).toBe(before._etag);
  });

  it('reads a document with only the older single card as that one live card, and migrates it on write', async () => {
    await store({ card: { conversationKey: 'c-main', activityId: 'old' } });
    const legacy = await read();
    expect(liveCards(legacy)).toEqual([{ conversationKey: 'c-main', activityId: 'old' }]);
    const result = await attachCard(ctx, id, { conversationKey: 'c-main', activityId: 'new' });
    expect(result.superseded).toEqual([{ conversationKey: 'c-main', activityId: 'old' }]);
    const migrated = await read();
    expect(migrated.cards).toEqual([{ conversationKey: 'c-main', activityId: 'new' }]);
    expect(migrated.card).toEqual({ conversationKey: 'c-main', activityId: 'old' });
  });

  it(`keeps at most ${MAX_LIVE_CARDS} conversations; beyond, the oldest card is superseded`, async () => {
    await store({ card: { conversationKey: 'c-0' } });
    for (let i = 0; i < MAX_LIVE_CARDS; i++) {
      expect(
        (await attachCard(ctx, id, { conversationKey: `c-${i}`, activityId: `a${i}` })).superseded,
      ).toEqual([]);
    }
    const over = await attachCard(ctx, id, { conversationKey: 'c-new', activityId: 'z' });
    expect(over.superseded).toEqual([{ conversationKey: 'c-0', activityId: 'a0' }]);
    const batch = await read();
    expect(batch.cards).toHaveLength(MAX_LIVE_CARDS);
    expect(batch.cards!.at(-1)).toEqual({ conversationKey: 'c-new', activityId: 'z' });
    expect(mainConversation(batch)).toBe('c-0');
  });

  it('a batch that no longer exists records nothing', async () => {
    expect(await attachCard(ctx, id, { conversationKey: 'c-main', activityId: 'a1' })).toEqual({
      superseded: [],
    });
  });

  it('cards recorded for one batch at once share a write, in order, each told what it superseded', async () => {
    await store({ card: { conversationKey: 'c-main' } });
    await attachCard(ctx, id, { conversationKey: 'c-main', activityId: 'a0' });
    const replace = vi.spyOn(ctx.repos.batches, 'replace');
    const answers = await Promise.all([
      attachCard(ctx, id, { conversationKey: 'c-main', activityId: 'a1' }),
      attachCard(ctx, id, { conversationKey: 'c-other', activityId: 'b1' }),
      attachCard(ctx, id, { conversationKey: 'c-main', activityId: 'a2' }),
      attachCard(ctx, id, { conversationKey: 'c-main', activityId: 'a0' }),
    ]);
    // One write for the four: no race on the batch's ETag, no second read.
    expect(replace).toHaveBeenCalledTimes(1);
    expect(answers.map((a) => a.superseded)).toEqual([
      [{ conversationKey: 'c-main', activityId: 'a0' }],
      [],
      [{ conversationKey: 'c-main', activityId: 'a1' }],
      // a0 was no longer live when it came again: recorded anew, superseding a2.
      [{ conversationKey: 'c-main', activityId: 'a2' }],
    ]);
    expect(answers[0]!.batch?.cards).toEqual((await read()).cards);
    expect((await read()).cards).toEqual([
      { conversationKey: 'c-other', activityId: 'b1' },
      { conversationKey: 'c-main', activityId: 'a0' },
    ]);
  });

  it('cards arriving while a write is on its way go together in the next one', async () => {
    await store({ card: { conversationKey: 'c-main' } });
    const replace = vi.spyOn(ctx.repos.batches, 'replace');
    const first = attachCard(ctx, id, { conversationKey: 'c-1', activityId: 'x1' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const later = Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        attachCard(ctx, id, { conversationKey: `c-${i + 2}`, activityId: `x${i + 2}` }),
      ),
    );
    await Promise.all([first, later]);
    expect(replace.mock.calls.length).toBeLessThanOrEqual(2);
    expect((await read()).cards?.map((c) => c.activityId)).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6']);
  });

  it('tells when the batch changed since the card was drawn, and not when only its cards did', async () => {
    await store({ card: { conversationKey: 'c-main' } });
    const drawn = await read();
    // Another card recorded meanwhile: a new ETag, the same batch.
    await attachCard(ctx, id, { conversationKey: 'c-other', activityId: 'b1' });
    const same = await attachCard(ctx, id, { conversationKey: 'c-main', activityId: 'a1' }, drawn);
    expect(same.behind).toBeUndefined();
    // The batch itself moved on (a sync) before the next card drawn from the old reading was recorded.
    const now = await read();
    await ctx.repos.batches.replace({ ...now, state: 'Synced', updatedAt: '2026-11-22T10:05:00Z' });
    const late = await attachCard(ctx, id, { conversationKey: 'c-main', activityId: 'a2' }, drawn);
    expect(late.behind).toBe(true);
    expect(late.batch?.state).toBe('Synced');
    expect(late.batch?.cards?.map((c) => c.activityId)).toEqual(['b1', 'a2']);
    // Drawn from the current batch: not behind.
    const current = await read();
    const fresh = await attachCard(ctx, id, { conversationKey: 'c-third', activityId: 'c1' }, current);
    expect(fresh.behind).toBeUndefined();
  });
});
