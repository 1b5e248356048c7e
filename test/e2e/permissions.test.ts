import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../simulator';
import { type DemoUser, makeInvoke, makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import type { startConnectorCapture } from '../support/connector';
import { cardActions, cardOf, cardText, eventually, type startTestCutover } from '../support/cutover';
import { type Stack, startStack } from '../support/stack';
import { northwindUsers } from '../support/simulator-data';

describe('permissions: only operators create, start and cut over', () => {
  let simulator: SimulatorHandle;
  let connector: Awaited<ReturnType<typeof startConnectorCapture>>;
  let bot: Awaited<ReturnType<typeof startTestCutover>>;
  let stack: Stack;
  let csv: string;

  beforeAll(async () => {
    stack = await startStack({ speed: 5_000 });
    ({ simulator, connector, bot } = stack);
    csv = ['EmailAddress', ...(await northwindUsers(simulator.url, 3))].join('\n');
    await say(`batch create Base --tenant northwind --scenario cross-tenant\n${csv}`, USERS.alex);
    await eventually(async () => (await batch())?.state === 'Created', 10_000, 'the batch to be created');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const batch = () => bot.services.ctx.repos.batches.read('northwind', 'northwind~base');
  async function say(text: string, from: DemoUser) {
    const before = connector.calls.length;
    await postActivity(bot.url, makeMessage({ text, from, serviceUrl: connector.url }));
    const reply = await eventually(
      () => connector.calls.slice(before).find((c) => c.kind === 'reply'),
      5000,
      'a reply',
    );
    return cardOf(reply.body);
  }
  const invoke = async (verb: string, data: unknown, from: DemoUser) =>
    (await postActivity(bot.url, makeInvoke({ verb, data, from, serviceUrl: connector.url }))).body as {
      statusCode: number;
      type: string;
      value: { code?: string; message?: string } & Record<string, unknown>;
    };

  function expectRefusal(answer: Awaited<ReturnType<typeof invoke>>, message: RegExp) {
    expect(answer.statusCode).toBe(200);
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expectValidCard(answer.value);
    expect(cardText(answer.value)).toMatch(/^Not allowed\n/);
    expect(cardText(answer.value)).toMatch(message);
    expect(cardActions(answer.value)).toEqual([]);
  }

  for (const [who, user] of [
    ['a user with no role', USERS.patti],
    ['a viewer', USERS.isaiah],
  ] as const) {
    it(`${who} cannot create, start or cut over, and nothing changes`, async () => {
      const before = await batch();
      const callsBefore = simulator.calls().length;
      const intents = async () => (await bot.services.ctx.repos.intents.query({ pk: before!.id })).items;
      const intentsBefore = (await intents()).length;

      const create = await say(
        `batch create Sneaky --tenant northwind --scenario cross-tenant\n${csv}`,
        user,
      );
      expectValidCard(create);
      expect(cardText(create)).toMatch(/operator role/);

      const form = await invoke(
        'batch.create',
        { tenant: 'northwind', scenario: 'cross-tenant', name: 'Sneaky2', csv },
        user,
      );
      expectRefusal(form, /operator role in northwind to create batches/);

      const start = await say('batch start Base', user);
      expect(cardText(start)).toMatch(/operator role/);
      const startCard = await invoke('batch.start', { batchId: before!.id, version: before!.version }, user);
      expectRefusal(startCard, /operator role in northwind to start a batch/);

      const cutover = await invoke(
        'batch.confirm',
        { batchId: before!.id, version: before!.version, action: 'cutover' },
        user,
      );
      expectRefusal(cutover, /operator role in northwind to change a batch/);

      // Destructive commands and buttons are refused at once, never with a confirmation first.
      for (const words of ['batch remove', 'batch cutover', 'batch retry']) {
        const refused = await say(`${words} Base`, user);
        expectValidCard(refused);
        expect(cardText(refused)).toMatch(/^Not allowed\n/);
        expect(cardActions(refused)).toEqual([]);
      }
      for (const verb of ['batch.remove', 'batch.cutover', 'batch.retry']) {
        const refused = await invoke(verb, { batchId: before!.id, version: before!.version }, user);
        expectRefusal(refused, /operator role in northwind/);
      }

      // Nothing changed: same batch version and state, no new batch, no provider call. Every turn
      // has answered, and a provider call comes only from an intent: none was recorded.
      expect(await intents()).toHaveLength(intentsBefore);
      const after = await batch();
      expect(after?.version).toBe(before?.version);
      expect(after?.pending).toBeUndefined();
      expect(await bot.services.ctx.repos.batches.read('northwind', 'northwind~sneaky')).toBeNull();
      expect(await bot.services.ctx.repos.batches.read('northwind', 'northwind~sneaky2')).toBeNull();
      const newCalls = simulator
        .calls()
        .slice(callsBefore)
        .map((c) => c.cmdlet);
      expect(newCalls.filter((c) => !c.startsWith('Get-'))).toEqual([]);
    });
  }

  it('a viewer can still see the batch', async () => {
    const card = await say('batch status Base', USERS.isaiah);
    expectValidCard(card);
    expect(cardText(card)).toContain('Base');
  });

  it('bad input gets the syntax and changes nothing', async () => {
    const before = await batch();
    const typo = await say('batch strat Base', USERS.alex);
    expect(cardText(typo)).toContain('batch start \u2039name\u203A');
    const badCsv = await say(
      'batch create Bad --tenant northwind --scenario cross-tenant\nEmailAddress\nnot-an-address',
      USERS.alex,
    );
    expect(cardText(badCsv)).toMatch(/Row 2 \(EmailAddress\): "not-an-address" is not an email address/);
    const badVerb = await invoke('batch.explode', {}, USERS.alex);
    expect(badVerb.statusCode).toBe(400);
    const badData = await invoke('batch.start', { batchId: before!.id, version: 'x' }, USERS.alex);
    expect(badData.statusCode).toBe(400);
    expect(badData.value.code).toBe('bad_card_data');
    expect((await batch())?.version).toBe(before?.version);
    expect(await bot.services.ctx.repos.batches.read('northwind', 'northwind~bad')).toBeNull();
  });

  it('a stale card gets the current card back instead of acting', async () => {
    const current = await batch();
    const answer = await invoke(
      'batch.start',
      { batchId: current!.id, version: current!.version - 1 },
      USERS.alex,
    );
    expect(answer.statusCode).toBe(200);
    expectValidCard(answer.value);
    expect(cardText(answer.value)).toContain('Base');
    expect((await batch())?.version).toBe(current?.version);
    expect(simulator.calls({ cmdlet: 'Start-MigrationBatch' })).toHaveLength(0);
  });

  it('Cut over, Retry or Remove on a stale card gets the current card saying so, not a confirmation', async () => {
    const current = await batch();
    for (const verb of ['batch.cutover', 'batch.retry', 'batch.remove']) {
      const answer = await invoke(verb, { batchId: current!.id, version: current!.version - 1 }, USERS.alex);
      expect(answer.statusCode).toBe(200);
      expectValidCard(answer.value);
      const text = cardText(answer.value);
      expect(text).toContain('Batch Base changed since this card was shown; here is its current state.');
      expect(text).not.toMatch(/Yes, /);
    }
    expect((await batch())?.version).toBe(current?.version);
  });

  it('an action the state does not allow returns the current card with the reason', async () => {
    const current = await batch();
    const answer = await invoke(
      'batch.confirm',
      { batchId: current!.id, version: current!.version, action: 'cutover' },
      USERS.alex,
    );
    expect(answer.statusCode).toBe(200);
    expectValidCard(answer.value);
    expect(cardText(answer.value)).toContain('Batch Base is Created; you cannot cut over it now.');
    expect((await batch())?.version).toBe(current?.version);
    expect(simulator.calls({ cmdlet: 'Complete-MigrationBatch' })).toHaveLength(0);
  });
});
