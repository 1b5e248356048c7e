import { type Batch, type CardLocation, liveCards, MAX_LIVE_CARDS } from '../model/batch';
import type { ServiceContext } from '../context';
import { refuse, updateDocument } from '../store/update-document';

/** What recording a card changed: the older cards that no longer follow the batch. */
export interface AttachedCard {
  /** Cards replaced by this one (same conversation) or pushed out by the MAX_LIVE_CARDS bound. */
  superseded: CardLocation[];
  /** The batch as recorded with the card, when the card superseded others (for what they then say). */
  batch?: Batch;
}

/** The live cards once `card` is added: one per conversation, newest last, bounded. */
export function withCard(
  batch: Pick<Batch, 'card' | 'cards'>,
  card: CardLocation,
): { cards: CardLocation[]; superseded: CardLocation[] } {
  const current = liveCards(batch);
  const superseded = current.filter((c) => c.conversationKey === card.conversationKey);
  const kept = [...current.filter((c) => c.conversationKey !== card.conversationKey), card];
  const over = Math.max(0, kept.length - MAX_LIVE_CARDS);
  return { cards: kept.slice(over), superseded: [...superseded, ...kept.slice(0, over)] };
}

/**
 * Records a batch card the bot posted (or turned into a batch card), so that jobs update it in place.
 * A conversation keeps one live card: an older one there is returned as superseded, for the edge to
 * say so on it. The first card also names the batch's main conversation when none is known yet.
 * Recording a card that is already live changes nothing.
 */
export async function attachCard(
  ctx: ServiceContext,
  batchId: string,
  card: CardLocation,
): Promise<AttachedCard> {
  const tenantId = batchId.split('~', 1)[0]!;
  let superseded: CardLocation[] = [];
  const result = await updateDocument(ctx.repos.batches, { pk: tenantId, id: batchId }, (batch) => {
    if (liveCards(batch).some((c) => c.activityId === card.activityId)) return refuse('live');
    const next = withCard(batch, card);
    superseded = next.superseded;
    return { ...batch, card: firstCard(batch.card, card), cards: next.cards };
  });
  if (result.ok) return superseded.length > 0 ? { superseded, batch: result.doc } : { superseded };
  if (result.why === 'busy')
    ctx.log.warn({ batchId }, 'could not record the batch card: too many writes at once');
  return { superseded: [] };
}

/** The main conversation stays the creating one; its first card is recorded once. */
function firstCard(main: CardLocation | undefined, card: CardLocation): CardLocation | undefined {
  if (main?.activityId) return main;
  return !main || main.conversationKey === card.conversationKey ? card : main;
}
