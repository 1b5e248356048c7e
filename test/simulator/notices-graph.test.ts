import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../simulator/index';
import {
  CATALOG_APP_ID,
  graph,
  installAndChat,
  installBody,
  mailBody,
  noticeActivity,
  postActivity,
  SENDER,
} from './notice-support';
import { type Json, NORTHWIND_ID, northwindMailUserRecipients } from './sim-client';

describe('Graph for notices: users, Teams app installation, chats, mail', () => {
  let sim: SimulatorHandle;
  let users: Json[];

  beforeAll(async () => {
    sim = await startSimulator();
    users = await northwindMailUserRecipients(sim.url);
  });
  afterEach(() => sim.faults.reset());
  afterAll(() => sim.close());

  const apps = (user: string) => `/users/${encodeURIComponent(user)}/teamwork/installedApps`;

  it('reads a user by UPN or object id, and answers 404 for an unknown one', async () => {
    const user = users[0];
    const byUpn = await graph(sim.url, 'GET', `/users/${user.userPrincipalName}`);
    expect(byUpn.status).toBe(200);
    expect(byUpn.body).toMatchObject({
      id: user.objectId,
      userPrincipalName: user.userPrincipalName,
      mail: user.email,
      displayName: user.displayName,
    });
    const byId = await graph(sim.url, 'GET', `/users/${user.objectId}`);
    expect(byId.body.userPrincipalName).toBe(user.userPrincipalName);
    const unknown = await graph(sim.url, 'GET', '/users/nobody@northwindtraders.com');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'Request_ResourceNotFound']);
  });

  it('installs the app (201, no body), then 409 Conflict; lists it with $expand and $filter; gives a stable chat', async () => {
    const user = users[1];
    const first = await graph(sim.url, 'POST', apps(user.email), installBody());
    expect([first.status, first.text]).toEqual([201, '']);
    const again = await graph(sim.url, 'POST', apps(user.objectId), installBody());
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'Conflict',
      innerError: { 'request-id': expect.any(String) },
    });

    const filter = encodeURIComponent(`teamsApp/id eq '${CATALOG_APP_ID}'`);
    const listed = await graph(sim.url, 'GET', `${apps(user.email)}?$expand=teamsApp&$filter=${filter}`);
    expect(listed.status).toBe(200);
    expect(listed.body.value).toEqual([
      {
        id: expect.any(String),
        teamsApp: expect.objectContaining({ id: CATALOG_APP_ID, displayName: expect.any(String) }),
      },
    ]);
    const other = encodeURIComponent("teamsApp/id eq 'another-app'");
    expect((await graph(sim.url, 'GET', `${apps(user.email)}?$filter=${other}`)).body.value).toEqual([]);
    expect((await graph(sim.url, 'GET', apps(user.email))).body.value[0]).not.toHaveProperty('teamsApp');

    const installationId = listed.body.value[0].id;
    const chat = await graph(
      sim.url,
      'GET',
      `${apps(user.email)}/${encodeURIComponent(installationId)}/chat`,
    );
    expect(chat.status).toBe(200);
    expect(chat.body).toMatchObject({
      id: expect.stringMatching(/^19:.+@unq\.gbl\.spaces$/),
      chatType: 'oneOnOne',
    });
    expect(await installAndChat(sim.url, user.objectId)).toBe(chat.body.id);
    expect(await installAndChat(sim.url, users[2].email)).not.toBe(chat.body.id);

    const missing = await graph(sim.url, 'GET', `${apps(user.email)}/bm9wZQ==/chat`);
    expect(missing.status).toBe(404);
  });

  it('refuses an install for an unknown user, a body without the app, and an unsupported filter', async () => {
    const unknown = await graph(sim.url, 'POST', apps('nobody@northwindtraders.com'), installBody());
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'Request_ResourceNotFound']);
    const noBind = await graph(sim.url, 'POST', apps(users[3].email), {});
    expect([noBind.status, noBind.body.error.code]).toEqual([400, 'BadRequest']);
    const badFilter = await graph(
      sim.url,
      'GET',
      `${apps(users[3].email)}?$filter=${encodeURIComponent('displayName eq 1')}`,
    );
    expect(badFilter.status).toBe(400);
    const badExpand = await graph(sim.url, 'GET', `${apps(users[3].email)}?$expand=owner`);
    expect(badExpand.status).toBe(400);
  });

  it('fails the installation for a user under failInstall (403 by default, any status given)', async () => {
    sim.faults.failInstall(users[4].email);
    const forbidden = await graph(sim.url, 'POST', apps(users[4].objectId), installBody());
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'Forbidden']);
    sim.faults.failInstall(users[5].email.toUpperCase(), 404);
    const notFound = await graph(sim.url, 'POST', apps(users[5].email), installBody());
    expect(notFound.status).toBe(404);
    expect((await graph(sim.url, 'GET', apps(users[4].email))).body.value).toEqual([]);
    sim.faults.reset();
    expect((await graph(sim.url, 'POST', apps(users[4].email), installBody())).status).toBe(201);
  });

  it('sends mail (202) and finds it in Sent Items by subject, body or header value', async () => {
    const to = users[6].email;
    const sent = await graph(
      sim.url,
      'POST',
      `/users/${SENDER}/sendMail`,
      mailBody(to, 'Your mailbox has moved', '<p>Restart Outlook. Reference: wave1:reset:a</p>', {
        'x-cutover-notice': 'notice-123',
      }),
    );
    expect([sent.status, sent.text]).toEqual([202, '']);
    await graph(sim.url, 'POST', `/users/${SENDER}/sendMail`, {
      ...mailBody(to, 'Not kept', '<p>draft</p>'),
      saveToSentItems: false,
    });

    const search = async (text: string) =>
      (
        await graph(
          sim.url,
          'GET',
          `/users/${SENDER}/mailFolders/sentitems/messages?$search=${encodeURIComponent(`"${text}"`)}`,
        )
      ).body.value as Json[];
    const [bySubject] = await search('mailbox has MOVED');
    expect(bySubject).toMatchObject({
      id: expect.any(String),
      subject: 'Your mailbox has moved',
      sentDateTime: expect.any(String),
      toRecipients: [{ emailAddress: { address: to } }],
      internetMessageHeaders: [{ name: 'x-cutover-notice', value: 'notice-123' }],
    });
    expect(await search('wave1:reset:a')).toHaveLength(1);
    expect(await search('notice-123')).toHaveLength(1);
    expect(await search('something else')).toEqual([]);
    expect(await search('draft')).toEqual([]); // not saved to Sent Items
    const selected = await graph(
      sim.url,
      'GET',
      `/users/${SENDER}/mailFolders/SentItems/messages?$select=id,subject`,
    );
    expect(Object.keys(selected.body.value[0]).sort()).toEqual(['id', 'subject']);

    const mails = sim.deliveries({ kind: 'mail' });
    expect(mails.map((m) => m.kind === 'mail' && [m.sender, m.to, m.subject, m.noticeId])).toEqual([
      [SENDER, [to], 'Your mailbox has moved', 'notice-123'],
      [SENDER, [to], 'Not kept', undefined],
    ]);
  });

  it('refuses mail from an unknown sender or a mailbox-less user, without recipients, or with a non-x- header', async () => {
    const body = mailBody(users[6].email, 'Hi', '<p>Hi</p>');
    const unknown = await graph(sim.url, 'POST', '/users/nobody@northwindtraders.com/sendMail', body);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'ErrorInvalidUser']);
    const mailUser = await graph(sim.url, 'POST', `/users/${users[6].email}/sendMail`, body);
    expect([mailUser.status, mailUser.body.error.code]).toEqual([404, 'MailboxNotEnabledForRESTAPI']);
    const noOne = await graph(sim.url, 'POST', `/users/${SENDER}/sendMail`, {
      message: { subject: 'x', body: { contentType: 'HTML', content: 'x' }, toRecipients: [] },
    });
    expect([noOne.status, noOne.body.error.code]).toEqual([400, 'ErrorInvalidRecipients']);
    const header = await graph(sim.url, 'POST', `/users/${SENDER}/sendMail`, {
      ...body,
      message: { ...body.message, internetMessageHeaders: [{ name: 'Notice', value: '1' }] },
    });
    expect([header.status, header.body.error.code]).toEqual([400, 'InvalidInternetMessageHeader']);
    const search = await graph(
      sim.url,
      'GET',
      '/users/nobody@northwindtraders.com/mailFolders/sentitems/messages',
    );
    expect(search.status).toBe(404);
  });

  it('lists what the connector delivered into a chat, newest first, as chat messages', async () => {
    const chatId = await installAndChat(sim.url, users[7].email);
    for (const n of [1, 2, 3]) {
      const posted = await postActivity(
        sim.url,
        chatId,
        noticeActivity(`wave1:reset:${n}`, `Notice ${n}`, NORTHWIND_ID),
      );
      expect(posted.status).toBe(201);
    }
    const page = await graph(sim.url, 'GET', `/chats/${encodeURIComponent(chatId)}/messages?$top=2`);
    expect(page.status).toBe(200);
    expect(page.body.value).toHaveLength(2);
    const [latest] = page.body.value;
    expect(latest).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      createdDateTime: expect.any(String),
      body: { content: expect.stringContaining('<attachment id=') },
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: expect.any(String) }],
    });
    expect(JSON.parse(latest.attachments[0].content).actions[0].data.noticeId).toBe('wave1:reset:3');
    const rest = await graph(sim.url, 'GET', page.body['@odata.nextLink']);
    expect(rest.body.value.map((m: Json) => JSON.parse(m.attachments[0].content).body[0].text)).toEqual([
      'Notice 1',
    ]);

    const unknown = await graph(
      sim.url,
      'GET',
      `/chats/${encodeURIComponent('19:nobody@unq.gbl.spaces')}/messages`,
    );
    expect(unknown.status).toBe(404);
    const tooMany = await graph(sim.url, 'GET', `/chats/${encodeURIComponent(chatId)}/messages?$top=51`);
    expect(tooMany.status).toBe(400);
  });

  it('puts the new routes behind the same bearer check, fault gate and call log', async () => {
    const user = users[8].email;
    const none = await graph(sim.url, 'GET', `/users/${user}`, undefined, null);
    expect(none.status).toBe(401);
    sim.faults.throttle(1, 2);
    const throttled = await graph(sim.url, 'POST', apps(user), installBody());
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '2']);
    expect((await graph(sim.url, 'GET', apps(user))).body.value).toEqual([]); // the throttled install did nothing

    sim.clearCalls();
    await graph(sim.url, 'POST', apps(user), installBody());
    await graph(sim.url, 'GET', apps(user));
    await graph(sim.url, 'GET', `/users/${user}`);
    await graph(sim.url, 'POST', `/users/${SENDER}/sendMail`, mailBody(user, 'x', 'y'));
    await graph(sim.url, 'GET', `/users/${SENDER}/mailFolders/sentitems/messages`);
    expect(sim.calls().map((c) => [c.cmdlet, c.status, c.tenant])).toEqual([
      ['POST installedApps', 201, 'northwindtraders.onmicrosoft.com'],
      ['GET installedApps', 200, 'northwindtraders.onmicrosoft.com'],
      ['GET user', 200, 'northwindtraders.onmicrosoft.com'],
      ['POST sendMail', 202, 'northwindtraders.onmicrosoft.com'],
      ['GET sentItems', 200, 'northwindtraders.onmicrosoft.com'],
    ]);
  });
});
