import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { noticeCounts } from './outbox';

/**
 * Puts a batch's notice counts on the batch (for its card) and updates the card, when they changed.
 * Called after a send pass and after a user's answer; a concurrent write of the batch (a status sync)
 * is retried with the fresh document.
 */
export async function refreshNoticeSummary(ctx: ServiceContext, batchId: string): Promise<void> {
  const tenantId = batchId.split('~', 1)[0]!;
  // The batch card counts the "reset your profile" notices: one per migrated user.
  const counts = await noticeCounts(ctx, batchId, 'reset');
  for (let attempt = 0; attempt < 5; attempt++) {
    const batch = await ctx.repos.batches.read(tenantId, batchId);
    if (!batch) return;
    const now = { ...counts };
    if (JSON.stringify(batch.notices) === JSON.stringify(now)) return;
    try {
      const saved = await ctx.repos.batches.replace({ ...batch, notices: now });
      await ctx.events.batchChanged(saved);
      return;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
}
