import { type Batch, type CardLocation, liveCards, MAX_LIVE_CARDS } from '../model/batch';
import type { ServiceContext } from '../context';
import { refuse, updateDocument } from '../store/update-document';

/** What recording a card changed: the older cards that no longer follow the batch. */
export interface AttachedCard {
  /** Cards replaced by this one (same conversation) or pushed out by the MAX_LIVE_CARDS bound. */
  superseded: CardLocation[];
  /** The batch as recorded with the card, when the card superseded others or is behind it. */
  batch?: Batch;
  /**
   * The batch changed since the card was drawn from it (anything but its cards): the change's own
   * update of the live cards may have gone out before this card was one of them.
   */
  behind?: boolean;
}

/** Whether two readings of a batch differ in anything but its cards and the store's own fields. */
export function batchContentDiffers(a: Batch, b: Batch): boolean {
  const content = (batch: Batch) =>
    JSON.stringify(batch, (key, value) =>
      key === 'card' || key === 'cards' || key.startsWith('_') ? undefined : value,
    );
  return content(a) !== content(b);
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
 *
 * One write per batch is on its way at a time: the cards recorded for that batch meanwhile (several
 * people asking for its status at once) go together in the next write, in the order they came, each
 * answered with what it superseded. Without this, concurrent recordings of one batch's cards raced
 * on its ETag and most of them read and wrote the batch again.
 */
export function attachCard(
  ctx: ServiceContext,
  batchId: string,
  card: CardLocation,
  /** The batch as the card shows it (with its ETag when read from the store), to tell whether it is behind. */
  shown?: Batch & { _etag?: string },
): Promise<AttachedCard> {
  let groups = pending.get(ctx.repos.batches);
  if (!groups) {
    groups = new Map();
    pending.set(ctx.repos.batches, groups);
  }
  return new Promise<AttachedCard>((resolve, reject) => {
    const waiting = { card, shown, resolve, reject };
    const queue = groups.get(batchId);
    if (queue) {
      queue.push(waiting);
      return;
    }
    groups.set(batchId, [waiting]);
    void drain(ctx, batchId, groups);
  });
}

interface Waiting {
  card: CardLocation;
  shown: (Batch & { _etag?: string }) | undefined;
  resolve(answer: AttachedCard): void;
  reject(error: unknown): void;
}

/** The cards waiting to be recorded, by batch, per batches container (one store, one set of queues). */
const pending = new WeakMap<object, Map<string, Waiting[]>>();

async function drain(ctx: ServiceContext, batchId: string, groups: Map<string, Waiting[]>): Promise<void> {
  const queue = groups.get(batchId)!;
  // Cards recorded in the same tick go in the first write too.
  await Promise.resolve();
  while (queue.length > 0) {
    const taken = queue.splice(0);
    try {
      const answers = await recordCards(ctx, batchId, taken);
      for (const [i, w] of taken.entries()) w.resolve(answers[i]!);
    } catch (error) {
      for (const w of taken) w.reject(error);
    }
  }
  groups.delete(batchId);
}

/** One conditional write that records the cards in order; what each superseded, and whether it is behind. */
async function recordCards(ctx: ServiceContext, batchId: string, taken: Waiting[]): Promise<AttachedCard[]> {
  const tenantId = batchId.split('~', 1)[0]!;
  let superseded: CardLocation[][] = [];
  let behind: boolean[] = [];
  const result = await updateDocument(ctx.repos.batches, { pk: tenantId, id: batchId }, (batch) => {
    superseded = taken.map(() => []);
    // The same document (its ETag) means nothing changed; another ETag may be only other cards.
    behind = taken.map(
      ({ shown }) => shown !== undefined && shown._etag !== batch._etag && batchContentDiffers(shown, batch),
    );
    let next: Batch = batch;
    for (const [i, { card }] of taken.entries()) {
      if (liveCards(next).some((c) => c.activityId === card.activityId)) continue;
      const added = withCard(next, card);
      superseded[i] = added.superseded;
      next = { ...next, card: firstCard(next.card, card), cards: added.cards };
    }
    return next === batch ? refuse('live') : next;
  });
  if (result.ok) {
    return superseded.map((s, i) =>
      s.length > 0 || behind[i]
        ? { superseded: s, batch: result.doc, ...(behind[i] ? { behind: true } : {}) }
        : { superseded: s },
    );
  }
  if (result.why === 'busy')
    ctx.log.warn({ batchId }, 'could not record the batch card: too many writes at once');
  return taken.map(() => ({ superseded: [] }));
}

/** The main conversation stays the creating one; its first card is recorded once. */
function firstCard(main: CardLocation | undefined, card: CardLocation): CardLocation | undefined {
  if (main?.activityId) return main;
  return !main || main.conversationKey === card.conversationKey ? card : main;
}
