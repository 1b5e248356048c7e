import type { ServiceContext } from '../context';
import { type Batch, TERMINAL_STATES } from '../model/batch';

const CHUNK = 100;

/** For each address: the name of another batch of the tenant, not finished, that holds it. */
export async function otherBatchesOf(
  ctx: ServiceContext,
  batch: Batch,
  emails: string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const names = new Map<string, string | null>();
  for (let i = 0; i < emails.length; i += CHUNK) {
    let continuation: string | undefined;
    do {
      const page = await ctx.repos.batchUsers.query({
        where: { tenantId: batch.tenantId, email: emails.slice(i, i + CHUNK) },
        pageSize: 1000,
        continuation,
      });
      for (const user of page.items) {
        if (user.batchId === batch.id || found.has(user.email)) continue;
        if (!names.has(user.batchId)) {
          const other = await ctx.repos.batches.read(batch.tenantId, user.batchId);
          names.set(user.batchId, other && !TERMINAL_STATES.includes(other.state) ? other.name : null);
        }
        const name = names.get(user.batchId);
        if (name) found.set(user.email, name);
      }
      continuation = page.continuation;
    } while (continuation);
  }
  return found;
}
