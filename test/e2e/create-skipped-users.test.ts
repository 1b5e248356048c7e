import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../simulator';
import { makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import type { ConnectorCall, startConnectorCapture } from '../support/connector';
import { cardOf, cardText, eventually, type startTestCutover } from '../support/cutover';
import { northwindUsers } from '../support/simulator-data';
import { type Stack, startStack } from '../support/stack';

type Capture = Awaited<ReturnType<typeof startConnectorCapture>>;
type Bot = Awaited<ReturnType<typeof startTestCutover>>;

/** The value of a card's fact (FactSet) with this title. */
function factValue(card: unknown, title: string): string | undefined {
  let found: string | undefined;
  const walk = (node: unknown): void => {
    if (found !== undefined) return;
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.title === title && typeof n.value === 'string') found = n.value;
      else Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
}

describe('users Exchange leaves out of a new batch, over HTTP', () => {
  let simulator: SimulatorHandle;
  let connector: Capture;
  let bot: Bot;
  let stack: Stack;
  let emails: string[];

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000 });
    ({ simulator, connector, bot } = stack);
    emails = await northwindUsers(simulator.url, 5);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const say = (text: string) =>
    postActivity(bot.url, makeMessage({ text, from: USERS.alex, serviceUrl: connector.url }));
  const repos = () => bot.services.ctx.repos;
  const posts = (after: number) =>
    connector.calls.slice(after).filter((c) => c.kind !== 'update' && typeof c.body.text === 'string');
  const cardUpdates = (activityId: string) =>
    connector.calls.filter((c) => c.kind === 'update' && c.activityId === activityId);

  /** Sends `batch create`, returns the id of the card the bot answered with. */
  async function create(name: string, users: string[]): Promise<string> {
    const mark = connector.calls.length;
    const csv = ['EmailAddress', ...users].join('\n');
    const sent = await say(`batch create ${name} --tenant northwind --scenario cross-tenant\n${csv}`);
    expect(sent.status).toBe(200);
    const reply = await eventually(
      () =>
        connector.calls
          .slice(mark)
          .find((c) => c.kind === 'reply' && c.body.type === 'message' && Array.isArray(c.body.attachments)),
      5000,
      `the ${name} create reply`,
    );
    return reply.createdId!;
  }

  it('names the user Exchange left out and why, and the card and the audit count only real users', async () => {
    const [taken, ...rest] = emails;
    await create('First', [taken!]);
    await eventually(
      async () => (await repos().batches.read('northwind', 'northwind~first'))?.state === 'Created',
      10_000,
      'First to be created',
    );

    const mark = connector.calls.length;
    const cardId = await create('Second', [taken!, rest[0]!, rest[1]!]);

    // Exchange took two of the three rows and said why it left the third out.
    await eventually(
      () => simulator.calls({ cmdlet: 'New-MigrationBatch' }).length === 2,
      10_000,
      'New-MigrationBatch for Second',
    );
    const reason = `The user '${taken}' already exists in migration batch 'First'.`;

    // The operator is told at once, in the batch's conversation, with the user and Exchange's reason.
    const told = await eventually(
      () => posts(mark).find((c) => /left 1 out/.test(String(c.body.text))),
      10_000,
      'the left-out post',
    );
    const text = String(told.body.text);
    expect(text).toContain('**Second**');
    expect(text).toContain('with 2 users');
    expect(text).toContain(`- ${taken}: ${reason}`);
    expect(told.conversationId).toBe(connector.calls.find((c) => c.createdId === cardId)?.conversationId);

    // The stored batch counts only the users Exchange has, and keeps who was left out.
    const stored = await eventually(
      async () => {
        const b = await repos().batches.read('northwind', 'northwind~second');
        return b?.summary && b.state === 'Created' ? b : undefined;
      },
      10_000,
      'Second to be synced',
    );
    expect(stored.userCount).toBe(2);
    expect(stored.summary?.total).toBe(2);
    expect(stored.skipped).toEqual({ count: 1, users: [{ email: taken, reason }] });
    const users = await repos().batchUsers.query({ pk: stored.id });
    expect(users.items.map((u) => u.email).sort()).toEqual([rest[0], rest[1]].sort());

    // The card shows two users, never three.
    const card = await eventually(
      () =>
        [...cardUpdates(cardId)]
          .reverse()
          .map((c: ConnectorCall) => cardOf(c.body))
          .find((c) => /Created/.test(cardText(c))),
      10_000,
      'the card to show Created',
    );
    expectValidCard(card);
    expect(factValue(card, 'Users')).toBe('2');

    // The audit of the create says the same: two users in Exchange, one left out, who and why.
    const audit = await repos().audit.query({ pk: stored.id, where: { action: 'create', outcome: 'done' } });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]?.detail).toBe(`2 users in Exchange; 1 left out: ${taken}: ${reason}`);
    const auditMark = connector.calls.length;
    await say('audit Second');
    const auditReply = await eventually(
      () =>
        connector.calls
          .slice(auditMark)
          .find((c) => c.kind === 'reply' && JSON.stringify(c.body).includes('1 left out')),
      5000,
      'the audit card',
    );
    const auditCard = cardOf(auditReply.body);
    expectValidCard(auditCard);
    expect(cardText(auditCard)).toContain(`2 users in Exchange; 1 left out: ${taken}`);

    // Preflight and the start gate read the batch's users from the create: only the two Exchange has.
    const intent = await repos().intents.read(stored.id, `${stored.id}:create:v1`);
    expect(intent?.create?.emails.sort()).toEqual([rest[0], rest[1]].sort());
  });

  it('refuses a batch whose only user is already in another batch, with the user and the reason', async () => {
    const [taken] = emails;
    const mark = connector.calls.length;
    const cardId = await create('Lonely', [taken!]);

    const refused = await eventually(
      () => posts(mark).find((c) => /Exchange refused to create \*\*Lonely\*\*/.test(String(c.body.text))),
      10_000,
      'the refusal post',
    );
    const text = String(refused.body.text);
    expect(text).toContain(`The user '${taken}' already exists in migration batch 'First'.`);
    expect(posts(mark).some((c) => /left \d+ out/.test(String(c.body.text)))).toBe(false);

    const stored = await repos().batches.read('northwind', 'northwind~lonely');
    expect(stored?.state).toBe('CreateFailed');
    expect(stored?.lastError?.message).toContain(`The user '${taken}' already exists in migration batch`);
    expect(stored?.skipped).toBeUndefined();
    const [call] = simulator
      .calls({ cmdlet: 'New-MigrationBatch' })
      .filter((c) => c.parameters.Name === 'Lonely');
    expect(call?.status).toBe(400);

    // The card never says Created, nor 100%.
    const updates = cardUpdates(cardId).map((c) => cardOf(c.body));
    expect(updates.length).toBeGreaterThan(0);
    for (const card of updates) {
      expectValidCard(card);
      expect(cardText(card)).not.toMatch(/\bCreated\b/);
      expect(cardText(card)).not.toMatch(/100\s?%/);
    }
    expect(cardText(updates.at(-1))).toMatch(/CreateFailed|Create failed|Could not create/);
    const audit = await repos().audit.query({
      pk: stored!.id,
      where: { action: 'create', outcome: 'failed' },
    });
    expect(audit.items[0]?.detail).toContain(
      `The user '${taken}' already exists in migration batch 'First'.`,
    );
  });
});
