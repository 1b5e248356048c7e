import type { Logger } from 'pino';
import type { GraphNotices } from '../../providers/graph';
import { DeliveryError, type NoticeDelivery } from '../delivery';
import type { Channel } from './channel';
import type { ConversationSender } from './conversation-sender';
import { ChannelUnavailable } from './delivery-failure';
import { viaInstall } from './install';
import { viaKnownChat } from './known-chat';
import { viaMail } from './mail';

const CHANNELS: Record<'teams' | 'install' | 'mail', Channel> = {
  teams: viaKnownChat,
  install: viaInstall,
  mail: viaMail,
};

export interface NoticeChannelsDeps {
  /** The bot's port: the conversations it knows, and posting a notice's card. */
  sender: ConversationSender;
  /** Graph for the tenant (user ids, app installation, mail); undefined when not configured. */
  graph: (tenantId: string) => GraphNotices | undefined;
  log: Logger;
}

/**
 * Delivers notices to migrated users, in the tenant's channel order: the 1:1 chat the bot already has
 * with the user; else the app installed for the user through Graph and its chat; else mail through Graph.
 */
export function createNoticeChannels(deps: NoticeChannelsDeps): NoticeDelivery {
  return {
    async send(notice, tenant, ready) {
      const graph = deps.graph(tenant.id);
      const userId = notice.userId ?? (await graph?.userId(notice.email)) ?? undefined;
      const attempt = { notice, tenant, graph, userId, sender: deps.sender, ready };
      const reasons: string[] = [];
      for (const channel of tenant.notices.channels) {
        try {
          return await CHANNELS[channel](attempt);
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
