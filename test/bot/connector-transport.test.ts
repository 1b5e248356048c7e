import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONNECTOR_RETRY,
  ConnectorCallError,
  createConnectorTransport,
  proxyConfigured,
} from '../../bot/connector-transport';

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A Bot Connector stand-in answering each request with the next of `answers` (the last one repeats). */
async function connector(answers: ((res: ServerResponse) => void)[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
      });
      const answer = answers[Math.min(received.length, answers.length) - 1];
      if (answer) answer(res);
      else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `created-${received.length}` }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  servers.push(server);
  return { url, received };
}

const servers: Server[] = [];
const transports: { close(): void }[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

/** Credentials that sign with the next token each time, as an Entra token that was renewed would. */
function signing(tokens: string[]) {
  let next = 0;
  return {
    signRequest: async (resource: { headers: { set(name: string, value: string): void } }) => {
      resource.headers.set('Authorization', `Bearer ${tokens[Math.min(next++, tokens.length - 1)]}`);
      return resource;
    },
  };
}

function setUp(
  url: string,
  credentials: unknown = new MicrosoftAppCredentials('', ''),
  options: Parameters<typeof createConnectorTransport>[0] = {},
) {
  const waits: number[] = [];
  const transport = createConnectorTransport({
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  transports.push(transport);
  const client = transport.wrap(new ConnectorClient(credentials as never, { baseUri: url }), url);
  return { client, waits };
}

const CONVERSATION = '19:meeting_abc@thread.v2;messageid=1700000000000';
const card = {
  type: 'message',
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Wave 1' }] },
    },
  ],
  conversation: { id: CONVERSATION },
  timestamp: new Date('2026-12-07T10:00:00Z'),
};

describe('the Bot Connector transport: replies, sends and card updates as plain JSON', () => {
  it('sends the three calls to the Bot Connector paths, the ids encoded, the activity as JSON', async () => {
    const stand = await connector();
    const { client } = setUp(stand.url);
    const reply = await client.conversations.replyToActivity(CONVERSATION, 'act:1', card as never);
    const sent = await client.conversations.sendToConversation(CONVERSATION, card as never);
    const updated = await client.conversations.updateActivity(CONVERSATION, 'created-1', card as never);
    expect([reply.id, sent.id, updated.id]).toEqual(['created-1', 'created-2', 'created-3']);
    const encoded = encodeURIComponent(CONVERSATION);
    expect(stand.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v3/conversations/${encoded}/activities/act%3A1`,
      `POST /v3/conversations/${encoded}/activities`,
      `PUT /v3/conversations/${encoded}/activities/created-1`,
    ]);
    for (const r of stand.received) {
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.body).toEqual({ ...card, timestamp: '2026-12-07T10:00:00.000Z' });
      // Local mode (no app id): nothing to sign with.
      expect(r.headers.authorization).toBeUndefined();
    }
  });

  it("signs each try with the client's own credentials, so a token renewed meanwhile is used", async () => {
    const stand = await connector([json(503, {}), json(200, { id: 'second-try' })]);
    const { client } = setUp(stand.url, signing(['first-token', 'renewed-token']));
    expect((await client.conversations.updateActivity(CONVERSATION, 'a1', card as never)).id).toBe(
      'second-try',
    );
    expect(stand.received.map((r) => r.headers.authorization)).toEqual([
      'Bearer first-token',
      'Bearer renewed-token',
    ]);
  });

  it("waits out a 429's Retry-After and sends again", async () => {
    const stand = await connector([json(429, {}, { 'retry-after': '2' }), json(200, { id: 'after-wait' })]);
    const { client, waits } = setUp(stand.url);
    const answer = await client.conversations.replyToActivity(CONVERSATION, 'a1', card as never);
    expect(answer.id).toBe('after-wait');
    expect(waits).toEqual([2000]);
    expect(stand.received).toHaveLength(2);
  });

  it('honours a Retry-After only up to the longest wait of the policy', async () => {
    const stand = await connector([json(429, {}, { 'retry-after': '3600' }), json(200, { id: 'later' })]);
    const { client, waits } = setUp(stand.url);
    await client.conversations.sendToConversation(CONVERSATION, card as never);
    expect(waits).toEqual([CONNECTOR_RETRY.capMs]);
  });

  it('retries a server fault with backoff, as many times as the generated client did, then gives up', async () => {
    const stand = await connector([json(503, { error: { code: 'ServiceUnavailable', message: 'busy' } })]);
    const { client, waits } = setUp(stand.url);
    const error = await client.conversations
      .updateActivity(CONVERSATION, 'a1', card as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorCallError);
    expect(stand.received).toHaveLength(CONNECTOR_RETRY.attempts);
    expect(waits).toHaveLength(CONNECTOR_RETRY.attempts - 1);
    for (const [i, wait] of waits.entries())
      expect(wait).toBeLessThanOrEqual(CONNECTOR_RETRY.baseMs * 2 ** i);
  });

  it("refuses at once what the connector rejects, with the connector's code and words and nothing secret", async () => {
    const stand = await connector([
      json(400, { error: { code: 'BadArgument', message: 'Unknown activity id' } }),
    ]);
    const { client, waits } = setUp(stand.url, signing(['secret-token-value']));
    const error = (await client.conversations
      .updateActivity(CONVERSATION, 'a1', card as never)
      .catch((e: unknown) => e)) as ConnectorCallError;
    expect(stand.received).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('BadArgument');
    expect(error.message).toBe('The Bot Connector answered 400 BadArgument: Unknown activity id');
    expect(error.message).not.toContain('127.0.0.1');
    expect(JSON.stringify(error)).not.toContain('secret-token-value');
  });

  it('a connector that cannot be reached is a network error, tried again, without the address', async () => {
    const stand = await connector();
    const url = stand.url;
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const { client, waits } = setUp(url);
    const error = (await client.conversations
      .sendToConversation(CONVERSATION, card as never)
      .catch((e: unknown) => e)) as ConnectorCallError;
    expect(error).toBeInstanceOf(ConnectorCallError);
    expect(error.statusCode).toBeUndefined();
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.message).toBe('The Bot Connector could not be reached (ECONNREFUSED)');
    expect(waits).toHaveLength(CONNECTOR_RETRY.attempts - 1);
  });

  it('a connector that does not answer in time counts as failed', async () => {
    const stand = await connector([() => {}]);
    const { client } = setUp(stand.url, undefined, {
      timeoutMs: 100,
      retryPolicy: { ...CONNECTOR_RETRY, attempts: 1 },
    });
    const error = (await client.conversations
      .replyToActivity(CONVERSATION, 'a1', card as never)
      .catch((e: unknown) => e)) as ConnectorCallError;
    expect(error.code).toBe('ETIMEDOUT');
  });

  it('a call without a conversation id is refused before anything is sent', async () => {
    const stand = await connector();
    const { client } = setUp(stand.url);
    expect(() => client.conversations.sendToConversation('', card as never)).toThrow(/conversation id/);
    expect(stand.received).toHaveLength(0);
  });

  it('leaves a client whose credentials cannot sign a request as it was', async () => {
    const transport = createConnectorTransport();
    transports.push(transport);
    const client = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: 'http://x/' });
    (client as unknown as { credentials: unknown }).credentials = {};
    const before = client.conversations.replyToActivity;
    expect(transport.wrap(client, 'http://x/').conversations.replyToActivity).toBe(before);
  });

  it('stands aside when an HTTP proxy is configured (the generated client honours it)', () => {
    expect(proxyConfigured({})).toBe(false);
    expect(proxyConfigured({ HTTPS_PROXY: 'http://proxy:3128' })).toBe(true);
    expect(proxyConfigured({ http_proxy: 'http://proxy:3128' })).toBe(true);
    expect(proxyConfigured({ HTTPS_PROXY: '' })).toBe(false);
  });
});
