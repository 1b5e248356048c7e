import { createHash } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import type { Repositories } from '../services/store/repositories';

/** A stable, store-safe key for a Teams conversation id. */
export function conversationKey(conversationId: string): string {
  return `c-${createHash('sha256').update(conversationId).digest('hex').slice(0, 32)}`;
}

/** Where a user's 1:1 chat with the bot is also kept, so that finding it is a point read. */
export function personalChatKey(userId: string): string {
  return `u-${createHash('sha256').update(userId).digest('hex').slice(0, 32)}`;
}

/**
 * Remembers where the bot can write later (only when the reference changed). A 1:1 chat is also kept
 * under the user's key (`personalChatKey`) for `findPersonalChat`.
 */
export async function rememberConversation(
  repos: Repositories,
  reference: Partial<ConversationReference>,
  userId: string | undefined,
  now: Date,
): Promise<string> {
  // The activity id changes with every message; without it the reference is stable, so a turn in a
  // known conversation costs one read and no write.
  const { activityId: _activityId, ...stable } = reference;
  reference = stable;
  const key = conversationKey(reference.conversation!.id);
  const existing = await repos.conversations.read(key, key);
  const personal = reference.conversation?.conversationType === 'personal';
  if (existing?.reference && JSON.stringify(existing.reference) === JSON.stringify(reference)) return key;
  const doc = { type: 'conversation' as const, reference, updatedAt: now.toISOString() };
  await repos.conversations.upsert({ id: key, pk: key, ...doc, userId: personal ? userId : undefined });
  if (personal && userId) {
    const userKey = personalChatKey(userId);
    await repos.conversations.upsert({ id: userKey, pk: userKey, ...doc, userId });
  }
  return key;
}

/** The 1:1 chat the bot has with a user (by Entra object id): its conversation key and reference. */
export async function findPersonalChat(
  repos: Repositories,
  userId: string,
): Promise<{ key: string; reference: Partial<ConversationReference> } | undefined> {
  const key = personalChatKey(userId);
  const doc = await repos.conversations.read(key, key);
  const reference = doc?.reference as Partial<ConversationReference> | undefined;
  const id = reference?.conversation?.id;
  return id ? { key: conversationKey(id), reference } : undefined;
}

export async function loadConversation(
  repos: Repositories,
  key: string,
): Promise<Partial<ConversationReference> | undefined> {
  const doc = await repos.conversations.read(key, key);
  return (doc?.reference as Partial<ConversationReference> | undefined) ?? undefined;
}

/** Whether the bot already knows a conversation (it was installed there or someone wrote in it). */
export async function conversationKnown(repos: Repositories, conversationId: string): Promise<boolean> {
  const key = conversationKey(conversationId);
  return Boolean(await repos.conversations.read(key, key));
}
