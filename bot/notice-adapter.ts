import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationReference,
} from 'botbuilder';
import type {
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  ServiceClientCredentialsFactory,
} from 'botframework-connector';
import { cardAttachment, noticeCard } from '../cards';
import { parseRetryAfter } from '../services/retry/retry-after';
import type { TenantConfig } from '../services/config/tenants';
import { type ConversationSender, deliveryFailure } from '../services/notices/channels';
import type { Repositories } from '../services/store/repositories';
import { findPersonalChat, rememberConversation } from './conversations';
import { noticeCardView } from './notice-views';

/** The name of the retry policy @azure/core-client puts in every client's pipeline. */
const BUILT_IN_RETRY_POLICY = 'defaultRetryPolicy';

interface PipelineLike {
  getOrderedPolicies(): { name: string }[];
  removePolicy(options: { name: string }): unknown;
}

/**
 * Takes the built-in retries out of a Bot Framework connector client. The client would otherwise wait
 * out a 429's Retry-After and send again on its own (and retry 5xx three times), outside Cutover's
 * rate limiter: a burst of 429s then comes back as a burst of sends that keeps the tenant over its
 * limit. Without them every answer reaches the notice worker, which holds back the whole tenant for a
 * 429 and backs off with jitter otherwise.
 */
export function withoutBuiltInRetries(connector: ConnectorClient): ConnectorClient {
  // The core-client ServiceClient is a private field of the connector's compatibility layer.
  const pipeline = (connector as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
  if (!pipeline?.getOrderedPolicies().some((policy) => policy.name === BUILT_IN_RETRY_POLICY)) {
    throw new Error('The Bot Framework connector client has no retry policy to take out; check its version.');
  }
  pipeline.removePolicy({ name: BUILT_IN_RETRY_POLICY });
  return connector;
}

/**
 * Bot Framework authentication whose connector clients leave retrying to the caller. A client is made
 * once per bot, service URL and audience and then reused (its credentials renew their own token), so
 * that sends keep their connections open instead of connecting anew each time.
 */
class NoRetryAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    const bot = claimsIdentity.claims.find((claim) => claim.type === 'aud' || claim.type === 'appid')?.value;
    return {
      create: (serviceUrl: string, audience?: string) => {
        const key = JSON.stringify([bot ?? '', serviceUrl, audience ?? '']);
        let client = this.clients.get(key);
        if (!client) {
          client = inner.create(serviceUrl, audience).then(withoutBuiltInRetries);
          // A failed creation (e.g. no token) is not kept: the next send tries again.
          client.catch(() => this.clients.delete(key));
          this.clients.set(key, client);
        }
        return client;
      },
    };
  }
}

/**
 * The adapter the notice worker sends with: the bot's own credentials, and connector clients that
 * report a 429 or a 5xx at once instead of retrying it (see `withoutBuiltInRetries`). Replies in
 * conversations keep the regular adapter and its retries.
 */
export function createNoticeAdapter(
  config: ConfigurationBotFrameworkAuthenticationOptions,
  credentials: ServiceClientCredentialsFactory,
): CloudAdapter {
  const auth: BotFrameworkAuthentication = new NoRetryAuthentication(config, credentials);
  return new CloudAdapter(auth);
}

export interface ConversationSenderDeps {
  /** The notice adapter (createNoticeAdapter): 429 and 5xx come back at once. */
  adapter: CloudAdapter;
  botAppId: string;
  repos: Repositories;
  /** The Bot Framework service URL for new conversations in a tenant (the simulator's in local mode). */
  serviceUrl: (tenant: TenantConfig) => string;
  now: () => Date;
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; status?: number; httpStatus?: number };
  return e.statusCode ?? e.status ?? e.httpStatus;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } })
    .response?.headers;
  return parseRetryAfter(headers?.get?.('retry-after'));
}

/**
 * The bot's side of notice delivery (services/notices/channels): the 1:1 chats it knows, remembering one
 * made by installing the app, and posting a notice's card with the notice adapter. What the connector
 * answers becomes the DeliveryError the notice worker retries or gives up on.
 */
export function createConversationSender(deps: ConversationSenderDeps): ConversationSender {
  return {
    personalChat: (userId) => findPersonalChat(deps.repos, userId),

    async adoptPersonalChat(tenant, chat) {
      const reference: Partial<ConversationReference> = {
        channelId: 'msteams',
        serviceUrl: deps.serviceUrl(tenant),
        bot: { id: deps.botAppId || 'cutover', name: 'Cutover' },
        user: { id: chat.userId, name: chat.userName, aadObjectId: chat.userId },
        conversation: {
          id: chat.chatId,
          conversationType: 'personal',
          isGroup: false,
          name: '',
          tenantId: tenant.id,
        },
      };
      const key = await rememberConversation(deps.repos, reference, chat.userId, deps.now());
      return { key, reference };
    },

    async send(conversation, notice) {
      const attachment = cardAttachment(noticeCard(noticeCardView(notice)));
      try {
        await deps.adapter.continueConversationAsync(
          deps.botAppId,
          conversation.reference as ConversationReference,
          async (context) => {
            await context.sendActivity({
              type: 'message',
              summary: notice.content.title,
              attachments: [attachment],
            });
          },
        );
      } catch (error) {
        throw deliveryFailure('Teams', statusOf(error), (error as Error).message, {
          retryAfterMs: retryAfterMs(error),
          conversationKey: conversation.key,
        });
      }
    },
  };
}
