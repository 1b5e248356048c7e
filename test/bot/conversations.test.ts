import type { ConversationReference } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversationKey,
  findPersonalChat,
  loadConversation,
  rememberConversation,
} from '../../bot/conversations';
import { repositories, type Repositories } from '../../services/store/repositories';
import { localBackend } from '../services/store/store-backends';

function reference(id: string, type: 'personal' | 'groupChat', user: string): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: 'https://smba.example.test/teams/',
    user: { id: `29:${user}`, name: user, aadObjectId: user },
    bot: { id: '28:cutover', name: 'Cutover' },
    conversation: { id, conversationType: type, isGroup: type !== 'personal', name: '' },
  };
}

describe("remembered conversations: a user's 1:1 chat is found with a point read", () => {
  const backend = localBackend();
  let repos: Repositories;
  beforeAll(async () => {
    repos = repositories(await backend.open());
  });
  afterAll(() => backend.stop());
  const now = new Date('2026-12-01T10:00:00Z');

  it("finds each user's own 1:1 chat, with the key of the conversation", async () => {
    const adele = reference('a:adele-chat', 'personal', 'adele-oid');
    const megan = reference('a:megan-chat', 'personal', 'megan-oid');
    expect(await rememberConversation(repos, adele, 'adele-oid', now)).toBe(conversationKey('a:adele-chat'));
    await rememberConversation(repos, megan, 'megan-oid', now);
    expect(await findPersonalChat(repos, 'adele-oid')).toEqual({
      key: conversationKey('a:adele-chat'),
      reference: adele,
    });
    expect((await findPersonalChat(repos, 'megan-oid'))?.reference.user?.id).toBe('29:megan-oid');
    expect(await loadConversation(repos, conversationKey('a:megan-chat'))).toEqual(megan);
  });

  it("does not take a group chat for anyone's 1:1 chat, and knows nothing of users never met", async () => {
    await rememberConversation(
      repos,
      reference('19:group@thread.v2', 'groupChat', 'alex-oid'),
      'alex-oid',
      now,
    );
    expect(await findPersonalChat(repos, 'alex-oid')).toBeUndefined();
    expect(await findPersonalChat(repos, 'nobody')).toBeUndefined();
  });

  it('follows the chat when the reference changes (a new service URL)', async () => {
    const moved = {
      ...reference('a:adele-chat', 'personal', 'adele-oid'),
      serviceUrl: 'https://smba.example.test/emea/',
    };
    await rememberConversation(repos, moved, 'adele-oid', now);
    expect((await findPersonalChat(repos, 'adele-oid'))?.reference.serviceUrl).toBe(
      'https://smba.example.test/emea/',
    );
  });
});
