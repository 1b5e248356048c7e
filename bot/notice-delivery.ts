import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { cardAttachment, noticeCard } from '../cards';
import type { TenantConfig } from '../services/config/tenants';
import type { Notice } from '../services/model/notice';
import { DeliveryError, type DeliveryOutcome, type NoticeDelivery } from '../services/notices/delivery';
import { noticeMail } from '../services/notices/mail-body';
import type { GraphNotices } from '../services/providers/graph';
import type { Repositories } from '../services/store/repositories';
import { findPersonalChat, rememberConversation } from './conversations';
import { noticeCardView } from './notice-views';

/** Statuses the connector answers that are worth another attempt later (Teams' guidance). */
const RETRYABLE = new Set([412, 429, 502, 503, 504]);

interface Deps {
  adapter: CloudAdapter;
  botAppId: string;
  repos: Repositories;
  /** Graph for the tenant (user ids, app installation, mail); undefined when not configured. */
  graph: (tenantId: string) => GraphNotices | undefined;
  /** The Bot Framework service URL for new conversations in a tenant (the simulator's in local mode). */
  serviceUrl: (tenant: TenantConfig) => string;
  now: () => Date;
  log: Logger;
}

/** Waits for the rate limits right before a message leaves (see NoticeDelivery.send). */
type Ready = (conversationKey?: string) => Promise<void>;

/** Why a channel could not be used, to try the next one (not a failure of the notice). */
class ChannelUnavailable extends Error {}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; status?: number; httpStatus?: number };
  return e.statusCode ?? e.status ?? e.httpStatus;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } })
    .response?.headers;
  const value = headers?.get?.('retry-after');
  const seconds = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** A connector error as the worker understands it: retry later, or give up. */
function asDeliveryError(error: unknown, conversationKey?: string): DeliveryError {
  const status = statusOf(error);
  return new DeliveryError(`Teams answered ${status ?? 'with an error'}: ${(error as Error).message}`, {
    status,
    retryAfterMs: status === 429 ? (retryAfterMs(error) ?? 1000) : undefined,
    permanent: status !== undefined && !RETRYABLE.has(status) && status < 500,
    conversationKey,
  });
}

/**
 * Delivers notices to migrated users, in the tenant's channel order: the 1:1 chat the bot already has
 * with the user; else the app installed for the user through Graph and its chat; else mail through Graph.
 */
export function createNoticeDelivery(deps: Deps): NoticeDelivery {
  async function userIdOf(notice: Notice, graph: GraphNotices | undefined): Promise<string | undefined> {
    return notice.userId ?? (await graph?.userId(notice.email)) ?? undefined;
  }

  async function sendCard(
    reference: Partial<ConversationReference>,
    notice: Notice,
    key: string,
    ready: Ready,
  ) {
    const attachment = cardAttachment(noticeCard(noticeCardView(notice)));
    await ready(key);
    try {
      await deps.adapter.continueConversationAsync(
        deps.botAppId,
        reference as ConversationReference,
        async (context) => {
          await context.sendActivity({
            type: 'message',
            summary: notice.content.title,
            attachments: [attachment],
          });
        },
      );
    } catch (error) {
      throw asDeliveryError(error, key);
    }
  }

  async function viaKnownChat(
    notice: Notice,
    userId: string | undefined,
    ready: Ready,
  ): Promise<DeliveryOutcome> {
    if (!userId) throw new ChannelUnavailable('the user is unknown');
    const known = await findPersonalChat(deps.repos, userId);
    if (!known) throw new ChannelUnavailable('no chat with the user yet');
    await sendCard(known.reference, notice, known.key, ready);
    return { channel: 'teams', userId, conversationKey: known.key };
  }

  async function viaInstall(
    notice: Notice,
    tenant: TenantConfig,
    graph: GraphNotices | undefined,
    ready: Ready,
    userId?: string,
  ) {
    const catalogId = tenant.notices.teamsAppCatalogId;
    if (!graph || !catalogId || !userId) throw new ChannelUnavailable('installation is not configured');
    let chatId: string;
    try {
      ({ chatId } = await graph.installAndGetChat(notice.email, catalogId));
    } catch (error) {
      const status = statusOf(error);
      if (status === 429 || (status !== undefined && status >= 500)) throw asDeliveryError(error);
      throw new ChannelUnavailable(`the app could not be installed (${status ?? (error as Error).message})`);
    }
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: deps.serviceUrl(tenant),
      bot: { id: deps.botAppId || 'cutover', name: 'Cutover' },
      user: { id: userId, name: notice.email, aadObjectId: userId },
      conversation: {
        id: chatId,
        conversationType: 'personal',
        isGroup: false,
        name: '',
        tenantId: tenant.id,
      },
    };
    const key = await rememberConversation(deps.repos, reference, userId, deps.now());
    await sendCard(reference, notice, key, ready);
    return { channel: 'install' as const, userId, conversationKey: key };
  }

  async function viaMail(
    notice: Notice,
    tenant: TenantConfig,
    graph: GraphNotices | undefined,
    ready: Ready,
    userId?: string,
  ) {
    const sender = tenant.notices.mailSender;
    if (!graph || !sender) throw new ChannelUnavailable('no mail sender is configured');
    const mail = noticeMail(notice.content, { askToConfirm: notice.kind !== 'heads-up' });
    await ready();
    try {
      await graph.sendMail(sender, {
        to: notice.email,
        subject: mail.subject,
        html: `${mail.html}<p style="color:#888;font-size:11px">Reference: ${notice.id}</p>`,
        headers: { 'x-cutover-notice': notice.id },
      });
    } catch (error) {
      throw asDeliveryError(error);
    }
    return { channel: 'mail' as const, userId };
  }

  return {
    async send(notice, tenant, ready) {
      const graph = deps.graph(tenant.id);
      const userId = await userIdOf(notice, graph);
      const reasons: string[] = [];
      for (const channel of tenant.notices.channels) {
        try {
          if (channel === 'teams') return await viaKnownChat(notice, userId, ready);
          if (channel === 'install') return await viaInstall(notice, tenant, graph, ready, userId);
          return await viaMail(notice, tenant, graph, ready, userId);
        } catch (error) {
          if (!(error instanceof ChannelUnavailable)) throw error;
          reasons.push(`${channel}: ${error.message}`);
        }
      }
      throw new DeliveryError(`No channel reached ${notice.email} (${reasons.join('; ')}).`, {
        permanent: true,
      });
    },

    async wasDelivered(notice, tenant) {
      const graph = deps.graph(tenant.id);
      if (!graph) return false;
      const sender = tenant.notices.mailSender;
      if (sender && (await graph.mailSent(sender, notice.id))) return true;
      const catalogId = tenant.notices.teamsAppCatalogId;
      if (!catalogId) return false;
      try {
        const { chatId } = await graph.installAndGetChat(notice.email, catalogId);
        return await graph.chatHas(chatId, notice.id);
      } catch (error) {
        deps.log.warn({ err: error, noticeId: notice.id }, 'could not check whether a notice was delivered');
        return false;
      }
    },
  };
}
