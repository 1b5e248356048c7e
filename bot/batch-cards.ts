import { type CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { attachCard } from '../services';
import type { ServiceContext } from '../services/context';
import type { CardLocation } from '../services/model/batch';
import { loadConversation } from './conversations';
import { supersedeQueueOf } from './supersede-queue';

type CardDeps = { adapter: CloudAdapter; botAppId: string; ctx: ServiceContext; log: Logger };

/**
 * Records a batch card the bot just posted (or turned into a batch card) so that it follows the batch,
 * and has the cards it supersedes turned into a short "superseded" card: in the current conversation and
 * elsewhere (the bound on live cards), after the turn has answered (bot/supersede-queue.ts).
 */
export async function recordBatchCard(
  deps: CardDeps,
  context: TurnContext,
  batchId: string,
  card: CardLocation,
): Promise<void> {
  const here = TurnContext.getConversationReference(context.activity);
  const { superseded, batch } = await attachCard(deps.ctx, batchId, card);
  if (superseded.length === 0 || !batch) return;
  const data = { batchId, batchName: batch.name, version: batch.version };
  const queue = supersedeQueueOf(deps);
  for (const old of superseded) {
    if (!old.activityId) continue;
    const key = old.conversationKey;
    const reference =
      key === card.conversationKey ? async () => here : () => loadConversation(deps.ctx.repos, key);
    queue.add(key, reference, [{ activityId: old.activityId, card: data }]);
  }
}

/**
 * `recordBatchCard` for a card posted as a reply to a message: started at once (cards recorded for one
 * batch keep the order they were posted in), but the turn does not wait for it, so the channel's request
 * is answered as soon as the reply is out rather than after a store write. Shutdown waits for it with
 * the supersede queue; a failure is logged (the card then does not follow the batch, as when the store
 * fails during the turn).
 */
export function recordBatchCardAfterReply(
  deps: CardDeps,
  context: TurnContext,
  batchId: string,
  card: CardLocation,
): void {
  const recording = recordBatchCard(deps, context, batchId, card).catch((error: unknown) => {
    deps.log.warn({ err: error, batchId, activityId: card.activityId }, 'could not record the batch card');
  });
  supersedeQueueOf(deps).track(recording);
}
