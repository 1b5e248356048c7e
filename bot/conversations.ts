import { createHash } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import type { Repositories } from '../services/store/repositories';

/** A stable, store-safe key for a Teams conversation id. */
export function conversationKey(conversationId: string): string {
  return `c-${createHash('sha256').update(conversationId).digest('hex').slice(0, 32)}`;
}

/** Remembers where the bot can write later (only when the reference changed). */
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
  await repos.conversations.upsert({
    id: key,
    pk: key,
    type: 'conversation',
    reference,
    userId: personal ? userId : undefined,
    updatedAt: now.toISOString(),
  });
  return key;
}

export async function loadConversation(
  repos: Repositories,
  key: string,
): Promise<Partial<ConversationReference> | undefined> {
  const doc = await repos.conversations.read(key, key);
  return (doc?.reference as Partial<ConversationReference> | undefined) ?? undefined;
}
