import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderInputError, staticTokenCredential } from '../../../../services/providers/exchange-online';
import {
  createGraphNotices,
  GraphAuthError,
  GraphError,
  GraphNotFoundError,
  GraphThrottledError,
  type GraphHttpOptions,
} from '../../../../services/providers/graph';
import { NORTHWIND_TENANT_ID, type SimulatorHandle, startSimulator } from '../../../../simulator';

const TOKEN = 'graph-notices-token';
const CATALOG_APP_ID = '8a3f5c2e-1b4d-4e6f-9a7b-2c4d6e8f0a1b';
const SENDER = 'it.helpdesk@northwindtraders.com';

interface ListedRecipient {
  email: string;
  recipientType: string;
  objectId: string;
}

describe('Graph notices against the simulator', () => {
  let sim: SimulatorHandle;
  let users: ListedRecipient[];
  let sleeps: number[] = [];
  const options = (extra: Partial<GraphHttpOptions> = {}): GraphHttpOptions => ({
    baseUrl: sim.url,
    credential: staticTokenCredential(TOKEN),
    sleep: async (ms) => void sleeps.push(ms),
    ...extra,
  });
  const user = (i: number) => users[i]!;

  /** What the bot does with the chat: posts a card through the Bot Connector. */
  async function post(chatId: string, noticeId: string) {
    const response = await fetch(`${sim.url}/v3/conversations/${encodeURIComponent(chatId)}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        conversation: { id: chatId, tenantId: NORTHWIND_TENANT_ID },
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: {
              type: 'AdaptiveCard',
              version: '1.5',
              body: [{ type: 'TextBlock', text: 'Reset Outlook' }],
              actions: [{ type: 'Action.Execute', verb: 'notice.ack', data: { noticeId, answer: 'done' } }],
            },
          },
        ],
      }),
    });
    expect(response.status).toBe(201);
  }

  beforeAll(async () => {
    sim = await startSimulator();
    const [northwind] = await (
      await fetch(`${sim.url}/_simulator/tenants?tenant=northwindtraders.com`)
    ).json();
    users = northwind.recipients.filter((r: ListedRecipient) => r.recipientType === 'MailUser');
  });
  afterEach(() => {
    sim.faults.reset();
    sleeps = [];
  });
  afterAll(() => sim.close());

  it('reads a user’s object id, and null for a user Graph does not know', async () => {
    const graph = createGraphNotices(options());
    expect(await graph.userId(user(0).email)).toBe(user(0).objectId);
    expect(await graph.userId('nobody@northwindtraders.com')).toBeNull();
    await expect(graph.userId('  ')).rejects.toBeInstanceOf(ProviderInputError);
  });

  it('installs the app and returns the chat; installing again (409) gives the same chat', async () => {
    const graph = createGraphNotices(options());
    const { chatId } = await graph.installAndGetChat(user(1).email, CATALOG_APP_ID);
    expect(chatId).toMatch(/^19:.+@unq\.gbl\.spaces$/);
    sim.clearCalls();
    expect(await graph.installAndGetChat(user(1).objectId, CATALOG_APP_ID)).toEqual({ chatId });
    expect(sim.calls().map((c) => [c.cmdlet, c.status])).toEqual([
      ['POST installedApps', 409],
      ['GET installedApps', 200],
      ['GET installedApps chat', 200],
    ]);
    expect(sim.calls()[1]?.parameters).toMatchObject({
      $expand: 'teamsApp',
      $filter: `teamsApp/id eq '${CATALOG_APP_ID}'`,
    });
  });

  it('keeps the status of a failed install: 403 and 404 are told apart, neither is retried', async () => {
    const graph = createGraphNotices(options());
    sim.faults.failInstall(user(2).email);
    const forbidden = await graph.installAndGetChat(user(2).email, CATALOG_APP_ID).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(GraphAuthError);
    expect(forbidden).toMatchObject({ status: 403, operation: 'POST /users/{id}/teamwork/installedApps' });
    sim.faults.failInstall(user(3).email, 404);
    const missing = await graph.installAndGetChat(user(3).email, CATALOG_APP_ID).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(GraphNotFoundError);
    expect(missing).toMatchObject({ status: 404 });
    const unknownUser = await graph
      .installAndGetChat('nobody@northwindtraders.com', CATALOG_APP_ID)
      .catch((e: unknown) => e);
    expect(unknownUser).toMatchObject({ status: 404, graphCode: 'Request_ResourceNotFound' });
    expect(sleeps).toEqual([]);
  });

  it('retries an install that was throttled, honouring Retry-After', async () => {
    sim.faults.throttle(1, 2);
    const { chatId } = await createGraphNotices(options()).installAndGetChat(user(4).email, CATALOG_APP_ID);
    expect(chatId).toContain(user(4).objectId);
    expect(sleeps).toEqual([2000]);
  });

  it('sends mail with headers, and finds it afterwards by a header value, the subject or the body', async () => {
    const graph = createGraphNotices(options());
    await graph.sendMail(SENDER, {
      to: user(5).email,
      subject: 'Your mailbox has moved',
      html: '<p>Restart Outlook.</p><p>Reference: wave9:reset:z</p>',
      headers: { 'x-cutover-notice': 'wave9:reset:z-header' },
    });
    const [mail] = sim.deliveries({ kind: 'mail' }).slice(-1);
    expect(mail).toMatchObject({
      kind: 'mail',
      sender: SENDER,
      to: [user(5).email],
      subject: 'Your mailbox has moved',
      contentType: 'HTML',
      headers: { 'x-cutover-notice': 'wave9:reset:z-header' },
      noticeId: 'wave9:reset:z-header',
    });
    expect(await graph.mailSent(SENDER, 'wave9:reset:z-header')).toBe(true);
    expect(await graph.mailSent(SENDER, 'wave9:reset:z')).toBe(true);
    expect(await graph.mailSent(SENDER, 'mailbox has moved')).toBe(true);
    expect(await graph.mailSent(SENDER, 'wave9:reset:other')).toBe(false);
    await expect(graph.mailSent(SENDER, 'say "hi"')).rejects.toBeInstanceOf(ProviderInputError);
  });

  it('retries sendMail only when throttled: a 503 may have sent it, so it is thrown', async () => {
    const graph = createGraphNotices(options());
    const mail = { to: user(6).email, subject: 'Once', html: '<p>once</p>' };
    sim.faults.throttle(1, 1);
    await graph.sendMail(SENDER, mail);
    expect(sleeps).toEqual([1000]);
    sim.faults.serverErrors(1, 503);
    const error = await graph.sendMail(SENDER, mail).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphThrottledError);
    expect(error).toMatchObject({ status: 503, operation: 'POST /users/{id}/sendMail' });
    expect(sleeps).toEqual([1000]);
    expect(
      sim.deliveries({ kind: 'mail' }).filter((d) => d.kind === 'mail' && d.subject === 'Once'),
    ).toHaveLength(1);
  });

  it('refuses mail from an unknown sender and a header Graph does not take', async () => {
    const graph = createGraphNotices(options());
    const mail = { to: user(7).email, subject: 'x', html: 'x' };
    const unknown = await graph.sendMail('nobody@northwindtraders.com', mail).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, graphCode: 'ErrorInvalidUser' });
    const header = await graph
      .sendMail(SENDER, { ...mail, headers: { Notice: '1' } })
      .catch((e: unknown) => e);
    expect(header).toBeInstanceOf(GraphError);
    expect(header).toMatchObject({ status: 400, graphCode: 'InvalidInternetMessageHeader' });
  });

  it('tells whether a chat holds a message with the text, in the card or the body', async () => {
    const graph = createGraphNotices(options());
    const { chatId } = await graph.installAndGetChat(user(8).email, CATALOG_APP_ID);
    expect(await graph.chatHas(chatId, 'wave9:reset:chat')).toBe(false);
    await post(chatId, 'wave9:reset:chat');
    expect(await graph.chatHas(chatId, 'wave9:reset:chat')).toBe(true);
    expect(await graph.chatHas(chatId, 'wave9:reset:other')).toBe(false);
    expect(await graph.chatHas('19:unknown@unq.gbl.spaces', 'wave9:reset:chat')).toBe(false);
    const call = sim.calls({ cmdlet: 'GET chatMessages' }).at(-2);
    expect(call?.parameters).toMatchObject({ $top: '50', chat: chatId });
  });
});
