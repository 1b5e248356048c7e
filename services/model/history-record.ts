import type { ServiceContext } from '../context';
import { upsertDocument } from '../store/update-document';
import type { Batch } from './batch';
import { appendSample, type BatchHistory, HISTORY_DOC_ID, sampleOf } from './history';

/**
 * Adds the batch's current progress to its history, after a sync that changed the batch. One read and
 * at most one write; a sample equal to the last one writes nothing. A failure here is logged and does
 * not fail the sync: the history is for the report, the batch document is the truth.
 */
export async function recordHistory(ctx: ServiceContext, batch: Batch, bytes?: number): Promise<void> {
  const summary = batch.summary;
  if (!summary) return;
  const now = ctx.now();
  try {
    await upsertDocument(ctx.repos.history, { pk: batch.id, id: HISTORY_DOC_ID }, (current) => {
      const sample = sampleOf(summary, now, bytes);
      const samples = appendSample(current?.samples ?? [], sample);
      if (current && samples.length === current.samples.length && samples.at(-1) === current.samples.at(-1))
        return current;
      const next: BatchHistory = {
        id: HISTORY_DOC_ID,
        pk: batch.id,
        type: 'history',
        tenantId: batch.tenantId,
        batchId: batch.id,
        samples,
        updatedAt: now.toISOString(),
      };
      return current ? { ...next, _etag: current._etag } : next;
    });
  } catch (error) {
    ctx.log.warn({ err: error, batchId: batch.id }, 'could not record the batch history');
  }
}

/** A batch's samples, oldest first (none before its first sync that changed something). */
export async function readHistory(ctx: ServiceContext, batchId: string) {
  const doc = await ctx.repos.history.read(batchId, HISTORY_DOC_ID);
  return doc?.samples ?? [];
}
