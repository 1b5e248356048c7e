import { TeamsAdapter } from '@microsoft/teams-ai';
import {
  type Activity,
  ConfigurationServiceClientCredentialFactory,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepConnectorClients } from '../../bot/connector-clients';
import { startConnectorCapture } from '../support/connector';

describe('keepConnectorClients: one connector client per service URL for every turn', () => {
  let connector: Awaited<ReturnType<typeof startConnectorCapture>>;
  let other: Awaited<ReturnType<typeof startConnectorCapture>>;
  beforeAll(async () => {
    connector = await startConnectorCapture();
    other = await startConnectorCapture();
  });
  afterAll(async () => {
    await connector?.close();
    await other?.close();
  });

  function message(serviceUrl: string, conversationId: string, text: string): Partial<Activity> {
    return {
      type: 'message',
      id: `m-${text}`,
      channelId: 'msteams',
      serviceUrl,
      from: { id: '29:alex', name: 'Alex' },
      recipient: { id: '28:cutover', name: 'Cutover' },
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      text,
    };
  }

  /** Runs one turn that replies, and gives back the clients the turn was given. */
  async function turn(adapter: TeamsAdapter, activity: Partial<Activity>) {
    let seen: { connector: unknown; tokens: unknown } | undefined;
    await adapter.processActivityDirect('', activity as Activity, async (context: TurnContext) => {
      seen = {
        connector: context.turnState.get(adapter.ConnectorClientKey),
        tokens: context.turnState.get(adapter.UserTokenClientKey),
      };
      await context.sendActivity(`answer to ${context.activity.text}`);
    });
    return seen!;
  }

  it('gives every turn and proactive call to one service URL the same clients, and each service URL its own', async () => {
    const adapter = new TeamsAdapter({}, new ConfigurationServiceClientCredentialFactory({}));
    keepConnectorClients(adapter);
    const first = await turn(adapter, message(connector.url, 'a:1one', 'one'));
    const second = await turn(adapter, message(connector.url, 'a:1two', 'two'));
    const elsewhere = await turn(adapter, message(other.url, 'a:1three', 'three'));
    expect(first.connector).toBeDefined();
    expect(second.connector).toBe(first.connector);
    expect(second.tokens).toBe(first.tokens);
    expect(elsewhere.connector).not.toBe(first.connector);

    let proactive: unknown;
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: connector.url,
      user: { id: '29:alex', name: 'Alex' },
      bot: { id: '28:cutover', name: 'Cutover' },
      conversation: { id: 'a:1one', isGroup: false, conversationType: 'personal', name: '' },
    };
    await adapter.continueConversationAsync('', reference as ConversationReference, async (context) => {
      proactive = context.turnState.get(adapter.ConnectorClientKey);
      await context.sendActivity('later');
    });
    expect(proactive).toBe(first.connector);

    // Every answer still reaches the connector of its own conversation.
    expect(connector.calls.map((c) => [c.conversationId, c.body.text])).toEqual([
      ['a:1one', 'answer to one'],
      ['a:1two', 'answer to two'],
      ['a:1one', 'later'],
    ]);
    expect(other.calls.map((c) => [c.conversationId, c.body.text])).toEqual([
      ['a:1three', 'answer to three'],
    ]);
  });

  it('without it, botbuilder makes new clients for every turn (what this saves)', async () => {
    const adapter = new TeamsAdapter({}, new ConfigurationServiceClientCredentialFactory({}));
    const first = await turn(adapter, message(connector.url, 'a:1one', 'plain one'));
    const second = await turn(adapter, message(connector.url, 'a:1one', 'plain two'));
    expect(second.connector).not.toBe(first.connector);
  });
});
