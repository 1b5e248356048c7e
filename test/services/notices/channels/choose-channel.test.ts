import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseTenantsFile, type TenantConfig } from '../../../../services/config/tenants';
import type { Notice } from '../../../../services/model/notice';
import { DeliveryError } from '../../../../services/notices/delivery';
import {
  type BotConversation,
  type ConversationSender,
  createNoticeChannels,
  deliveryFailure,
  type PersonalChat,
} from '../../../../services/notices/channels';
import { staticTokenCredential } from '../../../../services/providers/exchange-online';
import { createGraphNotices, type GraphNotices } from '../../../../services/providers/graph';
import { type SimulatorHandle, startSimulator } from '../../../../simulator';
import { TEST_EXCHANGE } from '../../../support/service-context';

const CATALOG_APP_ID = '8a3f5c2e-1b4d-4e6f-9a7b-2c4d6e8f0a1b';
const SENDER = 'it.helpdesk@northwindtraders.com';

interface ListedRecipient {
  email: string;
  recipientType: string;
  objectId: string;
}

function tenantWith(channels: ('teams' | 'install' | 'mail')[], extra: Record<string, unknown> = {}) {
  return parseTenantsFile({
    tenants: [
      {
        id: 'northwind',
        displayName: 'Northwind',
        ...TEST_EXCHANGE,
        notices: { channels, mailSender: SENDER, teamsAppCatalogId: CATALOG_APP_ID, ...extra },
      },
    ],
  }).tenants[0]!;
}

function noticeFor(email: string, userId?: string): Notice {
  return {
    id: `northwind~wave-1:reset:${email}`,
    pk: 'northwind~wave-1',
    type: 'notice',
    tenantId: 'northwind',
    batchId: 'northwind~wave-1',
    batchName: 'Wave 1',
    scenario: 'cross-tenant',
    kind: 'reset',
    email,
    userId,
    content: {
      subject: 'Your mailbox has moved',
      title: 'Your mailbox has moved',
      intro: 'Restart Outlook.',
      steps: ['Close Outlook.', 'Open it again.'],
      closing: 'Thanks.',
      helpContact: 'the helpdesk',
    },
    status: 'sending',
    attempts: 0,
    createdAt: '2026-12-01T18:00:00Z',
    updatedAt: '2026-12-01T18:00:00Z',
  };
}

/** The bot's port, recording what it was asked: known chats by user id, adopted chats, sends. */
function recordingSender(known: Record<string, string> = {}, refuse?: (key: string) => DeliveryError) {
  const events: string[] = [];
  const adopted: PersonalChat[] = [];
  const sender: ConversationSender = {
    async personalChat(userId) {
      const key = known[userId];
      return key ? { key, reference: { userId } } : undefined;
    },
    async adoptPersonalChat(_tenant: TenantConfig, chat: PersonalChat): Promise<BotConversation> {
      adopted.push(chat);
      return { key: `c-${chat.chatId}`, reference: chat };
    },
    async send(conversation, notice) {
      const refusal = refuse?.(conversation.key);
      if (refusal) throw refusal;
      events.push(`send ${conversation.key} ${notice.id}`);
    },
  };
  const ready = async (key?: string) => void events.push(`ready ${key ?? '(mail)'}`);
  return { sender, events, adopted, ready };
}

