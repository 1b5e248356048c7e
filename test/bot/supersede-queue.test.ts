import { TeamsAdapter } from '@microsoft/teams-ai';
import { ConfigurationServiceClientCredentialFactory, type ConversationReference } from 'botbuilder';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SupersedeQueue } from '../../bot/supersede-queue';
import { SUPERSEDED_TITLE } from '../../cards/superseded';
import { expectValidCard } from '../support/card-schema';
import { type ConnectorCall, startConnectorCapture } from '../support/connector';
import { cardOf, cardText } from '../support/cutover';

function reference(conversationId: string, serviceUrl: string): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl,
    user: { id: '29:alex', name: 'Alex' },
    bot: { id: '28:cutover', name: 'Cutover' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
  };
}

const card = (version: number) => ({ batchId: 'northwind~wave1', batchName: 'Wave1', version });

describe('SupersedeQueue: superseded cards are marked after the turn, in order, each once', () => {
  let connector: Awaited<ReturnType<typeof startConnectorCapture>>;
  const logged: { msg: string; activityIds?: string[]; activityId?: string }[] = [];
  const log = pino(
    { level: 'warn' },
    {
      write: (line: string) => {
        logged.push(JSON.parse(line));
      },
    },
  );
  const newQueue = () =>
    new SupersedeQueue({
      adapter: new TeamsAdapter({}, new ConfigurationServiceClientCredentialFactory({})),
      botAppId: '',
      log,
    });

  /** A connector that refuses every call (as Teams does for a card that was deleted). */
  let refusing: Server;
  let refusingUrl: string;

  beforeAll(async () => {
    connector = await startConnectorCapture();
    refusing = createServer((req, res) => {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"Forbidden"}}');
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await connector?.close();
    await new Promise((resolve) => refusing?.close(resolve));
  });

  const updatesIn = (conversationId: string) =>
    connector.calls.filter((c: ConnectorCall) => c.kind === 'update' && c.conversationId === conversationId);

  it('sends nothing while the turn goes on, then every queued card once, in the order they were superseded', async () => {
    const queue = newQueue();
    const here = async () => reference('a:1chat-order', connector.url);
    queue.add('c-order', here, [{ activityId: 'card-1', card: card(1) }]);
    queue.add('c-order', here, [{ activityId: 'card-2', card: card(1) }]);
    queue.add('c-order', here, [
      { activityId: 'card-3', card: card(2) },
      // Queued again before its update went out: updated once, saying what it was told last.
      { activityId: 'card-1', card: card(3) },
    ]);
    expect(updatesIn('a:1chat-order')).toHaveLength(0);
    await queue.settled();

    const updates = updatesIn('a:1chat-order');
    expect(updates.map((u) => u.activityId)).toEqual(['card-2', 'card-3', 'card-1']);
    for (const update of updates) {
      const shown = cardOf(update.body);
      expectValidCard(shown);
      expect(cardText(shown)).toMatch(new RegExp(`^${SUPERSEDED_TITLE}: Wave1`));
    }
    const versions = updates.map(
      (u) => (cardOf(u.body).actions as { data: { version: number } }[])[0]!.data.version,
    );
    expect(versions).toEqual([1, 2, 3]);
  });

  it('cards superseded while an update is on its way go out after it, and none twice', async () => {
    const queue = newQueue();
    const here = async () => reference('a:1chat-later', connector.url);
    queue.add('c-later', here, [{ activityId: 'first', card: card(1) }]);
    await Promise.resolve();
    await Promise.resolve();
    for (let i = 0; i < 5; i++) queue.add('c-later', here, [{ activityId: `next-${i}`, card: card(1) }]);
    await queue.settled();
    expect(updatesIn('a:1chat-later').map((u) => u.activityId)).toEqual([
      'first',
      'next-0',
      'next-1',
      'next-2',
      'next-3',
      'next-4',
    ]);
  });

  it('a conversation it cannot reach is logged and does not hold up the others', async () => {
    const queue = newQueue();
    logged.length = 0;
    queue.add('c-unknown', async () => undefined, [{ activityId: 'lost-1', card: card(1) }]);
    queue.add('c-down', async () => reference('a:1chat-down', refusingUrl), [
      { activityId: 'down-1', card: card(1) },
      { activityId: 'down-2', card: card(1) },
    ]);
    queue.add('c-fine', async () => reference('a:1chat-fine', connector.url), [
      { activityId: 'fine-1', card: card(1) },
    ]);
    await queue.settled();
    expect(updatesIn('a:1chat-fine').map((u) => u.activityId)).toEqual(['fine-1']);
    expect(logged.find((l) => l.activityIds?.includes('lost-1'))?.msg).toMatch(/no conversation reference/);
    expect(logged.find((l) => l.activityId === 'down-1')?.msg).toMatch(
      /could not mark a batch card as superseded/,
    );
  });

  it('settles only once the recordings it tracks ended, with the updates they queued sent', async () => {
    const queue = newQueue();
    let finish!: () => void;
    const written = new Promise<void>((resolve) => {
      finish = resolve;
    });
    // A recording still writing the card when shutdown begins; once written, it queues the update.
    queue.track(
      written.then(() =>
        queue.add('c-tracked', async () => reference('a:1chat-tracked', connector.url), [
          { activityId: 'older-card', card: card(4) },
        ]),
      ),
    );
    let settled = false;
    const settling = queue.settled().then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    finish();
    await settling;
    expect(updatesIn('a:1chat-tracked').map((u) => u.activityId)).toEqual(['older-card']);
  });
});
