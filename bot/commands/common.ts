import { batchListCard, batchStatusCard } from '../../cards';
import type { Batch } from '../../services/model/batch';
import type { BotEvent } from '../event';
import type { Reply } from '../replies';
import { batchView } from '../views';
import type { Command } from './parse';
import type { CommandKey } from './specs';

export type CommandReply = Reply & {
  /** Record the sent card as this batch's card; the batch as the card shows it. */
  batchCard?: Batch;
};

/** A command's handler: it gets the command with its options typed after its spec. */
export type Handler<K extends CommandKey> = (command: Command<K>, ev: BotEvent) => Promise<CommandReply>;

/** Handlers for some of the commands, each typed over its own key. */
export type Handlers<K extends CommandKey> = { [P in K]: Handler<P> };

export function tenantName(ev: BotEvent, tenantId: string): string {
  return ev.tenants.tenants.find((t) => t.id === tenantId)?.displayName ?? tenantId;
}

/** The batch list card of a page of batches (as `batch list` and the portfolio's tenant buttons show it). */
export function batchListOf(
  ev: BotEvent,
  page: { batches: readonly Batch[]; continuation?: string },
): ReturnType<typeof batchListCard> {
  return batchListCard({
    batches: page.batches.map((b) => ({
      batchId: b.id,
      version: b.version,
      name: b.name,
      tenantName: tenantName(ev, b.tenantId),
      scenario: b.scenario,
      state: b.state,
      totalUsers: b.summary?.total ?? b.userCount,
      progressPercent: b.summary?.percent ?? 0,
    })),
    continuation: page.continuation,
  });
}

/** A reply with the batch's card; the sent card is recorded so that it follows the batch. */
export function batchCardReply(ev: BotEvent, batch: Batch, text?: string): CommandReply {
  return {
    text,
    card: batchStatusCard(batchView(batch, tenantName(ev, batch.tenantId))),
    batchCard: batch,
  };
}

/** The batch a command names: its <name> argument, in its --tenant when given. */
export function batchRef(command: { args: Record<string, string>; options: { tenant?: string } }) {
  return { name: command.args.name, tenantId: command.options.tenant };
}
