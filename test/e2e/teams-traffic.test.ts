import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKey, findPersonalChat } from '../../bot/conversations';
import { OUTDATED_CARD_TEXT } from '../../bot/card-submit';
import { postActivity } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import { cardOf, cardText, eventually } from '../support/cutover';
import { type Stack, startStack } from '../support/stack';

const FIXTURES = path.resolve(__dirname, '../fixtures/teams');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));

describe('real Teams traffic replayed over HTTP (test/fixtures/teams)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ speed: 1_000 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Posts a fixture as Teams would, with the Bot Connector at the local capture; returns what the bot sent. */
  async function replay(name: string, change: (a: Record<string, unknown>) => void = () => {}) {
    const activity = { ...fixture(name), serviceUrl: stack.connector.url };
    change(activity);
    const before = stack.connector.calls.length;
    const answer = await postActivity(stack.bot.url, activity);
    expect(answer.status, name).toBe(200);
    // The turn answers after everything it sent, and the capture records a send before it answers
    // it: what the capture holds now is all the turn sent.
    return stack.connector.calls.slice(before);
  }
  const repos = () => stack.bot.services.ctx.repos;
  const stored = (conversationId: string) => {
    const key = conversationKey(conversationId);
    return repos().conversations.read(key, key);
  };

  it('answers every fixture with 200, and /healthz after them', async () => {
    const names = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names)
      await replay(name, (a) => {
        // Separate conversations, so this sweep does not decide what the tests below see first.
        (a.conversation as { id: string }).id = `${(a.conversation as { id: string }).id}-sweep`;
        if (a.from && typeof a.from === 'object')
          (a.from as { aadObjectId?: string }).aadObjectId = randomUUID();
      });
    expect((await fetch(`${stack.bot.url}/healthz`)).status).toBe(200);
  });

  it('a personal install records the 1:1 chat under the user and greets once with the welcome card', async () => {
    const sent = await replay('installation-update-personal');
    const adele = '00000000-0000-0000-0000-000000000022';
    const chat = await findPersonalChat(repos(), adele);
    expect(chat?.key).toBe(conversationKey('a:1personalChatWithAdeleFromInstallSample'));
    expect(sent).toHaveLength(1);
    const card = cardOf(sent[0]!.body);
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('Welcome to Cutover');
    expect(text).toContain('**help**');
    expect(JSON.stringify(card)).toContain('operator');
    expect(sent[0]!.conversationId).toBe('a:1personalChatWithAdeleFromInstallSample');

    // Teams also sends conversationUpdate for the same install: no second welcome.
    const again = await replay('conversation-update-bot-added-personal', (a) => {
      a.conversation = { conversationType: 'personal', id: 'a:1personalChatWithAdeleFromInstallSample' };
      a.from = { id: '29:1adeleFromInstallSample', aadObjectId: adele };
    });
    expect(again).toEqual([]);
  });

  it('the bot added to a 1:1 chat (conversationUpdate) records it and welcomes someone with no role', async () => {
    const sent = await replay('conversation-update-bot-added-personal', (a) => {
      (a.from as { aadObjectId: string }).aadObjectId = '00000000-0000-0000-0000-0000000000ff';
    });
    expect(await findPersonalChat(repos(), '00000000-0000-0000-0000-0000000000ff')).toBeDefined();
    expect(sent).toHaveLength(1);
    const card = cardOf(sent[0]!.body);
    expectValidCard(card);
    expect(cardText(card)).toContain('You have no Cutover roles yet');
  });

  it('the activities of one install arriving together (and again) give one welcome', async () => {
    const who = { id: '29:1together', aadObjectId: '00000000-0000-0000-0000-0000000000aa' };
    const conversation = { conversationType: 'personal', id: 'a:1togetherInstall' };
    const before = stack.connector.calls.length;
    const answers = await Promise.all(
      // Both activities, each delivered three times (Teams retries when an answer is slow).
      ['installation-update-personal', 'conversation-update-bot-added-personal']
        .flatMap((name) => [name, name, name])
        .map((name) =>
          postActivity(stack.bot.url, {
            ...fixture(name),
            serviceUrl: stack.connector.url,
            from: who,
            conversation,
          }),
        ),
    );
    // Every turn has answered, so every greeting any of them sent is in the capture.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const sent = stack.connector.calls.slice(before).filter((c) => c.conversationId === 'a:1togetherInstall');
    expect(sent).toHaveLength(1);
    expect(cardText(cardOf(sent[0]!.body))).toContain('Welcome to Cutover');
  });

  it('a team install is recorded and nothing is posted in the channel', async () => {
    const channel = '19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2';
    const sent = [
      ...(await replay('installation-update-team')),
      ...(await replay('conversation-update-bot-added-team')),
    ];
    expect(sent).toEqual([]);
    const doc = await stored(channel);
    expect(doc?.reference).toMatchObject({ conversation: { id: channel } });
  });

  it('an uninstall, a new channel and a reaction change nothing and send nothing', async () => {
    expect(await replay('installation-update-remove')).toEqual([]);
    expect(await stored('19:removedFromThisChannel@thread.tacv2')).toBeFalsy();
    expect(await replay('conversation-update-channel-created')).toEqual([]);
    expect(await replay('message-reaction')).toEqual([]);
  });

  it('a card submit with only a value in a channel is not answered as a bad command', async () => {
    const sent = await replay('message-card-submit-channel');
    expect(sent).toEqual([]);
  });

  it('the same submit in a personal chat says the card is outdated, not "Did you mean"', async () => {
    const sent = await replay('message-card-submit-channel', (a) => {
      a.conversation = { conversationType: 'personal', id: 'a:1zYxWvUtSrQpOnMlKjIhGfEdCbA' };
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.text).toBe(OUTDATED_CARD_TEXT);
  });

  it('a submit whose value names a verb we know is routed to that verb', async () => {
    const sent = await replay('message-card-submit-channel', (a) => {
      a.value = { verb: 'batch.refresh', batchId: 'northwind~no-such-batch', version: 1 };
    });
    expect(sent).toHaveLength(1);
    const body = JSON.stringify(sent[0]!.body);
    expect(body).not.toMatch(/Did you mean|Say help to see the commands|not a command/i);
    // The batch.refresh handler's own answer for a batch that is not there.
    expect(sent[0]!.body.text).toBe('That batch no longer exists.');
  });

  it('a file that is not a CSV is refused with the reason, not reported empty', async () => {
    const sent = await replay('message-file-txt', (a) => {
      a.serviceUrl = stack.connector.url;
    });
    const reply = sent.find((c) => c.kind === 'reply' || c.kind === 'send');
    expect(reply).toBeDefined();
    const text = JSON.stringify(reply!.body);
    expect(text).toContain('file_example.txt is not a CSV file');
    expect(text).toContain('txt');
    expect(text).not.toMatch(/empty/i);
    expect(await repos().batches.read('northwind', 'northwind~legacy')).toBeFalsy();
  });

  it('a help mention in a channel (with the text/html copy Teams adds) gets the help card', async () => {
    const sent = await replay('message-channel-mention');
    const reply = await eventually(() => sent.find((c) => c.kind === 'reply' || c.kind === 'send'));
    const card = cardOf(reply.body);
    expectValidCard(card);
    expect(cardText(card)).toContain('Cutover commands');
  });
});