describe('notice channels: known chat, install through Graph, mail, in the tenant’s order', () => {
  let sim: SimulatorHandle;
  let users: ListedRecipient[];
  let graph: GraphNotices;
  const log = pino({ level: 'silent' });
  const user = (i: number) => users[i]!;

  beforeAll(async () => {
    sim = await startSimulator();
    const [northwind] = await (
      await fetch(`${sim.url}/_simulator/tenants?tenant=northwindtraders.com`)
    ).json();
    users = northwind.recipients.filter((r: ListedRecipient) => r.recipientType === 'MailUser');
    graph = createGraphNotices({
      baseUrl: sim.url,
      credential: staticTokenCredential('local-simulator'),
      sleep: async () => {},
    });
  });
  afterEach(() => sim.faults.reset());
  afterAll(() => sim.close());

  it('posts in the chat the bot already has, the user id looked up through Graph', async () => {
    const { sender, events, ready } = recordingSender({ [user(0).objectId]: 'c-known' });
    const channels = createNoticeChannels({ sender, graph: () => graph, log });
    const notice = noticeFor(user(0).email);
    const outcome = await channels.send(notice, tenantWith(['teams', 'install', 'mail']), ready);
    expect(outcome).toEqual({ channel: 'teams', userId: user(0).objectId, conversationKey: 'c-known' });
    expect(events).toEqual(['ready c-known', `send c-known ${notice.id}`]);
  });

  it('installs the app when there is no chat yet, and hands the bot the chat it made', async () => {
    const { sender, events, adopted, ready } = recordingSender();
    const channels = createNoticeChannels({ sender, graph: () => graph, log });
    const notice = noticeFor(user(1).email, user(1).objectId);
    const outcome = await channels.send(notice, tenantWith(['teams', 'install']), ready);
    expect(adopted).toHaveLength(1);
    expect(adopted[0]).toMatchObject({ userId: user(1).objectId, userName: user(1).email });
    const key = `c-${adopted[0]!.chatId}`;
    expect(outcome).toEqual({ channel: 'install', userId: user(1).objectId, conversationKey: key });
    expect(events).toEqual([`ready ${key}`, `send ${key} ${notice.id}`]);
    expect(await channels.wasDelivered(notice, tenantWith(['install']))).toBe(false);
  });

  it('falls to mail when the install is refused, and finds the mail afterwards', async () => {
    sim.faults.failInstall(user(2).email);
    const { sender, events, adopted, ready } = recordingSender();
    const channels = createNoticeChannels({ sender, graph: () => graph, log });
    const notice = noticeFor(user(2).email, user(2).objectId);
    const outcome = await channels.send(notice, tenantWith(['teams', 'install', 'mail']), ready);
    expect(outcome).toEqual({ channel: 'mail', userId: user(2).objectId });
    expect(adopted).toEqual([]);
    expect(events).toEqual(['ready (mail)']);
    const mail = sim.deliveries({ kind: 'mail' }).at(-1);
    expect(mail).toMatchObject({ to: [user(2).email], headers: { 'x-cutover-notice': notice.id } });
    expect(await channels.wasDelivered(notice, tenantWith(['mail']))).toBe(true);
  });

  it('gives up for good, with every reason, when no channel can reach the user', async () => {
    const { sender, events, ready } = recordingSender();
    const channels = createNoticeChannels({ sender, graph: () => undefined, log });
    const error = await channels
      .send(noticeFor('someone@northwindtraders.com'), tenantWith(['teams', 'install', 'mail']), ready)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).message).toBe(
      'No channel reached someone@northwindtraders.com (teams: the user is unknown; install: installation is not configured; mail: no mail sender is configured).',
    );
    expect((error as DeliveryError).options).toEqual({ permanent: true });
    expect(events).toEqual([]);
  });

  it('reports a Graph failure of mail as Graph’s, to be tried again later', async () => {
    sim.faults.serverErrors(1, 503);
    const { sender, ready } = recordingSender();
    const channels = createNoticeChannels({ sender, graph: () => graph, log });
    const error = await channels
      .send(noticeFor(user(3).email, user(3).objectId), tenantWith(['mail']), ready)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).message).toMatch(
      /^Graph answered 503: POST \/users\/\{id\}\/sendMail failed/,
    );
    expect((error as DeliveryError).options).toMatchObject({ status: 503, permanent: false });
  });

  it('tries an install Graph keeps throttling again later, instead of passing to mail', async () => {
    sim.faults.throttle(10, 1);
    const { sender, events, adopted, ready } = recordingSender();
    const channels = createNoticeChannels({ sender, graph: () => graph, log });
    const error = await channels
      .send(noticeFor(user(5).email, user(5).objectId), tenantWith(['install', 'mail']), ready)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).message).toMatch(
      /^Graph answered 429: POST \/users\/\{id\}\/teamwork\/installedApps failed/,
    );
    expect((error as DeliveryError).options).toMatchObject({
      status: 429,
      retryAfterMs: 1000,
      permanent: false,
    });
    expect([events, adopted]).toEqual([[], []]);
    expect(
      sim.deliveries({ kind: 'mail' }).filter((d) => d.kind === 'mail' && d.to.includes(user(5).email)),
    ).toEqual([]);
  });

  it('passes on what Teams answered for the chat, with its conversation', async () => {
    const refuse = (key: string) => deliveryFailure('Teams', 403, 'blocked', { conversationKey: key });
    const { sender, ready } = recordingSender({ [user(4).objectId]: 'c-blocked' }, refuse);
    const channels = createNoticeChannels({ sender, graph: () => graph, log });
    const error = await channels
      .send(noticeFor(user(4).email, user(4).objectId), tenantWith(['teams', 'mail']), ready)
      .catch((e: unknown) => e);
    expect((error as DeliveryError).message).toBe('Teams answered 403: blocked');
    expect((error as DeliveryError).options).toEqual({
      status: 403,
      retryAfterMs: undefined,
      permanent: true,
      conversationKey: 'c-blocked',
    });
  });
});

describe('deliveryFailure', () => {
  it('retries throttling after its Retry-After (1 s without one), the retryable statuses and no answer', () => {
    expect(deliveryFailure('Teams', 429, 'slow down').options).toMatchObject({
      retryAfterMs: 1000,
      permanent: false,
    });
    expect(deliveryFailure('Teams', 429, 'x', { retryAfterMs: 5000 }).options.retryAfterMs).toBe(5000);
    for (const status of [412, 500, 502, 503, 504, undefined]) {
      expect(deliveryFailure('Graph', status, 'x').options.permanent).toBe(false);
    }
    for (const status of [400, 403, 404])
      expect(deliveryFailure('Teams', status, 'x').options.permanent).toBe(true);
  });
});
