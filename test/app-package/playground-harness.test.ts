import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import * as restify from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAYGROUND_USERS } from '../../scripts/playground-users';
import {
  clickCardButton,
  type LaunchedBrowser,
  launchBrowser,
  openChat,
  sendMessage,
  startPlayground,
  waitForText,
} from '../support/playground';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

function card(text: string, withButton: boolean) {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text, wrap: true }],
    actions: withButton
      ? [{ type: 'Action.Execute', title: 'Press me', verb: 'echo.press', data: { n: 1 } }]
      : [],
  };
}

interface Received {
  type: string;
  conversationType?: string;
  text?: string;
  name?: string;
  verb?: string;
  aadObjectId?: string;
}

/** A minimal echo bot: a card with an Action.Execute button; the invoke answers with a "clicked" card. */
async function startEchoBot(received: Received[]) {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const logic = async (ctx: TurnContext) => {
    const { activity } = ctx;
    received.push({
      type: activity.type,
      conversationType: activity.conversation?.conversationType,
      text: activity.text,
      name: activity.name,
      verb: activity.value?.action?.verb,
      aadObjectId: activity.from?.aadObjectId,
    });
    if (activity.type === ActivityTypes.Message) {
      await ctx.sendActivity({
        attachments: [{ contentType: ADAPTIVE_CARD, content: card(`Echo: ${activity.text}`, true) }],
      });
    } else if (activity.type === ActivityTypes.Invoke && activity.name === 'adaptiveCard/action') {
      const response: InvokeResponse = {
        status: 200,
        body: {
          statusCode: 200,
          type: ADAPTIVE_CARD,
          value: card(`clicked ${activity.value.action.verb}`, false),
        },
      };
      await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
    }
  };
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, logic);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/messages`, close: () => server.close() };
}

describe('Agents Playground browser harness', () => {
  const received: Received[] = [];
  let bot: Awaited<ReturnType<typeof startEchoBot>>;
  let launched: Promise<LaunchedBrowser> | undefined;
  let shots: string;
  // Launched by the first test that needs it, so a missing Chromium fails each test with launchBrowser's
  // install instructions.
  const browser = () => {
    launched ??= launchBrowser();
    return launched;
  };

  beforeAll(async () => {
    shots = mkdtempSync(path.join(os.tmpdir(), 'cutover-shots-'));
    bot = await startEchoBot(received);
  });

  afterAll(async () => {
    // A failed launch has already failed the tests that needed the browser.
    await launched?.then((b) => b.close()).catch(() => undefined);
    bot?.close();
    rmSync(shots, { recursive: true, force: true });
  });

  it('chats with a bot, clicks an Action.Execute button and sees the updated card', async () => {
    const { page } = await browser();
    const playground = await startPlayground({ botUrl: bot.url });
    try {
      expect(playground.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      await page.goto(playground.url);
      await sendMessage(page, 'hello');
      await waitForText(page, 'Echo: hello', 20_000);
      await clickCardButton(page, 'Press me');
      await waitForText(page, 'clicked echo.press', 20_000);

      const shot = path.join(shots, 'echo.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(1000);
      expect(readFileSync(shot).subarray(1, 4).toString('latin1')).toBe('PNG');
    } finally {
      await playground.close();
    }
    const alex = PLAYGROUND_USERS.alex.aadObjectId;
    expect(received.find((a) => a.type === 'message')).toMatchObject({ text: 'hello', aadObjectId: alex });
    expect(received.find((a) => a.type === 'invoke')).toMatchObject({
      name: 'adaptiveCard/action',
      verb: 'echo.press',
      aadObjectId: alex,
    });
  }, 90_000);

  it('acts as another mock user and @-mentions the bot in a group chat', async () => {
    received.length = 0;
    const chromium = await browser();
    const playground = await startPlayground({ botUrl: bot.url, user: 'megan' });
    const page = await chromium.browser.newPage();
    try {
      await page.goto(playground.url);
      await openChat(page, 'Migration team');
      await sendMessage(page, 'batch list', { mention: 'Cutover' });
      await waitForText(page, /Echo: .*batch list/, 20_000);
    } finally {
      await page.close();
      await playground.close();
    }
    expect(received.find((a) => a.type === 'message')).toMatchObject({
      conversationType: 'groupChat',
      text: '<at>Cutover</at> batch list',
      aadObjectId: PLAYGROUND_USERS.megan.aadObjectId,
    });
  }, 90_000);

  it('refuses to start the Playground on a port that is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as AddressInfo;
    try {
      await expect(startPlayground({ botUrl: bot.url, port })).rejects.toThrow(`could not use port ${port}`);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
