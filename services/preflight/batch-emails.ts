import type { ServiceContext } from '../context';
import type { Batch } from '../model/batch';
import { readAll } from '../store/document-store';

/**
 * The users of a batch, lower-case and sorted: as the last create sent them to Exchange (a batch is
 * checked before its first status sync has stored its users), else as the status sync stored them.
 */
export async function batchEmails(
  ctx: Pick<ServiceContext, 'repos'>,
  batch: Pick<Batch, 'id'>,
): Promise<string[]> {
  const created = await ctx.repos.intents.query({
    pk: batch.id,
    where: { action: 'create', status: 'done' },
    orderBy: { field: 'requestedAt', direction: 'desc' },
    pageSize: 1,
  });
  const emails =
    created.items[0]?.create?.emails ??
    (await readAll(ctx.repos.batchUsers, { pk: batch.id })).map((u) => u.email);
  return [...new Set(emails.map((e) => e.toLowerCase()))].sort();
}
