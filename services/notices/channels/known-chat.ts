import type { Channel, ChannelAttempt } from './channel';
import { ChannelUnavailable } from './delivery-failure';

/** The 1:1 chat the bot already has with the user. */
export const viaKnownChat: Channel = async ({ notice, userId, sender, ready }: ChannelAttempt) => {
  if (!userId) throw new ChannelUnavailable('the user is unknown');
  const chat = await sender.personalChat(userId);
  if (!chat) throw new ChannelUnavailable('no chat with the user yet');
  await ready(chat.key);
  await sender.send(chat, notice);
  return { channel: 'teams', userId, conversationKey: chat.key };
};
