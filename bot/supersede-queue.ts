import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { cardAttachment } from '../cards';
import { type SupersededCardData, supersededCard } from '../cards/superseded';

/** A superseded card waiting to say so, and what it will say. */
export interface SupersededCard {
  activityId: string;
  card: SupersededCardData;
}

/** Where the bot can write in a conversation, or how to find it (a store read) when not at hand. */
export type ReferenceOf = () => Promise<Partial<ConversationReference> | undefined>;

interface Waiting {
  reference: ReferenceOf;
  /** By activity id: a card superseded twice before its update went out is updated once. */
  cards: Map<string, SupersededCardData>;
}

/**
 * Turns superseded batch cards into the short "superseded" card after the turn that superseded them, so
 * that the turn's answer does not wait for another connector call. The cards of one conversation are
 * updated one call after another, in the order they were superseded; the cards superseded there while
 * an update is on its way go out together right after it, through one proactive turn, each once (with
 * the newest batch name and version given for it). A failed update is logged, as it was in the turn.
 */
export class SupersedeQueue {
  private readonly waiting = new Map<string, Waiting>();
  private readonly sending = new Map<string, Promise<void>>();
  /** Recordings of cards a turn posted, which may queue updates here once they are written. */
  private readonly recording = new Set<Promise<void>>();

  constructor(private readonly deps: { adapter: CloudAdapter; botAppId: string; log: Logger }) {}

  /** Queues the update of `cards` in the conversation `key`; it starts at once unless one is on its way there. */
  add(key: string, reference: ReferenceOf, cards: SupersededCard[]): void {
    if (cards.length === 0) return;
    const waiting = this.waiting.get(key) ?? { reference, cards: new Map() };
    waiting.reference = reference;
    for (const { activityId, card } of cards) {
      waiting.cards.delete(activityId);
      waiting.cards.set(activityId, card);
    }
    this.waiting.set(key, waiting);
    if (!this.sending.has(key)) this.sending.set(key, this.drain(key));
  }

  /** Keeps `work` (it must not reject) until it ends, for `settled`. */
  track(work: Promise<void>): void {
    const tracked = work.finally(() => this.recording.delete(tracked));
    this.recording.add(tracked);
  }

  /** Resolves once every tracked recording ended and every update queued went out (or failed and was logged). */
  async settled(): Promise<void> {
    while (this.recording.size > 0 || this.sending.size > 0)
      await Promise.all([...this.recording, ...this.sending.values()]);
  }

  private async drain(key: string): Promise<void> {
    // Started from the turn: the turn goes on to answer before the first update is sent.
    await Promise.resolve();
    try {
      for (let next = this.waiting.get(key); next; next = this.waiting.get(key)) {
        this.waiting.delete(key);
        await this.send(key, next);
      }
    } finally {
      this.sending.delete(key);
    }
  }

  private async send(key: string, waiting: Waiting): Promise<void> {
    const { adapter, botAppId, log } = this.deps;
    const ids = [...waiting.cards.keys()];
    try {
      const reference = await waiting.reference();
      if (!reference) {
        log.warn(
          { conversationKey: key, activityIds: ids },
          'no conversation reference; cannot mark cards as superseded',
        );
        return;
      }
      await adapter.continueConversationAsync(
        botAppId,
        reference as ConversationReference,
        async (context) => {
          for (const [id, card] of waiting.cards) {
            try {
              await context.updateActivity({
                id,
                type: 'message',
                attachments: [cardAttachment(supersededCard(card))],
              });
            } catch (error) {
              log.warn(
                { err: error, batchId: card.batchId, activityId: id },
                'could not mark a batch card as superseded',
              );
            }
          }
        },
      );
    } catch (error) {
      log.warn(
        { err: error, conversationKey: key, activityIds: ids },
        'could not mark batch cards as superseded',
      );
    }
  }
}

const queues = new WeakMap<object, SupersedeQueue>();

/** The supersede queue of one bot (per adapter, like its turn order). */
export function supersedeQueueOf(deps: {
  adapter: CloudAdapter;
  botAppId: string;
  log: Logger;
}): SupersedeQueue {
  let queue = queues.get(deps.adapter);
  if (!queue) {
    queue = new SupersedeQueue(deps);
    queues.set(deps.adapter, queue);
  }
  return queue;
}
