import type { TeamsDeliveryRecord } from '../state/state-schema';
import { GraphError } from './graph-error';
import { graphPage, topOf } from './graph-paging';
import type { GraphRoute } from './graph-route';

const DEFAULT_TOP = 20;
const MAX_TOP = 50;

function attachmentObject(attachment: unknown, index: number, activityId: string) {
  const item = (typeof attachment === 'object' && attachment !== null ? attachment : {}) as Record<
    string,
    unknown
  >;
  const { content } = item;
  return {
    id: `${activityId}-${index}`,
    contentType: typeof item.contentType === 'string' ? item.contentType : null,
    contentUrl: typeof item.contentUrl === 'string' ? item.contentUrl : null,
    content:
      content === undefined || content === null
        ? null
        : typeof content === 'string'
          ? content
          : JSON.stringify(content),
    name: typeof item.name === 'string' ? item.name : null,
    thumbnailUrl: null,
  };
}

/** A delivered activity as Graph lists a chat message: the text as HTML, cards as attachments (JSON strings). */
function chatMessage(delivery: TeamsDeliveryRecord) {
  const attachments = delivery.attachments.map((a, i) => attachmentObject(a, i, delivery.activityId));
  const at = new Date(delivery.at).toISOString();
  return {
    id: delivery.activityId,
    replyToId: delivery.replyToId,
    messageType: 'message',
    createdDateTime: at,
    lastModifiedDateTime: at,
    chatId: delivery.conversationId,
    summary: delivery.summary,
    body: {
      contentType: 'html',
      content: [
        delivery.text ?? '',
        ...attachments.map((a) => `<attachment id="${a.id}"></attachment>`),
      ].join(''),
    },
    attachments,
  };
}

/**
 * GET /chats/{chatId}/messages[?$top=N]: what the Bot Connector delivered into that conversation,
 * newest first; $top 1–50 (default 20), @odata.nextLink while more remain.
 */
export const chatMessagesRoute: GraphRoute = {
  method: 'GET',
  pattern: /^\/chats\/([^/]+)\/messages\/?$/i,
  params: ['chat'],
  name: 'GET chatMessages',
  handle({ tenants, params, url, serviceRoot, messaging }) {
    const chatId = params[0] ?? '';
    const conversation = messaging.conversation(chatId);
    if (!conversation) throw new GraphError(404, 'NotFound', `Chat '${chatId}' was not found.`);
    const top = topOf(url, DEFAULT_TOP, MAX_TOP);
    const page = graphPage(messaging.activitiesIn(chatId).map(chatMessage), url, serviceRoot, top);
    return {
      tenant: tenants.find((t) => t.id === conversation.tenantId),
      body: { '@odata.context': `${serviceRoot}/$metadata#chats('${chatId}')/messages`, ...page },
    };
  },
};
