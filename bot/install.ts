import type { Activity } from 'botbuilder';

export type InstallScope = 'personal' | 'team';

/**
 * Whether an activity tells the bot it was installed, and where: `installationUpdate` with action add
 * (or add-upgrade), or `conversationUpdate` with the bot itself among the members added. Teams sends
 * both for one install; the caller greets once per conversation.
 */
export function installOf(activity: Partial<Activity>): InstallScope | undefined {
  const added =
    (activity.type === 'installationUpdate' &&
      typeof activity.action === 'string' &&
      ['add', 'add-upgrade'].includes(activity.action.toLowerCase())) ||
    (activity.type === 'conversationUpdate' &&
      Array.isArray(activity.membersAdded) &&
      typeof activity.recipient?.id === 'string' &&
      activity.membersAdded.some((m) => m?.id === activity.recipient?.id));
  if (!added) return undefined;
  return activity.conversation?.conversationType === 'personal' ? 'personal' : 'team';
}
