import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import {
  graph,
  installAndChat,
  mailBody,
  noticeActivity,
  postActivity,
  request,
  SENDER,
} from './notice-support';
import { type Json, NORTHWIND_ID, northwindMailUserRecipients } from './sim-client';

describe('the notices page', () => {
  let sim: SimulatorHandle;
  let users: Json[];

  beforeAll(async () => {
    sim = await startSimulator();
    users = await northwindMailUserRecipients(sim.url);
  });
  afterAll(() => sim.close());

  it('starts empty', async () => {
    const page = await request(`${sim.url}/_simulator/notices`, 'GET');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('Nothing has been sent yet.');
    expect((await request(`${sim.url}/_simulator/notices.json`, 'GET')).body).toEqual([]);
  });

  it('lists Teams messages and mails with recipient, title and notice id, escaping HTML', async () => {
    const chatId = await installAndChat(sim.url, users[0].email);
    await postActivity(
      sim.url,
      chatId,
      noticeActivity('n-1', '<script>alert("x")</script> & more', NORTHWIND_ID),
    );
    await graph(
      sim.url,
      'POST',
      `/users/${SENDER}/sendMail`,
      mailBody(users[1].email, 'Outlook <b>bold</b>', '<p>Hi</p>', { 'x-cutover-notice': 'n-2"><img>' }),
    );

    const rows = (await request(`${sim.url}/_simulator/notices.json`, 'GET')).body;
    expect(rows).toEqual([
      {
        at: expect.any(String),
        channel: 'teams',
        recipient: users[0].userPrincipalName,
        title: '<script>alert("x")</script> & more',
        noticeId: 'n-1',
        via: chatId,
      },
      {
        at: expect.any(String),
        channel: 'mail',
        recipient: users[1].email,
        title: 'Outlook <b>bold</b>',
        noticeId: 'n-2"><img>',
        via: SENDER,
      },
    ]);

    const page = (await request(`${sim.url}/_simulator/notices`, 'GET')).text;
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>bold');
    expect(page).not.toContain('<img>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(page).toContain('Outlook &lt;b&gt;bold&lt;/b&gt;');
    expect(page).toContain('n-2&quot;&gt;&lt;img&gt;');
    expect(page.indexOf('Outlook &lt;b&gt;')).toBeLessThan(page.indexOf('&lt;script&gt;')); // newest first
  });

  it('reports the connector counters and takes the new faults over POST /_simulator/faults', async () => {
    const stats = (await request(`${sim.url}/_simulator/connector`, 'GET')).body;
    expect(stats).toEqual(sim.connectorStats());
    const set = await request(`${sim.url}/_simulator/faults`, 'POST', {
      failInstall: { email: users[5].email, status: 404 },
      connectorThrottle: { count: 2, retryAfterSeconds: 4 },
      connectorErrors: { count: 1 },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      installFailures: [{ email: users[5].email.toLowerCase(), status: 404 }],
      connectorThrottle: { remaining: 2, retryAfterSeconds: 4 },
      connectorErrors: { remaining: 1, status: 503 },
    });
    const bad = await request(`${sim.url}/_simulator/faults`, 'POST', {
      connectorThrottle: { count: 1, retryAfterSeconds: 0 },
    });
    expect([bad.status, bad.body.error.message]).toEqual([
      400,
      expect.stringContaining('connectorThrottle.retryAfterSeconds'),
    ]);
    const episode = await request(`${sim.url}/_simulator/faults`, 'POST', {
      connectorThrottle: { seconds: 30 },
    });
    expect(episode.status).toBe(200);
    expect(Date.parse(episode.body.connectorThrottledUntil) - Date.now()).toBeGreaterThan(25_000);
    const both = await request(`${sim.url}/_simulator/faults`, 'POST', {
      connectorThrottle: { count: 1, seconds: 1 },
    });
    expect([both.status, both.body.error.message]).toEqual([400, expect.stringContaining('either count')]);
    const reset = await request(`${sim.url}/_simulator/faults`, 'POST', { reset: true });
    expect(reset.body).toMatchObject({
      installFailures: [],
      connectorThrottledUntil: null,
      connectorThrottle: { remaining: 0 },
      connectorErrors: { remaining: 0 },
    });
  });
});

describe('installations, chats and deliveries in the state file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sim-notices-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('survive a restart, so a client can still find what went out before it', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startSimulator({ stateFile });
    const [user] = await northwindMailUserRecipients(first.url);
    const chatId = await installAndChat(first.url, user.email);
    const sent = await postActivity(first.url, chatId, noticeActivity('kept-1', 'Kept', NORTHWIND_ID));
    await graph(
      first.url,
      'POST',
      `/users/${SENDER}/sendMail`,
      mailBody(user.email, 'Kept mail', '<p>kept-2</p>'),
    );
    const before = first.deliveries();
    await first.close();

    const second = await startSimulator({ stateFile });
    try {
      expect(second.deliveries()).toEqual(before);
      expect(await installAndChat(second.url, user.email)).toBe(chatId); // still installed: 409, same chat
      const messages = await graph(second.url, 'GET', `/chats/${encodeURIComponent(chatId)}/messages`);
      expect(messages.body.value.map((m: Json) => m.id)).toEqual([sent.body.id]);
      const found = await graph(
        second.url,
        'GET',
        `/users/${SENDER}/mailFolders/sentitems/messages?$search=${encodeURIComponent('"kept-2"')}`,
      );
      expect(found.body.value).toHaveLength(1);
      const next = await postActivity(second.url, chatId, noticeActivity('kept-3'));
      expect(Number(next.body.id)).toBeGreaterThan(Number(sent.body.id));
    } finally {
      await second.close();
    }
  });
});
