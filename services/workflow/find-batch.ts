import type { Batch } from '../model/batch';
import type { ServiceContext } from '../context';
import type { Stored } from '../store/document-store';
import { findBatchesByName } from '../store/repositories';
import { type Result, failure } from '../model/result';

/** Looks a batch up by id (from a card) or by name (from a command), optionally within a tenant. */
export async function findBatch(
  ctx: ServiceContext,
  ref: { batchId?: string; name?: string; tenantId?: string },
): Promise<Result<{ batch: Stored<Batch> }>> {
  if (ref.batchId) {
    const tenantId = ref.batchId.split('~', 1)[0]!;
    const batch = await ctx.repos.batches.read(tenantId, ref.batchId);
    return batch ? { ok: true, batch } : failure('batch.gone', {});
  }
  const name = ref.name?.trim() ?? '';
  const found = await findBatchesByName(ctx.repos, name, ref.tenantId);
  if (found.length === 0) {
    return failure('batch.not_found', { name, tenantId: ref.tenantId });
  }
  if (found.length > 1) {
    return failure('batch.ambiguous', { name, tenantIds: found.map((b) => b.tenantId) });
  }
  return { ok: true, batch: found[0]! };
}
