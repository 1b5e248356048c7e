import { GraphError } from '../../providers/graph';
import type { Channel } from './channel';
import { ChannelUnavailable, deliveryFailure } from './delivery-failure';

/**
 * Installs the app for the user through Graph (nothing happens when it is there already), then posts
 * in the 1:1 chat that makes. Throttling and 5xx are tried again later; any other refusal to install
 * leaves the notice to the next channel.
 */
export const viaInstall: Channel = async ({ notice, tenant, graph, userId, sender, ready }) => {
  const catalogId = tenant.notices.teamsAppCatalogId;
  if (!graph || !catalogId || !userId) throw new ChannelUnavailable('installation is not configured');
  let chatId: string;
  try {
    ({ chatId } = await graph.installAndGetChat(notice.email, catalogId));
  } catch (error) {
    const status = error instanceof GraphError ? error.status : undefined;
    if (status === 429 || (status !== undefined && status >= 500)) {
      throw deliveryFailure('Graph', status, (error as Error).message);
    }
    throw new ChannelUnavailable(`the app could not be installed (${status ?? (error as Error).message})`);
  }
  const chat = await sender.adoptPersonalChat(tenant, { chatId, userId, userName: notice.email });
  await ready(chat.key);
  await sender.send(chat, notice);
  return { channel: 'install', userId, conversationKey: chat.key };
};
