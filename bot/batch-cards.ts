import { type CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { attachCard } from '../services';
import type { ServiceContext } from '../services/context';
import type { CardLocation } from '../services/model/batch';
import { loadConversation } from './conversations';
import { supersedeQueueOf } from './supersede-queue';

/**
 * Records a batch card the bot just posted (or turned into a batch card) so that it follows the batch,
 * and has the cards it supersedes turned into a short "superseded" card: in the current conversation and
 * elsewhere (the bound on live cards), after the turn has answered (bot/supersede-queue.ts). The card is
 * recorded before the turn answers, so a job that changes the batch from then on updates it too.
 */
export async function recordBatchCard(
  deps: { adapter: CloudAdapter; botAppId: string; ctx: ServiceContext; log: Logger },
  context: TurnContext,
  batchId: string,
  card: CardLocation,
): Promise<void> {
  const { superseded, batch } = await attachCard(deps.ctx, batchId, card);
  if (superseded.length === 0 || !batch) return;
  const data = { batchId, batchName: batch.name, version: batch.version };
  const queue = supersedeQueueOf(deps);
  const here = TurnContext.getConversationReference(context.activity);
  for (const old of superseded) {
    if (!old.activityId) continue;
    const key = old.conversationKey;
    const reference =
      key === card.conversationKey ? async () => here : () => loadConversation(deps.ctx.repos, key);
    queue.add(key, reference, [{ activityId: old.activityId, card: data }]);
  }
}
