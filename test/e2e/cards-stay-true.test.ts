import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPERSEDED_TITLE } from '../../cards/superseded';
import { type DemoUser, makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import type { ConnectorCall } from '../support/connector';
import { cardActions, cardOf, cardText, eventually } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { type Stack, startStack } from '../support/stack';

/** The chat the fixtures use, and a second one (another chat where someone asks for the batch too). */
const MAIN = 'a:1zYxWvUtSrQpOnMlKjIhGfEdCbA';
const OTHER = 'a:1otherChatWithTheSameBot';

type Card = Record<string, unknown>;

const isBatchCard = (card: Card) => cardActions(card).some((a) => a.verb === 'batch.users');
const isSuperseded = (card: Card) => cardText(card).startsWith(`${SUPERSEDED_TITLE}:`);

describe('batch cards stay true: every card the bot posted follows the batch or says it is superseded', () => {
  let stack: Stack;
  /** Cards answered in place by card actions (not seen by the connector), with when they were answered. */
  const answered: { activityId: string; card: Card; after: number }[] = [];

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const calls = () => stack.connector.calls;
  const repos = () => stack.bot.services.ctx.repos;
  async function say(text: string, conversationId = MAIN, from: DemoUser = USERS.alex) {
    const message = makeMessage({ text, from, conversationId, serviceUrl: stack.connector.url });
    await postActivity(stack.bot.url, message);
    // The answer replies to the message; what the notifier posts does not.
    return eventually(
      () => calls().find((c) => c.kind === 'reply' && c.activityId === message.id),
      10_000,
      `reply to ${text}`,
    );
  }
  async function invoke(verb: string, data: unknown, replyToId: string, conversationId = MAIN) {
    const answer = await postActivity(
      stack.bot.url,
      makeInvoke({ verb, data, replyToId, conversationId, serviceUrl: stack.connector.url }),
    );
    const body = answer.body as { statusCode: number; value: Card };
    expect(body.statusCode).toBe(200);
    answered.push({ activityId: replyToId, card: body.value, after: calls().length });
    return body.value;
  }
  const batch = (tenant: string, id: string) => repos().batches.read(tenant, id);

  /** Every activity's cards in the order the chat showed them: posts, in-place answers, updates. */
  function timeline(): Map<string, Card[]> {
    const shown = new Map<string, Card[]>();
    const add = (id: string, card: Card) => shown.set(id, [...(shown.get(id) ?? []), card]);
    const cardIn = (call: ConnectorCall) =>
      (call.body.attachments as { content: Card }[] | undefined)?.[0]?.content;
    calls().forEach((call, index) => {
      for (const a of answered.filter((x) => x.after === index)) add(a.activityId, a.card);
      const card = cardIn(call);
      if (!card) return;
      if (call.kind === 'update' && call.activityId) add(call.activityId, card);
      else if (call.createdId) add(call.createdId, card);
    });
    for (const a of answered.filter((x) => x.after >= calls().length)) add(a.activityId, a.card);
    return shown;
  }

  it('posts several batch cards (create, status, start with an override, cutover confirmation, a second chat) and all end Completed or superseded', async () => {
    const defects = (await (await fetch(`${stack.simulator.url}/_simulator/defects`)).json()) as {
      tenant: string;
      email: string;
      defect: string;
    }[];
    const held = defects.find((d) => d.tenant === 'northwindtraders' && d.defect === 'litigation-hold')!;
    const emails = [...(await northwindUsers(stack.simulator.url, 3)), held.email];
    const id = 'northwind~cardswave';

    // 1. Create: the first batch card.
    const created = await say(
      `batch create CardsWave --tenant northwind --scenario cross-tenant\nEmailAddress\n${emails.join('\n')}`,
    );
    await eventually(async () => (await batch('northwind', id))?.state === 'Created', 10_000, 'Created');

    // 2. Status in the same chat: a second card; the first becomes "superseded".
    const status = await say('batch status CardsWave');
    expect(isBatchCard(cardOf(status.body))).toBe(true);
    const firstSuperseded = await eventually(
      () =>
        calls().find(
          (c) => c.kind === 'update' && c.activityId === created.createdId && isSuperseded(cardOf(c.body)),
        ),
      5000,
      'the first card superseded',
    );
    expectValidCard(cardOf(firstSuperseded.body));
    expect(cardText(cardOf(firstSuperseded.body))).toContain('CardsWave');

    // 3. An admin starts despite the failed preflight: the answer says the approval card follows, and
    // it does follow (after the preflight summary that explains the failure), with the override reason.
    const reason = 'Holds are released tonight; the legal team agreed';
    const mark = calls().length;
    const started = await say(`batch start CardsWave --override "${reason}"`);
    expect(String(started.body.text)).toMatch(/The approval card follows/);
    const approvalPost = await eventually(
      () =>
        calls()
          .slice(mark)
          .find((c) => c.createdId && cardActions(cardOf(c.body)).some((a) => a.verb === 'approval.approve')),
      5000,
      'the approval card',
    );
    expect(calls().indexOf(approvalPost)).toBeGreaterThan(calls().indexOf(started));
    const approvalCard = cardOf(approvalPost.body);
    expectValidCard(approvalCard);
    expect(cardText(approvalCard)).toContain(`Override reason: ${reason}`);
    expect(cardText(approvalCard)).toMatch(/started anyway by Alex Wilber/);
    const approve = cardActions(approvalCard).find((a) => a.verb === 'approval.approve')!;

    // 4. The batch is asked for in a second chat too: that chat gets its own live card.
    const elsewhere = await say('batch status CardsWave', OTHER);
    expect(isBatchCard(cardOf(elsewhere.body))).toBe(true);

    // 5. Approve (self-approval is allowed in the demo tenant); the batch syncs.
    await invoke('approval.approve', approve.data, approvalPost.createdId!);
    await eventually(
      async () => ['Synced', 'SyncedWithErrors'].includes((await batch('northwind', id))?.state ?? ''),
      30_000,
      'Synced',
    );

    // 6. Cut over by command: the confirmation card turns into the batch card when confirmed.
    const confirmPost = await say('batch cutover CardsWave');
    const confirm = cardActions(cardOf(confirmPost.body)).find((a) => a.verb === 'batch.confirm')!;
    const confirmed = await invoke('batch.confirm', confirm.data, confirmPost.createdId!);
    expect(isBatchCard(confirmed)).toBe(true);
    const cutoverApproval = await eventually(
      () =>
        [...calls()]
          .reverse()
          .find(
            (c) =>
              c.createdId &&
              /cut over CardsWave/.test(cardText(cardOf(c.body))) &&
              cardActions(cardOf(c.body)).some((a) => a.verb === 'approval.approve'),
          ),
      5000,
      'the cutover approval card',
    );
    const approveCutover = cardActions(cardOf(cutoverApproval.body)).find(
      (a) => a.verb === 'approval.approve',
    )!;
    await invoke('approval.approve', approveCutover.data, cutoverApproval.createdId!);

    // 7. Completed: announced in the batch's main chat (cross-tenant: a new Outlook profile is needed).
    const completedPost = await eventually(
      () => calls().find((c) => /\*\*CardsWave\*\* is completed/.test(String(c.body.text ?? ''))),
      30_000,
      'the completed announcement',
    );
    expect(String(completedPost.body.text)).toMatch(/Users now need a new Outlook profile/);
    expect(completedPost.conversationId).toBe(MAIN);
    const stored = await batch('northwind', id);
    expect(stored?.state).toBe('Completed');

    // Every activity that ever showed this batch's card ends showing Completed, or superseded.
    const live = new Set((stored?.cards ?? []).map((c) => c.activityId));
    expect(live.size).toBe(2);
    const finals = await eventually(
      () => {
        const shown = [...timeline()].filter(([, cards]) =>
          cards.some((c) => isBatchCard(c) && cardText(c).includes('CardsWave')),
        );
        const ends = shown.map(([activityId, cards]) => ({ activityId, card: cards.at(-1)! }));
        const settled = ends.every(
          ({ card }) => isSuperseded(card) || (isBatchCard(card) && /\bCompleted\b/.test(cardText(card))),
        );
        return settled ? ends : undefined;
      },
      10_000,
      'every batch card to show Completed or superseded',
    );
    // create, status, start, the second chat's status and the confirmation: five batch cards.
    expect(finals.map((f) => f.activityId).sort()).toEqual(
      [
        created.createdId,
        status.createdId,
        started.createdId,
        elsewhere.createdId,
        confirmPost.createdId,
      ].sort(),
    );
    for (const { activityId, card } of finals) {
      expectValidCard(card);
      expect(isSuperseded(card) ? 'superseded' : 'live').toBe(live.has(activityId) ? 'live' : 'superseded');
    }
    expect([...live].sort()).toEqual([elsewhere.createdId, confirmPost.createdId].sort());
  }, 90_000);

  it('a superseded card shows the current state again on request, and then it is the one that follows', async () => {
    const stored = (await batch('northwind', 'northwind~cardswave'))!;
    const refreshed = await invoke(
      'batch.refresh',
      { batchId: stored.id, version: stored.version },
      // The status card of step 2, superseded in step 3.
      [...timeline()].find(([, cards]) => cards.length > 1 && isSuperseded(cards.at(-1)!))![0],
    );
    expect(isBatchCard(refreshed)).toBe(true);
    expect(cardText(refreshed)).toMatch(/\bCompleted\b/);
    const after = (await batch('northwind', 'northwind~cardswave'))!;
    expect(after.cards?.filter((c) => c.conversationKey === stored.cards![0]!.conversationKey)).toHaveLength(
      1,
    );
    expect(after.cards!.map((c) => c.activityId)).toContain(answered.at(-1)!.activityId);
  });

  it('a hybrid batch completes without asking for a new Outlook profile', async () => {
    const emails = await northwindUsers(stack.simulator.url, 2, 'fabrikam');
    const id = 'fabrikam~hybridwave';
    await say(
      `batch create HybridWave --tenant fabrikam --scenario hybrid\nEmailAddress\n${emails.join('\n')}`,
    );
    await eventually(async () => (await batch('fabrikam', id))?.state === 'Created', 10_000, 'Created');
    const approvalOf = async () => {
      const pending = await repos().approvals.query({ pk: id, where: { status: 'pending' } });
      return pending.items[0];
    };
    const approveLatest = async () => {
      const approval = await eventually(approvalOf, 10_000, 'the approval');
      const card = approval.cards[0]!;
      await invoke(
        'approval.approve',
        { approvalId: approval.id, batchId: id, version: approval.batchVersion },
        card.activityId!,
      );
    };
    await say('batch start HybridWave');
    await approveLatest();
    await eventually(
      async () => ['Synced', 'SyncedWithErrors'].includes((await batch('fabrikam', id))?.state ?? ''),
      30_000,
      'Synced',
    );
    const confirmPost = await say('batch cutover HybridWave');
    const confirm = cardActions(cardOf(confirmPost.body)).find((a) => a.verb === 'batch.confirm')!;
    await invoke('batch.confirm', confirm.data, confirmPost.createdId!);
    await approveLatest();
    const completed = await eventually(
      () => calls().find((c) => /\*\*HybridWave\*\* is completed/.test(String(c.body.text ?? ''))),
      30_000,
      'the completed announcement',
    );
    expect(String(completed.body.text)).toContain(
      'No profile reset is needed: users keep their Outlook profile.',
    );
    expect(String(completed.body.text)).not.toMatch(/new Outlook profile/);
  }, 90_000);
});
