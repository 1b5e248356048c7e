import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { batchStatusCard, cardAttachment } from '../cards';
import type { BatchEvents, Milestone } from '../services/context';
import type { Batch } from '../services/model/batch';
import type { Repositories } from '../services/store/repositories';
import type { TenantsFile } from '../services/config/tenants';
import { loadConversation } from './conversations';
import { batchView } from './views';

const MILESTONE_TEXT: Record<Milestone, (batch: Batch, detail?: string) => string> = {
  synced: (b) =>
    `**${b.name}** is ${b.state === 'SyncedWithErrors' ? 'synced, with failures' : 'synced'} and ready for cutover (${b.summary?.total ?? b.userCount} users).`,
  completed: (b) =>
    `**${b.name}** is ${b.state === 'CompletedWithErrors' ? 'completed, with failures' : 'completed'}. Users now need a new Outlook profile.`,
  create_failed: (b, detail) => `Exchange refused to create **${b.name}**: ${detail ?? 'no reason given'}`,
  action_failed: (b, detail) =>
    `**${b.name}**: ${b.lastError?.action ?? 'the action'} failed: ${detail ?? 'no reason given'}`,
  removed: (b) => `**${b.name}** was removed from Exchange.`,
};

/**
 * Delivers service events to Teams: the batch card is updated in place
 * (updateActivity) and milestones are posted in the batch's conversation.
 */
export function createNotifier(deps: {
  adapter: CloudAdapter;
  botAppId: string;
  repos: Repositories;
  tenants: TenantsFile;
  log: Logger;
}): BatchEvents {
  async function withConversation(key: string, work: (context: TurnContext) => Promise<void>): Promise<void> {
    const reference = await loadConversation(deps.repos, key);
    if (!reference) {
      deps.log.warn({ conversationKey: key }, 'no conversation reference; cannot deliver');
      return;
    }
    await deps.adapter.continueConversationAsync(deps.botAppId, reference as ConversationReference, work);
  }

  return {
    async batchChanged(batch) {
      const card = batch.card;
      if (!card?.activityId) return;
      const tenantName =
        deps.tenants.tenants.find((t) => t.id === batch.tenantId)?.displayName ?? batch.tenantId;
      try {
        await withConversation(card.conversationKey, async (context) => {
          await context.updateActivity({
            id: card.activityId,
            type: 'message',
            attachments: [cardAttachment(batchStatusCard(batchView(batch, tenantName)))],
          });
        });
      } catch (error) {
        deps.log.warn({ err: error, batchId: batch.id }, 'could not update the batch card');
      }
    },
    async milestone(batch, milestone, detail) {
      if (!batch.card) return;
      try {
        await withConversation(batch.card.conversationKey, async (context) => {
          await context.sendActivity({
            type: 'message',
            text: MILESTONE_TEXT[milestone](batch, detail),
            textFormat: 'markdown',
          });
        });
      } catch (error) {
        deps.log.warn({ err: error, batchId: batch.id, milestone }, 'could not post the milestone');
      }
    },
  };
}
