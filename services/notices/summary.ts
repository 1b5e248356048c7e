import type { ServiceContext } from '../context';
import { updateDocument } from '../store/update-document';
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
  const result = await updateDocument(ctx.repos.batches, { pk: tenantId, id: batchId }, (batch) =>
    JSON.stringify(batch.notices) === JSON.stringify(counts) ? batch : { ...batch, notices: { ...counts } },
  );
  if (result.ok && result.written) await ctx.events.batchChanged(result.doc);
}
