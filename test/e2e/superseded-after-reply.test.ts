import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKey } from '../../bot/conversations';
import { SUPERSEDED_TITLE } from '../../cards/superseded';
import { makeMessage, postActivity } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import type { ConnectorCall } from '../support/connector';
import { cardOf, cardText, eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { type Stack, startStack } from '../support/stack';

const CHAT = 'a:1supersededAfterTheReply';
const OTHER_CHAT = 'a:1anotherChatAskingToo';
const BATCH_ID = 'northwind~quickwave';

describe('superseded batch cards are marked after the reply, each exactly once', () => {
  let stack: Stack;
  let closed = false;

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000 });
    const emails = await northwindUsers(stack.simulator.url, 2);
    await say(
      `batch create QuickWave --tenant northwind --scenario cross-tenant\nEmailAddress\n${emails.join('\n')}`,
    );
    await eventually(
      async () =>
        (await stack.bot.services.ctx.repos.batches.read('northwind', BATCH_ID))?.state === 'Created',
      10_000,
      'Created',
    );
  });
  afterAll(async () => {
    if (!closed) await stack?.close();
  });

  const calls = () => stack.connector.calls;
  const isSuperseded = (call: ConnectorCall) =>
    call.kind === 'update' && cardText(cardOf(call.body)).startsWith(`${SUPERSEDED_TITLE}:`);

  async function say(text: string, conversationId = CHAT) {
    const message = makeMessage({ text, conversationId, serviceUrl: stack.connector.url });
    const answer = await postActivity(stack.bot.url, message);
    expect(answer.status).toBe(200);
    // The reply is sent before the turn answers.
    const reply = calls().find((c) => c.kind === 'reply' && c.activityId === message.id);
    expect(reply?.createdId).toBeDefined();
    return reply!;
  }

  it('a card whose batch changed before it was recorded is brought up to date', async () => {
    const HELD_CHAT = 'a:1replyHeldWhileTheBatchChanges';
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The Bot Connector keeps the reply waiting (the card is drawn, not yet recorded) ...
    stack.connector.hold = (call) =>
      call.kind === 'reply' && call.conversationId === HELD_CHAT ? released : undefined;
    const message = makeMessage({
      text: 'batch status QuickWave',
      conversationId: HELD_CHAT,
      serviceUrl: stack.connector.url,
    });
    const answered = postActivity(stack.bot.url, message);
    const reply = await stack.connector.waitFor(
      (c) => c.kind === 'reply' && c.conversationId === HELD_CHAT,
      10_000,
    );
    // ... while the batch changes and its live cards are updated, this one not yet among them.
    const ctx = stack.bot.services.ctx;
    const before = (await ctx.repos.batches.read('northwind', BATCH_ID))!;
    const changed = await ctx.repos.batches.replace({ ...before, completeAfter: '2030-01-01T09:00:00.000Z' });
    await ctx.events.batchChanged(changed);
    expect(stack.connector.calls.some((c) => c.kind === 'update' && c.activityId === reply.createdId)).toBe(
      false,
    );
    release();
    stack.connector.hold = undefined;
    expect((await answered).status).toBe(200);
    const update = await stack.connector.waitFor(
      (c) => c.kind === 'update' && c.activityId === reply.createdId,
      10_000,
    );
    expectValidCard(cardOf(update.body));
    expect(cardText(cardOf(update.body))).toContain('2030-01-01');
    expect(cardText(cardOf(reply.body))).not.toContain('2030-01-01');
  });

  it('many status commands at once in one chat: every card but the newest says superseded, once, and the newest follows the batch', async () => {
    const elsewhere = await say('batch status QuickWave', OTHER_CHAT);
    const before = calls().length;
    const replies = await Promise.all(Array.from({ length: 12 }, () => say('batch status QuickWave')));
    const posted = new Set(
      [...calls().slice(0, before), ...replies]
        .filter((c) => c.kind === 'reply' && c.conversationId === CHAT)
        .map((c) => c.createdId!),
    );
    expect(posted.size).toBe(13);

    const supersededIds = () =>
      calls()
        .filter(isSuperseded)
        .map((c) => c.activityId!);
    // The turn answers once its reply is out; recording the card follows it (bot/batch-cards.ts).
    let liveId = '';
    let cards: string[] = [];
    await eventually(
      async () => {
        const batch = await stack.bot.services.ctx.repos.batches.read('northwind', BATCH_ID);
        const live = batch?.cards?.filter((c) => c.conversationKey === conversationKey(CHAT)) ?? [];
        if (live.length !== 1) return false;
        liveId = live[0]!.activityId!;
        cards = batch?.cards?.map((c) => c.activityId!) ?? [];
        return [...posted].every((id) => id === liveId || supersededIds().includes(id));
      },
      10_000,
      'every older card in the chat superseded',
    );
    expect(posted.has(liveId)).toBe(true);
    expect(cards).toContain(elsewhere.createdId);
    // Stopping waits for the updates on their way: none is left to come after this.
    await stack.close();
    closed = true;

    const counts = new Map<string, number>();
    for (const id of supersededIds()) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(counts.has(liveId)).toBe(false);
    expect(counts.has(elsewhere.createdId!)).toBe(false);
    for (const id of posted) if (id !== liveId) expect(counts.get(id), `updates of ${id}`).toBe(1);
    for (const call of calls().filter(isSuperseded)) {
      expectValidCard(cardOf(call.body));
      expect(cardText(cardOf(call.body))).toContain('QuickWave');
      expect(call.conversationId).toBe(CHAT);
    }
  });
});
