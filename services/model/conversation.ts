/**
 * A conversation the bot can write to later. `reference` is opaque to the
 * services (the edge stores a Bot Framework conversation reference there).
 */
export interface ConversationDoc {
  id: string;
  pk: string;
  type: 'conversation';
  reference: unknown;
  /** Set for personal chats: the user's Entra object id. */
  userId?: string;
  updatedAt: string;
}
