export type { Channel, ChannelAttempt, Ready } from './channel';
export { createNoticeChannels, type NoticeChannelsDeps } from './choose-channel';
export type { BotConversation, ConversationSender, PersonalChat } from './conversation-sender';
export { ChannelUnavailable, deliveryFailure } from './delivery-failure';
