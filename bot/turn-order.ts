import type { Logger } from 'pino';

type Post = () => Promise<void>;

/**
 * Keeps a command's reply ahead of what it causes in the same conversation. While the bot answers a
 * message in a conversation, posts the notifier makes there (an approval card, a preflight summary)
 * wait and go out right after the reply, in order: "the approval card follows" comes first, then the
 * card. Only new posts wait; updates of existing cards do not.
 */
export class TurnOrder {
  private readonly held = new Map<string, Post[][]>();

  constructor(private readonly log: Logger) {}

  /** Runs `answer` (which sends the reply) as a turn in the conversation, then sends what was held. */
  async turn(key: string, answer: () => Promise<void>): Promise<void> {
    const queue: Post[] = [];
    const turns = this.held.get(key) ?? [];
    turns.push(queue);
    this.held.set(key, turns);
    try {
      await answer();
    } finally {
      turns.splice(turns.indexOf(queue), 1);
      if (turns.length === 0) this.held.delete(key);
      for (const post of queue) {
        try {
          await post();
        } catch (error) {
          this.log.warn({ err: error, conversationKey: key }, 'could not send a post held for a reply');
        }
      }
    }
  }

  /** Holds `post` until the turn answering in `key` has replied; false when no turn is answering there. */
  hold(key: string, post: Post): boolean {
    const turns = this.held.get(key);
    if (!turns?.length) return false;
    turns.at(-1)!.push(post);
    return true;
  }
}

const orders = new WeakMap<object, TurnOrder>();

/** The turn order of one bot: the adapter is what its app and its notifier share. */
export function turnOrderOf(adapter: object, log: Logger): TurnOrder {
  let order = orders.get(adapter);
  if (!order) {
    order = new TurnOrder(log);
    orders.set(adapter, order);
  }
  return order;
}
