import { ConflictError } from '../errors';
import type { CardLocation } from '../model/batch';
import type { ServiceContext } from '../context';

/** Records where a batch's card lives, so jobs can update it in place. */
export async function attachCard(ctx: ServiceContext, batchId: string, card: CardLocation): Promise<void> {
  const tenantId = batchId.split('~', 1)[0]!;
  for (let attempt = 0; attempt < 5; attempt++) {
    const batch = await ctx.repos.batches.read(tenantId, batchId);
    if (!batch) return;
    try {
      await ctx.repos.batches.replace({ ...batch, card });
      return;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  ctx.log.warn({ batchId }, 'could not record the batch card after 5 attempts');
}
