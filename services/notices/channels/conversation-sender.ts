import type { TenantConfig } from '../../config/tenants';
import type { Notice } from '../../model/notice';

/**
 * A Teams conversation the bot can post into. `key` is its store-safe conversation key; `reference` is
 * the bot's own record of where the conversation is, opaque to services.
 */
export interface BotConversation {
  key: string;
  reference: unknown;
}

/** A 1:1 chat with a user found through Graph (installing the app creates it); the bot may not know it yet. */
export interface PersonalChat {
  chatId: string;
  /** The user's Entra object id. */
  userId: string;
  /** How the user is named in the conversation (their address). */
  userName: string;
}

/**
 * What the bot offers notice delivery: the conversations it knows, and sending a notice's card into
 * one. The channels (services/notices/channels) choose where a notice goes; the bot only posts.
 */
export interface ConversationSender {
  /** The 1:1 chat the bot already has with the user (by Entra object id), if any. */
  personalChat(userId: string): Promise<BotConversation | undefined>;
  /** Remembers a 1:1 chat found through Graph, so that answers and later notices find it. */
  adoptPersonalChat(tenant: TenantConfig, chat: PersonalChat): Promise<BotConversation>;
  /** Posts the notice's card into the conversation; a refusal is thrown as DeliveryError. */
  send(conversation: BotConversation, notice: Notice): Promise<void>;
}
