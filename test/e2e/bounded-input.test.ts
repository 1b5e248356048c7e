import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../bot/server';
import { MAX_MESSAGE_CHARS } from '../../bot/commands/parse';
import { makeMessage, postActivity, USERS } from '../support/activities';
import { expectValidCard } from '../support/card-schema';
import { cardOf, cardText, eventually } from '../support/cutover';
import { type Stack, startStack } from '../support/stack';

const RAW_UNSAFE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/;

describe('bounded work per message, over HTTP', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ speed: 20_000 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function reply(text: string) {
    const { bot, connector } = stack;
    const before = connector.calls.length;
    const response = await postActivity(
      bot.url,
      makeMessage({ text, from: USERS.alex, serviceUrl: connector.url }),
    );
    expect(response.status).toBe(200);
    const sent = await eventually(
      () => connector.calls.slice(before).find((c) => c.kind === 'reply'),
      20_000,
      'a reply',
    );
    const card = cardOf(sent.body);
    expectValidCard(card);
    return cardText(card);
  }

  it('refuses a message over the limit with the limit in the reply, and creates nothing', async () => {
    const head = 'batch create Huge --tenant northwind --scenario cross-tenant\nEmailAddress\n';
    const text =
      head + 'ana@northwindtraders.com\n'.repeat(Math.ceil((MAX_MESSAGE_CHARS - head.length) / 25) + 1);
    expect(text.length).toBeGreaterThan(MAX_MESSAGE_CHARS);
    expect(await reply(text)).toContain('Cutover reads at most 100,000');
    expect(await stack.bot.services.ctx.repos.batches.read('northwind', 'northwind~huge')).toBeNull();
  });

  it('refuses a request body over 256 KB before reading it', async () => {
    expect(MAX_BODY_BYTES).toBe(256 * 1024);
    const activity = makeMessage({ text: 'x'.repeat(MAX_BODY_BYTES), serviceUrl: stack.connector.url });
    const response = await fetch(`${stack.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(response.status).toBe(413);
  });

  it('keeps answering /healthz during a flood of the largest messages the limits allow', async () => {
    const { bot, connector } = stack;
    const csv = `EmailAddress,Note\n${'not-an-address,x,y\n'.repeat(Math.floor((MAX_MESSAGE_CHARS - 200) / 19))}`;
    const heavy = [
      '<'.repeat(MAX_MESSAGE_CHARS),
      `${'w'.repeat(1_000)}\n${'x'.repeat(MAX_MESSAGE_CHARS - 1_001)}`,
      `batch create Flood --tenant northwind --scenario cross-tenant\n${csv}`,
      'x'.repeat(MAX_MESSAGE_CHARS + 10),
    ];
    for (const text of heavy) expect(text.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS + 10);
    const before = connector.calls.length;
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const health: number[] = [];
    let flooding = true;
    const probe = (async () => {
      while (flooding) {
        const started = performance.now();
        const response = await fetch(`${bot.url}/healthz`);
        expect(response.status).toBe(200);
        await response.text();
        health.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const messages = Array.from({ length: 24 }, (_, i) => heavy[i % heavy.length]!);
    const statuses = await Promise.all(
      messages.map((text) =>
        postActivity(bot.url, makeMessage({ text, from: USERS.alex, serviceUrl: connector.url })).then(
          (r) => r.status,
        ),
      ),
    );
    await eventually(
      () => connector.calls.slice(before).filter((c) => c.kind === 'reply').length >= messages.length,
      60_000,
      'a reply to every message',
    );
    flooding = false;
    await probe;
    delay.disable();
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(health.length).toBeGreaterThan(3);
    // Wall-clock figures on a shared machine: generous bounds; the 50 ms budget per request is
    // checked on CPU time in test/bot/bounded-input.test.ts and test/services/csv/bounded-csv.test.ts.
    expect(Math.max(...health)).toBeLessThan(2_000);
    console.info(
      `healthz during the flood: ${health.length} answers, slowest ${Math.max(...health).toFixed(0)} ms; ` +
        `event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms, max ${(delay.max / 1e6).toFixed(0)} ms`,
    );
  }, 90_000);

  it('shows direction overrides from a CSV cell escaped, and refuses them in a command', async () => {
    const text = await reply(
      'batch create Bidi --tenant northwind --scenario cross-tenant\nEmailAddress\nana\u202E@northwindtraders.com',
    );
    expect(text).toContain('ana\\u202E@northwindtraders.com');
    expect(text).not.toMatch(RAW_UNSAFE);
    const refused = await reply('batch status W\u2066ave1\u2069');
    expect(refused).toContain('(\\u2066)');
    expect(refused).not.toMatch(RAW_UNSAFE);
  });

  it('says "File" for a problem with the whole file, and counts problems', async () => {
    const empty = await reply('batch create Empty --tenant northwind --scenario cross-tenant\n ');
    expect(empty).not.toMatch(/row 0/i);
    const two = await reply(
      'batch create Two --tenant northwind --scenario cross-tenant\nEmailAddress\nnot-an-address\nalso-not',
    );
    expect(two).toContain('The CSV has 2 problems; nothing was created.');
  });
});
