import type { AdaptiveCard } from '../cards';
import { portfolioCard } from '../cards/portfolio';
import { listBatches } from '../services';
import { PORTFOLIO_FILTERS, type PortfolioFilter, portfolio } from '../services/workflow/portfolio';
import type { BotEvent } from './event';
import { failureReply, failureText } from './replies';
import { batchListOf } from './commands/common';

type Answer = { card: AdaptiveCard } | { error: { code: string; message: string } };

/** The portfolio card for a page and filter, or the reason there is none. */
async function portfolioAnswer(
  ev: BotEvent,
  options: { page?: number; filter?: PortfolioFilter },
): Promise<{ card: AdaptiveCard } | { failure: Parameters<typeof failureText>[0] }> {
  const result = await portfolio(ev.services.ctx, ev.actor, options);
  if (!result.ok) return { failure: result };
  return { card: portfolioCard({ ...result, filters: PORTFOLIO_FILTERS }) };
}

/** One tenant's batches (as `batch list --tenant <id>` shows them). */
async function tenantBatches(ev: BotEvent, tenantId: string): Promise<Answer> {
  const result = await listBatches(ev.services.ctx, ev.actor, { tenantId });
  if (!result.ok) return { error: { code: result.reason, message: failureText(result) } };
  return { card: batchListOf(ev, result) };
}

/** `portfolio [--state <filter>] [--page <n>]`. */
export async function portfolioCommand(
  ev: BotEvent,
  options: { state?: PortfolioFilter; page?: number },
  syntax: string,
) {
  const answer = await portfolioAnswer(ev, { page: options.page, filter: options.state });
  return 'card' in answer ? { card: answer.card } : failureReply(answer.failure, syntax);
}

/** The portfolio card's buttons: another page or filter, and a tenant's batches. */
export const PORTFOLIO_ACTIONS = {
  async page(data: { page: number; state?: string }, ev: BotEvent): Promise<Answer> {
    const filter = PORTFOLIO_FILTERS.find((f) => f === data.state);
    const answer = await portfolioAnswer(ev, { page: data.page, filter });
    if ('card' in answer) return answer;
    return { error: { code: answer.failure.reason ?? 'failed', message: failureText(answer.failure) } };
  },
  tenant: (data: { tenantId: string }, ev: BotEvent) => tenantBatches(ev, data.tenantId),
};
