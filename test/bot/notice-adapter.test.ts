import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ConversationReference,
} from 'botbuilder';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNoticeAdapter } from '../../bot/notice-adapter';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import { installAndChat } from '../simulator/notice-support';
import { type Json, NORTHWIND_ID, northwindMailUserRecipients } from '../simulator/sim-client';

/** The notice adapter against the simulator's Bot Connector, which counts every request it refuses. */
describe('notice adapter: the connector client leaves 429 and 5xx to the notice worker', () => {
  let sim: SimulatorHandle;
  let users: Json[];

  beforeAll(async () => {
    sim = await startSimulator();
    users = await northwindMailUserRecipients(sim.url);
  });
  afterEach(() => sim.faults.reset());
  afterAll(() => sim.close());

  async function send(adapter: CloudAdapter, user: Json): Promise<unknown> {
    const chatId = await installAndChat(sim.url, user.email);
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: `${sim.url}/`,
      bot: { id: 'cutover', name: 'Cutover' },
      conversation: {
        id: chatId,
        conversationType: 'personal',
        isGroup: false,
        name: '',
        tenantId: NORTHWIND_ID,
      },
    };
    try {
      await adapter.continueConversationAsync('', reference as ConversationReference, async (context) => {
        await context.sendActivity({ type: 'message', text: 'Your mailbox has moved' });
      });
      return undefined;
    } catch (error) {
      return error;
    }
  }

  const noticeAdapter = () => createNoticeAdapter({}, new ConfigurationServiceClientCredentialFactory({}));

  it('reports a 429 with its Retry-After at once, without sending again', async () => {
    sim.faults.connectorThrottle(1, 2);
    const before = sim.connectorStats();
    const error = (await send(noticeAdapter(), users[0])) as {
      statusCode?: number;
      response?: { headers: { get(name: string): string | undefined } };
    };
    expect(error?.statusCode).toBe(429);
    expect(error.response?.headers.get('retry-after')).toBe('2');
    const after = sim.connectorStats();
    expect(after.refused.injected - before.refused.injected).toBe(1);
    expect(after.sent - before.sent).toBe(0);
  });

  it('reports a 503 at once, without sending again', async () => {
    sim.faults.connectorErrors(1, 503);
    const before = sim.connectorStats();
    const error = (await send(noticeAdapter(), users[1])) as { statusCode?: number };
    expect(error?.statusCode).toBe(503);
    const after = sim.connectorStats();
    expect(after.failed - before.failed).toBe(1);
    expect(after.sent - before.sent).toBe(0);
  });

  it('sends normally when the connector accepts', async () => {
    const before = sim.connectorStats();
    expect(await send(noticeAdapter(), users[2])).toBeUndefined();
    expect(sim.connectorStats().sent - before.sent).toBe(1);
  });

  it('the regular adapter, by contrast, waits out the 429 and sends again on its own', async () => {
    sim.faults.connectorThrottle(1, 1);
    const before = sim.connectorStats();
    const plain = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    expect(await send(plain, users[3])).toBeUndefined();
    const after = sim.connectorStats();
    expect(after.refused.injected - before.refused.injected).toBe(1);
    expect(after.sent - before.sent).toBe(1);
  });
});
