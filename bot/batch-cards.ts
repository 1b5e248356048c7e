import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { cardAttachment } from '../cards';
import { supersededCard } from '../cards/superseded';
import { attachCard } from '../services';
import type { ServiceContext } from '../services/context';
import type { CardLocation } from '../services/model/batch';
import { loadConversation } from './conversations';

/**
 * Records a batch card the bot just posted (or turned into a batch card) so that it follows the batch,
 * and turns the cards it supersedes into a short "superseded" card: in the current conversation with
 * the turn's context, elsewhere (the bound on live cards) through the adapter.
 */
export async function recordBatchCard(
  deps: { adapter: CloudAdapter; botAppId: string; ctx: ServiceContext; log: Logger },
  context: TurnContext,
  batchId: string,
  card: CardLocation,
): Promise<void> {
  const { superseded } = await attachCard(deps.ctx, batchId, card);
  if (superseded.length === 0) return;
  const batch = await deps.ctx.repos.batches.read(batchId.split('~', 1)[0]!, batchId);
  if (!batch) return;
  const activity = (id: string) => ({
    id,
    type: 'message' as const,
    attachments: [cardAttachment(supersededCard({ batchId, batchName: batch.name, version: batch.version }))],
  });
  for (const old of superseded) {
    if (!old.activityId) continue;
    const id = old.activityId;
    try {
      if (old.conversationKey === card.conversationKey) {
        await context.updateActivity(activity(id));
        continue;
      }
      const reference = await loadConversation(deps.ctx.repos, old.conversationKey);
      if (!reference) continue;
      await deps.adapter.continueConversationAsync(
        deps.botAppId,
        reference as ConversationReference,
        async (other) => {
          await other.updateActivity(activity(id));
        },
      );
    } catch (error) {
      deps.log.warn({ err: error, batchId, activityId: id }, 'could not mark a batch card as superseded');
    }
  }
}
