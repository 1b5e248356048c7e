import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator, type TeamsDelivery } from '../../simulator/index';
import { graph, installAndChat, installBody, noticeActivity, postActivity, request } from './notice-support';
import { type Json, NORTHWIND_ID, northwindMailUserRecipients } from './sim-client';

const BOT = { id: '28:5b1c7e9a-0d2f-4a6b-8c3e-1f5a7b9d2e40', name: 'Cutover' };

function createBody(member: Json, extra: Json = {}) {
  return {
    isGroup: false,
    bot: BOT,
    members: [member],
    tenantId: NORTHWIND_ID,
    channelData: { tenant: { id: NORTHWIND_ID } },
    ...extra,
  };
}

describe('Bot Connector: conversations and deliveries', () => {
  let sim: SimulatorHandle;
  let users: Json[];

  beforeAll(async () => {
    sim = await startSimulator();
    users = await northwindMailUserRecipients(sim.url);
  });
  afterEach(() => sim.faults.reset());
  afterAll(() => sim.close());

  const create = (body: unknown, headers: Record<string, string> = {}) =>
    request(`${sim.url}/v3/conversations`, 'POST', body, headers);

  it('creates the 1:1 conversation of a user who has the app: the chat id Graph gave, by object id or 29: id', async () => {
    const user = users[0];
    const chatId = await installAndChat(sim.url, user.email);
    const byObjectId = await create(createBody({ id: user.objectId }), { authorization: 'Bearer anything' });
    expect(byObjectId.status).toBe(201);
    expect(byObjectId.body).toEqual({ id: chatId });

    const members = await request(`${sim.url}/v3/conversations/${encodeURIComponent(chatId)}/members`, 'GET');
    expect(members.body).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^29:/),
        aadObjectId: user.objectId,
        tenantId: NORTHWIND_ID,
      }),
    ]);
    const byTeamsId = await create(createBody({ id: members.body[0].id }));
    expect(byTeamsId.body).toEqual({ id: chatId });
    const byOrgId = await create(createBody({ id: `8:orgid:${user.objectId}` }, { tenantId: undefined }));
    expect(byOrgId.body).toEqual({ id: chatId });
  });

  it('refuses a user without the app (403), an unknown user or another tenant (400), and group chats', async () => {
    const without = await create(createBody({ id: users[1].objectId }));
    expect([without.status, without.body.error.code]).toEqual([403, 'Forbidden']);
    const unknown = await create(createBody({ id: '29:not-a-user' }));
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'BadArgument']);
    await installAndChat(sim.url, users[1].email);
    const otherTenant = await create(
      createBody({ id: users[1].objectId }, { tenantId: '3f2a6c1e-8b4d-4e2a-9c71-5d0e8f1a2b01' }),
    );
    expect(otherTenant.status).toBe(400);
    const group = await create(createBody({ id: users[1].objectId }, { isGroup: true }));
    expect(group.status).toBe(400);
    const bad = await request(`${sim.url}/v3/conversations`, 'POST', undefined, {
      'content-type': 'application/json',
    });
    expect(bad.status).toBe(400);
  });

  it('delivers activities and replies, answering {id}, and records them with the notice id from the card', async () => {
    const user = users[2];
    const chatId = await installAndChat(sim.url, user.email);
    const before = sim.deliveries().length;
    const sent = await postActivity(
      sim.url,
      chatId,
      noticeActivity('wave1:reset:x', 'Your mailbox moved', NORTHWIND_ID),
    );
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({ id: expect.stringMatching(/^\d+$/) });
    const reply = await postActivity(sim.url, chatId, { type: 'message', text: 'Thanks!' }, sent.body.id);
    expect(reply.status).toBe(201);
    expect(reply.body.id).not.toBe(sent.body.id);

    const delivered = sim.deliveries().slice(before) as TeamsDelivery[];
    expect(delivered).toEqual([
      {
        kind: 'teams',
        at: expect.any(String),
        conversationId: chatId,
        activityId: sent.body.id,
        tenantId: NORTHWIND_ID,
        recipient: user.userPrincipalName,
        attachments: [expect.objectContaining({ contentType: 'application/vnd.microsoft.card.adaptive' })],
        noticeId: 'wave1:reset:x',
      },
      {
        kind: 'teams',
        at: expect.any(String),
        conversationId: chatId,
        activityId: reply.body.id,
        replyToId: sent.body.id,
        tenantId: NORTHWIND_ID,
        recipient: user.userPrincipalName,
        text: 'Thanks!',
        attachments: [],
      },
    ]);
    expect(sim.deliveries({ noticeId: 'wave1:reset:x' })).toHaveLength(1);
  });

  it('accepts posts into a conversation it did not create (one the bot knew from an earlier turn)', async () => {
    const known = 'a:1known-personal-conversation';
    const posted = await postActivity(sim.url, known, {
      ...noticeActivity('wave1:reset:y'),
      recipient: { id: '29:someone', aadObjectId: users[3].objectId },
      channelData: { tenant: { id: NORTHWIND_ID } },
    });
    expect(posted.status).toBe(201);
    const [last] = sim.deliveries({ noticeId: 'wave1:reset:y' }) as TeamsDelivery[];
    expect(last).toMatchObject({
      conversationId: known,
      recipient: users[3].userPrincipalName,
      tenantId: NORTHWIND_ID,
    });
    const listed = await graph(sim.url, 'GET', `/chats/${encodeURIComponent(known)}/messages`);
    expect(listed.body.value).toHaveLength(1);
  });

  it('takes connectorThrottle and connectorErrors: refused posts are not delivered, and are counted', async () => {
    const chatId = await installAndChat(sim.url, users[4].email);
    const stats = sim.connectorStats();
    sim.faults.connectorThrottle(2, 3);
    sim.faults.connectorErrors(1, 502);
    const results = [];
    for (let i = 0; i < 4; i++)
      results.push(await postActivity(sim.url, chatId, noticeActivity(`fault:${i}`)));
    expect(results.map((r) => [r.status, r.headers.get('retry-after')])).toEqual([
      [429, '3'],
      [429, '3'],
      [502, null],
      [201, null],
    ]);
    expect(
      sim
        .deliveries()
        .filter((d) => d.noticeId?.startsWith('fault:'))
        .map((d) => d.noticeId),
    ).toEqual(['fault:3']);
    const after = sim.connectorStats();
    expect(after.refused.injected - stats.refused.injected).toBe(2);
    expect(after.failed - stats.failed).toBe(1);
    expect(after.sent - stats.sent).toBe(1);
  });

  it('refuses every post of a throttling episode with a Retry-After to its end, then delivers', async () => {
    const chatId = await installAndChat(sim.url, users[6].email);
    const stats = sim.connectorStats();
    sim.faults.connectorThrottleFor(2);
    const during = [];
    for (let i = 0; i < 3; i++)
      during.push(await postActivity(sim.url, chatId, noticeActivity(`episode:${i}`)));
    expect(during.map((r) => [r.status, r.headers.get('retry-after')])).toEqual([
      [429, '2'],
      [429, '2'],
      [429, '2'],
    ]);
    const faults = async () => (await request(`${sim.url}/_simulator/faults`, 'GET')).body;
    expect((await faults()).connectorThrottledUntil).toEqual(expect.any(String));
    await new Promise((resolve) => setTimeout(resolve, 2_050));
    const after = await postActivity(sim.url, chatId, noticeActivity('episode:after'));
    expect(after.status).toBe(201);
    expect((await faults()).connectorThrottledUntil).toBeNull();
    expect(sim.connectorStats().refused.injected - stats.refused.injected).toBe(3);
    expect(
      sim
        .deliveries()
        .filter((d) => d.noticeId?.startsWith('episode:'))
        .map((d) => d.noticeId),
    ).toEqual(['episode:after']);
  });

  it('answers unknown connector paths 404 and other methods 405', async () => {
    expect((await request(`${sim.url}/v3/nothing`, 'GET')).status).toBe(404);
    expect((await request(`${sim.url}/v3/conversations`, 'GET')).status).toBe(405);
    expect((await request(`${sim.url}/v3/conversations/x/activities`, 'DELETE')).status).toBe(405);
  });
});

