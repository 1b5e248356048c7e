import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../simulator';
import { makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import type { ConnectorCall, startConnectorCapture } from '../support/connector';
import {
  cardActions,
  cardOf,
  cardText,
  eventually,
  latestApprovalCard,
  type startTestCutover,
} from '../support/cutover';
import { type Stack, startStack } from '../support/stack';
import { northwindUsers } from '../support/simulator-data';

type Capture = Awaited<ReturnType<typeof startConnectorCapture>>;
type Bot = Awaited<ReturnType<typeof startTestCutover>>;

describe('a cross-tenant migration from Teams, end to end over HTTP', () => {
  let simulator: SimulatorHandle;
  let connector: Capture;
  let bot: Bot;
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000 });
    ({ simulator, connector, bot } = stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const say = (text: string, from = USERS.alex) =>
    postActivity(bot.url, makeMessage({ text, from, serviceUrl: connector.url }));
  const lastReply = (after: number) =>
    connector.calls.slice(after).find((c) => c.kind === 'reply' && c.body.type === 'message');

  it('creates, starts, syncs, cuts over and completes a batch', async () => {
    const emails = await northwindUsers(simulator.url, 5);
    const csv = ['EmailAddress', ...emails].join('\n');

    // 1. Create with one message; the bot answers at once with the batch card.
    let mark = connector.calls.length;
    const created = await say(`batch create Wave1 --tenant northwind --scenario cross-tenant\n${csv}`);
    expect(created.status).toBe(200);
    const createReply = await eventually(() => lastReply(mark), 5000, 'the create reply');
    const createCard = cardOf(createReply.body);
    expectValidCard(createCard);
    expect(cardText(createCard)).toContain('Wave1');
    expect(cardText(createCard)).toMatch(/Creating/);
    let cardId = createReply.createdId!;

    // 2. The intent runner creates the batch in Exchange and the card is updated in place.
    await eventually(
      () => simulator.calls({ cmdlet: 'New-MigrationBatch' }).length === 1,
      10_000,
      'New-MigrationBatch',
    );
    const createdUpdate = await eventually(
      () =>
        connector.calls.find(
          (c) => c.kind === 'update' && c.activityId === cardId && /Created/.test(cardText(cardOf(c.body))),
        ),
      10_000,
      'the card to show Created',
    );
    const newCall = simulator.calls({ cmdlet: 'New-MigrationBatch' })[0]!;
    expect(newCall.tenant).toMatch(/northwind/i);
    expect(newCall.parameters.Name).toBe('Wave1');
    expect(newCall.parameters.SourceEndpoint).toBe('Contoso-CrossTenant');
    expect(newCall.parameters.TargetDeliveryDomain).toBe('northwindtraders.onmicrosoft.com');
    const createdCard = cardOf(createdUpdate.body);
    expectValidCard(createdCard);
    expect(cardActions(createdCard).map((a) => a.verb)).toContain('batch.start');

    // 3. Start by command: gated, so the answer says it waits for approval and an approval card follows.
    mark = connector.calls.length;
    await say('batch start Wave1');
    const startReply = await eventually(
      () =>
        connector.calls
          .slice(mark)
          .find((c) => c.kind === 'reply' && /Asked for approval/.test(String(c.body.text))),
      5000,
      'the start reply',
    );
    expect(cardText(cardOf(startReply.body))).toMatch(/Waiting for approval to start/);
    // The newest batch card in a chat is the one that follows the batch (the first one is superseded).
    cardId = startReply.createdId!;
    const startApproval = await eventually(
      () => latestApprovalCard(connector.calls.slice(mark)),
      5000,
      'the approval card',
    );
    expectValidCard(startApproval.card);
    expect(cardText(startApproval.card)).toContain('Wave1');
    expect(simulator.calls({ cmdlet: 'Start-MigrationBatch' })).toHaveLength(0);
    const approved = await postActivity(
      bot.url,
      makeInvoke({
        verb: 'approval.approve',
        data: startApproval.approve,
        from: USERS.megan,
        serviceUrl: connector.url,
      }),
    );
    expect((approved.body as { statusCode: number }).statusCode).toBe(200);
    expect(cardText((approved.body as { value: unknown }).value)).toContain('Approved by Megan Bowen');
    await eventually(
      () => simulator.calls({ cmdlet: 'Start-MigrationBatch' }).length === 1,
      10_000,
      'Start-MigrationBatch',
    );

    // 4. Progress: the sync job polls at batch level and announces Synced.
    const synced = await eventually(
      () => connector.calls.find((c) => c.kind === 'reply' && /ready for cutover/.test(String(c.body.text))),
      30_000,
      'the synced announcement',
    );
    expect(String(synced.body.text)).toContain('Wave1');
    const syncedCard = await eventually(
      () =>
        [...connector.calls]
          .reverse()
          .find(
            (c: ConnectorCall) =>
              c.kind === 'update' && c.activityId === cardId && /Synced/.test(cardText(cardOf(c.body))),
          ),
      10_000,
      'the card to show Synced',
    );
    const cutoverButton = cardActions(cardOf(syncedCard.body)).find((a) => a.verb === 'batch.cutover');
    expect(cutoverButton).toBeDefined();
    expect(simulator.calls({ cmdlet: 'Get-MigrationUserStatistics' })).toHaveLength(0);

    // 5. Cut over from the card: a confirmation with the count and names, then Complete-MigrationBatch.
    const confirmAnswer = await postActivity(
      bot.url,
      makeInvoke({
        verb: 'batch.cutover',
        data: cutoverButton!.data,
        serviceUrl: connector.url,
        replyToId: cardId,
      }),
    );
    const confirmBody = confirmAnswer.body as { statusCode: number; value: Record<string, unknown> };
    expect(confirmBody.statusCode).toBe(200);
    expectValidCard(confirmBody.value);
    expect(cardText(confirmBody.value)).toContain(emails[0]!);
    const confirm = cardActions(confirmBody.value).find((a) => a.verb === 'batch.confirm')!;
    const done = await postActivity(
      bot.url,
      makeInvoke({ verb: 'batch.confirm', data: confirm.data, serviceUrl: connector.url, replyToId: cardId }),
    );
    const doneBody = done.body as { statusCode: number; value: Record<string, unknown> };
    expect(doneBody.statusCode).toBe(200);
    expect(cardText(doneBody.value)).toMatch(/Waiting for approval to cut over/);
    const cutoverApproval = await eventually(
      () => latestApprovalCard(connector.calls.filter((c) => /cut over/i.test(JSON.stringify(c.body)))),
      5000,
      'the cutover approval card',
    );
    await postActivity(
      bot.url,
      makeInvoke({
        verb: 'approval.approve',
        data: cutoverApproval.approve,
        from: USERS.megan,
        serviceUrl: connector.url,
      }),
    );
    await eventually(
      () => simulator.calls({ cmdlet: 'Complete-MigrationBatch' }).length === 1,
      10_000,
      'Complete-MigrationBatch',
    );

    // 6. Completed: announced, stored, and every provider action happened exactly once.
    await eventually(
      () => connector.calls.find((c) => c.kind === 'reply' && /is completed/.test(String(c.body.text))),
      30_000,
      'the completed announcement',
    );
    const stored = await bot.services.ctx.repos.batches.read('northwind', 'northwind~wave1');
    expect(stored?.state).toBe('Completed');
    expect(stored?.summary?.counts.Completed).toBe(5);
    expect(stored?.summary?.percent).toBe(100);
    for (const cmdlet of ['New-MigrationBatch', 'Start-MigrationBatch', 'Complete-MigrationBatch']) {
      expect(simulator.calls({ cmdlet })).toHaveLength(1);
    }
    const finalCard = [...connector.calls]
      .reverse()
      .find((c) => c.kind === 'update' && c.activityId === cardId)!;
    expectValidCard(cardOf(finalCard.body));
    expect(cardText(cardOf(finalCard.body))).toMatch(/Completed/);
  });
});
