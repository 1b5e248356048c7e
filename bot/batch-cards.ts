import { type CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { attachCard } from '../services';
import type { ServiceContext } from '../services/context';
import type { Batch, CardLocation } from '../services/model/batch';
import { loadConversation } from './conversations';
import { supersedeQueueOf } from './supersede-queue';

type CardDeps = { adapter: CloudAdapter; botAppId: string; ctx: ServiceContext; log: Logger };

/**
 * Records a batch card the bot just posted (or turned into a batch card) so that it follows the batch,
 * and has the cards it supersedes turned into a short "superseded" card: in the current conversation and
 * elsewhere (the bound on live cards), after the turn has answered (bot/supersede-queue.ts). Given
 * the batch the card was drawn from (`shown`), a card recorded after the batch changed again is
 * brought up to date with the other live cards: that change's own update may have gone out before the
 * card was recorded.
 */
export async function recordBatchCard(
  deps: CardDeps,
  context: TurnContext,
  batchId: string,
  card: CardLocation,
  shown?: Batch,
): Promise<void> {
  const here = TurnContext.getConversationReference(context.activity);
  const { superseded, batch, behind } = await attachCard(deps.ctx, batchId, card, shown);
  if (behind && batch) await deps.ctx.events.batchChanged(batch);
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
  shown: Batch,
  card: CardLocation,
): void {
  const batchId = shown.id;
  const recording = recordBatchCard(deps, context, batchId, card, shown).catch((error: unknown) => {
    deps.log.warn({ err: error, batchId, activityId: card.activityId }, 'could not record the batch card');
  });
  supersedeQueueOf(deps).track(recording);
}
