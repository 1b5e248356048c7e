import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMessage, postActivity } from '../support/activities';
import { eventually } from '../support/cutover';
import { type Stack, startStack } from '../support/stack';

/** Text no answer at the edge may carry: a stack, a library's own wording, an address. */
const INTERNALS =
  /\bat [\w.<>]+ \(|node_modules|Error:|TypeError|validateAndFixActivity|req\.body|middleware|https?:\/\/|ECONNREFUSED|Unexpected token|JSON at position/i;

async function raw(url: string, body: string | undefined, contentType = 'application/json') {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': contentType },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe('the HTTP edge refuses what is not an activity with 400 and no internal text', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ speed: 1_000 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const message = () => makeMessage({ text: 'help', serviceUrl: stack.connector.url });
  const without = (field: string) => {
    const activity: Record<string, unknown> = message();
    delete activity[field];
    return JSON.stringify(activity);
  };

  const cases: [string, () => string | undefined, string?][] = [
    ['no body at all', () => undefined],
    ['an empty JSON body', () => ''],
    ['JSON that does not parse', () => '{"type": "message", '],
    ['a JSON array', () => '[1, 2, 3]'],
    ['a JSON string', () => '"message"'],
    ['null', () => 'null'],
    ['an empty object', () => '{}'],
    ['an activity without a type', () => without('type')],
    ['a type that is a number', () => JSON.stringify({ ...message(), type: 42 })],
    ['a message without a conversation', () => without('conversation')],
    ['a conversation id that is an object', () => JSON.stringify({ ...message(), conversation: { id: {} } })],
    ['a message without a sender', () => without('from')],
    ['a message without a serviceUrl', () => without('serviceUrl')],
    ['a body sent as text/plain', () => JSON.stringify(message()), 'text/plain'],
    ['a serviceUrl that is not a URL', () => JSON.stringify({ ...message(), serviceUrl: 'not a url' })],
    ['a message without a channelId', () => without('channelId')],
    ['a message without a recipient', () => without('recipient')],
    [
      'an Entra id that is a number',
      () => JSON.stringify({ ...message(), from: { id: '29:x', aadObjectId: -18 } }),
    ],
    ['text that is an object', () => JSON.stringify({ ...message(), text: { help: true } })],
    [
      'a conversation id with a line break',
      () => JSON.stringify({ ...message(), conversation: { id: 'a:1\r\nX: y' } }),
    ],
    [
      'isGroup that is a number',
      () => JSON.stringify({ ...message(), conversation: { id: 'a:1', isGroup: 3 } }),
    ],
    ['entities that are not objects', () => JSON.stringify({ ...message(), entities: ['mention'] })],
    [
      'a mention with no text',
      () =>
        JSON.stringify({
          ...message(),
          entities: [{ type: 'mention', mentioned: { id: '28:bot' } }],
          text: 'help',
        }),
    ],
    [
      'a mention in a message with no text',
      () => {
        const m: Record<string, unknown> = { ...message() };
        delete m.text;
        return JSON.stringify({
          ...m,
          entities: [{ type: 'mention', mentioned: { id: '28:bot' }, text: '<at>x</at>' }],
        });
      },
    ],
    [
      'an invoke nobody answers',
      () => JSON.stringify({ ...message(), type: 'invoke', name: 'no/such-invoke' }),
    ],
  ];
  for (const [name, body, contentType] of cases) {
    it(`answers 400 to ${name}`, async () => {
      const calls = stack.connector.calls.length;
      const answer = await raw(stack.bot.url, body(), contentType);
      expect(answer.status).toBe(400);
      expect(answer.text).not.toMatch(INTERNALS);
      expect(stack.connector.calls.length).toBe(calls);
    });
  }

  it('still answers a well-formed message afterwards (and /healthz)', async () => {
    const before = stack.connector.calls.length;
    const answer = await postActivity(stack.bot.url, message());
    expect(answer.status).toBe(200);
    const reply = await eventually(() => stack.connector.calls.slice(before).find((c) => c.kind === 'reply'));
    expect(JSON.stringify(reply.body)).toContain('application/vnd.microsoft.card.adaptive');
    expect((await fetch(`${stack.bot.url}/healthz`)).status).toBe(200);
  });
});