describe('Bot Connector: Teams rate limits', () => {
  let sim: SimulatorHandle;
  let clock = 0;
  let users: Json[];

  beforeAll(async () => {
    sim = await startSimulator({ connectorNow: () => clock });
    users = await northwindMailUserRecipients(sim.url);
  });
  beforeEach(() => {
    clock += 3_600_000; // every window empty again
  });
  afterAll(() => sim.close());

  const burst = (conversationIds: string[], tenantId = NORTHWIND_ID) =>
    Promise.all(
      conversationIds.map((id, i) =>
        postActivity(sim.url, id, noticeActivity(`burst:${clock}:${i}`, 'x', tenantId)),
      ),
    );
  const statuses = (results: { status: number }[]) => results.map((r) => r.status);

  it('delivers 7 of a burst of 60 into one conversation; the rest get 429 with Retry-After and are not delivered', async () => {
    const chat = 'a:1rate-one';
    const before = sim.connectorStats();
    const results = await burst(Array.from({ length: 60 }, () => chat));
    expect(statuses(results).filter((s) => s === 201)).toHaveLength(7);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(53);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    expect(sim.deliveries().filter((d) => d.kind === 'teams' && d.conversationId === chat)).toHaveLength(7);
    const after = sim.connectorStats();
    expect(after.sent - before.sent).toBe(7);
    expect(after.refused.conversationPerSecond - before.refused.conversationPerSecond).toBe(53);
  });

  it('allows 8 per 2 seconds and 60 per 30 seconds in one conversation', async () => {
    const chat = 'a:1rate-windows';
    expect(statuses(await burst(Array.from({ length: 7 }, () => chat)))).toEqual(Array(7).fill(201));
    clock += 1000;
    // The 1-second window is free again, but 7 of the last 2 seconds leave room for one.
    const second = await burst(Array.from({ length: 3 }, () => chat));
    expect(statuses(second).sort()).toEqual([201, 429, 429]);
    expect(sim.connectorStats().refused.conversationPer2Seconds).toBeGreaterThanOrEqual(2);
    const wait = second.find((r) => r.status === 429)!.headers.get('retry-after');
    expect(wait).toBe('1');

    // Keep within 7 per second and 8 per 2 seconds until 60 have gone in 30 seconds.
    let delivered = 8;
    while (delivered < 60) {
      clock += 2000;
      const sent = statuses(await burst(Array.from({ length: Math.min(8, 60 - delivered) }, () => chat)));
      delivered += sent.filter((s) => s === 201).length;
    }
    clock += 2000;
    const over = await burst([chat]);
    expect(over[0]!.status).toBe(429);
    expect(sim.connectorStats().refused.conversationPer30Seconds).toBeGreaterThanOrEqual(1);
    expect(Number(over[0]!.headers.get('retry-after'))).toBeGreaterThan(1);
  });

  it('delivers 50 of a burst of 60 into 60 conversations of one tenant; another tenant has its own budget', async () => {
    const before = sim.connectorStats();
    const ids = Array.from({ length: 60 }, (_, i) => `a:1rate-tenant-${clock}-${i}`);
    const results = await burst(ids);
    expect(statuses(results).filter((s) => s === 201)).toHaveLength(50);
    expect(statuses(results).filter((s) => s === 429)).toHaveLength(10);
    expect(sim.connectorStats().refused.tenantPerSecond - before.refused.tenantPerSecond).toBe(10);
    const other = await burst(['a:1rate-other-tenant'], '3f2a6c1e-8b4d-4e2a-9c71-5d0e8f1a2b01');
    expect(other[0]!.status).toBe(201);
    clock += 1000;
    expect(statuses(await burst([`a:1rate-tenant-later-${clock}`]))).toEqual([201]);
  });

  it('counts conversation creation against the tenant limit too', async () => {
    const user = users[10];
    await installAndChat(sim.url, user.email);
    const filler = Array.from({ length: 50 }, (_, i) => `a:1rate-fill-${clock}-${i}`);
    expect(statuses(await burst(filler)).every((s) => s === 201)).toBe(true);
    const created = await request(`${sim.url}/v3/conversations`, 'POST', {
      isGroup: false,
      bot: BOT,
      members: [{ id: user.objectId }],
      tenantId: NORTHWIND_ID,
    });
    expect(created.status).toBe(429);
    clock += 1000;
    const again = await request(`${sim.url}/v3/conversations`, 'POST', {
      isGroup: false,
      bot: BOT,
      members: [{ id: user.objectId }],
      tenantId: NORTHWIND_ID,
    });
    expect(again.status).toBe(201);
    expect(sim.connectorStats().conversationsCreated).toBe(1);
    // An install is a Graph call, not a connector one: the tenant budget does not apply.
    expect(
      (await graph(sim.url, 'POST', `/users/${users[11].email}/teamwork/installedApps`, installBody()))
        .status,
    ).toBe(201);
  });
});
